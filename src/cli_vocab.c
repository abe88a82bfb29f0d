/* cli_vocab: `buildspeak vocab add|list|rm|export` -- the vocabulary book
 * from the command line.
 *
 * These commands take options of their own (--gloss, --note, --episode,
 * --at, --format, -o), so they have their own parser: cli_main hands over
 * the whole argument vector when the command word is "vocab". Errors are
 * one "buildspeak: ..." line on stderr and a <sysexits.h> status, as in
 * cli.c; everything printed from the library is sanitised first, to one
 * line: a term's own newline must not start a line of its own. */
#include "buildspeak/cli.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "buildspeak/alloc.h"
#include "buildspeak/episode.h"
#include "buildspeak/export.h"
#include "buildspeak/store.h"
#include "buildspeak/text.h"
#include "buildspeak/vocab.h"

/* One `vocab` command line, parsed. */
struct vocab_cli {
	const char *db_option;  /* --db PATH, argv-owned; NULL for default */
	const char *sub;        /* add, list, rm, export; NULL when none */
	const char **args;      /* operands after the subcommand; n_args */
	int n_args;
	const char *gloss;      /* --gloss, or NULL */
	const char *note;       /* --note, or NULL */
	const char *episode;    /* --episode ID as given, or NULL */
	const char *at;         /* --at SECONDS as given, or NULL */
	const char *format;     /* --format, or NULL */
	const char *output;     /* -o / --output FILE, or NULL (stdout) */
	bool json;              /* --json */
	bool help;              /* -h / --help */
	char *db_path;          /* the library's path, owned */
	struct store *st;       /* the open library, or NULL */
};

static const char usage_lines[] =
	"  vocab add TERM [--gloss G] [--note N] [--episode ID [--at TIME]]\n"
	"                               save a term in the vocabulary book\n"
	"  vocab list [--json]          list the book, newest first\n"
	"  vocab rm TERM                remove a term from the book\n"
	"  vocab export --format csv|anki|md|json [-o FILE]\n"
	"                               write the book out (stdout by default)\n";

void cli_vocab_help(void)
{
	fputs(usage_lines, stdout);
}

/* ---- messages ------------------------------------------------------------ */

/* Writes printf-style text to f as one sanitised line, between prefix
 * and suffix (both trusted). Terms and paths come from the user or the
 * library: control bytes, escapes and newlines in them are made inert. */
static void vc_put(FILE *f, const char *prefix, const char *suffix,
		   const char *fmt, va_list ap)
{
	char *raw = xvasprintf(fmt, ap);
	char *s = text_sanitize_line(raw);
	fprintf(f, "%s%s%s", prefix, s, suffix);
	free(s);
	free(raw);
}

static void vc_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void vc_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vc_put(stderr, "buildspeak: ", "\n", fmt, ap);
	va_end(ap);
}

static int vc_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int vc_usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vc_put(stderr, "buildspeak: ", "\nTry 'buildspeak vocab --help' for "
	       "more information.\n", fmt, ap);
	va_end(ap);
	return EX_USAGE;
}

/* Prints printf-style text sanitised on stdout, without a newline (the
 * caller ends the line). */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vc_put(stdout, "", "", fmt, ap);
	va_end(ap);
}

static int store_failed(struct vocab_cli *v, const char *what)
{
	vc_error("%s: %s (library %s)", what, store_error(v->st), v->db_path);
	return EX_IOERR;
}

/* ---- parsing --------------------------------------------------------------- */

/* Matches option name (with its value as the next word or after '=').
 * Returns 1 and sets *value when argv[*i] is it, 0 when it is another
 * word, -1 (message printed) when its value is missing. */
static int opt_value(int argc, char **argv, int *i, const char *name,
		     const char **value)
{
	const char *a = argv[*i];
	size_t n = strlen(name);
	if (strncmp(a, name, n) != 0)
		return 0;
	if (a[n] == '=' && name[1] == '-') {
		*value = a + n + 1;
		return 1;
	}
	if (a[n] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		vc_usage("option %s needs a value", name);
		return -1;
	}
	*value = argv[++*i];
	return 1;
}

