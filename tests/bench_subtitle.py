#!/usr/bin/env python3
"""Benchmark of subtitles (prints figures; asserts nothing).

    python3 tests/bench_subtitle.py [BINARY] [--runs N] [--cues N]

BINARY defaults to build/buildspeak. Generates a pair of 10,000-cue files
from the sample's sentences -- NAME.en.vtt with markup and voices, and
NAME.zh-Hans.vtt whose cue boundaries are shifted (so pairing by time has
work to do) -- and times, N times each (default 5), into fresh libraries:

  import   the pair as one bilingual episode;
  export   that episode as WebVTT and as SRT to a file (both languages).

It prints the median process CPU time (user + system, from os.wait4) and
wall time of each, and the files' sizes. Aim from the issue: under 1 s
each on this machine."""

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "data", "sample.page.txt")


def ts(ms):
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def sentences():
    with open(SAMPLE, encoding="utf-8") as f:
        lines = f.read().split("\n")
    first = next(i for i, ln in enumerate(lines) if ln.startswith("Speaker "))
    src = next(i for i, ln in enumerate(lines) if ln.startswith("原文"))
    return [(lines[i + 1], lines[i + 3]) for i in range(first, src, 4)]


def generate(dirname, n):
    pairs = sentences()
    en = ["WEBVTT", "Kind: captions", "Language: en", ""]
    zh = ["WEBVTT", "", "NOTE generated for the benchmark", ""]
    for k in range(n):
        e, z = pairs[k % len(pairs)]
        a, b = 3000 * k, 3000 * k + 2900
        en += [f"{k + 1}", f"{ts(a)} --> {ts(b)} align:start position:0%",
               f"<v Speaker {1 + k % 2}><b>{e[:40]}</b>{e[40:]}", ""]
        # Chinese cues start 120 ms later and end 200 ms later
        zh += [f"{ts(a + 120)} --> {ts(b + 200)}", z, ""]
    paths = []
    for name, lines in (("Bench.en.vtt", en), ("Bench.zh-Hans.vtt", zh)):
        p = os.path.join(dirname, name)
        with open(p, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        paths.append(p)
    return paths


def timed(argv, env):
    t0 = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - t0
    out, err = proc.stdout.read(), proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(argv)}\n{err.decode(errors='replace')}")
    return usage.ru_utime + usage.ru_stime, wall, out


def main():
    args = sys.argv[1:]
    runs, n = 5, 10000
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i:i + 2]
    if "--cues" in args:
        i = args.index("--cues")
        n = int(args[i + 1])
        del args[i:i + 2]
    binary = os.path.abspath(args[0] if args else os.path.join(HERE, "..", "build", "buildspeak"))
    tmp = tempfile.mkdtemp(prefix="buildspeak-bench-subs-")
    env = dict(os.environ, HOME=tmp, XDG_DATA_HOME=os.path.join(tmp, "data"), LC_ALL="C.UTF-8")
    env.pop("BUILDSPEAK_DB", None)
    try:
        en, zh = generate(tmp, n)
        print(f"{n:,}-cue pair: {os.path.getsize(en) / 1e6:.1f} MB English, "
              f"{os.path.getsize(zh) / 1e6:.1f} MB Chinese; {runs} runs, medians")
        results = {"import": [], "export vtt": [], "export srt": []}
        segments = None
        for r in range(runs):
            db = os.path.join(tmp, f"lib{r}.db")
            cpu, wall, out = timed([binary, "--db", db, "import", en, zh], env)
            results["import"].append((cpu, wall))
            m = re.search(rb"(\d+) segments", out)
            segments = int(m.group(1)) if m else None
            for fmt in ("vtt", "srt"):
                o = os.path.join(tmp, f"out.{fmt}")
                cpu, wall, _ = timed([binary, "--db", db, "export", "1", "--format", fmt,
                                      "-o", o], env)
                results[f"export {fmt}"].append((cpu, wall))
            os.unlink(db)
        print(f"episode: {segments} segments")
        for what, v in results.items():
            cpu = statistics.median(c for c, _ in v)
            wall = statistics.median(w for _, w in v)
            extra = ""
            if what.startswith("export"):
                extra = f"  ({os.path.getsize(os.path.join(tmp, 'out.' + what[-3:])) / 1e6:.1f} MB)"
            print(f"{what:<11} {cpu * 1000:7.0f} ms CPU  {wall * 1000:7.0f} ms wall{extra}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
