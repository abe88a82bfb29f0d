/* command: the table of every user action. Bindings live in data/keys.conf;
 * the help screen is generated from this table. */
#include "buildspeak/command.h"

#include <string.h>

#include "buildspeak/app.h"
#include "buildspeak/book.h"
#include "buildspeak/wordsel.h"

const struct command command_table[] = {
	{"quit", app_cmd_quit, "Quit (progress is saved)"},
	{"help", app_cmd_help, "Show or hide this help"},
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
	/* The vocabulary book (book.h, wordsel.h). */
	{"book", book_cmd_open, "Open or close the vocabulary book"},
	{"save-term", book_cmd_save_term,
	 "Save the selected glossary term in the book"},
	{"select-words", wordsel_cmd_open,
	 "Choose words of the current sentence to save"},
	{"select-prev-word", wordsel_cmd_prev, "Select the previous word"},
	{"select-next-word", wordsel_cmd_next, "Select the next word"},
	{"select-extend-left", wordsel_cmd_extend_left,
	 "Stretch the selection one word left"},
	{"select-extend-right", wordsel_cmd_extend_right,
	 "Stretch the selection one word right"},
	{"select-extend", wordsel_cmd_extend,
	 "Arrows stretch the selection (again: they move it)"},
	{"book-filter", book_cmd_filter,
	 "Filter the book as you type (English or Chinese)"},
	{"book-sort", book_cmd_sort, "Sort by date or alphabetically"},
	{"book-edit-gloss", book_cmd_edit_gloss, "Edit the entry's gloss"},
	{"book-edit-note", book_cmd_edit_note, "Edit the entry's note"},
	{"book-delete", book_cmd_delete, "Delete the entry"},
	{"book-undo", book_cmd_undo, "Undo the last delete"},
	{"book-export", book_cmd_export,
	 "Export the entries shown (CSV, Anki, Markdown, JSON)"},
	{"book-prev-context", book_cmd_prev_context,
	 "The entry's previous sentence"},
	{"book-next-context", book_cmd_next_context,
	 "The entry's next sentence"},
};

const size_t command_count = sizeof command_table / sizeof command_table[0];

int command_find(const char *name)
{
	for (size_t i = 0; i < command_count; i++)
		if (strcmp(command_table[i].name, name) == 0)
			return (int)i;
	return -1;
}
