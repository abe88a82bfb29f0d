/* Tests of the Anki package export: a library with a generated WAV
 * episode, a URL episode and one whose audio file is gone; the package
 * written, then opened as Anki would -- the zip with libzip, the
 * collection with SQLite (schema, note type, deck, notes, fields, cards),
 * the media map, and each clip with libavformat (an mp3 as long as its
 * sentence and the pad, within 50 ms). Also cancelling (no file, an old
 * file kept), stable names and bytes across exports, and the summary. */
#include "check.h"

#include <glob.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <sqlite3.h>
#include <zip.h>

#include "buildspeak/alloc.h"
#include "buildspeak/apkg.h"
#include "buildspeak/episode.h"
#include "buildspeak/store.h"
#include "buildspeak/vocab.h"

#define RATE 22050
#define WAV_SECONDS 20
#define DECK "Test Deck"

static char tmpdir[64];

/* A mono 16-bit WAV of seconds of a triangle wave (no silence, so an
 * encoder cannot shorten it). */
static void write_wav(const char *path, int seconds)
{
	FILE *f = fopen(path, "wb");
	uint32_t n = (uint32_t)seconds * RATE, data = n * 2;
	uint32_t u32;
	uint16_t u16;
	fwrite("RIFF", 1, 4, f);
	u32 = 36 + data; fwrite(&u32, 4, 1, f);
	fwrite("WAVEfmt ", 1, 8, f);
	u32 = 16; fwrite(&u32, 4, 1, f);
	u16 = 1; fwrite(&u16, 2, 1, f);  /* PCM */
	u16 = 1; fwrite(&u16, 2, 1, f);  /* mono */
	u32 = RATE; fwrite(&u32, 4, 1, f);
	u32 = RATE * 2; fwrite(&u32, 4, 1, f);
	u16 = 2; fwrite(&u16, 2, 1, f);
	u16 = 16; fwrite(&u16, 2, 1, f);
	fwrite("data", 1, 4, f);
	fwrite(&data, 4, 1, f);
	for (uint32_t i = 0; i < n; i++) {
		int phase = (int)(i % 50); /* 441 Hz */
		int16_t s = (int16_t)((phase < 25 ? phase : 50 - phase) * 800 -
				      10000);
		fwrite(&s, 2, 1, f);
	}
	fclose(f);
}

struct seg {
	double start, end;
	const char *en, *zh;
};

static const struct seg segs[] = {
	{ 0.0, 2.0, "We build agents today.", "我们今天构建智能体。" },
	{ 3.0, 5.5, "An Agent is a loop.", "智能体就是一个循环。" },
	{ 8.2, 11.7, "Our R&D <team> is \"great\".", "研发团队很棒。" },
	{ 40.0, 42.0, "This is the end.", "结束了。" },
};
#define N_SEGS (sizeof segs / sizeof segs[0])

static long long add_episode(struct store *st, const char *title,
			     const char *url, const char *audio)
{
	struct episode *ep = episode_new();
	episode_set(&ep->title, title);
	episode_set(&ep->podcast, "Test Pod");
	episode_set(&ep->date, "2025-05-01");
	episode_set(&ep->source_url, url);
	episode_set(&ep->audio, audio);
	for (size_t i = 0; i < N_SEGS; i++)
		episode_add_segment(ep, 1, segs[i].start, segs[i].end,
				    xstrdup(segs[i].en), xstrdup(segs[i].zh),
				    0);
	episode_update_stats(ep);
	CHECK_INT(store_episode_save(st, ep, 0), 0);
	long long id = ep->id;
	episode_free(ep);
	return id;
}

