/* player: audio playback through libmpv -- load, play/pause, exact seek,
 * speed with pitch kept, A-B loop -- with its events delivered through a
 * pollable file descriptor, so the reader's one poll() loop drives it.
 *
 * The only module that includes libmpv's headers, and nothing links
 * libmpv: the first player_new() opens it with dlopen() ("libmpv.so.2", or
 * $BUILDSPEAK_LIBMPV), so the commands and a reader that never plays do
 * not load its ~230 shared libraries.
 *
 * libmpv runs its own threads; this module starts none and keeps no
 * timers: its wakeup callback writes one byte to a pipe (player_fd()), and
 * the owner of the loop calls player_handle_events() when that fd is
 * readable.
 *
 * Units: times and positions are seconds from the start of the file
 * (double); speed is a factor (1.0 = normal).
 *
 * Errors: the command functions return 0 on success and -1 on failure with
 * a message in player_state()->error. Failures that happen later, inside
 * libmpv (a missing file, an unplayable URL, an audio output that cannot
 * open), arrive through player_handle_events() as PLAYER_CHANGED_ERROR
 * with the message in the state's error field. Nothing here exits or
 * aborts on a playback failure: the reader stays a reader.
 *
 * Locale: mpv_create() refuses to work unless LC_NUMERIC is "C";
 * player_new() sets LC_NUMERIC to "C" itself (after the program's
 * setlocale(LC_ALL, "")), which leaves LC_CTYPE -- what ncursesw and
 * libunistring care about -- untouched. */
#ifndef BUILDSPEAK_PLAYER_H
#define BUILDSPEAK_PLAYER_H

#include <stdbool.h>
#include <stddef.h>

struct player;

struct player_config {
	const char *ao; /* mpv audio output ("null", "pulse", "alsa", ...);
			   NULL or "" for mpv's default. Borrowed: read only
			   during player_new(). */
};

/* What the player knows about playback, as last reported by libmpv.
 * Owned by the player; callers get copies (player_handle_events) or a
 * read-only pointer (player_state). */
struct player_state {
	bool loaded;     /* a file is loaded (MPV_EVENT_FILE_LOADED seen, no
			    error or unload since) */
	bool loading;    /* player_load() called, neither loaded nor failed */
	bool paused;     /* not playing: paused, idle, or stopped at the end
			    (eof counts as paused) */
	bool eof;        /* at the end of the file: playback stopped there
			    (mpv keep-open), the file stays loaded */
	bool seeking;    /* a seek is in flight: position is its target until
			    mpv reports PLAYBACK_RESTART */
	bool looping;    /* an A-B loop is set (player_set_loop) */
	double position; /* seconds: playback position; while loading or
			    seeking, the requested start or target; clamped to
			    [loop_a, loop_b] while looping */
	double duration; /* seconds: length of the file; 0 while unknown */
	double speed;    /* playback speed factor, 1.0 normal */
	double loop_a;   /* seconds: loop start, when looping */
	double loop_b;   /* seconds: loop end, when looping */
	char error[256]; /* last error, "" when none; cleared by player_load().
			    Raw text from mpv (paths, URLs): sanitise it
			    before it reaches the screen */
};

/* What player_handle_events() saw change: a bitmask of these. */
enum {
	PLAYER_CHANGED_POSITION = 1u << 0, /* position moved (~10 Hz playing) */
	PLAYER_CHANGED_SECOND   = 1u << 1, /* the whole second of position
					      changed: the status clock */
	PLAYER_CHANGED_PAUSE    = 1u << 2, /* paused flipped */
	PLAYER_CHANGED_LOADED   = 1u << 3, /* loaded/loading flipped (file
					      loaded, failed or unloaded) */
	PLAYER_CHANGED_EOF      = 1u << 4, /* eof flipped */
	PLAYER_CHANGED_ERROR    = 1u << 5, /* a new error message */
	PLAYER_CHANGED_SPEED    = 1u << 6, /* speed changed */
	PLAYER_CHANGED_SEEK     = 1u << 7, /* a seek finished (PLAYBACK_RESTART):
					      position is real again */
	PLAYER_CHANGED_DURATION = 1u << 8, /* duration became known / changed */
};

