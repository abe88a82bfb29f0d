/* help: the generated key reference. */
#include "buildspeak/help.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buildspeak/alloc.h"
#include "buildspeak/app.h"
#include "buildspeak/command.h"
#include "buildspeak/config.h"
#include "buildspeak/mode.h"

struct help_text {
	char *text;      /* owned */
	unsigned attr;   /* OVERLAY_* */
};

struct help {
	struct help_text *lines; /* owned, n of them */
	size_t n, cap;
	char *footer;            /* names the user's config file, owned */
};

/* Appends line (takes ownership). */
static void help_add(struct help *h, unsigned attr, char *line)
{
	h->lines = xgrowarray(h->lines, &h->cap, h->n + 1, sizeof h->lines[0]);
	h->lines[h->n++] = (struct help_text){line, attr};
}

/* One section: the commands bound in ctx's own map, each with all its
 * keys there, in table order. (The common map has its own section.) */
static void help_section(struct help *h, const struct keymap *km, int ctx,
			 const char *heading)
{
	bool any = false;
	size_t total = command_total();
	for (size_t c = 0; c < total; c++) {
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
			help_add(h, OVERLAY_BOLD, xstrdup(heading));
			any = true;
		}
		help_add(h, 0, xasprintf("  %-16s %-20s %s", keys,
				    command_name((int)c),
				    command_help((int)c)));
	}
	if (any)
		help_add(h, 0, xstrdup(""));
}

static const char *help_title(struct mode_entry *me)
{
	(void)me;
	return "Keys (Esc or ? closes; j/k scroll)";
}

static size_t help_count(struct mode_entry *me)
{
	return ((struct help *)me->data)->n;
}

static void help_line(struct mode_entry *me, size_t i,
		      struct overlay_line *out)
{
	struct help *h = me->data;
	out->text = h->lines[i].text;
	out->attr = h->lines[i].attr;
}

static const char *help_footer(struct mode_entry *me)
{
	return ((struct help *)me->data)->footer;
}

static void help_free(struct mode_entry *me)
{
	struct help *h = me->data;
	for (size_t i = 0; i < h->n; i++)
		free(h->lines[i].text);
	free(h->lines);
	free(h->footer);
	free(h);
}

static int help_init(struct mode_entry *me, void *arg)
{
	(void)arg;
	struct help *h = xcalloc(1, sizeof *h);
	const struct keymap *km = &app_config(me->app)->keys;
	help_section(h, km, KEYS_COMMON, "Everywhere");
	help_section(h, km, KEYS_TRANSCRIPT, "Transcript");
	help_section(h, km, KEYS_LIST, "Episode list");
	help_section(h, km, KEYS_GLOSSARY, "Glossary");
	/* Each mode's keys, then what it says besides. */
	for (size_t i = 0; i < modes_count; i++) {
		const struct mode *m = modes_registry[i];
		help_section(h, km, KEYS_N_CORE + (int)i, m->heading);
		if (!m->help_extra)
			continue;
		for (const char *const *l = m->help_extra; *l; l++)
			help_add(h, l == m->help_extra ? OVERLAY_BOLD : 0,
				 xstrdup(*l));
		help_add(h, 0, xstrdup(""));
	}
	help_add(h, OVERLAY_BOLD, xstrdup("Mouse"));
	help_add(h, 0, xstrdup("  click a sentence to make it current (it "
			       "plays from there when playing); the wheel "
			       "scrolls"));
	/* The file this reader reads, wherever XDG_CONFIG_HOME puts it. */
	char *path = config_user_path();
	h->footer = xasprintf("Rebind keys in %s (see keys.conf)",
			      path ? path : "$XDG_CONFIG_HOME/buildspeak/"
					    "config");
	free(path);
	me->data = h;
	return 0;
}

/* ? opens the help, and in the help closes it: one key does both. */
static void help_cmd_help(struct app *a, struct mode_entry *me)
{
	if (me)
		app_mode_pop(a);
	else
		app_mode_push(a, &help_mode, NULL);
}

static const struct mode_command help_commands[] = {
	{"help", help_cmd_help, "Show or hide this help", MODE_CMD_ANYWHERE},
};

const struct mode help_mode = {
	.name = "help",
	.heading = "This help",
	.selectable = false,
	.commands = help_commands,
	.n_commands = sizeof help_commands / sizeof help_commands[0],
	.init = help_init,
	.free = help_free,
	.title = help_title,
	.count = help_count,
	.line = help_line,
	.footer = help_footer,
};
