/* prompt: a one-line question inside an overlay. */
#include "buildspeak/prompt.h"

#include <stdlib.h>
#include <string.h>

#include "buildspeak/alloc.h"
#include "buildspeak/app.h"
#include "buildspeak/lineedit.h"
#include "buildspeak/text.h"
#include "buildspeak/view.h"

struct prompt {
	char *label;               /* "Gloss", owned */
	struct lineedit le;        /* the answer being typed */
	prompt_changed_fn *changed; /* may be NULL */
	prompt_done_fn *done;      /* may be NULL */
	void *ctx;                 /* for the callbacks, borrowed */
};

/* The overlay the prompt belongs to (right below it), or NULL. */
static struct app_overlay *below(struct app *a)
{
	return a->n_overlays >= 2 ? &a->overlays[a->n_overlays - 2] : NULL;
}

static const char *prompt_title(struct app *a, void *state)
{
	struct app_overlay *b = below(a);
	if (b)
		return b->ops->title(a, b->state);
	return ((struct prompt *)state)->label;
}

static void prompt_draw(struct app *a, void *state, struct canvas *c)
{
	struct prompt *p = state;
	struct app_overlay *b = below(a);
	if (b && b->ops->draw && c->h > 1) {
		struct canvas up = *c;
		up.h--;
		b->ops->draw(a, b->state, &up);
	}
	int y = c->h - 1;
	c->ops->fill(c->ctx, y, 0, c->w, 0);
	char *label = xasprintf("%s: ", p->label);
	int x = 1 + view_text(c, a, y, 1, c->w / 2, label, strlen(label),
			      VIEW_ATTR(OVERLAY_BOLD, VIEW_C_TITLE));
	free(label);
	static const char hint[] = "  Enter ok · Esc cancel";
	int hw = text_width(hint, strlen(hint), &a->metrics);
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
	lineedit_view(&p->le, cols, &a->metrics, &off, &len, &col);
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

/* Closes the prompt, then tells its owner the answer (NULL: cancelled). */
static void finish(struct app *a, struct prompt *p, bool ok)
{
	char *text = ok ? text_nfc(p->le.buf) : NULL;
	prompt_done_fn *done = p->done;
	void *ctx = p->ctx;
	app_overlay_pop(a); /* frees p */
	if (done)
		done(a, ctx, text);
	free(text);
}

static bool prompt_key(struct app *a, void *state, int key)
{
	struct prompt *p = state;
	if (key == KEYS_ENTER) {
		finish(a, p, true);
		return true;
	}
	if (key == KEYS_ESC) {
		finish(a, p, false);
		return true;
	}
	/* Up and down pick in the list below while the prompt stays (the
	 * book's filter: type, then choose). */
	struct app_overlay *b = below(a);
	if (b && b->ops->selectable &&
	    (key == KEYS_UP || key == KEYS_DOWN)) {
		size_t n = b->ops->count ? b->ops->count(a, b->state) : 0;
		if (key == KEYS_UP && b->sel > 0)
			b->sel--;
		else if (key == KEYS_DOWN && b->sel + 1 < n)
			b->sel++;
		return true;
	}
	enum lineedit_result r = lineedit_key(&p->le, key);
	if (r == LINEEDIT_IGNORED)
		return false;
	if (r == LINEEDIT_CHANGED && p->changed)
		p->changed(a, p->ctx, p->le.buf);
	return true;
}

static void prompt_free(void *state)
{
	struct prompt *p = state;
	lineedit_free(&p->le);
	free(p->label);
	free(p);
}

const struct overlay_ops prompt_overlay = {
	.name = "prompt",
	.context = KEYS_PROMPT,
	.selectable = false,
	.title = prompt_title,
	.key = prompt_key,
	.free = prompt_free,
	.draw = prompt_draw,
};

void prompt_open(struct app *a, const char *label, const char *initial,
		 prompt_changed_fn *changed, prompt_done_fn *done, void *ctx)
{
	struct prompt *p = xcalloc(1, sizeof *p);
	p->label = xstrdup(label);
	lineedit_init(&p->le, initial);
	p->changed = changed;
	p->done = done;
	p->ctx = ctx;
	app_overlay_push(a, &prompt_overlay, p);
}

const char *prompt_text(struct app *a)
{
	struct app_overlay *o = app_overlay_top(a);
	if (!o || o->ops != &prompt_overlay)
		return NULL;
	return ((struct prompt *)o->state)->le.buf;
}
