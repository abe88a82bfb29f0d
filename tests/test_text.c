/* test_text: validation, NFC, sanitising, widths, wrapping and words, on
 * hand-made strings and on the real sample page. */
#include "buildspeak/text.h"

#include "check.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <unigbrk.h>
#include <unilbrk.h>
#include <uninorm.h>
#include <unistr.h>

static const struct text_metrics narrow = { .ambiguous_wide = false };
static const struct text_metrics wide = { .ambiguous_wide = true };

/* --- the sample page ---------------------------------------------------- */

/* Segment bodies of the sample: the line after each "Speaker " header, the
 * English one first, then the Chinese one under the same header. */
struct sample {
	char **en, **zh;
	size_t n_en, n_zh;
	long page_words; /* the "N,NNN 词" figure of the header, -1 if none */
};

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	size_t got;
	while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (cap - n - 1 == 0)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* Parses "11,291 词" out of the page's header line. */
static long parse_page_words(const char *line)
{
	const char *ci = strstr(line, " 词");
	if (!ci)
		return -1;
	const char *p = ci;
	while (p > line && (p[-1] == ',' || (p[-1] >= '0' && p[-1] <= '9')))
		p--;
	long n = 0;
	for (; p < ci; p++)
		if (*p != ',')
			n = n * 10 + (*p - '0');
	return n;
}

static bool load_sample(struct sample *sm)
{
	const char *path = getenv("BUILDSPEAK_SAMPLE");
	memset(sm, 0, sizeof *sm);
	sm->page_words = -1;
	if (!path)
		return false;
	char *text = read_file(path);
	if (!text)
		return false;
	sm->en = calloc(1024, sizeof *sm->en);
	sm->zh = calloc(1024, sizeof *sm->zh);
	size_t headers = 0;
	bool body_next = false;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		size_t len = strlen(line);
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (sm->page_words < 0 && strstr(line, " 词"))
			sm->page_words = parse_page_words(line);
		if (strncmp(line, "Speaker ", 8) == 0) {
			headers++;
			body_next = true;
			continue;
		}
		if (body_next && sm->n_en + sm->n_zh < 2048) {
			if (headers % 2 == 1)
				sm->en[sm->n_en++] = strdup(line);
			else
				sm->zh[sm->n_zh++] = strdup(line);
		}
		body_next = false;
	}
	free(text);
	return true;
}

static void free_sample(struct sample *sm)
{
	for (size_t i = 0; i < sm->n_en; i++)
		free(sm->en[i]);
	for (size_t i = 0; i < sm->n_zh; i++)
		free(sm->zh[i]);
	free(sm->en);
	free(sm->zh);
}

/* --- small functions ---------------------------------------------------- */

static void test_valid(void)
{
	size_t bad = 99;
	CHECK(text_valid("plain ascii", 11, &bad));
	CHECK(text_valid("中文，emoji 😀", strlen("中文，emoji 😀"), NULL));
	CHECK(text_valid("", 0, &bad));

	CHECK(!text_valid("ab\xff" "cd", 5, &bad));
	CHECK_INT(bad, 2);
	CHECK(!text_valid("ok\xe4\xb8", 5, &bad)); /* truncated 中 */
	CHECK_INT(bad, 2);
	CHECK(!text_valid("x\xc0\xaf", 3, &bad)); /* overlong '/' */
	CHECK_INT(bad, 1);
	CHECK(!text_valid("\xed\xa0\x80", 3, &bad)); /* a surrogate */
	CHECK_INT(bad, 0);
	CHECK(!text_valid("a\0b", 3, &bad)); /* an embedded NUL */
	CHECK_INT(bad, 1);
	/* The first problem wins, whichever kind it is. */
	CHECK(!text_valid("a\xff\0", 3, &bad));
	CHECK_INT(bad, 1);
	CHECK(!text_valid("a\0\xff", 3, &bad));
	CHECK_INT(bad, 1);
}

static void test_next(void)
{
	uint32_t uc;
	CHECK_INT(text_next("a", 1, &uc), 1);
	CHECK_INT(uc, 'a');
	CHECK_INT(text_next("é", 2, &uc), 2);
	CHECK_INT(uc, 0xE9);
	CHECK_INT(text_next("中文", 6, &uc), 3);
	CHECK_INT(uc, 0x4E2D);
	CHECK_INT(text_next("😀", 4, &uc), 4);
	CHECK_INT(uc, 0x1F600);
	/* Bounded by len: a cut-off sequence is not read past the end. */
	CHECK(text_next("中", 2, &uc) >= 1);
	CHECK_INT(uc, 0xFFFD);
	CHECK_INT(text_next("\xff" "a", 2, &uc), 1);
	CHECK_INT(uc, 0xFFFD);
}

