/* reader: the full-screen reader -- one poll() loop tying the terminal, the
 * signals, the player, the app and the ui together.
 *
 * The loop sleeps in poll() with no timeout: on standard input (keys are
 * read until none are left, so a burst becomes one frame), on a self-pipe
 * that the signal handlers write one byte to (SIGWINCH, SIGTERM, SIGINT,
 * SIGHUP, SIGCONT), and on the player's event pipe. Each turn feeds what
 * arrived to the app, applies the player commands the app queued, and
 * draws what the app marked dirty. A paused, idle reader uses no CPU. */
#ifndef BUILDSPEAK_READER_H
#define BUILDSPEAK_READER_H

#include <stdbool.h>

struct store;

struct reader_options {
	int ambiguous_wide;      /* 1 or 0 from --ambiguous-wide[=no]; -1:
				    the config decides */
	const char *ao;          /* --ao, or NULL: $BUILDSPEAK_AO, else the
				    config decides */
	bool no_color;           /* --no-color (NO_COLOR in the environment
				    does the same) */
	const char *config;      /* a config file to read instead of the
				    user's; NULL for the user's */
	bool no_audio;           /* do not start libmpv at all */
	char *notice;            /* said on the status line at start-up, or
				    NULL; owned by the caller */
};

/* Runs the reader on the library st until the user quits or a SIGTERM,
 * SIGINT or SIGHUP arrives; progress is saved either way. The program's
 * locale must be set already (setlocale(LC_ALL, "")); a non-UTF-8 locale
 * is refused with a message. Prints its own errors to stderr ("buildspeak:
 * ..."), among them a failure to save the progress on the way out (which
 * still exits 0: the reading went well). Returns the exit status: 0, or 1
 * when the terminal or the locale cannot be used or waiting on it fails. */
int reader_run(struct store *st, const struct reader_options *opt);

#endif
