/* view: the reader's screen drawn from the app's state onto a canvas. */
#include "buildspeak/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buildspeak/alloc.h"
#include "buildspeak/app.h"
#include "buildspeak/command.h"
#include "buildspeak/hits.h"
#include "buildspeak/mode.h"
#include "buildspeak/saved.h"
#include "buildspeak/text.h"

/* Glyphs: box drawing and the markers are East Asian ambiguous, so with
 * ambiguous-wide on they would take two columns; ASCII then. */
struct view_glyphs {
	const char *vline, *hline, *tl, *tr, *bl, *br, *cur, *bar, *dot,
		*ellipsis, *play, *pause;
};

static const struct view_glyphs view_uni = {
	"│", "─", "┌", "┐", "└", "┘", "▶", "┃", "•", "…", "▶", "❚❚"};
static const struct view_glyphs view_ascii = {
	"|", "-", "+", "+", "+", "+", ">", "|", "*", "~", ">", "||"};

static const struct view_glyphs *view_glyphs(const struct app *a)
{
	return app_metrics(a)->ambiguous_wide ? &view_ascii : &view_uni;
}

/* ---- text ----------------------------------------------------------------- */

/* Spans over a line whose cells take one attribute instead of theirs
 * (the saved terms' marks): drawn with the text, not over it. */
struct view_over {
	const struct term_span *sp; /* by offset, not overlapping */
	size_t n;
	unsigned attr;
};

/* The grapheme cluster at s[i]: the base character and the zero-width
 * marks after it. Returns where the next one starts; *w is its width, 0 for
 * a lone mark. */
static size_t view_cluster(const char *s, size_t len, size_t i,
			   const struct text_metrics *tm, int *w)
{
	/* Printable ASCII before ASCII: most of English, one byte, one
	 * column, no mark can follow. */
	unsigned char b = (unsigned char)s[i];
	if (b >= 0x20 && b < 0x7f &&
	    (i + 1 == len || (unsigned char)s[i + 1] < 0x80)) {
		*w = 1;
		return i + 1;
	}
	uint32_t uc;
	i += (size_t)text_next(s + i, len - i, &uc);
	*w = text_char_width(uc, tm);
	while (i < len) {
		uint32_t next;
		int m = text_next(s + i, len - i, &next);
		if (text_char_width(next, tm) != 0)
			break;
		i += (size_t)m;
	}
	return i;
}

/* Clusters s[b..e) in one attribute, from column x, w columns. */
struct view_run {
	size_t b, e;
	int x, w;
	unsigned attr;
};

static void view_run_draw(struct canvas *c, const struct text_metrics *tm,
			  int y, const char *s, const struct view_run *r)
{
	if (r->e == r->b)
		return;
	if (c->ops->text && c->ops->text(c->ctx, y, r->x, s + r->b,
					 r->e - r->b, r->w, r->attr))
		return;
	int x = r->x;
	for (size_t i = r->b; i < r->e;) {
		int w;
		size_t next = view_cluster(s, r->e, i, tm, &w);
		if (w) {
			c->ops->cell(c->ctx, y, x, s + i, next - i, w,
				     r->attr);
			x += w;
		}
		i = next;
	}
}

/* Draws s with attr, except the byte ranges in spans (offsets relative to
 * base) which get span_attr added, and those in over (if not NULL), which
 * get over->attr instead. */
static int view_spans_over(struct canvas *c, const struct app *a, int y,
			   int x, int max, const char *s, size_t len,
			   unsigned attr, const struct term_span *spans,
			   size_t n_spans, size_t base, unsigned span_attr,
			   const struct view_over *over)
{
	const struct text_metrics *tm = app_metrics(a); /* once, not per char */
	int used = 0;
	size_t i = 0, sp = 0, ov = 0;
	if (y < 0 || y >= c->h)
		return 0;
	struct view_run run = {0, 0, x, 0, attr};
	while (i < len) {
		int w;
		size_t start = i;
		i = view_cluster(s, len, i, tm, &w);
		if (w == 0) { /* a lone mark: nothing to stand on */
			if (run.b == run.e) /* nothing drawn yet: start after it */
				run.b = run.e = i;
			continue; /* else the next cluster starts a run */
		}
		if (used + w > max || x + used + w > c->w)
			break;
		unsigned at = attr;
		size_t off = base + start;
		while (sp < n_spans && spans[sp].off + spans[sp].len <= off)
			sp++;
		if (sp < n_spans && spans[sp].off <= off)
			at |= span_attr;
		if (over) {
			while (ov < over->n &&
			       over->sp[ov].off + over->sp[ov].len <= off)
				ov++;
			if (ov < over->n && over->sp[ov].off <= off)
				at = over->attr;
		}
		if (at != run.attr || run.e != start) {
			view_run_draw(c, tm, y, s, &run);
			run = (struct view_run){start, start, x + used, 0, at};
		}
		run.e = i;
		run.w += w;
		used += w;
	}
	view_run_draw(c, tm, y, s, &run);
	return used;
}

static int view_spans(struct canvas *c, const struct app *a, int y, int x,
		      int max, const char *s, size_t len, unsigned attr,
		      const struct term_span *spans, size_t n_spans,
		      size_t base, unsigned span_attr)
{
	return view_spans_over(c, a, y, x, max, s, len, attr, spans, n_spans,
			       base, span_attr, NULL);
}