/* Parses argv[start..argc) (the words after "vocab"). Returns EX_OK or
 * EX_USAGE (message printed). */
static int vc_parse(struct vocab_cli *v, int argc, char **argv, int start)
{
	static const struct {
		const char *name;
		size_t field; /* offset of the const char * in struct vocab_cli */
	} valued[] = {
		{"--db", offsetof(struct vocab_cli, db_option)},
		{"--gloss", offsetof(struct vocab_cli, gloss)},
		{"--note", offsetof(struct vocab_cli, note)},
		{"--episode", offsetof(struct vocab_cli, episode)},
		{"--at", offsetof(struct vocab_cli, at)},
		{"--format", offsetof(struct vocab_cli, format)},
		{"--output", offsetof(struct vocab_cli, output)},
		{"-o", offsetof(struct vocab_cli, output)},
	};
	bool options_done = false;
	v->args = xcalloc((size_t)argc + 1, sizeof *v->args);
	for (int i = start; i < argc; i++) {
		const char *a = argv[i];
		if (options_done || a[0] != '-' || a[1] == '\0') {
			if (!v->sub)
				v->sub = a;
			else
				v->args[v->n_args++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			options_done = true;
			continue;
		}
		if (!strcmp(a, "--json")) {
			v->json = true;
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			v->help = true;
			continue;
		}
		int got = 0;
		for (size_t k = 0; k < sizeof valued / sizeof valued[0] && !got;
		     k++) {
			const char *value = NULL;
			got = opt_value(argc, argv, &i, valued[k].name, &value);
			if (got < 0)
				return EX_USAGE;
			if (got)
				*(const char **)((char *)v + valued[k].field) =
					value;
		}
		if (!got)
			return vc_usage("unknown option '%s' for 'vocab'", a);
	}
	if (v->db_option && !v->db_option[0])
		return vc_usage("option --db needs a non-empty PATH");
	return EX_OK;
}

/* Which options each subcommand takes, checked after parsing. */
static int vc_check(struct vocab_cli *v, int min_args, int max_args,
		    const char *operand, bool gloss_note_episode, bool json,
		    bool export_opts)
{
	if (!gloss_note_episode && (v->gloss || v->note || v->episode || v->at))
		return vc_usage("options --gloss, --note, --episode and --at "
				"are for 'vocab add'");
	if (!json && v->json)
		return vc_usage("option --json is for 'vocab list'");
	if (!export_opts && (v->format || v->output))
		return vc_usage("options --format and -o are for 'vocab export'");
	if (v->n_args < min_args)
		return vc_usage("'vocab %s' needs %s", v->sub, operand);
	if (v->n_args > max_args)
		return vc_usage("unexpected argument '%s' for 'vocab %s'%s",
				v->args[max_args], v->sub,
				max_args == 1 ? " (quote a phrase: "
						"\"world model\")"
					      : "");
	return EX_OK;
}

static int vc_open(struct vocab_cli *v)
{
	char err[512];
	v->db_path = store_default_path(v->db_option); /* never NULL */
	v->st = store_open(v->db_path, STORE_OPEN_CREATE, NULL, err,
			   sizeof err);
	if (!v->st) {
		vc_error("cannot open the library %s: %s", v->db_path, err);
		return EX_IOERR;
	}
	return EX_OK;
}

/* A time as seconds: "754", "754.5", "12:34", "1:02:30" or "1:02:30.5":
 * up to three fields of at most 9 digits, fractions in the last one only.
 * Returns false for anything else -- signs, exponents, hex (which strtod
 * would take), minutes or seconds of 60 and more. */
static bool parse_time(const char *s, double *out)
{
	double t = 0;
	int n = 0;
	const char *p = s;
	for (;;) {
		double v = 0;
		int digits = 0;
		for (; *p >= '0' && *p <= '9' && digits < 9; p++, digits++)
			v = v * 10 + (*p - '0');
		if (*p == '.') {
			double scale = 0.1;
			for (p++; *p >= '0' && *p <= '9'; p++, digits++) {
				v += (*p - '0') * scale;
				scale /= 10;
			}
			if (*p == ':')
				return false; /* "1.5:00" */
		}
		/* Minutes and seconds after a colon stay below 60. */
		if (!digits || (n > 0 && v >= 60))
			return false;
		t = t * 60 + v;
		if (++n == 3 || *p != ':')
			break;
		p++;
	}
	if (*p != '\0')
		return false;
	*out = t;
	return true;
}

/* ---- add ------------------------------------------------------------------------ */

/* Loads --episode; a missing one is EX_NOINPUT as in cli.c. */
static int load_episode(struct vocab_cli *v, long long id,
			struct episode **ep)
{
	int rc = cli_episode_load(v->st, id, ep);
	if (rc == EX_IOERR)
		return store_failed(v, "cannot load the episode");
	if (rc == EX_NOINPUT)
		vc_error("no episode %lld in the library %s (see 'buildspeak "
			 "list')", id, v->db_path);
	return rc;
}

/* The context for add: the sentence at --at, else the first one holding
 * the term. Sets *seg to -1 when there is none. */
static int pick_sentence(struct vocab_cli *v, const struct episode *ep,
			 const char *term, long *seg)
{
	*seg = -1;
	if (v->at) {
		double t;
		if (!parse_time(v->at, &t))
			return vc_usage("--at wants a time in the episode: "
					"seconds (754), MM:SS or H:MM:SS, not "
					"'%s'", v->at);
		if (ep->n_segments && t > ep->duration) {
			char len[16];
			episode_format_time(ep->duration, len, sizeof len);
			vc_error("--at %s is past the end of episode %lld, "
				 "which is %s long", v->at, ep->id, len);
			return EX_DATAERR;
		}
		*seg = episode_segment_at(ep, t);
		return EX_OK;
	}
	*seg = vocab_nearest_segment(ep, term, 0);
	if (*seg < 0) {
		const struct term *gt = vocab_episode_term(ep, term);
		if (gt)
			*seg = gt->first_segment;
	}
	return EX_OK;
}

/* A trimmed, NFC copy of a command-line string, or NULL when it is not
 * valid UTF-8 (message printed). */
static char *clean_arg(const char *what, const char *s)
{
	size_t bad;
	if (!text_valid(s, strlen(s), &bad)) {
		vc_error("%s is not valid UTF-8 (byte %zu)", what, bad + 1);
		return NULL;
	}
	size_t b = 0, e = strlen(s);
	while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\n'))
		b++;
	while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' ||
			 s[e - 1] == '\n'))
		e--;
	char *t = xstrndup(s + b, e - b);
	char *n = text_nfc(t);
	free(t);
	return n;
}

