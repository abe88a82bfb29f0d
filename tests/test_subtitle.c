/* Tests of the subtitle reader and writer: one file per rule of the WebVTT
 * parsing algorithm and per SRT habit (tests/data/subs, listed in its
 * README.md), YouTube's rolling captions, two languages paired by time,
 * one file holding both, every bad input with its line and message, and
 * the round trip of the sample episode through WebVTT and SRT. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buildspeak/alloc.h"
#include "buildspeak/episode.h"
#include "buildspeak/import.h"
#include "buildspeak/subtitle.h"
#include "check.h"

static char *data_path(const char *name)
{
	const char *dir = getenv("BUILDSPEAK_TESTDIR");
	return xasprintf("%s/data/subs/%s", dir ? dir : "tests", name);
}

static char *slurp(const char *path, size_t *len)
{
	struct import_error err;
	char *buf = NULL;
	if (import_read(path, &buf, len, &err) != 0) {
		fprintf(stderr, "%s: %s\n", path, err.msg);
		return NULL;
	}
	return buf;
}

/* Parses a file of tests/data/subs; NULL (a failed check) if it fails. */
static struct subtitle_track *track(const char *name)
{
	char *path = data_path(name);
	size_t len = 0;
	char *buf = slurp(path, &len);
	struct subtitle_track *t = NULL;
	struct subtitle_error err = { 0, "" };
	int rc = buf ? subtitle_parse(buf, len, &t, &err) : -1;
	CHECK_INT(rc, 0);
	if (rc)
		fprintf(stderr, "  %s:%d: %s\n", name, err.line, err.msg);
	free(buf);
	free(path);
	return t;
}

/* Checks cue i of t. */
static void check_cue(const struct subtitle_track *t, size_t i,
		      long long start, long long end, const char *text)
{
	if (!t || i >= t->n_cues) {
		CHECK(!"cue missing");
		fprintf(stderr, "  (cue %zu of \"%s\")\n", i, text);
		return;
	}
	CHECK_INT(t->cues[i].start, start);
	CHECK_INT(t->cues[i].end, end);
	CHECK_STR(t->cues[i].text, text);
}

/* A track of n cues whose texts are as given (times not checked). */
static void check_texts(const char *name, size_t n, const char *const *texts)
{
	struct subtitle_track *t = track(name);
	if (!t)
		return;
	CHECK_INT(t->n_cues, n);
	for (size_t i = 0; i < n && i < t->n_cues; i++) {
		CHECK_STR(t->cues[i].text, texts[i]);
		if (strcmp(t->cues[i].text, texts[i]) != 0)
			fprintf(stderr, "  (%s, cue %zu)\n", name, i);
	}
	subtitle_track_free(t);
}

/* A file refused with this line and a message starting with msg. */
static void check_bad(const char *name, int line, const char *msg)
{
	char *path = data_path(name);
	struct episode *ep = NULL;
	struct import_error err = { -1, "" };
	int rc = import_file(path, NULL, &ep, &err);
	CHECK_INT(rc, -1);
	CHECK(ep == NULL);
	CHECK_INT(err.line, line);
	CHECK(strncmp(err.msg, msg, strlen(msg)) == 0);
	if (rc != -1 || err.line != line ||
	    strncmp(err.msg, msg, strlen(msg)) != 0)
		fprintf(stderr, "  %s: got %d:%s\n", name, err.line, err.msg);
	if (rc == 0)
		episode_free(ep);
	free(path);
}

