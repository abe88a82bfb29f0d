/* help: the `?` overlay -- every command with its keys and help text,
 * generated from command_table and the key maps, so it cannot disagree
 * with them. */
#ifndef BUILDSPEAK_HELP_H
#define BUILDSPEAK_HELP_H

#include "buildspeak/overlay.h"

struct app;

extern const struct overlay_ops help_overlay;

/* Opens the help overlay on a. */
void help_open(struct app *a);

#endif
