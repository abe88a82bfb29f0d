/* wordsel: word-by-word selection in the current sentence, for saving a
 * word or a phrase in the vocabulary book. */
#include "buildspeak/wordsel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buildspeak/alloc.h"
#include "buildspeak/app.h"
#include "buildspeak/book.h"
#include "buildspeak/command.h"
#include "buildspeak/define.h"
#include "buildspeak/keys.h"
#include "buildspeak/saved.h"
#include "buildspeak/prompt.h"
#include "buildspeak/text.h"
#include "buildspeak/view.h"
#include "buildspeak/vocab.h"

struct wordsel {
	size_t seg;            /* the sentence (segment index) */
	char *en, *zh;         /* its sanitised English and Chinese, owned */
	size_t *starts, *ends; /* byte ranges of its words in en, owned */
	size_t n;              /* words */
	size_t anchor, head;   /* the selection: words min..max of the two;
				  head is the end the arrows move */
	bool extend;           /* `v` was pressed: arrows stretch */
	char title[96];
};

static size_t wordsel_lo(const struct wordsel *w)
{
	return w->anchor < w->head ? w->anchor : w->head;
}

static size_t wordsel_hi(const struct wordsel *w)
{
	return w->anchor < w->head ? w->head : w->anchor;
}

static char *wordsel_selection(const struct wordsel *w)
{
	size_t b = w->starts[wordsel_lo(w)], e = w->ends[wordsel_hi(w)];
	return xstrndup(w->en + b, e - b);
}

char *wordsel_selected(struct app *a)
{
	struct mode_entry *me = app_mode_find(a, &wordsel_mode);
	return me ? wordsel_selection(me->data) : NULL;
}

bool wordsel_range(struct app *a, size_t *off, size_t *len)
{
	struct mode_entry *me = app_mode_find(a, &wordsel_mode);
	if (!me)
		return false;
	struct wordsel *w = me->data;
	*off = w->starts[wordsel_lo(w)];
	*len = w->ends[wordsel_hi(w)] - *off;
	return w->seg == app_current(a);
}

/* ---- the overlay ------------------------------------------------------------ */

static const char *wordsel_title(struct mode_entry *me)
{
	struct wordsel *w = me->data;
	snprintf(w->title, sizeof w->title, "Save words · sentence %zu%s",
		 w->seg + 1, w->extend ? " · extending" : "");
	return w->title;
}

