/*
 * conninfo.h - libpq connection strings without leaking secrets: validate one
 * with PQconninfoParse and render it with every secret field (password,
 * sslpassword: the options libpq marks with dispchar "*") removed, so it can be
 * printed, logged or hashed.
 *
 * A conninfo is anything libpq accepts: "host=h dbname=d", a
 * postgresql:// URI, or "" (meaning the PG* environment variables and the
 * service file decide).
 */
#ifndef PGA_CONNINFO_H
#define PGA_CONNINFO_H

#include <libpq-fe.h>

/*
 * Return a newly allocated keyword=value string (caller frees) holding every
 * option set in conninfo except secret ones, in libpq's option order, values
 * single-quoted when needed. "" gives "". A URI comes back in keyword form,
 * except one whose user info libpq splits differently from its text (an
 * unencoded '/' or '@' in the password: "postgresql://u:pa/ss@h/db" is host u,
 * port pa, dbname ss@h/db to libpq): that comes back as written, with all that
 * may be password (from the first ':' after "scheme://" to the last '@') and
 * the values of secret query parameters shown as "...", since libpq's fields
 * would hold pieces of the password. That form need not be a valid conninfo.
 * Returns NULL if conninfo is not valid (see conninfo_check for why).
 */
char *conninfo_redact(const char *conninfo);

/*
 * Which database conninfo reaches, as text to hash (caller frees): host,
 * hostaddr, port, dbname and service, each from conninfo or else from its PG*
 * environment variable, one "key=value" line each; the user only when no
 * dbname is given (libpq then names the database after it). Options that pick
 * no database (user, application_name, sslmode, ...) are left out, so the same
 * database reached as another role is the same location. A URI whose fields
 * libpq splits inside the password gives its redacted text instead. NULL if
 * conninfo is not valid.
 */
char *conninfo_location(const char *conninfo);

/*
 * Return 0 if libpq accepts conninfo, else -1 and, if errmsg is not NULL, a
 * newly allocated message (caller frees) in which every quoted fragment of
 * libpq's message is replaced by "...", because libpq quotes pieces of the
 * input and those pieces may be a password.
 */
int conninfo_check(const char *conninfo, char **errmsg);

/*
 * A message about conninfo that is safe to print or write (caller frees), for
 * every libpq connection error: when libpq cannot parse conninfo, only its
 * parse error as conninfo_check() renders it (libpq quotes the input, password
 * and all); otherwise msg with each spelling of each secret of conninfo (parsed,
 * as written, percent-decoded) replaced by "..." wherever it stands as a whole
 * token (not inside a longer word: a password "a" leaves "failed" alone). For
 * a URI libpq splits inside the password (see conninfo_redact), each piece of
 * the password and the whole value of each field holding one are hidden too.
 * So msg "" gives "" exactly when libpq would accept conninfo.
 */
char *conninfo_error_message(const char *conninfo, const char *msg);

/*
 * conninfo_error_message() for a connection conn that libpq made from conninfo (NULL: the
 * same as conninfo_error_message()): the secrets of the options libpq ended up using are
 * hidden too, wherever they came from (PGPASSWORD, the service file, ~/.pgpass, a
 * PGDATABASE or a service's dbname that is a URI with a password, which libpq sends as a
 * database name and the server quotes back). For every message of a failed connection.
 */
char *conninfo_conn_error_message(const char *conninfo, const PGconn *conn, const char *msg);

/*
 * 1 if conninfo sets a secret option (password, sslpassword) or is a URI with
 * something that may be password in its user info, else 0 (also 0 when
 * conninfo is invalid).
 */
int conninfo_has_secret(const char *conninfo);

/*
 * 1 if text, read as a conninfo (it may be one libpq rejects), holds something that
 * may be a password: a password= or sslpassword= value, a URI's user-info password,
 * a ?password= parameter, or such a connection string inside a value.
 */
int conninfo_may_hold_secret(const char *text);

/*
 * 1 if text, a shell command line (a manifest's recipe line), holds a literal password
 * anywhere: a connection string inside it (a postgresql:// URI with a password in its
 * user info or query, a password= / sslpassword= keyword value) or an assignment of an
 * environment variable libpq reads a secret from (PGPASSWORD=PW), or SQL's PASSWORD
 * followed by a literal (psql -c "ALTER ROLE r PASSWORD 'PW'", any case, E'' and dollar
 * quotes too). A value that is a shell reference ($VAR, "${VAR}") is no literal: the recipe
 * reads the secret from its environment.
 */
int conninfo_text_may_hold_secret(const char *text);

/*
 * 1 if name is an environment variable libpq reads a secret option from (PGPASSWORD),
 * as libpq's PQconndefaults() says, else 0.
 */
int conninfo_secret_envvar(const char *name);

/*
 * Take the value of every --source / --target argument (--source V, --source=V, or
 * an abbreviation getopt_long accepts) that holds a password out of sight of other
 * users: argv[i] is pointed at a copy, and the original bytes, which ps and
 * /proc/PID/cmdline show for as long as the program runs (hours for a backfill),
 * are overwritten with the redacted conninfo. Call before parsing the options.
 */
void conninfo_hide_args(int argc, char **argv);

/*
 * A --source / --target value of the form @env:NAME is the conninfo held by the
 * environment variable NAME: conninfo_hide_args() puts that value in argv (a copy)
 * and removes NAME from the environment. The driver hands a conninfo holding a
 * password to the command it runs this way (conninfo_args_to_env()), so that the
 * command's argv never shows it, not even before the command hides it; the
 * environment of a process is readable by its user only.
 */
#define CONNINFO_ENV_PREFIX "@env:"

/*
 * For a program about to exec another: every --source / --target value of argv
 * that holds a password is moved to an environment variable of this process
 * (PGGIT_AUDIT_CONNINFO_ARG_<i>, inherited by the exec'd program) and argv[i]
 * pointed at a new "@env:NAME" text (the old pointer is not freed: argv may not
 * own it). Dies when the environment cannot be set.
 */
void conninfo_args_to_env(int argc, char **argv);

#endif
