#!/usr/bin/env bash
# bootstrap.sh -- the one set-up script: installs what buildspeak needs on a
# Debian 12 machine, builds it, and runs it or its tests.
#
#   ./bootstrap.sh run [ARGS]   build, synthesise the sample episode's audio
#                               (once), then run build/buildspeak ARGS
#   ./bootstrap.sh test         build build/ and build-asan/ (ASan+UBSan),
#                               run the whole suite in both, and end with
#                               "N passed, N failed"; exits non-zero when
#                               anything failed
#   ./bootstrap.sh fuzz [TARGET [SECONDS]]
#                               fuzz the parsers (tests/fuzz/run.sh; TARGET
#                               page, json, config, subtitle or all, default all for
#                               180 s each); not part of test
#   ./bootstrap.sh bench NAME [ARGS]
#                               build, then run tests/bench_NAME.py or .sh
#                               (import, scale, play, reader, ...) with ARGS
#
# Missing Debian packages are installed with apt-get (as root; otherwise it
# says which ones to install). Nothing else is downloaded.
set -u

cd "$(dirname "$0")" || exit 1

# Needed to build and run: the compiler, meson and the four libraries.
build_pkgs="gcc libc6-dev meson ninja-build pkg-config libncurses-dev
	libunistring-dev libsqlite3-dev libmpv-dev python3"
# The dictionary look-up (define, the reader's look-up): WordNet's C library
# and its data, and zlib for dictd's dictzip files. The dictd databases
# (dict-foldoc, dict-gcide) are optional: their packages also install the
# dictd server, which buildspeak does not need (it reads the files itself).
build_pkgs="$build_pkgs wordnet-dev wordnet-base zlib1g-dev"
# The Anki package (vocab export --format apkg): libzip, and FFmpeg's
# headers for cutting clips (its libraries come with libmpv; libmp3lame
# is in Debian's libavcodec).
build_pkgs="$build_pkgs libzip-dev libavformat-dev libavcodec-dev
	libswresample-dev libavutil-dev"
# espeak-ng and sox synthesise the spoken sample (data/synth-audio): the
# audio of the bundled sample episode and of the listening tests.
audio_pkgs="espeak-ng sox"
# Needed by the tests: tmux drives the reader.
test_pkgs="tmux $audio_pkgs"
# nodejs and npm: independent readers of our output -- npm's subtitle and
# node-webvtt read the exported subtitles (tests/cli_subtitle_npm.py),
# anki-reader reads the Anki package (tests/cli_apkg.py). Optional: a
# machine that already has node and npm (NodeSource's nodejs bundles npm and
# conflicts with Debian's) keeps them, and without them those checks skip,
# saying why.
node_pkgs="nodejs npm"
# Needed by the fuzz targets only: clang and its libFuzzer runtime.
fuzz_pkgs="clang libclang-rt-14-dev"
# Needed by the benchmarks: callgrind counts instructions, the sqlite3
# shell is the import's floor, mpv the player's, GNU time the memory.
bench_pkgs="valgrind sqlite3 mpv time"

say() { printf 'bootstrap: %s\n' "$*" >&2; }

# Installs the packages among "$@" that dpkg does not have yet.
need_packages() {
	local missing="" p
	for p in "$@"; do
		if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != installed ]; then
			missing="$missing $p"
		fi
	done
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		say "missing Debian packages:$missing"
		say "install them (sudo apt-get install$missing) or run this as root"
		return 1
	fi
	say "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >&2 &&
		apt-get install -y -q --no-install-recommends $missing >&2
}

# Configures (once) and builds the build directory $1 with meson options
# "${@:2}".
build_dir() {
	local dir=$1
	shift
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" "$@" >&2 || return 1
	fi
	ninja -C "$dir" -j2 >&2
}

# The terminal reader wants a UTF-8 locale; a fresh machine's root shell
# often has none set (or names one that is not installed, which makes apt's
# perl scripts warn at every package), and C.UTF-8 is always there on
# Debian 12. Set before anything runs, apt-get and meson included.
utf8_locale() {
	case "$(locale charmap 2>/dev/null)" in
	UTF-8) ;;
	*) export LC_ALL=C.UTF-8 ;;
	esac
}

