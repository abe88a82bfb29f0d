/* dict: WordNet (its C library) and dictd databases behind one look-up. */
#include "buildspeak/dict.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wn.h>

#include "buildspeak/alloc.h"
#include "buildspeak/dictd.h"

/* Where Debian's dict-* packages put their databases. */
#define DICT_SYSTEM_DIR "/usr/share/dictd"
/* The longest word handed to WordNet: its library copies search strings
 * into fixed buffers of WORDBUF (256) bytes, some with suffixes added. */
#define DICT_WN_MAX 80

/* One dictd database, opened at its first look-up. */
struct dict_db {
	char *path;        /* as configured, owned */
	struct dictd *db;  /* NULL until opened, or when it failed */
	char *error;       /* why it failed to open, owned; NULL if fine */
	bool tried;        /* opening was attempted */
};

struct dict {
	struct dict_db *dbs; /* the config's, then the system's */
	size_t n_dbs, cap_dbs;
	size_t n_config;     /* dbs[0..n_config) came from the config */
	bool scanned;        /* the system directory was listed into dbs */
};

/* WordNet's library state is per process (its open files are globals),
 * so whether it opened is too: 0 not tried, 1 open, -1 failed. */
static int dict_wn_state;
/* The library's last message, captured by its display_message hook. */
static char dict_wn_message[256];
/* Why WordNet cannot answer, for dict_wordnet_problem. */
static char dict_wn_problem[512];

static int dict_wn_capture(char *msg)
{
	if (dict_wn_message[0])
		return -1; /* the first one says the most */
	snprintf(dict_wn_message, sizeof dict_wn_message, "%s", msg);
	size_t n = strlen(dict_wn_message);
	while (n > 0 && dict_wn_message[n - 1] == '\n')
		dict_wn_message[--n] = '\0';
	return -1;
}

static bool dict_wn_open(void)
{
	if (dict_wn_state == 0) {
		display_message = dict_wn_capture;
		if (wninit() == 0) {
			dict_wn_state = 1;
			/* Keep only messages of look-ups from now on. */
		} else {
			dict_wn_state = -1;
			/* The first message names the file that is missing. */
			const char *dir = getenv("WNSEARCHDIR");
			snprintf(dict_wn_problem, sizeof dict_wn_problem,
				 "WordNet's data is not installed%s%s (%s): "
				 "install the Debian package wordnet-base",
				 dir ? " in " : "", dir ? dir : "",
				 dict_wn_message[0] ? dict_wn_message
						    : "wninit failed");
		}
	}
	return dict_wn_state == 1;
}

static void dict_push_str(char ***v, size_t *n, size_t *cap, char *s)
{
	*v = xgrowarray(*v, cap, *n + 1, sizeof **v);
	(*v)[(*n)++] = s;
}

static bool dict_has(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

/* The word as WordNet spells its index: ASCII lower case, words joined
 * by '_'. NULL when WordNet cannot hold it (too long, not ASCII letters,
 * digits and . ' - /), so nothing unexpected reaches its parser. */
static char *dict_wn_key(const char *word)
{
	size_t len = strlen(word);
	if (len == 0 || len > DICT_WN_MAX)
		return NULL;
	char *k = xmalloc(len + 1), *o = k;
	bool gap = false;
	for (const char *p = word; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == ' ' || c == '\t' || c == '_') {
			gap = o > k;
			continue;
		}
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '\'' || c == '.' || c == '/')) {
			free(k);
			return NULL;
		}
		if (gap)
			*o++ = '_';
		gap = false;
		*o++ = (char)c;
	}
	*o = '\0';
	if (o == k) {
		free(k);
		return NULL;
	}
	return k;
}

/* WordNet's spelling back to ours: '_' joins words. */
static char *dict_wn_word(const char *s)
{
	char *w = xstrdup(s);
	for (char *p = w; *p; p++)
		if (*p == '_')
			*p = ' ';
	return w;
}

static const char *dict_wn_pos_label(int pos)
{
	static const char *const labels[] = {"", "n.", "v.", "adj.", "adv."};
	return pos >= 1 && pos <= 4 ? labels[pos] : "";
}

/* The forms of key that WordNet has in part of speech pos: key itself
 * when indexed, then the base forms its morphology gives. */
