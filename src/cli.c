/* cli: the command line. Parses `buildspeak [--db PATH] [COMMAND [ARGS]]`,
 * runs the command against the library and turns every failure into one
 * line on stderr and one <sysexits.h> status (see cli.h).
 *
 * Everything in the library came from files somebody else wrote, so every
 * piece of it printed in readable form goes through text_sanitize() first:
 * a title holding "\x1b]0;pwned\a" must not retitle the user's terminal.
 * The JSON forms are SQLite's own output, where control characters are
 * already escaped. */
#include "buildspeak/reader.h" /* reader helper (issue 3) */
#include "buildspeak/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "buildspeak/alloc.h"
#include "buildspeak/episode.h"
#include "buildspeak/import.h"
#include "buildspeak/store.h"
#include "buildspeak/text.h"

/* Options a command accepts, as bits. */
enum {
	CLI_OPT_JSON = 1 << 0,    /* --json */
	CLI_OPT_REPLACE = 1 << 1, /* --replace */
	CLI_OPT_AUDIO = 1 << 2,   /* --audio PATH_OR_URL (import) */
	CLI_OPT_NONE = 1 << 3,    /* --none (audio: remove it) */
};

/* One run of the program: the parsed command line and the open library. */
struct cli {
	const char *db_option; /* --db PATH as given, or NULL; argv-owned */
	const char *command;   /* the command word, NULL for the reader */
	char **args;           /* the command's operands, argv-owned; n_args */
	int n_args;
	unsigned options;      /* CLI_OPT_* bits given */
	const char *audio_option; /* --audio's value as given; argv-owned */
	struct reader_options reader; /* --ao, --ambiguous-wide, --no-color,
				     --no-audio, --config: the reader's;
				     strings argv-owned */
	bool help, version;    /* --help, --version given */
	char *db_path;         /* the library's path, owned; NULL until needed */
	struct store *st;      /* the open library, or NULL */
	int columns;           /* stdout's width if it is a terminal, else 0 */
	struct text_metrics metrics; /* widths for tables and wrapping */
	char **garbage;        /* sanitised strings for messages, freed at exit */
	size_t n_garbage, cap_garbage;
};

/* A command: its name, what it runs, its operands and options, and the
 * lines `buildspeak --help` shows for it (generated from this table, so the
 * help cannot disagree with the parser). */
struct cli_command {
	const char *name;
	int (*run)(struct cli *c);
	int min_args, max_args; /* operand count; max -1: no limit */
	const char *operand;    /* what the operands are, for messages */
	unsigned options;       /* CLI_OPT_* bits it accepts */
	const char *synopsis;
	const char *help;
};

static int cli_import(struct cli *c);
static int cli_list(struct cli *c);
static int cli_show(struct cli *c);
static int cli_glossary(struct cli *c);
static int cli_audio(struct cli *c);

static const struct cli_command cli_commands[] = {
	{ "import", cli_import, 1, -1, "a FILE", CLI_OPT_REPLACE | CLI_OPT_AUDIO,
	  "import [--replace] [--audio AUDIO] FILE...",
	  "store episodes from page text or JSON files" },
	{ "list", cli_list, 0, 0, "", CLI_OPT_JSON,
	  "list [--json]",
	  "list the episodes, newest first" },
	{ "show", cli_show, 1, 1, "an ID", CLI_OPT_JSON,
	  "show ID [--json]",
	  "print an episode and all its segments" },
	{ "glossary", cli_glossary, 1, 1, "an ID", CLI_OPT_JSON,
	  "glossary ID [--json]",
	  "print the terms an episode glosses" },
	{ "audio", cli_audio, 1, 2, "an ID", CLI_OPT_NONE,
	  "audio ID [AUDIO | --none]",
	  "print, set or remove an episode's audio" },
};
#define CLI_N_COMMANDS (sizeof cli_commands / sizeof cli_commands[0])

/* ---- messages ------------------------------------------------------------ */

/* A sanitised one-line copy of s (for messages) that lives until the run
 * ends. */
static const char *cli_clean(struct cli *c, const char *s)
{
	char *t = text_sanitize_line(s ? s : "");
	xgrow((void **)&c->garbage, &c->cap_garbage, c->n_garbage + 1,
	      sizeof *c->garbage);
	c->garbage[c->n_garbage++] = t;
	return t;
}

/* Prints "buildspeak: <message>" on stderr. Callers pass untrusted strings
 * through cli_clean() first. */
