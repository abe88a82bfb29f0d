/* search: the search prompt, its results as a mode, and stepping through
 * the hits in the transcript. */
#include "buildspeak/search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buildspeak/alloc.h"
#include "buildspeak/app.h"
#include "buildspeak/command.h"
#include "buildspeak/hits.h"
#include "buildspeak/keys.h"
#include "buildspeak/prompt.h"
#include "buildspeak/store.h"
#include "buildspeak/text.h"
#include "buildspeak/view.h"

/* Hits read for a search of the whole library: the best ones are what a
 * list on screen can offer; the transcript's marks are read for the open
 * episode alone, all of them. */
#define SEARCH_LIBRARY_LIMIT 500

/* One hit as shown: sanitised once, when the search runs. */
struct search_row {
	char *head;               /* "Title · 12:34 · #5", sanitised */
	char *text;               /* the snippet (or "term → gloss"),
				     sanitised */
	struct term_span *spans;  /* the matches in text; owned */
	size_t n_spans;
	long long episode;        /* where Enter goes */
	size_t segment;
};

/* One opening: a query's results. */
struct search_view {
	bool glossary;            /* glossaries, not sentences */
	bool library;             /* every episode, not the open one */
	char *query;              /* owned; NULL before the first search */
	struct search_row *rows;  /* owned; n of them */
	size_t n;
	bool cut;                 /* the library had more than the limit */
	char title[200];
};

/* What search_open hands to init. */
struct search_args {
	bool glossary, library;
};

/* ---- the results ------------------------------------------------------- */

static void search_rows_free(struct search_view *sv)
{
	for (size_t i = 0; i < sv->n; i++) {
		free(sv->rows[i].head);
		free(sv->rows[i].text);
		free(sv->rows[i].spans);
	}
	free(sv->rows);
	sv->rows = NULL;
	sv->n = 0;
}

/* Appends raw[b..e) sanitised to *out (a span of it when marked). */
static void search_append(char **out, size_t *len, size_t *cap,
			  const char *raw, size_t b, size_t e, bool marked,
			  struct term_span **spans, size_t *n_spans,
			  size_t *spans_cap)
{
	char *piece = xstrndup(raw + b, e - b);
	char *clean = text_sanitize_line(piece);
	size_t pl = strlen(clean);
	*out = xgrowarray(*out, cap, *len + pl + 1, 1);
	if (marked && pl) {
		*spans = xgrowarray(*spans, spans_cap, *n_spans + 1,
				    sizeof **spans);
		(*spans)[(*n_spans)++] = (struct term_span){*len, pl, 0};
	}
	memcpy(*out + *len, clean, pl + 1);
	*len += pl;
	free(clean);
	free(piece);
}

/* raw with the byte ranges marks[0..n) (in order) sanitised piece by
 * piece, so that the spans still cover the same text afterwards. */
static char *search_sanitize_marked(const char *raw,
				    const struct store_search_mark *marks,
				    size_t n, struct term_span **spans,
				    size_t *n_spans)
{
	size_t len = strlen(raw), at = 0, cap = 0, out_len = 0, spans_cap = 0;
	char *out = NULL;
	*spans = NULL;
	*n_spans = 0;
	for (size_t i = 0; i <= n; i++) {
		size_t b = i < n ? marks[i].off : len;
		size_t e = i < n ? b + marks[i].len : len;
		if (b < at || e > len || b > e)
			continue; /* overlapping or out of range */
		search_append(&out, &out_len, &cap, raw, at, b, false, spans,
			      n_spans, &spans_cap);
		if (i < n)
			search_append(&out, &out_len, &cap, raw, b, e, true,
				      spans, n_spans, &spans_cap);
		at = e;
	}
	return out ? out : xstrdup("");
}

static void search_take_sentences(struct search_view *sv,
				  const struct store_search_hit *v, size_t n)
{
	sv->rows = xcalloc(n ? n : 1, sizeof *sv->rows);
	for (size_t i = 0; i < n; i++) {
		struct search_row *r = &sv->rows[i];
		char t[16], *head;
		episode_format_time(v[i].start, t, sizeof t);
		if (sv->library)
			head = xasprintf("%s \u00b7 #%d \u00b7 %s", t,
					 v[i].segment + 1, v[i].title);
		else
			head = xasprintf("%s \u00b7 #%d \u00b7 Speaker %d", t,
					 v[i].segment + 1, v[i].speaker);
		r->head = text_sanitize_line(head);
		free(head);
		r->text = search_sanitize_marked(v[i].snippet, v[i].marks,
						 v[i].n_marks, &r->spans,
						 &r->n_spans);
		r->episode = v[i].episode;
		r->segment = v[i].segment > 0 ? (size_t)v[i].segment : 0;
	}
	sv->n = n;
}

