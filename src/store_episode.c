/* store_episode: episodes (their segments and glossary) and the reading
 * progress in them. */
#include "store_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buildspeak/alloc.h"

/* ---- episodes --------------------------------------------------------------- */

void store_summaries_free(struct episode_summary *v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++) {
		free(v[i].title);
		free(v[i].podcast);
		free(v[i].date);
		free(v[i].source_url);
		free(v[i].audio);
	}
	free(v);
}

long store_episode_count(struct store *st)
{
	return (long)store_query_int(st, "SELECT count(*) FROM episodes");
}

long long store_episode_find(struct store *st, const struct episode *ep)
{
	bool by_url = ep->source_url && *ep->source_url;
	sqlite3_stmt *stmt = store_prepare(st, by_url
		? "SELECT id FROM episodes WHERE source_url = ?1 "
		  "ORDER BY id LIMIT 1"
		: "SELECT id FROM episodes WHERE podcast = ?2 AND date = ?3 "
		  "AND title = ?4 ORDER BY id LIMIT 1");
	if (!stmt)
		return -1;
	if (by_url) {
		store_bind_text(stmt, 1, ep->source_url);
	} else {
		store_bind_text(stmt, 2, ep->podcast);
		store_bind_text(stmt, 3, ep->date);
		store_bind_text(stmt, 4, ep->title);
	}
	return store_step_id(st, stmt, "looking for the episode");
}

/* The statements that store an episode's body in the library: the
 * parameters store_insert_body binds. */
static const char store_segments_insert[] =
	"INSERT INTO segments (episode_id, idx, speaker, start, \"end\", en, zh) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char store_terms_insert[] =
	"INSERT INTO terms (episode_id, idx, term, gloss, count, first_segment) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/* Inserts the segments and the glossary of ep as episode id with seg_sql
 * (?1 id, ?2 index, ?3 speaker, ?4 start, ?5 end, ?6 en, ?7 zh; a NULL
 * text is bound as NULL) and term_sql (?1 id, ?2 index, ?3 term, ?4 gloss,
 * ?5 count, ?6 first segment); a statement may leave parameters unused.
 * One prepared statement per table, reused, is what keeps a 10,000-segment
 * import well under a second. Runs inside the caller's transaction. */
int store_insert_body(struct store *st, const struct episode *ep,
		      long long id, const char *seg_sql, const char *term_sql)
{
	sqlite3_stmt *seg = store_prepare(st, seg_sql);
	if (!seg)
		return -1;
	sqlite3_bind_int64(seg, 1, id);
	for (size_t i = 0; i < ep->n_segments; i++) {
		const struct segment *s = &ep->segments[i];
		sqlite3_bind_int64(seg, 2, (sqlite3_int64)i);
		sqlite3_bind_int(seg, 3, s->speaker);
		sqlite3_bind_double(seg, 4, s->start);
		sqlite3_bind_double(seg, 5, s->end);
		if (s->en)
			store_bind_text(seg, 6, s->en);
		else
			sqlite3_bind_null(seg, 6);
		if (s->zh)
			store_bind_text(seg, 7, s->zh);
		else
			sqlite3_bind_null(seg, 7);
		int rc = sqlite3_step(seg);
		sqlite3_reset(seg);
		if (rc != SQLITE_DONE) {
			char what[32];
			snprintf(what, sizeof what, "segment %zu", i + 1);
			store_fail_db(st, what);
			sqlite3_finalize(seg);
			return -1;
		}
	}
	sqlite3_finalize(seg);

	sqlite3_stmt *term = store_prepare(st, term_sql);
	if (!term)
		return -1;
	sqlite3_bind_int64(term, 1, id);
	for (size_t i = 0; i < ep->n_terms; i++) {
		const struct term *t = &ep->terms[i];
		sqlite3_bind_int64(term, 2, (sqlite3_int64)i);
		store_bind_text(term, 3, t->term);
		store_bind_text(term, 4, t->gloss);
		sqlite3_bind_int(term, 5, t->count);
		sqlite3_bind_int(term, 6, t->first_segment);
		if (store_step_done(st, term, "storing the glossary") != 0) {
			sqlite3_finalize(term);
			return -1;
		}
	}
	sqlite3_finalize(term);
	return 0;
}

