/* Tests of the page-text importer: the sample page, the traps of the format
 * (CRLF, BOM, glued speaker numbers, hours, optional lines) and every bad
 * input with the line and the message a user would see. The trap files are
 * in tests/data/import/ (README.md there lists them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buildspeak/alloc.h"
#include "buildspeak/episode.h"
#include "buildspeak/import.h"
#include "buildspeak/library.h"
#include "buildspeak/store.h"
#include "check.h"

static char *test_path(const char *name)
{
	const char *dir = getenv("BUILDSPEAK_TESTDIR");
	return xasprintf("%s/data/import/%s", dir ? dir : "tests", name);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, n = 0, r;
	do {
		buf = xgrowarray(buf, &cap, n + 65536, 1);
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
	} while (r > 0);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Imports a file of tests/data/import (NULL store: page text only). */
static struct episode *import_ok(const char *name)
{
	char *path = test_path(name);
	struct episode *ep = NULL;
	struct import_error err = { 0, "" };
	int rc = import_file(path, NULL, &ep, &err);
	CHECK_INT(rc, 0);
	if (rc)
		fprintf(stderr, "  %s:%d: %s\n", path, err.line, err.msg);
	free(path);
	return ep;
}

static struct episode *page_ok(const char *text)
{
	struct episode *ep = NULL;
	struct import_error err = { 0, "" };
	int rc = import_page(text, strlen(text), &ep, &err);
	CHECK_INT(rc, 0);
	if (rc)
		fprintf(stderr, "  line %d: %s\n", err.line, err.msg);
	return ep;
}

/* Checks that import_page refuses buf with this line and message, leaving
 * *out untouched. */
static void check_refused(const char *what, const char *buf, size_t len,
			  int line, const char *msg)
{
	static struct episode sentinel;
	struct episode *ep = &sentinel; /* must stay untouched */
	struct import_error err = { -1, "" };
	int rc = import_page(buf, len, &ep, &err);
	CHECK_INT(rc, -1);
	CHECK(ep == &sentinel);
	CHECK_INT(err.line, line);
	CHECK_STR(err.msg, msg);
	if (rc != -1 || err.line != line || strcmp(err.msg, msg) != 0)
		fprintf(stderr, "  (%s)\n", what);
	if (rc == 0)
		episode_free(ep);
}

/* The same for a file of tests/data/import, through import_file. */
static void check_refused_file(const char *name, int line, const char *msg)
{
	char *path = test_path(name);
	struct episode *ep = NULL;
	struct import_error err = { -1, "" };
	int rc = import_file(path, NULL, &ep, &err);
	CHECK_INT(rc, -1);
	CHECK(ep == NULL);
	CHECK_INT(err.line, line);
	CHECK_STR(err.msg, msg);
	if (rc != -1 || err.line != line || strcmp(err.msg, msg) != 0)
		fprintf(stderr, "  (%s)\n", name);
	if (rc == 0)
		episode_free(ep);
	free(path);
}

static void check_segment(const struct episode *ep, size_t i, int speaker,
			  double start, double end, const char *en_prefix)
{
	CHECK(i < ep->n_segments);
	if (i >= ep->n_segments)
		return;
	const struct segment *s = &ep->segments[i];
	CHECK_INT(s->speaker, speaker);
	CHECK_INT(s->start, start);
	CHECK_INT(s->end, end);
	CHECK(strncmp(s->en, en_prefix, strlen(en_prefix)) == 0);
	if (strncmp(s->en, en_prefix, strlen(en_prefix)) != 0)
		fprintf(stderr, "  segment %zu: \"%.40s\"\n", i, s->en);
}

