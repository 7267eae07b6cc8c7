#!/usr/bin/env bash
# make.sh - the forms real Go dumps take in container and journal logs.
# Writes SampleDumps/go/containerlogs/ (see go/containerlogs/NOTES.md).
#
# Usage: generators/containerlogs/make.sh [section ...]
#   sections: docker kubectl brackets journal verify (default: all, in this order)
#
#   docker    scripted: dockerjson (Go, this directory) encodes a dump as
#             Docker's json-file driver stores it (no Docker daemon here)
#   kubectl   scripted: `kubectl logs --timestamps` form (logforms.py)
#   brackets  scripted: "[2024-05-01 10:00:00 <line>]" logger form (logforms.py)
#   journal   REAL systemd-journald + journalctl of this machine (systemd 252):
#             journald is started in a private mount namespace (unshare, needs
#             root), dumps are fed to it with systemd-cat, and journalctl prints
#             them as -o json / -o short-iso. Also a live run of the crash
#             program (go1.19) with its stderr connected to journald.
#   verify    unwraps every file (logforms.py, plus dockerjson -decode) and
#             compares it with its source using cmp; results go to capture-log.txt.
#
# Toolchain: GO119 (default /usr/lib/go-1.19/bin/go). Scratch: WORK (default
# /tmp/stackdiff-capture). Every process is bounded by `timeout` and stopped
# by its PID.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"   # generators/containerlogs
ROOT="$(cd "$HERE/../.." && pwd)"                          # SampleDumps
DUMPS="$ROOT/go"
OUT="$ROOT/go/containerlogs"

GO119=${GO119:-/usr/lib/go-1.19/bin/go}
WORK=${WORK:-/tmp/stackdiff-capture}
BIN="$WORK/bin"
mkdir -p "$BIN" "$WORK/gocache" "$WORK/gopath" "$OUT"
export GOTOOLCHAIN=local GOPROXY=off GOSUMDB=off GOFLAGS=
export GOCACHE="$WORK/gocache" GOPATH="$WORK/gopath" CGO_ENABLED=0
unset GOTRACEBACK GODEBUG GOEXPERIMENT GOMAXPROCS GOROOT || true
export TZ=UTC LC_ALL=C.UTF-8

say() { echo "[containerlogs] $*" >&2; }
die() { echo "[containerlogs] ERROR: $*" >&2; exit 1; }

# name -> source dump (all real captures or, for damaged/*, scripted variants
# of one, see SampleDumps/README.md)
declare -A SRC=(
	[leaky-after]="$DUMPS/logsfollow/leaky-after.txt"
	[panic-all]="$DUMPS/crash/go1.19/panic-all.txt"
	[mixed-sigquit-system]="$DUMPS/mixed/go1.19/mixed-sigquit-system.txt"
	[mixed-tracebacklabels]="$DUMPS/mixed/go1.26/mixed-tracebacklabels.txt"
	[ansi-colors]="$DUMPS/damaged/ansi-colors.txt"
	[logrus-single-entry]="$DUMPS/damaged/logrus-single-entry.txt"
)
DOCKER_SET="leaky-after panic-all mixed-sigquit-system mixed-tracebacklabels ansi-colors logrus-single-entry"
PREFIX_SET="leaky-after panic-all"
JOURNAL_SET="leaky-after panic-all ansi-colors logrus-single-entry"

# ------------------------------------------------------------------ docker

do_docker() {
	local n
	say "build dockerjson"
	(cd "$HERE/dockerjson" && "$GO119" build -o "$BIN/dockerjson" .)
	for n in $DOCKER_SET; do
		"$BIN/dockerjson" -stream stderr <"${SRC[$n]}" >"$OUT/docker-$n.json.log"
	done
}

# ------------------------------------------------------------------ kubectl, brackets

do_kubectl() {
	local n
	for n in $PREFIX_SET; do python3 "$HERE/logforms.py" wrap kubectl "${SRC[$n]}" >"$OUT/kubectl-$n.txt"; done
}

do_brackets() {
	local n
	for n in $PREFIX_SET; do python3 "$HERE/logforms.py" wrap brackets "${SRC[$n]}" >"$OUT/brackets-$n.txt"; done
}

