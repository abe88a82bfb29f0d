/* matcher: every term in one Aho-Corasick automaton over folded bytes
 * (the rules are in matcher.h). A term's inflections are not paths of
 * their own: a match of the term (or of its stem, polic- for policy) is
 * followed by a look at the bytes after it for the endings it may take.
 *
 * Why an automaton rather than a lookup keyed by the sentence's word
 * starts: the whole-word rule allows a match to begin after any character
 * that is not a letter or digit of a spaced script (inside Han text, after
 * punctuation, at a term that starts with '.'), so word starts from
 * u8_wordbreaks would not be the same set of places and the old results
 * would change. The automaton reports every occurrence of every key, as
 * one memmem per term did, at a cost linear in the sentence; the
 * whole-word test and the longest-first choice then run over those few
 * candidates only.
 *
 * The trie's edges live in one open-addressing hash keyed by (node, byte),
 * except the root's, which are a 256-entry table since nearly every byte
 * of a sentence starts there. Nodes are numbered as created; failure links
 * are computed in order of depth when the first search after an add needs
 * them. */
#include "buildspeak/matcher.h"

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <unistr.h>

#include "buildspeak/alloc.h"
#include "buildspeak/text.h"

/* The endings a key may take, as a bit mask over matcher_endings. */
enum {
	MATCHER_S = 1u << 0,    /* agents */
	MATCHER_POSS = 1u << 1, /* agent's */
	MATCHER_CURLY = 1u << 2, /* agent’s */
	MATCHER_ES = 1u << 3,   /* boxes */
	MATCHER_ED = 1u << 4,   /* trained */
	MATCHER_D = 1u << 5,    /* used */
	MATCHER_ING = 1u << 6,  /* training; on a stem: us -> using */
	MATCHER_IES = 1u << 7,  /* on a stem: polic -> policies */
	MATCHER_IED = 1u << 8,  /* on a stem: appl -> applied */
	MATCHER_DOUBLE = 1u << 9, /* the last letter again, then ed / ing */
};

static const char *const matcher_endings[] = {
	"s", "'s", "\xE2\x80\x99s", "es", "ed", "d", "ing", "ies", "ied",
};
#define MATCHER_N_ENDINGS (sizeof matcher_endings / sizeof *matcher_endings)

/* A term, or the stem of one, ending at the node whose out list holds it.
 * Its inflections are not in the trie: a match of the key is followed by
 * a look at the bytes after it, which keeps the trie to one path per
 * term (half the nodes, half the loading). */
struct matcher_key {
	size_t id;        /* the term's id */
	uint32_t flen;    /* bytes of the folded key */
	uint32_t next;    /* the next key ending at the same node, 1-based;
			     0 ends the list */
	uint16_t endings; /* MATCHER_* endings it may take */
	bool stem;        /* only found with one of its endings */
};

struct matcher {
	/* Per node, 0 the root. */
	uint32_t *depth;     /* bytes from the root */
	uint32_t *fail;      /* the longest proper suffix that is a node */
	uint32_t *dict;      /* the nearest node on the fail chain with keys;
				0 for none */
	uint32_t *out;       /* the first key ending here, 1-based; 0 none */
	uint32_t *parent;
	unsigned char *label; /* the byte on the edge from the parent */
	size_t n_nodes, cap_nodes;

	uint32_t root_next[256]; /* the root's children; 0 for none */
	uint64_t *edge_key;  /* (node << 8 | byte) + 1; 0 for an empty slot */
	uint32_t *edge_to;
	size_t edge_cap, edge_used; /* slots (a power of two), used */

	struct matcher_key *keys;
	size_t n_keys, cap_keys;
	size_t n_terms;      /* terms added (ignored empty ones not counted) */
	bool dirty;          /* fail and dict links are out of date */
	char *scratch;       /* a term being folded by matcher_add; owned */
	size_t scratch_cap;
};

/* ---- folding ----------------------------------------------------------- */

static bool matcher_is_space(uint32_t uc)
{
	return uc == ' ' || uc == '\t' || uc == 0x3000 || uc == 0xA0;
}

