/* player: audio playback through libmpv, driven from the reader's poll()
 * loop through a wakeup pipe. See include/buildspeak/player.h.
 *
 * Five things libmpv does asynchronously shape this file:
 *  - events of a file replaced by a newer load may still be queued: a load
 *    is identified by the playlist_entry_id loadfile returns, and only
 *    events of that entry count;
 *  - time-pos is stale between a seek command and the PLAYBACK_RESTART that
 *    ends it: meanwhile the state shows the seek's target. Seeks are sent
 *    with mpv_command_async so that the command's reply marks, in the event
 *    queue, where events caused by this seek can start (a PLAYBACK_RESTART
 *    queued before the reply belongs to an older seek);
 *  - after a seek, time-pos can read below the target for a while: seeking
 *    while paused, mpv 0.35 subtracts the audio it buffered (ao=null: 3.5
 *    reads 3.35 until play resumes), and after an A-B loop's jump back the
 *    audio still buffered from before B is counted against A. A position
 *    before the latest seek target cannot be real, so it is shown as the
 *    target until time-pos has gone past it (the "floor"): the first
 *    reading is often the target itself, the early ones come after it;
 *  - property values arrive coalesced and lazily: duration is read once
 *    synchronously on FILE_LOADED instead of trusting a change event that
 *    may have been delivered (and dropped as stale) while loading;
 *  - log messages are delivered after the events queued with them, so a
 *    failed load's explanation usually arrives after its END_FILE, and lines
 *    of the previous file may come after the new load: recent error lines
 *    are kept and the message is rebuilt from the first one that fits the
 *    kind of failure.
 *
 * libmpv is not linked: it pulls in ~230 shared libraries (48 MiB, ~150 ms
 * of CPU at every start), which every `buildspeak list` would pay for. It
 * is opened with dlopen() by the first player_new() -- the reader creates
 * its player when the user first plays -- and its functions are called
 * through a table of pointers resolved then (struct player_mpv_api), typed from
 * <mpv/client.h> itself, so a prototype can never disagree with the
 * header. Only the header is used at build time. */
#include "buildspeak/player.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h> /* isfinite only: the core does not link libm */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mpv/client.h>

#include "buildspeak/alloc.h"

/* The shared library's name: the soname of libmpv's API 2 (Debian's
 * libmpv2 package). $BUILDSPEAK_LIBMPV may name another file. */
#define PLAYER_LIBMPV "libmpv.so.2"

/* The libmpv functions this file calls, as X(name) for mpv_<name>. */
#define PLAYER_MPV_FUNCTIONS(X) \
	X(client_api_version) X(create) X(initialize) \
	X(terminate_destroy) X(error_string) X(set_option_string) \
	X(request_log_messages) X(observe_property) X(set_wakeup_callback) \
	X(wait_event) X(command) X(command_async) X(command_ret) \
	X(free_node_contents) X(get_property) X(set_property) \
	X(set_property_string)

/* Pointers to those functions in the dlopen()ed libmpv: api.create is
 * mpv_create, and so on. */
struct player_mpv_api {
#define PLAYER_MPV_POINTER(name) __typeof__(mpv_##name) *name;
	PLAYER_MPV_FUNCTIONS(PLAYER_MPV_POINTER)
#undef PLAYER_MPV_POINTER
};

/* Seconds past a seek's target that time-pos must read before the floor
 * (below) lets go: more than the millisecond the target is rounded to when
 * sent, less than the ~50 ms between two readings while playing. */
#define PLAYER_FLOOR_PAST 0.01

/* Error lines of mpv's log kept to explain a failure. */
#define PLAYER_LOGS 8

/* reply_userdata of the observed properties. */
enum {
	PROP_TIME_POS = 1,
	PROP_PAUSE,
	PROP_EOF,
	PROP_DURATION,
	PROP_SPEED,
};

/* Seek commands carry reply_userdata SEEK_TAG | generation, so their
 * replies are told apart from the observed properties' ids. */
#define SEEK_TAG (UINT64_C(1) << 63)