static void search_take_terms(struct search_view *sv,
			      const struct store_term_hit *v, size_t n)
{
	sv->rows = xcalloc(n ? n : 1, sizeof *sv->rows);
	for (size_t i = 0; i < n; i++) {
		struct search_row *r = &sv->rows[i];
		char *term = text_sanitize_line(v[i].term);
		char *gloss = text_sanitize_line(v[i].gloss);
		char *title = text_sanitize_line(v[i].title);
		/* The term marked: it is what was looked for. */
		r->text = xasprintf("%s \u2192 %s \u00b7 %s", term,
				    gloss[0] ? gloss : "\u2014", title);
		r->spans = xmalloc(sizeof *r->spans);
		r->spans[0] = (struct term_span){0, strlen(term), 0};
		r->n_spans = 1;
		r->head = NULL;
		r->episode = v[i].episode;
		r->segment = v[i].first_segment > 0
				     ? (size_t)v[i].first_segment : 0;
		free(term);
		free(gloss);
		free(title);
	}
	sv->n = n;
}

/* ---- the transcript's marks -------------------------------------------- */

/* Hands the model the hits v[0..n) of query in episode: their sentences
 * and the words they matched. */
static void search_set_hits(struct app *a, const char *query,
			    long long episode,
			    const struct store_search_hit *v, size_t n)
{
	size_t *segs = xmalloc((n ? n : 1) * sizeof *segs);
	size_t n_words = 0, cap = 0;
	char **words = NULL;
	for (size_t i = 0; i < n; i++) {
		segs[i] = v[i].segment > 0 ? (size_t)v[i].segment : 0;
		for (size_t k = 0; k < v[i].n_marks; k++) {
			const struct store_search_mark *m = &v[i].marks[k];
			if (m->off + m->len > strlen(v[i].snippet))
				continue;
			char *w = xstrndup(v[i].snippet + m->off, m->len);
			bool seen = false;
			for (size_t j = 0; j < n_words && !seen; j++)
				seen = strcmp(words[j], w) == 0;
			if (seen) {
				free(w);
				continue;
			}
			words = xgrowarray(words, &cap, n_words + 1,
					   sizeof *words);
			words[n_words++] = w;
		}
	}
	hits_set(app_hits(a), query, episode, segs, n,
		 (const char *const *)words, n_words);
	for (size_t i = 0; i < n_words; i++)
		free(words[i]);
	free(words);
	free(segs);
	app_hits_changed(a);
}

/* Reads every hit of query in episode for the transcript's marks.
 * Returns 0, or -1 with the reason on the status line. */
static int search_mark_episode(struct app *a, const char *query,
			       long long episode)
{
	struct store *st = app_store(a);
	if (!st || !episode)
		return -1;
	struct store_search_hit *v;
	size_t n;
	if (store_search(st, query, episode, STORE_SEARCH_ANY, 0, &v, &n)) {
		app_message(a, false, "cannot search: %s", store_error(st));
		return -1;
	}
	search_set_hits(a, query, episode, v, n);
	store_search_hits_free(v, n);
	return 0;
}

/* ---- running a query --------------------------------------------------- */

static const char *search_where(const struct search_view *sv)
{
	if (sv->glossary)
		return sv->library ? "in every glossary"
				   : "in this episode's glossary";
	return sv->library ? "in the library" : "in this episode";
}

/* Runs query for the open view me. Returns 0 with the results in place,
 * or -1 (a bad query, a failure, nothing found: the status line says
 * which) with the previous results kept. */
static int search_run(struct mode_entry *me, const char *query)
{
	struct search_view *sv = me->data;
	struct app *a = me->app;
	struct store *st = app_store(a);
	char err[200];
	if (store_search_check(query, err, sizeof err) != 0) {
		app_message(a, false, "%s", err);
		return -1;
	}
	long long ep = sv->library ? 0 : app_episode_id(a);
	size_t limit = sv->library ? SEARCH_LIBRARY_LIMIT : 0;
	size_t n = 0;
	struct store_search_hit *v = NULL;
	struct store_term_hit *t = NULL;
	int rc = sv->glossary
			 ? store_search_glossary(st, query, ep, limit, &t, &n)
			 : store_search(st, query, ep, STORE_SEARCH_ANY, limit,
					&v, &n);
	if (rc != 0) {
		app_message(a, false, "cannot search: %s", store_error(st));
		return -1;
	}
	if (n == 0) {
		app_message(a, false, "\u201c%s\u201d: no %s %s", query,
			    sv->glossary ? "term" : "sentence",
			    search_where(sv));
		return -1;
	}
	search_rows_free(sv);
	if (sv->glossary) {
		search_take_terms(sv, t, n);
	} else {
		search_take_sentences(sv, v, n);
		/* The open episode's hits, marked in the transcript: these
		 * very hits when it was the one searched. */
		if (!sv->library)
			search_set_hits(a, query, ep, v, n);
		else if (app_episode_id(a))
			search_mark_episode(a, query, app_episode_id(a));
	}
	store_search_hits_free(v, sv->glossary ? 0 : n);
	store_term_hits_free(t, sv->glossary ? n : 0);
	sv->cut = sv->library && n == SEARCH_LIBRARY_LIMIT;
	free(sv->query);
	sv->query = xstrdup(query);
	me->sel = 0;
	me->top = 0;
	app_mode_dirty(a);
	return 0;
}

