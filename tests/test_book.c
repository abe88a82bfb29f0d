/* test_book: the vocabulary book in the reader, driven by keys as a user
 * presses them, on a real library in a temporary directory -- word
 * selection on tricky sentences, saving from the glossary and from a
 * selection, the marks on screen, the book's filter, sort, edit, delete
 * and undo, export and Enter -- and the one-line editor the prompts use
 * (wide characters, combining sequences, paste, scrolling). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buildspeak/alloc.h"
#include "buildspeak/app.h"
#include "buildspeak/book.h"
#include "buildspeak/config.h"
#include "buildspeak/glossary.h"
#include "buildspeak/grid.h"
#include "buildspeak/keys.h"
#include "buildspeak/lineedit.h"
#include "buildspeak/prompt.h"
#include "buildspeak/saved.h"
#include "buildspeak/store.h"
#include "buildspeak/view.h"
#include "buildspeak/wordsel.h"

#include "check.h"
#include "app_fixtures.h"

static char tmpdir[64];

/* ---- the line editor ------------------------------------------------------ */

static void type(struct lineedit *e, const char *s)
{
	/* One key per code point, as the terminal delivers them. */
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += (size_t)text_next(s + i, n - i, &uc);
		lineedit_key(e, (int)uc);
	}
}

static void test_lineedit(void)
{
	struct text_metrics m = {false};
	struct lineedit e;
	lineedit_init(&e, NULL);
	CHECK_STR(e.buf, "");

	/* Chinese typed key by key: the cursor counts display columns. */
	type(&e, "中文");
	CHECK_STR(e.buf, "中文");
	CHECK_INT(e.cur, 6);
	size_t off, len;
	int col;
	lineedit_view(&e, 20, &m, &off, &len, &col);
	CHECK_INT(col, 4);
	CHECK_INT(off, 0);
	CHECK_INT(len, 6);
	CHECK_INT(lineedit_key(&e, KEYS_BACKSPACE), LINEEDIT_CHANGED);
	CHECK_STR(e.buf, "中");

	/* A combining sequence is one character: Backspace takes both. */
	type(&e, "e\xcc\x81");
	CHECK_STR(e.buf, "中e\xcc\x81");
	lineedit_key(&e, KEYS_LEFT);
	CHECK_INT(e.cur, 3);
	lineedit_key(&e, KEYS_RIGHT);
	CHECK_INT(e.cur, 6);
	lineedit_key(&e, KEYS_BACKSPACE);
	CHECK_STR(e.buf, "中");

	/* A flag (two regional indicators) too, even pasted in two keys. */
	lineedit_set(&e, "a");
	type(&e, "\xf0\x9f\x87\xba\xf0\x9f\x87\xb8");
	CHECK_INT(e.cur, 9);
	lineedit_key(&e, KEYS_LEFT);
	CHECK_INT(e.cur, 1);
	lineedit_key(&e, KEYS_DELETE);
	CHECK_STR(e.buf, "a");

	/* Left, Right, Home, End and insertion in the middle. */
	lineedit_set(&e, "a中b");
	lineedit_key(&e, KEYS_HOME);
	CHECK_INT(e.cur, 0);
	lineedit_key(&e, KEYS_RIGHT);
	lineedit_key(&e, KEYS_RIGHT);
	CHECK_INT(e.cur, 4);
	lineedit_key(&e, 'x');
	CHECK_STR(e.buf, "a中xb");
	lineedit_key(&e, KEYS_END);
	CHECK_INT(e.cur, strlen(e.buf));
	lineedit_key(&e, 1); /* C-a */
	CHECK_INT(e.cur, 0);
	lineedit_key(&e, 5); /* C-e */
	CHECK_INT(e.cur, strlen(e.buf));

	/* C-w: the word before the cursor (and the spaces after it);
	 * C-u: to the start; C-k: to the end. */
	lineedit_set(&e, "world model  ");
	lineedit_key(&e, 23);
	CHECK_STR(e.buf, "world ");
	lineedit_set(&e, "上下文 学习");
	lineedit_key(&e, 23);
	CHECK_STR(e.buf, "上下文 ");
	lineedit_set(&e, "hello world");
	for (int i = 0; i < 5; i++)
		lineedit_key(&e, KEYS_LEFT);
	lineedit_key(&e, 11); /* C-k */
	CHECK_STR(e.buf, "hello ");
	lineedit_key(&e, KEYS_LEFT);
	lineedit_key(&e, 21); /* C-u */
	CHECK_STR(e.buf, " ");
	CHECK_INT(e.cur, 0);

	/* A paste: controls, escape sequences and bidi overrides stay out,
	 * so what is shown is what is typed. */
	lineedit_set(&e, "");
	CHECK_INT(lineedit_insert(&e, "a\x1b[31mb\x07\xe2\x80\xae" "c"),
		  LINEEDIT_CHANGED);
	CHECK_STR(e.buf, "a[31mbc");
	CHECK_INT(lineedit_key(&e, KEYS_ESC), LINEEDIT_IGNORED);
	CHECK_INT(lineedit_key(&e, KEYS_ENTER), LINEEDIT_IGNORED);
	CHECK_INT(lineedit_key(&e, 0x7f), LINEEDIT_IGNORED);
	CHECK_INT(lineedit_key(&e, 0x9b), LINEEDIT_IGNORED);
	CHECK_STR(e.buf, "a[31mbc");
	lineedit_insert(&e, "\xff\xfe"); /* invalid bytes: nothing */
	CHECK_STR(e.buf, "a[31mbc");

	/* Longer than the box: it scrolls, never splits a wide character,
	 * and always shows the cursor. */
	char wide[128] = "";
	for (int i = 0; i < 30; i++)
		strcat(wide, "字");
	lineedit_set(&e, wide);
	lineedit_view(&e, 11, &m, &off, &len, &col);
	CHECK(off > 0);
	CHECK_INT(off % 3, 0);
	CHECK_INT(len % 3, 0);
	CHECK_INT(off + len, strlen(wide)); /* the end is in view */
	CHECK(col + 1 <= 11);
	CHECK(text_width(e.buf + off, len, &m) <= 11);
	CHECK_INT(col, text_width(e.buf + off, e.cur - off, &m));
	lineedit_key(&e, KEYS_HOME);
	lineedit_view(&e, 11, &m, &off, &len, &col);
	CHECK_INT(off, 0);
	CHECK_INT(col, 0);
	CHECK(text_width(e.buf, len, &m) <= 11);
	/* Walking right keeps the cursor inside the box all the way. */
	bool inside = true;
	for (int i = 0; i < 30; i++) {
		lineedit_key(&e, KEYS_RIGHT);
		lineedit_view(&e, 11, &m, &off, &len, &col);
		inside &= col >= 0 && col + (e.cur < e.len ? 2 : 1) <= 11 &&
			  e.cur >= off && e.cur <= off + len;
	}
	CHECK(inside);
	/* Deleting everything scrolls back to the start. */
	lineedit_key(&e, 21);
	lineedit_view(&e, 11, &m, &off, &len, &col);
	CHECK_INT(off, 0);
	CHECK_INT(col, 0);
	lineedit_free(&e);
}

