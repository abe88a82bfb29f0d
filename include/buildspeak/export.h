/* export: the vocabulary book written out for the tools learners study
 * with -- a spreadsheet (CSV), Anki (its plain-text import), notes
 * (Markdown) and programs (JSON).
 *
 * The formats, as written:
 *
 * csv   RFC 4180: UTF-8, CRLF line ends, a header row, one row per entry:
 *       term, gloss, note, english, chinese, episode, podcast, date,
 *       source_url, time, saved, contexts. The sentence columns hold the
 *       entry's first context (the sentence the term was first saved from:
 *       the one its gloss was chosen for); `contexts` says how many
 *       sentences the entry has in all (the Markdown and JSON forms carry
 *       every one). time is the sentence's start as H:MM:SS ("0:02:56":
 *       LibreOffice reads "02:56" as 2 hours 56 minutes); saved is when the
 *       term entered the book, ISO 8601 in local time with its UTC offset.
 *       A field is quoted when it holds a comma, a quote, CR or LF, with
 *       quotes doubled. A UTF-8 byte-order mark begins the file when it is
 *       written to a file whose name ends in ".csv" (export_options.bom):
 *       without one LibreOffice and Excel read the Chinese as Windows-1252;
 *       Python reads it with encoding "utf-8-sig". A cell of text (every
 *       column but time, saved and contexts) that begins with = + - @, a
 *       tab or CR gets a leading ' so that a spreadsheet shows it instead
 *       of evaluating a formula (OWASP's advice on CSV injection): such a
 *       cell reads back with the ' in front.
 *
 * anki  Anki's text import (manual: "Importing text files", file headers),
 *       LF line ends, header lines in the order Anki reads them:
 *           #separator:tab
 *           #html:true
 *           #notetype:Basic
 *           #deck:BuildSpeak        (export_options.deck)
 *           #tags:buildspeak
 *           #guid column:3
 *       then one line per entry with three columns: the term (the first
 *       field, Front), the answer (the second field, Back: the gloss, the
 *       note, the first context's sentence in English and Chinese with the
 *       term in <b>, and the source and time) and the note's GUID. There
 *       is no #columns line, so Anki maps the columns to fields by position:
 *       that works with any note type of two fields or more whatever the
 *       interface language calls it (a Chinese collection's Basic is 问答题,
 *       fields 正面/背面); #notetype picks Basic where one of that name
 *       exists. The GUID is export_anki_guid() of the term, the same for
 *       the same term case-insensitively, so importing a newer export
 *       updates the notes of the older one instead of adding them again.
 *       Tags come from the #tags line, which Anki adds to a note's own tags
 *       on an update, rather than from a column, which would replace them
 *       (the learner's "marked" or "leech"). Text is HTML-escaped (& < >
 *       ") before the markup is added; tabs become spaces and line breaks
 *       <br>, except in the term, where every run of white space (line
 *       breaks included) becomes one space: a term is one line, and Anki's
 *       duplicate check would strip a <br> ("multi<br>line" would be taken
 *       for "multiline"). A first field that begins with '#' is quoted so
 *       Anki does not skip the line as a comment. Current Anki creates the
 *       #deck when the collection has none of that name (older versions
 *       used the deck picked in the import dialog instead).
 *
 * md    A Markdown document with a section per episode (title, podcast,
 *       date, a link to the source), newest episode first; in each, the
 *       terms saved from it in the order they are spoken: **term** — gloss,
 *       the note, and each sentence as a quote (English, then Chinese) with
 *       its time. A term saved from two episodes is listed under both;
 *       terms without a known episode come last, under "Other words".
 *       Characters Markdown would read as markup are backslash-escaped;
 *       only http(s) sources become links.
 *
 * json  An array of {id, term, gloss, note, created, contexts: [{en, zh,
 *       episode_id, title, podcast, date, source_url, at, saved}]}, with
 *       created and saved as ISO 8601 UTC and at in seconds, made by
 *       SQLite's JSON functions (store_vocab_entries_json), handed in by
 *       the caller as a struct export_json (library_export_json gives the
 *       store's), so that this module does not depend on the store.
 *
 * Every writer takes the entries in the order they should appear (CSV,
 * Anki and JSON keep it; Markdown regroups by episode).
 *
 * No format carries a raw control character: everything in an entry came
 * from someone's page or typing, and the output may go to a terminal. C0
 * controls (but tab, LF and CR, which each format turns into its own
 * form), DEL, C1 controls and bidirectional embeddings, overrides and
 * isolates (U+202A..U+202E, U+2066..U+2069) are dropped from CSV, Anki and
 * Markdown -- so an escape sequence loses its ESC and is inert text -- and
 * written as \u.... escapes in JSON. The term is emphasised (Anki's <b>,
 * Markdown's **) exactly where the reader marks it: by the one matcher
 * (matcher.h), inflections included ("agent" bolds "Agents"). */
