#!/usr/bin/env bash
# Measures the local stack as `fleetroll server start` runs it: how long the Temporal dev server and the
# worker take to answer, and how much memory they hold, idle and after some pings.
#   bench/worker-startup.sh [ROUNDS] [PINGS]      (defaults: 3 rounds, 10 pings)
# Each round uses a new data directory and free ports, so it never meets a server you run; everything it
# starts is stopped and its data directory removed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds="${1:-3}" pings="${2:-10}"
fleetroll=./fleetroll
$fleetroll build >/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
rss_mib() { awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }
pid_of() { cut -d' ' -f1 "$FLEETROLL_HOME/run/$1.pid"; }

printf '%-6s %-14s %-14s %-18s %-16s %-20s %-16s\n' round server_ready_s worker_ready_s worker_jvm_to_poll_s worker_rss_idle worker_rss_after_pings server_rss_mib
for round in $(seq 1 "$rounds"); do
  export FLEETROLL_HOME; FLEETROLL_HOME="$(mktemp -d)"
  trap '$fleetroll server stop >/dev/null 2>&1 || true; rm -rf "$FLEETROLL_HOME"' EXIT
  out="$($fleetroll server start --port "$(free_port)" --ui-port "$(free_port)" 2>/dev/null)"
  server_ready="$(sed -n 's/^Temporal server.*ready in \([0-9.]*\) s.*/\1/p' <<<"$out")"
  worker_ready="$(sed -n 's/^Worker.*ready in \([0-9.]*\) s.*/\1/p' <<<"$out")"
  worker="$(pid_of worker)" server="$(pid_of temporal)"
  sleep 5 # let the worker settle after start-up
  idle="$(rss_mib "$worker")"
  for _ in $(seq 1 "$pings"); do $fleetroll ping >/dev/null 2>&1; done
  busy="$(rss_mib "$worker")"
  url="$(cat "$FLEETROLL_HOME/run/worker-$worker.http")"
  jvm_to_poll="$(curl -s "$url/prometheus" | sed -n 's/^fleetroll_worker_ready_seconds{.*} \([0-9.]*\)$/\1/p')"
  printf '%-6s %-14s %-14s %-18s %-16s %-20s %-16s\n' "$round" "$server_ready" "$worker_ready" "$jvm_to_poll" \
    "${idle} MiB" "${busy} MiB ($pings)" "$(rss_mib "$server") MiB"
  $fleetroll server stop >/dev/null
  rm -rf "$FLEETROLL_HOME"
  trap - EXIT
done
echo "server/worker_ready: from process start to answering (server: gRPC health + Web UI; worker: polling the task queue), as 'server start' measures it"
