#!/usr/bin/env bash
# Prints the path of a Temporal CLI (dev server) binary, building v1.8.2 from the Go module proxy once if needed.
# Order: $FLEETROLL_TEMPORAL_BIN, `temporal` on PATH, the cached build, a fresh build into the cache.
# Progress and errors go to stderr (one line each); only the path goes to stdout.
set -euo pipefail
version=1.8.2
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/fleetroll/temporal-$version"
bin="$cache/temporal"
compose_hint="or run the server stack with 'docker compose up' (docker-compose.yml)"

if [ -n "${FLEETROLL_TEMPORAL_BIN:-}" ] && [ -x "$FLEETROLL_TEMPORAL_BIN" ]; then echo "$FLEETROLL_TEMPORAL_BIN"; exit 0; fi
if command -v temporal >/dev/null 2>&1; then command -v temporal; exit 0; fi
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi

if ! command -v go >/dev/null 2>&1; then
  echo "fleetroll: no 'temporal' on PATH and no Go toolchain to build it; install Go 1.26+ (or the Temporal CLI), $compose_hint" >&2
  exit 1
fi
mkdir -p "$cache"
# Two builds at once (two terminals, two test JVMs) would race for the same files: the second waits.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cache/.build.lock"
  flock 9
  if [ -x "$bin" ]; then echo "$bin"; exit 0; fi
fi
echo "fleetroll: building the Temporal CLI v$version (the local Temporal server) from the Go module proxy into $cache;" \
  "this happens once per machine and takes 4 to 8 minutes (3.5 GB of Go caches when cold)" >&2
log="$cache/build.log"
(cd "$here" && GOTOOLCHAIN=local GOFLAGS=-modcacherw CGO_ENABLED=0 \
  exec go build -trimpath -ldflags "-s -w -X github.com/temporalio/cli/internal/temporalcli.Version=$version" \
  -o "$bin.tmp" github.com/temporalio/cli/cmd/temporal) >"$log" 2>&1 &
build=$!
trap 'kill "$build" 2>/dev/null' EXIT
started=$SECONDS
next=15
while kill -0 "$build" 2>/dev/null; do
  sleep 1
  if [ $((SECONDS - started)) -ge $next ] && kill -0 "$build" 2>/dev/null; then
    echo "fleetroll: still building the Temporal CLI, $((SECONDS - started)) s so far (log: $log)" >&2
    next=$((next + 15))
  fi
done
if ! wait "$build"; then
  echo "fleetroll: building the Temporal CLI failed: $(grep -v '^\s*$' "$log" | tail -n 1) (full log: $log); $compose_hint" >&2
  exit 1
fi
trap - EXIT
echo "fleetroll: built the Temporal CLI in $((SECONDS - started)) s" >&2
mv -f "$bin.tmp" "$bin"
echo "$bin"
