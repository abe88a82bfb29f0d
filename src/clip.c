/* clip: sentences cut out of an episode's audio as mp3 files -- FFmpeg
 * (opened with dlopen) decodes the source once, libswresample turns it
 * into mono samples for the encoder, and each clip's span of those samples
 * is encoded by its own libmp3lame encoder into its own mp3 file. */
#include "buildspeak/clip.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/channel_layout.h>
#include <libavutil/macros.h>
#include <libswresample/swresample.h>

#include "buildspeak/alloc.h"

/* The clips' bit rate: plenty for speech in mono. */
#define CLIP_BIT_RATE 64000

/* The sample rate used when mp3 has not the source's. */
#define CLIP_FALLBACK_RATE 44100

/* Seconds of source decoded between two progress calls when no clip ends
 * meanwhile, so a cancel is seen while a long gap is decoded. */
#define CLIP_TICK_SECONDS 20

/* The FFmpeg functions this file calls, per library, as X(name). */
#define CLIP_AVUTIL(X) \
	X(avutil_version) X(av_frame_alloc) X(av_frame_free) \
	X(av_frame_get_buffer) X(av_strerror) X(av_channel_layout_default) \
	X(av_channel_layout_copy) X(av_channel_layout_uninit) \
	X(av_audio_fifo_alloc) X(av_audio_fifo_free) X(av_audio_fifo_write) \
	X(av_audio_fifo_read) X(av_audio_fifo_size) X(av_log_get_level) \
	X(av_log_set_level) X(av_get_bytes_per_sample)
#define CLIP_SWRESAMPLE(X) \
	X(swresample_version) X(swr_alloc_set_opts2) X(swr_init) \
	X(swr_convert) X(swr_free)
#define CLIP_AVCODEC(X) \
	X(avcodec_version) X(avcodec_find_encoder_by_name) \
	X(avcodec_alloc_context3) X(avcodec_free_context) \
	X(avcodec_parameters_to_context) X(avcodec_parameters_from_context) \
	X(avcodec_open2) X(avcodec_send_packet) X(avcodec_receive_frame) \
	X(avcodec_send_frame) X(avcodec_receive_packet) X(av_packet_alloc) \
	X(av_packet_free) X(av_packet_unref) X(av_packet_rescale_ts)
#define CLIP_AVFORMAT(X) \
	X(avformat_version) X(avformat_open_input) \
	X(avformat_find_stream_info) X(av_find_best_stream) X(av_read_frame) \
	X(avformat_close_input) X(avformat_alloc_output_context2) \
	X(avformat_new_stream) X(avio_open) X(avio_closep) \
	X(avformat_write_header) X(av_write_trailer) \
	X(av_interleaved_write_frame) X(avformat_free_context)

/* Pointers to those functions, typed from FFmpeg's own headers so a
 * prototype can never disagree with them: av.av_frame_alloc is
 * av_frame_alloc, and so on. */
struct clip_av {
#define CLIP_POINTER(fn) __typeof__(fn) *fn;
	CLIP_AVUTIL(CLIP_POINTER)
	CLIP_SWRESAMPLE(CLIP_POINTER)
	CLIP_AVCODEC(CLIP_POINTER)
	CLIP_AVFORMAT(CLIP_POINTER)
#undef CLIP_POINTER
};

/* A clip being written. */
struct clip_out {
	size_t job;             /* index into the caller's jobs */
	long long s, e;         /* its samples [s, e) of the converted stream */
	AVFormatContext *oc;    /* the mp3 muxer, writing jobs[job].path */
	AVCodecContext *enc;    /* its libmp3lame encoder */
	AVAudioFifo *fifo;      /* samples waiting for a full encoder frame */
	int64_t next_pts;       /* samples sent to the encoder so far */
};

/* One clip_cut() call. */
struct clip_cut {
	struct clip_av av;
	struct clip_job *jobs;
	size_t n;
	char *err;
	size_t errsize;

	const AVCodec *mp3;       /* the encoder */
	enum AVSampleFormat fmt;  /* its sample format, mono */
	int rate;                 /* the clips' sample rate */
	int bps;                  /* bytes per sample of fmt */

