/* book: the vocabulary book in the reader -- saving, the `v` overlay, and
 * the marks of saved terms. */
#include "buildspeak/book.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buildspeak/alloc.h"
#include "buildspeak/apkg.h"
#include "buildspeak/app.h"
#include "buildspeak/command.h"
#include "buildspeak/keys.h"
#include "buildspeak/mode.h"
#include "buildspeak/export.h"
#include "buildspeak/library.h"
#include "buildspeak/matcher.h"
#include "buildspeak/prompt.h"
#include "buildspeak/store.h"
#include "buildspeak/text.h"
#include "buildspeak/view.h"
#include "buildspeak/vocab.h"

/* What outlives an opening of the book (app_mode_state). */
struct book {
	/* Undo of the last delete. */
	struct vocab_entry deleted; /* as it was; id 0 when there is none */

	/* The book's order, kept from one opening to the next. */
	enum store_vocab_order order;
};

/* One opening's state (mode_entry.data). */
struct book_view {
	struct vocab_entry *all;  /* the whole book in its order, owned */
	size_t n_all;
	struct book_key *keys;    /* all's folded fields, made at the first
				     filter; NULL until then */
	int *tw, *gw;             /* all's term and gloss widths */
	struct vocab_entry *v;    /* the entries shown: shallow copies of
				     all's (the strings are all's); n */
	size_t n;
	bool stale;               /* re-read from the library before use */
	bool refilter;            /* filter all again before use */
	char *filter;             /* what `/` typed, owned; "" for none */
	char *filter_before;      /* the filter when `/` was pressed (Escape
				     puts it back), owned; NULL otherwise */
	long long want_id;        /* after a re-read, select this entry */
	long long ctx_id;         /* the entry ctx belongs to */
	size_t ctx;               /* which of its sentences is shown */
	int term_cols, gloss_cols; /* column widths for the shown entries */
	enum export_format fmt;   /* export: the format, between prompts */
	bool apkg;                /* ... or an Anki package (not a text
				     format: its own writer) */
	char title[192];          /* the frame's title, made by book_title */
};

/* What the filter looks in, folded once per load of the book. */
struct book_key {
	char *term, *gloss, *note;
};

static const char book_no_gloss[] = "";

static void book_mark_stale(struct mode_entry *me);

/* ---- the state that outlives an opening ---------------------------------- */

static void *book_state_new(struct app *a)
{
	(void)a;
	struct book *b = xcalloc(1, sizeof *b);
	b->order = STORE_VOCAB_BY_DATE;
	return b;
}

static void book_state_free(void *state)
{
	struct book *b = state;
	vocab_entry_clear(&b->deleted);
	free(b);
}

static struct book *book_of(struct app *a)
{
	return app_mode_state(a, &book_mode);
}

/* ---- saving --------------------------------------------------------------- */

char *book_suggest_gloss(struct app *a, const char *term, bool *in_book)
{
	struct store *st = app_store(a);
	const struct episode *ep = app_episode(a);
	if (in_book)
		*in_book = false;
	/* The book's own gloss first: the learner may have written it. */
	char *out = NULL;
	long long id = st ? store_vocab_find(st, term) : 0;
	struct vocab_entry e;
	if (id > 0 && store_vocab_get(st, id, &e) == 0) {
		if (in_book)
			*in_book = true;
		if (e.gloss[0])
			out = xstrdup(e.gloss);
		vocab_entry_clear(&e);
	}
	if (!out) {
		const char *g = ep ? vocab_episode_gloss(ep, term) : NULL;
		out = xstrdup(g ? g : "");
	}
	return out;
}

int book_save(struct app *a, const char *term, const char *gloss,
	      const char *note, size_t seg)
{
	struct store *st = app_store(a);
	const struct episode *ep = app_episode(a);
	if (!st) {
		app_message(a, false, "no library to save to");
		return -1;
	}
	if (!ep || seg >= ep->n_segments) {
		app_message(a, false, "open an episode first");
		return -1;
	}
	char *t = library_clean_text(term);
	if (!t || !*t) {
		free(t);
		app_message(a, false, "nothing to save: the term is empty");
		return -1;
	}
	app_load_text(a, seg, seg + 1); /* an episode's text loads lazily */
	struct library_saved saved;
	int what = library_save_term(st, t, gloss ? gloss : "", note, ep,
				     app_episode_id(a), (long)seg, &saved);
	/* Only now, with the transaction committed, does the screen say it
	 * is saved. */
	if (what < 0)
		app_message(a, false, "cannot save \u201c%s\u201d: %s", t,
			    store_error(st));
	else if (what == LIBRARY_SAVED)
		app_message(a, false, "saved \u201c%s\u201d%s%s%s to the book",
			    saved.term, *saved.gloss ? " (" : "", saved.gloss,
			    *saved.gloss ? ")" : "");
	else if (what == LIBRARY_ALREADY_THERE)
		app_message(a, false, "already in the book with this "
			    "sentence: \u201c%s\u201d", saved.term);
	else
		app_message(a, false, "already in the book: context added to "
			    "\u201c%s\u201d", saved.term);
	free(t);
	if (what >= 0) {
		library_saved_clear(&saved);
		app_saved_reload(a);
		/* An open book holds what it read: it reads again. */
		struct mode_entry *me = app_mode_find(a, &book_mode);
		if (me)
			book_mark_stale(me);
	}
	return what < 0 ? -1 : 0;
}

