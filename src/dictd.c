/* dictd: a dictd database (.index + .dict.dz dictzip, or .dict) read
 * directly with zlib. */
#include "buildspeak/dictd.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "buildspeak/alloc.h"
#include "buildspeak/text.h"

/* Limits that keep a hostile file from taking the machine: Debian's
 * largest database (gcide) has a 4 MB index and 60 MB of text. */
#define DICTD_MAX_INDEX (256u << 20)   /* bytes of index file */
#define DICTD_MAX_ENTRY (16u << 20)    /* bytes of one entry's text */
#define DICTD_MAX_GZIP (512u << 20)    /* bytes of a plain gzip's text */
#define DICTD_MAX_HEADER (1u << 20)    /* bytes of a gzip header */
#define DICTD_NONE UINT32_MAX

/* One index line. */
struct dictd_word {
	uint64_t off, len;  /* the entry's bytes in the uncompressed data */
	uint32_t word_off;  /* headword: index bytes [word_off, +word_len) */
	uint32_t word_len;
	uint32_t next;      /* next line with the same folded headword */
};

enum dictd_kind {
	DICTD_PLAIN,   /* .dict: read as is */
	DICTD_DICTZIP, /* .dict.dz with a chunk table: inflate chunks */
	DICTD_GZIP,    /* .dict.dz without one: inflated whole, once */
};

struct dictd {
	char *name;        /* base name, owned */
	char *index_path;  /* owned */
	char *data_path;   /* owned */
	char *index;       /* the index file's bytes, owned */
	struct dictd_word *words;
	size_t n_words;
	uint32_t *slots;   /* hash of folded headwords: first line + 1, 0 empty */
	size_t n_slots;    /* a power of two */
	int fd;            /* the data file */
	enum dictd_kind kind;
	uint64_t size;     /* bytes of uncompressed data */
	/* dictzip */
	uint32_t chunk_len;   /* uncompressed bytes a chunk (the last: fewer) */
	uint64_t *chunk_off;  /* file offsets of the chunks, n_chunks + 1 */
	size_t n_chunks;
	unsigned char *zbuf;  /* one compressed chunk (at most 64 KiB) */
	unsigned char *chunk; /* the inflated chunk cached_chunk */
	size_t cached_chunk;  /* SIZE_MAX: none */
	z_stream z;
	bool z_ready;         /* z was initialised */
	/* plain gzip */
	unsigned char *data;  /* the whole text, inflated at the first read */
};

/* Decodes dictd's base64 number s[0..len) (most significant digit first);
 * false when it is empty, too long or not base64. */
static bool dictd_number(const char *s, size_t len, uint64_t *out)
{
	if (len == 0 || len > 10)
		return false;
	uint64_t v = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned d;
		if (c >= 'A' && c <= 'Z')
			d = c - 'A';
		else if (c >= 'a' && c <= 'z')
			d = c - 'a' + 26;
		else if (c >= '0' && c <= '9')
			d = c - '0' + 52;
		else if (c == '+' || c == '/')
			d = c == '+' ? 62 : 63;
		else
			return false;
		v = v * 64 + d;
	}
	*out = v;
	return true;
}

static uint64_t dictd_hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		h = (h ^ c) * 1099511628211u;
	}
	return h;
}

static bool dictd_same(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen != blen)
		return false;
	for (size_t i = 0; i < alen; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return false;
	}
	return true;
}

/* Reads the regular file at path whole (at most max bytes) into a new
 * NUL-terminated buffer. */
static int dictd_slurp(const char *path, size_t max, char **out, size_t *len,
		       char *err, size_t errsize)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return -1;
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errsize, "%s: not a regular file", path);
		close(fd);
		return -1;
	}
	if ((uint64_t)sb.st_size > max) {
		snprintf(err, errsize, "%s: larger than %zu MB; not a dictd "
			 "index", path, max >> 20);
		close(fd);
		return -1;
	}
	size_t size = (size_t)sb.st_size, got = 0;
	char *buf = xmalloc(size + 1);
	while (got < size) {
		ssize_t r = read(fd, buf + got, size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			snprintf(err, errsize, "%s: %s", path,
				 r < 0 ? strerror(errno) : "shrank while read");
			free(buf);
			close(fd);
			return -1;
		}
		got += (size_t)r;
	}
	close(fd);
	buf[size] = '\0';
	*out = buf;
	*len = size;
	return 0;
}

