/* cli_episodes: the commands about episodes -- import, list, show,
 * glossary, audio and rm. */
#include "cli_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "buildspeak/alloc.h"
#include "buildspeak/episode.h"
#include "buildspeak/import.h"
#include "buildspeak/library.h"
#include "buildspeak/store.h"
#include "buildspeak/subtitle.h"

/* ---- import -------------------------------------------------------------- */

/* Fails with a message if path cannot be imported (import_check_path:
 * not a regular file, or '-' on a terminal); never blocks. */
static int cli_check_input(const char *path)
{
	struct import_error err;

	if (import_check_path(path, &err) == 0)
		return EX_OK;
	cli_error("%s: %s", path, err.msg);
	return EX_NOINPUT;
}

/* Prints the one-line summary of a stored episode. */
static void cli_print_summary(const char *verb, const struct episode *ep)
{
	printf("%s episode %lld: ", verb, ep->id);
	cli_put(ep->title);
	if (ep->podcast[0]) {
		fputs(" \u2014 ", stdout);
		cli_put(ep->podcast);
	}
	if (ep->date[0]) {
		fputs(", ", stdout);
		cli_put(ep->date);
	}
	printf(", %zu segments, %d words, %d min read, %zu terms\n",
	       ep->n_segments, ep->words, ep->reading_minutes, ep->n_terms);
}

/* The audio source to store for arg: a URL as given, a local file as its
 * absolute real path (so the reader finds it from any directory). The
 * file must exist and not be a directory; whether it holds audio is for
 * the player to find out. *out is new, owned by the caller. */
static int cli_audio_source(const char *arg, char **out)
{
	struct stat sb;

	if (episode_audio_is_url(arg)) {
		*out = xstrdup(arg);
		return EX_OK;
	}
	char *real = realpath(arg, NULL);
	int e = real ? 0 : errno;
	if (real && stat(real, &sb) == 0 && S_ISDIR(sb.st_mode))
		e = EISDIR;
	if (e) {
		free(real);
		cli_error("audio %s: %s", arg, strerror(e));
		return EX_NOINPUT;
	}
	*out = real;
	return EX_OK;
}

/* Prints an episode's audio after it was set. */
static void cli_print_audio_set(long long id, const char *audio)
{
	if (audio[0]) {
		printf("episode %lld: audio ", id);
		cli_put(audio);
		putchar('\n');
	} else {
		printf("episode %lld: no audio\n", id);
	}
}

static int cli_import_report(struct cli *c, const char *path, int what,
			     struct episode *ep, const struct import_error *e,
			     const char *audio, bool *stored,
			     long long *id_out);

int cli_import_one(struct cli *c, const char *path, bool replace,
		   const char *audio, bool *stored, long long *id_out)
{
	struct import_error err = { 0, "" };
	struct episode *ep = NULL;
	int rc = cli_check_input(path);

	*stored = false;
	if (rc != EX_OK)
		return rc;
	rc = cli_open(c, CLI_WRITE);
	if (rc != EX_OK)
		return rc;
	int what = library_import_file(c->st, path, replace, audio, &ep, &err);
	return cli_import_report(c, path, what, ep, &err, audio, stored,
				 id_out);
}

/* Says what an import did (the one-line summary, the notice, or the bad
 * file's line and problem) and frees ep. Returns an exit status. */
static int cli_import_report(struct cli *c, const char *path, int what,
			     struct episode *ep, const struct import_error *e,
			     const char *audio, bool *stored, long long *id_out)
{
	const struct import_error err = *e;
	switch (what) {
	case LIBRARY_IMPORT_BAD_FILE:
		if (err.line > 0)
			cli_error("%s:%d: %s", path, err.line, err.msg);
		else
			cli_error("%s: %s", path, err.msg);
		return EX_DATAERR;
	case LIBRARY_IMPORT_FAILED:
		return cli_store_failed(c, "cannot store the episode");
	case LIBRARY_ALREADY_IMPORTED:
		cli_error("%s: already in the library as episode %lld (use "
			  "--replace to replace it)", path, ep->id);
		if (audio)
			cli_print_audio_set(ep->id, audio);
		break;
	case LIBRARY_REPLACED:
	case LIBRARY_IMPORTED:
	default:
		cli_print_summary(what == LIBRARY_REPLACED ? "replaced"
							   : "imported", ep);
		if (audio)
			cli_print_audio_set(ep->id, audio);
		*stored = true;
		break;
	}
	*id_out = ep->id;
	episode_free(ep);
	return EX_OK;
}

