/* import: reading episodes from files -- format detection and the parsers.
 *
 * Formats: the page text saved from the digest (see ../shared/design.md)
 * and the JSON that `buildspeak show --json` writes (parsed by the store,
 * through SQLite's JSON functions, handed in as a struct import_json:
 * library_import_json gives it, so this module does not need the store). */
#ifndef BUILDSPEAK_IMPORT_H
#define BUILDSPEAK_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "buildspeak/episode.h"
#include "buildspeak/subtitle.h"

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
 * IMPORT_MAX_FILE bytes), detects its format and parses it. Subtitles
 * (subtitle_sniff: WebVTT or SRT by content, whatever the name) go through
 * import_subtitle_buffer with no options, and so does a file named .vtt
 * or .srt, which is then refused with the subtitle reader's message. JSON
 * (the first non-blank byte after an optional BOM is '{') goes through
 * json (NULL refuses JSON). A page with no title line gets the file
 * name without its extension. Returns 0 and a new episode in *out, or -1
 * with *err filled (a missing or unreadable file is an error too; line 0). */
int import_file(const char *path, const struct import_json *json,
		struct episode **out,
		struct import_error *err);

/* Reads the whole file at path (at most IMPORT_MAX_FILE bytes) into a new
 * NUL-terminated buffer owned by the caller; *len gets its size. Returns 0,
 * or -1 with *err filled (line 0). */
int import_read(const char *path, char **data, size_t *len,
		struct import_error *err);

/* ---- subtitles (import_subtitle.c) ------------------------------------- */

/* What the command line may say about subtitle files; NULL fields are
 * found as described. Strings are borrowed. */
struct import_subtitle_options {
	const char *title; /* NULL: the file name without its language and
			      extension ("Talk.en.vtt" -> "Talk") */
	const char *date;  /* "YYYY-MM-DD"; NULL: the (first) file's
			      modification date, local time */
	const char *audio; /* stored as given; NULL: a file beside the
			      subtitles with the same stem and one of the
			      extensions .webm .m4a .mp3 .opus .mp4 (in that
			      order), as its absolute path; else none */
};

/* Imports one subtitle file, or two (one English, one Chinese, paired by
 * time: subtitle_pair), as one new episode (*out, owned by the caller).
 * langs (may be NULL) gives each file's language; UNKNOWN (or no langs)
 * takes it from the name (import_lang_from_path), else from the script
 * (subtitle_guess_lang). One file in BOTH is split into the two sides;
 * one file in one language leaves the other side "". opt may be NULL. On
 * failure returns -1 with *err filled and *bad (when not NULL) the index
 * of the file at fault. */
int import_subtitles(const char *const *paths, const enum subtitle_lang *langs,
		     size_t n, const struct import_subtitle_options *opt,
		     struct episode **out, struct import_error *err,
		     size_t *bad);

/* import_subtitles for one file already read: buf, len bytes; path names
 * it (language, title, date, audio beside it). */
int import_subtitle_buffer(const char *path, const char *buf, size_t len,
			   enum subtitle_lang lang,
			   const struct import_subtitle_options *opt,
			   struct episode **out, struct import_error *err);

/* The language a subtitle file's name gives: the part before its
 * extension, as yt-dlp and players name them -- .en. .en-US. .eng.
 * -> EN; .zh. .zh-Hans. .zh-Hant. .zh-CN. .zh-TW. .chs. .cht. .chi. -> ZH;
 * .en-zh. .zh-en. .chs-eng. .bilingual. -> BOTH; else UNKNOWN. */
enum subtitle_lang import_lang_from_path(const char *path);

/* The path without its extension and language part ("dir/Talk.en.vtt" ->
 * "dir/Talk"): what two files of one talk share. New, owned by the
 * caller. */
char *import_subtitle_stem(const char *path);

/* Whether s is a real date written YYYY-MM-DD. */
bool import_date_valid(const char *s);

#endif
