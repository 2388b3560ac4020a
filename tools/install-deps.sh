#!/usr/bin/env bash
# Installs the Debian packages Fleetroll's simulated fleet and tests need, if any is missing:
# openssh-server (each simulated host is a real sshd), sudo (hosts' privileged commands), util-linux
# (unshare, setpriv: the hosts' namespaces), procps, the OpenSSH client used by tests that check our hosts
# with plain `ssh`, and libfaketime (the simulated fleet's clock-skew fault preloads it inside a host).
# The one copy of that list: CI runs this script, and `fleetroll demo` and `fleetroll sim up` run the copy
# built into their jar before anything slow.
# As root it installs what is missing with apt-get (one line says which); otherwise it names the missing
# packages and the command that installs them, and exits 1. Exit 0: everything is there.
set -euo pipefail
packages=(openssh-server openssh-client sudo util-linux procps libfaketime)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
command="apt-get install -y ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "fleetroll: the simulated fleet needs the Debian packages ${missing[*]} (or your system's equivalents) and there is no apt-get here; install them by hand" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "fleetroll: the simulated fleet needs the Debian packages ${missing[*]}; install them as root: sudo $command" >&2
  exit 1
fi
echo "fleetroll: installing the Debian packages the simulated fleet needs: ${missing[*]} (apt-get, once)..." >&2
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  echo "fleetroll: '$command' failed: $(grep -v '^\s*$' "$log" | tail -n 1)" >&2
  exit 1
fi