/* Binds the metadata columns shared by the INSERT and the UPDATE below:
 * ?2 title .. ?9 duration, ?10 imported_at, ?11 the segment count (which
 * the list reads instead of counting the segments). */
static void store_bind_metadata(sqlite3_stmt *stmt, const struct episode *ep)
{
	store_bind_text(stmt, 2, ep->title);
	store_bind_text(stmt, 3, ep->podcast);
	store_bind_text(stmt, 4, ep->date);
	store_bind_text(stmt, 5, ep->source_url);
	store_bind_text(stmt, 6, ep->audio);
	sqlite3_bind_int(stmt, 7, ep->words);
	sqlite3_bind_int(stmt, 8, ep->reading_minutes);
	sqlite3_bind_double(stmt, 9, ep->duration);
	sqlite3_bind_int64(stmt, 10, (sqlite3_int64)time(NULL));
	sqlite3_bind_int64(stmt, 11, (sqlite3_int64)ep->n_segments);
}

int store_episode_save(struct store *st, struct episode *ep,
		       long long replace_id)
{
	if (!ep->title || !*ep->title)
		return store_fail(st, STORE_ERR_OTHER,
				  "the episode has no title");
	if (store_begin(st) != 0)
		return -1;

	long long id = replace_id;
	sqlite3_stmt *stmt;
	if (replace_id) {
		stmt = store_prepare(st,
			"UPDATE episodes SET title = ?2, podcast = ?3, date = ?4, "
			"source_url = ?5, audio = ?6, words = ?7, "
			"reading_minutes = ?8, duration = ?9, "
			"imported_at = ?10, n_segments = ?11 WHERE id = ?1");
		if (!stmt)
			goto fail;
		sqlite3_bind_int64(stmt, 1, replace_id);
		store_bind_metadata(stmt, ep);
		int rc = store_step_done(st, stmt, "updating the episode");
		sqlite3_finalize(stmt);
		if (rc != 0)
			goto fail;
		if (sqlite3_changes(st->db) != 1) {
			store_fail(st, STORE_ERR_NOT_FOUND, "no episode %lld",
				   replace_id);
			goto fail;
		}
		if (store_write_id(st,
				   "DELETE FROM segments WHERE "
				   "episode_id = ?1",
				   id, NULL, "replacing the segments") < 0 ||
		    store_write_id(st,
				   "DELETE FROM terms WHERE episode_id = ?1",
				   id, NULL, "replacing the glossary") < 0)
			goto fail;
		/* Progress is kept, but must not point past the new end. */
		stmt = store_prepare(st,
			"UPDATE progress SET segment = max(?2 - 1, -1) "
			"WHERE episode_id = ?1 AND segment >= ?2");
		if (!stmt)
			goto fail;
		sqlite3_bind_int64(stmt, 1, id);
		sqlite3_bind_int64(stmt, 2, (sqlite3_int64)ep->n_segments);
		rc = store_step_done(st, stmt, "keeping the progress");
		sqlite3_finalize(stmt);
		if (rc != 0)
			goto fail;
	} else {
		stmt = store_prepare(st,
			"INSERT INTO episodes (title, podcast, date, source_url, "
			"audio, words, reading_minutes, duration, imported_at, "
			"n_segments) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
			"?10, ?11)");
		if (!stmt)
			goto fail;
		store_bind_metadata(stmt, ep);
		int rc = store_step_done(st, stmt, "storing the episode");
		sqlite3_finalize(stmt);
		if (rc != 0)
			goto fail;
		id = sqlite3_last_insert_rowid(st->db);
	}

	store_search_defer(st, true);
	int body = store_insert_body(st, ep, id, store_segments_insert,
				     store_terms_insert);
	store_search_defer(st, false);
	if (body != 0 || store_search_index_episode(st, id) != 0 ||
	    store_commit(st) != 0)
		goto fail;
	ep->id = id;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

/* store_episode_load and store_episode_load_lazy: the episode with its
 * segments' times and its glossary, and the segments' text only when
 * with_text (else every en and zh is NULL). */
static int store_episode_read(struct store *st, long long id, bool with_text,
			      struct episode **out)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT title, podcast, date, source_url, audio, words, "
		"reading_minutes, duration FROM episodes WHERE id = ?1");
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	/* One read transaction, so that the three reads see one snapshot: a
	 * replace committed in between could otherwise mix two versions. */
	if (store_exec(st, "BEGIN", "loading the episode") != 0) {
		sqlite3_finalize(stmt);
		return -1;
	}
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			store_fail(st, STORE_ERR_NOT_FOUND, "no episode %lld",
				   id);
		else
			store_fail_db(st, "loading the episode");
		sqlite3_finalize(stmt);
		store_rollback(st);
		return -1;
	}
	struct episode *ep = episode_new();
	ep->id = id;
	episode_set(&ep->title, store_col_text(stmt, 0));
	episode_set(&ep->podcast, store_col_text(stmt, 1));
	episode_set(&ep->date, store_col_text(stmt, 2));
	episode_set(&ep->source_url, store_col_text(stmt, 3));
	episode_set(&ep->audio, store_col_text(stmt, 4));
	ep->words = sqlite3_column_int(stmt, 5);
	ep->reading_minutes = sqlite3_column_int(stmt, 6);
	ep->duration = sqlite3_column_double(stmt, 7);
	sqlite3_finalize(stmt);

	/* Without the text, the query is answered from the segments_times
	 * index alone and never reads the table's pages of text. */
	stmt = store_prepare(st, with_text
		? "SELECT speaker, start, \"end\", en, zh FROM segments "
		  "WHERE episode_id = ?1 ORDER BY idx"
		: "SELECT speaker, start, \"end\" FROM segments "
		  "WHERE episode_id = ?1 ORDER BY idx");
	if (!stmt)
		goto fail;
	sqlite3_bind_int64(stmt, 1, id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int speaker = sqlite3_column_int(stmt, 0);
		double start = sqlite3_column_double(stmt, 1);
		double end = sqlite3_column_double(stmt, 2);
		if (with_text)
			episode_add_segment(ep, speaker, start, end,
					    store_col_str(stmt, 3),
					    store_col_str(stmt, 4), 0);
		else
			episode_add_timing(ep, speaker, start, end);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		store_fail_db(st, "loading the segments");
		goto fail;
	}
	stmt = store_prepare(st,
		"SELECT term, gloss, count, first_segment FROM terms "
		"WHERE episode_id = ?1 ORDER BY idx");
	if (!stmt)
		goto fail;
	sqlite3_bind_int64(stmt, 1, id);
	/* Into one block: a glossary of 13,000 terms is read each time its
	 * episode opens. */
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		/* strlen, not sqlite3_column_bytes: cheaper, and a C
		 * string ends at a NUL anyway. */
		const char *term = store_col_text(stmt, 0);
		const char *gloss = store_col_text(stmt, 1);
		episode_add_term_n(ep, term, strlen(term), gloss, strlen(gloss),
				   sqlite3_column_int(stmt, 2),
				   sqlite3_column_int(stmt, 3));
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		store_fail_db(st, "loading the glossary");
		goto fail;
	}
	store_rollback(st); /* a read: nothing to commit */
	*out = ep;
	return 0;
