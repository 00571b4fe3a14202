/*
 * install-schema.c - pggit-audit-install-schema: installs or upgrades the
 * pggit_audit schema in the target database by sending sql/pggit_audit_schema.sql
 * (which applies only the migrations the database lacks, in one transaction,
 * and never drops data), then records what it did in OUTDIR/report.json.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "artifact.h"
#include "hash.h"
#include "conninfo.h"
#include "pgconn.h"
#include "progress.h"
#include "strbuf.h"
#include "util.h"

static void usage(int status)
{
	printf("usage: pggit-audit-install-schema [--target CONNINFO] --sql FILE [--outdir DIR]\n\n"
	       "Install or upgrade the pggit_audit schema from FILE (sql/pggit_audit_schema.sql).\n"
	       "Running it again is harmless. With --outdir, writes DIR/report.json.\n"
	       "  --target CONNINFO  default $PGGIT_AUDIT_TARGET, then $PGGIT_AUDIT_SOURCE\n");
	exit(status);
}

static void notice_quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/*
 * The SQL after the installer's leading psql meta-commands (its first line,
 * "\\set ON_ERROR_STOP on", makes psql stop at the first error): the server would
 * take them for a syntax error. Only whole lines at the very top are skipped.
 */
static const char *installer_sql(const char *text)
{
	while (*text == '\\') {
		const char *nl = strchr(text, '\n');
		text = nl ? nl + 1 : text + strlen(text);
	}
	return text;
}

int main(int argc, char **argv)
{
	const char *target = NULL, *sql = NULL, *outdir = NULL;
	static const struct option opts[] = {
		{ "target", required_argument, NULL, 't' }, { "sql", required_argument, NULL, 's' },
		{ "outdir", required_argument, NULL, 'o' }, { "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },         { "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	pga_set_progname("pggit-audit-install-schema");
	conninfo_hide_args(argc, argv); /* before anything reads them: ps shows argv */
	while ((ch = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (ch) {
		case 't': target = optarg; break;
		case 's': sql = optarg; break;
		case 'o': outdir = optarg; break;
		case 'q': pga_set_quiet(1); break;
		case 'h': usage(0); break;
		case 'V': printf("pggit-audit-install-schema %s\n", PGGIT_AUDIT_VERSION); return 0;
		default: usage(2);
		}
	}
	if (!sql || optind != argc)
		usage(2);
	progress_begin("install-schema");
	target = conninfo_pick(target, "PGGIT_AUDIT_TARGET", getenv("PGGIT_AUDIT_SOURCE"), "target");

	struct strbuf text = STRBUF_INIT;
	if (strbuf_read_file(&text, sql) < 0)
		pga_die_errno("cannot read %s", sql);
	sha256_hex_t sha;
	sha256_hex(text.buf, text.len, sha);

	PGconn *c = pg_connect(target, "target");
	PQsetNoticeProcessor(c, notice_quiet, NULL);
	char *what = xasprintf("installing %s", sql);
	pg_exec(c, installer_sql(text.buf), what);
	free(what);
	PGresult *r = pg_query(c, "SELECT coalesce(max(version), 0) FROM pggit_audit.schema_version", 0, NULL,
			       "reading the installed schema version");
	int version = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	PQfinish(c);
	pga_info("pggit_audit schema at version %d (%s)", version, sql);
	if (outdir) {
		make_outdir(outdir);
		artifact_clean_tmp(outdir); /* a report's temporary left by a killed attempt */
		json_t *j = json_pack("{s:s, s:i}", "sql_sha256", sha, "schema_version", version);
		char *p = path_join(outdir, "report.json");
		artifact_write_json(p, j);
		free(p);
		json_decref(j);
	}
	strbuf_release(&text);
	progress_end();
	return 0;
}