static size_t dict_wn_forms(const char *key, int pos, char ***out)
{
	char **v = NULL;
	size_t n = 0, cap = 0;
	char buf[DICT_WN_MAX + 1];
	snprintf(buf, sizeof buf, "%s", key);
	IndexPtr ip = index_lookup(buf, pos);
	if (ip) {
		dict_push_str(&v, &n, &cap, xstrdup(key));
		free_index(ip);
	}
	snprintf(buf, sizeof buf, "%s", key);
	/* morphstr returns a static buffer, then the next form on NULL. */
	for (char *m = morphstr(buf, pos); m; m = morphstr(NULL, pos)) {
		if (strlen(m) <= DICT_WN_MAX && !dict_has(v, n, m))
			dict_push_str(&v, &n, &cap, xstrdup(m));
	}
	*out = v;
	return n;
}

static void dict_strings_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void dict_add_sense(struct dict_result *r, const char *source,
			   const char *lemma, const char *pos, char *text)
{
	r->senses = xgrowarray(r->senses, &r->cap_senses, r->n_senses + 1,
		sizeof *r->senses);
	r->senses[r->n_senses++] = (struct dict_sense){
		.source = xstrdup(source),
		.lemma = xstrdup(lemma),
		.pos = xstrdup(pos),
		.text = text,
	};
}

/* WordNet's gloss without the parentheses around it. */
static char *dict_wn_gloss(const char *defn)
{
	size_t len = strlen(defn);
	if (len >= 2 && defn[0] == '(' && defn[len - 1] == ')')
		return xstrndup(defn + 1, len - 2);
	return xstrdup(defn);
}

/* Adds WordNet's senses of word (and its lemmas) to r. */
static void dict_wn_lookup(const char *word, struct dict_result *r,
			   bool senses)
{
	if (!dict_wn_open()) {
		if (senses)
			dict_push_str(&r->problems, &r->n_problems,
				      &r->cap_problems,
				      xstrdup(dict_wn_problem));
		return;
	}
	char *key = dict_wn_key(word);
	if (!key)
		return;
	for (int pos = NOUN; pos <= ADV; pos++) {
		char **forms;
		size_t n = dict_wn_forms(key, pos, &forms);
		for (size_t f = 0; f < n; f++) {
			char *lemma = dict_wn_word(forms[f]);
			if (strcmp(forms[f], key) != 0 &&
			    !dict_has(r->lemmas, r->n_lemmas, lemma))
				dict_push_str(&r->lemmas, &r->n_lemmas,
					      &r->cap_lemmas, xstrdup(lemma));
			IndexPtr ip = senses ? index_lookup(forms[f], pos) : NULL;
			for (int s = 0; ip && s < ip->off_cnt; s++) {
				SynsetPtr syn = read_synset(
					pos, (long)ip->offset[s], forms[f]);
				if (!syn)
					continue;
				if (syn->defn)
					dict_add_sense(r, "WordNet", lemma,
						       dict_wn_pos_label(pos),
						       dict_wn_gloss(syn->defn));
				free_synset(syn);
			}
			if (ip)
				free_index(ip);
			free(lemma);
		}
		dict_strings_free(forms, n);
	}
	free(key);
}

static void dict_add_db(struct dict *d, const char *path)
{
	d->dbs = xgrowarray(d->dbs, &d->cap_dbs, d->n_dbs + 1, sizeof *d->dbs);
	d->dbs[d->n_dbs++] = (struct dict_db){.path = xstrdup(path)};
}

static int dict_cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The base path of a database, whatever file of it was named. */
static char *dict_db_base(const char *path)
{
	char *b = xstrdup(path);
	const char *suffixes[] = {".index", ".dict.dz", ".dict"};
	size_t n = strlen(b);
	for (size_t i = 0; i < 3; i++) {
		size_t m = strlen(suffixes[i]);
		if (n > m && strcmp(b + n - m, suffixes[i]) == 0) {
			b[n - m] = '\0';
			break;
		}
	}
	return b;
}

/* Adds the system directory's databases (sorted by name) that the config
 * did not already name. */
