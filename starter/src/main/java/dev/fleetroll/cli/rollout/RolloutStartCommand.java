package dev.fleetroll.cli.rollout;

import dev.fleetroll.InputException;
import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.SshOptionsMixin;
import dev.fleetroll.cli.Style;
import dev.fleetroll.cli.WorkflowLabels;
import dev.fleetroll.cli.server.TemporalConnection;
import dev.fleetroll.cli.server.TemporalOptions;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.rollout.Exclusion;
import dev.fleetroll.rollout.RolloutIds;
import dev.fleetroll.rollout.RolloutInput;
import dev.fleetroll.rollout.RolloutSpec;
import dev.fleetroll.rollout.RolloutWorkflow;
import dev.fleetroll.rollout.plan.AdvanceMode;
import dev.fleetroll.rollout.plan.RolloutPolicy;
import dev.fleetroll.store.Actor;
import dev.fleetroll.store.ContentStore;
import dev.fleetroll.store.Store;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowStub;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "start", mixinStandardHelpOptions = true,
    description = {"Start a rollout: the same checks as 'plan', then (after you confirm) the rollout workflow.",
        "Refuses when a target already has an override (exclude it in the plan); hosts that are unreachable,",
        "without sudo, quarantined, unknown to Taskcluster or in another running rollout are left out, with the reason.",
        "Prints the rollout id and its Web UI page."})
public final class RolloutStartCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE", description = "The plan (YAML; specs/rollout-plan.md).")
  Path file;

  @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation (scripts).")
  boolean yes;

  @Option(names = "--watch", description = "Watch the rollout after starting it (as 'rollout watch').")
  boolean watch;

  @Option(names = "--auto-advance", hidden = true, description = "Advance between stages without waiting (demos).")
  boolean autoAdvance;

  @Mixin SshOptionsMixin ssh;

  @Mixin TemporalOptions temporal;

  @Override
  public Integer call() throws Exception {
    PlanFile.load(file);
    try (Store store = Store.open(FleetrollHome.fromEnvironment()); TemporalConnection connection = temporal.connect()) {
      RolloutClient rollouts = new RolloutClient(connection);
      PlanCheck check = PlanCheck.run(file, ssh, store, rollouts, true, "rollout start");
      Style style = Style.forStdout();
      String id = launch(check, connection, store, Actor.current(), autoAdvance, yes, style);
      if (id == null) {
        return ExitCode.FAILED;
      }
      if (watch) {
        return new Watch(rollouts, style, System.out).follow(id);
      }
      return ExitCode.OK;
    }
  }

  /**
   * Shows the checked plan, refuses what must not start, asks (unless {@code yes}), stores the override
   * and starts the workflow.
   *
   * @return the rollout id, or null when the operator said no
   */
  static String launch(PlanCheck check, TemporalConnection connection, Store store, String actor, boolean autoAdvance,
      boolean yes, Style style) throws java.io.IOException {
    DryRun dry = check.dryRun();
    System.out.print(new StatusView(style).plan(check, Instant.now()));
    if (!dry.blocked().isEmpty()) {
      throw new InputException(dry.blocked().size() + " target(s) already have an override: "
          + String.join(", ", dry.blocked().stream().map(Exclusion::host).toList())
          + "; exclude them in the plan (exclude:) or remove their overrides first. Nothing was started.");
    }
    if (dry.targets().isEmpty()) {
      throw new InputException("no target host is eligible (see the exclusions above). Nothing was started.");
    }
    WorkerReadinessCheck.require(connection, "rollout", check.plan().plan().name(),
        dry.targets().stream().map(t -> t.host()).toList(), Instant.now().plus(dry.total()));
    if (!yes && !confirm("\nStart rolling out " + check.overrideName() + " to " + dry.targets().size() + " hosts? [y/N] ")) {
      System.out.println("Nothing was started.");
      return null;
    }
    ContentStore.Entry stored = store.content().put(ContentStore.Kind.OVERRIDE, check.plan().override().bytes());
    RolloutPolicy policy = check.plan().plan().policy();
    if (autoAdvance) {
      policy = policy.withAdvance(AdvanceMode.AUTO);
    }
    String id = start(connection, check, policy, actor, Instant.now());
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("rollout", id);
    parameters.put("plan", check.plan().file().toAbsolutePath().toString());
    parameters.put("sha256", stored.sha256());
    store.auditLog().append(actor, "rollout.start", dry.targets().stream().map(t -> t.host()).toList(), parameters,
        Map.of("excluded", dry.excluded().size()));
    System.out.println("\nStarted rollout " + style.bold(id) + " (" + dry.targets().size() + " hosts, "
        + dry.stages().size() + " stages)");
    connection.endpoint().workflowUrl(id).ifPresent(url -> System.out.println("Web UI: " + url));
    System.out.println("Follow it: fleetroll rollout watch " + id);
    System.out.flush();
    return id;
  }

  private static String start(TemporalConnection connection, PlanCheck check, RolloutPolicy policy, String actor,
      Instant now) {
    DryRun dry = check.dryRun();
    List<Exclusion> excluded = new ArrayList<>(dry.excluded());
    String base = RolloutIds.rollout(check.plan().plan().name(), now);
    for (int n = 1; ; n++) {
      String id = n == 1 ? base : base + "-" + n;
      RolloutSpec spec = new RolloutSpec(id, check.plan().plan().name(), actor, check.sha(), check.overrideName(),
          dry.targets(), excluded, policy, dry.perHost().total(), RolloutSpec.DEFAULT_HISTORY_LIMIT,
          new String(check.plan().override().bytes(), StandardCharsets.UTF_8));
      RolloutWorkflow workflow = connection.client().newWorkflowStub(RolloutWorkflow.class,
          WorkflowLabels.rollout(spec, connection.endpoint().taskQueue()));
      try {
        WorkflowStub.fromTyped(workflow).start(RolloutInput.start(spec));
        return id;
      } catch (WorkflowExecutionAlreadyStarted e) {
        if (n > 20) {
          throw e;
        }
      }
    }
  }

  private static boolean confirm(String question) throws java.io.IOException {
    if (System.console() == null) {
      throw new InputException("refusing to start without confirmation: stdin is not a terminal; pass --yes");
    }
    System.out.print(question);
    System.out.flush();
    String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
  }
}