#ifndef BUILDSPEAK_EXPORT_H
#define BUILDSPEAK_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "buildspeak/vocab.h"

/* How the JSON form is made (the exporter does not know the library). */
struct export_json {
	/* The n entries of v as a JSON array: a new string, or NULL with a
	 * message in err (errsize bytes). */
	char *(*entries)(void *ctx, const struct vocab_entry *v, size_t n,
			 char *err, size_t errsize);
	void *ctx; /* the entries function's first argument */
};

enum export_format {
	EXPORT_CSV,
	EXPORT_ANKI,
	EXPORT_MD,
	EXPORT_JSON,
};

/* The format names export_format_parse accepts, for messages and help. */
#define EXPORT_FORMAT_NAMES "csv, anki, md, json"

/* Sets *out to the format called name ("csv", "anki", "md" or "json";
 * exact, lower case). Returns 0, or -1 for any other name (NULL included)
 * leaving *out alone. */
int export_format_parse(const char *name, enum export_format *out);

/* The name of fmt ("csv", ...), or "?" for a value outside the enum. */
const char *export_format_name(enum export_format fmt);

/* The file name extension usual for fmt, without the dot: "csv", "txt"
 * (what Anki's import dialog offers), "md", "json". */
const char *export_format_extension(enum export_format fmt);

/* The Anki deck used when export_options.deck is NULL or empty. */
#define EXPORT_ANKI_DECK "BuildSpeak"

/* When the CSV begins with a UTF-8 byte-order mark. */
enum export_bom {
	EXPORT_BOM_AUTO = 0, /* when the file's name ends in ".csv" (any case):
				not on standard output, a pipe or a device */
	EXPORT_BOM_ALWAYS,
	EXPORT_BOM_NEVER,    /* the CLI's --no-bom */
};

/* Choices beyond the format; a zeroed struct (or NULL) is the default. */
struct export_options {
	enum export_bom bom; /* CSV only */
	const char *deck;    /* Anki: the #deck line; NULL or "" for
				EXPORT_ANKI_DECK. Borrowed. */
};

/* Bytes of an Anki GUID from export_anki_guid, with its NUL. */
#define EXPORT_ANKI_GUID_SIZE 20

/* Writes to out the GUID of the Anki note for term: "bs-" and 16 hex
 * digits of a 64-bit hash of the term with its white space runs made one
 * space, trimmed, case-folded (text_fold) -- so it is stable across
 * exports and the same for "Agent" and "agent". The text export's guid
 * column and the package's note GUIDs both come from here, so a note
 * imported either way is updated by the other. */
void export_anki_guid(const char *term, char out[EXPORT_ANKI_GUID_SIZE]);

/* Writes the n entries of v to out in format fmt, and flushes out. json is
 * needed for EXPORT_JSON only (it may be NULL otherwise). Returns 0, or -1
 * with a message in err (errsize bytes) when a write fails (a full disk,
 * a closed pipe), fmt is not a format, or the JSON cannot be made. On
 * failure part of the output may have been written: export_to_file is the
 * way to get all or nothing. */
int export_write(FILE *out, enum export_format fmt,
		 const struct vocab_entry *v, size_t n,
		 const struct export_json *json,
		 char *err, size_t errsize);


/* export_write with options (NULL: the defaults). out has no name, so
 * EXPORT_BOM_AUTO writes no byte-order mark here. */
int export_write_opts(FILE *out, enum export_format fmt,
		      const struct vocab_entry *v, size_t n,
		      const struct export_json *json,
		      const struct export_options *opt, char *err,
		      size_t errsize);

/* Writes the n entries of v in format fmt to the file at path, atomically:
 * into a new temporary file in the same directory, flushed and fsync'ed,
 * then renamed over path, so path holds either its old content or the
 * complete export, never a part. An existing file keeps its permissions; a
 * new one gets 0666 less the umask. A symbolic link at path is followed
 * (the file it points to is replaced, the link stays). When path exists
 * but is not a regular file (a device, a pipe, /dev/stdout) it is written
 * directly, since it cannot be replaced. path NULL or "-" writes to stdout.
 * Returns 0, or -1 with a message naming the path and the reason in err:
 * unknown format, a directory that is missing or not writable, a full
 * disk; on failure the temporary file is removed and path is untouched. */
int export_to_file(const char *path, enum export_format fmt,
		   const struct vocab_entry *v, size_t n,
		 const struct export_json *json,
		   char *err, size_t errsize);

/* export_to_file with options (NULL: the defaults): with EXPORT_BOM_AUTO
 * a CSV written to a path ending in ".csv" begins with a byte-order mark. */
int export_to_file_opts(const char *path, enum export_format fmt,
			const struct vocab_entry *v, size_t n,
			const struct export_json *json,
			const struct export_options *opt,
			char *err, size_t errsize);

#endif
