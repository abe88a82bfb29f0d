/* app: the reader's state machine -- the episode list, the open episode,
 * focus, the current sentence, scrolling, the translation mode, folded
 * panes, overlays, the status message and the listening state -- with no
 * curses and no libmpv in it.
 *
 * Keys, mouse events, resizes and player events go in (app_key, app_mouse,
 * app_resize, app_player); what became dirty comes out as APP_DIRTY_* bits
 * (app_take_dirty), and what the player should do comes out as a queue of
 * player commands (app_next_pcmd) that the event loop applies. So the whole
 * reader is testable by feeding it keys and checking its state.
 *
 * The transcript is laid out lazily: each segment is sanitised and wrapped
 * the first time it is shown at a width, and the view is anchored at a
 * (segment, line) pair, so moving around costs the same on a 10,000-segment
 * episode as on a short one. */
#ifndef BUILDSPEAK_APP_H
#define BUILDSPEAK_APP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "buildspeak/config.h"
#include "buildspeak/episode.h"
#include "buildspeak/glossary.h"
#include "buildspeak/keys.h"
#include "buildspeak/layout.h"
#include "buildspeak/player.h"
#include "buildspeak/store.h"
#include "buildspeak/text.h"

struct overlay_ops;
struct book;

/* What must be redrawn: bits of app_take_dirty(). */
enum {
	APP_DIRTY_LIST = 1u << 0,
	APP_DIRTY_TRANSCRIPT = 1u << 1,
	APP_DIRTY_GLOSSARY = 1u << 2,
	APP_DIRTY_STATUS = 1u << 3,
	APP_DIRTY_OVERLAY = 1u << 4,
	APP_DIRTY_LAYOUT = 1u << 5, /* pane geometry changed: rebuild all */
	APP_DIRTY_ALL = (1u << 6) - 1,
};

enum app_focus { APP_FOCUS_LIST, APP_FOCUS_TRANSCRIPT, APP_FOCUS_GLOSSARY };

/* What `t` cycles through. */
enum app_translation {
	APP_TR_BOTH,    /* English, then Chinese, as on the page */
	APP_TR_EN,      /* English only: listening practice */
	APP_TR_ZH,      /* Chinese only */
};

/* A command for the player, produced by the app, applied by the loop. */
enum app_pcmd_type {
	APP_PCMD_LOAD,     /* load path at a (seconds), paused if b != 0 */
	APP_PCMD_PLAY,
	APP_PCMD_PAUSE,
	APP_PCMD_SEEK,     /* to a seconds */
	APP_PCMD_SPEED,    /* factor a */
	APP_PCMD_LOOP,     /* A-B loop from a to b seconds */
	APP_PCMD_LOOP_OFF,
	APP_PCMD_STOP,     /* unload (another episode was opened) */
};

struct app_pcmd {
	enum app_pcmd_type type;
	double a, b;  /* arguments, as above */
	char *path;   /* LOAD only: owned by the receiver of app_next_pcmd */
};

/* Mouse events, in screen cells. */
enum app_mouse_kind { APP_MOUSE_CLICK, APP_MOUSE_WHEEL_UP,
		      APP_MOUSE_WHEEL_DOWN };

/* One segment as laid out for the transcript pane (lazily). */
struct app_seg_view {
	unsigned gen;           /* layout generation; 0 = not laid out */
	char *en, *zh;          /* sanitised text, owned (made once) */
	struct text_line *en_lines, *zh_lines; /* wrapped at the width, owned */
	size_t n_en, n_zh;
};

/* An overlay open on top of the panes (help, and later the vocabulary
 * book): its behaviour and its own state, plus the generic selection. */
struct app_overlay {
	const struct overlay_ops *ops;
	void *state;     /* owned by the overlay; freed by ops->free */
	size_t sel;      /* selected line (selectable overlays) */
	size_t top;      /* first visible line */
};

