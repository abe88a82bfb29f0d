/* test_store_open: opening the library on real files -- the default path,
 * creating and reopening, whose file it is (another program's file is
 * refused and left byte-identical), libraries that can only be read (a
 * read-only folder or file, a full disk), the kind of every failure, and
 * the migration of a library of the schema before this one. */
#include "buildspeak/store.h"

#include "check.h"
#include "store_fixtures.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buildspeak/alloc.h"
#include "buildspeak/episode.h"
#include "buildspeak/vocab.h"

/* --- opening ------------------------------------------------------------- */

static void test_default_path(void)
{
	char *p;
	setenv("BUILDSPEAK_DB", "/env/lib.db", 1);
	setenv("XDG_DATA_HOME", "/xdg", 1);
	setenv("HOME", "/home/u", 1);
	p = store_default_path("/opt/given.db");
	CHECK_STR(p, "/opt/given.db");
	free(p);
	p = store_default_path(NULL);
	CHECK_STR(p, "/env/lib.db");
	free(p);
	unsetenv("BUILDSPEAK_DB");
	p = store_default_path(NULL);
	CHECK_STR(p, "/xdg/buildspeak/library.db");
	free(p);
	setenv("XDG_DATA_HOME", "", 1); /* empty counts as unset */
	p = store_default_path(NULL);
	CHECK_STR(p, "/home/u/.local/share/buildspeak/library.db");
	free(p);
	unsetenv("XDG_DATA_HOME");
	p = store_default_path("");
	CHECK_STR(p, "/home/u/.local/share/buildspeak/library.db");
	free(p);
}

static void test_open_creates_and_reopens(void)
{
	char *dir = tmp_path("data/buildspeak");
	char *path = tmp_path("data/buildspeak/library.db");
	struct store *st = open_or_die(path);
	CHECK_INT(store_schema_version(st), SCHEMA);
	CHECK_INT(store_episode_count(st), 0);
	store_close(st);

	struct stat sb;
	CHECK(stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode));
	CHECK_INT(sb.st_mode & 0077, 0); /* private to the user */
	CHECK(stat(path, &sb) == 0 && S_ISREG(sb.st_mode));

	st = open_or_die(path); /* reopening migrates nothing, loses nothing */
	CHECK_INT(store_schema_version(st), SCHEMA);
	struct episode *ep = make_episode("Kept", "2025-01-01", "", 2);
	CHECK_INT(store_episode_save(st, ep, 0), 0);
	store_close(st);
	st = open_or_die(path);
	CHECK_INT(store_episode_count(st), 1);
	store_close(st);
	episode_free(ep);

	/* A file that is not SQLite, and a directory in the way. */
	char *junk = tmp_path("junk.db");
	FILE *f = fopen(junk, "wb");
	for (int i = 0; i < 4096; i++)
		fputc("garbage!"[i % 8], f);
	fclose(f);
	char err[512] = "";
	CHECK(store_open(junk, STORE_OPEN_CREATE, NULL, err,
			 sizeof err) == NULL);
	CHECK(strstr(err, junk) != NULL);
	CHECK(strstr(err, "not a database") != NULL);
	char *blocked = tmp_path("junk.db/library.db");
	err[0] = '\0';
	CHECK(store_open(blocked, STORE_OPEN_CREATE, NULL, err,
			 sizeof err) == NULL);
	CHECK(err[0] != '\0');
	free(blocked);
	free(junk);
	free(dir);
	free(path);
}

static void test_newer_schema_refused(void)
{
	char *path = tmp_path("newer.db");
	struct store *st = open_or_die(path);
	store_close(st);
	poke_header(path, 60, 99);
	char err[512] = "";
	CHECK(store_open(path, STORE_OPEN_CREATE, NULL, err,
			 sizeof err) == NULL);
	CHECK(strstr(err, "99") != NULL);
	CHECK(strstr(err, "newer") != NULL);
	poke_header(path, 60, SCHEMA); /* and nothing else was touched */
	st = open_or_die(path);
	CHECK_INT(store_schema_version(st), SCHEMA);
	store_close(st);

	/* Some other program's SQLite file is not migrated into ours. */
	poke_header(path, 68, 0x12345678);
	err[0] = '\0';
	CHECK(store_open(path, STORE_OPEN_CREATE, NULL, err,
			 sizeof err) == NULL);
	CHECK(strstr(err, "not a buildspeak library") != NULL);
	free(path);
}