/* Reads exactly len bytes at off of the data file. */
static int dictd_pread(struct dictd *d, void *buf, size_t len, uint64_t off,
		       char *err, size_t errsize)
{
	size_t got = 0;
	while (got < len) {
		ssize_t r = pread(d->fd, (char *)buf + got, len - got,
				  (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			snprintf(err, errsize, "%s: %s", d->data_path,
				 r < 0 ? strerror(errno)
				       : "ends before its header says");
			return -1;
		}
		got += (size_t)r;
	}
	return 0;
}

/* Parses the index text into d->words and the hash. */
static int dictd_parse_index(struct dictd *d, size_t len, char *err,
			     size_t errsize)
{
	size_t cap = 0;
	const char *p = d->index, *end = d->index + len;
	for (size_t lineno = 1; p < end; lineno++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		const char *line = p;
		p = nl ? nl + 1 : end;
		if (eol > line && eol[-1] == '\r')
			eol--;
		/* HEADWORD TAB OFFSET TAB LENGTH [TAB ORIGINAL-HEADWORD]:
		 * dictfmt's --index-keep-orig adds the fourth field. */
		const char *f[4], *fe[4];
		int n = 0;
		const char *s = line;
		while (n < 4) {
			const char *t = memchr(s, '\t', (size_t)(eol - s));
			f[n] = s;
			fe[n] = t ? t : eol;
			n++;
			if (!t)
				break;
			s = t + 1;
		}
		uint64_t off, elen;
		if (eol == line) {
			snprintf(err, errsize, "%s:%zu: empty line", d->index_path,
				 lineno);
			return -1;
		}
		if (n < 3 || memchr(f[n - 1], '\t', (size_t)(eol - f[n - 1]))) {
			snprintf(err, errsize, "%s:%zu: want HEADWORD, tab, "
				 "OFFSET, tab, LENGTH; not a dictd index",
				 d->index_path, lineno);
			return -1;
		}
		if (fe[0] == f[0] || memchr(f[0], '\0', (size_t)(fe[0] - f[0]))) {
			snprintf(err, errsize, "%s:%zu: empty or binary "
				 "headword", d->index_path, lineno);
			return -1;
		}
		if (!dictd_number(f[1], (size_t)(fe[1] - f[1]), &off) ||
		    !dictd_number(f[2], (size_t)(fe[2] - f[2]), &elen)) {
			snprintf(err, errsize, "%s:%zu: the offset and length "
				 "must be dictd base64 numbers", d->index_path,
				 lineno);
			return -1;
		}
		if (elen > DICTD_MAX_ENTRY) {
			snprintf(err, errsize, "%s:%zu: an entry of %llu bytes "
				 "(at most %u)", d->index_path, lineno,
				 (unsigned long long)elen, DICTD_MAX_ENTRY);
			return -1;
		}
		/* The headword shown is the original one when kept. */
		int w = n == 4 && fe[3] > f[3] ? 3 : 0;
		d->words = xgrowarray(d->words, &cap, d->n_words + 1,
			sizeof *d->words);
		d->words[d->n_words++] = (struct dictd_word){
			.off = off,
			.len = elen,
			.word_off = (uint32_t)(f[w] - d->index),
			.word_len = (uint32_t)(fe[w] - f[w]),
			.next = DICTD_NONE,
		};
	}
	/* Open addressing at most half full; duplicates chain in file
	 * order from the slot's first line. */
	d->n_slots = 16;
	while (d->n_slots < d->n_words * 2)
		d->n_slots *= 2;
	d->slots = xcalloc(d->n_slots, sizeof *d->slots);
	uint32_t *last = xmalloc((d->n_words ? d->n_words : 1) * sizeof *last);
	for (size_t i = 0; i < d->n_words; i++) {
		struct dictd_word *e = &d->words[i];
		const char *wd = d->index + e->word_off;
		size_t h = (size_t)dictd_hash(wd, e->word_len) & (d->n_slots - 1);
		for (;;) {
			uint32_t s = d->slots[h];
			if (s == 0) {
				d->slots[h] = (uint32_t)i + 1;
				last[i] = (uint32_t)i;
				break;
			}
			struct dictd_word *f0 = &d->words[s - 1];
			if (dictd_same(d->index + f0->word_off, f0->word_len,
				       wd, e->word_len)) {
				d->words[last[s - 1]].next = (uint32_t)i;
				last[s - 1] = (uint32_t)i;
				break;
			}
			h = (h + 1) & (d->n_slots - 1);
		}
	}
	free(last);
	return 0;
}

static uint16_t dictd_le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* Reads the gzip header of a .dict.dz: with dictzip's "RA" extra field
 * (the chunk table) it is a dictzip, else a plain gzip. */
static int dictd_parse_gzip(struct dictd *d, uint64_t file_size, char *err,
			    size_t errsize)
{
	size_t hlen = file_size < DICTD_MAX_HEADER ? (size_t)file_size
						    : DICTD_MAX_HEADER;
	unsigned char *h = xmalloc(hlen ? hlen : 1);
	int rc = -1;
	if (dictd_pread(d, h, hlen, 0, err, errsize) != 0)
		goto out;
	if (hlen < 18 || h[0] != 0x1f || h[1] != 0x8b || h[2] != 8) {
		snprintf(err, errsize, "%s: not a gzip (dictzip) file",
			 d->data_path);
		goto out;
	}
	unsigned flags = h[3];
	size_t pos = 10;
	const unsigned char *ra = NULL;
	size_t ra_len = 0;
	if (flags & 4) { /* FEXTRA: subfields SI1 SI2 LEN(2) DATA */
		size_t xlen = dictd_le16(h + 10);
		pos = 12;
		if (pos + xlen > hlen)
			goto truncated;
		size_t x = pos, xend = pos + xlen;
		while (x + 4 <= xend) {
			size_t sl = dictd_le16(h + x + 2);
			if (x + 4 + sl > xend)
				goto truncated;
			if (h[x] == 'R' && h[x + 1] == 'A') {
				ra = h + x + 4;
				ra_len = sl;
			}
			x += 4 + sl;
		}
		pos = xend;
	}
	for (unsigned bit = 8; bit <= 16; bit <<= 1) { /* FNAME, FCOMMENT */
		if (!(flags & bit))
			continue;
		const unsigned char *z = memchr(h + pos, 0, hlen - pos);
		if (!z)
			goto truncated;
		pos = (size_t)(z - h) + 1;
	}
	if (flags & 2) /* FHCRC */
		pos += 2;
	if (pos + 8 > file_size)
		goto truncated;
	if (!ra) {
		d->kind = DICTD_GZIP;
		rc = 0;
		goto out;
	}
	/* RA: VER(2) CHLEN(2) CHCNT(2), then CHCNT compressed sizes. */
	if (ra_len < 6 || dictd_le16(ra) != 1 ||
	    ra_len != 6 + 2 * (size_t)dictd_le16(ra + 4) ||
	    dictd_le16(ra + 2) == 0 || dictd_le16(ra + 4) == 0) {
		snprintf(err, errsize, "%s: a dictzip chunk table this reader "
			 "does not know (version, sizes or count)",
			 d->data_path);
		goto out;
	}
	d->kind = DICTD_DICTZIP;
	d->chunk_len = dictd_le16(ra + 2);
	d->n_chunks = dictd_le16(ra + 4);
	d->chunk_off = xmalloc((d->n_chunks + 1) * sizeof *d->chunk_off);
	d->chunk_off[0] = pos;
	for (size_t i = 0; i < d->n_chunks; i++)
		d->chunk_off[i + 1] = d->chunk_off[i] + dictd_le16(ra + 6 + 2 * i);
	if (d->chunk_off[d->n_chunks] + 8 > file_size) {
		snprintf(err, errsize, "%s: its chunks run past the end of "
			 "the file (truncated?)", d->data_path);
		goto out;
	}
	/* ISIZE, the gzip trailer's length, is modulo 2^32: the real size
	 * is the one that puts the last chunk's length in (0, chunk_len]. */
	unsigned char t[4];
	if (dictd_pread(d, t, 4, file_size - 4, err, errsize) != 0)
		goto out;
	uint64_t isize = (uint64_t)t[0] | (uint64_t)t[1] << 8 |
			 (uint64_t)t[2] << 16 | (uint64_t)t[3] << 24;
	uint64_t lo = (uint64_t)(d->n_chunks - 1) * d->chunk_len;
	uint64_t hi = lo + d->chunk_len;
	uint64_t size = isize;
	while (size <= lo)
		size += (uint64_t)1 << 32;
	if (size > hi) {
		snprintf(err, errsize, "%s: its length (%llu bytes) does not "
			 "fit its %zu chunks of %u bytes", d->data_path,
			 (unsigned long long)isize, d->n_chunks, d->chunk_len);
		goto out;
	}
	d->size = size;
	d->zbuf = xmalloc(65536);
	d->chunk = xmalloc(d->chunk_len);
	d->cached_chunk = SIZE_MAX;
	if (inflateInit2(&d->z, -MAX_WBITS) != Z_OK) {
		snprintf(err, errsize, "%s: zlib cannot start", d->data_path);
		goto out;
	}
	d->z_ready = true;
	rc = 0;
	goto out;
truncated:
	snprintf(err, errsize, "%s: its gzip header is cut off", d->data_path);
out:
	free(h);
	return rc;
}

/* Inflates a whole plain gzip data file into d->data. */
static int dictd_inflate_all(struct dictd *d, char *err, size_t errsize)
{
	struct stat sb;
	if (fstat(d->fd, &sb) != 0) {
		snprintf(err, errsize, "%s: %s", d->data_path, strerror(errno));
		return -1;
	}
	size_t in_len = (size_t)sb.st_size;
	unsigned char *in = xmalloc(in_len ? in_len : 1);
	if (dictd_pread(d, in, in_len, 0, err, errsize) != 0) {
		free(in);
		return -1;
	}
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		free(in);
		snprintf(err, errsize, "%s: zlib cannot start", d->data_path);
		return -1;
	}
	size_t cap = in_len * 4 + 4096, len = 0;
	unsigned char *out = xmalloc(cap);
	z.next_in = in;
	z.avail_in = (uInt)(in_len > UINT_MAX ? UINT_MAX : in_len);
	int zr;
	do {
		if (len == cap) {
			if (cap >= DICTD_MAX_GZIP) {
				zr = Z_MEM_ERROR;
				break;
			}
			cap *= 2;
			out = xrealloc(out, cap);
		}
		z.next_out = out + len;
		z.avail_out = (uInt)(cap - len > UINT_MAX ? UINT_MAX
							   : cap - len);
		uInt before = z.avail_out;
		zr = inflate(&z, Z_NO_FLUSH);
		len += before - z.avail_out;
	} while (zr == Z_OK);
	const char *why = zr == Z_MEM_ERROR ? "too large" : z.msg;
	inflateEnd(&z);
	free(in);
	if (zr != Z_STREAM_END) {
		snprintf(err, errsize, "%s: does not inflate (%s)", d->data_path,
			 why ? why : "cut off");
		free(out);
		return -1;
	}
	d->data = out;
	d->size = len;
	return 0;
}

