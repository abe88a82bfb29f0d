/* test_store: the library on real files in a temporary directory -- schema
 * and migrations, episodes (save, load, duplicates, replace, list, delete),
 * JSON out and in, progress, the vocabulary book, failed writes that must
 * leave the file as it was, and two processes writing at once; other
 * programs' files left byte-identical, libraries that can only be read,
 * the kind of each failure, and the segment counts kept with episodes. */
#include "buildspeak/store.h"

#include "check.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
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

/* SQLite itself, to make other programs' files and to look inside ours
 * without the store. */
#include <sqlite3.h>

#include "buildspeak/alloc.h"
#include "buildspeak/episode.h"
#include "buildspeak/glossary.h"
#include "buildspeak/vocab.h"

/* The schema version this buildspeak writes. */
#define SCHEMA 4

static char tmpdir[64];

static char *tmp_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static struct store *open_or_die(const char *path)
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
static struct episode *make_episode(const char *title, const char *date,
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

/* Asserts that two episodes hold the same data (id aside). */
static void check_same_episode(const struct episode *a,
			       const struct episode *b)
{
	CHECK_STR(a->title, b->title);
	CHECK_STR(a->podcast, b->podcast);
	CHECK_STR(a->date, b->date);
	CHECK_STR(a->source_url, b->source_url);
	CHECK_STR(a->audio, b->audio);
	CHECK_INT(a->words, b->words);
	CHECK_INT(a->reading_minutes, b->reading_minutes);
	CHECK(a->duration == b->duration);
	CHECK_INT(a->n_segments, b->n_segments);
	for (size_t i = 0; i < a->n_segments && i < b->n_segments; i++) {
		CHECK_INT(a->segments[i].speaker, b->segments[i].speaker);
		CHECK(a->segments[i].start == b->segments[i].start);
		CHECK(a->segments[i].end == b->segments[i].end);
		CHECK_STR(a->segments[i].en, b->segments[i].en);
		CHECK_STR(a->segments[i].zh, b->segments[i].zh);
	}
	CHECK_INT(a->n_terms, b->n_terms);
	for (size_t i = 0; i < a->n_terms && i < b->n_terms; i++) {
		CHECK_STR(a->terms[i].term, b->terms[i].term);
		CHECK_STR(a->terms[i].gloss, b->terms[i].gloss);
		CHECK_INT(a->terms[i].count, b->terms[i].count);
		CHECK_INT(a->terms[i].first_segment, b->terms[i].first_segment);
	}
}

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
	CHECK(store_open(junk, STORE_OPEN_CREATE, NULL, err, sizeof err) == NULL);
	CHECK(strstr(err, junk) != NULL);
	CHECK(strstr(err, "not a database") != NULL);
	char *blocked = tmp_path("junk.db/library.db");
	err[0] = '\0';
	CHECK(store_open(blocked, STORE_OPEN_CREATE, NULL, err, sizeof err) == NULL);
	CHECK(err[0] != '\0');
	free(blocked);
	free(junk);
	free(dir);
	free(path);
}

/* Sets a big-endian 32-bit field of a closed library's header: the
 * user_version at byte 60 (as a newer buildspeak would have), or the
 * application_id at byte 68 (as another program would have). */
static void poke_header(const char *path, off_t offset, unsigned v)
{
	unsigned char b[4] = { v >> 24, v >> 16, v >> 8, v };
	int fd = open(path, O_WRONLY);
	CHECK(fd >= 0);
	CHECK(pwrite(fd, b, 4, offset) == 4);
	close(fd);
}

static void test_newer_schema_refused(void)
{
	char *path = tmp_path("newer.db");
	struct store *st = open_or_die(path);
	store_close(st);
	poke_header(path, 60, 99);
	char err[512] = "";
	CHECK(store_open(path, STORE_OPEN_CREATE, NULL, err, sizeof err) == NULL);
	CHECK(strstr(err, "99") != NULL);
	CHECK(strstr(err, "newer") != NULL);
	poke_header(path, 60, SCHEMA); /* and nothing else was touched */
	st = open_or_die(path);
	CHECK_INT(store_schema_version(st), SCHEMA);
	store_close(st);

	/* Some other program's SQLite file is not migrated into ours. */
	poke_header(path, 68, 0x12345678);
	err[0] = '\0';
	CHECK(store_open(path, STORE_OPEN_CREATE, NULL, err, sizeof err) == NULL);
	CHECK(strstr(err, "not a buildspeak library") != NULL);
	free(path);
}

/* --- episodes ------------------------------------------------------------ */

static void test_save_load(struct store *st)
{
	struct episode *ep = make_episode("Gemini world models", "2025-06-01",
					  "https://example.com/ep87", 3);
	episode_set(&ep->audio, "/music/ep87.mp3");
	CHECK_INT(store_episode_save(st, ep, 0), 0);
	CHECK(ep->id > 0);

	struct episode *got = NULL;
	CHECK_INT(store_episode_load(st, ep->id, &got), 0);
	if (got) {
		CHECK_INT(got->id, ep->id);
		check_same_episode(got, ep);
		CHECK(got->segments[1].start == 10.5);
		CHECK(episode_segment_at(got, 12.0) == 1);
	}
	episode_free(got);

	got = NULL;
	CHECK_INT(store_episode_load(st, 987654, &got), -1);
	CHECK(got == NULL);
	CHECK(strstr(store_error(st), "987654") != NULL);

	CHECK_INT(store_episode_set_audio(st, ep->id, ""), 0);
	CHECK_INT(store_episode_load(st, ep->id, &got), 0);
	if (got)
		CHECK_STR(got->audio, "");
	episode_free(got);
	CHECK_INT(store_episode_set_audio(st, 987654, "x"), -1);
	CHECK_INT(store_episode_delete(st, ep->id), 0);
	CHECK_INT(store_episode_delete(st, ep->id), -1);
	episode_free(ep);
}

/* The reader's lazy load: every time and the glossary at once, the text
 * a window at a time, and never one version's times with another's text. */
