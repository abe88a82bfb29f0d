/* book: the vocabulary book in the reader -- saving, the `v` overlay
 * (its title, rows and detail drawn, an entry opened), its commands, and
 * the marks of saved terms. The rows it shows are book_rows.c's; the
 * export prompts are book_export.c's (book_int.h is what they share). */
#include "buildspeak/book.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "book_int.h"
#include "buildspeak/alloc.h"
#include "buildspeak/app.h"
#include "buildspeak/command.h"
#include "buildspeak/keys.h"
#include "buildspeak/mode.h"
#include "buildspeak/library.h"
#include "buildspeak/matcher.h"
#include "buildspeak/prompt.h"
#include "buildspeak/store.h"
#include "buildspeak/text.h"
#include "buildspeak/view.h"
#include "buildspeak/vocab.h"

static const char book_no_gloss[] = "";

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
		book_changed(a);
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

/* ---- the overlay: title and rows ------------------------------------------ */

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
	out->text = i < bv->n ? book_row_at(me, (long)bv->v[i])->term : "";
	out->attr = 0;
}

/* ---- the overlay: drawing ---------------------------------------------------- */

/* The keys that matter in the book; more contexts to step through when
 * the selected entry has several sentences. */
static void book_draw_hints(struct mode_entry *o, struct canvas *c, int y,
			    bool any, bool several)
{
	struct book_view *bv = o->data;
	struct app *a = o->app;
	int cols = c->w - 2;
	/* The same keys on every frame while nothing they depend on
	 * changed: looked up once. */
	unsigned key = (unsigned)cols << 4 | (any ? 1u : 0) |
		       (several ? 2u : 0) | (book_of(a)->deleted.id ? 4u : 0) |
		       (app_metrics(a)->ambiguous_wide ? 8u : 0);
	if (bv->hints_key == key + 1) {
		view_text_line(c, a, y, 1, cols, bv->hints,
			       VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM));
		return;
	}
	char *buf = bv->hints;
	buf[0] = '\0';
#define HINT(name, name2, what)                                               \
	view_hint(a, KEYS_N_CORE + mode_index(&book_mode), buf,               \
		  sizeof bv->hints,                                            \
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
	bv->hints_key = key + 1;
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
	/* Back from the term, a code point at a time adding up its width,
	 * to the last space that keeps within before; all of it when what
	 * precedes the term fits (measured no further than before). */
	size_t from = off;
	int w = 0;
	bool all = true;
	for (size_t i = off; i-- > 0;) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue; /* inside a code point: measured at its start */
		uint32_t uc;
		text_next(s + i, off - i, &uc);
		w += text_char_width(uc, app_metrics(a));
		if (w > before) {
			all = false;
			break;
		}
		if (s[i] == ' ')
			from = i + 1;
	}
	if (all)
		return s;
	char *out = xasprintf("… %s", s + from);
	free(s);
	return out;
}

/* Row i's sentence for the list (its first), from a little before the
 * term, sanitised and cut to cols columns: the part any row can show,
 * made once an opening, so a frame measures a few dozen columns a row
 * rather than whole sentences. */
static const char *book_row_sentence(struct mode_entry *o, size_t i,
				     int cols)
{
	struct book_view *bv = o->data;
	struct app *a = o->app;
	struct book_ctx *c = &bv->ctx[i];
	int key = cols * 2 + (app_metrics(a)->ambiguous_wide ? 1 : 0);
	if (c->excerpt && c->excerpt_cols == key)
		return c->excerpt;
	free(c->excerpt);
	free(c->fit[2].s); /* drawn from the old one */
	c->fit[2].s = NULL;
	char *ex = book_excerpt(a, c->n ? c->v[0].en : "",
				book_row_at(o, (long)i)->term, 12);
	char *line = text_sanitize_line(ex);
	free(ex);
	/* Cut past cols columns: wider than any row's room, so drawn it is
	 * cut with an ellipsis exactly as the whole sentence would be. A
	 * walk by code points, not by grapheme clusters: the cut is out of
	 * sight, and a sentence is measured no further than the row. */
	size_t len = strlen(line), at = 0;
	int w = 0;
	while (at < len && w <= cols) {
		uint32_t uc;
		at += (size_t)text_next(line + at, len - at, &uc);
		w += text_char_width(uc, app_metrics(a));
	}
	line[at] = '\0';
	c->excerpt = line;
	c->excerpt_cols = key;
	return line;
}

