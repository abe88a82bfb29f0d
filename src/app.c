/* app: the reader's state machine. Keys and events in, dirty bits and
 * player commands out; no curses, no libmpv. The state of each concern is
 * its module's (eplist, transcript, glosspane, listen, saved); this file
 * holds what ties them together: geometry and focus, the open episode,
 * the message and the mode stack; app_cmd.c has the commands. */
#include "buildspeak/app.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buildspeak/alloc.h"
#include "buildspeak/command.h"
#include "buildspeak/hits.h"
#include "buildspeak/mode.h"
#include "buildspeak/saved.h"
#include "app_int.h"


/* ---- setup ------------------------------------------------------------- */

/* Rows of pane p's body: its height minus the title row, at least 1. */
int app_body_rows(const struct app *a, enum layout_pane p)
{
	int h = a->layout.pane[p].h - 1;
	return h > 0 ? h : 1;
}

static void app_compute_layout(struct app *a)
{
	layout_compute(&a->layout, a->cols, a->rows, a->fold_list,
		       a->fold_glossary);
	int w = a->layout.pane[LAYOUT_TRANSCRIPT].w - APP_TX_GUTTER -
		APP_TX_MARGIN;
	if (a->layout.too_small)
		w = 2; /* nothing is shown; keep a valid width */
	transcript_set_size(a->tx, w, app_body_rows(a, LAYOUT_TRANSCRIPT));
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

/* The parts' messages go to the status line. */
static void app_tx_error(void *ctx, const char *msg)
{
	app_message(ctx, true, "%s", msg);
}

static void app_listen_say(void *ctx, bool sticky, const char *msg)
{
	app_message(ctx, sticky, "%s", msg);
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
	time_t now = time(NULL);
	struct tm tm;
	char today[11];
	localtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	a->list = eplist_new(today);
	a->tx = transcript_new(&a->metrics, app_tx_error, a);
	a->gl = glosspane_new();
	a->ls = listen_new(app_listen_say, a);
	listen_set_shadow(a->ls, cfg->shadow_pause);
	a->saved = saved_new();
	a->hits = hits_new();
	app_compute_layout(a);
	app_saved_reload(a);
	a->dirty = APP_DIRTY_ALL;
	return a;
}

void app_close_episode(struct app *a)
{
	if (!a->ep)
		return;
	transcript_open(a->tx, NULL, NULL, 0); /* lets go of a->ep */
	listen_open(a->ls, NULL, 0, 0, 0);
	glosspane_clear(a->gl);
	episode_free(a->ep);
	a->ep = NULL;
	a->ep_id = 0;
	free(a->ep_title);
	a->ep_title = NULL;
}

void app_free(struct app *a)
{
	if (!a)
		return;
	app_mode_close_all(a);
	for (size_t i = 0; i < modes_count; i++)
		if (a->mode_state[i])
			modes_registry[i]->state_free(a->mode_state[i]);
	app_close_episode(a);
	transcript_free(a->tx);
	listen_free(a->ls);
	glosspane_free(a->gl);
	eplist_free(a->list);
	saved_free(a->saved);
	hits_free(a->hits);
	free(a->message);
	free(a);
}

void app_set_busy(struct app *a, app_busy_fn *fn, void *ctx)
{
	a->busy = fn;
	a->busy_ctx = ctx;
}

int app_busy(struct app *a)
{
	return a->busy ? a->busy(a->busy_ctx, a) : 0;
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

void app_clear_message(struct app *a)
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

bool app_next_pcmd(struct app *a, struct listen_pcmd *out)
{
	return listen_next_pcmd(a->ls, out);
}

/* ---- state, for the view, the modes and the tests ------------------------ */

struct config *app_config(const struct app *a) { return a->cfg; }
struct store *app_store(const struct app *a) { return a->st; }
const struct text_metrics *app_metrics(const struct app *a)
{
	return &a->metrics;
}
int app_cols(const struct app *a) { return a->cols; }
int app_rows(const struct app *a) { return a->rows; }
const struct layout *app_layout(const struct app *a) { return &a->layout; }
enum app_focus app_focus(const struct app *a) { return a->focus; }
bool app_quitting(const struct app *a) { return a->quit; }
const char *app_message_text(const struct app *a) { return a->message; }
const struct episode *app_episode(const struct app *a) { return a->ep; }
long long app_episode_id(const struct app *a) { return a->ep_id; }
const char *app_episode_title(const struct app *a) { return a->ep_title; }
struct transcript *app_transcript(struct app *a) { return a->tx; }
const struct eplist *app_list(const struct app *a) { return a->list; }
const struct glosspane *app_glossary(const struct app *a) { return a->gl; }
const struct listen *app_listen(const struct app *a) { return a->ls; }

bool app_take_clear_screen(struct app *a)
{
	bool c = a->clear_screen;
	a->clear_screen = false;
	return c;
}

void app_set_player_ok(struct app *a, bool ok)
{
	listen_set_player_ok(a->ls, ok);
}

size_t app_current(const struct app *a)
{
	return transcript_current(a->tx);
}

size_t app_current_spans(const struct app *a, int lang,
			 const struct term_span **spans)
{
	return transcript_current_spans(a->tx, lang, spans);
}

long app_glossary_term(const struct app *a)
{
	if (!a->ep || glosspane_sel(a->gl) >= glosspane_count(a->gl))
		return -1;
	return (long)glosspane_term(a->gl, glosspane_sel(a->gl));
}

/* ---- the episode list --------------------------------------------------- */

void app_set_list(struct app *a, struct episode_summary *v, size_t n)
{
	eplist_set(a->list, v, n, a->ep_id);
	a->dirty |= APP_DIRTY_LIST | APP_DIRTY_STATUS;
	if (!a->ep) /* its hint says whether the library is empty */
		a->dirty |= APP_DIRTY_TRANSCRIPT;
}

/* The list was read again: the open episode follows it -- closed when
 * it was removed, its audio reloaded when another command changed it. */
/* What tells a replaced episode from the one the reader opened: a
 * replace stamps a new import time, and new text nearly always changes
 * one of the counts. */
static bool app_same_version(const struct episode_summary *x,
			     const struct episode_summary *y)
{
	return x->imported_at == y->imported_at &&
	       x->n_segments == y->n_segments && x->words == y->words &&
	       x->duration == y->duration && !strcmp(x->title, y->title);
}

/* The open episode was replaced by another process: open the new version
 * at the same sentence (its lazy text would no longer match), and drop
 * the search's hits in it, found in the old text. */
static void app_reopen_replaced(struct app *a)
{
	struct episode *ep = NULL;
	long long id = a->ep_id;
	if (store_episode_load_lazy(a->st, id, &ep) < 0) {
		app_message(a, true, "cannot open episode %lld again: %s", id,
			    store_error(a->st));
		return;
	}
	long cur = (long)transcript_current(a->tx);
	app_open(a, ep, id, cur, listen_position(a->ls));
	if (hits_active(a->hits) && hits_episode(a->hits) == id) {
		hits_forget_episode(a->hits);
		app_hits_changed(a);
	}
	app_message(a, false, "episode %lld was replaced in the library", id);
}

void app_list_fill(struct app *a, size_t from, size_t to)
{
	size_t n = eplist_count(a->list);
	if (to > n)
		to = n;
	while (from < to && !eplist_get(a->list, from)->partial)
		from++;
	while (to > from && !eplist_get(a->list, to - 1)->partial)
		to--;
	if (from >= to)
		return;
	if (!a->st || store_episode_list_fill(a->st, eplist_get(a->list, from),
					      to - from) < 0)
		app_message(a, true, "cannot read the episode list: %s",
			    a->st ? store_error(a->st) : "no library");
	/* Whatever failed, nothing partial may be shown. */
	for (size_t i = from; i < to; i++)
		if (eplist_get(a->list, i)->partial)
			store_summary_blank(eplist_get(a->list, i));
}

/* The list's entry of episode id, whole (app_list_fill), or NULL when it
 * is not listed. */
static struct episode_summary *app_list_find(struct app *a, long long id)
{
	struct episode_summary *e = eplist_find(a->list, id);
	if (e && e->partial) {
		size_t i = (size_t)(e - eplist_get(a->list, 0));
		app_list_fill(a, i, i + 1);
	}
	return e;
}

static void app_follow_library(struct app *a, const char *old_audio,
			       const struct episode_summary *old)
{
	if (!a->ep || !a->ep_id)
		return;
	const struct episode_summary *e = app_list_find(a, a->ep_id);
	if (!e) {
		long long id = a->ep_id;
		a->ep_id = 0; /* gone: no progress to save */
		app_close_episode(a);
		a->focus = APP_FOCUS_LIST;
		a->dirty = APP_DIRTY_ALL;
		app_message(a, false, "episode %lld was removed from the "
			    "library", id);
		return;
	}
	if (old && !app_same_version(old, e)) {
		app_reopen_replaced(a);
		return;
	}
	/* Against what the list said before, not the open episode's own
	 * copy: the listening may have resolved that one. */
	if (!old_audio || !strcmp(e->audio, old_audio))
		return;
	free(a->ep->audio);
	a->ep->audio = xstrdup(e->audio);
	/* Listening starts again on the new source, where it was. */
	listen_open(a->ls, a->ep, a->ep_id, transcript_current(a->tx),
		    listen_position(a->ls));
	app_message(a, false, e->audio[0] ? "audio changed: %s"
					  : "audio removed%s", e->audio);
	a->dirty |= APP_DIRTY_ALL & ~APP_DIRTY_LAYOUT;
}

bool app_check_library(struct app *a)
{
	if (!a->st)
		return false;
	long long v = store_data_version(a->st);
	if (v < 0 || v == a->data_version)
		return false;
	app_load_list(a);
	return true;
}

int app_load_list(struct app *a)
{
	if (!a->st)
		return 0;
	struct episode_summary *v = NULL;
	size_t n = 0;
	/* Ids and dates only: the view reads the entries it shows. */
	if (store_episode_list_ids(a->st, &v, &n) < 0) {
		app_message(a, true, "cannot read the episode list: %s",
			    store_error(a->st));
		return -1;
	}
	a->data_version = store_data_version(a->st);
	/* The open episode's entry is whole (app_open reads it): reading
	 * it now would give the new version, not the one that was open. */
	const struct episode_summary *was = a->ep_id
		? eplist_find(a->list, a->ep_id) : NULL;
	if (was && was->partial)
		was = NULL;
	char *old_audio = was ? xstrdup(was->audio) : NULL;
	struct episode_summary old;
	if (was) {
		old = *was;
		old.title = xstrdup(was->title);
	}
	app_set_list(a, v, n);
	app_follow_library(a, old_audio, was ? &old : NULL);
	if (was)
		free(old.title);
	free(old_audio);
	/* The library was read again: so are the open modes' views of it. */
	for (size_t i = 0; i < a->n_modes; i++)
		if (a->modes[i].mode->reload)
			a->modes[i].mode->reload(&a->modes[i]);
	return 0;
}

size_t app_list_row(const struct app *a, size_t i)
{
	return eplist_row(a->list, i);
}

/* ---- the transcript --------------------------------------------------------- */

void app_load_text(struct app *a, size_t from, size_t to)
{
	transcript_load_text(a->tx, from, to);
}

const struct transcript_seg *app_seg(struct app *a, size_t i)
{
	return transcript_seg(a->tx, i);
}

size_t app_seg_height(struct app *a, size_t i)
{
	return transcript_seg_height(a->tx, i);
}

int app_transcript_rows(const struct app *a)
{
	return transcript_rows(a->tx);
}

bool app_transcript_at(struct app *a, int row, size_t *seg, size_t *line)
{
	return transcript_at(a->tx, row, seg, line);
}

double app_seg_end(const struct app *a, size_t i)
{
	return listen_seg_end(a->ep, i);
}

bool app_has_audio(const struct app *a)
{
	return listen_has_audio(a->ls);
}

/* ---- the current sentence --------------------------------------------- */

/* The glossary pane lists the current sentence's terms first. */
static void app_order_glossary(struct app *a)
{
	const struct term_span *en, *zh;
	size_t n_en = transcript_current_spans(a->tx, 0, &en);
	size_t n_zh = transcript_current_spans(a->tx, 1, &zh);
	/* The focused glossary keeps its selected term; otherwise the
	 * sentence's terms show from the top. */
	glosspane_order(a->gl, a->ep->n_terms, en, n_en, zh, n_zh,
			a->focus == APP_FOCUS_GLOSSARY);
	assert(glosspane_count(a->gl) == a->ep->n_terms);
	a->dirty |= APP_DIRTY_GLOSSARY;
}

/* Sentence i becomes current (clamped): its marks and the glossary's
 * order with it; jump: the user's, so the view follows it again. */
static void app_set_current(struct app *a, size_t i, bool jump)
{
	if (!a->ep || !a->ep->n_segments)
		return;
	struct transcript *t = a->tx;
	size_t top = transcript_top_seg(t), line = transcript_top_line(t);
	bool follow = transcript_following(t);
	bool revealed = transcript_revealed(t); /* hidden again on a change */
	bool changed = transcript_set_current(t, i, jump);
	bool moved = top != transcript_top_seg(t) ||
		     line != transcript_top_line(t) ||
		     follow != transcript_following(t);
	if (changed) {
		app_order_glossary(a);
		a->dirty |= APP_DIRTY_GLOSSARY | APP_DIRTY_STATUS;
	}
	/* Most presses and most sentences of playback move nothing: two
	 * sentences are redrawn, not the pane. */
	if (moved || (changed && revealed))
		a->dirty |= APP_DIRTY_TRANSCRIPT;
	else if (changed)
		a->dirty |= APP_DIRTY_CURRENT;
	assert(transcript_current(t) < a->ep->n_segments);
}

/* A user's jump to sentence i: it becomes current, the view follows it and
 * the audio goes with it. */
void app_jump(struct app *a, size_t i)
{
	if (!a->ep || !a->ep->n_segments)
		return;
	if (i >= a->ep->n_segments)
		i = a->ep->n_segments - 1;
	app_set_current(a, i, true);
	listen_jump(a->ls, i);
	a->dirty |= APP_DIRTY_STATUS;
}

void app_seek(struct app *a, double t)
{
	long s = listen_seek(a->ls, t);
	if (s < 0)
		return;
	app_set_current(a, (size_t)s, true);
	a->dirty |= APP_DIRTY_STATUS;
}

/* ---- opening episodes --------------------------------------------------- */

int app_save_progress(struct app *a)
{
	if (!a->ep || !a->ep_id)
		return 0;
	int rc = 0;
	double pos = listen_position(a->ls);
	size_t cur = transcript_current(a->tx);
	if (a->st && store_progress_save(a->st, a->ep_id, pos, (int)cur) < 0) {
		app_message(a, true, "cannot save progress: %s",
			    store_error(a->st));
		rc = -1;
	}
	struct episode_summary *e = eplist_find(a->list, a->ep_id);
	if (e && !e->partial) { /* a partial one reads what was saved */
		e->position = pos;
		e->progress_segment = (int)cur;
		e->opened_at = (long long)time(NULL);
	}
	a->dirty |= APP_DIRTY_LIST;
	return rc;
}

void app_open(struct app *a, struct episode *ep, long long id, long seg,
	      double position)
{
	app_save_progress(a);
	app_close_episode(a);
	a->ep = ep;
	a->ep_id = id;
	a->ep_title = text_sanitize_line(ep->title);
	size_t n = ep->n_segments;
	size_t c = seg < 0 || !n ? 0 : (size_t)seg >= n ? n - 1 : (size_t)seg;
	transcript_open(a->tx, ep, a->st, c);
	listen_open(a->ls, ep, id, c, position);
	app_order_glossary(a);
	/* Whole, so that a change of it in the library can be told. */
	struct episode_summary *e = app_list_find(a, id);
	for (size_t i = 0; e && i < eplist_count(a->list); i++)
		if (eplist_get(a->list, i) == e)
			eplist_select(a->list, i);
	if (a->focus == APP_FOCUS_LIST || !a->layout.pane[LAYOUT_LIST].h)
		a->focus = APP_FOCUS_TRANSCRIPT;
	if (a->st && id)
		app_save_progress(a); /* marks it last opened */
	a->dirty = APP_DIRTY_ALL;
}

struct episode *app_load_episode(struct app *a, long long id, bool whole)
{
	if (!a->st) {
		app_message(a, true, "cannot open episode %lld: no library",
			    id);
		return NULL;
	}
	app_list_find(a, id); /* before the episode: see app.h */
	struct episode *ep = NULL;
	if ((whole ? store_episode_load(a->st, id, &ep)
		   : store_episode_load_lazy(a->st, id, &ep)) != 0) {
		app_message(a, true, "cannot open episode %lld: %s", id,
			    store_error(a->st));
		return NULL;
	}
	return ep;
}

int app_open_id(struct app *a, long long id)
{
	struct episode *ep = app_load_episode(a, id, false);
	if (!ep)
		return -1;
	const struct episode_summary *e = app_list_find(a, id);
	app_open(a, ep, id, e ? e->progress_segment : -1,
		 e ? e->position : 0);
	return 0;
}

void app_open_last(struct app *a)
{
	if (!a->st)
		return;
	long long id = store_last_opened(a->st);
	if (id <= 0 && eplist_count(a->list))
		id = eplist_get(a->list, 0)->id; /* never opened: the newest */
	if (id > 0 && app_open_id(a, id) == 0)
		return;
	if (eplist_count(a->list) == 0)
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
	app_compute_layout(a);
	for (size_t i = 0; i < a->n_modes; i++)
		if (a->modes[i].mode->resize)
			a->modes[i].mode->resize(&a->modes[i]);
	a->dirty = APP_DIRTY_ALL;
}

void app_set_ambiguous_wide(struct app *a, bool wide)
{
	a->metrics.ambiguous_wide = wide;
	transcript_relayout(a->tx);
	app_resize(a, a->cols, a->rows);
}

/* ---- keys and commands --------------------------------------------------- */

int app_context(const struct app *a)
{
	if (a->n_modes)
		return KEYS_N_CORE + mode_index(a->modes[a->n_modes - 1].mode);
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
	if (cmd >= 0 && (size_t)cmd < command_count) {
		command_table[cmd].run(a);
		return;
	}
	/* A mode's command runs on its mode's entry when that is on top;
	 * the ones that open their mode also run without it. */
	const struct mode *m = NULL;
	const struct mode_command *mc = command_of_mode(cmd, &m);
	if (!mc)
		return;
	struct mode_entry *top = app_mode_top(a);
	if (top && top->mode == m)
		mc->run(a, top);
	else if (mc->flags & MODE_CMD_ANYWHERE)
		mc->run(a, NULL);
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
	app_clear_message(a);
	int ctx = app_context(a);
	struct mode_entry *o = app_mode_top(a);
	/* A mode that takes typing (a prompt) sees every key its own map
	 * does not bind before the common map does. */
	if (o && o->mode->key &&
	    keys_lookup_local(&a->cfg->keys, ctx, key) < 0 &&
	    o->mode->key(o, key)) {
		a->dirty |= APP_DIRTY_OVERLAY;
		return;
	}
	int cmd = keys_lookup(&a->cfg->keys, ctx, key);
	if (cmd >= 0)
		app_run(a, cmd);
}

/* ---- modes ------------------------------------------------------------------ */

struct mode_entry *app_mode_top(struct app *a)
{
	return a->n_modes ? &a->modes[a->n_modes - 1] : NULL;
}

size_t app_mode_depth(const struct app *a)
{
	return a->n_modes;
}

struct mode_entry *app_mode_find(struct app *a, const struct mode *m)
{
	for (size_t i = a->n_modes; i-- > 0;)
		if (a->modes[i].mode == m)
			return &a->modes[i];
	return NULL;
}

void *app_mode_state(struct app *a, const struct mode *m)
{
	int i = mode_index(m);
	assert(i >= 0);
	if (!m->state_new)
		return NULL;
	if (!a->mode_state[i])
		a->mode_state[i] = m->state_new(a);
	return a->mode_state[i];
}

struct mode_entry *app_mode_push(struct app *a, const struct mode *m,
				 void *arg)
{
	assert(mode_index(m) >= 0); /* only registered modes have a context */
	if (a->n_modes == APP_MAX_MODES) {
		app_message(a, false, "cannot open %s: %d windows are open "
			    "already (Esc closes one)", m->name,
			    APP_MAX_MODES);
		return NULL;
	}
	struct mode_entry *me = &a->modes[a->n_modes];
	*me = (struct mode_entry){m, a, NULL, 0, 0};
	if (m->init && m->init(me, arg) != 0)
		return NULL;
	a->n_modes++;
	a->dirty |= APP_DIRTY_OVERLAY | APP_DIRTY_STATUS;
	/* Panes that show beside the box no longer show focus. */
	if (a->layout.backdrop.w < a->cols)
		a->dirty |= APP_DIRTY_LIST | APP_DIRTY_TRANSCRIPT |
			    APP_DIRTY_GLOSSARY;
	return me;
}

void app_mode_pop(struct app *a)
{
	if (!a->n_modes)
		return;
	struct mode_entry *me = &a->modes[a->n_modes - 1];
	if (me->mode->free)
		me->mode->free(me);
	a->n_modes--;
	memset(me, 0, sizeof *me);
	/* What was under it shows again, the separators between the panes
	 * too (the box covered them): the screen a fresh draw would give. */
	a->dirty |= APP_DIRTY_ALL;
}

void app_mode_close(struct app *a, struct mode_entry *me)
{
	assert(me >= a->modes && me < a->modes + a->n_modes);
	size_t keep = (size_t)(me - a->modes);
	while (a->n_modes > keep)
		app_mode_pop(a);
}

void app_mode_close_all(struct app *a)
{
	while (a->n_modes)
		app_mode_pop(a);
}

void app_mode_dirty(struct app *a)
{
	a->dirty |= APP_DIRTY_OVERLAY;
}

int app_overlay_rows(const struct app *a)
{
	int h = a->layout.overlay.h - 2 - 1; /* frame, footer */
	return h > 1 ? h : 1;
}

/* ---- saved terms ---------------------------------------------------------------- */

void app_saved_reload(struct app *a)
{
	if (!a->st)
		return;
	char **terms = NULL, **keys = NULL;
	size_t n = 0;
	/* Read before the terms: a commit in between reads them again. */
	long long v = store_data_version(a->st);
	if (store_vocab_terms(a->st, &terms, &keys, &n) != 0) {
		app_message(a, false, "cannot read the vocabulary book: %s",
			    store_error(a->st));
		return;
	}
	saved_set(a->saved, terms, keys, n);
	a->saved_version = v;
	a->dirty |= APP_DIRTY_TRANSCRIPT | APP_DIRTY_GLOSSARY;
}

void app_saved_refresh(struct app *a)
{
	if (!a->st)
		return;
	long long v = store_data_version(a->st);
	if (v < 0 || v != a->saved_version)
		app_saved_reload(a);
}

struct saved *app_saved(struct app *a)
{
	return a->saved;
}

struct hits *app_hits(struct app *a)
{
	return a->hits;
}

void app_hits_changed(struct app *a)
{
	a->dirty |= APP_DIRTY_TRANSCRIPT | APP_DIRTY_STATUS;
}

void app_player_failed(struct app *a, const char *msg)
{
	listen_player_failed(a->ls, msg);
}

double app_next_deadline(const struct app *a)
{
	return listen_next_deadline(a->ls);
}

void app_timer(struct app *a, double now)
{
	if (listen_timer(a->ls, now))
		a->dirty |= APP_DIRTY_STATUS;
}

void app_player(struct app *a, const struct player_state *ps,
		unsigned changed, double now)
{
	bool was_playing = listen_playing(a->ls);
	long s = listen_player(a->ls, ps, changed, now,
			       transcript_current(a->tx));
	if (!a->ep)
		return;
	/* The clock shows whole seconds: a position alone redraws nothing,
	 * unless it made playback stop (an auto-pause). */
	if ((changed & (PLAYER_CHANGED_SECOND | PLAYER_CHANGED_PAUSE |
			PLAYER_CHANGED_LOADED | PLAYER_CHANGED_EOF |
			PLAYER_CHANGED_SPEED | PLAYER_CHANGED_SEEK |
			PLAYER_CHANGED_DURATION)) ||
	    was_playing != listen_playing(a->ls))
		a->dirty |= APP_DIRTY_STATUS;
	if (s >= 0)
		app_set_current(a, (size_t)s, false);
}