static void cli_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static void cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("buildspeak: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* A usage error: the message, a pointer to --help, EX_USAGE. */
static int cli_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static int cli_usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("buildspeak: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputs("\nTry 'buildspeak --help' for more information.\n", stderr);
	va_end(ap);
	return EX_USAGE;
}

/* Writes a one-line field (title, term, path) to stdout sanitised: a
 * newline in it must not start a line of its own. */
static void cli_put(const char *s)
{
	char *t = text_sanitize_line(s ? s : "");
	fputs(t, stdout);
	free(t);
}

static void cli_print_help(void)
{
	printf("usage: buildspeak [--db PATH] [READER OPTIONS | COMMAND [ARGS]]\n"
	       "\n"
	       "Reads the bilingual episodes of the BuildSpeak digest (English,\n"
	       "then Chinese, segment by timed segment) from a local library.\n"
	       "With no command, opens the full-screen reader on the episode read\n"
	       "last (else the newest); on an empty library it imports the bundled\n"
	       "sample episode first.\n"
	       "\n"
	       "commands:\n");
	for (size_t i = 0; i < CLI_N_COMMANDS; i++) {
		const struct cli_command *cmd = &cli_commands[i];
		if (strlen(cmd->synopsis) > 28) /* its own line */
			printf("  %s\n%31s%s\n", cmd->synopsis, "", cmd->help);
		else
			printf("  %-28s %s\n", cmd->synopsis, cmd->help);
	}
	cli_vocab_help(); /* vocab: cli_vocab.c (issue 5) */
	printf("\n"
	       "options:\n"
	       "  --db PATH                    the library file (default: $BUILDSPEAK_DB,\n"
	       "                               else $XDG_DATA_HOME/buildspeak/library.db)\n"
	       "  --json                       list, show, glossary: print JSON\n"
	       "  --replace                    import: replace an episode already stored\n"
	       "  --audio AUDIO                import: the episode's audio, a file or a URL\n"
	       "                               (one FILE only)\n"
	       "  --none                       audio: remove the episode's audio\n"
	       "  -h, --help                   print this help and exit\n"
	       "  -V, --version                print the version and exit\n"
	       "\n"
	       "reader options (ignored by the commands):\n"
	       "  --ao NAME                    mpv audio output: null (silent, for machines\n"
	       "                               without sound), pulse, alsa, ...; default\n"
	       "                               $BUILDSPEAK_AO, else the config's 'set ao'\n"
	       "  --no-audio                   never start the player: read only\n"
	       "  --ambiguous-wide[=yes|no]    East Asian ambiguous characters (curly quotes,\n"
	       "                               ellipsis, middle dot) take two columns, as\n"
	       "                               in CJK terminals\n"
	       "  --no-color                   no colours (as NO_COLOR=1 does)\n"
	       "  --config FILE                read FILE instead of the user's config\n"
	       "\n"
	       "Exit status: 0 ok, 64 usage, 65 bad input file, 66 missing file or\n"
	       "episode, 69 sample not found, 74 library or output error.\n"
	       "See buildspeak(1).\n");
}

/* ---- the command line ---------------------------------------------------- */

static const struct cli_command *cli_find_command(const char *name)
{
	for (size_t i = 0; i < CLI_N_COMMANDS; i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
}

/* Splits argv into global options, the command, its options and operands.
 * Options are accepted anywhere ("--" ends them), and checked against the
 * command afterwards. Returns EX_OK or EX_USAGE (message printed). */
static int cli_parse(struct cli *c, int argc, char **argv)
{
	bool options_done = false;

	c->args = xcalloc((size_t)argc, sizeof *c->args);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (options_done || a[0] != '-' || a[1] == '\0') {
			if (!c->command)
				c->command = a;
			else
				c->args[c->n_args++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			options_done = true;
		} else if (strcmp(a, "--db") == 0) {
			if (i + 1 >= argc)
				return cli_usage_error("option --db needs a PATH");
			c->db_option = argv[++i];
		} else if (strncmp(a, "--db=", 5) == 0) {
			c->db_option = a + 5;
		} else if (strcmp(a, "--json") == 0) {
			c->options |= CLI_OPT_JSON;
		} else if (strcmp(a, "--replace") == 0) {
			c->options |= CLI_OPT_REPLACE;
		} else if (strcmp(a, "--audio") == 0 ||
			   strncmp(a, "--audio=", 8) == 0) {
			if (!a[7] && i + 1 >= argc)
				return cli_usage_error("option --audio needs a "
						       "file or a URL");
			c->audio_option = a[7] ? a + 8 : argv[++i];
			c->options |= CLI_OPT_AUDIO;
		} else if (strcmp(a, "--none") == 0) {
			c->options |= CLI_OPT_NONE;
		} else if (strcmp(a, "--ao") == 0 ||
			   strncmp(a, "--ao=", 5) == 0) {
			if (!a[4] && i + 1 >= argc)
				return cli_usage_error("option --ao needs an "
						       "audio output NAME "
						       "(e.g. null)");
			c->reader.ao = a[4] ? a + 5 : argv[++i];
		} else if (strcmp(a, "--config") == 0 ||
			   strncmp(a, "--config=", 9) == 0) {
			if (!a[8] && i + 1 >= argc)
				return cli_usage_error("option --config needs "
						       "a FILE");
			c->reader.config = a[8] ? a + 9 : argv[++i];
		} else if (strcmp(a, "--ambiguous-wide") == 0 ||
			   strcmp(a, "--ambiguous-wide=yes") == 0) {
			c->reader.ambiguous_wide = 1;
		} else if (strcmp(a, "--ambiguous-wide=no") == 0) {
			c->reader.ambiguous_wide = 0;
		} else if (strcmp(a, "--no-color") == 0) {
			c->reader.no_color = true;
		} else if (strcmp(a, "--no-audio") == 0) {
			c->reader.no_audio = true;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			c->help = true;
		} else if (strcmp(a, "-V") == 0 ||
			   strcmp(a, "--version") == 0) {
			c->version = true;
		} else {
			return cli_usage_error("unknown option '%s'",
					       cli_clean(c, a));
		}
	}
	if (c->db_option && c->db_option[0] == '\0')
		return cli_usage_error("option --db needs a non-empty PATH");
	if (c->audio_option && c->audio_option[0] == '\0')
		return cli_usage_error("option --audio needs a file or a URL "
				       "(to remove an episode's audio: "
				       "buildspeak audio ID --none)");
	if (c->reader.config && c->reader.config[0] == '\0')
		return cli_usage_error("option --config needs a non-empty FILE");
	return EX_OK;
}

/* Checks the operands and options against the command's entry. */
static int cli_check(struct cli *c, const struct cli_command *cmd)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = { { CLI_OPT_JSON, "--json" },
		      { CLI_OPT_REPLACE, "--replace" },
		      { CLI_OPT_AUDIO, "--audio" },
		      { CLI_OPT_NONE, "--none" } };

	unsigned accepted = cmd ? cmd->options : 0;

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if ((c->options & names[i].bit) && !(accepted & names[i].bit))
			return cmd ? cli_usage_error("option %s does not apply "
						     "to '%s'", names[i].name,
						     cmd->name)
				   : cli_usage_error("option %s needs a command",
						     names[i].name);
	if (!cmd)
		return c->n_args ? cli_usage_error("unexpected argument '%s'",
						   cli_clean(c, c->args[0]))
				 : EX_OK;
	if (c->n_args < cmd->min_args)
		return cli_usage_error("'%s' needs %s; usage: buildspeak %s",
				       cmd->name, cmd->operand, cmd->synopsis);
	if (cmd->max_args >= 0 && c->n_args > cmd->max_args)
		return cli_usage_error("unexpected argument '%s' for '%s'",
				       cli_clean(c, c->args[cmd->max_args]),
				       cmd->name);
	return EX_OK;
}

bool cli_parse_id(const char *s, long long *id)
{
	char *end;

	errno = 0;
	long long v = (s[0] >= '0' && s[0] <= '9') ? strtoll(s, &end, 10) : 0;
	if (v <= 0 || errno || *end)
		return false;
	*id = v;
	return true;
}

/* ---- the library --------------------------------------------------------- */

/* Opens the library named by --db / $BUILDSPEAK_DB / the XDG default. */
static int cli_open(struct cli *c)
{
	char err[512];

	if (c->st)
		return EX_OK;
	c->db_path = store_default_path(c->db_option); /* never NULL */
	c->st = store_open(c->db_path, STORE_OPEN_CREATE, NULL, err,
			   sizeof err);
	if (!c->st) {
		cli_error("cannot open the library %s: %s",
			  cli_clean(c, c->db_path), cli_clean(c, err));
		return EX_IOERR;
	}
	return EX_OK;
}

/* Reports a failed library operation. */
static int cli_store_failed(struct cli *c, const char *what)
{
	cli_error("%s: %s (library %s)", what, cli_clean(c, store_error(c->st)),
		  cli_clean(c, c->db_path));
	return EX_IOERR;
}

/* store_episode_load() fails the same way for a missing episode and a
 * failing library, so on failure the list tells which it was. */
int cli_episode_load(struct store *st, long long id, struct episode **out)
{
	struct episode_summary *v;
	size_t n;
	bool exists = false;

	if (store_episode_load(st, id, out) == 0)
		return EX_OK;
	if (store_episode_list(st, &v, &n) != 0)
		return EX_IOERR;
	for (size_t i = 0; i < n; i++)
		exists |= v[i].id == id;
	store_summaries_free(v, n);
	return exists ? EX_IOERR : EX_NOINPUT;
}

/* Loads episode id, reporting a missing one (EX_NOINPUT) or a failing
 * library (EX_IOERR). */
static int cli_load(struct cli *c, long long id, struct episode **out)
{
	int rc = cli_episode_load(c->st, id, out);

	if (rc == EX_IOERR)
		return cli_store_failed(c, "cannot load the episode");
	if (rc == EX_NOINPUT)
		cli_error("no episode %lld in the library %s (see 'buildspeak "
			  "list')", id, cli_clean(c, c->db_path));
	return rc;
}

/* ---- import -------------------------------------------------------------- */

/* Fails with a message if path cannot be imported (import_check_path). */
static int cli_check_input(struct cli *c, const char *path)
{
	struct import_error err;

	if (import_check_path(path, &err) == 0)
		return EX_OK;
	cli_error("%s: %s", cli_clean(c, path), cli_clean(c, err.msg));
	return EX_NOINPUT;
}

/* Prints the one-line summary of a stored episode. */
static void cli_print_summary(const char *verb, const struct episode *ep)
{
	printf("%s episode %lld: ", verb, ep->id);
	cli_put(ep->title);
	if (ep->podcast[0]) {
		fputs(" \u2014 ", stdout);
		cli_put(ep->podcast);
	}
	if (ep->date[0]) {
		fputs(", ", stdout);
		cli_put(ep->date);
	}
	printf(", %zu segments, %d words, %d min read, %zu terms\n",
	       ep->n_segments, ep->words, ep->reading_minutes, ep->n_terms);
}

/* ---- audio sources ------------------------------------------------------ */

/* The audio source to store for arg: a URL as given, a local file as its
 * absolute real path (so the reader finds it from any directory). The
 * file must exist and not be a directory; whether it holds audio is for
 * the player to find out. *out is new, owned by the caller. */
static int cli_audio_source(struct cli *c, const char *arg, char **out)
{
	struct stat sb;

	if (episode_audio_is_url(arg)) {
		*out = xstrdup(arg);
		return EX_OK;
	}
	char *real = realpath(arg, NULL);
	int e = real ? 0 : errno;
	if (real && stat(real, &sb) == 0 && S_ISDIR(sb.st_mode))
		e = EISDIR;
	if (e) {
		free(real);
		cli_error("audio %s: %s", cli_clean(c, arg), strerror(e));
		return EX_NOINPUT;
	}
	*out = real;
	return EX_OK;
}

/* Prints an episode's audio after it was set. */
static void cli_print_audio_set(long long id, const char *audio)
{
	if (audio[0]) {
		printf("episode %lld: audio ", id);
		cli_put(audio);
		putchar('\n');
	} else {
		printf("episode %lld: no audio\n", id);
	}
}

/* ---- import -------------------------------------------------------------- */

/* Imports one file, with audio (a resolved source, or NULL to keep what
 * the file says -- or, when replacing, what the stored episode had).
 * *stored is set when the library gained or replaced an episode (not when
 * it was already there). Returns an exit status. */
static int cli_import_one(struct cli *c, const char *path, bool replace,
			  const char *audio, bool *stored, long long *id_out)
{
	struct import_error err = { 0, "" };
	struct episode *ep = NULL;
	int rc;

	*stored = false;
	rc = cli_check_input(c, path);
	if (rc != EX_OK)
		return rc;
	if (import_file(path, c->st, &ep, &err) != 0) {
		if (err.line > 0)
			cli_error("%s:%d: %s", cli_clean(c, path), err.line,
				  cli_clean(c, err.msg));
		else
			cli_error("%s: %s", cli_clean(c, path),
				  cli_clean(c, err.msg));
		return EX_DATAERR;
	}

	long long id = store_episode_find(c->st, ep);
	if (audio)
		episode_set(&ep->audio, audio);
	if (id > 0 && replace && !audio && !ep->audio[0]) {
		/* A page has no audio: replacing its text keeps the one the
		 * user set. */
		struct episode *old = NULL;
		if (store_episode_load(c->st, id, &old) == 0)
			episode_set(&ep->audio, old->audio);
		episode_free(old);
	}
	if (id < 0) {
		rc = cli_store_failed(c, "cannot search the library");
	} else if (id > 0 && !replace) {
		cli_error("%s: already in the library as episode %lld (use "
			  "--replace to replace it)",
			  cli_clean(c, path), id);
		*id_out = id;
		rc = EX_OK;
		/* The audio is not the episode's text: setting it is not a
		 * second copy, and it is what the user asked for. */
		if (audio && store_episode_set_audio(c->st, id, audio) != 0)
			rc = cli_store_failed(c, "cannot set the audio");
		else if (audio)
			cli_print_audio_set(id, audio);
	} else if (store_episode_save(c->st, ep, id) != 0) {
		rc = cli_store_failed(c, "cannot store the episode");
	} else {
		cli_print_summary(id > 0 ? "replaced" : "imported", ep);
		if (audio)
			cli_print_audio_set(ep->id, audio);
		*stored = true;
		*id_out = ep->id;
		rc = EX_OK;
	}
	episode_free(ep);
	return rc;
}

/* import [--replace] [--audio AUDIO] FILE...: each file in its own
 * transaction; the first failure stops the batch, keeping what was stored
 * before it. --audio names the audio of one episode, so it takes one FILE
 * (several files cannot share one talk's audio). */
static int cli_import(struct cli *c)
{
	int rc, stored_count = 0;
	bool stored;
	long long id;
	char *audio = NULL;

	if (c->audio_option && c->n_args > 1)
		return cli_usage_error("--audio is the audio of one episode: "
				       "import one FILE with it (or set each "
				       "later with 'buildspeak audio ID "
				       "AUDIO')");
	/* Before the library is touched: a wrong path changes nothing. */
	if (c->audio_option) {
		rc = cli_audio_source(c, c->audio_option, &audio);
		if (rc != EX_OK)
			return rc;
	}
	rc = cli_open(c);
	if (rc != EX_OK) {
		free(audio);
		return rc;
	}
	for (int i = 0; i < c->n_args; i++) {
		rc = cli_import_one(c, c->args[i],
				    c->options & CLI_OPT_REPLACE, audio,
				    &stored, &id);
		if (rc != EX_OK) {
			/* Files before i that were not stored were found
			 * already in the library: say so, they are there. */
			int present = i - stored_count;
			char *more = present ? xasprintf(" (%d more already in "
							 "the library)", present)
					     : xstrdup("");
			if (c->n_args > 1)
				cli_error("stopped at %s; %d of %d files "
					  "imported before it%s",
					  cli_clean(c, c->args[i]),
					  stored_count, c->n_args, more);
			free(more);
			free(audio);
			return rc;
		}
		stored_count += stored;
	}
	free(audio);
	return EX_OK;
}

/* ---- list ---------------------------------------------------------------- */

/* A sanitised one-line copy of raw cut to at most cols columns, with an
 * ellipsis where it was cut (cols <= 0: no limit). *width gets its width. */
static char *cli_fit(const char *raw, int cols, const struct text_metrics *m,
		     int *width)
{
	char *t = text_sanitize_line(raw && raw[0] ? raw : "-");
	size_t len = strlen(t);
	int w = text_width(t, len, m);
	static const char ellipsis[] = "\u2026";

	if (cols > 0 && w > cols) {
		int ew = text_width(ellipsis, strlen(ellipsis), m);
		int used = 0;
		size_t keep = text_fit(t, len, cols - ew > 0 ? cols - ew : 0,
				       m, &used);
		char *cut = xasprintf("%.*s%s", (int)keep, t, ellipsis);
		free(t);
		t = cut;
		w = used + ew;
	}
	*width = w;
	return t;
}

int cli_cell_width(const char *raw, int cap, const struct text_metrics *m)
{
	int w;
	free(cli_fit(raw, cap, m, &w));
	return w;
}

void cli_put_cell(const char *raw, int cols, int pad,
		  const struct text_metrics *m)
{
	int w;
	char *t = cli_fit(raw, cols, m, &w);

	fputs(t, stdout);
	for (; w < pad; w++)
		putchar(' ');
	free(t);
}

/* Column width of a decimal number. */
static int cli_digits(long long v)
{
	int n = 1;
	for (; v >= 10 || v <= -10; v /= 10)
		n++;
	return n + (v < 0);
}

/* Readable lengths: the podcast column is capped, the title takes what is
 * left of a terminal's width and is never cut in a pipe. */
#define CLI_PODCAST_COLS 24

static int cli_list(struct cli *c)
{
	struct episode_summary *v;
	size_t n;
	int rc = cli_open(c);

	if (rc != EX_OK)
		return rc;
	if (c->options & CLI_OPT_JSON) {
		char *json = store_list_json(c->st);
		if (!json)
			return cli_store_failed(c, "cannot list the episodes");
		puts(json);
		free(json);
		return EX_OK;
	}
	if (store_episode_list(c->st, &v, &n) != 0)
		return cli_store_failed(c, "cannot list the episodes");
	if (n == 0) {
		printf("The library %s holds no episodes yet: add one with "
		       "'buildspeak import FILE'.\n",
		       cli_clean(c, c->db_path));
		store_summaries_free(v, n);
		return EX_OK;
	}

	/* Column widths: at least the heading, at most the cap. */
	int w_id = 2, w_pod = 7, w_min = 3, w_seg = 4, w_len = 6, w;
	for (size_t i = 0; i < n; i++) {
		w = cli_cell_width(v[i].podcast, CLI_PODCAST_COLS, &c->metrics);
		if (w > w_pod)
			w_pod = w;
		if (cli_digits(v[i].id) > w_id)
			w_id = cli_digits(v[i].id);
		if (cli_digits(v[i].reading_minutes) > w_min)
			w_min = cli_digits(v[i].reading_minutes);
		if (cli_digits(v[i].n_segments) > w_seg)
			w_seg = cli_digits(v[i].n_segments);
	}
	int w_title = 0; /* 0: no limit */
	if (c->columns > 0) {
		int used = w_id + 2 + 10 + 2 + w_pod + 2 + w_min + 2 + w_seg +
			   2 + w_len + 2;
		w_title = c->columns - used > 10 ? c->columns - used : 10;
	}

	printf("%*s  %-10s  ", w_id, "ID", "DATE");
	cli_put_cell("PODCAST", 0, w_pod, &c->metrics);
	printf("  %*s  %*s  %*s  TITLE\n", w_min, "MIN", w_seg, "SEGS", w_len,
	       "LENGTH");
	for (size_t i = 0; i < n; i++) {
		char len_buf[32];

		printf("%*lld  ", w_id, v[i].id);
		cli_put_cell(v[i].date, 10, 10, &c->metrics);
		fputs("  ", stdout);
		cli_put_cell(v[i].podcast, CLI_PODCAST_COLS, w_pod, &c->metrics);
		printf("  %*d  %*d  %*s  ", w_min, v[i].reading_minutes,
		       w_seg, v[i].n_segments, w_len,
		       episode_format_time(v[i].duration, len_buf,
					   sizeof len_buf));
		cli_put_cell(v[i].title, w_title, 0, &c->metrics);
		putchar('\n');
	}
	store_summaries_free(v, n);
	return EX_OK;
}

/* ---- show ---------------------------------------------------------------- */

/* Prints one paragraph of untrusted text, wrapped to the terminal's width
 * when stdout is one (a pipe gets it on one line). */
static void cli_put_paragraph(const struct cli *c, const char *s)
{
	char *t = text_sanitize(s ? s : "");

	if (c->columns >= 20) {
		struct text_line *lines = NULL;
		size_t n = text_wrap(t, c->columns - 1, &c->metrics, &lines);
		for (size_t i = 0; i < n; i++)
			printf("%.*s\n", (int)lines[i].len, t + lines[i].off);
		free(lines);
	} else {
		puts(t);
	}
	free(t);
}

/* Prints "label  value" with the value sanitised; "-" for "". */
static void cli_put_field(const char *label, const char *value)
{
	printf("%-9s ", label);
	cli_put(value && value[0] ? value : "-");
	putchar('\n');
}

static void cli_print_episode(const struct cli *c, const struct episode *ep)
{
	char a[32], b[32];

	cli_put_paragraph(c, ep->title);
	printf("%-9s %lld\n", "episode", ep->id);
	cli_put_field("podcast", ep->podcast);
	cli_put_field("date", ep->date);
	cli_put_field("source", ep->source_url);
	cli_put_field("audio", ep->audio);
	printf("%-9s %s\n", "length", episode_format_time(ep->duration, a, sizeof a));
	printf("%-9s %d (about %d minutes of reading)\n", "words", ep->words,
	       ep->reading_minutes);
	printf("%-9s %zu\n", "segments", ep->n_segments);
	printf("%-9s %zu\n", "terms", ep->n_terms);
	for (size_t i = 0; i < ep->n_segments; i++) {
		const struct segment *s = &ep->segments[i];
		printf("\nSpeaker %d  %s - %s\n", s->speaker,
		       episode_format_time(s->start, a, sizeof a),
		       episode_format_time(s->end, b, sizeof b));
		cli_put_paragraph(c, s->en);
		cli_put_paragraph(c, s->zh);
	}
}

/* Loads the episode named by the command's ID operand. */
static int cli_load_arg(struct cli *c, struct episode **ep)
{
	long long id = 0;
	int rc;

	if (!cli_parse_id(c->args[0], &id))
		return cli_usage_error("'%s' is not an episode id (a number "
				       "from 'buildspeak list')",
				       cli_clean(c, c->args[0]));
	rc = cli_open(c);
	if (rc == EX_OK)
		rc = cli_load(c, id, ep);
	return rc;
}

static int cli_show(struct cli *c)
{
	struct episode *ep;
	int rc = cli_load_arg(c, &ep);

	if (rc != EX_OK)
		return rc;
	if (c->options & CLI_OPT_JSON) {
		char *json = store_episode_json(c->st, ep);
		if (!json)
			rc = cli_store_failed(c, "cannot write the episode as JSON");
		else
			puts(json);
		free(json);
	} else {
		cli_print_episode(c, ep);
	}
	episode_free(ep);
	return rc;
}

/* ---- glossary ------------------------------------------------------------ */

static int cli_glossary(struct cli *c)
{
	struct episode *ep;
	int rc = cli_load_arg(c, &ep);

	if (rc != EX_OK)
		return rc;
	if (c->options & CLI_OPT_JSON) {
		char *json = store_glossary_json(c->st, ep);
		if (!json)
			rc = cli_store_failed(c, "cannot write the glossary as JSON");
		else
			puts(json);
		free(json);
	} else if (ep->n_terms == 0) {
		printf("Episode %lld has no glossed terms.\n", ep->id);
	} else {
		for (size_t i = 0; i < ep->n_terms; i++) {
			const struct term *t = &ep->terms[i];
			cli_put(t->term);
			if (t->gloss[0]) {
				fputs(" \u2014 ", stdout);
				cli_put(t->gloss);
			}
			printf(" (%d)\n", t->count);
		}
	}
	episode_free(ep);
	return rc;
}

/* ---- audio --------------------------------------------------------------- */

/* audio ID: prints the episode's audio (or says it has none, and what the
 * reader offers instead); audio ID AUDIO sets it; audio ID --none removes
 * it. */
static int cli_audio(struct cli *c)
{
	bool none = c->options & CLI_OPT_NONE;
	struct episode *ep;
	char *audio = NULL;
	int rc;

	if (none && c->n_args > 1)
		return cli_usage_error("'audio' takes either AUDIO or --none, "
				       "not both");
	if (c->n_args > 1 && c->args[1][0] == '\0')
		return cli_usage_error("'audio' needs a file or a URL (to "
				       "remove the audio: buildspeak audio ID "
				       "--none)");
	/* The episode first: "no episode 7" beats "no file x.mp3". */
	rc = cli_load_arg(c, &ep);
	if (rc != EX_OK)
		return rc;
	if (c->n_args == 1 && !none) {
		if (ep->audio[0]) {
			cli_put(ep->audio);
			putchar('\n');
		} else if (ep->source_url[0]) {
			printf("episode %lld has no audio; the reader offers "
			       "its source link: ", ep->id);
			cli_put(ep->source_url);
			putchar('\n');
		} else {
			printf("episode %lld has no audio\n", ep->id);
		}
		episode_free(ep);
		return EX_OK;
	}
	if (!none)
		rc = cli_audio_source(c, c->args[1], &audio);
	if (rc == EX_OK && store_episode_set_audio(c->st, ep->id,
						   audio ? audio : "") != 0)
		rc = cli_store_failed(c, "cannot set the audio");
	if (rc == EX_OK)
		cli_print_audio_set(ep->id, audio ? audio : "");
	free(audio);
	episode_free(ep);
	return rc;
}

/* ---- no command: the reader ---------------------------------------------- */

/* The bundled sample episode: in $BUILDSPEAK_DATA, then the source tree's
 * data/ (a build run in place), then the installed data directory. Returns
 * a new path, or NULL when none is readable. */
static char *cli_find_sample(void)
{
	const char *dirs[] = { getenv("BUILDSPEAK_DATA"), BUILDSPEAK_SRCDATADIR,
			       BUILDSPEAK_DATADIR };

	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		if (!dirs[i] || !dirs[i][0])
			continue;
		char *path = xasprintf("%s/sample.page.txt", dirs[i]);
		if (access(path, R_OK) == 0)
			return path;
		free(path);
	}
	return NULL;
}

