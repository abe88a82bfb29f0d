/* glosspane: the glossary pane's order, selection and scroll. */
#include "buildspeak/glosspane.h"

#include <assert.h>
#include <stdlib.h>

#include "buildspeak/alloc.h"

struct glosspane {
	size_t *order;    /* term indices, the sentence's first; n owned */
	size_t n;         /* terms listed */
	size_t marked;    /* order[0..marked) occur in the sentence */
	size_t sel, top;  /* selected row and first visible row */
	/* Enter's round of the selected term's sentences: */
	size_t hits_term; /* the term they are of (valid when hits_set) */
	bool hits_set;
	size_t *hits;     /* its sentences in order, owned */
	size_t n_hits;
	size_t hit;       /* the one gone to last; n_hits: none yet */
};

struct glosspane *glosspane_new(void)
{
	return xcalloc(1, sizeof(struct glosspane));
}

void glosspane_free(struct glosspane *g)
{
	if (!g)
		return;
	free(g->order);
	free(g->hits);
	free(g);
}

void glosspane_clear(struct glosspane *g)
{
	free(g->order);
	g->order = NULL;
	g->n = g->marked = g->sel = g->top = 0;
	free(g->hits);
	g->hits = NULL;
	g->n_hits = 0;
	g->hits_set = false;
}

void glosspane_set_hits(struct glosspane *g, size_t term, size_t *segs,
			size_t n)
{
	free(g->hits);
	g->hits = segs;
	g->n_hits = n;
	g->hit = n;
	g->hits_term = term;
	g->hits_set = true;
}

bool glosspane_next_hit(struct glosspane *g, size_t term, size_t *seg,
			size_t *k, size_t *n)
{
	if (!g->hits_set || g->hits_term != term)
		return false;
	*n = g->n_hits;
	if (!g->n_hits)
		return true;
	g->hit = g->hit >= g->n_hits ? 0 : (g->hit + 1) % g->n_hits;
	*seg = g->hits[g->hit];
	*k = g->hit;
	return true;
}

void glosspane_order(struct glosspane *g, size_t n_terms,
		     const struct term_span *en, size_t n_en,
		     const struct term_span *zh, size_t n_zh,
		     bool keep_selection)
{
	size_t nt = n_terms;
	size_t keep = g->order && g->sel < g->n ? g->order[g->sel]
						: (size_t)-1;
	if (g->n != nt) {
		free(g->order);
		g->order = xcalloc(nt ? nt : 1, sizeof *g->order);
		g->n = nt;
	}
	bool *in = xcalloc(nt ? nt : 1, sizeof *in);
	size_t k = 0;
	for (int pass = 0; pass < 2; pass++) {
		const struct term_span *sp = pass ? zh : en;
		size_t n = pass ? n_zh : n_en;
		for (size_t i = 0; i < n; i++) {
			if (sp[i].term < nt && !in[sp[i].term]) {
				in[sp[i].term] = true;
				g->order[k++] = sp[i].term;
			}
		}
	}
	g->marked = k;
	for (size_t i = 0; i < nt; i++)
		if (!in[i])
			g->order[k++] = i;
	free(in);
	assert(k == nt);
	g->sel = 0;
	if (keep_selection && keep != (size_t)-1) {
		for (size_t i = 0; i < nt; i++)
			if (g->order[i] == keep)
				g->sel = i;
	} else {
		g->top = 0;
	}
}

size_t glosspane_count(const struct glosspane *g)
{
	return g->n;
}

size_t glosspane_term(const struct glosspane *g, size_t i)
{
	assert(i < g->n);
	return g->order[i];
}

size_t glosspane_marked(const struct glosspane *g)
{
	return g->marked;
}

size_t glosspane_sel(const struct glosspane *g)
{
	return g->sel;
}

size_t glosspane_top(const struct glosspane *g)
{
	return g->top;
}

void glosspane_select(struct glosspane *g, size_t i)
{
	assert(i < g->n);
	g->sel = i;
}

void glosspane_move(struct glosspane *g, long delta, size_t rows)
{
	if (!g->n)
		return;
	long s = (long)g->sel + delta;
	if (s >= (long)g->n)
		s = (long)g->n - 1;
	g->sel = s < 0 ? 0 : (size_t)s;
	if (g->sel < g->top)
		g->top = g->sel;
	if (g->sel >= g->top + rows)
		g->top = g->sel - rows + 1;
}