static void book_cmd_save_term(struct app *a, struct mode_entry *me)
{
	(void)me; /* from the glossary: the book need not be open */
	const struct episode *ep = app_episode(a);
	long term = app_glossary_term(a);
	if (term < 0) {
		app_message(a, false, "no glossary term to save");
		return;
	}
	const struct term *t = &ep->terms[term];
	/* The sentence where the term occurs nearest the one being read:
	 * the context the learner has in mind. */
	app_load_text(a, 0, ep->n_segments); /* the search reads them all */
	long seg = vocab_nearest_segment(ep, t->term, app_current(a));
	if (seg < 0) /* not in any sentence: where it was glossed */
		seg = t->first_segment;
	if (seg < 0 || (size_t)seg >= app_episode(a)->n_segments)
		seg = (long)app_current(a); /* JSON glossaries may lack it */
	book_save(a, t->term, t->gloss, NULL, (size_t)seg);
}

/* ---- the overlay: entries -------------------------------------------------- */

static void book_keys_free(struct book_view *bv)
{
	if (bv->keys)
		for (size_t i = 0; i < bv->n_all; i++) {
			free(bv->keys[i].term);
			free(bv->keys[i].gloss);
			free(bv->keys[i].note);
		}
	free(bv->keys);
	bv->keys = NULL;
}

/* The whole book from the library, with each entry's column widths:
 * read once per opening and again only when the book changed, so that
 * typing a filter costs no query. */
static void book_load(struct mode_entry *o)
{
	struct book_view *bv = o->data;
	struct app *a = o->app;
	book_keys_free(bv);
	vocab_entries_free(bv->all, bv->n_all);
	bv->all = NULL;
	bv->n_all = 0;
	if (!app_store(a)) {
		app_message(a, false, "no library: the book is empty");
	} else if (store_vocab_list(app_store(a), book_of(a)->order, NULL,
				    &bv->all, &bv->n_all) != 0) {
		app_message(a, false, "cannot read the vocabulary book: %s",
			    store_error(app_store(a)));
		bv->all = NULL;
		bv->n_all = 0;
	}
	bv->tw = xreallocarray(bv->tw, bv->n_all + 1, sizeof *bv->tw);
	bv->gw = xreallocarray(bv->gw, bv->n_all + 1, sizeof *bv->gw);
	for (size_t i = 0; i < bv->n_all; i++) {
		bv->tw[i] = view_raw_width(a, bv->all[i].term);
		bv->gw[i] = view_raw_width(a, bv->all[i].gloss);
	}
}

/* Whether entry i of all matches key (folded), as the library's filter
 * does: in the term, the gloss or the note. */
static bool book_matches(struct book_view *bv, size_t i, const char *key)
{
	if (!bv->keys) {
		bv->keys = xcalloc(bv->n_all + 1, sizeof *bv->keys);
		for (size_t k = 0; k < bv->n_all; k++) {
			bv->keys[k].term = text_fold(bv->all[k].term);
			bv->keys[k].gloss = text_fold(bv->all[k].gloss);
			bv->keys[k].note = text_fold(bv->all[k].note);
		}
	}
	const struct book_key *k = &bv->keys[i];
	return strstr(k->term, key) || strstr(k->gloss, key) ||
	       strstr(k->note, key);
}

/* Re-reads the entries when stale and filters them again when the filter
 * changed, keeping the selection on the same entry where it is still
 * shown. */
static void book_refresh(struct mode_entry *o)
{
	struct book_view *bv = o->data;
	struct app *a = o->app;
	if (!bv->stale && !bv->refilter)
		return;
	long long keep = bv->want_id;
	if (!keep && o->sel < bv->n)
		keep = bv->v[o->sel].id;
	bv->want_id = 0;
	if (bv->stale)
		book_load(o);
	bv->stale = bv->refilter = false;
	char *key = bv->filter[0] ? text_fold(bv->filter) : NULL;
	bv->v = xreallocarray(bv->v, bv->n_all + 1, sizeof *bv->v);
	bv->n = 0;
	/* Column widths from the entries shown, so they do not jump while
	 * scrolling. */
	bv->term_cols = bv->gloss_cols = 4;
	for (size_t i = 0; i < bv->n_all; i++) {
		if (key && !book_matches(bv, i, key))
			continue;
		bv->v[bv->n++] = bv->all[i];
		if (bv->tw[i] > bv->term_cols)
			bv->term_cols = bv->tw[i];
		if (bv->gw[i] > bv->gloss_cols)
			bv->gloss_cols = bv->gw[i];
	}
	free(key);
	size_t sel = 0;
	if (o->sel < bv->n)
		sel = o->sel;
	for (size_t i = 0; i < bv->n; i++)
		if (bv->v[i].id == keep)
			sel = i;
	if (sel >= bv->n)
		sel = bv->n ? bv->n - 1 : 0;
	o->sel = sel;
	app_mode_dirty(a);
}

