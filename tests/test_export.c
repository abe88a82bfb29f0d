/* Tests of the export module: each format written from entries with
 * awkward content (commas, quotes, line breaks, tabs, <, &, a term that
 * starts with '#', Chinese, an entry without a sentence) and read back the
 * way its consumer reads it -- CSV and Anki's text with Python's csv
 * module, JSON with Python's json module (tests/export_read.py) -- and the
 * all-or-nothing file writing: a missing directory, a full disk, an unknown
 * format. */
#include "check.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buildspeak/alloc.h"
#include "buildspeak/export.h"
#include "buildspeak/library.h"
#include "buildspeak/store.h"
#include "buildspeak/vocab.h"

#define T0 1746100800 /* 2025-05-01T12:00:00Z */

static char tmpdir[64];

#define S(s) ((char *)(s))

static struct vocab_context ctx_agent[] = {
	{ S("We build agents, \"autonomous\" ones\ttoday."),
	  S("我们构建 agents(智能体)。"), 87,
	  S("Gemini & world models <live>"), S("Lenny's Podcast"),
	  S("2025-05-01"), S("https://example.com/ep87?a=1&b=2"), 83.5, T0 },
	{ S("An agent is a loop."), S("智能体就是一个循环。"), 0,
	  S("Old episode"), S("No Priors"), S("2024-11-02"), S(""), 3725.0,
	  T0 + 3600 },
};
static struct vocab_context ctx_rd[] = {
	{ S("Our R&D team is world-class.\r\nSecond line"), S("- 研发团队"), 87,
	  S("Gemini & world models <live>"), S("Lenny's Podcast"),
	  S("2025-05-01"), S("https://example.com/ep87?a=1&b=2"), 12.0,
	  T0 + 120 },
};
static struct vocab_context ctx_rl[] = {
	{ S("In the world of RL's rewards, RL wins."), S("1. 在 RL 的世界里"), 87,
	  S("Gemini & world models <live>"), S("Lenny's Podcast"),
	  S("2025-05-01"), S("https://example.com/ep87?a=1&b=2"), 200.0,
	  T0 + 180 },
};
static struct vocab_context ctx_cheese[] = {
	{ S("Say \"cheese\" now."), S("说“茄子”"), 0, S(""), S(""), S(""),
	  S(""), 5.0, T0 + 240 },
};

static struct vocab_entry book[] = {
	{ 1, S("agent"), S("智能体, 代理"), S("says \"hi\",\nthen more"), T0,
	  ctx_agent, 2 },
	{ 2, S("#hashtag"), S("<b>not bold</b> & co"), S(""), T0 + 60, NULL, 0 },
	{ 3, S("R&D"), S("研发"), S(""), T0 + 120, ctx_rd, 1 },
	{ 4, S("RL"), S("强化学习"), S(""), T0 + 180, ctx_rl, 1 },
	{ 5, S("say \"cheese\""), S("a,b"), S("line1\nline2"), T0 + 240,
	  ctx_cheese, 1 },
};
#define N_BOOK (sizeof book / sizeof book[0])

/* ---- helpers ----------------------------------------------------------- */

static char *path_in_tmp(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

/* The whole file as a string (NULL if it cannot be read). */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *s = NULL;
	size_t len = 0, cap = 0, got;
	char chunk[4096];
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
		s = xgrowarray(s, &cap, len + got + 1, 1);
		memcpy(s + len, chunk, got);
		len += got;
	}
	fclose(f);
	if (!s)
		s = xstrdup("");
	else
		s[len] = '\0';
	return s;
}

static void spit(const char *path, const char *s)
{
	FILE *f = fopen(path, "wb");
	CHECK(f != NULL);
	if (f) {
		fputs(s, f);
		fclose(f);
	}
}

/* Names of the files in tmpdir, sorted, joined by spaces. */
static char *dir_listing(void)
{
	struct dirent **names;
	int n = scandir(tmpdir, &names, NULL, alphasort);
	char *s = xstrdup("");
	for (int i = 0; i < n; i++) {
		const char *nm = names[i]->d_name;
		if (strcmp(nm, ".") != 0 && strcmp(nm, "..") != 0) {
			char *t = xasprintf("%s%s%s", s, *s ? " " : "", nm);
			free(s);
			s = t;
		}
		free(names[i]);
	}
	free(names);
	return s;
}

static void clear_tmpdir(void)
{
	struct dirent **names;
	int n = scandir(tmpdir, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		const char *nm = names[i]->d_name;
		if (strcmp(nm, ".") != 0 && strcmp(nm, "..") != 0) {
			char *p = path_in_tmp(nm);
			CHECK_INT(unlink(p), 0);
			free(p);
		}
		free(names[i]);
	}
	free(names);
}

static void remove_file(const char *name)
{
	char *p = path_in_tmp(name);
	unlink(p);
	free(p);
}

/* Escapes as export_read.py prints a field. */
static char *esc(const char *s)
{
	char *out = xmalloc(strlen(s) * 2 + 1), *o = out;
	for (; *s; s++) {
		switch (*s) {
		case '\\': *o++ = '\\'; *o++ = '\\'; break;
		case '\r': *o++ = '\\'; *o++ = 'r'; break;
		case '\n': *o++ = '\\'; *o++ = 'n'; break;
		case '\t': *o++ = '\\'; *o++ = 't'; break;
		default: *o++ = *s;
		}
	}
	*o = '\0';
	return out;
}

