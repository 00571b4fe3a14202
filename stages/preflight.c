/*
 * preflight.c - pggit-audit-preflight (`pggit-audit preflight`): reads the
 * pgGit v1 history and says, before anything is written anywhere, what the
 * replay will meet: rows, statements by type, objects that have no CREATE
 * row (they predate pgGit), rows missing author, time or SQL, statements
 * that do not parse, statements that will not be replayed and why, and an
 * estimate of the replay's run time. Prints a summary and writes
 * OUTDIR/report.json (deterministic: no timestamps).
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "artifact.h"
#include "atomicfile.h"
#include "ddl_classify.h"
#include "conninfo.h"
#include "pgconn.h"
#include "progress.h"
#include "strmap.h"
#include "strbuf.h"
#include "util.h"
#include "v1_baseline.h"
#include "v1_format.h"
#include "v1_history.h"

/* measured on tests/v1/risk5_large.sql (465 statements, up to 270 objects per snapshot;
   2 cores under load, fsync on): about 15 ms per replayed statement, capture and commit
   included. Since round 18 a commit stores only its tree change, and the export writes
   every commit's full tree (the pggit_v0 format) once at the end: on the synthetic history
   of bench/gen_v1_history.sh, 10,000 rows (3,333 tables) took 133 s of statements (13 ms
   each, load average 5-10) and 15 s writing 2.96 GB of trees, about 1 us per snapshot
   entry per statement. The snapshot is taken as half the non-column objects on average.
   A rough guide, not a promise: the machine's load moves it by 2x (docs/performance.md). */
#define MS_PER_STATEMENT 15.0
#define MS_PER_STATEMENT_AND_OBJECT 0.001
#define MAX_LISTED 50

static void usage(int status)
{
	printf("usage: pggit-audit-preflight [--source CONNINFO | --v1export DIR] [--branch NAME] --outdir DIR\n\n"
	       "Read the pgGit v1 history and report, before any write: rows, statements by type,\n"
	       "objects older than the history (no CREATE row, or one only after the object's first\n"
	       "statement), rows missing author/time/SQL, statements that do not\n"
	       "parse or will not be replayed, and an estimate of the replay's run time. Writes\n"
	       "DIR/report.json. With --source (default $PGGIT_AUDIT_SOURCE) the history is read from\n"
	       "the database (read-only snapshot, copied into DIR as evidence); with --v1export, from\n"
	       "the artifacts of pggit-audit-v1export. --branch: the branch the audit trail follows\n"
	       "(default " V1_DEFAULT_BRANCH "; the rows of the others are counted and left out); a history\n"
	       "with rows and none of them on that branch is refused, naming the branches it has.\n");
	exit(status);
}

static void bump(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	json_object_set_new(obj, key, json_integer(v ? json_integer_value(v) + 1 : 1));
}

static void list_add(json_t *arr, json_t *item)
{
	if (json_array_size(arr) < MAX_LISTED)
		json_array_append_new(arr, item);
	else
		json_decref(item);
}

/* the type, schema and name of each pggit.objects row, by id: what tells two statements of one text apart */
struct object_names {
	struct strmap *ids;
	char **type, **schema, **name;
	size_t cap;
};

static void object_names_load(struct object_names *on, const char *v1dir)
{
	memset(on, 0, sizeof(*on));
	on->ids = strmap_new();
	struct artifact_reader *orr = v1_objects_open(v1dir);
	struct v1_object_row o;
	while (v1_objects_next(orr, &o)) {
		char k[32];
		int kn = snprintf(k, sizeof(k), "%lld", o.id), added;
		uint32_t id = strmap_intern(on->ids, k, (size_t)kn, &added);
		if (!added)
			continue;
		if ((size_t)id >= on->cap) {
			size_t cap = on->cap ? on->cap * 2 : 256;
			while (cap <= (size_t)id)
				cap *= 2;
			on->type = xreallocarray(on->type, cap, sizeof(*on->type));
			on->schema = xreallocarray(on->schema, cap, sizeof(*on->schema));
			on->name = xreallocarray(on->name, cap, sizeof(*on->name));
			on->cap = cap;
		}
		on->type[id] = xstrdup(o.object_type ? o.object_type : "");
		on->schema[id] = xstrdup(o.schema_name ? o.schema_name : "");
		on->name[id] = xstrdup(o.object_name ? o.object_name : "");
	}
	ar_close(orr);
}

