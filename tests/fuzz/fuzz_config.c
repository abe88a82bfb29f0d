/* fuzz_config: the config language (config_read_string: bind, unbind,
 * set, quotes, comments) on arbitrary text. Every wrong line must leave
 * one error naming it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buildspeak/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* config_read_file refuses a NUL byte before parsing: the parser
	 * sees NUL-terminated text */
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct config c;
	config_init(&c);
	int bad = config_read_string(&c, text, "fuzz");
	if (bad < 0 || (size_t)bad > c.n_errors)
		abort();
	for (size_t i = 0; i < c.n_errors; i++)
		if (strncmp(c.errors[i], "fuzz:", 5) != 0)
			abort();
	config_free(&c);
	free(text);
	return 0;
}
