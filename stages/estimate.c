/*
 * estimate.c - pggit-audit-estimate: predict how long the production cutover
 * takes, stage by stage, from one or more rehearsals, and say whether it fits
 * the maintenance window.
 *
 * Model (docs/runbook.md, "How the estimate is made"): each stage s costs
 *     T_s(N) = a + b_s * N + c_s * N^2
 * where N is the stage's work size (rows of the store it reads or rows it
 * writes, below), a the fixed cost of a stage (process start, connections,
 * schema checks: taken as the shortest stage duration of the rehearsals) and
 * b_s, c_s >= 0 fitted by least squares on the rehearsals' measured durations
 * (the runner journal). c_s is fitted only for verify, which appends its
 * compliance_log rows through a hash chain whose cost grows with the rows
 * already appended in the transaction, and only from two or more rehearsals
 * of different sizes; every other stage is linear. Work sizes:
 *     checks, export, diff, archive, compare, others: objects + tree_entries + commits
 *     classify: blobs + changes      load: blobs + changes + versions
 *     verify: changes + versions     schema: fixed cost only
 * Rehearsal sizes come from its artifacts' sidecars (exact row counts);
 * production's from the source database (count(*), or pg_class.reltuples with
 * --fast), its changes and versions scaled from the rehearsal's per commit.
 * The range is [0.8, 1.3] x the point estimate: the spread of identical runs
 * measured on a shared host.
 */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "artifact.h"
#include "estimate_source.h"
#include "conninfo.h"
#include "pgconn.h"
#include "runner_journal.h"
#include "strbuf.h"
#include "util.h"

#define MAX_REHEARSALS 8
#define MAX_STAGES 32
#define RANGE_LOW 0.8
#define RANGE_HIGH 1.3

/* The sizes that drive the stages' costs. */
struct sizes {
	double objects, tree_entries, commits, blobs, changes, versions;
};

struct stage {
	char *name;
	int n;                                 /* rehearsals that ran it */
	double size[MAX_REHEARSALS], ms[MAX_REHEARSALS];
	int resumed;                           /* a rehearsal's last run of it followed a failure */
};

struct rehearsal {
	const char *dir;
	struct sizes sz;
};

static struct stage stages[MAX_STAGES];
static int n_stages;

static double work_size(const char *stage, const struct sizes *s)
{
	if (!strcmp(stage, "schema"))
		return 0;
	if (!strcmp(stage, "classify"))
		return s->blobs + s->changes;
	if (!strcmp(stage, "load"))
		return s->blobs + s->changes + s->versions;
	if (!strcmp(stage, "verify"))
		return s->changes + s->versions;
	return s->objects + s->tree_entries + s->commits;
}

static const char *work_size_name(const char *stage)
{
	if (!strcmp(stage, "schema"))
		return "fixed";
	if (!strcmp(stage, "classify"))
		return "blobs+changes";
	if (!strcmp(stage, "load"))
		return "blobs+changes+versions";
	if (!strcmp(stage, "verify"))
		return "changes+versions";
	return "objects+tree_entries+commits";
}

/* Rows of one artifact from its sidecar; a rehearsal without it is not a finished one. */
static double sidecar_rows(const char *dir, const char *file)
{
	char *p = path_join(dir, file);
	sha256_hex_t sha;
	unsigned long long rows;
	if (artifact_meta(p, sha, &rows) < 0)
		pga_die("%s: %s is missing or has no valid sidecar: estimate needs a finished rehearsal's work "
			"directory (pggit-audit run pipelines/rehearsal.mk ...)",
			dir, file);
	free(p);
	return (double)rows;
}

static void rehearsal_sizes(struct rehearsal *r)
{
	struct stat st;
	if (stat(r->dir, &st) < 0)
		pga_die_errno("cannot open the rehearsal %s", r->dir);
	if (!S_ISDIR(st.st_mode))
		pga_die("%s is not a work directory: estimate reads a rehearsal's work directory; for an evidence "
			"archive, unpack it (pggit-audit archive --extract FILE DIR) and pass DIR/*/data/workdir",
			r->dir);
	r->sz.objects = sidecar_rows(r->dir, "export/objects.csv.zst");
	r->sz.tree_entries = sidecar_rows(r->dir, "export/tree_entries.csv.zst");
	r->sz.commits = sidecar_rows(r->dir, "export/commit_graph.csv.zst");
	r->sz.blobs = sidecar_rows(r->dir, "classify/blobs.csv.zst");
	r->sz.changes = sidecar_rows(r->dir, "classify/changes.csv.zst");
	r->sz.versions = sidecar_rows(r->dir, "classify/versions.csv.zst");
	if (r->sz.commits <= 0)
		pga_die("%s: the rehearsal's store has no commit", r->dir);
}

