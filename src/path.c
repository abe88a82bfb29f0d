/* path: mkdir -p, written once for the library, the reader's log and any
 * other file we create under a folder that may not exist yet. */
#include "buildspeak/path.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buildspeak/alloc.h"

int path_mkdirs(const char *dir, mode_t mode, size_t *failed_len)
{
	char *p = xstrdup(dir);
	size_t len = strlen(p);
	int e = 0;

	for (size_t i = 1; i <= len && !e; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		if (p[i - 1] == '/')
			continue; /* "a//b" or a trailing slash */
		char c = p[i];
		p[i] = '\0';
		struct stat sb;
		if (mkdir(p, mode) != 0) {
			e = errno;
			/* An existing directory may answer EACCES (or EROFS)
			 * rather than EEXIST when its parent is not
			 * writable: what counts is that it is there. */
			if (stat(p, &sb) == 0)
				e = S_ISDIR(sb.st_mode) ? 0 : ENOTDIR;
			if (e && failed_len)
				*failed_len = i;
		}
		p[i] = c;
	}
	free(p);
	return e;
}

const char *path_kind(const struct stat *st)
{
	if (S_ISFIFO(st->st_mode))
		return "a FIFO";
	if (S_ISCHR(st->st_mode))
		return "a character device";
	if (S_ISBLK(st->st_mode))
		return "a block device";
	if (S_ISSOCK(st->st_mode))
		return "a socket";
	return "not a file";
}