/* A letter or digit of a script that separates words with spaces: what may
 * not touch a match for it to be a whole word. */
static bool matcher_is_word_char(uint32_t uc)
{
	if (uc < 0x80)
		return (uc >= '0' && uc <= '9') || (uc >= 'a' && uc <= 'z') ||
		       (uc >= 'A' && uc <= 'Z');
	return uc_is_alnum(uc) && !text_is_han(uc);
}

/* Whether uc (U+2000..U+FFFF) is in a block with no case mappings and no
 * character the fold changes: general punctuation (“ ” …), CJK symbols
 * and punctuation but the ideographic space, kana, CJK ideographs, Yi,
 * Hangul, compatibility ideographs, CJK forms, and the full-width forms
 * that are not letters. tests/test_matcher.c checks every one against
 * uc_tolower. */
static bool matcher_caseless(uint32_t uc)
{
	return (uc >= 0x2000 && uc <= 0x206F) ||
	       (uc >= 0x2E80 && uc <= 0xA4CF && uc != 0x3000) ||
	       (uc >= 0xAC00 && uc <= 0xD7A3) ||
	       (uc >= 0xF900 && uc <= 0xFAFF) ||
	       (uc >= 0xFE30 && uc <= 0xFE4F) ||
	       (uc >= 0xFF01 && uc <= 0xFF20) ||
	       (uc >= 0xFF3B && uc <= 0xFF40) ||
	       (uc >= 0xFF5B && uc <= 0xFFEF);
}

/* The folded form of s[0..len) for matching, in a new string: each code
 * point lower-cased on its own (a full case fold, ß -> ss, would not map
 * back to one character), hyphens and spaces as ' '. When map is not NULL
 * it gets a new array: (*map)[k] is the offset in s of the character that
 * produced byte k, and (*map)[*out_len] is len. */
static char *matcher_fold(const char *s, size_t len, size_t **map,
			  size_t *out_len)
{
	/* Lower-casing can lengthen a character (U+023A, 2 bytes, becomes
	 * U+2C65, 3 bytes), so the output grows as needed. */
	size_t cap = len + 8, o = 0;
	char *out = xmalloc(cap);
	size_t *m = map ? xmalloc(cap * sizeof *m) : NULL;
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		if (o + 8 > cap) {
			cap *= 2;
			out = xrealloc(out, cap);
			if (m)
				m = xrealloc(m, cap * sizeof *m);
		}
		if (c < 0x80) {
			if (c == '-' || c == '\t')
				c = ' ';
			else if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			out[o] = (char)c;
			if (m)
				m[o] = i;
			o++;
			i++;
			continue;
		}
		/* Chinese text is most of what is not ASCII: its characters
		 * have no case, so they are copied without a decode, a
		 * lower-casing and an encode each. */
		if (c >= 0xE2 && c <= 0xEF && i + 2 < len &&
		    ((unsigned char)s[i + 1] & 0xC0) == 0x80 &&
		    ((unsigned char)s[i + 2] & 0xC0) == 0x80) {
			uint32_t u3 = (uint32_t)(c & 0x0F) << 12 |
				      (uint32_t)((unsigned char)s[i + 1] & 0x3F)
					      << 6 |
				      ((unsigned char)s[i + 2] & 0x3F);
			if (matcher_caseless(u3)) {
				for (int k = 0; k < 3; k++) {
					out[o] = s[i + (size_t)k];
					if (m)
						m[o] = i;
					o++;
				}
				i += 3;
				continue;
			}
		}
		uint32_t uc;
		int n = text_next(s + i, len - i, &uc);
		uc = matcher_is_space(uc) ? ' ' : uc_tolower(uc);
		uint8_t buf[6];
		int w = u8_uctomb(buf, uc, (int)sizeof buf);
		for (int k = 0; k < w; k++) {
			out[o] = (char)buf[k];
			if (m)
				m[o] = i;
			o++;
		}
		i += (size_t)n;
	}
	out[o] = '\0';
	if (m)
		m[o] = len;
	if (map)
		*map = m;
	*out_len = o;
	return out;
}

/* ---- the trie ---------------------------------------------------------- */