int view_text(struct canvas *c, const struct app *a, int y, int x, int max,
	      const char *s, size_t len, unsigned attr)
{
	return view_spans(c, a, y, x, max, s, len, attr, NULL, 0, 0, 0);
}

/* Draws raw (unsanitised) one-line text, truncated with an ellipsis when
 * it does not fit in max columns. Returns the columns used. */
static int view_trunc(struct canvas *c, const struct app *a, int y, int x,
		      int max, const char *raw, unsigned attr)
{
	if (max <= 0)
		return 0;
	char *s = text_sanitize_line(raw);
	size_t len = strlen(s);
	int w = text_width(s, len, app_metrics(a));
	int used;
	if (w <= max) {
		used = view_text(c, a, y, x, max, s, len, attr);
	} else {
		const char *el = view_glyphs(a)->ellipsis;
		int ew = text_width(el, strlen(el), app_metrics(a));
		int fitw;
		size_t fit = text_fit(s, len, max - ew, app_metrics(a), &fitw);
		used = view_text(c, a, y, x, fitw, s, fit, attr);
		used += view_text(c, a, y, x + used, ew, el, strlen(el), attr);
	}
	free(s);
	return used;
}

char *view_line_fit(const struct app *a, const char *raw, int max, int *cols)
{
	char *s = text_sanitize_line(raw);
	size_t len = strlen(s);
	int w = text_width(s, len, app_metrics(a));
	if (w > max && max > 0) {
		/* As view_trunc cuts it: the prefix that leaves room for the
		 * ellipsis, then the ellipsis. */
		const char *el = view_glyphs(a)->ellipsis;
		int ew = text_width(el, strlen(el), app_metrics(a));
		int fitw = 0;
		size_t fit = text_fit(s, len, max - ew, app_metrics(a), &fitw);
		char *cut = xasprintf("%.*s%s", (int)fit, s, el);
		free(s);
		s = cut;
		w = fitw + ew;
	} else if (w > max) {
		s[0] = '\0';
		w = 0;
	}
	if (cols)
		*cols = w;
	return s;
}

int view_raw_width(const struct app *a, const char *raw)
{
	char *s = text_sanitize_line(raw);
	int w = text_width(s, strlen(s), app_metrics(a));
	free(s);
	return w;
}

/* A pane's title row: reverse video for the focused pane (visible without
 * colour), bold for the others. */
static void view_title_row(struct canvas *c, const struct app *a,
			   const char *left, const char *right, bool focused)
{
	unsigned attr = focused ? VIEW_ATTR(OVERLAY_REVERSE | OVERLAY_BOLD,
					    VIEW_C_FOCUS)
				: VIEW_ATTR(OVERLAY_BOLD, VIEW_C_TITLE);
	c->ops->fill(c->ctx, 0, 0, c->w, attr);
	int rw = right ? view_raw_width(a, right) : 0;
	if (rw > c->w / 2)
		rw = 0;
	view_trunc(c, a, 0, 1, c->w - 2 - (rw ? rw + 1 : 0), left, attr);
	if (rw)
		view_trunc(c, a, 0, c->w - rw - 1, rw, right, attr);
}

/* ---- marks over the text: saved terms (saved.h), search hits (hits.h) ---- */

/* Draws again, with mark, the parts of wrapped line tl of text that the
 * spans sp[0..n) cover. */
static void view_draw_marks(struct canvas *c, struct app *a, int y, int x,
			    int max, const char *text,
			    const struct text_line *tl,
			    const struct term_span *sp, size_t n,
			    unsigned mark)
{
	size_t lb = tl->off, le = tl->off + tl->len;
	/* Spans come by offset: the column is carried from one to the
	 * next, not measured from the line's start for each. */
	size_t at = lb;
	int col = 0;
	for (size_t i = 0; i < n; i++) {
		size_t b = sp[i].off > lb ? sp[i].off : lb;
		size_t e = sp[i].off + sp[i].len < le ? sp[i].off + sp[i].len
						       : le;
		if (b >= e)
			continue;
		if (b < at) { /* out of order after all: measure afresh */
			at = lb;
			col = 0;
		}
		col += text_width(text + at, b - at, app_metrics(a));
		at = b;
		if (col < max)
			view_text(c, a, y, x + col, max - col, text + b, e - b,
				  mark);
	}
}

/* The marks of the terms saved in the book in segment seg's sanitised
 * text (English, lang 0, or Chinese, lang 1), drawn in reverse video over
 * a line of attr: they are marked in every sentence. */
static struct view_over view_saved(struct app *a, size_t seg, int lang,
				   const char *text, unsigned attr)
{
	struct view_over o = { NULL, 0, VIEW_ATTR(VIEW_BITS(attr) |
							  OVERLAY_REVERSE,
						  VIEW_C_TERM) };
	o.n = saved_spans(app_saved(a), seg, lang, text, &o.sp);
	return o;
}

/* The same for what the search active in this episode matched: bold,
 * underlined and reversed, so it stands out from a saved term too. */
static void view_draw_hits(struct canvas *c, struct app *a, int y, int x,
			   int max, size_t seg, int lang, const char *text,
			   const struct text_line *tl)
{
	struct hits *h = app_hits(a);
	if (!hits_active(h) || hits_episode(h) != app_episode_id(a))
		return;
	const struct term_span *sp;
	size_t n = hits_spans(h, seg, lang, text, &sp);
	view_draw_marks(c, a, y, x, max, text, tl, sp, n,
			VIEW_ATTR(OVERLAY_BOLD | OVERLAY_UNDERLINE |
					  OVERLAY_REVERSE,
				  VIEW_C_CURRENT));
}

