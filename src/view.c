/* view: the reader's screen drawn from the app's state onto a canvas. */
#include "buildspeak/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buildspeak/alloc.h"
#include "buildspeak/app.h"
#include "buildspeak/command.h"
#include "buildspeak/mode.h"
#include "buildspeak/saved.h"
#include "buildspeak/text.h"

/* Glyphs: box drawing and the markers are East Asian ambiguous, so with
 * ambiguous-wide on they would take two columns; ASCII then. */
struct glyphs {
	const char *vline, *hline, *tl, *tr, *bl, *br, *cur, *bar, *dot,
		*ellipsis, *play, *pause;
};

static const struct glyphs uni = {"│", "─", "┌", "┐", "└", "┘", "▶", "┃",
				  "•", "…", "▶", "❚❚"};
static const struct glyphs ascii = {"|", "-", "+", "+", "+", "+", ">", "|",
				    "*", "~", ">", "||"};

static const struct glyphs *glyphs(const struct app *a)
{
	return a->metrics.ambiguous_wide ? &ascii : &uni;
}

/* ---- text ----------------------------------------------------------------- */

/* Draws s with attr, except the byte ranges in spans (offsets relative to
 * base) which get span_attr added. */
static int text_spans(struct canvas *c, const struct app *a, int y, int x,
		      int max, const char *s, size_t len, unsigned attr,
		      const struct term_span *spans, size_t n_spans,
		      size_t base, unsigned span_attr)
{
	int used = 0;
	size_t i = 0, sp = 0;
	if (y < 0 || y >= c->h)
		return 0;
	while (i < len) {
		uint32_t uc;
		int n = text_next(s + i, len - i, &uc);
		int w = text_char_width(uc, &a->metrics);
		size_t start = i;
		i += (size_t)n;
		/* The cluster: the base and the zero-width marks after it. */
		while (i < len) {
			uint32_t next;
			int m = text_next(s + i, len - i, &next);
			if (text_char_width(next, &a->metrics) != 0)
				break;
			i += (size_t)m;
		}
		if (w == 0)
			continue; /* a lone mark: nothing to stand on */
		if (used + w > max || x + used + w > c->w)
			break;
		unsigned at = attr;
		size_t off = base + start;
		while (sp < n_spans && spans[sp].off + spans[sp].len <= off)
			sp++;
		if (sp < n_spans && spans[sp].off <= off)
			at |= span_attr;
		c->ops->cell(c->ctx, y, x + used, s + start, i - start, w, at);
		used += w;
	}
	return used;
}

int view_text(struct canvas *c, const struct app *a, int y, int x, int max,
	      const char *s, size_t len, unsigned attr)
{
	return text_spans(c, a, y, x, max, s, len, attr, NULL, 0, 0, 0);
}

/* Draws raw (unsanitised) one-line text, truncated with an ellipsis when
 * it does not fit in max columns. Returns the columns used. */
static int text_trunc(struct canvas *c, const struct app *a, int y, int x,
		      int max, const char *raw, unsigned attr)
{
	if (max <= 0)
		return 0;
	char *s = text_sanitize_line(raw);
	size_t len = strlen(s);
	int w = text_width(s, len, &a->metrics);
	int used;
	if (w <= max) {
		used = view_text(c, a, y, x, max, s, len, attr);
	} else {
		const char *el = glyphs(a)->ellipsis;
		int ew = text_width(el, strlen(el), &a->metrics);
		int fitw;
		size_t fit = text_fit(s, len, max - ew, &a->metrics, &fitw);
		used = view_text(c, a, y, x, fitw, s, fit, attr);
		used += view_text(c, a, y, x + used, ew, el, strlen(el), attr);
	}
	free(s);
	return used;
}

int view_raw_width(const struct app *a, const char *raw)
{
	char *s = text_sanitize_line(raw);
	int w = text_width(s, strlen(s), &a->metrics);
	free(s);
	return w;
}

/* A pane's title row: reverse video for the focused pane (visible without
 * colour), bold for the others. */