fail:
	store_rollback(st);
	episode_free(ep);
	return -1;
}

int store_episode_load(struct store *st, long long id, struct episode **out)
{
	return store_episode_read(st, id, true, out);
}

int store_episode_load_lazy(struct store *st, long long id,
			    struct episode **out)
{
	return store_episode_read(st, id, false, out);
}

int store_episode_load_text(struct store *st, struct episode *ep,
			    size_t from, size_t to)
{
	if (to > ep->n_segments)
		to = ep->n_segments;
	/* Only the span still without text: a window that overlaps loaded
	 * segments reads no row twice (and never replaces a string someone
	 * may hold). */
	while (from < to && ep->segments[from].en)
		from++;
	while (to > from && ep->segments[to - 1].en)
		to--;
	if (from >= to)
		return 0;
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT idx, speaker, start, \"end\", en, zh FROM segments "
		"WHERE episode_id = ?1 AND idx >= ?2 AND idx < ?3 ORDER BY idx");
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, ep->id);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)from);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)to);
	size_t next = from;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct segment *seg = &ep->segments[next];
		/* The rows must be the ones the times came from: a replace
		 * or delete since the lazy load would pair one version's
		 * times with another's text. */
		if (sqlite3_column_int64(stmt, 0) != (sqlite3_int64)next ||
		    sqlite3_column_int(stmt, 1) != seg->speaker ||
		    sqlite3_column_double(stmt, 2) != seg->start ||
		    sqlite3_column_double(stmt, 3) != seg->end)
			break;
		if (!seg->en) {
			seg->en = store_col_str(stmt, 4);
			seg->zh = store_col_str(stmt, 5);
		}
		next++;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail_db(st, "loading the segments' text");
	if (next != to)
		return store_fail(st, STORE_ERR_NOT_FOUND, "episode %lld "
				  "changed in the library "
				  "since it was opened (segment %zu): open it "
				  "again", ep->id, next + 1);
	return 0;
}

