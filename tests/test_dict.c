/* test_dict: the dictionaries and the look-up on real files -- WordNet's
 * lemmas and senses, dictd databases written here (index + dictzip with
 * zlib: tabs, UTF-8, definitions longer than many chunks), corrupt
 * databases (an error, never a crash), phrases and their head words,
 * WordNet missing, and the library's glossary across episodes. */
#include "buildspeak/dict.h"

#include "check.h"

#include <ftw.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zlib.h>

#include "buildspeak/alloc.h"
#include "buildspeak/dictd.h"
#include "buildspeak/episode.h"
#include "buildspeak/glossary.h"
#include "buildspeak/lookup.h"
#include "buildspeak/store.h"

static char tmpdir[64];

static char *tmp_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

static void put_le16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v & 0xff);
	p[1] = (unsigned char)(v >> 8);
}

static void put_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* Writes data[0..len) as a dictzip file: a gzip member whose "RA" extra
 * field lists the compressed size of every chunk_len-byte chunk, each
 * chunk ended with a full flush so it inflates on its own. */
static void write_dictzip(const char *path, const char *data, size_t len,
			  unsigned chunk_len)
{
	size_t n_chunks = (len + chunk_len - 1) / chunk_len;
	unsigned char *body = xmalloc(len + n_chunks * 64 + 1024);
	unsigned *sizes = xcalloc(n_chunks, sizeof *sizes);
	z_stream z;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 9, Z_DEFLATED, -MAX_WBITS, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		exit(1);
	size_t out = 0;
	for (size_t i = 0; i < n_chunks; i++) {
		size_t off = i * chunk_len;
		size_t take = len - off < chunk_len ? len - off : chunk_len;
		z.next_in = (unsigned char *)data + off;
		z.avail_in = (uInt)take;
		z.next_out = body + out;
		z.avail_out = (uInt)(take + 1024);
		int flush = i + 1 == n_chunks ? Z_FINISH : Z_FULL_FLUSH;
		int r = deflate(&z, flush);
		if (r != (flush == Z_FINISH ? Z_STREAM_END : Z_OK))
			exit(1);
		size_t made = (size_t)(z.next_out - (body + out));
		sizes[i] = (unsigned)made;
		out += made;
	}
	deflateEnd(&z);
	size_t xlen = 4 + 6 + 2 * n_chunks;
	size_t hlen = 10 + 2 + xlen;
	unsigned char *file = xmalloc(hlen + out + 8);
	unsigned char *h = file;
	h[0] = 0x1f, h[1] = 0x8b, h[2] = 8, h[3] = 4; /* FEXTRA */
	memset(h + 4, 0, 6);
	h[9] = 3;
	put_le16(h + 10, (unsigned)xlen);
	h[12] = 'R', h[13] = 'A';
	put_le16(h + 14, (unsigned)(6 + 2 * n_chunks));
	put_le16(h + 16, 1);
	put_le16(h + 18, chunk_len);
	put_le16(h + 20, (unsigned)n_chunks);
	for (size_t i = 0; i < n_chunks; i++)
		put_le16(h + 22 + 2 * i, sizes[i]);
	memcpy(file + hlen, body, out);
	put_le32(file + hlen + out,
		 (uint32_t)crc32(0, (const unsigned char *)data, (uInt)len));
	put_le32(file + hlen + out + 4, (uint32_t)len);
	write_file(path, file, hlen + out + 8);
	free(file);
	free(body);
	free(sizes);
}

static void b64(char *out, uint64_t v)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrs"
				"tuvwxyz0123456789+/";
	char tmp[16];
	int n = 0;
	do {
		tmp[n++] = a[v % 64];
		v /= 64;
	} while (v);
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

/* The long entry: ~200 kB, over many 4 kB chunks. */
static char *long_text(void)
{
	size_t n = 200000;
	char *s = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		s[i] = (char)('a' + (i * 7 + i / 26) % 26);
	memcpy(s, "longword\n  ", 11);
	memcpy(s + n - 4, "END\n", 4);
	s[n] = '\0';
	return s;
}

