/* test_episode: the episode model, time -> segment lookup, time formatting
 * and the statistics the page prints, on made-up episodes and the sample. */
#include "buildspeak/episode.h"

#include "buildspeak/alloc.h"
#include "buildspeak/text.h"

#include "check.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_new_set_free(void)
{
	struct episode *ep = episode_new();
	CHECK_STR(ep->title, "");
	CHECK_STR(ep->podcast, "");
	CHECK_STR(ep->date, "");
	CHECK_STR(ep->source_url, "");
	CHECK_STR(ep->audio, "");
	CHECK_INT(ep->id, 0);
	CHECK_INT(ep->n_segments, 0);
	CHECK_INT(ep->n_terms, 0);
	CHECK_INT(episode_segment_at(ep, 10.0), -1);

	episode_set(&ep->title, "Ep 87: Gemini Co-Lead on World Models");
	CHECK_STR(ep->title, "Ep 87: Gemini Co-Lead on World Models");
	/* Setting a field from a piece of itself must not read freed
	 * memory (the sanitizer run would catch it). */
	episode_set(&ep->title, ep->title + 7);
	CHECK_STR(ep->title, "Gemini Co-Lead on World Models");
	episode_set(&ep->podcast, NULL);
	CHECK_STR(ep->podcast, "");
	char buf[] = "2026-05-22";
	episode_set(&ep->date, buf);
	buf[0] = 'X';
	CHECK_STR(ep->date, "2026-05-22");

	/* Segments take ownership; NULL text becomes "". */
	struct segment *seg = episode_add_segment(ep, 1, 0, 28,
						  xstrdup("Hello"), NULL, 7);
	CHECK_INT(seg->speaker, 1);
	CHECK_STR(seg->en, "Hello");
	CHECK_STR(seg->zh, "");
	CHECK_INT(seg->line, 7);
	CHECK(seg == &ep->segments[0]);

	/* Terms are copied. */
	char term[] = "deep learning";
	struct term *t = episode_add_term(ep, term, "深度学习", 2, 0);
	term[0] = 'X';
	CHECK_STR(t->term, "deep learning");
	CHECK_STR(t->gloss, "深度学习");
	CHECK_INT(t->count, 2);
	CHECK_INT(t->first_segment, 0);
	t = episode_add_term(ep, "RL", NULL, 1, 0);
	CHECK_STR(t->gloss, "");

	/* Growing keeps what was there, in order. */
	for (int i = 0; i < 300; i++) {
		char *en = xasprintf("segment %d", i);
		episode_add_segment(ep, 1 + i % 2, 28 + i, 29 + i, en,
				    xasprintf("第 %d 段", i), 0);
		char *name = xasprintf("term %d", i);
		episode_add_term(ep, name, "释义", 1, i + 1);
		free(name);
	}
	CHECK_INT(ep->n_segments, 301);
	CHECK(ep->cap_segments >= ep->n_segments);
	CHECK_INT(ep->n_terms, 302);
	CHECK(ep->cap_terms >= ep->n_terms);
	CHECK_STR(ep->segments[0].en, "Hello");
	CHECK_STR(ep->segments[300].en, "segment 299");
	CHECK_STR(ep->segments[300].zh, "第 299 段");
	CHECK_INT(ep->segments[300].speaker, 2);
	CHECK_STR(ep->terms[0].term, "deep learning");
	CHECK_STR(ep->terms[301].term, "term 299");
	episode_free(ep);
	episode_free(NULL);
}

static void test_format_time(void)
{
	char buf[16];
	CHECK_STR(episode_format_time(0, buf, sizeof buf), "00:00");
	CHECK_STR(episode_format_time(28, buf, sizeof buf), "00:28");
	CHECK_STR(episode_format_time(28.999, buf, sizeof buf), "00:28");
	CHECK_STR(episode_format_time(59.5, buf, sizeof buf), "00:59");
	CHECK_STR(episode_format_time(60, buf, sizeof buf), "01:00");
	CHECK_STR(episode_format_time(3580, buf, sizeof buf), "59:40");
	CHECK_STR(episode_format_time(3599.99, buf, sizeof buf), "59:59");
	CHECK_STR(episode_format_time(3600, buf, sizeof buf), "1:00:00");
	CHECK_STR(episode_format_time(3750, buf, sizeof buf), "1:02:30");
	CHECK_STR(episode_format_time(3787.4, buf, sizeof buf), "1:03:07");
	CHECK_STR(episode_format_time(36000, buf, sizeof buf), "10:00:00");
	CHECK_STR(episode_format_time(-5, buf, sizeof buf), "00:00");
	CHECK_STR(episode_format_time(-0.5, buf, sizeof buf), "00:00");
	/* It returns buf, and a small buffer is cut, not overrun. */
	char small[4];
	CHECK(episode_format_time(3750, small, sizeof small) == small);
	CHECK_STR(small, "1:0");
	/* The same as the printf formats it was written with, over every
	 * second of the first hours and a few far ones. */
	for (long long s = 0; s < 1000000000000LL;
	     s = s < 40000 ? s + 1 : s * 7) {
		char want[40];
		if (s >= 3600)
			snprintf(want, sizeof want, "%lld:%02lld:%02lld",
				 s / 3600, s / 60 % 60, s % 60);
		else
			snprintf(want, sizeof want, "%02lld:%02lld", s / 60,
				 s % 60);
		char got[40];
		episode_format_time((double)s + 0.25, got, sizeof got);
		if (strcmp(got, want) != 0) {
			CHECK_STR(got, want);
			break;
		}
	}
}

