#!/usr/bin/env python3
"""nonregular_inputs: inputs that are not regular files, through the real
binary. `import FIFO` with no writer blocked forever in open(), `--config
FIFO` blocked the reader before it drew and `--config /dev/zero` grew
memory until the abort: each must now be refused at once with a message
naming the file, while `import -` reads standard input. A truncated
`Speaker 1` header says what is missing.

Environment (set by tests/meson.build): BUILDSPEAK_BIN, BUILDSPEAK_SAMPLE.
Prints one line per check and exits 1 if any failed."""

import os
import pty
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testlib  # noqa: E402
from testlib import cli_check as check  # noqa: E402

BIN = os.environ.get("BUILDSPEAK_BIN", "build/buildspeak")
SAMPLE = os.environ.get("BUILDSPEAK_SAMPLE", "data/sample.page.txt")
# A refusal is immediate; a hang is what this test is about, so a run that
# takes this long failed.
HANG = 60

TMP = tempfile.mkdtemp(prefix="buildspeak-nonregular-")
DB = os.path.join(TMP, "library.db")


def run(*args, stdin=subprocess.DEVNULL, data=None):
    """The command's (exit status, stdout, stderr); status None if it did
    not end within HANG seconds."""
    env = testlib.clean_env(TMP)
    try:
        r = subprocess.run([BIN, "--db", DB] + list(args), stdin=stdin,
                           input=data, capture_output=True, env=env,
                           timeout=HANG)
    except subprocess.TimeoutExpired:
        return None, "", "(still running after %d s)" % HANG
    return (r.returncode, r.stdout.decode("utf-8", "replace"),
            r.stderr.decode("utf-8", "replace"))


def test_import():
    fifo = os.path.join(TMP, "page.fifo")
    os.mkfifo(fifo)
    rc, out, err = run("import", fifo)
    check("import FIFO without a writer: refused, not blocked", rc == 66,
          "%s: %s" % (rc, err))
    check("import FIFO: the message names the file and says why",
          err.strip() == "buildspeak: %s: cannot read: not a regular file "
          "but a FIFO (to import from a pipe, use 'buildspeak import -')"
          % fifo, err)

    rc, out, err = run("import", "/dev/zero")
    check("import /dev/zero: refused at once", rc == 66, "%s: %s" % (rc, err))
    check("import /dev/zero: says it is a device",
          "/dev/zero: cannot read: not a regular file but a character "
          "device" in err, err)

    with open(SAMPLE, "rb") as f:
        page = f.read()
    rc, out, err = run("import", "-", stdin=None, data=page)
    check("import -: reads the page from standard input",
          rc == 0 and out.startswith("imported episode 1: Ep 87:"),
          "%s: %s%s" % (rc, out, err))
    rc, out, err = run("import", "-", stdin=None, data=page)
    check("import - again: already in the library",
          rc == 0 and "-: already in the library as episode 1" in err,
          "%s: %s" % (rc, err))
    rc, js, err = run("show", "1", "--json")
    rc, out, err = run("import", "--replace", "-", stdin=None,
                       data=js.encode())
    check("import --replace -: JSON from standard input too",
          rc == 0 and out.startswith("replaced episode 1: Ep 87:"),
          "%s: %s%s" % (rc, out, err))
    rc, out, err = run("import", "-")
    check("import - with nothing on standard input: an empty file",
          rc == 65 and err.strip() == "buildspeak: -: empty file",
          "%s: %s" % (rc, err))

    # standard input a terminal: refused rather than waiting for typing
    master, slave = pty.openpty()
    try:
        rc, out, err = run("import", "-", stdin=slave)
    finally:
        os.close(slave)
        os.close(master)
    check("import - on a terminal: refused",
          rc == 66 and "standard input is a terminal" in err,
          "%s: %s" % (rc, err))

    cut = b"Title\n\nSpeaker 100:00 - 00:05\nHi.\nSpeaker 100:00 - 00:05\n" \
          b"\xe5\x97\xa8\xe3\x80\x82\nSpeaker 1\n"
    path = os.path.join(TMP, "cut.page.txt")
    with open(path, "wb") as f:
        f.write(cut)
    rc, out, err = run("import", path)
    check("a truncated 'Speaker 1' header: no time range after the speaker",
          rc == 65 and err.strip() == "buildspeak: %s:7: no time range "
          "after the speaker: expected 'Speaker N MM:SS - MM:SS'" % path,
          "%s: %s" % (rc, err))


class Term(testlib.Term):
    prefix = "bs-nonregular"


def reader_refuses(name, path, shown):
    """The reader with --config path draws, shows the refusal on its status
    line, and quits with q."""
    home = os.path.join(TMP, "home-" + name)
    os.makedirs(home, exist_ok=True)
    cmd = " ".join(shlex.quote(a) for a in
                   [BIN, "--db", DB, "--no-audio", "--config", path])
    t = Term(home, cmd, cols=120, rows=30)
    try:
        s = t.wait(lambda s: shown in s and "#1 · Speaker 1" in s,
                   "--config %s: the reader draws and says %r" % (name, shown))
        check("--config %s: the reader draws with the message" % name,
              shown in s and "#1 · Speaker 1" in s, s)
        t.keys("Escape", "q")
        check("--config %s: q quits" % name, t.wait_exit() == 0)
    finally:
        t.kill()


def test_reader_config():
    if not shutil.which("tmux"):
        print("tmux not found: reader checks skipped")
        return
    fifo = os.path.join(TMP, "config.fifo")
    os.mkfifo(fifo)
    reader_refuses("FIFO", fifo, "config.fifo: not a regular file but a "
                   "FIFO; not read")
    reader_refuses("/dev/zero", "/dev/zero", "/dev/zero: not a regular file "
                   "but a character device; not read")
    cdir = os.path.join(TMP, "config.d")
    os.mkdir(cdir)
    reader_refuses("a directory", cdir, "config.d: is a directory, not a "
                   "config file")


def main():
    try:
        test_import()
        test_reader_config()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    return testlib.summary(with_checks=False)


if __name__ == "__main__":
    sys.exit(main())
