/* Tests of the glossary: the gloss shapes and the traps around them, the
 * glossary built from the sample page, and marking terms in English text. */
#include <stdlib.h>
#include <string.h>

#include "buildspeak/alloc.h"
#include "buildspeak/episode.h"
#include "buildspeak/glossary.h"
#include "check.h"

/* The n-th hit's term / gloss as new strings (for CHECK_STR). */
static char *hit_term(const char *s, const struct gloss_hit *h)
{
	return xstrndup(s + h->term_off, h->term_len);
}

static char *hit_gloss(const char *s, const struct gloss_hit *h)
{
	return xstrndup(s + h->gloss_off, h->gloss_len);
}

/* Scans s and checks it yields exactly one gloss: term, gloss, shape. */
static void check_one(const char *s, const char *term, const char *gloss,
		      int reverse)
{
	struct gloss_hit *h;
	size_t n = glossary_scan(s, &h);
	CHECK_INT(n, 1);
	if (n == 1) {
		char *t = hit_term(s, h), *g = hit_gloss(s, h);
		CHECK_STR(t, term);
		CHECK_STR(g, gloss);
		CHECK_INT(h->reverse, reverse);
		free(t);
		free(g);
	} else {
		fprintf(stderr, "  in: %s\n", s);
	}
	free(h);
}

/* Scans s and checks it holds no gloss at all. */
static void check_none(const char *s)
{
	struct gloss_hit *h;
	size_t n = glossary_scan(s, &h);
	CHECK_INT(n, 0);
	CHECK(h == NULL);
	if (n)
		fprintf(stderr, "  in: %s\n", s);
	free(h);
}

static void test_scan_shapes(void)
{
	/* forward, ASCII and full-width, and the span it covers */
	const char *s = "在过去十年里引领了 deep learning(深度学习)中的许多突破";
	struct gloss_hit *h;
	CHECK_INT(glossary_scan(s, &h), 1);
	CHECK_INT(h[0].start, strstr(s, "deep") - s);
	CHECK_INT(h[0].end, strstr(s, "中的") - s);
	free(h);
	check_one("这是 trade-off（权衡）。", "trade-off", "权衡", 0);
	check_one("你知道的,in-context learning(上下文学习)", "in-context learning",
		  "上下文学习", 0);
	/* a gloss with / alternatives and one with Latin inside the gloss */
	check_one("当下 scaffolding(脚手架式系统封装/编排)的现状", "scaffolding",
		  "脚手架式系统封装/编排", 0);
	check_one("比如 multi agents(多 agent)", "multi agents", "多 agent", 0);
	/* digits, dots, apostrophes, ampersands and pluses belong to terms */
	check_one("用 GPT-4.5(模型)", "GPT-4.5", "模型", 0);
	check_one("叫 R&D(研发)", "R&D", "研发", 0);
	check_one("像 C++(编程语言)", "C++", "编程语言", 0);
	/* the term stops at Han text, CJK and ASCII punctuation, ')' */
	check_one("生涯,state of the art(当前最先进水平)", "state of the art",
		  "当前最先进水平", 0);
	check_one("模型)recipe(方法配方)", "recipe", "方法配方", 0);
	check_one("“self improvement(自我改进)”", "self improvement", "自我改进",
		  0);
	/* spaces inside the parentheses and before them are trimmed */
	check_one("聊聊 world models ( 世界模型 )吧", "world models", "世界模型",
		  0);
	/* non-ASCII Latin letters are letters */
	check_one("一种 café culture(咖啡文化)", "café culture", "咖啡文化", 0);
}

static void test_scan_several(void)
{
	const char *s = "在 coding(编程)和 math(数学)上,post training "
			"RL(后训练强化学习)";
	struct gloss_hit *h;
	size_t n = glossary_scan(s, &h);
	CHECK_INT(n, 3);
	if (n == 3) {
		const char *want[3][2] = { { "coding", "编程" },
					   { "math", "数学" },
					   { "post training RL", "后训练强化学习" } };
		for (size_t i = 0; i < 3; i++) {
			char *t = hit_term(s, &h[i]), *g = hit_gloss(s, &h[i]);
			CHECK_STR(t, want[i][0]);
			CHECK_STR(g, want[i][1]);
			free(t);
			free(g);
		}
		CHECK(h[0].end <= h[1].start && h[1].end <= h[2].start);
	}
	free(h);
}