/* ---- for overlays that draw themselves (mode.h) ---- */

int view_text_line(struct canvas *c, const struct app *a, int y, int x,
		   int max, const char *raw, unsigned attr)
{
	return view_trunc(c, a, y, x, max, raw, attr);
}

int view_text_wrapped(struct canvas *c, const struct app *a, int y, int x,
		      int w, int max_rows, const char *s, unsigned attr,
		      const struct term_span *spans, size_t n_spans,
		      unsigned span_attr)
{
	return view_text_wrapped_at(c, a, y, x, w, max_rows, s, attr, spans,
				    n_spans, span_attr, 0);
}

/* Draws lines[first..n) of s (wrapped to w columns) from row y, at most
 * max_rows of them: an ellipsis first when first > 0, and last when lines
 * are left. Returns the rows used. */
static int view_draw_lines(struct canvas *c, const struct app *a, int y,
			   int x, int w, int max_rows, const char *s,
			   const struct text_line *lines, size_t n,
			   size_t first, unsigned attr,
			   const struct term_span *spans, size_t n_spans,
			   unsigned span_attr)
{
	const char *el = view_glyphs(a)->ellipsis;
	int ew = text_width(el, strlen(el), app_metrics(a));
	int rows = 0;
	for (size_t i = first; i < n && rows < max_rows; i++, rows++) {
		const struct text_line *l = &lines[i];
		bool cut = rows == max_rows - 1 && i + 1 < n;
		bool lead = rows == 0 && first > 0; /* text above, hidden */
		int lx = x, max = w;
		if (lead) {
			view_text(c, a, y, x, ew, el, strlen(el), attr);
			lx += ew;
			max -= ew;
		}
		if (cut) {
			max -= ew;
			int used = 0;
			size_t fit = text_fit(s + l->off, l->len, max,
					      app_metrics(a), &used);
			view_spans(c, a, y + rows, lx, max, s + l->off, fit,
				   attr, spans, n_spans, l->off, span_attr);
			view_text(c, a, y + rows, lx + used, ew, el,
				  strlen(el), attr);
			continue;
		}
		view_spans(c, a, y + rows, lx, max, s + l->off, l->len, attr,
			   spans, n_spans, l->off, span_attr);
	}
	return rows;
}

int view_text_lines(struct canvas *c, const struct app *a, int y, int x,
		    int w, int max_rows, const char *s,
		    const struct text_line *lines, size_t n, unsigned attr,
		    const struct term_span *spans, size_t n_spans,
		    unsigned span_attr)
{
	if (w < 2 || max_rows < 1)
		return 0;
	return view_draw_lines(c, a, y, x, w, max_rows, s, lines, n, 0, attr,
			       spans, n_spans, span_attr);
}

int view_text_wrapped_at(struct canvas *c, const struct app *a, int y, int x,
			 int w, int max_rows, const char *s, unsigned attr,
			 const struct term_span *spans, size_t n_spans,
			 unsigned span_attr, size_t keep)
{
	if (w < 2 || max_rows < 1)
		return 0;
	const char *el = view_glyphs(a)->ellipsis;
	int ew = text_width(el, strlen(el), app_metrics(a));
	struct text_line *lines = NULL;
	size_t n = text_wrap(s, w, app_metrics(a), &lines);
	if (keep && n > (size_t)max_rows && w > 2 * ew + 1) {
		/* Scrolled: a leading ellipsis must fit beside any line. */
		free(lines);
		lines = NULL;
		n = text_wrap(s, w - ew, app_metrics(a), &lines);
	}
	/* The line holding byte keep, and the window of lines that shows
	 * it: from the top while it fits, else with it a third of the way
	 * down, so reading on has room. */
	size_t k = 0;
	while (k + 1 < n && lines[k + 1].off <= keep)
		k++;
	size_t first = 0, rows_max = (size_t)max_rows;
	if (n > rows_max && k >= rows_max - 1) {
		first = k - (rows_max - 1) / 3;
		if (first + rows_max > n)
			first = n - rows_max;
	}
	int rows = view_draw_lines(c, a, y, x, w, max_rows, s, lines, n,
				   first, attr, spans, n_spans, span_attr);
	free(lines);
	return rows;
}

/* ---- the episode list ------------------------------------------------------ */

