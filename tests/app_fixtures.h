/* app_fixtures: what the reader's unit tests start from -- the bundled
 * sample as an episode, the default key bindings, and a library of their
 * own in a temporary folder. Include after check.h. */
#ifndef BUILDSPEAK_TESTS_APP_FIXTURES_H
#define BUILDSPEAK_TESTS_APP_FIXTURES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buildspeak/alloc.h"
#include "buildspeak/config.h"
#include "buildspeak/episode.h"
#include "buildspeak/import.h"
#include "buildspeak/store.h"

/* The sample page (BUILDSPEAK_SAMPLE, else data/sample.page.txt), read
 * as the importer reads it; exits when it cannot be. */
static inline struct episode *sample(void)
{
	const char *path = getenv("BUILDSPEAK_SAMPLE");
	FILE *f = fopen(path ? path : "data/sample.page.txt", "rb");
	if (!f) {
		fprintf(stderr, "cannot read the sample\n");
		exit(1);
	}
	char *buf = NULL;
	size_t len = 0, cap = 0, got;
	do {
		if (len + 65536 > cap)
			buf = xrealloc(buf, cap = 2 * cap + 65536);
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	fclose(f);
	struct episode *ep = NULL;
	struct import_error err;
	if (import_page(buf, len, &ep, &err) != 0) {
		fprintf(stderr, "sample: line %d: %s\n", err.line, err.msg);
		exit(1);
	}
	free(buf);
	return ep;
}

/* The defaults file (data/keys.conf under BUILDSPEAK_SRCDIR), as the
 * reader loads it. */
static inline void load_defaults(struct config *cfg)
{
	config_init(cfg);
	const char *src = getenv("BUILDSPEAK_SRCDIR");
	char *path = xasprintf("%s/data/keys.conf", src ? src : ".");
	CHECK_INT(config_read_file(cfg, path, true), 0);
	for (size_t i = 0; i < cfg->n_errors; i++)
		fprintf(stderr, "  %s\n", cfg->errors[i]);
	free(path);
}

/* A new library in a new temporary folder, its file's path in *path
 * (owned); NULL, having said why, when there cannot be one. */
static inline struct store *library_new(char **path)
{
	char dir[] = "/tmp/buildspeak-test.XXXXXX";
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return NULL;
	}
	*path = xasprintf("%s/lib.db", dir);
	char err[256];
	struct store *st = store_open(*path, STORE_OPEN_CREATE, NULL, err,
				      sizeof err);
	if (!st) {
		fprintf(stderr, "%s\n", err);
		rmdir(dir);
		free(*path);
	}
	return st;
}

/* Closes what library_new gave, removes its files and folder, and frees
 * path. */
static inline void library_remove(struct store *st, char *path)
{
	store_close(st);
	static const char *const ext[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
		char *f = xasprintf("%s%s", path, ext[i]);
		unlink(f);
		free(f);
	}
	*strrchr(path, '/') = '\0';
	rmdir(path);
	free(path);
}

#endif