/* Writes the test database NAME (.index + .dict.dz) in tmpdir. */
static void write_db(const char *name)
{
	char *lng = long_text();
	const char *heads[] = {"alpha", "Model", "model", "数据", "longword"};
	const char *texts[] = {
		"alpha\n\tthe first\tletter, with tabs\n",
		"Model\n  a small copy of a thing (capital entry)\n",
		"model\n  a person who poses\n",
		"数据\n  data: 资料 — ñ, “quotes”\n",
		lng,
	};
	char *data = NULL, *index = NULL;
	size_t dlen = 0;
	for (size_t i = 0; i < 5; i++) {
		size_t l = strlen(texts[i]);
		data = xrealloc(data, dlen + l + 1);
		memcpy(data + dlen, texts[i], l);
		char o[16], n[16];
		b64(o, dlen);
		b64(n, l);
		char *line = xasprintf("%s%s\t%s\t%s\n", index ? index : "",
				       heads[i], o, n);
		free(index);
		index = line;
		dlen += l;
	}
	char *ip = xasprintf("%s/%s.index", tmpdir, name);
	char *dp = xasprintf("%s/%s.dict.dz", tmpdir, name);
	write_file(ip, index, strlen(index));
	write_dictzip(dp, data, dlen, 4096);
	free(ip);
	free(dp);
	free(index);
	free(data);
	free(lng);
}

static bool has_lemma(char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The first sense of r from source with this lemma and pos, or NULL. */
static const struct dict_sense *find_sense(const struct dict_result *r,
					   const char *source,
					   const char *lemma, const char *pos)
{
	for (size_t i = 0; i < r->n_senses; i++) {
		const struct dict_sense *s = &r->senses[i];
		if (!strcmp(s->source, source) && !strcmp(s->lemma, lemma) &&
		    (!pos || !strcmp(s->pos, pos)))
			return s;
	}
	return NULL;
}

static void test_lemmas(struct dict *d)
{
	struct {
		const char *word, *lemma;
	} cases[] = {{"models", "model"}, {"training", "train"},
		     {"learned", "learn"}, {"Models", "model"}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char **v;
		size_t n = dict_lemmas(d, cases[i].word, &v);
		CHECK(has_lemma(v, n, cases[i].lemma));
		CHECK(!has_lemma(v, n, cases[i].word));
		free_strings(v, n);
	}
	struct dict_result r;
	CHECK(dict_lookup(d, "models", &r) > 0);
	const struct dict_sense *s = find_sense(&r, "WordNet", "model", "n.");
	CHECK(s != NULL);
	CHECK(s && strstr(s->text, "hypothetical description") != NULL);
	CHECK(s && s->text[0] != '(');
	CHECK(find_sense(&r, "WordNet", "model", "v.") != NULL);
	CHECK_INT(r.n_problems, 0);
	dict_result_free(&r);
	/* training: the noun itself and the verb it inflects. */
	dict_lookup(d, "  training ", &r);
	CHECK(find_sense(&r, "WordNet", "training", "n.") != NULL);
	CHECK(find_sense(&r, "WordNet", "train", "v.") != NULL);
	dict_result_free(&r);
	/* What WordNet's parser must never see: long, odd or non-ASCII. */
	char big[400];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	const char *odd[] = {big, "a%sb%n", "模型", "\x1b[31m", "", "   "};
	for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
		CHECK_INT(dict_lookup(d, odd[i], &r), 0);
		dict_result_free(&r);
	}
}