/* Runs export_read.py KIND FILE and returns its records: an array of
 * records, each an array of fields (unescaped back), NULL-terminated. */
struct record {
	char **fields;
	size_t n;
};

static struct record *read_back(const char *kind, const char *file,
				size_t *n_records)
{
	const char *dir = getenv("BUILDSPEAK_TESTDIR");
	char *cmd = xasprintf("python3 '%s/export_read.py' %s '%s'",
			      dir ? dir : "tests", kind, file);
	FILE *p = popen(cmd, "r");
	free(cmd);
	struct record *recs = NULL;
	size_t n = 0, cap = 0, fcap = 0;
	char *line = NULL;
	size_t lcap = 0;
	ssize_t len;
	bool open = false;
	while (p && (len = getline(&line, &lcap, p)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (strcmp(line, "--") == 0) {
			open = false;
			continue;
		}
		if (!open) {
			recs = xgrowarray(recs, &cap, n + 1, sizeof *recs);
			recs[n++] = (struct record){ NULL, 0 };
			fcap = 0;
			open = true;
		}
		/* undo the escaping */
		char *u = xmalloc((size_t)len + 1), *o = u;
		for (char *s = line; *s; s++) {
			if (*s == '\\' && s[1]) {
				s++;
				*o++ = *s == 'n' ? '\n' : *s == 'r' ? '\r'
				     : *s == 't' ? '\t' : *s;
			} else {
				*o++ = *s;
			}
		}
		*o = '\0';
		struct record *r = &recs[n - 1];
		r->fields = xgrowarray(r->fields, &fcap, r->n + 1,
			sizeof *r->fields);
		r->fields[r->n++] = u;
	}
	free(line);
	int status = p ? pclose(p) : -1;
	CHECK_INT(status, 0);
	*n_records = n;
	return recs;
}

static void records_free(struct record *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < r[i].n; j++)
			free(r[i].fields[j]);
		free(r[i].fields);
	}
	free(r);
}

static void check_record(const struct record *r, const char *const *want,
			 size_t n_want, const char *what)
{
	if (r->n != n_want) {
		fprintf(stderr, "%s: %zu fields, want %zu\n", what, r->n,
			n_want);
		CHECK_INT(r->n, n_want);
		return;
	}
	for (size_t i = 0; i < n_want; i++) {
		if (strcmp(r->fields[i], want[i]) != 0) {
			char *g = esc(r->fields[i]), *w = esc(want[i]);
			fprintf(stderr, "%s field %zu:\n  got  %s\n  want %s\n",
				what, i, g, w);
			free(g);
			free(w);
		}
		CHECK(strcmp(r->fields[i], want[i]) == 0);
	}
}

static char *export_file(const char *name, enum export_format fmt,
			 const struct vocab_entry *v, size_t n,
			 struct store *st)
{
	char err[256] = "";
	char *path = path_in_tmp(name);
	struct export_json json = library_export_json(st);
	int rc = export_to_file(path, fmt, v, n, st ? &json : NULL, err,
				sizeof err);
	if (rc != 0)
		fprintf(stderr, "export %s: %s\n", name, err);
	CHECK_INT(rc, 0);
	return path;
}

/* ---- formats ----------------------------------------------------------- */

static void test_format_names(void)
{
	enum export_format f = EXPORT_MD;
	const char *names[] = { "csv", "anki", "md", "json" };
	for (int i = 0; i < 4; i++) {
		CHECK_INT(export_format_parse(names[i], &f), 0);
		CHECK_INT(f, i);
		CHECK_STR(export_format_name(f), names[i]);
	}
	f = EXPORT_MD;
	CHECK_INT(export_format_parse("xlsx", &f), -1);
	CHECK_INT(export_format_parse("CSV", &f), -1);
	CHECK_INT(export_format_parse("", &f), -1);
	CHECK_INT(export_format_parse(NULL, &f), -1);
	CHECK_INT(f, EXPORT_MD); /* untouched on failure */
	CHECK_STR(export_format_extension(EXPORT_ANKI), "txt");
}

