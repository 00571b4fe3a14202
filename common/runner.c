/*
 * runner.c - scheduling, fingerprints, recipe processes and status of a
 * pipeline run; see runner.h. Only this process writes the journal: the
 * recipes run in forked children, one per running target, each in its own
 * process group so an interrupt can stop a whole recipe.
 */
#include "runner.h"
#include "ddl_classify.h"
#include "display.h"
#include "atomicfile.h"
#include "hash.h"
#include "runner_journal.h"
#include "runner_lock.h"
#include "runner_progress.h"
#include "strbuf.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef PGGIT_AUDIT_VERSION
#define PGGIT_AUDIT_VERSION "unknown"
#endif

enum target_state {
	T_UNWANTED,  /* not asked for */
	T_WAITING,   /* prerequisites not done yet */
	T_RUNNING,
	T_DONE,      /* ran successfully or was up to date */
	T_WOULD_RUN, /* dry run: would have run */
	T_FAILED,
	T_BLOCKED,   /* a prerequisite failed */
};

struct hash_cache {
	char **paths;
	char (*sums)[SHA256_HEX_LEN + 1]; /* "" when the file is missing */
	size_t n;
};

/* The end of a recipe's stderr, repeated in its failure report: the log may have none of
   it (a full disk, a log that could not be opened), and the terminal had it among the rest
   of the run's output. A ring of fixed size, so a recipe writing without end costs nothing. */
#define ERR_TAIL_BYTES 4096
struct err_tail {
	char ring[ERR_TAIL_BYTES];
	unsigned long long total; /* bytes ever written to stderr; total % size is the next slot */
};

struct job {
	size_t target;
	pid_t pid;
	int fds[2];             /* read ends of the recipe's stdout and stderr, -1 once closed */
	struct strbuf partial[2]; /* unfinished line per stream (prefix mode) */
	int log_fd;
	int log_errno;          /* first error writing the log (0: none) */
	unsigned long long log_lost; /* bytes of output not in the log */
	struct err_tail err;
	char started_at[32];
	struct timespec t0;
	json_t *inputs;
	sha256_hex_t recipe_sha;
	int exited;
	int wait_status;
	struct progress_tail tail; /* the stage's events in WORKDIR/progress.ndjson */
};

struct runctx {
	const struct manifest *m;
	const struct runner_options *o;
	const char *workdir;
	char *statedir;
	struct journal journal;
	struct hash_cache cache;
	enum target_state *state;
	sha256_hex_t conn_sha; /* "" when not checked */
	sha256_hex_t source_sha, target_sha; /* "" when not given */
	struct job *jobs;
	size_t n_jobs;
	char *progress_path;        /* WORKDIR/progress.ndjson */
	char *metrics_path;         /* WORKDIR/metrics.prom */
	struct target_metrics *tm;  /* per target, for metrics.prom */
	int tty;                    /* stdout is a terminal: draw a progress line */
	int line_shown;             /* a progress line is on the terminal now */
};

static volatile sig_atomic_t interrupted;

/* bytes kept free after the journal while a target runs: its end record (about 1 kB)
   and the chunk records after it (about 350 bytes per chunk) */
#define JOURNAL_RESERVE (256 * 1024)

static void write_metrics(struct runctx *c);

/* The space a target's started and end records need, which hold its inputs and outputs
   with their hashes (a target with thousands of input files outgrows a fixed size),
   on top of JOURNAL_RESERVE. */
static size_t journal_reserve_for(const struct manifest_target *t, const json_t *inputs)
{
	char *text = json_dumps(inputs, JSON_COMPACT | JSON_ENSURE_ASCII);
	size_t n = text ? strlen(text) : 0;
	free(text);
	/* started and finished both carry the inputs (n is their escaped length); an output
	   path is escaped at most 6x */
	size_t need = JOURNAL_RESERVE + 2 * n;
	for (size_t k = 0; k < t->n_outputs; k++)
		need += 6 * strlen(t->outputs[k]) + 80;
	return need;
}

static void on_signal(int sig)
{
	interrupted = sig;
}

/* ---- content hashes ---------------------------------------------------- */

static char *workdir_path(const struct runctx *c, const char *rel)
{
	return rel[0] == '/' ? xstrdup(rel) : path_join(c->workdir, rel);
}

/* SHA-256 of a file under WORKDIR, cached for this process: 1 present, 0 missing. */
static int file_sha(struct runctx *c, const char *rel, sha256_hex_t out)
{
	for (size_t i = 0; i < c->cache.n; i++)
		if (!strcmp(c->cache.paths[i], rel)) {
			memcpy(out, c->cache.sums[i], sizeof(sha256_hex_t));
			return out[0] != '\0';
		}
	char *path = workdir_path(c, rel);
	struct stat st;
	out[0] = '\0';
	if (stat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode))
			pga_die("%s is not a regular file (inputs and outputs must be files)", path);
		if (sha256_file(path, out, NULL) < 0)
			pga_die_errno("cannot read %s", path);
	} else if (errno != ENOENT && errno != ENOTDIR) {
		pga_die_errno("cannot stat %s", path);
	}
	free(path);
	c->cache.paths = xrealloc(c->cache.paths, (c->cache.n + 1) * sizeof(*c->cache.paths));
	c->cache.sums = xrealloc(c->cache.sums, (c->cache.n + 1) * sizeof(*c->cache.sums));
	c->cache.paths[c->cache.n] = xstrdup(rel);
	memcpy(c->cache.sums[c->cache.n], out, sizeof(sha256_hex_t));
	c->cache.n++;
	return out[0] != '\0';
}

/* A recipe ran: its outputs must be hashed again. */
static void forget_outputs(struct runctx *c, const struct manifest_target *t)
{
	for (size_t k = 0; k < t->n_outputs; k++)
		for (size_t i = 0; i < c->cache.n; i++)
			if (!strcmp(c->cache.paths[i], t->outputs[k])) {
				free(c->cache.paths[i]);
				c->cache.paths[i] = c->cache.paths[c->cache.n - 1];
				memcpy(c->cache.sums[i], c->cache.sums[c->cache.n - 1], sizeof(sha256_hex_t));
				c->cache.n--;
				break;
			}
}

static void recipe_sha(const struct manifest_target *t, sha256_hex_t out)
{
	struct sha256_ctx *h = sha256_new();
	for (size_t k = 0; k < t->n_recipe; k++) {
		sha256_update(h, t->recipe[k], strlen(t->recipe[k]));
		sha256_update(h, "\n", 1);
	}
	sha256_finish(h, out);
}

/*
 * The target's inputs as {path: sha256 or null when missing}: the outputs of
 * its prerequisites, then its declared input files. Outputs of prerequisites
 * in state skip_state (a dry run's "would run") are left out: their content
 * is not known yet.
 */
static json_t *current_inputs(struct runctx *c, const struct manifest_target *t, int skip_state)
{
	json_t *in = json_object();
	sha256_hex_t sum;
	for (size_t k = 0; k < t->n_prereqs; k++) {
		size_t p = t->prereq_index[k];
		if (skip_state && (int)c->state[p] == skip_state)
			continue;
		const struct manifest_target *pt = &c->m->targets[p];
		for (size_t o = 0; o < pt->n_outputs; o++)
			json_object_set_new(in, pt->outputs[o],
					    file_sha(c, pt->outputs[o], sum) ? json_string(sum) : json_null());
	}
	for (size_t k = 0; k < t->n_inputs; k++)
		json_object_set_new(in, t->inputs[k], file_sha(c, t->inputs[k], sum) ? json_string(sum) : json_null());
	return in;
}