static uint32_t matcher_new_node(struct matcher *m, uint32_t parent,
				 unsigned char label)
{
	if (m->n_nodes == m->cap_nodes) {
		m->cap_nodes = m->cap_nodes ? 2 * m->cap_nodes : 64;
		m->depth = xreallocarray(m->depth, m->cap_nodes,
					sizeof *m->depth);
		m->fail = xreallocarray(m->fail, m->cap_nodes, sizeof *m->fail);
		m->dict = xreallocarray(m->dict, m->cap_nodes, sizeof *m->dict);
		m->out = xreallocarray(m->out, m->cap_nodes, sizeof *m->out);
		m->parent = xreallocarray(m->parent, m->cap_nodes,
					 sizeof *m->parent);
		m->label = xreallocarray(m->label, m->cap_nodes,
					sizeof *m->label);
	}
	uint32_t v = (uint32_t)m->n_nodes++;
	m->depth[v] = v ? m->depth[parent] + 1 : 0;
	m->fail[v] = m->dict[v] = m->out[v] = 0;
	m->parent[v] = parent;
	m->label[v] = label;
	return v;
}

static size_t matcher_edge_slot(const struct matcher *m, uint64_t key)
{
	size_t mask = m->edge_cap - 1;
	size_t i = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & mask;
	while (m->edge_key[i] && m->edge_key[i] != key)
		i = (i + 1) & mask;
	return i;
}

/* The child of node s along byte c, or 0. */
static inline uint32_t matcher_go(const struct matcher *m, uint32_t s,
				  unsigned char c)
{
	if (s == 0)
		return m->root_next[c];
	if (!m->edge_cap)
		return 0;
	uint64_t key = ((uint64_t)s << 8 | c) + 1;
	size_t i = matcher_edge_slot(m, key);
	return m->edge_key[i] ? m->edge_to[i] : 0;
}

/* Moves the edges to a table of cap slots (a power of two). */
static void matcher_edge_grow(struct matcher *m, size_t cap)
{
	struct matcher big = { .edge_cap = cap };
	big.edge_key = xcalloc(big.edge_cap, sizeof *big.edge_key);
	big.edge_to = xcalloc(big.edge_cap, sizeof *big.edge_to);
	for (size_t i = 0; i < m->edge_cap; i++) {
		if (!m->edge_key[i])
			continue;
		size_t j = matcher_edge_slot(&big, m->edge_key[i]);
		big.edge_key[j] = m->edge_key[i];
		big.edge_to[j] = m->edge_to[i];
	}
	free(m->edge_key);
	free(m->edge_to);
	m->edge_key = big.edge_key;
	m->edge_to = big.edge_to;
	m->edge_cap = big.edge_cap;
}

static void matcher_edge_put(struct matcher *m, uint64_t key, uint32_t to)
{
	if (2 * (m->edge_used + 1) > m->edge_cap)
		matcher_edge_grow(m, m->edge_cap ? 2 * m->edge_cap : 256);
	size_t i = matcher_edge_slot(m, key);
	m->edge_key[i] = key;
	m->edge_to[i] = to;
	m->edge_used++;
}

/* Walks (and makes) the path of key[0..len) from the root. */
static uint32_t matcher_add_path(struct matcher *m, const char *key,
				 size_t len)
{
	uint32_t s = 0;
	bool fresh = false; /* s was made by this call: it has no children */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)key[i];
		uint32_t t = fresh ? 0 : matcher_go(m, s, c);
		if (!t) {
			fresh = true;
			t = matcher_new_node(m, s, c);
			if (s == 0)
				m->root_next[c] = t;
			else
				matcher_edge_put(m, ((uint64_t)s << 8 | c) + 1,
						 t);
		}
		s = t;
	}
	return s;
}

/* Adds a key of len bytes ending at node. */
static void matcher_add_key(struct matcher *m, uint32_t node, size_t len,
			    size_t id, unsigned endings, bool stem)
{
	if (m->n_keys == m->cap_keys) {
		m->cap_keys = m->cap_keys ? 2 * m->cap_keys : 64;
		m->keys = xreallocarray(m->keys, m->cap_keys, sizeof *m->keys);
	}
	m->keys[m->n_keys] = (struct matcher_key){
		id, (uint32_t)len, m->out[node], (uint16_t)endings, stem
	};
	m->out[node] = (uint32_t)++m->n_keys;
}

