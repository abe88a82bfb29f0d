/* test_searchmode: the reader's search driven by keys, on a real SQLite
 * library of two episodes: / and a query, the results as a mode, Tab for
 * the whole library, Enter on a hit in another episode, n / N with
 * "hit k/N" on the status line, Escape ending the search, the glossaries'
 * search from the glossary pane, and hostile text kept inert. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buildspeak/alloc.h"
#include "buildspeak/app.h"
#include "buildspeak/config.h"
#include "buildspeak/grid.h"
#include "buildspeak/hits.h"
#include "buildspeak/import.h"
#include "buildspeak/keys.h"
#include "buildspeak/prompt.h"
#include "buildspeak/search.h"
#include "buildspeak/store.h"
#include "buildspeak/view.h"

#include "check.h"
#include "app_fixtures.h"

static char *screen(struct app *a)
{
	struct grid *g = grid_new(app_rows(a), app_cols(a));
	view_screen(a, &g->canvas);
	char *s = grid_text(g);
	grid_free(g);
	return s;
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

static void type(struct app *a, const char *s)
{
	for (; *s; s++)
		app_key(a, (unsigned char)*s);
}

/* The sentences of episode id that store_search finds for q, in order. */
static size_t expected_hits(struct store *st, const char *q, long long id,
			    size_t *segs, size_t max)
{
	struct store_search_hit *v;
	size_t n, k = 0;
	CHECK_INT(store_search(st, q, id, STORE_SEARCH_ANY, 0, &v, &n), 0);
	for (size_t i = 0; i < n && k < max; i++)
		segs[k++] = (size_t)v[i].segment;
	store_search_hits_free(v, n);
	for (size_t i = 1; i < k; i++) /* insertion sort: a few */
		for (size_t j = i; j > 0 && segs[j - 1] > segs[j]; j--) {
			size_t t = segs[j];
			segs[j] = segs[j - 1];
			segs[j - 1] = t;
		}
	return k;
}

