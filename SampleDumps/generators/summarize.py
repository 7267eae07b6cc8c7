#!/usr/bin/env python3
"""summarize.py - independent reference counts for the sample dumps.

Not part of stackdiff: a small, deliberately simple reader used to produce
the numbers in SampleDumps/README.md, so that they come from the files and
not from memory. Cross-check anything important with grep.

  summarize.py FILE...            human-readable summary per file
  summarize.py --markdown FILE... one markdown section per file
  summarize.py --groups FILE...   every group of a text dump: count, states,
                                  top frame, the program's own frames (main.*,
                                  example.com/*) and the creator

Text dumps (debug=2, runtime.Stack, crash output, go test output):
  * a header is a line matching  [indent]goroutine <id> [gp=.. m=.. [mp=..]] [<status>][ {labels}]:
  * a block continues with call/location line pairs, "created by" lines,
    elision markers, "running on other thread" and ancestor sections; it ends
    at an empty line or at the first line that fits none of these.
  * goroutines are grouped by their stack: the (function, file:line) of every
    frame plus the "created by" function and file:line. Arguments, goroutine
    ids, offsets, fp/sp/pc and ancestors are ignored; states are reported
    per group.
debug=1 text ("goroutine profile: total N" / "<name> profile: total N"):
  total, records, sum of record counts, biggest records.
debug=0 (.pb.gz): gunzip + a minimal protobuf reader (profile.proto fields
  sample=2, location=4, function=5, string_table=6).
"""
import collections
import gzip
import re
import sys

HEADER = re.compile(
    r"^(?P<indent>[ ]*)goroutine (?P<id>\d+)(?: gp=\S+ m=\S+(?: mp=\S+)?)? "
    r"\[(?P<status>[^\]]*)\](?: (?P<labels>\{.*\}))?:$")
CREATED = re.compile(r"^created by (?P<func>\S+)(?: in goroutine (?P<parent>\d+))?$")
ELIDED = re.compile(r"^\.\.\.(?:additional|\d+) frames elided\.\.\.$")
ANCESTOR = re.compile(r"^\[originating from goroutine \d+\]:$")
LOCATION = re.compile(r"^\t(?P<file>.*):(?P<line>\d+)(?: \+0x[0-9a-f]+)?(?: fp=0x[0-9a-f]+ sp=0x[0-9a-f]+ pc=0x[0-9a-f]+)?$")
CALL = re.compile(r"^(?P<func>[^\t].*)\((?P<args>[^()]*)\)$")


class G:
    def __init__(self, gid, status, labels):
        self.id = int(gid)
        self.status = status
        self.labels = labels
        self.frames = []  # (func, file:line)
        self.created = None  # (func, file:line)
        self.parent = None
        self.elided = False
        self.other_thread = False
        self.ancestors = 0

    @property
    def state(self):
        return self.status.split(",")[0]

    def key(self):
        return (tuple(self.frames), self.created)


def parse_text(lines):
    gs = []
    i = 0
    n = len(lines)
    while i < n:
        m = HEADER.match(lines[i])
        if not m:
            i += 1
            continue
        indent = m.group("indent")
        g = G(m.group("id"), m.group("status"), m.group("labels"))
        gs.append(g)
        i += 1
        in_ancestor = False
        while i < n:
            raw = lines[i]
            if not raw.startswith(indent):
                break
            line = raw[len(indent):]
            if line == "" or HEADER.match(raw):
                break
            if line == "\tgoroutine running on other thread; stack unavailable":
                g.other_thread = True
                i += 1
                continue
            if ELIDED.match(line):
                g.elided = True
                i += 1
                continue
            if ANCESTOR.match(line):
                in_ancestor = True
                g.ancestors += 1
                i += 1
                continue
            c = CREATED.match(line)
            if c and i + 1 < n and lines[i + 1].startswith(indent) and LOCATION.match(lines[i + 1][len(indent):]):
                loc = LOCATION.match(lines[i + 1][len(indent):])
                if not in_ancestor and g.created is None:
                    g.created = (c.group("func"), "%s:%s" % (loc.group("file"), loc.group("line")))
                    g.parent = c.group("parent")
                i += 2
                continue
            cm = CALL.match(line)
            if cm and i + 1 < n and lines[i + 1].startswith(indent) and LOCATION.match(lines[i + 1][len(indent):]):
                loc = LOCATION.match(lines[i + 1][len(indent):])
                if not in_ancestor:
                    g.frames.append((cm.group("func"), "%s:%s" % (loc.group("file"), loc.group("line"))))
                i += 2
                continue
            break
    return gs


