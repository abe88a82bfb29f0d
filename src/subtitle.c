/* subtitle: reading WebVTT and SRT into cues.
 *
 * Both readers work on a prepared copy of the input: the BOM removed, CRLF
 * and lone CR turned into LF, NUL into U+FFFD (WebVTT's preprocessing,
 * which SRT players effectively share), and every line checked to be
 * UTF-8 -- so a line of the copy is a line of the file, and messages can
 * name it.
 *
 * WebVTT follows section 6 of the W3C specification ("WebVTT parser
 * algorithm", "collect a WebVTT block", "collect WebVTT cue timings and
 * settings", "collect a WebVTT timestamp"); the functions below carry the
 * specification's step names. Two deliberate differences, both refusals
 * where the specification drops a cue silently: a timing line that does
 * not parse, and invalid UTF-8. Cue settings are parsed past and ignored
 * (the reader lays text out itself); NOTE blocks and, before the first
 * cue, STYLE and REGION blocks are skipped, exactly as the algorithm
 * skips them. A line holding "-->" inside cue text ends the cue and starts
 * a new block, as the algorithm says; that block must then be a cue.
 *
 * Cue text goes through the cue text tokenizer's rules: a tag runs from
 * '<' to '>', whatever it is; character references are decoded (&amp;
 * &lt; &gt; &nbsp; &lrm; &rlm; &quot; &apos; and numeric ones -- other
 * named references are kept as written); the text of <rt> (a ruby
 * reading) is an annotation and dropped; the first <v> voice is kept.
 *
 * SRT has no specification: this reads what players read. A cue is an
 * optional number line, a time line "H:MM:SS,mmm --> H:MM:SS,mmm" ('.'
 * accepted for ',', 1 to 3 digits of milliseconds read as a fraction,
 * position coordinates after it ignored), then text lines up to a blank
 * (or blanks-only) line. A time line inside the text starts the next cue
 * even without a blank line, taking a number line just before it along.
 * <i> <b> <u> <s> <font> tags and {\...} override codes are stripped;
 * anything else is text.
 *
 * One file of about 1,000 lines on purpose: both readers share the input
 * preparation, detection, cue text and time helpers, and the WebVTT part
 * reads in the specification's order; split, the shared half would sit
 * behind a private header that only this pair uses. The writers are in
 * subtitle_write.c and the mapping onto episodes in subtitle_episode.c. */
#include "buildspeak/subtitle.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistr.h>

#include "buildspeak/alloc.h"
#include "buildspeak/text.h"

