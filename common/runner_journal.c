/* runner_journal.c - the hash-chained, append-only journal; see runner_journal.h. */
#include "runner_journal.h"
#include "atomicfile.h"
#include "display.h"
#include "strbuf.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void journal_now(char *buf, size_t size)
{
	struct timespec ts;
	struct tm tm;
	char base[32];
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, size, "%s.%03ldZ", base, ts.tv_nsec / 1000000);
}

/* Check one complete line; returns NULL with a reason in why when it is not a record. */
static json_t *parse_record(const char *line, size_t len, const char *prev_hash, struct strbuf *why)
{
	json_error_t jerr;
	json_t *rec = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!rec || !json_is_object(rec)) {
		strbuf_addf(why, "not a JSON object (%s)", rec ? "other JSON value" : jerr.text);
		json_decref(rec);
		return NULL;
	}
	json_t *format = json_object_get(rec, "format");
	if (!json_is_integer(format)) {
		strbuf_addstr(why, "record has no \"format\"");
		goto bad;
	}
	if (json_integer_value(format) < JOURNAL_FORMAT_OLDEST || json_integer_value(format) > JOURNAL_FORMAT) {
		strbuf_addf(why, "record is in journal format %lld; this pggit-audit reads formats %d to %d",
			    (long long)json_integer_value(format), JOURNAL_FORMAT_OLDEST, JOURNAL_FORMAT);
		goto bad;
	}
	const char *hash = json_string_value(json_object_get(rec, "hash"));
	if (!hash || strcmp(hash, "sha256")) {
		strbuf_addf(why, "record checksums use \"%s\"; this pggit-audit knows only \"sha256\"",
			    hash ? hash : "(missing)");
		goto bad;
	}
	json_t *prev = json_object_get(rec, "prev");
	if (*prev_hash == '\0') {
		if (!json_is_null(prev)) {
			strbuf_addstr(why, "first record must have \"prev\": null (lines before it were removed?)");
			goto bad;
		}
	} else if (!json_is_string(prev) || strcmp(json_string_value(prev), prev_hash)) {
		strbuf_addstr(why, "hash chain broken: \"prev\" is not the SHA-256 of the line before "
				   "(edited, reordered or removed lines)");
		goto bad;
	}
	const char *event = json_string_value(json_object_get(rec, "event"));
	if (!event || (strcmp(event, "started") && strcmp(event, "finished") && strcmp(event, "failed") &&
		       strcmp(event, "chunk"))) {
		strbuf_addstr(why, "unknown or missing \"event\"");
		goto bad;
	}
	if (!json_is_string(json_object_get(rec, "target"))) {
		strbuf_addstr(why, "missing \"target\"");
		goto bad;
	}
	return rec;
bad:
	json_decref(rec);
	return NULL;
}

int journal_load(struct journal *j, const char *path, struct strbuf *err)
{
	memset(j, 0, sizeof(*j));
	j->path = xstrdup(path);
	j->fd = -1;
	struct strbuf text = STRBUF_INIT;
	if (strbuf_read_file(&text, path) < 0) {
		if (errno == ENOENT)
			return 0;
		strbuf_addf(err, "%s: cannot read: %s", path, strerror(errno));
		return -1;
	}
	size_t pos = 0;
	size_t lineno = 0;
	int rc = 0;
	while (pos < text.len) {
		lineno++;
		char *nl = memchr(text.buf + pos, '\n', text.len - pos);
		if (!nl) {
			/* no newline: the write of this line never completed */
			j->torn_bytes = (off_t)(text.len - pos);
			pga_warn("%s:%zu: ignoring torn last line (%zu bytes without a newline: "
				 "a crash while it was written); it is not trusted",
				 path, lineno, text.len - pos);
			break;
		}
		size_t len = (size_t)(nl - (text.buf + pos));
		struct strbuf why = STRBUF_INIT;
		json_t *rec = parse_record(text.buf + pos, len, j->last_hash, &why);
		if (!rec) {
			int is_last = (size_t)(nl - text.buf) + 1 == text.len;
			json_error_t jerr;
			json_t *probe = json_loadb(text.buf + pos, len, 0, &jerr);
			if (is_last && !probe) {
				/* a last line that is not even JSON is a torn write (e.g. zero-filled blocks) */
				j->torn_bytes = (off_t)(text.len - pos);
				pga_warn("%s:%zu: ignoring torn last line (%s); it is not trusted", path, lineno, why.buf);
				strbuf_release(&why);
				break;
			}
			json_decref(probe);
			strbuf_addf(err, "%s:%zu: %s", path, lineno, why.buf);
			strbuf_release(&why);
			rc = -1;
			break;
		}
		strbuf_release(&why);
		j->records = xrealloc(j->records, (j->n_records + 1) * sizeof(*j->records));
		j->records[j->n_records++] = rec;
		sha256_hex(text.buf + pos, len, j->last_hash);
		pos += len + 1;
		j->valid_bytes = (off_t)pos;
	}
	strbuf_release(&text);
	return rc;
}

