#!/usr/bin/env bash
# capture.sh - rebuild the generator programs in generators/go/ and recapture
# every sample dump under SampleDumps/go/ (and the scripted variants in
# SampleDumps/go/damaged/ and SampleDumps/malformed/).
#
# Usage: generators/capture.sh [section ...]
#   sections: prodcons masterworker sumserver logsfollow crash mixed synctest
#             leakprofile testharness services damaged malformed compressed
#             (default: all, in this order; damaged and malformed read
#             go/logsfollow/; SERVICES="fanout hub ..." picks some services)
#
# Toolchains (override with environment variables):
#   GO119 GO121 GO122 GO123 GO126 GO127
# Scratch space: WORK (default /tmp/stackdiff-capture).
#
# Every server binds 127.0.0.1 on a kernel-chosen port, every process this
# script starts is stopped by its PID, and all loops are bounded. A full run
# takes a few minutes (the "1 minutes" capture alone waits 66 s).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
SRC="$HERE/go"
OUT="$ROOT/go"

GO119=${GO119:-/usr/lib/go-1.19/bin/go}
GO121=${GO121:-/usr/lib/go-1.21/bin/go}
GO122=${GO122:-/usr/lib/go-1.22/bin/go}
GO123=${GO123:-/usr/lib/go-1.23/bin/go}
GO126=${GO126:-/opt/gox/usr/lib/go-1.26/bin/go}
GO127=${GO127:-/opt/gox/usr/lib/go-1.27/bin/go}

WORK=${WORK:-/tmp/stackdiff-capture}
BIN="$WORK/bin"
mkdir -p "$BIN" "$WORK/gocache" "$WORK/gopath" "$WORK/tmp"

# Offline, never download a toolchain, no cgo (with cgo the runtime cannot
# detect "all goroutines are asleep"), and no inherited runtime settings.
export GOTOOLCHAIN=local GOPROXY=off GOSUMDB=off GOFLAGS=
export GOCACHE="$WORK/gocache" GOPATH="$WORK/gopath" CGO_ENABLED=0
unset GOTRACEBACK GODEBUG GOEXPERIMENT GOMAXPROCS GOROOT || true
ulimit -c 0 # GOTRACEBACK=crash aborts; no core files

gobin() { # version -> go binary
	case $1 in
	1.19) echo "$GO119" ;; 1.21) echo "$GO121" ;; 1.22) echo "$GO122" ;;
	1.23) echo "$GO123" ;; 1.26) echo "$GO126" ;; 1.27) echo "$GO127" ;;
	*) echo "unknown toolchain $1" >&2; return 1 ;;
	esac
}

say() { echo "[capture] $*" >&2; }
die() { echo "[capture] ERROR: $*" >&2; exit 1; }

# ------------------------------------------------------------------ processes

STARTED=() # PIDs of every background process started here
cleanup() {
	local p
	for p in "${STARTED[@]:-}"; do
		[ -n "$p" ] && kill "$p" 2>/dev/null || true
	done
}
trap cleanup EXIT

# build VERSION SRCDIR OUTBIN [go build flags...]
build() {
	local v=$1 dir=$2 out=$3
	shift 3
	say "build $(basename "$dir") with go$v -> $out"
	(cd "$dir" && "$(gobin "$v")" build "$@" -o "$out" .)
}

# start_server STDOUT STDERR cmd... : run in the background, wait until it
# prints "listening on ...127.0.0.1:PORT"; sets SERVER_PID and PORT.
start_server() {
	local out=$1 err=$2 i
	shift 2
	# Empty both files first: the background shell truncates them only when it
	# gets to run, and a port left in them by an earlier run must not be read.
	: >"$out"
	: >"$err"
	"$@" >"$out" 2>"$err" &
	SERVER_PID=$!
	STARTED+=("$SERVER_PID")
	PORT=
	for i in $(seq 1 200); do
		PORT=$(grep -ho 'listening on [^ ]*127\.0\.0\.1:[0-9]*' "$out" "$err" 2>/dev/null | head -n 1 | sed 's/.*://' || true)
		[ -n "$PORT" ] && break
		kill -0 "$SERVER_PID" 2>/dev/null || die "server $* died: $(cat "$err")"
		sleep 0.1
	done
	[ -n "$PORT" ] || die "server $* did not start"
	say "started $(basename "$1") pid $SERVER_PID port $PORT"
}