static void test_sample(void)
{
	const char *path = getenv("BUILDSPEAK_SAMPLE");
	struct episode *ep = NULL;
	struct import_error err = { 0, "" };
	int rc = import_file(path ? path : "data/sample.page.txt", NULL, &ep,
			     &err);
	CHECK_INT(rc, 0);
	if (rc) {
		fprintf(stderr, "  sample: %d: %s\n", err.line, err.msg);
		return;
	}
	CHECK_STR(ep->title, "Ep 87: Gemini Co-Lead on World Models, RL's "
			     "Next Domains & Continual Learning");
	CHECK_STR(ep->podcast, "Unsupervised Learning");
	CHECK_STR(ep->date, "2026-05-22");
	CHECK_STR(ep->source_url, "https://www.youtube.com/watch?v=NQczevdpxq0");
	CHECK_STR(ep->audio, "");
	CHECK_INT(ep->n_segments, 147);
	/* the page says 11,291 words: within 1% */
	CHECK(ep->words >= 11178 && ep->words <= 11404);
	fprintf(stderr, "sample: %d words, %zu terms\n", ep->words, ep->n_terms);
	CHECK_INT(ep->reading_minutes, 56);
	CHECK_INT(ep->duration, 59 * 60 + 40);

	check_segment(ep, 0, 1, 0, 28, "Oriol Vinyals is the co lead of Gemini");
	CHECK(strncmp(ep->segments[0].zh, "Oriol Vinyals 与 Noam Shazir",
		      strlen("Oriol Vinyals 与 Noam Shazir")) == 0);
	CHECK_INT(ep->segments[0].line, 8);
	check_segment(ep, 3, 2, 59, 62, "Yeah. It's great to be here.");
	CHECK_STR(ep->segments[3].zh, "是的,很高兴来到这里。谢谢,Jacob。");
	CHECK_INT(ep->segments[3].line, 8 + 3 * 4);
	check_segment(ep, 146, 1, 59 * 60 + 23, 59 * 60 + 40,
		      "It's a nights and weekends project");
	CHECK_INT(ep->segments[146].line, 8 + 146 * 4);

	int speakers[3] = { 0 };
	for (size_t i = 0; i < ep->n_segments; i++) {
		const struct segment *s = &ep->segments[i];
		CHECK(s->speaker == 1 || s->speaker == 2);
		if (s->speaker == 1 || s->speaker == 2)
			speakers[s->speaker]++;
		CHECK(s->end >= s->start);
		if (i)
			CHECK(s->start >= s[-1].start);
		CHECK(s->en[0] && s->zh[0]);
	}
	CHECK(speakers[1] > 0 && speakers[2] > 0);
	/* the glossary is built (its details are test_glossary's) */
	CHECK_INT(ep->n_terms, 194);
	CHECK_STR(ep->terms[0].term, "deep learning");
	CHECK_STR(ep->terms[0].gloss, "深度学习");
	episode_free(ep);
}

/* The sample with CRLF line ends and a BOM imports to the same episode. */
static void test_sample_crlf_bom(void)
{
	const char *path = getenv("BUILDSPEAK_SAMPLE");
	size_t len;
	char *lf = slurp(path ? path : "data/sample.page.txt", &len);
	CHECK(lf != NULL);
	if (!lf)
		return;
	char *crlf = xmalloc(2 * len + 4);
	size_t n = 0;
	memcpy(crlf, "\xEF\xBB\xBF", 3);
	n = 3;
	for (size_t i = 0; i < len; i++) {
		if (lf[i] == '\n')
			crlf[n++] = '\r';
		crlf[n++] = lf[i];
	}
	struct episode *a = NULL, *b = NULL;
	struct import_error err;
	CHECK_INT(import_page(lf, len, &a, &err), 0);
	CHECK_INT(import_page(crlf, n, &b, &err), 0);
	if (a && b) {
		CHECK_STR(b->title, a->title);
		CHECK_STR(b->podcast, a->podcast);
		CHECK_STR(b->source_url, a->source_url);
		CHECK_INT(b->n_segments, a->n_segments);
		CHECK_INT(b->words, a->words);
		CHECK_INT(b->n_terms, a->n_terms);
		for (size_t i = 0; i < a->n_segments && i < b->n_segments; i++) {
			CHECK_STR(b->segments[i].en, a->segments[i].en);
			CHECK_STR(b->segments[i].zh, a->segments[i].zh);
		}
	}
	episode_free(a);
	episode_free(b);
	free(lf);
	free(crlf);
}

