/* test_search: full-text search over a real library file -- queries as a
 * learner types them (case, phrases, all words, inflections, Chinese of
 * any length, FTS syntax as plain text), ranking, marks and snippets, the
 * glossaries, and an index that never disagrees with the segments (after
 * import, replace, remove, and a process killed mid-import). */
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>

#include "store_fixtures.h"

/* An episode of the given sentences (en, zh pairs), dated date. */
static struct episode *episode_of(const char *title, const char *date,
				  const char *const *pairs, size_t n)
{
	struct episode *ep = episode_new();
	episode_set(&ep->title, title);
	episode_set(&ep->date, date);
	for (size_t i = 0; i < n; i++)
		episode_add_segment(ep, 1, (double)i * 10, (double)i * 10 + 9,
				    xstrdup(pairs[2 * i]),
				    xstrdup(pairs[2 * i + 1]), 0);
	episode_add_term(ep, "world models", "世界模型", 1, 0);
	episode_add_term(ep, "reasoning", "推理", 1, 1);
	return ep;
}

static const char *const sentences[] = {
	"World models are the next frontier.",
	"世界模型是下一个前沿。",
	"The model learns to reason; reasoning is hard.",
	"模型学会推理；推理很难。",
	"We trained models, then we deployed them.",
	"我们训练了模型，然后部署了它们。",
	"Deep learning changed everything in AI.",
	"deep learning(深度学习)改变了 AI 的一切。",
	"Near the end: a minus - sign, a star * and a colon: here.",
	"接近结尾：减号、星号和冒号。",
	"Learning deep things takes time.",
	"学习深刻的东西需要时间，模型也是。",
};
#define N_SENTENCES (sizeof sentences / sizeof sentences[0] / 2)

/* The number of hits of query (lang ANY, every episode, no limit), or -1
 * when it fails. */
static long hits(struct store *st, const char *query)
{
	struct store_search_hit *v;
	size_t n;
	if (store_search(st, query, 0, STORE_SEARCH_ANY, 0, &v, &n) != 0)
		return -1;
	store_search_hits_free(v, n);
	return (long)n;
}

/* The segment of the first hit, or -1. */
static int first_segment(struct store *st, const char *query)
{
	struct store_search_hit *v;
	size_t n;
	if (store_search(st, query, 0, STORE_SEARCH_ANY, 1, &v, &n) != 0)
		return -1;
	int seg = n ? v[0].segment : -1;
	store_search_hits_free(v, n);
	return seg;
}

static void check_index(struct store *st)
{
	long long d = -1;
	CHECK_INT(store_search_verify(st, &d), 0);
	CHECK_INT(d, 0);
}

