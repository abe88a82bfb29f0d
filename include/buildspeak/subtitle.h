/* subtitle: WebVTT and SRT -- cues read from bytes, turned into an episode
 * (one language, two languages paired by time, or one file holding both),
 * and an episode written back out as subtitles.
 *
 * Reading follows the W3C WebVTT parsing algorithm (signature, header,
 * blocks, cue timings, the cue text tokenizer) and SRT as players read it;
 * cue markup is stripped to plain text. Where the specification drops a
 * cue silently (a timing line that does not parse) or decodes bad bytes to
 * U+FFFD, buildspeak refuses the file with its line instead, as it does
 * page text: a learner's transcript must not lose sentences unnoticed. NUL
 * characters become U+FFFD as the specification says.
 *
 * Times are kept in whole milliseconds, so writing and reading back give
 * the same times. Nothing here reads files or touches the library: see
 * import.h for files and their names. */
#ifndef BUILDSPEAK_SUBTITLE_H
#define BUILDSPEAK_SUBTITLE_H

#include <stdbool.h>
#include <stddef.h>

#include "buildspeak/episode.h"

/* Longest cue accepted, in milliseconds: a cue longer than a day is a
 * broken time, not speech. */
#define SUBTITLE_MAX_CUE_MS (24LL * 3600 * 1000)

enum subtitle_format {
	SUBTITLE_NONE = 0, /* not subtitles */
	SUBTITLE_VTT,
	SUBTITLE_SRT,
};

/* Which language a track (or what to write) holds. */
enum subtitle_lang {
	SUBTITLE_LANG_UNKNOWN = 0, /* decide from the script */
	SUBTITLE_LANG_EN,
	SUBTITLE_LANG_ZH,
	SUBTITLE_LANG_BOTH, /* each cue an English line and a Chinese line */
};

/* One cue as read: its times and its text stripped of markup. */
struct subtitle_cue {
	long long start, end; /* milliseconds from the start */
	char *text;  /* plain NFC text, owned: its lines (trimmed, none empty)
			joined by '\n'; "" for a cue with no text */
	char *voice; /* the first <v> voice's name, owned; NULL when none */
	int line;    /* 1-based line of the cue's timing line */
};

/* The cues of one file, in file order (starts never go backwards). */
struct subtitle_track {
	enum subtitle_format format;
	struct subtitle_cue *cues;
	size_t n_cues, cap_cues;
	bool rolling; /* YouTube's rolling captions, rebuilt once each */
};

/* Why reading failed; line is 0 when no one line is at fault. */
struct subtitle_error {
	int line;
	char msg[512];
};

/* The format of buf by its content: WebVTT when it begins (after an
 * optional UTF-8 BOM) with "WEBVTT" followed by a space, a tab, a line end
 * or nothing; SRT when its first non-blank line is a cue number followed
 * by a "-->" time line, or such a time line itself; else SUBTITLE_NONE. */
enum subtitle_format subtitle_sniff(const char *buf, size_t len);

/* Parses buf (len bytes) as WebVTT or SRT (by subtitle_sniff). On success
 * returns 0 and *out, a new track owned by the caller (subtitle_track_free)
 * with at least one cue; YouTube's rolling captions are recognised
 * (rolling set) and each line of speech kept once. On failure returns -1
 * with *err filled: not subtitles, invalid UTF-8, a malformed timing line,
 * an end before its start, a start before the previous cue's, a cue over
 * SUBTITLE_MAX_CUE_MS, no cues. */
int subtitle_parse(const char *buf, size_t len, struct subtitle_track **out,
		   struct subtitle_error *err);

void subtitle_track_free(struct subtitle_track *t);

/* The language a track's text is in, by its script: BOTH when most cues
 * with two lines or more have a line with Han characters and one without,
 * else ZH when Han characters are at least a fifth of its letters, else
 * EN. */
enum subtitle_lang subtitle_guess_lang(const struct subtitle_track *t);

/* Builds a new episode (owned by the caller) from one track in language
 * lang (UNKNOWN: subtitle_guess_lang). EN or ZH fill that side of each
 * segment and leave the other ""; BOTH splits each cue's lines into the two
 * sides (see subtitle.c). One segment per cue that has text; cues with no
 * text are dropped. Stats and the glossary are computed; the metadata
 * strings are left "" for the caller. Returns NULL if no cue has text. */
struct episode *subtitle_episode(const struct subtitle_track *t,
				 enum subtitle_lang lang);

/* Builds a new bilingual episode from an English and a Chinese track,
 * pairing cues by time overlap, not by index: a Chinese cue overlapping an
 * English cue for at least half of the shorter of the two joins it (so a
 * Chinese cue covering two English cues makes one segment of both); a cue
 * that overlaps only less than that joins the cue of the other language it
 * overlaps most; a cue overlapping none is a segment of its own with the
 * other side "". Returns NULL if neither track has text. */
struct episode *subtitle_pair(const struct subtitle_track *en,
			      const struct subtitle_track *zh);

/* Writes the episode as WebVTT or SRT into a new NUL-terminated buffer
 * (owned by the caller; *len gets its length): one cue per segment with
 * text in lang (EN, ZH, or BOTH: the English line, then the Chinese line),
 * times exact to the millisecond (except that WebVTT, which requires an
 * end after the start, ends a segment of no length 1 ms after its start).
 * WebVTT escapes '&', '<' and '>' and
 * names speakers with <v Speaker N> when the episode has more than one;
 * SRT, which has no escapes, writes "-->" in text as "->". Segments with
 * no text in lang are left out; *n_cues (when not NULL) gets the count. */
char *subtitle_write(const struct episode *ep, enum subtitle_format format,
		     enum subtitle_lang lang, size_t *len, size_t *n_cues);

/* Writes len bytes to path atomically (a temporary file in the same
 * folder, then rename), keeping the permissions of a file it replaces
 * and refusing one that is write-protected; a device or pipe is written
 * in place; NULL or "-" means standard output. Returns 0, or -1 with err filled. */
int subtitle_save(const char *path, const char *buf, size_t len, char *err,
		  size_t errsize);

/* "vtt" / "srt" and "en" / "zh" / "both" to the enums; NONE / UNKNOWN for
 * anything else. */
enum subtitle_format subtitle_format_from_name(const char *name);
enum subtitle_lang subtitle_lang_from_name(const char *name);

#endif