static void view_draw_list(struct app *a, struct canvas *c)
{
	bool focused = app_focus(a) == APP_FOCUS_LIST && !app_mode_depth(a);
	const struct eplist *l = app_list(a);
	size_t n_episodes = eplist_count(l), n_today = eplist_n_today(l);
	char title[64];
	snprintf(title, sizeof title, "Episodes (%zu)", n_episodes);
	view_title_row(c, a, title, NULL, focused);
	if (!n_episodes) {
		view_trunc(c, a, 2, 1, c->w - 2, "No episodes yet.", 0);
		view_trunc(c, a, 3, 1, c->w - 2, "buildspeak import FILE",
			   VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM));
		return;
	}
	int rows = c->h - 1;
	size_t i = 0;
	/* The entries on screen, whole: the list is read ids first. */
	if (rows > 0)
		app_list_fill(a, eplist_at_row(l, eplist_top(l)),
			      eplist_at_row(l, eplist_top(l) +
						  (size_t)rows - 1) + 1);
	/* Find the first episode at or after list_top (rows are cheap to
	 * compute: two per episode plus the group headers). */
	for (int r = 0; r < rows; r++) {
		size_t row = eplist_top(l) + (size_t)r;
		int y = r + 1;
		if (n_today && row == 0) {
			view_trunc(c, a, y, 1, c->w - 2, "今日 Today",
				   VIEW_ATTR(OVERLAY_BOLD | OVERLAY_UNDERLINE,
					     VIEW_C_GROUP));
			continue;
		}
		if (n_today < n_episodes &&
		    row == eplist_row(l, n_today) - 1) {
			view_trunc(c, a, y, 1, c->w - 2, "归档 Archive",
				   VIEW_ATTR(OVERLAY_BOLD | OVERLAY_UNDERLINE,
					     VIEW_C_GROUP));
			continue;
		}
		while (i + 1 < n_episodes && eplist_row(l, i + 1) <= row)
			i++;
		size_t r0 = eplist_row(l, i);
		if (row < r0 || row > r0 + 1 || i >= n_episodes)
			continue;
		const struct episode_summary *e = eplist_get(l, i);
		bool sel = i == eplist_sel(l);
		bool open = app_episode(a) && e->id == app_episode_id(a);
		unsigned base = sel && focused ? OVERLAY_REVERSE : 0;
		if (base)
			c->ops->fill(c->ctx, y, 0, c->w, VIEW_ATTR(base, 0));
		if (row == r0) {
			if (open)
				view_text(c, a, y, 0, 1, view_glyphs(a)->cur,
					  strlen(view_glyphs(a)->cur),
					  VIEW_ATTR(base | OVERLAY_BOLD,
						    VIEW_C_CURRENT));
			view_trunc(c, a, y, 2, c->w - 3, e->title,
				   VIEW_ATTR(base | (open ? OVERLAY_BOLD : 0),
					     0));
		} else {
			char info[160];
			/* The year only when it is not this one. */
			const char *d = strlen(e->date) >= 10 &&
						!strncmp(e->date,
							 eplist_today(l), 4)
						? e->date + 5
						: e->date;
			/* Sentences behind the learner, to the nearest
			 * percent: one only opened, at its first sentence,
			 * has read 0%; 100% is for the finished mark. */
			int pct = -1;
			if (e->progress_segment >= 0 && e->n_segments > 0) {
				long long n = e->n_segments;
				pct = (int)(((long long)e->progress_segment *
						     100 + n / 2) / n);
				if (pct > 99)
					pct = 99;
			}
			/* Most telling first, for narrow lists: how far,
			 * then how long, then whose. */
			char prog[16] = "";
			if (e->finished) /* the learner's word over a figure */
				snprintf(prog, sizeof prog, "done · ");
			else if (pct >= 0)
				snprintf(prog, sizeof prog, "%d%% · ", pct);
			snprintf(info, sizeof info, "%s%s%s%d min%s%.80s", d,
				 d[0] ? " · " : "", prog, e->reading_minutes,
				 e->podcast[0] ? " · " : "", e->podcast);
			view_trunc(c, a, y, 2, c->w - 3, info,
				   VIEW_ATTR(base | OVERLAY_DIM, VIEW_C_DIM));
		}
	}
}

/* ---- the transcript --------------------------------------------------------- */

/* Row y of the transcript pane: line `line` of segment seg (0 is its
 * header). */
static void view_transcript_row(struct canvas *c, struct app *a, int y,
				size_t seg, size_t line)
{
	struct transcript *tx = app_transcript(a);
	const struct episode *ep = app_episode(a);
	const struct view_glyphs *g = view_glyphs(a);
	const struct transcript_seg *v = transcript_seg(tx, seg);
	bool cur = seg == transcript_current(tx);
	size_t n_en = transcript_shows(tx, seg, 0) ? v->n_en : 0;
	size_t n_zh = transcript_shows(tx, seg, 1) ? v->n_zh : 0;
	unsigned tattr = cur ? OVERLAY_BOLD : 0;
	if (line == 0) {
		const struct segment *s = &ep->segments[seg];
		char t1[16], t2[16], hdr[96];
		episode_format_time(s->start, t1, sizeof t1);
		episode_format_time(s->end, t2, sizeof t2);
		snprintf(hdr, sizeof hdr, "#%zu · Speaker %d · %s - %s",
			 seg + 1, s->speaker, t1, t2);
		if (cur)
			view_text(c, a, y, 0, 2, g->cur, strlen(g->cur),
				  VIEW_ATTR(OVERLAY_BOLD, VIEW_C_CURRENT));
		view_text(c, a, y, 2, c->w - 3, hdr, strlen(hdr),
			  cur ? VIEW_ATTR(OVERLAY_BOLD | OVERLAY_UNDERLINE,
					  VIEW_C_CURRENT)
			      : VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM));
		return;
	}
	if (line > n_en + n_zh)
		return; /* the blank line after */
	bool en = line <= n_en;
	const struct text_line *tl = en ? &v->en_lines[line - 1]
					: &v->zh_lines[line - 1 - n_en];
	const char *text = en ? v->en : v->zh;
	if (cur)
		view_text(c, a, y, 0, 2, g->bar, strlen(g->bar),
			  VIEW_ATTR(OVERLAY_BOLD, VIEW_C_CURRENT));
	unsigned attr = VIEW_ATTR(tattr, en ? VIEW_C_NONE : VIEW_C_ZH);
	const struct term_span *sp = NULL;
	size_t nsp = 0;
	if (cur)
		nsp = transcript_current_spans(tx, en ? 0 : 1, &sp);
	/* With the vocabulary book's marks: each cell is drawn once. */
	struct view_over saved = view_saved(a, seg, en ? 0 : 1, text, attr);
	view_spans_over(c, a, y, 2, c->w - 2, text + tl->off, tl->len, attr,
			sp, nsp, tl->off,
			VIEW_ATTR(OVERLAY_UNDERLINE, VIEW_C_TERM),
			saved.n ? &saved : NULL);
	view_draw_hits(c, a, y, 2, c->w - 2, seg, en ? 0 : 1, text, tl);
}

