#!/usr/bin/env python3
"""e2e_reader: the real buildspeak reader in a real terminal.

Each scenario runs the binary inside tmux on a private socket (-L, -f
/dev/null), at a fixed size, with LC_ALL=C.UTF-8 and a temporary HOME, XDG
directories and library. Keys go in with send-keys; the screen comes back
with capture-pane, polled until the expected text shows or a timeout passes
(never a bare sleep as the assertion). Python standard library only.
"""
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testlib  # noqa: E402
from testlib import check  # noqa: E402

BIN = os.environ.get("BUILDSPEAK_BIN", "build/buildspeak")
SAMPLE = os.environ.get("BUILDSPEAK_SAMPLE", "data/sample.page.txt")
TIMEOUT = 10.0

LSAN_SUPP = os.path.join(tempfile.gettempdir(),
                         "bs-e2e-reader-%d.supp" % os.getpid())

def width(line):
    """Display width as a terminal in a UTF-8 locale counts it
    (East Asian wide and fullwidth take two columns)."""
    w = 0
    for ch in line:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


class Term(testlib.Term):
    """One tmux server with one pane running a command."""
    prefix = "bs-e2e"
    # sh survives a ^C to record the exit status.
    trap_int = True
    poll = 0.03
    settle = True

    def extra_env(self, home):
        return {
            "BUILDSPEAK_AO": "null",
            # For sanitizer builds: with TERM=linux ncurses' mousemask
            # dlopens libgpm, which leaks 10 bytes that are not ours.
            "LSAN_OPTIONS": "suppressions=" + LSAN_SUPP,
            "ASAN_OPTIONS": ":".join(filter(None, [
                os.environ.get("ASAN_OPTIONS"),
                "fast_unwind_on_malloc=0"])),
        }


def fits(t, s, what):
    lines = s.split("\n")
    wide = [l for l in lines if width(l) > t.cols]
    check(not wide, "%s: no line wider than %d columns" % (what, t.cols), s)
    check(len([l for l in lines if l != ""]) <= t.rows or
          len(lines) <= t.rows + 1, "%s: no more rows than the pane" % what)


def reader_cmd(db, extra=""):
    return "%s --db %s %s" % (shlex.quote(BIN), shlex.quote(db), extra)


def import_episode(home, db, path):
    env = dict(os.environ, HOME=home, LC_ALL="C.UTF-8")
    r = subprocess.run([BIN, "--db", db, "import", path], env=env,
                       capture_output=True, text=True)
    check(r.returncode == 0, "import %s: %s" % (path, r.stderr.strip()))


def status_line(s):
    lines = [l for l in s.split("\n") if l.strip()]
    return lines[-1] if lines else ""


def sentence_is(n, total=147):
    return lambda s: "sentence %d/%d " % (n, total) in status_line(s)