static void test_signatures(void)
{
	static const char *const plain[] = { "Plain signature" };
	static const char *const text[] = { "Signature with text" };
	static const char *const tab[] = { "Signature with a tab" };
	static const char *const header[] = { "Header ended by a timing line" };
	static const char *const bom[] = { "After a BOM" };
	check_texts("sig-plain.vtt", 1, plain);
	check_texts("sig-text.vtt", 1, text);
	check_texts("sig-tab.vtt", 1, tab);
	check_texts("sig-header.vtt", 1, header);
	check_texts("bom.vtt", 1, bom);
	CHECK_INT(subtitle_sniff("WEBVTT", 6), SUBTITLE_VTT);
	CHECK_INT(subtitle_sniff("WEBVTT\r\n", 8), SUBTITLE_VTT);
	CHECK_INT(subtitle_sniff("WEBVTTX\n", 8), SUBTITLE_NONE);
	CHECK_INT(subtitle_sniff("WEBVT", 5), SUBTITLE_NONE);
	CHECK_INT(subtitle_sniff(" WEBVTT\n", 8), SUBTITLE_NONE);
	CHECK_INT(subtitle_sniff("\xEF\xBB\xBFWEBVTT\n", 10), SUBTITLE_VTT);
	check_bad("sig-x.vtt", 1, "not subtitles");
	check_bad("sig-lower.vtt", 1, "not subtitles");
	check_bad("sig-only.vtt", 0, "no cues");
}

static void test_line_ends(void)
{
	static const char *const two[] = { "CRLF line\nends", "second" };
	static const char *const cr[] = { "CR line\nends", "second" };
	static const char *const mixed[] = { "mixed\nline\nends", "second" };
	check_texts("crlf.vtt", 2, two);
	check_texts("cr.vtt", 2, cr);
	check_texts("mixed-ends.vtt", 2, mixed);
	/* line numbers count CR, LF and CRLF alike */
	struct subtitle_track *t = track("cr.vtt");
	if (t) {
		CHECK_INT(t->cues[0].line, 3);
		CHECK_INT(t->cues[1].line, 7);
	}
	subtitle_track_free(t);
	t = track("mixed-ends.vtt");
	if (t)
		CHECK_INT(t->cues[1].line, 8);
	subtitle_track_free(t);
}

static void test_nul_ids_times_settings(void)
{
	static const char *const nul[] = { "A\xEF\xBF\xBD" "B" };
	check_texts("nul.vtt", 1, nul);
	static const char *const ids[] = { "numeric id", "text id", "no id",
					   "spaces in the id" };
	check_texts("ids.vtt", 4, ids);

	struct subtitle_track *t = track("timestamps.vtt");
	if (t) {
		CHECK_INT(t->n_cues, 4);
		check_cue(t, 0, 1250, 2500, "no hours");
		check_cue(t, 1, 2500, 3001, "two-digit hours");
		check_cue(t, 2, 3600000, 3601999, "one-digit hours");
		check_cue(t, 3, 360000000LL, 360000001LL, "three-digit hours");
	}
	subtitle_track_free(t);

	t = track("settings.vtt");
	if (t) {
		CHECK_INT(t->n_cues, 3);
		check_cue(t, 0, 1000, 2000, "settings");
		check_cue(t, 1, 2000, 3000, "tab-separated settings");
		check_cue(t, 2, 3000, 4000, "no blanks around the arrow");
	}
	subtitle_track_free(t);
	/* the settings start right after the end time, blank or not */
	static const char *const glued[] = { "glued settings" };
	check_texts("settings-glued.vtt", 1, glued);
}

static void test_blocks(void)
{
	static const char *const blocks[] = { "first cue", "second cue" };
	check_texts("blocks.vtt", 2, blocks);
	/* a timing line inside cue text ends the cue and starts the next */
	struct subtitle_track *t = track("arrow-in-text.vtt");
	if (t) {
		CHECK_INT(t->n_cues, 2);
		check_cue(t, 0, 1000, 2000, "first");
		check_cue(t, 1, 3000, 4000,
			  "second, started by a timing line inside the first");
	}
	subtitle_track_free(t);
	/* a cue with no text is read, then left out of the episode */
	t = track("empty-cue.vtt");
	if (t) {
		CHECK_INT(t->n_cues, 2);
		check_cue(t, 0, 1000, 2000, "");
		struct episode *ep = subtitle_episode(t, SUBTITLE_LANG_EN);
		CHECK(ep && ep->n_segments == 1);
		episode_free(ep);
	}
	subtitle_track_free(t);
}

