/* bench_reader: the reader's own cost, without a terminal -- the app and
 * the view drawing onto an in-memory screen (grid.h), on an episode from a
 * library. Built and run by bench_reader.sh; prints figures, asserts
 * nothing.
 *
 *   bench_reader DB COLS ROWS PRESSES
 *
 * First frame: open the library, read the list, open the last episode,
 * lay out and draw the whole screen once. Key press: one → handled and
 * the panes it dirtied drawn again, as the ui would (every frame drawn in
 * full into the grid's cells; the terminal output itself is ncurses'). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buildspeak/app.h"
#include "buildspeak/config.h"
#include "buildspeak/grid.h"
#include "buildspeak/store.h"
#include "buildspeak/view.h"

static double now(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The current sentence when the transcript was last drawn. */
static size_t drawn_current;

/* Draws what dirty says, pane by pane, like ui_render. */
static void render(struct app *a, struct grid *g, unsigned dirty)
{
	static const unsigned bit[LAYOUT_N_PANES] = {
		APP_DIRTY_LIST, APP_DIRTY_TRANSCRIPT, APP_DIRTY_GLOSSARY};
	if (dirty & APP_DIRTY_LAYOUT) {
		view_screen(a, &g->canvas);
		drawn_current = app_current(a);
		return;
	}
	for (int p = 0; p < LAYOUT_N_PANES; p++) {
		const struct rect *r = &app_layout(a)->pane[p];
		bool whole = dirty & bit[p];
		bool current = p == LAYOUT_TRANSCRIPT &&
			       (dirty & APP_DIRTY_CURRENT);
		if (!r->h || !(whole || current))
			continue;
		/* A pane-sized grid stands in for its window. */
		struct grid *pg = grid_new(r->h, r->w);
		if (whole)
			view_pane(a, (enum layout_pane)p, &pg->canvas);
		else
			view_transcript_current(a, &pg->canvas, drawn_current);
		if (p == LAYOUT_TRANSCRIPT)
			drawn_current = app_current(a);
		grid_free(pg);
	}
	if (dirty & APP_DIRTY_STATUS) {
		struct grid *sg = grid_new(1, app_cols(a));
		view_status(a, &sg->canvas);
		grid_free(sg);
	}
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: bench_reader DB COLS ROWS PRESSES\n");
		return 64;
	}
	int cols = atoi(argv[2]), rows = atoi(argv[3]), presses = atoi(argv[4]);
	const char *keysconf = getenv("BENCH_KEYS");

	double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	struct config cfg;
	config_init(&cfg);
	if (config_read_file(&cfg, keysconf ? keysconf : "data/keys.conf",
			     true)) {
		fprintf(stderr, "bench_reader: %s\n", cfg.errors[0]);
		return 1;
	}
	char err[256];
	struct store *st = store_open(argv[1], STORE_OPEN_CREATE, NULL, err,
				      sizeof err);
	if (!st) {
		fprintf(stderr, "bench_reader: %s\n", err);
		return 1;
	}
	struct app *a = app_new(&cfg, st, cols, rows);
	app_load_list(a);
	app_open_last(a);
	struct grid *g = grid_new(rows, cols);
	render(a, g, app_take_dirty(a) | APP_DIRTY_LAYOUT);
	double w1 = now(CLOCK_MONOTONIC), c1 = now(CLOCK_PROCESS_CPUTIME_ID);
	if (!app_episode(a)) {
		fprintf(stderr, "bench_reader: no episode opened\n");
		return 1;
	}
	size_t n = app_episode(a)->n_segments;

	/* → presses; at the last sentence, back to the first with g (one
	 * more jump, counted as a press). */
	long cells0 = g->cells_drawn;
	double w2 = now(CLOCK_MONOTONIC), c2 = now(CLOCK_PROCESS_CPUTIME_ID);
	for (int i = 0; i < presses; i++) {
		app_key(a, app_current(a) + 1 < n ? KEYS_RIGHT : 'g');
		render(a, g, app_take_dirty(a));
	}
	double w3 = now(CLOCK_MONOTONIC), c3 = now(CLOCK_PROCESS_CPUTIME_ID);
	(void)cells0;

	/* The newer commands, each as the keys a user presses, redrawn the
	 * same way, beside → above. */
	struct { const char *what; const int keys[8]; int n; } cmds[] = {
		{"S-Right (seek 5 s forward)", {KEYS_SRIGHT}, 1},
		{"S-Left (seek 5 s back)", {KEYS_SLEFT}, 1},
		{"T 1 2 : 3 4 Enter (jump to 12:34), per key",
		 {'T', '1', '2', ':', '3', '4', KEYS_ENTER}, 7},
		{"c (reveal, in English-only mode)", {'c'}, 1},
		{"R (repeat on / off)", {'R'}, 1},
		{"S (shadowing on / off)", {'S'}, 1},
		{"Enter in the glossary (next sentence with the term)",
		 {KEYS_ENTER}, 1},
	};
	double per[sizeof cmds / sizeof cmds[0]][2], first_enter = 0;
	double first_cpu = 0, second_term = 0;
	app_set_player_ok(a, true); /* R and S act; nothing plays */
	for (size_t k = 0; k < sizeof cmds / sizeof cmds[0]; k++) {
		if (k == 3) /* English only, so c has something to show */
			app_run_name(a, "translation");
		if (k == 6) { /* the glossary, on its first term */
			app_run_name(a, "focus-glossary");
			app_run_name(a, "first");
			render(a, g, app_take_dirty(a));
			/* The first Enter on a term finds its sentences (the
			 * whole text, once); the next ones go round them. */
			double w = now(CLOCK_MONOTONIC);
			double cp = now(CLOCK_PROCESS_CPUTIME_ID);
			app_key(a, KEYS_ENTER);
			render(a, g, app_take_dirty(a));
			first_enter = (now(CLOCK_MONOTONIC) - w) * 1e6;
			first_cpu = (now(CLOCK_PROCESS_CPUTIME_ID) - cp) * 1e6;
			/* A second term: the text is read by now. */
			app_run_name(a, "down");
			w = now(CLOCK_MONOTONIC);
			app_key(a, KEYS_ENTER);
			render(a, g, app_take_dirty(a));
			second_term = (now(CLOCK_MONOTONIC) - w) * 1e6;
		}
		render(a, g, app_take_dirty(a));
		int reps = presses / cmds[k].n;
		if (reps < 1)
			reps = 1;
		double wa = now(CLOCK_MONOTONIC);
		double ca = now(CLOCK_PROCESS_CPUTIME_ID);
		for (int i = 0; i < reps; i++) {
			for (int j = 0; j < cmds[k].n; j++) {
				app_key(a, cmds[k].keys[j]);
				render(a, g, app_take_dirty(a));
				struct listen_pcmd pc;
				while (app_next_pcmd(a, &pc))
					free(pc.path);
			}
		}
		double wb = now(CLOCK_MONOTONIC);
		double cb = now(CLOCK_PROCESS_CPUTIME_ID);
		int keys = reps * cmds[k].n;
		per[k][0] = (wb - wa) * 1e6 / keys;
		per[k][1] = (cb - ca) * 1e6 / keys;
		if (k == 3)
			app_run_name(a, "translation");
	}

	/* How much of the first frame is the library's: loading the
	 * episode again, alone (warm, like the first time after the list). */
	double w4 = now(CLOCK_MONOTONIC);
	struct episode *again = NULL;
	store_episode_load(st, app_episode_id(a), &again);
	double w5 = now(CLOCK_MONOTONIC);
	/* What the reader opens with instead: times and glossary, the text
	 * a window at a time as it is shown. */
	struct episode *lazy = NULL;
	double w8 = now(CLOCK_MONOTONIC);
	store_episode_load_lazy(st, app_episode_id(a), &lazy);
	double w9 = now(CLOCK_MONOTONIC);
	episode_free(lazy);
	/* And the reader's own part: opening that episode in a new app and
	 * drawing the first frame, the library left out. */
	struct app *b = app_new(&cfg, NULL, cols, rows);
	struct grid *bg = grid_new(rows, cols);
	double w6 = now(CLOCK_MONOTONIC);
	app_open(b, again, 0, 0, 0);
	render(b, bg, app_take_dirty(b) | APP_DIRTY_LAYOUT);
	double w7 = now(CLOCK_MONOTONIC);
	grid_free(bg);
	app_free(b);

	printf("segments %zu  screen %dx%d\n", n, cols, rows);
	printf("first frame: %.2f ms wall, %.2f ms cpu (open library, load "
	       "episode, lay out, draw)\n  of which the library's "
	       "store_episode_load (warm): %.2f ms; the reader's own open + "
	       "first draw: %.2f ms\n  the reader opens with "
	       "store_episode_load_lazy (warm): %.2f ms\n",
	       (w1 - w0) * 1e3, (c1 - c0) * 1e3, (w5 - w4) * 1e3,
	       (w7 - w6) * 1e3, (w9 - w8) * 1e3);
	printf("per key: %.1f us wall, %.1f us cpu (%d presses of Right, "
	       "each redrawn)\n", (w3 - w2) * 1e6 / presses,
	       (c3 - c2) * 1e6 / presses, presses);
	for (size_t k = 0; k < sizeof cmds / sizeof cmds[0]; k++)
		printf("per key: %.1f us wall, %.1f us cpu -- %s\n", per[k][0],
		       per[k][1], cmds[k].what);
	printf("first Enter on a glossary term (reads the whole text, finds "
	       "its sentences): %.1f us wall, %.1f us cpu; on a second term: "
	       "%.1f us wall\n", first_enter, first_cpu, second_term);
	grid_free(g);
	app_free(a);
	store_close(st);
	config_free(&cfg);
	return 0;
}
