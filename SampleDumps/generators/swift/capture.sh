#!/usr/bin/env bash
# capture.sh - rebuild the Swift generator programs in generators/swift/ and
# recapture every Swift sample dump under SampleDumps/swift/.
#
# Usage: generators/swift/capture.sh [section ...]
#   sections: build continuations asyncstream blockedthreads actorstarve mutexwait hubthreads crash logs
#   (default: all, in this order; every section after "build" expects the
#   binaries that "build" makes, so pass "build" too when running a section
#   on a fresh machine)
#
# Tools (override with environment variables):
#   SWIFTC  default /opt/swift/usr/bin/swiftc   (Swift 6.3.1 on the capture machine)
#   LLDB    default /work/shared/tools/lldb-debian.sh (runs the toolchain's lldb
#           on Debian 12; needs python3.11-dev and gcc)
# Scratch space: WORK (default /tmp/stackdiff-capture-swift).
#
# Every program is started in the background with `env --default-signal=QUIT`
# (a background job of a non-interactive shell ignores SIGQUIT, and the Swift
# runtime does not install its backtracer for an ignored signal), prints
# "ready" on stdout when its leak is in place, and is stopped by its PID.
# All waits are bounded. SIGQUIT gives one backtracer report per process, so
# every backtracer capture is its own run; the lldb captures of a size come
# from a third run (lldb -b detaches and leaves the process running).
# A full run takes about 3-5 minutes on 2 CPUs; it runs one job at a time.
#
# Writes SampleDumps/swift/capture-log.txt: versions, and for every file the
# exact command, exit status and size. Nobody edits the dump text: only
# add-log-prefix.py transforms a capture (log-prefixed.scripted.txt).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)" # SampleDumps/
OUT="$ROOT/swift"
SWIFTC=${SWIFTC:-/opt/swift/usr/bin/swiftc}
LLDB=${LLDB:-/work/shared/tools/lldb-debian.sh}
WORK=${WORK:-/tmp/stackdiff-capture-swift}
BIN="$WORK/bin"
LOG=${LOG:-"$OUT/capture-log.txt"}
SETTLE=${SETTLE:-1} # seconds between "ready" and the first snapshot
mkdir -p "$BIN" "$WORK/run" "$OUT/backtracer" "$OUT/backtracer-json" "$OUT/lldb"

unset SWIFT_BACKTRACE || true
ulimit -c 0 # crashing programs: no core files

say() { echo "[capture-swift] $*" >&2; }
die() { echo "[capture-swift] ERROR: $*" >&2; exit 1; }

# record FILE EXIT COMMAND... : one line per produced file in capture-log.txt
record() {
	local f=$1 rc=$2
	shift 2
	printf '%-48s exit %-4s %8s bytes  %s\n' "${f#"$OUT/"}" "$rc" "$(wc -c <"$f")" "$*" >>"$LOG"
}

# ------------------------------------------------------------------ processes

STARTED=() # PIDs of every background process started here
cleanup() {
	local p
	for p in "${STARTED[@]:-}"; do
		[ -n "$p" ] && kill -KILL "$p" 2>/dev/null || true
	done
}
trap cleanup EXIT

# start STDERRFILE PROG ARG [VAR=VALUE...]: run $BIN/PROG ARG in the background
# with SIGQUIT at its default disposition; wait (max 60 s) for "ready" on
# stdout, then SETTLE seconds. Sets PID. ARG is split at spaces, so one ARG
# can carry several arguments ("sleeping 4 3 2" for hubthreads).
PID=
start() {
	local err=$1 prog=$2 arg=$3 i
	local -a argv
	shift 3
	read -r -a argv <<<"$arg"
	: >"$WORK/run/$prog.stdout"
	env --default-signal=QUIT "$@" "$BIN/$prog" "${argv[@]}" >"$WORK/run/$prog.stdout" 2>"$err" &
	PID=$!
	STARTED+=("$PID")
	for i in $(seq 1 600); do
		grep -q '^ready' "$WORK/run/$prog.stdout" && break
		alive "$PID" || die "$prog $arg died before ready: $(cat "$err")"
		sleep 0.1
	done
	grep -q '^ready' "$WORK/run/$prog.stdout" || die "$prog $arg did not get ready in 60 s"
	say "$prog $arg pid $PID: $(head -n 1 "$WORK/run/$prog.stdout")"
	sleep "$SETTLE"
}

# alive PID: the process exists and is not a zombie waiting to be reaped
alive() {
	local st
	st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
	case $st in Z*) return 1 ;; esac
}

