#!/usr/bin/env python3
"""e2e_vocab: the vocabulary book in the real reader, in a real terminal.

tmux on a private socket (-L, -f /dev/null) at a fixed size, LC_ALL=C.UTF-8,
a temporary HOME, XDG directories and library; keys go in with send-keys,
the screen comes back with capture-pane, polled until the expected text
shows or a timeout passes (never a bare sleep as the assertion). What is
in the library is checked with the command line, as a second process on
the same file. Python standard library only.

Scenario: save a glossary term (s) and a selected phrase (w, arrows,
Shift, Enter, a typed Chinese gloss); SIGKILL the reader right after the
second save says so, and find both saves in the book; open the book (v),
filter (/), delete and undo (d, u), export (x); a second reader on the same
library saves a word the first one then shows.
"""
import csv
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import wave

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testlib  # noqa: E402
from testlib import check  # noqa: E402

BIN = os.environ.get("BUILDSPEAK_BIN", "build/buildspeak")
SAMPLE = os.environ.get("BUILDSPEAK_SAMPLE", "data/sample.page.txt")
TIMEOUT = 10.0

class Term(testlib.Term):
    """One tmux server with one pane running the reader."""
    prefix = "bs-vocab"

    def extra_env(self, home):
        return {"BUILDSPEAK_AO": "null"}

    def __init__(self, home, cmd, cols=120, rows=36):
        super().__init__(home, cmd, cols, rows)


def status_line(s):
    lines = [l for l in s.split("\n") if l.strip()]
    return lines[-1] if lines else ""


def cli(home, db, *args):
    env = dict(os.environ, HOME=home, LC_ALL="C.UTF-8")
    return subprocess.run([BIN, "--db", db] + list(args), env=env,
                          capture_output=True, text=True, timeout=60)


def book(home, db):
    r = cli(home, db, "vocab", "list", "--json")
    check(r.returncode == 0, "vocab list --json: %s" % r.stderr.strip())
    return {e["term"]: e for e in json.loads(r.stdout or "[]")}


