/* Tests of the one term matcher: it returns what the term finder it
 * replaced returned (kept below, as it was, as the reference), on the
 * sample page through the importer and on generated sentences; the
 * English inflections; and that the reader's marks (glossary_find) and
 * the exports' emphasis put a term in the same places. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <unistr.h>

#include "buildspeak/alloc.h"
#include "buildspeak/episode.h"
#include "buildspeak/export.h"
#include "buildspeak/glossary.h"
#include "buildspeak/import.h"
#include "buildspeak/matcher.h"
#include "buildspeak/text.h"
#include "check.h"

/* ---- the reference: the finder before the matcher ---------------------- */

/* The former glossary_find, kept as it was (memmem per term over a
 * per-code-point lower-cased copy), with one addition when inflect is set:
 * each term is also searched in its inflected forms, written out here
 * independently of the matcher's trie. */

static bool ref_is_space(uint32_t uc)
{
	return uc == ' ' || uc == '\t' || uc == 0x3000 || uc == 0xA0;
}

static bool ref_is_word_char(uint32_t uc)
{
	return uc_is_alnum(uc) && !text_is_han(uc);
}

static char *ref_fold(const char *s, size_t len, size_t **map, size_t *out_len)
{
	size_t cap = 4 * len + 1, o = 0;
	char *out = xmalloc(cap);
	size_t *m = xmalloc(cap * sizeof *m);
	for (size_t i = 0; i < len;) {
		uint32_t uc;
		int n = text_next(s + i, len - i, &uc);
		if (uc == '-' || ref_is_space(uc))
			uc = ' ';
		else
			uc = uc_tolower(uc);
		uint8_t buf[6];
		int w = u8_uctomb(buf, uc, (int)sizeof buf);
		for (int k = 0; k < w; k++) {
			out[o + (size_t)k] = (char)buf[k];
			m[o + (size_t)k] = i;
		}
		o += (size_t)(w > 0 ? w : 0);
		i += (size_t)n;
	}
	out[o] = '\0';
	m[o] = len;
	*map = m;
	*out_len = o;
	return out;
}

struct ref_hit {
	size_t off, len, term;
	bool inflected;
};

static int ref_by_length(const void *a, const void *b)
{
	const struct ref_hit *x = a, *y = b;
	if (x->len != y->len)
		return x->len > y->len ? -1 : 1;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	if (x->inflected != y->inflected)
		return x->inflected ? 1 : -1;
	return x->term < y->term ? -1 : x->term > y->term;
}

static int ref_by_offset(const void *a, const void *b)
{
	const struct ref_hit *x = a, *y = b;
	return x->off < y->off ? -1 : x->off > y->off;
}

static bool vowel(char c)
{
	return strchr("aeiou", c) && c;
}

static bool consonant(char c)
{
	return c >= 'a' && c <= 'z' && !vowel(c);
}

/* The forms of the folded key k: k itself first, then its inflections
 * (each a new string); returns how many. */
static size_t ref_forms(const char *k, bool inflect, bool name,
			char *forms[16])
{
	size_t n = strlen(k), c = 0;
	forms[c++] = xstrdup(k);
	if (!inflect || !n || k[n - 1] < 'a' || k[n - 1] > 'z')
		return c;
	char last = k[n - 1], prev = n > 1 ? k[n - 2] : ' ',
	     prev2 = n > 2 ? k[n - 3] : ' ';
	forms[c++] = xasprintf("%ss", k);
	forms[c++] = xasprintf("%s's", k);
	forms[c++] = xasprintf("%s\xE2\x80\x99s", k);
	if (name)
		return c;
	if (strchr("sxzo", last) || (last == 'h' && (prev == 'c' || prev == 's')))
		forms[c++] = xasprintf("%ses", k);
	if (last == 'y' && consonant(prev)) {
		forms[c++] = xasprintf("%.*sies", (int)n - 1, k);
		forms[c++] = xasprintf("%.*sied", (int)n - 1, k);
	}
	if (last == 'e') {
		forms[c++] = xasprintf("%sd", k);
		if (strchr("eoy", prev))
			forms[c++] = xasprintf("%sing", k);
		else if (n >= 2)
			forms[c++] = xasprintf("%.*sing", (int)n - 1, k);
	} else {
		forms[c++] = xasprintf("%sed", k);
		forms[c++] = xasprintf("%sing", k);
	}
	if (consonant(last) && !strchr("wxy", last) && vowel(prev) &&
	    consonant(prev2)) {
		forms[c++] = xasprintf("%s%ced", k, last);
		forms[c++] = xasprintf("%s%cing", k, last);
	}
	return c;
}

