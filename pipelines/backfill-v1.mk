# backfill-v1.mk - the backfill of the audit trail from a pgGit v1 history (pggit.history,
# pggit.objects): pre-flight report, export of the history, replay into a complete pggit_v0
# store (as files, in the export stage's format), then the same diff, classify, load and
# verify stages as the v2 backfill. See docs/v1-backfill.md.
#
#   pggit-audit run pipelines/backfill-v1.mk --source CONNINFO [--target CONNINFO] --workdir DIR
#
# The replay creates a scratch database pggit_audit_replay_<id> in the TARGET's cluster (the
# target role must be a superuser: event triggers) and drops it at the end; history SQL runs
# only there. Nothing is written before the preflight target has reported. Changes inside
# the source are not noticed by the driver: use --force preflight to read the history again.
# Override a variable on the command line, e.g. MAX_ERRORS=0 REPLAY_BATCH=500.

# rows per transaction when loading into the target
BATCH_ROWS = 5000
# connections loading batches at once (each batch is still one transaction)
LOAD_JOBS = 2
# history statements per transaction (and resume point) in the replay
REPLAY_BATCH = 200
# stop the replay once more than this many statements have failed
MAX_ERRORS = 1000000000
# per statement, in milliseconds
STATEMENT_TIMEOUT = 60000
# the branch (pggit.objects.branch_name) the audit trail follows; the others' rows are counted
# and accounted as skipped (docs/v1-backfill.md, "Branches")
BRANCH = main
SCHEMA_SQL = $(SQLDIR)/pggit_audit_schema.sql

preflight:
	outputs: preflight/report.json
	pggit-audit-preflight --branch '$(BRANCH)' --outdir preflight

v1export: preflight
	outputs: v1export/history.csv.zst v1export/history.csv.zst.meta.json \
	         v1export/objects.csv.zst v1export/objects.csv.zst.meta.json \
	         v1export/source.json
	pggit-audit-v1export --outdir v1export

schema: preflight
	inputs: $(SCHEMA_SQL)
	outputs: schema/report.json
	pggit-audit-install-schema --sql '$(SCHEMA_SQL)' --outdir schema

replay: preflight v1export
	outputs: replay/objects.csv.zst replay/objects.csv.zst.meta.json \
	         replay/commit_graph.csv.zst replay/commit_graph.csv.zst.meta.json \
	         replay/tree_entries.csv.zst replay/tree_entries.csv.zst.meta.json \
	         replay/refs.csv.zst replay/refs.csv.zst.meta.json \
	         replay/source.json \
	         replay/accounting.csv.zst replay/accounting.csv.zst.meta.json \
	         replay/errors.csv.zst replay/errors.csv.zst.meta.json \
	         replay/warnings.csv.zst replay/warnings.csv.zst.meta.json \
	         replay/stubs.csv.zst replay/stubs.csv.zst.meta.json \
	         replay/report.json
	pggit-audit-replay --v1export v1export --outdir replay --batch $(REPLAY_BATCH) --max-errors $(MAX_ERRORS) --statement-timeout $(STATEMENT_TIMEOUT) --branch '$(BRANCH)'

diff: replay
	outputs: diff/commits.csv.zst diff/commits.csv.zst.meta.json \
	         diff/changes.csv.zst diff/changes.csv.zst.meta.json \
	         diff/blobs.csv.zst diff/blobs.csv.zst.meta.json \
	         diff/summary.json
	pggit-audit-diff --export replay --outdir diff

classify: diff
	outputs: classify/blobs.csv.zst classify/blobs.csv.zst.meta.json \
	         classify/changes.csv.zst classify/changes.csv.zst.meta.json \
	         classify/versions.csv.zst classify/versions.csv.zst.meta.json \
	         classify/summary.json
	pggit-audit-classify --diff diff --outdir classify

load: schema replay classify
	outputs: load/report.json
	pggit-audit-load --export replay --classify classify --outdir load --batch-rows $(BATCH_ROWS) --jobs $(LOAD_JOBS) --backfilled-from-v1

# the replayed store exists only as files, not in the source: the source check is left out
verify: v1export replay diff classify load
	outputs: verify/report.json
	env -u PGGIT_AUDIT_SOURCE pggit-audit-verify --export replay --diff diff --classify classify --load load --outdir verify --v1 v1export --replay replay
