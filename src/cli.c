/* cli: the command line -- one table of commands (with the `vocab` group's
 * subcommands), one parser, one error sink, help generated from the
 * table, and the library opened in one place. The command bodies live by
 * noun group in cli_episodes.c, cli_vocab.c and cli_reader.c; cli_int.h
 * says how to add a command.
 *
 * Everything in the library came from files somebody else wrote, and
 * terms and paths come from the user: every message and every field
 * printed in readable form is sanitised first, so a title holding
 * "\x1b]0;pwned\a" cannot retitle the user's terminal. The JSON forms are
 * SQLite's own output, where control characters are already escaped. */
#include "buildspeak/cli.h"
#include "cli_int.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sysexits.h>
#include <unistd.h>

#include "buildspeak/alloc.h"
#include "buildspeak/episode.h"
#include "buildspeak/export.h"
#include "buildspeak/store.h"

/* ---- the tables ------------------------------------------------------------- */

static const struct cli_option cli_options[] = {
	{ CLI_O_DB, "--db", 0, "PATH", false,
	  "the library file (default: $BUILDSPEAK_DB, else "
	  "$XDG_DATA_HOME/buildspeak/library.db)" },
	{ CLI_O_HELP, "--help", 'h', NULL, false,
	  "print the help (of a command, after it) and exit" },
	{ CLI_O_VERSION, "--version", 'V', NULL, false,
	  "print the version and exit" },
	{ CLI_O_AO, "--ao", 0, "NAME", false,
	  "mpv audio output: null (silent, for machines without sound), "
	  "pulse, alsa, ...; default $BUILDSPEAK_AO, else the config's "
	  "'set ao'" },
	{ CLI_O_NO_AUDIO, "--no-audio", 0, NULL, false,
	  "never start the player: read only" },
	{ CLI_O_AMBIGUOUS_WIDE, "--ambiguous-wide", 0, "yes|no", true,
	  "East Asian ambiguous characters (curly quotes, ellipsis, middle "
	  "dot) take two columns, as in CJK terminals" },
	{ CLI_O_NO_COLOR, "--no-color", 0, NULL, false,
	  "no colours (as NO_COLOR=1 does)" },
	{ CLI_O_CONFIG, "--config", 0, "FILE", false,
	  "read FILE instead of the user's config" },
	{ CLI_O_JSON, "--json", 0, NULL, false, "print JSON" },
	{ CLI_O_REPLACE, "--replace", 0, NULL, false,
	  "replace an episode already stored (keeping its id)" },
	{ CLI_O_AUDIO, "--audio", 0, "AUDIO", false,
	  "the episode's audio, a file or a URL (one FILE only)" },
	{ CLI_O_NONE, "--none", 0, NULL, false, "remove the episode's audio" },
	{ CLI_O_GLOSS, "--gloss", 0, "G", false,
	  "the gloss (default: the episode's glossary's)" },
	{ CLI_O_NOTE, "--note", 0, "N", false, "a note of yours" },
	{ CLI_O_EPISODE, "--episode", 0, "ID", false,
	  "the episode (vocab add: the sentence's; search: the only one)" },
	{ CLI_O_AT, "--at", 0, "TIME", false,
	  "the sentence holding the term nearest TIME (seconds, MM:SS or "
	  "H:MM:SS), within a minute" },
	{ CLI_O_FORMAT, "--format", 0, "FORMAT", false,
	  "the format: csv|anki|md|json|apkg for the book, vtt|srt for an "
	  "episode (default: from -o FILE's extension)" },
	{ CLI_O_OUTPUT, "--output", 'o', "FILE", false,
	  "write FILE (atomically) instead of standard output; - is "
	  "standard output" },
	{ CLI_O_EN, "--en", 0, "FILE", false,
	  "the English subtitles (WebVTT or SRT) of a talk" },
	{ CLI_O_ZH, "--zh", 0, "FILE", false,
	  "the Chinese subtitles of the same talk" },
	{ CLI_O_LANG, "--lang", 0, "en|zh|both", false,
	  "import: the language of one subtitle file (default: from its "
	  "name, else its script); export: what to write (default both); "
	  "search: only the English (en) or the Chinese (zh) side" },
	{ CLI_O_TITLE, "--title", 0, "TITLE", false,
	  "the title of subtitles (default: the file name)" },
	{ CLI_O_DATE, "--date", 0, "YYYY-MM-DD", false,
	  "the date of subtitles (default: the file's modification date)" },
	{ CLI_O_DECK, "--deck", 0, "NAME", false,
	  "anki, apkg: the Anki deck (default BuildSpeak)" },
	{ CLI_O_NO_BOM, "--no-bom", 0, NULL, false,
	  "csv: no UTF-8 byte-order mark (one is written to a .csv file)" },
	{ CLI_O_PAD, "--pad", 0, "SECONDS", false,
	  "apkg: audio kept before and after each sentence (default 0.25)" },
	{ CLI_O_LIMIT, "--limit", 0, "N", false,
	  "at most N hits (default 20; 0: every hit)" },
	{ CLI_O_GLOSSARY, "--glossary", 0, NULL, false,
	  "search the glossaries' terms and glosses instead" },
};
#define CLI_N_OPTIONS (sizeof cli_options / sizeof cli_options[0])

