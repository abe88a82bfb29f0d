/* book: the vocabulary book in the reader -- saving, the `v` overlay, and
 * the marks of saved terms. */
#include "buildspeak/book.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buildspeak/alloc.h"
#include "buildspeak/app.h"
#include "buildspeak/command.h"
#include "buildspeak/export.h"
#include "buildspeak/library.h"
#include "buildspeak/matcher.h"
#include "buildspeak/prompt.h"
#include "buildspeak/store.h"
#include "buildspeak/text.h"
#include "buildspeak/view.h"
#include "buildspeak/vocab.h"

/* The marks of one segment's text in one language, cached. */
struct mark_cache {
	unsigned gen;             /* book generation computed at; 0 = never */
	char *text;               /* the text they were computed on, owned */
	struct term_span *spans;  /* owned; n of them */
	size_t n;
};

struct book {
	/* The saved terms, for the marks. */
	bool loaded;              /* read from the library since the start */
	unsigned gen;             /* bumped whenever the saved terms change */
	struct term *terms;       /* term owned, gloss "" (static);
				     n_terms */
	struct matcher *matcher;  /* the terms, folded once; owned */
	size_t n_terms;
	char **keys;              /* the terms case-folded, sorted (bsearch);
				     n_terms of them, owned */
	struct mark_cache *cache[2]; /* per segment, English and Chinese */
	size_t n_cache[2];        /* slots in each (zeroed when added) */

	/* Undo of the last delete. */
	struct vocab_entry deleted; /* as it was; id 0 when there is none */

	/* The book's order, kept from one opening to the next. */
	enum store_vocab_order order;
};

/* The open overlay's state. */
struct book_view {
	struct vocab_entry *v;    /* the entries shown, owned; n of them */
	size_t n;
	bool stale;               /* re-read from the library before use */
	char *filter;             /* what `/` typed, owned; "" for none */
	char *filter_before;      /* the filter when `/` was pressed (Escape
				     puts it back), owned; NULL otherwise */
	long long want_id;        /* after a re-read, select this entry */
	long long ctx_id;         /* the entry ctx belongs to */
	size_t ctx;               /* which of its sentences is shown */
	int term_cols, gloss_cols; /* column widths for the shown entries */
	enum export_format fmt;   /* export: the format, between prompts */
	char title[192];          /* the frame's title, made by book_title */
};

static const char no_gloss[] = "";

/* ---- the state on the app --------------------------------------------------- */

static struct book *book_of(struct app *a)
{
	if (!a->book) {
		a->book = xcalloc(1, sizeof *a->book);
		a->book->gen = 1;
		a->book->order = STORE_VOCAB_BY_DATE;
	}
	return a->book;
}

static void marks_clear(struct book *b)
{
	for (size_t i = 0; i < b->n_terms; i++) {
		free(b->terms[i].term);
		free(b->keys[i]);
	}
	free(b->terms);
	free(b->keys);
	matcher_free(b->matcher);
	b->matcher = NULL;
	b->terms = NULL;
	b->keys = NULL;
	b->n_terms = 0;
}

void book_free(struct book *b)
{
	if (!b)
		return;
	marks_clear(b);
	for (int l = 0; l < 2; l++) {
		for (size_t i = 0; i < b->n_cache[l]; i++) {
			free(b->cache[l][i].text);
			free(b->cache[l][i].spans);
		}
		free(b->cache[l]);
	}
	vocab_entry_clear(&b->deleted);
	free(b);
}

