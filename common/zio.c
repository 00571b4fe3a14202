/* zio.c - zstd streams over atomic files; see zio.h. */
#include "zio.h"
#include "util.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

struct zwriter {
	struct atomic_file af;
	ZSTD_CCtx *cctx;
	struct sha256_ctx *sha;
	char *out;
	size_t out_cap;
	int frame_open;  /* bytes given to zstd since the last frame end */
	int any_frame;   /* a frame was ended or appended */
	/*
	 * Small writes (a CSV row each) gathered before they go to zstd: one
	 * ZSTD_compressStream2() call per row cost more than the extra copy (the
	 * compressed bytes do not depend on how the input is cut into calls).
	 */
	char *stage;
	size_t staged;
};

enum { ZW_STAGE = 64 << 10 };

static void zw_emit(struct zwriter *w, const void *buf, size_t len)
{
	if (!len)
		return;
	atomic_write(&w->af, buf, len);
	sha256_update(w->sha, buf, len);
}

struct zwriter *zw_open(const char *path, int level)
{
	return zw_open_window(path, level, 0);
}

struct zwriter *zw_open_window(const char *path, int level, int window_log)
{
	struct zwriter *w = xcalloc(1, sizeof(*w));
	atomic_open(&w->af, path);
	w->cctx = ZSTD_createCCtx();
	if (!w->cctx)
		pga_die("zstd: cannot create a compression context for %s", path);
	ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_compressionLevel, level);
	ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_checksumFlag, 1);
	if (window_log) {
		size_t rc = ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_windowLog, window_log);
		if (ZSTD_isError(rc))
			pga_die("zstd: window log %d for %s: %s", window_log, path, ZSTD_getErrorName(rc));
	}
	w->out_cap = ZSTD_CStreamOutSize();
	w->out = xmalloc(w->out_cap);
	w->stage = xmalloc(ZW_STAGE);
	w->sha = sha256_new();
	return w;
}

static void zw_pump(struct zwriter *w, const void *buf, size_t len, ZSTD_EndDirective mode)
{
	ZSTD_inBuffer in = { buf, len, 0 };
	for (;;) {
		ZSTD_outBuffer out = { w->out, w->out_cap, 0 };
		size_t rem = ZSTD_compressStream2(w->cctx, &out, &in, mode);
		if (ZSTD_isError(rem))
			pga_die("zstd: compressing %s: %s", w->af.path, ZSTD_getErrorName(rem));
		zw_emit(w, w->out, out.pos);
		if (mode == ZSTD_e_end ? rem == 0 : in.pos == in.size)
			break;
	}
}

/*
 * The gathered writes to zstd, always with ZSTD_e_continue before a frame's
 * end: a frame whose whole input came with ZSTD_e_end in one call gets its
 * content size in its header, and the file's bytes would then depend on the
 * gathering.
 */
static void zw_flush_stage(struct zwriter *w)
{
	if (w->staged) {
		zw_pump(w, w->stage, w->staged, ZSTD_e_continue);
		w->staged = 0;
	}
}

void zw_write(struct zwriter *w, const void *buf, size_t len)
{
	if (!len)
		return;
	w->frame_open = 1;
	if (w->staged + len > ZW_STAGE)
		zw_flush_stage(w);
	if (len >= ZW_STAGE) {
		zw_pump(w, buf, len, ZSTD_e_continue);
		return;
	}
	memcpy(w->stage + w->staged, buf, len);
	w->staged += len;
}

void zw_end_frame(struct zwriter *w)
{
	if (!w->frame_open)
		return;
	zw_flush_stage(w);
	zw_pump(w, "", 0, ZSTD_e_end);
	w->frame_open = 0;
	w->any_frame = 1;
}

void zw_append_frames(struct zwriter *w, const void *buf, size_t len)
{
	if (w->frame_open)
		pga_die("%s: zstd frames appended inside a frame (internal error)", w->af.path);
	zw_emit(w, buf, len);
	if (len)
		w->any_frame = 1;
}

