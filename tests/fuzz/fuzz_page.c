/* fuzz_page: the page-text importer (import_page) on arbitrary bytes. A
 * refusal must say something and name a line within the input; an
 * episode must come out sorted, as the reader's time lookup needs it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "buildspeak/episode.h"
#include "buildspeak/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct episode *ep = NULL;
	struct import_error err = { -1, "" };
	if (import_page((const char *)data, size, &ep, &err) != 0) {
		size_t lines = 1;
		for (size_t i = 0; i < size; i++)
			lines += data[i] == '\n';
		if (!err.msg[0] || err.line < 0 || (size_t)err.line > lines)
			abort();
		return 0;
	}
	if (!ep->n_segments)
		abort();
	for (size_t i = 1; i < ep->n_segments; i++)
		if (ep->segments[i].start < ep->segments[i - 1].start ||
		    ep->segments[i].end < ep->segments[i].start)
			abort();
	episode_free(ep);
	return 0;
}
