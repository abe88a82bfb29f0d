#!/usr/bin/env python3
"""Helper of tests/test_export.c (not a test by itself): reads an export
back with Python's own readers -- the csv module for CSV and Anki text,
the json module for JSON -- and prints every field on a line of its own,
with backslash, CR, LF and tab written as \\\\, \\r, \\n and \\t, and "--"
after each record, for the C test to compare with what it wrote.

usage: export_read.py csv|anki|json FILE
Exits 1 with a message when the file does not parse."""
import csv
import json
import sys


def out(value):
    if value is None:
        value = "null"
    value = str(value)
    for a, b in (("\\", "\\\\"), ("\r", "\\r"), ("\n", "\\n"), ("\t", "\\t")):
        value = value.replace(a, b)
    sys.stdout.write(value + "\n")


def read_csv(path):
    # newline="" as the csv module asks, so that quoted line breaks and the
    # CRLF record ends reach the reader as written; utf-8-sig drops the
    # byte-order mark a .csv file begins with (the C test checks the bytes).
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.reader(f, strict=True):
            for field in row:
                out(field)
            out("--")


def read_anki(path):
    # Anki skips the '#' header lines and reads the rest as CSV with the
    # declared separator (quotes recognised, comments at '#').
    with open(path, encoding="utf-8", newline="") as f:
        lines = [l for l in f if not l.startswith("#")]
    for row in csv.reader(lines, delimiter="\t", strict=True):
        for field in row:
            out(field)
        out("--")


def read_json(path):
    with open(path, encoding="utf-8") as f:
        entries = json.load(f)
    for e in entries:
        for key in ("id", "term", "gloss", "note", "created"):
            out(e[key])
        out(len(e["contexts"]))
        for c in e["contexts"]:
            for key in ("en", "zh", "episode_id", "title", "podcast", "date",
                        "source_url", "at", "saved"):
                out(c[key])
        out("--")


def main():
    kind, path = sys.argv[1], sys.argv[2]
    try:
        {"csv": read_csv, "anki": read_anki, "json": read_json}[kind](path)
    except (csv.Error, ValueError, KeyError, UnicodeDecodeError) as e:
        sys.stderr.write("export_read.py: %s: %s\n" % (path, e))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
