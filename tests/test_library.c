/* test_library: the use cases shared by the CLI and the reader -- saving a
 * term (what happened, the book's spelling, one trimming rule, glosses
 * given and not), importing with de-duplication and replace, and an
 * export that refuses a write-protected file and clears stale temporary
 * files -- on a real library in a temporary directory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include "check.h"

#include "buildspeak/alloc.h"
#include "buildspeak/episode.h"
#include "buildspeak/library.h"
#include "buildspeak/store.h"
#include "buildspeak/vocab.h"

static char tmpdir[] = "/tmp/buildspeak-library-XXXXXX";

static void test_clean_text(void)
{
	char *t = library_clean_text(" \t\u3000world models\u3000\r\n ");
	CHECK_STR(t, "world models");
	free(t);
	t = library_clean_text("\u3000\u3000");
	CHECK_STR(t, "");
	free(t);
	/* NFC: e + combining acute becomes one character. */
	t = library_clean_text("cafe\xcc\x81");
	CHECK_STR(t, "caf\xc3\xa9");
	free(t);
	CHECK(library_clean_text("bad \xff byte") == NULL);
}

static void test_save(struct store *st, const struct episode *ep)
{
	struct library_saved s;
	long seg = vocab_nearest_segment(ep, "world models", 0);
	long other = vocab_nearest_segment(ep, "world models",
					   ep->n_segments - 1);

	CHECK(seg >= 0 && other > seg);
	CHECK_INT(library_save_term(st, "  world models ", NULL, NULL, ep,
				    ep->id, seg, &s), LIBRARY_SAVED);
	CHECK_STR(s.term, "world models");
	CHECK_STR(s.gloss, "世界模型"); /* the episode's glossary's */
	library_saved_clear(&s);
	CHECK_INT(library_save_term(st, "WORLD MODELS", NULL, NULL, ep, ep->id,
				    seg, &s), LIBRARY_ALREADY_THERE);
	CHECK_STR(s.term, "world models"); /* the book's spelling */
	CHECK(!s.updated);
	library_saved_clear(&s);
	CHECK_INT(library_save_term(st, "World Models", "世界模型!", "n", ep,
				    ep->id, other, &s), LIBRARY_CONTEXT_ADDED);
	CHECK_STR(s.gloss, "世界模型!");
	library_saved_clear(&s);
	/* No gloss given keeps the book's; one given replaces it. */
	CHECK_INT(library_save_term(st, "world models", NULL, NULL, NULL, 0, -1,
				    &s), LIBRARY_ALREADY_THERE);
	CHECK_STR(s.gloss, "世界模型!");
	library_saved_clear(&s);
	CHECK_INT(library_save_term(st, "world models", "世界模型", NULL, NULL,
				    0, -1, &s), LIBRARY_ALREADY_THERE);
	CHECK(s.updated);
	CHECK_STR(s.gloss, "世界模型");
	library_saved_clear(&s);

	struct vocab_entry e;
	long long id = store_vocab_find(st, "world models");
	CHECK(id > 0);
	if (id > 0 && store_vocab_get(st, id, &e) == 0) {
		CHECK_INT((int)e.n_contexts, 2);
		CHECK_STR(e.note, "n");
		vocab_entry_clear(&e);
	}
	/* Empty or invalid: -1, nothing saved. */
	CHECK_INT(library_save_term(st, " \u3000 ", NULL, NULL, NULL, 0, -1,
				    NULL), -1);
	CHECK_INT(library_save_term(st, "x\xff", NULL, NULL, NULL, 0, -1, NULL),
		  -1);
}

static void test_import(struct store *st, const char *sample)
{
	struct import_error err = { 0, "" };
	struct episode *ep = NULL;

	CHECK_INT(library_import_file(st, sample, false, NULL, &ep, &err),
		  LIBRARY_ALREADY_IMPORTED);
	CHECK(ep && ep->id == 1);
	episode_free(ep);
	CHECK_INT(library_import_file(st, sample, true, "/tmp/a.flac", &ep,
				      &err), LIBRARY_REPLACED);
	CHECK(ep && ep->id == 1);
	episode_free(ep);
	/* Replacing without audio keeps the one set. */
	CHECK_INT(library_import_file(st, sample, true, NULL, &ep, &err),
		  LIBRARY_REPLACED);
	episode_free(ep);
	CHECK_INT(store_episode_load(st, 1, &ep), 0);
	if (ep)
		CHECK_STR(ep->audio, "/tmp/a.flac");
	episode_free(ep);
	char *bad = xasprintf("%s/bad.page.txt", tmpdir);
	FILE *f = fopen(bad, "w");
	CHECK(f != NULL);
	if (f) {
		fputs("not a page\n", f);
		fclose(f);
	}
	ep = NULL;
	CHECK_INT(library_import_file(st, bad, false, NULL, &ep, &err),
		  LIBRARY_IMPORT_BAD_FILE);
	CHECK(ep == NULL && err.msg[0]);
	free(bad);
}