static int subtitle_fail(struct subtitle_error *err, int line,
			 const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int subtitle_fail(struct subtitle_error *err, int line,
			 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err->line = line;
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return -1;
}

/* A growable byte string. */
struct subtitle_buf {
	char *s;
	size_t len, cap;
};

static void subtitle_put(struct subtitle_buf *b, const char *s, size_t n)
{
	b->s = xgrowarray(b->s, &b->cap, b->len + n + 1, 1);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void subtitle_put_uc(struct subtitle_buf *b, uint32_t uc)
{
	uint8_t tmp[6];
	int n = u8_uctomb(tmp, uc, sizeof tmp);
	if (n > 0)
		subtitle_put(b, (const char *)tmp, (size_t)n);
}

static bool subtitle_is_ws(char c)
{
	/* ASCII whitespace as the WebVTT specification defines it. */
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static bool subtitle_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* ---- preparing the input ------------------------------------------------- */

static const char SUBTITLE_BOM[] = "\xEF\xBB\xBF";

/* The prepared copy described at the top. Returns it (owned by the caller,
 * NUL-terminated, *out_len bytes) or NULL with *err filled. */
static char *subtitle_prepare(const char *buf, size_t len, size_t *out_len,
			      struct subtitle_error *err)
{
	if (len >= 3 && memcmp(buf, SUBTITLE_BOM, 3) == 0) {
		buf += 3;
		len -= 3;
	}
	struct subtitle_buf b = { 0 };
	b.s = xgrowarray(b.s, &b.cap, len + 1, 1);
	b.s[0] = '\0';
	size_t run = 0; /* start of bytes not yet copied */
	for (size_t i = 0; i < len; i++) {
		char c = buf[i];
		if (c != '\r' && c != '\0')
			continue;
		subtitle_put(&b, buf + run, i - run);
		if (c == '\0') {
			subtitle_put(&b, "\xEF\xBF\xBD", 3);
		} else {
			subtitle_put(&b, "\n", 1);
			if (i + 1 < len && buf[i + 1] == '\n')
				i++;
		}
		run = i + 1;
	}
	subtitle_put(&b, buf + run, len - run);

	int line = 1;
	for (size_t i = 0; i < b.len;) {
		const char *nl = memchr(b.s + i, '\n', b.len - i);
		size_t n = nl ? (size_t)(nl - (b.s + i)) : b.len - i, bad;
		if (!text_valid(b.s + i, n, &bad)) {
			subtitle_fail(err, line,
				      "invalid UTF-8 (byte 0x%02X at column %zu)",
				      (unsigned char)b.s[i + bad], bad + 1);
			free(b.s);
			return NULL;
		}
		i += n + 1;
		line++;
	}
	*out_len = b.len;
	return b.s;
}

/* ---- detection ------------------------------------------------------------ */

/* Whether s[0..n) holds "-->" between two things that parse as SRT times. */
static bool subtitle_srt_timing(const char *s, size_t n, long long *start,
				long long *end);

/* Length of the line at s (up to LF or end). */
static size_t subtitle_line_len(const char *s, size_t n)
{
	const char *nl = memchr(s, '\n', n);
	return nl ? (size_t)(nl - s) : n;
}

static bool subtitle_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!subtitle_is_ws(s[i]))
			return false;
	return true;
}

/* Whether s[0..n) is a cue number: digits, with blanks around them. */
static bool subtitle_number_line(const char *s, size_t n)
{
	size_t i = 0, d = 0;
	while (i < n && subtitle_is_ws(s[i]))
		i++;
	while (i < n && subtitle_is_digit(s[i])) {
		i++;
		d++;
	}
	while (i < n && subtitle_is_ws(s[i]))
		i++;
	return d > 0 && i == n;
}

/* Length of the raw line at s (up to CR, LF or the end). */
static size_t subtitle_raw_line(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] != '\n' && s[i] != '\r')
		i++;
	return i;
}

/* The start of the raw line after the line end at buf[i]. */
static size_t subtitle_raw_next(const char *buf, size_t len, size_t i)
{
	if (i < len && buf[i] == '\r')
		i++;
	if (i < len && buf[i] == '\n')
		i++;
	return i;
}

enum subtitle_format subtitle_sniff(const char *buf, size_t len)
{
	if (len >= 3 && memcmp(buf, SUBTITLE_BOM, 3) == 0) {
		buf += 3;
		len -= 3;
	}
	/* Signature: steps 4 to 6 of the parser algorithm (CR counts as a
	 * line end: preprocessing has made it LF by then). */
	if (len >= 6 && memcmp(buf, "WEBVTT", 6) == 0 &&
	    (len == 6 || buf[6] == ' ' || buf[6] == '\t' || buf[6] == '\n' ||
	     buf[6] == '\r'))
		return SUBTITLE_VTT;

	/* SRT: the first non-blank line, then (after a number) the next.
	 * Lines end at LF, CR or CRLF (before preparation). */
	size_t i = 0, n;
	for (;;) {
		if (i >= len)
			return SUBTITLE_NONE;
		n = subtitle_raw_line(buf + i, len - i);
		if (!subtitle_blank(buf + i, n))
			break;
		i = subtitle_raw_next(buf, len, i + n);
	}
	if (subtitle_srt_timing(buf + i, n, NULL, NULL))
		return SUBTITLE_SRT;
	if (!subtitle_number_line(buf + i, n))
		return SUBTITLE_NONE;
	i = subtitle_raw_next(buf, len, i + n);
	n = subtitle_raw_line(buf + i, len - i);
	return subtitle_srt_timing(buf + i, n, NULL, NULL) ? SUBTITLE_SRT
							     : SUBTITLE_NONE;
}

/* ---- cue text ------------------------------------------------------------- */

/* Trims each line of raw, drops empty lines, joins them with '\n', and
 * NFC-normalises the result: the text of a cue. */