/* The prompt's label: what it searches and the key that changes it. */
static char *search_label(struct app *a, const struct search_view *sv)
{
	const char *what = sv->glossary
				   ? (sv->library ? "Search every glossary"
						  : "Search this glossary")
				   : (sv->library ? "Search the library"
						  : "Search this episode");
	int key = keys_key_for(&app_config(a)->keys,
			       keys_context_find("prompt"),
			       command_find("search-scope"));
	if (key < 0 || !app_episode(a))
		return xstrdup(what);
	char k[32];
	keys_label(key, k, sizeof k);
	return xasprintf("%s (%s: %s)", what, k,
			 sv->library ? (sv->glossary ? "this glossary"
						     : "this episode")
				     : (sv->glossary ? "every glossary"
						     : "library"));
}

static void search_done(struct mode_entry *owner, void *data,
			const char *text)
{
	(void)data;
	struct search_view *sv = owner->data;
	struct app *a = owner->app;
	if ((!text || search_run(owner, text) != 0) && !sv->query)
		app_mode_close(a, owner); /* nothing to show */
}

/* Asks for a query over me (the previous one to edit, if any). */
static void search_ask(struct mode_entry *me)
{
	struct search_view *sv = me->data;
	char *label = search_label(me->app, sv);
	if (prompt_open(me, label, sv->query, NULL, search_done, NULL, NULL)
	    != 0 && !sv->query)
		app_mode_close(me->app, me);
	free(label);
}

/* ---- the mode ---------------------------------------------------------- */

static int search_init(struct mode_entry *me, void *arg)
{
	const struct search_args *sa = arg;
	struct search_view *sv = xcalloc(1, sizeof *sv);
	sv->glossary = sa->glossary;
	sv->library = sa->library;
	me->data = sv;
	return 0;
}

static void search_free(struct mode_entry *me)
{
	struct search_view *sv = me->data;
	search_rows_free(sv);
	free(sv->query);
	free(sv);
}

static const char *search_title(struct mode_entry *me)
{
	struct search_view *sv = me->data;
	if (!sv->query) {
		snprintf(sv->title, sizeof sv->title, "Search");
		return sv->title;
	}
	char *q = text_sanitize_line(sv->query);
	snprintf(sv->title, sizeof sv->title,
		 "Search \u00b7 \u201c%.120s\u201d \u00b7 %s%zu %s %s", q,
		 sv->cut ? "the first " : "", sv->n,
		 sv->glossary ? (sv->n == 1 ? "term" : "terms")
			      : (sv->n == 1 ? "hit" : "hits"),
		 search_where(sv));
	free(q);
	return sv->title;
}

static size_t search_count(struct mode_entry *me)
{
	return ((struct search_view *)me->data)->n;
}

/* Rows one hit takes: a heading and its snippet, or one line for a
 * glossary entry. */
static int search_row_height(const struct search_view *sv)
{
	return sv->glossary ? 1 : 2;
}

static int search_line_rows(struct mode_entry *me)
{
	return search_row_height(me->data);
}

/* Draws r's text on one row w columns wide, its first match in view: a
 * long lead-in is cut (with "…") to a quarter of the row. */
