#!/usr/bin/env python3
"""Command-line tests of subtitles: `import` of WebVTT and SRT (one file, a
pair by name, --en/--zh, --lang, --title, --date, --audio and the audio
beside the file), every bad input refused with file:line, exit 65 and the
library unchanged, and `export ID --format vtt|srt [--lang] [-o FILE]`
with the round trip of the sample episode through both formats.

Environment (set by tests/meson.build): BUILDSPEAK_BIN, BUILDSPEAK_SAMPLE,
BUILDSPEAK_TESTDIR. Prints one line per check and exits 1 if any failed."""

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
DATA = os.path.join(os.environ.get("BUILDSPEAK_TESTDIR", "tests"), "data", "subs")

TMP = tempfile.mkdtemp(prefix="buildspeak-cli-subs-")
DB = os.path.join(TMP, "library.db")


def run(*args, db=DB, cwd=None):
    env = testlib.clean_env(os.path.join(TMP, "home"))
    return subprocess.run([BIN, "--db", db] + list(args), capture_output=True,
                          env=env, cwd=cwd, timeout=120, encoding="utf-8",
                          errors="replace")


def episodes(db=DB):
    r = run("list", "--json", db=db)
    return json.loads(r.stdout) if r.returncode == 0 and r.stdout else []


def episode(eid, db=DB):
    r = run("show", str(eid), "--json", db=db)
    return json.loads(r.stdout) if r.returncode == 0 else None


def snapshot(db=DB):
    shots = [run("list", "--json", db=db).stdout]
    for e in episodes(db):
        shots.append(run("show", str(e["id"]), "--json", db=db).stdout)
    return shots


def segs(ep, speakers=True):
    return [((s["speaker"] if speakers else 0), round(s["start"] * 1000),
             round(s["end"] * 1000), s["en"], s["zh"]) for s in ep["segments"]]


def data(name):
    return os.path.join(DATA, name)


def copy(name, to=None):
    dst = os.path.join(TMP, to or name)
    shutil.copyfile(data(name), dst)
    return dst


def test_import():
    en, zh = copy("pair.en.vtt", "Talk.en.vtt"), copy("pair.zh-Hans.vtt", "Talk.zh-Hans.vtt")
    audio = os.path.join(TMP, "Talk.webm")
    open(audio, "wb").close()
    os.utime(en, (1700000000, 1700000000))  # 2023-11-14 in UTC
    r = run("import", en, zh)
    check("a pair by name is one episode", r.returncode == 0
          and r.stdout.startswith("imported episode 1: Talk, 2023-11-1")
          and "6 segments" in r.stdout and "1 terms" in r.stdout, r.stdout + r.stderr)
    ep = episode(1)
    check("the pair's cues are paired by time",
          ep and [s[3:] for s in segs(ep)][:3] == [
              ("We train the model on text.", "我们用文本训练模型。"),
              ("Then we fine-tune it. With reinforcement learning.",
               "然后用 reinforcement learning(强化学习) 对它微调。"),
              ("That is the recipe.", "这就是配方。")], repr(ep and segs(ep)))
    check("the audio beside the subtitles is found",
          ep and ep["audio"] == os.path.realpath(audio), repr(ep and ep["audio"]))

    r = run("import", "--en", en, "--zh", zh, "--title", "Given", "--date", "2024-02-29",
            "--audio", audio)
    check("--en/--zh with --title, --date, --audio", r.returncode == 0
          and r.stdout.startswith("imported episode 2: Given, 2024-02-29, 6 segments"),
          r.stdout + r.stderr)
    r = run("import", "--en", en, "--zh", zh, "--title", "Given", "--date", "2024-02-29")
    check("the same pair again is already in the library", r.returncode == 0
          and "already in the library as episode 2" in r.stderr, r.stderr)

    one = copy("pair.en.vtt", "solo.vtt")
    r = run("import", one, "--lang", "zh", "--title", "Solo")
    ep = episode(3)
    check("--lang zh puts one file on the Chinese side", r.returncode == 0 and ep
          and all(s["en"] == "" and s["zh"] for s in ep["segments"]), r.stdout + r.stderr)

    r = run("import", data("bilingual.srt"), data("youtube-rolling.en.vtt"))
    lst = {e["title"]: e for e in episodes()}
    check("a batch of unpaired subtitle files: one episode each", r.returncode == 0
          and "bilingual" in lst and "youtube-rolling" in lst, r.stdout + r.stderr)
    bi = episode(lst["bilingual"]["id"]) if "bilingual" in lst else None
    check("one bilingual file splits into both sides",
          bi and segs(bi)[0][3:] == ("We use deep learning.", "我们使用 deep learning(深度学习)。"),
          repr(bi and segs(bi)))
    yt = episode(lst["youtube-rolling"]["id"]) if "youtube-rolling" in lst else None
    check("rolling captions read once each",
          yt and [s[3] for s in segs(yt)] == ["so today we're talking", "about world models",
                                               "um", "and reinforcement learning"],
          repr(yt and segs(yt)))

    for args, what in [(["import", en, zh, "--lang", "en"], "--lang with a pair"),
                       (["import", "--en", en, one], "--en with another FILE"),
                       (["import", one, "--date", "2023-02-29"], "a bad --date"),
                       (["import", one, "--lang", "fr"], "an unknown --lang"),
                       (["import", one, en, "--title", "x"], "--title with two episodes"),
                       (["import"], "no FILE")]:
        before = snapshot()
        r = run(*args)
        check(f"usage error: {what} (exit 64, library unchanged)",
              r.returncode == 64 and snapshot() == before, f"{r.returncode}: {r.stderr}")


