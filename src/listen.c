/* listen: the listening state machine and the player command queue. */
#include "buildspeak/listen.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buildspeak/alloc.h"

struct listen {
	listen_say_fn *say;        /* the status line */
	void *say_ctx;

	const struct episode *ep;  /* borrowed: the open episode, or NULL */
	bool player_ok;            /* the loop has a working player */
	bool player_failed;        /* ... because it failed, not --no-audio */
	bool audio_missing;        /* the episode's audio file is not there */
	struct player_state ps;    /* the player's state as last reported */
	bool want_play;            /* the user asked to play (not paused) */
	double position;           /* seconds: where playback is or would
				      start; follows ps.position when loaded */
	int speed;                 /* tenths: 5 .. 20 (0.5x .. 2.0x) */
	bool loop;                 /* the current sentence loops (A-B) */
	bool autopause;            /* pause at the end of every sentence */
	double autopause_at;       /* seconds: the next stop at a sentence's
				      end (auto-pause, repeat, shadowing);
				      < 0 none */
	size_t end_seg;            /* the sentence autopause_at ends */
	double shadow;             /* shadowing: after each sentence, a pause
				      of this many times its length; 0 off */
	bool shadow_wait;          /* paused for the learner's turn */
	double shadow_until;       /* loop clock: when the turn ends */
	bool wait_replays;         /* after the turn, the sentence again */
	int repeat_total;          /* plays of repeat_seg asked for; 0 none */
	int repeat_done;           /* plays of it finished */
	size_t repeat_seg;         /* the sentence being repeated */
	long long ep_id;           /* the episode's library id (messages) */
	double jump_floor;         /* seconds: start of the sentence last
				      jumped to; a position read a little
				      before it is taken as it (libmpv can
				      read early after a seek); < 0 none */
	bool autopaused;           /* paused by auto-pause, not yet resumed */
	/* The playback clock, for the auto-pause deadline: playback was at
	 * clock_pos when the loop's monotonic clock read clock_at, and runs
	 * at ps.speed from there while playing. Set by listen_player() from
	 * its now; never read from a clock here. */
	double clock_pos;          /* seconds of the episode */
	double clock_at;           /* seconds on the loop's monotonic clock */
	struct listen_pcmd *pcmds; /* the player command queue, owned */
	size_t n_pcmds, cap_pcmds; /* queued, allocated */
	size_t pcmd_head;          /* next to hand out */
};