static void save(struct store *st, long long ep_id, size_t seg,
		 const char *term, const char *gloss, const char *note)
{
	struct vocab_entry e;
	memset(&e, 0, sizeof e);
	e.term = xstrdup(term);
	e.gloss = xstrdup(gloss);
	e.note = xstrdup(note);
	if (ep_id) {
		struct episode *ep = NULL;
		CHECK_INT(store_episode_load(st, ep_id, &ep), 0);
		e.contexts = xcalloc(1, sizeof *e.contexts);
		vocab_context_from_segment(&e.contexts[0], ep, ep_id, seg);
		e.n_contexts = 1;
		episode_free(ep);
	}
	bool existed = false;
	CHECK_INT(store_vocab_add(st, &e, &existed), 0);
	vocab_entry_clear(&e);
}

/* The zip entry name of archive z as a new buffer (*len bytes), or NULL. */
static char *zip_read(zip_t *z, const char *name, size_t *len)
{
	zip_stat_t zs;
	if (zip_stat(z, name, 0, &zs) != 0)
		return NULL;
	zip_file_t *f = zip_fopen(z, name, 0);
	if (!f)
		return NULL;
	char *buf = xmalloc(zs.size + 1);
	zip_int64_t got = zip_fread(f, buf, zs.size);
	zip_fclose(f);
	if (got < 0 || (zip_uint64_t)got != zs.size) {
		free(buf);
		return NULL;
	}
	buf[zs.size] = '\0';
	*len = zs.size;
	return buf;
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	fwrite(data, 1, len, f);
	fclose(f);
}

/* An mp3's length in seconds as a player hears it: its audio demuxed by
 * libavformat and decoded by libavcodec, which drop the encoder's delay
 * and padding that the LAME header names (the container's own duration
 * counts whole frames, those included). -1 when it is no mp3. */
static double mp3_seconds(const char *path, double *stated)
{
	AVFormatContext *ic = NULL;
	if (avformat_open_input(&ic, path, NULL, NULL) < 0)
		return -1;
	double d = -1;
	const AVCodec *dc = NULL;
	AVCodecContext *dec = NULL;
	AVPacket *pkt = av_packet_alloc();
	AVFrame *fr = av_frame_alloc();
	if (avformat_find_stream_info(ic, NULL) < 0 || ic->nb_streams != 1 ||
	    ic->streams[0]->codecpar->codec_id != AV_CODEC_ID_MP3 ||
	    strcmp(ic->iformat->name, "mp3") != 0 ||
	    !(dc = avcodec_find_decoder(AV_CODEC_ID_MP3)) ||
	    !(dec = avcodec_alloc_context3(dc)) ||
	    avcodec_parameters_to_context(dec, ic->streams[0]->codecpar) < 0 ||
	    (dec->pkt_timebase = ic->streams[0]->time_base,
	     avcodec_open2(dec, dc, NULL) < 0))
		goto out;
	*stated = (double)ic->duration / AV_TIME_BASE;
	long long samples = 0;
	int rate = dec->sample_rate;
	bool eof = false;
	while (!eof) {
		if (av_read_frame(ic, pkt) < 0) {
			eof = true;
			avcodec_send_packet(dec, NULL);
		} else {
			avcodec_send_packet(dec, pkt);
			av_packet_unref(pkt);
		}
		while (avcodec_receive_frame(dec, fr) == 0)
			samples += fr->nb_samples;
	}
	d = (double)samples / rate;
out:
	av_frame_free(&fr);
	av_packet_free(&pkt);
	avcodec_free_context(&dec);
	avformat_close_input(&ic);
	return d;
}

static char *query_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s = NULL;
	char *out = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		out = xstrdup((const char *)sqlite3_column_text(s, 0));
	else
		fprintf(stderr, "query failed: %s: %s\n", sql,
			sqlite3_errmsg(db));
	sqlite3_finalize(s);
	return out;
}

static long long query_int(sqlite3 *db, const char *sql)
{
	char *t = query_text(db, sql);
	long long v = t ? atoll(t) : -1;
	free(t);
	return v;
}

/* The note whose guid is the term's: its fields split at 0x1f (7 of them)
 * and its tags. Returns false when there is none. */
