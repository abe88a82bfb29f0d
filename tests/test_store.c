/* test_store: the library on real files in a temporary directory --
 * episodes (save, load, duplicates, replace, list, delete) and the segment
 * counts kept with them, JSON out and in, progress, the vocabulary book,
 * failed writes that must leave the file as it was, and two processes
 * writing at once. Opening (whose file, what can be written, the kinds of
 * failure, migrations) is test_store_open.c. */
#include "buildspeak/store.h"

#include "check.h"
#include "store_fixtures.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buildspeak/alloc.h"
#include "buildspeak/episode.h"
#include "buildspeak/glossary.h"
#include "buildspeak/text.h"
#include "buildspeak/vocab.h"

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

/* Asserts that summary x (whole) is the same as y. */
static void check_same_summary(const struct episode_summary *x,
			       const struct episode_summary *y)
{
	CHECK(!x->partial && !y->partial);
	CHECK_INT(x->id, y->id);
	CHECK_STR(x->title, y->title);
	CHECK_STR(x->podcast, y->podcast);
	CHECK_STR(x->date, y->date);
	CHECK_STR(x->source_url, y->source_url);
	CHECK_STR(x->audio, y->audio);
	CHECK_INT(x->words, y->words);
	CHECK_INT(x->reading_minutes, y->reading_minutes);
	CHECK(x->duration == y->duration);
	CHECK_INT(x->n_segments, y->n_segments);
	CHECK(x->position == y->position);
	CHECK_INT(x->progress_segment, y->progress_segment);
	CHECK_INT(x->opened_at, y->opened_at);
	CHECK_INT(x->finished, y->finished);
	CHECK_INT(x->imported_at, y->imported_at);
}

/* The list read ids first and filled a stretch at a time is the whole
 * list, entry for entry; a stretch whose episodes changed in between
 * skips the added ones and blanks the removed ones. */
static void test_list_ids_then_fill(struct store *st)
{
	enum { N = 12 };
	struct episode *eps[N];
	static const char *const dates[] = { "2025-01-02", "2025-01-01",
					     "2025-01-02", "" };
	for (int i = 0; i < N; i++) {
		char title[32], url[32];
		snprintf(title, sizeof title, "Talk %d", i);
		snprintf(url, sizeof url, "fill-%d", i);
		eps[i] = make_episode(title, dates[i % 4], url, 1 + i % 3);
		CHECK_INT(store_episode_save(st, eps[i], 0), 0);
	}
	CHECK_INT(store_progress_save(st, eps[3]->id, 4.5, 1), 0);
	CHECK_INT(store_episode_set_finished(st, eps[5]->id, true), 0);

	struct episode_summary *full = NULL, *v = NULL;
	size_t n_full = 0, n = 0;
	CHECK_INT(store_episode_list(st, &full, &n_full), 0);
	CHECK_INT(store_episode_list_ids(st, &v, &n), 0);
	CHECK_INT(n, n_full);
	for (size_t i = 0; i < n && i < n_full; i++) {
		CHECK(v[i].partial);
		CHECK_INT(v[i].id, full[i].id);
		CHECK_STR(v[i].date, full[i].date);
		CHECK(v[i].title == NULL);
	}
	/* Stretches, overlapping what is filled already, then the rest. */
	CHECK_INT(store_episode_list_fill(st, v + 2, 3), 0);
	CHECK(v[1].partial && !v[2].partial && !v[4].partial && v[5].partial);
	CHECK_INT(store_episode_list_fill(st, v + 3, 5), 0);
	CHECK_INT(store_episode_list_fill(st, v, n), 0);
	CHECK_INT(store_episode_list_fill(st, v, n), 0); /* nothing left */
	for (size_t i = 0; i < n && i < n_full; i++)
		check_same_summary(&v[i], &full[i]);
	store_summaries_free(v, n);

	/* Changed between the ids and the filling. */
	CHECK_INT(store_episode_list_ids(st, &v, &n), 0);
	struct episode *added = make_episode("Added", "2025-01-02", "fill-a",
					     1);
	CHECK_INT(store_episode_save(st, added, 0), 0);
	long long gone = v[4].id;
	CHECK_INT(store_episode_delete(st, gone), 0);
	CHECK_INT(store_episode_list_fill(st, v, n), 0);
	for (size_t i = 0; i < n && i < n_full; i++) {
		if (v[i].id == gone) {
			CHECK(!v[i].partial);
			CHECK_STR(v[i].title, "");
			CHECK_STR(v[i].audio, "");
			continue;
		}
		check_same_summary(&v[i], &full[i]);
	}
	store_summaries_free(v, n);
	store_summaries_free(full, n_full);

	CHECK_INT(store_episode_delete(st, added->id), 0);
	episode_free(added);

	for (int i = 0; i < N; i++) {
		if (eps[i]->id != gone)
			CHECK_INT(store_episode_delete(st, eps[i]->id), 0);
		episode_free(eps[i]);
	}
	CHECK_INT(store_episode_count(st), 0);

	/* Stored oldest first (as they are published), and the same date
	 * twice: the list is still newest first, as the index orders it. */
	struct episode *asc[4];
	static const char *const asc_dates[] = { "2030-01-01", "2030-01-02",
						 "2030-01-02", "2030-02-01" };
	for (int i = 0; i < 4; i++) {
		char url[32];
		snprintf(url, sizeof url, "asc-%d", i);
		asc[i] = make_episode("Ascending", asc_dates[i], url, 1);
		CHECK_INT(store_episode_save(st, asc[i], 0), 0);
	}
	CHECK_INT(store_episode_list(st, &full, &n_full), 0);
	CHECK_INT(store_episode_list_ids(st, &v, &n), 0);
	CHECK_INT(n, n_full);
	CHECK(n_full >= 4 && full[0].id == asc[3]->id &&
	      full[1].id == asc[2]->id && full[2].id == asc[1]->id &&
	      full[3].id == asc[0]->id);
	for (size_t i = 0; i < n && i < n_full; i++)
		CHECK_INT(full[i].id, v[i].id);
	store_summaries_free(v, n);
	store_summaries_free(full, n_full);
	for (int i = 0; i < 4; i++) {
		CHECK_INT(store_episode_delete(st, asc[i]->id), 0);
		episode_free(asc[i]);
	}
	CHECK_INT(store_episode_count(st), 0);
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
	char **terms = NULL, **keys = NULL;
	CHECK_INT(store_vocab_terms(st, &terms, &keys, &n), 0);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_STR(terms[0], "Deep Learning");
		CHECK_STR(terms[2], "Überfitting");
		/* the keys: folded, in strcmp order, the terms with them */
		for (size_t i = 0; i < n; i++) {
			char *f = text_fold(terms[i]);
			CHECK_STR(keys[i], f);
			free(f);
			if (i)
				CHECK(strcmp(keys[i - 1], keys[i]) < 0);
		}
	}
	store_strings_free(terms, n);
	store_strings_free(keys, n);

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