/* --- whose file, and what kind of failure ------------------------------ */


/* store_open is refused with kind (and a message naming path), and the
 * file is byte-identical afterwards, with every flag combination. */
static void check_refused(const char *path, enum store_err want)
{
	static const unsigned flags[] = {
		STORE_OPEN_CREATE, 0, STORE_OPEN_READONLY,
		STORE_OPEN_CREATE | STORE_OPEN_READONLY,
	};
	size_t len0 = 0, len1 = 0;
	char *before = slurp(path, &len0);
	CHECK(before != NULL);
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
		char err[512] = "";
		enum store_err kind = STORE_OK;
		struct store *st = store_open(path, flags[i], &kind, err,
					      sizeof err);
		CHECK(st == NULL);
		store_close(st);
		CHECK_INT(kind, want);
		CHECK(strstr(err, path) != NULL);
		if (want == STORE_ERR_FOREIGN)
			CHECK(strstr(err, "not a buildspeak library") ||
			      strstr(err, "newer"));
		char *after = slurp(path, &len1);
		bool same = after && len1 == len0 &&
			    memcmp(before, after, len0) == 0;
		CHECK(same);
		if (!same)
			fprintf(stderr, "%s changed by store_open(flags %u): "
				"%s\n", path, flags[i], err);
		free(after);
	}
	free(before);
}


/* Another program's database -- with its own application id, or none and
 * a user_version of 0, 2 or 3, in rollback or WAL mode, even while that
 * program has commits in its -wal -- is refused before anything is written
 * to it. */
static void test_foreign_untouched(void)
{
	static const struct {
		const char *name, *sql;
	} files[] = {
		{ "other-app.db", "PRAGMA application_id = 7;"
		  "CREATE TABLE notes (x); INSERT INTO notes VALUES (1)" },
		{ "other-v0.db", "CREATE TABLE notes (x)" },
		{ "other-v2.db", "CREATE TABLE notes (x);"
		  "PRAGMA user_version = 2" },
		{ "other-v3.db", "CREATE TABLE episodes (id INTEGER "
		  "PRIMARY KEY); PRAGMA user_version = 3" },
		{ "other-empty-v3.db", "PRAGMA user_version = 3" },
		{ "other-wal.db", "PRAGMA journal_mode = WAL;"
		  "CREATE TABLE notes (x)" },
		{ "other-wal-app.db", "PRAGMA journal_mode = WAL;"
		  "PRAGMA application_id = 7; PRAGMA user_version = 4" },
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char *path = tmp_path(files[i].name);
		CHECK_INT(sqlite_exec(path, files[i].sql), SQLITE_OK);
		check_refused(path, STORE_ERR_FOREIGN);
		char *wal = xasprintf("%s-wal", path);
		CHECK(!exists(wal)); /* and no -wal left beside it */
		free(wal);
		free(path);
	}

	/* A WAL database held open by its program, with a commit in the
	 * -wal: the header alone does not say what is in it. */
	char *path = tmp_path("other-live.db");
	sqlite3 *db = NULL;
	CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
	CHECK_INT(sqlite3_exec(db, "PRAGMA journal_mode = WAL;"
			       "PRAGMA wal_autocheckpoint = 0;"
			       "CREATE TABLE notes (x)", NULL, NULL, NULL),
		  SQLITE_OK);
	char *wal = xasprintf("%s-wal", path);
	size_t wal_len0 = 0, wal_len1 = 0;
	char *wal0 = slurp(wal, &wal_len0);
	CHECK(wal0 && wal_len0 > 0);
	check_refused(path, STORE_ERR_FOREIGN);
	char *wal1 = slurp(wal, &wal_len1);
	CHECK(wal1 && wal_len1 == wal_len0 &&
	      memcmp(wal0, wal1, wal_len0) == 0);
	free(wal0);
	free(wal1);
	sqlite3_close(db);
	free(wal);
	free(path);

	/* Not SQLite at all, and too short to be. */
	path = tmp_path("notes.txt");
	FILE *f = fopen(path, "w");
	fputs("shopping list: milk, eggs\n", f);
	fclose(f);
	check_refused(path, STORE_ERR_FOREIGN);
	free(path);

	/* Ours, but from a newer buildspeak. */
	path = tmp_path("newer-untouched.db");
	store_close(open_or_die(path));
	poke_header(path, 60, 99);
	check_refused(path, STORE_ERR_FOREIGN);
	free(path);
}


