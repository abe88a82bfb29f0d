/* ui: the terminal -- ncursesw set-up and tear-down, one window per pane,
 * drawing the view's canvases into them (wnoutrefresh per dirty pane, one
 * doupdate), and turning the terminal's keys and mouse reports into the
 * app's key codes. The only module that includes curses.
 *
 * Widths: ncurses places characters by the C library's wcwidth(), which
 * disagrees with libunistring on some code points and never counts
 * ambiguous characters as wide. ui.c defines wcwidth() itself, on top of
 * text_char_width(); the executable's definition takes the C library's
 * place for ncurses too, so the screen's idea of a width is the layout's.
 *
 * Resizes are not ncurses' business here: the reader catches SIGWINCH
 * itself (ncurses installs no handler when one is already there) and calls
 * ui_resize(). */
#ifndef BUILDSPEAK_UI_H
#define BUILDSPEAK_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "buildspeak/app.h"

struct ui;

struct ui_options {
	bool color; /* use the palette (false: attributes only) */
	bool mouse; /* ask the terminal for clicks and the wheel */
	bool ambiguous_wide; /* East Asian ambiguous characters are two
				columns (as in the app's text_metrics) */
};

/* What ui_read() got. */
struct ui_input {
	enum { UI_INPUT_KEY, UI_INPUT_MOUSE } kind;
	int key;                  /* UI_INPUT_KEY: a keys.h code */
	enum app_mouse_kind mouse; /* UI_INPUT_MOUSE: what happened */
	int y, x;                 /* UI_INPUT_MOUSE: the screen cell */
};

/* Takes over the terminal (initscr and friends). The locale must already
 * be set (UTF-8). Returns NULL with a message in err when the terminal
 * cannot be used. */
struct ui *ui_new(const struct ui_options *opt, char *err, size_t errsize);
/* Changes how wide ambiguous characters are, for ncurses' placement too
 * (see above). */
void ui_set_ambiguous_wide(bool wide);

/* Gives the terminal back as it was (endwin). NULL is a no-op. */
void ui_free(struct ui *u);

/* The terminal's size in cells. */
void ui_size(const struct ui *u, int *cols, int *rows);
/* Asks the terminal for its size again (after SIGWINCH) and resizes
 * ncurses' screens; stores the new size. */
void ui_resize(struct ui *u, int *cols, int *rows);

/* Draws what dirty (APP_DIRTY_* bits) says changed, then one doupdate. */
void ui_render(struct ui *u, struct app *a, unsigned dirty);

/* Reads one waiting key or mouse event without blocking; false when there
 * is none. */
bool ui_read(struct ui *u, struct ui_input *in);

#endif