static void test_nfc_fold(void)
{
	char *s = text_nfc("cafe\xcc\x81 e\xcc\x81");
	CHECK_STR(s, "café é");
	free(s);
	s = text_nfc("\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab"); /* jamo 한 */
	CHECK_STR(s, "한");
	free(s);
	s = text_nfc("");
	CHECK_STR(s, "");
	free(s);
	s = text_nfc("已经 NFC 的文字");
	CHECK_STR(s, "已经 NFC 的文字");
	free(s);

	s = text_fold("RL's State-Of-The-Art");
	CHECK_STR(s, "rl's state-of-the-art");
	free(s);
	s = text_fold("Straße");
	CHECK_STR(s, "strasse");
	free(s);
	s = text_fold("E\xcc\x81" "COLE"); /* decomposed É: folded, then NFC */
	CHECK_STR(s, "école");
	free(s);
	s = text_fold("Deep Learning(深度学习)");
	CHECK_STR(s, "deep learning(深度学习)");
	free(s);
	/* The fold does not depend on the locale's language. */
	s = text_fold("INDIA");
	CHECK_STR(s, "india");
	free(s);
}

static void test_is_han(void)
{
	CHECK(text_is_han(0x4E2D));  /* 中 */
	CHECK(text_is_han(0x3400));  /* extension A */
	CHECK(text_is_han(0x20000)); /* extension B */
	CHECK(text_is_han(0xF900));  /* compatibility ideograph */
	CHECK(text_is_han(0x3007));  /* 〇 */
	CHECK(!text_is_han('a'));
	CHECK(!text_is_han(0xFF0C)); /* ， */
	CHECK(!text_is_han(0x3002)); /* 。 */
	CHECK(!text_is_han(0x3042)); /* あ */
	CHECK(!text_is_han(0xAC00)); /* 가 */
}

static void test_sanitize(void)
{
	char *s = text_sanitize("\x1b[2J");
	CHECK_STR(s, "^[[2J");
	CHECK_INT(text_width(s, strlen(s), &narrow), 5);
	free(s);
	s = text_sanitize("\x1b]0;title\x07");
	CHECK_STR(s, "^[]0;title^G");
	free(s);
	s = text_sanitize("\x07");
	CHECK_STR(s, "^G");
	free(s);
	s = text_sanitize("a\x7f" "b\tc\rd\x01");
	CHECK_STR(s, "a^?b c^Md^A");
	free(s);
	s = text_sanitize("C1:\xc2\x9b" "31m"); /* U+009B, the 8-bit CSI */
	CHECK_STR(s, "C1:\xef\xbf\xbd" "31m");
	free(s);
	s = text_sanitize("bad\xff\xfe!");
	CHECK(strstr(s, "\xef\xbf\xbd") != NULL);
	CHECK(strncmp(s, "bad", 3) == 0 && s[strlen(s) - 1] == '!');
	CHECK(text_valid(s, strlen(s), NULL));
	free(s);
	s = text_sanitize("evil\xe2\x80\xae" "gnp.exe \xe2\x81\xa6x\xe2\x81\xa9");
	CHECK_STR(s, "evil\xef\xbf\xbdgnp.exe \xef\xbf\xbdx\xef\xbf\xbd");
	free(s);
	/* Printable text, CJK and emoji pass through untouched. */
	s = text_sanitize("deep learning(深度学习)，好！😀 “quote”");
	CHECK_STR(s, "deep learning(深度学习)，好！😀 “quote”");
	free(s);
	/* '\n' survives text_sanitize (text_wrap breaks there), not the
	 * one-line form. */
	s = text_sanitize("two\nlines");
	CHECK_STR(s, "two\nlines");
	free(s);
	s = text_sanitize_line("two\nlines\x1b");
	CHECK_STR(s, "two lines^[");
	free(s);
	/* Sanitise first, then measure: the raw string measures short. */
	const char *raw = "\x1b[31mred";
	s = text_sanitize(raw);
	CHECK_INT(text_width(s, strlen(s), &narrow), 9);
	free(s);
}

