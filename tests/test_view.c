/* The view's contract with a canvas (view.h): a run it offers through the
 * text op is exactly the cells it draws one at a time when the canvas
 * refuses it -- the same clusters, the same columns, one attribute -- so a
 * canvas may take either, and every cell of a frame comes from a run.
 * And a change of the current sentence alone redraws two sentences' rows,
 * which leaves the pane as drawing it whole would. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buildspeak/alloc.h"
#include "buildspeak/app.h"
#include "buildspeak/config.h"
#include "buildspeak/episode.h"
#include "buildspeak/grid.h"
#include "buildspeak/import.h"
#include "buildspeak/keys.h"
#include "buildspeak/layout.h"
#include "buildspeak/view.h"

#include "check.h"
#include "app_fixtures.h"

/* A canvas over a grid that refuses every run, and checks the cells that
 * follow against it. */
struct runs {
	struct grid *g;
	struct canvas canvas;
	bool open;          /* a run was refused; its cells come next */
	int y, x, w, next_x, cols;
	unsigned attr;
	char want[2048], got[2048];
	size_t n_runs, n_cells, stray;
};

static void runs_close(struct runs *r)
{
	if (!r->open)
		return;
	CHECK_STR(r->got, r->want);
	CHECK_INT(r->cols, r->w);
	CHECK_INT(r->next_x, r->x + r->w);
	r->open = false;
}

static void runs_erase(void *ctx)
{
	struct runs *r = ctx;
	runs_close(r);
	r->g->canvas.ops->erase(r->g->canvas.ctx);
}

static void runs_fill(void *ctx, int y, int x, int n, unsigned attr)
{
	struct runs *r = ctx;
	runs_close(r);
	r->g->canvas.ops->fill(r->g->canvas.ctx, y, x, n, attr);
}

static bool runs_text(void *ctx, int y, int x, const char *s, size_t len,
		      int width, unsigned attr)
{
	struct runs *r = ctx;
	runs_close(r);
	CHECK(len > 0 && len < sizeof r->want);
	CHECK(width > 0);
	if (len >= sizeof r->want)
		len = sizeof r->want - 1;
	memcpy(r->want, s, len);
	r->want[len] = '\0';
	r->got[0] = '\0';
	r->y = y;
	r->x = r->next_x = x;
	r->w = width;
	r->cols = 0;
	r->attr = attr;
	r->open = true;
	r->n_runs++;
	return false;
}

static void runs_cell(void *ctx, int y, int x, const char *s, size_t len,
		      int width, unsigned attr)
{
	struct runs *r = ctx;
	r->n_cells++;
	if (!r->open || y != r->y || x != r->next_x || attr != r->attr) {
		r->stray++;
	} else {
		size_t have = strlen(r->got);
		if (have + len < sizeof r->got) {
			memcpy(r->got + have, s, len);
			r->got[have + len] = '\0';
		}
		r->next_x += width;
		r->cols += width;
	}
	r->g->canvas.ops->cell(r->g->canvas.ctx, y, x, s, len, width, attr);
}

static const struct canvas_ops runs_ops = {runs_erase, runs_cell, runs_fill,
					   runs_text};

/* Draws a's screen through the checking canvas; returns runs and cells. */
static void check_screen(struct app *a, size_t *n_runs, size_t *n_cells)
{
	struct runs r = {0};
	r.g = grid_new(app_rows(a), app_cols(a));
	r.canvas = (struct canvas){r.g->canvas.h, r.g->canvas.w, &runs_ops,
				   &r};
	view_screen(a, &r.canvas);
	runs_close(&r);
	CHECK_INT(r.stray, 0);
	CHECK(r.n_cells > 0);
	*n_runs = r.n_runs;
	*n_cells = r.n_cells;
	grid_free(r.g);
}

/* The sample, its current sentence marked, at a wide and a narrow size:
 * a line of text is a few runs, not a run per character. */
static void test_sample(void)
{
	struct config cfg;
	load_defaults(&cfg);
	int sizes[][2] = {{100, 30}, {50, 16}};
	for (size_t i = 0; i < 2; i++) {
		struct app *a = app_new(&cfg, NULL, sizes[i][0], sizes[i][1]);
		app_open(a, sample(), 0, 0, 0);
		for (int k = 0; k < 3; k++) {
			size_t runs, cells;
			check_screen(a, &runs, &cells);
			CHECK(runs * 4 < cells);
			app_key(a, KEYS_RIGHT);
		}
		app_free(a);
	}
	config_free(&cfg);
}

/* Marks that join the character before them, a mark with nothing before
 * it, control characters made visible, wide and ambiguous characters in
 * both settings: the runs still name exactly their cells. */
static void test_awkward_text(void)
{
	for (int wide = 0; wide < 2; wide++) {
		struct config cfg;
		load_defaults(&cfg);
		cfg.ambiguous_wide = wide;
		struct app *a = app_new(&cfg, NULL, 60, 20);
		struct episode *ep = episode_new();
		episode_set(&ep->title, "\xCC\x81lone “quotes” · e\xCC\x81t\xC3\xA9");
		episode_add_segment(
			ep, 1, 0, 5,
			xstrdup("\xCC\x81 starts with a mark; cafe\xCC\x81 and "
				"e\xCC\x81\xCC\xA3 twice — bell \x07 esc "
				"\x1b[2J “quoted” … and a long tail that has "
				"to wrap at least once here"),
			xstrdup("中\xCC\x81文“引号”——省略号……中间点·清屏"), 1);
		episode_add_segment(ep, 2, 5, 9, xstrdup("fine"),
				    xstrdup("好"), 0);
		episode_update_stats(ep);
		app_open(a, ep, 0, 0, 0);
		size_t runs, cells;
		check_screen(a, &runs, &cells);
		app_key(a, KEYS_RIGHT);
		check_screen(a, &runs, &cells);
		app_free(a);
		config_free(&cfg);
	}
}