void journal_open_append(struct journal *j)
{
	j->fd = open(j->path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (j->fd < 0)
		pga_die_errno("cannot open journal %s", j->path);
	struct stat st;
	if (fstat(j->fd, &st) < 0)
		pga_die_errno("cannot stat journal %s", j->path);
	if (st.st_size != j->valid_bytes) {
		/* keep the torn bytes for inspection, then cut them off */
		char *aside = xasprintf("%s.torn-%lld", j->path, (long long)j->valid_bytes);
		int in = open(j->path, O_RDONLY | O_CLOEXEC);
		if (in < 0)
			pga_die_errno("cannot reopen journal %s", j->path);
		struct strbuf tail = STRBUF_INIT;
		char buf[4096];
		ssize_t n;
		if (lseek(in, j->valid_bytes, SEEK_SET) < 0)
			pga_die_errno("cannot seek in journal %s", j->path);
		while ((n = read(in, buf, sizeof(buf))) > 0)
			strbuf_add(&tail, buf, (size_t)n);
		close(in);
		atomic_write_file(aside, tail.buf, tail.len);
		pga_warn("journal %s: moved the torn last line (%zu bytes) to %s", j->path, tail.len, aside);
		strbuf_release(&tail);
		free(aside);
		if (ftruncate(j->fd, j->valid_bytes) < 0 || fsync(j->fd) < 0)
			pga_die_errno("cannot cut the torn line off journal %s", j->path);
		j->torn_bytes = 0;
	}
	if (lseek(j->fd, 0, SEEK_END) < 0)
		pga_die_errno("cannot seek in journal %s", j->path);
	if (st.st_size == 0)
		fsync_parent_dir(j->path);
}

/* 0, or -1 with errno and nothing of the line left on disk (when may_fail) */
static int append_record(struct journal *j, json_t *rec, int may_fail)
{
	if (j->fd < 0)
		pga_die("internal error: journal %s not opened for appending", j->path);
	json_t *line = json_object();
	json_object_set_new(line, "format", json_integer(JOURNAL_FORMAT));
	json_object_set_new(line, "hash", json_string("sha256"));
	json_object_set_new(line, "prev", *j->last_hash ? json_string(j->last_hash) : json_null());
	const char *key;
	json_t *value;
	json_object_foreach(rec, key, value)
		json_object_set(line, key, value);
	json_decref(rec);
	char *text = json_dumps(line, JSON_COMPACT | JSON_ENSURE_ASCII);
	if (!text)
		pga_die("cannot serialise a journal record");
	size_t len = strlen(text);
	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, text, len);
	strbuf_addch(&sb, '\n');
	/* one write(): a crash leaves either nothing or a prefix without '\n' (torn, ignored) */
	size_t off = 0;
	const char *fault = getenv("PGGIT_AUDIT_FAULT");
	if (fault && !strncmp(fault, "journal-torn-write", 18)) {
		/* crash tests: die with half the line on disk, as a power cut mid-write would */
		ssize_t n = write(j->fd, sb.buf, sb.len / 2);
		if (n > 0) {
			off = (size_t)n;
			fsync(j->fd);
		}
		fault_point("journal-torn-write");
	}
	int failed = 0;
	while (off < sb.len) {
		ssize_t n = write(j->fd, sb.buf + off, sb.len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			failed = 1;
			break;
		}
		off += (size_t)n;
	}
	if (!failed && fsync(j->fd) < 0)
		failed = 1;
	if (failed) {
		/* a full disk mid-line: cut the part written off (shrinking needs no space), so
		   that the journal on disk ends with a whole record, not a torn line */
		int e = errno;
		if (ftruncate(j->fd, j->valid_bytes) == 0)
			fsync(j->fd);
		if (lseek(j->fd, 0, SEEK_END) < 0)
			pga_die_errno("cannot seek in journal %s", j->path);
		errno = e;
		if (!may_fail)
			pga_die_errno("cannot append to journal %s", j->path);
		strbuf_release(&sb);
		free(text);
		json_decref(line);
		errno = e;
		return -1;
	}
	sha256_hex(text, len, j->last_hash);
	j->valid_bytes += (off_t)sb.len;
	strbuf_release(&sb);
	free(text);
	j->records = xrealloc(j->records, (j->n_records + 1) * sizeof(*j->records));
	j->records[j->n_records++] = line;
	return 0;
}

