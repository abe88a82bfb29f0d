/* test_player: the player against real libmpv with ao=null (which plays in
 * real time) on a WAV file the test writes itself: 30 s of a 400 Hz tone,
 * 16-bit mono, 8 kHz. Waits are poll() on player_fd() until the state
 * asked for is reached, with a generous deadline (PLAYER_WAIT): on a busy
 * machine libmpv's first audio can come seconds after the command, so no
 * check times how soon something happens. Rates (speed 1 against speed 2)
 * are read from windows of reports, the first window that shows the
 * expected rate passing. */
#include "buildspeak/player.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define WAV_SECONDS 30
#define WAV_RATE 8000
/* Seconds any wait may take before the state counts as not reached. */
#define PLAYER_WAIT 30.0
/* Seconds of wall clock a rate is measured over. */
#define RATE_WINDOW 1.5

static double fabs(double x)
{
	return x < 0 ? -x : x;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void put_le(FILE *f, uint32_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		fputc((v >> (8 * i)) & 0xff, f);
}

/* Writes a canonical 44-byte-header PCM WAV: a tone, so that any decoder
 * trouble would show as a position that does not move. */
static int write_wav(const char *path)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	uint32_t n = WAV_SECONDS * WAV_RATE, data = n * 2;
	fputs("RIFF", f);
	put_le(f, 36 + data, 4);
	fputs("WAVEfmt ", f);
	put_le(f, 16, 4);
	put_le(f, 1, 2);            /* PCM */
	put_le(f, 1, 2);            /* mono */
	put_le(f, WAV_RATE, 4);
	put_le(f, WAV_RATE * 2, 4); /* bytes per second */
	put_le(f, 2, 2);            /* block align */
	put_le(f, 16, 2);           /* bits per sample */
	fputs("data", f);
	put_le(f, data, 4);
	for (uint32_t i = 0; i < n; i++) {
		/* A 400 Hz triangle wave (no libm in the link). */
		int phase = i % 20, tri = phase < 10 ? phase : 20 - phase;
		put_le(f, (uint32_t)(uint16_t)(int16_t)((tri - 5) * 1600), 2);
	}
	return fclose(f);
}

/* What a wait watches for. */
typedef bool (*until_fn)(const struct player_state *st);

/* Runs the event loop for at most seconds, or until done(st) holds (done
 * NULL: for the whole time). Every state seen is passed to track (may be
 * NULL). Returns true if done held before the deadline. */
static bool pump(struct player *p, struct player_state *st, double seconds,
		 until_fn done,
		 void (*track)(const struct player_state *, unsigned))
{
	double deadline = now() + seconds;
	unsigned ch = player_handle_events(p, st);
	if (track)
		track(st, ch);
	for (;;) {
		if (done && done(st))
			return true;
		double left = deadline - now();
		if (left <= 0)
			return false;
		struct pollfd pfd = { .fd = player_fd(p), .events = POLLIN };
		int ms = (int)(left * 1000) + 1;
		if (poll(&pfd, 1, ms) < 0 && errno != EINTR)
			return false;
		ch = player_handle_events(p, st);
		if (track)
			track(st, ch);
	}
}

static bool is_loaded(const struct player_state *st)
{
	return st->loaded && !st->seeking;
}
static bool is_settled(const struct player_state *st)
{
	return !st->seeking;
}
static bool is_done_loading(const struct player_state *st)
{
	return !st->loading && (!st->seeking || !st->loaded);
}
static bool has_error(const struct player_state *st)
{
	return st->error[0] != '\0';
}
static bool at_eof(const struct player_state *st)
{
	return st->eof;
}

/* Range of positions seen, and how often it jumped back. */
static double seen_min, seen_max;
static int seen_back;
static double seen_prev;
static void track_range(const struct player_state *st, unsigned ch)
{
	(void)ch;
	if (st->position < seen_min)
		seen_min = st->position;
	if (st->position > seen_max)
		seen_max = st->position;
	if (st->position < seen_prev - 0.05)
		seen_back++;
	seen_prev = st->position;
}
static void track_reset(double pos)
{
	seen_min = seen_max = seen_prev = pos;
	seen_back = 0;
}

