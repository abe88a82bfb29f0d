/* store: opening the library and the errors of every store call.
 *
 * The store's files share store_int.h (its conventions are written there);
 * this one decides whether a file is ours before anything is written to it,
 * opens a library that cannot be written read-only, and turns SQLite's
 * result codes into the kinds of store.h and messages a user can read. */
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buildspeak/alloc.h"
#include "buildspeak/path.h"
#include "buildspeak/text.h"

/* ---- failures --------------------------------------------------------------- */

int store_fail(struct store *st, enum store_err kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(st->err, sizeof st->err, fmt, ap);
	va_end(ap);
	st->kind = kind;
	return -1;
}

enum store_err store_kind_of(int code)
{
	switch (code & 0xff) {
	case SQLITE_CONSTRAINT:
		return STORE_ERR_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return STORE_ERR_BUSY;
	case SQLITE_READONLY:
	case SQLITE_PERM:
		return STORE_ERR_READONLY;
	case SQLITE_FULL:
		return STORE_ERR_FULL;
	case SQLITE_IOERR:
	case SQLITE_CORRUPT:
	case SQLITE_CANTOPEN:
	case SQLITE_PROTOCOL:
		return STORE_ERR_IO;
	case SQLITE_NOTADB:
		return STORE_ERR_FOREIGN;
	default:
		return STORE_ERR_OTHER;
	}
}

int store_fail_db(struct store *st, const char *what)
{
	enum store_err kind = store_kind_of(sqlite3_extended_errcode(st->db));
	/* SQLite reports ENOSPC as SQLITE_FULL only for its main writes;
	 * growing the -shm file on a full disk is an I/O error to it. */
	int e = kind == STORE_ERR_IO ? sqlite3_system_errno(st->db) : 0;
	if (e == ENOSPC || e == EDQUOT)
		kind = STORE_ERR_FULL;
	/* What went wrong with the file says more to a user than the step
	 * that met it ("preparing a statement: attempt to write a readonly
	 * database" is how SQLite says the first of these). */
	switch (kind) {
	case STORE_ERR_READONLY:
		return store_fail(st, kind, "the library is read-only%s (%s)",
				  st->readonly_why == STORE_ERR_FULL
				  ? ": the disk is full" : "", st->path);
	case STORE_ERR_FULL:
		return store_fail(st, kind, "the disk is full (%s)", st->path);
	case STORE_ERR_BUSY:
		return store_fail(st, kind, "the library is busy: another "
				  "program held it for more than %d seconds "
				  "(%s)", STORE_BUSY_MS / 1000, st->path);
	case STORE_ERR_FOREIGN:
		return store_fail(st, kind, "%s: not a buildspeak library: %s",
				  st->path, sqlite3_errmsg(st->db));
	default:
		return store_fail(st, kind, "%s: %s", what,
				  sqlite3_errmsg(st->db));
	}
}

const char *store_error(const struct store *st)
{
	return st && st->err[0] ? st->err : "no error";
}

enum store_err store_errkind(const struct store *st)
{
	return st ? st->kind : STORE_ERR_OTHER;
}

bool store_is_readonly(const struct store *st)
{
	return st && st->readonly;
}

/* ---- statements ----------------------------------------------------------- */

sqlite3_stmt *store_prepare(struct store *st, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		store_fail_db(st, "preparing a statement");
		sqlite3_finalize(stmt);
		return NULL;
	}
	return stmt;
}

int store_exec(struct store *st, const char *sql, const char *what)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail_db(st, what);
	return 0;
}

int store_begin(struct store *st)
{
	return store_exec(st, "BEGIN IMMEDIATE", "starting a transaction");
}

int store_commit(struct store *st)
{
	return store_exec(st, "COMMIT", "committing");
}