static int vocab_add(struct vocab_cli *v)
{
	int rc = vc_check(v, 1, 1, "a TERM", true, false, false);
	if (rc != EX_OK)
		return rc;
	if (v->at && !v->episode)
		return vc_usage("--at needs --episode ID (the sentence is the "
				"one playing at that time in that episode)");
	long long id = 0;
	if (v->episode && !cli_parse_id(v->episode, &id))
		return vc_usage("'%s' is not an episode id (a number from "
				"'buildspeak list')", v->episode);
	struct vocab_entry e;
	memset(&e, 0, sizeof e);
	e.term = clean_arg("the term", v->args[0]);
	e.gloss = v->gloss ? clean_arg("--gloss", v->gloss) : xstrdup("");
	e.note = v->note ? clean_arg("--note", v->note) : xstrdup("");
	struct episode *ep = NULL;
	long seg = -1;
	if (!e.term || !e.gloss || !e.note) {
		rc = EX_DATAERR;
		goto out;
	}
	if (!e.term[0]) {
		rc = vc_usage("the TERM is empty");
		goto out;
	}
	rc = vc_open(v);
	if (rc == EX_OK && id)
		rc = load_episode(v, id, &ep);
	if (rc == EX_OK && ep)
		rc = pick_sentence(v, ep, e.term, &seg);
	if (rc != EX_OK)
		goto out;
	if (ep && !v->gloss) {
		const char *g = vocab_episode_gloss(ep, e.term);
		free(e.gloss);
		e.gloss = xstrdup(g ? g : "");
	}
	if (ep && seg >= 0) {
		e.contexts = xcalloc(1, sizeof *e.contexts);
		e.n_contexts = 1;
		vocab_context_from_segment(&e.contexts[0], ep, id, (size_t)seg);
	}

	/* What the book had, to say what this did. */
	struct vocab_entry old;
	memset(&old, 0, sizeof old);
	bool had_sentence = false;
	long long old_id = store_vocab_find(v->st, e.term);
	if (old_id < 0) {
		rc = store_failed(v, "cannot read the book");
		goto out;
	}
	if (old_id > 0 && store_vocab_get(v->st, old_id, &old) != 0) {
		rc = store_failed(v, "cannot read the book");
		goto out;
	}
	for (size_t i = 0; i < old.n_contexts && e.n_contexts; i++)
		had_sentence |= !strcmp(old.contexts[i].en, e.contexts[0].en);
	bool existed = false;
	if (store_vocab_add(v->st, &e, &existed) != 0) {
		vocab_entry_clear(&old);
		rc = store_failed(v, "cannot save the term");
		goto out;
	}
	/* A gloss or note given explicitly replaces the book's. */
	bool new_gloss = existed && v->gloss && e.gloss[0] && old.gloss[0] &&
			 strcmp(old.gloss, e.gloss) != 0;
	bool new_note = existed && v->note && e.note[0] && old.note[0] &&
			strcmp(old.note, e.note) != 0;
	vocab_entry_clear(&old);
	if ((new_gloss || new_note) &&
	    store_vocab_update(v->st, e.id, new_gloss ? e.gloss : NULL,
			       new_note ? e.note : NULL) != 0) {
		rc = store_failed(v, "cannot update the gloss");
		goto out;
	}
	if (!existed)
		say("saved \u201c%s\u201d%s%s%s", e.term, e.gloss[0] ? " (" : "",
		    e.gloss, e.gloss[0] ? ")" : "");
	else if (!e.n_contexts || had_sentence)
		say("already in the book: \u201c%s\u201d%s", e.term,
		    new_gloss || new_note ? " (updated)" : "");
	else
		say("already in the book: context added to \u201c%s\u201d",
		    e.term);
	if (e.n_contexts) {
		char t[16];
		say(" from episode %lld at %s", id,
		    episode_format_time(ep->segments[seg].start, t, sizeof t));
	}
	putchar('\n');
	if (ep && seg < 0)
		vc_error("note: \u201c%s\u201d does not occur in episode %lld; "
			 "saved without a sentence (use --at to pick one)",
			 e.term, id);
out:
	vocab_entry_clear(&e);
	episode_free(ep);
	return rc;
}