# stop PID: SIGKILL and reap; exit status in STOP_RC. (The backtracer's
# SIGQUIT report leaves the process running, with the handler gone.)
STOP_RC=
stop() {
	STOP_RC=0
	kill -KILL "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || STOP_RC=$?
}

# sigquit PID FILE MARKER: kill -QUIT, wait (max 60 s) until FILE contains
# MARKER (the last line of a report), then stop the process.
sigquit() {
	local pid=$1 file=$2 marker=$3 i
	kill -QUIT "$pid"
	for i in $(seq 1 600); do
		grep -q "$marker" "$file" && break
		alive "$pid" || break
		sleep 0.1
	done
	grep -q "$marker" "$file" || die "no complete report in $file"
	sleep 0.2
	alive "$pid" || die "process $pid exited after the first SIGQUIT (expected it to survive)"
	stop "$pid"
}

TEXT_END='^Backtrace took'
JSON_END='"backtraceTime"'

# lldb_bt PID FILE: attach, `bt all`, detach (lldb -b detaches on exit).
lldb_bt() {
	local rc=0
	timeout 300 "$LLDB" -p "$1" -b -o 'bt all' >"$2" 2>&1 || rc=$?
	[ "$rc" = 0 ] || die "lldb bt all failed ($rc), see $2"
	alive "$1" || die "process $1 did not survive the lldb attach"
	record "$2" "$rc" "$LLDB -p PID -b -o 'bt all'"
}

# lldb_tasks PID FILE NAME GLOBAL...: one attach: harvest the addresses of all
# tasks reachable from the globals (lldb_tasks.py), then source the generated
# `language swift task info/backtrace ADDR` commands so lldb echoes each one.
lldb_tasks() {
	local pid=$1 file=$2 name=$3 rc=0 cmds
	shift 3
	cmds="$WORK/run/$name.lldb"
	rm -f "$cmds"
	timeout 600 "$LLDB" -p "$pid" -b \
		-o 'settings set target.max-children-count 100000' \
		-o "command script import $HERE/lldb_tasks.py" \
		-o "harvest-tasks $cmds $*" \
		-o "command source -s 0 $cmds" >"$file" 2>&1 || rc=$?
	[ "$rc" = 0 ] || die "lldb task dump failed ($rc), see $file"
	alive "$pid" || die "process $pid did not survive the lldb attach"
	record "$file" "$rc" "$LLDB -p PID -b -o 'settings set target.max-children-count 100000'" \
		"-o 'command script import lldb_tasks.py' -o 'harvest-tasks $cmds $*' -o 'command source -s 0 $cmds'"
}

# ------------------------------------------------------------------ build

compile() { # NAME OPT OUTNAME
	say "swiftc $2 $1 -> $BIN/$3"
	"$SWIFTC" -g "$2" -module-name "$1" -o "$BIN/$3" "$HERE/$1/main.swift"
}

cap_build() {
	local p
	for p in continuations asyncstream blockedthreads actorstarve mutexwait hubthreads crash; do
		compile "$p" -Onone "$p"
	done
	compile crash -O crash-release
	# The Swift runtime, Dispatch and Foundation linked into the executable, as in a static
	# Docker image: their frames then print `in crash` like the program's own.
	say "swiftc -static-stdlib crash -> $BIN/crash-static"
	"$SWIFTC" -g -Onone -static-stdlib -module-name crash -o "$BIN/crash-static" "$HERE/crash/main.swift"
}

# ------------------------------------------------------------------ leak programs

