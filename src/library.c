/* library: saving a term and importing a file -- the use cases that the
 * command line and the reader's modes both run, written once (see
 * library.h). */
#include "buildspeak/library.h"
#include "buildspeak/path.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buildspeak/alloc.h"
#include "buildspeak/episode.h"
#include "buildspeak/store.h"
#include "buildspeak/text.h"
#include "buildspeak/vocab.h"

/* ---- the store's JSON codec ------------------------------------------------ */

static int library_parse_json(void *ctx, const char *json, size_t len,
			      struct episode **out, char *err, size_t errsize)
{
	return store_episode_from_json(ctx, json, len, out, err, errsize);
}

struct import_json library_import_json(struct store *st)
{
	struct import_json j = { library_parse_json, st };
	return j;
}

static char *library_entries_json(void *ctx, const struct vocab_entry *v,
				  size_t n, char *err, size_t errsize)
{
	char *json = store_vocab_entries_json(ctx, v, n);

	if (!json)
		snprintf(err, errsize, "cannot make the JSON: %s",
			 store_error(ctx));
	return json;
}

struct export_json library_export_json(struct store *st)
{
	struct export_json j = { library_entries_json, st };
	return j;
}

/* ---- saving a term ---------------------------------------------------------- */

/* Length of the white space library_clean_text trims at s (0: none). */
static size_t library_space_at(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		return 1;
	return strncmp(s, "\u3000", 3) == 0 ? 3 : 0;
}

char *library_clean_text(const char *s)
{
	size_t len = strlen(s), k;

	if (!text_valid(s, len, NULL))
		return NULL;
	const char *b = s, *e = s + len;
	while ((k = library_space_at(b)) > 0)
		b += k;
	for (;;) {
		if (e > b && library_space_at(e - 1) == 1)
			e--;
		else if (e - b >= 3 && strncmp(e - 3, "\u3000", 3) == 0)
			e -= 3;
		else
			break;
	}
	char *t = xstrndup(b, (size_t)(e - b));
	char *n = text_nfc(t);
	free(t);
	return n;
}

void library_saved_clear(struct library_saved *s)
{
	free(s->term);
	free(s->gloss);
	memset(s, 0, sizeof *s);
}

int library_save_term(struct store *st, const char *term, const char *gloss,
		      const char *note, const struct episode *ep,
		      long long episode_id, long seg,
		      struct library_saved *out)
{
	struct vocab_entry e, old;
	bool with_context = ep && seg >= 0 && (size_t)seg < ep->n_segments;
	bool existed = false, had_sentence = false;
	int rc = -1;

	memset(&e, 0, sizeof e);
	memset(&old, 0, sizeof old);
	if (out)
		memset(out, 0, sizeof *out);
	e.term = library_clean_text(term);
	e.gloss = library_clean_text(gloss ? gloss : "");
	e.note = library_clean_text(note ? note : "");
	if (!e.term || !e.term[0] || !e.gloss || !e.note)
		goto out;
	if (!gloss && ep) {
		/* None given: the episode's, which fills an empty gloss only. */
		const char *g = vocab_episode_gloss(ep, e.term);
		free(e.gloss);
		e.gloss = xstrdup(g ? g : "");
	}
	if (with_context) {
		e.contexts = xcalloc(1, sizeof *e.contexts);
		e.n_contexts = 1;
		vocab_context_from_segment(&e.contexts[0], ep, episode_id,
					   (size_t)seg);
	}

	/* What the book has already, to say what the save did. */
	long long id = store_vocab_find(st, e.term);
	if (id < 0 || (id > 0 && store_vocab_get(st, id, &old) != 0))
		goto out;
	for (size_t i = 0; i < old.n_contexts && with_context; i++)
		had_sentence |= strcmp(old.contexts[i].en, e.contexts[0].en) == 0;
	if (store_vocab_add(st, &e, &existed) != 0)
		goto out;
	/* store_vocab_add fills only an empty gloss or note; one the user
	 * gave over the book's replaces it. */
	bool new_gloss = existed && gloss && e.gloss[0] && old.gloss &&
			 old.gloss[0] && strcmp(old.gloss, e.gloss) != 0;
	bool new_note = existed && note && e.note[0] && old.note &&
			old.note[0] && strcmp(old.note, e.note) != 0;
	if ((new_gloss || new_note) &&
	    store_vocab_update(st, e.id, new_gloss ? e.gloss : NULL,
			       new_note ? e.note : NULL) != 0)
		goto out;
	if (out) {
		out->term = xstrdup(existed ? old.term : e.term);
		out->gloss = xstrdup(!existed || new_gloss || !old.gloss[0]
					     ? e.gloss : old.gloss);
		out->updated = new_gloss || new_note;
	}
	rc = !existed ? LIBRARY_SAVED
	     : with_context && !had_sentence ? LIBRARY_CONTEXT_ADDED
					     : LIBRARY_ALREADY_THERE;
out:
	vocab_entry_clear(&old);
	vocab_entry_clear(&e);
	return rc;
}

/* ---- importing a file ------------------------------------------------------ */