static size_t ref_find(const struct term *terms, size_t n_terms,
		       const char *text, bool inflect, struct ref_hit **out)
{
	size_t len = strlen(text), flen, *map;
	char *ftext = ref_fold(text, len, &map, &flen);
	struct ref_hit *v = NULL;
	size_t n = 0, cap = 0;

	for (size_t ti = 0; ti < n_terms; ti++) {
		const char *t = terms[ti].term;
		size_t tb = 0, te = strlen(t), klen, *kmap;
		uint32_t uc;
		while (tb < te) {
			int l = text_next(t + tb, te - tb, &uc);
			if (!ref_is_space(uc))
				break;
			tb += (size_t)l;
		}
		while (te > tb) {
			const uint8_t *p = u8_prev(&uc, (const uint8_t *)t + te,
						   (const uint8_t *)t + tb);
			if (!p || !ref_is_space(uc))
				break;
			te = (size_t)((const char *)p - t);
		}
		if (tb == te)
			continue;
		char *key = ref_fold(t + tb, te - tb, &kmap, &klen);
		free(kmap);
		/* a name: the last word written with a capital */
		const char *lw = t + te;
		while (lw > t + tb && lw[-1] != ' ' && lw[-1] != '-')
			lw--;
		text_next(lw, (size_t)(t + te - lw), &uc);
		char *forms[16];
		size_t nf = ref_forms(key, inflect, uc_is_upper(uc), forms);
		for (size_t f = 0; f < nf; f++) {
			size_t fl = strlen(forms[f]);
			for (const char *p = ftext;
			     (p = memmem(p, flen - (size_t)(p - ftext),
					 forms[f], fl));
			     p++) {
				size_t fo = (size_t)(p - ftext);
				size_t b = map[fo], e = map[fo + fl];
				if (b > 0) {
					u8_prev(&uc, (const uint8_t *)text + b,
						(const uint8_t *)text);
					if (ref_is_word_char(uc))
						continue;
				}
				if (e < len) {
					text_next(text + e, len - e, &uc);
					if (ref_is_word_char(uc))
						continue;
				}
				if (n == cap) {
					cap = cap ? 2 * cap : 8;
					v = xrealloc(v, cap * sizeof *v);
				}
				v[n++] = (struct ref_hit){ b, e - b, ti, f > 0 };
			}
			free(forms[f]);
		}
		free(key);
	}
	free(ftext);
	free(map);

	if (n)
		qsort(v, n, sizeof *v, ref_by_length);
	bool *taken = xcalloc(len + 1, sizeof *taken);
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		bool free_range = true;
		for (size_t k = v[i].off; k < v[i].off + v[i].len; k++)
			if (taken[k]) {
				free_range = false;
				break;
			}
		if (!free_range)
			continue;
		memset(taken + v[i].off, 1, v[i].len);
		v[kept++] = v[i];
	}
	free(taken);
	if (kept)
		qsort(v, kept, sizeof *v, ref_by_offset);
	*out = v;
	return kept;
}

/* ---- comparing --------------------------------------------------------- */

static int mismatches_shown;

/* Checks that the matcher (through glossary_find and through a matcher
 * built once, m) finds exactly what the reference finds in text. */
static void compare(const struct term *terms, size_t nt,
		    const struct matcher *m, const char *text)
{
	struct ref_hit *want;
	size_t nw = ref_find(terms, nt, text, true, &want);
	struct term_span *got, *got2;
	size_t ng = glossary_find(terms, nt, text, &got);
	size_t ng2 = matcher_find(m, text, &got2);
	bool same = ng == nw && ng2 == nw;
	for (size_t i = 0; same && i < nw; i++)
		same = got[i].off == want[i].off && got[i].len == want[i].len &&
		       got[i].term == want[i].term &&
		       got2[i].off == want[i].off &&
		       got2[i].len == want[i].len &&
		       got2[i].term == want[i].term;
	CHECK(same);
	if (!same && mismatches_shown++ < 5) {
		fprintf(stderr, "  in: %s\n  want:", text);
		for (size_t i = 0; i < nw; i++)
			fprintf(stderr, " [%zu+%zu t%zu]", want[i].off,
				want[i].len, want[i].term);
		fprintf(stderr, "\n  got: ");
		for (size_t i = 0; i < ng; i++)
			fprintf(stderr, " [%zu+%zu t%zu]", got[i].off,
				got[i].len, got[i].term);
		fprintf(stderr, "\n");
	}
	free(want);
	free(got);
	free(got2);
}