/* Options whose value may be "" (a gloss or note left empty). */
#define CLI_EMPTY_OK (CLI_OPT(CLI_O_GLOSS) | CLI_OPT(CLI_O_NOTE))

static const struct cli_command cli_commands[] = {
	{ NULL, "import", "FILE...", "a FILE", 0, -1,
	  CLI_OPT(CLI_O_REPLACE) | CLI_OPT(CLI_O_AUDIO) | CLI_OPT(CLI_O_EN) |
		  CLI_OPT(CLI_O_ZH) | CLI_OPT(CLI_O_LANG) |
		  CLI_OPT(CLI_O_TITLE) | CLI_OPT(CLI_O_DATE),
	  cli_cmd_import,
	  "store episodes from page text, JSON, WebVTT or SRT files",
	  "An episode already in the library (same source URL; without one,\n"
	  "same podcast, date and title) is not stored twice (exit 0, a notice\n"
	  "says so); --replace replaces it. A bad file is refused with its\n"
	  "line and the problem (exit 65); a batch stops there. Every FILE is\n"
	  "checked before the library is opened or created.\n"
	  "Subtitles are known by their content. Two files of one talk named\n"
	  "NAME.en.vtt and NAME.zh-Hans.vtt (any .en./.zh. language part, .vtt\n"
	  "or .srt) make one bilingual episode, cues paired by time; so do\n"
	  "--en FILE --zh FILE. --lang, --title, --date and --audio describe\n"
	  "one episode: one FILE or one pair.\n", NULL },
	{ NULL, "export", "ID", "an ID", 1, 1,
	  CLI_OPT(CLI_O_FORMAT) | CLI_OPT(CLI_O_LANG) | CLI_OPT(CLI_O_OUTPUT),
	  cli_cmd_export, "write an episode out as WebVTT or SRT subtitles",
	  "--format vtt|srt (default: from -o FILE's extension); --lang en,\n"
	  "zh or both (default: both, the English line then the Chinese line\n"
	  "of each cue). Times are exact to the millisecond; segments with no\n"
	  "text in the language asked for are left out. A file is replaced\n"
	  "atomically.\n", NULL },
	{ NULL, "list", "", "", 0, 0, CLI_OPT(CLI_O_JSON), cli_cmd_list,
	  "list the episodes, newest first", NULL, NULL },
	{ NULL, "show", "ID", "an ID", 1, 1, CLI_OPT(CLI_O_JSON), cli_cmd_show,
	  "print an episode and all its segments", NULL, NULL },
	{ NULL, "glossary", "ID", "an ID", 1, 1, CLI_OPT(CLI_O_JSON),
	  cli_cmd_glossary, "print the terms an episode glosses", NULL, NULL },
	{ NULL, "audio", "ID [AUDIO]", "an ID", 1, 2, CLI_OPT(CLI_O_NONE),
	  cli_cmd_audio, "print, set or remove an episode's audio",
	  "A local file is stored as its absolute path and must exist; a URL\n"
	  "(scheme://...) is stored as given.\n", NULL },
	{ NULL, "rm", "ID", "an ID", 1, 1, 0, cli_cmd_rm,
	  "remove an episode (its vocabulary keeps its sentences)",
	  "Removes the episode with its segments, glossary and reading\n"
	  "progress. Terms saved from it stay in the vocabulary book with\n"
	  "their sentences.\n", NULL },
	{ NULL, "define", "WORD...", "a WORD", 1, -1, CLI_OPT(CLI_O_JSON),
	  cli_cmd_define, "look words up: the library's glosses, then "
	  "WordNet and dictd dictionaries",
	  "Shows every gloss the library's episodes gave the word or phrase\n"
	  "(and its lemma: models -> model), then its senses in WordNet and in\n"
	  "the dictd databases (the config's 'dict FILE' lines, then\n"
	  "/usr/share/dictd). A phrase found nowhere whole is looked up by its\n"
	  "head word. Offline. A corrupt dictionary exits 65, WordNet's data\n"
	  "missing 69 (after printing what the other sources found).\n",
	  " (quote a phrase: \"world models\")" },
	{ NULL, "search", "QUERY", "a QUERY", 1, 1,
	  CLI_OPT(CLI_O_EPISODE) | CLI_OPT(CLI_O_LANG) | CLI_OPT(CLI_O_LIMIT) |
		  CLI_OPT(CLI_O_GLOSSARY) | CLI_OPT(CLI_O_JSON),
	  cli_cmd_search, "search the sentences of every episode",
	  "Words in any case, all of them in one sentence; \"a phrase\" in\n"
	  "quotes; English inflections match (model finds models); Chinese\n"
	  "of any length matches as written. Other characters (* - : NEAR)\n"
	  "are only text. Best first (bm25, then newest episode); matches\n"
	  "shown between \u00ab \u00bb. --episode ID searches one episode.\n"
	  "Exit 0 with hits, 1 without, 64 for a query with nothing to\n"
	  "search.\n", " (quote a query of several words: \"world models\")" },
	{ "vocab", "add", "TERM", "a TERM", 1, 1,
	  CLI_OPT(CLI_O_GLOSS) | CLI_OPT(CLI_O_NOTE) | CLI_OPT(CLI_O_EPISODE) |
		  CLI_OPT(CLI_O_AT),
	  cli_cmd_vocab_add, "save a term in the vocabulary book",
	  "With --episode, the sentence is the first one holding the term;\n"
	  "with --at TIME too, the one holding it nearest TIME within a minute\n"
	  "(none there: exit 1, nothing saved). TIME is seconds (754), MM:SS\n"
	  "or H:MM:SS. A term already in the book gains the sentence.\n",
	  " (quote a phrase: \"world model\")" },
	{ "vocab", "list", "", "", 0, 0, CLI_OPT(CLI_O_JSON), cli_cmd_vocab_list,
	  "list the book, newest first", NULL, NULL },
	{ "vocab", "rm", "TERM", "a TERM", 1, 1, 0, cli_cmd_vocab_rm,
	  "remove a term from the book (any case)", NULL,
	  " (quote a phrase: \"world model\")" },
	{ "vocab", "export", "", "", 0, 0,
	  CLI_OPT(CLI_O_FORMAT) | CLI_OPT(CLI_O_OUTPUT) | CLI_OPT(CLI_O_DECK) |
		  CLI_OPT(CLI_O_PAD) | CLI_OPT(CLI_O_NO_BOM),
	  cli_cmd_vocab_export,
	  "write the book out (standard output by default)",
	  "The format is --format, else -o FILE's extension (.csv, .txt for\n"
	  "Anki, .md, .json, .apkg); the two must agree. A file is replaced\n"
	  "atomically; a write-protected one is refused (exit 73). A CSV\n"
	  "written to a .csv file begins with a UTF-8 byte-order mark, so\n"
	  "spreadsheets read its Chinese right (--no-bom leaves it out);\n"
	  "anki takes --deck NAME for its #deck: line.\n"
	  "apkg is an Anki package (-o FILE only): a note per term with its\n"
	  "sentence and the sentence's audio cut from the episode's audio\n"
	  "file, in the deck --deck NAME, with --pad SECONDS (0 to 10) of\n"
	  "audio kept each side. Ctrl-C cancels it, writing nothing.\n",
	  NULL },
};
#define CLI_N_COMMANDS (sizeof cli_commands / sizeof cli_commands[0])

