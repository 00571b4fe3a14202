/* pgconn.c - libpq helpers; see pgconn.h. */
#include "pgconn.h"
#include "conninfo.h"
#include "display.h"
#include "strbuf.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *conninfo_pick(const char *flag_value, const char *envname, const char *fallback,
			  const char *role)
{
	if (flag_value)
		return flag_value;
	const char *env = getenv(envname);
	if (env)
		return env;
	if (fallback)
		return fallback;
	pga_die("no %s database given: use --%s CONNINFO or set %s", role, role, envname);
}

static void trim_message(char *msg)
{
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
}

PGconn *pg_try_connect_db(const char *conninfo, const char *dbname, char **err)
{
	/* a conninfo libpq cannot parse is refused here: its error quotes the input */
	char *m = conninfo_error_message(conninfo, "");
	if (*m) {
		*err = m;
		return NULL;
	}
	free(m);
	/* the first dbname is expanded as a conninfo; a second one overrides its database */
	const char *keys[5] = { "dbname" }, *vals[5] = { conninfo };
	int n = 1;
	if (dbname) {
		keys[n] = "dbname";
		vals[n++] = dbname;
	}
	keys[n] = "application_name";
	vals[n++] = pga_progname();
	keys[n] = "client_encoding";
	vals[n++] = "UTF8";
	keys[n] = vals[n] = NULL;
	PGconn *c = PQconnectdbParams(keys, vals, 1);
	if (!c) {
		*err = xstrdup("out of memory");
		return NULL;
	}
	if (PQstatus(c) != CONNECTION_OK) {
		*err = conninfo_conn_error_message(conninfo, c, PQerrorMessage(c));
		trim_message(*err);
		PQfinish(c);
		return NULL;
	}
	/* every query of ours calls built-ins by their bare names (to_char, length, sha256...):
	 * a database or role search_path putting a schema before pg_catalog must not redirect them */
	pg_exec(c, "SET DateStyle = ISO; SET TimeZone = 'UTC'; SET IntervalStyle = postgres; "
		   "SET extra_float_digits = 3; SET search_path = pg_catalog, pg_temp",
		"setting session options");
	return c;
}

void pg_refuse_row_security(PGconn *c, const char *what)
{
	pg_exec(c, "SET row_security = off", what);
}

PGconn *pg_try_connect(const char *conninfo, char **err)
{
	return pg_try_connect_db(conninfo, NULL, err);
}

PGconn *pg_connect(const char *conninfo, const char *role)
{
	char *err;
	PGconn *c = pg_try_connect(conninfo, &err);
	if (!c)
		pga_die("cannot connect to the %s database: %s", role, err);
	return c;
}

/* The server's error fields (NULL ones left out), one line each; see pg_result_error_text(). */
static char *error_fields_text(const char *severity, const char *primary, const char *detail, const char *hint,
			       const char *context)
{
	struct strbuf sb = STRBUF_INIT;
	const char *labels[] = { severity && *severity ? severity : "ERROR", "DETAIL", "HINT", "CONTEXT" };
	const char *fields[] = { primary, detail, hint, context };
	for (int k = 0; k < 4; k++) {
		if (!fields[k])
			continue;
		size_t n = strlen(fields[k]);
		while (n && fields[k][n - 1] == '\n')
			n--;
		if (sb.len)
			strbuf_addch(&sb, '\n');
		strbuf_addf(&sb, "%s:  ", labels[k]);
		strbuf_add_display(&sb, fields[k], n, DISPLAY_TEXT);
	}
	return strbuf_detach(&sb, NULL);
}

/*
 * The terminal columns of s[0..n) (valid UTF-8, as the server sends the statement back):
 * libpq places its caret by display width too. East Asian wide characters take two
 * columns and combining marks none; counting bytes put the caret one column to the right
 * per extra byte of every accented letter before the position.
 */
