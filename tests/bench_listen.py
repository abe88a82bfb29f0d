#!/usr/bin/env python3
"""bench_listen: how soon listening responds -- the figures the listening
tests used to assert and no longer do (they wait for states instead, so
they hold on a busy machine). Figures only, no assertions.

The reader runs in tmux with --ao null on the six-sentence talk of
tests/e2e_player.py (synthesised by data/synth-audio), paused at sentence 4
(9 s). Each round presses Space and measures, from the status line polled
every ~10 ms:
  start   Space to the first clock flip, minus the part of a second the
          flip needs (the flip to k s comes k - 9 s after playback starts);
  tick    the wall time between two clock flips (ideal 1.00 s);
then pauses and goes back to sentence 4. Prints the median and the worst of each.

    python3 tests/bench_listen.py [build/buildspeak] [--rounds N]

Run it beside ../shared/tools/busy to see what load does to them."""
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_player as ep  # noqa: E402
import testlib  # noqa: E402

testlib.report_ok = False


def main():
    args = sys.argv[1:]
    rounds = 5
    if "--rounds" in args:
        i = args.index("--rounds")
        rounds = int(args[i + 1])
        del args[i:i + 2]
    binary = os.path.abspath(args[0] if args else ep.BIN)
    for tool in ("tmux", "espeak-ng", "sox"):
        if not shutil.which(tool):
            print("bench_listen: %s not found" % tool, file=sys.stderr)
            return 1
    tmp = tempfile.mkdtemp(prefix="bs-bench-listen-")
    try:
        page = os.path.join(tmp, "talk.page.txt")
        with open(page, "w", encoding="utf-8") as f:
            f.write(ep.page_text("A short talk for the listening bench"))
        wav = os.path.join(tmp, "talk.wav")
        subprocess.run([sys.executable, ep.SYNTH, "-q", page, wav],
                       check=True)
        db = os.path.join(tmp, "lib.db")
        env = dict(os.environ, HOME=tmp, LC_ALL="C.UTF-8")
        subprocess.run([binary, "--db", db, "import", page, "--audio", wav],
                       env=env, check=True, capture_output=True)
        cmd = " ".join(shlex.quote(a) for a in
                       [binary, "--db", db, "--ao", "null"])
        t = testlib.Term(tmp, cmd)
        starts, ticks = [], []
        try:
            t.wait(lambda s: ep.status(s) is not None, "opens")
            t.keys("g", "Right", "Right", "Right")
            t.wait(lambda s: (ep.status(s) or (0, 0))[:2] == (4, 9), "at 9 s")
            for _ in range(rounds):
                t.keys("Space")
                k0 = time.monotonic()
                flips = []
                last = None
                while len(flips) < 3 and time.monotonic() < k0 + 30:
                    st = ep.status(t.screen())
                    now = time.monotonic()
                    if st and last is not None and st[1] == last + 1:
                        flips.append((now, st[1]))
                    if st:
                        last = st[1]
                    time.sleep(0.01)
                if flips:
                    w, sec = flips[0]
                    starts.append(w - k0 - (sec - 9))
                ticks += [b[0] - a[0] for a, b in zip(flips, flips[1:])]
                t.keys("Space")
                t.wait(ep.is_paused, "paused")
                t.keys("g", "Right", "Right", "Right")
                t.wait(lambda s: (ep.status(s) or (0, 0))[:2] == (4, 9),
                       "back at 9 s")
            t.keys("q")
            t.wait_exit()
        finally:
            t.kill()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print("bench_listen: %d rounds (%d cores, load %s)" % (
        rounds, os.cpu_count(), open("/proc/loadavg").read().split()[0]))
    for name, v in (("Space to playing", starts),
                    ("one second of the clock", ticks)):
        if v:
            print("  %-24s median %.3f s, worst %.3f s (%d samples)" % (
                name, statistics.median(v), max(v),
                len(v)))
        else:
            print("  %-24s no samples" % name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
