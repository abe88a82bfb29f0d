/* app: the reader's state machine -- geometry, focus, the open episode,
 * the status message and the stack of open modes -- with no curses, no
 * libmpv and no clock read in it. Its state is private; each concern lives
 * in its own module, reached through accessors:
 *
 *   eplist      the episode list (selection, scroll, today/archive)
 *   transcript  the lazy layout, the scroll anchor, the current sentence
 *               and its glossary marks
 *   glosspane   the glossary pane's order, selection and scroll
 *   listen      the playback state machine, its clock and deadline, and
 *               the player-command queue
 *   saved       the terms saved in the vocabulary book (for the marks)
 *   modes       (mode.h) the stack of open modes and their lasting state
 *
 * Keys, mouse events, resizes and player events go in (app_key, app_mouse,
 * app_resize, app_player); what became dirty comes out as APP_DIRTY_* bits
 * (app_take_dirty), and what the player should do comes out as a queue of
 * player commands (app_next_pcmd) that the event loop applies. So the whole
 * reader is testable by feeding it keys and checking its state. */
#ifndef BUILDSPEAK_APP_H
#define BUILDSPEAK_APP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "buildspeak/config.h"
#include "buildspeak/episode.h"
#include "buildspeak/eplist.h"
#include "buildspeak/glossary.h"
#include "buildspeak/glosspane.h"
#include "buildspeak/keys.h"
#include "buildspeak/layout.h"
#include "buildspeak/listen.h"
#include "buildspeak/mode.h"
#include "buildspeak/player.h"
#include "buildspeak/store.h"
#include "buildspeak/text.h"
#include "buildspeak/transcript.h"

struct app;
struct saved;
struct hits;

/* What must be redrawn: bits of app_take_dirty(). */
enum {
	APP_DIRTY_LIST = 1u << 0,
	APP_DIRTY_TRANSCRIPT = 1u << 1,
	APP_DIRTY_GLOSSARY = 1u << 2,
	APP_DIRTY_STATUS = 1u << 3,
	APP_DIRTY_OVERLAY = 1u << 4,
	APP_DIRTY_LAYOUT = 1u << 5, /* pane geometry changed: rebuild all */
	/* Only which sentence is current changed in the transcript, which
	 * did not move: its rows and the previous one's (APP_DIRTY_TRANSCRIPT,
	 * when also set, covers it). */
	APP_DIRTY_CURRENT = 1u << 6,
	APP_DIRTY_ALL = (1u << 7) - 1,
};

enum app_focus { APP_FOCUS_LIST, APP_FOCUS_TRANSCRIPT, APP_FOCUS_GLOSSARY };

/* Mouse events, in screen cells. */
enum app_mouse_kind { APP_MOUSE_CLICK, APP_MOUSE_WHEEL_UP,
		      APP_MOUSE_WHEEL_DOWN };

#define APP_MAX_MODES 4  /* modes open at once */

/* A new app on the library st (may be NULL) with settings cfg (borrowed,
 * must outlive the app), for a cols x rows screen. Nothing is open. */
struct app *app_new(struct config *cfg, struct store *st, int cols, int rows);
/* Frees the app and what it owns. NULL is a no-op. */
void app_free(struct app *a);

/* Re-reads the episode list from the library. Returns 0 or -1 (the
 * message is on the status line). */
int app_load_list(struct app *a);
/* Re-reads the list (and follows it: the open episode's new audio, or
 * its removal) when another process has changed the library since it was
 * last read. Cheap when nothing changed (one PRAGMA): the loop calls it on
 * a timer. Returns whether it re-read. */
bool app_check_library(struct app *a);
/* Replaces the episode list (takes ownership of v). */
void app_set_list(struct app *a, struct episode_summary *v, size_t n);

/* Opens ep (takes ownership) with library id id at segment seg (clamped;
 * < 0 for the first) and position seconds (used when it falls in that
 * segment, else the segment's start). Paused. The previous episode's
 * progress is saved first. An ep from the library comes from
 * app_load_episode. */
