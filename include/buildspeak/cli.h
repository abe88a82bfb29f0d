/* cli: the command line -- global options, the subcommands (import, list,
 * show, glossary) and their exit statuses. main() only calls cli_main().
 *
 * Exit statuses follow <sysexits.h> and are documented in man/buildspeak.1:
 *   0  success (an import that found its episode already stored is a
 *      success: the episode is in the library, a notice says so);
 *  64  EX_USAGE     unknown command or option, missing or bad argument;
 *  65  EX_DATAERR   a file to import is not a valid episode;
 *  66  EX_NOINPUT   a file to import, or the episode asked for, is missing
 *                   or unreadable;
 *  69  EX_UNAVAILABLE  the bundled sample episode cannot be found;
 *  74  EX_IOERR     the library cannot be opened, read or written, or
 *                   standard output cannot be written. */
#ifndef BUILDSPEAK_CLI_H
#define BUILDSPEAK_CLI_H

/* Runs buildspeak with the process's arguments (argv[0] included) and
 * returns the exit status. Prints results on stdout and one-line errors,
 * prefixed "buildspeak: ", on stderr; never calls exit(). */
int cli_main(int argc, char **argv);

#endif