static void test_markup(void)
{
	struct subtitle_track *t = track("markup.vtt");
	if (!t)
		return;
	CHECK_INT(t->n_cues, 7);
	check_cue(t, 0, 1000, 2000, "bold italic under classed");
	check_cue(t, 1, 2000, 3000, "Voice with a class");
	CHECK_STR(t->cues[1].voice, "Bob Smith");
	check_cue(t, 2, 3000, 4000, "Alice speaks");
	CHECK_STR(t->cues[2].voice, "Alice");
	CHECK(t->cues[0].voice == NULL);
	check_cue(t, 3, 4000, 5000, "漢字 ruby");
	check_cue(t, 4, 5000, 6000, "inline timestamps here");
	check_cue(t, 5, 6000, 7000,
		  "& <tag> a\xC2\xA0" "b 'q' 中 &unknown; &amp");
	check_cue(t, 6, 7000, 8000, "two lines\njoined");
	struct episode *ep = subtitle_episode(t, SUBTITLE_LANG_EN);
	if (ep) {
		/* voices by first appearance; none is speaker 1 */
		CHECK_INT(ep->segments[0].speaker, 1);
		CHECK_INT(ep->segments[1].speaker, 1);
		CHECK_INT(ep->segments[2].speaker, 2);
		CHECK_STR(ep->segments[6].en, "two lines joined");
		CHECK_STR(ep->segments[6].zh, "");
	}
	episode_free(ep);
	subtitle_track_free(t);
}

static void test_srt(void)
{
	struct subtitle_track *t = track("basic.srt");
	if (t) {
		CHECK_INT(t->format, SUBTITLE_SRT);
		CHECK_INT(t->n_cues, 3);
		check_cue(t, 0, 1000, 2500, "Italic and bold");
		check_cue(t, 1, 2500, 4000, "Coloured text\non two lines");
		check_cue(t, 2, 4000, 3600000, "Top of the screen");
	}
	subtitle_track_free(t);
	static const char *const nonum[] = { "no number", "none here either" };
	check_texts("no-numbers.srt", 2, nonum);
	static const char *const spaces[] = { "text with trailing spaces",
					      "second" };
	check_texts("trailing-spaces.srt", 2, spaces);
	t = track("loose-times.srt");
	if (t) {
		check_cue(t, 0, 1500, 2250, "dot and short fractions");
		check_cue(t, 1, 3000, 4000, "second");
	}
	subtitle_track_free(t);
	static const char *const noblank[] = { "first", "second", "third" };
	check_texts("no-blank.srt", 3, noblank);
	static const char *const bom[] = { "after a BOM" };
	check_texts("bom.srt", 1, bom);
	static const char *const lt[] = { "1 < 2 & <3 is not a tag" };
	check_texts("lt.srt", 1, lt);
}

static void test_rolling(void)
{
	struct subtitle_track *t = track("youtube-rolling.en.vtt");
	if (!t)
		return;
	CHECK(t->rolling);
	CHECK_INT(t->n_cues, 4);
	check_cue(t, 0, 0, 2350, "so today we're talking");
	check_cue(t, 1, 2360, 5190, "about world models");
	check_cue(t, 2, 5200, 6000, "um");
	check_cue(t, 3, 6010, 8400, "and reinforcement learning");
	subtitle_track_free(t);
	/* the same converted to SRT: no timestamp tags, still rolling */
	t = track("youtube-rolling.srt");
	if (t) {
		CHECK(t->rolling);
		CHECK_INT(t->n_cues, 3);
		check_cue(t, 0, 0, 2350, "so today we're talking");
		check_cue(t, 1, 2360, 5190, "about world models");
		check_cue(t, 2, 5200, 8400, "and reinforcement learning");
	}
	subtitle_track_free(t);
	/* ordinary subtitles are left alone, a repeated line included */
	const char *rep = "WEBVTT\n\n00:01.000 --> 00:02.000\nNo.\n\n"
			  "00:02.000 --> 00:03.000\nNo.\n\n"
			  "00:03.000 --> 00:04.000\nYes.\n\n"
			  "00:04.000 --> 00:05.000\nMaybe.\n";
	struct subtitle_error err;
	t = NULL;
	CHECK_INT(subtitle_parse(rep, strlen(rep), &t, &err), 0);
	if (t) {
		CHECK(!t->rolling);
		CHECK_INT(t->n_cues, 4);
	}
	subtitle_track_free(t);
	t = track("ids.vtt");
	if (t)
		CHECK(!t->rolling);
	subtitle_track_free(t);
}

