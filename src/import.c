/* import: reading episodes from files -- format detection and the page-text
 * parser.
 *
 * The page text (grammar in ../shared/design.md) is read in two passes. The
 * first checks the bytes: not empty, not binary, no line over
 * IMPORT_MAX_LINE, valid UTF-8 with no NUL, so that the second can treat
 * every line as text. The second walks the lines:
 *
 *   preamble  everything before the first segment header. Blank lines, the
 *             site header ("BuildSpeak..."), the navigation ("今日归档..."),
 *             the key hint ("SPACE 播放...") and the 原文 link are
 *             recognised; the meta line ("🎙 播客<podcast>· <Y> 年 <M> 月
 *             <D> 日· ...") gives podcast and date; the title is the first
 *             other non-empty line after the meta line (or, with no meta
 *             line, the first one at all). Other preamble lines are ignored.
 *   segments  header, English line, the same header, Chinese line; blank
 *             lines between them are allowed. Anything else is an error
 *             with its line number: the segments are the content, so a
 *             mangled one is never skipped silently.
 *   the end   "原文 ↗<url>" gives the source URL; it and a footer line
 *             ("BuildSpeak — ...") end the page: what follows is ignored.
 *
 * The meta line is optional and read leniently: a field that does not
 * parse (a date like 2026 年 13 月 1 日) leaves that field empty rather than
 * refusing a page whose segments are fine. Its word count and reading time
 * are not copied: episode_update_stats computes them from the text.
 *
 * Segment headers. The speaker number is glued to the start time
 * ("Speaker 258:49 - 59:07" is speaker 2 from 58:49). The start time has
 * the end time's shape -- minutes of two digits in MM:SS (as the site
 * writes them), hours of one digit in H:MM:SS -- unless the end time shows
 * otherwise (an end written "5:30" or "10:02:00" sets one-digit minutes or
 * two-digit hours). When that split gives no speaker number, a time out of
 * range, a start after the end or a start before the previous segment's,
 * the other split (one more or one fewer digit for the time) is used if it
 * is consistent. A blank between speaker and time ("Speaker 1 00:28 -
 * 00:40") is accepted and leaves nothing to guess. Segments must not go
 * back in time (equal starts are fine): time -> segment lookup needs them
 * sorted, and a backwards jump means a damaged page, so it is an error
 * rather than something to sort away. Overlaps are allowed. */
#include "buildspeak/import.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unistr.h>

#include "buildspeak/alloc.h"
#include "buildspeak/path.h"
#include "buildspeak/glossary.h"
#include "buildspeak/text.h"

/* How much of the file the binary check looks at, and the share of
 * suspicious bytes (controls, invalid UTF-8) above which it is binary. */
#define IMPORT_SNIFF_BYTES 8192
#define IMPORT_BINARY_PERCENT 30
/* Below this size the share says little: the line checks report instead. */
#define IMPORT_SNIFF_MIN 64

static const char IMPORT_UTF8_BOM[] = "\xEF\xBB\xBF";

