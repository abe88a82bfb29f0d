/* subtitle: an episode written out as WebVTT or SRT, and saved atomically.
 *
 * WebVTT: "WEBVTT", a blank line, then per cue its timing line
 * "HH:MM:SS.mmm --> HH:MM:SS.mmm" and its text, a blank line after each.
 * Text is escaped as the cue text syntax requires ('&' as &amp;, '<' as
 * &lt;, and '>' as &gt; so that "-->" cannot occur in a cue). SRT: the cue
 * number, "HH:MM:SS,mmm --> HH:MM:SS,mmm", the text, a blank line; SRT has
 * no escapes, so "-->" in text (which readers would take for a time line)
 * is written "->". In both, text never holds a blank line: a line end in a
 * segment's text (none comes from the importers) is written as a space.
 * WebVTT also requires each cue to end after it starts, so a segment of
 * no length is written ending 1 ms after its start. */
#include "buildspeak/subtitle.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buildspeak/alloc.h"
#include "buildspeak/path.h"

struct subtitle_out {
	char *s;
	size_t len, cap;
};

static void subtitle_out(struct subtitle_out *o, const char *s, size_t n)
{
	o->s = xgrowarray(o->s, &o->cap, o->len + n + 1, 1);
	memcpy(o->s + o->len, s, n);
	o->len += n;
	o->s[o->len] = '\0';
}

static void subtitle_outs(struct subtitle_out *o, const char *s)
{
	subtitle_out(o, s, strlen(s));
}

/* Seconds to whole milliseconds, as stored by the importers. */
static long long subtitle_ms(double seconds)
{
	if (!(seconds > 0))
		return 0;
	/* nearest millisecond (no libm for one rounding) */
	return (long long)(seconds * 1000.0 + 0.5);
}

static void subtitle_out_time(struct subtitle_out *o, long long ms, char sep)
{
	char buf[48];
	int n = snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld%c%03lld",
			 ms / 3600000, ms / 60000 % 60, ms / 1000 % 60, sep,
			 ms % 1000);
	subtitle_out(o, buf, (size_t)n);
}

/* One line of cue text, escaped for the format. */
static void subtitle_out_text(struct subtitle_out *o, const char *s,
			      enum subtitle_format f)
{
	size_t run = 0, i;
	for (i = 0; s[i]; i++) {
		const char *rep = NULL;
		size_t skip = 1;
		char c = s[i];
		if (c == '\n' || c == '\r')
			rep = " ";
		else if (f == SUBTITLE_VTT && c == '&')
			rep = "&amp;";
		else if (f == SUBTITLE_VTT && c == '<')
			rep = "&lt;";
		else if (f == SUBTITLE_VTT && c == '>')
			rep = "&gt;";
		else if (f == SUBTITLE_SRT && strncmp(s + i, "-->", 3) == 0) {
			rep = "->";
			skip = 3;
		}
		if (!rep)
			continue;
		subtitle_out(o, s + run, i - run);
		subtitle_outs(o, rep);
		i += skip - 1;
		run = i + 1;
	}
	subtitle_out(o, s + run, i - run);
	subtitle_out(o, "\n", 1);
}

/* Whether the episode has more than one speaker. */
static bool subtitle_many_speakers(const struct episode *ep)
{
	for (size_t i = 1; i < ep->n_segments; i++)
		if (ep->segments[i].speaker != ep->segments[0].speaker)
			return true;
	return false;
}

char *subtitle_write(const struct episode *ep, enum subtitle_format format,
		     enum subtitle_lang lang, size_t *len, size_t *n_cues)
{
	struct subtitle_out o = { 0 };
	bool vtt = format == SUBTITLE_VTT;
	bool voices = vtt && subtitle_many_speakers(ep);
	size_t cues = 0, guess = 16;
	/* One allocation for the usual case: the text plus each cue's number,
	 * timing line, voice and line ends (escapes may still grow it). */
	for (size_t i = 0; i < ep->n_segments; i++)
		guess += 80 + (ep->segments[i].en ? strlen(ep->segments[i].en) : 0) +
			 (ep->segments[i].zh ? strlen(ep->segments[i].zh) : 0);
	o.s = xgrowarray(o.s, &o.cap, guess, 1);
	subtitle_out(&o, "", 0);
	if (vtt)
		subtitle_outs(&o, "WEBVTT\n\n");
	for (size_t i = 0; i < ep->n_segments; i++) {
		const struct segment *s = &ep->segments[i];
		const char *en = lang != SUBTITLE_LANG_ZH && s->en ? s->en : "";
		const char *zh = lang != SUBTITLE_LANG_EN && s->zh ? s->zh : "";
		if (!en[0] && !zh[0])
			continue;
		cues++;
		char num[32];
		if (!vtt) {
			snprintf(num, sizeof num, "%zu\n", cues);
			subtitle_outs(&o, num);
		}
		long long a = subtitle_ms(s->start), b = subtitle_ms(s->end);
		/* WebVTT requires an end after the start: a segment of no
		 * length (a page's times are whole seconds) ends 1 ms after
		 * it starts. SRT has no such rule and keeps it. */
		if (b < a || (vtt && b == a))
			b = a + vtt;
		subtitle_out_time(&o, a, vtt ? '.' : ',');
		subtitle_outs(&o, " --> ");
		subtitle_out_time(&o, b, vtt ? '.' : ',');
		subtitle_out(&o, "\n", 1);
		if (voices) {
			snprintf(num, sizeof num, "<v Speaker %d>", s->speaker);
			subtitle_outs(&o, num);
		}
		if (en[0])
			subtitle_out_text(&o, en, format);
		if (zh[0])
			subtitle_out_text(&o, zh, format);
		subtitle_out(&o, "\n", 1);
	}
	if (len)
		*len = o.len;
	if (n_cues)
		*n_cues = cues;
	return o.s;
}

/* Writes all of buf to fd; returns 0 or an errno. */
static int subtitle_write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t w = write(fd, buf, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return errno;
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

/* The text path_replace writes. */
struct subtitle_bytes {
	const char *buf;
	size_t len;
};

static int subtitle_write_bytes(FILE *f, void *ctx, char *err,
				size_t errsize)
{
	(void)err;
	(void)errsize;
	const struct subtitle_bytes *b = ctx;
	return fwrite(b->buf, 1, b->len, f) == b->len ? 0
						      : (errno ? errno : EIO);
}

int subtitle_save(const char *path, const char *buf, size_t len, char *err,
		  size_t errsize)
{
	int e;
	if (!path || strcmp(path, "-") == 0) {
		fflush(stdout);
		e = subtitle_write_all(STDOUT_FILENO, buf, len);
		if (e)
			snprintf(err, errsize, "cannot write to standard "
				 "output: %s", strerror(e));
		return e ? -1 : 0;
	}
	if (!*path) {
		snprintf(err, errsize, "no file name to write to");
		return -1;
	}
	/* A write-protected file is not replaced behind the user's back
	 * (the rename needs only the folder's permission), as the shell's
	 * redirection would not; judged by its mode too, so root as well. */
	struct stat sb;
	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (access(path, W_OK) != 0 || !(sb.st_mode & 0222))) {
		snprintf(err, errsize, "cannot write %s: %s", path,
			 strerror(EACCES));
		return -1;
	}
	struct subtitle_bytes bytes = { buf, len };
	return path_replace(path, subtitle_write_bytes, &bytes, err, errsize);
}
