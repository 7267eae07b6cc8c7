#!/usr/bin/env bash
# compress.sh - write the compressed copies of the sample dumps (not captured: scripted).
#
#   gzip/<path>.gz        every text dump under go/, gzip -9 -n (no name or time: reproducible)
#   compressed/           container edge cases built from go/logsfollow/leaky-after.txt:
#     leaky-after.zlib          a zlib stream (RFC 1950), as some HTTP clients and tools write
#     leaky-after.multi.gz      two gzip members concatenated (the file split in half)
#     leaky-after.truncated.gz  the first half of leaky-after.txt.gz: a cut download
#     garbage.gz                gzip of malformed/binary-4k.bin: valid gzip, binary inside
#     empty.gz                  gzip of an empty file
#     newlines-100m.gz          100 MiB of newlines in ~100 KiB: a decompression bomb for tests
#
# Usage: compress.sh   (run from anywhere; writes beside this script's SampleDumps/)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"

rm -rf gzip compressed
find go -type f -name '*.txt' | sort | while read -r f; do
  mkdir -p "gzip/$(dirname "$f")"
  gzip -9 -n -c "$f" >"gzip/$f.gz"
done

mkdir -p compressed
src=go/logsfollow/leaky-after.txt
python3 - "$src" <<'PY'
import gzip, sys, zlib
src = open(sys.argv[1], "rb").read()
open("compressed/leaky-after.zlib", "wb").write(zlib.compress(src, 9))
half = len(src) // 2
members = gzip.compress(src[:half], 9, mtime=0) + gzip.compress(src[half:], 9, mtime=0)
open("compressed/leaky-after.multi.gz", "wb").write(members)
whole = gzip.compress(src, 9, mtime=0)
open("compressed/leaky-after.truncated.gz", "wb").write(whole[: len(whole) // 2])
open("compressed/garbage.gz", "wb").write(gzip.compress(open("malformed/binary-4k.bin", "rb").read(), 9, mtime=0))
open("compressed/empty.gz", "wb").write(gzip.compress(b"", 9, mtime=0))
open("compressed/newlines-100m.gz", "wb").write(gzip.compress(b"\n" * (100 << 20), 9, mtime=0))
PY
echo "wrote $(find gzip -type f | wc -l) gzip copies and $(ls compressed | wc -l) container cases"
