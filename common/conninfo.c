/* conninfo.c - validate and redact libpq connection strings; see conninfo.h. */
#include "conninfo.h"
#include "hash.h"
#include "strbuf.h"
#include "util.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int is_secret(const PQconninfoOption *o)
{
	/* libpq marks fields that must be hidden in a connection dialog with "*" */
	return o->dispchar && strchr(o->dispchar, '*') != NULL;
}

static void add_quoted(struct strbuf *sb, const char *v)
{
	int plain = *v != '\0';
	for (const char *p = v; *p; p++)
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\'' || *p == '\\' || *p == '=')
			plain = 0;
	if (plain) {
		strbuf_addstr(sb, v);
		return;
	}
	strbuf_addch(sb, '\'');
	for (const char *p = v; *p; p++) {
		if (*p == '\'' || *p == '\\')
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *p);
	}
	strbuf_addch(sb, '\'');
}

static size_t uri_prefix(const char *c)
{
	if (!strncmp(c, "postgresql://", 13))
		return 13;
	if (!strncmp(c, "postgres://", 11))
		return 11;
	return 0;
}

/* Append v[0..len) percent-decoded as libpq decodes a URI's pieces (a bad escape is kept as written). */
static void uri_decode(struct strbuf *sb, const char *v, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		int hi, lo;
		if (v[i] == '%' && i + 2 < len && (hi = hex_digit_value(v[i + 1])) >= 0 &&
		    (lo = hex_digit_value(v[i + 2])) >= 0) {
			strbuf_addch(sb, hi * 16 + lo);
			i += 2;
		} else {
			strbuf_addch(sb, v[i]);
		}
	}
}

/*
 * The stretch of a URI that may be a password: from after the first ':' to the LAST
 * '@' of the text after "scheme://". RFC 3986 allows no '/', '?', '#' or '@' unencoded
 * in the user info, but people write them, and libpq (15) ends the credentials at the
 * first '@' or '/': "alice:pa/ss@h/db" becomes host alice, port pa, dbname ss@h/db, and
 * "alice:p@ss@h/db" password p, host ss@h. Nothing after the last '@' can be password,
 * and everything between the first ':' and it may be, however libpq splits it, so this
 * is what we hide. A URI whose path or query holds an '@' after a ':'
 * (h:5432/db?user=a@b) has a stretch that is no password: it is hidden too, which only
 * costs detail (write %40 for such an '@'). Returns 1 with the stretch's offset and
 * length (maybe 0) in conninfo, else 0.
 */
static int uri_password_span(const char *conninfo, size_t *off, size_t *len)
{
	size_t pre = uri_prefix(conninfo);
	if (!pre)
		return 0;
	const char *a = conninfo + pre, *at = strrchr(a, '@');
	const char *colon = at ? memchr(a, ':', (size_t)(at - a)) : NULL;
	if (!colon)
		return 0;
	*off = (size_t)(colon + 1 - conninfo);
	*len = (size_t)(at - colon - 1);
	return 1;
}

/* The value of the first ?password= or ?sslpassword= query parameter of a URI at or
 * after from (a '?' or '&' of it), or NULL; *next is where to look for the next one. */
static const char *query_secret_value(const char *from, const char **next)
{
	for (const char *p = from; p; p = strchr(p + 1, '&')) {
		const char *k = p + 1;
		size_t kl = strcspn(k, "=&");
		if (k[kl] == '=' && ((kl == 8 && !strncmp(k, "password", 8)) || (kl == 11 && !strncmp(k, "sslpassword", 11)))) {
			*next = strchr(k, '&');
			return k + kl + 1;
		}
	}
	return NULL;
}

/*
 * A URI's ?password= (or ?sslpassword=) with parameters after it: libpq ends the value
 * at the first '&', so a password holding an unencoded '&' ("?password=pa&user=ss")
 * gives its tail to other parameters, which are printed and echoed. Everything from
 * the value to the end of the URI may be password, and is hidden; a well-formed
 * ?password=x&sslmode=require loses only the detail of what follows it. Returns 1 with
 * the offset and length of that stretch, else 0.
 */