/* Draws raw in max columns at (y, x) as view_text_line does, from what
 * f kept of the last time. Returns the columns used. */
static int book_fit_draw(struct canvas *c, const struct app *a, int y, int x,
			 int max, struct book_fit *f, const char *raw,
			 unsigned attr)
{
	bool wide = app_metrics(a)->ambiguous_wide;
	if (max <= 0)
		return 0;
	if (!f->s || f->max != max || f->wide != wide) {
		free(f->s);
		f->s = view_line_fit(a, raw, max, NULL);
		f->len = strlen(f->s);
		f->max = max;
		f->wide = wide;
	}
	return view_text(c, a, y, x, max, f->s, f->len, attr);
}

/* One row of the list: term, gloss, and the sentence it was saved from. */
static void book_draw_row(struct mode_entry *o, struct canvas *c, int y,
			  size_t i, bool sel)
{
	struct book_view *bv = o->data;
	struct app *a = o->app;
	const struct store_vocab_row *e = book_row_at(o, (long)i);
	struct book_ctx *ctx = &bv->ctx[i];
	unsigned base = sel ? OVERLAY_REVERSE : 0;
	if (sel)
		c->ops->fill(c->ctx, y, 0, c->w, VIEW_ATTR(base, 0));
	int w = c->w - 2;
	/* The term matters most: half a narrow box, a third of a wide one. */
	int tmax = w < 60 ? w / 2 : w / 3;
	int tw = bv->term_cols < tmax ? bv->term_cols : tmax;
	int gw = bv->gloss_cols < w / 4 ? bv->gloss_cols : w / 4;
	int x = 1;
	book_fit_draw(c, a, y, x, tw, &ctx->fit[0], e->term,
		      VIEW_ATTR(base | OVERLAY_BOLD, VIEW_C_NONE));
	x += tw + 2;
	book_fit_draw(c, a, y, x, gw, &ctx->fit[1],
		      e->gloss[0] ? e->gloss : "-", VIEW_ATTR(base, VIEW_C_ZH));
	x += gw + 2;
	if (x >= c->w - 1)
		return;
	char more[32] = "";
	if (ctx->n > 1)
		snprintf(more, sizeof more, " (+%zu)", ctx->n - 1);
	int mw = (int)strlen(more);
	const char *en = book_row_sentence(o, i, c->w);
	int used = book_fit_draw(c, a, y, x, c->w - 1 - x - mw, &ctx->fit[2],
				 en[0] ? en : "(no sentence)",
				 VIEW_ATTR(base | OVERLAY_DIM, VIEW_C_DIM));
	if (mw)
		view_text_line(c, a, y, x + used, mw, more,
			       VIEW_ATTR(base | OVERLAY_DIM, VIEW_C_DIM));
}

/* The detail's excerpts of sentence k of row i for width w, where the
 * term is in them and their lines: made again only when one of those
 * changed. */
static struct book_detail *book_detail_of(struct mode_entry *o, size_t i,
					  size_t k, int w)
{
	struct book_view *bv = o->data;
	struct app *a = o->app;
	struct book_detail *d = &bv->detail;
	bool wide = app_metrics(a)->ambiguous_wide;
	if (d->row == i && d->k == k && d->w == w && d->wide == wide)
		return d;
	book_detail_clear(d);
	const struct vocab_context *ctx = &bv->ctx[i].v[k];
	const char *term = book_row_at(o, (long)i)->term;
	for (int lang = 0; lang < 2; lang++) {
		d->s[lang] = book_excerpt(a, lang ? ctx->zh : ctx->en, term,
					  lang ? w / 2 : w);
		d->n_sp[lang] = book_term_spans(term, d->s[lang], &d->sp[lang]);
		d->n_lines[lang] = text_wrap(d->s[lang], w, app_metrics(a),
					     &d->lines[lang]);
	}
	d->row = i;
	d->k = k;
	d->w = w;
	d->wide = wide;
	return d;
}

