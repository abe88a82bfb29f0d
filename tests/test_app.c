/* test_app: the reader's state machine driven by key sequences, mouse
 * events and player events, with what a user would see checked on an
 * in-memory screen (grid). Also the layout, the key maps and the config
 * language the defaults are written in. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buildspeak/alloc.h"
#include "buildspeak/app.h"
#include "buildspeak/command.h"
#include "buildspeak/config.h"
#include "buildspeak/eplist.h"
#include "buildspeak/grid.h"
#include "buildspeak/help.h"
#include "buildspeak/mode.h"
#include "buildspeak/prompt.h"
#include "buildspeak/import.h"
#include "buildspeak/keys.h"
#include "buildspeak/store.h"
#include "buildspeak/layout.h"
#include "buildspeak/view.h"

#include "check.h"
#include "app_fixtures.h"

static void press(struct app *a, int key, int times)
{
	for (int i = 0; i < times; i++)
		app_key(a, key);
}

/* The screen as text, and one row of it. */
static char *screen(struct app *a)
{
	struct grid *g = grid_new(app_rows(a), app_cols(a));
	view_screen(a, &g->canvas);
	char *s = grid_text(g);
	grid_free(g);
	return s;
}

static bool screen_has_quiet(struct app *a, const char *text)
{
	char *s = screen(a);
	bool yes = strstr(s, text) != NULL;
	free(s);
	return yes;
}

static bool screen_has(struct app *a, const char *text)
{
	char *s = screen(a);
	bool yes = strstr(s, text) != NULL;
	if (!yes)
		fprintf(stderr, "--- screen without \"%s\":\n%s\n---\n", text, s);
	free(s);
	return yes;
}

/* The current sentence's rows are all inside the transcript body. */
static bool current_visible(struct app *a)
{
	int rows = app_transcript_rows(a);
	size_t first = (size_t)-1, last = 0, seg, line, n = 0;
	for (int r = 0; r < rows; r++) {
		if (!app_transcript_at(a, r, &seg, &line))
			break;
		if (seg == app_current(a)) {
			if (first == (size_t)-1)
				first = line;
			last = line;
			n++;
		}
	}
	size_t h = app_seg_height(a, app_current(a));
	/* Fully shown, or (taller than the pane) shown from its header. */
	return (first == 0 && last + 1 == h) || (first == 0 && n == (size_t)rows);
}

static int pcmd_count(struct app *a, enum listen_pcmd_type type, double *last_a,
		      double *last_b)
{
	int n = 0;
	struct listen_pcmd c;
	while (app_next_pcmd(a, &c)) {
		if (c.type == type) {
			n++;
			if (last_a)
				*last_a = c.a;
			if (last_b)
				*last_b = c.b;
		}
		free(c.path);
	}
	return n;
}

static void drain(struct app *a)
{
	pcmd_count(a, LISTEN_PCMD_PLAY, NULL, NULL);
}

/* ---- keys and config ------------------------------------------------------ */

static void test_keys(void)
{
	char buf[32];
	CHECK_INT(keys_parse("Right"), KEYS_RIGHT);
	CHECK_INT(keys_parse("right"), KEYS_RIGHT);
	CHECK_INT(keys_parse("Space"), ' ');
	CHECK_INT(keys_parse("q"), 'q');
	CHECK_INT(keys_parse("中"), 0x4e2d);
	CHECK_INT(keys_parse("C-l"), 12);
	CHECK_INT(keys_parse("F12"), KEYS_F12);
	CHECK_INT(keys_parse("Escape"), KEYS_ESC);
	CHECK_INT(keys_parse("Nonsense"), -1);
	CHECK_INT(keys_parse("ab"), -1);
	CHECK_INT(keys_parse(""), -1);
	CHECK_STR(keys_name(KEYS_PGDN, buf, sizeof buf), "PageDown");
	CHECK_STR(keys_name(' ', buf, sizeof buf), "Space");
	CHECK_STR(keys_name(12, buf, sizeof buf), "C-l");
	CHECK_STR(keys_name(0x4e2d, buf, sizeof buf), "中");
	/* Every name keys_name prints parses back to the same key. */
	int samples[] = {KEYS_UP, KEYS_BTAB, KEYS_F1 + 4, 'G', '[', 3,
			 KEYS_BACKSPACE, KEYS_ENTER, KEYS_TAB, 0x4e2d};
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
		CHECK_INT(keys_parse(keys_name(samples[i], buf, sizeof buf)),
			  samples[i]);

	/* A mode's context is named as the mode (the registry's). */
	const int KEYS_HELP = keys_context_find("help");
	CHECK(KEYS_HELP >= KEYS_N_CORE);
	CHECK_STR(keys_context_name(KEYS_HELP), "help");
	CHECK_INT(keys_context_find("nowhere"), -1);
	struct keymap km = {0};
	keys_bind(&km, KEYS_COMMON, 'q', 1);
	keys_bind(&km, KEYS_HELP, 'q', 2);
	CHECK_INT(keys_lookup(&km, KEYS_TRANSCRIPT, 'q'), 1);
	CHECK_INT(keys_lookup(&km, KEYS_HELP, 'q'), 2);
	keys_bind(&km, KEYS_COMMON, 'q', 3); /* rebinding replaces */
	CHECK_INT(keys_lookup(&km, KEYS_LIST, 'q'), 3);
	CHECK_INT(keys_key_for(&km, KEYS_HELP, 3), -1); /* shadowed */
	CHECK_INT(keys_unbind(&km, KEYS_COMMON, 'q'), 0);
	CHECK_INT(keys_lookup(&km, KEYS_LIST, 'q'), -1);
	keys_clear(&km);
}

static void test_config(void)
{
	struct config cfg;
	load_defaults(&cfg);
	const int KEYS_HELP = keys_context_find("help");
	/* The defaults bind the web page's keys and the reader's own. */
	struct {
		int ctx;
		int key;
		const char *cmd;
	} want[] = {
		{KEYS_TRANSCRIPT, KEYS_RIGHT, "next-sentence"},
		{KEYS_TRANSCRIPT, KEYS_LEFT, "prev-sentence"},
		{KEYS_LIST, 'q', "quit"},
		{KEYS_TRANSCRIPT, ' ', "play-pause"},
		{KEYS_TRANSCRIPT, 't', "translation"},
		{KEYS_TRANSCRIPT, 'g', "first"},
		{KEYS_TRANSCRIPT, 'G', "last"},
		{KEYS_TRANSCRIPT, KEYS_TAB, "focus-next"},
		{KEYS_GLOSSARY, '?', "help"},
		{KEYS_HELP, KEYS_ESC, "close"},
		{KEYS_HELP, 'q', "close"},
		{KEYS_TRANSCRIPT, '[', "slower"},
		{KEYS_TRANSCRIPT, ']', "faster"},
		{KEYS_TRANSCRIPT, KEYS_BACKSPACE, "speed-reset"},
		{KEYS_TRANSCRIPT, 'r', "replay"},
		{KEYS_TRANSCRIPT, 'l', "loop"},
		{KEYS_TRANSCRIPT, 'a', "auto-pause"},
		{KEYS_TRANSCRIPT, '.', "follow"},
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		int got = keys_lookup(&cfg.keys, want[i].ctx, want[i].key);
		CHECK(got >= 0);
		if (got >= 0)
			CHECK_STR(command_name(got), want[i].cmd);
	}
	/* Every command, the core's and the modes', is reachable by some
	 * key. */
	for (size_t c = 0; c < command_total(); c++) {
		bool bound = false;
		for (int ctx = 0; ctx < keys_context_count(); ctx++)
			if (keys_key_for(&cfg.keys, ctx, (int)c) >= 0)
				bound = true;
		if (!bound)
			fprintf(stderr, "unbound command %s\n",
				command_name((int)c));
		CHECK(bound);
	}
	CHECK(!cfg.ambiguous_wide);
	CHECK(cfg.color);

	/* The user's file overrides, and its mistakes are reported with
	 * file:line, the good lines still applying. */
	const char *user = "# mine\n"
			   "bind transcript n next-sentence\n"
			   "set ambiguous-wide yes\n"
			   "bind nowhere x quit\n"
			   "bind common Hyper-x quit\n"
			   "bind common x no-such-command\n"
			   "set ambiguous-wide maybe\n"
			   "set volume 11\n"
			   "frobnicate\n"
			   "unbind common q\n"
			   "bind common \"#\" help   # quoted key\n"
			   "set ao null\n";
	int bad = config_read_string(&cfg, user, "config");
	CHECK_INT(bad, 6);
	CHECK_INT(cfg.n_errors, 6);
	if (cfg.n_errors == 6) {
		CHECK(strncmp(cfg.errors[0], "config:4: ", 10) == 0);
		CHECK(strstr(cfg.errors[0], "nowhere") != NULL);
		CHECK(strncmp(cfg.errors[1], "config:5: ", 10) == 0);
		CHECK(strncmp(cfg.errors[2], "config:6: ", 10) == 0);
		CHECK(strncmp(cfg.errors[5], "config:9: ", 10) == 0);
	}
	CHECK(cfg.ambiguous_wide);
	CHECK_STR(cfg.ao, "null");
	int n = keys_lookup(&cfg.keys, KEYS_TRANSCRIPT, 'n');
	CHECK(n >= 0 && !strcmp(command_name(n), "next-sentence"));
	CHECK_INT(keys_lookup(&cfg.keys, KEYS_LIST, 'q'), -1);
	CHECK_INT(keys_lookup(&cfg.keys, KEYS_LIST, '#'),
		  command_find("help"));

	/* A missing user file is fine; a missing required one is an error. */
	size_t before = cfg.n_errors;
	CHECK_INT(config_read_file(&cfg, "/nonexistent/buildspeak", false), 0);
	CHECK_INT(config_read_file(&cfg, "/nonexistent/buildspeak", true), 1);
	CHECK_INT(cfg.n_errors, before + 1);
	config_free(&cfg);
}

/* ---- layout ----------------------------------------------------------------- */

