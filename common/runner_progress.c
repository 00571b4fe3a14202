/* runner_progress.c - following progress events, the terminal line, metrics.prom; see runner_progress.h. */
#include "runner_progress.h"
#include "strbuf.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void ptail_init(struct progress_tail *pt, const char *path)
{
	struct stat st;
	memset(pt, 0, sizeof(*pt));
	pt->off = stat(path, &st) == 0 ? st.st_size : 0;
	pt->chunks = json_array();
	/* the line number of what comes next, for the message about a torn line */
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	char buf[65536];
	ssize_t n;
	off_t at = 0;
	while (at < pt->off && (n = pread(fd, buf, sizeof(buf), at)) > 0) {
		for (ssize_t i = 0; i < n && at + i < pt->off; i++)
			pt->line += buf[i] == '\n';
		at += n;
	}
	close(fd);
}

static unsigned long long uval(const json_t *e, const char *key)
{
	json_int_t v = json_integer_value(json_object_get(e, key));
	return v > 0 ? (unsigned long long)v : 0;
}

static void seen_artifact(struct progress_tail *pt, const char *artifact, double now)
{
	if (!artifact || (pt->artifact && !strcmp(pt->artifact, artifact)))
		return;
	free(pt->artifact);
	pt->artifact = xstrdup(artifact);
	pt->artifact_t0 = now;
	pt->artifact_rows0 = 0;
	pt->done = pt->total = 0;
}

static void take_event(struct progress_tail *pt, json_t *e, double now)
{
	const char *event = json_string_value(json_object_get(e, "event"));
	const char *artifact = json_string_value(json_object_get(e, "artifact"));
	if (!event)
		return;
	if (!strcmp(event, "chunk")) {
		json_array_append(pt->chunks, e);
	} else if (!strcmp(event, "end")) {
		json_decref(pt->end);
		pt->end = json_incref(e);
	} else if (!strcmp(event, "progress")) {
		int fresh = !pt->artifact || !artifact || strcmp(pt->artifact, artifact);
		seen_artifact(pt, artifact, now);
		pt->done = uval(e, "rows_done");
		pt->total = uval(e, "rows_total");
		if (fresh)
			pt->artifact_rows0 = pt->done;
	}
}

void ptail_read(struct progress_tail *pt, const char *path, const char *target, double now)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	ssize_t n;
	off_t at = pt->off;
	while ((n = pread(fd, buf, sizeof(buf), at)) > 0) {
		strbuf_add(&sb, buf, (size_t)n);
		at += n;
	}
	close(fd);
	size_t start = 0;
	for (size_t i = 0; i < sb.len; i++) {
		if (sb.buf[i] != '\n')
			continue;
		pt->line++;
		json_t *e = json_loadb(sb.buf + start, i - start, 0, NULL);
		if (!e && i > start) {
			/* a torn line (a stage stopped in the middle of an event: disk full, a crash)
			   with the next event appended to it, as a writer before this version did: the
			   event after the torn bytes is kept, the bytes reported */
			const char *ev = NULL;
			for (const char *q = sb.buf + start + 1; q < sb.buf + i; q++)
				if (!strncmp(q, "{\"time\":", 8))
					ev = q;
			if (ev)
				e = json_loadb(ev, (size_t)(sb.buf + i - ev), 0, NULL);
			pga_warn("%s:%lu: torn line in the progress events (an event cut short while being "
				 "written) ignored%s", path, pt->line, e ? "; the event appended to it is read" : "");
		}
		const char *t = json_string_value(json_object_get(e, "target"));
		if (e && t && !strcmp(t, target))
			take_event(pt, e, now);
		json_decref(e);
		start = i + 1;
	}
	pt->off += (off_t)start; /* an unfinished last line is read again next time */
	strbuf_release(&sb);
}

void ptail_line(const struct progress_tail *pt, const char *target, double now, struct strbuf *out)
{
	strbuf_reset(out);
	if (!pt->artifact)
		return;
	double secs = now - pt->artifact_t0;
	double rate = secs > 0.5 ? (double)(pt->done - pt->artifact_rows0) / secs : 0;
	strbuf_addf(out, "[%s] %s: %llu", target, pt->artifact, pt->done);
	if (pt->total)
		strbuf_addf(out, "/%llu", pt->total);
	strbuf_addstr(out, " rows");
	if (rate > 0) {
		strbuf_addf(out, ", %.0f rows/s", rate);
		if (pt->total > pt->done)
			strbuf_addf(out, ", ETA %.0fs", (double)(pt->total - pt->done) / rate);
	}
}

