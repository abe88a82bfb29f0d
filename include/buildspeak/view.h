/* view: what each part of the reader's screen shows -- the panes, the
 * status line, an overlay, the "too small" message -- drawn from the app's
 * state onto a canvas. No curses: the ui module gives a canvas that writes
 * to an ncurses window, the tests and benchmarks one that writes to memory
 * (grid.h), so what the user sees can be checked without a terminal.
 *
 * Every character is placed at the column our width says (text.h's
 * text_char_width): the canvas receives one grapheme cluster at a time with
 * its column and width, or a run of them when it can prove that its own
 * idea of the run's width is ours, so the terminal's idea of widths cannot
 * make a line drift. All library text is sanitised before it is measured. */
#ifndef BUILDSPEAK_VIEW_H
#define BUILDSPEAK_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "buildspeak/layout.h"
#include "buildspeak/overlay.h"

struct app;

/* Colour roles; the ui maps them to the terminal's palette (or to nothing
 * on a monochrome terminal or with NO_COLOR: the OVERLAY_* attributes alone
 * must carry every meaning). */
enum view_color {
	VIEW_C_NONE,
	VIEW_C_TITLE,    /* pane titles */
	VIEW_C_FOCUS,    /* the focused pane's title */
	VIEW_C_CURRENT,  /* the current sentence's marker and header */
	VIEW_C_TERM,     /* glossary terms marked in the text */
	VIEW_C_ZH,       /* Chinese text */
	VIEW_C_DIM,      /* secondary text: headers, dates, glosses */
	VIEW_C_STATUS,   /* the status line */
	VIEW_C_MESSAGE,  /* a status message */
	VIEW_C_GROUP,    /* group headers in the list */
	VIEW_N_COLORS
};

/* An attribute: OVERLAY_* bits in the low byte, a view_color above. */
#define VIEW_ATTR(bits, color) ((unsigned)(bits) | ((unsigned)(color) << 8))
#define VIEW_BITS(attr) ((attr) & 0xffu)
#define VIEW_COLOR(attr) ((enum view_color)((attr) >> 8))

struct canvas_ops {
	/* Clears the whole canvas to blanks. */
	void (*erase)(void *ctx);
	/* One grapheme cluster s[0..len) (valid, sanitised UTF-8) at row y,
	 * column x, taking width (1 or 2) columns. */
	void (*cell)(void *ctx, int y, int x, const char *s, size_t len,
		     int width, unsigned attr);
	/* n blanks from (y, x) with attr (for bars). */
	void (*fill)(void *ctx, int y, int x, int n, unsigned attr);
	/* Optional: the clusters s[0..len) in one attribute from (y, x),
	 * width columns in all. Returns false, drawing nothing, when it
	 * would not place them as cell() would; the view then draws them
	 * a cell at a time. A run is most of a frame: one call instead of
	 * one per character. */
	bool (*text)(void *ctx, int y, int x, const char *s, size_t len,
		     int width, unsigned attr);
};

/* A rectangle to draw into; coordinates passed to ops are relative to it. */
struct canvas {
	int h, w;
	const struct canvas_ops *ops;
	void *ctx;
};

/* Draws pane p of the layout (its whole rectangle, title row included). */
void view_pane(struct app *a, enum layout_pane p, struct canvas *c);
/* Draws again, on a transcript pane c that shows what view_pane() drew
 * when segment `was` was current, only the rows of `was` and of the
 * current segment: after APP_DIRTY_CURRENT alone. */
void view_transcript_current(struct app *a, struct canvas *c, size_t was);
/* Draws the status line (one row). */
void view_status(struct app *a, struct canvas *c);
/* Draws the top mode onto a canvas of layout.backdrop: its box at
 * layout.overlay, the rest blank. */
void view_overlay(struct app *a, struct canvas *c);
/* Draws the separators between panes onto a full-screen canvas. */
void view_frame(struct app *a, struct canvas *c);
/* Draws the "terminal too small" message onto a full-screen canvas. */
void view_too_small(struct app *a, struct canvas *c);
/* Draws everything onto a full-screen canvas (tests, benchmarks). */
void view_screen(struct app *a, struct canvas *c);

/* Draws sanitised text s[0..len) at (y, x), clipped to max columns.
 * Returns the columns used. */
int view_text(struct canvas *c, const struct app *a, int y, int x, int max,
	      const char *s, size_t len, unsigned attr);

/* Columns of raw (unsanitised) one-line text once sanitised. */
int view_raw_width(const struct app *a, const char *raw);

/* Appends "  KEY what" to the key hints in buf (size bytes), or
 * "  KEY/KEY2 what" for a pair of commands, with the keys bound to command
 * name (and name2) in context ctx; appends nothing when one of them is
 * unbound or when the hints would no longer fit in room columns or in buf.
 * The status line, the book and word selection show their keys so. */
void view_hint(const struct app *a, int ctx, char *buf,
	       size_t size, int room, const char *name, const char *name2,
	       const char *what);

/* For overlays that draw themselves (mode.h's draw hook): */
struct term_span;
/* What view_text_line draws for raw in max columns, as a string to keep
 * and draw again with view_text (a list row redrawn on every key need not
 * sanitise and measure its text again): sanitised, cut with an ellipsis.
 * *cols (when not NULL) gets its width. New string. */
char *view_line_fit(const struct app *a, const char *raw, int max, int *cols);
/* Draws raw (unsanitised) one-line text at (y, x), cut with an ellipsis
 * to max columns. Returns the columns used. */
int view_text_line(struct canvas *c, const struct app *a, int y, int x,
		   int max, const char *raw, unsigned attr);
/* Draws the sanitised text s wrapped to w columns from row y, at most
 * max_rows rows (the last one ends in an ellipsis when text is left), the
 * byte ranges of spans (into s, in order) with span_attr added to attr.
 * Returns the rows used. */
int view_text_wrapped(struct canvas *c, const struct app *a, int y, int x,
		      int w, int max_rows, const char *s, unsigned attr,
		      const struct term_span *spans, size_t n_spans,
		      unsigned span_attr);
/* As view_text_wrapped, with s already wrapped to w columns (text_wrap's
 * n lines): for text drawn unchanged frame after frame. */
struct text_line;
int view_text_lines(struct canvas *c, const struct app *a, int y, int x,
		    int w, int max_rows, const char *s,
		    const struct text_line *lines, size_t n, unsigned attr,
		    const struct term_span *spans, size_t n_spans,
		    unsigned span_attr);
/* As view_text_wrapped, but when the text needs more than max_rows rows
 * the rows shown are those around byte keep of s (a selection that must
 * stay visible), an ellipsis first when text above is hidden. */
int view_text_wrapped_at(struct canvas *c, const struct app *a, int y, int x,
			 int w, int max_rows, const char *s, unsigned attr,
			 const struct term_span *spans, size_t n_spans,
			 unsigned span_attr, size_t keep);

#endif