def test_sample(tmp):
    home = os.path.join(tmp, "sample")
    os.makedirs(home)
    db = os.path.join(home, "lib.db")
    import_episode(home, db, SAMPLE)
    t = Term(home, reader_cmd(db))
    try:
        s = t.wait(sentence_is(1), "start-up: sentence 1/147")
        check("Episodes" in s and "Glossary" in s,
              "100x30 shows the list, the transcript and the glossary", s)
        check("Oriol Vinyals is the co lead" in s, "the first English", s)
        check("Oriol Vinyals 与 Noam Shazir" in s, "the first Chinese", s)
        check("59:40" in status_line(s), "the episode's length", s)
        fits(t, s, "start-up")

        for _ in range(10):
            t.keys("Right")
        s = t.wait(sentence_is(11), "→ ten times: sentence 11/147")
        check("▶ #11 · Speaker" in s, "sentence 11 is marked current", s)
        check("03:24 / 59:40" in status_line(s),
              "status shows sentence 11's start time", s)
        fits(t, s, "sentence 11")

        t.keys("G")
        s = t.wait(sentence_is(147), "G: sentence 147/147")
        check("▶ #147 · Speaker" in s, "the last sentence shown", s)
        t.keys("g")
        s = t.wait(sentence_is(1), "g: sentence 1/147")
        check("▶ #1 · Speaker" in s, "the first sentence shown", s)

        # t cycles: English only, Chinese only, both.
        t.keys("t")
        s = t.wait_text("English only", "t: English only")
        s = t.wait(lambda s: "Oriol Vinyals 与" not in s,
                   "English only hides the Chinese")
        check("Oriol Vinyals is the co lead" in s, "English still shown", s)
        t.keys("t")
        s = t.wait(lambda s: "Oriol Vinyals is the co lead" not in s and
                   "Oriol Vinyals 与" in s, "t: Chinese only")
        t.keys("t")
        s = t.wait(lambda s: "Oriol Vinyals is the co lead" in s and
                   "Oriol Vinyals 与" in s, "t: both again")

        # Resizes: each re-lays out at once; nothing wider than the pane.
        for _ in range(4):
            t.keys("Right")
        t.wait(sentence_is(5), "→ four times: sentence 5")
        t.resize(60, 20)
        s = t.wait(lambda s: "Episodes" not in s and sentence_is(5)(s) and
                   "▶ #5" in s, "60x20: list folded, sentence 5 in view")
        fits(t, s, "60x20")
        t.keys("<")
        s = t.wait_text("Episodes", "< shows the folded list")
        fits(t, s, "60x20 with the list")
        t.keys("<")
        t.wait(lambda s: "Episodes" not in s, "< folds it again")
        t.resize(200, 50)
        s = t.wait(lambda s: "Episodes" in s and "Glossary" in s and
                   "▶ #5" in s, "200x50: all panes")
        fits(t, s, "200x50")
        t.resize(30, 8)
        s = t.wait_text("too small", "30x8: terminal too small")
        fits(t, s, "30x8")
        t.keys("Right")  # keys while too small must not break anything
        t.resize(100, 30)
        s = t.wait(lambda s: sentence_is(6)(s) and "Glossary" in s,
                   "100x30 again, the key pressed while small counted")
        fits(t, s, "100x30")

        # Every width from 40 to 120: the lines fit.
        for cols in (40, 41, 47, 53, 64, 79, 80, 81, 99, 100, 101, 133):
            t.resize(cols, 24)
            s = t.wait(lambda s: sentence_is(6)(s) and
                       all(width(l) <= cols for l in s.split("\n")),
                       "%dx24: status shown, lines fit" % cols)
        t.resize(100, 30)
        t.wait(lambda s: "Glossary" in s, "back to 100x30")

        # Help, generated from the key maps.
        t.keys("?")
        t.wait(lambda s: "next-sentence" in s and "Right" in s and
               "play-pause" in s, "? shows the help, generated from the keys")
        t.keys("Escape")
        t.wait(lambda s: "next-sentence" not in s, "Esc closes the help")

        # Scrolling away and back.
        t.keys("Tab", "Tab")  # glossary, then list
        t.keys("2")  # transcript
        for _ in range(6):
            t.keys("j")
        t.wait_text("scrolled", "j scrolls the transcript away")
        t.keys(".")
        t.wait(lambda s: "scrolled" not in s, ". follows again")

        # Mouse: a click on a sentence header makes it current.
        s = t.screen()
        rows = s.split("\n")
        y = next((i for i, l in enumerate(rows) if "#7 · Speaker" in l), -1)
        if check(y >= 0, "sentence 7 visible for the click", s):
            x = rows[y].index("#7")
            x = width(rows[y][:x])
            # X10 mouse report: button 1 press at (x, y), 1-based + 32.
            t.literal("\x1b[M" + chr(32) + chr(33 + x) + chr(33 + y))
            t.wait(sentence_is(7), "click on sentence 7 makes it current")

        t.keys("q")
        rc = t.wait_exit()
        check(rc == 0, "q exits with status 0 (got %r)" % rc)
        check(t.fmt("#{alternate_on}") == "0", "alternate screen left")
        check(t.fmt("#{cursor_flag}") == "1", "cursor visible again")
        check(t.fmt("#{keypad_cursor_flag}") == "0", "keypad mode reset")
        check(t.fmt("#{mouse_any_flag}#{mouse_standard_flag}") == "00",
              "mouse reporting off")
    finally:
        t.kill()

    # Reopening: the last episode at the sentence where the user left.
    t = Term(home, reader_cmd(db))
    try:
        t.wait(sentence_is(7), "reopens at sentence 7")
        t.keys("C-c")
        rc = t.wait_exit()
        check(rc == 0, "SIGINT quits cleanly (got %r)" % rc)
    finally:
        t.kill()


