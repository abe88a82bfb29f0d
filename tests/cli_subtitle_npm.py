#!/usr/bin/env python3
"""The exported subtitles read by parsers we did not write: the npm
packages `subtitle` (WebVTT and SRT) and `node-webvtt` (WebVTT, strict
mode), installed into a temporary folder. Each must see, for the sample
episode exported in every language, the same cue count, the same times to
the millisecond and the same text as the episode holds.

These parsers return the cue text as written, so the check removes the
<v Speaker N> tag and decodes &amp; &lt; &gt; before comparing -- exactly
what a WebVTT renderer does. Skipped, saying so, when node or npm is not
installed or the registry cannot be reached (exit 77, meson's skip).

Environment (set by tests/meson.build): BUILDSPEAK_BIN, BUILDSPEAK_SAMPLE."""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testlib  # noqa: E402
from testlib import cli_check as check  # noqa: E402

BIN = os.path.abspath(os.environ.get("BUILDSPEAK_BIN", "build/buildspeak"))
SAMPLE = os.environ.get("BUILDSPEAK_SAMPLE", "data/sample.page.txt")
MARKUP = os.path.join(os.environ.get("BUILDSPEAK_TESTDIR", "tests"), "data",
                      "subs", "markup.vtt")
SKIP = 77

READER = r"""
const fs = require("fs");
const { parseSync } = require("subtitle");
const webvtt = require("node-webvtt");
const out = {};
for (const f of process.argv.slice(1)) {
  const text = fs.readFileSync(f, "utf8");
  out[f] = { subtitle: parseSync(text).filter(n => n.type === "cue")
               .map(n => [n.data.start, n.data.end, n.data.text]) };
  if (f.endsWith(".vtt"))
    out[f].webvtt = webvtt.parse(text, { strict: true }).cues
      .map(c => [Math.round(c.start * 1000), Math.round(c.end * 1000), c.text]);
}
console.log(JSON.stringify(out));
"""


def run(*args, **kw):
    return subprocess.run(list(args), capture_output=True, encoding="utf-8",
                          errors="replace", **kw)


def plain(text):
    text = re.sub(r"^<v [^>]*>", "", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def main():
    if not shutil.which("node") or not shutil.which("npm"):
        print("SKIP: node and npm are not installed (./bootstrap.sh test "
              "installs nodejs and npm)")
        return SKIP
    tmp = tempfile.mkdtemp(prefix="buildspeak-npm-")
    try:
        r = run("npm", "install", "--no-audit", "--no-fund", "--no-save",
                "--silent", "--prefix", tmp, "subtitle@4", "node-webvtt@2",
                timeout=600)
        if r.returncode != 0:
            print("SKIP: npm could not install subtitle and node-webvtt "
                  f"(no registry?): {r.stderr.strip()[:300]}")
            return SKIP
        env = testlib.clean_env(os.path.join(tmp, "home"))
        db = os.path.join(tmp, "library.db")
        r = run(BIN, "--db", db, "import", SAMPLE, env=env, timeout=120)
        check("the sample imports", r.returncode == 0, r.stderr)
        # and text that needs escaping (& < > and voices)
        r = run(BIN, "--db", db, "import", MARKUP, env=env, timeout=120)
        check("the markup file imports", r.returncode == 0, r.stderr)
        eps = {i: json.loads(run(BIN, "--db", db, "show", str(i), "--json",
                                 env=env).stdout) for i in (1, 2)}
        files = []
        for i in (1, 2):
            for fmt in ("vtt", "srt"):
                for lang in (("both", "en", "zh") if i == 1 else ("en",)):
                    f = os.path.join(tmp, f"ep{i}-{lang}.{fmt}")
                    r = run(BIN, "--db", db, "export", str(i), "--format", fmt,
                            "--lang", lang, "-o", f, env=env, timeout=120)
                    check(f"export episode {i} as {fmt} ({lang})", r.returncode == 0,
                          r.stderr)
                    files.append((f, fmt, lang, eps[i]))
        r = run("node", "-e", READER, *[f[0] for f in files], cwd=tmp,
                env=dict(env, NODE_PATH=os.path.join(tmp, "node_modules")),
                timeout=120)
        check("node reads every file", r.returncode == 0, r.stderr[-500:])
        got = json.loads(r.stdout) if r.returncode == 0 else {}
        for f, fmt, lang, ep in files:
            want = []
            for s in ep["segments"]:
                lines = [t for t in ((s["en"] if lang != "zh" else ""),
                                     (s["zh"] if lang != "en" else "")) if t]
                a, b = round(s["start"] * 1000), round(s["end"] * 1000)
                if fmt == "vtt" and b <= a:
                    b = a + 1  # WebVTT: a cue ends after it starts
                if lines:
                    want.append([a, b, "\n".join(lines)])
            for parser, cues in sorted(got.get(f, {}).items()):
                cues = [[a, b, plain(t)] for a, b, t in cues]
                bad = next((i for i, (c, w) in enumerate(zip(cues, want)) if c != w), None)
                check(f"{parser} reads {os.path.basename(f)}: {len(want)} cues, same "
                      "times and text",
                      len(cues) == len(want) and bad is None,
                      f"{len(cues)} cues; first difference at {bad}: "
                      f"{cues[bad] if bad is not None else ''} != "
                      f"{want[bad] if bad is not None else ''}")
            check(f"{os.path.basename(f)} was read by every parser meant for it",
                  len(got.get(f, {})) == (2 if fmt == "vtt" else 1), repr(got.get(f, {}).keys()))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return testlib.summary(with_checks=False)


if __name__ == "__main__":
    sys.exit(main())
