/* transcript: the transcript's lazy layout, scroll anchor and current
 * sentence. */
#include "buildspeak/transcript.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "buildspeak/alloc.h"
#include "buildspeak/matcher.h"

/* Segments whose text transcript_seg loads at a time,
 * aligned so that stepping through a window costs one query: ~50 kB. */
#define TRANSCRIPT_TEXT_WINDOW 64

struct transcript {
	const struct text_metrics *metrics; /* borrowed: the app's */
	transcript_error_fn *on_error;
	void *error_ctx;

	struct episode *ep;        /* borrowed: the app's open episode */
	struct store *st;          /* borrowed; NULL in tests */
	struct matcher *terms;     /* ep's glossary terms, folded once when
				      it opens; owned */
	struct transcript_seg *segv; /* ep->n_segments views, owned */
	unsigned gen;              /* layout generation: bumped on width or
				      metrics change, so old views re-wrap */
	int wrap_cols;             /* width the text is wrapped to */
	int rows;                  /* rows of the body, >= 1 */
	enum transcript_tr tr;     /* what it shows */
	bool revealed;             /* the current sentence shows the language
				      tr hides, until it stops being current */
	size_t top_seg;            /* first visible segment */
	size_t top_line;           /* ... and its first visible line */
	bool follow;               /* the view follows the current sentence;
				      false once the user scrolls away */

	size_t cur;                /* the current sentence */
	size_t marks_seg;          /* the sentence the spans are of; == cur
				      whenever there is an episode */
	struct term_span *cur_spans[2]; /* glossary terms in its English and
				      Chinese (sanitised text), owned */
	size_t n_cur_spans[2];
};

static void transcript_ensure_visible(struct transcript *t);

static bool transcript_empty(const struct transcript *t)
{
	return !t->ep || !t->ep->n_segments;
}

struct transcript *transcript_new(const struct text_metrics *metrics,
				  transcript_error_fn *on_error, void *ctx)
{
	struct transcript *t = xcalloc(1, sizeof *t);
	t->metrics = metrics;
	t->on_error = on_error;
	t->error_ctx = ctx;
	t->gen = 1;
	t->wrap_cols = 2;
	t->rows = 1;
	t->follow = true;
	return t;
}

static void transcript_close(struct transcript *t)
{
	if (t->segv) {
		for (size_t i = 0; i < t->ep->n_segments; i++) {
			struct transcript_seg *v = &t->segv[i];
			free(v->en);
			free(v->zh);
			free(v->en_lines);
			free(v->zh_lines);
		}
		free(t->segv);
		t->segv = NULL;
	}
	for (int l = 0; l < 2; l++) {
		free(t->cur_spans[l]);
		t->cur_spans[l] = NULL;
		t->n_cur_spans[l] = 0;
	}
	matcher_free(t->terms);
	t->terms = NULL;
	t->ep = NULL;
	t->st = NULL;
	t->cur = t->marks_seg = t->top_seg = t->top_line = 0;
}

void transcript_free(struct transcript *t)
{
	if (!t)
		return;
	transcript_close(t);
	free(t);
}

/* Every segment view must re-wrap: a new layout generation (0 is kept for
 * "never laid out"). */
static void transcript_bump_gen(struct transcript *t)
{
	if (++t->gen == 0)
		t->gen = 1;
}

void transcript_relayout(struct transcript *t)
{
	transcript_bump_gen(t);
}

/* ---- lazy text and layout ------------------------------------------------- */

void transcript_load_text(struct transcript *t, size_t from, size_t to)
{
	struct episode *ep = t->ep;
	if (!ep)
		return;
	if (to > ep->n_segments)
		to = ep->n_segments;
	size_t i = from;
	while (i < to && ep->segments[i].en)
		i++;
	if (i >= to)
		return; /* all there: episodes not opened lazily always are */
	if (t->st && store_episode_load_text(t->st, ep, i, to) == 0)
		return;
	if (t->on_error) {
		char *msg = xasprintf("cannot load the episode's text: %s",
				      t->st ? store_error(t->st)
					    : "no library");
		t->on_error(t->error_ctx, msg);
		free(msg);
	}
	/* Keep the model's never-NULL promise from here on. */
	for (; i < to; i++) {
		if (!ep->segments[i].en) {
			ep->segments[i].en = xstrdup("");
			ep->segments[i].zh = xstrdup("");
		}
	}
}

