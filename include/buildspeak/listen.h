/* listen: the reader's listening state machine -- whether the user wants
 * playback, where it is, speed, the A-B loop of a sentence, auto-pause at
 * each sentence end with its deadline on the playback clock, and the
 * queue of commands for the player that the event loop applies.
 *
 * No libmpv and no clock read here: the player's reports come in
 * (listen_player) with the time they were read on the loop's monotonic
 * clock, and commands go out (listen_next_pcmd). What it has to tell the
 * user goes to the say callback (the app's status line). */
#ifndef BUILDSPEAK_LISTEN_H
#define BUILDSPEAK_LISTEN_H

#include <stdbool.h>
#include <stddef.h>

#include "buildspeak/episode.h"
#include "buildspeak/player.h"

struct listen;

#define LISTEN_SPEED_MIN 5   /* tenths: 0.5x */
#define LISTEN_SPEED_MAX 20  /* tenths: 2.0x */

/* A command for the player, applied by the loop. */
enum listen_pcmd_type {
	LISTEN_PCMD_LOAD,     /* load path at a (seconds), paused if b != 0 */
	LISTEN_PCMD_PLAY,
	LISTEN_PCMD_PAUSE,
	LISTEN_PCMD_SEEK,     /* to a seconds */
	LISTEN_PCMD_SPEED,    /* factor a */
	LISTEN_PCMD_LOOP,     /* A-B loop from a to b seconds */
	LISTEN_PCMD_LOOP_OFF,
	LISTEN_PCMD_STOP,     /* unload (another episode was opened) */
};

struct listen_pcmd {
	enum listen_pcmd_type type;
	double a, b;  /* arguments, as above */
	char *path;   /* LOAD only: owned by the receiver of listen_next_pcmd */
};

/* Tells the user msg (sticky: it stays through the next key press). */
typedef void listen_say_fn(void *ctx, bool sticky, const char *msg);

struct listen *listen_new(listen_say_fn *say, void *ctx);
/* Frees l and the commands still queued. NULL is a no-op. */
void listen_free(struct listen *l);

/* Pops the next player command into *out; false when the queue is empty.
 * The caller frees out->path. */
bool listen_next_pcmd(struct listen *l, struct listen_pcmd *out);

/* Whether the loop has a working player (false, the start: reading only,
 * as --no-audio asks; listen_player_failed() says another reason). */
void listen_set_player_ok(struct listen *l, bool ok);
bool listen_has_player(const struct listen *l);
/* The player could not be created (msg says why): reading only. */
void listen_player_failed(struct listen *l, const char *msg);

/* Listens to ep (borrowed; NULL: none), library id id (0: none, in
 * messages "ID"), from sentence cur at position seconds (used when it
 * falls in that sentence, else its start), paused. The previous episode's
 * playback stops; a repeat or a shadowing turn ends. */
void listen_open(struct listen *l, const struct episode *ep, long long id,
		 size_t cur, double position);
/* Whether the episode has audio the reader may try to play. */
bool listen_has_audio(const struct listen *l);

/* A user's jump to sentence i: the audio goes with it. */
void listen_jump(struct listen *l, size_t i);
/* A user's seek to t seconds (clamped to the episode): the audio goes
 * there, playing on if it was playing; an A-B loop moves to the sentence
 * t falls in, a repeat of another sentence ends, a shadowing turn ends
 * with playback going on. Returns that sentence, to make current, or -1
 * without an episode. */
long listen_seek(struct listen *l, double t);
/* Space: play or pause; cur is the current sentence (for its loop). */
void listen_play_pause(struct listen *l, size_t cur);
/* Plays sentence cur from its start (the caller jumped there). */
void listen_replay(struct listen *l, size_t cur);
/* Speed by delta tenths (0: back to 1.0x). */
void listen_speed_step(struct listen *l, int delta);
/* The A-B loop of sentence cur on / off. */
void listen_toggle_loop(struct listen *l, size_t cur);
/* Auto-pause at each sentence end on / off. */
void listen_toggle_autopause(struct listen *l);
/* Shadowing: after each sentence, pause for factor times its length (in
 * the episode's seconds, whatever the speed) -- the learner's turn to say
 * it aloud -- then play on by itself. 0 turns it off. Auto-pause, when
 * on, stops there instead (until Space); an A-B loop holds both off. */
void listen_set_shadow(struct listen *l, double factor);
/* Plays sentence cur times times from its start (a shadowing turn after
 * each when shadowing), then goes on; the same on the sentence being
 * repeated stops the repeat. Starts playback if paused. */
void listen_repeat_start(struct listen *l, size_t cur, int times);

/* Takes in the player's state (changed: PLAYER_CHANGED_* bits) read at
 * now. Returns the sentence playback has moved into, to make current, or
 * -1. */
long listen_player(struct listen *l, const struct player_state *ps,
		   unsigned changed, double now, size_t cur);
/* When listen_timer is next due, on listen_player's clock; -1 for never
 * (see app_next_deadline). */
double listen_next_deadline(const struct listen *l);
/* Does what is due by now: at a sentence's end, the auto-pause, the next
 * play of a repeat, the start of a shadowing turn; at a turn's end, play
 * on. Returns whether it did something. */
bool listen_timer(struct listen *l, double now);

/* For the status line and for saving the place. */
bool listen_playing(const struct listen *l);     /* the user wants play */
int listen_speed(const struct listen *l);        /* tenths */
bool listen_looping(const struct listen *l);
bool listen_autopause(const struct listen *l);
bool listen_autopaused(const struct listen *l);  /* paused by auto-pause */
double listen_shadow(const struct listen *l);    /* factor; 0: off */
bool listen_shadow_waiting(const struct listen *l); /* in a turn */
/* Which play of a repeat is on (1-based; 0: no repeat), of *total. */
int listen_repeat(const struct listen *l, int *total);
/* Seconds: where playback is (the player's last report while it has the
 * file), or would start. */
double listen_position(const struct listen *l);
/* Seconds: where the state machine holds playback to be -- the reports
 * move it, a jump or an auto-pause puts it on a sentence's edge. */
double listen_target(const struct listen *l);
/* The player's state as last reported. */
const struct player_state *listen_state(const struct listen *l);

/* Where sentence i of ep ends, in seconds: its end, or the next one's
 * start when its end is not after its start. */
double listen_seg_end(const struct episode *ep, size_t i);

#endif