/* Inflates chunk i of a dictzip into d->chunk (kept for the next read). */
static int dictd_load_chunk(struct dictd *d, size_t i, char *err,
			    size_t errsize)
{
	if (d->cached_chunk == i)
		return 0;
	d->cached_chunk = SIZE_MAX;
	size_t clen = (size_t)(d->chunk_off[i + 1] - d->chunk_off[i]);
	size_t want = i + 1 < d->n_chunks
			      ? d->chunk_len
			      : (size_t)(d->size - (uint64_t)i * d->chunk_len);
	if (dictd_pread(d, d->zbuf, clen, d->chunk_off[i], err, errsize) != 0)
		return -1;
	/* dictzip ends each chunk with a full flush, so every chunk starts
	 * a fresh raw deflate stream. */
	inflateReset(&d->z);
	d->z.next_in = d->zbuf;
	d->z.avail_in = (uInt)clen;
	d->z.next_out = d->chunk;
	d->z.avail_out = (uInt)want;
	int zr = inflate(&d->z, Z_SYNC_FLUSH);
	size_t got = want - d->z.avail_out;
	if ((zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR) ||
	    got != want) {
		snprintf(err, errsize, "%s: chunk %zu of %zu does not inflate "
			 "(%s)", d->data_path, i + 1, d->n_chunks,
			 d->z.msg ? d->z.msg : "too short");
		return -1;
	}
	d->cached_chunk = i;
	return 0;
}