static char *subtitle_tidy(const char *raw, size_t len)
{
	struct subtitle_buf b = { 0 };
	subtitle_put(&b, "", 0);
	for (size_t i = 0; i <= len;) {
		size_t n = subtitle_line_len(raw + i, len - i);
		size_t a = i, z = i + n;
		while (a < z && subtitle_is_ws(raw[a]))
			a++;
		while (z > a && subtitle_is_ws(raw[z - 1]))
			z--;
		if (z > a) {
			if (b.len)
				subtitle_put(&b, "\n", 1);
			subtitle_put(&b, raw + a, z - a);
		}
		i += n + 1;
	}
	for (size_t i = 0; i < b.len; i++)
		if ((unsigned char)b.s[i] >= 0x80) {
			char *nfc = text_nfc(b.s);
			free(b.s);
			return nfc;
		}
	return b.s;
}

/* Decodes a character reference at s[0..n) (s[0] == '&'): appends what it
 * stands for and returns its length, or 0 when it is not one we know. */
static size_t subtitle_charref(const char *s, size_t n, struct subtitle_buf *b)
{
	static const struct {
		const char *name;
		uint32_t uc;
	} named[] = {
		{ "amp", '&' }, { "lt", '<' }, { "gt", '>' },
		{ "nbsp", 0xA0 }, { "lrm", 0x200E }, { "rlm", 0x200F },
		{ "quot", '"' }, { "apos", '\'' },
	};
	const char *semi = memchr(s, ';', n < 16 ? n : 16);
	if (!semi)
		return 0;
	size_t k = (size_t)(semi - s); /* s[1..k) is the name */
	if (k >= 3 && s[1] == '#') {
		bool hex = s[2] == 'x' || s[2] == 'X';
		size_t i = hex ? 3 : 2;
		uint32_t v = 0;
		if (i == k)
			return 0;
		for (; i < k; i++) {
			char c = s[i];
			int d = subtitle_is_digit(c) ? c - '0'
				: hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
				: hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
				: -1;
			if (d < 0)
				return 0;
			v = v > 0x10FFFF ? v : v * (hex ? 16 : 10) + (uint32_t)d;
		}
		/* As HTML does: what is no character becomes U+FFFD. */
		if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			v = 0xFFFD;
		subtitle_put_uc(b, v);
		return k + 1;
	}
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strlen(named[i].name) == k - 1 &&
		    memcmp(s + 1, named[i].name, k - 1) == 0) {
			subtitle_put_uc(b, named[i].uc);
			return k + 1;
		}
	return 0;
}

/* Collapses the blanks of s[0..n) to single spaces and trims it. */
static char *subtitle_annotation(const char *s, size_t n)
{
	struct subtitle_buf b = { 0 };
	subtitle_put(&b, "", 0);
	bool space = false;
	for (size_t i = 0; i < n; i++) {
		if (subtitle_is_ws(s[i])) {
			space = b.len > 0;
			continue;
		}
		if (space)
			subtitle_put(&b, " ", 1);
		space = false;
		if (s[i] == '&') {
			size_t k = subtitle_charref(s + i, n - i, &b);
			if (k) {
				i += k - 1;
				continue;
			}
		}
		subtitle_put(&b, s + i, 1);
	}
	return b.s;
}

/* WebVTT cue text to plain text: the tokenizer's tags skipped (timestamp
 * tags too), character references decoded, ruby readings dropped. *voice
 * gets the first <v> annotation (new, owned by the caller) or stays
 * NULL. */
