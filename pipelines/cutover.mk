# cutover.mk - the production cutover: pre-flight checks (go/no-go), then the full
# backfill of the audit trail (schema, export, diff, classify, load, verify). The
# evidence archive is made after the run (`pggit-audit archive` refuses a work directory
# whose run still holds the lock). The operator's steps are in docs/runbook.md.
#
#   pggit-audit run pipelines/cutover.mk --source PROD_CONNINFO --target AUDIT_CONNINFO --workdir DIR
#
# After a failure, run the same command again: finished targets are skipped and the
# load resumes at its first uncommitted batch. Connection strings never appear here:
# the driver passes them in the environment (PGGIT_AUDIT_SOURCE, PGGIT_AUDIT_TARGET).
# Format: docs/manifest.md.

# rows per transaction when loading into the target
BATCH_ROWS = 5000
# connections loading batches at once (each batch is still one transaction)
LOAD_JOBS = 2
# connections the export opens to the source (2: tree_entries is read on the second, in the
# same snapshot, beside the other tables; 1: one connection; 3: two read half of tree_entries
# each, which pays when the source server has cores to spare)
EXPORT_JOBS = 2
SCHEMA_SQL = $(SQLDIR)/pggit_audit_schema.sql
# free disk the checks demand for the artifacts: ARTIFACT_RATIO x the source tables'
# on-disk size (indexes included), and at least MIN_FREE_MB MiB
ARTIFACT_RATIO = 0.5
MIN_FREE_MB = 0

checks:
	inputs: $(SCHEMA_SQL)
	outputs: checks/report.json
	pggit-audit-checks --outdir checks --workdir . --sql '$(SCHEMA_SQL)' --artifact-ratio $(ARTIFACT_RATIO) --min-free-mb $(MIN_FREE_MB)

schema: checks
	inputs: $(SCHEMA_SQL)
	outputs: schema/report.json
	pggit-audit-install-schema --sql '$(SCHEMA_SQL)' --outdir schema

export: checks
	outputs: export/objects.csv.zst export/objects.csv.zst.meta.json \
	         export/commit_graph.csv.zst export/commit_graph.csv.zst.meta.json \
	         export/tree_entries.csv.zst export/tree_entries.csv.zst.meta.json \
	         export/refs.csv.zst export/refs.csv.zst.meta.json \
	         export/tree_digests.csv.zst export/tree_digests.csv.zst.meta.json \
	         export/source.json
	pggit-audit-export --outdir export --jobs $(EXPORT_JOBS)

# the TimeZone of the pgGit server that wrote commit_graph's times (timestamps without time
# zone): UTC, an IANA name (Europe/Berlin) or an offset (+01:00); docs/hostile-input.md
COMMIT_TIME_ZONE = UTC

diff: export
	outputs: diff/commits.csv.zst diff/commits.csv.zst.meta.json \
	         diff/changes.csv.zst diff/changes.csv.zst.meta.json \
	         diff/blobs.csv.zst diff/blobs.csv.zst.meta.json \
	         diff/summary.json
	pggit-audit-diff --export export --outdir diff --commit-time-zone '$(COMMIT_TIME_ZONE)'

classify: diff
	outputs: classify/blobs.csv.zst classify/blobs.csv.zst.meta.json \
	         classify/changes.csv.zst classify/changes.csv.zst.meta.json \
	         classify/versions.csv.zst classify/versions.csv.zst.meta.json \
	         classify/summary.json
	pggit-audit-classify --diff diff --outdir classify

load: schema export classify
	outputs: load/report.json
	pggit-audit-load --export export --classify classify --outdir load --batch-rows $(BATCH_ROWS) --jobs $(LOAD_JOBS)

verify: export diff classify load
	outputs: verify/report.json
	pggit-audit-verify --export export --diff diff --classify classify --load load --outdir verify