/* Reads bytes [off, off + len) of the uncompressed data into buf. */
static int dictd_read(struct dictd *d, unsigned char *buf, uint64_t off,
		      size_t len, char *err, size_t errsize)
{
	if (d->kind == DICTD_PLAIN)
		return dictd_pread(d, buf, len, off, err, errsize);
	if (d->kind == DICTD_GZIP) {
		memcpy(buf, d->data + off, len);
		return 0;
	}
	while (len > 0) {
		size_t i = (size_t)(off / d->chunk_len);
		size_t in = (size_t)(off % d->chunk_len);
		if (dictd_load_chunk(d, i, err, errsize) != 0)
			return -1;
		size_t take = d->chunk_len - in;
		if (take > len)
			take = len;
		memcpy(buf, d->chunk + in, take);
		buf += take;
		off += take;
		len -= take;
	}
	return 0;
}

static bool dictd_has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n > m && strcmp(s + n - m, suffix) == 0;
}

struct dictd *dictd_open(const char *path, char *err, size_t errsize)
{
	char *base = xstrdup(path);
	const char *suffixes[] = {".index", ".dict.dz", ".dict"};
	for (size_t i = 0; i < 3; i++) {
		if (dictd_has_suffix(base, suffixes[i])) {
			base[strlen(base) - strlen(suffixes[i])] = '\0';
			break;
		}
	}
	struct dictd *d = xcalloc(1, sizeof *d);
	d->fd = -1;
	const char *slash = strrchr(base, '/');
	d->name = xstrdup(slash ? slash + 1 : base);
	d->index_path = xasprintf("%s.index", base);
	d->data_path = xasprintf("%s.dict.dz", base);
	d->kind = DICTD_DICTZIP;
	if (access(d->data_path, F_OK) != 0) {
		free(d->data_path);
		d->data_path = xasprintf("%s.dict", base);
		d->kind = DICTD_PLAIN;
	}
	free(base);

