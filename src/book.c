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

/* An entry of the book as read, with what is worked out from it at most
 * once per read of the book (and only when first needed). */
struct book_row {
	int tw, gw;               /* term and gloss widths in columns; -1
				     until measured */
	char *gloss_key, *note_key; /* gloss and note folded for the filter
				     (the term's key is the library's);
				     owned, NULL until the first filter */
};

/* What outlives an opening of the book (app_mode_state). */
struct book {
	/* Undo of the last delete. */
	struct vocab_entry deleted; /* as it was; id 0 when there is none */

	/* The book's order, kept from one opening to the next. */
	enum store_vocab_order order;

	/* The book as read, without its sentences, shared by the openings:
	 * read again only when it changed -- by this reader (loaded false)
	 * or by another process (the library's data_version moved). */
	struct store_vocab_rows rows; /* by id */
	struct book_row *meta;    /* one per row, owned */
	size_t *sorted;           /* rows' indices in the order sorted_by */
	enum store_vocab_order sorted_by;
	bool loaded;              /* rows hold the book as it is */
	bool wide;                /* ambiguous-wide when meta's widths were
				     measured */
	long long version;        /* store_data_version before the read */
	unsigned gen;             /* bumped by each read (never 0) */
};

/* A field of a list row as drawn in max columns (view_line_fit), kept
 * while the column keeps its width: a key that changes the filter redraws
 * every row, and most rows are the same text in the same column. */
struct book_fit {
	char *s;                  /* owned; NULL until drawn */
	size_t len;
	int max;                  /* the columns it was cut to */
	bool wide;                /* ambiguous-wide then */
};

/* An entry's sentences, read when it is first shown in an opening, and
 * its row as drawn. */
struct book_ctx {
	bool loaded;
	struct vocab_context *v;  /* oldest first, owned; n */
	size_t n;
	char *excerpt;            /* the list's sentence, sanitised and cut
				     to excerpt_cols; NULL until drawn */
	int excerpt_cols;
	struct book_fit fit[3];   /* term, gloss and sentence as drawn */
};

/* The selected entry's sentence as the detail draws it, kept while the
 * entry, the sentence and the width stay the same. */
struct book_detail {
	size_t row;               /* index into rows; (size_t)-1: none */
	size_t k;                 /* which sentence */
	int w;                    /* the width it was made for */
	bool wide;                /* ambiguous-wide then */
	char *s[2];               /* English and Chinese excerpts, owned */
	struct term_span *sp[2];  /* the term in each, owned */
	size_t n_sp[2];
	struct text_line *lines[2]; /* each wrapped to w, owned */
	size_t n_lines[2];
};

/* One opening's state (mode_entry.data). */
struct book_view {
	size_t *v;                /* the entries shown: indices into the
				     book's rows, in its order; n */
	size_t n;
	unsigned gen;             /* the read of the book v indexes; 0 none */
	struct book_ctx *ctx;     /* one per row of that read, owned; n_ctx */
	size_t n_ctx;
	struct book_detail detail;
	bool refilter;            /* filter the rows again before use */
	char *filter;             /* what `/` typed, owned; "" for none */
	char *filter_before;      /* the filter when `/` was pressed (Escape
				     puts it back), owned; NULL otherwise */
	long long want_id;        /* after a re-read, select this entry */
	long long ctx_id;         /* the entry ctx belongs to */
	size_t ctx_k;             /* which of its sentences is shown */
	int term_cols, gloss_cols; /* column widths for the shown entries */
	enum export_format fmt;   /* export: the format, between prompts */
	bool apkg;                /* ... or an Anki package (not a text
				     format: its own writer) */
	char title[192];          /* the frame's title, made by book_title */
	char hints[512];          /* the key hints as last drawn */
	unsigned hints_key;       /* what they were made for, + 1; 0 none */
	char *key;                /* the folded filter v was made with
				     (NULL: none), owned: a longer one
				     filters v rather than the whole book */
};

static const char book_no_gloss[] = "";

/* ---- the state that outlives an opening ---------------------------------- */