static void test_small_pages(void)
{
	struct episode *ep = import_ok("small.page.txt");
	if (ep) {
		CHECK_STR(ep->title, "Ep 1: A Small Test Page");
		CHECK_STR(ep->podcast, "Test Cast");
		CHECK_STR(ep->date, "2026-01-05");
		CHECK_STR(ep->source_url, "https://example.org/ep1");
		CHECK_INT(ep->n_segments, 3);
		check_segment(ep, 1, 2, 10, 25, "We talk about deep learning");
		CHECK_STR(ep->segments[1].zh, "今天我们聊 deep learning(深度学习)。");
		/* computed, not the page's "40 词" (nor its "约 1 分钟": the
		 * minute is episode_update_stats' floor of at least one) */
		CHECK_INT(ep->words, 6 + 6 + 3);
		CHECK_INT(ep->reading_minutes, 1);
		CHECK_INT(ep->duration, 40);
		CHECK_INT(ep->n_terms, 1);
		episode_free(ep);
	}

	/* CRLF, BOM and full-width parentheses */
	ep = import_ok("crlf-bom.page.txt");
	if (ep) {
		CHECK_STR(ep->title, "Ep 1: A Small Test Page");
		CHECK_STR(ep->podcast, "Test Cast");
		CHECK_STR(ep->source_url, "https://example.org/ep1");
		CHECK_INT(ep->n_segments, 3);
		CHECK_STR(ep->segments[0].en, "Hello and welcome to the show.");
		CHECK_STR(ep->segments[2].zh, "感谢收听。");
		CHECK_INT(ep->n_terms, 1);
		if (ep->n_terms) {
			CHECK_STR(ep->terms[0].term, "deep learning");
			CHECK_STR(ep->terms[0].gloss, "深度学习");
		}
		episode_free(ep);
	}

	/* past the hour, two-digit speakers, no optional lines */
	ep = import_ok("hours.page.txt");
	if (ep) {
		CHECK_STR(ep->title, "A Long One");
		CHECK_STR(ep->podcast, "Long Cast");
		CHECK_STR(ep->date, "2025-12-31");
		CHECK_STR(ep->source_url, "");
		CHECK_INT(ep->n_segments, 4);
		check_segment(ep, 0, 12, 59 * 60 + 50, 3605, "Twelve speakers");
		check_segment(ep, 1, 1, 3750, 3787, "Speaker one again");
		check_segment(ep, 2, 10, 3787, 3840, "Speaker ten now.");
		check_segment(ep, 3, 2, 36000, 36005, "Ten hours in");
		CHECK_INT(ep->duration, 36005);
		episode_free(ep);
	}
}

/* A page made of segment headers (each used twice) and fixed text. */
static struct episode *headers_page(const char *const *headers, size_t n)
{
	char *page = xstrdup("");
	for (size_t i = 0; i < n; i++) {
		char *next = xasprintf("%s%s\nEnglish %zu.\n%s\n中文 %zu。\n",
				       page, headers[i], i, headers[i], i);
		free(page);
		page = next;
	}
	struct episode *ep = page_ok(page);
	free(page);
	return ep;
}

