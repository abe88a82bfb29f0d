/* vocab: the vocabulary book's model -- a saved term with its gloss, the
 * learner's note and every sentence it was saved from.
 *
 * A context stores a copy of its sentence and its episode's metadata, so an
 * entry outlives the episode it came from. */
#ifndef BUILDSPEAK_VOCAB_H
#define BUILDSPEAK_VOCAB_H

#include <stddef.h>
#include <time.h>

struct vocab_context {
	char *en;            /* the English sentence, owned */
	char *zh;            /* its Chinese translation, owned */
	long long episode_id; /* 0 when the episode is gone or was never known */
	char *title;         /* episode title, owned; "" when none */
	char *podcast;       /* owned; "" when none */
	char *date;          /* "YYYY-MM-DD", owned; "" when none */
	char *source_url;    /* owned; "" when none */
	double at;           /* seconds: start of the sentence in the episode */
	time_t saved;        /* when this context was saved */
};

struct vocab_entry {
	long long id;        /* library id; 0 until stored */
	char *term;          /* owned; unique in the book, case-insensitively */
	char *gloss;         /* owned; "" when none */
	char *note;          /* owned; "" when none */
	time_t created;      /* when the term was first saved */
	struct vocab_context *contexts; /* oldest first */
	size_t n_contexts;
};

/* Frees what the entry owns (not the entry itself). */
void vocab_entry_clear(struct vocab_entry *e);
/* Clears and frees an array of n entries. NULL is a no-op. */
void vocab_entries_free(struct vocab_entry *v, size_t n);

#endif
