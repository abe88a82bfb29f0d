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
#include "buildspeak/path.h"
#include "buildspeak/text.h"
#include "export_int.h"

static const char *const export_format_names[] = {
	[EXPORT_CSV] = "csv",
	[EXPORT_ANKI] = "anki",
	[EXPORT_MD] = "md",
	[EXPORT_JSON] = "json",
};

static const char *const export_format_extensions[] = {
	[EXPORT_CSV] = "csv",
	[EXPORT_ANKI] = "txt",
	[EXPORT_MD] = "md",
	[EXPORT_JSON] = "json",
};

#define N_FORMATS (sizeof export_format_names / sizeof export_format_names[0])

static bool export_format_valid(enum export_format fmt)
{
	return (unsigned)fmt < N_FORMATS;
}

int export_format_parse(const char *name, enum export_format *out)
{
	if (!name)
		return -1;
	for (size_t i = 0; i < N_FORMATS; i++) {
		if (strcmp(name, export_format_names[i]) == 0) {
			*out = (enum export_format)i;
			return 0;
		}
	}
	return -1;
}

const char *export_format_name(enum export_format fmt)
{
	return export_format_valid(fmt) ? export_format_names[fmt] : "?";
}

const char *export_format_extension(enum export_format fmt)
{
	return export_format_valid(fmt) ? export_format_extensions[fmt] : "";
}

/* ---- output ------------------------------------------------------------ */

void export_sink_write(struct sink *k, const char *s, size_t len)
{
	if (k->err || len == 0)
		return;
	errno = 0;
	if (fwrite(s, 1, len, k->f) != len)
		k->err = errno ? errno : EIO;
}

void export_sink_puts(struct sink *k, const char *s)
{
	export_sink_write(k, s, strlen(s));
}

void export_buf_add(struct buf *b, const char *s, size_t len)
{
	b->s = xgrowarray(b->s, &b->cap, b->len + len + 1, 1);
	memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = '\0';
}

void export_buf_puts(struct buf *b, const char *s)
{
	export_buf_add(b, s, strlen(s));
}

void export_buf_putc(struct buf *b, char c)
{
	export_buf_add(b, &c, 1);
}

void export_buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

const char *export_buf_str(const struct buf *b)
{
	return b->s ? b->s : "";
}

/* ---- shared helpers ---------------------------------------------------- */

/* Formats a sentence start (seconds) as MM:SS, or H:MM:SS past an hour --
 * the page's own notation -- or always as H:MM:SS when hours is set: a
 * spreadsheet reads "02:56" as 2 hours 56 minutes, "0:02:56" right. */
void export_format_clock(double at, bool hours, char out[32])
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
void export_format_local_time(time_t t, char out[40])
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
const char *export_str(const char *s)
{
	return s ? s : "";
}

bool export_is_ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/* Byte length of the character at s[0..len) when it must never go out --
 * a C0 control other than tab, LF and CR (each format deals with those),
 * DEL, a C1 control, a bidirectional embedding, override or isolate --
 * else 0. Dropping the ESC of an escape sequence leaves its rest inert
 * text; dropping rather than replacing is what Anki does on import. */
size_t export_unsafe_len(const char *s, size_t len)
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
void export_add_emphasised(struct buf *b, const char *s,
			   const struct matcher *term,
			   void (*escape)(struct buf *, const char *, size_t),
			   const char *open, const char *close)
{
	size_t slen = strlen(s), pos = 0;
	struct term_span *sp = NULL;
	size_t n = term ? matcher_find(term, s, &sp) : 0;
	for (size_t i = 0; i < n; i++) {
		escape(b, s + pos, sp[i].off - pos);
		export_buf_puts(b, open);
		escape(b, s + sp[i].off, sp[i].len);
		export_buf_puts(b, close);
		pos = sp[i].off + sp[i].len;
	}
	free(sp);
	escape(b, s + pos, slen - pos);
}

