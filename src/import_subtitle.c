/* import: subtitle files -- reading them, their languages from their names,
 * and the episode's metadata (title, date, audio) from the files when the
 * command line does not give it. The parsing itself is subtitle.c's. */
#include "buildspeak/import.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "buildspeak/alloc.h"
#include "buildspeak/subtitle.h"

/* The language part of a file name, lower-cased, and what it means. */
static enum subtitle_lang import_lang_word(const char *w, size_t n)
{
	static const char *const both[] = { "en-zh", "zh-en", "chs-eng",
					    "eng-chs", "cht-eng", "eng-cht",
					    "bilingual", "zh-en-both" };
	static const char *const zh[] = { "zh", "chs", "cht", "chi", "zho",
					  "cn", "chinese", "sc", "tc" };
	static const char *const en[] = { "en", "eng", "english" };
	char low[32];
	if (n == 0 || n >= sizeof low)
		return SUBTITLE_LANG_UNKNOWN;
	for (size_t i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)w[i]);
	low[n] = '\0';
	for (size_t i = 0; i < sizeof both / sizeof both[0]; i++)
		if (strcmp(low, both[i]) == 0)
			return SUBTITLE_LANG_BOTH;
	for (size_t i = 0; i < sizeof zh / sizeof zh[0]; i++)
		if (strcmp(low, zh[i]) == 0)
			return SUBTITLE_LANG_ZH;
	for (size_t i = 0; i < sizeof en / sizeof en[0]; i++)
		if (strcmp(low, en[i]) == 0)
			return SUBTITLE_LANG_EN;
	/* a region or script after the language: zh-Hans, zh-CN, en-US */
	if (strncmp(low, "zh-", 3) == 0 || strncmp(low, "zh_", 3) == 0)
		return SUBTITLE_LANG_ZH;
	if (strncmp(low, "en-", 3) == 0 || strncmp(low, "en_", 3) == 0)
		return SUBTITLE_LANG_EN;
	return SUBTITLE_LANG_UNKNOWN;
}

/* The base name's language part: between the last two dots. Sets *at to
 * its offset in path (the dot before it) when there is one. */
static enum subtitle_lang import_lang_part(const char *path, size_t *at)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *ext = strrchr(base, '.');
	if (!ext || ext == base)
		return SUBTITLE_LANG_UNKNOWN;
	const char *p = ext;
	while (p > base && p[-1] != '.')
		p--;
	if (p == base || p - 1 == base)
		return SUBTITLE_LANG_UNKNOWN; /* no second dot, or a dot file */
	enum subtitle_lang l = import_lang_word(p, (size_t)(ext - p));
	if (l != SUBTITLE_LANG_UNKNOWN && at)
		*at = (size_t)(p - 1 - path);
	return l;
}

enum subtitle_lang import_lang_from_path(const char *path)
{
	return import_lang_part(path, NULL);
}

char *import_subtitle_stem(const char *path)
{
	size_t at;
	if (import_lang_part(path, &at) != SUBTITLE_LANG_UNKNOWN)
		return xstrndup(path, at);
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *ext = strrchr(base, '.');
	if (!ext || ext == base)
		return xstrdup(path);
	return xstrndup(path, (size_t)(ext - path));
}

bool import_date_valid(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return false;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	return y >= 1 && episode_day_exists(y, m, d);
}

/* The audio yt-dlp leaves beside the subtitles: the stem with an audio or
 * video extension. New absolute path, or NULL. */
static char *import_audio_beside(const char *path)
{
	static const char *const exts[] = { ".webm", ".m4a", ".mp3", ".opus",
					    ".mp4" };
	char *stem = import_subtitle_stem(path);
	char *found = NULL;
	for (size_t i = 0; i < sizeof exts / sizeof exts[0] && !found; i++) {
		char *cand = xasprintf("%s%s", stem, exts[i]);
		struct stat sb;
		if (stat(cand, &sb) == 0 && S_ISREG(sb.st_mode))
			found = realpath(cand, NULL);
		free(cand);
	}
	free(stem);
	return found;
}

/* Title, date and audio, from the options or else from the file. */
static void import_subtitle_meta(struct episode *ep, const char *path,
				 const struct import_subtitle_options *opt)
{
	if (opt && opt->title && opt->title[0]) {
		episode_set(&ep->title, opt->title);
	} else {
		char *stem = import_subtitle_stem(path);
		const char *base = strrchr(stem, '/');
		episode_set(&ep->title, base ? base + 1 : stem);
		free(stem);
	}
	if (opt && opt->date) {
		episode_set(&ep->date, opt->date);
	} else {
		struct stat sb;
		struct tm tm;
		char day[32];
		if (stat(path, &sb) == 0 && localtime_r(&sb.st_mtime, &tm) &&
		    strftime(day, sizeof day, "%Y-%m-%d", &tm))
			episode_set(&ep->date, day);
	}
	if (opt && opt->audio) {
		episode_set(&ep->audio, opt->audio);
	} else {
		char *audio = import_audio_beside(path);
		episode_set(&ep->audio, audio);
		free(audio);
	}
}

