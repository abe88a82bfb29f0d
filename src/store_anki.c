/* store_anki: an Anki collection (schema 11) and a package's media map,
 * written with SQLite; the JSON in them is made by SQLite's JSON
 * functions from bound values. */
#include "buildspeak/store_anki.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "buildspeak/alloc.h"

/* The tables of a schema 11 collection, as Anki 2.1 created them. */
static const char store_anki_schema[] =
	"CREATE TABLE col (id integer primary key, crt integer not null,"
	" mod integer not null, scm integer not null, ver integer not null,"
	" dty integer not null, usn integer not null, ls integer not null,"
	" conf text not null, models text not null, decks text not null,"
	" dconf text not null, tags text not null);"
	"CREATE TABLE notes (id integer primary key, guid text not null,"
	" mid integer not null, mod integer not null, usn integer not null,"
	" tags text not null, flds text not null, sfld integer not null,"
	" csum integer not null, flags integer not null,"
	" data text not null);"
	"CREATE TABLE cards (id integer primary key, nid integer not null,"
	" did integer not null, ord integer not null, mod integer not null,"
	" usn integer not null, type integer not null,"
	" queue integer not null, due integer not null, ivl integer not null,"
	" factor integer not null, reps integer not null,"
	" lapses integer not null, left integer not null,"
	" odue integer not null, odid integer not null,"
	" flags integer not null, data text not null);"
	"CREATE TABLE revlog (id integer primary key, cid integer not null,"
	" usn integer not null, ease integer not null, ivl integer not null,"
	" lastIvl integer not null, factor integer not null,"
	" time integer not null, type integer not null);"
	"CREATE TABLE graves (usn integer not null, oid integer not null,"
	" type integer not null);"
	"CREATE INDEX ix_notes_usn on notes (usn);"
	"CREATE INDEX ix_cards_usn on cards (usn);"
	"CREATE INDEX ix_revlog_usn on revlog (usn);"
	"CREATE INDEX ix_cards_nid on cards (nid);"
	"CREATE INDEX ix_cards_sched on cards (did, queue, due);"
	"CREATE INDEX ix_revlog_cid on revlog (cid);"
	"CREATE INDEX ix_notes_csum on notes (csum);"
	/* Scratch tables for building the note type's JSON arrays. */
	"CREATE TEMP TABLE fld (ord integer primary key, name text);"
	"CREATE TEMP TABLE req (ord integer primary key);";

/* The col row. Deck options are Anki's defaults (every key its reader
 * requires); deck 1, "Default", is in every collection. Parameters:
 * 1 now (s), 2 note type id, 3 its name, 4 template name, 5 qfmt, 6 afmt,
 * 7 css, 8 deck id, 9 deck name, 10 next new-card position. */
