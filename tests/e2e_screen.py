#!/usr/bin/env python3
"""e2e_screen: the reader's screen as a learner meets it -- word selection
on a long sentence, hints that follow the focus, the help's config path,
the progress figure, the mouse protocol, a library changed from another
shell, removing and finishing episodes, the book's export formats.

Same harness as e2e_reader (tmux on a private socket, temp HOME and
library, screens polled with a generous deadline). Standard library only.
"""
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testlib  # noqa: E402
from testlib import check  # noqa: E402

BIN = os.environ.get("BUILDSPEAK_BIN", "build/buildspeak")
SAMPLE = os.environ.get("BUILDSPEAK_SAMPLE", "data/sample.page.txt")
# Waits are generous: a loaded 2-core machine, and ASan.
TIMEOUT = 20.0

LSAN_SUPP = os.path.join(tempfile.gettempdir(),
                         "bs-e2e-screen-%d.supp" % os.getpid())


class Term(testlib.Term):
    prefix = "bs-e2e-screen"
    trap_int = True
    poll = 0.03
    settle = True

    def extra_env(self, home):
        return {
            "BUILDSPEAK_AO": "null",
            "LSAN_OPTIONS": "suppressions=" + LSAN_SUPP,
            "ASAN_OPTIONS": ":".join(filter(None, [
                os.environ.get("ASAN_OPTIONS"),
                "fast_unwind_on_malloc=0"])),
        }


def run(home, db, *args):
    env = testlib.clean_env(home)
    return subprocess.run([BIN, "--db", db] + list(args), env=env,
                          capture_output=True, text=True)


def import_episode(home, db, path):
    r = run(home, db, "import", path)
    check(r.returncode == 0, "import %s: %s" % (path, r.stderr.strip()))


def reader_cmd(db, extra=""):
    return "%s --db %s --no-audio %s" % (shlex.quote(BIN), shlex.quote(db),
                                         extra)


def status_line(s):
    lines = [l for l in s.split("\n") if l.strip()]
    return lines[-1] if lines else ""


def sentence_is(n, total=147):
    return lambda s: "sentence %d/%d " % (n, total) in status_line(s)


def fresh_home(tmp, name):
    home = os.path.join(tmp, name)
    os.makedirs(home)
    return home, os.path.join(home, "lib.db")