static void test_lazy_load(struct store *st)
{
	struct episode *ep = make_episode("Lazy", "2025-06-02",
					  "https://example.com/lazy", 200);
	CHECK_INT(store_episode_save(st, ep, 0), 0);

	struct episode *got = NULL;
	CHECK_INT(store_episode_load_lazy(st, ep->id, &got), 0);
	if (!got) {
		episode_free(ep);
		return;
	}
	CHECK_INT(got->n_segments, 200);
	CHECK_INT(got->n_terms, 2);
	CHECK_STR(got->title, "Lazy");
	CHECK(got->segments[150].start == ep->segments[150].start);
	CHECK_INT(got->segments[151].speaker, ep->segments[151].speaker);
	CHECK(episode_segment_at(got, 150 * 10.5 + 1) == 150);
	CHECK(got->segments[0].en == NULL && got->segments[199].zh == NULL);

	CHECK_INT(store_episode_load_text(st, got, 64, 128), 0);
	CHECK(got->segments[63].en == NULL && got->segments[128].en == NULL);
	CHECK_STR(got->segments[64].en, ep->segments[64].en);
	CHECK_STR(got->segments[127].zh, ep->segments[127].zh);
	const char *kept = got->segments[100].en;
	/* Overlapping and past the end: only the missing ones are read. */
	CHECK_INT(store_episode_load_text(st, got, 0, 1000), 0);
	CHECK(got->segments[100].en == kept);
	for (size_t i = 0; i < got->n_segments; i++) {
		CHECK_STR(got->segments[i].en, ep->segments[i].en);
		CHECK_STR(got->segments[i].zh, ep->segments[i].zh);
	}
	check_same_episode(got, ep);
	episode_free(got);

	/* Replaced in the library after the lazy load (another process
	 * re-imported it at other times): its text is refused, not mixed. */
	got = NULL;
	CHECK_INT(store_episode_load_lazy(st, ep->id, &got), 0);
	for (size_t i = 0; i < ep->n_segments; i++)
		ep->segments[i].start += 1;
	CHECK_INT(store_episode_save(st, ep, ep->id), 0);
	if (got) {
		CHECK_INT(store_episode_load_text(st, got, 0, 10), -1);
		CHECK(strstr(store_error(st), "changed") != NULL);
		CHECK(got->segments[0].en == NULL);
	}
	/* Deleted: the same. */
	CHECK_INT(store_episode_delete(st, ep->id), 0);
	if (got)
		CHECK_INT(store_episode_load_text(st, got, 190, 200), -1);
	episode_free(got); /* frees a partly loaded episode */
	CHECK_INT(store_episode_load_lazy(st, ep->id, &got), -1);
	episode_free(ep);
}

static void test_duplicates_and_replace(struct store *st)
{
	struct episode *a = make_episode("Episode A", "2025-02-01",
					 "https://example.com/a", 4);
	CHECK_INT(store_episode_find(st, a), 0);
	CHECK_INT(store_episode_save(st, a, 0), 0);
	CHECK_INT(store_episode_find(st, a), a->id);

	/* Same URL, other title: the same page. */
	struct episode *b = make_episode("Episode A (fixed title)", "2025-02-02",
					 "https://example.com/a", 2);
	CHECK_INT(store_episode_find(st, b), a->id);
	/* Other URL, same title: another page. */
	episode_set(&b->source_url, "https://example.com/b");
	episode_set(&b->title, "Episode A");
	CHECK_INT(store_episode_find(st, b), 0);

	/* Without URLs: podcast + date + title. */
	struct episode *c = make_episode("No URL", "2025-02-03", "", 1);
	CHECK_INT(store_episode_save(st, c, 0), 0);
	struct episode *c2 = make_episode("No URL", "2025-02-03", "", 5);
	CHECK_INT(store_episode_find(st, c2), c->id);
	episode_set(&c2->date, "2025-02-04");
	CHECK_INT(store_episode_find(st, c2), 0);

	/* Replace keeps the id and the progress, swaps everything else. */
	CHECK_INT(store_progress_save(st, a->id, 35.0, 3), 0);
	long before = store_episode_count(st);
	episode_set(&b->source_url, "https://example.com/a");
	CHECK_INT(store_episode_save(st, b, a->id), 0);
	CHECK_INT(b->id, a->id);
	CHECK_INT(store_episode_count(st), before);
	struct episode *got = NULL;
	CHECK_INT(store_episode_load(st, a->id, &got), 0);
	if (got)
		check_same_episode(got, b);
	episode_free(got);
	struct episode_summary *v = NULL;
	size_t n = 0;
	CHECK_INT(store_episode_list(st, &v, &n), 0);
	bool seen = false;
	for (size_t i = 0; i < n; i++) {
		if (v[i].id != a->id)
			continue;
		seen = true;
		CHECK(v[i].position == 35.0);
		CHECK_INT(v[i].progress_segment, 1); /* clamped: 2 segments now */
		CHECK_INT(v[i].n_segments, 2);
		CHECK(v[i].opened_at > 0);
	}
	CHECK(seen);
	store_summaries_free(v, n);

	/* Replacing an id that is not there fails and adds nothing. */
	CHECK_INT(store_episode_save(st, c2, 987654), -1);
	CHECK(strstr(store_error(st), "987654") != NULL);
	CHECK_INT(store_episode_count(st), before);

	CHECK_INT(store_episode_delete(st, a->id), 0);
	CHECK_INT(store_episode_delete(st, c->id), 0);
	episode_free(a);
	episode_free(b);
	episode_free(c);
	episode_free(c2);
}