/* ---- the error sink and output ----------------------------------------------- */

/* Writes printf-style text to f as one sanitised line between prefix and
 * suffix (both trusted). */
static void cli_vput(FILE *f, const char *prefix, const char *suffix,
		     const char *fmt, va_list ap)
{
	char *raw = xvasprintf(fmt, ap);
	char *s = text_sanitize_line(raw);

	fprintf(f, "%s%s%s", prefix, s, suffix);
	free(s);
	free(raw);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vput(stderr, "buildspeak: ", "\n", fmt, ap);
	va_end(ap);
}

/* "vocab export" for a command, for messages. */
static const char *cli_command_name(const struct cli_command *cmd, char *buf,
				    size_t size)
{
	snprintf(buf, size, "%s%s%s", cmd->group ? cmd->group : "",
		 cmd->group ? " " : "", cmd->name);
	return buf;
}

int cli_usage(const struct cli *c, const char *fmt, ...)
{
	va_list ap;
	char name[64];

	va_start(ap, fmt);
	cli_vput(stderr, "buildspeak: ", "\n", fmt, ap);
	va_end(ap);
	if (c && c->cmd)
		fprintf(stderr, "Try 'buildspeak %s --help' (or 'buildspeak "
			"--help') for more information.\n",
			cli_command_name(c->cmd, name, sizeof name));
	else
		fputs("Try 'buildspeak --help' for more information.\n", stderr);
	return EX_USAGE;
}

