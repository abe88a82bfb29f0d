/* book: the vocabulary book (生词本) in the reader -- saving terms from the
 * glossary and the transcript, the `v` overlay that lists, filters, sorts,
 * edits, deletes (with undo), opens and exports the entries, and the marks
 * that show saved terms wherever they appear on screen.
 *
 * The book's data is the library's (store_vocab_*); what lives here is
 * the reader's view of it. Its state outlives the overlay (the last
 * deleted entry can be undone after closing and reopening the book, the
 * saved terms are marked with the book closed), so it hangs off the app
 * (app->book, made on first use, freed by app_free). No curses here.
 *
 * A save is reported on the status line only after store_vocab_add has
 * committed, so what the screen says is in the book survives a SIGKILL
 * the moment after. */
#ifndef BUILDSPEAK_BOOK_H
#define BUILDSPEAK_BOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "buildspeak/glossary.h"
#include "buildspeak/overlay.h"

struct app;
struct book;

extern const struct overlay_ops book_overlay;

/* Frees the book's state. NULL is a no-op. */
void book_free(struct book *b);

/* ---- saving -------------------------------------------------------------- */

/* Saves term with gloss and note (NULL: none) in the book, its context
 * being segment seg of the open episode, and says on the status line what
 * happened: saved, already in the book with a context added, already
 * there with this sentence, or why it failed. A non-empty gloss that
 * differs from the one the book has replaces it (the user typed it).
 * Updates the marks. Returns 0, or -1 on failure. */
int book_save(struct app *a, const char *term, const char *gloss,
	      const char *note, size_t seg);

/* The gloss to offer when saving term from the open episode: the one
 * the book has for it already (the learner may have written it), else the
 * episode's glossary's, else "".
 * New string owned by the caller. *in_book (when not NULL) says whether
 * the term is in the book already. */
char *book_suggest_gloss(struct app *a, const char *term, bool *in_book);

/* ---- marks: saved terms on screen ---------------------------------------- */

/* Re-reads the saved terms from the library (after a change, or when the
 * book is opened: another reader may have saved some). */
void book_marks_reload(struct app *a);

/* Whether term is in the book (case-insensitively). */
bool book_is_saved(struct app *a, const char *term);

/* The saved terms in text -- the sanitised English (lang 0) or Chinese
 * (lang 1) of segment seg of the open episode -- as byte ranges into
 * text, in order. Cached per segment until the book changes, so drawing a
 * screenful costs a lookup per segment. The array is borrowed until the
 * next call with another segment or a change of the book. */
size_t book_saved_spans(struct app *a, size_t seg, int lang,
			const char *text, const struct term_span **spans);

/* ---- commands (command.c) ---------------------------------------------- */

void book_cmd_open(struct app *a);          /* book: open / close (v) */
void book_cmd_save_term(struct app *a);     /* save-term: glossary s */
void book_cmd_sort(struct app *a);          /* book-sort: date / A-Z */
void book_cmd_filter(struct app *a);        /* book-filter: / */
void book_cmd_edit_gloss(struct app *a);    /* book-edit-gloss: e */
void book_cmd_edit_note(struct app *a);     /* book-edit-note: n */
void book_cmd_delete(struct app *a);        /* book-delete: d */
void book_cmd_undo(struct app *a);          /* book-undo: u */
void book_cmd_export(struct app *a);        /* book-export: x */
void book_cmd_prev_context(struct app *a);  /* book-prev-context: Left */
void book_cmd_next_context(struct app *a);  /* book-next-context: Right */

/* The book's entries as shown (for tests): count, and the term of entry
 * i; NULL when the book is not open or i is out of range. */
size_t book_shown_count(struct app *a);
const char *book_shown_term(struct app *a, size_t i);

#endif
