/* fuzz_subtitle: the WebVTT/SRT reader (subtitle_parse) on arbitrary
 * bytes, then what import does with a track: an episode in the language
 * its script suggests, the track paired with itself, and both written
 * back as WebVTT and SRT -- which the reader must read again. A refusal
 * must say something. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "buildspeak/episode.h"
#include "buildspeak/subtitle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Writes ep in format and reads it back; aborts if its own output is
 * refused. */
static void fuzz_round_trip(const struct episode *ep,
			    enum subtitle_format format)
{
	size_t len = 0, cues = 0;
	char *out = subtitle_write(ep, format, SUBTITLE_LANG_BOTH, &len, &cues);
	if (!out)
		abort();
	if (cues > 0) {
		struct subtitle_track *back = NULL;
		struct subtitle_error err = { -1, "" };
		if (subtitle_parse(out, len, &back, &err) != 0)
			abort();
		subtitle_track_free(back);
	}
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct subtitle_track *t = NULL;
	struct subtitle_error err = { -1, "" };
	if (subtitle_parse((const char *)data, size, &t, &err) != 0) {
		if (!err.msg[0])
			abort();
		return 0;
	}
	struct episode *ep = subtitle_episode(t, SUBTITLE_LANG_UNKNOWN);
	if (ep) {
		fuzz_round_trip(ep, SUBTITLE_VTT);
		fuzz_round_trip(ep, SUBTITLE_SRT);
		episode_free(ep);
	}
	ep = subtitle_pair(t, t);
	if (ep)
		episode_free(ep);
	subtitle_track_free(t);
	return 0;
}
