/* store: the SQLite library -- schema and migrations, episodes, reading
 * progress, the vocabulary book, and JSON in and out (through SQLite's own
 * JSON functions).
 *
 * The only module that includes sqlite3.h (src/store*.c). Every write is
 * one transaction; every statement is prepared with bound parameters.
 * Functions return 0 on success and -1 (or NULL) on failure, with its kind
 * in store_errkind() and a message a user can read in store_error(). */
#ifndef BUILDSPEAK_STORE_H
#define BUILDSPEAK_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "buildspeak/episode.h"
#include "buildspeak/vocab.h"

struct store;

/* What kind of failure the last failing call on a store met. */
enum store_err {
	STORE_OK = 0,
	STORE_ERR_NOT_FOUND,  /* no such episode/entry, or no library file */
	STORE_ERR_CONSTRAINT, /* a uniqueness/foreign-key rule refused it */
	STORE_ERR_BUSY,       /* another process held the lock past the timeout */
	STORE_ERR_READONLY,   /* the library cannot be written */
	STORE_ERR_FULL,       /* the disk is full */
	STORE_ERR_IO,         /* a read or write failed */
	STORE_ERR_FOREIGN,    /* not a buildspeak library (or a newer schema) */
	STORE_ERR_OTHER,      /* anything else, e.g. input the store refuses */
};

/* store_open's flags. */
enum {
	STORE_OPEN_CREATE = 1u << 0,   /* create file + folders if missing */
	STORE_OPEN_READONLY = 1u << 1, /* never write */
};

/* The library path to use: --db value if given, else $BUILDSPEAK_DB, else
 * $XDG_DATA_HOME/buildspeak/library.db, else
 * $HOME/.local/share/buildspeak/library.db. New string owned by the caller. */
char *store_default_path(const char *db_option);

/* Opens the library at path, migrating an older schema. WAL mode, foreign
 * keys on, a busy timeout so two readers can share the file. A store is
 * for one thread at a time (its connection takes no mutex).
 *
 * Whether the file is a buildspeak library is decided before anything is
 * written to it: another program's file (an SQLite database without our
 * application id, or anything else) fails with STORE_ERR_FOREIGN and is
 * left byte-identical; so does a library of a newer schema.
 * With STORE_OPEN_CREATE a missing (or 0-byte) file is created with its
 * parent folders (0700) and the schema; without it a missing file fails
 * with STORE_ERR_NOT_FOUND. With STORE_OPEN_READONLY nothing is ever
 * written (no migration either). Without it, an existing library that
 * cannot be written (a read-only file, folder or medium, a full disk) is
 * opened read-only: store_is_readonly() is then true and each write fails
 * with STORE_ERR_READONLY. A read-only library is read at the current
 * schema or the one before it.
 *
 * Returns NULL on failure with its kind in *kind (kind may be NULL) and a
 * message naming the file in err (errsize bytes). */
struct store *store_open(const char *path, unsigned flags,
			 enum store_err *kind, char *err, size_t errsize);
/* Closes the library. NULL is a no-op. */
void store_close(struct store *st);
/* The message of the last failure on st (never NULL). A read-only library
 * reads "the library is read-only (PATH)", a full disk "the disk is full
 * (PATH)", not SQLite's wording. */
const char *store_error(const struct store *st);
/* The kind of the last failure on st (STORE_OK before any); NOT_FOUND for
 * a missing episode or entry, CONSTRAINT for a rule of the schema, OTHER
 * for input the store refuses (an empty term, invalid UTF-8). */
enum store_err store_errkind(const struct store *st);
/* Whether st was opened read-only (asked for, or the library cannot be
 * written). */
bool store_is_readonly(const struct store *st);
/* The schema version the library is at (PRAGMA user_version). */
int store_schema_version(struct store *st);
/* The schema version this buildspeak writes. */
int store_schema_current(void);

