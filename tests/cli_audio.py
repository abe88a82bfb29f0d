#!/usr/bin/env python3
"""Command-line tests of an episode's audio: `import FILE --audio` and
`audio ID [PATH_OR_URL | --none]`, the sample's audio on the first run, and
the reader's options accepted by the parser -- run as a user would, on a
temporary library, checking output, exit status and what `list --json` says
afterwards.

Environment (set by tests/meson.build): BUILDSPEAK_BIN, the binary;
BUILDSPEAK_SAMPLE, the bundled sample page. Prints one line per check and
exits 1 if any failed."""

import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testlib  # noqa: E402
from testlib import cli_check as check  # noqa: E402

BIN = os.path.abspath(os.environ.get("BUILDSPEAK_BIN", "build/buildspeak"))
SAMPLE = os.environ.get("BUILDSPEAK_SAMPLE", "data/sample.page.txt")
SOURCE = "https://www.youtube.com/watch?v=NQczevdpxq0"

TMP = tempfile.mkdtemp(prefix="buildspeak-cli-audio-")


def env(**extra):
    return testlib.clean_env(os.path.join(TMP, "home"),
                             ("BUILDSPEAK_DB", "XDG_DATA_HOME",
                              "BUILDSPEAK_DATA", "BUILDSPEAK_SAMPLE_AUDIO"),
                             **extra)


def run(*args, db=None, cwd=None, extra_env=None):
    argv = [BIN] + (["--db", db] if db else []) + list(args)
    return subprocess.run(argv, capture_output=True,
                          env=env(**(extra_env or {})),
                          cwd=cwd, timeout=120, encoding="utf-8",
                          errors="replace", stdin=subprocess.DEVNULL)


def audio_of(db, episode_id=1):
    r = run("list", "--json", db=db)
    for e in json.loads(r.stdout) if r.returncode == 0 else []:
        if e["id"] == episode_id:
            return e["audio"]
    return None


def fresh(name):
    d = os.path.join(TMP, name)
    os.makedirs(d)
    return d, os.path.join(d, "lib.db")


def main():
    sample = os.path.abspath(SAMPLE)
    d, db = fresh("import")
    audio = os.path.join(d, "talk.flac")
    with open(audio, "wb") as f:
        f.write(b"not really flac: the player finds that out, not import")

    # A relative path is stored absolute, so the reader finds it anywhere.
    r = run("import", sample, "--audio", "talk.flac", db=db, cwd=d)
    check("import --audio: exit 0", r.returncode == 0, r.stderr)
    check("import --audio: says the audio",
          f"episode 1: audio {audio}" in r.stdout, r.stdout)
    check("the audio is stored as an absolute path", audio_of(db) == audio,
          repr(audio_of(db)))

    # --replace without --audio keeps it; with --audio changes it.
    r = run("import", "--replace", sample, db=db)
    check("import --replace keeps the audio set",
          r.returncode == 0 and audio_of(db) == audio, repr(audio_of(db)))
    url = "https://example.com/talks/ep87.mp3?x=1;y=2"
    r = run("import", sample, "--audio", url, db=db)
    check("import --audio of an episode already stored: exit 0, notice",
          r.returncode == 0 and "already in the library" in r.stderr,
          r.stderr)
    check("...and the stored episode's audio is set (a URL as given)",
          audio_of(db) == url and f"audio {url}" in r.stdout,
          repr(audio_of(db)))

    # Refusals leave the library as it was.
    before = audio_of(db)
    d2, db2 = fresh("refused")
    for args, status, what in [
            (["import", sample, "--audio", os.path.join(d, "nope.mp3")], 66,
             "a missing audio file"),
            (["import", sample, "--audio", d], 66, "a directory as audio"),
            (["import", sample, sample, "--audio", audio], 64,
             "--audio with two files"),
            (["import", sample, "--audio"], 64, "--audio without a value"),
            (["import", sample, "--audio", ""], 64, "--audio ''")]:
        r = run(*args, db=db2)
        check(f"import refuses {what} with {status}",
              r.returncode == status and r.stderr.startswith("buildspeak: "),
              f"{r.returncode} {r.stderr}")
        check(f"...and imports nothing ({what})",
              not os.path.exists(db2) or audio_of(db2) is None,
              repr(audio_of(db2)))
    check("the first library is untouched", audio_of(db) == before)

    # audio ID [PATH_OR_URL | --none]
    r = run("audio", "1", db=db)
    check("audio ID prints it", r.returncode == 0 and r.stdout == url + "\n",
          repr(r.stdout))
    r = run("audio", "1", audio, db=db)
    check("audio ID FILE sets it", r.returncode == 0 and
          audio_of(db) == audio and r.stdout == f"episode 1: audio {audio}\n",
          r.stdout + r.stderr)
    link = os.path.join(d, "link.flac")
    os.symlink(audio, link)
    r = run("audio", "1", link, db=db)
    check("a symbolic link is stored resolved",
          r.returncode == 0 and audio_of(db) == audio, repr(audio_of(db)))
    r = run("audio", "1", "--none", db=db)
    check("audio ID --none removes it",
          r.returncode == 0 and audio_of(db) == "", r.stdout + r.stderr)
    r = run("audio", "1", db=db)
    check("audio ID without audio names the source link offered",
          r.returncode == 0 and "no audio" in r.stdout and SOURCE in r.stdout,
          r.stdout)
    for args, status, what in [
            (["audio", "2", audio], 66, "an episode that is not there"),
            (["audio", "x"], 64, "an id that is not a number"),
            (["audio"], 64, "no id"),
            (["audio", "1", audio, "--none"], 64, "a file and --none"),
            (["audio", "1", "", ], 64, "an empty audio"),
            (["audio", "1", os.path.join(d, "gone.mp3")], 66,
             "a missing file"),
            (["audio", "1", "a", "b"], 64, "two audios"),
            (["list", "--none"], 64, "--none elsewhere"),
            (["list", "--audio", audio], 64, "--audio elsewhere")]:
        r = run(*args, db=db)
        check(f"audio: {what} is refused with {status}",
              r.returncode == status, f"{r.returncode} {r.stderr}")
    check("...and the audio is still none", audio_of(db) == "")

    # The reader's options parse anywhere and the commands ignore them.
    r = run("--ao", "null", "--no-audio", "--ambiguous-wide", "--no-color",
            "--config", "/nonexistent", "list", db=db)
    check("reader options are accepted with a command", r.returncode == 0,
          r.stderr)
    r = run("--ao", db=db)
    check("--ao without a NAME is a usage error", r.returncode == 64,
          r.stderr)

    # First run on an empty library (not a terminal: the reader prints
    # the episode): the sample gets the sample audio when there is one.
    d3, db3 = fresh("first-run")
    sa = os.path.join(d3, "sample-audio.flac")
    shutil.copyfile(audio, sa)
    r = run(db=db3, extra_env={"BUILDSPEAK_SAMPLE_AUDIO": sa})
    check("first run imports the sample", r.returncode == 0, r.stderr)
    check("...with $BUILDSPEAK_SAMPLE_AUDIO as its audio",
          audio_of(db3) == sa, repr(audio_of(db3)))
    d4, db4 = fresh("first-run-none")
    r = run(db=db4, extra_env={"BUILDSPEAK_SAMPLE_AUDIO":
                               os.path.join(d4, "missing.flac")})
    check("a sample audio that is not there: the sample without audio",
          r.returncode == 0 and audio_of(db4) == "", repr(audio_of(db4)))

    shutil.rmtree(TMP, ignore_errors=True)
    return testlib.summary(with_checks=False)


if __name__ == "__main__":
    sys.exit(main())
