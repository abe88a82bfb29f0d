#!/usr/bin/env python3
"""Command-line tests: every buildspeak command run as a user would, on a
temporary library, checking what it prints, its exit status and what the
library holds afterwards.

Environment (set by tests/meson.build): BUILDSPEAK_BIN, the binary;
BUILDSPEAK_SAMPLE, the bundled sample page. Prints one line per check and
exits 1 if any failed."""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testlib  # noqa: E402
from testlib import cli_check as check  # noqa: E402

BIN = os.environ.get("BUILDSPEAK_BIN", "build/buildspeak")
SAMPLE = os.environ.get("BUILDSPEAK_SAMPLE", "data/sample.page.txt")

TITLE = "Ep 87: Gemini Co-Lead on World Models, RL's Next Domains & Continual Learning"
PODCAST = "Unsupervised Learning"
DATE = "2026-05-22"
SOURCE = "https://www.youtube.com/watch?v=NQczevdpxq0"
STATED_WORDS = 11291

LIST_FIELDS = {"id", "title", "podcast", "date", "source_url", "audio",
               "words", "reading_minutes", "segments"}
SEGMENT_FIELDS = {"speaker", "start", "end", "en", "zh"}
TERM_FIELDS = {"term", "gloss", "count"}

SUMMARY_RE = re.compile(
    r"^(imported|replaced) episode (\d+): (.*) \u2014 (.*), (\d{4}-\d\d-\d\d), "
    r"(\d+) segments, (\d+) words, (\d+) min read, (\d+) terms$")

TMP = tempfile.mkdtemp(prefix="buildspeak-cli-")


def clean_env(**extra):
    """The environment a test run gets: no library set by the caller's own
    environment, a private HOME, a UTF-8 locale."""
    return testlib.clean_env(os.path.join(TMP, "home"),
                             ("BUILDSPEAK_DB", "XDG_DATA_HOME",
                              "BUILDSPEAK_DATA"), **extra)


def run(*args, db=None, env=None, stdout=subprocess.PIPE):
    """Runs the binary (with --db DB first when given); returns the
    CompletedProcess with text output."""
    argv = [BIN] + (["--db", db] if db else []) + list(args)
    return subprocess.run(argv, stdout=stdout, stderr=subprocess.PIPE,
                          env=env or clean_env(), timeout=120,
                          encoding="utf-8", errors="replace")


def run_json(*args, db=None, env=None):
    r = run(*args, "--json", db=db, env=env)
    if r.returncode != 0:
        return None, r
    try:
        return json.loads(r.stdout), r
    except ValueError as e:
        r.stderr += f"\nbad JSON: {e}"
        return None, r


def snapshot(db, env=None):
    """Everything a user can see of a library: the list, and every episode
    in full, as JSON text."""
    r = run("list", "--json", db=db, env=env)
    if r.returncode != 0:
        return ("list failed", r.returncode, r.stderr)
    shots = [r.stdout]
    for ep in json.loads(r.stdout):
        shots.append(run("show", str(ep["id"]), "--json", db=db, env=env).stdout)
    return tuple(shots)


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    return path


