/* fuzz_json: the JSON episode import (store_episode_from_json, through
 * SQLite's JSON functions) on arbitrary bytes, against one in-memory
 * library. A refusal must say something; an episode must be sorted. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "buildspeak/episode.h"
#include "buildspeak/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store *fuzz_store;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512] = "";
	if (!fuzz_store) {
		fuzz_store = store_open(":memory:", STORE_OPEN_CREATE, NULL,
					 err, sizeof err);
		if (!fuzz_store) {
			fprintf(stderr, "fuzz_json: %s\n", err);
			abort();
		}
	}
	struct episode *ep = NULL;
	if (store_episode_from_json(fuzz_store, (const char *)data, size, &ep,
				    err, sizeof err) != 0) {
		if (!err[0])
			abort();
		return 0;
	}
	for (size_t i = 1; i < ep->n_segments; i++)
		if (ep->segments[i].start < ep->segments[i - 1].start)
			abort();
	episode_free(ep);
	return 0;
}