static void test_list_order_and_progress(struct store *st)
{
	struct episode *old = make_episode("Old", "2024-12-31", "u1", 1);
	struct episode *new1 = make_episode("New one", "2025-03-01", "u2", 2);
	struct episode *new2 = make_episode("New two", "2025-03-01", "u3", 3);
	struct episode *nodate = make_episode("Undated", "", "u4", 1);
	CHECK_INT(store_episode_save(st, old, 0), 0);
	CHECK_INT(store_episode_save(st, new1, 0), 0);
	CHECK_INT(store_episode_save(st, nodate, 0), 0);
	CHECK_INT(store_episode_save(st, new2, 0), 0);

	struct episode_summary *v = NULL;
	size_t n = 0;
	CHECK_INT(store_episode_list(st, &v, &n), 0);
	CHECK_INT(n, 4);
	if (n == 4) {
		CHECK_STR(v[0].title, "New two"); /* same date: newer id first */
		CHECK_STR(v[1].title, "New one");
		CHECK_STR(v[2].title, "Old");
		CHECK_STR(v[3].title, "Undated");
		CHECK_INT(v[0].n_segments, 3);
		CHECK_STR(v[0].podcast, "Latent Space");
		CHECK_STR(v[0].source_url, "u3");
		CHECK(v[0].duration == 31.0);
		CHECK_INT(v[0].progress_segment, -1);
		CHECK(v[0].position == 0);
		CHECK_INT(v[0].opened_at, 0);
	}
	store_summaries_free(v, n);

	char *json = store_list_json(st);
	CHECK(json != NULL);
	if (json) {
		const char *want =
			"[{\"id\":%lld,\"title\":\"New two\",\"podcast\":"
			"\"Latent Space\",\"date\":\"2025-03-01\",\"source_url\":"
			"\"u3\",\"audio\":\"\",\"words\":21,\"reading_minutes\":1,"
			"\"segments\":3},";
		char *prefix = xasprintf(want, new2->id);
		CHECK(strncmp(json, prefix, strlen(prefix)) == 0);
		if (strncmp(json, prefix, strlen(prefix)) != 0)
			fprintf(stderr, "list json: %s\n", json);
		free(prefix);
		const char *a = strstr(json, "\"New one\"");
		const char *b = strstr(json, "\"Old\"");
		const char *c = strstr(json, "\"Undated\"");
		CHECK(a && b && c && a < b && b < c);
		CHECK(json[strlen(json) - 1] == ']');
	}
	free(json);

	/* Last opened: the latest save wins, even within one second. */
	CHECK_INT(store_last_opened(st), 0);
	CHECK_INT(store_progress_save(st, new1->id, 5.0, 0), 0);
	CHECK_INT(store_progress_save(st, old->id, 1.0, 0), 0);
	CHECK_INT(store_last_opened(st), old->id);
	CHECK_INT(store_progress_save(st, new1->id, 12.5, 1), 0);
	CHECK_INT(store_last_opened(st), new1->id);
	CHECK_INT(store_progress_save(st, 987654, 1.0, 0), -1);
	CHECK(strstr(store_error(st), "987654") != NULL);
	CHECK_INT(store_episode_delete(st, new1->id), 0);
	CHECK_INT(store_last_opened(st), old->id); /* progress went with it */

	CHECK_INT(store_episode_delete(st, old->id), 0);
	CHECK_INT(store_episode_delete(st, new2->id), 0);
	CHECK_INT(store_episode_delete(st, nodate->id), 0);
	CHECK_INT(store_episode_count(st), 0);
	char *empty = store_list_json(st);
	CHECK_STR(empty, "[]");
	free(empty);
	episode_free(old);
	episode_free(new1);
	episode_free(new2);
	episode_free(nodate);
}

/* The library's state as text, to compare before and after a failure. */
static char *snapshot(struct store *st)
{
	char *list = store_list_json(st);
	struct episode_summary *v = NULL;
	size_t n = 0;
	char *all = xstrdup(list ? list : "(null)");
	free(list);
	if (store_episode_list(st, &v, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			struct episode *ep = NULL;
			if (store_episode_load(st, v[i].id, &ep) != 0)
				continue;
			char *j = store_episode_json(st, ep);
			char *next = xasprintf("%s\n%s", all, j ? j : "(null)");
			free(all);
			free(j);
			all = next;
			episode_free(ep);
		}
	}
	store_summaries_free(v, n);
	return all;
}

static void test_failed_save_changes_nothing(struct store *st)
{
	struct episode *good = make_episode("Good", "2025-04-01", "good", 3);
	CHECK_INT(store_episode_save(st, good, 0), 0);
	char *before = snapshot(st);

	/* The last segment ends before it starts: refused by the schema
	 * after the episode row and two segments were already written. */
	struct episode *bad = make_episode("Bad", "2025-04-02", "bad", 3);
	bad->segments[2].end = bad->segments[2].start - 1;
	CHECK_INT(store_episode_save(st, bad, 0), -1);
	CHECK(strstr(store_error(st), "segment 3") != NULL);
	CHECK(strstr(store_error(st), "end must not be before start") != NULL);
	CHECK_INT(bad->id, 0);
	char *after = snapshot(st);
	CHECK_STR(after, before);
	free(after);

	/* The same as a replacement of the good one: it stays as it was. */
	CHECK_INT(store_episode_save(st, bad, good->id), -1);
	after = snapshot(st);
	CHECK_STR(after, before);
	free(after);

	/* A segment without text (NULL) is refused too. */
	bad->segments[2].end = bad->segments[2].start + 1;
	free(bad->segments[1].zh);
	bad->segments[1].zh = NULL;
	CHECK_INT(store_episode_save(st, bad, good->id), -1);
	CHECK(strstr(store_error(st), "segment 2") != NULL);
	after = snapshot(st);
	CHECK_STR(after, before);
	free(after);

	/* The library is still usable afterwards. */
	bad->segments[1].zh = xstrdup("好了");
	CHECK_INT(store_episode_save(st, bad, 0), 0);
	CHECK_INT(store_episode_delete(st, bad->id), 0);
	CHECK_INT(store_episode_delete(st, good->id), 0);
	free(before);
	episode_free(good);
	episode_free(bad);
}

/* --- JSON ------------------------------------------------------------------ */

static struct episode *from_json(struct store *st, const char *json,
				 char *err, size_t errsize)
{
	struct episode *ep = NULL;
	err[0] = '\0';
	if (store_episode_from_json(st, json, strlen(json), &ep, err,
				    errsize) != 0) {
		CHECK(ep == NULL);
		return NULL;
	}
	return ep;
}