void ptail_release(struct progress_tail *pt)
{
	json_decref(pt->chunks);
	json_decref(pt->end);
	free(pt->artifact);
	memset(pt, 0, sizeof(*pt));
}

struct metric {
	const char *name, *type, *help;
};

void metrics_write(const char *path, const struct manifest *m, const struct target_metrics *tm)
{
	static const struct metric metrics[] = {
		{ "pggit_audit_target_up", "gauge", "1 if the target's last run finished or it is up to date, 0 if it failed." },
		{ "pggit_audit_target_seconds", "gauge", "Wall time of the target's last run." },
		{ "pggit_audit_target_rows", "gauge", "Rows the target's stage processed in its last run (as the stage reported)." },
		{ "pggit_audit_target_bytes", "gauge", "Compressed bytes the target's stage wrote in its last run." },
		{ "pggit_audit_target_chunks", "gauge", "Checkpointed chunks of the last run: done now, or reused from an interrupted attempt." },
		{ "pggit_audit_target_failures_total", "counter", "Failed or interrupted attempts of the target recorded in the journal." },
	};
	struct strbuf sb = STRBUF_INIT;
	for (size_t k = 0; k < sizeof(metrics) / sizeof(metrics[0]); k++) {
		strbuf_addf(&sb, "# HELP %s %s\n# TYPE %s %s\n", metrics[k].name, metrics[k].help, metrics[k].name,
			    metrics[k].type);
		for (size_t oi = 0; oi < m->n_targets; oi++) {
			size_t i = m->order[oi];
			const struct target_metrics *t = &tm[i];
			const char *name = m->targets[i].name; /* [A-Za-z0-9_.-]: no label escaping needed */
			if (!t->known)
				continue;
			switch (k) {
			case 0: strbuf_addf(&sb, "%s{target=\"%s\"} %d\n", metrics[k].name, name, t->up); break;
			case 1: strbuf_addf(&sb, "%s{target=\"%s\"} %.3f\n", metrics[k].name, name, t->seconds); break;
			case 2:
				if (t->rows >= 0)
					strbuf_addf(&sb, "%s{target=\"%s\"} %lld\n", metrics[k].name, name, t->rows);
				break;
			case 3:
				if (t->bytes >= 0)
					strbuf_addf(&sb, "%s{target=\"%s\"} %lld\n", metrics[k].name, name, t->bytes);
				break;
			case 4:
				if (t->chunks_done >= 0)
					strbuf_addf(&sb, "%s{target=\"%s\",state=\"done\"} %lld\n%s{target=\"%s\",state=\"reused\"} %lld\n",
						    metrics[k].name, name, t->chunks_done, metrics[k].name, name,
						    t->chunks_reused);
				break;
			default: strbuf_addf(&sb, "%s{target=\"%s\"} %lld\n", metrics[k].name, name, t->failures); break;
			}
		}
	}
	strbuf_addf(&sb, "# HELP pggit_audit_metrics_written_timestamp_seconds When the driver wrote this file.\n"
			 "# TYPE pggit_audit_metrics_written_timestamp_seconds gauge\n"
			 "pggit_audit_metrics_written_timestamp_seconds %lld\n",
		    (long long)time(NULL));
	/* best effort: a monitoring file that cannot be written (a full disk) must not stop
	 * the run, nor hide the target's own result; the run itself fails where it needs the space */
	const char *slash = strrchr(path, '/');
	char *tmp = slash ? xasprintf("%.*s/.%s.tmp-%ld", (int)(slash - path), path, slash + 1, (long)getpid())
			  : xasprintf(".%s.tmp-%ld", path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	size_t off = 0;
	while (fd >= 0 && off < sb.len) {
		ssize_t n = write(fd, sb.buf + off, sb.len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	int ok = fd >= 0 && off == sb.len && fsync(fd) == 0;
	int e = errno;
	if (fd >= 0 && close(fd) < 0 && ok)
		ok = 0, e = errno;
	if (ok && rename(tmp, path) < 0)
		ok = 0, e = errno;
	if (!ok) {
		unlink(tmp);
		pga_warn("cannot write %s: %s (left as it was; the run goes on)", path, strerror(e));
	}
	free(tmp);
	strbuf_release(&sb);
}