static void test_csv(void)
{
	char *path = export_file("book.csv", EXPORT_CSV, book, N_BOOK, NULL);
	char *raw = slurp(path);
	CHECK(raw != NULL);
	if (!raw)
		return;
	/* A BOM (the name ends in .csv), the header row, CRLF record ends,
	 * quotes doubled inside a quoted field that also holds a comma and a
	 * line break. */
	const char *header = "\xEF\xBB\xBFterm,gloss,note,english,chinese,"
			     "episode,podcast,date,source_url,time,saved,"
			     "contexts\r\n";
	CHECK(strncmp(raw, header, strlen(header)) == 0);
	CHECK(strstr(raw, ",\"says \"\"hi\"\",\nthen more\",") != NULL);
	CHECK(strstr(raw, "\r\n#hashtag,<b>not bold</b> & co,,") != NULL);
	size_t len = strlen(raw);
	CHECK(len > 2 && raw[len - 2] == '\r' && raw[len - 1] == '\n');

	size_t n;
	struct record *r = read_back("csv", path, &n);
	CHECK_INT(n, N_BOOK + 1);
	if (n == N_BOOK + 1) {
		const char *h[] = { "term", "gloss", "note", "english",
				    "chinese", "episode", "podcast", "date",
				    "source_url", "time", "saved", "contexts" };
		check_record(&r[0], h, 12, "csv header");
		const char *e0[] = {
			"agent", "智能体, 代理", "says \"hi\",\nthen more",
			"We build agents, \"autonomous\" ones\ttoday.",
			"我们构建 agents(智能体)。",
			"Gemini & world models <live>", "Lenny's Podcast",
			"2025-05-01", "https://example.com/ep87?a=1&b=2",
			"0:01:23", "2025-05-01T12:00:00+00:00", "2",
		};
		check_record(&r[1], e0, 12, "csv agent");
		const char *e1[] = {
			"#hashtag", "<b>not bold</b> & co", "", "", "", "", "",
			"", "", "", "2025-05-01T12:01:00+00:00", "0",
		};
		check_record(&r[2], e1, 12, "csv #hashtag");
		const char *e2[] = {
			"R&D", "研发", "",
			"Our R&D team is world-class.\r\nSecond line",
			"'- 研发团队", "Gemini & world models <live>",
			"Lenny's Podcast", "2025-05-01",
			"https://example.com/ep87?a=1&b=2", "0:00:12",
			"2025-05-01T12:02:00+00:00", "1",
		};
		check_record(&r[3], e2, 12, "csv R&D");
		const char *e4[] = {
			"say \"cheese\"", "a,b", "line1\nline2",
			"Say \"cheese\" now.", "说“茄子”", "", "", "", "",
			"0:00:05", "2025-05-01T12:04:00+00:00", "1",
		};
		check_record(&r[5], e4, 12, "csv cheese");
	}
	records_free(r, n);
	free(raw);
	free(path);
}

static void test_csv_long_times(void)
{
	/* Past an hour the time is H:MM:SS, like the page writes it. */
	struct vocab_entry e = book[0];
	e.contexts = &ctx_agent[1];
	e.n_contexts = 1;
	char *path = export_file("hour.csv", EXPORT_CSV, &e, 1, NULL);
	size_t n;
	struct record *r = read_back("csv", path, &n);
	CHECK_INT(n, 2);
	if (n == 2 && r[1].n == 12)
		CHECK_STR(r[1].fields[9], "1:02:05");
	records_free(r, n);
	free(path);
}

/* No #columns (fields by position), tags from a header, a GUID column. */
static const char *const anki_headers[] = {
	"#separator:tab", "#html:true", "#notetype:Basic", "#deck:BuildSpeak",
	"#tags:buildspeak", "#guid column:3",
};

static const char *guid(const char *term)
{
	static char out[4][EXPORT_ANKI_GUID_SIZE];
	static int next;
	char *g = out[next++ % 4];
	export_anki_guid(term, g);
	return g;
}
#define N_ANKI_HEADERS (sizeof anki_headers / sizeof anki_headers[0])

static void test_anki(void)
{
	char *path = export_file("book.txt", EXPORT_ANKI, book, N_BOOK, NULL);
	char *raw = slurp(path);
	CHECK(raw != NULL);
	if (!raw)
		return;

	/* The headers exactly, in Anki's order; then one line per entry with
	 * the 3 declared fields; no CR anywhere (a record is one line). */
	CHECK(strchr(raw, '\r') == NULL);
	size_t line_no = 0, data_lines = 0;
	char *save = NULL;
	for (char *l = strtok_r(raw, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save), line_no++) {
		if (line_no < N_ANKI_HEADERS) {
			CHECK_STR(l, anki_headers[line_no]);
			continue;
		}
		data_lines++;
		size_t tabs = 0;
		for (char *p = l; *p; p++)
			tabs += *p == '\t';
		if (tabs != 2)
			fprintf(stderr, "anki line %zu: %s\n", line_no, l);
		CHECK_INT(tabs, 2);
		/* A line starting with '#' would be skipped as a comment. */
		CHECK(l[0] != '#');
	}
	CHECK_INT(data_lines, N_BOOK);
	free(raw);

	size_t n;
	struct record *r = read_back("anki", path, &n);
	CHECK_INT(n, N_BOOK);
	if (n == N_BOOK) {
		const char *e0[] = {
			"agent",
			"智能体, 代理<br><i>says &quot;hi&quot;,<br>then more</i>"
			"<br><br>We build <b>agents</b>, &quot;autonomous&quot; "
			"ones today.<br>我们构建 <b>agents</b>(智能体)。<br><br>"
			"<small><a href=\"https://example.com/ep87?a=1&amp;b=2\">"
			"Gemini &amp; world models &lt;live&gt;</a> · "
			"Lenny's Podcast · 2025-05-01 · 01:23</small>",
			guid("agent"),
		};
		check_record(&r[0], e0, 3, "anki agent");
		/* read back without the quotes that kept Anki from taking
		 * the line for a comment */
		const char *e1[] = {
			"#hashtag", "&lt;b&gt;not bold&lt;/b&gt; &amp; co",
			guid("#hashtag"),
		};
		check_record(&r[1], e1, 3, "anki #hashtag");
		if (r[2].n == 3) {
			CHECK_STR(r[2].fields[0], "R&amp;D");
			/* matched in the text, emphasised around the escape;
			 * CRLF is one <br> */
			CHECK(strstr(r[2].fields[1], "Our <b>R&amp;D</b> team is "
				     "world-class.<br>Second line<br>- 研发团队")
			      != NULL);
		}
		if (r[3].n == 3) {
			/* a word, not part of one ("world"), with its 's */
			CHECK(strstr(r[3].fields[1],
				     "In the world of <b>RL's</b> rewards, "
				     "<b>RL</b> wins.<br>1. 在 <b>RL</b> 的世界里")
			      != NULL);
			CHECK(strstr(r[3].fields[1], "· 03:20</small>") != NULL);
		}
		const char *e4[] = {
			"say &quot;cheese&quot;",
			"a,b<br><i>line1<br>line2</i><br><br><b>Say &quot;cheese"
			"&quot;</b> now.<br>说“茄子”<br><br><small>00:05</small>",
			guid("say \"cheese\""),
		};
		check_record(&r[4], e4, 3, "anki cheese");
	}
	records_free(r, n);
	free(path);
}

