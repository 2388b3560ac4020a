package dev.fleetroll.cli.namespace;

import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.server.TemporalConnection;
import dev.fleetroll.cli.server.TemporalOptions;
import dev.fleetroll.server.NamespaceSetup;
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.common.SearchAttributeKey;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "setup",
    mixinStandardHelpOptions = true,
    description = {
      "Register Fleetroll's search attributes on an existing namespace; print what it added and what was there.",
      "Safe to run again: a second run adds nothing. The namespace itself is the server's to create",
      "(temporal operator namespace create)."
    })
public final class NamespaceSetupCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin TemporalOptions temporal;

  @Option(names = "--namespace", paramLabel = "NAMESPACE",
      description = "Default: FLEETROLL_TEMPORAL_NAMESPACE, else TEMPORAL_NAMESPACE (or the Temporal profile's), else default.")
  String namespace;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (TemporalConnection connection = temporal.connect()) {
      String target = namespace != null && !namespace.isBlank() ? namespace.strip() : connection.endpoint().namespace();
      NamespaceSetup.Result result = NamespaceSetup.run(connection.stubs(), target);
      out.printf("Namespace '%s' at %s: %d search attribute(s) added, %d already there%n", result.namespace(),
          connection.endpoint().address(), result.added().size(), result.present().size());
      result.added().forEach(key -> line(out, "added", key));
      result.present().forEach(key -> line(out, "was there", key));
      out.flush();
      return ExitCode.OK;
    }
  }

  private static void line(PrintWriter out, String what, SearchAttributeKey<?> key) {
    out.printf("  %-10s %-24s %s%n", what, key.getName(), SearchAttributes.typeName(key.getValueType()));
  }
}
