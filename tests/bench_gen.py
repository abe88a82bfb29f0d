#!/usr/bin/env python3
"""Generators of large inputs for the benchmarks, made from the bundled
sample so that the text mix (English, Chinese with glosses) stays real.

    python3 tests/bench_gen.py page N OUT            N segments as page text
    python3 tests/bench_gen.py glossary N OUT        the sample as JSON with
                                                     N glossary terms
    python3 tests/bench_gen.py episodes N DIR [K]    N page files of K
                                                     segments (default 20)
    python3 tests/bench_gen.py terms N               N terms that occur in
                                                     the sample, one a line

Each writes files to import with `buildspeak import` (or prints terms for
`vocab add`); the benchmark scripts import this module and call the same
functions. Python standard library only; deterministic (no randomness), so
two runs make the same bytes."""

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "data", "sample.page.txt")


def fmt_time(seconds):
    """MM:SS, or H:MM:SS from an hour on, as the page writes times."""
    s = int(seconds)
    if s >= 3600:
        return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
    return f"{s // 60:02d}:{s % 60:02d}"


def sample_parts():
    """The sample page as (lines before the first segment, [(en, zh)],
    lines from the 原文 link on)."""
    with open(SAMPLE, encoding="utf-8") as f:
        lines = f.read().split("\n")
    first = next(i for i, ln in enumerate(lines) if ln.startswith("Speaker "))
    src = next(i for i, ln in enumerate(lines) if ln.startswith("原文"))
    pairs = [(lines[i + 1], lines[i + 3]) for i in range(first, src, 4)]
    return lines[:first], pairs, lines[src + 1:]


def page_text(n_segments, title=None, url=None, start_pair=0):
    """Page text of n_segments segments: the sample's header, its segments
    in order from start_pair on (repeated when more are asked for), 3 s
    each, and a source line of its own."""
    header, pairs, footer = sample_parts()
    words = 0
    out = []
    for k in range(n_segments):
        en, zh = pairs[(start_pair + k) % len(pairs)]
        words += len(re.findall(r"[A-Za-z0-9]+(?:['’.-][A-Za-z0-9]+)*", en))
        head = f"Speaker {1 + k % 2}{fmt_time(3 * k)} - {fmt_time(3 * k + 3)}"
        out += [head, en, head, zh]
    header = list(header)
    header[2] = re.sub(r"[\d,]+ 词 · 约 \d+ 分钟",
                       f"{words:,} 词 · 约 {round(words / 200)} 分钟", header[2])
    header[4] = title or f"Generated: {n_segments:,} segments"
    url = url or f"https://example.org/generated/{n_segments}"
    return "\n".join(header + out + [f"原文 ↗{url}"] + footer)


def write_page(path, n_segments, **kw):
    """Writes page_text(n_segments) to path; returns its size in bytes."""
    text = page_text(n_segments, **kw)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return len(text.encode("utf-8"))


def write_episodes(directory, n, segments=20):
    """n page files of `segments` segments each, every one a different
    episode (its own title and source URL, its own stretch of the
    sample); returns their paths in order."""
    os.makedirs(directory, exist_ok=True)
    paths = []
    for i in range(n):
        path = os.path.join(directory, f"ep{i + 1:05d}.page.txt")
        write_page(path, segments, title=f"Generated episode {i + 1}",
                   url=f"https://example.org/episode/{i + 1}",
                   start_pair=i * 7)
        paths.append(path)
    return paths


def made_up_term(k):
    """The k-th of a series of distinct Latin-script terms of one to three
    words ("zorvu", "kafi lenta", ...), none of them an English word."""
    syll = ["ka", "lo", "mi", "ze", "ru", "ta", "vo", "ne", "pi", "su",
            "do", "fe", "gu", "ha", "ji", "wa"]
    words = []
    k += 1
    while k:
        k, r = divmod(k, 97)
        w = syll[r % 16] + syll[(r // 16 + 3) % 16] + ("x" if r % 3 else "")
        words.append(w)
    return " ".join(words)


def glossary_json(n_terms):
    """The sample as an episode in buildspeak's JSON, with a glossary of
    n_terms: the sample's own glosses found by the page's shape, topped up
    with made-up terms (a few of which are written into the English, so
    the reader has something to mark)."""
    header, pairs, _ = sample_parts()
    segs = []
    for k, (en, zh) in enumerate(pairs):
        segs.append({"speaker": 1 + k % 2, "start": 24.0 * k,
                     "end": 24.0 * k + 24, "en": en, "zh": zh})
    glossary = []
    seen = set()
    for _, zh in pairs:
        for m in re.finditer(r"([A-Za-z][A-Za-z0-9 '’.&+/-]*?)\s*[(（]"
                             r"([^()（）]*[\u4e00-\u9fff][^()（）]*)[)）]", zh):
            term = m.group(1).strip()
            if term.lower() not in seen:
                seen.add(term.lower())
                glossary.append({"term": term, "gloss": m.group(2),
                                 "count": 1})
    k = 0
    while len(glossary) < n_terms:
        term = made_up_term(k)
        glossary.append({"term": term, "gloss": "术语%d" % k, "count": 1})
        if k < len(segs):
            segs[k]["en"] += f" ({term})"
        k += 1
    return {"title": f"The sample with {n_terms:,} glossary terms",
            "podcast": "Generated", "date": "2026-01-01",
            "source_url": f"https://example.org/glossary/{n_terms}",
            "segments": segs, "glossary": glossary[:n_terms]}


def write_glossary_json(path, n_terms):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(glossary_json(n_terms), f, ensure_ascii=False)


def sample_terms(n):
    """n distinct terms that occur in the sample's English: its words
    first (longest first, so they are real content words), then pairs of
    neighbouring words."""
    _, pairs, _ = sample_parts()
    words, bigrams, seen = [], [], set()
    for en, _ in pairs:
        toks = re.findall(r"[A-Za-z][A-Za-z'-]*[A-Za-z]", en)
        for i, t in enumerate(toks):
            if t.lower() not in seen:
                seen.add(t.lower())
                words.append(t)
            if i and f"{toks[i - 1]} {t}".lower() not in seen:
                seen.add(f"{toks[i - 1]} {t}".lower())
                bigrams.append(f"{toks[i - 1]} {t}")
    words.sort(key=lambda w: (-len(w), w))
    out = (words + bigrams)[:n]
    if len(out) < n:
        raise ValueError(f"the sample has only {len(out)} terms")
    return out


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 64
    what, n = argv[1], int(argv[2])
    if what == "page" and len(argv) == 4:
        write_page(argv[3], n)
    elif what == "glossary" and len(argv) == 4:
        write_glossary_json(argv[3], n)
    elif what == "episodes" and len(argv) in (4, 5):
        write_episodes(argv[3], n, int(argv[4]) if len(argv) == 5 else 20)
    elif what == "terms" and len(argv) == 3:
        print("\n".join(sample_terms(n)))
    else:
        print(__doc__, file=sys.stderr)
        return 64
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
