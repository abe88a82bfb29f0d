/* bench_apkg: what an Anki package export costs -- N entries (default
 * 1,000) saved from a generated episode of the given audio's length, one
 * 4.5 s sentence every 5 s, exported with their clips and without audio,
 * next to the time of decoding that audio once with FFmpeg. Figures
 * only, no assertions (tests/bench_apkg.sh runs it).
 *
 *     bench_apkg AUDIO SECONDS WORKDIR [N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>

#include "buildspeak/alloc.h"
#include "buildspeak/apkg.h"
#include "buildspeak/episode.h"
#include "buildspeak/store.h"
#include "buildspeak/vocab.h"

static double wall(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* Decodes the whole of path once; returns the seconds of audio. */
static double decode_once(const char *path)
{
	AVFormatContext *ic = NULL;
	if (avformat_open_input(&ic, path, NULL, NULL) < 0 ||
	    avformat_find_stream_info(ic, NULL) < 0)
		return -1;
	const AVCodec *dc = NULL;
	int si = av_find_best_stream(ic, AVMEDIA_TYPE_AUDIO, -1, -1, &dc, 0);
	AVCodecContext *dec = avcodec_alloc_context3(dc);
	avcodec_parameters_to_context(dec, ic->streams[si]->codecpar);
	dec->pkt_timebase = ic->streams[si]->time_base;
	avcodec_open2(dec, dc, NULL);
	AVPacket *pkt = av_packet_alloc();
	AVFrame *fr = av_frame_alloc();
	long long samples = 0;
	int eof = 0;
	while (!eof) {
		if (av_read_frame(ic, pkt) < 0) {
			eof = 1;
			avcodec_send_packet(dec, NULL);
		} else {
			if (pkt->stream_index == si)
				avcodec_send_packet(dec, pkt);
			av_packet_unref(pkt);
		}
		while (avcodec_receive_frame(dec, fr) == 0)
			samples += fr->nb_samples;
	}
	double s = (double)samples / dec->sample_rate;
	av_frame_free(&fr);
	av_packet_free(&pkt);
	avcodec_free_context(&dec);
	avformat_close_input(&ic);
	return s;
}

/* Progress is asked for as the CLI asks, and never cancels. */
static int progress(void *ctx, size_t done, size_t total)
{
	(void)ctx;
	(void)done;
	(void)total;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: bench_apkg AUDIO SECONDS WORKDIR [N]\n");
		return 64;
	}
	const char *audio = argv[1];
	double seconds = atof(argv[2]);
	const char *dir = argv[3];
	size_t n = argc > 4 ? (size_t)atol(argv[4]) : 1000;
	char err[512];

	char *dbpath = xasprintf("%s/bench.db", dir);
	unlink(dbpath);
	struct store *st = store_open(dbpath, STORE_OPEN_CREATE, NULL, err, sizeof err);
	if (!st) {
		fprintf(stderr, "bench_apkg: %s\n", err);
		return 1;
	}
	/* One sentence every 5 s; entry k is saved from sentence k mod the
	 * sentences, so past one per sentence some share a clip. */
	struct episode *ep = episode_new();
	episode_set(&ep->title, "Bench: an hour of talk");
	episode_set(&ep->source_url, "https://example.com/bench");
	episode_set(&ep->audio, audio);
	size_t n_segs = (size_t)(seconds / 5);
	for (size_t i = 0; i < n_segs; i++) {
		char *en = xstrdup("");
		for (size_t k = i; k < n; k += n_segs) {
			char *more = xasprintf("%s word%zu", en, k);
			free(en);
			en = more;
		}
		char *full = xasprintf("Sentence %zu says%s.", i, en);
		free(en);
		episode_add_segment(ep, 1 + (int)(i % 2), i * 5.0, i * 5.0 + 4.5,
				    full, xasprintf("第 %zu 句。", i), 0);
	}
	episode_update_stats(ep);
	if (store_episode_save(st, ep, 0) != 0) {
		fprintf(stderr, "bench_apkg: %s\n", store_error(st));
		return 1;
	}
	for (size_t k = 0; k < n; k++) {
		struct vocab_entry e;
		memset(&e, 0, sizeof e);
		e.term = xasprintf("word%zu", k);
		e.gloss = xstrdup("词");
		e.note = xstrdup("");
		e.contexts = xcalloc(1, sizeof *e.contexts);
		e.n_contexts = 1;
		vocab_context_from_segment(&e.contexts[0], ep, ep->id,
					   k % n_segs);
		bool existed;
		if (store_vocab_add(st, &e, &existed) != 0) {
			fprintf(stderr, "bench_apkg: %s\n", store_error(st));
			return 1;
		}
		vocab_entry_clear(&e);
	}
	episode_free(ep);
	struct vocab_entry *v;
	size_t nv;
	store_vocab_list(st, STORE_VOCAB_BY_DATE, NULL, &v, &nv);

	double w0 = wall(), c0 = cpu();
	double heard = decode_once(audio);
	double w_dec = wall() - w0, c_dec = cpu() - c0;

	struct apkg_options opt;
	apkg_options_init(&opt);
	opt.progress = progress;
	struct apkg_report rep;
	char *out = xasprintf("%s/bench.apkg", dir);

	w0 = wall(), c0 = cpu();
	int rc = apkg_export(out, st, v, nv, &opt, &rep, err, sizeof err);
	double w_clip = wall() - w0, c_clip = cpu() - c0;
	struct stat sb;
	long long size_clip = rc == 0 && stat(out, &sb) == 0 ? sb.st_size : -1;
	if (rc != 0)
		fprintf(stderr, "bench_apkg: %s\n", err);
	char *what = apkg_report_text(&rep);
	size_t clips = rep.clips;

	opt.no_audio = true;
	w0 = wall(), c0 = cpu();
	rc = apkg_export(out, st, v, nv, &opt, &rep, err, sizeof err);
	double w_none = wall() - w0, c_none = cpu() - c0;
	long long size_none = rc == 0 && stat(out, &sb) == 0 ? sb.st_size : -1;

	printf("audio: %s, %.0f s\n", audio, heard);
	printf("entries: %zu, sentences: %zu, clips: %zu\n", nv, n_segs,
	       clips);
	printf("%-28s %8s %8s %10s\n", "", "wall s", "cpu s", "package");
	printf("%-28s %8.2f %8.2f %10s\n", "decode the audio once", w_dec,
	       c_dec, "");
	printf("%-28s %8.2f %8.2f %9.1fM\n", "export with clips", w_clip, c_clip,
	       size_clip / 1e6);
	printf("%-28s %8.2f %8.2f %9.1fM\n", "export without audio", w_none,
	       c_none, size_none / 1e6);
	printf("with clips: %s\n", what);
	free(what);
	unlink(out);
	free(out);
	vocab_entries_free(v, nv);
	store_close(st);
	char *cmd = xasprintf("rm -f '%s'*", dbpath);
	if (system(cmd) != 0)
		fprintf(stderr, "bench_apkg: cannot remove %s\n", dbpath);
	free(cmd);
	free(dbpath);
	return 0;
}
