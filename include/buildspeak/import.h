/* import: reading episodes from files -- format detection and the parsers.
 *
 * Formats: the page text saved from the digest (see ../shared/design.md)
 * and the JSON that `buildspeak show --json` writes (parsed by the store,
 * through SQLite's JSON functions, handed in as a struct import_json:
 * library_import_json gives it, so this module does not need the store). */
#ifndef BUILDSPEAK_IMPORT_H
#define BUILDSPEAK_IMPORT_H

#include <stddef.h>

#include "buildspeak/episode.h"

/* How JSON is parsed (the importer does not know the library). */
struct import_json {
	/* Parses an episode from json (len bytes) into *out (new, owned by
	 * the caller); returns 0, or -1 with a message in err. */
	int (*parse)(void *ctx, const char *json, size_t len,
		     struct episode **out, char *err, size_t errsize);
	void *ctx; /* parse's first argument */
};

/* Largest file import accepts, and longest line of page text. */
#define IMPORT_MAX_FILE (256u << 20)
#define IMPORT_MAX_LINE (1u << 20)

/* Why an import failed; line is 0 when the problem is not on one line. */
struct import_error {
	int line;
	char msg[512];
};

/* Parses page text (buf, len bytes; may start with a UTF-8 BOM and use CRLF
 * line ends). On success returns 0 and sets *out to a new episode (glossary
 * built, text NFC, stats computed) owned by the caller. On failure returns
 * -1 and fills *err; *out is untouched. */
int import_page(const char *buf, size_t len, struct episode **out,
		struct import_error *err);

/* The path that names standard input. */
#define IMPORT_STDIN "-"

/* Checks, before anything is created or changed, that path can be
 * imported: IMPORT_STDIN when standard input is not a terminal, else a
 * regular file that opens for reading (a directory, FIFO, device or socket
 * is refused: a FIFO without a writer would block, a device can be
 * endless). Never blocks. Returns 0, or -1 with *err filled (line 0). */
int import_check_path(const char *path, struct import_error *err);

/* Reads the file at path (IMPORT_STDIN: standard input to its end; other
 * paths must be regular files, as import_check_path says; at most
 * IMPORT_MAX_FILE bytes), detects its format and parses it. JSON (the
 * first non-blank byte after an optional BOM is '{') goes through json
 * (NULL refuses JSON). A page with no title line gets the file
 * name without its extension. Returns 0 and a new episode in *out, or -1
 * with *err filled (a missing or unreadable file is an error too; line 0). */
int import_file(const char *path, const struct import_json *json,
		struct episode **out,
		struct import_error *err);

#endif
