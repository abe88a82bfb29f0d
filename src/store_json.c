/* store_json: episodes, the list, the glossary and the vocabulary book as
 * JSON, and episodes read back from it -- all through SQLite's json1
 * functions, so the project needs no JSON library of its own. */
#include "store_int.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buildspeak/alloc.h"
#include "buildspeak/episode.h"
#include "buildspeak/glossary.h"
#include "buildspeak/text.h"

/* ---- JSON out ---------------------------------------------------------------- */

char *store_episode_json(struct store *st, const struct episode *ep)
{
	/* The segments go into temp tables, so that json_group_array can
	 * build the arrays in one pass. The transaction is rolled back at the
	 * end, which drops the tables again: nothing outlives the call, and
	 * the main database is never written or write-locked. */
	char *json = NULL;
	sqlite3_stmt *stmt = NULL;
	if (store_exec(st, "BEGIN;"
		       "CREATE TEMP TABLE IF NOT EXISTS bs_json_segments ("
		       "  idx INTEGER PRIMARY KEY, speaker INTEGER, start REAL,"
		       "  \"end\" REAL, en TEXT, zh TEXT);"
		       "CREATE TEMP TABLE IF NOT EXISTS bs_json_terms ("
		       "  idx INTEGER PRIMARY KEY, term TEXT, gloss TEXT,"
		       "  count INTEGER, first_segment INTEGER);"
		       "DELETE FROM bs_json_segments; DELETE FROM bs_json_terms",
		       "writing JSON") != 0)
		goto out;
	/* The same binding as the library's own tables; a missing text is
	 * "" in the JSON, as it always was. */
	if (store_insert_body(st, ep, ep->id,
			      "INSERT INTO bs_json_segments VALUES (?2, ?3, ?4, "
			      "?5, coalesce(?6, ''), coalesce(?7, ''))",
			      "INSERT INTO bs_json_terms VALUES (?2, ?3, ?4, ?5, "
			      "?6)")
	    != 0)
		goto out;

	/* A plain scan of a table is in rowid (idx) order, which is the
	 * order json_group_array sees the rows in. */
	stmt = store_prepare(st,
		"SELECT json_object('id', ?1, 'title', ?2, 'podcast', ?3, "
		"'date', ?4, 'source_url', ?5, 'audio', ?6, 'words', ?7, "
		"'reading_minutes', ?8, 'duration', ?9, "
		"'segments', (SELECT json_group_array(json_object("
		"  'speaker', speaker, 'start', start, 'end', \"end\", "
		"  'en', en, 'zh', zh)) FROM bs_json_segments), "
		"'glossary', (SELECT json_group_array(json_object("
		"  'term', term, 'gloss', gloss, 'count', count)) "
		"  FROM bs_json_terms))");
	if (!stmt)
		goto out;
	sqlite3_bind_int64(stmt, 1, ep->id);
	store_bind_text(stmt, 2, ep->title);
	store_bind_text(stmt, 3, ep->podcast);
	store_bind_text(stmt, 4, ep->date);
	store_bind_text(stmt, 5, ep->source_url);
	store_bind_text(stmt, 6, ep->audio);
	sqlite3_bind_int(stmt, 7, ep->words);
	sqlite3_bind_int(stmt, 8, ep->reading_minutes);
	sqlite3_bind_double(stmt, 9, ep->duration);
	json = store_step_string(st, stmt, "writing JSON");
out:
	sqlite3_finalize(stmt);
	store_rollback(st);
	return json;
}

char *store_list_json(struct store *st)
{
	/* The ORDER BY subquery is not flattened into the aggregate, so
	 * json_group_array sees the rows in list order. */
#define STORE_LIST_JSON(count) \
	"SELECT json_group_array(json_object('id', id, 'title', title, " \
	"'podcast', podcast, 'date', date, 'source_url', source_url, " \
	"'audio', audio, 'words', words, " \
	"'reading_minutes', reading_minutes, 'segments', " count ")) " \
	"FROM (SELECT * FROM episodes ORDER BY date DESC, id DESC) e"
	sqlite3_stmt *stmt = store_prepare(st, store_has_counts(st)
		? STORE_LIST_JSON("e.n_segments")
		: STORE_LIST_JSON("(SELECT count(*) FROM segments s "
				  "WHERE s.episode_id = e.id)"));
#undef STORE_LIST_JSON
	if (!stmt)
		return NULL;
	char *json = store_step_string(st, stmt, "listing the episodes");
	sqlite3_finalize(stmt);
	return json;
}

