/* export: the vocabulary book as CSV, Anki text, Markdown and JSON (the
 * formats are described in export.h).
 *
 * Everything in an entry came from somebody else's page or from the
 * learner's typing, so every writer treats it as untrusted: it is quoted
 * or escaped for the one format it is going into, and markup we add (the
 * <b> around a term, Markdown's ** and >) is added around text that was
 * escaped first, never searched for inside escaped text.
 *
 * Writes go through a sink that remembers the first failing write's errno
 * and stops writing after it, so a full disk is reported as ENOSPC rather
 * than as whatever a later call left in errno, and a long export to
 * /dev/full does not keep trying. */
#include "buildspeak/export.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <unictype.h>
#include <unistr.h>

#include "buildspeak/alloc.h"
#include "buildspeak/matcher.h"
#include "buildspeak/text.h"

/* Anki's target for the import, see export.h. */
#define ANKI_NOTETYPE "Basic"
#define ANKI_TAG "buildspeak"

static const char *const format_names[] = {
	[EXPORT_CSV] = "csv",
	[EXPORT_ANKI] = "anki",
	[EXPORT_MD] = "md",
	[EXPORT_JSON] = "json",
};

static const char *const format_extensions[] = {
	[EXPORT_CSV] = "csv",
	[EXPORT_ANKI] = "txt",
	[EXPORT_MD] = "md",
	[EXPORT_JSON] = "json",
};

#define N_FORMATS (sizeof format_names / sizeof format_names[0])

static bool format_valid(enum export_format fmt)
{
	return (unsigned)fmt < N_FORMATS;
}

int export_format_parse(const char *name, enum export_format *out)
{
	if (!name)
		return -1;
	for (size_t i = 0; i < N_FORMATS; i++) {
		if (strcmp(name, format_names[i]) == 0) {
			*out = (enum export_format)i;
			return 0;
		}
	}
	return -1;
}

const char *export_format_name(enum export_format fmt)
{
	return format_valid(fmt) ? format_names[fmt] : "?";
}

const char *export_format_extension(enum export_format fmt)
{
	return format_valid(fmt) ? format_extensions[fmt] : "";
}

/* ---- output ------------------------------------------------------------ */

/* Where a writer's bytes go. */
struct sink {
	FILE *f;
	int err; /* errno of the first failed write; 0 while all went well */
};

static void sink_write(struct sink *k, const char *s, size_t len)
{
	if (k->err || len == 0)
		return;
	errno = 0;
	if (fwrite(s, 1, len, k->f) != len)
		k->err = errno ? errno : EIO;
}

static void sink_puts(struct sink *k, const char *s)
{
	sink_write(k, s, strlen(s));
}

/* A growable byte string for building one field or line. */
struct buf {
	char *s;    /* NUL-terminated once anything was added; owned */
	size_t len; /* bytes, without the NUL */
	size_t cap; /* bytes allocated */
};

static void buf_add(struct buf *b, const char *s, size_t len)
{
	b->s = xgrowarray(b->s, &b->cap, b->len + len + 1, 1);
	memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = '\0';
}

static void buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void buf_putc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

static void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

static const char *buf_str(const struct buf *b)
{
	return b->s ? b->s : "";
}

/* ---- shared helpers ---------------------------------------------------- */

/* Formats a sentence start (seconds) as MM:SS, or H:MM:SS past an hour --
 * the page's own notation -- or always as H:MM:SS when hours is set: a
 * spreadsheet reads "02:56" as 2 hours 56 minutes, "0:02:56" right. */
static void format_clock(double at, bool hours, char out[32])
{
	long s = at > 0 ? (long)at : 0;
	if (s >= 3600 || hours)
		snprintf(out, 32, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60,
			 s % 60);
	else
		snprintf(out, 32, "%02ld:%02ld", s / 60, s % 60);
}

/* Formats t as ISO 8601 in local time with the UTC offset,
 * "2025-05-01T20:15:00+08:00": what the learner's clock said, and still
 * unambiguous. Empty when t is 0 (unknown) or out of range. */
static void format_local_time(time_t t, char out[40])
{
	struct tm tm;
	char zone[8];
	out[0] = '\0';
	if (t == 0 || !localtime_r(&t, &tm))
		return;
	size_t len = strftime(out, 40, "%Y-%m-%dT%H:%M:%S", &tm);
	/* %z gives "+0800"; the extended form wants "+08:00". */
	if (len == 0 || strftime(zone, sizeof zone, "%z", &tm) != 5) {
		out[len] = '\0';
		return;
	}
	snprintf(out + len, 40 - len, "%.3s:%.2s", zone, zone + 3);
}