/* A matcher holding only term, for emphasis; NULL for an empty term. */
struct matcher *export_term_matcher(const char *term)
{
	if (!term || !*term)
		return NULL;
	struct matcher *m = matcher_new();
	matcher_add(m, term, 0);
	return m;
}

/* True if url is an absolute http(s) URL, the only kind we make a link of
 * (a "javascript:" source must not become something to click). */
bool export_is_web_url(const char *url)
{
	return strncasecmp(url, "http://", 7) == 0 ||
	       strncasecmp(url, "https://", 8) == 0;
}

/* The context an entry's one-line forms (CSV, Anki) show: the first saved,
 * or NULL when the entry has none. */
const struct vocab_context *export_first_context(const struct vocab_entry *e)
{
	return e->n_contexts ? &e->contexts[0] : NULL;
}

/* ---- writing ----------------------------------------------------------- */

/* Writes the JSON text, with DEL, the C1 controls and the bidirectional
 * controls -- which JSON allows raw in a string and SQLite leaves so --
 * escaped as \\u.... They can only occur inside strings: JSON's own syntax
 * is ASCII. */
static void export_json_write(struct sink *k, const char *json)
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
		export_sink_write(k, json + from, i - from);
		export_sink_puts(k, esc);
		i += u;
		from = i;
	}
	export_sink_write(k, json + from, len - from);
}

/* Whether path's name ends in ".csv" (any case). */
static bool export_is_csv_name(const char *path)
{
	size_t len = path ? strlen(path) : 0;
	return len > 4 && strcasecmp(path + len - 4, ".csv") == 0;
}

/* Writes and flushes. path is the file's name when known (for the BOM
 * choice), else NULL. On failure returns -1 with either *werr set (a write
 * failed with that errno) or a message in err. */
static int export_emit(FILE *out, enum export_format fmt,
		       const struct vocab_entry *v, size_t n,
		       const struct export_json *json,
		       const struct export_options *opt, const char *path,
		       int *werr, char *err, size_t errsize)
{
	static const struct export_options defaults = { 0 };
	struct sink k = { out, 0 };
	*werr = 0;
	if (!opt)
		opt = &defaults;
	switch (fmt) {
	case EXPORT_CSV:
		export_write_csv(&k, v, n,
				 opt->bom == EXPORT_BOM_ALWAYS ||
					 (opt->bom == EXPORT_BOM_AUTO &&
					  export_is_csv_name(path)));
		break;
	case EXPORT_ANKI:
		export_write_anki(&k, v, n, opt->deck);
		break;
	case EXPORT_MD:
		export_write_md(&k, v, n);
		break;
	case EXPORT_JSON: {
		if (!json) {
			snprintf(err, errsize, "the JSON export needs the library");
			return -1;
		}
		char *text = json->entries(json->ctx, v, n, err, errsize);
		if (!text)
			return -1;
		export_json_write(&k, text);
		export_sink_puts(&k, "\n");
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
	if (export_emit(out, fmt, v, n, json, opt, NULL, &werr, err, errsize) ==
	    0)
		return 0;
	if (werr)
		snprintf(err, errsize, "write error: %s", strerror(werr));
	return -1;
}

/* What export_to_file hands path_replace's writer. */
struct export_job {
	enum export_format fmt;
	const struct vocab_entry *v;
	size_t n;
	const struct export_json *json;
	const struct export_options *opt;
	const char *path; /* the file's name, for the BOM choice */
};

static int export_job_write(FILE *f, void *ctx, char *err, size_t errsize)
{
	const struct export_job *j = ctx;
	int werr;
	if (export_emit(f, j->fmt, j->v, j->n, j->json, j->opt, j->path,
			&werr, err, errsize) == 0)
		return 0;
	return werr ? werr : -1;
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
	if (!export_format_valid(fmt)) {
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
		if (export_emit(stdout, fmt, v, n, json, opt, NULL, &werr, err,
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

	struct export_job job = { fmt, v, n, json, opt, path };
	return path_replace(path, export_job_write, &job, err, errsize);
}