/* The sample's synthesised audio (data/synth-audio, made by
 * `./bootstrap.sh run`): $BUILDSPEAK_SAMPLE_AUDIO, else sample-audio.flac
 * next to the program. Returns its absolute path (new), or NULL when there
 * is none: the sample is then imported without audio. */
static char *cli_find_sample_audio(void)
{
	const char *env = getenv("BUILDSPEAK_SAMPLE_AUDIO");
	char *path = NULL;

	if (env && env[0]) {
		path = xstrdup(env);
	} else {
		char exe[4096];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
		if (n <= 0 || n == (ssize_t)sizeof exe - 1)
			return NULL;
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (!slash)
			return NULL;
		*slash = '\0';
		path = xasprintf("%s/sample-audio.flac", exe);
	}
	char *real = access(path, R_OK) == 0 ? realpath(path, NULL) : NULL;
	free(path);
	return real;
}

/* Creates directory path and its parents (mode 0700 for new ones). */
static int cli_mkdirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		int rc = mkdir(path, 0700);
		*p = '/';
		if (rc != 0 && errno != EEXIST)
			return -1;
	}
	return mkdir(path, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

/* Opens the reader's log, where stderr goes while the reader owns the
 * terminal: $XDG_STATE_HOME/buildspeak/reader.log (else ~/.local/state/...),
 * emptied at each start; else an unnamed temporary file. *path gets its
 * name (new) or NULL. Returns the descriptor or -1. */
static int cli_open_log(char **path)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	char *dir = NULL;

	*path = NULL;
	if (state && state[0] == '/')
		dir = xasprintf("%s/buildspeak", state);
	else if (home && home[0] == '/')
		dir = xasprintf("%s/.local/state/buildspeak", home);
	if (dir && cli_mkdirs(dir) == 0) {
		char *name = xasprintf("%s/reader.log", dir);
		int fd = open(name, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
			      0600);
		if (fd >= 0) {
			free(dir);
			*path = name;
			return fd;
		}
		free(name);
	}
	free(dir);
	const char *tmp = getenv("TMPDIR");
	return open(tmp && tmp[0] ? tmp : "/tmp", O_RDWR | O_TMPFILE | O_CLOEXEC,
		    0600);
}

