/*
 * pgconn.h - libpq helpers shared by the stages: connecting (any conninfo
 * libpq accepts: keywords, URI, empty for PG* variables or a service), running
 * commands that must succeed, and streaming COPY in and out.
 * Errors die with the server's message and what was being done; conninfo
 * strings are never printed (they may hold a password), and every program
 * connects through pg_try_connect_db(), whose error text is made safe by
 * conninfo_error_message() (libpq's own quotes the conninfo, password and all).
 */
#ifndef PGA_PGCONN_H
#define PGA_PGCONN_H

#include <libpq-fe.h>
#include <stddef.h>

/*
 * The conninfo to use for role ("source" or "target"): flag_value if given,
 * else the environment variable envname, else fallback (may be NULL: die).
 * The returned pointer is not owned by the caller.
 */
const char *conninfo_pick(const char *flag_value, const char *envname, const char *fallback,
			  const char *role);

/* Connect; dies with "cannot connect to the ROLE database: MSG". Sets
 * application_name, client_encoding UTF8, DateStyle ISO, TimeZone UTC, and
 * search_path = pg_catalog, pg_temp: unqualified names resolve to built-ins only,
 * whatever search_path the database or role sets (a schema put before pg_catalog
 * would otherwise redirect to_char, length, sha256... to its own functions).
 * A connection that must run statements under the session's own search_path
 * (the v1 replay's scratch database) RESETs it. */
PGconn *pg_connect(const char *conninfo, const char *role);
/* The same, but a refused connection returns NULL with the server's message in
 * *err (the caller frees it) instead of dying: for an optional extra connection. */
PGconn *pg_try_connect(const char *conninfo, char **err);
/* pg_try_connect() to database dbname (NULL: conninfo's own) of conninfo's server. */
PGconn *pg_try_connect_db(const char *conninfo, const char *dbname, char **err);
/*
 * SET row_security = off on a connection that reads the source store: a row-level
 * security policy that would hide rows from this role then fails the query (the server
 * names the table) instead of silently leaving rows out of the audit trail, as pg_dump
 * does. A superuser, a BYPASSRLS role or the tables' owner (without FORCE ROW LEVEL
 * SECURITY) reads every row, as before. Dies naming WHAT when the SET fails.
 */
void pg_refuse_row_security(PGconn *c, const char *what);

/*
 * The error of result r as text to print (caller frees; "" for NULL or no message): the
 * server's fields one line each ("SEVERITY:  primary", "DETAIL:  ...", "HINT:  ...",
 * "CONTEXT:  ...", each in the display text form of common/display.h, a newline inside a
 * field shown as \n, because the server quotes the store's values in them), then the
 * line of sql (NULL: none) holding the error's position with a caret, as libpq shows it;
 * a client-side error as libpq wrote it.
 */
char *pg_result_error_text(const PGresult *r, const char *sql);

/* Run a command without parameters that must succeed; dies naming what. */
void pg_exec(PGconn *c, const char *sql, const char *what);
/* Run a parameterised query (text params, text results); dies naming what.
 * The caller PQclear()s the result. */
PGresult *pg_query(PGconn *c, const char *sql, int nparams, const char *const *params, const char *what);

/*
 * Take the snapshot named snapshot (pg_export_snapshot() of another session) in c's
 * transaction, which must be REPEATABLE READ and have run no query yet. Returns NULL when
 * it is taken, else the server's error text (caller frees): the exporting transaction is
 * gone, and its own session's error is usually the one to report. Dies only if the name
 * cannot be quoted.
 */
char *pg_set_transaction_snapshot(PGconn *c, const char *snapshot);

/*
 * Make libpq's input buffer of c at least bytes long, for a large COPY ... TO STDOUT: libpq
 * reads the socket into it and starts at 16 KiB, so a stream of small rows costs a poll()
 * and a recv() per 16 KiB; libpq grows the buffer to hold the largest message it has
 * received and keeps it, so one result of that size (asked of the server here) makes each
 * recv() take whatever the socket holds. Performance only: nothing depends on it.
 */
void pg_widen_input_buffer(PGconn *c, size_t bytes, const char *what);

/* Stream "COPY ... TO STDOUT": row(buf,len,arg) for each CopyData message
 * (one per row). Returns the number of messages. Dies on error. */
unsigned long long pg_copy_out(PGconn *c, const char *copy_sql, const char *what,
			       void (*row)(const char *buf, int len, void *arg), void *arg);

/* pg_copy_out() that returns -1 on error instead of dying: *err the message (caller frees), state its
 * SQLSTATE ("" if none); *rows the rows received before it. 0 on success. */
int pg_copy_out_try(PGconn *c, const char *copy_sql, void (*row)(const char *buf, int len, void *arg), void *arg,
		    unsigned long long *rows, char **err, char state[6]);

/*
 * "COPY ... FROM STDIN": begin, send data, end; each dies on error, naming
 * what (the caller's string, which must outlive the copy). The handle is the
 * caller's, by value: one per connection, so threads copying on their own
 * connections share nothing.
 */
struct pg_copy_in {
	PGconn *conn;
	const char *what;
};
struct pg_copy_in pg_copy_in_begin(PGconn *c, const char *copy_sql, const char *what);
void pg_copy_in_put(const struct pg_copy_in *ci, const char *buf, size_t len);
void pg_copy_in_end(const struct pg_copy_in *ci);
/* pg_copy_in_end(), but a COPY the server refused (bad data: its CONTEXT names the line)
 * returns its result for the caller to report and PQclear; NULL when it succeeded */
PGresult *pg_copy_in_try_end(const struct pg_copy_in *ci);

/*
 * Least privilege: SET ROLE role when it exists and the login role may become
 * it (superusers may), so the stage runs with only the rights that role
 * grants. Returns 1 if the role was taken, 0 if the session keeps its own
 * rights (a warning says so).
 */
int pg_assume_role(PGconn *c, const char *role);

/* Quote an identifier for SQL text (caller frees). Only for names we choose
 * or read from the catalog; values always go as parameters. */
char *pg_quote_ident(PGconn *c, const char *ident);

#endif