/* When the buildspeak library at path, opened to write, will be upgraded
 * by a migration that builds its search index again (seconds of work for
 * a large library, once): the schema it is at; 0 otherwise (current, new,
 * not ours, unreadable). Read from the file's header without SQLite,
 * so that a program can say what is happening before store_open. */
int store_upgrade_rebuilds_from(const char *path);

/* ---- episodes ---------------------------------------------------------- */

/* One row of the episode list: metadata without segments. */
struct episode_summary {
	long long id;
	char *title, *podcast, *date, *source_url, *audio; /* owned */
	int words;
	int reading_minutes;
	double duration;     /* seconds */
	int n_segments;      /* stored with the episode by its import */
	double position;     /* seconds of saved progress; 0 when none */
	int progress_segment; /* saved current segment index; -1 when none */
	long long opened_at; /* unix time last opened; 0 when never */
	bool finished;       /* the learner marked it finished */
	long long imported_at; /* unix time of its import or last replace */
	bool partial;        /* only id and date are read yet (from
				store_episode_list_ids); the strings but
				date are NULL until store_episode_list_fill */
};

/* Frees an array of n summaries. */
void store_summaries_free(struct episode_summary *v, size_t n);
/* Makes a partial summary whole with empty strings where it has none:
 * for one whose episode could not be read, so whoever shows it has text
 * to show. */
void store_summary_blank(struct episode_summary *s);

/* Number of episodes in the library, or -1 on error. */
long store_episode_count(struct store *st);

/* The id of a stored episode that is the same as ep (same source URL when
 * it has one, else same podcast, date and title), or 0 when there is none,
 * or -1 on error. */
long long store_episode_find(struct store *st, const struct episode *ep);

/* Stores ep with its segments and glossary in one transaction. If
 * replace_id is non-zero that episode is replaced (keeping its id and
 * progress) instead. Sets ep->id. */
int store_episode_save(struct store *st, struct episode *ep,
		       long long replace_id);

/* Loads episode id with its segments and glossary into *out (new, owned by
 * the caller). Returns -1 if it does not exist (store_error says so). */
int store_episode_load(struct store *st, long long id, struct episode **out);

/* Like store_episode_load, but without the segments' text: metadata,
 * every segment's speaker and times (for time lookup) and the glossary,
 * with each segment's en and zh NULL until store_episode_load_text loads
 * them. Read from a small index, so it costs a fraction of the full load
 * (10,000 segments: ~2 ms instead of ~40): what the reader opens with, so
 * its first frame waits only for the text it shows. */
int store_episode_load_lazy(struct store *st, long long id,
			    struct episode **out);

/* Loads the text of the segments in [from, to) (clamped to the episode)
 * of ep, an episode from store_episode_load_lazy, that have none yet.
 * Fails, leaving their text NULL, when the library's episode no longer
 * has those segments at the same times (it was replaced or deleted since
 * the lazy load). */
int store_episode_load_text(struct store *st, struct episode *ep,
			    size_t from, size_t to);

/* All episodes, newest date first (then newest id). */
int store_episode_list(struct store *st, struct episode_summary **out,
		       size_t *n);

/* The same list with only each episode's id and date (partial set), read
 * from an index alone: what a long list costs before any of it is shown.
 * store_episode_list_fill reads the rest of the entries that are. */
int store_episode_list_ids(struct store *st, struct episode_summary **out,
			   size_t *n);

/* Reads the rest of the partial entries among v[0..n), a stretch of a
 * list from store_episode_list_ids, in one query. An entry whose episode
 * is gone since is given empty strings (and is no longer partial): the
 * list is out of date then, and is read again. */
int store_episode_list_fill(struct store *st, struct episode_summary *v,
			    size_t n);

/* The id of the first episode store_episode_list would give (newest
 * date, then newest id), or 0 for none; -1 on error. */
long long store_episode_newest(struct store *st);

/* Deletes an episode with its segments, glossary and progress; vocabulary
 * entries saved from it keep their context. */
int store_episode_delete(struct store *st, long long id);

