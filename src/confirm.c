/* confirm: a yes/no question over the panes. */
#include "buildspeak/confirm.h"

#include <stdlib.h>

#include "buildspeak/alloc.h"
#include "buildspeak/app.h"
#include "buildspeak/library.h"
#include "buildspeak/store.h"

struct confirm {
	char *question;         /* raw, owned */
	confirm_done_fn *done;
	long long data;         /* the asker's, given back to done */
};

struct confirm_arg {
	const char *question;
	confirm_done_fn *done;
	long long data;
};

static int confirm_init(struct mode_entry *me, void *arg)
{
	const struct confirm_arg *ca = arg;
	struct confirm *c = xcalloc(1, sizeof *c);
	c->question = xstrdup(ca->question);
	c->done = ca->done;
	c->data = ca->data;
	me->data = c;
	return 0;
}

static void confirm_free(struct mode_entry *me)
{
	struct confirm *c = me->data;
	free(c->question);
	free(c);
}

static const char *confirm_title(struct mode_entry *me)
{
	(void)me;
	return "Are you sure?";
}

static size_t confirm_count(struct mode_entry *me)
{
	(void)me;
	return 1;
}

static void confirm_line(struct mode_entry *me, size_t i,
			 struct overlay_line *out)
{
	(void)i;
	out->text = ((struct confirm *)me->data)->question;
	out->attr = OVERLAY_BOLD;
}

static const char *confirm_footer(struct mode_entry *me)
{
	(void)me;
	return "y yes · n no";
}

/* Closes the question, then answers: done may open another mode. */
static void confirm_answer(struct app *a, struct mode_entry *me, bool yes)
{
	struct confirm *c = me->data;
	confirm_done_fn *done = c->done;
	long long data = c->data;
	app_mode_pop(a);
	done(a, yes, data);
}

static void confirm_cmd_yes(struct app *a, struct mode_entry *me)
{
	confirm_answer(a, me, true);
}

static void confirm_cmd_no(struct app *a, struct mode_entry *me)
{
	confirm_answer(a, me, false);
}

/* Any other key is a no: a question about deleting should not linger
 * under keys meant for the list. */
static bool confirm_key(struct mode_entry *me, int key)
{
	(void)key;
	confirm_answer(me->app, me, false);
	return true;
}

static void confirm_activate(struct mode_entry *me)
{
	confirm_answer(me->app, me, true);
}

/* ---- removing an episode: the question this mode was made for ---------- */

static void confirm_remove_done(struct app *a, bool yes, long long id)
{
	struct store *st = app_store(a);
	if (!yes) {
		app_message(a, false, "kept episode %lld", id);
		return;
	}
	if (!st)
		return;
	if (library_remove_episode(st, id) != 0) {
		app_message(a, false, "cannot remove episode %lld: %s", id,
			    store_error(st));
		return;
	}
	app_episode_removed(a, id);
	app_message(a, false, "removed episode %lld (its saved words keep "
		    "their sentences)", id);
}

static void confirm_cmd_remove_episode(struct app *a, struct mode_entry *me)
{
	(void)me; /* from the list: no question is open yet */
	struct episode_summary *e = app_list_selected(a, "removing");
	if (!e)
		return;
	char *q = xasprintf("Remove episode %lld \u201c%s\u201d from the "
			    "library? Saved words keep their sentences.",
			    e->id, e->title);
	confirm_open(a, q, confirm_remove_done, e->id);
	free(q);
}

static const struct mode_command confirm_commands[] = {
	{"remove-episode", confirm_cmd_remove_episode,
	 "Remove the selected episode from the library (asks first)",
	 MODE_CMD_ANYWHERE},
	{"confirm-yes", confirm_cmd_yes, "Yes: do it", 0},
	{"confirm-no", confirm_cmd_no, "No: leave it as it is", 0},
};

const struct mode confirm_mode = {
	.name = "confirm",
	.heading = "A question (y/n)",
	.selectable = false,
	.commands = confirm_commands,
	.n_commands = sizeof confirm_commands / sizeof confirm_commands[0],
	.init = confirm_init,
	.free = confirm_free,
	.title = confirm_title,
	.count = confirm_count,
	.line = confirm_line,
	.footer = confirm_footer,
	.activate = confirm_activate,
	.key = confirm_key,
};

int confirm_open(struct app *a, const char *question, confirm_done_fn *done,
		 long long data)
{
	struct confirm_arg ca = {question, done, data};
	return app_mode_push(a, &confirm_mode, &ca) ? 0 : -1;
}