static void title_row(struct canvas *c, const struct app *a, const char *left,
		      const char *right, bool focused)
{
	unsigned attr = focused ? VIEW_ATTR(OVERLAY_REVERSE | OVERLAY_BOLD,
					    VIEW_C_FOCUS)
				: VIEW_ATTR(OVERLAY_BOLD, VIEW_C_TITLE);
	c->ops->fill(c->ctx, 0, 0, c->w, attr);
	int rw = right ? view_raw_width(a, right) : 0;
	if (rw > c->w / 2)
		rw = 0;
	text_trunc(c, a, 0, 1, c->w - 2 - (rw ? rw + 1 : 0), left, attr);
	if (rw)
		text_trunc(c, a, 0, c->w - rw - 1, rw, right, attr);
}

/* ---- saved-term marks (the model's saved terms, saved.h) --------------------- */

/* Draws again, in reverse video, the parts of wrapped line tl of text
 * (segment seg's sanitised English, lang 0, or Chinese, lang 1) that are
 * terms saved in the book: they are marked in every sentence. */
static void draw_saved(struct canvas *c, struct app *a, int y, int x,
		       int max, size_t seg, int lang, const char *text,
		       const struct text_line *tl, unsigned attr)
{
	const struct term_span *sp;
	size_t n = saved_spans(app_saved(a), seg, lang, text, &sp);
	unsigned mark = VIEW_ATTR(VIEW_BITS(attr) | OVERLAY_REVERSE,
				  VIEW_C_TERM);
	size_t lb = tl->off, le = tl->off + tl->len;
	for (size_t i = 0; i < n; i++) {
		size_t b = sp[i].off > lb ? sp[i].off : lb;
		size_t e = sp[i].off + sp[i].len < le ? sp[i].off + sp[i].len
						       : le;
		if (b >= e)
			continue;
		int col = text_width(text + lb, b - lb, &a->metrics);
		if (col < max)
			view_text(c, a, y, x + col, max - col, text + b, e - b,
				  mark);
	}
}

/* ---- for overlays that draw themselves (mode.h) ---- */

int view_text_line(struct canvas *c, const struct app *a, int y, int x,
		   int max, const char *raw, unsigned attr)
{
	return text_trunc(c, a, y, x, max, raw, attr);
}

int view_text_wrapped(struct canvas *c, const struct app *a, int y, int x,
		      int w, int max_rows, const char *s, unsigned attr,
		      const struct term_span *spans, size_t n_spans,
		      unsigned span_attr)
{
	if (w < 2 || max_rows < 1)
		return 0;
	struct text_line *lines = NULL;
	size_t n = text_wrap(s, w, &a->metrics, &lines);
	int rows = 0;
	for (size_t i = 0; i < n && rows < max_rows; i++, rows++) {
		const struct text_line *l = &lines[i];
		bool cut = rows == max_rows - 1 && i + 1 < n;
		int max = w;
		if (cut) {
			const char *el = glyphs(a)->ellipsis;
			int ew = text_width(el, strlen(el), &a->metrics);
			max = w - ew;
			int used = 0;
			size_t fit = text_fit(s + l->off, l->len, max,
					      &a->metrics, &used);
			text_spans(c, a, y + rows, x, max, s + l->off, fit,
				   attr, spans, n_spans, l->off, span_attr);
			view_text(c, a, y + rows, x + used, ew, el, strlen(el),
				  attr);
			continue;
		}
		text_spans(c, a, y + rows, x, max, s + l->off, l->len, attr,
			   spans, n_spans, l->off, span_attr);
	}
	free(lines);
	return rows;
}

/* ---- the episode list ------------------------------------------------------ */