static int uri_query_password_tail(const char *conninfo, size_t *off, size_t *len)
{
	const char *next;
	const char *v = uri_prefix(conninfo) ? query_secret_value(strchr(conninfo, '?'), &next) : NULL;
	if (!v || !strchr(v, '&'))
		return 0;
	*off = (size_t)(v - conninfo);
	*len = strlen(v);
	return 1;
}

/*
 * 1 when libpq read the stretch as the password and nothing else, so no piece of it is
 * in another field: no '@' or '/' before its end (where libpq ends the credentials),
 * and libpq's password is the stretch decoded. The second test guards against a libpq
 * that splits elsewhere; a ?password= that overrides the stretch fails it too, which
 * only hides more.
 */
static int uri_split_trusted(const char *conninfo, size_t off, size_t len, const PQconninfoOption *opts)
{
	for (const char *p = conninfo + uri_prefix(conninfo); p < conninfo + off + len; p++)
		if (*p == '@' || *p == '/')
			return 0;
	const char *pw = "";
	for (const PQconninfoOption *o = opts; o->keyword; o++)
		if (!strcmp(o->keyword, "password") && o->val)
			pw = o->val;
	struct strbuf sb = STRBUF_INIT;
	uri_decode(&sb, conninfo + off, len);
	int same = sb.len == strlen(pw) && !memcmp(sb.buf, pw, sb.len);
	strbuf_release(&sb);
	return same;
}

/* 1 if keyword is one of the options libpq marks secret. */
static int secret_keyword(const PQconninfoOption *opts, const char *keyword)
{
	for (const PQconninfoOption *o = opts; o->keyword; o++)
		if (!strcmp(o->keyword, keyword))
			return is_secret(o);
	return 0;
}

/*
 * A URI libpq splits differently from its text, printed as written with the password
 * stretch and the values of secret query parameters after it shown as "...": libpq's
 * fields would hold pieces of the password, so they cannot be printed.
 */
static char *redact_uri_text(const char *conninfo, size_t off, size_t len, const PQconninfoOption *opts)
{
	struct strbuf sb = STRBUF_INIT;
	const char *rest = conninfo;
	if (off != SIZE_MAX) { /* SIZE_MAX: no password stretch before the query */
		strbuf_add(&sb, conninfo, off);
		strbuf_addstr(&sb, "...");
		rest = conninfo + off + len;
	}
	const char *q = strchr(rest, '?');
	if (!q) {
		strbuf_addstr(&sb, rest);
		return strbuf_detach(&sb, NULL);
	}
	strbuf_add(&sb, rest, (size_t)(q + 1 - rest));
	for (const char *p = q + 1;;) {
		size_t n = strcspn(p, "&"), kl = strcspn(p, "=&");
		/* libpq decodes the key too: pass%77ord= is password= */
		struct strbuf key = STRBUF_INIT;
		uri_decode(&key, p, kl);
		if (p[kl] == '=' && secret_keyword(opts, key.buf)) {
			strbuf_add(&sb, p, kl + 1);
			strbuf_addstr(&sb, "...");
			size_t toff, tlen;
			if (uri_query_password_tail(conninfo, &toff, &tlen) && conninfo + toff <= p + kl + 1) {
				/* what follows may be the rest of this password: see uri_query_password_tail */
				strbuf_release(&key);
				break;
			}
		} else {
			strbuf_add(&sb, p, n);
		}
		strbuf_release(&key);
		if (!p[n])
			break;
		strbuf_addch(&sb, '&');
		p += n + 1;
	}
	return strbuf_detach(&sb, NULL);
}

/*
 * libpq's options of conninfo (NULL if it does not parse); *split is set when they
 * cannot be trusted to hold the password apart (a URI password libpq splits into
 * host, port or dbname, or a ?password= value holding an unencoded '&'): then only
 * the redacted text of the URI may stand for it. The caller frees the options.
 */