static struct matcher *matcher_of(const struct term *terms, size_t nt)
{
	struct matcher *m = matcher_new();
	for (size_t i = 0; i < nt; i++)
		matcher_add(m, terms[i].term, i);
	return m;
}

/* ---- the sample -------------------------------------------------------- */

static struct episode *sample(void)
{
	const char *path = getenv("BUILDSPEAK_SAMPLE");
	struct episode *ep = NULL;
	struct import_error err;
	if (import_file(path ? path : "data/sample.page.txt", NULL, &ep,
			&err) != 0) {
		fprintf(stderr, "sample: %s\n", err.msg);
		CHECK(!"the sample imports");
		return NULL;
	}
	return ep;
}

/* On the sample: the same spans as the reference in every sentence, both
 * languages; and against the old finder (no inflections) every difference
 * is an inflected form the old one could not see. */
static void test_sample(void)
{
	struct episode *ep = sample();
	if (!ep)
		return;
	CHECK_INT(ep->n_terms, 194);
	struct matcher *m = matcher_of(ep->terms, ep->n_terms);
	size_t spans = 0, inflected = 0;
	for (size_t i = 0; i < ep->n_segments; i++) {
		for (int lang = 0; lang < 2; lang++) {
			const char *text = lang ? ep->segments[i].zh
						: ep->segments[i].en;
			compare(ep->terms, ep->n_terms, m, text);

			struct ref_hit *old, *now;
			size_t no = ref_find(ep->terms, ep->n_terms, text,
					     false, &old);
			size_t nn = ref_find(ep->terms, ep->n_terms, text,
					     true, &now);
			spans += nn;
			for (size_t k = 0; k < nn; k++) {
				bool in_old = false;
				for (size_t j = 0; j < no && !in_old; j++)
					in_old = old[j].off == now[k].off &&
						 old[j].len == now[k].len &&
						 old[j].term == now[k].term;
				if (!in_old) {
					CHECK(now[k].inflected);
					inflected++;
				}
			}
			free(old);
			free(now);
		}
	}
	/* The sample marks plurals the old finder missed. */
	CHECK(inflected > 0);
	CHECK(spans > 300);
	printf("# sample: %zu spans, %zu of them inflected forms\n", spans,
	       inflected);
	matcher_free(m);
	episode_free(ep);
}

/* ---- generated sentences ----------------------------------------------- */

static uint64_t rng_state = 0x2545F4914F6CDD1Dull;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

/* Sentences made of terms in case and width variants, inflected and not,
 * glued to letters, Han text and punctuation, at the start and the end. */
