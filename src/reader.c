/* reader: the poll() loop of the full-screen reader. */
#include "buildspeak/reader.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buildspeak/alloc.h"
#include "buildspeak/app.h"
#include "buildspeak/command.h"
#include "buildspeak/config.h"
#include "buildspeak/player.h"
#include "buildspeak/ui.h"

/* The self-pipe's write end. A signal handler can reach nothing else, so
 * this one file-scope variable is unavoidable; it is set before the
 * handlers are installed and reset after they are removed. */
static int reader_signal_fd = -1;

static const int reader_caught[] = { SIGWINCH, SIGTERM, SIGINT, SIGHUP,
				     SIGCONT };
#define N_CAUGHT (sizeof reader_caught / sizeof reader_caught[0])

static void reader_on_signal(int sig)
{
	int saved = errno;
	unsigned char b = (unsigned char)sig;
	if (write(reader_signal_fd, &b, 1) < 0) {
		/* The pipe is full: enough wake-ups are pending already. */
	}
	errno = saved;
}

struct reader_signals {
	int pipe[2];                     /* read end polled, write end for
					    the handlers */
	struct sigaction old[N_CAUGHT];  /* to restore on the way out */
};

static int reader_signals_install(struct reader_signals *s)
{
	if (pipe2(s->pipe, O_NONBLOCK | O_CLOEXEC) < 0)
		return -1;
	reader_signal_fd = s->pipe[1];
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = reader_on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < N_CAUGHT; i++)
		sigaction(reader_caught[i], &sa, &s->old[i]);
	return 0;
}

static void reader_signals_remove(struct reader_signals *s)
{
	for (size_t i = 0; i < N_CAUGHT; i++)
		sigaction(reader_caught[i], &s->old[i], NULL);
	reader_signal_fd = -1;
	close(s->pipe[0]);
	close(s->pipe[1]);
}

/* Reads the settings: the defaults file, then the user's config (or the
 * one given), then the environment and the command line. */
static void reader_load_config(struct config *cfg,
			       const struct reader_options *opt)
{
	config_init(cfg);
	char *defaults = config_defaults_path();
	config_read_file(cfg, defaults, true);
	free(defaults);
	if (opt->config) {
		config_read_file(cfg, opt->config, true);
	} else {
		char *user = config_user_path();
		if (user)
			config_read_file(cfg, user, false);
		free(user);
	}
	/* Without the defaults file the reader must still be leavable. */
	if (keys_lookup(&cfg->keys, KEYS_COMMON, 'q') < 0 &&
	    keys_key_for(&cfg->keys, KEYS_COMMON, command_find("quit")) < 0)
		keys_bind(&cfg->keys, KEYS_COMMON, 'q', command_find("quit"));
	if (keys_key_for(&cfg->keys, KEYS_COMMON, command_find("help")) < 0 &&
	    keys_lookup(&cfg->keys, KEYS_COMMON, '?') < 0)
		keys_bind(&cfg->keys, KEYS_COMMON, '?', command_find("help"));

	const char *nc = getenv("NO_COLOR");
	if ((nc && *nc) || opt->no_color)
		cfg->color = false;
	if (opt->ambiguous_wide >= 0)
		cfg->ambiguous_wide = opt->ambiguous_wide != 0;
	const char *ao = opt->ao ? opt->ao : getenv("BUILDSPEAK_AO");
	if (ao) {
		free(cfg->ao);
		cfg->ao = xstrdup(strcmp(ao, "auto") ? ao : "");
	}
}

/* Seconds between looks at the library for other processes' changes. */
#define READER_LIBRARY_CHECK 1.5

/* Seconds on the monotonic clock: the app's timers and the times of the
 * player's reports are on it; autopause compares them. */
static double reader_monotonic_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* poll()'s timeout for the app's next deadline or the next look at the
 * library, whichever is first: milliseconds rounded up (waking early
 * would only mean another turn). */
static int reader_poll_timeout(const struct app *a, double library_check)
{
	double d = app_next_deadline(a);
	if (d < 0 || library_check < d)
		d = library_check;
	double ms = (d - reader_monotonic_now()) * 1000.0;
	if (ms <= 0)
		return 0;
	if (ms >= INT_MAX)
		return INT_MAX;
	int t = (int)ms;
	return t < ms ? t + 1 : t;
}