/* A window of position reports: the first one's wall-clock time and
 * position, and the rate expected (lo..hi media seconds a second). libmpv
 * reports time-pos in bursts (every 0.1-0.3 s with ao=null), each exact
 * when it arrives; a window closes at the first report RATE_WINDOW after
 * it opened, and passes when its rate is in range, else the next opens. */
static double win_t, win_pos, win_lo, win_hi, win_rate;
static bool win_open, win_passed;
static int n_windows;
static void track_rate(const struct player_state *st, unsigned ch)
{
	if (!(ch & PLAYER_CHANGED_POSITION) || st->seeking || win_passed)
		return;
	double t = now();
	if (!win_open) {
		win_open = true;
		win_t = t;
		win_pos = st->position;
		return;
	}
	if (t - win_t < RATE_WINDOW)
		return;
	win_rate = (st->position - win_pos) / (t - win_t);
	n_windows++;
	if (win_rate >= win_lo && win_rate <= win_hi)
		win_passed = true;
	win_t = t;
	win_pos = st->position;
}
static bool rate_passed(const struct player_state *st)
{
	(void)st;
	return win_passed;
}

/* Plays until the position moves at lo..hi media seconds per second of
 * wall clock over one window; false if no window did before PLAYER_WAIT. */
static bool plays_at(struct player *p, struct player_state *st, double lo,
		     double hi)
{
	win_open = win_passed = false;
	win_lo = lo;
	win_hi = hi;
	n_windows = 0;
	CHECK(player_set_paused(p, false) == 0);
	bool ok = pump(p, st, PLAYER_WAIT, rate_passed, track_rate);
	fprintf(stderr, "  rate %.3f in window %d (want %.1f-%.1f)\n",
		win_rate, n_windows, lo, hi);
	return ok;
}

/* Times the loop (A = 1.0) went round: a jump back after playing on from
 * A. After each jump time-pos reads up to a few hundred ms early (the
 * audio mpv buffered), so the position shown sits at A for a while and
 * turns back before it shows B: a round is a jump back from past A. */
static int rounds;
static void track_loop(const struct player_state *st, unsigned ch)
{
	if (st->position < seen_prev - 0.05 && seen_prev >= 1.05)
		rounds++;
	track_range(st, ch);
}
static bool looped_twice(const struct player_state *st)
{
	(void)st;
	return rounds >= 2;
}
static bool past_loop_end(const struct player_state *st)
{
	return st->position > 1.6;
}

