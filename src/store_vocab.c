/* store_vocab: the vocabulary book -- entries and the sentences they
 * were saved from. */
#include "store_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buildspeak/alloc.h"
#include "buildspeak/text.h"

/* ---- vocabulary book ---------------------------------------------------------- */

/* Checks a user-supplied string before it reaches the book. */
static int store_check_text(struct store *st, const char *what, const char *s)
{
	size_t bad = 0;
	if (s && !text_valid(s, strlen(s), &bad))
		return store_fail(st, STORE_ERR_OTHER,
				  "%s: invalid UTF-8 at byte %zu", what,
				  bad);
	return 0;
}

static int store_check_entry(struct store *st, const struct vocab_entry *e)
{
	if (!e->term || !*e->term)
		return store_fail(st, STORE_ERR_OTHER, "empty term");
	if (store_check_text(st, "term", e->term) ||
	    store_check_text(st, "gloss", e->gloss) ||
	    store_check_text(st, "note", e->note))
		return -1;
	for (size_t i = 0; i < e->n_contexts; i++) {
		const struct vocab_context *c = &e->contexts[i];
		if (store_check_text(st, "sentence", c->en) ||
		    store_check_text(st, "translation", c->zh) ||
		    store_check_text(st, "title", c->title) ||
		    store_check_text(st, "podcast", c->podcast) ||
		    store_check_text(st, "date", c->date) ||
		    store_check_text(st, "source URL", c->source_url))
			return -1;
	}
	return 0;
}

/* Inserts the contexts of e under entry id, skipping a sentence the entry
 * already has. An episode_id that is no longer in the library is stored as
 * NULL (the context keeps its copied metadata), never a failure. */
static int store_vocab_insert_contexts(struct store *st, long long id,
				 const struct vocab_entry *e, time_t now)
{
	if (e->n_contexts == 0)
		return 0;
	sqlite3_stmt *stmt = store_prepare(st,
		"INSERT INTO vocab_context (vocab_id, en, zh, episode_id, title, "
		"podcast, date, source_url, at, saved) VALUES (?1, ?2, ?3, "
		"(SELECT id FROM episodes WHERE id = ?4), ?5, ?6, ?7, ?8, ?9, ?10) "
		"ON CONFLICT (vocab_id, en) DO NOTHING");
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	for (size_t i = 0; i < e->n_contexts; i++) {
		const struct vocab_context *c = &e->contexts[i];
		store_bind_text(stmt, 2, c->en);
		store_bind_text(stmt, 3, c->zh);
		sqlite3_bind_int64(stmt, 4, c->episode_id);
		store_bind_text(stmt, 5, c->title);
		store_bind_text(stmt, 6, c->podcast);
		store_bind_text(stmt, 7, c->date);
		store_bind_text(stmt, 8, c->source_url);
		sqlite3_bind_double(stmt, 9, isfinite(c->at) && c->at > 0
				    ? c->at : 0);
		sqlite3_bind_int64(stmt, 10, (sqlite3_int64)(c->saved ? c->saved
							     : now));
		if (store_step_done(st, stmt, "saving the context") != 0) {
			sqlite3_finalize(stmt);
			return -1;
		}
	}
	sqlite3_finalize(stmt);
	return 0;
}

/* The entry id for the folded key, 0 if none, -1 on error. */
static long long store_vocab_id_by_key(struct store *st, const char *key)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT id FROM vocab WHERE term_key = ?1");
	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, key);
	return store_step_id(st, stmt, "looking up the term");
}

/* The start of a write of entry e: checks it, sets *key to its folded
 * term (new string) and begins a transaction. Returns the id of the entry
 * already under that key, or 0; on failure -1, with *key NULL and no
 * transaction open. */
static long long store_vocab_begin(struct store *st,
				   const struct vocab_entry *e, char **key)
{
	*key = NULL;
	if (store_check_entry(st, e) != 0 || store_begin(st) != 0)
		return -1;
	*key = text_fold(e->term);
	long long id = store_vocab_id_by_key(st, *key);
	if (id < 0) {
		store_rollback(st);
		free(*key);
		*key = NULL;
	}
	return id;
}