/* The rows under the title: all of them, or (when `all` is false) only
 * those of segments s1 and s2, blanked first. */
static void view_transcript_rows(struct app *a, struct canvas *c, bool all,
				 size_t s1, size_t s2)
{
	struct transcript *tx = app_transcript(a);
	size_t n = app_episode(a)->n_segments;
	size_t seg = transcript_top_seg(tx), line = transcript_top_line(tx);
	size_t last = s1 > s2 ? s1 : s2;
	for (int y = 1; y < c->h && seg < n && (all || seg <= last); y++) {
		size_t h = transcript_seg_height(tx, seg);
		if (all) {
			view_transcript_row(c, a, y, seg, line);
		} else if (seg == s1 || seg == s2) {
			c->ops->fill(c->ctx, y, 0, c->w, 0);
			view_transcript_row(c, a, y, seg, line);
		}
		if (++line >= h) {
			seg++;
			line = 0;
		}
	}
}

static void view_draw_transcript(struct app *a, struct canvas *c)
{
	bool focused = app_focus(a) == APP_FOCUS_TRANSCRIPT &&
		       !app_mode_depth(a);
	static const char *const modes[] = {"EN+中", "EN", "中"};
	struct transcript *tx = app_transcript(a);
	enum transcript_tr tr = transcript_translation(tx);
	char right[48];
	snprintf(right, sizeof right, "%s%s",
		 transcript_following(tx) ? "" : "scrolled · ", modes[tr]);
	if (!app_episode(a)) {
		view_title_row(c, a, "Transcript", NULL, focused);
		view_trunc(c, a, 2, 2, c->w - 3,
			   eplist_count(app_list(a))
				   ? "Choose an episode in the list and "
				     "press Enter."
					 : "The library is empty.",
			   0);
		return;
	}
	view_title_row(c, a, app_episode_title(a), right, focused);
	view_transcript_rows(a, c, true, 0, 0);
}

void view_transcript_current(struct app *a, struct canvas *c, size_t was)
{
	if (!app_episode(a) || c->h <= 0 || c->w <= 0)
		return;
	view_transcript_rows(a, c, false, was,
			     transcript_current(app_transcript(a)));
}

/* ---- the glossary ------------------------------------------------------------ */

static void view_draw_glossary(struct app *a, struct canvas *c)
{
	bool focused = app_focus(a) == APP_FOCUS_GLOSSARY && !app_mode_depth(a);
	const struct episode *ep = app_episode(a);
	const struct glosspane *gp = app_glossary(a);
	size_t n = ep ? glosspane_count(gp) : 0;
	size_t marked = glosspane_marked(gp);
	char title[64], right[32] = "";
	snprintf(title, sizeof title, "Glossary (%zu)", n);
	if (marked)
		snprintf(right, sizeof right, "%zu here", marked);
	view_title_row(c, a, title, right[0] ? right : NULL, focused);
	if (!n) {
		view_trunc(c, a, 1, 1, c->w - 2,
			   ep ? "No glossed terms." : "", VIEW_ATTR(0, 0));
		return;
	}
	const struct view_glyphs *g = view_glyphs(a);
	int rows = c->h - 1;
	for (int r = 0; r < rows; r++) {
		size_t row = glosspane_top(gp) + (size_t)r;
		if (row >= n)
			break;
		int y = r + 1;
		const struct term *t = &ep->terms[glosspane_term(gp, row)];
		bool here = row < marked;
		bool sel = focused && row == glosspane_sel(gp);
		unsigned base = sel ? OVERLAY_REVERSE : 0;
		if (sel)
			c->ops->fill(c->ctx, y, 0, c->w, VIEW_ATTR(base, 0));
		int x = 0;
		if (here)
			view_text(c, a, y, 0, 2, g->dot, strlen(g->dot),
				  VIEW_ATTR(base | OVERLAY_BOLD, VIEW_C_TERM));
		/* A term saved in the vocabulary book: '*' before it. */
		if (saved_has(app_saved(a), t->term))
			view_text(c, a, y, 1, 1, "*", 1,
				  VIEW_ATTR(base | OVERLAY_BOLD, VIEW_C_TERM));
		x = 2;
		x += view_trunc(c, a, y, x, c->w - x - 1, t->term,
				VIEW_ATTR(base | (here ? OVERLAY_BOLD |
								 OVERLAY_UNDERLINE
						       : 0),
					  here ? VIEW_C_TERM : VIEW_C_NONE));
		x += 2;
		if (x < c->w - 1)
			view_trunc(c, a, y, x, c->w - x - 1, t->gloss,
				   VIEW_ATTR(base, VIEW_C_ZH));
	}
}

