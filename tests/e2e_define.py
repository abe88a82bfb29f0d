#!/usr/bin/env python3
"""e2e_define: looking words up in the real reader, in a real terminal
(tmux on a private socket, fixed size, temporary HOME and library; screens
polled until the expected text shows, never a bare sleep as the assertion).

Scenario, on the sample and a second small episode that glosses "usable":
w, move to "models" (of "world models"), d shows the library's 世界模型 and
WordNet's sense of "model"; q closes it; a word of another episode's
glossary ("usable") is pre-filled from the library when saved; a word in
no glossary ("actually") shows its first WordNet sense beside the empty
gloss prompt; the book's l looks its entry up."""
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testlib  # noqa: E402
from testlib import check  # noqa: E402

BIN = os.environ.get("BUILDSPEAK_BIN", "build/buildspeak")
SAMPLE = os.environ.get("BUILDSPEAK_SAMPLE", "data/sample.page.txt")

EP90 = """\U0001f399 播客Test Pod· 2026 年 5 月 1 日· 10 词 · 约 1 分钟

Ep 90: Usable things

Speaker 100:00 - 00:05
Making models usable.
Speaker 100:00 - 00:05
让 usable(好用的) 模型。
原文 ↗https://example.com/ep90
"""


class Term(testlib.Term):
    prefix = "bs-define"

    def extra_env(self, home):
        # No dictd databases: the figures on screen are WordNet's.
        return {"BUILDSPEAK_AO": "null",
                "BUILDSPEAK_DICTD_DIR": os.path.join(home, "no-dictd")}

    def __init__(self, home, cmd, cols=120, rows=40):
        super().__init__(home, cmd, cols, rows)


def selected(screen):
    for line in screen.split("\n"):
        i = line.find("Selected: ")
        if i >= 0:
            return line[i + len("Selected: "):].split("│")[0].strip()
    return None


def select_word(t, word, after=None, limit=200):
    """Presses Right until word is selected (after `after` was, when
    given). Returns True when it got there. Each press waits for the
    screen's attributes to change: a word repeated ("a a ton") moves only
    the highlight."""
    seen_after = after is None
    for _ in range(limit):
        cur = selected(t.screen())
        if cur == after:
            seen_after = True
        if cur == word and seen_after:
            return True
        before = t.screen_escapes()
        t.keys("Right")
        deadline = time.monotonic() + testlib.TIMEOUT
        while t.screen_escapes() == before:
            if time.monotonic() > deadline:
                return False
            time.sleep(t.poll)
    return False


def main(tmp):
    home = os.path.join(tmp, "home")
    os.makedirs(os.path.join(home, "no-dictd"))
    db = os.path.join(home, "lib.db")
    ep90 = os.path.join(tmp, "ep90.txt")
    with open(ep90, "w", encoding="utf-8") as f:
        f.write(EP90)
    env = dict(os.environ, HOME=home, LC_ALL="C.UTF-8")
    r = subprocess.run([BIN, "--db", db, "import", SAMPLE, ep90], env=env,
                       capture_output=True, text=True, timeout=60)
    check(r.returncode == 0, "import the sample and a second episode: " +
          r.stderr.strip())
    cmd = "%s --db %s" % (shlex.quote(BIN), shlex.quote(db))

    t = Term(home, cmd)
    try:
        t.wait(lambda s: "sentence 1/147 " in s, "start-up on Ep 87")
        t.keys("2", "w")
        t.wait_text("Selected: deep learning", "w: word selection")
        check(select_word(t, "models", after="world"),
              "Right reaches \u201cmodels\u201d of \u201cworld models\u201d",
              t.screen())
        t.keys("d")
        s = t.wait_text("Look up \u00b7 models", "d opens the look-up")
        s = t.wait_text("\u4e16\u754c\u6a21\u578b",
                        "the library's gloss of world models")
        check("world models \u2192 \u4e16\u754c\u6a21\u578b \u00b7 Ep 87 \u00d74"
              in s, "with its episode and count", s)
        t.wait_text("a hypothetical description",
                    "WordNet's sense of model")
        check("model (n.)" in t.screen(), "its lemma and part of speech",
              t.screen())
        t.keys("Down")
        t.wait(lambda s: "Look up" in s and " 2/" in s,
               "Down scrolls the look-up")
        t.keys("q")
        t.wait(lambda s: "Look up" not in s and "Selected: models" in s,
               "q closes it, back to choosing words")

        # A word another episode glossed: its gloss is pre-filled.
        check(select_word(t, "usable"), "Right reaches \u201cusable\u201d")
        t.wait_text("Library: \u597d\u7528\u7684 \u00b7 Ep 90",
                    "beside the selection: the library's gloss")
        t.keys("Enter")
        t.wait_text("Gloss: \u597d\u7528\u7684",
                    "saving pre-fills the library's gloss")
        t.keys("Escape")
        t.wait(lambda s: "Gloss:" not in s, "Escape: back to choosing")

        # A word in no glossary: the first dictionary sense beside the
        # empty prompt.
        t.keys("Left")
        t.wait_text("Selected: actually", "Left: actually")
        t.keys("Enter")
        s = t.wait_text("WordNet: actually (adv.) in actual fact",
                        "the first WordNet sense beside the prompt")
        check("Gloss: \u597d" not in s, "and the gloss is left empty", s)
        t.literal("\u5b9e\u9645\u4e0a")
        t.keys("Enter")
        t.wait_text("saved \u201cactually\u201d (\u5b9e\u9645\u4e0a)",
                    "the edited gloss is saved")

        # The book: l looks the selected entry up.
        t.keys("Escape")
        t.keys("v")
        t.wait_text("actually", "v opens the book")
        t.keys("l")
        t.wait_text("Look up \u00b7 actually", "l in the book looks it up")
        t.keys("q", "q")
        t.keys("q")
        check(t.wait_exit() == 0, "q quits with status 0")
    finally:
        t.kill()


if shutil.which("tmux") is None:
    print("tmux not found: skipped")
    sys.exit(77)
tmp = tempfile.mkdtemp(prefix="buildspeak-e2e-define-")
try:
    main(tmp)
finally:
    shutil.rmtree(tmp, ignore_errors=True)
sys.exit(testlib.summary())