/* ---- the reader with a library ------------------------------------------- */

static const char *const EN[] = {
	"We use in-context learning with RL's state-of-the-art models.",
	"World models matter; in-context learning again.",
	"Nothing glossed here, just \u201cquotes\u201d and 中文.",
};
static const char *const ZH[] = {
	"我们用 in-context learning(上下文学习) 与 RL 的最先进模型。",
	"world models(世界模型)很重要;再说一次上下文学习。",
	"这里没有术语。",
};

static long long make_library(struct store *st)
{
	struct episode *ep = episode_new();
	episode_set(&ep->title, "Tricky words");
	episode_set(&ep->podcast, "Test Pod");
	episode_set(&ep->date, "2025-05-01");
	episode_set(&ep->source_url, "https://example.com/ep");
	for (int i = 0; i < 3; i++)
		episode_add_segment(ep, 1, i * 10.0, i * 10.0 + 9.0,
				    xstrdup(EN[i]), xstrdup(ZH[i]), 0);
	glossary_build(ep);
	episode_update_stats(ep);
	CHECK_INT(store_episode_save(st, ep, 0), 0);
	long long id = ep->id;
	episode_free(ep);
	return id;
}

static void press(struct app *a, int key)
{
	app_key(a, key);
}

static void typestr(struct app *a, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += (size_t)text_next(s + i, n - i, &uc);
		app_key(a, (int)uc);
	}
}

static char *selected(struct app *a)
{
	static char buf[256];
	char *s = wordsel_selected(a);
	snprintf(buf, sizeof buf, "%s", s ? s : "(none)");
	free(s);
	return buf;
}

static bool message_has(const struct app *a, const char *text)
{
	bool yes = app_message_text(a) && strstr(app_message_text(a), text);
	if (!yes)
		fprintf(stderr, "  message \"%s\" lacks \"%s\"\n",
			app_message_text(a) ? app_message_text(a) : "(none)", text);
	return yes;
}

static struct grid *draw(struct app *a)
{
	struct grid *g = grid_new(app_rows(a), app_cols(a));
	view_screen(a, &g->canvas);
	return g;
}

static bool screen_has(struct app *a, const char *text)
{
	struct grid *g = draw(a);
	char *s = grid_text(g);
	bool yes = strstr(s, text) != NULL;
	if (!yes)
		fprintf(stderr, "--- screen without \"%s\":\n%s\n---\n", text,
			s);
	free(s);
	grid_free(g);
	return yes;
}