/* The segments of an episode as "start-end en|zh" lines, for comparing. */
static char *segments_text(const struct episode *ep)
{
	char *s = xstrdup("");
	for (size_t i = 0; i < ep->n_segments; i++) {
		const struct segment *g = &ep->segments[i];
		char *t = xasprintf("%s%lld-%lld %d %s|%s\n", s,
				    (long long)(g->start * 1000 + 0.5),
				    (long long)(g->end * 1000 + 0.5), g->speaker,
				    g->en, g->zh);
		free(s);
		s = t;
	}
	return s;
}

static void test_pair(void)
{
	char *en = data_path("pair.en.vtt"), *zh = data_path("pair.zh-Hans.vtt");
	const char *paths[2] = { zh, en }; /* the order does not matter */
	struct episode *ep = NULL;
	struct import_error err = { 0, "" };
	size_t bad = 9;
	int rc = import_subtitles(paths, NULL, 2, NULL, &ep, &err, &bad);
	CHECK_INT(rc, 0);
	if (rc == 0) {
		char *got = segments_text(ep);
		CHECK_STR(got,
			  "1000-3100 1 We train the model on text.|我们用文本训练模型。\n"
			  "3000-6000 1 Then we fine-tune it. With reinforcement "
			  "learning.|然后用 reinforcement learning(强化学习) 对它微调。\n"
			  "6000-8200 1 That is the recipe.|这就是配方。\n"
			  "8100-10000 1 Questions?|\n"
			  "10500-11500 1 |（掌声）\n"
			  "12000-13000 1 Thanks.|\n");
		free(got);
		CHECK_STR(ep->title, "pair");
		CHECK_INT(ep->n_terms, 1);
		if (ep->n_terms)
			CHECK_STR(ep->terms[0].gloss, "强化学习");
		CHECK(ep->words > 0 && ep->reading_minutes == 1);
		CHECK(ep->date[0] != '\0');
	}
	episode_free(ep);

	/* --en/--zh: the languages given override the names */
	enum subtitle_lang langs[2] = { SUBTITLE_LANG_ZH, SUBTITLE_LANG_EN };
	ep = NULL;
	struct import_subtitle_options opt = { "Given title", "2024-02-29",
					       "talk.mp3" };
	rc = import_subtitles(paths, langs, 2, &opt, &ep, &err, &bad);
	CHECK_INT(rc, 0);
	if (ep) {
		CHECK_STR(ep->title, "Given title");
		CHECK_STR(ep->date, "2024-02-29");
		CHECK_STR(ep->audio, "talk.mp3");
		CHECK_INT(ep->n_segments, 6);
	}
	episode_free(ep);

	/* two English files: refused, naming the second */
	const char *same[2] = { en, en };
	ep = NULL;
	rc = import_subtitles(same, NULL, 2, NULL, &ep, &err, &bad);
	CHECK_INT(rc, -1);
	CHECK_INT(bad, 1);
	CHECK(strstr(err.msg, "both files are English") != NULL);

	/* a bad second file is named with its line */
	char *worse = data_path("backwards.srt");
	const char *withbad[2] = { en, worse };
	rc = import_subtitles(withbad, NULL, 2, NULL, &ep, &err, &bad);
	CHECK_INT(rc, -1);
	CHECK_INT(bad, 1);
	CHECK_INT(err.line, 6);
	free(worse);
	free(en);
	free(zh);
}

/* A cue that overlaps two cues of the other language by less than half
 * goes with the one it overlaps most; cues of no length fall in the cue
 * that holds them. */
