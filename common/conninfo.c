/* conninfo.c - validate and redact libpq connection strings; see conninfo.h. */
#include "conninfo.h"
#include "strbuf.h"
#include "util.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

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

char *conninfo_redact(const char *conninfo)
{
	char *err = NULL;
	PQconninfoOption *opts = PQconninfoParse(conninfo ? conninfo : "", &err);
	if (!opts) {
		PQfreemem(err);
		return NULL;
	}
	struct strbuf sb = STRBUF_INIT;
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		if (!o->val || is_secret(o))
			continue;
		if (sb.len)
			strbuf_addch(&sb, ' ');
		strbuf_addstr(&sb, o->keyword);
		strbuf_addch(&sb, '=');
		add_quoted(&sb, o->val);
	}
	PQconninfoFree(opts);
	return strbuf_detach(&sb, NULL);
}

/* The secrets of conninfo as it may be spelled in a message: the values libpq
 * parses (decoded) and, because a conninfo libpq rejects cannot be parsed at all,
 * the raw text after password= / sslpassword= and in a URI's user:password@, plus
 * its percent-decoded form. Over-collecting only hides more of a message. */
struct secrets {
	char *v[16];
	int n;
};

static void secret_add(struct secrets *s, const char *v, size_t len)
{
	if (len == 0 || s->n == (int)(sizeof(s->v) / sizeof(s->v[0])))
		return;
	s->v[s->n++] = xstrndup(v, len);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void secret_add_uri(struct secrets *s, const char *v, size_t len)
{
	secret_add(s, v, len);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < len; i++) {
		int hi, lo;
		if (v[i] == '%' && i + 2 < len && (hi = hexval(v[i + 1])) >= 0 &&
		    (lo = hexval(v[i + 2])) >= 0) {
			strbuf_addch(&sb, hi * 16 + lo);
			i += 2;
		} else {
			strbuf_addch(&sb, v[i]);
		}
	}
	if (sb.len != len)
		secret_add(s, sb.buf, sb.len);
	strbuf_release(&sb);
}

static size_t uri_prefix(const char *c)
{
	if (!strncmp(c, "postgresql://", 13))
		return 13;
	if (!strncmp(c, "postgres://", 11))
		return 11;
	return 0;
}

static void collect_secrets(const char *conninfo, struct secrets *s)
{
	s->n = 0;
	char *err = NULL;
	PQconninfoOption *opts = PQconninfoParse(conninfo, &err);
	PQfreemem(err);
	if (opts) {
		for (PQconninfoOption *o = opts; o->keyword; o++)
			if (o->val && is_secret(o))
				secret_add(s, o->val, strlen(o->val));
		PQconninfoFree(opts);
	}
	size_t pre = uri_prefix(conninfo);
	if (pre) {
		/* libpq ends the credentials at the first '@' before any '/' */
		const char *u = conninfo + pre, *at = u;
		while (*at && *at != '@' && *at != '/')
			at++;
		const char *colon = memchr(u, ':', (size_t)(at - u));
		if (*at == '@' && colon)
			secret_add_uri(s, colon + 1, (size_t)(at - colon - 1));
		/* ?password=...&: the query part */
		for (const char *p = strchr(conninfo, '?'); p; p = strchr(p + 1, '&')) {
			const char *k = p + 1;
			size_t kl = strcspn(k, "=&");
			if (k[kl] == '=' && ((kl == 8 && !strncmp(k, "password", 8)) ||
					     (kl == 11 && !strncmp(k, "sslpassword", 11))))
				secret_add_uri(s, k + kl + 1, strcspn(k + kl + 1, "&"));
		}
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

/* msg with every occurrence of every secret replaced by "..." (caller frees). */
static char *scrub_secrets(const char *conninfo, const char *msg)
{
	struct secrets s;
	collect_secrets(conninfo ? conninfo : "", &s);
	char *out = xstrdup(msg);
	for (int i = 0; i < s.n; i++) {
		struct strbuf sb = STRBUF_INIT;
		size_t len = strlen(s.v[i]);
		const char *p = out, *hit;
		while ((hit = strstr(p, s.v[i]))) {
			strbuf_add(&sb, p, (size_t)(hit - p));
			strbuf_addstr(&sb, "...");
			p = hit + len;
		}
		strbuf_addstr(&sb, p);
		free(out);
		out = strbuf_detach(&sb, NULL);
		free(s.v[i]);
	}
	return out;
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

int conninfo_has_secret(const char *conninfo)
{
	char *err = NULL;
	int found = 0;
	PQconninfoOption *opts = PQconninfoParse(conninfo ? conninfo : "", &err);
	if (!opts) {
		PQfreemem(err);
		return 0;
	}
	for (PQconninfoOption *o = opts; o->keyword; o++)
		if (o->val && is_secret(o))
			found = 1;
	PQconninfoFree(opts);
	return found;
}