static void test_widths(void)
{
	CHECK_INT(text_char_width('a', &narrow), 1);
	CHECK_INT(text_char_width(0x4E2D, &narrow), 2);  /* 中 */
	CHECK_INT(text_char_width(0xFF0C, &narrow), 2);  /* ， */
	CHECK_INT(text_char_width(0x3002, &narrow), 2);  /* 。 */
	CHECK_INT(text_char_width(0x0301, &narrow), 0);  /* combining acute */
	CHECK_INT(text_char_width(0x200B, &narrow), 0);  /* zero width space */
	CHECK_INT(text_char_width(0x1F600, &narrow), 2); /* 😀 */
	CHECK_INT(text_char_width(0x1B, &narrow), 0);    /* control */
	/* Ambiguous: “ ” … · — follow the setting. */
	const uint32_t ambiguous[] = { 0x201C, 0x201D, 0x2026, 0x00B7, 0x2014 };
	for (size_t i = 0; i < sizeof ambiguous / sizeof *ambiguous; i++) {
		CHECK_INT(text_char_width(ambiguous[i], &narrow), 1);
		CHECK_INT(text_char_width(ambiguous[i], &wide), 2);
	}
	/* The setting touches only ambiguous characters. */
	CHECK_INT(text_char_width('a', &wide), 1);
	CHECK_INT(text_char_width(0x4E2D, &wide), 2);
	CHECK_INT(text_char_width(0x0301, &wide), 0);

	const char *mix = "AI 模型“说”…";
	CHECK_INT(text_width(mix, strlen(mix), &narrow), 3 + 4 + 1 + 2 + 1 + 1);
	CHECK_INT(text_width(mix, strlen(mix), &wide), 3 + 4 + 2 + 2 + 2 + 2);
	CHECK_INT(text_width("", 0, &narrow), 0);
	/* Only len bytes count. */
	CHECK_INT(text_width("中文", 3, &narrow), 2);
}

static void test_fit(void)
{
	int used = -1;
	CHECK_INT(text_fit("中文abc", strlen("中文abc"), 3, &narrow, &used), 3);
	CHECK_INT(used, 2);
	CHECK_INT(text_fit("中文abc", strlen("中文abc"), 5, &narrow, &used), 7);
	CHECK_INT(used, 5);
	CHECK_INT(text_fit("abc", 3, 10, &narrow, &used), 3);
	CHECK_INT(used, 3);
	CHECK_INT(text_fit("中", 3, 1, &narrow, &used), 0);
	CHECK_INT(used, 0);
	/* A combining mark stays with its base character. */
	const char *e = "e\xcc\x81" "e\xcc\x81";
	CHECK_INT(text_fit(e, strlen(e), 1, &narrow, &used), 3);
	CHECK_INT(used, 1);
	/* A flag (two regional indicators) is not cut in half. */
	const char *flag = "\xf0\x9f\x87\xa8\xf0\x9f\x87\xb3x";
	int fw = text_width(flag, 8, &narrow);
	CHECK_INT(text_fit(flag, strlen(flag), fw - 1, &narrow, &used), 0);
	CHECK_INT(text_fit(flag, strlen(flag), fw, &narrow, &used), 8);
	/* Ambiguous width changes what fits. */
	CHECK_INT(text_fit("“”", 6, 2, &narrow, &used), 6);
	CHECK_INT(text_fit("“”", 6, 2, &wide, &used), 3);
	CHECK_INT(used, 2);
}

/* --- wrapping ----------------------------------------------------------- */

/* CJK punctuation that must not begin a line. */
static bool is_cjk_closing(uint32_t uc)
{
	static const uint32_t closing[] = {
		0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0x201D,
		0x2019, 0xFF09, 0x300B, 0x300D, 0x300F, 0x3011, 0xFF0E, 0x2026,
	};
	for (size_t i = 0; i < sizeof closing / sizeof *closing; i++)
		if (closing[i] == uc)
			return true;
	return false;
}

static int wrap_failures;

#define WRAP_CHECK(cond)                                                   \
	do {                                                               \
		CHECK(cond);                                               \
		if (!(cond) && wrap_failures++ < 5)                        \
			fprintf(stderr, "  wrapping \"%s\" at %d (%s)\n", s, \
				cols, m->ambiguous_wide ? "wide" : "narrow"); \
	} while (0)

/* Records the first failing condition of check_wrap. */
#define WRAP_OK(cond)                                                      \
	do {                                                               \
		if (ok && !(cond)) {                                       \
			ok = false;                                        \
			failed_at = __LINE__;                              \
		}                                                          \
	} while (0)

/* Wraps s at cols and checks every property a reader would notice: no line
 * wider than cols, nothing lost or reordered (only the spaces at a break and
 * the newlines are dropped), no character or grapheme cut (unless one
 * cluster alone is wider than the line), greedy filling, and no CJK closing
 * punctuation at the start of a line when a break elsewhere was possible.
 * Only a few failures are checked one by one, so a broken wrap does not
 * flood the log. */