static bool note_fields(sqlite3 *db, const char *term, char *fields[7],
			char **tags)
{
	char *guid = apkg_note_guid(term);
	sqlite3_stmt *s = NULL;
	bool found = false;
	sqlite3_prepare_v2(db, "SELECT flds, tags FROM notes WHERE guid = ?",
			   -1, &s, NULL);
	sqlite3_bind_text(s, 1, guid, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		char *flds = xstrdup((const char *)sqlite3_column_text(s, 0));
		*tags = xstrdup((const char *)sqlite3_column_text(s, 1));
		char *p = flds;
		for (int i = 0; i < 7; i++) {
			char *sep = p ? strchr(p, '\x1f') : NULL;
			if (sep)
				*sep = '\0';
			fields[i] = xstrdup(p ? p : "(missing)");
			p = sep ? sep + 1 : NULL;
		}
		CHECK(p == NULL); /* exactly 7 */
		free(flds);
		found = true;
	}
	sqlite3_finalize(s);
	free(guid);
	return found;
}

static void free_fields(char *fields[7], char *tags)
{
	for (int i = 0; i < 7; i++)
		free(fields[i]);
	free(tags);
}

/* The media name in "[sound:NAME]", or NULL. New string. */
static char *sound_name(const char *field)
{
	size_t n = strlen(field);
	if (strncmp(field, "[sound:", 7) != 0 || n < 9 || field[n - 1] != ']')
		return NULL;
	return xstrndup(field + 7, n - 8);
}

static int cancel_at;
static bool cancel_in_zip; /* cancel at the second call with done == total:
			      the first from the last clip, then libzip's */
static size_t progress_calls, progress_last, progress_total, progress_full;
static int progress(void *ctx, size_t done, size_t total)
{
	(void)ctx;
	progress_calls++;
	if (done == total && ++progress_full == 2 && cancel_in_zip)
		return 1;
	CHECK(done <= total);
	CHECK(done >= progress_last || done == 0); /* 0: a new export */
	progress_last = done;
	progress_total = total;
	return cancel_at >= 0 && done >= (size_t)cancel_at;
}

/* Checks the package at path, as written from the test library; puts the
 * clips' media names and bytes (sorted by name) in names[]/clips[]. */
