/* apkg: the vocabulary book as an Anki package (.apkg) -- one note per
 * entry, of buildspeak's own note type, with the sentence it was saved
 * from and that sentence's audio.
 *
 * The package is a zip (libzip) holding
 *   collection.anki2  the notes, their cards, the note type and the deck
 *                     (store_anki_write: an SQLite file in the schema
 *                     Anki's package importer reads);
 *   media             a JSON map {"0": "buildspeak-....mp3", ...};
 *   0, 1, ...         the media files, named in that map.
 *
 * The note type "BuildSpeak" has the fields (in this order)
 *   Term         the saved term (white space runs one space, trimmed)
 *   Gloss        its Chinese gloss
 *   Sentence     the English sentence it was saved from (its first
 *                context), the term in <b>
 *   Translation  the sentence's Chinese translation, the term in <b>
 *   Audio        [sound:NAME.mp3]: the sentence's clip, or empty
 *   Source       the episode's title and the sentence's time ("... · 3:22")
 *   Note         the learner's note (line breaks as <br>)
 * all HTML, escaped (& < > "), control characters dropped. The one card
 * ("Listen") shows on its front the sentence with the term in bold and
 * plays the clip; its back adds the term, gloss, translation, note and
 * source. A term saved without a sentence shows the term on the front.
 *
 * Stable ids, so that importing a newer package updates the notes in
 * place (keeping their review history) and adds no second copy of a
 * note, a note type or a clip: the note type's id is a constant; a note's
 * guid comes from its term (apkg_note_guid); the deck's id from its name;
 * a clip's name from its episode and its times (apkg_clip_name).
 *
 * Tags: "buildspeak" and the episode's title as one tag (letters and
 * digits, ASCII lower-cased, every other run as '-', at most 60 bytes). */
#ifndef BUILDSPEAK_APKG_H
#define BUILDSPEAK_APKG_H

#include <stdbool.h>
#include <stddef.h>

#include "buildspeak/store.h"
#include "buildspeak/vocab.h"

#define APKG_DEFAULT_DECK "BuildSpeak"
#define APKG_DEFAULT_PAD 0.25 /* seconds of audio before and after */
#define APKG_MAX_PAD 10.0     /* the most --pad takes, seconds */

/* Told while clips are cut: done of total clips are cut (total 0 when
 * there are none). A non-zero return cancels the export. */
typedef int (*apkg_progress_fn)(void *ctx, size_t done, size_t total);

struct apkg_options {
	const char *deck;          /* the deck's name; NULL or "" for
				      APKG_DEFAULT_DECK */
	double pad;                /* seconds, 0..APKG_MAX_PAD */
	bool no_audio;             /* cut nothing: cards without audio */
	apkg_progress_fn progress; /* may be NULL */
	void *ctx;                 /* progress's first argument */
	long long now;             /* the export's time (seconds since the
				      epoch); 0 for the clock's */
};

/* Why a card has no audio. */
enum apkg_why {
	APKG_WHY_NO_SENTENCE,   /* the term was saved without a sentence */
	APKG_WHY_NO_EPISODE,    /* its episode is no longer in the library */
	APKG_WHY_SENTENCE_GONE, /* the episode, re-imported, has no sentence
				   at the saved time any more */
	APKG_WHY_NO_AUDIO,      /* its episode has no audio */
	APKG_WHY_URL,           /* its episode's audio is a URL */
	APKG_WHY_MISSING,       /* its episode's audio file is not there */
	APKG_WHY_UNREADABLE,    /* its audio could not be decoded */
	APKG_WHY_PAST_END,      /* the sentence is past the audio's end */
	APKG_WHY_NOT_ASKED,     /* no_audio was set */
	APKG_WHY_COUNT
};

/* What an export did. */
struct apkg_report {
	size_t notes;                   /* notes (one card each) */
	size_t with_audio;              /* cards that play a clip */
	size_t clips;                   /* media files in the package */
	size_t without[APKG_WHY_COUNT]; /* cards without audio, by reason */
	char unreadable[256];           /* why the first unreadable audio
					   could not be cut; "" when none */
};

/* Options with the defaults: APKG_DEFAULT_DECK, APKG_DEFAULT_PAD. */
void apkg_options_init(struct apkg_options *opt);

/* Writes the n entries of v as an Anki package at path, atomically: path
 * keeps its old content (or stays absent) until the complete package
 * replaces it (a symbolic link at path: the file it points to). The
 * clips and the collection are made in a temporary directory under
 * $TMPDIR (default /tmp), removed afterwards. st is where the entries'
 * episodes (their audio, the sentences' end times) are read. Fills *rep
 * (may be NULL). Returns 0; 1 when opt->progress cancelled (nothing
 * written); -2 with a message in err (errsize bytes) when path cannot be
 * created or replaced (a directory, a missing or unwritable directory, a
 * write-protected file, a device or pipe: a zip is seeked and renamed);
 * -1 when writing failed (a full disk, a bad pad). An audio file that
 * cannot be decoded is no failure: its cards go without audio
 * (APKG_WHY_UNREADABLE, with FFmpeg's reason in rep->unreadable). */
int apkg_export(const char *path, struct store *st,
		const struct vocab_entry *v, size_t n,
		const struct apkg_options *opt, struct apkg_report *rep,
		char *err, size_t errsize);

/* A short phrase for why: "the episode's audio is a URL", ... */
const char *apkg_why_text(enum apkg_why why);

/* One line saying what rep holds, for the user: "12 notes, 10 with audio;
 * 2 without: 1 the episode's audio is a URL, 1 ..." New string. */
char *apkg_report_text(const struct apkg_report *rep);

/* The note guid of term: export_anki_guid's, the text export's GUID
 * column, so a note imported either way is updated by the other, and
 * "Agent" and "agent" are one note in every export. New string. */
char *apkg_note_guid(const char *term);

/* The media name of the clip [start, end) (seconds, after padding) of
 * the episode a context names: "buildspeak-" 16 hex digits of the FNV-1a
 * hash of its identity (the source URL when it has one, else podcast,
 * date and title joined by 0x1f), then the start and end in
 * milliseconds, ".mp3". New string. */
char *apkg_clip_name(const struct vocab_context *c, double start,
		     double end);

#endif
