package dev.fleetroll.cli.inventory;

import dev.fleetroll.Durations;
import dev.fleetroll.InputException;
import dev.fleetroll.cli.DurationConverter;
import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.HostArguments;
import dev.fleetroll.cli.WorkflowLabels;
import dev.fleetroll.cli.server.TemporalConnection;
import dev.fleetroll.cli.server.TemporalOptions;
import dev.fleetroll.inventory.GatherRequest;
import dev.fleetroll.inventory.GatherResult;
import dev.fleetroll.inventory.InventoryGatherWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "schedule", mixinStandardHelpOptions = true,
    description = {"Create or update the Temporal Schedule 'fleetroll-inventory' that gathers the hosts' state:",
        "audits them over SSH, reads their Taskcluster workers and their Puppet branches' heads on GitHub, into the",
        "store of the worker that runs it. Overlapping runs are skipped. It shows on the Web UI's Schedules page.",
        "Examples:", "  fleetroll inventory schedule --hosts all.list --every 10m --tc-every 5m --gh-every 1h",
        "  fleetroll inventory schedule --show", "  fleetroll inventory schedule --off"})
public final class ScheduleCommand implements Callable<Integer> {

  static final Duration MINIMUM = Duration.ofSeconds(10);

  @Option(names = "--hosts", arity = "1..*", paramLabel = "HOST|LIST", description = "Host names or host-list files to gather.")
  List<String> hosts;

  @Option(names = "--every", defaultValue = "10m", converter = DurationConverter.class,
      description = "Audit the hosts this often (default: ${DEFAULT-VALUE}).")
  Duration every;

  @Option(names = "--tc-every", defaultValue = "5m", converter = DurationConverter.class,
      description = "Read their Taskcluster workers this often (default: ${DEFAULT-VALUE}).")
  Duration tcEvery;

  @Option(names = "--gh-every", defaultValue = "1h", converter = DurationConverter.class,
      description = "Read their Puppet branches' heads from GitHub this often (default: ${DEFAULT-VALUE}).")
  Duration ghEvery;

  @Option(names = "--batch-size", defaultValue = "" + GatherRequest.DEFAULT_BATCH_SIZE,
      description = "Hosts per activity (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--parallel-batches", defaultValue = "" + GatherRequest.DEFAULT_PARALLEL_BATCHES,
      description = "Batches running at once (default: ${DEFAULT-VALUE}).")
  int parallelBatches;

  @Option(names = "--off", description = "Delete the schedule (runs in progress finish).")
  boolean off;

  @Option(names = "--show", description = "Describe the schedule: intervals, hosts, recent and next runs.")
  boolean show;

  @Option(names = "--trigger", description = "Start a run now (skipped if one is running).")
  boolean trigger;

  @Option(names = "--wait", description = "With --hosts or --trigger: wait for the run it starts and print what it gathered.")
  boolean await;

  @Mixin TemporalOptions temporal;

  @Override
  public Integer call() {
    int modes = (off ? 1 : 0) + (show ? 1 : 0) + (trigger ? 1 : 0);
    if (modes > 1 || (modes == 1 && hosts != null)) {
      throw new InputException("give --hosts to create or update the schedule, or one of --show, --off, --trigger");
    }
    if (await && (off || show)) {
      throw new InputException("--wait goes with --hosts or --trigger");
    }
    if (modes == 0 && hosts == null) {
      throw new InputException("--hosts LIST is required to create or update the schedule (or --show, --off, --trigger)");
    }
    GatherRequest request = null;
    if (hosts != null) {
      for (Duration d : List.of(every, tcEvery, ghEvery)) {
        if (d.compareTo(MINIMUM) < 0) {
          throw new InputException("intervals must be at least " + MINIMUM.toSeconds() + "s (got " + Durations.humanize(d) + ")");
        }
      }
      if (batchSize < 1 || parallelBatches < 1) {
        throw new InputException("--batch-size and --parallel-batches must be at least 1");
      }
      request = new GatherRequest(HostArguments.parse(hosts), every, tcEvery, ghEvery, batchSize, parallelBatches);
    }
    PrintStream out = System.out;
    Instant began = Instant.now();
    try (TemporalConnection connection = temporal.connect()) {
      ScheduleClient schedules = ScheduleClient.newInstance(connection.stubs(), ScheduleClientOptions.newBuilder()
          .setNamespace(connection.endpoint().namespace()).setIdentity(TemporalConnection.identity()).build());
      ScheduleHandle handle = schedules.getHandle(InventoryGatherWorkflow.SCHEDULE_ID);
      String link = connection.endpoint().webUi().map(ui -> ui + "/namespaces/" + connection.endpoint().namespace()
          + "/schedules/" + InventoryGatherWorkflow.SCHEDULE_ID).orElse(null);
      if (request != null) {
        Schedule schedule = schedule(request, connection.endpoint().taskQueue());
        boolean exists = describe(handle) != null;
        if (exists) {
          handle.update(input -> new ScheduleUpdate(schedule));
        } else {
          schedules.createSchedule(InventoryGatherWorkflow.SCHEDULE_ID, schedule,
              ScheduleOptions.newBuilder().setTriggerImmediately(true).build());
        }
        out.printf("Schedule %s %s: %d hosts, audited every %s, Taskcluster every %s, GitHub every %s (fires every %s)%n",
            InventoryGatherWorkflow.SCHEDULE_ID, exists ? "updated" : "created (first run now)", request.hosts().size(),
            Durations.humanize(every), Durations.humanize(tcEvery), Durations.humanize(ghEvery),
            Durations.humanize(request.interval()));
        if (link != null) {
          out.println("Web UI: " + link);
        }
        return await && !exists ? awaitRun(connection, began, out) : ExitCode.OK;
      }
      if (off) {
        // Deleted without describing it first: a schedule the SDK cannot decode can still be removed.
        boolean deleted = absentIfNotFound(() -> {
          handle.delete();
          return true;
        }) != null;
        out.println(deleted ? "Schedule " + InventoryGatherWorkflow.SCHEDULE_ID + " deleted."
            : "No schedule " + InventoryGatherWorkflow.SCHEDULE_ID + ".");
        return ExitCode.OK;
      }
      ScheduleDescription d = describe(handle);
      if (d == null) {
        out.println("No schedule " + InventoryGatherWorkflow.SCHEDULE_ID + " (create it with --hosts LIST).");
        return ExitCode.FAILED;
      }
      if (trigger) {
        handle.trigger();
        out.println("Schedule " + InventoryGatherWorkflow.SCHEDULE_ID + " triggered (skipped if a run is in progress).");
        if (await) {
          return awaitRun(connection, began, out);
        }
      } else {
        print(out, d, link);
      }
      return ExitCode.OK;
    }
  }

