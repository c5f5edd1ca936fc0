#!/usr/bin/env python3
# The store's files depend one way: a cycle between its modules (the move
# engine including the rules that call it back, say) fails this test.
#
# A module is a .c file with its .h and -private.h; it depends on every
# module whose header one of its files includes. Usage:
#   check-store-includes.py SRC/store

import os
import re
import sys

store = sys.argv[1]
include = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def module(name):
    return re.sub(r'(-private)?\.[ch]$', '', name)


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

# Depth first; a module met again while still on the path closes a cycle.
state = {}


def visit(m, path):
    state[m] = 'open'
    for d in sorted(deps[m]):
        if state.get(d) == 'open':
            cycle = path[path.index(d):] + [d]
            sys.exit('include cycle in src/store: ' + ' -> '.join(cycle))
        if d not in state:
            visit(d, path + [d])
    state[m] = 'done'


for m in sorted(modules):
    if m not in state:
        visit(m, [m])
print(f'ok: {len(modules)} modules of src/store, no include cycle')
