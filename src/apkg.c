/* apkg: the vocabulary book as an Anki package -- the notes' fields, the
 * clips to cut (clip), the collection (store_anki) and the zip (libzip). */
#include "buildspeak/apkg.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <unictype.h>
#include <unistr.h>
#include <zip.h>

#include "buildspeak/alloc.h"
#include "buildspeak/clip.h"
#include "buildspeak/episode.h"
#include "buildspeak/export.h"
#include "buildspeak/matcher.h"
#include "buildspeak/store_anki.h"
#include "buildspeak/text.h"

/* The note type's id: fixed, so every package updates the same note type
 * (Anki keeps it while its field and template names stay the same). */
#define APKG_NOTETYPE_ID 1764547200001LL

/* The longest episode tag, in bytes. */
#define APKG_TAG_MAX 60

enum {
	APKG_F_TERM,
	APKG_F_GLOSS,
	APKG_F_SENTENCE,
	APKG_F_TRANSLATION,
	APKG_F_AUDIO,
	APKG_F_SOURCE,
	APKG_F_NOTE,
	APKG_N_FIELDS
};

static const char *const apkg_field_names[APKG_N_FIELDS] = {
	"Term", "Gloss", "Sentence", "Translation", "Audio", "Source", "Note",
};

/* Any of these makes the front non-empty (see the template). */
static const int apkg_front_fields[] = { APKG_F_TERM, APKG_F_SENTENCE };

static const char apkg_qfmt[] =
	"<div class=\"bs-sentence\">{{#Sentence}}{{Sentence}}{{/Sentence}}"
	"{{^Sentence}}{{Term}}{{/Sentence}}</div>\n"
	"{{Audio}}";

static const char apkg_afmt[] =
	"{{FrontSide}}\n"
	"<hr id=\"answer\">\n"
	"<div class=\"bs-term\">{{Term}}</div>\n"
	"{{#Gloss}}<div class=\"bs-gloss\">{{Gloss}}</div>{{/Gloss}}\n"
	"{{#Translation}}<div class=\"bs-translation\">{{Translation}}</div>"
	"{{/Translation}}\n"
	"{{#Note}}<div class=\"bs-note\">{{Note}}</div>{{/Note}}\n"
	"{{#Source}}<div class=\"bs-source\">{{Source}}</div>{{/Source}}";

static const char apkg_css[] =
	".card { font-family: sans-serif; font-size: 20px; text-align: left;"
	" color: black; background-color: white; line-height: 1.5; }\n"
	".bs-sentence b { color: #1565c0; }\n"
	".bs-term { font-size: 26px; font-weight: bold; }\n"
	".bs-gloss { color: #444; }\n"
	".bs-translation { margin-top: 0.5em; }\n"
	".bs-translation b { color: #1565c0; }\n"
	".bs-note { margin-top: 0.5em; font-style: italic; }\n"
	".bs-source { margin-top: 1em; font-size: 14px; color: #888; }\n"
	".nightMode .bs-sentence b, .nightMode .bs-translation b"
	" { color: #90caf9; }\n"
	".nightMode .bs-gloss { color: #bbb; }\n";

/* A growing string. */
struct apkg_buf {
	char *s;
	size_t len, cap;
};

static void apkg_put(struct apkg_buf *b, const char *s, size_t n)
{
	b->s = xgrowarray(b->s, &b->cap, b->len + n + 1, 1);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void apkg_puts(struct apkg_buf *b, const char *s)
{
	apkg_put(b, s, strlen(s));
}

/* The buffer's string, handed over (never NULL); the buffer is empty. */
static char *apkg_take(struct apkg_buf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	memset(b, 0, sizeof *b);
	return s;
}

/* Appends s[0..n) as HTML text: & < > " escaped; a line break as <br>
 * when breaks, else a space; a tab as a space; other control characters
 * (Anki drops them, and 0x1f separates its fields) left out. */
static void apkg_html(struct apkg_buf *b, const char *s, size_t n,
		      bool breaks)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		switch (ch) {
		case '&': apkg_puts(b, "&amp;"); break;
		case '<': apkg_puts(b, "&lt;"); break;
		case '>': apkg_puts(b, "&gt;"); break;
		case '"': apkg_puts(b, "&quot;"); break;
		case '\r': /* CRLF is one break, a lone CR one too */
			if (i + 1 >= n || s[i + 1] != '\n')
				apkg_puts(b, breaks ? "<br>" : " ");
			break;
		case '\n': apkg_puts(b, breaks ? "<br>" : " "); break;
		case '\t': apkg_puts(b, " "); break;
		default:
			if (ch >= 0x20 && ch != 0x7f)
				apkg_put(b, (const char *)&ch, 1);
		}
	}
}

