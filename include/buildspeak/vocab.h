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

struct episode;
struct term;

/* Frees what the entry owns (not the entry itself). */
void vocab_entry_clear(struct vocab_entry *e);
/* Clears and frees an array of n entries. NULL is a no-op. */
void vocab_entries_free(struct vocab_entry *v, size_t n);

/* ---- saving from an episode (the reader and `vocab add`) ---------------- */

/* Fills c (zeroed first; free with the entry) with copies of segment seg
 * of ep -- its English, Chinese and start time -- and ep's title,
 * podcast, date and source URL; episode_id is id. saved stays 0: the
 * store stamps it. seg must be < ep->n_segments. */
void vocab_context_from_segment(struct vocab_context *c,
				const struct episode *ep, long long id,
				size_t seg);

/* The entry of ep's glossary for term (compared case-insensitively, NFC),
 * or NULL when the term is not in it. Borrowed from ep. */
const struct term *vocab_episode_term(const struct episode *ep,
				      const char *term);

/* The gloss ep's glossary gives term (compared case-insensitively, NFC),
 * or NULL when the term is not glossed there or its gloss is empty.
 * Borrowed from ep. */
const char *vocab_episode_gloss(const struct episode *ep, const char *term);

/* The segment nearest to segment `from` whose English or Chinese holds
 * term by the matcher's rules (whole words, case-insensitive, inflections;
 * the earlier one on a tie), or
 * -1 when no segment does. Costs one search per segment tried. */
long vocab_nearest_segment(const struct episode *ep, const char *term,
			   size_t from);

/* The segment whose English or Chinese holds term as a whole word
 * (case-insensitive) nearest the time t (seconds; 0 away when t is inside
 * it), among those no more than within seconds from t; the earlier one on
 * a tie; -1 when none does. */
long vocab_segment_near_time(const struct episode *ep, const char *term,
			     double t, double within);

#endif