/* ---- marks -------------------------------------------------------------------- */

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void marks_load(struct app *a, struct book *b)
{
	marks_clear(b);
	b->loaded = true;
	if (++b->gen == 0) /* 0 means "never computed" in the cache */
		b->gen = 1;
	char **terms = NULL;
	size_t n = 0;
	if (!a->st)
		return;
	if (store_vocab_terms(a->st, &terms, &n) != 0) {
		app_message(a, false, "cannot read the vocabulary book: %s",
			    store_error(a->st));
		return;
	}
	b->terms = xcalloc(n ? n : 1, sizeof *b->terms);
	b->keys = xcalloc(n ? n : 1, sizeof *b->keys);
	for (size_t i = 0; i < n; i++) {
		b->terms[i] = (struct term){terms[i], (char *)no_gloss, 0, 0};
		b->keys[i] = text_fold(terms[i]);
	}
	free(terms); /* the strings now belong to b->terms */
	b->n_terms = n;
	b->matcher = matcher_new();
	for (size_t i = 0; i < n; i++)
		matcher_add(b->matcher, b->terms[i].term, i);
	qsort(b->keys, n, sizeof *b->keys, cmp_str);
}

void book_marks_reload(struct app *a)
{
	marks_load(a, book_of(a));
	a->dirty |= APP_DIRTY_TRANSCRIPT | APP_DIRTY_GLOSSARY;
}

bool book_is_saved(struct app *a, const char *term)
{
	struct book *b = book_of(a);
	if (!b->loaded)
		marks_load(a, b);
	if (!b->n_terms || !term)
		return false;
	char *key = text_fold(term);
	bool yes = bsearch(&key, b->keys, b->n_terms, sizeof *b->keys,
			   cmp_str) != NULL;
	free(key);
	return yes;
}

size_t book_saved_spans(struct app *a, size_t seg, int lang,
			const char *text, const struct term_span **spans)
{
	struct book *b = book_of(a);
	*spans = NULL;
	if (!b->loaded)
		marks_load(a, b);
	if (!b->n_terms || lang < 0 || lang > 1)
		return 0;
	if (seg >= b->n_cache[lang]) {
		size_t old = b->n_cache[lang], want = seg + 1;
		if (want < old * 2)
			want = old * 2;
		b->cache[lang] = xrealloc(b->cache[lang],
					  want * sizeof *b->cache[lang]);
		memset(b->cache[lang] + old, 0,
		       (want - old) * sizeof *b->cache[lang]);
		b->n_cache[lang] = want;
	}
	struct mark_cache *m = &b->cache[lang][seg];
	/* The text is compared, not trusted by index: another episode may
	 * have been opened since. */
	if (m->gen != b->gen || !m->text || strcmp(m->text, text) != 0) {
		free(m->text);
		free(m->spans);
		m->text = xstrdup(text);
		m->n = matcher_find(b->matcher, text, &m->spans);
		m->gen = b->gen;
	}
	*spans = m->spans;
	return m->n;
}

/* ---- saving --------------------------------------------------------------- */

char *book_suggest_gloss(struct app *a, const char *term, bool *in_book)
{
	if (in_book)
		*in_book = false;
	/* The book's own gloss first: the learner may have written it. */
	char *out = NULL;
	long long id = a->st ? store_vocab_find(a->st, term) : 0;
	struct vocab_entry e;
	if (id > 0 && store_vocab_get(a->st, id, &e) == 0) {
		if (in_book)
			*in_book = true;
		if (e.gloss[0])
			out = xstrdup(e.gloss);
		vocab_entry_clear(&e);
	}
	if (!out) {
		const char *g = a->ep ? vocab_episode_gloss(a->ep, term) : NULL;
		out = xstrdup(g ? g : "");
	}
	return out;
}

int book_save(struct app *a, const char *term, const char *gloss,
	      const char *note, size_t seg)
{
	if (!a->st) {
		app_message(a, false, "no library to save to");
		return -1;
	}
	if (!a->ep || seg >= a->ep->n_segments) {
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
	int what = library_save_term(a->st, t, gloss ? gloss : "", note, a->ep,
				     a->ep_id, (long)seg, &saved);
	/* Only now, with the transaction committed, does the screen say it
	 * is saved. */
	if (what < 0)
		app_message(a, false, "cannot save \u201c%s\u201d: %s", t,
			    store_error(a->st));
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
		book_marks_reload(a);
	}
	a->dirty |= APP_DIRTY_STATUS;
	return what < 0 ? -1 : 0;
}