/* ---- list ---------------------------------------------------------------------- */

/* Table cells: cli.c's, at the default widths (ambiguous = 1 column). */
static const struct text_metrics cell_metrics = { false };

static void put_cell(const char *raw, int cols, int pad)
{
	cli_put_cell(raw, cols, pad, &cell_metrics);
}

static int raw_width(const char *raw, int cap)
{
	return cli_cell_width(raw, cap, &cell_metrics);
}

static int vocab_list(struct vocab_cli *v)
{
	int rc = vc_check(v, 0, 0, "", false, true, false);
	if (rc == EX_OK)
		rc = vc_open(v);
	if (rc != EX_OK)
		return rc;
	if (v->json) {
		char *json = store_vocab_json(v->st, NULL);
		if (!json)
			return store_failed(v, "cannot list the book");
		puts(json);
		free(json);
		return EX_OK;
	}
	struct vocab_entry *e;
	size_t n;
	if (store_vocab_list(v->st, STORE_VOCAB_BY_DATE, NULL, &e, &n) != 0)
		return store_failed(v, "cannot list the book");
	if (!n) {
		vocab_entries_free(e, n);
		printf("The vocabulary book is empty: save words in the reader "
		       "(s in the glossary, w in the transcript) or with "
		       "'buildspeak vocab add TERM'.\n");
		return EX_OK;
	}
	enum { TERM_CAP = 32, GLOSS_CAP = 24, TITLE_CAP = 40 };
	int wt = 4, wg = 5, wf = 4;
	for (size_t i = 0; i < n; i++) {
		int a = raw_width(e[i].term, TERM_CAP);
		int b = raw_width(e[i].gloss, GLOSS_CAP);
		int c = e[i].n_contexts ? raw_width(e[i].contexts[0].title,
						    TITLE_CAP) : 1;
		wt = a > wt ? a : wt;
		wg = b > wg ? b : wg;
		wf = c > wf ? c : wf;
	}
	put_cell("TERM", 0, wt + 2);
	put_cell("GLOSS", 0, wg + 2);
	put_cell("FROM", 0, wf + 2);
	printf("AT        SAVED\n");
	for (size_t i = 0; i < n; i++) {
		const struct vocab_context *c = e[i].n_contexts
							? &e[i].contexts[0]
							: NULL;
		put_cell(e[i].term, TERM_CAP, wt + 2);
		put_cell(e[i].gloss, GLOSS_CAP, wg + 2);
		put_cell(c ? c->title : "-", TITLE_CAP, wf + 2);
		char at[16] = "-", saved[16] = "-";
		if (c)
			episode_format_time(c->at, at, sizeof at);
		struct tm tm;
		time_t created = e[i].created;
		if (created && localtime_r(&created, &tm))
			strftime(saved, sizeof saved, "%Y-%m-%d", &tm);
		printf("%-8s  %s", at, saved);
		if (e[i].n_contexts > 1)
			printf("  (+%zu sentence%s)", e[i].n_contexts - 1,
			       e[i].n_contexts > 2 ? "s" : "");
		putchar('\n');
	}
	vocab_entries_free(e, n);
	return EX_OK;
}