BAD = [("not-subtitles.vtt", 1, "not subtitles"),
       ("sig-x.vtt", 1, "not subtitles"),
       ("no-cues.vtt", 0, "no cues"),
       ("empty-cues.srt", 0, "no cues"),
       ("backwards.srt", 6, "before the previous cue"),
       ("end-before-start.vtt", 6, "before it starts"),
       ("over-24h.vtt", 3, "over 24 hours"),
       ("malformed-timing.vtt", 6, "malformed cue timing"),
       ("arrow-text-bad.vtt", 5, "malformed cue timing"),
       ("invalid-utf8.srt", 3, "invalid UTF-8"),
       ("stray-text.srt", 5, "expected a cue number")]


def test_bad():
    for name, line, msg in BAD:
        before = snapshot()
        path = data(name)
        r = run("import", path)
        where = f"{path}:{line}: " if line else f"{path}: "
        lines = r.stderr.splitlines()
        check(f"refused: {name} (exit 65, {where.split(DATA)[-1]}{msg})",
              r.returncode == 65 and len(lines) == 1
              and lines[0].startswith("buildspeak: " + where) and msg in lines[0]
              and snapshot() == before, f"{r.returncode}: {r.stderr}")
    # the bad file of a pair is the one named
    en = copy("pair.en.vtt", "Bad.en.vtt")
    zh = copy("backwards.srt", "Bad.zh.srt")
    before = snapshot()
    r = run("import", en, zh)
    check("a pair with a bad file names it with its line",
          r.returncode == 65 and r.stderr.startswith(f"buildspeak: {zh}:6: ")
          and snapshot() == before, r.stderr)


def test_export():
    db = os.path.join(TMP, "export.db")
    r = run("import", SAMPLE, db=db)
    check("the sample imports", r.returncode == 0, r.stderr)
    orig = episode(1, db=db)
    r = run("export", "1", "--format", "vtt", db=db)
    check("export to stdout as WebVTT", r.returncode == 0
          and r.stdout.startswith("WEBVTT\n\n00:00:00.000 --> 00:00:28.000\n<v Speaker 1>"),
          r.stdout[:200] + r.stderr)
    for fmt in ("vtt", "srt"):
        for lang in ("both", "en", "zh"):
            out = os.path.join(TMP, f"rt-{lang}.{fmt}")
            r = run("export", "1", "-o", out, "--lang", lang, db=db)
            ok = r.returncode == 0 and "exported 147 cues" in r.stderr
            r2 = run("import", out, "--lang", lang, "--title", f"rt {fmt} {lang}", db=db)
            ids = [e["id"] for e in episodes(db) if e["title"] == f"rt {fmt} {lang}"]
            back = episode(ids[0], db=db) if ids else None
            # WebVTT requires an end after the start: a segment of no
            # length comes back 1 ms long
            want = [(sp, a, b + (fmt == "vtt" and b <= a), en if lang != "zh" else "",
                     zh if lang != "en" else "")
                    for sp, a, b, en, zh in segs(orig, speakers=fmt == "vtt")]
            got = back and segs(back, speakers=fmt == "vtt")
            check(f"round trip through {fmt} ({lang}): same segments, times, text",
                  ok and r2.returncode == 0 and got == want,
                  f"{r.stderr}{r2.stderr} {repr(got)[:300]}")
    srt = os.path.join(TMP, "rt-both.srt")
    with open(srt, encoding="utf-8") as f:
        head = f.read(200)
    check("SRT: numbered cues with ',' milliseconds",
          head.startswith("1\n00:00:00,000 --> 00:00:28,000\n"), repr(head))
    # atomic replace: the file is whole, no temporary file is left
    left = [n for n in os.listdir(TMP) if n.startswith(".rt-")]
    check("no temporary file left beside the exports", not left, repr(left))

    for args, code, what in [(["export", "1"], 64, "no format"),
                             (["export", "1", "--format", "ass"], 64, "unknown format"),
                             (["export", "1", "-o", os.path.join(TMP, "x.srt"),
                               "--format", "vtt"], 64, "format and extension disagree"),
                             (["export", "1", "--format", "vtt", "--lang", "fr"], 64, "bad --lang"),
                             (["export", "x", "--format", "vtt"], 64, "not an id"),
                             (["export", "99", "--format", "vtt"], 66, "no such episode"),
                             (["export", "1", "-o", os.path.join(TMP, "no", "x.vtt")], 73,
                              "missing directory")]:
        r = run(*args, db=db)
        check(f"export refuses {what} (exit {code})", r.returncode == code,
              f"{r.returncode}: {r.stderr}")


def main():
    test_import()
    test_bad()
    test_export()
    shutil.rmtree(TMP, ignore_errors=True)
    return testlib.summary(with_checks=False)


if __name__ == "__main__":
    sys.exit(main())