static void book_mark_stale(struct mode_entry *me)
{
	((struct book_view *)me->data)->stale = true;
	app_mode_dirty(me->app);
}

/* The selected entry, or NULL. */
static struct vocab_entry *book_selected(struct mode_entry *o)
{
	struct book_view *bv = o->data;
	book_refresh(o);
	return o->sel < bv->n ? &bv->v[o->sel] : NULL;
}

char *book_selected_term(struct app *a)
{
	struct mode_entry *me = app_mode_find(a, &book_mode);
	struct vocab_entry *e = me ? book_selected(me) : NULL;
	return e ? xstrdup(e->term) : NULL;
}

/* The sentence of e shown (and opened by Enter). */
static size_t book_shown_context(struct book_view *bv,
				 const struct vocab_entry *e)
{
	if (bv->ctx_id != e->id) {
		bv->ctx_id = e->id;
		bv->ctx = 0;
	}
	if (bv->ctx >= e->n_contexts)
		bv->ctx = e->n_contexts ? e->n_contexts - 1 : 0;
	return bv->ctx;
}

static const char *book_title(struct mode_entry *me)
{
	struct book_view *bv = me->data;
	struct app *a = me->app;
	book_refresh(me);
	const char *order = book_of(a)->order == STORE_VOCAB_BY_TERM
				    ? "A-Z"
				    : "newest first";
	int n = snprintf(bv->title, sizeof bv->title,
			 "Vocabulary book 生词本 · %zu %s · %s", bv->n,
			 bv->n == 1 ? "entry" : "entries", order);
	if (bv->filter[0] && n > 0 && (size_t)n < sizeof bv->title)
		snprintf(bv->title + n, sizeof bv->title - (size_t)n,
			 " · filter \u201c%.60s\u201d", bv->filter);
	return bv->title;
}

static size_t book_count(struct mode_entry *me)
{
	struct book_view *bv = me->data;
	book_refresh(me);
	return bv->n;
}

static void book_line(struct mode_entry *me, size_t i,
		      struct overlay_line *out)
{
	struct book_view *bv = me->data;
	book_refresh(me);
	out->text = i < bv->n ? bv->v[i].term : "";
	out->attr = 0;
}

/* ---- the overlay: drawing ---------------------------------------------------- */

/* The keys that matter in the book; more contexts to step through when
 * the selected entry has several sentences. */
static void book_draw_hints(struct app *a, struct canvas *c, int y, bool any,
		       bool several)
{
	char buf[512] = "";
	int cols = c->w - 2;
#define HINT(name, name2, what)                                               \
	view_hint(a, KEYS_N_CORE + mode_index(&book_mode), buf, sizeof buf,    \
		  cols, name, name2, what)
	HINT("book-filter", NULL, "filter");
	if (any) {
		HINT("activate", NULL, "open");
		HINT("book-edit-gloss", NULL, "gloss");
		HINT("book-edit-note", NULL, "note");
		HINT("book-delete", NULL, "delete");
	}
	if (book_of(a)->deleted.id)
		HINT("book-undo", NULL, "undo");
	if (any) {
		HINT("book-sort", NULL, "sort");
		HINT("book-export", NULL, "export");
		if (several)
			HINT("book-prev-context", "book-next-context", "sentences");
	}
	HINT("close", NULL, "close");
#undef HINT
	view_text_line(c, a, y, 1, cols, buf, VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM));
}

/* Where term occurs in the sanitised text s (for emphasis). */
static size_t book_term_spans(const char *term, const char *s,
			 struct term_span **spans)
{
	struct term t = {(char *)term, (char *)book_no_gloss, 0, 0};
	return glossary_find(&t, 1, s, spans);
}

/* The sanitised text of raw, starting a little before the first place
 * term occurs in it ("… " and about before columns of what precedes it,
 * from a space) when it occurs further in: a long sentence still shows
 * the term. New string. */
static char *book_excerpt(const struct app *a, const char *raw,
			  const char *term, int before)
{
	char *s = text_sanitize(raw);
	struct term_span *sp = NULL;
	size_t n = book_term_spans(term, s, &sp);
	size_t off = n ? sp[0].off : 0;
	free(sp);
	if (!n || text_width(s, off, app_metrics(a)) <= before)
		return s;
	/* Back from the term, a code point at a time adding up its width,
	 * to the last space that keeps within before. */
	size_t from = off;
	int w = 0;
	for (size_t i = off; i-- > 0;) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue; /* inside a code point: measured at its start */
		uint32_t uc;
		text_next(s + i, off - i, &uc);
		w += text_char_width(uc, app_metrics(a));
		if (w > before)
			break;
		if (s[i] == ' ')
			from = i + 1;
	}
	char *out = xasprintf("… %s", s + from);
	free(s);
	return out;
}