void book_cmd_save_term(struct app *a)
{
	if (!a->ep || !a->ep->n_terms || a->gl_sel >= a->ep->n_terms ||
	    !a->gl_order) {
		app_message(a, false, "no glossary term to save");
		return;
	}
	const struct term *t = &a->ep->terms[a->gl_order[a->gl_sel]];
	/* The sentence where the term occurs nearest the one being read:
	 * the context the learner has in mind. */
	app_load_text(a, 0, a->ep->n_segments); /* the search reads them all */
	long seg = vocab_nearest_segment(a->ep, t->term, a->cur);
	if (seg < 0) /* not in any sentence: where it was glossed */
		seg = t->first_segment;
	if (seg < 0 || (size_t)seg >= a->ep->n_segments)
		seg = (long)a->cur; /* a glossary from JSON may lack it */
	book_save(a, t->term, t->gloss, NULL, (size_t)seg);
}

/* ---- the overlay: entries -------------------------------------------------- */

static struct app_overlay *overlay_of(struct app *a, void *state)
{
	for (size_t i = 0; i < a->n_overlays; i++)
		if (a->overlays[i].state == state)
			return &a->overlays[i];
	return NULL;
}

/* The open book on top of the stack, or NULL. */
static struct book_view *top_view(struct app *a, struct app_overlay **o)
{
	struct app_overlay *t = app_overlay_top(a);
	if (!t || t->ops != &book_overlay)
		return NULL;
	if (o)
		*o = t;
	return t->state;
}

/* Re-reads the entries when stale, keeping the selection on the same
 * entry where it is still shown. */
static void refresh(struct app *a, struct book_view *bv)
{
	if (!bv->stale)
		return;
	bv->stale = false;
	struct app_overlay *o = overlay_of(a, bv);
	long long keep = bv->want_id;
	if (!keep && o && o->sel < bv->n)
		keep = bv->v[o->sel].id;
	bv->want_id = 0;
	vocab_entries_free(bv->v, bv->n);
	bv->v = NULL;
	bv->n = 0;
	if (!a->st) {
		app_message(a, false, "no library: the book is empty");
	} else if (store_vocab_list(a->st, book_of(a)->order, bv->filter,
				    &bv->v, &bv->n) != 0) {
		app_message(a, false, "cannot read the vocabulary book: %s",
			    store_error(a->st));
		bv->v = NULL;
		bv->n = 0;
	}
	size_t sel = 0;
	if (o && o->sel < bv->n)
		sel = o->sel;
	for (size_t i = 0; i < bv->n; i++)
		if (bv->v[i].id == keep)
			sel = i;
	if (sel >= bv->n)
		sel = bv->n ? bv->n - 1 : 0;
	if (o)
		o->sel = sel;
	/* Column widths from the entries shown, so they do not jump while
	 * scrolling. */
	bv->term_cols = bv->gloss_cols = 4;
	for (size_t i = 0; i < bv->n; i++) {
		int tw = view_raw_width(a, bv->v[i].term);
		int gw = view_raw_width(a, bv->v[i].gloss);
		if (tw > bv->term_cols)
			bv->term_cols = tw;
		if (gw > bv->gloss_cols)
			bv->gloss_cols = gw;
	}
	a->dirty |= APP_DIRTY_OVERLAY;
}

static void mark_stale(struct app *a, struct book_view *bv)
{
	bv->stale = true;
	a->dirty |= APP_DIRTY_OVERLAY;
}

/* The selected entry, or NULL. */
static struct vocab_entry *selected(struct app *a, struct book_view *bv,
				    struct app_overlay *o)
{
	refresh(a, bv);
	return o->sel < bv->n ? &bv->v[o->sel] : NULL;
}

