/* jumpto: "jump to a time" -- a small mode that asks for a time in the
 * episode (12:34, 1:02:03, or seconds) with the prompt's line editor and
 * moves playback there, as the seek commands do. */
#ifndef BUILDSPEAK_JUMPTO_H
#define BUILDSPEAK_JUMPTO_H

#include "buildspeak/mode.h"

extern const struct mode jumpto_mode;

#endif
