package dev.fleetroll.rollout;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.fleetroll.rollout.gate.GateReport;
import dev.fleetroll.rollout.plan.HostTarget;
import dev.fleetroll.rollout.plan.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Everything a rollout knows, and all it carries across continue-as-new: the workflow works on this object
 * and hands it, as it is, to the next run. Continue-as-new happens only at a safe point: between stages or
 * while waiting at the end of one, with no host in flight and no handler running.
 *
 * <p>Its JSON is that of the record it was before issue 14 (the same properties; {@code waiting} stands for
 * the phase): a state written by an older build reads here, and properties added after the first release
 * are null in older states.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE, creatorVisibility = Visibility.NONE)
@JsonPropertyOrder({"status", "stageIndex", "stages", "hosts", "decisions", "aborting", "queueCounter", "startedAt", "runs",
    "pausedBy", "gates", "waitingSince", "passingSince", "stageStartedAt", "waiting", "acceptedFailures", "acceptedGates",
    "teamFreezes", "forcedStage"})
public final class RolloutState {

  /** Where the runbook is: it resumes here after continue-as-new. */
  public enum Phase {
    /** Leasing the targets and cutting the stages. */
    STARTING,
    /** Running the current stage's hosts. */
    RUNNING_STAGE,
    /** The stage has ended: judging its gates, deciding whether to wait. */
    JUDGING,
    /** Waiting at the end of the stage for assessment (or soaking, or paused on a gate). */
    WAITING,
    /** Advanced (by an operator or by itself): the next stage starts, or after the last one the rollout ends. */
    ADVANCING,
    /** Done with the stages: releasing, rolling back, ending. */
    FINISHING
  }

  RolloutStatus status = RolloutStatus.STARTING;
  int stageIndex;
  List<Stage> stages = List.of();
  @JsonIgnore
  final Map<String, HostRecord> hosts = new LinkedHashMap<>();
  final List<Decision> decisions = new ArrayList<>();
  boolean aborting;
  long queueCounter;
  Instant startedAt;
  /** Runs of the workflow so far: 1 in the first, one more after each continue-as-new. */
  int runs;
  /** Who paused the rollout, null unless paused. */
  String pausedBy;
  /** The latest gate report. */
  @JsonProperty("gates")
  GateReport gateReport;
  Instant waitingSince;
  /** Since when the gates have held (the auto-advance soak), null when they fail. */
  Instant passingSince;
  /** When the current stage's first host started (the gates' window starts no earlier). */
  Instant stageStartedAt;
  /** Serialised as {@code waiting}: a state read back resumes running its stage, or waiting at its end. */
  @JsonIgnore
  Phase phase = Phase.RUNNING_STAGE;
  /** Failed hosts of the stage an operator resumed past; only more of them pause it again (null in older states: 0). */
  int acceptedFailures;
  /** Gates an operator accepted for the stage by resuming or forcing the advance into it (null in older states: none). */
  TreeSet<String> acceptedGates = new TreeSet<>();
  /** The team's freezes as last heard (null in older states and before the first read; left out of the JSON then). */
  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  dev.fleetroll.rollout.freeze.TeamFreezes teamFreezes;
  /** The stage an operator forced to start despite the windows and freezes (null: none). */
  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  Integer forcedStage;

  RolloutState() {} // for Jackson

  /** A new rollout: every target pending, the clock started. */
  RolloutState(List<HostTarget> targets, Instant now) {
    phase = Phase.STARTING;
    startedAt = now;
    for (HostTarget target : targets) {
      hosts.put(target.host(), new HostRecord(target, -1, HostStatus.PENDING, 0, null, 0, null, null));
    }
  }

  @JsonProperty("hosts")
  private List<HostRecord> hostList() {
    return List.copyOf(hosts.values());
  }

  @JsonProperty("hosts")
  private void hostList(List<HostRecord> records) {
    records.forEach(h -> hosts.put(h.host(), h));
  }

  /** A state taken while waiting goes back to waiting, its stage long done; older states say null: between stages. */
  @JsonProperty("waiting")
  private Boolean waiting() {
    return phase == Phase.WAITING;
  }

