#!/usr/bin/env python3
"""Benchmark of search (prints figures; asserts nothing).

    python3 tests/bench_search.py [--episodes N] [--build DIR] [--keep DIR]

Generates N (default 1,000) episodes from the sample with varied text
(each sentence's words and characters partly replaced by others of the
sample, sentences shuffled; ~150 sentences an episode), imports them with
the real binary into two libraries -- one as buildspeak makes it, one whose
search index (tables and triggers) was taken out first, leaving two plain
tables that drop what an import hands them -- and prints:

  - import time per episode with and without the index, and the ratio;
  - each library's size (after VACUUM) against the pages' text, and the
    size the segments take in schema 4's WITHOUT ROWID table, for scale;
  - per query (English word, phrase, Chinese of 1, 2 and 4 characters,
    mixed): the median time of store_search for the best 20 hits, in one
    episode, for every hit, and of a brute-force scan of the same rows in
    the same run (tests/bench_search.c, compiled here);
  - last, the instructions (callgrind, when valgrind is installed) of
    importing 16 more episodes into each of the two big libraries, per
    episode.

Aims of the search issue: every query under 20 ms, at least 20x the scan;
the index adds no more than 2x to import time and size; the library no
larger than 2x the pages' text."""

import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)
SAMPLE = os.path.join(SRC, "data", "sample.page.txt")
MORE = 16  # episodes imported into the big libraries under callgrind


def arg(name, default):
    if name in sys.argv:
        return sys.argv[sys.argv.index(name) + 1]
    return default


def is_cjk(c):
    return "\u3400" <= c <= "\u9fff"