/* One episode to import: a file, or two subtitle files paired. */
struct cli_import_job {
	const char *paths[2];
	enum subtitle_lang langs[2]; /* UNKNOWN: from the name or script */
	size_t n;
	bool subtitles; /* through the subtitle importer (a pair, --en/--zh,
			   or subtitle options given) */
};

/* Whether a file is named as subtitles (.vtt, .srt). */
static bool cli_subtitle_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash + 1 : path, '.');
	return dot && (strcasecmp(dot, ".vtt") == 0 ||
		       strcasecmp(dot, ".srt") == 0);
}

/* The operands as episodes: two subtitle files with the same stem, one
 * named English and the other Chinese (Talk.en.vtt, Talk.zh-Hans.vtt),
 * are one episode; every other file is one. Returns the job count; *jobs
 * is new. */
static int cli_import_jobs(struct cli *c, struct cli_import_job **jobs)
{
	bool *used = xcalloc((size_t)c->n_args + 1, sizeof *used);
	int n = 0;

	*jobs = xcalloc((size_t)c->n_args + 1, sizeof **jobs);
	for (int i = 0; i < c->n_args; i++) {
		if (used[i])
			continue;
		struct cli_import_job *j = &(*jobs)[n++];
		j->paths[0] = c->args[i];
		j->n = 1;
		enum subtitle_lang li = cli_subtitle_name(c->args[i])
					? import_lang_from_path(c->args[i])
					: SUBTITLE_LANG_UNKNOWN;
		if (li != SUBTITLE_LANG_EN && li != SUBTITLE_LANG_ZH)
			continue;
		char *stem = import_subtitle_stem(c->args[i]);
		for (int k = i + 1; k < c->n_args && j->n == 1; k++) {
			if (used[k] || !cli_subtitle_name(c->args[k]))
				continue;
			enum subtitle_lang lk = import_lang_from_path(c->args[k]);
			char *sk = import_subtitle_stem(c->args[k]);
			if ((lk == SUBTITLE_LANG_EN || lk == SUBTITLE_LANG_ZH) &&
			    lk != li && strcmp(sk, stem) == 0) {
				used[k] = true;
				j->paths[1] = c->args[k];
				j->langs[0] = li;
				j->langs[1] = lk;
				j->n = 2;
				j->subtitles = true;
			}
			free(sk);
		}
		free(stem);
	}
	free(used);
	return n;
}

/* Imports a job through the subtitle importer. */
static int cli_import_subs(struct cli *c, const struct cli_import_job *j,
			   const struct import_subtitle_options *opt,
			   bool replace, const char *audio, bool *stored,
			   long long *id_out)
{
	struct import_error err = { 0, "" };
	struct episode *ep = NULL;
	size_t bad = 0;
	int rc = EX_OK;

	*stored = false;
	for (size_t i = 0; i < j->n && rc == EX_OK; i++)
		rc = cli_check_input(j->paths[i]);
	if (rc == EX_OK)
		rc = cli_open(c, CLI_WRITE);
	if (rc != EX_OK)
		return rc;
	int what = library_import_subtitles(c->st, j->paths, j->langs, j->n,
					    opt, replace, audio, &ep, &err,
					    &bad);
	return cli_import_report(c, j->paths[bad < j->n ? bad : 0], what, ep,
				 &err, audio, stored, id_out);
}

/* import [--replace] [--audio AUDIO] FILE... (and the subtitle forms):
 * each episode in its own transaction; the first failure stops the
 * batch, keeping what was stored before it. --audio, --lang, --title and
 * --date describe one episode, so they take one FILE or one pair. */