	size_t len;
	if (dictd_slurp(d->index_path, DICTD_MAX_INDEX, &d->index, &len, err,
			errsize) != 0 ||
	    dictd_parse_index(d, len, err, errsize) != 0)
		goto fail;
	d->fd = open(d->data_path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	if (d->fd < 0) {
		snprintf(err, errsize, "%s: %s (a dictd database needs its "
			 ".dict.dz or .dict beside its .index)",
			 d->data_path, strerror(errno));
		goto fail;
	}
	if (fstat(d->fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errsize, "%s: not a regular file", d->data_path);
		goto fail;
	}
	if (d->kind == DICTD_PLAIN)
		d->size = (uint64_t)sb.st_size;
	else if (dictd_parse_gzip(d, (uint64_t)sb.st_size, err, errsize) != 0)
		goto fail;
	return d;
fail:
	dictd_close(d);
	return NULL;
}

void dictd_close(struct dictd *d)
{
	if (!d)
		return;
	if (d->fd >= 0)
		close(d->fd);
	if (d->z_ready)
		inflateEnd(&d->z);
	free(d->name);
	free(d->index_path);
	free(d->data_path);
	free(d->index);
	free(d->words);
	free(d->slots);
	free(d->chunk_off);
	free(d->zbuf);
	free(d->chunk);
	free(d->data);
	free(d);
}

const char *dictd_name(const struct dictd *d)
{
	return d->name;
}

/* A new valid UTF-8 copy of s[0..len): invalid bytes and NULs become
 * U+FFFD, trailing white space goes. */
static char *dictd_utf8(const char *s, size_t len)
{
	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == ' ' ||
			   s[len - 1] == '\t' || s[len - 1] == '\r'))
		len--;
	size_t bad;
	if (text_valid(s, len, &bad))
		return xstrndup(s, len);
	char *out = xmalloc(len * 3 + 1), *o = out;
	size_t i = 0;
	while (i < len) {
		uint32_t uc;
		int n = text_next(s + i, len - i, &uc);
		if (uc == 0xfffd || uc == 0) {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
		} else {
			memcpy(o, s + i, (size_t)n);
			o += n;
		}
		i += (size_t)n;
	}
	*o = '\0';
	return out;
}

