#!/usr/bin/env python3
"""cli_apkg: `buildspeak vocab export --format apkg` as a user runs it, on
a temporary library with a generated episode (a WAV of a tone, so clips can
be cut) and one whose audio is a URL -- the package read back with Python's
zipfile and sqlite3, then by a reader we did not write: the npm package
anki-reader, installed into a temporary folder (skipped, saying so, when
npm is missing or the registry cannot be reached). It must see every note
with its fields and every media file. Also: re-exports keep guids and
media names, the options' errors, and a package is never half-written.

The clips' lengths and the collection's schema in detail are checked by
tests/test_apkg.c. Environment (set by tests/meson.build): BUILDSPEAK_BIN.
Python standard library (and node/npm when present)."""

import json
import os
import pty
import re
import select
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import tempfile
import wave
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testlib  # noqa: E402

BIN = os.environ.get("BUILDSPEAK_BIN", "build/buildspeak")
TMP = tempfile.mkdtemp(prefix="buildspeak-apkg-test-")
DB = os.path.join(TMP, "library.db")
FIELDS = ["Term", "Gloss", "Sentence", "Translation", "Audio", "Source",
          "Note"]
check = testlib.cli_check

SEGMENTS = [
    (0.0, 2.0, "We build agents today.", "我们今天构建 agents(智能体)。"),
    (3.0, 5.5, "A flywheel spins & spins.", "flywheel(飞轮)转啊转。"),
    (8.0, 11.0, "Tokens <are> cheap.", "tokens(词元)很便宜。"),
]


def run(*args, db=DB):
    cmd = [BIN, "--db", db] + list(args)
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120,
                       env=testlib.clean_env(TMP))
    return r