/* ---- JSON in --------------------------------------------------------------- */

/* Parsing state: where messages go. */
struct store_jin {
	struct store *st; /* gets the failure too (kind STORE_ERR_OTHER) */
	char *err;
	size_t errsize;
};

static int store_jfail(struct store_jin *in, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int store_jfail(struct store_jin *in, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(in->err, in->errsize, fmt, ap);
	va_end(ap);
	return store_fail(in->st, STORE_ERR_OTHER, "%s", in->err);
}

/* One JSON value as json1 reports it (json_type + json_extract, or a
 * json_tree row's type + atom). */
enum store_jkind {
	STORE_J_ABSENT, STORE_J_NULL, STORE_J_TEXT,
	STORE_J_INTEGER, STORE_J_REAL, STORE_J_OTHER
};

struct store_jval {
	enum store_jkind kind;
	char *text;  /* STORE_J_TEXT: the decoded string, owned */
	size_t len;  /* bytes in text */
	double num;  /* STORE_J_INTEGER, STORE_J_REAL */
};

static void store_jval_clear(struct store_jval *v)
{
	free(v->text);
	memset(v, 0, sizeof *v);
}

/* Fills v from a type column (json1's type names; SQL NULL when absent)
 * and the value column next to it. */
static void store_jval_read(struct store_jval *v, sqlite3_stmt *stmt,
			  int type_col, int value_col)
{
	store_jval_clear(v);
	const char *type = (const char *)sqlite3_column_text(stmt, type_col);
	if (!type)
		v->kind = STORE_J_ABSENT;
	else if (strcmp(type, "null") == 0)
		v->kind = STORE_J_NULL;
	else if (strcmp(type, "text") == 0)
		v->kind = STORE_J_TEXT;
	else if (strcmp(type, "integer") == 0)
		v->kind = STORE_J_INTEGER;
	else if (strcmp(type, "real") == 0)
		v->kind = STORE_J_REAL;
	else
		v->kind = STORE_J_OTHER;
	if (v->kind == STORE_J_TEXT) {
		const char *s = (const char *)sqlite3_column_text(stmt,
								  value_col);
		v->len = (size_t)sqlite3_column_bytes(stmt, value_col);
		v->text = xmalloc(v->len + 1);
		memcpy(v->text, s ? s : "", v->len);
		v->text[v->len] = '\0';
	} else if (v->kind == STORE_J_INTEGER || v->kind == STORE_J_REAL) {
		v->num = sqlite3_column_double(stmt, value_col);
	}
}

/* The string v, checked and NFC-normalised into *out (new string). what
 * names the field in messages. A missing or null field gives def, or is an
 * error when def is NULL; an empty string is refused when nonempty. */
static int store_jstring(struct store_jin *in, const struct store_jval *v,
		       const char *what, const char *def, bool nonempty,
		       char **out)
{
	if (v->kind == STORE_J_ABSENT || v->kind == STORE_J_NULL) {
		if (!def)
			return store_jfail(in, "%s: missing", what);
		*out = xstrdup(def);
		return 0;
	}
	if (v->kind != STORE_J_TEXT)
		return store_jfail(in, "%s: not a string", what);
	size_t bad = 0;
	/* A lone surrogate escape decodes to bytes that are not valid UTF-8:
	 * the check of the raw document cannot see those. */
	if (!text_valid(v->text, v->len, &bad))
		return store_jfail(in, "%s: invalid UTF-8 at byte %zu", what,
				 bad);
	if (nonempty && v->len == 0)
		return store_jfail(in, "%s: empty", what);
	*out = text_nfc(v->text);
	return 0;
}

/* The number v; integer_only refuses reals. Missing or null: *present is
 * false and *out untouched. */
static int store_jnumber(struct store_jin *in, const struct store_jval *v,
		       const char *what, bool integer_only, double *out,
		       bool *present)
{
	*present = false;
	if (v->kind == STORE_J_ABSENT || v->kind == STORE_J_NULL)
		return 0;
	if (v->kind != STORE_J_INTEGER &&
	    (integer_only || v->kind != STORE_J_REAL))
		return store_jfail(in, "%s: not %s", what,
				 integer_only ? "an integer" : "a number");
	if (!isfinite(v->num))
		return store_jfail(in, "%s: out of range", what);
	*out = v->num;
	*present = true;
	return 0;
}

/* An integer in [min, INT_MAX]; *present as for store_jnumber. */
static int store_jint(struct store_jin *in, const struct store_jval *v,
		    const char *what, int min, int *out, bool *present)
{
	double d = 0;
	if (store_jnumber(in, v, what, true, &d, present) != 0)
		return -1;
	if (!*present)
		return 0;
	if (d < min || d > INT_MAX)
		return store_jfail(in, "%s: %.15g out of range (%d or more)",
				 what, d, min);
	*out = (int)d;
	return 0;
}

/* A required number (or integer, min 1) field. */
static int store_jrequired(struct store_jin *in, const struct store_jval *v,
			 const char *what, bool integer, double *out)
{
	bool present = false;
	int i = 0;
	int rc = integer ? store_jint(in, v, what, 1, &i, &present)
			 : store_jnumber(in, v, what, false, out, &present);
	if (rc != 0)
		return -1;
	if (!present)
		return store_jfail(in, "%s: missing", what);
	if (integer)
		*out = i;
	return 0;
}

/* Whether d is "" or YYYY-MM-DD; *real is then whether it is a day of the
 * calendar, by the page importer's rules (a year from 1000, February 29th
 * in leap years only). */
static bool store_jdate_ok(const char *d, bool *real)
{
	*real = true;
	if (!*d)
		return true;
	for (int i = 0; i < 10; i++) {
		bool dash = i == 4 || i == 7;
		if (dash ? d[i] != '-' : (d[i] < '0' || d[i] > '9'))
			return false;
	}
	if (d[10] != '\0')
		return false;
	int y = atoi(d), m = atoi(d + 5), day = atoi(d + 8);
	*real = y >= 1000 && episode_day_exists(y, m, day);
	return true;
}

/* The top-level fields: a row of (json_type, json_extract) pairs for
 * title, podcast, date, source_url, audio, words, reading_minutes,
 * duration, then the types of segments and glossary. */
static int store_jmetadata(struct store_jin *in, sqlite3_stmt *stmt,
			      struct episode *ep, bool *have_stats,
			      bool *have_glossary)
{
	static const char *const names[] = {
		"title", "podcast", "date", "source_url", "audio",
	};
	char **fields[] = {
		&ep->title, &ep->podcast, &ep->date, &ep->source_url,
		&ep->audio,
	};
	struct store_jval v = { 0 };
	int ret = -1;
	for (int i = 0; i < 5; i++) {
		char *s = NULL;
		store_jval_read(&v, stmt, 2 * i, 2 * i + 1);
		if (store_jstring(in, &v, names[i], i == 0 ? NULL : "", i == 0,
				&s) != 0)
			goto out;
		free(*fields[i]);
		*fields[i] = s;
	}
	bool real;
	if (!store_jdate_ok(ep->date, &real)) {
		store_jfail(in, "date: \"%s\" is not YYYY-MM-DD", ep->date);
		goto out;
	}
	if (!real) {
		store_jfail(in, "date: \"%s\" is not a day of the calendar",
				ep->date);
		goto out;
	}

	bool p_words, p_minutes, p_duration;
	int words = 0, minutes = 0;
	double duration = 0;
	store_jval_read(&v, stmt, 10, 11);
	if (store_jint(in, &v, "words", 0, &words, &p_words) != 0)
		goto out;
	store_jval_read(&v, stmt, 12, 13);
	if (store_jint(in, &v, "reading_minutes", 0, &minutes, &p_minutes))
		goto out;
	store_jval_read(&v, stmt, 14, 15);
	if (store_jnumber(in, &v, "duration", false, &duration, &p_duration))
		goto out;
	if (p_duration && duration < 0) {
		store_jfail(in, "duration: %.15g is negative", duration);
		goto out;
	}
	/* The stats are kept as written (so that JSON -> import -> JSON is the
	 * identity) when all three are there; else all are recomputed. */
	*have_stats = p_words && p_minutes && p_duration;
	ep->words = words;
	ep->reading_minutes = minutes;
	ep->duration = duration;

	const char *seg_type = (const char *)sqlite3_column_text(stmt, 16);
	if (!seg_type) {
		store_jfail(in, "segments: missing");
		goto out;
	}
	if (strcmp(seg_type, "array") != 0) {
		store_jfail(in, "segments: not an array");
		goto out;
	}
	const char *gl_type = (const char *)sqlite3_column_text(stmt, 17);
	*have_glossary = gl_type && strcmp(gl_type, "null") != 0;
	if (*have_glossary && strcmp(gl_type, "array") != 0) {
		store_jfail(in, "glossary: not an array");
		goto out;
	}
	ret = 0;
out:
	store_jval_clear(&v);
	return ret;
}

/* Called for each element of an array of objects with its members, in the
 * order of the names given to store_jobjects; n counts from 1. */
typedef int (*store_jobject_fn)(struct store_jin *in, size_t n,
			      const struct store_jval *members, void *ctx);

/* Walks an array of objects with one json_tree statement (columns id,
 * parent, key, type, atom; the array itself first), which is one parse and
 * one pass: several times faster than json_extract per member on 10,000
 * segments. Rows come in document order: an element, then its members,
 * then anything nested deeper (ignored). A member named twice keeps its
 * first value, as json_extract would. *count gets the number of elements. */
static int store_jobjects(struct store_jin *in, sqlite3_stmt *stmt,
			     const char *what, const char *const *names,
			     size_t n_names, store_jobject_fn fn, void *ctx,
			     size_t *count)
{
	struct store_jval *members = xcalloc(n_names, sizeof *members);
	long long root = -1, element = -1;
	size_t n = 0;
	int rc, ret = -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(stmt, 0);
		if (root < 0) {
			root = id;
			continue;
		}
		long long parent = sqlite3_column_int64(stmt, 1);
		if (parent == root) {
			if (n > 0 && fn(in, n, members, ctx) != 0)
				goto out;
			for (size_t i = 0; i < n_names; i++)
				store_jval_clear(&members[i]);
			n++;
			const char *type = store_col_text(stmt, 3);
			if (strcmp(type, "object") != 0) {
				store_jfail(in, "%s %zu: not an object", what,
					    n);
				goto out;
			}
			element = id;
		} else if (parent == element) {
			const char *key = store_col_text(stmt, 2);
			for (size_t i = 0; i < n_names; i++) {
				if (strcmp(key, names[i]) == 0) {
					if (members[i].kind == STORE_J_ABSENT)
						store_jval_read(&members[i],
								stmt, 3, 4);
					break;
				}
			}
		}
	}
	if (rc != SQLITE_DONE) {
		store_jfail(in, "%s: %s", what,
			  sqlite3_errmsg(sqlite3_db_handle(stmt)));
		goto out;
	}
	if (n > 0 && fn(in, n, members, ctx) != 0)
		goto out;
	*count = n;
	ret = 0;
out:
	for (size_t i = 0; i < n_names; i++)
		store_jval_clear(&members[i]);
	free(members);
	return ret;
}