static PQconninfoOption *parse_options(const char *c, int *split, size_t *off, size_t *len)
{
	char *err = NULL;
	PQconninfoOption *opts = PQconninfoParse(c, &err);
	if (!opts) {
		PQfreemem(err);
		return NULL;
	}
	size_t toff, tlen;
	int span = uri_password_span(c, off, len);
	*split = (span && !uri_split_trusted(c, *off, *len, opts)) || uri_query_password_tail(c, &toff, &tlen);
	if (!span) /* a password only in the query */
		*off = SIZE_MAX, *len = 0;
	return opts;
}

/* 1 if libpq would read v as a connection string where a dbname may be one. */
static int looks_like_conninfo(const char *v)
{
	return uri_prefix(v) || strchr(v, '=') != NULL;
}

/*
 * A field's value that is itself a connection string holding a password, such as
 * dbname=postgresql://u:PW@h/db or dbname='host=h password=PW' (a $DATABASE_URL put
 * after dbname=): libpq reads it as a plain database name, never as a password, but
 * it is one to whoever wrote it, and the driver printed it. Returns the value to print
 * instead (caller frees): redacted itself, or "..." when it does not parse; NULL when
 * the value holds no secret.
 */
static char *redact_nested(const char *v)
{
	if (!looks_like_conninfo(v))
		return NULL;
	char *err = NULL;
	PQconninfoOption *inner = PQconninfoParse(v, &err);
	PQfreemem(err);
	if (!inner) /* cannot tell its parts apart: hide it when a password may be in it */
		return strstr(v, "password") || uri_prefix(v) ? xstrdup("...") : NULL;
	PQconninfoFree(inner);
	if (!conninfo_has_secret(v))
		return NULL;
	char *r = conninfo_redact(v);
	return r ? r : xstrdup("...");
}

char *conninfo_redact(const char *conninfo)
{
	const char *c = conninfo ? conninfo : "";
	size_t off, len;
	int split;
	PQconninfoOption *opts = parse_options(c, &split, &off, &len);
	if (!opts)
		return NULL;
	if (split) {
		char *r = redact_uri_text(c, off, len, opts);
		PQconninfoFree(opts);
		return r;
	}
	struct strbuf sb = STRBUF_INIT;
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		if (!o->val || is_secret(o))
			continue;
		if (sb.len)
			strbuf_addch(&sb, ' ');
		strbuf_addstr(&sb, o->keyword);
		strbuf_addch(&sb, '=');
		char *inner = redact_nested(o->val);
		add_quoted(&sb, inner ? inner : o->val);
		free(inner);
	}
	PQconninfoFree(opts);
	return strbuf_detach(&sb, NULL);
}

char *conninfo_location(const char *conninfo)
{
	const char *c = conninfo ? conninfo : "";
	size_t off, len;
	int split;
	PQconninfoOption *opts = parse_options(c, &split, &off, &len);
	if (!opts)
		return NULL;
	if (split) {
		/* libpq's host/port/dbname would hold pieces of the password: the redacted text
		   stands for the location (any change of it counts as another database) */
		PQconninfoFree(opts);
		return conninfo_redact(c);
	}
	static const char *const keys[][2] = { { "host", "PGHOST" },       { "hostaddr", "PGHOSTADDR" },
					       { "port", "PGPORT" },       { "dbname", "PGDATABASE" },
					       { "service", "PGSERVICE" }, { "user", "PGUSER" } };
	struct strbuf sb = STRBUF_INIT;
	int have_dbname = 0;
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		const char *v = NULL;
		for (PQconninfoOption *o = opts; o->keyword; o++)
			if (!strcmp(o->keyword, keys[k][0]) && o->val && *o->val)
				v = o->val;
		if (!v)
			v = getenv(keys[k][1]);
		if (!v || !*v)
			continue;
		if (!strcmp(keys[k][0], "dbname"))
			have_dbname = 1;
		/* the role picks no database, except that libpq names the database after it
		   when none is given */
		if (!strcmp(keys[k][0], "user") && have_dbname)
			continue;
		strbuf_addf(&sb, "%s=%s\n", keys[k][0], v);
	}
	PQconninfoFree(opts);
	return strbuf_detach(&sb, NULL);
}