void zw_commit(struct zwriter *w, sha256_hex_t sha256, unsigned long long *bytes)
{
	sha256_hex_t digest;
	zw_flush_stage(w);
	if (w->frame_open || !w->any_frame)
		zw_pump(w, "", 0, ZSTD_e_end);
	if (bytes)
		*bytes = w->af.bytes;
	atomic_commit(&w->af);
	sha256_finish(w->sha, digest);
	if (sha256)
		memcpy(sha256, digest, sizeof(sha256_hex_t));
	ZSTD_freeCCtx(w->cctx);
	free(w->out);
	free(w->stage);
	free(w);
}

void zw_abort(struct zwriter *w)
{
	sha256_hex_t digest;
	atomic_abort(&w->af);
	sha256_finish(w->sha, digest);
	ZSTD_freeCCtx(w->cctx);
	free(w->out);
	free(w->stage);
	free(w);
}

struct zahead; /* zr_read_ahead(): decompression on a thread of its own */

struct zreader {
	FILE *fp;
	char *path;
	ZSTD_DCtx *dctx;
	char *in;
	size_t in_cap;
	ZSTD_inBuffer inb;
	size_t last_ret;   /* 0 when the last frame was complete */
	int eof;
	int saw_data;
	char err[512];
	struct zahead *ahead;
};

struct zreader *zr_open(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	struct zreader *r = xcalloc(1, sizeof(*r));
	r->fp = fp;
	r->path = xstrdup(path);
	r->dctx = ZSTD_createDCtx();
	if (!r->dctx)
		pga_die("zstd: cannot create a decompression context for %s", path);
	r->in_cap = ZSTD_DStreamInSize();
	r->in = xmalloc(r->in_cap);
	r->inb.src = r->in;
	return r;
}

static long zr_read_here(struct zreader *r, void *buf, size_t cap)
{
	ZSTD_outBuffer out = { buf, cap, 0 };
	if (r->err[0])
		return -1;
	while (out.pos == 0) {
		if (r->inb.pos == r->inb.size && !r->eof) {
			size_t n = fread(r->in, 1, r->in_cap, r->fp);
			if (n == 0) {
				if (ferror(r->fp)) {
					snprintf(r->err, sizeof(r->err), "%s: read error: %s", r->path, strerror(errno));
					return -1;
				}
				r->eof = 1;
			} else {
				r->saw_data = 1;
				r->inb.size = n;
				r->inb.pos = 0;
			}
		}
		if (r->eof && r->inb.pos == r->inb.size && r->last_ret == 0)
			break; /* every frame complete and flushed */
		size_t ret = ZSTD_decompressStream(r->dctx, &out, &r->inb);
		if (ZSTD_isError(ret)) {
			snprintf(r->err, sizeof(r->err), "%s: corrupt zstd data: %s", r->path, ZSTD_getErrorName(ret));
			return -1;
		}
		r->last_ret = ret;
		if (r->eof && r->inb.pos == r->inb.size && out.pos == 0)
			break; /* nothing more will come: truncated if last_ret != 0 */
	}
	if (out.pos == 0) {
		/* end of input: the last frame must be complete */
		if (!r->saw_data) {
			snprintf(r->err, sizeof(r->err), "%s: empty file (not a zstd stream)", r->path);
			return -1;
		}
		if (r->last_ret != 0) {
			snprintf(r->err, sizeof(r->err), "%s: truncated zstd data (the file ends inside a frame)", r->path);
			return -1;
		}
	}
	return (long)out.pos;
}

/*
 * Read-ahead: the thread fills a ring of AHEAD_CHUNKS buffers with
 * zr_read_here() results, in order; the last one it produces is the end (0)
 * or the error (-1, r->err written before it is published under the lock).
 */
#define AHEAD_CHUNKS 4
#define AHEAD_CHUNK (256 * 1024)