# stop PID [SIGNAL]: signal the process and reap it; its exit status is left
# in STOP_RC (not printed: `wait` must run in this shell, not a subshell).
STOP_RC=
stop() {
	local pid=$1 sig=${2:-TERM}
	STOP_RC=0
	kill "-$sig" "$pid" 2>/dev/null || true
	wait "$pid" || STOP_RC=$?
}

# fetch PATH FILE: GET http://127.0.0.1:$PORT$PATH into FILE.
fetch() {
	curl -sS --fail --max-time 60 -o "$2" "http://127.0.0.1:$PORT$1"
	sleep 0.5 # let the connection goroutines of this request finish
}

fresh() { rm -rf "$1" && mkdir -p "$1"; }

# ------------------------------------------------------------------ (a) prodcons

cap_prodcons() {
	local d="$OUT/prodcons"
	fresh "$d"
	build 1.19 "$SRC/prodcons" "$BIN/prodcons"
	(cd "$d" && "$BIN/prodcons" -before 1 -after 21 \
		-before-file prodcons-before.txt -after-file prodcons-after.txt >"$WORK/prodcons.stdout")
}

# ------------------------------------------------------------------ (b) masterworker

cap_masterworker() {
	local d="$OUT/masterworker"
	fresh "$d"
	build 1.22 "$SRC/masterworker" "$BIN/masterworker"
	(cd "$d" && "$BIN/masterworker" -before 2 -after 12 \
		-before-file masterworker-before.txt -after-file masterworker-after.txt >"$WORK/masterworker.stdout")
}

# ------------------------------------------------------------------ (c) sumserver

cap_sumserver() {
	local d="$OUT/sumserver" done=0 n name rc
	fresh "$d"
	build 1.19 "$SRC/sumserver" "$BIN/sumserver"
	# No GOTRACEBACK: SIGQUIT always prints at level 2.
	start_server "$WORK/sumserver.stdout" "$d/sumserver-sigquit.txt" "$BIN/sumserver"
	for n in 0 50 500 1000 1500; do
		if [ "$n" -gt "$done" ]; then
			# URL globbing: one curl process, one keep-alive connection.
			curl -sS --fail --max-time 300 "http://127.0.0.1:$PORT/sum?n=[$((done + 1))-$n]" >/dev/null
			done=$n
			sleep 0.5
		fi
		name=$(printf 'sumserver-%04d' "$n")
		fetch "/debug/pprof/goroutine?debug=2" "$d/$name.txt"
		fetch "/debug/pprof/goroutine?debug=1" "$d/$name.debug1.txt"
		fetch "/debug/pprof/goroutine?debug=0" "$d/$name.debug0.pb.gz"
	done
	stop "$SERVER_PID" QUIT
	say "sumserver SIGQUIT exit status $STOP_RC"
	[ "$(wc -c <"$d/sumserver-sigquit.txt")" -lt 2200000 ] || say "WARNING: sumserver-sigquit.txt is larger than 2.2 MB"
}

# ------------------------------------------------------------------ (d) logsfollow

follow_clients() { # N: N concurrent `curl -m 1` followers that give up after 1 s
	local i p pids=()
	for i in $(seq 1 "$1"); do
		curl -s -m 1 -o /dev/null "http://127.0.0.1:$PORT/containers/web/logs?follow=1&client=$i" &
		pids+=($!)
	done
	for p in "${pids[@]}"; do wait "$p" || true; done # curl exits 28 (timeout)
	sleep 1
}

cap_logsfollow() {
	local d="$OUT/logsfollow"
	fresh "$d"
	build 1.23 "$SRC/logsfollow" "$BIN/logsfollow"

	start_server "$WORK/logsfollow-leaky.stdout" "$WORK/logsfollow-leaky.stderr" "$BIN/logsfollow"
	fetch "/debug/pprof/goroutine?debug=2" "$d/leaky-before.txt"
	follow_clients 15
	fetch "/debug/pprof/goroutine?debug=2" "$d/leaky-after.txt"
	fetch "/debug/pprof/goroutine?debug=1" "$d/leaky-after.debug1.txt"
	fetch "/debug/pprof/goroutine?debug=0" "$d/leaky-after.debug0.pb.gz"
	stop "$SERVER_PID"

	start_server "$WORK/logsfollow-fixed.stdout" "$WORK/logsfollow-fixed.stderr" "$BIN/logsfollow" -fixed
	fetch "/debug/pprof/goroutine?debug=2" "$d/fixed-before.txt"
	follow_clients 15
	fetch "/debug/pprof/goroutine?debug=2" "$d/fixed-after.txt"
	stop "$SERVER_PID"
}