static void test_generated(void)
{
	static const struct term terms[] = {
		{ "machine learning", "", 0, 0 },
		{ "learning research", "", 0, 0 },
		{ "machine learning research", "", 0, 0 },
		{ "learning", "", 0, 0 },
		{ "agent", "", 0, 0 },
		{ "agents", "", 0, 0 },
		{ "AI", "", 0, 0 },
		{ "ＡＩ", "", 0, 0 },
		{ "RL", "", 0, 0 },
		{ "policy", "", 0, 0 },
		{ "stop", "", 0, 0 },
		{ "use", "", 0, 0 },
		{ "box", "", 0, 0 },
		{ "café", "", 0, 0 },
		{ "trade-off", "", 0, 0 },
		{ "post training", "", 0, 0 },
		{ ".NET", "", 0, 0 },
		{ "C++", "", 0, 0 },
		{ "GPT-4", "", 0, 0 },
		{ "深度学习", "", 0, 0 },
		{ "学习", "", 0, 0 },
		{ "  padded  ", "", 0, 0 },
		{ "\ttabbed\t", "", 0, 0 },
		{ "Pre-", "", 0, 0 },
		{ "", "", 0, 0 },
		{ "Straße", "", 0, 0 },
		{ "agent", "", 0, 0 }, /* twice: the first wins a tie */
	};
	static const char *const pieces[] = {
		"machine", "Machine", "MACHINE", "learning", "Learning",
		"learnings", "research", "Research", "agent", "Agents",
		"agent's", "agent’s", "AGENTS", "agentx", "xagent", "ai", "AI",
		"ＡＩ", "ａｉ", "Ai's", "rl", "RL", "RLs", "world", "policies",
		"Policy", "policied", "stopped", "stopping", "stops", "using",
		"used", "uses", "boxes", "boxs", "CAFÉ", "cafés", "café",
		"trade-off", "trade off", "trade-offs", "post-training",
		"post training", "asp.NET", ".net", "c++", "C++x", "GPT-4",
		"gpt-4o", "深度学习", "学习", "的", "深度学习的", "padded",
		"Padded", "tabbed", "TABBED", "pre", "Pre-", "pre ",
		"STRASSE", "straße", "Straßen", "-", ",", ".", "(",
		")", "’", "\t", "　", "\xC2\xA0", "é", "x", "42",
	};
	size_t nt = sizeof terms / sizeof terms[0];
	size_t np = sizeof pieces / sizeof pieces[0];
	struct matcher *m = matcher_of(terms, nt);
	char buf[512];
	for (int round = 0; round < 4000; round++) {
		size_t len = 0, words = 1 + rnd(12);
		for (size_t w = 0; w < words; w++) {
			const char *p = pieces[rnd((uint32_t)np)];
			/* glue: nothing (inside a word), a space, punctuation */
			static const char *const glue[] = { "", " ", " ", " ",
							    ", ", "的", "-" };
			const char *g = w ? glue[rnd(7)] : "";
			int k = snprintf(buf + len, sizeof buf - len, "%s%s", g,
					 p);
			if (k < 0 || (size_t)k >= sizeof buf - len)
				break;
			len += (size_t)k;
		}
		compare(terms, nt, m, buf);
	}
	matcher_free(m);
}

/* ---- inflections and rules, by hand ------------------------------------ */

/* The substrings matcher m finds in text, joined by '|'. */
static char *found(const struct matcher *m, const char *text)
{
	struct term_span *sp;
	size_t n = matcher_find(m, text, &sp);
	char *out = xstrdup("");
	for (size_t i = 0; i < n; i++) {
		char *next = xasprintf("%s%s%.*s", out, i ? "|" : "",
				       (int)sp[i].len, text + sp[i].off);
		free(out);
		out = next;
	}
	free(sp);
	return out;
}

static void check_found(const char *term, const char *text, const char *want)
{
	struct matcher *m = matcher_new();
	matcher_add(m, term, 7);
	char *got = found(m, text);
	CHECK_STR(got, want);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "  term %s in: %s\n", term, text);
	free(got);
	matcher_free(m);
}

static void test_inflections(void)
{
	check_found("agent", "Agents are here.", "Agents");
	check_found("agent", "An agent's tools; the agents’ loop.",
		    "agent's|agents");
	check_found("agent", "agentic agentsy", "");
	check_found("policy", "Policies, policied, policy.",
		    "Policies|policied|policy");
	check_found("day", "Days, not dayies.", "Days");
	check_found("box", "Boxes and boxed boxing.", "Boxes|boxed|boxing");
	check_found("batch", "Batches.", "Batches");
	check_found("use", "Using it, used, uses; useing.", "Using|used|uses");
	check_found("see", "Seeing is seed? sees", "Seeing|seed|sees");
	check_found("stop", "Stopped, stopping, stops, stoped.",
		    "Stopped|stopping|stops|stoped");
	check_found("train", "Trained, training, trains; trainned.",
		    "Trained|training|trains");
	check_found("language model", "Language models and language-modeling.",
		    "Language models|language-modeling");
	check_found("RL", "RLs, RL's, URLs, RLed", "RLs|RL's");
	/* a name takes only the plural and the possessive */
	check_found("Go", "Go, going, goes, Go's", "Go|Go's");
	check_found("world Model", "world models, world modeling",
		    "world models");
	check_found("Transformer", "Transformers transformed",
		    "Transformers");
	/* no inflection for a term that does not end in a Latin letter */
	check_found("GPT-4", "GPT-4s GPT-4", "GPT-4");
	check_found("深度学习", "深度学习的人", "深度学习");
	/* start and end of the text */
	check_found("agent", "agent", "agent");
	check_found("agent", "agents", "agents");
	/* an exact term wins over another's inflection of the same span */
	struct matcher *m = matcher_new();
	matcher_add(m, "agent", 0);
	matcher_add(m, "agents", 1);
	struct term_span *sp;
	CHECK_INT(matcher_find(m, "agents", &sp), 1);
	if (sp)
		CHECK_INT(sp[0].term, 1);
	free(sp);
	CHECK_INT(matcher_count(m), 2);
	/* adding after a search rebuilds */
	matcher_add(m, "loop", 2);
	char *got = found(m, "agents loop");
	CHECK_STR(got, "agents|loop");
	free(got);
	matcher_free(m);

	/* an empty matcher and empty text */
	m = matcher_new();
	matcher_add(m, "   ", 0);
	CHECK_INT(matcher_count(m), 0);
	CHECK_INT(matcher_find(m, "anything", &sp), 0);
	CHECK(sp == NULL);
	matcher_free(m);
	matcher_free(NULL);
}