void view_pane(struct app *a, enum layout_pane p, struct canvas *c)
{
	c->ops->erase(c->ctx);
	if (c->h <= 0 || c->w <= 0)
		return;
	switch (p) {
	case LAYOUT_LIST:
		view_draw_list(a, c);
		break;
	case LAYOUT_TRANSCRIPT:
		view_draw_transcript(a, c);
		break;
	case LAYOUT_GLOSSARY:
		view_draw_glossary(a, c);
		break;
	default:
		break;
	}
}

/* ---- the status line ----------------------------------------------------------- */

void view_hint(const struct app *a, int ctx, char *buf,
	       size_t size, int room, const char *name, const char *name2,
	       const char *what)
{
	int key = keys_key_for(&app_config(a)->keys, ctx, command_find(name));
	if (key < 0)
		return;
	char k[64];
	keys_label(key, k, sizeof k);
	if (name2) {
		int key2 = keys_key_for(&app_config(a)->keys, ctx,
					command_find(name2));
		if (key2 < 0)
			return;
		size_t l = strlen(k);
		if (l + 1 < sizeof k) {
			k[l++] = '/';
			keys_label(key2, k + l, sizeof k - l);
		}
	}
	size_t len = strlen(buf);
	int n = snprintf(buf + len, size - len, "%s%s %s", len ? "  " : "", k,
			 what);
	if (n < 0 || (size_t)n >= size - len ||
	    view_raw_width(a, buf) > room)
		buf[len] = '\0'; /* does not fit: leave it out */
}

/* "hit 3/17" on a hit's sentence, else "17 hits", while a search is
 * active in the open episode. */
static void view_status_hits(struct app *a, char *buf, size_t size,
			     size_t *len, size_t cur)
{
	struct hits *h = app_hits(a);
	if (!hits_active(h) || hits_episode(h) != app_episode_id(a) ||
	    *len >= size)
		return;
	long k = hits_find(h, cur);
	int n = k >= 0 ? snprintf(buf + *len, size - *len, "  hit %ld/%zu",
				  k + 1, hits_count(h))
		       : snprintf(buf + *len, size - *len, "  %zu hit%s",
				  hits_count(h),
				  hits_count(h) == 1 ? "" : "s");
	if (n > 0)
		*len += (size_t)n < size - *len ? (size_t)n : size - *len - 1;
}

void view_status(struct app *a, struct canvas *c)
{
	unsigned attr = VIEW_ATTR(OVERLAY_REVERSE, VIEW_C_STATUS);
	c->ops->erase(c->ctx);
	c->ops->fill(c->ctx, 0, 0, c->w, attr);
	char left[256] = "";
	size_t len = 0;
	const struct episode *ep = app_episode(a);
	const struct listen *ls = app_listen(a);
	size_t cur = app_current(a);
	const char *message = app_message_text(a);
	if (ep && ep->n_segments) {
		const struct view_glyphs *g = view_glyphs(a);
		if (app_has_audio(a))
			len += (size_t)snprintf(left + len, sizeof left - len,
				"%s ", listen_playing(ls) ? g->play : g->pause);
		double pos = listen_position(ls);
		char t1[16], t2[16];
		episode_format_time(pos, t1, sizeof t1);
		episode_format_time(ep->duration, t2, sizeof t2);
		len += (size_t)snprintf(left + len, sizeof left - len,
					"sentence %zu/%zu  %s / %s", cur + 1,
					ep->n_segments, t1, t2);
		if (listen_speed(ls) != 10 || app_has_audio(a))
			len += (size_t)snprintf(left + len, sizeof left - len,
						"  %.1fx",
						listen_speed(ls) / 10.0);
		if (listen_looping(ls))
			len += (size_t)snprintf(left + len, sizeof left - len,
						"  loop");
		if (listen_autopause(ls))
			len += (size_t)snprintf(left + len, sizeof left - len,
						"  auto-pause");
		int total, play = listen_repeat(ls, &total);
		if (play)
			len += (size_t)snprintf(left + len, sizeof left - len,
						"  repeat %d/%d", play, total);
		if (listen_shadow_waiting(ls))
			len += (size_t)snprintf(left + len, sizeof left - len,
						"  your turn");
		else if (listen_shadow(ls) > 0)
			len += (size_t)snprintf(left + len, sizeof left - len,
						"  shadow");
		view_status_hits(a, left, sizeof left, &len, cur);
	}
	int x = 1;
	if (message && ep && ep->n_segments &&
	    view_raw_width(a, left) + view_raw_width(a, message) + 4 > c->w) {
		/* Both do not fit: the play state and the time stay (what a
		 * listener glances at), the message gets the rest. */
		const struct view_glyphs *g = view_glyphs(a);
		char t1[16], t2[16];
		episode_format_time(listen_position(ls), t1, sizeof t1);
		episode_format_time(ep->duration, t2, sizeof t2);
		snprintf(left, sizeof left, "%s%s%s / %s",
			 app_has_audio(a) ? (listen_playing(ls) ? g->play
								: g->pause)
					  : "",
			 app_has_audio(a) ? " " : "", t1, t2);
	}
	/* "? help" stays down to the narrowest screen: the rest gives way. */
	int ctx = app_context(a);
	char help[64] = "";
	if (!message)
		view_hint(a, ctx, help, sizeof help, c->w - 2, "help", NULL,
			  "help");
	int hw = view_raw_width(a, help);
	x += view_trunc(c, a, 0, x, c->w - 2 - (hw ? hw + 2 : 0), left, attr);
	if (message) {
		x += left[0] ? 2 : 0;
		view_trunc(c, a, 0, x, c->w - x - 1, message,
			   VIEW_ATTR(OVERLAY_REVERSE | OVERLAY_BOLD,
				     VIEW_C_MESSAGE));
		return;
	}
	/* The keys that matter now, most useful first, as many as fit,
	 * right-aligned; then the title in what room is left. */
	char keys[256] = "";
	int room = c->w - x - 3 - (hw ? hw + 2 : 0);
#define HINT(name, name2, what)                                               \
	view_hint(a, ctx, keys, sizeof keys, room, name, name2, what)
	if (app_mode_depth(a)) {
		HINT("close", NULL, "close");
	} else {
		/* What the focused pane does first: the keys a learner
		 * would not guess. */
		switch (app_focus(a)) {
		case APP_FOCUS_LIST:
			HINT("activate", NULL, "open");
			break;
		case APP_FOCUS_TRANSCRIPT:
			if (ep) {
				HINT("select-words", NULL, "words");
				HINT("book", NULL, "book");
			}
			break;
		case APP_FOCUS_GLOSSARY:
			if (ep) {
				HINT("save-term", NULL, "save");
				HINT("activate", NULL, "go to");
			}
			break;
		}
		if (ep)
			HINT("prev-sentence", "next-sentence", "sentence");
		if (ep && app_has_audio(a))
			HINT("play-pause", NULL,
			     listen_playing(ls) ? "pause" : "play");
		if (ep && !transcript_following(app_transcript(a)))
			HINT("follow", NULL, "follow");
		if (ep)
			HINT("translation", NULL, "translation");
		HINT("quit", NULL, "quit");
	}
#undef HINT
	if (hw) { /* room was kept for it */
		size_t kl = strlen(keys);
		snprintf(keys + kl, sizeof keys - kl, "%s%s", kl ? "  " : "",
			 help);
	}
	int kw = view_raw_width(a, keys);
	if (kw)
		view_trunc(c, a, 0, c->w - kw - 1, kw, keys, attr);
	if (app_episode_title(a)) {
		int tx = x + 2;
		int tw = c->w - tx - (kw ? kw + 3 : 1);
		if (tw > 8)
			view_trunc(c, a, 0, tx, tw, app_episode_title(a),
				   VIEW_ATTR(OVERLAY_REVERSE | OVERLAY_BOLD,
					     VIEW_C_STATUS));
	}
}