static const char *const store_jsegment_members[] = {
	"speaker", "start", "end", "en", "zh",
};

/* One segment: checked, then appended to the episode (ctx). Messages count
 * segments from 1, as a reader would. */
static int store_jsegment(struct store_jin *in, size_t n,
			const struct store_jval *m, void *ctx)
{
	struct episode *ep = ctx;
	char what[64];
	double speaker = 0, start = 0, end = 0;
	snprintf(what, sizeof what, "segment %zu: speaker", n);
	if (store_jrequired(in, &m[0], what, true, &speaker) != 0)
		return -1;
	snprintf(what, sizeof what, "segment %zu: start", n);
	if (store_jrequired(in, &m[1], what, false, &start) != 0)
		return -1;
	snprintf(what, sizeof what, "segment %zu: end", n);
	if (store_jrequired(in, &m[2], what, false, &end) != 0)
		return -1;
	if (start < 0)
		return store_jfail(in, "segment %zu: start %.15g is negative",
				   n, start);
	if (end < start)
		return store_jfail(in, "segment %zu: end %.15g before start "
				 "%.15g", n, end, start);
	if (ep->n_segments > 0 &&
	    start < ep->segments[ep->n_segments - 1].start)
		return store_jfail(in, "segment %zu: start %.15g before the "
				 "previous segment's %.15g", n, start,
				 ep->segments[ep->n_segments - 1].start);
	char *en = NULL, *zh = NULL;
	snprintf(what, sizeof what, "segment %zu: en", n);
	if (store_jstring(in, &m[3], what, NULL, true, &en) != 0)
		return -1;
	snprintf(what, sizeof what, "segment %zu: zh", n);
	if (store_jstring(in, &m[4], what, NULL, true, &zh) != 0) {
		free(en);
		return -1;
	}
	episode_add_segment(ep, (int)speaker, start, end, en, zh, 0);
	return 0;
}