static struct stage *stage_get(const char *name)
{
	for (int i = 0; i < n_stages; i++)
		if (!strcmp(stages[i].name, name))
			return &stages[i];
	if (n_stages == MAX_STAGES)
		pga_die("more than %d targets in the rehearsal journal", MAX_STAGES);
	stages[n_stages].name = xstrdup(name);
	return &stages[n_stages++];
}

/*
 * Durations of the rehearsal's targets from its journal: the last "finished"
 * attempt of each target plus the "failed" attempts right before it (a resumed
 * target did part of its work in them).
 */
static void read_journal(const struct rehearsal *r, int idx)
{
	char *path = path_join(r->dir, ".pggit-audit/journal.ndjson");
	struct journal j;
	struct strbuf err = STRBUF_INIT;
	if (journal_load(&j, path, &err) < 0)
		pga_die("%s", err.buf);
	if (j.n_records == 0)
		pga_die("%s: no journal records: %s is not a pipeline work directory", path, r->dir);
	/* per target: sum of the current streak of attempts ending with the last "finished" */
	struct {
		const char *target;
		double streak_ms, done_ms;
		int streak_failed, done_failed, done;
	} acc[MAX_STAGES];
	int n = 0;
	for (size_t i = 0; i < j.n_records; i++) {
		json_t *rec = j.records[i];
		const char *ev = json_string_value(json_object_get(rec, "event"));
		const char *t = json_string_value(json_object_get(rec, "target"));
		if (!ev || !t || (strcmp(ev, "finished") && strcmp(ev, "failed")))
			continue;
		int k;
		for (k = 0; k < n; k++)
			if (!strcmp(acc[k].target, t))
				break;
		if (k == n) {
			if (n == MAX_STAGES)
				pga_die("%s: more than %d targets", path, MAX_STAGES);
			memset(&acc[n], 0, sizeof(acc[n]));
			acc[n++].target = t;
		}
		acc[k].streak_ms += json_number_value(json_object_get(rec, "duration_ms"));
		if (!strcmp(ev, "failed")) {
			acc[k].streak_failed = 1;
		} else {
			acc[k].done_ms = acc[k].streak_ms;
			acc[k].done_failed = acc[k].streak_failed;
			acc[k].done = 1;
			acc[k].streak_ms = 0;
			acc[k].streak_failed = 0;
		}
	}
	for (int k = 0; k < n; k++) {
		if (!acc[k].done) {
			pga_warn("%s: target %s never finished in this rehearsal: left out of the estimate", r->dir,
				 acc[k].target);
			continue;
		}
		struct stage *s = stage_get(acc[k].target);
		s->size[s->n] = work_size(s->name, &r->sz);
		s->ms[s->n] = acc[k].done_ms;
		s->n++;
		s->resumed |= acc[k].done_failed;
		(void)idx;
	}
	journal_release(&j);
	strbuf_release(&err);
	free(path);
}

/*
 * Every stage the cutover runs must have been measured by a rehearsal: a stage no
 * rehearsal finished (one killed during its load, say) would otherwise drop out of the
 * total, and the verdict would leave out what is often the longest part of the window.
 */
static void require_cutover_stages(const struct rehearsal *reh, int n_reh)
{
	static const char *const cutover[] = { "schema", "export", "diff", "classify", "load", "verify" };
	struct strbuf missing = STRBUF_INIT, dirs = STRBUF_INIT;
	for (size_t i = 0; i < sizeof(cutover) / sizeof(cutover[0]); i++) {
		int found = 0;
		for (int k = 0; k < n_stages; k++)
			found |= !strcmp(stages[k].name, cutover[i]) && stages[k].n > 0;
		if (!found)
			strbuf_addf(&missing, "%s%s", missing.len ? ", " : "", cutover[i]);
	}
	if (!missing.len) {
		strbuf_release(&missing);
		strbuf_release(&dirs);
		return;
	}
	for (int i = 0; i < n_reh; i++)
		strbuf_addf(&dirs, "%s%s", i ? ", " : "", reh[i].dir);
	pga_die("no rehearsal finished %s (%s): the estimate would leave %s out of the total; finish a rehearsal "
		"(run the same pggit-audit run command again: it resumes) and estimate again",
		missing.buf, dirs.buf, strchr(missing.buf, ',') ? "them" : "it");
}