static void test_dictd(void)
{
	char err[512];
	char *base = tmp_path("test");
	struct dictd *db = dictd_open(base, err, sizeof err);
	CHECK(db != NULL);
	if (!db) {
		fprintf(stderr, "%s\n", err);
		free(base);
		return;
	}
	CHECK_STR(dictd_name(db), "test");
	struct dictd_entry *v;
	CHECK_INT(dictd_lookup(db, "ALPHA", &v, err, sizeof err), 1);
	CHECK_STR(v[0].headword, "alpha");
	CHECK_STR(v[0].text, "alpha\n\tthe first\tletter, with tabs");
	dictd_entries_free(v, 1);
	/* Both spellings of the same headword, in index order. */
	CHECK_INT(dictd_lookup(db, "model", &v, err, sizeof err), 2);
	CHECK(strstr(v[0].text, "capital") != NULL);
	CHECK(strstr(v[1].text, "poses") != NULL);
	dictd_entries_free(v, 2);
	CHECK_INT(dictd_lookup(db, "数据", &v, err, sizeof err), 1);
	CHECK(strstr(v[0].text, "资料 — ñ, “quotes”") != NULL);
	dictd_entries_free(v, 1);
	CHECK_INT(dictd_lookup(db, "longword", &v, err, sizeof err), 1);
	char *lng = long_text();
	lng[strlen(lng) - 1] = '\0'; /* the trailing newline goes */
	CHECK(strcmp(v[0].text, lng) == 0);
	free(lng);
	dictd_entries_free(v, 1);
	CHECK_INT(dictd_lookup(db, "nothing", &v, err, sizeof err), 0);
	CHECK_INT(dictd_lookup(db, "", &v, err, sizeof err), 0);
	dictd_close(db);
	/* Any of the files names the database. */
	char *ip = tmp_path("test.index");
	db = dictd_open(ip, err, sizeof err);
	CHECK(db != NULL);
	dictd_close(db);
	free(ip);
	free(base);
}

/* Copies the test database to NAME with its index replaced by index (when
 * not NULL) and its data by data[0..dlen) (when not NULL). */
static char *corrupt_db(const char *name, const char *index,
			const unsigned char *data, size_t dlen)
{
	char *src_i = tmp_path("test.index"), *src_d = tmp_path("test.dict.dz");
	char *ip = xasprintf("%s/%s.index", tmpdir, name);
	char *dp = xasprintf("%s/%s.dict.dz", tmpdir, name);
	FILE *f;
	char *buf = xmalloc(1 << 20);
	size_t n;
	if (index) {
		write_file(ip, index, strlen(index));
	} else {
		f = fopen(src_i, "rb");
		n = fread(buf, 1, 1 << 20, f);
		fclose(f);
		write_file(ip, buf, n);
	}
	if (data) {
		write_file(dp, data, dlen);
	} else {
		f = fopen(src_d, "rb");
		n = fread(buf, 1, 1 << 20, f);
		fclose(f);
		write_file(dp, buf, n);
	}
	free(buf);
	free(src_i);
	free(src_d);
	free(dp);
	return ip;
}

static unsigned char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = xmalloc(1 << 20);
	*len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