def make_wav(path, seconds, rate=22050):
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        period = 50
        frame = b"".join(struct.pack("<h", (p if p < 25 else 50 - p) * 800
                                     - 10000) for p in range(period))
        w.writeframes(frame * (seconds * rate // period))


def make_episode(path, title, url, segments=SEGMENTS):
    ep = {"title": title, "podcast": "Test Pod", "date": "2025-05-01",
          "source_url": url,
          "segments": [{"speaker": 1, "start": s, "end": e, "en": en,
                        "zh": zh} for s, e, en, zh in segments]}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(ep, f, ensure_ascii=False)


def read_package(path):
    """The notes (guid -> fields dict, tags) and media (name -> bytes)."""
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        col = os.path.join(TMP, "col.anki2")
        with open(col, "wb") as f:
            f.write(z.read("collection.anki2"))
        media_map = json.loads(z.read("media"))
        media = {name: z.read(key) for key, name in media_map.items()
                 if key in names}
    db = sqlite3.connect(col)
    notes = {}
    for guid, flds, tags in db.execute("SELECT guid, flds, tags FROM notes"):
        notes[guid] = (dict(zip(FIELDS, flds.split("\x1f"))), tags.split())
    cards = db.execute("SELECT count(*) FROM cards").fetchone()[0]
    decks = [d["name"] for d in json.loads(
        db.execute("SELECT decks FROM col").fetchone()[0]).values()]
    db.close()
    os.unlink(col)
    return notes, media, cards, decks


READER_JS = r"""
import { readFileSync } from 'node:fs';
import { readAnkiPackage } from 'anki-reader';
const data = readFileSync(process.argv[2]);
const { collection, media } = await readAnkiPackage(new Blob([data]));
const out = { decks: {}, media: {} };
for (const deck of Object.values(collection.getDecks())) {
  const cards = Object.values(deck.getCards()).map(c => c.getFields());
  out.decks[deck.getName()] = cards;
}
for (const [name, blob] of Object.entries(media)) {
  out.media[name] = blob.size;
}
console.log(JSON.stringify(out));
"""


def anki_reader(path):
    """What anki-reader sees in the package, or None (skipped, said why)."""
    npm = shutil.which("npm")
    node = shutil.which("node")
    if not npm or not node:
        print("skip anki-reader: npm or node is not installed "
              "(apt install nodejs npm)")
        return None
    folder = os.path.join(TMP, "node")
    os.makedirs(folder)
    r = subprocess.run([npm, "install", "--prefix", folder, "--no-audit",
                        "--no-fund", "--loglevel=error", "anki-reader"],
                       capture_output=True, text=True, timeout=240,
                       cwd=folder)
    if r.returncode != 0:
        print("skip anki-reader: npm install failed (no registry?): "
              + r.stderr.strip().splitlines()[-1:][0] if r.stderr.strip()
              else "skip anki-reader: npm install failed")
        return None
    script = os.path.join(folder, "read.mjs")
    with open(script, "w") as f:
        f.write(READER_JS)
    r = subprocess.run([node, script, path], capture_output=True, text=True,
                       timeout=60, cwd=folder)
    if not check("anki-reader reads the package", r.returncode == 0,
                 r.stderr[-2000:]):
        return None
    return json.loads(r.stdout)


def interrupted():
    """Ctrl-C during the export, on a terminal: the progress line shows,
    the export stops with exit 130, and nothing is left -- no package, no
    temporary files. Ten 30-second sentences with 10 s pads: the signal
    comes once the first clip is cut, while nine more (~50 s of audio
    each) are still to encode."""
    db = os.path.join(TMP, "long.db")
    wav = os.path.join(TMP, "long.wav")
    make_wav(wav, 300)
    segs = [(k * 30.0, k * 30.0 + 29.0, "Sentence %d has word%d." % (k, k),
             "第 %d 句。" % k) for k in range(10)]
    path = os.path.join(TMP, "long.json")
    make_episode(path, "Long", "https://e.x/long", segs)
    r = run("import", path, "--audio", wav, db=db)
    check("import the long episode", r.returncode == 0, r.stderr)
    for k in range(10):
        r = run("vocab", "add", "word%d" % k, "--episode", "1", db=db)
        check("vocab add word%d" % k, r.returncode == 0, r.stderr)
    scratch = os.path.join(TMP, "scratch")
    os.makedirs(scratch)
    out = os.path.join(TMP, "long.apkg")
    env = testlib.clean_env(TMP, TMPDIR=scratch)
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(BIN, [BIN, "--db", db, "vocab", "export", "-o", out,
                        "--pad", "10"], env)
    seen, sent = b"", False
    while True:
        ready, _, _ = select.select([fd], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if not sent and b"cutting audio 1/10" in seen:
            os.kill(pid, signal.SIGINT)
            sent = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    text = seen.decode("utf-8", "replace")
    check("a terminal sees 'cutting audio N/10'", sent, text)
    check("Ctrl-C: exit 130 and a message",
          os.waitstatus_to_exitcode(status) == 130 and
          "interrupted" in text, text)
    check("Ctrl-C: no package", not os.path.exists(out))
    check("Ctrl-C: no temporary files", os.listdir(scratch) == [] and
          not [n for n in os.listdir(TMP) if n.startswith("long.apkg")],
          os.listdir(scratch))


class Reader(testlib.Term):
    prefix = "bs-apkg"

    def extra_env(self, home):
        return {"BUILDSPEAK_AO": "null"}


def cancelled_in_book():
    """Esc during the book's apkg export (x, apkg): the progress line
    says Esc cancels, the export stops saying nothing was written, and
    nothing is: no package, no temporary file; the reader goes on. The
    long library of interrupted() (ten 30-second clips to cut) leaves
    the Esc time to arrive while clips are still being cut."""
    home = os.path.join(TMP, "bookhome")
    os.makedirs(home)
    db = os.path.join(TMP, "long.db")
    t = Reader(home, "%s --db %s" % (BIN, db), cols=110, rows=30)
    try:
        t.wait(lambda s: "sentence 1/10" in s, "the reader opens")
        t.keys("v")
        t.wait_text("10 entries", "v opens the book")
        t.keys("x")
        t.wait_text("Format (csv, anki, md, json, apkg)", "x asks a format")
        t.keys("C-u")
        t.literal("apkg")
        t.keys("Enter")
        t.wait_text("Export to: ~/buildspeak-vocab.apkg", "then a file")
        t.keys("Enter")
        t.wait(lambda s: re.search(r"cutting audio [0-8]/10 · Esc cancels",
                                   s), "the book shows the clips' progress")
        t.keys("Escape")
        t.wait_text("export cancelled: nothing written",
                    "Esc cancels the export")
        left = [n for n in os.listdir(home) if "buildspeak-vocab" in n]
        check("Esc: no package and no temporary file", left == [], left)
        t.keys("Escape", "v")
        t.wait(lambda s: "Vocabulary book" in s and "10 entries" in s,
               "the reader goes on")
    finally:
        t.kill()


def main():
    wav = os.path.join(TMP, "ep1.wav")
    make_wav(wav, 20)
    for i, (title, url) in enumerate([("Ep 1: Agents", "https://e.x/1"),
                                      ("Ep 2: Remote", "https://e.x/2")]):
        path = os.path.join(TMP, "ep%d.json" % (i + 1))
        make_episode(path, title, url)
        audio = wav if i == 0 else "https://e.x/2.mp3"
        r = run("import", path, "--audio", audio)
        check("import episode %d" % (i + 1), r.returncode == 0, r.stderr)
    for term, ep, at in [("agents", 1, "0"), ("flywheel", 1, "3"),
                         ("tokens", 1, "8"), ("spins", 1, "3"),
                         ("tokens", 2, "8")]:
        r = run("vocab", "add", term, "--episode", str(ep), "--at", at)
        check("vocab add %s from %d" % (term, ep), r.returncode == 0,
              r.stderr)
    r = run("vocab", "add", "lonely", "--gloss", "孤独", "--note", "a\nb")
    check("vocab add without a sentence", r.returncode == 0, r.stderr)
    r = run("vocab", "add", "build", "--episode", "2", "--at", "0",
            "--gloss", "构建")
    check("vocab add from the URL episode", r.returncode == 0, r.stderr)

    out = os.path.join(TMP, "book.apkg")
    r = run("vocab", "export", "-o", out, "--deck", "My Deck", "--pad", "0.5")
    check("export -o FILE.apkg exits 0", r.returncode == 0, r.stderr)
    check("export says how many cards have no audio and why",
          "without" in r.stderr and "1 saved without a sentence" in
          r.stderr and "the episode's audio is a URL" in r.stderr, r.stderr)
    notes, media, cards, decks = read_package(out)
    check("one note and one card per term", len(notes) == cards == 6,
          "%d notes, %d cards" % (len(notes), cards))
    check("the deck is --deck's", "My Deck" in decks, decks)
    by_term = {f["Term"]: (f, tags) for f, tags in notes.values()}
    f, tags = by_term.get("flywheel", ({}, []))
    check("Sentence marks the term",
          f.get("Sentence") == "A <b>flywheel</b> spins &amp; spins.", f)
    check("Translation", f.get("Translation", "").startswith("<b>flywheel</b>"), f)
    check("Source: title and time", f.get("Source") == "Ep 1: Agents · 00:03", f)
    check("tags: buildspeak and the episode",
          tags == ["buildspeak", "ep-1-agents"], tags)
    check("Audio plays a clip in the package",
          f.get("Audio", "").startswith("[sound:") and
          f["Audio"][7:-1] in media, f.get("Audio"))
    spins = by_term.get("spins", ({}, []))[0]
    check("the same sentence shares its clip",
          spins.get("Audio") == f.get("Audio"), spins)
    check("three clips, each an mp3 (ID3 or frame sync)",
          len(media) == 3 and all(b[:3] == b"ID3" or b[:2] == b"\xff\xfb"
                                  or b[:2] == b"\xff\xf3" for b in
                                  media.values()), list(media))
    check("a clip named from the episode and times with the pad",
          any(n.endswith("-2500-6000.mp3") for n in media), list(media))
    lonely = by_term.get("lonely", ({}, []))[0]
    check("a term without a sentence: no audio, note kept",
          lonely.get("Audio") == "" and lonely.get("Note") == "a<br>b",
          lonely)

    # Again: the same guids and media names, so Anki updates in place.
    out2 = os.path.join(TMP, "again.apkg")
    r = run("vocab", "export", "--format", "apkg", "-o", out2, "--deck",
            "My Deck", "--pad", "0.5")
    notes2, media2, _, _ = read_package(out2)
    check("a re-export keeps the guids", set(notes2) == set(notes))
    check("a re-export keeps the media names and bytes", media2 == media)

    # Refusals, and nothing half-written.
    r = run("vocab", "export", "--format", "apkg")
    check("apkg to standard output is refused", r.returncode == 64, r.stderr)
    r = run("vocab", "export", "-o", os.path.join(TMP, "x.apkg"), "--pad",
            "11")
    check("--pad over 10 is refused", r.returncode == 64, r.stderr)
    r = run("vocab", "export", "-o", os.path.join(TMP, "x.csv"), "--deck",
            "D")
    check("--deck without apkg is refused", r.returncode == 64, r.stderr)
    r = run("vocab", "export", "-o", os.path.join(TMP, "no", "x.apkg"))
    check("a missing directory: exit 73", r.returncode == 73, r.stderr)
    ro = os.path.join(TMP, "ro.apkg")
    with open(ro, "w") as fh:
        fh.write("old")
    os.chmod(ro, 0o444)
    r = run("vocab", "export", "-o", ro)
    with open(ro) as fh:
        check("a write-protected file is refused and kept",
              r.returncode == 73 and fh.read() == "old", r.stderr)
    check("no temporary files left",
          not [n for n in os.listdir(TMP) if n.startswith(("book.apkg.",
                                                            "again.apkg."))],
          os.listdir(TMP))

    interrupted()
    cancelled_in_book()

    seen = anki_reader(out)
    if seen is not None:
        cards_seen = seen["decks"].get("My Deck", [])
        check("anki-reader: every note in the deck",
              len(cards_seen) == len(notes), seen["decks"].keys())
        want = sorted(json.dumps(f, sort_keys=True, ensure_ascii=False)
                      for f, _ in notes.values())
        got = sorted(json.dumps(c, sort_keys=True, ensure_ascii=False)
                     for c in cards_seen)
        check("anki-reader: every note's fields by name", got == want,
              "\n%s\n%s" % (got, want))
        check("anki-reader: every media file",
              seen["media"] == {n: len(b) for n, b in media.items()},
              seen["media"])
    shutil.rmtree(TMP)
    return testlib.summary()


if __name__ == "__main__":
    sys.exit(main())
