/* formats.c - the artifact columns shared by the stages; see formats.h. */
#include "formats.h"

const char *const export_objects_cols[4] = { "sha", "type", "size", "content" };
const char *const export_graph_cols[9] = { "commit_sha", "parent_shas", "tree_sha", "generation", "author",
					   "committer", "authored_at", "committed_at", "message" };
const char *const export_entries_cols[4] = { "tree_sha", "path", "mode", "object_sha" };
const char *const export_refs_cols[3] = { "name", "target_sha", "type" };
const char *const export_digests_cols[3] = { "tree_sha", "rows", "digest" };

const char *const diff_commits_cols[10] = { "commit_sha", "generation", "tree_sha", "parent_shas", "author",
					    "committer", "authored_at", "committed_at", "message", "changes" };
const char *const diff_changes_cols[6] = { "commit_sha", "generation", "path", "change", "old_blob_sha",
					   "new_blob_sha" };

const char *const classify_blobs_cols[10] = { "blob_sha", "object_type", "object_schema", "object_name",
					      "parent_schema", "parent_name", "command_tag", "parse_status",
					      "parse_error", "definition" };
const char *const classify_changes_cols[17] = {
	"change_id", "commit_sha", "generation", "path", "change_type", "object_type", "object_schema",
	"object_name", "old_blob_sha", "new_blob_sha", "author", "committer", "committed_at", "commit_message",
	"severity", "formatting_only", "change_detail"
};
const char *const classify_versions_cols[8] = { "version_id", "object_schema", "object_name", "object_type",
						"version_number", "blob_sha", "commit_sha", "created_at" };

const char *const replay_accounting_cols[5] = { "history_id", "status", "statement_of", "commit_sha", "reason" };
