/* book: the vocabulary book (生词本) in the reader -- saving terms from the
 * glossary and the transcript, and the `v` mode that lists, filters,
 * sorts, edits, deletes (with undo), opens and exports the entries.
 *
 * The book's data is the library's (store_vocab_*); what lives here is
 * the reader's view of it. The state that outlives an opening (the last
 * deleted entry, which can be undone after closing and reopening the
 * book, the book's order, and the entries as last read, without their
 * sentences) is the mode's (app_mode_state): the entries are read again
 * only when this reader changed the book or another process wrote to the
 * library (its data_version), and an opening reads the sentences of the
 * entries it shows as they come into view. The marks of saved terms on
 * screen are the model's (app_saved): the book reloads them whenever it
 * changes the book. No curses here.
 *
 * A save is reported on the status line only after store_vocab_add has
 * committed, so what the screen says is in the book survives a SIGKILL
 * the moment after. */
#ifndef BUILDSPEAK_BOOK_H
#define BUILDSPEAK_BOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "buildspeak/mode.h"

struct app;

/* Its commands: book (v: open / close), save-term (s in the glossary),
 * book-filter, book-sort, book-edit-gloss, book-edit-note, book-delete,
 * book-undo, book-export, book-prev-context, book-next-context. */
extern const struct mode book_mode;

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

/* The term of the book's selected entry (the book open on the stack), or
 * NULL. New string owned by the caller. */
char *book_selected_term(struct app *a);

/* The book's entries as shown (for tests): count, and the term of entry
 * i; NULL when the book is not open or i is out of range. */
size_t book_shown_count(struct app *a);
const char *book_shown_term(struct app *a, size_t i);

#endif