/* One row of the list: term, gloss, and the sentence it was saved from. */
static void book_draw_row(struct app *a, struct book_view *bv, struct canvas *c,
		     int y, const struct vocab_entry *e, bool sel)
{
	unsigned base = sel ? OVERLAY_REVERSE : 0;
	if (sel)
		c->ops->fill(c->ctx, y, 0, c->w, VIEW_ATTR(base, 0));
	int w = c->w - 2;
	/* The term matters most: half a narrow box, a third of a wide one. */
	int tmax = w < 60 ? w / 2 : w / 3;
	int tw = bv->term_cols < tmax ? bv->term_cols : tmax;
	int gw = bv->gloss_cols < w / 4 ? bv->gloss_cols : w / 4;
	int x = 1;
	view_text_line(c, a, y, x, tw, e->term,
		       VIEW_ATTR(base | OVERLAY_BOLD, VIEW_C_NONE));
	x += tw + 2;
	view_text_line(c, a, y, x, gw, e->gloss[0] ? e->gloss : "-",
		       VIEW_ATTR(base, VIEW_C_ZH));
	x += gw + 2;
	if (x >= c->w - 1)
		return;
	char more[32] = "";
	if (e->n_contexts > 1)
		snprintf(more, sizeof more, " (+%zu)", e->n_contexts - 1);
	int mw = (int)strlen(more);
	char *en = book_excerpt(a, e->n_contexts ? e->contexts[0].en : "",
			   e->term, 12);
	int used = view_text_line(c, a, y, x, c->w - 1 - x - mw,
				  en[0] ? en : "(no sentence)",
				  VIEW_ATTR(base | OVERLAY_DIM, VIEW_C_DIM));
	free(en);
	if (mw)
		view_text_line(c, a, y, x + used, mw, more,
			       VIEW_ATTR(base | OVERLAY_DIM, VIEW_C_DIM));
}

/* The selected entry in full: gloss, note, the sentence in both
 * languages with the term emphasised, where it is from. rows >= 3. */
static void book_draw_detail(struct app *a, struct book_view *bv,
			struct canvas *c, int y, int rows,
			const struct vocab_entry *e)
{
	int w = c->w - 2, end = y + rows;
	/* term — gloss, and when it was saved on the right. */
	char saved[32] = "";
	struct tm tm;
	time_t created = e->created;
	if (created && localtime_r(&created, &tm))
		strftime(saved, sizeof saved, "saved %Y-%m-%d", &tm);
	int sw = (int)strlen(saved);
	int x = 1 + view_text_line(c, a, y, 1, w - sw - 1, e->term,
				   VIEW_ATTR(OVERLAY_BOLD | OVERLAY_UNDERLINE,
					     VIEW_C_TERM));
	if (e->gloss[0]) {
		x += view_text_line(c, a, y, x, w - sw - x, " — ", 0);
		view_text_line(c, a, y, x, w - sw - x, e->gloss,
			       VIEW_ATTR(0, VIEW_C_ZH));
	}
	if (sw)
		view_text_line(c, a, y, c->w - 1 - sw, sw, saved,
			       VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM));
	y++;
	if (e->note[0] && y < end - 1) {
		char *note = xasprintf("note: %s", e->note);
		view_text_line(c, a, y++, 1, w, note, 0);
		free(note);
	}
	if (!e->n_contexts) {
		view_text_line(c, a, y, 1, w, "(saved without a sentence)",
			       VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM));
		return;
	}
	size_t k = book_shown_context(bv, e);
	const struct vocab_context *ctx = &e->contexts[k];
	/* The source goes on the last row; the sentences share the rest. */
	int avail = end - 1 - y;
	unsigned emph = VIEW_ATTR(OVERLAY_BOLD | OVERLAY_UNDERLINE, VIEW_C_TERM);
	for (int lang = 0; lang < 2 && avail > 0; lang++) {
		char *s = book_excerpt(a, lang ? ctx->zh : ctx->en, e->term,
				  lang ? w / 2 : w);
		struct term_span *sp = NULL;
		size_t n = book_term_spans(e->term, s, &sp);
		int max = lang ? avail : (avail + 1) / 2;
		if (!ctx->zh[0])
			max = avail;
		int used = view_text_wrapped(c, a, y, 1, w, max, s,
					     VIEW_ATTR(0, lang ? VIEW_C_ZH
							       : VIEW_C_NONE),
					     sp, n, emph);
		y += used;
		avail -= used;
		free(sp);
		free(s);
	}
	char t[16];
	episode_format_time(ctx->at, t, sizeof t);
	/* The short facts first: a long title is what gets cut. */
	char *src = xasprintf("%s%s%s%s%s · %s%s", ctx->podcast,
			      ctx->podcast[0] ? " · " : "", ctx->date,
			      ctx->date[0] ? " · " : "", t,
			      ctx->episode_id ? "" : "episode removed · ",
			      ctx->title[0] ? ctx->title : "(unknown episode)");
	char pos[64] = "";
	if (e->n_contexts > 1)
		snprintf(pos, sizeof pos, "  sentence %zu/%zu", k + 1,
			 e->n_contexts);
	int pw = (int)strlen(pos);
	view_text_line(c, a, end - 1, 1, w - pw, src,
		       VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM));
	if (pw)
		view_text_line(c, a, end - 1, c->w - 1 - pw, pw, pos,
			       VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM));
	free(src);
}

