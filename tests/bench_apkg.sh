#!/bin/bash
# bench_apkg: what `vocab export --format apkg` costs -- 1,000 entries
# saved from a 60-minute episode, exported with their audio clips and
# without audio, printed next to the time of decoding that audio once
# (the floor for cutting clips: the export decodes it once and encodes
# the clips). Issue 12's aim: under 10 s with clips, under 1 s without.
# Figures only, no assertions.
#
# The audio is made by sox: an hour of a 220 Hz tone with a tremolo, mono
# 22.05 kHz, as FLAC (what data/synth-audio makes for the sample) and as
# Ogg Vorbis (a lossy source, slower to decode).
#
# Environment: BUILD (build directory, default build), ENTRIES (1000),
# MINUTES (60), FORMATS ("flac ogg").
set -u

SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$SRCDIR/build}
ENTRIES=${ENTRIES:-1000}
MINUTES=${MINUTES:-60}
BENCH=$BUILD/tests/bench_apkg

die() { echo "bench_apkg: $*" >&2; exit 1; }
[ -x "$BENCH" ] || die "no $BENCH (ninja -C $BUILD tests/bench_apkg)"
command -v sox >/dev/null || die "sox not found (apt install sox)"

TMP=$(mktemp -d /tmp/bench-apkg.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
SECONDS_LONG=$((MINUTES * 60))

for ext in ${FORMATS:-flac ogg}; do
	sox -n -r 22050 -c 1 "$TMP/episode.$ext" synth "$SECONDS_LONG" \
		sine 220 tremolo 3 40 ||
		die "sox cannot make $ext"
	echo "== $ENTRIES entries, a $MINUTES-minute episode, $ext audio =="
	TMPDIR=$TMP "$BENCH" "$TMP/episode.$ext" "$SECONDS_LONG" "$TMP" \
		"$ENTRIES" || die "bench_apkg failed"
	echo
done
