#!/usr/bin/env python3
"""e2e_player: listening, end to end -- the real reader in a real terminal
playing real audio through libmpv (--ao null: silent, in real time).

A short talk of six sentences (2-4 s each) is written here as page text;
data/synth-audio speaks its English with espeak-ng, each sentence at its
start time, into a WAV file, and `import --audio` stores the episode with
it. The reader runs inside tmux on a private socket (-L, -f /dev/null), at
a fixed size, with LC_ALL=C.UTF-8 and a temporary HOME, XDG directories and
library. Keys go in with send-keys; the status line comes back with
capture-pane, polled every ~20 ms until what is expected shows or a timeout
passes -- never a bare sleep as the assertion.

Timing: the checks hold on a busy machine. Each waits for a state with a
generous deadline (WAIT) and asserts what is on the screen, never how soon
it came: libmpv's first audio can take seconds under load. That the
transcript follows the audio is checked on every status line seen: the
sentence shown is the one the clock shown is in (the clock shows whole
seconds, so give or take one). The exact position after a jump is read
where the reader keeps it: the library's saved progress, after quitting.
Python standard library only.
"""
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testlib  # noqa: E402
from testlib import check  # noqa: E402

BIN = os.environ.get("BUILDSPEAK_BIN", "build/buildspeak")
SRCDIR = os.environ.get("BUILDSPEAK_SRCDIR", ".")
SYNTH = os.path.join(SRCDIR, "data", "synth-audio")
WAIT = 60.0              # seconds: the deadline of a wait for playback

# Starts and ends in seconds; the page says them as MM:SS.
SENTENCES = [
    (1, 0, 3, "Welcome to a very short talk about models.",
     "欢迎收听这段关于模型的简短演讲。"),
    (2, 3, 5, "Data comes first.", "数据第一。"),
    (1, 5, 9, "Then we train the model for a long time on many machines.",
     "然后我们在许多机器上长时间训练模型。"),
    (2, 9, 12, "Evaluation tells us what it learned.",
     "评估(evaluation)告诉我们它学到了什么。"),
    (1, 12, 14, "That is all for today.", "今天就到这里。"),
    (2, 14, 17, "Thank you for listening, goodbye.", "谢谢收听,再见。"),
]
N = len(SENTENCES)

testlib.report_ok = True