int main(void)
{
	char *path;
	struct store *st = library_new(&path);
	if (!st)
		return 1;
	struct episode *one = sample();
	/* Any readable file counts as audio: no player is involved. */
	episode_set(&one->audio, getenv("BUILDSPEAK_SAMPLE")
					 ? getenv("BUILDSPEAK_SAMPLE")
					 : "data/sample.page.txt");
	CHECK_INT(store_episode_save(st, one, 0), 0);
	struct episode *two = episode_new();
	episode_set(&two->title, "Second talk");
	episode_set(&two->date, "2026-06-01");
	for (int i = 0; i < 20; i++)
		episode_add_segment(two, 1, i * 5.0, i * 5.0 + 4,
				    i == 12 ? xstrdup("A xylophone for agents.")
				    : i == 15 ? xstrdup("\x1b[2J xylophone "
							"again\x1b]0;owned\a")
				    : xasprintf("English %d.", i + 1),
				    xasprintf("中文 %d。", i + 1), 0);
	episode_update_stats(two);
	CHECK_INT(store_episode_save(st, two, 0), 0);
	long long id1 = one->id, id2 = two->id;
	episode_free(one);
	episode_free(two);

	struct config cfg;
	load_defaults(&cfg);
	struct app *a = app_new(&cfg, st, 110, 34);
	CHECK_INT(app_load_list(a), 0);
	CHECK_INT(app_open_id(a, id1), 0);
	app_key(a, '2');
	CHECK_INT(app_focus(a), APP_FOCUS_TRANSCRIPT);
	struct hits *h = app_hits(a);

	/* / asks, in this episode by default; the label names the key that
	 * switches to the library. */
	app_key(a, '/');
	CHECK_STR(prompt_text(a), "");
	CHECK(screen_has(a, "Search this episode (Tab: library): "));
	type(a, "agents");
	app_key(a, KEYS_ENTER);
	struct mode_entry *me = app_mode_top(a);
	CHECK(me && me->mode == &search_mode);
	size_t want[200];
	size_t n = expected_hits(st, "agents", id1, want, 200);
	CHECK(n >= 3);
	char *title = xasprintf("%zu hits in this episode", n);
	CHECK(screen_has(a, title));
	free(title);
	CHECK(screen_has(a, "Speaker"));
	/* The transcript's marks: every hit of the episode, set now. */
	CHECK(hits_active(h));
	CHECK_INT(hits_episode(h), id1);
	CHECK_INT(hits_count(h), n);
	for (size_t i = 0; i < n && i < hits_count(h); i++)
		CHECK_INT(hits_segment(h, i), want[i]);

	/* Escape closes the window; the hits stay; n and N step. */
	app_key(a, KEYS_ESC);
	CHECK_INT(app_mode_depth(a), 0);
	CHECK(hits_active(h));
	app_key(a, 'g');
	CHECK_INT(app_current(a), 0);
	app_key(a, 'n');
	CHECK_INT(app_current(a), want[0]);
	char *st1 = xasprintf("hit 1/%zu", n);
	CHECK(screen_has(a, st1));
	free(st1);
	app_key(a, 'n');
	CHECK_INT(app_current(a), want[1]);
	char *st2 = xasprintf("hit 2/%zu", n);
	CHECK(screen_has(a, st2));
	free(st2);
	app_key(a, 'N');
	CHECK_INT(app_current(a), want[0]);
	app_key(a, 'N'); /* before the first: round to the last */
	CHECK_INT(app_current(a), want[n - 1]);
	CHECK(app_message_text(a) &&
	      strstr(app_message_text(a), "from the end"));
	/* The hit sentence's text holds a mark where the word is. */
	const struct transcript_seg *seg = app_seg(a, want[n - 1]);
	const struct term_span *sp;
	size_t nsp = hits_spans(h, want[n - 1], 0, seg->en, &sp);
	CHECK(nsp >= 1);
	if (nsp)
		CHECK(strncasecmp(seg->en + sp[0].off, "agent", 5) == 0);
	size_t other = 0; /* a sentence that is no hit: no marks */
	while (hits_find(h, other) >= 0)
		other++;
	CHECK_INT(hits_spans(h, other, 0, seg->en, &sp), 0);

	/* Escape in the transcript ends the search. */
	app_key(a, KEYS_ESC);
	CHECK(!hits_active(h));
	char *s = screen(a);
	CHECK(!strstr(s, " hit"));
	free(s);
	app_key(a, 'n');
	CHECK(app_message_text(a) && strstr(app_message_text(a), "/ searches"));

	/* A word only the other episode has: none here, the window closes
	 * and says so. */
	app_key(a, '/');
	type(a, "xylophone");
	app_key(a, KEYS_ENTER);
	CHECK_INT(app_mode_depth(a), 0);
	CHECK(app_message_text(a) &&
	      strstr(app_message_text(a), "no sentence in this episode"));

	/* Tab: the library. Enter on the hit opens the other episode at it,
	 * its hits marked there. */
	app_key(a, '/');
	app_key(a, KEYS_TAB);
	CHECK(screen_has(a, "Search the library (Tab: this episode): "));
	type(a, "xylophone");
	app_key(a, KEYS_ENTER);
	me = app_mode_top(a);
	CHECK(me && me->mode == &search_mode);
	CHECK(screen_has(a, "2 hits in the library"));
	CHECK(screen_has(a, "Second talk"));
	/* Hostile text in a snippet stays inert. */
	s = screen(a);
	CHECK(!strchr(s, '\x1b') && !strchr(s, '\a'));
	free(s);
	/* The "A xylophone for agents." hit: whichever row it is. */
	for (size_t i = 0; me && i < 2; i++) {
		me->sel = i;
		app_key(a, KEYS_ENTER);
		if (app_current(a) == 12)
			break;
		app_key(a, '/');
		app_key(a, KEYS_TAB);
		type(a, "xylophone");
		app_key(a, KEYS_ENTER);
		me = app_mode_top(a);
	}
	CHECK_INT(app_episode_id(a), id2);
	CHECK_INT(app_current(a), 12);
	CHECK_INT(app_mode_depth(a), 0);
	CHECK(screen_has(a, "hit 1/2"));
	CHECK_INT(hits_episode(h), id2);
	app_key(a, 'n');
	CHECK_INT(app_current(a), 15);
	CHECK(screen_has(a, "hit 2/2"));
	app_key(a, 'n');
	CHECK_INT(app_current(a), 12);
	CHECK(app_message_text(a) &&
	      strstr(app_message_text(a), "from the top"));

	/* Back in the first episode (the list), n runs the search there:
	 * not in it, says so. */
	CHECK_INT(app_open_id(a, id1), 0);
	app_key(a, 'n');
	CHECK(app_message_text(a) &&
	      strstr(app_message_text(a), "is not in this episode"));

	/* From the glossary pane: every episode's glossary; Enter opens the
	 * episode at the term's sentence. */
	app_key(a, '3');
	CHECK_INT(app_focus(a), APP_FOCUS_GLOSSARY);
	app_key(a, '/');
	CHECK(screen_has(a, "Search every glossary"));
	type(a, "learning");
	app_key(a, KEYS_ENTER);
	me = app_mode_top(a);
	CHECK(me && me->mode == &search_mode);
	struct store_term_hit *tv;
	size_t tn;
	CHECK_INT(store_search_glossary(st, "learning", 0, 500, &tv, &tn), 0);
	CHECK(tn >= 2);
	CHECK(screen_has(a, "terms in every glossary"));
	if (tn >= 2) {
		char *row = xasprintf("%s \u2192 %s", tv[1].term, tv[1].gloss);
		CHECK(screen_has(a, row));
		free(row);
		app_key(a, KEYS_DOWN);
		app_key(a, KEYS_ENTER);
		CHECK_INT(app_mode_depth(a), 0);
		CHECK_INT(app_episode_id(a), tv[1].episode);
		CHECK_INT(app_current(a), tv[1].first_segment);
	}
	store_term_hits_free(tv, tn);

	/* Playing: Enter on a hit plays on from its sentence (a seek to
	 * its start), and so do n and N. */
	CHECK_INT(app_open_id(a, id1), 0);
	app_key(a, '2');
	app_set_player_ok(a, true);
	app_key(a, ' ');
	struct listen_pcmd pc;
	while (app_next_pcmd(a, &pc))
		free(pc.path);
	struct player_state ps = *listen_state(app_listen(a));
	ps.loaded = true;
	ps.loading = false;
	ps.paused = false;
	ps.position = app_episode(a)->segments[app_current(a)].start + 0.5;
	app_player(a, &ps, PLAYER_CHANGED_POSITION | PLAYER_CHANGED_PAUSE, 1);
	CHECK(listen_playing(app_listen(a)));
	app_key(a, '/');
	type(a, "agents");
	app_key(a, KEYS_ENTER);
	app_key(a, KEYS_DOWN);
	app_key(a, KEYS_ENTER);
	CHECK_INT(app_mode_depth(a), 0);
	size_t at = app_current(a);
	CHECK(hits_find(h, at) >= 0);
	bool seek = false;
	while (app_next_pcmd(a, &pc)) {
		seek |= pc.type == LISTEN_PCMD_SEEK &&
			pc.a == app_episode(a)->segments[at].start;
		free(pc.path);
	}
	CHECK(seek);
	app_key(a, 'n');
	CHECK(app_current(a) != at);
	seek = false;
	while (app_next_pcmd(a, &pc)) {
		seek |= pc.type == LISTEN_PCMD_SEEK &&
			pc.a == app_episode(a)->segments[app_current(a)].start;
		free(pc.path);
	}
	CHECK(seek);


	/* Each hit of this episode takes two rows (heading, snippet): a
	 * click on either row picks that hit, and a page moves by the hits
	 * that fit, not by rows. */
	app_key(a, '2');
	app_key(a, '/');
	type(a, "the");
	app_key(a, KEYS_ENTER);
	me = app_mode_top(a);
	CHECK(me && me->mode == &search_mode);
	if (me && me->mode == &search_mode) {
		const struct rect *ov = &app_layout(a)->overlay;
		size_t fit = (size_t)app_overlay_rows(a) / 2;
		CHECK(me->mode->count(me) > 2 * fit);
		free(screen(a));
		app_mouse(a, APP_MOUSE_CLICK, ov->y + 1 + 4, ov->x + 5);
		CHECK_INT(me->sel, 2);
		me->sel = 0;
		app_mouse(a, APP_MOUSE_CLICK, ov->y + 1 + 5, ov->x + 5);
		CHECK_INT(me->sel, 2);
		/* the last row of the last hit that fits */
		app_mouse(a, APP_MOUSE_CLICK, ov->y + (int)(2 * fit), ov->x + 5);
		CHECK_INT(me->sel, fit - 1);
		me->sel = 0;
		app_key(a, KEYS_PGDN);
		CHECK_INT(me->sel, fit - 1);
		free(screen(a));
		CHECK_INT(me->top, 0); /* it was on the first page */
		app_key(a, KEYS_PGDN);
		CHECK_INT(me->sel, 2 * (fit - 1));
		free(screen(a));
		CHECK_INT(me->top, fit - 1);
		/* a click lands on the hit drawn there, scrolled too */
		app_mouse(a, APP_MOUSE_CLICK, ov->y + 1 + 1, ov->x + 5);
		CHECK_INT(me->sel, fit - 1);
		app_key(a, KEYS_PGUP);
		CHECK_INT(me->sel, 0);
		/* a wheel step scrolls about three rows: one two-row hit */
		app_mouse(a, APP_MOUSE_WHEEL_DOWN, ov->y + 2, ov->x + 5);
		CHECK_INT(me->sel, 1);
		app_mouse(a, APP_MOUSE_WHEEL_UP, ov->y + 2, ov->x + 5);
		CHECK_INT(me->sel, 0);
		app_key(a, KEYS_ESC);
	}
	CHECK_INT(app_mode_depth(a), 0);


	/* Another process replaces the open episode: the live check opens
	 * the new version, and the old hits go (they were of the old text);
	 * n searches the new one. */
	CHECK_INT(app_open_id(a, id2), 0);
	app_key(a, '2');
	app_key(a, '/');
	type(a, "xylophone");
	app_key(a, KEYS_ENTER);
	me = app_mode_top(a);
	if (me && me->mode == &search_mode)
		app_key(a, KEYS_ESC);
	CHECK_INT(app_mode_depth(a), 0);
	CHECK_INT(hits_episode(h), id2);
	CHECK_INT(hits_count(h), 2);
	char err[256];
	struct store *other_st = store_open(path, 0, NULL, err, sizeof err);
	CHECK(other_st != NULL);
	struct episode *re = episode_new();
	episode_set(&re->title, "Second talk");
	episode_set(&re->date, "2026-06-01");
	for (int i = 0; i < 8; i++)
		episode_add_segment(re, 1, i * 5.0, i * 5.0 + 4,
				    i == 3 ? xstrdup("One xylophone now.")
					   : xasprintf("Other %d.", i + 1),
				    xasprintf("别的 %d。", i + 1), 0);
	episode_update_stats(re);
	if (other_st) {
		CHECK_INT(store_episode_save(other_st, re, id2), 0);
		store_close(other_st);
	}
	episode_free(re);
	CHECK(app_check_library(a));
	CHECK_INT(app_episode_id(a), id2);
	CHECK_INT(app_episode(a)->n_segments, 8);
	CHECK(strstr(app_seg(a, 3)->en, "xylophone") != NULL);
	CHECK(hits_find(h, 12) < 0);
	CHECK(!(hits_episode(h) == id2 && hits_count(h) == 2));
	app_key(a, 'g');
	app_key(a, 'n');
	CHECK_INT(app_current(a), 3);
	CHECK_INT(hits_episode(h), id2);
	CHECK_INT(hits_count(h), 1);
	app_key(a, KEYS_ESC);

	/* A bad query is refused with the store's reason; Escape in the
	 * prompt before any search closes the search too. */
	app_key(a, '2');
	app_key(a, '/');
	type(a, "   ");
	app_key(a, KEYS_ENTER);
	CHECK_INT(app_mode_depth(a), 0);
	CHECK(app_message_text(a) != NULL);
	app_key(a, '/');
	app_key(a, KEYS_ESC);
	CHECK_INT(app_mode_depth(a), 0);

	app_free(a);
	config_free(&cfg);
	library_remove(st, path);
	return check_result();
}
