#!/usr/bin/env bash
# test_classify_changes.sh - labels the pipeline stores for real edits: on the pgGit fixture plus
# commits made here, a formatting-only edit (whitespace, comments, keyword case) is flagged and
# kept, a changed default is semantic, a rename in one commit is a RENAME pair, and severity
# and structured detail land in pggit_audit.changes.
source "$(dirname "$0")/lib.sh"

SRC=$(new_db src)
load_v0_fixture "$SRC"
psql "$SRC" -qX -v ON_ERROR_STOP=1 -f "$(dirname "$0")/commit_store.sql" >/dev/null
ORDERS=$(q "$SRC" "SELECT o.content FROM pggit_v0.refs r JOIN pggit_v0.commit_graph c ON c.commit_sha = r.target_sha
                    JOIN pggit_v0.tree_entries t ON t.tree_sha = c.tree_sha AND t.path = 'app.orders'
                    JOIN pggit_v0.objects o ON o.sha = t.object_sha WHERE r.name = 'refs/heads/main'")
[ -n "$ORDERS" ] || { fail "no app.orders in the fixture's main"; pga_finish; }

# 1. formatting only: keyword case, layout and a comment
FMT=$(printf '%s' "$ORDERS" | sed -e 's/CREATE TABLE/create   table/' -e 's/NOT NULL/not null/g' -e 's/^    /\t/')
FMT="-- reformatted by the DBA team
$FMT"
C1=$(q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.orders'], ARRAY[\$q\$$FMT\$q\$], 'orders: reformat')")
# 2. semantic: a default changes
SEM=$(printf '%s' "$FMT" | sed -e "s/DEFAULT 'new'/DEFAULT 'paid'/")
C2=$(q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.orders'], ARRAY[\$q\$$SEM\$q\$], 'orders: default status paid')")
# 3. a view moved to another path in one commit, unchanged
VIEWDEF=$(q "$SRC" "SELECT o.content FROM pggit_v0.refs r JOIN pggit_v0.commit_graph c ON c.commit_sha = r.target_sha
                     JOIN pggit_v0.tree_entries t ON t.tree_sha = c.tree_sha AND t.path = 'reporting.v_customer_orders'
                     JOIN pggit_v0.objects o ON o.sha = t.object_sha WHERE r.name = 'refs/heads/main'")
C3=$(q "$SRC" "SELECT pga_test.commit_paths(ARRAY['reporting.v_customer_orders', 'reporting.v_customer_orders_v2'],
                                             ARRAY[NULL, \$q\$$VIEWDEF\$q\$], 'move v_customer_orders')")

T=$(new_db target)
"$PGA_BIN/pggit-audit" run "$PGA_SOURCE_DIR/pipelines/backfill-v2.mk" --source "$SRC" --target "$T" --workdir "$PGA_TMP/w" >"$PGA_TMP/run.log" 2>&1 \
  || { cat "$PGA_TMP/run.log"; fail "pipeline failed"; pga_finish; }
ok "pipeline over the fixture plus three commits"

assert_eq "reformat is an ALTER flagged formatting-only, severity PATCH" "ALTER|t|PATCH" \
  "$(q "$T" "SELECT change_type, formatting_only, severity FROM pggit_audit.changes WHERE commit_sha = '$C1'")"
assert_eq "changed default is semantic" "ALTER|f" \
  "$(q "$T" "SELECT change_type, formatting_only FROM pggit_audit.changes WHERE commit_sha = '$C2'")"
assert_contains "detail names the column whose default changed" "status" \
  "$(q "$T" "SELECT change_detail::text FROM pggit_audit.changes WHERE commit_sha = '$C2'")"
assert_eq "a move in one commit is a RENAME pair" "reporting.v_customer_orders|RENAME|MAJOR reporting.v_customer_orders_v2|RENAME|MAJOR" \
  "$(q "$T" "SELECT string_agg(path || '|' || change_type || '|' || severity, ' ' ORDER BY path) FROM pggit_audit.changes WHERE commit_sha = '$C3'")"
assert_eq "the rename's detail says where it went" "reporting.v_customer_orders_v2" \
  "$(q "$T" "SELECT change_detail->'detail'->>'renamed_to' FROM pggit_audit.changes WHERE commit_sha = '$C3' AND path = 'reporting.v_customer_orders'")"
assert_eq "every change carries a severity and structured detail" "0" \
  "$(q "$T" "SELECT count(*) FROM pggit_audit.changes WHERE severity IS NULL OR jsonb_typeof(change_detail) <> 'object'")"
assert_eq "every blob classified by the parser" "0" \
  "$(q "$T" "SELECT count(*) FROM pggit_audit.blobs WHERE parse_status <> 'OK'")"
assert_contains "verify passed" '"status": "PASSED"' "$(cat "$PGA_TMP/w/verify/report.json")"

pga_finish