void app_open(struct app *a, struct episode *ep, long long id, long seg,
	      double position);
/* Loads episode id from the library to be opened with app_open: lazily
 * (times and glossary now, text as it is shown) or whole. The list's
 * entry for it is read first, so that a replace by another process in
 * between is seen by the live-library check. NULL, with the reason on
 * the status line, when it cannot be read. */
struct episode *app_load_episode(struct app *a, long long id, bool whole);
/* Loads episode id from the library and opens it at its saved progress.
 * Returns 0, or -1 with the reason on the status line. */
int app_open_id(struct app *a, long long id);
/* Opens the most recently opened episode, if any; else focuses the list. */
void app_open_last(struct app *a);
/* A user's jump to sentence i of the open episode (clamped): it becomes
 * current, the view follows it and the audio goes with it (playing on
 * from it when playing). */
void app_jump(struct app *a, size_t i);
/* The list's selected episode when the list has the focus, else NULL with
 * the reason on the status line (what: the action, "removing"). Borrowed
 * until the list is reloaded. */
struct episode_summary *app_list_selected(struct app *a, const char *what);
/* Episode id has been removed from the library: closes it if it is open
 * and reloads the list. */
void app_episode_removed(struct app *a, long long id);
/* Saves the open episode's progress in the library (no-op without one).
 * Returns 0, or -1 with the reason on the status line. */
int app_save_progress(struct app *a);

/* The terminal is now cols x rows. */
void app_resize(struct app *a, int cols, int rows);
/* Changes whether ambiguous characters are wide (re-wraps). */
void app_set_ambiguous_wide(struct app *a, bool wide);

/* Handles one key (keys.h code): the top mode's binding (and its key hook),
 * else the focused pane's, else the common one. */
void app_key(struct app *a, int key);
/* Runs command id cmd (command.h): a core command, or a mode's -- on its
 * mode's entry when that is on top, else only if it may run anywhere. */
void app_run(struct app *a, int cmd);
/* Runs the command named name; -1 if there is none. For tests and the
 * loop. */
int app_run_name(struct app *a, const char *name);
/* Handles a mouse event at screen cell (y, x). */
void app_mouse(struct app *a, enum app_mouse_kind kind, int y, int x);
/* Takes in the player's state after player_handle_events() reported the
 * changed bits; now is when (seconds on a monotonic clock, the one
 * app_next_deadline() answers in: the loop's CLOCK_MONOTONIC, any steady
 * count in tests). The app reads no clock itself. */
void app_player(struct app *a, const struct player_state *ps,
		unsigned changed, double now);
/* When the app next needs app_timer(), in seconds on app_player()'s clock:
 * the moment playback reaches the end of the sentence with auto-pause on,
 * from the last reported position, when it was reported and the speed.
 * -1 when nothing is due (paused, loading, seeking, auto-pause off or an
 * A-B loop on): the loop then sleeps with no timeout. */
double app_next_deadline(const struct app *a);
/* The loop's clock reads now: does what is due by then. At the auto-pause
 * deadline that is a pause and an exact seek to the sentence's end, so
 * the position shown, saved and resumed from is the end itself, not where
 * the audio stopped a moment later. A no-op before the deadline. */
void app_timer(struct app *a, double now);
/* A user's seek to t seconds (clamped to the episode): the sentence it
 * falls in becomes current and followed, the audio goes there (see
 * listen_seek). */
void app_seek(struct app *a, double t);
/* The player could not be created (msg says why): reading only. */
void app_player_failed(struct app *a, const char *msg);

/* A long task inside a command (the book's apkg export cutting audio)
 * calls app_busy() between steps: the loop's hook draws what changed now
 * (a progress message) and reads the keys typed meanwhile. Returns
 * non-zero when the user pressed Escape (cancel); other keys are dropped.
 * Without a hook (tests) it returns 0. */
