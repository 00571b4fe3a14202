/* progress.c - NDJSON progress events and the terminal progress line; see progress.h. */
#include "progress.h"
#include "json_arena.h"
#include "runner_journal.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static struct {
	int active, ended, warned;
	int fd;          /* events file, -1 when none */
	int tty;         /* stderr is a terminal: draw the progress line */
	const char *stage;
	const char *target;
	const char *artifact;
	unsigned long long total, done, phase_done_at_event;
	unsigned long long rows, bytes, chunks_done, chunks_reused;
	double t0, phase_t0, last_draw, last_event;
} P = { .fd = -1 };

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One event line, written with a single write(): concurrent writers never interleave inside a line. */
static void emit(const char *event, json_t *fields)
{
	if (P.fd < 0) {
		json_decref(fields);
		return;
	}
	char t[32];
	journal_now(t, sizeof(t));
	json_t *e = json_pack("{s:s, s:s, s:s, s:I, s:s}", "time", t, "target", P.target, "stage", P.stage, "pid",
			      (json_int_t)getpid(), "event", event);
	if (fields)
		json_object_update(e, fields);
	json_decref(fields);
	/* json_dumps_malloc: this may run inside classify's JSON arena scope (an exit
	   handler after a die), where json_dumps() returns arena memory realloc() cannot take */
	char *text = json_dumps_malloc(e, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(e);
	size_t len = strlen(text);
	text = xrealloc(text, len + 3);
	/* after a torn line (a writer stopped mid-event: disk full, a crash) the event starts a
	   line of its own; appended to the torn bytes it would be lost with them. Every writer
	   appends whole lines with one write(), so only a torn line leaves no '\n' at the end. */
	struct stat st;
	char last = '\n';
	if (fstat(P.fd, &st) == 0 && st.st_size > 0 && pread(P.fd, &last, 1, st.st_size - 1) == 1 && last != '\n') {
		memmove(text + 1, text, len);
		text[0] = '\n';
		len++;
	}
	text[len++] = '\n';
	ssize_t n;
	do
		n = write(P.fd, text, len);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)len && !P.warned) {
		P.warned = 1;
		pga_warn("cannot write progress events (%s); the stage goes on without them",
			 n < 0 ? strerror(errno) : "short write");
	}
	free(text);
}

static void clear_line(void)
{
	if (P.tty && P.last_draw > 0) {
		fputs("\r\033[K", stderr);
		P.last_draw = 0;
	}
}

static void draw(double t)
{
	double secs = t - P.phase_t0;
	double rate = secs > 0 ? (double)P.done / secs : 0;
	char eta[32] = "";
	if (P.total && rate > 0 && P.done <= P.total)
		snprintf(eta, sizeof(eta), ", ETA %.0fs", (double)(P.total - P.done) / rate);
	if (P.total)
		fprintf(stderr, "\r\033[K%s %s: %llu/%llu rows, %.0f rows/s%s", P.stage, P.artifact, P.done, P.total,
			rate, eta);
	else
		fprintf(stderr, "\r\033[K%s %s: %llu rows, %.0f rows/s", P.stage, P.artifact, P.done, rate);
	fflush(stderr);
	P.last_draw = t;
}

static void progress_event(void)
{
	if (!P.artifact || P.done == P.phase_done_at_event)
		return;
	emit("progress", json_pack("{s:s, s:I, s:o}", "artifact", P.artifact, "rows_done", (json_int_t)P.done,
				   "rows_total", P.total ? json_integer((json_int_t)P.total) : json_null()));
	P.phase_done_at_event = P.done;
}

static void end_event(const char *status)
{
	if (!P.active || P.ended)
		return;
	P.ended = 1;
	clear_line();
	progress_event();
	emit("end", json_pack("{s:s, s:I, s:I, s:f, s:I, s:I}", "status", status, "rows", (json_int_t)P.rows,
			      "bytes", (json_int_t)P.bytes, "seconds", now_s() - P.t0, "chunks_done",
			      (json_int_t)P.chunks_done, "chunks_reused", (json_int_t)P.chunks_reused));
	if (P.fd >= 0)
		close(P.fd);
	P.fd = -1;
}

static void at_cleanup(void *arg)
{
	(void)arg;
	end_event("failed"); /* a no-op after progress_end() */
}

void progress_begin(const char *stage)
{
	const char *file = getenv("PGGIT_AUDIT_PROGRESS");
	const char *workdir = getenv("PGGIT_AUDIT_WORKDIR");
	const char *step = getenv("PGGIT_AUDIT_STEP");
	char *path = NULL;
	if (file && *file)
		path = xstrdup(file);
	else if (workdir && *workdir && step)
		path = path_join(workdir, "progress.ndjson");
	if (step && *step) {
		/* the driver's recipe process dies with the driver; so do we (no orphan writing on) */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() == 1)
			kill(getpid(), SIGKILL); /* the parent died before prctl() */
	}
	memset(&P, 0, sizeof(P));
	P.fd = -1;
	if (path) {
		P.fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (P.fd < 0)
			pga_warn("cannot open %s for progress events: %s", path, strerror(errno));
		free(path);
	}
	P.tty = isatty(2);
	P.stage = stage;
	P.target = step && *step ? step : stage;
	P.t0 = P.phase_t0 = now_s();
	P.active = 1;
	pga_at_cleanup(at_cleanup, NULL);
	emit("begin", NULL);
}

void progress_phase(const char *artifact, unsigned long long total_rows)
{
	if (!P.active)
		return;
	progress_event();
	clear_line();
	P.artifact = artifact;
	P.total = total_rows;
	P.done = P.phase_done_at_event = 0;
	P.phase_t0 = P.last_event = now_s();
}

/* n more rows done in the phase; counted: also in the stage's rows */
static void advance(unsigned long long n, int counted)
{
	if (!P.active)
		return;
	P.done += n;
	if (counted)
		P.rows += n;
	if ((P.done & 255) != 0 && n < 256)
		return; /* look at the clock only every 256 rows */
	double t = now_s();
	if (P.tty && t - P.last_draw >= 0.25)
		draw(t);
	if (t - P.last_event >= 2.0) {
		progress_event();
		P.last_event = t;
	}
}

void progress_rows(unsigned long long n) { advance(n, 1); }
void progress_prepared(unsigned long long n) { advance(n, 0); }

void progress_bytes(unsigned long long n)
{
	P.bytes += n;
}

void progress_chunk(const char *artifact, unsigned long long chunk_no, unsigned long long rows,
		    unsigned long long bytes, int reused)
{
	if (!P.active)
		return;
	if (reused) {
		P.chunks_reused++;
		P.done += rows; /* counts towards the phase's progress, not towards the work done now */
	} else {
		P.chunks_done++;
	}
	emit("chunk", json_pack("{s:s, s:I, s:I, s:I, s:s}", "artifact", artifact, "chunk", (json_int_t)chunk_no,
				"rows", (json_int_t)rows, "bytes", (json_int_t)bytes, "state",
				reused ? "reused" : "done"));
}

void progress_end(void)
{
	end_event("ok");
}
