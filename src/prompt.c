/* prompt: a one-line question inside a mode. */
#include "buildspeak/prompt.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "buildspeak/alloc.h"
#include "buildspeak/app.h"
#include "buildspeak/lineedit.h"
#include "buildspeak/text.h"
#include "buildspeak/view.h"

struct prompt {
	char *label;                /* "Gloss", owned */
	struct lineedit le;         /* the answer being typed */
	struct mode_entry *owner;   /* the entry that asked, right below */
	prompt_changed_fn *changed; /* may be NULL */
	prompt_done_fn *done;       /* may be NULL */
	prompt_free_fn *free_data;  /* may be NULL */
	void *data;                 /* for the callbacks */
};

/* What prompt_open hands to init. */
struct prompt_args {
	const char *label, *initial;
	struct mode_entry *owner;
	prompt_changed_fn *changed;
	prompt_done_fn *done;
	prompt_free_fn *free_data;
	void *data;
};

static const char *prompt_title(struct mode_entry *me)
{
	struct prompt *p = me->data;
	if (p->owner->mode->title)
		return p->owner->mode->title(p->owner);
	return p->label;
}

static void prompt_draw(struct mode_entry *me, struct canvas *c)
{
	struct prompt *p = me->data;
	struct app *a = me->app;
	if (p->owner->mode->draw && c->h > 1) {
		struct canvas up = *c;
		up.h--;
		p->owner->mode->draw(p->owner, &up);
	}
	int y = c->h - 1;
	c->ops->fill(c->ctx, y, 0, c->w, 0);
	char *label = xasprintf("%s: ", p->label);
	int x = 1 + view_text(c, a, y, 1, c->w / 2, label, strlen(label),
			      VIEW_ATTR(OVERLAY_BOLD, VIEW_C_TITLE));
	free(label);
	static const char hint[] = "  Enter ok · Esc cancel";
	int hw = text_width(hint, strlen(hint), app_metrics(a));
	int cols = c->w - x - 1;
	if (cols - hw >= 20) {
		view_text(c, a, y, c->w - hw, hw, hint, strlen(hint),
			  VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM));
		cols -= hw;
	}
	if (cols < 2)
		return;
	size_t off, len;
	int col;
	lineedit_view(&p->le, cols, app_metrics(a), &off, &len, &col);
	view_text(c, a, y, x, cols, p->le.buf + off, len, 0);
	/* The cursor: the cluster under it in reverse video, or a reversed
	 * blank past the end (the terminal's own cursor stays hidden). */
	unsigned rev = VIEW_ATTR(OVERLAY_REVERSE, VIEW_C_NONE);
	if (p->le.cur < p->le.len) {
		size_t end = text_grapheme_next(p->le.buf, p->le.len, p->le.cur);
		view_text(c, a, y, x + col, cols - col, p->le.buf + p->le.cur,
			  end - p->le.cur, rev);
	} else {
		c->ops->fill(c->ctx, y, x + col, 1, rev);
	}
}

/* Closes the prompt, then tells its owner the answer (NULL: cancelled),
 * then frees the callbacks' data. */
static void prompt_finish(struct mode_entry *me, bool ok)
{
	struct prompt *p = me->data;
	struct app *a = me->app;
	char *text = ok ? text_nfc(p->le.buf) : NULL;
	prompt_done_fn *done = p->done;
	prompt_free_fn *free_data = p->free_data;
	struct mode_entry *owner = p->owner;
	void *data = p->data;
	p->free_data = NULL; /* freed below, after done */
	app_mode_pop(a); /* frees p; owner is on top again */
	if (done)
		done(owner, data, text);
	if (free_data)
		free_data(data);
	free(text);
}

static bool prompt_key(struct mode_entry *me, int key)
{
	struct prompt *p = me->data;
	if (key == KEYS_ENTER) {
		prompt_finish(me, true);
		return true;
	}
	if (key == KEYS_ESC) {
		prompt_finish(me, false);
		return true;
	}
	/* Up and down pick in the owner's list while the prompt stays (the
	 * book's filter: type, then choose). */
	struct mode_entry *o = p->owner;
	if (o->mode->selectable && (key == KEYS_UP || key == KEYS_DOWN)) {
		size_t n = o->mode->count ? o->mode->count(o) : 0;
		if (key == KEYS_UP && o->sel > 0)
			o->sel--;
		else if (key == KEYS_DOWN && o->sel + 1 < n)
			o->sel++;
		return true;
	}
	enum lineedit_result r = lineedit_key(&p->le, key);
	if (r == LINEEDIT_IGNORED)
		return false;
	if (r == LINEEDIT_CHANGED && p->changed)
		p->changed(o, p->data, p->le.buf);
	return true;
}

static int prompt_init(struct mode_entry *me, void *arg)
{
	const struct prompt_args *pa = arg;
	struct prompt *p = xcalloc(1, sizeof *p);
	p->label = xstrdup(pa->label);
	lineedit_init(&p->le, pa->initial);
	p->owner = pa->owner;
	p->changed = pa->changed;
	p->done = pa->done;
	p->free_data = pa->free_data;
	p->data = pa->data;
	me->data = p;
	return 0;
}

/* Closed without an answer (the app is closing every mode): the data is
 * still the prompt's to free. */
static void prompt_free(struct mode_entry *me)
{
	struct prompt *p = me->data;
	if (p->free_data)
		p->free_data(p->data);
	lineedit_free(&p->le);
	free(p->label);
	free(p);
}

static const char *const prompt_help[] = {
	"Prompts (gloss, note, filter, export)",
	"  typing and pasting insert; Enter answers, Escape cancels",
	"  Left/Right, Home/End (C-a/C-e) move the cursor",
	"  Backspace/Delete delete a character, C-w the word before",
	"  C-u deletes to the start, C-k to the end",
	NULL,
};

const struct mode prompt_mode = {
	.name = "prompt",
	.heading = "Prompts",
	.selectable = false,
	.help_extra = prompt_help,
	.init = prompt_init,
	.free = prompt_free,
	.title = prompt_title,
	.key = prompt_key,
	.draw = prompt_draw,
};

int prompt_open(struct mode_entry *owner, const char *label,
		const char *initial, prompt_changed_fn *changed,
		prompt_done_fn *done, prompt_free_fn *free_data, void *data)
{
	struct app *a = owner->app;
	assert(app_mode_top(a) == owner);
	struct prompt_args pa = {label, initial, owner, changed, done,
				 free_data, data};
	return app_mode_push(a, &prompt_mode, &pa) ? 0 : -1;
}

const char *prompt_text(struct app *a)
{
	struct mode_entry *o = app_mode_top(a);
	if (!o || o->mode != &prompt_mode)
		return NULL;
	return ((struct prompt *)o->data)->le.buf;
}

void prompt_set_label(struct app *a, const char *label)
{
	struct mode_entry *o = app_mode_top(a);
	if (!o || o->mode != &prompt_mode)
		return;
	struct prompt *p = o->data;
	free(p->label);
	p->label = xstrdup(label);
	app_mode_dirty(a);
}
