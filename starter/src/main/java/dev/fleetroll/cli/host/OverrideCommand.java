package dev.fleetroll.cli.host;

import dev.fleetroll.Sha;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.override.OverrideValidator;
import dev.fleetroll.store.ContentStore;
import dev.fleetroll.store.HumanHash;
import dev.fleetroll.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "override", mixinStandardHelpOptions = true, description = "Show, list and validate override files.")
public final class OverrideCommand {

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Print a stored override, named by a sha256 prefix (4+ hex digits) or its two-word name.")
  int show(@Parameters(paramLabel = "SHA|NAME") String reference) {
    try (Store store = Store.open(FleetrollHome.fromEnvironment())) {
      ContentStore.Entry e = store.content().resolve(ContentStore.Kind.OVERRIDE, reference);
      System.out.print(new String(store.content().read(e), StandardCharsets.UTF_8));
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List stored overrides, newest first.")
  int list() {
    try (Store store = Store.open(FleetrollHome.fromEnvironment())) {
      for (ContentStore.Entry e : store.content().list(ContentStore.Kind.OVERRIDE)) {
        String branch = dev.fleetroll.override.OverrideFile.parse("override", store.content().read(e)).branch();
        System.out.printf("%s  %-22s %6d B  %s  %s%n", e.shortSha(), e.humanHash(), e.size(),
            e.firstSeen().toString().substring(0, 19) + "Z", branch == null ? "" : branch);
      }
      return 0;
    }
  }

  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = "Check an override file as set-override would (shape, known keys, URL, branch, bash -n).")
  int validate(@Parameters(paramLabel = "FILE") Path file) {
    OverrideValidator.Validated v = OverrideValidator.readFile(file);
    String sha = Sha.sha256(v.bytes());
    System.out.println(file + ": valid override " + sha.substring(0, 12) + " " + HumanHash.of(sha)
        + (v.override().branch() != null ? " (branch " + v.override().branch() + ")" : ""));
    return 0;
  }
}