EVIL = ("BuildSpeak每日 builder 文摘\n"
        "🎙 播客Evil\x1b[31mPod· 2026 年 5 月 22 日· 10 词 · 约 1 分钟\n\n"
        "Evil \x1b]0;pwned\x07 title \x1b[2J\n\n"
        "Speaker 100:00 - 00:05\n"
        "Clear \x1b[2J\x1b[H screen, ring \x07 the bell, \x1b]0;pwned\x07 "
        "retitle \x1b]2;pwned2\x1b\\ and \x9b31m C1.\n"
        "Speaker 100:00 - 00:05\n"
        "清屏 \x1b[2J 响铃 \x07 标题 \x1b]2;pwned\x07 完。\n"
        "Speaker 200:05 - 00:09\n"
        "A calm sentence.\n"
        "Speaker 200:05 - 00:09\n"
        "平静的一句。\n")


def test_hostile(tmp):
    home = os.path.join(tmp, "evil")
    os.makedirs(home)
    db = os.path.join(home, "lib.db")
    page = os.path.join(home, "evil.page.txt")
    with open(page, "w", encoding="utf-8") as f:
        f.write(EVIL)
    import_episode(home, db, page)
    t = Term(home, reader_cmd(db))
    try:
        t.tmux("select-pane", "-T", "clean-title")
        s = t.wait(lambda s: "sentence 1/2" in s and "^[" in s,
                   "escape sequences shown inert")
        check("Evil" in s and "calm sentence" in s,
              "the screen was not cleared", s)
        check("^G" in s, "the bell shown as ^G", s)
        t.keys("Right")
        s = t.wait(lambda s: "sentence 2/2" in s, "→ still works")
        check("Clear" in s and "Episodes" in s, "the screen still intact", s)
        check(t.fmt("#{pane_title}") == "clean-title",
              "pane title untouched (%r)" % t.fmt("#{pane_title}"))
        fits(t, s, "hostile episode")
        t.keys("q")
        check(t.wait_exit() == 0, "q exits 0")
        check(t.fmt("#{pane_title}") == "clean-title",
              "pane title untouched after quit")
    finally:
        t.kill()


def test_terms_and_colour(tmp):
    home = os.path.join(tmp, "terms")
    os.makedirs(home)
    db = os.path.join(home, "lib.db")
    import_episode(home, db, SAMPLE)
    for term in ("xterm-256color", "screen-256color", "tmux-256color",
                 "linux", "vt100"):
        t = Term(home, reader_cmd(db), env={"TERM": term})
        try:
            s = t.wait(lambda s: "/147 " in status_line(s),
                       "TERM=%s: the reader starts" % term)
            fits(t, s, "TERM=%s" % term)
            t.keys("g")
            t.wait(sentence_is(1), "TERM=%s: g works" % term)
            t.keys("Right")
            t.wait(sentence_is(2), "TERM=%s: → works" % term)
            t.keys("q")
            check(t.wait_exit() == 0, "TERM=%s: q exits 0" % term)
            check(t.fmt("#{alternate_on}") == "0",
                  "TERM=%s: terminal restored" % term)
        finally:
            t.kill()
    # Colours from the palette, and none with NO_COLOR (attributes stay).
    for no_color in (None, "1"):
        t = Term(home, reader_cmd(db), env={"NO_COLOR": no_color})
        try:
            t.wait(sentence_is(2), "NO_COLOR=%s: starts" % no_color)
            e = t.screen_escapes()
            fg = any("\x1b[%dm" % c in e or ";%dm" % c in e or
                     "[%d;" % c in e for c in range(31, 38))
            if no_color:
                check(not fg, "NO_COLOR: no colours", e)
                check("\x1b[7m" in e or ";7m" in e or "[7;" in e,
                      "NO_COLOR: reverse video still marks things", e)
            else:
                check(fg, "colours used by default", e)
            t.keys("q")
            t.wait_exit()
        finally:
            t.kill()