/* The reference answer: a linear scan. */
static long linear_segment_at(const struct episode *ep, double t)
{
	long found = ep->n_segments ? 0 : -1;
	for (size_t i = 0; i < ep->n_segments; i++)
		if (ep->segments[i].start <= t)
			found = (long)i;
	return found;
}

static void test_segment_at_small(void)
{
	struct episode *ep = episode_new();
	/* 0-28, 29-55, a gap, 57-59. */
	episode_add_segment(ep, 1, 0, 28, xstrdup("a"), xstrdup("甲"), 0);
	episode_add_segment(ep, 1, 29, 55, xstrdup("b"), xstrdup("乙"), 0);
	episode_add_segment(ep, 1, 57, 59, xstrdup("c"), xstrdup("丙"), 0);
	CHECK_INT(episode_segment_at(ep, -3), 0);
	CHECK_INT(episode_segment_at(ep, 0), 0);
	CHECK_INT(episode_segment_at(ep, 28.5), 0); /* gap after 28 */
	CHECK_INT(episode_segment_at(ep, 29), 1);   /* a start belongs to it */
	CHECK_INT(episode_segment_at(ep, 56.9), 1);
	CHECK_INT(episode_segment_at(ep, 57), 2);
	CHECK_INT(episode_segment_at(ep, 1e9), 2);  /* after the end */
	episode_free(ep);

	/* One segment that starts late: before it still gives 0. */
	ep = episode_new();
	episode_add_segment(ep, 1, 10, 20, NULL, NULL, 0);
	CHECK_INT(episode_segment_at(ep, 0), 0);
	CHECK_INT(episode_segment_at(ep, 15), 0);
	CHECK_INT(episode_segment_at(ep, 25), 0);
	episode_free(ep);
}

static void test_segment_at_large(void)
{
	struct episode *ep = episode_new();
	/* 10,000 segments starting at 5 s, 2.5 s long, with gaps of 0 to
	 * 0.6 s between them. */
	double t = 5;
	unsigned seed = 12345;
	for (int i = 0; i < 10000; i++) {
		seed = seed * 1103515245u + 12345u;
		double gap = (double)((seed >> 16) % 7) / 10.0;
		episode_add_segment(ep, 1, t, t + 2.5, xstrdup("x"),
				    xstrdup("乙"), 0);
		t += 2.5 + gap;
	}
	double last = t;
	CHECK_INT(ep->n_segments, 10000);
	/* Every start, just before it, and just after it. */
	size_t mismatches = 0;
	for (size_t i = 0; i < ep->n_segments; i++) {
		double s = ep->segments[i].start;
		mismatches += episode_segment_at(ep, s) != (long)i;
		mismatches += episode_segment_at(ep, s - 0.001) !=
			      linear_segment_at(ep, s - 0.001);
		mismatches += episode_segment_at(ep, s + 2.6) !=
			      linear_segment_at(ep, s + 2.6);
	}
	/* And at many times across (and beyond) the whole episode. */
	for (int k = 0; k < 20000; k++) {
		seed = seed * 1103515245u + 12345u;
		double q = (double)(seed >> 8) / (double)(1u << 24) *
			   (last + 20) - 10;
		mismatches += episode_segment_at(ep, q) !=
			      linear_segment_at(ep, q);
	}
	CHECK_INT(mismatches, 0);
	CHECK_INT(episode_segment_at(ep, 0), 0);
	CHECK_INT(episode_segment_at(ep, last + 1000), 9999);
	episode_free(ep);
}

static char *words(int n)
{
	char *s = xmalloc((size_t)n * 5 + 1), *p = s;
	for (int i = 0; i < n; i++)
		p += sprintf(p, i ? " word" : "word");
	*p = '\0';
	return s;
}