/* The attribute of the first cell of the first place ASCII text is on the
 * screen inside the transcript pane; 0 when it is not there. */
static unsigned attr_of(struct app *a, const char *text, int *found)
{
	struct grid *g = draw(a);
	const struct rect *r = &app_layout(a)->pane[LAYOUT_TRANSCRIPT];
	size_t n = strlen(text);
	unsigned at = 0;
	*found = 0;
	for (int y = r->y; y < r->y + r->h && !*found; y++)
		for (int x = r->x; x + (int)n <= r->x + r->w && !*found; x++) {
			size_t k = 0;
			while (k < n && g->cells[y * g->w + x + (int)k].s[0] ==
						text[k] &&
			       !g->cells[y * g->w + x + (int)k].s[1])
				k++;
			if (k == n) {
				*found = 1;
				at = grid_attr(g, y, x);
			}
		}
	grid_free(g);
	return at;
}

static const char *glossary_selected(struct app *a)
{
	return app_episode(a)->terms[glosspane_term(app_glossary(a), glosspane_sel(app_glossary(a)))].term;
}

static struct vocab_entry *get_entry(struct store *st, const char *term,
				     struct vocab_entry *e)
{
	long long id = store_vocab_find(st, term);
	if (id <= 0 || store_vocab_get(st, id, e) != 0)
		return NULL;
	return e;
}

/* The overlays at every size from the minimum up: what matters shows,
 * nothing is drawn outside the screen (the grid would catch it under the
 * sanitizers). */
static void test_sizes(struct app *a)
{
	static const int sizes[][2] = {{40, 10}, {44, 12}, {60, 20}, {80, 24},
				       {100, 30}, {200, 50}};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		app_resize(a, sizes[i][0], sizes[i][1]);
		app_run_name(a, "select-words");
		CHECK(screen_has(a, "Selected: World models"));
		press(a, KEYS_ENTER);
		CHECK(screen_has(a, "Gloss: 世界模型"));
		press(a, KEYS_ESC);
		press(a, KEYS_ESC);
		CHECK_INT(app_mode_depth(a), 0);
		app_run_name(a, "book");
		CHECK(screen_has(a, "world models"));
		press(a, '/');
		CHECK(screen_has(a, "Filter:"));
		press(a, KEYS_ESC);
		press(a, KEYS_ESC);
		CHECK_INT(app_mode_depth(a), 0);
	}
	app_resize(a, 120, 36);
}