const struct transcript_seg *transcript_seg(struct transcript *t, size_t i)
{
	assert(t->ep && i < t->ep->n_segments);
	struct transcript_seg *v = &t->segv[i];
	if (!v->en) {
		if (!t->ep->segments[i].en) {
			size_t w = i - i % TRANSCRIPT_TEXT_WINDOW;
			transcript_load_text(t, w, w + TRANSCRIPT_TEXT_WINDOW);
		}
		v->en = text_sanitize(t->ep->segments[i].en);
		v->zh = text_sanitize(t->ep->segments[i].zh);
	}
	if (v->gen != t->gen) {
		free(v->en_lines);
		free(v->zh_lines);
		v->n_en = text_wrap(v->en, t->wrap_cols, t->metrics,
				    &v->en_lines);
		v->n_zh = text_wrap(v->zh, t->wrap_cols, t->metrics,
				    &v->zh_lines);
		/* A side that is missing (a subtitle of one language) takes
		 * no row, unlike an empty line inside a text. */
		if (!v->en[0])
			v->n_en = 0;
		if (!v->zh[0])
			v->n_zh = 0;
		v->gen = t->gen;
	}
	return v;
}

bool transcript_shows(const struct transcript *t, size_t i, int lang)
{
	if (t->revealed && i == t->cur)
		return true;
	return t->tr != (lang ? TRANSCRIPT_TR_EN : TRANSCRIPT_TR_ZH);
}

bool transcript_reveal(struct transcript *t)
{
	if (transcript_empty(t) || t->tr == TRANSCRIPT_TR_BOTH)
		return false;
	t->revealed = !t->revealed;
	if (t->follow)
		transcript_ensure_visible(t);
	return true;
}

bool transcript_revealed(const struct transcript *t)
{
	return t->revealed;
}

size_t transcript_seg_height(struct transcript *t, size_t i)
{
	const struct transcript_seg *v = transcript_seg(t, i);
	size_t h = 2; /* header and the blank line after */
	if (transcript_shows(t, i, 0))
		h += v->n_en;
	if (transcript_shows(t, i, 1))
		h += v->n_zh;
	return h;
}

int transcript_rows(const struct transcript *t)
{
	return t->rows;
}

size_t transcript_laid_out(const struct transcript *t)
{
	size_t n = 0;
	for (size_t i = 0; t->ep && i < t->ep->n_segments; i++)
		n += t->segv[i].gen != 0;
	return n;
}

size_t transcript_top_seg(const struct transcript *t)
{
	return t->top_seg;
}

size_t transcript_top_line(const struct transcript *t)
{
	return t->top_line;
}

bool transcript_at(struct transcript *t, int row, size_t *seg, size_t *line)
{
	if (!t->ep || row < 0)
		return false;
	size_t s = t->top_seg, l = t->top_line, r = (size_t)row;
	while (s < t->ep->n_segments) {
		size_t avail = transcript_seg_height(t, s) - l;
		if (r < avail) {
			*seg = s;
			*line = l + r;
			return true;
		}
		r -= avail;
		s++;
		l = 0;
	}
	return false;
}

/* ---- the scroll anchor ------------------------------------------------------ */

/* The last anchor that still fills the body: the view never scrolls past
 * the end of the transcript into empty rows. */
static void transcript_max_anchor(struct transcript *t, size_t *seg,
				  size_t *line)
{
	size_t rows = (size_t)t->rows;
	size_t s = t->ep->n_segments, acc = 0;
	while (s > 0) {
		size_t h = transcript_seg_height(t, s - 1);
		if (acc + h >= rows) {
			*seg = s - 1;
			*line = acc + h - rows;
			return;
		}
		acc += h;
		s--;
	}
	*seg = 0;
	*line = 0;
}

static void transcript_clamp(struct transcript *t)
{
	size_t ms, ml;
	transcript_max_anchor(t, &ms, &ml);
	if (t->top_seg > ms || (t->top_seg == ms && t->top_line > ml)) {
		t->top_seg = ms;
		t->top_line = ml;
	}
	if (t->top_seg < t->ep->n_segments &&
	    t->top_line >= transcript_seg_height(t, t->top_seg))
		t->top_line = transcript_seg_height(t, t->top_seg) - 1;
}

/* Moves the anchor by delta rows (negative: up). */
static void transcript_move(struct transcript *t, long delta)
{
	if (delta > 0) {
		size_t need = (size_t)delta;
		while (need > 0) {
			size_t rem = transcript_seg_height(t, t->top_seg) -
				     t->top_line;
			if (need < rem) {
				t->top_line += need;
				break;
			}
			if (t->top_seg + 1 >= t->ep->n_segments) {
				t->top_line += rem - 1;
				break;
			}
			need -= rem;
			t->top_seg++;
			t->top_line = 0;
		}
	} else {
		size_t need = (size_t)-delta;
		while (need > 0) {
			if (t->top_line >= need) {
				t->top_line -= need;
				break;
			}
			if (t->top_seg == 0) {
				t->top_line = 0;
				break;
			}
			need -= t->top_line + 1;
			t->top_seg--;
			t->top_line = transcript_seg_height(t, t->top_seg) - 1;
		}
	}
	transcript_clamp(t);
}

void transcript_scroll(struct transcript *t, long delta)
{
	if (transcript_empty(t))
		return;
	t->follow = false;
	transcript_move(t, delta);
}