static void book_draw(struct mode_entry *o, struct canvas *c)
{
	struct book_view *bv = o->data;
	struct app *a = o->app;
	book_refresh(o);
	if (c->h < 2 || c->w < 10)
		return;
	bool top = app_mode_top(a) == o;
	int h = c->h - (top ? 1 : 0); /* the last row: key hints */
	if (top)
		book_draw_hints(a, c, c->h - 1, bv->n > 0,
			   o->sel < bv->n && bv->v[o->sel].n_contexts > 1);
	if (!bv->n) {
		const char *msg = bv->filter[0]
					  ? "No entry matches the filter."
					  : "The book is empty. Save words "
					    "from the glossary (s) or a "
					    "sentence (w).";
		view_text_line(c, a, h > 2 ? 1 : 0, 1, c->w - 2, msg, 0);
		return;
	}
	/* The list on top, the selected entry in full below a rule. */
	int detail = h >= 16 ? 8 : h >= 11 ? 5 : h >= 8 ? 3 : 0;
	int list = h - (detail ? detail + 1 : 0);
	if (o->sel >= bv->n)
		o->sel = bv->n - 1;
	if (o->top > o->sel)
		o->top = o->sel;
	if (o->sel >= o->top + (size_t)list)
		o->top = o->sel - (size_t)list + 1;
	if (o->top + (size_t)list > bv->n)
		o->top = bv->n > (size_t)list ? bv->n - (size_t)list : 0;
	for (int r = 0; r < list && o->top + (size_t)r < bv->n; r++) {
		size_t i = o->top + (size_t)r;
		book_draw_row(a, bv, c, r, &bv->v[i], i == o->sel);
	}
	if (!detail)
		return;
	const char *rule = app_metrics(a)->ambiguous_wide ? "-" : "─";
	for (int x = 0; x < c->w; x++)
		view_text(c, a, list, x, 1, rule, strlen(rule),
			  VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM));
	book_draw_detail(a, bv, c, list + 1, detail, &bv->v[o->sel]);
}

/* ---- the overlay: opening an entry ----------------------------------------------- */

/* The segment of ep holding the context: the one playing at its time,
 * unless another has exactly its sentence (the episode was replaced
 * with other timings). */
static size_t book_context_segment(const struct episode *ep,
			      const struct vocab_context *c)
{
	long s = episode_segment_at(ep, c->at);
	if (s < 0)
		return 0;
	if (!strcmp(ep->segments[s].en, c->en))
		return (size_t)s;
	for (size_t i = 0; i < ep->n_segments; i++)
		if (c->en[0] && !strcmp(ep->segments[i].en, c->en))
			return i;
	return (size_t)s;
}

static void book_activate(struct mode_entry *me)
{
	struct book_view *bv = me->data;
	struct app *a = me->app;
	size_t sel = me->sel;
	book_refresh(me);
	if (sel >= bv->n)
		return;
	const struct vocab_entry *e = &bv->v[sel];
	if (!e->n_contexts) {
		app_message(a, false, "\u201c%s\u201d has no sentence to go to",
			    e->term);
		return;
	}
	const struct vocab_context *c = &e->contexts[book_shown_context(bv, e)];
	if (!c->episode_id) {
		app_message(a, false, "the episode \u201c%s\u201d is no longer "
			    "in the library", c->title);
		return;
	}
	struct episode *ep = NULL;
	struct store *st = app_store(a);
	if (!st || store_episode_load(st, c->episode_id, &ep) != 0) {
		app_message(a, false, "cannot open the episode: %s",
			    st ? store_error(st) : "no library");
		return;
	}
	if (!ep->n_segments) {
		episode_free(ep);
		app_message(a, false, "the episode has no sentences");
		return;
	}
	size_t seg = book_context_segment(ep, c);
	long long id = c->episode_id;
	char *term = xstrdup(e->term);
	/* The book and whatever is open over the panes close: the sentence
	 * is what the learner asked to see. */
	app_mode_close_all(a); /* frees bv, e and c */
	app_open(a, ep, id, (long)seg, ep->segments[seg].start);
	if (app_has_audio(a))
		app_cmd_replay(a); /* plays the sentence from its start */
	app_message(a, false, "\u201c%s\u201d: sentence %zu", term, seg + 1);
	free(term);
}