static const char *const store_jterm_members[] = { "term", "gloss", "count" };

/* Glossary reading state: the episode, and the glossary extracted from its
 * segments (with folded keys), where first_segment comes from. */
struct store_jglossary {
	struct episode *ep;
	const struct term *built;
	char **keys;
	size_t n_built;
};

/* One glossary entry, taken as written. first_segment is not part of the
 * format: it comes from the extracted glossary, or is 0 for a term that is
 * not glossed in the segments. */
static int store_jterm(struct store_jin *in, size_t n,
		       const struct store_jval *m, void *ctx)
{
	struct store_jglossary *g = ctx;
	char what[64];
	char *term = NULL, *gloss = NULL;
	int count = 1;
	bool present;
	snprintf(what, sizeof what, "glossary %zu: term", n);
	if (store_jstring(in, &m[0], what, NULL, true, &term) != 0)
		return -1;
	snprintf(what, sizeof what, "glossary %zu: gloss", n);
	if (store_jstring(in, &m[1], what, "", false, &gloss) != 0) {
		free(term);
		return -1;
	}
	snprintf(what, sizeof what, "glossary %zu: count", n);
	if (store_jint(in, &m[2], what, 1, &count, &present) != 0) {
		free(term);
		free(gloss);
		return -1;
	}
	int first = 0;
	char *key = text_fold(term);
	for (size_t i = 0; key && i < g->n_built; i++) {
		if (g->keys[i] && strcmp(g->keys[i], key) == 0) {
			first = g->built[i].first_segment;
			break;
		}
	}
	free(key);
	episode_add_term(g->ep, term, gloss, count, first);
	free(term);
	free(gloss);
	return 0;
}

