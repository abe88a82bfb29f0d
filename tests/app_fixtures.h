/* app_fixtures: what the reader's unit tests start from -- the bundled
 * sample as an episode, and the default key bindings. Include after
 * check.h. */
#ifndef BUILDSPEAK_TESTS_APP_FIXTURES_H
#define BUILDSPEAK_TESTS_APP_FIXTURES_H

#include <stdio.h>
#include <stdlib.h>

#include "buildspeak/alloc.h"
#include "buildspeak/config.h"
#include "buildspeak/episode.h"
#include "buildspeak/import.h"

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

#endif
