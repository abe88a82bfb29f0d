/* define: the look-up mode -- the library's glosses and the dictionaries'
 * senses of the selected word, over the reader. */
#include "buildspeak/define.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buildspeak/alloc.h"
#include "buildspeak/app.h"
#include "buildspeak/book.h"
#include "buildspeak/config.h"
#include "buildspeak/dict.h"
#include "buildspeak/glossary.h"
#include "buildspeak/keys.h"
#include "buildspeak/lookup.h"
#include "buildspeak/text.h"
#include "buildspeak/view.h"
#include "buildspeak/wordsel.h"

/* Episodes named beside a gloss before "+N more". */
#define DEFINE_EPISODES 3

/* What lasts for the reader's life: the dictionaries, and the hint of the
 * last term asked about. */
struct define_state {
	struct dict *dict;  /* opened at the first look-up */
	char *hint_term;    /* the term hint was made for, owned */
	char *hint;         /* define_hint's answer, owned; NULL for none */
};

/* One paragraph of the window. */
struct define_para {
	char *text;    /* sanitised; may hold newlines (dictd entries) */
	unsigned attr; /* VIEW_ATTR */
};

/* What to look up: a word, and the glossary term of the sentence that
 * holds it, if any ("models" in "world models"). */
struct define_ask {
	const char *word;
	const char *term; /* NULL when none */
};

/* One opening: the answer laid out as paragraphs. */
struct define_view {
	char *word;               /* what was looked up, owned */
	char *term;               /* the term around it, owned; or NULL */
	struct define_para *paras;
	size_t n, cap;
	char title[128];
};

static void *define_state_new(struct app *a)
{
	struct define_state *s = xcalloc(1, sizeof *s);
	struct config *cfg = app_config(a);
	s->dict = dict_new(cfg ? (const char *const *)cfg->dicts : NULL,
			   cfg ? cfg->n_dicts : 0);
	return s;
}

static void define_state_free(void *state)
{
	struct define_state *s = state;
	dict_free(s->dict);
	free(s->hint_term);
	free(s->hint);
	free(s);
}

static struct define_state *define_of(struct app *a)
{
	return app_mode_state(a, &define_mode);
}

static void define_add(struct define_view *v, const char *raw, unsigned attr)
{
	v->paras = xgrowarray(v->paras, &v->cap, v->n + 1, sizeof *v->paras);
	v->paras[v->n++] = (struct define_para){text_sanitize(raw), attr};
}

/* Lays the answer for word out as paragraphs. */
static void define_layout(struct app *a, struct define_view *v)
{
	struct lookup l;
	if (lookup_word(app_store(a), define_of(a)->dict, v->word, &l) != 0)
		define_add(v, store_error(app_store(a)),
			   VIEW_ATTR(OVERLAY_DIM, VIEW_C_MESSAGE));
	unsigned head = VIEW_ATTR(OVERLAY_BOLD, VIEW_C_TITLE);
	char *s;
	/* The term the word stands in, first: that is what the sentence
	 * means by it. */
	struct dict *dict = define_of(a)->dict;
	struct lookup t;
	memset(&t, 0, sizeof t);
	if (v->term && lookup_word(app_store(a), dict, v->term, &t) == 0 &&
	    t.n_glosses && strcmp(t.glossary_of, t.word) == 0) {
		s = xasprintf("This library: \u201c%s\u201d", t.word);
		define_add(v, s, head);
		free(s);
		for (size_t i = 0; i < t.n_glosses; i++) {
			s = lookup_gloss_line(&t.glosses[i], DEFINE_EPISODES);
			define_add(v, s, VIEW_ATTR(0, VIEW_C_ZH));
			free(s);
		}
	}
	lookup_free(&t);
	if (l.n_glosses) {
		s = strcmp(l.glossary_of, l.word)
			    ? xasprintf("This library (head word \u201c%s\u201d)",
					l.glossary_of)
			    : xstrdup("This library");
		define_add(v, s, head);
		free(s);
		for (size_t i = 0; i < l.n_glosses; i++) {
			s = lookup_gloss_line(&l.glosses[i], DEFINE_EPISODES);
			define_add(v, s, VIEW_ATTR(0, VIEW_C_ZH));
			free(s);
		}
	} else {
		define_add(v, "Not in this library's glossaries",
			   VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM));
	}
	const char *source = NULL;
	int number = 0;
	for (size_t i = 0; i < l.dict.n_senses; i++) {
		const struct dict_sense *d = &l.dict.senses[i];
		if (!source || strcmp(source, d->source) != 0) {
			source = d->source;
			number = 0;
			s = strcmp(l.senses_of, l.word)
				    ? xasprintf("%s (head word \u201c%s\u201d)",
						source, l.senses_of)
				    : xstrdup(source);
			define_add(v, s, head);
			free(s);
		}
		if (d->pos[0]) /* WordNet */
			s = xasprintf("%d. %s (%s) %s", ++number, d->lemma,
				      d->pos, d->text);
		else
			s = xstrdup(d->text);
		define_add(v, s, VIEW_ATTR(0, VIEW_C_NONE));
		free(s);
	}
	if (!l.dict.n_senses && !l.dict.n_problems)
		define_add(v, "Not in the dictionaries",
			   VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM));
	for (size_t i = 0; i < l.dict.n_problems; i++)
		define_add(v, l.dict.problems[i],
			   VIEW_ATTR(OVERLAY_DIM, VIEW_C_MESSAGE));
	lookup_free(&l);
}

/* arg: the word (owned by the caller). */
static int define_init(struct mode_entry *me, void *arg)
{
	const struct define_ask *ask = arg;
	struct define_view *v = xcalloc(1, sizeof *v);
	v->word = xstrdup(ask->word);
	v->term = xstrdup(ask->term);
	define_layout(me->app, v);
	me->data = v;
	return 0;
}

