package dev.fleetroll.cli.host;

import dev.fleetroll.InputException;
import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.server.TemporalConnection;
import dev.fleetroll.cli.server.TemporalOptions;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.host.HostAudit;
import dev.fleetroll.host.HostObservation;
import dev.fleetroll.override.OverrideFile;
import dev.fleetroll.rollout.RolloutIds;
import dev.fleetroll.taskcluster.TaskclusterClient;
import dev.fleetroll.taskcluster.TaskclusterCredentials;
import dev.fleetroll.taskcluster.TaskclusterException;
import dev.fleetroll.taskcluster.Worker;
import dev.fleetroll.taskcluster.WorkerAddress;
import dev.fleetroll.taskcluster.WorkerPools;
import dev.fleetroll.taskcluster.WorkerReader;
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Returns workers to service by ending their Taskcluster quarantine: the way back for a host a rollout
 * left quarantined (failed, or parked with its override unverified) once someone has looked at it. A host
 * a running rollout or finalize holds (its lease) is refused: that rollout decides about it. The dry run
 * shows what goes back into service: who quarantined it and why, the override on the host and Puppet's
 * last run.
 */
@Command(name = "release", mixinStandardHelpOptions = true,
    description = {"Return hosts' workers to service: end their Taskcluster quarantine, whoever set it.",
        "Refused for a host that a running rollout or finalize holds. Shows each worker's quarantine and the host's",
        "override and last Puppet run; without --confirm nothing is changed. Needs --reason (audited as host.release).",
        "Taskcluster credentials: TASKCLUSTER_ROOT_URL, TASKCLUSTER_CLIENT_ID, TASKCLUSTER_ACCESS_TOKEN."})
public final class ReleaseCommand extends ChangeCommand {

  @Mixin TemporalOptions temporal;

  @Option(names = "--tc-env", paramLabel = "FILE",
      description = "Read TASKCLUSTER_* settings from this KEY=VALUE file (the environment wins).")
  Path tcEnv;

  @Option(names = "--pools", paramLabel = "FILE",
      description = "Role to worker-pool mapping (default: $FLEETROLL_HOME/worker-pools.yaml if present, else the built-in table).")
  Path pools;

  /** A host whose worker is quarantined and may be released. */
  private record Release(String host, WorkerAddress worker, String quarantinedBy) {}

  @Override
  public Integer call() {
    List<String> hosts = hosts();
    if (reason == null || reason.isBlank()) {
      throw new InputException("a release needs a reason (--reason TEXT): it is recorded in the worker's quarantine"
          + " history and the audit log");
    }
    try (TemporalConnection connection = temporal.connect()) {
      List<String> held = heldByRunningRollouts(connection, hosts);
      if (!held.isEmpty()) {
        held.forEach(line -> System.err.println("fleetroll: release refused: " + line));
        System.err.println("fleetroll: nothing was changed (retry, roll back or exclude the host through its rollout)");
        return ExitCode.USAGE;
      }
    }
    TaskclusterClient taskcluster = new TaskclusterClient(
        TaskclusterCredentials.fromEnvironment(TcFetchCommand.environment(tcEnv)));
    WorkerReader workers = new WorkerReader(taskcluster, pools(), 0);
    try (Inventory inventory = Inventory.open(ssh, Duration.ofSeconds(60), "host release")) {
      Map<String, Outcome<HostAudit>> now = current(inventory, hosts);
      var stored = inventory.store().latestObservations(hosts);
      List<Release> releases = new ArrayList<>();
      boolean allOk = true;
      for (String host : hosts) {
        Outcome<HostAudit> read = now.get(host);
        HostObservation last = stored.get(host).latestOk();
        HostAudit audit = read.ok() ? read.value() : last != null ? last.audit() : null;
        String seen = read.ok() ? "" : " (unreachable now: " + read.failure().detail() + "; as audited at "
            + (last != null ? last.observedAt() : "never") + ")";
        if (audit == null) {
          out.println(style.bad("FAIL") + "       " + host + "  never audited and unreachable now ("
              + read.failure().detail() + "): its worker pool is unknown");
          allOk = false;
          continue;
        }
        String typeOverride = audit.overrideContent() == null ? null : OverrideFile.parse(host,
            audit.overrideContent().getBytes(StandardCharsets.UTF_8)).workerTypeOverride();
        WorkerAddress address = workers.address(host, audit.role(), typeOverride);
        if (address == null) {
          out.println(style.bad("FAIL") + "       " + host + "  role " + audit.role() + " maps to no worker pool");
          allOk = false;
          continue;
        }
        Worker worker;
        try {
          worker = taskcluster.workerWithHistory(address);
        } catch (TaskclusterException e) {
          out.println(style.bad("FAIL") + "       " + host + "  Taskcluster: " + e.getMessage());
          allOk = false;
          continue;
        }
        if (!worker.quarantined(Instant.now())) {
          out.println("NO_CHANGE  " + host + "  " + address + " is not quarantined");
          continue;
        }
        releases.add(new Release(host, address, worker.quarantineReason()));
        if (!confirm) {
          out.println("RELEASE    " + host + "  " + address + " quarantined by: " + worker.quarantineReason());
          out.println("           " + state(audit) + seen);
        }
      }
      if (!confirm) {
        dryRunFooter();
        return exitCode(allOk);
      }
      return release(inventory, taskcluster, releases, allOk);
    }
  }