def test_locale_and_config(tmp):
    home = os.path.join(tmp, "locale")
    os.makedirs(home)
    db = os.path.join(home, "lib.db")
    import_episode(home, db, SAMPLE)
    out = os.path.join(home, "stderr")
    t = Term(home, reader_cmd(db, "2>" + shlex.quote(out)),
             env={"LC_ALL": "C", "LANG": None})
    try:
        rc = t.wait_exit()
        check(rc is not None and rc != 0,
              "non-UTF-8 locale: non-zero exit (got %r)" % rc)
        msg = open(out).read() if os.path.exists(out) else ""
        check("UTF-8" in msg, "non-UTF-8 locale: a clear message (%r)" % msg)
    finally:
        t.kill()

    # A config with a mistake: reported with file:line, the rest applies.
    cfgdir = os.path.join(home, ".config", "buildspeak")
    os.makedirs(cfgdir)
    with open(os.path.join(cfgdir, "config"), "w") as f:
        f.write("# mine\nbind transcript n next-sentence\n"
                "bind transcript x frobnicate\n")
    t = Term(home, reader_cmd(db))
    try:
        s = t.wait_text("~/.config/buildspeak/config:3:",
                        "config error reported with its file and line")
        check("frobnicate" in s, "the error names the command", s)
        t.keys("g", "n")
        t.wait(sentence_is(2), "the good line of the config applies")
        t.keys("q")
        check(t.wait_exit() == 0, "quits 0 after a config error")
    finally:
        t.kill()


def write_wav(path, seconds, rate=8000):
    """A quiet 300 Hz triangle tone: something any decoder plays."""
    import struct
    import wave
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        period = rate // 300
        frames = bytearray()
        for i in range(seconds * rate):
            ph = (i % period) / period
            v = int((4 * ph - 1 if ph < 0.5 else 3 - 4 * ph) * 3000)
            frames += struct.pack("<h", v)
        w.writeframes(bytes(frames))


def status_time(s):
    """The playback position on the status line, in seconds, or None."""
    import re
    m = re.search(r"sentence \d+/\d+  (\d+):(\d\d) /", status_line(s))
    return int(m.group(1)) * 60 + int(m.group(2)) if m else None


def loop_on(s):
    """The loop indicator (not the "loop off" message) is on the status."""
    import re
    return re.search(r"x  loop(  |$)", status_line(s)) is not None