/* s as HTML text with every occurrence of the term of m (as the reader
 * marks terms: whole words, any case, inflected) in <b>. New string. */
static char *apkg_marked(const char *s, const struct matcher *m)
{
	struct apkg_buf b = { 0 };
	struct term_span *spans = NULL;
	size_t n = matcher_find(m, s, &spans);
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		apkg_html(&b, s + at, spans[i].off - at, false);
		apkg_puts(&b, "<b>");
		apkg_html(&b, s + spans[i].off, spans[i].len, false);
		apkg_puts(&b, "</b>");
		at = spans[i].off + spans[i].len;
	}
	apkg_html(&b, s + at, strlen(s + at), false);
	free(spans);
	return apkg_take(&b);
}

static char *apkg_text(const char *s, bool breaks)
{
	struct apkg_buf b = { 0 };
	apkg_html(&b, s ? s : "", s ? strlen(s) : 0, breaks);
	return apkg_take(&b);
}

/* The term as the Term field: HTML text on one line, every run of white
 * space one space, trimmed -- as the text export writes it, since Anki's
 * duplicate check would strip a <br>. New string. */
static char *apkg_term(const char *term)
{
	struct apkg_buf line = { 0 };
	bool space = false;
	for (const char *p = term; *p; p++) {
		if (*p == ' ' || (*p >= '\t' && *p <= '\r')) {
			space = line.len > 0;
			continue;
		}
		if (space)
			apkg_puts(&line, " ");
		space = false;
		apkg_put(&line, p, 1);
	}
	char *raw = apkg_take(&line);
	char *html = apkg_text(raw, false);
	free(raw);
	return html;
}