/* Without STORE_OPEN_CREATE nothing is created; an empty file or an empty
 * SQLite database (what a crash before the first migration leaves) is
 * made a library only with it. */
static void test_open_flags(void)
{
	char *dir = tmp_path("not-yet");
	char *path = tmp_path("not-yet/library.db");
	char err[512] = "";
	enum store_err kind = STORE_OK;
	CHECK(store_open(path, 0, &kind, err, sizeof err) == NULL);
	CHECK_INT(kind, STORE_ERR_NOT_FOUND);
	CHECK(strstr(err, path) != NULL);
	CHECK(store_open(path, STORE_OPEN_READONLY, &kind, err,
			 sizeof err) == NULL);
	CHECK_INT(kind, STORE_ERR_NOT_FOUND);
	CHECK(store_open(path, STORE_OPEN_READONLY | STORE_OPEN_CREATE, &kind,
			 err, sizeof err) == NULL);
	CHECK_INT(kind, STORE_ERR_NOT_FOUND);
	CHECK(!exists(dir)); /* not even its folder */
	struct store *st = store_open(path, STORE_OPEN_CREATE, &kind, err,
				      sizeof err);
	CHECK(st != NULL);
	CHECK_INT(kind, STORE_OK);
	CHECK(!store_is_readonly(st));
	CHECK_INT(store_errkind(st), STORE_OK);
	store_close(st);
	st = store_open(path, 0, NULL, err, sizeof err); /* it exists now */
	CHECK(st != NULL);
	store_close(st);
	free(dir);
	free(path);

	path = tmp_path("touched.db");
	close(open(path, O_WRONLY | O_CREAT, 0600));
	CHECK(store_open(path, 0, &kind, err, sizeof err) == NULL);
	CHECK_INT(kind, STORE_ERR_NOT_FOUND);
	st = store_open(path, STORE_OPEN_CREATE, &kind, err, sizeof err);
	CHECK(st != NULL);
	if (st)
		CHECK_INT(store_schema_version(st), SCHEMA);
	store_close(st);
	free(path);

	path = tmp_path("blank.db");
	CHECK_INT(sqlite_exec(path, "CREATE TABLE t (x); DROP TABLE t"),
		  SQLITE_OK);
	CHECK(store_open(path, STORE_OPEN_READONLY, &kind, err,
			 sizeof err) == NULL);
	CHECK_INT(kind, STORE_ERR_NOT_FOUND);
	st = store_open(path, STORE_OPEN_CREATE, &kind, err, sizeof err);
	CHECK(st != NULL);
	if (st)
		CHECK_INT(store_schema_version(st), SCHEMA);
	store_close(st);
	free(path);
}


/* What a library that can only be read still does: every read, and each
 * write fails with STORE_ERR_READONLY and a plain message. Returns the
 * number of failed checks (it runs in a child process too). */
