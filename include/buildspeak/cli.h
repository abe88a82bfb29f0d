/* cli: the command line -- one table of commands (import, list, show,
 * glossary, audio, rm, and the vocab group: add, list, rm, export), their
 * options, generated help, and their exit statuses. main() only calls
 * cli_main().
 *
 * Exit statuses follow <sysexits.h> and are documented in man/buildspeak.1:
 *   0  success (an import that found its episode already stored is a
 *      success: the episode is in the library, a notice says so);
 *   1  `vocab add --at`: no sentence near that time holds the term;
 *  64  EX_USAGE     unknown command or option, missing or bad argument
 *                   (a bad or out-of-range --at, an export format that
 *                   clashes with the file's extension);
 *  65  EX_DATAERR   a file to import is not a valid episode;
 *  66  EX_NOINPUT   a file to import, an audio file to set, the episode
 *                   or the term asked for, is missing or unreadable;
 *  69  EX_UNAVAILABLE  the bundled sample episode cannot be found;
 *  73  EX_CANTCREAT an export file cannot be created or replaced (missing
 *                   or read-only directory, a directory, a write-protected
 *                   file);
 *  74  EX_IOERR     the library cannot be opened, read or written, or
 *                   the output cannot be written. */
#ifndef BUILDSPEAK_CLI_H
#define BUILDSPEAK_CLI_H

/* Runs buildspeak with the process's arguments (argv[0] included) and
 * returns the exit status. Prints results on stdout and one-line errors,
 * prefixed "buildspeak: ", on stderr; never calls exit(). */
int cli_main(int argc, char **argv);

#endif