static void test_stats_made_up(void)
{
	struct episode *ep = episode_new();
	episode_update_stats(ep);
	CHECK_INT(ep->words, 0);
	CHECK_INT(ep->reading_minutes, 0);
	CHECK(ep->duration == 0);

	/* 11,291 words: 56.45 minutes, "约 56 分钟". */
	episode_add_segment(ep, 1, 0, 28, words(11000), xstrdup("中文不算"), 0);
	episode_add_segment(ep, 2, 29, 3580, words(291), xstrdup("中文"), 0);
	episode_update_stats(ep);
	CHECK_INT(ep->words, 11291);
	CHECK_INT(ep->reading_minutes, 56);
	CHECK(ep->duration == 3580);
	episode_free(ep);

	const int cases[][2] = { { 1, 1 }, { 199, 1 }, { 399, 1 },
				 { 400, 2 }, { 11302, 56 } };
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		ep = episode_new();
		episode_add_segment(ep, 1, 0, 1, words(cases[i][0]), NULL, 0);
		episode_update_stats(ep);
		CHECK_INT(ep->words, cases[i][0]);
		CHECK_INT(ep->reading_minutes, cases[i][1]);
		episode_free(ep);
	}
}

/* Seconds from "MM:SS" or "H:MM:SS". */
static double parse_clock(const char *s)
{
	int a = 0, b = 0, c = 0;
	int n = sscanf(s, "%d:%d:%d", &a, &b, &c);
	return n == 3 ? a * 3600.0 + b * 60 + c : a * 60.0 + b;
}

/* Builds an episode from the sample's "Speaker <n><start> - <end>" pairs,
 * just enough for the statistics (the real parser is import's). */
static struct episode *load_sample(void)
{
	const char *path = getenv("BUILDSPEAK_SAMPLE");
	FILE *f = path ? fopen(path, "r") : NULL;
	if (!f)
		return NULL;
	struct episode *ep = episode_new();
	char line[65536];
	char header[128] = "";
	int headers = 0;
	bool body_next = false;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (strncmp(line, "Speaker ", 8) == 0) {
			headers++;
			size_t hl = strlen(line + 8);
			if (hl >= sizeof header)
				hl = sizeof header - 1;
			memcpy(header, line + 8, hl);
			header[hl] = '\0';
			body_next = true;
			continue;
		}
		if (body_next && headers % 2 == 1) {
			/* "100:00 - 00:28": the speaker's digit is glued to
			 * the start; the start is the last 5 (MM:SS) or 7
			 * (H:MM:SS) characters before " - ". */
			char *dash = strstr(header, " - ");
			if (dash) {
				*dash = '\0';
				size_t hl = strlen(header);
				int colons = 0;
				for (char *p = header; *p; p++)
					colons += *p == ':';
				size_t tl = colons == 2 ? 7 : 5;
				double start = hl >= tl ? parse_clock(header + hl - tl) : 0;
				double end = parse_clock(dash + 3);
				episode_add_segment(ep, 1, start, end,
						    xstrdup(line), NULL, 0);
			}
		}
		body_next = false;
	}
	fclose(f);
	return ep;
}

static void test_sample(void)
{
	struct episode *ep = load_sample();
	if (!ep) {
		CHECK(!"the sample was not found: set BUILDSPEAK_SAMPLE");
		return;
	}
	CHECK_INT(ep->n_segments, 147);
	episode_update_stats(ep);
	/* The page says "11,291 词 · 约 56 分钟". */
	fprintf(stderr, "sample: %d words, %d minutes\n", ep->words,
		ep->reading_minutes);
	CHECK(ep->words >= 11291 - 112 && ep->words <= 11291 + 112);
	CHECK_INT(ep->reading_minutes, 56);
	char buf[16];
	CHECK_STR(episode_format_time(ep->duration, buf, sizeof buf), "59:40");
	CHECK_STR(episode_format_time(ep->segments[0].end, buf, sizeof buf),
		  "00:28");
	/* Every segment is found at its own start and in its middle. */
	size_t mismatches = 0;
	for (size_t i = 0; i < ep->n_segments; i++) {
		const struct segment *s = &ep->segments[i];
		long want = linear_segment_at(ep, s->start);
		mismatches += episode_segment_at(ep, s->start) != want;
		mismatches += episode_segment_at(ep, (s->start + s->end) / 2) !=
			      linear_segment_at(ep, (s->start + s->end) / 2);
	}
	CHECK_INT(mismatches, 0);
	/* 00:57 starts the third segment ("Oriole, thanks so much..."). */
	CHECK_INT(episode_segment_at(ep, 57.4), 2);
	CHECK(strncmp(ep->segments[2].en, "Oriole, thanks", 14) == 0);
	/* 00:56 is in the gap after the second (00:29 - 00:55). */
	CHECK_INT(episode_segment_at(ep, 56), 1);
	episode_free(ep);
}

/* Audio sources: a URL is a scheme and "://"; anything else is a file,
 * even a file whose name holds "://" further on. */
