/* export_int.h: what the parts of the export module share -- the sink
 * that remembers the first failed write, a growable buffer, the helpers
 * every text format uses and the writers export.c dispatches to. Private
 * to src/export*.c. */
#ifndef BUILDSPEAK_EXPORT_INT_H
#define BUILDSPEAK_EXPORT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "buildspeak/export.h"

struct matcher;
struct vocab_context;
struct vocab_entry;

/* Where a writer's bytes go. */
struct sink {
	FILE *f;
	int err; /* errno of the first failed write; 0 while all went well */
};

/* A growable byte string for building one field or line. */
struct buf {
	char *s; /* NUL-terminated once anything was added; owned */
	size_t len; /* bytes, without the NUL */
	size_t cap; /* bytes allocated */
};

/* export.c: output and the helpers the formats share */
void export_sink_write(struct sink *k, const char *s, size_t len);
void export_sink_puts(struct sink *k, const char *s);
void export_buf_add(struct buf *b, const char *s, size_t len);
void export_buf_puts(struct buf *b, const char *s);
void export_buf_putc(struct buf *b, char c);
void export_buf_reset(struct buf *b);
const char *export_buf_str(const struct buf *b);
void export_format_clock(double at, bool hours, char out[32]);
void export_format_local_time(time_t t, char out[40]);
const char *export_str(const char *s);
bool export_is_ascii_alnum(unsigned char c);
size_t export_unsafe_len(const char *s, size_t len);
void export_add_emphasised(struct buf *b, const char *s,
			   const struct matcher *term,
			   void (*escape)(struct buf *, const char *, size_t),
			   const char *open, const char *close);
struct matcher *export_term_matcher(const char *term);
bool export_is_web_url(const char *url);
const struct vocab_context *export_first_context(const struct vocab_entry *e);

/* export_text.c: the writers of the text formats (see export.h) */
void export_write_csv(struct sink *k, const struct vocab_entry *v, size_t n,
		      bool bom);
void export_write_anki(struct sink *k, const struct vocab_entry *v, size_t n,
		       const char *deck);
void export_write_md(struct sink *k, const struct vocab_entry *v, size_t n);

#endif
