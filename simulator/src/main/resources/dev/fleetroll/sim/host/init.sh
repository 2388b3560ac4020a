#!/bin/bash
# PID 1 of one simulated host, started by the simulator inside fresh mount/UTS/PID/time namespaces.
# It plays firmware + init: gives the host its own disk (overlays whose upper layers persist in the
# host's state directory, like a real disk across reboots), a fresh /run, a /tmp cleared at each boot,
# then starts sshd and the boot services. When it exits the kernel kills every process of the host:
# that is a power cut, and the simulator decides whether the host boots again.
set -u
S=$1            # the host's state directory
FLEET=$2        # the fleet's shared directory (GitHub branch heads), read-only inside the host
. "$S/boot/host.conf"

fail() { echo "boot: $*" >&2; exit 1; }

# The state directory may lie below a directory overlaid here (a data directory under /root, /var/tmp,
# /home...): once /root is overlaid, $S/upper/opt would be looked up through that overlay, which can be
# no upper layer ("wrong fs type"), and $S/ctl would be the host's copy instead of the simulator's. So
# the state and the fleet's shared directory are reached through the host's fresh /run, which no overlay
# covers, mounted before anything else.
mount -t tmpfs -o mode=0755,size=16m tmpfs /run || fail "cannot mount /run"
mkdir -p /run/sim-state /run/sim-fleet /run/sshd /run/sim
mount --bind "$S" /run/sim-state || fail "cannot bind the state directory $S"
mount --bind "$FLEET" /run/sim-fleet && mount -o remount,bind,ro /run/sim-fleet || fail "cannot bind /run/sim-fleet"
S=/run/sim-state

# Every directory a host (or an operator on it) may write is overlaid; the rest of the machine's
# root is remounted read-only below, so a stray write fails instead of landing on the real machine.
for d in etc root opt usr home var srv; do
  mount -t overlay overlay -o "lowerdir=/$d,upperdir=$S/upper/$d,workdir=$S/work/$d" "/$d" || fail "cannot overlay /$d"
done
mount --bind "$S/ctl" /run/sim || fail "cannot bind /run/sim"
mount --bind "$S/tmp" /tmp || fail "cannot bind /tmp"
# The overlays and binds hold their own references: the host sees its disk only through them.
umount "$S" && rmdir "$S" || fail "cannot hide the state directory"
mount -o remount,bind,ro / || fail "cannot make / read-only"
# Hide the simulator's own files (other hosts, the client key) the way a real host cannot see them.
# (A fleet directory under /tmp is hidden already: the host has its own /tmp.)
if [ -d "$SIM_FLEET_DIR" ]; then
  mount -t tmpfs -o ro,size=4k,mode=0755 tmpfs "$SIM_FLEET_DIR" || fail "cannot hide $SIM_FLEET_DIR"
fi
hostname "$SIM_UTS_NAME"

/run/sim-fleet/bin/sim-apply || echo "boot: sim-apply failed" >&2

SSHD=
stamp_lines() { # EPOCHREALTIME: bash's own clock, no process per line
  local line
  while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done
}
start_sshd() {
  local listen
  listen=$(sed -n 's/^SIM_LISTEN=//p' /run/sim/host.env)
  # sshd is exempt from a skewed clock (libfaketime inside its seccomp sandbox gets it killed);
  # the sessions it starts, and everything else on the host, see the skewed time.
  # Its log lines carry the time they were written, on the host's clock, as syslog's would. SIM_SSHD_LOG_LEVEL=INFO
  # (from `sim up`'s environment) logs every accepted connection, as a stock sshd does (the bastion always does);
  # fleet hosts stay at ERROR otherwise:
  # on a host with a skewed clock, logging at INFO gets the sandboxed pre-auth child killed by libfaketime.
  local level=()
  [ -z "${SIM_SSHD_LOG_LEVEL:-}" ] || level=(-o "LogLevel=$SIM_SSHD_LOG_LEVEL")
  FAKETIME_SKIP_CMDS=sshd /usr/sbin/sshd -D -e -o "ListenAddress=${listen:-$SIM_ADDRESS}:22" "${level[@]}" \
    2> >(stamp_lines) &
  SSHD=$!
  echo "$SSHD" > /run/sim/sshd.pid   # tells the simulator which sshd it is waiting for
}
restart_sshd() { # the simulator moves sshd off the host's address for network faults (refused, silent, slow)
  [ -n "$SSHD" ] && kill "$SSHD" 2>/dev/null
  wait "$SSHD" 2>/dev/null
  start_sshd
}
apply_faults() { /run/sim-fleet/bin/sim-apply || echo "sim-apply failed" >&2; }
trap restart_sshd USR1
trap apply_faults USR2
trap 'exit 0' TERM
start_sshd

case "$SIM_OS" in
  linux) # systemd's run-puppet.service: one run per boot; the worker waits for /tmp/puppet_run_done
    ( SIM_TRIGGER=boot exec /usr/local/bin/run-puppet.sh >>/var/log/run-puppet.log 2>&1 ) & ;;
  mac)   # the worker-runner LaunchDaemon: Puppet before every worker cycle
    ( SIM_TRIGGER=boot exec /usr/local/bin/worker-runner.sh >>/var/log/worker-runner.log 2>&1 ) & ;;
  bastion) ;; # a jump host runs sshd only
esac
echo "$SIM_BOOT_ID" > /run/sim/booted

while :; do
  sleep 86400 & SLEEPER=$!
  wait "$SLEEPER"
  kill "$SLEEPER" 2>/dev/null
done