static void test_json_round_trip(struct store *st)
{
	struct episode *ep = make_episode("JSON \"round\" trip / 往返",
					  "2025-05-05",
					  "https://example.com/json?a=1&b=2", 3);
	ep->segments[2].end = 31.25; /* a fraction survives */
	ep->duration = 31.25;
	episode_set(&ep->audio, "https://cdn.example.com/ep.mp3");
	CHECK_INT(store_episode_save(st, ep, 0), 0);

	struct episode *loaded = NULL;
	CHECK_INT(store_episode_load(st, ep->id, &loaded), 0);
	char *j1 = store_episode_json(st, loaded);
	CHECK(j1 != NULL);
	if (!j1)
		return;

	/* Field order, numbers as numbers, escaping. */
	char *head = xasprintf("{\"id\":%lld,\"title\":\"JSON \\\"round\\\" "
			       "trip / 往返\",\"podcast\":\"Latent Space\","
			       "\"date\":\"2025-05-05\",\"source_url\":"
			       "\"https://example.com/json?a=1&b=2\",\"audio\":"
			       "\"https://cdn.example.com/ep.mp3\",\"words\":21,"
			       "\"reading_minutes\":1,\"duration\":31.25,"
			       "\"segments\":[{\"speaker\":1,\"start\":0.0,"
			       "\"end\":10.0,\"en\":\"Sentence 1 about deep "
			       "learning, \\\"quoted\\\" and a tab\\there.\","
			       "\"zh\":\"第1句：关于 deep learning(深度学习)。\"},",
			       ep->id);
	CHECK(strncmp(j1, head, strlen(head)) == 0);
	if (strncmp(j1, head, strlen(head)) != 0)
		fprintf(stderr, "got:  %s\nwant: %s\n", j1, head);
	free(head);
	CHECK(strstr(j1, "\"start\":21.0,\"end\":31.25,") != NULL);
	const char *tail = "\"glossary\":[{\"term\":\"deep learning\","
			   "\"gloss\":\"深度学习\",\"count\":3},{\"term\":"
			   "\"trade-off\",\"gloss\":\"权衡\",\"count\":1}]}";
	CHECK(strlen(j1) > strlen(tail) &&
	      strcmp(j1 + strlen(j1) - strlen(tail), tail) == 0);

	/* JSON -> episode -> library -> JSON is the identity. */
	char err[256];
	struct episode *back = from_json(st, j1, err, sizeof err);
	CHECK_STR(err, "");
	CHECK(back != NULL);
	if (back) {
		CHECK_INT(back->id, 0); /* the id is the library's business */
		check_same_episode(back, loaded);
		CHECK_INT(store_episode_save(st, back, ep->id), 0);
		struct episode *again = NULL;
		CHECK_INT(store_episode_load(st, ep->id, &again), 0);
		char *j2 = again ? store_episode_json(st, again) : NULL;
		CHECK_STR(j2, j1);
		free(j2);
		episode_free(again);
		/* Into a new episode too: only the id differs. */
		back->id = 0;
		CHECK_INT(store_episode_save(st, back, 0), 0);
		CHECK(back->id != ep->id);
		again = NULL;
		CHECK_INT(store_episode_load(st, back->id, &again), 0);
		if (again)
			again->id = ep->id;
		j2 = again ? store_episode_json(st, again) : NULL;
		CHECK_STR(j2, j1);
		free(j2);
		episode_free(again);
		CHECK_INT(store_episode_delete(st, back->id), 0);
	}
	episode_free(back);

	/* The same episode built from a minimal JSON: no stats, no glossary,
	 * decomposed text -- stats computed, glossary extracted, text NFC. */
	struct episode *min = from_json(st,
		"{\"title\":\"Cafe\\u0301\",\"segments\":["
		"{\"speaker\":2,\"start\":1,\"end\":4.5,"
		"\"en\":\"We train with deep learning every day.\","
		"\"zh\":\"我们每天用 deep learning(深度学习) 训练。\"},"
		"{\"speaker\":1,\"start\":5,\"end\":9,"
		"\"en\":\"It is a trade-off.\",\"zh\":\"这是一种 trade-off（权衡）。\"}]}",
		err, sizeof err);
	CHECK_STR(err, "");
	CHECK(min != NULL);
	if (min) {
		CHECK_STR(min->title, "Caf\xc3\xa9");
		CHECK_STR(min->podcast, "");
		CHECK_STR(min->source_url, "");
		CHECK_INT(min->n_segments, 2);
		CHECK_INT(min->segments[0].speaker, 2);
		CHECK(min->segments[0].end == 4.5);
		CHECK(min->duration == 9.0);
		CHECK(min->words >= 10 && min->words <= 12);
		CHECK_INT(min->n_terms, 2);
		if (min->n_terms == 2) {
			CHECK_STR(min->terms[0].term, "deep learning");
			CHECK_STR(min->terms[0].gloss, "深度学习");
			CHECK_STR(min->terms[1].term, "trade-off");
			CHECK_INT(min->terms[1].first_segment, 1);
		}
	}
	episode_free(min);

	/* An escaped backslash before "u0000" is just text. */
	min = from_json(st,
		"{\"title\":\"C:\\\\u0000\",\"segments\":[{\"speaker\":1,"
		"\"start\":0,\"end\":1,\"en\":\"a\",\"zh\":\"b\"}]}",
		err, sizeof err);
	CHECK_STR(err, "");
	if (min)
		CHECK_STR(min->title, "C:\\u0000");
	episode_free(min);

	/* A glossary given in the JSON is taken as written, in its order,
	 * with first_segment from where the term is glossed. */
	min = from_json(st,
		"{\"title\":\"T\",\"words\":5,\"reading_minutes\":0,"
		"\"duration\":9,\"segments\":["
		"{\"speaker\":1,\"start\":0,\"end\":4,\"en\":\"a\",\"zh\":\"甲\"},"
		"{\"speaker\":1,\"start\":5,\"end\":9,\"en\":\"b\","
		"\"zh\":\"这是一种 trade-off（权衡）。\"}],"
		"\"glossary\":[{\"term\":\"zeta\",\"gloss\":\"\",\"count\":2},"
		"{\"term\":\"Trade-off\",\"gloss\":\"取舍\",\"count\":1}]}",
		err, sizeof err);
	CHECK_STR(err, "");
	if (min) {
		CHECK_INT(min->words, 5);
		CHECK_INT(min->reading_minutes, 0);
		CHECK_INT(min->n_terms, 2);
		if (min->n_terms == 2) {
			CHECK_STR(min->terms[0].term, "zeta");
			CHECK_INT(min->terms[0].count, 2);
			CHECK_STR(min->terms[1].gloss, "取舍");
			CHECK_INT(min->terms[1].first_segment, 1);
		}
	}
	episode_free(min);

	free(j1);
	episode_free(loaded);
	CHECK_INT(store_episode_delete(st, ep->id), 0);
	episode_free(ep);
}

