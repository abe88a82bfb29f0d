/* book_rows: the book's rows model -- the state that outlives an opening
 * (the book as read with store_vocab_rows, its order, the undo), an
 * opening's view of it (sorted, filtered over folded keys, the selection
 * kept), the sentences read as rows come into view and the per-row
 * caches. No drawing and no commands: those are book.c's. */
#include <stdlib.h>
#include <string.h>

#include "book_int.h"
#include "buildspeak/alloc.h"
#include "buildspeak/app.h"
#include "buildspeak/mode.h"
#include "buildspeak/store.h"
#include "buildspeak/text.h"
#include "buildspeak/view.h"
#include "buildspeak/vocab.h"

/* ---- the state that outlives an opening ---------------------------------- */

/* The book's state, made at its first use: nothing read yet. */
void *book_state_new(struct app *a)
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

/* The state, its rows and the undo freed. */
void book_state_free(void *state)
{
	struct book *b = state;
	vocab_entry_clear(&b->deleted);
	book_rows_free(b);
	free(b);
}

/* The book's state (app_mode_state). */
struct book *book_of(struct app *a)
{
	return app_mode_state(a, &book_mode);
}

/* The book changed here (a save, an edit, a delete): the next use reads
 * it again, and an open book is drawn again. */
void book_changed(struct app *a)
{
	book_of(a)->loaded = false;
	if (app_mode_find(a, &book_mode))
		app_mode_dirty(a);
}

/* ---- an opening's view of the rows ----------------------------------------- */

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
		if (store_vocab_rows(st, &b->rows) != 0) {
			app_message(a, false, "cannot read the vocabulary "
				    "book: %s", store_error(st));
			/* Not again on every frame of this opening (a busy
			 * library would stall each), but at the next. */
			b->version = -1;
		}
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

void book_detail_clear(struct book_detail *d)
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
void book_refresh(struct mode_entry *o)
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
void book_need_contexts(struct mode_entry *o, const size_t *rows, size_t n)
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
struct book_ctx *book_ctx_of(struct mode_entry *o, size_t i)
{
	struct book_view *bv = o->data;
	book_need_contexts(o, &i, 1);
	return &bv->ctx[i];
}

/* The selected entry's row (an index into the book's rows), or -1. */
long book_selected_row(struct mode_entry *o)
{
	struct book_view *bv = o->data;
	book_refresh(o);
	return o->sel < bv->n ? (long)bv->v[o->sel] : -1;
}

/* Row i of the book as read. */
const struct store_vocab_row *book_row_at(struct mode_entry *o, long i)
{
	return &book_of(o->app)->rows.v[i];
}

/* The selected entry's term, copied. */
char *book_selected_term(struct app *a)
{
	struct mode_entry *me = app_mode_find(a, &book_mode);
	long i = me ? book_selected_row(me) : -1;
	return i >= 0 ? xstrdup(book_row_at(me, i)->term) : NULL;
}

/* The sentence of row i shown (and opened by Enter): one of its n. */
size_t book_shown_context(struct mode_entry *o, long i, size_t n)
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

/* ---- an opening: made and freed -------------------------------------------- */

/* An opening's view, with its sentences and caches, freed. */
void book_free(struct mode_entry *me)
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

/* A new opening: the filter empty, the rows filtered at the first use. */
int book_init(struct mode_entry *me, void *arg)
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

/* ---- the entries shown, whole ---------------------------------------------- */

static int book_cmp_row_id(const void *key, const void *row)
{
	long long id = *(const long long *)key;
	long long r = ((const struct store_vocab_row *)row)->id;
	return (id > r) - (id < r);
}

/* The entries shown, whole (with their sentences), in their order: what
 * an export writes. The whole book is read in one pass (the list itself
 * holds no sentences) and what the filter hides is dropped. */
int book_shown_entries(struct mode_entry *o, struct vocab_entry **out,
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