/* The GUID: stable, the same for the same term in any case or spacing,
 * different for different terms; a term's line breaks are one space. */
static void test_anki_guid(void)
{
	char a[EXPORT_ANKI_GUID_SIZE], b[EXPORT_ANKI_GUID_SIZE];
	export_anki_guid("agent", a);
	CHECK_INT(strlen(a), EXPORT_ANKI_GUID_SIZE - 1);
	CHECK(strncmp(a, "bs-", 3) == 0);
	/* fixed: a re-export next year must give the same one */
	CHECK_STR(a, "bs-602bc473890b20e3");
	export_anki_guid("  AGENT ", b);
	CHECK_STR(a, b);
	export_anki_guid("Straße", a);
	export_anki_guid("STRASSE", b);
	CHECK_STR(a, b);
	export_anki_guid("agents", b);
	export_anki_guid("agent", a);
	CHECK(strcmp(a, b) != 0);
	export_anki_guid("multi\nline", a);
	export_anki_guid("multiline", b);
	CHECK(strcmp(a, b) != 0);
	export_anki_guid("multi line", b);
	CHECK_STR(a, b);

	/* A term with a line break: one line on the card, its own note. */
	struct vocab_entry e[2] = { book[4], book[4] };
	e[0].term = S("multi\r\nline");
	e[1].term = S("multiline");
	char *path = export_file("multi.txt", EXPORT_ANKI, e, 2, NULL);
	size_t n;
	struct record *r = read_back("anki", path, &n);
	CHECK_INT(n, 2);
	if (n == 2 && r[0].n == 3 && r[1].n == 3) {
		CHECK_STR(r[0].fields[0], "multi line");
		CHECK_STR(r[1].fields[0], "multiline");
		CHECK(strcmp(r[0].fields[2], r[1].fields[2]) != 0);
	}
	records_free(r, n);
	free(path);

	/* The deck from the options, on one line. */
	struct export_options opt = { .deck = "My\ndeck\x1b[31m" };
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);
	char err[256];
	CHECK_INT(export_write_opts(f, EXPORT_ANKI, NULL, 0, NULL, &opt, err,
				    sizeof err), 0);
	fclose(f);
	CHECK(strstr(out, "\n#deck:My deck[31m\n") != NULL);
	free(out);
}

/* The BOM: by default only on a file whose name ends in .csv; always or
 * never when asked. */
static void test_csv_bom(void)
{
	static const char bom[] = "\xEF\xBB\xBF";
	struct {
		const char *name;
		enum export_bom bom;
		bool want;
	} cases[] = {
		{ "auto.csv", EXPORT_BOM_AUTO, true },
		{ "auto.CSV", EXPORT_BOM_AUTO, true },
		{ "auto.txt", EXPORT_BOM_AUTO, false },
		{ "never.csv", EXPORT_BOM_NEVER, false },
		{ "always.txt", EXPORT_BOM_ALWAYS, true },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct export_options opt = { .bom = cases[i].bom };
		char *path = path_in_tmp(cases[i].name), err[256];
		CHECK_INT(export_to_file_opts(path, EXPORT_CSV, book, 1, NULL,
					      &opt, err, sizeof err), 0);
		char *raw = slurp(path);
		bool has = raw && strncmp(raw, bom, 3) == 0;
		CHECK(has == cases[i].want);
		if (has != cases[i].want)
			fprintf(stderr, "  BOM case %s\n", cases[i].name);
		/* only ever the one, at the start */
		CHECK(raw && strstr(raw + (has ? 3 : 0), bom) == NULL);
		free(raw);
		unlink(path);
		free(path);
	}
	/* A stream has no name: no BOM unless asked. */
	for (int always = 0; always < 2; always++) {
		struct export_options opt = {
			.bom = always ? EXPORT_BOM_ALWAYS : EXPORT_BOM_AUTO
		};
		char *out = NULL, err[256];
		size_t len = 0;
		FILE *f = open_memstream(&out, &len);
		CHECK_INT(export_write_opts(f, EXPORT_CSV, book, 1, NULL, &opt,
					    err, sizeof err), 0);
		fclose(f);
		CHECK((strncmp(out, bom, 3) == 0) == (always == 1));
		free(out);
	}
}

