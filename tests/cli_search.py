#!/usr/bin/env python3
"""cli_search: `buildspeak search` as a learner uses it -- words in any
case, phrases, all the words, English inflections, Chinese of one, two,
three and more characters, mixed queries, FTS5 syntax typed as text, no
hits (exit 1), bad queries (exit 64), --json, --episode, --lang, --limit,
--glossary, untrusted text kept inert, a 10,000-segment episode, and the
index in step after --replace and rm.

Environment (set by tests/meson.build): BUILDSPEAK_BIN, BUILDSPEAK_SAMPLE.
Python standard library only; prints one line per check and exits 1 if
any failed."""

import json
import os
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testlib  # noqa: E402

BIN = testlib.BIN
SAMPLE = testlib.SAMPLE
TMP = tempfile.mkdtemp(prefix="buildspeak-search-")
DB = os.path.join(TMP, "library.db")
check = testlib.cli_check


def run(*args):
    return subprocess.run([BIN, "--db", DB] + list(args), capture_output=True,
                          env=testlib.clean_env(TMP), timeout=120,
                          encoding="utf-8", errors="replace")


def search(*args):
    return run("search", *args)


def hits(*args):
    # Options first, then "--": a query may start with "-".
    r = search("--json", "--limit", "0", *args[1:], "--", args[0])
    if r.returncode not in (0, 1):
        return None
    return json.loads(r.stdout)


def write_json(name, ep):
    path = os.path.join(TMP, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(ep, f, ensure_ascii=False)
    return path


def upgrade_notice():
    """A library of schema 7 (before the Chinese side's own tokenizer) is
    upgraded by the first command that opens it, which says so on stderr
    first (the index is built again: seconds for a large library); the
    next command says nothing, and the search still finds."""
    db = os.path.join(TMP, "v7.db")
    dump = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data",
                        "library-v7.sql")
    con = sqlite3.connect(db)
    with open(dump, encoding="utf-8") as f:
        con.executescript(f.read())
    con.close()
    first = subprocess.run([BIN, "--db", db, "list"], capture_output=True,
                           text=True, env=testlib.clean_env(TMP))
    check("a schema-7 library: the first command says it upgrades it",
          first.returncode == 0 and "upgrading the library" in first.stderr
          and "from schema 7 to" in first.stderr, first.stderr)
    again = subprocess.run([BIN, "--db", db, "search", "模型"],
                           capture_output=True, text=True,
                           env=testlib.clean_env(TMP))
    check("the next command says nothing of it and searches",
          again.returncode == 0 and again.stderr == "" and "模型" in
          again.stdout, again.stderr + again.stdout[:200])


