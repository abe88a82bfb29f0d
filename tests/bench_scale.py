#!/usr/bin/env python3
"""Benchmark: costs that must not grow with what a learner accumulates
(prints figures; asserts nothing).

    python3 tests/bench_scale.py [BINARY] [--presses N] [--keys N]
                                 [--cases start,press,book]

Each figure is printed next to the small case's, with their ratio, in
instructions counted by callgrind (valgrind must be installed), which a
busy machine does not disturb. The reader runs in tmux under callgrind
with --ao null; a key is sent only once the screen shows the previous
one's effect, so every press is its own frame.

  start-up   the reader started and quit at once (q), and `list`: a
             library of 1 generated episode against one of 1,000;
  → press    (run with N presses less the run with none) / N, on the
             sample, on the sample with a 13,000-term glossary, and on the
             sample with 1,000 saved words (their start-up too), in a
             100x30 terminal, where the sample's sentences of about 11
             rows make most presses scroll the pane; and on the sample in
             a 100x70 one, where most do not;
  the book   opening and closing it (v, v) less the start-up, opening
             and closing it a second time (what the first read saves),
             and one filter keystroke: (/, N letters, Escape) less (/, one
             letter, Escape), over N - 1; with 10 / 100 / 1,000 entries,
             against 10; and each in milliseconds of user CPU at this
             machine's rate (callgrind's count of `vocab list` over its
             median user time: an estimate, not a timing; the kernel's
             time writing to the terminal comes on top).

Inputs come from tests/bench_gen.py. Reader figures need a reader that
shows "sentence K/N" in its status line and the book's "Filter: " prompt;
a case that does not reach its screen in time prints n/a (and the screen)
and the rest go on."""

import os
import re
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench_gen  # noqa: E402

VALGRIND = shutil.which("valgrind")
SAMPLE = os.path.join(HERE, "..", "data", "sample.page.txt")
TIMEOUT = 300.0  # seconds for one screen to appear under callgrind


class Unreached(Exception):
    pass


def tmux(sock, *args):
    return subprocess.run(["tmux", "-L", sock, "-f", "/dev/null"] +
                          list(args), capture_output=True, text=True).stdout


class Reader:
    """The reader under callgrind in a private tmux server."""
    count = 0

    def __init__(self, binary, db, home, out, rows=30):
        Reader.count += 1
        self.sock = f"bench-scale-{os.getpid()}-{Reader.count}"
        self.done = os.path.join(home, f"done-{Reader.count}")
        env = (f"HOME={shlex.quote(home)} LC_ALL=C.UTF-8 TERM=tmux-256color "
               f"XDG_CONFIG_HOME={shlex.quote(home)}/.config "
               f"XDG_DATA_HOME={shlex.quote(home)}/.local/share "
               "BUILDSPEAK_AO=null")
        cmd = (f"env {env} {shlex.quote(VALGRIND)} --tool=callgrind "
               f"--callgrind-out-file={shlex.quote(out)} "
               f"{shlex.quote(binary)} --db {shlex.quote(db)} --ao null "
               f"2>/dev/null; echo $? > {shlex.quote(self.done)}; "
               "exec sleep 600")
        tmux(self.sock, "new-session", "-d", "-x", "100", "-y", str(rows),
             "sh", "-c", cmd)

    def screen(self):
        return tmux(self.sock, "capture-pane", "-p")

    def wait(self, pred, what):
        end = time.monotonic() + TIMEOUT
        while True:
            s = self.screen()
            if pred(s):
                return s
            if time.monotonic() > end:
                raise Unreached(f"{what}; the screen:\n" + "\n".join(
                    "  | " + ln for ln in s.split("\n") if ln.strip()))
            time.sleep(0.05)

    def keys(self, *keys):
        tmux(self.sock, "send-keys", *keys)

    def literal(self, text):
        tmux(self.sock, "send-keys", "-l", text)

    def quit(self):
        self.keys("q")
        end = time.monotonic() + TIMEOUT
        while not os.path.exists(self.done) and time.monotonic() < end:
            time.sleep(0.05)
        tmux(self.sock, "kill-server")
        if not os.path.exists(self.done):
            raise Unreached("the reader did not quit on q")


def status(s):
    lines = [ln for ln in s.split("\n") if ln.strip()]
    return lines[-1] if lines else ""


def cg_total(out):
    """The instruction total of a callgrind output file."""
    with open(out) as f:
        for line in f:
            m = re.match(r"(?:summary|totals):\s+(\d+)", line)
            if m:
                return int(m.group(1))
    raise Unreached(f"no total in {out}")


