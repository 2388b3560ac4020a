#!/usr/bin/env bash
# Benchmark: how long `fleetroll sim up` takes for N Linux + M Mac hosts, the memory the running fleet
# uses (PSS of the daemon and every host process, so shared pages count once), its idle CPU, and an
# SSH round over every host (sudo -n cat /etc/puppet_role, 10 in parallel). Stops the fleet at the end.
#   bench/sim-fleet-up.sh [LINUX=50] [MAC=10]
set -euo pipefail
linux=${1:-50}
mac=${2:-10}
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir=$(mktemp -d /tmp/fleetroll-bench-sim.XXXXXX)
trap '"$repo/fleetroll" sim down --dir "$dir" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT

tree() { # a process and all its descendants
  local pids=$1 frontier=$1 next p
  while [ -n "$frontier" ]; do
    next=""
    for p in $frontier; do next="$next $(cat /proc/"$p"/task/*/children 2>/dev/null || true)"; done
    frontier=$(echo $next); pids="$pids $frontier"
  done
  echo $pids
}
pss_mb() { local t=0 v p; for p in $(tree "$1"); do v=$(awk '/^Pss:/ {print $2}' /proc/"$p"/smaps_rollup 2>/dev/null || true); t=$((t + ${v:-0})); done; echo $((t / 1024)); }
ticks() { local t=0 v p; for p in $(tree "$1"); do v=$(awk '{print $14+$15}' /proc/"$p"/stat 2>/dev/null || true); t=$((t + ${v:-0})); done; echo $t; }

"$repo/fleetroll" --version >/dev/null 2>&1 || true   # build first, outside the timing
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before start"
start=$(date +%s.%N)
"$repo/fleetroll" sim up --linux "$linux" --mac "$mac" --dir "$dir" >/dev/null 2>"$dir.err" || { cat "$dir.err"; exit 1; }
end=$(date +%s.%N)
pid=$(sed -n 's/.*"pid" *: *\([0-9]*\).*/\1/p' "$dir/daemon.json")
printf 'sim up --linux %d --mac %d: %.1f s until every host answered SSH\n' "$linux" "$mac" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')"
sleep 20
echo "memory (PSS, daemon + $(tree "$pid" | wc -w) processes): $(pss_mb "$pid") MB; daemon RSS $(awk '/VmRSS/ {print $2/1024 " MB"}' /proc/"$pid"/status)"
a=$(ticks "$pid"); sleep 30; b=$(ticks "$pid")
echo "idle CPU of the fleet over 30 s: $(( (b - a) * 100 / 100 / 30 ))% of one core (live processes only)"
s=$(date +%s.%N)
ok=$(grep -v '^#' "$dir/hosts.list" | xargs -P 10 -I{} sh -c 'ssh -F "$1" -o ConnectTimeout=10 "$2" "sudo -n cat /etc/puppet_role" || exit 1' _ "$dir/ssh_config" {} 2>/dev/null | wc -l || true)
e=$(date +%s.%N)
printf 'SSH round (sudo -n cat /etc/puppet_role, 10 parallel): %d of %d hosts answered in %.1f s (Macs reboot after every task, so some are down at any moment)\n' \
  "$ok" "$((linux + mac))" "$(awk -v a="$s" -v b="$e" 'BEGIN { print b - a }')"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