static const char store_anki_col[] =
	"INSERT INTO col VALUES (1, ?1, ?1 * 1000, ?1 * 1000, 11, 0, 0, 0,"
	" json_object('nextPos', ?10, 'estTimes', json('true'),"
	"  'activeDecks', json_array(?8), 'sortType', 'noteFld',"
	"  'timeLim', 0, 'sortBackwards', json('false'),"
	"  'addToCur', json('true'), 'curDeck', ?8, 'newSpread', 0,"
	"  'dueCounts', json('true'), 'curModel', CAST(?2 AS TEXT),"
	"  'collapseTime', 1200),"
	" json_object(CAST(?2 AS TEXT), json_object("
	"  'id', ?2, 'name', ?3, 'type', 0, 'mod', ?1, 'usn', -1,"
	"  'sortf', 0, 'did', ?8,"
	"  'tmpls', json_array(json_object('name', ?4, 'ord', 0,"
	"   'qfmt', ?5, 'afmt', ?6, 'bqfmt', '', 'bafmt', '',"
	"   'did', NULL, 'bfont', '', 'bsize', 0)),"
	"  'flds', json((SELECT json_group_array(json_object('name', name,"
	"   'ord', ord, 'sticky', json('false'), 'rtl', json('false'),"
	"   'font', 'Arial', 'size', 20, 'media', json_array()))"
	"   FROM (SELECT * FROM fld ORDER BY ord))),"
	"  'css', ?7,"
	"  'latexPre', '\\documentclass[12pt]{article}' || char(10) ||"
	"   '\\special{papersize=3in,5in}' || char(10) ||"
	"   '\\usepackage[utf8]{inputenc}' || char(10) ||"
	"   '\\usepackage{amssymb,amsmath}' || char(10) ||"
	"   '\\pagestyle{empty}' || char(10) ||"
	"   '\\setlength{\\parindent}{0in}' || char(10) ||"
	"   '\\begin{document}' || char(10),"
	"  'latexPost', '\\end{document}', 'latexsvg', json('false'),"
	"  'req', json_array(json_array(0, 'any',"
	"   json((SELECT json_group_array(ord) FROM (SELECT * FROM req"
	"    ORDER BY ord))))),"
	"  'tags', json_array(), 'vers', json_array())),"
	" json_object("
	"  '1', json_object('id', 1, 'mod', ?1, 'name', 'Default',"
	"   'usn', 0, 'lrnToday', json_array(0, 0),"
	"   'revToday', json_array(0, 0), 'newToday', json_array(0, 0),"
	"   'timeToday', json_array(0, 0), 'collapsed', json('false'),"
	"   'browserCollapsed', json('false'), 'desc', '', 'dyn', 0,"
	"   'conf', 1, 'extendNew', 10, 'extendRev', 50),"
	"  CAST(?8 AS TEXT), json_object('id', ?8, 'mod', ?1, 'name', ?9,"
	"   'usn', -1, 'lrnToday', json_array(0, 0),"
	"   'revToday', json_array(0, 0), 'newToday', json_array(0, 0),"
	"   'timeToday', json_array(0, 0), 'collapsed', json('false'),"
	"   'browserCollapsed', json('false'), 'desc', '', 'dyn', 0,"
	"   'conf', 1, 'extendNew', 10, 'extendRev', 50)),"
	" json_object('1', json_object('id', 1, 'mod', 0,"
	"  'name', 'Default', 'usn', 0, 'maxTaken', 60,"
	"  'autoplay', json('true'), 'timer', 0, 'replayq', json('true'),"
	"  'dyn', json('false'),"
	"  'new', json_object('bury', json('false'),"
	"   'delays', json_array(1.0, 10.0), 'initialFactor', 2500,"
	"   'ints', json_array(1, 4, 0), 'order', 1, 'perDay', 20),"
	"  'rev', json_object('bury', json('false'), 'ease4', 1.3,"
	"   'ivlFct', 1.0, 'maxIvl', 36500, 'perDay', 200,"
	"   'hardFactor', 1.2),"
	"  'lapse', json_object('delays', json_array(10.0),"
	"   'leechAction', 1, 'leechFails', 8, 'minInt', 1,"
	"   'mult', 0.0))),"
	" '{}')";

/* Sets err from db's last failure ("what: reason") and returns -1. */
static int store_anki_fail(sqlite3 *db, const char *what, char *err,
			   size_t errsize)
{
	snprintf(err, errsize, "%s: %s", what,
		 db ? sqlite3_errmsg(db) : "out of memory");
	return -1;
}

/* Runs a prepared statement to its end and resets it. */
static bool store_anki_step(sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_DONE;
}

/* The note's fields joined by Anki's separator, 0x1f. New string. */
static char *store_anki_join(const char *const *fields, size_t n)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(fields[i]) + 1;
	char *s = xmalloc(len), *p = s;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(fields[i]);
		if (i)
			*p++ = '\x1f';
		memcpy(p, fields[i], l);
		p += l;
	}
	*p = '\0';
	return s;
}

/* Fills the col row: the scratch tables first, then the JSON from them. */
static int store_anki_col_row(sqlite3 *db, const struct anki_notetype *nt,
			      const char *deck, long long deck_id,
			      size_t n, long long now, char *err,
			      size_t errsize)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(db, "INSERT INTO fld VALUES (?, ?)", -1, &s,
			       NULL) != SQLITE_OK)
		return store_anki_fail(db, "collection", err, errsize);
	for (size_t i = 0; i < nt->n_fields; i++) {
		sqlite3_bind_int64(s, 1, (sqlite3_int64)i);
		sqlite3_bind_text(s, 2, nt->fields[i], -1, SQLITE_STATIC);
		if (!store_anki_step(s)) {
			sqlite3_finalize(s);
			return store_anki_fail(db, "collection", err, errsize);
		}
	}
	sqlite3_finalize(s);
	if (sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO req VALUES (?)", -1,
			       &s, NULL) != SQLITE_OK)
		return store_anki_fail(db, "collection", err, errsize);
	for (size_t i = 0; i < nt->n_front_fields; i++) {
		sqlite3_bind_int(s, 1, nt->front_fields[i]);
		if (!store_anki_step(s)) {
			sqlite3_finalize(s);
			return store_anki_fail(db, "collection", err, errsize);
		}
	}
	sqlite3_finalize(s);

	if (sqlite3_prepare_v2(db, store_anki_col, -1, &s, NULL) != SQLITE_OK)
		return store_anki_fail(db, "collection", err, errsize);
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, nt->id);
	sqlite3_bind_text(s, 3, nt->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, nt->template_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, nt->qfmt, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, nt->afmt, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, nt->css, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 8, deck_id);
	sqlite3_bind_text(s, 9, deck, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 10, (sqlite3_int64)n + 1);
	bool ok = store_anki_step(s);
	sqlite3_finalize(s);
	return ok ? 0 : store_anki_fail(db, "collection", err, errsize);
}