struct player {
	struct player_mpv_api api; /* libmpv's functions (see the top) */
	mpv_handle *mpv;
	int wake[2];             /* wakeup pipe: [0] polled by the caller,
				    [1] written by libmpv's threads */
	struct player_state st;  /* what the caller sees */
	bool mpv_paused;         /* mpv's pause property as last set or seen */
	unsigned changed;        /* PLAYER_CHANGED_* bits not yet returned by
				    player_handle_events() */
	int64_t entry_id;        /* playlist entry of the current load; 0 when
				    nothing is loaded or loading */
	int64_t started_id;      /* entry of the last MPV_EVENT_START_FILE */
	bool adopt_next;         /* the current entry redirected (ytdl
				    playlist): the next START_FILE is ours */
	bool pending_seek;       /* player_seek() while loading: seek to
				    pending_target once the file is loaded */
	double pending_target;   /* seconds */
	uint64_t seek_gen;       /* generation of the latest seek command */
	bool seek_acked;         /* its reply arrived: the next PLAYBACK_RESTART
				    ends it */
	bool floor_active;       /* time-pos below floor is not real (above) */
	double floor;            /* seconds: the latest seek's target */
	long second;             /* whole seconds of position last reported */
	char logs[PLAYER_LOGS][160]; /* recent error lines "prefix: text",
					oldest first, since the last load */
	int n_logs;
	int fail_code;           /* mpv error of the failed load; 0 if none */
};

/* Called by libmpv from any of its threads: only a write to the pipe
 * (async-signal-safe, thread-safe). A full pipe already means "wake up". */
static void player_wakeup(void *data)
{
	struct player *p = data;
	ssize_t n = write(p->wake[1], "", 1);
	(void)n;
}

/* Formats an error message into the state and flags it. */
static void player_fail(struct player *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void player_fail(struct player *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->st.error, sizeof p->st.error, fmt, ap);
	va_end(ap);
	p->changed |= PLAYER_CHANGED_ERROR;
}

/* Returns 0, or -1 with the failure of what recorded in the state. */
static int player_check(struct player *p, int rc, const char *what)
{
	if (rc >= 0)
		return 0;
	player_fail(p, "%s: %s", what, p->api.error_string(rc));
	return -1;
}

/* Sets the reported position, clamped to the file and, while looping, to
 * the loop (mpv's time-pos can read a little outside the loop around the
 * jump back), and flags what changed. */
static void player_set_position(struct player *p, double pos)
{
	if (!isfinite(pos) || pos < 0)
		pos = 0;
	if (p->st.duration > 0 && pos > p->st.duration)
		pos = p->st.duration;
	if (p->st.looping) {
		if (pos < p->st.loop_a)
			pos = p->st.loop_a;
		if (pos > p->st.loop_b)
			pos = p->st.loop_b;
	}
	if (pos != p->st.position) {
		p->st.position = pos;
		p->changed |= PLAYER_CHANGED_POSITION;
	}
	long sec = (long)pos; /* pos >= 0: truncation is floor */
	if (sec != p->second) {
		p->second = sec;
		p->changed |= PLAYER_CHANGED_SECOND;
	}
}

/* The reported pause: mpv's, or stopped at the end. keep-open stops there
 * with mpv's pause off (eof-reached comes while the audio output still
 * plays its buffer, so pausing mpv then would cut the last words off). */
static void player_update_paused(struct player *p)
{
	bool paused = p->mpv_paused || p->st.eof;
	if (paused != p->st.paused) {
		p->st.paused = paused;
		p->changed |= PLAYER_CHANGED_PAUSE;
	}
}

/* Reads a double property now; false when it is unavailable. */
static bool player_get_double(struct player *p, const char *name, double *v)
{
	return p->api.get_property(p->mpv, name, MPV_FORMAT_DOUBLE, v) >= 0;
}

/* Writes seconds (>= 0, finite) as mpv reads a time, "12.345": integer
 * milliseconds, immune to LC_NUMERIC and exact enough. */
static void player_format_seconds(double seconds, char buf[32])
{
	long long ms = (long long)(seconds * 1000.0 + 0.5);
	snprintf(buf, 32, "%lld.%03lld", ms / 1000, ms % 1000);
}

/* Sends "seek <target> absolute+exact" (argument array, never a command
 * string built from data) and marks the state as seeking there. */
static int player_send_seek(struct player *p, double target)
{
	char arg[32];
	player_format_seconds(target, arg);
	const char *cmd[] = { "seek", arg, "absolute+exact", NULL };
	p->seek_gen++;
	int rc = p->api.command_async(p->mpv, SEEK_TAG | p->seek_gen, cmd);
	if (player_check(p, rc, "seek") < 0)
		return -1;
	p->seek_acked = false;
	p->floor = target;
	p->floor_active = true;
	if (!p->st.seeking)
		p->changed |= PLAYER_CHANGED_SEEK;
	p->st.seeking = true;
	if (p->st.eof) {
		p->st.eof = false;
		p->changed |= PLAYER_CHANGED_EOF;
		player_update_paused(p);
	}
	player_set_position(p, target);
	return 0;
}

