/* lookup: the library's glosses and the dictionaries' senses of a word. */
#include "buildspeak/lookup.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buildspeak/alloc.h"

/* word with blanks trimmed and runs of blanks as one space. */
static char *lookup_trim(const char *word)
{
	char *w = xmalloc(strlen(word) + 1), *o = w;
	for (const char *p = word; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			if (o > w && o[-1] != ' ')
				*o++ = ' ';
			continue;
		}
		*o++ = *p;
	}
	if (o > w && o[-1] == ' ')
		o--;
	*o = '\0';
	return w;
}

/* Adds s to v unless an ASCII-case-insensitive equal is there; takes s. */
static void lookup_add_key(char ***v, size_t *n, size_t *cap, char *s)
{
	for (size_t i = 0; i < *n; i++) {
		if (strcasecmp((*v)[i], s) == 0) {
			free(s);
			return;
		}
	}
	*v = xgrowarray(*v, cap, *n + 1, sizeof **v);
	(*v)[(*n)++] = s;
}

char *lookup_head(const char *word)
{
	const char *sp = strrchr(word, ' ');
	const char *hy = strrchr(word, '-');
	const char *cut = sp > hy ? sp : hy;
	if (!cut || cut[1] == '\0' || cut == word)
		return NULL;
	return xstrdup(cut + 1);
}

/* s with every c replaced by r, or NULL when s holds no c. */
static char *lookup_respell(const char *s, char c, char r)
{
	if (!strchr(s, c))
		return NULL;
	char *t = xstrdup(s);
	for (char *p = t; *p; p++)
		if (*p == c)
			*p = r;
	return t;
}

size_t lookup_keys(struct dict *d, const char *word, char ***out)
{
	char **v = NULL;
	size_t n = 0, cap = 0;
	char *w = lookup_trim(word);
	if (!*w) {
		free(w);
		*out = NULL;
		return 0;
	}
	lookup_add_key(&v, &n, &cap, xstrdup(w));
	char *other = lookup_respell(w, '-', ' ');
	if (!other)
		other = lookup_respell(w, ' ', '-');
	if (other)
		lookup_add_key(&v, &n, &cap, other);
	/* The lemmas of the word, or of a phrase's head word put back in
	 * the phrase: "world models" -> "world model". */
	char *head = lookup_head(w);
	const char *base = head ? head : w;
	char **lemmas;
	size_t n_lemmas = dict_lemmas(d, base, &lemmas);
	size_t stem = head ? strlen(w) - strlen(head) : 0;
	for (size_t i = 0; i < n_lemmas; i++) {
		char *k = xasprintf("%.*s%s", (int)stem, w, lemmas[i]);
		char *k2 = head ? lookup_respell(k, w[stem - 1] == '-' ? '-'
									  : ' ',
						 w[stem - 1] == '-' ? ' ' : '-')
				: NULL;
		lookup_add_key(&v, &n, &cap, k);
		if (k2)
			lookup_add_key(&v, &n, &cap, k2);
		free(lemmas[i]);
	}
	free(lemmas);
	free(head);
	free(w);
	*out = v;
	return n;
}

static void lookup_keys_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The library's glosses of word into l. */
static int lookup_glosses(struct store *st, struct dict *d, const char *word,
			  struct lookup *l)
{
	char **keys;
	size_t n = lookup_keys(d, word, &keys);
	int rc = store_gloss_lookup(st, (const char *const *)keys, n,
				    &l->glosses, &l->n_glosses);
	lookup_keys_free(keys, n);
	return rc;
}

int lookup_word(struct store *st, struct dict *d, const char *word,
		struct lookup *out)
{
	memset(out, 0, sizeof *out);
	out->word = lookup_trim(word);
	char *head = lookup_head(out->word);
	int rc = 0;

	out->glossary_of = xstrdup(out->word);
	if (st && *out->word) {
		rc = lookup_glosses(st, d, out->word, out);
		if (rc == 0 && out->n_glosses == 0 && head) {
			free(out->glossary_of);
			out->glossary_of = xstrdup(head);
			rc = lookup_glosses(st, d, head, out);
		}
	}

	out->senses_of = xstrdup(out->word);
	if (dict_lookup(d, out->word, &out->dict) == 0 && head) {
		struct dict_result r;
		if (dict_lookup(d, head, &r) > 0) {
			dict_result_free(&out->dict);
			out->dict = r;
			free(out->senses_of);
			out->senses_of = xstrdup(head);
		} else {
			dict_result_free(&r);
		}
	}
	free(head);
	return rc;
}

void lookup_free(struct lookup *l)
{
	free(l->word);
	free(l->glossary_of);
	free(l->senses_of);
	store_glosses_free(l->glosses, l->n_glosses);
	dict_result_free(&l->dict);
	memset(l, 0, sizeof *l);
}

char *lookup_episode_label(const struct store_gloss_episode *e)
{
	const char *t = e->title;
	if (strncmp(t, "Ep ", 3) == 0 && t[3] >= '0' && t[3] <= '9') {
		size_t n = 3;
		while (t[n] >= '0' && t[n] <= '9')
			n++;
		return xstrndup(t, n);
	}
	return xasprintf("episode %lld", e->id);
}

char *lookup_gloss_line(const struct store_gloss *g, size_t max_episodes)
{
	char *s = xasprintf("%s \u2192 %s", g->term, g->gloss);
	for (size_t j = 0; j < g->n_episodes; j++) {
		char *t;
		if (j == max_episodes) {
			t = xasprintf("%s, +%zu more", s, g->n_episodes - j);
			free(s);
			s = t;
			break;
		}
		char *label = lookup_episode_label(&g->episodes[j]);
		t = xasprintf("%s%s%s \u00d7%d", s, j ? ", " : " \u00b7 ",
			      label, g->episodes[j].count);
		free(label);
		free(s);
		s = t;
	}
	return s;
}