  /** Waits (an hour at most) for the first run started since {@code began} to close; prints its result. */
  private static int awaitRun(TemporalConnection connection, Instant began, PrintStream out) {
    long deadline = System.nanoTime() + Duration.ofHours(1).toNanos();
    String query = "FleetrollKind = '" + InventoryGatherWorkflow.KIND + "' AND StartTime >= '" + began.minusSeconds(1) + "'";
    while (System.nanoTime() < deadline) {
      for (WorkflowExecutionMetadata m : connection.client().listExecutions(query).toList()) {
        if (m.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
          continue;
        }
        String id = m.getExecution().getWorkflowId();
        double seconds = Duration.between(m.getStartTime(), m.getCloseTime()).toMillis() / 1000.0;
        if (m.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
          out.printf("Run %s ended %s after %.1f s%n", id, m.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "")
              .toLowerCase(java.util.Locale.ROOT), seconds);
          return ExitCode.FAILED;
        }
        GatherResult result = connection.client().newUntypedWorkflowStub(id, java.util.Optional.of(m.getExecution().getRunId()),
            java.util.Optional.empty()).getResult(GatherResult.class);
        out.printf("Run %s finished in %.1f s%n", id, seconds);
        result.counts().forEach((source, counts) -> out.printf("  %-12s %s%n", source.label(),
            counts.toString().replaceAll("[{}]", "").replace("=", ": ")));
        result.errors().forEach(e -> out.println("  error: " + e));
        return result.errors().isEmpty() ? ExitCode.OK : ExitCode.FAILED;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ExitCode.FAILED;
      }
    }
    out.println("No run finished within an hour.");
    return ExitCode.FAILED;
  }

  static Schedule schedule(GatherRequest request, String taskQueue) {
    return Schedule.newBuilder()
        .setAction(ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType(InventoryGatherWorkflow.class)
            .setArguments(request)
            .setOptions(WorkflowLabels.inventoryGather(request, taskQueue))
            .build())
        .setSpec(ScheduleSpec.newBuilder().setIntervals(List.of(new ScheduleIntervalSpec(request.interval()))).build())
        .setPolicy(SchedulePolicy.newBuilder().setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP).build())
        .build();
  }

  /** The schedule, or null when there is none. */
  private static ScheduleDescription describe(ScheduleHandle handle) {
    return absentIfNotFound(handle::describe);
  }

  /** What {@code call} returns, or null when the schedule does not exist. */
  private static <T> T absentIfNotFound(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof io.grpc.StatusRuntimeException s && s.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
          return null;
        }
      }
      throw e;
    }
  }

  private static void print(PrintStream out, ScheduleDescription d, String link) {
    Schedule s = d.getSchedule();
    GatherRequest r = ((ScheduleActionStartWorkflow) s.getAction()).getArguments().get(0, GatherRequest.class);
    out.printf("Schedule  %s%s%n", InventoryGatherWorkflow.SCHEDULE_ID, s.getState().isPaused() ? " (paused)" : "");
    out.printf("Hosts     %d (%s%s)%n", r.hosts().size(), String.join(", ", r.hosts().subList(0, Math.min(3, r.hosts().size()))),
        r.hosts().size() > 3 ? ", ..." : "");
    out.printf("Every     %s: hosts every %s, Taskcluster every %s, GitHub every %s; batches of %d, %d at once; overlap: skip%n",
        Durations.humanize(r.interval()), Durations.humanize(r.every()), Durations.humanize(r.tcEvery()),
        Durations.humanize(r.ghEvery()), r.batchSize(), r.parallelBatches());
    Instant now = Instant.now();
    List<ScheduleActionResult> recent = d.getInfo().getRecentActions();
    if (recent.isEmpty()) {
      out.println("Recent    none yet");
    }
    String label = "Recent    ";
    for (ScheduleActionResult a : recent.subList(Math.max(0, recent.size() - 5), recent.size())) {
      String id = a.getAction() instanceof ScheduleActionExecutionStartWorkflow w ? w.getWorkflowId() : "?";
      out.printf("%s%s ago  %s%n", label, Durations.humanize(Duration.between(a.getStartedAt(), now)), id);
      label = "          ";
    }
    List<Instant> next = d.getInfo().getNextActionTimes();
    out.println("Next      " + (next.isEmpty() ? "none" : "in " + Durations.humanize(Duration.between(now, next.get(0)))));
    if (link != null) {
      out.println("Web UI    " + link);
    }
  }
}