/* The secrets of conninfo as it may be spelled in a message: the values libpq
 * parses (decoded) and, because a conninfo libpq rejects cannot be parsed at all,
 * the raw text after password= / sslpassword=, a URI's password stretch (see
 * uri_password_span) and its percent-decoded form; when libpq splits that stretch
 * into other fields (or cannot parse the URI), also each piece of it between the
 * characters libpq splits a URI at, since those fields are echoed in messages.
 * Over-collecting only hides more of a message. */
struct secrets {
	char **v;
	int n, alloc;
};

static void secret_add(struct secrets *s, const char *v, size_t len)
{
	if (len == 0)
		return;
	ALLOC_GROW(s->v, (size_t)s->n + 1, s->alloc, 16);
	s->v[s->n++] = xstrndup(v, len);
}

static void secret_add_uri(struct secrets *s, const char *v, size_t len)
{
	secret_add(s, v, len);
	struct strbuf sb = STRBUF_INIT;
	uri_decode(&sb, v, len);
	if (sb.len != len)
		secret_add(s, sb.buf, sb.len);
	strbuf_release(&sb);
}

/* Letters, digits, '_' and every byte of a multibyte UTF-8 character. */
static int is_word_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

/*
 * 1 if the occurrence of secret at msg + i is a whole token: not the middle of a longer
 * word of msg. A password "a" or "ail" must not eat the a's of "failed", while libpq and
 * the server echo a value between quotes, spaces, '@', ',' ... never glued to a letter.
 */
static int whole_token(const char *msg, size_t i, const char *secret, size_t len)
{
	if (i > 0 && is_word_byte((unsigned char)secret[0]) && is_word_byte((unsigned char)msg[i - 1]))
		return 0;
	if (is_word_byte((unsigned char)secret[len - 1]) && is_word_byte((unsigned char)msg[i + len]))
		return 0;
	return 1;
}

/* 1 if secret occurs in v as a whole token. */
static int holds_token(const char *v, const char *secret)
{
	size_t len = strlen(secret);
	for (const char *hit = strstr(v, secret); hit; hit = strstr(hit + 1, secret))
		if (whole_token(v, (size_t)(hit - v), secret, len))
			return 1;
	return 0;
}

/*
 * Add the whole value of each field of opts holding one of the pieces s->v[first..]:
 * libpq and the server echo host, port, dbname and user, and the server echoes a
 * dbname or user of 64 bytes or more cut to 63 (NAMEDATALEN - 1), which may cut a
 * piece too, so that prefix is added as well.
 */
static void add_fields_holding(struct secrets *s, const PQconninfoOption *opts, int first)
{
	int last = s->n;
	for (const PQconninfoOption *o = opts; o->keyword; o++) {
		if (!o->val || is_secret(o))
			continue;
		for (int i = first; i < last; i++) {
			if (holds_token(o->val, s->v[i])) {
				size_t n = strlen(o->val);
				secret_add(s, o->val, n);
				if (n > 63)
					secret_add(s, o->val, 63);
				break;
			}
		}
	}
}

static void collect_secrets_at(const char *conninfo, struct secrets *s, int level);

static void collect_secrets(const char *conninfo, struct secrets *s)
{
	*s = (struct secrets){ 0 };
	collect_secrets_at(conninfo, s, 0);
}

