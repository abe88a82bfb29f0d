/* lookup: what a word or phrase means to a learner of this library -- the
 * glosses the library's own episodes gave it, then the dictionaries' senses.
 * The one look-up that `buildspeak define` and the reader both use.
 *
 * A word is looked up with its lemmas ("models" also as "model", through
 * WordNet's morphology) and, when it has a hyphen or a space, in the other
 * spelling too ("post-training" and "post training"). A phrase that finds
 * nothing whole is looked up by its head word, its last ("world models" ->
 * "models"), separately for the glossary and for the dictionaries. */
#ifndef BUILDSPEAK_LOOKUP_H
#define BUILDSPEAK_LOOKUP_H

#include <stddef.h>

#include "buildspeak/dict.h"
#include "buildspeak/store.h"

struct lookup {
	char *word;        /* as asked, blanks trimmed and single, owned */
	char *glossary_of; /* what the glosses are of: word, or its head
			    * word; owned */
	struct store_gloss *glosses; /* the library's, owned */
	size_t n_glosses;
	char *senses_of;   /* what the senses are of: word or its head */
	struct dict_result dict; /* the dictionaries' senses and problems */
};

/* Looks word up in the library st (NULL: no glossary) and in the
 * dictionaries d, filling *out (free with lookup_free, also after a
 * failure). Returns 0, or -1 when the library failed (store_error(st)). */
int lookup_word(struct store *st, struct dict *d, const char *word,
		struct lookup *out);
void lookup_free(struct lookup *l);

/* The spellings under which word is looked up in the library's glossary:
 * the word itself first, then its other spelling (hyphen/space), then the
 * word with its (head) word replaced by each lemma. New array of new
 * strings owned by the caller; returns the count (>= 1 unless word is
 * blank). */
size_t lookup_keys(struct dict *d, const char *word, char ***out);

/* The head word of a phrase: its last word, or the part after its last
 * hyphen ("world models" -> "models", "post-training" -> "training").
 * New string, or NULL when word is a single unhyphenated word. */
char *lookup_head(const char *word);

/* How an episode is named beside a gloss: "Ep 87" for a title that starts
 * so ("Ep 87: ..."), else "episode ID". New string. */
char *lookup_episode_label(const struct store_gloss_episode *e);

/* One line for a gloss: "world models → 世界模型 · Ep 87 ×4, Ep 12 ×1"
 * naming at most max_episodes episodes ("+N more"). Raw (untrusted) text:
 * sanitise to show. New string. */
char *lookup_gloss_line(const struct store_gloss *g, size_t max_episodes);

#endif