/* A zero-width character after text already gathered (a control
 * character, which sanitising makes visible, but view_text takes any
 * string) is skipped and the text around it keeps its columns. */
static void test_zero_width_inside(void)
{
	struct config cfg;
	load_defaults(&cfg);
	struct app *a = app_new(&cfg, NULL, 60, 20);
	struct runs r = {0};
	r.g = grid_new(1, 20);
	r.canvas = (struct canvas){1, 20, &runs_ops, &r};
	CHECK_INT(view_text(&r.canvas, a, 0, 0, 20, "ab\x01" "cd", 5, 0), 4);
	runs_close(&r);
	CHECK_INT(r.stray, 0);
	char *row = grid_row(r.g, 0);
	CHECK_STR(row, "abcd");
	free(row);
	grid_free(r.g);
	app_free(a);
	config_free(&cfg);
}

static bool same_grid(const struct grid *x, const struct grid *y)
{
	for (int i = 0; i < x->h * x->w; i++)
		if (strcmp(x->cells[i].s, y->cells[i].s) != 0 ||
		    x->cells[i].attr != y->cells[i].attr ||
		    x->cells[i].width != y->cells[i].width)
			return false;
	return true;
}

/* The transcript pane as the reader keeps it: drawn whole when dirty
 * says so, only the two sentences' rows on APP_DIRTY_CURRENT alone. */
struct kept {
	struct grid *g;
	size_t drawn; /* the current sentence at the last drawing */
	int whole, partial;
};

static struct kept kept_new(struct app *a)
{
	const struct rect *r = &app_layout(a)->pane[LAYOUT_TRANSCRIPT];
	struct kept k = {grid_new(r->h, r->w), app_current(a), 0, 0};
	view_pane(a, LAYOUT_TRANSCRIPT, &k.g->canvas);
	app_take_dirty(a);
	return k;
}

/* Presses key, brings k up to date as the dirty bits say, and checks it
 * against the pane drawn whole. Returns the dirty bits. */
static unsigned kept_press(struct app *a, struct kept *k, int key)
{
	app_key(a, key);
	unsigned dirty = app_take_dirty(a);
	if (dirty & APP_DIRTY_TRANSCRIPT) {
		view_pane(a, LAYOUT_TRANSCRIPT, &k->g->canvas);
		k->whole++;
	} else if (dirty & APP_DIRTY_CURRENT) {
		view_transcript_current(a, &k->g->canvas, k->drawn);
		k->partial++;
	}
	k->drawn = app_current(a);
	struct grid *fresh = grid_new(k->g->h, k->g->w);
	view_pane(a, LAYOUT_TRANSCRIPT, &fresh->canvas);
	CHECK(same_grid(k->g, fresh));
	grid_free(fresh);
	return dirty;
}

/* Presses in a pane tall enough for several sentences, with a sentence
 * revealed on the way (hiding it again changes heights) and a step back:
 * each press is either a whole redraw or the two sentences' rows, and the
 * pane that comes out is the whole drawing's. */
static void test_current_only(void)
{
	struct config cfg;
	load_defaults(&cfg);
	struct app *a = app_new(&cfg, NULL, 100, 70);
	app_open(a, sample(), 0, 0, 0);
	struct kept k = kept_new(a);
	/* t: English alone, so c has a translation to reveal. */
	static const int keys[] = {'t', KEYS_RIGHT, KEYS_RIGHT, 'c', KEYS_RIGHT,
				   KEYS_RIGHT, KEYS_LEFT, KEYS_RIGHT,
				   KEYS_RIGHT, KEYS_RIGHT, KEYS_RIGHT,
				   KEYS_RIGHT, KEYS_RIGHT, KEYS_RIGHT};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		unsigned dirty = kept_press(a, &k, keys[i]);
		if (i > 0 && keys[i - 1] == 'c')
			CHECK(dirty & APP_DIRTY_TRANSCRIPT);
	}
	CHECK(k.partial >= 6);
	CHECK(k.whole >= 2);
	grid_free(k.g);
	app_free(a);
	config_free(&cfg);
}

/* In a terminal wide enough to show the panes beside a box, opening one
 * takes the focus off the transcript's title, there and then. */
static void test_overlay_beside(void)
{
	struct config cfg;
	load_defaults(&cfg);
	struct app *a = app_new(&cfg, NULL, 160, 40);
	app_open(a, sample(), 0, 0, 0);
	CHECK(app_layout(a)->backdrop.w < 160);
	struct kept k = kept_new(a);
	kept_press(a, &k, KEYS_RIGHT);
	CHECK(kept_press(a, &k, '?') & APP_DIRTY_TRANSCRIPT);
	kept_press(a, &k, KEYS_ESC);
	grid_free(k.g);
	app_free(a);
	config_free(&cfg);
}

int main(void)
{
	test_sample();
	test_awkward_text();
	test_zero_width_inside();
	test_current_only();
	test_overlay_beside();
	return check_result();
}
