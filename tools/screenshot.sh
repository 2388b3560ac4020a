#!/usr/bin/env bash
# Takes a screenshot of a web page (the Temporal Web UI) with headless Chromium.
#   tools/screenshot.sh URL OUT.png [WIDTH,HEIGHT] [WAIT_SECONDS]
# e.g. tools/screenshot.sh http://127.0.0.1:8233/namespaces/default/workflows docs/web-ui.png
# The page runs for WAIT_SECONDS (default 10) of real time before the picture is taken, driven over the
# DevTools protocol by tools/Screenshot.java (JDK 25, found like the launcher finds it). Chromium's own
# --screenshot --virtual-time-budget never finishes on the page of a running workflow (virtual time
# stops while the UI's long poll for new events is open); without a JDK it is still used.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: tools/screenshot.sh URL OUT.png [WIDTH,HEIGHT] [WAIT_SECONDS]" >&2
  exit 2
fi
url="$1" out="$2" size="${3:-1400,900}" wait="${4:-10}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
browser=""
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null 2>&1; then browser="$candidate"; break; fi
done
if [ -z "$browser" ]; then
  echo "fleetroll: no Chromium found; install it (Debian: apt-get install chromium)" >&2
  exit 1
fi
profile="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$profile"' EXIT
mkdir -p "$(dirname "$out")"
out="$(realpath -m "$out")"
rm -f "$out"
# A fresh profile and no background traffic: the page is all the browser does.
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --hide-scrollbars
  --disable-background-networking --disable-component-update --disable-sync
  --user-data-dir="$profile" --window-size="$size")
java=""
if . "$here/find-jdk.sh" 2>/dev/null && fleetroll_find_jdk >/dev/null 2>&1; then
  java="$FLEETROLL_JAVA_HOME/bin/java"
fi
if [ -n "$java" ] && [ -x "$java" ]; then
  "$browser" "${flags[@]}" --remote-debugging-port=0 --remote-allow-origins='*' about:blank >/dev/null 2>&1 &
  pid=$!
  "$java" "$here/Screenshot.java" "$profile" "$url" "$out" "$wait"
else
  "$browser" "${flags[@]}" --virtual-time-budget=$((wait * 1000)) --screenshot="$out" "$url" >/dev/null 2>&1
fi
[ -s "$out" ] || { echo "fleetroll: $browser wrote no screenshot for $url" >&2; exit 1; }
echo "$out"