/* ---- freshness ----------------------------------------------------------- */

static void add_reason(struct strbuf *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_reason(struct strbuf *why, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	if (why->len)
		strbuf_addstr(why, "; ");
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		pga_die("out of memory");
	va_end(ap);
	strbuf_addstr(why, msg);
	free(msg);
}

/* "a, b, c (+2 more)" */
static void add_list_reason(struct strbuf *why, const char *what, char **items, size_t n)
{
	if (!n)
		return;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n && i < 3; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", items[i]);
	if (n > 3)
		strbuf_addf(&sb, " (+%zu more)", n - 3);
	add_reason(why, "%s: %s", what, sb.buf);
	strbuf_release(&sb);
}

static const char *rec_str(const json_t *rec, const char *key)
{
	const char *s = json_string_value(json_object_get(rec, key));
	return s ? s : "?";
}

/* 1 when a recipe line of t runs a stage whose output follows the classifier's rules
   (classify, or replay, which names objects by them), under its own name or the driver's. */
static int recipe_classifies(const struct manifest_target *t)
{
	static const char *const stages[] = { "pggit-audit-classify", "pggit-audit classify", "pggit-audit-replay",
					      "pggit-audit replay", NULL };
	for (size_t i = 0; i < t->n_recipe; i++)
		for (const char *const *s = stages; *s; s++)
			if (strstr(t->recipe[i], *s))
				return 1;
	return 0;
}

/* Dry run: an output of a prerequisite that would run is left out of the inputs on purpose. */
static int output_of_would_run_prereq(const struct runctx *c, const struct manifest_target *t, const char *path)
{
	for (size_t k = 0; k < t->n_prereqs; k++) {
		size_t p = t->prereq_index[k];
		if (c->state[p] != T_WOULD_RUN)
			continue;
		for (size_t o = 0; o < c->m->targets[p].n_outputs; o++)
			if (!strcmp(c->m->targets[p].outputs[o], path))
				return 1;
	}
	return 0;
}

/*
 * 1 if the target's last run finished and nothing it depends on changed since;
 * otherwise 0 with the reasons appended to why.
 */
static int is_fresh(struct runctx *c, const struct manifest_target *t, json_t *inputs,
		    const char *recipe, struct strbuf *why)
{
	json_t *last = journal_last(&c->journal, t->name, NULL);
	if (!last) {
		add_reason(why, "never run");
		return 0;
	}
	const char *event = rec_str(last, "event");
	if (!strcmp(event, "started")) {
		add_reason(why, "previous run was interrupted (started %s, no end recorded)", rec_str(last, "time"));
		return 0;
	}
	if (!strcmp(event, "failed")) {
		add_reason(why, "previous run failed (%s)", rec_str(last, "error"));
		return 0;
	}
	size_t before = why->len;
	json_t *outs = json_object_get(last, "outputs");
	char **missing = NULL, **changed = NULL;
	size_t n_missing = 0, n_changed = 0;
	for (size_t k = 0; k < t->n_outputs; k++) {
		sha256_hex_t sum;
		const char *want = json_string_value(json_object_get(outs, t->outputs[k]));
		if (!file_sha(c, t->outputs[k], sum)) {
			missing = xrealloc(missing, (n_missing + 1) * sizeof(*missing));
			missing[n_missing++] = t->outputs[k];
		} else if (!want) {
			add_reason(why, "new output %s", t->outputs[k]);
		} else if (strcmp(want, sum)) {
			changed = xrealloc(changed, (n_changed + 1) * sizeof(*changed));
			changed[n_changed++] = t->outputs[k];
		}
	}
	add_list_reason(why, "outputs missing", missing, n_missing);
	add_list_reason(why, "outputs modified since they were made", changed, n_changed);
	free(missing);
	free(changed);

	json_t *rec_in = json_object_get(last, "inputs");
	const char *key;
	json_t *value;
	json_object_foreach(inputs, key, value) {
		json_t *old = json_object_get(rec_in, key);
		if (json_is_null(value))
			add_reason(why, "input %s missing", key);
		else if (!old)
			add_reason(why, "new input %s", key);
		else if (!json_is_string(old) || strcmp(json_string_value(old), json_string_value(value)))
			add_reason(why, "input %s changed", key);
	}
	json_object_foreach(rec_in, key, value) {
		if (!json_object_get(inputs, key) && !output_of_would_run_prereq(c, t, key))
			add_reason(why, "input %s no longer used", key);
	}
	if (strcmp(rec_str(last, "recipe_sha256"), recipe))
		add_reason(why, "recipe changed");
	if (strcmp(rec_str(last, "tool_version"), PGGIT_AUDIT_VERSION))
		add_reason(why, "tool version changed (%s -> %s)", rec_str(last, "tool_version"), PGGIT_AUDIT_VERSION);
	/* a build of the same version whose classifier rates changes otherwise: what a target that
	   classifies made is not this build's (the others' outputs rerun what follows if it changes) */
	else if (recipe_classifies(t) && strcmp(rec_str(last, "classifier_rules"), ddl_classifier_rules()))
		add_reason(why, "classifier rules changed (%s -> %s)", rec_str(last, "classifier_rules"),
			   ddl_classifier_rules());
	if (c->conn_sha[0] && strcmp(rec_str(last, "connection_sha256"), c->conn_sha))
		add_reason(why, "database connection changed (--source/--target)");
	return why->len == before;
}

/* ---- recipe processes ---------------------------------------------------- */

/* 0, or -1 with errno: the caller decides (a closed terminal must not stop the run) */
static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* the recipe's process group, which its recipe process leads (0: it could not lead one) */
static volatile sig_atomic_t recipe_group;

/* The driver is gone: the whole recipe goes with it, not only its recipe process. */
static void recipe_driver_died(int sig)
{
	(void)sig;
	kill(recipe_group > 0 ? -(pid_t)recipe_group : getpid(), SIGKILL);
}

/* In the forked child: run each line with /bin/sh -c; exit with the first failure's status. */
__attribute__((noreturn))
static void recipe_child(const struct runctx *c, const struct manifest_target *t, int out_fd, int err_fd)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	/* Die with the driver: a killed driver must not leave a recipe writing on. The
	 * kernel's parent-death signal reaches this process only; its children (the shell,
	 * the stage it starts, whatever that starts) were orphaned and ran on (a verify
	 * stage killed with its driver still committed its verification), so this
	 * process passes it on to its whole process group. */
	recipe_group = getpgrp() == getpid() ? (sig_atomic_t)getpid() : 0;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = recipe_driver_died;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	prctl(PR_SET_PDEATHSIG, SIGHUP);
	if (getppid() == 1)
		_exit(137);
	setenv("PGGIT_AUDIT_STEP", t->name, 1);
	setenv("PGGIT_AUDIT_PROGRESS", c->progress_path, 1);
	int devnull = open("/dev/null", O_RDONLY);
	if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0)
		_exit(126);
	if (chdir(c->workdir) < 0) {
		dprintf(2, "pggit-audit: %s: cannot enter %s: %s\n", t->name, c->workdir, strerror(errno));
		_exit(126);
	}
	for (size_t k = 0; k < t->n_recipe; k++) {
		/* echoed as every message is (a control byte of the manifest, an ESC or an OSC
		   title sequence, would reach the terminal and the log as it is); the driver has
		   no threads, so allocating after fork() is safe */
		struct strbuf echo = STRBUF_INIT;
		strbuf_add_display(&echo, t->recipe[k], strlen(t->recipe[k]), DISPLAY_LINES);
		dprintf(1, "+ %s\n", echo.buf);
		strbuf_release(&echo);
		pid_t pid = fork();
		if (pid < 0) {
			dprintf(2, "pggit-audit: %s: fork: %s\n", t->name, strerror(errno));
			_exit(126);
		}
		if (pid == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			execl("/bin/sh", "sh", "-c", t->recipe[k], (char *)NULL);
			dprintf(2, "pggit-audit: cannot run /bin/sh: %s\n", strerror(errno));
			_exit(127);
		}
		int st;
		while (waitpid(pid, &st, 0) < 0)
			if (errno != EINTR)
				_exit(126);
		if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
			continue;
		if (WIFSIGNALED(st)) {
			dprintf(2, "pggit-audit: %s: recipe line %d (%s:%d) killed by signal %d\n", t->name,
				(int)k + 1, c->m->file, t->recipe_line[k], WTERMSIG(st));
			_exit(128 + WTERMSIG(st));
		}
		dprintf(2, "pggit-audit: %s: recipe line %d (%s:%d) failed with exit status %d\n", t->name,
			(int)k + 1, c->m->file, t->recipe_line[k], WEXITSTATUS(st));
		_exit(WEXITSTATUS(st));
	}
	_exit(0);
}

