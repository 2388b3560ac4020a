# Sourced by deploy/cluster/up, status and down: where things are and how a component is started, found and
# stopped. A component is one process: postgresql, server, ui, worker-1 ... worker-N. Each runs detached (its
# own session), with exactly the environment of its file under the cluster directory (as systemd's
# EnvironmentFile= gives a unit, and as the container images read theirs), logging to logs/<component>.log.
# run/<component>.pid holds its pid and start time, so a recycled pid is never signalled.

cluster_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cluster_scripts="$cluster_repo/deploy/cluster"

say() { echo "cluster: $*" >&2; }
die() { echo "cluster: $*" >&2; exit 1; }

# --dir D (default $FLEETROLL_CLUSTER_DIR, else /tmp/fleetroll-cluster); sets $dir. PostgreSQL runs as the
# postgres user when we are root, so D must be reachable by it: /tmp is, a directory under /root is not.
cluster_dir() {
  dir="$(realpath -m "${1:-${FLEETROLL_CLUSTER_DIR:-/tmp/fleetroll-cluster}}")"
  case "$dir" in *[[:space:]]*) die "the cluster directory '$dir' has a space; environment files cannot hold it" ;; esac
}

# Settings chosen by the first `up` of a directory (ports, TLS, workers), read by every later command.
load_settings() {
  [ -f "$dir/cluster.env" ] || return 1
  # shellcheck disable=SC1091
  . "$dir/cluster.env"
}

pid_file() { echo "$dir/run/$1.pid"; }
log_file() { echo "$dir/logs/$1.log"; }

# The start time of a process in clock ticks since boot (field 22 of /proc/PID/stat, after the command name).
start_time() { sed -n 's/^.*) //p' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20; }

# Prints the pid of a component when that very process still runs.
running_pid() {
  local file pid started
  file="$(pid_file "$1")"
  [ -f "$file" ] || return 1
  read -r pid started <"$file" || return 1
  [ -n "$pid" ] && [ -n "$started" ] && [ "$(start_time "$pid")" = "$started" ] || return 1
  echo "$pid"
}

# launch COMPONENT ENV_FILE DIRECTORY COMMAND...: starts COMMAND in DIRECTORY with only HOME, PATH, LANG and
# the variables of ENV_FILE (KEY=VALUE lines), detached, and records its pid.
launch() {
  local name="$1" env_file="$2" workdir="$3" pid
  shift 3
  mkdir -p "$dir/run" "$dir/logs"
  (cd "$workdir" && exec setsid env -i HOME="$HOME" PATH="$PATH" LANG=C.UTF-8 \
      bash -c 'set -a; . "$0"; set +a; exec "$@"' "$env_file" "$@" >>"$(log_file "$name")" 2>&1 </dev/null) &
  pid=$!
  echo "$pid $(start_time "$pid")" >"$(pid_file "$name")"
}

# stop COMPONENT SIGNAL GRACE_SECONDS: the signal, up to GRACE seconds, then SIGKILL. Only our own process.
stop() {
  local name="$1" signal="$2" grace="$3" pid started i
  if ! pid="$(running_pid "$name")"; then
    rm -f "$(pid_file "$name")"
    return 0
  fi
  read -r _ started <"$(pid_file "$name")"
  kill -s "$signal" "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 5; i++)); do
    [ "$(start_time "$pid")" = "$started" ] || break
    sleep 0.2
  done
  if [ "$(start_time "$pid")" = "$started" ]; then
    kill -s KILL "$pid" 2>/dev/null || true
    say "stopped $name (pid $pid; killed after $grace s)"
  else
    say "stopped $name (pid $pid)"
  fi
  rm -f "$(pid_file "$name")"
}

# True when something listens on 127.0.0.1:PORT.
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Resident memory of a process in MiB.
resident_mib() { awk '/^VmRSS:/ {printf "%d", $2 / 1024}' "/proc/$1/status" 2>/dev/null; }

# The worker's health and metrics address, which it writes to its data directory.
worker_http() { cat "$dir/workers/$1/run/worker-$2.http" 2>/dev/null || true; }

# The components of this cluster, in start order.
components() {
  local i
  printf "%s\n" postgresql server ui
  for ((i = 1; i <= workers; i++)); do echo "worker-$i"; done
}