struct fit {
	double a, b, c;
};

/*
 * Stages whose cost grows faster than their input: verify appends one
 * compliance_log row per change in one transaction, and each append updates
 * the hash chain's head row, whose row versions pile up until the commit.
 * Every other stage streams its input once: linear (a quadratic term fitted to
 * a few noisy timings would extrapolate wildly).
 */
static int grows_quadratically(const char *stage)
{
	return !strcmp(stage, "verify");
}

/* Least squares of y - a = b*x (+ c*x^2 for grows_quadratically() stages), b, c >= 0. */
static struct fit fit_stage(const struct stage *s, double floor_ms)
{
	struct fit f = { floor_ms, 0, 0 };
	double min_ms = s->ms[0];
	for (int i = 1; i < s->n; i++)
		if (s->ms[i] < min_ms)
			min_ms = s->ms[i];
	if (f.a > min_ms)
		f.a = min_ms;
	int distinct = 0;
	for (int i = 0; i < s->n; i++)
		if (s->size[i] > 0 && (i == 0 || s->size[i] != s->size[0]))
			distinct++;
	double sxx = 0, sxy = 0, sx3 = 0, sx4 = 0, sx2y = 0;
	for (int i = 0; i < s->n; i++) {
		double x = s->size[i], y = s->ms[i] - f.a;
		sxx += x * x;
		sxy += x * y;
		sx3 += x * x * x;
		sx4 += x * x * x * x;
		sx2y += x * x * y;
	}
	if (sxx <= 0) { /* fixed-cost stage: the mean of what was measured */
		double sum = 0;
		for (int i = 0; i < s->n; i++)
			sum += s->ms[i];
		f.a = sum / s->n;
		return f;
	}
	if (distinct >= 2 && grows_quadratically(s->name)) {
		double det = sxx * sx4 - sx3 * sx3;
		if (det > 0) {
			f.b = (sxy * sx4 - sx2y * sx3) / det;
			f.c = (sxx * sx2y - sx3 * sxy) / det;
		}
		if (det <= 0 || f.c < 0) { /* no curvature measured: linear */
			f.b = sxy / sxx;
			f.c = 0;
		} else if (f.b < 0) { /* all curvature */
			f.b = 0;
			f.c = sx2y / sx4;
		}
		if (f.b < 0)
			f.b = 0;
		return f;
	}
	f.b = sxy / sxx > 0 ? sxy / sxx : 0;
	return f;
}

static double parse_duration(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || v < 0)
		pga_die("--window must be a duration like 6h, 90m, 45s or 1h30m, not \"%s\"", s);
	double total = 0;
	const char *p = s;
	while (*p) {
		v = strtod(p, &end);
		if (end == p)
			pga_die("--window must be a duration like 6h, 90m, 45s or 1h30m, not \"%s\"", s);
		switch (*end) {
		case 'h': total += v * 3600; end++; break;
		case 'm': total += v * 60; end++; break;
		case 's': total += v; end++; break;
		case '\0': total += v; break;
		default: pga_die("--window must be a duration like 6h, 90m, 45s or 1h30m, not \"%s\"", s);
		}
		p = end;
	}
	return total;
}

/* "1h 02m", "3m 05s", "12.4s" into buf. */
static const char *human(double seconds, char *buf, size_t size)
{
	if (seconds < 60)
		snprintf(buf, size, "%.1fs", seconds);
	else if (seconds < 3600)
		snprintf(buf, size, "%dm %02ds", (int)(seconds / 60), (int)fmod(seconds, 60));
	else
		snprintf(buf, size, "%dh %02dm", (int)(seconds / 3600), (int)fmod(seconds / 60, 60));
	return buf;
}

static void usage(int status)
{
	printf("usage: pggit-audit-estimate --from REHEARSAL_WORKDIR [--from ...] [--source PROD_CONNINFO]\n"
	       "                            [--window DURATION] [--fast] [--json FILE]\n\n"
	       "Predict the duration of each stage of the production cutover from the rehearsal(s)'\n"
	       "measured durations (runner journal) and sizes (artifact sidecars), scaled to the size of\n"
	       "the production store (counted in the source database), with a range; say whether it\n"
	       "fits the window. Two or more rehearsals of different sizes catch super-linear stages.\n\n"
	       "  --source CONNINFO  production store; default $PGGIT_AUDIT_SOURCE\n"
	       "  --window DURATION  the maintenance window, e.g. 6h, 90m, 1h30m (default 6h)\n"
	       "  --fast             take row counts from pg_class.reltuples (no table scan)\n"
	       "  --json FILE        also write the estimate as JSON\n"
	       "Exit status: 0 fits, 3 at risk (the upper end of the range exceeds the window),\n"
	       "4 does not fit, 1 error, 2 usage error.\n");
	exit(status);
}