/* Text cells that a spreadsheet would evaluate get a leading '; the
 * generated columns (time, saved, contexts) never do. */
static void test_csv_formulas(void)
{
	struct vocab_context c = {
		S("-1 is less"), S("+86 电话"), 0, S("=1+1"),
		S("@SUM(A1:A2)"), S("\t2025"), S("\r=HYPERLINK(\"x\")"), 5.0,
		T0,
	};
	struct vocab_entry e = {
		1, S("=cmd|' /C calc'!A0"), S("\x1b=2"), S("safe = fine"), T0,
		&c, 1,
	};
	char *path = export_file("formula.csv", EXPORT_CSV, &e, 1, NULL);
	size_t n;
	struct record *r = read_back("csv", path, &n);
	CHECK_INT(n, 2);
	if (n == 2) {
		const char *want[] = {
			"'=cmd|' /C calc'!A0", "'=2", "safe = fine",
			"'-1 is less", "'+86 电话", "'=1+1", "'@SUM(A1:A2)",
			"'\t2025", "'\r=HYPERLINK(\"x\")", "0:00:05",
			"2025-05-01T12:00:00+00:00", "1",
		};
		check_record(&r[1], want, 12, "csv formulas");
	}
	records_free(r, n);
	free(path);
}

/* Whether s[0..len) holds a character no export may carry raw. */
static bool has_unsafe(const char *s, size_t len, bool json, const char **at)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		bool bad = (c < 0x20 && c != '\n' && c != '\r' &&
			    (c != '\t' || json)) || c == 0x7F ||
			   (c == 0xC2 && i + 1 < len &&
			    (unsigned char)s[i + 1] >= 0x80 &&
			    (unsigned char)s[i + 1] <= 0x9F) ||
			   (c == 0xE2 && i + 2 < len &&
			    (((unsigned char)s[i + 1] == 0x80 &&
			      (unsigned char)s[i + 2] >= 0xAA &&
			      (unsigned char)s[i + 2] <= 0xAE) ||
			     ((unsigned char)s[i + 1] == 0x81 &&
			      (unsigned char)s[i + 2] >= 0xA6 &&
			      (unsigned char)s[i + 2] <= 0xA9)));
		if (bad) {
			*at = s + i;
			return true;
		}
	}
	return false;
}

/* No format carries a raw control character or bidi override, to a file
 * or to standard output; JSON escapes them. */
static void test_inert(struct store *st)
{
	/* OSC 52 (set the clipboard), clear screen, red, C1 CSI, BEL, BS,
	 * DEL, RLO, an isolate. */
	const char *evil = "a\x1b]52;c;aGk=\x07b\x1b[2Jc\x1b[31md\xC2\x9B"
			   "31me\x07f\x08g\x7Fh\xE2\x80\xAEi\xE2\x81\xA6j";
	struct vocab_context c = {
		S(evil), S(evil), 9, S(evil), S(evil), S(evil),
		S("https://x.test/\x1b[2J\xC2\x9B"), 5.0, T0,
	};
	struct vocab_entry e = { 1, S(evil), S(evil), S(evil), T0, &c, 1 };
	struct export_json json = library_export_json(st);
	for (int fmt = 0; fmt < 4; fmt++) {
		if (fmt == EXPORT_JSON && !st)
			continue;
		for (int to_stdout = 0; to_stdout < 2; to_stdout++) {
			char *path = path_in_tmp("inert.out"), err[256];
			int rc;
			if (to_stdout) {
				fflush(stdout);
				int saved = dup(1);
				FILE *f = fopen(path, "w");
				dup2(fileno(f), 1);
				rc = export_to_file(NULL, (enum export_format)fmt,
						    &e, 1, &json, err, sizeof err);
				fflush(stdout);
				dup2(saved, 1);
				close(saved);
				fclose(f);
			} else {
				rc = export_to_file(path,
						    (enum export_format)fmt, &e,
						    1, &json, err, sizeof err);
			}
			CHECK_INT(rc, 0);
			char *out = slurp(path);
			const char *at = NULL;
			bool bad = !out || has_unsafe(out, strlen(out),
						      fmt == EXPORT_JSON, &at);
			CHECK(!bad);
			if (bad && out)
				fprintf(stderr, "  %s%s: raw control at: %.20s\n",
					export_format_name(fmt),
					to_stdout ? " (stdout)" : "", at);
			/* the text around them survives */
			CHECK(out && strstr(out, "[2Jc") != NULL);
			if (fmt == EXPORT_JSON)
				CHECK(out && strstr(out, "\\u001b[2J") &&
				      strstr(out, "\\u009B") &&
				      strstr(out, "\\u202E") &&
				      strstr(out, "\\u007F"));
			free(out);
			unlink(path);
			free(path);
		}
	}
}