struct reader {
	struct app *app;
	struct ui *ui;
	struct player *player;  /* created when first needed; NULL before */
	const char *ao;         /* borrowed from the config */
	bool no_audio;          /* --no-audio: never start libmpv */
};

/* Hands the app what the player reports (a no-op when nothing changed). */
static void reader_feed_player(struct reader *r)
{
	struct player_state ps;
	unsigned changed = player_handle_events(r->player, &ps);
	if (changed)
		app_player(r->app, &ps, changed, reader_monotonic_now());
}

/* Gives the player what the app queued, creating the player on the first
 * load (so a reader that never plays never starts libmpv), and feeds the
 * resulting state back: a command can change the state at once (a seek's
 * target), and the app may answer with more commands. */
static void reader_apply_player_commands(struct reader *r)
{
	struct app *a = r->app;
	for (int round = 0; round < 4; round++) {
		struct listen_pcmd c;
		bool any = false;
		while (app_next_pcmd(a, &c)) {
			any = true;
			if (!r->player && c.type == LISTEN_PCMD_LOAD &&
			    !r->no_audio && listen_has_player(app_listen(a))) {
				char err[256];
				struct player_config pc = {r->ao};
				r->player = player_new(&pc, err, sizeof err);
				if (!r->player)
					app_player_failed(a, err);
			}
			if (!r->player) {
				free(c.path);
				continue;
			}
			struct player *p = r->player;
			int rc = 0;
			switch (c.type) {
			case LISTEN_PCMD_LOAD:
				rc = player_load(p, c.path, c.a, c.b != 0);
				break;
			case LISTEN_PCMD_PLAY:
				rc = player_set_paused(p, false);
				break;
			case LISTEN_PCMD_PAUSE:
				rc = player_set_paused(p, true);
				break;
			case LISTEN_PCMD_SEEK:
				rc = player_seek(p, c.a);
				break;
			case LISTEN_PCMD_SPEED:
				rc = player_set_speed(p, c.a);
				break;
			case LISTEN_PCMD_LOOP:
				rc = player_set_loop(p, c.a, c.b);
				break;
			case LISTEN_PCMD_LOOP_OFF:
				rc = player_clear_loop(p);
				break;
			case LISTEN_PCMD_STOP:
				rc = player_stop(p);
				break;
			}
			if (rc < 0)
				app_message(a, false, "audio: %s",
					    player_state(p)->error);
			free(c.path);
		}
		if (!any || !r->player)
			return;
		reader_feed_player(r);
	}
}

/* app_busy's hook: draws what the long task said, then reads the keys
 * typed meanwhile without waiting; Escape cancels, the rest is dropped
 * (the task holds the app). */
static int reader_busy(void *ctx, struct app *a)
{
	struct reader *r = ctx;
	ui_render(r->ui, a, app_take_dirty(a));
	struct pollfd fd = {STDIN_FILENO, POLLIN, 0};
	int cancel = 0;
	while (poll(&fd, 1, 0) > 0 && (fd.revents & POLLIN)) {
		struct ui_input in;
		bool any = false;
		while (ui_read(r->ui, &in)) {
			any = true;
			if (in.kind == UI_INPUT_KEY && in.key == KEYS_ESC)
				cancel = 1;
		}
		if (!any)
			break;
	}
	return cancel;
}

/* Handles the signals that arrived; returns false to quit. */
static bool reader_handle_signals(struct reader *r, int fd)
{
	unsigned char buf[64];
	ssize_t n;
	bool go_on = true;
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			switch (buf[i]) {
			case SIGWINCH: {
				int cols, rows;
				ui_resize(r->ui, &cols, &rows);
				app_resize(r->app, cols, rows);
				break;
			}
			case SIGCONT: /* back from a stop: repaint it all */
				app_cmd_redraw(r->app);
				break;
			default: /* SIGTERM, SIGINT, SIGHUP */
				go_on = false;
			}
		}
	}
	return go_on;
}

static bool reader_is_utf8_locale(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
}