static void store_jfree_terms(struct term *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].term);
		free(v[i].gloss);
	}
	free(v);
}

/* The offset of the first \u0000 escape in the valid JSON text s, or len.
 * json1 (3.40) silently cuts a string at that escape, so it is looked for
 * here: in valid JSON a backslash only occurs in strings, and it starts an
 * escape unless it is itself escaped (an odd run of backslashes before it). */
static size_t store_jnul_escape(const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	while ((p = memmem(p, (size_t)(end - p), "\\u0000", 6)) != NULL) {
		size_t at = (size_t)(p - s), before = 0;
		while (before < at && s[at - before - 1] == '\\')
			before++;
		if (before % 2 == 0)
			return at;
		p++;
	}
	return len;
}

/* Where a document that json_valid() refused stops being JSON: SQLite
 * 3.40 (Debian 12) says only "malformed JSON", and json_error_position()
 * came in 3.42. This walks RFC 8259's grammar to find the byte and nothing
 * more: every value is read through json1. */
struct store_jscan {
	const char *s;
	size_t len, i; /* the document, its length, the next byte */
	int depth;     /* arrays and objects open around i */
};

static bool store_jscan_value(struct store_jscan *sc);

static void store_jscan_space(struct store_jscan *sc)
{
	while (sc->i < sc->len && strchr(" \t\n\r", sc->s[sc->i]) &&
	       sc->s[sc->i])
		sc->i++;
}

static bool store_jscan_digits(struct store_jscan *sc)
{
	size_t from = sc->i;
	while (sc->i < sc->len && sc->s[sc->i] >= '0' && sc->s[sc->i] <= '9')
		sc->i++;
	return sc->i > from;
}

static bool store_jscan_string(struct store_jscan *sc)
{
	for (sc->i++; sc->i < sc->len; sc->i++) {
		unsigned char c = (unsigned char)sc->s[sc->i];
		if (c == '"') {
			sc->i++;
			return true;
		}
		if (c < 0x20)
			return false;
		if (c != '\\')
			continue;
		if (++sc->i >= sc->len)
			return false;
		if (sc->s[sc->i] == 'u') {
			for (int k = 0; k < 4; k++)
				if (++sc->i >= sc->len ||
				    !strchr("0123456789abcdefABCDEF",
					    sc->s[sc->i]) || !sc->s[sc->i])
					return false;
		} else if (!strchr("\"\\/bfnrt", sc->s[sc->i]) ||
			   !sc->s[sc->i]) {
			return false;
		}
	}
	return false;
}

static bool store_jscan_number(struct store_jscan *sc)
{
	if (sc->s[sc->i] == '-')
		sc->i++;
	if (sc->i < sc->len && sc->s[sc->i] == '0')
		sc->i++;
	else if (!store_jscan_digits(sc))
		return false;
	if (sc->i < sc->len && sc->s[sc->i] == '.') {
		sc->i++;
		if (!store_jscan_digits(sc))
			return false;
	}
	if (sc->i < sc->len && (sc->s[sc->i] == 'e' || sc->s[sc->i] == 'E')) {
		sc->i++;
		if (sc->i < sc->len && (sc->s[sc->i] == '+' ||
					sc->s[sc->i] == '-'))
			sc->i++;
		if (!store_jscan_digits(sc))
			return false;
	}
	return true;
}

