package dev.fleetroll.rollout.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cuts the target hosts into stages. Pure and deterministic: the CLI's dry run and the rollout
 * workflow call it with the same hosts and get the same stages.
 *
 * <p>The canary is stratified: it takes hosts round-robin from each kind of host (platform and
 * role, in the order the kinds first appear), so a canary of two in a fleet of Linux and Mac hosts
 * tries the change on one of each. The batches then take the remaining hosts in plan order.
 *
 * <p>A hand-picked stage (a {@link StagePick} with hosts) takes exactly its listed hosts that are
 * among {@code hosts} (a host excluded at the start is simply not in it), in the list's order; the
 * canary and batches given by size share out only the hosts no list names.
 */
public final class StagePlanner {

  private StagePlanner() {}

  public static List<Stage> plan(List<HostTarget> hosts, StagePolicy policy) {
    List<Stage> stages = new ArrayList<>();
    if (hosts.isEmpty()) {
      return stages;
    }
    // Hand-picked hosts belong to their stage; the numeric stages share out the rest.
    List<HostTarget> rest = new ArrayList<>(hosts);
    Set<String> picked = new HashSet<>(policy.canary().picked() ? policy.canary().hosts() : List.of());
    policy.batches().stream().filter(StagePick::picked).forEach(b -> picked.addAll(b.hosts()));
    rest.removeIf(h -> picked.contains(h.host()));

    List<String> canary = policy.canary().picked() ? present(policy.canary().hosts(), hosts)
        : canary(rest, policy.canary().count()).stream().map(HostTarget::host).toList();
    add(stages, Stage.CANARY, canary);
    rest.removeIf(h -> canary.contains(h.host()));
    List<StagePick> batches = policy.batches();
    int batch = 0;
    for (int b = 0; b < batches.size() || !rest.isEmpty(); b++) {
      StagePick pick = batches.get(Math.min(b, batches.size() - 1));
      List<String> hostsOfBatch;
      if (pick.picked() && b < batches.size()) {
        hostsOfBatch = present(pick.hosts(), hosts);
      } else {
        // sizes repeat; after a hand-picked last batch, the hosts left form one batch
        BatchSize size = pick.picked() ? new BatchSize(0, 100) : BatchSize.parse(pick.size());
        List<HostTarget> taken = new ArrayList<>(rest.subList(0, size.of(rest.size())));
        rest.removeAll(taken);
        hostsOfBatch = taken.stream().map(HostTarget::host).toList();
      }
      if (add(stages, "batch " + (batch + 1), hostsOfBatch)) {
        batch++;
      }
    }
    return List.copyOf(stages);
  }

  /** Adds a stage unless it has no hosts (a hand-picked stage whose hosts are all excluded, sizes with none left). */
  private static boolean add(List<Stage> stages, String name, List<String> hosts) {
    if (hosts.isEmpty()) {
      return false;
    }
    stages.add(new Stage(stages.size(), name, hosts));
    return true;
  }

  /** The hand-picked hosts that are targets, in the list's order: the operator's order is the start order. */
  private static List<String> present(List<String> picked, List<HostTarget> hosts) {
    Set<String> names = hosts.stream().map(HostTarget::host).collect(Collectors.toSet());
    return picked.stream().filter(names::contains).toList();
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
