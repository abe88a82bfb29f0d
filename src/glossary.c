/* glossary: the inline glosses of a translation -- finding them, building an
 * episode's glossary from them, and finding glossary terms in English text.
 *
 * The translations gloss terms in two shapes (see glossary.h). Both are
 * recognised from the characters around a parenthesis, never from a word
 * list, so the rules below are the whole story:
 *
 * forward  "... 引领了 deep learning(深度学习)": the content holds Han
 *          characters; the term is what precedes the '(' walking back over
 *          Latin letters, digits, spaces and the punctuation that occurs
 *          inside terms (- ' ’ . / & +). Anything else -- a Han character,
 *          CJK punctuation, an ASCII comma, a closing parenthesis -- ends the
 *          term. Leading punctuation and surrounding spaces are trimmed; a
 *          term must hold a Latin letter.
 * reverse  "... 看到了那种泛化(generalization)": the content is Latin-only
 *          (term characters, at most GLOSS_MAX_WORDS words) and a Han
 *          character comes right before the '(' (spaces allowed). The phrase
 *          is the run of Han characters before it, cut after its last
 *          function character (的 了 是 ... in GLOSSARY_FUNCTION_CHARS) as long as two
 *          characters remain, then to its last GLOSS_MAX_PHRASE characters.
 *          The cut is a heuristic: the phrase is only the fallback gloss,
 *          used when the term is never glossed the forward way.
 * A '(' (or '（') with no closing parenthesis later on the line is no gloss;
 * when another '(' comes first, the inner one is the candidate. ASCII and
 * full-width parentheses close each other: pages mix them.
 *
 * Finding glossary terms in a sentence is the matcher's job (matcher.h);
 * glossary_find is a one-call convenience over it. */
#include "buildspeak/glossary.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <unistr.h>

#include "buildspeak/alloc.h"
#include "buildspeak/text.h"

/* A reverse gloss's content is a term, not an aside: at most this many
 * words. */
#define GLOSS_MAX_WORDS 6
/* The longest Chinese phrase kept for a reverse gloss, in characters. */
#define GLOSS_MAX_PHRASE 8

/* Characters that end a phrase rather than belong to it: particles,
 * prepositions, demonstratives and measure words that come right before a
 * noun phrase. A term starting with one of them (对齐, 在线学习) gets cut;
 * see the header comment for why that is acceptable. */
static const char GLOSSARY_FUNCTION_CHARS[] =
	"的了是在和与及出于种把从对为被就也都这那些个将让给跟或即着";

/* ---- characters -------------------------------------------------------- */

/* Start offset of the character that ends at byte pos (pos > 0) of the
 * valid UTF-8 string s; its code point goes to *uc. */
static size_t glossary_prev_char(const char *s, size_t pos, uint32_t *uc)
{
	ucs4_t c = 0xFFFD;
	const uint8_t *p = u8_prev(&c, (const uint8_t *)s + pos,
				   (const uint8_t *)s);
	*uc = c;
	return p ? (size_t)((const char *)p - s) : pos - 1;
}

static bool glossary_is_latin_letter(uint32_t uc)
{
	if (uc < 0x80)
		return (uc >= 'a' && uc <= 'z') || (uc >= 'A' && uc <= 'Z');
	if (!uc_is_alpha(uc))
		return false;
	const uc_script_t *sc = uc_script(uc);
	return sc && strcmp(sc->name, "Latin") == 0;
}

static bool glossary_is_digit(uint32_t uc)
{
	return uc >= '0' && uc <= '9';
}

/* Characters that may occur inside a Latin-script term. */
static bool glossary_is_term_char(uint32_t uc)
{
	return glossary_is_latin_letter(uc) || glossary_is_digit(uc) ||
	       uc == ' ' || uc == '-' || uc == '\'' || uc == 0x2019 ||
	       uc == '.' || uc == '/' || uc == '&' || uc == '+';
}

static bool glossary_is_space(uint32_t uc)
{
	return uc == ' ' || uc == '\t' || uc == 0x3000 || uc == 0xA0;
}

static bool glossary_is_function_char(uint32_t uc)
{
	const char *p = GLOSSARY_FUNCTION_CHARS;
	size_t len = strlen(p);
	while (len) {
		uint32_t f;
		int n = text_next(p, len, &f);
		if (f == uc)
			return true;
		p += n;
		len -= (size_t)n;
	}
	return false;
}

/* Byte length of an opening parenthesis at s (ASCII or full-width), or 0. */
static size_t glossary_open_paren(const char *s, size_t len)
{
	if (s[0] == '(')
		return 1;
	if (len >= 3 && memcmp(s, "\xEF\xBC\x88", 3) == 0) /* （ */
		return 3;
	return 0;
}

static size_t glossary_close_paren(const char *s, size_t len)
{
	if (s[0] == ')')
		return 1;
	if (len >= 3 && memcmp(s, "\xEF\xBC\x89", 3) == 0) /* ） */
		return 3;
	return 0;
}