/* Each bad document is refused with a message naming what is wrong. */
static void test_json_errors(struct store *st)
{
	static const struct {
		const char *json, *want;
	} cases[] = {
		{ "", "not valid JSON" },
		{ "{\"title\":\"x\",", "not valid JSON" },
		{ "{\"title\":\"x\",",
		  "not valid JSON: it ends too soon (line 1, column 14)" },
		{ "{\n  \"title\": \"往返\",\n  \"segments\": [1,]\n}",
		  "not valid JSON at line 3, column 18" },
		{ "{\"title\": \"a\tb\"}", "not valid JSON at line 1, column 13" },
		{ "{\"a\": tru}", "not valid JSON at line 1, column 7" },
		{ "{\"a\": 01}", "not valid JSON at line 1, column 8" },
		{ "{} x", "not valid JSON at line 1, column 4" },
		{ "[1,2]", "not a JSON object" },
		{ "{\"segments\":[]}", "title: missing" },
		{ "{\"title\":7,\"segments\":[]}", "title: not a string" },
		{ "{\"title\":\"\",\"segments\":[]}", "title: empty" },
		{ "{\"title\":\"t\"}", "segments: missing" },
		{ "{\"title\":\"t\",\"segments\":{}}", "segments: not an array" },
		{ "{\"title\":\"t\",\"segments\":[]}", "segments: empty" },
		{ "{\"title\":\"t\",\"segments\":[\"text\"]}",
		  "segment 1: not an object" },
		{ "{\"title\":\"t\",\"segments\":[{\"start\":0,\"end\":1,"
		  "\"en\":\"a\",\"zh\":\"b\"}]}", "segment 1: speaker: missing" },
		{ "{\"title\":\"t\",\"segments\":[{\"speaker\":0,\"start\":0,"
		  "\"end\":1,\"en\":\"a\",\"zh\":\"b\"}]}",
		  "segment 1: speaker: 0 out of range" },
		{ "{\"title\":\"t\",\"segments\":[{\"speaker\":\"1\",\"start\":0,"
		  "\"end\":1,\"en\":\"a\",\"zh\":\"b\"}]}",
		  "segment 1: speaker: not an integer" },
		{ "{\"title\":\"t\",\"segments\":[{\"speaker\":1.5,\"start\":0,"
		  "\"end\":1,\"en\":\"a\",\"zh\":\"b\"}]}",
		  "segment 1: speaker: not an integer" },
		{ "{\"title\":\"t\",\"segments\":[{\"speaker\":1,\"start\":-1,"
		  "\"end\":1,\"en\":\"a\",\"zh\":\"b\"}]}",
		  "segment 1: start -1 is negative" },
		{ "{\"title\":\"t\",\"segments\":[{\"speaker\":1,\"start\":\"0\","
		  "\"end\":1,\"en\":\"a\",\"zh\":\"b\"}]}",
		  "segment 1: start: not a number" },
		{ "{\"title\":\"t\",\"segments\":["
		  "{\"speaker\":1,\"start\":0,\"end\":1,\"en\":\"a\",\"zh\":\"b\"},"
		  "{\"speaker\":1,\"start\":12.0,\"end\":10.0,\"en\":\"a\","
		  "\"zh\":\"b\"}]}",
		  "segment 2: end 10 before start 12" },
		{ "{\"title\":\"t\",\"segments\":["
		  "{\"speaker\":1,\"start\":5,\"end\":6,\"en\":\"a\",\"zh\":\"b\"},"
		  "{\"speaker\":1,\"start\":2,\"end\":3,\"en\":\"a\",\"zh\":\"b\"}]}",
		  "segment 2: start 2 before the previous" },
		{ "{\"title\":\"t\",\"segments\":[{\"speaker\":1,\"start\":0,"
		  "\"end\":1e999,\"en\":\"a\",\"zh\":\"b\"}]}",
		  "segment 1: end: out of range" },
		{ "{\"title\":\"t\",\"segments\":[{\"speaker\":1,\"start\":0,"
		  "\"end\":1,\"en\":\"\",\"zh\":\"b\"}]}", "segment 1: en: empty" },
		{ "{\"title\":\"t\",\"segments\":[{\"speaker\":1,\"start\":0,"
		  "\"end\":1,\"en\":\"a\"}]}", "segment 1: zh: missing" },
		{ "{\"title\":\"t\",\"segments\":[{\"speaker\":1,\"start\":0,"
		  "\"end\":1,\"en\":\"a\\u0000b\",\"zh\":\"b\"}]}",
		  "a NUL character (\\u0000) at byte 63" },
		{ "{\"title\":\"t\",\"segments\":[{\"speaker\":1,\"start\":0,"
		  "\"end\":1,\"en\":\"a\",\"zh\":\"\\ud800\"}]}",
		  "segment 1: zh: invalid UTF-8 at byte 0" },
		{ "{\"title\":\"t\xff\",\"segments\":[]}",
		  "invalid UTF-8 or NUL at byte 11" },
		{ "{\"title\":\"t\",\"date\":\"5 May\",\"segments\":[]}",
		  "date: \"5 May\" is not YYYY-MM-DD" },
		{ "{\"title\":\"t\",\"date\":\"2026-13-45\",\"segments\":[]}",
		  "date: \"2026-13-45\" is not a day of the calendar" },
		{ "{\"title\":\"t\",\"date\":\"2026-02-30\",\"segments\":[]}",
		  "date: \"2026-02-30\" is not a day of the calendar" },
		{ "{\"title\":\"t\",\"date\":\"2025-02-29\",\"segments\":[]}",
		  "date: \"2025-02-29\" is not a day of the calendar" },
		{ "{\"title\":\"t\",\"date\":\"2026-04-31\",\"segments\":[]}",
		  "date: \"2026-04-31\" is not a day of the calendar" },
		{ "{\"title\":\"t\",\"date\":\"0999-01-01\",\"segments\":[]}",
		  "date: \"0999-01-01\" is not a day of the calendar" },
		{ "{\"title\":\"t\",\"words\":-3,\"segments\":[]}",
		  "words: -3 out of range" },
		{ "{\"title\":\"t\",\"glossary\":{},\"segments\":[]}",
		  "glossary: not an array" },
		{ "{\"title\":\"t\",\"segments\":[{\"speaker\":1,\"start\":0,"
		  "\"end\":1,\"en\":\"a\",\"zh\":\"b\"}],\"glossary\":["
		  "{\"term\":\"x\",\"gloss\":\"y\",\"count\":1},{\"gloss\":\"y\"}]}",
		  "glossary 2: term: missing" },
		{ "{\"title\":\"t\",\"segments\":[{\"speaker\":1,\"start\":0,"
		  "\"end\":1,\"en\":\"a\",\"zh\":\"b\"}],\"glossary\":["
		  "{\"term\":\"x\",\"gloss\":\"y\",\"count\":0}]}",
		  "glossary 1: count: 0 out of range" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char err[256];
		struct episode *ep = from_json(st, cases[i].json, err,
					       sizeof err);
		CHECK(ep == NULL);
		episode_free(ep);
		if (!strstr(err, cases[i].want)) {
			check_failures++;
			fprintf(stderr, "json case %zu: error \"%s\", want "
				"\"%s\"\n", i, err, cases[i].want);
		}
	}
	/* A NUL byte inside the given length. */
	char err[256];
	struct episode *ep = NULL;
	CHECK_INT(store_episode_from_json(st, "{\"title\":\0}", 11, &ep, err,
					  sizeof err), -1);
	CHECK(strstr(err, "byte 9") != NULL);
	CHECK(ep == NULL);
}

/* --- the vocabulary book ----------------------------------------------------- */

static void entry_init(struct vocab_entry *e, const char *term,
		       const char *gloss, const char *note, time_t created)
{
	memset(e, 0, sizeof *e);
	e->term = xstrdup(term);
	e->gloss = xstrdup(gloss);
	e->note = xstrdup(note);
	e->created = created;
}

static void entry_context(struct vocab_entry *e, const char *en,
			  const char *zh, const struct episode *ep, double at,
			  time_t saved)
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

static void test_vocab(struct store *st)
{
	struct episode *ep = make_episode("Vocab source", "2025-07-07",
					  "https://example.com/v", 3);
	CHECK_INT(store_episode_save(st, ep, 0), 0);

	struct vocab_entry e;
	bool existed = true;
	entry_init(&e, "Deep Learning", "", "", 1000);
	entry_context(&e, ep->segments[0].en, ep->segments[0].zh, ep, 0.0,
		      1000);
	CHECK_INT(store_vocab_add(st, &e, &existed), 0);
	CHECK(!existed);
	CHECK(e.id > 0);
	long long deep = e.id;
	vocab_entry_clear(&e);

	/* Again, other case: no second entry; the empty gloss is filled,
	 * the same sentence is not added twice, a new one is. */
	entry_init(&e, "deep learning", "深度学习", "ML", 2000);
	entry_context(&e, ep->segments[0].en, ep->segments[0].zh, ep, 0.0,
		      2000);
	entry_context(&e, ep->segments[1].en, ep->segments[1].zh, ep, 10.5,
		      2001);
	CHECK_INT(store_vocab_add(st, &e, &existed), 0);
	CHECK(existed);
	CHECK_INT(e.id, deep);
	vocab_entry_clear(&e);
	/* A third time with another gloss: the stored one is kept. */
	entry_init(&e, "DEEP LEARNING", "其他", "", 3000);
	CHECK_INT(store_vocab_add(st, &e, &existed), 0);
	CHECK(existed);
	vocab_entry_clear(&e);

	struct vocab_entry got;
	CHECK_INT(store_vocab_get(st, deep, &got), 0);
	CHECK_STR(got.term, "Deep Learning"); /* as first saved */
	CHECK_STR(got.gloss, "深度学习");
	CHECK_STR(got.note, "ML");
	CHECK_INT(got.created, 1000);
	CHECK_INT(got.n_contexts, 2);
	if (got.n_contexts == 2) {
		CHECK_STR(got.contexts[0].en, ep->segments[0].en);
		CHECK_STR(got.contexts[1].zh, ep->segments[1].zh);
		CHECK_INT(got.contexts[1].episode_id, ep->id);
		CHECK_STR(got.contexts[1].title, "Vocab source");
		CHECK_STR(got.contexts[1].date, "2025-07-07");
		CHECK_STR(got.contexts[1].source_url, "https://example.com/v");
		CHECK(got.contexts[1].at == 10.5);
		CHECK_INT(got.contexts[1].saved, 2001);
	}
	vocab_entry_clear(&got);
	CHECK_INT(store_vocab_get(st, 987654, &got), -1);
	CHECK(got.term == NULL);

	/* Case-insensitive beyond ASCII. */
	entry_init(&e, "Überfitting", "过拟合", "", 4000);
	CHECK_INT(store_vocab_add(st, &e, &existed), 0);
	long long uber = e.id;
	vocab_entry_clear(&e);
	CHECK_INT(store_vocab_find(st, "überFITTING"), uber);
	CHECK_INT(store_vocab_find(st, "deep LEARNING"), deep);
	CHECK_INT(store_vocab_find(st, "shallow learning"), 0);
	entry_init(&e, "trade-off", "权衡", "a cost for a gain", 2500);
	CHECK_INT(store_vocab_add(st, &e, &existed), 0);
	long long trade = e.id;
	vocab_entry_clear(&e);
	entry_init(&e, "", "x", "", 0);
	CHECK_INT(store_vocab_add(st, &e, &existed), -1);
	vocab_entry_clear(&e);
	entry_init(&e, "bad \xc3", "x", "", 0);
	CHECK_INT(store_vocab_add(st, &e, &existed), -1);
	CHECK(strstr(store_error(st), "UTF-8") != NULL);
	vocab_entry_clear(&e);

	/* Orders and filters. */
	struct vocab_entry *v = NULL;
	size_t n = 0;
	CHECK_INT(store_vocab_list(st, STORE_VOCAB_BY_DATE, NULL, &v, &n), 0);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_INT(v[0].id, uber);  /* created 4000 */
		CHECK_INT(v[1].id, trade); /* 2500 */
		CHECK_INT(v[2].id, deep);  /* 1000 */
		CHECK_INT(v[2].n_contexts, 2);
	}
	vocab_entries_free(v, n);
	CHECK_INT(store_vocab_list(st, STORE_VOCAB_BY_TERM, "", &v, &n), 0);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_STR(v[0].term, "Deep Learning");
		CHECK_STR(v[1].term, "trade-off");
		CHECK_STR(v[2].term, "Überfitting");
	}
	vocab_entries_free(v, n);
	static const struct {
		const char *filter;
		int n;
	} filters[] = {
		{ "LEARN", 1 }, { "深度", 1 }, { "ÜBER", 1 }, { "COST", 1 },
		{ "ing", 2 }, { "no such thing", 0 }, { "%", 0 }, { "_", 0 },
	};
	for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
		CHECK_INT(store_vocab_list(st, STORE_VOCAB_BY_TERM,
					   filters[i].filter, &v, &n), 0);
		if ((int)n != filters[i].n)
			fprintf(stderr, "filter \"%s\"\n", filters[i].filter);
		CHECK_INT(n, filters[i].n);
		vocab_entries_free(v, n);
	}

	/* Update: NULL keeps a field. */
	CHECK_INT(store_vocab_update(st, trade, "取舍", NULL), 0);
	CHECK_INT(store_vocab_get(st, trade, &got), 0);
	CHECK_STR(got.gloss, "取舍");
	CHECK_STR(got.note, "a cost for a gain");
	vocab_entry_clear(&got);
	CHECK_INT(store_vocab_update(st, trade, NULL, ""), 0);
	CHECK_INT(store_vocab_get(st, trade, &got), 0);
	CHECK_STR(got.gloss, "取舍");
	CHECK_STR(got.note, "");
	vocab_entry_clear(&got);
	CHECK_INT(store_vocab_update(st, 987654, "x", NULL), -1);

	/* Terms for marking. */
	char **terms = NULL;
	CHECK_INT(store_vocab_terms(st, &terms, &n), 0);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_STR(terms[0], "Deep Learning");
		CHECK_STR(terms[2], "Überfitting");
	}
	store_strings_free(terms, n);

	/* Remove, then undo: the same entry comes back. */
	struct vocab_entry saved;
	CHECK_INT(store_vocab_get(st, deep, &saved), 0);
	CHECK_INT(store_vocab_remove(st, deep), 0);
	CHECK_INT(store_vocab_find(st, "deep learning"), 0);
	CHECK_INT(store_vocab_remove(st, deep), -1);
	CHECK_INT(store_vocab_restore(st, &saved), 0);
	CHECK_INT(store_vocab_find(st, "deep learning"), deep);
	CHECK_INT(store_vocab_get(st, deep, &got), 0);
	CHECK_STR(got.term, saved.term);
	CHECK_STR(got.gloss, saved.gloss);
	CHECK_INT(got.created, saved.created);
	CHECK_INT(got.n_contexts, saved.n_contexts);
	if (got.n_contexts == 2) {
		CHECK_STR(got.contexts[1].en, saved.contexts[1].en);
		CHECK_INT(got.contexts[1].saved, saved.contexts[1].saved);
		CHECK_INT(got.contexts[1].episode_id, ep->id);
	}
	vocab_entry_clear(&got);
	CHECK_INT(store_vocab_restore(st, &saved), -1); /* already back */
	CHECK(strstr(store_error(st), "again") != NULL);

	/* Deleting the episode keeps the contexts, without the link. */
	CHECK_INT(store_episode_delete(st, ep->id), 0);
	CHECK_INT(store_vocab_get(st, deep, &got), 0);
	CHECK_INT(got.n_contexts, 2);
	if (got.n_contexts == 2) {
		CHECK_INT(got.contexts[0].episode_id, 0);
		CHECK_INT(got.contexts[1].episode_id, 0);
		CHECK_STR(got.contexts[1].title, "Vocab source");
		CHECK_STR(got.contexts[1].en, ep->segments[1].en);
	}
	vocab_entry_clear(&got);
	/* Restoring an entry whose episode is gone keeps its context too. */
	CHECK_INT(store_vocab_remove(st, deep), 0);
	CHECK_INT(store_vocab_restore(st, &saved), 0);
	CHECK_INT(store_vocab_get(st, deep, &got), 0);
	CHECK_INT(got.n_contexts, 2);
	if (got.n_contexts == 2)
		CHECK_INT(got.contexts[0].episode_id, 0);
	vocab_entry_clear(&got);
	vocab_entry_clear(&saved);

	CHECK_INT(store_vocab_remove(st, deep), 0);
	CHECK_INT(store_vocab_remove(st, uber), 0);
	CHECK_INT(store_vocab_remove(st, trade), 0);
	episode_free(ep);
}

