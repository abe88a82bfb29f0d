/* modes: the registry -- the one file that names the concrete modes
 * (mode.h). Their order is the help screen's; each one's name is its key
 * context in data/keys.conf. Adding a mode is adding its file and a line
 * here. */
#include "buildspeak/mode.h"

#include "buildspeak/book.h"
#include "buildspeak/confirm.h"
#include "buildspeak/define.h"
#include "buildspeak/help.h"
#include "buildspeak/jumpto.h"
#include "buildspeak/prompt.h"
#include "buildspeak/search.h"
#include "buildspeak/wordsel.h"

const struct mode *const modes_registry[] = {
	&help_mode,
	&book_mode,
	&wordsel_mode,
	&define_mode,
	&prompt_mode,
	&jumpto_mode,
	&confirm_mode,
	&search_mode,
};

const size_t modes_count = sizeof modes_registry / sizeof modes_registry[0];

int mode_index(const struct mode *m)
{
	for (size_t i = 0; i < modes_count; i++)
		if (modes_registry[i] == m)
			return (int)i;
	return -1;
}