static void listen_say(struct listen *l, bool sticky, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void listen_end_wait(struct listen *l);

static void listen_say(struct listen *l, bool sticky, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (l->say)
		l->say(l->say_ctx, sticky, msg);
	free(msg);
}

struct listen *listen_new(listen_say_fn *say, void *ctx)
{
	struct listen *l = xcalloc(1, sizeof *l);
	l->say = say;
	l->say_ctx = ctx;
	l->speed = 10;
	l->autopause_at = -1;
	l->jump_floor = -1;
	return l;
}

void listen_free(struct listen *l)
{
	if (!l)
		return;
	for (size_t i = l->pcmd_head; i < l->n_pcmds; i++)
		free(l->pcmds[i].path);
	free(l->pcmds);
	free(l);
}

/* ---- the player command queue --------------------------------------------- */

static void listen_pcmd(struct listen *l, enum listen_pcmd_type type,
			double x, double y, const char *path)
{
	if (l->pcmd_head == l->n_pcmds)
		l->pcmd_head = l->n_pcmds = 0;
	l->pcmds = xgrowarray(l->pcmds, &l->cap_pcmds, l->n_pcmds + 1,
		sizeof l->pcmds[0]);
	l->pcmds[l->n_pcmds++] = (struct listen_pcmd){type, x, y,
						       xstrdup(path)};
}

bool listen_next_pcmd(struct listen *l, struct listen_pcmd *out)
{
	if (l->pcmd_head >= l->n_pcmds)
		return false;
	*out = l->pcmds[l->pcmd_head++];
	return true;
}

/* ---- the episode --------------------------------------------------------- */

double listen_seg_end(const struct episode *ep, size_t i)
{
	const struct segment *s = &ep->segments[i];
	if (s->end > s->start)
		return s->end;
	if (i + 1 < ep->n_segments && ep->segments[i + 1].start > s->start)
		return ep->segments[i + 1].start;
	return s->start + 1;
}

/* What plays -- the episode's audio, else the page's source link (libmpv
 * plays such links through yt-dlp where it and the network are there;
 * where not, the failure says so). "" for none. */
static const char *listen_source(const struct listen *l)
{
	if (!l->ep)
		return "";
	return l->ep->audio[0] ? l->ep->audio : l->ep->source_url;
}

static bool listen_busy(const struct listen *l)
{
	return l->ps.loaded || l->ps.loading;
}

void listen_set_player_ok(struct listen *l, bool ok)
{
	l->player_ok = ok;
}

bool listen_has_player(const struct listen *l)
{
	return l->player_ok;
}

void listen_player_failed(struct listen *l, const char *msg)
{
	l->player_ok = false;
	l->player_failed = true;
	listen_say(l, true, "audio unavailable (%s): reading only", msg);
}

/* Playback stops at the end of the sentence: for auto-pause, a repeat
 * or the shadowing pause. */
static bool listen_stops(const struct listen *l)
{
	return l->autopause || l->shadow > 0 || l->repeat_total > 0;
}

bool listen_has_audio(const struct listen *l)
{
	return l->ep && listen_source(l)[0] && !l->audio_missing &&
	       l->player_ok;
}

void listen_open(struct listen *l, const struct episode *ep, long long id,
		 size_t cur, double position)
{
	l->ep_id = id;
	l->shadow_wait = false;
	l->repeat_total = l->repeat_done = 0;
	if (listen_busy(l))
		listen_pcmd(l, LISTEN_PCMD_STOP, 0, 0, NULL);
	memset(&l->ps, 0, sizeof l->ps);
	l->ps.paused = true;
	l->ps.speed = l->speed / 10.0;
	l->ep = ep;
	l->want_play = false;
	l->loop = false;
	l->autopaused = false;
	l->autopause_at = -1;
	l->jump_floor = -1;
	l->audio_missing = false;
	l->position = 0;
	if (!ep)
		return;
	if (ep->audio[0] && !episode_audio_is_url(ep->audio) &&
	    access(ep->audio, R_OK) != 0) {
		l->audio_missing = true;
		listen_say(l, true, "audio file not found: %s -- reading only",
			   ep->audio);
	}
	if (cur < ep->n_segments) {
		double s = ep->segments[cur].start;
		double e = listen_seg_end(ep, cur);
		l->position = position >= s && position < e ? position : s;
	}
}

/* The auto-pause point for playback starting at position p: the end of
 * p's sentence, or of the next one when p is already at that end (so Space
 * after an auto-pause goes on into the next sentence). */
static double listen_next_autopause(struct listen *l, double p)
{
	long s = episode_segment_at(l->ep, p);
	if (s < 0)
		return -1;
	double end = listen_seg_end(l->ep, (size_t)s);
	if (p >= end - 0.3 && (size_t)s + 1 < l->ep->n_segments)
		end = listen_seg_end(l->ep, (size_t)++s);
	l->end_seg = (size_t)s;
	return end;
}

/* Sets the next stop at a sentence's end for playback from p, or none. */
static void listen_arm(struct listen *l, double p)
{
	l->autopause_at = listen_stops(l) && l->ep && l->ep->n_segments
				  ? listen_next_autopause(l, p)
				  : -1;
}

/* Moves playback to t, in sentence i: the loop goes with it, a repeat of
 * another sentence ends, a shadowing turn ends with playback going on. */
static void listen_go(struct listen *l, double t, size_t i)
{
	bool was_loop_seg = l->loop && i < l->ep->n_segments;
	l->position = t;
	l->jump_floor = t;
	l->autopaused = false;
	if (l->repeat_total && l->repeat_seg != i)
		l->repeat_total = l->repeat_done = 0;
	if (listen_busy(l)) {
		listen_pcmd(l, LISTEN_PCMD_SEEK, t, 0, NULL);
		if (was_loop_seg)
			listen_pcmd(l, LISTEN_PCMD_LOOP, l->ep->segments[i].start,
				    listen_seg_end(l->ep, i), NULL);
	}
	if (l->shadow_wait) {
		l->shadow_wait = false;
		l->want_play = true;
		if (listen_busy(l))
			listen_pcmd(l, LISTEN_PCMD_PLAY, 0, 0, NULL);
	}
	if (listen_stops(l)) {
		l->autopause_at = listen_seg_end(l->ep, i);
		l->end_seg = i;
	}
}

long listen_seek(struct listen *l, double t)
{
	if (!l->ep || !l->ep->n_segments)
		return -1;
	double last = listen_seg_end(l->ep, l->ep->n_segments - 1);
	double dur = l->ep->duration > last ? l->ep->duration : last;
	if (!(t > 0))
		t = 0;
	if (t > dur)
		t = dur;
	long s = episode_segment_at(l->ep, t);
	if (s < 0)
		return -1;
	listen_go(l, t, (size_t)s);
	return s;
}

void listen_jump(struct listen *l, size_t i)
{
	if (!l->ep || i >= l->ep->n_segments)
		return;
	double t = l->ep->segments[i].start;
	listen_go(l, t, i);
}

/* ---- playing ---------------------------------------------------------------- */

/* Why Space cannot play, for the status line. */
/* The episode's id as the CLI takes it ("ID" when it has none, as in
 * tests). */
static const char *listen_id(const struct listen *l, char *buf, size_t size)
{
	if (l->ep_id > 0)
		snprintf(buf, size, "%lld", l->ep_id);
	else
		snprintf(buf, size, "ID");
	return buf;
}

static void listen_say_no_audio(struct listen *l)
{
	char id[24];
	if (!l->ep)
		listen_say(l, false, "open an episode first");
	else if (!listen_source(l)[0])
		listen_say(l, false, "no audio: set a file with 'buildspeak "
			   "audio %s FILE'", listen_id(l, id, sizeof id));
	else if (l->audio_missing)
		listen_say(l, false, "audio file not found: %s (set another "
			   "with 'buildspeak audio %s FILE')", l->ep->audio,
			   listen_id(l, id, sizeof id));
	else if (!l->player_failed)
		listen_say(l, false, "audio is off (--no-audio): reading only");
	else
		listen_say(l, false, "audio is not available: reading only");
}

static void listen_start(struct listen *l, size_t cur)
{
	l->want_play = true;
	l->autopaused = false;
	l->shadow_wait = false;
	listen_arm(l, l->position);
	if (!listen_busy(l)) {
		listen_pcmd(l, LISTEN_PCMD_LOAD, l->position, 0,
			    listen_source(l));
		if (!l->ep->audio[0])
			listen_say(l, false, "playing the page's source link "
				   "(needs yt-dlp and the network)");
		l->ps.loading = true;
		if (l->speed != 10)
			listen_pcmd(l, LISTEN_PCMD_SPEED, l->speed / 10.0, 0,
				    NULL);
		if (l->loop)
			listen_pcmd(l, LISTEN_PCMD_LOOP,
				    l->ep->segments[cur].start,
				    listen_seg_end(l->ep, cur), NULL);
	} else {
		listen_pcmd(l, LISTEN_PCMD_PLAY, 0, 0, NULL);
	}
}

void listen_play_pause(struct listen *l, size_t cur)
{
	if (!listen_has_audio(l)) {
		listen_say_no_audio(l);
		return;
	}
	if (l->shadow_wait) {
		/* The learner's turn is over early: go on now. */
		listen_end_wait(l);
	} else if (l->want_play) {
		l->want_play = false;
		listen_pcmd(l, LISTEN_PCMD_PAUSE, 0, 0, NULL);
	} else {
		listen_start(l, cur);
	}
}

void listen_replay(struct listen *l, size_t cur)
{
	if (!listen_has_audio(l)) {
		listen_say_no_audio(l);
		return;
	}
	if (!l->want_play || !listen_busy(l))
		listen_start(l, cur);
}

void listen_speed_step(struct listen *l, int delta)
{
	int tenths = delta ? l->speed + delta : 10;
	if (!delta && l->speed == 10)
		return;
	if (tenths < LISTEN_SPEED_MIN)
		tenths = LISTEN_SPEED_MIN;
	if (tenths > LISTEN_SPEED_MAX)
		tenths = LISTEN_SPEED_MAX;
	if (tenths == l->speed) {
		listen_say(l, false, "speed %.1fx is the %s", tenths / 10.0,
			   tenths == LISTEN_SPEED_MIN ? "slowest" : "fastest");
		return;
	}
	l->speed = tenths;
	listen_pcmd(l, LISTEN_PCMD_SPEED, tenths / 10.0, 0, NULL);
}

void listen_toggle_loop(struct listen *l, size_t cur)
{
	if (!l->ep || cur >= l->ep->n_segments)
		return;
	l->loop = !l->loop;
	if (l->loop) {
		double s = l->ep->segments[cur].start;
		double e = listen_seg_end(l->ep, cur);
		if (listen_busy(l)) {
			listen_pcmd(l, LISTEN_PCMD_LOOP, s, e, NULL);
			double p = l->ps.position;
			if (p < s || p >= e)
				listen_pcmd(l, LISTEN_PCMD_SEEK, s, 0, NULL);
		}
		l->position = l->position < s || l->position >= e
				      ? s
				      : l->position;
		listen_say(l, false, "looping sentence %zu", cur + 1);
	} else {
		if (listen_busy(l))
			listen_pcmd(l, LISTEN_PCMD_LOOP_OFF, 0, 0, NULL);
		/* Auto-pause waits while a loop is on (the loop is what the
		 * user asked for); off, it stops at this sentence's end. */
		listen_arm(l, l->position);
		listen_say(l, false, "loop off");
	}
}

void listen_toggle_autopause(struct listen *l)
{
	l->autopause = !l->autopause;
	listen_arm(l, l->position);
	listen_say(l, false, "auto-pause at each sentence end: %s",
		   l->autopause ? "on" : "off");
}

/* ---- the playback clock and auto-pause ------------------------------------- */

/* Playback is running, so the clock moves. */
static bool listen_clock_runs(const struct player_state *ps)
{
	return ps->loaded && !ps->loading && !ps->paused && !ps->seeking &&
	       !ps->eof;
}

static double listen_clock_speed(const struct player_state *ps)
{
	return ps->speed > 0 ? ps->speed : 1.0;
}

/* Moves the playback clock's reference to what the player reports at now:
 * a reported position is the best reference; a speed change alone
 * re-anchors where the old speed had taken playback, so the time before
 * the change is not counted at the new speed. */
static void listen_clock_update(struct listen *l,
				const struct player_state *old,
				const struct player_state *ps,
				unsigned changed, double now)
{
	if ((changed & (PLAYER_CHANGED_POSITION | PLAYER_CHANGED_SEEK)) ||
	    !listen_clock_runs(old) || !listen_clock_runs(ps)) {
		l->clock_pos = ps->position;
	} else if (changed & PLAYER_CHANGED_SPEED) {
		l->clock_pos += (now - l->clock_at) * listen_clock_speed(old);
	} else {
		return; /* nothing new: keep the last report's reference */
	}
	l->clock_at = now;
}

double listen_next_deadline(const struct listen *l)
{
	if (l->ep && l->shadow_wait)
		return l->shadow_until;
	if (!l->ep || !listen_stops(l) || l->autopause_at < 0 || !l->want_play ||
	    l->loop || !listen_clock_runs(&l->ps))
		return -1;
	double d = l->clock_at + (l->autopause_at - l->clock_pos) /
					 listen_clock_speed(&l->ps);
	return d > 0 ? d : 0;
}

/* Pauses on end, the end of a sentence: an exact seek puts the position
 * on the end itself, so playing on starts the next sentence from its
 * first sample. */
static void listen_stop_at(struct listen *l, double end)
{
	listen_pcmd(l, LISTEN_PCMD_PAUSE, 0, 0, NULL);
	listen_pcmd(l, LISTEN_PCMD_SEEK, end, 0, NULL);
	l->want_play = false;
	l->autopause_at = -1;
	l->position = end;
}

/* The learner's turn is over: the sentence again (a repeat), or on into
 * the next one. */
static void listen_end_wait(struct listen *l)
{
	l->shadow_wait = false;
	if (l->wait_replays) {
		double s = l->ep->segments[l->repeat_seg].start;
		listen_pcmd(l, LISTEN_PCMD_SEEK, s, 0, NULL);
		l->position = s;
		l->jump_floor = s;
	}
	l->want_play = true;
	listen_pcmd(l, LISTEN_PCMD_PLAY, 0, 0, NULL);
	listen_arm(l, l->position);
}

bool listen_timer(struct listen *l, double now)
{
	if (l->ep && l->shadow_wait) {
		if (now < l->shadow_until)
			return false;
		listen_end_wait(l);
		return true;
	}
	double d = listen_next_deadline(l);
	if (d < 0 || now < d)
		return false;
	/* The pause lands a moment after the end (the loop's wake-up, the
	 * command's way into mpv); the seek puts the position on the end
	 * itself. */
	double end = l->autopause_at;
	size_t seg = l->end_seg;
	double len = end - l->ep->segments[seg].start;
	bool repeating = l->repeat_total && l->repeat_seg == seg;
	if (repeating && ++l->repeat_done < l->repeat_total) {
		if (l->shadow > 0) {
			listen_stop_at(l, end);
			l->shadow_wait = true;
			l->wait_replays = true;
			l->shadow_until = now + l->shadow * len;
			return true;
		}
		/* Again from the start, playing on. */
		double s = l->ep->segments[seg].start;
		listen_pcmd(l, LISTEN_PCMD_SEEK, s, 0, NULL);
		l->position = l->clock_pos = s;
		l->clock_at = now;
		l->jump_floor = s;
		listen_arm(l, s);
		return true;
	}
	if (repeating)
		l->repeat_total = l->repeat_done = 0;
	if (l->autopause) {
		listen_stop_at(l, end);
		l->autopaused = true;
	} else if (l->shadow > 0) {
		listen_stop_at(l, end);
		l->shadow_wait = true;
		l->wait_replays = false;
		l->shadow_until = now + l->shadow * len;
	} else {
		/* A repeat ended with nothing else to stop for: play on. */
		listen_arm(l, end);
		return false;
	}
	return true;
}

long listen_player(struct listen *l, const struct player_state *ps,
		   unsigned changed, double now, size_t cur)
{
	bool was_busy = listen_busy(l);
	struct player_state old = l->ps;
	l->ps = *ps;
	listen_clock_update(l, &old, ps, changed, now);
	if (!l->ep)
		return -1;
	if ((changed & PLAYER_CHANGED_ERROR) && ps->error[0]) {
		l->want_play = false;
		char id[24];
		/* The fix first: the reason is mpv's, often long. */
		if (!l->ep->audio[0])
			listen_say(l, true, "no audio: set a file with "
				   "'buildspeak audio %s FILE' -- the source "
				   "link cannot play here: %s",
				   listen_id(l, id, sizeof id), ps->error);
		else
			listen_say(l, true, "audio: %s", ps->error);
	}
	if (!listen_busy(l)) {
		if (was_busy)
			l->want_play = false;
		return -1;
	}
	if ((changed & PLAYER_CHANGED_PAUSE) && ps->loaded && !ps->loading)
		l->want_play = !ps->paused;
	if ((changed & PLAYER_CHANGED_EOF) && ps->eof) {
		l->want_play = false;
		listen_say(l, false, "end of the episode");
	}
	if (!(changed & (PLAYER_CHANGED_POSITION | PLAYER_CHANGED_SEEK)))
		return -1;
	double p = ps->position;
	l->position = p;
	/* A report already at or past the end (the loop was late to wake):
	 * do now what the deadline would have. */
	bool acted = listen_timer(l, now);
	/* The position moves the current sentence, except inside a loop
	 * (whose edges can read early), after an auto-pause or in a
	 * shadowing turn (it rests on the sentence's end, which is the next
	 * one's start), and when the sentence just began again. */
	if (acted || l->loop || l->autopaused || l->shadow_wait)
		return -1;
	/* Paused, the user's choice stands: a paused position only jitters
	 * (a seek can read a little early), it does not move. */
	if (!l->want_play || ps->paused)
		return -1;
	/* Just after a jump the position can read a little before the
	 * sentence's start: not a reason to go back to the one before. */
	if (l->jump_floor >= 0) {
		if (p < l->jump_floor && p > l->jump_floor - 1.0)
			p = l->jump_floor;
		else
			l->jump_floor = -1;
	}
	long s = episode_segment_at(l->ep, p);
	if (s >= 0 && (size_t)s != cur)
		return s;
	return -1;
}

/* ---- for the status line and saving ----------------------------------------- */

bool listen_playing(const struct listen *l) { return l->want_play; }
int listen_speed(const struct listen *l) { return l->speed; }
bool listen_looping(const struct listen *l) { return l->loop; }
bool listen_autopause(const struct listen *l) { return l->autopause; }
bool listen_autopaused(const struct listen *l) { return l->autopaused; }
double listen_shadow(const struct listen *l) { return l->shadow; }
bool listen_shadow_waiting(const struct listen *l) { return l->shadow_wait; }

void listen_set_shadow(struct listen *l, double factor)
{
	l->shadow = factor > 0 ? factor : 0;
	if (!(l->shadow > 0) && l->shadow_wait) {
		l->shadow_wait = false; /* the turn ends here, paused */
	}
	listen_arm(l, l->position);
}

int listen_repeat(const struct listen *l, int *total)
{
	if (total)
		*total = l->repeat_total;
	return l->repeat_total ? l->repeat_done + 1 : 0;
}

void listen_repeat_start(struct listen *l, size_t cur, int times)
{
	if (!l->ep || cur >= l->ep->n_segments)
		return;
	if (times < 1 || (l->repeat_total && l->repeat_seg == cur)) {
		l->repeat_total = l->repeat_done = 0; /* again: stop */
		listen_arm(l, l->position);
		listen_say(l, false, "repeat off");
		return;
	}
	if (!listen_has_audio(l)) {
		listen_say_no_audio(l);
		return;
	}
	l->repeat_total = times;
	l->repeat_done = 0;
	l->repeat_seg = cur;
	double s = l->ep->segments[cur].start;
	listen_go(l, s, cur);
	if (!l->want_play || !listen_busy(l))
		listen_start(l, cur);
	else
		listen_arm(l, s);
}
const struct player_state *listen_state(const struct listen *l)
{
	return &l->ps;
}

double listen_position(const struct listen *l)
{
	return listen_busy(l) ? l->ps.position : l->position;
}

double listen_target(const struct listen *l)
{
	return l->position;
}