/* The list's query, ordered as the list is, with `where` between the join
 * and the order; unordered for a NULL where. Libraries from before the
 * stored counts count the segments (read-only ones are never migrated). */
static sqlite3_stmt *store_list_prepare(struct store *st, const char *where)
{
#define STORE_LIST(count, finished) \
	"SELECT e.id, e.title, e.podcast, e.date, e.source_url, e.audio, " \
	"e.words, e.reading_minutes, e.duration, " count ", " \
	"p.position, p.segment, p.opened_at, " finished ", e.imported_at " \
	"FROM episodes e LEFT JOIN progress p ON p.episode_id = e.id "
	const char *head = store_has_finished(st)
		? STORE_LIST("e.n_segments", "e.finished")
		: store_has_counts(st)
		? STORE_LIST("e.n_segments", "0")
		: STORE_LIST("(SELECT count(*) FROM segments s "
			     "WHERE s.episode_id = e.id)", "0");
#undef STORE_LIST
	char *sql = where ? xasprintf("%s%sORDER BY e.date DESC, e.id DESC",
				      head, where)
			  : xstrdup(head);
	sqlite3_stmt *stmt = store_prepare(st, sql);
	free(sql);
	return stmt;
}

/* Sets s from the list query's current row. */
static void store_list_row(sqlite3_stmt *stmt, struct episode_summary *s)
{
	s->id = sqlite3_column_int64(stmt, 0);
	s->title = store_col_str(stmt, 1);
	s->podcast = store_col_str(stmt, 2);
	s->date = store_col_str(stmt, 3);
	s->source_url = store_col_str(stmt, 4);
	s->audio = store_col_str(stmt, 5);
	s->words = sqlite3_column_int(stmt, 6);
	s->reading_minutes = sqlite3_column_int(stmt, 7);
	s->duration = sqlite3_column_double(stmt, 8);
	s->n_segments = sqlite3_column_int(stmt, 9);
	bool has_progress = sqlite3_column_type(stmt, 10) != SQLITE_NULL;
	s->position = has_progress ? sqlite3_column_double(stmt, 10) : 0;
	s->progress_segment = has_progress ? sqlite3_column_int(stmt, 11) : -1;
	s->opened_at = has_progress ? sqlite3_column_int64(stmt, 12) : 0;
	s->finished = sqlite3_column_int(stmt, 13) != 0;
	s->imported_at = sqlite3_column_int64(stmt, 14);
	s->partial = false;
}