/* ---- rm --------------------------------------------------------------------------- */

static int vocab_rm(struct vocab_cli *v)
{
	int rc = vc_check(v, 1, 1, "a TERM", false, false, false);
	if (rc == EX_OK)
		rc = vc_open(v);
	if (rc != EX_OK)
		return rc;
	char *term = clean_arg("the term", v->args[0]);
	if (!term)
		return EX_DATAERR;
	long long id = store_vocab_find(v->st, term);
	if (id < 0) {
		free(term);
		return store_failed(v, "cannot read the book");
	}
	if (id == 0) {
		vc_error("no \u201c%s\u201d in the vocabulary book (see "
			 "'buildspeak vocab list')", term);
		free(term);
		return EX_NOINPUT;
	}
	if (store_vocab_remove(v->st, id) != 0) {
		free(term);
		return store_failed(v, "cannot remove the term");
	}
	say("removed \u201c%s\u201d", term);
	putchar('\n');
	free(term);
	return EX_OK;
}

/* ---- export ---------------------------------------------------------------------- */

/* Whether path names a file that can be created or replaced: its
 * directory exists and is writable, and it is not a directory itself.
 * Sets *why when not. */
static bool creatable(const char *path, const char **why)
{
	struct stat sb;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		*why = "it is a directory";
		return false;
	}
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	bool ok = true;
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		*why = "its directory does not exist";
		ok = false;
	} else if (access(dir, W_OK | X_OK) != 0 &&
		   !(stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))) {
		*why = "its directory is not writable";
		ok = false;
	}
	free(dir);
	return ok;
}

