#!/usr/bin/env bash
# Opens stackdiff's HTML reports in headless Chromium and checks the DOM after the page's
# script ran: the flame graph is drawn, the filter and the zoom named in the URL fragment are
# applied, and a dump whose names carry markup (SampleDumps/malformed/hostile-names-*) adds no
# element and runs no script. Takes a screenshot of one report.
#
# Usage: scripts/html-browser-check.sh [--binary PATH] [--update-screenshot]
#   --binary PATH          the stackdiff to run (default: .build/debug/stackdiff, built if missing)
#   --update-screenshot    also copy the screenshot to docs/html-report.png (for the README)
# Needs chromium (Debian: apt-get install chromium). Exits 1 when a check fails.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=.build/debug/stackdiff
update_screenshot=no
while [ $# -gt 0 ]; do
  case $1 in
    --binary) binary=$2; shift 2 ;;
    --update-screenshot) update_screenshot=yes; shift ;;
    *) echo "usage: $0 [--binary PATH] [--update-screenshot]" >&2; exit 64 ;;
  esac
done
[ -x "$binary" ] || swift build --product stackdiff >/dev/null

browser=""
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null; then browser=$candidate; break; fi
done
if [ -z "$browser" ]; then
  echo "html-browser-check: no chromium on PATH (Debian: apt-get install chromium)" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# Chromium's own chatter (D-Bus, GPU) goes to stderr; keep it out of the way.
chrome() {
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --no-first-run --no-default-browser-check --user-data-dir="$work/profile" "$@" 2>>"$work/chromium.log"
}

# The DOM of $1 (a file in $work, with an optional #fragment) once its scripts ran, on one
# line (tooltips hold line breaks).
dom() {
  chrome --virtual-time-budget=5000 --dump-dom "file://$work/$1" | tr '\n' ' '
}

pass() { echo "ok   $1"; }
fail() { echo "FAIL $1" >&2; failures=$((failures + 1)); }

# expect NAME DOM-FILE PATTERN [COUNT]: grep -E finds PATTERN in the DOM (COUNT times, when given).
expect() {
  local found
  found=$( (grep -oE -- "$3" "$2" || true) | wc -l)
  if [ -n "${4:-}" ]; then
    [ "$found" -eq "$4" ] && pass "$1" || fail "$1: '$3' found $found times, expected $4"
  else
    [ "$found" -gt 0 ] && pass "$1" || fail "$1: '$3' not found"
  fi
}

logs=SampleDumps/go/logsfollow
hub=SampleDumps/go/services/hub
hostile=SampleDumps/malformed
"$binary" diff $logs/leaky-before.txt $logs/leaky-after.txt --format html --output "$work/leaky.html"
"$binary" diff $hub/before.txt $hub/after.txt --format html --output "$work/hub.html"
"$binary" trend $hub/before.txt $hub/after.txt $hub/later.txt --format html --output "$work/trend.html"
"$binary" show $hub/after.txt --format html --output "$work/show.html"
"$binary" diff $hostile/hostile-names-before.txt $hostile/hostile-names-after.txt --format html \
  --output "$work/hostile-diff.html"
"$binary" show $hostile/hostile-names-after.txt --format html --output "$work/hostile-show.html"
"$binary" trend $hostile/hostile-names-before.txt $hostile/hostile-names-after.txt --format html \
  --output "$work/hostile-trend.html"

# Every report: drawn, with exactly the page's two script elements.
for report in leaky hub trend show hostile-diff hostile-show hostile-trend; do
  dom "$report.html" >"$work/$report.dom"
  expect "$report: the flame graph is drawn" "$work/$report.dom" '<div class="fr [^"]*"[^>]*data-node="1"'
  expect "$report: the status line was written by the script" "$work/$report.dom" 'Click a frame to zoom in'
  expect "$report: two script elements, no more" "$work/$report.dom" '<script' 2
done