static void draw_list(struct app *a, struct canvas *c)
{
	bool focused = a->focus == APP_FOCUS_LIST && !a->n_modes;
	char title[64];
	snprintf(title, sizeof title, "Episodes (%zu)", a->n_episodes);
	title_row(c, a, title, NULL, focused);
	if (!a->n_episodes) {
		text_trunc(c, a, 2, 1, c->w - 2, "No episodes yet.", 0);
		text_trunc(c, a, 3, 1, c->w - 2, "buildspeak import FILE",
			   VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM));
		return;
	}
	int rows = c->h - 1;
	size_t i = 0;
	/* Find the first episode at or after list_top (rows are cheap to
	 * compute: two per episode plus the group headers). */
	for (int r = 0; r < rows; r++) {
		size_t row = a->list_top + (size_t)r;
		int y = r + 1;
		if (a->n_today && row == 0) {
			text_trunc(c, a, y, 1, c->w - 2, "今日 Today",
				   VIEW_ATTR(OVERLAY_BOLD | OVERLAY_UNDERLINE,
					     VIEW_C_GROUP));
			continue;
		}
		if (a->n_today < a->n_episodes &&
		    row == app_list_row(a, a->n_today) - 1) {
			text_trunc(c, a, y, 1, c->w - 2, "归档 Archive",
				   VIEW_ATTR(OVERLAY_BOLD | OVERLAY_UNDERLINE,
					     VIEW_C_GROUP));
			continue;
		}
		while (i + 1 < a->n_episodes && app_list_row(a, i + 1) <= row)
			i++;
		size_t r0 = app_list_row(a, i);
		if (row < r0 || row > r0 + 1 || i >= a->n_episodes)
			continue;
		const struct episode_summary *e = &a->episodes[i];
		bool sel = i == a->list_sel;
		bool open = a->ep && e->id == a->ep_id;
		unsigned base = sel && focused ? OVERLAY_REVERSE : 0;
		if (base)
			c->ops->fill(c->ctx, y, 0, c->w, VIEW_ATTR(base, 0));
		if (row == r0) {
			if (open)
				view_text(c, a, y, 0, 1, glyphs(a)->cur,
					  strlen(glyphs(a)->cur),
					  VIEW_ATTR(base | OVERLAY_BOLD,
						    VIEW_C_CURRENT));
			text_trunc(c, a, y, 2, c->w - 3, e->title,
				   VIEW_ATTR(base | (open ? OVERLAY_BOLD : 0),
					     0));
		} else {
			char info[160];
			const char *d = strlen(e->date) >= 10 ? e->date + 5
							      : e->date;
			int pct = e->progress_segment >= 0 && e->n_segments > 0
					  ? (e->progress_segment + 1) * 100 /
						    e->n_segments
					  : -1;
			/* Most telling first, for narrow lists: how far,
			 * then how long, then whose. */
			char prog[16] = "";
			if (pct >= 0)
				snprintf(prog, sizeof prog, "%d%% · ", pct);
			snprintf(info, sizeof info, "%s%s%s%d min%s%.80s", d,
				 d[0] ? " · " : "", prog, e->reading_minutes,
				 e->podcast[0] ? " · " : "", e->podcast);
			text_trunc(c, a, y, 2, c->w - 3, info,
				   VIEW_ATTR(base | OVERLAY_DIM, VIEW_C_DIM));
		}
	}
}

/* ---- the transcript --------------------------------------------------------- */

