/* episode: the in-memory model of one episode and time -> segment lookup.
 *
 * Every string an episode points to is owned by it and never NULL, so the
 * rest of the program can print fields without checking. */
#include "buildspeak/episode.h"

#include "buildspeak/alloc.h"
#include "buildspeak/text.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reading speed behind the page's "约 R 分钟": words a minute. */
#define EPISODE_WORDS_PER_MINUTE 200

struct episode *episode_new(void)
{
	struct episode *ep = xcalloc(1, sizeof *ep);

	ep->title = xstrdup("");
	ep->podcast = xstrdup("");
	ep->date = xstrdup("");
	ep->source_url = xstrdup("");
	ep->audio = xstrdup("");
	return ep;
}

void episode_free(struct episode *ep)
{
	if (!ep)
		return;
	for (size_t i = 0; i < ep->n_segments; i++) {
		free(ep->segments[i].en);
		free(ep->segments[i].zh);
	}
	free(ep->segments);
	episode_clear_terms(ep);
	free(ep->terms);
	free(ep->title);
	free(ep->podcast);
	free(ep->date);
	free(ep->source_url);
	free(ep->audio);
	free(ep);
}

void episode_set(char **field, const char *value)
{
	/* Copy before freeing: value may point into the old string. */
	char *copy = xstrdup(value ? value : "");

	free(*field);
	*field = copy;
}

struct segment *episode_add_timing(struct episode *ep, int speaker,
				   double start, double end)
{
	struct segment *seg;

	ep->segments = xgrowarray(ep->segments, &ep->cap_segments,
		ep->n_segments + 1, sizeof *ep->segments);
	seg = &ep->segments[ep->n_segments++];
	seg->speaker = speaker;
	seg->start = start;
	seg->end = end;
	seg->en = seg->zh = NULL;
	seg->line = 0;
	return seg;
}

struct segment *episode_add_segment(struct episode *ep, int speaker,
				    double start, double end, char *en,
				    char *zh, int line)
{
	struct segment *seg = episode_add_timing(ep, speaker, start, end);

	/* Keep the never-NULL promise even for a caller with no text. */
	seg->en = en ? en : xstrdup("");
	seg->zh = zh ? zh : xstrdup("");
	seg->line = line;
	return seg;
}

void episode_clear_terms(struct episode *ep)
{
	if (ep->term_text) {
		free(ep->term_text);
		ep->term_text = NULL;
		ep->term_text_len = ep->term_text_cap = 0;
	} else {
		for (size_t i = 0; i < ep->n_terms; i++) {
			free(ep->terms[i].term);
			free(ep->terms[i].gloss);
		}
	}
	ep->n_terms = 0;
}

/* Gives every term its own copies of its strings and lets the shared
 * block go: before a term that owns its strings joins them. */
static void episode_own_terms(struct episode *ep)
{
	if (!ep->term_text)
		return;
	for (size_t i = 0; i < ep->n_terms; i++) {
		ep->terms[i].term = xstrdup(ep->terms[i].term);
		ep->terms[i].gloss = xstrdup(ep->terms[i].gloss);
	}
	free(ep->term_text);
	ep->term_text = NULL;
	ep->term_text_len = ep->term_text_cap = 0;
}

struct term *episode_add_term_n(struct episode *ep, const char *term,
				size_t term_len, const char *gloss,
				size_t gloss_len, int count,
				int first_segment)
{
	if (ep->n_terms && !ep->term_text) {
		/* Terms owning their strings already: one more of them. */
		char *t = xstrndup(term, term_len), *g = xstrndup(gloss,
								  gloss_len);
		struct term *r = episode_add_term(ep, t, g, count,
						  first_segment);
		free(t);
		free(g);
		return r;
	}
	size_t need = ep->term_text_len + term_len + gloss_len + 2;
	if (need > ep->term_text_cap) {
		/* A new block, the old one copied and every term moved onto
		 * it: doubling keeps the copying linear overall. */
		size_t cap = ep->term_text_cap ? 2 * ep->term_text_cap : 4096;
		while (cap < need)
			cap *= 2;
		char *text = xmalloc(cap);
		if (ep->term_text_len)
			memcpy(text, ep->term_text, ep->term_text_len);
		for (size_t i = 0; i < ep->n_terms; i++) {
			struct term *t = &ep->terms[i];
			t->term = text + (t->term - ep->term_text);
			t->gloss = text + (t->gloss - ep->term_text);
		}
		free(ep->term_text);
		ep->term_text = text;
		ep->term_text_cap = cap;
	}
	ep->terms = xgrowarray(ep->terms, &ep->cap_terms, ep->n_terms + 1,
			       sizeof *ep->terms);
	struct term *t = &ep->terms[ep->n_terms++];
	char *p = ep->term_text + ep->term_text_len;
	t->term = p;
	if (term_len)
		memcpy(p, term, term_len);
	p[term_len] = '\0';
	p += term_len + 1;
	t->gloss = p;
	if (gloss_len)
		memcpy(p, gloss, gloss_len);
	p[gloss_len] = '\0';
	ep->term_text_len = need;
	t->count = count;
	t->first_segment = first_segment;
	return t;
}