/* Narrows [*b, *e) of s past the spaces at both ends. */
static void glossary_trim(const char *s, size_t *b, size_t *e)
{
	uint32_t uc;
	while (*b < *e) {
		int n = text_next(s + *b, *e - *b, &uc);
		if (!glossary_is_space(uc))
			break;
		*b += (size_t)n;
	}
	while (*e > *b) {
		size_t p = glossary_prev_char(s, *e, &uc);
		if (!glossary_is_space(uc))
			break;
		*e = p;
	}
}

/* ---- scanning ---------------------------------------------------------- */

/* The forward shape: the term before the '(' at open. */
static bool glossary_scan_forward(const char *s, size_t open,
				  struct gloss_hit *h)
{
	size_t t0 = open, t1 = open;
	uint32_t uc;
	while (t0 > 0) {
		size_t p = glossary_prev_char(s, t0, &uc);
		if (!glossary_is_term_char(uc))
			break;
		t0 = p;
	}
	/* A term starts with a letter or digit: drop "- " or "'s " debris. */
	while (t0 < t1) {
		int n = text_next(s + t0, t1 - t0, &uc);
		if (glossary_is_latin_letter(uc) || glossary_is_digit(uc))
			break;
		t0 += (size_t)n;
	}
	glossary_trim(s, &t0, &t1);
	bool letter = false;
	for (size_t i = t0; i < t1 && !letter;) {
		i += (size_t)text_next(s + i, t1 - i, &uc);
		letter = glossary_is_latin_letter(uc);
	}
	if (!letter)
		return false;
	h->term_off = t0;
	h->term_len = t1 - t0;
	h->start = t0;
	h->reverse = 0;
	return true;
}

/* Whether s[b, e) is a Latin-script term: term characters only, starting
 * with a letter or digit, holding a letter, at most GLOSS_MAX_WORDS words. */
static bool glossary_is_latin_term(const char *s, size_t b, size_t e)
{
	bool letter = false, in_word = false;
	int words = 0;
	uint32_t uc;
	for (size_t i = b; i < e;) {
		bool first = i == b;
		i += (size_t)text_next(s + i, e - i, &uc);
		if (!glossary_is_term_char(uc))
			return false;
		if (first && !glossary_is_latin_letter(uc) &&
		    !glossary_is_digit(uc))
			return false;
		letter |= glossary_is_latin_letter(uc);
		if (uc == ' ') {
			in_word = false;
		} else if (!in_word) {
			in_word = true;
			words++;
		}
	}
	return letter && words <= GLOSS_MAX_WORDS;
}

/* The reverse shape: the Chinese phrase before the '(' at open. */
static bool glossary_scan_reverse(const char *s, size_t open,
				  struct gloss_hit *h)
{
	size_t p = open;
	uint32_t uc;
	while (p > 0) {
		size_t q = glossary_prev_char(s, p, &uc);
		if (uc != ' ')
			break;
		p = q;
	}
	size_t r0 = p, n = 0;
	size_t offs[GLOSS_MAX_PHRASE]; /* starts of the last characters */
	while (r0 > 0) {
		size_t q = glossary_prev_char(s, r0, &uc);
		if (!text_is_han(uc))
			break;
		/* Walking backwards, the first function character met with two
		 * or more characters after it is the last such one: cut. */
		if (n >= 2 && glossary_is_function_char(uc))
			break;
		if (n < GLOSS_MAX_PHRASE)
			offs[n] = q;
		n++;
		r0 = q;
	}
	if (n == 0)
		return false;
	if (n > GLOSS_MAX_PHRASE)
		r0 = offs[GLOSS_MAX_PHRASE - 1];
	h->gloss_off = r0;
	h->gloss_len = p - r0;
	h->start = r0;
	h->reverse = 1;
	return true;
}

/* Classifies the parenthesis pair s[open .. end): content is [c0, c1). */
static bool glossary_scan_pair(const char *s, size_t open, size_t c0, size_t c1,
			       size_t end, struct gloss_hit *h)
{
	size_t g0 = c0, g1 = c1;
	glossary_trim(s, &g0, &g1);
	if (g0 == g1)
		return false;
	bool han = false;
	uint32_t uc;
	for (size_t i = g0; i < g1 && !han;) {
		i += (size_t)text_next(s + i, g1 - i, &uc);
		han = text_is_han(uc);
	}
	h->end = end;
	if (han) {
		h->gloss_off = g0;
		h->gloss_len = g1 - g0;
		return glossary_scan_forward(s, open, h);
	}
	if (!glossary_is_latin_term(s, g0, g1))
		return false;
	h->term_off = g0;
	h->term_len = g1 - g0;
	return glossary_scan_reverse(s, open, h);
}

