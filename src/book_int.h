/* book_int: the book's private state, shared by the three files of the
 * book module -- book_rows.c (the rows model: the book as read, its
 * order, the folded filter, an opening's entries, their sentences and
 * caches), book.c (the mode: saving, drawing, the commands) and
 * book_export.c (the export prompts and writers). Nothing outside those
 * files includes it. */
#ifndef BUILDSPEAK_BOOK_INT_H
#define BUILDSPEAK_BOOK_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "buildspeak/book.h"
#include "buildspeak/export.h"
#include "buildspeak/store.h"
#include "buildspeak/vocab.h"

struct app;
struct term_span;
struct text_line;

/* An entry of the book as read, with what is worked out from it at most
 * once per read of the book (and only when first needed). */
struct book_row {
	int tw, gw;               /* term and gloss widths in columns; -1
				     until measured */
	char *gloss_key, *note_key; /* gloss and note folded for the filter
				     (the term's key is the library's);
				     owned, NULL until the first filter */
};

/* What outlives an opening of the book (app_mode_state). */
struct book {
	/* Undo of the last delete. */
	struct vocab_entry deleted; /* as it was; id 0 when there is none */

	/* The book's order, kept from one opening to the next. */
	enum store_vocab_order order;

	/* The book as read, without its sentences, shared by the openings:
	 * read again only when it changed -- by this reader (loaded false)
	 * or by another process (the library's data_version moved). */
	struct store_vocab_rows rows; /* by id */
	struct book_row *meta;    /* one per row, owned */
	size_t *sorted;           /* rows' indices in the order sorted_by */
	enum store_vocab_order sorted_by;
	bool loaded;              /* rows hold the book as it is */
	bool wide;                /* ambiguous-wide when meta's widths were
				     measured */
	long long version;        /* store_data_version before the read */
	unsigned gen;             /* bumped by each read (never 0) */
};

/* A field of a list row as drawn in max columns (view_line_fit), kept
 * while the column keeps its width: a key that changes the filter redraws
 * every row, and most rows are the same text in the same column. */
struct book_fit {
	char *s;                  /* owned; NULL until drawn */
	size_t len;
	int max;                  /* the columns it was cut to */
	bool wide;                /* ambiguous-wide then */
};

/* An entry's sentences, read when it is first shown in an opening, and
 * its row as drawn. */
struct book_ctx {
	bool loaded;
	struct vocab_context *v;  /* oldest first, owned; n */
	size_t n;
	char *excerpt;            /* the list's sentence, sanitised and cut
				     to excerpt_cols; NULL until drawn */
	int excerpt_cols;
	struct book_fit fit[3];   /* term, gloss and sentence as drawn */
};

/* The selected entry's sentence as the detail draws it, kept while the
 * entry, the sentence and the width stay the same. */
struct book_detail {
	size_t row;               /* index into rows; (size_t)-1: none */
	size_t k;                 /* which sentence */
	int w;                    /* the width it was made for */
	bool wide;                /* ambiguous-wide then */
	char *s[2];               /* English and Chinese excerpts, owned */
	struct term_span *sp[2];  /* the term in each, owned */
	size_t n_sp[2];
	struct text_line *lines[2]; /* each wrapped to w, owned */
	size_t n_lines[2];
};

/* One opening's state (mode_entry.data). */
struct book_view {
	size_t *v;                /* the entries shown: indices into the
				     book's rows, in its order; n */
	size_t n;
	unsigned gen;             /* the read of the book v indexes; 0 none */
	struct book_ctx *ctx;     /* one per row of that read, owned; n_ctx */
	size_t n_ctx;
	struct book_detail detail;
	bool refilter;            /* filter the rows again before use */
	char *filter;             /* what `/` typed, owned; "" for none */
	char *filter_before;      /* the filter when `/` was pressed (Escape
				     puts it back), owned; NULL otherwise */
	long long want_id;        /* after a re-read, select this entry */
	long long ctx_id;         /* the entry ctx belongs to */
	size_t ctx_k;             /* which of its sentences is shown */
	int term_cols, gloss_cols; /* column widths for the shown entries */
	enum export_format fmt;   /* export: the format, between prompts */
	bool apkg;                /* ... or an Anki package (not a text
				     format: its own writer) */
	char title[192];          /* the frame's title, made by book_title */
	char hints[512];          /* the key hints as last drawn */
	unsigned hints_key;       /* what they were made for, + 1; 0 none */
	char *key;                /* the folded filter v was made with
				     (NULL: none), owned: a longer one
				     filters v rather than the whole book */
};


/* ---- book_rows.c: the state that outlives an opening ---------------------- */

/* book_mode's state_new and state_free (app_mode_state). */
void *book_state_new(struct app *a);
void book_state_free(void *state);

/* The book's state (made on first use). */
struct book *book_of(struct app *a);

/* The book changed here (a save, an edit, a delete): the next use reads
 * it again, and an open book is drawn again. */
void book_changed(struct app *a);

/* ---- book_rows.c: an opening's view of the rows --------------------------- */

/* book_mode's init and free: an opening's book_view (mode_entry.data). */
int book_init(struct mode_entry *me, void *arg);
void book_free(struct mode_entry *me);

/* Re-reads the entries when the book changed and filters them again when
 * the filter or the order changed, keeping the selection on the same
 * entry where it is still shown. */
void book_refresh(struct mode_entry *o);

/* The sentences of rows[0..n) (indices into the book's rows) that this
 * opening has not read yet, in one query. */
void book_need_contexts(struct mode_entry *o, const size_t *rows, size_t n);

/* Row i's sentences, read now if not yet. */
struct book_ctx *book_ctx_of(struct mode_entry *o, size_t i);

/* The selected entry's row (an index into the book's rows), or -1. */
long book_selected_row(struct mode_entry *o);

/* Row i of the book as read (an index into its rows). */
const struct store_vocab_row *book_row_at(struct mode_entry *o, long i);

/* The sentence of row i shown (and opened by Enter): one of its n. */
size_t book_shown_context(struct mode_entry *o, long i, size_t n);

/* Empties the detail's cache: made again at the next draw. */
void book_detail_clear(struct book_detail *d);

/* The entries shown, whole (with their sentences), in their order: what
 * an export writes. *out is owned by the caller (vocab_entries_free).
 * Returns 0, or -1 when the library could not be read (store_error). */
int book_shown_entries(struct mode_entry *o, struct vocab_entry **out,
		       size_t *n);

/* ---- book_export.c -------------------------------------------------------- */

/* The book-export command: asks the format, then the file, and writes the
 * entries shown. */
void book_cmd_export(struct app *a, struct mode_entry *me);

#endif