static int check_reads_only(struct store *st, const char *path,
			    long long id)
{
	int failed = check_failures;
	CHECK(store_is_readonly(st));
	struct episode_summary *v = NULL;
	size_t n = 0;
	CHECK_INT(store_episode_list(st, &v, &n), 0);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_INT(v[0].id, id);
		CHECK_INT(v[0].n_segments, 3);
	}
	store_summaries_free(v, n);
	struct episode *ep = NULL;
	CHECK_INT(store_episode_load(st, id, &ep), 0);
	char *json = ep ? store_episode_json(st, ep) : NULL;
	CHECK(json && strstr(json, "\"Read only\""));
	free(json);
	json = store_list_json(st);
	CHECK(json && strstr(json, "\"segments\":3"));
	free(json);
	struct vocab_entry *e = NULL;
	CHECK_INT(store_vocab_list(st, STORE_VOCAB_BY_DATE, NULL, &e, &n), 0);
	CHECK_INT(n, 1);
	vocab_entries_free(e, n);
	json = store_vocab_json(st, NULL);
	CHECK(json && strstr(json, "\"term\":\"kept\""));
	free(json);

	CHECK_INT(store_progress_save(st, id, 5.0, 1), -1);
	CHECK_INT(store_errkind(st), STORE_ERR_READONLY);
	char *want = xasprintf("the library is read-only (%s)", path);
	CHECK_STR(store_error(st), want);
	free(want);
	if (ep) {
		CHECK_INT(store_episode_save(st, ep, 0), -1);
		CHECK_INT(store_errkind(st), STORE_ERR_READONLY);
		CHECK(strstr(store_error(st), "read-only") != NULL);
	}
	episode_free(ep);
	struct vocab_entry add;
	entry_init(&add, "new", "", "", 0);
	bool existed;
	CHECK_INT(store_vocab_add(st, &add, &existed), -1);
	CHECK_INT(store_errkind(st), STORE_ERR_READONLY);
	vocab_entry_clear(&add);
	CHECK_INT(store_episode_delete(st, id), -1);
	CHECK_INT(store_errkind(st), STORE_ERR_READONLY);
	return check_failures - failed;
}


/* Runs fn(arg) as a user who cannot write what root made here: in a
 * child that drops to nobody when we are root (root writes through any
 * mode bits), else in a child as ourselves. Returns fn's result, or -1
 * when the child could not drop its rights (with a message). */
static int as_other_user(int (*fn)(void *), void *arg)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		if (geteuid() == 0 &&
		    (setgroups(0, NULL) != 0 || setgid(65534) != 0 ||
		     setuid(65534) != 0))
			_exit(100);
		_exit(fn(arg) ? 1 : 0);
	}
	int status = 0;
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return 1;
	if (WEXITSTATUS(status) == 100) {
		fprintf(stderr, "SKIP: cannot drop root's rights (setuid): "
			"read-only library tests not run\n");
		return -1;
	}
	return WEXITSTATUS(status);
}


struct ro_case {
	const char *path;
	long long id;
	unsigned flags;
};


static int ro_child(void *arg)
{
	const struct ro_case *c = arg;
	char err[512] = "";
	enum store_err kind = STORE_OK;
	struct store *st = store_open(c->path, c->flags, &kind, err,
				      sizeof err);
	if (!st) {
		fprintf(stderr, "store_open(%s, %u): %s (kind %d)\n", c->path,
			c->flags, err, (int)kind);
		return 1;
	}
	int failed = check_reads_only(st, c->path, c->id);
	store_close(st);
	return failed;
}


/* A new library in a folder the user cannot write: refused as read-only,
 * not as SQLite's "unable to open database file". */
static int create_child(void *arg)
{
	char *path = xasprintf("%s/new.db", (const char *)arg);
	char err[512] = "";
	enum store_err kind = STORE_OK;
	int failed = check_failures;
	struct store *st = store_open(path, STORE_OPEN_CREATE, &kind, err,
				      sizeof err);
	CHECK(st == NULL);
	store_close(st);
	CHECK_INT(kind, STORE_ERR_READONLY);
	CHECK(strstr(err, "cannot create the library") != NULL);
	CHECK(!exists(path));
	free(path);
	return check_failures - failed;
}