/* Ends the seek in flight. An exact seek lands on its target, which the
 * state already shows (time-pos may not say so yet: see the floor); a seek
 * that failed leaves the position where mpv has it. */
static void player_end_seek(struct player *p, bool failed)
{
	double pos;
	p->st.seeking = false;
	p->changed |= PLAYER_CHANGED_SEEK;
	if (failed) {
		p->floor_active = false;
		if (player_get_double(p, "time-pos", &pos))
			player_set_position(p, pos);
	}
}

/* Whether a log line ("prefix: text") may explain failure code: lines of
 * other parts of mpv (e.g. the audio output of the file before) do not. */
static bool player_log_fits(const char *line, int code)
{
	static const char *const ao[] = { "ao", NULL };
	static const char *const loading[] = { "file", "stream", "ytdl_hook",
		"demux", "ffmpeg", "lavf", "cplayer", NULL };
	const char *const *want = code == MPV_ERROR_AO_INIT_FAILED ? ao
		: code == MPV_ERROR_LOADING_FAILED ||
		  code == MPV_ERROR_UNKNOWN_FORMAT ||
		  code == MPV_ERROR_NOTHING_TO_PLAY ? loading : NULL;
	if (!want)
		return true;
	for (; *want; want++) {
		size_t n = strlen(*want);
		if (strncmp(line, *want, n) == 0 &&
		    (line[n] == ':' || line[n] == '/'))
			return true;
	}
	return false;
}

/* (Re)writes the failed load's message: mpv's error, and the first kept log
 * line that explains it. */
static void player_explain_failure(struct player *p)
{
	char old[sizeof p->st.error];
	memcpy(old, p->st.error, sizeof old);
	/* No sound card (a server, CI) is the usual cause: say what helps. */
	const char *why = p->fail_code == MPV_ERROR_AO_INIT_FAILED
		? "cannot open the audio output (--ao null plays silently)"
		: p->api.error_string(p->fail_code);
	snprintf(p->st.error, sizeof p->st.error, "%s", why);
	for (int i = 0; i < p->n_logs; i++) {
		if (player_log_fits(p->logs[i], p->fail_code)) {
			snprintf(p->st.error, sizeof p->st.error, "%s (%s)",
				 why, p->logs[i]);
			break;
		}
	}
	if (strcmp(old, p->st.error) != 0)
		p->changed |= PLAYER_CHANGED_ERROR;
}

/* Opens libmpv and fills api with its functions. Returns 0, or -1 with a
 * message in err. The library is never closed: dlopen() counts
 * references, so opening it again costs nothing, and unloading libmpv's
 * ~230 dependencies (atexit handlers, thread-local destructors) while the
 * process goes on is a risk with nothing to gain. */
static int player_open_libmpv(struct player_mpv_api *api, char *err,
			      size_t errsize)
{
	const char *name = getenv("BUILDSPEAK_LIBMPV");
	if (!name || !*name)
		name = PLAYER_LIBMPV;
	void *lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		const char *why = dlerror();
		snprintf(err, errsize, "cannot load libmpv: %s (on Debian: "
			 "apt install libmpv2)", why ? why : name);
		return -1;
	}
