/* cli: the command line -- global options (with the reader's: --ao,
 * --no-audio, ...), the subcommands (import, list, show, glossary, audio)
 * and their exit statuses. main() only calls cli_main().
 *
 * Exit statuses follow <sysexits.h> and are documented in man/buildspeak.1:
 *   0  success (an import that found its episode already stored is a
 *      success: the episode is in the library, a notice says so);
 *  64  EX_USAGE     unknown command or option, missing or bad argument;
 *  65  EX_DATAERR   a file to import is not a valid episode;
 *  66  EX_NOINPUT   a file to import, an audio file to set (--audio, audio
 *                   ID FILE), or the episode asked for, is missing
 *                   or unreadable;
 *  69  EX_UNAVAILABLE  the bundled sample episode cannot be found;
 *  74  EX_IOERR     the library cannot be opened, read or written, or
 *                   standard output cannot be written. */
#ifndef BUILDSPEAK_CLI_H
#define BUILDSPEAK_CLI_H

#include <stdbool.h>

struct episode;
struct store;
struct text_metrics;

/* Runs buildspeak with the process's arguments (argv[0] included) and
 * returns the exit status. Prints results on stdout and one-line errors,
 * prefixed "buildspeak: ", on stderr; never calls exit(). */
int cli_main(int argc, char **argv);

/* The vocabulary book's commands (cli_vocab.c, issue 5): when the command
 * word of argv (after --db PATH) is "vocab", runs `buildspeak vocab
 * add|list|rm|export ...` and returns its exit status; otherwise returns
 * -1 having done nothing. They parse their own options (--gloss, --note,
 * --episode, --at, --format, -o, --json; --db also after the command).
 * Statuses as above; an unknown term for `rm` is 66 like a missing
 * episode, a bad --at 64 and one past the episode's end 65, and an export
 * file that cannot be created (missing or read-only directory) is 73
 * EX_CANTCREAT. */
int cli_vocab_main(int argc, char **argv);
/* Prints the vocab commands' lines for `buildspeak --help`. */
void cli_vocab_help(void);

/* ---- shared by cli.c and cli_vocab.c ---------------------------------- */

/* Parses an episode id as the user writes it: a positive decimal number,
 * digits only. Returns false (printing nothing) for anything else. */
bool cli_parse_id(const char *s, long long *id);

/* Loads episode id from st into *out (new, owned by the caller). Returns
 * EX_OK, EX_NOINPUT when the library has no such episode, or EX_IOERR when
 * the library fails (store_error(st) says why). Prints nothing. */
int cli_episode_load(struct store *st, long long id, struct episode **out);

/* Columns that the table cell for raw (untrusted; NULL or "" shows as "-")
 * takes, at most cap. */
int cli_cell_width(const char *raw, int cap, const struct text_metrics *m);

/* Prints raw as a table cell on stdout: sanitised to one line, cut to cols
 * columns with an ellipsis where it was cut (cols <= 0: no limit), padded
 * with spaces to pad columns. */
void cli_put_cell(const char *raw, int cols, int pad,
		  const struct text_metrics *m);

#endif