static json_t *base_record(struct runctx *c, const char *event, const struct manifest_target *t)
{
	json_t *r = json_object();
	json_object_set_new(r, "event", json_string(event));
	json_object_set_new(r, "target", json_string(t->name));
	json_object_set_new(r, "tool_version", json_string(PGGIT_AUDIT_VERSION));
	if (recipe_classifies(t))
		json_object_set_new(r, "classifier_rules", json_string(ddl_classifier_rules()));
	if (c->conn_sha[0])
		json_object_set_new(r, "connection_sha256", json_string(c->conn_sha));
	if (c->source_sha[0])
		json_object_set_new(r, "source_db_sha256", json_string(c->source_sha));
	if (c->target_sha[0])
		json_object_set_new(r, "target_db_sha256", json_string(c->target_sha));
	return r;
}

/*
 * Journal target idx as failed without its recipe having run (start = end = now,
 * no exit status, error as given) and mark it failed with unknown metrics.
 * Takes over inputs (the journal record owns it).
 */
static void record_failed_before_recipe(struct runctx *c, size_t idx, json_t *inputs, const char *rsha,
					const char *error)
{
	json_t *r = base_record(c, "failed", &c->m->targets[idx]);
	char now[32];
	journal_now(now, sizeof(now));
	json_object_set_new(r, "start_time", json_string(now));
	json_object_set_new(r, "end_time", json_string(now));
	json_object_set_new(r, "exit_status", json_null());
	json_object_set_new(r, "error", json_string(error));
	json_object_set_new(r, "recipe_sha256", json_string(rsha));
	json_object_set_new(r, "inputs", inputs);
	journal_append(&c->journal, r);
	memset(&c->tm[idx], 0, sizeof(c->tm[idx]));
	c->tm[idx].known = 1;
	c->tm[idx].rows = c->tm[idx].bytes = c->tm[idx].chunks_done = c->tm[idx].chunks_reused = -1;
	c->state[idx] = T_FAILED;
}

/* logs/TARGET.log, emptied, or -1 with errno. Never through a symbolic link put in its place. */
static int open_log(struct runctx *c, const struct manifest_target *t)
{
	char *logname = xasprintf("logs/%s.log", t->name);
	char *logpath = path_join(c->workdir, logname);
	int fd = open(logpath, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0644);
	int e = errno;
	free(logpath);
	free(logname);
	errno = e;
	return fd;
}

static void start_job(struct runctx *c, size_t idx, json_t *inputs, const char *recipe, int log_fd)
{
	const struct manifest_target *t = &c->m->targets[idx];
	struct job *j = &c->jobs[c->n_jobs++];
	memset(j, 0, sizeof(*j));
	j->target = idx;
	j->inputs = inputs;
	memcpy(j->recipe_sha, recipe, sizeof(j->recipe_sha));
	strbuf_init(&j->partial[0], 0);
	strbuf_init(&j->partial[1], 0);
	journal_now(j->started_at, sizeof(j->started_at));
	clock_gettime(CLOCK_MONOTONIC, &j->t0);

	j->log_fd = log_fd;

	json_t *r = base_record(c, "started", t);
	json_object_set_new(r, "time", json_string(j->started_at));
	json_object_set_new(r, "pid", json_integer(getpid()));
	json_object_set_new(r, "recipe_sha256", json_string(recipe));
	json_object_set(r, "inputs", inputs);
	journal_append(&c->journal, r);
	ptail_init(&j->tail, c->progress_path);

	int out[2], err[2];
	if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0)
		pga_die_errno("pipe");
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		pga_die_errno("fork");
	if (pid == 0) {
		setpgid(0, 0);
		recipe_child(c, t, out[1], err[1]);
	}
	setpgid(pid, pid); /* also here: no race with a kill() before the child ran setpgid */
	close(out[1]);
	close(err[1]);
	j->pid = pid;
	j->fds[0] = out[0];
	j->fds[1] = err[0];
	for (int s = 0; s < 2; s++)
		fcntl(j->fds[s], F_SETFL, fcntl(j->fds[s], F_GETFL) | O_NONBLOCK);
}

static void err_tail_add(struct err_tail *e, const char *buf, size_t len)
{
	if (len > ERR_TAIL_BYTES) {
		e->total += len - ERR_TAIL_BYTES;
		buf += len - ERR_TAIL_BYTES;
		len = ERR_TAIL_BYTES;
	}
	while (len) {
		size_t at = (size_t)(e->total % ERR_TAIL_BYTES);
		size_t n = ERR_TAIL_BYTES - at < len ? ERR_TAIL_BYTES - at : len;
		memcpy(e->ring + at, buf, n);
		e->total += n;
		buf += n;
		len -= n;
	}
}

/*
 * To stderr, after the target's [done]/[FAIL] line: why its log is not whole, and, for a
 * failed target or one whose log is not whole, the end of its stderr (from the first whole
 * line kept), indented under a heading that says how much of it that is.
 */
static void report_log_and_errors(struct runctx *c, struct job *j, int failed)
{
	const char *name = c->m->targets[j->target].name;
	if (j->log_errno)
		pga_warn("the log %s/logs/%s.log is incomplete: %s (up to %llu bytes of the recipe's output, from the "
			 "first that could not be written on, are missing; the terminal had them)",
			 c->workdir, name, strerror(j->log_errno), j->log_lost);
	const struct err_tail *e = &j->err;
	if (!e->total || (!failed && !j->log_errno))
		return;
	struct strbuf text = STRBUF_INIT;
	if (e->total <= ERR_TAIL_BYTES) {
		strbuf_add(&text, e->ring, (size_t)e->total);
	} else {
		size_t at = (size_t)(e->total % ERR_TAIL_BYTES);
		strbuf_add(&text, e->ring + at, ERR_TAIL_BYTES - at);
		strbuf_add(&text, e->ring, at);
	}
	size_t from = 0;
	if (e->total > ERR_TAIL_BYTES) {
		const char *nl = memchr(text.buf, '\n', text.len);
		if (nl && (size_t)(nl - text.buf) + 1 < text.len)
			from = (size_t)(nl - text.buf) + 1;
	}
	size_t len = text.len - from;
	while (len && text.buf[from + len - 1] == '\n')
		len--;
	struct strbuf head = STRBUF_INIT;
	if (e->total > ERR_TAIL_BYTES)
		strbuf_addf(&head, "the last %zu of the %llu bytes %s wrote to stderr:\n", len, e->total, name);
	else
		strbuf_addf(&head, "what %s wrote to stderr:\n", name);
	strbuf_add(&head, text.buf + from, len);
	/* one message whose lines after the first are indented by two spaces; the recipe's
	   control bytes escaped, as in every message of the driver */
	flockfile(stderr);
	fprintf(stderr, "%s: ", pga_progname());
	display_fputs(stderr, head.buf, head.len, DISPLAY_LINES);
	fputc('\n', stderr);
	funlockfile(stderr);
	strbuf_release(&head);
	strbuf_release(&text);
}

