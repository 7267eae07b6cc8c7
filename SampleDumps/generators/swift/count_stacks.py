#!/usr/bin/env python3
"""Small independent reader for the Swift sample dumps (not part of stackdiff).

Counts threads / tasks per distinct stack in the files under SampleDumps/swift/,
so the numbers in SampleDumps/swift/CAPTURES.md can be rechecked:

    count_stacks.py FILE...          groups per file
    count_stacks.py --diff OLD NEW   per-group counts in both files and the delta

Formats (detected from the content):
  * backtracer text  (`Thread N "name":` sections, frame rows)
  * backtracer JSON  (a `{ "timestamp"` object, possibly after banner lines,
                      or the whole file)
  * lldb `bt all`    (`thread #N, name = '...'` headers, `frame #N:` rows)
  * lldb task dumps  (`(lldb) language swift task info|backtrace ADDR` blocks)

Group key = the ordered list of frame function names with addresses,
`+ offset`, image, source location, lldb argument values and backtracer
attributes removed; a truncation (`...` row / `"truncated"` frame) is kept as
the marker `...`. Thread names are not part of the key; each group lists the
thread names it contains with digit runs replaced by `#`. For task dumps the
flags from `language swift task info` are part of the key.
"""
import json
import re
import sys
from collections import Counter, OrderedDict

TEXT_THREAD = re.compile(r'^Thread (\d+)(?: "(.*)")?( crashed)?:$')
TEXT_FRAME = re.compile(r'^\s*(\d+)\s+((?:\[(?:ra|async|inlined|thunk|system)\]\s*)*)(.*)$')
SNIPPET = re.compile(r'^\s+(\*\s*)?\d+\|')
CARET = re.compile(r'^\s+\|')
LLDB_THREAD = re.compile(r"^[* ] thread #(\d+)(?:, name = '([^']*)')?.*stop reason = ")
LLDB_FRAME = re.compile(r'^\s+(?:\* )?frame #(\d+): 0x[0-9a-f]+ ([^`]+)`(.*)$')
TASK_INFO = re.compile(r'^\(lldb\) language swift task info (0x[0-9a-f]+)$')
TASK_BT = re.compile(r'^\(lldb\) language swift task backtrace (0x[0-9a-f]+)$')
TASK_HDR = re.compile(r'task = id:(\d+) flags:(\S+) \{')


def strip_text_symbol(rest):
    """'0x... sym + 12 in img at /p:1:2' -> 'sym' (parse from the right)."""
    m = re.match(r'^(0x[0-9a-f]+)\s*$', rest)
    if m:  # symbolicate=off: the address is all there is
        return m.group(1)
    rest = re.sub(r'^0x[0-9a-f]+\s*', '', rest)
    rest = re.sub(r' at (?:/|//<).*$', '', rest)
    rest = re.sub(r' in \S+$', '', rest)
    rest = re.sub(r' [+-] \d+$', '', rest)
    return rest.strip()


def strip_lldb_args(fn):
    """Drop `name=value` argument lists lldb prints inside function names."""
    out, i = [], 0
    while i < len(fn):
        if fn[i] == '(':
            depth, j = 0, i
            while j < len(fn):
                depth += fn[j] == '('
                depth -= fn[j] == ')'
                if depth == 0:
                    break
                j += 1
            inner = fn[i + 1:j]
            out.append('()' if '=' in inner else fn[i:j + 1])
            i = j + 1
        else:
            out.append(fn[i])
            i += 1
    return ''.join(out)


def lldb_function(rest):
    rest = re.sub(r' at [^ ]+:\d+(?::\d+)?$', '', rest)
    rest = re.sub(r' \+ \d+$', '', rest)
    return strip_lldb_args(rest.strip())


def parse_text(lines):
    threads, cur = [], None
    for line in lines:
        m = TEXT_THREAD.match(line)
        if m:
            cur = {'name': m.group(2) or '', 'crashed': bool(m.group(3)), 'frames': []}
            threads.append(cur)
            continue
        if cur is None:
            continue
        if line.startswith('Registers:') or line.startswith('Images'):
            cur = None
            continue
        if SNIPPET.match(line) or CARET.match(line):
            continue
        if line.strip() == '...' or re.match(r'^\s*\d+\s+\.\.\.$', line):
            cur['frames'].append('...')
            continue
        m = TEXT_FRAME.match(line)
        if m:
            cur['frames'].append(strip_text_symbol(m.group(3)))
    return threads