/* 64-bit FNV-1a over n bytes, continuing from h. */
static uint64_t apkg_fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *u = p;
	for (size_t i = 0; i < n; i++) {
		h ^= u[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

#define APKG_FNV_BASIS 0xcbf29ce484222325ULL

char *apkg_note_guid(const char *term)
{
	char guid[EXPORT_ANKI_GUID_SIZE];
	export_anki_guid(term ? term : "", guid);
	return xstrdup(guid);
}

/* Seconds to whole milliseconds, rounded (the core has no libm). */
static long long apkg_ms(double t)
{
	return t <= 0 ? 0 : (long long)(t * 1000 + 0.5);
}

char *apkg_clip_name(const struct vocab_context *c, double start,
		     double end)
{
	uint64_t h = APKG_FNV_BASIS;
	if (c->source_url && c->source_url[0]) {
		h = apkg_fnv(h, c->source_url, strlen(c->source_url));
	} else {
		const char *parts[] = { c->podcast, c->date, c->title };
		for (size_t i = 0; i < 3; i++) {
			const char *p = parts[i] ? parts[i] : "";
			if (i)
				h = apkg_fnv(h, "\x1f", 1);
			h = apkg_fnv(h, p, strlen(p));
		}
	}
	return xasprintf("buildspeak-%016llx-%lld-%lld.mp3",
			 (unsigned long long)h, apkg_ms(start), apkg_ms(end));
}

/* The deck's id: from its name, so every package fills the same deck. */
static long long apkg_deck_id(const char *deck)
{
	uint64_t h = apkg_fnv(APKG_FNV_BASIS, deck, strlen(deck));
	long long id = (long long)(h & 0x1fffffffffffULL); /* < 2^45 */
	return id > 1 ? id : id + 2; /* 1 is "Default" */
}

/* Appends the episode's title as one tag (see apkg.h). */
static void apkg_tag(struct apkg_buf *b, const char *title)
{
	const uint8_t *u = (const uint8_t *)title;
	size_t len = strlen(title), start = b->len;
	bool dash = false;
	while (len > 0) {
		ucs4_t uc;
		int l = u8_mbtouc(&uc, u, len);
		if (uc_is_alnum(uc) && uc != 0xFFFD) {
			size_t need = (size_t)l + (dash && b->len > start);
			if (b->len - start + need > APKG_TAG_MAX)
				break;
			if (dash && b->len > start)
				apkg_puts(b, "-");
			dash = false;
			if (uc < 0x80) {
				char ch = (char)(uc >= 'A' && uc <= 'Z'
							 ? uc - 'A' + 'a'
							 : uc);
				apkg_put(b, &ch, 1);
			} else {
				apkg_put(b, (const char *)u, (size_t)l);
			}
		} else {
			dash = true;
		}
		u += l;
		len -= (size_t)l;
	}
}

/* ---- planning: which clip each note plays --------------------------------- */

/* An episode the entries' sentences come from, loaded once. */
struct apkg_episode {
	long long id;
	struct episode *ep;    /* times only (lazy load); NULL when gone */
	enum apkg_why why;     /* why its cards go without audio, when they do */
	bool usable;           /* its audio is a local file that is there */
	bool tried;            /* its clips were cut (or failed) */
};

/* A clip in the package. */
struct apkg_media {
	char *name;            /* its media name (apkg_clip_name) */
	size_t episode;        /* index into the episodes */
	double start, end;     /* seconds, after padding */
	char *file;            /* where it was cut to */
	bool ok;               /* cut and in the package */
	enum apkg_why why;     /* when not ok */
};

struct apkg_job {
	const struct apkg_options *opt;
	struct store *st;
	struct apkg_episode *eps;
	size_t n_eps, cap_eps;
	struct apkg_media *media;
	size_t n_media, cap_media;
	long *note_media;      /* per entry: index into media, or -1 */
	enum apkg_why *note_why; /* per entry, when note_media is -1 */
	char *dir;             /* the temporary directory */
	size_t done_before;    /* clips cut for earlier episodes */
	size_t total;          /* clips to cut in all */
	bool cancelled;
};

static size_t apkg_episode(struct apkg_job *j, long long id)
{
	for (size_t i = 0; i < j->n_eps; i++)
		if (j->eps[i].id == id)
			return i;
	j->eps = xgrowarray(j->eps, &j->cap_eps, j->n_eps + 1, sizeof *j->eps);
	struct apkg_episode *e = &j->eps[j->n_eps];
	memset(e, 0, sizeof *e);
	e->id = id;
	if (id <= 0 || store_episode_load_lazy(j->st, id, &e->ep) != 0) {
		e->ep = NULL;
		e->why = APKG_WHY_NO_EPISODE;
	} else if (!e->ep->audio[0]) {
		e->why = APKG_WHY_NO_AUDIO;
	} else if (episode_audio_is_url(e->ep->audio)) {
		e->why = APKG_WHY_URL;
	} else {
		struct stat sb;
		if (stat(e->ep->audio, &sb) != 0 || !S_ISREG(sb.st_mode) ||
		    access(e->ep->audio, R_OK) != 0)
			e->why = APKG_WHY_MISSING;
		else
			e->usable = true;
	}
	return j->n_eps++;
}

/* Decides entry i's clip (or why it has none). */
static void apkg_plan(struct apkg_job *j, size_t i,
		      const struct vocab_entry *e)
{
	j->note_media[i] = -1;
	if (e->n_contexts == 0) {
		j->note_why[i] = APKG_WHY_NO_SENTENCE;
		return;
	}
	if (j->opt->no_audio) {
		j->note_why[i] = APKG_WHY_NOT_ASKED;
		return;
	}
	const struct vocab_context *c = &e->contexts[0];
	size_t k = apkg_episode(j, c->episode_id);
	struct apkg_episode *ep = &j->eps[k];
	if (!ep->usable) {
		j->note_why[i] = ep->why;
		return;
	}
	/* The sentence saved is the segment that starts at c->at; a library
	 * that re-imported the episode with other times has none there. */
	long seg = episode_segment_at(ep->ep, c->at + 0.0005);
	if (seg < 0 || ep->ep->segments[seg].start < c->at - 0.05 ||
	    ep->ep->segments[seg].start > c->at + 0.05) {
		j->note_why[i] = APKG_WHY_SENTENCE_GONE;
		return;
	}
	const struct segment *s = &ep->ep->segments[seg];
	double start = s->start - j->opt->pad;
	double end = s->end + j->opt->pad;
	if (start < 0)
		start = 0;
	char *name = apkg_clip_name(c, start, end);
	for (size_t m = 0; m < j->n_media; m++) {
		if (!strcmp(j->media[m].name, name)) {
			free(name);
			j->note_media[i] = (long)m;
			return;
		}
	}
	j->media = xgrowarray(j->media, &j->cap_media, j->n_media + 1,
		sizeof *j->media);
	struct apkg_media *md = &j->media[j->n_media];
	memset(md, 0, sizeof *md);
	md->name = name;
	md->episode = k;
	md->start = start;
	md->end = end;
	md->file = xasprintf("%s/%zu.mp3", j->dir, j->n_media);
	j->note_media[i] = (long)j->n_media++;
}

/* ---- cutting ---------------------------------------------------------------------- */

static int apkg_clip_progress(void *ctx, size_t done, size_t total)
{
	struct apkg_job *j = ctx;
	(void)total;
	if (!j->opt->progress)
		return 0;
	if (j->opt->progress(j->opt->ctx, j->done_before + done, j->total)) {
		j->cancelled = true;
		return 1;
	}
	return 0;
}

/* Cuts every clip, one pass over each episode's audio. Returns 0, or 1
 * when cancelled. An audio file that fails leaves its clips not ok. */
static int apkg_cut(struct apkg_job *j, struct apkg_report *rep)
{
	j->total = j->n_media;
	if (j->opt->progress && j->total &&
	    j->opt->progress(j->opt->ctx, 0, j->total))
		return 1;
	struct clip_job *jobs = xcalloc(j->n_media ? j->n_media : 1,
					sizeof *jobs);
	size_t *which = xcalloc(j->n_media ? j->n_media : 1, sizeof *which);
	int rc = 0;
	for (size_t k = 0; k < j->n_eps && rc == 0; k++) {
		size_t n = 0;
		for (size_t m = 0; m < j->n_media; m++) {
			if (j->media[m].episode != k)
				continue;
			jobs[n] = (struct clip_job){ .start = j->media[m].start,
						     .end = j->media[m].end,
						     .path = j->media[m].file };
			which[n++] = m;
		}
		if (n == 0)
			continue;
		char err[256];
		int r = clip_cut(j->eps[k].ep->audio, jobs, n,
				 apkg_clip_progress, j, err, sizeof err);
		if (r == CLIP_CANCELLED || j->cancelled) {
			rc = 1;
			break;
		}
		for (size_t i = 0; i < n; i++) {
			struct apkg_media *md = &j->media[which[i]];
			md->ok = r == CLIP_OK && jobs[i].done;
			md->why = r == CLIP_OK ? APKG_WHY_PAST_END
					       : APKG_WHY_UNREADABLE;
		}
		if (r != CLIP_OK && !rep->unreadable[0])
			snprintf(rep->unreadable, sizeof rep->unreadable,
				 "%s", err);
		j->done_before += n;
	}
	free(jobs);
	free(which);
	return rc;
}

/* ---- the package ------------------------------------------------------------------ */

/* libzip asks this while it writes the archive: non-zero cancels. */
static int apkg_zip_cancel(zip_t *z, void *ctx)
{
	struct apkg_job *j = ctx;
	(void)z;
	if (j->opt->progress && !j->cancelled &&
	    j->opt->progress(j->opt->ctx, j->total, j->total))
		j->cancelled = true;
	return j->cancelled;
}

static int apkg_zip_fail(zip_t *z, const char *path, char *err,
			 size_t errsize)
{
	snprintf(err, errsize, "cannot write %s: %s", path,
		 zip_strerror(z));
	return -1;
}

/* Adds the file at file (or the n bytes at data, when file is NULL) to z
 * as name; stored as is when store (mp3 does not compress). */
static int apkg_zip_add(zip_t *z, const char *name, const char *file,
			const void *data, size_t n, bool store)
{
	zip_source_t *src = file ? zip_source_file(z, file, 0, -1)
				 : zip_source_buffer(z, data, n, 0);
	if (!src)
		return -1;
	zip_int64_t idx = zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8);
	if (idx < 0) {
		zip_source_free(src);
		return -1;
	}
	if (store && zip_set_file_compression(z, (zip_uint64_t)idx,
					      ZIP_CM_STORE, 0) != 0)
		return -1;
	return 0;
}

/* Writes the zip at path from the collection and the clips that are ok. */
static int apkg_zip(struct apkg_job *j, const char *path, const char *col,
		    char *err, size_t errsize)
{
	int zerr = 0;
	/* libzip writes a temporary file beside path and renames it at
	 * zip_close(): path is replaced whole or not at all. */
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	if (!z) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		snprintf(err, errsize, "cannot write %s: %s", path,
			 zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return -1;
	}
	const char **names = xcalloc(j->n_media + 1, sizeof *names);
	size_t n = 0;
	int rc = 0;
	if (apkg_zip_add(z, "collection.anki2", col, NULL, 0, false) != 0)
		rc = apkg_zip_fail(z, path, err, errsize);
	for (size_t m = 0; m < j->n_media && rc == 0; m++) {
		if (!j->media[m].ok)
			continue;
		char key[32];
		snprintf(key, sizeof key, "%zu", n);
		names[n++] = j->media[m].name;
		if (apkg_zip_add(z, key, j->media[m].file, NULL, 0, true) != 0)
			rc = apkg_zip_fail(z, path, err, errsize);
	}
	char *map = NULL;
	if (rc == 0 && !(map = store_anki_media_json(names, n, err, errsize)))
		rc = -1;
	if (rc == 0 && apkg_zip_add(z, "media", NULL, map, strlen(map),
				    false) != 0)
		rc = apkg_zip_fail(z, path, err, errsize);
	free(names);
	if (rc == 0) {
		zip_register_cancel_callback_with_state(z, apkg_zip_cancel,
							NULL, j);
		if (zip_close(z) != 0) {
			if (!j->cancelled)
				rc = apkg_zip_fail(z, path, err, errsize);
			else
				rc = 1;
			zip_discard(z);
		}
	} else {
		zip_discard(z);
	}
	free(map);
	return rc;
}

/* The note's Source field: "title · 3:22" (the podcast when there is no
 * title). */
static char *apkg_source(const struct vocab_context *c)
{
	struct apkg_buf b = { 0 };
	const char *name = c->title && c->title[0] ? c->title
			   : c->podcast ? c->podcast : "";
	apkg_html(&b, name, strlen(name), false);
	char clock[16];
	episode_format_time(c->at, clock, sizeof clock);
	if (b.len)
		apkg_puts(&b, " · ");
	apkg_puts(&b, clock);
	return apkg_take(&b);
}

/* Fills the note of entry e (fields owned by the caller: free each). */
static void apkg_note(struct apkg_job *j, size_t i,
		      const struct vocab_entry *e, char **fields, char **tags,
		      char **guid)
{
	const struct vocab_context *c = e->n_contexts ? &e->contexts[0] : NULL;
	const char *term = e->term ? e->term : "";
	struct matcher *mt = matcher_new();
	matcher_add(mt, term, 0);
	fields[APKG_F_TERM] = apkg_term(term);
	fields[APKG_F_GLOSS] = apkg_text(e->gloss, true);
	fields[APKG_F_SENTENCE] = c ? apkg_marked(c->en ? c->en : "", mt)
				    : xstrdup("");
	fields[APKG_F_TRANSLATION] = c ? apkg_marked(c->zh ? c->zh : "", mt)
				       : xstrdup("");
	matcher_free(mt);
	long m = j->note_media[i];
	fields[APKG_F_AUDIO] = m >= 0 && j->media[m].ok
				       ? xasprintf("[sound:%s]", j->media[m].name)
				       : xstrdup("");
	fields[APKG_F_SOURCE] = c ? apkg_source(c) : xstrdup("");
	fields[APKG_F_NOTE] = apkg_text(e->note, true);

	struct apkg_buf b = { 0 };
	apkg_puts(&b, "buildspeak");
	if (c && c->title) {
		size_t before = b.len;
		apkg_puts(&b, " ");
		apkg_tag(&b, c->title);
		if (b.len == before + 1)
			b.s[--b.len] = '\0';
	}
	*tags = apkg_take(&b);
	*guid = apkg_note_guid(term);
}

/* Writes the collection file at col. */
static int apkg_collection(struct apkg_job *j, const char *col,
			   const struct vocab_entry *v, size_t n,
			   const char *deck, long long now,
			   struct apkg_report *rep, char *err, size_t errsize)
{
	struct anki_notetype nt = {
		.id = APKG_NOTETYPE_ID,
		.name = "BuildSpeak",
		.fields = apkg_field_names,
		.n_fields = APKG_N_FIELDS,
		.template_name = "Listen",
		.qfmt = apkg_qfmt,
		.afmt = apkg_afmt,
		.css = apkg_css,
		.front_fields = apkg_front_fields,
		.n_front_fields = sizeof apkg_front_fields /
				  sizeof apkg_front_fields[0],
	};
	struct anki_note *notes = xcalloc(n ? n : 1, sizeof *notes);
	char **fields = xcalloc((n ? n : 1) * APKG_N_FIELDS, sizeof *fields);
	char **tags = xcalloc(n ? n : 1, sizeof *tags);
	char **guids = xcalloc(n ? n : 1, sizeof *guids);
	for (size_t i = 0; i < n; i++) {
		char **f = &fields[i * APKG_N_FIELDS];
		apkg_note(j, i, &v[i], f, &tags[i], &guids[i]);
		notes[i] = (struct anki_note){ .guid = guids[i],
					       .fields = (const char *const *)f,
					       .tags = tags[i] };
		long m = j->note_media[i];
		if (m >= 0 && j->media[m].ok)
			rep->with_audio++;
		else
			rep->without[m >= 0 ? j->media[m].why
					    : j->note_why[i]]++;
	}
	rep->notes = n;
	long long deck_id = apkg_deck_id(deck);
	int rc = store_anki_write(col, &nt, deck, deck_id, notes, n, now, err,
				  errsize);
	for (size_t i = 0; i < n * APKG_N_FIELDS; i++)
		free(fields[i]);
	for (size_t i = 0; i < n; i++) {
		free(tags[i]);
		free(guids[i]);
	}
	free(fields);
	free(tags);
	free(guids);
	free(notes);
	return rc;
}

/* Refuses what shell redirection would refuse (a directory, a missing or
 * unwritable directory, a write-protected file) and what a zip cannot be
 * (a device, a pipe: libzip seeks and renames). Sets *target to the file
 * to replace: path, or the file a symbolic link at path points to, so
 * the link stays. Returns 0 or -2 with a message in err. */
static int apkg_target(const char *path, char **target, char *err,
		       size_t errsize)
{
	struct stat sb;
	*target = NULL;
	if (stat(path, &sb) == 0) {
		const char *why = S_ISDIR(sb.st_mode) ? "it is a directory"
				  : !S_ISREG(sb.st_mode)
					  ? "a package must be a regular file"
				  : access(path, W_OK) != 0 || !(sb.st_mode & 0222)
					  ? strerror(EACCES)
					  : NULL;
		if (why) {
			snprintf(err, errsize, "cannot write %s: %s", path, why);
			return -2;
		}
		*target = realpath(path, NULL);
	}
	if (!*target)
		*target = xstrdup(path);
	char *dir = xstrdup(*target);
	char *slash = strrchr(dir, '/');
	if (!slash)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	int rc = 0;
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		snprintf(err, errsize, "cannot write %s: its directory does not "
			 "exist", path);
		rc = -2;
	} else if (access(dir, W_OK | X_OK) != 0) {
		snprintf(err, errsize, "cannot write %s: its directory is not "
			 "writable", path);
		rc = -2;
	}
	free(dir);
	if (rc) {
		free(*target);
		*target = NULL;
	}
	return rc;
}