struct zahead {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t changed;
	char *buf[AHEAD_CHUNKS];
	long len[AHEAD_CHUNKS];   /* > 0 data; 0 the end; -1 an error */
	size_t head, count, pos;  /* the oldest filled buffer, how many are filled, bytes of it read */
	int stop, finished;
};

static void *ahead_main(void *arg)
{
	struct zreader *r = arg;
	struct zahead *a = r->ahead;
	for (size_t tail = 0;; tail = (tail + 1) % AHEAD_CHUNKS) {
		pthread_mutex_lock(&a->mu);
		while (a->count == AHEAD_CHUNKS && !a->stop)
			pthread_cond_wait(&a->changed, &a->mu);
		int stop = a->stop;
		pthread_mutex_unlock(&a->mu);
		if (stop)
			return NULL;
		/* the buffer at tail is free: only this thread touches it until it is published */
		long n = zr_read_here(r, a->buf[tail], AHEAD_CHUNK);
		pthread_mutex_lock(&a->mu);
		a->len[tail] = n;
		a->count++;
		a->finished = n <= 0;
		pthread_cond_broadcast(&a->changed);
		pthread_mutex_unlock(&a->mu);
		if (n <= 0)
			return NULL;
	}
}

void zr_read_ahead(struct zreader *r)
{
	if (r->ahead)
		return;
	struct zahead *a = xcalloc(1, sizeof(*a));
	for (size_t i = 0; i < AHEAD_CHUNKS; i++)
		a->buf[i] = xmalloc(AHEAD_CHUNK);
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->changed, NULL);
	r->ahead = a;
	if (thread_start_unsignalled(&a->thread, ahead_main, r) != 0) { /* no thread: read in the caller, as without read-ahead */
		for (size_t i = 0; i < AHEAD_CHUNKS; i++)
			free(a->buf[i]);
		pthread_mutex_destroy(&a->mu);
		pthread_cond_destroy(&a->changed);
		free(a);
		r->ahead = NULL;
	}
}

long zr_read(struct zreader *r, void *buf, size_t cap)
{
	struct zahead *a = r->ahead;
	if (!a)
		return zr_read_here(r, buf, cap);
	pthread_mutex_lock(&a->mu);
	while (a->count == 0)
		pthread_cond_wait(&a->changed, &a->mu);
	long n = a->len[a->head];
	if (n <= 0) { /* the end or the error stays: every later call returns it again */
		pthread_mutex_unlock(&a->mu);
		return n;
	}
	pthread_mutex_unlock(&a->mu);
	/* the filled buffer at head is the caller's until it is handed back */
	size_t take = (size_t)n - a->pos < cap ? (size_t)n - a->pos : cap;
	memcpy(buf, a->buf[a->head] + a->pos, take);
	a->pos += take;
	if (a->pos == (size_t)n) {
		pthread_mutex_lock(&a->mu);
		a->head = (a->head + 1) % AHEAD_CHUNKS;
		a->count--;
		a->pos = 0;
		pthread_cond_broadcast(&a->changed);
		pthread_mutex_unlock(&a->mu);
	}
	return (long)take;
}

const char *zr_error(const struct zreader *r) { return r->err; }
const char *zr_path(const struct zreader *r) { return r->path; }

void zr_close(struct zreader *r)
{
	if (!r)
		return;
	struct zahead *a = r->ahead;
	if (a) {
		pthread_mutex_lock(&a->mu);
		a->stop = 1;
		pthread_cond_broadcast(&a->changed);
		pthread_mutex_unlock(&a->mu);
		pthread_join(a->thread, NULL);
		for (size_t i = 0; i < AHEAD_CHUNKS; i++)
			free(a->buf[i]);
		pthread_mutex_destroy(&a->mu);
		pthread_cond_destroy(&a->changed);
		free(a);
	}
	fclose(r->fp);
	ZSTD_freeDCtx(r->dctx);
	free(r->in);
	free(r->path);
	free(r);
}
