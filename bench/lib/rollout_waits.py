"""How fast a rollout's waits see the world change, and what they cost the hosts (bench/rollout).

Usage: rollout_waits.py HOSTS_JSONL TEMPORAL_CLI ADDRESS TASKCLUSTER_ROOT_URL HOSTS_DIR

HOSTS_JSONL lists the rollout's host workflows (`temporal workflow list -o jsonl`); the histories of the first
200 (their waits are alike) are read with the Temporal CLI. For each:
- detection delay of the drain: the worker's last task run resolved (Taskcluster's task status, read
  anonymously as FirefoxCI allows) -> the drain wait's activity completed in history;
- detection delay of the health check: the newest task run the check counted resolved -> the check completed;
- SSH connections while waiting: the simulated host's sshd logs each accepted connection with the time
  (HOSTS_DIR/<host>/console.log); counted inside the windows of the host's wait activities.
"""
import base64
import glob
import json
import os
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

WAITS = {"AwaitDrain", "AwaitPuppet", "AwaitPuppetRun", "VerifyHealth", "Reboot"}


def seconds(iso):
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def payload(completed):
    p = completed.get("result", {}).get("payloads", [{}])[0]
    return json.loads(base64.b64decode(p["data"])) if "data" in p else None


def resolved(root, run, cache={}):
    """When Taskcluster says the run `taskId/runId` resolved (None if it cannot say)."""
    if run not in cache:
        task, run_id = run.split("/")
        try:
            with urllib.request.urlopen(f"{root}/api/queue/v1/task/{task}/status", timeout=10) as r:
                runs = json.load(r)["status"]["runs"]
            cache[run] = seconds(runs[int(run_id)]["resolved"]) if "resolved" in runs[int(run_id)] else None
        except (OSError, KeyError, IndexError, ValueError):
            cache[run] = None
    return cache[run]


def accepted_ssh(hosts_dir, host):
    """Times of the SSH connections the host's sshd accepted (its console log, one stamped line each)."""
    times = []
    for path in glob.glob(os.path.join(hosts_dir, host + "*", "console.log")):
        for line in open(path, errors="replace"):
            stamp, _, text = line.partition(" ")
            if "Accepted publickey for" in text:
                try:
                    times.append(float(stamp))
                except ValueError:
                    pass
    return times


def stats(values):
    v = sorted(values)
    if not v:
        return "none measured"
    return (f"median {v[len(v) // 2]:.2f} s, p90 {v[int(len(v) * 0.9)]:.2f} s, max {v[-1]:.2f} s "
            f"({len(v)} hosts)")


def history(workflow_id):
    out = subprocess.run([temporal, "workflow", "show", "--address", address, "-w", workflow_id, "-o", "json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["events"]


hosts_jsonl, temporal, address, root, hosts_dir = sys.argv[1:6]
root = root.rstrip("/")
ids = [json.loads(line)["execution"]["workflowId"] for line in open(hosts_jsonl) if line.strip()][:200]
drain, health, by_wait, all_ssh, pipeline_minutes = [], [], {}, 0, 0.0
with ThreadPoolExecutor(4) as pool:
    histories = list(pool.map(history, ids))
for workflow_id, events in zip(ids, histories):
    host = workflow_id.rsplit("/", 1)[1]
    scheduled, windows = {}, []
    for e in events:
        if e["eventType"] == "EVENT_TYPE_ACTIVITY_TASK_SCHEDULED":
            a = e["activityTaskScheduledEventAttributes"]
            scheduled[e["eventId"]] = (a["activityType"]["name"], seconds(e["eventTime"]))
        elif e["eventType"] == "EVENT_TYPE_ACTIVITY_TASK_COMPLETED":
            a = e["activityTaskCompletedEventAttributes"]
            name, start = scheduled[a["scheduledEventId"]]
            done = seconds(e["eventTime"])
            if name in WAITS:
                windows.append((name, start, done))
            result = payload(a)
            if name == "AwaitDrain" and result and result.get("waitedFor"):
                t = resolved(root, result["waitedFor"])
                if t is not None:
                    drain.append(done - t)
            elif name == "VerifyHealth" and result and result.get("completed"):
                ts = [resolved(root, run) for run in result["completed"]]
                if None not in ts:
                    health.append(done - max(ts))
    ssh = accepted_ssh(hosts_dir, host)
    first, last = seconds(events[0]["eventTime"]), seconds(events[-1]["eventTime"])
    all_ssh += sum(1 for t in ssh if first <= t <= last)
    pipeline_minutes += (last - first) / 60
    for name, s, d in windows:
        n = sum(1 for t in ssh if s <= t <= d)
        by_wait[name] = (by_wait.get(name, (0, 0.0))[0] + n, by_wait.get(name, (0, 0.0))[1] + (d - s) / 60)

print(f"  detection      drain: the worker's task resolved -> the pipeline saw it drained: {stats(drain)}")
print(f"                 health: the task it counted resolved -> the pipeline saw it healthy: {stats(health)}")
wait_ssh, wait_minutes = sum(n for n, _ in by_wait.values()), sum(m for _, m in by_wait.values())
if wait_minutes:
    each = ", ".join(f"{name} {n} in {m:.1f}" for name, (n, m) in sorted(by_wait.items()))
    print(f"  SSH            {wait_ssh / wait_minutes:.2f} connections per host-minute while waiting ({wait_ssh} in "
          f"{wait_minutes:.1f} host-minutes: {each}); {all_ssh / pipeline_minutes:.2f} per host-minute over the whole "
          f"pipeline ({all_ssh} connections, counted by the hosts' sshd)")