static void test_queries(struct store *st)
{
	/* Case, inflection, all the words, phrases. */
	CHECK_INT(hits(st, "World Models"), 1);
	CHECK_INT(hits(st, "WORLD"), 1);
	CHECK_INT(hits(st, "model"), 3);       /* model, models, models */
	CHECK_INT(hits(st, "models"), 3);
	CHECK_INT(hits(st, "deploy"), 1);      /* deployed */
	CHECK_INT(hits(st, "model reasoning"), 1);
	CHECK_INT(hits(st, "model frontier"), 1);
	CHECK_INT(hits(st, "model zebra"), 0);
	CHECK_INT(hits(st, "\"deep learning\""), 1);
	CHECK_INT(hits(st, "deep learning"), 2);
	CHECK_INT(hits(st, "\"learning deep\""), 1);
	CHECK_INT(first_segment(st, "\"learning deep\""), 5);
	CHECK_INT(hits(st, "\"deep learning"), 1); /* unclosed: to the end */

	/* Chinese of one, two, three and more characters. */
	CHECK_INT(hits(st, "模"), 4);
	CHECK_INT(hits(st, "型"), 4);          /* a run's last character */
	CHECK_INT(hits(st, "前"), 1);          /* inside a run */
	CHECK_INT(hits(st, "模型"), 4);
	CHECK_INT(hits(st, "推理"), 1);
	CHECK_INT(hits(st, "世界模型"), 1);
	CHECK_INT(hits(st, "世界模型是下一个前沿"), 1);
	CHECK_INT(hits(st, "深度学习"), 1);
	CHECK_INT(hits(st, "界模型"), 1);
	CHECK_INT(hits(st, "模型世界"), 0);
	/* Not across punctuation: 推理；推理 holds no 理推. */
	CHECK_INT(hits(st, "理推"), 0);
	CHECK_INT(hits(st, "间模"), 0);        /* 时间，模型 */
	/* A Chinese run next to other words of the term. */
	CHECK_INT(hits(st, "AI的"), 1);
	CHECK_INT(hits(st, "learning(深度"), 1);

	/* Mixed English and Chinese: each side its own words. */
	CHECK_INT(hits(st, "reasoning 推理"), 1);
	CHECK_INT(hits(st, "reasoning 世界"), 0);
	struct store_search_hit *v;
	size_t n;
	CHECK_INT(store_search(st, "deep 深度学习", 0, STORE_SEARCH_ANY, 0,
			       &v, &n), 0);
	CHECK_INT(n, 1);
	if (n)
		CHECK_INT(v[0].match, STORE_SEARCH_ANY);
	store_search_hits_free(v, n);

	/* --lang: an English word on the Chinese side, and back. */
	CHECK_INT(store_search(st, "deep", 0, STORE_SEARCH_ZH, 0, &v, &n), 0);
	CHECK_INT(n, 1);
	if (n) {
		CHECK_INT(v[0].match, STORE_SEARCH_ZH);
		CHECK_INT(v[0].segment, 3);
	}
	store_search_hits_free(v, n);
	CHECK_INT(store_search(st, "模型", 0, STORE_SEARCH_EN, 0, &v, &n), 0);
	CHECK_INT(n, 0);
	store_search_hits_free(v, n);

	/* FTS5's syntax is text: no error, no operator. */
	CHECK_INT(hits(st, "NEAR"), 1);
	CHECK_INT(hits(st, "NEAR(world models)"), 0);
	CHECK_INT(hits(st, "world -models"), 1);   /* not a NOT */
	CHECK_INT(hits(st, "mode*"), 0);           /* not a prefix */
	CHECK_INT(hits(st, "en:world"), 0);        /* not a column */
	CHECK_INT(hits(st, "world OR zebra"), 0);  /* OR is a word */
	CHECK_INT(hits(st, "world AND models"), 0);
	CHECK_INT(hits(st, "\"world\" \"models\""), 1);
	CHECK_INT(hits(st, "colon: star *"), 1);
	CHECK_INT(hits(st, "world ^models +x"), 0);
	CHECK_INT(hits(st, "a\"b\"\"c"), 0);
	CHECK_INT(hits(st, "{world} (models)"), 1);

	/* Queries with nothing to search: refused, with a reason. */
	const char *bad[] = { "", "   ", "*", "\"\"", "- : * \" ()",
			      "NEAR(", "\xff\xfe" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char err[200] = "";
		bool is_near = strcmp(bad[i], "NEAR(") == 0;
		CHECK_INT(store_search_check(bad[i], err, sizeof err),
			  is_near ? 0 : -1);
		CHECK_INT(hits(st, bad[i]), is_near ? 1 : -1); /* "Near the end" */
		if (!is_near) {
			CHECK(err[0] != '\0');
			CHECK_INT(store_errkind(st), STORE_ERR_OTHER);
		}
	}
	char *long_query = xmalloc(2000);
	memset(long_query, 'a', 1999);
	long_query[1999] = '\0';
	CHECK_INT(hits(st, long_query), -1);
	free(long_query);
}

static void test_marks(struct store *st)
{
	struct store_search_hit *v;
	size_t n;
	CHECK_INT(store_search(st, "\"world models\"", 0, STORE_SEARCH_ANY, 0,
			       &v, &n), 0);
	CHECK_INT(n, 1);
	if (n) {
		CHECK_INT(v[0].match, STORE_SEARCH_EN);
		CHECK_INT(v[0].n_marks, 1); /* the phrase marked whole */
		if (v[0].n_marks)
			CHECK(strncmp(v[0].snippet + v[0].marks[0].off,
				      "World models", v[0].marks[0].len) == 0);
		CHECK(v[0].term && strcmp(v[0].term, "world models") == 0);
		CHECK_STR(v[0].gloss, "世界模型");
		CHECK_STR(v[0].en, sentences[0]);
		CHECK_STR(v[0].zh, sentences[1]);
	}
	store_search_hits_free(v, n);

	CHECK_INT(store_search(st, "推理", 0, STORE_SEARCH_ANY, 0, &v, &n), 0);
	CHECK_INT(n, 1);
	if (n) {
		CHECK_INT(v[0].match, STORE_SEARCH_ZH);
		CHECK_INT(v[0].n_marks, 2);
		for (size_t i = 0; i < v[0].n_marks; i++)
			CHECK(strncmp(v[0].snippet + v[0].marks[i].off,
				      "推理", v[0].marks[i].len) == 0 &&
			      v[0].marks[i].len == strlen("推理"));
		CHECK_STR(v[0].gloss, "推理");
	}
	store_search_hits_free(v, n);

	char *json = NULL;
	CHECK_INT(store_search(st, "模型", 0, STORE_SEARCH_ANY, 2, &v, &n), 0);
	CHECK_INT(n, 2);
	json = store_search_json(st, v, n);
	CHECK(json && strstr(json, "\"match\":\"zh\"") &&
	      strstr(json, "\"episode\":") && strstr(json, "\"segment\":") &&
	      strstr(json, "\"start\":") && strstr(json, "\"speaker\":") &&
	      strstr(json, "\"title\":") && strstr(json, "\"en\":") &&
	      strstr(json, "\"zh\":") && strstr(json, "\"marks\":[["));
	free(json);
	store_search_hits_free(v, n);
}

