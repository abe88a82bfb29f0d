#!/bin/bash
# bench_play: what listening costs -- the reader playing the sample's audio
# with ao=null inside tmux next to plain `mpv --no-config --ao=null
# --vo=null` playing the same file for the same time, in the same run.
# Prints CPU seconds (utime+stime of the whole process, all threads, from
# /proc/PID/stat), peak memory (VmHWM from /proc/PID/status) and their
# ratio / difference, then the CPU both use in 10 s paused.
# Like is compared with like: both playing windows start one second after
# playback was asked for (mpv's launch; the reader's Space, which loads
# libmpv and the file), and that first second -- each program's start-up
# -- is printed on its own, with the reader's CPU up to its first frame. Issue 4's aim:
# reader CPU <= 1.15x mpv's, memory <= mpv's + 15 MB, paused: no CPU.
# Figures only, no assertions.
#
# Environment:
#   BUILDSPEAK_BIN     the reader (default: build/buildspeak in the source)
#   BENCH_SECONDS      playing time measured (default 60)
#   BENCH_PAUSED       paused time measured (default 10)
#   BENCH_AUDIO        audio to play (default: the sample, synthesised once
#                      by data/synth-audio into BENCH_CACHE)
#   BENCH_CACHE        where that audio is kept (default
#                      ${XDG_CACHE_HOME:-~/.cache}/buildspeak-bench)
set -u

SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BUILDSPEAK_BIN:-$SRCDIR/build/buildspeak}
PLAY=${BENCH_SECONDS:-60}
PAUSED=${BENCH_PAUSED:-10}
SAMPLE=$SRCDIR/data/sample.page.txt
CACHE=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/buildspeak-bench}
AUDIO=${BENCH_AUDIO:-$CACHE/sample.wav}
TICK=$(getconf CLK_TCK)

die() { echo "bench_play: $*" >&2; exit 1; }
command -v mpv >/dev/null || die "mpv not found"