static void test_md(void)
{
	char *path = export_file("book.md", EXPORT_MD, book, N_BOOK, NULL);
	char *md = slurp(path);
	CHECK(md != NULL);
	if (!md)
		return;
	const char *want =
		"# BuildSpeak vocabulary\n"
		"\n"
		"## Gemini & world models \\<live\\>\n"
		"\n"
		"Lenny's Podcast · 2025-05-01 · "
		"[source](<https://example.com/ep87?a=1&b=2>)\n"
		"\n"
		"- **R&D** — 研发\n"
		"\n"
		"  > `00:12` Our **R&D** team is world-class. Second line\n"
		"  >\n"
		"  > \\- 研发团队\n"
		"\n"
		"- **agent** — 智能体, 代理\n"
		"\n"
		"  *Note:* says \"hi\", then more\n"
		"\n"
		"  > `01:23` We build **agents**, \"autonomous\" ones today.\n"
		"  >\n"
		"  > 我们构建 **agents**(智能体)。\n"
		"\n"
		"- **RL** — 强化学习\n"
		"\n"
		"  > `03:20` In the world of **RL's** rewards, **RL** wins.\n"
		"  >\n"
		"  > 1\\. 在 **RL** 的世界里\n"
		"\n"
		"## Old episode\n"
		"\n"
		"No Priors · 2024-11-02\n"
		"\n"
		"- **agent** — 智能体, 代理\n"
		"\n"
		"  *Note:* says \"hi\", then more\n"
		"\n"
		"  > `1:02:05` An **agent** is a loop.\n"
		"  >\n"
		"  > 智能体就是一个循环。\n"
		"\n"
		"## Other words\n"
		"\n"
		"- **\\#hashtag** — \\<b\\>not bold\\</b\\> & co\n"
		"\n"
		"- **say \"cheese\"** — a,b\n"
		"\n"
		"  *Note:* line1 line2\n"
		"\n"
		"  > `00:05` **Say \"cheese\"** now.\n"
		"  >\n"
		"  > 说“茄子”\n";
	if (strcmp(md, want) != 0)
		fprintf(stderr, "markdown:\n%s\n---\n", md);
	CHECK_STR(md, want);
	free(md);
	free(path);
}

static void test_md_escapes(void)
{
	/* Text that would turn into markup, or break out of its line. */
	struct vocab_context c = ctx_rd[0];
	c.title = S("Title ## with *stars* and [a](link)");
	c.source_url = S("javascript:alert(1)");
	c.zh = S("    1) 缩进");
	c.podcast = S("- not a list");
	struct vocab_entry e = { 9, S("`code`"), S("_x_ | y ~~z~~ &amp; R&D"),
				 S("a\nb"), T0, &c, 1 };
	char *path = export_file("esc.md", EXPORT_MD, &e, 1, NULL);
	char *md = slurp(path);
	if (md) {
		CHECK(strstr(md, "## Title \\#\\# with \\*stars\\* and "
				 "\\[a\\](link)\n") != NULL);
		/* not a link: shown as text */
		CHECK(strstr(md, "\n\\- not a list · 2025-05-01 · "
				 "javascript:alert(1)\n") != NULL);
		CHECK(strstr(md, "- **\\`code\\`** — \\_x\\_ \\| y \\~\\~z\\~\\~ "
				 "\\&amp; R&D\n") != NULL);
		CHECK(strstr(md, "  *Note:* a b\n") != NULL);
		CHECK(strstr(md, "  > 1\\) 缩进\n") != NULL);
	}
	CHECK(md != NULL);
	free(md);
	free(path);
}

static void test_missing_fields(void)
{
	/* An entry put together by hand may leave fields NULL (and times 0):
	 * they read as empty. */
	struct vocab_context c = { S("Agents, NULL everywhere."), NULL, 0, NULL,
				   NULL, NULL, NULL, 1.0, 0 };
	struct vocab_entry e = { 0, S("agent"), NULL, NULL, 0, &c, 1 };
	char *path = export_file("null.csv", EXPORT_CSV, &e, 1, NULL);
	size_t n;
	struct record *r = read_back("csv", path, &n);
	CHECK_INT(n, 2);
	if (n == 2) {
		const char *want[] = { "agent", "", "", "Agents, NULL everywhere.",
				       "", "", "", "", "", "0:00:01", "", "1" };
		check_record(&r[1], want, 12, "csv NULL fields");
	}
	records_free(r, n);
	free(path);
	path = export_file("null.txt", EXPORT_ANKI, &e, 1, NULL);
	r = read_back("anki", path, &n);
	CHECK_INT(n, 1);
	if (n == 1) {
		const char *want[] = {
			"agent",
			"<b>Agents</b>, NULL everywhere.<br><br><small>00:01</small>",
			guid("agent"),
		};
		check_record(&r[0], want, 3, "anki NULL fields");
	}
	records_free(r, n);
	free(path);
	path = export_file("null.md", EXPORT_MD, &e, 1, NULL);
	char *md = slurp(path);
	CHECK_STR(md, "# BuildSpeak vocabulary\n\n## Other words\n\n"
		      "- **agent**\n\n  > `00:01` **Agents**, NULL everywhere.\n");
	free(md);
	free(path);
}

