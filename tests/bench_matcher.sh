#!/bin/bash
# bench_matcher: what finding the terms of a sentence costs -- the work of
# a → press's marks (glossary terms and saved words, English and Chinese)
# -- with the sample's 194 terms and with 13,000 glossary terms plus 1,000
# saved words, printed side by side as a ratio. The aim: the large case
# within 1.2x of the small one. Figures only, no assertions.
#
# Instructions are counted with callgrind in the finding alone (and, apart,
# in loading the terms); without valgrind the script prints wall times.
#
# Environment: BUILD (build directory, default build).
set -u

SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$SRCDIR/build}
SAMPLE=$SRCDIR/data/sample.page.txt

die() { echo "bench_matcher: $*" >&2; exit 1; }
[ -f "$BUILD/libbuildspeak-core.a" ] || die "no core library in $BUILD"

TMP=$(mktemp -d /tmp/bench-matcher.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

cc -O2 -g -std=c17 -D_GNU_SOURCE -I"$SRCDIR/include" \
	"$SRCDIR/tests/bench_matcher.c" "$BUILD/libbuildspeak-core.a" \
	$(pkg-config --libs ncursesw sqlite3 mpv) -lunistring -lm \
	-o "$TMP/bench_matcher" || die "cannot build tests/bench_matcher.c"

SENTENCES=$(grep -c '^Speaker ' "$SAMPLE")
SENTENCES=$((SENTENCES / 2))

# Instructions callgrind counted inside function $3 with $1 glossary
# terms and $2 saved words.
instructions() {
	valgrind --tool=callgrind --toggle-collect="$3" \
		--callgrind-out-file="$TMP/cg" \
		"$TMP/bench_matcher" "$1" "$2" "$SAMPLE" >/dev/null 2>&1 ||
		die "callgrind failed on $1 terms, $2 saved"
	awk '/^(summary|totals):/ { print $2; exit }' "$TMP/cg"
}

# The cases: the sample alone; the sample and a first day's 10 saved
# words (a second matcher to search, however small); a big library.
CASES="194:0 194:10 13000:1000"
if command -v valgrind >/dev/null; then
	echo "== instructions (callgrind), per sentence: the glossary's and the saved words' terms in its English and Chinese =="
	base=
	for c in $CASES; do
		g=${c%:*} s=${c#*:}
		find=$(instructions "$g" "$s" bench_find)
		load=$(instructions "$g" "$s" bench_build)
		[ -n "$base" ] || base=$find
		awk -v g="$g" -v s="$s" -v f="$find" -v l="$load" -v b="$base" \
		    -v n="$SENTENCES" 'BEGIN {
			printf "%6d terms + %4d saved: %8.0f per sentence (%.2fx the sample)   loading once: %10.0f\n", g, s, f / n, f / b, l
		}'
	done
else
	echo "(valgrind not found: wall times only)"
fi

echo "== wall time (200 rounds over the sample's sentences) =="
for c in $CASES; do
	"$TMP/bench_matcher" "${c%:*}" "${c#*:}" "$SAMPLE" 200
done