size_t glossary_scan(const char *zh, struct gloss_hit **hits)
{
	struct gloss_hit *v = NULL;
	size_t n = 0, cap = 0, len = strlen(zh), i = 0;

	/* Stepping byte by byte is safe: '(' is ASCII and 0xEF only ever
	 * leads a character. */
	while (i < len) {
		size_t olen = glossary_open_paren(zh + i, len - i);
		if (!olen) {
			i++;
			continue;
		}
		size_t j = i + olen, clen = 0;
		while (j < len && !glossary_open_paren(zh + j, len - j) &&
		       !(clen = glossary_close_paren(zh + j, len - j)))
			j++;
		if (j == len)
			break; /* unclosed: no gloss here, nor after it */
		if (!clen) {
			i = j; /* an inner '(' comes first: it is the candidate */
			continue;
		}
		struct gloss_hit h;
		if (glossary_scan_pair(zh, i, i + olen, j, j + clen, &h)) {
			v = xgrowarray(v, &cap, n + 1, sizeof *v);
			v[n++] = h;
		}
		i = j + clen;
	}
	*hits = v;
	return n;
}

/* ---- building ---------------------------------------------------------- */

/* A copy of s[0..len) with whitespace runs made one space. */
static char *glossary_squeeze(const char *s, size_t len)
{
	char *out = xmalloc(len + 1);
	size_t o = 0;
	bool space = false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t') {
			space = true;
			continue;
		}
		if (space && o)
			out[o++] = ' ';
		space = false;
		out[o++] = c;
	}
	out[o] = '\0';
	return out;
}

/* Open-addressing table from folded term to index in ep->terms. */
struct glossary_table {
	char **keys;     /* owned folded terms; NULL for empty slots */
	size_t *index;   /* index into ep->terms, parallel to keys */
	size_t cap;      /* slots, a power of two */
	size_t used;
};

static size_t glossary_hash_str(const char *s)
{
	size_t h = 14695981039346656037ull & SIZE_MAX;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * (size_t)1099511628211ull;
	return h;
}

/* The slot of key: where it is, or the empty slot where it would go. */
static size_t glossary_table_slot(const struct glossary_table *t,
				  const char *key)
{
	size_t i = glossary_hash_str(key) & (t->cap - 1);
	while (t->keys[i] && strcmp(t->keys[i], key) != 0)
		i = (i + 1) & (t->cap - 1);
	return i;
}

static void glossary_table_put(struct glossary_table *t, char *key,
			       size_t index)
{
	if (2 * (t->used + 1) > t->cap) {
		struct glossary_table big = {
			.cap = t->cap ? 2 * t->cap : 64,
		};
		big.keys = xcalloc(big.cap, sizeof *big.keys);
		big.index = xcalloc(big.cap, sizeof *big.index);
		for (size_t i = 0; i < t->cap; i++) {
			if (!t->keys[i])
				continue;
			size_t s = glossary_table_slot(&big, t->keys[i]);
			big.keys[s] = t->keys[i];
			big.index[s] = t->index[i];
		}
		big.used = t->used;
		free(t->keys);
		free(t->index);
		*t = big;
	}
	size_t s = glossary_table_slot(t, key);
	t->keys[s] = key;
	t->index[s] = index;
	t->used++;
}

static void glossary_table_free(struct glossary_table *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->keys[i]);
	free(t->keys);
	free(t->index);
}

void glossary_build(struct episode *ep)
{
	episode_clear_terms(ep);

	struct glossary_table table = { 0 };
	bool *forward = NULL; /* per term: its gloss came from a forward gloss */
	size_t cap_forward = 0;

	for (size_t si = 0; si < ep->n_segments; si++) {
		const char *zh = ep->segments[si].zh;
		struct gloss_hit *hits;
		size_t n = glossary_scan(zh, &hits);
		for (size_t k = 0; k < n; k++) {
			const struct gloss_hit *h = &hits[k];
			char *term =
				glossary_squeeze(zh + h->term_off, h->term_len);
			char *gloss = xstrndup(zh + h->gloss_off, h->gloss_len);
			char *key = text_fold(term);
			size_t slot = table.cap
					      ? glossary_table_slot(&table, key)
					      : 0;
			if (table.cap && table.keys[slot]) {
				size_t ti = table.index[slot];
				struct term *t = &ep->terms[ti];
				t->count++;
				if (!h->reverse && !forward[ti]) {
					episode_set(&t->gloss, gloss);
					forward[ti] = true;
				}
				free(key);
			} else {
				size_t ti = ep->n_terms;
				episode_add_term(ep, term, gloss, 1, (int)si);
				forward = xgrowarray(forward, &cap_forward,
					ti + 1, sizeof *forward);
				forward[ti] = !h->reverse;
				glossary_table_put(&table, key, ti);
			}
			free(term);
			free(gloss);
		}
		free(hits);
	}
	glossary_table_free(&table);
	free(forward);
}

/* ---- finding ----------------------------------------------------------- */

size_t glossary_find(const struct term *terms, size_t n_terms,
		     const char *text, struct term_span **spans)
{
	struct matcher *m = matcher_new();
	for (size_t i = 0; i < n_terms; i++)
		matcher_add(m, terms[i].term, i);
	size_t n = matcher_find(m, text, spans);
	matcher_free(m);
	return n;
}