static void test_reader(void)
{
	char *db = xasprintf("%s/library.db", tmpdir);
	char err[256];
	struct store *st = store_open(db, STORE_OPEN_CREATE, NULL, err, sizeof err);
	CHECK(st != NULL);
	if (!st) {
		fprintf(stderr, "%s\n", err);
		free(db);
		return;
	}
	long long id = make_library(st);
	struct config cfg;
	load_defaults(&cfg);
	struct app *a = app_new(&cfg, st, 120, 36);
	app_load_list(a);
	CHECK_INT(app_open_id(a, id), 0);
	CHECK_INT(app_current(a), 0);
	CHECK(app_focus(a) == APP_FOCUS_TRANSCRIPT);

	/* ---- word selection, word by word through the tricky words ---- */
	press(a, 'w');
	CHECK(app_context(a) == keys_context_find("select"));
	/* It starts on the sentence's glossary term, whole. */
	CHECK_STR(selected(a), "in-context learning");
	CHECK(screen_has(a, "Selected: in-context learning"));
	CHECK(screen_has(a, "Glossary: 上下文学习"));
	press(a, KEYS_LEFT);
	CHECK_STR(selected(a), "use");
	press(a, KEYS_RIGHT);
	CHECK_STR(selected(a), "in-context");
	press(a, KEYS_RIGHT);
	CHECK_STR(selected(a), "learning");
	press(a, KEYS_RIGHT);
	CHECK_STR(selected(a), "with");
	press(a, KEYS_RIGHT);
	CHECK_STR(selected(a), "RL's");
	press(a, KEYS_RIGHT);
	CHECK_STR(selected(a), "state-of-the-art");
	press(a, KEYS_RIGHT);
	CHECK_STR(selected(a), "models");
	press(a, KEYS_RIGHT); /* the last word: stays */
	CHECK_STR(selected(a), "models");
	/* Shift stretches into a phrase, spaces and hyphens included. */
	press(a, KEYS_SLEFT);
	CHECK_STR(selected(a), "state-of-the-art models");
	press(a, KEYS_SLEFT);
	CHECK_STR(selected(a), "RL's state-of-the-art models");
	press(a, KEYS_LEFT); /* a plain arrow: one word again */
	CHECK_STR(selected(a), "with");
	/* v: the arrows stretch until v again. */
	press(a, 'v');
	press(a, KEYS_RIGHT);
	press(a, KEYS_RIGHT);
	CHECK_STR(selected(a), "with RL's state-of-the-art");
	press(a, 'v');
	press(a, KEYS_RIGHT);
	CHECK_STR(selected(a), "models");
	/* Enter asks for the gloss: none known for "models". Escape goes
	 * back to choosing, Escape again leaves. */
	press(a, KEYS_ENTER);
	CHECK(prompt_text(a) != NULL);
	CHECK_STR(prompt_text(a), "");
	press(a, KEYS_ESC);
	CHECK(prompt_text(a) == NULL);
	CHECK_STR(selected(a), "models");
	press(a, KEYS_ESC);
	CHECK_INT(app_mode_depth(a), 0);
	CHECK_INT(store_vocab_find(st, "models"), 0);

	/* Saving a phrase: the gloss comes from the glossary and can be
	 * edited; typing q or d types them. */
	press(a, 'w');
	CHECK_STR(selected(a), "in-context learning");
	press(a, KEYS_ENTER);
	CHECK_STR(prompt_text(a), "上下文学习");
	press(a, 'q');
	press(a, 'd');
	CHECK(!app_quitting(a));
	CHECK_STR(prompt_text(a), "上下文学习qd");
	press(a, KEYS_BACKSPACE);
	press(a, KEYS_BACKSPACE);
	typestr(a, "法");
	press(a, KEYS_ENTER);
	CHECK_INT(app_mode_depth(a), 0);
	CHECK(message_has(a, "saved \u201cin-context learning\u201d"));
	struct vocab_entry e;
	CHECK(get_entry(st, "In-Context Learning", &e) != NULL);
	if (e.term) {
		CHECK_STR(e.term, "in-context learning");
		CHECK_STR(e.gloss, "上下文学习法");
		CHECK_INT(e.n_contexts, 1);
		CHECK_STR(e.contexts[0].en, EN[0]);
		CHECK_STR(e.contexts[0].zh, ZH[0]);
		CHECK_STR(e.contexts[0].title, "Tricky words");
		CHECK_STR(e.contexts[0].podcast, "Test Pod");
		CHECK_STR(e.contexts[0].date, "2025-05-01");
		CHECK_STR(e.contexts[0].source_url, "https://example.com/ep");
		CHECK_INT(e.contexts[0].episode_id, id);
		CHECK(e.contexts[0].at == 0.0);
		CHECK(e.contexts[0].saved > 0 && e.created > 0);
		vocab_entry_clear(&e);
	}

	/* ---- the glossary's s ---- */
	press(a, '3');
	CHECK(app_focus(a) == APP_FOCUS_GLOSSARY);
	for (int i = 0; i < 5 && strcmp(glossary_selected(a), "world models");
	     i++)
		press(a, KEYS_DOWN);
	CHECK_STR(glossary_selected(a), "world models");
	press(a, 's');
	CHECK(message_has(a, "saved \u201cworld models\u201d (世界模型)"));
	CHECK(get_entry(st, "world models", &e) != NULL);
	if (e.term) {
		/* Not in the current sentence: the nearest that has it. */
		CHECK_INT(e.n_contexts, 1);
		CHECK_STR(e.contexts[0].en, EN[1]);
		CHECK(e.contexts[0].at == 10.0);
		vocab_entry_clear(&e);
	}
	press(a, 's');
	CHECK(message_has(a, "already in the book with this sentence"));
	/* The same term from another sentence: a context, not an entry. */
	press(a, '2');
	press(a, KEYS_RIGHT);
	CHECK_INT(app_current(a), 1);
	press(a, 'w');
	CHECK_STR(selected(a), "World models");
	press(a, KEYS_SRIGHT);
	press(a, KEYS_SRIGHT);
	press(a, KEYS_SRIGHT);
	CHECK_STR(selected(a), "World models matter; in-context learning");
	press(a, KEYS_SLEFT);
	press(a, KEYS_SLEFT);
	press(a, KEYS_SLEFT);
	CHECK_STR(selected(a), "World models");
	press(a, KEYS_RIGHT);
	CHECK_STR(selected(a), "matter");
	press(a, KEYS_RIGHT);
	press(a, KEYS_SRIGHT);
	CHECK_STR(selected(a), "in-context learning");
	press(a, KEYS_ENTER);
	CHECK_STR(prompt_text(a), "上下文学习法"); /* the book's now */
	press(a, KEYS_ENTER);
	CHECK(message_has(a, "already in the book: context added"));
	CHECK(get_entry(st, "in-context learning", &e) != NULL);
	if (e.term) {
		CHECK_INT(e.n_contexts, 2);
		CHECK_STR(e.gloss, "上下文学习法"); /* kept: not retyped */
		vocab_entry_clear(&e);
	}

	/* ---- marks ---- */
	CHECK(saved_has(app_saved(a), "World Models"));
	CHECK(!saved_has(app_saved(a), "models"));
	CHECK(screen_has(a, "*world models"));
	CHECK(screen_has(a, "*in-context learning"));
	int found;
	unsigned at = attr_of(a, "World models matter", &found);
	CHECK(found);
	CHECK(VIEW_BITS(at) & OVERLAY_REVERSE);
	at = attr_of(a, "matter", &found);
	CHECK(found);
	CHECK(!(VIEW_BITS(at) & OVERLAY_REVERSE));
	/* Marked in sentences other than the current one too. */
	at = attr_of(a, "in-context learning with", &found);
	CHECK(found);
	CHECK(VIEW_BITS(at) & OVERLAY_REVERSE);
	at = attr_of(a, "We use", &found);
	CHECK(found && !(VIEW_BITS(at) & OVERLAY_REVERSE));

	/* ---- the book ---- */
	press(a, 'v');
	CHECK(app_context(a) == keys_context_find("book"));
	CHECK_INT(book_shown_count(a), 2);
	CHECK(screen_has(a, "Vocabulary book"));
	CHECK(screen_has(a, "2 entries"));
	CHECK(screen_has(a, "世界模型"));
	CHECK(screen_has(a, "Test Pod · 2025-05-01 · 00:10 · Tricky words"));
	/* Sorting: newest first, then A-Z. */
	CHECK_STR(book_shown_term(a, 0), "world models");
	press(a, 'o');
	CHECK_STR(book_shown_term(a, 0), "in-context learning");
	CHECK(screen_has(a, "A-Z"));
	/* Filtering as you type, English or Chinese; Escape puts the old
	 * filter back, Enter keeps the new one. */
	press(a, '/');
	typestr(a, "世界");
	CHECK_INT(book_shown_count(a), 1);
	CHECK_STR(book_shown_term(a, 0), "world models");
	press(a, KEYS_BACKSPACE);
	press(a, KEYS_BACKSPACE);
	CHECK_INT(book_shown_count(a), 2);
	typestr(a, "CONTEXT");
	CHECK_INT(book_shown_count(a), 1);
	CHECK_STR(book_shown_term(a, 0), "in-context learning");
	press(a, KEYS_ESC);
	CHECK_INT(book_shown_count(a), 2);
	press(a, '/');
	typestr(a, "world");
	press(a, KEYS_ENTER);
	CHECK_INT(book_shown_count(a), 1);
	CHECK(screen_has(a, "filter \u201cworld\u201d"));
	press(a, '/');
	press(a, 21); /* C-u */
	press(a, KEYS_ENTER);
	CHECK_INT(book_shown_count(a), 2);
	/* The selection stayed on the entry the filter showed. */
	CHECK_STR(book_shown_term(a, app_mode_find(a, &book_mode)->sel), "world models");
	/* Editing the gloss and the note. */
	press(a, KEYS_HOME);
	CHECK_STR(book_shown_term(a, app_mode_find(a, &book_mode)->sel),
		  "in-context learning");
	press(a, 'e');
	CHECK_STR(prompt_text(a), "上下文学习法");
	press(a, KEYS_BACKSPACE);
	press(a, KEYS_ENTER);
	press(a, 'n');
	typestr(a, "see also few-shot");
	press(a, KEYS_ENTER);
	CHECK(get_entry(st, "in-context learning", &e) != NULL);
	if (e.term) {
		CHECK_STR(e.gloss, "上下文学习");
		CHECK_STR(e.note, "see also few-shot");
		vocab_entry_clear(&e);
	}
	CHECK(screen_has(a, "note: see also few-shot"));
	/* Its two sentences, one at a time. */
	CHECK(screen_has(a, "sentence 1/2"));
	press(a, KEYS_RIGHT);
	CHECK(screen_has(a, "sentence 2/2"));
	/* Delete and undo: the same entry, contexts and date. */
	long long before_id = store_vocab_find(st, "in-context learning");
	press(a, 'd');
	CHECK_INT(book_shown_count(a), 1);
	CHECK_INT(store_vocab_find(st, "in-context learning"), 0);
	CHECK(message_has(a, "deleted"));
	CHECK(!saved_has(app_saved(a), "in-context learning"));
	press(a, 'u');
	CHECK_INT(book_shown_count(a), 2);
	CHECK(message_has(a, "restored"));
	CHECK_INT(store_vocab_find(st, "in-context learning"), before_id);
	CHECK(get_entry(st, "in-context learning", &e) != NULL);
	if (e.term) {
		CHECK_INT(e.n_contexts, 2);
		CHECK_STR(e.note, "see also few-shot");
		vocab_entry_clear(&e);
	}
	CHECK(saved_has(app_saved(a), "in-context learning"));
	press(a, 'u');
	CHECK(message_has(a, "nothing to undo"));
	/* Export: a wrong format asks again; the file is written. */
	press(a, 'x');
	CHECK_STR(prompt_text(a), "csv");
	press(a, 21);
	typestr(a, "xls");
	press(a, KEYS_ENTER);
	CHECK(message_has(a, "unknown format"));
	CHECK(prompt_text(a) != NULL);
	press(a, 21);
	typestr(a, "md");
	press(a, KEYS_ENTER);
	CHECK_STR(prompt_text(a), "~/buildspeak-vocab.md");
	char *out = xasprintf("%s/out dir", tmpdir);
	mkdir(out, 0700);
	char *path = xasprintf("%s/book.md", out);
	press(a, 21);
	typestr(a, path);
	press(a, KEYS_ENTER);
	CHECK(message_has(a, "exported 2 entries"));
	FILE *f = fopen(path, "r");
	CHECK(f != NULL);
	if (f) {
		char buf[4096];
		size_t n = fread(buf, 1, sizeof buf - 1, f);
		buf[n] = '\0';
		fclose(f);
		CHECK(strstr(buf, "**world models**") != NULL);
		CHECK(strstr(buf, "**in-context learning**") != NULL);
	}
	/* Into a directory that does not exist: an error, no file. */
	press(a, 'x');
	press(a, KEYS_ENTER);
	press(a, 21);
	char *bad = xasprintf("%s/missing/book.md", tmpdir); /* md, as chosen */
	typestr(a, bad);
	press(a, KEYS_ENTER);
	CHECK(message_has(a, "export failed"));
	CHECK(access(bad, F_OK) != 0);
	/* md into a .csv: the extension contradicts the format, refused. */
	press(a, 'x');
	press(a, KEYS_ENTER);
	press(a, 21);
	char *clash = xasprintf("%s/clash.csv", tmpdir);
	typestr(a, clash);
	press(a, KEYS_ENTER);
	CHECK(message_has(a, "extension means csv"));
	CHECK(access(clash, F_OK) != 0);
	free(clash);
	/* Enter: the entry's sentence in its episode. */
	press(a, KEYS_HOME);
	while (book_shown_term(a, 0) &&
	       strcmp(book_shown_term(a, app_mode_find(a, &book_mode)->sel), "world models"))
		press(a, KEYS_DOWN);
	press(a, KEYS_LEFT);
	press(a, KEYS_LEFT); /* whatever sentence: world models has one */
	press(a, KEYS_ENTER);
	CHECK_INT(app_mode_depth(a), 0);
	CHECK_INT(app_current(a), 1);
	CHECK_INT(app_episode_id(a), id);
	/* v twice: open, close. */
	press(a, 'v');
	CHECK_INT(app_mode_depth(a), 1);
	press(a, 'v');
	CHECK_INT(app_mode_depth(a), 0);

	test_sizes(a);

	/* The entries outlive their episode. */
	CHECK_INT(store_episode_delete(st, id), 0);
	press(a, 'v');
	CHECK_INT(book_shown_count(a), 2);
	CHECK(screen_has(a, "episode removed"));
	press(a, KEYS_ENTER);
	CHECK(message_has(a, "no longer in the library"));

	free(path);
	free(bad);
	free(out);
	app_free(a);
	config_free(&cfg);
	store_close(st);
	free(db);
}