static bool overlaps(const struct rect *a, const struct rect *b)
{
	return a->h && b->h && a->x < b->x + b->w && b->x < a->x + a->w &&
	       a->y < b->y + b->h && b->y < a->y + a->h;
}

static void test_layout(void)
{
	struct layout l;
	layout_compute(&l, 80, 24, LAYOUT_AUTO, LAYOUT_AUTO);
	CHECK(!l.too_small);
	CHECK(l.pane[LAYOUT_LIST].h > 0 && l.pane[LAYOUT_LIST].w >= 20);
	CHECK(l.pane[LAYOUT_TRANSCRIPT].w >= 50);
	CHECK(l.pane[LAYOUT_TRANSCRIPT].h >= 12);
	CHECK(l.pane[LAYOUT_GLOSSARY].h >= 4);
	CHECK_INT(l.status.y, 23);

	layout_compute(&l, 79, 24, LAYOUT_AUTO, LAYOUT_AUTO);
	CHECK_INT(l.pane[LAYOUT_LIST].h, 0);
	CHECK_INT(l.pane[LAYOUT_GLOSSARY].h, 0);
	CHECK_INT(l.pane[LAYOUT_TRANSCRIPT].w, 79);
	layout_compute(&l, 60, 20, LAYOUT_SHOW, LAYOUT_AUTO);
	CHECK(l.pane[LAYOUT_LIST].h > 0);
	layout_compute(&l, 39, 24, LAYOUT_AUTO, LAYOUT_AUTO);
	CHECK(l.too_small);
	layout_compute(&l, 80, 9, LAYOUT_AUTO, LAYOUT_AUTO);
	CHECK(l.too_small);
	layout_compute(&l, 200, 50, LAYOUT_AUTO, LAYOUT_AUTO);
	CHECK(!l.glossary_below);

	/* Every size and fold: panes inside the screen, disjoint, wide
	 * enough to draw in. */
	int fails = 0;
	for (int c = LAYOUT_MIN_COLS; c <= 220; c++)
		for (int r = LAYOUT_MIN_ROWS; r <= 70; r += 3)
			for (int f = 0; f < 9; f++) {
				layout_compute(&l, c, r, f % 3 - 1, f / 3 - 1);
				for (int p = 0; p < LAYOUT_N_PANES; p++) {
					const struct rect *x = &l.pane[p];
					if (!x->h)
						continue;
					if (x->x < 0 || x->y < 0 ||
					    x->x + x->w > c || x->y + x->h > r - 1 ||
					    x->w < 8 || x->h < 3)
						fails++;
					for (int q = p + 1; q < LAYOUT_N_PANES; q++)
						if (overlaps(x, &l.pane[q]))
							fails++;
				}
				if (!l.pane[LAYOUT_TRANSCRIPT].h)
					fails++;
			}
	CHECK_INT(fails, 0);
}

/* ---- the reader without audio ----------------------------------------------- */

static void test_navigation(void)
{
	struct config cfg;
	load_defaults(&cfg);
	struct app *a = app_new(&cfg, NULL, 100, 30);
	struct episode *ep = sample();
	size_t n = ep->n_segments;
	CHECK_INT(n, 147);
	app_open(a, ep, 0, -1, 0);
	CHECK_INT(app_current(a), 0);
	CHECK_INT(app_focus(a), APP_FOCUS_TRANSCRIPT);
	CHECK(screen_has(a, "sentence 1/147"));

	press(a, KEYS_RIGHT, 10);
	CHECK_INT(app_current(a), 10);
	CHECK(current_visible(a));
	CHECK(screen_has(a, "sentence 11/147"));
	CHECK(screen_has(a, "#11 · Speaker"));
	/* The status time is the sentence's start, MM:SS. */
	char t[16], want[64];
	episode_format_time(app_episode(a)->segments[10].start, t, sizeof t);
	snprintf(want, sizeof want, "sentence 11/147  %s / 59:40", t);
	CHECK(screen_has(a, want));

	press(a, KEYS_LEFT, 3);
	CHECK_INT(app_current(a), 7);
	app_key(a, 'G');
	CHECK_INT(app_current(a), n - 1);
	CHECK(current_visible(a));
	CHECK(screen_has(a, "sentence 147/147"));
	app_key(a, KEYS_RIGHT); /* stays on the last */
	CHECK_INT(app_current(a), n - 1);
	app_key(a, 'g');
	CHECK_INT(app_current(a), 0);
	app_key(a, KEYS_LEFT); /* stays on the first */
	CHECK_INT(app_current(a), 0);

	/* Every → keeps the current sentence in view. */
	int lost = 0;
	for (size_t i = 0; i + 1 < n; i++) {
		app_key(a, KEYS_RIGHT);
		if (!current_visible(a))
			lost++;
	}
	CHECK_INT(lost, 0);
	CHECK_INT(app_current(a), n - 1);

	/* t cycles: both, English only, Chinese only, both. */
	app_key(a, 'g');
	CHECK_INT(transcript_translation(app_transcript(a)), TRANSCRIPT_TR_BOTH);
	CHECK(screen_has(a, "Oriol Vinyals is the co lead"));
	CHECK(screen_has(a, "一起担任"));
	app_key(a, 't');
	CHECK_INT(transcript_translation(app_transcript(a)), TRANSCRIPT_TR_EN);
	CHECK(screen_has(a, "English only"));
	char *s = screen(a);
	CHECK(strstr(s, "Oriol Vinyals is the co lead") != NULL);
	CHECK(strstr(s, "一起担任") == NULL);
	free(s);
	app_key(a, 't');
	CHECK_INT(transcript_translation(app_transcript(a)), TRANSCRIPT_TR_ZH);
	s = screen(a);
	CHECK(strstr(s, "Oriol Vinyals is the co lead") == NULL);
	CHECK(strstr(s, "一起担任") != NULL);
	free(s);
	app_key(a, 't');
	CHECK_INT(transcript_translation(app_transcript(a)), TRANSCRIPT_TR_BOTH);

	/* ↓ scrolls the view away; → brings it back, . recentres. */
	press(a, KEYS_RIGHT, 5);
	press(a, 'j', 40);
	CHECK(!transcript_following(app_transcript(a)));
	CHECK(screen_has(a, "scrolled"));
	app_key(a, '.');
	CHECK(transcript_following(app_transcript(a)));
	CHECK(current_visible(a));
	press(a, KEYS_PGDN, 3);
	CHECK(!transcript_following(app_transcript(a)));
	CHECK_INT(app_current(a), 5); /* scrolling does not move the sentence */
	app_key(a, KEYS_RIGHT);
	CHECK(transcript_following(app_transcript(a)));
	CHECK(current_visible(a));

	/* Tab: list -> transcript -> glossary -> list. */
	CHECK_INT(app_focus(a), APP_FOCUS_TRANSCRIPT);
	app_key(a, KEYS_TAB);
	CHECK_INT(app_focus(a), APP_FOCUS_GLOSSARY);
	app_key(a, KEYS_TAB);
	CHECK_INT(app_focus(a), APP_FOCUS_LIST);
	app_key(a, KEYS_TAB);
	CHECK_INT(app_focus(a), APP_FOCUS_TRANSCRIPT);
	app_key(a, KEYS_BTAB);
	CHECK_INT(app_focus(a), APP_FOCUS_LIST);

	/* Narrow: list and glossary fold, focus moves to the transcript,
	 * toggles bring them back; too small says so. */
	app_resize(a, 60, 20);
	CHECK_INT(app_layout(a)->pane[LAYOUT_LIST].h, 0);
	CHECK_INT(app_layout(a)->pane[LAYOUT_GLOSSARY].h, 0);
	CHECK_INT(app_focus(a), APP_FOCUS_TRANSCRIPT);
	CHECK(current_visible(a));
	app_key(a, KEYS_TAB); /* nowhere else to go */
	CHECK_INT(app_focus(a), APP_FOCUS_TRANSCRIPT);
	app_key(a, '>');
	CHECK(app_layout(a)->pane[LAYOUT_GLOSSARY].h > 0);
	app_key(a, '3');
	CHECK_INT(app_focus(a), APP_FOCUS_GLOSSARY);
	app_key(a, '>');
	CHECK_INT(app_layout(a)->pane[LAYOUT_GLOSSARY].h, 0);
	CHECK_INT(app_focus(a), APP_FOCUS_TRANSCRIPT);
	app_resize(a, 30, 8);
	CHECK(app_layout(a)->too_small);
	CHECK(screen_has(a, "too small"));
	app_key(a, KEYS_RIGHT); /* keys still work, nothing breaks */
	app_resize(a, 200, 50);
	/* Shown and folded again on a narrow screen: back to following the
	 * width, so a wide screen shows it. */
	CHECK(app_layout(a)->pane[LAYOUT_GLOSSARY].h > 0);
	CHECK(app_layout(a)->pane[LAYOUT_LIST].h > 0);
	CHECK(!app_layout(a)->glossary_below);
	CHECK(current_visible(a));
	/* Folded on a wide screen: stays folded whatever the width. */
	app_key(a, '>');
	CHECK_INT(app_layout(a)->pane[LAYOUT_GLOSSARY].h, 0);
	app_resize(a, 120, 40);
	CHECK_INT(app_layout(a)->pane[LAYOUT_GLOSSARY].h, 0);
	app_key(a, '>');
	CHECK(app_layout(a)->pane[LAYOUT_GLOSSARY].h > 0);
	app_resize(a, 200, 50);

	/* ? opens the generated help; it lists keys from the maps. */
	app_key(a, '?');
	CHECK_INT(app_mode_depth(a), 1);
	CHECK(screen_has(a, "next-sentence"));
	CHECK(screen_has(a, "Right"));
	app_key(a, 'j'); /* scrolls the help, not the transcript */
	CHECK(transcript_following(app_transcript(a)));
	app_key(a, KEYS_ESC);
	CHECK_INT(app_mode_depth(a), 0);
	app_key(a, '?');
	app_key(a, '?');
	CHECK_INT(app_mode_depth(a), 0);
	app_key(a, '?');
	app_key(a, 'q'); /* q closes the help, does not quit */
	CHECK_INT(app_mode_depth(a), 0);
	CHECK(!app_quitting(a));
	app_key(a, 'q');
	CHECK(app_quitting(a));

	app_free(a);
	config_free(&cfg);
}

