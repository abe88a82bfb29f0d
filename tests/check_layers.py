#!/usr/bin/env python3
"""Checks the include graph of src/ and include/ against the layering rules
of design.md and README's "Hacking" section; prints each breach and exits 1.

  a. no include cycle between files, and dependencies point down the
     layers (LAYERS below, README's drawing): a module includes only
     headers of its own layer or lower ones. A module is src/NAME.c with
     include/buildspeak/NAME.h; src/NAME_*.c and src/NAME_int.h belong to
     module NAME unless NAME_* is a module itself. Modules of one layer
     may use each other (app and command do); every module must be given
     a layer here, so a new one is placed on purpose;
  b. the core (app, transcript, listen, eplist, glosspane, saved, view,
     command, config, keys, layout, grid) never includes a concrete mode's
     header: the modes are the headers src/modes.c includes;
  c. sqlite3.h only in src/store*, curses only in src/ui.c, mpv/client.h
     only in src/player.c;
  d. src/import*.c and src/export*.c never include store.h.

Usage: check_layers.py [--self-test] [SOURCE_ROOT] (default:
$BUILDSPEAK_SRCDIR, else the parent of this file's folder). --self-test
copies the tree, adds one breach of each rule in turn and fails unless the
check reports it: the check itself can fail."""
import os
import re
import shutil
import sys
import tempfile

# Top to bottom. The concrete modes (those src/modes.c includes) join the
# 'modes' layer by themselves.
LAYERS = (
    ('drivers', ('main', 'cli', 'reader', 'ui')),
    ('modes', ('modes',)),
    ('reader core', ('app', 'transcript', 'listen', 'eplist', 'glosspane',
                     'saved', 'hits', 'view', 'command', 'config', 'keys', 'layout',
                     'grid', 'mode', 'overlay', 'lineedit')),
    ('use cases', ('library', 'lookup', 'apkg')),
    ('formats, storage', ('import', 'export', 'player', 'store', 'store_anki',
                          'subtitle', 'clip', 'dict', 'dictd')),
    ('model', ('episode', 'glossary', 'vocab', 'matcher')),
    ('base', ('text', 'alloc', 'path')),
)
CORE = ('app', 'transcript', 'listen', 'eplist', 'glosspane', 'saved', 'hits', 'view',
        'command', 'config', 'keys', 'layout', 'grid')
# Only these files may include these system headers.
PRIVATE = (
    (re.compile(r'^sqlite3\.h$'), re.compile(r'^src/store[^/]*$'),
     'only the store (src/store*) includes sqlite3.h'),
    (re.compile(r'^(n?cursesw?/)?n?curses(w)?\.h$|^(ncursesw/)?(panel|term)\.h$'),
     re.compile(r'^src/ui\.c$'), 'only src/ui.c includes curses'),
    (re.compile(r'^mpv/'), re.compile(r'^src/player\.c$'),
     'only src/player.c includes libmpv'),
)
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def strip_comments(text):
    return re.sub(r'/\*.*?\*/', lambda m: '\n' * m.group(0).count('\n'),
                  text, flags=re.S)


def files(root):
    out = []
    for d in ('src', 'include/buildspeak'):
        for name in sorted(os.listdir(os.path.join(root, d))):
            if name.endswith(('.c', '.h')):
                out.append(d + '/' + name)
    return out


def module_of(path, names):
    """The module a file belongs to: its name, or the longest known module
    name it starts with followed by '_' (store_vocab.c -> store)."""
    base = os.path.basename(path)[:-2]
    if base in names:
        return base
    best = None
    for n in names:
        if base.startswith(n + '_') and (best is None or len(n) > len(best)):
            best = n
    return best or base


def find_cycle(graph):
    """One cycle of graph (node -> set of nodes) as a list, or None."""
    state = {}
    stack = []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state:
                c = visit(m)
                if c:
                    return c
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state:
            c = visit(n)
            if c:
                return c
    return None