void cli_say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vput(stdout, "", "", fmt, ap);
	va_end(ap);
}

void cli_put(const char *s)
{
	char *t = text_sanitize_line(s ? s : "");

	fputs(t, stdout);
	free(t);
}

/* ---- generated help ------------------------------------------------------------ */

static const struct cli_option *cli_option_of(enum cli_opt k)
{
	for (size_t i = 0; i < CLI_N_OPTIONS; i++)
		if (cli_options[i].key == k)
			return &cli_options[i];
	return NULL;
}

/* "-o FILE", "--json", "--ambiguous-wide[=yes|no]" into buf. */
static const char *cli_option_spelling(const struct cli_option *o, bool both,
				       char *buf, size_t size)
{
	char name[40];

	if (o->short_name && both)
		snprintf(name, sizeof name, "-%c, %s", o->short_name, o->name);
	else if (o->short_name)
		snprintf(name, sizeof name, "-%c", o->short_name);
	else
		snprintf(name, sizeof name, "%s", o->name);
	if (!o->arg)
		snprintf(buf, size, "%s", name);
	else if (o->arg_optional)
		snprintf(buf, size, "%s[=%s]", name, o->arg);
	else
		snprintf(buf, size, "%s %s", name, o->arg);
	return buf;
}

/* "vocab add TERM [--gloss G] ..." into a new string. */
static char *cli_synopsis(const struct cli_command *cmd)
{
	char name[64], spell[64];
	char *s = xasprintf("%s%s%s", cli_command_name(cmd, name, sizeof name),
			    cmd->operands[0] ? " " : "", cmd->operands);

	for (size_t i = 0; i < CLI_N_OPTIONS; i++) {
		if (!(cmd->options & CLI_OPT(cli_options[i].key)))
			continue;
		char *t = xasprintf("%s [%s]", s,
				    cli_option_spelling(&cli_options[i], false,
							spell, sizeof spell));
		free(s);
		s = t;
	}
	return s;
}

/* Prints "  LEFT  text" with text in a column, LEFT on a line of its own
 * when it is too long, text wrapped to about 78 columns. */
static void cli_help_row(const char *left, const char *text)
{
	enum { COL = 31, WIDTH = 78 };
	int n = printf("  %s", left);

	if (n >= COL - 1) {
		putchar('\n');
		n = 0;
	}
	const char *p = text;
	while (*p) {
		size_t room = WIDTH - COL, len = strlen(p);
		if (len > room) {
			len = room;
			while (len > 0 && p[len] != ' ')
				len--;
			if (len == 0)
				len = strcspn(p, " ");
		}
		printf("%*s%.*s\n", COL - n, "", (int)len, p);
		n = 0;
		p += len;
		while (*p == ' ')
			p++;
	}
}

