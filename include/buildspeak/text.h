/* text: UTF-8 text over libunistring -- validation, NFC, sanitising for the
 * terminal, display width, wrapping, word counting.
 *
 * Every width question in the program goes through text_char_width() so the
 * layout and the screen agree. Widths are in terminal columns; lengths and
 * offsets in bytes. */
#ifndef BUILDSPEAK_TEXT_H
#define BUILDSPEAK_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How wide East Asian ambiguous characters (“ ” … · —) are drawn: a user
 * setting, because terminals differ. The wide setting is libunistring's
 * CJK-encoding policy, which widens every character from U+00A1 to U+FF60
 * that has a width (so also é, Greek, Cyrillic -- and Devanagari or Thai,
 * which CJK terminals draw narrow). */
struct text_metrics {
	bool ambiguous_wide; /* true: ambiguous characters take 2 columns */
};

/* Checks that s[0..len) is valid UTF-8 with no NUL byte. Returns true if so;
 * otherwise false and *bad (when not NULL) is the byte offset of the first
 * offending byte. */
bool text_valid(const char *s, size_t len, size_t *bad);

/* A new NUL-terminated NFC-normalised copy of the valid UTF-8 string s. */
char *text_nfc(const char *s);

/* A new copy of s safe to put on a terminal: invalid UTF-8 becomes U+FFFD;
 * C0 controls and DEL become a visible caret form ("^[" for ESC, "^?" for
 * DEL) -- tab becomes a space; bidirectional overrides and isolates
 * (U+202A..U+202E, U+2066..U+2069) become U+FFFD; C1 controls
 * (U+0080..U+009F) become U+FFFD too. '\n' is the one control kept, because
 * text_wrap breaks lines there: never put a sanitised string on the screen
 * unwrapped unless it came from text_sanitize_line. Always measure and wrap
 * the sanitised string, never the raw one. */
char *text_sanitize(const char *s);

/* Like text_sanitize, for one-line fields (titles, the status line): '\n'
 * becomes a space too. */
char *text_sanitize_line(const char *s);

/* Columns taken by code point uc: 0 for combining marks and zero-width
 * characters, 2 for wide (CJK, most emoji), 1 or 2 for ambiguous ones by
 * m->ambiguous_wide, 1 otherwise. Control characters count 0 (sanitise
 * first). */
int text_char_width(uint32_t uc, const struct text_metrics *m);

/* Columns taken by the first len bytes of the valid UTF-8 string s. */
int text_width(const char *s, size_t len, const struct text_metrics *m);

/* Byte length of the longest prefix of s (valid UTF-8, len bytes) that fits
 * in cols columns without splitting a grapheme cluster; *used (when not
 * NULL) gets the prefix's width. */
size_t text_fit(const char *s, size_t len, int cols,
		const struct text_metrics *m, int *used);

/* One wrapped line: bytes s[off .. off+len) of the wrapped string, without
 * the trailing spaces at the break, and its width in columns. */
struct text_line {
	size_t off;
	size_t len;
	int width;
};

/* Wraps the sanitised UTF-8 string s to lines of at most cols columns
 * (cols >= 2): English breaks at spaces and after hyphens, Chinese between
 * characters but keeping CJK closing punctuation off the start of a line
 * (u8_possible_linebreaks; filled greedily by text_char_width), and a
 * word longer than a line is broken at a grapheme boundary (a single
 * cluster wider than the whole line, between its code points). Explicit
 * newlines break lines and belong to no line; "a\n" is two lines. An empty
 * string is one empty line. Returns the line count and sets *lines to a new
 * array owned by the caller (free()). */
size_t text_wrap(const char *s, int cols, const struct text_metrics *m,
		 struct text_line **lines);

/* Number of words in s by libunistring's word breaking (u8_wordbreaks):
 * segments that hold a letter or a digit count, punctuation and spaces do
 * not, and segments joined by one hyphen or apostrophe ("in-context",
 * "90's") count once; each Han character is a word. Matches the digest's
 * own "N 词" figure to within 1% on the sample (11,302 against 11,291). */
size_t text_word_count(const char *s);

/* Word boundaries for word-by-word selection: fills *starts and *ends (new
 * arrays owned by the caller) with the byte ranges of the words of s (same
 * definition as text_word_count) and returns how many. */
size_t text_words(const char *s, size_t **starts, size_t **ends);

/* A new lower-cased (Unicode case fold, NFC) copy of s, for case-insensitive
 * comparison of terms. */
char *text_fold(const char *s);

/* Decodes one code point at s (valid UTF-8, at most len bytes); returns its
 * byte length (>= 1) and stores the code point in *uc. Never reads past len:
 * an invalid or cut-off sequence gives U+FFFD and the length of its bad
 * bytes (>= 1); len 0 gives 0 and U+0000. */
int text_next(const char *s, size_t len, uint32_t *uc);

/* True if uc is a bidirectional embedding, override or isolate
 * (U+202A..U+202E, U+2066..U+2069): on a terminal they reorder what
 * follows, so untrusted text must never carry them to the screen. */
bool text_is_bidi_control(uint32_t uc);

/* True if uc is a Han ideograph (CJK unified ideographs and extensions). */
bool text_is_han(uint32_t uc);

/* Grapheme cluster boundaries, for moving a cursor and deleting in the
 * line editor: the boundary after off (len at the end) and the boundary
 * before off (0 at the start) in the valid UTF-8 string s[0..len). off
 * need not be a boundary itself. O(len). */
size_t text_grapheme_next(const char *s, size_t len, size_t off);
size_t text_grapheme_prev(const char *s, size_t len, size_t off);

#endif
