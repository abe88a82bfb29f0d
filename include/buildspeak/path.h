/* path: file-system paths and the directories that hold them. Base layer:
 * depends on nothing of ours but alloc. */
#ifndef BUILDSPEAK_PATH_H
#define BUILDSPEAK_PATH_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* mkdir -p: creates directory dir and any missing parents with mode (new
 * ones only; existing ones are left as they are). Returns 0 when dir is a
 * directory afterwards, else the errno value of the step that failed
 * (ENOTDIR when a component exists but is not a directory); *failed_len,
 * when not NULL, gets the length of the prefix of dir that failed. */
int path_mkdirs(const char *dir, mode_t mode, size_t *failed_len);

/* What names path_replace's temporary files: ".NAME" PATH_TEMP_TAG
 * "XXXXXX" beside NAME, so that leftovers of a killed write are known as
 * ours (and removed by library_export_file). */
#define PATH_TEMP_TAG ".buildspeak-tmp."

/* Writes a file's whole content to f. Returns 0; a positive errno when a
 * write failed; or -1 with a message in err. */
typedef int path_writer_fn(FILE *f, void *ctx, char *err, size_t errsize);

/* Replaces the file at path with what write writes, all or nothing: into
 * a new temporary file beside it (named with PATH_TEMP_TAG, mode 0666 less
 * the umask, or the replaced file's mode), flushed and fsync'ed, then
 * renamed over path; the target of a symbolic link is replaced, not the
 * link. Something that is not a regular file (a device, a pipe) is
 * written to directly, as it cannot be renamed over. Returns 0, or -1 with
 * a message in err: path is a directory, the folder cannot take a new
 * file, a write failed (the temporary file is removed, path untouched). */
int path_replace(const char *path, path_writer_fn *write, void *ctx,
		 char *err, size_t errsize);

struct stat;
/* What kind of file st describes, for a refusal of anything that is not a
 * regular file: "a FIFO", "a character device", "a block device", "a
 * socket", else "not a file". A static string. */
const char *path_kind(const struct stat *st);

#endif
