/* cli_int: what the files of the cli module share -- the parsed command
 * line (struct cli), the command table's entry, the option keys, the one
 * error sink and the library opening. Private to src/cli*.c.
 *
 * The module's files: cli.c (the table, the parser, generated help, the
 * sink, opening the library), cli_episodes.c (import, list, show,
 * glossary, audio, rm), cli_vocab.c (vocab add|list|rm|export),
 * cli_reader.c (no command: the reader, or the episode printed).
 *
 * Adding a command: write `int cli_cmd_NAME(struct cli *c)` in the file
 * of its noun group (declared below), and add one entry to cli_commands[]
 * in cli.c (name, operands, options, help). A new option is one key in
 * enum cli_opt and one line in cli_options[]; the command reads it with
 * cli_opt(c, CLI_O_KEY). Usage errors, --help and the option checks come
 * from the table. */
#ifndef BUILDSPEAK_CLI_INT_H
#define BUILDSPEAK_CLI_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "buildspeak/reader.h"
#include "buildspeak/text.h"

struct episode;
struct store;
struct cli;

/* Every option the program knows. The first ones are global (accepted
 * with every command, before or after it); the others only where a
 * command's entry lists them. */
enum cli_opt {
	CLI_O_DB,
	CLI_O_HELP,
	CLI_O_VERSION,
	CLI_O_AO,             /* the reader's options: global, and ignored */
	CLI_O_NO_AUDIO,       /* by the commands */
	CLI_O_AMBIGUOUS_WIDE,
	CLI_O_NO_COLOR,
	CLI_O_CONFIG,
	CLI_O_GLOBAL_END,     /* not an option: the end of the global ones */
	CLI_O_JSON = CLI_O_GLOBAL_END,
	CLI_O_REPLACE,
	CLI_O_AUDIO,
	CLI_O_NONE,
	CLI_O_GLOSS,
	CLI_O_NOTE,
	CLI_O_EPISODE,
	CLI_O_AT,
	CLI_O_FORMAT,
	CLI_O_OUTPUT,
	CLI_O_EN,             /* subtitles: import --en/--zh FILE, --lang, */
	CLI_O_ZH,             /* --title, --date; export --lang; search --lang */
	CLI_O_LANG,
	CLI_O_TITLE,
	CLI_O_DATE,
	CLI_O_DECK,
	CLI_O_NO_BOM,
	CLI_O_PAD,
	CLI_O_LIMIT,
	CLI_O_GLOSSARY,
	CLI_O_COUNT
};

/* A command's set of options, as bits: CLI_OPT(CLI_O_JSON) | ... */
#define CLI_OPT(k) ((uint64_t)1 << (k))

/* One option: how it is spelt, whether it takes a value, its help. */
struct cli_option {
	enum cli_opt key;
	const char *name;   /* "--format" */
	char short_name;    /* 'o' for -o; 0 for none */
	const char *arg;    /* the value's name in help ("FMT"); NULL: a flag */
	bool arg_optional;  /* the value only as --name=VALUE */
	const char *help;   /* one line */
};

/* One command of the table. A command of a group (`vocab add`) has the
 * group's name in group; `buildspeak vocab --help` lists the group. */
struct cli_command {
	const char *group;    /* "vocab", or NULL for a top-level command */
	const char *name;     /* "add" */
	const char *operands; /* for usage: "TERM", "ID [AUDIO]", "FILE..." */
	const char *operand;  /* what a missing operand is, for messages:
				 "a TERM" */
	int min_args, max_args; /* operand count; max -1: no limit */
	uint64_t options;     /* CLI_OPT() bits beyond the global options */
	int (*run)(struct cli *c);
	const char *help;     /* one line for the command list */
	const char *more;     /* more for `COMMAND --help`, or NULL; lines
				 end with '\n' */
	const char *too_many; /* a hint after "unexpected argument", or NULL */
};

/* How a command uses the library: cli_open's argument. */
enum cli_access {
	CLI_READ,   /* only reads it */
	CLI_WRITE,  /* writes it; creates it when it does not exist */
};