static int vocab_export(struct vocab_cli *v)
{
	int rc = vc_check(v, 0, 0, "", false, false, true);
	if (rc != EX_OK)
		return rc;
	enum export_format fmt;
	if (!v->format)
		return vc_usage("'vocab export' needs --format (one of "
				EXPORT_FORMAT_NAMES ")");
	if (export_format_parse(v->format, &fmt) != 0)
		return vc_usage("unknown export format '%s' (one of "
				EXPORT_FORMAT_NAMES ")", v->format);
	bool to_stdout = !v->output || !strcmp(v->output, "-");
	const char *why = NULL;
	if (!to_stdout && !v->output[0])
		return vc_usage("option -o needs a FILE");
	if (!to_stdout && !creatable(v->output, &why)) {
		vc_error("cannot write %s: %s", v->output, why);
		return EX_CANTCREAT;
	}
	rc = vc_open(v);
	if (rc != EX_OK)
		return rc;
	struct vocab_entry *e;
	size_t n;
	if (store_vocab_list(v->st, STORE_VOCAB_BY_DATE, NULL, &e, &n) != 0)
		return store_failed(v, "cannot read the book");
	char err[512];
	if (to_stdout)
		rc = export_write(stdout, fmt, e, n, v->st, err, sizeof err);
	else
		rc = export_to_file(v->output, fmt, e, n, v->st, err,
				    sizeof err);
	vocab_entries_free(e, n);
	if (rc != 0) {
		vc_error("%s", err);
		return EX_IOERR;
	}
	if (!to_stdout) {
		char *path = text_sanitize_line(v->output);
		fprintf(stderr, "exported %zu %s to %s (%s)\n", n,
			n == 1 ? "entry" : "entries", path,
			export_format_name(fmt));
		free(path);
	}
	return EX_OK;
}

/* ---- dispatch -------------------------------------------------------------------- */

int cli_vocab_main(int argc, char **argv)
{
	/* Find the command word after the global options cli.c knows. */
	int i = 1;
	const char *db = NULL;
	while (i < argc && argv[i][0] == '-' && argv[i][1]) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			db = argv[i + 1];
			i += 2;
		} else if (!strncmp(argv[i], "--db=", 5)) {
			db = argv[i] + 5;
			i++;
		} else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else {
			return -1; /* --help, --version, a mistake: cli.c's */
		}
	}
	if (i >= argc || strcmp(argv[i], "vocab") != 0)
		return -1;

	struct vocab_cli v;
	memset(&v, 0, sizeof v);
	v.db_option = db;
	int rc = vc_parse(&v, argc, argv, i + 1);
	if (rc == EX_OK) {
		if (v.help || !v.sub || !strcmp(v.sub, "help")) {
			if (!v.help && !v.sub)
				rc = vc_usage("'vocab' needs a command: add, "
					      "list, rm or export");
			else
				printf("usage: buildspeak [--db PATH] "
				       "vocab COMMAND ...\n%s"
				       "TIME is seconds (754), MM:SS or H:MM:SS."
				       " See buildspeak(1).\n", usage_lines);
		} else if (!strcmp(v.sub, "add")) {
			rc = vocab_add(&v);
		} else if (!strcmp(v.sub, "list")) {
			rc = vocab_list(&v);
		} else if (!strcmp(v.sub, "rm") || !strcmp(v.sub, "remove")) {
			rc = vocab_rm(&v);
		} else if (!strcmp(v.sub, "export")) {
			rc = vocab_export(&v);
		} else {
			rc = vc_usage("unknown vocab command '%s' (add, list, "
				      "rm, export)", v.sub);
		}
	}
	store_close(v.st);
	free(v.db_path);
	free(v.args);
	return rc;
}