static void test_pair_rules(void)
{
	const char *en_vtt = "WEBVTT\n\n"
			     "00:00.000 --> 00:02.000\nA\n\n"
			     "00:02.000 --> 00:04.000\nB\n\n"
			     "00:05.000 --> 00:05.000\nC\n";
	const char *zh_ok = "WEBVTT\n\n"
			    "00:00.100 --> 00:02.600\n甲\n\n" /* A 1.9 s, B 0.6 s */
			    "00:04.900 --> 00:05.100\n乙\n";    /* holds C */
	struct subtitle_track *e = NULL, *z = NULL;
	struct subtitle_error err;
	CHECK_INT(subtitle_parse(en_vtt, strlen(en_vtt), &e, &err), 0);
	CHECK_INT(subtitle_parse(zh_ok, strlen(zh_ok), &z, &err), 0);
	if (e && z) {
		struct episode *ep = subtitle_pair(e, z);
		char *got = segments_text(ep);
		/* 甲 covers all of A and 0.6 of B's 2 s (under half of the
		 * shorter, B): it joins A only */
		CHECK_STR(got, "0-2600 1 A|甲\n2000-4000 1 B|\n"
			       "4900-5100 1 C|乙\n");
		free(got);
		episode_free(ep);
	}
	subtitle_track_free(e);
	subtitle_track_free(z);
}

static void test_bilingual_file(void)
{
	struct subtitle_track *t = track("bilingual.srt");
	if (!t)
		return;
	CHECK_INT(subtitle_guess_lang(t), SUBTITLE_LANG_BOTH);
	struct episode *ep = subtitle_episode(t, SUBTITLE_LANG_UNKNOWN);
	if (ep) {
		char *got = segments_text(ep);
		CHECK_STR(got, "1000-3000 1 We use deep learning.|我们使用 deep "
			       "learning(深度学习)。\n"
			       "3000-5000 1 It scales.|它可以扩展。\n"
			       "5000-6000 1 OK.|好的。\n");
		free(got);
		CHECK_INT(ep->n_terms, 1);
		if (ep->n_terms) {
			CHECK_STR(ep->terms[0].term, "deep learning");
			CHECK_STR(ep->terms[0].gloss, "深度学习");
		}
	}
	episode_free(ep);
	subtitle_track_free(t);

	/* one language: the other side stays empty; by script */
	t = track("pair.zh-Hans.vtt");
	if (t)
		CHECK_INT(subtitle_guess_lang(t), SUBTITLE_LANG_ZH);
	subtitle_track_free(t);
	t = track("pair.en.vtt");
	if (t)
		CHECK_INT(subtitle_guess_lang(t), SUBTITLE_LANG_EN);
	subtitle_track_free(t);
}

static void test_bad(void)
{
	check_bad("not-subtitles.vtt", 1, "not subtitles");
	check_bad("no-cues.vtt", 0, "no cues");
	check_bad("empty-cues.srt", 0, "no cues");
	check_bad("backwards.srt", 6, "cue starts at 0:00:04.000, before the "
		  "previous cue (0:00:05.000, line 2)");
	check_bad("end-before-start.vtt", 6, "cue ends at 0:00:04.000, before "
		  "it starts at 0:00:05.000");
	check_bad("over-24h.vtt", 3, "cue lasts over 24 hours");
	check_bad("malformed-timing.vtt", 6, "malformed cue timing");
	check_bad("arrow-text-bad.vtt", 5, "malformed cue timing");
	check_bad("invalid-utf8.srt", 3, "invalid UTF-8 (byte 0xFF at column 5)");
	check_bad("stray-text.srt", 5, "expected a cue number or a time line");
	struct subtitle_track *t = NULL;
	struct subtitle_error err = { 0, "" };
	CHECK_INT(subtitle_parse("\xFF\xFE" "1\0\n\0", 6, &t, &err), -1);
	CHECK_STR(err.msg, "UTF-16 text; save the subtitles as UTF-8");
	check_bad("minutes-range.srt", 6, "malformed cue timing");
}

