/* subtitle: cues turned into an episode -- the language of a track, one
 * file holding both languages split into the two sides, and two files
 * paired by time.
 *
 * A segment's text is one line, as on a page: the lines of a cue are
 * joined with a space, or with nothing where either side of the break is
 * Chinese (Han or CJK punctuation), because Chinese has no spaces between
 * words.
 *
 * Speakers: a <v> voice written "Speaker N" is speaker N (so an exported
 * episode reads back with its numbers); other voice names are numbered 1,
 * 2, ... in order of first appearance; a cue without a voice is speaker 1
 * unless it continues a cue in the same segment that has one. */
#include "buildspeak/subtitle.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buildspeak/alloc.h"
#include "buildspeak/glossary.h"
#include "buildspeak/text.h"

/* ---- text ----------------------------------------------------------------- */

static bool subtitle_is_cjk(uint32_t uc)
{
	return text_is_han(uc) || (uc >= 0x3000 && uc <= 0x303F) ||
	       (uc >= 0xFF00 && uc <= 0xFFEF) || (uc >= 0x3040 && uc <= 0x30FF);
}

/* The first and last code points of s[0..n). */
static uint32_t subtitle_first_uc(const char *s, size_t n)
{
	uint32_t uc = 0;
	text_next(s, n, &uc);
	return uc;
}

static uint32_t subtitle_last_uc(const char *s, size_t n)
{
	size_t i = n ? n - 1 : 0;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return subtitle_first_uc(s + i, n - i);
}

/* Appends s[0..n) to the heap string *dst (NULL: empty), with a space
 * between them unless either side of the join is Chinese. */
static void subtitle_join(char **dst, const char *s, size_t n)
{
	if (!n)
		return;
	if (!*dst || !**dst) {
		free(*dst);
		*dst = xstrndup(s, n);
		return;
	}
	size_t dl = strlen(*dst);
	bool space = !subtitle_is_cjk(subtitle_last_uc(*dst, dl)) &&
		     !subtitle_is_cjk(subtitle_first_uc(s, n));
	char *r = xmalloc(dl + space + n + 1);
	memcpy(r, *dst, dl);
	if (space)
		r[dl] = ' ';
	memcpy(r + dl + space, s, n);
	r[dl + space + n] = '\0';
	free(*dst);
	*dst = r;
}

/* Joins all the lines of a cue's text (see the top). */
static void subtitle_join_lines(char **dst, const char *text)
{
	while (*text) {
		size_t n = strcspn(text, "\n");
		subtitle_join(dst, text, n);
		text += n + (text[n] == '\n');
	}
}

static bool subtitle_has_han(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		int k = text_next(s + i, n - i, &uc);
		if (text_is_han(uc))
			return true;
		i += (size_t)(k > 0 ? k : 1);
	}
	return false;
}

/* ---- languages ------------------------------------------------------------ */

enum subtitle_lang subtitle_guess_lang(const struct subtitle_track *t)
{
	size_t cues = 0, mixed = 0, han = 0, letters = 0;
	for (size_t i = 0; i < t->n_cues; i++) {
		const char *s = t->cues[i].text;
		if (!s[0])
			continue;
		cues++;
		bool with = false, without = false;
		for (const char *l = s; *l;) {
			size_t n = strcspn(l, "\n");
			if (subtitle_has_han(l, n))
				with = true;
			else
				without = true;
			l += n + (l[n] == '\n');
		}
		mixed += with && without;
		size_t len = strlen(s);
		for (size_t k = 0; k < len;) {
			uint32_t uc;
			int step = text_next(s + k, len - k, &uc);
			if (text_is_han(uc)) {
				han++;
				letters++;
			} else if ((uc | 0x20) >= 'a' && (uc | 0x20) <= 'z') {
				letters++;
			}
			k += (size_t)(step > 0 ? step : 1);
		}
	}
	if (cues && mixed * 2 > cues)
		return SUBTITLE_LANG_BOTH;
	return letters && han * 5 >= letters ? SUBTITLE_LANG_ZH
					     : SUBTITLE_LANG_EN;
}

/* Splits a cue of a bilingual file: with two lines, the first is English
 * and the second Chinese (the order bilingual releases use, and the one
 * export writes) unless only the first holds Han characters; otherwise
 * lines with Han characters are Chinese and the others English. */