static void test_corrupt(void)
{
	char err[512];
	struct {
		const char *name, *index, *want;
	} bad_index[] = {
		{"noTabs", "alpha\tA\tB\nbroken line\n", "noTabs.index:2:"},
		{"badNum", "alpha\tA\tB\nbeta\tA!\tB\n", "badNum.index:2:"},
		{"tooMany", "alpha\tA\tB\tC\tD\n", "tooMany.index:1:"},
		{"emptyLine", "alpha\tA\tB\n\nbeta\tA\tB\n", "emptyLine.index:2:"},
		{"noWord", "\tA\tB\n", "noWord.index:1:"},
		{"huge", "alpha\tA\t//////////\n", "huge.index:1:"},
	};
	for (size_t i = 0; i < sizeof bad_index / sizeof bad_index[0]; i++) {
		char *p = corrupt_db(bad_index[i].name, bad_index[i].index,
				     NULL, 0);
		err[0] = '\0';
		CHECK(dictd_open(p, err, sizeof err) == NULL);
		CHECK(strstr(err, bad_index[i].want) != NULL);
		if (!strstr(err, bad_index[i].want))
			fprintf(stderr, "  got: %s\n", err);
		free(p);
	}
	/* An entry past the end of the data: an error at look-up. */
	char *p = corrupt_db("pastEnd", "alpha\tA\tB\nfar\tZZZZ\tB\n", NULL, 0);
	struct dictd *db = dictd_open(p, err, sizeof err);
	CHECK(db != NULL);
	struct dictd_entry *v;
	if (db) {
		CHECK_INT(dictd_lookup(db, "far", &v, err, sizeof err), -1);
		CHECK(strstr(err, "past the end") != NULL);
		CHECK_INT(dictd_lookup(db, "alpha", &v, err, sizeof err), 1);
		dictd_entries_free(v, 1);
	}
	dictd_close(db);
	free(p);

	char *dz = tmp_path("test.dict.dz");
	size_t len;
	unsigned char *good = read_all(dz, &len);
	free(dz);
	unsigned char *bad = xmalloc(len);
	/* Garbage in the middle of the long entry's chunks. */
	memcpy(bad, good, len);
	for (size_t i = len / 2; i < len / 2 + 200; i++)
		bad[i] ^= 0x5a;
	p = corrupt_db("badChunk", NULL, bad, len);
	db = dictd_open(p, err, sizeof err);
	CHECK(db != NULL);
	if (db) {
		CHECK_INT(dictd_lookup(db, "longword", &v, err, sizeof err), -1);
		CHECK(strstr(err, "badChunk.dict.dz: chunk") != NULL);
	}
	dictd_close(db);
	free(p);
	/* Cut short, cut in its header, not gzip, a lying chunk table. */
	struct {
		const char *name;
		size_t len;
		int flip; /* byte to change, -1 none */
	} cuts[] = {{"cut", 0, -1}, {"cutHeader", 15, -1},
		    {"notGzip", 0, 0}, {"chunkTable", 0, 20}};
	cuts[0].len = len - 100;
	cuts[2].len = cuts[3].len = len;
	for (size_t i = 0; i < 4; i++) {
		memcpy(bad, good, len);
		if (cuts[i].flip >= 0)
			bad[cuts[i].flip] ^= 0xff;
		p = corrupt_db(cuts[i].name, NULL, bad, cuts[i].len);
		db = dictd_open(p, err, sizeof err);
		long n = 0;
		if (db) /* an open that passed must fail at look-up */
			n = dictd_lookup(db, "longword", &v, err, sizeof err);
		CHECK(!db || n == -1);
		CHECK(strstr(err, cuts[i].name) != NULL);
		dictd_close(db);
		free(p);
	}
	free(bad);
	free(good);
	/* Missing data, a directory as the index. */
	p = tmp_path("lonely.index");
	write_file(p, "a\tA\tB\n", 6);
	CHECK(dictd_open(p, err, sizeof err) == NULL);
	CHECK(strstr(err, "lonely.dict") != NULL);
	free(p);
	CHECK(dictd_open(tmpdir, err, sizeof err) == NULL);
}

/* The sources together: WordNet, then the config's databases, then the
 * system directory's; a corrupt one is a problem, not a failure. */
static void test_sources(void)
{
	char *good = tmp_path("test.index");
	char *broken = tmp_path("noTabs");
	const char *files[] = {broken, good};
	struct dict *d = dict_new(files, 2);
	struct dict_result r;
	CHECK(dict_lookup(d, "model", &r) > 2);
	CHECK(find_sense(&r, "WordNet", "model", "n.") != NULL);
	const struct dict_sense *s = find_sense(&r, "test", "Model", "");
	CHECK(s != NULL);
	CHECK_STR(r.senses[r.n_senses - 1].source, "test");
	CHECK_INT(r.n_problems, 1);
	CHECK(r.n_problems && strstr(r.problems[0], "noTabs.index:2") != NULL);
	dict_result_free(&r);
	/* A dictd database also answers for WordNet's lemma. */
	dict_lookup(d, "models", &r);
	CHECK(find_sense(&r, "test", "model", "") != NULL);
	dict_result_free(&r);
	/* A word in no dictionary. */
	CHECK_INT(dict_lookup(d, "qwzxvbnk", &r), 0);
	CHECK_INT(r.n_problems, 1); /* only the broken database's */
	dict_result_free(&r);
	dict_free(d);
	free(good);
	free(broken);
}

