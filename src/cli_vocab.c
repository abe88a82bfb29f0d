/* cli_vocab: `buildspeak vocab add|list|rm|export` -- the vocabulary book
 * from the command line. Saving goes through library_save_term, the same
 * use case the reader's book runs. */
#include "cli_int.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "buildspeak/alloc.h"
#include "buildspeak/apkg.h"
#include "buildspeak/episode.h"
#include "buildspeak/export.h"
#include "buildspeak/library.h"
#include "buildspeak/store.h"
#include "buildspeak/vocab.h"

/* How far from --at the sentence holding the term may be: "the same
 * minute" as a learner remembers it. */
#define CLI_VOCAB_AT_WINDOW 60.0

/* ---- add ----------------------------------------------------------------- */

/* The context for add: with --at, the sentence nearest that time holding
 * the term (within a minute); else the first one holding it, else where
 * the glossary has it. *seg is -1 when there is none. */
static int cli_vocab_pick(struct cli *c, const struct episode *ep,
			  const char *term, long *seg)
{
	const char *at = cli_opt(c, CLI_O_AT);
	char a[16], b[16];
	double t;

	*seg = -1;
	if (at) {
		if (!episode_parse_time(at, &t))
			return cli_usage(c, "--at wants a time in the episode: "
					 "seconds (754), MM:SS or H:MM:SS, not "
					 "'%s'", at);
		if (ep->n_segments && t > ep->duration) {
			episode_format_time(ep->duration, a, sizeof a);
			return cli_usage(c, "--at %s is past the end of episode "
					 "%lld, which is %s long", at, ep->id,
					 a);
		}
		*seg = vocab_segment_near_time(ep, term, t,
					       CLI_VOCAB_AT_WINDOW);
		if (*seg < 0) {
			episode_format_time(t > CLI_VOCAB_AT_WINDOW
						    ? t - CLI_VOCAB_AT_WINDOW : 0,
					    a, sizeof a);
			episode_format_time(t + CLI_VOCAB_AT_WINDOW, b,
					    sizeof b);
			cli_error("no sentence of episode %lld from %s to %s "
				  "holds \u201c%s\u201d: nothing saved (without "
				  "--at, the first sentence holding it is "
				  "taken)", ep->id, a, b, term);
			return EXIT_FAILURE;
		}
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

/* A cleaned copy of an argument (library_clean_text), or NULL with a
 * usage error printed when it is not valid UTF-8 (a bad argument: 64;
 * 65 is for files to import). */
static char *cli_vocab_arg(const struct cli *c, const char *what,
			   const char *s)
{
	char *t = library_clean_text(s);

	if (!t)
		cli_usage(c, "%s is not valid UTF-8", what);
	return t;
}

int cli_cmd_vocab_add(struct cli *c)
{
	const char *gloss = cli_opt(c, CLI_O_GLOSS), *note = cli_opt(c, CLI_O_NOTE);
	const char *episode = cli_opt(c, CLI_O_EPISODE);
	struct library_saved saved = { 0 };
	struct episode *ep = NULL;
	long long id = 0;
	long seg = -1;
	char *term = NULL;
	int rc;

	if (cli_opt(c, CLI_O_AT) && !episode)
		return cli_usage(c, "--at needs --episode ID (the sentence is "
				 "the one holding the term at that time in that "
				 "episode)");
	if (episode && !cli_parse_id(episode, &id))
		return cli_usage(c, "'%s' is not an episode id (a number from "
				 "'buildspeak list')", episode);
	term = cli_vocab_arg(c, "the term", c->args[0]);
	if (!term)
		return EX_USAGE;
	char *g = gloss ? cli_vocab_arg(c, "--gloss", gloss) : xstrdup("");
	char *n = note ? cli_vocab_arg(c, "--note", note) : xstrdup("");
	bool bad = !g || !n;
	free(g);
	free(n);
	if (bad) {
		free(term);
		return EX_USAGE;
	}
	if (!term[0]) {
		free(term);
		return cli_usage(c, "the TERM is empty");
	}
	rc = cli_open(c, CLI_WRITE);
	if (rc == EX_OK && id)
		rc = cli_load(c, id, &ep);
	if (rc == EX_OK && ep)
		rc = cli_vocab_pick(c, ep, term, &seg);
	if (rc != EX_OK)
		goto out;
	int what = library_save_term(c->st, term, gloss, note, ep, id, seg,
				     &saved);
	if (what < 0) {
		rc = cli_store_failed(c, "cannot save the term");
		goto out;
	}
	if (what == LIBRARY_SAVED)
		cli_say("saved \u201c%s\u201d%s%s%s", saved.term,
			saved.gloss[0] ? " (" : "", saved.gloss,
			saved.gloss[0] ? ")" : "");
	else if (what == LIBRARY_CONTEXT_ADDED)
		cli_say("already in the book: context added to \u201c%s\u201d",
			saved.term);
	else
		cli_say("already in the book: \u201c%s\u201d%s", saved.term,
			saved.updated ? " (updated)" : "");
	if (ep && seg >= 0) {
		char t[16];
		cli_say(" from episode %lld at %s", id,
			episode_format_time(ep->segments[seg].start, t,
					    sizeof t));
	}
	putchar('\n');
	if (ep && seg < 0)
		cli_error("note: \u201c%s\u201d does not occur in episode %lld; "
			  "saved without a sentence (use --at to pick one)",
			  saved.term, id);
out:
	library_saved_clear(&saved);
	free(term);
	episode_free(ep);
	return rc;
}

/* ---- list ---------------------------------------------------------------- */

int cli_cmd_vocab_list(struct cli *c)
{
	int rc = cli_open(c, CLI_READ);

	if (rc != EX_OK)
		return rc;
	if (cli_opt(c, CLI_O_JSON)) {
		char *json = store_vocab_json(c->st, NULL);
		if (!json)
			return cli_store_failed(c, "cannot list the book");
		puts(json);
		free(json);
		return EX_OK;
	}
	struct vocab_entry *e;
	size_t n;
	if (store_vocab_list(c->st, STORE_VOCAB_BY_DATE, NULL, &e, &n) != 0)
		return cli_store_failed(c, "cannot list the book");
	if (!n) {
		vocab_entries_free(e, n);
		printf("The vocabulary book is empty: save words in the reader "
		       "(s in the glossary, w in the transcript) or with "
		       "'buildspeak vocab add TERM'.\n");
		return EX_OK;
	}
	/* In a pipe the term and the gloss are whole and the episode's title
	 * is capped; on a terminal the row must fit its width, as `list`
	 * does: FROM gives way first, then GLOSS, then TERM, and at the
	 * narrowest the "(+N sentences)" note goes. */
	bool tty = c->columns > 0;
	int cap_t = tty ? 32 : 0, cap_g = tty ? 24 : 0, cap_f = 40;
	const struct text_metrics *m = &c->metrics;
	int wt, wg, wf, w_at = 8, w_more = 0;
	bool more = true;
	char buf[32];
	for (;;) {
		wt = 4, wg = 5, wf = 4, w_more = 0;
		for (size_t i = 0; i < n; i++) {
			int a = cli_cell_width(e[i].term, cap_t, m);
			int b = cli_cell_width(e[i].gloss, cap_g, m);
			int f = e[i].n_contexts ? cli_cell_width(
							  e[i].contexts[0].title,
							  cap_f, m)
						: 1;
			wt = a > wt ? a : wt;
			wg = b > wg ? b : wg;
			wf = f > wf ? f : wf;
			if (e[i].n_contexts) {
				int k = (int)strlen(episode_format_time(
					e[i].contexts[0].at, buf, sizeof buf));
				w_at = k > w_at ? k : w_at;
			}
			if (more && e[i].n_contexts > 1) {
				int k = snprintf(buf, sizeof buf,
						 "  (+%zu sentences)",
						 e[i].n_contexts - 1);
				w_more = k > w_more ? k : w_more;
			}
		}
		int total = wt + 2 + wg + 2 + wf + 2 + w_at + 2 + 10 + w_more;
		if (!tty || total <= c->columns)
			break;
		int over = total - c->columns;
		if (wf > 6)
			cap_f = wf - over > 6 ? wf - over : 6;
		else if (wg > 6)
			cap_g = wg - over > 6 ? wg - over : 6;
		else if (wt > 8)
			cap_t = wt - over > 8 ? wt - over : 8;
		else if (more)
			more = false;
		else
			break; /* as narrow as it goes */
	}
	cli_put_cell("TERM", 0, wt + 2, m);
	cli_put_cell("GLOSS", 0, wg + 2, m);
	cli_put_cell("FROM", 0, wf + 2, m);
	printf("%-*s  SAVED\n", w_at, "AT");
	for (size_t i = 0; i < n; i++) {
		const struct vocab_context *ctx = e[i].n_contexts
							  ? &e[i].contexts[0]
							  : NULL;
		cli_put_cell(e[i].term, cap_t, wt + 2, m);
		cli_put_cell(e[i].gloss, cap_g, wg + 2, m);
		cli_put_cell(ctx ? ctx->title : "-", cap_f, wf + 2, m);
		char at[16] = "-", day[16] = "-";
		if (ctx)
			episode_format_time(ctx->at, at, sizeof at);
		struct tm tm;
		time_t created = e[i].created;
		if (created && localtime_r(&created, &tm))
			strftime(day, sizeof day, "%Y-%m-%d", &tm);
		printf("%-*s  %s", w_at, at, day);
		if (more && e[i].n_contexts > 1)
			printf("  (+%zu sentence%s)", e[i].n_contexts - 1,
			       e[i].n_contexts > 2 ? "s" : "");
		putchar('\n');
	}
	vocab_entries_free(e, n);
	return EX_OK;
}

/* ---- rm ------------------------------------------------------------------ */

int cli_cmd_vocab_rm(struct cli *c)
{
	struct vocab_entry e;
	char *term = cli_vocab_arg(c, "the term", c->args[0]);
	int rc;

	if (!term)
		return EX_USAGE;
	rc = cli_open(c, CLI_WRITE);
	if (rc != EX_OK) {
		free(term);
		return rc;
	}
	memset(&e, 0, sizeof e);
	long long id = store_vocab_find(c->st, term);
	if (id < 0 || (id > 0 && store_vocab_get(c->st, id, &e) != 0)) {
		rc = cli_store_failed(c, "cannot read the book");
	} else if (id == 0) {
		cli_error("no \u201c%s\u201d in the vocabulary book (see "
			  "'buildspeak vocab list')", term);
		rc = EX_NOINPUT;
	} else if (store_vocab_remove(c->st, id) != 0) {
		rc = cli_store_failed(c, "cannot remove the term");
	} else {
		/* The book's spelling, not the one typed: what was removed. */
		cli_say("removed \u201c%s\u201d", e.term);
		putchar('\n');
	}
	vocab_entry_clear(&e);
	free(term);
	return rc;
}

/* ---- export -------------------------------------------------------------- */

/* The format a file name's extension stands for; -1 for none known or
 * apkg (the one table is the library's, which the book uses too). */
static int cli_vocab_format_of(const char *path)
{
	int f = library_export_format_of(path);
	return f == LIBRARY_FORMAT_APKG ? -1 : f;
}

/* Whether path ends in ".apkg" (any case). */
static bool cli_vocab_is_apkg(const char *path)
{
	return library_export_format_of(path) == LIBRARY_FORMAT_APKG;
}

/* Set by SIGINT during a package export: the export stops at its next
 * progress call and writes nothing. */
static volatile sig_atomic_t cli_vocab_interrupted;

static void cli_vocab_on_sigint(int sig)
{
	(void)sig;
	cli_vocab_interrupted = 1;
}

/* Shows "cutting audio 12/40" on a terminal's stderr, one line redrawn. */
static int cli_vocab_progress(void *ctx, size_t done, size_t total)
{
	bool *shown = ctx;
	if (total > 0 && isatty(STDERR_FILENO)) {
		fprintf(stderr, "\rcutting audio %zu/%zu", done, total);
		fflush(stderr);
		*shown = true;
	}
	return cli_vocab_interrupted != 0;
}

/* `vocab export` to an Anki package. */
static int cli_vocab_export_apkg(struct cli *c, const char *output)
{
	struct apkg_options opt;
	apkg_options_init(&opt);
	const char *deck = cli_opt(c, CLI_O_DECK);
	const char *pad = cli_opt(c, CLI_O_PAD);
	if (deck) {
		if (!deck[0])
			return cli_usage(c, "--deck needs a NAME");
		opt.deck = deck;
	}
	if (pad && (!episode_parse_time(pad, &opt.pad) ||
		    opt.pad > APKG_MAX_PAD))
		return cli_usage(c, "--pad takes seconds from 0 to %g, not "
				 "'%s'", APKG_MAX_PAD, pad);
	int rc = cli_open(c, CLI_READ);
	if (rc != EX_OK)
		return rc;
	struct vocab_entry *e;
	size_t n;
	if (store_vocab_list(c->st, STORE_VOCAB_BY_DATE, NULL, &e, &n) != 0)
		return cli_store_failed(c, "cannot read the book");

	bool shown = false;
	opt.progress = cli_vocab_progress;
	opt.ctx = &shown;
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = cli_vocab_on_sigint;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	cli_vocab_interrupted = 0;
	sigaction(SIGINT, &sa, &old);
	struct apkg_report rep;
	char err[512];
	rc = apkg_export(output, c->st, e, n, &opt, &rep, err, sizeof err);
	sigaction(SIGINT, &old, NULL);
	vocab_entries_free(e, n);
	if (shown)
		fputs("\r\033[K", stderr);
	if (rc == 1) {
		cli_error("export interrupted: %s not written", output);
		return 130;
	}
	if (rc != 0) {
		cli_error("%s", err);
		return rc == -2 ? EX_CANTCREAT : EX_IOERR;
	}
	char *path = text_sanitize_line(output);
	char *what = apkg_report_text(&rep);
	fprintf(stderr, "exported %zu %s to %s (apkg): %s\n", n,
		n == 1 ? "entry" : "entries", path, what);
	free(what);
	free(path);
	return EX_OK;
}

int cli_cmd_vocab_export(struct cli *c)
{
	const char *format = cli_opt(c, CLI_O_FORMAT);
	const char *output = cli_opt(c, CLI_O_OUTPUT);
	bool to_stdout = !output || strcmp(output, "-") == 0;
	int by_ext = to_stdout ? -1 : cli_vocab_format_of(output);
	bool apkg_ext = !to_stdout && cli_vocab_is_apkg(output);
	enum export_format fmt;
	char err[512];
	int rc;

	/* The package is no text export: it has its own writer. */
	if (format ? strcmp(format, "apkg") == 0 : apkg_ext) {
		if (to_stdout)
			return cli_usage(c, "--format apkg writes a file: "
					 "give -o FILE.apkg");
		return cli_vocab_export_apkg(c, output);
	}
	if (cli_opt(c, CLI_O_PAD))
		return cli_usage(c, "--pad is for --format apkg");
	if (format && export_format_parse(format, &fmt) != 0)
		return cli_usage(c, "unknown export format '%s' (one of "
				 EXPORT_FORMAT_NAMES ", apkg)", format);
	if (format && apkg_ext)
		return cli_usage(c, "--format %s does not match the file %s, "
				 "whose extension means apkg", format, output);
	if (!format && by_ext < 0)
		return cli_usage(c, "'vocab export' needs --format (one of "
				 EXPORT_FORMAT_NAMES ", apkg)%s",
				 to_stdout ? "" : ": the file's extension "
						  "does not tell");
	if (!format)
		fmt = (enum export_format)by_ext;
	if (cli_opt(c, CLI_O_DECK) && fmt != EXPORT_ANKI)
		return cli_usage(c, "--deck is for the anki and apkg formats");
	if (cli_opt(c, CLI_O_NO_BOM) && fmt != EXPORT_CSV)
		return cli_usage(c, "--no-bom is for the csv format");
	struct export_options xo = {
		cli_opt(c, CLI_O_NO_BOM) ? EXPORT_BOM_NEVER : EXPORT_BOM_AUTO,
		cli_opt(c, CLI_O_DECK),
	};
	/* Markdown in vocab.csv is a file no program reads right. */
	if (format && by_ext >= 0 && (enum export_format)by_ext != fmt)
		return cli_usage(c, "--format %s does not match the file %s, "
				 "whose extension means %s", format, output,
				 export_format_name((enum export_format)by_ext));
	rc = cli_open(c, CLI_READ);
	if (rc != EX_OK)
		return rc;
	struct vocab_entry *e;
	size_t n;
	if (store_vocab_list(c->st, STORE_VOCAB_BY_DATE, NULL, &e, &n) != 0)
		return cli_store_failed(c, "cannot read the book");
	struct export_json json = library_export_json(c->st);
	if (to_stdout)
		rc = export_write_opts(stdout, fmt, e, n, &json, &xo, err,
				       sizeof err);
	else
		rc = library_export_file(c->st, output, fmt, e, n, &xo, err,
					 sizeof err);
	vocab_entries_free(e, n);
	if (rc != 0) {
		cli_error("%s", err);
		return rc == -2 ? EX_CANTCREAT : EX_IOERR;
	}
	if (!to_stdout) {
		char *path = text_sanitize_line(output);
		fprintf(stderr, "exported %zu %s to %s (%s)\n", n,
			n == 1 ? "entry" : "entries", path,
			export_format_name(fmt));
		free(path);
	}
	return EX_OK;
}