/* Entry fields are "" when empty; an entry put together by hand may hold
 * NULL instead, which reads the same. */
static const char *str(const char *s)
{
	return s ? s : "";
}

static bool is_ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/* Byte length of the character at s[0..len) when it must never go out --
 * a C0 control other than tab, LF and CR (each format deals with those),
 * DEL, a C1 control, a bidirectional embedding, override or isolate --
 * else 0. Dropping the ESC of an escape sequence leaves its rest inert
 * text; dropping rather than replacing is what Anki does on import. */
static size_t export_unsafe_len(const char *s, size_t len)
{
	unsigned char c = (unsigned char)s[0];
	if (c < 0x80)
		return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
		       c == 0x7F;
	if (c != 0xC2 && c != 0xE2)
		return 0;
	uint32_t uc;
	int n = text_next(s, len, &uc);
	return (uc >= 0x80 && uc <= 0x9F) || text_is_bidi_control(uc)
		       ? (size_t)n : 0;
}

/* Appends s with the entry's term emphasised where the matcher term (the
 * reader's own, so a card bolds what the reader marks; NULL for none)
 * finds it: each piece of s goes through escape, and open/close (markup of
 * the target format) wrap every occurrence. */
static void add_emphasised(struct buf *b, const char *s,
			   const struct matcher *term,
			   void (*escape)(struct buf *, const char *, size_t),
			   const char *open, const char *close)
{
	size_t slen = strlen(s), pos = 0;
	struct term_span *sp = NULL;
	size_t n = term ? matcher_find(term, s, &sp) : 0;
	for (size_t i = 0; i < n; i++) {
		escape(b, s + pos, sp[i].off - pos);
		buf_puts(b, open);
		escape(b, s + sp[i].off, sp[i].len);
		buf_puts(b, close);
		pos = sp[i].off + sp[i].len;
	}
	free(sp);
	escape(b, s + pos, slen - pos);
}

/* A matcher holding only term, for emphasis; NULL for an empty term. */
static struct matcher *term_matcher(const char *term)
{
	if (!term || !*term)
		return NULL;
	struct matcher *m = matcher_new();
	matcher_add(m, term, 0);
	return m;
}

/* True if url is an absolute http(s) URL, the only kind we make a link of
 * (a "javascript:" source must not become something to click). */
static bool is_web_url(const char *url)
{
	return strncasecmp(url, "http://", 7) == 0 ||
	       strncasecmp(url, "https://", 8) == 0;
}

/* The context an entry's one-line forms (CSV, Anki) show: the first saved,
 * or NULL when the entry has none. */
static const struct vocab_context *first_context(const struct vocab_entry *e)
{
	return e->n_contexts ? &e->contexts[0] : NULL;
}

/* ---- csv --------------------------------------------------------------- */

/* Writes one field. The characters that must never go out are dropped;
 * text (a column that comes from an imported page or the learner's
 * typing) that would then begin with = + - @ tab or CR gets a leading '
 * so that a spreadsheet shows it rather than evaluating it as a formula
 * (OWASP's advice on CSV injection). */
static void csv_field(struct sink *k, const char *raw, bool text, bool last)
{
	struct buf clean = { 0 };
	raw = raw ? raw : "";
	size_t len = strlen(raw);
	if (text && strchr("=+-@\t\r", raw[0]) && raw[0])
		buf_putc(&clean, '\'');
	for (size_t i = 0; i < len;) {
		size_t u = export_unsafe_len(raw + i, len - i);
		if (u) {
			i += u;
			if (text && clean.len == 0 && i < len &&
			    strchr("=+-@\t\r", raw[i]))
				buf_putc(&clean, '\'');
			continue;
		}
		buf_putc(&clean, raw[i++]);
	}
	const char *s = buf_str(&clean);
	if (strpbrk(s, ",\"\r\n")) {
		sink_puts(k, "\"");
		for (const char *q; (q = strchr(s, '"')); s = q + 1) {
			sink_write(k, s, (size_t)(q - s) + 1);
			sink_puts(k, "\"");
		}
		sink_puts(k, s);
		sink_puts(k, "\"");
	} else {
		sink_puts(k, s);
	}
	sink_puts(k, last ? "\r\n" : ",");
	free(clean.s);
}