/* --- two writers ------------------------------------------------------------ */

/* Adds count terms named prefix-N, each in its own transaction. Returns
 * the number of failed adds. */
static int add_many(const char *path, const char *prefix, int count)
{
	struct store *st = open_or_die(path);
	int failed = 0;
	for (int i = 0; i < count; i++) {
		struct vocab_entry e;
		char *term = xasprintf("%s-%d", prefix, i);
		entry_init(&e, term, "gloss", "", 0);
		free(term);
		bool existed;
		if (store_vocab_add(st, &e, &existed) != 0) {
			fprintf(stderr, "%s: %s\n", prefix, store_error(st));
			failed++;
		}
		vocab_entry_clear(&e);
	}
	store_close(st);
	return failed;
}

static void test_two_writers(void)
{
	char *path = tmp_path("shared.db");
	struct store *st = open_or_die(path); /* created before the race */
	store_close(st);

	/* Two processes write at once: the busy timeout makes each wait for
	 * the other's lock instead of failing with "database is locked". */
	enum { COUNT = 150 };
	fflush(NULL);
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0)
		_exit(add_many(path, "child", COUNT) ? 1 : 0);
	int failed = add_many(path, "parent", COUNT);
	int status = 0;
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK_INT(failed, 0);

	st = open_or_die(path);
	struct vocab_entry *v = NULL;
	size_t n = 0;
	CHECK_INT(store_vocab_list(st, STORE_VOCAB_BY_TERM, NULL, &v, &n), 0);
	CHECK_INT(n, 2 * COUNT);
	vocab_entries_free(v, n);
	/* And two connections open in one process see each other's writes. */
	struct store *other = open_or_die(path);
	struct vocab_entry e;
	entry_init(&e, "from other", "", "", 0);
	bool existed;
	CHECK_INT(store_vocab_add(other, &e, &existed), 0);
	CHECK_INT(store_vocab_find(st, "FROM OTHER"), e.id);
	vocab_entry_clear(&e);
	store_close(other);
	store_close(st);
	free(path);
}