static void collect_secrets_at(const char *conninfo, struct secrets *s, int level)
{
	char *err = NULL;
	PQconninfoOption *opts = PQconninfoParse(conninfo, &err);
	PQfreemem(err);
	if (opts)
		for (PQconninfoOption *o = opts; o->keyword; o++) {
			if (o->val && is_secret(o))
				secret_add(s, o->val, strlen(o->val));
			/* a value that is a connection string itself (see redact_nested): its
			   password too, which the server echoes inside the database name */
			else if (o->val && level < 2 && looks_like_conninfo(o->val))
				collect_secrets_at(o->val, s, level + 1);
		}
	size_t off, len;
	if (uri_password_span(conninfo, &off, &len)) {
		const char *pw = conninfo + off;
		secret_add_uri(s, pw, len);
		if (!opts || !uri_split_trusted(conninfo, off, len, opts)) {
			/* where libpq may cut it: credentials, hosts, port, path, query */
			int first = s->n;
			for (size_t i = 0; i < len;) {
				size_t n = strcspn(pw + i, "@/:?,&=[]");
				if (n > len - i)
					n = len - i;
				if (n < len)
					secret_add_uri(s, pw + i, n);
				i += n + 1;
			}
			if (opts)
				add_fields_holding(s, opts, first);
		}
	}
	size_t toff, tlen;
	if (uri_query_password_tail(conninfo, &toff, &tlen)) {
		const char *t = conninfo + toff;
		int first = s->n;
		secret_add_uri(s, t, tlen);
		/* each "&"-separated piece and its value after '=' (not the key: a password
		 * "pa&user=ss" must not hide every "user" of a message) */
		for (size_t i = 0; i < tlen;) {
			size_t n = strcspn(t + i, "&");
			if (n > tlen - i)
				n = tlen - i;
			const char *eq = memchr(t + i, '=', n);
			if (n)
				secret_add_uri(s, t + i, n);
			if (eq && (size_t)(eq + 1 - (t + i)) < n)
				secret_add_uri(s, eq + 1, n - (size_t)(eq + 1 - (t + i)));
			i += n + 1;
		}
		if (opts)
			add_fields_holding(s, opts, first);
	}
	if (opts)
		PQconninfoFree(opts);
	if (uri_prefix(conninfo)) {
		/* ?password=...&: the query part */
		const char *next = strchr(conninfo, '?'), *v;
		while (next && (v = query_secret_value(next, &next)))
			secret_add_uri(s, v, strcspn(v, "&"));
		return;
	}
	/* keyword form: password [spaces] = [spaces] value, the value bare or single-quoted */
	for (const char *p = conninfo; *p; p++) {
		size_t kl = !strncmp(p, "sslpassword", 11) ? 11 : !strncmp(p, "password", 8) ? 8 : 0;
		if (!kl || (p > conninfo && p[-1] != ' ' && p[-1] != '\t' && p[-1] != '\n'))
			continue;
		const char *v = p + kl;
		while (*v == ' ' || *v == '\t' || *v == '\n')
			v++;
		if (*v != '=')
			continue;
		v++;
		while (*v == ' ' || *v == '\t' || *v == '\n')
			v++;
		if (*v == '\'') {
			struct strbuf sb = STRBUF_INIT;
			const char *q = v + 1;
			for (; *q && *q != '\''; q++) {
				if (*q == '\\' && q[1])
					q++;
				strbuf_addch(&sb, *q);
			}
			secret_add(s, v + 1, (size_t)(q - v - 1)); /* as written, escapes included */
			secret_add(s, sb.buf, sb.len);
			strbuf_release(&sb);
		} else {
			secret_add(s, v, strcspn(v, " \t\n"));
		}
	}
}

static int longer_first(const void *a, const void *b)
{
	size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);
	return la < lb ? 1 : la > lb ? -1 : 0;
}

/* msg with every whole-token occurrence of every secret replaced by "..." (caller frees);
 * the longest first, so a password is hidden whole rather than piece by piece. */