/* A library on read-only media or in a folder the user cannot write can
 * still be listed, shown and exported; so can one opened read-only on
 * purpose. */
static void test_readonly_library(void)
{
	/* Asked for: the library is writable, and stays byte-identical. */
	char *path = tmp_path("asked-ro.db");
	long long id = make_small_library(path);
	size_t len0 = 0, len1 = 0;
	char *before = slurp(path, &len0);
	char err[512] = "";
	struct store *st = store_open(path, STORE_OPEN_READONLY, NULL, err,
				      sizeof err);
	CHECK(st != NULL);
	if (st) {
		CHECK_INT(check_reads_only(st, path, id), 0);
		store_close(st);
	}
	char *after = slurp(path, &len1);
	CHECK(before && after && len0 == len1 &&
	      memcmp(before, after, len0) == 0);
	free(before);
	free(after);
	free(path);

	/* Not writable: a folder of read-only files the user cannot write
	 * (root made them; a child drops to nobody), where SQLite cannot
	 * make the -shm file of a WAL reader either. */
	char *dir = tmp_path("ro-dir");
	CHECK(mkdir(dir, 0700) == 0);
	path = tmp_path("ro-dir/library.db");
	id = make_small_library(path);
	char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
	CHECK(!exists(wal) && !exists(shm)); /* closed cleanly */
	CHECK(chmod(path, 0444) == 0 && chmod(dir, 0555) == 0 &&
	      chmod(tmpdir, 0755) == 0);
	before = slurp(path, &len0);
	struct ro_case c = { path, id, STORE_OPEN_CREATE };
	int rc = as_other_user(ro_child, &c);
	if (rc >= 0)
		CHECK_INT(rc, 0);
	c.flags = 0;
	if (rc >= 0)
		CHECK_INT(as_other_user(ro_child, &c), 0);
	c.flags = STORE_OPEN_READONLY;
	if (rc >= 0)
		CHECK_INT(as_other_user(ro_child, &c), 0);
	if (rc >= 0)
		CHECK_INT(as_other_user(create_child, dir), 0);
	after = slurp(path, &len1);
	CHECK(before && after && len0 == len1 &&
	      memcmp(before, after, len0) == 0);
	CHECK(!exists(wal) && !exists(shm));
	free(before);
	free(after);

	/* A read-only file in a folder the user can write. */
	CHECK(chmod(dir, 0777) == 0);
	c.flags = STORE_OPEN_CREATE;
	if (rc >= 0)
		CHECK_INT(as_other_user(ro_child, &c), 0);
	CHECK(chmod(dir, 0700) == 0 && chmod(path, 0600) == 0 &&
	      chmod(tmpdir, 0700) == 0);
	remove(wal);
	remove(shm);
	free(wal);
	free(shm);
	free(path);
	free(dir);
}


/* Holds the write lock of the library at path until told to let go. */
static void hold_lock(const char *path, int ready_fd, int done_fd)
{
	sqlite3 *db = NULL;
	char c = 0;
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		_exit(1);
	if (write(ready_fd, "x", 1) != 1 || read(done_fd, &c, 1) < 0)
		_exit(1);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	_exit(0);
}


/* Fills a library in a child whose files may not grow past limit bytes
 * (RLIMIT_FSIZE): the write fails as an I/O error. */
static int io_child(void *arg)
{
	const char *path = arg;
	struct store *st = open_or_die(path);
	struct rlimit rl = { 1 << 20, 1 << 20 };
	signal(SIGXFSZ, SIG_IGN);
	if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
		return 1;
	struct episode *ep = make_episode("Too big", "2025-10-10", "big2",
					  20000);
	int failed = check_failures;
	CHECK_INT(store_episode_save(st, ep, 0), -1);
	CHECK_INT(store_errkind(st), STORE_ERR_IO);
	CHECK(strstr(store_error(st), "I/O") != NULL);
	CHECK_INT(store_episode_count(st), 0);
	episode_free(ep);
	store_close(st);
	return check_failures - failed;
}