void apkg_options_init(struct apkg_options *opt)
{
	memset(opt, 0, sizeof *opt);
	opt->deck = APKG_DEFAULT_DECK;
	opt->pad = APKG_DEFAULT_PAD;
}

int apkg_export(const char *path, struct store *st,
		const struct vocab_entry *v, size_t n,
		const struct apkg_options *opt, struct apkg_report *rep,
		char *err, size_t errsize)
{
	struct apkg_report own;
	if (!rep)
		rep = &own;
	memset(rep, 0, sizeof *rep);
	struct apkg_options o;
	if (opt)
		o = *opt;
	else
		apkg_options_init(&o);
	if (!o.deck || !o.deck[0])
		o.deck = APKG_DEFAULT_DECK;
	if (!(o.pad >= 0 && o.pad <= APKG_MAX_PAD)) {
		snprintf(err, errsize, "the pad must be 0 to %g seconds",
			 APKG_MAX_PAD);
		return -1;
	}
	long long now = o.now > 0 ? o.now : (long long)time(NULL);
	char *target;
	if (apkg_target(path, &target, err, errsize) != 0)
		return -2;

	struct apkg_job j;
	memset(&j, 0, sizeof j);
	j.opt = &o;
	j.st = st;
	const char *tmp = getenv("TMPDIR");
	j.dir = xasprintf("%s/buildspeak-apkg-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(j.dir)) {
		snprintf(err, errsize, "cannot make a temporary directory "
			 "%s: %s", j.dir, strerror(errno));
		free(j.dir);
		free(target);
		return -1;
	}
	j.note_media = xcalloc(n ? n : 1, sizeof *j.note_media);
	j.note_why = xcalloc(n ? n : 1, sizeof *j.note_why);
	for (size_t i = 0; i < n; i++)
		apkg_plan(&j, i, &v[i]);

	char *col = xasprintf("%s/collection.anki2", j.dir);
	int rc = apkg_cut(&j, rep);
	if (rc == 0)
		rc = apkg_collection(&j, col, v, n, o.deck, now, rep, err,
				     errsize);
	if (rc == 0) {
		for (size_t m = 0; m < j.n_media; m++)
			rep->clips += j.media[m].ok;
		rc = apkg_zip(&j, target, col, err, errsize);
	}
	free(target);

	unlink(col);
	free(col);
	for (size_t m = 0; m < j.n_media; m++) {
		unlink(j.media[m].file);
		free(j.media[m].file);
		free(j.media[m].name);
	}
	rmdir(j.dir);
	free(j.dir);
	for (size_t k = 0; k < j.n_eps; k++)
		episode_free(j.eps[k].ep);
	free(j.eps);
	free(j.media);
	free(j.note_media);
	free(j.note_why);
	return rc;
}