/* ---- a canvas inside another (overlays, the whole screen) -------------- */

struct view_sub {
	struct canvas *parent;
	int dy, dx, h, w;
};

static void view_sub_erase(void *ctx)
{
	struct view_sub *s = ctx;
	for (int y = 0; y < s->h; y++)
		s->parent->ops->fill(s->parent->ctx, s->dy + y, s->dx, s->w, 0);
}

static void view_sub_cell(void *ctx, int y, int x, const char *t, size_t len,
		     int width, unsigned attr)
{
	struct view_sub *s = ctx;
	s->parent->ops->cell(s->parent->ctx, s->dy + y, s->dx + x, t, len,
			     width, attr);
}

static void view_sub_fill(void *ctx, int y, int x, int n, unsigned attr)
{
	struct view_sub *s = ctx;
	s->parent->ops->fill(s->parent->ctx, s->dy + y, s->dx + x, n, attr);
}

static bool view_sub_text(void *ctx, int y, int x, const char *t,
			  size_t len, int width, unsigned attr)
{
	struct view_sub *s = ctx;
	const struct canvas *p = s->parent;
	return p->ops->text && p->ops->text(p->ctx, s->dy + y, s->dx + x, t,
					    len, width, attr);
}

static const struct canvas_ops view_sub_ops = {
	view_sub_erase, view_sub_cell, view_sub_fill, view_sub_text};

/* ---- overlays and frame ----------------------------------------------------------- */

