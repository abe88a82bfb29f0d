/* transcript: the open episode's text as the transcript pane lays it out
 * -- lazily: each segment is loaded (from the library, a window at a
 * time), sanitised and wrapped the first time it is shown at a width --
 * the view's scroll anchor (a segment and a line in it), whether the view
 * follows the current sentence, what the translation mode shows, and the
 * current sentence with the glossary terms marked in it.
 *
 * Moving around costs the same on a 10,000-segment episode as on a short
 * one: nothing walks the whole episode. No curses, no drawing. */
#ifndef BUILDSPEAK_TRANSCRIPT_H
#define BUILDSPEAK_TRANSCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "buildspeak/episode.h"
#include "buildspeak/glossary.h"
#include "buildspeak/store.h"
#include "buildspeak/text.h"

struct transcript;

/* What the transcript shows (`t` cycles through them). */
enum transcript_tr {
	TRANSCRIPT_TR_BOTH, /* English, then Chinese, as on the page */
	TRANSCRIPT_TR_EN,   /* English only: listening practice */
	TRANSCRIPT_TR_ZH,   /* Chinese only */
};

/* One segment as laid out (lazily). */
struct transcript_seg {
	unsigned gen;           /* layout generation; 0 = not laid out */
	char *en, *zh;          /* sanitised text, owned (made once) */
	struct text_line *en_lines, *zh_lines; /* wrapped at the width, owned */
	size_t n_en, n_zh;     /* lines of each; 0 for an empty side */
};

/* Told when the library fails to give the text (the text becomes ""). */
typedef void transcript_error_fn(void *ctx, const char *msg);

/* An empty transcript measuring with *metrics (borrowed: the app's);
 * errors go to on_error(ctx, msg). */
struct transcript *transcript_new(const struct text_metrics *metrics,
				  transcript_error_fn *on_error, void *ctx);
/* Frees t (not the episode). NULL is a no-op. */
void transcript_free(struct transcript *t);

/* Shows ep (borrowed, NULL: none), whose missing text is loaded from st
 * (borrowed, may be NULL), with sentence cur current and the view
 * following it, placed in view. */
void transcript_open(struct transcript *t, struct episode *ep,
		     struct store *st, size_t cur);
/* Wraps at cols columns in a body of rows rows (re-wraps when cols
 * changed) and keeps the view valid. */
void transcript_set_size(struct transcript *t, int cols, int rows);
/* Every segment must re-wrap (the metrics changed). */
void transcript_relayout(struct transcript *t);

/* Segment i laid out at the current width (wrapping it now if needed);
 * loads its text, and its window's, first if need be. */
const struct transcript_seg *transcript_seg(struct transcript *t, size_t i);
/* Makes sure segments [from, to) have their text (see app_load_text). */
void transcript_load_text(struct transcript *t, size_t from, size_t to);
/* Rows segment i takes: header, text, blank line. */
size_t transcript_seg_height(struct transcript *t, size_t i);
/* Rows of the body. */
int transcript_rows(const struct transcript *t);
/* The segment and line shown on body row `row`; false below the end. */
bool transcript_at(struct transcript *t, int row, size_t *seg,
		   size_t *line);
/* How many segments have been laid out so far (the laziness shows). */
size_t transcript_laid_out(const struct transcript *t);
/* The anchor: the first visible segment and its first visible line. */
size_t transcript_top_seg(const struct transcript *t);
size_t transcript_top_line(const struct transcript *t);

/* What it shows; setting it keeps the current sentence in view. */
enum transcript_tr transcript_translation(const struct transcript *t);
void transcript_set_translation(struct transcript *t, enum transcript_tr tr);

/* Whether segment i shows its English (lang 0) or Chinese (lang 1): what
 * the translation mode shows, and both in the revealed current sentence. */
bool transcript_shows(const struct transcript *t, size_t i, int lang);
/* Shows (again: hides) the language the mode hides, in the current
 * sentence only, until another sentence becomes current or the mode
 * changes -- Language Reactor's hidden translation. Returns false when
 * nothing is hidden (both languages shown, or no episode). */
bool transcript_reveal(struct transcript *t);
bool transcript_revealed(const struct transcript *t);

/* Whether the view follows the current sentence. */
bool transcript_following(const struct transcript *t);
/* Scrolls by delta rows (negative: up) and stops following. */
void transcript_scroll(struct transcript *t, long delta);
/* Follows the current sentence again, placed a quarter down the body. */
void transcript_follow(struct transcript *t);

/* The current sentence. */
size_t transcript_current(const struct transcript *t);
/* Makes sentence i current (clamped) and marks the glossary terms in it;
 * the view keeps it in sight while following (a user's jump makes it
 * follow again). Returns whether the sentence changed. */
bool transcript_set_current(struct transcript *t, size_t i, bool jump);
/* The glossary terms in the current sentence's sanitised English (lang 0)
 * or Chinese (lang 1), as byte ranges into its transcript_seg text, in
 * order; borrowed until the sentence changes. */
size_t transcript_current_spans(const struct transcript *t, int lang,
				const struct term_span **spans);

#endif