static void test_glossary_marks(void)
{
	struct config cfg;
	load_defaults(&cfg);
	struct app *a = app_new(&cfg, NULL, 100, 30);
	app_open(a, sample(), 0, 0, 0);
	/* Sentence 1 glosses deep learning, multimodal models, world
	 * models: they come first in the glossary and are underlined. */
	CHECK(glosspane_marked(app_glossary(a)) >= 3);
	const struct term_span *en_spans;
	CHECK(app_current_spans(a, 0, &en_spans) >= 3);
	struct grid *g = grid_new(app_rows(a), app_cols(a));
	view_screen(a, &g->canvas);
	bool underlined = false;
	for (int y = 0; y < g->h; y++) {
		char *row = grid_row(g, y);
		char *p = strstr(row, "deep learning");
		if (p && strstr(row, "breakthroughs")) {
			/* Find the column of 'd' in "deep learning". */
			int col = 0;
			for (int x = 0; x < g->w; x++) {
				if (!strcmp(g->cells[y * g->w + x].s, "d") &&
				    !strncmp(g->cells[y * g->w + x + 1].s, "e", 1) &&
				    !strcmp(g->cells[y * g->w + x + 5].s, "l")) {
					col = x;
					break;
				}
			}
			if (col)
				underlined = VIEW_BITS(grid_attr(g, y, col)) &
					     OVERLAY_UNDERLINE;
		}
		free(row);
	}
	CHECK(underlined);
	grid_free(g);
	CHECK(screen_has(a, "• deep learning"));
	app_free(a);
	config_free(&cfg);
}

