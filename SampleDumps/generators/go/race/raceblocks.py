#!/usr/bin/env python3
"""raceblocks.py - count Go race-detector reports and goroutine dumps in a log.

An independent reader used to write SampleDumps/go/race/NOTES.md (not part of
stackdiff). Usage: raceblocks.py [--markdown] FILE...

For every `WARNING: DATA RACE` block it takes the two access stacks
("Read at/Write at ... by goroutine N:" and "Previous read/write at ..."),
and for each the first *user* frame: the first function that does not start
with runtime., sync., sync/atomic., internal/ or testing. (so
runtime.mapassign_faststr and runtime.growslice are skipped), printed as
`function file:line` with the path shortened to what follows
`generators/go/race/` (or left as printed, e.g. after strip_path_prefix).
A race is identified by the pair (current access frame, previous access frame).

Goroutine dumps: a dump is a run of goroutine blocks; it starts at a line
`goroutine N [state]:` and ends at the first line that is neither part of a
block (call line, tab-indented location line, `created by`, empty line) nor
another header.
"""
import re
import sys
from collections import Counter, OrderedDict

ACCESS = re.compile(r'^(Previous )?(read|write|Read|Write)( \(\w+\))?'
                    r' at 0x[0-9a-f]+ by (goroutine \d+|main goroutine):$')
CREATED = re.compile(r'^Goroutine (\d+) \((\w+)\) created at:$')
FRAME_FN = re.compile(r'^  (\S.*)\(\)$')
FRAME_LOC = re.compile(r'^      (\S+):(\d+)( \+0x[0-9a-f]+)?$')
HEADER = re.compile(r'^goroutine (\d+) \[([^\]]*)\]:$')
SKIP = ('runtime.', 'sync.', 'sync/atomic.', 'internal/', 'testing.')


def short(path):
    i = path.find('generators/go/race/')
    return path[i + len('generators/go/race/'):] if i >= 0 else path


def first_user(frames):
    for fn, loc in frames:
        if not fn.startswith(SKIP):
            return '%s %s' % (fn, loc)
    return '(no user frame)'


def parse_races(lines):
    races = []
    i = 0
    while i < len(lines):
        if lines[i] != 'WARNING: DATA RACE':
            i += 1
            continue
        race = {'sections': []}
        i += 1
        while i < len(lines) and lines[i] != '==================':
            line = lines[i]
            m = ACCESS.match(line)
            c = CREATED.match(line)
            if m or c:
                sec = {'head': line, 'frames': [], 'failed': False}
                if m:
                    sec['kind'] = ('Previous ' if m.group(1) else '') + m.group(2).lower()
                    sec['who'] = m.group(4)
                else:
                    sec['kind'] = 'created'
                    sec['who'] = 'goroutine ' + c.group(1)
                    sec['status'] = c.group(2)
                race['sections'].append(sec)
            elif race['sections']:
                sec = race['sections'][-1]
                f = FRAME_FN.match(line)
                lo = FRAME_LOC.match(line)
                if f:
                    sec['frames'].append([f.group(1), None])
                elif lo and sec['frames'] and sec['frames'][-1][1] is None:
                    sec['frames'][-1][1] = '%s:%s' % (short(lo.group(1)), lo.group(2))
                elif line.strip() == '[failed to restore the stack]':
                    sec['failed'] = True
            i += 1
        acc = [s for s in race['sections'] if s['kind'] != 'created']
        race['cur'] = acc[0] if acc else None
        race['prev'] = acc[1] if len(acc) > 1 else None
        races.append(race)
    return races


def parse_dumps(lines):
    dumps = []
    cur = None
    for line in lines:
        h = HEADER.match(line)
        if h:
            if cur is None:
                cur = Counter()
                dumps.append(cur)
            cur[h.group(2)] += 1
        elif cur is not None:
            if line == '' or line.startswith('\t') or line.startswith('created by ') \
                    or re.match(r'^\S+\(.*\)$', line) or line == '...additional frames elided...':
                continue
            cur = None
    return dumps


def describe(path, md):
    with open(path, 'rb') as f:
        lines = f.read().decode('utf-8', 'replace').split('\n')
    races = parse_races(lines)
    out = []
    out.append('`%s`' % path)
    out.append('  WARNING: DATA RACE blocks: %d' % len(races))
    pairs = Counter()
    kinds = Counter()
    failed = 0
    for r in races:
        cur, prev = r['cur'], r['prev']
        key = (first_user(cur['frames']) if cur else '?',
               first_user(prev['frames']) if prev else '?')
        pairs[key] += 1
        kinds[(key, cur['kind'] if cur else '?', prev['kind'] if prev else '?')] += 1
        failed += sum(1 for s in r['sections'] if s['failed'])
    out.append('  distinct races (current access frame <- previous access frame): %d' % len(pairs))
    for (a, b), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])):
        out.append('    %3d x %s  <-  %s' % (n, a, b))
        for (k, ck, pk), m in sorted(kinds.items(), key=lambda kv: -kv[1]):
            if k == (a, b):
                out.append('          %3d x %s / %s' % (m, ck, pk))
    if failed:
        out.append('  sections with [failed to restore the stack]: %d' % failed)
    dumps = parse_dumps(lines)
    out.append('  goroutine dumps: %d' % len(dumps))
    for d in dumps:
        states = '; '.join('`%s` %d' % (s, n) for s, n in sorted(d.items(), key=lambda kv: (-kv[1], kv[0])))
        out.append('    %d goroutines: %s' % (sum(d.values()), states))
    print('\n'.join(out))


if __name__ == '__main__':
    args = [a for a in sys.argv[1:] if a != '--markdown']
    for p in args:
        describe(p, '--markdown' in sys.argv)