/* WordNet missing: the answer names the package. A child process,
 * because WordNet's library opens its files once per process. */
static void test_wordnet_missing(void)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		setenv("WNSEARCHDIR", "/nonexistent-wordnet", 1);
		struct dict *d = dict_new(NULL, 0);
		const char *why = dict_wordnet_problem(d);
		struct dict_result r;
		size_t n = dict_lookup(d, "model", &r);
		int ok = why && strstr(why, "wordnet-base") && n == 0 &&
			 r.n_problems == 1 &&
			 strstr(r.problems[0], "wordnet-base");
		if (!ok)
			fprintf(stderr, "WordNet missing: %s\n",
				why ? why : "(no problem)");
		dict_result_free(&r);
		dict_free(d);
		_exit(ok ? 0 : 1);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void test_phrases(struct dict *d)
{
	char *h = lookup_head("world models");
	CHECK_STR(h, "models");
	free(h);
	h = lookup_head("post-training");
	CHECK_STR(h, "training");
	free(h);
	CHECK(lookup_head("model") == NULL);
	CHECK(lookup_head("-x") == NULL);

	char **k;
	size_t n = lookup_keys(d, " world  models ", &k);
	CHECK(n >= 3);
	CHECK_STR(k[0], "world models");
	CHECK(has_lemma(k, n, "world-models"));
	CHECK(has_lemma(k, n, "world model"));
	free_strings(k, n);
	n = lookup_keys(d, "post-training", &k);
	CHECK(has_lemma(k, n, "post training"));
	CHECK(has_lemma(k, n, "post-train"));
	CHECK(has_lemma(k, n, "post train"));
	free_strings(k, n);

	/* Whole first, then by the head word. */
	struct lookup l;
	CHECK_INT(lookup_word(NULL, d, "world models", &l), 0);
	CHECK_STR(l.senses_of, "models");
	CHECK(find_sense(&l.dict, "WordNet", "model", "n.") != NULL);
	lookup_free(&l);
	/* A collocation WordNet has, through its morphology. */
	CHECK_INT(lookup_word(NULL, d, "neural  networks", &l), 0);
	CHECK_STR(l.word, "neural networks");
	CHECK_STR(l.senses_of, "neural networks");
	CHECK(find_sense(&l.dict, "WordNet", "neural network", "n.") != NULL);
	lookup_free(&l);
}

/* A stored episode with the given terms (term, gloss, count triples). */
static void save_episode(struct store *st, const char *title,
			 const char *date, const char *const *terms, size_t n)
{
	struct episode *ep = episode_new();
	episode_set(&ep->title, title);
	episode_set(&ep->date, date);
	char *url = xasprintf("https://example.com/%s", date);
	episode_set(&ep->source_url, url);
	free(url);
	episode_add_segment(ep, 1, 0, 5, xstrdup("Some words."),
			    xstrdup("一些话。"), 0);
	for (size_t i = 0; i + 2 < n; i += 3)
		episode_add_term(ep, terms[i], terms[i + 1], atoi(terms[i + 2]),
				 0);
	CHECK_INT(store_episode_save(st, ep, 0), 0);
	episode_free(ep);
}

/* The library's glossary across episodes: grouping by term and gloss,
 * counts, newest episode first, any ASCII case, lemmas, a word that only
 * the library knows, and the JSON of define. */