/* --- a big episode ----------------------------------------------------------- */

static void test_big_episode(struct store *st)
{
	/* 10,000 segments through save, load and JSON both ways. */
	struct episode *ep = make_episode("Big", "2025-08-08", "big", 10000);
	CHECK_INT(store_episode_save(st, ep, 0), 0);
	struct episode *got = NULL;
	CHECK_INT(store_episode_load(st, ep->id, &got), 0);
	if (got) {
		check_same_episode(got, ep);
		char *j1 = store_episode_json(st, got);
		char err[256] = "";
		struct episode *back = NULL;
		CHECK(j1 != NULL);
		if (j1) {
			CHECK_INT(store_episode_from_json(st, j1, strlen(j1),
							  &back, err,
							  sizeof err), 0);
			CHECK_STR(err, "");
		}
		if (back) {
			back->id = got->id;
			char *j2 = store_episode_json(st, back);
			CHECK(j2 && strcmp(j1, j2) == 0);
			free(j2);
		}
		episode_free(back);
		free(j1);
	}
	episode_free(got);
	CHECK_INT(store_episode_delete(st, ep->id), 0);
	episode_free(ep);
}

/* --- whose file, and what kind of failure ------------------------------------ */

/* The whole content of a file (new, *len bytes), or NULL. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, n = 0, got;
	do {
		xgrow((void **)&buf, &cap, n + 65536, 1);
		got = fread(buf + n, 1, 65536, f);
		n += got;
	} while (got > 0);
	fclose(f);
	buf[n] = '\0'; /* room: the last read left 65536 bytes free */
	*len = n;
	return buf;
}