# leak_pair PROG SMALL LARGE LLDB_BT(yes/no) LLDB_TASKS(yes/no)
# For each size, three runs of the program (a SIGQUIT report ends a process's
# backtracer, and an lldb attach wakes idle threads, which can make
# libdispatch start another worker, so the backtracer runs stay unattached):
#   run 1: kill -QUIT -> backtracer text;
#   run 2: SWIFT_BACKTRACE=format=json, kill -QUIT -> backtracer JSON;
#   run 3 (if any lldb capture is wanted): lldb `bt all`, then the task dump.
leak_pair() {
	local prog=$1 small=$2 large=$3 bt=$4 tasks=$5 n f j
	for n in "$small" "$large"; do
		f="$OUT/backtracer/$prog.n$n.txt"
		start "$f" "$prog" "$n"
		sigquit "$PID" "$f" "$TEXT_END"
		record "$f" "$STOP_RC" "env --default-signal=QUIT $BIN/$prog $n >stdout 2>FILE & ; wait for ready; sleep $SETTLE; kill -QUIT PID; wait for report; kill -KILL PID"

		j="$OUT/backtracer-json/$prog.n$n.json"
		start "$j" "$prog" "$n" SWIFT_BACKTRACE=format=json
		sigquit "$PID" "$j" "$JSON_END"
		record "$j" "$STOP_RC" "env --default-signal=QUIT SWIFT_BACKTRACE=format=json $BIN/$prog $n >stdout 2>FILE & ; wait for ready; sleep $SETTLE; kill -QUIT PID; wait for report; kill -KILL PID"

		if [ "$bt" = yes ] || [ "$tasks" = yes ]; then
			start "$WORK/run/$prog.n$n.lldbrun.stderr" "$prog" "$n"
			if [ "$bt" = yes ]; then lldb_bt "$PID" "$OUT/lldb/$prog.bt-all.n$n.txt"; fi
			if [ "$tasks" = yes ]; then lldb_tasks "$PID" "$OUT/lldb/$prog.tasks.n$n.txt" "$prog-n$n" registry; fi
			stop "$PID"
		fi
	done
}

cap_continuations() { leak_pair continuations 10 100 yes yes; }
cap_asyncstream() { leak_pair asyncstream 10 100 no yes; }
cap_blockedthreads() { leak_pair blockedthreads 4 20 yes no; }
cap_actorstarve() { leak_pair actorstarve 10 100 no yes; }
cap_mutexwait() { leak_pair mutexwait 2 8 no no; }

# hubthreads: two snapshots of one service rather than two sizes. "before":
# the pool of 4 workers sleeps, the routes pollA/pollB/stream have 4/3/2
# threads in Hub.wait(); "after": the same 4 workers wait for a job (futex),
# the routes have 16/12/8. Per snapshot, as leak_pair: a text run, a JSON run
# and a third run for lldb `bt all`.
HUB_BEFORE="sleeping 4 3 2"
HUB_AFTER="waiting 16 12 8"
cap_hubthreads() {
	local snap args f j
	for snap in before after; do
		if [ "$snap" = before ]; then args=$HUB_BEFORE; else args=$HUB_AFTER; fi
		f="$OUT/backtracer/hubthreads.$snap.txt"
		start "$f" hubthreads "$args"
		sigquit "$PID" "$f" "$TEXT_END"
		record "$f" "$STOP_RC" "env --default-signal=QUIT $BIN/hubthreads $args >stdout 2>FILE & ; wait for ready; sleep $SETTLE; kill -QUIT PID; wait for report; kill -KILL PID"

		j="$OUT/backtracer-json/hubthreads.$snap.json"
		start "$j" hubthreads "$args" SWIFT_BACKTRACE=format=json
		sigquit "$PID" "$j" "$JSON_END"
		record "$j" "$STOP_RC" "env --default-signal=QUIT SWIFT_BACKTRACE=format=json $BIN/hubthreads $args >stdout 2>FILE & ; wait for ready; sleep $SETTLE; kill -QUIT PID; wait for report; kill -KILL PID"

		start "$WORK/run/hubthreads.$snap.lldbrun.stderr" hubthreads "$args"
		lldb_bt "$PID" "$OUT/lldb/hubthreads.bt-all.$snap.txt"
		stop "$PID"
	done
}

# ------------------------------------------------------------------ crash

# crash_run FILE PROG MODE [VAR=VALUE...]: foreground run, stdout+stderr to FILE.
crash_run() {
	local file=$1 prog=$2 mode=$3 rc=0
	shift 3
	# (the subshell, kept alive by the explicit exit, takes bash's
	# "Illegal instruction" job message and sends it to /dev/null)
	(timeout 120 env "$@" "$BIN/$prog" "$mode" >"$file" 2>&1; exit $?) 2>/dev/null || rc=$?
	[ "$rc" != 124 ] || die "$prog $mode timed out"
	record "$file" "$rc" "${*:+env $* }$BIN/$prog $mode >FILE 2>&1"
}

