/* dictd: one dictd database read directly from its files, with no dictd
 * server: the index (NAME.index, one "HEADWORD<TAB>OFFSET<TAB>LENGTH" line
 * an entry, OFFSET and LENGTH in dictd's base64 digits) and the data
 * (NAME.dict.dz in dictzip form -- gzip whose header lists the compressed
 * size of every fixed-size chunk, each chunk deflated on its own, so one
 * entry costs one or two chunks to inflate -- or a plain gzip NAME.dict.dz,
 * or an uncompressed NAME.dict).
 *
 * Every file is untrusted: a malformed index line, an offset past the
 * data's end or a chunk that does not inflate is an error naming the file
 * (and the line), never a crash. */
#ifndef BUILDSPEAK_DICTD_H
#define BUILDSPEAK_DICTD_H

#include <stddef.h>

struct dictd;

/* One entry of a database. */
struct dictd_entry {
	char *headword; /* as the index spells it, valid UTF-8, owned */
	char *text;     /* the entry's text, valid UTF-8 (invalid bytes and
			 * NULs become U+FFFD), trailing blank lines removed;
			 * untrusted: may hold tabs and controls, owned */
};

/* Opens the database at path: its base name, or its .index, .dict or
 * .dict.dz file. Reads and checks the whole index and the data file's
 * header. Returns NULL with a message in err (errsize bytes) that names
 * the file and, for the index, the line. */
struct dictd *dictd_open(const char *path, char *err, size_t errsize);
/* Closes d. NULL is a no-op. */
void dictd_close(struct dictd *d);

/* The database's name: the base name of its files ("gcide"). */
const char *dictd_name(const struct dictd *d);

/* Entries whose headword equals word (ASCII letters compared without
 * case, everything else byte for byte), in index order. Sets *out to a new
 * array of n entries (free with dictd_entries_free) and returns n (0 when
 * none), or -1 with a message in err when the data is corrupt. */
long dictd_lookup(struct dictd *d, const char *word, struct dictd_entry **out,
		  char *err, size_t errsize);
void dictd_entries_free(struct dictd_entry *v, size_t n);

#endif
