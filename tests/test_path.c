/* Tests of path_mkdirs: nested folders, folders already there, a file in
 * the way, a folder that cannot be written. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buildspeak/alloc.h"
#include "buildspeak/path.h"
#include "check.h"

static bool path_test_is_dir(const char *p, mode_t *mode)
{
	struct stat sb;
	if (stat(p, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return false;
	if (mode)
		*mode = sb.st_mode & 0777;
	return true;
}

int main(void)
{
	char tmp[] = "/tmp/test_path.XXXXXX";
	CHECK(mkdtemp(tmp) != NULL);
	umask(022);

	char *deep = xasprintf("%s/a/b//c/", tmp);
	size_t failed = 99;
	CHECK_INT(path_mkdirs(deep, 0700, &failed), 0);
	CHECK_INT(failed, 99); /* untouched on success */
	char *c = xasprintf("%s/a/b/c", tmp);
	mode_t mode = 0;
	CHECK(path_test_is_dir(c, &mode));
	CHECK_INT(mode, 0700);
	/* already there: fine, and left as it is */
	chmod(c, 0755);
	CHECK_INT(path_mkdirs(c, 0700, NULL), 0);
	CHECK(path_test_is_dir(c, &mode));
	CHECK_INT(mode, 0755);
	CHECK_INT(path_mkdirs("/", 0700, NULL), 0);

	/* a file in the way: ENOTDIR, naming the prefix that is the file */
	char *file = xasprintf("%s/a/file", tmp);
	int fd = open(file, O_CREAT | O_WRONLY, 0600);
	CHECK(fd >= 0);
	close(fd);
	char *under = xasprintf("%s/x/y", file);
	CHECK_INT(path_mkdirs(under, 0700, &failed), ENOTDIR);
	CHECK_INT(failed, strlen(file));
	CHECK_INT(path_mkdirs(file, 0700, &failed), ENOTDIR);
	CHECK_INT(failed, strlen(file));

	/* a folder we may not write into (root may: then nothing to see) */
	char *ro = xasprintf("%s/ro", tmp);
	CHECK_INT(mkdir(ro, 0500), 0);
	char *ro_sub = xasprintf("%s/sub/deeper", ro);
	if (geteuid() != 0) {
		CHECK_INT(path_mkdirs(ro_sub, 0700, &failed), EACCES);
		CHECK_INT(failed, strlen(ro) + strlen("/sub"));
		/* the read-only folder itself is there: that is enough */
		CHECK_INT(path_mkdirs(ro, 0700, NULL), 0);
	}

	char *cmd = xasprintf("chmod -R u+w '%s' && rm -rf '%s'", tmp, tmp);
	CHECK_INT(system(cmd), 0);
	free(cmd);
	free(ro_sub);
	free(ro);
	free(under);
	free(file);
	free(c);
	free(deep);
	return check_result();
}