cap_crash() {
	local b="$OUT/backtracer" j="$OUT/backtracer-json" d
	crash_run "$b/crash.full.txt" crash thread
	crash_run "$b/crash.medium.txt" crash thread SWIFT_BACKTRACE=preset=medium
	crash_run "$b/crash.friendly.txt" crash thread SWIFT_BACKTRACE=preset=friendly
	crash_run "$b/crash.symbolicate-off.txt" crash thread SWIFT_BACKTRACE=symbolicate=off
	crash_run "$b/crash.demangle-no.txt" crash thread SWIFT_BACKTRACE=demangle=no
	crash_run "$b/crash.release.txt" crash-release thread
	crash_run "$b/crash.color.txt" crash thread SWIFT_BACKTRACE=color=yes
	crash_run "$b/crash.friendly-color.txt" crash thread SWIFT_BACKTRACE=preset=friendly,color=yes
	crash_run "$b/crash-task.full.txt" crash task
	crash_run "$j/crash.json" crash thread SWIFT_BACKTRACE=format=json
	crash_run "$j/crash-task.json" crash task SWIFT_BACKTRACE=format=json
	crash_run "$j/crash.release.json" crash-release thread SWIFT_BACKTRACE=format=json
	# A static binary cannot load the runtime's backtracer: name the static one.
	crash_run "$b/crash.static-stdlib.txt" crash-static thread \
		"SWIFT_BACKTRACE=swift-backtrace=$(dirname "$SWIFTC")/../libexec/swift/linux/swift-backtrace-static"
	# output-to=DIR: the report goes to DIR/<name>-<pid>-<time>.json, only
	# the banner stays on stderr. Keep the report file as it was written.
	d="$WORK/run/crash-reports"
	rm -rf "$d" && mkdir -p "$d"
	crash_run "$WORK/run/crash.output-to-dir.stderr.txt" crash thread "SWIFT_BACKTRACE=format=json,output-to=$d"
	[ "$(ls "$d" | wc -l)" = 1 ] || die "expected one report in $d, got: $(ls "$d")"
	cp "$d"/* "$j/crash.output-to-dir.json"
	record "$j/crash.output-to-dir.json" - "env SWIFT_BACKTRACE=format=json,output-to=DIR crash thread; the file written in DIR ($(ls "$d"))"
}

# ------------------------------------------------------------------ logs

# A service log as a collector keeps it: stdout+stderr of two runs of the same
# service appended to one file: first it crashes (fatalError), then the
# restarted instance is dumped with kill -QUIT.
cap_logs() {
	local b="$OUT/backtracer" one="$WORK/run/log-run1.txt" two="$WORK/run/log-run2.txt" rc=0 pid1 pid2 i
	# bash reports this run's SIGILL as "... Illegal instruction ..." on stderr: expected
	"$BIN/crash" thread >"$one" 2>&1 &
	pid1=$!
	STARTED+=("$pid1")
	for i in $(seq 1 600); do # it crashes about 0.3 s after start; max 60 s
		alive "$pid1" || break
		sleep 0.1
	done
	alive "$pid1" && die "crash thread did not crash in 60 s"
	wait "$pid1" || rc=$?
	start "$two" crash idle
	pid2=$PID
	sigquit "$PID" "$two" "$TEXT_END"
	# the idle run's own stdout line goes first, as it was printed first
	cat "$one" >"$b/log-two-reports.txt"
	cat "$WORK/run/crash.stdout" "$two" >>"$b/log-two-reports.txt"
	record "$b/log-two-reports.txt" "$rc,$STOP_RC" "crash thread >>log 2>&1 ; then env --default-signal=QUIT crash idle & kill -QUIT PID, stdout+stderr >>log"
	{
		"$HERE/add-log-prefix.py" --start 2026-11-29T10:00:00.123Z --app app --pid "$pid1" <"$one"
		cat "$WORK/run/crash.stdout" "$two" |
			"$HERE/add-log-prefix.py" --start 2026-11-29T10:05:00.456Z --app app --pid "$pid2"
	} >"$b/log-prefixed.scripted.txt"
	record "$b/log-prefixed.scripted.txt" - "SCRIPTED: the same two runs as log-two-reports.txt through add-log-prefix.py (prefix '2026-11-29T10:00:00.123Z app[PID]: ', +1 ms per line)"
}

# ------------------------------------------------------------------ main

ALL="build continuations asyncstream blockedthreads actorstarve mutexwait hubthreads crash logs"
SECTIONS=${*:-$ALL}
{
	echo "# capture-log.txt - written by generators/swift/capture.sh; sections: $SECTIONS"
	echo "# date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  host: $(uname -srm)  cpus: $(nproc)"
	echo "# $("$SWIFTC" --version 2>&1 | head -n 1)"
	echo "# $(timeout 60 "$LLDB" --version 2>&1 | head -n 1)"
	echo "# columns: file, exit status of the run (SIGQUIT runs are ended with SIGKILL after the report: 137), size, command"
} >"$LOG"
for section in $SECTIONS; do
	say "=== $section"
	"cap_$section"
done
say "done; see $LOG"