static bool matcher_is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static bool matcher_is_consonant(char c)
{
	return c >= 'a' && c <= 'z' && !matcher_is_vowel(c);
}

/* Adds the inflected forms of the folded term k[0..n), which ends in an
 * ASCII letter: what an English learner expects to find marked. A name
 * or an acronym (name set: the last word was written with a capital) only
 * takes the plural -s and the possessive ("LLMs", "Gemini's"): "Go" the
 * game is not "going". No form replaces an irregular one (ran, mice); a
 * form that is not a word ("agentes") costs a few trie nodes and never
 * matches real text. */
static void matcher_add_term(struct matcher *m, const char *k, size_t n,
			     uint32_t node, size_t id, bool inflect, bool name)
{
	if (!inflect) {
		matcher_add_key(m, node, n, id, 0, false);
		return;
	}
	char last = k[n - 1], prev = n >= 2 ? k[n - 2] : ' ';
	char prev2 = n >= 3 ? k[n - 3] : ' ';
	uint32_t stem = m->parent[node]; /* spells k[0..n-1) */
	unsigned e = MATCHER_S | MATCHER_POSS | MATCHER_CURLY;

	if (!name) {
		if (last == 's' || last == 'x' || last == 'z' || last == 'o' ||
		    (last == 'h' && (prev == 'c' || prev == 's')))
			e |= MATCHER_ES;
		if (last == 'y' && matcher_is_consonant(prev))
			matcher_add_key(m, stem, n - 1, id,
					MATCHER_IES | MATCHER_IED, true);
		if (last == 'e') {
			/* use -> used, using; but see -> seeing, dye ->
			 * dyeing */
			e |= MATCHER_D;
			if (prev == 'e' || prev == 'o' || prev == 'y')
				e |= MATCHER_ING;
			else if (n >= 2)
				matcher_add_key(m, stem, n - 1, id,
						MATCHER_ING, true);
		} else {
			e |= MATCHER_ED | MATCHER_ING;
		}
		/* stop -> stopped, run -> running: one vowel between
		 * consonants. */
		if (matcher_is_consonant(last) && last != 'w' && last != 'x' &&
		    last != 'y' && matcher_is_vowel(prev) &&
		    matcher_is_consonant(prev2))
			e |= MATCHER_DOUBLE;
	}
	matcher_add_key(m, node, n, id, e, false);
}

struct matcher *matcher_new(void)
{
	struct matcher *m = xcalloc(1, sizeof *m);
	matcher_new_node(m, 0, 0);
	return m;
}

/* The fold of printable ASCII for matcher_fold_ascii: lower case, '-' as
 * ' '; 0 for the bytes it does not take (controls, DEL, non-ASCII). */