int store_vocab_add(struct store *st, struct vocab_entry *e, bool *existed)
{
	char *key;
	long long id = store_vocab_begin(st, e, &key);
	if (id < 0)
		return -1;
	time_t now = time(NULL);
	sqlite3_stmt *stmt = NULL;
	bool found = id > 0;
	if (found) {
		stmt = store_prepare(st,
			"UPDATE vocab SET "
			"gloss = CASE WHEN gloss = '' THEN ?2 ELSE gloss END, "
			"note = CASE WHEN note = '' THEN ?3 ELSE note END, "
			"updated = ?4 WHERE id = ?1");
		if (!stmt)
			goto fail;
		sqlite3_bind_int64(stmt, 1, id);
	} else {
		stmt = store_prepare(st,
			"INSERT INTO vocab (gloss, note, updated, term, term_key, "
			"created) VALUES (?2, ?3, ?4, ?5, ?6, ?7)");
		if (!stmt)
			goto fail;
		store_bind_text(stmt, 5, e->term);
		store_bind_text(stmt, 6, key);
		sqlite3_bind_int64(stmt, 7, (sqlite3_int64)(e->created
							     ? e->created : now));
	}
	store_bind_text(stmt, 2, e->gloss);
	store_bind_text(stmt, 3, e->note);
	sqlite3_bind_int64(stmt, 4, (sqlite3_int64)now);
	if (store_step_done(st, stmt, "saving the term") != 0)
		goto fail;
	if (!found)
		id = sqlite3_last_insert_rowid(st->db);
	if (store_vocab_insert_contexts(st, id, e, now) != 0 ||
	    store_commit(st) != 0)
		goto fail;
	sqlite3_finalize(stmt);
	free(key);
	e->id = id;
	if (!found && !e->created)
		e->created = now;
	if (existed)
		*existed = found;
	return 0;
fail:
	sqlite3_finalize(stmt);
	store_rollback(st);
	free(key);
	return -1;
}

/* Reads one context row (en, zh, episode_id, title, podcast, date,
 * source_url, at, saved) into c. */
static void store_vocab_read_context(sqlite3_stmt *stmt,
				     struct vocab_context *c)
{
	c->en = store_col_str(stmt, 0);
	c->zh = store_col_str(stmt, 1);
	c->episode_id = sqlite3_column_int64(stmt, 2); /* NULL -> 0 */
	c->title = store_col_str(stmt, 3);
	c->podcast = store_col_str(stmt, 4);
	c->date = store_col_str(stmt, 5);
	c->source_url = store_col_str(stmt, 6);
	c->at = sqlite3_column_double(stmt, 7);
	c->saved = (time_t)sqlite3_column_int64(stmt, 8);
}

/* Fills e's contexts (oldest first) with a prepared, reusable statement
 * whose ?1 is the entry id. */
static int store_vocab_load_contexts(struct store *st, sqlite3_stmt *stmt,
			 struct vocab_entry *e)
{
	size_t cap = 0;
	int rc;
	sqlite3_bind_int64(stmt, 1, e->id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		e->contexts = xgrowarray(e->contexts, &cap, e->n_contexts + 1,
			sizeof *e->contexts);
		store_vocab_read_context(stmt, &e->contexts[e->n_contexts++]);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail_db(st, "loading the contexts");
	return 0;
}

enum { STORE_VOCAB_FEW = 16 };

static const char store_vocab_context_sql[] =
	"SELECT en, zh, episode_id, title, podcast, date, source_url, at, "
	"saved FROM vocab_context WHERE vocab_id = ?1 ORDER BY saved, id";

/* The entry of v (sorted by id: by[], len of them) with id, or NULL. */
static struct vocab_entry *store_vocab_by_id(struct vocab_entry **by,
					     size_t len, long long id)
{
	size_t lo = 0, hi = len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (by[mid]->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < len && by[lo]->id == id ? by[lo] : NULL;
}

static int store_vocab_cmp_id(const void *x, const void *y)
{
	long long a = (*(struct vocab_entry *const *)x)->id;
	long long b = (*(struct vocab_entry *const *)y)->id;
	return (a > b) - (a < b);
}

/* Fills the contexts of v's len entries from one query over all the
 * contexts, in place of one query per entry: a whole book loads in two
 * statements. */
static int store_vocab_load_all_contexts(struct store *st,
					 struct vocab_entry *v, size_t len)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT en, zh, episode_id, title, podcast, date, source_url, "
		"at, saved, vocab_id FROM vocab_context ORDER BY id");
	if (!stmt)
		return -1;
	struct vocab_entry **by = xreallocarray(NULL, len, sizeof *by);
	size_t *caps = xcalloc(len, sizeof *caps);
	for (size_t i = 0; i < len; i++)
		by[i] = &v[i];
	qsort(by, len, sizeof *by, store_vocab_cmp_id);
	struct vocab_entry *e = NULL;
	long long at_id = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(stmt, 9);
		if (!e || id != at_id) {
			at_id = id;
			e = store_vocab_by_id(by, len, id);
		}
		if (!e)
			continue; /* an entry not asked for */
		size_t *cap = &caps[e - v];
		e->contexts = xgrowarray(e->contexts, cap, e->n_contexts + 1,
					 sizeof *e->contexts);
		store_vocab_read_context(stmt, &e->contexts[e->n_contexts++]);
	}
	free(by);
	free(caps);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail_db(st, "loading the contexts");
	/* Read in id order (SQLite sorting whole rows of sentences cost more
	 * than the rest of the load); each entry's few into (saved, id)
	 * order by a stable insertion sort, usually a no-op. */
	for (size_t i = 0; i < len; i++) {
		struct vocab_context *c = v[i].contexts;
		for (size_t j = 1; j < v[i].n_contexts; j++) {
			struct vocab_context t = c[j];
			size_t k = j;
			for (; k > 0 && c[k - 1].saved > t.saved; k--)
				c[k] = c[k - 1];
			c[k] = t;
		}
	}
	return 0;
}