#define PLAYER_MPV_RESOLVE(fn)                                               \
	*(void **)&api->fn = dlsym(lib, "mpv_" #fn);                         \
	if (!api->fn) {                                                      \
		snprintf(err, errsize, "%s has no function mpv_%s: not a "  \
			 "usable libmpv", name, #fn);                         \
		return -1;                                                   \
	}
	PLAYER_MPV_FUNCTIONS(PLAYER_MPV_RESOLVE)
#undef PLAYER_MPV_RESOLVE
	/* Same major version (the ABI), and at least the minor version of
	 * the header the calls were written against. */
	unsigned long v = api->client_api_version();
	if (v >> 16 != MPV_CLIENT_API_VERSION >> 16 ||
	    v < MPV_CLIENT_API_VERSION) {
		snprintf(err, errsize, "%s speaks the libmpv API %lu.%lu; "
			 "buildspeak needs %lu.%lu or a later %lu.x", name,
			 v >> 16, v & 0xffff, MPV_CLIENT_API_VERSION >> 16,
			 MPV_CLIENT_API_VERSION & 0xffff,
			 MPV_CLIENT_API_VERSION >> 16);
		return -1;
	}
	return 0;
}

struct player *player_new(const struct player_config *cfg, char *err,
			  size_t errsize)
{
	/* Options every reader needs, then ones that only save resources (the
	 * built-in Lua scripts each cost a thread and some memory); a missing
	 * one of the latter is no reason to fail. */
	static const char *const required[][2] = {
		{ "vo", "null" },
		{ "video", "no" },
		{ "terminal", "no" },
		{ "config", "no" },
		{ "input-default-bindings", "no" },
		{ "input-vo-keyboard", "no" },
		{ "osc", "no" },
		{ "ytdl", "yes" },
		{ "keep-open", "yes" },
		{ "idle", "yes" },
		{ "audio-display", "no" },
	};
	static const char *const optional[][2] = {
		{ "load-scripts", "no" },
		{ "load-stats-overlay", "no" },
		{ "load-osd-console", "no" },
		{ "load-auto-profiles", "no" },
		{ "audio-client-name", "buildspeak" },
	};
	struct player *p = xcalloc(1, sizeof *p);
	mpv_handle *h = NULL;
	int rc;

	p->wake[0] = p->wake[1] = -1;
	if (player_open_libmpv(&p->api, err, errsize) < 0)
		goto fail;

	/* libmpv refuses to start unless numbers are formatted the C way. */
	setlocale(LC_NUMERIC, "C");

	h = p->api.create();
	if (!h) {
		snprintf(err, errsize, "cannot start the player (mpv_create failed)");
		goto fail;
	}
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
		rc = p->api.set_option_string(h, required[i][0], required[i][1]);
		if (rc < 0) {
			snprintf(err, errsize, "player option %s=%s: %s",
				 required[i][0], required[i][1],
				 p->api.error_string(rc));
			goto fail;
		}
	}
	for (size_t i = 0; i < sizeof optional / sizeof optional[0]; i++)
		p->api.set_option_string(h, optional[i][0], optional[i][1]);
	if (cfg && cfg->ao && *cfg->ao) {
		rc = p->api.set_option_string(h, "ao", cfg->ao);
		if (rc < 0) {
			snprintf(err, errsize, "audio output \"%s\": %s",
				 cfg->ao, p->api.error_string(rc));
			goto fail;
		}
	}
	/* Errors only: they become the detail of a failed load's message. */
	p->api.request_log_messages(h, "error");
	rc = p->api.initialize(h);
	if (rc < 0) {
		snprintf(err, errsize, "cannot start the player: %s",
			 p->api.error_string(rc));
		goto fail;
	}
	if (pipe2(p->wake, O_NONBLOCK | O_CLOEXEC) < 0) {
		snprintf(err, errsize, "cannot create the player's pipe: %s",
			 strerror(errno));
		goto fail;
	}

	p->mpv = h;
	p->st.paused = true;
	p->mpv_paused = true;
	p->st.speed = 1.0;
	p->api.observe_property(h, PROP_TIME_POS, "time-pos", MPV_FORMAT_DOUBLE);
	p->api.observe_property(h, PROP_PAUSE, "pause", MPV_FORMAT_FLAG);
	p->api.observe_property(h, PROP_EOF, "eof-reached", MPV_FORMAT_FLAG);
	p->api.observe_property(h, PROP_DURATION, "duration", MPV_FORMAT_DOUBLE);
	p->api.observe_property(h, PROP_SPEED, "speed", MPV_FORMAT_DOUBLE);
	/* Last, so the callback never sees a half-made player; it fires at
	 * once if events already wait. */
	p->api.set_wakeup_callback(h, player_wakeup, p);
	return p;

fail:
	/* terminate_destroy also suits a core that was never initialised. */
	if (h)
		p->api.terminate_destroy(h);
	free(p);
	return NULL;
}

void player_free(struct player *p)
{
	if (!p)
		return;
	/* Stops playback and joins libmpv's threads: no callback after this. */
	p->api.terminate_destroy(p->mpv);
	close(p->wake[0]);
	close(p->wake[1]);
	free(p);
}

int player_fd(const struct player *p)
{
	return p->wake[0];
}

const struct player_state *player_state(const struct player *p)
{
	return &p->st;
}

