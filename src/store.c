/* store: the SQLite library.
 *
 * The only file that includes sqlite3.h. Conventions kept throughout:
 *   - every value reaches SQL through a bound parameter, never through the
 *     text of a statement;
 *   - a write of more than one statement runs inside BEGIN IMMEDIATE ...
 *     COMMIT and rolls back on any failure, so the library is either fully
 *     changed or exactly as before (a single-statement write is already its
 *     own transaction);
 *   - a failure leaves its reason in st->err and returns -1;
 *   - JSON is built and parsed by SQLite's json1 functions only. */
#include "buildspeak/store.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buildspeak/alloc.h"
#include "buildspeak/glossary.h"
#include "buildspeak/text.h"

/* Marks the file as ours (PRAGMA application_id), so a --db pointing at
 * some other program's SQLite file is refused instead of migrated. 'BSpk'. */
#define STORE_APPLICATION_ID 0x4253706b

/* How long a write waits for another process's write to finish. */
#define STORE_BUSY_MS 5000

struct store {
	sqlite3 *db;
	char err[512]; /* the last failure's message; "" when none yet */
};

/* ---- schema ---------------------------------------------------------------
 *
 * migrations[i] takes the schema from version i to version i + 1. Each runs
 * in its own transaction together with the PRAGMA user_version that records
 * it, so a crash mid-migration leaves the previous version intact. Never
 * edit a step that has shipped: append a new one. */
static const char *const store_migrations[] = {
	/* 1: episodes, their segments and their glossary. */
	"CREATE TABLE episodes ("
	"  id INTEGER PRIMARY KEY,"
	"  title TEXT NOT NULL,"
	"  podcast TEXT NOT NULL DEFAULT '',"
	"  date TEXT NOT NULL DEFAULT '',"           /* YYYY-MM-DD or '' */
	"  source_url TEXT NOT NULL DEFAULT '',"
	"  audio TEXT NOT NULL DEFAULT '',"
	"  words INTEGER NOT NULL DEFAULT 0,"
	"  reading_minutes INTEGER NOT NULL DEFAULT 0,"
	"  duration REAL NOT NULL DEFAULT 0,"        /* seconds */
	"  imported_at INTEGER NOT NULL"             /* unix time */
	");"
	"CREATE INDEX episodes_by_source ON episodes(source_url);"
	"CREATE INDEX episodes_by_ident ON episodes(podcast, date, title);"
	"CREATE INDEX episodes_by_date ON episodes(date, id);"
	"CREATE TABLE segments ("
	"  episode_id INTEGER NOT NULL"
	"    REFERENCES episodes(id) ON DELETE CASCADE,"
	"  idx INTEGER NOT NULL,"                    /* 0-based, in time order */
	"  speaker INTEGER NOT NULL"
	"    CONSTRAINT \"speaker must be >= 1\" CHECK (speaker >= 1),"
	"  start REAL NOT NULL"                      /* seconds */
	"    CONSTRAINT \"start must be >= 0\" CHECK (start >= 0),"
	"  \"end\" REAL NOT NULL"                    /* seconds */
	"    CONSTRAINT \"end must not be before start\" CHECK (\"end\" >= start),"
	"  en TEXT NOT NULL,"
	"  zh TEXT NOT NULL,"
	"  PRIMARY KEY (episode_id, idx)"
	") WITHOUT ROWID;"
	"CREATE TABLE terms ("
	"  episode_id INTEGER NOT NULL"
	"    REFERENCES episodes(id) ON DELETE CASCADE,"
	"  idx INTEGER NOT NULL,"                    /* glossary order */
	"  term TEXT NOT NULL,"
	"  gloss TEXT NOT NULL DEFAULT '',"
	"  count INTEGER NOT NULL DEFAULT 1,"
	"  first_segment INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (episode_id, idx)"
	") WITHOUT ROWID;",

	/* 2: reading progress and the vocabulary book. A context copies its
	 * sentence and episode metadata, and its episode_id is SET NULL (not
	 * cascaded) when the episode goes, so the book outlives the library's
	 * episodes. term_key is text_fold(term), computed in C: SQLite's own
	 * lower() only knows ASCII. */
	"CREATE TABLE progress ("
	"  episode_id INTEGER PRIMARY KEY"
	"    REFERENCES episodes(id) ON DELETE CASCADE,"
	"  position REAL NOT NULL DEFAULT 0,"        /* seconds */
	"  segment INTEGER NOT NULL DEFAULT -1,"
	"  opened_at INTEGER NOT NULL,"              /* unix time */
	"  opened_seq INTEGER NOT NULL"              /* orders opens in a second */
	");"
	"CREATE TABLE vocab ("
	"  id INTEGER PRIMARY KEY,"
	"  term TEXT NOT NULL CONSTRAINT \"empty term\" CHECK (term <> ''),"
	"  term_key TEXT NOT NULL UNIQUE,"
	"  gloss TEXT NOT NULL DEFAULT '',"
	"  note TEXT NOT NULL DEFAULT '',"
	"  created INTEGER NOT NULL,"                /* unix time */
	"  updated INTEGER NOT NULL"                 /* unix time */
	");"
	"CREATE TABLE vocab_context ("
	"  id INTEGER PRIMARY KEY,"
	"  vocab_id INTEGER NOT NULL REFERENCES vocab(id) ON DELETE CASCADE,"
	"  en TEXT NOT NULL,"
	"  zh TEXT NOT NULL DEFAULT '',"
	"  episode_id INTEGER REFERENCES episodes(id) ON DELETE SET NULL,"
	"  title TEXT NOT NULL DEFAULT '',"
	"  podcast TEXT NOT NULL DEFAULT '',"
	"  date TEXT NOT NULL DEFAULT '',"
	"  source_url TEXT NOT NULL DEFAULT '',"
	"  at REAL NOT NULL DEFAULT 0,"              /* seconds */
	"  saved INTEGER NOT NULL,"                  /* unix time */
	"  UNIQUE (vocab_id, en)"
	");"
	"CREATE INDEX vocab_context_by_episode ON vocab_context(episode_id);",

	/* 3: the segments' times without their text. A segment's row holds
	 * its text, ~0.8 kB on the sample, so the table's b-tree spills into
	 * overflow pages and any scan of it (the list's segment count, the
	 * reader's time table) reads every page of text: 21 MB for 10,000
	 * segments. This index is ~30 bytes a segment. */
	"CREATE INDEX segments_times ON segments"
	"(episode_id, idx, speaker, start, \"end\");",
};

#define STORE_SCHEMA_VERSION \
	((int)(sizeof store_migrations / sizeof store_migrations[0]))

