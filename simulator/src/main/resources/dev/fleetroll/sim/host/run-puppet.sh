#!/bin/bash
# /usr/local/bin/run-puppet.sh: ronin_puppet's masterless Puppet wrapper, as on @OS_NAME@ hardware
# workers, simulated. The flow and its observable effects are the real ones (override sourced over the
# defaults, role and vault checks, the checkout of PUPPET_REPO/PUPPET_BRANCH, Puppet's detailed exit
# codes, the metadata JSON, @DONE_NOTE@, retries); only "puppet apply" is simulated: it takes the
# configured time and its outcome comes from the simulator's faults and its simulated GitHub.
PUPPET_REPO='https://github.com/mozilla-platform-ops/ronin_puppet.git'
PUPPET_BRANCH='master'
PUPPET_MAIL='puppet-ronin-reports@mozilla.com'
OVERRIDE_FILE=@OVERRIDE@
ROLE_FILE=/etc/puppet_role
VAULT_FILE=@VAULT@
METADATA_FILE=@METADATA@
ENVIRONMENTS=@ENVIRONMENTS@
OS=@OS@

. /etc/puppet/lib/puppet_state_functions.sh

if [ -f "$OVERRIDE_FILE" ]; then
  # shellcheck disable=SC1090
  . "$OVERRIDE_FILE"
fi

log() { echo "$(date -u '+%Y-%m-%d %H:%M:%S') run-puppet: $*"; }
sim_record() { # the simulator's per-host Puppet counter (never seen by the host's own tools)
  printf '%s\t%s\t%s\n' "$1" "$$" "$2" >> /run/sim/puppet-runs 2>/dev/null
}

owner=$(printf '%s' "$PUPPET_REPO" | sed -E 's#^(https?://[^/]+/|git@[^:]+:)##; s#/.*##')
WORKDIR="$ENVIRONMENTS/${owner:-unknown}/@CHECKOUT@"

single_run=0
if [ "${FLEETROLL_SINGLE_RUN:-0}" = 1 ]; then
  if [ "$OS" = linux ]; then single_run=1
  else
    . /run/sim/host.env
    # ronin_puppet honours FLEETROLL_SINGLE_RUN on Linux; on macOS it is not implemented (yet).
    [ "${SIM_MAC_SINGLE_RUN:-0}" = 1 ] && single_run=1
  fi
fi

# One "puppet apply --detailed-exitcodes": prints Puppet-like output and sets APPLY_EXIT.
apply_once() {
  . /run/sim/host.env
  local head sha verdict previous
  head=$(awk -v r="$PUPPET_REPO" -v b="$PUPPET_BRANCH" '$1 == r && $2 == b { print $3, $4; exit }' /run/sim-fleet/github-heads)
  if [ -z "$head" ]; then
    echo "fatal: couldn't find remote ref refs/heads/$PUPPET_BRANCH in $PUPPET_REPO"
    APPLY_EXIT=1
    return
  fi
  sha=${head% *}
  verdict=${head#* }
  previous=
  [ -f "$WORKDIR/.git/sim-checkout" ] && previous=$(sed -n 's/^applied=//p' "$WORKDIR/.git/sim-checkout")
  mkdir -p "$WORKDIR/.git" && printf 'repo=%s\nbranch=%s\nsha=%s\napplied=%s\n' \
    "$PUPPET_REPO" "$PUPPET_BRANCH" "$sha" "$previous" > "$WORKDIR/.git/sim-checkout" || { APPLY_EXIT=1; return; }
  echo "HEAD is now at ${sha:0:7} (origin/$PUPPET_BRANCH)"

  if [ "${SIM_PUPPET_MODE:-success}" = hang ]; then
    echo "Info: Applying configuration version '${sha:0:7}'"
    sleep infinity
  fi
  sleep "${SIM_PUPPET_DURATION:-2}"
  local fingerprint="$sha $(cat "$OVERRIDE_FILE" 2>/dev/null | cksum)"
  local fails=0
  case "${SIM_PUPPET_MODE:-success}" in
    fail) fails=1 ;;
    flaky)
      # Deterministic per (seed, host, attempt) so a seeded fleet repeats itself.
      local n
      n=$(printf '%s' "${SIM_SEED:-0}-$(hostname)-$(wc -l < /run/sim/puppet-runs 2>/dev/null)" | cksum | cut -d' ' -f1)
      [ $(( n % 1000 )) -lt "${SIM_FLAKY_PERMILLE:-500}" ] && fails=1 ;;
  esac
  if [ "$verdict" = bad ]; then
    echo "Error: Could not retrieve catalog from remote server: Evaluation Error: Error while evaluating a Function Call, (file: $WORKDIR/modules/roles_profiles/manifests/roles/$ROLE.pp) on node $(hostname)"
    APPLY_EXIT=1
    return
  fi
  echo "Notice: Compiled catalog for $(hostname) in environment production in 0.42 seconds"
  if [ "$fails" = 1 ]; then
    echo "Error: /Stage[main]/Linux_generic_worker/Exec[generic-worker-config]: Failed to call refresh: command returned 1"
    if [ "$fingerprint" != "$previous" ]; then APPLY_EXIT=6; else APPLY_EXIT=4; fi
    return
  fi
  echo "Notice: Applied catalog in ${SIM_PUPPET_DURATION:-2} seconds"
  sed -i "s/^applied=.*/applied=$fingerprint/" "$WORKDIR/.git/sim-checkout"
  if [ "$fingerprint" != "$previous" ]; then APPLY_EXIT=2; else APPLY_EXIT=0; fi
}

