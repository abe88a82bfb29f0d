/* jumpto: the "jump to a time" mode. */
#include "buildspeak/jumpto.h"

#include <stdio.h>
#include <string.h>

#include "buildspeak/app.h"
#include "buildspeak/episode.h"
#include "buildspeak/listen.h"
#include "buildspeak/prompt.h"
#include "buildspeak/view.h"

static const char *jumpto_title(struct mode_entry *me)
{
	(void)me;
	return "Jump to a time";
}

static void jumpto_draw(struct mode_entry *me, struct canvas *c)
{
	struct app *a = me->app;
	const struct episode *ep = app_episode(a);
	char now[16], len[16], line[96];
	episode_format_time(listen_target(app_listen(a)), now, sizeof now);
	episode_format_time(ep ? ep->duration : 0, len, sizeof len);
	snprintf(line, sizeof line, "Now at %s of %s.", now, len);
	view_text_line(c, a, 1, 1, c->w - 2, line, 0);
	view_text_line(c, a, 2, 1, c->w - 2,
		       "Type 12:34, 1:02:03 or seconds (754), then Enter.",
		       VIEW_ATTR(OVERLAY_DIM, VIEW_C_DIM));
}

static void jumpto_ask(struct mode_entry *me, const char *initial);

/* The answer: a time in the episode goes there and closes the mode; a
 * mistake is said and asked again, with what was typed. */
static void jumpto_done(struct mode_entry *owner, void *data, const char *text)
{
	(void)data;
	struct app *a = owner->app;
	const struct episode *ep = app_episode(a);
	double t;
	char len[16];
	if (!text || !*text || !ep) {
		app_mode_close(a, owner);
		return;
	}
	episode_format_time(ep->duration, len, sizeof len);
	if (!episode_parse_time(text, &t)) {
		app_message(a, false, "not a time: \"%s\" (12:34, 1:02:03 or "
			    "seconds)", text);
		jumpto_ask(owner, text);
		return;
	}
	if (t > ep->duration) {
		app_message(a, false, "%s is past the episode's end (%s)",
			    text, len);
		jumpto_ask(owner, text);
		return;
	}
	app_mode_close(a, owner);
	app_seek(a, t);
}

static void jumpto_ask(struct mode_entry *me, const char *initial)
{
	if (prompt_open(me, "Time", initial, NULL, jumpto_done, NULL,
			NULL) != 0)
		app_mode_close(me->app, me);
}

static void jumpto_cmd_open(struct app *a, struct mode_entry *me)
{
	(void)me;
	if (!app_episode(a) || !app_episode(a)->n_segments)
		return;
	struct mode_entry *e = app_mode_push(a, &jumpto_mode, NULL);
	if (e)
		jumpto_ask(e, NULL);
}

static const struct mode_command jumpto_commands[] = {
	{"jump-to-time", jumpto_cmd_open,
	 "Jump to a time: asks for 12:34 or 1:02:03", MODE_CMD_ANYWHERE},
};

static const char *const jumpto_help[] = {
	"Jump to a time",
	"  the prompt takes 12:34, 1:02:03 or seconds (754); Enter goes there",
	NULL,
};

const struct mode jumpto_mode = {
	.name = "jump",
	.heading = "Jump to a time",
	.selectable = false,
	.commands = jumpto_commands,
	.n_commands = sizeof jumpto_commands / sizeof jumpto_commands[0],
	.help_extra = jumpto_help,
	.title = jumpto_title,
	.draw = jumpto_draw,
};
