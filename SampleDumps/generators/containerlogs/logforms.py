#!/usr/bin/env python3
"""logforms.py - write and read the line-prefix log forms of a dump.

Not part of stackdiff. Used by make.sh.

  logforms.py wrap kubectl  SRC > OUT   `kubectl logs --timestamps` form
  logforms.py wrap brackets SRC > OUT   "[2024-05-01 10:00:00 <line>]" form
  logforms.py unwrap FORM   FILE > OUT  FORM: docker | journal-json | short-iso |
                                        kubectl | brackets

wrap kubectl: every line (empty ones too) becomes
  <timestamp> <line>
with the kubelet's fixed-width RFC 3339 format
(types.RFC3339NanoFixed = "2006-01-02T15:04:05.000000000Z07:00"), starting at
2026-11-29T10:00:00.123456789Z and 3511 ns apart (the same synthetic clock as
dockerjson). The kubelet writes "<timestamp> " + the CRI log content, so an
empty line becomes "<timestamp> " (trailing space).

wrap brackets: every line becomes "[" + "2024-05-01 10:00:00" + " " + line +
"]" (an empty line gives "[2024-05-01 10:00:00 ]").

unwrap reads a wrapped file and prints what the program wrote, as bytes:
  docker        concatenation of the "log" fields (python json)
  journal-json  MESSAGE of each entry + "\n"; a MESSAGE given as an array of
                numbers (journalctl's form for non-printable / invalid UTF-8
                data) is turned into those bytes; MESSAGE null (journalctl
                without --all, field larger than 4096 bytes) is an error
  short-iso     the text after "<timestamp> <host> <identifier>[<pid>]: "
  kubectl       the text after the first space
  brackets      the text between "[YYYY-MM-DD HH:MM:SS " and the final "]"
"""
import json
import re
import sys

START_NS = 123456789
STEP_NS = 3511


def kubectl_ts(i):
    ns = START_NS + i * STEP_NS
    sec, frac = divmod(ns, 10**9)
    assert sec < 60
    return '2026-11-29T10:00:%02d.%09dZ' % (sec, frac)


def wrap(form, path):
    data = open(path, 'rb').read()
    assert data.endswith(b'\n'), 'source must end with a newline'
    out = sys.stdout.buffer
    for i, line in enumerate(data[:-1].split(b'\n')):
        if form == 'kubectl':
            out.write(kubectl_ts(i).encode() + b' ' + line + b'\n')
        elif form == 'brackets':
            out.write(b'[2024-05-01 10:00:00 ' + line + b']\n')
        else:
            sys.exit('unknown form ' + form)


SHORT = re.compile(rb'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} \S+ [^\[\s]+\[\d+\]: (.*)$')
KUBECTL = re.compile(rb'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z (.*)$')
BRACKETS = re.compile(rb'^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (.*)\]$')


def unwrap(form, path):
    out = sys.stdout.buffer
    data = open(path, 'rb').read()
    lines = data.split(b'\n')
    if lines and lines[-1] == b'':
        lines.pop()
    for n, line in enumerate(lines, 1):
        if form == 'docker':
            out.write(json.loads(line)['log'].encode('utf-8'))
        elif form == 'journal-json':
            msg = json.loads(line)['MESSAGE']
            if msg is None:
                sys.exit('%s:%d: MESSAGE is null (journalctl -o json without --all hides fields > 4096 bytes)' % (path, n))
            out.write((bytes(msg) if isinstance(msg, list) else msg.encode('utf-8')) + b'\n')
        else:
            pat = {'short-iso': SHORT, 'kubectl': KUBECTL, 'brackets': BRACKETS}[form]
            m = pat.match(line)
            if not m:
                sys.exit('%s:%d: not a %s line: %r' % (path, n, form, line[:80]))
            out.write(m.group(1) + b'\n')


if __name__ == '__main__':
    if len(sys.argv) != 4 or sys.argv[1] not in ('wrap', 'unwrap'):
        sys.exit(__doc__)
    (wrap if sys.argv[1] == 'wrap' else unwrap)(sys.argv[2], sys.argv[3])
