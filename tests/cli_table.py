#!/usr/bin/env python3
"""cli_table: the one command line -- global options before any command
(the vocab group included), generated --help for the program, the group
and every command, one error sink (sanitised, one line), and usage errors
pointing at the command's help.

Environment (set by tests/meson.build): BUILDSPEAK_BIN, BUILDSPEAK_SAMPLE.
Python standard library only; prints one line per check and exits 1 if
any failed."""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testlib  # noqa: E402

BIN = testlib.BIN
SAMPLE = testlib.SAMPLE
TMP = tempfile.mkdtemp(prefix="buildspeak-table-")
DB = os.path.join(TMP, "library.db")
check = testlib.cli_check

# Every command of the table, as typed; `buildspeak CMD --help` must
# describe each.
COMMANDS = [["import"], ["list"], ["show"], ["glossary"], ["audio"], ["rm"],
            ["vocab", "add"], ["vocab", "list"], ["vocab", "rm"],
            ["vocab", "export"]]


def run(*args, db=DB):
    env = testlib.clean_env(TMP)
    return subprocess.run([BIN] + (["--db", db] if db else []) + list(args),
                          capture_output=True, env=env, timeout=60,
                          encoding="utf-8", errors="replace")


def main():
    r = run("import", SAMPLE)
    check("import the sample", r.returncode == 0, r.stderr)
    r = run("vocab", "add", "world models", "--episode", "1")
    check("add a term", r.returncode == 0, r.stderr)

    # ---- global options before any command, the vocab group too ----
    for opts in (["--ao", "null"], ["--no-color"], ["--no-audio"],
                 ["--ambiguous-wide"], ["--config", "/dev/null"]):
        r = run(*opts, "vocab", "list")
        check("%s vocab list: exit 0, the book" % " ".join(opts),
              r.returncode == 0 and "world models" in r.stdout,
              "%d: %s" % (r.returncode, r.stderr.strip()))
        r = run(*opts, "list")
        check("%s list: exit 0" % " ".join(opts), r.returncode == 0, r.stderr)
    r = run("--json", "vocab", "list")
    check("--json vocab list: the book as JSON",
          r.returncode == 0 and json.loads(r.stdout or "null")[0]["term"] == "world models",
          "%d: %s" % (r.returncode, r.stderr.strip()))
    r = run("--db", DB, "--ao", "null", "vocab", "list", db=None)
    check("--db X --ao null vocab list", r.returncode == 0 and "world models" in r.stdout,
          "%d: %s" % (r.returncode, r.stderr.strip()))
    r = run("vocab", "list", "--db", DB, db=None)
    check("--db after the command too", r.returncode == 0 and "world models" in r.stdout,
          "%d: %s" % (r.returncode, r.stderr.strip()))
    r = run("--ao", "null", "vocab", "export", "--format", "csv")
    check("--ao null vocab export", r.returncode == 0 and "world models" in r.stdout,
          r.stderr)

    # ---- generated help ----
    r = run("--help")
    top = r.stdout
    check("--help: exit 0", r.returncode == 0, r.stderr)
    for cmd in COMMANDS:
        name = " ".join(cmd)
        check("--help lists '%s'" % name, re.search(r"^  %s\b" % re.escape(name), top, re.M),
              top)
        r = run(*cmd, "--help")
        check("%s --help: exit 0 and its usage" % name,
              r.returncode == 0 and r.stdout.startswith(
                  "usage: buildspeak [GLOBAL OPTIONS] %s" % name), r.stdout[:200] + r.stderr)
        r2 = run("help", *cmd)
        check("help %s is the same" % name, r2.stdout == r.stdout, r2.stdout[:200])
    r = run("vocab", "export", "--help")
    check("vocab export --help names its options",
          "--format" in r.stdout and "-o, --output FILE" in r.stdout, r.stdout)
    r = run("vocab", "add", "--help")
    check("vocab add --help names its options and says what TIME is",
          all(o in r.stdout for o in ("--gloss", "--note", "--episode", "--at", "MM:SS")),
          r.stdout)
    r = run("vocab", "--help")
    check("vocab --help lists the group only",
          r.returncode == 0 and "vocab export" in r.stdout and "glossary ID" not in r.stdout,
          r.stdout)
    check("--help lists every exit status, 73 included",
          all(re.search(r"\b%d\b" % n, top.split("Exit status")[-1])
              for n in (0, 1, 64, 65, 66, 69, 73, 74)), top[-400:])

    # ---- usage errors: one line, the command's help named ----
    for args, needle in ((["vocab", "list", "--gloss", "x"], "does not apply to 'vocab list'"),
                         (["vocab", "export", "--replace"], "does not apply to 'vocab export'"),
                         (["show", "--format", "csv", "1"], "does not apply to 'show'"),
                         (["vocab", "add"], "'vocab add' needs a TERM"),
                         (["vocab", "nope"], "unknown vocab command 'nope'")):
        r = run(*args)
        check("%s: exit 64, %r" % (" ".join(args), needle),
              r.returncode == 64 and needle in r.stderr, "%d: %s" % (r.returncode, r.stderr))
    r = run("vocab", "list", "--gloss", "x")
    check("a command's usage error points at its help",
          "buildspeak vocab list --help" in r.stderr, r.stderr)
    r = run("vocab", "rm", "\x1b]0;pwned\x07term")
    check("the error sink sanitises what the user typed",
          r.returncode == 66 and "\x1b" not in r.stderr and "\x07" not in r.stderr
          and "^[" in r.stderr, repr(r.stderr))
    r = run("--frob\x1b[2J")
    check("an unknown option is sanitised too",
          r.returncode == 64 and "\x1b" not in r.stderr, repr(r.stderr))

    shutil.rmtree(TMP, ignore_errors=True)
    return testlib.summary(with_checks=False)


if __name__ == "__main__":
    sys.exit(main())