const char *apkg_why_text(enum apkg_why why)
{
	switch (why) {
	case APKG_WHY_NO_SENTENCE: return "saved without a sentence";
	case APKG_WHY_NO_EPISODE: return "the episode is no longer in the library";
	case APKG_WHY_SENTENCE_GONE:
		return "the sentence is no longer in the episode";
	case APKG_WHY_NO_AUDIO: return "the episode has no audio";
	case APKG_WHY_URL: return "the episode's audio is a URL";
	case APKG_WHY_MISSING: return "the episode's audio file is missing";
	case APKG_WHY_UNREADABLE: return "the audio could not be decoded";
	case APKG_WHY_PAST_END: return "the sentence is past the audio's end";
	case APKG_WHY_NOT_ASKED: return "audio not asked for";
	case APKG_WHY_COUNT: break;
	}
	return "?";
}

char *apkg_report_text(const struct apkg_report *rep)
{
	struct apkg_buf b = { 0 };
	char num[96];
	snprintf(num, sizeof num, "%zu %s, %zu with audio", rep->notes,
		 rep->notes == 1 ? "note" : "notes", rep->with_audio);
	apkg_puts(&b, num);
	size_t without = rep->notes - rep->with_audio;
	if (without) {
		snprintf(num, sizeof num, "; %zu without:", without);
		apkg_puts(&b, num);
		bool first = true;
		for (int w = 0; w < APKG_WHY_COUNT; w++) {
			if (!rep->without[w])
				continue;
			snprintf(num, sizeof num, "%s %zu ", first ? "" : ",",
				 rep->without[w]);
			apkg_puts(&b, num);
			apkg_puts(&b, apkg_why_text((enum apkg_why)w));
			first = false;
		}
		if (rep->unreadable[0]) {
			apkg_puts(&b, " (");
			char *clean = text_sanitize_line(rep->unreadable);
			apkg_puts(&b, clean);
			free(clean);
			apkg_puts(&b, ")");
		}
	}
	return apkg_take(&b);
}
