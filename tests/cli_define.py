#!/usr/bin/env python3
"""cli_define: `buildspeak define WORD... [--json]` on a temporary library
holding the sample episode -- the library's glosses across episodes, WordNet's
senses through its morphology, phrases by their head word, a dictd database
named by a `dict` config line (with tabs, UTF-8 and an escape sequence), a
corrupt one, WordNet's data missing, no library at all.

Environment (set by tests/meson.build): BUILDSPEAK_BIN, BUILDSPEAK_SAMPLE.
Python standard library only; prints one line per failed check and exits 1
if any failed."""

import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testlib  # noqa: E402

BIN = os.environ.get("BUILDSPEAK_BIN", "build/buildspeak")
SAMPLE = os.environ.get("BUILDSPEAK_SAMPLE", "data/sample.page.txt")

TMP = tempfile.mkdtemp(prefix="buildspeak-define-")
DB = os.path.join(TMP, "library.db")
NO_DICTD = os.path.join(TMP, "no-dictd")  # an empty system directory
CONFIG = os.path.join(TMP, "config")


def check(name, ok, detail=""):
    if not testlib.count(ok, name):
        print("FAIL: %s%s" % (name, ("\n  " + str(detail)) if detail else ""))
    return ok


def run(*args, db=DB, config=None, **extra):
    cmd = [BIN, "--db", db]
    if config:
        cmd += ["--config", config]
    cmd += list(args)
    env = testlib.clean_env(TMP, ("BUILDSPEAK_DB", "XDG_DATA_HOME",
                                  "XDG_CONFIG_HOME", "WNSEARCHDIR"),
                            BUILDSPEAK_DICTD_DIR=NO_DICTD, **extra)
    r = subprocess.run(cmd, capture_output=True, env=env, timeout=60)
    r.stdout = r.stdout.decode("utf-8", "replace")
    r.stderr = r.stderr.decode("utf-8", "replace")
    return r


B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def b64(v):
    s = ""
    while True:
        s = B64[v % 64] + s
        v //= 64
        if not v:
            return s


def write_dictd(base, entries, index_extra=""):
    """A plain (uncompressed) dictd database: base.index + base.dict."""
    data = b""
    index = ""
    for head, text in entries:
        raw = text.encode("utf-8")
        index += "%s\t%s\t%s\n" % (head, b64(len(data)), b64(len(raw)))
        data += raw
    with open(base + ".dict", "wb") as f:
        f.write(data)
    with open(base + ".index", "w", encoding="utf-8") as f:
        f.write(index + index_extra)