/* Reads one vocab row (id, term, gloss, note, created) into e. */
static void store_vocab_read_entry(sqlite3_stmt *stmt, struct vocab_entry *e)
{
	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(stmt, 0);
	e->term = store_col_str(stmt, 1);
	e->gloss = store_col_str(stmt, 2);
	e->note = store_col_str(stmt, 3);
	e->created = (time_t)sqlite3_column_int64(stmt, 4);
}

/* Runs stmt (a query of vocab rows: id, term, gloss, note, created, its
 * parameters bound) and loads each entry with its contexts into *out (n
 * entries), in one read transaction so that the entries and their
 * contexts agree. Finalizes stmt. */
static int store_vocab_load_entries(struct store *st, sqlite3_stmt *stmt,
			const char *what, struct vocab_entry **out, size_t *n)
{
	struct vocab_entry *v = NULL;
	size_t len = 0, cap = 0;
	int rc;
	sqlite3_stmt *ctx = store_prepare(st, store_vocab_context_sql);
	if (!ctx || store_exec(st, "BEGIN", what) != 0)
		goto fail;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xgrowarray(v, &cap, len + 1, sizeof *v);
		store_vocab_read_entry(stmt, &v[len++]);
	}
	if (rc != SQLITE_DONE) {
		store_fail_db(st, what);
		goto fail;
	}
	/* A few entries: a query each by the index; many: one pass over all
	 * the contexts beats a query each. */
	if (len > STORE_VOCAB_FEW) {
		if (store_vocab_load_all_contexts(st, v, len) != 0)
			goto fail;
	} else {
		for (size_t i = 0; i < len; i++)
			if (store_vocab_load_contexts(st, ctx, &v[i]) != 0)
				goto fail;
	}
	store_rollback(st); /* a read: nothing to commit */
	sqlite3_finalize(stmt);
	sqlite3_finalize(ctx);
	*out = v;
	*n = len;
	return 0;
fail:
	store_rollback(st);
	sqlite3_finalize(stmt);
	sqlite3_finalize(ctx);
	vocab_entries_free(v, len);
	return -1;
}

int store_vocab_list(struct store *st, enum store_vocab_order order,
		     const char *filter, struct vocab_entry **out, size_t *n)
{
	if (filter && *filter && store_check_text(st, "filter", filter) != 0)
		return -1;
#define VOCAB_FILTERED \
	"SELECT id, term, gloss, note, created FROM vocab WHERE ?1 IS NULL " \
	"OR instr(term_key, ?1) OR instr(bs_fold(gloss), ?1) " \
	"OR instr(bs_fold(note), ?1) "
	sqlite3_stmt *stmt = store_prepare(st, order == STORE_VOCAB_BY_TERM
		? VOCAB_FILTERED "ORDER BY term_key, id"
		: VOCAB_FILTERED "ORDER BY created DESC, id DESC");
#undef VOCAB_FILTERED
	if (!stmt)
		return -1;
	char *key = filter && *filter ? text_fold(filter) : NULL;
	if (key)
		store_bind_text(stmt, 1, key);
	int rc = store_vocab_load_entries(st, stmt, "listing the book", out, n);
	free(key);
	return rc;
}

