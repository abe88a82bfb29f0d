/* clip: sentences cut out of an episode's audio as small mp3 files (for
 * flash cards), with FFmpeg's libavformat, libavcodec and libswresample.
 *
 * The source is decoded once, from its start to the end of the last clip,
 * and every clip is encoded from that one stream, so many clips cost about
 * one decode of the audio plus the encoding of what they hold; positions
 * are counted in decoded samples, never taken from a seek, so they are
 * exact in any container (a VBR mp3 without an index too).
 *
 * The clips are mono mp3 (libmp3lame) at 64 kbit/s, at the source's sample
 * rate when mp3 has it (else 44.1 kHz), written bit-exact (no encoder
 * version in the file), so the same source and times make the same bytes.
 *
 * Like libmpv in player.c, FFmpeg is not linked: its libraries pull in
 * ~130 others, which every `buildspeak list` would load. They are opened
 * with dlopen() by the first clip_cut(); only their headers are used at
 * build time. */
#ifndef BUILDSPEAK_CLIP_H
#define BUILDSPEAK_CLIP_H

#include <stdbool.h>
#include <stddef.h>

/* One clip to cut. */
struct clip_job {
	double start;     /* seconds into the source, >= 0 */
	double end;       /* seconds into the source, > start */
	const char *path; /* the mp3 file to write (replaced); borrowed */
	bool done;        /* out: the file was written */
	double seconds;   /* out: its length; shorter than end - start when
			     the source ends first */
};

/* Told after each clip is written, and now and then while decoding towards
 * the next one: done of total clips are written. A non-zero return
 * cancels the cut. */
typedef int (*clip_progress_fn)(void *ctx, size_t done, size_t total);

enum {
	CLIP_OK = 0,
	CLIP_ERROR = -1,
	CLIP_CANCELLED = 1,
};

/* Cuts the n jobs out of the audio file src (any format FFmpeg reads).
 * Jobs may come in any order and overlap. A job that starts at or after
 * the end of the source is not written (done stays false) and is no
 * error. progress may be NULL. Returns CLIP_OK; CLIP_CANCELLED when
 * progress asked to stop; CLIP_ERROR with a message in err (errsize
 * bytes) when FFmpeg cannot be loaded, src cannot be read or decoded, or
 * a clip cannot be written. On CLIP_CANCELLED and CLIP_ERROR every file
 * this call wrote is removed. */
int clip_cut(const char *src, struct clip_job *jobs, size_t n,
	     clip_progress_fn progress, void *ctx, char *err, size_t errsize);

#endif