/* Each failure carries its kind: callers tell "no such episode" from a
 * failing library without listing it. */
static void test_error_kinds(struct store *st)
{
	struct episode *ep = NULL;
	CHECK_INT(store_episode_load(st, 987654, &ep), -1);
	CHECK_INT(store_errkind(st), STORE_ERR_NOT_FOUND);
	CHECK_INT(store_episode_load_lazy(st, 987654, &ep), -1);
	CHECK_INT(store_errkind(st), STORE_ERR_NOT_FOUND);
	CHECK_INT(store_episode_delete(st, 987654), -1);
	CHECK_INT(store_errkind(st), STORE_ERR_NOT_FOUND);
	CHECK_INT(store_episode_set_audio(st, 987654, "x"), -1);
	CHECK_INT(store_errkind(st), STORE_ERR_NOT_FOUND);
	CHECK_INT(store_progress_save(st, 987654, 1.0, 0), -1);
	CHECK_INT(store_errkind(st), STORE_ERR_NOT_FOUND);
	struct vocab_entry e;
	CHECK_INT(store_vocab_get(st, 987654, &e), -1);
	CHECK_INT(store_errkind(st), STORE_ERR_NOT_FOUND);
	CHECK_INT(store_vocab_update(st, 987654, "x", NULL), -1);
	CHECK_INT(store_errkind(st), STORE_ERR_NOT_FOUND);
	CHECK_INT(store_vocab_remove(st, 987654), -1);
	CHECK_INT(store_errkind(st), STORE_ERR_NOT_FOUND);

	ep = make_episode("Kinds", "2025-10-01", "kinds", 2);
	CHECK_INT(store_episode_save(st, ep, 987654), -1);
	CHECK_INT(store_errkind(st), STORE_ERR_NOT_FOUND);
	ep->segments[1].end = ep->segments[1].start - 1;
	CHECK_INT(store_episode_save(st, ep, 0), -1);
	CHECK_INT(store_errkind(st), STORE_ERR_CONSTRAINT);
	episode_free(ep);

	entry_init(&e, "kind", "", "", 0);
	bool existed;
	CHECK_INT(store_vocab_add(st, &e, &existed), 0);
	CHECK_INT(store_vocab_restore(st, &e), -1); /* it is there */
	CHECK_INT(store_errkind(st), STORE_ERR_CONSTRAINT);
	CHECK_INT(store_vocab_remove(st, e.id), 0);
	vocab_entry_clear(&e);
	entry_init(&e, "bad \xc3", "", "", 0);
	CHECK_INT(store_vocab_add(st, &e, &existed), -1);
	CHECK_INT(store_errkind(st), STORE_ERR_OTHER);
	vocab_entry_clear(&e);
	char err[128];
	CHECK_INT(store_episode_from_json(st, "{", 1, &ep, err, sizeof err),
		  -1);
	CHECK_INT(store_errkind(st), STORE_ERR_OTHER);
	CHECK_STR(store_error(st), err);

	/* Another process holds the write lock past the busy timeout. */
	char *path = tmp_path("busy.db");
	struct store *busy = open_or_die(path);
	int ready[2], done[2];
	CHECK(pipe(ready) == 0 && pipe(done) == 0);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0)
		hold_lock(path, ready[1], done[0]);
	char c;
	CHECK(read(ready[0], &c, 1) == 1);
	entry_init(&e, "waits", "", "", 0);
	CHECK_INT(store_vocab_add(busy, &e, &existed), -1);
	CHECK_INT(store_errkind(busy), STORE_ERR_BUSY);
	CHECK(strstr(store_error(busy), "busy") != NULL);
	CHECK(write(done[1], "x", 1) == 1);
	int status = 0;
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	CHECK_INT(store_vocab_add(busy, &e, &existed), 0); /* free again */
	vocab_entry_clear(&e);
	store_close(busy);
	close(ready[0]);
	close(ready[1]);
	close(done[0]);
	close(done[1]);
	free(path);

	/* A write that fails half-way for the file system: STORE_ERR_IO,
	 * and nothing of it is kept. */
	path = tmp_path("io.db");
	store_close(open_or_die(path));
	fflush(NULL);
	pid = fork();
	if (pid == 0)
		_exit(io_child(path) ? 1 : 0);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	struct store *again = open_or_die(path);
	CHECK_INT(store_episode_count(again), 0);
	store_close(again);
	free(path);
}


