/* store_schema: the library's schema and its migrations. */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>

#include "buildspeak/alloc.h"

/* ---- schema ---------------------------------------------------------------
 *
 * migrations[i] takes the schema from version i to version i + 1. Each runs
 * in its own transaction together with the PRAGMA user_version that records
 * it, so a crash mid-migration leaves the previous version intact. Never
 * edit a step that has shipped: append a new one. */
static const char *const store_migrations[] = {
	/* 1: episodes, their segments and their glossary. */
	"CREATE TABLE episodes ("
	"  id INTEGER PRIMARY KEY,"
	"  title TEXT NOT NULL,"
	"  podcast TEXT NOT NULL DEFAULT '',"
	"  date TEXT NOT NULL DEFAULT '',"           /* YYYY-MM-DD or '' */
	"  source_url TEXT NOT NULL DEFAULT '',"
	"  audio TEXT NOT NULL DEFAULT '',"
	"  words INTEGER NOT NULL DEFAULT 0,"
	"  reading_minutes INTEGER NOT NULL DEFAULT 0,"
	"  duration REAL NOT NULL DEFAULT 0,"        /* seconds */
	"  imported_at INTEGER NOT NULL"             /* unix time */
	");"
	"CREATE INDEX episodes_by_source ON episodes(source_url);"
	"CREATE INDEX episodes_by_ident ON episodes(podcast, date, title);"
	"CREATE INDEX episodes_by_date ON episodes(date, id);"
	"CREATE TABLE segments ("
	"  episode_id INTEGER NOT NULL"
	"    REFERENCES episodes(id) ON DELETE CASCADE,"
	"  idx INTEGER NOT NULL,"                    /* 0-based, in time order */
	"  speaker INTEGER NOT NULL"
	"    CONSTRAINT \"speaker must be >= 1\" CHECK (speaker >= 1),"
	"  start REAL NOT NULL"                      /* seconds */
	"    CONSTRAINT \"start must be >= 0\" CHECK (start >= 0),"
	"  \"end\" REAL NOT NULL"                    /* seconds */
	"    CONSTRAINT \"end must not be before start\" CHECK (\"end\" >= start),"
	"  en TEXT NOT NULL,"
	"  zh TEXT NOT NULL,"
	"  PRIMARY KEY (episode_id, idx)"
	") WITHOUT ROWID;"
	"CREATE TABLE terms ("
	"  episode_id INTEGER NOT NULL"
	"    REFERENCES episodes(id) ON DELETE CASCADE,"
	"  idx INTEGER NOT NULL,"                    /* glossary order */
	"  term TEXT NOT NULL,"
	"  gloss TEXT NOT NULL DEFAULT '',"
	"  count INTEGER NOT NULL DEFAULT 1,"
	"  first_segment INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (episode_id, idx)"
	") WITHOUT ROWID;",

	/* 2: reading progress and the vocabulary book. A context copies its
	 * sentence and episode metadata, and its episode_id is SET NULL (not
	 * cascaded) when the episode goes, so the book outlives the library's
	 * episodes. term_key is text_fold(term), computed in C: SQLite's own
	 * lower() only knows ASCII. */
	"CREATE TABLE progress ("
	"  episode_id INTEGER PRIMARY KEY"
	"    REFERENCES episodes(id) ON DELETE CASCADE,"
	"  position REAL NOT NULL DEFAULT 0,"        /* seconds */
	"  segment INTEGER NOT NULL DEFAULT -1,"
	"  opened_at INTEGER NOT NULL,"              /* unix time */
	"  opened_seq INTEGER NOT NULL"              /* orders opens in a second */
	");"
	"CREATE TABLE vocab ("
	"  id INTEGER PRIMARY KEY,"
	"  term TEXT NOT NULL CONSTRAINT \"empty term\" CHECK (term <> ''),"
	"  term_key TEXT NOT NULL UNIQUE,"
	"  gloss TEXT NOT NULL DEFAULT '',"
	"  note TEXT NOT NULL DEFAULT '',"
	"  created INTEGER NOT NULL,"                /* unix time */
	"  updated INTEGER NOT NULL"                 /* unix time */
	");"
	"CREATE TABLE vocab_context ("
	"  id INTEGER PRIMARY KEY,"
	"  vocab_id INTEGER NOT NULL REFERENCES vocab(id) ON DELETE CASCADE,"
	"  en TEXT NOT NULL,"
	"  zh TEXT NOT NULL DEFAULT '',"
	"  episode_id INTEGER REFERENCES episodes(id) ON DELETE SET NULL,"
	"  title TEXT NOT NULL DEFAULT '',"
	"  podcast TEXT NOT NULL DEFAULT '',"
	"  date TEXT NOT NULL DEFAULT '',"
	"  source_url TEXT NOT NULL DEFAULT '',"
	"  at REAL NOT NULL DEFAULT 0,"              /* seconds */
	"  saved INTEGER NOT NULL,"                  /* unix time */
	"  UNIQUE (vocab_id, en)"
	");"
	"CREATE INDEX vocab_context_by_episode ON vocab_context(episode_id);",

	/* 3: the segments' times without their text. A segment's row holds
	 * its text, ~0.8 kB on the sample, so the table's b-tree spills into
	 * overflow pages and any scan of it (the list's segment count, the
	 * reader's time table) reads every page of text: 21 MB for 10,000
	 * segments. This index is ~30 bytes a segment. */
	"CREATE INDEX segments_times ON segments"
	"(episode_id, idx, speaker, start, \"end\");",

	/* 4: each episode's segment count kept with it, written by the
	 * transaction that writes its segments, so that the list is one flat
	 * scan of the episodes instead of a count per episode (84% of the
	 * list's cost at 1,000 episodes). Its words were kept already. */
	"ALTER TABLE episodes ADD COLUMN n_segments INTEGER NOT NULL "
	"DEFAULT 0;"
	"UPDATE episodes SET n_segments = (SELECT count(*) FROM segments s "
	"WHERE s.episode_id = episodes.id);",

	/* 5: the glossaries looked up by term, across episodes (`define`,
	 * the reader's look-up). Without it each look-up scans every
	 * episode's terms: ~100 ms a word at 1,000 episodes. NOCASE folds
	 * A-Z only, as the terms are English; the index stays usable by
	 * any SQLite (no function of ours in it). */
	"CREATE INDEX terms_by_term ON terms(term COLLATE NOCASE);",

	/* 6 (STORE_SCHEMA_SEARCH): full-text search; the SQL lives with the
	 * search index, in store_search_index.c. */
	store_search_migration,

	/* 7: an episode the learner marked finished (the list shows it). On
	 * the episode, not its progress row: an episode never opened can be
	 * marked, and a re-import (an UPDATE) keeps the mark. */
	"ALTER TABLE episodes ADD COLUMN finished INTEGER NOT NULL DEFAULT 0;",

	/* 8 (STORE_SCHEMA_SEARCH_TOKENIZER): the Chinese side's own
	 * tokenizer, and an import that indexes its sentences in one
	 * statement; the SQL lives with the search. */
	store_search_migration_tokenizer,
};