/* ---- the reader's marks and the exports' emphasis ---------------------- */

/* Replaces the entities export's HTML escaping makes. */
static char *unescape(const char *s, size_t len)
{
	char *out = xmalloc(len + 1);
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		static const char *const ent[][2] = {
			{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
			{ "&quot;", "\"" },
		};
		bool done = false;
		for (size_t k = 0; k < 4 && !done; k++) {
			size_t el = strlen(ent[k][0]);
			if (len - i >= el && memcmp(s + i, ent[k][0], el) == 0) {
				out[o++] = ent[k][1][0];
				i += el;
				done = true;
			}
		}
		if (!done)
			out[o++] = s[i++];
	}
	out[o] = '\0';
	return out;
}

/* For every term of the sample and each sentence it occurs in (by the
 * reader's marks), the Anki card bolds exactly the marked places. */
static void test_marks_agree_with_emphasis(void)
{
	struct episode *ep = sample();
	if (!ep)
		return;
	size_t checked = 0;
	for (size_t ti = 0; ti < ep->n_terms; ti++) {
		const struct term *t = &ep->terms[ti];
		for (size_t si = 0; si < ep->n_segments; si++) {
			const char *en = ep->segments[si].en;
			struct term_span *sp;
			size_t n = glossary_find(t, 1, en, &sp);
			/* Sentences without the term too, now and then. */
			if (!n && (si + ti) % 37 != 0) {
				free(sp);
				continue;
			}
			char *marks = xstrdup("");
			for (size_t k = 0; k < n; k++) {
				char *next = xasprintf("%s%.*s|", marks,
						       (int)sp[k].len,
						       en + sp[k].off);
				free(marks);
				marks = next;
			}
			free(sp);

			struct vocab_context c = { .en = (char *)en,
						   .zh = (char *)"",
						   .title = (char *)"",
						   .podcast = (char *)"",
						   .date = (char *)"",
						   .source_url = (char *)"" };
			struct vocab_entry e = { .term = t->term,
						 .gloss = (char *)"",
						 .note = (char *)"",
						 .contexts = &c,
						 .n_contexts = 1 };
			char *out = NULL;
			size_t outlen = 0;
			FILE *f = open_memstream(&out, &outlen);
			char err[256];
			CHECK_INT(export_write(f, EXPORT_ANKI, &e, 1, NULL, err,
					       sizeof err), 0);
			fclose(f);
			char *bold = xstrdup("");
			for (char *p = out; (p = strstr(p, "<b>"));) {
				p += 3;
				char *q = strstr(p, "</b>");
				if (!q)
					break;
				char *u = unescape(p, (size_t)(q - p));
				char *next = xasprintf("%s%s|", bold, u);
				free(u);
				free(bold);
				bold = next;
				p = q;
			}
			CHECK_STR(bold, marks);
			free(bold);
			free(marks);
			free(out);
			checked++;
		}
	}
	CHECK(checked > 194);
	episode_free(ep);
}

/* The blocks matcher.c copies without lower-casing (matcher_caseless):
 * none of their characters has a lower case, and none is a space. */