static size_t display_columns(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t cols = 0;
	for (size_t i = 0; i < n;) {
		unsigned c = u[i];
		size_t len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
		if (i + len > n)
			len = n - i;
		unsigned cp = len == 1 ? c : c & (0x7f >> len);
		for (size_t k = 1; k < len; k++)
			cp = (cp << 6) | (u[i + k] & 0x3f);
		i += len;
		if ((cp >= 0x0300 && cp <= 0x036f) || (cp >= 0x200b && cp <= 0x200f) || cp == 0xfeff)
			continue;
		int wide = (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf && cp != 0x303f) ||
			   (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
			   (cp >= 0xfe30 && cp <= 0xfe6f) || (cp >= 0xff00 && cp <= 0xff60) ||
			   (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
			   (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd);
		cols += wide ? 2 : 1;
	}
	return cols;
}

/*
 * msg (consumed) followed by the line of sql holding the error's position (a 1-based character
 * count, as the server gives it) and a caret under it, as libpq's own message shows them: for
 * a statement of an operator's SQL file (install-schema) that says where the error is.
 */
static char *add_position(char *msg, const char *sql, const char *position)
{
	long pos = position ? atol(position) : 0;
	if (!sql || pos <= 0)
		return msg;
	const char *p = sql, *line_start = sql;
	int line = 1;
	for (long ch = 1; *p && ch < pos; ch++) {
		if (*p == '\n') {
			line++;
			line_start = p + 1;
		}
		p++;
		while ((*p & 0xc0) == 0x80) /* the rest of a UTF-8 character */
			p++;
	}
	const char *line_end = line_start + strcspn(line_start, "\n");
	/* a long line (generated SQL) is shown around the position, as libpq cuts it */
	const char *from = p - line_start > 60 ? p - 60 : line_start, *to = line_end - p > 60 ? p + 60 : line_end;
	while (from > line_start && (*from & 0xc0) == 0x80)
		from--;
	while (to < line_end && (*to & 0xc0) == 0x80)
		to++;
	struct strbuf sb = STRBUF_INIT, lead = STRBUF_INIT;
	strbuf_addstr(&sb, msg);
	free(msg);
	strbuf_addf(&lead, "LINE %d: %s", line, from > line_start ? "..." : "");
	strbuf_add_display(&lead, from, (size_t)(p - from), DISPLAY_TEXT);
	size_t col = display_columns(lead.buf, lead.len);
	strbuf_addf(&sb, "\n%s", lead.buf);
	strbuf_add_display(&sb, p, (size_t)(to - p), DISPLAY_TEXT);
	if (to < line_end)
		strbuf_addstr(&sb, "...");
	strbuf_addch(&sb, '\n');
	for (size_t k = 0; k < col; k++)
		strbuf_addch(&sb, ' ');
	strbuf_addch(&sb, '^');
	strbuf_release(&lead);
	return strbuf_detach(&sb, NULL);
}

char *pg_result_error_text(const PGresult *r, const char *sql)
{
	const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	/* the server's fields one by one: a store value the server quotes (Key (path)=(...),
	   invalid input syntax for type x: "...", COPY's CONTEXT) keeps no newline of its own,
	   which as part of the whole message text would start a line of the value's choosing */
	char *msg = primary ? error_fields_text(PQresultErrorField(r, PG_DIAG_SEVERITY), primary,
						PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL),
						PQresultErrorField(r, PG_DIAG_MESSAGE_HINT),
						PQresultErrorField(r, PG_DIAG_CONTEXT))
			    : xstrdup(r ? PQresultErrorMessage(r) : "");
	if (primary)
		msg = add_position(msg, sql, PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION));
	trim_message(msg);
	return msg;
}

static void die_result(PGconn *c, PGresult *r, const char *what, const char *sql)
{
	char *msg = pg_result_error_text(r, sql);
	if (!*msg) {
		free(msg);
		msg = xstrdup(PQerrorMessage(c));
		trim_message(msg);
	}
	PQclear(r);
	pga_die("%s: %s", what, msg);
}

void pg_exec(PGconn *c, const char *sql, const char *what)
{
	PGresult *r = PQexec(c, sql);
	ExecStatusType st = PQresultStatus(r);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		die_result(c, r, what, sql);
	PQclear(r);
}