/* Shows what went to the log while the reader ran: our own messages
 * ("buildspeak: ...") as they are, the first lines of others (sanitised:
 * they may quote file names) under a heading, and how many more. */
static void cli_replay_log(int fd, const char *path)
{
	enum { MAX_LINES = 8 };
	int copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	FILE *f = copy >= 0 ? fdopen(copy, "r") : NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int n = 0;
	bool heading = false;

	if (!f) {
		if (copy >= 0)
			close(copy);
		return;
	}
	rewind(f);
	while ((len = getline(&line, &cap, f)) > 0) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "buildspeak: ", 12) == 0) {
			/* Ours, but they may quote untrusted names (and
			 * anything can write a line that starts so). */
			char *t = text_sanitize_line(line);
			fprintf(stderr, "%s\n", t);
			free(t);
			continue;
		}
		if (!heading)
			fprintf(stderr, "buildspeak: printed while the reader "
				"ran%s%s%s:\n", path ? " (kept in " : "",
				path ? path : "", path ? ")" : "");
		heading = true;
		if (n++ >= MAX_LINES)
			continue;
		char *t = text_sanitize_line(line);
		fprintf(stderr, "  %s\n", t);
		free(t);
	}
	if (n > MAX_LINES)
		fprintf(stderr, "  ... and %d more lines\n", n - MAX_LINES);
	free(line);
	fclose(f);
}