# ------------------------------------------------------------------ (e) crash

CRASH_DIR=
CRASH_CODES=
crash_run() { # NAME VAR=VALUE... -- ARGS... : run crash with env, keep stdout+stderr
	local name=$1 rc=0 envs=()
	shift
	while [ "$1" != "--" ]; do envs+=("$1"); shift; done
	shift
	env ${envs[@]+"${envs[@]}"} "$BIN/$CRASH_BIN" "$@" >"$CRASH_DIR/$name.txt" 2>&1 || rc=$?
	printf '%-28s exit %-3s env: %s args: %s\n' "$name.txt" "$rc" "${envs[*]:-(none)}" "$*" >>"$CRASH_CODES"
}

# crash_retry NAME PATTERN TRIES VAR=VALUE... -- ARGS... : rerun until the
# output contains PATTERN.
crash_retry() {
	local name=$1 pattern=$2 tries=$3 i
	shift 3
	for i in $(seq 1 "$tries"); do
		crash_run "$name" "$@"
		if grep -q "$pattern" "$CRASH_DIR/$name.txt"; then
			echo "  ($name: got '$pattern' on attempt $i)" >>"$CRASH_CODES"
			return 0
		fi
		sed -i '$d' "$CRASH_CODES"
	done
	echo "  ($name: '$pattern' not reproduced in $tries attempts; last output kept)" >>"$CRASH_CODES"
}

crash_signal() { # NAME GOTRACEBACK
	local name=$1 tb=$2 out="$CRASH_DIR/$1.txt" pid i rc
	env GOTRACEBACK="$tb" "$BIN/$CRASH_BIN" signal >"$out" 2>&1 &
	pid=$!
	STARTED+=("$pid")
	for i in $(seq 1 100); do
		grep -q 'ready for SIGQUIT' "$out" && break
		sleep 0.1
	done
	grep -q 'ready for SIGQUIT' "$out" || die "crash signal did not get ready"
	stop "$pid" QUIT
	printf '%-28s exit %-3s env: GOTRACEBACK=%s args: signal, then kill -QUIT\n' "$name.txt" "$STOP_RC" "$tb" >>"$CRASH_CODES"
}

crash_http() {
	local out="$CRASH_DIR/http-panic-log.txt" rc
	start_server "$WORK/crash-http.stdout" "$out" "$BIN/$CRASH_BIN" httppanic
	curl -sS --max-time 10 "http://127.0.0.1:$PORT/hello" >/dev/null
	curl -sS --max-time 10 "http://127.0.0.1:$PORT/order?total=12.5" >/dev/null
	curl -s --max-time 10 "http://127.0.0.1:$PORT/order?total=-3" >/dev/null || true # handler panics: empty reply
	curl -sS --max-time 10 "http://127.0.0.1:$PORT/hello" >/dev/null
	sleep 0.5
	stop "$SERVER_PID" TERM
	printf '%-28s exit %-3s env: (none) args: httppanic; GET /hello, /order?total=12.5, /order?total=-3 (panics), /hello; kill -TERM\n' \
		"http-panic-log.txt" "$STOP_RC" >>"$CRASH_CODES"
}

cap_crash() {
	local v
	for v in 1.19 1.27; do
		CRASH_DIR="$OUT/crash/go$v"
		CRASH_CODES="$CRASH_DIR/exit-codes.txt"
		CRASH_BIN="crash-$v"
		fresh "$CRASH_DIR"
		build "$v" "$SRC/crash" "$BIN/$CRASH_BIN"
		echo "# exit statuses of the runs that produced the files in this directory (go$v)" >"$CRASH_CODES"
		crash_run panic-single -- panic
		crash_run panic-all GOTRACEBACK=all -- panic
		crash_run panic-system GOTRACEBACK=system -- panic
		crash_run panic-crash GOTRACEBACK=crash -- panic
		crash_run repanic GOTRACEBACK=all -- repanic
		crash_run repanic-same GOTRACEBACK=all -- repanic-same
		crash_run nilderef GOTRACEBACK=all -- nilderef
		crash_run deadlock -- deadlock
		crash_run stack-overflow -- stackoverflow
		crash_retry concurrent-map-writes 'concurrent map writes' 5 -- mapwrites
		crash_retry busy-other-thread 'running on other thread' 5 \
			GOTRACEBACK=all GODEBUG=asyncpreemptoff=1 GOMAXPROCS=4 -- busy
		crash_signal sigquit-system system
		crash_signal sigquit-crash crash
		crash_http
	done
}