static void cli_help_exit_status(void)
{
	printf("\n"
	       "Exit status: 0 ok; 1 no sentence holds the term near --at,\n"
	       "or search found nothing; "
	       "64 usage (or a query with nothing to search);\n"
	       "65 bad input file; 66 missing file, episode or term;\n"
	       "69 sample not found; 73 output file cannot be created or\n"
	       "replaced; 74 library or output error. See buildspeak(1).\n");
}

static void cli_help_global(void)
{
	char spell[64];

	printf("usage: buildspeak [GLOBAL OPTIONS] [COMMAND [ARGS]]\n"
	       "\n"
	       "Reads the bilingual episodes of the BuildSpeak digest (English,\n"
	       "then Chinese, segment by timed segment) from a local library.\n"
	       "With no command, opens the full-screen reader on the episode read\n"
	       "last (else the newest); on an empty library it imports the bundled\n"
	       "sample episode first.\n"
	       "\n"
	       "commands ('buildspeak COMMAND --help' tells more):\n");
	for (size_t i = 0; i < CLI_N_COMMANDS; i++) {
		char *syn = cli_synopsis(&cli_commands[i]);
		cli_help_row(syn, cli_commands[i].help);
		free(syn);
	}
	printf("\nglobal options (before or after the command):\n");
	for (size_t i = 0; i < CLI_N_OPTIONS; i++) {
		const struct cli_option *o = &cli_options[i];
		if (o->key == CLI_O_AO)
			printf("\nthe reader's options (the commands ignore "
			       "them):\n");
		if (o->key == CLI_O_GLOBAL_END)
			printf("\ncommand options:\n");
		char *text = NULL;
		if (o->key >= CLI_O_GLOBAL_END) {
			/* Which commands take it, from the table. */
			char *which = xstrdup("");
			for (size_t k = 0; k < CLI_N_COMMANDS; k++) {
				char name[64];
				if (!(cli_commands[k].options & CLI_OPT(o->key)))
					continue;
				char *t = xasprintf("%s%s%s", which,
						    which[0] ? ", " : "",
						    cli_command_name(&cli_commands[k],
								     name,
								     sizeof name));
				free(which);
				which = t;
			}
			text = xasprintf("%s: %s", which, o->help);
			free(which);
		}
		cli_help_row(cli_option_spelling(o, true, spell, sizeof spell),
			     text ? text : o->help);
		free(text);
	}
	cli_help_exit_status();
}

/* The commands of a group, for `buildspeak vocab --help`. */
static void cli_help_group(const char *group)
{
	printf("usage: buildspeak [GLOBAL OPTIONS] %s COMMAND [ARGS]\n\n"
	       "commands ('buildspeak %s COMMAND --help' tells more):\n",
	       group, group);
	for (size_t i = 0; i < CLI_N_COMMANDS; i++) {
		const struct cli_command *cmd = &cli_commands[i];
		if (!cmd->group || strcmp(cmd->group, group) != 0)
			continue;
		char *syn = cli_synopsis(cmd);
		cli_help_row(syn, cmd->help);
		free(syn);
	}
	cli_help_exit_status();
}

static void cli_help_command(const struct cli_command *cmd)
{
	char spell[64];
	char *syn = cli_synopsis(cmd);

	printf("usage: buildspeak [GLOBAL OPTIONS] %s\n\n%s.\n", syn, cmd->help);
	free(syn);
	if (cmd->more)
		printf("\n%s", cmd->more);
	if (cmd->options) {
		printf("\noptions:\n");
		for (size_t i = 0; i < CLI_N_OPTIONS; i++) {
			const struct cli_option *o = &cli_options[i];
			if (cmd->options & CLI_OPT(o->key))
				cli_help_row(cli_option_spelling(o, true, spell,
								 sizeof spell),
					     o->help);
		}
	}
	printf("\nglobal options: --db PATH, the reader's options (ignored "
	       "here);\nsee 'buildspeak --help'.\n");
	cli_help_exit_status();
}

/* ---- the parser ------------------------------------------------------------------- */

