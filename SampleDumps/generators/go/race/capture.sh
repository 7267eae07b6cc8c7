#!/usr/bin/env bash
# capture.sh - run the race-detector tests in generators/go/race/ and save the
# `go test -race` output as SampleDumps/go/race/*.txt (see go/race/NOTES.md).
#
# Usage: generators/go/race/capture.sh
# Toolchain: GO119 (default /usr/lib/go-1.19/bin/go, go1.19.8 from Debian's
# golang-go, the only toolchain on the capture machine). Scratch space: WORK
# (default /tmp/stackdiff-capture). The race detector needs cgo and gcc.
#
# Every `go test` is bounded by coreutils `timeout` and by go test's own
# -timeout; retry loops are bounded. Runs one go test at a time (-p 1).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"         # generators/go/race
ROOT="$(cd "$HERE/../../.." && pwd)"                            # SampleDumps
OUT="$ROOT/go/race"

GO119=${GO119:-/usr/lib/go-1.19/bin/go}
WORK=${WORK:-/tmp/stackdiff-capture}
mkdir -p "$WORK/gocache" "$WORK/gopath" "$OUT"

export GOTOOLCHAIN=local GOPROXY=off GOSUMDB=off GOFLAGS=
export GOCACHE="$WORK/gocache" GOPATH="$WORK/gopath" CGO_ENABLED=1
unset GOTRACEBACK GODEBUG GOEXPERIMENT GOMAXPROCS GOROOT GORACE RACE_DEMO || true

# GORACE for the "repeated" captures: report every occurrence. By default the
# race runtime (ThreadSanitizer) prints a race only once per pair of access
# stacks (suppress_equal_stacks=1) and once per address range
# (suppress_equal_addresses=1); halt_on_error=0 (the default) keeps going after
# a report; history_size=2 (0..7, default 1) keeps more history per goroutine
# so the "Previous ..." stacks can be restored.
REPEAT="halt_on_error=0 history_size=2 suppress_equal_stacks=0 suppress_equal_addresses=0"

say() { echo "[race] $*" >&2; }
# capture-log.txt: a name the golden catalog treats as notes, not as a sample
CODES="$OUT/capture-log.txt"
echo "# exit statuses of the go test runs that produced the files in this directory (go1.19, run in generators/go/race)" >"$CODES"

# run FILE VAR=VALUE... -- ARGS... : one `go test` in $HERE, stdout+stderr -> FILE.
RC=
ENVS=()
GOARGS=()
run() {
	local file=$1
	shift
	ENVS=()
	while [ "$1" != "--" ]; do ENVS+=("$1"); shift; done
	shift
	GOARGS=("$@")
	RC=0
	(cd "$HERE" && env ${ENVS[@]+"${ENVS[@]}"} timeout -k 10 300 "$GO119" test "$@") >"$OUT/$file" 2>&1 || RC=$?
}

blocks() { grep -c '^WARNING: DATA RACE$' "$OUT/$1" || true; }

# capture FILE CHECK VAR=VALUE... -- ARGS... : run up to 3 times until CHECK FILE passes.
capture() {
	local file=$1 check=$2 try
	shift 2
	for try in 1 2 3; do
		run "$file" "$@"
		if "$check" "$file"; then
			printf '%-18s exit %-3s attempt %s  env: %s go test %s\n' "$file" "$RC" "$try" \
				"$(if [ ${#ENVS[@]} -eq 0 ]; then echo '(none) '; else printf "'%s' " "${ENVS[@]}"; fi)" "${GOARGS[*]}" >>"$CODES"
			say "$file: exit $RC, $(blocks "$file") race reports (attempt $try)"
			return 0
		fi
		say "$file: attempt $try rejected ($(blocks "$file") race reports, exit $RC)"
	done
	echo "[race] ERROR: $file not captured" >&2
	exit 1
}

no_fatal() { ! grep -q '^fatal error' "$OUT/$1"; }
# 50..200 reports and no runtime "fatal error: concurrent map writes" (the
# registry test's writes could overlap in time on a very busy machine).
many() { local n; n=$(blocks "$1"); no_fatal "$1" && [ "$n" -ge 50 ] && [ "$n" -le 200 ]; }
few() { local n; n=$(blocks "$1"); no_fatal "$1" && [ "$n" -ge 1 ] && [ "$n" -lt 50 ]; }
timed_out() { few "$1" && grep -q '^panic: test timed out after' "$OUT/$1"; }
panicked() { few "$1" && grep -q '^panic: batcher: Close with' "$OUT/$1"; }
ci() { many "$1" && grep -q '^panic: test timed out after' "$OUT/$1"; }

capture race-repeated.txt many "GORACE=$REPEAT" -- -race -count=1 -v -p 1 ./...
capture race-default.txt few -- -race -count=1 -v -p 1 ./...
capture race-stripped.txt few "GORACE=strip_path_prefix=$HERE/" -- -race -count=1 -v -p 1 ./...
capture race-timeout.txt timed_out "GORACE=$REPEAT" RACE_DEMO=timeout -- -race -count=1 -v -timeout 5s ./batcher
capture race-panic.txt panicked "GORACE=$REPEAT" RACE_DEMO=panic -- -race -count=1 -v ./batcher
capture race-ci.txt ci "GORACE=$REPEAT" RACE_DEMO=timeout -- -race -count=1 -v -p 1 -timeout 10s ./...

for f in "$OUT"/race-*.txt; do
	[ "$(wc -c <"$f")" -lt 500000 ] || say "WARNING: $(basename "$f") is larger than 500 KB"
done
say "done; counts: python3 $HERE/raceblocks.py $OUT/race-*.txt"
