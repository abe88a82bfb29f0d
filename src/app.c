/* app: the reader's state machine. Keys and events in, dirty bits and
 * player commands out; no curses, no libmpv. */
#include "buildspeak/app.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buildspeak/alloc.h"
#include "buildspeak/book.h"
#include "buildspeak/command.h"
#include "buildspeak/help.h"
#include "buildspeak/matcher.h"
#include "buildspeak/overlay.h"

/* Transcript geometry: a two-column gutter for the current-sentence marker
 * and one blank column on the right. */
#define TX_GUTTER 2
#define TX_MARGIN 1

static void tx_ensure_visible(struct app *a);
static void tx_place(struct app *a, size_t seg);
static void update_current_marks(struct app *a);

/* ---- setup ------------------------------------------------------------- */

/* Every segment view must re-wrap: a new layout generation (0 is kept for
 * "never laid out"). */
static void bump_gen(struct app *a)
{
	if (++a->gen == 0)
		a->gen = 1;
}

static void compute_layout(struct app *a)
{
	layout_compute(&a->layout, a->cols, a->rows, a->fold_list,
		       a->fold_glossary);
	int w = a->layout.pane[LAYOUT_TRANSCRIPT].w - TX_GUTTER - TX_MARGIN;
	if (a->layout.too_small)
		w = 2; /* nothing is shown; keep a valid width */
	if (w < 2)
		w = 2;
	if (w != a->wrap_cols) {
		a->wrap_cols = w;
		bump_gen(a);
	}
	/* A folded pane cannot keep the focus. */
	if (a->focus == APP_FOCUS_LIST && !a->layout.pane[LAYOUT_LIST].h)
		a->focus = APP_FOCUS_TRANSCRIPT;
	if (a->focus == APP_FOCUS_GLOSSARY &&
	    !a->layout.pane[LAYOUT_GLOSSARY].h)
		a->focus = APP_FOCUS_TRANSCRIPT;
	if (a->focus == APP_FOCUS_TRANSCRIPT && !a->ep &&
	    a->layout.pane[LAYOUT_LIST].h)
		a->focus = APP_FOCUS_LIST;
}

struct app *app_new(struct config *cfg, struct store *st, int cols, int rows)
{
	struct app *a = xcalloc(1, sizeof *a);
	a->cfg = cfg;
	a->st = st;
	a->metrics.ambiguous_wide = cfg->ambiguous_wide;
	a->cols = cols;
	a->rows = rows;
	a->fold_list = LAYOUT_AUTO;
	a->fold_glossary = LAYOUT_AUTO;
	a->focus = APP_FOCUS_LIST;
	a->gen = 1;
	a->follow = true;
	a->speed = 10;
	a->autopause_at = -1;
	a->jump_floor = -1;
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(a->today, sizeof a->today, "%Y-%m-%d", &tm);
	compute_layout(a);
	a->dirty = APP_DIRTY_ALL;
	return a;
}

static void seg_view_free(struct app_seg_view *v)
{
	free(v->en);
	free(v->zh);
	free(v->en_lines);
	free(v->zh_lines);
}

static void close_episode(struct app *a)
{
	if (!a->ep)
		return;
	for (size_t i = 0; i < a->ep->n_segments; i++)
		seg_view_free(&a->segv[i]);
	free(a->segv);
	a->segv = NULL;
	episode_free(a->ep);
	a->ep = NULL;
	matcher_free(a->gl_matcher);
	a->gl_matcher = NULL;
	a->ep_id = 0;
	free(a->ep_title);
	a->ep_title = NULL;
	free(a->cur_en_spans);
	free(a->cur_zh_spans);
	a->cur_en_spans = a->cur_zh_spans = NULL;
	a->n_cur_en_spans = a->n_cur_zh_spans = 0;
	free(a->gl_order);
	a->gl_order = NULL;
	a->gl_marked = a->gl_sel = a->gl_top = 0;
	a->cur = a->top_seg = a->top_line = 0;
}

void app_free(struct app *a)
{
	if (!a)
		return;
	close_episode(a);
	while (a->n_overlays)
		app_overlay_pop(a);
	book_free(a->book); /* the vocabulary book's state */
	store_summaries_free(a->episodes, a->n_episodes);
	for (size_t i = a->pcmd_head; i < a->n_pcmds; i++)
		free(a->pcmds[i].path);
	free(a->pcmds);
	free(a->message);
	free(a);
}

unsigned app_take_dirty(struct app *a)
{
	unsigned d = a->dirty;
	a->dirty = 0;
	return d;
}

void app_message(struct app *a, bool sticky, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *raw = xvasprintf(fmt, ap);
	va_end(ap);
	free(a->message);
	a->message = text_sanitize_line(raw);
	free(raw);
	a->message_sticky = sticky;
	a->dirty |= APP_DIRTY_STATUS;
}

static void clear_message(struct app *a)
{
	if (!a->message)
		return;
	if (a->message_sticky) {
		a->message_sticky = false;
		return;
	}
	free(a->message);
	a->message = NULL;
	a->dirty |= APP_DIRTY_STATUS;
}

/* ---- player command queue --------------------------------------------- */

static void pcmd(struct app *a, enum app_pcmd_type type, double x, double y,
		 const char *path)
{
	if (a->pcmd_head == a->n_pcmds)
		a->pcmd_head = a->n_pcmds = 0;
	xgrow((void **)&a->pcmds, &a->cap_pcmds, a->n_pcmds + 1,
	      sizeof a->pcmds[0]);
	a->pcmds[a->n_pcmds++] = (struct app_pcmd){type, x, y, xstrdup(path)};
}

bool app_next_pcmd(struct app *a, struct app_pcmd *out)
{
	if (a->pcmd_head >= a->n_pcmds)
		return false;
	*out = a->pcmds[a->pcmd_head++];
	return true;
}

/* ---- the episode list --------------------------------------------------- */