/* The selected entry in full: gloss, note, the sentence in both
 * languages with the term emphasised, where it is from. rows >= 3. */
static void book_draw_detail(struct mode_entry *o, struct canvas *c, int y,
			     int rows, size_t i)
{
	struct book_view *bv = o->data;
	struct app *a = o->app;
	const struct store_vocab_row *e = book_row_at(o, (long)i);
	const struct book_ctx *cx = &bv->ctx[i];
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
	if (!cx->n) {
		view_text_line(c, a, y, 1, w, "(saved without a sentence)",
			       VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM));
		return;
	}
	size_t k = book_shown_context(o, (long)i, cx->n);
	const struct vocab_context *ctx = &cx->v[k];
	const struct book_detail *d = book_detail_of(o, i, k, w);
	/* The source goes on the last row; the sentences share the rest. */
	int avail = end - 1 - y;
	unsigned emph = VIEW_ATTR(OVERLAY_BOLD | OVERLAY_UNDERLINE, VIEW_C_TERM);
	for (int lang = 0; lang < 2 && avail > 0; lang++) {
		int max = lang ? avail : (avail + 1) / 2;
		if (!ctx->zh[0])
			max = avail;
		int used = view_text_lines(c, a, y, 1, w, max, d->s[lang],
					   d->lines[lang], d->n_lines[lang],
					   VIEW_ATTR(0, lang ? VIEW_C_ZH
							     : VIEW_C_NONE),
					   d->sp[lang], d->n_sp[lang], emph);
		y += used;
		avail -= used;
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
	if (cx->n > 1)
		snprintf(pos, sizeof pos, "  sentence %zu/%zu", k + 1, cx->n);
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
	/* The list on top, the selected entry in full below a rule. */
	int detail = h >= 16 ? 8 : h >= 11 ? 5 : h >= 8 ? 3 : 0;
	int list = h - (detail ? detail + 1 : 0);
	if (bv->n) {
		if (o->sel >= bv->n)
			o->sel = bv->n - 1;
		if (o->top > o->sel)
			o->top = o->sel;
		if (o->sel >= o->top + (size_t)list)
			o->top = o->sel - (size_t)list + 1;
		if (o->top + (size_t)list > bv->n)
			o->top = bv->n > (size_t)list ? bv->n - (size_t)list
						      : 0;
		/* The sentences of the rows in view, read in one query. */
		size_t from = o->top, to = o->top + (size_t)list;
		if (to > bv->n)
			to = bv->n;
		book_need_contexts(o, bv->v + from, to - from);
		book_need_contexts(o, bv->v + o->sel, 1);
	}
	if (top)
		book_draw_hints(o, c, c->h - 1, bv->n > 0,
				bv->n && bv->ctx[bv->v[o->sel]].n > 1);
	if (!bv->n) {
		const char *msg = bv->filter[0]
					  ? "No entry matches the filter."
					  : "The book is empty. Save words "
					    "from the glossary (s) or a "
					    "sentence (w).";
		view_text_line(c, a, h > 2 ? 1 : 0, 1, c->w - 2, msg, 0);
		return;
	}
	for (int r = 0; r < list && o->top + (size_t)r < bv->n; r++) {
		size_t i = o->top + (size_t)r;
		book_draw_row(o, c, r, bv->v[i], i == o->sel);
	}
	if (!detail)
		return;
	const char *rule = app_metrics(a)->ambiguous_wide ? "-" : "─";
	for (int x = 0; x < c->w; x++)
		view_text(c, a, list, x, 1, rule, strlen(rule),
			  VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM));
	book_draw_detail(o, c, list + 1, detail, bv->v[o->sel]);
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
	struct app *a = me->app;
	long i = book_selected_row(me);
	if (i < 0)
		return;
	const struct store_vocab_row *e = book_row_at(me, i);
	const struct book_ctx *cx = book_ctx_of(me, (size_t)i);
	if (!cx->n) {
		app_message(a, false, "\u201c%s\u201d has no sentence to go to",
			    e->term);
		return;
	}
	const struct vocab_context *c =
		&cx->v[book_shown_context(me, i, cx->n)];
	if (!c->episode_id) {
		app_message(a, false, "the episode \u201c%s\u201d is no longer "
			    "in the library", c->title);
		return;
	}
	struct episode *ep = app_load_episode(a, c->episode_id, true);
	if (!ep)
		return;
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
	app_mode_close_all(a); /* frees the opening's sentences: c */
	app_open(a, ep, id, (long)seg, ep->segments[seg].start);
	if (app_has_audio(a))
		app_cmd_replay(a); /* plays the sentence from its start */
	app_message(a, false, "\u201c%s\u201d: sentence %zu", term, seg + 1);
	free(term);
}