/* An object (close '}') or array (close ']') from its opening byte. */
static bool store_jscan_members(struct store_jscan *sc, char close)
{
	if (++sc->depth > 1000)
		return false;
	sc->i++;
	store_jscan_space(sc);
	if (sc->i < sc->len && sc->s[sc->i] == close) {
		sc->i++;
		sc->depth--;
		return true;
	}
	for (;;) {
		store_jscan_space(sc);
		if (close == '}') {
			if (sc->i >= sc->len || sc->s[sc->i] != '"' ||
			    !store_jscan_string(sc))
				return false;
			store_jscan_space(sc);
			if (sc->i >= sc->len || sc->s[sc->i] != ':')
				return false;
			sc->i++;
		}
		if (!store_jscan_value(sc))
			return false;
		store_jscan_space(sc);
		if (sc->i < sc->len && sc->s[sc->i] == ',') {
			sc->i++;
			continue;
		}
		if (sc->i < sc->len && sc->s[sc->i] == close) {
			sc->i++;
			sc->depth--;
			return true;
		}
		return false;
	}
}

static bool store_jscan_value(struct store_jscan *sc)
{
	static const char *const words[] = { "true", "false", "null" };
	store_jscan_space(sc);
	if (sc->i >= sc->len)
		return false;
	char c = sc->s[sc->i];
	if (c == '{' || c == '[')
		return store_jscan_members(sc, c == '{' ? '}' : ']');
	if (c == '"')
		return store_jscan_string(sc);
	if (c == '-' || (c >= '0' && c <= '9'))
		return store_jscan_number(sc);
	for (int k = 0; k < 3; k++) {
		size_t n = strlen(words[k]);
		if (sc->len - sc->i >= n && memcmp(sc->s + sc->i, words[k],
						   n) == 0) {
			sc->i += n;
			return true;
		}
	}
	return false;
}

/* Records "not valid JSON" with the line and column (in characters) where
 * json (len bytes, valid UTF-8) goes wrong. */
static int store_jsyntax(struct store_jin *in, const char *json, size_t len)
{
	struct store_jscan sc = { json, len, 0, 0 };
	if (store_jscan_value(&sc)) {
		store_jscan_space(&sc);
		if (sc.i == len)
			return store_jfail(in, "not valid JSON");
	}
	size_t line = 1, col = 1;
	for (size_t k = 0; k < sc.i && k < len; k++) {
		if (json[k] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)json[k] & 0xc0) != 0x80) {
			col++;
		}
	}
	if (sc.i >= len)
		return store_jfail(in, "not valid JSON: it ends too soon "
				   "(line %zu, column %zu)", line, col);
	return store_jfail(in, "not valid JSON at line %zu, column %zu",
			   line, col);
}

/* Prepares sql with the document bound as ?1 (no copy: it outlives the
 * statement). */
static sqlite3_stmt *store_jprepare(struct store *st, struct store_jin *in,
				  const char *sql, const char *json,
				  size_t len)
{
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		store_jfail(in, "reading JSON: %s", sqlite3_errmsg(st->db));
		sqlite3_finalize(stmt);
		return NULL;
	}
	sqlite3_bind_text(stmt, 1, json, (int)len, SQLITE_STATIC);
	return stmt;
}

int store_episode_from_json(struct store *st, const char *json, size_t len,
			    struct episode **out, char *err, size_t errsize)
{
	struct store_jin in = { st, err, errsize };
	size_t bad = 0;
	if (len > INT_MAX)
		return store_jfail(&in, "too large for an episode");
	if (!text_valid(json, len, &bad))
		return store_jfail(&in, "invalid UTF-8 or NUL at byte %zu",
				   bad);

	struct episode *ep = episode_new();
	struct store_jglossary g = { ep, NULL, NULL, 0 };
	struct term *built = NULL;
	bool have_stats = false, have_glossary = false;
	size_t n = 0;
	int ret = -1;

