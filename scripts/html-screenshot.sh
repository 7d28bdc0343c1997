#!/usr/bin/env bash
# Renders the demo's HTML report and screenshots it with headless Chromium, to look at the
# page without a browser: runs `tracker demo` into a temporary database, writes the report
# with `--format html`, and saves a PNG to $1 (default /tmp/report.png).
# Needs chromium (Debian: apt-get install chromium). Usage: scripts/html-screenshot.sh [out.png]
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-/tmp/report.png}"
days="${DAYS:-12}"
chromium="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [[ -z "$chromium" ]]; then
    echo "chromium not found (apt-get install chromium, or set CHROMIUM=/path)" >&2
    exit 1
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cargo build --quiet
bin="${CARGO_TARGET_DIR:-target}/debug/tracker"
"$bin" --quiet --db "$tmp/d.db" demo --days "$days" >/dev/null
"$bin" --quiet --db "$tmp/d.db" report --format html --output "$tmp/report.html"

# No network, a throwaway profile, and a hard timeout: headless Chromium can hang as root.
timeout --kill-after=5 60 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$tmp/profile" --window-size="${WINDOW:-1280,2400}" \
    --screenshot="$out" "file://$tmp/report.html" >/dev/null 2>&1

[[ -s "$out" ]] || { echo "no screenshot written to $out" >&2; exit 1; }
echo "$out"
