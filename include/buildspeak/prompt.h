/* prompt: a one-line question asked inside an overlay -- "Gloss:",
 * "Filter:", "Export to:" -- with the line editor (lineedit.h).
 *
 * A prompt is an overlay of its own (context KEYS_PROMPT, where every key
 * the user has not bound there goes to the editor first, so typing `q` or
 * `d` types them), pushed on top of the overlay that asks; it draws that
 * overlay (which must have a draw hook) with its last row given over to
 * the question. Enter answers, Escape cancels. */
#ifndef BUILDSPEAK_PROMPT_H
#define BUILDSPEAK_PROMPT_H

#include "buildspeak/overlay.h"

struct app;

/* Called with the text after every edit (may be NULL). */
typedef void prompt_changed_fn(struct app *a, void *ctx, const char *text);
/* Called once the prompt is closed: text is the answer (valid UTF-8, NFC,
 * borrowed for the call), or NULL when it was cancelled. The prompt is
 * already off the stack, so done may close or open overlays. */
typedef void prompt_done_fn(struct app *a, void *ctx, const char *text);

extern const struct overlay_ops prompt_overlay;

/* Opens a prompt labelled label ("Gloss") holding initial (NULL: empty),
 * the cursor at its end. ctx (borrowed) is passed to the callbacks: it is
 * the state of the overlay below, which outlives the prompt. */
void prompt_open(struct app *a, const char *label, const char *initial,
		 prompt_changed_fn *changed, prompt_done_fn *done, void *ctx);

/* The text of the prompt on top, or NULL when the top overlay is not a
 * prompt (for tests). */
const char *prompt_text(struct app *a);

#endif
