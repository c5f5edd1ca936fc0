#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# The store's files depend one way: a cycle between its modules (the move
# engine including the rules that call it back, say) fails this test.
#
# A module is a .c file with its .h and -private.h; it depends on every
# module whose header one of its files includes. Usage:
#   check-store-includes.py SRC/store
#
# With --archive, the same for what the built objects call: an object
# depends on every object of src/store that defines a symbol it uses (nm),
# which sees through a header that declares functions another file
# defines (turnout-db.h and turnout-db-open.c). Usage:
#   check-store-includes.py --archive LIBTURNOUT-CORE.a [NM]

import os
import re
import subprocess
import sys

include = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def module(name):
    return re.sub(r'(-private)?\.[ch]$', '', name)


def include_graph(store):
    modules = {module(f) for f in os.listdir(store) if f.endswith('.c')}
    deps = {m: set() for m in modules}
    for f in sorted(os.listdir(store)):
        if not f.endswith(('.c', '.h')) or module(f) not in modules:
            continue
        with open(os.path.join(store, f), encoding='utf-8') as lines:
            for line in lines:
                match = include.match(line)
                if match and module(match.group(1)) in modules and module(match.group(1)) != module(f):
                    deps[module(f)].add(module(match.group(1)))
    return deps


# nm -A: "ARCHIVE:MEMBER: [VALUE] TYPE SYMBOL"; meson names a member
# store_turnout-waitlist.c.o.
symbol = re.compile(r'^.*[:/]store_([^:/]+)\.c\.o:\s*(?:[0-9a-fA-F]+)?\s+([A-Za-z])\s+(\S+)$')


def link_graph(archive, nm):
    out = subprocess.run([nm, '-A', archive], capture_output=True, text=True, check=True).stdout
    defined, used = {}, {}
    for line in out.splitlines():
        match = symbol.match(line)
        if not match:
            continue
        m, kind, name = match.groups()
        used.setdefault(m, set())
        if kind == 'U':
            used[m].add(name)
        elif kind.isupper():
            defined[name] = m
    if not used:
        sys.exit(f'no objects of src/store in {archive}')
    return {m: {defined[s] for s in names if s in defined and defined[s] != m} for m, names in used.items()}


def find_cycle(deps):
    # Depth first; a module met again while still on the path closes a cycle.
    state = {}

    def visit(m, path):
        state[m] = 'open'
        for d in sorted(deps[m]):
            if state.get(d) == 'open':
                return path[path.index(d):] + [d]
            if d not in state:
                cycle = visit(d, path + [d])
                if cycle:
                    return cycle
        state[m] = 'done'
        return None

    for m in sorted(deps):
        if m not in state:
            cycle = visit(m, [m])
            if cycle:
                return cycle
    return None


if sys.argv[1] == '--archive':
    deps, what = link_graph(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else 'nm'), 'link'
else:
    deps, what = include_graph(sys.argv[1]), 'include'
cycle = find_cycle(deps)
if cycle:
    sys.exit(f'{what} cycle in src/store: ' + ' -> '.join(cycle))
print(f'ok: {len(deps)} modules of src/store, no {what} cycle')
