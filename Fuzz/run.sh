#!/usr/bin/env bash
# Fuzzes stackdiff's parsers with libFuzzer. See Fuzz/README.md.
#
#   Fuzz/run.sh TARGET [SECONDS]    fuzz TARGET (default 600 s) from Corpus/TARGET
#   Fuzz/run.sh replay [FILE...]    run every Regressions/ input (or FILEs) once through its target
#   Fuzz/run.sh build               build the fuzz binaries only
#   Fuzz/run.sh merge TARGET DIR... merge-minimize Corpus/TARGET and DIRs into Corpus/TARGET
#                                   (edge coverage only, inputs cut to FUZZ_CORPUS_CAP bytes)
#   Fuzz/run.sh minimize TARGET FILE   shrink a crashing input (libFuzzer -minimize_crash=1)
#
# TARGET: any format name of `stackdiff --help` (go-text, swift-backtrace, lldb-threads, ...)
# or detect (the reader's own detection of every format); `run.sh all SECONDS` fuzzes each.
# Environment:
#   FUZZ_SANITIZERS  -sanitize= value (default fuzzer,address; "fuzzer" alone is ~2x faster)
#   FUZZ_BUILD       scratch path (default Fuzz/.build, or Fuzz/.build-fuzzer without address)
#   FUZZ_MAX_LEN     libFuzzer -max_len (default 65536)
#   FUZZ_ARGS        more libFuzzer flags, e.g. "-seed=1 -only_ascii=1"
#   FUZZ_CORPUS_CAP  longest input `merge` keeps whole (default 2048 bytes)
# New corpus entries and crash artifacts go to Fuzz/.work/ (ignored by git); `merge` moves what
# is worth keeping into Corpus/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# Every target the fuzz executable knows: each registered format, and detect.
list_targets() { FUZZ_TARGET=list "$build_dir/release/fuzz-stackdiff" 2>&1 | sed -n 's/^fuzz-stackdiff: set FUZZ_TARGET to one of: //p' | tr -d ','; }
sanitizers=${FUZZ_SANITIZERS:-fuzzer,address}
if [ "$sanitizers" = "fuzzer,address" ]; then default_build=$here/.build; else default_build=$here/.build-${sanitizers//,/-}; fi
build_dir=${FUZZ_BUILD:-$default_build}
max_len=${FUZZ_MAX_LEN:-65536}
work=$here/.work
# Slow inputs, memory bombs and leaks are findings too; see README.md for the limits.
common=(-timeout=10 -rss_limit_mb=2048 -max_len="$max_len" -print_final_stats=1)
# LeakSanitizer is on (libFuzzer's -detect_leaks=1); malloc stacks are short for speed.
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=8:handle_abort=1}
# Crashes are reported by libFuzzer and ASan; the Swift runtime's own backtracer would hang them.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}

usage() {
  sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//' >&2
  exit 64
}

check_target() {
  local t
  for t in $(list_targets); do [ "$t" = "$1" ] && return 0; done
  echo "run.sh: unknown target '$1' (one of: $(list_targets))" >&2
  exit 64
}

build() {
  # One build at a time; SwiftPM skips it when nothing changed.
  swift build -c release --package-path "$here" --scratch-path "$build_dir" \
    -Xswiftc -sanitize="$sanitizers" 2>&1 | grep -v "Cannot export local symbol '__asan_extra_spill_area'" || true
  [ -x "$build_dir/release/fuzz-stackdiff" ] || { echo "run.sh: build failed (no fuzz-stackdiff)" >&2; exit 1; }
}

# Runs the fuzz executable for target $1 with libFuzzer's flags $2...
run_target() {
  local target=$1
  shift
  FUZZ_TARGET=$target "$build_dir/release/fuzz-stackdiff" "$@"
}

