#!/usr/bin/env python3
"""e2e_search: the reader's search in a real terminal.

tmux on a private socket (-L, -f /dev/null) at a fixed size, LC_ALL=C.UTF-8,
a temporary HOME, XDG directories and library of two episodes (the sample
and a small one imported after it); keys go in with send-keys, the screen
comes back with capture-pane, polled until the expected text shows or a
timeout passes (never a bare sleep as the assertion).

Scenario: / asks for words in the open episode; a query there lists its
hits and marks them in the transcript; Tab in the prompt searches the
whole library; Enter on a hit in the other episode opens it at that
sentence; n and N step through the hits with "hit k/N" on the status line;
Escape ends the search. From the glossary pane, / searches every glossary.
Python standard library only.
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testlib  # noqa: E402
from testlib import check  # noqa: E402

BIN = os.environ.get("BUILDSPEAK_BIN", "build/buildspeak")
SAMPLE = os.environ.get("BUILDSPEAK_SAMPLE", "data/sample.page.txt")
TIMEOUT = 20.0

LSAN_SUPP = os.path.join(tempfile.gettempdir(),
                         "bs-e2e-search-%d.supp" % os.getpid())

# Older than the sample, so the reader opens the sample first. The escape
# sequence in a hit's sentence must reach the screen inert.
SMALL = """\
🎙 播客Small Cast· 2025 年 1 月 2 日· 40 词 · 约 1 分钟

Small Talk

Speaker 100:00 - 00:04
Hello and welcome.
Speaker 100:00 - 00:04
你好,欢迎。
Speaker 100:04 - 00:09
The xylophone is an instrument.
Speaker 100:04 - 00:09
木琴是一种乐器。
Speaker 200:09 - 00:14
Nothing to find here.
Speaker 200:09 - 00:14
这里没什么。
Speaker 200:14 - 00:20
\x1b[31mA red xylophone again.
Speaker 200:14 - 00:20
又是一架红色的木琴。
"""


class Term(testlib.Term):
    """One tmux server with one pane running the reader."""
    prefix = "bs-search"
    settle = True
    poll = 0.03

    def extra_env(self, home):
        return {
            "BUILDSPEAK_AO": "null",
            "LSAN_OPTIONS": "suppressions=" + LSAN_SUPP,
        }


def status_line(s):
    lines = [l for l in s.split("\n") if l.strip()]
    return lines[-1] if lines else ""


def cli(home, db, *args):
    env = dict(os.environ, HOME=home, LC_ALL="C.UTF-8")
    return subprocess.run([BIN, "--db", db] + list(args), env=env,
                          capture_output=True, text=True, timeout=60)


def hit_of(s):
    """(k, n) of "hit k/n" on the status line, or None."""
    m = re.search(r"hit (\d+)/(\d+)", status_line(s))
    return (int(m.group(1)), int(m.group(2))) if m else None


def sentence_of(s):
    m = re.search(r"sentence (\d+)/(\d+)", status_line(s))
    return (int(m.group(1)), int(m.group(2))) if m else None


def test_search(tmp):
    home = os.path.join(tmp, "home")
    os.makedirs(home)
    db = os.path.join(home, "lib.db")
    r = cli(home, db, "import", SAMPLE)
    check(r.returncode == 0, "import the sample: " + r.stderr.strip())
    page = os.path.join(home, "small.page.txt")
    with open(page, "w", encoding="utf-8") as f:
        f.write(SMALL)
    r = cli(home, db, "import", page)
    check(r.returncode == 0, "import a second episode: " + r.stderr.strip())

    t = Term(home, "%s --db %s" % (shlex.quote(BIN), shlex.quote(db)),
             cols=110, rows=34)
    try:
        t.wait(lambda s: "sentence 1/147 " in status_line(s), "start-up")
        t.keys("2")

        # In this episode: the hits listed, then marked in the transcript.
        t.keys("/")
        t.wait_text("Search this episode (Tab: library): ",
                    "/ asks, in this episode, and names the key for more")
        t.literal("agents")
        t.keys("Enter")
        s = t.wait(lambda s: re.search(r"\d+ hits in this episode", s),
                   "Enter lists the episode's hits")
        check("Speaker" in s, "each hit with its time and speaker", s)
        t.keys("Escape")
        t.wait(lambda s: "hits in this episode" not in s and
               re.search(r"\d+ hits", status_line(s)),
               "Escape closes the list; the status line counts the hits")
        t.keys("n")
        s = t.wait(lambda s: hit_of(s) and hit_of(s)[0] == 1,
                   "n: the first hit, hit 1/N")
        esc = t.screen_escapes()
        reverse = r"\x1b\[[0-9;]*7[0-9;]*m(\x1b\[[0-9;]*m)*[Aa]gents"
        check(re.search(reverse, esc),
              "the hit is marked in the transcript (reverse video)", esc)
        t.keys("Escape")
        t.wait(lambda s: "hit" not in status_line(s),
               "Escape in the transcript ends the search")

        # The library: Tab, then Enter on the other episode's hit.
        t.keys("/")
        t.wait_text("Search this episode", "/ again")
        t.keys("Tab")
        t.wait_text("Search the library (Tab: this episode): ",
                    "Tab switches to the whole library")
        t.literal("xylophone")
        t.keys("Enter")
        s = t.wait(lambda s: "2 hits in the library" in s and
                   "Small Talk" in s,
                   "the library's hits, with their episode")
        check("\x1b" not in s and "^[[31mA red xylophone" in s,
              "the escape sequence in a snippet is shown inert", s)
        t.keys("Enter")
        s = t.wait(lambda s: sentence_of(s) and sentence_of(s)[1] == 4 and
                   hit_of(s) is not None,
                   "Enter opens the other episode at the hit")
        first = sentence_of(s)[0]
        check(first in (2, 4), "at a hit's sentence (%d)" % first, s)
        check(hit_of(s)[1] == 2, "hit k/2 on the status line", s)
        k = hit_of(s)[0]
        t.keys("n")
        s = t.wait(lambda s: hit_of(s) and hit_of(s)[0] == 3 - k,
                   "n: the other hit")
        check(sentence_of(s)[0] == 6 - first, "n moved to the other "
              "hit's sentence", s)
        t.keys("N")
        s = t.wait(lambda s: hit_of(s) and hit_of(s)[0] == k,
                   "N: back to the first hit")
        check(sentence_of(s)[0] == first, "N moved back", s)
        t.keys("Escape")
        s = t.wait(lambda s: hit_of(s) is None and
                   "hits" not in status_line(s),
                   "Escape ends the search")

        # The glossaries, from the glossary pane.
        t.keys("1", "Enter")  # back to the list, then the sample
        t.keys("3", "/")
        t.wait_text("Search every glossary", "/ in the glossary pane")
        t.literal("learning")
        t.keys("Enter")
        s = t.wait(lambda s: re.search(r"\d+ terms in every glossary", s),
                   "the glossaries' hits")
        check("\u2192" in s, "term \u2192 gloss", s)
        t.keys("Escape")
        t.wait(lambda s: "terms in every glossary" not in s, "Escape closes")

        t.keys("q")
        check(t.wait_exit() == 0, "q exits 0")
    finally:
        t.kill()


def main():
    if not shutil.which("tmux"):
        print("tmux not found", file=sys.stderr)
        return 77
    tmp = tempfile.mkdtemp(prefix="bs-e2e-search-")
    with open(LSAN_SUPP, "w") as f:
        f.write("leak:mousemask_sp\n")
    try:
        test_search(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        os.unlink(LSAN_SUPP)
    return testlib.summary(file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