# The sample episode's audio: its English spoken by espeak-ng, each
# sentence at its start time, made once into build/sample-audio.flac
# (synth-audio does nothing while that is newer than the page). The
# reader's first run imports the sample with it ($BUILDSPEAK_SAMPLE_AUDIO).
# Without espeak-ng or sox the sample is still read, only not heard.
sample_audio() {
	local out=build/sample-audio.flac
	if [ ! -s "$out" ] || [ data/sample.page.txt -nt "$out" ]; then
		need_packages $audio_pkgs ||
			{ say "the sample episode will have no audio"; return 0; }
		say "synthesising the sample's audio (once, ~10 s)"
		data/synth-audio -q data/sample.page.txt "$out" ||
			{ say "the sample episode will have no audio"; return 0; }
	fi
	export BUILDSPEAK_SAMPLE_AUDIO="$PWD/$out"
}

cmd_run() {
	utf8_locale
	need_packages $build_pkgs || exit 1
	build_dir build || exit 1
	sample_audio
	exec build/buildspeak "$@"
}

# Runs meson test in build directory $1, adds its counts to the totals.
passed=0
failed=0
skipped=0
run_suite() {
	local dir=$1 log rc ok xfail fail xpass timeout skip
	log=$(mktemp)
	say "meson test -C $dir"
	meson test -C "$dir" --print-errorlogs --num-processes 2 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	# meson's closing summary: "Ok:  12", "Fail:  0", ...
	count() { awk -v k="$1:" '$0 ~ "^" k { print $NF; found=1 } END { if (!found) print 0 }' "$log" | tail -n 1; }
	ok=$(count Ok)
	xfail=$(count "Expected Fail")
	fail=$(count Fail)
	xpass=$(count "Unexpected Pass")
	timeout=$(count Timeout)
	skip=$(count Skipped)
	passed=$((passed + ok + xfail))
	failed=$((failed + fail + xpass + timeout))
	skipped=$((skipped + skip))
	# A run that failed without counting a failure (a build error, meson
	# itself failing) still counts as one.
	if [ "$rc" -ne 0 ] && [ $((fail + xpass + timeout)) -eq 0 ]; then
		failed=$((failed + 1))
	fi
	rm -f "$log"
}

cmd_test() {
	export LC_ALL=C.UTF-8 # the tests' own locale, whatever the user's
	# UBSan only prints by default: a report must fail the test, as an
	# ASan one does.
	export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
	need_packages $build_pkgs $test_pkgs || exit 1
	if ! command -v npm >/dev/null 2>&1; then
		need_packages $node_pkgs ||
			say "no npm: the independent-reader checks will skip"
	fi
	if build_dir build; then
		run_suite build
	else
		say "build/ failed to build"
		failed=$((failed + 1))
	fi
	if build_dir build-asan -Db_sanitize=address,undefined -Db_lundef=false; then
		run_suite build-asan
	else
		say "build-asan/ failed to build"
		failed=$((failed + 1))
	fi
	if [ "$skipped" -gt 0 ]; then
		echo "$passed passed, $failed failed, $skipped skipped"
	else
		echo "$passed passed, $failed failed"
	fi
	[ "$failed" -eq 0 ]
}

case "${1:-}" in
run)
	shift
	cmd_run "$@"
	;;
test)
	cmd_test
	;;
fuzz)
	need_packages $build_pkgs $fuzz_pkgs || exit 1
	exec tests/fuzz/run.sh "${2:-all}" "${3:-180}"
	;;
bench)
	shift
	utf8_locale
	need_packages $build_pkgs $test_pkgs $bench_pkgs || exit 1
	build_dir build || exit 1
	name=${1:-}
	[ -n "$name" ] && shift
	if [ -n "$name" ] && [ -f "tests/bench_$name.py" ]; then
		exec python3 "tests/bench_$name.py" "$@"
	elif [ -n "$name" ] && [ -f "tests/bench_$name.sh" ]; then
		exec bash "tests/bench_$name.sh" "$@"
	fi
	echo "usage: ./bootstrap.sh bench NAME [ARGS], NAME one of:" \
		$(ls tests/bench_*.py tests/bench_*.sh | sed 's|.*/bench_||; s|\..*||') >&2
	exit 64
	;;
*)
	echo "usage: ./bootstrap.sh run [ARGS] | ./bootstrap.sh test |" \
		"./bootstrap.sh bench NAME [ARGS] | ./bootstrap.sh fuzz [TARGET [SECONDS]]" >&2
	exit 64
	;;
esac