/* The longest unfinished line kept per stream with --jobs > 1 before it is shown in pieces */
#define PARTIAL_LINE_MAX 65536

/* Copy recipe output to the log and the terminal ("[target] " before each line with --jobs > 1). */
static void forward(struct runctx *c, struct job *j, int s, const char *buf, size_t len, int eof)
{
	int term = s == 0 ? 1 : 2;
	/* a log that cannot be written (a full disk) is not a failed recipe, but it is said at
	   the end: it used to lose the recipe's output, its error message too, silently */
	if (len && !j->log_errno && write_all(j->log_fd, buf, len) < 0)
		j->log_errno = errno;
	if (j->log_errno)
		j->log_lost += len;
	if (s == 1)
		err_tail_add(&j->err, buf, len);
	if (c->line_shown && len) {
		write_all(1, "\r\033[K", 4);
		c->line_shown = 0;
	}
	if (c->o->jobs <= 1) {
		write_all(term, buf, len);
		return;
	}
	strbuf_add(&j->partial[s], buf, len);
	const char *name = c->m->targets[j->target].name;
	char *start = j->partial[s].buf;
	char *nl;
	struct strbuf outb = STRBUF_INIT;
	while ((nl = memchr(start, '\n', j->partial[s].len - (size_t)(start - j->partial[s].buf)))) {
		strbuf_addf(&outb, "[%s] ", name);
		strbuf_add(&outb, start, (size_t)(nl - start) + 1);
		start = nl + 1;
	}
	size_t rest = j->partial[s].len - (size_t)(start - j->partial[s].buf);
	/* a line without end (a recipe writing a long value, or binary data, with no newline) is
	   shown in pieces, each under its prefix: kept whole it grew the driver without bound */
	if ((eof || rest >= PARTIAL_LINE_MAX) && rest) {
		strbuf_addf(&outb, "[%s] ", name);
		strbuf_add(&outb, start, rest);
		strbuf_addch(&outb, '\n');
		rest = 0;
		start = j->partial[s].buf + j->partial[s].len;
	}
	write_all(term, outb.buf, outb.len);
	strbuf_release(&outb);
	memmove(j->partial[s].buf, start, rest);
	j->partial[s].len = rest;
	j->partial[s].buf[rest] = '\0';
}

/* Read what is available on one stream; close it at EOF. */
static void drain(struct runctx *c, struct job *j, int s)
{
	char buf[65536];
	for (;;) {
		ssize_t n = read(j->fds[s], buf, sizeof(buf));
		if (n > 0) {
			forward(c, j, s, buf, (size_t)n, 0);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN && !j->exited)
			return;
		/* EOF, error, or the recipe exited and a background process keeps the pipe open */
		forward(c, j, s, "", 0, 1);
		close(j->fds[s]);
		j->fds[s] = -1;
		return;
	}
}