static void book_view_free(struct book_view *bv)
{
	book_keys_free(bv);
	vocab_entries_free(bv->all, bv->n_all);
	free(bv->tw);
	free(bv->gw);
	free(bv->v); /* shallow: its strings were all's */
	free(bv->filter);
	free(bv->filter_before);
	free(bv);
}

static void book_free(struct mode_entry *me)
{
	book_view_free(me->data);
}

static int book_init(struct mode_entry *me, void *arg)
{
	(void)arg;
	struct book_view *bv = xcalloc(1, sizeof *bv);
	bv->filter = xstrdup("");
	bv->stale = true;
	bv->fmt = EXPORT_CSV;
	me->data = bv;
	return 0;
}

/* Another reader (or the CLI) may have changed the book. */
static void book_reload(struct mode_entry *me)
{
	book_mark_stale(me);
}

/* ---- commands ----------------------------------------------------------------- */

static void book_cmd_open(struct app *a, struct mode_entry *me)
{
	/* v closes the book it opened. */
	if (me) {
		app_mode_pop(a);
		return;
	}
	/* Another reader may have saved words since: marks too. */
	app_saved_refresh(a);
	app_mode_push(a, &book_mode, NULL);
}

static void book_cmd_sort(struct app *a, struct mode_entry *me)
{
	struct book *b = book_of(a);
	b->order = b->order == STORE_VOCAB_BY_DATE ? STORE_VOCAB_BY_TERM
						   : STORE_VOCAB_BY_DATE;
	book_mark_stale(me);
	app_message(a, false, "sorted %s", b->order == STORE_VOCAB_BY_TERM
						   ? "alphabetically"
						   : "by date, newest first");
}

static void book_filter_changed(struct mode_entry *me, void *data,
				const char *text)
{
	(void)data;
	struct book_view *bv = me->data;
	free(bv->filter);
	bv->filter = xstrdup(text ? text : "");
	/* Filtered lazily: a paste is many keys but one frame. The book is
	 * in memory: a key reads nothing from the library. */
	bv->refilter = true;
	app_mode_dirty(me->app);
}

static void book_filter_done(struct mode_entry *me, void *data,
			     const char *text)
{
	struct book_view *bv = me->data;
	if (!text && bv->filter_before) {
		free(bv->filter);
		bv->filter = bv->filter_before;
		bv->filter_before = NULL;
	} else {
		book_filter_changed(me, data, text);
	}
	free(bv->filter_before);
	bv->filter_before = NULL;
	bv->refilter = true;
	app_mode_dirty(me->app);
}

static void book_cmd_filter(struct app *a, struct mode_entry *me)
{
	(void)a;
	struct book_view *bv = me->data;
	free(bv->filter_before);
	bv->filter_before = xstrdup(bv->filter);
	prompt_open(me, "Filter", bv->filter, book_filter_changed,
		    book_filter_done, NULL, NULL);
}

/* Gloss and note editing: which field, for the one callback. */
static void book_edit_done(struct mode_entry *me, const char *text,
			   bool note)
{
	struct book_view *bv = me->data;
	struct app *a = me->app;
	struct vocab_entry *e = book_selected(me);
	if (!text || !e)
		return;
	char *t = library_clean_text(text);
	if (store_vocab_update(app_store(a), e->id, note ? NULL : t,
			       note ? t : NULL) != 0)
		app_message(a, false, "cannot save the %s: %s",
			    note ? "note" : "gloss", store_error(app_store(a)));
	else
		app_message(a, false, "%s of \u201c%s\u201d saved",
			    note ? "note" : "gloss", e->term);
	free(t);
	bv->want_id = e->id;
	book_mark_stale(me);
}

static void book_gloss_done(struct mode_entry *me, void *data,
			    const char *text)
{
	(void)data;
	book_edit_done(me, text, false);
}

static void book_note_done(struct mode_entry *me, void *data,
			   const char *text)
{
	(void)data;
	book_edit_done(me, text, true);
}

static void book_edit(struct mode_entry *me, bool note)
{
	struct vocab_entry *e = book_selected(me);
	if (!e)
		return;
	prompt_open(me, note ? "Note" : "Gloss", note ? e->note : e->gloss,
		    NULL, note ? book_note_done : book_gloss_done, NULL, NULL);
}

static void book_cmd_edit_gloss(struct app *a, struct mode_entry *me)
{
	(void)a;
	book_edit(me, false);
}

static void book_cmd_edit_note(struct app *a, struct mode_entry *me)
{
	(void)a;
	book_edit(me, true);
}