static int import_fail(struct import_error *err, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int import_fail(struct import_error *err, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err->line = line;
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- lines ------------------------------------------------------------- */

/* One line of the page, without its line end and surrounding blanks. */
struct import_line {
	const char *s;
	size_t len;
};

/* The parser's state: the lines, and where the walk is. */
struct import_page {
	struct import_line *lines; /* n_lines of them; lines[i] is line i + 1 */
	size_t n_lines;
	struct import_error *err;
	struct episode *ep;      /* being built, owned by the caller */
};

static bool import_is_blank_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Trims ASCII blanks and ideographic spaces (U+3000) from both ends. */
static struct import_line import_trim_line(const char *s, size_t len)
{
	for (;;) {
		if (len && import_is_blank_byte((unsigned char)s[0])) {
			s++;
			len--;
		} else if (len >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0) {
			s += 3;
			len -= 3;
		} else {
			break;
		}
	}
	for (;;) {
		if (len && import_is_blank_byte((unsigned char)s[len - 1]))
			len--;
		else if (len >= 3 && memcmp(s + len - 3, "\xE3\x80\x80", 3) == 0)
			len -= 3;
		else
			break;
	}
	return (struct import_line){ s, len };
}

static bool import_starts_with(const struct import_line *l, const char *prefix)
{
	size_t n = strlen(prefix);
	return l->len >= n && memcmp(l->s, prefix, n) == 0;
}

/* Whether needle occurs in the line. */
static bool import_line_has(const struct import_line *l, const char *needle)
{
	return memmem(l->s, l->len, needle, strlen(needle)) != NULL;
}

/* A new NFC-normalised string from a line (valid UTF-8). ASCII is already
 * NFC: most English lines skip u8_normalize, half of an import's time. */
static char *import_line_text(const struct import_line *l)
{
	size_t i = 0;
	while (i < l->len && (unsigned char)l->s[i] < 0x80)
		i++;
	if (i == l->len)
		return xstrndup(l->s, l->len);
	char *raw = xstrndup(l->s, l->len);
	char *nfc = text_nfc(raw);
	free(raw);
	return nfc;
}

/* Index of the first non-blank line at or after i, or n_lines. */
static size_t import_next_text(const struct import_page *pg, size_t i)
{
	while (i < pg->n_lines && pg->lines[i].len == 0)
		i++;
	return i;
}

/* First pass: rejects what is not UTF-8 text at all. */
static int import_check_binary(const char *buf, size_t len,
			       struct import_error *err)
{
	if ((len >= 2 && (unsigned char)buf[0] == 0xFF &&
	     (unsigned char)buf[1] == 0xFE) ||
	    (len >= 2 && (unsigned char)buf[0] == 0xFE &&
	     (unsigned char)buf[1] == 0xFF))
		return import_fail(err, 0,
				   "UTF-16 text; save the page as UTF-8");

	size_t n = len < IMPORT_SNIFF_BYTES ? len : IMPORT_SNIFF_BYTES;
	size_t odd = 0;
	if (n < IMPORT_SNIFF_MIN)
		return 0;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)buf[i];
		if (c < 0x80) {
			if ((c < 0x20 && !import_is_blank_byte(c) &&
			     c != '\n') ||
			    c == 0x7F)
				odd++;
			i++;
			continue;
		}
		ucs4_t uc;
		int k = u8_mbtoucr(&uc, (const uint8_t *)buf + i, n - i);
		if (k == -2)
			break; /* a character cut by the sniff window */
		if (k < 0) {
			odd++;
			i++;
		} else {
			i += (size_t)k;
		}
	}
	if (odd * 100 > n * IMPORT_BINARY_PERCENT)
		return import_fail(err, 0, "binary data, not page text");
	return 0;
}

/* Splits buf into lines (LF or CRLF), checking each: length, UTF-8, NUL. */
static int import_split_lines(struct import_page *pg, const char *buf,
			      size_t len)
{
	size_t n = 1;
	for (const char *p = buf; (p = memchr(p, '\n', len - (size_t)(p - buf)));
	     p++)
		n++;
	if (len && buf[len - 1] == '\n')
		n--; /* the final line end ends the last line */
	pg->lines = xcalloc(n, sizeof *pg->lines);

	const char *p = buf, *end = buf + len;
	for (size_t i = 0; i < n; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		int lineno = (int)i + 1;
		if (l && p[l - 1] == '\r')
			l--;
		if (l > IMPORT_MAX_LINE)
			return import_fail(pg->err, lineno,
					   "line longer than 1 MiB");
		size_t bad;
		if (!text_valid(p, l, &bad)) {
			if (p[bad] == '\0')
				return import_fail(pg->err, lineno,
						   "NUL byte at column %zu",
						   bad + 1);
			return import_fail(
				pg->err, lineno,
				"invalid UTF-8 (byte 0x%02X at column %zu)",
				(unsigned char)p[bad], bad + 1);
		}
		pg->lines[i] = import_trim_line(p, l);
		p = nl ? nl + 1 : end;
	}
	pg->n_lines = n;
	return 0;
}

/* ---- segment headers --------------------------------------------------- */

/* A parsed segment header. */
struct import_header {
	int speaker;
	long start, end; /* seconds */
};

