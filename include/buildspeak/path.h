/* path: file-system paths and the directories that hold them. Base layer:
 * depends on nothing of ours but alloc. */
#ifndef BUILDSPEAK_PATH_H
#define BUILDSPEAK_PATH_H

#include <stddef.h>
#include <sys/types.h>

/* mkdir -p: creates directory dir and any missing parents with mode (new
 * ones only; existing ones are left as they are). Returns 0 when dir is a
 * directory afterwards, else the errno value of the step that failed
 * (ENOTDIR when a component exists but is not a directory); *failed_len,
 * when not NULL, gets the length of the prefix of dir that failed. */
int path_mkdirs(const char *dir, mode_t mode, size_t *failed_len);

struct stat;
/* What kind of file st describes, for a refusal of anything that is not a
 * regular file: "a FIFO", "a character device", "a block device", "a
 * socket", else "not a file". A static string. */
const char *path_kind(const struct stat *st);

#endif
