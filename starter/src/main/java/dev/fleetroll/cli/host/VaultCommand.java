package dev.fleetroll.cli.host;

import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.store.ContentStore;
import dev.fleetroll.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "vault", mixinStandardHelpOptions = true,
    description = "Stored vault files (pushed with host set-vault). Contents are shown only when asked for by sha or name.")
public final class VaultCommand {

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Print a stored vault, named by a sha256 prefix (4+ hex digits) or its two-word name.")
  int show(@Parameters(paramLabel = "SHA|NAME") String reference) {
    try (Store store = Store.open(FleetrollHome.fromEnvironment())) {
      ContentStore.Entry e = store.content().resolve(ContentStore.Kind.VAULT, reference);
      System.out.write(store.content().read(e), 0, (int) e.size());
      System.out.flush();
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List stored vaults (names only), newest first.")
  int list() {
    try (Store store = Store.open(FleetrollHome.fromEnvironment())) {
      for (ContentStore.Entry e : store.content().list(ContentStore.Kind.VAULT)) {
        System.out.printf("%s  %-22s %6d B  %s%n", e.shortSha(), e.humanHash(), e.size(), e.firstSeen().toString().substring(0, 19) + "Z");
      }
      return 0;
    }
  }
}