/* The list's order: newest date first, then newest id. */
static int store_list_cmp(const void *x, const void *y)
{
	const struct episode_summary *a = x, *b = y;
	int c = strcmp(b->date, a->date);
	if (c)
		return c;
	return a->id < b->id ? 1 : a->id > b->id ? -1 : 0;
}

/* Sets s, a partial entry, from the ids query's current row. */
static void store_list_id_row(sqlite3_stmt *stmt, struct episode_summary *s)
{
	*s = (struct episode_summary){
		.id = sqlite3_column_int64(stmt, 0),
		.date = store_col_str(stmt, 1),
		.progress_segment = -1,
		.partial = true,
	};
}

/* Every row of stmt (finalized here; NULL when preparing it failed) into
 * a new array, each set by row. */
static int store_list_read(struct store *st, sqlite3_stmt *stmt,
			   void (*row)(sqlite3_stmt *, struct episode_summary *),
			   struct episode_summary **out, size_t *n)
{
	if (!stmt)
		return -1;
	struct episode_summary *v = NULL;
	size_t len = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xgrowarray(v, &cap, len + 1, sizeof *v);
		row(stmt, &v[len++]);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		store_summaries_free(v, len);
		return store_fail_db(st, "listing the episodes");
	}
	*out = v;
	*n = len;
	return 0;
}

int store_episode_list(struct store *st, struct episode_summary **out,
		       size_t *n)
{
	/* In the table's order, sorted here: reading the rows through the
	 * date index looked each one up in the table, which cost more than
	 * the sort (a date compares as SQLite's BINARY collation does, so
	 * the order is the same). */
	struct episode_summary *v = NULL;
	size_t len = 0;
	if (store_list_read(st, store_list_prepare(st, NULL), store_list_row,
			    &v, &len) != 0)
		return -1;
	/* Imported as they were published, the table holds the episodes
	 * oldest first: reversed, that is the order, with no sort. */
	size_t k = 1;
	while (k < len && store_list_cmp(&v[k - 1], &v[k]) > 0)
		k++;
	if (k >= len) { /* also 0 or 1 episode: nothing to order */
		for (size_t i = 0; i < len / 2; i++) {
			struct episode_summary t = v[i];
			v[i] = v[len - 1 - i];
			v[len - 1 - i] = t;
		}
	} else {
		qsort(v, len, sizeof *v, store_list_cmp);
	}
	*out = v;
	*n = len;
	return 0;
}

int store_episode_list_ids(struct store *st, struct episode_summary **out,
			   size_t *n)
{
	/* Answered from the episodes_by_date index alone: no row of the
	 * table is read, which is what makes it cheap for a long list. */
	return store_list_read(st, store_prepare(st,
		"SELECT id, date FROM episodes ORDER BY date DESC, id DESC"),
		store_list_id_row, out, n);
}

void store_summary_blank(struct episode_summary *s)
{
	char **str[] = { &s->title, &s->podcast, &s->source_url, &s->audio };
	for (size_t k = 0; k < sizeof str / sizeof *str; k++)
		if (!*str[k])
			*str[k] = xstrdup("");
	s->partial = false;
}

