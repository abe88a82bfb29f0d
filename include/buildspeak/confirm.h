/* confirm: a yes/no question in a small window over the panes ("Remove
 * episode 3?"), for actions that cannot be undone. y (or Enter) answers
 * yes, n or Escape no. */
#ifndef BUILDSPEAK_CONFIRM_H
#define BUILDSPEAK_CONFIRM_H

#include "buildspeak/mode.h"

struct app;

/* Called once with the answer, the question already closed. */
typedef void confirm_done_fn(struct app *a, bool yes, long long data);

extern const struct mode confirm_mode;

/* Asks question (raw text; the view sanitises it) on top of the stack;
 * done gets data back. Returns 0, or -1 when the stack is full (the status
 * line says so). */
int confirm_open(struct app *a, const char *question, confirm_done_fn *done,
		 long long data);

#endif