int cli_cmd_import(struct cli *c)
{
	const char *audio_opt = cli_opt(c, CLI_O_AUDIO);
	const char *en = cli_opt(c, CLI_O_EN), *zh = cli_opt(c, CLI_O_ZH);
	const char *lang_opt = cli_opt(c, CLI_O_LANG);
	struct import_subtitle_options opt = { cli_opt(c, CLI_O_TITLE),
					       cli_opt(c, CLI_O_DATE), NULL };
	bool sub_opts = lang_opt || opt.title || opt.date;
	struct cli_import_job *jobs = NULL;
	int n_jobs, rc = EX_OK, stored_count = 0;
	bool stored, pairs = false;
	long long id;
	char *audio = NULL;
	enum subtitle_lang lang = subtitle_lang_from_name(lang_opt);

	if ((en || zh) && c->n_args)
		return cli_usage(c, "--en and --zh name the files of one "
				 "episode: give no other FILE with them");
	if (!en && !zh && !c->n_args)
		return cli_usage(c, "'import' needs a FILE; usage: buildspeak "
				 "import FILE... (or --en FILE --zh FILE)");
	if (lang_opt && (lang == SUBTITLE_LANG_UNKNOWN || en || zh))
		return cli_usage(c, en || zh ? "--lang is for one subtitle "
				 "file; --en and --zh say it already"
				 : "--lang takes en, zh or both, not '%s'",
				 lang_opt);
	if (opt.date && !import_date_valid(opt.date))
		return cli_usage(c, "--date takes a date as YYYY-MM-DD, not "
				 "'%s'", opt.date);
	if (en || zh) {
		jobs = xcalloc(1, sizeof *jobs);
		n_jobs = 1;
		if (en) {
			jobs[0].paths[jobs[0].n] = en;
			jobs[0].langs[jobs[0].n++] = SUBTITLE_LANG_EN;
		}
		if (zh) {
			jobs[0].paths[jobs[0].n] = zh;
			jobs[0].langs[jobs[0].n++] = SUBTITLE_LANG_ZH;
		}
		jobs[0].subtitles = true;
	} else {
		n_jobs = cli_import_jobs(c, &jobs);
	}
	for (int i = 0; i < n_jobs; i++) {
		pairs |= jobs[i].n > 1;
		if (sub_opts) {
			jobs[i].subtitles = true;
			if (lang_opt)
				jobs[i].langs[0] = lang;
		}
	}
	if ((audio_opt || sub_opts) && n_jobs > 1) {
		free(jobs);
		return cli_usage(c, "--audio, --lang, --title and --date "
				 "describe one episode: import one FILE (or "
				 "one pair) with them");
	}
	if (lang_opt && pairs) {
		free(jobs);
		return cli_usage(c, "--lang is for one subtitle file; the "
				 "pair's names say their languages");
	}
	/* The audio and each file are checked before the library is opened
	 * (cli_import_one): a wrong path changes nothing, not even by
	 * creating an empty library. */
	if (audio_opt)
		rc = cli_audio_source(audio_opt, &audio);
	for (int i = 0; i < n_jobs && rc == EX_OK; i++) {
		bool replace = cli_opt(c, CLI_O_REPLACE) != NULL;
		if (jobs[i].subtitles)
			rc = cli_import_subs(c, &jobs[i], &opt, replace, audio,
					     &stored, &id);
		else
			rc = cli_import_one(c, jobs[i].paths[0], replace,
					    audio, &stored, &id);
		if (rc != EX_OK) {
			/* Episodes before i that were not stored were found
			 * already in the library: say so, they are there. */
			int present = i - stored_count;
			char *more = present ? xasprintf(" (%d more already in "
							 "the library)", present)
					     : xstrdup("");
			if (n_jobs > 1)
				cli_error("stopped at %s; %d of %d %s "
					  "imported before it%s",
					  jobs[i].paths[0], stored_count,
					  n_jobs, pairs ? "episodes" : "files",
					  more);
			free(more);
			break;
		}
		stored_count += stored;
	}
	free(jobs);
	free(audio);
	return rc;
}

/* ---- export ---------------------------------------------------------------- */