/* Whether the line looks like a segment header: "Speaker", a digit, then
 * only digits, colons, blanks and dashes, with a colon -- or with only
 * digits and blanks, a header cut before its time range ("Speaker 1"). A
 * sentence like "Speaker 3 was right" is text; "Speaker 100:61 - 01:00" is
 * a (bad) header. */
static bool import_is_header(const struct import_line *l)
{
	if (!import_starts_with(l, "Speaker"))
		return false;
	size_t i = strlen("Speaker"), spaces = 0;
	while (i < l->len && (l->s[i] == ' ' || l->s[i] == '\t')) {
		i++;
		spaces++;
	}
	if (!spaces || i >= l->len || l->s[i] < '0' || l->s[i] > '9')
		return false;
	bool colon = false, dash = false;
	while (i < l->len) {
		char c = l->s[i];
		if (c == ':')
			colon = true;
		if (c == '-')
			dash = true;
		if ((c >= '0' && c <= '9') || c == ':' || c == ' ' ||
		    c == '\t' || c == '-') {
			i++;
		} else if (l->len - i >= 3 &&
			   (memcmp(l->s + i, "\xE2\x80\x93", 3) == 0 ||
			    memcmp(l->s + i, "\xE2\x80\x94", 3) == 0)) {
			i += 3; /* – or — */
			dash = true;
		} else {
			return false;
		}
	}
	return colon || !dash;
}

/* A run of digits at *p, at most 9 of them: the value stays below 10^9,
 * which fits a long even where long has 32 bits (a longer run leaves *p on
 * its tenth digit, which no caller accepts). Returns its length, 0 when
 * there is none. */