static char *subtitle_vtt_text(const char *s, size_t n, char **voice)
{
	struct subtitle_buf b = { 0 };
	subtitle_put(&b, "", 0);
	int rt = 0; /* open <rt> elements */
	for (size_t i = 0; i < n;) {
		char c = s[i];
		if (c == '<') {
			/* The tag state: everything up to '>' (or the end). */
			size_t j = i + 1;
			while (j < n && s[j] != '>')
				j++;
			const char *tag = s + i + 1;
			size_t tn = j - i - 1;
			if (tn && tag[0] == '/') {
				if (tn == 3 && memcmp(tag, "/rt", 3) == 0)
					rt = rt > 0 ? rt - 1 : 0;
				else if (tn == 5 && memcmp(tag, "/ruby", 5) == 0)
					rt = 0; /* closes an open <rt> too */
			} else if (!tn || !subtitle_is_digit(tag[0])) {
				/* Start tag: name, then .classes, then an
				 * annotation after whitespace. */
				size_t k = 0;
				while (k < tn && !subtitle_is_ws(tag[k]) &&
				       tag[k] != '.')
					k++;
				if (k == 2 && memcmp(tag, "rt", 2) == 0)
					rt++;
				if (k == 1 && tag[0] == 'v' && !*voice) {
					size_t a = k;
					while (a < tn && !subtitle_is_ws(tag[a]))
						a++;
					char *name = subtitle_annotation(tag + a,
									 tn - a);
					if (name[0])
						*voice = name;
					else
						free(name);
				}
			}
			i = j < n ? j + 1 : n;
			continue;
		}
		size_t k = 0;
		if (c == '&' && !rt)
			k = subtitle_charref(s + i, n - i, &b);
		if (k) {
			i += k;
			continue;
		}
		/* a run of text up to the next tag or reference at once */
		size_t j = i + 1;
		while (j < n && s[j] != '<' && s[j] != '&')
			j++;
		if (!rt) {
			subtitle_put(&b, s + i, j - i);
		} else {
			for (size_t q = i; q < j; q++)
				if (s[q] == '\n')
					subtitle_put(&b, "\n", 1);
		}
		i = j;
	}
	char *t = subtitle_tidy(b.s, b.len);
	free(b.s);
	return t;
}

/* SRT cue text to plain text: the formatting tags players honour and
 * {\...} override codes removed; everything else is text. */
static char *subtitle_srt_text(const char *s, size_t n)
{
	static const char *const tags[] = { "i", "b", "u", "s", "font" };
	struct subtitle_buf b = { 0 };
	subtitle_put(&b, "", 0);
	for (size_t i = 0; i < n;) {
		if (s[i] == '<') {
			size_t j = i + 1;
			if (j < n && s[j] == '/')
				j++;
			size_t name = j;
			while (j < n && ((s[j] | 0x20) >= 'a' &&
					 (s[j] | 0x20) <= 'z'))
				j++;
			size_t nl = j - name;
			bool known = false;
			for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++)
				if (strlen(tags[t]) == nl &&
				    strncasecmp(s + name, tags[t], nl) == 0)
					known = true;
			const char *gt = known && j < n && (s[j] == '>' ||
							    subtitle_is_ws(s[j]))
					 ? memchr(s + j, '>', n - j) : NULL;
			const char *nlp = gt ? memchr(s + j, '\n',
						     (size_t)(gt - (s + j)))
					     : NULL;
			if (gt && !nlp) {
				i = (size_t)(gt - s) + 1;
				continue;
			}
		} else if (s[i] == '{' && i + 1 < n && s[i + 1] == '\\') {
			const char *close = memchr(s + i, '}', n - i);
			if (close && !memchr(s + i, '\n', (size_t)(close - (s + i)))) {
				i = (size_t)(close - s) + 1;
				continue;
			}
		}
		size_t j = i + 1;
		while (j < n && s[j] != '<' && s[j] != '{')
			j++;
		subtitle_put(&b, s + i, j - i);
		i = j;
	}
	char *t = subtitle_tidy(b.s, b.len);
	free(b.s);
	return t;
}

/* ---- times ---------------------------------------------------------------- */

