#!/usr/bin/env bash
# malformed.sh - write the small malformed inputs of SampleDumps/malformed/.
# These are hand-made or scripted, NOT captured from a program (except the
# truncated ones, which are cut from a real dump).
#
# Usage: malformed.sh REAL_DUMP OUTDIR   (REAL_DUMP: go/logsfollow/leaky-after.txt)
set -euo pipefail

IN=$1
OUT=$2
rm -rf "$OUT"
mkdir -p "$OUT"

# 1. Empty file.
: >"$OUT/empty.txt"

# 2. 4096 bytes of pseudo-random binary from a fixed-seed xorshift32
#    generator (deterministic, independent of any library's RNG).
python3 - "$OUT/binary-4k.bin" <<'PY'
import sys
x = 0x2022_1121
out = bytearray()
while len(out) < 4096:
    x ^= (x << 13) & 0xFFFFFFFF
    x ^= x >> 17
    x ^= (x << 5) & 0xFFFFFFFF
    out += x.to_bytes(4, "little")
open(sys.argv[1], "wb").write(bytes(out[:4096]))
PY

# 3. Text with no dump in it (hand-written). It mentions goroutines in prose
#    and has a line that starts like a header but is not one.
cat >"$OUT/no-dump.txt" <<'TXT'
2022/11/21 02:02:49 starting worker pool with 8 goroutines
2022/11/21 02:02:50 goroutine count: 12
goroutine leak suspected in the log follower, see ticket OPS-1234
2022/11/21 02:02:51 shutting down
  at main.main (main.go:10)
TXT

# 4. A real dump truncated in the middle of the third goroutine block, right
#    after a call line (its location line is missing).
awk '
	/^goroutine [0-9]+ / { blocks++ }
	{ print }
	blocks == 3 && /^[^\t].*\)$/ && !/^goroutine / { calls++; if (calls == 2) exit }
' "$IN" >"$OUT/truncated-mid-block.txt"

# 5. The same dump cut in the middle of a line (like a 64 MB debug=2 limit or
#    a too small runtime.Stack buffer): the first 2000 bytes, no final newline.
head -c 2000 "$IN" >"$OUT/truncated-mid-line.txt"

# 6. A pretty-printed (`jq .`-style, indent 2) Swift backtracer JSON report cut
#    after 4510 bytes, in the middle of a key, then a complete text report: both
#    real captures from ../swift/ (the JSON one is what output-to=DIR wrote).
SWIFT="$(dirname "$OUT")/swift"
python3 - "$SWIFT" "$OUT/swift-json-cut-then-text.txt" <<'PY'
import json, sys
swift, out = sys.argv[1], sys.argv[2]
report = next(line for line in open(swift + "/backtracer-json/crash.output-to-dir.json") if line.startswith("{"))
pretty = json.dumps(json.loads(report), indent=2, ensure_ascii=False) + "\n"
text = open(swift + "/backtracer/continuations.n10.txt").read()
open(out, "w").write(pretty[:4510] + "\n" + text)
PY

# 7. A hand-made pair of dumps whose function names, file paths and state carry markup and
#    quotes (`</script><script>`, `<svg/onload=…>`, `<!--`, `&amp;`, `"`, `'`), a `;` and a
#    U+2028 LINE SEPARATOR: an HTML report must show them as text and run none of them, and
#    folded stacks must keep one frame per name. Go accepts none of these names; the parser
#    reads them as it reads any function line.
python3 - "$OUT" <<'PY'
import sys
out = sys.argv[1]
script = ("example.com/evil.(*T).</script><script>alert(1)</script>(0xc000010000)\n"
          "\t/src/a&b/\"quoted\"/it's<x>.go:12 +0x1d\n"
          "example.com/evil.semi;colon(...)\n\t/src/evil/main.go:20 +0x2a\n"
          "main.main()\n\t/src/evil/main.go:30 +0x10\n")
quotes = ("example.com/evil.'single'&amp;\"double\"(0x1)\n\t/src/evil/q'uote.go:7 +0x1\n"
          "created by example.com/evil.start<svg/onload=alert(2)> in goroutine 1\n"
          "\t/src/evil/main.go:40 +0x10\n")
markup = ("example.com/evil.<!--comment(0x1)\n\t/src/evil/main.go:50 +0x1\n"
          "example.com/evil.line\u2028sep(0x2)\n\t/src/evil/main.go:51 +0x1\n"
          "created by example.com/evil.start<svg/onload=alert(2)> in goroutine 1\n"
          "\t/src/evil/main.go:40 +0x10\n")
def block(id, state, frames):
    return "goroutine %d [%s]:\n%s" % (id, state, frames)
before = "\n".join([block(1, "chan receive", script), block(3, "select, 5 minutes", quotes)])
after = "\n".join([block(1, "chan receive", script), block(3, "select, 5 minutes", quotes),
                   block(7, "chan receive", script), block(8, "chan receive", script),
                   block(11, "chan receive", script), block(12, "chan receive", script),
                   block(9, "<img src=x onerror=alert(3)>", markup), block(10, "<img src=x onerror=alert(3)>", markup)])
open(out + "/hostile-names-before.txt", "w", encoding="utf-8").write(before)
open(out + "/hostile-names-after.txt", "w", encoding="utf-8").write(after)
PY

ls -l "$OUT" >&2