static void test_audio_is_url(void)
{
	CHECK(episode_audio_is_url("https://youtu.be/x"));
	CHECK(episode_audio_is_url("ytdl://abc"));
	CHECK(episode_audio_is_url("svn+ssh://host/a.mp3"));
	CHECK(!episode_audio_is_url("/music/talk.mp3"));
	CHECK(!episode_audio_is_url("/tmp/odd://name.wav"));
	CHECK(!episode_audio_is_url("1http://x"));
	CHECK(!episode_audio_is_url("://x"));
	CHECK(!episode_audio_is_url(""));
}

/* Times as a user types them (the reader's jump prompt, vocab add --at). */
static void test_parse_time(void)
{
	double t = -1;
	CHECK(episode_parse_time("12:34", &t) && t == 754);
	CHECK(episode_parse_time("1:02:03", &t) && t == 3723);
	CHECK(episode_parse_time("754.5", &t) && t == 754.5);
	CHECK(episode_parse_time("0:03", &t) && t == 3);
	CHECK(episode_parse_time("00:12", &t) && t == 12);
	const char *bad[] = {"", ":", "1:", ":30", "0:99", "1:60:00", "-3",
			     "1e3", "0x10", " 12", "12 ", "1:2:3:4", "1.5:00",
			     "1234567890"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		bool ok = episode_parse_time(bad[i], &t);
		if (ok)
			fprintf(stderr, "parsed \"%s\"\n", bad[i]);
		CHECK(!ok);
	}
}

/* The one calendar rule the page, subtitle and JSON importers share. */
static void test_day_exists(void)
{
	CHECK(episode_day_exists(2026, 1, 31));
	CHECK(!episode_day_exists(2026, 4, 31));
	CHECK(episode_day_exists(2024, 2, 29));  /* divisible by 4 */
	CHECK(!episode_day_exists(2026, 2, 29));
	CHECK(!episode_day_exists(1900, 2, 29)); /* by 100, not by 400 */
	CHECK(episode_day_exists(2000, 2, 29));  /* by 400 */
	CHECK(!episode_day_exists(2026, 0, 1));
	CHECK(!episode_day_exists(2026, 13, 1));
	CHECK(!episode_day_exists(2026, 1, 0));
	CHECK(!episode_day_exists(2026, 12, 32));
}

/* Terms added into one block read back as added while the block grows
 * and moves, and mix with terms that own their strings either way. */
static void test_term_block(void)
{
	struct episode *ep = episode_new();
	enum { N = 3000 };
	for (int i = 0; i < N; i++) {
		char t[32], g[32];
		int tl = snprintf(t, sizeof t, "term %d", i);
		int gl = snprintf(g, sizeof g, "释义 %d", i);
		/* Lengths, not NULs: what follows them is not copied. */
		t[tl] = 'X';
		episode_add_term_n(ep, t, (size_t)tl, g, (size_t)gl, i, i % 7);
	}
	CHECK_INT(ep->n_terms, N);
	CHECK(ep->term_text != NULL);
	bool same = true;
	for (int i = 0; i < N && same; i++) {
		char t[32], g[32];
		snprintf(t, sizeof t, "term %d", i);
		snprintf(g, sizeof g, "释义 %d", i);
		same = !strcmp(ep->terms[i].term, t) &&
		       !strcmp(ep->terms[i].gloss, g) &&
		       ep->terms[i].count == i &&
		       ep->terms[i].first_segment == i % 7;
	}
	CHECK(same);
	episode_add_term_n(ep, "", 0, "", 0, 1, 0);
	CHECK_STR(ep->terms[N].term, "");
	/* One that owns its strings: the others get their own too. */
	episode_add_term(ep, "owned", "自有", 1, 2);
	CHECK(ep->term_text == NULL);
	CHECK_STR(ep->terms[N - 1].term, "term 2999");
	CHECK_STR(ep->terms[N + 1].gloss, "自有");
	episode_add_term_n(ep, "more", 4, "更多", strlen("更多"), 1, 3);
	CHECK(ep->term_text == NULL);
	CHECK_STR(ep->terms[N + 2].term, "more");
	episode_set(&ep->terms[N + 2].gloss, "changed");
	CHECK_STR(ep->terms[N + 2].gloss, "changed");
	episode_clear_terms(ep);
	CHECK_INT(ep->n_terms, 0);
	/* Empty again: the block is used again. */
	episode_add_term_n(ep, "again", 5, "再", strlen("再"), 1, 0);
	CHECK(ep->term_text != NULL);
	CHECK_STR(ep->terms[0].term, "again");
	episode_free(ep); /* ASan: nothing leaked, nothing freed twice */
}

int main(void)
{
	test_parse_time();
	test_new_set_free();
	test_format_time();
	test_segment_at_small();
	test_segment_at_large();
	test_stats_made_up();
	test_sample();
	test_audio_is_url();
	test_day_exists();
	test_term_block();
	return check_result();
}