/* Writes ms as "H:MM:SS.mmm" for messages. */
static const char *subtitle_time_text(long long ms, char *buf, size_t size)
{
	snprintf(buf, size, "%lld:%02lld:%02lld.%03lld", ms / 3600000,
		 ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
	return buf;
}

/* Collects a run of at most max digits at s[*i]; returns how many there
 * were (a longer run returns max + 1, which no caller accepts). */
static size_t subtitle_digits(const char *s, size_t n, size_t *i,
			      long long *v, size_t max)
{
	size_t d = 0;
	*v = 0;
	while (*i < n && subtitle_is_digit(s[*i])) {
		if (d < max)
			*v = *v * 10 + (s[*i] - '0');
		d++;
		(*i)++;
	}
	return d > max ? max + 1 : d;
}

/* "Collect a WebVTT timestamp" at s[*i]. Hours may have up to 9 digits. */
static bool subtitle_vtt_timestamp(const char *s, size_t n, size_t *i,
				   long long *ms)
{
	long long v1, v2, v3, v4;
	bool hours = false;
	if (*i >= n || !subtitle_is_digit(s[*i]))
		return false;
	size_t d = subtitle_digits(s, n, i, &v1, 9);
	if (d > 9)
		return false;
	if (d != 2 || v1 > 59)
		hours = true;
	if (*i >= n || s[*i] != ':')
		return false;
	(*i)++;
	if (subtitle_digits(s, n, i, &v2, 2) != 2)
		return false;
	if (hours || (*i < n && s[*i] == ':')) {
		if (*i >= n || s[*i] != ':')
			return false;
		(*i)++;
		if (subtitle_digits(s, n, i, &v3, 2) != 2)
			return false;
	} else {
		v3 = v2;
		v2 = v1;
		v1 = 0;
	}
	if (*i >= n || s[*i] != '.')
		return false;
	(*i)++;
	if (subtitle_digits(s, n, i, &v4, 3) != 3)
		return false;
	if (v2 > 59 || v3 > 59)
		return false;
	*ms = ((v1 * 60 + v2) * 60 + v3) * 1000 + v4;
	return true;
}

/* "Collect WebVTT cue timings and settings" from one line; the settings
 * that follow are read past and ignored. */
static bool subtitle_vtt_timings(const char *s, size_t n, long long *start,
				 long long *end)
{
	size_t i = 0;
	while (i < n && subtitle_is_ws(s[i]))
		i++;
	if (!subtitle_vtt_timestamp(s, n, &i, start))
		return false;
	while (i < n && subtitle_is_ws(s[i]))
		i++;
	if (n - i < 3 || memcmp(s + i, "-->", 3) != 0)
		return false;
	i += 3;
	while (i < n && subtitle_is_ws(s[i]))
		i++;
	/* What follows is the settings: the algorithm parses them from
	 * here on, whitespace or not, and so do we (by ignoring them). */
	return subtitle_vtt_timestamp(s, n, &i, end);
}

/* An SRT time: H:MM:SS,mmm (hours optional, one or two digits for minutes
 * and seconds, '.' for ',', 1-3 digits of a fraction of a second). */
static bool subtitle_srt_time(const char *s, size_t n, size_t *i,
			      long long *ms)
{
	long long f[3], frac;
	size_t nf = 0, d;
	while (nf < 3) {
		d = subtitle_digits(s, n, i, &f[nf], nf == 0 ? 9 : 2);
		if (d == 0 || d > (nf == 0 ? 9u : 2u))
			return false;
		nf++;
		if (*i < n && s[*i] == ':')
			(*i)++;
		else
			break;
	}
	if (nf < 2 || *i >= n || (s[*i] != ',' && s[*i] != '.'))
		return false;
	(*i)++;
	d = subtitle_digits(s, n, i, &frac, 3);
	if (d == 0 || d > 3)
		return false;
	while (d++ < 3)
		frac *= 10;
	long long h = nf == 3 ? f[0] : 0, m = f[nf - 2], sec = f[nf - 1];
	if (m > 59 || sec > 59)
		return false;
	*ms = ((h * 60 + m) * 60 + sec) * 1000 + frac;
	return true;
}

static bool subtitle_srt_timing(const char *s, size_t n, long long *start,
				long long *end)
{
	long long a, z;
	size_t i = 0;
	while (i < n && subtitle_is_ws(s[i]))
		i++;
	if (!subtitle_srt_time(s, n, &i, &a))
		return false;
	while (i < n && subtitle_is_ws(s[i]))
		i++;
	if (n - i < 3 || memcmp(s + i, "-->", 3) != 0)
		return false;
	i += 3;
	while (i < n && subtitle_is_ws(s[i]))
		i++;
	if (!subtitle_srt_time(s, n, &i, &z))
		return false;
	if (i < n && !subtitle_is_ws(s[i]))
		return false;
	if (start)
		*start = a;
	if (end)
		*end = z;
	return true;
}

/* ---- the track ------------------------------------------------------------ */

void subtitle_track_free(struct subtitle_track *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_cues; i++) {
		free(t->cues[i].text);
		free(t->cues[i].voice);
	}
	free(t->cues);
	free(t);
}

/* Checks a cue's times against the rules and the previous cue, then
 * appends it (taking text and voice). */
