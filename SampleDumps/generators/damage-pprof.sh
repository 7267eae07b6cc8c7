#!/usr/bin/env bash
# damage-pprof.sh - scripted damage to one real pprof debug=1 profile, as chat, Markdown and
# terminals do it. Input: go/logsfollow/leaky-after.debug1.txt. Output: go/damaged/pprof-*.txt.
#   pprof-markdown.txt     the profile pasted into Markdown and copied back from the rendered
#                          page: each `#\t…` frame line was a heading, so its `#` and the tab
#                          after it are gone; the total line lost its leading space
#   pprof-spaces.txt       every tab turned into a run of 4 spaces
#   pprof-wrapped.txt      hard-wrapped at 60 columns (fold -w 60), as a terminal copy does
#   pprof-indented.txt     ` goroutine profile: total N` with a leading space, CRLF endings
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
src=go/logsfollow/leaky-after.debug1.txt
out=go/damaged
sed -E 's/^#\t//' "$src" >"$out/pprof-markdown.txt"
expand -t 4 "$src" >"$out/pprof-spaces.txt"
fold -w 60 "$src" >"$out/pprof-wrapped.txt"
sed -E 's/^goroutine profile/ goroutine profile/; s/$/\r/' "$src" >"$out/pprof-indented.txt"
