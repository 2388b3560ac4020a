#!/usr/bin/env bash
# Prints the directory of the Temporal cluster binaries deploy/cluster runs, building them once if needed:
#   bin/temporal-server     go.temporal.io/server/cmd/server (what the temporalio/server image runs)
#   bin/temporal-sql-tool   go.temporal.io/server/cmd/tools/sql (the admin-tools image's schema tool)
#   bin/temporal-ui-server  github.com/temporalio/ui-server/v2/cmd/server (what the temporalio/ui image runs)
#   ui/config/docker.yaml   the UI image's configuration (read from environment variables, as in the image)
# The versions are the ones the Temporal CLI's dev server embeds; they come from the same wrapper module
# (go.mod beside this script), so a warm Go build cache from the CLI build only relinks them.
# Progress and errors go to stderr (one line each); only the directory goes to stdout.
set -euo pipefail
server_version=1.31.2
ui_version=2.50.1
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/fleetroll/temporal-server-$server_version-ui-$ui_version"
binaries=(temporal-server temporal-sql-tool temporal-ui-server)

built() {
  local b
  for b in "${binaries[@]}"; do [ -x "$cache/bin/$b" ] || return 1; done
  [ -f "$cache/ui/config/docker.yaml" ]
}

if built; then echo "$cache"; exit 0; fi
if ! command -v go >/dev/null 2>&1; then
  echo "fleetroll: no Go toolchain to build the Temporal server $server_version; install Go 1.26+ (see README, Production-like stack)" >&2
  exit 1
fi
mkdir -p "$cache"
# Two builds at once would race for the same files: the second waits, then finds the binaries.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cache/.build.lock"
  flock 9
  if built; then echo "$cache"; exit 0; fi
fi
echo "fleetroll: building the Temporal server $server_version and UI server $ui_version from the Go module proxy into $cache (once; a minute with the Temporal CLI's Go caches, up to 8 minutes cold)..." >&2
log="$cache/build.log"
: >"$log"
go_build() { # output package
  (cd "$here" && GOTOOLCHAIN=local GOFLAGS=-modcacherw CGO_ENABLED=0 \
     go build -trimpath -ldflags "-s -w" -o "$1.tmp" "$2") >>"$log" 2>&1 && mv -f "$1.tmp" "$1"
}
mkdir -p "$cache/bin" "$cache/ui/config"
if ! { go_build "$cache/bin/temporal-server" go.temporal.io/server/cmd/server \
    && go_build "$cache/bin/temporal-sql-tool" go.temporal.io/server/cmd/tools/sql \
    && go_build "$cache/bin/temporal-ui-server" github.com/temporalio/ui-server/v2/cmd/server; }; then
  echo "fleetroll: building the Temporal server failed: $(grep -v '^\s*$' "$log" | tail -n 1) (full log: $log)" >&2
  exit 1
fi
ui_module="$(cd "$here" && GOTOOLCHAIN=local go list -m -f '{{.Dir}}' github.com/temporalio/ui-server/v2)"
install -m 644 "$ui_module/config/docker.yaml" "$cache/ui/config/docker.yaml"
echo "$cache"