static void subtitle_split(const char *text, char **en, char **zh)
{
	const char *nl = strchr(text, '\n');
	if (nl && !strchr(nl + 1, '\n')) {
		size_t n0 = (size_t)(nl - text), n1 = strlen(nl + 1);
		bool swap = subtitle_has_han(text, n0) &&
			    !subtitle_has_han(nl + 1, n1);
		subtitle_join(swap ? zh : en, text, n0);
		subtitle_join(swap ? en : zh, nl + 1, n1);
		return;
	}
	while (*text) {
		size_t n = strcspn(text, "\n");
		subtitle_join(subtitle_has_han(text, n) ? zh : en, text, n);
		text += n + (text[n] == '\n');
	}
}

/* ---- speakers ------------------------------------------------------------- */

/* Voice names seen so far, numbered in order of first appearance. */
struct subtitle_voices {
	char **names;
	size_t n, cap;
};

static int subtitle_speaker(struct subtitle_voices *v, const char *voice)
{
	if (!voice)
		return 0;
	const char *p = voice + strlen("Speaker ");
	if (strncmp(voice, "Speaker ", 8) == 0 && *p >= '1' && *p <= '9' &&
	    strspn(p, "0123456789") == strlen(p) && strlen(p) <= 3)
		return atoi(p);
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->names[i], voice) == 0)
			return (int)i + 1;
	v->names = xgrowarray(v->names, &v->cap, v->n + 1, sizeof *v->names);
	v->names[v->n++] = xstrdup(voice);
	return (int)v->n;
}

static void subtitle_voices_free(struct subtitle_voices *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->names[i]);
	free(v->names);
}

static double subtitle_seconds(long long ms)
{
	return (double)ms / 1000.0;
}

static struct episode *subtitle_finish(struct episode *ep)
{
	if (!ep->n_segments) {
		episode_free(ep);
		return NULL;
	}
	episode_update_stats(ep);
	glossary_build(ep);
	return ep;
}

struct episode *subtitle_episode(const struct subtitle_track *t,
				 enum subtitle_lang lang)
{
	if (lang == SUBTITLE_LANG_UNKNOWN)
		lang = subtitle_guess_lang(t);
	struct episode *ep = episode_new();
	struct subtitle_voices voices = { 0 };
	for (size_t i = 0; i < t->n_cues; i++) {
		const struct subtitle_cue *c = &t->cues[i];
		if (!c->text[0])
			continue;
		char *en = NULL, *zh = NULL;
		if (lang == SUBTITLE_LANG_BOTH)
			subtitle_split(c->text, &en, &zh);
		else
			subtitle_join_lines(lang == SUBTITLE_LANG_ZH ? &zh : &en,
					    c->text);
		int sp = subtitle_speaker(&voices, c->voice);
		episode_add_segment(ep, sp ? sp : 1, subtitle_seconds(c->start),
				    subtitle_seconds(c->end), en, zh, c->line);
	}
	subtitle_voices_free(&voices);
	return subtitle_finish(ep);
}

/* ---- pairing two tracks ----------------------------------------------------- */

/* Union-find over the cues of both tracks: English cue i is node i,
 * Chinese cue j is node n_en + j. */