def main(tmp):
    home = os.path.join(tmp, "home")
    os.makedirs(home)
    db = os.path.join(home, "lib.db")
    r = cli(home, db, "import", SAMPLE)
    check(r.returncode == 0, "import the sample: " + r.stderr.strip())
    cmd = "%s --db %s" % (shlex.quote(BIN), shlex.quote(db))

    t = Term(home, cmd)
    try:
        t.wait(lambda s: "sentence 1/147 " in status_line(s), "start-up")

        # A glossary term: focus the glossary, s.
        t.keys("3")
        t.wait(lambda s: "• deep learning" in s or "•*deep learning" in s,
               "the glossary lists the sentence's terms first")
        t.keys("s")
        s = t.wait_text("saved \u201cdeep learning\u201d (深度学习) to the book",
                        "s: the status line confirms the save")
        t.wait_text("•*deep learning", "the saved term is marked in the glossary")

        # A phrase chosen word by word, its gloss typed in Chinese.
        t.keys("2", "w")
        t.wait_text("Selected: deep learning",
                    "w: word selection starts on the sentence's term")
        t.keys("Left")
        t.wait_text("Selected: in ", "Left: the word before")
        t.keys("Left")
        t.wait_text("Selected: breakthroughs ", "Left again")
        t.keys("S-Left", "S-Left", "S-Left")
        t.wait_text("Selected: many of the breakthroughs",
                    "Shift+Left stretches it into a phrase")
        t.keys("Enter")
        t.wait_text("Gloss: ", "Enter asks for the gloss")
        t.literal("许多突破口")
        t.wait_text("Gloss: 许多突破口", "Chinese typed into the prompt")
        t.keys("BSpace")
        t.wait(lambda s: "Gloss: 许多突破 " in s and "许多突破口" not in s,
               "Backspace takes one wide character")
        t.keys("Enter")
        t.wait_text("saved \u201cmany of the breakthroughs\u201d (许多突破)",
                    "the phrase is saved, the status line says so")
        # Killed the moment the screen said it: nothing is lost.
        pid = t.reader_pid()
        check(pid is not None, "found the reader's process")
        if pid:
            os.kill(pid, signal.SIGKILL)
        t.wait_exit()
    finally:
        t.kill()

    b = book(home, db)
    check("deep learning" in b and b["deep learning"]["gloss"] == "深度学习",
          "after SIGKILL: the glossary term is in the book")
    e = b.get("many of the breakthroughs")
    check(e is not None and e["gloss"] == "许多突破",
          "after SIGKILL: the phrase is in the book with its gloss", str(e))
    if e:
        c = e["contexts"][0]
        check(c["en"].startswith("Oriol Vinyals") and c["zh"].startswith("Oriol Vinyals 与")
              and c["at"] == 0 and c["episode_id"] == 1 and c["title"].startswith("Ep 87"),
              "the phrase keeps its sentence, both languages, and its episode", str(c))

    # A minute of silence as the episode's audio (ao=null plays it in
    # real time), so Enter in the book has something to play.
    wav = os.path.join(home, "silence.wav")
    with wave.open(wav, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(8000)
        w.writeframes(b"\x80" * 8000 * 60)
    r = cli(home, db, "audio", "1", wav)
    check(r.returncode == 0, "audio 1 FILE: " + r.stderr.strip())

    # The book, in a fresh reader; a second reader on the same library.
    t = Term(home, cmd)
    t2 = None
    try:
        t.wait(lambda s: "sentence 1/147 " in status_line(s), "restart")
        t.keys("v")
        # Polled until the whole frame is there: a capture can land
        # half-way through drawing one.
        t.wait(lambda s: "2 entries" in s and "deep learning" in s and
               "many of the breakthroughs  许多突破" in s,
               "v: the book with both entries and their glosses")
        t.wait_text("Unsupervised Learning · 2026-05-22 · 00:00 · Ep 87",
                    "the book shows the selected entry's source and time")

        t.keys("/")
        t.wait_text("Filter: ", "/ opens the filter")
        t.literal("突破")
        t.wait(lambda s: "1 entry" in s and "many of the breakthroughs" in s,
               "the filter narrows as Chinese is typed")
        t.keys("Escape")
        t.wait_text("2 entries", "Escape drops the filter")
        t.keys("/")
        t.literal("DEEP")
        t.wait(lambda s: "1 entry" in s and "deep learning  深度学习" in s,
               "the filter works on English, any case")
        t.keys("Enter")

        t.keys("d")
        t.wait_text("deleted \u201cdeep learning\u201d", "d deletes")
        t.wait_text("No entry matches the filter", "the deleted entry is gone")
        check("deep learning" not in book(home, db),
              "the delete is in the library (seen by another process)")
        t.keys("u")
        t.wait_text("restored \u201cdeep learning\u201d", "u undoes the delete")
        t.wait_text("1 entry", "the entry is back in the list")
        check("deep learning" in book(home, db), "the undo is in the library")
        t.keys("/", "C-u", "Enter")
        t.wait_text("2 entries", "the filter cleared")

        t.keys("x")
        t.wait_text("Format (csv, anki, md, json, apkg): csv",
                    "x asks for the format")
        t.keys("Enter")
        t.wait_text("Export to: ~/buildspeak-vocab.csv", "then for the file")
        t.keys("Enter")
        t.wait_text("exported 2 entries to", "the export is confirmed")
        path = os.path.join(home, "buildspeak-vocab.csv")
        rows = []
        if check(os.path.exists(path), "the CSV file is written in HOME"):
            with open(path, newline="", encoding="utf-8") as f:
                rows = list(csv.reader(f))
        check(len(rows) == 3 and {r[0] for r in rows[1:]} ==
              {"deep learning", "many of the breakthroughs"},
              "the CSV reads back: a header and both entries", str(rows)[:300])

        # Enter: the entry's sentence, played when the episode has audio.
        t.keys("v")
        t.wait(lambda s: "Vocabulary book" not in s, "v closes the book")
        for _ in range(4):
            t.keys("Right")
        t.wait(lambda s: "sentence 5/147 " in status_line(s), "to sentence 5")
        t.keys("v")
        t.wait_text("2 entries", "the book again")
        t.keys("g", "Down")
        t.wait(lambda s: "deep learning — 深度学习" in s, "the second entry selected")
        t.keys("Enter")
        t.wait(lambda s: "sentence 1/147 " in status_line(s) and
               "Vocabulary book" not in s,
               "Enter: the book closes on the entry's sentence")
        t.wait(lambda s: status_line(s).lstrip().startswith("▶") and
               "00:02 / 59:40" in status_line(s),
               "and plays it: the clock runs from the sentence's start")
        t.keys("Space")
        t.wait(lambda s: status_line(s).lstrip().startswith("❚❚"), "paused")

        # A second reader saves a word; the first sees it on reopening.
        t2 = Term(home, cmd)
        t2.wait(lambda s: "sentence 1/147 " in status_line(s),
                "a second reader on the same library")
        # The sentence's terms lead the glossary: deep learning, surface
        # area ("surface areas", an inflection), multimodal models.
        t2.keys("3", "Down", "Down", "s")
        t2.wait_text("saved \u201cmultimodal models\u201d",
                     "the second reader saves a term")
        t.keys("v")
        t.wait(lambda s: "3 entries" in s and "multimodal models" in s,
               "the first reader sees the other's save")
        t.keys("q")
        t.wait(lambda s: "Vocabulary book" not in s, "q closes the book")
        t.keys("q")
        check(t.wait_exit() == 0, "q quits with status 0")
        t2.keys("q")
        check(t2.wait_exit() == 0, "the second reader quits with status 0")
    finally:
        t.kill()
        if t2:
            t2.kill()
    check(len(book(home, db)) == 3, "all three saves are in the library")


if shutil.which("tmux") is None:
    print("tmux not found: skipped")
    sys.exit(77)
tmp = tempfile.mkdtemp(prefix="buildspeak-e2e-vocab-")
try:
    main(tmp)
finally:
    shutil.rmtree(tmp, ignore_errors=True)
sys.exit(testlib.summary())
