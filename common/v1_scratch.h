/*
 * v1_scratch.h - the scratch database in which the v1 history is replayed
 * (docs/v1-backfill.md): its name, creation and removal in the target's
 * cluster, the connection to it, and the helper schema pggit_audit_replay
 * installed in it (event triggers that record which objects a statement
 * touched, the function that renders those objects as PostgreSQL prints
 * them, and the tables holding the replay's output and progress).
 *
 * History SQL is only ever sent on a connection returned by
 * v1_scratch_connect(), which checks that it is connected to the scratch
 * database before returning.
 */
#ifndef PGA_V1_SCRATCH_H
#define PGA_V1_SCRATCH_H

#include <libpq-fe.h>

/* Prefix of every scratch database name: pggit_audit_replay_<16 hex digits>. */
#define V1_SCRATCH_PREFIX "pggit_audit_replay_"

/* The helper schema installed in the scratch database; statements naming it are never replayed. */
#define V1_HELPER_SCHEMA "pggit_audit_replay"

/*
 * 1 if a database named name exists in the cluster of c (any database of the
 * cluster; c is usually the target connection).
 */
int v1_scratch_exists(PGconn *c, const char *name);

/* CREATE DATABASE name (template0, UTF8, locale C); dies with the server's message. */
void v1_scratch_create(PGconn *c, const char *name);

/* DROP DATABASE IF EXISTS name WITH (FORCE); dies on error. Refuses a name without the prefix. */
void v1_scratch_drop(PGconn *c, const char *name);

/*
 * Connect to database name using conninfo for everything else (host, user,
 * password...). Sets the session options of pg_connect() plus lc_messages C
 * when allowed (so error texts can be matched), and checks current_database().
 * Dies on failure. The caller PQfinish()es the connection.
 */
PGconn *v1_scratch_connect(const char *conninfo, const char *name);

/*
 * Install the helper schema, tables, functions and the two event triggers
 * (needs a superuser: event triggers). Run once, on a new scratch database.
 */
void v1_scratch_install(PGconn *scratch);

/*
 * The query returning what the statements since the last call touched, one
 * row per object unit: unit_key, status ('ok', 'gone', 'ignored',
 * 'unsupported'), kind, path, alt_path, definition, identity, is_direct (f:
 * only looked at because it depends on a touched object). Consumes the
 * recorded events. Rows are in a deterministic order (gone first, then by
 * path, kind, definition), independent of OIDs.
 */
extern const char v1_capture_sql[];

/*
 * One row, one column: a digest of what makes the capture work (the helper
 * schema's functions, tables and their triggers, rules and policies, and
 * every event trigger of the database). $1 is V1_HELPER_SCHEMA. History SQL
 * runs as a superuser, and code it defines (a function evaluated by a later
 * statement) can change the capture in ways no screen of the statement text
 * sees: the replay compares this digest with the one taken at install after
 * every statement.
 */
extern const char v1_helper_fingerprint_sql[];

#endif