static void write_csv(struct sink *k, const struct vocab_entry *v, size_t n,
		      bool bom)
{
	if (bom)
		sink_puts(k, "\xEF\xBB\xBF");
	static const char *const header[] = {
		"term", "gloss", "note", "english", "chinese", "episode",
		"podcast", "date", "source_url", "time", "saved", "contexts",
	};
	const size_t nh = sizeof header / sizeof header[0];
	for (size_t i = 0; i < nh; i++)
		csv_field(k, header[i], false, i + 1 == nh);

	for (size_t i = 0; i < n && !k->err; i++) {
		const struct vocab_entry *e = &v[i];
		const struct vocab_context *c = first_context(e);
		char clock[32] = "", saved[40], count[24];
		if (c)
			format_clock(c->at, true, clock);
		format_local_time(e->created, saved);
		snprintf(count, sizeof count, "%zu", e->n_contexts);
		csv_field(k, str(e->term), true, false);
		csv_field(k, str(e->gloss), true, false);
		csv_field(k, str(e->note), true, false);
		csv_field(k, c ? str(c->en) : "", true, false);
		csv_field(k, c ? str(c->zh) : "", true, false);
		csv_field(k, c ? str(c->title) : "", true, false);
		csv_field(k, c ? str(c->podcast) : "", true, false);
		csv_field(k, c ? str(c->date) : "", true, false);
		csv_field(k, c ? str(c->source_url) : "", true, false);
		csv_field(k, clock, false, false);
		csv_field(k, saved, false, false);
		csv_field(k, count, false, true);
	}
}

/* ---- anki -------------------------------------------------------------- */

/* HTML-escapes s[0..len) for a field of a #html:true file: & < > " become
 * entities (so no raw quote can make Anki's reader see a quoted field), a
 * tab becomes a space (it separates fields), every line break <br> (a
 * record is one line) and the characters that must never go out go. */
static void html_escape(struct buf *b, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		size_t u = export_unsafe_len(s + i, len - i);
		if (u) {
			i += u - 1;
			continue;
		}
		switch (s[i]) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		case '\t': buf_putc(b, ' '); break;
		case '\r':
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
			/* fall through */
		case '\n': buf_puts(b, "<br>"); break;
		default: buf_putc(b, s[i]); break;
		}
	}
}

static void html_escape_str(struct buf *b, const char *s)
{
	html_escape(b, s, strlen(s));
}

/* A copy of s with every run of white space -- line breaks included --
 * made one space and none at either end: a term is one line, and Anki
 * would strip a <br> from its first field when it looks for duplicates,
 * making "multi<br>line" the same as "multiline". */
static char *anki_one_line(const char *s)
{
	struct buf b = { 0 };
	bool space = false;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = true;
			continue;
		}
		if (space && b.len)
			buf_putc(&b, ' ');
		space = false;
		buf_putc(&b, *s);
	}
	return b.s ? b.s : xstrdup("");
}

void export_anki_guid(const char *term, char out[EXPORT_ANKI_GUID_SIZE])
{
	char *line = anki_one_line(term ? term : "");
	char *key = text_fold(line);
	/* FNV-1a, then a 64-bit finaliser (splitmix64's) so that terms
	 * differing in their last byte differ in every digit. */
	uint64_t h = 14695981039346656037ull;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	h ^= h >> 30;
	h *= 0xBF58476D1CE4E5B9ull;
	h ^= h >> 27;
	h *= 0x94D049BB133111EBull;
	h ^= h >> 31;
	snprintf(out, EXPORT_ANKI_GUID_SIZE, "bs-%016llx",
		 (unsigned long long)h);
	free(key);
	free(line);
}

/* Appends the Back field: gloss, note, the sentence both ways with the
 * term in bold, then where and when it was said. */
static void anki_back(struct buf *b, const struct vocab_entry *e)
{
	const struct vocab_context *c = first_context(e);
	size_t start = b->len;
	html_escape_str(b, str(e->gloss));
	if (*str(e->note)) {
		if (b->len > start)
			buf_puts(b, "<br>");
		buf_puts(b, "<i>");
		html_escape_str(b, str(e->note));
		buf_puts(b, "</i>");
	}
	if (!c)
		return;
	if (b->len > start)
		buf_puts(b, "<br><br>");
	struct matcher *term = term_matcher(str(e->term));
	add_emphasised(b, str(c->en), term, html_escape, "<b>", "</b>");
	if (*str(c->zh)) {
		buf_puts(b, "<br>");
		add_emphasised(b, str(c->zh), term, html_escape, "<b>", "</b>");
	}
	matcher_free(term);

	/* title (a link to the source) · podcast · date · time */
	char clock[32];
	format_clock(c->at, false, clock);
	buf_puts(b, "<br><br><small>");
	bool web = is_web_url(str(c->source_url));
	if (web) {
		buf_puts(b, "<a href=\"");
		html_escape_str(b, str(c->source_url));
		buf_puts(b, "\">");
	}
	html_escape_str(b, *str(c->title) ? str(c->title)
					   : web ? "source" : "");
	if (web)
		buf_puts(b, "</a>");
	bool any = web || *str(c->title);
	const char *rest[] = { str(c->podcast), str(c->date), clock };
	for (size_t i = 0; i < 3; i++) {
		if (!*rest[i])
			continue;
		if (any)
			buf_puts(b, " · ");
		html_escape_str(b, rest[i]);
		any = true;
	}
	buf_puts(b, "</small>");
}

