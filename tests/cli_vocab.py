#!/usr/bin/env python3
"""cli_vocab: `buildspeak vocab add|list|rm|export` as a user runs them, on
a temporary library holding the sample episode -- what they print, their
exit statuses, what the book holds afterwards, each export format read
back with a real reader (csv, json), and the entries outliving their
episode.

Environment (set by tests/meson.build): BUILDSPEAK_BIN, BUILDSPEAK_SAMPLE.
Python standard library only; prints one line per failed check and exits 1
if any failed."""

import csv
import io
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testlib  # noqa: E402

BIN = os.environ.get("BUILDSPEAK_BIN", "build/buildspeak")
SAMPLE = os.environ.get("BUILDSPEAK_SAMPLE", "data/sample.page.txt")
TITLE = "Ep 87: Gemini Co-Lead on World Models, RL's Next Domains & Continual Learning"
PODCAST = "Unsupervised Learning"
DATE = "2026-05-22"
SOURCE = "https://www.youtube.com/watch?v=NQczevdpxq0"

TMP = tempfile.mkdtemp(prefix="buildspeak-vocab-")
DB = os.path.join(TMP, "library.db")


def check(name, ok, detail=""):
    """Counts the check; prints only a failure."""
    if not testlib.count(ok, name):
        print("FAIL: %s%s" % (name, ("\n  " + str(detail)) if detail else ""))
    return ok


def env():
    return testlib.clean_env(TMP, ("BUILDSPEAK_DB", "XDG_DATA_HOME"),
                             XDG_DATA_HOME=os.path.join(TMP, "share"))


def run(*args, db=DB, raw=False):
    """Runs buildspeak; raw keeps stdout's bytes as they are (CRLF)."""
    cmd = [BIN] + (["--db", db] if db else []) + list(args)
    r = subprocess.run(cmd, capture_output=True, env=env(), timeout=60)
    r.stderr = r.stderr.decode("utf-8", "replace")
    r.stdout = r.stdout.decode("utf-8", "replace") if not raw else r.stdout
    return r


def book():
    r = run("vocab", "list", "--json")
    if not check("vocab list --json exits 0", r.returncode == 0, r.stderr):
        return []
    return json.loads(r.stdout)


def entry(term):
    for e in book():
        if e["term"].lower() == term.lower():
            return e
    return None


def status(name, r, want, needle=None):
    ok = r.returncode == want and (needle is None or needle in r.stderr)
    check("%s: exit %d%s" % (name, want, " and says %r" % needle if needle else ""),
          ok, "%d: %s%s" % (r.returncode, r.stderr.strip(), r.stdout.strip()[:200]))