static char *scrub_list(struct secrets s, const char *msg)
{
	if (s.n > 1)
		qsort(s.v, (size_t)s.n, sizeof(*s.v), longer_first);
	char *out = xstrdup(msg);
	for (int i = 0; i < s.n; i++) {
		struct strbuf sb = STRBUF_INIT;
		size_t len = strlen(s.v[i]);
		const char *p = out, *from = out, *hit;
		while ((hit = strstr(from, s.v[i]))) {
			if (!whole_token(out, (size_t)(hit - out), s.v[i], len)) {
				from = hit + 1;
				continue;
			}
			strbuf_add(&sb, p, (size_t)(hit - p));
			strbuf_addstr(&sb, "...");
			p = from = hit + len;
		}
		strbuf_addstr(&sb, p);
		free(out);
		out = strbuf_detach(&sb, NULL);
		free(s.v[i]);
	}
	free(s.v);
	return out;
}

static char *scrub_secrets(const char *conninfo, const char *msg)
{
	struct secrets s;
	collect_secrets(conninfo ? conninfo : "", &s);
	return scrub_list(s, msg);
}

/* libpq's parse error with its quoted fragments (pieces of the input) shown as "...". */
static char *hide_quoted(const char *m)
{
	struct strbuf sb = STRBUF_INIT;
	int in_quote = 0;
	for (const char *p = m; *p; p++) {
		if (*p == '"') {
			strbuf_addch(&sb, '"');
			if (!in_quote)
				strbuf_addstr(&sb, "...");
			in_quote = !in_quote;
			continue;
		}
		if (!in_quote && *p != '\n')
			strbuf_addch(&sb, *p);
	}
	if (in_quote) /* a quote inside the input: close the one left open */
		strbuf_addch(&sb, '"');
	return strbuf_detach(&sb, NULL);
}

int conninfo_check(const char *conninfo, char **errmsg)
{
	char *err = NULL;
	PQconninfoOption *opts = PQconninfoParse(conninfo ? conninfo : "", &err);
	if (opts) {
		PQconninfoFree(opts);
		if (errmsg)
			*errmsg = NULL;
		return 0;
	}
	if (errmsg) {
		/* the secrets first: a password holding a '"' would otherwise unbalance the quotes */
		char *scrubbed = scrub_secrets(conninfo, err ? err : "out of memory");
		*errmsg = hide_quoted(scrubbed);
		free(scrubbed);
	}
	PQfreemem(err);
	return -1;
}

char *conninfo_error_message(const char *conninfo, const char *msg)
{
	const char *c = conninfo ? conninfo : "";
	char *m;
	/* libpq reads a dbname as a connection string when it has '=' or a URI prefix */
	if ((strchr(c, '=') || uri_prefix(c)) && conninfo_check(c, &m) < 0)
		return m;
	return scrub_secrets(c, msg);
}

char *conninfo_conn_error_message(const char *conninfo, const PGconn *conn, const char *msg)
{
	const char *c = conninfo ? conninfo : "";
	char *m;
	if ((strchr(c, '=') || uri_prefix(c)) && conninfo_check(c, &m) < 0)
		return m;
	struct secrets s;
	collect_secrets(c, &s);
	/* what libpq used besides conninfo: PGPASSWORD, a service file's password, ~/.pgpass, a
	   PGDATABASE (or a service's dbname) that is a URI with a password, sent as a database
	   name the server quotes back */
	PQconninfoOption *opts = conn ? PQconninfo((PGconn *)conn) : NULL;
	for (PQconninfoOption *o = opts; o && o->keyword; o++) {
		if (!o->val || !*o->val)
			continue;
		if (is_secret(o))
			secret_add(&s, o->val, strlen(o->val));
		else if (looks_like_conninfo(o->val))
			collect_secrets_at(o->val, &s, 1);
	}
	PQconninfoFree(opts);
	return scrub_list(s, msg);
}

int conninfo_has_secret(const char *conninfo)
{
	const char *c = conninfo ? conninfo : "";
	char *err = NULL;
	int found = 0;
	PQconninfoOption *opts = PQconninfoParse(c, &err);
	if (!opts) {
		PQfreemem(err);
		return 0;
	}
	for (PQconninfoOption *o = opts; o->keyword; o++)
		if (o->val && is_secret(o))
			found = 1;
	/* a password libpq split into other fields is still a password */
	size_t off, len;
	if (uri_password_span(c, &off, &len) && len > 0)
		found = 1;
	PQconninfoFree(opts);
	return found;
}