/* The deck's name for the header line: one line, no unsafe characters. */
static void anki_deck_name(struct buf *b, const char *deck)
{
	char *line = anki_one_line(deck && *deck ? deck : EXPORT_ANKI_DECK);
	size_t len = strlen(line);
	for (size_t i = 0; i < len;) {
		size_t u = export_unsafe_len(line + i, len - i);
		if (u)
			i += u;
		else
			buf_putc(b, line[i++]);
	}
	free(line);
}

static void write_anki(struct sink *k, const struct vocab_entry *v, size_t n,
		       const char *deck)
{
	struct buf line = { 0 }, field = { 0 };
	buf_puts(&line, "#separator:tab\n"
			"#html:true\n"
			"#notetype:" ANKI_NOTETYPE "\n"
			"#deck:");
	anki_deck_name(&line, deck);
	buf_puts(&line, "\n#tags:" ANKI_TAG "\n"
			"#guid column:3\n");
	sink_write(k, line.s, line.len);
	for (size_t i = 0; i < n && !k->err; i++) {
		const struct vocab_entry *e = &v[i];
		buf_reset(&line);
		buf_reset(&field);

		/* Anki's reader skips a line that starts with '#'; a field in
		 * quotes is read without them (quotes inside doubled). */
		char *term = anki_one_line(str(e->term));
		html_escape_str(&field, term);
		free(term);
		if (field.s && field.s[0] == '#') {
			buf_putc(&line, '"');
			for (const char *p = field.s; *p; p++) {
				if (*p == '"')
					buf_putc(&line, '"');
				buf_putc(&line, *p);
			}
			buf_putc(&line, '"');
		} else {
			buf_puts(&line, buf_str(&field));
		}

		buf_putc(&line, '\t');
		anki_back(&line, e);

		char guid[EXPORT_ANKI_GUID_SIZE];
		export_anki_guid(str(e->term), guid);
		buf_putc(&line, '\t');
		buf_puts(&line, guid);
		buf_putc(&line, '\n');
		sink_write(k, line.s, line.len);
	}
	free(line.s);
	free(field.s);
}

/* ---- markdown ---------------------------------------------------------- */

/* True if s[0..len) continues an '&' into an HTML entity ("amp;",
 * "#38;", "#x26;"), which Markdown would turn into its character. */
static bool starts_entity(const char *s, size_t len)
{
	size_t i = 0;
	if (i < len && s[i] == '#')
		i++;
	size_t start = i;
	while (i < len && i - start <= 32 && is_ascii_alnum((unsigned char)s[i]))
		i++;
	return i > start && i < len && s[i] == ';';
}

/* Backslash-escapes s[0..len) for inline Markdown: the characters that
 * start emphasis, code, links, HTML, a heading's closing hashes,
 * strikethrough and table cells, and '&' where it starts an entity. Line
 * breaks and tabs become spaces: each piece of text stays on its line of
 * the structure (a list item, a quote). The characters that must never go
 * out go. */
static void md_escape(struct buf *b, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		size_t u = export_unsafe_len(s + i, len - i);
		if (u) {
			i += u - 1;
			continue;
		}
		char c = s[i];
		switch (c) {
		case '\\': case '`': case '*': case '_': case '[': case ']':
		case '<': case '>': case '#': case '~': case '|':
			buf_putc(b, '\\');
			buf_putc(b, c);
			break;
		case '&':
			if (starts_entity(s + i + 1, len - i - 1))
				buf_putc(b, '\\');
			buf_putc(b, c);
			break;
		case '\r':
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
			/* fall through */
		case '\n': case '\t':
			buf_putc(b, ' ');
			break;
		default:
			buf_putc(b, c);
		}
	}
}

static void md_escape_str(struct buf *b, const char *s)
{
	md_escape(b, s, strlen(s));
}

/* Like md_escape_str, with term emphasised ("" for none), for text that
 * begins a line (after "> " or on its own): leading blanks go (four would
 * make a code block) and a start that Markdown reads as a list item, a
 * setext underline or a numbered item is escaped. */
static void md_escape_line(struct buf *b, const char *s,
			   const struct matcher *term)
{
	s += strspn(s, " \t\r\n");
	if (*s == '-' || *s == '+' || *s == '=') {
		buf_putc(b, '\\');
		buf_putc(b, *s++);
	} else {
		size_t d = strspn(s, "0123456789");
		if (d > 0 && d < 10 && (s[d] == '.' || s[d] == ')')) {
			buf_add(b, s, d);
			buf_putc(b, '\\');
			buf_putc(b, s[d]);
			s += d + 1;
		}
	}
	add_emphasised(b, s, term, md_escape, "**", "**");
}