/* ---- small helpers ------------------------------------------------------- */

static int store_fail(struct store *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Records a failure message and returns -1. */
static int store_fail(struct store *st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(st->err, sizeof st->err, fmt, ap);
	va_end(ap);
	return -1;
}

/* Records "what: <SQLite's message>" and returns -1. */
static int store_fail_db(struct store *st, const char *what)
{
	return store_fail(st, "%s: %s", what, sqlite3_errmsg(st->db));
}

static sqlite3_stmt *store_prepare(struct store *st, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		store_fail_db(st, "preparing a statement");
		sqlite3_finalize(stmt);
		return NULL;
	}
	return stmt;
}

static int store_exec(struct store *st, const char *sql, const char *what)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail_db(st, what);
	return 0;
}

/* BEGIN IMMEDIATE takes the write lock at once (waiting up to the busy
 * timeout), so a transaction never fails half-way for lack of it. */
static int store_begin(struct store *st)
{
	return store_exec(st, "BEGIN IMMEDIATE", "starting a transaction");
}

static int store_commit(struct store *st)
{
	return store_exec(st, "COMMIT", "committing");
}

/* Rolls back, keeping the message of the failure that caused it. */
static void store_rollback(struct store *st)
{
	if (sqlite3_get_autocommit(st->db))
		return; /* SQLite already rolled back (e.g. on SQLITE_FULL) */
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Steps a write statement to completion and resets it for reuse. */
static int store_step_done(struct store *st, sqlite3_stmt *stmt,
			   const char *what)
{
	int rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail_db(st, what);
	return 0;
}

/* Steps a query for one id (first column of the first row), finalizes
 * it and returns the id, 0 when there is no row, -1 on failure. */
static long long step_id(struct store *st, sqlite3_stmt *stmt,
			 const char *what)
{
	long long id = 0;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(stmt, 0);
	else if (rc != SQLITE_DONE)
		id = store_fail_db(st, what);
	sqlite3_finalize(stmt);
	return id;
}

/* Runs a one-statement write with ?1 = id and, when text is not NULL,
 * ?2 = text. Returns the number of rows it changed, or -1. */
static int store_write_id(struct store *st, const char *sql, long long id,
			  const char *text, const char *what)
{
	sqlite3_stmt *stmt = store_prepare(st, sql);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	if (text)
		sqlite3_bind_text(stmt, 2, text, -1, SQLITE_STATIC);
	int rc = store_step_done(st, stmt, what);
	sqlite3_finalize(stmt);
	return rc != 0 ? -1 : sqlite3_changes(st->db);
}

static void bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	/* SQLITE_STATIC: every caller steps before the string can change. */
	sqlite3_bind_text(stmt, i, s ? s : "", -1, SQLITE_STATIC);
}

/* A column as a new string; NULL reads as "". */
static char *col_str(sqlite3_stmt *stmt, int i)
{
	const char *s = (const char *)sqlite3_column_text(stmt, i);
	return xstrdup(s ? s : "");
}

static const char *col_text(sqlite3_stmt *stmt, int i)
{
	const char *s = (const char *)sqlite3_column_text(stmt, i);
	return s ? s : "";
}

/* SQL function bs_fold(x): text_fold() for queries, so filtering is
 * case-insensitive beyond ASCII. Used in queries only, never in the schema,
 * so the file stays readable by the plain sqlite3 shell. */
static void sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	if (!s) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_text(ctx, text_fold(s), -1, free);
}

/* ---- opening -------------------------------------------------------------- */

char *store_default_path(const char *db_option)
{
	if (db_option && *db_option)
		return xstrdup(db_option);
	const char *env = getenv("BUILDSPEAK_DB");
	if (env && *env)
		return xstrdup(env);
	/* The XDG spec says a relative XDG_DATA_HOME is invalid: ignore it. */
	env = getenv("XDG_DATA_HOME");
	if (env && env[0] == '/')
		return xasprintf("%s/buildspeak/library.db", env);
	const char *home = getenv("HOME");
	if (!home || !*home) {
		const struct passwd *pw = getpwuid(getuid());
		home = pw && pw->pw_dir ? pw->pw_dir : ".";
	}
	return xasprintf("%s/.local/share/buildspeak/library.db", home);
}

/* mkdir -p of the directory part of path; new directories are private
 * (0700): the library is the learner's own data. */
static int make_parent_dirs(const char *path, char *err, size_t errsize)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir) {
		free(dir);
		return 0;
	}
	*slash = '\0';
	for (char *p = dir + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		struct stat sb;
		int e = mkdir(dir, 0700) == 0 ? 0 : errno;
		/* An existing directory may answer EACCES rather than EEXIST
		 * when its parent is not writable. */
		if (e && e != EEXIST &&
		    !(stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode))) {
			snprintf(err, errsize, "%s: cannot create directory: %s",
				 dir, strerror(e));
			free(dir);
			return -1;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	struct stat sb;
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		snprintf(err, errsize, "%s: not a directory", dir);
		free(dir);
		return -1;
	}
	free(dir);
	return 0;
}

/* One integer from a statement without parameters (a PRAGMA); -1 on error. */
static long long query_int(struct store *st, const char *sql)
{
	sqlite3_stmt *stmt = store_prepare(st, sql);
	if (!stmt)
		return -1;
	long long v = -1;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	else
		store_fail_db(st, "reading the library");
	sqlite3_finalize(stmt);
	return v;
}

/* Brings the schema up to STORE_SCHEMA_VERSION, one transaction a step.
 * The version is re-read inside each transaction: another process may have
 * migrated the file while we waited for the lock. */