def page_text(title, source="http://127.0.0.1:9/talk"):
    out = ["🎙 播客Listening Test· 2026 年 1 月 2 日· 39 词 · 约 1 分钟", "",
           title, ""]
    for sp, start, end, en, zh in SENTENCES:
        head = "Speaker %d%02d:%02d - %02d:%02d" % (
            sp, start // 60, start % 60, end // 60, end % 60)
        out += [head, en, head, zh]
    if source:
        out.append("原文 ↗" + source)
    return "\n".join(out) + "\n"


class Term(testlib.Term):
    """One tmux server with one pane running the reader, given its
    arguments; the pane stays after it exits, so its exit status and last
    screen can be read."""
    prefix = "bs-e2e-player"
    xdg_state = True

    def __init__(self, home, args, env=None, cols=100, rows=30):
        cmd = " ".join(shlex.quote(a) for a in [BIN] + args)
        super().__init__(home, cmd, cols, rows, env)


STATUS = re.compile(r"sentence (\d+)/(\d+)\s+(\d+):(\d\d) / \d+:\d\d"
                    r"(?:\s+(\d\.\d)[x×])?")


def status_line(s):
    lines = [l for l in s.split("\n") if l.strip()]
    return lines[-1] if lines else ""


def status(s):
    """(sentence, seconds shown, playing, speed) from the status line, or
    None. Playing: the play glyph, or the hint offering to pause."""
    line = status_line(s)
    m = STATUS.search(line)
    if not m:
        return None
    playing = "▶ sentence" in line
    return (int(m.group(1)), int(m.group(3)) * 60 + int(m.group(4)),
            playing, m.group(5))


def marked(s):
    """The sentence the transcript marks current ("▶ #N ·"), or None: a
    long message may take the status line's room."""
    m = re.search(r"▶ #(\d+) ·", s)
    return int(m.group(1)) if m else None


def is_paused(s):
    return "❚❚ sentence" in status_line(s)


def is_playing(s):
    return "▶ sentence" in status_line(s)


def record(t, until, timeout):
    """Polls the status line until until(st, screen) holds or timeout
    passes. Returns [(wall time, status)] of every change seen, the first
    entry being the status at the start, and whether until held."""
    seen = []
    end = time.monotonic() + timeout
    while True:
        now = time.monotonic()
        s = t.screen()
        st = status(s)
        if st and (not seen or seen[-1][1] != st):
            seen.append((now, st))
        if st and until(st, s):
            return seen, True, s
        if now > end:
            return seen, False, s
        time.sleep(0.02)


def follows(st):
    """Whether the sentence of status st is the one its clock is in: the
    clock shows whole seconds (and a second can flip a moment apart from
    the sentence), so give or take one."""
    _, start, end, _, _ = SENTENCES[st[0] - 1]
    return start - 1 <= st[1] <= end


def not_following(seen):
    """The statuses seen whose sentence is not the clock's."""
    return [st for _, st in seen if not follows(st)]


def clock_forward(seen):
    """Whether the clock seen never went back."""
    clocks = [st[1] for _, st in seen]
    return clocks == sorted(clocks)


def saved_progress(db):
    """The position and sentence index the reader saved, read from the
    library (read-only): the status line shows only whole seconds."""
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    try:
        row = con.execute("SELECT position, segment FROM progress "
                          "ORDER BY opened_at DESC, opened_seq DESC "
                          "LIMIT 1").fetchone()
    finally:
        con.close()
    return row


def run(args, home):
    env = dict(os.environ, HOME=home, LC_ALL="C.UTF-8")
    return subprocess.run([BIN] + args, env=env, capture_output=True,
                          text=True)


def test_listening(tmp, wav, page):
    home = os.path.join(tmp, "listen")
    os.makedirs(home)
    db = os.path.join(home, "lib.db")
    r = run(["--db", db, "import", page, "--audio", wav], home)
    check(r.returncode == 0 and "audio " + wav in r.stdout,
          "import --audio stores the audio (%s)" % (r.stdout + r.stderr))

    t = Term(home, ["--db", db, "--ao", "null"])
    try:
        s = t.wait(lambda s: status(s) == (1, 0, False, "1.0") and
                   is_paused(s), "opens paused at sentence 1, 00:00, 1.0x")

        # Space: the clock runs, the sentence follows it.
        t.keys("Space")
        seen, ok, s = record(t, lambda st, s: st[0] == 2 and st[1] >= 4, WAIT)
        check(ok, "Space plays on into sentence 2", s)
        check(any(st[2] for _, st in seen), "the status shows it playing", s)
        check(clock_forward(seen) and len({st[1] for _, st in seen}) >= 4,
              "the clock runs forward (%s)" % seen, s)
        check(not not_following(seen), "the sentence shown is the one the "
              "clock is in (%s)" % not_following(seen), s)

        # ← back to sentence 1, then → three times while playing:
        # sentence 4 from its start (9 s).
        t.keys("Left")
        t.wait(lambda s: status(s) and status(s)[0] == 1,
               "← back to sentence 1", timeout=WAIT)
        t.keys("Right", "Right", "Right")
        seen, ok, s = record(t, lambda st, s: st[0] == 6 and st[1] >= 15,
                             WAIT)
        check(ok, "→ three times, then plays on to sentence 6", s)
        i4 = next((i for i, (_, st) in enumerate(seen) if st[0] >= 4),
                  len(seen))
        after = [st for _, st in seen[i4:]]
        check(after and after[0][0] == 4 and 9 <= after[0][1] < 12,
              "the first status after → → → is sentence 4, from 00:09 "
              "(%s)" % (after[:1],))
        check(all(st[0] >= 4 for st in after) and clock_forward(seen[i4:]),
              "no earlier sentence or time shows after the jump (%s)"
              % seen)
        check(not not_following(seen), "after the jump the sentence shown "
              "is the one the clock is in (%s)" % not_following(seen), s)

        # Space again: the clock stops (a last report of the position as
        # mpv paused may still move it by a second).
        t.keys("Space")
        s = t.wait(is_paused, "Space pauses", timeout=WAIT)
        st = status(s)
        seen, moved, s = record(t, lambda x, s: x[0] != st[0] or x[2] or
                                not st[1] <= x[1] <= st[1] + 1, 1.5)
        check(not moved, "paused: the clock stands still for 1.5 s "
              "(%s)" % seen, s)

        # Speed: ] twice 1.2x, Backspace back to 1.0x.
        t.keys("]", "]")
        t.wait(lambda s: status(s) and status(s)[3] == "1.2",
               "] twice shows 1.2x")
        t.keys("BSpace")
        t.wait(lambda s: status(s) and status(s)[3] == "1.0",
               "Backspace: back to 1.0x")

        # Paused, → three times from the first sentence: the position is
        # exactly sentence 4's start (the library has the exact figure).
        t.keys("g")
        t.wait(lambda s: status(s) and status(s)[:2] == (1, 0), "g: sentence 1")
        t.keys("Right", "Right", "Right")
        t.wait(lambda s: status(s) and status(s)[:2] == (4, 9),
               "paused, → three times: sentence 4 at 00:09")
        t.keys("q")
        check(t.wait_exit() == 0, "q exits 0 with the audio loaded")
    finally:
        t.kill()
    pos, seg = saved_progress(db)
    check(seg == 3 and abs(pos - 9.0) <= 0.05,
          "the position right after is sentence 4's start, 9 s "
          "(saved %.3f s, sentence %d)" % (pos, seg + 1))

    # Reopened: back at 9 s, paused; playing goes on from there.
    t = Term(home, ["--db", db, "--ao", "null"])
    try:
        t.wait(lambda s: status(s) == (4, 9, False, "1.0") and is_paused(s),
               "reopens at sentence 4, 00:09, paused", timeout=WAIT)
        t.keys("Space")
        seen, ok, s = record(t, lambda st, s: st[1] >= 11, WAIT)
        check(ok and seen[0][1][:2] == (4, 9) and
              all(st[0] == 4 and st[1] >= 9 for _, st in seen) and
              clock_forward(seen),
              "resumed playback runs on from 9 s (%s)" % seen, s)

        # l: the sentence (9-12 s) loops for longer than it lasts: the
        # clock goes back to its start twice, and never leaves it.
        t.keys("l")
        clock = [None, 0]        # the last clock seen, times it went back

        def twice_round(st, s):
            if clock[0] is not None and st[1] < clock[0]:
                clock[1] += 1
            clock[0] = st[1]
            return clock[1] >= 2
        seen, ok, s = record(t, twice_round, WAIT)
        check(ok, "l: the clock goes back to the loop's start twice (%s)"
              % seen, s)
        check(all(st[0] == 4 and 9 <= st[1] <= 12 for _, st in seen),
              "l: it stays in sentence 4, 9-12 s (%s)" % seen, s)
        check("x  loop" in status_line(s), "the status says loop", s)
        t.keys("l")
        s = t.wait(lambda s: status(s) and status(s)[0] == 5,
                   "l again: the loop ends, playback reaches sentence 5",
                   timeout=WAIT)
        t.keys("Space")
        t.wait(is_paused, "paused", timeout=WAIT)

        # a: play sentence 4 from its start; it pauses at its end (12 s);
        # Space goes on into sentence 5 and pauses at its end (14 s).
        t.keys("a", "Left")
        t.wait(lambda s: status(s) and status(s)[:2] == (4, 9) and
               "auto-pause" in status_line(s), "a on, ← to sentence 4")
        t.keys("Space")
        seen, ok, s = record(t, lambda st, s: not st[2] and st[1] >= 11,
                             WAIT)
        check(ok and status(s)[0] == 4 and status(s)[1] in (11, 12),
              "auto-pause stops at the end of sentence 4 (%s)" % seen, s)
        seen, changed, s = record(t, lambda x, s: x[2] or x[0] != 4, 1.0)
        check(not changed and is_paused(s), "and stays paused", s)
        t.keys("Space")
        seen, ok, s = record(t, lambda st, s: st[0] == 5 and not st[2]
                             and st[1] >= 13, WAIT)
        check(ok and any(st[0] == 5 and st[2] for _, st in seen),
              "Space goes on into sentence 5 and pauses at its end (%s)"
              % seen, s)
        t.keys("q")
        check(t.wait_exit() == 0, "q exits 0")
    finally:
        t.kill()
    # Where the auto-pause left playback, to the millisecond (the status
    # shows whole seconds): sentence 5's end, 14 s, not past it into
    # sentence 6 -- the pause comes when the end plays, and an exact seek
    # puts the position on the end itself.
    pos, seg = saved_progress(db)
    check(seg == 4 and 14.0 - 0.01 <= pos <= 14.0 + 0.001,
          "auto-paused at sentence 5's end, before sentence 6's start at "
          "14 s (saved %.3f s, sentence %d)" % (pos, seg + 1))


def test_no_audio(tmp, wav, page):
    """The audio file gone, libmpv missing, an audio output that cannot
    open, and a source link that cannot play: each a message, and the
    reader stays a reader."""
    home = os.path.join(tmp, "noaudio")
    os.makedirs(home)
    db = os.path.join(home, "lib.db")
    gone = os.path.join(home, "gone.wav")
    shutil.copyfile(wav, gone)
    r = run(["--db", db, "import", page, "--audio", gone], home)
    check(r.returncode == 0, "import --audio (%s)" % r.stderr)
    os.unlink(gone)

    t = Term(home, ["--db", db, "--ao", "null"])
    try:
        s = t.wait(lambda s: "audio file not found" in s,
                   "missing audio file: said at start-up")
        check("Welcome to a very short talk" in s, "the transcript shows", s)
        t.keys("Space")
        t.wait(lambda s: "not found" in status_line(s),
               "Space says the file is not there")
        t.keys("Right")
        t.wait(lambda s: marked(s) == 2,
               "still a reader: → moves to sentence 2")
        t.keys("q")
        check(t.wait_exit() == 0, "q exits 0")
    finally:
        t.kill()

    # libmpv cannot be loaded: a message when playing starts.
    r = run(["--db", db, "audio", "1", wav], home)
    check(r.returncode == 0, "audio ID FILE sets it (%s)" % r.stderr)
    t = Term(home, ["--db", db, "--ao", "null"],
             env={"BUILDSPEAK_LIBMPV": os.path.join(home, "no-libmpv.so")})
    try:
        t.wait(lambda s: status(s) is not None, "opens")
        t.keys("Space")
        s = t.wait(lambda s: "cannot load libmpv" in s,
                   "without libmpv: Space says it cannot load it")
        t.keys("Right")
        t.wait(lambda s: marked(s) == 3, "still a reader: → works")
        t.keys("q")
        check(t.wait_exit() == 0, "q exits 0")
    finally:
        t.kill()

    # An audio output that cannot open: a message that says what helps,
    # and nothing that libraries print to stderr lands on the screen.
    t = Term(home, ["--db", db, "--ao", "no-such-output"])
    try:
        t.wait(lambda s: status(s) is not None, "opens")
        t.keys("Space")
        s = t.wait(lambda s: "--ao null" in status_line(s),
                   "a failing audio output: the message suggests --ao null")
        check(not is_playing(s), "and it is not playing", s)
        check("ALSA lib" not in s and "[ao" not in s.split("\n")[0],
              "no library noise on the screen", s)
        t.keys("q")
        check(t.wait_exit() == 0, "q exits 0")
    finally:
        t.kill()

    # No audio but a source link (here one that refuses connections): the
    # reader offers the link, and says plainly when it cannot play it.
    r = run(["--db", db, "audio", "1", "--none"], home)
    check(r.returncode == 0, "audio ID --none (%s)" % r.stderr)
    r = run(["--db", db, "audio", "1"], home)
    check("http://127.0.0.1:9/talk" in r.stdout,
          "audio ID names the source link offered (%s)" % r.stdout)
    t = Term(home, ["--db", db, "--ao", "null"])
    try:
        t.wait(lambda s: status(s) is not None, "opens")
        t.keys("Space")
        s = t.wait(lambda s: "source link cannot play" in status_line(s)
                   and not is_playing(s),
                   "a source link that cannot play: said plainly",
                   timeout=20)
        t.keys("Right")
        t.wait(lambda s: marked(s) == 4, "still a reader: → works")
        t.keys("q")
        check(t.wait_exit() == 0, "q exits 0")
    finally:
        t.kill()


def main():
    for tool in ("tmux", "espeak-ng", "sox"):
        if not shutil.which(tool):
            print("%s not found: skipped" % tool, file=sys.stderr)
            return 77
    tmp = tempfile.mkdtemp(prefix="bs-e2e-player-")
    t0 = time.monotonic()
    try:
        page = os.path.join(tmp, "talk.page.txt")
        with open(page, "w", encoding="utf-8") as f:
            f.write(page_text("A short talk for the listening tests"))
        wav = os.path.join(tmp, "talk.wav")
        r = subprocess.run([sys.executable, SYNTH, "-q", page, wav],
                           capture_output=True, text=True)
        if not check(r.returncode == 0, "synth-audio: %s" % r.stderr):
            return 1
        test_listening(tmp, wav, page)
        test_no_audio(tmp, wav, page)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return testlib.summary(elapsed=time.monotonic() - t0, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
