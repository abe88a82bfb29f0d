/* path: mkdir -p, written once for the library, the reader's log and any
 * other file we create under a folder that may not exist yet. */
#include "buildspeak/path.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* The directory part of path ("." when it has none), new string. */
static char *path_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* Creates a new hidden file ".BASE" PATH_TEMP_TAG "XXXXXX" in dir for
 * writing, with permissions 0666 less the umask (what a plain new file
 * would get: mkstemp's 0600 would need the umask read back with umask(),
 * which briefly changes it for libmpv's threads too). Returns the
 * descriptor and sets *tmp to the new path (owned), or returns -1 with
 * errno set. */
static int path_open_temp(const char *dir, const char *base, char **tmp)
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
		char *p = xasprintf("%s/.%s" PATH_TEMP_TAG "%s", dir, base,
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

/* Runs write on f and closes f: 0, a positive errno, or -1 (err set). */
static int path_write_close(FILE *f, path_writer_fn *write, void *ctx,
			    bool sync, char *err, size_t errsize)
{
	int rc = write(f, ctx, err, errsize);
	if (rc == 0 && fflush(f) == EOF)
		rc = errno ? errno : EIO;
	if (rc == 0 && sync && fsync(fileno(f)) != 0)
		rc = errno;
	if (fclose(f) == EOF && rc == 0)
		rc = errno ? errno : EIO;
	return rc;
}

int path_replace(const char *path, path_writer_fn *write, void *ctx,
		 char *err, size_t errsize)
{
	struct stat sb;
	bool exists = stat(path, &sb) == 0;
	if (exists && S_ISDIR(sb.st_mode)) {
		snprintf(err, errsize, "cannot write %s: it is a directory",
			 path);
		return -1;
	}
	int rc;
	if (exists && !S_ISREG(sb.st_mode)) {
		FILE *f = fopen(path, "w");
		rc = f ? path_write_close(f, write, ctx, false, err, errsize)
		       : errno;
		if (rc > 0)
			snprintf(err, errsize, "cannot write %s: %s", path,
				 strerror(rc));
		return rc ? -1 : 0;
	}

	/* Replace the file a symbolic link points to, not the link. */
	char *target = exists ? realpath(path, NULL) : NULL;
	if (!target)
		target = xstrdup(path);
	char *dir = path_dir_of(target);
	const char *base = strrchr(target, '/') ? strrchr(target, '/') + 1
						: target;
	char *tmp = NULL;
	int fd = path_open_temp(dir, base, &tmp);
	if (fd < 0) {
		snprintf(err, errsize, "cannot write %s: cannot create a file "
			 "in %s: %s", path, dir, strerror(errno));
		free(dir);
		free(target);
		return -1;
	}
	FILE *f = NULL;
	/* A file being replaced keeps its permissions. */
	if (exists && fchmod(fd, sb.st_mode & 07777) != 0)
		rc = errno;
	else if (!(f = fdopen(fd, "w")))
		rc = errno;
	else
		rc = path_write_close(f, write, ctx, true, err, errsize);
	if (!f)
		close(fd);
	if (rc == 0 && rename(tmp, target) != 0)
		rc = errno;
	if (rc == 0) {
		/* Make the rename itself durable; the file is complete
		 * either way, so a folder that cannot be synced is no
		 * error. */
		int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	} else {
		unlink(tmp);
		if (rc > 0)
			snprintf(err, errsize, "cannot write %s: %s", path,
				 strerror(rc));
	}
	free(tmp);
	free(dir);
	free(target);
	return rc ? -1 : 0;
}