static void test_json(struct store *st)
{
	char *path = export_file("book.json", EXPORT_JSON, book, N_BOOK, st);
	size_t n;
	struct record *r = read_back("json", path, &n);
	CHECK_INT(n, N_BOOK);
	if (n == N_BOOK) {
		const char *e0[] = {
			"1", "agent", "智能体, 代理", "says \"hi\",\nthen more",
			"2025-05-01T12:00:00Z", "2",
			"We build agents, \"autonomous\" ones\ttoday.",
			"我们构建 agents(智能体)。", "87",
			"Gemini & world models <live>", "Lenny's Podcast",
			"2025-05-01", "https://example.com/ep87?a=1&b=2", "83.5",
			"2025-05-01T12:00:00Z",
			"An agent is a loop.", "智能体就是一个循环。", "null",
			"Old episode", "No Priors", "2024-11-02", "", "3725.0",
			"2025-05-01T13:00:00Z",
		};
		check_record(&r[0], e0, sizeof e0 / sizeof *e0, "json agent");
		const char *e1[] = {
			"2", "#hashtag", "<b>not bold</b> & co", "",
			"2025-05-01T12:01:00Z", "0",
		};
		check_record(&r[1], e1, sizeof e1 / sizeof *e1, "json #hashtag");
		if (r[2].n > 6)
			CHECK_STR(r[2].fields[6],
				  "Our R&D team is world-class.\r\nSecond line");
	}
	records_free(r, n);
	free(path);

	/* Without the library there is no JSON, and a clear message. */
	char err[256] = "";
	char *p2 = path_in_tmp("nostore.json");
	CHECK_INT(export_to_file(p2, EXPORT_JSON, book, N_BOOK, NULL, err,
				 sizeof err), -1);
	CHECK(strstr(err, "JSON") != NULL);
	CHECK(access(p2, F_OK) != 0);
	free(p2);
}

static void test_empty_book(struct store *st)
{
	char *p = export_file("empty.csv", EXPORT_CSV, NULL, 0, NULL);
	char *s = slurp(p);
	CHECK_STR(s, "\xEF\xBB\xBFterm,gloss,note,english,chinese,episode,"
		     "podcast,date,source_url,time,saved,contexts\r\n");
	free(s);
	free(p);
	p = export_file("empty.txt", EXPORT_ANKI, NULL, 0, NULL);
	s = slurp(p);
	CHECK_STR(s, "#separator:tab\n#html:true\n#notetype:Basic\n"
		     "#deck:BuildSpeak\n#tags:buildspeak\n#guid column:3\n");
	free(s);
	free(p);
	p = export_file("empty.md", EXPORT_MD, NULL, 0, NULL);
	s = slurp(p);
	CHECK_STR(s, "# BuildSpeak vocabulary\n");
	free(s);
	free(p);
	p = export_file("empty.json", EXPORT_JSON, NULL, 0, st);
	s = slurp(p);
	CHECK_STR(s, "[]\n");
	free(s);
	free(p);
}

/* ---- writing files ----------------------------------------------------- */

