/* config: the reader's settings and key bindings, read from config files
 * written in one small language. The defaults are data/keys.conf; the
 * user's $XDG_CONFIG_HOME/buildspeak/config (default ~/.config/...) is read
 * after it and overrides it. One statement a line, '#' starts a comment:
 *
 *   bind CONTEXT KEY COMMAND    # bind transcript Right next-sentence
 *   unbind CONTEXT KEY          # unbind common q
 *   set OPTION VALUE            # set ambiguous-wide yes
 *   dict FILE                   # dict ~/dicts/ecdict.index
 *
 * Contexts and key names are those of keys.h, commands those of command.h.
 * Options: ambiguous-wide (yes/no), color (yes/no), mouse (yes/no),
 * ao (an mpv audio output name; "" or "auto" for mpv's default).
 * `dict` names an extra dictd database (its base name or its .index,
 * .dict.dz or .dict file) for look-ups, searched in the order of the lines;
 * a relative FILE is taken from the config file's directory, "~/" from
 * $HOME.
 * A mistake is recorded with file:line and the rest of the file still
 * applies: a broken config never stops the reader. */
#ifndef BUILDSPEAK_CONFIG_H
#define BUILDSPEAK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "buildspeak/keys.h"

struct config {
	bool ambiguous_wide; /* East Asian ambiguous characters are 2 columns */
	bool color;          /* use colours (NO_COLOR and --no-color turn off) */
	bool mouse;          /* report clicks and the wheel to the reader */
	char *ao;            /* mpv audio output, owned; "" for mpv's default */
	struct keymap keys;  /* the bindings */
	char **dicts;        /* `dict FILE` paths in order, owned */
	size_t n_dicts;
	size_t cap_dicts;    /* allocated slots in dicts */
	char **errors;       /* "file:line: message", owned, in order */
	size_t n_errors;
	size_t cap_errors;   /* allocated slots in errors */
};

/* Sets c to the built-in state: no bindings, colour and mouse on, narrow
 * ambiguous characters, mpv's default audio output, no errors. */
void config_init(struct config *c);
/* Frees what c owns. */
void config_free(struct config *c);

/* Applies one line of config text (without its newline); errors are
 * recorded as "file:lineno: ...". Returns 0, or -1 if the line was wrong. */
int config_line(struct config *c, const char *line, const char *file,
		int lineno);
/* Applies every line of text (NUL-terminated); file names it in errors.
 * Returns the number of wrong lines. */
int config_read_string(struct config *c, const char *text, const char *file);
/* Largest config file read: far above any real one (keys.conf is a few
 * KiB), small enough that a wrong path costs nothing. */
#define CONFIG_MAX_FILE (1 << 20)
#define CONFIG_MAX_TEXT "1 MiB"

/* Reads the file at path. A missing file is fine (returns 0) unless
 * must_exist, when it is an error; an unreadable one is always an error,
 * and so is one that is not a regular file (a directory, a FIFO, a
 * device: never opened blocking, never read) or is larger than
 * CONFIG_MAX_FILE. Returns the number of errors added. */
int config_read_file(struct config *c, const char *path, bool must_exist);

/* Appends a message to c's errors (printf-style). */
void config_error(struct config *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The user's config file: $XDG_CONFIG_HOME/buildspeak/config, else
 * $HOME/.config/buildspeak/config. New string owned by the caller, or NULL
 * when neither variable is set. */
char *config_user_path(void);
/* The default bindings file keys.conf: $BUILDSPEAK_DATA/keys.conf if
 * that variable is set, else the installed data directory's, else the
 * source tree's (for running from the build directory). New string owned
 * by the caller; the first candidate when none exists. */
char *config_defaults_path(void);

#endif