static bool exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

/* Runs sql on the file at path with SQLite itself, as another program
 * would (not through the store). Returns SQLite's result code. */
static int sqlite_exec(const char *path, const char *sql)
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
static long long sqlite_int(const char *path, const char *sql)
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

/* A library with one three-segment episode and one book entry. */
static long long make_small_library(const char *path)
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

/* --- counts kept with the episode, and the migration that fills them ----- */

/* Every episode's row holds the count of its segments and its words. */
static void check_stored_counts(struct store *st, const char *path)
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

static void test_stored_counts(void)
{
	char *path = tmp_path("counts.db");
	struct store *st = open_or_die(path);
	struct episode *a = make_episode("A", "2025-01-01", "a", 5);
	struct episode *b = make_episode("B", "2025-01-02", "b", 7);
	CHECK_INT(store_episode_save(st, a, 0), 0);
	CHECK_INT(store_episode_save(st, b, 0), 0);
	check_stored_counts(st, path);
	CHECK_INT(sqlite_int(path, "SELECT sum(n_segments) FROM episodes"), 12);

	/* Replaced with fewer segments and other words. */
	struct episode *a2 = make_episode("A again", "2025-01-01", "a", 2);
	a2->words = 99;
	CHECK_INT(store_episode_save(st, a2, a->id), 0);
	check_stored_counts(st, path);
	char *sql = xasprintf("SELECT n_segments * 1000 + words FROM episodes "
			      "WHERE id = %lld", a->id);
	CHECK_INT(sqlite_int(path, sql), 2099);
	free(sql);
	/* A failed replace leaves the count as it was. */
	struct episode *bad = make_episode("Bad", "2025-01-01", "a", 9);
	bad->segments[8].end = -1;
	CHECK_INT(store_episode_save(st, bad, a->id), -1);
	check_stored_counts(st, path);
	/* Removal: the others keep theirs. */
	CHECK_INT(store_episode_delete(st, a->id), 0);
	check_stored_counts(st, path);
	CHECK_INT(sqlite_int(path, "SELECT sum(n_segments) FROM episodes"), 7);
	char *json = store_list_json(st);
	CHECK(json && strstr(json, "\"segments\":7}]"));
	free(json);
	store_close(st);
	episode_free(a);
	episode_free(a2);
	episode_free(b);
	episode_free(bad);
	free(path);
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

static int remove_one(const char *path, const struct stat *sb, int type,
		      struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	if (remove(path) != 0)
		fprintf(stderr, "could not remove %s\n", path);
	return 0;
}

static void remove_tree(const char *dir)
{
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_store-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_default_path();
	test_open_creates_and_reopens();
	test_newer_schema_refused();
	test_foreign_untouched();
	test_open_flags();
	test_readonly_library();
	test_disk_full();
	test_stored_counts();
	test_migrate_v3();

	char *path = tmp_path("library.db");
	struct store *st = open_or_die(path);
	test_save_load(st);
	test_lazy_load(st);
	test_duplicates_and_replace(st);
	test_list_order_and_progress(st);
	test_failed_save_changes_nothing(st);
	test_json_round_trip(st);
	test_json_errors(st);
	test_error_kinds(st);
	test_vocab(st);
	test_big_episode(st);
	store_close(st);
	free(path);

	test_two_writers();
	remove_tree(tmpdir);
	return check_result();
}