# ------------------------------------------------------------------ journal

JOURNALD=${JOURNALD:-/lib/systemd/systemd-journald}

do_journal() {
	local n
	[ "$(id -u)" = 0 ] || die "journal: needs root (private mount namespace for journald)"
	command -v unshare >/dev/null && command -v systemd-cat >/dev/null && command -v journalctl >/dev/null &&
		[ -x "$JOURNALD" ] || die "journal: needs unshare, systemd-cat, journalctl and $JOURNALD"
	say "build crash (go1.19) for the live run"
	(cd "$ROOT/generators/go/crash" && "$GO119" build -o "$BIN/crash-1.19" .)
	local inner="$WORK/journal-inner.sh" tmp="$WORK/journal-out"
	rm -rf "$tmp" && mkdir -p "$tmp"
	cat >"$inner" <<'INNER'
set -euo pipefail
# Runs inside `unshare --mount --propagation private`: these tmpfs mounts and
# the journald started here are invisible to the rest of the machine.
mount -t tmpfs tmpfs /run/systemd
mount -t tmpfs tmpfs /run/log
mkdir -p /var/log/journal
mount -t tmpfs tmpfs /var/log/journal
"$JOURNALD" >"$TMP/journald.stderr" 2>&1 &
JPID=$!
trap 'kill "$JPID" 2>/dev/null || true' EXIT
for i in $(seq 1 100); do [ -S /run/systemd/journal/stdout ] && break; sleep 0.1; done
[ -S /run/systemd/journal/stdout ] || { echo "journald did not start" >&2; exit 1; }
# Replays: each committed dump written to stderr (priority err) by `cat`,
# identifier = the program that produced the dump.
feed() { # NAME IDENTIFIER
	timeout 30 systemd-cat -t "$2" --stderr-priority=err sh -c 'exec cat "$0" >&2' "$(src_of "$1")"
}
src_of() { eval "echo \"\$SRC_$(echo "$1" | tr - _)\""; }
feed leaky-after logsfollow
feed panic-all crash
feed ansi-colors logsfollow-color
# logrus writes to stderr too, but this one is left at the default priority
# (info) to show PRIORITY 6 next to the 3 of the others.
timeout 30 systemd-cat -t logrusfmt cat "$(src_of logrus-single-entry)"
# Live: the crash program itself, stdout and stderr connected to journald.
rc=0
timeout 30 systemd-cat -t crash-live --stderr-priority=err env GOTRACEBACK=all "$BIN/crash-1.19" panic || rc=$?
echo "$rc" >"$TMP/live-exit"
journalctl --sync 2>/dev/null || sleep 1
J() { journalctl --no-pager "$@"; }
for id in logsfollow crash logsfollow-color logrusfmt crash-live; do
	J -o json -t "$id" >"$TMP/$id.json"
	J -o short-iso -t "$id" >"$TMP/$id.short-iso.txt"
	J -o cat -t "$id" >"$TMP/$id.cat.txt"
done
J -o json --all -t logrusfmt >"$TMP/logrusfmt.all.json"
J -o short-iso --all -t logsfollow >"$TMP/logsfollow.short-iso-all.txt"
systemd-cat --version | head -n 1 >"$TMP/version"
INNER
	local srcenv=()
	for n in "${!SRC[@]}"; do srcenv+=("SRC_${n//-/_}=${SRC[$n]}"); done
	env "${srcenv[@]}" JOURNALD="$JOURNALD" TMP="$tmp" BIN="$BIN" \
		timeout -k 10 120 unshare --mount --propagation private bash "$inner"
	say "journald: $(cat "$tmp/version"); live crash exit status $(cat "$tmp/live-exit")"

	# entry counts: journald stores one entry per non-empty line
	local id src want got
	for pair in logsfollow:leaky-after crash:panic-all logsfollow-color:ansi-colors logrusfmt:logrus-single-entry; do
		id=${pair%%:*} src=${SRC[${pair#*:}]}
		want=$(grep -c . "$src" || true)
		got=$(wc -l <"$tmp/$id.json")
		[ "$want" = "$got" ] || die "journal $id: $got entries, want $want (non-empty lines of $src)"
	done

	cp "$tmp/logsfollow.json" "$OUT/journal-leaky-after.json"
	cp "$tmp/logsfollow.short-iso.txt" "$OUT/journal-leaky-after.short-iso.txt"
	cp "$tmp/logsfollow.short-iso-all.txt" "$OUT/journal-leaky-after.short-iso-all.txt"
	cp "$tmp/crash.json" "$OUT/journal-panic-all.json"
	cp "$tmp/crash.short-iso.txt" "$OUT/journal-panic-all.short-iso.txt"
	cp "$tmp/logsfollow-color.json" "$OUT/journal-ansi-colors.json"
	cp "$tmp/logsfollow-color.short-iso.txt" "$OUT/journal-ansi-colors.short-iso.txt"
	cp "$tmp/logrusfmt.json" "$OUT/journal-logrus-single-entry.json"
	cp "$tmp/logrusfmt.all.json" "$OUT/journal-logrus-single-entry.all.json"
	cp "$tmp/logrusfmt.short-iso.txt" "$OUT/journal-logrus-single-entry.short-iso.txt"
	cp "$tmp/crash-live.json" "$OUT/journal-live-crash-panic.json"
	cp "$tmp/crash-live.short-iso.txt" "$OUT/journal-live-crash-panic.short-iso.txt"
	cp "$tmp/crash-live.cat.txt" "$OUT/journal-live-crash-panic.cat.txt"
	# capture-log.txt (a name the golden catalog treats as notes): the journal
	# part is written here, the checks part by verify.
	{
		echo "# journal capture: $(cat "$tmp/version"), journald started by make.sh in a private mount namespace"
		echo "journal-live-crash-panic.*   exit $(cat "$tmp/live-exit") (systemd-cat passes on the exit status of: env GOTRACEBACK=all crash-1.19 panic)"
	} >"$OUT/capture-log.txt"
}

# ------------------------------------------------------------------ verify

CHECKS=
check() { # DESCRIPTION EXPECTED-FILE ACTUAL-FILE
	if cmp -s "$2" "$3"; then
		printf 'OK    %s\n' "$1" >>"$CHECKS"
	else
		printf 'DIFF  %s (%s)\n' "$1" "$(cmp "$2" "$3" 2>&1 | head -n 1)" >>"$CHECKS"
		say "check failed: $1"
		FAILED=1
	fi
}

do_verify() {
	local n t="$WORK/verify" f
	FAILED=0
	rm -rf "$t" && mkdir -p "$t"
	CHECKS="$t/checks"
	echo "# make.sh verify: unwrap each file and cmp with what it must contain" >"$CHECKS"
	[ -x "$BIN/dockerjson" ] || (cd "$HERE/dockerjson" && "$GO119" build -o "$BIN/dockerjson" .)
	for n in $DOCKER_SET; do
		f="$OUT/docker-$n.json.log"
		python3 "$HERE/logforms.py" unwrap docker "$f" >"$t/d-$n"
		check "docker-$n.json.log: python json unwrap == ${SRC[$n]#"$ROOT"/}" "${SRC[$n]}" "$t/d-$n"
		"$BIN/dockerjson" -decode <"$f" >"$t/dg-$n"
		check "docker-$n.json.log: dockerjson -decode (encoding/json) == ${SRC[$n]#"$ROOT"/}" "${SRC[$n]}" "$t/dg-$n"
	done
	for n in $PREFIX_SET; do
		for form in kubectl brackets; do
			python3 "$HERE/logforms.py" unwrap "$form" "$OUT/$form-$n.txt" >"$t/$form-$n"
			check "$form-$n.txt: unwrap == ${SRC[$n]#"$ROOT"/}" "${SRC[$n]}" "$t/$form-$n"
		done
	done
	if [ -f "$OUT/journal-leaky-after.json" ]; then
		for n in leaky-after panic-all ansi-colors; do
			sed '/^$/d' "${SRC[$n]}" >"$t/noblank-$n"
			python3 "$HERE/logforms.py" unwrap journal-json "$OUT/journal-$n.json" >"$t/jj-$n"
			check "journal-$n.json: unwrap == ${SRC[$n]#"$ROOT"/} without its empty lines (sed '/^\$/d')" "$t/noblank-$n" "$t/jj-$n"
		done
		check "  (journal-leaky-after.json unwrapped is byte-identical to go/damaged/no-blank-lines.txt)" "$ROOT/go/damaged/no-blank-lines.txt" "$t/jj-leaky-after"
		for n in leaky-after panic-all; do
			sed '/^$/d; s/\t/        /g' "${SRC[$n]}" >"$t/noblank-tab8-$n"
			python3 "$HERE/logforms.py" unwrap short-iso "$OUT/journal-$n.short-iso.txt" >"$t/js-$n"
			check "journal-$n.short-iso.txt: unwrap == ${SRC[$n]#"$ROOT"/} without empty lines, each TAB as 8 spaces" "$t/noblank-tab8-$n" "$t/js-$n"
		done
		# without --all, journalctl also removes ANSI escape sequences
		sed -E '/^$/d; s/\x1b\[[0-9;]*m//g; s/\t/        /g' "${SRC[ansi-colors]}" >"$t/noblank-noansi-tab8"
		python3 "$HERE/logforms.py" unwrap short-iso "$OUT/journal-ansi-colors.short-iso.txt" >"$t/js-ansi"
		check "journal-ansi-colors.short-iso.txt: unwrap == go/damaged/ansi-colors.txt without empty lines, ANSI sequences removed, each TAB as 8 spaces" "$t/noblank-noansi-tab8" "$t/js-ansi"
		check "  (and that is the same as journal-leaky-after.short-iso.txt unwrapped)" "$t/js-leaky-after" "$t/js-ansi"
		python3 "$HERE/logforms.py" unwrap short-iso "$OUT/journal-leaky-after.short-iso-all.txt" >"$t/jsa"
		check "journal-leaky-after.short-iso-all.txt (--all): unwrap == go/logsfollow/leaky-after.txt without empty lines (TABs kept)" "$t/noblank-leaky-after" "$t/jsa"
		n=logrus-single-entry
		if python3 "$HERE/logforms.py" unwrap journal-json "$OUT/journal-$n.json" >"$t/jj-$n" 2>"$t/jj-$n.err"; then
			printf 'DIFF  journal-%s.json: expected MESSAGE null, but it decoded\n' "$n" >>"$CHECKS"
			FAILED=1
		else
			printf 'OK    journal-%s.json: MESSAGE is null, as expected (%s bytes > 4096, no --all)\n' "$n" "$(($(wc -c <"${SRC[$n]}") - 1))" >>"$CHECKS"
		fi
		python3 "$HERE/logforms.py" unwrap journal-json "$OUT/journal-$n.all.json" >"$t/jja-$n"
		check "journal-$n.all.json (--all): unwrap == ${SRC[$n]#"$ROOT"/}" "${SRC[$n]}" "$t/jja-$n"
		python3 "$HERE/logforms.py" unwrap journal-json "$OUT/journal-live-crash-panic.json" >"$t/live"
		check "journal-live-crash-panic.json: unwrap == journal-live-crash-panic.cat.txt (journalctl -o cat)" "$OUT/journal-live-crash-panic.cat.txt" "$t/live"
	fi
	sed -i "s#$ROOT/##g" "$CHECKS"
	# keep the journal part of capture-log.txt, replace the checks part
	if [ -f "$OUT/capture-log.txt" ]; then
		sed -i '/^# make.sh verify/,$d' "$OUT/capture-log.txt"
		cat "$CHECKS" >>"$OUT/capture-log.txt"
	else
		cp "$CHECKS" "$OUT/capture-log.txt"
	fi
	[ "$FAILED" = 0 ] || die "verify: some checks failed, see $OUT/capture-log.txt"
	say "verify: all $(grep -c '^OK' "$CHECKS") checks OK"
}

ALL="docker kubectl brackets journal verify"
for section in ${*:-$ALL}; do
	say "=== $section"
	"do_$section"
done