static int store_migrate(struct store *st, const char *path)
{
	long long version = query_int(st, "PRAGMA user_version");
	if (version < 0)
		return -1;
	if (version > STORE_SCHEMA_VERSION)
		return store_fail(st, "%s: the library is at schema version %lld, "
				  "newer than this buildspeak knows (%d): "
				  "use a newer buildspeak", path, version,
				  STORE_SCHEMA_VERSION);
	if (version > 0 && query_int(st, "PRAGMA application_id")
	    != STORE_APPLICATION_ID)
		return store_fail(st, "%s: not a buildspeak library", path);

	while (version < STORE_SCHEMA_VERSION) {
		if (store_begin(st) != 0)
			return -1;
		version = query_int(st, "PRAGMA user_version");
		if (version < 0)
			goto fail;
		if (version > STORE_SCHEMA_VERSION) {
			store_fail(st, "%s: the library was just migrated to "
				   "schema version %lld by a newer buildspeak",
				   path, version);
			goto fail;
		}
		if (version == STORE_SCHEMA_VERSION) {
			store_rollback(st);
			break;
		}
		if (version == 0) {
			long long tables = query_int(st, "SELECT count(*) FROM "
						     "sqlite_schema");
			if (tables < 0)
				goto fail;
			if (tables > 0) {
				store_fail(st, "%s: not a buildspeak library "
					   "(it holds other tables)", path);
				goto fail;
			}
		}
		char what[64];
		snprintf(what, sizeof what, "migrating to schema version %lld",
			 version + 1);
		if (store_exec(st, store_migrations[version], what) != 0)
			goto fail;
		char *sql = version == 0
			? xasprintf("PRAGMA application_id = %d;"
				    "PRAGMA user_version = 1",
				    STORE_APPLICATION_ID)
			: xasprintf("PRAGMA user_version = %lld", version + 1);
		int rc = store_exec(st, sql, what);
		free(sql);
		if (rc != 0 || store_commit(st) != 0)
			goto fail;
		version++;
	}
	return 0;
fail:
	store_rollback(st);
	return -1;
}

struct store *store_open(const char *path, char *err, size_t errsize)
{
	if (!path || !*path) {
		snprintf(err, errsize, "no library path");
		return NULL;
	}
	if (strcmp(path, ":memory:") != 0 &&
	    make_parent_dirs(path, err, errsize) != 0)
		return NULL;

	struct store *st = xcalloc(1, sizeof *st);
	/* NOMUTEX: a store is used by one thread (libmpv's threads never
	 * see it), so the connection need not lock a mutex in every API
	 * call -- a quarter of the time of reading 10,000 segments' times. */
	int rc = sqlite3_open_v2(path, &st->db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				 SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errsize, "%s: %s", path,
			 st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		store_close(st);
		return NULL;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);

	/* WAL: readers never block the writer, so two readers open on one
	 * library both work. synchronous=NORMAL is durable against a killed
	 * process (only power loss can drop the last commits), and saves an
	 * fsync per commit. */
	sqlite3_stmt *stmt = store_prepare(st, "PRAGMA journal_mode = WAL");
	if (!stmt || (rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		if (stmt)
			store_fail_db(st, "setting WAL mode");
		sqlite3_finalize(stmt);
		snprintf(err, errsize, "%s: %s", path, st->err);
		store_close(st);
		return NULL;
	}
	sqlite3_finalize(stmt);

	if (store_exec(st, "PRAGMA foreign_keys = ON;"
		       "PRAGMA synchronous = NORMAL", "configuring") != 0 ||
	    sqlite3_create_function_v2(st->db, "bs_fold", 1,
				       SQLITE_UTF8 | SQLITE_DETERMINISTIC,
				       NULL, sql_fold, NULL, NULL,
				       NULL) != SQLITE_OK ||
	    store_migrate(st, path) != 0) {
		if (!st->err[0])
			store_fail_db(st, "setting up");
		if (strncmp(st->err, path, strlen(path)) == 0)
			snprintf(err, errsize, "%s", st->err);
		else
			snprintf(err, errsize, "%s: %s", path, st->err);
		store_close(st);
		return NULL;
	}
	return st;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	sqlite3_close(st->db); /* every statement is finalized by now */
	free(st);
}

const char *store_error(const struct store *st)
{
	return st && st->err[0] ? st->err : "no error";
}

int store_schema_version(struct store *st)
{
	return (int)query_int(st, "PRAGMA user_version");
}

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
	return (long)query_int(st, "SELECT count(*) FROM episodes");
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
		bind_text(stmt, 1, ep->source_url);
	} else {
		bind_text(stmt, 2, ep->podcast);
		bind_text(stmt, 3, ep->date);
		bind_text(stmt, 4, ep->title);
	}
	return step_id(st, stmt, "looking for the episode");
}

/* The statements that store an episode's body in the library: the
 * parameters store_insert_body binds. */
static const char segments_insert[] =
	"INSERT INTO segments (episode_id, idx, speaker, start, \"end\", en, zh) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char terms_insert[] =
	"INSERT INTO terms (episode_id, idx, term, gloss, count, first_segment) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/* Inserts the segments and the glossary of ep as episode id with seg_sql
 * (?1 id, ?2 index, ?3 speaker, ?4 start, ?5 end, ?6 en, ?7 zh; a NULL
 * text is bound as NULL) and term_sql (?1 id, ?2 index, ?3 term, ?4 gloss,
 * ?5 count, ?6 first segment); a statement may leave parameters unused.
 * One prepared statement per table, reused, is what keeps a 10,000-segment
 * import well under a second. Runs inside the caller's transaction. */