static void draw_transcript(struct app *a, struct canvas *c)
{
	bool focused = a->focus == APP_FOCUS_TRANSCRIPT && !a->n_modes;
	static const char *const modes[] = {"EN+中", "EN", "中"};
	char right[48];
	snprintf(right, sizeof right, "%s%s", a->follow ? "" : "scrolled · ",
		 modes[a->tr]);
	if (!a->ep) {
		title_row(c, a, "Transcript", NULL, focused);
		text_trunc(c, a, 2, 2, c->w - 3,
			   a->n_episodes ? "Choose an episode in the list "
					   "and press Enter."
					 : "The library is empty.",
			   0);
		return;
	}
	title_row(c, a, a->ep_title, right, focused);
	const struct glyphs *g = glyphs(a);
	int rows = c->h - 1;
	size_t seg = a->top_seg, line = a->top_line;
	for (int r = 0; r < rows && seg < a->ep->n_segments; r++) {
		int y = r + 1;
		const struct app_seg_view *v = app_seg(a, seg);
		size_t h = app_seg_height(a, seg);
		bool cur = seg == a->cur;
		size_t n_en = a->tr != APP_TR_ZH ? v->n_en : 0;
		size_t n_zh = a->tr != APP_TR_EN ? v->n_zh : 0;
		unsigned tattr = cur ? OVERLAY_BOLD : 0;
		if (line == 0) {
			const struct segment *s = &a->ep->segments[seg];
			char t1[16], t2[16], hdr[96];
			episode_format_time(s->start, t1, sizeof t1);
			episode_format_time(s->end, t2, sizeof t2);
			snprintf(hdr, sizeof hdr, "#%zu · Speaker %d · %s - %s",
				 seg + 1, s->speaker, t1, t2);
			if (cur)
				view_text(c, a, y, 0, 2, g->cur, strlen(g->cur),
					  VIEW_ATTR(OVERLAY_BOLD,
						    VIEW_C_CURRENT));
			view_text(c, a, y, 2, c->w - 3, hdr, strlen(hdr),
				  cur ? VIEW_ATTR(OVERLAY_BOLD |
							  OVERLAY_UNDERLINE,
						  VIEW_C_CURRENT)
				      : VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM));
		} else if (line <= n_en + n_zh) {
			bool en = line <= n_en;
			const struct text_line *tl =
				en ? &v->en_lines[line - 1]
				   : &v->zh_lines[line - 1 - n_en];
			const char *text = en ? v->en : v->zh;
			if (cur)
				view_text(c, a, y, 0, 2, g->bar, strlen(g->bar),
					  VIEW_ATTR(OVERLAY_BOLD,
						    VIEW_C_CURRENT));
			unsigned attr = VIEW_ATTR(tattr, en ? VIEW_C_NONE
							    : VIEW_C_ZH);
			const struct term_span *sp = NULL;
			size_t nsp = 0;
			if (cur) {
				sp = en ? a->cur_en_spans : a->cur_zh_spans;
				nsp = en ? a->n_cur_en_spans
					 : a->n_cur_zh_spans;
			}
			text_spans(c, a, y, 2, c->w - 2, text + tl->off,
				   tl->len, attr, sp, nsp, tl->off,
				   VIEW_ATTR(OVERLAY_UNDERLINE, VIEW_C_TERM));
			draw_saved(c, a, y, 2, c->w - 2, seg, en ? 0 : 1, text,
				   tl, attr); /* the vocabulary book's marks */
		}
		if (++line >= h) {
			seg++;
			line = 0;
		}
	}
}

/* ---- the glossary ------------------------------------------------------------ */