static size_t subtitle_root(size_t *parent, size_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

static void subtitle_unite(size_t *parent, size_t a, size_t b)
{
	a = subtitle_root(parent, a);
	b = subtitle_root(parent, b);
	/* The smaller node is the root, so a group's root is its first
	 * English cue when it has one. */
	if (a < b)
		parent[b] = a;
	else if (b < a)
		parent[a] = b;
}

/* The cues of a track that have text, as indexes. */
static size_t subtitle_with_text(const struct subtitle_track *t, size_t **idx)
{
	size_t n = 0;
	*idx = xcalloc(t->n_cues ? t->n_cues : 1, sizeof **idx);
	for (size_t i = 0; i < t->n_cues; i++)
		if (t->cues[i].text[0])
			(*idx)[n++] = i;
	return n;
}

struct episode *subtitle_pair(const struct subtitle_track *en_t,
			      const struct subtitle_track *zh_t)
{
	size_t *ei, *zi;
	size_t ne = subtitle_with_text(en_t, &ei);
	size_t nz = subtitle_with_text(zh_t, &zi);
	const struct subtitle_cue *E = en_t->cues, *Z = zh_t->cues;
	size_t *parent = xcalloc(ne + nz + 1, sizeof *parent);
	for (size_t i = 0; i < ne + nz; i++)
		parent[i] = i;

	/* The longest English cue bounds how far back an overlap can
	 * start. */
	long long longest = 0;
	for (size_t i = 0; i < ne; i++)
		if (E[ei[i]].end - E[ei[i]].start > longest)
			longest = E[ei[i]].end - E[ei[i]].start;

	size_t lo = 0; /* first English cue that may still overlap */
	for (size_t j = 0; j < nz; j++) {
		const struct subtitle_cue *z = &Z[zi[j]];
		while (lo < ne && E[ei[lo]].start + longest < z->start)
			lo++;
		long long zd = z->end - z->start, best = 0;
		size_t best_i = ne;
		bool strong = false;
		for (size_t i = lo; i < ne && E[ei[i]].start <= z->end; i++) {
			const struct subtitle_cue *e = &E[ei[i]];
			long long ed = e->end - e->start;
			long long a = e->start > z->start ? e->start : z->start;
			long long b = e->end < z->end ? e->end : z->end;
			long long ov = b - a;
			/* A cue of no length overlaps the cue it falls in. */
			bool inside = (zd == 0 && z->start >= e->start &&
				       z->start < e->end) ||
				      (ed == 0 && e->start >= z->start &&
				       e->start < z->end);
			if (inside || (ov > 0 &&
				       2 * ov >= (ed < zd ? ed : zd))) {
				subtitle_unite(parent, i, ne + j);
				strong = true;
			} else if (ov > best) {
				best = ov;
				best_i = i;
			}
		}
		if (!strong && best_i < ne)
			subtitle_unite(parent, best_i, ne + j);
	}

	/* Walk both tracks in order of start; a group becomes a segment when
	 * its first cue is met, so segments come out sorted by start. */
	struct episode *ep = episode_new();
	size_t *seg_of = xcalloc(ne + nz + 1, sizeof *seg_of); /* root -> 1+seg */
	struct subtitle_voices voices = { 0 };
	/* per segment: the first English voice, the first Chinese one, and
	 * whether an English cue has set the segment's line */
	int *sp_en = xcalloc(ne + nz + 1, sizeof *sp_en);
	int *sp_zh = xcalloc(ne + nz + 1, sizeof *sp_zh);
	bool *line_en = xcalloc(ne + nz + 1, sizeof *line_en);
	size_t i = 0, j = 0;
	while (i < ne || j < nz) {
		bool take_en = j >= nz ||
			       (i < ne && E[ei[i]].start <= Z[zi[j]].start);
		size_t node = take_en ? i : ne + j;
		const struct subtitle_cue *c = take_en ? &E[ei[i]] : &Z[zi[j]];
		size_t root = subtitle_root(parent, node);
		if (!seg_of[root]) {
			episode_add_segment(ep, 1, subtitle_seconds(c->start),
					    subtitle_seconds(c->end), NULL, NULL,
					    c->line);
			seg_of[root] = ep->n_segments;
		}
		size_t k = seg_of[root] - 1;
		struct segment *s = &ep->segments[k];
		if (subtitle_seconds(c->end) > s->end)
			s->end = subtitle_seconds(c->end);
		if (take_en && !line_en[k]) {
			s->line = c->line;
			line_en[k] = true;
		}
		int sp = subtitle_speaker(&voices, c->voice);
		int *slot = take_en ? &sp_en[k] : &sp_zh[k];
		if (sp && !*slot)
			*slot = sp;
		subtitle_join_lines(take_en ? &s->en : &s->zh, c->text);
		if (take_en)
			i++;
		else
			j++;
	}
	for (size_t k = 0; k < ep->n_segments; k++)
		ep->segments[k].speaker = sp_en[k] ? sp_en[k]
					  : sp_zh[k] ? sp_zh[k] : 1;
	free(sp_en);
	free(sp_zh);
	free(line_en);
	subtitle_voices_free(&voices);
	free(seg_of);
	free(parent);
	free(ei);
	free(zi);
	return subtitle_finish(ep);
}