/* Runs the reader with stderr sent to the log: libraries the player loads
 * (ALSA, PipeWire) print there from their own threads, and not a byte of
 * it may land on the reader's screen. The terminal restored, the log's
 * lines are shown. */
static int cli_run_reader(struct cli *c)
{
	char *log_path = NULL;
	int log = cli_open_log(&log_path);
	int saved = log >= 0 ? fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3) : -1;

	if (saved >= 0 && dup2(log, STDERR_FILENO) < 0) {
		close(saved);
		saved = -1;
	}
	int rc = reader_run(c->st, &c->reader);
	if (saved >= 0) {
		fflush(stderr);
		dup2(saved, STDERR_FILENO);
		close(saved);
		cli_replay_log(log, log_path);
	}
	if (log >= 0)
		close(log);
	free(log_path);
	return rc;
}

/* `buildspeak` alone. The only path that adds an episode by itself: an
 * empty library gets the bundled sample (with its synthesised audio when
 * there is some), so a new user sees -- and hears -- something at once. On
 * a terminal it runs the full-screen reader; otherwise (a pipe) it prints
 * the episode last opened (else the newest) as `show` does. */
static int cli_reader(struct cli *c)
{
	struct episode *ep;
	long long id = 0;
	int rc = cli_open(c);

	if (rc != EX_OK)
		return rc;
	long count = store_episode_count(c->st);
	if (count < 0)
		return cli_store_failed(c, "cannot read the library");
	if (count == 0) {
		bool stored;
		char *sample = cli_find_sample();
		if (!sample) {
			cli_error("the library is empty and the bundled sample "
				  "episode is not found (set BUILDSPEAK_DATA to "
				  "the directory holding sample.page.txt)");
			return EX_UNAVAILABLE;
		}
		char *audio = cli_find_sample_audio();
		rc = cli_import_one(c, sample, false, audio, &stored, &id);
		free(audio);
		free(sample);
		if (rc != EX_OK)
			return rc;
	} else {
		id = store_last_opened(c->st);
		if (id < 0)
			return cli_store_failed(c, "cannot read the library");
		if (id == 0) {
			struct episode_summary *v;
			size_t n;
			if (store_episode_list(c->st, &v, &n) != 0)
				return cli_store_failed(c, "cannot list the episodes");
			id = n ? v[0].id : 0;
			store_summaries_free(v, n);
		}
	}
	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
		return cli_run_reader(c);
	rc = cli_load(c, id, &ep);
	if (rc != EX_OK)
		return rc;
	cli_print_episode(c, ep);
	episode_free(ep);
	return EX_OK;
}