static double elapsed(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* The recipe ended: check the outputs, journal the result. Returns 1 on success. */
static int finish_job(struct runctx *c, struct job *j)
{
	const struct manifest_target *t = &c->m->targets[j->target];
	char ended[32];
	journal_now(ended, sizeof(ended));
	double secs = elapsed(&j->t0);
	struct strbuf error = STRBUF_INIT;
	int exit_status = -1;
	if (WIFEXITED(j->wait_status)) {
		exit_status = WEXITSTATUS(j->wait_status);
		if (exit_status)
			strbuf_addf(&error, "exit status %d", exit_status);
	} else if (WIFSIGNALED(j->wait_status)) {
		strbuf_addf(&error, "killed by signal %d", WTERMSIG(j->wait_status));
	}
	if (interrupted && error.len)
		strbuf_addstr(&error, interrupted == SIGINT ? " (interrupted by SIGINT)" : " (interrupted by SIGTERM)");

	json_t *outputs = json_object();
	forget_outputs(c, t);
	if (!error.len) {
		char **missing = NULL;
		size_t n_missing = 0;
		for (size_t k = 0; k < t->n_outputs; k++) {
			sha256_hex_t sum;
			if (file_sha(c, t->outputs[k], sum)) {
				json_object_set_new(outputs, t->outputs[k], json_string(sum));
			} else {
				missing = xrealloc(missing, (n_missing + 1) * sizeof(*missing));
				missing[n_missing++] = t->outputs[k];
			}
		}
		if (n_missing) {
			add_list_reason(&error, "recipe succeeded but did not create", missing, n_missing);
		}
		free(missing);
	}
	/* the stage's checkpoints, from its progress events, before the end record */
	ptail_read(&j->tail, c->progress_path, t->name, elapsed(&j->t0));
	if (c->line_shown) {
		write_all(1, "\r\033[K", 4);
		c->line_shown = 0;
	}
	json_t *r = base_record(c, error.len ? "failed" : "finished", t);
	struct target_metrics *tm = &c->tm[j->target];
	memset(tm, 0, sizeof(*tm));
	tm->known = 1;
	tm->up = !error.len;
	tm->seconds = secs;
	tm->rows = tm->bytes = tm->chunks_done = tm->chunks_reused = -1;
	if (j->tail.end) {
		static const char *const keys[] = { "rows", "bytes", "chunks_done", "chunks_reused" };
		long long *vals[] = { &tm->rows, &tm->bytes, &tm->chunks_done, &tm->chunks_reused };
		for (size_t k = 0; k < 4; k++) {
			json_t *v = json_object_get(j->tail.end, keys[k]);
			if (json_is_integer(v)) {
				json_object_set(r, keys[k], v);
				*vals[k] = (long long)json_integer_value(v);
			}
		}
	}
	json_object_set_new(r, "start_time", json_string(j->started_at));
	json_object_set_new(r, "end_time", json_string(ended));
	json_object_set_new(r, "duration_ms", json_integer((json_int_t)(secs * 1000.0)));
	json_object_set_new(r, "exit_status", exit_status >= 0 ? json_integer(exit_status) : json_null());
	if (error.len)
		json_object_set_new(r, "error", json_string(error.buf));
	json_object_set_new(r, "recipe_sha256", json_string(j->recipe_sha));
	json_object_set_new(r, "inputs", j->inputs);
	if (error.len)
		json_decref(outputs);
	else
		json_object_set_new(r, "outputs", outputs);
	journal_append(&c->journal, r);
	/* then the stage's checkpoints, from its progress events (after the end record:
	 * a crash while writing them never makes the finished target rerun) */
	size_t ci;
	json_t *ev;
	json_array_foreach(j->tail.chunks, ci, ev) {
		json_t *cr = base_record(c, "chunk", t);
		static const char *const keys[] = { "artifact", "chunk", "rows", "bytes", "state", "pid", "time" };
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			if (json_object_get(ev, keys[k]))
				json_object_set(cr, keys[k], json_object_get(ev, keys[k]));
		/* they only describe the finished work (no resume reads them): a disk that
		   fills while they are written (more chunks than the reserved space holds)
		   used to kill the driver here, leaving a torn line, the rest of the run
		   not started and the target's "[done]" not shown */
		if (journal_try_append(&c->journal, cr) < 0) {
			pga_warn("cannot record the chunks of %s in the journal %s (%zu of %zu not recorded): %s; "
				 "%s itself is recorded %s",
				 t->name, c->journal.path, json_array_size(j->tail.chunks) - ci,
				 json_array_size(j->tail.chunks), strerror(errno), t->name,
				 error.len ? "as failed" : "as finished");
			break;
		}
	}
	ptail_release(&j->tail);
	close(j->log_fd);
	strbuf_release(&j->partial[0]);
	strbuf_release(&j->partial[1]);

	int ok = !error.len;
	write_metrics(c);
	fflush(stderr);
	if (ok)
		printf("[done] %s in %.2fs\n", t->name, secs);
	else
		printf("[FAIL] %s: %s (log: %s/logs/%s.log)\n", t->name, error.buf, c->workdir, t->name);
	fflush(stdout);
	report_log_and_errors(c, j, !ok);
	fflush(stderr);
	strbuf_release(&error);
	return ok;
}

/* Wait for output or an exit; handle every job that ended. */
static void pump(struct runctx *c, int *failed_now)
{
	struct pollfd pfd[64];
	struct job *owner[64];
	int stream[64];
	nfds_t n = 0;
	for (size_t i = 0; i < c->n_jobs && n + 2 <= 64; i++)
		for (int s = 0; s < 2; s++)
			if (c->jobs[i].fds[s] >= 0) {
				pfd[n].fd = c->jobs[i].fds[s];
				pfd[n].events = POLLIN;
				owner[n] = &c->jobs[i];
				stream[n] = s;
				n++;
			}
	if (n && poll(pfd, n, 200) > 0) {
		for (nfds_t k = 0; k < n; k++)
			if (pfd[k].revents && owner[k]->fds[stream[k]] >= 0)
				drain(c, owner[k], stream[k]);
	} else if (!n) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	if (c->tty && c->n_jobs == 1 && !c->jobs[0].exited) {
		struct job *j = &c->jobs[0];
		const char *name = c->m->targets[j->target].name;
		double now = elapsed(&j->t0);
		ptail_read(&j->tail, c->progress_path, name, now);
		struct strbuf line = STRBUF_INIT;
		ptail_line(&j->tail, name, now, &line);
		if (line.len) {
			strbuf_addstr(&line, "\033[K");
			write_all(1, "\r", 1);
			write_all(1, line.buf, line.len);
			c->line_shown = 1;
		}
		strbuf_release(&line);
	}
	for (size_t i = 0; i < c->n_jobs;) {
		struct job *j = &c->jobs[i];
		if (!j->exited) {
			pid_t r = waitpid(j->pid, &j->wait_status, WNOHANG);
			if (r == j->pid)
				j->exited = 1;
		}
		if (j->exited) {
			for (int s = 0; s < 2; s++)
				if (j->fds[s] >= 0)
					drain(c, j, s);
			size_t idx = j->target;
			if (finish_job(c, j)) {
				c->state[idx] = T_DONE;
			} else {
				c->state[idx] = T_FAILED;
				*failed_now = 1;
			}
			c->jobs[i] = c->jobs[--c->n_jobs];
			continue;
		}
		i++;
	}
}

/* ---- the run ----------------------------------------------------------- */

/* Metrics of a target that did not run now: from its last end record in the journal. */
static void metrics_from_journal(struct runctx *c, size_t idx)
{
	struct target_metrics *tm = &c->tm[idx];
	json_t *last = journal_last(&c->journal, c->m->targets[idx].name, NULL);
	if (!last || !strcmp(rec_str(last, "event"), "started"))
		return;
	tm->known = 1;
	tm->up = !strcmp(rec_str(last, "event"), "finished");
	tm->seconds = (double)json_integer_value(json_object_get(last, "duration_ms")) / 1000.0;
	static const char *const keys[] = { "rows", "bytes", "chunks_done", "chunks_reused" };
	long long *vals[] = { &tm->rows, &tm->bytes, &tm->chunks_done, &tm->chunks_reused };
	for (size_t k = 0; k < 4; k++) {
		json_t *v = json_object_get(last, keys[k]);
		*vals[k] = json_is_integer(v) ? (long long)json_integer_value(v) : -1;
	}
}

/* WORKDIR/metrics.prom, rewritten atomically after every target. */
static void write_metrics(struct runctx *c)
{
	if (c->o->dry_run)
		return;
	for (size_t i = 0; i < c->m->n_targets; i++) {
		const char *name = c->m->targets[i].name;
		if (!c->tm[i].known)
			metrics_from_journal(c, i);
		long long failures = 0;
		for (size_t r = 0; r < c->journal.n_records; r++) {
			json_t *rec = c->journal.records[r];
			if (!strcmp(rec_str(rec, "target"), name) && !strcmp(rec_str(rec, "event"), "failed"))
				failures++;
		}
		c->tm[i].failures = failures;
	}
	metrics_write(c->metrics_path, c->m, c->tm);
}

static void mark_wanted(struct runctx *c, size_t idx)
{
	if (c->state[idx] != T_UNWANTED)
		return;
	c->state[idx] = T_WAITING;
	for (size_t k = 0; k < c->m->targets[idx].n_prereqs; k++)
		mark_wanted(c, c->m->targets[idx].prereq_index[k]);
}

static void save_run_info(struct runctx *c, const char *text, size_t len,
			  const struct manifest_assign *ov, size_t n_ov)
{
	/* two renames, not one: run.json carries the hash of the manifest.mk it goes with, so
	   that a driver killed between them leaves a pair runner_last_run() refuses, not the
	   new manifest read with the old run's variables */
	char *copy = path_join(c->statedir, "manifest.mk");
	atomic_write_file(copy, text, len);
	free(copy);
	fault_point("journal-run-info");
	sha256_hex_t msha;
	sha256_hex(text, len, msha);
	json_t *info = json_object();
	json_object_set_new(info, "format", json_integer(2));
	json_object_set_new(info, "manifest", json_string(c->m->file));
	json_object_set_new(info, "manifest_sha256", json_string(msha));
	json_t *vars = json_object();
	for (size_t i = 0; i < n_ov; i++)
		json_object_set_new(vars, ov[i].name, json_string(ov[i].value));
	json_object_set_new(info, "variables", vars);
	char *s = json_dumps(info, JSON_INDENT(2));
	json_decref(info);
	char *path = path_join(c->statedir, "run.json");
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, s);
	strbuf_addch(&sb, '\n');
	atomic_write_file(path, sb.buf, sb.len);
	strbuf_release(&sb);
	free(path);
	free(s);
}

static void load_journal_or_die(struct runctx *c)
{
	char *jpath = path_join(c->statedir, "journal.ndjson");
	struct strbuf err = STRBUF_INIT;
	if (journal_load(&c->journal, jpath, &err) < 0)
		pga_die("%s\nThe journal cannot be trusted. To start afresh (every target reruns), move it "
			"away: mv '%s' '%s.broken'", err.buf, jpath, jpath);
	strbuf_release(&err);
	free(jpath);
}

/*
 * A work directory belongs to the databases it was run against: its artifacts were
 * exported from that source and its load journal lives in that target. A resume with
 * another --target (a typo, the wrong environment file in a production window) used to
 * rerun every stage into the new database without asking; it is refused unless the
 * caller says the change is meant (docs/manifest.md, "Another database").
 */
