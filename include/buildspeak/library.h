/* library: the use cases the command line and the reader's modes share,
 * written once -- saving a term with its sentence in the vocabulary book,
 * and importing a file as an episode with de-duplication and replace.
 *
 * Above the formats and the store: it is the bridge that hands the
 * store's JSON codec to the importer, so neither import.c nor export.c
 * needs the store. Nothing here prints; results are return values, and
 * a failing library leaves its reason in store_error(). */
#ifndef BUILDSPEAK_LIBRARY_H
#define BUILDSPEAK_LIBRARY_H

#include <stdbool.h>

#include "buildspeak/export.h"
#include "buildspeak/import.h"

struct episode;
struct store;

/* ---- the store's JSON codec, for the formats ------------------------------ */

/* The JSON parser import_file takes, reading through st's SQLite JSON
 * functions (st must stay open while it is used). */
struct import_json library_import_json(struct store *st);
/* The JSON writer export_write and export_to_file take, likewise. */
struct export_json library_export_json(struct store *st);

/* ---- saving a term ---------------------------------------------------------- */

/* What library_save_term did. */
enum library_save {
	LIBRARY_SAVED,         /* a new entry */
	LIBRARY_CONTEXT_ADDED, /* the term was there; it gained the sentence */
	LIBRARY_ALREADY_THERE, /* the term was there with this sentence (or
				  none was given) */
};

/* The entry a save left in the book. */
struct library_saved {
	char *term;   /* as the book has it (an existing entry keeps its
			 spelling); owned */
	char *gloss;  /* the book's gloss now; owned, "" when none */
	bool updated; /* an existing entry's gloss or note was replaced */
};

/* The one rule for text typed as a term, gloss or note: a copy without
 * leading and trailing white space (space, tab, CR, LF, the ideographic
 * space U+3000), NFC. NULL when s is not valid UTF-8 (or holds NUL). New
 * string owned by the caller. */
char *library_clean_text(const char *s);

/* Saves term (cleaned as above) in the book, with segment seg of ep as
 * its context when ep is not NULL and seg >= 0 (its text must be loaded;
 * episode_id is the stored episode's id). gloss NULL: none given -- a new
 * entry takes the episode's glossary's gloss, an existing one keeps its
 * own. A given non-empty gloss or note that differs from the book's
 * replaces it (the user typed it). One transaction; what it returns has
 * been committed. Returns what happened, filling *out (cleared with
 * library_saved_clear) when out is not NULL, or -1: the term is empty or
 * not valid UTF-8 (store_error untouched; callers check with
 * library_clean_text first), or the library failed (store_error says
 * why). */
int library_save_term(struct store *st, const char *term, const char *gloss,
		      const char *note, const struct episode *ep,
		      long long episode_id, long seg,
		      struct library_saved *out);
/* Frees what *s owns. */
void library_saved_clear(struct library_saved *s);

/* ---- export formats ----------------------------------------------------------- */

/* What library_export_format_of answers for a name ending in ".apkg". */
#define LIBRARY_FORMAT_APKG 100

/* The format a file name's extension stands for (any case): an enum
 * export_format (csv; txt and anki: anki; md and markdown: md; json),
 * LIBRARY_FORMAT_APKG for apkg, or -1 when the name says nothing. The
 * CLI and the book both refuse a format that clashes with it. */
int library_export_format_of(const char *path);

/* ---- removing an episode -------------------------------------------------- */

/* Removes episode id with its sentences, glossary and progress, in one
 * transaction; the vocabulary saved from it keeps its sentences (their
 * copies). `buildspeak rm` and the reader's list both do it through here.
 * Returns 0, or -1 (store_error says why; STORE_ERR_NOT_FOUND when there
 * is no such episode). */
int library_remove_episode(struct store *st, long long id);

/* ---- importing a file ------------------------------------------------------ */

/* What library_import_file did (negative: it failed). */
enum library_import {
	LIBRARY_IMPORT_BAD_FILE = -2, /* the file is not a valid episode:
					 *err says where and why */
	LIBRARY_IMPORT_FAILED = -1,   /* the library failed: store_error */
	LIBRARY_IMPORTED = 0,         /* a new episode */
	LIBRARY_REPLACED,             /* replaced the same episode (replace) */
	LIBRARY_ALREADY_IMPORTED,     /* the same episode was there and is
					 kept; audio, when given, was set */
};

/* Imports the file at path (page text, or the JSON `show --json` writes)
 * into st. The same episode already there (same source URL; else same
 * podcast, date and title) is kept unless replace, which replaces it in
 * place (same id, progress kept). audio (a resolved source, or NULL)
 * becomes the episode's audio; NULL keeps what the file says or, when
 * replacing, what the stored episode had. *out (may be NULL) gets the
 * parsed episode with its id set (new, owned by the caller) unless the
 * result is negative. */
int library_import_file(struct store *st, const char *path, bool replace,
			const char *audio, struct episode **out,
			struct import_error *err);

/* Imports one or two subtitle files as one episode (import_subtitles,
 * with langs and opt as it takes them) and stores it as
 * library_import_file does. For LIBRARY_IMPORT_BAD_FILE, *bad (when not
 * NULL) is the index in paths of the file at fault. */
int library_import_subtitles(struct store *st, const char *const *paths,
			     const enum subtitle_lang *langs, size_t n,
			     const struct import_subtitle_options *opt,
			     bool replace, const char *audio,
			     struct episode **out, struct import_error *err,
			     size_t *bad);

/* ---- exporting the book to a file ---------------------------------------- */

/* Temporary files older than this (seconds) beside an export, named as
 * export_to_file names its own, are left over from an export that was
 * killed, and are removed by the next export to that directory. */
#define LIBRARY_STALE_TEMP_AGE 3600

/* Writes the n entries of v in format fmt to path as export_to_file does
 * (atomically), after refusing what shell redirection would refuse: a
 * directory, a missing or unwritable directory, and an existing file
 * that is write-protected -- judged by its mode too, so root is refused
 * a 0444 file as well. Removes stale temporary files of ours beside it
 * first. Returns 0; -2 when path cannot be created or replaced; -1 when
 * writing failed (a full disk); err says why. */
int library_export_file(struct store *st, const char *path,
			enum export_format fmt, const struct vocab_entry *v,
			size_t n, const struct export_options *opt, char *err,
			size_t errsize);

#endif