/* Sets the audio source (path or URL; "" for none) of an episode. */
int store_episode_set_audio(struct store *st, long long id, const char *audio);

/* Marks episode id finished or not (the list shows the mark). Fails with
 * STORE_ERR_NOT_FOUND when there is no such episode. */
int store_episode_set_finished(struct store *st, long long id, bool finished);

/* SQLite's PRAGMA data_version: a number that changes when another
 * connection (another process) has committed a change to the library
 * since this one last looked. Cheap (no file read beyond the lock page),
 * for polling. -1 on error. */
long long store_data_version(struct store *st);

/* ---- JSON: the native interchange format -------------------------------- */

/* The episode as a JSON object: id, title, podcast, date, source_url,
 * audio, words, reading_minutes, duration, segments: [{speaker, start, end,
 * en, zh}], glossary: [{term, gloss, count}]. New string owned by the
 * caller, or NULL on error. Built with SQLite's json_object/json_group_array. */
char *store_episode_json(struct store *st, const struct episode *ep);

/* The list as a JSON array of {id, title, podcast, date, source_url, audio,
 * words, reading_minutes, segments (a count)}. New string or NULL. */
char *store_list_json(struct store *st);

/* The episode's glossary as a JSON array of {term, gloss, count}, in the
 * order of store_episode_json's "glossary" (for `glossary ID --json`). New
 * string owned by the caller, or NULL on error. */
char *store_glossary_json(struct store *st, const struct episode *ep);

/* Parses an episode from JSON of the shape store_episode_json writes (id
 * ignored) into *out (new, owned by the caller), validated like page text:
 * times non-negative, end >= start, text valid UTF-8 and NFC-normalised, a
 * date that exists in the calendar. The glossary is taken from the JSON
 * when present, else extracted. On failure returns -1 with a message in
 * err naming the segment or glossary entry (counted from 1) and the field,
 * or the line and column of a syntax error. */
int store_episode_from_json(struct store *st, const char *json, size_t len,
			    struct episode **out, char *err, size_t errsize);

/* ---- search ----------------------------------------------------------------
 *
 * A query is text as a learner types it, never FTS syntax: words separated
 * by spaces must all match (in any case, English inflections too: model
 * finds models), a phrase between double quotes must match as written;
 * any other character (*, -, :, NEAR, parentheses) is only text, and a
 * word of punctuation alone is ignored. Chinese (and Japanese kana) of any
 * length matches as a substring of the translation. */

/* Which side of a segment a query searches, or matched. */
enum store_search_side {
	STORE_SEARCH_ANY, /* Chinese words the zh side, others the en side
			     (as a hit's match: both sides matched) */
	STORE_SEARCH_EN,  /* every word on the English side */
	STORE_SEARCH_ZH,  /* every word on the Chinese side */
};

/* A matched span of a snippet, in bytes. */
struct store_search_mark {
	size_t off, len;
};

/* One matching segment. */
struct store_search_hit {
	long long episode;   /* the episode's id */
	char *title;         /* the episode's title, owned */
	int segment;         /* the sentence's index, from 0 */
	double start;        /* seconds */
	int speaker;
	char *en, *zh;       /* the whole sentence, owned */
	enum store_search_side match; /* the side that matched (ANY: both) */
	char *snippet;       /* the matched side, cut to about 160 characters
				around the first match with "…"; owned */
	struct store_search_mark *marks; /* the matches in snippet, by
					    offset; owned */
	size_t n_marks;
	char *term, *gloss;  /* the episode's glossary entry the query names
				(in its term or gloss), or NULL; owned */
};

/* 0 when query is something store_search can search, else -1 with the
 * reason in err (empty, only punctuation, too long, too many words,
 * invalid UTF-8). For refusing a bad query before opening the library. */
int store_search_check(const char *query, char *err, size_t errsize);

