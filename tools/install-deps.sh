#!/usr/bin/env bash
# Installs the Debian packages Fleetroll's simulated fleet and tests need, if any is missing:
# openssh-server (each simulated host is a real sshd), sudo (hosts' privileged commands), and the
# OpenSSH client used by tests that check our hosts with plain `ssh`, libfaketime (the simulated
# fleet's clock-skew fault preloads it inside a host), tmux (the monitor's test drives it in a
# pseudo-terminal), Chromium with its WebDriver (the web view's browser test, tools/screenshot.sh), and
# Python with venv (a test checks the simulated GitHub with the official PyGithub client, pip-installed
# from PyPI into a virtualenv).
set -euo pipefail
packages=(openssh-server openssh-client sudo util-linux procps libfaketime tmux chromium chromium-driver python3 python3-venv)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "fleetroll: missing packages ${missing[*]} and no apt-get to install them; install them by hand" >&2
  exit 1
fi
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo -n)
echo "fleetroll: installing ${missing[*]}..." >&2
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
