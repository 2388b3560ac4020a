"""Where a rollout's wall time went, from its host workflows' start and close times (bench/rollout).

Input: a file of lines "start close history_length" (epoch seconds), one per host workflow, and the facts
bench/rollout knows, as NAME=VALUE arguments. The ideal runs each stage's hosts, with the pipeline times
they took and in the order they started, in IN_FLIGHT slots that never wait for the engine; the gaps the
engine left are measured next to it: a slot freed (a host ended) to the next host started, the stage
boundaries, the first and the last host.
"""
import sys

args = dict(a.split("=", 1) for a in sys.argv[2:])
f = int(args["in_flight"])
stages = [int(x) for x in args["stages"].split()]
rs, rc = float(args["rollout_start"]), float(args["rollout_close"])
rows = sorted(tuple(float(x) for x in line.split()) for line in open(sys.argv[1]) if line.strip())
if not rows:
    sys.exit("bench/rollout: no finished host workflow")
hist = sorted(int(r[2]) for r in rows)
durations = [c - s for s, c, _ in rows]
mean = sum(durations) / len(rows)
wall = rc - rs

ideal, waves, refills, boundaries, last_close, i = 0.0, 0, [], [], None, 0
for size in stages:  # the stages run one after the other: the first stages[0] starts are the canary, ...
    stage = rows[i:i + size]
    i += size
    if not stage:
        break
    waves += -(-len(stage) // f)
    slots = [0.0] * min(f, len(stage))
    for s, c, _ in stage:
        k = slots.index(min(slots))
        slots[k] += c - s
    ideal += max(slots)
    closes = sorted(c for _, c, _ in stage)
    refills += [max(0.0, s - closes[k]) for k, (s, _, _) in enumerate(stage[f:])]
    if last_close is not None:
        boundaries.append(stage[0][0] - last_close)
    last_close = max(c for _, c, _ in stage)

r = sorted(refills)
print(f"bench/rollout: {len(rows)} of {args['hosts']} hosts rolled out{args.get('where', '')} ({args['status']}; "
      f"stages {args['stages']}), {f} in flight, Puppet and reboots 0 s, tasks {args['task_time']}; "
      f"{args['cpus']} cores, load {args['load_before']} before, {args['load_after']} after")
print(f"  wall time      {wall:.1f} s (rollout workflow start to close; plus {float(args['dry_run']):.1f} s for the CLI "
      f"dry run of all hosts before it)")
print(f"  ideal          {ideal:.1f} s: each stage's hosts, with the pipeline times they took, in {f} slots that never "
      f"wait for the engine; wall / ideal = {wall / ideal:.2f}")
print(f"                 (the older estimate, {waves} waves x {mean:.1f} s mean host pipeline (min {min(durations):.1f}, "
      f"max {max(durations):.1f}) = {waves * mean:.1f} s, takes a wave to last the mean, not its slowest host)")
print(f"  engine gaps    first host {rows[0][0] - rs:.1f} s after the start; slot refills: {len(r)}"
      + (f", median {r[len(r) // 2]:.2f} s, max {r[-1]:.2f} s, {sum(r) / f:.1f} s of wall" if r else "")
      + "; stage boundaries: " + (", ".join(f"{b:.1f} s" for b in boundaries) or "none")
      + f"; last host to the close {rc - max(c for _, c, _ in rows):.1f} s")
print(f"  throughput     {len(rows) / wall * 60:.1f} hosts/min (1,000 hosts ~ {1000 / (len(rows) / wall) / 60:.0f} min "
      f"at this pace)")
print(f"  worker memory  peak RSS (VmHWM) {args['peak']}; at the end {args['rss']}")
print(f"  history        per host workflow: min {hist[0]}, median {hist[(len(hist) + 1) // 2 - 1]}, max {hist[-1]} events "
      f"(mean {sum(hist) / len(hist):.1f}, {len(hist)} workflows); rollout workflow {args['rollout_history']} events in "
      f"{args['runs']} run(s)")