void journal_append(struct journal *j, json_t *rec)
{
	append_record(j, rec, 0);
}

int journal_try_append(struct journal *j, json_t *rec)
{
	return append_record(j, rec, 1);
}

int journal_reserve(struct journal *j, size_t bytes)
{
	if (j->fd < 0)
		return 0;
	if (fallocate(j->fd, FALLOC_FL_KEEP_SIZE, j->valid_bytes, (off_t)bytes) == 0)
		return 0;
	/* a file system without preallocation: appends are as before, no worse */
	if (errno == EOPNOTSUPP || errno == ENOSYS || errno == EINVAL)
		return 0;
	return -1;
}

json_t *journal_last(const struct journal *j, const char *target, const char *event)
{
	for (size_t i = j->n_records; i-- > 0;) {
		json_t *r = j->records[i];
		if (strcmp(json_string_value(json_object_get(r, "target")), target))
			continue;
		const char *e = json_string_value(json_object_get(r, "event"));
		if (event ? strcmp(e, event) != 0 : strcmp(e, "chunk") == 0)
			continue;
		return r;
	}
	return NULL;
}

void journal_release(struct journal *j)
{
	for (size_t i = 0; i < j->n_records; i++)
		json_decref(j->records[i]);
	free(j->records);
	if (j->fd >= 0)
		close(j->fd);
	free(j->path);
	memset(j, 0, sizeof(*j));
	j->fd = -1;
}

char *journal_check_files(const char *path, const char *(*sha_of)(const char *rel, void *arg), void *arg,
			  int (*keep)(const char *target, void *karg), void *karg)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	json_t *last = json_object(); /* target -> [record, line number] */
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned long long lineno = 0;
	while ((n = getline(&line, &cap, f)) > 0) {
		lineno++;
		if (line[n - 1] != '\n')
			break; /* a torn last line is not part of the journal */
		json_t *j = json_loads(line, 0, NULL);
		if (!j)
			break;
		const char *event = json_string_value(json_object_get(j, "event"));
		const char *target = json_string_value(json_object_get(j, "target"));
		if (event && target && strcmp(event, "chunk") != 0 && (!keep || keep(target, karg)))
			json_object_set_new(last, target, json_pack("[o, I]", j, (json_int_t)lineno));
		else
			json_decref(j);
	}
	free(line);
	fclose(f);
	char *msg = NULL;
	const char *target;
	json_t *entry;
	json_object_foreach(last, target, entry) {
		json_t *rec = json_array_get(entry, 0);
		unsigned long long at = (unsigned long long)json_integer_value(json_array_get(entry, 1));
		const char *event = json_string_value(json_object_get(rec, "event"));
		int finished = strcmp(event, "finished") == 0;
		static const char *const kinds[2] = { "inputs", "outputs" };
		for (int k = 0; k < (finished ? 2 : 1) && !msg; k++) {
			const char *rel;
			json_t *want;
			json_object_foreach(json_object_get(rec, kinds[k]), rel, want) {
				if (rel[0] == '/')
					continue;
				const char *have = sha_of(rel, arg);
				const char *w = json_string_value(want);
				if (have && w && strcmp(have, w) == 0)
					continue;
				msg = xasprintf("%s:%llu: the last run of target '%s' (%s) %s %s, which the work directory %s",
						dv(path), at, target,
						finished ? "finished" : !strcmp(event, "failed") ? "failed" : "interrupted",
						k ? "wrote" : "read", dv(rel),
						!have ? "no longer holds" : "now holds with other content");
				break;
			}
		}
		if (msg)
			break;
	}
	json_decref(last);
	return msg;
}