# ------------------------------------------------------------------ (f) mixed

MIXED_VERSIONS="1.19 1.21 1.22 1.23 1.26 1.27"

mixed_modflags() { # go1.27 builds use go1.27.mod (go 1.27: labels in headers)
	if [ "$1" = 1.27 ]; then echo "-modfile=go1.27.mod"; fi
}

cap_mixed() {
	local v d rc minute_pid minute_port minute_start
	rm -rf "$OUT/mixed"
	for v in $MIXED_VERSIONS; do
		mkdir -p "$OUT/mixed/go$v"
		# shellcheck disable=SC2046
		build "$v" "$SRC/mixed" "$BIN/mixed-$v" $(mixed_modflags "$v")
	done

	# 1 minute capture (go1.19): start first, fetch at the end (>= 66 s).
	d="$OUT/mixed/go1.19"
	start_server "$WORK/mixed-1min.stdout" "$WORK/mixed-1min.stderr" "$BIN/mixed-1.19" -lifetime 5m
	minute_pid=$SERVER_PID minute_port=$PORT minute_start=$SECONDS

	for v in $MIXED_VERSIONS; do
		d="$OUT/mixed/go$v"
		start_server "$WORK/mixed-$v.stdout" "$d/mixed-sigquit-system.txt" \
			env GOTRACEBACK=system "$BIN/mixed-$v" -lifetime 5m
		fetch "/debug/pprof/goroutine?debug=2" "$d/mixed.txt"
		fetch "/debug/pprof/goroutine?debug=1" "$d/mixed.debug1.txt"
		fetch "/debug/pprof/goroutine?debug=0" "$d/mixed.debug0.pb.gz"
		stop "$SERVER_PID" QUIT
		say "mixed go$v SIGQUIT exit status $STOP_RC"
	done

	for v in 1.19 1.27; do
		d="$OUT/mixed/go$v"
		start_server "$WORK/mixed-anc.stdout" "$WORK/mixed-anc.stderr" \
			env GODEBUG=tracebackancestors=5 "$BIN/mixed-$v" -lifetime 5m
		fetch "/debug/pprof/goroutine?debug=2" "$d/mixed-ancestors.txt"
		stop "$SERVER_PID"
	done

	d="$OUT/mixed/go1.26"
	start_server "$WORK/mixed-labels.stdout" "$WORK/mixed-labels.stderr" \
		env GODEBUG=tracebacklabels=1 "$BIN/mixed-1.26" -lifetime 5m
	fetch "/debug/pprof/goroutine?debug=2" "$d/mixed-tracebacklabels.txt"
	stop "$SERVER_PID"

	d="$OUT/mixed/go1.22"
	build 1.22 "$SRC/mixed" "$BIN/mixed-1.22-trimpath" -trimpath
	start_server "$WORK/mixed-trim.stdout" "$WORK/mixed-trim.stderr" "$BIN/mixed-1.22-trimpath" -lifetime 5m
	fetch "/debug/pprof/goroutine?debug=2" "$d/mixed-trimpath.txt"
	stop "$SERVER_PID"

	local left=$((66 - (SECONDS - minute_start)))
	if [ "$left" -gt 0 ]; then
		say "waiting ${left}s for the 1 minute capture"
		sleep "$left"
	fi
	PORT=$minute_port
	fetch /gc "$WORK/mixed-1min.gc" # stamps the wait start of blocked goroutines
	fetch "/debug/pprof/goroutine?debug=2" "$OUT/mixed/go1.19/mixed-1min.txt"
	stop "$minute_pid"
}

# ------------------------------------------------------------------ (g) synctest

cap_synctest() {
	local v d rc
	for v in 1.26 1.27; do
		d="$OUT/synctest/go$v"
		fresh "$d"
		rc=0
		(cd "$SRC/synctest" && "$(gobin "$v")" test -count=1 -run '^TestJanitorHang$' -timeout 3s .) \
			>"$d/synctest-timeout.txt" 2>&1 || rc=$?
		say "synctest go$v timeout run exit $rc"
		echo "synctest-timeout.txt   exit $rc  go$v test -count=1 -run '^TestJanitorHang\$' -timeout 3s ." >"$d/exit-codes.txt"
		rc=0
		(cd "$SRC/synctest" && "$(gobin "$v")" test -count=1 -run '^TestJanitorDeadlock$' -timeout 30s .) \
			>"$d/synctest-deadlock.txt" 2>&1 || rc=$?
		say "synctest go$v deadlock run exit $rc"
		echo "synctest-deadlock.txt  exit $rc  go$v test -count=1 -run '^TestJanitorDeadlock\$' -timeout 30s ." >>"$d/exit-codes.txt"
	done
}