static void test_export(struct store *st)
{
	struct vocab_entry *v;
	size_t n;
	char err[512];
	char *path = xasprintf("%s/book.csv", tmpdir);
	char *stale = xasprintf("%s/.book.csv.buildspeak-tmp.AAAAAA", tmpdir);
	char *young = xasprintf("%s/.book.csv.buildspeak-tmp.BBBBBB", tmpdir);

	CHECK_INT(store_vocab_list(st, STORE_VOCAB_BY_DATE, NULL, &v, &n), 0);
	for (int i = 0; i < 2; i++) {
		FILE *f = fopen(i ? young : stale, "w");
		CHECK(f != NULL);
		if (f)
			fclose(f);
	}
	struct utimbuf old = { time(NULL) - 2 * LIBRARY_STALE_TEMP_AGE,
			       time(NULL) - 2 * LIBRARY_STALE_TEMP_AGE };
	CHECK_INT(utime(stale, &old), 0);
	CHECK_INT(library_export_file(st, path, EXPORT_JSON, v, n, NULL, err,
				      sizeof err), 0);
	CHECK(access(stale, F_OK) != 0);
	CHECK(access(young, F_OK) == 0);
	CHECK_INT(chmod(path, 0444), 0);
	CHECK_INT(library_export_file(st, path, EXPORT_CSV, v, n, NULL, err,
				      sizeof err), -2);
	CHECK(strstr(err, "Permission denied") != NULL);
	CHECK_INT(library_export_file(st, tmpdir, EXPORT_CSV, v, n, NULL, err,
				      sizeof err), -2);
	unlink(young);
	unlink(path);
	vocab_entries_free(v, n);
	free(path);
	free(stale);
	free(young);
}

/* The one extension table: what the CLI and the book refuse to contradict. */
static void test_format_of(void)
{
	CHECK_INT(library_export_format_of("vocab.csv"), EXPORT_CSV);
	CHECK_INT(library_export_format_of("/a.b/Vocab.MD"), EXPORT_MD);
	CHECK_INT(library_export_format_of("x.markdown"), EXPORT_MD);
	CHECK_INT(library_export_format_of("deck.txt"), EXPORT_ANKI);
	CHECK_INT(library_export_format_of("x.json"), EXPORT_JSON);
	CHECK_INT(library_export_format_of("~/v.apkg"), LIBRARY_FORMAT_APKG);
	CHECK_INT(library_export_format_of("/tmp/x.d/vocab"), -1);
	CHECK_INT(library_export_format_of(".csv"), -1); /* a hidden file */
	CHECK_INT(library_export_format_of("x.pdf"), -1);
}

/* Finishing, another connection's changes seen through data_version,
 * and removing. */
static void test_finish_remove(struct store *st, const char *db,
			       const char *sample)
{
	char err[256];
	struct episode_summary *v = NULL;
	size_t n = 0;
	CHECK_INT(store_episode_list(st, &v, &n), 0);
	CHECK(n == 1 && v && !v[0].finished);
	store_summaries_free(v, n);
	CHECK_INT(store_episode_set_finished(st, 1, true), 0);
	CHECK_INT(store_episode_list(st, &v, &n), 0);
	CHECK(n == 1 && v && v[0].finished);
	store_summaries_free(v, n);
	CHECK(store_episode_set_finished(st, 99, true) != 0);
	CHECK_INT(store_errkind(st), STORE_ERR_NOT_FOUND);

	/* Our own writes leave data_version alone; another process's
	 * commit changes it. */
	long long v0 = store_data_version(st);
	CHECK(v0 >= 0);
	CHECK_INT(store_episode_set_finished(st, 1, false), 0);
	CHECK(store_data_version(st) == v0);
	struct store *other = store_open(db, 0, NULL, err, sizeof err);
	CHECK(other != NULL);
	if (other) {
		CHECK_INT(store_episode_set_finished(other, 1, true), 0);
		store_close(other);
	}
	CHECK(store_data_version(st) != v0);

	/* A re-import (replace) keeps the mark. */
	struct import_error ierr = { 0, "" };
	struct episode *ep = NULL;
	CHECK_INT(library_import_file(st, sample, true, NULL, &ep, &ierr),
		  LIBRARY_REPLACED);
	episode_free(ep);
	CHECK_INT(store_episode_list(st, &v, &n), 0);
	CHECK(n == 1 && v && v[0].finished);
	store_summaries_free(v, n);

	CHECK_INT(library_remove_episode(st, 1), 0);
	CHECK(library_remove_episode(st, 1) != 0);
	CHECK_INT(store_errkind(st), STORE_ERR_NOT_FOUND);
	CHECK_INT(store_episode_count(st), 0);
}

int main(void)
{
	const char *sample = getenv("BUILDSPEAK_SAMPLE");
	char err[256];

	if (!sample)
		sample = "data/sample.page.txt";
	CHECK(mkdtemp(tmpdir) != NULL);
	test_clean_text();
	test_format_of();

	char *db = xasprintf("%s/library.db", tmpdir);
	struct store *st = store_open(db, STORE_OPEN_CREATE, NULL, err,
				      sizeof err);
	CHECK(st != NULL);
	struct import_error ierr = { 0, "" };
	struct episode *ep = NULL;
	if (st)
		CHECK_INT(library_import_file(st, sample, false, NULL, &ep,
					      &ierr), LIBRARY_IMPORTED);
	if (st && ep) {
		test_save(st, ep);
		test_import(st, sample);
		test_export(st);
		test_finish_remove(st, db, sample);
	}
	episode_free(ep);
	store_close(st);
	unlink(db);
	char *wal = xasprintf("%s-wal", db), *shm = xasprintf("%s-shm", db);
	unlink(wal);
	unlink(shm);
	free(wal);
	free(shm);
	rmdir(tmpdir);
	free(db);
	return check_result();
}