#define STORE_SCHEMA_VERSION \
	((int)(sizeof store_migrations / sizeof store_migrations[0]))

/* The version is re-read inside each transaction: another process may have
 * migrated the file while we waited for the lock. store_open has decided
 * that the file is ours (or an empty database) before this writes to it;
 * the checks here hold against another program changing it since. */
int store_migrate(struct store *st)
{
	long long version = store_query_int(st, "PRAGMA user_version");
	if (version < 0)
		return -1;
	if (version > STORE_SCHEMA_VERSION)
		return store_fail(st, STORE_ERR_FOREIGN, "%s: the library is "
				  "at schema version %lld, newer than this "
				  "buildspeak knows (%d): use a newer "
				  "buildspeak",
				  st->path, version, STORE_SCHEMA_VERSION);
	if (version > 0 && store_query_int(st, "PRAGMA application_id")
	    != STORE_APPLICATION_ID)
		return store_fail(st, STORE_ERR_FOREIGN,
				  "%s: not a buildspeak library", st->path);

	while (version < STORE_SCHEMA_VERSION) {
		if (store_begin(st) != 0)
			return -1;
		version = store_query_int(st, "PRAGMA user_version");
		if (version < 0)
			goto fail;
		if (version > STORE_SCHEMA_VERSION) {
			store_fail(st, STORE_ERR_FOREIGN, "%s: the library was "
				   "just migrated to schema version %lld by a "
				   "newer buildspeak", st->path, version);
			goto fail;
		}
		if (version == STORE_SCHEMA_VERSION) {
			store_rollback(st);
			break;
		}
		if (version == 0) {
			long long tables = store_query_int(st,
				"SELECT count(*) FROM sqlite_schema");
			long long app = store_query_int(st,
				"PRAGMA application_id");
			if (tables < 0 || app < 0)
				goto fail;
			if (tables > 0 || (app != 0 &&
					   app != STORE_APPLICATION_ID)) {
				store_fail(st, STORE_ERR_FOREIGN,
					   "%s: not a buildspeak library "
					   "(it holds other tables)", st->path);
				goto fail;
			}
		}
		char what[64];
		snprintf(what, sizeof what, "migrating to schema version %lld",
			 version + 1);
		if (store_exec(st, store_migrations[version], what) != 0)
			goto fail;
		char *sql = version == 0
			? xasprintf("PRAGMA application_id = %d;"
				    "PRAGMA user_version = 1",
				    STORE_APPLICATION_ID)
			: xasprintf("PRAGMA user_version = %lld", version + 1);
		int rc = store_exec(st, sql, what);
		free(sql);
		if (rc != 0 || store_commit(st) != 0)
			goto fail;
		version++;
	}
	st->version = STORE_SCHEMA_VERSION;
	return 0;
fail:
	store_rollback(st);
	return -1;
}


int store_schema_current(void)
{
	return STORE_SCHEMA_VERSION;
}

bool store_has_finished(const struct store *st)
{
	return st->version >= 7;
}

bool store_has_counts(const struct store *st)
{
	return st->version >= 4;
}

int store_schema_version(struct store *st)
{
	return (int)store_query_int(st, "PRAGMA user_version");
}