static void test_headers(void)
{
	/* the examples of the design notes */
	const char *h1[] = { "Speaker 100:00 - 00:28", "Speaker 258:49 - 59:07",
			     "Speaker 11:02:30 - 1:03:07",
			     "Speaker 1200:00 - 00:05" };
	struct episode *ep = headers_page(h1, 1);
	if (ep) {
		check_segment(ep, 0, 1, 0, 28, "English 0.");
		episode_free(ep);
	}
	ep = headers_page(h1 + 1, 2);
	if (ep) {
		check_segment(ep, 0, 2, 58 * 60 + 49, 59 * 60 + 7, "English 0.");
		check_segment(ep, 1, 1, 3750, 3787, "English 1.");
		episode_free(ep);
	}
	ep = headers_page(h1 + 3, 1);
	if (ep) {
		check_segment(ep, 0, 12, 0, 5, "English 0.");
		episode_free(ep);
	}

	/* two-digit speakers in both forms; speaker numbers over 9 */
	const char *h2[] = { "Speaker 1000:00 - 00:05", "Speaker 9959:59 - 1:00:00",
			     "Speaker 121:00:00 - 1:00:10",
			     "Speaker 991:00:10 - 1:00:20" };
	ep = headers_page(h2, 4);
	if (ep) {
		check_segment(ep, 0, 10, 0, 5, "English 0.");
		check_segment(ep, 1, 99, 3599, 3600, "English 1.");
		check_segment(ep, 2, 12, 3600, 3610, "English 2.");
		check_segment(ep, 3, 99, 3610, 3620, "English 3.");
		episode_free(ep);
	}

	/* the end time's shape tells the start's: one-digit minutes, two-digit
	 * hours */
	const char *h3[] = { "Speaker 25:30 - 5:40", "Speaker 1005:40 - 5:50",
			     "Speaker 110:02:30 - 10:03:00" };
	ep = headers_page(h3, 3);
	if (ep) {
		check_segment(ep, 0, 2, 330, 340, "English 0.");
		check_segment(ep, 1, 100, 340, 350, "English 1.");
		check_segment(ep, 2, 1, 36150, 36180, "English 2.");
		episode_free(ep);
	}
	/* when the end's shape gives a start after the end, the other split
	 * is taken: "215:00 - 05:10" is speaker 21 at 5:00, not speaker 2 at
	 * 15:00 */
	const char *h4[] = { "Speaker 1004:00 - 04:10", "Speaker 215:00 - 05:10" };
	ep = headers_page(h4, 2);
	if (ep) {
		check_segment(ep, 0, 10, 240, 250, "English 0.");
		check_segment(ep, 1, 21, 300, 310, "English 1.");
		episode_free(ep);
	}
	/* blanks: around headers, en dash, and between the lines of a segment */
	ep = page_ok("  Speaker 1\t00:00 – 00:05  \n\nHi there.\n\n"
		     "Speaker 100:00 - 00:05\n\n你好。\n");
	if (ep) {
		check_segment(ep, 0, 1, 0, 5, "Hi there.");
		CHECK_STR(ep->segments[0].zh, "你好。");
		episode_free(ep);
	}
	/* "Speaker" followed by words is text, not a header */
	ep = page_ok("Speaker 3 was right\n"
		     "Speaker 100:00 - 00:05\nSpeaker 3 was right.\n"
		     "Speaker 100:00 - 00:05\n第三位说得对。\n");
	if (ep) {
		CHECK_STR(ep->title, "Speaker 3 was right");
		check_segment(ep, 0, 1, 0, 5, "Speaker 3 was right.");
		episode_free(ep);
	}
}