/* The book is read once per opening and filtered in memory: what is saved,
 * deleted or changed by another process while it is open still shows. And
 * a book of many entries (their sentences read in one pass) keeps each
 * sentence with its own entry. */
static void test_book_changes(void)
{
	char *db = xasprintf("%s/changes.db", tmpdir);
	char err[256];
	struct store *st = store_open(db, STORE_OPEN_CREATE, NULL, err, sizeof err);
	CHECK(st != NULL);
	if (!st) {
		free(db);
		return;
	}
	long long id = make_library(st);
	for (int i = 0; i < 20; i++) {
		char term[32], en[64];
		snprintf(term, sizeof term, "term%02d", i);
		snprintf(en, sizeof en, "the sentence of %s here", term);
		struct vocab_context c = {.en = en, .zh = (char *)"",
					  .episode_id = id,
					  .title = (char *)"t",
					  .podcast = (char *)"",
					  .date = (char *)"",
					  .source_url = (char *)"",
					  .at = 1};
		struct vocab_entry e = {.term = term, .gloss = (char *)"",
					.note = (char *)"", .contexts = &c,
					.n_contexts = 1};
		CHECK_INT(store_vocab_add(st, &e, NULL), 0);
	}
	/* Saved last but dated first (an import of an old book): newest
	 * first is by date, not by id. */
	struct vocab_entry old = {.term = (char *)"old one",
				  .gloss = (char *)"", .note = (char *)"",
				  .created = 1000};
	CHECK_INT(store_vocab_add(st, &old, NULL), 0);
	struct config cfg;
	load_defaults(&cfg);
	struct app *a = app_new(&cfg, st, 120, 36);
	app_load_list(a);
	CHECK_INT(app_open_id(a, id), 0);
	press(a, 'v');
	CHECK_INT(book_shown_count(a), 21);
	CHECK_STR(book_shown_term(a, 0), "term19");
	CHECK_STR(book_shown_term(a, 20), "old one");
	press(a, 'o'); /* A-Z */
	CHECK_STR(book_shown_term(a, 0), "old one");
	press(a, '/');
	typestr(a, "TERM1");
	press(a, KEYS_ENTER);
	CHECK_INT(book_shown_count(a), 10);
	CHECK_STR(book_shown_term(a, 0), "term10");
	for (size_t i = 0; i < book_shown_count(a); i++) {
		char want[64];
		snprintf(want, sizeof want, "of %s here",
			 book_shown_term(a, i));
		CHECK(screen_has(a, want));
	}
	/* Saved while open, matching the filter: shown. */
	CHECK_INT(book_save(a, "term1 extra", "", NULL, 0), 0);
	CHECK_INT(book_shown_count(a), 11);
	CHECK_STR(book_shown_term(a, 0), "term1 extra");
	/* Deleted: gone from the filtered list, and stays gone. */
	press(a, KEYS_HOME);
	press(a, 'd');
	CHECK_INT(book_shown_count(a), 10);
	press(a, '/');
	typestr(a, "0");
	press(a, KEYS_ENTER);
	CHECK_INT(book_shown_count(a), 1);
	press(a, '/');
	press(a, KEYS_BACKSPACE);
	press(a, KEYS_ENTER);
	CHECK_INT(book_shown_count(a), 10);
	/* Another process adds one: the live library reloads the book. */
	struct store *other = store_open(db, 0, NULL, err, sizeof err);
	CHECK(other != NULL);
	if (other) {
		struct vocab_entry e = {.term = (char *)"term1 other",
					.gloss = (char *)"",
					.note = (char *)""};
		CHECK_INT(store_vocab_add(other, &e, NULL), 0);
		store_close(other);
	}
	app_load_list(a);
	CHECK_INT(book_shown_count(a), 11);
	app_free(a);
	config_free(&cfg);
	store_close(st);
	free(db);
}