static int store_insert_body(struct store *st, const struct episode *ep,
			     long long id, const char *seg_sql,
			     const char *term_sql)
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
			bind_text(seg, 6, s->en);
		else
			sqlite3_bind_null(seg, 6);
		if (s->zh)
			bind_text(seg, 7, s->zh);
		else
			sqlite3_bind_null(seg, 7);
		int rc = sqlite3_step(seg);
		sqlite3_reset(seg);
		if (rc != SQLITE_DONE) {
			store_fail(st, "segment %zu: %s", i + 1,
				   sqlite3_errmsg(st->db));
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
		bind_text(term, 3, t->term);
		bind_text(term, 4, t->gloss);
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
 * ?2 title .. ?9 duration, ?10 imported_at. */
static void bind_metadata(sqlite3_stmt *stmt, const struct episode *ep)
{
	bind_text(stmt, 2, ep->title);
	bind_text(stmt, 3, ep->podcast);
	bind_text(stmt, 4, ep->date);
	bind_text(stmt, 5, ep->source_url);
	bind_text(stmt, 6, ep->audio);
	sqlite3_bind_int(stmt, 7, ep->words);
	sqlite3_bind_int(stmt, 8, ep->reading_minutes);
	sqlite3_bind_double(stmt, 9, ep->duration);
	sqlite3_bind_int64(stmt, 10, (sqlite3_int64)time(NULL));
}

int store_episode_save(struct store *st, struct episode *ep,
		       long long replace_id)
{
	if (!ep->title || !*ep->title)
		return store_fail(st, "the episode has no title");
	if (store_begin(st) != 0)
		return -1;

	long long id = replace_id;
	sqlite3_stmt *stmt;
	if (replace_id) {
		stmt = store_prepare(st,
			"UPDATE episodes SET title = ?2, podcast = ?3, date = ?4, "
			"source_url = ?5, audio = ?6, words = ?7, "
			"reading_minutes = ?8, duration = ?9, imported_at = ?10 "
			"WHERE id = ?1");
		if (!stmt)
			goto fail;
		sqlite3_bind_int64(stmt, 1, replace_id);
		bind_metadata(stmt, ep);
		int rc = store_step_done(st, stmt, "updating the episode");
		sqlite3_finalize(stmt);
		if (rc != 0)
			goto fail;
		if (sqlite3_changes(st->db) != 1) {
			store_fail(st, "no episode %lld", replace_id);
			goto fail;
		}
		if (store_write_id(st, "DELETE FROM segments WHERE "
				   "episode_id = ?1", id, NULL,
				   "replacing the segments") < 0 ||
		    store_write_id(st, "DELETE FROM terms WHERE episode_id = ?1",
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
			"audio, words, reading_minutes, duration, imported_at) "
			"VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
		if (!stmt)
			goto fail;
		bind_metadata(stmt, ep);
		int rc = store_step_done(st, stmt, "storing the episode");
		sqlite3_finalize(stmt);
		if (rc != 0)
			goto fail;
		id = sqlite3_last_insert_rowid(st->db);
	}

	if (store_insert_body(st, ep, id, segments_insert, terms_insert) != 0 ||
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
			store_fail(st, "no episode %lld", id);
		else
			store_fail_db(st, "loading the episode");
		sqlite3_finalize(stmt);
		store_rollback(st);
		return -1;
	}
	struct episode *ep = episode_new();
	ep->id = id;
	episode_set(&ep->title, col_text(stmt, 0));
	episode_set(&ep->podcast, col_text(stmt, 1));
	episode_set(&ep->date, col_text(stmt, 2));
	episode_set(&ep->source_url, col_text(stmt, 3));
	episode_set(&ep->audio, col_text(stmt, 4));
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
					    col_str(stmt, 3), col_str(stmt, 4),
					    0);
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
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		episode_add_term(ep, col_text(stmt, 0), col_text(stmt, 1),
				 sqlite3_column_int(stmt, 2),
				 sqlite3_column_int(stmt, 3));
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
			seg->en = col_str(stmt, 4);
			seg->zh = col_str(stmt, 5);
		}
		next++;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail_db(st, "loading the segments' text");
	if (next != to)
		return store_fail(st, "episode %lld changed in the library "
				  "since it was opened (segment %zu): open it "
				  "again", ep->id, next + 1);
	return 0;
}

int store_episode_list(struct store *st, struct episode_summary **out,
		       size_t *n)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT e.id, e.title, e.podcast, e.date, e.source_url, e.audio, "
		"e.words, e.reading_minutes, e.duration, "
		"(SELECT count(*) FROM segments s WHERE s.episode_id = e.id), "
		"p.position, p.segment, p.opened_at "
		"FROM episodes e LEFT JOIN progress p ON p.episode_id = e.id "
		"ORDER BY e.date DESC, e.id DESC");
	if (!stmt)
		return -1;
	struct episode_summary *v = NULL;
	size_t len = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		xgrow((void **)&v, &cap, len + 1, sizeof *v);
		struct episode_summary *s = &v[len++];
		s->id = sqlite3_column_int64(stmt, 0);
		s->title = col_str(stmt, 1);
		s->podcast = col_str(stmt, 2);
		s->date = col_str(stmt, 3);
		s->source_url = col_str(stmt, 4);
		s->audio = col_str(stmt, 5);
		s->words = sqlite3_column_int(stmt, 6);
		s->reading_minutes = sqlite3_column_int(stmt, 7);
		s->duration = sqlite3_column_double(stmt, 8);
		s->n_segments = sqlite3_column_int(stmt, 9);
		bool has_progress = sqlite3_column_type(stmt, 10) != SQLITE_NULL;
		s->position = has_progress ? sqlite3_column_double(stmt, 10) : 0;
		s->progress_segment = has_progress
			? sqlite3_column_int(stmt, 11) : -1;
		s->opened_at = has_progress ? sqlite3_column_int64(stmt, 12) : 0;
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
		return store_fail(st, "no episode %lld", id);
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

/* ---- JSON out ---------------------------------------------------------------- */

/* The first column of the single row of stmt as a new string, or NULL. */
static char *step_string(struct store *st, sqlite3_stmt *stmt,
			 const char *what)
{
	char *s = NULL;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(stmt, 0);
		s = xstrdup(t ? t : "");
	} else {
		store_fail_db(st, what);
	}
	return s;
}

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
	bind_text(stmt, 2, ep->title);
	bind_text(stmt, 3, ep->podcast);
	bind_text(stmt, 4, ep->date);
	bind_text(stmt, 5, ep->source_url);
	bind_text(stmt, 6, ep->audio);
	sqlite3_bind_int(stmt, 7, ep->words);
	sqlite3_bind_int(stmt, 8, ep->reading_minutes);
	sqlite3_bind_double(stmt, 9, ep->duration);
	json = step_string(st, stmt, "writing JSON");
out:
	sqlite3_finalize(stmt);
	store_rollback(st);
	return json;
}