def small_page(title, date, n=12):
    """A page-text episode of n sentences dated date (Y, M, D)."""
    y, m, d = date
    out = ["🎙 播客Test Pod· %d 年 %d 月 %d 日· 1,000 词 · 约 5 分钟" % (y, m, d),
           "", title, ""]
    for i in range(n):
        t0, t1 = i * 10, i * 10 + 9
        hdr = "Speaker 1%02d:%02d - %02d:%02d" % (t0 // 60, t0 % 60,
                                                  t1 // 60, t1 % 60)
        out += [hdr, "Sentence %d of %s about agents." % (i + 1, title),
                hdr, "第 %d 句。" % (i + 1)]
    out.append("原文 ↗https://example.com/%s" % title.replace(" ", "-"))
    return "\n".join(out) + "\n"


def write_page(home, name, title, date, n=12):
    p = os.path.join(home, name)
    with open(p, "w") as f:
        f.write(small_page(title, date, n))
    return p


# ---- word selection ----------------------------------------------------------

def test_word_selection(tmp):
    home, db = fresh_home(tmp, "words")
    import_episode(home, db, SAMPLE)
    t = Term(home, reader_cmd(db), cols=80, rows=24)
    try:
        t.wait(sentence_is(1), "words: start-up")
        t.keys("2", "g")
        for _ in range(27):
            t.keys("Right")
        t.wait(sentence_is(28), "words: sentence 28")
        t.keys("w")
        t.wait_text("Save words · sentence 28", "w opens on sentence 28")
        for _ in range(190):
            t.keys("Right")
        # The selected word shows in reverse video inside the sentence:
        # find "Selected: WORD" and the word among the box's rows.
        def shows_selection(s):
            sel = [l for l in s.split("\n") if "Selected: " in l]
            if not sel:
                return False
            word = sel[0].split("Selected: ", 1)[1].split("│")[0].strip()
            body = s.split("Save words", 1)[1].split("Selected: ")[0]
            return word and word in body
        s = t.wait(shows_selection,
                   "w →×190: the selected word is in the text shown",
                   timeout=TIMEOUT)
        esc = t.screen_escapes()
        check("\x1b[7m" in esc or "\x1b[1;7m" in esc or ";7m" in esc,
              "w →×190: a word is shown in reverse video", esc)
        t.keys("Escape")
        t.keys("q")
        t.wait_exit()
    finally:
        t.kill()

    # The Chinese uses the box's free rows.
    t = Term(home, reader_cmd(db), cols=100, rows=30)
    try:
        t.wait(sentence_is(28), "words: reopened at sentence 28")
        t.keys("2", "g")
        for _ in range(11):
            t.keys("Right")
        t.wait(sentence_is(12), "words: sentence 12")
        t.keys("w")
        s = t.wait_text("Save words · sentence 12", "w on sentence 12")
        con = sqlite3.connect(db)
        zh = con.execute("SELECT zh FROM segments s JOIN episodes e ON "
                         "e.id = s.episode_id ORDER BY s.start "
                         "LIMIT 1 OFFSET 11").fetchone()[0]
        con.close()
        tail = zh.strip()[-3:]
        check(tail in s,
              "100x30 sentence 12: the Chinese is shown to its end (%r)"
              % tail, s)
        t.keys("Escape", "q")
        t.wait_exit()
    finally:
        t.kill()


# ---- the help's config path, the progress figure, the year ------------------

def test_help_progress_year(tmp):
    home, db = fresh_home(tmp, "help")
    old = write_page(home, "old.txt", "Old Talk", (2019, 3, 4))
    import_episode(home, db, old)
    xdg = os.path.join(home, "elsewhere")
    os.makedirs(os.path.join(xdg, "buildspeak"))
    t = Term(home, reader_cmd(db), cols=100, rows=30,
             env={"XDG_CONFIG_HOME": xdg})
    try:
        s = t.wait(sentence_is(1, 12), "help: start-up at sentence 1/12")
        check("2019-03-04" in s, "an episode of another year shows its "
              "year", s)
        check("0%" in s and "8%" not in s,
              "only opened, at sentence 1 of 12: 0% read", s)
        t.keys("?")
        s = t.wait_text("Rebind keys in", "? shows where to rebind")
        check(os.path.join(xdg, "buildspeak", "config") in s or
              "elsewhere/buildspeak/config" in s,
              "? names the config under XDG_CONFIG_HOME", s)
        check("~/.config/buildspeak/config" not in s,
              "? does not name ~/.config when XDG_CONFIG_HOME is set", s)
        t.keys("Escape")
        for _ in range(6):
            t.keys("Right")
        t.wait(sentence_is(7, 12), "help: sentence 7")
        t.keys("q")
        t.wait_exit()
    finally:
        t.kill()
    t = Term(home, reader_cmd(db), cols=100, rows=30)
    try:
        s = t.wait(sentence_is(7, 12), "help: back at sentence 7")
        check("50%" in s, "six sentences of twelve behind: 50%", s)
        t.keys("q")
        t.wait_exit()
    finally:
        t.kill()


# ---- a live library, removing and finishing ---------------------------------

def list_titles(s):
    return s


def test_live_library(tmp):
    home, db = fresh_home(tmp, "live")
    a = write_page(home, "a.txt", "Alpha Talk", (2026, 1, 5))
    import_episode(home, db, a)
    t = Term(home, reader_cmd(db), cols=100, rows=30)
    try:
        t.wait(sentence_is(1, 12), "live: start-up")
        # Another shell imports while the reader waits for nothing.
        b = write_page(home, "b.txt", "Bravo Talk", (2026, 1, 6))
        import_episode(home, db, b)
        t.wait_text("Bravo Talk", "an episode imported from another "
                    "process shows without a key press")
        s = t.screen()
        check("Episodes (2)" in s, "the list counts it", s)
        # Another shell changes the open episode's audio.
        wav = os.path.join(home, "alpha.wav")
        with open(wav, "wb") as f:
            f.write(b"RIFF")
        r = run(home, db, "audio", "1", wav)
        check(r.returncode == 0, "audio 1 FILE: %s" % r.stderr.strip())
        t.wait_text("audio changed", "a changed audio path is noticed")
        # Another shell removes the open episode.
        r = run(home, db, "rm", "1")
        check(r.returncode == 0, "rm 1: %s" % r.stderr.strip())
        s = t.wait(lambda s: "Alpha Talk" not in s and "Episodes (1)" in s,
                   "an episode removed elsewhere leaves the list")

        # d in the list asks, n keeps, y removes.
        t.keys("1")
        t.keys("d")
        s = t.wait_text("Remove episode 2", "d asks before removing")
        t.keys("n")
        s = t.wait(lambda s: "Remove episode" not in s and "Bravo Talk" in s,
                   "n keeps it")
        # f marks it finished, stored.
        t.keys("f")
        s = t.wait_text("done ·", "f marks the episode finished in the list")
        con = sqlite3.connect(db)
        fin = con.execute("SELECT finished FROM episodes WHERE id = 2"
                          ).fetchone()[0]
        con.close()
        check(fin == 1, "the finished mark is stored")
        t.keys("d")
        t.wait_text("Remove episode 2", "d asks again")
        t.keys("y")
        s = t.wait(lambda s: "Bravo Talk" not in s and "Episodes (0)" in s,
                   "y removes it")
        r = run(home, db, "list")
        check("Bravo" not in r.stdout, "the library no longer has it",
              r.stdout)
        t.keys("q")
        t.wait_exit()
    finally:
        t.kill()


# ---- the mouse ---------------------------------------------------------------

def test_mouse(tmp):
    home, db = fresh_home(tmp, "mouse")
    import_episode(home, db, SAMPLE)
    t = Term(home, reader_cmd(db), cols=240, rows=30)
    try:
        t.wait(sentence_is(1), "mouse: start-up")
        flags = t.fmt("#{mouse_sgr_flag} #{mouse_all_flag} "
                      "#{mouse_button_flag} #{mouse_standard_flag}").split()
        check(flags[0] == "1", "the reader asks for SGR (1006) mouse "
              "reports: %s" % flags)
        check(flags[1] == "0", "no all-motion tracking (1003): %s" % flags)
        check(flags[2] == "0", "no drag tracking (1002): %s" % flags)
        check(flags[3] == "1", "clicks are reported (1000): %s" % flags)
        # Fold the list and the glossary: the transcript spans the 240
        # columns. A click at column 230 on sentence 3's row makes it
        # current; an X10 report cannot say column 230 at all.
        t.keys("<", ">")
        s = t.wait(lambda s: "Episodes" not in s and "Glossary" not in s,
                   "mouse: the transcript alone")
        rows = s.split("\n")
        target = [y for y, l in enumerate(rows) if "#3 · Speaker" in l]
        check(bool(target), "sentence 3's header is on screen", s)
        if target:
            y = target[0] + 1
            t.literal("\x1b[<0;230;%dM\x1b[<0;230;%dm" % (y, y))
            s = t.wait(sentence_is(3), "a click at column 230 picks the "
                       "sentence on its row")
            check("[<0" not in s and "230;" not in s,
                  "no part of the report shows as text", s)
            # The wheel, at column 235, scrolls the transcript.
            t.literal("\x1b[<65;235;10M")
            t.wait(lambda s: "scrolled" in s, "the wheel past column 223 "
                   "scrolls")
        t.keys("q")
        t.wait_exit()
    finally:
        t.kill()


# ---- the book's export --------------------------------------------------------

def test_export(tmp):
    home, db = fresh_home(tmp, "export")
    import_episode(home, db, SAMPLE)
    for term in ("world models", "deep learning"):
        r = run(home, db, "vocab", "add", term, "--episode", "1")
        check(r.returncode == 0, "vocab add %s: %s" % (term, r.stderr))
    t = Term(home, reader_cmd(db), cols=100, rows=30)
    try:
        t.wait(sentence_is(1), "export: start-up")
        t.keys("v")
        t.wait_text("2 entries", "the book lists two entries")
        t.keys("x")
        t.wait_text("apkg): csv", "x offers apkg among the formats")
        t.keys("C-u")
        t.literal("md")
        t.keys("Enter")
        t.wait_text("Export to: ~/buildspeak-vocab.md", "md: asks the file")
        t.keys("C-u")
        t.literal("~/vocab.csv")
        t.keys("Enter")
        s = t.wait_text("does not match", "md into vocab.csv is refused")
        check("extension means csv" in s, "… naming the clash", s)
        check(not os.path.exists(os.path.join(home, "vocab.csv")),
              "… and nothing is written")
        t.keys("x")
        t.wait_text("Format (", "x again")
        t.keys("C-u")
        t.literal("apkg")
        t.keys("Enter")
        t.wait_text("Export to: ~/buildspeak-vocab.apkg",
                    "apkg: the file name ends in .apkg")
        t.keys("Enter")
        s = t.wait_text("exported 2 entries", "the package is exported", timeout=60)
        path = os.path.join(home, "buildspeak-vocab.apkg")
        ok = os.path.exists(path)
        check(ok, "the .apkg file is written")
        if ok:
            with open(path, "rb") as f:
                check(f.read(2) == b"PK", "it is a zip")
        t.keys("Escape", "q")
        t.wait_exit()
    finally:
        t.kill()


# ---- hints follow the focus ---------------------------------------------------

def test_hints(tmp):
    home, db = fresh_home(tmp, "hints")
    import_episode(home, db, SAMPLE)
    t = Term(home, reader_cmd(db), cols=100, rows=30)
    try:
        t.wait(sentence_is(1), "hints: start-up")
        t.keys("2")
        s = t.wait(lambda s: "w words" in status_line(s),
                   "transcript focused: the status line hints w words")
        check("v book" in status_line(s), "… and v book", s)
        check("? help" in status_line(s), "… and ? help", s)
        t.keys("3")
        s = t.wait(lambda s: "s save" in status_line(s),
                   "glossary focused: the status line hints s save")
        check("Enter go to" in status_line(s), "… and Enter go to", s)
        check("w words" not in status_line(s), "… not the transcript's", s)
        for cols in (60, 45, 40):
            t.resize(cols, 20)
            s = t.wait(lambda s: "? help" in status_line(s),
                       "%d columns: ? help stays in the status line" % cols)
            check(max(len(l) for l in s.split("\n")) <= cols,
                  "%d columns: nothing wider" % cols, s)
        t.keys("q")
        t.wait_exit()
    finally:
        t.kill()


def test_one_language(tmp):
    """A subtitle of one language: no blank row for the missing side."""
    home, db = fresh_home(tmp, "onelang")
    src = os.path.join(os.environ.get("BUILDSPEAK_SRCDIR", "."),
                       "tests", "data", "subs", "pair.en.vtt")
    import_episode(home, db, src)
    t = Term(home, reader_cmd(db), cols=80, rows=24)
    try:
        s = t.wait_text("We train the model on text.", "onelang: start-up")
        rows = s.split("\n")
        i = [k for k, l in enumerate(rows) if "We train the model" in l][0]
        # Below the English: the blank between sentences, then the next
        # header (no empty row where the Chinese would be).
        check("#2 " in rows[i + 2], "onelang: #2 two rows under #1's text",
              s)
    finally:
        t.kill()


def main():
    if not shutil.which("tmux"):
        print("tmux not found", file=sys.stderr)
        return 77
    tmp = tempfile.mkdtemp(prefix="bs-e2e-screen-")
    with open(LSAN_SUPP, "w") as f:
        f.write("leak:mousemask_sp\n")
    only = sys.argv[1:]
    try:
        for name, fn in (("words", test_word_selection),
                         ("help", test_help_progress_year),
                         ("live", test_live_library),
                         ("mouse", test_mouse),
                         ("hints", test_hints),
                         ("export", test_export),
                         ("onelang", test_one_language)):
            if not only or name in only:
                fn(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        os.unlink(LSAN_SUPP)
    return testlib.summary(file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