/* The option spelt by word ("--name", "--name=value", "-o"); *inline_value
 * gets the part after '=' (or NULL). NULL when there is none. */
static const struct cli_option *cli_find_option(const char *word,
						const char **inline_value)
{
	*inline_value = NULL;
	for (size_t i = 0; i < CLI_N_OPTIONS; i++) {
		const struct cli_option *o = &cli_options[i];
		size_t n = strlen(o->name);
		if (word[1] != '-') {
			if (o->short_name && word[1] == o->short_name &&
			    word[2] == '\0')
				return o;
			continue;
		}
		if (strncmp(word, o->name, n) != 0)
			continue;
		if (word[n] == '\0')
			return o;
		if (word[n] == '=') {
			*inline_value = word + n + 1;
			return o;
		}
	}
	return NULL;
}

static const struct cli_command *cli_find_command(const char *group,
						  const char *name)
{
	for (size_t i = 0; i < CLI_N_COMMANDS; i++) {
		const struct cli_command *cmd = &cli_commands[i];
		if ((group ? cmd->group && strcmp(cmd->group, group) == 0
			   : !cmd->group) &&
		    strcmp(cmd->name, name) == 0)
			return cmd;
	}
	return NULL;
}

static bool cli_is_group(const char *word)
{
	for (size_t i = 0; i < CLI_N_COMMANDS; i++)
		if (cli_commands[i].group &&
		    strcmp(cli_commands[i].group, word) == 0)
			return true;
	return false;
}

/* "add, list, rm or export" for a group, new string. */
static char *cli_group_names(const char *group)
{
	char *s = xstrdup("");
	size_t n = 0, total = 0;

	for (size_t i = 0; i < CLI_N_COMMANDS; i++)
		total += cli_commands[i].group &&
			 strcmp(cli_commands[i].group, group) == 0;
	for (size_t i = 0; i < CLI_N_COMMANDS; i++) {
		if (!cli_commands[i].group ||
		    strcmp(cli_commands[i].group, group) != 0)
			continue;
		n++;
		char *t = xasprintf("%s%s%s", s,
				    n == 1 ? "" : n == total ? " or " : ", ",
				    cli_commands[i].name);
		free(s);
		s = t;
	}
	return s;
}

/* Reads the options (anywhere; "--" ends them) into c->opt and the other
 * words into words[]. Returns EX_OK or EX_USAGE (message printed). */
static int cli_parse_words(struct cli *c, int argc, char **argv, char **words,
			   int *n_words)
{
	bool done = false;

	*n_words = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *value = NULL;

		if (done || a[0] != '-' || a[1] == '\0') {
			words[(*n_words)++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			done = true;
			continue;
		}
		const struct cli_option *o = cli_find_option(a, &value);
		if (!o)
			return cli_usage(NULL, "unknown option '%s'", a);
		if (!o->arg && value)
			return cli_usage(NULL, "option %s takes no value",
					 o->name);
		if (o->arg && !value && !o->arg_optional) {
			if (i + 1 >= argc)
				return cli_usage(NULL, "option %s needs a%s %s",
						 o->short_name ? a : o->name,
						 strchr("AEIOU", o->arg[0])
							 ? "n" : "",
						 o->arg);
			value = argv[++i];
		}
		if (o->arg && value && !value[0] &&
		    !(CLI_EMPTY_OK & CLI_OPT(o->key)))
			return cli_usage(NULL, "option %s needs a non-empty %s",
					 o->name, o->arg);
		c->opt[o->key] = value ? value : a;
	}
	return EX_OK;
}

/* Sets the reader's options from the parsed ones. */
static int cli_reader_options(struct cli *c)
{
	const char *wide = cli_opt(c, CLI_O_AMBIGUOUS_WIDE);

	c->reader.ambiguous_wide = -1; /* the config decides */
	if (wide) {
		if (strcmp(wide, "no") == 0)
			c->reader.ambiguous_wide = 0;
		else if (strcmp(wide, "yes") == 0 || wide[0] == '-')
			c->reader.ambiguous_wide = 1;
		else
			return cli_usage(NULL, "option --ambiguous-wide takes "
					 "yes or no, not '%s'", wide);
	}
	c->reader.ao = cli_opt(c, CLI_O_AO);
	c->reader.config = cli_opt(c, CLI_O_CONFIG);
	c->reader.no_color = cli_opt(c, CLI_O_NO_COLOR) != NULL;
	c->reader.no_audio = cli_opt(c, CLI_O_NO_AUDIO) != NULL;
	return EX_OK;
}