char *store_list_json(struct store *st)
{
	/* The ORDER BY subquery is not flattened into the aggregate, so
	 * json_group_array sees the rows in list order. */
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT json_group_array(json_object('id', id, 'title', title, "
		"'podcast', podcast, 'date', date, 'source_url', source_url, "
		"'audio', audio, 'words', words, "
		"'reading_minutes', reading_minutes, 'segments', "
		"(SELECT count(*) FROM segments s WHERE s.episode_id = e.id))) "
		"FROM (SELECT * FROM episodes ORDER BY date DESC, id DESC) e");
	if (!stmt)
		return NULL;
	char *json = step_string(st, stmt, "listing the episodes");
	sqlite3_finalize(stmt);
	return json;
}

/* ---- JSON in --------------------------------------------------------------- */

/* Parsing state: where messages go. */
struct json_in {
	char *err;
	size_t errsize;
};

static int json_fail(struct json_in *in, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int json_fail(struct json_in *in, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(in->err, in->errsize, fmt, ap);
	va_end(ap);
	return -1;
}

/* One JSON value as json1 reports it (json_type + json_extract, or a
 * json_tree row's type + atom). */
enum json_kind { JSON_ABSENT, JSON_NULL, JSON_TEXT, JSON_INTEGER, JSON_REAL,
		 JSON_OTHER };

struct json_val {
	enum json_kind kind;
	char *text;  /* JSON_TEXT: the decoded string, owned */
	size_t len;  /* bytes in text */
	double num;  /* JSON_INTEGER, JSON_REAL */
};

static void json_val_clear(struct json_val *v)
{
	free(v->text);
	memset(v, 0, sizeof *v);
}

/* Fills v from a type column (json1's type names; SQL NULL when absent)
 * and the value column next to it. */
static void json_val_read(struct json_val *v, sqlite3_stmt *stmt,
			  int type_col, int value_col)
{
	json_val_clear(v);
	const char *type = (const char *)sqlite3_column_text(stmt, type_col);
	if (!type)
		v->kind = JSON_ABSENT;
	else if (strcmp(type, "null") == 0)
		v->kind = JSON_NULL;
	else if (strcmp(type, "text") == 0)
		v->kind = JSON_TEXT;
	else if (strcmp(type, "integer") == 0)
		v->kind = JSON_INTEGER;
	else if (strcmp(type, "real") == 0)
		v->kind = JSON_REAL;
	else
		v->kind = JSON_OTHER;
	if (v->kind == JSON_TEXT) {
		const char *s = (const char *)sqlite3_column_text(stmt,
								  value_col);
		v->len = (size_t)sqlite3_column_bytes(stmt, value_col);
		v->text = xmalloc(v->len + 1);
		memcpy(v->text, s ? s : "", v->len);
		v->text[v->len] = '\0';
	} else if (v->kind == JSON_INTEGER || v->kind == JSON_REAL) {
		v->num = sqlite3_column_double(stmt, value_col);
	}
}

/* The string v, checked and NFC-normalised into *out (new string). what
 * names the field in messages. A missing or null field gives def, or is an
 * error when def is NULL; an empty string is refused when nonempty. */
static int json_string(struct json_in *in, const struct json_val *v,
		       const char *what, const char *def, bool nonempty,
		       char **out)
{
	if (v->kind == JSON_ABSENT || v->kind == JSON_NULL) {
		if (!def)
			return json_fail(in, "%s: missing", what);
		*out = xstrdup(def);
		return 0;
	}
	if (v->kind != JSON_TEXT)
		return json_fail(in, "%s: not a string", what);
	size_t bad = 0;
	/* A lone surrogate escape decodes to bytes that are not valid UTF-8:
	 * the check of the raw document cannot see those. */
	if (!text_valid(v->text, v->len, &bad))
		return json_fail(in, "%s: invalid UTF-8 at byte %zu", what,
				 bad);
	if (nonempty && v->len == 0)
		return json_fail(in, "%s: empty", what);
	*out = text_nfc(v->text);
	return 0;
}

/* The number v; integer_only refuses reals. Missing or null: *present is
 * false and *out untouched. */
static int json_number(struct json_in *in, const struct json_val *v,
		       const char *what, bool integer_only, double *out,
		       bool *present)
{
	*present = false;
	if (v->kind == JSON_ABSENT || v->kind == JSON_NULL)
		return 0;
	if (v->kind != JSON_INTEGER && (integer_only || v->kind != JSON_REAL))
		return json_fail(in, "%s: not %s", what,
				 integer_only ? "an integer" : "a number");
	if (!isfinite(v->num))
		return json_fail(in, "%s: out of range", what);
	*out = v->num;
	*present = true;
	return 0;
}

/* An integer in [min, INT_MAX]; *present as for json_number. */
static int json_int(struct json_in *in, const struct json_val *v,
		    const char *what, int min, int *out, bool *present)
{
	double d = 0;
	if (json_number(in, v, what, true, &d, present) != 0)
		return -1;
	if (!*present)
		return 0;
	if (d < min || d > INT_MAX)
		return json_fail(in, "%s: %.15g out of range (%d or more)",
				 what, d, min);
	*out = (int)d;
	return 0;
}

/* A required number (or integer, min 1) field. */
static int json_required(struct json_in *in, const struct json_val *v,
			 const char *what, bool integer, double *out)
{
	bool present = false;
	int i = 0;
	int rc = integer ? json_int(in, v, what, 1, &i, &present)
			 : json_number(in, v, what, false, out, &present);
	if (rc != 0)
		return -1;
	if (!present)
		return json_fail(in, "%s: missing", what);
	if (integer)
		*out = i;
	return 0;
}

static bool valid_date(const char *d)
{
	if (!*d)
		return true;
	for (int i = 0; i < 10; i++) {
		bool dash = i == 4 || i == 7;
		if (dash ? d[i] != '-' : (d[i] < '0' || d[i] > '9'))
			return false;
	}
	return d[10] == '\0';
}

/* The top-level fields: a row of (json_type, json_extract) pairs for
 * title, podcast, date, source_url, audio, words, reading_minutes,
 * duration, then the types of segments and glossary. */
static int json_read_metadata(struct json_in *in, sqlite3_stmt *stmt,
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
	struct json_val v = { 0 };
	int ret = -1;
	for (int i = 0; i < 5; i++) {
		char *s = NULL;
		json_val_read(&v, stmt, 2 * i, 2 * i + 1);
		if (json_string(in, &v, names[i], i == 0 ? NULL : "", i == 0,
				&s) != 0)
			goto out;
		free(*fields[i]);
		*fields[i] = s;
	}
	if (!valid_date(ep->date)) {
		json_fail(in, "date: \"%s\" is not YYYY-MM-DD", ep->date);
		goto out;
	}

	bool p_words, p_minutes, p_duration;
	int words = 0, minutes = 0;
	double duration = 0;
	json_val_read(&v, stmt, 10, 11);
	if (json_int(in, &v, "words", 0, &words, &p_words) != 0)
		goto out;
	json_val_read(&v, stmt, 12, 13);
	if (json_int(in, &v, "reading_minutes", 0, &minutes, &p_minutes))
		goto out;
	json_val_read(&v, stmt, 14, 15);
	if (json_number(in, &v, "duration", false, &duration, &p_duration))
		goto out;
	if (p_duration && duration < 0) {
		json_fail(in, "duration: %.15g is negative", duration);
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
		json_fail(in, "segments: missing");
		goto out;
	}
	if (strcmp(seg_type, "array") != 0) {
		json_fail(in, "segments: not an array");
		goto out;
	}
	const char *gl_type = (const char *)sqlite3_column_text(stmt, 17);
	*have_glossary = gl_type && strcmp(gl_type, "null") != 0;
	if (*have_glossary && strcmp(gl_type, "array") != 0) {
		json_fail(in, "glossary: not an array");
		goto out;
	}
	ret = 0;
out:
	json_val_clear(&v);
	return ret;
}

/* Called for each element of an array of objects with its members, in the
 * order of the names given to json_read_objects; n counts from 1. */
typedef int (*json_object_fn)(struct json_in *in, size_t n,
			      const struct json_val *members, void *ctx);

/* Walks an array of objects with one json_tree statement (columns id,
 * parent, key, type, atom; the array itself first), which is one parse and
 * one pass: several times faster than json_extract per member on 10,000
 * segments. Rows come in document order: an element, then its members,
 * then anything nested deeper (ignored). A member named twice keeps its
 * first value, as json_extract would. *count gets the number of elements. */
static int json_read_objects(struct json_in *in, sqlite3_stmt *stmt,
			     const char *what, const char *const *names,
			     size_t n_names, json_object_fn fn, void *ctx,
			     size_t *count)
{
	struct json_val *members = xcalloc(n_names, sizeof *members);
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
				json_val_clear(&members[i]);
			n++;
			const char *type = col_text(stmt, 3);
			if (strcmp(type, "object") != 0) {
				json_fail(in, "%s %zu: not an object", what, n);
				goto out;
			}
			element = id;
		} else if (parent == element) {
			const char *key = col_text(stmt, 2);
			for (size_t i = 0; i < n_names; i++) {
				if (strcmp(key, names[i]) == 0) {
					if (members[i].kind == JSON_ABSENT)
						json_val_read(&members[i], stmt,
							      3, 4);
					break;
				}
			}
		}
	}
	if (rc != SQLITE_DONE) {
		json_fail(in, "%s: %s", what,
			  sqlite3_errmsg(sqlite3_db_handle(stmt)));
		goto out;
	}
	if (n > 0 && fn(in, n, members, ctx) != 0)
		goto out;
	*count = n;
	ret = 0;
out:
	for (size_t i = 0; i < n_names; i++)
		json_val_clear(&members[i]);
	free(members);
	return ret;
}

