package dev.fleetroll.rollout.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts the target hosts into stages. Pure and deterministic: the CLI's dry run and the rollout
 * workflow call it with the same hosts and get the same stages.
 *
 * <p>The canary is stratified: it takes hosts round-robin from each kind of host (platform and
 * role, in the order the kinds first appear), so a canary of two in a fleet of Linux and Mac hosts
 * tries the change on one of each. The batches then take the remaining hosts in plan order.
 */
public final class StagePlanner {

  private StagePlanner() {}

  public static List<Stage> plan(List<HostTarget> hosts, StagePolicy policy) {
    List<Stage> stages = new ArrayList<>();
    if (hosts.isEmpty()) {
      return stages;
    }
    List<HostTarget> canary = canary(hosts, policy.canary());
    stages.add(new Stage(0, Stage.CANARY, canary.stream().map(HostTarget::host).toList()));
    List<HostTarget> remaining = new ArrayList<>(hosts);
    remaining.removeAll(canary);
    List<BatchSize> batches = policy.batchSizes();
    for (int b = 0; !remaining.isEmpty(); b++) {
      BatchSize size = batches.get(Math.min(b, batches.size() - 1));
      List<HostTarget> batch = new ArrayList<>(remaining.subList(0, size.of(remaining.size())));
      remaining.removeAll(batch);
      stages.add(new Stage(stages.size(), "batch " + (b + 1), batch.stream().map(HostTarget::host).toList()));
    }
    return List.copyOf(stages);
  }

  /**
   * The stages after an operator chose the size of the next one ({@code advance --batch-size N}): stage
   * {@code next} takes the first {@code size} hosts of the stages still to come, in their order; the
   * later stages keep what is left of them (an emptied one disappears) and are renumbered.
   */
  public static List<Stage> resizeNext(List<Stage> stages, int next, int size) {
    if (next >= stages.size()) {
      return stages;
    }
    List<String> coming = stages.subList(next, stages.size()).stream().flatMap(s -> s.hosts().stream()).toList();
    List<String> taken = coming.subList(0, Math.min(size, coming.size()));
    List<Stage> result = new ArrayList<>(stages.subList(0, next));
    result.add(new Stage(next, stages.get(next).name(), List.copyOf(taken)));
    for (Stage later : stages.subList(next, stages.size())) {
      List<String> left = later.hosts().stream().filter(h -> !taken.contains(h)).toList();
      if (!left.isEmpty()) {
        int index = result.size();
        result.add(new Stage(index, "batch " + index, left));
      }
    }
    return List.copyOf(result);
  }

  static List<HostTarget> canary(List<HostTarget> hosts, int size) {
    Map<String, List<HostTarget>> kinds = new LinkedHashMap<>();
    for (HostTarget h : hosts) {
      kinds.computeIfAbsent(h.platform() + "/" + h.role(), k -> new ArrayList<>()).add(h);
    }
    List<HostTarget> picked = new ArrayList<>();
    int want = Math.min(size, hosts.size());
    for (int round = 0; picked.size() < want; round++) {
      for (List<HostTarget> kind : kinds.values()) {
        if (round < kind.size() && picked.size() < want) {
          picked.add(kind.get(round));
        }
      }
    }
    // Keep plan order inside the canary, whatever the round-robin picked first.
    List<HostTarget> ordered = new ArrayList<>(hosts);
    ordered.retainAll(picked);
    return ordered;
  }
}