static void test_ranking_and_scope(struct store *st, long long a,
				   long long b)
{
	/* The same sentence in two episodes: the newer date first. */
	struct store_search_hit *v;
	size_t n;
	CHECK_INT(store_search(st, "frontier", 0, STORE_SEARCH_ANY, 0, &v,
			       &n), 0);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(v[0].episode, b);
		CHECK_INT(v[1].episode, a);
	}
	store_search_hits_free(v, n);
	/* bm25: a short sentence about models before a long one. */
	CHECK_INT(store_search(st, "frontier", a, STORE_SEARCH_ANY, 0, &v, &n),
		  0);
	CHECK_INT(n, 1);
	if (n)
		CHECK_INT(v[0].episode, a);
	store_search_hits_free(v, n);
	CHECK_INT(store_search(st, "frontier", 999, STORE_SEARCH_ANY, 0, &v,
			       &n), 0);
	CHECK_INT(n, 0);
	store_search_hits_free(v, n);
	CHECK_INT(store_search(st, "model", 0, STORE_SEARCH_ANY, 1, &v, &n), 0);
	CHECK_INT(n, 1);
	store_search_hits_free(v, n);
}

static void test_glossary(struct store *st, long long a)
{
	struct store_term_hit *v;
	size_t n;
	CHECK_INT(store_search_glossary(st, "推理", 0, 0, &v, &n), 0);
	CHECK_INT(n, 2); /* in both episodes */
	if (n)
		CHECK_STR(v[0].term, "reasoning");
	store_term_hits_free(v, n);
	CHECK_INT(store_search_glossary(st, "World", a, 0, &v, &n), 0);
	CHECK_INT(n, 1);
	if (n) {
		CHECK_STR(v[0].gloss, "世界模型");
		CHECK_INT(v[0].episode, a);
		char *json = store_term_hits_json(st, v, n);
		CHECK(json && strstr(json, "\"match\":\"glossary\""));
		free(json);
	}
	store_term_hits_free(v, n);
	CHECK_INT(store_search_glossary(st, "zebra", 0, 0, &v, &n), 0);
	CHECK_INT(n, 0);
	store_term_hits_free(v, n);
}

/* A 10,000-segment episode: the last sentence is found, in its episode
 * too, and a long sentence comes back as a snippet around the match. */
static void test_big_episode(struct store *st)
{
	struct episode *ep = episode_new();
	episode_set(&ep->title, "Big");
	episode_set(&ep->date, "2024-01-01");
	for (int i = 0; i < 10000; i++) {
		char *en = i == 9999
			? xasprintf("%s the needle is here at the end %s",
				    "word word word word word word word word "
				    "word word word word word word word word "
				    "word word word word word word word word",
				    "and more words after it to make a very long "
				    "sentence that needs cutting down to size "
				    "so the snippet shows the middle of it only")
			: xasprintf("Sentence %d of a long talk about agents.",
				    i);
		char *zh = xasprintf("第%d句，关于智能体的长谈%s。", i,
				     i == 9999 ? "，针尖在此" : "");
		episode_add_segment(ep, 1, i * 2.0, i * 2.0 + 1, en, zh, 0);
	}
	CHECK_INT(store_episode_save(st, ep, 0), 0);
	struct store_search_hit *v;
	size_t n;
	CHECK_INT(store_search(st, "needle", 0, STORE_SEARCH_ANY, 0, &v, &n), 0);
	CHECK_INT(n, 1);
	if (n) {
		CHECK_INT(v[0].segment, 9999);
		CHECK(strncmp(v[0].snippet, "\xe2\x80\xa6", 3) == 0);
		CHECK(strlen(v[0].snippet) < strlen(v[0].en) + 6);
		CHECK_INT(v[0].n_marks, 1);
	}
	store_search_hits_free(v, n);
	CHECK_INT(store_search(st, "针尖", ep->id, STORE_SEARCH_ANY, 0, &v, &n),
		  0);
	CHECK_INT(n, 1);
	store_search_hits_free(v, n);
	CHECK_INT(store_search(st, "智能体", ep->id, STORE_SEARCH_ANY, 0, &v,
			       &n), 0);
	CHECK_INT(n, 10000);
	store_search_hits_free(v, n);
	CHECK_INT(store_search(st, "agents", ep->id, STORE_SEARCH_ANY, 25, &v,
			       &n), 0);
	CHECK_INT(n, 25);
	store_search_hits_free(v, n);
	check_index(st);
	CHECK_INT(store_episode_delete(st, ep->id), 0);
	episode_free(ep);
}

