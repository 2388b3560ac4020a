package dev.fleetroll.cli.rollout;

import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.server.TemporalConnection;
import dev.fleetroll.cli.server.TemporalOptions;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.store.AuditLog;
import dev.fleetroll.store.Store;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "history", mixinStandardHelpOptions = true,
    description = {"Every decision about a rollout: who, when, what, why, and the gate values at that moment.",
        "From the workflow (operator commands and the rollout's own gate verdicts and auto-advances; running or",
        "closed) and from this machine's audit log (the start, and each command sent from here)."})
public final class RolloutHistoryCommand implements Callable<Integer> {

  @Parameters(paramLabel = "ID", description = "The rollout id.")
  String id;

  @Option(names = "--json", description = "Print the history as JSON (for change review).")
  boolean json;

  @Mixin TemporalOptions temporal;

  @Override
  public Integer call() throws Exception {
    RolloutProgress p;
    try (TemporalConnection connection = temporal.connect()) {
      p = new RolloutClient(connection).progress(id);
    }
    List<AuditLog.Entry> audit;
    try (Store store = Store.open(FleetrollHome.fromEnvironment())) {
      audit = store.auditLog().ofRollout(id);
    }
    List<HistoryView.Entry> entries = HistoryView.merge(p.decisions(), audit);
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("rollout", id);
      out.put("status", p.status().code());
      out.put("entries", entries);
      System.out.println(JsonOutput.write(out));
    } else {
      System.out.print(HistoryView.table(id, p, entries));
    }
    return ExitCode.OK;
  }
}