static const char *const segment_members[] = {
	"speaker", "start", "end", "en", "zh",
};

/* One segment: checked, then appended to the episode (ctx). Messages count
 * segments from 1, as a reader would. */
static int json_segment(struct json_in *in, size_t n,
			const struct json_val *m, void *ctx)
{
	struct episode *ep = ctx;
	char what[64];
	double speaker = 0, start = 0, end = 0;
	snprintf(what, sizeof what, "segment %zu: speaker", n);
	if (json_required(in, &m[0], what, true, &speaker) != 0)
		return -1;
	snprintf(what, sizeof what, "segment %zu: start", n);
	if (json_required(in, &m[1], what, false, &start) != 0)
		return -1;
	snprintf(what, sizeof what, "segment %zu: end", n);
	if (json_required(in, &m[2], what, false, &end) != 0)
		return -1;
	if (start < 0)
		return json_fail(in, "segment %zu: start %.15g is negative", n,
				 start);
	if (end < start)
		return json_fail(in, "segment %zu: end %.15g before start "
				 "%.15g", n, end, start);
	if (ep->n_segments > 0 &&
	    start < ep->segments[ep->n_segments - 1].start)
		return json_fail(in, "segment %zu: start %.15g before the "
				 "previous segment's %.15g", n, start,
				 ep->segments[ep->n_segments - 1].start);
	char *en = NULL, *zh = NULL;
	snprintf(what, sizeof what, "segment %zu: en", n);
	if (json_string(in, &m[3], what, NULL, true, &en) != 0)
		return -1;
	snprintf(what, sizeof what, "segment %zu: zh", n);
	if (json_string(in, &m[4], what, NULL, true, &zh) != 0) {
		free(en);
		return -1;
	}
	episode_add_segment(ep, (int)speaker, start, end, en, zh, 0);
	return 0;
}

static const char *const term_members[] = { "term", "gloss", "count" };

/* Glossary reading state: the episode, and the glossary extracted from its
 * segments (with folded keys), where first_segment comes from. */
struct json_glossary {
	struct episode *ep;
	const struct term *built;
	char **keys;
	size_t n_built;
};

/* One glossary entry, taken as written. first_segment is not part of the
 * format: it comes from the extracted glossary, or is 0 for a term that is
 * not glossed in the segments. */
static int json_term(struct json_in *in, size_t n, const struct json_val *m,
		     void *ctx)
{
	struct json_glossary *g = ctx;
	char what[64];
	char *term = NULL, *gloss = NULL;
	int count = 1;
	bool present;
	snprintf(what, sizeof what, "glossary %zu: term", n);
	if (json_string(in, &m[0], what, NULL, true, &term) != 0)
		return -1;
	snprintf(what, sizeof what, "glossary %zu: gloss", n);
	if (json_string(in, &m[1], what, "", false, &gloss) != 0) {
		free(term);
		return -1;
	}
	snprintf(what, sizeof what, "glossary %zu: count", n);
	if (json_int(in, &m[2], what, 1, &count, &present) != 0) {
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

static void free_terms(struct term *v, size_t n)
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
static size_t find_nul_escape(const char *s, size_t len)
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

/* Prepares sql with the document bound as ?1 (no copy: it outlives the
 * statement). */
static sqlite3_stmt *json_prepare(struct store *st, struct json_in *in,
				  const char *sql, const char *json,
				  size_t len)
{
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		json_fail(in, "reading JSON: %s", sqlite3_errmsg(st->db));
		sqlite3_finalize(stmt);
		return NULL;
	}
	sqlite3_bind_text(stmt, 1, json, (int)len, SQLITE_STATIC);
	return stmt;
}

int store_episode_from_json(struct store *st, const char *json, size_t len,
			    struct episode **out, char *err, size_t errsize)
{
	struct json_in in = { err, errsize };
	size_t bad = 0;
	if (len > INT_MAX)
		return json_fail(&in, "too large for an episode");
	if (!text_valid(json, len, &bad))
		return json_fail(&in, "invalid UTF-8 or NUL at byte %zu", bad);

	struct episode *ep = episode_new();
	struct json_glossary g = { ep, NULL, NULL, 0 };
	struct term *built = NULL;
	bool have_stats = false, have_glossary = false;
	size_t n = 0;
	int ret = -1;

	/* json_type() raises an error on malformed input: ask it only of
	 * valid documents. */
	sqlite3_stmt *stmt = json_prepare(st, &in, "SELECT json_valid(?1), "
		"CASE WHEN json_valid(?1) THEN json_type(?1) END", json, len);
	if (!stmt)
		goto out;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		json_fail(&in, "reading JSON: %s", sqlite3_errmsg(st->db));
		goto out;
	}
	if (!sqlite3_column_int(stmt, 0)) {
		json_fail(&in, "not valid JSON");
		goto out;
	}
	if (strcmp(col_text(stmt, 1), "object") != 0) {
		json_fail(&in, "not a JSON object (an episode is one)");
		goto out;
	}
	sqlite3_finalize(stmt);
	stmt = NULL;
	size_t nul = find_nul_escape(json, len);
	if (nul != len) {
		json_fail(&in, "a NUL character (\\u0000) at byte %zu", nul);
		goto out;
	}

#define FIELD(name) \
	"json_type(?1, '$." name "'), json_extract(?1, '$." name "'), "
	stmt = json_prepare(st, &in, "SELECT "
		FIELD("title") FIELD("podcast") FIELD("date")
		FIELD("source_url") FIELD("audio") FIELD("words")
		FIELD("reading_minutes") FIELD("duration")
		"json_type(?1, '$.segments'), json_type(?1, '$.glossary')",
		json, len);
#undef FIELD
	if (!stmt)
		goto out;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		json_fail(&in, "reading JSON: %s", sqlite3_errmsg(st->db));
		goto out;
	}
	if (json_read_metadata(&in, stmt, ep, &have_stats, &have_glossary))
		goto out;
	sqlite3_finalize(stmt);

	stmt = json_prepare(st, &in, "SELECT id, parent, key, type, atom "
			    "FROM json_tree(?1, '$.segments')", json, len);
	if (!stmt || json_read_objects(&in, stmt, "segment", segment_members,
				       5, json_segment, ep, &n) != 0)
		goto out;
	sqlite3_finalize(stmt);
	stmt = NULL;
	if (n == 0) {
		json_fail(&in, "segments: empty: an episode needs at least one "
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
		stmt = json_prepare(st, &in, "SELECT id, parent, key, type, "
				    "atom FROM json_tree(?1, '$.glossary')",
				    json, len);
		if (!stmt || json_read_objects(&in, stmt, "glossary",
					       term_members, 3, json_term, &g,
					       &n) != 0)
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
	free_terms(built, g.n_built);
	episode_free(ep);
	return ret;
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
		return store_fail(st, "no episode %lld", episode_id);
	return store_fail_db(st, "saving the progress");
}

long long store_last_opened(struct store *st)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT episode_id FROM progress ORDER BY opened_seq DESC "
		"LIMIT 1");
	if (!stmt)
		return -1;
	return step_id(st, stmt, "reading the progress");
}