static void test_preamble(void)
{
	/* no meta line: the first line that is not site chrome is the title */
	struct episode *ep = page_ok(
		"BuildSpeak每日 builder 文摘\n今日归档生词本关于\n\nJust a Title\n"
		"SPACE 播放 / 暂停·←→ 上一句 / 下一句\n"
		"Speaker 100:00 - 00:05\nHi.\nSpeaker 100:00 - 00:05\n嗨。\n");
	if (ep) {
		CHECK_STR(ep->title, "Just a Title");
		CHECK_STR(ep->podcast, "");
		CHECK_STR(ep->date, "");
		episode_free(ep);
	}
	/* only segments: everything empty, import_file falls back to the
	 * file name for the title */
	ep = page_ok("Speaker 100:00 - 00:05\nHi.\nSpeaker 100:00 - 00:05\n嗨。\n");
	if (ep) {
		CHECK_STR(ep->title, "");
		CHECK_STR(ep->source_url, "");
		episode_free(ep);
	}
	/* a meta line that does not fully parse: the podcast is kept, a date
	 * that is not a real day is left empty, the page still imports */
	ep = page_ok("🎙 播客Odd Cast· 2026 年 2 月 30 日· lots of 词\n\nTitle\n"
		     "Speaker 100:00 - 00:05\nHi.\nSpeaker 100:00 - 00:05\n嗨。\n");
	if (ep) {
		CHECK_STR(ep->podcast, "Odd Cast");
		CHECK_STR(ep->date, "");
		CHECK_STR(ep->title, "Title");
		episode_free(ep);
	}
	ep = page_ok("🎙 播客P· 2024 年 2 月 29 日\nT\n"
		     "Speaker 100:00 - 00:05\nHi.\nSpeaker 100:00 - 00:05\n嗨。\n");
	if (ep) {
		CHECK_STR(ep->date, "2024-02-29");
		episode_free(ep);
	}
	/* the line after the meta line is the title even after a stray line */
	ep = page_ok("Some banner\n🎙 播客P· 2024 年 3 月 1 日\n\nReal Title\n"
		     "Speaker 100:00 - 00:05\nHi.\nSpeaker 100:00 - 00:05\n嗨。\n");
	if (ep) {
		CHECK_STR(ep->title, "Real Title");
		episode_free(ep);
	}
	/* after the 原文 line and after the footer, anything goes */
	ep = page_ok("T\nSpeaker 100:00 - 00:05\nHi.\nSpeaker 100:00 - 00:05\n嗨。\n"
		     "原文 ↗ https://example.org/x \nBUILT IN PUBLIC\nmore text\n");
	if (ep) {
		CHECK_STR(ep->source_url, "https://example.org/x");
		CHECK_INT(ep->n_segments, 1);
		episode_free(ep);
	}
	ep = page_ok("T\nSpeaker 100:00 - 00:05\nHi.\nSpeaker 100:00 - 00:05\n嗨。\n"
		     "BuildSpeak — 关于本项目\nSpeaker 100:05 - 00:09\n");
	if (ep) {
		CHECK_INT(ep->n_segments, 1);
		episode_free(ep);
	}
	/* no final line end */
	ep = page_ok("T\nSpeaker 100:00 - 00:05\nHi.\nSpeaker 100:00 - 00:05\n嗨。");
	if (ep) {
		CHECK_STR(ep->segments[0].zh, "嗨。");
		episode_free(ep);
	}
}

static void test_nfc(void)
{
	/* decomposed é (e + U+0301) in every field comes out composed */
	struct episode *ep = page_ok(
		"🎙 播客Cafe\xCC\x81· 2024 年 3 月 1 日\n\nLe Cafe\xCC\x81\n"
		"Speaker 100:00 - 00:05\nA cafe\xCC\x81.\n"
		"Speaker 100:00 - 00:05\n一家 cafe\xCC\x81(咖啡馆)。\n");
	if (ep) {
		CHECK_STR(ep->podcast, "Caf\xC3\xA9");
		CHECK_STR(ep->title, "Le Caf\xC3\xA9");
		CHECK_STR(ep->segments[0].en, "A caf\xC3\xA9.");
		CHECK_STR(ep->segments[0].zh, "一家 caf\xC3\xA9(咖啡馆)。");
		CHECK_INT(ep->n_terms, 1);
		if (ep->n_terms)
			CHECK_STR(ep->terms[0].term, "caf\xC3\xA9");
		episode_free(ep);
	}
}