# ------------------------------------------------------------------ (g) goroutineleak profile

cap_leakprofile() {
	local v d
	rm -rf "$OUT/goroutineleak"
	for v in 1.26 1.27; do
		d="$OUT/goroutineleak/go$v"
		mkdir -p "$d"
		if [ "$v" = 1.26 ]; then
			GOEXPERIMENT=goroutineleakprofile build "$v" "$SRC/leakprofile" "$BIN/leakprofile-$v"
		else
			build "$v" "$SRC/leakprofile" "$BIN/leakprofile-$v"
		fi
		start_server "$WORK/leakprofile.stdout" "$WORK/leakprofile-$v.stderr" "$BIN/leakprofile-$v"
		fetch "/debug/pprof/goroutine?debug=2" "$d/goroutine-before-leakcheck.txt"
		fetch "/debug/pprof/goroutineleak?debug=2" "$d/goroutineleak.txt"
		fetch "/debug/pprof/goroutineleak?debug=1" "$d/goroutineleak.debug1.txt"
		fetch "/debug/pprof/goroutineleak?debug=0" "$d/goroutineleak.debug0.pb.gz"
		fetch "/debug/pprof/goroutine?debug=2" "$d/goroutine-after-leakcheck.txt"
		fetch "/debug/pprof/goroutine?debug=1" "$d/goroutine-after-leakcheck.debug1.txt"
		stop "$SERVER_PID"
	done
}

# ------------------------------------------------------------------ (h) test harness

harness_run() { # VERSION FILE go-test-args...
	local v=$1 file=$2 rc=0
	shift 2
	(cd "$SRC/testharness" && GOFLAGS=-mod=mod "$(gobin "$v")" test -count=1 "$@") >"$file" 2>&1 || rc=$?
	printf '%-34s exit %-3s go%s test -count=1 %s\n' "$(basename "$file")" "$rc" "$v" "$*" >>"$(dirname "$file")/exit-codes.txt"
}

cap_testharness() {
	local v d
	rm -rf "$OUT/testharness"
	for v in 1.19 1.27; do
		d="$OUT/testharness/go$v"
		mkdir -p "$d"
		echo "# exit statuses of the go test runs that produced the files in this directory" >"$d/exit-codes.txt"
		harness_run "$v" "$d/test-timeout.txt" -timeout 2s ./timeout
		harness_run "$v" "$d/goleak-verifynone.txt" ./goleakverify
		harness_run "$v" "$d/goleak-verifytestmain.txt" ./goleakmain
	done
	CGO_ENABLED=1 harness_run 1.19 "$OUT/testharness/go1.19/race.txt" -race ./race
}

# ------------------------------------------------------------------ (i) damaged, malformed

cap_damaged() {
	GO="$GO119" "$HERE/damage.sh" "$OUT/logsfollow/leaky-after.txt" "$OUT/logsfollow/leaky-before.txt" "$OUT/damaged"
	"$HERE/damage-pprof.sh"
}

cap_malformed() {
	"$HERE/malformed.sh" "$OUT/logsfollow/leaky-after.txt" "$ROOT/malformed"
}

cap_compressed() {
	"$HERE/compress.sh"
}

# ------------------------------------------------------------------ (j) services

# Small realistic services (generators/go/services/<name>/, go1.19), each
# driven with a fixed number of requests; dumps in go/services/<name>/.
# SERVICES selects some of them (default: all, in this order).
SERVICES=${SERVICES:-"slow-downstream fanout rwmutex neverclosed hub healthy"}

# pprof_total: the "total N" of /debug/pprof/goroutine?debug=1 (this request's
# own two goroutines included).
pprof_total() {
	curl -sS --fail --max-time 10 "http://127.0.0.1:$PORT/debug/pprof/goroutine?debug=1" |
		sed -n '1s/^goroutine profile: total \([0-9]*\)$/\1/p'
}