static void test_scan_reverse(void)
{
	/* the phrase is cut after the last function character */
	check_one("你是否已经看到了那种泛化(generalization)", "generalization",
		  "泛化", 1);
	check_one("它们确实会诱导出深度推理(deep reasoning)", "deep reasoning",
		  "深度推理", 1);
	check_one("但如果只局限于可验证性(verifiability)", "verifiability",
		  "可验证性", 1);
	check_one("体现为智能的元能力(meta capability)", "meta capability",
		  "元能力", 1);
	check_one("以及数据(data)", "data", "数据", 1);
	/* punctuation ends the run; full-width parentheses; a space before */
	check_one("大家的是,评估（evaluations）", "evaluations", "评估", 1);
	check_one("比如,推理模型 (reasoning models)", "reasoning models",
		  "推理模型", 1);
	/* the cut leaves at least two characters: 的 is the last character
	 * here, so the cut goes to the 是 before it */
	check_one("这是好的(good one)", "good one", "好的", 1);
	check_one("发明了那种新的药(drug)", "drug", "新的药", 1);
	/* a long run with no function character keeps its last 8 */
	check_one("甲乙丙丁戊己庚辛壬癸(ten stems)", "ten stems", "丙丁戊己庚辛壬癸",
		  1);
}

static void test_scan_not_glosses(void)
{
	/* a parenthesised aside: no Han inside, no Han before */
	check_none("他说了 OK (and then left)。");
	check_none("(just kidding)");
	/* Latin inside but an aside, not a term: a comma, too many words */
	check_none("他说(well, maybe)。");
	check_none("他说(this is a much longer aside than a term)。");
	/* Han inside but no Latin term before it */
	check_none("这是一个(重要的)问题");
	check_none("在 2024(年份)");
	check_none("一个 -(破折号)");
	/* no closing parenthesis on the line */
	check_none("我们聊 deep learning(深度学习");
	check_none("我们聊 deep learning（深度学习");
	/* empty and blank parentheses */
	check_none("deep learning()");
	check_none("deep learning(  )");
	check_none("");
	/* only the inner of nested parentheses is a candidate */
	check_one("(注:我们聊 RL(强化学习))", "RL", "强化学习", 0);
}

/* The sample page's translations: the line after every second header. */
static struct episode *sample_episode(void)
{
	const char *path = getenv("BUILDSPEAK_SAMPLE");
	FILE *f = fopen(path ? path : "data/sample.page.txt", "r");
	if (!f) {
		CHECK(!"cannot open the sample");
		return NULL;
	}
	struct episode *ep = episode_new();
	char *line = NULL, *en = NULL;
	size_t cap = 0;
	int headers = 0, want = 0; /* 1: next line is English, 2: Chinese */
	while (getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\n")] = '\0';
		if (want == 1) {
			en = xstrdup(line);
			want = 0;
		} else if (want == 2) {
			episode_add_segment(ep, 1, 0, 0, en, xstrdup(line), 0);
			en = NULL;
			want = 0;
		} else if (strncmp(line, "Speaker ", 8) == 0) {
			want = headers++ % 2 ? 2 : 1;
		}
	}
	free(line);
	free(en);
	fclose(f);
	return ep;
}

static const struct term *find_term(const struct episode *ep, const char *t)
{
	for (size_t i = 0; i < ep->n_terms; i++)
		if (strcmp(ep->terms[i].term, t) == 0)
			return &ep->terms[i];
	return NULL;
}

static void check_term(const struct episode *ep, const char *term,
		       const char *gloss, int count, int first)
{
	const struct term *t = find_term(ep, term);
	CHECK(t != NULL);
	if (!t) {
		fprintf(stderr, "  missing term: %s\n", term);
		return;
	}
	CHECK_STR(t->gloss, gloss);
	CHECK_INT(t->count, count);
	if (first >= 0)
		CHECK_INT(t->first_segment, first);
}

