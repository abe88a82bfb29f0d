/* store_fixtures: what test_store.c and test_store_open.c share -- a
 * temporary directory, small episodes and book entries, and SQLite itself
 * to make other programs' files and to look inside ours without the store.
 * Everything is static inline: each test uses a part. */
#ifndef BUILDSPEAK_TESTS_STORE_FIXTURES_H
#define BUILDSPEAK_TESTS_STORE_FIXTURES_H

#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buildspeak/alloc.h"
#include "buildspeak/episode.h"
#include "buildspeak/store.h"
#include "buildspeak/vocab.h"

#include "check.h"

/* The schema version this buildspeak writes. */
#define SCHEMA 8

static char tmpdir[64];

/* Makes the temporary directory /tmp/NAME-XXXXXX. */
static inline int fixtures_setup(const char *name)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/%s-XXXXXX", name);
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return -1;
	}
	return 0;
}

static inline char *tmp_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static inline struct store *open_or_die(const char *path)
{
	char err[512] = "";
	struct store *st = store_open(path, STORE_OPEN_CREATE, NULL, err,
				      sizeof err);
	if (!st) {
		fprintf(stderr, "store_open(%s): %s\n", path, err);
		exit(1);
	}
	return st;
}

/* A small episode: n segments of speaker 1 and 2 alternately, 10 s each
 * with a 0.5 s gap, every translation glossing "deep learning", the second
 * one "trade-off" too. */
static inline struct episode *make_episode(const char *title,
					   const char *date,
					   const char *url, size_t n)
{
	struct episode *ep = episode_new();
	episode_set(&ep->title, title);
	episode_set(&ep->podcast, "Latent Space");
	episode_set(&ep->date, date);
	episode_set(&ep->source_url, url);
	for (size_t i = 0; i < n; i++) {
		char *en = xasprintf("Sentence %zu about deep learning, "
				     "\"quoted\" and a tab\there.", i + 1);
		char *zh = xasprintf("第%zu句：关于 deep learning(深度学习)%s。",
				     i + 1, i == 1 ? "和 trade-off（权衡）" : "");
		episode_add_segment(ep, 1 + (int)(i % 2), i * 10.5,
				    i * 10.5 + 10, en, zh, 0);
	}
	episode_add_term(ep, "deep learning", "深度学习", (int)n, 0);
	episode_add_term(ep, "trade-off", "权衡", 1, n > 1 ? 1 : 0);
	ep->words = 7 * (int)n;
	ep->reading_minutes = 1;
	ep->duration = n ? ep->segments[n - 1].end : 0;
	return ep;
}

/* Sets a big-endian 32-bit field of a closed library's header: the
 * user_version at byte 60 (as a newer buildspeak would have), or the
 * application_id at byte 68 (as another program would have). */
static inline void poke_header(const char *path, off_t offset, unsigned v)
{
	unsigned char b[4] = { v >> 24, v >> 16, v >> 8, v };
	int fd = open(path, O_WRONLY);
	CHECK(fd >= 0);
	CHECK(pwrite(fd, b, 4, offset) == 4);
	close(fd);
}

static inline void entry_init(struct vocab_entry *e, const char *term,
			      const char *gloss, const char *note,
			      time_t created)
{
	memset(e, 0, sizeof *e);
	e->term = xstrdup(term);
	e->gloss = xstrdup(gloss);
	e->note = xstrdup(note);
	e->created = created;
}

static inline void entry_context(struct vocab_entry *e, const char *en,
				 const char *zh, const struct episode *ep,
				 double at, time_t saved)
{
	e->contexts = xrealloc(e->contexts,
			       (e->n_contexts + 1) * sizeof *e->contexts);
	struct vocab_context *c = &e->contexts[e->n_contexts++];
	c->en = xstrdup(en);
	c->zh = xstrdup(zh);
	c->episode_id = ep ? ep->id : 0;
	c->title = xstrdup(ep ? ep->title : "");
	c->podcast = xstrdup(ep ? ep->podcast : "");
	c->date = xstrdup(ep ? ep->date : "");
	c->source_url = xstrdup(ep ? ep->source_url : "");
	c->at = at;
	c->saved = saved;
}

/* The whole content of a file (new, *len bytes), or NULL. */
static inline char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, n = 0, got;
	do {
		buf = xgrowarray(buf, &cap, n + 65536, 1);
		got = fread(buf + n, 1, 65536, f);
		n += got;
	} while (got > 0);
	fclose(f);
	buf[n] = '\0'; /* room: the last read left 65536 bytes free */
	*len = n;
	return buf;
}

static inline bool exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

/* Runs sql on the file at path with SQLite itself, as another program
 * would (not through the store). Returns SQLite's result code. */
static inline int sqlite_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open(path, &db);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		fprintf(stderr, "sqlite_exec(%s): %s\n", path,
			db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	sqlite3_close(db);
	return rc;
}

/* One integer that SQLite itself reads from the file at path (read-only,
 * so the check changes nothing); -1 on error. */
static inline long long sqlite_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	long long v = -1;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) ==
	    SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	else
		fprintf(stderr, "sqlite_int(%s, %s): %s\n", path, sql,
			db ? sqlite3_errmsg(db) : "no memory");
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

static inline int remove_one(const char *path, const struct stat *sb,
			     int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	if (remove(path) != 0)
		fprintf(stderr, "could not remove %s\n", path);
	return 0;
}

static inline void remove_tree(const char *dir)
{
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Every episode's row holds the count of its segments and its words. */
static inline void check_stored_counts(struct store *st, const char *path)
{
	struct episode_summary *v = NULL;
	size_t n = 0;
	CHECK_INT(store_episode_list(st, &v, &n), 0);
	for (size_t i = 0; i < n; i++) {
		char *sql = xasprintf("SELECT n_segments FROM episodes "
				      "WHERE id = %lld", v[i].id);
		long long stored = sqlite_int(path, sql);
		free(sql);
		sql = xasprintf("SELECT count(*) FROM segments "
				"WHERE episode_id = %lld", v[i].id);
		long long counted = sqlite_int(path, sql);
		free(sql);
		CHECK_INT(stored, counted);
		CHECK_INT(v[i].n_segments, counted);
		struct episode *ep = NULL;
		CHECK_INT(store_episode_load(st, v[i].id, &ep), 0);
		if (ep) {
			CHECK_INT(v[i].words, ep->words);
			CHECK_INT(v[i].n_segments, ep->n_segments);
		}
		episode_free(ep);
	}
	store_summaries_free(v, n);
}

/* A library with one three-segment episode and one book entry. */
static inline long long make_small_library(const char *path)
{
	struct store *st = open_or_die(path);
	struct episode *ep = make_episode("Read only", "2025-09-09", "ro", 3);
	CHECK_INT(store_episode_save(st, ep, 0), 0);
	struct vocab_entry e;
	entry_init(&e, "kept", "留", "", 0);
	bool existed;
	CHECK_INT(store_vocab_add(st, &e, &existed), 0);
	vocab_entry_clear(&e);
	long long id = ep->id;
	episode_free(ep);
	store_close(st);
	return id;
}

#endif