void app_set_list(struct app *a, struct episode_summary *v, size_t n)
{
	long long sel_id = a->list_sel < a->n_episodes
				   ? a->episodes[a->list_sel].id
				   : 0;
	store_summaries_free(a->episodes, a->n_episodes);
	a->episodes = v;
	a->n_episodes = n;
	a->n_today = 0;
	while (a->n_today < n && !strcmp(v[a->n_today].date, a->today))
		a->n_today++;
	a->list_sel = 0;
	long long want = a->ep_id ? a->ep_id : sel_id;
	for (size_t i = 0; i < n; i++)
		if (v[i].id == want)
			a->list_sel = i;
	a->dirty |= APP_DIRTY_LIST | APP_DIRTY_STATUS;
}

int app_load_list(struct app *a)
{
	if (!a->st)
		return 0;
	struct episode_summary *v = NULL;
	size_t n = 0;
	if (store_episode_list(a->st, &v, &n) < 0) {
		app_message(a, true, "cannot read the episode list: %s",
			    store_error(a->st));
		return -1;
	}
	app_set_list(a, v, n);
	return 0;
}

/* ---- the transcript's lazy layout -------------------------------------- */

/* perf: lazy text. Segments whose text app_seg loads at a time, aligned so
 * that stepping through a window costs one query: ~50 kB of text. */
#define APP_TEXT_WINDOW 64

void app_load_text(struct app *a, size_t from, size_t to)
{
	struct episode *ep = a->ep;
	if (!ep)
		return;
	if (to > ep->n_segments)
		to = ep->n_segments;
	size_t i = from;
	while (i < to && ep->segments[i].en)
		i++;
	if (i >= to)
		return; /* all there: episodes not from app_open_id always are */
	if (a->st && store_episode_load_text(a->st, ep, i, to) == 0)
		return;
	app_message(a, true, "cannot load the episode's text: %s",
		    a->st ? store_error(a->st) : "no library");
	/* Keep the model's never-NULL promise from here on. */
	for (; i < to; i++) {
		if (!ep->segments[i].en) {
			ep->segments[i].en = xstrdup("");
			ep->segments[i].zh = xstrdup("");
		}
	}
}

const struct app_seg_view *app_seg(struct app *a, size_t i)
{
	struct app_seg_view *v = &a->segv[i];
	if (!v->en) {
		if (!a->ep->segments[i].en) {
			size_t w = i - i % APP_TEXT_WINDOW;
			app_load_text(a, w, w + APP_TEXT_WINDOW);
		}
		/* perf: end of lazy text */
		v->en = text_sanitize(a->ep->segments[i].en);
		v->zh = text_sanitize(a->ep->segments[i].zh);
	}
	if (v->gen != a->gen) {
		free(v->en_lines);
		free(v->zh_lines);
		v->n_en = text_wrap(v->en, a->wrap_cols, &a->metrics,
				    &v->en_lines);
		v->n_zh = text_wrap(v->zh, a->wrap_cols, &a->metrics,
				    &v->zh_lines);
		v->gen = a->gen;
	}
	return v;
}

size_t app_seg_height(struct app *a, size_t i)
{
	const struct app_seg_view *v = app_seg(a, i);
	size_t h = 2; /* header and the blank line after */
	if (a->tr != APP_TR_ZH)
		h += v->n_en;
	if (a->tr != APP_TR_EN)
		h += v->n_zh;
	return h;
}

/* Rows of pane p's body: its height minus the title row, at least 1. */
static int body_rows(const struct app *a, enum layout_pane p)
{
	int h = a->layout.pane[p].h - 1;
	return h > 0 ? h : 1;
}

int app_transcript_rows(const struct app *a)
{
	return body_rows(a, LAYOUT_TRANSCRIPT);
}

