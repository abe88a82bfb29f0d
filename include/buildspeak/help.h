/* help: the `?` mode -- every command with its keys and help text, one
 * section per key context (the core's, then each registered mode's),
 * generated from the command tables and the key maps, so it cannot
 * disagree with them. */
#ifndef BUILDSPEAK_HELP_H
#define BUILDSPEAK_HELP_H

#include "buildspeak/mode.h"

extern const struct mode help_mode;

#endif