/* Every Han and kana character of the BMP (and some beyond), in runs with
 * the characters unicode61 splits on, next to Latin, full-width and
 * accented words: search_zh's tokenizer emits exactly the tokens of its
 * definition (porter unicode61 over bs_cjk_pairs), which check_index
 * compares token by token, position by position. */
static void test_every_cjk_character(struct store *st)
{
	static const uint32_t ranges[][2] = {
		{ 0x3040, 0x30FF }, { 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF },
		{ 0xF900, 0xFAFF }, { 0x3007, 0x3007 }, { 0x20000, 0x20100 },
		{ 0x2A6D0, 0x2A710 }, { 0x2F800, 0x2F830 },
		{ 0x30000, 0x30020 },
	};
	/* Between runs, in turn: nothing (the runs join), and what a
	 * translation puts between its words. */
	static const char *const seps[] = {
		"", "\xe3\x83\xbb", "AI", " ", "\xef\xbc\xa1\xef\xbd\x82",
		"caf\xc3\xa9", "2024", "\xe3\x80\x82", "GPT-4", "\xe3\x82\x9b",
		"na\xc3\xafve ", "\xe3\x82\xa0", "(", "\xef\xbd\xb1",
	};
	struct episode *ep = episode_new();
	episode_set(&ep->title, "Every character");
	episode_set(&ep->date, "2020-01-01");
	char *zh = xmalloc(4096);
	size_t len = 0, k = 0, seg = 0;
	for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
		for (uint32_t uc = ranges[r][0]; uc <= ranges[r][1]; uc++) {
			uint8_t buf[8];
			size_t n = 0;
			if (uc < 0x10000) {
				buf[n++] = (uint8_t)(0xE0 | uc >> 12);
			} else {
				buf[n++] = (uint8_t)(0xF0 | uc >> 18);
				buf[n++] = (uint8_t)(0x80 | (uc >> 12 & 0x3F));
			}
			buf[n++] = (uint8_t)(0x80 | (uc >> 6 & 0x3F));
			buf[n++] = (uint8_t)(0x80 | (uc & 0x3F));
			memcpy(zh + len, buf, n);
			len += n;
			/* Runs of 1 to 13 characters. */
			if (++k % (1 + uc % 13) == 0) {
				const char *sep = seps[seg++ % (sizeof seps /
								sizeof seps[0])];
				memcpy(zh + len, sep, strlen(sep));
				len += strlen(sep);
			}
			if (len > 3000 || (r == sizeof ranges /
					   sizeof ranges[0] - 1 &&
					   uc == ranges[r][1])) {
				zh[len] = '\0';
				double t = (double)ep->n_segments;
				episode_add_segment(ep, 1, t, t + 1,
						    xstrdup("Characters."),
						    xstrdup(zh), 0);
				len = 0;
			}
		}
	}
	free(zh);
	CHECK_INT(store_episode_save(st, ep, 0), 0);
	check_index(st);
	CHECK_INT(store_episode_delete(st, ep->id), 0);
	check_index(st);
	episode_free(ep);
}

/* The hits of query as one line each (episode, sentence, side, snippet
 * and its marks), or "error". New string. */