static void check_wrap(const char *s, int cols, const struct text_metrics *m)
{
	size_t n = strlen(s);
	struct text_line *lines = NULL;
	size_t count = text_wrap(s, cols, m, &lines);
	char *gb = malloc(n + 1), *lb = malloc(n + 1);
	bool ok = true;
	int failed_at = 0; /* the test line of the first failure */

	u8_grapheme_breaks((const uint8_t *)s, n, gb);
	u8_possible_linebreaks((const uint8_t *)s, n, "UTF-8", lb);
	gb[n] = 1;

	if (count < 1 || lines[0].off != 0) {
		WRAP_CHECK(count >= 1 && lines[0].off == 0);
		free(lines), free(gb), free(lb);
		return;
	}
	size_t bad_line = 0;
	for (size_t k = 0; k < count && ok; k++) {
		bad_line = k;
		const struct text_line *l = &lines[k];
		size_t end = l->off + l->len;
		WRAP_OK(end <= n);
		if (!ok)
			break;
		WRAP_OK(l->width == text_width(s + l->off, l->len, m));
		WRAP_OK(l->width <= cols);
		/* No trailing space, no leading space after a soft break. */
		WRAP_OK((l->len == 0 || s[end - 1] != ' '));

		/* Grapheme boundaries at both ends, or a single cluster
		 * wider than the line. */
		size_t edges[2] = { l->off, end };
		for (int e = 0; e < 2; e++) {
			size_t b = edges[e];
			if (gb[b])
				continue;
			size_t cs = b, ce = b;
			while (cs > 0 && !gb[cs])
				cs--;
			while (ce < n && !gb[ce])
				ce++;
			WRAP_OK(text_width(s + cs, ce - cs, m) > cols);
		}

		/* The gap up to the next line (or the end) holds only
		 * spaces and at most one newline. */
		size_t next = k + 1 < count ? lines[k + 1].off : n;
		WRAP_OK(next >= end);
		if (!ok)
			break;
		int newlines = 0;
		int gapw = 0;
		for (size_t i = end; i < next; i++) {
			if (s[i] == '\n')
				newlines++;
			else if (s[i] == ' ')
				gapw++;
			else
				WRAP_OK(false);
		}
		WRAP_OK(newlines <= 1);
		if (k + 1 == count)
			WRAP_OK(newlines == 0);
		if (!ok || k + 1 == count || newlines)
			continue;

		/* A soft break: it must have been needed. The next line's
		 * first unbreakable chunk did not fit on this one. */
		size_t chunk_end = next + 1;
		while (chunk_end < n && lb[chunk_end] != UC_BREAK_POSSIBLE &&
		       lb[chunk_end] != UC_BREAK_MANDATORY &&
		       lb[chunk_end] != UC_BREAK_CR_BEFORE_LF)
			chunk_end++;
		while (chunk_end > next + 1 && s[chunk_end - 1] == ' ')
			chunk_end--;
		WRAP_OK(l->width + gapw +
			text_width(s + next, chunk_end - next, m) > cols);
		/* Soft breaks land on opportunities when there was one. */
		bool had_opportunity = false;
		for (size_t i = l->off + 1; i <= next && i < n; i++)
			if (lb[i] == UC_BREAK_POSSIBLE)
				had_opportunity = true;
		if (had_opportunity) {
			WRAP_OK(lb[next] == UC_BREAK_POSSIBLE);
			/* ... so closing punctuation never starts the next
			 * line -- unless a space stood before it ("a …"). */
			uint32_t uc;
			text_next(s + next, n - next, &uc);
			WRAP_OK(gapw > 0 || !is_cjk_closing(uc));
		}
	}
	WRAP_CHECK(ok);
	if (!ok && wrap_failures <= 5)
		fprintf(stderr, "  (line %zu of %zu failed the check at line %d)\n",
			bad_line, count, failed_at);
	/* Nothing after the last line but trailing spaces. */
	const struct text_line *last = &lines[count - 1];
	for (size_t i = last->off + last->len; i < n; i++)
		WRAP_CHECK(s[i] == ' ');
	free(lines);
	free(gb);
	free(lb);
}

/* The lines of a wrap joined with '|', for exact expectations. */
static char *wrap_join(const char *s, int cols, const struct text_metrics *m)
{
	struct text_line *lines;
	size_t count = text_wrap(s, cols, m, &lines);
	char *out = malloc(strlen(s) + count + 1);
	size_t o = 0;
	for (size_t k = 0; k < count; k++) {
		if (k)
			out[o++] = '|';
		memcpy(out + o, s + lines[k].off, lines[k].len);
		o += lines[k].len;
	}
	out[o] = '\0';
	free(lines);
	return out;
}

#define CHECK_WRAP(s, cols, m, want)                                       \
	do {                                                               \
		char *got_ = wrap_join(s, cols, m);                        \
		CHECK_STR(got_, want);                                     \
		free(got_);                                                \
	} while (0)