/* The disk is full: reads still work, writes fail with STORE_ERR_FULL
 * and "the disk is full". Needs a small file system of its own: a tmpfs
 * mounted in a private mount namespace (root only). */
static int full_child(void *arg)
{
	const char *src = arg;
	char *mnt = tmp_path("full");
	if (unshare(CLONE_NEWNS) != 0 ||
	    mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
	    mount("tmpfs", mnt, "tmpfs", 0, "size=1m") != 0) {
		free(mnt);
		return 100;
	}
	int failed = check_failures;
	char *path = tmp_path("full/library.db");
	size_t len = 0;
	char *bytes = slurp(src, &len);
	FILE *f = fopen(path, "wb");
	CHECK(bytes && f && fwrite(bytes, 1, len, f) == len);
	fclose(f);
	free(bytes);
	/* Fill what is left. */
	char *filler = tmp_path("full/filler");
	int fd = open(filler, O_WRONLY | O_CREAT, 0600);
	static char block[4096];
	while (write(fd, block, sizeof block) > 0)
		;
	while (write(fd, block, 1) > 0)
		;
	close(fd);

	char err[512] = "";
	enum store_err kind = STORE_OK;
	struct store *st = store_open(path, STORE_OPEN_CREATE, &kind, err,
				      sizeof err);
	CHECK(st != NULL);
	if (st) {
		struct episode_summary *v = NULL;
		size_t n = 0;
		CHECK_INT(store_episode_list(st, &v, &n), 0);
		CHECK_INT(n, 1);
		store_summaries_free(v, n);
		struct episode *ep = make_episode("More", "2025-11-11", "more",
						  500);
		CHECK_INT(store_episode_save(st, ep, 0), -1);
		/* FULL, or READONLY when the full disk had no room for
		 * the -shm file and the library was opened read-only. */
		CHECK(store_errkind(st) == STORE_ERR_FULL ||
		      store_errkind(st) == STORE_ERR_READONLY);
		CHECK(strstr(store_error(st), "the disk is full") != NULL);
		fprintf(stderr, "full disk: %s\n", store_error(st));
		episode_free(ep);
		store_close(st);
	} else {
		fprintf(stderr, "store_open on a full disk: %s\n", err);
	}
	free(filler);
	free(path);
	free(mnt);
	return check_failures - failed;
}


static void test_disk_full(void)
{
	char *src = tmp_path("to-fill.db");
	make_small_library(src);
	char *mnt = tmp_path("full");
	CHECK(mkdir(mnt, 0700) == 0);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0)
		_exit(full_child(src));
	int status = 0;
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status));
	if (WEXITSTATUS(status) == 100)
		fprintf(stderr, "SKIP: no private tmpfs (needs root's "
			"CAP_SYS_ADMIN): disk-full test not run\n");
	else
		CHECK_INT(WEXITSTATUS(status), 0);
	free(mnt);
	free(src);
}


/* A library of the schema before this one (tests/data/library-v3.sql, as
 * the last release wrote it) is migrated with its counts filled in; when it
 * cannot be written, it is read as it is. */
