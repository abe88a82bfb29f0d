/* dict: English dictionaries on this machine, behind one small interface:
 * a word in, its senses out. The sources, in the order their senses come:
 *
 *   1. WordNet, through its C library (Debian's wordnet-dev to build; its
 *      data, wordnet-base, at run time), with its morphology: "models"
 *      gives the senses of "model", "training" those of the noun
 *      "training" and the verb "train";
 *   2. the dictd databases named by the config's `dict FILE` lines, in
 *      their order;
 *   3. the dictd databases installed in /usr/share/dictd (dict-foldoc,
 *      dict-gcide, ...; $BUILDSPEAK_DICTD_DIR replaces the directory).
 *
 * Nothing is fetched from the network. A source that cannot be used (no
 * WordNet data, a corrupt dictd file) gives no senses and a problem that
 * says why; the other sources still answer.
 *
 * WordNet's library keeps its open files and results in process-wide
 * globals and reports errors through a global hook: this module is the
 * only caller, captures those messages (nothing reaches stderr, which the
 * reader's screen owns) and never passes it a string it could overflow
 * (at most 80 bytes of ASCII letters, digits and . ' - /). The library
 * exits the process on a part of speech its data files should never hold
 * (getpos): those files are Debian's, not user input. Use it from one
 * thread. */
#ifndef BUILDSPEAK_DICT_H
#define BUILDSPEAK_DICT_H

#include <stddef.h>

struct dict;

/* One meaning of a word in one source. */
struct dict_sense {
	char *source; /* "WordNet" or the dictd database's name, owned */
	char *lemma;  /* the headword it is a sense of ("model"), owned */
	char *pos;    /* "n.", "v.", "adj.", "adv."; "" when the source
		       * does not say, owned */
	char *text;   /* the definition, valid UTF-8 but untrusted (tabs,
		       * newlines, controls): sanitise to show, owned */
};

/* The answer for one word. */
struct dict_result {
	struct dict_sense *senses; /* WordNet's first, then each database's */
	size_t n_senses;
	char **lemmas;   /* WordNet's base forms of the word other than the
			  * word itself ("models" -> "model"), owned */
	size_t n_lemmas;
	char **problems; /* "gcide: ... corrupt ...", "WordNet is not
			  * installed ...": a source that could not answer */
	size_t n_problems;
	size_t cap_senses, cap_lemmas, cap_problems; /* allocated slots */
};

/* The dictionaries: WordNet, then the dictd databases at files[0..n)
 * (each a base name or its .index/.dict.dz/.dict file; copied), then
 * those installed system-wide. Opens nothing yet: each source is opened
 * at its first look-up, so a reader that never looks a word up pays
 * nothing. Never fails. */
struct dict *dict_new(const char *const *files, size_t n_files);
/* Frees d. NULL is a no-op. */
void dict_free(struct dict *d);

/* Looks word up (a word or a phrase; case and surrounding blanks do not
 * matter) in every source, filling *out (cleared first; free with
 * dict_result_free). Returns the number of senses found. A word in no
 * source is 0 senses and no problem. */
size_t dict_lookup(struct dict *d, const char *word, struct dict_result *out);
void dict_result_free(struct dict_result *r);

/* WordNet's base forms of word other than word itself, without looking
 * any definition up (cheap): "learned" -> "learn". New array of new
 * strings, owned by the caller (free each and the array); returns the
 * count, 0 when WordNet knows none or is not installed. */
size_t dict_lemmas(struct dict *d, const char *word, char ***out);

/* Why WordNet cannot answer ("WordNet's data is not installed: ...
 * Debian package wordnet-base"), or NULL when it can. Opens it if not
 * yet opened. */
const char *dict_wordnet_problem(struct dict *d);

#endif