static void check_connection_unchanged(struct runctx *c)
{
	if (!c->conn_sha[0] || c->o->allow_connection_change)
		return;
	const json_t *last = NULL;
	for (size_t i = c->journal.n_records; i-- > 0 && !last;)
		if (json_is_string(json_object_get(c->journal.records[i], "connection_sha256")))
			last = c->journal.records[i];
	if (!last || !strcmp(rec_str(last, "connection_sha256"), c->conn_sha))
		return;
	const char *old_src = json_string_value(json_object_get(last, "source_db_sha256"));
	const char *old_tgt = json_string_value(json_object_get(last, "target_db_sha256"));
	const char *what;
	if (!old_src || !old_tgt || !c->source_sha[0] || !c->target_sha[0]) {
		/* a journal from before the database hashes: any change may be another database */
		what = "another --source or --target (or other PG* environment variables)";
	} else {
		int src = strcmp(old_src, c->source_sha) != 0, tgt = strcmp(old_tgt, c->target_sha) != 0;
		if (!src && !tgt)
			return; /* the same databases reached another way (another role): rerun, as rule 5 says */
		what = src && tgt ? "another --source and --target database"
		       : tgt	  ? "another --target database (the same --source)"
				  : "another --source database (the same --target)";
	}
	const char *when = rec_str(last, json_object_get(last, "end_time") ? "end_time" : "time");
	pga_die("%s was last run (%s) with %s (host, port, dbname or service, or their PG* "
		"variables); its artifacts and the target's load journal belong to those databases. Check "
		"the connection strings; if the change is meant (a new target, or the same database under "
		"another name), run again with --allow-connection-change: every target then reruns against "
		"the new databases. Or use a new --workdir.",
		c->workdir, when, what);
}

/*
 * The driver, its lock and journal, and the stages write below the work directory by
 * path, and only a path's last component is opened with O_NOFOLLOW: a directory of the
 * work directory replaced by a link (export -> a directory of the operator's) received
 * the artifacts. Checked before anything is written and again before each target.
 */
static char *dir_link_message(const struct runctx *c)
{
	char *link = find_dir_link(c->workdir);
	if (!link)
		return NULL;
	char *msg = xasprintf("%s is a symbolic link to a directory, to nothing or to something other than a "
			      "regular file; writes below the work directory %s would go through it, so nothing "
			      "is written: remove it (or use a work directory only you can write)",
			      link, c->workdir);
	free(link);
	return msg;
}

static void refuse_dir_links(const struct runctx *c)
{
	char *msg = dir_link_message(c);
	if (msg)
		pga_die("%s", msg);
}

static void init_ctx(struct runctx *c, const struct manifest *m, const struct runner_options *o, const char *workdir)
{
	memset(c, 0, sizeof(*c));
	c->m = m;
	c->o = o;
	c->workdir = workdir;
	c->statedir = path_join(workdir, RUNNER_STATE_DIR);
	c->state = xcalloc(m->n_targets ? m->n_targets : 1, sizeof(*c->state));
	c->tm = xcalloc(m->n_targets ? m->n_targets : 1, sizeof(*c->tm));
	c->progress_path = path_join(workdir, "progress.ndjson");
	c->metrics_path = path_join(workdir, "metrics.prom");
}

static void free_ctx(struct runctx *c)
{
	journal_release(&c->journal);
	for (size_t i = 0; i < c->cache.n; i++)
		free(c->cache.paths[i]);
	free(c->cache.paths);
	free(c->cache.sums);
	free(c->state);
	free(c->statedir);
	free(c->jobs);
	free(c->tm);
	free(c->progress_path);
	free(c->metrics_path);
}