static void wordsel_draw(struct mode_entry *me, struct canvas *c)
{
	struct wordsel *w = me->data;
	struct app *a = me->app;
	bool top = app_mode_top(a) == me;
	int h = c->h - (top ? 1 : 0), width = c->w - 2, y = 0;
	const struct episode *ep = app_episode(a);
	if (h < 1 || width < 4 || !ep || w->seg >= ep->n_segments)
		return;
	/* From the bottom: what is selected and its gloss; then, room
	 * allowing, the sentence with the selection in reverse video, its
	 * translation, and a header. */
	int sel_y = h >= 3 ? h - 2 : h - 1;
	bool roomy = h >= 8;
	if (roomy) {
		const struct segment *s = &app_episode(a)->segments[w->seg];
		char t[16];
		char *head = xasprintf("Speaker %d · %s", s->speaker,
				       episode_format_time(s->start, t,
							   sizeof t));
		view_text_line(c, a, y++, 1, width, head,
			       VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM));
		free(head);
	}
	int text_rows = sel_y - y - (roomy ? 1 : 0);
	size_t from = w->starts[wordsel_lo(w)];
	struct term_span sel = {from, w->ends[wordsel_hi(w)] - from, 0};
	/* The English first; the Chinese gets what it leaves, at least two
	 * rows when there are five, and all it needs when they are free. */
	struct text_line *lines = NULL;
	int en_need = (int)text_wrap(w->en, width, app_metrics(a), &lines);
	free(lines);
	lines = NULL;
	int zh_need = (int)text_wrap(w->zh, width, app_metrics(a), &lines);
	free(lines);
	int zh_rows = text_rows - en_need;
	if (zh_rows < (text_rows > 4 ? 2 : 0))
		zh_rows = text_rows > 4 ? 2 : 0;
	if (zh_rows > zh_need)
		zh_rows = zh_need;
	if (zh_rows < 0)
		zh_rows = 0;
	/* A sentence longer than its rows scrolls to keep the selection
	 * in sight. */
	y += view_text_wrapped_at(c, a, y, 1, width, text_rows - zh_rows,
				  w->en, 0, &sel, 1,
				  VIEW_ATTR(OVERLAY_REVERSE | OVERLAY_BOLD,
					    VIEW_C_TERM),
				  w->starts[w->head]);
	if (zh_rows)
		view_text_wrapped(c, a, y, 1, width, zh_rows, w->zh,
				  VIEW_ATTR(OVERLAY_DIM, VIEW_C_ZH), NULL, 0,
				  0);
	char *term = wordsel_selection(w);
	char *line = xasprintf("Selected: %s", term);
	view_text_line(c, a, sel_y, 1, width, line,
		       VIEW_ATTR(OVERLAY_BOLD, VIEW_C_NONE));
	free(line);
	if (sel_y + 1 < h) {
		const char *g = vocab_episode_gloss(app_episode(a), term);
		bool saved = saved_has(app_saved(a), term);
		/* Outside the episode's glossary: what the library's other
		 * episodes or the dictionaries say, beside the gloss prompt. */
		const char *hint = g ? NULL : define_hint(a, term);
		line = g ? xasprintf("Glossary: %s%s", g,
				     saved ? " · already in the book" : "")
			 : xasprintf("%s%s", hint ? hint : "Not in this "
						   "episode's glossary",
				     saved ? " · already in the book" : "");
		view_text_line(c, a, sel_y + 1, 1, width, line,
			       VIEW_ATTR(0, VIEW_C_ZH));
		free(line);
	}
	free(term);
	if (top) {
		char keys[256] = "";
#define HINT(name, name2, what)                                               \
	view_hint(a, KEYS_N_CORE + mode_index(&wordsel_mode), keys,           \
		  sizeof keys, width, name, name2, what)
		HINT("select-prev-word", "select-next-word", "word");
		HINT("select-extend-left", "select-extend-right", "phrase");
		HINT("select-extend", NULL, w->extend ? "move" : "extend");
		HINT("activate", NULL, "save");
		HINT("define", NULL, "look up");
		HINT("close", NULL, "leave");
#undef HINT
		view_text_line(c, a, c->h - 1, 1, width, keys,
			       VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM));
	}
}

static void wordsel_gloss_done(struct mode_entry *owner, void *data,
			       const char *text)
{
	(void)data;
	struct wordsel *w = owner->data;
	if (!text)
		return; /* back to choosing */
	char *term = wordsel_selection(w);
	int rc = book_save(owner->app, term, text, NULL, w->seg);
	free(term);
	if (rc == 0)
		app_mode_close(owner->app, owner);
}

static void wordsel_activate(struct mode_entry *me)
{
	struct wordsel *w = me->data;
	char *term = wordsel_selection(w);
	char *gloss = book_suggest_gloss(me->app, term, NULL);
	if (!*gloss) { /* another episode may have glossed it */
		char *lib = define_library_gloss(me->app, term);
		if (lib) {
			free(gloss);
			gloss = lib;
		}
	}
	prompt_open(me, "Gloss", gloss, NULL, wordsel_gloss_done, NULL, NULL);
	free(gloss);
	free(term);
}

static void wordsel_data_free(struct wordsel *w)
{
	free(w->en);
	free(w->zh);
	free(w->starts);
	free(w->ends);
	free(w);
}

static void wordsel_free(struct mode_entry *me)
{
	wordsel_data_free(me->data);
}

/* arg is the choice wordsel_cmd_open prepared (struct wordsel). */
static int wordsel_init(struct mode_entry *me, void *arg)
{
	me->data = arg;
	return 0;
}

/* ---- commands ---------------------------------------------------------------- */

/* The word holding byte off of en, or the next one after it. */
static size_t wordsel_word_at(const struct wordsel *w, size_t off)
{
	for (size_t i = 0; i < w->n; i++)
		if (w->ends[i] > off)
			return i;
	return w->n - 1;
}