/* Draws the top mode's box onto c, the box's own rectangle. */
static void view_box(struct app *a, struct canvas *c)
{
	struct mode_entry *o = app_mode_top(a);
	c->ops->erase(c->ctx);
	if (!o || c->h < 3 || c->w < 4)
		return;
	const struct view_glyphs *g = view_glyphs(a);
	unsigned fa = VIEW_ATTR(OVERLAY_BOLD, VIEW_C_TITLE);
	/* The frame. */
	for (int x = 1; x < c->w - 1; x++) {
		view_text(c, a, 0, x, 1, g->hline, strlen(g->hline), fa);
		view_text(c, a, c->h - 1, x, 1, g->hline, strlen(g->hline), fa);
	}
	for (int y = 1; y < c->h - 1; y++) {
		view_text(c, a, y, 0, 1, g->vline, strlen(g->vline), fa);
		view_text(c, a, y, c->w - 1, 1, g->vline, strlen(g->vline), fa);
	}
	view_text(c, a, 0, 0, 1, g->tl, strlen(g->tl), fa);
	view_text(c, a, 0, c->w - 1, 1, g->tr, strlen(g->tr), fa);
	view_text(c, a, c->h - 1, 0, 1, g->bl, strlen(g->bl), fa);
	view_text(c, a, c->h - 1, c->w - 1, 1, g->br, strlen(g->br), fa);
	const char *title = o->mode->title(o);
	view_trunc(c, a, 0, 2, c->w - 4, title,
		   VIEW_ATTR(OVERLAY_BOLD | OVERLAY_REVERSE, VIEW_C_FOCUS));

	/* An overlay that draws its own inside (mode.h's draw hook). */
	if (o->mode->draw) {
		struct view_sub in = {c, 1, 1, c->h - 2, c->w - 2};
		struct canvas ic = {c->h - 2, c->w - 2, &view_sub_ops, &in};
		o->mode->draw(o, &ic);
		return;
	}

	size_t n = o->mode->count ? o->mode->count(o) : 0;
	int rows = app_overlay_rows(a);
	for (int r = 0; r < rows && r + 1 < c->h - 1; r++) {
		size_t i = o->top + (size_t)r;
		if (i >= n)
			break;
		struct overlay_line l = {"", 0};
		o->mode->line(o, i, &l);
		unsigned at = VIEW_ATTR(l.attr, 0);
		if (o->mode->selectable && i == o->sel) {
			at |= OVERLAY_REVERSE;
			c->ops->fill(c->ctx, r + 1, 1, c->w - 2, at);
		}
		view_trunc(c, a, r + 1, 2, c->w - 4, l.text, at);
	}
	const char *footer = o->mode->footer ? o->mode->footer(o) : NULL;
	if (footer && c->h >= 4)
		view_trunc(c, a, c->h - 2, 2, c->w - 4, footer,
			   VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM));
	if (n > (size_t)rows) {
		char more[32];
		snprintf(more, sizeof more, " %zu-%zu/%zu ", o->top + 1,
			 o->top + (size_t)rows < n ? o->top + (size_t)rows : n,
			 n);
		int mw = (int)strlen(more);
		if (mw < c->w - 4)
			view_trunc(c, a, c->h - 1, c->w - mw - 2, mw, more, fa);
	}
}

void view_overlay(struct app *a, struct canvas *c)
{
	const struct layout *l = app_layout(a);
	c->ops->erase(c->ctx);
	struct view_sub box = {c, l->overlay.y - l->backdrop.y,
			  l->overlay.x - l->backdrop.x, l->overlay.h,
			  l->overlay.w};
	struct canvas bc = {l->overlay.h, l->overlay.w, &view_sub_ops, &box};
	view_box(a, &bc);
}

void view_frame(struct app *a, struct canvas *c)
{
	const struct view_glyphs *g = view_glyphs(a);
	const struct layout *l = app_layout(a);
	unsigned attr = VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM);
	/* A separator column left of every pane that does not start at 0. */
	for (int p = 0; p < LAYOUT_N_PANES; p++) {
		const struct rect *r = &l->pane[p];
		if (!r->h || r->x == 0)
			continue;
		for (int y = r->y; y < r->y + r->h; y++)
			view_text(c, a, y, r->x - 1, 1, g->vline,
				  strlen(g->vline), attr);
	}
}

void view_too_small(struct app *a, struct canvas *c)
{
	c->ops->erase(c->ctx);
	char msg[96];
	snprintf(msg, sizeof msg, "Terminal too small: %dx%d (need %dx%d)",
		 app_cols(a), app_rows(a), LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS);
	int w = (int)strlen(msg);
	int y = c->h / 2, x = (c->w - w) / 2;
	if (x < 0)
		x = 0;
	/* Break it onto two lines when narrower than the message. */
	if (w > c->w) {
		view_text(c, a, y > 0 ? y - 1 : 0, 0, c->w, "Terminal too small",
			  18, VIEW_ATTR(OVERLAY_BOLD, 0));
		char size[48];
		snprintf(size, sizeof size, "%dx%d, need %dx%d", app_cols(a),
			 app_rows(a), LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS);
		view_text(c, a, y, 0, c->w, size, strlen(size), 0);
		return;
	}
	view_text(c, a, y, x, c->w, msg, strlen(msg),
		  VIEW_ATTR(OVERLAY_BOLD, 0));
}

/* ---- a whole screen on one canvas ----------------------------------------------- */

static void view_draw_sub(struct app *a, struct canvas *c, const struct rect *r,
		     int what)
{
	struct view_sub s = {c, r->y, r->x, r->h, r->w};
	struct canvas sc = {r->h, r->w, &view_sub_ops, &s};
	if (what < LAYOUT_N_PANES)
		view_pane(a, (enum layout_pane)what, &sc);
	else if (what == LAYOUT_N_PANES)
		view_status(a, &sc);
	else
		view_overlay(a, &sc);
}

void view_screen(struct app *a, struct canvas *c)
{
	c->ops->erase(c->ctx);
	if (app_layout(a)->too_small) {
		view_too_small(a, c);
		return;
	}
	view_frame(a, c);
	for (int p = 0; p < LAYOUT_N_PANES; p++)
		if (app_layout(a)->pane[p].h)
			view_draw_sub(a, c, &app_layout(a)->pane[p], p);
	view_draw_sub(a, c, &app_layout(a)->status, LAYOUT_N_PANES);
	if (app_mode_depth(a))
		view_draw_sub(a, c, &app_layout(a)->backdrop,
			      LAYOUT_N_PANES + 1);
}