static void test_caseless_blocks(void)
{
	static const uint32_t blocks[][2] = {
		{ 0x2000, 0x206F }, { 0x2E80, 0x2FFF }, { 0x3001, 0xA4CF },
		{ 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF }, { 0xFE30, 0xFE4F },
		{ 0xFF01, 0xFF20 }, { 0xFF3B, 0xFF40 }, { 0xFF5B, 0xFFEF },
	};
	size_t changed = 0;
	for (size_t b = 0; b < sizeof blocks / sizeof *blocks; b++)
		for (uint32_t uc = blocks[b][0]; uc <= blocks[b][1]; uc++)
			changed += uc_tolower(uc) != uc || ref_is_space(uc);
	CHECK_INT(changed, 0);
	/* and the fast path folds what it must not skip */
	struct matcher *m = matcher_new();
	matcher_add(m, "ａｉ", 0);
	char *got = found(m, "ＡＩ　ａｉ");
	CHECK_STR(got, "ＡＩ|ａｉ");
	free(got);
	matcher_free(m);
}

/* A matcher sized beforehand (matcher_reserve, with a right hint, a hint
 * too small and one given after terms) finds what one grown term by term
 * finds, on a large set of made-up terms mixed with real ones. */
static void test_reserve(void)
{
	enum { N = 4000 };
	static const char *const syll[] = { "ka", "lo", "mi", "ze", "ru",
					    "ta", "vo", "ne" };
	static const char *const real[] = { "machine learning", "Agent",
					    "policy", "ＡＩ", "深度学习",
					    " padded\t", "post-", "RLs",
					    "café", "trade-off", "" };
	char **terms = xcalloc(N, sizeof *terms);
	size_t bytes = 0;
	for (size_t i = 0; i < N; i++) {
		if (i % 100 == 0) {
			terms[i] = xstrdup(real[i / 100 % 11]);
		} else {
			size_t k = i;
			char buf[64] = "";
			size_t o = 0;
			do {
				o += (size_t)snprintf(buf + o, sizeof buf - o,
						      "%s%s", o ? (k % 3 ? ""
								    : " ")
							       : "",
						      syll[k % 8]);
				k /= 8;
			} while (k);
			if (i % 7 == 0)
				buf[0] = (char)(buf[0] - 'a' + 'A');
			terms[i] = xstrdup(buf);
		}
		bytes += strlen(terms[i]);
	}
	struct matcher *grown = matcher_new(), *sized = matcher_new(),
		       *small = matcher_new(), *late = matcher_new();
	matcher_reserve(sized, N, bytes);
	matcher_reserve(small, 10, 40);
	for (size_t i = 0; i < N; i++) {
		if (i == N / 2)
			matcher_reserve(late, N - i, bytes / 2);
		matcher_add(grown, terms[i], i);
		matcher_add(sized, terms[i], i);
		matcher_add(small, terms[i], i);
		matcher_add(late, terms[i], i);
	}
	CHECK_INT(matcher_count(sized), matcher_count(grown));
	bool same = true;
	char text[256];
	for (int round = 0; round < 2000 && same; round++) {
		size_t len = 0;
		for (int w = 0; w < 6; w++) {
			const char *t = terms[rnd(N)];
			static const char *const glue[] = {
				" ", "s ", ", ", "ing ", "的", "x"
			};
			int k = snprintf(text + len, sizeof text - len, "%s%s",
					 t, glue[rnd(6)]);
			if (k < 0 || (size_t)k >= sizeof text - len)
				break;
			len += (size_t)k;
		}
		struct term_span *a, *b, *c, *d;
		size_t na = matcher_find(grown, text, &a);
		size_t nb = matcher_find(sized, text, &b);
		size_t nc = matcher_find(small, text, &c);
		size_t nd = matcher_find(late, text, &d);
		same = na == nb && na == nc && na == nd &&
		       (!na || (!memcmp(a, b, na * sizeof *a) &&
				!memcmp(a, c, na * sizeof *a) &&
				!memcmp(a, d, na * sizeof *a)));
		if (!same)
			fprintf(stderr, "  differ on: %s\n", text);
		free(a);
		free(b);
		free(c);
		free(d);
	}
	CHECK(same);
	matcher_free(grown);
	matcher_free(sized);
	matcher_free(small);
	matcher_free(late);
	for (size_t i = 0; i < N; i++)
		free(terms[i]);
	free(terms);
}

int main(void)
{
	test_caseless_blocks();
	test_inflections();
	test_generated();
	test_reserve();
	test_sample();
	test_marks_agree_with_emphasis();
	return check_result();
}
