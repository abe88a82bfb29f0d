#!/usr/bin/env python3
"""Benchmark of `buildspeak import` (prints figures; asserts nothing).

    python3 tests/bench_import.py [BINARY] [--runs N] [--files N]
                                  [--no-callgrind]

BINARY defaults to build/buildspeak (build it first; a sanitizer build
measures the sanitizer). Imports the bundled sample and a generated
10,000-segment page (tests/bench_gen.py), each into a fresh library, N
times (default 5), and prints the median process CPU time (user + system,
from os.wait4), the system part of it (writing the library), the same less the start of
the process (the median of `--version`, which loads the binary and its
libraries), the wall time and
the peak resident memory (GNU time, /usr/bin/time, when installed).

Beside each import it prints two floors, each the same rows (episodes,
segments, glossary) inserted by the sqlite3 shell into the same tables and
indexes of a fresh library (WAL, synchronous=NORMAL, foreign keys on), in
one transaction, less the shell's own start:

  - without the search index: the schema less the FTS5 tables and the
    triggers that feed them;
  - with the search index: the same plus search_en exactly as ours (porter
    unicode61 over the segments' English, external content, and our FTS5
    settings), filled by one
    INSERT ... SELECT as an import does, and search_zh as a contentless
    table with the same built-in tokenizer, fed each sentence's Chinese as
    its CJK pairs computed here (cjk_pairs: the shell cannot load our
    tokenizer bs_cjk, which emits these pairs itself) one INSERT a
    sentence. The floor's search_zh holds the same number of tokens a
    sentence as ours (checked: search_zh_docsize, row by row).

Its text arrives as SQL literals, which the shell parses: the floor pays
for that and an import does not, while an import also reads and checks
the page, counts its words and builds its glossary. With valgrind
installed (and without --no-callgrind) the import and both floors are
also counted in instructions by callgrind, which a busy machine does not
disturb, and the ratio to the floor with the index is the figure to read.

Then --files N (default 1,000) small episodes are imported as N commands
and as one `import` with N files, and the two CPU times are compared.

Aims: the sample in under 30 ms of process time net of the start,
10,000 segments in under 1 s and within 1.2x of the floor (with the
index) in instructions."""

import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_gen  # noqa: E402

GNU_TIME = shutil.which("time", path="/usr/bin:/bin")
SQLITE3 = shutil.which("sqlite3")
VALGRIND = shutil.which("valgrind")
HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "data", "sample.page.txt")


def remove_db(db):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)


def run(argv, stdin=None):
    """Runs argv to its end; returns (cpu s, wall s, peak RSS KiB or None,
    stderr), or raises on failure."""
    if GNU_TIME:
        argv = [GNU_TIME, "-f", "maxrss %M"] + argv
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdin=stdin, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {err}")
    m = re.search(r"^maxrss (\d+)$", err, re.M)
    return (ru.ru_utime + ru.ru_stime, wall, int(m.group(1)) if m else None,
            err, ru.ru_stime)