def check(root):
    errors = []
    paths = files(root)
    includes = {}  # path -> [(lineno, kind, target)]
    for p in paths:
        with open(os.path.join(root, p), encoding='utf-8') as f:
            text = strip_comments(f.read())
        inc = []
        for m in INCLUDE.finditer(text):
            line = text.count('\n', 0, m.start()) + 1
            inc.append((line, m.group(1), m.group(2)))
        includes[p] = inc

    def resolve(p, kind, target):
        """The file of ours an include names, or None for a system one."""
        if kind == '"':
            for cand in (os.path.join(os.path.dirname(p), target),
                         os.path.join('include', target)):
                cand = os.path.normpath(cand)
                if cand in includes:
                    return cand
        elif target.startswith('buildspeak/'):
            return 'include/' + target
        return None

    # c: private system headers
    for p in paths:
        for line, kind, target in includes[p]:
            if resolve(p, kind, target):
                continue
            for header, allowed, rule in PRIVATE:
                if header.search(target) and not allowed.match(p):
                    errors.append(f'{p}:{line}: includes <{target}>: {rule}')

    # b: the concrete modes are the headers the registry includes
    modes = set()
    for line, kind, target in includes.get('src/modes.c', ()):
        r = resolve('src/modes.c', kind, target)
        if r and r.startswith('include/') and not r.endswith('/mode.h'):
            modes.add(r)
    if not modes:
        errors.append('src/modes.c: no concrete mode found (the registry '
                      'includes each mode\'s header)')
    names = {os.path.basename(p)[:-2] for p in paths
             if p.startswith('include/')}
    for p in paths:
        if module_of(p, names) not in CORE:
            continue
        for line, kind, target in includes[p]:
            r = resolve(p, kind, target)
            if r in modes:
                errors.append(f'{p}:{line}: the core includes the mode '
                              f'header {r}: modes plug in through '
                              'src/modes.c')

    # d: import and export stay clear of the store
    for p in paths:
        if not re.match(r'^src/(import|export)[^/]*\.c$', p):
            continue
        for line, kind, target in includes[p]:
            if resolve(p, kind, target) == 'include/buildspeak/store.h':
                errors.append(f'{p}:{line}: includes store.h: import and '
                              'export take and return plain data')

    # a: cycles between files, then between modules
    fgraph = {p: {r for _, k, t in includes[p] if (r := resolve(p, k, t))}
              for p in paths}
    c = find_cycle(fgraph)
    if c:
        errors.append('include cycle: ' + ' -> '.join(c))
    layer = {}
    for i, (_, mods) in enumerate(LAYERS):
        for m in mods:
            layer[m] = i
    for r in modes:
        layer.setdefault(os.path.basename(r)[:-2], 1)
    for p in paths:
        a = module_of(p, names)
        if a not in layer:
            errors.append(f'{p}: module {a} has no layer: add it to LAYERS '
                          'in tests/check_layers.py (and README\'s drawing)')
            continue
        for line, kind, target in includes[p]:
            r = resolve(p, kind, target)
            b = module_of(r, names) if r else None
            if b in layer and layer[b] < layer[a]:
                errors.append(f'{p}:{line}: {a} ({LAYERS[layer[a]][0]}) '
                              f'includes {target}, of a higher layer '
                              f'({LAYERS[layer[b]][0]})')
    return errors


# (file, line to add, a word the report must contain)
BREACHES = (
    ('include/buildspeak/text.h', '#include "buildspeak/text.h"\n',
     'include cycle'),
    ('include/buildspeak/overlay.h', '#include "buildspeak/mode.h"\n',
     'include cycle'),
    ('src/episode.c', '#include "buildspeak/store.h"\n', 'higher layer'),
    ('src/text.c', '#include "buildspeak/app.h"\n', 'higher layer'),
    ('src/view.c', '#include "buildspeak/book.h"\n', 'mode header'),
    ('src/app.c', '#include "buildspeak/help.h"\n', 'mode header'),
    ('src/vocab.c', '#include <sqlite3.h>\n', 'sqlite3.h'),
    ('src/view.c', '#include <curses.h>\n', 'curses'),
    ('src/listen.c', '#include <mpv/client.h>\n', 'libmpv'),
    ('src/import.c', '#include "buildspeak/store.h"\n', 'store.h'),
    ('src/export.c', '#include "buildspeak/store.h"\n', 'store.h'),
    ('src/newmodule.c', '#include "buildspeak/text.h"\n', 'no layer'),
)


def self_test(root):
    failed = 0
    with tempfile.TemporaryDirectory(prefix='check_layers.') as tmp:
        for path, line, word in BREACHES:
            copy = os.path.join(tmp, 'tree')
            shutil.rmtree(copy, ignore_errors=True)
            for d in ('src', 'include'):
                shutil.copytree(os.path.join(root, d), os.path.join(copy, d))
            target = os.path.join(copy, path)
            old = ''
            if os.path.exists(target):
                with open(target, encoding='utf-8') as f:
                    old = f.read()
            # after the include guard's #define, if any
            m = re.search(r'^#define BUILDSPEAK_\w+_H\n', old, re.M)
            at = m.end() if m else 0
            with open(target, 'w', encoding='utf-8') as f:
                f.write(old[:at] + line + old[at:])
            errors = check(copy)
            if not any(word in e for e in errors):
                print(f'self-test: {line.strip()} in {path} was not '
                      f'reported as "{word}"; got {errors}')
                failed += 1
    print(f'check_layers self-test: {len(BREACHES) - failed} of '
          f'{len(BREACHES)} breaches reported')
    return 1 if failed else 0


def main():
    args = sys.argv[1:]
    selftest = '--self-test' in args
    args = [a for a in args if a != '--self-test']
    root = (args[0] if args else os.environ.get('BUILDSPEAK_SRCDIR') or
            os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if selftest:
        return self_test(root)
    errors = check(root)
    for e in errors:
        print(e)
    if errors:
        print(f'check_layers: {len(errors)} breach(es)', file=sys.stderr)
        return 1
    print('check_layers: ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())