int reader_run(struct store *st, const struct reader_options *opt)
{
	if (!reader_is_utf8_locale()) {
		const char *cs = nl_langinfo(CODESET);
		fprintf(stderr, "buildspeak: the reader needs a UTF-8 locale "
			"to show Chinese and English text, but this one uses "
			"%s; set LANG (or LC_ALL) to a UTF-8 locale such as "
			"C.UTF-8 and try again\n", cs && *cs ? cs : "none");
		return 1;
	}
	struct config cfg;
	reader_load_config(&cfg, opt);

	struct reader_signals sig;
	if (reader_signals_install(&sig) < 0) {
		fprintf(stderr, "buildspeak: cannot make a pipe: %s\n",
			strerror(errno));
		config_free(&cfg);
		return 1;
	}
	char err[256];
	struct ui_options uo = {cfg.color, cfg.mouse, cfg.ambiguous_wide};
	struct ui *ui = ui_new(&uo, err, sizeof err);
	if (!ui) {
		fprintf(stderr, "buildspeak: %s\n", err);
		reader_signals_remove(&sig);
		config_free(&cfg);
		return 1;
	}
	int cols, rows;
	ui_size(ui, &cols, &rows);
	struct reader r = {app_new(&cfg, st, cols, rows), ui, NULL, cfg.ao,
			   opt->no_audio};
	struct app *a = r.app;
	app_set_player_ok(a, !opt->no_audio);
	app_set_busy(a, reader_busy, &r);
	app_load_list(a);
	app_open_last(a);
	if (opt->notice)
		app_message(a, true, "%s", opt->notice);
	if (cfg.n_errors) {
		/* The file name is long; ~ for the home directory keeps the
		 * line number and the reason on the status line. */
		const char *e = cfg.errors[0];
		const char *home = getenv("HOME");
		size_t hl = home ? strlen(home) : 0;
		bool tilde = hl > 1 && !strncmp(e, home, hl) && e[hl] == '/';
		app_message(a, true, "%s%s%s", tilde ? "~" : "",
			    tilde ? e + hl : e,
			    cfg.n_errors > 1 ? " (and more)" : "");
	}

	/* Another shell may import, remove or re-point episodes: the reader
	 * looks at the library's data_version every READER_LIBRARY_CHECK
	 * seconds. That is the one wake-up of an idle reader, a PRAGMA that
	 * reads no page when nothing changed. */
	double library_check = reader_monotonic_now() + READER_LIBRARY_CHECK;
	int poll_errno = 0;
	for (;;) {
		reader_apply_player_commands(&r);
		ui_render(ui, a, app_take_dirty(a));
		if (app_quitting(a))
			break;
		struct pollfd fds[3] = {
			{STDIN_FILENO, POLLIN, 0},
			{sig.pipe[0], POLLIN, 0},
			{r.player ? player_fd(r.player) : -1, POLLIN, 0},
		};
		if (poll(fds, 3, reader_poll_timeout(a, library_check)) < 0) {
			if (errno == EINTR)
				continue;
			poll_errno = errno; /* said once the terminal is back */
			break;
		}
		if ((fds[1].revents & POLLIN) &&
		    !reader_handle_signals(&r, sig.pipe[0]))
			break;
		if (fds[0].revents & POLLIN) {
			struct ui_input in;
			while (!app_quitting(a) && ui_read(ui, &in)) {
				if (in.kind == UI_INPUT_KEY)
					app_key(a, in.key);
				else
					app_mouse(a, in.mouse, in.y, in.x);
			}
		} else if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
			break; /* the terminal is gone */
		}
		if (r.player && (fds[2].revents & POLLIN))
			reader_feed_player(&r);
		double now = reader_monotonic_now();
		app_timer(a, now); /* the poll timed out, or not */
		if (now >= library_check) {
			app_check_library(a);
			library_check = now + READER_LIBRARY_CHECK;
		}
	}

	/* The status line is gone with the screen: a failure to save the
	 * place goes to stderr once the terminal is back. */
	char *unsaved = app_save_progress(a) < 0 && app_message_text(a)
				? xstrdup(app_message_text(a))
				: NULL;
	ui_free(ui);
	player_free(r.player);
	app_free(a);
	reader_signals_remove(&sig);
	config_free(&cfg);
	if (unsaved) { /* said, but the reading itself went well: 0 */
		fprintf(stderr, "buildspeak: %s\n", unsaved);
		free(unsaved);
	}
	if (poll_errno) {
		fprintf(stderr, "buildspeak: poll: %s\n", strerror(poll_errno));
		return 1;
	}
	return 0;
}
