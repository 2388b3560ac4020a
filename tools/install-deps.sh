#!/usr/bin/env bash
# Installs the Debian packages Fleetroll needs, if any is missing.
#   tools/install-deps.sh         what the simulated fleet needs (`fleetroll demo`, `fleetroll sim up`):
#                                 openssh-server (each simulated host is a real sshd), sudo (hosts'
#                                 privileged commands), util-linux (unshare, setpriv: the hosts' namespaces),
#                                 procps, the OpenSSH client, libfaketime (the clock-skew fault)
#   tools/install-deps.sh --dev   that, and what the test suite needs besides (CI runs this): tmux (the
#                                 monitor's test drives it in a pseudo-terminal), Chromium with its WebDriver
#                                 (the web view's browser test, tools/screenshot.sh), PostgreSQL, openssl and
#                                 curl (deploy/cluster: its database, certificates and health checks), Python
#                                 with venv (a test checks the simulated GitHub with the official PyGithub
#                                 client, pip-installed from PyPI into a virtualenv)
# The one copy of these lists: `fleetroll demo` and `fleetroll sim up` run the copy built into their jar
# before anything slow.
# As root it installs what is missing with apt-get (one line says which); otherwise it names the missing
# packages and the command that installs them, and exits 1. Exit 0: everything is there.
set -euo pipefail
packages=(openssh-server openssh-client sudo util-linux procps libfaketime)
needed_by="the simulated fleet"
if [ "${1:-}" = "--dev" ]; then
  packages+=(tmux chromium chromium-driver postgresql openssl curl python3 python3-venv)
  needed_by="Fleetroll's tests"
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
command="apt-get install -y ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "fleetroll: $needed_by needs the Debian packages ${missing[*]} (or your system's equivalents) and there is no apt-get here; install them by hand" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "fleetroll: $needed_by needs the Debian packages ${missing[*]}; install them as root: sudo $command" >&2
  exit 1
fi
echo "fleetroll: installing the Debian packages $needed_by needs: ${missing[*]} (apt-get, once)..." >&2
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  echo "fleetroll: '$command' failed: $(grep -v '^\s*$' "$log" | tail -n 1)" >&2
  exit 1
fi