static void book_cmd_delete(struct app *a, struct mode_entry *o)
{
	struct book_view *bv = o->data;
	struct vocab_entry *e = book_selected(o);
	if (!e)
		return;
	if (store_vocab_remove(app_store(a), e->id) != 0) {
		app_message(a, false, "cannot delete \u201c%s\u201d: %s",
			    e->term, store_error(app_store(a)));
		return;
	}
	/* Keep it whole (contexts and dates) for the undo. */
	struct book *b = book_of(a);
	vocab_entry_clear(&b->deleted);
	b->deleted = *e;
	/* The strings are all's: it no longer owns them. */
	for (size_t i = 0; i < bv->n_all; i++)
		if (bv->all[i].id == e->id)
			memset(&bv->all[i], 0, sizeof bv->all[i]);
	memmove(e, e + 1, (bv->n - o->sel - 1) * sizeof *e);
	bv->n--;
	char u[32] = "u";
	int key = keys_key_for(&app_config(a)->keys,
			       KEYS_N_CORE + mode_index(&book_mode),
			       command_find("book-undo"));
	if (key >= 0)
		keys_label(key, u, sizeof u);
	app_message(a, false, "deleted \u201c%s\u201d (%s undoes)",
		    b->deleted.term, u);
	book_mark_stale(o);
	app_saved_reload(a);
}

static void book_cmd_undo(struct app *a, struct mode_entry *me)
{
	struct book_view *bv = me->data;
	struct book *b = book_of(a);
	if (!b->deleted.id) {
		app_message(a, false, "nothing to undo");
		return;
	}
	if (store_vocab_restore(app_store(a), &b->deleted) != 0) {
		app_message(a, false, "cannot restore \u201c%s\u201d: %s",
			    b->deleted.term, store_error(app_store(a)));
		return;
	}
	app_message(a, false, "restored \u201c%s\u201d", b->deleted.term);
	bv->want_id = b->deleted.id;
	vocab_entry_clear(&b->deleted);
	book_mark_stale(me);
	app_saved_reload(a);
}

static void book_context_step(struct mode_entry *o, int dir)
{
	struct book_view *bv = o->data;
	struct vocab_entry *e = book_selected(o);
	if (!e || e->n_contexts < 2)
		return;
	size_t k = book_shown_context(bv, e);
	if (dir < 0 && k > 0)
		bv->ctx = k - 1;
	else if (dir > 0 && k + 1 < e->n_contexts)
		bv->ctx = k + 1;
	app_mode_dirty(o->app);
}

static void book_cmd_prev_context(struct app *a, struct mode_entry *me)
{
	(void)a;
	book_context_step(me, -1);
}

static void book_cmd_next_context(struct app *a, struct mode_entry *me)
{
	(void)a;
	book_context_step(me, 1);
}

/* ---- export ---------------------------------------------------------------- */

/* path with a leading "~/" made $HOME's. New string. */
static char *book_expand_home(const char *path)
{
	const char *home = getenv("HOME");
	if (path[0] == '~' && (path[1] == '/' || !path[1]) && home && *home)
		return xasprintf("%s%s", home, path + 1);
	return xstrdup(path);
}

/* apkg_export's progress: said on the status line and drawn now; Esc
 * (read by the loop's busy hook) cancels. */
static int book_apkg_progress(void *ctx, size_t done, size_t total)
{
	struct app *a = ctx;
	if (total)
		app_message(a, false, "cutting audio %zu/%zu · Esc cancels",
			    done, total);
	return app_busy(a);
}

static void book_export_apkg(struct mode_entry *me, const char *path)
{
	struct book_view *bv = me->data;
	struct app *a = me->app;
	struct apkg_options opt;
	apkg_options_init(&opt);
	opt.progress = book_apkg_progress;
	opt.ctx = a;
	struct apkg_report rep;
	char err[512];
	app_message(a, false, "exporting %zu entries to %s · Esc cancels",
		    bv->n, path);
	app_busy(a);
	int rc = apkg_export(path, app_store(a), bv->v, bv->n, &opt, &rep,
			     err, sizeof err);
	if (rc == 1) {
		app_message(a, false, "export cancelled: nothing written");
	} else if (rc != 0) {
		app_message(a, false, "export failed: %s", err);
	} else {
		char *what = apkg_report_text(&rep);
		app_message(a, false, "exported %zu %s%s to %s (apkg): %s",
			    bv->n, bv->n == 1 ? "entry" : "entries",
			    bv->filter[0] ? " (filtered)" : "", path, what);
		free(what);
	}
}