/* ---- vocabulary book ---------------------------------------------------------- */

/* Checks a user-supplied string before it reaches the book. */
static int check_text(struct store *st, const char *what, const char *s)
{
	size_t bad = 0;
	if (s && !text_valid(s, strlen(s), &bad))
		return store_fail(st, "%s: invalid UTF-8 at byte %zu", what,
				  bad);
	return 0;
}

static int check_entry(struct store *st, const struct vocab_entry *e)
{
	if (!e->term || !*e->term)
		return store_fail(st, "empty term");
	if (check_text(st, "term", e->term) || check_text(st, "gloss", e->gloss)
	    || check_text(st, "note", e->note))
		return -1;
	for (size_t i = 0; i < e->n_contexts; i++) {
		const struct vocab_context *c = &e->contexts[i];
		if (check_text(st, "sentence", c->en) ||
		    check_text(st, "translation", c->zh) ||
		    check_text(st, "title", c->title) ||
		    check_text(st, "podcast", c->podcast) ||
		    check_text(st, "date", c->date) ||
		    check_text(st, "source URL", c->source_url))
			return -1;
	}
	return 0;
}

/* Inserts the contexts of e under entry id, skipping a sentence the entry
 * already has. An episode_id that is no longer in the library is stored as
 * NULL (the context keeps its copied metadata), never a failure. */
static int store_insert_contexts(struct store *st, long long id,
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
		bind_text(stmt, 2, c->en);
		bind_text(stmt, 3, c->zh);
		sqlite3_bind_int64(stmt, 4, c->episode_id);
		bind_text(stmt, 5, c->title);
		bind_text(stmt, 6, c->podcast);
		bind_text(stmt, 7, c->date);
		bind_text(stmt, 8, c->source_url);
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
static long long vocab_id_by_key(struct store *st, const char *key)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT id FROM vocab WHERE term_key = ?1");
	if (!stmt)
		return -1;
	bind_text(stmt, 1, key);
	return step_id(st, stmt, "looking up the term");
}

/* The start of a write of entry e: checks it, sets *key to its folded
 * term (new string) and begins a transaction. Returns the id of the entry
 * already under that key, or 0; on failure -1, with *key NULL and no
 * transaction open. */