/* ---- the book's list: entries first, sentences for those shown ---------- */

int store_vocab_rows(struct store *st, struct store_vocab_rows *out)
{
	memset(out, 0, sizeof *out);
	/* By id, the table's own order: no sort here, the book orders its
	 * indices itself and can change order without reading again. */
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT id, created, term, term_key, gloss, note FROM vocab "
		"ORDER BY id");
	if (!stmt)
		return -1;
	/* The strings go into one buffer, as offsets until it stops
	 * moving: four allocations for a whole book instead of four an
	 * entry. */
	struct store_vocab_row *v = NULL;
	size_t len = 0, cap = 0, used = 0, tcap = 0;
	size_t (*off)[4] = NULL, ocap = 0;
	char *text = NULL;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xgrowarray(v, &cap, len + 1, sizeof *v);
		off = xgrowarray(off, &ocap, len + 1, sizeof *off);
		v[len].id = sqlite3_column_int64(stmt, 0);
		v[len].created = (time_t)sqlite3_column_int64(stmt, 1);
		for (int k = 0; k < 4; k++) {
			const unsigned char *t = sqlite3_column_text(stmt, 2 + k);
			size_t n = (size_t)sqlite3_column_bytes(stmt, 2 + k);
			text = xgrowarray(text, &tcap, used + n + 1, 1);
			if (n)
				memcpy(text + used, t, n);
			text[used + n] = '\0';
			off[len][k] = used;
			used += n + 1;
		}
		len++;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		free(v);
		free(off);
		free(text);
		return store_fail_db(st, "listing the book");
	}
	for (size_t i = 0; i < len; i++) {
		v[i].term = text + off[i][0];
		v[i].term_key = text + off[i][1];
		v[i].gloss = text + off[i][2];
		v[i].note = text + off[i][3];
	}
	free(off);
	out->v = v;
	out->n = len;
	out->text = text;
	return 0;
}

void store_vocab_rows_free(struct store_vocab_rows *r)
{
	free(r->v);
	free(r->text);
	memset(r, 0, sizeof *r);
}

int store_vocab_contexts(struct store *st, const long long *ids, size_t n,
			 struct vocab_context **ctx, size_t *n_ctx)
{
	for (size_t i = 0; i < n; i++) {
		ctx[i] = NULL;
		n_ctx[i] = 0;
	}
	if (!n)
		return 0;
	sqlite3_stmt *stmt = store_prepare(st, store_vocab_context_sql);
	if (!stmt || store_exec(st, "BEGIN", "loading the contexts") != 0) {
		sqlite3_finalize(stmt);
		return -1;
	}
	size_t i = 0;
	for (; i < n; i++) {
		struct vocab_entry e = {.id = ids[i]};
		if (store_vocab_load_contexts(st, stmt, &e) != 0) {
			vocab_entry_clear(&e);
			break;
		}
		ctx[i] = e.contexts;
		n_ctx[i] = e.n_contexts;
	}
	store_rollback(st); /* a read: nothing to commit */
	sqlite3_finalize(stmt);
	if (i == n)
		return 0;
	for (size_t k = 0; k < i; k++) {
		struct vocab_entry e = {.contexts = ctx[k],
					.n_contexts = n_ctx[k]};
		vocab_entry_clear(&e);
		ctx[k] = NULL;
		n_ctx[k] = 0;
	}
	return -1;
}

int store_vocab_get(struct store *st, long long id, struct vocab_entry *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT id, term, gloss, note, created FROM vocab WHERE id = ?1");
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	struct vocab_entry *v;
	size_t n;
	if (store_vocab_load_entries(st, stmt, "loading the entry", &v,
				     &n) != 0)
		return -1;
	if (n == 0) {
		free(v);
		return store_fail(st, STORE_ERR_NOT_FOUND,
				  "no entry %lld in the book", id);
	}
	*out = v[0];
	free(v);
	return 0;
}