static void test_library(struct dict *d)
{
	char *path = tmp_path("library.db");
	char err[512];
	struct store *st = store_open(path, STORE_OPEN_CREATE, NULL, err,
				      sizeof err);
	CHECK(st != NULL);
	if (!st) {
		fprintf(stderr, "%s\n", err);
		free(path);
		return;
	}
	const char *a[] = {"World Models", "世界模型", "3",
			   "RLHF", "基于人类反馈的强化学习", "2"};
	const char *b[] = {"world models", "世界模型", "1",
			   "world model", "世界模型", "2",
			   "world models", "视频世界模型", "1"};
	const char *c[] = {"model", "模型", "1"};
	save_episode(st, "Ep 87: Older", "2026-05-01", a, 6);
	save_episode(st, "Ep 90: Newer", "2026-06-01", b, 9);
	save_episode(st, "A talk without a number", "2026-04-01", c, 3);

	const char *keys[] = {"WORLD MODELS", "world model"};
	struct store_gloss *g;
	size_t n;
	CHECK_INT(store_gloss_lookup(st, keys, 2, &g, &n), 0);
	CHECK_INT(n, 3);
	if (n == 3) {
		/* The first key's glosses, most used first. */
		CHECK_STR(g[0].gloss, "世界模型");
		CHECK_INT(g[0].count, 4);
		CHECK_INT(g[0].n_episodes, 2);
		CHECK_STR(g[0].term, "world models"); /* the newest spelling */
		CHECK_STR(g[0].episodes[0].title, "Ep 90: Newer");
		CHECK_INT(g[0].episodes[1].count, 3);
		CHECK_STR(g[1].gloss, "视频世界模型");
		CHECK_STR(g[2].term, "world model");
		char *line = lookup_gloss_line(&g[0], 3);
		CHECK_STR(line, "world models \u2192 世界模型 \u00b7 Ep 90 "
				"\u00d71, Ep 87 \u00d73");
		free(line);
		line = lookup_gloss_line(&g[0], 1);
		CHECK_STR(line, "world models \u2192 世界模型 \u00b7 Ep 90 "
				"\u00d71, +1 more");
		free(line);
	}
	store_glosses_free(g, n);

	/* A single word finds its lemma's gloss; the label of an episode
	 * without "Ep N" is its id. */
	struct lookup l;
	CHECK_INT(lookup_word(st, d, "Models", &l), 0);
	CHECK_INT(l.n_glosses, 1);
	if (l.n_glosses) {
		CHECK_STR(l.glosses[0].gloss, "模型");
		char *label = lookup_episode_label(&l.glosses[0].episodes[0]);
		CHECK_STR(label, "episode 3");
		free(label);
	}
	CHECK(find_sense(&l.dict, "WordNet", "model", "n.") != NULL);
	lookup_free(&l);

	/* In the library's glossary only. */
	CHECK_INT(lookup_word(st, d, "rlhf", &l), 0);
	CHECK_INT(l.n_glosses, 1);
	CHECK_INT(l.dict.n_senses, 0);
	char *json = store_define_json(st, l.word, l.glossary_of, l.glosses,
				       l.n_glosses, l.senses_of, &l.dict);
	CHECK(json != NULL);
	CHECK(json && strstr(json, "\"gloss\":\"基于人类反馈的强化学习\"") &&
	      strstr(json, "\"senses\":[]") &&
	      strstr(json, "\"episodes\":[{\"id\":1,\"title\":\"Ep 87: Older\""));
	free(json);
	lookup_free(&l);

	/* A phrase the library knows only by its head word. */
	CHECK_INT(lookup_word(st, d, "big model", &l), 0);
	CHECK_STR(l.glossary_of, "model");
	CHECK_STR(l.senses_of, "model");
	lookup_free(&l);

	/* Nowhere. */
	CHECK_INT(lookup_word(st, d, "qwzxvbnk", &l), 0);
	CHECK_INT(l.n_glosses + l.dict.n_senses + l.dict.n_problems, 0);
	lookup_free(&l);
	store_close(st);
	free(path);
}

static int remove_entry(const char *path, const struct stat *sb, int flag,
			struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(path);
}

int main(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_dict-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	/* The system's databases are not part of these tests. */
	char *empty = tmp_path("system");
	mkdir(empty, 0700);
	setenv("BUILDSPEAK_DICTD_DIR", empty, 1);
	write_db("test");

	test_wordnet_missing();
	struct dict *d = dict_new(NULL, 0);
	CHECK(dict_wordnet_problem(d) == NULL);
	test_lemmas(d);
	test_dictd();
	test_corrupt();
	test_sources();
	test_phrases(d);
	test_library(d);
	dict_free(d);

	nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(empty);
	return check_result();
}