def main():
    r = run("import", SAMPLE)
    check("import the sample", r.returncode == 0, r.stderr)
    evil = {"title": "Evil \u001b[31mtitle", "podcast": "P", "date": "2026-01-02",
            "segments": [
                {"speaker": 1, "start": 0, "end": 5,
                 "en": "An evil \u001b[2J sentence \u202e with controls.",
                 "zh": "一个邪恶的\u001b[2J句子。"},
                {"speaker": 2, "start": 5, "end": 9,
                 "en": "Post-training is where models learn manners.",
                 "zh": "post-training(后训练)是模型学习礼貌的地方。"}]}
    r = run("import", write_json("evil.json", evil))
    check("import a JSON episode with control characters", r.returncode == 0, r.stderr)

    # ---- English ----
    r = search("World Models")
    check("words in any case: exit 0", r.returncode == 0, r.stderr)
    check("the match marked", "\u00abworld models\u00bb" in r.stdout.lower(), r.stdout[:300])
    check("a hit on a glossary term shows its gloss",
          "glossary: world models \u2014 \u4e16\u754c\u6a21\u578b" in r.stdout, r.stdout[:400])
    word = hits("world")
    check("case: World = world = WORLD",
          word and hits("WORLD") == word and hits("World") == word)
    check("inflection: model finds models",
          any("models" in h["en"].lower() and " model " not in " " + h["en"].lower() + " "
              for h in hits("model")))
    phrase = hits('"world models"')
    both = hits("world models")
    check("a phrase: every hit holds it",
          phrase and all("world model" in h["en"].lower() for h in phrase), len(phrase or []))
    check("several words: all of them, phrase or not",
          both and len(both) >= len(phrase) and
          all("world" in h["en"].lower() and "model" in h["en"].lower() for h in both))
    check("AND: a word that is nowhere means no hit", hits("world zebraquux") == [])

    # ---- Chinese of any length, mixed ----
    for q in ["\u6a21", "\u6a21\u578b", "\u6df1\u5ea6\u5b66", "\u4e16\u754c\u6a21\u578b",
              "\u591a\u6a21\u6001\u6a21\u578b"]:
        h = hits(q)
        check(f"Chinese of {len(q)} character(s): {q}",
              h and all(q in x["zh"] and x["match"] == "zh" for x in h), h and len(h))
    h = hits("\u6a21\u578b")
    zh_count = sum(1 for x in hits("\u6a21\u578b")) if h else 0
    check("a 2-character query finds every sentence holding it",
          zh_count == len([1 for x in json.loads(run("show", "1", "--json").stdout)["segments"]
                           if "\u6a21\u578b" in x["zh"]]) + 1, zh_count)
    h = hits("deep \u6df1\u5ea6\u5b66\u4e60")
    check("mixed English and Chinese: both sides match",
          h and all(x["match"] == "both" and "deep" in x["en"].lower() and
                    "\u6df1\u5ea6\u5b66\u4e60" in x["zh"] for x in h), h and len(h))
    h = hits("post-training \u540e\u8bad\u7ec3")
    check("a hyphenated word with its gloss", h and h[0]["episode"] == 2, h)

    # ---- FTS5 syntax is text ----
    for q in ['"', "*", "-", ":", "- : * ( )", ""]:
        r = search("--", q)
        check(f"nothing to search in {q!r}: exit 64 with a reason",
              r.returncode == 64 and "query" in r.stderr, (r.returncode, r.stderr))
    for q in ["NEAR", "NEAR(world models)", "world*", "-world", "en:world",
              '"world', 'world"models', "world OR zebra", "world AND", "^world",
              "world + models", "{en zh}: world", "\u6a21\u578b*", "NOT"]:
        r = search("--", q)
        check(f"FTS syntax as text: {q!r} runs (exit 0 or 1)",
              r.returncode in (0, 1) and "fts5" not in r.stderr and
              "syntax" not in r.stderr, (r.returncode, r.stderr))
    check("a minus is not NOT", [(h["episode"], h["segment"]) for h in hits("world -models")] ==
          [(h["episode"], h["segment"]) for h in hits("world models")])
    check("a star is not a prefix", hits("mode*") == [])
    check("a colon is not a column filter", hits("en:world") == [])

    # ---- no hits, bad options ----
    r = search("zebraquux")
    check("no hits: exit 1, nothing on stdout", r.returncode == 1 and r.stdout == "",
          (r.returncode, r.stdout))
    r = search("zebraquux", "--json")
    check("no hits, --json: exit 1 and []", r.returncode == 1 and json.loads(r.stdout) == [])
    for args in (["world", "--limit", "x"], ["world", "--limit", "-1"],
                 ["world", "--lang", "fr"], ["world", "--episode", "0"]):
        r = search(*args)
        check(f"bad option {args[1:]}: exit 64", r.returncode == 64, (r.returncode, r.stderr))

    # ---- options and JSON ----
    r = search("models", "--json", "--limit", "3")
    j = json.loads(r.stdout) if r.returncode == 0 else []
    check("--limit 3: three hits", len(j) == 3, len(j))
    check("JSON fields", j and all(set(["episode", "title", "segment", "start", "speaker",
                                       "en", "zh", "match"]) <= set(x) for x in j), j[:1])
    check("--limit: the first 20 by default", len(json.loads(search("the", "--json").stdout)) == 20)
    check("--episode 2 only searches episode 2",
          {x["episode"] for x in hits("models", "--episode", "2")} == {2})
    check("--episode 1", {x["episode"] for x in hits("models", "--episode", "1")} == {1})
    h = hits("post-training", "--lang", "zh")
    check("--lang zh: an English word on the Chinese side",
          h and all(x["match"] == "zh" for x in h), h)
    check("--lang en: Chinese on the English side finds nothing",
          hits("\u6a21\u578b", "--lang", "en") == [])

    # ---- untrusted text stays inert ----
    r = search("evil")
    check("a hit in a text with control characters", r.returncode == 0, r.stderr)
    check("no escape or bidi control reaches the terminal",
          "\x1b" not in r.stdout and "\u202e" not in r.stdout, repr(r.stdout))
    r = search("\u90aa\u6076")
    check("Chinese side too", r.returncode == 0 and "\x1b" not in r.stdout, repr(r.stdout))

    # ---- the glossaries ----
    r = search("\u63a8\u7406", "--glossary")
    check("--glossary: a Chinese gloss finds its terms", r.returncode == 0 and
          "reasoning \u2014 \u63a8\u7406" in r.stdout, r.stdout[:300])
    j = json.loads(search("reasoning", "--glossary", "--json").stdout)
    check("--glossary --json", j and j[0]["match"] == "glossary" and
          all(set(["episode", "title", "segment", "term", "gloss"]) <= set(x) for x in j), j[:1])
    check("--glossary and --lang do not mix",
          search("x", "--glossary", "--lang", "en").returncode == 64)

    # ---- a 10,000-segment episode ----
    segs = [{"speaker": 1, "start": i * 2, "end": i * 2 + 1,
             "en": f"Sentence {i} about agents and tools.",
             "zh": f"\u7b2c{i}\u53e5\uff0c\u5173\u4e8e\u667a\u80fd\u4f53\u3002"} for i in range(10000)]
    segs[9999]["en"] = "The haystack ends with a needle."
    segs[9999]["zh"] = "\u8349\u5806\u91cc\u6709\u4e00\u6839\u9488\u3002"
    r = run("import", write_json("big.json", {"title": "Big", "date": "2025-03-03",
                                              "segments": segs}))
    check("import a 10,000-segment episode", r.returncode == 0, r.stderr)
    h = hits("needle")
    check("its last sentence is found", h and h[0]["segment"] == 9999, h)
    h = hits("\u9488")
    check("one Chinese character at a run's end", h and h[0]["segment"] == 9999, h)
    h = hits("agents", "--episode", "3")
    check("every hit of a word in it (no limit)", h is not None and len(h) == 9999,
          h and len(h))

    # ---- --replace and rm keep the index in step ----
    before = hits("world models")
    r = run("import", "--replace", SAMPLE)
    check("re-import with --replace", r.returncode == 0, r.stderr)
    check("after --replace: the same hits, none twice", hits("world models") == before)
    r = run("rm", "1")
    check("rm the sample", r.returncode == 0, r.stderr)
    check("after rm: its sentences are gone from the index",
          hits("world models") == [] and search("world models").returncode == 1)
    upgrade_notice()
    return testlib.summary(with_checks=False)


if __name__ == "__main__":
    sys.exit(main())
