#!/usr/bin/env bash
# Builds seed inputs for one fuzz target from ../SampleDumps into DIR (emptied first).
#   Fuzz/make-seeds.sh TARGET DIR [CUT_BYTES]
# Files longer than CUT_BYTES (default 65536, libFuzzer's -max_len here) are cut at the last
# line end before it. run.sh uses these when Corpus/TARGET is empty; the committed corpora were
# grown from them and merge-minimized.
set -euo pipefail
target=$1
out=$2
cut=${3:-65536}
here=$(cd "$(dirname "$0")" && pwd)
samples=$here/../SampleDumps
rm -rf "$out"
mkdir -p "$out"

# Copies $1 into $out under a name made from its path, cut to $cut bytes.
add() {
  local name
  name=$(printf '%s' "${1#"$samples"/}" | tr '/' '_')
  if [ "$(stat -c %s "$1")" -gt "$cut" ]; then
    # Drops the last line, which the cut may have split.
    head -c "$cut" "$1" | sed '$d' >"$out/$name.cut"
  else
    cp "$1" "$out/$name"
  fi
}

text_files() {
  find "$samples/go" "$samples/malformed" "$samples/swift" -type f \
    ! -name '*.md' ! -name '*.gz' ! -name '*.zlib' ! -name '*.bin' | sort
}

case $target in
  go-text | go-pprof-text | go-race)
    case $target in
      go-text) pattern='^goroutine [0-9]' ;;
      go-pprof-text) pattern='profile: total ' ;;
      go-race) pattern='DATA RACE' ;;
    esac
    while IFS= read -r f; do
      if grep -aq -e "$pattern" "$f"; then add "$f"; fi
    done < <(text_files)
    # Inputs that hold none of the format: they must fail cleanly.
    for f in "$samples"/malformed/*; do add "$f"; done
    ;;
  swift-backtrace | lldb-threads | lldb-swift-tasks)
    case $target in
      swift-backtrace) dir=backtracer ;;
      *) dir=lldb ;;
    esac
    while IFS= read -r f; do add "$f"; done < <(find "$samples/swift/$dir" -type f | sort)
    for f in "$samples"/malformed/*; do add "$f"; done
    ;;
  swift-backtrace-json)
    while IFS= read -r f; do add "$f"; done < <(find "$samples/swift/backtracer-json" -type f | sort)
    for f in "$samples"/malformed/*; do add "$f"; done
    ;;
  go-pprof-proto)
    while IFS= read -r f; do
      name=$(printf '%s' "${f#"$samples"/}" | tr '/' '_')
      gzip -dc "$f" >"$out/${name%.gz}"
    done < <(find "$samples" -name '*.pb.gz' | sort)
    # One still compressed: the format also reads gzip.
    cp "$samples/go/logsfollow/leaky-after.debug0.pb.gz" "$out/"
    ;;
  detect)
    while IFS= read -r f; do add "$f"; done < <(
      find "$samples/go" "$samples/malformed" "$samples/swift" "$samples/compressed" "$samples/gzip" \
        -type f ! -name '*.md' | sort)
    ;;
  *)
    # Any other format: every Swift and native sample, and malformed/ (detection picks its own).
    while IFS= read -r f; do add "$f"; done < <(text_files | grep -v '^'"$samples"'/go/')
    ;;
esac
echo "$target: $(find "$out" -type f | wc -l) seeds, $(du -sh "$out" | cut -f1)"