/* A property change of the current file. */
static void player_on_property(struct player *p, const mpv_event *ev)
{
	const mpv_event_property *prop = ev->data;
	bool have_double = prop->format == MPV_FORMAT_DOUBLE;
	bool have_flag = prop->format == MPV_FORMAT_FLAG;
	double d = have_double ? *(double *)prop->data : 0;
	bool flag = have_flag && *(int *)prop->data;

	switch (ev->reply_userdata) {
	case PROP_TIME_POS:
		/* Stale while loading (an older file's) or seeking (the old
		 * position); the state holds the target meanwhile. */
		if (!have_double || !p->st.loaded || p->st.seeking)
			break;
		/* The first reading after a seek is often the target itself,
		 * and the next ones below it (the buffered audio counted
		 * against it): the floor holds until playback has moved
		 * genuinely past the target, not merely reached it. */
		if (p->floor_active) {
			if (d > p->floor + PLAYER_FLOOR_PAST)
				p->floor_active = false;
			else if (d < p->floor)
				d = p->floor;
		}
		player_set_position(p, d);
		break;
	case PROP_PAUSE:
		if (have_flag) {
			p->mpv_paused = flag;
			player_update_paused(p);
		}
		break;
	case PROP_EOF:
		/* Unavailable (no file) counts as not at the end. */
		if (flag != p->st.eof && (p->st.loaded || !flag)) {
			p->st.eof = flag;
			p->changed |= PLAYER_CHANGED_EOF;
		}
		player_update_paused(p);
		break;
	case PROP_DURATION:
		/* Read again on FILE_LOADED, so a stale value is harmless. */
		if (have_double && d != p->st.duration) {
			p->st.duration = d;
			p->changed |= PLAYER_CHANGED_DURATION;
		}
		break;
	case PROP_SPEED:
		if (have_double && d != p->st.speed) {
			p->st.speed = d;
			p->changed |= PLAYER_CHANGED_SPEED;
		}
		break;
	}
}

/* The current entry has gone: a failure (with reason) or an unload. */
static void player_on_end(struct player *p, const mpv_event_end_file *end)
{
	if (p->st.loaded || p->st.loading)
		p->changed |= PLAYER_CHANGED_LOADED;
	p->st.loaded = false;
	p->st.loading = false;
	p->st.seeking = false;
	p->pending_seek = false;
	if (end->reason == MPV_END_FILE_REASON_ERROR) {
		p->fail_code = end->error < 0 ? end->error : MPV_ERROR_GENERIC;
		player_explain_failure(p);
	} else if (end->reason == MPV_END_FILE_REASON_EOF && !p->st.eof) {
		p->st.eof = true;
		p->changed |= PLAYER_CHANGED_EOF;
	}
	p->entry_id = 0;
}

static void player_on_event(struct player *p, const mpv_event *ev)
{
	switch (ev->event_id) {
	case MPV_EVENT_PROPERTY_CHANGE:
		player_on_property(p, ev);
		break;
	case MPV_EVENT_LOG_MESSAGE: {
		const mpv_event_log_message *m = ev->data;
		if (p->n_logs == PLAYER_LOGS) {
			memmove(p->logs[0], p->logs[1],
				sizeof p->logs[0] * (PLAYER_LOGS - 1));
			p->n_logs--;
		}
		char *line = p->logs[p->n_logs++];
		snprintf(line, sizeof p->logs[0], "%s: %s", m->prefix, m->text);
		line[strcspn(line, "\n")] = '\0';
		/* The explanation usually comes after the failure. */
		if (p->fail_code)
			player_explain_failure(p);
		break;
	}
	case MPV_EVENT_START_FILE: {
		const mpv_event_start_file *s = ev->data;
		if (p->adopt_next) {
			p->entry_id = s->playlist_entry_id;
			p->adopt_next = false;
		}
		p->started_id = s->playlist_entry_id;
		break;
	}
	case MPV_EVENT_FILE_LOADED: {
		/* It follows the START_FILE of its own entry. */
		if (!p->entry_id || p->started_id != p->entry_id)
			break;
		double d;
		p->st.loaded = true;
		p->st.loading = false;
		p->changed |= PLAYER_CHANGED_LOADED;
		if (player_get_double(p, "duration", &d) &&
		    d != p->st.duration) {
			p->st.duration = d;
			p->changed |= PLAYER_CHANGED_DURATION;
		}
		if (p->pending_seek) {
			p->pending_seek = false;
			player_send_seek(p, p->pending_target);
		}
		break;
	}
	case MPV_EVENT_END_FILE: {
		const mpv_event_end_file *end = ev->data;
		if (!p->entry_id || end->playlist_entry_id != p->entry_id)
			break;
		if (end->reason == MPV_END_FILE_REASON_REDIRECT) {
			p->adopt_next = true;
			break;
		}
		player_on_end(p, end);
		break;
	}
	case MPV_EVENT_COMMAND_REPLY:
		if (ev->reply_userdata != (SEEK_TAG | p->seek_gen))
			break;
		p->seek_acked = true;
		if (ev->error < 0 && p->st.seeking)
			player_end_seek(p, true);
		break;
	case MPV_EVENT_SEEK:
		/* Not ours: the A-B loop jumping back to A. */
		if (!p->st.seeking && p->st.loaded) {
			p->floor_active = p->st.looping;
			p->floor = p->st.loop_a;
		}
		break;
	case MPV_EVENT_PLAYBACK_RESTART:
		if (p->st.seeking && p->seek_acked && p->st.loaded)
			player_end_seek(p, false);
		break;
	case MPV_EVENT_SHUTDOWN:
		/* Only if something made the core quit: not a crash for us. */
		if (p->st.loaded || p->st.loading)
			p->changed |= PLAYER_CHANGED_LOADED;
		p->st.loaded = p->st.loading = p->st.seeking = false;
		p->entry_id = 0;
		player_fail(p, "the player has shut down");
		break;
	default:
		break;
	}
}