/* Creates a player: an mpv core with no video, no terminal, no user config,
 * no key bindings, keep-open (the end of a file stays loaded and paused),
 * ytdl on (URLs play when yt-dlp and the network are there). Nothing is
 * loaded yet. Sets LC_NUMERIC to "C" (see above). Returns NULL with a
 * message in err (errsize bytes) when libmpv cannot be loaded (not
 * installed, an incompatible version) or cannot start. The caller owns
 * the player and frees it with player_free(). An audio output that does not
 * exist or cannot open is reported later, by the first player_load(). */
struct player *player_new(const struct player_config *cfg, char *err,
			  size_t errsize);
/* Stops playback and releases everything (mpv core, pipe). NULL is a no-op. */
void player_free(struct player *p);

/* A file descriptor that is readable when events wait: poll it for POLLIN
 * and call player_handle_events(). Owned by the player; do not read or
 * close it. Valid until player_free(). */
int player_fd(const struct player *p);

/* Drains the wakeup pipe and every waiting libmpv event, updates the state
 * and copies it to *st (st may be NULL). Returns the PLAYER_CHANGED_* bits
 * of what changed since the previous call (0 when nothing did). Never
 * blocks. Also picks up changes made by the command functions below (e.g. a
 * seek's target position), so a caller may rely on it alone. */
unsigned player_handle_events(struct player *p, struct player_state *st);

/* The current state (read-only; valid until player_free(), updated by
 * player_handle_events() and the command functions). */
const struct player_state *player_state(const struct player *p);

/* Loads path_or_url (a local file or a URL; copied), replacing whatever was
 * loaded, to start at start seconds (0 for the beginning), paused or
 * playing. Loading is asynchronous: state.loading until FILE_LOADED
 * (PLAYER_CHANGED_LOADED, state.loaded) or a failure (PLAYER_CHANGED_ERROR
 * and PLAYER_CHANGED_LOADED, state.error says why: missing file, no audio,
 * unusable audio output, URL that cannot be opened). Clears the error and any
 * A-B loop. Returns -1 only when libmpv rejects the command outright. */
int player_load(struct player *p, const char *path_or_url, double start,
		bool paused);
/* Unloads the file (stops playback). */
int player_stop(struct player *p);

/* Pauses (true) or plays (false). At the end of a file (state.eof) playing
 * needs a seek back first; this function does that seek to 0 by itself. */
int player_set_paused(struct player *p, bool paused);

/* Seeks to seconds from the start (absolute, exact: lands on the sample,
 * not a keyframe), clamped to [0, duration]. The state's position is the
 * target at once and stays so (state.seeking) until mpv has restarted
 * playback there (PLAYER_CHANGED_SEEK). Playing goes on playing from there,
 * paused (and stopped at the end) stays paused. While loading, moves the
 * pending start instead. -1 when nothing is loaded or loading. */
int player_seek(struct player *p, double seconds);

/* Sets the speed factor (mpv accepts 0.01 .. 100; the reader uses 0.5 .. 2);
 * pitch is kept (mpv's audio-pitch-correction). Remembered across loads. */
int player_set_speed(struct player *p, double speed);

/* Loops the stretch [a, b] seconds (mpv's ab-loop-a / ab-loop-b) until
 * player_clear_loop() or the next load: reaching b jumps back to a. Needs
 * 0 <= a < b. Does not seek: the caller seeks to a if the position is not
 * already inside. */
int player_set_loop(struct player *p, double a, double b);
/* Ends the A-B loop; playback goes on from where it is. */
int player_clear_loop(struct player *p);

#endif