def instructions(argv, stdin_path=None):
    """Instructions argv executes, counted by callgrind (None without
    valgrind)."""
    if not VALGRIND:
        return None
    out = tempfile.mktemp(prefix="bench-import-cg-")
    with open(stdin_path or os.devnull, "rb") as stdin:
        p = subprocess.run([VALGRIND, "--tool=callgrind",
                            f"--callgrind-out-file={out}"] + argv,
                           stdin=stdin, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
    if os.path.exists(out):
        os.remove(out)
    m = re.search(r"refs:\s+([\d,]+)", p.stderr.decode(errors="replace"))
    if p.returncode != 0 or not m:
        raise RuntimeError(f"callgrind {' '.join(argv)} failed")
    return int(m.group(1).replace(",", ""))


def is_cjk(c):
    """Han (unified and compatibility ideographs, 〇) or kana: what our
    tokenizer pairs (store_is_cjk)."""
    o = ord(c)
    return (0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF
            or 0x20000 <= o <= 0x323AF or 0xF900 <= o <= 0xFAFF
            or 0x2F800 <= o <= 0x2FA1F or o == 0x3007
            or 0x3040 <= o <= 0x30FF)


def cjk_pairs(s):
    """What search_zh's tokenizer makes of s, as text a built-in tokenizer
    reads the same tokens from: each CJK run as its overlapping pairs and
    its last character, words apart (bs_cjk_pairs in store_search_index.c)."""
    out, i, n = [], 0, len(s)
    while i < n:
        if not is_cjk(s[i]):
            out.append(s[i])
            i += 1
            continue
        j = i
        while j < n and is_cjk(s[j]):
            j += 1
        out.append(" ")
        out.extend(s[a:a + 2] + " " for a in range(i, j - 1))
        out.append(s[j - 1] + " ")
        i = j
    return "".join(out)


def sql_text(s):
    return "'" + s.replace("'", "''") + "'"


def floor_sql(db, path, index):
    """Writes to path the SQL that stores db's episodes the way the shell
    would be asked to: WAL, the schema (with the search index when index),
    one transaction of INSERTs."""
    def q(*args):
        return subprocess.run([SQLITE3] + list(args), check=True,
                              capture_output=True, text=True).stdout
    con = sqlite3.connect(db)
    schema = [sql for name, sql in con.execute(
        "SELECT name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND "
        "type IN ('table', 'index') ORDER BY rowid")
        if not name.startswith("search_")]
    en_table = con.execute("SELECT sql FROM sqlite_schema "
                           "WHERE name = 'search_en'").fetchone()[0]
    zh_tokenizer = re.search(r"tokenize='(?:bs_cjk )?([^']*)'", con.execute(
        "SELECT sql FROM sqlite_schema WHERE name = 'search_zh'"
    ).fetchone()[0]).group(1)
    with open(path, "w", encoding="utf-8") as f:
        f.write("PRAGMA journal_mode=WAL;\nPRAGMA foreign_keys=ON;\n"
                "PRAGMA synchronous=NORMAL;\n")
        for sql in schema:
            f.write(sql + ";\n")
        if index:
            f.write(en_table + ";\n")
            f.write("CREATE VIRTUAL TABLE search_zh USING fts5(zh, "
                    f"content='', tokenize='{zh_tokenizer}');\n")
            # The tables' settings (hashsize) as ours.
            for table in ("search_en", "search_zh"):
                for k, v in con.execute(f"SELECT k, v FROM {table}_config "
                                        "WHERE k <> 'version'"):
                    f.write(f"INSERT INTO {table} ({table}, rank) VALUES "
                            f"({sql_text(k)}, {v});\n")
        f.write("BEGIN;\n")
        for table in ("episodes", "segments", "terms"):
            f.write(q("-cmd", f".mode insert {table}", db,
                      f"SELECT * FROM {table}"))
        if index:
            f.write("INSERT INTO search_en (rowid, en) "
                    "SELECT id, en FROM segments;\n")
            for rowid, zh in con.execute("SELECT id, zh FROM segments "
                                         "ORDER BY id"):
                f.write(f"INSERT INTO search_zh (rowid, zh) VALUES "
                        f"({rowid}, {sql_text(cjk_pairs(zh))});\n")
        f.write("COMMIT;\n")
    con.close()


def same_token_counts(db, fdb):
    """Whether search_zh holds as many tokens a sentence in fdb as in db."""
    def sizes(path):
        con = sqlite3.connect(path)
        v = con.execute("SELECT id, sz FROM search_zh_docsize "
                        "ORDER BY id").fetchall()
        con.close()
        return v
    return sizes(db) == sizes(fdb)


def median_run(argv, runs, db=None, stdin_path=None):
    """Median CPU and wall, and the peak RSS, of runs runs of argv (each
    on a fresh db when one is given)."""
    results = []
    for _ in range(runs):
        if db:
            remove_db(db)
        with open(stdin_path or os.devnull, "rb") as stdin:
            results.append(run(argv, stdin=stdin))
    cpu = statistics.median(r[0] for r in results)
    wall = statistics.median(r[1] for r in results)
    rss = max((r[2] for r in results if r[2] is not None), default=None)
    median_run.system = statistics.median(r[4] for r in results)
    return cpu, wall, rss


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def main():
    args = sys.argv[1:]
    runs, n_files, callgrind = 5, 1000, True
    for opt in ("--runs", "--files"):
        if opt in args:
            i = args.index(opt)
            if opt == "--runs":
                runs = int(args[i + 1])
            else:
                n_files = int(args[i + 1])
            del args[i:i + 2]
    if "--no-callgrind" in args:
        args.remove("--no-callgrind")
        callgrind = False
    binary = args[0] if args else os.path.join(HERE, "..", "build", "buildspeak")
    if not os.access(binary, os.X_OK):
        print(f"bench_import: no binary at {binary}; build it first", file=sys.stderr)
        return 1
    binary = os.path.abspath(binary)
    use_cg = callgrind and VALGRIND is not None

    tmp = tempfile.mkdtemp(prefix="buildspeak-bench-")
    try:
        big = os.path.join(tmp, "big.page.txt")
        big_size = bench_gen.write_page(big, 10000)
        db = os.path.join(tmp, "lib.db")
        print(f"binary: {binary}")
        print(f"runs per case: {runs} (median; each into a new library)")
        start, _, start_rss = median_run([binary, "--version"], runs)
        print(f"start: --version (the binary and its shared libraries): "
              f"process time {ms(start)}")
        if SQLITE3:
            sq_start, _, _ = median_run([SQLITE3, ":memory:", "SELECT 1"], runs)
            print(f"start: sqlite3 shell (SELECT 1): process time {ms(sq_start)}")
        else:
            print("floor: no sqlite3 shell (Debian package sqlite3): not measured")
        if not use_cg:
            print("instructions: not counted ("
                  + ("--no-callgrind" if VALGRIND else "no valgrind") + ")")

        cases = [("sample (147 segments)", os.path.abspath(SAMPLE),
                  os.path.getsize(SAMPLE), 0.030),
                 ("10,000 segments", big, big_size, 1.0)]
        for name, page, size, aim in cases:
            argv = [binary, "--db", db, "import", page]
            cpu, wall, rss = median_run(argv, runs, db=db)
            net = cpu - start
            print(f"import {name}, {size / 1024:,.0f} KiB: process time "
                  f"{ms(cpu)} (system {ms(median_run.system)}), net of the "
                  f"start {ms(net)} "
                  f"[aim < {aim * 1000:.0f} ms: "
                  f"{'within' if net < aim else 'OVER'}], wall {ms(wall)}, "
                  f"peak RSS "
                  + (f"{rss / 1024:.1f} MiB" if rss else "n/a (no GNU time)"))
            if not SQLITE3:
                continue
            if use_cg:
                remove_db(db)
                ins = instructions(argv)
            floors = []
            for index in (False, True):
                sql = os.path.join(tmp, "floor.sql")
                floor_sql(db, sql, index)
                fdb = os.path.join(tmp, "floor.db")
                fcpu, _, _ = median_run([SQLITE3, fdb], runs, db=fdb,
                                        stdin_path=sql)
                fnet = fcpu - sq_start
                what = "with" if index else "without"
                check = ""
                if index:
                    check = ("; its search_zh holds ours' tokens: "
                             + ("yes" if same_token_counts(db, fdb)
                                else "NO"))
                print(f"  floor {what} the search index, the same rows "
                      f"through the sqlite3 shell: process time "
                      f"{ms(fcpu)}, net of its start {ms(fnet)}; "
                      f"import/floor {net / fnet:.2f} net, "
                      f"{cpu / fcpu:.2f} whole{check}")
                if use_cg:
                    remove_db(fdb)
                    floors.append(instructions([SQLITE3, fdb],
                                               stdin_path=sql))
            if use_cg:
                print(f"  instructions: import {ins / 1e6:,.1f} M, floor "
                      f"without the index {floors[0] / 1e6:,.1f} M "
                      f"(import/floor {ins / floors[0]:.2f}), with the "
                      f"index {floors[1] / 1e6:,.1f} M (import/floor "
                      f"{ins / floors[1]:.2f}) "
                      f"[aim <= 1.2 with the index: "
                      f"{'within' if ins <= 1.2 * floors[1] else 'OVER'}]")

        if n_files > 0:
            many = bench_gen.write_episodes(os.path.join(tmp, "many"),
                                            n_files, segments=3)
            remove_db(db)
            one = run([binary, "--db", db, "import"] + many)[0]
            remove_db(db)
            each = 0.0
            for path in many:
                each += run([binary, "--db", db, "import", path])[0]
            print(f"{n_files:,} episodes of 3 segments: one `import` with "
                  f"{n_files:,} files {ms(one)}, {n_files:,} `import` "
                  f"commands {ms(each)} ({each / one:.1f}x)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