unsigned player_handle_events(struct player *p, struct player_state *st)
{
	char buf[64];
	/* Pipe first: a wakeup that comes while draining the queue leaves a
	 * byte behind, so the caller's poll() returns again. */
	while (read(p->wake[0], buf, sizeof buf) > 0)
		;
	for (;;) {
		mpv_event *ev = p->api.wait_event(p->mpv, 0);
		if (ev->event_id == MPV_EVENT_NONE)
			break;
		player_on_event(p, ev);
	}
	if (st)
		*st = p->st;
	unsigned changed = p->changed;
	p->changed = 0;
	return changed;
}

/* Sets an option-like property from a string; -1 with a message on error. */
static int player_set_string(struct player *p, const char *name,
			     const char *value)
{
	int rc = p->api.set_property_string(p->mpv, name, value);
	if (rc < 0) {
		player_fail(p, "%s=%s: %s", name, value, p->api.error_string(rc));
		return -1;
	}
	return 0;
}

int player_load(struct player *p, const char *path_or_url, double start,
		bool paused)
{
	char startarg[32];
	int flag = paused;

	if (!path_or_url || !*path_or_url) {
		player_fail(p, "no audio to load");
		return -1;
	}
	if (!isfinite(start) || start < 0)
		start = 0;
	p->st.error[0] = '\0';
	p->n_logs = 0;
	p->fail_code = 0;
	player_clear_loop(p);

	/* The start option is where mpv begins the file: no seek after
	 * FILE_LOADED, so nothing plays from 0 first. It is set on every load
	 * so it never leaks into the next one. */
	if (start > 0)
		player_format_seconds(start, startarg);
	else
		snprintf(startarg, sizeof startarg, "none");
	if (player_set_string(p, "start", startarg) < 0)
		return -1;
	if (player_check(p, p->api.set_property(p->mpv, "pause", MPV_FORMAT_FLAG,
					     &flag), "pause") < 0)
		return -1;
	p->mpv_paused = paused;

	const char *cmd[] = { "loadfile", path_or_url, "replace", NULL };
	mpv_node res;
	int rc = p->api.command_ret(p->mpv, cmd, &res);
	if (rc < 0) {
		player_fail(p, "cannot load %s: %s", path_or_url,
			    p->api.error_string(rc));
		return -1;
	}
	int64_t id = 0;
	if (res.format == MPV_FORMAT_NODE_MAP) {
		for (int i = 0; i < res.u.list->num; i++)
			if (strcmp(res.u.list->keys[i], "playlist_entry_id") == 0 &&
			    res.u.list->values[i].format == MPV_FORMAT_INT64)
				id = res.u.list->values[i].u.int64;
	}
	p->api.free_node_contents(&res);

	/* Everything queued before now is about the previous file. */
	p->entry_id = id;
	p->adopt_next = id == 0; /* no id from mpv: take the next file */
	p->started_id = 0;
	p->pending_seek = false;
	p->changed |= PLAYER_CHANGED_LOADED;
	p->st.loaded = false;
	p->st.loading = true;
	if (p->st.eof) {
		p->st.eof = false;
		p->changed |= PLAYER_CHANGED_EOF;
	}
	player_update_paused(p);
	if (p->st.duration != 0) {
		p->st.duration = 0;
		p->changed |= PLAYER_CHANGED_DURATION;
	}
	/* mpv seeks to start itself: treat it as our seek, its
	 * PLAYBACK_RESTART after FILE_LOADED ends it. */
	p->st.seeking = true;
	p->seek_acked = true;
	p->seek_gen++;
	p->floor = start;
	p->floor_active = true;
	player_set_position(p, start);
	return 0;
}