/* The segments matching query, best first: FTS5's bm25 (lower is better;
 * rare words and short sentences rank first), ties by the episode's date
 * and id, newest first, then sentence order. episode 0 searches every
 * episode; limit 0 means no limit. *out is a new array of *n hits (none
 * is not an error). A bad query fails with STORE_ERR_OTHER; a read-only
 * library of a schema without the index with STORE_ERR_READONLY. */
int store_search(struct store *st, const char *query, long long episode,
		 enum store_search_side lang, size_t limit,
		 struct store_search_hit **out, size_t *n);
void store_search_hits_free(struct store_search_hit *v, size_t n);

/* The hits as a JSON array of {episode, title, segment, start, speaker,
 * en, zh, match ("en", "zh" or "both"), snippet, marks ([start, length]
 * pairs in characters of snippet), term, gloss (null when none)}. New
 * string or NULL. */
char *store_search_json(struct store *st, const struct store_search_hit *v,
			size_t n);

/* One glossary entry that a query matched. */
struct store_term_hit {
	long long episode;   /* the episode's id */
	char *title;         /* owned */
	int first_segment;   /* the sentence it first appears in, from 0 */
	char *term, *gloss;  /* owned */
};

/* The glossary entries (of episode, or of every episode when 0) whose
 * term or gloss contains every word of query (case-insensitively): an
 * exact term first, then newest episode first. limit 0: no limit. */
int store_search_glossary(struct store *st, const char *query,
			  long long episode, size_t limit,
			  struct store_term_hit **out, size_t *n);
void store_term_hits_free(struct store_term_hit *v, size_t n);
/* As a JSON array of {episode, title, segment, term, gloss, match:
 * "glossary"}. New string or NULL. */
char *store_term_hits_json(struct store *st, const struct store_term_hit *v,
			   size_t n);

/* Compares the search index, token by token, with one built afresh from
 * the segments' text: *differences is 0 when they agree. For tests and
 * checks; costs a rebuild in a temporary table. */
int store_search_verify(struct store *st, long long *differences);

/* ---- progress ------------------------------------------------------------ */

/* Saves where the learner is in an episode and marks it last opened. */
int store_progress_save(struct store *st, long long episode_id,
			double position, int segment);
/* The most recently opened episode's id, or 0 when none; -1 on error. */
long long store_last_opened(struct store *st);

/* ---- vocabulary book ---------------------------------------------------- */

enum store_vocab_order { STORE_VOCAB_BY_DATE, STORE_VOCAB_BY_TERM };

/* Adds e (term, gloss, note and its contexts) to the book in one
 * transaction. If the term is already there (case-insensitively) no second
 * entry is made: the new contexts are added to it (a context with the same
 * sentence is not added twice), an empty gloss or note there is filled from
 * e, and *existed is set true. Sets e->id to the entry's id. */
int store_vocab_add(struct store *st, struct vocab_entry *e, bool *existed);

/* Entries (with contexts) whose term, gloss or note contains filter
 * (case-insensitive; NULL or "" for all), in the given order (by date:
 * newest first). */
int store_vocab_list(struct store *st, enum store_vocab_order order,
		     const char *filter, struct vocab_entry **out, size_t *n);

/* An entry as the book's list shows it, without its sentences. Its
 * strings point into the text of the store_vocab_rows that holds it. */
struct store_vocab_row {
	long long id;
	const char *term;
	const char *term_key; /* text_fold(term), as the book keys it */
	const char *gloss;    /* "" when none */
	const char *note;     /* "" when none */
	time_t created;
};

struct store_vocab_rows {
	struct store_vocab_row *v; /* n of them, by id */
	size_t n;
	char *text;                /* every string of v, owned */
};

/* The whole book's entries without their sentences, by id: one query and
 * one allocation for all the strings, what a list of the book needs
 * first (store_vocab_contexts then reads the sentences of those shown).
 * Free with store_vocab_rows_free; on failure *out is empty. */
int store_vocab_rows(struct store *st, struct store_vocab_rows *out);
/* Frees what r holds and empties it. */
void store_vocab_rows_free(struct store_vocab_rows *r);