/* Checks the options and operands against the command's entry. */
static int cli_check(struct cli *c)
{
	const struct cli_command *cmd = c->cmd;
	char name[64];

	for (int k = CLI_O_GLOBAL_END; k < CLI_O_COUNT; k++) {
		if (!c->opt[k] || (cmd && (cmd->options & CLI_OPT(k))))
			continue;
		const struct cli_option *o = cli_option_of((enum cli_opt)k);
		return cmd ? cli_usage(c, "option %s does not apply to '%s'",
				       o->name,
				       cli_command_name(cmd, name, sizeof name))
			   : cli_usage(c, "option %s needs a command", o->name);
	}
	if (!cmd)
		return EX_OK;
	cli_command_name(cmd, name, sizeof name);
	if (c->n_args < cmd->min_args)
		return cli_usage(c, "'%s' needs %s; usage: buildspeak %s%s%s",
				 name, cmd->operand, name,
				 cmd->operands[0] ? " " : "", cmd->operands);
	if (cmd->max_args >= 0 && c->n_args > cmd->max_args)
		return cli_usage(c, "unexpected argument '%s' for '%s'%s",
				 c->args[cmd->max_args], name,
				 cmd->too_many ? cmd->too_many : "");
	return EX_OK;
}

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
	char **words = xcalloc((size_t)argc + 1, sizeof *words);
	int n = 0, first = 0;
	bool help = false;
	int rc = cli_parse_words(c, argc, argv, words, &n);

	if (rc == EX_OK)
		rc = cli_reader_options(c);
	if (rc != EX_OK)
		goto out;
	help = cli_opt(c, CLI_O_HELP) != NULL;
	if (n > 0 && strcmp(words[0], "help") == 0) {
		help = true; /* `buildspeak help [COMMAND]` */
		first = 1;
	}
	if (first < n && cli_is_group(words[first])) {
		const char *group = words[first++];
		if (first >= n || strcmp(words[first], "help") == 0) {
			if (help || first < n) {
				cli_help_group(group);
				goto out;
			}
			char *names = cli_group_names(group);
			rc = cli_usage(NULL, "'%s' needs a command: %s", group,
				       names);
			free(names);
			goto out;
		}
		c->cmd = cli_find_command(group, words[first]);
		if (!c->cmd) {
			char *names = cli_group_names(group);
			rc = cli_usage(NULL, "unknown %s command '%s' (%s)",
				       group, words[first], names);
			free(names);
			goto out;
		}
		first++;
	} else if (first < n) {
		c->cmd = cli_find_command(NULL, words[first]);
		if (!c->cmd) {
			rc = cli_usage(NULL, "unknown command '%s'", words[first]);
			goto out;
		}
		first++;
	}
	if (help) {
		if (c->cmd)
			cli_help_command(c->cmd);
		else
			cli_help_global();
		goto out;
	}
	if (cli_opt(c, CLI_O_VERSION)) {
		printf("buildspeak %s\n", BUILDSPEAK_VERSION);
		goto out;
	}
	c->args = words + first;
	c->n_args = n - first;
	rc = cli_check(c);
	if (rc != EX_OK)
		goto out;
	c->columns = cli_columns();
	rc = c->cmd ? c->cmd->run(c) : cli_cmd_reader(c);
out:
	c->args = NULL;
	free(words);
	return rc;
}

/* ---- the library --------------------------------------------------------------- */

/* The exit status for a kind of store failure: the one place where the
 * store's error kinds become <sysexits.h> statuses. */
static int cli_status_of(enum store_err kind)
{
	switch (kind) {
	case STORE_OK:
		return EX_OK;
	case STORE_ERR_NOT_FOUND:
		return EX_NOINPUT;
	default: /* busy, read-only, full, I/O, not ours: the library's */
		return EX_IOERR;
	}
}

