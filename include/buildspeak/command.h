/* command: every user action of the reader is a named command in one
 * table -- its name (what key maps and the config refer to), its handler
 * and its help text. The help screen is generated from this table and the
 * key maps, so it cannot disagree with the keys.
 *
 * To add an action: write its handler (void fn(struct app *)) in the module
 * that owns the behaviour, and add one line to command_table in command.c;
 * then bind it in data/keys.conf. */
#ifndef BUILDSPEAK_COMMAND_H
#define BUILDSPEAK_COMMAND_H

#include <stddef.h>

struct app;

struct command {
	const char *name;          /* "next-sentence": lower case, dashes */
	void (*run)(struct app *a); /* sets a->dirty for what it changed */
	const char *help;          /* one line for the help screen */
};

extern const struct command command_table[];
extern const size_t command_count;

/* The index in command_table of the command named name, or -1. */
int command_find(const char *name);

#endif