def main():
    os.makedirs(NO_DICTD)
    r = run("import", SAMPLE)
    if not check("import the sample", r.returncode == 0, r.stderr):
        return

    r = run("define", "world models")
    check("define: exit 0", r.returncode == 0, r.stderr)
    check("the library's gloss, with episode and count",
          "world models \u2192 \u4e16\u754c\u6a21\u578b \u00b7 Ep 87 \u00d74"
          in r.stdout, r.stdout)
    check("and the gloss of its lemma",
          "world model \u2192 \u4e16\u754c\u6a21\u578b" in r.stdout, r.stdout)
    check("WordNet's sense of the head word's lemma",
          "WordNet (of its head word models):" in r.stdout and
          "model (n.) a hypothetical description" in r.stdout, r.stdout)

    r = run("define", "models", "training", "learned", "--json")
    check("--json: exit 0", r.returncode == 0, r.stderr)
    try:
        v = json.loads(r.stdout)
    except ValueError as e:
        check("--json is JSON", False, "%s: %r" % (e, r.stdout[:300]))
        return
    check("one object a word", [o["word"] for o in v] ==
          ["models", "training", "learned"], v)
    lemmas = {o["word"]: o["lemmas"] for o in v}
    check("lemmas: models -> model, training -> train, learned -> learn",
          "model" in lemmas["models"] and "train" in lemmas["training"] and
          "learn" in lemmas["learned"], lemmas)
    senses = {o["word"]: {(s["lemma"], s["pos"]) for s in o["senses"]
                          if s["source"] == "WordNet"} for o in v}
    check("senses of the lemmas", ("model", "n.") in senses["models"] and
          ("train", "v.") in senses["training"] and
          ("training", "n.") in senses["training"] and
          ("learn", "v.") in senses["learned"], senses)

    # A phrase found whole in the glossary, its senses by its head word.
    r = run("define", "post training", "--json")
    o = json.loads(r.stdout)[0]
    check("post training: glossed whole", o["glossary_of"] == "post training"
          and o["glossary"] and o["glossary"][0]["gloss"] == "\u540e\u8bad\u7ec3"
          and o["glossary"][0]["episodes"][0]["count"] >= 1, o["glossary"])
    check("post training: senses of training", o["senses_of"] == "training"
          and any(s["lemma"] == "train" for s in o["senses"]), o["senses_of"])

    # In the library's glossary only.
    r = run("define", "scaffolding", "RL", "--json")
    v = json.loads(r.stdout)
    rl = v[1]
    check("RL: the library's gloss, no dictionary sense",
          rl["glossary"] and "\u5f3a\u5316\u5b66\u4e60" in rl["glossary"][0]["gloss"]
          and rl["senses"] == [], rl)

    # In no dictionary and not in the library: an answer, not an error.
    r = run("define", "qzxqzxq")
    check("an unknown word: exit 0 and says so", r.returncode == 0 and
          "not in the library's glossary nor in the dictionaries" in r.stdout,
          r.stdout + r.stderr)

    # A dictd database named by the config, searched after WordNet.
    base = os.path.join(TMP, "mine")
    write_dictd(base, [
        ("model", "model\n\t\u6a21\u578b\tm\u00f3del\n  \x1b[31mred\x1b[0m\n"),
        ("flywheel effect", "flywheel effect\n  \u98de\u8f6e\u6548\u5e94 " +
         "x" * 20000 + "\n"),
    ])
    with open(CONFIG, "w") as f:
        f.write("dict mine\n")  # relative: beside the config file
    r = run("define", "models", config=CONFIG)
    check("config dict: exit 0", r.returncode == 0, r.stderr)
    check("config dict: its entry under its name, after WordNet",
          "mine:" in r.stdout and "\u6a21\u578b" in r.stdout and
          r.stdout.index("WordNet") < r.stdout.index("mine:"), r.stdout)
    check("no escape sequence reaches the terminal",
          "\x1b" not in r.stdout and "^[[31mred" in r.stdout, repr(r.stdout))
    r = run("define", "flywheel effect", "--json", config=CONFIG)
    o = json.loads(r.stdout)[0]
    mine = [s for s in o["senses"] if s["source"] == "mine"]
    check("a long definition whole", mine and len(mine[0]["text"]) > 20000,
          o["senses"][:1])

    # A corrupt database: a clear error, the others still answer.
    write_dictd(os.path.join(TMP, "broken"), [("model", "model\n x\n")],
                index_extra="no tabs on this line\n")
    with open(CONFIG, "w") as f:
        f.write("dict broken\ndict mine.index\n")
    r = run("define", "model", config=CONFIG)
    check("corrupt dictd: exit 65", r.returncode == 65, r.returncode)
    check("corrupt dictd: names the file and line",
          "broken.index:2:" in r.stderr, r.stderr)
    check("corrupt dictd: WordNet and the good one still answer",
          "model (n.)" in r.stdout and "mine:" in r.stdout, r.stdout)
    with open(CONFIG, "w") as f:
        f.write("dict\n")
    r = run("define", "model", config=CONFIG)
    check("a dict line without FILE: a warning with file:line",
          r.returncode == 0 and "config:1: usage: dict FILE" in r.stderr,
          r.stderr)

    # WordNet's data missing: the package that provides it.
    r = run("define", "world models", WNSEARCHDIR=os.path.join(TMP, "nowhere"))
    check("no WordNet: exit 69", r.returncode == 69, r.returncode)
    check("no WordNet: names the package", "wordnet-base" in r.stderr,
          r.stderr)
    check("no WordNet: the library still answers",
          "\u4e16\u754c\u6a21\u578b" in r.stdout, r.stdout)

    # No library: the dictionaries answer, no library is made.
    nolib = os.path.join(TMP, "none", "library.db")
    r = run("define", "model", "--json", db=nolib)
    check("no library: exit 0 with senses", r.returncode == 0 and
          json.loads(r.stdout)[0]["senses"], r.stderr)
    check("no library: none is created", not os.path.exists(nolib))

    r = run("define")
    check("define without a word: exit 64", r.returncode == 64, r.returncode)
    r = run("--help")
    check("--help lists define", "define WORD..." in r.stdout, r.stdout)


try:
    main()
finally:
    shutil.rmtree(TMP, ignore_errors=True)
sys.exit(testlib.summary())
