#!/usr/bin/env python3
"""cli_fixes: the command line as a learner and an unlucky user meet it --
`vocab add --at` takes a sentence that holds the term, tables that fit an
80-column terminal and stay aligned past an hour, messages that echo the
book's spelling, `rm ID`, the export format from the file's extension,
exit statuses kept for what they mean, a write-protected export file
refused, stale temporary files of ours removed, a failed import that
creates nothing, and TERM=dumb.

Environment (set by tests/meson.build): BUILDSPEAK_BIN, BUILDSPEAK_SAMPLE.
Python standard library only; prints one line per check and exits 1 if
any failed."""

import fcntl
import json
import os
import pty
import select
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
import termios
import time
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testlib  # noqa: E402

BIN = testlib.BIN
SAMPLE = testlib.SAMPLE
TMP = tempfile.mkdtemp(prefix="buildspeak-fixes-")
DB = os.path.join(TMP, "library.db")
check = testlib.cli_check


def env(**extra):
    return testlib.clean_env(TMP, **extra)


def run(*args, db=DB, **extra):
    return subprocess.run([BIN] + (["--db", db] if db else []) + list(args),
                          capture_output=True, env=env(**extra), timeout=60,
                          encoding="utf-8", errors="replace")


def run_tty(args, cols=80, rows=24, stdin_tty=False, **extra):
    """Runs buildspeak with stdout (and stdin when asked) on a pseudo
    terminal of cols x rows; returns (exit status, what it printed)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    p = subprocess.Popen([BIN, "--db", DB] + list(args), stdout=slave,
                         stdin=slave if stdin_tty else subprocess.DEVNULL,
                         stderr=subprocess.PIPE, env=env(**extra))
    os.close(slave)
    out = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        r, _, _ = select.select([master], [], [], 0.5)
        if r:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        elif p.poll() is not None:
            break
    if p.poll() is None:
        p.kill()
    p.wait()
    os.close(master)
    return p.returncode, out.decode("utf-8", "replace").replace("\r\n", "\n")


def width(s):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else
               0 if unicodedata.combining(ch) else 1 for ch in s)


def book():
    r = run("vocab", "list", "--json")
    return json.loads(r.stdout) if r.returncode == 0 else []


def entry(term):
    return next((e for e in book() if e["term"].lower() == term.lower()), None)


def hour_long_page():
    """The sample, its last segment moved past an hour, as a new episode."""
    with open(SAMPLE, encoding="utf-8") as f:
        lines = f.read().split("\n")
    heads = [i for i, ln in enumerate(lines) if ln.startswith("Speaker ")]
    for i in heads[-2:]:
        lines[i] = "Speaker 11:02:30 - 1:03:07"
    text = "\n".join(lines)
    text = text.replace("Ep 87: Gemini", "Ep 88: Past the Hour", 1)
    text = text.replace("watch?v=NQczevdpxq0", "watch?v=pasthour01", 1)
    path = os.path.join(TMP, "hour.page.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def main():
    r = run("import", SAMPLE)
    check("import the sample", r.returncode == 0, r.stderr)
    segs = json.loads(run("show", "1", "--json").stdout)["segments"]

    # ---- vocab add --at: the sentence that holds the term ----
    r = run("vocab", "add", "world models", "--episode", "1", "--at", "12:34")
    e = entry("world models")
    check("--at 12:34: exit 0", r.returncode == 0, r.stderr)
    ctx = e["contexts"][0] if e else {}
    check("--at 12:34: the sentence holds the term",
          "world model" in ctx.get("en", "").lower() or "world model" in ctx.get("zh", "").lower(),
          ctx.get("en", "")[:120])
    check("--at 12:34: within a minute of 12:34", abs(ctx.get("at", -999) - 754) <= 60 + 60,
          ctx.get("at"))
    check("--at 12:34: the message says the time it took",
          "from episode 1 at" in r.stdout and "12:23" not in r.stdout, r.stdout)
    # A term no sentence near the time holds: said, nothing saved.
    far = next(i for i, s in enumerate(segs) if s["start"] > 30 * 60)
    n = len(book())
    r = run("vocab", "add", "flywheel", "--episode", "1", "--at", "0:10")
    check("--at where no sentence holds the term: exit 1 and says so",
          r.returncode == 1 and "holds" in r.stderr and "flywheel" in r.stderr,
          "%d: %s" % (r.returncode, r.stderr))
    check("... and nothing is saved", len(book()) == n)
    del far

    # ---- exit statuses ----
    r = run("vocab", "add", "x", "--episode", "1", "--at", "2:00:00")
    check("--at past the end: 64, not 65 (bad import files)",
          r.returncode == 64 and "past the end" in r.stderr, "%d: %s" % (r.returncode, r.stderr))
    r = subprocess.run([BIN, "--db", DB, "vocab", "add", b"bad \xff term"],
                       capture_output=True, env=env(), timeout=60)
    check("a term that is not UTF-8: 64, not 65", r.returncode == 64,
          "%d: %r" % (r.returncode, r.stderr))
    r = run("--help")
    check("--help lists exit status 73", "73" in r.stdout.split("Exit status")[-1], r.stdout[-300:])

    # ---- messages echo the stored term ----
    run("vocab", "add", "videos", "--episode", "1")
    r = run("vocab", "rm", "VIDEOS")
    check("rm VIDEOS says removed \u201cvideos\u201d (the book's spelling)",
          r.returncode == 0 and "removed \u201cvideos\u201d" in r.stdout, r.stdout + r.stderr)
    run("vocab", "add", "world models", "--gloss", "世界模型")
    r = run("vocab", "add", "WORLD MODELS", "--episode", "1", "--at", "0:00")
    check("add WORLD MODELS again echoes \u201cworld models\u201d",
          "\u201cworld models\u201d" in r.stdout and "WORLD" not in r.stdout,
          r.stdout + r.stderr)

    # ---- tables: vocab list fits 80 columns, list stays aligned ----
    for t, g in (("reinforcement learning from human feedback", "基于人类反馈的强化学习方法"),
                 ("in-context learning", "上下文学习"), ("deep learning", None)):
        run("vocab", "add", t, "--episode", "1", *(["--gloss", g] if g else []))
    rc, out = run_tty(["vocab", "list"], cols=80)
    lines = [ln for ln in out.split("\n") if ln]
    check("vocab list on a terminal: exit 0 and rows", rc == 0 and len(lines) >= 4, out)
    check("vocab list at 80 columns: every line fits",
          all(width(ln) <= 80 for ln in lines), "\n".join("%d %s" % (width(x), x) for x in lines))
    rc, out = run_tty(["vocab", "list"], cols=60)
    check("vocab list at 60 columns: every line fits",
          rc == 0 and all(width(ln) <= 60 for ln in out.split("\n")), out)
    r = run("vocab", "list")
    check("vocab list in a pipe: terms whole",
          "reinforcement learning from human feedback" in r.stdout, r.stdout)

    r = run("import", hour_long_page())
    check("import an episode past an hour", r.returncode == 0, r.stderr)
    for out in (run("list").stdout, run_tty(["list"], cols=120)[1]):
        rows = [ln for ln in out.split("\n") if ln.strip()]
        col = rows[0].find("TITLE") if rows else -1
        check("list: every title starts under TITLE (1:03:07 and 59:40 rows)",
              len(rows) == 3 and all(r_[col:].startswith("Ep 8") for r_ in rows[1:]),
              out)

    # ---- rm ID ----
    run("vocab", "add", "flywheel effect", "--episode", "2")
    r = run("rm", "2")
    check("rm 2: exit 0 and says what it removed",
          r.returncode == 0 and "removed episode 2" in r.stdout, r.stdout + r.stderr)
    ids = [x["id"] for x in json.loads(run("list", "--json").stdout)]
    check("rm 2: the episode is gone", ids == [1], ids)
    e = entry("flywheel effect")
    check("rm 2: its vocabulary keeps the sentence",
          e is not None and e["contexts"] and "flywheel" in e["contexts"][0]["en"].lower()
          and e["contexts"][0]["title"].startswith("Ep 88"), e)
    r = run("rm", "2")
    check("rm of a missing episode: 66", r.returncode == 66 and "no episode 2" in r.stderr,
          r.stderr)
    check("rm without an id: 64", run("rm").returncode == 64)

    # ---- vocab export: the format from the extension ----
    for ext, probe in (("csv", lambda s: s.startswith("\ufeffterm,gloss")),
                       ("md", lambda s: s.startswith("#")),
                       ("json", lambda s: isinstance(json.loads(s), list)),
                       ("txt", lambda s: s.startswith("#separator:tab"))):
        path = os.path.join(TMP, "book." + ext)
        r = run("vocab", "export", "-o", path)
        ok = r.returncode == 0 and os.path.exists(path)
        with open(path, encoding="utf-8") if ok else open(os.devnull) as f:
            text = f.read()
        check("export -o book.%s: the format of the extension" % ext, ok and probe(text),
              "%d: %s %s" % (r.returncode, r.stderr, text[:60]))
    keep = os.path.join(TMP, "x.csv")
    r = run("vocab", "export", "--format", "md", "-o", keep)
    check("--format md -o x.csv: exit 64, nothing written",
          r.returncode == 64 and not os.path.exists(keep) and "x.csv" in r.stderr,
          "%d: %s" % (r.returncode, r.stderr))
    r = run("vocab", "export", "-o", os.path.join(TMP, "book.xlsx"))
    check("-o with an unknown extension and no --format: 64", r.returncode == 64, r.stderr)
    r = run("vocab", "export", "--format", "csv", "-o", os.path.join(TMP, "book.dat"))
    check("--format with an extension that says nothing: exit 0", r.returncode == 0, r.stderr)

    # ---- vocab export to a write-protected file ----
    ro = os.path.join(TMP, "ro.csv")
    with open(ro, "w") as f:
        f.write("mine\n")
    os.chmod(ro, 0o444)
    r = run("vocab", "export", "--format", "csv", "-o", ro)
    with open(ro) as f:
        kept = f.read()
    check("export -o a 0444 file: refused like shell redirection (73, Permission denied)",
          r.returncode == 73 and "Permission denied" in r.stderr and kept == "mine\n",
          "%d: %s" % (r.returncode, r.stderr))

    # ---- stale temporary files of ours go; young ones and others stay ----
    target = os.path.join(TMP, "vocab.csv")
    stale = os.path.join(TMP, ".vocab.csv.buildspeak-tmp.AbC123")
    young = os.path.join(TMP, ".vocab.csv.buildspeak-tmp.XyZ789")
    other = os.path.join(TMP, ".vocab.csv.swp")
    for p in (stale, young, other):
        with open(p, "w") as f:
            f.write("partial")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    r = run("vocab", "export", "-o", target)
    check("export: exit 0", r.returncode == 0, r.stderr)
    check("a stale temporary file of ours is removed", not os.path.exists(stale))
    check("a young one (an export running now) stays", os.path.exists(young))
    check("another program's file stays", os.path.exists(other))
    left = [x for x in os.listdir(TMP) if ".buildspeak-tmp." in x and x != os.path.basename(young)]
    check("no temporary file left by this export", left == [], left)

    # ---- a failed import creates nothing ----
    newdir = os.path.join(TMP, "new", "deeper")
    r = run("import", os.path.join(TMP, "missing.txt"), db=os.path.join(newdir, "lib.db"))
    check("import missing.txt into a new --db: 66", r.returncode == 66, r.stderr)
    check("... and neither the library nor its folders were created",
          not os.path.exists(os.path.join(TMP, "new")), os.listdir(TMP))
    r = run("import", "--audio", os.path.join(TMP, "missing.flac"), SAMPLE,
            db=os.path.join(newdir, "lib.db"))
    check("import with a missing --audio into a new --db: 66, nothing created",
          r.returncode == 66 and not os.path.exists(os.path.join(TMP, "new")), r.stderr)

    # ---- TERM=dumb: the episode printed, as in a pipe ----
    for term in ("dumb", ""):
        rc, out = run_tty([], cols=80, stdin_tty=True, TERM=term)
        check("TERM=%r: exit 0, the episode printed (no full-screen reader)" % term,
              rc == 0 and "Speaker 1  00:00 - 00:28" in out and "\x1b[" not in out,
              "%s: %r" % (rc, out[:300]))

    shutil.rmtree(TMP, ignore_errors=True)
    return testlib.summary(with_checks=False)


if __name__ == "__main__":
    sys.exit(main())