static void test_wrap_examples(void)
{
	CHECK_WRAP("", 10, &narrow, "");
	CHECK_WRAP("hello world", 5, &narrow, "hello|world");
	CHECK_WRAP("hello world", 11, &narrow, "hello world");
	CHECK_WRAP("hello   world  ", 8, &narrow, "hello|world");
	CHECK_WRAP("a b c d", 3, &narrow, "a b|c d");
	CHECK_WRAP("in-context learning", 12, &narrow, "in-context|learning");
	CHECK_WRAP("in-context learning", 5, &narrow, "in-|conte|xt|learn|ing");
	CHECK_WRAP("two\nlines", 20, &narrow, "two|lines");
	CHECK_WRAP("a\n\nb\n", 20, &narrow, "a||b|");
	CHECK_WRAP("   ", 2, &narrow, "");
	/* Chinese breaks between characters... */
	CHECK_WRAP("中文测试", 4, &narrow, "中文|测试");
	CHECK_WRAP("中文测试", 5, &narrow, "中文|测试");
	/* ... but a comma never starts a line: 文 moves down with it. */
	CHECK_WRAP("中文，测试", 4, &narrow, "中|文，|测试");
	CHECK_WRAP("好。", 2, &narrow, "好|。"); /* unavoidable */
	/* A URL wider than the line is cut, nothing is lost. */
	CHECK_WRAP("abcdefghij", 4, &narrow, "abcd|efgh|ij");
	/* Wide characters never straddle the margin. */
	CHECK_WRAP("a中文", 4, &narrow, "a中|文");
	/* Ambiguous width decides where the quote goes. */
	CHECK_WRAP("ab“c”", 4, &narrow, "ab“c|”");
	/* Combining marks stay on their base. */
	CHECK_WRAP("e\xcc\x81" "e\xcc\x81" "e\xcc\x81", 2, &narrow,
		   "e\xcc\x81" "e\xcc\x81|e\xcc\x81");
	/* An emoji family (one cluster, 6 columns here) on a line of 4 is
	 * cut between its code points rather than overflow. */
	const char *family = "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9"
			     "\xe2\x80\x8d\xf0\x9f\x91\xa7";
	struct text_line *lines;
	size_t count = text_wrap(family, 4, &narrow, &lines);
	CHECK(count >= 2);
	for (size_t k = 0; k < count; k++)
		CHECK(lines[k].width <= 4);
	free(lines);
}

static void wrap_all_widths(const char *s)
{
	for (int cols = 2; cols <= 200; cols++) {
		check_wrap(s, cols, &narrow);
		check_wrap(s, cols, &wide);
	}
}

static void test_wrap_properties(const struct sample *sm)
{
	static const char *const made[] = {
		"",
		" leading spaces and trailing ones   ",
		"一二三四五六七八九十，百千万亿。“引号”（括号）、顿号；分号：冒号？问号！",
		"我们谈了 memory(记忆)、reasoning(推理)，以及 scaffolding(脚手架式系统封装/编排)。",
		"emoji 😀😃😄 flags 🇨🇳🇺🇸 skin 👍🏽 family 👨‍👩‍👧 keycap 1️⃣ heart ❤️ end",
		"Zalgo: Z\xcc\x8d\xcc\x84" "a\xcc\x8f\xcc\x8e" "l\xcc\x83g\xcc\x88o and e\xcc\x81 cafe\xcc\x81",
		"ambiguous “quotes” … — · ±×÷ °C §1 in 中文“引号”…",
		"https://www.youtube.com/watch?v=abcdefghijkl&list=PLxyz0123456789 then text",
		"supercalifragilisticexpialidocious-and-then-some hyphenated-words",
		"Line one\nline two is longer than the first\n\nafter an empty line",
		"tabs\tand\tmore",
		"\x1b[2J\x1b]0;title\x07 bell\x07 del\x7f c1\xc2\x9b bidi\xe2\x80\xae end",
		/* A long word with spacing marks (width 1, same cluster as
		 * their letter): the hard break must respect clusters. */
		"नमस्तेदुनियाकिताबकिताबकिताबकिताबकिताब और हिन्दी",
		"a", "ab", "中", "，", "“”", "😀",
	};
	for (size_t i = 0; i < sizeof made / sizeof *made; i++) {
		/* Control characters only after sanitising, as the UI
		 * does. */
		char *s = text_sanitize(made[i]);
		wrap_all_widths(s);
		free(s);
	}
	/* Every English and Chinese (mixed, glossed) line of the real page;
	 * a few seconds even under the sanitizers. */
	for (size_t i = 0; i < sm->n_en; i++)
		wrap_all_widths(sm->en[i]);
	for (size_t i = 0; i < sm->n_zh; i++)
		wrap_all_widths(sm->zh[i]);
}

/* --- words -------------------------------------------------------------- */