static void test_names(void)
{
	CHECK_INT(import_lang_from_path("a/Talk.en.vtt"), SUBTITLE_LANG_EN);
	CHECK_INT(import_lang_from_path("Talk.en-US.srt"), SUBTITLE_LANG_EN);
	CHECK_INT(import_lang_from_path("Talk.zh-Hans.vtt"), SUBTITLE_LANG_ZH);
	CHECK_INT(import_lang_from_path("Talk.zh-CN.vtt"), SUBTITLE_LANG_ZH);
	CHECK_INT(import_lang_from_path("Talk.zh.vtt"), SUBTITLE_LANG_ZH);
	CHECK_INT(import_lang_from_path("Talk.chs.srt"), SUBTITLE_LANG_ZH);
	CHECK_INT(import_lang_from_path("Talk.zh-en.srt"), SUBTITLE_LANG_BOTH);
	CHECK_INT(import_lang_from_path("Talk.vtt"), SUBTITLE_LANG_UNKNOWN);
	CHECK_INT(import_lang_from_path("v1.2.vtt"), SUBTITLE_LANG_UNKNOWN);
	CHECK_INT(import_lang_from_path("dir.en/x.vtt"), SUBTITLE_LANG_UNKNOWN);
	char *s = import_subtitle_stem("dir/Talk [id].zh-Hans.vtt");
	CHECK_STR(s, "dir/Talk [id]");
	free(s);
	s = import_subtitle_stem("dir/Talk.srt");
	CHECK_STR(s, "dir/Talk");
	free(s);
	CHECK(import_date_valid("2024-02-29"));
	CHECK(!import_date_valid("2023-02-29"));
	CHECK(!import_date_valid("2023-2-01"));
	CHECK(!import_date_valid("2023-13-01"));
}

/* Writes ep, reads it back, and checks that the segments are the same. */
static void check_round_trip(const struct episode *ep,
			     enum subtitle_format f, enum subtitle_lang lang)
{
	size_t len, cues;
	char *text = subtitle_write(ep, f, lang, &len, &cues);
	CHECK_INT(strlen(text), len);
	struct subtitle_track *t = NULL;
	struct subtitle_error err = { 0, "" };
	int rc = subtitle_parse(text, len, &t, &err);
	CHECK_INT(rc, 0);
	if (rc) {
		fprintf(stderr, "  line %d: %s\n", err.line, err.msg);
		free(text);
		return;
	}
	CHECK_INT(t->format, f);
	CHECK_INT(t->n_cues, cues);
	struct episode *back = subtitle_episode(t, lang);
	if (back) {
		/* the written side(s) must be the same; the other is "" */
		struct episode *want = episode_new();
		for (size_t i = 0; i < ep->n_segments; i++) {
			const struct segment *s = &ep->segments[i];
			const char *en = lang != SUBTITLE_LANG_ZH ? s->en : "";
			const char *zh = lang != SUBTITLE_LANG_EN ? s->zh : "";
			/* WebVTT: a segment of no length ends 1 ms later */
			double end = f == SUBTITLE_VTT && s->end <= s->start
					     ? s->start + 0.001 : s->end;
			if (en[0] || zh[0])
				episode_add_segment(want,
						    f == SUBTITLE_VTT ? s->speaker
								      : 1,
						    s->start, end, xstrdup(en),
						    xstrdup(zh), 0);
		}
		char *a = segments_text(want), *b = segments_text(back);
		CHECK_STR(b, a);
		if (strcmp(a, b) != 0)
			fprintf(stderr, "  (format %d, lang %d)\n", f, lang);
		free(a);
		free(b);
		episode_free(want);
	} else {
		CHECK(!"round trip lost every segment");
	}
	episode_free(back);
	subtitle_track_free(t);
	free(text);
}