struct term *episode_add_term(struct episode *ep, const char *term,
			      const char *gloss, int count, int first_segment)
{
	struct term *t;

	episode_own_terms(ep);

	ep->terms = xgrowarray(ep->terms, &ep->cap_terms, ep->n_terms + 1,
		sizeof *ep->terms);
	t = &ep->terms[ep->n_terms++];
	t->term = xstrdup(term ? term : "");
	t->gloss = xstrdup(gloss ? gloss : "");
	t->count = count;
	t->first_segment = first_segment;
	return t;
}

long episode_segment_at(const struct episode *ep, double t)
{
	size_t lo = 0, hi;

	if (ep->n_segments == 0)
		return -1;
	/* Invariant: segments[lo].start <= t, or lo == 0 (time before the
	 * first segment, or NaN, shows the first); the answer is in
	 * [lo, hi). */
	hi = ep->n_segments;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (ep->segments[mid].start <= t)
			lo = mid;
		else
			hi = mid;
	}
	return (long)lo;
}

char *episode_format_time(double seconds, char *buf, size_t size)
{
	/* Whole seconds, rounded down: the page prints 00:28 for a segment
	 * that ends at 28.9 s, and a clock must not run ahead of the audio. */
	long long s = 0;

	/* Truncation is floor for positive values; this also sends NaN and
	 * negative input to 0 and keeps absurd values from overflowing. */
	if (seconds > 0 && seconds < 1e15)
		s = (long long)seconds;
	/* By hand: a list prints one per row, and snprintf's format
	 * parsing cost more than the rest of a row. Built from the end. */
	char tmp[32];
	size_t o = sizeof tmp;
	tmp[--o] = '\0';
	long long parts[2] = { s % 60, s / 60 % 60 };
	long long rest = s >= 3600 ? s / 3600 : s / 60;
	for (int k = 0; k < (s >= 3600 ? 2 : 1); k++) {
		tmp[--o] = (char)('0' + parts[k] % 10);
		tmp[--o] = (char)('0' + parts[k] / 10);
		tmp[--o] = ':';
	}
	int digits = 0;
	do {
		tmp[--o] = (char)('0' + rest % 10);
		rest /= 10;
		digits++;
	} while (rest || (s < 3600 && digits < 2));
	if (size) {
		size_t n = sizeof tmp - 1 - o;
		if (n >= size)
			n = size - 1;
		memcpy(buf, tmp + o, n);
		buf[n] = '\0';
	}
	return buf;
}

/* Digits by hand: strtod would take signs, exponents and hex. */
bool episode_parse_time(const char *s, double *out)
{
	double t = 0;
	int n = 0;
	const char *p = s;
	for (;;) {
		double v = 0;
		int digits = 0;
		for (; *p >= '0' && *p <= '9' && digits < 9; p++, digits++)
			v = v * 10 + (*p - '0');
		if (*p == '.') {
			double scale = 0.1;
			for (p++; *p >= '0' && *p <= '9'; p++, digits++) {
				v += (*p - '0') * scale;
				scale /= 10;
			}
			if (*p == ':')
				return false; /* "1.5:00" */
		}
		/* Minutes and seconds after a colon stay below 60. */
		if (!digits || (n > 0 && v >= 60))
			return false;
		t = t * 60 + v;
		if (++n == 3 || *p != ':')
			break;
		p++;
	}
	if (*p != '\0')
		return false;
	*out = t;
	return true;
}

void episode_update_stats(struct episode *ep)
{
	size_t words = 0;
	double duration = 0;

	for (size_t i = 0; i < ep->n_segments; i++) {
		if (ep->segments[i].en) /* NULL: not loaded (lazy load) */
			words += text_word_count(ep->segments[i].en);
		/* The latest end, not just the last segment's: the same
		 * thing for a well-formed page, and never less for a page
		 * whose last segment is short. */
		if (ep->segments[i].end > duration)
			duration = ep->segments[i].end;
	}
	ep->words = words > INT_MAX ? INT_MAX : (int)words;
	/* Whole minutes, rounded down as the digest does (11,291 words ->
	 * 56.45 -> "约 56 分钟"), but never 0 for an episode with words.
	 * Rounding down also keeps our count (within 1% of the page's) on
	 * the page's figure for the sample. */
	ep->reading_minutes = ep->words / EPISODE_WORDS_PER_MINUTE;
	if (ep->reading_minutes == 0 && ep->words > 0)
		ep->reading_minutes = 1;
	ep->duration = duration;
}

bool episode_audio_is_url(const char *audio)
{
	static const char scheme[] = "abcdefghijklmnopqrstuvwxyz"
				     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-";
	/* A scheme starts with a letter (the first 52 of scheme). */
	if (!audio[0] || !memchr(scheme, audio[0], 52))
		return false;
	size_t n = strspn(audio, scheme);
	return strncmp(audio + n, "://", 3) == 0;
}

bool episode_day_exists(long y, long m, long d)
{
	static const int episode_mdays[12] = { 31, 29, 31, 30, 31, 30,
					       31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12 || d < 1 || d > episode_mdays[m - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(m == 2 && d == 29 && !leap);
}