static void test_trap_files(void)
{
	check_refused_file("empty.page.txt", 0, "empty file");
	check_refused_file("binary.page.txt", 0, "binary data, not page text");
	check_refused_file("invalid-utf8.page.txt", 13,
			   "invalid UTF-8 (byte 0xFF at column 8)");
	check_refused_file("nul.page.txt", 9, "NUL byte at column 6");
	check_refused_file("truncated.page.txt", 17,
			   "file ends after the English text of the segment at "
			   "line 16 (no translation)");
	check_refused_file("missing-translation.page.txt", 14,
			   "the segment at line 12 has no translation (the next "
			   "segment starts here)");
	check_refused_file("header-differs.page.txt", 14,
			   "segment header differs from its first copy at line 12");
	check_refused_file("minutes-range.page.txt", 12,
			   "start time 1:75:00: minutes out of range");
	check_refused_file("seconds-range.page.txt", 12,
			   "start time 00:61: seconds out of range");
	check_refused_file("end-before-start.page.txt", 12,
			   "segment ends at 00:20, before it starts at 00:30");
	check_refused_file("backwards.page.txt", 16,
			   "segment starts at 00:05, before the previous one "
			   "(00:10, line 12)");
	check_refused_file("no-segments.page.txt", 0,
			   "no segments: no 'Speaker N MM:SS - MM:SS' header in "
			   "the file");
	check_refused_file("no-english.page.txt", 13,
			   "the segment at line 12 has no English text");
	check_refused_file("stray-text.page.txt", 20,
			   "unexpected text after the segment at line 16; "
			   "expected a 'Speaker' header");
}

static void test_bad_strings(void)
{
	static const char seg[] = "Speaker 100:00 - 00:05\nHi.\n"
				  "Speaker 100:00 - 00:05\n嗨。\n";
	check_refused("blank only", " \n\r\n\t\n", 6, 0, "empty file");
	check_refused("BOM only", "\xEF\xBB\xBF", 3, 0, "empty file");
	check_refused("UTF-16", "\xFF\xFES\0p\0", 6, 0,
		      "UTF-16 text; save the page as UTF-8");
	/* mostly text with one NUL is a NUL byte, not binary; a NUL in the
	 * last line of an otherwise good page */
	char buf[256];
	size_t n = (size_t)snprintf(buf, sizeof buf, "%sX", seg);
	buf[n - 1] = '\0';
	check_refused("NUL at the end", buf, n, 5, "NUL byte at column 1");
	/* invalid UTF-8: a lone continuation byte, an overlong, a cut one */
	check_refused("lone continuations", "T\n\x80\x80\n", 5, 2,
		      "invalid UTF-8 (byte 0x80 at column 1)");
	check_refused("overlong", "Title \xC0\xAF\n", 9, 1,
		      "invalid UTF-8 (byte 0xC0 at column 7)");
	check_refused("cut sequence", "Title\nab\xE4\xB8\n", 11, 2,
		      "invalid UTF-8 (byte 0xE4 at column 3)");

	/* header traps in strings */
	check_refused("malformed header",
		      "Speaker 100:0 - 00:05\nHi.\nSpeaker 100:0 - 00:05\n嗨。\n",
		      strlen("Speaker 100:0 - 00:05\nHi.\nSpeaker 100:0 - 00:05\n嗨。\n"),
		      1, "malformed segment header: expected 'Speaker N MM:SS - "
			 "MM:SS'");
	const char *s = "Speaker 00:00 - 00:05\nHi.\nSpeaker 00:00 - 00:05\n嗨。\n";
	check_refused("no speaker", s, strlen(s), 1,
		      "no speaker number before the start time");
	s = "Speaker 100:00 - 00:75\nHi.\nSpeaker 100:00 - 00:75\n嗨。\n";
	check_refused("end seconds", s, strlen(s), 1,
		      "end time 00:75: seconds out of range");
	s = "Speaker 100:00 - 1:60:00\nHi.\nSpeaker 100:00 - 1:60:00\n嗨。\n";
	check_refused("end minutes", s, strlen(s), 1,
		      "end time 1:60:00: minutes out of range");
	/* a huge end time is refused by its range check, never overflowed */
	s = "Speaker 1 00:00 - 999999999:00\nHi.\nSpeaker 1 00:00 - 999999999:00\n嗨。\n";
	check_refused("huge end minutes", s, strlen(s), 1,
		      "end time 999999999:00: minutes out of range");
	/* the truncations: after a header, after the second header */
	s = "T\nSpeaker 100:00 - 00:05\n\n";
	check_refused("ends after a header", s, strlen(s), 2,
		      "file ends after the segment header (no English text)");
	s = "T\nSpeaker 100:00 - 00:05\nHi.\nSpeaker 100:00 - 00:05\n";
	check_refused("ends before the translation", s, strlen(s), 4,
		      "file ends before the translation of the segment at line 2");
	/* the translation replaced by the next header */
	s = "Speaker 100:00 - 00:05\nHi.\nSpeaker 100:00 - 00:05\n"
	    "Speaker 100:05 - 00:09\nHo.\nSpeaker 100:05 - 00:09\n嗬。\n";
	check_refused("header instead of translation", s, strlen(s), 4,
		      "the segment at line 1 has no translation");
	/* the English spread over two lines */
	s = "Speaker 100:00 - 00:05\nHi.\nThere.\nSpeaker 100:00 - 00:05\n嗨。\n";
	check_refused("two English lines", s, strlen(s), 3,
		      "expected the header of the segment at line 1 again, "
		      "before its translation");
	/* a header copy that differs in the speaker only */
	s = "Speaker 100:00 - 00:05\nHi.\nSpeaker 200:00 - 00:05\n嗨。\n";
	check_refused("speaker differs", s, strlen(s), 3,
		      "segment header differs from its first copy at line 1");
	/* a page with only site chrome, and one with a footer first */
	s = "BuildSpeak每日 builder 文摘\n今日归档生词本关于\n";
	check_refused("chrome only", s, strlen(s), 0,
		      "no segments: no 'Speaker N MM:SS - MM:SS' header in the file");

	/* a line over 1 MiB; exactly 1 MiB is fine */
	size_t big = IMPORT_MAX_LINE + 1;
	char *longp = xmalloc(big + 200);
	int head = snprintf(longp, 200, "Speaker 100:00 - 00:05\n");
	memset(longp + head, 'a', big);
	n = (size_t)head + big;
	n += (size_t)snprintf(longp + n, 200, "\nSpeaker 100:00 - 00:05\n嗨。\n");
	check_refused("long line", longp, n, 2, "line longer than 1 MiB");
	memmove(longp + head + big - 1, longp + head + big, n - head - big + 1);
	struct episode *ep = page_ok(longp);
	if (ep) {
		CHECK_INT(strlen(ep->segments[0].en), IMPORT_MAX_LINE);
		episode_free(ep);
	}
	free(longp);
}