#define APP_MAX_OVERLAYS 4
#define APP_SPEED_MIN 5   /* tenths: 0.5x */
#define APP_SPEED_MAX 20  /* tenths: 2.0x */

struct app {
	struct config *cfg;        /* settings and key maps, borrowed */
	struct store *st;          /* the library, borrowed; NULL in tests */
	struct text_metrics metrics; /* from cfg: how wide ambiguous chars are */
	bool quit;                 /* set by the quit command */
	bool clear_screen;         /* the ui should repaint the terminal from
				      scratch (redraw command, SIGCONT) */
	unsigned dirty;            /* APP_DIRTY_* accumulated since taken */

	/* Screen geometry. */
	int cols, rows;            /* terminal size in cells */
	struct layout layout;      /* pane rectangles for that size */
	enum layout_fold fold_list, fold_glossary; /* the user's toggles */
	enum app_focus focus;

	/* The episode list. */
	struct episode_summary *episodes; /* owned, n_episodes of them */
	size_t n_episodes;
	size_t list_sel;           /* selected episode index */
	size_t list_top;           /* first visible row of the list */
	size_t n_today;            /* episodes[0..n_today) are dated today */
	char today[11];            /* "YYYY-MM-DD", local date at start-up */

	/* The open episode (NULL when none). */
	struct episode *ep;        /* owned */
	long long ep_id;           /* its library id; 0 in tests */
	char *ep_title;            /* sanitised one-line title, owned */
	size_t cur;                /* the current sentence (segment index) */
	enum app_translation tr;   /* what the transcript shows */
	struct app_seg_view *segv; /* n_segments views, owned */
	unsigned gen;              /* layout generation: bumped on width or
				      metrics change, so old views re-wrap */
	int wrap_cols;             /* width the text is wrapped to */
	size_t top_seg;            /* transcript view: first visible segment */
	size_t top_line;           /* ... and its first visible line */
	bool follow;               /* the view follows the current sentence;
				      false once the user scrolls away */
	struct term_span *cur_en_spans, *cur_zh_spans; /* glossary terms in
				      the current sentence (sanitised text) */
	struct matcher *gl_matcher; /* ep's terms, folded once in app_open;
				      owned */
	size_t n_cur_en_spans, n_cur_zh_spans;

	/* The glossary pane. */
	size_t *gl_order;          /* term indices, current sentence's first */
	size_t gl_marked;          /* gl_order[0..gl_marked) occur in it */
	size_t gl_sel, gl_top;     /* selected row and first visible row */

	/* Overlays, innermost last. */
	struct app_overlay overlays[APP_MAX_OVERLAYS];
	size_t n_overlays;

	/* The vocabulary book's state (book.h): saved-term marks, the last
	 * deleted entry, the book's order and filter. */
	struct book *book;         /* owned; NULL until first used */

	/* Status line message (errors, notices); cleared by the next key. */
	char *message;             /* owned, sanitised; NULL when none */
	bool message_sticky;       /* survives one key press (start-up) */

	/* Listening. */
	bool player_ok;            /* the loop has a working player */
	bool audio_missing;        /* the episode's audio file is not there */
	struct player_state ps;    /* the player's state as last reported */
	bool want_play;            /* the user asked to play (not paused) */
	double position;           /* seconds: where playback is or would
				      start; follows ps.position when loaded */
	int speed;                 /* tenths: 5 .. 20 (0.5x .. 2.0x) */
	bool loop;                 /* the current sentence loops (A-B) */
	bool autopause;            /* pause at the end of every sentence */
	double autopause_at;       /* seconds: the next auto-pause; < 0 none */
	double jump_floor;         /* seconds: start of the sentence last
				      jumped to; a position read a little
				      before it is taken as it (libmpv can
				      read early after a seek); < 0 none */
	bool autopaused;           /* paused by auto-pause, not yet resumed */
	/* The playback clock, for the auto-pause deadline (autopause,
	 * issue 4): playback was at clock_pos when the loop's monotonic clock
	 * read clock_at, and runs at ps.speed from there while playing. Set
	 * by app_player() from its now; never read from a clock here. */
	double clock_pos;          /* seconds of the episode */
	double clock_at;           /* seconds on the loop's monotonic clock */
	struct app_pcmd *pcmds;    /* the player command queue, owned */
	size_t n_pcmds, cap_pcmds; /* queued, allocated */
	size_t pcmd_head;          /* next to hand out */
};