/* Appends url as a Markdown link destination in <...>: the characters that
 * would end it or break the line are percent-encoded. */
static void md_url(struct buf *b, const char *url)
{
	buf_putc(b, '<');
	size_t len = strlen(url), unsafe = 0;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		/* A C1 or bidi control's bytes are encoded one by one. */
		if (!unsafe)
			unsafe = export_unsafe_len((const char *)p,
						   len - (size_t)(p - (const
						   unsigned char *)url));
		if (*p <= ' ' || *p == '<' || *p == '>' || *p == '\\' ||
		    *p == 0x7F || unsafe) {
			if (unsafe)
				unsafe--;
			char hex[4];
			snprintf(hex, sizeof hex, "%%%02X", *p);
			buf_puts(b, hex);
		} else {
			buf_putc(b, (char)*p);
		}
	}
	buf_putc(b, '>');
}

/* An episode section of the document. */
struct md_group {
	const struct vocab_context *meta; /* title etc. from its first context;
					     NULL: entries without an episode */
	size_t rank;                      /* position in the document */
};

/* One context placed in a group: entry i's context j. */
struct md_ref {
	size_t group, entry, context;
	double at;
};

/* One list item: entry's contexts refs[first .. first+count) in group. */
struct md_item {
	size_t group, entry, first, count;
	double at; /* the earliest of them: items follow the episode's order */
	size_t rank; /* the group's rank, copied for sorting */
};

