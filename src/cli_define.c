/* cli_define: `buildspeak define WORD... [--json]` -- what each word or
 * phrase means: the glosses the library's episodes gave it, then the
 * dictionaries' senses (lookup.h). The library is only read, and a
 * missing one is no error (the dictionaries still answer). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "buildspeak/alloc.h"
#include "buildspeak/config.h"
#include "buildspeak/dict.h"
#include "buildspeak/lookup.h"
#include "buildspeak/store.h"
#include "buildspeak/text.h"
#include "cli_int.h"

/* How many episodes a gloss names before "+N more". */
#define CLI_DEFINE_EPISODES 3

/* The `dict FILE` lines of the user's config (or --config FILE). Config
 * mistakes are shown as warnings: they never stop a look-up. */
static void cli_define_config(struct cli *c, struct config *cfg)
{
	config_init(cfg);
	const char *path = cli_opt(c, CLI_O_CONFIG);
	char *user = path ? NULL : config_user_path();
	if (path || user)
		config_read_file(cfg, path ? path : user, path != NULL);
	free(user);
	for (size_t i = 0; i < cfg->n_errors; i++)
		cli_error("warning: %s", cfg->errors[i]);
}

/* Opens the library read-only; *st stays NULL when there is none. */
static int cli_define_library(struct cli *c, struct store **st)
{
	char err[512];
	enum store_err kind = STORE_OK;
	*st = NULL;
	c->db_path = store_default_path(cli_opt(c, CLI_O_DB));
	*st = store_open(c->db_path, STORE_OPEN_READONLY, &kind, err,
			 sizeof err);
	if (*st || kind == STORE_ERR_NOT_FOUND)
		return EX_OK;
	cli_error("cannot open the library %s: %s", c->db_path, err);
	return EX_IOERR;
}

/* Prints untrusted multi-line text, every line indented. */
static void cli_define_block(const char *indent, const char *raw)
{
	char *s = text_sanitize(raw);
	for (char *line = s; line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		printf("%s%s\n", *line ? indent : "", line);
		line = nl ? nl + 1 : NULL;
	}
	free(s);
}

static void cli_define_print(const struct lookup *l)
{
	printf("== ");
	cli_put(l->word);
	printf(" ==\n");
	if (l->n_glosses) {
		printf("Library glossary");
		if (strcmp(l->glossary_of, l->word) != 0) {
			printf(" (of its head word ");
			cli_put(l->glossary_of);
			printf(")");
		}
		printf(":\n");
	}
	for (size_t i = 0; i < l->n_glosses; i++) {
		char *line = lookup_gloss_line(&l->glosses[i],
					       CLI_DEFINE_EPISODES);
		printf("  ");
		cli_put(line);
		printf("\n");
		free(line);
	}
	const char *source = NULL;
	int number = 0;
	for (size_t i = 0; i < l->dict.n_senses; i++) {
		const struct dict_sense *s = &l->dict.senses[i];
		if (!source || strcmp(source, s->source) != 0) {
			source = s->source;
			number = 0;
			cli_put(source);
			if (strcmp(l->senses_of, l->word) != 0) {
				printf(" (of its head word ");
				cli_put(l->senses_of);
				printf(")");
			}
			printf(":\n");
		}
		if (s->pos[0]) { /* WordNet: one line a sense */
			printf("  %d. ", ++number);
			cli_put(s->lemma);
			printf(" (%s) ", s->pos);
			cli_put(s->text);
			printf("\n");
		} else { /* a dictd entry: its own lines, apart */
			if (number++)
				printf("\n");
			cli_define_block("  ", s->text);
		}
	}
	if (l->n_glosses == 0 && l->dict.n_senses == 0) {
		printf("  not in the library's glossary");
		printf(l->dict.n_problems ? " nor in the dictionaries that "
					    "could be read\n"
					  : " nor in the dictionaries\n");
	}
}

int cli_cmd_define(struct cli *c)
{
	struct config cfg;
	struct store *st;
	int rc = cli_define_library(c, &st);
	if (rc != EX_OK)
		return rc;
	c->st = st; /* closed by cli_main */
	cli_define_config(c, &cfg);
	struct dict *d = dict_new((const char *const *)cfg.dicts, cfg.n_dicts);
	bool json = cli_opt(c, CLI_O_JSON) != NULL;
	bool wordnet_missing = false, broken = false;
	char **said = NULL; /* problems reported */
	size_t n_said = 0, cap_said = 0;
	if (json)
		fputs("[", stdout);
	for (int i = 0; i < c->n_args && rc == EX_OK; i++) {
		struct lookup l;
		if (lookup_word(st, d, c->args[i], &l) != 0) {
			rc = cli_store_failed(c, "cannot look the word up in "
						 "the library");
			lookup_free(&l);
			break;
		}
		/* Each problem once, though every word meets it. */
		for (size_t j = 0; j < l.dict.n_problems; j++) {
			const char *p = l.dict.problems[j];
			bool seen = false;
			for (size_t k = 0; k < n_said && !seen; k++)
				seen = strcmp(said[k], p) == 0;
			if (seen)
				continue;
			said = xgrowarray(said, &cap_said, n_said + 1,
				sizeof *said);
			said[n_said++] = xstrdup(p);
			cli_error("%s", p);
			if (strstr(p, "WordNet"))
				wordnet_missing = true;
			else
				broken = true;
		}
		if (json) {
			/* Built where SQLite is: any open store serves, and
			 * without a library an in-memory one does. */
			struct store *js = st;
			char err[256];
			if (!js)
				js = c->st = store_open(":memory:",
							STORE_OPEN_CREATE,
							NULL, err, sizeof err);
			char *j = js ? store_define_json(js, l.word,
							 l.glossary_of,
							 l.glosses, l.n_glosses,
							 l.senses_of, &l.dict)
				     : NULL;
			if (!j) {
				cli_error("cannot write the answer as JSON: %s",
					  js ? store_error(js) : err);
				rc = EX_SOFTWARE;
			} else {
				printf("%s%s", i ? "," : "", j);
			}
			free(j);
			st = js;
		} else {
			if (i)
				printf("\n");
			cli_define_print(&l);
		}
		lookup_free(&l);
	}
	if (json)
		fputs("]\n", stdout);
	for (size_t k = 0; k < n_said; k++)
		free(said[k]);
	free(said);
	dict_free(d);
	config_free(&cfg);
	if (rc == EX_OK && broken)
		rc = EX_DATAERR;
	else if (rc == EX_OK && wordnet_missing)
		rc = EX_UNAVAILABLE;
	return rc;
}