/* The book's list without its sentences, and the sentences of a few
 * entries by id: what the reader's book reads. */
static void test_vocab_rows(struct store *st)
{
	struct store_vocab_rows before;
	CHECK_INT(store_vocab_rows(st, &before), 0);
	struct vocab_entry e;
	entry_init(&e, "Überfitting", "过拟合", "a note", 5000);
	entry_context(&e, "later sentence", "后", NULL, 2.0, 5002);
	entry_context(&e, "earlier sentence", "前", NULL, 1.0, 5001);
	CHECK_INT(store_vocab_add(st, &e, NULL), 0);
	long long a = e.id;
	vocab_entry_clear(&e);
	entry_init(&e, "no sentence", "", "", 5003);
	CHECK_INT(store_vocab_add(st, &e, NULL), 0);
	long long b = e.id;
	vocab_entry_clear(&e);

	struct store_vocab_rows r;
	CHECK_INT(store_vocab_rows(st, &r), 0);
	CHECK_INT(r.n, before.n + 2);
	for (size_t i = 1; i < r.n; i++)
		CHECK(r.v[i - 1].id < r.v[i].id); /* by id */
	if (r.n == before.n + 2) {
		const struct store_vocab_row *x = &r.v[r.n - 2], *y = &r.v[r.n - 1];
		CHECK_INT(x->id, a);
		CHECK_STR(x->term, "Überfitting");
		CHECK_STR(x->term_key, "überfitting");
		CHECK_STR(x->gloss, "过拟合");
		CHECK_STR(x->note, "a note");
		CHECK_INT(x->created, 5000);
		CHECK_INT(y->id, b);
		CHECK_STR(y->gloss, "");
		CHECK_STR(y->note, "");
	}
	store_vocab_rows_free(&r);
	CHECK(r.v == NULL && r.n == 0);
	store_vocab_rows_free(&before);

	/* Oldest first; none for an entry without any or not in the book. */
	long long ids[3] = {b, a, 987654};
	struct vocab_context *ctx[3];
	size_t n[3];
	CHECK_INT(store_vocab_contexts(st, ids, 3, ctx, n), 0);
	CHECK_INT(n[0], 0);
	CHECK(ctx[0] == NULL);
	CHECK_INT(n[1], 2);
	if (n[1] == 2) {
		CHECK_STR(ctx[1][0].en, "earlier sentence");
		CHECK_STR(ctx[1][0].zh, "前");
		CHECK(ctx[1][0].at == 1.0);
		CHECK_STR(ctx[1][1].en, "later sentence");
		CHECK_INT(ctx[1][1].saved, 5002);
	}
	CHECK_INT(n[2], 0);
	for (int i = 0; i < 3; i++) {
		struct vocab_entry c = {.contexts = ctx[i], .n_contexts = n[i]};
		vocab_entry_clear(&c);
	}
	CHECK_INT(store_vocab_remove(st, a), 0);
	CHECK_INT(store_vocab_remove(st, b), 0);
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

/* --- the segment counts kept with the episode ------------------------------ */

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

/* An empty library lists nothing, without error (and without handing
 * qsort a null array, which UBSan reports). */
static void test_empty_list(struct store *st)
{
	struct episode_summary *v = NULL;
	size_t n = 7;
	CHECK_INT(store_episode_list(st, &v, &n), 0);
	CHECK_INT(n, 0);
	store_summaries_free(v, n);
	n = 7;
	CHECK_INT(store_episode_list_ids(st, &v, &n), 0);
	CHECK_INT(n, 0);
	store_summaries_free(v, n);
}

int main(void)
{
	if (fixtures_setup("test_store") != 0)
		return 1;
	test_stored_counts();

	char *path = tmp_path("library.db");
	struct store *st = open_or_die(path);
	test_empty_list(st);
	test_save_load(st);
	test_lazy_load(st);
	test_duplicates_and_replace(st);
	test_list_order_and_progress(st);
	test_list_ids_then_fill(st);
	test_failed_save_changes_nothing(st);
	test_json_round_trip(st);
	test_json_errors(st);
	test_vocab(st);
	test_vocab_rows(st);
	test_big_episode(st);
	store_close(st);
	free(path);

	test_two_writers();
	remove_tree(tmpdir);
	return check_result();
}