static const unsigned char matcher_ascii_fold[128] = {
	[' '] = ' ', ['!'] = '!', ['"'] = '"', ['#'] = '#', ['$'] = '$',
	['%'] = '%', ['&'] = '&', ['\''] = '\'', ['('] = '(', [')'] = ')',
	['*'] = '*', ['+'] = '+', [','] = ',', ['-'] = ' ', ['.'] = '.',
	['/'] = '/', ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3',
	['4'] = '4', ['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8',
	['9'] = '9', [':'] = ':', [';'] = ';', ['<'] = '<', ['='] = '=',
	['>'] = '>', ['?'] = '?', ['@'] = '@', ['A'] = 'a', ['B'] = 'b',
	['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f', ['G'] = 'g',
	['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l',
	['M'] = 'm', ['N'] = 'n', ['O'] = 'o', ['P'] = 'p', ['Q'] = 'q',
	['R'] = 'r', ['S'] = 's', ['T'] = 't', ['U'] = 'u', ['V'] = 'v',
	['W'] = 'w', ['X'] = 'x', ['Y'] = 'y', ['Z'] = 'z', ['['] = '[',
	['\\'] = '\\', [']'] = ']', ['^'] = '^', ['_'] = '_', ['`'] = '`',
	['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e',
	['f'] = 'f', ['g'] = 'g', ['h'] = 'h', ['i'] = 'i', ['j'] = 'j',
	['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n', ['o'] = 'o',
	['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't',
	['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y',
	['z'] = 'z', ['{'] = '{', ['|'] = '|', ['}'] = '}', ['~'] = '~',
};

/* The folded form of the printable ASCII term t[0..len) in m's scratch
 * buffer (what matcher_fold gives, without its allocation and its
 * decoding), or NULL when t holds anything else; *last gets where t's
 * last word starts (after its last space or hyphen). Most glossary terms
 * and saved words are plain ASCII, and a glossary of 13,000 of them is
 * folded each time its episode opens. */
static const char *matcher_fold_ascii(struct matcher *m, const char *t,
				      size_t len, size_t *last)
{
	if (len + 1 > m->scratch_cap) {
		m->scratch_cap = len + 1 > 64 ? 2 * (len + 1) : 64;
		free(m->scratch);
		m->scratch = xmalloc(m->scratch_cap);
	}
	size_t w = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)t[i];
		unsigned char f = c < 0x80 ? matcher_ascii_fold[c] : 0;
		if (!f)
			return NULL;
		if (f == ' ')
			w = i + 1;
		m->scratch[i] = (char)f;
	}
	m->scratch[len] = '\0';
	*last = w;
	return m->scratch;
}

void matcher_add(struct matcher *m, const char *term, size_t id)
{
	size_t b = 0, e = strlen(term);
	uint32_t uc;
	while (b < e) {
		if ((unsigned char)term[b] < 0x80) { /* no decoding for ASCII */
			if (!matcher_is_space((unsigned char)term[b]))
				break;
			b++;
			continue;
		}
		int n = text_next(term + b, e - b, &uc);
		if (!matcher_is_space(uc))
			break;
		b += (size_t)n;
	}
	while (e > b) {
		if ((unsigned char)term[e - 1] < 0x80) {
			if (!matcher_is_space((unsigned char)term[e - 1]))
				break;
			e--;
			continue;
		}
		const uint8_t *p = u8_prev(&uc, (const uint8_t *)term + e,
					   (const uint8_t *)term + b);
		if (!p || !matcher_is_space(uc))
			break;
		e = (size_t)((const char *)p - term);
	}
	if (b == e)
		return;
	size_t klen = e - b, w = e, last;
	const char *key = matcher_fold_ascii(m, term + b, klen, &last);
	char *folded = NULL;
	if (key) {
		w = b + last;
	} else {
		key = folded = matcher_fold(term + b, e - b, NULL, &klen);
		/* The last word as written: after the last space or
		 * hyphen. */
		while (w > b && term[w - 1] != ' ' && term[w - 1] != '-')
			w--;
	}
	uint32_t node = matcher_add_path(m, key, klen);
	bool inflect = key[klen - 1] >= 'a' && key[klen - 1] <= 'z';
	unsigned char first = (unsigned char)term[w];
	bool upper;
	if (w == e) {
		upper = false; /* no last word: the term ends in a hyphen */
	} else if (first < 0x80) {
		upper = first >= 'A' && first <= 'Z';
	} else {
		text_next(term + w, e - w, &uc);
		upper = uc_is_upper(uc);
	}
	matcher_add_term(m, key, klen, node, id, inflect, upper);
	free(folded);
	m->n_terms++;
	m->dirty = true;
}

void matcher_reserve(struct matcher *m, size_t n_terms, size_t n_bytes)
{
	/* At most a node a byte; the edges of the root are a table. */
	size_t nodes = m->n_nodes + n_bytes;
	if (nodes > m->cap_nodes && nodes < UINT32_MAX) {
		m->cap_nodes = nodes;
		m->depth = xreallocarray(m->depth, nodes, sizeof *m->depth);
		m->fail = xreallocarray(m->fail, nodes, sizeof *m->fail);
		m->dict = xreallocarray(m->dict, nodes, sizeof *m->dict);
		m->out = xreallocarray(m->out, nodes, sizeof *m->out);
		m->parent = xreallocarray(m->parent, nodes, sizeof *m->parent);
		m->label = xreallocarray(m->label, nodes, sizeof *m->label);
	}
	/* A term and its stem: two keys at most. */
	size_t keys = m->n_keys + 2 * n_terms;
	if (keys > m->cap_keys) {
		m->cap_keys = keys;
		m->keys = xreallocarray(m->keys, keys, sizeof *m->keys);
	}
	size_t want = 256;
	while (want < 2 * (m->edge_used + n_bytes) + 2)
		want *= 2;
	if (want > m->edge_cap)
		matcher_edge_grow(m, want);
}

size_t matcher_count(const struct matcher *m)
{
	return m->n_terms;
}

void matcher_free(struct matcher *m)
{
	if (!m)
		return;
	free(m->depth);
	free(m->fail);
	free(m->dict);
	free(m->out);
	free(m->parent);
	free(m->label);
	free(m->edge_key);
	free(m->edge_to);
	free(m->keys);
	free(m->scratch);
	free(m);
}

/* Computes the fail and dict links, shallow nodes first (a node's links
 * are made of shallower nodes' links). */
static void matcher_build(struct matcher *m)
{
	size_t n = m->n_nodes, max_depth = 0;
	for (size_t v = 0; v < n; v++)
		if (m->depth[v] > max_depth)
			max_depth = m->depth[v];
	size_t *start = xcalloc(max_depth + 2, sizeof *start);
	for (size_t v = 0; v < n; v++)
		start[m->depth[v] + 1]++;
	for (size_t d = 1; d <= max_depth + 1; d++)
		start[d] += start[d - 1];
	uint32_t *order = xreallocarray(NULL, n, sizeof *order);
	for (size_t v = 0; v < n; v++)
		order[start[m->depth[v]]++] = (uint32_t)v;
	free(start);

	for (size_t i = 0; i < n; i++) {
		uint32_t v = order[i];
		if (v == 0)
			continue;
		uint32_t p = m->parent[v], f = 0;
		if (p != 0) {
			unsigned char c = m->label[v];
			f = m->fail[p];
			uint32_t t;
			while (!(t = matcher_go(m, f, c)) && f != 0)
				f = m->fail[f];
			f = t;
		}
		m->fail[v] = f;
		m->dict[v] = m->out[f] ? f : m->dict[f];
	}
	free(order);
	m->dirty = false;
}

/* ---- finding ----------------------------------------------------------- */

/* A candidate, with what orders it. */
struct matcher_hit {
	struct term_span span;
	bool inflected;
};

static int matcher_by_priority(const void *a, const void *b)
{
	const struct matcher_hit *x = a, *y = b;
	if (x->span.len != y->span.len)
		return x->span.len > y->span.len ? -1 : 1;
	if (x->span.off != y->span.off)
		return x->span.off < y->span.off ? -1 : 1;
	if (x->inflected != y->inflected)
		return x->inflected ? 1 : -1;
	return x->span.term < y->span.term ? -1 : x->span.term > y->span.term;
}

static int matcher_by_offset(const void *a, const void *b)
{
	const struct term_span *x = a, *y = b;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* Where form x of key ends in the folded text ft[0..flen) when the key
 * ends at byte `at` (its end: exclusive), or 0 when that form is not
 * there: x 0 is the key itself, 1..MATCHER_N_ENDINGS the endings of
 * matcher_endings, then the doubled last letter with "ed" and "ing". */
static size_t matcher_ending(const struct matcher_key *key, size_t x,
			     const char *ft, size_t at, size_t flen)
{
	if (x == 0)
		return at;
	const char *sfx;
	size_t dbl = 0;
	if (x <= MATCHER_N_ENDINGS) {
		if (!(key->endings & 1u << (x - 1)))
			return 0;
		sfx = matcher_endings[x - 1];
	} else {
		if (!(key->endings & MATCHER_DOUBLE))
			return 0;
		if (at >= flen || ft[at] != ft[at - 1])
			return 0;
		dbl = 1;
		sfx = x == MATCHER_N_ENDINGS + 1 ? "ed" : "ing";
	}
	size_t sl = strlen(sfx);
	if (flen - at < dbl + sl || memcmp(ft + at + dbl, sfx, sl) != 0)
		return 0;
	return at + dbl + sl;
}

/* qsort for the few elements a sentence has: an insertion sort, without
 * glibc's merge sort's allocation and copying, up to 32 of them. */
static void matcher_sort(void *base, size_t n, size_t size,
			 int (*cmp)(const void *, const void *))
{
	if (n > 32) {
		qsort(base, n, size, cmp);
		return;
	}
	char *a = base, tmp[sizeof(struct matcher_hit)];
	assert(size <= sizeof tmp);
	for (size_t i = 1; i < n; i++) {
		size_t j = i;
		memcpy(tmp, a + i * size, size);
		while (j > 0 && cmp(a + (j - 1) * size, tmp) > 0) {
			memcpy(a + j * size, a + (j - 1) * size, size);
			j--;
		}
		memcpy(a + j * size, tmp, size);
	}
}

size_t matcher_find(const struct matcher *cm, const char *text,
		    struct term_span **spans)
{
	*spans = NULL;
	if (cm->n_keys == 0 || !*text)
		return 0;
	struct matcher *m = (struct matcher *)cm;
	if (m->dirty)
		matcher_build(m);

	size_t len = strlen(text), flen, *map;
	char *ft = matcher_fold(text, len, &map, &flen);
	struct matcher_hit *v = NULL;
	size_t n = 0, cap = 0;
	uint32_t s = 0;
	for (size_t i = 0; i < flen; i++) {
		unsigned char c = (unsigned char)ft[i];
		uint32_t t;
		while (!(t = matcher_go(m, s, c)) && s != 0)
			s = m->fail[s];
		s = t;
		for (uint32_t u = m->out[s] ? s : m->dict[s]; u; u = m->dict[u]) {
			for (uint32_t k = m->out[u]; k; k = m->keys[k - 1].next) {
				const struct matcher_key *key = &m->keys[k - 1];
				size_t b = map[i + 1 - key->flen];
				uint32_t uc;
				if (b > 0) {
					const uint8_t *p = u8_prev(
						&uc, (const uint8_t *)text + b,
						(const uint8_t *)text);
					if (p && matcher_is_word_char(uc))
						continue;
				}
				/* The key itself (unless a stem), then each
				 * ending it may take that follows it. */
				for (size_t x = key->stem ? 1 : 0;
				     x <= MATCHER_N_ENDINGS + 2; x++) {
					size_t fe = matcher_ending(key, x, ft,
								   i + 1, flen);
					if (fe == 0)
						continue;
					size_t e = map[fe];
					if (e < len) {
						text_next(text + e, len - e, &uc);
						if (matcher_is_word_char(uc))
							continue;
					}
					if (n == cap) {
						cap = cap ? 2 * cap : 8;
						v = xreallocarray(v, cap,
								  sizeof *v);
					}
					v[n++] = (struct matcher_hit){
						{ b, e - b, key->id }, x > 0
					};
				}
			}
		}
	}
	free(ft);
	free(map);
	if (!n)
		return 0;

	/* Longest first: a longer term wins over the shorter ones it
	 * overlaps ("machine learning research" over "machine learning"). */
	matcher_sort(v, n, sizeof *v, matcher_by_priority);
	struct term_span *kept = xreallocarray(NULL, n, sizeof *kept);
	size_t n_kept = 0;
	for (size_t i = 0; i < n; i++) {
		const struct term_span *c = &v[i].span;
		bool clash = false;
		/* Candidates are few (a sentence holds a handful of terms):
		 * a scan of those kept is cheaper than a map of the text. */
		for (size_t j = 0; j < n_kept && !clash; j++)
			clash = c->off < kept[j].off + kept[j].len &&
				kept[j].off < c->off + c->len;
		if (!clash)
			kept[n_kept++] = *c;
	}
	free(v);
	matcher_sort(kept, n_kept, sizeof *kept, matcher_by_offset);
	*spans = kept;
	return n_kept;
}