attempt=0
while :; do
  attempt=$((attempt + 1))
  sim_record start "${SIM_TRIGGER:-manual}"
  started=$(date +%s)
  if [ ! -s "$ROLE_FILE" ]; then
    log "no role in $ROLE_FILE; cannot run puppet"
    sim_record end 1
    exit 1
  fi
  ROLE=$(tr -d '[:space:]' < "$ROLE_FILE")
  if [ ! -f "$VAULT_FILE" ]; then
    if [ "$OS" = mac ]; then
      log "$VAULT_FILE is missing; nothing to do"
      sim_record end 0
      exit 0
    fi
    log "$VAULT_FILE is missing; cannot run puppet"
    exit_code=1
  else
    log "applying $PUPPET_REPO $PUPPET_BRANCH for role $ROLE"
    apply_once
    exit_code=$APPLY_EXIT
    write_puppet_state "$WORKDIR" "$ROLE" "$exit_code" "$(( $(date +%s) - started ))" "$OVERRIDE_FILE" "$VAULT_FILE" "$METADATA_FILE"
  fi
  sim_record end "$exit_code"
  case "$exit_code" in
    0|2)
      if grep -qE '^WORKER_TYPE_OVERRIDE=' "$OVERRIDE_FILE" 2>/dev/null; then
        pool=$(sed -nE "s/^WORKER_TYPE_OVERRIDE=['\"]?([^'\"]*)['\"]?.*/\\1/p" "$OVERRIDE_FILE" | tail -n 1)
      else
        pool=
      fi
      # change_workertype.py: the worker's pool follows WORKER_TYPE_OVERRIDE, else the role's own pool.
      printf '{\n  "provisionerId": "releng-hardware",\n  "workerType": "%s",\n  "workerGroup": "%s",\n  "workerId": "%s"\n}\n' \
        "${pool:-@DEFAULT_WORKER_TYPE@}" @WORKER_GROUP@ @WORKER_ID@ > /etc/generic-worker.config.tmp \
        && mv -f /etc/generic-worker.config.tmp /etc/generic-worker.config
      @ON_SUCCESS@
      log "puppet run succeeded (exit $exit_code)"
      exit 0 ;;
  esac
  log "puppet run failed (exit $exit_code); a report would go to $PUPPET_MAIL"
  if [ "$single_run" = 1 ]; then
    exit 1
  fi
  . /run/sim/host.env
  sleep "${SIM_PUPPET_RETRY:-10}"
done
