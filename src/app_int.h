/* app_int: the app's private state, shared by the two files of the app
 * module -- app.c (state, episodes, geometry, the mode stack) and
 * app_cmd.c (the core's commands and the mouse) -- as SQLite's vdbeInt.h
 * is by its vdbe*.c. Nothing outside those files includes it. */
#ifndef BUILDSPEAK_APP_INT_H
#define BUILDSPEAK_APP_INT_H

#include "buildspeak/app.h"

/* Transcript geometry: a two-column gutter for the current-sentence marker
 * and one blank column on the right. */
#define APP_TX_GUTTER 2
#define APP_TX_MARGIN 1

struct app {
	struct config *cfg;        /* settings and key maps, borrowed */
	struct store *st;          /* the library, borrowed; NULL in tests */
	struct text_metrics metrics; /* from cfg: how wide ambiguous chars are */
	bool quit;                 /* set by the quit command */
	bool clear_screen;         /* the ui should repaint the terminal from
				      scratch (redraw command, SIGCONT) */
	unsigned dirty;            /* APP_DIRTY_* accumulated since taken */

	/* Screen geometry. */
	int cols, rows;            /* terminal size in cells */
	struct layout layout;      /* pane rectangles for that size */
	enum layout_fold fold_list, fold_glossary; /* the user's toggles */
	enum app_focus focus;

	/* The open episode (NULL when none). */
	struct episode *ep;        /* owned */
	long long ep_id;           /* its library id; 0 in tests */
	char *ep_title;            /* sanitised one-line title, owned */

	struct eplist *list;       /* the episode list, owned */
	struct transcript *tx;     /* layout, anchor, current sentence, owned */
	struct glosspane *gl;      /* the glossary pane, owned */
	struct listen *ls;         /* listening, owned */
	struct saved *saved;       /* the book's saved terms (marks), owned */
	long long saved_version;   /* store_data_version() when saved was
				      last read */
	long long data_version;    /* store_data_version() when the list was
				      last read: another process's commit
				      changes it (app_check_library) */
	struct hits *hits;         /* the search's hits (marks, n/N), owned */

	/* Open modes (mode.h), innermost last. */
	struct mode_entry modes[APP_MAX_MODES];
	size_t n_modes;
	/* Each registered mode's state that outlives its openings, by
	 * registry index: made by the mode's state_new on first use, freed
	 * by its state_free. */
	void *mode_state[KEYS_MAX_CONTEXTS];

	app_busy_fn *busy;         /* the loop's hook for long tasks, or NULL */
	void *busy_ctx;

	/* Status line message (errors, notices); cleared by the next key. */
	char *message;             /* owned, sanitised; NULL when none */
	bool message_sticky;       /* survives one key press (start-up) */
};

/* Rows of pane p's body: its height minus the title row, at least 1. */
int app_body_rows(const struct app *a, enum layout_pane p);
/* Closes the open episode (none is open after). */
void app_close_episode(struct app *a);
/* Clears a message that is not sticky (a key or click was handled). */
void app_clear_message(struct app *a);

#endif
