#!/usr/bin/env bash
# damage.sh - derive "damaged" variants of ONE real debug=2 dump, imitating
# what log pipelines do to dumps. Nothing here is typed by hand except the
# surrounding log lines of embedded-in-log.txt and two-dumps.txt (marked
# below) and the fixed prefixes.
#
# Usage: damage.sh AFTER_DUMP BEFORE_DUMP OUTDIR
#   AFTER_DUMP : the dump that is transformed (go/logsfollow/leaky-after.txt)
#   BEFORE_DUMP: earlier dump of the same process, used for two-dumps.txt
#                (go/logsfollow/leaky-before.txt)
# Environment: GO (go binary used to build generators/go/logrusfmt).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
IN=$1
BEFORE=$2
OUT=$3
GO=${GO:-go}
WORK=${WORK:-/tmp/stackdiff-capture}
mkdir -p "$WORK/bin" "$WORK/gocache"
rm -rf "$OUT"
mkdir -p "$OUT"

# Tabs expanded to spaces (the location lines' leading tab).
expand -t 4 "$IN" >"$OUT/tabs-4spaces.txt"
expand -t 8 "$IN" >"$OUT/tabs-8spaces.txt"

# Windows line endings.
sed 's/$/\r/' "$IN" >"$OUT/crlf.txt"

# Blank lines between goroutine blocks removed.
sed '/^$/d' "$IN" >"$OUT/no-blank-lines.txt"

# ANSI colours: headers bold cyan, function names of call lines yellow
# (the argument list stays uncoloured), "created by" dim.
sed -E \
	-e 's/^(goroutine [0-9]+ .*\]:)$/\x1b[1;36m\1\x1b[0m/' \
	-e 's/^(created by )(.*)$/\x1b[2m\1\x1b[0m\x1b[33m\2\x1b[0m/' \
	-e '/^(\x1b|\t|$)/!s/^(.+)(\([^()]*\))$/\x1b[1;33m\1\x1b[0m\2/' \
	"$IN" >"$OUT/ansi-colors.txt"

# Line prefixes added by log collectors. Syslog pads a one-digit day with a
# space: "Oct  1".
sed 's/^/Oct  1 10:19:30 host dockerd: /' "$IN" >"$OUT/syslog-prefix.txt"
sed 's/^/[2022-11-21 02:02:51 +0000 UTC] /' "$IN" >"$OUT/bracket-timestamp-prefix.txt"

# logrus TextFormatter output, produced by a Go program so that the quoting
# is exactly Go's %q.
(cd "$HERE/go/logrusfmt" && GOTOOLCHAIN=local GOCACHE="$WORK/gocache" CGO_ENABLED=0 "$GO" build -o "$WORK/bin/logrusfmt" .)
"$WORK/bin/logrusfmt" -mode lines <"$IN" >"$OUT/logrus-per-line.txt"
"$WORK/bin/logrusfmt" -mode single <"$IN" >"$OUT/logrus-single-entry.txt"

# The dump between ordinary log lines (these log lines are hand-written
# here; the dump between them is the real one, unchanged).
{
	printf '%s\n' \
		'time="2022-11-21T02:02:49Z" level=info msg="API listen on 127.0.0.1:2375"' \
		'time="2022-11-21T02:02:50Z" level=info msg="GET /containers/web/logs?follow=1"' \
		'time="2022-11-21T02:02:51Z" level=info msg="goroutine stacks written below (SIGUSR1)"'
	cat "$IN"
	printf '%s\n' \
		'time="2022-11-21T02:02:52Z" level=info msg="end of goroutine stack dump"' \
		'time="2022-11-21T02:02:53Z" level=warning msg="client went away" container=web'
} >"$OUT/embedded-in-log.txt"

# Two complete dumps of the same process (before and after the 15 follow
# requests) in one file, separated and surrounded by log lines (hand-written).
{
	echo '2022/11/21 02:02:49 dumping goroutines (1 of 2)'
	cat "$BEFORE"
	echo '2022/11/21 02:02:50 serving 15 follow requests'
	echo '2022/11/21 02:03:10 dumping goroutines (2 of 2)'
	cat "$IN"
	echo '2022/11/21 02:03:10 done'
} >"$OUT/two-dumps.txt"

ls -l "$OUT" >&2