def generate(n, out):
    lines = open(SAMPLE, encoding="utf-8").read().split("\n")
    first = next(i for i, l in enumerate(lines) if l.startswith("Speaker "))
    head, segs, i = lines[:first], [], first
    while i + 3 < len(lines) and lines[i].startswith("Speaker ") \
            and lines[i + 2].startswith("Speaker "):
        segs.append((lines[i], lines[i + 1], lines[i + 2], lines[i + 3]))
        i += 4
    tail = lines[i:]
    words = sorted({w for s in segs for w in s[1].split()})
    chars = sorted({c for s in segs for c in s[3] if is_cjk(c)})
    rnd = random.Random(87)
    total = 0
    paths = []
    for e in range(n):
        order = segs[:]
        rnd.shuffle(order)
        body = []
        for k, (h1, en, h2, zh) in enumerate(order):
            ws = en.split()
            for _ in range(len(ws) // 8):
                ws[rnd.randrange(len(ws))] = rnd.choice(words)
            cs = list(zh)
            for _ in range(len(cs) // 12):
                j = rnd.randrange(len(cs))
                if is_cjk(cs[j]):
                    cs[j] = rnd.choice(chars)
            m = re.match(r"Speaker (\d)", h1)
            hdr = "Speaker %s%02d:%02d - %02d:%02d" % (
                m.group(1), (k * 20) // 60 % 60, (k * 20) % 60,
                (k * 20 + 19) // 60 % 60, (k * 20 + 19) % 60)
            if k * 20 >= 3600:
                hdr = "Speaker %s%d:%02d:%02d - %d:%02d:%02d" % (
                    m.group(1), k * 20 // 3600, k * 20 // 60 % 60, k * 20 % 60,
                    (k * 20 + 19) // 3600, (k * 20 + 19) // 60 % 60, (k * 20 + 19) % 60)
            body += [hdr, " ".join(ws), hdr, "".join(cs)]
        h = []
        for l in head:
            if l.startswith("Ep 87"):
                l = "Ep %d: %s" % (e + 1, " ".join(rnd.sample(words, 6)))
            l = re.sub(r"2026 年 5 月 22 日", "%d 年 %d 月 %d 日" % (
                2020 + e % 6, 1 + e % 12, 1 + e % 28), l)
            h.append(l)
        t = [re.sub(r"(https?://\S+)", r"\1?ep=%d" % e, l) for l in tail]
        text = "\n".join(h + body + t)
        path = os.path.join(out, "ep%04d.page.txt" % e)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        total += len(text.encode("utf-8"))
        paths.append(path)
    return paths, total


def import_all(binary, db, paths, env):
    t0 = time.monotonic()
    for k in range(0, len(paths), 100):
        r = subprocess.run([binary, "--db", db, "import"] + paths[k:k + 100],
                           env=env, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("bench_search: import failed: " + r.stderr[-500:])
    return time.monotonic() - t0


def without_index(db):
    """Takes the search index out of an empty library: its tables and
    triggers go (search_zh by editing the schema, since dropping it needs
    its tokenizer, which only buildspeak has), and in their place two plain
    tables drop every row an import hands them."""
    con = sqlite3.connect(db)
    con.executescript(
        "PRAGMA writable_schema = ON;"
        "DELETE FROM sqlite_schema WHERE name LIKE 'search\\_%' ESCAPE '\\' "
        "OR name LIKE 'segments\\_search\\_%' ESCAPE '\\';"
        "PRAGMA writable_schema = OFF;")
    con.close()
    con = sqlite3.connect(db)
    con.executescript(
        "VACUUM;"
        "CREATE TABLE search_en (en); CREATE TABLE search_zh (zh);"
        "CREATE TRIGGER search_en_none BEFORE INSERT ON search_en "
        "BEGIN SELECT RAISE(IGNORE); END;"
        "CREATE TRIGGER search_zh_none BEFORE INSERT ON search_zh "
        "BEGIN SELECT RAISE(IGNORE); END;")
    con.close()


def instructions(argv, env):
    """Instructions argv executes, counted by callgrind (None without
    valgrind)."""
    if not shutil.which("valgrind"):
        return None
    out = tempfile.mktemp(prefix="bench-search-cg-")
    p = subprocess.run(["valgrind", "--tool=callgrind",
                        "--callgrind-out-file=" + out] + argv,
                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if os.path.exists(out):
        os.remove(out)
    m = re.search(r"refs:\s+([\d,]+)", p.stderr.decode(errors="replace"))
    if p.returncode != 0 or not m:
        sys.exit("bench_search: callgrind %s failed" % " ".join(argv))
    return int(m.group(1).replace(",", ""))


def vacuumed_size(db):
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("VACUUM")
    con.close()
    return os.path.getsize(db)


def mb(b):
    return "%.1f MB" % (b / 1e6)


def main():
    n = int(arg("--episodes", "1000"))
    build = arg("--build", os.path.join(SRC, "build"))
    binary = os.environ.get("BUILDSPEAK_BIN", os.path.join(build, "buildspeak"))
    keep = arg("--keep", None)  # a folder to leave the libraries in
    tmp = keep or tempfile.mkdtemp(prefix="bench-search-")
    os.makedirs(tmp, exist_ok=True)
    env = dict(os.environ, HOME=tmp, LC_ALL="C.UTF-8")
    env.pop("BUILDSPEAK_DB", None)
    try:
        bench = os.path.join(tmp, "bench_search")
        libs = subprocess.run(["pkg-config", "--libs", "sqlite3"], capture_output=True,
                              text=True).stdout.split()
        subprocess.run(["cc", "-O2", "-std=c17", "-D_GNU_SOURCE", "-I" + os.path.join(SRC, "include"),
                        os.path.join(HERE, "bench_search.c"),
                        os.path.join(build, "libbuildspeak-core.a")] + libs +
                       ["-lunistring", "-lm", "-o", bench], check=True)
        pages = os.path.join(tmp, "pages")
        os.mkdir(pages)
        t0 = time.monotonic()
        paths, text_bytes = generate(n, pages)
        print("generated %d episodes (%s of page text) in %.1f s" %
              (n, mb(text_bytes), time.monotonic() - t0))

        with_db = os.path.join(tmp, "with.db")
        without_db = os.path.join(tmp, "without.db")
        subprocess.run([binary, "--db", without_db, "list"], env=env, capture_output=True)
        without_index(without_db)
        t_without = import_all(binary, without_db, paths, env)
        t_with = import_all(binary, with_db, paths, env)
        con = sqlite3.connect(with_db)
        segs = con.execute("SELECT count(*) FROM segments").fetchone()[0]
        con.close()
        print("%d sentences" % segs)
        print("import per episode: %.1f ms with the index, %.1f ms without "
              "(index %.1f ms an episode; %.2fx)" %
              (t_with / n * 1e3, t_without / n * 1e3, (t_with - t_without) / n * 1e3,
               t_with / t_without))
        s_with = vacuumed_size(with_db)
        s_without = vacuumed_size(without_db)
        # Schema 4's segments, WITHOUT ROWID, for scale.
        old = os.path.join(tmp, "old.db")
        con = sqlite3.connect(old)
        con.executescript(
            "ATTACH '%s' AS w;"
            "CREATE TABLE segments (episode_id INTEGER NOT NULL, idx INTEGER NOT NULL,"
            " speaker INTEGER NOT NULL, start REAL NOT NULL, \"end\" REAL NOT NULL,"
            " en TEXT NOT NULL, zh TEXT NOT NULL, PRIMARY KEY (episode_id, idx)) WITHOUT ROWID;"
            "INSERT INTO segments SELECT episode_id, idx, speaker, start, \"end\", en, zh"
            " FROM w.segments ORDER BY episode_id, idx;"
            "CREATE INDEX segments_times ON segments (episode_id, idx, speaker, start, \"end\");"
            % without_db.replace("'", "''"))
        con.close()
        s_old = vacuumed_size(old)
        print("page text: %s" % mb(text_bytes))
        print("library with the index:    %s (%.2fx the text)" % (mb(s_with), s_with / text_bytes))
        print("library without the index: %s (%.2fx the text); the index adds %.2fx" %
              (mb(s_without), s_without / text_bytes, s_with / s_without))
        print("schema 4's segments alone (WITHOUT ROWID): %s (%.2fx the text)" %
              (mb(s_old), s_old / text_bytes))
        con = sqlite3.connect(with_db)
        for name in ("segments", "search_en_data", "search_zh_data", "segments_key",
                     "segments_times", "terms", "episodes"):
            try:
                pages_ = con.execute("SELECT sum(pgsize) FROM dbstat WHERE name = ?",
                                     (name,)).fetchone()[0]
                print("  %-16s %s" % (name, mb(pages_ or 0)))
            except sqlite3.Error:
                break
        con.close()
        sys.stdout.flush()
        subprocess.run([bench, with_db], check=True)
        # Last, as it adds to the libraries: more episodes into each, in
        # instructions, the figure a busy machine does not disturb. One
        # import's count swings with the work FTS5 (merging its index
        # segments) and the WAL (its checkpoint) happen to do in it: 16
        # of them, in one command, per episode.
        extra = os.path.join(tmp, "extra")
        os.mkdir(extra)
        more = generate(n + MORE, extra)[0][n:]
        i_with = instructions([binary, "--db", with_db, "import"] + more, env)
        i_without = instructions([binary, "--db", without_db, "import"] + more, env)
        if i_with:
            print("import of %d more episodes in one command, in instructions: "
                  "%.1f M an episode with the index, %.1f M without (%.2fx)" %
                  (MORE, i_with / MORE / 1e6, i_without / MORE / 1e6,
                   i_with / i_without))
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
