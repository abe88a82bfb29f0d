#!/usr/bin/env python3
"""Refused imports: each bad input of the foundation issue, written into a
temporary directory (most derived from the sample page), imported into a
library that already holds the sample. Each must exit 65 (66 for a missing
or unreadable file), print one line on stderr naming the file, the line and
the problem, and leave the library exactly as it was. Then a batch of good,
bad, good files: the first is kept, the batch stops at the bad one and says
so.

Environment (set by tests/meson.build): BUILDSPEAK_BIN, BUILDSPEAK_SAMPLE.
Prints one line per check and exits 1 if any failed."""

import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testlib  # noqa: E402
from testlib import cli_check as check  # noqa: E402

BIN = os.environ.get("BUILDSPEAK_BIN", "build/buildspeak")
SAMPLE = os.environ.get("BUILDSPEAK_SAMPLE", "data/sample.page.txt")
SOURCE = "https://www.youtube.com/watch?v=NQczevdpxq0"

TMP = tempfile.mkdtemp(prefix="buildspeak-imperr-")
DB = os.path.join(TMP, "lib", "library.db")


def run(*args, db=DB):
    env = testlib.clean_env(TMP, ("BUILDSPEAK_DB", "XDG_DATA_HOME"))
    return subprocess.run([BIN, "--db", db] + list(args), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=env, timeout=120,
                          encoding="utf-8", errors="replace")


def snapshot(db=DB):
    """The whole library as the user sees it: the list and every episode."""
    r = run("list", "--json", db=db)
    shots = [r.returncode, r.stdout]
    if r.returncode == 0:
        for ep in json.loads(r.stdout):
            shots.append(run("show", str(ep["id"]), "--json", db=db).stdout)
    return shots


with open(SAMPLE, "rb") as f:
    SAMPLE_BYTES = f.read()
LINES = SAMPLE_BYTES.decode("utf-8").split("\n")
# The first segment header; segment k's four lines (English header, English,
# Chinese header, Chinese) start at FIRST + 4k (0-based list index).
FIRST = next(i for i, ln in enumerate(LINES) if ln.startswith("Speaker "))


def lineno(k, part):
    """1-based line number of part (0..3) of segment k in the sample."""
    return FIRST + 4 * k + part + 1


def page(lines):
    return "\n".join(lines).encode("utf-8")


def with_line(k, part, text):
    """The sample with one line of segment k replaced."""
    v = list(LINES)
    v[FIRST + 4 * k + part] = text
    return v


def with_header(k, header):
    """The sample with both copies of segment k's header replaced."""
    v = with_line(k, 0, header)
    v[FIRST + 4 * k + 2] = header
    return v


def without_segments():
    """The sample's header and footer with nothing between them."""
    src = next(i for i, ln in enumerate(LINES) if ln.startswith("原文"))
    return LINES[:FIRST] + LINES[src:]


def other_end(header):
    """header with the last digit of its end time changed."""
    return header[:-1] + ("1" if header[-1] != "1" else "2")


def bad_inputs():
    """(name, file bytes, expected line or None for no line, pattern the
    message must match)."""
    rng = random.Random(87)
    garbage = bytes(rng.randrange(256) for _ in range(4096))
    seg3_en = LINES[FIRST + 4 * 3 + 1].encode()
    invalid = page(LINES).replace(seg3_en, seg3_en[:20] + b"\xff\xfe" + seg3_en[20:], 1)
    nul = page(LINES).replace(seg3_en, seg3_en[:20] + b"\x00" + seg3_en[20:], 1)
    # Cut inside segment 50's English text: its Chinese never comes.
    cut = SAMPLE_BYTES.find(LINES[FIRST + 4 * 50 + 1].encode()) + 40
    missing_zh = list(LINES)
    del missing_zh[FIRST + 4 * 5 + 2:FIRST + 4 * 5 + 4]
    differ = with_line(7, 2, other_end(LINES[FIRST + 4 * 7 + 2]))
    long_line = with_line(2, 1, "word " * 230000)  # 1.1 MiB on one line
    return [
        ("empty file", b"", None, r"empty"),
        ("binary garbage", garbage, "maybe", r"utf-?8|nul|binary|not a page|text"),
        ("invalid UTF-8", invalid, lineno(3, 1), r"utf-?8"),
        ("a NUL byte", nul, lineno(3, 1), r"nul|\\0|zero byte"),
        ("a truncated file", SAMPLE_BYTES[:cut], "any",
         r"truncat|missing|translation|chinese|end of file|incomplete"),
        ("a segment without its translation", page(missing_zh),
         {lineno(5, 0), lineno(5, 1), lineno(5, 2)},
         r"translation|chinese|missing|expected"),
        ("a header whose copies differ", page(differ), {lineno(7, 0), lineno(7, 2)},
         r"differ|match|same"),
        ("minutes out of range", page(with_header(4, "Speaker 11:75:00 - 1:75:30")),
         lineno(4, 0), r"minute|range|time"),
        ("seconds out of range", page(with_header(4, "Speaker 101:61 - 02:10")),
         lineno(4, 0), r"second|range|time"),
        ("an end before its start", page(with_header(4, "Speaker 102:10 - 01:50")),
         lineno(4, 0), r"end|before|start"),
        ("a page with no segments", page(without_segments()), "maybe", r"segment"),
        ("a line over 1 MiB", page(long_line), lineno(2, 1), r"long|mib|too"),
        ("bad JSON times", json.dumps({
            "title": "t", "podcast": "p", "date": "2026-01-01", "source_url": "",
            "audio": "", "segments": [{"speaker": 1, "start": 9, "end": 3,
                                       "en": "Hello.", "zh": "你好。"}]}).encode(),
         "maybe", r"end|before|start|segment"),
    ]