static int subtitle_add_cue(struct subtitle_track *t, long long start,
			    long long end, char *text, char *voice, int line,
			    struct subtitle_error *err)
{
	char a[32], b[32];
	int rc = 0;
	if (end < start)
		rc = subtitle_fail(err, line, "cue ends at %s, before it "
				   "starts at %s",
				   subtitle_time_text(end, a, sizeof a),
				   subtitle_time_text(start, b, sizeof b));
	else if (end - start > SUBTITLE_MAX_CUE_MS)
		rc = subtitle_fail(err, line, "cue lasts over 24 hours (%s to "
				   "%s)", subtitle_time_text(start, a, sizeof a),
				   subtitle_time_text(end, b, sizeof b));
	else if (t->n_cues && start < t->cues[t->n_cues - 1].start)
		rc = subtitle_fail(err, line, "cue starts at %s, before the "
				   "previous cue (%s, line %d): times must not "
				   "go backwards",
				   subtitle_time_text(start, a, sizeof a),
				   subtitle_time_text(t->cues[t->n_cues - 1].start,
						      b, sizeof b),
				   t->cues[t->n_cues - 1].line);
	if (rc) {
		free(text);
		free(voice);
		return rc;
	}
	t->cues = xgrowarray(t->cues, &t->cap_cues, t->n_cues + 1,
		sizeof *t->cues);
	t->cues[t->n_cues++] = (struct subtitle_cue){ start, end, text, voice,
						      line };
	return 0;
}

/* ---- WebVTT --------------------------------------------------------------- */

/* The WebVTT parser's state: the prepared input and where it is. */
struct subtitle_vtt {
	const char *s;
	size_t n;
	size_t pos; /* "position" */
	int line;   /* the line number of s[pos] */
	bool seen_cue;
	struct subtitle_track *t;
	struct subtitle_error *err;
};

/* Whether buffer is word followed by nothing but whitespace. */
static bool subtitle_block_word(const char *s, size_t n, const char *word)
{
	size_t k = strlen(word);
	return n >= k && memcmp(s, word, k) == 0 &&
	       subtitle_blank(s + k, n - k);
}

/* "Collect a WebVTT block". Cues go into the track; anything else (the
 * header, NOTE, STYLE, REGION, text that is no cue) is dropped. */
static int subtitle_vtt_block(struct subtitle_vtt *p, bool in_header)
{
	int line_count = 0;
	size_t prev_pos = p->pos;
	int prev_line = p->line;
	size_t buf_start = p->pos, buf_end = p->pos; /* "buffer" */
	bool seen_eof = false, seen_arrow = false, cue = false;
	long long start = 0, end = 0;
	int cue_line = 0;

	for (;;) {
		/* "Collect a sequence of code points that are not LF" */
		size_t ls = p->pos;
		int lno = p->line;
		size_t ln = subtitle_line_len(p->s + ls, p->n - ls);
		p->pos = ls + ln;
		line_count++;
		if (p->pos >= p->n) {
			seen_eof = true;
		} else {
			p->pos++;
			p->line++;
		}
		const char *l = p->s + ls;
		if (memmem(l, ln, "-->", 3)) {
			if (!in_header && (line_count == 1 ||
					   (line_count == 2 && !seen_arrow))) {
				seen_arrow = true;
				prev_pos = p->pos;
				prev_line = p->line;
				if (!subtitle_vtt_timings(l, ln, &start, &end))
					return subtitle_fail(p->err, lno,
						"malformed cue timing: expected "
						"'[HH:]MM:SS.mmm --> "
						"[HH:]MM:SS.mmm'%s",
						line_count == 1 && p->seen_cue
						? " (or '-->' inside the text of "
						  "the cue before it)" : "");
				cue = true;
				cue_line = lno;
				buf_start = buf_end = p->pos;
				p->seen_cue = true;
			} else {
				p->pos = prev_pos;
				p->line = prev_line;
				break;
			}
		} else if (ln == 0) {
			break;
		} else {
			if (!in_header && line_count == 2 && !p->seen_cue &&
			    (subtitle_block_word(p->s + buf_start,
						 buf_end - buf_start, "STYLE") ||
			     subtitle_block_word(p->s + buf_start,
						 buf_end - buf_start, "REGION")))
				buf_start = ls; /* a style sheet or region:
						   skipped like the rest */
			if (buf_end == buf_start)
				buf_start = ls;
			buf_end = ls + ln;
			prev_pos = p->pos;
			prev_line = p->line;
		}
		if (seen_eof)
			break;
	}
	if (!cue)
		return 0;
	char *voice = NULL;
	char *text = subtitle_vtt_text(p->s + buf_start, buf_end - buf_start,
				       &voice);
	return subtitle_add_cue(p->t, start, end, text, voice, cue_line,
				p->err);
}