void store_rollback(struct store *st)
{
	if (sqlite3_get_autocommit(st->db))
		return; /* SQLite already rolled back (e.g. on SQLITE_FULL) */
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int store_step_done(struct store *st, sqlite3_stmt *stmt, const char *what)
{
	int rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail_db(st, what);
	return 0;
}

long long store_step_id(struct store *st, sqlite3_stmt *stmt,
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

char *store_step_string(struct store *st, sqlite3_stmt *stmt,
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

int store_write_id(struct store *st, const char *sql, long long id,
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

long long store_query_int(struct store *st, const char *sql)
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

void store_bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	sqlite3_bind_text(stmt, i, s ? s : "", -1, SQLITE_STATIC);
}

char *store_col_str(sqlite3_stmt *stmt, int i)
{
	const char *s = (const char *)sqlite3_column_text(stmt, i);
	return xstrdup(s ? s : "");
}

const char *store_col_text(sqlite3_stmt *stmt, int i)
{
	const char *s = (const char *)sqlite3_column_text(stmt, i);
	return s ? s : "";
}

/* SQL function bs_fold(x): text_fold() for queries, so filtering is
 * case-insensitive beyond ASCII. Used in queries only, never in the schema,
 * so the file stays readable by the plain sqlite3 shell. */
static void store_sql_fold(sqlite3_context *ctx, int argc,
			   sqlite3_value **argv)
{
	(void)argc;
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	if (!s) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_text(ctx, text_fold(s), -1, free);
}

/* ---- the path ------------------------------------------------------------- */

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

/* The folders above the library file, made when missing; new ones are
 * private (0700): the library is the learner's own data. */
static int store_make_dirs(struct store *st)
{
	char *dir = xstrdup(st->path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir) {
		free(dir);
		return 0;
	}
	*slash = '\0';
	size_t failed = 0;
	int e = path_mkdirs(dir, 0700, &failed);
	if (e == ENOTDIR)
		store_fail(st, STORE_ERR_IO, "%.*s: not a directory",
			   (int)failed, dir);
	else if (e)
		store_fail(st, e == EROFS || e == EACCES || e == EPERM
			   ? STORE_ERR_READONLY : e == ENOSPC
			   ? STORE_ERR_FULL : STORE_ERR_IO,
			   "%.*s: cannot create directory: %s", (int)failed,
			   dir, strerror(e));
	free(dir);
	return e ? -1 : 0;
}

/* ---- ours or not ----------------------------------------------------------
 *
 * Whether a file is a buildspeak library is decided from its first bytes,
 * read with read(2), before SQLite opens it for writing: opening alone
 * writes nothing, but the first PRAGMA journal_mode = WAL rewrites bytes
 * 18-19 of the header, and another program's file must stay byte-identical.
 * The header's application_id is ours from the first migration on, and
 * SQLite writes page 1 in place, so the header is the truth -- except in
 * WAL mode while a -wal file holds commits not yet copied back; only then
 * does a read-only SQLite connection answer instead. */

enum store_file {
	STORE_FILE_NONE,    /* missing, or 0 bytes: a library to create */
	STORE_FILE_BLANK,   /* an SQLite database with nothing in it */
	STORE_FILE_OURS,    /* carries our application_id */
	STORE_FILE_FOREIGN, /* anything else (the message says what) */
	STORE_FILE_ASK,     /* application_id 0 with commits in the -wal */
};

static uint32_t store_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Reads the first n bytes of path into h, without blocking on a FIFO;
 * the bytes read, or -1 with errno. */
static ssize_t store_read_head(const char *path, unsigned char *h, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -1;
	ssize_t got = pread(fd, h, n, 0);
	int e = errno;
	close(fd);
	errno = e;
	return got;
}

int store_upgrade_rebuilds_from(const char *path)
{
	struct stat sb;
	/* A library that cannot be written is read as it is. */
	if (!path || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    access(path, W_OK) != 0)
		return 0;
	unsigned char h[72];
	if (store_read_head(path, h, sizeof h) != (ssize_t)sizeof h ||
	    memcmp(h, "SQLite format 3", 16) ||
	    store_be32(h + 68) != STORE_APPLICATION_ID)
		return 0;
	/* Every migration up to the Chinese side's own tokenizer builds
	 * or rebuilds the index (6 and 8). */
	uint32_t v = store_be32(h + 60);
	return v >= 1 && v < STORE_SCHEMA_SEARCH_TOKENIZER ? (int)v : 0;
}

/* The size of path's -wal file, 0 when there is none. */
static off_t store_wal_size(const char *path)
{
	char *wal = xasprintf("%s-wal", path);
	struct stat sb;
	off_t size = stat(wal, &sb) == 0 ? sb.st_size : 0;
	free(wal);
	return size;
}

/* Classifies st->path from its header; a failure to look (it cannot be
 * read) is STORE_FILE_FOREIGN with st's kind and message set accordingly. */
static enum store_file store_classify(struct store *st)
{
	struct stat sb;
	if (stat(st->path, &sb) != 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return STORE_FILE_NONE;
		store_fail(st, STORE_ERR_IO, "%s: %s", st->path,
			   strerror(errno));
		return STORE_FILE_FOREIGN;
	}
	if (!S_ISREG(sb.st_mode)) {
		store_fail(st, STORE_ERR_FOREIGN, "%s: not a buildspeak "
			   "library: not a regular file", st->path);
		return STORE_FILE_FOREIGN;
	}
	if (sb.st_size == 0)
		return STORE_FILE_NONE;

	/* The 100-byte header, then page 1's b-tree header: the root of
	 * sqlite_schema. */
	unsigned char h[108];
	ssize_t got = store_read_head(st->path, h, sizeof h);
	if (got < 0) {
		store_fail(st, STORE_ERR_IO, "%s: cannot read: %s", st->path,
			   strerror(errno));
		return STORE_FILE_FOREIGN;
	}
	if ((size_t)got < sizeof h || memcmp(h, "SQLite format 3", 16) != 0) {
		store_fail(st, STORE_ERR_FOREIGN, "%s: not a buildspeak "
			   "library: file is not a database", st->path);
		return STORE_FILE_FOREIGN;
	}
	uint32_t app = store_be32(h + 68), version = store_be32(h + 60);
	if (app == STORE_APPLICATION_ID &&
	    version > (uint32_t)store_schema_current()) {
		store_fail(st, STORE_ERR_FOREIGN, "%s: the library is at "
			   "schema version %u, newer than this buildspeak "
			   "knows (%d): use a newer buildspeak", st->path,
			   (unsigned)version, store_schema_current());
		return STORE_FILE_FOREIGN;
	}
	if (app == STORE_APPLICATION_ID)
		return STORE_FILE_OURS;
	if (app == 0 && h[18] == 2 && store_wal_size(st->path) > 0)
		return STORE_FILE_ASK;
	/* Nothing in it: no user_version, and page 1 a leaf without cells
	 * (a crash between creating our file and its first migration leaves
	 * one, so it is taken as a library to create). */
	if (app == 0 && version == 0 && h[100] == 0x0d && h[103] == 0 &&
	    h[104] == 0)
		return STORE_FILE_BLANK;
	if (app != 0)
		store_fail(st, STORE_ERR_FOREIGN, "%s: not a buildspeak "
			   "library (it belongs to another program: application id "
			   "0x%08x)", st->path, (unsigned)app);
	else
		store_fail(st, STORE_ERR_FOREIGN, "%s: not a buildspeak "
			   "library (an SQLite database of another "
			   "program)", st->path);
	return STORE_FILE_FOREIGN;
}

/* ---- connections ------------------------------------------------------------ */

/* "file:" URI of path (RFC 3986: what is not unreserved is %-escaped, so a
 * '?' or '#' in a file name stays part of it). New string. */
static char *store_uri(const char *path, const char *query)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(path);
	char *uri = xmalloc(8 + 3 * n + strlen(query) + 2);
	char *o = uri;
	/* An absolute path gets an empty authority, so "//x" stays a path. */
	o += sprintf(o, path[0] == '/' ? "file://" : "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	sprintf(o, "?%s", query);
	return uri;
}

/* Opens st->db: read-write (creating the file when create), or read-only,
 * and then, when immutable, without locks or the -shm and -wal files: for
 * a directory or a medium that cannot be written, where SQLite can make
 * neither. NOMUTEX: a store is used by one thread (libmpv's threads never
 * see it), so the connection need not lock a mutex in every API call -- a
 * quarter of the time of reading 10,000 segments' times. */
static int store_connect(struct store *st, bool write, bool create,
			 bool immutable)
{
	if (st->db) {
		sqlite3_close(st->db);
		st->db = NULL;
	}
	int flags = SQLITE_OPEN_NOMUTEX | (write ? SQLITE_OPEN_READWRITE
						 : SQLITE_OPEN_READONLY);
	if (create)
		flags |= SQLITE_OPEN_CREATE;
	char *uri = NULL;
	if (immutable) {
		uri = store_uri(st->path, "immutable=1");
		flags |= SQLITE_OPEN_URI;
	}
	int rc = sqlite3_open_v2(uri ? uri : st->path, &st->db, flags, NULL);
	free(uri);
	if (rc != SQLITE_OK) {
		if (st->db)
			store_fail_db(st, st->path);
		else
			store_fail(st, STORE_ERR_OTHER, "%s: %s", st->path,
				   sqlite3_errstr(rc));
		return -1;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
	if (sqlite3_create_function_v2(st->db, "bs_fold", 1,
				       SQLITE_UTF8 | SQLITE_DETERMINISTIC,
				       NULL, store_sql_fold, NULL, NULL,
				       NULL) != SQLITE_OK ||
	    store_search_register(st) != 0)
		return store_fail_db(st, "setting up");
	return 0;
}

/* Whether a failure to set up a writable connection to a library that
 * exists means that it can only be read (and not that it is broken). */
static bool store_cannot_write(enum store_err kind)
{
	return kind == STORE_ERR_READONLY || kind == STORE_ERR_FULL ||
	       kind == STORE_ERR_IO;
}

/* The writable connection: WAL, foreign keys, the current schema. */
static int store_setup_write(struct store *st, bool create)
{
	if (store_connect(st, true, create, false) != 0)
		return -1;
	if (sqlite3_db_readonly(st->db, "main") == 1)
		return store_fail(st, STORE_ERR_READONLY,
				  "the library is read-only (%s)", st->path);
	/* WAL: readers never block the writer, so two readers open on one
	 * library both work. synchronous=NORMAL is durable against a killed
	 * process (only power loss can drop the last commits), and saves an
	 * fsync per commit. */
	sqlite3_stmt *stmt = store_prepare(st, "PRAGMA journal_mode = WAL");
	if (!stmt)
		return -1;
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW)
		store_fail_db(st, "setting WAL mode");
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW ||
	    store_exec(st, "PRAGMA foreign_keys = ON;"
		       "PRAGMA synchronous = NORMAL", "configuring") != 0)
		return -1;
	return store_migrate(st);
}

/* The read-only connection to a library of a schema it can read. */
static int store_setup_read(struct store *st)
{
	long long version = -1;
	if (store_connect(st, false, false, false) == 0)
		version = store_query_int(st, "PRAGMA user_version");
	/* Without write access to the directory SQLite cannot make the
	 * -shm file a WAL reader needs: read the file as it is instead. */
	if (version < 0 && store_cannot_write(st->kind) &&
	    store_connect(st, false, false, true) == 0)
		version = store_query_int(st, "PRAGMA user_version");
	if (version < 0)
		return -1;
	long long app = store_query_int(st, "PRAGMA application_id");
	if (app < 0)
		return -1;
	if (app != STORE_APPLICATION_ID)
		return store_fail(st, STORE_ERR_FOREIGN,
				  "%s: not a buildspeak library", st->path);
	if (version > store_schema_current())
		return store_fail(st, STORE_ERR_FOREIGN, "%s: the library is "
				  "at schema version %lld, newer than this "
				  "buildspeak knows (%d): use a newer "
				  "buildspeak", st->path, version,
				  store_schema_current());
	if (version < STORE_SCHEMA_READABLE)
		return store_fail(st, STORE_ERR_READONLY, "the library is "
				  "read-only (%s) and at schema version %lld, "
				  "too old to read without upgrading it",
				  st->path, version);
	st->version = (int)version;
	st->readonly = true;
	return 0;
}

/* Asks a read-only connection what is in a file whose -wal holds commits
 * that the header does not show yet. */
static enum store_file store_ask(struct store *st)
{
	long long app = -1, version = -1, objects = -1;
	if (store_connect(st, false, false, false) == 0)
		app = store_query_int(st, "PRAGMA application_id");
	if (app < 0 && store_cannot_write(st->kind) &&
	    store_connect(st, false, false, true) == 0)
		app = store_query_int(st, "PRAGMA application_id");
	if (app >= 0)
		version = store_query_int(st, "PRAGMA user_version");
	if (version >= 0)
		objects = store_query_int(st, "SELECT count(*) FROM "
					  "sqlite_schema");
	enum store_file what = STORE_FILE_FOREIGN;
	if (objects < 0)
		; /* the failure is recorded */
	else if (app == STORE_APPLICATION_ID)
		what = STORE_FILE_OURS;
	else if (app == 0 && version == 0 && objects == 0)
		what = STORE_FILE_BLANK;
	else
		store_fail(st, STORE_ERR_FOREIGN, "%s: not a buildspeak "
			   "library (an SQLite database of another "
			   "program)", st->path);
	sqlite3_close(st->db);
	st->db = NULL;
	return what;
}

/* Fails (STORE_ERR_READONLY) when the library's folder cannot be written,
 * so a new library cannot be made in it. */
static int store_dir_writable(struct store *st)
{
	char *dir = xstrdup(st->path);
	char *slash = strrchr(dir, '/');
	if (slash)
		slash[slash == dir ? 1 : 0] = '\0';
	int rc = access(slash ? dir : ".", W_OK) == 0 ? 0 : errno;
	if (rc)
		store_fail(st, rc == EACCES || rc == EROFS || rc == EPERM
			   ? STORE_ERR_READONLY : STORE_ERR_IO,
			   "%s: cannot create the library: %s", st->path,
			   strerror(rc));
	free(dir);
	return rc ? -1 : 0;
}

static bool store_open_memory(struct store *st)
{
	return strcmp(st->path, ":memory:") == 0;
}

/* store_open without the reporting. */
static int store_open_at(struct store *st, unsigned flags)
{
	bool readonly = flags & STORE_OPEN_READONLY;
	enum store_file what = store_open_memory(st) ? STORE_FILE_NONE
						     : store_classify(st);
	if (what == STORE_FILE_ASK)
		what = store_ask(st);
	switch (what) {
	case STORE_FILE_FOREIGN:
		return -1;
	case STORE_FILE_NONE:
	case STORE_FILE_BLANK:
		if (readonly || !(flags & STORE_OPEN_CREATE))
			return store_fail(st, STORE_ERR_NOT_FOUND,
					  what == STORE_FILE_NONE
					  ? "%s: no library there"
					  : "%s: holds no library yet",
					  st->path);
		if (!store_open_memory(st) && store_make_dirs(st) != 0)
			return -1;
		/* SQLite would say only "unable to open database file". */
		if (!store_open_memory(st) && store_dir_writable(st) != 0)
			return -1;
		return store_setup_write(st, true);
	case STORE_FILE_OURS:
	case STORE_FILE_ASK:
		break;
	}
	/* A library that cannot be written (a read-only file, directory or
	 * medium, a full disk) is still read. */
	if (!readonly) {
		if (store_setup_write(st, false) == 0)
			return 0;
		if (!store_cannot_write(st->kind))
			return -1;
		st->readonly_why = st->kind;
	}
	return store_setup_read(st);
}

struct store *store_open(const char *path, unsigned flags,
			 enum store_err *kind, char *err, size_t errsize)
{
	if (kind)
		*kind = STORE_OK;
	if (!path || !*path) {
		if (kind)
			*kind = STORE_ERR_NOT_FOUND;
		snprintf(err, errsize, "no library path");
		return NULL;
	}
	struct store *st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	if (store_open_at(st, flags) == 0) {
		st->kind = STORE_OK;
		st->err[0] = '\0';
		return st;
	}
	if (kind)
		*kind = st->kind;
	/* The messages that do not name the file yet get its name first. */
	if (strncmp(st->err, path, strlen(path)) == 0 ||
	    strstr(st->err, path))
		snprintf(err, errsize, "%s", st->err);
	else
		snprintf(err, errsize, "%s: %s", path, st->err);
	store_close(st);
	return NULL;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	sqlite3_close(st->db); /* every statement is finalized by now */
	free(st->path);
	free(st);
}

long long store_data_version(struct store *st)
{
	/* Changes only with other connections' commits, so the reader's own
	 * saves never make it reload. */
	return store_query_int(st, "PRAGMA data_version");
}