  @JsonProperty("waiting")
  private void waiting(Boolean waiting) {
    phase = Boolean.TRUE.equals(waiting) ? Phase.WAITING : Phase.RUNNING_STAGE;
  }

  @JsonProperty("acceptedGates")
  private void acceptedGates(List<String> gates) {
    acceptedGates = gates == null ? new TreeSet<>() : new TreeSet<>(gates);
  }

  // ---- what the state says ----------------------------------------------------------------------

  public List<HostRecord> hostRecords() {
    return List.copyOf(hosts.values());
  }

  public String stageName() {
    return stages.isEmpty() ? "" : stages.get(Math.min(stageIndex, stages.size() - 1)).name();
  }

  boolean lastStage() {
    return stageIndex == stages.size() - 1;
  }

  /** Hosts in the rollout (the excluded ones are not). */
  int total() {
    return (int) hosts.values().stream().filter(h -> h.status() != HostStatus.EXCLUDED).count();
  }

  int count(HostStatus s) {
    return (int) hosts.values().stream().filter(h -> h.status() == s).count();
  }

  /**
   * Tasks from before this point say nothing about the stage: its first host's start, or, when no host
   * of the stage started (all skipped or excluded), the rollout's own start.
   */
  Instant windowFloor() {
    return stageStartedAt != null ? stageStartedAt : startedAt;
  }

  /** Records a decision, taken in the current stage with the latest gate report. */
  void decide(String kind, String actor, String reason, Map<String, String> parameters, Instant at) {
    decisions.add(new Decision(kind, actor, at, reason, stageName(), parameters, gateReport));
  }

  /** The last abort decision (a placeholder when none is recorded). */
  Decision lastAbort() {
    for (int i = decisions.size() - 1; i >= 0; i--) {
      if (decisions.get(i).kind().equals("abort")) {
        return decisions.get(i);
      }
    }
    return new Decision("abort", "unknown", null, null, null);
  }

  /** The mode of the abort under way (safe-stop for aborts recorded before modes existed). */
  AbortMode abortMode() {
    Map<String, String> parameters = lastAbort().parameters();
    String mode = parameters == null ? null : parameters.get("mode");
    return mode == null ? AbortMode.SAFE_STOP : AbortMode.of(mode);
  }

  /** A failed host an operator retried after its stage ended (pending again, after a pass): the stage runs again for it. */
  boolean hasRetriedHost() {
    return hosts.values().stream().anyMatch(r -> r.stage() >= 0 && r.stage() <= stageIndex
        && r.status() == HostStatus.PENDING && r.passes() > 0);
  }

  /**
   * The current stage's next host: pending ones in stage order, then hosts of earlier stages an operator
   * retried, then those moved to the end, first moved first; null when none is left (or the rollout aborts).
   */
  HostRecord nextHost() {
    return nextHost(r -> false);
  }

  /** {@link #nextHost()} among the hosts that do not {@code wait} (held back by their pool's capacity). */
  HostRecord nextHost(Predicate<HostRecord> waits) {
    int index = stageIndex;
    if (aborting || index >= stages.size()) {
      return null;
    }
    for (String host : stages.get(index).hosts()) {
      if (hosts.get(host).status() == HostStatus.PENDING && !waits.test(hosts.get(host))) {
        return hosts.get(host);
      }
    }
    for (HostRecord r : hosts.values()) {
      if (r.stage() >= 0 && r.stage() < index && r.status() == HostStatus.PENDING && !waits.test(r)) {
        return r;
      }
    }
    return hosts.values().stream().filter(h -> h.stage() == index && h.status() == HostStatus.MOVED_TO_END
            && !waits.test(h)).min(Comparator.comparingLong(HostRecord::queuedAt)).orElse(null);
  }

  /** Puts each host of {@code placed} in its stage. */
  void placeInStages(List<Stage> placed) {
    for (Stage stage : placed) {
      for (String host : stage.hosts()) {
        hosts.put(host, hosts.get(host).inStage(stage.index()));
      }
    }
  }
}