/* Adds term to the book through st with one sentence, en. */
static void add_word(struct store *st, long long ep, const char *term,
		     const char *en)
{
	struct vocab_context c = {.en = (char *)en, .zh = (char *)"中文句子",
				  .episode_id = ep, .title = (char *)"t",
				  .podcast = (char *)"", .date = (char *)"",
				  .source_url = (char *)"", .at = 1};
	struct vocab_entry e = {.term = (char *)term, .gloss = (char *)"",
				.note = (char *)"", .contexts = &c,
				.n_contexts = 1};
	CHECK_INT(store_vocab_add(st, &e, NULL), 0);
}

/* The list is read without its sentences, and each entry's sentences when
 * it is first shown: whatever brings an entry into view (a filter, an
 * undo, a change by another process, opening again) shows its sentences,
 * as they are in the library. */
static void test_book_contexts(void)
{
	char *db = xasprintf("%s/contexts.db", tmpdir);
	char err[256];
	struct store *st = store_open(db, STORE_OPEN_CREATE, NULL, err, sizeof err);
	CHECK(st != NULL);
	if (!st) {
		free(db);
		return;
	}
	long long id = make_library(st);
	/* More entries than the list shows at once. */
	for (int i = 0; i < 60; i++) {
		char term[32], en[64];
		snprintf(term, sizeof term, "word%02d", i);
		snprintf(en, sizeof en, "first sentence of %s here", term);
		add_word(st, id, term, en);
	}
	add_word(st, id, "word03", "second sentence of word03 here");
	struct config cfg;
	load_defaults(&cfg);
	struct app *a = app_new(&cfg, st, 120, 36);
	app_load_list(a);
	CHECK_INT(app_open_id(a, id), 0);
	press(a, 'v');
	CHECK_INT(book_shown_count(a), 60);
	CHECK(screen_has(a, "first sentence of word59 here"));

	/* Typing on filters what is shown; deleting a letter widens it
	 * again; the columns follow what is shown. */
	press(a, '/');
	typestr(a, "word1");
	CHECK_INT(book_shown_count(a), 10);
	typestr(a, "9");
	CHECK_INT(book_shown_count(a), 1);
	CHECK_STR(book_shown_term(a, 0), "word19");
	press(a, KEYS_BACKSPACE);
	CHECK_INT(book_shown_count(a), 10);
	press(a, KEYS_BACKSPACE);
	typestr(a, "5");
	CHECK_INT(book_shown_count(a), 10);
	CHECK_STR(book_shown_term(a, 9), "word50");
	typestr(a, "x");
	CHECK_INT(book_shown_count(a), 0);
	press(a, KEYS_ESC);
	CHECK_INT(book_shown_count(a), 60);

	/* Filtered to an entry far below the first screen: its sentences,
	 * both of them, read as it comes into view. */
	press(a, '/');
	typestr(a, "word03");
	CHECK_INT(book_shown_count(a), 1);
	CHECK(screen_has(a, "of word03 here (+1)"));
	CHECK(screen_has(a, "sentence 1/2"));
	press(a, KEYS_ENTER);
	press(a, KEYS_RIGHT);
	CHECK(screen_has(a, "second sentence of word03 here"));
	CHECK(screen_has(a, "sentence 2/2"));

	/* Deleted and undone: back with both sentences. */
	press(a, 'd');
	CHECK_INT(book_shown_count(a), 0);
	CHECK(screen_has(a, "No entry matches the filter."));
	press(a, 'u');
	CHECK_INT(book_shown_count(a), 1);
	CHECK(screen_has(a, "of word03 here (+1)"));
	/* Still at the sentence it was at. */
	CHECK(screen_has(a, "second sentence of word03 here"));
	CHECK(screen_has(a, "sentence 2/2"));
	press(a, KEYS_LEFT);
	CHECK(screen_has(a, "sentence 1/2"));

	/* Another process adds a sentence to an entry in view: the live
	 * library's check reads the book again, sentences included. */
	press(a, '/');
	press(a, 21); /* C-u */
	typestr(a, "word05");
	press(a, KEYS_ENTER);
	CHECK(screen_has(a, "first sentence of word05 here"));
	struct store *other = store_open(db, 0, NULL, err, sizeof err);
	CHECK(other != NULL);
	if (other) {
		add_word(other, id, "Word05", "another sentence of word05 here");
		store_close(other);
	}
	CHECK(app_check_library(a));
	CHECK(screen_has(a, "of word05 here (+1)"));
	press(a, KEYS_RIGHT);
	CHECK(screen_has(a, "another sentence of word05 here"));
	CHECK(screen_has(a, "sentence 2/2"));

	/* Closed, the book is not read again by the live library's check;
	 * opening it again sees what another process added meanwhile. */
	press(a, 'v');
	other = store_open(db, 0, NULL, err, sizeof err);
	CHECK(other != NULL);
	if (other) {
		add_word(other, id, "word99", "late sentence of word99 here");
		store_close(other);
	}
	press(a, 'v');
	CHECK_INT(book_shown_count(a), 61);
	CHECK_STR(book_shown_term(a, 0), "word99");
	CHECK(screen_has(a, "late sentence of word99 here"));
	/* ... and what this reader saved while it was closed. */
	press(a, 'v');
	CHECK_INT(book_save(a, "Nothing glossed", "", NULL, 2), 0);
	press(a, 'v');
	CHECK_INT(book_shown_count(a), 62);
	CHECK_STR(book_shown_term(a, 0), "Nothing glossed");
	CHECK(screen_has(a, "Nothing glossed here, just"));
	/* A-Z in memory: the folded term, then the id. */
	press(a, 'o');
	CHECK_STR(book_shown_term(a, 0), "Nothing glossed");
	CHECK_STR(book_shown_term(a, 1), "word00");
	CHECK_STR(book_shown_term(a, 61), "word99");

	/* Export writes the shown entries whole, sentences and all. */
	press(a, '/');
	typestr(a, "word03");
	press(a, KEYS_ENTER);
	press(a, 'x');
	press(a, 21);
	typestr(a, "md");
	press(a, KEYS_ENTER);
	char *path = xasprintf("%s/contexts.md", tmpdir);
	press(a, 21);
	typestr(a, path);
	press(a, KEYS_ENTER);
	CHECK(message_has(a, "exported 1 entry (filtered)"));
	FILE *f = fopen(path, "r");
	CHECK(f != NULL);
	if (f) {
		char buf[4096];
		size_t n = fread(buf, 1, sizeof buf - 1, f);
		buf[n] = '\0';
		fclose(f);
		CHECK(strstr(buf, "**word03**") != NULL);
		CHECK(strstr(buf, "first sentence of **word03** here") != NULL);
		CHECK(strstr(buf, "second sentence of **word03** here") != NULL);
		CHECK(strstr(buf, "word05") == NULL);
	}
	free(path);
	app_free(a);
	config_free(&cfg);
	store_close(st);
	free(db);
}

/* Without a library the reader still runs: the book says so. */
static void test_no_library(void)
{
	struct config cfg;
	load_defaults(&cfg);
	struct app *a = app_new(&cfg, NULL, 100, 30);
	press(a, 'v');
	CHECK_INT(book_shown_count(a), 0);
	CHECK(screen_has(a, "The book is empty"));
	press(a, 'v');
	app_run_name(a, "select-words");
	CHECK(message_has(a, "open an episode first"));
	app_free(a);
	config_free(&cfg);
}

int main(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/bs-book-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	setenv("HOME", tmpdir, 1);
	test_lineedit();
	test_reader();
	test_book_changes();
	test_book_contexts();
	test_no_library();
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	free(cmd);
	return check_result();
}