int main(void)
{
	char dir[] = "/tmp/buildspeak-test-player-XXXXXX";
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	char wav[sizeof dir + 16];
	snprintf(wav, sizeof wav, "%s/tone.wav", dir);
	CHECK(write_wav(wav) == 0);

	char err[256] = "";
	struct player_config cfg = { .ao = "null" };

	/* libmpv is opened at run time: without it, player_new() fails with
	 * a message naming it, and a later attempt with it works. */
	char nolib[sizeof dir + 32];
	snprintf(nolib, sizeof nolib, "%s/no-libmpv.so.2", dir);
	setenv("BUILDSPEAK_LIBMPV", nolib, 1);
	CHECK(player_new(&cfg, err, sizeof err) == NULL);
	fprintf(stderr, "  without libmpv: %s\n", err);
	CHECK(strstr(err, "cannot load libmpv") != NULL);
	CHECK(strstr(err, "no-libmpv.so.2") != NULL);
	unsetenv("BUILDSPEAK_LIBMPV");

	struct player *p = player_new(&cfg, err, sizeof err);
	CHECK(p != NULL);
	if (!p) {
		fprintf(stderr, "player_new: %s\n", err);
		return check_result();
	}
	CHECK(player_fd(p) >= 0);
	struct player_state st;

	/* Seeking with nothing loaded is an error, not a crash. */
	CHECK(player_seek(p, 1.0) == -1);
	CHECK(player_state(p)->error[0] != '\0');

	/* Load paused: loaded at 0, the length known, nothing moving. */
	CHECK(player_load(p, wav, 0, true) == 0);
	CHECK(player_state(p)->loading);
	CHECK(player_state(p)->error[0] == '\0');
	CHECK(pump(p, &st, PLAYER_WAIT, is_loaded, NULL));
	CHECK(st.loaded && !st.loading && st.paused && !st.eof);
	CHECK(fabs(st.position) < 0.01);
	CHECK(fabs(st.duration - WAV_SECONDS) < 0.01);
	CHECK(st.speed == 1.0);

	/* Playing: the position follows the wall clock. */
	CHECK(plays_at(p, &st, 0.7, 1.3));
	CHECK(!st.paused);

	/* Paused: the position freezes and the fd goes quiet (a paused reader
	 * must not wake up): once the events of the pause are in, 700 ms pass
	 * with nothing to read. */
	CHECK(player_set_paused(p, true) == 0);
	CHECK(player_state(p)->paused);
	double quiet_deadline = now() + PLAYER_WAIT;
	bool quiet = false;
	double frozen = st.position;
	while (!quiet && now() < quiet_deadline) {
		frozen = st.position;
		struct pollfd pfd = { .fd = player_fd(p), .events = POLLIN };
		quiet = poll(&pfd, 1, 700) == 0;
		player_handle_events(p, &st);
	}
	CHECK(quiet);
	CHECK(st.paused);
	CHECK(fabs(st.position - frozen) < 0.001);
	CHECK(frozen > 1.0 && frozen < WAV_SECONDS);

	/* Exact seek: the target is reported at once, never a stale position
	 * while it is in flight, and it lands within 50 ms. */
	CHECK(player_seek(p, 3.5) == 0);
	CHECK(player_state(p)->seeking);
	CHECK(player_state(p)->position == 3.5);
	track_reset(3.5);
	CHECK(pump(p, &st, PLAYER_WAIT, is_settled, track_range));
	CHECK(seen_min == 3.5);
	CHECK(fabs(st.position - 3.5) < 0.05);
	CHECK(st.paused);
	/* ...and stays there: the readings that follow the seek (mpv counts
	 * the audio it buffered against the target: 3.5 reads 3.35, often
	 * after a first reading of 3.5 itself) never show below it. */
	track_reset(3.5);
	pump(p, &st, 0.5, NULL, track_range);
	CHECK(seen_min == 3.5 && st.position == 3.5);

	/* Three seeks in a row (the arrow key held): only the last one counts,
	 * and nothing in between shows. */
	CHECK(player_seek(p, 1.0) == 0);
	CHECK(player_seek(p, 2.0) == 0);
	CHECK(player_seek(p, 3.0) == 0);
	CHECK(player_state(p)->position == 3.0);
	track_reset(3.0);
	CHECK(pump(p, &st, PLAYER_WAIT, is_settled, track_range));
	CHECK(seen_min == 3.0 && seen_max == 3.0);
	CHECK(fabs(st.position - 3.0) < 0.05);

	/* Speed 2: twice as fast, reported back. */
	CHECK(player_seek(p, 0.5) == 0);
	CHECK(pump(p, &st, PLAYER_WAIT, is_settled, NULL));
	CHECK(player_set_speed(p, 2.0) == 0);
	CHECK(plays_at(p, &st, 1.6, 2.4));
	CHECK(st.speed == 2.0);
	CHECK(player_set_paused(p, true) == 0);
	CHECK(player_set_speed(p, 1.0) == 0);
	CHECK(player_set_speed(p, -3) == -1);
	CHECK(player_state(p)->error[0] != '\0');

	/* A-B loop 1.0-1.5: playing goes round and stays inside. */
	CHECK(player_seek(p, 1.0) == 0);
	CHECK(pump(p, &st, PLAYER_WAIT, is_settled, NULL));
	CHECK(player_set_loop(p, 1.0, 1.5) == 0);
	CHECK(player_state(p)->looping);
	CHECK(player_set_loop(p, 2.0, 1.0) == -1);
	CHECK(player_state(p)->looping);
	CHECK(player_state(p)->position == 1.0);
	CHECK(player_set_paused(p, false) == 0);
	track_reset(1.0);
	rounds = 0;
	CHECK(pump(p, &st, PLAYER_WAIT, looped_twice, track_loop));
	fprintf(stderr, "  loop: %.3f .. %.3f, %d jumps back, %d rounds\n",
		seen_min, seen_max, seen_back, rounds);
	CHECK(seen_min >= 1.0 && seen_max <= 1.6);
	/* Cleared: it plays on past B. */
	CHECK(player_clear_loop(p) == 0);
	CHECK(!player_state(p)->looping);
	CHECK(pump(p, &st, PLAYER_WAIT, past_loop_end, NULL));
	CHECK(player_set_paused(p, true) == 0);

	/* The end: eof, paused there (keep-open), the position at the end;
	 * playing again starts over. */
	CHECK(player_seek(p, WAV_SECONDS - 0.8) == 0);
	CHECK(pump(p, &st, PLAYER_WAIT, is_settled, NULL));
	CHECK(player_set_paused(p, false) == 0);
	CHECK(pump(p, &st, PLAYER_WAIT, at_eof, NULL));
	pump(p, &st, 0.2, NULL, NULL);
	CHECK(st.eof && st.paused && st.loaded);
	CHECK(fabs(st.position - WAV_SECONDS) < 0.2);
	/* A jump back from the end stays paused there. */
	CHECK(player_seek(p, WAV_SECONDS - 2.0) == 0);
	CHECK(pump(p, &st, PLAYER_WAIT, is_settled, NULL));
	pump(p, &st, 0.4, NULL, NULL);
	CHECK(!st.eof && st.paused);
	CHECK(fabs(st.position - (WAV_SECONDS - 2.0)) < 0.05);
	/* Playing at the end starts over. */
	CHECK(player_seek(p, WAV_SECONDS - 0.2) == 0);
	CHECK(player_set_paused(p, false) == 0);
	CHECK(pump(p, &st, PLAYER_WAIT, at_eof, NULL));
	CHECK(player_set_paused(p, false) == 0);
	CHECK(pump(p, &st, PLAYER_WAIT, is_settled, NULL));
	CHECK(!st.eof && !st.paused);
	CHECK(st.position < WAV_SECONDS / 2);
	CHECK(player_set_paused(p, true) == 0);

	/* Resume: load at a saved position, paused. */
	CHECK(player_load(p, wav, 2.5, true) == 0);
	CHECK(player_state(p)->position == 2.5);
	CHECK(pump(p, &st, PLAYER_WAIT, is_loaded, NULL));
	CHECK(fabs(st.position - 2.5) < 0.05);
	CHECK(st.paused);
	/* A seek before the file is loaded is done once it is. */
	CHECK(player_load(p, wav, 0, true) == 0);
	CHECK(player_seek(p, 4.0) == 0);
	CHECK(player_state(p)->position == 4.0);
	CHECK(pump(p, &st, PLAYER_WAIT, is_loaded, NULL));
	CHECK(fabs(st.position - 4.0) < 0.05);

	/* A missing file: an error that says so, and the player still works. */
	char missing[sizeof dir + 32];
	snprintf(missing, sizeof missing, "%s/no-such-file.wav", dir);
	CHECK(player_load(p, missing, 0, false) == 0);
	CHECK(pump(p, &st, PLAYER_WAIT, has_error, NULL));
	fprintf(stderr, "  missing file: %s\n", st.error);
	CHECK(strstr(st.error, "no-such-file.wav") != NULL);
	CHECK(!st.loaded && !st.loading);
	CHECK(player_seek(p, 1.0) == -1);
	/* ...and a failure replaced by a good load at once is not reported
	 * against the good one. */
	CHECK(player_load(p, missing, 0, true) == 0);
	CHECK(player_load(p, wav, 1.0, true) == 0);
	CHECK(pump(p, &st, PLAYER_WAIT, is_loaded, NULL));
	pump(p, &st, 0.3, NULL, NULL);
	CHECK_STR(st.error, "");
	CHECK(st.loaded && fabs(st.position - 1.0) < 0.05);
	player_free(p);

	/* An audio output that does not exist: an error, not a crash, either
	 * at creation or at load. */
	cfg.ao = "no-such-audio-output";
	p = player_new(&cfg, err, sizeof err);
	if (!p) {
		fprintf(stderr, "  bad ao at creation: %s\n", err);
		CHECK(err[0] != '\0');
	} else {
		CHECK(player_load(p, wav, 0, false) == 0);
		CHECK(pump(p, &st, PLAYER_WAIT, is_done_loading, NULL));
		pump(p, &st, 0.3, NULL, NULL);
		fprintf(stderr, "  bad ao at load: %s\n", st.error);
		CHECK(!st.loaded);
		CHECK(strstr(st.error, "no-such-audio-output") != NULL);
		player_free(p);
	}
	player_free(NULL);

	unlink(wav);
	rmdir(dir);
	return check_result();
}