static void test_stdout(void)
{
	/* "-" is standard output: the same bytes as the file, but for the
	 * BOM, which only a file named .csv gets. */
	char *want_path = export_file("out.csv", EXPORT_CSV, book, N_BOOK, NULL);
	char *got_path = path_in_tmp("stdout.csv");
	fflush(stdout);
	int saved = dup(1);
	FILE *f = fopen(got_path, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	dup2(fileno(f), 1);
	char err[256] = "";
	int rc = export_to_file("-", EXPORT_CSV, book, N_BOOK, NULL, err,
				sizeof err);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	fclose(f);
	CHECK_INT(rc, 0);
	char *want = slurp(want_path), *got = slurp(got_path);
	CHECK(want && got && strncmp(want, "\xEF\xBB\xBF", 3) == 0 &&
	      strcmp(want + 3, got) == 0);
	free(want);
	free(got);
	remove_file("out.csv");
	remove_file("stdout.csv");
	free(want_path);
	free(got_path);
}

static void test_replace_keeps_mode_and_link(void)
{
	char *target = path_in_tmp("mine.csv");
	spit(target, "old content\n");
	chmod(target, 0640);
	char *link = path_in_tmp("link.csv");
	CHECK_INT(symlink("mine.csv", link), 0);

	char err[256] = "";
	CHECK_INT(export_to_file(link, EXPORT_CSV, book, 1, NULL, err,
				 sizeof err), 0);
	struct stat sb;
	CHECK_INT(lstat(link, &sb), 0);
	CHECK(S_ISLNK(sb.st_mode)); /* the link is still a link */
	CHECK_INT(stat(target, &sb), 0);
	CHECK_INT(sb.st_mode & 07777, 0640);
	char *s = slurp(target);
	CHECK(s && strncmp(s, "\xEF\xBB\xBFterm,gloss,", 14) == 0);
	free(s);

	char *listing = dir_listing();
	CHECK_STR(listing, "link.csv mine.csv");
	free(listing);
	unlink(link);
	unlink(target);
	free(link);
	free(target);
}

static void test_new_file_mode(void)
{
	/* A new export is an ordinary file: 0666 less the umask, not the
	 * 0600 of a temporary file. */
	mode_t old = umask(027);
	char *path = export_file("new.md", EXPORT_MD, book, N_BOOK, NULL);
	umask(old);
	struct stat sb;
	CHECK_INT(stat(path, &sb), 0);
	CHECK_INT(sb.st_mode & 07777, 0640);
	unlink(path);
	free(path);
}

static void test_missing_directory(void)
{
	char err[256] = "";
	char *path = path_in_tmp("no/such/dir/book.csv");
	CHECK_INT(export_to_file(path, EXPORT_CSV, book, N_BOOK, NULL, err,
				 sizeof err), -1);
	CHECK(strstr(err, path) != NULL);
	CHECK(strstr(err, strerror(ENOENT)) != NULL);
	free(path);

	/* A "directory" that is a file: ENOTDIR, and nothing created. */
	char *file = path_in_tmp("plain");
	spit(file, "x");
	path = xasprintf("%s/book.csv", file);
	CHECK_INT(export_to_file(path, EXPORT_ANKI, book, N_BOOK, NULL, err,
				 sizeof err), -1);
	CHECK(strstr(err, strerror(ENOTDIR)) != NULL);
	char *listing = dir_listing();
	CHECK_STR(listing, "plain");
	free(listing);
	unlink(file);
	free(file);
	free(path);

	/* A directory as the target. */
	CHECK_INT(export_to_file(tmpdir, EXPORT_CSV, book, N_BOOK, NULL, err,
				 sizeof err), -1);
	CHECK(strstr(err, "directory") != NULL);
}

static void test_unknown_format(void)
{
	char err[256] = "";
	char *path = path_in_tmp("book.xlsx");
	CHECK_INT(export_to_file(path, (enum export_format)42, book, N_BOOK,
				 NULL, err, sizeof err), -1);
	CHECK(strstr(err, "unknown export format") != NULL);
	CHECK(access(path, F_OK) != 0);
	free(path);
	char *listing = dir_listing();
	CHECK_STR(listing, "");
	free(listing);
}

static void test_full_disk(void)
{
	/* Streams: /dev/full fails every write with ENOSPC. */
	char err[256] = "";
	FILE *f = fopen("/dev/full", "w");
	CHECK(f != NULL);
	if (f) {
		for (int fmt = EXPORT_CSV; fmt <= EXPORT_MD; fmt++) {
			err[0] = '\0';
			CHECK_INT(export_write(f, (enum export_format)fmt, book,
					       N_BOOK, NULL, err, sizeof err),
				  -1);
			CHECK(strstr(err, strerror(ENOSPC)) != NULL);
			clearerr(f);
		}
		fclose(f);
	}
	/* A device given as the path is written, not replaced. */
	err[0] = '\0';
	CHECK_INT(export_to_file("/dev/full", EXPORT_CSV, book, N_BOOK, NULL,
				 err, sizeof err), -1);
	CHECK(strstr(err, "/dev/full") && strstr(err, strerror(ENOSPC)));
	struct stat sb;
	CHECK(stat("/dev/full", &sb) == 0 && S_ISCHR(sb.st_mode));

	/* A file that runs out of room part-way (a file size limit stands in
	 * for a full disk): the old file stays as it was and no temporary
	 * file is left behind. */
	char *path = path_in_tmp("book.csv");
	spit(path, "old content\n");
	struct vocab_entry *many = xcalloc(400, sizeof *many);
	for (int i = 0; i < 400; i++)
		many[i] = book[i % N_BOOK];
	struct rlimit old, small;
	CHECK_INT(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = 4096;
	signal(SIGXFSZ, SIG_IGN);
	CHECK_INT(setrlimit(RLIMIT_FSIZE, &small), 0);
	for (int fmt = EXPORT_CSV; fmt <= EXPORT_MD; fmt++) {
		err[0] = '\0';
		CHECK_INT(export_to_file(path, (enum export_format)fmt, many,
					 400, NULL, err, sizeof err), -1);
		CHECK(strstr(err, path) && strstr(err, strerror(EFBIG)));
	}
	CHECK_INT(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	char *s = slurp(path);
	CHECK_STR(s, "old content\n");
	free(s);
	char *listing = dir_listing();
	CHECK_STR(listing, "book.csv");
	free(listing);
	unlink(path);
	free(path);
	free(many);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	strcpy(tmpdir, "/tmp/bs-export-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	char err[256];
	char *db = path_in_tmp("library.db");
	struct store *st = store_open(db, STORE_OPEN_CREATE, NULL, err, sizeof err);
	if (!st)
		fprintf(stderr, "store_open: %s\n", err);
	CHECK(st != NULL);

	test_format_names();
	test_csv();
	test_csv_long_times();
	test_anki();
	test_anki_guid();
	test_csv_bom();
	test_csv_formulas();
	test_inert(st);
	test_md();
	test_md_escapes();
	test_missing_fields();
	if (st) {
		test_json(st);
		test_empty_book(st);
	}
	store_close(st);

	/* No export above left a temporary (hidden) file behind. */
	char *listing = dir_listing();
	CHECK(listing[0] != '.' && strstr(listing, " .") == NULL);
	free(listing);

	/* From here on the directory must hold only what each test made. */
	clear_tmpdir();
	free(db);

	test_stdout();
	test_replace_keeps_mode_and_link();
	test_new_file_mode();
	test_missing_directory();
	test_unknown_format();
	test_full_disk();

	CHECK_INT(rmdir(tmpdir), 0);
	return check_result();
}