/* The words of s joined with '|'. */
static char *words_join(const char *s)
{
	size_t *st, *en;
	size_t n = text_words(s, &st, &en);
	char *out = malloc(strlen(s) + n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (i)
			out[o++] = '|';
		memcpy(out + o, s + st[i], en[i] - st[i]);
		o += en[i] - st[i];
	}
	out[o] = '\0';
	CHECK_INT(n, text_word_count(s));
	free(st);
	free(en);
	return out;
}

#define CHECK_WORDS(s, want)                                               \
	do {                                                               \
		char *got_ = words_join(s);                                \
		CHECK_STR(got_, want);                                     \
		free(got_);                                                \
	} while (0)

static void test_words(const struct sample *sm)
{
	CHECK_WORDS("", "");
	CHECK_WORDS("  , . — ", "");
	CHECK_WORDS("in-context learning, RL's state-of-the-art: 10,000 tokens "
		    "(3.5 GPUs) — AI/ML.",
		    "in-context|learning|RL's|state-of-the-art|10,000|tokens|"
		    "3.5|GPUs|AI|ML");
	CHECK_WORDS("it’s the builders’ job", "it’s|the|builders|job");
	CHECK_WORDS("pre- and post-training, a--b, -x", "pre|and|post-training|a|b|x");
	CHECK_WORDS("我们谈了 memory(记忆)。", "我|们|谈|了|memory|记|忆");
	CHECK_WORDS("Gemini 2.5 Pro", "Gemini|2.5|Pro");
	CHECK_WORDS("the 90's", "the|90's");
	CHECK_INT(text_word_count("Oriole, thanks so much for coming on the podcast."), 9);
	CHECK_INT(text_word_count("co-lead"), 1);

	if (sm->n_en == 0) {
		CHECK(!"the sample was not found: set BUILDSPEAK_SAMPLE");
		return;
	}
	CHECK_INT(sm->n_en, 147);
	CHECK_INT(sm->n_zh, 147);
	CHECK_INT(sm->page_words, 11291);
	size_t total = 0;
	for (size_t i = 0; i < sm->n_en; i++)
		total += text_word_count(sm->en[i]);
	long diff = (long)total - sm->page_words;
	if (diff < 0)
		diff = -diff;
	fprintf(stderr, "sample: %zu English words, the page says %ld\n",
		total, sm->page_words);
	CHECK(diff * 100 <= sm->page_words);
}

/* --- the fast paths give what libunistring gives ------------------------ */

/* Word counts and boundaries as the implementation before the ASCII fast
 * path gave them (u8_wordbreaks on every line): numbers, hyphens,
 * apostrophes, CJK, controls. */