static void test_files(void)
{
	struct episode *ep = NULL;
	struct import_error err = { -1, "" };
	char *missing = test_path("no-such-file.page.txt");
	CHECK_INT(import_file(missing, NULL, &ep, &err), -1);
	CHECK_INT(err.line, 0);
	CHECK_STR(err.msg, "cannot open: No such file or directory");
	free(missing);

	char *dir = test_path("");
	CHECK_INT(import_file(dir, NULL, &ep, &err), -1);
	CHECK_INT(err.line, 0);
	CHECK_STR(err.msg, "cannot read: Is a directory");
	free(dir);
	CHECK(ep == NULL);

	/* a file without a title gets its name as the title */
	char tmpl[] = "/tmp/buildspeak-import-XXXXXX";
	int fd = mkstemp(tmpl);
	CHECK(fd >= 0);
	if (fd >= 0) {
		static const char page[] = "Speaker 100:00 - 00:05\nHi.\n"
					   "Speaker 100:00 - 00:05\n嗨。\n";
		CHECK(write(fd, page, sizeof page - 1) == (ssize_t)sizeof page - 1);
		close(fd);
		CHECK_INT(import_file(tmpl, NULL, &ep, &err), 0);
		if (ep) {
			CHECK_STR(ep->title, strrchr(tmpl, '/') + 1);
			episode_free(ep);
			ep = NULL;
		}
		unlink(tmpl);
	}
}