def short(path):
    for marker in ("/generators/go/", "/src/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def first_user_frame(g):
    for f, loc in g.frames:
        if not f.startswith(("runtime.", "sync.runtime_", "internal/", "syscall.", "time.Sleep", "sync.(*", "os/signal.signal_recv")):
            return f, loc
    return g.frames[0] if g.frames else ("?", "?")


def summarize_text(path, text, md):
    lines = text.split("\n")
    gs = parse_text(lines)
    out = []
    if not gs:
        return ["no goroutine headers"]
    states = collections.Counter(g.status for g in gs)
    out.append("goroutines (headers): %d" % len(gs))
    out.append("states: " + "; ".join("`%s` %d" % (s, c) for s, c in sorted(states.items(), key=lambda x: (-x[1], x[0]))))
    labelled = [g for g in gs if g.labels]
    if labelled:
        out.append("headers with labels: %d (%s)" % (len(labelled), ", ".join(sorted(set(g.labels for g in labelled)))))
    extras = []
    if any(g.elided for g in gs):
        extras.append("elided-frames marker in %d" % sum(g.elided for g in gs))
    if any(g.other_thread for g in gs):
        extras.append("'running on other thread' in %d" % sum(g.other_thread for g in gs))
    if any(g.ancestors for g in gs):
        extras.append("ancestor sections: %d in %d goroutines" % (sum(g.ancestors for g in gs), sum(1 for g in gs if g.ancestors)))
    if any(g.parent for g in gs):
        extras.append("'created by ... in goroutine N' in %d" % sum(1 for g in gs if g.parent))
    if extras:
        out.append("; ".join(extras))
    groups = collections.OrderedDict()
    for g in gs:
        groups.setdefault(g.key(), []).append(g)
    out.append("distinct stacks (groups): %d" % len(groups))
    ranked = sorted(groups.values(), key=lambda v: -len(v))
    for members in ranked[:3]:
        if len(members) < 2 and members is not ranked[0]:
            break
        g = members[0]
        f, loc = first_user_frame(g)
        st = collections.Counter(x.status for x in members)
        cb = "created by %s (%s)" % (g.created[0], short(g.created[1])) if g.created else "no creator"
        out.append("largest group: %d x `%s` at %s, state %s, %s" % (
            len(members), f, short(loc), ", ".join("`%s`" % s for s in st), cb))
    return out


def own_frame(func):
    return func.startswith(("main.", "example.com/"))


def list_groups(text):
    gs = parse_text(text.split("\n"))
    groups = collections.OrderedDict()
    for g in gs:
        groups.setdefault(g.key(), []).append(g)
    out = ["goroutines (headers): %d; groups: %d" % (len(gs), len(groups))]
    for members in sorted(groups.values(), key=lambda v: (-len(v), v[0].id)):
        g = members[0]
        st = collections.Counter(x.status for x in members)
        top = "%s %s" % (g.frames[0][0], short(g.frames[0][1])) if g.frames else "?"
        own = " <- ".join("%s %s" % (f, short(loc)) for f, loc in g.frames if own_frame(f)) or "-"
        cb = "%s %s" % (g.created[0], short(g.created[1])) if g.created else "-"
        out.append("%d x [%s] top: %s | own: %s | created by: %s" % (
            len(members), ", ".join("%s %d" % (k, v) for k, v in sorted(st.items())), top, own, cb))
    return out


def summarize_debug1(text):
    lines = text.split("\n")
    m = re.match(r"^(\S+) profile: total (\d+)$", lines[0])
    recs = []
    cur = None
    for line in lines[1:]:
        r = re.match(r"^(\d+) @( 0x[0-9a-f]+)*$", line)
        if r:
            cur = [int(r.group(1)), None, None, False]
            recs.append(cur)
        elif cur and line.startswith("# labels:"):
            cur[3] = True
        elif cur and line.startswith("#\t") and cur[1] is None:
            parts = [p for p in line.split("\t") if p]
            if len(parts) >= 4:
                cur[1] = re.sub(r"\+0x[0-9a-f]+$", "", parts[2])
                cur[2] = parts[3]
    out = ["%s profile total: %s; records: %d; sum of counts: %d; records with labels: %d" % (
        m.group(1), m.group(2), len(recs), sum(r[0] for r in recs), sum(1 for r in recs if r[3]))]
    for r in sorted(recs, key=lambda r: -r[0])[:2]:
        out.append("record: %d @ `%s` %s" % (r[0], r[1], short(r[2] or "?")))
    return out


def varint(b, i):
    x = s = 0
    while True:
        c = b[i]
        i += 1
        x |= (c & 0x7F) << s
        s += 7
        if c < 0x80:
            return x, i


def fields(b):
    i = 0
    while i < len(b):
        key, i = varint(b, i)
        fn, wt = key >> 3, key & 7
        if wt == 0:
            v, i = varint(b, i)
        elif wt == 2:
            ln, i = varint(b, i)
            v = b[i:i + ln]
            i += ln
        elif wt == 1:
            v = b[i:i + 8]
            i += 8
        elif wt == 5:
            v = b[i:i + 4]
            i += 4
        else:
            raise ValueError("wire type %d" % wt)
        yield fn, wt, v


def ints(wt, v):
    if wt == 0:
        return [v]
    out, i = [], 0
    while i < len(v):
        x, i = varint(v, i)
        out.append(x)
    return out


def summarize_pb(data):
    b = gzip.decompress(data)
    strings, samples, locs, funcs, sample_type = [], [], {}, {}, []
    for fn, wt, v in fields(b):
        if fn == 6:
            strings.append(v.decode())
        elif fn == 1:
            sample_type.append(dict((f, x) for f, _, x in fields(v)))
        elif fn == 2:
            ids, vals, labels = [], [], 0
            for f, w, x in fields(v):
                if f == 1:
                    ids += ints(w, x)
                elif f == 2:
                    vals += ints(w, x)
                elif f == 3:
                    labels += 1
            samples.append((ids, vals, labels))
        elif fn == 4:
            lid, lines = 0, []
            for f, w, x in fields(v):
                if f == 1:
                    lid = x
                elif f == 4:
                    d = dict((ff, xx) for ff, _, xx in fields(x))
                    lines.append((d.get(1, 0), d.get(2, 0)))
            locs[lid] = lines
        elif fn == 5:
            d = dict((f, x) for f, _, x in fields(v))
            funcs[d.get(1, 0)] = (d.get(2, 0), d.get(4, 0))
    def leaf(ids):
        for lid in ids:
            for fid, line in locs.get(lid, []):
                name = strings[funcs[fid][0]]
                if not name.startswith(("runtime.", "sync.runtime_", "internal/")):
                    return "%s %s:%d" % (name, short(strings[funcs[fid][1]]), line)
        return "?"
    st = ",".join("%s/%s" % (strings[t.get(1, 0)], strings[t.get(2, 0)]) for t in sample_type)
    out = ["protobuf sample_type %s; samples: %d; sum of values: %d; samples with labels: %d" % (
        st, len(samples), sum(v[0] for _, v, _ in samples), sum(1 for s in samples if s[2]))]
    for ids, vals, _ in sorted(samples, key=lambda s: -s[1][0])[:2]:
        out.append("sample: %d @ `%s`" % (vals[0], leaf(ids)))
    return out


def summarize(path, md):
    data = open(path, "rb").read()
    if path.endswith(".gz"):
        return summarize_pb(data)
    text = data.decode("utf-8", "replace")
    if re.match(r"^\S+ profile: total \d+\n", text):
        return summarize_debug1(text)
    return summarize_text(path, text, md)


def main():
    args = sys.argv[1:]
    md = False
    if args and args[0] == "--groups":
        for p in args[1:]:
            print("== " + p)
            for l in list_groups(open(p, "rb").read().decode("utf-8", "replace")):
                print("   " + l)
        return
    if args and args[0] == "--markdown":
        md = True
        args = args[1:]
    for p in args:
        lines = summarize(p, md)
        if md:
            print("* `%s`" % p)
            for l in lines:
                print("  * " + l)
        else:
            print("== " + p)
            for l in lines:
                print("   " + l)


if __name__ == "__main__":
    main()