	size_t *order;            /* job indexes by start */
	long long *s, *e;         /* each job's samples [s, e), by job index */
	size_t next;              /* order[next] is the next clip to open */
	struct clip_out *out;     /* the open clips (at most n) */
	size_t n_out;
	size_t done;              /* jobs finished or skipped */
	long long pos;            /* samples converted so far */
	long long tick;           /* pos of the last progress call */
	clip_progress_fn progress;
	void *ctx;
	bool cancelled;
};

/* Loads one FFmpeg library by its soname; NULL with a message in err. */
static void *clip_dlopen(const char *name, char *err, size_t errsize)
{
	void *lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		const char *why = dlerror();
		snprintf(err, errsize, "cannot load %s to cut audio clips: %s "
			 "(on Debian: apt install libavformat59 libavcodec59 "
			 "libswresample4)", name, why ? why : "not found");
	}
	return lib;
}

/* Opens FFmpeg's libraries and fills av with their functions; they stay
 * loaded (dlopen counts references, so opening them again is free).
 * Returns 0, or -1 with a message in err. */
static int clip_load(struct clip_av *av, char *err, size_t errsize)
{
	static const char *const names[] = {
		"libavutil.so." AV_STRINGIFY(LIBAVUTIL_VERSION_MAJOR),
		"libswresample.so." AV_STRINGIFY(LIBSWRESAMPLE_VERSION_MAJOR),
		"libavcodec.so." AV_STRINGIFY(LIBAVCODEC_VERSION_MAJOR),
		"libavformat.so." AV_STRINGIFY(LIBAVFORMAT_VERSION_MAJOR),
	};
	void *lib[4];
	for (size_t i = 0; i < 4; i++)
		if (!(lib[i] = clip_dlopen(names[i], err, errsize)))
			return -1;
#define CLIP_RESOLVE(k, fn)                                                 \
	*(void **)&av->fn = dlsym(lib[k], #fn);                             \
	if (!av->fn) {                                                      \
		snprintf(err, errsize, "%s has no function %s: not a usable " \
			 "FFmpeg", names[k], #fn);                           \
		return -1;                                                  \
	}
#define CLIP_RESOLVE_0(fn) CLIP_RESOLVE(0, fn)
#define CLIP_RESOLVE_1(fn) CLIP_RESOLVE(1, fn)
#define CLIP_RESOLVE_2(fn) CLIP_RESOLVE(2, fn)
#define CLIP_RESOLVE_3(fn) CLIP_RESOLVE(3, fn)
	CLIP_AVUTIL(CLIP_RESOLVE_0)
	CLIP_SWRESAMPLE(CLIP_RESOLVE_1)
	CLIP_AVCODEC(CLIP_RESOLVE_2)
	CLIP_AVFORMAT(CLIP_RESOLVE_3)
#undef CLIP_RESOLVE
	/* The structs this file reads (AVCodec, AVFrame, ...) are laid out
	 * as the headers say only within one major version. */
	unsigned v[4] = { av->avutil_version(), av->swresample_version(),
			  av->avcodec_version(), av->avformat_version() };
	unsigned want[4] = { LIBAVUTIL_VERSION_MAJOR,
			     LIBSWRESAMPLE_VERSION_MAJOR,
			     LIBAVCODEC_VERSION_MAJOR,
			     LIBAVFORMAT_VERSION_MAJOR };
	for (size_t i = 0; i < 4; i++) {
		if (AV_VERSION_MAJOR(v[i]) != want[i]) {
			snprintf(err, errsize, "%s is version %u, buildspeak "
				 "was built for %u", names[i],
				 AV_VERSION_MAJOR(v[i]), want[i]);
			return -1;
		}
	}
	return 0;
}

/* Sets the message "what: FFmpeg's reason for code" and returns -1. */
static int clip_fail(struct clip_cut *c, int code, const char *what)
{
	char why[128];
	if (c->av.av_strerror(code, why, sizeof why) != 0)
		snprintf(why, sizeof why, "error %d", code);
	snprintf(c->err, c->errsize, "%s: %s", what, why);
	return -1;
}

/* The clips' sample rate for a source at rate: the same when mp3 has it,
 * so nothing is resampled. */
static int clip_pick_rate(const AVCodec *mp3, int rate)
{
	for (const int *r = mp3->supported_samplerates; r && *r; r++)
		if (*r == rate)
			return rate;
	return CLIP_FALLBACK_RATE;
}

static void clip_out_free(struct clip_cut *c, struct clip_out *o)
{
	if (o->oc) {
		c->av.avio_closep(&o->oc->pb);
		c->av.avformat_free_context(o->oc);
	}
	c->av.avcodec_free_context(&o->enc);
	if (o->fifo)
		c->av.av_audio_fifo_free(o->fifo);
	memset(o, 0, sizeof *o);
}

/* Starts the clip of job j: an encoder and a muxer writing its file. */
static int clip_open(struct clip_cut *c, size_t j, struct clip_out *o)
{
	struct clip_av *av = &c->av;
	const char *path = c->jobs[j].path;
	memset(o, 0, sizeof *o);
	o->job = j;
	o->s = c->s[j];
	o->e = c->e[j];
	int rc = av->avformat_alloc_output_context2(&o->oc, NULL, "mp3", path);
	if (rc < 0 || !o->oc)
		return clip_fail(c, rc < 0 ? rc : AVERROR(ENOMEM), path);
	/* No library versions in the file: the same clip, the same bytes. */
	o->oc->flags |= AVFMT_FLAG_BITEXACT;
	AVStream *st = av->avformat_new_stream(o->oc, NULL);
	o->enc = av->avcodec_alloc_context3(c->mp3);
	if (!st || !o->enc)
		return clip_fail(c, AVERROR(ENOMEM), path);
	AVCodecContext *enc = o->enc;
	enc->sample_fmt = c->fmt;
	enc->sample_rate = c->rate;
	AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
	av->av_channel_layout_copy(&enc->ch_layout, &mono);
	enc->bit_rate = CLIP_BIT_RATE;
	enc->time_base = (AVRational){ 1, c->rate };
	enc->flags |= AV_CODEC_FLAG_BITEXACT;
	/* LAME's quality 5 (0 best .. 9 fastest): about a tenth less CPU
	 * than its default 3 in tests/bench_apkg.sh. */
	enc->compression_level = 5;
	if ((rc = av->avcodec_open2(enc, c->mp3, NULL)) < 0)
		return clip_fail(c, rc, "cannot start the mp3 encoder");
	if ((rc = av->avcodec_parameters_from_context(st->codecpar, enc)) < 0)
		return clip_fail(c, rc, path);
	st->time_base = enc->time_base;
	o->fifo = av->av_audio_fifo_alloc(c->fmt, 1, enc->frame_size * 2);
	if (!o->fifo)
		return clip_fail(c, AVERROR(ENOMEM), path);
	if ((rc = av->avio_open(&o->oc->pb, path, AVIO_FLAG_WRITE)) < 0)
		return clip_fail(c, rc, path);
	if ((rc = av->avformat_write_header(o->oc, NULL)) < 0)
		return clip_fail(c, rc, path);
	return 0;
}

/* Writes the packets the encoder has ready. */
static int clip_drain(struct clip_cut *c, struct clip_out *o, AVPacket *pkt)
{
	struct clip_av *av = &c->av;
	AVStream *st = o->oc->streams[0];
	for (;;) {
		int rc = av->avcodec_receive_packet(o->enc, pkt);
		if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
			return 0;
		if (rc < 0)
			return clip_fail(c, rc, "mp3 encoder");
		av->av_packet_rescale_ts(pkt, o->enc->time_base, st->time_base);
		pkt->stream_index = 0;
		rc = av->av_interleaved_write_frame(o->oc, pkt);
		av->av_packet_unref(pkt);
		if (rc < 0)
			return clip_fail(c, rc, c->jobs[o->job].path);
	}
}

/* Encodes the whole frames waiting in o's fifo; with last, the rest too
 * (mp3 takes a short last frame) and then flushes the encoder. */
static int clip_encode(struct clip_cut *c, struct clip_out *o, AVPacket *pkt,
		       bool last)
{
	struct clip_av *av = &c->av;
	int fs = o->enc->frame_size;
	int have;
	while ((have = av->av_audio_fifo_size(o->fifo)) >= fs ||
	       (last && have > 0)) {
		AVFrame *f = av->av_frame_alloc();
		if (!f)
			return clip_fail(c, AVERROR(ENOMEM), "audio frame");
		f->nb_samples = have < fs ? have : fs;
		f->format = c->fmt;
		f->sample_rate = c->rate;
		AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
		av->av_channel_layout_copy(&f->ch_layout, &mono);
		int rc = av->av_frame_get_buffer(f, 0);
		if (rc >= 0) {
			av->av_audio_fifo_read(o->fifo, (void **)f->data,
					       f->nb_samples);
			f->pts = o->next_pts;
			o->next_pts += f->nb_samples;
			rc = av->avcodec_send_frame(o->enc, f);
		}
		av->av_frame_free(&f);
		if (rc < 0)
			return clip_fail(c, rc, "mp3 encoder");
		if (clip_drain(c, o, pkt) != 0)
			return -1;
	}
	if (!last)
		return 0;
	int rc = av->avcodec_send_frame(o->enc, NULL);
	if (rc < 0)
		return clip_fail(c, rc, "mp3 encoder");
	return clip_drain(c, o, pkt);
}

/* Finishes clip o: the rest of its samples, the encoder's delay, the
 * file's trailer (the Xing/LAME header with the exact length). */
static int clip_finish(struct clip_cut *c, struct clip_out *o, AVPacket *pkt)
{
	if (clip_encode(c, o, pkt, true) != 0)
		return -1;
	int rc = c->av.av_write_trailer(o->oc);
	if (rc < 0)
		return clip_fail(c, rc, c->jobs[o->job].path);
	rc = c->av.avio_closep(&o->oc->pb);
	if (rc < 0)
		return clip_fail(c, rc, c->jobs[o->job].path);
	c->jobs[o->job].done = true;
	c->jobs[o->job].seconds = (double)o->next_pts / c->rate;
	clip_out_free(c, o);
	return 0;
}

/* Tells the caller how far the cut is; notes a cancel. */
static void clip_report(struct clip_cut *c)
{
	c->tick = c->pos;
	if (c->progress && c->progress(c->ctx, c->done, c->n) != 0)
		c->cancelled = true;
}

/* Hands the k converted samples at buf (the stream's samples [pos,
 * pos + k)) to every clip they belong to, opening clips that start in them
 * and finishing those that end in them. */
static int clip_feed(struct clip_cut *c, const uint8_t *buf, long long k,
		     AVPacket *pkt)
{
	long long end = c->pos + k;
	while (c->next < c->n && c->s[c->order[c->next]] < end) {
		struct clip_out *o = &c->out[c->n_out];
		if (clip_open(c, c->order[c->next], o) != 0) {
			clip_out_free(c, o);
			unlink(c->jobs[c->order[c->next]].path);
			return -1;
		}
		c->n_out++;
		c->next++;
	}
	bool reported = false;
	for (size_t i = 0; i < c->n_out;) {
		struct clip_out *o = &c->out[i];
		long long a = o->s > c->pos ? o->s : c->pos;
		long long b = o->e < end ? o->e : end;
		if (b > a) {
			void *p = (void *)(buf + (a - c->pos) * c->bps);
			if (c->av.av_audio_fifo_write(o->fifo, &p,
						      (int)(b - a)) < b - a)
				return clip_fail(c, AVERROR(ENOMEM), "audio");
			if (clip_encode(c, o, pkt, false) != 0)
				return -1;
		}
		if (o->e <= end) {
			if (clip_finish(c, o, pkt) != 0)
				return -1;
			c->out[i] = c->out[--c->n_out];
			c->done++;
			clip_report(c);
			reported = true;
			if (c->cancelled)
				return 0;
		} else {
			i++;
		}
	}
	c->pos = end;
	if (!reported && c->pos - c->tick >= (long long)CLIP_TICK_SECONDS * c->rate)
		clip_report(c);
	return 0;
}

/* A job's first sample and index, sorted by the first. */
struct clip_key {
	long long s;
	size_t job;
};

static int clip_by_start(const void *a, const void *b)
{
	const struct clip_key *x = a, *y = b;
	if (x->s != y->s)
		return (x->s > y->s) - (x->s < y->s);
	return (x->job > y->job) - (x->job < y->job);
}

/* Seconds to a sample index at rate, rounded (the core has no libm). */
static long long clip_sample(double t, int rate)
{
	double x = t * rate;
	return x <= 0 ? 0 : (long long)(x + 0.5);
}

/* Decodes src from its start until every clip is written (or the source
 * ends), feeding the converted samples to clip_feed. */
static int clip_run(struct clip_cut *c, const char *src)
{
	struct clip_av *av = &c->av;
	AVFormatContext *in = NULL;
	AVCodecContext *dec = NULL;
	SwrContext *swr = NULL;
	AVPacket *pkt = av->av_packet_alloc(), *opkt = av->av_packet_alloc();
	AVFrame *frame = av->av_frame_alloc();
	uint8_t *buf = NULL;
	size_t bufcap = 0;
	int ret = -1, rc;

	if (!pkt || !opkt || !frame) {
		clip_fail(c, AVERROR(ENOMEM), "audio");
		goto out;
	}
	if ((rc = av->avformat_open_input(&in, src, NULL, NULL)) < 0) {
		clip_fail(c, rc, "cannot open the audio");
		goto out;
	}
	if ((rc = av->avformat_find_stream_info(in, NULL)) < 0) {
		clip_fail(c, rc, "cannot read the audio");
		goto out;
	}
	const AVCodec *dc = NULL;
	int si = av->av_find_best_stream(in, AVMEDIA_TYPE_AUDIO, -1, -1, &dc, 0);
	if (si < 0 || !dc) {
		clip_fail(c, si < 0 ? si : AVERROR_DECODER_NOT_FOUND,
			  "no audio stream to decode");
		goto out;
	}
	for (unsigned i = 0; i < in->nb_streams; i++)
		if ((int)i != si)
			in->streams[i]->discard = AVDISCARD_ALL;
	dec = av->avcodec_alloc_context3(dc);
	if (!dec) {
		clip_fail(c, AVERROR(ENOMEM), "audio decoder");
		goto out;
	}
	if ((rc = av->avcodec_parameters_to_context(
		     dec, in->streams[si]->codecpar)) < 0 ||
	    (dec->pkt_timebase = in->streams[si]->time_base,
	     (rc = av->avcodec_open2(dec, dc, NULL)) < 0)) {
		clip_fail(c, rc, "cannot start the audio decoder");
		goto out;
	}

	c->rate = clip_pick_rate(c->mp3, dec->sample_rate);
	struct clip_key *keys = xcalloc(c->n, sizeof *keys);
	for (size_t j = 0; j < c->n; j++) {
		c->s[j] = clip_sample(c->jobs[j].start, c->rate);
		c->e[j] = clip_sample(c->jobs[j].end, c->rate);
		if (c->e[j] <= c->s[j])
			c->e[j] = c->s[j] + 1;
		keys[j] = (struct clip_key){ c->s[j], j };
	}
	qsort(keys, c->n, sizeof *keys, clip_by_start);
	for (size_t j = 0; j < c->n; j++)
		c->order[j] = keys[j].job;
	free(keys);

	/* Sample 0 of the clips' times is the first decoded sample: what a
	 * player shows as 0:00 for the files episodes come in (WAV, FLAC,
	 * mp3, Ogg, M4A all start at 0). */
	bool eof = false;
	while (!c->cancelled && (c->next < c->n || c->n_out > 0)) {
		if (!eof) {
			rc = av->av_read_frame(in, pkt);
			if (rc == AVERROR_EOF) {
				eof = true;
				rc = av->avcodec_send_packet(dec, NULL);
			} else if (rc < 0) {
				clip_fail(c, rc, "cannot read the audio");
				goto out;
			} else {
				rc = pkt->stream_index == si
					     ? av->avcodec_send_packet(dec, pkt)
					     : 0;
				av->av_packet_unref(pkt);
				/* A damaged packet loses its samples only. */
				if (rc == AVERROR_INVALIDDATA)
					rc = 0;
			}
			if (rc < 0 && rc != AVERROR(EAGAIN)) {
				clip_fail(c, rc, "cannot decode the audio");
				goto out;
			}
		}
		bool drained = false;
		while (!c->cancelled) {
			const uint8_t **inp = NULL;
			int nin = 0;
			rc = av->avcodec_receive_frame(dec, frame);
			if (rc == AVERROR(EAGAIN))
				break;
			if (rc == AVERROR_EOF) {
				drained = true; /* flush the resampler below */
			} else if (rc < 0) {
				clip_fail(c, rc, "cannot decode the audio");
				goto out;
			} else {
				inp = (const uint8_t **)frame->extended_data;
				nin = frame->nb_samples;
			}
			if (!swr && drained)
				break;
			if (!swr) {
				AVChannelLayout inl;
				memset(&inl, 0, sizeof inl);
				if (frame->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC)
					av->av_channel_layout_default(
						&inl, frame->ch_layout.nb_channels);
				else
					av->av_channel_layout_copy(&inl,
								   &frame->ch_layout);
				AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
				rc = av->swr_alloc_set_opts2(
					&swr, &mono, c->fmt, c->rate, &inl,
					frame->format, frame->sample_rate, 0,
					NULL);
				av->av_channel_layout_uninit(&inl);
				if (rc >= 0)
					rc = av->swr_init(swr);
				if (rc < 0) {
					clip_fail(c, rc, "cannot convert the audio");
					goto out;
				}
			}
			int in_rate = frame->sample_rate > 0 ? frame->sample_rate
							     : dec->sample_rate;
			long long cap = (long long)nin * c->rate /
						(in_rate > 0 ? in_rate : c->rate) +
					4096;
			buf = xgrowarray(buf, &bufcap, (size_t)cap * c->bps, 1);
			uint8_t *outp = buf;
			int k = av->swr_convert(swr, &outp, (int)cap, inp, nin);
			if (k < 0) {
				clip_fail(c, k, "cannot convert the audio");
				goto out;
			}
			if (k > 0 && clip_feed(c, buf, k, opkt) != 0)
				goto out;
			if (drained)
				break;
		}
		if (drained) {
			/* The source has ended: the open clips end with it,
			 * the ones that start later are not written. */
			for (size_t i = 0; i < c->n_out && !c->cancelled;) {
				if (clip_finish(c, &c->out[i], opkt) != 0)
					goto out;
				c->out[i] = c->out[--c->n_out];
				c->done++;
				clip_report(c);
			}
			while (!c->cancelled && c->next < c->n) {
				c->next++;
				c->done++;
				clip_report(c);
			}
			break;
		}
	}
	ret = 0;
out:
	free(buf);
	av->swr_free(&swr);
	av->avcodec_free_context(&dec);
	av->avformat_close_input(&in);
	av->av_frame_free(&frame);
	av->av_packet_free(&pkt);
	av->av_packet_free(&opkt);
	return ret;
}

int clip_cut(const char *src, struct clip_job *jobs, size_t n,
	     clip_progress_fn progress, void *ctx, char *err, size_t errsize)
{
	struct clip_cut c;
	memset(&c, 0, sizeof c);
	c.jobs = jobs;
	c.n = n;
	c.err = err;
	c.errsize = errsize;
	c.progress = progress;
	c.ctx = ctx;
	for (size_t j = 0; j < n; j++) {
		jobs[j].done = false;
		jobs[j].seconds = 0;
	}
	if (n == 0)
		return CLIP_OK;
	if (clip_load(&c.av, err, errsize) != 0)
		return CLIP_ERROR;
	c.mp3 = c.av.avcodec_find_encoder_by_name("libmp3lame");
	if (!c.mp3 || !c.mp3->sample_fmts) {
		snprintf(err, errsize, "this FFmpeg has no mp3 encoder "
			 "(libmp3lame)");
		return CLIP_ERROR;
	}
	c.fmt = c.mp3->sample_fmts[0];
	c.bps = c.av.av_get_bytes_per_sample(c.fmt);
	c.order = xcalloc(n, sizeof *c.order);
	c.s = xcalloc(n, sizeof *c.s);
	c.e = xcalloc(n, sizeof *c.e);
	c.out = xcalloc(n, sizeof *c.out);

	/* FFmpeg's messages would go to stderr (onto the reader's screen):
	 * its failures come back as codes, explained by clip_fail. */
	int level = c.av.av_log_get_level();
	c.av.av_log_set_level(AV_LOG_QUIET);
	int rc = clip_run(&c, src);
	c.av.av_log_set_level(level);

	for (size_t i = 0; i < c.n_out; i++) {
		unlink(jobs[c.out[i].job].path);
		clip_out_free(&c, &c.out[i]);
	}
	if (rc != 0 || c.cancelled) {
		for (size_t j = 0; j < n; j++) {
			if (jobs[j].done)
				unlink(jobs[j].path);
			jobs[j].done = false;
		}
	}
	free(c.order);
	free(c.s);
	free(c.e);
	free(c.out);
	if (rc != 0)
		return CLIP_ERROR;
	return c.cancelled ? CLIP_CANCELLED : CLIP_OK;
}
