/* store_anki: the SQLite side of an Anki package -- the collection file
 * (collection.anki2) and the media map, written with the project's SQLite.
 *
 * The collection is in the schema Anki 2.1 exports as collection.anki2
 * and every Anki since reads in packages (schema 11: tables col, notes,
 * cards, revlog, graves; the note types, decks and deck options as JSON in
 * the col row), made with SQLite's JSON functions. Anki's importer
 * matches what it already has by id: a note by its guid (a newer mod
 * updates it, keeping its cards and their reviews), a note type by its id
 * when its field and template names are the same, so both must stay the
 * same from one export to the next. */
#ifndef BUILDSPEAK_STORE_ANKI_H
#define BUILDSPEAK_STORE_ANKI_H

#include <stddef.h>

/* A note type with one card template. */
struct anki_notetype {
	long long id;              /* stable: the same in every export */
	const char *name;
	const char *const *fields; /* field names, in order */
	size_t n_fields;
	const char *template_name; /* the one card's name */
	const char *qfmt, *afmt;   /* front and back templates */
	const char *css;
	const int *front_fields;   /* ordinals of the fields any of which makes
				      the front non-empty (Anki's "req") */
	size_t n_front_fields;
};

/* One note, with one card. */
struct anki_note {
	const char *guid;          /* stable id of the note */
	const char *const *fields; /* n_fields HTML strings (no 0x1f in them) */
	const char *tags;          /* space-separated tags; "" for none */
};

/* Writes a new collection at path (which must not exist) holding the note
 * type nt, the deck named deck (id deck_id, with Anki's default options)
 * and the n notes with one new card each, in that order. now is the
 * export's time in seconds since the epoch: the notes' mod, and in
 * milliseconds the first note and card id. Returns 0, or -1 with a
 * message in err (errsize bytes); on failure path may be left behind. */
int store_anki_write(const char *path, const struct anki_notetype *nt,
		     const char *deck, long long deck_id,
		     const struct anki_note *notes, size_t n, long long now,
		     char *err, size_t errsize);

/* The package's media map: a JSON object {"0": names[0], "1": names[1],
 * ...} naming the file stored as "0", "1", ... New string owned by the
 * caller, or NULL with a message in err. */
char *store_anki_media_json(const char *const *names, size_t n, char *err,
			    size_t errsize);

#endif