/* Stores a parsed episode (taking it) as library_import_file says. */
static int library_store_import(struct store *st, struct episode *ep,
				bool replace, const char *audio,
				struct episode **out)
{
	int rc;
	long long id = store_episode_find(st, ep);
	if (audio)
		episode_set(&ep->audio, audio);
	if (id > 0 && replace && !audio && !ep->audio[0]) {
		/* A page has no audio: replacing its text keeps the one the
		 * user set. */
		struct episode *old = NULL;
		if (store_episode_load(st, id, &old) == 0)
			episode_set(&ep->audio, old->audio);
		episode_free(old);
	}
	if (id < 0) {
		rc = LIBRARY_IMPORT_FAILED;
	} else if (id > 0 && !replace) {
		/* The audio is not the episode's text: setting it is not a
		 * second copy, and it is what the user asked for. */
		ep->id = id;
		rc = audio && store_episode_set_audio(st, id, audio) != 0
			     ? LIBRARY_IMPORT_FAILED
			     : LIBRARY_ALREADY_IMPORTED;
	} else if (store_episode_save(st, ep, id) != 0) {
		rc = LIBRARY_IMPORT_FAILED;
	} else {
		rc = id > 0 ? LIBRARY_REPLACED : LIBRARY_IMPORTED;
	}
	if (rc >= 0 && out)
		*out = ep;
	else
		episode_free(ep);
	return rc;
}

int library_import_file(struct store *st, const char *path, bool replace,
			const char *audio, struct episode **out,
			struct import_error *err)
{
	struct episode *ep = NULL;

	if (out)
		*out = NULL;
	struct import_json json = library_import_json(st);

	if (import_file(path, &json, &ep, err) != 0)
		return LIBRARY_IMPORT_BAD_FILE;
	return library_store_import(st, ep, replace, audio, out);
}

int library_import_subtitles(struct store *st, const char *const *paths,
			     const enum subtitle_lang *langs, size_t n,
			     const struct import_subtitle_options *opt,
			     bool replace, const char *audio,
			     struct episode **out, struct import_error *err,
			     size_t *bad)
{
	struct episode *ep = NULL;

	if (out)
		*out = NULL;
	if (import_subtitles(paths, langs, n, opt, &ep, err, bad) != 0)
		return LIBRARY_IMPORT_BAD_FILE;
	return library_store_import(st, ep, replace, audio, out);
}

/* ---- exporting the book to a file ---------------------------------------- */

/* Removes the temporary files export_to_file left beside target (in dir,
 * named ".BASE" PATH_TEMP_TAG "XXXXXX") when older than
 * LIBRARY_STALE_TEMP_AGE: a running export's file is young. */
static void library_remove_stale(const char *dir, const char *base)
{
	char *prefix = xasprintf(".%s" PATH_TEMP_TAG, base);
	size_t plen = strlen(prefix);
	DIR *d = opendir(dir);
	struct dirent *de;
	time_t now = time(NULL);

	while (d && (de = readdir(d)) != NULL) {
		struct stat sb;
		if (strncmp(de->d_name, prefix, plen) != 0 ||
		    strlen(de->d_name) != plen + 6 ||
		    fstatat(dirfd(d), de->d_name, &sb,
			    AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(sb.st_mode) || sb.st_uid != geteuid() ||
		    now - sb.st_mtime < LIBRARY_STALE_TEMP_AGE)
			continue;
		unlinkat(dirfd(d), de->d_name, 0);
	}
	if (d)
		closedir(d);
	free(prefix);
}

int library_export_file(struct store *st, const char *path,
			enum export_format fmt, const struct vocab_entry *v,
			size_t n, const struct export_options *opt, char *err,
			size_t errsize)
{
	struct stat sb;
	bool exists = stat(path, &sb) == 0;
	bool special = exists && !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode);

	if (exists && S_ISDIR(sb.st_mode)) {
		snprintf(err, errsize, "cannot write %s: it is a directory",
			 path);
		return -2;
	}
	/* A write-protected file is not replaced behind the user's back
	 * (the rename would need only the directory's permission). */
	if (exists && S_ISREG(sb.st_mode) &&
	    (access(path, W_OK) != 0 || !(sb.st_mode & 0222))) {
		snprintf(err, errsize, "cannot write %s: %s", path,
			 strerror(EACCES));
		return -2;
	}
	char *target = exists ? realpath(path, NULL) : NULL;
	if (!target)
		target = xstrdup(path);
	char *slash = strrchr(target, '/');
	char *dir = !slash ? xstrdup(".")
		    : slash == target ? xstrdup("/")
				      : xstrndup(target, (size_t)(slash - target));
	const char *base = slash ? slash + 1 : target;
	int rc = 0;

	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		snprintf(err, errsize, "cannot write %s: its directory does "
			 "not exist", path);
		rc = -2;
	} else if (!special && access(dir, W_OK | X_OK) != 0) {
		snprintf(err, errsize, "cannot write %s: its directory is not "
			 "writable", path);
		rc = -2;
	}
	if (rc == 0) {
		library_remove_stale(dir, base);
		struct export_json json = library_export_json(st);
		rc = export_to_file_opts(path, fmt, v, n, &json, opt, err,
					 errsize);
	}
	free(dir);
	free(target);
	return rc;
}

int library_remove_episode(struct store *st, long long id)
{
	/* The book's contexts are copies made when saved, and the schema
	 * SETs their episode NULL: nothing more to keep here. */
	return store_episode_delete(st, id);
}

int library_export_format_of(const char *path)
{
	static const struct {
		const char *ext;
		int fmt;
	} exts[] = { { "csv", EXPORT_CSV }, { "txt", EXPORT_ANKI },
		     { "anki", EXPORT_ANKI }, { "md", EXPORT_MD },
		     { "markdown", EXPORT_MD }, { "json", EXPORT_JSON },
		     { "apkg", LIBRARY_FORMAT_APKG } };
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	const char *dot = strrchr(base, '.');
	if (!dot || dot == base)
		return -1;
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
		if (strcasecmp(dot + 1, exts[i].ext) == 0)
			return exts[i].fmt;
	return -1;
}