# The target a regression file belongs to: the longest target name its file name starts with.
target_of() {
  local name best="" t
  name=$(basename "$1")
  for t in $(list_targets); do
    if [[ $name == "$t"-* ]] && [ ${#t} -gt ${#best} ]; then best=$t; fi
  done
  echo "$best"
}

fuzz() {
  local target=$1 seconds=${2:-600}
  build
  check_target "$target"
  local corpus=$here/Corpus/$target new=$work/corpus/$target
  mkdir -p "$corpus" "$new" "$work/artifacts"
  local dirs=("$new" "$corpus")
  if [ -z "$(ls -A "$corpus")" ]; then
    "$here/make-seeds.sh" "$target" "$work/seeds/$target" "$max_len"
    dirs+=("$work/seeds/$target")
  fi
  # One process, one thread (the default without -jobs/-workers/-fork).
  run_target "$target" "${common[@]}" -max_total_time="$seconds" -dict="$here/stackdiff.dict" \
    -artifact_prefix="$work/artifacts/$target-" ${FUZZ_ARGS:-} "${dirs[@]}"
}

replay() {
  build
  local files=("$@") failed=() f target
  if [ ${#files[@]} -eq 0 ]; then
    shopt -s nullglob
    files=("$here"/Regressions/*)
  fi
  for f in "${files[@]}"; do
    [ -f "$f" ] || continue
    case $(basename "$f") in *.md | *.txt.notes) continue ;; esac
    target=$(target_of "$f")
    if [ -z "$target" ]; then
      echo "run.sh: $f: name does not start with a target name" >&2
      failed+=("$f")
      continue
    fi
    if run_target "$target" "${common[@]}" "$f" >"$work/replay.log" 2>&1; then
      echo "ok    $target  $(basename "$f")"
    else
      echo "FAIL  $target  $(basename "$f")"
      grep -E "ERROR: |FUZZ\[|Fatal error|SUMMARY|#[0-9] 0x" "$work/replay.log" | head -8 | sed 's/^/      /'
      failed+=("$f")
    fi
  done
  echo "${#files[@]} inputs, ${#failed[@]} failed"
  [ ${#failed[@]} -eq 0 ]
}

merge() {
  local target=$1
  shift
  build
  check_target "$target"
  local corpus=$here/Corpus/$target merged=$work/merged/$target candidates=$work/candidates/$target
  local cap=${FUZZ_CORPUS_CAP:-2048} f name size c
  rm -rf "$merged" "$candidates"
  mkdir -p "$merged" "$candidates" "$corpus"
  # Candidates: every input up to the cap, and the first 512, 1024 and cap bytes of longer ones.
  # libFuzzer's merge takes the smallest input for each edge first, so a cut copy replaces its
  # long original wherever it reaches the same code.
  while IFS= read -r -d '' f; do
    size=$(stat -c %s "$f")
    name=$(sha1sum "$f" | cut -c1-40)
    if [ "$size" -le "$cap" ]; then
      cp "$f" "$candidates/$name"
    else
      for c in 512 1024 "$cap"; do head -c "$c" "$f" >"$candidates/$name.$c"; done
    fi
  done < <(find "$corpus" "$@" -type f -print0)
  # Edges only (-use_counters=0): hit counts would keep hundreds more inputs.
  run_target "$target" "${common[@]}" -merge=1 -use_counters=0 "$merged" "$candidates"
  rm -rf "$corpus" "$candidates"
  mv "$merged" "$corpus"
  echo "Corpus/$target: $(find "$corpus" -type f | wc -l) files, $(du -sh --apparent-size "$corpus" | cut -f1)"
}

minimize() {
  local target=$1 file=$2
  build
  check_target "$target"
  mkdir -p "$work/artifacts"
  run_target "$target" "${common[@]}" -minimize_crash=1 -max_total_time=${FUZZ_MINIMIZE_SECONDS:-120} \
    -exact_artifact_path="$work/artifacts/minimized-$(basename "$file")" "$file"
  echo "minimized: $work/artifacts/minimized-$(basename "$file")"
}

# Fuzzes every target in turn, SECONDS each.
fuzz_all() {
  build
  local t
  for t in $(list_targets); do fuzz "$t" "${1:-600}"; done
}

mkdir -p "$work"
case ${1:-} in
  "" | -h | --help) usage ;;
  build) build ;;
  all) [ $# -le 2 ] || usage; fuzz_all "${2:-600}" ;;
  replay) shift; replay "$@" ;;
  merge) [ $# -ge 2 ] || usage; shift; merge "$@" ;;
  minimize) [ $# -eq 3 ] || usage; minimize "$2" "$3" ;;
  *) [ $# -le 2 ] || usage; fuzz "$@" ;;
esac