/* ---- main ---------------------------------------------------------------- */

/* stdout's width when it is a terminal, else 0 (pipes get whole lines). */
static int cli_columns(void)
{
	struct winsize ws;

	if (!isatty(STDOUT_FILENO))
		return 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

static int cli_run(struct cli *c, int argc, char **argv)
{
	const struct cli_command *cmd = NULL;
	int rc = cli_parse(c, argc, argv);

	if (rc != EX_OK)
		return rc;
	if (c->help) {
		cli_print_help();
		return EX_OK;
	}
	if (c->version) {
		printf("buildspeak %s\n", BUILDSPEAK_VERSION);
		return EX_OK;
	}
	if (c->command) {
		if (strcmp(c->command, "help") == 0) {
			cli_print_help();
			return EX_OK;
		}
		cmd = cli_find_command(c->command);
		if (!cmd)
			return cli_usage_error("unknown command '%s'",
					       cli_clean(c, c->command));
	}
	rc = cli_check(c, cmd);
	if (rc != EX_OK)
		return rc;
	c->columns = cli_columns();
	return cmd ? cmd->run(c) : cli_reader(c);
}

int cli_main(int argc, char **argv)
{
	struct cli c = { 0 };
	int rc;

	c.reader.ambiguous_wide = -1; /* the config decides */
	/* The user's locale for the reader's terminal; numbers stay "C"
	 * (libmpv requires it, and JSON and SQL want '.' decimals). */
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");

	rc = cli_vocab_main(argc, argv); /* vocab: cli_vocab.c (issue 5) */
	if (rc < 0)
		rc = cli_run(&c, argc, argv);
	store_close(c.st);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("cannot write the output: %s", strerror(errno));
		if (rc == EX_OK)
			rc = EX_IOERR;
	}
	for (size_t i = 0; i < c.n_garbage; i++)
		free(c.garbage[i]);
	free(c.garbage);
	free(c.args);
	free(c.db_path);
	return rc;
}
