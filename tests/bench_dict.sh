#!/bin/bash
# bench_dict: look-up time for 1,000 random words of the sample against
# WordNet, against the glossary of a 1,000-episode library, and the whole
# look-up with the installed dictd databases (tests/bench_dict.c, compiled
# here against the build's core library). Issue 13's aim: under 5 ms a
# word. Figures only, no assertions.
#
# The library is made once, in $BUILD/bench-dict-library.db (~1 minute on
# a busy machine); delete it to make it again.
#
# Environment: BUILD (build directory, default build).
set -u

SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$SRCDIR/build}
die() { echo "bench_dict: $*" >&2; exit 1; }
[ -f "$BUILD/libbuildspeak-core.a" ] || die "no core library in $BUILD"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cc -O2 -std=c17 -D_GNU_SOURCE -I"$SRCDIR/include" \
	"$SRCDIR/tests/bench_dict.c" "$BUILD/libbuildspeak-core.a" \
	$(pkg-config --libs ncursesw sqlite3 zlib) -lunistring -lwordnet -ldl \
	-lm -o "$TMP/bench_dict" || die "cannot build tests/bench_dict.c"
"$TMP/bench_dict" "$SRCDIR/data/sample.page.txt" \
	"$BUILD/bench-dict-library.db"