static void test_round_trip(void)
{
	const char *sample = getenv("BUILDSPEAK_SAMPLE");
	struct episode *ep = NULL;
	struct import_error err = { 0, "" };
	int rc = import_file(sample ? sample : "data/sample.page.txt", NULL,
			     &ep, &err);
	CHECK_INT(rc, 0);
	if (rc)
		return;
	for (int f = SUBTITLE_VTT; f <= SUBTITLE_SRT; f++)
		for (int l = SUBTITLE_LANG_EN; l <= SUBTITLE_LANG_BOTH; l++)
			check_round_trip(ep, (enum subtitle_format)f,
					 (enum subtitle_lang)l);

	/* text that needs escaping, odd milliseconds, several speakers */
	struct episode *odd = episode_new();
	episode_add_segment(odd, 1, 0.001, 1.999,
			    xstrdup("a < b && c > d --> e <v x> &amp;"),
			    xstrdup("甲 < 乙 & 丙"), 0);
	episode_add_segment(odd, 2, 3599.999, 3723.456, xstrdup("hours"),
			    xstrdup("小时"), 0);
	episode_add_segment(odd, 2, 3800, 3800, xstrdup("no length"),
			    xstrdup("零"), 0);
	/* (not through SRT: it has no escape, and "-->" becomes "->") */
	check_round_trip(odd, SUBTITLE_VTT, SUBTITLE_LANG_BOTH);
	size_t len;
	char *srt = subtitle_write(odd, SUBTITLE_SRT, SUBTITLE_LANG_EN, &len,
				   NULL);
	CHECK(strstr(srt, "d -> e") != NULL);
	CHECK(strstr(srt, "00:59:59,999 --> 01:02:03,456") != NULL);
	CHECK(strstr(srt, "01:03:20,000 --> 01:03:20,000") != NULL);
	free(srt);
	char *vtt = subtitle_write(odd, SUBTITLE_VTT, SUBTITLE_LANG_BOTH, &len,
				   NULL);
	CHECK(strstr(vtt, "<v Speaker 2>hours\n小时\n") != NULL);
	CHECK(strstr(vtt, "a &lt; b &amp;&amp; c &gt; d --&gt; e") != NULL);
	CHECK(strstr(vtt, "01:03:20.000 --> 01:03:20.001") != NULL);
	free(vtt);
	episode_free(odd);
	episode_free(ep);
}

static void test_save(void)
{
	char dir[] = "/tmp/buildspeak-subs-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char *path = xasprintf("%s/out.vtt", dir);
	char err[256];
	CHECK_INT(subtitle_save(path, "WEBVTT\n", 7, err, sizeof err), 0);
	CHECK_INT(subtitle_save(path, "WEBVTT\n\n", 8, err, sizeof err), 0);
	size_t len = 0;
	char *back = slurp(path, &len);
	CHECK_INT(len, 8);
	free(back);
	/* nothing else is left in the folder */
	DIR *d = opendir(dir);
	int entries = 0;
	struct dirent *de;
	while (d && (de = readdir(d)))
		entries += de->d_name[0] != '.' || strlen(de->d_name) > 2;
	if (d)
		closedir(d);
	CHECK_INT(entries, 1);
	char *missing = xasprintf("%s/no/such/dir.vtt", dir);
	CHECK_INT(subtitle_save(missing, "x", 1, err, sizeof err), -1);
	CHECK(strstr(err, "no/such/dir.vtt") != NULL);
	CHECK_INT(subtitle_save(dir, "x", 1, err, sizeof err), -1);
	CHECK(strstr(err, "directory") != NULL);
	chmod(path, 0444);
	CHECK_INT(subtitle_save(path, "x", 1, err, sizeof err), -1);
	CHECK(strstr(err, "Permission denied") != NULL);
	back = slurp(path, &len);
	CHECK_INT(len, 8); /* untouched */
	free(back);
	unlink(path);
	rmdir(dir);
	free(missing);
	free(path);
}

int main(void)
{
	test_signatures();
	test_line_ends();
	test_nul_ids_times_settings();
	test_blocks();
	test_markup();
	test_srt();
	test_rolling();
	test_pair();
	test_pair_rules();
	test_bilingual_file();
	test_bad();
	test_names();
	test_round_trip();
	test_save();
	return check_result();
}