/* "WebVTT parser algorithm", from step 7 (the signature was checked). */
static int subtitle_vtt_parse(struct subtitle_vtt *p)
{
	/* 7: the rest of the signature line */
	p->pos = subtitle_line_len(p->s, p->n);
	if (p->pos >= p->n)
		return 0;
	p->pos++;
	p->line++;
	if (p->pos >= p->n)
		return 0;
	/* 11: the header */
	if (p->s[p->pos] != '\n') {
		if (subtitle_vtt_block(p, true))
			return -1;
	} else {
		p->pos++;
		p->line++;
	}
	/* 12-14: blocks separated by line ends */
	for (;;) {
		while (p->pos < p->n && p->s[p->pos] == '\n') {
			p->pos++;
			p->line++;
		}
		if (p->pos >= p->n)
			return 0;
		if (subtitle_vtt_block(p, false))
			return -1;
	}
}

/* ---- SRT ------------------------------------------------------------------ */

static int subtitle_srt_parse(const char *s, size_t n, struct subtitle_track *t,
			      struct subtitle_error *err)
{
	size_t i = 0;
	int line = 1;
	bool have_number = false;
	for (;;) {
		/* blank lines between cues */
		size_t ln;
		while (i < n && subtitle_blank(s + i, ln = subtitle_line_len(
							      s + i, n - i))) {
			i += ln + 1;
			line++;
		}
		if (i >= n)
			return 0;
		ln = subtitle_line_len(s + i, n - i);
		long long start, end;
		if (!have_number && subtitle_number_line(s + i, ln) &&
		    i + ln < n) {
			size_t j = i + ln + 1;
			size_t ln2 = subtitle_line_len(s + j, n - j);
			/* a number before a time line, even a bad one:
			 * the time line is what to report */
			if (memmem(s + j, ln2, "-->", 3)) {
				i = j;
				line++;
				ln = ln2;
			}
		}
		have_number = false;
		if (!subtitle_srt_timing(s + i, ln, &start, &end)) {
			if (memmem(s + i, ln, "-->", 3))
				return subtitle_fail(err, line, "malformed cue "
						     "timing: expected "
						     "'HH:MM:SS,mmm --> "
						     "HH:MM:SS,mmm'");
			return subtitle_fail(err, line, "expected a cue number "
					     "or a time line 'HH:MM:SS,mmm --> "
					     "HH:MM:SS,mmm'");
		}
		int cue_line = line;
		i += ln + 1;
		line++;
		/* text: up to a blank line, or a time line that starts the
		 * next cue without one */
		size_t ts = i, te = i, last_start = i;
		while (i < n) {
			ln = subtitle_line_len(s + i, n - i);
			if (subtitle_blank(s + i, ln))
				break;
			if (subtitle_srt_timing(s + i, ln, NULL, NULL)) {
				/* the number line just before it is the next
				 * cue's */
				if (te > ts && subtitle_number_line(
						       s + last_start,
						       te - last_start)) {
					te = last_start > ts ? last_start - 1
							     : ts;
					i = last_start;
					line--;
				}
				break;
			}
			last_start = i;
			te = i + ln;
			i += ln + 1;
			line++;
		}
		char *text = subtitle_srt_text(s + ts, te - ts);
		if (subtitle_add_cue(t, start, end, text, NULL, cue_line, err))
			return -1;
	}
}

/* ---- YouTube's rolling captions -------------------------------------------- */

/* The last line of a cue's text, and its first. */
static const char *subtitle_last_line(const char *text, size_t *len)
{
	const char *nl = strrchr(text, '\n');
	const char *l = nl ? nl + 1 : text;
	*len = strlen(l);
	return l;
}

static bool subtitle_line_is(const char *s, size_t n, const char *l,
			     size_t ln)
{
	return n == ln && memcmp(s, l, n) == 0;
}

/* YouTube's automatic captions scroll: each cue shows the line before it
 * again above the words being added (which carry timestamp tags), and a
 * 10 ms cue between them repeats the finished line. Converted to SRT
 * (yt-dlp --convert-subs srt) they keep the repeats and lose the tags, so
 * the tags are not required: recognised when over half of the cues begin
 * with the line the cue before ended with, which ordinary subtitles never
 * do; rebuilt by keeping, in each cue, only the lines that do not repeat
 * the cue before, and dropping cues left empty. */
