/* command: the core's table of user actions, and the one id space it
 * shares with the modes' tables. Bindings live in data/keys.conf. */
#include "buildspeak/command.h"

#include <string.h>

#include "buildspeak/app.h"
#include "buildspeak/mode.h"

const struct command command_table[] = {
	{"quit", app_cmd_quit, "Quit (progress is saved)"},
	{"close", app_cmd_close, "Close the overlay, or clear the message"},
	{"redraw", app_cmd_redraw, "Redraw the screen"},
	{"focus-next", app_cmd_focus_next, "Focus the next pane"},
	{"focus-prev", app_cmd_focus_prev, "Focus the previous pane"},
	{"focus-list", app_cmd_focus_list, "Focus the episode list"},
	{"focus-transcript", app_cmd_focus_transcript, "Focus the transcript"},
	{"focus-glossary", app_cmd_focus_glossary, "Focus the glossary"},
	{"toggle-list", app_cmd_toggle_list, "Show or fold the episode list"},
	{"toggle-glossary", app_cmd_toggle_glossary,
	 "Show or fold the glossary"},
	{"next-sentence", app_cmd_next_sentence,
	 "Next sentence (the audio jumps with it)"},
	{"prev-sentence", app_cmd_prev_sentence,
	 "Previous sentence (the audio jumps with it)"},
	{"up", app_cmd_up, "Move up / scroll up in the focused pane"},
	{"down", app_cmd_down, "Move down / scroll down in the focused pane"},
	{"page-up", app_cmd_page_up, "One page up"},
	{"page-down", app_cmd_page_down, "One page down"},
	{"first", app_cmd_first, "First sentence / episode / term"},
	{"last", app_cmd_last, "Last sentence / episode / term"},
	{"activate", app_cmd_activate,
	 "Open the episode / go to the term's sentence / replay"},
	{"translation", app_cmd_translation,
	 "Cycle translation: both, English only, Chinese only"},
	{"follow", app_cmd_follow,
	 "Recentre on the current sentence and follow it again"},
	{"play-pause", app_cmd_play_pause, "Play or pause"},
	{"faster", app_cmd_faster, "Speed up by 0.1x (up to 2.0x)"},
	{"slower", app_cmd_slower, "Slow down by 0.1x (down to 0.5x)"},
	{"speed-reset", app_cmd_speed_reset, "Back to 1.0x"},
	{"replay", app_cmd_replay, "Play the current sentence from its start"},
	{"loop", app_cmd_loop, "Loop the current sentence (again: stop)"},
	{"auto-pause", app_cmd_autopause,
	 "Pause at the end of every sentence (for shadowing)"},
	{"seek-back", app_cmd_seek_back,
	 "Seek back a few seconds (set seek-seconds; default 5)"},
	{"seek-forward", app_cmd_seek_forward,
	 "Seek forward a few seconds (set seek-seconds; default 5)"},
	{"repeat", app_cmd_repeat,
	 "Play the sentence N times, then go on (set repeat-count; "
	 "again: stop)"},
	{"shadow", app_cmd_shadow,
	 "Shadowing: pause after each sentence for your turn "
	 "(set shadow-pause)"},
	{"reveal", app_cmd_reveal,
	 "Show the hidden translation of this sentence only (again: hide)"},
	{"toggle-finished", app_cmd_toggle_finished,
	 "Mark the selected episode finished (again: not)"},
};

const size_t command_count = sizeof command_table / sizeof command_table[0];

size_t command_total(void)
{
	size_t n = command_count;
	for (size_t m = 0; m < modes_count; m++)
		n += modes_registry[m]->n_commands;
	return n;
}

const struct mode_command *command_of_mode(int id, const struct mode **m)
{
	if (id < 0 || (size_t)id < command_count)
		return NULL;
	size_t k = (size_t)id - command_count;
	for (size_t i = 0; i < modes_count; i++) {
		const struct mode *md = modes_registry[i];
		if (k < md->n_commands) {
			if (m)
				*m = md;
			return &md->commands[k];
		}
		k -= md->n_commands;
	}
	return NULL;
}

const char *command_name(int id)
{
	if (id >= 0 && (size_t)id < command_count)
		return command_table[id].name;
	const struct mode_command *mc = command_of_mode(id, NULL);
	return mc ? mc->name : NULL;
}

const char *command_help(int id)
{
	if (id >= 0 && (size_t)id < command_count)
		return command_table[id].help;
	const struct mode_command *mc = command_of_mode(id, NULL);
	return mc ? mc->help : NULL;
}

int command_find(const char *name)
{
	for (size_t i = 0; i < command_count; i++)
		if (strcmp(command_table[i].name, name) == 0)
			return (int)i;
	size_t id = command_count;
	for (size_t m = 0; m < modes_count; m++) {
		const struct mode *md = modes_registry[m];
		for (size_t k = 0; k < md->n_commands; k++, id++)
			if (strcmp(md->commands[k].name, name) == 0)
				return (int)id;
	}
	return -1;
}
