#!/bin/bash
# bench_reader: what the reader costs -- time to the first complete frame
# and per → key press (and per press of the seek, jump-to-time, reveal,
# repeat, shadowing and glossary-Enter commands beside it), on the sample (147 segments) and on a generated
# 10,000-segment episode. Issue 3's aim: first frame under 50 ms, a key
# press under 2 ms, the 10,000-segment figures no more than 1.3x the
# sample's. Figures only, no assertions.
#
# Two measurements:
#  1. the app and the view on an in-memory screen (tests/bench_reader.c,
#     compiled here against the build's core library): CPU and wall time
#     of the reader's own work, no terminal in the way;
#  2. the real binary in tmux: wall time from launch until the first frame
#     is on the screen, the process's CPU time by then (/proc/PID/stat,
#     10 ms ticks), and the CPU for 1,000 → presses sent one send-keys at
#     a time, then 3 s idle (should be 0: no timers).
#
# Environment: BUILD (build directory, default build), BUILDSPEAK_BIN.
set -u

SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$SRCDIR/build}
BIN=${BUILDSPEAK_BIN:-$BUILD/buildspeak}
SAMPLE=$SRCDIR/data/sample.page.txt
TICK=$(getconf CLK_TCK)
PRESSES=1000

die() { echo "bench_reader: $*" >&2; exit 1; }
[ -x "$BIN" ] || die "no binary at $BIN (set BUILD or BUILDSPEAK_BIN)"
[ -f "$BUILD/libbuildspeak-core.a" ] || die "no core library in $BUILD"
command -v tmux >/dev/null || die "tmux not found"

TMP=$(mktemp -d /tmp/bench-reader.XXXXXX)
SOCK=bench-reader-$$
cleanup() {
	tmux -L "$SOCK" kill-server 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
export HOME=$TMP/home XDG_CONFIG_HOME=$TMP/home/.config \
	XDG_DATA_HOME=$TMP/home/.local/share LC_ALL=C.UTF-8
mkdir -p "$HOME"

# ---- the libraries: the sample, and 10,000 segments made from it -------
"$BIN" --db "$TMP/sample.db" import "$SAMPLE" >/dev/null ||
	die "cannot import the sample"
"$BIN" --db "$TMP/sample.db" show 1 --json >"$TMP/sample.json" ||
	die "cannot export the sample as JSON"
python3 - "$TMP/sample.json" "$TMP/long.json" <<'EOF'
import json, sys
ep = json.load(open(sys.argv[1]))
src = ep["segments"]
segs, t = [], 0.0
# The sample's sentences over and over, times running on: the same text
# mix (English, Chinese with glosses), 68 times as many segments.
for i in range(10000):
    s = dict(src[i % len(src)])
    length = max(1.0, s["end"] - s["start"])
    s["start"], s["end"] = t, t + length
    t += length + 1
    segs.append(s)
ep["segments"] = segs
ep["title"] = "Ten thousand segments"
ep.pop("id", None)
ep.pop("glossary", None)
json.dump(ep, open(sys.argv[2], "w"), ensure_ascii=False)
EOF
[ -s "$TMP/long.json" ] || die "cannot generate the long episode"
"$BIN" --db "$TMP/long.db" import "$TMP/long.json" >/dev/null ||
	die "cannot import the long episode"

# ---- 1. app + view on an in-memory screen --------------------------------
cc -O2 -std=c17 -D_GNU_SOURCE -I"$SRCDIR/include" \
	"$SRCDIR/tests/bench_reader.c" "$BUILD/libbuildspeak-core.a" \
	$(pkg-config --libs ncursesw sqlite3 zlib libzip) -lwordnet -ldl \
	-lunistring -lm \
	-o "$TMP/bench_reader" || die "cannot build tests/bench_reader.c"
echo "== app + view on an in-memory screen =="
for size in "100 30" "200 50"; do
	for db in sample long; do
		echo "-- $db, ${size/ /x}"
		BENCH_KEYS=$SRCDIR/data/keys.conf \
			"$TMP/bench_reader" "$TMP/$db.db" $size $PRESSES ||
			echo "(failed)"
	done
done

# ---- 2. the real binary in tmux -----------------------------------------
cpu_ticks() {
	sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }'
}
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) * 1000 }'; }
now() { date +%s.%N; }

# Waits until the status line shows "sentence WANT" (up to 20 s).
wait_sentence() {
	local want=$1 end=$((SECONDS + 20))
	while [ $SECONDS -lt $end ]; do
		tmux -L "$SOCK" capture-pane -p 2>/dev/null |
			grep -q "sentence $want " && return 0
		sleep 0.002
	done
	return 1
}

echo
echo "== the real binary in tmux (100x30) =="
for db in sample long; do
	tmux -L "$SOCK" kill-server 2>/dev/null
	n=$("$BIN" --db "$TMP/$db.db" list --json |
		python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["segments"])')
	"$BIN" --db "$TMP/$db.db" show 1 >/dev/null # warm the page cache
	t0=$(now)
	tmux -L "$SOCK" -f /dev/null new-session -d -x 100 -y 30 \
		"exec $BIN --db $TMP/$db.db"
	pid=$(tmux -L "$SOCK" display -p '#{pane_pid}')
	wait_sentence "1/$n" || { echo "$db: no first frame"; continue; }
	t1=$(now)
	c1=$(cpu_ticks "$pid")
	# 1,000 presses, one send-keys each; on the sample, g at the end
	# goes back to the start (a jump too).
	cur=1
	t2=$(now)
	for i in $(seq $PRESSES); do
		if [ $cur -lt "$n" ]; then
			tmux -L "$SOCK" send-keys Right
			cur=$((cur + 1))
		else
			tmux -L "$SOCK" send-keys g
			cur=1
		fi
	done
	wait_sentence "$cur/$n" || echo "$db: did not reach sentence $cur"
	t3=$(now)
	c2=$(cpu_ticks "$pid")
	sleep 3
	c3=$(cpu_ticks "$pid")
	echo "-- $db ($n segments)"
	echo "first frame on screen: $(ms "$t0" "$t1") ms wall (tmux start" \
		"and polling included); CPU by then: $(ms 0 "$(awk -v c="$c1" \
		-v t="$TICK" 'BEGIN { print c / t }')") ms"
	echo "$PRESSES presses: $(ms 0 "$(awk -v c="$((c2 - c1))" -v t="$TICK" \
		'BEGIN { print c / t }')") ms CPU in all," \
		"$(awk -v c="$((c2 - c1))" -v t="$TICK" -v n=$PRESSES \
		'BEGIN { printf "%.3f", c / t * 1000 / n }') ms per press" \
		"($(ms "$t2" "$t3") ms wall, mostly tmux)"
	echo "idle 3 s: $((c3 - c2)) CPU ticks"
	tmux -L "$SOCK" send-keys q
done