static void search_draw_snippet(struct canvas *c, struct app *a, int y,
				int x, int w, const struct search_row *r,
				unsigned attr, unsigned mark)
{
	const struct text_metrics *m = app_metrics(a);
	size_t len = strlen(r->text), from = 0;
	if (r->n_spans && w > 8) {
		size_t first = r->spans[0].off;
		while (from < first &&
		       text_width(r->text + from, first - from, m) > w / 4)
			from = text_grapheme_next(r->text, len, from);
	}
	if (!from) {
		view_text_wrapped(c, a, y, x, w, 1, r->text, attr, r->spans,
				  r->n_spans, mark);
		return;
	}
	struct term_span *sp = xmalloc(r->n_spans * sizeof *sp);
	size_t n = 0;
	for (size_t i = 0; i < r->n_spans; i++)
		if (r->spans[i].off >= from) {
			sp[n] = r->spans[i];
			sp[n++].off = r->spans[i].off - from + strlen("\u2026");
		}
	char *cut = xasprintf("\u2026%s", r->text + from);
	view_text_wrapped(c, a, y, x, w, 1, cut, attr, sp, n, mark);
	free(cut);
	free(sp);
}

static void search_draw(struct mode_entry *me, struct canvas *c)
{
	struct search_view *sv = me->data;
	struct app *a = me->app;
	int h = c->h - 1, w = c->w - 2;
	if (h < 1 || w < 4)
		return;
	if (!sv->n) {
		view_text_line(c, a, 0, 1, w, "Type what to find; Enter "
			       "searches, Escape cancels.",
			       VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM));
		return;
	}
	int rh = search_row_height(sv);
	size_t fit = (size_t)(h / rh > 0 ? h / rh : 1);
	if (me->sel >= sv->n)
		me->sel = sv->n - 1;
	if (me->sel < me->top)
		me->top = me->sel;
	if (me->sel >= me->top + fit)
		me->top = me->sel - fit + 1;
	unsigned mark = VIEW_ATTR(OVERLAY_BOLD | OVERLAY_UNDERLINE,
				  VIEW_C_CURRENT);
	for (size_t i = me->top; i < sv->n && (int)(i - me->top) < h / rh;
	     i++) {
		const struct search_row *r = &sv->rows[i];
		int y = (int)(i - me->top) * rh;
		unsigned base = i == me->sel ? OVERLAY_REVERSE : 0;
		for (int k = 0; k < rh && base; k++)
			c->ops->fill(c->ctx, y + k, 0, c->w,
				     VIEW_ATTR(base, 0));
		if (r->head) {
			view_text_line(c, a, y, 1, w, r->head,
				       VIEW_ATTR(base | OVERLAY_DIM,
						 VIEW_C_DIM));
			y++;
		}
		search_draw_snippet(c, a, y, r->head ? 3 : 1,
				    r->head ? w - 2 : w, r,
				    VIEW_ATTR(base, VIEW_C_NONE), mark);
	}
	char keys[256] = "";
	int ctx = KEYS_N_CORE + mode_index(&search_mode);
	view_hint(a, ctx, keys, sizeof keys, w, "activate", NULL, "open");
	view_hint(a, ctx, keys, sizeof keys, w, "search", NULL, "search again");
	view_hint(a, ctx, keys, sizeof keys, w, "close", NULL, "close");
	char more[48];
	snprintf(more, sizeof more, "  %zu/%zu", me->sel + 1, sv->n);
	if (strlen(keys) + strlen(more) < sizeof keys)
		strcat(keys, more);
	view_text_line(c, a, c->h - 1, 1, w, keys,
		       VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM));
}

/* Opens episode id at sentence seg (the open one: a jump), playing on
 * from it when the audio was playing; every mode closes. query (may be
 * NULL) is then marked in that episode. */
static void search_go(struct app *a, long long id, size_t seg,
		      const char *query)
{
	bool playing = listen_playing(app_listen(a));
	if (!app_episode(a) || id != app_episode_id(a)) {
		struct episode *ep = app_load_episode(a, id, false);
		if (!ep)
			return;
		if (!ep->n_segments) {
			episode_free(ep);
			app_message(a, false, "the episode has no sentences");
			return;
		}
		if (seg >= ep->n_segments)
			seg = ep->n_segments - 1;
		app_mode_close_all(a);
		app_open(a, ep, id, (long)seg, ep->segments[seg].start);
		if (playing && app_has_audio(a))
			app_cmd_replay(a); /* the new file, from the hit */
	} else {
		app_mode_close_all(a);
		app_jump(a, seg); /* the audio goes with it when playing */
	}
	struct hits *h = app_hits(a);
	if (query && (!hits_active(h) || hits_episode(h) != id ||
		      strcmp(hits_query(h), query) != 0))
		search_mark_episode(a, query, id);
}

static void search_activate(struct mode_entry *me)
{
	struct search_view *sv = me->data;
	if (me->sel >= sv->n)
		return;
	const struct search_row *r = &sv->rows[me->sel];
	char *query = sv->glossary ? NULL : xstrdup(sv->query);
	search_go(me->app, r->episode, r->segment, query); /* frees sv */
	free(query);
}