static void test_words_unchanged(const struct sample *sm)
{
	static const struct {
		const char *s;
		size_t count;
		const char *words;
	} cases[] = {
		{ "100,000 tokens at 3.5 s, v2.0.1, 1:30, 1.a, a.1, 1,a, a,1, $4.99 and 50%",
		  19, "100,000|tokens|at|3.5|s|v2.0.1|1|30|1|a|a|1|1|a|a|1|4.99|and|50" },
		{ "2024-2025, 3-4x, 1st 2nd 3rd, 10k-100k, 7B-parameter, GPT-4o, o1-preview",
		  9, "2024-2025|3-4x|1st|2nd|3rd|10k-100k|7B-parameter|GPT-4o|o1-preview" },
		{ "rock 'n' roll, 'quoted', don't, can't, '90s, the 90's, o'clock, James' book",
		  12, "rock|n|roll|quoted|don't|can't|90s|the|90's|o'clock|James|book" },
		{ "it’s the builders’ job, ’tis, rock ’n’ roll",
		  8, "it’s|the|builders|job|tis|rock|n|roll" },
		{ "a--b -c d- e - f, x_y, _z, __init__, snake_case-name",
		  10, "a|b|c|d|e|f|x_y|_z|__init__|snake_case-name" },
		{ "state-of-the-art‐non‑breaking hyphens: co‐lead co‑lead",
		  4, "state-of-the-art‐non‑breaking|hyphens|co‐lead|co‑lead" },
		{ "我们谈了 memory(记忆)。深度学习（deep learning）和 RL 的 10 个 agent。",
		  19, "我|们|谈|了|memory|记|忆|深|度|学|习|deep|learning|和|RL|的|10|个|agent" },
		{ "GPT-4 的 128k 上下文，约 3.5 倍；“对齐”——AI/ML",
		  13, "GPT-4|的|128k|上|下|文|约|3.5|倍|对|齐|AI|ML" },
		{ "e.g. i.e. U.S.A. Mr. Smith's a.b.c.d 1.2.3.4 a:b 1:2 a;b 1;2",
		  13, "e.g|i.e|U.S.A|Mr|Smith's|a.b.c.d|1.2.3.4|a:b|1|2|a|b|1;2" },
		{ "tabs\tand\nnewlines\r\nand  double   spaces \x0b vt \x0c ff",
		  8, "tabs|and|newlines|and|double|spaces|vt|ff" },
		{ "café naïve résumé Ångström coöperate — ﬁne ligatures",
		  7, "café|naïve|résumé|Ångström|coöperate|ﬁne|ligatures" },
		{ "한국어 텍스트 and 日本語のテキスト カタカナ・ミドル",
		  10, "한국어|텍스트|and|日|本|語|の|テキスト|カタカナ|ミドル" },
		{ "emoji 👍🏽 and 🇺🇸 flags, ZWJ 👨‍👩‍👧 family",
		  5, "emoji|and|flags|ZWJ|family" },
		{ "'",
		  0, "" },
		{ "-",
		  0, "" },
		{ "a'",
		  1, "a" },
		{ "'a",
		  1, "a" },
		{ "a-",
		  1, "a" },
		{ "-a",
		  1, "a" },
		{ "9'",
		  1, "9" },
		{ "'9",
		  1, "9" },
		{ "a'b'c",
		  1, "a'b'c" },
		{ "1'2'3",
		  1, "1'2'3" },
		{ "a-1-b",
		  1, "a-1-b" },
		{ "1-2-3",
		  1, "1-2-3" },
		{ "a.b",
		  1, "a.b" },
		{ "a..b",
		  2, "a|b" },
		{ "a.",
		  1, "a" },
		{ ".a",
		  1, "a" },
		{ "1.",
		  1, "1" },
		{ ".1",
		  1, "1" },
		{ "1,2,3",
		  1, "1,2,3" },
		{ "1,,2",
		  2, "1|2" },
		{ "a:b:c",
		  1, "a:b:c" },
		{ "1:2:3",
		  3, "1|2|3" },
		{ "",
		  0, "" },
		{ " ",
		  0, "" },
		{ "  ,  ",
		  0, "" },
		{ "x",
		  1, "x" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CHECK_INT(text_word_count(cases[i].s), cases[i].count);
		CHECK_WORDS(cases[i].s, cases[i].words);
	}

	/* The whole sample, English (all ASCII) and Chinese, boundaries
	 * included through a hash. */
	size_t en = 0, zh = 0;
	unsigned long hash = 5381;
	for (size_t k = 0; k < sm->n_en + sm->n_zh; k++) {
		const char *line = k % 2 ? sm->zh[k / 2] : sm->en[k / 2];
		size_t *st, *end, n = text_words(line, &st, &end);
		for (size_t i = 0; i < n; i++)
			hash = hash * 33 + st[i] * 7 + end[i];
		*(k % 2 ? &zh : &en) += n;
		free(st);
		free(end);
	}
	if (sm->n_en) {
		CHECK_INT(en, 11302);
		CHECK_INT(zh, 17999);
		CHECK(hash == 12402522420369963092ul);
	}
}

/* Words of an ASCII string (the fast path) against the same string with
 * " é" after it, which sends it through u8_wordbreaks and can change
 * nothing before the space: the same words, plus one. */
static int ascii_words_agree(const char *s)
{
	size_t len = strlen(s);
	char *t = malloc(len + 4);
	memcpy(t, s, len);
	memcpy(t + len, " \xC3\xA9", 4);
	size_t *a0, *a1, *b0, *b1;
	size_t na = text_words(s, &a0, &a1), nb = text_words(t, &b0, &b1);
	int ok = nb == na + 1 && text_word_count(s) == na;
	for (size_t i = 0; ok && i < na; i++)
		ok = a0[i] == b0[i] && a1[i] == b1[i];
	if (!ok)
		fprintf(stderr, "ASCII words differ from u8_wordbreaks' on "
			"\"%s\"\n", s);
	free(t);
	free(a0);
	free(a1);
	free(b0);
	free(b1);
	return ok;
}

static void test_ascii_words(const struct sample *sm)
{
	/* One character of each word-break property ASCII has, and of
	 * each rule: letters, digits, '_', the Mid* punctuation, the two
	 * joiners, blanks, line ends. Every string of up to 4 of them. */
	static const char alphabet[] = "aZ1_.:,;'- \t\r\n\v\"";
	const size_t k = sizeof alphabet - 1;
	char s[8];
	int bad = 0;
	for (size_t len = 1; len <= 4; len++) {
		size_t total = 1;
		for (size_t i = 0; i < len; i++)
			total *= k;
		for (size_t n = 0; n < total && bad < 5; n++) {
			size_t v = n;
			for (size_t i = 0; i < len; i++, v /= k)
				s[i] = alphabet[v % k];
			s[len] = '\0';
			bad += !ascii_words_agree(s);
		}
	}
	/* Longer ones, at random (fixed seed), with every printable. */
	unsigned seed = 12345;
	char buf[64];
	for (int n = 0; n < 20000 && bad < 5; n++) {
		seed = seed * 1103515245u + 12345u;
		size_t len = 5 + (seed >> 16) % 50;
		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			unsigned r = (seed >> 16) % 4;
			buf[i] = r == 0 ? (char)(0x20 + (seed >> 8) % 95)
				 : alphabet[(seed >> 8) % k];
		}
		buf[len] = '\0';
		bad += !ascii_words_agree(buf);
	}
	for (size_t i = 0; i < sm->n_en && bad < 5; i++)
		bad += !ascii_words_agree(sm->en[i]);
	CHECK_INT(bad, 0);
}