static void test_sample(void)
{
	struct episode *ep = sample_episode();
	if (!ep)
		return;
	CHECK_INT(ep->n_segments, 147);

	size_t forward = 0, reverse = 0;
	for (size_t i = 0; i < ep->n_segments; i++) {
		struct gloss_hit *h;
		size_t n = glossary_scan(ep->segments[i].zh, &h);
		for (size_t k = 0; k < n; k++)
			*(h[k].reverse ? &reverse : &forward) += 1;
		free(h);
	}
	CHECK_INT(forward, 260);
	CHECK_INT(reverse, 7);

	glossary_build(ep);
	CHECK_INT(ep->n_terms, 194);
	long total = 0;
	for (size_t i = 0; i < ep->n_terms; i++) {
		const struct term *t = &ep->terms[i];
		total += t->count;
		/* nothing that is not a term: a letter or digit first, no Han,
		 * no parenthesis, no leading or trailing space, a gloss */
		CHECK(t->term[0] && strchr("abcdefghijklmnopqrstuvwxyz"
					   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
					   t->term[0]));
		CHECK(!strpbrk(t->term, "()\xE3\xEF"));
		CHECK(t->term[strlen(t->term) - 1] != ' ');
		CHECK(t->gloss[0] != '\0');
		CHECK(t->count >= 1);
		if (i > 0)
			CHECK(t->first_segment >= t[-1].first_segment);
	}
	CHECK_INT(total, 267);

	check_term(ep, "deep learning", "深度学习", 3, 0);
	check_term(ep, "in-context learning", "上下文学习", 1, -1);
	check_term(ep, "post training RL", "后训练强化学习", 1, -1);
	check_term(ep, "trade-off", "权衡", 3, -1);
	check_term(ep, "state of the art", "当前最先进水平", 1, -1);
	check_term(ep, "state-of-the-art", "最先进", 1, -1);
	check_term(ep, "RL", "强化学习", 5, 4);
	check_term(ep, "low hanging fruits", "低垂果实,容易摘的机会", 1, -1);
	/* two different glosses: the first is kept */
	check_term(ep, "scaffolding", "脚手架式系统封装/编排", 2, 1);
	/* reverse glosses: from a forward gloss of the same term when there
	 * is one (generalization and reasoning models are glossed both ways),
	 * else the Chinese phrase */
	check_term(ep, "generalization", "泛化", 3, 11);
	check_term(ep, "reasoning models", "推理模型", 2, -1);
	check_term(ep, "deep reasoning", "深度推理", 1, -1);
	check_term(ep, "verifiability", "可验证性", 1, -1);
	check_term(ep, "meta capability", "元能力", 1, -1);
	check_term(ep, "evaluations", "评估", 1, -1);
	check_term(ep, "data", "数据", 1, -1);
	/* plain words of the transcript are not terms unless glossed */
	CHECK(find_term(ep, "Gemini") == NULL);
	CHECK(find_term(ep, "podcast") != NULL);

	/* building twice gives the same glossary, not a doubled one */
	glossary_build(ep);
	CHECK_INT(ep->n_terms, 194);
	check_term(ep, "deep learning", "深度学习", 3, 0);
	episode_free(ep);
}