# Hostile names stay text: no element they spell exists, and they read as written.
for report in hostile-diff hostile-show hostile-trend; do
  expect "$report: no <img> from a state" "$work/$report.dom" '<img' 0
  expect "$report: no <svg onload> from a creator" "$work/$report.dom" '<svg/onload|<svg onload' 0
  expect "$report: no comment opened by a name" "$work/$report.dom" '<!--' 0
  expect "$report: the name shows as text" "$work/$report.dom" 'example\.com/evil\.\(\*T\)\.&lt;/script&gt;&lt;script&gt;alert\(1\)&lt;/script&gt;'
done
expect "hostile-diff: the flame graph holds the name from the JSON data" "$work/hostile-diff.dom" \
  'title="example\.com/evil\.\(\*T\)\.&lt;/script&gt;&lt;script&gt;alert\(1\)&lt;/script&gt;'

# The filter from the fragment: stacks without a matching function are hidden, frames marked.
dom "hub.html#filter=pollB" >"$work/hub-filter.dom"
expect "filter: status counts the matching stacks" "$work/hub-filter.dom" '<span id="filter-status">1 of [0-9]+ stacks match</span>'
expect "filter: other stacks hidden" "$work/hub-filter.dom" '<details class="stack filterable[^"]*" id="g[0-9]+"[^>]*hidden=""'
expect "filter: matching frames marked in the flame graph" "$work/hub-filter.dom" 'class="fr user match[^"]*"[^>]*>pollB<'
expect "filter: matched goroutines counted (pollB's 38)" "$work/hub-filter.dom" 'data-matched="38"'

# The zoom from the fragment, a path of frames as folded stacks write it, taken from the folded
# output of the same diff.
path=$("$binary" diff $logs/leaky-before.txt $logs/leaky-after.txt --format folded |
  grep 'logsContainer' | cut -d' ' -f1 | cut -d';' -f1-3)
dom "leaky.html#zoom=$path" >"$work/leaky-zoom.dom"
expect "zoom: the path is the graph's zoom" "$work/leaky-zoom.dom" "data-zoom=\"$(sed 's/[().*]/\\&/g' <<<"$path")\""
expect "zoom: the zoomed frame is marked" "$work/leaky-zoom.dom" 'class="fr library zoomed[^"]*"[^>]*>\(\*ServeMux\)\.ServeHTTP<'
expect "zoom: the site below it is drawn" "$work/leaky-zoom.dom" '>\(\*Server\)\.logsContainer<'
expect "zoom: frames outside the subtree are not" "$work/leaky-zoom.dom" \
  'class="fr [^"]*"[^>]*>(main|Serve|\(\*connReader\)\.backgroundRead)<' 0

# Both at once, as a copied link would carry them.
dom "leaky.html#filter=logsContainer&zoom=$path" >"$work/leaky-both.dom"
expect "filter and zoom: both applied" "$work/leaky-both.dom" 'class="fr user match[^"]*"[^>]*>\(\*Server\)\.logsContainer<'
expect "filter and zoom: the link keeps them" "$work/leaky-both.dom" 'id="permalink" href="#filter=logsContainer&amp;zoom=net%2Fhttp'

chrome --window-size=1280,1000 --screenshot="$work/html-report.png" "file://$work/hub.html" >/dev/null
if [ -s "$work/html-report.png" ]; then pass "screenshot taken"; else fail "screenshot"; fi
# Zoomed out again, the frames outside are back (the same check as above holds the other way).
expect "zoom: without a zoom, the accept loop's frames are drawn" "$work/leaky.dom" 'class="fr [^"]*"[^>]*>main<'

if [ "$update_screenshot" = yes ]; then cp "$work/html-report.png" docs/html-report.png; fi

if [ "$failures" -gt 0 ]; then
  echo "html-browser-check: $failures check(s) failed" >&2
  exit 1
fi
echo "html-browser-check: all checks passed ($("$browser" --version 2>/dev/null))"