# wait_total N: poll until the debug=1 total is exactly N (at most 10 s), then
# give the last poll's connection goroutines time to finish.
wait_total() {
	local want=$1 got= i
	for i in $(seq 1 50); do
		got=$(pprof_total)
		[ "$got" = "$want" ] && break
		sleep 0.2
	done
	[ "$got" = "$want" ] || die "goroutine total on port $PORT is $got, expected $want"
	sleep 0.5
}

# wait_frames TEXT N: poll until exactly N lines of the debug=2 dump contain
# TEXT (a fixed string; at most 10 s).
wait_frames() {
	local text=$1 want=$2 got= i
	for i in $(seq 1 50); do
		got=$(curl -sS --fail --max-time 10 "http://127.0.0.1:$PORT/debug/pprof/goroutine?debug=2" | grep -cF -- "$text" || true)
		[ "$got" = "$want" ] && break
		sleep 0.2
	done
	[ "$got" = "$want" ] || die "$text: $got goroutines on port $PORT, expected $want"
}

# hang_requests MAXTIME URL: one curl process, all URLs of the glob in
# parallel; each transfer gives up after MAXTIME s (the handlers stay blocked).
hang_requests() {
	# --parallel-immediate: open all connections at once (without it curl waits
	# to see whether it can multiplex on the first one).
	curl -s -Z --parallel-immediate --parallel-max 100 --max-time "$1" "$2" >/dev/null 2>&1 || true
}

# requests URL: the URLs of the glob one after the other on one keep-alive
# connection; every one must succeed.
requests() {
	curl -sS --fail --max-time 60 "$1" >/dev/null
}

svc_slow_downstream() {
	local d="$OUT/services/slow-downstream" pricing_pid
	fresh "$d"
	build 1.19 "$SRC/services/slow-downstream" "$BIN/slow-downstream" -trimpath
	start_server "$WORK/pricing.stdout" "$WORK/pricing.stderr" "$BIN/slow-downstream" -role pricing
	pricing_pid=$SERVER_PID
	start_server "$WORK/front.stdout" "$WORK/front.stderr" "$BIN/slow-downstream" -pricing "http://127.0.0.1:$PORT"
	# 3 quotes the pricing service answers; they leave one idle keep-alive
	# connection, which the first bundle quote then takes.
	requests "http://127.0.0.1:$PORT/quote?sku=plain-[1-3]"
	# Per bundle quote: handler + readLoop + writeLoop. Base: main, and the
	# pprof request's handler and backgroundRead.
	hang_requests 1 "http://127.0.0.1:$PORT/quote?sku=bundle-[1-2]"
	wait_total $((3 + 3 * 2))
	fetch "/debug/pprof/goroutine?debug=2" "$d/before.txt"
	hang_requests 1 "http://127.0.0.1:$PORT/quote?sku=bundle-[3-12]"
	wait_total $((3 + 3 * 12))
	fetch "/debug/pprof/goroutine?debug=2" "$d/after.txt"
	hang_requests 1 "http://127.0.0.1:$PORT/quote?sku=bundle-[13-22]"
	wait_total $((3 + 3 * 22))
	fetch "/debug/pprof/goroutine?debug=2" "$d/later.txt"
	stop "$SERVER_PID"
	stop "$pricing_pid"
}

svc_fanout() {
	local d="$OUT/services/fanout"
	fresh "$d"
	build 1.19 "$SRC/services/fanout" "$BIN/fanout"
	start_server "$WORK/fanout.stdout" "$WORK/fanout.stderr" "$BIN/fanout"
	# Per query: 2 replicas stranded in chan send.
	requests "http://127.0.0.1:$PORT/search?q=query-[1-2]"
	wait_total $((3 + 2 * 2))
	fetch "/debug/pprof/goroutine?debug=2" "$d/before.txt"
	requests "http://127.0.0.1:$PORT/search?q=query-[3-12]"
	wait_total $((3 + 2 * 12))
	fetch "/debug/pprof/goroutine?debug=2" "$d/after.txt"
	requests "http://127.0.0.1:$PORT/search?q=query-[13-22]"
	wait_total $((3 + 2 * 22))
	fetch "/debug/pprof/goroutine?debug=2" "$d/later.txt"
	stop "$SERVER_PID"
}

