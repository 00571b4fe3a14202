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
		struct strbuf sb = STRBUF_INIT;
		const char *m = err ? err : "out of memory";
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
		*errmsg = strbuf_detach(&sb, NULL);
	}
	PQfreemem(err);
	return -1;
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