static void check_package(const char *path, char *names[3], char *clips[3],
			  size_t clip_len[3])
{
	int zerr;
	zip_t *z = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
	CHECK(z != NULL);
	if (!z)
		return;
	CHECK_INT(zip_get_num_entries(z, 0), 5); /* collection, media, 3 */

	size_t len = 0;
	char *col = zip_read(z, "collection.anki2", &len);
	CHECK(col != NULL && len > 0);
	char *colpath = xasprintf("%s/col.anki2", tmpdir);
	write_file(colpath, col, len);
	free(col);
	sqlite3 *db = NULL;
	CHECK_INT(sqlite3_open_v2(colpath, &db, SQLITE_OPEN_READONLY, NULL),
		  SQLITE_OK);

	/* Schema 11: the tables Anki's importer reads. */
	CHECK_INT(query_int(db, "SELECT count(*) FROM sqlite_master WHERE "
				"type = 'table' AND name IN ('col', 'notes', "
				"'cards', 'revlog', 'graves')"), 5);
	CHECK_INT(query_int(db, "SELECT ver FROM col"), 11);
	CHECK_INT(query_int(db, "SELECT count(*) FROM col"), 1);
	char *ok = query_text(db, "PRAGMA integrity_check");
	CHECK_STR(ok, "ok");
	free(ok);

	/* The note type: one, named BuildSpeak, its fields in order. */
	CHECK_INT(query_int(db, "SELECT count(*) FROM json_each("
				"(SELECT models FROM col))"), 1);
	char *nt = query_text(db, "SELECT json_extract(value, '$.name') FROM "
				  "json_each((SELECT models FROM col))");
	CHECK_STR(nt, "BuildSpeak");
	free(nt);
	char *fl = query_text(db,
		"SELECT group_concat(json_extract(f.value, '$.name'), ',') "
		"FROM json_each((SELECT models FROM col)) m, "
		"json_each(json_extract(m.value, '$.flds')) f");
	CHECK_STR(fl, "Term,Gloss,Sentence,Translation,Audio,Source,Note");
	free(fl);
	CHECK_INT(query_int(db, "SELECT count(*) FROM json_each("
				"(SELECT models FROM col)) m WHERE "
				"m.key = CAST(json_extract(m.value, '$.id') "
				"AS TEXT) AND json_array_length(m.value, "
				"'$.tmpls') = 1 AND json_extract(m.value, "
				"'$.tmpls[0].qfmt') LIKE '%{{Sentence}}%' AND "
				"json_extract(m.value, '$.tmpls[0].qfmt') "
				"LIKE '%{{Audio}}%' AND json_extract(m.value, "
				"'$.tmpls[0].afmt') LIKE '%{{Gloss}}%'"), 1);
	/* Every note is of that type. */
	CHECK_INT(query_int(db, "SELECT count(*) FROM notes WHERE CAST(mid AS "
				"TEXT) NOT IN (SELECT key FROM json_each("
				"(SELECT models FROM col)))"), 0);

	/* The deck, by name, and every card in it; one new card a note. */
	char *did = query_text(db, "SELECT key FROM json_each((SELECT decks "
				   "FROM col)) WHERE json_extract(value, "
				   "'$.name') = '" DECK "'");
	CHECK(did != NULL);
	CHECK_INT(query_int(db, "SELECT count(*) FROM notes"), 8);
	CHECK_INT(query_int(db, "SELECT count(*) FROM cards"), 8);
	CHECK_INT(query_int(db, "SELECT count(DISTINCT nid) FROM cards WHERE "
				"nid IN (SELECT id FROM notes) AND ord = 0 "
				"AND type = 0 AND queue = 0"), 8);
	char *sql = xasprintf("SELECT count(*) FROM cards WHERE did = %s",
			      did ? did : "0");
	CHECK_INT(query_int(db, sql), 8);
	free(sql);
	free(did);
	CHECK_INT(query_int(db, "SELECT count(DISTINCT guid) FROM notes"), 8);

	/* The fields. */
	char *f[7], *tags;
	CHECK(note_fields(db, "agent", f, &tags));
	CHECK_STR(f[0], "agent");
	CHECK_STR(f[1], "智能体");
	CHECK_STR(f[2], "An <b>Agent</b> is a loop.");
	CHECK_STR(f[3], "智能体就是一个循环。");
	CHECK(!strncmp(f[4], "[sound:buildspeak-", 18));
	CHECK_STR(f[5], "Ep 1: Agents &amp; loops · 00:03");
	CHECK_STR(f[6], "");
	CHECK_STR(tags, " buildspeak ep-1-agents-loops ");
	char *agent_clip = sound_name(f[4]);
	free_fields(f, tags);

	CHECK(note_fields(db, "R&D", f, &tags));
	CHECK_STR(f[0], "R&amp;D");
	CHECK_STR(f[1], "研发 team");
	CHECK_STR(f[2], "Our <b>R&amp;D</b> &lt;team&gt; is &quot;great&quot;.");
	CHECK_STR(f[6], "line one<br>line two");
	char *rd_clip = sound_name(f[4]);
	CHECK(rd_clip != NULL);
	free(rd_clip);
	free_fields(f, tags);

	/* The same sentence: the same clip, once in the package. */
	CHECK(note_fields(db, "loop", f, &tags));
	char *loop_clip = sound_name(f[4]);
	CHECK(agent_clip && loop_clip && !strcmp(agent_clip, loop_clip));
	free(loop_clip);
	free_fields(f, tags);

	/* Cards without audio. */
	const char *silent[] = { "end", "url", "gone", "lonely" };
	for (size_t i = 0; i < 4; i++) {
		CHECK(note_fields(db, silent[i], f, &tags));
		CHECK_STR(f[4], "");
		free_fields(f, tags);
	}
	CHECK(note_fields(db, "lonely", f, &tags));
	CHECK_STR(f[2], "");
	CHECK_STR(f[5], "");
	CHECK_STR(tags, " buildspeak ");
	free_fields(f, tags);

	/* The media map: "0".."2", each a file in the zip, each referenced
	 * by a note, each an mp3 of its sentence's length plus the pads. */
	char *map = zip_read(z, "media", &len);
	CHECK(map != NULL);
	sqlite3_stmt *s = NULL;
	sqlite3_prepare_v2(db, "SELECT key, value FROM json_each(?) ORDER BY "
			       "value", -1, &s, NULL);
	sqlite3_bind_text(s, 1, map ? map : "{}", -1, SQLITE_STATIC);
	size_t k = 0;
	while (sqlite3_step(s) == SQLITE_ROW && k < 3) {
		const char *key = (const char *)sqlite3_column_text(s, 0);
		const char *name = (const char *)sqlite3_column_text(s, 1);
		names[k] = xstrdup(name);
		clips[k] = zip_read(z, key, &clip_len[k]);
		CHECK(clips[k] != NULL);
		char *q = xasprintf("SELECT count(*) FROM notes WHERE flds "
				    "LIKE '%%[sound:%s]%%'", name);
		CHECK(query_int(db, q) >= 1);
		free(q);
		/* Which sentence: buildspeak-HASH-STARTMS-ENDMS.mp3 */
		long long a = 0, b = 0;
		const char *dash = strrchr(name, '-');
		CHECK(dash != NULL);
		if (dash) {
			b = atoll(dash + 1);
			const char *d2 = dash - 1;
			while (d2 > name && *d2 != '-')
				d2--;
			a = atoll(d2 + 1);
		}
		double want = -1;
		for (size_t i = 0; i < N_SEGS; i++) {
			double s0 = segs[i].start - 0.25;
			if (s0 < 0)
				s0 = 0;
			if ((long long)(s0 * 1000 + 0.5) == a &&
			    (long long)((segs[i].end + 0.25) * 1000 + 0.5) == b)
				want = segs[i].end + 0.25 - s0;
		}
		CHECK(want > 0);
		char *mp3 = xasprintf("%s/clip.mp3", tmpdir);
		if (clips[k])
			write_file(mp3, clips[k], clip_len[k]);
		double stated = -1;
		double got = mp3_seconds(mp3, &stated);
		if (!(got > want - 0.05 && got < want + 0.05)) {
			fprintf(stderr, "%s: %.3f s, want %.3f s\n", name, got,
				want);
			CHECK(0);
		}
		/* The header's count of frames: whole frames of the clip,
		 * the encoder's delay (~50 ms at 22.05 kHz) and padding. */
		CHECK(stated >= got && stated < got + 0.15);
		unlink(mp3);
		free(mp3);
		k++;
	}
	CHECK_INT(k, 3);
	sqlite3_finalize(s);
	free(map);
	free(agent_clip);
	sqlite3_close(db);
	unlink(colpath);
	free(colpath);
	zip_close(z);
}

