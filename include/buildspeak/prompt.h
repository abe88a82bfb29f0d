/* prompt: a one-line question asked inside a mode -- "Gloss:", "Filter:",
 * "Export to:" -- with the line editor (lineedit.h).
 *
 * A prompt is a mode of its own (context "prompt", where every key the
 * user has not bound there goes to the editor first, so typing `q` or `d`
 * types them), pushed on top of the mode that asks (its owner, which must
 * have a draw hook); it draws its owner with the last row given over to
 * the question. Enter answers, Escape cancels. Like tmux's
 * status_prompt_set(..., inputcb, freecb, data), the prompt is given its
 * callbacks' data and, optionally, how to free it. */
#ifndef BUILDSPEAK_PROMPT_H
#define BUILDSPEAK_PROMPT_H

#include "buildspeak/mode.h"

struct app;

/* Called with the text after every edit (may be NULL). owner is the
 * entry that asked. */
typedef void prompt_changed_fn(struct mode_entry *owner, void *data,
			       const char *text);
/* Called once the prompt is closed: text is the answer (valid UTF-8, NFC,
 * borrowed for the call), or NULL when it was cancelled. The prompt is
 * already off the stack (owner is on top again), so done may close or
 * open modes. */
typedef void prompt_done_fn(struct mode_entry *owner, void *data,
			    const char *text);
/* Frees data, after done. */
typedef void prompt_free_fn(void *data);

extern const struct mode prompt_mode;

/* Opens a prompt labelled label ("Gloss") holding initial (NULL: empty),
 * the cursor at its end, over owner (which must be the top entry).
 * data goes to the callbacks; free_data (may be NULL) frees it once the
 * prompt is closed. Returns 0, or -1 when it cannot open (the stack is
 * full: the status line says so); data then stays the caller's. */
int prompt_open(struct mode_entry *owner, const char *label,
		const char *initial, prompt_changed_fn *changed,
		prompt_done_fn *done, prompt_free_fn *free_data, void *data);

/* Relabels the prompt on top (a no-op when the top mode is not a
 * prompt): a key bound in the prompt's context that changes what the
 * question means (the search's scope) says so where the user looks. */
void prompt_set_label(struct app *a, const char *label);

/* The text of the prompt on top, or NULL when the top mode is not a
 * prompt (for tests). */
const char *prompt_text(struct app *a);

#endif