/* The sentence of e shown (and opened by Enter). */
static size_t shown_context(struct book_view *bv, const struct vocab_entry *e)
{
	if (bv->ctx_id != e->id) {
		bv->ctx_id = e->id;
		bv->ctx = 0;
	}
	if (bv->ctx >= e->n_contexts)
		bv->ctx = e->n_contexts ? e->n_contexts - 1 : 0;
	return bv->ctx;
}

static const char *book_title(struct app *a, void *state)
{
	struct book_view *bv = state;
	refresh(a, bv);
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

static size_t book_count(struct app *a, void *state)
{
	struct book_view *bv = state;
	refresh(a, bv);
	return bv->n;
}

static void book_line(struct app *a, void *state, size_t i,
		      struct overlay_line *out)
{
	struct book_view *bv = state;
	refresh(a, bv);
	out->text = i < bv->n ? bv->v[i].term : "";
	out->attr = 0;
}

/* ---- the overlay: drawing ---------------------------------------------------- */

/* The keys that matter in the book; more contexts to step through when
 * the selected entry has several sentences. */
static void draw_hints(struct app *a, struct canvas *c, int y, bool any,
		       bool several)
{
	char buf[512] = "";
	int cols = c->w - 2;
#define HINT(name, name2, what)                                               \
	view_hint(a, KEYS_BOOK, buf, sizeof buf, cols, name, name2, what)
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
static size_t term_spans(const char *term, const char *s,
			 struct term_span **spans)
{
	struct term t = {(char *)term, (char *)no_gloss, 0, 0};
	return glossary_find(&t, 1, s, spans);
}

/* The sanitised text of raw, starting a little before the first place
 * term occurs in it ("… " and about before columns of what precedes it,
 * from a space) when it occurs further in: a long sentence still shows
 * the term. New string. */
static char *excerpt(const struct app *a, const char *raw, const char *term,
		     int before)
{
	char *s = text_sanitize(raw);
	struct term_span *sp = NULL;
	size_t n = term_spans(term, s, &sp);
	size_t off = n ? sp[0].off : 0;
	free(sp);
	if (!n || text_width(s, off, &a->metrics) <= before)
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
		w += text_char_width(uc, &a->metrics);
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
static void draw_row(struct app *a, struct book_view *bv, struct canvas *c,
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
	char *en = excerpt(a, e->n_contexts ? e->contexts[0].en : "",
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
static void draw_detail(struct app *a, struct book_view *bv,
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
	size_t k = shown_context(bv, e);
	const struct vocab_context *ctx = &e->contexts[k];
	/* The source goes on the last row; the sentences share the rest. */
	int avail = end - 1 - y;
	unsigned emph = VIEW_ATTR(OVERLAY_BOLD | OVERLAY_UNDERLINE, VIEW_C_TERM);
	for (int lang = 0; lang < 2 && avail > 0; lang++) {
		char *s = excerpt(a, lang ? ctx->zh : ctx->en, e->term,
				  lang ? w / 2 : w);
		struct term_span *sp = NULL;
		size_t n = term_spans(e->term, s, &sp);
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

static void book_draw(struct app *a, void *state, struct canvas *c)
{
	struct book_view *bv = state;
	struct app_overlay *o = overlay_of(a, bv);
	refresh(a, bv);
	if (!o || c->h < 2 || c->w < 10)
		return;
	bool top = app_overlay_top(a) == o;
	int h = c->h - (top ? 1 : 0); /* the last row: key hints */
	if (top)
		draw_hints(a, c, c->h - 1, bv->n > 0,
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
		draw_row(a, bv, c, r, &bv->v[i], i == o->sel);
	}
	if (!detail)
		return;
	const char *rule = a->metrics.ambiguous_wide ? "-" : "─";
	for (int x = 0; x < c->w; x++)
		view_text(c, a, list, x, 1, rule, strlen(rule),
			  VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM));
	draw_detail(a, bv, c, list + 1, detail, &bv->v[o->sel]);
}

/* ---- the overlay: opening an entry ----------------------------------------------- */

/* The segment of ep holding the context: the one playing at its time,
 * unless another has exactly its sentence (the episode was replaced
 * with other timings). */
static size_t context_segment(const struct episode *ep,
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

static void book_activate(struct app *a, void *state, size_t sel)
{
	struct book_view *bv = state;
	refresh(a, bv);
	if (sel >= bv->n)
		return;
	const struct vocab_entry *e = &bv->v[sel];
	if (!e->n_contexts) {
		app_message(a, false, "\u201c%s\u201d has no sentence to go to",
			    e->term);
		return;
	}
	const struct vocab_context *c = &e->contexts[shown_context(bv, e)];
	if (!c->episode_id) {
		app_message(a, false, "the episode \u201c%s\u201d is no longer "
			    "in the library", c->title);
		return;
	}
	struct episode *ep = NULL;
	if (!a->st || store_episode_load(a->st, c->episode_id, &ep) != 0) {
		app_message(a, false, "cannot open the episode: %s",
			    a->st ? store_error(a->st) : "no library");
		return;
	}
	if (!ep->n_segments) {
		episode_free(ep);
		app_message(a, false, "the episode has no sentences");
		return;
	}
	size_t seg = context_segment(ep, c);
	long long id = c->episode_id;
	char *term = xstrdup(e->term);
	/* The book and whatever is open over the panes close: the sentence
	 * is what the learner asked to see. */
	while (a->n_overlays)
		app_overlay_pop(a); /* frees bv, e and c */
	app_open(a, ep, id, (long)seg, ep->segments[seg].start);
	if (app_has_audio(a))
		app_cmd_replay(a); /* plays the sentence from its start */
	app_message(a, false, "\u201c%s\u201d: sentence %zu", term, seg + 1);
	free(term);
}

static void book_view_free(void *state)
{
	struct book_view *bv = state;
	vocab_entries_free(bv->v, bv->n);
	free(bv->filter);
	free(bv->filter_before);
	free(bv);
}

const struct overlay_ops book_overlay = {
	.name = "book",
	.context = KEYS_BOOK,
	.selectable = true,
	.title = book_title,
	.count = book_count,
	.line = book_line,
	.activate = book_activate,
	.free = book_view_free,
	.draw = book_draw,
};

/* ---- commands ----------------------------------------------------------------- */

void book_cmd_open(struct app *a)
{
	/* v closes the book it opened. */
	if (top_view(a, NULL)) {
		app_overlay_pop(a);
		return;
	}
	struct book_view *bv = xcalloc(1, sizeof *bv);
	bv->filter = xstrdup("");
	bv->stale = true;
	bv->fmt = EXPORT_CSV;
	/* Another reader may have saved words since: marks too. */
	book_marks_reload(a);
	app_overlay_push(a, &book_overlay, bv);
}

void book_cmd_sort(struct app *a)
{
	struct book_view *bv = top_view(a, NULL);
	if (!bv)
		return;
	struct book *b = book_of(a);
	b->order = b->order == STORE_VOCAB_BY_DATE ? STORE_VOCAB_BY_TERM
						   : STORE_VOCAB_BY_DATE;
	mark_stale(a, bv);
	app_message(a, false, "sorted %s", b->order == STORE_VOCAB_BY_TERM
						   ? "alphabetically"
						   : "by date, newest first");
}

static void filter_changed(struct app *a, void *ctx, const char *text)
{
	struct book_view *bv = ctx;
	free(bv->filter);
	bv->filter = xstrdup(text ? text : "");
	/* Re-read lazily: a paste is many keys but one frame. */
	mark_stale(a, bv);
}

static void filter_done(struct app *a, void *ctx, const char *text)
{
	struct book_view *bv = ctx;
	if (!text && bv->filter_before) {
		free(bv->filter);
		bv->filter = bv->filter_before;
		bv->filter_before = NULL;
	} else {
		filter_changed(a, ctx, text);
	}
	free(bv->filter_before);
	bv->filter_before = NULL;
	mark_stale(a, bv);
}

void book_cmd_filter(struct app *a)
{
	struct book_view *bv = top_view(a, NULL);
	if (!bv)
		return;
	free(bv->filter_before);
	bv->filter_before = xstrdup(bv->filter);
	prompt_open(a, "Filter", bv->filter, filter_changed, filter_done, bv);
}

/* Gloss and note editing: which field, for the one callback. */
static void edit_done(struct app *a, struct book_view *bv, const char *text,
		      bool note)
{
	struct app_overlay *o = overlay_of(a, bv);
	struct vocab_entry *e = o ? selected(a, bv, o) : NULL;
	if (!text || !e)
		return;
	char *t = library_clean_text(text);
	if (store_vocab_update(a->st, e->id, note ? NULL : t,
			       note ? t : NULL) != 0)
		app_message(a, false, "cannot save the %s: %s",
			    note ? "note" : "gloss", store_error(a->st));
	else
		app_message(a, false, "%s of \u201c%s\u201d saved",
			    note ? "note" : "gloss", e->term);
	free(t);
	bv->want_id = e->id;
	mark_stale(a, bv);
}

static void gloss_done(struct app *a, void *ctx, const char *text)
{
	edit_done(a, ctx, text, false);
}

static void note_done(struct app *a, void *ctx, const char *text)
{
	edit_done(a, ctx, text, true);
}

static void edit(struct app *a, bool note)
{
	struct app_overlay *o;
	struct book_view *bv = top_view(a, &o);
	struct vocab_entry *e = bv ? selected(a, bv, o) : NULL;
	if (!e)
		return;
	prompt_open(a, note ? "Note" : "Gloss", note ? e->note : e->gloss,
		    NULL, note ? note_done : gloss_done, bv);
}

void book_cmd_edit_gloss(struct app *a) { edit(a, false); }
void book_cmd_edit_note(struct app *a) { edit(a, true); }

void book_cmd_delete(struct app *a)
{
	struct app_overlay *o;
	struct book_view *bv = top_view(a, &o);
	struct vocab_entry *e = bv ? selected(a, bv, o) : NULL;
	if (!e)
		return;
	if (store_vocab_remove(a->st, e->id) != 0) {
		app_message(a, false, "cannot delete \u201c%s\u201d: %s",
			    e->term, store_error(a->st));
		return;
	}
	/* Keep it whole (contexts and dates) for the undo. */
	struct book *b = book_of(a);
	vocab_entry_clear(&b->deleted);
	b->deleted = *e;
	memmove(e, e + 1, (bv->n - o->sel - 1) * sizeof *e);
	bv->n--;
	char u[32] = "u";
	int key = keys_key_for(&a->cfg->keys, KEYS_BOOK,
			       command_find("book-undo"));
	if (key >= 0)
		keys_label(key, u, sizeof u);
	app_message(a, false, "deleted \u201c%s\u201d (%s undoes)",
		    b->deleted.term, u);
	mark_stale(a, bv);
	book_marks_reload(a);
}

void book_cmd_undo(struct app *a)
{
	struct book_view *bv = top_view(a, NULL);
	struct book *b = book_of(a);
	if (!bv)
		return;
	if (!b->deleted.id) {
		app_message(a, false, "nothing to undo");
		return;
	}
	if (store_vocab_restore(a->st, &b->deleted) != 0) {
		app_message(a, false, "cannot restore \u201c%s\u201d: %s",
			    b->deleted.term, store_error(a->st));
		return;
	}
	app_message(a, false, "restored \u201c%s\u201d", b->deleted.term);
	bv->want_id = b->deleted.id;
	vocab_entry_clear(&b->deleted);
	mark_stale(a, bv);
	book_marks_reload(a);
}

static void context_step(struct app *a, int dir)
{
	struct app_overlay *o;
	struct book_view *bv = top_view(a, &o);
	struct vocab_entry *e = bv ? selected(a, bv, o) : NULL;
	if (!e || e->n_contexts < 2)
		return;
	size_t k = shown_context(bv, e);
	if (dir < 0 && k > 0)
		bv->ctx = k - 1;
	else if (dir > 0 && k + 1 < e->n_contexts)
		bv->ctx = k + 1;
	a->dirty |= APP_DIRTY_OVERLAY;
}

void book_cmd_prev_context(struct app *a) { context_step(a, -1); }
void book_cmd_next_context(struct app *a) { context_step(a, 1); }

/* ---- export ---------------------------------------------------------------- */

/* path with a leading "~/" made $HOME's. New string. */
static char *expand_home(const char *path)
{
	const char *home = getenv("HOME");
	if (path[0] == '~' && (path[1] == '/' || !path[1]) && home && *home)
		return xasprintf("%s%s", home, path + 1);
	return xstrdup(path);
}

static void path_done(struct app *a, void *ctx, const char *text)
{
	struct book_view *bv = ctx;
	if (!text)
		return;
	char *t = library_clean_text(text);
	if (!t || !*t) {
		app_message(a, false, "export cancelled: no file name");
		free(t);
		return;
	}
	char *path = expand_home(t);
	free(t);
	refresh(a, bv);
	char err[512];
	if (library_export_file(a->st, path, bv->fmt, bv->v, bv->n, err,
				sizeof err) != 0)
		app_message(a, false, "export failed: %s", err);
	else
		app_message(a, false, "exported %zu %s%s to %s (%s)", bv->n,
			    bv->n == 1 ? "entry" : "entries",
			    bv->filter[0] ? " (filtered)" : "", path,
			    export_format_name(bv->fmt));
	free(path);
}

static void format_done(struct app *a, void *ctx, const char *text)
{
	struct book_view *bv = ctx;
	if (!text)
		return;
	char *t = library_clean_text(text);
	enum export_format fmt;
	if (export_format_parse(t, &fmt) != 0) {
		app_message(a, false, "unknown format \u201c%s\u201d: one of "
			    EXPORT_FORMAT_NAMES, t);
		prompt_open(a, "Format (" EXPORT_FORMAT_NAMES ")", t, NULL,
			    format_done, bv);
		free(t);
		return;
	}
	free(t);
	bv->fmt = fmt;
	char *def = xasprintf("~/buildspeak-vocab.%s",
			      export_format_extension(fmt));
	prompt_open(a, "Export to", def, NULL, path_done, bv);
	free(def);
}

void book_cmd_export(struct app *a)
{
	struct app_overlay *o;
	struct book_view *bv = top_view(a, &o);
	if (!bv)
		return;
	refresh(a, bv);
	if (!bv->n) {
		app_message(a, false, "nothing to export");
		return;
	}
	prompt_open(a, "Format (" EXPORT_FORMAT_NAMES ")",
		    export_format_name(bv->fmt), NULL, format_done, bv);
}

/* ---- for tests ----------------------------------------------------------------- */

size_t book_shown_count(struct app *a)
{
	for (size_t i = a->n_overlays; i-- > 0;)
		if (a->overlays[i].ops == &book_overlay) {
			struct book_view *bv = a->overlays[i].state;
			refresh(a, bv);
			return bv->n;
		}
	return 0;
}

const char *book_shown_term(struct app *a, size_t i)
{
	for (size_t k = a->n_overlays; k-- > 0;)
		if (a->overlays[k].ops == &book_overlay) {
			struct book_view *bv = a->overlays[k].state;
			refresh(a, bv);
			return i < bv->n ? bv->v[i].term : NULL;
		}
	return NULL;
}