  private int release(Inventory inventory, TaskclusterClient taskcluster, List<Release> releases, boolean allOk) {
    Map<String, Object> perHost = new LinkedHashMap<>();
    for (Release r : releases) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("worker", r.worker().toString());
      entry.put("quarantined_by", r.quarantinedBy());
      try {
        taskcluster.release(r.worker(), "fleetroll host release by " + inventory.actor() + ": " + reason);
        entry.put("outcome", "released");
        out.println(style.good("OK") + "         " + r.host() + "  " + r.worker() + " released");
      } catch (TaskclusterException e) {
        entry.put("outcome", "failed");
        entry.put("error", e.getMessage());
        out.println(style.bad("FAIL") + "       " + r.host() + "  Taskcluster: " + e.getMessage());
        allOk = false;
      }
      perHost.put(r.host(), entry);
    }
    if (!perHost.isEmpty()) {
      inventory.store().auditLog().append(inventory.actor(), "host.release", List.copyOf(perHost.keySet()),
          Map.of("reason", reason), perHost);
    }
    return exitCode(allOk);
  }

  /** The hosts whose lease a running rollout or finalize holds, each with who holds it. */
  private static List<String> heldByRunningRollouts(TemporalConnection connection, List<String> hosts) {
    List<String> held = new ArrayList<>();
    for (String host : hosts) {
      try {
        WorkflowExecutionDescription lease = connection.client().newUntypedWorkflowStub(RolloutIds.lease(host)).describe();
        if (lease.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
          held.add(host + " is held by " + lease.getTypedSearchAttributes().get(SearchAttributes.ROLLOUT_ID)
              + ", which is running");
        }
      } catch (WorkflowNotFoundException e) {
        // never leased
      }
    }
    return held;
  }

  /** What goes back into service: the override on the host and Puppet's last run. */
  private static String state(HostAudit audit) {
    String override = audit.override().present() ? "override " + audit.override().sha256().substring(0, 12) : "no override";
    var p = audit.puppet();
    String puppet = p.lastRun() == null ? "no Puppet run recorded" : "Puppet's last run " + p.lastRun() + " "
        + (Boolean.TRUE.equals(p.success()) ? "succeeded" : "FAILED")
        + (p.overrideSha() != null ? " with override " + p.overrideSha().substring(0, Math.min(12, p.overrideSha().length()))
        : " without an override");
    return override + "; " + puppet;
  }

  private WorkerPools pools() {
    return WorkerPools.of(FleetrollHome.fromEnvironment(), pools);
  }
}