	/* json_type() raises an error on malformed input: ask it only of
	 * valid documents. */
	sqlite3_stmt *stmt = store_jprepare(st, &in, "SELECT json_valid(?1), "
		"CASE WHEN json_valid(?1) THEN json_type(?1) END", json, len);
	if (!stmt)
		goto out;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		store_jfail(&in, "reading JSON: %s", sqlite3_errmsg(st->db));
		goto out;
	}
	if (!sqlite3_column_int(stmt, 0)) {
		store_jsyntax(&in, json, len);
		goto out;
	}
	if (strcmp(store_col_text(stmt, 1), "object") != 0) {
		store_jfail(&in, "not a JSON object (an episode is one)");
		goto out;
	}
	sqlite3_finalize(stmt);
	stmt = NULL;
	size_t nul = store_jnul_escape(json, len);
	if (nul != len) {
		store_jfail(&in, "a NUL character (\\u0000) at byte %zu", nul);
		goto out;
	}

#define FIELD(name) \
	"json_type(?1, '$." name "'), json_extract(?1, '$." name "'), "
	stmt = store_jprepare(st, &in, "SELECT "
		FIELD("title") FIELD("podcast") FIELD("date")
		FIELD("source_url") FIELD("audio") FIELD("words")
		FIELD("reading_minutes") FIELD("duration")
		"json_type(?1, '$.segments'), json_type(?1, '$.glossary')",
		json, len);
#undef FIELD
	if (!stmt)
		goto out;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		store_jfail(&in, "reading JSON: %s", sqlite3_errmsg(st->db));
		goto out;
	}
	if (store_jmetadata(&in, stmt, ep, &have_stats, &have_glossary))
		goto out;
	sqlite3_finalize(stmt);

	stmt = store_jprepare(st, &in, "SELECT id, parent, key, type, atom "
			    "FROM json_tree(?1, '$.segments')", json, len);
	if (!stmt ||
	    store_jobjects(&in, stmt, "segment", store_jsegment_members, 5,
			   store_jsegment, ep, &n) != 0)
		goto out;
	sqlite3_finalize(stmt);
	stmt = NULL;
	if (n == 0) {
		store_jfail(&in,
			    "segments: empty: an episode needs at least one "
			    "segment");
		goto out;
	}

	glossary_build(ep);
	if (have_glossary) {
		g.built = built = ep->terms;
		g.n_built = ep->n_terms;
		ep->terms = NULL;
		ep->n_terms = ep->cap_terms = 0;
		g.keys = xcalloc(g.n_built ? g.n_built : 1, sizeof *g.keys);
		for (size_t i = 0; i < g.n_built; i++)
			g.keys[i] = text_fold(built[i].term);
		stmt = store_jprepare(st, &in, "SELECT id, parent, key, type, "
				    "atom FROM json_tree(?1, '$.glossary')",
				    json, len);
		if (!stmt ||
		    store_jobjects(&in, stmt, "glossary", store_jterm_members,
				   3, store_jterm, &g, &n) != 0)
			goto out;
	}
	if (!have_stats)
		episode_update_stats(ep);
	*out = ep;
	ep = NULL;
	ret = 0;
out:
	sqlite3_finalize(stmt);
	for (size_t i = 0; g.keys && i < g.n_built; i++)
		free(g.keys[i]);
	free(g.keys);
	store_jfree_terms(built, g.n_built);
	episode_free(ep);
	return ret;
}


/* ---- vocabulary as JSON (written with the export module) ------------------
 *
 * The same temp-table pattern as store_episode_json: the entries go into
 * two temp tables inside a transaction that is rolled back at the end, so
 * json_group_array builds the arrays in one pass and nothing is left
 * behind. The JSON is made from the entries the caller holds, not from the
 * vocab tables, so an export shows exactly the entries (filtered, sorted)
 * that its CSV, Anki and Markdown siblings show. */