static int import_sub_fail(struct import_error *err, int line,
			   const char *msg)
{
	err->line = line;
	snprintf(err->msg, sizeof err->msg, "%s", msg);
	return -1;
}

/* Parses one file's bytes into a track. */
static int import_track(const char *buf, size_t len,
			struct subtitle_track **t, struct import_error *err)
{
	struct subtitle_error se = { 0, "" };
	if (len > IMPORT_MAX_FILE)
		return import_sub_fail(err, 0, "file is too large");
	if (subtitle_parse(buf, len, t, &se) != 0)
		return import_sub_fail(err, se.line, se.msg);
	return 0;
}

int import_subtitle_buffer(const char *path, const char *buf, size_t len,
			   enum subtitle_lang lang,
			   const struct import_subtitle_options *opt,
			   struct episode **out, struct import_error *err)
{
	struct subtitle_track *t;
	if (import_track(buf, len, &t, err))
		return -1;
	if (lang == SUBTITLE_LANG_UNKNOWN)
		lang = import_lang_from_path(path);
	struct episode *ep = subtitle_episode(t, lang);
	subtitle_track_free(t);
	if (!ep)
		return import_sub_fail(err, 0, "no cues: the file holds no "
				       "cue with text");
	import_subtitle_meta(ep, path, opt);
	*out = ep;
	return 0;
}

static const char *import_lang_name(enum subtitle_lang l)
{
	return l == SUBTITLE_LANG_EN ? "English"
	       : l == SUBTITLE_LANG_ZH ? "Chinese" : "in both languages";
}

int import_subtitles(const char *const *paths, const enum subtitle_lang *langs,
		     size_t n, const struct import_subtitle_options *opt,
		     struct episode **out, struct import_error *err,
		     size_t *bad)
{
	size_t dummy;
	if (!bad)
		bad = &dummy;
	*bad = 0;
	if (n < 1 || n > 2)
		return import_sub_fail(err, 0, "give one subtitle file, or two "
				       "(English and Chinese)");
	struct subtitle_track *t[2] = { NULL, NULL };
	enum subtitle_lang l[2] = { SUBTITLE_LANG_UNKNOWN,
				    SUBTITLE_LANG_UNKNOWN };
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		char *buf = NULL;
		size_t len = 0;
		*bad = i;
		rc = import_read(paths[i], &buf, &len, err);
		if (rc == 0 && n == 1) {
			rc = import_subtitle_buffer(paths[0], buf, len,
						    langs ? langs[0]
							  : SUBTITLE_LANG_UNKNOWN,
						    opt, out, err);
			free(buf);
			return rc;
		}
		if (rc == 0)
			rc = import_track(buf, len, &t[i], err);
		free(buf);
		if (rc == 0) {
			l[i] = langs ? langs[i] : SUBTITLE_LANG_UNKNOWN;
			if (l[i] == SUBTITLE_LANG_UNKNOWN)
				l[i] = import_lang_from_path(paths[i]);
			if (l[i] == SUBTITLE_LANG_UNKNOWN)
				l[i] = subtitle_guess_lang(t[i]);
			if (l[i] == SUBTITLE_LANG_BOTH) {
				char msg[160];
				snprintf(msg, sizeof msg, "holds both languages: "
					 "import it on its own");
				rc = import_sub_fail(err, 0, msg);
			}
		}
	}
	if (rc == 0 && l[0] == l[1]) {
		char msg[200];
		snprintf(msg, sizeof msg, "both files are %s: pair an English "
			 "file with a Chinese one (name them .en. and .zh., or "
			 "give --en FILE --zh FILE)", import_lang_name(l[0]));
		*bad = 1;
		rc = import_sub_fail(err, 0, msg);
	}
	if (rc == 0) {
		size_t e = l[0] == SUBTITLE_LANG_EN ? 0 : 1;
		struct episode *ep = subtitle_pair(t[e], t[1 - e]);
		/* Each track has a cue with text (subtitle_parse), so the
		 * pair has segments. */
		import_subtitle_meta(ep, paths[e], opt);
		*out = ep;
	}
	subtitle_track_free(t[0]);
	subtitle_track_free(t[1]);
	return rc;
}