class Bench:
    def __init__(self, binary, tmp, presses, n_keys):
        self.binary, self.tmp = binary, tmp
        self.presses, self.n_keys = presses, n_keys
        self.home = os.path.join(tmp, "home")
        os.makedirs(self.home, exist_ok=True)
        self.n = 0

    def cli(self, db, *args):
        r = subprocess.run([self.binary, "--db", db] + list(args),
                           capture_output=True, text=True,
                           env=dict(os.environ, HOME=self.home,
                                    LC_ALL="C.UTF-8"))
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:2])}: {r.stderr.strip()}")
        return r.stdout

    def cli_instructions(self, db, *args):
        self.n += 1
        out = os.path.join(self.tmp, f"cg.{self.n}")
        subprocess.run([VALGRIND, "--tool=callgrind",
                        f"--callgrind-out-file={out}", self.binary, "--db",
                        db] + list(args), capture_output=True, check=True,
                       env=dict(os.environ, HOME=self.home,
                                LC_ALL="C.UTF-8"))
        return cg_total(out)

    def reader(self, db, script=None, rows=30):
        """Instructions of one reader run: start, wait for the first
        frame, script(reader), quit."""
        self.n += 1
        out = os.path.join(self.tmp, f"cg.{self.n}")
        # A home of its own: nothing a previous run kept outside the
        # library changes where this one starts.
        home = os.path.join(self.tmp, f"home.{self.n}")
        os.makedirs(home)
        r = Reader(self.binary, db, home, out, rows)
        try:
            r.wait(lambda s: re.search(r"sentence \d+/\d+ ", status(s)),
                   "no first frame with 'sentence K/N'")
            if script:
                script(r)
            r.quit()
        finally:
            tmux(r.sock, "kill-server")
        return cg_total(out)

    def presses_script(self, r):
        first = int(re.search(r"sentence (\d+)/", status(r.screen())).group(1))
        for k in range(self.presses):
            r.keys("Right")
            r.wait(lambda s, k=k: f"sentence {first + k + 1}/" in status(s),
                   f"no 'sentence {first + k + 1}/' after → {k + 1}")

    def book_script(self, entries, filt, opens=1):
        """v, then (with filt) / and filt's letters one at a time and
        Escape, then v again; opens times."""
        word = "entries" if entries != 1 else "entry"

        def script(r):
            for _ in range(opens - 1):
                once(r, None)
            once(r, filt)

        def once(r, filt):
            r.keys("v")
            r.wait(lambda s: f"{entries} {word}" in s,
                   f"v: no '{entries} {word}'")
            if filt:
                r.keys("/")
                r.wait(lambda s: "Filter: " in s, "/: no 'Filter: '")
                for i in range(len(filt)):
                    r.literal(filt[i])
                    r.wait(lambda s, i=i: "Filter: " + filt[:i + 1] in s,
                           f"no 'Filter: {filt[:i + 1]}'")
                r.keys("Escape")
                r.wait(lambda s: f"{entries} {word}" in s,
                       "Escape: the filter stays")
            r.keys("v")
            r.wait(lambda s: re.search(r"sentence \d+/\d+ ", status(s)),
                   "v did not close the book")
        return script


def line(what, value, small, unit="M", rate=None):
    ms = (f" (~{value / rate * 1e3:.2f} ms)" if rate and value is not None
          else "")
    if value is None:
        print(f"{what}: n/a")
    elif small is None:
        print(f"{what}: {value / 1e6:,.2f} {unit}{ms}")
    else:
        print(f"{what}: {value / 1e6:,.2f} {unit}{ms} against "
              f"{small / 1e6:,.2f} {unit}: {value / small:.2f}x")