long dictd_lookup(struct dictd *d, const char *word, struct dictd_entry **out,
		  char *err, size_t errsize)
{
	*out = NULL;
	size_t wlen = strlen(word);
	if (wlen == 0 || d->n_words == 0)
		return 0;
	size_t h = (size_t)dictd_hash(word, wlen) & (d->n_slots - 1);
	uint32_t first = DICTD_NONE;
	for (; d->slots[h]; h = (h + 1) & (d->n_slots - 1)) {
		struct dictd_word *e = &d->words[d->slots[h] - 1];
		if (dictd_same(d->index + e->word_off, e->word_len, word,
			       wlen)) {
			first = d->slots[h] - 1;
			break;
		}
	}
	if (first == DICTD_NONE)
		return 0;
	if (d->kind == DICTD_GZIP && !d->data &&
	    dictd_inflate_all(d, err, errsize) != 0)
		return -1;
	struct dictd_entry *v = NULL;
	size_t n = 0, cap = 0;
	unsigned char *buf = NULL;
	for (uint32_t i = first; i != DICTD_NONE; i = d->words[i].next) {
		const struct dictd_word *e = &d->words[i];
		const char *hw = d->index + e->word_off;
		if (e->off > d->size || e->len > d->size - e->off) {
			snprintf(err, errsize, "%s: the entry \"%.*s\" lies past "
				 "the end of %s (%llu + %llu > %llu bytes)",
				 d->index_path, (int)(e->word_len > 60
							      ? 60
							      : e->word_len),
				 hw, d->data_path,
				 (unsigned long long)e->off,
				 (unsigned long long)e->len,
				 (unsigned long long)d->size);
			goto fail;
		}
		buf = xrealloc(buf, e->len ? (size_t)e->len : 1);
		if (dictd_read(d, buf, e->off, (size_t)e->len, err, errsize) !=
		    0)
			goto fail;
		v = xgrowarray(v, &cap, n + 1, sizeof *v);
		v[n].headword = dictd_utf8(hw, e->word_len);
		v[n].text = dictd_utf8((const char *)buf, (size_t)e->len);
		n++;
	}
	free(buf);
	*out = v;
	return (long)n;
fail:
	free(buf);
	dictd_entries_free(v, n);
	return -1;
}

void dictd_entries_free(struct dictd_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].headword);
		free(v[i].text);
	}
	free(v);
}