int main(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test-apkg-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	setenv("TMPDIR", tmpdir, 1);
	char *wav = xasprintf("%s/ep.wav", tmpdir);
	write_wav(wav, WAV_SECONDS);
	char *dbpath = xasprintf("%s/library.db", tmpdir);
	char err[512];
	struct store *st = store_open(dbpath, STORE_OPEN_CREATE, NULL, err, sizeof err);
	CHECK(st != NULL);
	if (!st)
		return check_result();

	long long a = add_episode(st, "Ep 1: Agents & loops",
				  "https://example.com/ep1", wav);
	long long b = add_episode(st, "Ep 2", "https://example.com/ep2",
				  "https://example.com/ep2.mp3");
	char *gone = xasprintf("%s/gone.wav", tmpdir);
	long long c = add_episode(st, "Ep 3", "https://example.com/ep3", gone);
	save(st, a, 1, "agent", "智能体", "");
	save(st, a, 0, "build", "构建", "");
	save(st, a, 2, "R&D", "研发\x1f team", "line one\nline two");
	save(st, a, 1, "loop", "循环", "");
	save(st, a, 3, "end", "结束", "");
	save(st, b, 0, "url", "", "");
	save(st, c, 0, "gone", "", "");
	save(st, 0, 0, "lonely", "孤独", "");

	struct vocab_entry *v = NULL;
	size_t n = 0;
	CHECK_INT(store_vocab_list(st, STORE_VOCAB_BY_DATE, NULL, &v, &n), 0);
	CHECK_INT(n, 8);

	struct apkg_options opt;
	apkg_options_init(&opt);
	CHECK_STR(opt.deck, "BuildSpeak");
	CHECK(opt.pad == 0.25);
	opt.deck = DECK;
	opt.progress = progress;
	opt.now = 1746100800;
	cancel_at = -1;
	char *out = xasprintf("%s/vocab.apkg", tmpdir);
	struct apkg_report rep;
	int rc = apkg_export(out, st, v, n, &opt, &rep, err, sizeof err);
	if (rc != 0)
		fprintf(stderr, "apkg_export: %s\n", err);
	CHECK_INT(rc, 0);
	CHECK_INT(rep.notes, 8);
	CHECK_INT(rep.with_audio, 4);
	CHECK_INT(rep.clips, 3);
	CHECK_INT(rep.without[APKG_WHY_PAST_END], 1);
	CHECK_INT(rep.without[APKG_WHY_URL], 1);
	CHECK_INT(rep.without[APKG_WHY_MISSING], 1);
	CHECK_INT(rep.without[APKG_WHY_NO_SENTENCE], 1);
	CHECK_INT(progress_total, 4); /* one is past the end */
	CHECK_INT(progress_last, 4);
	char *text = apkg_report_text(&rep);
	CHECK_STR(text, "8 notes, 4 with audio; 4 without: 1 saved without a "
			"sentence, 1 the episode's audio is a URL, 1 the "
			"episode's audio file is missing, 1 the sentence is "
			"past the audio's end");
	free(text);

	char *names[3] = { 0 }, *clips[3] = { 0 };
	size_t clip_len[3] = { 0 };
	check_package(out, names, clips, clip_len);

	/* Again, later: the same names, guids and bytes, so Anki updates. */
	opt.now += 3600;
	progress_calls = progress_last = 0;
	char *out2 = xasprintf("%s/again.apkg", tmpdir);
	CHECK_INT(apkg_export(out2, st, v, n, &opt, NULL, err, sizeof err), 0);
	char *names2[3] = { 0 }, *clips2[3] = { 0 };
	size_t clip_len2[3] = { 0 };
	check_package(out2, names2, clips2, clip_len2);
	for (int i = 0; i < 3; i++) {
		CHECK_STR(names2[i], names[i]);
		CHECK(clips[i] && clips2[i] && clip_len[i] == clip_len2[i] &&
		      !memcmp(clips[i], clips2[i], clip_len[i]));
		free(names[i]);
		free(names2[i]);
		free(clips[i]);
		free(clips2[i]);
	}
	char *g1 = apkg_note_guid("Agent"), *g2 = apkg_note_guid("agent");
	CHECK_STR(g1, g2);
	CHECK_INT(strlen(g1), 19); /* "bs-" and 16 hex digits */
	free(g1);
	free(g2);

	/* Cancelled after the first clip: no file; an old one stays. */
	char *out3 = xasprintf("%s/cancelled.apkg", tmpdir);
	cancel_at = 1;
	progress_calls = progress_last = 0;
	CHECK_INT(apkg_export(out3, st, v, n, &opt, NULL, err, sizeof err), 1);
	struct stat sb;
	CHECK(stat(out3, &sb) != 0);
	write_file(out3, "old", 3);
	CHECK_INT(apkg_export(out3, st, v, n, &opt, NULL, err, sizeof err), 1);
	CHECK(stat(out3, &sb) == 0 && sb.st_size == 3);
	/* ... and in the last step, while libzip writes the zip. */
	cancel_at = -1;
	cancel_in_zip = true;
	progress_calls = progress_last = progress_full = 0;
	CHECK_INT(apkg_export(out3, st, v, n, &opt, NULL, err, sizeof err), 1);
	CHECK(progress_full >= 2);
	CHECK(stat(out3, &sb) == 0 && sb.st_size == 3);
	cancel_in_zip = false;
	glob_t left;
	char *temps = xasprintf("%s/cancelled.apkg?*", tmpdir);
	CHECK_INT(glob(temps, 0, NULL, &left), GLOB_NOMATCH);
	globfree(&left);
	free(temps);

	/* No audio asked: every card without; a bad pad is refused. */
	opt.no_audio = true;
	CHECK_INT(apkg_export(out3, st, v, n, &opt, &rep, err, sizeof err), 0);
	CHECK_INT(rep.with_audio, 0);
	CHECK_INT(rep.clips, 0);
	CHECK_INT(rep.without[APKG_WHY_NOT_ASKED], 7);
	opt.no_audio = false;
	opt.pad = -1;
	CHECK_INT(apkg_export(out3, st, v, n, &opt, &rep, err, sizeof err), -1);
	CHECK(strstr(err, "pad") != NULL);
	opt.pad = 0.25;

	/* An audio file that is no audio: cards without, and why. */
	write_file(wav, "not a wav file at all", 21);
	CHECK_INT(apkg_export(out3, st, v, n, &opt, &rep, err, sizeof err), 0);
	CHECK_INT(rep.with_audio, 0);
	CHECK_INT(rep.without[APKG_WHY_UNREADABLE], 5);
	CHECK(rep.unreadable[0] != '\0');

	/* The episode re-imported with other times: the saved sentences are
	 * not there any more, and the cards say so. */
	struct episode *moved = episode_new();
	episode_set(&moved->title, "Ep 1: Agents & loops");
	episode_set(&moved->source_url, "https://example.com/ep1");
	episode_set(&moved->audio, wav);
	for (size_t i = 0; i < N_SEGS; i++)
		episode_add_segment(moved, 1, segs[i].start + 1,
				    segs[i].end + 1, xstrdup(segs[i].en),
				    xstrdup(segs[i].zh), 0);
	episode_update_stats(moved);
	CHECK_INT(store_episode_save(st, moved, a), 0);
	episode_free(moved);
	CHECK_INT(apkg_export(out3, st, v, n, &opt, &rep, err, sizeof err), 0);
	CHECK_INT(rep.without[APKG_WHY_SENTENCE_GONE], 5);

	/* Nothing of the temporary files is left. */
	glob_t g;
	char *pattern = xasprintf("%s/buildspeak-apkg-*", tmpdir);
	CHECK_INT(glob(pattern, 0, NULL, &g), GLOB_NOMATCH);
	globfree(&g);
	free(pattern);
	vocab_entries_free(v, n);
	store_close(st);
	unlink(out);
	unlink(out2);
	unlink(out3);
	unlink(wav);
	char *cmd = xasprintf("rm -f %s/library.db*", tmpdir);
	CHECK_INT(system(cmd), 0);
	free(cmd);
	CHECK_INT(rmdir(tmpdir), 0);
	free(out);
	free(out2);
	free(out3);
	free(wav);
	free(gone);
	free(dbpath);
	return check_result();
}