def user_rate(b, db, runs=30):
    """This machine's rate of user-space instructions a second, from one
    command (`vocab list` of the book: SQLite, text, output) counted by
    callgrind and timed natively (its user CPU time, the median of runs;
    the kernel's time, mostly starting the process, is left out as
    callgrind leaves it out): what turns the figures into milliseconds,
    roughly."""
    instr = b.cli_instructions(db, "vocab", "list")
    times = []
    for _ in range(runs):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        b.cli(db, "vocab", "list")
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(r1.ru_utime - r0.ru_utime)
    times.sort()
    median = times[len(times) // 2]
    return instr / median if median > 0 else None


def attempt(f, *args):
    try:
        return f(*args)
    except (Unreached, RuntimeError, subprocess.CalledProcessError) as e:
        print(f"  (n/a: {e})")
        return None


def main():
    args = sys.argv[1:]
    presses, n_keys = 20, 5
    cases = {"start", "press", "book"}
    if "--cases" in args:
        i = args.index("--cases")
        cases = set(args[i + 1].split(","))
        del args[i:i + 2]
    for opt in ("--presses", "--keys"):
        if opt in args:
            i = args.index(opt)
            if opt == "--presses":
                presses = int(args[i + 1])
            else:
                n_keys = max(2, int(args[i + 1]))
            del args[i:i + 2]
    binary = args[0] if args else os.path.join(HERE, "..", "build", "buildspeak")
    if not os.access(binary, os.X_OK):
        print(f"bench_scale: no binary at {binary}; build it first",
              file=sys.stderr)
        return 1
    if not VALGRIND or not shutil.which("tmux"):
        print("bench_scale: needs valgrind and tmux", file=sys.stderr)
        return 1
    binary = os.path.abspath(binary)
    tmp = tempfile.mkdtemp(prefix="buildspeak-scale-")
    b = Bench(binary, tmp, presses, n_keys)
    try:
        print(f"binary: {binary}")
        print(f"instructions by callgrind, in millions (M); {presses} → "
              f"presses, {n_keys} filter keystrokes")
        print(f"({os.cpu_count()} cores, load "
              f"{open('/proc/loadavg').read().split()[0]})")

        # ---- libraries -------------------------------------------------
        eps = bench_gen.write_episodes(os.path.join(tmp, "eps"), 1000)
        one, many = os.path.join(tmp, "one.db"), os.path.join(tmp, "many.db")
        b.cli(one, "import", eps[0])
        b.cli(many, "import", *eps)
        sample = os.path.join(tmp, "sample.db")
        b.cli(sample, "import", SAMPLE)
        gloss = os.path.join(tmp, "glossary.db")
        if "press" in cases:
            gjson = os.path.join(tmp, "glossary.json")
            bench_gen.write_glossary_json(gjson, 13000)
            b.cli(gloss, "import", gjson)
        books = {}
        vocab = os.path.join(tmp, "vocab.db")
        shutil.copy(sample, vocab)
        terms = bench_gen.sample_terms(1000)
        for n, term in enumerate(terms, 1):
            b.cli(vocab, "vocab", "add", term, "--episode", "1")
            if n in (10, 100, 1000):
                books[n] = os.path.join(tmp, f"book{n}.db")
                shutil.copy(vocab, books[n])

        # ---- start-up ----------------------------------------------------
        if "start" in cases:
            print("\n== start-up: 1,000 episodes against 1 ==")
            s1 = attempt(b.reader, one)
            s1000 = attempt(b.reader, many)
            line("reader start and quit, 1,000 episodes", s1000, s1)
            l1 = attempt(b.cli_instructions, one, "list")
            l1000 = attempt(b.cli_instructions, many, "list")
            line("list, 1,000 episodes", l1000, l1)

        # ---- → -----------------------------------------------------------
        if "press" in cases:
            print("\n== → press: 13,000 glossary terms, 1,000 saved words, "
                  "against the sample ==")
            per, start = {}, {}
            for name, db in (("sample", sample), ("13,000 terms", gloss),
                             ("1,000 saved words", books.get(1000))):
                base = attempt(b.reader, db)
                run = attempt(b.reader, db, b.presses_script)
                start[name] = base
                per[name] = (run - base) / presses if base and run else None
            line("→ press, sample", per["sample"], None)
            tall = attempt(b.reader, sample, None, 70)
            tall_run = attempt(b.reader, sample, b.presses_script, 70)
            line("→ press, sample, 100x70 terminal",
                 (tall_run - tall) / presses if tall and tall_run else None,
                 None)
            line("→ press, 13,000 glossary terms", per["13,000 terms"],
                 per["sample"])
            line("→ press, 1,000 saved words", per["1,000 saved words"],
                 per["sample"])
            line("reader start and quit, 13,000 glossary terms",
                 start["13,000 terms"], start["sample"])
            line("reader start and quit, 1,000 saved words",
                 start["1,000 saved words"], start["sample"])

        # ---- the book ------------------------------------------------------
        if "book" in cases:
            print("\n== the book: 10 / 100 / 1,000 entries ==")
            opened, again, keystroke = {}, {}, {}
            # Letters that keep matching something as they are typed.
            filt = ("tion" * n_keys)[:n_keys]
            for n, db in sorted(books.items()):
                base = attempt(b.reader, db)
                o = attempt(b.reader, db, b.book_script(n, None))
                o2 = attempt(b.reader, db, b.book_script(n, None, 2))
                k1 = attempt(b.reader, db, b.book_script(n, filt[:1]))
                kn = attempt(b.reader, db, b.book_script(n, filt))
                opened[n] = o - base if base and o else None
                again[n] = o2 - o if o and o2 else None
                keystroke[n] = (kn - k1) / (n_keys - 1) if k1 and kn else None
            rate = attempt(user_rate, b, books[1000])
            if rate:
                print(f"(ms: user CPU at {rate / 1e9:.2f} G instructions a "
                      "second, this machine's rate on `vocab list`)")
            for n in sorted(books):
                line(f"open the book (v, v), {n:,} entries", opened[n],
                     opened[10] if n != 10 else None, rate=rate)
            for n in sorted(books):
                line(f"open it again (v, v), {n:,} entries", again[n],
                     again[10] if n != 10 else None, rate=rate)
            for n in sorted(books):
                line(f"filter keystroke, {n:,} entries", keystroke[n],
                     keystroke[10] if n != 10 else None, rate=rate)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