int runner_run(const struct manifest *m, const char *manifest_text, size_t manifest_len,
	       const struct manifest_assign *overrides, size_t n_overrides,
	       const struct runner_options *o)
{
	struct runctx c;
	static struct runner_lock lock; /* static: released by the exit handler too */
	fault_points_driver_only();
	init_ctx(&c, m, o, o->workdir);
	unsigned jobs = o->jobs ? o->jobs : 1;
	if (jobs > 32)
		jobs = 32;
	c.jobs = xcalloc(jobs, sizeof(*c.jobs));
	if (o->connection_id)
		sha256_hex(o->connection_id, strlen(o->connection_id), c.conn_sha);
	if (o->source_id)
		sha256_hex(o->source_id, strlen(o->source_id), c.source_sha);
	if (o->target_id)
		sha256_hex(o->target_id, strlen(o->target_id), c.target_sha);

	for (size_t i = 0; i < o->n_force; i++)
		if (manifest_find_target(m, o->force[i]) < 0)
			pga_die("--force %s: no such target in %s", o->force[i], m->file);
	for (size_t i = 0; i < o->n_goals; i++) {
		long idx = manifest_find_target(m, o->goals[i]);
		if (idx < 0)
			pga_die("unknown target '%s' (not in %s)", o->goals[i], m->file);
		mark_wanted(&c, (size_t)idx);
	}
	if (!o->n_goals)
		for (size_t i = 0; i < m->n_targets; i++)
			c.state[i] = T_WAITING;

	refuse_dir_links(&c);
	if (!o->dry_run) {
		char *logs = path_join(o->workdir, "logs");
		/* the work directory holds the store's DDL, authors and messages, readable in the
		   database only with its privileges: a new one is the operator's alone, whatever the
		   umask (an existing one keeps the mode it was given) */
		if (mkdir_p(o->workdir, 0700) < 0 || mkdir_p(c.statedir, 0755) < 0 || mkdir_p(logs, 0755) < 0)
			pga_die_errno("cannot create the work directory %s", o->workdir);
		free(logs);
		struct strbuf err = STRBUF_INIT;
		if (runner_lock_acquire(&lock, c.statedir, &err) < 0)
			pga_die("%s", err.buf);
		strbuf_release(&err);
	}
	load_journal_or_die(&c);
	check_connection_unchanged(&c);
	c.tty = !o->dry_run && isatty(1) && jobs == 1;
	if (!o->dry_run) {
		journal_open_append(&c.journal);
		save_run_info(&c, manifest_text, manifest_len, overrides, n_overrides);
	}

	struct sigaction sa = { 0 }, old_int, old_term, old_pipe;
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	struct sigaction ign = { 0 };
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old_pipe);
	interrupted = 0;

	int stop = 0, killed = 0, any_failed = 0;
	size_t n_ran = 0, n_skipped = 0;
	for (;;) {
		int progress = 1;
		while (progress && !stop && !interrupted) {
			progress = 0;
			for (size_t oi = 0; oi < m->n_targets && !stop; oi++) {
				size_t idx = m->order[oi];
				const struct manifest_target *t = &m->targets[idx];
				if (c.state[idx] != T_WAITING)
					continue;
				const char *bad_prereq = NULL;
				int ready = 1;
				for (size_t k = 0; k < t->n_prereqs; k++) {
					enum target_state ps = c.state[t->prereq_index[k]];
					if (ps == T_FAILED || ps == T_BLOCKED)
						bad_prereq = t->prereqs[k];
					else if (ps != T_DONE && ps != T_WOULD_RUN)
						ready = 0;
				}
				if (bad_prereq) {
					printf("[blocked] %s: prerequisite '%s' failed\n", t->name, bad_prereq);
					c.state[idx] = T_BLOCKED;
					progress = 1;
					continue;
				}
				if (!ready || c.n_jobs >= jobs)
					continue;

				int forced = 0;
				for (size_t i = 0; i < o->n_force; i++)
					if (!strcmp(o->force[i], t->name))
						forced = 1;
				struct strbuf why = STRBUF_INIT;
				if (forced)
					add_reason(&why, "forced (--force %s)", t->name);
				for (size_t k = 0; k < t->n_prereqs; k++)
					if (c.state[t->prereq_index[k]] == T_WOULD_RUN)
						add_reason(&why, "prerequisite '%s' would run", t->prereqs[k]);
				json_t *inputs = current_inputs(&c, t, o->dry_run ? T_WOULD_RUN : 0);
				sha256_hex_t rsha;
				recipe_sha(t, rsha);
				struct strbuf stale = STRBUF_INIT;
				int fresh = is_fresh(&c, t, inputs, rsha, &stale);
				if (!fresh)
					add_reason(&why, "%s", stale.buf);
				strbuf_release(&stale);
				progress = 1;
				if (!why.len) {
					printf("[skip] %s: up to date\n", t->name);
					c.state[idx] = T_DONE;
					n_skipped++;
					json_decref(inputs);
					strbuf_release(&why);
					continue;
				}
				/* a declared input file that does not exist: the recipe cannot work */
				const char *absent = NULL;
				for (size_t k = 0; k < t->n_inputs && !absent; k++)
					if (json_is_null(json_object_get(inputs, t->inputs[k])))
						absent = t->inputs[k];
				if (o->dry_run) {
					printf("[would run] %s: %s%s%s\n", t->name, why.buf, absent ? "; WOULD FAIL: " : "",
					       absent ? "an input file is missing" : "");
					c.state[idx] = T_WOULD_RUN;
					json_decref(inputs);
					strbuf_release(&why);
					continue;
				}
				if (absent) {
					char *p = workdir_path(&c, absent);
					printf("[FAIL] %s: input file %s does not exist\n", t->name, p);
					free(p);
					record_failed_before_recipe(&c, idx, inputs, rsha, "an input file is missing");
					any_failed = 1;
					if (!o->keep_going)
						stop = 1;
					strbuf_release(&why);
					continue;
				}
				char *link_msg = dir_link_message(&c);
				if (link_msg) {
					printf("[FAIL] %s: %s\n", t->name, link_msg);
					free(link_msg);
					record_failed_before_recipe(&c, idx, inputs, rsha,
								    "a symbolic link in the work directory");
					any_failed = 1;
					if (!o->keep_going)
						stop = 1;
					strbuf_release(&why);
					continue;
				}
				/* room for the end record (and chunk records) before the recipe runs: a
				   full disk used to let the stage finish (a verification committed in the
				   target) and then fail the driver's "finished" record, so the resume ran
				   the stage again and recorded a second verification */
				size_t reserve = journal_reserve_for(t, inputs);
				if (journal_reserve(&c.journal, reserve) < 0)
					pga_die_errno("cannot reserve %zu KiB after the journal %s before running %s (nothing "
						      "of it ran); free space in %s, then run again",
						      (reserve + 1023) / 1024, c.journal.path, t->name, c.workdir);
				/* the target fails, not the driver: it died here, its other recipes of a
				   --jobs run killed with it, and their [FAIL] or [done] never said */
				int log_fd = open_log(&c, t);
				if (log_fd < 0) {
					const char *why_not = strerror(errno);
					printf("[FAIL] %s: cannot open its log %s/logs/%s.log: %s (nothing of it ran)\n",
					       t->name, c.workdir, t->name, why_not);
					/* the journal names files relative to the work directory */
					char *err = xasprintf("cannot open its log logs/%s.log: %s", t->name, why_not);
					record_failed_before_recipe(&c, idx, inputs, rsha, err);
					free(err);
					any_failed = 1;
					if (!o->keep_going)
						stop = 1;
					strbuf_release(&why);
					continue;
				}
				printf("[run] %s: %s\n", t->name, why.buf);
				fflush(stdout);
				strbuf_release(&why);
				c.state[idx] = T_RUNNING;
				n_ran++;
				start_job(&c, idx, inputs, rsha, log_fd);
			}
		}
		if (!c.n_jobs)
			break;
		if (interrupted && !killed) {
			for (size_t i = 0; i < c.n_jobs; i++)
				kill(-c.jobs[i].pid, SIGTERM);
			killed = 1;
		}
		int failed_now = 0;
		pump(&c, &failed_now);
		if (failed_now) {
			any_failed = 1;
			if (!o->keep_going)
				stop = 1;
		}
	}

	struct strbuf not_run = STRBUF_INIT;
	for (size_t oi = 0; oi < m->n_targets; oi++) {
		size_t idx = m->order[oi];
		if (c.state[idx] == T_WAITING) {
			strbuf_addf(&not_run, "%s%s", not_run.len ? ", " : "", m->targets[idx].name);
			printf("[not run] %s: %s\n", m->targets[idx].name,
			       interrupted ? "the run was interrupted" : "the run stopped after a failure");
		}
		if (c.state[idx] == T_FAILED || c.state[idx] == T_BLOCKED)
			any_failed = 1;
	}
	int incomplete = not_run.len > 0;
	if (not_run.len)
		printf("not run: %s (%s)\n", not_run.buf,
		       interrupted ? "interrupted" : "stopped after a failure; --keep-going runs independent targets");
	strbuf_release(&not_run);
	write_metrics(&c);
	if (o->dry_run)
		printf("dry run: nothing was changed\n");
	else
		printf("%zu run, %zu up to date%s\n", n_ran, n_skipped, any_failed ? ", FAILED" : "");
	fflush(stdout);

	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGPIPE, &old_pipe, NULL);
	int sig = interrupted;
	free_ctx(&c);
	if (!o->dry_run)
		runner_lock_release(&lock);
	if (sig)
		return 128 + sig;
	return any_failed || incomplete ? 1 : 0;
}

/* ---- status -------------------------------------------------------------- */

int runner_last_run(const char *workdir, char **manifest_file, char ***names, char ***values, size_t *n,
		    struct strbuf *manifest_text, struct strbuf *err)
{
	char *dir = path_join(workdir, RUNNER_STATE_DIR);
	char *path = path_join(dir, "run.json");
	free(dir);
	json_error_t jerr;
	json_t *info = json_load_file(path, 0, &jerr);
	if (!info) {
		if (jerr.line > 0)
			strbuf_addf(err, "%s:%d: %s", path, jerr.line, jerr.text);
		else
			strbuf_addstr(err, jerr.text); /* "unable to open PATH: ..." */
		free(path);
		return -1;
	}
	const char *file = json_string_value(json_object_get(info, "manifest"));
	json_t *vars = json_object_get(info, "variables");
	const char *key;
	json_t *v;
	const char *bad = NULL;
	json_object_foreach(vars, key, v) {
		if (!json_is_string(v) && !bad)
			bad = key;
	}
	json_t *want = json_object_get(info, "manifest_sha256");
	if (!file || !json_is_object(vars) || bad || (want && !json_is_string(want))) {
		if (bad)
			strbuf_addf(err, "%s: variable '%s' is not a string", path, bad);
		else
			strbuf_addf(err, "%s: not a record of a run (\"manifest\" string and \"variables\" object expected)",
				    path);
		free(path);
		json_decref(info);
		return -1;
	}
	/* a run.json of format 1 (before round 16) names no hash: its pair is taken as it is */
	char *mk = path_join(workdir, RUNNER_STATE_DIR "/manifest.mk");
	int mismatch = 1;
	strbuf_reset(manifest_text);
	if (strbuf_read_file(manifest_text, mk) < 0) {
		strbuf_addf(err, "cannot read %s: %s", mk, strerror(errno));
	} else if (!want) {
		mismatch = 0;
	} else {
		sha256_hex_t got;
		sha256_hex(manifest_text->buf, manifest_text->len, got);
		if (strcmp(got, json_string_value(want)) == 0) {
			mismatch = 0;
		} else {
			strbuf_addf(err,
				    "%s (sha256 %s) is not the manifest %s records (sha256 %s): a run was killed "
				    "while it recorded them, so they belong to different runs; the next run rewrites both",
				    mk, got, path, json_string_value(want));
		}
	}
	free(mk);
	if (mismatch) {
		free(path);
		json_decref(info);
		return -1;
	}
	free(path);
	*manifest_file = xstrdup(file);
	*n = 0;
	*names = xcalloc(json_object_size(vars) + 1, sizeof(char *));
	*values = xcalloc(json_object_size(vars) + 1, sizeof(char *));
	json_object_foreach(vars, key, v) {
		(*names)[*n] = xstrdup(key);
		(*values)[*n] = xstrdup(json_string_value(v));
		(*n)++;
	}
	json_decref(info);
	return 0;
}