# CPU clock ticks (user + system, all threads) of a live process. The
# command name in field 2 may hold spaces: count fields after its ')'.
cpu_ticks() {
	sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }'
}
# Peak resident memory in kB.
peak_kb() {
	awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" 2>/dev/null
}
secs() { awk -v t="$1" -v hz="$TICK" 'BEGIN { printf "%.2f", t / hz }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

if [ -z "${BENCH_AUDIO:-}" ]; then
	mkdir -p "$CACHE" || die "cannot create $CACHE"
	"$SRCDIR/data/synth-audio" "$SAMPLE" "$AUDIO" ||
		die "cannot synthesise the sample's audio"
fi
[ -r "$AUDIO" ] || die "no audio at $AUDIO"

echo "bench_play: ${PLAY} s playing, ${PAUSED} s paused; audio $AUDIO"
echo "  ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"

# ---- plain mpv ---------------------------------------------------------
# Start-up (1 s) is left out of the playing window for both programs.
mpv --no-config --ao=null --vo=null "$AUDIO" </dev/null >/dev/null 2>&1 &
MPV=$!
sleep 1
m0=$(cpu_ticks $MPV)
mpv_start=$m0
sleep "$PLAY"
m1=$(cpu_ticks $MPV)
mpv_hwm=$(peak_kb $MPV)
kill $MPV 2>/dev/null
wait $MPV 2>/dev/null
[ -n "$m0" ] && [ -n "$m1" ] || die "mpv exited early (cannot play $AUDIO?)"
mpv_cpu=$((m1 - m0))

mpv --no-config --ao=null --vo=null --pause "$AUDIO" </dev/null \
	>/dev/null 2>&1 &
MPV=$!
sleep 1
p0=$(cpu_ticks $MPV)
sleep "$PAUSED"
p1=$(cpu_ticks $MPV)
kill $MPV 2>/dev/null
wait $MPV 2>/dev/null
mpv_paused=$((p1 - p0))

printf '%-28s %10s %12s %16s\n' "" "CPU s" "peak MB" "CPU s paused"
printf '%-28s %10s %12s %16s\n' "mpv --no-config" "$(secs $mpv_cpu)" \
	"$(mb "$mpv_hwm")" "$(secs $mpv_paused)"

# ---- the reader, in tmux -------------------------------------------------
if [ ! -x "$BIN" ]; then
	echo "reader: $BIN not built; set BUILDSPEAK_BIN"
	exit 0
fi
command -v tmux >/dev/null || { echo "reader: tmux not found"; exit 0; }

TMP=$(mktemp -d /tmp/buildspeak-bench-XXXXXX)
SOCK=bench-$$
cleanup() {
	tmux -L "$SOCK" kill-server 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
# A private world: no user config or library is read or touched.
export HOME=$TMP/home XDG_CONFIG_HOME=$TMP/config XDG_DATA_HOME=$TMP/data
export XDG_CACHE_HOME=$TMP/cache LC_ALL=C.UTF-8
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"
DB=$TMP/library.db

# Issue 4's command line; older ones: import, then set the audio.
if ! "$BIN" --db "$DB" import "$SAMPLE" --audio "$AUDIO" >/dev/null 2>&1; then
	"$BIN" --db "$DB" import "$SAMPLE" >/dev/null 2>&1 &&
		"$BIN" --db "$DB" audio 1 "$AUDIO" >/dev/null 2>&1 ||
		{ echo "reader: cannot import the sample with its audio" \
		       "(no 'import --audio' / 'audio ID FILE' yet?)"; exit 0; }
fi

# The reader is the pane's process itself (no shell in between), so
# pane_pid is its pid; remain-on-exit keeps an early exit's last screen.
tmux -L "$SOCK" -f /dev/null start-server \; \
	set-option -g remain-on-exit on \; \
	new-session -d -s bench -x 100 -y 30 "$BIN" --db "$DB" --ao null ||
	{ echo "reader: tmux could not start it"; exit 0; }
READER=$(tmux -L "$SOCK" display-message -p -t bench '#{pane_pid}')

screen() { tmux -L "$SOCK" capture-pane -p -t bench 2>/dev/null; }
alive() { [ "$(tmux -L "$SOCK" display-message -p -t bench \
	'#{pane_dead}' 2>/dev/null)" = 0 ]; }

# Wait (up to 10 s) for a first frame.
for _ in $(seq 100); do
	alive && [ -n "$(screen | tr -d ' \n')" ] && break
	sleep 0.1
done
if ! alive; then
	echo "reader: exited at start-up; its screen:"
	screen | sed '/^$/d; s/^/  | /' | head -20
	exit 0
fi

sleep 1
f0=$(cpu_ticks "$READER")
tmux -L "$SOCK" send-keys -t bench Space
# The same first second as mpv's is left out: loading libmpv and the file.
sleep 1
r0=$(cpu_ticks "$READER")
sleep "$PLAY"
r1=$(cpu_ticks "$READER")
reader_hwm=$(peak_kb "$READER")
status_playing=$(screen | sed '/^ *$/d' | tail -1)
tmux -L "$SOCK" send-keys -t bench Space
sleep 1
q0=$(cpu_ticks "$READER")
sleep "$PAUSED"
q1=$(cpu_ticks "$READER")
status_paused=$(screen | sed '/^ *$/d' | tail -1)
tmux -L "$SOCK" send-keys -t bench q

if [ -z "$r1" ] || [ -z "$q1" ]; then
	echo "reader: exited while measured; its screen:"
	screen | sed '/^$/d; s/^/  | /' | head -20
	exit 0
fi
reader_cpu=$((r1 - r0))
reader_paused=$((q1 - q0))
printf '%-28s %10s %12s %16s\n' "buildspeak --ao null (tmux)" \
	"$(secs $reader_cpu)" "$(mb "$reader_hwm")" "$(secs $reader_paused)"
echo
awk -v r="$reader_cpu" -v m="$mpv_cpu" -v rk="$reader_hwm" -v mk="$mpv_hwm" \
	'BEGIN {
		if (m > 0) printf "CPU ratio reader/mpv: %.2f (aim <= 1.15)\n", r / m
		else printf "CPU ratio reader/mpv: mpv used < 1 tick\n"
		printf "memory reader - mpv: %+.1f MB (aim <= 15)\n", (rk - mk) / 1024
	}'
echo "start-up, left out of the windows above:"
echo "  mpv, launch + its first second playing: $(secs "$mpv_start") CPU s"
echo "  reader, launch to first frame + 1 s idle: $(secs "$f0") CPU s;" \
	"Space + its first second playing (libmpv loaded): $(secs $((r0 - f0))) CPU s"
echo "status line after ${PLAY} s playing: $status_playing"
echo "status line after ${PAUSED} s paused: $status_paused"