static long long vocab_begin(struct store *st, const struct vocab_entry *e,
			     char **key)
{
	*key = NULL;
	if (check_entry(st, e) != 0 || store_begin(st) != 0)
		return -1;
	*key = text_fold(e->term);
	long long id = vocab_id_by_key(st, *key);
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
	long long id = vocab_begin(st, e, &key);
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
		bind_text(stmt, 5, e->term);
		bind_text(stmt, 6, key);
		sqlite3_bind_int64(stmt, 7, (sqlite3_int64)(e->created
							    ? e->created : now));
	}
	bind_text(stmt, 2, e->gloss);
	bind_text(stmt, 3, e->note);
	sqlite3_bind_int64(stmt, 4, (sqlite3_int64)now);
	if (store_step_done(st, stmt, "saving the term") != 0)
		goto fail;
	if (!found)
		id = sqlite3_last_insert_rowid(st->db);
	if (store_insert_contexts(st, id, e, now) != 0 ||
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

/* Fills e's contexts (oldest first) with a prepared, reusable statement
 * whose ?1 is the entry id. */
static int load_contexts(struct store *st, sqlite3_stmt *stmt,
			 struct vocab_entry *e)
{
	size_t cap = 0;
	int rc;
	sqlite3_bind_int64(stmt, 1, e->id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		xgrow((void **)&e->contexts, &cap, e->n_contexts + 1,
		      sizeof *e->contexts);
		struct vocab_context *c = &e->contexts[e->n_contexts++];
		c->en = col_str(stmt, 0);
		c->zh = col_str(stmt, 1);
		c->episode_id = sqlite3_column_int64(stmt, 2); /* NULL -> 0 */
		c->title = col_str(stmt, 3);
		c->podcast = col_str(stmt, 4);
		c->date = col_str(stmt, 5);
		c->source_url = col_str(stmt, 6);
		c->at = sqlite3_column_double(stmt, 7);
		c->saved = (time_t)sqlite3_column_int64(stmt, 8);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail_db(st, "loading the contexts");
	return 0;
}

static const char context_sql[] =
	"SELECT en, zh, episode_id, title, podcast, date, source_url, at, "
	"saved FROM vocab_context WHERE vocab_id = ?1 ORDER BY saved, id";

/* Reads one vocab row (id, term, gloss, note, created) into e. */
static void read_entry(sqlite3_stmt *stmt, struct vocab_entry *e)
{
	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(stmt, 0);
	e->term = col_str(stmt, 1);
	e->gloss = col_str(stmt, 2);
	e->note = col_str(stmt, 3);
	e->created = (time_t)sqlite3_column_int64(stmt, 4);
}

/* Runs stmt (a query of vocab rows: id, term, gloss, note, created, its
 * parameters bound) and loads each entry with its contexts into *out (n
 * entries), in one read transaction so that the entries and their
 * contexts agree. Finalizes stmt. */
static int load_entries(struct store *st, sqlite3_stmt *stmt,
			const char *what, struct vocab_entry **out, size_t *n)
{
	struct vocab_entry *v = NULL;
	size_t len = 0, cap = 0;
	int rc;
	sqlite3_stmt *ctx = store_prepare(st, context_sql);
	if (!ctx || store_exec(st, "BEGIN", what) != 0)
		goto fail;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		xgrow((void **)&v, &cap, len + 1, sizeof *v);
		read_entry(stmt, &v[len++]);
		if (load_contexts(st, ctx, &v[len - 1]) != 0)
			goto fail;
	}
	if (rc != SQLITE_DONE) {
		store_fail_db(st, what);
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
	if (filter && *filter && check_text(st, "filter", filter) != 0)
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
		bind_text(stmt, 1, key);
	int rc = load_entries(st, stmt, "listing the book", out, n);
	free(key);
	return rc;
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
	if (load_entries(st, stmt, "loading the entry", &v, &n) != 0)
		return -1;
	if (n == 0) {
		free(v);
		return store_fail(st, "no entry %lld in the book", id);
	}
	*out = v[0];
	free(v);
	return 0;
}

int store_vocab_update(struct store *st, long long id, const char *gloss,
		       const char *note)
{
	if (check_text(st, "gloss", gloss) || check_text(st, "note", note))
		return -1;
	sqlite3_stmt *stmt = store_prepare(st,
		"UPDATE vocab SET gloss = coalesce(?2, gloss), "
		"note = coalesce(?3, note), updated = ?4 WHERE id = ?1");
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	if (gloss)
		bind_text(stmt, 2, gloss);
	if (note)
		bind_text(stmt, 3, note);
	sqlite3_bind_int64(stmt, 4, (sqlite3_int64)time(NULL));
	int rc = store_step_done(st, stmt, "updating the entry");
	sqlite3_finalize(stmt);
	if (rc != 0)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return store_fail(st, "no entry %lld in the book", id);
	return 0;
}

int store_vocab_remove(struct store *st, long long id)
{
	int changed = store_write_id(st, "DELETE FROM vocab WHERE id = ?1", id,
				     NULL, "removing the entry");
	if (changed < 0)
		return -1;
	if (changed == 0)
		return store_fail(st, "no entry %lld in the book", id);
	return 0;
}

long long store_vocab_find(struct store *st, const char *term)
{
	if (!term || !*term)
		return 0;
	if (check_text(st, "term", term) != 0)
		return -1;
	char *key = text_fold(term);
	long long id = vocab_id_by_key(st, key);
	free(key);
	return id;
}

int store_vocab_restore(struct store *st, const struct vocab_entry *e)
{
	if (e->id <= 0)
		return store_fail(st, "restoring an entry that was never stored");
	char *key;
	long long other = vocab_begin(st, e, &key);
	if (other < 0)
		return -1;
	time_t now = time(NULL);
	if (other > 0) {
		store_fail(st, "\"%s\" is in the book again", e->term);
		goto fail;
	}
	sqlite3_stmt *stmt = store_prepare(st,
		"INSERT INTO vocab (id, term, term_key, gloss, note, created, "
		"updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (!stmt)
		goto fail;
	sqlite3_bind_int64(stmt, 1, e->id);
	bind_text(stmt, 2, e->term);
	bind_text(stmt, 3, key);
	bind_text(stmt, 4, e->gloss);
	bind_text(stmt, 5, e->note);
	sqlite3_bind_int64(stmt, 6, (sqlite3_int64)(e->created ? e->created
							      : now));
	sqlite3_bind_int64(stmt, 7, (sqlite3_int64)now);
	int rc = sqlite3_step(stmt);
	int ext = sqlite3_extended_errcode(st->db);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		if (ext == SQLITE_CONSTRAINT_PRIMARYKEY)
			store_fail(st, "entry %lld is already in the book",
				   e->id);
		else
			store_fail_db(st, "restoring the entry");
		goto fail;
	}
	if (store_insert_contexts(st, e->id, e, now) != 0 ||
	    store_commit(st) != 0)
		goto fail;
	free(key);
	return 0;
fail:
	store_rollback(st);
	free(key);
	return -1;
}

int store_vocab_terms(struct store *st, char ***out, size_t *n)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT term FROM vocab ORDER BY term_key");
	if (!stmt)
		return -1;
	char **v = NULL;
	size_t len = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		xgrow((void **)&v, &cap, len + 1, sizeof *v);
		v[len++] = col_str(stmt, 0);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		store_strings_free(v, len);
		return store_fail_db(st, "listing the terms");
	}
	*out = v;
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
		bind_text(stmt, 3, e->term);
		bind_text(stmt, 4, e->gloss);
		bind_text(stmt, 5, e->note);
		sqlite3_bind_int64(stmt, 6, (sqlite3_int64)e->created);
		if (store_step_done(st, stmt, "writing JSON") != 0)
			goto out;
		for (size_t j = 0; j < e->n_contexts; j++) {
			const struct vocab_context *c = &e->contexts[j];
			sqlite3_bind_int64(cstmt, 1, (sqlite3_int64)i);
			bind_text(cstmt, 2, c->en);
			bind_text(cstmt, 3, c->zh);
			sqlite3_bind_int64(cstmt, 4, c->episode_id);
			bind_text(cstmt, 5, c->title);
			bind_text(cstmt, 6, c->podcast);
			bind_text(cstmt, 7, c->date);
			bind_text(cstmt, 8, c->source_url);
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
	json = step_string(st, stmt, "writing JSON");
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

/* ==== glossary JSON: added by the cli module's author for `glossary ID
 * --json`. =================================================================
 * The "glossary" array cut out of store_episode_json's object with
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
		bind_text(stmt, 1, whole);
		json = step_string(st, stmt, "writing JSON");
	}
	sqlite3_finalize(stmt);
	free(whole);
	return json;
}