static char *hits_text(struct store *st, const char *query,
		       enum store_search_side lang)
{
	struct store_search_hit *v;
	size_t n;
	if (store_search(st, query, 0, lang, 0, &v, &n) != 0)
		return xstrdup("error");
	char *out = xstrdup("");
	for (size_t i = 0; i < n; i++) {
		char *line = xasprintf("%s%lld %d %d %s", out, v[i].episode,
				       v[i].segment, (int)v[i].match,
				       v[i].snippet);
		free(out);
		out = line;
		for (size_t k = 0; k < v[i].n_marks; k++) {
			line = xasprintf("%s [%zu,%zu]", out, v[i].marks[k].off,
					 v[i].marks[k].len);
			free(out);
			out = line;
		}
		line = xasprintf("%s\n", out);
		free(out);
		out = line;
	}
	store_search_hits_free(v, n);
	return out;
}

/* A library of schema 7 (tests/data/library-v7.sql: search_zh contentless,
 * fed bs_cjk_pairs by its triggers) answers every query the same read as
 * it is (read-only) and migrated to search_zh's own tokenizer; the
 * migrated index agrees with its rows, and keeps agreeing. */
static void test_migrate_v7(void)
{
	static const char *const queries[] = {
		"模型", "模", "型", "世界模型", "推理", "深度学习", "学习",
		"データ", "カタカナ", "タ", "ゲーム", "ゲーム゛です",
		"スタイル・カタカナ", "・", "゛", "豈", "豈更", "〇一", "〇",
		"丽", "丽丸", "𠀀", "𠀀𠀁", "の模", "AI模型", "年AI", "gpt",
		"GPT-4的推理", "café", "cafe", "naive", "再見", "模型゠再見",
		"ａｂｃ", "abc", "model", "deep learning", "model 模型",
		"\"世界 模型\"", "ス", "一二", "welcome", "欢迎", "大家好",
		"前沿。", "推理・", "・模型・",
	};
	const size_t nq = sizeof queries / sizeof queries[0];
	const char *srcdir = getenv("BUILDSPEAK_TESTDIR");
	char *dump_path = xasprintf("%s/data/library-v7.sql",
				    srcdir ? srcdir : "tests");
	size_t len = 0;
	char *dump = slurp(dump_path, &len);
	CHECK(dump != NULL);
	if (!dump) {
		fprintf(stderr, "cannot read %s\n", dump_path);
		free(dump_path);
		return;
	}
	char *path = tmp_path("v7.db");
	CHECK_INT(sqlite_exec(path, dump), SQLITE_OK);
	CHECK_INT(sqlite_int(path, "PRAGMA user_version"), 7);

	char err[512] = "";
	char *before[sizeof queries / sizeof queries[0] * 2] = { 0 };
	struct store *st = store_open(path, STORE_OPEN_READONLY, NULL, err,
				      sizeof err);
	CHECK(st != NULL);
	if (st) {
		CHECK_INT(store_schema_version(st), 7);
		for (size_t i = 0; i < nq; i++) {
			before[2 * i] = hits_text(st, queries[i],
						  STORE_SEARCH_ANY);
			before[2 * i + 1] = hits_text(st, queries[i],
						      STORE_SEARCH_ZH);
		}
		store_close(st);
	}
	/* The queries find something (the comparison is not of nothing). */
	CHECK(before[0] && strchr(before[0], '\n'));
	CHECK(before[2 * 7] && strchr(before[2 * 7], '\n'));  /* データ */
	CHECK(before[2 * 21] && strchr(before[2 * 21], '\n')); /* 𠀀 */

	long long segments = sqlite_int(path, "SELECT count(*) FROM segments");
	st = open_or_die(path);
	CHECK_INT(store_schema_version(st), SCHEMA);
	CHECK_INT(sqlite_int(path, "SELECT count(*) FROM segments"), segments);
	check_index(st);
	for (size_t i = 0; i < nq; i++) {
		char *any = hits_text(st, queries[i], STORE_SEARCH_ANY);
		char *zh = hits_text(st, queries[i], STORE_SEARCH_ZH);
		if (!before[2 * i] || strcmp(any, before[2 * i]) != 0 ||
		    !before[2 * i + 1] || strcmp(zh, before[2 * i + 1]) != 0)
			fprintf(stderr, "query %s: before\n%s%s\nafter\n%s%s\n",
				queries[i], before[2 * i] ? before[2 * i] : "",
				before[2 * i + 1] ? before[2 * i + 1] : "",
				any, zh);
		CHECK(before[2 * i] && strcmp(any, before[2 * i]) == 0);
		CHECK(before[2 * i + 1] && strcmp(zh, before[2 * i + 1]) == 0);
		free(any);
		free(zh);
	}
	/* Written after the migration: a new episode, a replace, a removal. */
	struct episode *a = episode_of("After", "2026-02-01", sentences,
				       N_SENTENCES);
	CHECK_INT(store_episode_save(st, a, 0), 0);
	check_index(st);
	CHECK_INT(hits(st, "世界模型"), 2);
	CHECK_INT(store_episode_save(st, a, 1), 0);
	check_index(st);
	CHECK_INT(store_episode_delete(st, 2), 0);
	check_index(st);
	CHECK_INT(hits(st, "欢迎"), 0);
	episode_free(a);
	store_close(st);
	for (size_t i = 0; i < 2 * nq; i++)
		free(before[i]);
	free(dump);
	free(dump_path);
	free(path);
}