static void draw_glossary(struct app *a, struct canvas *c)
{
	bool focused = a->focus == APP_FOCUS_GLOSSARY && !a->n_modes;
	size_t n = a->ep ? a->ep->n_terms : 0;
	char title[64], right[32] = "";
	snprintf(title, sizeof title, "Glossary (%zu)", n);
	if (a->gl_marked)
		snprintf(right, sizeof right, "%zu here", a->gl_marked);
	title_row(c, a, title, right[0] ? right : NULL, focused);
	if (!n) {
		text_trunc(c, a, 1, 1, c->w - 2,
			   a->ep ? "No glossed terms." : "", VIEW_ATTR(0, 0));
		return;
	}
	const struct glyphs *g = glyphs(a);
	int rows = c->h - 1;
	for (int r = 0; r < rows; r++) {
		size_t row = a->gl_top + (size_t)r;
		if (row >= n)
			break;
		int y = r + 1;
		const struct term *t = &a->ep->terms[a->gl_order[row]];
		bool here = row < a->gl_marked;
		bool sel = focused && row == a->gl_sel;
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
		x += text_trunc(c, a, y, x, c->w - x - 1, t->term,
				VIEW_ATTR(base | (here ? OVERLAY_BOLD |
								 OVERLAY_UNDERLINE
						       : 0),
					  here ? VIEW_C_TERM : VIEW_C_NONE));
		x += 2;
		if (x < c->w - 1)
			text_trunc(c, a, y, x, c->w - x - 1, t->gloss,
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
		draw_list(a, c);
		break;
	case LAYOUT_TRANSCRIPT:
		draw_transcript(a, c);
		break;
	case LAYOUT_GLOSSARY:
		draw_glossary(a, c);
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
	int key = keys_key_for(&a->cfg->keys, ctx, command_find(name));
	if (key < 0)
		return;
	char k[64];
	keys_label(key, k, sizeof k);
	if (name2) {
		int key2 = keys_key_for(&a->cfg->keys, ctx,
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

void view_status(struct app *a, struct canvas *c)
{
	unsigned attr = VIEW_ATTR(OVERLAY_REVERSE, VIEW_C_STATUS);
	c->ops->erase(c->ctx);
	c->ops->fill(c->ctx, 0, 0, c->w, attr);
	char left[256] = "";
	size_t len = 0;
	if (a->ep && a->ep->n_segments) {
		const struct glyphs *g = glyphs(a);
		if (app_has_audio(a))
			len += (size_t)snprintf(left + len, sizeof left - len,
				"%s ", a->want_play ? g->play : g->pause);
		double pos = a->ps.loaded || a->ps.loading ? a->ps.position
							   : a->position;
		char t1[16], t2[16];
		episode_format_time(pos, t1, sizeof t1);
		episode_format_time(a->ep->duration, t2, sizeof t2);
		len += (size_t)snprintf(left + len, sizeof left - len,
					"sentence %zu/%zu  %s / %s", a->cur + 1,
					a->ep->n_segments, t1, t2);
		if (a->speed != 10 || app_has_audio(a))
			len += (size_t)snprintf(left + len, sizeof left - len,
						"  %.1fx", a->speed / 10.0);
		if (a->loop)
			len += (size_t)snprintf(left + len, sizeof left - len,
						"  loop");
		if (a->autopause)
			len += (size_t)snprintf(left + len, sizeof left - len,
						"  auto-pause");
	}
	int x = 1;
	if (a->message) {
		/* A message matters more than the clock: when both do not
		 * fit, the sentence number alone, or nothing, stays beside
		 * it. */
		int mw = view_raw_width(a, a->message);
		char brief[64] = "";
		if (a->ep && a->ep->n_segments)
			snprintf(brief, sizeof brief, "sentence %zu/%zu",
				 a->cur + 1, a->ep->n_segments);
		if (view_raw_width(a, left) + mw + 4 > c->w)
			snprintf(left, sizeof left, "%s",
				 (int)strlen(brief) + mw + 4 <= c->w ? brief
								    : "");
	}
	x += text_trunc(c, a, 0, x, c->w - 2, left, attr);
	if (a->message) {
		x += left[0] ? 2 : 0;
		text_trunc(c, a, 0, x, c->w - x - 1, a->message,
			   VIEW_ATTR(OVERLAY_REVERSE | OVERLAY_BOLD,
				     VIEW_C_MESSAGE));
		return;
	}
	/* The keys that matter now, most useful first, as many as fit,
	 * right-aligned; then the title in what room is left. */
	char keys[256] = "";
	int room = c->w - x - 3;
	int ctx = app_context(a);
#define HINT(name, name2, what)                                               \
	view_hint(a, ctx, keys, sizeof keys, room, name, name2, what)
	if (a->n_modes) {
		HINT("close", NULL, "close");
	} else {
		if (a->focus == APP_FOCUS_LIST)
			HINT("activate", NULL, "open");
		if (a->ep)
			HINT("prev-sentence", "next-sentence", "sentence");
		if (a->ep && app_has_audio(a))
			HINT("play-pause", NULL, a->want_play ? "pause" : "play");
		HINT("help", NULL, "help");
		if (a->ep && !a->follow)
			HINT("follow", NULL, "follow");
		if (a->ep)
			HINT("translation", NULL, "translation");
		HINT("quit", NULL, "quit");
	}
#undef HINT
	int kw = view_raw_width(a, keys);
	if (kw)
		text_trunc(c, a, 0, c->w - kw - 1, kw, keys, attr);
	if (a->ep_title) {
		int tx = x + 2;
		int tw = c->w - tx - (kw ? kw + 3 : 1);
		if (tw > 8)
			text_trunc(c, a, 0, tx, tw, a->ep_title,
				   VIEW_ATTR(OVERLAY_REVERSE | OVERLAY_BOLD,
					     VIEW_C_STATUS));
	}
}

/* ---- a canvas inside another (overlays, the whole screen) -------------- */

struct sub {
	struct canvas *parent;
	int dy, dx, h, w;
};

static void sub_erase(void *ctx)
{
	struct sub *s = ctx;
	for (int y = 0; y < s->h; y++)
		s->parent->ops->fill(s->parent->ctx, s->dy + y, s->dx, s->w, 0);
}

static void sub_cell(void *ctx, int y, int x, const char *t, size_t len,
		     int width, unsigned attr)
{
	struct sub *s = ctx;
	s->parent->ops->cell(s->parent->ctx, s->dy + y, s->dx + x, t, len,
			     width, attr);
}

static void sub_fill(void *ctx, int y, int x, int n, unsigned attr)
{
	struct sub *s = ctx;
	s->parent->ops->fill(s->parent->ctx, s->dy + y, s->dx + x, n, attr);
}

static const struct canvas_ops sub_ops = {sub_erase, sub_cell, sub_fill};

/* ---- overlays and frame ----------------------------------------------------------- */

void view_overlay(struct app *a, struct canvas *c)
{
	struct mode_entry *o = app_mode_top(a);
	c->ops->erase(c->ctx);
	if (!o || c->h < 3 || c->w < 4)
		return;
	const struct glyphs *g = glyphs(a);
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
	text_trunc(c, a, 0, 2, c->w - 4, title,
		   VIEW_ATTR(OVERLAY_BOLD | OVERLAY_REVERSE, VIEW_C_FOCUS));

	/* An overlay that draws its own inside (mode.h's draw hook). */
	if (o->mode->draw) {
		struct sub in = {c, 1, 1, c->h - 2, c->w - 2};
		struct canvas ic = {c->h - 2, c->w - 2, &sub_ops, &in};
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
		text_trunc(c, a, r + 1, 2, c->w - 4, l.text, at);
	}
	const char *footer = o->mode->footer ? o->mode->footer(o) : NULL;
	if (footer && c->h >= 4)
		text_trunc(c, a, c->h - 2, 2, c->w - 4, footer,
			   VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM));
	if (n > (size_t)rows) {
		char more[32];
		snprintf(more, sizeof more, " %zu-%zu/%zu ", o->top + 1,
			 o->top + (size_t)rows < n ? o->top + (size_t)rows : n,
			 n);
		int mw = (int)strlen(more);
		if (mw < c->w - 4)
			text_trunc(c, a, c->h - 1, c->w - mw - 2, mw, more, fa);
	}
}

void view_frame(struct app *a, struct canvas *c)
{
	const struct glyphs *g = glyphs(a);
	const struct layout *l = &a->layout;
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
		 a->cols, a->rows, LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS);
	int w = (int)strlen(msg);
	int y = c->h / 2, x = (c->w - w) / 2;
	if (x < 0)
		x = 0;
	/* Break it onto two lines when narrower than the message. */
	if (w > c->w) {
		view_text(c, a, y > 0 ? y - 1 : 0, 0, c->w, "Terminal too small",
			  18, VIEW_ATTR(OVERLAY_BOLD, 0));
		char size[48];
		snprintf(size, sizeof size, "%dx%d, need %dx%d", a->cols,
			 a->rows, LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS);
		view_text(c, a, y, 0, c->w, size, strlen(size), 0);
		return;
	}
	view_text(c, a, y, x, c->w, msg, strlen(msg),
		  VIEW_ATTR(OVERLAY_BOLD, 0));
}

/* ---- a whole screen on one canvas ----------------------------------------------- */

static void draw_sub(struct app *a, struct canvas *c, const struct rect *r,
		     int what)
{
	struct sub s = {c, r->y, r->x, r->h, r->w};
	struct canvas sc = {r->h, r->w, &sub_ops, &s};
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
	if (a->layout.too_small) {
		view_too_small(a, c);
		return;
	}
	view_frame(a, c);
	for (int p = 0; p < LAYOUT_N_PANES; p++)
		if (a->layout.pane[p].h)
			draw_sub(a, c, &a->layout.pane[p], p);
	draw_sub(a, c, &a->layout.status, LAYOUT_N_PANES);
	if (a->n_modes)
		draw_sub(a, c, &a->layout.overlay, LAYOUT_N_PANES + 1);
}