static void dict_scan_system(struct dict *d)
{
	d->scanned = true;
	const char *dir = getenv("BUILDSPEAK_DICTD_DIR");
	if (!dir || !*dir)
		dir = DICT_SYSTEM_DIR;
	DIR *dp = opendir(dir);
	if (!dp)
		return;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(dp))) {
		size_t len = strlen(de->d_name);
		if (len > 6 && strcmp(de->d_name + len - 6, ".index") == 0)
			dict_push_str(&names, &n, &cap,
				      xasprintf("%s/%.*s", dir, (int)(len - 6),
						de->d_name));
	}
	closedir(dp);
	if (n > 1) /* names is NULL when there are none: not for qsort */
		qsort(names, n, sizeof *names, dict_cmp_names);
	for (size_t i = 0; i < n; i++) {
		bool dup = false;
		for (size_t j = 0; j < d->n_config && !dup; j++) {
			char *b = dict_db_base(d->dbs[j].path);
			dup = strcmp(b, names[i]) == 0;
			free(b);
		}
		if (!dup)
			dict_add_db(d, names[i]);
	}
	dict_strings_free(names, n);
}

struct dict *dict_new(const char *const *files, size_t n_files)
{
	struct dict *d = xcalloc(1, sizeof *d);
	for (size_t i = 0; i < n_files; i++)
		dict_add_db(d, files[i]);
	d->n_config = n_files;
	return d;
}

void dict_free(struct dict *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n_dbs; i++) {
		free(d->dbs[i].path);
		free(d->dbs[i].error);
		dictd_close(d->dbs[i].db);
	}
	free(d->dbs);
	free(d);
}

/* Adds one dictd database's entries for word, or else for the first of
 * the lemmas it has. */
static void dict_db_lookup(struct dict_db *db, const char *word,
			   struct dict_result *r)
{
	char err[512];
	if (!db->tried) {
		db->tried = true;
		db->db = dictd_open(db->path, err, sizeof err);
		if (!db->db)
			db->error = xstrdup(err);
	}
	if (!db->db) {
		dict_push_str(&r->problems, &r->n_problems, &r->cap_problems,
			      xstrdup(db->error));
		return;
	}
	for (size_t i = 0; i <= r->n_lemmas; i++) {
		const char *w = i == 0 ? word : r->lemmas[i - 1];
		struct dictd_entry *v;
		long n = dictd_lookup(db->db, w, &v, err, sizeof err);
		if (n < 0) {
			dict_push_str(&r->problems, &r->n_problems,
				      &r->cap_problems, xstrdup(err));
			return;
		}
		for (long j = 0; j < n; j++) {
			dict_add_sense(r, dictd_name(db->db), v[j].headword,
				       "", v[j].text);
			v[j].text = NULL;
		}
		dictd_entries_free(v, (size_t)n);
		if (n > 0)
			return;
	}
}

/* word without surrounding blanks and with inner runs of blanks as one
 * space. */
static char *dict_trim(const char *word)
{
	char *w = xmalloc(strlen(word) + 1), *o = w;
	for (const char *p = word; *p; p++) {
		bool blank = *p == ' ' || *p == '\t' || *p == '\n' ||
			     *p == '\r';
		if (blank) {
			if (o > w && o[-1] != ' ')
				*o++ = ' ';
			continue;
		}
		*o++ = *p;
	}
	if (o > w && o[-1] == ' ')
		o--;
	*o = '\0';
	return w;
}

size_t dict_lookup(struct dict *d, const char *word, struct dict_result *out)
{
	memset(out, 0, sizeof *out);
	char *w = dict_trim(word);
	if (*w) {
		dict_wn_lookup(w, out, true);
		if (!d->scanned)
			dict_scan_system(d);
		for (size_t i = 0; i < d->n_dbs; i++)
			dict_db_lookup(&d->dbs[i], w, out);
	}
	free(w);
	return out->n_senses;
}

void dict_result_free(struct dict_result *r)
{
	for (size_t i = 0; i < r->n_senses; i++) {
		free(r->senses[i].source);
		free(r->senses[i].lemma);
		free(r->senses[i].pos);
		free(r->senses[i].text);
	}
	free(r->senses);
	dict_strings_free(r->lemmas, r->n_lemmas);
	dict_strings_free(r->problems, r->n_problems);
	memset(r, 0, sizeof *r);
}

size_t dict_lemmas(struct dict *d, const char *word, char ***out)
{
	(void)d;
	struct dict_result r;
	memset(&r, 0, sizeof r);
	char *w = dict_trim(word);
	dict_wn_lookup(w, &r, false);
	free(w);
	*out = r.lemmas;
	size_t n = r.n_lemmas;
	r.lemmas = NULL;
	r.n_lemmas = 0;
	dict_result_free(&r);
	return n;
}

const char *dict_wordnet_problem(struct dict *d)
{
	(void)d;
	return dict_wn_open() ? NULL : dict_wn_problem;
}
