/* export: the vocabulary book written out for the tools learners study
 * with -- a spreadsheet (CSV), Anki (its plain-text import), notes
 * (Markdown) and programs (JSON).
 *
 * The formats, as written:
 *
 * csv   RFC 4180: UTF-8 without a byte-order mark, CRLF line ends, a header
 *       row, one row per entry: term, gloss, note, english, chinese,
 *       episode, podcast, date, source_url, time, saved, contexts. The
 *       sentence columns hold the entry's first context (the sentence the
 *       term was first saved from: the one its gloss was chosen for);
 *       `contexts` says how many sentences the entry has in all (the
 *       Markdown and JSON forms carry every one). time is the sentence's
 *       start as MM:SS or H:MM:SS; saved is when the term entered the book,
 *       ISO 8601 in local time with its UTC offset. A field is quoted when
 *       it holds a comma, a quote, CR or LF, with quotes doubled. No BOM:
 *       LibreOffice, Python's csv module, pandas and spreadsheets on the
 *       web read UTF-8 as it is, and a BOM would end up glued to the first
 *       column's name there; Excel users open the file through Data >
 *       From Text/CSV and pick UTF-8. Fields are written exactly as they
 *       are (no "'" put before a leading '=' to stop a spreadsheet reading
 *       it as a formula): the file must read back to the same text.
 *
 * anki  Anki's text import (manual: "Importing text files", file headers),
 *       LF line ends, header lines in the order Anki reads them:
 *           #separator:tab
 *           #html:true
 *           #columns:Front<TAB>Back<TAB>Tags
 *           #notetype:Basic
 *           #deck:BuildSpeak
 *           #tags column:3
 *       then one line per entry with three fields: the term (Front: Anki
 *       decides duplicates by the first field), the answer (Back: the gloss,
 *       the note, the first context's sentence in English and Chinese with
 *       the term in <b>, and the source and time), and the tags
 *       ("buildspeak" and the podcast as a slug). Everything goes in those
 *       two fields because Basic has only Front and Back: a separate column
 *       for the sentence would be dropped on import. Text is HTML-escaped
 *       (& < > ") before the markup is added; tabs become spaces, line
 *       breaks <br>; a first field that begins with '#' is quoted so Anki
 *       does not skip the line as a comment. Anki uses #deck only when a
 *       deck of that name exists (otherwise the one picked in its dialog)
 *       and maps the columns by name onto a note type named Basic with the
 *       fields Front and Back.
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
 * Anki and JSON keep it; Markdown regroups by episode). */
#ifndef BUILDSPEAK_EXPORT_H
#define BUILDSPEAK_EXPORT_H

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

/* What names export_to_file's temporary files: ".NAME" EXPORT_TEMP_TAG
 * "XXXXXX" beside NAME, so that leftovers of a killed export are known as
 * ours (and removed by library_export_file). */
#define EXPORT_TEMP_TAG ".buildspeak-tmp."

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

#endif