int main(int argc, char **argv)
{
	struct rehearsal reh[MAX_REHEARSALS];
	int n_reh = 0, fast = 0;
	const char *source = NULL, *json_out = NULL, *window_text = "6h";
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },   { "source", required_argument, NULL, 's' },
		{ "window", required_argument, NULL, 'w' }, { "fast", no_argument, NULL, 'F' },
		{ "json", required_argument, NULL, 'j' },   { "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },         { "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	pga_set_progname("pggit-audit-estimate");
	conninfo_hide_args(argc, argv); /* before anything reads them: ps shows argv */
	while ((ch = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (n_reh == MAX_REHEARSALS)
				pga_die("at most %d rehearsals", MAX_REHEARSALS);
			reh[n_reh++].dir = optarg;
			break;
		case 's': source = optarg; break;
		case 'w': window_text = optarg; break;
		case 'F': fast = 1; break;
		case 'j': json_out = optarg; break;
		case 'q': pga_set_quiet(1); break;
		case 'h': usage(0); break;
		case 'V': printf("pggit-audit-estimate %s\n", PGGIT_AUDIT_VERSION); return 0;
		default: usage(2);
		}
	}
	if (!n_reh || optind != argc)
		usage(2);
	double window = parse_duration(window_text);
	source = conninfo_pick(source, "PGGIT_AUDIT_SOURCE", NULL, "source");

	/* the rehearsals */
	int largest = 0;
	for (int i = 0; i < n_reh; i++) {
		rehearsal_sizes(&reh[i]);
		read_journal(&reh[i], i);
		if (reh[i].sz.commits > reh[largest].sz.commits)
			largest = i;
	}
	require_cutover_stages(reh, n_reh);
	double floor_ms = -1;
	for (int i = 0; i < n_stages; i++)
		for (int k = 0; k < stages[i].n; k++)
			if (floor_ms < 0 || stages[i].ms[k] < floor_ms)
				floor_ms = stages[i].ms[k];

	/* production */
	PGconn *c = pg_connect(source, "source");
	/* as the export reads it: counting the rows a policy lets through would size a subset */
	pg_refuse_row_security(c, "refusing rows hidden by row-level security");
	struct strbuf err = STRBUF_INIT;
	json_t *prod = estimate_measure_source(c, !fast, &err);
	if (!prod)
		pga_die("measuring the production store: %s", err.buf);
	PQfinish(c);
	json_t *tables = json_object_get(prod, "tables");
	struct sizes ps;
	ps.objects = json_integer_value(json_object_get(json_object_get(tables, "pggit_v0.objects"), "rows"));
	ps.tree_entries = json_integer_value(json_object_get(json_object_get(tables, "pggit_v0.tree_entries"), "rows"));
	ps.commits = json_integer_value(json_object_get(prod, "commits"));
	ps.blobs = json_integer_value(json_object_get(prod, "blobs"));
	ps.changes = ps.commits * reh[largest].sz.changes / reh[largest].sz.commits;
	ps.versions = ps.commits * reh[largest].sz.versions / reh[largest].sz.commits;

	printf("Cutover estimate from %d rehearsal(s); production store: %.0f commits, %.0f objects (%.0f blobs), "
	       "%.0f tree entries (%s);\n  predicted %.0f changes, %.0f versions (the largest rehearsal's rate per commit)\n\n",
	       n_reh, ps.commits, ps.objects, ps.blobs, ps.tree_entries, fast ? "pg_class.reltuples" : "count(*)",
	       ps.changes, ps.versions);
	printf("%-10s %-30s %12s %12s %10s   %s\n", "stage", "work size (rehearsal -> prod)", "rehearsal", "predicted",
	       "", "range");
	json_t *jstages = json_array();
	double total = 0, total_low = 0, total_high = 0;
	int distinct_sizes = 0;
	for (int i = 0; i < n_reh; i++) {
		int seen = 0;
		for (int k = 0; k < i; k++)
			seen |= reh[k].sz.commits == reh[i].sz.commits;
		distinct_sizes += !seen;
	}
	for (int i = 0; i < n_stages; i++) {
		struct stage *s = &stages[i];
		struct fit f = fit_stage(s, floor_ms);
		double n = work_size(s->name, &ps);
		double ms = f.a + f.b * n + f.c * n * n;
		double lo = ms * RANGE_LOW, hi = ms * RANGE_HIGH;
		/* compare runs only in the rehearsal manifest (against PREVIOUS): the cutover
		   does not run it, so it is shown but kept out of the total and the verdict */
		int in_total = strcmp(s->name, "compare") != 0;
		if (in_total) {
			total += ms;
			total_low += lo;
			total_high += hi;
		}
		double reh_ms = s->ms[s->n - 1], reh_size = s->size[s->n - 1];
		char b1[32], b2[32], b3[32], b4[32], sizes_txt[64];
		snprintf(sizes_txt, sizeof(sizes_txt), "%.0f -> %.0f", reh_size, n);
		printf("%-10s %-30s %12s %12s %10s   %s - %s%s\n", s->name, strcmp(s->name, "schema") ? sizes_txt : "fixed",
		       human(reh_ms / 1000, b1, sizeof(b1)), human(ms / 1000, b2, sizeof(b2)), "",
		       human(lo / 1000, b3, sizeof(b3)), human(hi / 1000, b4, sizeof(b4)),
		       !in_total ? "  (rehearsal only: not in the total)" :
		       s->resumed ? "  (a rehearsal resumed it: its time may be low)" : "");
		json_array_append_new(jstages,
				      json_pack("{s:s, s:s, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:i, s:b}", "stage", s->name,
						"work_size", work_size_name(s->name), "production_size", n,
						"fixed_ms", f.a, "per_unit_ms", f.b, "per_unit_squared_ms", f.c,
						"predicted_ms", ms, "low_ms", lo, "high_ms", hi, "rehearsal_points", s->n,
						"in_total", in_total));
	}
	char b1[32], b2[32], b3[32], b4[32];
	printf("%-10s %-30s %12s %12s %10s   %s - %s\n\n", "total", "", "", human(total / 1000, b1, sizeof(b1)), "",
	       human(total_low / 1000, b2, sizeof(b2)), human(total_high / 1000, b3, sizeof(b3)));
	int verdict;
	const char *verdict_text;
	if (total_high <= window * 1000) {
		verdict = 0;
		verdict_text = "FITS";
		printf("FITS: the cutover should take %s (%s - %s), within the %s window.\n", human(total / 1000, b1, sizeof(b1)),
		       human(total_low / 1000, b2, sizeof(b2)), human(total_high / 1000, b3, sizeof(b3)),
		       human(window, b4, sizeof(b4)));
	} else if (total <= window * 1000) {
		verdict = 3;
		verdict_text = "AT RISK";
		printf("AT RISK: the cutover should take %s, within the %s window, but the upper end of the range (%s) "
		       "exceeds it.\n",
		       human(total / 1000, b1, sizeof(b1)), human(window, b4, sizeof(b4)), human(total_high / 1000, b3, sizeof(b3)));
	} else {
		verdict = 4;
		verdict_text = "DOES NOT FIT";
		printf("DOES NOT FIT: the cutover should take %s (%s - %s), longer than the %s window.\n",
		       human(total / 1000, b1, sizeof(b1)), human(total_low / 1000, b2, sizeof(b2)),
		       human(total_high / 1000, b3, sizeof(b3)), human(window, b4, sizeof(b4)));
	}
	if (distinct_sizes < 2)
		printf("Note: one rehearsal size gives a linear model; a stage that grows faster than its input "
		       "(verify) is then underestimated. Rehearse at two sizes (e.g. a copy and a half-size copy) "
		       "and pass both with --from.\n");
	if (json_out) {
		json_t *j = json_pack("{s:o, s:o, s:f, s:f, s:f, s:f, s:s, s:i, s:f, s:f}", "production", prod, "stages",
				      jstages, "predicted_ms", total, "low_ms", total_low, "high_ms", total_high,
				      "window_s", window, "verdict", verdict_text, "rehearsals", n_reh, "fixed_ms",
				      floor_ms, "range_factor_high", RANGE_HIGH);
		artifact_write_json(json_out, j);
		json_decref(j);
	} else {
		json_decref(prod);
		json_decref(jstages);
	}
	for (int i = 0; i < n_stages; i++)
		free(stages[i].name);
	strbuf_release(&err);
	return verdict;
}
