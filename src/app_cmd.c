/* app_cmd: the core's commands (command_table's handlers) and the mouse:
 * moving in the panes and modes, focus, folding, what the transcript
 * shows, listening. Part of the app module (app_int.h). */
#include <stdlib.h>

#include "buildspeak/alloc.h"
#include "buildspeak/app.h"
#include "buildspeak/matcher.h"
#include "buildspeak/mode.h"
#include "app_int.h"

/* ---- moving in the panes and modes ------------------------------------------ */

/* Rows one line of mode entry o takes on the screen, >= 1. */
static size_t app_mode_line_rows(struct mode_entry *o)
{
	int k = o->mode->line_rows ? o->mode->line_rows(o) : 1;
	return k > 0 ? (size_t)k : 1;
}

/* Lines of o that fit in the box, >= 1. */
static size_t app_mode_fit(struct app *a, struct mode_entry *o)
{
	size_t fit = (size_t)app_overlay_rows(a) / app_mode_line_rows(o);
	return fit ? fit : 1;
}

/* Moves the top mode's selection (or its scroll) by delta lines. */
static void app_mode_move(struct app *a, long delta)
{
	struct mode_entry *o = app_mode_top(a);
	size_t n = o->mode->count ? o->mode->count(o) : 0;
	size_t rows = app_mode_fit(a, o);
	if (o->mode->selectable) {
		long s = (long)o->sel + delta;
		if (s >= (long)n)
			s = (long)n - 1;
		o->sel = s < 0 ? 0 : (size_t)s;
		if (o->sel < o->top)
			o->top = o->sel;
		if (o->sel >= o->top + rows)
			o->top = o->sel - rows + 1;
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

static void app_list_move(struct app *a, long delta)
{
	eplist_move(a->list, delta, (size_t)app_body_rows(a, LAYOUT_LIST));
	a->dirty |= APP_DIRTY_LIST;
}

static void app_glossary_move(struct app *a, long delta)
{
	glosspane_move(a->gl, delta,
		       (size_t)app_body_rows(a, LAYOUT_GLOSSARY));
	a->dirty |= APP_DIRTY_GLOSSARY;
}

static void app_tx_scroll(struct app *a, long delta)
{
	if (!a->ep)
		return;
	transcript_scroll(a->tx, delta);
	a->dirty |= APP_DIRTY_TRANSCRIPT | APP_DIRTY_STATUS;
}

/* The pane that focus f is on. */
static enum layout_pane app_pane_of(enum app_focus f)
{
	return f == APP_FOCUS_LIST       ? LAYOUT_LIST
	       : f == APP_FOCUS_GLOSSARY ? LAYOUT_GLOSSARY
					 : LAYOUT_TRANSCRIPT;
}

static long app_page_rows(struct app *a)
{
	if (a->n_modes) {
		long r = (long)app_mode_fit(a, app_mode_top(a)) - 1;
		return r > 1 ? r : 1;
	}
	long h = a->layout.pane[app_pane_of(a->focus)].h - 2;
	return h > 1 ? h : 1;
}

/* up/down/page: the mode, else the focused pane. In the transcript they
 * scroll the view (and stop it following the sentence). */
static void app_move(struct app *a, long delta)
{
	if (a->n_modes) {
		app_mode_move(a, delta);
		return;
	}
	switch (a->focus) {
	case APP_FOCUS_LIST:
		/* A page of rows is half as many episodes (two rows each). */
		app_list_move(a, labs(delta) > 1 ? delta / 2 : delta);
		break;
	case APP_FOCUS_GLOSSARY:
		app_glossary_move(a, delta);
		break;
	case APP_FOCUS_TRANSCRIPT:
		app_tx_scroll(a, delta);
		break;
	}
}

void app_cmd_up(struct app *a) { app_move(a, -1); }
void app_cmd_down(struct app *a) { app_move(a, 1); }
void app_cmd_page_up(struct app *a) { app_move(a, -app_page_rows(a)); }
void app_cmd_page_down(struct app *a) { app_move(a, app_page_rows(a)); }

void app_cmd_first(struct app *a)
{
	if (a->n_modes)
		app_mode_move(a, -(long)1e9);
	else if (a->focus == APP_FOCUS_LIST)
		app_list_move(a, -(long)eplist_count(a->list));
	else if (a->focus == APP_FOCUS_GLOSSARY)
		app_glossary_move(a, -(long)1e9);
	else
		app_jump(a, 0);
}

void app_cmd_last(struct app *a)
{
	if (a->n_modes)
		app_mode_move(a, (long)1e9);
	else if (a->focus == APP_FOCUS_LIST)
		app_list_move(a, (long)eplist_count(a->list));
	else if (a->focus == APP_FOCUS_GLOSSARY)
		app_glossary_move(a, (long)1e9);
	else if (a->ep && a->ep->n_segments)
		app_jump(a, a->ep->n_segments - 1);
}

void app_cmd_next_sentence(struct app *a)
{
	if (!a->ep)
		return;
	app_jump(a, transcript_current(a->tx) + 1);
}

void app_cmd_prev_sentence(struct app *a)
{
	if (!a->ep)
		return;
	size_t cur = transcript_current(a->tx);
	app_jump(a, cur ? cur - 1 : 0);
}

/* The sentences holding term (English or Chinese, by the one matcher's
 * rules), in order: a new array, *n of them. Loads the whole text once. */
static size_t *app_term_sentences(struct app *a, size_t term, size_t *n)
{
	size_t ns = a->ep->n_segments, k = 0;
	size_t *segs = xcalloc(ns ? ns : 1, sizeof *segs);
	app_load_text(a, 0, ns);
	struct matcher *m = matcher_new();
	matcher_add(m, a->ep->terms[term].term, term);
	for (size_t i = 0; i < ns; i++) {
		const struct segment *s = &a->ep->segments[i];
		struct term_span *sp = NULL;
		size_t hit = matcher_find(m, s->en ? s->en : "", &sp);
		free(sp);
		if (!hit) {
			hit = matcher_find(m, s->zh ? s->zh : "", &sp);
			free(sp);
		}
		if (hit)
			segs[k++] = i;
	}
	matcher_free(m);
	*n = k;
	return segs;
}

/* Enter on a glossary term: its first sentence; pressed again, the next
 * one holding it (wrapping), with "2/3" on the status line. */
static void app_glossary_go(struct app *a)
{
	long term = app_glossary_term(a);
	if (term < 0)
		return;
	size_t seg = 0, k = 0, n = 0;
	if (!glosspane_next_hit(a->gl, (size_t)term, &seg, &k, &n)) {
		size_t *segs = app_term_sentences(a, (size_t)term, &n);
		glosspane_set_hits(a->gl, (size_t)term, segs, n);
		glosspane_next_hit(a->gl, (size_t)term, &seg, &k, &n);
	}
	const struct term *t = &a->ep->terms[term];
	if (!n) {
		/* Not found in the text (a gloss the matcher cannot see):
		 * where the library says it is glossed. Read unchecked, so
		 * a negative index is no sentence. */
		if (t->first_segment >= 0)
			app_jump(a, (size_t)t->first_segment);
		return;
	}
	app_jump(a, seg);
	app_message(a, false, "%s: %zu/%zu", t->term, k + 1, n);
}

void app_cmd_activate(struct app *a)
{
	struct mode_entry *o = app_mode_top(a);
	if (o) {
		if (o->mode->activate)
			o->mode->activate(o);
		return;
	}
	switch (a->focus) {
	case APP_FOCUS_LIST: {
		size_t sel = eplist_sel(a->list);
		if (sel >= eplist_count(a->list))
			return;
		long long id = eplist_get(a->list, sel)->id;
		if (id == a->ep_id && a->ep) {
			a->focus = APP_FOCUS_TRANSCRIPT;
			a->dirty |= APP_DIRTY_ALL & ~APP_DIRTY_LAYOUT;
			return;
		}
		app_open_id(a, id);
		break;
	}
	case APP_FOCUS_GLOSSARY:
		app_glossary_go(a);
		break;
	case APP_FOCUS_TRANSCRIPT:
		app_cmd_replay(a);
		break;
	}
}

/* ---- focus, panes, what the transcript shows -------------------------------- */

static bool app_pane_shown(const struct app *a, enum app_focus f)
{
	return a->layout.pane[app_pane_of(f)].h > 0;
}

static void app_set_focus(struct app *a, enum app_focus f)
{
	if (!app_pane_shown(a, f) || a->focus == f)
		return;
	a->focus = f;
	a->dirty |= APP_DIRTY_LIST | APP_DIRTY_TRANSCRIPT |
		    APP_DIRTY_GLOSSARY | APP_DIRTY_STATUS;
}

static void app_focus_step(struct app *a, int dir)
{
	enum app_focus f = a->focus;
	for (int i = 0; i < 3; i++) {
		f = (enum app_focus)(((int)f + dir + 3) % 3);
		if (app_pane_shown(a, f)) {
			app_set_focus(a, f);
			return;
		}
	}
}

void app_cmd_focus_next(struct app *a) { app_focus_step(a, 1); }
void app_cmd_focus_prev(struct app *a) { app_focus_step(a, -1); }
void app_cmd_focus_list(struct app *a)
{
	if (!app_pane_shown(a, APP_FOCUS_LIST))
		app_cmd_toggle_list(a);
	app_set_focus(a, APP_FOCUS_LIST);
}
void app_cmd_focus_transcript(struct app *a)
{
	app_set_focus(a, APP_FOCUS_TRANSCRIPT);
}
void app_cmd_focus_glossary(struct app *a)
{
	if (!app_pane_shown(a, APP_FOCUS_GLOSSARY))
		app_cmd_toggle_glossary(a);
	app_set_focus(a, APP_FOCUS_GLOSSARY);
}

/* Flips a foldable pane. A choice that matches what the width would do
 * anyway goes back to following the width, so a list shown for a moment on
 * a narrow terminal and folded again comes back when the terminal widens. */
static enum layout_fold app_toggled(enum layout_fold wish, int cols)
{
	bool show = !layout_shown(wish, cols);
	if (show == layout_shown(LAYOUT_AUTO, cols))
		return LAYOUT_AUTO;
	return show ? LAYOUT_SHOW : LAYOUT_HIDE;
}

void app_cmd_toggle_list(struct app *a)
{
	a->fold_list = app_toggled(a->fold_list, a->cols);
	app_resize(a, a->cols, a->rows);
	if (a->layout.pane[LAYOUT_LIST].h && !a->ep)
		a->focus = APP_FOCUS_LIST;
}

void app_cmd_toggle_glossary(struct app *a)
{
	a->fold_glossary = app_toggled(a->fold_glossary, a->cols);
	app_resize(a, a->cols, a->rows);
}

void app_cmd_translation(struct app *a)
{
	enum transcript_tr tr =
		(enum transcript_tr)((transcript_translation(a->tx) + 1) % 3);
	transcript_set_translation(a->tx, tr);
	static const char *const names[] = {
		"English and Chinese", "English only", "Chinese only"};
	app_message(a, false, "translation: %s", names[tr]);
	a->dirty |= APP_DIRTY_TRANSCRIPT | APP_DIRTY_STATUS;
}

void app_cmd_follow(struct app *a)
{
	if (!a->ep || !a->ep->n_segments)
		return;
	transcript_follow(a->tx);
	a->dirty |= APP_DIRTY_TRANSCRIPT | APP_DIRTY_STATUS;
}

void app_cmd_quit(struct app *a)
{
	a->quit = true;
}

void app_cmd_close(struct app *a)
{
	if (a->n_modes)
		app_mode_pop(a);
	else if (a->message) {
		free(a->message);
		a->message = NULL;
		a->dirty |= APP_DIRTY_STATUS;
	}
}

void app_cmd_redraw(struct app *a)
{
	a->clear_screen = true;
	a->dirty = APP_DIRTY_ALL;
}

/* ---- seeking, shadowing, revealing ------------------------------------------ */

static void app_seek_by(struct app *a, double delta)
{
	if (!a->ep || !a->ep->n_segments)
		return;
	/* The target, not the last report: a burst of presses adds up
	 * before the player has answered the first. */
	app_seek(a, listen_target(a->ls) + delta);
}

void app_cmd_seek_back(struct app *a)
{
	app_seek_by(a, -a->cfg->seek_seconds);
}

void app_cmd_seek_forward(struct app *a)
{
	app_seek_by(a, a->cfg->seek_seconds);
}

void app_cmd_repeat(struct app *a)
{
	if (!a->ep || !a->ep->n_segments)
		return;
	size_t cur = transcript_current(a->tx);
	listen_repeat_start(a->ls, cur, a->cfg->repeat_count);
	if (listen_repeat(a->ls, NULL) == 1) { /* a repeat began */
		transcript_follow(a->tx);
		app_message(a, false, "sentence %zu %d times, then on", cur + 1,
			    a->cfg->repeat_count);
	}
	a->dirty |= APP_DIRTY_STATUS | APP_DIRTY_TRANSCRIPT;
}

void app_cmd_shadow(struct app *a)
{
	double f = a->cfg->shadow_pause > 0 ? a->cfg->shadow_pause : 1.0;
	if (listen_shadow(a->ls) > 0)
		f = 0;
	listen_set_shadow(a->ls, f);
	if (f > 0)
		app_message(a, false, "shadowing: after each sentence, a pause "
			    "of %.1fx its length for you to say it", f);
	else
		app_message(a, false, "shadowing off");
	a->dirty |= APP_DIRTY_STATUS;
}

void app_cmd_reveal(struct app *a)
{
	if (!a->ep || !a->ep->n_segments)
		return;
	if (!transcript_reveal(a->tx)) {
		app_message(a, false, "both languages are shown (t hides one)");
		return;
	}
	a->dirty |= APP_DIRTY_TRANSCRIPT;
}

/* ---- the mouse ------------------------------------------------------------ */

static bool app_inside(const struct rect *r, int y, int x)
{
	return r->h > 0 && y >= r->y && y < r->y + r->h && x >= r->x &&
	       x < r->x + r->w;
}

static void app_mouse_mode(struct app *a, enum app_mouse_kind kind, int y,
			   int x)
{
	struct mode_entry *o = app_mode_top(a);
	const struct rect *r = &a->layout.overlay;
	if (kind != APP_MOUSE_CLICK) {
		/* A wheel step scrolls about three rows, as in the panes:
		 * fewer entries when each takes more than one row. */
		int step = 3 / (int)app_mode_line_rows(o);
		step = step ? step : 1;
		app_mode_move(a, kind == APP_MOUSE_WHEEL_UP ? -step : step);
		return;
	}
	if (!app_inside(r, y, x)) {
		app_mode_pop(a);
		return;
	}
	int row = y - r->y - 1;
	size_t n = o->mode->count ? o->mode->count(o) : 0;
	if (!o->mode->selectable || row < 0)
		return;
	size_t line = (size_t)row / app_mode_line_rows(o);
	if (line < app_mode_fit(a, o) && o->top + line < n) {
		o->sel = o->top + line;
		a->dirty |= APP_DIRTY_OVERLAY;
	}
}

void app_mouse(struct app *a, enum app_mouse_kind kind, int y, int x)
{
	app_clear_message(a);
	const struct layout *l = &a->layout;
	if (l->too_small)
		return;
	if (a->n_modes) {
		app_mouse_mode(a, kind, y, x);
		return;
	}
	int step = kind == APP_MOUSE_WHEEL_UP ? -3 : 3;
	if (app_inside(&l->pane[LAYOUT_LIST], y, x)) {
		app_set_focus(a, APP_FOCUS_LIST);
		if (kind != APP_MOUSE_CLICK) {
			app_list_move(a, step > 0 ? 1 : -1);
			return;
		}
		long row = y - l->pane[LAYOUT_LIST].y - 1;
		if (row < 0)
			return;
		size_t want = eplist_top(a->list) + (size_t)row;
		for (size_t i = 0; i < eplist_count(a->list); i++) {
			size_t r0 = eplist_row(a->list, i);
			if (want == r0 || want == r0 + 1) {
				eplist_select(a->list, i);
				a->dirty |= APP_DIRTY_LIST;
				app_cmd_activate(a);
				return;
			}
		}
	} else if (app_inside(&l->pane[LAYOUT_TRANSCRIPT], y, x)) {
		app_set_focus(a, APP_FOCUS_TRANSCRIPT);
		if (!a->ep)
			return;
		if (kind != APP_MOUSE_CLICK) {
			app_tx_scroll(a, step);
			return;
		}
		size_t seg, line;
		int row = y - l->pane[LAYOUT_TRANSCRIPT].y - 1;
		if (row >= 0 && transcript_at(a->tx, row, &seg, &line))
			app_jump(a, seg); /* plays on from it when playing */
	} else if (app_inside(&l->pane[LAYOUT_GLOSSARY], y, x)) {
		app_set_focus(a, APP_FOCUS_GLOSSARY);
		if (kind != APP_MOUSE_CLICK) {
			app_glossary_move(a, step);
			return;
		}
		int row = y - l->pane[LAYOUT_GLOSSARY].y - 1;
		size_t n = glosspane_count(a->gl);
		if (row >= 0 && glosspane_top(a->gl) + (size_t)row < n) {
			glosspane_select(a->gl,
					 glosspane_top(a->gl) + (size_t)row);
			a->dirty |= APP_DIRTY_GLOSSARY;
		}
	}
}

/* ---- listening ------------------------------------------------------------ */

void app_cmd_play_pause(struct app *a)
{
	listen_play_pause(a->ls, transcript_current(a->tx));
	a->dirty |= APP_DIRTY_STATUS;
}

void app_cmd_faster(struct app *a)
{
	listen_speed_step(a->ls, 1);
	a->dirty |= APP_DIRTY_STATUS;
}

void app_cmd_slower(struct app *a)
{
	listen_speed_step(a->ls, -1);
	a->dirty |= APP_DIRTY_STATUS;
}

void app_cmd_speed_reset(struct app *a)
{
	listen_speed_step(a->ls, 0);
	a->dirty |= APP_DIRTY_STATUS;
}

void app_cmd_replay(struct app *a)
{
	if (!a->ep || !a->ep->n_segments)
		return;
	size_t cur = transcript_current(a->tx);
	app_jump(a, cur);
	listen_replay(a->ls, cur);
	a->dirty |= APP_DIRTY_STATUS;
}

void app_cmd_loop(struct app *a)
{
	if (!a->ep || !a->ep->n_segments)
		return;
	listen_toggle_loop(a->ls, transcript_current(a->tx));
	a->dirty |= APP_DIRTY_STATUS;
}

void app_cmd_autopause(struct app *a)
{
	listen_toggle_autopause(a->ls);
	a->dirty |= APP_DIRTY_STATUS;
}


/* ---- managing the library from the list ------------------------------------ */

struct episode_summary *app_list_selected(struct app *a, const char *what)
{
	if (a->focus != APP_FOCUS_LIST || !a->layout.pane[LAYOUT_LIST].h) {
		app_message(a, false, "%s works in the episode list (1)",
			    what);
		return NULL;
	}
	size_t sel = eplist_sel(a->list);
	if (sel >= eplist_count(a->list)) {
		app_message(a, false, "the library is empty");
		return NULL;
	}
	return eplist_get(a->list, sel);
}

void app_episode_removed(struct app *a, long long id)
{
	if (id == a->ep_id) { /* its progress went with it */
		a->ep_id = 0;
		app_close_episode(a);
	}
	app_load_list(a);
	a->dirty = APP_DIRTY_ALL;
}

void app_cmd_toggle_finished(struct app *a)
{
	struct episode_summary *e = app_list_selected(a, "marking finished");
	if (!e)
		return;
	bool to = !e->finished;
	if (a->st && store_episode_set_finished(a->st, e->id, to) != 0) {
		app_message(a, false, "cannot mark episode %lld: %s", e->id,
			    store_error(a->st));
		return;
	}
	e->finished = to;
	app_message(a, false, to ? "episode %lld marked finished"
				 : "episode %lld no longer marked finished",
		    e->id);
	a->dirty |= APP_DIRTY_LIST;
}