def test_listening(tmp):
    home = os.path.join(tmp, "listen")
    os.makedirs(home)
    db = os.path.join(home, "lib.db")
    wav = os.path.join(home, "talk.wav")
    write_wav(wav, 20)
    segs = [{"speaker": 1 + i % 2, "start": 4.0 * i, "end": 4.0 * i + 4,
             "en": "Sentence number %d of the listening test." % (i + 1),
             "zh": "听力测试的第 %d 句。" % (i + 1)} for i in range(5)]
    ep = {"title": "Listening test", "podcast": "Tests",
          "date": "2026-05-01", "source_url": "", "audio": wav,
          "segments": segs}
    import json
    page = os.path.join(home, "listen.json")
    with open(page, "w") as f:
        json.dump(ep, f)
    import_episode(home, db, page)

    t = Term(home, reader_cmd(db))
    try:
        t.wait(lambda s: "sentence 1/5  00:00 / 00:20" in s and
               "❚❚" in status_line(s), "paused at the start, with audio")
        t.keys("Space")
        t.wait(lambda s: "▶ sentence" in status_line(s), "Space plays")
        # Waits, not timings: on a busy machine libmpv's first audio can
        # take seconds (how soon things happen is for the benchmarks).
        t.wait(lambda s: (status_time(s) or 0) >= 1, "the clock runs")
        t.wait(lambda s: (status_time(s) or 0) >= 2, "the clock goes on")
        s = t.wait(sentence_is(2, 5), "the sentence follows the audio")
        check(3 <= (status_time(s) or 0) <= 8,
              "sentence 2 (4-8 s) shows with the clock in it (%s)"
              % status_time(s), s)
        t.keys("Space")
        s = t.wait(lambda s: "❚❚" in status_line(s), "Space pauses")
        a = status_time(s)
        # A pause must hold: for 1.5 s the clock stays (a last report of
        # the position as mpv paused may still move it by a second).
        end = time.monotonic() + 1.5
        held = True
        while held and time.monotonic() < end:
            s = t.screen()
            held = ("❚❚" in status_line(s) and
                    a <= (status_time(s) or -1) <= a + 1)
            time.sleep(0.05)
        check(held, "paused: the clock stands still", s)

        t.keys("g", "Right", "Right", "Right")
        s = t.wait(lambda s: sentence_is(4, 5)(s) and status_time(s) == 12,
                   "→ three times: sentence 4 at 00:12")
        t.keys("]", "]")
        t.wait(lambda s: "1.2x" in status_line(s), "] twice: 1.2x")
        t.keys("BSpace")
        t.wait(lambda s: "1.0x" in status_line(s), "Backspace: 1.0x")

        # l: the sentence loops for longer than it lasts.
        t.keys("l", "Space")
        t.wait(lambda s: loop_on(s) and "▶ sentence" in status_line(s),
               "l loops, Space plays")
        # It loops for longer than the sentence lasts: the clock goes back
        # to its start twice, and never leaves it.
        end = time.monotonic() + 60
        prev, rounds, inside = None, 0, True
        while inside and rounds < 2 and time.monotonic() < end:
            s = t.screen()
            ts = status_time(s)
            inside = sentence_is(4, 5)(s) and ts is not None and \
                12 <= ts <= 16
            if inside and prev is not None and ts < prev:
                rounds += 1
            prev = ts
            time.sleep(0.03)
        check(inside, "loop keeps sentence 4 (12-16 s)", s)
        check(rounds >= 2, "the loop goes round twice (%d)" % rounds, s)
        t.keys("l")
        t.wait(lambda s: not loop_on(s) and "loop off" in status_line(s),
               "l again: loop off")
        t.keys("Space")
        t.wait(lambda s: "❚❚" in status_line(s), "paused")

        # a: auto-pause at the end of the sentence.
        t.keys("g", "a", "Space")
        t.wait(lambda s: "auto-pause" in status_line(s) and
               "▶ sentence" in status_line(s), "a on, playing")
        s = t.wait(lambda s: "❚❚" in status_line(s),
                   "auto-pause stops at the sentence end", timeout=60)
        check(sentence_is(1, 5)(s) and status_time(s) in (3, 4),
              "paused at the end of sentence 1", s)
        t.keys("Space")
        s = t.wait(lambda s: sentence_is(2, 5)(s) and
                   "▶ sentence" in status_line(s),
                   "Space goes on into sentence 2")
        s = t.wait(lambda s: "❚❚" in status_line(s),
                   "and pauses at its end", timeout=60)
        check(sentence_is(2, 5)(s) and status_time(s) in (7, 8),
              "paused at the end of sentence 2", s)
        t.keys("a", "Right")
        t.wait(sentence_is(3, 5), "→ to sentence 3")
        t.keys("q")
        check(t.wait_exit() == 0, "q exits 0 while audio is loaded")
    finally:
        t.kill()

    # Reopening: back at sentence 3, paused, at its start.
    t = Term(home, reader_cmd(db))
    try:
        t.wait(lambda s: "sentence 3/5  00:08" in s and
               "❚❚" in status_line(s), "resumes at sentence 3, paused")
        t.keys("q")
        t.wait_exit()
    finally:
        t.kill()

    # The audio file gone: a reader with a clear message.
    os.unlink(wav)
    t = Term(home, reader_cmd(db))
    try:
        t.wait(lambda s: "audio file not found" in s, "missing audio said")
        t.keys("Space")
        t.wait(lambda s: "not found" in status_line(s),
               "Space says why it cannot play")
        t.keys("Right")
        t.wait(sentence_is(4, 5), "still a reader: → works")
        t.keys("q")
        check(t.wait_exit() == 0, "q exits 0")
    finally:
        t.kill()


def child_pids(pid):
    """The processes whose parent is pid (from /proc)."""
    kids = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                st = f.read()
        except OSError:
            continue
        fields = st[st.rindex(")") + 2:].split()
        if int(fields[1]) == pid:
            kids.append(int(d))
    return kids