int store_episode_list_fill(struct store *st, struct episode_summary *v,
			    size_t n)
{
	size_t first = 0, last = n;
	while (first < n && !v[first].partial)
		first++;
	while (last > first && !v[last - 1].partial)
		last--;
	if (first >= last)
		return 0;
	/* One query from the first entry down, in the list's order: the
	 * rows come in the entries' order, with a few to spare for
	 * episodes another process added in between. */
	sqlite3_stmt *stmt = store_list_prepare(st,
		"WHERE (e.date, e.id) <= (?1, ?2) ");
	if (!stmt)
		return -1;
	/* A copy: the entry's date is replaced as it is filled, while the
	 * query still compares rows with it. */
	sqlite3_bind_text(stmt, 1, v[first].date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 2, v[first].id);
	size_t i = first;
	/* Removed episodes are looked past, but not to the list's end. */
	size_t budget = last - first + 64;
	int rc = SQLITE_DONE;
	while (i < last && budget-- > 0 &&
	       (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(stmt, 0);
		size_t j = i;
		while (j < last && v[j].id != id)
			j++;
		if (j == last)
			continue; /* added since the ids were read */
		struct episode_summary *s = &v[j];
		if (s->partial) {
			char *date = s->date;
			store_list_row(stmt, s);
			free(date);
		}
		i = j + 1;
	}
	if (rc == SQLITE_ROW)
		rc = SQLITE_DONE; /* stopped early: not an error */
	sqlite3_finalize(stmt);
	/* Entries not met were removed since: blank until the list is
	 * read again (the reader does when the library changes). */
	for (size_t k = first; k < last; k++)
		if (v[k].partial)
			store_summary_blank(&v[k]);
	if (rc != SQLITE_DONE)
		return store_fail_db(st, "listing the episodes");
	return 0;
}

/* Runs a one-statement write on one episode id, failing when no row
 * changed (the episode does not exist). */
static int store_write_episode(struct store *st, const char *sql,
			       long long id, const char *text,
			       const char *what)
{
	int changed = store_write_id(st, sql, id, text, what);
	if (changed < 0)
		return -1;
	if (changed == 0)
		return store_fail(st, STORE_ERR_NOT_FOUND, "no episode %lld",
				  id);
	return 0;
}

int store_episode_delete(struct store *st, long long id)
{
	/* One statement, so one transaction: the cascades (segments, terms,
	 * progress) and the SET NULL of vocabulary contexts happen in it. */
	return store_write_episode(st, "DELETE FROM episodes WHERE id = ?1", id,
				   NULL, "deleting the episode");
}

int store_episode_set_audio(struct store *st, long long id, const char *audio)
{
	return store_write_episode(st,
		"UPDATE episodes SET audio = ?2 WHERE id = ?1", id,
		audio ? audio : "", "setting the audio");
}

int store_episode_set_finished(struct store *st, long long id, bool finished)
{
	return store_write_episode(st,
		finished ? "UPDATE episodes SET finished = 1 WHERE id = ?1"
			 : "UPDATE episodes SET finished = 0 WHERE id = ?1",
		id, NULL, "marking the episode");
}


/* ---- progress --------------------------------------------------------------- */

int store_progress_save(struct store *st, long long episode_id,
			double position, int segment)
{
	/* opened_seq orders opens within one second of each other, which
	 * opened_at (unix seconds) cannot. */
	sqlite3_stmt *stmt = store_prepare(st,
		"INSERT INTO progress (episode_id, position, segment, opened_at, "
		"opened_seq) VALUES (?1, ?2, ?3, ?4, "
		"(SELECT coalesce(max(opened_seq), 0) + 1 FROM progress)) "
		"ON CONFLICT (episode_id) DO UPDATE SET "
		"position = excluded.position, segment = excluded.segment, "
		"opened_at = excluded.opened_at, opened_seq = excluded.opened_seq");
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, episode_id);
	sqlite3_bind_double(stmt, 2, isfinite(position) && position > 0
			    ? position : 0);
	sqlite3_bind_int(stmt, 3, segment);
	sqlite3_bind_int64(stmt, 4, (sqlite3_int64)time(NULL));
	int rc = sqlite3_step(stmt);
	int ext = sqlite3_extended_errcode(st->db);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE)
		return 0;
	if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
		return store_fail(st, STORE_ERR_NOT_FOUND, "no episode %lld",
				  episode_id);
	return store_fail_db(st, "saving the progress");
}

long long store_episode_newest(struct store *st)
{
	/* The first of store_episode_list's order without listing. */
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT id FROM episodes ORDER BY date DESC, id DESC LIMIT 1");
	if (!stmt)
		return -1;
	return store_step_id(st, stmt, "reading the episodes");
}

long long store_last_opened(struct store *st)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT episode_id FROM progress ORDER BY opened_seq DESC "
		"LIMIT 1");
	if (!stmt)
		return -1;
	return store_step_id(st, stmt, "reading the progress");
}