static void object_names_release(struct object_names *on)
{
	/* strmap ids are dense from 0 in insertion order */
	for (uint32_t i = 0; i < strmap_count(on->ids); i++) {
		free(on->type[i]);
		free(on->schema[i]);
		free(on->name[i]);
	}
	free(on->type);
	free(on->schema);
	free(on->name);
	strmap_free(on->ids);
}

static uint32_t object_names_find(const struct object_names *on, long long object_id)
{
	char k[32];
	int kn = snprintf(k, sizeof(k), "%lld", object_id);
	return strmap_find(on->ids, k, (size_t)kn);
}

/* a row's change: CREATE, DROP or any other, as the replay tells a statement's rows apart */
enum { ROW_OTHER, ROW_CREATE, ROW_DROP };

/* 1 when the row of object_id (kind) clashes with one of the statement's rows of that kind (v1_creates_clash):
   another statement, when the text is one command (CREATE) or one naming its object unqualified (ALTER, DROP) */
static int second_run(const struct object_names *on, const long long *rows, const int *kinds, size_t n,
		      long long object_id, int kind, const char *sql)
{
	uint32_t b = object_names_find(on, object_id);
	for (size_t i = 0; b != UINT32_MAX && i < n; i++) {
		uint32_t a = kinds[i] == kind ? object_names_find(on, rows[i]) : UINT32_MAX;
		if (a != UINT32_MAX &&
		    v1_creates_clash(on->type[a], on->schema[a], on->name[a], on->type[b], on->schema[b], on->name[b]))
			return kind == ROW_CREATE ? v1_one_command(sql) : v1_one_unqualified_command(sql);
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *source = NULL, *v1dir = NULL, *outdir = NULL;
	static const struct option opts[] = {
		{ "source", required_argument, NULL, 's' }, { "v1export", required_argument, NULL, 'i' },
		{ "outdir", required_argument, NULL, 'o' }, { "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },         { "version", no_argument, NULL, 'V' },
		{ "branch", required_argument, NULL, 'B' }, { NULL, 0, NULL, 0 },
	};
	int ch;
	pga_set_progname("pggit-audit-preflight");
	conninfo_hide_args(argc, argv); /* before anything reads them: ps shows argv */
	while ((ch = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (ch) {
		case 's': source = optarg; break;
		case 'i': v1dir = optarg; break;
		case 'o': outdir = optarg; break;
		case 'B': v1_set_replayed_branch(optarg); break;
		case 'q': pga_set_quiet(1); break;
		case 'h': usage(0); break;
		case 'V': printf("pggit-audit-preflight %s\n", PGGIT_AUDIT_VERSION); return 0;
		default: usage(2);
		}
	}
	if (!outdir || optind != argc || (source && v1dir))
		usage(2);
	progress_begin("preflight");
	make_outdir(outdir);
	artifact_clean_tmp(outdir); /* a report's temporary left by a killed attempt */
	if (!v1dir) {
		source = conninfo_pick(source, "PGGIT_AUDIT_SOURCE", NULL, "source");
		PGconn *c = pg_connect(source, "source");
		pg_refuse_row_security(c, "refusing rows hidden by row-level security");
		v1_export_source(c, outdir);
		PQfinish(c);
		v1dir = outdir;
	}

	/* objects with a CREATE row, counts per change type, metadata gaps, statements */
	json_t *by_change = json_object(), *by_command = json_object(), *not_replayed = json_object();
	json_t *unparsable = json_array(), *no_author = json_array(), *no_time = json_array(), *no_sql = json_array();
	json_t *blank_sql = json_array(); /* of no_sql, the rows whose text is whitespace only (not NULL nor empty) */
	unsigned long long rows = 0, n_unparsable = 0, n_no_author = 0, n_no_time = 0, n_no_sql = 0, statements = 0,
			   replayable = 0;
	/* what a statement is not: a text of several statements is one run, and rows of one text and time
	   split into two runs are two; the DBA sees both numbers, so neither reads as a count of rows */
	unsigned long long multi_texts = 0, in_multi_texts = 0, split_runs = 0;
	/* rows per branch: only the replayed branch's are replayed (and counted below), the others are
	   left out, so the operator sees what the audit trail will not hold */
	json_t *history_by_branch = json_object(), *objects_by_branch = json_object();
	unsigned long long other_rows = 0, other_objects = 0;
	struct v1_branches *branches = v1_branches_load(v1dir);
	struct artifact_reader *hr = v1_history_open(v1dir);
	struct v1_history_row h;
	char *prev_sql = NULL, *prev_time = NULL;
	/* the statement's rows (object ids, kinds), as the replay splits them (v1_creates_clash) */
	struct object_names names;
	object_names_load(&names, v1dir);
	long long *stmt_rows = NULL;
	int *kinds = NULL;
	size_t nrows = 0, rows_cap = 0, kinds_cap = 0;
	while (v1_history_next(hr, &h)) {
		char what[48];
		snprintf(what, sizeof(what), "history row %lld", h.id);
		ddl_parse_label(what); /* its parses below name its row if they cannot run */
		rows++;
		bump(by_change, h.change_type ? h.change_type : "(NULL)");
		const char *branch = v1_branch_of(branches, h.object_id);
		bump(history_by_branch, branch ? branch : v1_replayed_branch());
		if (branch) {
			/* as the replay does: not a statement, and not the end of one */
			other_rows++;
			continue;
		}
		if (v1_blank(h.created_by)) {
			n_no_author++;
			list_add(no_author, json_integer(h.id));
		}
		if (!h.created_at) {
			n_no_time++;
			list_add(no_time, json_integer(h.id));
		}
		if (v1_blank(h.sql_executed)) {
			n_no_sql++;
			list_add(no_sql, json_integer(h.id));
			if (h.sql_executed && *h.sql_executed)
				list_add(blank_sql, json_integer(h.id));
			/* not the end of a statement: the replay groups the rows on either side of it */
			continue;
		}
		/* same statement as the previous row (pgGit writes one row per object a statement touched) */
		int same = prev_sql && !strcmp(prev_sql, h.sql_executed) &&
			   ((!prev_time && !h.created_at) || (prev_time && h.created_at && !strcmp(prev_time, h.created_at)));
		int kind = !h.change_type ? ROW_OTHER : !strcmp(h.change_type, "CREATE") ? ROW_CREATE
						       : !strcmp(h.change_type, "DROP") ? ROW_DROP : ROW_OTHER;
		if (same && second_run(&names, stmt_rows, kinds, nrows, h.object_id, kind, h.sql_executed)) {
			same = 0;
			split_runs++;
		}
		if (!same)
			nrows = 0;
		ALLOC_GROW(stmt_rows, nrows + 1, rows_cap, 8);
		ALLOC_GROW(kinds, nrows + 1, kinds_cap, 8);
		stmt_rows[nrows] = h.object_id;
		kinds[nrows++] = kind;
		free(prev_sql);
		free(prev_time);
		prev_sql = xstrdup(h.sql_executed);
		prev_time = h.created_at ? xstrdup(h.created_at) : NULL;
		if (same)
			continue;
		statements++;
		struct v1_part *parts = NULL;
		size_t nparts = 0;
		if (v1_split_statements(h.sql_executed, &parts, &nparts) >= 0 && nparts > 1) {
			multi_texts++;
			in_multi_texts += nparts;
		}
		free(parts);
		struct ddl_class dc;
		ddl_classify(h.sql_executed, &dc);
		if (dc.status == DDL_UNKNOWN) {
			n_unparsable++;
			bump(by_command, "(does not parse)");
			list_add(unparsable, json_pack("{s:I, s:s}", "history_id", (json_int_t)h.id, "error",
						       dc.error ? dc.error : ""));
		} else {
			bump(by_command, dc.command_tag ? dc.command_tag : "(no object)");
		}
		ddl_class_release(&dc);
		struct v1_screen scr;
		v1_screen_statement(h.sql_executed, &scr);
		if (scr.skip_reason)
			bump(not_replayed, scr.skip_reason);
		else
			replayable++;
		/* a DO block among DDL is left out on its own: the text still runs, that statement does not */
		for (size_t i = 0; !scr.skip_reason && i < scr.nskipped; i++) {
			char *key = xasprintf("left out of a text whose other statements run: %s", scr.skipped[i].reason);
			bump(not_replayed, key);
			free(key);
		}
		v1_screen_release(&scr);
	}
	free(prev_sql);
	free(prev_time);
	free(stmt_rows);
	free(kinds);
	object_names_release(&names);
	ar_close(hr);

	json_t *without_create = json_array(), *schemas = json_array();
	unsigned long long n_without = 0, n_baseline = 0, objects = 0, units = 0;
	struct strmap *seen_schema = strmap_new();
	struct v1_baseline_filter *bf = v1_baseline_filter_new(v1dir);
	struct artifact_reader *orr = v1_objects_open(v1dir);
	struct v1_object_row o;
	while (v1_objects_next(orr, &o)) {
		objects++;
		int on_branch = v1_on_replayed_branch(o.branch_name);
		bump(objects_by_branch, v1_blank(o.branch_name) ? V1_DEFAULT_BRANCH : o.branch_name);
		if (!on_branch) {
			other_objects++;
			continue;
		}
		units += !o.object_type || strcmp(o.object_type, "COLUMN");
		const char *sn = o.schema_name ? o.schema_name : "";
		int added = 0;
		if (v1_baseline_wants_schema(bf, sn))
			strmap_intern(seen_schema, sn, strlen(sn), &added);
		if (added)
			json_array_append_new(schemas, json_string(sn));
		/* listed: every object the history does not create, but columns (part of their table) */
		if (v1_baseline_has_create(bf, o.id) || !o.object_type || !strcmp(o.object_type, "COLUMN"))
			continue;
		n_without++;
		const char *why;
		int in_baseline = v1_baseline_wants_object(bf, &o, &why);
		n_baseline += in_baseline;
		char *name = xasprintf("%s%s%s", sn, *sn ? "." : "", o.object_name ? o.object_name : "");
		list_add(without_create,
			 json_pack("{s:I, s:s, s:s, s:b, s:s}", "object_id", (json_int_t)o.id, "object_type", o.object_type,
				   "name", name, "has_ddl_normalized", !v1_blank(o.ddl_normalized), "baseline",
				   in_baseline ? "created from ddl_normalized in the baseline commit"
				   : !strcmp(why, "no ddl_normalized")
					   ? "no ddl_normalized: appears only if a later statement creates it"
				   : !strcmp(why, "a schema the history creates")
					   ? "a schema the history creates (CREATE or ALTER SCHEMA ... RENAME TO): created by that statement"
					   : "the new name of a rename or SET SCHEMA in the history, whose old name exists otherwise: "
					     "the rename gives it"));
		free(name);
	}
	ar_close(orr);
	/* a branch the store does not have (a default branch named otherwise, a typo in BRANCH=) would
	   give an audit trail of nothing but skipped rows: refused before anything is written */
	if ((rows || objects) && rows == other_rows && objects == other_objects) {
		struct strbuf names = STRBUF_INIT;
		const char *key;
		json_t *v;
		json_object_foreach(objects_by_branch, key, v) {
			json_t *h = json_object_get(history_by_branch, key);
			strbuf_addf(&names, "%s%s (%lld objects rows, %lld history rows)", names.len ? ", " : "", key,
				    (long long)json_integer_value(v), h ? (long long)json_integer_value(h) : 0LL);
		}
		pga_die("no pggit.objects or pggit.history row is on branch %s, the branch the audit trail follows: "
			"the store has %s; run with BRANCH=NAME (pggit-audit-preflight and pggit-audit-replay --branch "
			"NAME) to follow one of them (docs/v1-backfill.md, \"Branches\")",
			v1_replayed_branch(), names.len ? names.buf : "no branch_name");
	}
	double est = (double)replayable * (MS_PER_STATEMENT + MS_PER_STATEMENT_AND_OBJECT * (double)units / 2.0) / 1000.0;
	json_t *rep = json_object();
	json_object_set_new(rep, "history_rows", json_integer((json_int_t)rows));
	json_object_set_new(rep, "objects_rows", json_integer((json_int_t)objects));
	json_object_set_new(rep, "rows_by_change_type", by_change);
	json_object_set_new(rep, "replayed_branch", json_string(v1_replayed_branch()));
	json_object_set_new(rep, "history_rows_by_branch", history_by_branch);
	json_object_set_new(rep, "objects_rows_by_branch", objects_by_branch);
	json_object_set_new(rep, "history_rows_on_other_branches", json_integer((json_int_t)other_rows));
	json_object_set_new(rep, "objects_rows_on_other_branches", json_integer((json_int_t)other_objects));
	json_object_set_new(rep, "statements", json_integer((json_int_t)statements));
	json_object_set_new(rep, "statements_by_command", by_command);
	json_object_set_new(rep, "statements_multi_statement_texts", json_integer((json_int_t)multi_texts));
	json_object_set_new(rep, "statements_in_multi_statement_texts", json_integer((json_int_t)in_multi_texts));
	json_object_set_new(rep, "statements_split_runs", json_integer((json_int_t)split_runs));
	json_object_set_new(rep, "statements_replayable", json_integer((json_int_t)replayable));
	json_object_set_new(rep, "statements_not_replayed_by_reason", not_replayed);
	json_object_set_new(rep, "objects_without_create", json_integer((json_int_t)n_without));
	json_object_set_new(rep, "objects_without_create_list", without_create);
	json_object_set_new(rep, "objects_for_baseline", json_integer((json_int_t)n_baseline));
	json_object_set_new(rep, "schemas_for_baseline", schemas);
	json_object_set_new(rep, "rows_missing_author", json_integer((json_int_t)n_no_author));
	json_object_set_new(rep, "rows_missing_author_ids", no_author);
	json_object_set_new(rep, "rows_missing_time", json_integer((json_int_t)n_no_time));
	json_object_set_new(rep, "rows_missing_time_ids", no_time);
	json_object_set_new(rep, "rows_missing_sql", json_integer((json_int_t)n_no_sql));
	json_object_set_new(rep, "rows_missing_sql_ids", no_sql);
	json_object_set_new(rep, "rows_whitespace_sql_ids", blank_sql);
	json_object_set_new(rep, "statements_unparsable", json_integer((json_int_t)n_unparsable));
	json_object_set_new(rep, "statements_unparsable_list", unparsable);
	json_object_set_new(rep, "estimated_replay_seconds", json_real((double)(long long)(est * 10 + 0.5) / 10.0));
	char *text = json_dumps(rep, JSON_INDENT(2) | JSON_SORT_KEYS);
	char *line = xasprintf("%s\n", text);
	char *rp = path_join(outdir, "report.json");
	atomic_write_file(rp, line, strlen(line));

	printf("pgGit v1 history pre-flight\n");
	printf("  history rows:                %llu (objects rows: %llu)\n", rows, objects);
	const char *key;
	json_t *v;
	printf("  branch replayed:             %s (a NULL branch_name counts as %s)\n", v1_replayed_branch(),
	       v1_replayed_branch());
	json_object_foreach(history_by_branch, key, v) {
		json_t *ob = json_object_get(objects_by_branch, key);
		printf("    %-28s %lld history rows, %lld objects rows%s\n", key, (long long)json_integer_value(v),
		       ob ? (long long)json_integer_value(ob) : 0LL,
		       strcmp(key, v1_replayed_branch()) ? " - left out (accounted as skipped)" : "");
	}
	json_object_foreach(objects_by_branch, key, v)
		if (!json_object_get(history_by_branch, key))
			printf("    %-28s 0 history rows, %lld objects rows%s\n", key, (long long)json_integer_value(v),
			       strcmp(key, v1_replayed_branch()) ? " - left out" : "");
	printf("  statements:                  %llu (%llu replayable; runs of a text: its rows counted once)\n", statements,
	       replayable);
	json_object_foreach(json_object_get(rep, "statements_by_command"), key, v)
		printf("    %-28s %lld\n", key, (long long)json_integer_value(v));
	if (multi_texts)
		printf("    of which %llu text(s) of several statements (%llu in all), each counted once: one run\n",
		       multi_texts, in_multi_texts);
	if (split_runs)
		printf("    of which %llu run(s) split from the row before (one text and time, one name in two schemas)\n",
		       split_runs);
	json_object_foreach(json_object_get(rep, "statements_not_replayed_by_reason"), key, v)
		printf("  not replayed: %s: %lld\n", key, (long long)json_integer_value(v));
	printf("  objects without CREATE row:  %llu (%llu with ddl_normalized, for the baseline)\n", n_without, n_baseline);
	size_t i;
	json_array_foreach(json_object_get(rep, "objects_without_create_list"), i, v)
		printf("    %s %s (pggit.objects id %lld)%s\n", json_string_value(json_object_get(v, "object_type")),
		       json_string_value(json_object_get(v, "name")),
		       (long long)json_integer_value(json_object_get(v, "object_id")),
		       json_is_true(json_object_get(v, "has_ddl_normalized")) ? "" : " - no ddl_normalized");
	printf("  rows missing author:         %llu (default author \"unknown <>\")\n", n_no_author);
	printf("  rows missing time:           %llu (default: time of the nearest earlier row)\n", n_no_time);
	printf("  rows missing SQL:            %llu (accounted as skipped)\n", n_no_sql);
	json_array_foreach(json_object_get(rep, "rows_whitespace_sql_ids"), i, v)
		printf("    history row %lld: sql_executed holds only whitespace\n", (long long)json_integer_value(v));
	printf("  statements that do not parse: %llu\n", n_unparsable);
	json_array_foreach(json_object_get(rep, "statements_unparsable_list"), i, v)
		printf("    history row %lld: %s\n", (long long)json_integer_value(json_object_get(v, "history_id")),
		       json_string_value(json_object_get(v, "error")));
	printf("  estimated replay time:       %.1f s\n", est);
	fflush(stdout);
	free(rp);
	free(line);
	free(text);
	json_decref(rep);
	v1_baseline_filter_free(bf);
	v1_branches_free(branches);
	strmap_free(seen_schema);
	progress_end();
	return 0;
}