typedef int app_busy_fn(void *ctx, struct app *a);
void app_set_busy(struct app *a, app_busy_fn *fn, void *ctx);
int app_busy(struct app *a);

/* Returns and clears the dirty bits. */
unsigned app_take_dirty(struct app *a);
/* Pops the next player command into *out; false when the queue is empty.
 * The caller frees out->path. */
bool app_next_pcmd(struct app *a, struct listen_pcmd *out);

/* Sets the status message (printf-style; sanitised). Sticky messages stay
 * through the next key press. */
void app_message(struct app *a, bool sticky, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The key context in effect: the top mode's, else the focused pane's. */
int app_context(const struct app *a);

/* ---- state, for the view, the modes and the tests ------------------------ */

struct config *app_config(const struct app *a);     /* borrowed */
struct store *app_store(const struct app *a);       /* NULL in tests */
const struct text_metrics *app_metrics(const struct app *a);
int app_cols(const struct app *a);                  /* screen size */
int app_rows(const struct app *a);
const struct layout *app_layout(const struct app *a);
enum app_focus app_focus(const struct app *a);
bool app_quitting(const struct app *a);             /* quit was run */
/* Whether the terminal must be repainted from scratch (the redraw
 * command, SIGCONT); clears the request. */
bool app_take_clear_screen(struct app *a);
/* The status message (sanitised), or NULL. */
const char *app_message_text(const struct app *a);
/* The loop has a working player (false, the start: reading only, as
 * --no-audio asks). */
void app_set_player_ok(struct app *a, bool ok);

/* The open episode (NULL when none), its library id (0 in tests) and its
 * sanitised one-line title. Modes read it; only the app changes it. */
const struct episode *app_episode(const struct app *a);
long long app_episode_id(const struct app *a);
const char *app_episode_title(const struct app *a);
/* The current sentence (0 without an episode), and the glossary terms
 * marked in its sanitised English (lang 0) or Chinese (lang 1). */
size_t app_current(const struct app *a);
size_t app_current_spans(const struct app *a, int lang,
			 const struct term_span **spans);

/* The parts: the transcript's layout (drawing lays out lazily, hence not
 * const), the episode list, the glossary pane, listening. */
struct transcript *app_transcript(struct app *a);
const struct eplist *app_list(const struct app *a);
const struct glosspane *app_glossary(const struct app *a);
const struct listen *app_listen(const struct app *a);
/* The glossary pane's selected term (an index into the episode's terms),
 * or -1 when there is none. */
long app_glossary_term(const struct app *a);

/* ---- the transcript's lazy layout (used by the view) ------------------- */

/* Segment i laid out at the current width (wrapping it now if needed);
 * loads its text, and its neighbours', first if need be. */
const struct transcript_seg *app_seg(struct app *a, size_t i);
/* Makes sure segments [from, to) of the open episode have their text: an
 * episode opened from the library (app_open_id) loads it lazily, a window
 * at a time, so the first frame waits only for what it shows. Call before
 * reading a->ep->segments[i].en or .zh of a segment not laid out through
 * app_seg (e.g. a search over the whole episode). When the library fails,
 * the text becomes "" and the status line says why. */
void app_load_text(struct app *a, size_t from, size_t to);
/* Rows segment i takes in the transcript: header, text, blank line. */
size_t app_seg_height(struct app *a, size_t i);
/* Rows of the transcript body (pane height minus its title row). */
int app_transcript_rows(const struct app *a);
/* The segment and line shown on body row `row` of the transcript; false
 * below the end. */
bool app_transcript_at(struct app *a, int row, size_t *seg, size_t *line);
/* Where sentence i ends, in seconds: its end, or the next one's start when
 * its end is not after its start. */
double app_seg_end(const struct app *a, size_t i);
/* Row (from the list body's top) where episode i's two rows start, under
 * the "today" and "archive" group headers. */
size_t app_list_row(const struct app *a, size_t i);
/* Makes sure list entries [from, to) (clamped) are whole: the reader
 * reads only the list's ids and dates at first (a long list costs little
 * until it is shown), and the rest of each entry when something shows or
 * uses it. Call before reading an eplist_get entry's other fields. On a
 * library failure the entries hold empty strings and the status line
 * says why. */
void app_list_fill(struct app *a, size_t from, size_t to);
/* Whether the episode has audio the reader may try to play. */
bool app_has_audio(const struct app *a);

/* ---- modes (mode.h) ------------------------------------------------------ */

/* Opens mode m on top, its init given arg. Returns the new entry, or NULL
 * when the stack is full (the status line says so) or init refused: arg
 * then stays the caller's. */
struct mode_entry *app_mode_push(struct app *a, const struct mode *m,
				 void *arg);
/* Closes the top mode. */
void app_mode_pop(struct app *a);
/* Closes me and every mode above it. */
void app_mode_close(struct app *a, struct mode_entry *me);
/* Closes every mode. */
void app_mode_close_all(struct app *a);
/* The top entry, or NULL. */
struct mode_entry *app_mode_top(struct app *a);
/* The topmost open entry of mode m, or NULL. */
struct mode_entry *app_mode_find(struct app *a, const struct mode *m);
/* How many modes are open. */
size_t app_mode_depth(const struct app *a);
/* Mode m's state that outlives its openings (made on first use by
 * m->state_new); NULL for a mode without one. */
void *app_mode_state(struct app *a, const struct mode *m);
/* Rows available for a mode's lines (its box minus frame and footer). */
int app_overlay_rows(const struct app *a);
/* Marks the open mode's box for redrawing. */
void app_mode_dirty(struct app *a);

/* ---- saved terms (the vocabulary book's, for the marks) ----------------- */

/* Re-reads the saved terms from the library: after the book changed, or
 * when it is opened (another reader may have saved some). */
void app_saved_reload(struct app *a);
/* app_saved_reload only when another process has committed to the library
 * since the terms were read (this one's own saves reload them at once). */
void app_saved_refresh(struct app *a);
/* The saved terms as the model has them. */
struct saved *app_saved(struct app *a);
/* The last search's hits in an episode (hits.h): set by the search mode,
 * drawn by the view. */
struct hits *app_hits(struct app *a);
/* The hits changed (set or cleared): their marks and count are redrawn. */
void app_hits_changed(struct app *a);

/* ---- command handlers (the table is in command.c) ----------------------- */

void app_cmd_quit(struct app *a);
void app_cmd_close(struct app *a);
void app_cmd_redraw(struct app *a);
void app_cmd_focus_next(struct app *a);
void app_cmd_focus_prev(struct app *a);
void app_cmd_focus_list(struct app *a);
void app_cmd_focus_transcript(struct app *a);
void app_cmd_focus_glossary(struct app *a);
void app_cmd_toggle_list(struct app *a);
void app_cmd_toggle_glossary(struct app *a);
void app_cmd_next_sentence(struct app *a);
void app_cmd_prev_sentence(struct app *a);
void app_cmd_up(struct app *a);
void app_cmd_down(struct app *a);
void app_cmd_page_up(struct app *a);
void app_cmd_page_down(struct app *a);
void app_cmd_first(struct app *a);
void app_cmd_last(struct app *a);
void app_cmd_activate(struct app *a);
void app_cmd_translation(struct app *a);
void app_cmd_follow(struct app *a);
void app_cmd_play_pause(struct app *a);
void app_cmd_faster(struct app *a);
void app_cmd_slower(struct app *a);
void app_cmd_speed_reset(struct app *a);
void app_cmd_replay(struct app *a);
void app_cmd_loop(struct app *a);
void app_cmd_autopause(struct app *a);
void app_cmd_seek_back(struct app *a);
void app_cmd_seek_forward(struct app *a);
void app_cmd_repeat(struct app *a);
void app_cmd_shadow(struct app *a);
void app_cmd_reveal(struct app *a);
void app_cmd_toggle_finished(struct app *a);

#endif