static bool same_string(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static bool has_episode(const struct vocab_context *c)
{
	return c->episode_id != 0 || *str(c->title) || *str(c->podcast) ||
	       *str(c->date) || *str(c->source_url);
}

/* Whether context c belongs to the section of g: the same library
 * episode, or, for a context whose episode is gone, the same metadata. */
static bool md_same_episode(const struct vocab_context *g,
			    const struct vocab_context *c)
{
	if (g->episode_id || c->episode_id)
		return g->episode_id == c->episode_id;
	return same_string(g->title, c->title) &&
	       same_string(g->podcast, c->podcast) &&
	       same_string(g->date, c->date) &&
	       same_string(g->source_url, c->source_url);
}

static int md_cmp_ref(const void *pa, const void *pb)
{
	const struct md_ref *a = pa, *b = pb;
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	if (a->entry != b->entry)
		return a->entry < b->entry ? -1 : 1;
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return a->context < b->context ? -1 : a->context > b->context;
}

static int md_cmp_item(const void *pa, const void *pb)
{
	const struct md_item *a = pa, *b = pb;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return a->entry < b->entry ? -1 : a->entry > b->entry;
}

/* Section order: newest date first, then by title; no episode last. */
static int md_cmp_group(const void *pa, const void *pb)
{
	const struct md_group *const *a = pa, *const *b = pb;
	const struct vocab_context *x = (*a)->meta, *y = (*b)->meta;
	if (!x || !y)
		return !x - !y;
	int d = strcmp(str(y->date), str(x->date));
	if (d)
		return d;
	d = strcmp(str(x->title), str(y->title));
	if (d)
		return d;
	if (x->episode_id != y->episode_id)
		return x->episode_id < y->episode_id ? -1 : 1;
	/* Still alike (two gone episodes of one title and date): first
	 * seen first, so the document does not depend on qsort. */
	return *a < *b ? -1 : *a > *b;
}

/* The blocks of the document (headings, items, quotes) each begin with
 * the blank line that separates them from the one before, so the document
 * ends without one. */
static void md_heading(struct buf *b, const struct vocab_context *meta)
{
	if (!meta) {
		buf_puts(b, "\n## Other words\n");
		return;
	}
	buf_puts(b, "\n## ");
	if (*str(meta->title))
		md_escape_str(b, str(meta->title));
	else
		buf_puts(b, "Untitled episode");
	buf_puts(b, "\n");

	/* The line under the heading starts with untrusted text: escaped as
	 * a line start ("- Pod" is not a list). */
	bool any = false;
	if (*str(meta->podcast)) {
		buf_puts(b, "\n");
		md_escape_line(b, str(meta->podcast), NULL);
		any = true;
	}
	if (*str(meta->date)) {
		buf_puts(b, any ? " · " : "\n");
		md_escape_line(b, str(meta->date), NULL);
		any = true;
	}
	if (*str(meta->source_url)) {
		buf_puts(b, any ? " · " : "\n");
		if (is_web_url(str(meta->source_url))) {
			buf_puts(b, "[source](");
			md_url(b, str(meta->source_url));
			buf_puts(b, ")");
		} else if (any) {
			md_escape_str(b, str(meta->source_url));
		} else {
			md_escape_line(b, str(meta->source_url), NULL);
		}
		any = true;
	}
	if (any)
		buf_puts(b, "\n");
}

static void md_item(struct buf *b, const struct vocab_entry *e,
		    const struct md_ref *refs, size_t count)
{
	buf_puts(b, "\n- **");
	md_escape_str(b, str(e->term));
	buf_puts(b, "**");
	if (*str(e->gloss)) {
		buf_puts(b, " — ");
		md_escape_str(b, str(e->gloss));
	}
	buf_puts(b, "\n");
	if (*str(e->note)) {
		buf_puts(b, "\n  *Note:* ");
		md_escape_str(b, str(e->note));
		buf_puts(b, "\n");
	}
	struct matcher *term = term_matcher(str(e->term));
	for (size_t r = 0; r < count && e->n_contexts; r++) {
		const struct vocab_context *c = &e->contexts[refs[r].context];
		char clock[32];
		format_clock(c->at, false, clock);
		buf_puts(b, "\n  > `");
		buf_puts(b, clock);
		buf_puts(b, "` ");
		add_emphasised(b, str(c->en), term, md_escape, "**", "**");
		buf_puts(b, "\n");
		if (*str(c->zh)) {
			buf_puts(b, "  >\n  > ");
			md_escape_line(b, str(c->zh), term);
			buf_puts(b, "\n");
		}
	}
	matcher_free(term);
}

static void write_md(struct sink *k, const struct vocab_entry *v, size_t n)
{
	struct md_group *groups = NULL;
	struct md_ref *refs = NULL;
	size_t n_groups = 0, cap_groups = 0, n_refs = 0, cap_refs = 0;
	size_t other = (size_t)-1; /* the "no episode" group, once made */

	/* Place every context in its episode's group; an entry without any
	 * context (or whose contexts name no episode) goes to "other". */
	for (size_t i = 0; i < n; i++) {
		const struct vocab_entry *e = &v[i];
		for (size_t j = 0; j < e->n_contexts || j == 0; j++) {
			const struct vocab_context *c =
				e->n_contexts ? &e->contexts[j] : NULL;
			size_t g;
			if (!c || !has_episode(c)) {
				if (other == (size_t)-1) {
					groups = xgrowarray(groups, &cap_groups,
						n_groups + 1, sizeof *groups);
					groups[n_groups] =
						(struct md_group){ NULL, 0 };
					other = n_groups++;
				}
				g = other;
			} else {
				for (g = 0; g < n_groups; g++)
					if (groups[g].meta &&
					    md_same_episode(groups[g].meta, c))
						break;
				if (g == n_groups) {
					groups = xgrowarray(groups, &cap_groups,
						n_groups + 1, sizeof *groups);
					groups[n_groups++] =
						(struct md_group){ c, 0 };
				}
			}
			refs = xgrowarray(refs, &cap_refs, n_refs + 1,
				sizeof *refs);
			refs[n_refs++] = (struct md_ref){
				g, i, j, c ? c->at : 0
			};
			if (!e->n_contexts)
				break;
		}
	}

	/* Rank the groups (sections) by date. */
	struct md_group **order = xmalloc((n_groups ? n_groups : 1) *
					  sizeof *order);
	for (size_t g = 0; g < n_groups; g++)
		order[g] = &groups[g];
	if (n_groups)
		qsort(order, n_groups, sizeof *order, md_cmp_group);
	for (size_t g = 0; g < n_groups; g++)
		order[g]->rank = g;

	/* An entry's contexts in one group make one list item. */
	if (n_refs)
		qsort(refs, n_refs, sizeof *refs, md_cmp_ref);
	struct md_item *items = xmalloc((n_refs ? n_refs : 1) * sizeof *items);
	size_t n_items = 0;
	for (size_t r = 0; r < n_refs; r++) {
		if (n_items && items[n_items - 1].group == refs[r].group &&
		    items[n_items - 1].entry == refs[r].entry) {
			items[n_items - 1].count++;
			continue;
		}
		items[n_items++] = (struct md_item){
			refs[r].group, refs[r].entry, r, 1, refs[r].at,
			groups[refs[r].group].rank,
		};
	}
	if (n_items)
		qsort(items, n_items, sizeof *items, md_cmp_item);

	struct buf b = { 0 };
	buf_puts(&b, "# BuildSpeak vocabulary\n");
	sink_write(k, b.s, b.len);
	size_t group = (size_t)-1;
	for (size_t t = 0; t < n_items && !k->err; t++) {
		const struct md_item *it = &items[t];
		buf_reset(&b);
		if (it->group != group) {
			group = it->group;
			md_heading(&b, groups[group].meta);
		}
		md_item(&b, &v[it->entry], &refs[it->first], it->count);
		sink_write(k, b.s, b.len);
	}
	free(b.s);
	free(items);
	free(order);
	free(refs);
	free(groups);
}

/* ---- writing ----------------------------------------------------------- */

/* Writes the JSON text, with DEL, the C1 controls and the bidirectional
 * controls -- which JSON allows raw in a string and SQLite leaves so --
 * escaped as \\u.... They can only occur inside strings: JSON's own syntax
 * is ASCII. */
static void json_write(struct sink *k, const char *json)
{
	size_t len = strlen(json), from = 0;
	for (size_t i = 0; i < len;) {
		size_t u = export_unsafe_len(json + i, len - i);
		if (!u) {
			i++;
			continue;
		}
		uint32_t uc;
		text_next(json + i, len - i, &uc);
		char esc[8];
		snprintf(esc, sizeof esc, "\\u%04X", (unsigned)uc);
		sink_write(k, json + from, i - from);
		sink_puts(k, esc);
		i += u;
		from = i;
	}
	sink_write(k, json + from, len - from);
}

/* Whether path's name ends in ".csv" (any case). */
static bool is_csv_name(const char *path)
{
	size_t len = path ? strlen(path) : 0;
	return len > 4 && strcasecmp(path + len - 4, ".csv") == 0;
}

/* Writes and flushes. path is the file's name when known (for the BOM
 * choice), else NULL. On failure returns -1 with either *werr set (a write
 * failed with that errno) or a message in err. */
static int emit(FILE *out, enum export_format fmt, const struct vocab_entry *v,
		size_t n, const struct export_json *json,
		const struct export_options *opt, const char *path, int *werr,
		char *err, size_t errsize)
{
	static const struct export_options defaults = { 0 };
	struct sink k = { out, 0 };
	*werr = 0;
	if (!opt)
		opt = &defaults;
	switch (fmt) {
	case EXPORT_CSV:
		write_csv(&k, v, n,
			  opt->bom == EXPORT_BOM_ALWAYS ||
				  (opt->bom == EXPORT_BOM_AUTO &&
				   is_csv_name(path)));
		break;
	case EXPORT_ANKI:
		write_anki(&k, v, n, opt->deck);
		break;
	case EXPORT_MD:
		write_md(&k, v, n);
		break;
	case EXPORT_JSON: {
		if (!json) {
			snprintf(err, errsize, "the JSON export needs the library");
			return -1;
		}
		char *text = json->entries(json->ctx, v, n, err, errsize);
		if (!text)
			return -1;
		json_write(&k, text);
		sink_puts(&k, "\n");
		free(text);
		break;
	}
	default:
		snprintf(err, errsize, "unknown export format (%s)",
			 EXPORT_FORMAT_NAMES);
		return -1;
	}
	errno = 0;
	if (fflush(out) == EOF && !k.err)
		k.err = errno ? errno : EIO;
	if (!k.err && ferror(out))
		k.err = EIO;
	if (k.err) {
		*werr = k.err;
		return -1;
	}
	return 0;
}

int export_write(FILE *out, enum export_format fmt,
		 const struct vocab_entry *v, size_t n,
		 const struct export_json *json,
		 char *err, size_t errsize)
{
	return export_write_opts(out, fmt, v, n, json, NULL, err, errsize);
}

int export_write_opts(FILE *out, enum export_format fmt,
		      const struct vocab_entry *v, size_t n,
		      const struct export_json *json,
		      const struct export_options *opt, char *err,
		      size_t errsize)
{
	int werr;
	if (emit(out, fmt, v, n, json, opt, NULL, &werr, err, errsize) == 0)
		return 0;
	if (werr)
		snprintf(err, errsize, "write error: %s", strerror(werr));
	return -1;
}

/* The directory part of path ("." when it has none), new string. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* Creates a new hidden file ".BASE" EXPORT_TEMP_TAG "XXXXXX" in dir for writing, with
 * permissions 0666 less the umask (what a plain new file would get:
 * mkstemp's 0600 would need the umask read back with umask(), which
 * briefly changes it for libmpv's threads too). Returns the descriptor and
 * sets *tmp to the new path (owned), or returns -1 with errno set. */
static int open_temp(const char *dir, const char *base, char **tmp)
{
	static const char letters[] = "abcdefghijklmnopqrstuvwxyz"
				      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	for (int attempt = 0; attempt < 100; attempt++) {
		unsigned char rnd[6];
		if (getentropy(rnd, sizeof rnd) != 0)
			return -1;
		char suffix[7];
		for (int i = 0; i < 6; i++)
			suffix[i] = letters[rnd[i] % (sizeof letters - 1)];
		suffix[6] = '\0';
		char *p = xasprintf("%s/.%s" EXPORT_TEMP_TAG "%s", dir, base,
				    suffix);
		int fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0) {
			*tmp = p;
			return fd;
		}
		int e = errno;
		free(p);
		if (e != EEXIST) {
			errno = e;
			return -1;
		}
	}
	errno = EEXIST;
	return -1;
}

