/*
 * readback.h - the read-back of pggit_audit.changes: what the verify stage keeps as
 * evidence (verify/target_changes.csv.zst, the rows as it found them) and what
 * `archive --verify --target` reads again to tell whether a verified change was
 * rewritten since. One definition, so the two cannot drift apart. The classification
 * (severity, formatting_only, change_detail) and the committer are in it too: up to
 * round 16 they were not, so verify passed a change loaded with another severity than
 * classify gave, and an owner of the table could rewrite a verified change's severity
 * without --verify --target seeing it.
 */
#ifndef PGGIT_AUDIT_READBACK_H
#define PGGIT_AUDIT_READBACK_H

/* The columns, named as the artifact's header names them. */
#define READBACK_COLUMNS                                                                                   \
	"commit_generation AS generation, commit_sha, path, change_id, change_type, object_type, "          \
	"object_schema, object_name, old_blob_sha, new_blob_sha, old_definition, new_definition, author, "   \
	"to_char(committed_at, 'YYYY-MM-DD\"T\"HH24:MI:SS.US') AS committed_at, commit_message, "          \
	"committer, severity, formatting_only::text AS formatting_only, change_detail::text AS change_detail"

/* The artifact's header, in the order of READBACK_COLUMNS. */
static const char *const readback_cols[] = { "generation",     "commit_sha",     "path",         "change_id",
					     "change_type",    "object_type",    "object_schema", "object_name",
					     "old_blob_sha",   "new_blob_sha",   "old_definition", "new_definition",
					     "author",         "committed_at",   "commit_message", "committer",
					     "severity",       "formatting_only", "change_detail" };

/* The columns an archive made before round 16 holds: the read-back had no committer and no
   classification then (its first columns are the same). */
#define READBACK_COLS_V1 15

#endif
