#!/usr/bin/env bash
# Takes a screenshot of a web page (the Temporal Web UI) with headless Chromium.
#   tools/screenshot.sh URL OUT.png [WIDTH,HEIGHT]
# e.g. tools/screenshot.sh http://127.0.0.1:8233/namespaces/default/workflows docs/web-ui.png
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: tools/screenshot.sh URL OUT.png [WIDTH,HEIGHT]" >&2
  exit 2
fi
url="$1" out="$2" size="${3:-1400,900}"
browser=""
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null 2>&1; then browser="$candidate"; break; fi
done
if [ -z "$browser" ]; then
  echo "fleetroll: no Chromium found; install it (Debian: apt-get install chromium)" >&2
  exit 1
fi
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
mkdir -p "$(dirname "$out")"
# A fresh profile and no background traffic: the page is all the browser does. The virtual time budget
# lets the UI's JavaScript load its data before the picture is taken.
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --window-size="$size" --virtual-time-budget=8000 \
  --screenshot="$(realpath -m "$out")" "$url" >/dev/null 2>&1
[ -s "$out" ] || { echo "fleetroll: $browser wrote no screenshot for $url" >&2; exit 1; }
echo "$out"