def parse_json(text):
    i = text.find('{ "timestamp"')
    if i < 0:
        i = text.find('{')
    doc = json.loads(text[i:])
    threads = []
    for t in doc['threads']:
        frames = []
        for f in t['frames']:
            if f['kind'] in ('truncated', 'omittedFrames'):
                frames.append('...')
            else:
                d = f.get('description') or f.get('symbol') or f['address']
                frames.append(re.sub(r' [+-] \d+$', '', d))
        threads.append({'name': t.get('name', ''), 'crashed': bool(t.get('crashed')), 'frames': frames})
    return threads


def parse_lldb_bt(lines):
    threads, cur, in_bt = [], None, False
    for line in lines:
        if line.startswith('(lldb) '):
            in_bt = line.strip() == '(lldb) bt all'
            cur = None
            continue
        if not in_bt:
            continue
        m = LLDB_THREAD.match(line)
        if m:
            cur = {'name': m.group(2) or '', 'crashed': False, 'frames': []}
            threads.append(cur)
            continue
        m = LLDB_FRAME.match(line)
        if m and cur is not None:
            cur['frames'].append(lldb_function(m.group(3)))
    return threads


def parse_tasks(lines):
    tasks = OrderedDict()
    cur, mode = None, None
    for line in lines:
        m = TASK_INFO.match(line)
        if m:
            cur, mode = tasks.setdefault(m.group(1), {'name': '', 'frames': [], 'flags': '?'}), 'info'
            continue
        m = TASK_BT.match(line)
        if m:
            cur, mode = tasks.setdefault(m.group(1), {'name': '', 'frames': [], 'flags': '?'}), 'bt'
            continue
        if line.startswith('(lldb) '):
            cur = None
            continue
        if cur is None:
            continue
        if mode == 'info':
            m = TASK_HDR.search(line)
            if m:
                cur['flags'] = m.group(2)
                cur['name'] = 'task id:%s' % m.group(1)
        elif mode == 'bt':
            m = LLDB_FRAME.match(line)
            if m:
                cur['frames'].append(lldb_function(m.group(3)))
    out = []
    for t in tasks.values():
        out.append({'name': 'task', 'crashed': False,
                    'frames': ['[flags:%s]' % t['flags']] + t['frames']})
    return out


def load(path):
    with open(path, encoding='utf-8', errors='replace') as f:
        text = f.read()
    lines = text.splitlines()
    if any(TASK_INFO.match(l) for l in lines):
        return 'lldb-tasks', parse_tasks(lines)
    if any(l.strip() == '(lldb) bt all' for l in lines):
        return 'lldb-bt', parse_lldb_bt(lines)
    if '{ "timestamp"' in text or text.lstrip().startswith('{'):
        return 'json', parse_json(text)
    return 'text', parse_text(lines)


def groups(threads):
    g = OrderedDict()
    for t in threads:
        key = tuple(t['frames'])
        e = g.setdefault(key, {'count': 0, 'names': Counter(), 'crashed': 0})
        e['count'] += 1
        e['names'][re.sub(r'\d+', '#', t['name'])] += 1
        e['crashed'] += t['crashed']
    return g


def describe(key, width=3):
    """Short label: the first `width` frames that are not libc/runtime plumbing."""
    return ' <- '.join(key[:width]) + (' <- ...(%d frames)' % len(key) if len(key) > width else '')


def show(path):
    kind, threads = load(path)
    g = groups(threads)
    unit = 'tasks' if kind == 'lldb-tasks' else 'threads'
    print('%s [%s]: %d %s, %d distinct stacks' % (path, kind, len(threads), unit, len(g)))
    for key, e in sorted(g.items(), key=lambda kv: -kv[1]['count']):
        names = ', '.join('%s x%d' % (n or '(no name)', c) for n, c in e['names'].items())
        crashed = ' CRASHED' if e['crashed'] else ''
        print('  %4d  %s%s\n        names: %s' % (e['count'], describe(key, 6), crashed, names))


def diff(a, b):
    ka, ta = load(a)
    kb, tb = load(b)
    ga, gb = groups(ta), groups(tb)
    keys = list(ga) + [k for k in gb if k not in ga]
    print('%s -> %s' % (a, b))
    print('  total %d -> %d (%+d)' % (len(ta), len(tb), len(tb) - len(ta)))
    for k in sorted(keys, key=lambda k: -(gb.get(k, {'count': 0})['count'] - ga.get(k, {'count': 0})['count'])):
        ca = ga.get(k, {'count': 0})['count']
        cb = gb.get(k, {'count': 0})['count']
        print('  %4d -> %4d  %+5d  %s' % (ca, cb, cb - ca, describe(k, 6)))


def main(argv):
    if len(argv) == 3 and argv[0] == '--diff':
        diff(argv[1], argv[2])
    elif argv and argv[0] != '--diff':
        for p in argv:
            show(p)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
