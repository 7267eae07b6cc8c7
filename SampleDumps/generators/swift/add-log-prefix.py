#!/usr/bin/env python3
"""Add a syslog/journald-style prefix to every line of a captured log.

Usage: add-log-prefix.py --start 2026-11-29T10:00:00.123Z --app app --pid 123 [--step-ms 1] < in > out

Each output line is `<timestamp> <app>[<pid>]: <original line>`, e.g.
`2026-11-29T10:00:00.123Z app[123]: *** Program crashed: ...`. The timestamp
starts at --start and grows by --step-ms per line (milliseconds, UTC, `Z`).
Empty lines keep the prefix (followed by nothing), as a log collector would
print an empty message. The text after the prefix is copied byte for byte;
this script is the only thing that changes it (used by capture.sh to make
SampleDumps/swift/backtracer/log-prefixed.scripted.txt).
"""
import argparse
import datetime
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--start", required=True)
    ap.add_argument("--app", default="app")
    ap.add_argument("--pid", required=True)
    ap.add_argument("--step-ms", type=int, default=1)
    a = ap.parse_args()
    t = datetime.datetime.strptime(a.start, "%Y-%m-%dT%H:%M:%S.%fZ")
    step = datetime.timedelta(milliseconds=a.step_ms)
    data = sys.stdin.buffer.read()
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()  # the text ends with a newline: no extra empty line
    out = sys.stdout.buffer
    for line in lines:
        stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)
        out.write(("%s %s[%s]: " % (stamp, a.app, a.pid)).encode() + line + b"\n")
        t += step


if __name__ == "__main__":
    main()