/* An episode with escape sequences in every field shows them inert. */
static void test_hostile_text(void)
{
	struct config cfg;
	load_defaults(&cfg);
	struct app *a = app_new(&cfg, NULL, 100, 30);
	struct episode *ep = episode_new();
	episode_set(&ep->title, "pwn\x1b]0;pwned\x07 title\x1b[2J");
	episode_set(&ep->podcast, "\x1b[31mred");
	episode_add_segment(ep, 1, 0, 5, xstrdup("clear \x1b[2J bell \x07 "
						 "osc \x1b]0;pwned\x07 end"),
			    xstrdup("中文\x1b[H\x1b[2J 清屏 \u202ertl"), 1);
	episode_add_segment(ep, 2, 5, 9, xstrdup("fine"), xstrdup("好"), 3);
	episode_update_stats(ep);
	app_open(a, ep, 0, 0, 0);
	struct grid *g = grid_new(app_rows(a), app_cols(a));
	view_screen(a, &g->canvas);
	int controls = 0;
	for (int i = 0; i < g->h * g->w; i++)
		for (const char *p = g->cells[i].s; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				controls++;
	CHECK_INT(controls, 0);
	char *s = grid_text(g);
	CHECK(strstr(s, "^[[2J") != NULL);
	CHECK(strstr(s, "^G") != NULL);
	grid_free(g);
	free(s);
	app_free(a);
	config_free(&cfg);
}

/* A single-language segment (a subtitle imported alone) takes no row for
 * its empty side: header, its lines, the blank after; and it draws. */
static void test_one_language(void)
{
	struct config cfg;
	load_defaults(&cfg);
	struct app *a = app_new(&cfg, NULL, 100, 30);
	struct episode *ep = episode_new();
	episode_set(&ep->title, "subtitles");
	episode_add_segment(ep, 1, 0, 2, xstrdup("Only English here."),
			    xstrdup(""), 0);
	episode_add_segment(ep, 1, 2, 4, xstrdup(""), xstrdup("只有中文。"),
			    0);
	episode_add_segment(ep, 1, 4, 6, xstrdup("Both."), xstrdup("都有。"),
			    0);
	episode_update_stats(ep);
	app_open(a, ep, 0, 0, 0);
	CHECK_INT(app_seg_height(a, 0), 3);
	CHECK_INT(app_seg_height(a, 1), 3);
	CHECK_INT(app_seg_height(a, 2), 4);
	/* Row by row: the English line is followed by the blank, then the
	 * next header at once. */
	size_t seg, line;
	CHECK(app_transcript_at(a, 3, &seg, &line));
	CHECK_INT(seg, 1);
	CHECK_INT(line, 0);
	CHECK(screen_has(a, "Only English here."));
	CHECK(screen_has(a, "只有中文。"));
	app_key(a, KEYS_RIGHT); /* the current sentence draws its marks too */
	CHECK_INT(app_current(a), 1);
	CHECK(screen_has(a, "只有中文。"));
	app_free(a);
	config_free(&cfg);
}

static void test_mouse(void)
{
	struct config cfg;
	load_defaults(&cfg);
	struct app *a = app_new(&cfg, NULL, 100, 30);
	app_open(a, sample(), 0, 0, 0);
	/* Click on the header row of the second sentence. */
	int ty = app_layout(a)->pane[LAYOUT_TRANSCRIPT].y + 1;
	int tx = app_layout(a)->pane[LAYOUT_TRANSCRIPT].x + 4;
	size_t seg, line;
	int row = -1;
	for (int r = 0; r < app_transcript_rows(a); r++)
		if (app_transcript_at(a, r, &seg, &line) && seg == 1 &&
		    line == 1) {
			row = r;
			break;
		}
	CHECK(row >= 0);
	app_mouse(a, APP_MOUSE_CLICK, ty + row, tx);
	CHECK_INT(app_current(a), 1);
	app_mouse(a, APP_MOUSE_WHEEL_DOWN, ty + 2, tx);
	CHECK(!transcript_following(app_transcript(a)));
	CHECK(transcript_top_seg(app_transcript(a)) > 0 || transcript_top_line(app_transcript(a)) > 0);
	app_mouse(a, APP_MOUSE_WHEEL_UP, ty + 2, tx);
	/* A click on the glossary focuses it. */
	const struct rect *gr = &app_layout(a)->pane[LAYOUT_GLOSSARY];
	app_mouse(a, APP_MOUSE_CLICK, gr->y + 2, gr->x + 3);
	CHECK_INT(app_focus(a), APP_FOCUS_GLOSSARY);
	CHECK_INT(glosspane_sel(app_glossary(a)), 1);
	/* Enter on a term goes to the sentence that glosses it first. */
	size_t term = glosspane_term(app_glossary(a), glosspane_sel(app_glossary(a)));
	app_key(a, KEYS_ENTER);
	CHECK_INT(app_current(a), (size_t)app_episode(a)->terms[term].first_segment);
	app_free(a);
	config_free(&cfg);
}

/* ---- listening: commands out, player events in ----------------------------- */

/* The tests' clock for app_player()'s now, in seconds: any steady count
 * will do, the app never reads a clock itself. */
static double test_now = 1000;

/* The player reports position t (paused or not) at test_now. */
static void player_at(struct app *a, double t, bool paused)
{
	struct player_state ps = *listen_state(app_listen(a));
	ps.loaded = true;
	ps.loading = false;
	ps.seeking = false;
	unsigned changed = PLAYER_CHANGED_POSITION;
	if (floor(ps.position) != floor(t))
		changed |= PLAYER_CHANGED_SECOND;
	if (ps.paused != paused)
		changed |= PLAYER_CHANGED_PAUSE;
	ps.position = t;
	ps.paused = paused;
	ps.duration = 3580;
	app_player(a, &ps, changed, test_now);
}

/* The next player commands are the auto-pause's: pause, then an exact
 * seek to end. Takes every queued command. */
static bool paused_at(struct app *a, double end)
{
	struct listen_pcmd c[2];
	int n = 0;
	bool ok = true;
	struct listen_pcmd x;
	while (app_next_pcmd(a, &x)) {
		if (n < 2)
			c[n] = x;
		else
			ok = false;
		n++;
		free(x.path);
	}
	return ok && n == 2 && c[0].type == LISTEN_PCMD_PAUSE &&
	       c[1].type == LISTEN_PCMD_SEEK && fabs(c[1].a - end) < 1e-9;
}

static void test_listening(void)
{
	struct config cfg;
	load_defaults(&cfg);
	struct app *a = app_new(&cfg, NULL, 100, 30);
	struct episode *ep = sample();
	/* Any readable file counts as audio here: no player is involved. */
	episode_set(&ep->audio, getenv("BUILDSPEAK_SAMPLE")
					? getenv("BUILDSPEAK_SAMPLE")
					: "data/sample.page.txt");
	app_open(a, ep, 0, 3, 0);
	const struct segment *sg = app_episode(a)->segments;

	/* No player: Space says so and queues nothing. */
	app_key(a, ' ');
	CHECK(app_message_text(a) && strstr(app_message_text(a), "audio"));
	struct listen_pcmd c;
	CHECK(!app_next_pcmd(a, &c));

	app_set_player_ok(a, true);
	CHECK(screen_has(a, "❚❚ sentence 4/147"));
	/* Space loads the audio at the current sentence's start, playing. */
	app_key(a, ' ');
	CHECK(app_next_pcmd(a, &c));
	CHECK_INT(c.type, LISTEN_PCMD_LOAD);
	CHECK(fabs(c.a - sg[3].start) < 1e-9);
	CHECK(c.b == 0); /* not paused */
	CHECK_STR(c.path, app_episode(a)->audio);
	free(c.path);
	CHECK(listen_playing(app_listen(a)));
	player_at(a, sg[3].start + 0.1, false);
	CHECK(screen_has(a, "▶ sentence 4/147"));

	/* Playing: the position moves the current sentence. */
	player_at(a, sg[5].start + 0.2, false);
	CHECK_INT(app_current(a), 5);
	CHECK(current_visible(a));
	/* A gap belongs to the sentence before it. */
	player_at(a, (sg[5].end + sg[6].start) / 2, false);
	if (sg[6].start > sg[5].end)
		CHECK_INT(app_current(a), 5);

	/* → seeks to the next sentence's start, exactly. */
	player_at(a, sg[5].start + 0.3, false);
	press(a, KEYS_RIGHT, 3);
	double at = -1;
	CHECK_INT(pcmd_count(a, LISTEN_PCMD_SEEK, &at, NULL), 3);
	CHECK(fabs(at - sg[8].start) < 1e-9);
	CHECK_INT(app_current(a), 8);
	app_key(a, KEYS_LEFT); /* the previous sentence, not a restart */
	CHECK(app_next_pcmd(a, &c));
	CHECK_INT(c.type, LISTEN_PCMD_SEEK);
	CHECK(fabs(c.a - sg[7].start) < 1e-9);
	free(c.path);
	CHECK_INT(app_current(a), 7);

	/* Right after a jump the position may read a little early: that
	 * does not send the sentence back. */
	player_at(a, sg[7].start - 0.15, false);
	CHECK_INT(app_current(a), 7);
	player_at(a, sg[7].start + 0.05, false);
	CHECK_INT(app_current(a), 7);

	/* The user scrolls away while playing: the view stays put. */
	player_at(a, sg[7].start + 0.5, false);
	press(a, 'k', 30);
	size_t top = transcript_top_seg(app_transcript(a)), topl = transcript_top_line(app_transcript(a));
	player_at(a, sg[12].start + 0.5, false);
	CHECK_INT(app_current(a), 12);
	CHECK_INT(transcript_top_seg(app_transcript(a)), top);
	CHECK_INT(transcript_top_line(app_transcript(a)), topl);
	app_key(a, '.');
	CHECK(current_visible(a));
	player_at(a, sg[20].start + 0.5, false);
	CHECK(current_visible(a));

	/* Space pauses; the player's pause event agrees. */
	app_key(a, ' ');
	CHECK_INT(pcmd_count(a, LISTEN_PCMD_PAUSE, NULL, NULL), 1);
	CHECK(!listen_playing(app_listen(a)));
	player_at(a, sg[20].start + 0.6, true);
	CHECK(!listen_playing(app_listen(a)));
	/* Paused, a position that jitters across a start moves nothing. */
	player_at(a, sg[20].start - 0.2, true);
	CHECK_INT(app_current(a), 20);
	app_key(a, ' ');
	CHECK_INT(pcmd_count(a, LISTEN_PCMD_PLAY, NULL, NULL), 1);
	player_at(a, sg[20].start + 0.7, false);
	CHECK(listen_playing(app_listen(a)));

	/* Speed: ] and [ in 0.1 steps, clamped to 0.5 .. 2.0, Backspace 1.0. */
	double sp = 0;
	press(a, ']', 2);
	CHECK_INT(pcmd_count(a, LISTEN_PCMD_SPEED, &sp, NULL), 2);
	CHECK(fabs(sp - 1.2) < 1e-9);
	CHECK(screen_has(a, "1.2x"));
	press(a, ']', 20);
	CHECK_INT(listen_speed(app_listen(a)), 20);
	CHECK_INT(pcmd_count(a, LISTEN_PCMD_SPEED, &sp, NULL), 8);
	CHECK(fabs(sp - 2.0) < 1e-9);
	press(a, '[', 30);
	CHECK_INT(listen_speed(app_listen(a)), 5);
	CHECK_INT(pcmd_count(a, LISTEN_PCMD_SPEED, &sp, NULL), 15);
	CHECK(fabs(sp - 0.5) < 1e-9);
	app_key(a, KEYS_BACKSPACE);
	CHECK_INT(listen_speed(app_listen(a)), 10);
	CHECK_INT(pcmd_count(a, LISTEN_PCMD_SPEED, &sp, NULL), 1);
	CHECK(fabs(sp - 1.0) < 1e-9);

	/* r replays the current sentence from its start. */
	player_at(a, sg[20].start + 2.5, false);
	app_key(a, 'r');
	CHECK_INT(pcmd_count(a, LISTEN_PCMD_SEEK, &at, NULL), 1);
	CHECK(fabs(at - sg[20].start) < 1e-9);

	/* l loops the current sentence: an A-B loop over its range; the
	 * position reading early or late does not move the sentence. */
	app_key(a, 'l');
	double la = -1, lb = -1;
	CHECK_INT(pcmd_count(a, LISTEN_PCMD_LOOP, &la, &lb), 1);
	CHECK(fabs(la - sg[20].start) < 1e-9);
	CHECK(fabs(lb - app_seg_end(a, 20)) < 1e-9);
	CHECK(screen_has(a, "loop"));
	player_at(a, sg[20].start - 0.2, false);
	CHECK_INT(app_current(a), 20);
	player_at(a, app_seg_end(a, 20) + 0.3, false);
	CHECK_INT(app_current(a), 20);
	/* → while looping moves the loop with it. */
	app_key(a, KEYS_RIGHT);
	CHECK_INT(pcmd_count(a, LISTEN_PCMD_LOOP, &la, &lb), 1);
	CHECK(fabs(la - sg[21].start) < 1e-9);
	app_key(a, 'l');
	CHECK_INT(pcmd_count(a, LISTEN_PCMD_LOOP_OFF, NULL, NULL), 1);
	CHECK(!listen_looping(app_listen(a)));

	/* a: auto-pause at the end of every sentence; Space goes on into
	 * the next one without pausing again at once. (The deadline's
	 * arithmetic: test_autopause.) */
	player_at(a, sg[21].start + 0.5, false);
	app_key(a, 'a');
	CHECK(listen_autopause(app_listen(a)));
	drain(a);
	double end21 = app_seg_end(a, 21);
	player_at(a, end21 - 0.5, false);
	CHECK(fabs(app_next_deadline(a) - (test_now + 0.5)) < 1e-9);
	app_timer(a, test_now + 0.49);
	CHECK_INT(pcmd_count(a, LISTEN_PCMD_PAUSE, NULL, NULL), 0);
	test_now += 0.5;
	app_timer(a, test_now);
	CHECK(paused_at(a, end21));
	CHECK_INT(app_current(a), 21);
	CHECK(!listen_playing(app_listen(a)));
	CHECK(app_next_deadline(a) < 0);
	player_at(a, end21, true); /* the seek landed: the next one's start */
	CHECK_INT(app_current(a), 21);
	app_key(a, ' ');
	CHECK_INT(pcmd_count(a, LISTEN_PCMD_PLAY, NULL, NULL), 1);
	player_at(a, end21, false);
	CHECK(fabs(app_next_deadline(a) -
		   (test_now + app_seg_end(a, 22) - end21)) < 1e-9);
	player_at(a, sg[22].start + 0.5, false);
	app_timer(a, test_now);
	CHECK_INT(pcmd_count(a, LISTEN_PCMD_PAUSE, NULL, NULL), 0);
	CHECK_INT(app_current(a), 22);
	/* A report already past the end (the loop woke late): pause now,
	 * and back to the end. */
	player_at(a, app_seg_end(a, 22) + 0.2, false);
	CHECK(paused_at(a, app_seg_end(a, 22)));
	CHECK_INT(app_current(a), 22);
	app_key(a, 'a');
	CHECK(!listen_autopause(app_listen(a)));

	/* A player error is shown, and playing stops. */
	struct player_state ps = *listen_state(app_listen(a));
	snprintf(ps.error, sizeof ps.error, "cannot open the audio output");
	ps.loaded = false;
	app_player(a, &ps, PLAYER_CHANGED_ERROR | PLAYER_CHANGED_LOADED,
		   test_now);
	CHECK(app_message_text(a) && strstr(app_message_text(a), "cannot open the audio"));
	CHECK(!listen_playing(app_listen(a)));

	/* The end of the file: play state off. */
	drain(a);
	app_key(a, ' ');
	CHECK(app_next_pcmd(a, &c)); /* nothing loaded: loads again */
	CHECK_INT(c.type, LISTEN_PCMD_LOAD);
	free(c.path);
	drain(a);
	ps = *listen_state(app_listen(a));
	ps.loaded = true;
	ps.loading = false;
	ps.eof = true;
	ps.paused = true;
	app_player(a, &ps, PLAYER_CHANGED_EOF | PLAYER_CHANGED_PAUSE,
		   test_now);
	CHECK(!listen_playing(app_listen(a)));
	app_free(a);
	config_free(&cfg);
}

/* A report of the player's state at now, with the changed bits. */
static void player_report(struct app *a, struct player_state ps,
			  unsigned changed, double now)
{
	ps.loaded = true;
	ps.loading = false;
	app_player(a, &ps, changed, now);
}

/* Auto-pause: the loop sleeps until the moment playback reaches the
 * sentence's end, worked out from the last report, when it came and the
 * speed -- not until the next report after it, which would let the next
 * sentence's first syllable through. Idle, nothing is due. */
static void test_autopause(void)
{
	struct config cfg;
	load_defaults(&cfg);
	struct app *a = app_new(&cfg, NULL, 100, 30);
	struct episode *ep = sample();
	episode_set(&ep->audio, getenv("BUILDSPEAK_SAMPLE")
					? getenv("BUILDSPEAK_SAMPLE")
					: "data/sample.page.txt");
	app_open(a, ep, 0, 4, 0);
	app_set_player_ok(a, true);
	const struct segment *sg = app_episode(a)->segments;
	double s4 = sg[4].start, e4 = app_seg_end(a, 4);
	CHECK(e4 - s4 > 10); /* 01:02 - 01:36 */
	double t = 500;

	/* Paused, or nothing loaded: no deadline, whatever the mode. */
	CHECK(app_next_deadline(a) < 0);
	app_key(a, 'a');
	CHECK(listen_autopause(app_listen(a)));
	CHECK(app_next_deadline(a) < 0);
	app_key(a, ' ');
	CHECK(listen_playing(app_listen(a)));
	CHECK(app_next_deadline(a) < 0); /* loading */
	drain(a);

	/* Playing from the sentence's start at t: due when its end plays. */
	struct player_state ps = *listen_state(app_listen(a));
	ps.position = s4;
	ps.paused = false;
	ps.speed = 1.0;
	player_report(a, ps, PLAYER_CHANGED_POSITION | PLAYER_CHANGED_PAUSE |
				     PLAYER_CHANGED_LOADED, t);
	CHECK(fabs(app_next_deadline(a) - (t + e4 - s4)) < 1e-9);
	/* Each report moves the reference: here playback is 0.25 s behind
	 * the wall clock (a slow start), so the end comes that much later. */
	ps.position = s4 + 0.75;
	player_report(a, ps, PLAYER_CHANGED_POSITION, t + 1);
	CHECK(fabs(app_next_deadline(a) - (t + 1 + e4 - s4 - 0.75)) < 1e-9);

	/* Twice as fast from t + 2 (the time before at 1x): the rest takes
	 * half as long. */
	ps.speed = 2.0;
	player_report(a, ps, PLAYER_CHANGED_SPEED, t + 2);
	double rest = e4 - (s4 + 1.75);
	CHECK(fabs(app_next_deadline(a) - (t + 2 + rest / 2)) < 1e-9);
	ps.position = s4 + 1.75 + 2.0;
	player_report(a, ps, PLAYER_CHANGED_POSITION, t + 3);
	CHECK(fabs(app_next_deadline(a) - (t + 3 + (rest - 2) / 2)) < 1e-9);

	/* While a seek is in flight the position is its target, not a clock:
	 * nothing is due until playback restarts. */
	ps.seeking = true;
	player_report(a, ps, PLAYER_CHANGED_POSITION, t + 3.1);
	CHECK(app_next_deadline(a) < 0);
	ps.seeking = false;
	ps.position = s4 + 5;
	player_report(a, ps, PLAYER_CHANGED_SEEK | PLAYER_CHANGED_POSITION,
		      t + 4);
	CHECK(fabs(app_next_deadline(a) - (t + 4 + (e4 - s4 - 5) / 2)) < 1e-9);

	/* Space pauses: the reader sleeps with no timeout. */
	app_key(a, ' ');
	CHECK(app_next_deadline(a) < 0);
	ps.paused = true;
	player_report(a, ps, PLAYER_CHANGED_PAUSE, t + 4.01);
	CHECK(app_next_deadline(a) < 0);
	/* Space plays on: due again, from where it was paused. */
	app_key(a, ' ');
	ps.paused = false;
	player_report(a, ps, PLAYER_CHANGED_PAUSE, t + 10);
	CHECK(fabs(app_next_deadline(a) - (t + 10 + (e4 - s4 - 5) / 2)) < 1e-9);

	drain(a);

	/* An A-B loop holds auto-pause off; the loop off, it is back. */
	app_key(a, 'l');
	CHECK(listen_looping(app_listen(a)));
	CHECK(app_next_deadline(a) < 0);
	app_timer(a, t + 1000);
	CHECK_INT(pcmd_count(a, LISTEN_PCMD_PAUSE, NULL, NULL), 0);
	app_key(a, 'l');
	CHECK(!listen_looping(app_listen(a)));
	drain(a);
	double d = app_next_deadline(a);
	CHECK(fabs(d - (t + 10 + (e4 - s4 - 5) / 2)) < 1e-9);

	/* Off: nothing due; on again: the same end. */
	app_key(a, 'a');
	CHECK(app_next_deadline(a) < 0);
	app_key(a, 'a');
	CHECK(fabs(app_next_deadline(a) - d) < 1e-9);

	/* Not a millisecond early; at the deadline, a pause and an exact seek
	 * to the end; then nothing due while paused there. */
	app_timer(a, d - 0.001);
	CHECK(listen_playing(app_listen(a)));
	CHECK_INT(pcmd_count(a, LISTEN_PCMD_PAUSE, NULL, NULL), 0);
	app_timer(a, d);
	CHECK(paused_at(a, e4));
	CHECK(!listen_playing(app_listen(a)));
	CHECK(listen_autopaused(app_listen(a)));
	CHECK(fabs(listen_target(app_listen(a)) - e4) < 1e-9);
	CHECK(app_next_deadline(a) < 0);
	CHECK_INT(app_current(a), 4);
	CHECK(screen_has(a, "❚❚ sentence 5/147"));

	/* Space goes on into the next sentence: due at its end. */
	ps.paused = true;
	ps.position = e4;
	player_report(a, ps, PLAYER_CHANGED_PAUSE | PLAYER_CHANGED_POSITION,
		      d + 0.01);
	app_key(a, ' ');
	ps.paused = false;
	player_report(a, ps, PLAYER_CHANGED_PAUSE, d + 5);
	CHECK(fabs(app_next_deadline(a) -
		   (d + 5 + (app_seg_end(a, 5) - e4) / 2)) < 1e-9);
	app_free(a);
	config_free(&cfg);
}

static void test_missing_audio(void)
{
	struct config cfg;
	load_defaults(&cfg);
	struct app *a = app_new(&cfg, NULL, 100, 30);
	app_set_player_ok(a, true);
	struct episode *ep = sample();
	episode_set(&ep->audio, "/nonexistent/ep87.wav");
	app_open(a, ep, 0, 0, 0);
	CHECK(app_message_text(a) && strstr(app_message_text(a), "not found"));
	app_key(a, ' ');
	struct listen_pcmd c;
	CHECK(!app_next_pcmd(a, &c));
	CHECK(app_message_text(a) && strstr(app_message_text(a), "not found"));
	/* The message does not hide the time (the play state with it when
	 * there is audio to play). */
	CHECK(screen_has(a, "00:00 / 59:40  audio file not found"));
	app_free(a);
	config_free(&cfg);
}

/* A long episode costs no more to move in: only what is shown is laid
 * out. */
static void test_long_episode(void)
{
	struct config cfg;
	load_defaults(&cfg);
	struct app *a = app_new(&cfg, NULL, 100, 30);
	struct episode *ep = episode_new();
	episode_set(&ep->title, "ten thousand");
	for (int i = 0; i < 10000; i++)
		episode_add_segment(ep, 1 + i % 2, i * 3.0, i * 3.0 + 2.5,
				    xasprintf("Sentence %d says something "
					      "about deep learning.", i + 1),
				    xasprintf("第 %d 句。", i + 1), 0);
	episode_update_stats(ep);
	app_open(a, ep, 0, 0, 0);
	app_key(a, 'G');
	CHECK_INT(app_current(a), 9999);
	CHECK(current_visible(a));
	CHECK(screen_has(a, "sentence 10000/10000"));
	size_t laid = transcript_laid_out(app_transcript(a));
	CHECK(laid < 100);
	app_free(a);
	config_free(&cfg);
}


/* With the library: the list, opening another episode saves the progress
 * of the one left, and the last one reopens where it was. */
static void test_library(void)
{
	char *path;
	struct store *st = library_new(&path);
	CHECK(st != NULL);
	if (!st)
		return;
	struct episode *one = sample();
	CHECK_INT(store_episode_save(st, one, 0), 0);
	struct episode *two = episode_new();
	episode_set(&two->title, "Second talk");
	episode_set(&two->podcast, "Other");
	episode_set(&two->date, "2026-06-01");
	for (int i = 0; i < 30; i++)
		episode_add_segment(two, 1, i * 5.0, i * 5.0 + 4,
				    xasprintf("English %d.", i + 1),
				    xasprintf("中文 %d。", i + 1), 0);
	episode_update_stats(two);
	CHECK_INT(store_episode_save(st, two, 0), 0);
	long long id1 = one->id, id2 = two->id;
	episode_free(one);
	episode_free(two);

	struct config cfg;
	load_defaults(&cfg);
	struct app *a = app_new(&cfg, st, 100, 30);
	app_take_dirty(a);
	CHECK_INT(app_load_list(a), 0);
	/* No episode is open: the transcript's hint follows the list. */
	CHECK(app_take_dirty(a) & APP_DIRTY_TRANSCRIPT);
	CHECK(screen_has(a, "Choose an episode"));
	CHECK_INT(eplist_count(app_list(a)), 2);
	/* Newest first: the June talk, then the sample. */
	CHECK_INT(eplist_get(app_list(a), 0)->id, id2);
	app_open_last(a); /* never opened: the newest */
	CHECK_INT(app_episode_id(a), id2);
	CHECK(screen_has(a, "Second talk"));
	CHECK(screen_has(a, "归档 Archive"));
	press(a, KEYS_RIGHT, 7);
	/* To the list, down to the sample, Enter. */
	app_key(a, '1');
	CHECK_INT(app_focus(a), APP_FOCUS_LIST);
	app_key(a, 'j');
	app_key(a, KEYS_ENTER);
	CHECK_INT(app_episode_id(a), id1);
	CHECK_INT(app_focus(a), APP_FOCUS_TRANSCRIPT);
	CHECK_INT(eplist_get(app_list(a), 0)->progress_segment, 7);
	press(a, KEYS_RIGHT, 20);
	app_save_progress(a);
	app_free(a);

	/* A new reader: the sample at sentence 21, the other at 8. */
	a = app_new(&cfg, st, 100, 30);
	app_load_list(a);
	app_open_last(a);
	CHECK_INT(app_episode_id(a), id1);
	CHECK_INT(app_current(a), 20);
	CHECK(screen_has(a, "sentence 21/147"));
	CHECK(screen_has(a, "14%")); /* 21 of 147 in the list */
	app_key(a, '1');
	app_key(a, 'g');
	app_key(a, KEYS_ENTER);
	CHECK_INT(app_episode_id(a), id2);
	CHECK_INT(app_current(a), 7);
	app_free(a);
	config_free(&cfg);
	library_remove(st, path);
}

/* eplist_at_row against a scan of eplist_row, with and without the
 * "today" and "archive" headers. */
static void test_eplist_at_row(void)
{
	for (size_t n_today = 0; n_today <= 7; n_today += 3) {
		for (size_t n = 0; n <= 7; n++) {
			struct eplist *l = eplist_new("2026-01-02");
			struct episode_summary *v = xcalloc(n ? n : 1,
							    sizeof *v);
			for (size_t i = 0; i < n; i++) {
				v[i].id = (long long)(n - i);
				v[i].date = xstrdup(i < n_today ? "2026-01-02"
								: "2025-01-01");
				v[i].title = xstrdup("t");
			}
			eplist_set(l, v, n, 0);
			for (size_t row = 0; row < 2 * n + 4; row++) {
				size_t want = 0;
				while (want < n &&
				       eplist_row(l, want) + 1 < row)
					want++;
				if (eplist_at_row(l, row) != want) {
					CHECK_INT(eplist_at_row(l, row), want);
					fprintf(stderr, "  n %zu today %zu row "
						"%zu\n", n, n_today, row);
				}
			}
			eplist_free(l);
		}
	}
}

/* A list longer than its pane is read ids first: the entries on screen
 * (and the open one) are whole, the others only when shown or used --
 * and the reader shows, opens, marks and follows them as before. */
static void test_long_list(void)
{
	char *path;
	struct store *st = library_new(&path);
	CHECK(st != NULL);
	if (!st)
		return;
	enum { N = 60 };
	long long ids[N];
	for (int i = 0; i < N; i++) {
		struct episode *ep = episode_new();
		char *title = xasprintf("Talk number %02d", i);
		episode_set(&ep->title, title);
		free(title);
		episode_set(&ep->podcast, "Pod");
		/* Older first; two a day, so equal dates order by id. */
		char date[16];
		snprintf(date, sizeof date, "2025-%02d-%02d", 1 + i / 56,
			 1 + i / 2 % 28);
		episode_set(&ep->date, date);
		for (int k = 0; k < 4; k++) {
			char *en = xasprintf("English %d.", k + 1);
			char *zh = xasprintf("中文 %d。", k + 1);
			episode_add_segment(ep, 1, k * 5.0, k * 5.0 + 4, en, zh,
					    0);
		}
		episode_update_stats(ep);
		CHECK_INT(store_episode_save(st, ep, 0), 0);
		ids[i] = ep->id;
		episode_free(ep);
	}
	/* Read before: the oldest at its third sentence. */
	CHECK_INT(store_progress_save(st, ids[0], 12.0, 2), 0);

	struct config cfg;
	load_defaults(&cfg);
	struct app *a = app_new(&cfg, st, 100, 30);
	CHECK_INT(app_load_list(a), 0);
	const struct eplist *l = app_list(a);
	CHECK_INT(eplist_count(l), N);
	CHECK_INT(eplist_get(l, 0)->id, ids[N - 1]); /* newest first */
	CHECK(eplist_get(l, N / 2)->partial);
	app_open_last(a); /* the oldest, last opened, far down the list */
	CHECK_INT(app_episode_id(a), ids[0]);
	CHECK_INT(app_current(a), 2);
	CHECK(!eplist_get(l, N - 1)->partial);
	CHECK(screen_has(a, "Talk number 59"));
	CHECK(screen_has(a, "Episodes (60)"));
	CHECK(eplist_get(l, N / 2)->partial); /* not shown, not read */
	for (size_t i = 0; i < 3; i++)
		CHECK(!eplist_get(l, i)->partial);

	/* Down the list: each entry shown is whole. */
	app_key(a, '1');
	app_key(a, 'g');
	press(a, 'j', N / 2);
	CHECK(screen_has(a, "Talk number 29"));
	CHECK(!eplist_get(l, N / 2)->partial);
	/* Marking one that was never shown reads it first. */
	app_key(a, 'j');
	CHECK(eplist_get(l, N / 2 + 1)->partial);
	app_key(a, 'f');
	CHECK(screen_has(a, "marked finished"));
	CHECK(!eplist_get(l, N / 2 + 1)->partial);
	CHECK(eplist_get(l, N / 2 + 1)->finished);
	app_key(a, 'G');
	CHECK(screen_has(a, "Talk number 00"));
	CHECK(screen_has(a, "50%")); /* its progress, read with the entry */

	/* Another process removes the open episode and one never shown. */
	char err[256];
	struct store *other = store_open(path, 0, NULL, err, sizeof err);
	CHECK(other != NULL);
	if (other) {
		CHECK_INT(store_episode_delete(other, ids[10]), 0);
		CHECK_INT(store_episode_delete(other, ids[0]), 0);
		store_close(other);
	}
	CHECK(app_check_library(a));
	CHECK_INT(eplist_count(l), N - 2);
	CHECK(app_episode(a) == NULL);
	CHECK(screen_has(a, "was removed from the library"));
	CHECK(screen_has(a, "Talk number 01"));
	app_free(a);

	/* A new reader opens the newest when the last opened is gone. */
	a = app_new(&cfg, st, 100, 30);
	app_load_list(a);
	app_open_last(a);
	CHECK(app_episode(a) != NULL);
	app_free(a);
	config_free(&cfg);
	library_remove(st, path);
}

/* Ambiguous-width characters: two columns when the setting says so, and
 * the lines still fit the pane. */
static void test_ambiguous(void)
{
	struct config cfg;
	load_defaults(&cfg);
	cfg.ambiguous_wide = true;
	struct app *a = app_new(&cfg, NULL, 60, 20);
	struct episode *ep = episode_new();
	episode_set(&ep->title, "“Quotes” — and… dots · here");
	episode_add_segment(ep, 1, 0, 5,
			    xstrdup("“A quoted sentence” — with an ellipsis… "
				    "and a middle dot · repeated “again” and "
				    "“again” until it has to wrap — twice…"),
			    xstrdup("“引号”——省略号……中间点·很多次“再来”。"), 0);
	episode_update_stats(ep);
	app_open(a, ep, 0, 0, 0);
	struct grid *g = grid_new(app_rows(a), app_cols(a));
	view_screen(a, &g->canvas);
	int quotes = 0, over = 0;
	for (int y = 0; y < g->h; y++) {
		int cols = 0;
		for (int x = 0; x < g->w; x++) {
			const struct grid_cell *c = &g->cells[y * g->w + x];
			if (!strcmp(c->s, "“")) {
				quotes++;
				CHECK_INT(c->width, 2);
			}
			cols += c->width;
		}
		if (cols > g->w)
			over++;
	}
	CHECK(quotes >= 4);
	CHECK_INT(over, 0);
	/* Narrow again: the same text in fewer columns per line. */
	app_set_ambiguous_wide(a, false);
	view_screen(a, &g->canvas);
	for (int i = 0; i < g->h * g->w; i++)
		if (!strcmp(g->cells[i].s, "“"))
			CHECK_INT(g->cells[i].width, 1);
	grid_free(g);
	app_free(a);
	config_free(&cfg);
}

/* The text of row y of g from column x0 on, spaces removed. */
static char *row_text(const struct grid *g, int y, int x0)
{
	char *out = xmalloc((size_t)g->w * 24 + 1);
	size_t len = 0;
	for (int x = x0; x < g->w; x++) {
		const char *c = g->cells[y * g->w + x].s;
		if (strcmp(c, " ") != 0) {
			memcpy(out + len, c, strlen(c));
			len += strlen(c);
		}
	}
	out[len] = '\0';
	return out;
}

static char *strip_spaces(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;
	for (; *s; s++)
		if (*s != ' ')
			*o++ = *s;
	*o = '\0';
	return out;
}

/* At every width from the minimum to 200 columns, the current sentence's
 * English and Chinese are drawn whole: every character on screen, in
 * order, none cut at the pane's edge. */
static void test_every_width(void)
{
	struct config cfg;
	load_defaults(&cfg);
	struct app *a = app_new(&cfg, NULL, 100, 60);
	app_open(a, sample(), 0, 0, 0);
	int bad = 0;
	const size_t segs[] = {0, 14, 87, 146};
	for (size_t k = 0; k < sizeof segs / sizeof segs[0]; k++) {
		app_key(a, 'g');
		for (size_t i = 0; i < segs[k]; i++)
			app_key(a, KEYS_RIGHT);
		for (int cols = LAYOUT_MIN_COLS; cols <= 200; cols++) {
			app_resize(a, cols, 60);
			const struct rect *r = &app_layout(a)->pane[LAYOUT_TRANSCRIPT];
			struct grid *g = grid_new(r->h, r->w);
			view_pane(a, LAYOUT_TRANSCRIPT, &g->canvas);
			const struct transcript_seg *v = app_seg(a, app_current(a));
			char *want = xasprintf("%s%s", v->en, v->zh);
			char *want_s = strip_spaces(want);
			char *got = xstrdup("");
			for (int row = 0; row < app_transcript_rows(a); row++) {
				size_t seg, line;
				if (!app_transcript_at(a, row, &seg, &line) ||
				    seg != app_current(a) || line == 0)
					continue;
				char *t = row_text(g, row + 1, 2);
				char *n = xasprintf("%s%s", got, t);
				free(got);
				free(t);
				got = n;
			}
			if (strcmp(got, want_s) != 0) {
				if (bad < 3)
					fprintf(stderr, "width %d, sentence %zu:\n"
						" got  %s\n want %s\n", cols,
						app_current(a) + 1, got, want_s);
				bad++;
			}
			free(got);
			free(want);
			free(want_s);
			grid_free(g);
		}
	}
	CHECK_INT(bad, 0);
	app_free(a);
	config_free(&cfg);
}

/* ---- the mode interface and the registry -------------------------------- */

/* What a prompt's callbacks saw. */
struct prompt_probe {
	int done, freed;
	char answer[32]; /* "" when cancelled */
};

static void probe_done(struct mode_entry *owner, void *data, const char *text)
{
	struct prompt_probe *p = data;
	CHECK(owner && owner == app_mode_top(owner->app)); /* on top again */
	p->done++;
	snprintf(p->answer, sizeof p->answer, "%s", text ? text : "");
}

static void probe_free(void *data)
{
	((struct prompt_probe *)data)->freed++;
}

static void test_modes(void)
{
	struct config cfg;
	load_defaults(&cfg);
	/* Every registered mode has a context named as it, and every mode
	 * command id maps back to its mode's table. */
	CHECK_INT(keys_context_count(), KEYS_N_CORE + (int)modes_count);
	for (size_t i = 0; i < modes_count; i++) {
		const struct mode *m = modes_registry[i];
		CHECK_INT(mode_index(m), (int)i);
		CHECK_INT(keys_context_find(m->name), KEYS_N_CORE + (int)i);
		for (size_t k = 0; k < m->n_commands; k++) {
			int id = command_find(m->commands[k].name);
			const struct mode *back = NULL;
			CHECK(id >= (int)command_count);
			CHECK(command_of_mode(id, &back) == &m->commands[k]);
			CHECK(back == m);
		}
	}
	/* A mode's own command does nothing unless its mode is on top. */
	struct app *a = app_new(&cfg, NULL, 100, 30);
	app_open(a, sample(), 0, 0, 0);
	CHECK_INT(app_run_name(a, "book-sort"), 0);
	CHECK_INT(app_mode_depth(a), 0);
	CHECK_INT(app_run_name(a, "select-next-word"), 0);
	CHECK_INT(app_mode_depth(a), 0);

	/* The help lists each mode's keys under its heading (a mode with no
	 * keys bound: what it says besides). */
	CHECK_INT(app_run_name(a, "help"), 0);
	CHECK_INT(app_mode_depth(a), 1);
	CHECK(app_context(a) == keys_context_find("help"));
	for (size_t i = 0; i < modes_count; i++) {
		struct mode_entry *h = app_mode_top(a);
		bool found = false;
		for (size_t l = 0; l < h->mode->count(h); l++) {
			struct overlay_line line = {"", 0};
			h->mode->line(h, l, &line);
			const struct mode *m = modes_registry[i];
			found |= !strcmp(line.text, m->heading) ||
				 (m->help_extra &&
				  !strcmp(line.text, m->help_extra[0]));
		}
		if (!found)
			fprintf(stderr, "no help section %s\n",
				modes_registry[i]->heading);
		CHECK(found);
	}

	/* A prompt over a mode: done with the owner on top, then its data
	 * freed; on Enter, on Escape, and when the app closes it. */
	struct prompt_probe p = {0, 0, ""};
	CHECK_INT(prompt_open(app_mode_top(a), "Q", "ab", NULL, probe_done,
			      probe_free, &p), 0);
	app_key(a, 'c');
	CHECK_STR(prompt_text(a), "abc");
	app_key(a, KEYS_ENTER);
	CHECK_INT(p.done, 1);
	CHECK_INT(p.freed, 1);
	CHECK_STR(p.answer, "abc");
	CHECK_INT(app_mode_depth(a), 1);
	CHECK_INT(prompt_open(app_mode_top(a), "Q", NULL, NULL, probe_done,
			      probe_free, &p), 0);
	app_key(a, KEYS_ESC);
	CHECK_INT(p.done, 2);
	CHECK_INT(p.freed, 2);
	CHECK_STR(p.answer, "");

	/* A full stack says so and leaves the caller's data alone. */
	while (app_mode_depth(a) < APP_MAX_MODES)
		CHECK(app_mode_push(a, &help_mode, NULL) != NULL);
	CHECK(app_mode_push(a, &help_mode, NULL) == NULL);
	CHECK(app_message_text(a) && strstr(app_message_text(a), "cannot open"));
	app_mode_pop(a);
	CHECK_INT(prompt_open(app_mode_top(a), "Q", NULL, NULL, probe_done,
			      probe_free, &p), 0);
	CHECK_INT(prompt_open(app_mode_top(a), "Q2", NULL, NULL, probe_done,
			      probe_free, &p), -1);
	CHECK_INT(p.freed, 2); /* still the caller's: not freed */
	CHECK_INT(app_mode_depth(a), APP_MAX_MODES);
	/* The app closing with the prompt open frees its data, once. */
	app_free(a);
	CHECK_INT(p.done, 2);
	CHECK_INT(p.freed, 3);
	config_free(&cfg);
}


/* All the queued player commands of a type, the last one's arguments. */
static int pcmds_of(struct app *a, enum listen_pcmd_type type, double *x)
{
	return pcmd_count(a, type, x, NULL);
}

/* Seeking inside a sentence, a time typed in, a sentence repeated, the
 * shadowing turn, one sentence's hidden translation, and the glossary's
 * Enter going round a term's sentences. */
static void test_study(void)
{
	struct config cfg;
	load_defaults(&cfg);
	CHECK(fabs(cfg.seek_seconds - 5) < 1e-9);
	CHECK_INT(cfg.repeat_count, 3);
	CHECK(cfg.shadow_pause == 0);
	struct app *a = app_new(&cfg, NULL, 100, 30);
	struct episode *ep = sample();
	episode_set(&ep->audio, getenv("BUILDSPEAK_SAMPLE")
					? getenv("BUILDSPEAK_SAMPLE")
					: "data/sample.page.txt");
	app_open(a, ep, 7, 4, 0);
	app_set_player_ok(a, true);
	const struct segment *sg = app_episode(a)->segments;
	double s4 = sg[4].start, e4 = app_seg_end(a, 4); /* 01:02 - 01:36 */
	double x = -1;

	/* Paused, nothing loaded: S-Right moves the place 5 s on inside the
	 * sentence; nothing is sent to a player that has no file. */
	app_key(a, KEYS_SRIGHT);
	CHECK(fabs(listen_target(app_listen(a)) - (s4 + 5)) < 1e-9);
	CHECK_INT(app_current(a), 4);
	CHECK(screen_has(a, "sentence 5/147  01:07 / 59:40"));
	/* Playing: each press is an exact seek from the target, so a burst
	 * adds up before the player answers. */
	app_key(a, ' ');
	drain(a);
	player_at(a, s4 + 5.2, false);
	press(a, KEYS_SRIGHT, 3);
	CHECK_INT(pcmds_of(a, LISTEN_PCMD_SEEK, &x), 3);
	CHECK(fabs(x - (s4 + 5.2 + 15)) < 1e-9);
	CHECK_INT(app_current(a), 4);
	press(a, KEYS_SLEFT, 5); /* 25 s back: into the sentence before */
	CHECK_INT(pcmds_of(a, LISTEN_PCMD_SEEK, &x), 5);
	CHECK(fabs(x - (s4 - 4.8)) < 1e-9);
	CHECK_INT(app_current(a), (size_t)episode_segment_at(app_episode(a),
							     s4 - 4.8));
	CHECK(app_current(a) < 4);
	CHECK(current_visible(a));
	/* Clamped to the episode. */
	app_key(a, 'g');
	drain(a);
	app_key(a, KEYS_SLEFT);
	CHECK_INT(pcmds_of(a, LISTEN_PCMD_SEEK, &x), 1);
	CHECK(x == 0);
	/* The step is a setting. */
	CHECK_INT(config_line(&cfg, "set seek-seconds 2.5", "t", 1), 0);
	app_key(a, KEYS_SRIGHT);
	CHECK_INT(pcmds_of(a, LISTEN_PCMD_SEEK, &x), 1);
	CHECK(fabs(x - 2.5) < 1e-9);
	CHECK_INT(config_line(&cfg, "set seek-seconds 0", "t", 2), -1);
	CHECK_INT(config_line(&cfg, "set repeat-count 2.5", "t", 3), -1);
	CHECK_INT(config_line(&cfg, "set shadow-pause x", "t", 4), -1);
	CHECK(strstr(cfg.errors[cfg.n_errors - 1], "t:4: shadow-pause wants"));
	CHECK(fabs(cfg.seek_seconds - 2.5) < 1e-9);

	/* T asks for a time; a mistake is said and asked again with what
	 * was typed; 1:02:03 is past the end; 12:34 goes there. */
	app_key(a, 'T');
	CHECK(prompt_text(a) != NULL);
	CHECK(screen_has(a, "Jump to a time"));
	press(a, '9', 1);
	press(a, 'x', 1);
	app_key(a, KEYS_ENTER);
	CHECK(app_message_text(a) && strstr(app_message_text(a), "not a time"));
	CHECK_STR(prompt_text(a), "9x");
	press(a, KEYS_BACKSPACE, 2);
	for (const char *k = "1:02:03"; *k; k++)
		app_key(a, (unsigned char)*k);
	app_key(a, KEYS_ENTER);
	CHECK(app_message_text(a) && strstr(app_message_text(a), "past the"));
	press(a, KEYS_BACKSPACE, 7);
	for (const char *k = "12:34"; *k; k++)
		app_key(a, (unsigned char)*k);
	app_key(a, KEYS_ENTER);
	CHECK_INT(app_mode_depth(a), 0);
	CHECK_INT(pcmds_of(a, LISTEN_PCMD_SEEK, &x), 1);
	CHECK(fabs(x - 754) < 1e-9);
	player_at(a, 754, false); /* the player's answer */
	CHECK_INT(app_current(a), (size_t)episode_segment_at(app_episode(a), 754));
	CHECK(current_visible(a));
	/* : is the same; Escape leaves everything as it was. */
	app_key(a, ':');
	app_key(a, '1');
	app_key(a, KEYS_ESC);
	CHECK_INT(app_mode_depth(a), 0);
	CHECK_INT(pcmds_of(a, LISTEN_PCMD_SEEK, NULL), 0);
	CHECK(screen_has(a, "12:34 / 59:40"));

	/* R: sentence 5 three times, then on. Each end is a deadline, as for
	 * auto-pause; at it, back to the start, playing on. */
	app_seek(a, s4);
	drain(a);
	player_at(a, s4 + 1, false);
	app_key(a, 'R');
	CHECK_INT(pcmds_of(a, LISTEN_PCMD_SEEK, &x), 1);
	CHECK(fabs(x - s4) < 1e-9);
	player_at(a, s4, false);
	CHECK(screen_has(a, "repeat 1/3"));
	CHECK(fabs(app_next_deadline(a) - (test_now + e4 - s4)) < 1e-9);
	for (int play = 2; play <= 3; play++) {
		test_now += e4 - s4;
		app_timer(a, test_now);
		CHECK_INT(pcmds_of(a, LISTEN_PCMD_SEEK, &x), 1);
		CHECK(fabs(x - s4) < 1e-9);
		CHECK(listen_playing(app_listen(a)));
		CHECK_INT(listen_repeat(app_listen(a), NULL), play);
		/* A report from before the seek landed, past the end, does
		 * not count as another play. */
		player_at(a, s4 + 0.1, false);
		CHECK_INT(app_current(a), 4);
	}
	CHECK(screen_has(a, "repeat 3/3"));
	/* The third play's end: on into the next sentence, nothing due. */
	test_now += e4 - s4;
	app_timer(a, test_now);
	CHECK_INT(pcmds_of(a, LISTEN_PCMD_SEEK, NULL), 0);
	CHECK_INT(listen_repeat(app_listen(a), NULL), 0);
	CHECK(app_next_deadline(a) < 0);
	player_at(a, sg[5].start + 0.5, false);
	CHECK_INT(app_current(a), 5);
	/* R twice: the repeat stops; R on a paused reader starts playing. */
	app_key(a, 'R');
	app_key(a, 'R');
	CHECK_INT(listen_repeat(app_listen(a), NULL), 0);
	CHECK(app_next_deadline(a) < 0);
	drain(a);

	/* S: shadowing. At the end of a sentence a pause and an exact seek
	 * to the end, then the learner's turn (1.0x its length), then play on
	 * by itself into the next sentence. */
	app_key(a, 'S');
	CHECK(listen_shadow(app_listen(a)) == 1.0);
	CHECK(screen_has(a, "shadow"));
	double s5 = sg[5].start, e5 = app_seg_end(a, 5);
	player_at(a, s5 + 1, false);
	CHECK(fabs(app_next_deadline(a) - (test_now + e5 - s5 - 1)) < 1e-9);
	test_now += e5 - s5 - 1;
	app_timer(a, test_now);
	CHECK(paused_at(a, e5));
	CHECK(listen_shadow_waiting(app_listen(a)));
	CHECK(!listen_playing(app_listen(a)));
	CHECK(fabs(app_next_deadline(a) - (test_now + (e5 - s5))) < 1e-9);
	player_at(a, e5, true); /* rests on the next one's start */
	CHECK_INT(app_current(a), 5);
	app_key(a, KEYS_ESC); /* the message off: the status says it */
	CHECK(screen_has(a, "❚❚ sentence 6/147"));
	CHECK(screen_has(a, "your turn"));
	app_timer(a, test_now + (e5 - s5) - 0.01);
	CHECK_INT(pcmds_of(a, LISTEN_PCMD_PLAY, NULL), 0);
	test_now += e5 - s5;
	app_timer(a, test_now);
	CHECK_INT(pcmds_of(a, LISTEN_PCMD_PLAY, NULL), 1);
	CHECK(!listen_shadow_waiting(app_listen(a)));
	CHECK(listen_playing(app_listen(a)));
	player_at(a, sg[6].start + 0.2, false);
	CHECK_INT(app_current(a), 6);
	/* Space in a turn ends it at once. */
	double e6 = app_seg_end(a, 6);
	player_at(a, e6 + 0.05, false); /* the report is late: act now */
	CHECK(paused_at(a, e6));
	CHECK(listen_shadow_waiting(app_listen(a)));
	app_key(a, ' ');
	CHECK_INT(pcmds_of(a, LISTEN_PCMD_PLAY, NULL), 1);
	CHECK(listen_playing(app_listen(a)));

	/* R with shadowing: a turn after each play, then the same sentence
	 * again. */
	player_at(a, sg[7].start + 0.5, false);
	CHECK_INT(app_current(a), 7);
	app_key(a, 'R');
	drain(a);
	double s7 = sg[7].start, e7 = app_seg_end(a, 7);
	player_at(a, s7, false);
	test_now += e7 - s7;
	app_timer(a, test_now);
	CHECK(paused_at(a, e7));
	CHECK(listen_shadow_waiting(app_listen(a)));
	test_now += e7 - s7;
	app_timer(a, test_now);
	CHECK_INT(pcmds_of(a, LISTEN_PCMD_SEEK, &x), 1);
	CHECK(fabs(x - s7) < 1e-9);
	CHECK_INT(listen_repeat(app_listen(a), NULL), 2);
	/* → ends the repeat (another sentence) and plays on. */
	app_key(a, KEYS_RIGHT);
	CHECK_INT(listen_repeat(app_listen(a), NULL), 0);
	app_key(a, 'S');
	CHECK(listen_shadow(app_listen(a)) == 0);
	app_key(a, ' ');
	drain(a);

	/* c: in English-only mode, the current sentence's Chinese only,
	 * until the sentence changes. */
	app_seek(a, sg[10].start);
	drain(a);
	app_key(a, 'c');
	CHECK(app_message_text(a) && strstr(app_message_text(a), "both"));
	app_key(a, 't');
	CHECK_INT(transcript_translation(app_transcript(a)), TRANSCRIPT_TR_EN);
	size_t h_en = app_seg_height(a, 10);
	CHECK(!screen_has_quiet(a, "对。完全正确"));
	app_key(a, 'c');
	CHECK(app_seg_height(a, 10) > h_en);
	CHECK_INT(app_seg_height(a, 11), app_seg_height(a, 11)); /* stable */
	CHECK(screen_has(a, "对。完全正确"));
	CHECK(current_visible(a));
	app_key(a, 'c'); /* again: hidden */
	CHECK_INT(app_seg_height(a, 10), h_en);
	app_key(a, 'c');
	app_key(a, KEYS_RIGHT);
	CHECK_INT(app_seg_height(a, 10), h_en);
	CHECK(!transcript_revealed(app_transcript(a)));
	/* Chinese only: c shows the English of the one sentence. */
	app_key(a, 't');
	size_t h_zh = app_seg_height(a, 11);
	app_key(a, 'c');
	CHECK(app_seg_height(a, 11) > h_zh);
	app_key(a, 't');
	CHECK(!transcript_revealed(app_transcript(a)));

	/* Glossary Enter: the term's first sentence, then the next, round,
	 * "2/N" on the status line. */
	long wm = -1;
	for (size_t i = 0; i < app_episode(a)->n_terms; i++)
		if (!strcmp(app_episode(a)->terms[i].term, "world models"))
			wm = (long)i;
	CHECK(wm >= 0);
	app_key(a, '3');
	for (int i = 0; i < 400 && app_glossary_term(a) != wm; i++)
		app_key(a, 'j');
	CHECK_INT(app_glossary_term(a), wm);
	size_t first = 0, prev = 0, n = 0;
	char want[64];
	for (int i = 0; i < 20; i++) {
		app_key(a, KEYS_ENTER);
		const char *m = app_message_text(a);
		size_t k, total;
		bool ok = m && sscanf(m, "world models: %zu/%zu", &k,
				      &total) == 2;
		CHECK(ok);
		if (!ok)
			break;
		size_t cur = app_current(a);
		app_load_text(a, cur, cur + 1);
		const struct segment *sc = &app_episode(a)->segments[cur];
		CHECK(strcasestr(sc->en, "world model") ||
		      strcasestr(sc->zh, "world model"));
		CHECK_INT(app_glossary_term(a), wm); /* the term stays chosen */
		if (i == 0) {
			first = cur;
			n = total;
			CHECK_INT(k, 1);
		} else if (k == 1) {
			CHECK_INT(cur, first); /* round again */
			CHECK_INT(i, n);
			break;
		} else {
			CHECK(cur > prev);
			CHECK_INT(k, (size_t)i + 1);
		}
		prev = cur;
	}
	CHECK(n >= 2);
	snprintf(want, sizeof want, "world models: 2/%zu", n);
	app_key(a, KEYS_ENTER);
	CHECK(screen_has(a, want));
	/* Another term starts from its first sentence. */
	app_key(a, 'j');
	app_key(a, KEYS_ENTER);
	CHECK(app_message_text(a) && strstr(app_message_text(a), ": 1/"));
	app_free(a);
	config_free(&cfg);
}

/* Audio messages say the fix first, with the episode's real id. */
static void test_audio_messages(void)
{
	struct config cfg;
	load_defaults(&cfg);
	struct app *a = app_new(&cfg, NULL, 120, 30);
	struct episode *ep = sample();
	app_open(a, ep, 12, 0, 0);
	/* --no-audio: the player is off, and said so. */
	app_key(a, ' ');
	CHECK(app_message_text(a) &&
	      strstr(app_message_text(a), "audio is off (--no-audio)"));
	app_set_player_ok(a, true);
	/* No file: the source link is tried; when it cannot play, the fix
	 * comes first. */
	app_key(a, ' ');
	drain(a);
	struct player_state ps = *listen_state(app_listen(a));
	snprintf(ps.error, sizeof ps.error, "loading failed");
	ps.loaded = ps.loading = false;
	app_player(a, &ps, PLAYER_CHANGED_ERROR | PLAYER_CHANGED_LOADED,
		   test_now);
	const char *m = app_message_text(a);
	CHECK(m && strncmp(m, "no audio: set a file with 'buildspeak audio "
			   "12 FILE' -- the source link cannot play here: "
			   "loading failed", 200) == 0);
	/* And the play state and time stay beside it. */
	CHECK(screen_has(a, "00:00 / 59:40  no audio: set a file"));
	app_free(a);
	config_free(&cfg);
}

int main(void)
{
	test_keys();
	test_config();
	test_modes();
	test_layout();
	test_navigation();
	test_glossary_marks();
	test_hostile_text();
	test_one_language();
	test_mouse();
	test_listening();
	test_autopause();
	test_missing_audio();
	test_study();
	test_audio_messages();
	test_long_episode();
	test_library();
	test_eplist_at_row();
	test_long_list();
	test_ambiguous();
	test_every_width();
	return check_result();
}