/* ---- commands ---------------------------------------------------------- */

/* search: from the panes, a new search (the glossary's searches the
 * glossaries); over the results, the query again to change. */
static void search_cmd_open(struct app *a, struct mode_entry *me)
{
	if (me) {
		search_ask(me);
		return;
	}
	if (!app_store(a)) {
		app_message(a, false, "no library to search");
		return;
	}
	bool glossary = app_focus(a) == APP_FOCUS_GLOSSARY &&
			!app_mode_depth(a);
	struct search_args sa = {glossary, glossary || !app_episode(a) ||
						   !app_episode_id(a)};
	me = app_mode_push(a, &search_mode, &sa);
	if (me)
		search_ask(me);
}

/* search-scope, in the prompt of a search: this episode or every one. */
static void search_cmd_scope(struct app *a, struct mode_entry *me)
{
	(void)me;
	struct mode_entry *top = app_mode_top(a);
	struct mode_entry *s = app_mode_find(a, &search_mode);
	if (!top || !s || top->mode != &prompt_mode || s + 1 != top)
		return;
	struct search_view *sv = s->data;
	if (!app_episode(a) || !app_episode_id(a)) {
		app_message(a, false, "no episode is open: the search is of "
			    "the whole library");
		return;
	}
	sv->library = !sv->library;
	char *label = search_label(a, sv);
	prompt_set_label(a, label);
	free(label);
}

/* n / N: the next / previous hit in the transcript. A search made in
 * another episode is run again in this one. */
static void search_step(struct app *a, int dir)
{
	struct hits *h = app_hits(a);
	if (!hits_active(h)) {
		app_message(a, false, "no search yet: / searches");
		return;
	}
	if (!app_episode(a))
		return;
	if (hits_episode(h) != app_episode_id(a)) {
		char *q = xstrdup(hits_query(h));
		int rc = search_mark_episode(a, q, app_episode_id(a));
		free(q);
		if (rc != 0)
			return;
	}
	if (!hits_count(h)) {
		app_message(a, false, "\u201c%s\u201d is not in this episode",
			    hits_query(h));
		return;
	}
	bool wrapped;
	long k = hits_step(h, app_current(a), dir, &wrapped);
	app_jump(a, hits_segment(h, (size_t)k));
	if (wrapped)
		app_message(a, false, dir > 0 ? "search went on from the top"
					      : "search went on from the end");
}

static void search_cmd_next(struct app *a, struct mode_entry *me)
{
	(void)me;
	search_step(a, 1);
}

static void search_cmd_prev(struct app *a, struct mode_entry *me)
{
	(void)me;
	search_step(a, -1);
}

/* search-clear: the search's marks go; without a search, what Escape does
 * elsewhere (the message goes). */
static void search_cmd_clear(struct app *a, struct mode_entry *me)
{
	(void)me;
	struct hits *h = app_hits(a);
	if (!hits_active(h) || app_mode_depth(a)) {
		app_cmd_close(a);
		return;
	}
	hits_clear(h);
	app_hits_changed(a);
}

static const struct mode_command search_commands[] = {
	{"search", search_cmd_open,
	 "Search this episode's sentences (from the glossary: every "
	 "glossary); over the results, search again", MODE_CMD_ANYWHERE},
	{"search-scope", search_cmd_scope,
	 "In the search prompt: this episode or the whole library",
	 MODE_CMD_ANYWHERE},
	{"search-next", search_cmd_next,
	 "The next hit of the search (the audio jumps with it)",
	 MODE_CMD_ANYWHERE},
	{"search-prev", search_cmd_prev,
	 "The previous hit of the search", MODE_CMD_ANYWHERE},
	{"search-clear", search_cmd_clear,
	 "End the search: its marks go (else: clear the message)",
	 MODE_CMD_ANYWHERE},
};

static const char *const search_help[] = {
	"How searching works",
	"  / asks for words; Enter on a hit opens its episode at the sentence",
	"  words in any case, \"a phrase\", Chinese of any length",
	"  the hits stay marked in the transcript: n / N step through them,",
	"  the status line says hit 3/17, Escape ends the search",
	NULL,
};

const struct mode search_mode = {
	.name = "search",
	.heading = "Search (/; n and N step through the hits)",
	.selectable = true,
	.commands = search_commands,
	.n_commands = sizeof search_commands / sizeof search_commands[0],
	.help_extra = search_help,
	.init = search_init,
	.free = search_free,
	.title = search_title,
	.count = search_count,
	.line_rows = search_line_rows,
	.activate = search_activate,
	.draw = search_draw,
};