def main():
    db = os.path.join(TMP, "a", "library.db")

    # ---- import ----------------------------------------------------------
    r = run("import", SAMPLE, db=db)
    check("import sample exits 0", r.returncode == 0, r.stderr)
    lines = r.stdout.splitlines()
    check("import prints one line", len(lines) == 1, repr(r.stdout))
    m = SUMMARY_RE.match(lines[0]) if lines else None
    check("import summary line has the expected shape", m is not None,
          lines[0] if lines else "")
    words = None
    if m:
        verb, ep_id, title, podcast, date, nseg, words, minutes, nterms = m.groups()
        words = int(words)
        check("summary: imported as episode 1", verb == "imported" and ep_id == "1", lines[0])
        check("summary: title", title == TITLE, title)
        check("summary: podcast", podcast == PODCAST, podcast)
        check("summary: date", date == DATE, date)
        check("summary: 147 segments", nseg == "147", nseg)
        check("summary: words within 1% of 11,291",
              abs(words - STATED_WORDS) <= STATED_WORDS / 100, str(words))
        check("summary: 56 minutes of reading", minutes == "56", minutes)
        check("summary: about 190 terms", 170 <= int(nterms) <= 210, nterms)
    check("the library file was created at --db", os.path.isfile(db))

    # ---- list ------------------------------------------------------------
    r = run("list", db=db)
    check("list exits 0", r.returncode == 0, r.stderr)
    out = r.stdout.splitlines()
    check("list: a header and one row", len(out) == 2, repr(r.stdout))
    if len(out) == 2:
        check("list: header names the columns",
              re.match(r"^\s*ID\s+DATE\s+PODCAST\s+MIN\s+SEGS\s+LENGTH\s+TITLE$", out[0]) is not None,
              out[0])
        row = re.match(r"^\s*1\s+(\S+)\s+(.*?)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.*)$", out[1])
        check("list: row parses", row is not None, out[1])
        if row:
            check("list: row values",
                  row.groups() == (DATE, PODCAST, "56", "147", "59:40", TITLE),
                  repr(row.groups()))

    lst, r = run_json("list", db=db)
    check("list --json parses", isinstance(lst, list), r.stderr)
    if isinstance(lst, list) and check("list --json: one episode", len(lst) == 1, repr(lst)):
        e = lst[0]
        check("list --json: exactly the documented fields", set(e) == LIST_FIELDS,
              repr(sorted(e)))
        check("list --json: values",
              (e.get("id"), e.get("title"), e.get("podcast"), e.get("date"),
               e.get("source_url"), e.get("audio"), e.get("reading_minutes"),
               e.get("segments")) == (1, TITLE, PODCAST, DATE, SOURCE, "", 56, 147),
              repr(e))
        check("list --json: words match the import line", e.get("words") == words,
              f"{e.get('words')} vs {words}")

    # ---- show ------------------------------------------------------------
    r = run("show", "1", db=db)
    check("show exits 0", r.returncode == 0, r.stderr)
    text = r.stdout
    heads = re.findall(r"^Speaker (\d+)  (\d\d:\d\d) - (\d\d:\d\d)$", text, re.M)
    check("show: 147 segment headers", len(heads) == 147, str(len(heads)))
    if heads:
        check("show: first segment is Speaker 1  00:00 - 00:28",
              heads[0] == ("1", "00:00", "00:28"), repr(heads[0]))
        check("show: last segment is Speaker 1  59:23 - 59:40",
              heads[-1] == ("1", "59:23", "59:40"), repr(heads[-1]))
    check("show: metadata first", text.startswith(TITLE + "\n"), text[:200])
    for label, value in (("podcast", PODCAST), ("date", DATE), ("source", SOURCE),
                         ("segments", "147"), ("length", "59:40")):
        check(f"show: {label} line", re.search(rf"^{label} +{re.escape(value)}$", text, re.M)
              is not None)
    check("show: English then Chinese after each header",
          "Speaker 1  00:00 - 00:28\nOriol Vinyals is the co lead of Gemini" in text
          and "\nOriol Vinyals 与 Noam Shazir" in text)

    ep, r = run_json("show", "1", db=db)
    check("show --json parses", isinstance(ep, dict), r.stderr)
    if isinstance(ep, dict):
        check("show --json: the list's fields and segments, glossary",
              LIST_FIELDS - {"segments"} | {"segments", "glossary"} <= set(ep),
              repr(sorted(ep)))
        segs = ep.get("segments", [])
        check("show --json: 147 segments", len(segs) == 147, str(len(segs)))
        if segs:
            s0 = segs[0]
            check("show --json: segment fields", set(s0) == SEGMENT_FIELDS, repr(sorted(s0)))
            check("show --json: first segment speaker 1, 0 to 28 s",
                  (s0.get("speaker"), s0.get("start"), s0.get("end")) == (1, 0, 28), repr(s0)[:200])
            check("show --json: first segment text",
                  s0.get("en", "").startswith("Oriol Vinyals is the co lead of Gemini")
                  and s0.get("zh", "").startswith("Oriol Vinyals 与 Noam Shazir"))
            s1 = segs[1]
            check("show --json: second segment 29 to 55 s",
                  (s1.get("start"), s1.get("end")) == (29, 55), repr((s1.get("start"), s1.get("end"))))
            last = segs[-1]
            check("show --json: last segment 59:23 to 59:40",
                  (last.get("start"), last.get("end")) == (3563, 3580),
                  repr((last.get("start"), last.get("end"))))
            check("show --json: segments in time order, end >= start, speaker >= 1",
                  all(a["start"] <= b["start"] for a, b in zip(segs, segs[1:]))
                  and all(s["end"] >= s["start"] and s["speaker"] >= 1 for s in segs))
            check("show --json: seconds are numbers",
                  all(isinstance(s["start"], (int, float)) and isinstance(s["end"], (int, float))
                      for s in segs))
        gl = ep.get("glossary", [])
        check("show --json: glossary entries {term, gloss, count}",
              bool(gl) and all(set(t) == TERM_FIELDS for t in gl), repr(gl[:2]))
        check("show --json: 267 glosses in all", sum(t.get("count", 0) for t in gl) == 267,
              str(sum(t.get("count", 0) for t in gl)))
        dl = [t for t in gl if t.get("term", "").lower() == "deep learning"]
        check("show --json: deep learning -> 深度学习",
              len(dl) == 1 and dl[0].get("gloss") == "深度学习", repr(dl))

    # ---- glossary --------------------------------------------------------
    r = run("glossary", "1", db=db)
    check("glossary exits 0", r.returncode == 0, r.stderr)
    gl_lines = r.stdout.splitlines()
    check("glossary: deep learning — 深度学习 (N)",
          any(re.match(r"^deep learning \u2014 深度学习 \(\d+\)$", ln) for ln in gl_lines),
          repr(gl_lines[:5]))
    g, r = run_json("glossary", "1", db=db)
    check("glossary --json parses to an array", isinstance(g, list), r.stderr)
    if isinstance(g, list) and isinstance(ep, dict):
        check("glossary --json equals show --json's glossary", g == ep.get("glossary"))
        check("glossary: one text line per term", len(gl_lines) == len(g),
              f"{len(gl_lines)} lines, {len(g)} terms")

    # ---- JSON round trip -------------------------------------------------
    r = run("show", "1", "--json", db=db)
    shown = r.stdout
    jpath = write(os.path.join(TMP, "ep1.json"), shown.encode())
    db2 = os.path.join(TMP, "b", "library.db")
    r = run("import", jpath, db=db2)
    check("import of show --json exits 0", r.returncode == 0, r.stderr)
    check("import of show --json prints its summary",
          SUMMARY_RE.match(r.stdout.strip()) is not None, r.stdout)
    r2 = run("show", "1", "--json", db=db2)
    check("show --json -> import -> show --json is identical", r2.stdout == shown,
          f"{len(r2.stdout)} vs {len(shown)} bytes")

    # ---- duplicates and --replace ----------------------------------------
    before = snapshot(db)
    r = run("import", SAMPLE, db=db)
    check("re-import exits 0 (the episode is in the library)", r.returncode == 0,
          f"{r.returncode}: {r.stderr}")
    check("re-import says it is already there",
          "already in the library as episode 1 (use --replace to replace it)" in r.stderr,
          r.stderr)
    check("re-import prints no summary", r.stdout == "", r.stdout)
    check("re-import leaves the library unchanged", snapshot(db) == before)
    r = run("import", jpath, db=db)
    check("importing its JSON is a duplicate too",
          r.returncode == 0 and "already in the library as episode 1" in r.stderr, r.stderr)
    check("... and leaves the library unchanged", snapshot(db) == before)

    r = run("import", "--replace", SAMPLE, db=db)
    check("import --replace exits 0", r.returncode == 0, r.stderr)
    m = SUMMARY_RE.match(r.stdout.strip())
    check("import --replace keeps the id", m is not None and m.group(1) == "replaced"
          and m.group(2) == "1", r.stdout)
    check("after --replace the library shows the same", snapshot(db) == before)

    # ---- where the library lives ----------------------------------------
    env_db = os.path.join(TMP, "env", "lib.db")
    env = clean_env(BUILDSPEAK_DB=env_db)
    r = run("import", SAMPLE, env=env)
    check("BUILDSPEAK_DB: import exits 0", r.returncode == 0, r.stderr)
    check("BUILDSPEAK_DB: the library is created there", os.path.isfile(env_db))
    lst, _ = run_json("list", env=env)
    check("BUILDSPEAK_DB: list sees the episode", isinstance(lst, list) and len(lst) == 1)
    lst, _ = run_json("list", db=os.path.join(TMP, "empty.db"), env=env)
    check("--db overrides BUILDSPEAK_DB", lst == [], repr(lst)[:100])

    xdg = os.path.join(TMP, "xdg")
    env = clean_env(XDG_DATA_HOME=xdg)
    r = run("import", SAMPLE, env=env)
    check("XDG_DATA_HOME: import exits 0", r.returncode == 0, r.stderr)
    check("XDG_DATA_HOME: library at $XDG_DATA_HOME/buildspeak/library.db",
          os.path.isfile(os.path.join(xdg, "buildspeak", "library.db")))
    home = os.path.join(TMP, "home2")
    env = clean_env(HOME=home)
    r = run("list", env=env)
    check("HOME: list on a new library exits 0", r.returncode == 0, r.stderr)
    check("HOME: library at ~/.local/share/buildspeak/library.db",
          os.path.isfile(os.path.join(home, ".local", "share", "buildspeak", "library.db")))
    check("list on an empty library says so", "no episodes" in r.stdout, r.stdout)
    lst, _ = run_json("list", env=env)
    check("list --json on an empty library is []", lst == [], repr(lst))
    check("list does not import anything by itself", lst == [])
    r = run("show", "1", env=env)
    check("show on an empty library: exit 66", r.returncode == 66, str(r.returncode))

    # ---- no command: the reader's start-up -------------------------------
    db3 = os.path.join(TMP, "c", "library.db")
    r = run(db=db3)
    check("buildspeak alone exits 0", r.returncode == 0, r.stderr)
    check("buildspeak alone imports the sample into an empty library",
          re.search(r"^imported episode 1: " + re.escape(TITLE), r.stdout, re.M) is not None,
          r.stdout[:300])
    check("buildspeak alone prints the episode",
          "Speaker 1  00:00 - 00:28\nOriol Vinyals" in r.stdout)
    r = run(db=db3)
    lst, _ = run_json("list", db=db3)
    check("a second start does not import again",
          r.returncode == 0 and "imported" not in r.stdout and isinstance(lst, list) and len(lst) == 1,
          r.stdout[:200])

    datadir = os.path.join(TMP, "data")
    os.makedirs(datadir)
    with open(SAMPLE, encoding="utf-8") as f:
        page = f.read()
    write(os.path.join(datadir, "sample.page.txt"),
          page.replace(TITLE, "A Sample From BUILDSPEAK_DATA").encode())
    r = run(db=os.path.join(TMP, "d.db"), env=clean_env(BUILDSPEAK_DATA=datadir))
    check("BUILDSPEAK_DATA names the sample's directory",
          r.returncode == 0 and "imported episode 1: A Sample From BUILDSPEAK_DATA" in r.stdout,
          r.stderr + r.stdout[:200])

    # ---- help, version, usage errors -------------------------------------
    r = run("--help")
    check("--help exits 0 and shows usage",
          r.returncode == 0 and r.stdout.startswith("usage: buildspeak"), r.stderr)
    check("--help names every command",
          all(re.search(rf"^  {c}\b", r.stdout, re.M) for c in ("import", "list", "show", "glossary")))
    r = run("--version")
    check("--version exits 0 and prints buildspeak X.Y.Z",
          r.returncode == 0 and re.fullmatch(r"buildspeak \d+\.\d+\.\d+\n", r.stdout) is not None,
          r.stdout)

    for args, what, needle in (
            (["frobnicate"], "unknown command", "unknown command 'frobnicate'"),
            (["--frob"], "unknown global option", "unknown option '--frob'"),
            (["list", "--frob"], "unknown command option", "unknown option '--frob'"),
            (["show"], "show without an ID", "needs an ID"),
            (["show", "abc"], "show with a bad ID", "not an episode id"),
            (["show", "1", "2"], "show with two IDs", "unexpected argument '2'"),
            (["glossary"], "glossary without an ID", "needs an ID"),
            (["list", "extra"], "list with an operand", "unexpected argument 'extra'"),
            (["import"], "import without a file", "needs a FILE"),
            (["import", "--json", SAMPLE], "--json on import", "does not apply to 'import'"),
            (["list", "--replace"], "--replace on list", "does not apply to 'list'"),
            (["--db"], "--db without a path", "--db needs a PATH")):
        r = run(*args, db=None if args == ["--db"] else db)
        check(f"usage error, {what}: exit 64 and a message",
              r.returncode == 64 and needle in r.stderr and "buildspeak --help" in r.stderr,
              f"{r.returncode}: {r.stderr.strip()}")
    check("usage errors left the library unchanged", snapshot(db) == before)

    for cmd in ("show", "glossary"):
        r = run(cmd, "999", db=db)
        check(f"{cmd} of a missing id: exit 66 and a clear error",
              r.returncode == 66 and "no episode 999 in the library" in r.stderr,
              f"{r.returncode}: {r.stderr.strip()}")
        r = run(cmd, "999", "--json", db=db)
        check(f"{cmd} --json of a missing id: exit 66, nothing on stdout",
              r.returncode == 66 and r.stdout == "", f"{r.returncode}: {r.stdout[:80]}")

    # ---- library failures, output failures -------------------------------
    notadb = write(os.path.join(TMP, "notadb"), b"this is not a SQLite database\n" * 100)
    r = run("list", db=notadb)
    check("a file that is not a library: exit 74 and names it",
          r.returncode == 74 and "notadb" in r.stderr, f"{r.returncode}: {r.stderr.strip()}")
    if os.path.exists("/dev/full"):
        with open("/dev/full", "w") as full:
            r = run("show", "1", db=db, stdout=full)
        check("a full output device: exit 74", r.returncode == 74, f"{r.returncode}: {r.stderr.strip()}")

    # ---- untrusted text reaches the terminal inert -----------------------
    evil_title = "Evil \x1b]0;pwned\x07\x1b[2J title \u202e"
    evil = page.replace(TITLE, evil_title).replace(SOURCE, "https://example.org/evil")
    evil = evil.replace("Oriol Vinyals is the co lead", "Oriol \x1b[31mVinyals\x1b[0m is the co lead", 1)
    epath = write(os.path.join(TMP, "evil.page.txt"), evil.encode())
    r = run("import", epath, db=db)
    if r.returncode == 0:
        m = re.search(r"episode (\d+)", r.stdout)
        eid = m.group(1) if m else "2"
        outs = [r.stdout, run("list", db=db).stdout, run("show", eid, db=db).stdout,
                run("glossary", eid, db=db).stdout]
        check("escape sequences in a title or text are printed inert",
              all("\x1b" not in o and "\x07" not in o and "\u202e" not in o for o in outs))
        check("... and still visible as text", "Evil ^[]0;pwned^G^[[2J title" in outs[1], outs[1])
    else:
        check("a page with escape sequences is refused as bad data",
              r.returncode == 65 and "\x1b" not in r.stderr, f"{r.returncode}: {r.stderr!r}")

    shutil.rmtree(TMP, ignore_errors=True)
    return testlib.summary(with_checks=False)


if __name__ == "__main__":
    sys.exit(main())
