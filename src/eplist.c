/* eplist: the episode list's state. */
#include "buildspeak/eplist.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buildspeak/alloc.h"

struct eplist {
	struct episode_summary *v; /* owned, n of them, newest first */
	size_t n;
	size_t sel;                /* selected episode index */
	size_t top;                /* first visible row of the body */
	size_t n_today;            /* v[0..n_today) are dated today */
	char today[11];            /* "YYYY-MM-DD" */
};

struct eplist *eplist_new(const char *today)
{
	struct eplist *l = xcalloc(1, sizeof *l);
	snprintf(l->today, sizeof l->today, "%s", today);
	return l;
}

void eplist_free(struct eplist *l)
{
	if (!l)
		return;
	store_summaries_free(l->v, l->n);
	free(l);
}

void eplist_set(struct eplist *l, struct episode_summary *v, size_t n,
		long long keep_id)
{
	long long sel_id = l->sel < l->n ? l->v[l->sel].id : 0;
	store_summaries_free(l->v, l->n);
	l->v = v;
	l->n = n;
	l->n_today = 0;
	while (l->n_today < n && !strcmp(v[l->n_today].date, l->today))
		l->n_today++;
	l->sel = 0;
	long long want = keep_id ? keep_id : sel_id;
	for (size_t i = 0; i < n; i++)
		if (v[i].id == want)
			l->sel = i;
}

size_t eplist_count(const struct eplist *l)
{
	return l->n;
}

struct episode_summary *eplist_get(const struct eplist *l, size_t i)
{
	assert(i < l->n);
	return &l->v[i];
}

struct episode_summary *eplist_find(const struct eplist *l, long long id)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].id == id)
			return &l->v[i];
	return NULL;
}

const char *eplist_today(const struct eplist *l)
{
	return l->today;
}

size_t eplist_n_today(const struct eplist *l)
{
	return l->n_today;
}

size_t eplist_sel(const struct eplist *l)
{
	return l->sel;
}

void eplist_select(struct eplist *l, size_t i)
{
	l->sel = !l->n ? 0 : i < l->n ? i : l->n - 1;
}

size_t eplist_top(const struct eplist *l)
{
	return l->top;
}

size_t eplist_row(const struct eplist *l, size_t i)
{
	size_t r = l->n_today ? 1 : 0;
	r += 2 * i;
	if (i >= l->n_today && l->n_today < l->n)
		r += 1;
	return r;
}

size_t eplist_at_row(const struct eplist *l, size_t row)
{
	/* Two rows an episode, so row / 2 is off by the headers only. */
	size_t i = row / 2 < l->n ? row / 2 : l->n;
	while (i > 0 && eplist_row(l, i) > row)
		i--;
	while (i < l->n && eplist_row(l, i) + 1 < row)
		i++;
	return i;
}

void eplist_move(struct eplist *l, long delta, size_t rows)
{
	if (!l->n)
		return;
	long s = (long)l->sel + delta;
	if (s >= (long)l->n)
		s = (long)l->n - 1;
	l->sel = s < 0 ? 0 : (size_t)s;
	size_t r = eplist_row(l, l->sel);
	/* Keep a group header visible above the first of its episodes. */
	size_t want_top = r > 0 && (l->sel == 0 || l->sel == l->n_today)
				  ? r - 1
				  : r;
	if (want_top < l->top)
		l->top = want_top;
	if (r + 2 > l->top + rows)
		l->top = r + 2 > rows ? r + 2 - rows : 0;
}
