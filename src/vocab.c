/* vocab: the vocabulary book's model; only its memory is managed here (the
 * book itself lives in store, its exports in export). */
#include "buildspeak/vocab.h"

#include <stdlib.h>
#include <string.h>

void vocab_entry_clear(struct vocab_entry *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->n_contexts; i++) {
		struct vocab_context *c = &e->contexts[i];
		free(c->en);
		free(c->zh);
		free(c->title);
		free(c->podcast);
		free(c->date);
		free(c->source_url);
	}
	free(e->contexts);
	free(e->term);
	free(e->gloss);
	free(e->note);
	/* Zeroed, so clearing twice or reusing the entry is harmless. */
	memset(e, 0, sizeof *e);
}

void vocab_entries_free(struct vocab_entry *v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		vocab_entry_clear(&v[i]);
	free(v);
}