/* The child: saves a big episode again and again until it is killed. */
static int import_forever(const char *path)
{
	struct store *st = open_or_die(path);
	struct episode *ep = make_episode("Killed", "2024-02-02", "", 20000);
	for (;;) {
		ep->id = 0;
		store_episode_save(st, ep, 0);
	}
	return 0;
}

/* kill -9 mid-import: the library reopens with an index that agrees. */
static void test_killed_import(void)
{
	char *path = tmp_path("killed.db");
	struct store *st = open_or_die(path);
	store_close(st);
	char *wal = xasprintf("%s-wal", path);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0)
		_exit(import_forever(path));
	/* Wait (up to a minute) until the child has written into its
	 * transaction, then kill it there. */
	struct stat sb;
	for (int i = 0; i < 6000; i++) {
		if (stat(wal, &sb) == 0 && sb.st_size > 4 << 20)
			break;
		usleep(10000);
	}
	kill(pid, SIGKILL);
	int status;
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status));
	st = open_or_die(path);
	check_index(st);
	long long segs = -1;
	segs = sqlite_int(path, "SELECT count(*) FROM segments");
	CHECK(segs % 20000 == 0); /* whole episodes only */
	CHECK_INT(hits(st, "Sentence"), segs);
	store_close(st);
	free(wal);
	free(path);
}

int main(void)
{
	if (fixtures_setup("test_search") != 0)
		return 1;
	char *path = tmp_path("library.db");
	struct store *st = open_or_die(path);
	struct episode *a = episode_of("Older", "2025-01-01", sentences,
				       N_SENTENCES);
	CHECK_INT(store_episode_save(st, a, 0), 0);
	check_index(st);
	test_queries(st);
	test_marks(st);

	/* A second episode with the first sentence only. */
	struct episode *b = episode_of("Newer", "2025-06-01", sentences, 1);
	CHECK_INT(store_episode_save(st, b, 0), 0);
	test_ranking_and_scope(st, a->id, b->id);
	test_glossary(st, a->id);
	check_index(st);

	/* --replace: the old sentences leave the index, the new arrive. */
	struct episode *c = episode_of("Older", "2025-01-01", sentences + 4,
				       2);
	CHECK_INT(store_episode_save(st, c, a->id), 0);
	check_index(st);
	CHECK_INT(hits(st, "frontier"), 1);
	CHECK_INT(hits(st, "deployed"), 1);
	CHECK_INT(hits(st, "推理"), 0);
	/* rm: its sentences leave the index with it. */
	CHECK_INT(store_episode_delete(st, b->id), 0);
	check_index(st);
	CHECK_INT(hits(st, "frontier"), 0);

	test_big_episode(st);
	test_every_cjk_character(st);

	/* Another program (SQLite without buildspeak's function and
	 * tokenizer, as the sqlite3 shell) cannot change the sentences
	 * behind the index's back: its writes fail whole. */
	long long before = sqlite_int(path, "SELECT count(*) FROM segments");
	CHECK(sqlite_exec(path, "INSERT INTO segments (episode_id, idx, "
			  "speaker, start, \"end\", en, zh) SELECT episode_id, "
			  "idx + 1000, 1, 0, 1, 'intruder', '闯入者' FROM "
			  "segments LIMIT 1") != SQLITE_OK);
	CHECK(sqlite_exec(path, "DELETE FROM segments") != SQLITE_OK);
	CHECK(sqlite_exec(path, "UPDATE segments SET zh = '闯入者'") !=
	      SQLITE_OK);
	CHECK_INT(sqlite_int(path, "SELECT count(*) FROM segments"), before);
	CHECK_INT(hits(st, "intruder"), 0);
	check_index(st);
	store_close(st);
	episode_free(a);
	episode_free(b);
	episode_free(c);
	free(path);

	test_killed_import();
	test_migrate_v7();
	return check_result();
}
