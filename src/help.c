/* help: the generated key reference. */
#include "buildspeak/help.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buildspeak/alloc.h"
#include "buildspeak/app.h"
#include "buildspeak/command.h"

struct help_text {
	char *text;      /* owned */
	unsigned attr;   /* OVERLAY_* */
};

struct help {
	struct help_text *lines; /* owned, n of them */
	size_t n, cap;
};

/* Appends line (takes ownership). */
static void add(struct help *h, unsigned attr, char *line)
{
	xgrow((void **)&h->lines, &h->cap, h->n + 1, sizeof h->lines[0]);
	h->lines[h->n++] = (struct help_text){line, attr};
}

/* One section: the commands bound in ctx's own map, each with all its
 * keys there, in table order. (The common map has its own section.) */
static void section(struct help *h, const struct keymap *km,
		    enum keys_context ctx, const char *heading)
{
	bool any = false;
	for (size_t c = 0; c < command_count; c++) {
		char keys[96] = "";
		size_t len = 0;
		for (size_t i = 0; i < km->n[ctx]; i++) {
			const struct keys_binding *b = &km->map[ctx][i];
			if (b->command != (int)c)
				continue;
			char name[32];
			keys_name(b->key, name, sizeof name);
			if (len + strlen(name) + 3 < sizeof keys)
				len += (size_t)snprintf(keys + len,
							sizeof keys - len,
							"%s%s", len ? ", " : "",
							name);
		}
		if (!len)
			continue;
		if (!any) {
			add(h, OVERLAY_BOLD, xstrdup(heading));
			any = true;
		}
		add(h, 0, xasprintf("  %-16s %-20s %s", keys,
				    command_table[c].name,
				    command_table[c].help));
	}
	if (any)
		add(h, 0, xstrdup(""));
}

static const char *help_title(struct app *a, void *state)
{
	(void)a;
	(void)state;
	return "Keys (Esc or ? closes; j/k scroll)";
}

static size_t help_count(struct app *a, void *state)
{
	(void)a;
	return ((struct help *)state)->n;
}

static void help_line(struct app *a, void *state, size_t i,
		      struct overlay_line *out)
{
	(void)a;
	struct help *h = state;
	out->text = h->lines[i].text;
	out->attr = h->lines[i].attr;
}

static const char *help_footer(struct app *a, void *state)
{
	(void)a;
	(void)state;
	return "Rebind keys in ~/.config/buildspeak/config (see keys.conf)";
}

static void help_free(void *state)
{
	struct help *h = state;
	for (size_t i = 0; i < h->n; i++)
		free(h->lines[i].text);
	free(h->lines);
	free(h);
}

const struct overlay_ops help_overlay = {
	.name = "help",
	.context = KEYS_HELP,
	.selectable = false,
	.title = help_title,
	.count = help_count,
	.line = help_line,
	.footer = help_footer,
	.free = help_free,
};

void help_open(struct app *a)
{
	struct help *h = xcalloc(1, sizeof *h);
	const struct keymap *km = &a->cfg->keys;
	section(h, km, KEYS_COMMON, "Everywhere");
	section(h, km, KEYS_TRANSCRIPT, "Transcript");
	section(h, km, KEYS_LIST, "Episode list");
	section(h, km, KEYS_GLOSSARY, "Glossary");
	section(h, km, KEYS_HELP, "This help");
	/* The vocabulary book (book.h, wordsel.h, prompt.h). */
	section(h, km, KEYS_BOOK, "Vocabulary book");
	section(h, km, KEYS_SELECT, "Choosing words (w)");
	section(h, km, KEYS_PROMPT, "Prompts");
	add(h, OVERLAY_BOLD, xstrdup("Prompts (gloss, note, filter, export)"));
	add(h, 0, xstrdup("  typing and pasting insert; Enter answers, "
			  "Escape cancels"));
	add(h, 0, xstrdup("  Left/Right, Home/End (C-a/C-e) move the cursor"));
	add(h, 0, xstrdup("  Backspace/Delete delete a character, C-w the "
			  "word before"));
	add(h, 0, xstrdup("  C-u deletes to the start, C-k to the end"));
	add(h, 0, xstrdup(""));
	add(h, OVERLAY_BOLD, xstrdup("Mouse"));
	add(h, 0, xstrdup("  click a sentence to make it current (it plays "
			  "from there when playing); the wheel scrolls"));
	app_overlay_push(a, &help_overlay, h);
}