/* Puts segment seg in view with some context above it: its header a
 * quarter of the way down, or at the top when it is too tall for that. */
static void transcript_place(struct transcript *t, size_t seg)
{
	long rows = t->rows;
	long h = (long)transcript_seg_height(t, seg);
	long above = rows / 4;
	if (above > rows - h)
		above = rows - h;
	t->top_seg = seg;
	t->top_line = 0;
	if (above > 0)
		transcript_move(t, -above);
	transcript_clamp(t);
}

/* Keeps the current sentence entirely in view if it is not. Costs at most
 * one screenful of segments. */
static void transcript_ensure_visible(struct transcript *t)
{
	size_t c = t->cur;
	if (c < t->top_seg || (c == t->top_seg && t->top_line > 0)) {
		transcript_place(t, c);
		return;
	}
	size_t rows = (size_t)t->rows;
	size_t off = 0;
	for (size_t s = t->top_seg; s < c; s++) {
		off += transcript_seg_height(t, s) -
		       (s == t->top_seg ? t->top_line : 0);
		if (off >= rows) {
			transcript_place(t, c);
			return;
		}
	}
	if (off + transcript_seg_height(t, c) > rows)
		transcript_place(t, c);
}

/* After a change of size or of what is shown: a valid anchor, and the
 * current sentence in view while following. */
static void transcript_keep(struct transcript *t)
{
	if (transcript_empty(t))
		return;
	transcript_clamp(t);
	if (t->follow)
		transcript_ensure_visible(t);
}

void transcript_set_size(struct transcript *t, int cols, int rows)
{
	if (cols < 2)
		cols = 2;
	if (rows < 1)
		rows = 1;
	if (cols != t->wrap_cols) {
		t->wrap_cols = cols;
		transcript_bump_gen(t);
	}
	t->rows = rows;
	transcript_keep(t);
}

enum transcript_tr transcript_translation(const struct transcript *t)
{
	return t->tr;
}

void transcript_set_translation(struct transcript *t, enum transcript_tr tr)
{
	t->tr = tr;
	t->revealed = false;
	/* Keep the current sentence where the eye is. */
	transcript_keep(t);
}

bool transcript_following(const struct transcript *t)
{
	return t->follow;
}

void transcript_follow(struct transcript *t)
{
	if (transcript_empty(t))
		return;
	t->follow = true;
	transcript_place(t, t->cur);
}

/* ---- the current sentence ------------------------------------------------ */

/* The glossary terms in the current sentence. */
static void transcript_mark(struct transcript *t)
{
	const struct transcript_seg *v = transcript_seg(t, t->cur);
	for (int l = 0; l < 2; l++) {
		free(t->cur_spans[l]);
		t->n_cur_spans[l] = matcher_find(t->terms, l ? v->zh : v->en,
						 &t->cur_spans[l]);
	}
	t->marks_seg = t->cur;
}

size_t transcript_current(const struct transcript *t)
{
	return t->cur;
}

bool transcript_set_current(struct transcript *t, size_t i, bool jump)
{
	if (transcript_empty(t))
		return false;
	if (jump)
		t->follow = true;
	if (i >= t->ep->n_segments)
		i = t->ep->n_segments - 1;
	bool changed = i != t->cur;
	if (changed) {
		t->cur = i;
		t->revealed = false; /* the next sentence is hidden again */
		transcript_mark(t);
	}
	assert(t->marks_seg == t->cur);
	if (t->follow)
		transcript_ensure_visible(t);
	return changed;
}

size_t transcript_current_spans(const struct transcript *t, int lang,
				const struct term_span **spans)
{
	assert(lang == 0 || lang == 1);
	assert(transcript_empty(t) || t->marks_seg == t->cur);
	*spans = t->cur_spans[lang];
	return t->n_cur_spans[lang];
}

void transcript_open(struct transcript *t, struct episode *ep,
		     struct store *st, size_t cur)
{
	transcript_close(t);
	t->ep = ep;
	t->st = st;
	t->follow = true;
	t->revealed = false;
	if (!ep)
		return;
	t->segv = xcalloc(ep->n_segments ? ep->n_segments : 1,
			  sizeof *t->segv);
	t->terms = matcher_new();
	/* The terms' bytes alone: the glosses beside them in the block
	 * would double the tables reserved. */
	size_t bytes = 0;
	for (size_t i = 0; i < ep->n_terms; i++)
		bytes += strlen(ep->terms[i].term);
	matcher_reserve(t->terms, ep->n_terms, bytes);
	for (size_t i = 0; i < ep->n_terms; i++)
		matcher_add(t->terms, ep->terms[i].term, i);
	if (!ep->n_segments)
		return;
	t->cur = cur < ep->n_segments ? cur : ep->n_segments - 1;
	transcript_mark(t);
	transcript_place(t, t->cur);
}