/* The sentences (oldest first) of each of the n entries ids[i]: ctx[i]
 * gets a new array of n_ctx[i] contexts (NULL, 0 for an entry without
 * any or no longer in the book), owned by the caller (each freed as a
 * vocab_entry's). One statement for all of them, in one read
 * transaction. On failure nothing is left allocated. */
int store_vocab_contexts(struct store *st, const long long *ids, size_t n,
			 struct vocab_context **ctx, size_t *n_ctx);

/* Loads one entry by id into *out (cleared first). -1 if missing. */
int store_vocab_get(struct store *st, long long id, struct vocab_entry *out);

/* Updates gloss and note of an entry (NULL leaves a field as it is). */
int store_vocab_update(struct store *st, long long id, const char *gloss,
		       const char *note);

/* Removes entry id (with its contexts). */
int store_vocab_remove(struct store *st, long long id);

/* The id of the entry for term (case-insensitive), 0 if none, -1 on error. */
long long store_vocab_find(struct store *st, const char *term);

/* Puts back a removed entry exactly as it was (same id, dates, contexts):
 * the undo of store_vocab_remove. */
int store_vocab_restore(struct store *st, const struct vocab_entry *e);

/* The n entries of v as a JSON array, in their order: [{id, term, gloss,
 * note, created, contexts: [{en, zh, episode_id, title, podcast, date,
 * source_url, at, saved}]}], created and saved as ISO 8601 UTC
 * ("2025-05-01T12:00:00Z"), at in seconds, null for an id or time of 0.
 * Built with SQLite's json_object/json_group_array (the export's JSON).
 * New string owned by the caller, or NULL on error. */
char *store_vocab_entries_json(struct store *st, const struct vocab_entry *v,
			       size_t n);

/* The book (store_vocab_list by date, with filter) as that JSON array. */
char *store_vocab_json(struct store *st, const char *filter);

/* Every saved term as saved, for marking them in the transcript, and
 * (keys not NULL) each one's key, text_fold(term) as stored, in byte
 * order (strcmp's); the terms come in the same order. New arrays of n
 * owned strings; free each with store_strings_free. */
int store_vocab_terms(struct store *st, char ***out, char ***keys, size_t *n);
void store_strings_free(char **v, size_t n);

/* ---- the library's glossary across episodes (store_lookup.c) ------------ */

struct dict_result;

/* One episode that glossed a term so. */
struct store_gloss_episode {
	long long id;
	char *title, *date; /* owned */
	int count;          /* times the term occurs in that episode */
};

/* One gloss a term received, with the episodes that gave it. */
struct store_gloss {
	char *term;  /* as the newest of those episodes spells it, owned */
	char *gloss; /* owned */
	int count;   /* occurrences over all its episodes */
	struct store_gloss_episode *episodes; /* newest first, owned */
	size_t n_episodes;
};

/* Every gloss that a glossary term equal to one of keys[0..n_keys)
 * (letters A-Z compared without case) received in any episode: one
 * store_gloss per distinct term and gloss, those of keys[0] first, then
 * by how often they occur. Sets *out to a new array of *n (free with
 * store_glosses_free); returns 0, or -1 with store_error. */
int store_gloss_lookup(struct store *st, const char *const *keys,
		       size_t n_keys, struct store_gloss **out, size_t *n);
void store_glosses_free(struct store_gloss *v, size_t n);

/* The answer to `define WORD --json` as one JSON object: {word,
 * glossary_of, glossary: [{term, gloss, count, episodes: [{id, title,
 * date, count}]}], senses_of, senses: [{source, lemma, pos, text}],
 * lemmas: [...], problems: [...]}. glossary_of and senses_of name what
 * was found (word, or the head word of a phrase). Built with SQLite's
 * JSON functions. New string owned by the caller, or NULL on error. */
char *store_define_json(struct store *st, const char *word,
			const char *glossary_of, const struct store_gloss *g,
			size_t n_g, const char *senses_of,
			const struct dict_result *r);

#endif