int conninfo_secret_envvar(const char *name)
{
	/* from libpq's own table: whatever its version marks secret and reads from the environment */
	PQconninfoOption *opts = PQconndefaults();
	int found = 0;
	for (PQconninfoOption *o = opts; o && o->keyword; o++)
		if (is_secret(o) && o->envvar && !strcmp(o->envvar, name))
			found = 1;
	PQconninfoFree(opts);
	return found;
}

int conninfo_may_hold_secret(const char *text)
{
	struct secrets s;
	collect_secrets(text ? text : "", &s);
	int found = s.n > 0;
	for (int k = 0; k < s.n; k++)
		free(s.v[k]);
	free(s.v);
	return found;
}

/* 1 if some secret that collect_secrets() finds in text is a literal rather than a shell
 * reference ($VAR, ${VAR}, "$VAR": the recipe reads it from the environment). */
static int literal_secret(const char *text)
{
	struct secrets s;
	collect_secrets(text, &s);
	int found = 0;
	for (int k = 0; k < s.n; k++) {
		const char *v = s.v[k] + (s.v[k][0] == '"');
		if (*v && *v != '$')
			found = 1;
		free(s.v[k]);
	}
	free(s.v);
	return found;
}

/*
 * 1 if p (at a word's start) is SQL's PASSWORD followed by a literal: a quoted string
 * ('x', E'x', the shell's quotes around it already passed) or a dollar-quoted one ($$x$$,
 * $t$x$t$), as CREATE/ALTER ROLE or USER ... [ENCRYPTED] PASSWORD take it. A string that
 * starts with '$' is taken for a shell reference ('$PW', '${PW}', in a manifest '$$PW'), as
 * the value of PGPASSWORD= is; PASSWORD NULL is no literal, nor '' (no password).
 */
static int sql_password_literal(const char *p)
{
	if (strncasecmp(p, "password", 8) != 0 || !strchr(" \t\n", p[8]) || !p[8])
		return 0;
	p += 8;
	p += strspn(p, " \t\n");
	if (*p == 'E' || *p == 'e')
		p++;
	if (*p == '\'') {
		/* '$...' is a reference (the manifest writes it $$PW), as for PGPASSWORD= */
		return p[1] != '$' && p[1] != '\'';
	}
	if (*p == '$') {
		size_t n = strspn(p + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
		return p[1 + n] == '$' && !(n > 0 && p[1] >= '0' && p[1] <= '9');
	}
	return 0;
}

int conninfo_text_may_hold_secret(const char *text)
{
	static const char word_start[] = " \t\n'\"=;(`&|";
	for (const char *p = text; *p; p++) {
		if (p > text && !strchr(word_start, p[-1]))
			continue;
		if (sql_password_literal(p))
			return 1;
		if (uri_prefix(p)) {
			/* the URI ends where a shell word would */
			char *uri = xstrndup(p, strcspn(p, " \t\n'\"`;|&()<>"));
			int found = literal_secret(uri);
			free(uri);
			if (found)
				return 1;
		} else if (!strncmp(p, "password", 8) || !strncmp(p, "sslpassword", 11)) {
			/* keyword form: from here the keyword scan of collect_secrets() finds its value */
			if (literal_secret(p))
				return 1;
		} else if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '_') {
			/* NAME=value: a shell assignment of PGPASSWORD and its kin */
			size_t n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
			if (p[n] != '=')
				continue;
			char *name = xstrndup(p, n);
			int secret = conninfo_secret_envvar(name);
			free(name);
			const char *v = p + n + 1;
			v += (*v == '\'' || *v == '"');
			if (secret && *v && *v != '$' && !strchr(" \t\n;&|", *v))
				return 1;
		}
	}
	return 0;
}