int cli_open(struct cli *c, enum cli_access how)
{
	enum store_err kind = STORE_OK;
	char err[512];

	if (c->st)
		return EX_OK;
	/* Both create a missing library, as the first use always has; a
	 * library that cannot be written opens read-only by itself, so the
	 * commands that only read work on read-only media, and a write
	 * there fails with "the library is read-only". */
	(void)how;
	c->db_path = store_default_path(cli_opt(c, CLI_O_DB)); /* never NULL */
	int from = store_upgrade_rebuilds_from(c->db_path);
	if (from)
		cli_error("upgrading the library %s from schema %d to %d: its "
			  "search index is built again, once (a large library "
			  "takes a while)", c->db_path, from,
			  store_schema_current());
	c->st = store_open(c->db_path, STORE_OPEN_CREATE, &kind, err,
			   sizeof err);
	if (!c->st) {
		cli_error("cannot open the library %s: %s", c->db_path, err);
		return cli_status_of(kind) == EX_NOINPUT ? EX_NOINPUT
							 : EX_IOERR;
	}
	return EX_OK;
}

int cli_store_failed(struct cli *c, const char *what)
{
	int rc = cli_status_of(store_errkind(c->st));

	cli_error("%s: %s (library %s)", what, store_error(c->st), c->db_path);
	return rc == EX_OK ? EX_IOERR : rc;
}

int cli_load(struct cli *c, long long id, struct episode **out)
{
	if (store_episode_load(c->st, id, out) == 0)
		return EX_OK;
	if (store_errkind(c->st) != STORE_ERR_NOT_FOUND)
		return cli_store_failed(c, "cannot load the episode");
	cli_error("no episode %lld in the library %s (see 'buildspeak list')",
		  id, c->db_path);
	return EX_NOINPUT;
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

int cli_load_arg(struct cli *c, int i, enum cli_access how,
		 struct episode **out)
{
	long long id = 0;
	int rc;

	if (!cli_parse_id(c->args[i], &id))
		return cli_usage(c, "'%s' is not an episode id (a number from "
				 "'buildspeak list')", c->args[i]);
	rc = cli_open(c, how);
	if (rc == EX_OK)
		rc = cli_load(c, id, out);
	return rc;
}

/* ---- table cells ------------------------------------------------------------------ */

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

/* The columns of raw when it is printable ASCII that fits in cols (<= 0:
 * no limit) -- shown as it is, a column a byte -- else -1. Most names and
 * titles are, and are spared the copy, the decoding and the measuring of
 * cli_fit: a table of a thousand rows prints each cell twice. */
static int cli_plain_cols(const char *raw, int cols)
{
	size_t i = 0;

	if (!raw || !raw[0])
		return -1;
	for (; raw[i]; i++) {
		unsigned char c = (unsigned char)raw[i];
		if (c < 0x20 || c > 0x7E)
			return -1;
	}
	if (i > (size_t)INT_MAX || (cols > 0 && i > (size_t)cols))
		return -1;
	return (int)i;
}

int cli_cell_width(const char *raw, int cap, const struct text_metrics *m)
{
	int w = cli_plain_cols(raw, cap);

	if (w < 0)
		free(cli_fit(raw, cap, m, &w));
	return w;
}

void cli_put_cell(const char *raw, int cols, int pad,
		  const struct text_metrics *m)
{
	int w = cli_plain_cols(raw, cols);
	char *t = NULL;

	if (w < 0)
		t = cli_fit(raw, cols, m, &w);
	fputs(t ? t : raw, stdout);
	for (; w < pad; w++)
		putchar(' ');
	free(t);
}

int cli_digits(long long v)
{
	int n = 1;

	for (; v >= 10 || v <= -10; v /= 10)
		n++;
	return n + (v < 0);
}

/* ---- main ------------------------------------------------------------------------ */

int cli_main(int argc, char **argv)
{
	struct cli c;
	int rc;

	memset(&c, 0, sizeof c);
	/* The user's locale for the reader's terminal; numbers stay "C"
	 * (libmpv requires it, and JSON and SQL want '.' decimals). */
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");

	rc = cli_run(&c, argc, argv);
	store_close(c.st);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("cannot write the output: %s", strerror(errno));
		if (rc == EX_OK)
			rc = EX_IOERR;
	}
	free(c.db_path);
	return rc;
}