/* Writes straight to something that is not a regular file (a device, a
 * pipe): it cannot be replaced by a rename. */
static int write_special(const char *path, enum export_format fmt,
			 const struct vocab_entry *v, size_t n,
			 const struct export_json *json,
			 const struct export_options *opt, char *err,
			 size_t errsize)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		snprintf(err, errsize, "cannot write %s: %s", path,
			 strerror(errno));
		return -1;
	}
	int werr;
	int rc = emit(f, fmt, v, n, json, opt, path, &werr, err, errsize);
	if (fclose(f) == EOF && rc == 0) {
		werr = errno;
		rc = -1;
	}
	if (rc && werr)
		snprintf(err, errsize, "cannot write %s: %s", path,
			 strerror(werr));
	return rc;
}

int export_to_file(const char *path, enum export_format fmt,
		   const struct vocab_entry *v, size_t n,
		 const struct export_json *json,
		   char *err, size_t errsize)
{
	return export_to_file_opts(path, fmt, v, n, json, NULL, err, errsize);
}

int export_to_file_opts(const char *path, enum export_format fmt,
			const struct vocab_entry *v, size_t n,
			const struct export_json *json,
			const struct export_options *opt, char *err,
			size_t errsize)
{
	if (!format_valid(fmt)) {
		snprintf(err, errsize, "unknown export format (%s)",
			 EXPORT_FORMAT_NAMES);
		return -1;
	}
	if (fmt == EXPORT_JSON && !json) {
		snprintf(err, errsize, "the JSON export needs the library");
		return -1;
	}
	if (!path || strcmp(path, "-") == 0) {
		int werr;
		if (emit(stdout, fmt, v, n, json, opt, NULL, &werr, err,
			 errsize) == 0)
			return 0;
		if (werr)
			snprintf(err, errsize,
				 "cannot write to standard output: %s",
				 strerror(werr));
		return -1;
	}
	if (!*path) {
		snprintf(err, errsize, "no file name to export to");
		return -1;
	}

	struct stat sb;
	bool exists = stat(path, &sb) == 0;
	if (exists && S_ISDIR(sb.st_mode)) {
		snprintf(err, errsize, "cannot write %s: it is a directory",
			 path);
		return -1;
	}
	if (exists && !S_ISREG(sb.st_mode))
		return write_special(path, fmt, v, n, json, opt, err, errsize);

	/* Replace the file a symbolic link points to, not the link. */
	char *target = exists ? realpath(path, NULL) : NULL;
	if (!target)
		target = xstrdup(path);
	char *dir = dir_of(target);
	const char *base = strrchr(target, '/') ? strrchr(target, '/') + 1
						: target;
	char *tmp = NULL;
	int rc = -1, werr = 0;
	FILE *f = NULL;

	int fd = open_temp(dir, base, &tmp);
	if (fd < 0) {
		snprintf(err, errsize, "cannot write %s: cannot create a file "
			 "in %s: %s", path, dir, strerror(errno));
		goto out;
	}
	/* A file being replaced keeps its permissions. */
	if (exists && fchmod(fd, sb.st_mode & 07777) != 0) {
		werr = errno;
		close(fd);
		goto out;
	}
	f = fdopen(fd, "w");
	if (!f) {
		werr = errno;
		close(fd);
		goto out;
	}
	if (emit(f, fmt, v, n, json, opt, path, &werr, err, errsize) != 0)
		goto out;
	if (fsync(fileno(f)) != 0) {
		werr = errno;
		goto out;
	}
	FILE *closing = f;
	f = NULL;
	if (fclose(closing) == EOF) {
		werr = errno;
		goto out;
	}
	if (rename(tmp, target) != 0) {
		werr = errno;
		goto out;
	}
	free(tmp);
	tmp = NULL;
	/* Make the rename itself durable; the file is complete either way,
	 * so a directory that cannot be synced is no error. */
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	rc = 0;
out:
	if (f)
		fclose(f);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	if (rc && werr)
		snprintf(err, errsize, "cannot write %s: %s", path,
			 strerror(werr));
	free(dir);
	free(target);
	return rc;
}