/* text_nfc (which skips the normaliser for text that is NFC already) and
 * text_fold (which lower-cases ASCII itself) against libunistring. */
static int nfc_agrees(const char *s)
{
	size_t len = strlen(s), n = 0;
	uint8_t *want = u8_normalize(UNINORM_NFC, (const uint8_t *)s, len,
				     NULL, &n);
	char *got = text_nfc(s);
	int ok = want && strlen(got) == n && memcmp(got, want, n) == 0;
	if (!ok)
		fprintf(stderr, "text_nfc differs from u8_normalize on "
			"\"%s\"\n", s);
	free(want);
	free(got);
	return ok;
}

static void test_nfc_fold_fast(const struct sample *sm)
{
	int bad = 0;
	/* Every composition the tables know, as its two halves, alone and
	 * after a Han character and ASCII: the quick check must never call
	 * a pair that composes NFC. */
	for (ucs4_t uc = 0x80; uc < 0x110000 && bad < 5; uc++) {
		ucs4_t d[UC_DECOMPOSITION_MAX_LENGTH];
		if (uc_canonical_decomposition(uc, d) != 2)
			continue;
		uint8_t s[32];
		size_t o, n;
		const char *prefix = "\xE4\xB8\xAD" "a"; /* 中a */
		memcpy(s, prefix, strlen(prefix));
		o = strlen(prefix);
		n = (size_t)u8_uctomb(s + o, d[0], 6);
		o += n;
		n = (size_t)u8_uctomb(s + o, d[1], 6);
		o += n;
		s[o] = '\0';
		bad += !nfc_agrees((const char *)s);
		bad += !nfc_agrees((const char *)s + strlen(prefix));
	}
	static const char *const texts[] = {
		"cafe\xcc\x81", "한국어", "\xe1\x84\x92\xe1\x85\xa1",
		"\xef\xa4\x80 compatibility ideograph", "Å Å", "ﬁ ligature",
		"深度学习（deep learning）“引号”——", "e\xcc\xa3\xcc\x81",
		"ো ো", "",
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		bad += !nfc_agrees(texts[i]);
	/* Invalid UTF-8 breaks the contract, and still comes back repaired
	 * rather than copied. */
	char *fixed = text_nfc("\xE4\xB8 \xFF\xE4\xB8\xAD");
	CHECK_STR(fixed, "\xEF\xBF\xBD \xEF\xBF\xBD\xE4\xB8\xAD");
	free(fixed);
	for (size_t i = 0; i < sm->n_zh; i++)
		bad += !nfc_agrees(sm->zh[i]);
	CHECK_INT(bad, 0);

	/* Folding: every ASCII character, and the sample's lines. */
	char one[2] = { 0, 0 };
	for (int c = 1; c < 0x80; c++) {
		one[0] = (char)c;
		size_t n = 0;
		uint8_t *want = u8_casefold((const uint8_t *)one, 1, "",
					    UNINORM_NFC, NULL, &n);
		char *got = text_fold(one);
		CHECK(want && n == strlen(got) && memcmp(want, got, n) == 0);
		free(want);
		free(got);
	}
	for (size_t i = 0; i < sm->n_en; i++) {
		size_t n = 0, len = strlen(sm->en[i]);
		uint8_t *want = u8_casefold((const uint8_t *)sm->en[i], len,
					    "", UNINORM_NFC, NULL, &n);
		char *got = text_fold(sm->en[i]);
		bad += !(want && n == strlen(got) && memcmp(want, got, n) == 0);
		free(want);
		free(got);
	}
	CHECK_INT(bad, 0);
}

int main(void)
{
	struct sample sm;
	load_sample(&sm);

	test_valid();
	test_next();
	test_nfc_fold();
	test_is_han();
	test_sanitize();
	test_widths();
	test_fit();
	test_wrap_examples();
	test_wrap_properties(&sm);
	test_words(&sm);
	test_words_unchanged(&sm);
	test_ascii_words(&sm);
	test_nfc_fold_fast(&sm);

	free_sample(&sm);
	return check_result();
}
