#!/bin/bash
# run.sh -- fuzz the parsers of a user's files with libFuzzer, under ASan
# and UBSan, for a given time; print executions, coverage and crashes.
#
#   tests/fuzz/run.sh TARGET SECONDS    one target: page, json, config or
#                                       subtitle
#   tests/fuzz/run.sh all SECONDS       each target for SECONDS
#
# Builds build-fuzz/ (clang, -Dfuzz=true, sanitizers) in the source tree the
# first time (FUZZ_BUILD names another directory). Each target keeps its
# corpus in BUILD/fuzz/TARGET/corpus between runs, starting from the seeds
# in tests/data/ (the import test pages and the sample, the subtitle test
# files of tests/data/subs, tests/data/fuzz/);
# what crashes is saved in BUILD/fuzz/TARGET/artifacts/ (reproduce with
# BUILD/tests/fuzz/fuzz_TARGET FILE). A crash does not end the run: the
# target starts again until its time is up. Each new artifact is replayed
# once: a timeout that does not come back was the machine's load (the
# limit is wall-clock time), and is reported as such, not as a crash.
# Exits 1 when anything crashed.
# Not part of `meson test` or CI: a tool to run by hand.
set -u

SRCDIR=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${FUZZ_BUILD:-$SRCDIR/build-fuzz}
TARGETS="page json config subtitle"

usage() { echo "usage: $0 page|json|config|subtitle|all SECONDS" >&2; exit 64; }
[ $# -eq 2 ] || usage
case $2 in ''|*[!0-9]*) usage ;; esac
case $1 in
all) run=$TARGETS ;;
page|json|config|subtitle) run=$1 ;;
*) usage ;;
esac
SECONDS_EACH=$2

if [ ! -f "$BUILD/build.ninja" ]; then
	command -v clang >/dev/null || { echo "run.sh: clang not found" >&2; exit 1; }
	CC=clang meson setup "$BUILD" "$SRCDIR" -Dfuzz=true \
		-Db_sanitize=address,undefined -Db_lundef=false >/dev/null ||
		{ echo "run.sh: meson setup $BUILD failed" >&2; exit 1; }
fi
ninja -C "$BUILD" $(for t in $run; do echo tests/fuzz/fuzz_$t; done) >/dev/null ||
	{ echo "run.sh: build failed (ninja -C $BUILD)" >&2; exit 1; }

# seeds_of TARGET: the files its corpus starts from.
seeds_of() {
	case $1 in
	page) echo "$SRCDIR"/tests/data/import/*.page.txt "$SRCDIR/data/sample.page.txt" ;;
	json) echo "$SRCDIR"/tests/data/fuzz/json/* ;;
	config) echo "$SRCDIR"/tests/data/fuzz/config/* "$SRCDIR/data/keys.conf" ;;
	subtitle) echo "$SRCDIR"/tests/data/subs/*.vtt "$SRCDIR"/tests/data/subs/*.srt ;;
	esac
}
# Longest input tried: big enough for several segments, small enough to
# keep thousands of executions a second.
maxlen_of() {
	case $1 in page) echo 32768 ;; *) echo 8192 ;; esac
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

status=0
for t in $run; do
	dir=$BUILD/fuzz/$t
	mkdir -p "$dir/corpus" "$dir/seeds" "$dir/artifacts"
	cp $(seeds_of "$t") "$dir/seeds/"
	before=$(ls "$dir/artifacts" | wc -l)
	log=$dir/last.log
	: >"$log"
	end=$(( $(date +%s) + SECONDS_EACH ))
	execs=0 runs=0
	while :; do
		left=$(( end - $(date +%s) ))
		[ "$left" -gt 0 ] || break
		runs=$((runs + 1))
		"$BUILD/tests/fuzz/fuzz_$t" "$dir/corpus" "$dir/seeds" \
			-dict="$SRCDIR/tests/fuzz/$t.dict" \
			-max_len="$(maxlen_of "$t")" -timeout=25 -rss_limit_mb=2048 \
			-max_total_time="$left" -print_final_stats=1 \
			-artifact_prefix="$dir/artifacts/" >>"$log" 2>&1
		n=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" |
			tail -1 | grep -o '[0-9]*$')
		execs=$((execs + ${n:-0}))
		# a clean end has used its time; anything else was a crash
		grep -q 'Done [0-9]* runs in' "$log" && [ "$(tail -c 2000 "$log" |
			grep -c 'ERROR')" -eq 0 ] && break
		echo "--- restart after a crash ---" >>"$log"
	done
	cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1)
	corpus=$(ls "$dir/corpus" | wc -l)
	new=$(( $(ls "$dir/artifacts" | wc -l) - before ))
	crashes=0 load=0 list=""
	for a in $(ls -t "$dir/artifacts" | head -n "$new"); do
		if "$BUILD/tests/fuzz/fuzz_$t" -timeout=25 \
			"$dir/artifacts/$a" >/dev/null 2>&1 && case $a in
			timeout-*) true ;; *) false ;; esac; then
			load=$((load + 1))
			mv "$dir/artifacts/$a" "$dir/artifacts/not-reproduced-$a"
		else
			crashes=$((crashes + 1))
			list="$list  $dir/artifacts/$a\n"
		fi
	done
	printf '%-7s %ds: %d executions, %s, corpus %d inputs, %d crashes' \
		"$t" "$SECONDS_EACH" "$execs" "${cov:-cov: ?}" "$corpus" "$crashes"
	[ "$load" -gt 0 ] && printf ' (%d timeouts that did not come back: load)' "$load"
	[ "$runs" -gt 1 ] && printf ' (%d runs)' "$runs"
	printf '\n'
	if [ "$crashes" -gt 0 ]; then
		status=1
		printf "$list"
		grep 'SUMMARY' "$log" | sort | uniq -c | sed 's/^/  /'
	fi
done
exit $status