def test_signals(tmp):
    """SIGTERM and SIGHUP: progress saved, terminal given back, status 0."""
    import signal
    home = os.path.join(tmp, "signals")
    os.makedirs(home)
    db = os.path.join(home, "lib.db")
    import_episode(home, db, SAMPLE)
    for sig, at in ((signal.SIGTERM, 5), (signal.SIGHUP, 9)):
        t = Term(home, reader_cmd(db))
        try:
            t.wait(lambda s: "/147 " in status_line(s), "started")
            t.keys("g")
            for _ in range(at - 1):
                t.keys("Right")
            t.wait(sentence_is(at), "at sentence %d" % at)
            sh = int(t.fmt("#{pane_pid}"))
            kids = child_pids(sh)
            if check(len(kids) == 1, "the reader's process found"):
                os.kill(kids[0], sig)
            rc = t.wait_exit()
            check(rc == 0, "%s: exit status 0 (got %r)" % (sig.name, rc))
            check(t.fmt("#{alternate_on}") == "0",
                  "%s: terminal restored" % sig.name)
        finally:
            t.kill()
        t = Term(home, reader_cmd(db))
        try:
            t.wait(sentence_is(at), "%s: progress was saved" % sig.name)
            t.keys("q")
            t.wait_exit()
        finally:
            t.kill()


def after_redraw(t, before, deadline=2.0):
    """The screen after C-l (a fresh draw of the same state). The reader
    gives no sign that it has redrawn, so this waits until the screen
    differs from before or the deadline passes: a screen that C-l changes
    is caught as soon as it changes; an equal one is judged at the
    deadline (a slow machine can only hide a difference, never make
    one)."""
    t.keys("C-l")
    end = time.monotonic() + deadline
    s = t.screen()
    while s == before and time.monotonic() < end:
        time.sleep(t.poll)
        s = t.screen()
    time.sleep(t.poll)
    return t.screen()


def test_overlay_debris(tmp):
    """Closing any mode leaves the screen a fresh draw would give, and the
    narrow margins around an open one show no slivers of the panes."""
    home = os.path.join(tmp, "debris")
    os.makedirs(home)
    db = os.path.join(home, "lib.db")
    import_episode(home, db, SAMPLE)
    # Each: how to open, what shows when open, how to close.
    modes = [
        ("help", ["?"], "Keys (Esc", ["Escape"]),
        ("help again", ["?"], "Keys (Esc", ["?"]),
        ("book", ["v"], "Vocabulary book", ["q"]),
        ("word selection", ["w"], "Save words", ["Escape"]),
        # Saving says so on the status line, which the C-l key press
        # then clears: the panes are compared, not the message.
        ("a saved word", ["w"], "Save words", ["Enter", "Enter"]),
    ]
    for cols, rows in ((80, 24), (100, 30), (120, 40)):
        t = Term(home, reader_cmd(db), cols=cols, rows=rows)
        try:
            t.wait(lambda s: "sentence " in status_line(s),
                   "%dx%d: up" % (cols, rows))
            for name, keys, shown, close in modes:
                what = "%dx%d, %s" % (cols, rows, name)
                t.keys(*keys)
                s = t.wait_text(shown, "%s: open" % what)
                body = s.split("\n")[:rows - 1]
                if cols <= 100:
                    edges = [l.ljust(cols)[:2] + l.ljust(cols)[cols - 2:]
                             for l in body]
                    check(all(not e.strip() for e in edges),
                          "%s: the margins show no pane slivers" % what, s)
                t.keys(*close)
                closed = t.wait(lambda s, x=shown: x not in s,
                                "%s: closed" % what)
                fresh = after_redraw(t, closed)
                if name == "a saved word":
                    closed = "\n".join(closed.split("\n")[:rows - 1])
                    fresh = "\n".join(fresh.split("\n")[:rows - 1])
                check(closed == fresh,
                      "%s: the screen after closing is a fresh draw"
                      % what, closed + "\n---- after C-l ----\n" + fresh)
            t.keys("q")
            t.wait_exit()
        finally:
            t.kill()


def main():
    if not shutil.which("tmux"):
        print("tmux not found", file=sys.stderr)
        return 77
    tmp = tempfile.mkdtemp(prefix="bs-e2e-reader-")
    with open(LSAN_SUPP, "w") as f:
        f.write("leak:mousemask_sp\n")
    try:
        test_sample(tmp)
        test_overlay_debris(tmp)
        test_hostile(tmp)
        test_terms_and_colour(tmp)
        test_locale_and_config(tmp)
        test_signals(tmp)
        test_listening(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        os.unlink(LSAN_SUPP)
    return testlib.summary(file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