/* export ID --format vtt|srt [--lang en|zh|both] [-o FILE] */
int cli_cmd_export(struct cli *c)
{
	const char *format = cli_opt(c, CLI_O_FORMAT);
	const char *output = cli_opt(c, CLI_O_OUTPUT);
	const char *lang_opt = cli_opt(c, CLI_O_LANG);
	bool to_stdout = !output || strcmp(output, "-") == 0;
	const char *dot = to_stdout ? NULL : strrchr(output, '.');
	enum subtitle_format by_ext = dot && !strchr(dot, '/')
				      ? subtitle_format_from_name(dot + 1)
				      : SUBTITLE_NONE;
	enum subtitle_format fmt = format ? subtitle_format_from_name(format)
					  : by_ext;
	enum subtitle_lang lang = lang_opt ? subtitle_lang_from_name(lang_opt)
					   : SUBTITLE_LANG_BOTH;
	struct episode *ep = NULL;
	char err[512];

	if (format && fmt == SUBTITLE_NONE)
		return cli_usage(c, "unknown subtitle format '%s' (vtt or srt)",
				 format);
	if (fmt == SUBTITLE_NONE)
		return cli_usage(c, "'export' needs --format vtt or srt%s",
				 to_stdout ? "" : ": the file's extension does "
						  "not tell");
	if (format && by_ext != SUBTITLE_NONE && by_ext != fmt)
		return cli_usage(c, "--format %s does not match the file %s",
				 format, output);
	if (lang == SUBTITLE_LANG_UNKNOWN)
		return cli_usage(c, "--lang takes en, zh or both, not '%s'",
				 lang_opt);
	int rc = cli_load_arg(c, 0, CLI_READ, &ep);
	if (rc != EX_OK)
		return rc;
	size_t len, cues;
	char *text = subtitle_write(ep, fmt, lang, &len, &cues);
	if (cues == 0) {
		cli_error("episode %lld has no %s text to export", ep->id,
			  lang == SUBTITLE_LANG_EN ? "English"
			  : lang == SUBTITLE_LANG_ZH ? "Chinese" : "");
		rc = EX_DATAERR;
	} else if (subtitle_save(to_stdout ? NULL : output, text, len, err,
				 sizeof err) != 0) {
		cli_error("%s", err);
		rc = to_stdout ? EX_IOERR : EX_CANTCREAT;
	} else if (!to_stdout) {
		char *path = text_sanitize_line(output);
		fprintf(stderr, "exported %zu cues to %s (%s)\n", cues, path,
			fmt == SUBTITLE_VTT ? "WebVTT" : "SRT");
		free(path);
	}
	free(text);
	episode_free(ep);
	return rc;
}

/* ---- list ---------------------------------------------------------------- */

/* Readable lengths: the podcast column is capped, the title takes what is
 * left of a terminal's width and is never cut in a pipe. */
#define CLI_PODCAST_COLS 24

/* Prints text (else the number v) right-aligned in w columns, then the
 * two spaces between columns. By hand rather than printf("%*d"): a list
 * prints a thousand rows, and the format parsing was most of a row. */