def check_refusal(name, path, rc_want, line_want, pattern, before):
    r = run("import", path)
    err = r.stderr.strip().splitlines()
    check(f"{name}: exit {rc_want}", r.returncode == rc_want, f"{r.returncode}: {r.stderr.strip()[:300]}")
    check(f"{name}: one line on stderr", len(err) == 1, repr(err)[:300])
    msg = err[0] if err else ""
    m = re.match(r"^buildspeak: (.+?)(?::(\d+))?: (.+)$", msg)
    ok = m is not None and m.group(1) == path
    check(f"{name}: the message names the file", ok, msg[:300])
    if m:
        line = int(m.group(2)) if m.group(2) else None
        if line_want == "any":
            good = line is not None
        elif line_want == "maybe":
            good = True
        elif isinstance(line_want, set):
            good = line in line_want
        else:
            good = line == line_want
        check(f"{name}: the line ({line_want if line_want not in ('any', 'maybe') else line_want + ' line'})",
              good, f"got {line}: {msg[:200]}")
        check(f"{name}: says what is wrong", re.search(pattern, m.group(3), re.I) is not None,
              m.group(3)[:200])
    check(f"{name}: nothing on stdout", r.stdout == "", r.stdout[:200])
    check(f"{name}: the library is unchanged", snapshot() == before)


def main():
    r = run("import", SAMPLE)
    check("setup: the sample imports", r.returncode == 0, r.stderr)
    before = snapshot()
    check("setup: the library lists one episode", before[0] == 0 and len(json.loads(before[1])) == 1)

    for i, (name, data, line, pattern) in enumerate(bad_inputs()):
        path = os.path.join(TMP, f"bad{i}.txt")
        with open(path, "wb") as f:
            f.write(data)
        check_refusal(name, path, 65, line, pattern, before)

    missing = os.path.join(TMP, "no-such-file.txt")
    check_refusal("a missing file", missing, 66, None, r"no such file", before)
    adir = os.path.join(TMP, "a-directory")
    os.mkdir(adir)
    check_refusal("an unreadable file (a directory)", adir, 66, None, r"directory", before)

    # A batch: good, bad, good. The first is kept, the third never tried.
    good1 = os.path.join(TMP, "good1.page.txt")
    good2 = os.path.join(TMP, "good2.page.txt")
    bad = os.path.join(TMP, "bad.page.txt")
    text = SAMPLE_BYTES.decode("utf-8")
    for path, n in ((good1, 1), (good2, 2)):
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace(SOURCE, f"https://example.org/good{n}")
                        .replace("Ep 87:", f"Good {n}:"))
    with open(bad, "wb") as f:
        f.write(b"")
    db = os.path.join(TMP, "batch.db")
    r = run("import", good1, bad, good2, db=db)
    check("batch: exit 65", r.returncode == 65, f"{r.returncode}: {r.stderr}")
    out = r.stdout.splitlines()
    check("batch: the first file is imported",
          len(out) == 1 and out[0].startswith("imported episode 1: Good 1:"), repr(out))
    check("batch: stops at the bad file and says so",
          f"buildspeak: stopped at {bad}; 1 of 3 files imported before it" in r.stderr.splitlines(),
          r.stderr)
    lst = json.loads(run("list", "--json", db=db).stdout or "null")
    check("batch: the library holds the first file only",
          isinstance(lst, list) and [e["title"][:7] for e in lst] == ["Good 1:"], repr(lst)[:200])

    r = run("import", good2, missing, db=db)
    check("batch with a missing file: exit 66 after importing the first",
          r.returncode == 66 and r.stdout.startswith("imported episode 2: Good 2:")
          and "1 of 2 files imported before it" in r.stderr, f"{r.returncode}: {r.stderr}")

    shutil.rmtree(TMP, ignore_errors=True)
    return testlib.summary(with_checks=False)


if __name__ == "__main__":
    sys.exit(main())