PGresult *pg_query(PGconn *c, const char *sql, int nparams, const char *const *params, const char *what)
{
	PGresult *r = PQexecParams(c, sql, nparams, NULL, params, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(r);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		die_result(c, r, what, sql);
	return r;
}

/* the error of a failed COPY: r's, else the connection's (caller frees) */
static char *copy_error(PGconn *c, const PGresult *r, char state[6])
{
	const char *st = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	snprintf(state, 6, "%s", st ? st : "");
	char *msg = r ? pg_result_error_text(r, NULL) : xstrdup("");
	if (!*msg) {
		free(msg);
		msg = xstrdup(PQerrorMessage(c));
		trim_message(msg);
	}
	return msg;
}

char *pg_set_transaction_snapshot(PGconn *c, const char *snapshot)
{
	char *lit = PQescapeLiteral(c, snapshot, strlen(snapshot));
	if (!lit)
		pga_die("cannot quote the snapshot name %s: %s", snapshot, PQerrorMessage(c));
	char *sql = xasprintf("SET TRANSACTION SNAPSHOT %s", lit); /* takes no parameter: a quoted literal */
	PQfreemem(lit);
	PGresult *r = PQexec(c, sql);
	free(sql);
	char *err = PQresultStatus(r) == PGRES_COMMAND_OK ? NULL : pg_result_error_text(r, NULL);
	PQclear(r);
	return err;
}

void pg_widen_input_buffer(PGconn *c, size_t bytes, const char *what)
{
	/* the value a little under bytes: libpq doubles its buffer (from 16 KiB) until the whole
	   message fits, and the message is the value plus its headers */
	char n[24];
	snprintf(n, sizeof(n), "%zu", bytes > 2048 ? bytes - 1024 : bytes);
	const char *params[] = { n };
	PQclear(pg_query(c, "SELECT repeat('x', $1::int)", 1, params, what));
}

int pg_copy_out_try(PGconn *c, const char *copy_sql, void (*row)(const char *buf, int len, void *arg), void *arg,
		    unsigned long long *rows, char **err, char state[6])
{
	*rows = 0;
	*err = NULL;
	state[0] = 0;
	PGresult *r = PQexec(c, copy_sql);
	if (PQresultStatus(r) != PGRES_COPY_OUT) {
		*err = copy_error(c, r, state);
		PQclear(r);
		return -1;
	}
	PQclear(r);
	for (;;) {
		char *buf = NULL;
		int len = PQgetCopyData(c, &buf, 0);
		if (len == -1)
			break;
		if (len < 0) {
			*err = copy_error(c, NULL, state);
			break;
		}
		row(buf, len, arg);
		PQfreemem(buf);
		(*rows)++;
	}
	r = PQgetResult(c);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && !*err)
		*err = copy_error(c, r, state);
	else if (*err && !state[0] && r && PQresultErrorField(r, PG_DIAG_SQLSTATE))
		/* an error read by PQgetCopyData() carries no SQLSTATE: the result after it does */
		snprintf(state, 6, "%s", PQresultErrorField(r, PG_DIAG_SQLSTATE));
	PQclear(r);
	while ((r = PQgetResult(c)))
		PQclear(r);
	return *err ? -1 : 0;
}

unsigned long long pg_copy_out(PGconn *c, const char *copy_sql, const char *what,
			       void (*row)(const char *buf, int len, void *arg), void *arg)
{
	unsigned long long n;
	char *err, state[6];
	if (pg_copy_out_try(c, copy_sql, row, arg, &n, &err, state))
		pga_die("%s: %s", what, err);
	return n;
}

struct pg_copy_in pg_copy_in_begin(PGconn *c, const char *copy_sql, const char *what)
{
	PGresult *r = PQexec(c, copy_sql);
	if (PQresultStatus(r) != PGRES_COPY_IN)
		die_result(c, r, what, NULL);
	PQclear(r);
	return (struct pg_copy_in){ .conn = c, .what = what };
}

void pg_copy_in_put(const struct pg_copy_in *ci, const char *buf, size_t len)
{
	/* in pieces of 256 kB: libpq copies a piece into its output buffer, which grows to
	 * the largest piece and never shrinks (handed a load batch whole, each connection
	 * kept one more batch's worth of memory to its end) */
	while (len > 0) {
		int chunk = len > (1u << 18) ? (1 << 18) : (int)len;
		if (PQputCopyData(ci->conn, buf, chunk) != 1)
			die_result(ci->conn, NULL, ci->what, NULL);
		buf += chunk;
		len -= (size_t)chunk;
	}
}

PGresult *pg_copy_in_try_end(const struct pg_copy_in *ci)
{
	PGconn *c = ci->conn;
	if (PQputCopyEnd(c, NULL) != 1)
		die_result(c, NULL, ci->what, NULL);
	PGresult *r = PQgetResult(c), *more;
	int failed = PQresultStatus(r) != PGRES_COMMAND_OK;
	if (!failed) {
		PQclear(r);
		r = NULL;
	}
	while ((more = PQgetResult(c)))
		PQclear(more);
	return r;
}

void pg_copy_in_end(const struct pg_copy_in *ci)
{
	PGresult *r = pg_copy_in_try_end(ci);
	if (r)
		die_result(ci->conn, r, ci->what, NULL);
}

char *pg_quote_ident(PGconn *c, const char *ident)
{
	char *q = PQescapeIdentifier(c, ident, strlen(ident));
	if (!q)
		pga_die("cannot quote identifier: %s", PQerrorMessage(c));
	char *out = xstrdup(q);
	PQfreemem(q);
	return out;
}

int pg_assume_role(PGconn *c, const char *role)
{
	const char *params[] = { role };
	PGresult *r = pg_query(c, "SELECT pg_has_role(current_user, oid, 'MEMBER') FROM pg_roles WHERE rolname = $1",
			       1, params, "looking up the pipeline role");
	int can = PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	if (!can) {
		pga_warn("role %s is missing or not granted to this login: running with the login role's own rights",
			 role);
		return 0;
	}
	char *q = pg_quote_ident(c, role);
	char *sql = xasprintf("SET ROLE %s", q);
	pg_exec(c, sql, "taking the pipeline role");
	free(sql);
	free(q);
	return 1;
}
