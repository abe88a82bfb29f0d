/* episode: the in-memory model of one bilingual episode (its metadata, its
 * timed segments, its glossary) and time -> segment lookup.
 *
 * Ownership: an episode owns every string and array it points to;
 * episode_free() releases all of it. All text is NFC-normalised UTF-8.
 *
 * Strings are never NULL, with one exception: an episode the reader opens
 * with store_episode_load_lazy() has every segment's times but its text
 * only once store_episode_load_text() has loaded it; until then a
 * segment's en and zh are NULL. Only the holder of such an episode (the
 * app) sees that state; every other loader gives complete episodes. */
#ifndef BUILDSPEAK_EPISODE_H
#define BUILDSPEAK_EPISODE_H

#include <stdbool.h>
#include <stddef.h>

struct segment {
	int speaker;  /* speaker number as printed on the page, >= 1 */
	double start; /* seconds from the start of the episode */
	double end;   /* seconds from the start of the episode, >= start */
	char *en;     /* the English text, owned; NULL = not loaded yet */
	char *zh;     /* the Chinese translation with its inline glosses, owned;
			 NULL exactly when en is */
	int line;     /* 1-based source line of the segment header; 0 if unknown */
};

struct term {
	char *term;        /* the English term as first seen, owned */
	char *gloss;       /* its Chinese gloss, owned; "" when none is known */
	int count;         /* glosses of this term in the episode */
	int first_segment; /* 0-based index of the segment of its first gloss */
};

struct episode {
	long long id;          /* library id; 0 until stored */
	char *title;           /* owned, never NULL after import */
	char *podcast;         /* owned; "" when the page names none */
	char *date;            /* "YYYY-MM-DD", owned; "" when unknown */
	char *source_url;      /* the page's 原文 link, owned; "" when none */
	char *audio;           /* local path or URL of the audio, owned; "" when none */
	int words;             /* English word count (libunistring word breaks) */
	int reading_minutes;   /* words / 200, rounded; as on the page */
	double duration;       /* seconds: the end of the last segment */

	struct segment *segments; /* sorted by start, n_segments of them */
	size_t n_segments;
	size_t cap_segments;      /* allocated slots in segments */

	struct term *terms;       /* the glossary, in order of first gloss */
	size_t n_terms;
	size_t cap_terms;         /* allocated slots in terms */
	char *term_text;          /* owned; when not NULL, every term's term
				     and gloss point into this one block
				     (episode_add_term_n) instead of owning
				     their strings */
	size_t term_text_len, term_text_cap; /* bytes used, allocated */
};

/* A new, empty episode with every string set to "" (never NULL). */
struct episode *episode_new(void);
/* Frees the episode and everything it owns. NULL is a no-op. */
void episode_free(struct episode *ep);

/* Replaces *field (one of the episode's owned strings) with a copy of value
 * (NULL counts as ""). */
void episode_set(char **field, const char *value);

/* Appends a segment; takes ownership of en and zh (heap strings). Returns the
 * new segment. */
struct segment *episode_add_segment(struct episode *ep, int speaker,
				    double start, double end, char *en,
				    char *zh, int line);

/* Appends a segment whose text is not loaded yet (en and zh NULL): for the
 * store's lazy load. Returns the new segment. */
struct segment *episode_add_timing(struct episode *ep, int speaker,
				   double start, double end);

/* Appends a glossary term (copies term and gloss). Returns the new term. */
struct term *episode_add_term(struct episode *ep, const char *term,
			      const char *gloss, int count, int first_segment);

/* The same from term_len bytes of term and gloss_len of gloss (neither
 * needs a NUL), copied into one block that the episode keeps for all the
 * terms added so: loading a glossary of thousands of terms then costs a
 * few allocations instead of two a term, and freeing it one. Returns the
 * new term (its strings move as the block grows: valid until the next
 * add). */
struct term *episode_add_term_n(struct episode *ep, const char *term,
				size_t term_len, const char *gloss,
				size_t gloss_len, int count,
				int first_segment);

/* Removes every glossary term. */
void episode_clear_terms(struct episode *ep);

/* Index of the segment playing at time t (seconds): the last segment whose
 * start is <= t, so a gap between segments belongs to the one before it.
 * Times before the first segment give 0. Returns -1 for an empty episode.
 * O(log n). */
long episode_segment_at(const struct episode *ep, double t);

/* Formats seconds as "MM:SS", or "H:MM:SS" from an hour on, into buf
 * (at least 16 bytes). Negative input is formatted as 0. Returns buf. */
char *episode_format_time(double seconds, char *buf, size_t size);

/* Parses a time as seconds: "754", "754.5", "12:34", "1:02:30" or
 * "1:02:30.5" -- up to three fields of at most 9 digits, a fraction in the
 * last one only, minutes and seconds after a colon below 60. Returns false
 * for anything else (signs, exponents, hex, spaces). */
bool episode_parse_time(const char *s, double *out);

/* Recomputes words, reading_minutes and duration from the segments. */
void episode_update_stats(struct episode *ep);

/* Whether an audio source is a URL ("scheme://...", RFC 3986 scheme
 * characters), which the player opens itself, rather than a local file. */
bool episode_audio_is_url(const char *audio);

/* Whether month m (1-12) has a day d in year y of the Gregorian calendar
 * (February 29th in leap years only). The year's range is the caller's. */
bool episode_day_exists(long y, long m, long d);

#endif