static void define_free(struct mode_entry *me)
{
	struct define_view *v = me->data;
	for (size_t i = 0; i < v->n; i++)
		free(v->paras[i].text);
	free(v->paras);
	free(v->word);
	free(v->term);
	free(v);
}

static const char *define_title(struct mode_entry *me)
{
	struct define_view *v = me->data;
	char *w = text_sanitize_line(v->word);
	snprintf(v->title, sizeof v->title, "Look up \u00b7 %s", w);
	free(w);
	return v->title;
}

/* Up / Down scroll by paragraph: any paragraph can come to the top. */
static size_t define_count(struct mode_entry *me)
{
	struct define_view *v = me->data;
	int rows = app_overlay_rows(me->app);
	return v->n + (size_t)(rows > 1 ? rows - 1 : 0);
}

static void define_draw(struct mode_entry *me, struct canvas *c)
{
	struct define_view *v = me->data;
	struct app *a = me->app;
	int h = c->h - 1, width = c->w - 2, y = 0;
	if (h < 1 || width < 4)
		return;
	for (size_t i = me->top; i < v->n && y < h; i++) {
		if (i > me->top && (v->paras[i].attr & 0xff) == OVERLAY_BOLD &&
		    y + 1 < h)
			y++; /* a blank row before each source */
		y += view_text_wrapped(c, a, y, 1, width, h - y,
				       v->paras[i].text, v->paras[i].attr,
				       NULL, 0, 0);
	}
	char keys[256] = "";
	int ctx = KEYS_N_CORE + mode_index(&define_mode);
	view_hint(a, ctx, keys, sizeof keys, width, "up", "down",
		  "scroll");
	view_hint(a, ctx, keys, sizeof keys, width, "close", NULL, "close");
	if (me->top + 1 < v->n || me->top > 0) {
		char more[64];
		snprintf(more, sizeof more, "  %zu/%zu", me->top + 1, v->n);
		if (strlen(keys) + strlen(more) < sizeof keys)
			strcat(keys, more);
	}
	view_text_line(c, a, c->h - 1, 1, width, keys,
		       VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM));
}

static void define_cmd_open(struct app *a, struct mode_entry *me)
{
	if (me) {
		app_mode_pop(a); /* the key again closes it */
		return;
	}
	struct mode_entry *top = app_mode_top(a);
	char *word = NULL;
	const char *term = NULL;
	size_t off, len;
	if (top && top->mode == &wordsel_mode) {
		word = wordsel_selected(a);
		const struct episode *ep = app_episode(a);
		const struct term_span *spans;
		size_t n = app_current_spans(a, 0, &spans);
		for (size_t i = 0; wordsel_range(a, &off, &len) && ep && i < n;
		     i++) {
			const struct term_span *sp = &spans[i];
			if (sp->off <= off && off + len <= sp->off + sp->len &&
			    len < sp->len && sp->term < ep->n_terms)
				term = ep->terms[sp->term].term;
		}
	}
	else if (top && top->mode == &book_mode)
		word = book_selected_term(a);
	if (!word || !*word) {
		app_message(a, false, "choose a word first: w, then d");
		free(word);
		return;
	}
	struct define_ask ask = {word, term};
	app_mode_push(a, &define_mode, &ask);
	free(word);
}

static const struct mode_command define_commands[] = {
	{"define", define_cmd_open,
	 "Look the selected word up: this library's glosses, the "
	 "dictionaries", MODE_CMD_ANYWHERE},
};

const struct mode define_mode = {
	.name = "define",
	.heading = "Looking a word up (d in word selection, l in the book)",
	.selectable = false,
	.commands = define_commands,
	.n_commands = sizeof define_commands / sizeof define_commands[0],
	.state_new = define_state_new,
	.state_free = define_state_free,
	.init = define_init,
	.free = define_free,
	.title = define_title,
	.count = define_count,
	.draw = define_draw,
};

char *define_library_gloss(struct app *a, const char *term)
{
	if (!app_store(a) || !term || !*term)
		return NULL;
	char **keys;
	size_t n = lookup_keys(define_of(a)->dict, term, &keys);
	struct store_gloss *g = NULL;
	size_t ng = 0;
	char *out = NULL;
	int rc = store_gloss_lookup(app_store(a), (const char *const *)keys, n,
				    &g, &ng);
	if (rc == 0 && ng > 0)
		out = xstrdup(g[0].gloss);
	store_glosses_free(g, ng);
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	return out;
}

const char *define_hint(struct app *a, const char *term)
{
	struct define_state *s = define_of(a);
	if (s->hint_term && strcmp(s->hint_term, term) == 0)
		return s->hint;
	free(s->hint_term);
	free(s->hint);
	s->hint_term = xstrdup(term);
	s->hint = NULL;
	struct lookup l;
	if (lookup_word(app_store(a), s->dict, term, &l) == 0) {
		if (l.n_glosses) {
			char *label = l.glosses[0].n_episodes
					      ? lookup_episode_label(
							&l.glosses[0].episodes[0])
					      : xstrdup("");
			s->hint = xasprintf("Library: %s \u00b7 %s",
					    l.glosses[0].gloss, label);
			free(label);
		} else if (l.dict.n_senses) {
			const struct dict_sense *d = &l.dict.senses[0];
			s->hint = xasprintf("%s: %s%s%s%s %s", d->source,
					    d->lemma, d->pos[0] ? " (" : "",
					    d->pos, d->pos[0] ? ")" : "",
					    d->text);
		} else if (l.dict.n_problems) {
			s->hint = xstrdup(l.dict.problems[0]);
		}
	}
	lookup_free(&l);
	return s->hint;
}