/* One run of the program: the parsed command line and the open library. */
struct cli {
	const struct cli_command *cmd; /* NULL for the reader */
	const char *opt[CLI_O_COUNT]; /* each option's value as given (a
					 flag: its own spelling); NULL when
					 not given; argv-owned */
	char **args;           /* the command's operands, argv-owned; n_args */
	int n_args;
	struct reader_options reader; /* --ao, --no-audio, ... for the reader */
	char *db_path;         /* the library's path, owned; NULL until opened */
	struct store *st;      /* the open library, or NULL */
	int columns;           /* stdout's width if it is a terminal, else 0 */
	struct text_metrics metrics; /* widths for tables and wrapping */
};

/* The option's value (or a flag's spelling) when given, else NULL. */
static inline const char *cli_opt(const struct cli *c, enum cli_opt k)
{
	return c->opt[k];
}

/* ---- cli.c: the one error sink, output, the library ---------------------- */

/* Prints "buildspeak: <message>" on stderr as one sanitised line: every
 * argument may be untrusted (a term, a file name, a title). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A usage error: cli_error's line, a pointer to the command's --help;
 * returns EX_USAGE. */
int cli_usage(const struct cli *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints printf-style text on stdout as one sanitised line, without a
 * newline (the caller ends the line). */
void cli_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Writes one untrusted field to stdout, sanitised to one line. */
void cli_put(const char *s);

/* Opens the library (once per run; later calls return at once). A
 * command that only reads passes CLI_READ. Returns EX_OK or an exit
 * status (message printed). */
int cli_open(struct cli *c, enum cli_access how);
/* Reports a failed library operation ("what: reason (library PATH)") and
 * returns its exit status: the one place where a store failure becomes
 * an exit status. */
int cli_store_failed(struct cli *c, const char *what);
/* Loads episode id into *out (new, owned by the caller) from the open
 * library. Returns EX_OK, EX_NOINPUT for a missing episode, or the
 * status of a failing library (messages printed). */
int cli_load(struct cli *c, long long id, struct episode **out);
/* Parses operand i as an episode id and loads the episode (opening the
 * library for how). Returns EX_OK or an exit status (message printed). */
int cli_load_arg(struct cli *c, int i, enum cli_access how,
		 struct episode **out);

/* Parses an episode id as the user writes it: a positive decimal number,
 * digits only. Returns false (printing nothing) for anything else. */
bool cli_parse_id(const char *s, long long *id);

/* Columns that the table cell for raw (untrusted; NULL or "" shows as "-")
 * takes, at most cap (<= 0: no cap). */
int cli_cell_width(const char *raw, int cap, const struct text_metrics *m);
/* Prints raw as a table cell on stdout: sanitised to one line, cut to cols
 * columns with an ellipsis where it was cut (cols <= 0: no limit), padded
 * with spaces to pad columns. */
void cli_put_cell(const char *raw, int cols, int pad,
		  const struct text_metrics *m);
/* Column width of a decimal number. */
int cli_digits(long long v);

/* ---- the commands, by noun group ------------------------------------------ */

/* cli_episodes.c */
int cli_cmd_import(struct cli *c);
int cli_cmd_list(struct cli *c);
int cli_cmd_show(struct cli *c);
int cli_cmd_glossary(struct cli *c);
int cli_cmd_audio(struct cli *c);
/* cli_search.c */
int cli_cmd_search(struct cli *c);
int cli_cmd_rm(struct cli *c);
int cli_cmd_export(struct cli *c);

/* Prints an episode as `show` does (the reader does so in a pipe). */
void cli_print_episode(const struct cli *c, const struct episode *ep);
/* Imports one file as `import` does (de-duplication, --replace, audio);
 * *id_out gets the episode's id. Returns an exit status. */
int cli_import_one(struct cli *c, const char *path, bool replace,
		   const char *audio, bool *stored, long long *id_out);

/* cli_vocab.c */
int cli_cmd_vocab_add(struct cli *c);
int cli_cmd_vocab_list(struct cli *c);
int cli_cmd_vocab_rm(struct cli *c);
int cli_cmd_vocab_export(struct cli *c);

/* cli_define.c: the library's glosses and the dictionaries (lookup.h) */
int cli_cmd_define(struct cli *c);

/* cli_reader.c: no command */
int cli_cmd_reader(struct cli *c);

#endif