/* Another reader (or the CLI) may have changed the book. */
static void book_reload(struct mode_entry *me)
{
	book_changed(me->app);
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
	/* Sorted in memory: the next refresh orders the rows again. */
	app_mode_dirty(me->app);
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
	long i = book_selected_row(me);
	if (!text || i < 0)
		return;
	const struct store_vocab_row *e = book_row_at(me, i);
	long long id = e->id;
	char *t = library_clean_text(text);
	if (store_vocab_update(app_store(a), id, note ? NULL : t,
			       note ? t : NULL) != 0)
		app_message(a, false, "cannot save the %s: %s",
			    note ? "note" : "gloss", store_error(app_store(a)));
	else
		app_message(a, false, "%s of \u201c%s\u201d saved",
			    note ? "note" : "gloss", e->term);
	free(t);
	bv->want_id = id;
	book_changed(a);
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
	long i = book_selected_row(me);
	if (i < 0)
		return;
	const struct store_vocab_row *e = book_row_at(me, i);
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
	long i = book_selected_row(o);
	if (i < 0)
		return;
	long long id = book_row_at(o, i)->id;
	/* Kept whole (contexts and dates) for the undo: read as it is in
	 * the library now, just before it goes. */
	struct vocab_entry was;
	if (store_vocab_get(app_store(a), id, &was) != 0 ||
	    store_vocab_remove(app_store(a), id) != 0) {
		app_message(a, false, "cannot delete \u201c%s\u201d: %s",
			    book_row_at(o, i)->term, store_error(app_store(a)));
		vocab_entry_clear(&was);
		return;
	}
	struct book *b = book_of(a);
	vocab_entry_clear(&b->deleted);
	b->deleted = was;
	/* The selection moves to the entry after it (or before, at the
	 * end). */
	if (o->sel + 1 < bv->n)
		bv->want_id = b->rows.v[bv->v[o->sel + 1]].id;
	else if (o->sel > 0)
		bv->want_id = b->rows.v[bv->v[o->sel - 1]].id;
	char u[32] = "u";
	int key = keys_key_for(&app_config(a)->keys,
			       KEYS_N_CORE + mode_index(&book_mode),
			       command_find("book-undo"));
	if (key >= 0)
		keys_label(key, u, sizeof u);
	app_message(a, false, "deleted \u201c%s\u201d (%s undoes)",
		    b->deleted.term, u);
	book_changed(a);
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
	book_changed(a);
	app_saved_reload(a);
}

static void book_context_step(struct mode_entry *o, int dir)
{
	struct book_view *bv = o->data;
	long i = book_selected_row(o);
	if (i < 0)
		return;
	size_t n = book_ctx_of(o, (size_t)i)->n;
	if (n < 2)
		return;
	size_t k = book_shown_context(o, i, n);
	if (dir < 0 && k > 0)
		bv->ctx_k = k - 1;
	else if (dir > 0 && k + 1 < n)
		bv->ctx_k = k + 1;
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

