/* store: not written yet */
#include "buildspeak/alloc.h"
