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