svc_rwmutex() {
	local d="$OUT/services/rwmutex"
	fresh "$d"
	build 1.19 "$SRC/services/rwmutex" "$BIN/rwmutex"
	start_server "$WORK/rwmutex.stdout" "$WORK/rwmutex.stderr" "$BIN/rwmutex"
	requests "http://127.0.0.1:$PORT/get?key=user-[1-5]" # cached: answered
	# A key that is not cached: the reader asks the hung origin while holding
	# the read lock; then the janitor blocks in Lock.
	hang_requests 1 "http://127.0.0.1:$PORT/get?key=report-1"
	wait_frames "main.(*Origin).Fetch(" 1
	wait_frames "main.(*Cache).evictExpired(" 1
	wait_frames "sync.(*RWMutex).Lock(" 1
	# Cached keys now block in RLock. Base: main, janitor, the stuck reader and
	# the pprof request's 2 goroutines.
	hang_requests 1 "http://127.0.0.1:$PORT/get?key=user-[6-7]"
	wait_total $((5 + 2))
	fetch "/debug/pprof/goroutine?debug=2" "$d/before.txt"
	hang_requests 1 "http://127.0.0.1:$PORT/get?key=user-[8-17]"
	wait_total $((5 + 12))
	fetch "/debug/pprof/goroutine?debug=2" "$d/after.txt"
	hang_requests 1 "http://127.0.0.1:$PORT/get?key=user-[18-27]"
	wait_total $((5 + 22))
	fetch "/debug/pprof/goroutine?debug=2" "$d/later.txt"
	stop "$SERVER_PID"
}

svc_neverclosed() {
	local d="$OUT/services/neverclosed"
	fresh "$d"
	build 1.19 "$SRC/services/neverclosed" "$BIN/neverclosed"
	start_server "$WORK/neverclosed.stdout" "$WORK/neverclosed.stderr" "$BIN/neverclosed"
	# Per order: 1 audit writer in chan receive.
	requests "http://127.0.0.1:$PORT/orders?qty=[1-2]"
	wait_total $((3 + 2))
	fetch "/debug/pprof/goroutine?debug=2" "$d/before.txt"
	requests "http://127.0.0.1:$PORT/orders?qty=[3-12]"
	wait_total $((3 + 12))
	fetch "/debug/pprof/goroutine?debug=2" "$d/after.txt"
	requests "http://127.0.0.1:$PORT/orders?qty=[13-22]"
	wait_total $((3 + 22))
	fetch "/debug/pprof/goroutine?debug=2" "$d/later.txt"
	stop "$SERVER_PID"
}

svc_hub() {
	local d="$OUT/services/hub"
	fresh "$d"
	build 1.19 "$SRC/services/hub" "$BIN/hub"
	start_server "$WORK/hub.stdout" "$WORK/hub.stderr" "$BIN/hub"
	# Long-poll clients that give up after 1 s. before: pollA 3, pollB 2,
	# stream 1; after and later each add pollA 48, pollB 36, stream 24.
	hang_requests 1 "http://127.0.0.1:$PORT/poll/orders?client=[1-3]"
	hang_requests 1 "http://127.0.0.1:$PORT/poll/payments?client=[1-2]"
	hang_requests 1 "http://127.0.0.1:$PORT/stream?client=[1-1]"
	wait_total $((3 + 3 + 2 + 1))
	fetch "/debug/pprof/goroutine?debug=2" "$d/before.txt"
	hang_requests 1 "http://127.0.0.1:$PORT/poll/orders?client=[4-51]"
	hang_requests 1 "http://127.0.0.1:$PORT/poll/payments?client=[3-38]"
	hang_requests 1 "http://127.0.0.1:$PORT/stream?client=[2-25]"
	wait_total $((3 + 51 + 38 + 25))
	fetch "/debug/pprof/goroutine?debug=2" "$d/after.txt"
	hang_requests 1 "http://127.0.0.1:$PORT/poll/orders?client=[52-99]"
	hang_requests 1 "http://127.0.0.1:$PORT/poll/payments?client=[39-74]"
	hang_requests 1 "http://127.0.0.1:$PORT/stream?client=[26-49]"
	wait_total $((3 + 99 + 74 + 49))
	fetch "/debug/pprof/goroutine?debug=2" "$d/later.txt"
	stop "$SERVER_PID"
}

