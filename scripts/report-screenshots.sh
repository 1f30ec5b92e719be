#!/usr/bin/env bash
# Regenerates the screenshots of docs/report.md:
# the bundled plan's report in Chinese, one PNG per section, taken by
# headless Chromium from the page's `?only=<section>` view.
#   scripts/report-screenshots.sh [AQPLAN]    (default: build/src/aqplan)
# A second argument, a ready report.html, is used instead of running aqplan.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
aqplan="${1:-$root/build/src/aqplan}"
out="$root/docs/report"
command -v chromium >/dev/null || { echo "report-screenshots: chromium missing; run scripts/install-deps.sh" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if [ $# -ge 2 ]; then
  cp "$2" "$tmp/report.html"
else
  (cd "$root" && "$aqplan" report scenarios/plan-2023.toml -o "$tmp/report.html" --lang zh 2>"$tmp/err") ||
    { cat "$tmp/err" >&2; exit 1; }
fi
mkdir -p "$out"
# Each section alone (`?only=`), in a window as tall as report.js says that
# view is (<body data-height>), 760 px wide for the 680 px page.
run_chromium() { chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --allow-file-access-from-files \
  --virtual-time-budget=20000 "$@" 2>/dev/null; }
for id in verdict fan heatmap gantt importance gap compare inputs; do
  grep -q "id=\"$id\"" "$tmp/report.html" || continue
  url="file://$tmp/report.html?only=$id"
  h="$(run_chromium --dump-dom "$url" | grep -o '<body[^>]*data-height="[0-9]*"' | grep -o '[0-9]*"$' | tr -d '"')"
  [ -n "$h" ] || { echo "report-screenshots: $id: the page did not render" >&2; exit 1; }
  run_chromium --window-size="760,$((h + 8))" --screenshot="$out/$id.png" "$url" >/dev/null
  echo "report-screenshots: $out/$id.png (760×$((h + 8)), $(stat -c %s "$out/$id.png") bytes)"
done
