/* command: every user action of the reader is a named command -- its name
 * (what key maps and the config refer to), its handler and its help text.
 * The core's commands are in command_table; each mode (mode.h) brings its
 * own table. Both share one id space: ids [0, command_count) are the
 * core's, the modes' follow in registry order. The help screen is
 * generated from the tables and the key maps, so it cannot disagree with
 * the keys.
 *
 * To add a core action: write its handler (void fn(struct app *)) in the
 * module that owns the behaviour and add one line to command_table in
 * command.c; a mode's action goes in the mode's own table. Then bind it in
 * data/keys.conf. */
#ifndef BUILDSPEAK_COMMAND_H
#define BUILDSPEAK_COMMAND_H

#include <stddef.h>

struct app;
struct mode;
struct mode_command;

struct command {
	const char *name;          /* "next-sentence": lower case, dashes */
	void (*run)(struct app *a); /* sets the dirty bits of what it changed */
	const char *help;          /* one line for the help screen */
};

/* The core's commands. */
extern const struct command command_table[];
extern const size_t command_count;

/* Every command id: the core's and the modes'. */
size_t command_total(void);
/* The id of the command named name (core or mode), or -1. */
int command_find(const char *name);
/* The name and help text of command id; NULL when id is out of range. */
const char *command_name(int id);
const char *command_help(int id);
/* For a mode's command id: its entry in the mode's table, and the mode in
 * *m. NULL for a core command or an id out of range. */
const struct mode_command *command_of_mode(int id, const struct mode **m);

#endif