int runner_status(const struct manifest *m, const char *workdir, FILE *out)
{
	struct runctx c;
	struct runner_options o = { 0 };
	o.workdir = workdir;
	init_ctx(&c, m, &o, workdir);
	char *jpath = path_join(c.statedir, "journal.ndjson");
	struct strbuf err = STRBUF_INIT;
	if (journal_load(&c.journal, jpath, &err) < 0) {
		pga_error("%s", err.buf);
		pga_error("the journal cannot be trusted; to start afresh (every target reruns) move it away: "
			  "mv '%s' '%s.broken'", jpath, jpath);
		strbuf_release(&err);
		free(jpath);
		free_ctx(&c);
		return 1;
	}
	strbuf_release(&err);
	pid_t holder = 0, stale = 0;
	int held = runner_lock_probe(c.statedir, &holder, &stale);
	fprintf(out, "workdir:  %s\n", workdir);
	fprintf(out, "manifest: %s\n", m->file);
	fprintf(out, "journal:  %s (%zu records, hash chain intact%s)\n", jpath, c.journal.n_records,
		c.journal.torn_bytes ? "; torn last line ignored" : "");
	if (held == 1)
		fprintf(out, "lock:     held by running pid %ld\n", (long)holder);
	else if (stale)
		fprintf(out, "lock:     stale (pid %ld is gone); the next run takes it over\n", (long)stale);
	else
		fprintf(out, "lock:     free\n");
	free(jpath);

	size_t width = 6;
	for (size_t i = 0; i < m->n_targets; i++)
		if (strlen(m->targets[i].name) > width)
			width = strlen(m->targets[i].name);
	fprintf(out, "\n%-*s  %-11s  %s\n", (int)width, "TARGET", "STATE", "DETAIL");
	for (size_t oi = 0; oi < m->n_targets; oi++) {
		size_t idx = m->order[oi];
		const struct manifest_target *t = &m->targets[idx];
		json_t *last = journal_last(&c.journal, t->name, NULL);
		const char *state;
		struct strbuf detail = STRBUF_INIT;
		if (!last) {
			state = "pending";
			strbuf_addstr(&detail, "never run");
			c.state[idx] = T_WAITING;
		} else if (!strcmp(rec_str(last, "event"), "started")) {
			long pid = (long)json_integer_value(json_object_get(last, "pid"));
			if (held == 1 && holder == (pid_t)pid) {
				state = "running";
				strbuf_addf(&detail, "since %s (pid %ld)", rec_str(last, "time"), pid);
			} else {
				state = "interrupted";
				strbuf_addf(&detail, "started %s by pid %ld, no end recorded (killed or crashed); "
						     "the next run reruns it", rec_str(last, "time"), pid);
			}
			c.state[idx] = T_WAITING;
		} else if (!strcmp(rec_str(last, "event"), "failed")) {
			state = "failed";
			strbuf_addf(&detail, "%s at %s; log: logs/%s.log", rec_str(last, "error"),
				    rec_str(last, "end_time"), t->name);
			c.state[idx] = T_FAILED;
		} else {
			json_t *inputs = current_inputs(&c, t, 0);
			sha256_hex_t rsha;
			recipe_sha(t, rsha);
			struct strbuf why = STRBUF_INIT;
			int fresh = is_fresh(&c, t, inputs, rsha, &why);
			for (size_t k = 0; k < t->n_prereqs && fresh; k++)
				if (c.state[t->prereq_index[k]] != T_DONE)
					add_reason(&why, "prerequisite '%s' must run first", t->prereqs[k]), fresh = 0;
			if (fresh) {
				state = "done";
				strbuf_addf(&detail, "finished %s (%.2fs)", rec_str(last, "end_time"),
					    (double)json_integer_value(json_object_get(last, "duration_ms")) / 1000.0);
				c.state[idx] = T_DONE;
			} else {
				state = "stale";
				strbuf_addstr(&detail, why.buf);
				c.state[idx] = T_WAITING;
			}
			strbuf_release(&why);
			json_decref(inputs);
		}
		fprintf(out, "%-*s  %-11s  %s\n", (int)width, t->name, state, detail.buf);
		strbuf_release(&detail);
	}
	free_ctx(&c);
	return 0;
}

static int in_manifest(const char *target, void *arg)
{
	return manifest_find_target(arg, target) >= 0;
}

char *runner_check_one_run(const char *workdir, const char *(*sha_of)(const char *rel, void *arg), void *arg)
{
	/* only the targets of the manifest the last run used: a target since renamed or
	   removed keeps its old records, about files its successor rewrote */
	char *file = NULL, **names = NULL, **values = NULL;
	size_t n = 0;
	struct strbuf err = STRBUF_INIT;
	struct manifest *m = NULL;
	struct strbuf text = STRBUF_INIT;
	if (runner_last_run(workdir, &file, &names, &values, &n, &text, &err) == 0) {
		struct manifest_assign *ov = xcalloc(n ? n : 1, sizeof(*ov));
		for (size_t i = 0; i < n; i++)
			ov[i] = (struct manifest_assign){ names[i], values[i] };
		/* the built-ins only expand recipes and paths; the targets do not depend on them */
		const struct manifest_assign builtins[] = { { "WORKDIR", workdir }, { "BINDIR", "" }, { "SQLDIR", "" } };
		char *copy = path_join(workdir, RUNNER_STATE_DIR "/manifest.mk");
		m = manifest_parse(copy, text.buf, text.len, builtins, 3, ov, n, &err);
		free(copy);
		free(ov);
		if (!m)
			pga_warn("%s; every target the journal records is checked", err.buf);
	} else {
		char *info = path_join(workdir, RUNNER_STATE_DIR "/run.json");
		/* no run.json: a work directory of a version before it; nothing to say */
		if (access(info, F_OK) == 0)
			pga_warn("%s; every target the journal records is checked", err.buf);
		free(info);
	}
	strbuf_release(&text);
	char *journal = path_join(workdir, RUNNER_STATE_DIR "/journal.ndjson");
	char *msg = journal_check_files(journal, sha_of, arg, m ? in_manifest : NULL, m);
	free(journal);
	if (m)
		manifest_free(m);
	for (size_t i = 0; i < n; i++) {
		free(names[i]);
		free(values[i]);
	}
	free(names);
	free(values);
	free(file);
	strbuf_release(&err);
	return msg;
}