/* A new app on the library st (may be NULL) with settings cfg (borrowed,
 * must outlive the app), for a cols x rows screen. Nothing is open. */
struct app *app_new(struct config *cfg, struct store *st, int cols, int rows);
/* Frees the app and what it owns. NULL is a no-op. */
void app_free(struct app *a);

/* Re-reads the episode list from the library. Returns 0 or -1 (the
 * message is on the status line). */
int app_load_list(struct app *a);
/* Replaces the episode list (takes ownership of v). */
void app_set_list(struct app *a, struct episode_summary *v, size_t n);

/* Opens ep (takes ownership) with library id id at segment seg (clamped;
 * < 0 for the first) and position seconds (used when it falls in that
 * segment, else the segment's start). Paused. The previous episode's
 * progress is saved first. */
void app_open(struct app *a, struct episode *ep, long long id, long seg,
	      double position);
/* Loads episode id from the library and opens it at its saved progress.
 * Returns 0, or -1 with the reason on the status line. */
int app_open_id(struct app *a, long long id);
/* Opens the most recently opened episode, if any; else focuses the list. */
void app_open_last(struct app *a);
/* Saves the open episode's progress in the library (no-op without one).
 * Returns 0, or -1 with the reason on the status line. */
int app_save_progress(struct app *a);

/* The terminal is now cols x rows. */
void app_resize(struct app *a, int cols, int rows);
/* Changes whether ambiguous characters are wide (re-wraps). */
void app_set_ambiguous_wide(struct app *a, bool wide);

/* Handles one key (keys.h code): the focused context's binding, else the
 * common one; an open overlay's context comes first. */
void app_key(struct app *a, int key);
/* Runs command_table[cmd]. */
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
/* The player could not be created (msg says why): reading only. */
void app_player_failed(struct app *a, const char *msg);

/* Returns and clears the dirty bits. */
unsigned app_take_dirty(struct app *a);
/* Pops the next player command into *out; false when the queue is empty.
 * The caller frees out->path. */
bool app_next_pcmd(struct app *a, struct app_pcmd *out);

/* Sets the status message (printf-style; sanitised). Sticky messages stay
 * through the next key press. */
void app_message(struct app *a, bool sticky, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The key context in effect: the top overlay's, else the focused pane's. */
enum keys_context app_context(const struct app *a);

/* ---- the transcript's lazy layout (used by the view) ------------------- */

/* Segment i laid out at the current width (wrapping it now if needed);
 * loads its text, and its neighbours', first if need be. */
const struct app_seg_view *app_seg(struct app *a, size_t i);
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
/* Whether the episode has audio the reader may try to play. */
bool app_has_audio(const struct app *a);

/* ---- overlays ---------------------------------------------------------- */

/* Opens an overlay on top (takes ownership of state). No-op when the stack
 * is full (the state is freed). */
void app_overlay_push(struct app *a, const struct overlay_ops *ops,
		      void *state);
/* Closes the top overlay. */
void app_overlay_pop(struct app *a);
/* The top overlay, or NULL. */
struct app_overlay *app_overlay_top(struct app *a);
/* Rows available for an overlay's lines (its box minus frame). */
int app_overlay_rows(const struct app *a);

/* ---- command handlers (the table is in command.c) ----------------------- */

void app_cmd_quit(struct app *a);
void app_cmd_close(struct app *a);
void app_cmd_help(struct app *a);
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

#endif
