#!/usr/bin/env python3
"""e2e_seek: seeking inside a sentence, jumping to a time and revealing one
sentence's translation, end to end -- the real reader in tmux playing the
six-sentence talk of e2e_player.py (synthesised by data/synth-audio) with
libmpv and --ao null. Also the start-up and Space messages about audio
(the sample imported without its spoken audio, --no-audio).

Every wait polls the screen until the expected state shows or a generous
deadline passes; nothing is timed. Python standard library only.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testlib  # noqa: E402
from testlib import check  # noqa: E402
from e2e_player import (SYNTH, Term, is_paused, is_playing,  # noqa: E402
                        marked, page_text, run, saved_progress, status,
                        status_line)

testlib.report_ok = True


def at(s, sentence, second):
    st = status(s)
    return st is not None and st[:2] == (sentence, second)


def test_seek(tmp, wav, page):
    home = os.path.join(tmp, "seek")
    os.makedirs(home)
    db = os.path.join(home, "lib.db")
    r = run(["--db", db, "import", page, "--audio", wav], home)
    check(r.returncode == 0, "import --audio (%s)" % r.stderr)

    t = Term(home, ["--db", db, "--ao", "null"])
    try:
        t.wait(lambda s: at(s, 1, 0) and is_paused(s), "opens at 00:00")
        # Paused, before anything plays: S-→ moves the place 5 s on,
        # into sentence 3 (5-9 s); Space plays from there.
        t.keys("S-Right")
        t.wait(lambda s: at(s, 3, 5), "S-→: sentence 3 at 00:05")
        t.keys("Space")
        t.wait(lambda s: is_playing(s) and status(s)[1] >= 6,
               "Space plays on from 00:05", timeout=20)
        s = t.wait(lambda s: status(s) and status(s)[0] == 4,
                   "the audio reaches sentence 4 (9 s)", timeout=20)
        check(status(s)[1] >= 9, "sentence 4 came at 9 s or later", s)
        # Playing, S-← twice: 10 s back, into sentence 1 or 2, playing on.
        before = status(t.screen())[1]
        t.keys("S-Left", "S-Left")
        s = t.wait(lambda s: status(s) and status(s)[0] <= 2,
                   "S-← twice: back 10 s, into sentence 1 or 2")
        st = status(s)
        check(before - 10 - 1 <= st[1] <= before - 10 + 2,
              "the clock went back 10 s (%d s to %d s)" % (before, st[1]), s)
        t.wait(is_playing, "and plays on")
        t.keys("Space")
        t.wait(is_paused, "Space pauses")

        # T: a time in the prompt; a bad one is said and asked again.
        t.keys("T")
        t.wait(lambda s: "Jump to a time" in s and "Time:" in s,
               "T opens the prompt")
        t.literal("0:99")
        t.keys("Enter")
        t.wait(lambda s: "not a time" in s and "Time: 0:99" in s,
               "0:99 is not a time: said, asked again")
        t.keys("C-u")
        t.literal("0:12")
        t.keys("Enter")
        s = t.wait(lambda s: at(s, 5, 12) and "Time:" not in s,
                   "0:12: sentence 5 at 00:12")
        check(marked(s) == 5, "the transcript marks sentence 5", s)
        # : does the same.
        t.keys(":")
        t.wait(lambda s: "Time:" in s, ": opens the prompt")
        t.literal("3")
        t.keys("Enter")
        t.wait(lambda s: at(s, 2, 3), ":3 -- sentence 2 at 00:03")
        t.keys("T")
        t.wait(lambda s: "Time:" in s, "T again")
        t.literal("00:12")
        t.keys("Enter")
        t.wait(lambda s: at(s, 5, 12), "00:12 again")
        t.keys("q")
        check(t.wait_exit() == 0, "q exits 0")
    finally:
        t.kill()
    pos, seg = saved_progress(db)
    check(seg == 4 and abs(pos - 12.0) <= 0.05,
          "the place is 12 s exactly (saved %.3f s, sentence %d)"
          % (pos, seg + 1))

    # Reveal: English only hides the Chinese; c shows this sentence's,
    # until the sentence changes.
    t = Term(home, ["--db", db, "--ao", "null"])
    try:
        t.wait(lambda s: at(s, 5, 12), "reopens at 00:12")
        t.keys("t")
        s = t.wait(lambda s: "今天就到这里" not in s and " EN" in s,
                   "t: English only, no Chinese")
        t.keys("c")
        s = t.wait(lambda s: "今天就到这里" in s,
                   "c: the current sentence's Chinese shows")
        check("谢谢收听" not in s and "数据第一" not in s,
              "only that sentence's", s)
        t.keys("Right")
        t.wait(lambda s: marked(s) == 6 and "今天就到这里" not in s
               and "谢谢收听" not in s,
               "→: the next sentence, hidden again")
        t.keys("q")
        check(t.wait_exit() == 0, "q exits 0")
    finally:
        t.kill()


def test_audio_messages(tmp, page):
    home = os.path.join(tmp, "msgs")
    os.makedirs(home)
    db = os.path.join(home, "lib.db")
    # An empty library gets the sample; without its spoken audio the
    # reader says how to make it.
    t = Term(home, ["--db", db, "--ao", "null"],
             env={"BUILDSPEAK_SAMPLE_AUDIO": os.path.join(home, "none")})
    try:
        t.wait(lambda s: "the sample has no audio yet" in s and
               "sample-audio" in s,
               "the sample without audio: how to make it")
        t.keys("q")
        check(t.wait_exit() == 0, "q exits 0")
    finally:
        t.kill()
    t = Term(home, ["--db", db, "--no-audio"])
    try:
        t.wait(lambda s: status(s) is not None, "opens")
        t.keys("Space")
        s = t.wait(lambda s: "audio is off (--no-audio)" in s,
                   "--no-audio: Space says why there is no audio")
        check("00:00 / 59:40" in status_line(s),
              "the time stays beside the message", s)
        t.keys("q")
        check(t.wait_exit() == 0, "q exits 0")
    finally:
        t.kill()


def main():
    for tool in ("tmux", "espeak-ng", "sox"):
        if not shutil.which(tool):
            print("%s not found: skipped" % tool, file=sys.stderr)
            return 77
    tmp = tempfile.mkdtemp(prefix="bs-e2e-seek-")
    t0 = time.monotonic()
    try:
        page = os.path.join(tmp, "talk.page.txt")
        with open(page, "w", encoding="utf-8") as f:
            f.write(page_text("A short talk for the seeking tests"))
        wav = os.path.join(tmp, "talk.wav")
        r = subprocess.run([sys.executable, SYNTH, "-q", page, wav],
                           capture_output=True, text=True)
        if not check(r.returncode == 0, "synth-audio: %s" % r.stderr):
            return 1
        test_seek(tmp, wav, page)
        test_audio_messages(tmp, page)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return testlib.summary(elapsed=time.monotonic() - t0, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