static void test_migrate_v3(void)
{
	const char *srcdir = getenv("BUILDSPEAK_TESTDIR");
	char *dump_path = xasprintf("%s/data/library-v3.sql",
				    srcdir ? srcdir : "tests");
	size_t len = 0;
	char *dump = slurp(dump_path, &len);
	CHECK(dump != NULL);
	if (!dump) {
		fprintf(stderr, "cannot read %s\n", dump_path);
		free(dump_path);
		return;
	}
	char *path = tmp_path("v3.db");
	char *ro_path = tmp_path("v3-ro.db");
	CHECK_INT(sqlite_exec(path, dump), SQLITE_OK);
	CHECK_INT(sqlite_exec(ro_path, dump), SQLITE_OK);
	CHECK_INT(sqlite_int(path, "PRAGMA user_version"), 3);

	/* Read-only, it stays at 3 and its counts are counted. */
	size_t len0 = 0, len1 = 0;
	char *before = slurp(ro_path, &len0);
	char err[512] = "";
	struct store *st = store_open(ro_path, STORE_OPEN_READONLY, NULL, err,
				      sizeof err);
	CHECK(st != NULL);
	struct episode_summary *v = NULL;
	size_t n = 0;
	if (st) {
		CHECK_INT(store_episode_list(st, &v, &n), 0);
		CHECK_INT(n, 2);
		if (n == 2) {
			CHECK_INT(v[0].n_segments, 3);
			CHECK_INT(v[1].n_segments, 4);
		}
		store_summaries_free(v, n);
		char *json = store_list_json(st);
		CHECK(json && strstr(json, "\"segments\":4}]"));
		free(json);
		/* No index in it yet, and it cannot be built: a clear
		 * refusal, not "no such table". */
		struct store_search_hit *hits = NULL;
		size_t n_hits = 0;
		CHECK_INT(store_search(st, "welcome", 0, STORE_SEARCH_ANY, 0,
				       &hits, &n_hits), -1);
		CHECK_INT(store_errkind(st), STORE_ERR_READONLY);
		CHECK(strstr(store_error(st), "search index") != NULL);
		store_close(st);
	}
	char *after = slurp(ro_path, &len1);
	CHECK(before && after && len0 == len1 &&
	      memcmp(before, after, len0) == 0);
	free(before);
	free(after);

	st = open_or_die(path);
	CHECK_INT(store_schema_version(st), SCHEMA);
	CHECK_INT(sqlite_int(path, "SELECT n_segments FROM episodes "
			     "WHERE id = 1"), 3);
	CHECK_INT(sqlite_int(path, "SELECT n_segments FROM episodes "
			     "WHERE id = 2"), 4);
	check_stored_counts(st, path);
	CHECK_INT(store_episode_list(st, &v, &n), 0);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(v[0].title, "Ep 1: A Small Test Page");
		CHECK_INT(v[0].words, 15);
		CHECK_INT(v[1].n_segments, 4);
	}
	store_summaries_free(v, n);
	CHECK(store_vocab_find(st, "Deep Learning") > 0);
	/* The migration to schema 5 built the search index from the rows. */
	long long differences = -1;
	CHECK_INT(store_search_verify(st, &differences), 0);
	CHECK_INT(differences, 0);
	struct store_search_hit *hits = NULL;
	size_t n_hits = 0;
	CHECK_INT(store_search(st, "welcome 欢迎", 0, STORE_SEARCH_ANY, 0,
			       &hits, &n_hits), 0);
	CHECK_INT(n_hits, 1);
	store_search_hits_free(hits, n_hits);
	struct episode *ep = make_episode("After", "2026-02-01", "after", 6);
	CHECK_INT(store_episode_save(st, ep, 0), 0);
	check_stored_counts(st, path);
	episode_free(ep);
	store_close(st);
	free(dump);
	free(dump_path);
	free(path);
	free(ro_path);
}

int main(void)
{
	if (fixtures_setup("test_store_open") != 0)
		return 1;
	test_default_path();
	test_open_creates_and_reopens();
	test_newer_schema_refused();
	test_foreign_untouched();
	test_open_flags();
	test_readonly_library();
	test_disk_full();
	test_migrate_v3();

	char *path = tmp_path("library.db");
	struct store *st = open_or_die(path);
	test_error_kinds(st);
	store_close(st);
	free(path);
	remove_tree(tmpdir);
	return check_result();
}