static void test_build_merge(void)
{
	struct episode *ep = episode_new();
	episode_add_segment(ep, 1, 0, 1, xstrdup("a"),
			    xstrdup("我们需要可验证性(Verifiability)。"), 0);
	episode_add_segment(ep, 1, 1, 2, xstrdup("b"),
			    xstrdup("Deep Learning(深度学习)很重要,可检查性(verifiability)"),
			    0);
	episode_add_segment(ep, 2, 2, 3, xstrdup("c"),
			    xstrdup("deep  learning（DL 方法）和 verifiability(可检验性)"),
			    0);
	glossary_build(ep);
	CHECK_INT(ep->n_terms, 2);
	/* first spelling kept; merged across case and spacing; a second
	 * reverse gloss does not replace the first phrase, a forward one
	 * does */
	check_term(ep, "Verifiability", "可检验性", 3, 0);
	check_term(ep, "Deep Learning", "深度学习", 2, 1);
	episode_free(ep);

	/* an episode with no glosses has an empty glossary */
	ep = episode_new();
	episode_add_segment(ep, 1, 0, 1, xstrdup("a"), xstrdup("没有术语。"), 0);
	glossary_build(ep);
	CHECK_INT(ep->n_terms, 0);
	episode_free(ep);
}

/* Runs glossary_find and checks the matched substrings, in order. */
static void check_find(const struct term *terms, size_t n_terms,
		       const char *text, const char *const *want, size_t n_want)
{
	struct term_span *sp;
	size_t n = glossary_find(terms, n_terms, text, &sp);
	CHECK_INT(n, n_want);
	for (size_t i = 0; i < n && i < n_want; i++) {
		char *got = xstrndup(text + sp[i].off, sp[i].len);
		CHECK_STR(got, want[i]);
		CHECK(sp[i].term < n_terms);
		if (i > 0)
			CHECK(sp[i].off >= sp[i - 1].off + sp[i - 1].len);
		free(got);
	}
	if (n != n_want)
		fprintf(stderr, "  in: %s\n", text);
	free(sp);
}

static void test_find(void)
{
	struct term terms[] = {
		{ "machine learning", "机器学习", 1, 0 },
		{ "machine learning research", "机器学习研究", 1, 0 },
		{ "RL", "强化学习", 1, 0 },
		{ "learning", "学习", 1, 0 },
		{ "post training", "后训练", 1, 0 },
		{ "trade-off", "权衡", 1, 0 },
		{ "café", "咖啡馆", 1, 0 },
	};
	size_t nt = sizeof terms / sizeof terms[0];

	/* case-insensitive, longest first where terms overlap */
	const char *w1[] = { "Machine Learning Research", "RL" };
	check_find(terms, nt, "Machine Learning Research and RL.", w1, 2);
	const char *w2[] = { "machine learning", "learning" };
	check_find(terms, nt, "machine learning, then learning", w2, 2);
	/* whole words only: no "RL" in "world" or "URLs", no "learning" in
	 * "unlearning"; a plural is the term inflected */
	const char *w0[] = { "learnings" };
	check_find(terms, nt, "The world of URLs, unlearning and learnings",
		   w0, 1);
	/* a possessive is the term inflected; punctuation ends a word */
	const char *w3[] = { "RL's", "RL" };
	check_find(terms, nt, "RL's next domains (RL)", w3, 2);
	/* hyphen and space are the same inside a term */
	const char *w4[] = { "post-training", "trade off" };
	check_find(terms, nt, "After post-training, a trade off.", w4, 2);
	/* non-ASCII letters fold and bound words too */
	const char *w5[] = { "CAFÉ" };
	check_find(terms, nt, "CAFÉ culture, cafés", w5, 1);
	/* Han text is not part of an English word */
	const char *w6[] = { "RL" };
	check_find(terms, nt, "做RL的人", w6, 1);

	struct term_span *sp;
	const char *text = "Machine Learning Research and RL.";
	size_t n = glossary_find(terms, nt, text, &sp);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(sp[0].term, 1);
		CHECK_INT(sp[0].off, 0);
		CHECK_INT(sp[1].term, 2);
		CHECK_INT(sp[1].off, strstr(text, "RL") - text);
	}
	free(sp);
	CHECK_INT(glossary_find(terms, 0, text, &sp), 0);
	CHECK(sp == NULL);
	CHECK_INT(glossary_find(terms, nt, "", &sp), 0);
	free(sp);
}

int main(void)
{
	test_scan_shapes();
	test_scan_several();
	test_scan_reverse();
	test_scan_not_glosses();
	test_sample();
	test_build_merge();
	test_find();
	return check_result();
}