static void *book_state_new(struct app *a)
{
	(void)a;
	struct book *b = xcalloc(1, sizeof *b);
	b->order = STORE_VOCAB_BY_DATE;
	return b;
}

static void book_rows_free(struct book *b)
{
	for (size_t i = 0; b->meta && i < b->rows.n; i++) {
		free(b->meta[i].gloss_key);
		free(b->meta[i].note_key);
	}
	free(b->meta);
	free(b->sorted);
	b->meta = NULL;
	b->sorted = NULL;
	store_vocab_rows_free(&b->rows);
}

static void book_state_free(void *state)
{
	struct book *b = state;
	vocab_entry_clear(&b->deleted);
	book_rows_free(b);
	free(b);
}

static struct book *book_of(struct app *a)
{
	return app_mode_state(a, &book_mode);
}

/* The book changed here (a save, an edit, a delete): the next use reads
 * it again, and an open book is drawn again. */
static void book_changed(struct app *a)
{
	book_of(a)->loaded = false;
	if (app_mode_find(a, &book_mode))
		app_mode_dirty(a);
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

/* ---- the overlay: entries -------------------------------------------------- */

/* raw's width on the screen: printable ASCII (most terms) without the
 * sanitising copy. */
static int book_width(const struct app *a, const char *raw)
{
	const unsigned char *p = (const unsigned char *)raw;
	for (; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return view_raw_width(a, raw);
	return (int)(p - (const unsigned char *)raw);
}

/* qsort_r's order of row indices: by date, newest first, or A-Z by the
 * folded term (what the library's ORDER BY term_key did), then by id. */
static int book_cmp(const void *x, const void *y, void *ctx)
{
	const struct book *b = ctx;
	const struct store_vocab_row *r = &b->rows.v[*(const size_t *)x];
	const struct store_vocab_row *q = &b->rows.v[*(const size_t *)y];
	if (b->sorted_by == STORE_VOCAB_BY_TERM) {
		int c = strcmp(r->term_key, q->term_key);
		if (c)
			return c;
		return (r->id > q->id) - (r->id < q->id);
	}
	if (r->created != q->created)
		return r->created < q->created ? 1 : -1;
	return (r->id < q->id) - (r->id > q->id);
}

static void book_sort(struct book *b)
{
	size_t n = b->rows.n;
	b->sorted_by = b->order;
	/* Newest first is nearly always the ids backwards (an id is given
	 * when a term is first saved, and an undo puts back both): seen in
	 * one pass, then no sort. */
	bool backwards = b->order == STORE_VOCAB_BY_DATE;
	for (size_t i = 0; i < n; i++) {
		b->sorted[i] = n - 1 - i;
		if (backwards && i && book_cmp(&b->sorted[i - 1], &b->sorted[i],
					       b) > 0)
			backwards = false;
	}
	if (!backwards)
		qsort_r(b->sorted, n, sizeof *b->sorted, book_cmp, b);
}

/* The whole book's entries from the library, without their sentences:
 * one query, read again only when the book changed, so that opening the
 * book again and typing a filter cost no query. */
static void book_load(struct app *a, struct book *b)
{
	struct store *st = app_store(a);
	book_rows_free(b);
	b->loaded = true;
	if (++b->gen == 0)
		b->gen = 1;
	if (!st) {
		app_message(a, false, "no library: the book is empty");
	} else {
		/* Read before the rows: a commit in between reads again. */
		b->version = store_data_version(st);
		if (store_vocab_rows(st, &b->rows) != 0)
			app_message(a, false, "cannot read the vocabulary "
				    "book: %s", store_error(st));
	}
	size_t n = b->rows.n;
	b->meta = xcalloc(n + 1, sizeof *b->meta);
	for (size_t i = 0; i < n; i++)
		b->meta[i].tw = b->meta[i].gw = -1;
	b->sorted = xreallocarray(NULL, n + 1, sizeof *b->sorted);
	book_sort(b);
}

/* Whether row i matches key (folded), as the library's filter does: in
 * the term, the gloss or the note. */
static bool book_matches(struct book *b, size_t i, const char *key)
{
	const struct store_vocab_row *r = &b->rows.v[i];
	struct book_row *m = &b->meta[i];
	if (strstr(r->term_key, key))
		return true;
	if (!m->gloss_key) {
		m->gloss_key = text_fold(r->gloss);
		m->note_key = text_fold(r->note);
	}
	return strstr(m->gloss_key, key) || strstr(m->note_key, key);
}

static void book_ctx_free(struct book_view *bv, size_t n)
{
	for (size_t i = 0; bv->ctx && i < n; i++) {
		struct vocab_entry e = {.contexts = bv->ctx[i].v,
					.n_contexts = bv->ctx[i].n};
		vocab_entry_clear(&e);
		free(bv->ctx[i].excerpt);
		for (int f = 0; f < 3; f++)
			free(bv->ctx[i].fit[f].s);
	}
	free(bv->ctx);
	bv->ctx = NULL;
}

static void book_detail_clear(struct book_detail *d)
{
	for (int l = 0; l < 2; l++) {
		free(d->s[l]);
		free(d->sp[l]);
		free(d->lines[l]);
	}
	memset(d, 0, sizeof *d);
	d->row = (size_t)-1;
}

/* Re-reads the entries when the book changed and filters them again when
 * the filter or the order changed, keeping the selection on the same
 * entry where it is still shown. */
static void book_refresh(struct mode_entry *o)
{
	struct book_view *bv = o->data;
	struct app *a = o->app;
	struct book *b = book_of(a);
	bool wide = app_metrics(a)->ambiguous_wide;
	if (b->loaded && bv->gen == b->gen && b->sorted_by == b->order &&
	    b->wide == wide && !bv->refilter)
		return;
	/* The selected entry, while v still indexes the rows it was
	 * filtered from. */
	long long keep = bv->want_id;
	if (!keep && o->sel < bv->n && bv->gen == b->gen)
		keep = b->rows.v[bv->v[o->sel]].id;
	bv->want_id = 0;
	if (!b->loaded)
		book_load(a, b);
	bool same_read = bv->gen == b->gen;
	if (!same_read) {
		/* A new read: the sentences are read again as shown. */
		size_t old = bv->ctx ? bv->n_ctx : 0;
		book_ctx_free(bv, old);
		bv->ctx = xcalloc(b->rows.n + 1, sizeof *bv->ctx);
		bv->n_ctx = b->rows.n;
		book_detail_clear(&bv->detail);
		bv->gen = b->gen;
	}
	/* Typing on narrows the filter: what the longer key matches is
	 * among what the shorter one did, in the same order. */
	char *key = bv->filter[0] ? text_fold(bv->filter) : NULL;
	bool narrow = key && bv->key && same_read &&
		      b->sorted_by == b->order && b->wide == wide &&
		      strstr(key, bv->key);
	if (b->sorted_by != b->order)
		book_sort(b);
	if (b->wide != wide) {
		for (size_t i = 0; i < b->rows.n; i++)
			b->meta[i].tw = b->meta[i].gw = -1;
		b->wide = wide;
	}
	bv->refilter = false;
	const size_t *from = narrow ? bv->v : b->sorted;
	size_t n_from = narrow ? bv->n : b->rows.n;
	if (!narrow)
		bv->v = xreallocarray(bv->v, b->rows.n + 1, sizeof *bv->v);
	bv->n = 0;
	/* Column widths from the entries shown, so they do not jump while
	 * scrolling; each entry measured once a read. */
	bv->term_cols = bv->gloss_cols = 4;
	size_t found = (size_t)-1;
	for (size_t k = 0; k < n_from; k++) {
		size_t i = from[k]; /* from may be v: written at n <= k */
		if (key && !book_matches(b, i, key))
			continue;
		struct book_row *m = &b->meta[i];
		if (m->tw < 0) {
			m->tw = book_width(a, b->rows.v[i].term);
			m->gw = book_width(a, b->rows.v[i].gloss);
		}
		if (m->tw > bv->term_cols)
			bv->term_cols = m->tw;
		if (m->gw > bv->gloss_cols)
			bv->gloss_cols = m->gw;
		if (keep && b->rows.v[i].id == keep)
			found = bv->n;
		bv->v[bv->n++] = i;
	}
	free(bv->key);
	bv->key = key;
	size_t sel = o->sel < bv->n ? o->sel : 0;
	if (found != (size_t)-1)
		sel = found;
	if (sel >= bv->n)
		sel = bv->n ? bv->n - 1 : 0;
	o->sel = sel;
	app_mode_dirty(a);
}

/* The sentences of rows[0..n) (indices into the book's rows) that this
 * opening has not read yet, in one query. */
static void book_need_contexts(struct mode_entry *o, const size_t *rows,
			       size_t n)
{
	struct book_view *bv = o->data;
	struct app *a = o->app;
	struct book *b = book_of(a);
	long long *ids = xreallocarray(NULL, n + 1, sizeof *ids);
	size_t *which = xreallocarray(NULL, n + 1, sizeof *which);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		struct book_ctx *c = &bv->ctx[rows[i]];
		if (c->loaded)
			continue;
		c->loaded = true; /* once, even if the read fails */
		ids[k] = b->rows.v[rows[i]].id;
		which[k++] = rows[i];
	}
	if (k && app_store(a)) {
		struct vocab_context **v = xcalloc(k, sizeof *v);
		size_t *cnt = xcalloc(k, sizeof *cnt);
		if (store_vocab_contexts(app_store(a), ids, k, v, cnt) != 0)
			app_message(a, false, "cannot read the sentences: %s",
				    store_error(app_store(a)));
		for (size_t i = 0; i < k; i++) {
			bv->ctx[which[i]].v = v[i];
			bv->ctx[which[i]].n = cnt[i];
		}
		free(v);
		free(cnt);
	}
	free(ids);
	free(which);
}

/* Row i's sentences, read now if not yet. */
static struct book_ctx *book_ctx_of(struct mode_entry *o, size_t i)
{
	struct book_view *bv = o->data;
	book_need_contexts(o, &i, 1);
	return &bv->ctx[i];
}

/* The selected entry's row (an index into the book's rows), or -1. */
static long book_selected_row(struct mode_entry *o)
{
	struct book_view *bv = o->data;
	book_refresh(o);
	return o->sel < bv->n ? (long)bv->v[o->sel] : -1;
}

static const struct store_vocab_row *book_row_at(struct mode_entry *o,
						 long i)
{
	return &book_of(o->app)->rows.v[i];
}

char *book_selected_term(struct app *a)
{
	struct mode_entry *me = app_mode_find(a, &book_mode);
	long i = me ? book_selected_row(me) : -1;
	return i >= 0 ? xstrdup(book_row_at(me, i)->term) : NULL;
}

/* The sentence of row i shown (and opened by Enter): one of its n. */
static size_t book_shown_context(struct mode_entry *o, long i, size_t n)
{
	struct book_view *bv = o->data;
	long long id = book_row_at(o, i)->id;
	if (bv->ctx_id != id) {
		bv->ctx_id = id;
		bv->ctx_k = 0;
	}
	if (bv->ctx_k >= n)
		bv->ctx_k = n ? n - 1 : 0;
	return bv->ctx_k;
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
	app_mode_close_all(a); /* frees the opening's sentences: c */
	app_open(a, ep, id, (long)seg, ep->segments[seg].start);
	if (app_has_audio(a))
		app_cmd_replay(a); /* plays the sentence from its start */
	app_message(a, false, "\u201c%s\u201d: sentence %zu", term, seg + 1);
	free(term);
}

static void book_free(struct mode_entry *me)
{
	struct book_view *bv = me->data;
	book_ctx_free(bv, bv->n_ctx);
	book_detail_clear(&bv->detail);
	free(bv->v);
	free(bv->filter);
	free(bv->filter_before);
	free(bv->key);
	free(bv);
}

static int book_init(struct mode_entry *me, void *arg)
{
	(void)arg;
	struct app *a = me->app;
	struct book *b = book_of(a);
	/* What was read at an earlier opening still holds unless another
	 * process has written to the library since: one PRAGMA instead of
	 * reading the book. */
	if (b->loaded && app_store(a) &&
	    store_data_version(app_store(a)) != b->version)
		b->loaded = false;
	struct book_view *bv = xcalloc(1, sizeof *bv);
	bv->filter = xstrdup("");
	bv->refilter = true;
	bv->fmt = EXPORT_CSV;
	bv->detail.row = (size_t)-1;
	me->data = bv;
	return 0;
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

/* ---- export ---------------------------------------------------------------- */

/* path with a leading "~/" made $HOME's. New string. */
static char *book_expand_home(const char *path)
{
	const char *home = getenv("HOME");
	if (path[0] == '~' && (path[1] == '/' || !path[1]) && home && *home)
		return xasprintf("%s%s", home, path + 1);
	return xstrdup(path);
}

static int book_cmp_row_id(const void *key, const void *row)
{
	long long id = *(const long long *)key;
	long long r = ((const struct store_vocab_row *)row)->id;
	return (id > r) - (id < r);
}

/* The entries shown, whole (with their sentences), in their order: what
 * an export writes. The whole book is read in one pass (the list itself
 * holds no sentences) and what the filter hides is dropped. */
static int book_shown_entries(struct mode_entry *o, struct vocab_entry **out,
			      size_t *n)
{
	struct book_view *bv = o->data;
	struct app *a = o->app;
	struct book *b = book_of(a);
	*out = NULL;
	*n = 0;
	book_refresh(o);
	if (!app_store(a) || !bv->n)
		return 0;
	struct vocab_entry *all;
	size_t n_all;
	if (store_vocab_list(app_store(a), b->order, NULL, &all, &n_all) != 0)
		return -1;
	bool *shown = xcalloc(b->rows.n + 1, sizeof *shown);
	for (size_t k = 0; k < bv->n; k++)
		shown[bv->v[k]] = true;
	size_t m = 0;
	for (size_t j = 0; j < n_all; j++) {
		const struct store_vocab_row *r = bsearch(&all[j].id,
			b->rows.v, b->rows.n, sizeof *b->rows.v,
			book_cmp_row_id);
		if (r && shown[r - b->rows.v])
			all[m++] = all[j];
		else
			vocab_entry_clear(&all[j]);
	}
	free(shown);
	*out = all;
	*n = m;
	return 0;
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

static void book_export_apkg(struct mode_entry *me, const char *path,
			     const struct vocab_entry *v, size_t n)
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
		    n, path);
	app_busy(a);
	int rc = apkg_export(path, app_store(a), v, n, &opt, &rep, err,
			     sizeof err);
	if (rc == 1) {
		app_message(a, false, "export cancelled: nothing written");
	} else if (rc != 0) {
		app_message(a, false, "export failed: %s", err);
	} else {
		char *what = apkg_report_text(&rep);
		app_message(a, false, "exported %zu %s%s to %s (apkg): %s",
			    n, n == 1 ? "entry" : "entries",
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
	struct vocab_entry *v;
	size_t n;
	if (book_shown_entries(me, &v, &n) != 0) {
		app_message(a, false, "export failed: %s",
			    store_error(app_store(a)));
		free(path);
		return;
	}
	if (bv->apkg) {
		book_export_apkg(me, path, v, n);
		vocab_entries_free(v, n);
		free(path);
		return;
	}
	char err[512];
	if (library_export_file(app_store(a), path, bv->fmt, v, n, NULL, err,
				sizeof err) != 0)
		app_message(a, false, "export failed: %s", err);
	else
		app_message(a, false, "exported %zu %s%s to %s (%s)", n,
			    n == 1 ? "entry" : "entries",
			    bv->filter[0] ? " (filtered)" : "", path,
			    export_format_name(bv->fmt));
	vocab_entries_free(v, n);
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
	return i < bv->n ? book_row_at(me, (long)bv->v[i])->term : NULL;
}