/* JSON goes through the store: what show --json writes imports back. */
static void test_json(void)
{
	char dir[] = "/tmp/buildspeak-import-db-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char *db = xasprintf("%s/library.db", dir);
	char msg[256];
	struct store *st = store_open(db, STORE_OPEN_CREATE, NULL, msg, sizeof msg);
	CHECK(st != NULL);
	struct episode *page = import_ok("small.page.txt"), *back = NULL;
	if (st && page) {
		char *json = store_episode_json(st, page);
		CHECK(json != NULL);
		char *path = xasprintf("%s/ep.json", dir);
		FILE *f = fopen(path, "w");
		CHECK(f != NULL);
		if (f && json) {
			fprintf(f, "\xEF\xBB\xBF  \n%s\n", json);
			fclose(f);
			struct import_error err = { 0, "" };
			struct import_json codec = library_import_json(st);
			int rc = import_file(path, &codec, &back, &err);
			CHECK_INT(rc, 0);
			if (rc)
				fprintf(stderr, "  json: %s\n", err.msg);
		}
		if (back) {
			CHECK_STR(back->title, page->title);
			CHECK_INT(back->n_segments, page->n_segments);
			CHECK_STR(back->segments[1].zh, page->segments[1].zh);
			CHECK_INT(back->segments[1].start, 10);
		}
		/* without a store, JSON is refused with a message */
		struct episode *none = NULL;
		struct import_error err = { 0, "" };
		CHECK_INT(import_file(path, NULL, &none, &err), -1);
		CHECK_STR(err.msg, "JSON import needs an open library");
		unlink(path);
		free(path);
		free(json);
	}
	episode_free(page);
	episode_free(back);
	store_close(st);
	char *cmd = xasprintf("rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
	free(cmd);
	free(db);
}

/* Damaged copies of the sample's first segments: every one imports or is
 * refused with a message and a line inside the file -- never a crash (the
 * sanitizer build runs this too). */
static void test_damage(void)
{
	const char *path = getenv("BUILDSPEAK_SAMPLE");
	size_t len;
	char *sample = slurp(path ? path : "data/sample.page.txt", &len);
	CHECK(sample != NULL);
	if (!sample)
		return;
	size_t base = 6000 < len ? 6000 : len; /* the first ~10 segments */
	char *buf = xmalloc(base + 1);
	unsigned seed = 87;
	int refused = 0, imported = 0;
	for (int round = 0; round < 2000; round++) {
		memcpy(buf, sample, base);
		size_t n = base;
		for (int k = 0; k < 3; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t at = (seed >> 8) % n;
			switch ((seed >> 4) % 4) {
			case 0: /* a random byte */
				buf[at] = (char)(seed >> 16);
				break;
			case 1: /* a byte removed */
				memmove(buf + at, buf + at + 1, n - at - 1);
				n--;
				break;
			case 2: /* a line end, parenthesis or colon */
				buf[at] = "\n(:)"[(seed >> 16) % 4];
				break;
			default: /* cut short */
				n = at + 1;
				break;
			}
		}
		int lines = 1;
		for (size_t i = 0; i < n; i++)
			lines += buf[i] == '\n';
		struct episode *ep = NULL;
		struct import_error err = { -1, "" };
		if (import_page(buf, n, &ep, &err) == 0) {
			imported++;
			CHECK(ep->n_segments > 0);
			episode_free(ep);
		} else {
			refused++;
			CHECK(err.msg[0] != '\0');
			CHECK(err.line >= 0 && err.line <= lines);
		}
	}
	CHECK(refused > 0 && imported > 0);
	free(buf);
	free(sample);
}

int main(void)
{
	test_sample();
	test_sample_crlf_bom();
	test_small_pages();
	test_headers();
	test_preamble();
	test_nfc();
	test_trap_files();
	test_bad_strings();
	test_files();
	test_json();
	test_damage();
	return check_result();
}