static void wordsel_cmd_open(struct app *a, struct mode_entry *me)
{
	if (me) {
		app_mode_pop(a); /* w again leaves */
		return;
	}
	const struct episode *ep = app_episode(a);
	if (!ep || !ep->n_segments) {
		app_message(a, false, "open an episode first");
		return;
	}
	size_t cur = app_current(a);
	struct wordsel *w = xcalloc(1, sizeof *w);
	w->seg = cur;
	app_load_text(a, cur, cur + 1); /* text loads lazily */
	w->en = text_sanitize_line(ep->segments[cur].en);
	w->zh = text_sanitize_line(ep->segments[cur].zh);
	w->n = text_words(w->en, &w->starts, &w->ends);
	if (!w->n) {
		wordsel_data_free(w);
		app_message(a, false, "this sentence has no English words");
		return;
	}
	/* Start on the sentence's first glossary term, whole: the likeliest
	 * thing to save. cur_en_spans are on the same sanitised text. */
	const struct term_span *spans;
	if (app_current_spans(a, 0, &spans)) {
		const struct term_span *sp = &spans[0];
		w->anchor = wordsel_word_at(w, sp->off);
		w->head = wordsel_word_at(w, sp->off + sp->len - 1);
	}
	if (!app_mode_push(a, &wordsel_mode, w))
		wordsel_data_free(w); /* the stack is full: it said so */
}

static void wordsel_move(struct app *a, struct mode_entry *me, int dir,
			 bool stretch)
{
	struct wordsel *w = me->data;
	if (stretch || w->extend) {
		if (dir < 0 && w->head > 0)
			w->head--;
		else if (dir > 0 && w->head + 1 < w->n)
			w->head++;
	} else {
		/* One word: the neighbour of the selection on that side. */
		size_t i = dir < 0 ? wordsel_lo(w) : wordsel_hi(w);
		if (dir < 0 && i > 0)
			i--;
		else if (dir > 0 && i + 1 < w->n)
			i++;
		w->anchor = w->head = i;
	}
	app_mode_dirty(a);
}

static void wordsel_cmd_prev(struct app *a, struct mode_entry *me)
{
	wordsel_move(a, me, -1, false);
}

static void wordsel_cmd_next(struct app *a, struct mode_entry *me)
{
	wordsel_move(a, me, 1, false);
}

static void wordsel_cmd_extend_left(struct app *a, struct mode_entry *me)
{
	wordsel_move(a, me, -1, true);
}

static void wordsel_cmd_extend_right(struct app *a, struct mode_entry *me)
{
	wordsel_move(a, me, 1, true);
}

static void wordsel_cmd_extend(struct app *a, struct mode_entry *me)
{
	struct wordsel *w = me->data;
	w->extend = !w->extend;
	app_message(a, false, w->extend ? "extending: ←/→ stretch the "
					  "selection (v again: move)"
					: "moving word by word");
	app_mode_dirty(a);
}

static const struct mode_command wordsel_commands[] = {
	{"select-words", wordsel_cmd_open,
	 "Choose words of the current sentence to save", MODE_CMD_ANYWHERE},
	{"select-prev-word", wordsel_cmd_prev, "Select the previous word", 0},
	{"select-next-word", wordsel_cmd_next, "Select the next word", 0},
	{"select-extend-left", wordsel_cmd_extend_left,
	 "Stretch the selection one word left", 0},
	{"select-extend-right", wordsel_cmd_extend_right,
	 "Stretch the selection one word right", 0},
	{"select-extend", wordsel_cmd_extend,
	 "Arrows stretch the selection (again: they move it)", 0},
};

const struct mode wordsel_mode = {
	.name = "select",
	.heading = "Choosing words (w)",
	.selectable = false,
	.commands = wordsel_commands,
	.n_commands = sizeof wordsel_commands / sizeof wordsel_commands[0],
	.init = wordsel_init,
	.free = wordsel_free,
	.title = wordsel_title,
	.activate = wordsel_activate,
	.draw = wordsel_draw,
};