static size_t import_digits(const char **p, const char *end, long *value)
{
	const char *s = *p;
	long v = 0;
	while (*p < end && **p >= '0' && **p <= '9' && *p - s < 9) {
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	if (value)
		*value = v;
	return (size_t)(*p - s);
}

static long import_parse_number(const char *s, size_t n)
{
	long v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Writes a time as written on the page ("00:61", "1:02:30") for messages. */
static void import_time_text(char *buf, size_t size, const char *first,
			     size_t n, long b, long c, bool three)
{
	if (three)
		snprintf(buf, size, "%.*s:%02ld:%02ld", (int)n, first, b, c);
	else
		snprintf(buf, size, "%.*s:%02ld", (int)n, first, b);
}

/* One way of reading the speaker number and the start time. */
struct import_split {
	int speaker;        /* 0: no valid speaker number */
	long start;         /* seconds; -1 when a field is out of range */
	char problem[96];   /* why this split is invalid */
};

/* Reads speaker digits sd[0..sn) and a start time whose first field is
 * tf[0..tn), the others f2 and (when three) f3. */
static void import_try_split(struct import_split *sp, const char *sd, size_t sn,
			     const char *tf, size_t tn, long f2, long f3,
			     bool three)
{
	sp->speaker = 0;
	sp->start = -1;
	sp->problem[0] = '\0';
	if (sn == 0 || sn > 3 || sd[0] == '0') {
		snprintf(sp->problem, sizeof sp->problem,
			 "no speaker number before the start time");
		return;
	}
	sp->speaker = (int)import_parse_number(sd, sn);
	long f1 = import_parse_number(tf, tn);
	char t[32];
	import_time_text(t, sizeof t, tf, tn, f2, f3, three);
	long minutes = three ? f2 : f1, seconds = three ? f3 : f2;
	/* Hours as the end time allows them (two digits): with a blank after
	 * the speaker, the first field can hold up to 9 digits. Checked before
	 * multiplying, so nothing overflows a 32-bit long. */
	if (minutes > 59 || seconds > 59 || (three && f1 > 99)) {
		snprintf(sp->problem, sizeof sp->problem,
			 "start time %s: %s out of range", t,
			 seconds > 59 ? "seconds" : minutes > 59 ? "minutes"
							       : "hours");
		return;
	}
	sp->start = three ? f1 * 3600 + f2 * 60 + f3 : f1 * 60 + f2;
}

/* Parses a header line. prev_start is the previous segment's start (-1 for
 * the first): it decides between splits when the digits are ambiguous. */
static int import_parse_header(const struct import_line *l, long prev_start,
			       struct import_header *h, char *msg,
			       size_t msgsize)
{
	const char *p = l->s + strlen("Speaker"), *end = l->s + l->len;
	if (!memchr(p, ':', (size_t)(end - p))) {
		snprintf(msg, msgsize, "no time range after the speaker: "
			 "expected 'Speaker N MM:SS - MM:SS'");
		return -1;
	}
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;

	/* start: D1 ':' D2 [':' D3] -- D1 holds the speaker too, unless a
	 * blank separates them ("Speaker 1 00:00 - 00:28") */
	const char *d1 = p, *sd = NULL;
	size_t n1 = import_digits(&p, end, NULL), n3 = 0, sn = 0;
	const char *q = p;
	while (q < end && (*q == ' ' || *q == '\t'))
		q++;
	if (n1 && q > p && q < end && *q >= '0' && *q <= '9') {
		sd = d1;
		sn = n1;
		p = d1 = q;
		n1 = import_digits(&p, end, NULL);
	}
	long f2 = 0, f3 = 0;
	bool ok = n1 > 0 && p < end && *p++ == ':';
	ok = ok && import_digits(&p, end, &f2) == 2;
	if (ok && p < end && *p == ':') {
		p++;
		ok = (n3 = import_digits(&p, end, &f3)) == 2;
	}
	/* the separator */
	while (ok && p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (ok && p < end && *p == '-')
		p++;
	else if (ok && end - p >= 3 &&
		 (memcmp(p, "\xE2\x80\x93", 3) == 0 ||
		  memcmp(p, "\xE2\x80\x94", 3) == 0))
		p += 3;
	else
		ok = false;
	while (ok && p < end && (*p == ' ' || *p == '\t'))
		p++;
	/* end: [H:]M:SS, not glued to anything */
	const char *et = p;
	long e[3];
	size_t en[3], ne = 0;
	while (ok && ne < 3) {
		en[ne] = import_digits(&p, end, &e[ne]);
		if (!en[ne])
			ok = false;
		ne++;
		if (p < end && *p == ':')
			p++;
		else
			break;
	}
	if (!ok || p != end || ne < 2 || en[ne - 1] != 2 ||
	    (ne == 3 && (en[1] != 2 || en[0] > 2))) {
		snprintf(msg, msgsize, "malformed segment header: expected "
			 "'Speaker N MM:SS - MM:SS'");
		return -1;
	}
	/* An end out of range is reported below, after the start's own
	 * problems; meanwhile it bounds nothing (and is not multiplied: MM
	 * may have 9 digits). */
	long end_min = ne == 3 ? e[1] : e[0], end_sec = e[ne - 1];
	bool end_ok = end_min <= 59 && end_sec <= 59;
	if (!end_ok)
		h->end = LONG_MAX;
	else
		h->end = ne == 3 ? e[0] * 3600 + e[1] * 60 + e[2]
				 : e[0] * 60 + e[1];

	/* The start time is written like the end time, by default with
	 * two-digit minutes and one-digit hours. */
	bool three = n3 > 0;
	size_t preferred;
	if (three)
		preferred = ne == 3 && en[0] == 2 ? 2 : 1;
	else
		preferred = ne == 2 && en[0] == 1 ? 1 : 2;
	size_t other = preferred == 2 ? 1 : 2;
	struct import_split sp[2];
	if (sd) {
		import_try_split(&sp[0], sd, sn, d1, n1, f2, f3, three);
		sp[1] = sp[0];
	} else {
		preferred = preferred < n1 ? preferred : n1;
		other = other < n1 ? other : n1;
		import_try_split(&sp[0], d1, n1 - preferred,
				 d1 + n1 - preferred, preferred, f2, f3, three);
		import_try_split(&sp[1], d1, n1 - other, d1 + n1 - other, other,
				 f2, f3, three);
	}

	const struct import_split *pick = NULL;
	for (int i = 0; i < 2 && !pick; i++)
		if (sp[i].start >= 0 && sp[i].start <= h->end &&
		    sp[i].start >= prev_start)
			pick = &sp[i];
	for (int i = 0; i < 2 && !pick; i++)
		if (sp[i].start >= 0)
			pick = &sp[i];
	if (!pick) {
		snprintf(msg, msgsize, "%s", sp[0].problem);
		return -1;
	}
	if (!end_ok) {
		snprintf(msg, msgsize, "end time %.*s: %s out of range",
			 (int)(end - et), et,
			 end_sec > 59 ? "seconds" : "minutes");
		return -1;
	}
	h->speaker = pick->speaker;
	h->start = pick->start;
	return 0;
}

/* ---- the preamble and the end ------------------------------------------ */

/* Parses "<Y> 年 <M> 月 <D> 日" into "YYYY-MM-DD"; false if it is not a
 * real date. */
static bool import_parse_date(const struct import_line *f, char out[64])
{
	static const char *const units[3] = { "年", "月", "日" };
	const char *p = f->s, *end = f->s + f->len;
	long v[3];
	for (int i = 0; i < 3; i++) {
		while (p < end && *p == ' ')
			p++;
		size_t n = import_digits(&p, end, &v[i]);
		if (!n || n > 4)
			return false;
		while (p < end && *p == ' ')
			p++;
		size_t ul = strlen(units[i]);
		if ((size_t)(end - p) < ul || memcmp(p, units[i], ul) != 0)
			return false;
		p += ul;
	}
	while (p < end && *p == ' ')
		p++;
	if (p != end || v[0] < 1000 || !episode_day_exists(v[0], v[1], v[2]))
		return false;
	snprintf(out, 64, "%04ld-%02ld-%02ld", v[0], v[1], v[2]);
	return true;
}

static bool import_is_meta(const struct import_line *l)
{
	return import_starts_with(l, "🎙") || import_starts_with(l, "播客");
}

/* "🎙 播客<podcast>· <Y> 年 <M> 月 <D> 日· <N> 词 · 约 <R> 分钟": takes
 * the podcast and the date; the rest is computed from the text. */
static void import_parse_meta(const struct import_line *l, struct episode *ep)
{
	struct import_line rest = *l;
	const char *skip[] = { "🎙", "\xEF\xB8\x8F" /* VS16 */, " ", "播客" };
	for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++) {
		size_t n = strlen(skip[i]);
		while (import_starts_with(&rest, skip[i])) {
			rest.s += n;
			rest.len -= n;
		}
	}
	const char *p = rest.s, *end = rest.s + rest.len;
	for (int field = 0; p <= end; field++) {
		const char *dot = memmem(p, (size_t)(end - p), "·", 2);
		const char *fe = dot ? dot : end;
		struct import_line f = import_trim_line(p, (size_t)(fe - p));
		char date[64];
		if (field == 0) {
			char *podcast = import_line_text(&f);
			episode_set(&ep->podcast, podcast);
			free(podcast);
		} else if (!ep->date[0] && import_parse_date(&f, date)) {
			episode_set(&ep->date, date);
		}
		if (!dot)
			break;
		p = dot + 2;
	}
}

static bool import_is_source(const struct import_line *l)
{
	return import_starts_with(l, "原文");
}

static void import_parse_source(const struct import_line *l, struct episode *ep)
{
	struct import_line rest = { l->s + strlen("原文"),
				    l->len - strlen("原文") };
	rest = import_trim_line(rest.s, rest.len);
	if (import_starts_with(&rest, "↗")) {
		rest.s += strlen("↗");
		rest.len -= strlen("↗");
		rest = import_trim_line(rest.s, rest.len);
	}
	char *url = xstrndup(rest.s, rest.len);
	episode_set(&ep->source_url, url);
	free(url);
}

/* "BuildSpeak — 关于本项目...": the page's footer. */
static bool import_is_footer(const struct import_line *l)
{
	return import_starts_with(l, "BuildSpeak —") ||
	       import_starts_with(l, "BuildSpeak -") ||
	       import_starts_with(l, "BuildSpeak—");
}

/* The lines of the site around the episode: header, navigation, key hint. */
static bool import_is_chrome(const struct import_line *l)
{
	return import_starts_with(l, "BuildSpeak") ||
	       (import_starts_with(l, "今日") && import_line_has(l, "归档")) ||
	       (import_starts_with(l, "SPACE") && import_line_has(l, "播放"));
}

/* Reads the lines before the first segment header; returns the index of
 * that header (n_lines if there is none). */
static size_t import_parse_preamble(struct import_page *pg)
{
	struct episode *ep = pg->ep;
	bool meta = false;
	const struct import_line *title = NULL;
	size_t i;
	for (i = 0; i < pg->n_lines; i++) {
		const struct import_line *l = &pg->lines[i];
		if (!l->len)
			continue;
		if (import_is_header(l) || import_is_footer(l))
			break;
		if (import_is_source(l)) {
			import_parse_source(l, ep);
		} else if (!meta && import_is_meta(l)) {
			import_parse_meta(l, ep);
			meta = true;
			title = NULL;
		} else if (!import_is_chrome(l) && !title) {
			title = l;
		}
	}
	if (title) {
		char *t = import_line_text(title);
		episode_set(&ep->title, t);
		free(t);
	}
	return i;
}

/* ---- segments ---------------------------------------------------------- */

static const char *import_fmt_time(long seconds, char *buf, size_t size)
{
	return episode_format_time((double)seconds, buf, size);
}

/* Parses the segment whose header is line i; sets *next to the line after
 * it. prev is the previous segment (NULL for the first). */
static int import_parse_segment(struct import_page *pg, size_t i,
				const struct segment *prev, size_t *next)
{
	struct import_error *err = pg->err;
	const int hl = (int)i + 1;
	char msg[256], a[16], b[16];
	long prev_start = prev ? (long)prev->start : -1;
	struct import_header h, h2;
	if (import_parse_header(&pg->lines[i], prev_start, &h, msg, sizeof msg))
		return import_fail(err, hl, "%s", msg);
	if (h.end < h.start)
		return import_fail(err, hl,
				   "segment ends at %s, before it starts at %s",
				   import_fmt_time(h.end, a, sizeof a),
				   import_fmt_time(h.start, b, sizeof b));
	if (h.start < prev_start)
		return import_fail(
			err, hl,
			"segment starts at %s, before the previous one "
			"(%s, line %d)",
			import_fmt_time(h.start, a, sizeof a),
			import_fmt_time(prev_start, b, sizeof b), prev->line);

	size_t j = import_next_text(pg, i + 1);
	if (j == pg->n_lines)
		return import_fail(err, hl,
				   "file ends after the segment header "
				   "(no English text)");
	if (import_is_header(&pg->lines[j]))
		return import_fail(err, (int)j + 1,
				   "the segment at line %d has no "
				   "English text",
				   hl);

	size_t k = import_next_text(pg, j + 1);
	if (k == pg->n_lines)
		return import_fail(err, (int)j + 1,
				   "file ends after the English text "
				   "of the segment at line %d (no translation)",
				   hl);
	if (!import_is_header(&pg->lines[k]))
		return import_fail(
			err, (int)k + 1,
			"expected the header of the "
			"segment at line %d again, before its translation",
			hl);
	if (import_parse_header(&pg->lines[k], prev_start, &h2, msg,
				sizeof msg))
		return import_fail(err, (int)k + 1, "%s", msg);
	if (h2.speaker != h.speaker || h2.start != h.start ||
	    h2.end != h.end) {
		/* A whole segment starting here (header, text, the same header)
		 * means the one at line hl lost its translation; otherwise this
		 * is its copy, and it differs. */
		size_t m = import_next_text(pg, k + 1),
		       m2 = import_next_text(pg, m + 1);
		if (m < pg->n_lines && !import_is_header(&pg->lines[m]) &&
		    m2 < pg->n_lines && pg->lines[m2].len == pg->lines[k].len &&
		    memcmp(pg->lines[m2].s, pg->lines[k].s, pg->lines[k].len) ==
			    0)
			return import_fail(
				err, (int)k + 1,
				"the segment at line %d has "
				"no translation (the next segment starts "
				"here)",
				hl);
		return import_fail(err, (int)k + 1,
				   "segment header differs from its "
				   "first copy at line %d",
				   hl);
	}

	size_t z = import_next_text(pg, k + 1);
	if (z == pg->n_lines)
		return import_fail(err, (int)k + 1,
				   "file ends before the translation "
				   "of the segment at line %d",
				   hl);
	if (import_is_header(&pg->lines[z]))
		return import_fail(err, (int)z + 1,
				   "the segment at line %d has no "
				   "translation",
				   hl);

	episode_add_segment(pg->ep, h.speaker, (double)h.start, (double)h.end,
			    import_line_text(&pg->lines[j]),
			    import_line_text(&pg->lines[z]), hl);
	*next = z + 1;
	return 0;
}

/* Reads the segments from line i on, then the 原文 link and the footer. */
static int import_parse_segments(struct import_page *pg, size_t i)
{
	struct episode *ep = pg->ep;
	while ((i = import_next_text(pg, i)) < pg->n_lines) {
		const struct import_line *l = &pg->lines[i];
		if (import_is_header(l)) {
			const struct segment *prev =
				ep->n_segments ? &ep->segments[ep->n_segments - 1]
					       : NULL;
			if (import_parse_segment(pg, i, prev, &i))
				return -1;
		} else if (import_is_source(l)) {
			import_parse_source(l, ep);
			break;
		} else if (import_is_footer(l)) {
			break;
		} else {
			return import_fail(
				pg->err, (int)i + 1,
				"unexpected text after the segment at line "
				"%d; expected a 'Speaker' header",
				ep->segments[ep->n_segments - 1].line);
		}
	}
	if (!ep->n_segments)
		return import_fail(pg->err, 0,
				   "no segments: no 'Speaker N MM:SS - "
				   "MM:SS' header in the file");
	return 0;
}

int import_page(const char *buf, size_t len, struct episode **out,
		struct import_error *err)
{
	if (len >= 3 && memcmp(buf, IMPORT_UTF8_BOM, 3) == 0) {
		buf += 3;
		len -= 3;
	}
	if (len > IMPORT_MAX_FILE)
		return import_fail(err, 0, "file is larger than %u MiB",
				   IMPORT_MAX_FILE >> 20);
	size_t blank = 0;
	while (blank < len &&
	       (import_is_blank_byte((unsigned char)buf[blank]) ||
		buf[blank] == '\n'))
		blank++;
	if (blank == len)
		return import_fail(err, 0, "empty file");
	if (import_check_binary(buf, len, err))
		return -1;

	struct import_page pg = { .err = err, .ep = episode_new() };
	int rc = import_split_lines(&pg, buf, len);
	if (rc == 0)
		rc = import_parse_segments(&pg, import_parse_preamble(&pg));
	free(pg.lines);
	if (rc) {
		episode_free(pg.ep);
		return -1;
	}
	episode_update_stats(pg.ep);
	glossary_build(pg.ep);
	*out = pg.ep;
	return 0;
}

/* ---- files ------------------------------------------------------------- */

/* Opens path for reading, refusing what is not a regular file: a FIFO
 * without a writer would block, a device can be endless (/dev/zero), and
 * both are read through '-' instead. O_NONBLOCK so that the open itself
 * cannot hang; it changes nothing for a regular file's reads. Returns the
 * descriptor and its size in *size, or -1 with err filled. */
static int import_open_regular(const char *path, off_t *size,
			       struct import_error *err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return import_fail(err, 0, "cannot open: %s", strerror(errno));
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		return import_fail(err, 0, "cannot read: %s", strerror(e));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		if (S_ISDIR(st.st_mode))
			return import_fail(err, 0, "cannot read: %s",
					   strerror(EISDIR));
		return import_fail(
			err, 0,
			"cannot read: not a regular file but %s "
			"(to import from a pipe, use 'buildspeak import "
			"-')",
			path_kind(&st));
	}
	*size = st.st_size;
	return fd;
}

int import_check_path(const char *path, struct import_error *err)
{
	err->line = 0;
	err->msg[0] = '\0';
	if (strcmp(path, IMPORT_STDIN) == 0) {
		if (isatty(STDIN_FILENO))
			return import_fail(err, 0,
					   "standard input is a terminal; "
					   "pipe a page into it");
		return 0;
	}
	off_t size;
	int fd = import_open_regular(path, &size, err);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

/* Reads fd to its end, at most IMPORT_MAX_FILE bytes, into a new buffer
 * (NUL-terminated for convenience); *len gets the byte count. hint is the
 * expected size (0: unknown). */
static int import_read_all(int fd, size_t hint, char **data, size_t *len,
			   struct import_error *err)
{
	size_t cap = hint > 0 ? hint + 1 : 65536;
	if (cap > IMPORT_MAX_FILE + 1)
		cap = IMPORT_MAX_FILE + 1;
	char *buf = xmalloc(cap);
	size_t n = 0;
	for (;;) {
		if (n + 1 >= cap)
			buf = xgrowarray(buf, &cap, n + 65536, 1);
		ssize_t r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			/* standard input left non-blocking by whoever
			 * shares it: wait for data like a blocking read */
			struct pollfd pfd = { .fd = fd, .events = POLLIN };
			if (poll(&pfd, 1, -1) >= 0 || errno == EINTR)
				continue;
		}
		if (r < 0) {
			int e = errno;
			free(buf);
			return import_fail(err, 0, "cannot read: %s",
					   strerror(e));
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > IMPORT_MAX_FILE) {
			free(buf);
			return import_fail(err, 0, "file is larger than %u MiB",
					   IMPORT_MAX_FILE >> 20);
		}
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}

/* Reads the whole input named path ('-': standard input) into a new
 * buffer; *len gets its size. */
static int import_read_file(const char *path, char **data, size_t *len,
			    struct import_error *err)
{
	if (strcmp(path, IMPORT_STDIN) == 0) {
		if (import_check_path(path, err))
			return -1;
		return import_read_all(STDIN_FILENO, 0, data, len, err);
	}
	off_t size;
	int fd = import_open_regular(path, &size, err);
	if (fd < 0)
		return -1;
	int rc = import_read_all(fd, size > 0 ? (size_t)size : 0, data, len,
				 err);
	close(fd);
	return rc;
}

/* The file name without directory and extension: the title of last resort. */
static char *import_title_from_path(const char *path)
{
	if (strcmp(path, IMPORT_STDIN) == 0)
		return xstrdup("(standard input)");
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strchr(base, '.');
	size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	return xstrndup(base, n);
}

int import_read(const char *path, char **data, size_t *len,
		struct import_error *err)
{
	return import_read_file(path, data, len, err);
}

/* Whether the file is named as subtitles (.vtt, .srt). */
static bool import_is_subtitle_name(const char *path)
{
	const char *dot = strrchr(path, '.');
	return dot && !strchr(dot, '/') &&
	       (strcasecmp(dot, ".vtt") == 0 || strcasecmp(dot, ".srt") == 0);
}

int import_file(const char *path, const struct import_json *json,
		struct episode **out,
		struct import_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	if (import_read_file(path, &buf, &len, err))
		return -1;

	size_t i = len >= 3 && memcmp(buf, IMPORT_UTF8_BOM, 3) == 0 ? 3 : 0;
	const size_t body = i;
	while (i < len &&
	       (import_is_blank_byte((unsigned char)buf[i]) || buf[i] == '\n'))
		i++;
	int rc;
	if (i < len && buf[i] == '{') {
		err->line = 0;
		if (!json)
			rc = import_fail(err, 0,
					 "JSON import needs an open library");
		else
			rc = json->parse(json->ctx, buf + body, len - body,
					 out, err->msg, sizeof err->msg);
	} else if (subtitle_sniff(buf, len) != SUBTITLE_NONE ||
		   import_is_subtitle_name(path)) {
		/* named as subtitles but not: the subtitle reader says what
		 * is wrong */
		rc = import_subtitle_buffer(path, buf, len,
					    SUBTITLE_LANG_UNKNOWN, NULL, out,
					    err);
	} else {
		rc = import_page(buf, len, out, err);
		if (rc == 0 && !(*out)->title[0]) {
			char *t = import_title_from_path(path);
			episode_set(&(*out)->title, t);
			free(t);
		}
	}
	free(buf);
	return rc;
}