# worker_states: the states of the healthy service's pool workers, e.g.
# "chan receive 2, sleep 2".
worker_states() {
	curl -sS --fail --max-time 10 "http://127.0.0.1:$PORT/debug/pprof/goroutine?debug=2" |
		awk 'BEGIN { RS = "" }
			/\nmain\.\(\*pool\)\.worker\(/ {
				split($0, l, "\n"); s = l[1]
				sub(/^goroutine [0-9]+ \[/, "", s); sub(/\]:$/, "", s)
				n[s]++
			}
			END { for (k in n) print k " " n[k] }' | sort | paste -sd, - | sed 's/,/, /g'
}

accept_state() { # FILE: the state of main.main (the accept loop) in a debug=2 dump
	awk 'BEGIN { RS = "" }
		/\nmain\.main\(/ {
			split($0, l, "\n"); s = l[1]
			sub(/^goroutine [0-9]+ \[/, "", s); sub(/\]:$/, "", s)
			print s
		}' "$1"
}

wait_workers() { # STATES: poll until worker_states prints STATES (at most 15 s)
	local want=$1 got= i
	for i in $(seq 1 75); do
		got=$(worker_states)
		[ "$got" = "$want" ] && break
		sleep 0.2
	done
	[ "$got" = "$want" ] || die "healthy workers: '$got', expected '$want'"
}

svc_healthy() {
	local d="$OUT/services/healthy" load_pid i state log
	fresh "$d"
	# capture-log.txt: a name the golden catalog treats as notes, not as a sample
	log="$d/capture-log.txt"
	echo "# how the files in this directory were taken (generators/capture.sh services)" >"$log"
	build 1.19 "$SRC/services/healthy" "$BIN/healthy"
	build 1.19 "$SRC/services/healthy/loadgen" "$BIN/healthy-loadgen"
	start_server "$WORK/healthy.stdout" "$WORK/healthy.stderr" "$BIN/healthy" -rest 5s
	# idle-1: no load; each worker has taken its warm-up job and rests.
	wait_workers "sleep 4"
	wait_total 7
	fetch "/debug/pprof/goroutine?debug=2" "$d/idle-1.txt"
	# The rest is over: all 4 wait for jobs. Then 14 s of load with 3-8 clients.
	wait_workers "chan receive 4"
	"$BIN/healthy-loadgen" -url "http://127.0.0.1:$PORT" -duration 14s >"$WORK/healthy-loadgen.stdout" &
	load_pid=$!
	STARTED+=("$load_pid")
	sleep 1.5
	# load-1: the accept loop (main.main) is usually caught in IO wait; around
	# an accept it is runnable (about 1 dump in 15 under this load in trials).
	# As with crash_retry, dumps are taken 0.1 s apart until one shows it
	# runnable (at most 60); the attempt count goes to capture-log.txt.
	for i in $(seq 1 60); do
		curl -sS --fail --max-time 60 -o "$d/load-1.txt" "http://127.0.0.1:$PORT/debug/pprof/goroutine?debug=2"
		state=$(accept_state "$d/load-1.txt")
		[ "$state" = runnable ] && break
		sleep 0.1
	done
	echo "load-1.txt: main.main [$state] in dump $i of at most 60 (0.1 s apart, 1.5 s into the load)" >>"$log"
	sleep 0.5
	# 2 background jobs: 2 workers take one each and rest for 5 s.
	curl -sS --fail --max-time 10 -X POST "http://127.0.0.1:$PORT/jobs?n=2" >/dev/null
	wait_workers "chan receive 2, sleep 2"
	sleep 1
	fetch "/debug/pprof/goroutine?debug=2" "$d/load-2.txt"
	wait "$load_pid" || die "loadgen failed: $(cat "$WORK/healthy-loadgen.stdout")"
	say "$(cat "$WORK/healthy-loadgen.stdout")"
	# idle-2: load over, no request in flight, the 2 rests are over.
	wait_workers "chan receive 4"
	wait_total 7
	fetch "/debug/pprof/goroutine?debug=2" "$d/idle-2.txt"
	stop "$SERVER_PID"
	for i in idle-1 load-1 load-2 idle-2; do
		echo "$i.txt: main.main [$(accept_state "$d/$i.txt")]" >>"$log"
	done
	echo "$(cat "$WORK/healthy-loadgen.stdout") (-duration 14s, 3-8 clients, one connection per request)" >>"$log"
}

cap_services() {
	local s
	for s in $SERVICES; do
		say "--- services/$s"
		"svc_${s//-/_}"
	done
}

# ------------------------------------------------------------------ main

ALL="prodcons masterworker sumserver logsfollow crash mixed synctest leakprofile testharness services damaged malformed compressed"
for section in ${*:-$ALL}; do
	say "=== $section"
	"cap_$section"
done
say "done"