static void subtitle_unroll(struct subtitle_track *t)
{
	size_t repeats = 0, pairs = 0;
	const struct subtitle_cue *prev = NULL;
	for (size_t i = 0; i < t->n_cues; i++) {
		const struct subtitle_cue *c = &t->cues[i];
		if (!c->text[0])
			continue;
		if (prev) {
			size_t pl, fl = strcspn(c->text, "\n");
			const char *p = subtitle_last_line(prev->text, &pl);
			pairs++;
			repeats += subtitle_line_is(c->text, fl, p, pl);
		}
		prev = c;
	}
	if (pairs < 2 || repeats * 2 <= pairs)
		return;
	t->rolling = true;

	char *last = NULL; /* the last line shown so far, owned */
	size_t out = 0;
	for (size_t i = 0; i < t->n_cues; i++) {
		struct subtitle_cue c = t->cues[i];
		const char *rest = c.text;
		if (last) {
			size_t fl = strcspn(rest, "\n");
			if (subtitle_line_is(rest, fl, last, strlen(last)))
				rest += fl + (rest[fl] == '\n');
		}
		if (c.text[0]) {
			size_t ll;
			const char *l = subtitle_last_line(c.text, &ll);
			char *nl = xstrndup(l, ll);
			free(last);
			last = nl;
		}
		if (!rest[0]) {
			free(c.text);
			free(c.voice);
			continue;
		}
		if (rest != c.text) {
			char *kept = xstrdup(rest);
			free(c.text);
			c.text = kept;
		}
		t->cues[out++] = c;
	}
	free(last);
	t->n_cues = out;
}

/* ---- entry points ---------------------------------------------------------- */

int subtitle_parse(const char *buf, size_t len, struct subtitle_track **out,
		   struct subtitle_error *err)
{
	enum subtitle_format f = subtitle_sniff(buf, len);
	if (f == SUBTITLE_NONE && len >= 2 &&
	    ((buf[0] == '\xFF' && buf[1] == '\xFE') ||
	     (buf[0] == '\xFE' && buf[1] == '\xFF')))
		return subtitle_fail(err, 1, "UTF-16 text; save the subtitles "
				     "as UTF-8");
	if (f == SUBTITLE_NONE)
		return subtitle_fail(err, 1, "not subtitles: a WebVTT file "
				     "begins with 'WEBVTT', an SRT file with a "
				     "cue number and a '-->' time line");
	size_t n;
	char *s = subtitle_prepare(buf, len, &n, err);
	if (!s)
		return -1;
	struct subtitle_track *t = xcalloc(1, sizeof *t);
	t->format = f;
	int rc;
	if (f == SUBTITLE_VTT) {
		struct subtitle_vtt p = { .s = s, .n = n, .line = 1, .t = t,
					  .err = err };
		rc = subtitle_vtt_parse(&p);
	} else {
		rc = subtitle_srt_parse(s, n, t, err);
	}
	free(s);
	if (rc == 0) {
		subtitle_unroll(t);
		size_t with_text = 0;
		for (size_t i = 0; i < t->n_cues; i++)
			with_text += t->cues[i].text[0] != '\0';
		if (!with_text)
			rc = subtitle_fail(err, 0, "no cues: the file holds no "
					   "cue with text");
	}
	if (rc) {
		subtitle_track_free(t);
		return -1;
	}
	*out = t;
	return 0;
}

enum subtitle_format subtitle_format_from_name(const char *name)
{
	if (name && strcasecmp(name, "vtt") == 0)
		return SUBTITLE_VTT;
	if (name && strcasecmp(name, "srt") == 0)
		return SUBTITLE_SRT;
	return SUBTITLE_NONE;
}

enum subtitle_lang subtitle_lang_from_name(const char *name)
{
	if (!name)
		return SUBTITLE_LANG_UNKNOWN;
	if (strcasecmp(name, "en") == 0)
		return SUBTITLE_LANG_EN;
	if (strcasecmp(name, "zh") == 0)
		return SUBTITLE_LANG_ZH;
	if (strcasecmp(name, "both") == 0)
		return SUBTITLE_LANG_BOTH;
	return SUBTITLE_LANG_UNKNOWN;
}
