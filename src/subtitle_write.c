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
	struct stat sb;
	bool exists = stat(path, &sb) == 0;
	if (exists && S_ISDIR(sb.st_mode)) {
		snprintf(err, errsize, "cannot write %s: it is a directory",
			 path);
		return -1;
	}
	if (exists && !S_ISREG(sb.st_mode)) {
		/* A device or a pipe cannot be replaced by a rename. */
		int fd = open(path, O_WRONLY | O_CLOEXEC);
		e = fd < 0 ? errno : subtitle_write_all(fd, buf, len);
		if (fd >= 0 && close(fd) != 0 && !e)
			e = errno;
		if (e)
			snprintf(err, errsize, "cannot write %s: %s", path,
				 strerror(e));
		return e ? -1 : 0;
	}
	/* A write-protected file is not replaced behind the user's back
	 * (the rename needs only the folder's permission), as the shell's
	 * redirection would not; judged by its mode too, so root as well. */
	if (exists && (access(path, W_OK) != 0 || !(sb.st_mode & 0222))) {
		snprintf(err, errsize, "cannot write %s: %s", path,
			 strerror(EACCES));
		return -1;
	}
	/* Replace the file a symbolic link points to, not the link. */
	char *target = exists ? realpath(path, NULL) : NULL;
	if (!target)
		target = xstrdup(path);
	const char *slash = strrchr(target, '/');
	char *tmp = slash ? xasprintf("%.*s/.%s.XXXXXX", (int)(slash - target),
				      target, slash + 1)
			  : xasprintf(".%s.XXXXXX", target);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		e = errno;
		snprintf(err, errsize, "cannot write %s: %s", path, strerror(e));
		free(tmp);
		free(target);
		return -1;
	}
	e = 0;
	if (exists && fchmod(fd, sb.st_mode & 07777) != 0)
		e = errno;
	else if (!exists) {
		/* mkstemp makes 0600; a new file gets what umask allows. */
		mode_t mask = umask(0);
		umask(mask);
		if (fchmod(fd, 0666 & ~mask) != 0)
			e = errno;
	}
	if (!e)
		e = subtitle_write_all(fd, buf, len);
	if (!e && fsync(fd) != 0)
		e = errno;
	if (close(fd) != 0 && !e)
		e = errno;
	if (!e && rename(tmp, target) != 0)
		e = errno;
	if (e) {
		unlink(tmp);
		snprintf(err, errsize, "cannot write %s: %s", path, strerror(e));
	}
	free(tmp);
	free(target);
	return e ? -1 : 0;
}