int player_stop(struct player *p)
{
	const char *cmd[] = { "stop", NULL };
	if (player_check(p, p->api.command(p->mpv, cmd), "stop") < 0)
		return -1;
	if (p->st.loaded || p->st.loading)
		p->changed |= PLAYER_CHANGED_LOADED;
	p->st.loaded = p->st.loading = p->st.seeking = false;
	p->pending_seek = false;
	p->entry_id = 0;
	return 0;
}

/* Sets mpv's pause property. */
static int player_set_mpv_paused(struct player *p, bool paused)
{
	int flag = paused;
	if (player_check(p, p->api.set_property(p->mpv, "pause", MPV_FORMAT_FLAG,
					     &flag), "pause") < 0)
		return -1;
	p->mpv_paused = paused;
	player_update_paused(p);
	return 0;
}

int player_set_paused(struct player *p, bool paused)
{
	/* Stopped at the end: playing on from there would stop again at
	 * once, so play from the start. */
	if (!paused && p->st.eof && p->st.loaded && player_send_seek(p, 0) < 0)
		return -1;
	return player_set_mpv_paused(p, paused);
}

int player_seek(struct player *p, double seconds)
{
	if (!isfinite(seconds) || seconds < 0)
		seconds = 0;
	if (p->st.duration > 0 && seconds > p->st.duration)
		seconds = p->st.duration;
	if (p->st.loading) {
		/* mpv cannot seek before FILE_LOADED: remember it. */
		p->pending_seek = true;
		p->pending_target = seconds;
		player_set_position(p, seconds);
		return 0;
	}
	if (!p->st.loaded) {
		player_fail(p, "seek: nothing is loaded");
		return -1;
	}
	/* Stopped at the end counts as paused: stay so after the jump. */
	if (p->st.eof && !p->mpv_paused && player_set_mpv_paused(p, true) < 0)
		return -1;
	return player_send_seek(p, seconds);
}

int player_set_speed(struct player *p, double speed)
{
	if (player_check(p, p->api.set_property(p->mpv, "speed",
					     MPV_FORMAT_DOUBLE, &speed),
			 "speed") < 0)
		return -1;
	if (speed != p->st.speed) {
		p->st.speed = speed;
		p->changed |= PLAYER_CHANGED_SPEED;
	}
	return 0;
}

int player_set_loop(struct player *p, double a, double b)
{
	if (!(a >= 0 && b > a && isfinite(b))) {
		player_fail(p, "loop: bad range %.3f - %.3f", a, b);
		return -1;
	}
	/* mpv loops only while both points are set: clearing first means the
	 * old A never pairs with the new B, not even for a moment. */
	if (p->st.looping)
		player_clear_loop(p);
	if (player_check(p, p->api.set_property(p->mpv, "ab-loop-b",
					     MPV_FORMAT_DOUBLE, &b), "loop") < 0 ||
	    player_check(p, p->api.set_property(p->mpv, "ab-loop-a",
					     MPV_FORMAT_DOUBLE, &a), "loop") < 0) {
		player_clear_loop(p);
		return -1;
	}
	p->st.looping = true;
	p->st.loop_a = a;
	p->st.loop_b = b;
	player_set_position(p, p->st.position);
	return 0;
}

int player_clear_loop(struct player *p)
{
	int rc = p->api.set_property_string(p->mpv, "ab-loop-a", "no");
	int rc2 = p->api.set_property_string(p->mpv, "ab-loop-b", "no");
	p->st.looping = false;
	if (player_check(p, rc, "loop") < 0 || player_check(p, rc2, "loop") < 0)
		return -1;
	return 0;
}