static void cli_list_right(long long v, const char *text, int w)
{
	char num[24], line[64];
	size_t o = sizeof num - 1;
	num[o] = '\0';
	if (!text) {
		unsigned long long u = v < 0 ? 0 - (unsigned long long)v
					     : (unsigned long long)v;
		do {
			num[--o] = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		if (v < 0)
			num[--o] = '-';
	}
	const char *p = text ? text : num + o;
	size_t len = strlen(p);
	size_t pad = w > 0 && (size_t)w > len ? (size_t)w - len : 0;
	if (pad + len + 3 > sizeof line) { /* wider than this table's */
		printf("%*s  ", w, p);
		return;
	}
	/* One write for the cell: stdio's calls cost more than the row. */
	memset(line, ' ', pad);
	memcpy(line + pad, p, len);
	memcpy(line + pad + len, "  ", 3);
	fputs(line, stdout);
}

int cli_cmd_list(struct cli *c)
{
	struct episode_summary *v;
	size_t n;
	int rc = cli_open(c, CLI_READ);

	if (rc != EX_OK)
		return rc;
	if (cli_opt(c, CLI_O_JSON)) {
		char *json = store_list_json(c->st);
		if (!json)
			return cli_store_failed(c, "cannot list the episodes");
		puts(json);
		free(json);
		return EX_OK;
	}
	if (store_episode_list(c->st, &v, &n) != 0)
		return cli_store_failed(c, "cannot list the episodes");
	if (n == 0) {
		cli_say("The library %s holds no episodes yet: add one with "
			"'buildspeak import FILE'.", c->db_path);
		putchar('\n');
		store_summaries_free(v, n);
		return EX_OK;
	}

	/* Column widths: at least the heading, at most the cap; LENGTH as
	 * wide as its widest value (H:MM:SS past an hour). */
	int w_id = 2, w_pod = 7, w_min = 3, w_seg = 4, w_len = 6, w;
	char len_buf[32];
	for (size_t i = 0; i < n; i++) {
		w = cli_cell_width(v[i].podcast, CLI_PODCAST_COLS, &c->metrics);
		if (w > w_pod)
			w_pod = w;
		if (cli_digits(v[i].id) > w_id)
			w_id = cli_digits(v[i].id);
		if (cli_digits(v[i].reading_minutes) > w_min)
			w_min = cli_digits(v[i].reading_minutes);
		if (cli_digits(v[i].n_segments) > w_seg)
			w_seg = cli_digits(v[i].n_segments);
		w = (int)strlen(episode_format_time(v[i].duration, len_buf,
						    sizeof len_buf));
		if (w > w_len)
			w_len = w;
	}
	int w_title = 0; /* 0: no limit */
	if (c->columns > 0) {
		int used = w_id + 2 + 10 + 2 + w_pod + 2 + w_min + 2 + w_seg +
			   2 + w_len + 2;
		w_title = c->columns - used > 10 ? c->columns - used : 10;
	}

	printf("%*s  %-10s  ", w_id, "ID", "DATE");
	cli_put_cell("PODCAST", 0, w_pod, &c->metrics);
	printf("  %*s  %*s  %*s  TITLE\n", w_min, "MIN", w_seg, "SEGS", w_len,
	       "LENGTH");
	for (size_t i = 0; i < n; i++) {
		cli_list_right(v[i].id, NULL, w_id);
		cli_put_cell(v[i].date, 10, 10, &c->metrics);
		fputs("  ", stdout);
		cli_put_cell(v[i].podcast, CLI_PODCAST_COLS, w_pod, &c->metrics);
		fputs("  ", stdout);
		cli_list_right(v[i].reading_minutes, NULL, w_min);
		cli_list_right(v[i].n_segments, NULL, w_seg);
		cli_list_right(0, episode_format_time(v[i].duration, len_buf,
						      sizeof len_buf), w_len);
		cli_put_cell(v[i].title, w_title, 0, &c->metrics);
		putchar('\n');
	}
	store_summaries_free(v, n);
	return EX_OK;
}

/* ---- show ---------------------------------------------------------------- */

/* Prints one paragraph of untrusted text, wrapped to the terminal's width
 * when stdout is one (a pipe gets it on one line). */
static void cli_put_paragraph(const struct cli *c, const char *s)
{
	char *t = text_sanitize(s ? s : "");

	if (c->columns >= 20) {
		struct text_line *lines = NULL;
		size_t n = text_wrap(t, c->columns - 1, &c->metrics, &lines);
		for (size_t i = 0; i < n; i++)
			printf("%.*s\n", (int)lines[i].len, t + lines[i].off);
		free(lines);
	} else {
		puts(t);
	}
	free(t);
}

/* Prints "label  value" with the value sanitised; "-" for "". */
static void cli_put_field(const char *label, const char *value)
{
	printf("%-9s ", label);
	cli_put(value && value[0] ? value : "-");
	putchar('\n');
}

void cli_print_episode(const struct cli *c, const struct episode *ep)
{
	char a[32], b[32];

	cli_put_paragraph(c, ep->title);
	printf("%-9s %lld\n", "episode", ep->id);
	cli_put_field("podcast", ep->podcast);
	cli_put_field("date", ep->date);
	cli_put_field("source", ep->source_url);
	cli_put_field("audio", ep->audio);
	printf("%-9s %s\n", "length", episode_format_time(ep->duration, a, sizeof a));
	printf("%-9s %d (about %d minutes of reading)\n", "words", ep->words,
	       ep->reading_minutes);
	printf("%-9s %zu\n", "segments", ep->n_segments);
	printf("%-9s %zu\n", "terms", ep->n_terms);
	for (size_t i = 0; i < ep->n_segments; i++) {
		const struct segment *s = &ep->segments[i];
		printf("\nSpeaker %d  %s - %s\n", s->speaker,
		       episode_format_time(s->start, a, sizeof a),
		       episode_format_time(s->end, b, sizeof b));
		cli_put_paragraph(c, s->en);
		cli_put_paragraph(c, s->zh);
	}
}

int cli_cmd_show(struct cli *c)
{
	struct episode *ep;
	int rc = cli_load_arg(c, 0, CLI_READ, &ep);

	if (rc != EX_OK)
		return rc;
	if (cli_opt(c, CLI_O_JSON)) {
		char *json = store_episode_json(c->st, ep);
		if (!json)
			rc = cli_store_failed(c, "cannot write the episode as JSON");
		else
			puts(json);
		free(json);
	} else {
		cli_print_episode(c, ep);
	}
	episode_free(ep);
	return rc;
}

/* ---- glossary ------------------------------------------------------------ */

int cli_cmd_glossary(struct cli *c)
{
	struct episode *ep;
	int rc = cli_load_arg(c, 0, CLI_READ, &ep);

	if (rc != EX_OK)
		return rc;
	if (cli_opt(c, CLI_O_JSON)) {
		char *json = store_glossary_json(c->st, ep);
		if (!json)
			rc = cli_store_failed(c, "cannot write the glossary as JSON");
		else
			puts(json);
		free(json);
	} else if (ep->n_terms == 0) {
		printf("Episode %lld has no glossed terms.\n", ep->id);
	} else {
		for (size_t i = 0; i < ep->n_terms; i++) {
			const struct term *t = &ep->terms[i];
			cli_put(t->term);
			if (t->gloss[0]) {
				fputs(" \u2014 ", stdout);
				cli_put(t->gloss);
			}
			printf(" (%d)\n", t->count);
		}
	}
	episode_free(ep);
	return rc;
}

/* ---- audio --------------------------------------------------------------- */

/* audio ID: prints the episode's audio (or says it has none, and what the
 * reader offers instead); audio ID AUDIO sets it; audio ID --none removes
 * it. */
int cli_cmd_audio(struct cli *c)
{
	bool none = cli_opt(c, CLI_O_NONE) != NULL;
	struct episode *ep;
	char *audio = NULL;
	int rc;

	if (none && c->n_args > 1)
		return cli_usage(c, "'audio' takes either AUDIO or --none, not "
				 "both");
	if (c->n_args > 1 && c->args[1][0] == '\0')
		return cli_usage(c, "'audio' needs a file or a URL (to remove "
				 "the audio: buildspeak audio ID --none)");
	/* The episode first: "no episode 7" beats "no file x.mp3". */
	rc = cli_load_arg(c, 0, c->n_args == 1 && !none ? CLI_READ : CLI_WRITE,
			  &ep);
	if (rc != EX_OK)
		return rc;
	if (c->n_args == 1 && !none) {
		if (ep->audio[0]) {
			cli_put(ep->audio);
			putchar('\n');
		} else if (ep->source_url[0]) {
			printf("episode %lld has no audio; the reader offers "
			       "its source link: ", ep->id);
			cli_put(ep->source_url);
			putchar('\n');
		} else {
			printf("episode %lld has no audio\n", ep->id);
		}
		episode_free(ep);
		return EX_OK;
	}
	if (!none)
		rc = cli_audio_source(c->args[1], &audio);
	if (rc == EX_OK && store_episode_set_audio(c->st, ep->id,
						   audio ? audio : "") != 0)
		rc = cli_store_failed(c, "cannot set the audio");
	if (rc == EX_OK)
		cli_print_audio_set(ep->id, audio ? audio : "");
	free(audio);
	episode_free(ep);
	return rc;
}

/* ---- rm ------------------------------------------------------------------ */

/* rm ID: the episode goes with its segments, glossary and progress; the
 * vocabulary saved from it keeps its sentences (the store copies them). */
int cli_cmd_rm(struct cli *c)
{
	struct episode *ep;
	int rc = cli_load_arg(c, 0, CLI_WRITE, &ep);

	if (rc != EX_OK)
		return rc;
	if (library_remove_episode(c->st, ep->id) != 0) {
		rc = cli_store_failed(c, "cannot remove the episode");
	} else {
		printf("removed episode %lld: ", ep->id);
		cli_put(ep->title);
		putchar('\n');
	}
	episode_free(ep);
	return rc;
}