/* Inserts the notes, each with its one new card. */
static int store_anki_notes(sqlite3 *db, const struct anki_notetype *nt,
			    long long deck_id, const struct anki_note *notes,
			    size_t n, long long now, char *err, size_t errsize)
{
	sqlite3_stmt *ins_note = NULL, *ins_card = NULL;
	/* sfld: the sort field (the first) as text; csum 0 -- Anki works
	 * out both again when it imports a note. */
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1,"
			       " ?5, ?6, ?7, 0, 0, '')",
			       -1, &ins_note, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "INSERT INTO cards VALUES (?1, ?2, ?3, 0, ?4,"
			       " -1, 0, 0, ?5, 0, 0, 0, 0, 0, 0, 0, 0, '')",
			       -1, &ins_card, NULL) != SQLITE_OK) {
		sqlite3_finalize(ins_note);
		return store_anki_fail(db, "collection", err, errsize);
	}
	long long base = now * 1000;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct anki_note *no = &notes[i];
		char *flds = store_anki_join(no->fields, nt->n_fields);
		/* Anki keeps tags with a space on each side. */
		char *tags = no->tags[0] ? xasprintf(" %s ", no->tags)
					 : xstrdup("");
		long long id = base + (long long)i;
		sqlite3_bind_int64(ins_note, 1, id);
		sqlite3_bind_text(ins_note, 2, no->guid, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins_note, 3, nt->id);
		sqlite3_bind_int64(ins_note, 4, now);
		sqlite3_bind_text(ins_note, 5, tags, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins_note, 6, flds, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins_note, 7, nt->n_fields ? no->fields[0] : "",
				  -1, SQLITE_STATIC);
		if (!store_anki_step(ins_note))
			rc = store_anki_fail(db, "collection", err, errsize);
		sqlite3_bind_int64(ins_card, 1, id);
		sqlite3_bind_int64(ins_card, 2, id);
		sqlite3_bind_int64(ins_card, 3, deck_id);
		sqlite3_bind_int64(ins_card, 4, now);
		sqlite3_bind_int64(ins_card, 5, (sqlite3_int64)i + 1);
		if (rc == 0 && !store_anki_step(ins_card))
			rc = store_anki_fail(db, "collection", err, errsize);
		free(flds);
		free(tags);
	}
	sqlite3_finalize(ins_note);
	sqlite3_finalize(ins_card);
	return rc;
}

int store_anki_write(const char *path, const struct anki_notetype *nt,
		     const char *deck, long long deck_id,
		     const struct anki_note *notes, size_t n, long long now,
		     char *err, size_t errsize)
{
	sqlite3 *db = NULL;
	char what[64];
	snprintf(what, sizeof what, "cannot write the collection");
	if (sqlite3_open_v2(path, &db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		store_anki_fail(db, what, err, errsize);
		sqlite3_close(db);
		return -1;
	}
	int rc = -1;
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, store_anki_schema, NULL, NULL, NULL) != SQLITE_OK) {
		store_anki_fail(db, what, err, errsize);
		goto out;
	}
	if (store_anki_col_row(db, nt, deck, deck_id, n, now, err, errsize) ||
	    store_anki_notes(db, nt, deck_id, notes, n, now, err, errsize))
		goto out;
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		store_anki_fail(db, what, err, errsize);
		goto out;
	}
	rc = 0;
out:
	if (sqlite3_close(db) != SQLITE_OK && rc == 0)
		rc = store_anki_fail(db, what, err, errsize);
	return rc;
}

char *store_anki_media_json(const char *const *names, size_t n, char *err,
			    size_t errsize)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	char *json = NULL;
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) !=
		    SQLITE_OK ||
	    sqlite3_exec(db, "CREATE TABLE m (k integer primary key, name text)",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO m VALUES (?, ?)", -1, &s,
			       NULL) != SQLITE_OK) {
		store_anki_fail(db, "media map", err, errsize);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_int64(s, 1, (sqlite3_int64)i);
		sqlite3_bind_text(s, 2, names[i], -1, SQLITE_STATIC);
		if (!store_anki_step(s)) {
			store_anki_fail(db, "media map", err, errsize);
			goto out;
		}
	}
	sqlite3_finalize(s);
	s = NULL;
	if (sqlite3_prepare_v2(db,
			       "SELECT coalesce((SELECT json_group_object("
			       "CAST(k AS TEXT), name) FROM (SELECT * FROM m"
			       " ORDER BY k)), '{}')",
			       -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_ROW) {
		store_anki_fail(db, "media map", err, errsize);
		goto out;
	}
	json = xstrdup((const char *)sqlite3_column_text(s, 0));
out:
	sqlite3_finalize(s);
	sqlite3_close(db);
	return json;
}