char *store_vocab_entries_json(struct store *st, const struct vocab_entry *v,
			       size_t n)
{
	char *json = NULL;
	sqlite3_stmt *stmt = NULL, *cstmt = NULL;
	if (store_exec(st, "BEGIN;"
		       "CREATE TEMP TABLE IF NOT EXISTS bs_json_vocab ("
		       "  seq INTEGER PRIMARY KEY, id INTEGER, term TEXT,"
		       "  gloss TEXT, note TEXT, created INTEGER);"
		       "CREATE TEMP TABLE IF NOT EXISTS bs_json_vocab_context ("
		       "  seq INTEGER PRIMARY KEY, entry INTEGER, en TEXT,"
		       "  zh TEXT, episode_id INTEGER, title TEXT, podcast TEXT,"
		       "  date TEXT, source_url TEXT, at REAL, saved INTEGER);"
		       "CREATE INDEX IF NOT EXISTS temp.bs_json_vocab_by_entry"
		       "  ON bs_json_vocab_context(entry, seq);"
		       "DELETE FROM bs_json_vocab;"
		       "DELETE FROM bs_json_vocab_context",
		       "writing JSON") != 0)
		goto out;
	stmt = store_prepare(st, "INSERT INTO bs_json_vocab VALUES "
			     "(?1, ?2, ?3, ?4, ?5, ?6)");
	cstmt = store_prepare(st, "INSERT INTO bs_json_vocab_context VALUES "
			      "(NULL, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
	if (!stmt || !cstmt)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const struct vocab_entry *e = &v[i];
		sqlite3_bind_int64(stmt, 1, (sqlite3_int64)i);
		sqlite3_bind_int64(stmt, 2, e->id);
		store_bind_text(stmt, 3, e->term);
		store_bind_text(stmt, 4, e->gloss);
		store_bind_text(stmt, 5, e->note);
		sqlite3_bind_int64(stmt, 6, (sqlite3_int64)e->created);
		if (store_step_done(st, stmt, "writing JSON") != 0)
			goto out;
		for (size_t j = 0; j < e->n_contexts; j++) {
			const struct vocab_context *c = &e->contexts[j];
			sqlite3_bind_int64(cstmt, 1, (sqlite3_int64)i);
			store_bind_text(cstmt, 2, c->en);
			store_bind_text(cstmt, 3, c->zh);
			sqlite3_bind_int64(cstmt, 4, c->episode_id);
			store_bind_text(cstmt, 5, c->title);
			store_bind_text(cstmt, 6, c->podcast);
			store_bind_text(cstmt, 7, c->date);
			store_bind_text(cstmt, 8, c->source_url);
			sqlite3_bind_double(cstmt, 9, c->at);
			sqlite3_bind_int64(cstmt, 10, (sqlite3_int64)c->saved);
			if (store_step_done(st, cstmt, "writing JSON") != 0)
				goto out;
		}
	}
	sqlite3_finalize(stmt);
	sqlite3_finalize(cstmt);
	cstmt = NULL;

	/* Plain scans go in seq order, the order json_group_array sees. A
	 * subquery's value loses its JSON subtype, hence the json() around
	 * the contexts. Times are ISO 8601 UTC; 0 (unknown) and an episode
	 * id of 0 (episode gone) are null. */
	stmt = store_prepare(st,
		"SELECT json_group_array(json_object("
		"  'id', nullif(e.id, 0), 'term', e.term, 'gloss', e.gloss,"
		"  'note', e.note,"
		"  'created', strftime('%Y-%m-%dT%H:%M:%SZ',"
		"                      nullif(e.created, 0), 'unixepoch'),"
		"  'contexts', json((SELECT json_group_array(json_object("
		"    'en', c.en, 'zh', c.zh,"
		"    'episode_id', nullif(c.episode_id, 0), 'title', c.title,"
		"    'podcast', c.podcast, 'date', c.date,"
		"    'source_url', c.source_url, 'at', c.at,"
		"    'saved', strftime('%Y-%m-%dT%H:%M:%SZ',"
		"                      nullif(c.saved, 0), 'unixepoch')))"
		"    FROM bs_json_vocab_context c WHERE c.entry = e.seq))))"
		" FROM bs_json_vocab e");
	if (!stmt)
		goto out;
	json = store_step_string(st, stmt, "writing JSON");
out:
	sqlite3_finalize(stmt);
	sqlite3_finalize(cstmt);
	store_rollback(st);
	return json;
}

char *store_vocab_json(struct store *st, const char *filter)
{
	struct vocab_entry *v;
	size_t n;
	if (store_vocab_list(st, STORE_VOCAB_BY_DATE, filter, &v, &n) != 0)
		return NULL;
	char *json = store_vocab_entries_json(st, v, n);
	vocab_entries_free(v, n);
	return json;
}

/* The "glossary" array cut out of store_episode_json's object with
 * json_extract, so the two outputs cannot disagree. */
char *store_glossary_json(struct store *st, const struct episode *ep)
{
	char *whole = store_episode_json(st, ep);
	char *json = NULL;

	if (!whole)
		return NULL;
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT json_extract(?1, '$.glossary')");
	if (stmt) {
		store_bind_text(stmt, 1, whole);
		json = store_step_string(st, stmt, "writing JSON");
	}
	sqlite3_finalize(stmt);
	free(whole);
	return json;
}
