/*
 * v1export.c - pggit-audit-v1export: the first stage of the v1 backfill.
 * Streams the pgGit v1 history (pggit.history and pggit.objects, in id order)
 * from the source with COPY inside one read-only snapshot into
 * OUTDIR/history.csv.zst and OUTDIR/objects.csv.zst (with checked sidecars),
 * plus OUTDIR/source.json. Reads only; memory does not grow with the tables.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "conninfo.h"
#include "pgconn.h"
#include "progress.h"
#include "util.h"
#include "v1_history.h"

static void usage(int status)
{
	printf("usage: pggit-audit-v1export [--source CONNINFO] --outdir DIR\n\n"
	       "Export the pgGit v1 history (pggit.history, pggit.objects) of the source database into\n"
	       "DIR/history.csv.zst and DIR/objects.csv.zst (id order, .meta.json sidecars) and\n"
	       "DIR/source.json. One REPEATABLE READ READ ONLY snapshot; nothing is written to the source.\n\n"
	       "  --source CONNINFO  any libpq conninfo; default: $PGGIT_AUDIT_SOURCE\n"
	       "  --outdir DIR       where the artifacts are written (created if needed)\n"
	       "  -q, --quiet        no progress messages\n");
	exit(status);
}

int main(int argc, char **argv)
{
	const char *source = NULL, *outdir = NULL;
	static const struct option opts[] = {
		{ "source", required_argument, NULL, 's' }, { "outdir", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },        { "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },      { NULL, 0, NULL, 0 },
	};
	int ch;
	pga_set_progname("pggit-audit-v1export");
	conninfo_hide_args(argc, argv); /* before anything reads them: ps shows argv */
	while ((ch = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (ch) {
		case 's': source = optarg; break;
		case 'o': outdir = optarg; break;
		case 'q': pga_set_quiet(1); break;
		case 'h': usage(0); break;
		case 'V': printf("pggit-audit-v1export %s\n", PGGIT_AUDIT_VERSION); return 0;
		default: usage(2);
		}
	}
	if (!outdir || optind != argc)
		usage(2);
	progress_begin("v1export");
	source = conninfo_pick(source, "PGGIT_AUDIT_SOURCE", NULL, "source");
	PGconn *c = pg_connect(source, "source");
	pg_refuse_row_security(c, "refusing rows hidden by row-level security");
	v1_export_source(c, outdir);
	PQfinish(c);
	progress_end();
	return 0;
}
