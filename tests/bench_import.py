#!/usr/bin/env python3
"""Benchmark of `buildspeak import` (prints figures; asserts nothing).

    python3 tests/bench_import.py [BINARY] [--runs N]

BINARY defaults to build/buildspeak (build it first; a sanitizer build
measures the sanitizer). Times the import of the bundled sample and of a
generated 10,000-segment page, each into a fresh library, N times (default
5), and prints the median process CPU time (user + system, from os.wait4),
the wall time, and the peak resident memory of the importing process
(measured by GNU time, /usr/bin/time, when it is installed).

Aims from the foundation issue: the sample in under 30 ms of process time,
10,000 segments in under 1 s."""

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

GNU_TIME = shutil.which("time", path="/usr/bin:/bin")
HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "data", "sample.page.txt")


def fmt_time(seconds):
    """MM:SS, or H:MM:SS from an hour on, as the page writes times."""
    s = int(seconds)
    if s >= 3600:
        return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
    return f"{s // 60:02d}:{s % 60:02d}"


def generate(path, n_segments):
    """A page of n_segments segments: the sample's header, its segments
    repeated in order with new times (3 s each, so the last starts before
    ten hours), and a source line of its own."""
    with open(SAMPLE, encoding="utf-8") as f:
        lines = f.read().split("\n")
    first = next(i for i, ln in enumerate(lines) if ln.startswith("Speaker "))
    src = next(i for i, ln in enumerate(lines) if ln.startswith("原文"))
    pairs = [(lines[i + 1], lines[i + 3]) for i in range(first, src, 4)]
    words = 0
    out = []
    for k in range(n_segments):
        en, zh = pairs[k % len(pairs)]
        words += len(re.findall(r"[A-Za-z0-9]+(?:['’.-][A-Za-z0-9]+)*", en))
        head = f"Speaker {1 + k % 2}{fmt_time(3 * k)} - {fmt_time(3 * k + 3)}"
        out += [head, en, head, zh]
    header = list(lines[:first])
    header[2] = re.sub(r"[\d,]+ 词 · 约 \d+ 分钟",
                       f"{words:,} 词 · 约 {round(words / 200)} 分钟", header[2])
    header[4] = f"Generated: {n_segments:,} segments"
    text = "\n".join(header + out +
                     [f"原文 ↗https://example.org/generated/{n_segments}"] +
                     lines[src + 1:])
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return len(text.encode("utf-8"))


def measure(binary, page, db):
    """Imports page into the new library db (page None: runs `--version`,
    the cost of starting the binary and loading its libraries); returns (cpu s, wall s, peak
    RSS KiB or None) of that process, or raises on failure.

    CPU time comes from os.wait4 on the child. Its ru_maxrss cannot be
    used: Linux carries the peak RSS across exec, so a child forked from
    this Python reports Python's size. GNU time, a small process, measures
    the peak for us when it is installed (Debian package "time")."""
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    argv = [binary, "--db", db, "import", page] if page else [binary, "--version"]
    if GNU_TIME:
        argv = [GNU_TIME, "-f", "maxrss %M"] + argv
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"import {page} failed: {err}")
    m = re.search(r"^maxrss (\d+)$", err, re.M)
    return ru.ru_utime + ru.ru_stime, wall, int(m.group(1)) if m else None


def main():
    args = sys.argv[1:]
    runs = 5
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i:i + 2]
    binary = args[0] if args else os.path.join(HERE, "..", "build", "buildspeak")
    if not os.access(binary, os.X_OK):
        print(f"bench_import: no binary at {binary}; build it first", file=sys.stderr)
        return 1

    tmp = tempfile.mkdtemp(prefix="buildspeak-bench-")
    try:
        big = os.path.join(tmp, "big.page.txt")
        big_size = generate(big, 10000)
        cases = [("nothing: --version (start-up and shared libraries)", None, 0, None),
                 ("sample (147 segments)", os.path.abspath(SAMPLE),
                  os.path.getsize(SAMPLE), 0.030),
                 ("10,000 segments", big, big_size, 1.0)]
        print(f"binary: {os.path.abspath(binary)}")
        print(f"runs per case: {runs} (median; each into a new library)")
        for name, page, size, aim in cases:
            results = [measure(binary, page, os.path.join(tmp, "lib.db"))
                       for _ in range(runs)]
            cpu = statistics.median(r[0] for r in results)
            wall = statistics.median(r[1] for r in results)
            rss = max((r[2] for r in results if r[2] is not None), default=None)
            what = f"import {name}, {size / 1024:,.0f} KiB" if page else name
            aim_text = (f" [aim < {aim * 1000:.0f} ms: "
                        f"{'within' if cpu < aim else 'OVER'}]") if aim else ""
            print(f"{what}: process time {cpu * 1000:.1f} ms, "
                  f"wall {wall * 1000:.1f} ms, peak RSS "
                  f"{f'{rss / 1024:.1f} MiB' if rss else 'n/a (no GNU time)'}"
                  + aim_text)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
