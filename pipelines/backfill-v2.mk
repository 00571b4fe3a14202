# backfill-v2.mk - the full backfill of the audit trail: install the pggit_audit
# schema in the target, export the pgGit store from the source, diff the commits,
# classify the changes, load them into the target, verify the result.
#
#   pggit-audit run pipelines/backfill-v2.mk --source CONNINFO [--target CONNINFO] --workdir DIR
#
# Connection strings never appear here: the driver hands them to the stages in the
# environment (PGGIT_AUDIT_SOURCE, PGGIT_AUDIT_TARGET). Override a variable on the
# command line, e.g. BATCH_ROWS=1000. Format: docs/manifest.md.

# rows per transaction when loading into the target
BATCH_ROWS = 5000
# bytes of CSV per transaction at most (a batch ends with the row that reaches it): bounds the
# load's memory, about (LOAD_JOBS + 2) x BATCH_BYTES, whatever the rows weigh (8 MiB)
BATCH_BYTES = 8388608
# connections loading batches at once (each batch is still one transaction)
LOAD_JOBS = 2
# connections the export opens to the source (2: tree_entries is read on the second, in the
# same snapshot, beside the other tables; 1: one connection; 3: two read half of tree_entries
# each, which pays when the source server has cores to spare)
EXPORT_JOBS = 2
# rows (export: table rows; diff, classify: commits or blobs) per checkpointed chunk;
# a stage killed midway keeps its finished chunks (docs/checkpoints.md). The final
# artifacts hold the same rows whatever the value, and the same bytes for the same value
# (each chunk starts a zstd frame: compare runs made with the same CHUNK_ROWS).
CHUNK_ROWS = 50000
# on: export tree_entries too and check every row against its tree's content (the
# cache cross-check); off: take tree entries from the trees' content only, which is
# faster (docs/performance.md) but cannot tell a path containing '|<64 hex>|<digits> '
# from two entries (docs/performance.md)
CHECK_CACHES = on
SCHEMA_SQL = $(SQLDIR)/pggit_audit_schema.sql

schema:
	inputs: $(SCHEMA_SQL)
	outputs: schema/report.json
	pggit-audit-install-schema --sql '$(SCHEMA_SQL)' --outdir schema

export:
	outputs: export/objects.csv.zst export/objects.csv.zst.meta.json \
	         export/commit_graph.csv.zst export/commit_graph.csv.zst.meta.json \
	         export/tree_entries.csv.zst export/tree_entries.csv.zst.meta.json \
	         export/refs.csv.zst export/refs.csv.zst.meta.json \
	         export/tree_digests.csv.zst export/tree_digests.csv.zst.meta.json \
	         export/source.json
	pggit-audit-export --outdir export --chunk-rows $(CHUNK_ROWS) --check-caches $(CHECK_CACHES) --jobs $(EXPORT_JOBS)

# the TimeZone of the pgGit server that wrote commit_graph's times (timestamps without time
# zone): UTC, an IANA name (Europe/Berlin) or an offset (+01:00); docs/hostile-input.md
COMMIT_TIME_ZONE = UTC

diff: export
	outputs: diff/commits.csv.zst diff/commits.csv.zst.meta.json \
	         diff/changes.csv.zst diff/changes.csv.zst.meta.json \
	         diff/blobs.csv.zst diff/blobs.csv.zst.meta.json \
	         diff/summary.json
	pggit-audit-diff --export export --outdir diff --chunk-rows $(CHUNK_ROWS) --commit-time-zone '$(COMMIT_TIME_ZONE)'

classify: diff
	outputs: classify/blobs.csv.zst classify/blobs.csv.zst.meta.json \
	         classify/changes.csv.zst classify/changes.csv.zst.meta.json \
	         classify/versions.csv.zst classify/versions.csv.zst.meta.json \
	         classify/summary.json
	pggit-audit-classify --diff diff --outdir classify --chunk-rows $(CHUNK_ROWS)

load: schema export classify
	outputs: load/report.json
	pggit-audit-load --export export --classify classify --outdir load --batch-rows $(BATCH_ROWS) --batch-bytes $(BATCH_BYTES) --jobs $(LOAD_JOBS)

verify: export diff classify load
	outputs: verify/report.json
	pggit-audit-verify --export export --diff diff --classify classify --load load --outdir verify
