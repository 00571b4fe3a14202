/*
 * formats.h - the columns of every artifact one stage writes and another reads:
 * the contract between the stages, defined once. A reader passes the same array
 * to ar_open() that the writer passed to aw_open(), so a column added on one side
 * only is caught as a header mismatch naming the file.
 */
#ifndef PGA_FORMATS_H
#define PGA_FORMATS_H

#include <stddef.h>

#define NCOLS(cols) (sizeof(cols) / sizeof((cols)[0]))

/* export/ (and replay/, which writes a store in the same format) */
extern const char *const export_objects_cols[4];       /* objects.csv.zst */
extern const char *const export_graph_cols[9];         /* commit_graph.csv.zst */
extern const char *const export_entries_cols[4];       /* tree_entries.csv.zst */
extern const char *const export_refs_cols[3];          /* refs.csv.zst */
/* tree_digests.csv.zst: one row per tree of tree_entries, in its order (store.h, tree_digest_add()) */
extern const char *const export_digests_cols[3];
/* diff/ */
extern const char *const diff_commits_cols[10];        /* commits.csv.zst */
extern const char *const diff_changes_cols[6];         /* changes.csv.zst */
/* classify/ */
extern const char *const classify_blobs_cols[10];      /* blobs.csv.zst */
extern const char *const classify_changes_cols[17];    /* changes.csv.zst */
extern const char *const classify_versions_cols[8];    /* versions.csv.zst */
/* replay/ (v1 path) */
extern const char *const replay_accounting_cols[5];    /* accounting.csv.zst */

#endif