bool app_transcript_at(struct app *a, int row, size_t *seg, size_t *line)
{
	if (!a->ep || row < 0)
		return false;
	size_t s = a->top_seg, l = a->top_line, r = (size_t)row;
	while (s < a->ep->n_segments) {
		size_t avail = app_seg_height(a, s) - l;
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

double app_seg_end(const struct app *a, size_t i)
{
	const struct segment *s = &a->ep->segments[i];
	if (s->end > s->start)
		return s->end;
	if (i + 1 < a->ep->n_segments &&
	    a->ep->segments[i + 1].start > s->start)
		return a->ep->segments[i + 1].start;
	return s->start + 1;
}

/* The last anchor that still fills the body: the view never scrolls past
 * the end of the transcript into empty rows. */
static void tx_max_anchor(struct app *a, size_t *seg, size_t *line)
{
	size_t rows = (size_t)app_transcript_rows(a);
	size_t s = a->ep->n_segments, acc = 0;
	while (s > 0) {
		size_t h = app_seg_height(a, s - 1);
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

static void tx_clamp(struct app *a)
{
	size_t ms, ml;
	tx_max_anchor(a, &ms, &ml);
	if (a->top_seg > ms || (a->top_seg == ms && a->top_line > ml)) {
		a->top_seg = ms;
		a->top_line = ml;
	}
	if (a->top_seg < a->ep->n_segments &&
	    a->top_line >= app_seg_height(a, a->top_seg))
		a->top_line = app_seg_height(a, a->top_seg) - 1;
}

/* Moves the view's anchor by delta rows (negative: up). */
static void tx_scroll(struct app *a, long delta)
{
	if (!a->ep || !a->ep->n_segments)
		return;
	if (delta > 0) {
		size_t need = (size_t)delta;
		while (need > 0) {
			size_t rem = app_seg_height(a, a->top_seg) - a->top_line;
			if (need < rem) {
				a->top_line += need;
				break;
			}
			if (a->top_seg + 1 >= a->ep->n_segments) {
				a->top_line += rem - 1;
				break;
			}
			need -= rem;
			a->top_seg++;
			a->top_line = 0;
		}
	} else {
		size_t need = (size_t)-delta;
		while (need > 0) {
			if (a->top_line >= need) {
				a->top_line -= need;
				break;
			}
			if (a->top_seg == 0) {
				a->top_line = 0;
				break;
			}
			need -= a->top_line + 1;
			a->top_seg--;
			a->top_line = app_seg_height(a, a->top_seg) - 1;
		}
	}
	tx_clamp(a);
	a->dirty |= APP_DIRTY_TRANSCRIPT;
}

/* Puts segment seg in view with some context above it: its header a
 * quarter of the way down, or at the top when it is too tall for that. */
static void tx_place(struct app *a, size_t seg)
{
	long rows = app_transcript_rows(a);
	long h = (long)app_seg_height(a, seg);
	long above = rows / 4;
	if (above > rows - h)
		above = rows - h;
	a->top_seg = seg;
	a->top_line = 0;
	if (above > 0)
		tx_scroll(a, -above);
	tx_clamp(a);
	a->dirty |= APP_DIRTY_TRANSCRIPT;
}

/* Keeps the current sentence entirely in view if it is not. Costs at most
 * one screenful of segments. */
static void tx_ensure_visible(struct app *a)
{
	if (!a->ep || !a->ep->n_segments)
		return;
	size_t c = a->cur;
	if (c < a->top_seg || (c == a->top_seg && a->top_line > 0)) {
		tx_place(a, c);
		return;
	}
	size_t rows = (size_t)app_transcript_rows(a);
	size_t off = 0;
	for (size_t s = a->top_seg; s < c; s++) {
		off += app_seg_height(a, s) - (s == a->top_seg ? a->top_line : 0);
		if (off >= rows) {
			tx_place(a, c);
			return;
		}
	}
	if (off + app_seg_height(a, c) > rows)
		tx_place(a, c);
}

/* ---- the current sentence --------------------------------------------- */

/* Glossary terms in the current sentence, and the glossary pane's order:
 * those terms first. */
static void update_current_marks(struct app *a)
{
	free(a->cur_en_spans);
	free(a->cur_zh_spans);
	a->cur_en_spans = a->cur_zh_spans = NULL;
	a->n_cur_en_spans = a->n_cur_zh_spans = 0;
	if (!a->ep || !a->ep->n_segments)
		return;
	const struct app_seg_view *v = app_seg(a, a->cur);
	size_t nt = a->ep->n_terms;
	a->n_cur_en_spans = matcher_find(a->gl_matcher, v->en,
					 &a->cur_en_spans);
	a->n_cur_zh_spans = matcher_find(a->gl_matcher, v->zh,
					 &a->cur_zh_spans);

	size_t keep = a->gl_order && a->gl_sel < nt ? a->gl_order[a->gl_sel]
						    : (size_t)-1;
	if (!a->gl_order)
		a->gl_order = xcalloc(nt ? nt : 1, sizeof *a->gl_order);
	bool *in = xcalloc(nt ? nt : 1, sizeof *in);
	size_t k = 0;
	for (int pass = 0; pass < 2; pass++) {
		const struct term_span *sp = pass ? a->cur_zh_spans
						  : a->cur_en_spans;
		size_t n = pass ? a->n_cur_zh_spans : a->n_cur_en_spans;
		for (size_t i = 0; i < n; i++) {
			if (sp[i].term < nt && !in[sp[i].term]) {
				in[sp[i].term] = true;
				a->gl_order[k++] = sp[i].term;
			}
		}
	}
	a->gl_marked = k;
	for (size_t i = 0; i < nt; i++)
		if (!in[i])
			a->gl_order[k++] = i;
	free(in);
	/* The focused glossary keeps its selected term; otherwise the
	 * sentence's terms show from the top. */
	a->gl_sel = 0;
	if (a->focus == APP_FOCUS_GLOSSARY && keep != (size_t)-1) {
		for (size_t i = 0; i < nt; i++)
			if (a->gl_order[i] == keep)
				a->gl_sel = i;
	} else {
		a->gl_top = 0;
	}
	a->dirty |= APP_DIRTY_GLOSSARY;
}

static void set_current(struct app *a, size_t i)
{
	if (!a->ep || !a->ep->n_segments)
		return;
	if (i >= a->ep->n_segments)
		i = a->ep->n_segments - 1;
	if (i != a->cur) {
		a->cur = i;
		update_current_marks(a);
		a->dirty |= APP_DIRTY_TRANSCRIPT | APP_DIRTY_GLOSSARY |
			    APP_DIRTY_STATUS;
	}
	if (a->follow)
		tx_ensure_visible(a);
}

/* listen helper (issue 4): what plays -- the episode's audio, else the
 * page's source link (libmpv plays such links through yt-dlp where it and
 * the network are there; where not, the failure says so). "" for none. */
static const char *audio_source(const struct app *a)
{
	if (!a->ep)
		return "";
	return a->ep->audio[0] ? a->ep->audio : a->ep->source_url;
}

bool app_has_audio(const struct app *a)
{
	return a->ep && audio_source(a)[0] && !a->audio_missing &&
	       a->player_ok;
}

static bool player_busy(const struct app *a)
{
	return a->ps.loaded || a->ps.loading;
}

/* The auto-pause point for playback starting at position p: the end of
 * p's sentence, or of the next one when p is already at that end (so Space
 * after an auto-pause goes on into the next sentence). */
static double next_autopause(const struct app *a, double p)
{
	long s = episode_segment_at(a->ep, p);
	if (s < 0)
		return -1;
	double end = app_seg_end(a, (size_t)s);
	if (p >= end - 0.3 && (size_t)s + 1 < a->ep->n_segments)
		end = app_seg_end(a, (size_t)s + 1);
	return end;
}

/* A user's jump to sentence i: it becomes current, the view follows it and
 * the audio goes with it. */
static void jump(struct app *a, size_t i)
{
	if (!a->ep || !a->ep->n_segments)
		return;
	if (i >= a->ep->n_segments)
		i = a->ep->n_segments - 1;
	a->follow = true;
	set_current(a, i);
	double t = a->ep->segments[i].start;
	a->position = t;
	a->jump_floor = t;
	a->autopaused = false;
	if (player_busy(a)) {
		pcmd(a, APP_PCMD_SEEK, t, 0, NULL);
		if (a->loop)
			pcmd(a, APP_PCMD_LOOP, t, app_seg_end(a, i), NULL);
	}
	if (a->autopause)
		a->autopause_at = app_seg_end(a, i);
	a->dirty |= APP_DIRTY_TRANSCRIPT | APP_DIRTY_STATUS;
}

/* ---- opening episodes --------------------------------------------------- */

/* The list's entry for library episode id; NULL when it is not listed. */
static struct episode_summary *summary_of(struct app *a, long long id)
{
	for (size_t i = 0; i < a->n_episodes; i++)
		if (a->episodes[i].id == id)
			return &a->episodes[i];
	return NULL;
}

int app_save_progress(struct app *a)
{
	if (!a->ep || !a->ep_id)
		return 0;
	int rc = 0;
	double pos = player_busy(a) ? a->ps.position : a->position;
	if (a->st && store_progress_save(a->st, a->ep_id, pos, (int)a->cur) < 0) {
		app_message(a, true, "cannot save progress: %s",
			    store_error(a->st));
		rc = -1;
	}
	struct episode_summary *e = summary_of(a, a->ep_id);
	if (e) {
		e->position = pos;
		e->progress_segment = (int)a->cur;
		e->opened_at = (long long)time(NULL);
	}
	a->dirty |= APP_DIRTY_LIST;
	return rc;
}

void app_open(struct app *a, struct episode *ep, long long id, long seg,
	      double position)
{
	app_save_progress(a);
	if (player_busy(a))
		pcmd(a, APP_PCMD_STOP, 0, 0, NULL);
	memset(&a->ps, 0, sizeof a->ps);
	a->ps.paused = true;
	a->ps.speed = a->speed / 10.0;
	close_episode(a);

	a->ep = ep;
	a->ep_id = id;
	a->gl_matcher = matcher_new();
	for (size_t i = 0; i < ep->n_terms; i++)
		matcher_add(a->gl_matcher, ep->terms[i].term, i);
	a->ep_title = text_sanitize_line(ep->title);
	a->segv = xcalloc(ep->n_segments ? ep->n_segments : 1,
			  sizeof *a->segv);
	a->want_play = false;
	a->loop = false;
	a->autopaused = false;
	a->autopause_at = -1;
	a->jump_floor = -1;
	a->audio_missing = false;
	if (ep->audio[0] && !episode_audio_is_url(ep->audio) && access(ep->audio, R_OK) != 0) {
		a->audio_missing = true;
		app_message(a, true, "audio file not found: %s -- reading only",
			    ep->audio);
	}

	size_t n = ep->n_segments;
	a->cur = 0;
	if (n) {
		size_t c = seg < 0 ? 0 : (size_t)seg >= n ? n - 1 : (size_t)seg;
		a->cur = c;
		double s = ep->segments[c].start;
		a->position = position >= s && position < app_seg_end(a, c)
				      ? position
				      : s;
	} else {
		a->position = 0;
	}
	a->follow = true;
	update_current_marks(a);
	if (n)
		tx_place(a, a->cur);
	struct episode_summary *e = summary_of(a, id);
	if (e)
		a->list_sel = (size_t)(e - a->episodes);
	if (a->focus == APP_FOCUS_LIST || !a->layout.pane[LAYOUT_LIST].h)
		a->focus = APP_FOCUS_TRANSCRIPT;
	if (a->st && id)
		app_save_progress(a); /* marks it last opened */
	a->dirty = APP_DIRTY_ALL;
}

int app_open_id(struct app *a, long long id)
{
	if (!a->st)
		return -1;
	struct episode *ep = NULL;
	/* Times and glossary now, text as it is shown (app_seg). */
	if (store_episode_load_lazy(a->st, id, &ep) < 0) {
		app_message(a, true, "cannot open episode %lld: %s", id,
			    store_error(a->st));
		return -1;
	}
	const struct episode_summary *e = summary_of(a, id);
	app_open(a, ep, id, e ? e->progress_segment : -1,
		 e ? e->position : 0);
	return 0;
}

void app_open_last(struct app *a)
{
	if (!a->st)
		return;
	long long id = store_last_opened(a->st);
	if (id <= 0 && a->n_episodes)
		id = a->episodes[0].id; /* never opened: the newest */
	if (id > 0 && app_open_id(a, id) == 0)
		return;
	if (a->n_episodes == 0)
		app_message(a, true, "the library is empty: import an episode "
			    "with `buildspeak import FILE`");
	a->focus = a->layout.pane[LAYOUT_LIST].h ? APP_FOCUS_LIST
						 : APP_FOCUS_TRANSCRIPT;
}

/* ---- geometry ------------------------------------------------------------ */

void app_resize(struct app *a, int cols, int rows)
{
	a->cols = cols;
	a->rows = rows;
	compute_layout(a);
	if (a->ep && a->ep->n_segments) {
		tx_clamp(a);
		if (a->follow)
			tx_ensure_visible(a);
	}
	a->dirty = APP_DIRTY_ALL;
}

void app_set_ambiguous_wide(struct app *a, bool wide)
{
	a->metrics.ambiguous_wide = wide;
	bump_gen(a);
	app_resize(a, a->cols, a->rows);
}

/* ---- keys and commands --------------------------------------------------- */

enum keys_context app_context(const struct app *a)
{
	if (a->n_overlays)
		return a->overlays[a->n_overlays - 1].ops->context;
	switch (a->focus) {
	case APP_FOCUS_LIST:
		return KEYS_LIST;
	case APP_FOCUS_GLOSSARY:
		return KEYS_GLOSSARY;
	default:
		return KEYS_TRANSCRIPT;
	}
}

void app_run(struct app *a, int cmd)
{
	if (cmd >= 0 && (size_t)cmd < command_count)
		command_table[cmd].run(a);
}

int app_run_name(struct app *a, const char *name)
{
	int cmd = command_find(name);
	if (cmd < 0)
		return -1;
	app_run(a, cmd);
	return 0;
}

void app_key(struct app *a, int key)
{
	clear_message(a);
	enum keys_context ctx = app_context(a);
	struct app_overlay *o = app_overlay_top(a);
	/* An overlay that takes typing (a prompt) sees every key its own
	 * map does not bind before the common map does. */
	if (o && o->ops->key &&
	    keys_lookup_local(&a->cfg->keys, ctx, key) < 0 &&
	    o->ops->key(a, o->state, key)) {
		a->dirty |= APP_DIRTY_OVERLAY;
		return;
	}
	int cmd = keys_lookup(&a->cfg->keys, ctx, key);
	if (cmd >= 0)
		app_run(a, cmd);
}

/* ---- overlays -------------------------------------------------------------- */

struct app_overlay *app_overlay_top(struct app *a)
{
	return a->n_overlays ? &a->overlays[a->n_overlays - 1] : NULL;
}

void app_overlay_push(struct app *a, const struct overlay_ops *ops,
		      void *state)
{
	if (a->n_overlays == APP_MAX_OVERLAYS) {
		ops->free(state);
		return;
	}
	a->overlays[a->n_overlays++] = (struct app_overlay){ops, state, 0, 0};
	a->dirty |= APP_DIRTY_OVERLAY | APP_DIRTY_STATUS;
}

void app_overlay_pop(struct app *a)
{
	if (!a->n_overlays)
		return;
	struct app_overlay *o = &a->overlays[--a->n_overlays];
	o->ops->free(o->state);
	/* What was under it shows again. */
	a->dirty |= APP_DIRTY_ALL & ~APP_DIRTY_LAYOUT;
}

int app_overlay_rows(const struct app *a)
{
	int h = a->layout.overlay.h - 2 - 1; /* frame, footer */
	return h > 1 ? h : 1;
}

/* i moved by delta, kept within [0, n) (0 when n is 0). */
static size_t step_index(size_t i, long delta, size_t n)
{
	long s = (long)i + delta;
	if (s >= (long)n)
		s = (long)n - 1;
	return s < 0 ? 0 : (size_t)s;
}

/* Scrolls *top so that row sel shows among rows rows. */
static void keep_in_view(size_t sel, size_t *top, size_t rows)
{
	if (sel < *top)
		*top = sel;
	if (sel >= *top + rows)
		*top = sel - rows + 1;
}

/* Moves an overlay's selection (or its scroll) by delta lines. */
static void overlay_move(struct app *a, long delta)
{
	struct app_overlay *o = app_overlay_top(a);
	size_t n = o->ops->count ? o->ops->count(a, o->state) : 0;
	size_t rows = (size_t)app_overlay_rows(a);
	if (o->ops->selectable) {
		o->sel = step_index(o->sel, delta, n);
		keep_in_view(o->sel, &o->top, rows);
	} else {
		long t = (long)o->top + delta;
		long max = (long)n - (long)rows;
		if (t > max)
			t = max;
		if (t < 0)
			t = 0;
		o->top = (size_t)t;
	}
	a->dirty |= APP_DIRTY_OVERLAY;
}

/* ---- list and glossary movement --------------------------------------- */

size_t app_list_row(const struct app *a, size_t i)
{
	size_t r = a->n_today ? 1 : 0;
	r += 2 * i;
	if (i >= a->n_today && a->n_today < a->n_episodes)
		r += 1;
	return r;
}

static void list_move(struct app *a, long delta)
{
	if (!a->n_episodes)
		return;
	a->list_sel = step_index(a->list_sel, delta, a->n_episodes);
	size_t rows = (size_t)body_rows(a, LAYOUT_LIST);
	size_t r = app_list_row(a, a->list_sel);
	/* Keep a group header visible above the first of its episodes. */
	size_t want_top = r > 0 && (a->list_sel == 0 ||
				    a->list_sel == a->n_today)
				  ? r - 1
				  : r;
	if (want_top < a->list_top)
		a->list_top = want_top;
	if (r + 2 > a->list_top + rows)
		a->list_top = r + 2 > rows ? r + 2 - rows : 0;
	a->dirty |= APP_DIRTY_LIST;
}

static void glossary_move(struct app *a, long delta)
{
	size_t n = a->ep ? a->ep->n_terms : 0;
	if (!n)
		return;
	a->gl_sel = step_index(a->gl_sel, delta, n);
	keep_in_view(a->gl_sel, &a->gl_top,
		     (size_t)body_rows(a, LAYOUT_GLOSSARY));
	a->dirty |= APP_DIRTY_GLOSSARY;
}

/* The pane that focus f is on. */
static enum layout_pane pane_of(enum app_focus f)
{
	return f == APP_FOCUS_LIST       ? LAYOUT_LIST
	       : f == APP_FOCUS_GLOSSARY ? LAYOUT_GLOSSARY
					 : LAYOUT_TRANSCRIPT;
}

static long page_rows(const struct app *a)
{
	if (a->n_overlays)
		return app_overlay_rows(a) - 1 > 1 ? app_overlay_rows(a) - 1 : 1;
	long h = a->layout.pane[pane_of(a->focus)].h - 2;
	return h > 1 ? h : 1;
}

/* up/down/page: the overlay, else the focused pane. In the transcript
 * they scroll the view (and stop it following the sentence). */
static void move(struct app *a, long delta)
{
	if (a->n_overlays) {
		overlay_move(a, delta);
		return;
	}
	switch (a->focus) {
	case APP_FOCUS_LIST:
		/* A page of rows is half as many episodes (two rows each). */
		list_move(a, labs(delta) > 1 ? delta / 2 : delta);
		break;
	case APP_FOCUS_GLOSSARY:
		glossary_move(a, delta);
		break;
	case APP_FOCUS_TRANSCRIPT:
		if (a->ep) {
			a->follow = false;
			tx_scroll(a, delta);
			a->dirty |= APP_DIRTY_STATUS;
		}
		break;
	}
}

void app_cmd_up(struct app *a) { move(a, -1); }
void app_cmd_down(struct app *a) { move(a, 1); }
void app_cmd_page_up(struct app *a) { move(a, -page_rows(a)); }
void app_cmd_page_down(struct app *a) { move(a, page_rows(a)); }

void app_cmd_first(struct app *a)
{
	if (a->n_overlays)
		overlay_move(a, -(long)1e9);
	else if (a->focus == APP_FOCUS_LIST)
		list_move(a, -(long)a->n_episodes);
	else if (a->focus == APP_FOCUS_GLOSSARY)
		glossary_move(a, -(long)1e9);
	else
		jump(a, 0);
}

void app_cmd_last(struct app *a)
{
	if (a->n_overlays)
		overlay_move(a, (long)1e9);
	else if (a->focus == APP_FOCUS_LIST)
		list_move(a, (long)a->n_episodes);
	else if (a->focus == APP_FOCUS_GLOSSARY)
		glossary_move(a, (long)1e9);
	else if (a->ep && a->ep->n_segments)
		jump(a, a->ep->n_segments - 1);
}

void app_cmd_next_sentence(struct app *a)
{
	if (!a->ep)
		return;
	jump(a, a->cur + 1);
}

void app_cmd_prev_sentence(struct app *a)
{
	if (!a->ep)
		return;
	jump(a, a->cur ? a->cur - 1 : 0);
}

void app_cmd_activate(struct app *a)
{
	struct app_overlay *o = app_overlay_top(a);
	if (o) {
		if (o->ops->activate)
			o->ops->activate(a, o->state, o->sel);
		return;
	}
	switch (a->focus) {
	case APP_FOCUS_LIST:
		if (a->list_sel >= a->n_episodes)
			return;
		if (a->episodes[a->list_sel].id == a->ep_id && a->ep) {
			a->focus = APP_FOCUS_TRANSCRIPT;
			a->dirty |= APP_DIRTY_ALL & ~APP_DIRTY_LAYOUT;
			return;
		}
		app_open_id(a, a->episodes[a->list_sel].id);
		break;
	case APP_FOCUS_GLOSSARY:
		/* Enter on a term: the sentence where it is first glossed. */
		if (a->ep && a->gl_sel < a->ep->n_terms) {
			const struct term *t =
				&a->ep->terms[a->gl_order[a->gl_sel]];
			/* Read from the library unchecked: a negative index
			 * is no sentence (jump clamps only from above). */
			if (t->first_segment >= 0)
				jump(a, (size_t)t->first_segment);
		}
		break;
	case APP_FOCUS_TRANSCRIPT:
		app_cmd_replay(a);
		break;
	}
}

/* ---- focus, panes, modes ------------------------------------------------- */

static bool pane_shown(const struct app *a, enum app_focus f)
{
	return a->layout.pane[pane_of(f)].h > 0;
}

static void set_focus(struct app *a, enum app_focus f)
{
	if (!pane_shown(a, f) || a->focus == f)
		return;
	a->focus = f;
	a->dirty |= APP_DIRTY_LIST | APP_DIRTY_TRANSCRIPT |
		    APP_DIRTY_GLOSSARY | APP_DIRTY_STATUS;
}

static void focus_step(struct app *a, int dir)
{
	enum app_focus f = a->focus;
	for (int i = 0; i < 3; i++) {
		f = (enum app_focus)(((int)f + dir + 3) % 3);
		if (pane_shown(a, f)) {
			set_focus(a, f);
			return;
		}
	}
}

void app_cmd_focus_next(struct app *a) { focus_step(a, 1); }
void app_cmd_focus_prev(struct app *a) { focus_step(a, -1); }
void app_cmd_focus_list(struct app *a)
{
	if (!pane_shown(a, APP_FOCUS_LIST))
		app_cmd_toggle_list(a);
	set_focus(a, APP_FOCUS_LIST);
}
void app_cmd_focus_transcript(struct app *a)
{
	set_focus(a, APP_FOCUS_TRANSCRIPT);
}
void app_cmd_focus_glossary(struct app *a)
{
	if (!pane_shown(a, APP_FOCUS_GLOSSARY))
		app_cmd_toggle_glossary(a);
	set_focus(a, APP_FOCUS_GLOSSARY);
}

/* Flips a foldable pane. A choice that matches what the width would do
 * anyway goes back to following the width, so a list shown for a moment on
 * a narrow terminal and folded again comes back when the terminal widens. */
static enum layout_fold toggled(enum layout_fold wish, int cols)
{
	bool show = !layout_shown(wish, cols);
	if (show == layout_shown(LAYOUT_AUTO, cols))
		return LAYOUT_AUTO;
	return show ? LAYOUT_SHOW : LAYOUT_HIDE;
}

void app_cmd_toggle_list(struct app *a)
{
	a->fold_list = toggled(a->fold_list, a->cols);
	app_resize(a, a->cols, a->rows);
	if (a->layout.pane[LAYOUT_LIST].h && !a->ep)
		a->focus = APP_FOCUS_LIST;
}

void app_cmd_toggle_glossary(struct app *a)
{
	a->fold_glossary = toggled(a->fold_glossary, a->cols);
	app_resize(a, a->cols, a->rows);
}

void app_cmd_translation(struct app *a)
{
	a->tr = (enum app_translation)((a->tr + 1) % 3);
	if (a->ep && a->ep->n_segments) {
		/* Keep the current sentence where the eye is. */
		tx_clamp(a);
		if (a->follow)
			tx_ensure_visible(a);
	}
	static const char *const names[] = {
		"English and Chinese", "English only", "Chinese only"};
	app_message(a, false, "translation: %s", names[a->tr]);
	a->dirty |= APP_DIRTY_TRANSCRIPT | APP_DIRTY_STATUS;
}

void app_cmd_follow(struct app *a)
{
	if (!a->ep || !a->ep->n_segments)
		return;
	a->follow = true;
	tx_place(a, a->cur);
	a->dirty |= APP_DIRTY_STATUS;
}

void app_cmd_quit(struct app *a)
{
	a->quit = true;
}

void app_cmd_close(struct app *a)
{
	if (a->n_overlays)
		app_overlay_pop(a);
	else if (a->message) {
		free(a->message);
		a->message = NULL;
		a->dirty |= APP_DIRTY_STATUS;
	}
}

void app_cmd_help(struct app *a)
{
	/* ? in the help closes it: one key opens and closes. */
	struct app_overlay *o = app_overlay_top(a);
	if (o && o->ops == &help_overlay) {
		app_overlay_pop(a);
		return;
	}
	help_open(a);
}

void app_cmd_redraw(struct app *a)
{
	a->clear_screen = true;
	a->dirty = APP_DIRTY_ALL;
}

/* ---- the mouse ------------------------------------------------------------ */

static bool inside(const struct rect *r, int y, int x)
{
	return r->h > 0 && y >= r->y && y < r->y + r->h && x >= r->x &&
	       x < r->x + r->w;
}

static void mouse_overlay(struct app *a, enum app_mouse_kind kind, int y,
			  int x)
{
	struct app_overlay *o = app_overlay_top(a);
	const struct rect *r = &a->layout.overlay;
	if (kind != APP_MOUSE_CLICK) {
		overlay_move(a, kind == APP_MOUSE_WHEEL_UP ? -3 : 3);
		return;
	}
	if (!inside(r, y, x)) {
		app_overlay_pop(a);
		return;
	}
	int row = y - r->y - 1;
	size_t n = o->ops->count ? o->ops->count(a, o->state) : 0;
	if (o->ops->selectable && row >= 0 && row < app_overlay_rows(a) &&
	    o->top + (size_t)row < n) {
		o->sel = o->top + (size_t)row;
		a->dirty |= APP_DIRTY_OVERLAY;
	}
}

void app_mouse(struct app *a, enum app_mouse_kind kind, int y, int x)
{
	clear_message(a);
	const struct layout *l = &a->layout;
	if (l->too_small)
		return;
	if (a->n_overlays) {
		mouse_overlay(a, kind, y, x);
		return;
	}
	int step = kind == APP_MOUSE_WHEEL_UP ? -3 : 3;
	if (inside(&l->pane[LAYOUT_LIST], y, x)) {
		set_focus(a, APP_FOCUS_LIST);
		if (kind != APP_MOUSE_CLICK) {
			list_move(a, step > 0 ? 1 : -1);
			return;
		}
		long row = y - l->pane[LAYOUT_LIST].y - 1;
		if (row < 0)
			return;
		size_t want = a->list_top + (size_t)row;
		for (size_t i = 0; i < a->n_episodes; i++) {
			size_t r0 = app_list_row(a, i);
			if (want == r0 || want == r0 + 1) {
				a->list_sel = i;
				a->dirty |= APP_DIRTY_LIST;
				app_cmd_activate(a);
				return;
			}
		}
	} else if (inside(&l->pane[LAYOUT_TRANSCRIPT], y, x)) {
		set_focus(a, APP_FOCUS_TRANSCRIPT);
		if (!a->ep)
			return;
		if (kind != APP_MOUSE_CLICK) {
			a->follow = false;
			tx_scroll(a, step);
			a->dirty |= APP_DIRTY_STATUS;
			return;
		}
		size_t seg, line;
		int row = y - l->pane[LAYOUT_TRANSCRIPT].y - 1;
		if (row >= 0 && app_transcript_at(a, row, &seg, &line))
			jump(a, seg); /* plays on from it when playing */
	} else if (inside(&l->pane[LAYOUT_GLOSSARY], y, x)) {
		set_focus(a, APP_FOCUS_GLOSSARY);
		if (kind != APP_MOUSE_CLICK) {
			glossary_move(a, step);
			return;
		}
		int row = y - l->pane[LAYOUT_GLOSSARY].y - 1;
		size_t n = a->ep ? a->ep->n_terms : 0;
		if (row >= 0 && a->gl_top + (size_t)row < n) {
			a->gl_sel = a->gl_top + (size_t)row;
			a->dirty |= APP_DIRTY_GLOSSARY;
		}
	}
}

/* ---- listening ------------------------------------------------------------ */

/* Why Space cannot play, for the status line. */
static void say_no_audio(struct app *a)
{
	if (!a->ep)
		app_message(a, false, "open an episode first");
	else if (!audio_source(a)[0])
		app_message(a, false, "this episode has no audio (buildspeak "
			    "audio ID FILE sets it)");
	else if (a->audio_missing)
		app_message(a, false, "audio file not found: %s", a->ep->audio);
	else
		app_message(a, false, "audio is not available: reading only");
}

static void start_playing(struct app *a)
{
	a->want_play = true;
	a->autopaused = false;
	if (a->autopause)
		a->autopause_at = next_autopause(a, a->position);
	if (!player_busy(a)) {
		pcmd(a, APP_PCMD_LOAD, a->position, 0, audio_source(a));
		if (!a->ep->audio[0]) /* listen helper (issue 4) */
			app_message(a, false, "playing the page's source link "
				    "(needs yt-dlp and the network)");
		a->ps.loading = true;
		if (a->speed != 10)
			pcmd(a, APP_PCMD_SPEED, a->speed / 10.0, 0, NULL);
		if (a->loop)
			pcmd(a, APP_PCMD_LOOP, a->ep->segments[a->cur].start,
			     app_seg_end(a, a->cur), NULL);
	} else {
		pcmd(a, APP_PCMD_PLAY, 0, 0, NULL);
	}
	a->dirty |= APP_DIRTY_STATUS;
}

void app_cmd_play_pause(struct app *a)
{
	if (!app_has_audio(a)) {
		say_no_audio(a);
		return;
	}
	if (a->want_play) {
		a->want_play = false;
		pcmd(a, APP_PCMD_PAUSE, 0, 0, NULL);
		a->dirty |= APP_DIRTY_STATUS;
	} else {
		start_playing(a);
	}
}

static void set_speed(struct app *a, int tenths)
{
	if (tenths < APP_SPEED_MIN)
		tenths = APP_SPEED_MIN;
	if (tenths > APP_SPEED_MAX)
		tenths = APP_SPEED_MAX;
	if (tenths == a->speed) {
		app_message(a, false, "speed %.1fx is the %s", tenths / 10.0,
			    tenths == APP_SPEED_MIN ? "slowest" : "fastest");
		return;
	}
	a->speed = tenths;
	pcmd(a, APP_PCMD_SPEED, tenths / 10.0, 0, NULL);
	a->dirty |= APP_DIRTY_STATUS;
}

void app_cmd_faster(struct app *a) { set_speed(a, a->speed + 1); }
void app_cmd_slower(struct app *a) { set_speed(a, a->speed - 1); }
void app_cmd_speed_reset(struct app *a)
{
	if (a->speed != 10)
		set_speed(a, 10);
}

void app_cmd_replay(struct app *a)
{
	if (!a->ep || !a->ep->n_segments)
		return;
	jump(a, a->cur);
	if (!app_has_audio(a)) {
		say_no_audio(a);
		return;
	}
	if (!a->want_play || !player_busy(a))
		start_playing(a);
}

void app_cmd_loop(struct app *a)
{
	if (!a->ep || !a->ep->n_segments)
		return;
	a->loop = !a->loop;
	if (a->loop) {
		double s = a->ep->segments[a->cur].start;
		double e = app_seg_end(a, a->cur);
		if (player_busy(a)) {
			pcmd(a, APP_PCMD_LOOP, s, e, NULL);
			double p = a->ps.position;
			if (p < s || p >= e)
				pcmd(a, APP_PCMD_SEEK, s, 0, NULL);
		}
		a->position = a->position < s || a->position >= e ? s
								  : a->position;
		app_message(a, false, "looping sentence %zu", a->cur + 1);
	} else {
		if (player_busy(a))
			pcmd(a, APP_PCMD_LOOP_OFF, 0, 0, NULL);
		/* Auto-pause waits while a loop is on (the loop is what the
		 * user asked for); off, it stops at this sentence's end. */
		if (a->autopause)
			a->autopause_at = next_autopause(a, a->position);
		app_message(a, false, "loop off");
	}
	a->dirty |= APP_DIRTY_STATUS;
}

void app_cmd_autopause(struct app *a)
{
	a->autopause = !a->autopause;
	a->autopause_at = a->autopause && a->ep && a->ep->n_segments
				  ? next_autopause(a, a->position)
				  : -1;
	app_message(a, false, "auto-pause at each sentence end: %s",
		    a->autopause ? "on" : "off");
	a->dirty |= APP_DIRTY_STATUS;
}

void app_player_failed(struct app *a, const char *msg)
{
	a->player_ok = false;
	app_message(a, true, "audio unavailable (%s): reading only", msg);
}

/* autopause (issue 4): playback is running, so the clock moves. */
static bool clock_runs(const struct player_state *ps)
{
	return ps->loaded && !ps->loading && !ps->paused && !ps->seeking &&
	       !ps->eof;
}

static double clock_speed(const struct player_state *ps)
{
	return ps->speed > 0 ? ps->speed : 1.0;
}

/* Moves the playback clock's reference to what the player reports at now:
 * a reported position is the best reference; a speed change alone
 * re-anchors where the old speed had taken playback, so the time before
 * the change is not counted at the new speed. */
static void clock_update(struct app *a, const struct player_state *old,
			 const struct player_state *ps, unsigned changed,
			 double now)
{
	if ((changed & (PLAYER_CHANGED_POSITION | PLAYER_CHANGED_SEEK)) ||
	    !clock_runs(old) || !clock_runs(ps)) {
		a->clock_pos = ps->position;
	} else if (changed & PLAYER_CHANGED_SPEED) {
		a->clock_pos += (now - a->clock_at) * clock_speed(old);
	} else {
		return; /* nothing new: keep the last report's reference */
	}
	a->clock_at = now;
}

double app_next_deadline(const struct app *a)
{
	if (!a->ep || !a->autopause || a->autopause_at < 0 || !a->want_play ||
	    a->loop || !clock_runs(&a->ps))
		return -1;
	double d = a->clock_at +
		   (a->autopause_at - a->clock_pos) / clock_speed(&a->ps);
	return d > 0 ? d : 0;
}

void app_timer(struct app *a, double now)
{
	double d = app_next_deadline(a);
	if (d < 0 || now < d)
		return;
	/* The pause lands a moment after the end (the loop's wake-up, the
	 * command's way into mpv); the seek puts the position on the end
	 * itself, so Space plays the next sentence from its first sample. */
	double end = a->autopause_at;
	pcmd(a, APP_PCMD_PAUSE, 0, 0, NULL);
	pcmd(a, APP_PCMD_SEEK, end, 0, NULL);
	a->want_play = false;
	a->autopaused = true;
	a->autopause_at = -1;
	a->position = end;
	a->dirty |= APP_DIRTY_STATUS;
}

void app_player(struct app *a, const struct player_state *ps,
		unsigned changed, double now)
{
	bool was_busy = player_busy(a);
	struct player_state old = a->ps;
	a->ps = *ps;
	clock_update(a, &old, ps, changed, now);
	if (!a->ep)
		return;
	if ((changed & PLAYER_CHANGED_ERROR) && ps->error[0]) {
		a->want_play = false;
		if (!a->ep->audio[0]) /* listen helper (issue 4) */
			app_message(a, true, "the source link cannot play "
				    "here: %s -- reading only (buildspeak audio "
				    "ID FILE sets a file)", ps->error);
		else
			app_message(a, true, "audio: %s", ps->error);
	}
	if (changed & (PLAYER_CHANGED_SECOND | PLAYER_CHANGED_PAUSE |
		       PLAYER_CHANGED_LOADED | PLAYER_CHANGED_EOF |
		       PLAYER_CHANGED_SPEED | PLAYER_CHANGED_SEEK |
		       PLAYER_CHANGED_DURATION))
		a->dirty |= APP_DIRTY_STATUS;
	if (!player_busy(a)) {
		if (was_busy)
			a->want_play = false;
		return;
	}
	if ((changed & PLAYER_CHANGED_PAUSE) && ps->loaded && !ps->loading)
		a->want_play = !ps->paused;
	if ((changed & PLAYER_CHANGED_EOF) && ps->eof) {
		a->want_play = false;
		app_message(a, false, "end of the episode");
	}
	if (!(changed & (PLAYER_CHANGED_POSITION | PLAYER_CHANGED_SEEK)))
		return;
	double p = ps->position;
	a->position = p;
	/* A report already at or past the end (the loop was late to wake):
	 * pause now, as the deadline would have. */
	app_timer(a, now);
	/* The position moves the current sentence, except inside a loop
	 * (whose edges can read early) and after an auto-pause (it rests on
	 * the sentence's end, which is the next one's start). */
	if (a->loop || a->autopaused)
		return;
	/* Paused, the user's choice stands: a paused position only jitters
	 * (a seek can read a little early), it does not move. */
	if (!a->want_play || ps->paused)
		return;
	/* Just after a jump the position can read a little before the
	 * sentence's start: not a reason to go back to the one before. */
	if (a->jump_floor >= 0) {
		if (p < a->jump_floor && p > a->jump_floor - 1.0)
			p = a->jump_floor;
		else
			a->jump_floor = -1;
	}
	long s = episode_segment_at(a->ep, p);
	if (s >= 0 && (size_t)s != a->cur)
		set_current(a, (size_t)s);
}