/* 1 if arg is --NAME or --NAME=... with NAME a prefix getopt_long would accept for
 * --source or --target (the programs take abbreviations); *value set for the = form. */
static int conninfo_option(const char *arg, const char **value)
{
	if (strncmp(arg, "--", 2) != 0)
		return 0;
	const char *name = arg + 2, *eq = strchr(name, '=');
	size_t n = eq ? (size_t)(eq - name) : strlen(name);
	if (n < 2 || !(n <= 6 && (!strncmp(name, "source", n) || !strncmp(name, "target", n))))
		return 0;
	*value = eq ? eq + 1 : NULL;
	return 1;
}

/* Overwrite v in place (the bytes /proc/PID/cmdline shows) with its redacted form,
 * cut to v's length; the rest zeroed. */
static void blank_in_place(char *v)
{
	size_t n = strlen(v);
	char *r = conninfo_redact(v);
	const char *shown = r ? r : "...";
	size_t k = strlen(shown) < n ? strlen(shown) : n;
	memcpy(v, shown, k);
	memset(v + k, '\0', n - k);
	free(r);
}

/*
 * The next --source / --target value of argv after *i (options end at "--"): returns
 * its argv index, sets *opt to the option's index (the same for --source=V) and *v to
 * the value's first byte; -1 when there is none. *i moves past what was read.
 */
static int next_conninfo_value(int argc, char **argv, int *i, int *opt, char **v)
{
	for (int k = *i + 1; k < argc; k++) {
		if (!strcmp(argv[k], "--"))
			break;
		const char *value;
		if (!conninfo_option(argv[k], &value))
			continue;
		int in_next = value == NULL;
		if (in_next && k + 1 >= argc)
			break;
		*opt = k;
		*i = in_next ? k + 1 : k;
		*v = in_next ? argv[k + 1] : argv[k] + (value - argv[k]);
		return *i;
	}
	*i = argc;
	return -1;
}

/* argv[at] with its value (at *v) replaced by text: a new string */
static char *with_value(char **argv, int opt, int at, const char *v, const char *text)
{
	return opt == at ? xasprintf("%.*s%s", (int)(v - argv[at]), argv[at], text) : xstrdup(text);
}

void conninfo_hide_args(int argc, char **argv)
{
	int i = 0, opt, at;
	char *v;
	while ((at = next_conninfo_value(argc, argv, &i, &opt, &v)) >= 0) {
		if (!strncmp(v, CONNINFO_ENV_PREFIX, strlen(CONNINFO_ENV_PREFIX))) {
			const char *name = v + strlen(CONNINFO_ENV_PREFIX);
			const char *held = *name ? getenv(name) : NULL;
			if (!held)
				pga_die("%s: the environment variable %s it names is not set", argv[opt],
					*name ? name : "(none)");
			char *copy = with_value(argv, opt, at, v, held);
			/* not inherited by what this program runs: it hands conninfos on itself */
			if (unsetenv(name) < 0)
				pga_die_errno("cannot remove %s from the environment", name);
			argv[at] = copy;
		} else if (conninfo_may_hold_secret(v)) {
			/* the program reads a copy; the original bytes are what ps shows */
			char *copy = with_value(argv, opt, at, v, v);
			blank_in_place(v);
			argv[at] = copy;
		}
	}
}

void conninfo_args_to_env(int argc, char **argv)
{
	int i = 0, opt, at;
	char *v;
	while ((at = next_conninfo_value(argc, argv, &i, &opt, &v)) >= 0) {
		if (!conninfo_may_hold_secret(v))
			continue;
		char *name = xasprintf("PGGIT_AUDIT_CONNINFO_ARG_%d", at);
		if (setenv(name, v, 1) < 0)
			pga_die_errno("cannot put the value of %s in the environment", argv[opt]);
		char *ref = xasprintf(CONNINFO_ENV_PREFIX "%s", name);
		argv[at] = with_value(argv, opt, at, v, ref);
		free(ref);
		free(name);
	}
}