static void book_path_done(struct mode_entry *me, void *data,
			   const char *text)
{
	(void)data;
	struct book_view *bv = me->data;
	struct app *a = me->app;
	if (!text)
		return;
	char *t = library_clean_text(text);
	if (!t || !*t) {
		app_message(a, false, "export cancelled: no file name");
		free(t);
		return;
	}
	char *path = book_expand_home(t);
	free(t);
	/* Markdown in vocab.csv is a file no program reads right: a format
	 * the name contradicts is refused, as the CLI does. */
	int by_ext = library_export_format_of(path);
	int want = bv->apkg ? LIBRARY_FORMAT_APKG : (int)bv->fmt;
	if (by_ext >= 0 && by_ext != want) {
		const char *slash = strrchr(path, '/');
		app_message(a, false, "format %s does not match %s (its "
			    "extension means %s): nothing written",
			    bv->apkg ? "apkg" : export_format_name(bv->fmt),
			    slash ? slash + 1 : path, by_ext == LIBRARY_FORMAT_APKG
				  ? "apkg"
				  : export_format_name(
					    (enum export_format)by_ext));
		free(path);
		return;
	}
	book_refresh(me);
	if (bv->apkg) {
		book_export_apkg(me, path);
		free(path);
		return;
	}
	char err[512];
	if (library_export_file(app_store(a), path, bv->fmt, bv->v, bv->n,
				NULL, err, sizeof err) != 0)
		app_message(a, false, "export failed: %s", err);
	else
		app_message(a, false, "exported %zu %s%s to %s (%s)", bv->n,
			    bv->n == 1 ? "entry" : "entries",
			    bv->filter[0] ? " (filtered)" : "", path,
			    export_format_name(bv->fmt));
	free(path);
}

static void book_format_done(struct mode_entry *me, void *data,
			     const char *text)
{
	(void)data;
	struct book_view *bv = me->data;
	struct app *a = me->app;
	if (!text)
		return;
	char *t = library_clean_text(text);
	enum export_format fmt;
	bool apkg = t && !strcmp(t, "apkg");
	if (!apkg && export_format_parse(t, &fmt) != 0) {
		app_message(a, false, "unknown format \u201c%s\u201d: one of "
			    EXPORT_FORMAT_NAMES ", apkg", t ? t : "");
		prompt_open(me, "Format (" EXPORT_FORMAT_NAMES ", apkg)", t,
			    NULL, book_format_done, NULL, NULL);
		free(t);
		return;
	}
	free(t);
	bv->apkg = apkg;
	if (!apkg)
		bv->fmt = fmt;
	char *def = xasprintf("~/buildspeak-vocab.%s",
			      apkg ? "apkg" : export_format_extension(fmt));
	prompt_open(me, "Export to", def, NULL, book_path_done, NULL, NULL);
	free(def);
}

static void book_cmd_export(struct app *a, struct mode_entry *me)
{
	struct book_view *bv = me->data;
	book_refresh(me);
	if (!bv->n) {
		app_message(a, false, "nothing to export");
		return;
	}
	prompt_open(me, "Format (" EXPORT_FORMAT_NAMES ", apkg)",
		    bv->apkg ? "apkg" : export_format_name(bv->fmt), NULL,
		    book_format_done, NULL, NULL);
}

/* ---- the mode ---------------------------------------------------------------- */

static const struct mode_command book_commands[] = {
	{"book", book_cmd_open, "Open or close the vocabulary book",
	 MODE_CMD_ANYWHERE},
	{"save-term", book_cmd_save_term,
	 "Save the selected glossary term in the book", MODE_CMD_ANYWHERE},
	{"book-filter", book_cmd_filter,
	 "Filter the book as you type (English or Chinese)", 0},
	{"book-sort", book_cmd_sort, "Sort by date or alphabetically", 0},
	{"book-edit-gloss", book_cmd_edit_gloss, "Edit the entry's gloss", 0},
	{"book-edit-note", book_cmd_edit_note, "Edit the entry's note", 0},
	{"book-delete", book_cmd_delete, "Delete the entry", 0},
	{"book-undo", book_cmd_undo, "Undo the last delete", 0},
	{"book-export", book_cmd_export,
	 "Export the entries shown (CSV, Anki, Markdown, JSON)", 0},
	{"book-prev-context", book_cmd_prev_context,
	 "The entry's previous sentence", 0},
	{"book-next-context", book_cmd_next_context,
	 "The entry's next sentence", 0},
};

const struct mode book_mode = {
	.name = "book",
	.heading = "Vocabulary book",
	.selectable = true,
	.commands = book_commands,
	.n_commands = sizeof book_commands / sizeof book_commands[0],
	.state_new = book_state_new,
	.state_free = book_state_free,
	.init = book_init,
	.free = book_free,
	.title = book_title,
	.count = book_count,
	.line = book_line,
	.activate = book_activate,
	.draw = book_draw,
	.reload = book_reload,
};

/* ---- for tests ----------------------------------------------------------------- */

size_t book_shown_count(struct app *a)
{
	struct mode_entry *me = app_mode_find(a, &book_mode);
	if (!me)
		return 0;
	book_refresh(me);
	return ((struct book_view *)me->data)->n;
}

const char *book_shown_term(struct app *a, size_t i)
{
	struct mode_entry *me = app_mode_find(a, &book_mode);
	if (!me)
		return NULL;
	struct book_view *bv = me->data;
	book_refresh(me);
	return i < bv->n ? bv->v[i].term : NULL;
}
