"""lldb command `harvest-tasks`: list every Swift task reachable from globals.

Usage inside lldb (Swift 6.3.1 lldb has no "list all tasks" command):

    command script import SampleDumps/generators/swift/lldb_tasks.py
    harvest-tasks OUTFILE GLOBAL [GLOBAL...]
    command source -s 0 OUTFILE

harvest-tasks runs `target variable -D 12 GLOBAL` for each global, takes the
task addresses that lldb's Swift data formatters print for task handles and
continuations (`address = 0x...` rows), removes duplicates (a continuation
and the task handle of the same task), and writes a command file with one
`language swift task info ADDR` and one `language swift task backtrace ADDR`
per task. Sourcing that file makes lldb echo each command as `(lldb) ...`
followed by its output, exactly as if typed. Raise
`settings set target.max-children-count` first, or arrays are cut at 256
elements (and dictionaries at 24).
"""
import re

import lldb

ADDRESS = re.compile(r"^\s+address = (0x[0-9a-f]+)$")


def harvest_tasks(debugger, command, result, internal_dict):
    args = command.split()
    if len(args) < 2:
        result.SetError("usage: harvest-tasks OUTFILE GLOBAL [GLOBAL...]")
        return
    outfile, names = args[0], args[1:]
    interp = debugger.GetCommandInterpreter()
    seen = []
    for name in names:
        ret = lldb.SBCommandReturnObject()
        interp.HandleCommand("target variable -D 12 " + name, ret)
        if not ret.Succeeded():
            result.SetError("target variable %s failed: %s" % (name, ret.GetError()))
            return
        found = 0
        for line in ret.GetOutput().splitlines():
            m = ADDRESS.match(line)
            if m and m.group(1) not in seen:
                seen.append(m.group(1))
                found += 1
        result.AppendMessage("%s: %d new task addresses" % (name, found))
    with open(outfile, "w") as f:
        for addr in seen:
            f.write("language swift task info %s\n" % addr)
            f.write("language swift task backtrace %s\n" % addr)
    result.AppendMessage("%d tasks; commands written to %s" % (len(seen), outfile))


def __lldb_init_module(debugger, internal_dict):
    debugger.HandleCommand(
        "command script add -o -f %s.harvest_tasks harvest-tasks" % __name__)