def main():
    r = run("import", SAMPLE)
    check("import the sample", r.returncode == 0, r.stderr)
    ep = json.loads(run("show", "1", "--json").stdout)
    segs = ep["segments"]

    # ---- an empty book ----
    r = run("vocab", "list")
    check("list on an empty book exits 0 and says so",
          r.returncode == 0 and "empty" in r.stdout, r.stdout + r.stderr)
    check("list --json on an empty book is []", book() == [])

    # ---- add ----
    r = run("vocab", "add", "world models", "--episode", "1")
    check("add from an episode: exit 0, says saved with the glossary's gloss",
          r.returncode == 0 and "saved \u201cworld models\u201d (世界模型)" in r.stdout,
          r.stdout + r.stderr)
    e = entry("world models")
    check("the entry is in the book", e is not None)
    if e:
        check("gloss from the episode's glossary", e["gloss"] == "世界模型", e)
        check("one context", len(e["contexts"]) == 1, e)
        c = e["contexts"][0]
        first = next(i for i, s in enumerate(segs)
                     if "world models" in s["en"].lower() or "world models" in s["zh"].lower())
        check("without --at: the first sentence holding the term",
              c["en"] == segs[first]["en"] and c["zh"] == segs[first]["zh"]
              and abs(c["at"] - segs[first]["start"]) < 1e-6, c)
        check("the context keeps the episode's metadata",
              (c["title"], c["podcast"], c["date"], c["source_url"], c["episode_id"])
              == (TITLE, PODCAST, DATE, SOURCE, 1), c)
        check("created and saved are ISO 8601 UTC",
              e["created"].endswith("Z") and c["saved"].endswith("Z"), e)

    # --at picks the sentence playing at that time: seconds, MM:SS, H:MM:SS.
    target = segs[10]
    mid = (target["start"] + target["end"]) / 2
    for spelled in ("%.1f" % mid, "%d:%04.1f" % (mid // 60, mid % 60)):
        run("vocab", "rm", "the")
        r = run("vocab", "add", "the", "--episode", "1", "--at", spelled)
        e = entry("the")
        check("--at %s: exit 0" % spelled, r.returncode == 0, r.stderr)
        check("--at %s: the sentence playing then" % spelled,
              e is not None and e["contexts"][0]["en"] == target["en"]
              and abs(e["contexts"][0]["at"] - target["start"]) < 1e-6, e)
    r = run("vocab", "add", "the", "--episode", "1", "--at", "0:00:00")
    check("the same term from another sentence: a context, not an entry",
          r.returncode == 0 and "already in the book: context added" in r.stdout,
          r.stdout + r.stderr)
    e = entry("the")
    check("two contexts now", e is not None and len(e["contexts"]) == 2, e)
    check("still one entry for it",
          sum(1 for x in book() if x["term"].lower() == "the") == 1)
    r = run("vocab", "add", "THE", "--episode", "1", "--at", "0")
    check("the same sentence again: said, nothing added",
          r.returncode == 0 and "already in the book" in r.stdout
          and len(entry("the")["contexts"]) == 2, r.stdout)

    # Fields with everything an export must escape.
    r = run("vocab", "add", 'say "hi", <b>&', "--gloss", "打招呼\t,\"引号\"",
            "--note", "line one\nline two")
    check("add with --gloss and --note, no episode: exit 0", r.returncode == 0, r.stderr)
    e = entry('say "hi", <b>&')
    check("the gloss and note as given (trimmed)",
          e is not None and e["gloss"] == "打招呼\t,\"引号\"" and
          e["note"] == "line one\nline two" and e["contexts"] == [], e)
    r = run("vocab", "add", "#hashtag", "--gloss", "井号")
    check("a term starting with #", r.returncode == 0, r.stderr)
    r = run("vocab", "add", "deep learning", "--episode", "1", "--gloss", "深度学习!")
    check("--gloss overrides the glossary", entry("deep learning")["gloss"] == "深度学习!",
          r.stdout + r.stderr)
    r = run("vocab", "add", "deep learning", "--gloss", "深度学习")
    check("a new --gloss for a saved term replaces it",
          r.returncode == 0 and entry("deep learning")["gloss"] == "深度学习", r.stdout)

    # ---- list ----
    r = run("vocab", "list")
    check("list: exit 0, a header and every term",
          r.returncode == 0 and r.stdout.startswith("TERM") and
          all(t in r.stdout for t in ("world models", "deep learning", "#hashtag")),
          r.stdout + r.stderr)
    check("list sanitises control characters (the note's newline is not a row)",
          "line two" not in r.stdout, r.stdout)
    n = len(book())

    # ---- errors ----
    status("add without a term", run("vocab", "add"), 64)
    status("add with two terms", run("vocab", "add", "a", "b"), 64, "quote a phrase")
    status("--at without --episode", run("vocab", "add", "x", "--at", "3"), 64, "--episode")
    status("a missing episode", run("vocab", "add", "x", "--episode", "999"), 66,
           "no episode 999")
    status("a bad episode id", run("vocab", "add", "x", "--episode", "one"), 64)
    status("a bad --at", run("vocab", "add", "x", "--episode", "1", "--at", "soon"), 64,
           "--at")
    status("a negative --at", run("vocab", "add", "x", "--episode", "1", "--at", "-5"), 64)
    status("a hex --at", run("vocab", "add", "x", "--episode", "1", "--at", "0x10"), 64)
    status("an exponent --at", run("vocab", "add", "x", "--episode", "1", "--at", "1e1"), 64)
    status("--at 1:75", run("vocab", "add", "x", "--episode", "1", "--at", "1:75"), 64)
    # 65 is for bad import files: a time past the end is a bad argument.
    status("--at past the end", run("vocab", "add", "x", "--episode", "1", "--at", "9:00:00"),
           64, "past the end")
    status("an unknown vocab command", run("vocab", "frobnicate"), 64, "frobnicate")
    status("vocab alone", run("vocab"), 64)
    status("an unknown option", run("vocab", "list", "--fast"), 64, "--fast")
    status("--json on rm", run("vocab", "rm", "x", "--json"), 64)
    status("rm of a term not in the book", run("vocab", "rm", "nonesuch"), 66, "nonesuch")
    status("export without --format", run("vocab", "export"), 64, "--format")
    status("export in an unknown format", run("vocab", "export", "--format", "xlsx"), 64,
           "xlsx")
    check("no failed command changed the book", len(book()) == n)
    r = run("vocab", "--help")
    check("vocab --help", r.returncode == 0 and "vocab export" in r.stdout, r.stderr)
    r = run("--help")
    check("buildspeak --help lists the vocab commands",
          r.returncode == 0 and "vocab add TERM" in r.stdout, r.stdout)

    # ---- export ----
    want = book()
    out = {}
    for fmt in ("csv", "anki", "md", "json"):
        r = run("vocab", "export", "--format", fmt, raw=True)
        check("export --format %s to stdout: exit 0" % fmt, r.returncode == 0, r.stderr)
        out[fmt] = r.stdout.decode("utf-8")
        path = os.path.join(TMP, "out." + fmt)
        r = run("vocab", "export", "--format", fmt, "-o", path)
        check("export --format %s -o FILE: exit 0" % fmt, r.returncode == 0, r.stderr)
        with open(path, "rb") as f:
            data = f.read().decode("utf-8")
        if fmt == "csv":
            # A file named .csv begins with a BOM (for spreadsheets);
            # stdout does not, and --no-bom drops it.
            check("export csv -o FILE.csv: a BOM first", data.startswith("\ufeff"))
            data = data[1:]
        check("export %s: the file is what stdout got" % fmt, data == out[fmt])
    path = os.path.join(TMP, "nobom.csv")
    r = run("vocab", "export", "--no-bom", "-o", path)
    with open(path, "rb") as f:
        data = f.read().decode("utf-8")
    check("export --no-bom -o FILE.csv: no BOM, the same text",
          r.returncode == 0 and data == out["csv"], r.stderr)
    r = run("vocab", "export", "--format", "anki", "--deck", "英语::AI")
    check("export anki --deck NAME: the #deck line",
          r.returncode == 0 and "#deck:英语::AI\n" in r.stdout, r.stdout[:200])
    r = run("vocab", "export", "--format", "md", "--deck", "X")
    status("--deck with md: a usage error", r, 64, "--deck")
    r = run("vocab", "export", "--format", "json", "--no-bom")
    status("--no-bom with json: a usage error", r, 64, "--no-bom")
    r = run("vocab", "export", "--format", "json", "-o", "-", raw=True)
    check("-o - is stdout", r.returncode == 0 and r.stdout.decode() == out["json"])
    check("csv: CRLF line ends", out["csv"].count("\r\n") >= len(want) + 1)

    rows = list(csv.reader(io.StringIO(out["csv"], newline="")))
    check("csv: a header row and one row per entry", len(rows) == len(want) + 1,
          len(rows))
    check("csv: header starts term, gloss, note",
          rows and rows[0][:3] == ["term", "gloss", "note"], rows[:1])
    byterm = {r[0]: r for r in rows[1:]}
    check("csv: quotes, commas, tabs and newlines read back exactly",
          byterm.get('say "hi", <b>&', [None] * 3)[1:3] ==
          ["打招呼\t,\"引号\"", "line one\nline two"], byterm.get('say "hi", <b>&'))
    check("csv: every row has the header's field count",
          all(len(r) == len(rows[0]) for r in rows))

    lines = out["anki"].split("\n")
    check("anki: the headers in Anki's order",
          lines[:6] == ["#separator:tab", "#html:true", "#notetype:Basic",
                        "#deck:BuildSpeak", "#tags:buildspeak", "#guid column:3"], lines[:6])
    body = [l for l in lines[6:] if l]
    check("anki: one line per entry", len(body) == len(want), len(body))
    check("anki: three fields on every line", all(l.count("\t") == 2 for l in body), body)
    check("anki: HTML escaped, the note's newline a <br>",
          any(l.startswith("say &quot;hi&quot;, &lt;b&gt;&amp;\t") for l in body) and
          any("line one<br>line two" in l for l in body), body)
    check("anki: a term starting with # is quoted, not a comment",
          any(l.startswith('"#hashtag"') for l in body), body)
    check("anki: the sentence with the term emphasised",
          any("<b>world models</b>" in l.lower() for l in body))

    check("md: a section for the episode", "## " + TITLE in out["md"], out["md"][:300])
    check("md: terms in bold", "**world models**" in out["md"] and "**deep learning**" in out["md"])
    check("json: the same entries as list --json", json.loads(out["json"]) == want)

    # Output errors: nothing left behind, a clear status.
    status("-o into a missing directory",
           run("vocab", "export", "--format", "csv", "-o", os.path.join(TMP, "no", "x.csv")),
           73, "does not exist")
    check("no file made there", not os.path.exists(os.path.join(TMP, "no")))
    status("-o naming a directory", run("vocab", "export", "--format", "csv", "-o", TMP), 73,
           "directory")
    keep = os.path.join(TMP, "keep.csv")
    with open(keep, "w") as f:
        f.write("old content\n")
    status("an unknown format with -o", run("vocab", "export", "--format", "nope", "-o", keep),
           64)
    with open(keep) as f:
        check("the existing file is untouched", f.read() == "old content\n")
    if os.geteuid() != 0:
        ro = os.path.join(TMP, "ro")
        os.mkdir(ro)
        os.chmod(ro, stat.S_IRUSR | stat.S_IXUSR)
        status("-o into a read-only directory",
               run("vocab", "export", "--format", "csv", "-o", os.path.join(ro, "x.csv")), 73)
        os.chmod(ro, stat.S_IRWXU)
    if os.path.exists("/dev/full"):
        r = run("vocab", "export", "--format", "csv", "-o", "/dev/full")
        check("a full device: exit 74", r.returncode == 74, "%d %s" % (r.returncode, r.stderr))
    before = {x for x in os.listdir(TMP)}
    run("vocab", "export", "--format", "md", "-o", os.path.join(TMP, "out.md"))
    check("no temporary files left beside the export",
          {x for x in os.listdir(TMP)} == before, set(os.listdir(TMP)) ^ before)

    # ---- rm ----
    r = run("vocab", "rm", "#HASHTAG")
    check("rm (any case): exit 0", r.returncode == 0 and "removed" in r.stdout, r.stderr)
    check("rm: gone from the book", entry("#hashtag") is None)
    status("rm again", run("vocab", "rm", "#hashtag"), 66)

    # ---- the entries outlive their episode ----
    r = run("import", "--replace", SAMPLE)
    check("re-import with --replace", r.returncode == 0, r.stderr)
    e = entry("world models")
    check("after --replace: the entry and its context are there",
          e is not None and e["contexts"][0]["en"] and e["contexts"][0]["episode_id"] == 1, e)
    # Through buildspeak: the search index's triggers need its SQL
    # function, so another program's write to the segments is refused.
    status("rm the episode", run("rm", "1"), 0)
    r = run("list", "--json")
    check("the episode is gone", r.returncode == 0 and json.loads(r.stdout) == [], r.stdout)
    e = entry("world models")
    check("after removing the episode: the sentence and source stay",
          e is not None and e["contexts"][0]["title"] == TITLE and
          "world models" in e["contexts"][0]["en"].lower() and
          e["contexts"][0]["episode_id"] is None, e)
    r = run("vocab", "export", "--format", "md")
    check("and it still exports", r.returncode == 0 and "**world models**" in r.stdout)
    status("add --episode 1 now", run("vocab", "add", "x", "--episode", "1"), 66)


try:
    main()
finally:
    shutil.rmtree(TMP, ignore_errors=True)
sys.exit(testlib.summary())