int store_vocab_update(struct store *st, long long id, const char *gloss,
		       const char *note)
{
	if (store_check_text(st, "gloss", gloss) ||
	    store_check_text(st, "note", note))
		return -1;
	sqlite3_stmt *stmt = store_prepare(st,
		"UPDATE vocab SET gloss = coalesce(?2, gloss), "
		"note = coalesce(?3, note), updated = ?4 WHERE id = ?1");
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	if (gloss)
		store_bind_text(stmt, 2, gloss);
	if (note)
		store_bind_text(stmt, 3, note);
	sqlite3_bind_int64(stmt, 4, (sqlite3_int64)time(NULL));
	int rc = store_step_done(st, stmt, "updating the entry");
	sqlite3_finalize(stmt);
	if (rc != 0)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return store_fail(st, STORE_ERR_NOT_FOUND,
				  "no entry %lld in the book", id);
	return 0;
}

int store_vocab_remove(struct store *st, long long id)
{
	int changed = store_write_id(st, "DELETE FROM vocab WHERE id = ?1", id,
				     NULL, "removing the entry");
	if (changed < 0)
		return -1;
	if (changed == 0)
		return store_fail(st, STORE_ERR_NOT_FOUND,
				  "no entry %lld in the book", id);
	return 0;
}

long long store_vocab_find(struct store *st, const char *term)
{
	if (!term || !*term)
		return 0;
	if (store_check_text(st, "term", term) != 0)
		return -1;
	char *key = text_fold(term);
	long long id = store_vocab_id_by_key(st, key);
	free(key);
	return id;
}

int store_vocab_restore(struct store *st, const struct vocab_entry *e)
{
	if (e->id <= 0)
		return store_fail(st, STORE_ERR_OTHER,
				  "restoring an entry that was never stored");
	char *key;
	long long other = store_vocab_begin(st, e, &key);
	if (other < 0)
		return -1;
	time_t now = time(NULL);
	if (other > 0) {
		store_fail(st, STORE_ERR_CONSTRAINT,
			   "\"%s\" is in the book again", e->term);
		goto fail;
	}
	sqlite3_stmt *stmt = store_prepare(st,
		"INSERT INTO vocab (id, term, term_key, gloss, note, created, "
		"updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (!stmt)
		goto fail;
	sqlite3_bind_int64(stmt, 1, e->id);
	store_bind_text(stmt, 2, e->term);
	store_bind_text(stmt, 3, key);
	store_bind_text(stmt, 4, e->gloss);
	store_bind_text(stmt, 5, e->note);
	sqlite3_bind_int64(stmt, 6, (sqlite3_int64)(e->created ? e->created
							      : now));
	sqlite3_bind_int64(stmt, 7, (sqlite3_int64)now);
	int rc = sqlite3_step(stmt);
	int ext = sqlite3_extended_errcode(st->db);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		if (ext == SQLITE_CONSTRAINT_PRIMARYKEY)
			store_fail(st, STORE_ERR_CONSTRAINT,
				   "entry %lld is already in the book",
				   e->id);
		else
			store_fail_db(st, "restoring the entry");
		goto fail;
	}
	if (store_vocab_insert_contexts(st, e->id, e, now) != 0 ||
	    store_commit(st) != 0)
		goto fail;
	free(key);
	return 0;
fail:
	store_rollback(st);
	free(key);
	return -1;
}

int store_vocab_terms(struct store *st, char ***out, char ***keys, size_t *n)
{
	/* term_key has BINARY collation: the order is strcmp's, so the
	 * caller can search the keys without sorting or folding them. */
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT term, term_key FROM vocab ORDER BY term_key");
	if (!stmt)
		return -1;
	char **v = NULL, **k = NULL;
	size_t len = 0, cap = 0, kcap = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xgrowarray(v, &cap, len + 1, sizeof *v);
		if (keys) {
			k = xgrowarray(k, &kcap, len + 1, sizeof *k);
			k[len] = store_col_str(stmt, 1);
		}
		v[len++] = store_col_str(stmt, 0);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		store_strings_free(v, len);
		store_strings_free(k, keys ? len : 0);
		return store_fail_db(st, "listing the terms");
	}
	*out = v;
	if (keys)
		*keys = k;
	*n = len;
	return 0;
}

void store_strings_free(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

