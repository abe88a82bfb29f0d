/* mode: the interface of a mode -- a window the reader opens over its
 * panes (the help, the vocabulary book, word selection, a prompt ...), in
 * the style of tmux's struct window_mode / window_mode_entry.
 *
 * A mode is a const table: its name (the key context that data/keys.conf
 * binds in, e.g. "book"), its help heading, its own commands and its
 * callbacks. Opening it pushes a struct mode_entry on the app's stack; every
 * callback receives that entry (me), so a mode never searches the stack for
 * itself. The core (app, view, command, keys, config) calls modes only
 * through this header; src/modes.c, the registry, is the one file that
 * names the concrete modes.
 *
 * To add a mode: write src/<name>.c (+ include/buildspeak/<name>.h for what
 * other files call), define its `const struct mode`, add one line to
 * modes_registry in src/modes.c, and bind its commands in data/keys.conf
 * under its name. The help screen and the config's contexts follow. */
#ifndef BUILDSPEAK_MODE_H
#define BUILDSPEAK_MODE_H

#include <stdbool.h>
#include <stddef.h>

#include "buildspeak/overlay.h"

struct app;
struct canvas;
struct mode_entry;

enum {
	/* The command also runs when its mode is not on top (with me NULL):
	 * the commands that open a mode ("book", "select-words", "help"). */
	MODE_CMD_ANYWHERE = 1u << 0,
};

/* One command of a mode. Without MODE_CMD_ANYWHERE it runs only while an
 * entry of its mode is on top of the stack, and gets that entry: it never
 * has to check whether its mode is open. */
struct mode_command {
	const char *name;  /* "book-delete": unique among all commands */
	void (*run)(struct app *a, struct mode_entry *me); /* me: the mode's
				entry on top, or NULL (ANYWHERE only) */
	const char *help;  /* one line for the help screen */
	unsigned flags;    /* MODE_CMD_* */
};

struct mode {
	const char *name;     /* key context in the config: "book" */
	const char *heading;  /* help section: "Vocabulary book" */
	bool selectable;      /* up/down move a selection bar (sel); else
				 they scroll (top) */
	const struct mode_command *commands; /* its own table */
	size_t n_commands;
	const char *const *help_extra; /* more help lines under its keys,
				 NULL-terminated; NULL for none */

	/* Optional: state that outlives an opening (the book's order and
	 * its undo), made on first use by app_mode_state() and freed with
	 * the app. */
	void *(*state_new)(struct app *a);
	void (*state_free)(void *state);

	/* Sets me->data from arg (what app_mode_push was given). Returns 0,
	 * or -1 to refuse opening (a message on the status line says why;
	 * arg stays the caller's). Optional: data stays NULL. */
	int (*init)(struct mode_entry *me, void *arg);
	/* Frees me->data. Called when the entry is popped. */
	void (*free)(struct mode_entry *me);
	/* The title on the frame (raw text). */
	const char *(*title)(struct mode_entry *me);
	/* Number of lines and line i, for a list-shaped mode drawn by the
	 * view. count is optional (no lines) for a mode with a draw hook;
	 * count and sel still drive the selection keys and the mouse. */
	size_t (*count)(struct mode_entry *me);
	void (*line)(struct mode_entry *me, size_t i, struct overlay_line *out);
	/* Optional: the rows each line takes on the screen, the same for
	 * every line (a draw hook's two-row items); NULL for one. The core
	 * maps clicks to lines and pages by it. */
	int (*line_rows)(struct mode_entry *me);
	/* Optional: a footer (hints); NULL for none. */
	const char *(*footer)(struct mode_entry *me);
	/* Optional: Enter (the "activate" command) on me->sel. */
	void (*activate)(struct mode_entry *me);
	/* Optional: a key that the mode's own map does not bind (typing into
	 * a prompt), before the common map. Returns true if it used it. */
	bool (*key)(struct mode_entry *me, int key);
	/* Optional: draws the inside of the box itself (the view has drawn
	 * the frame and the title and blanked the rest; c is the area inside
	 * the frame) instead of the lines and the footer. */
	void (*draw)(struct mode_entry *me, struct canvas *c);
	/* Optional: the screen changed size. */
	void (*resize)(struct mode_entry *me);
	/* Optional: the library changed (re-read what it shows). */
	void (*reload)(struct mode_entry *me);
};

/* An open mode on the app's stack. Entries do not move while open: a
 * pointer to one stays valid until it is popped. */
struct mode_entry {
	const struct mode *mode;
	struct app *app;      /* the app it is open in */
	void *data;           /* this opening's state: made by init, freed
				 by free */
	size_t sel;           /* selected line (selectable modes) */
	size_t top;           /* first visible line */
};

/* The registry (src/modes.c): every mode, in help order. */
extern const struct mode *const modes_registry[];
extern const size_t modes_count;

/* The registry index of m, or -1 when it is not registered. */
int mode_index(const struct mode *m);

#endif
