/*
 * estimate_source.h - how big a pgGit store is, measured cheaply in the
 * database: rows and on-disk bytes of the four pggit_v0 tables, commits and
 * blobs. `pggit-audit checks` records it for the store a run reads (in
 * checks/report.json, so a rehearsal keeps the size of its source) and
 * `pggit-audit estimate` measures production the same way, so both sides of
 * the prediction are counted alike.
 */
#ifndef PGA_ESTIMATE_SOURCE_H
#define PGA_ESTIMATE_SOURCE_H

#include <jansson.h>
#include <libpq-fe.h>

struct strbuf;

/* The four tables of the store, in export order ("pggit_v0.objects", ...). */
extern const char *const estimate_source_tables[4];

/*
 * Measure the store that connection c sees. exact = 1 counts rows with
 * count(*) (one sequential scan per table; TOASTed content is not read);
 * exact = 0 takes pg_class.reltuples (the planner's estimate, free, only as
 * good as the last ANALYZE). Returns a new object (caller decrefs):
 *   {"method": "count" | "reltuples",
 *    "tables": {"pggit_v0.objects": {"rows": N, "bytes": B}, ...},
 *    "commits": N, "blobs": N, "bytes": B}
 * where bytes is pg_total_relation_size (heap, TOAST and indexes). Returns
 * NULL and appends the reason to err (the tables are missing or unreadable).
 */
json_t *estimate_measure_source(PGconn *c, int exact, struct strbuf *err);

#endif
