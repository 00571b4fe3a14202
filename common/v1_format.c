/* v1_format.c - base64, commit text, identities and statement screening for the v1 replay; see v1_format.h. */
#include "v1_format.h"

#include <jansson.h>
#include <math.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ddl_tree.h"
#include "store.h"
#include "util.h"
#include "v1_scratch.h"

void v1_base64_pg(const void *raw, size_t len, struct strbuf *out)
{
	const unsigned char *p = raw;
	unsigned char line[77];
	/* 57 input bytes make exactly one 76-character line; PostgreSQL ends every full
	   line with '\n', the last one included (so a multiple of 57 bytes ends in '\n') */
	for (size_t off = 0; off < len; off += 57) {
		size_t n = len - off < 57 ? len - off : 57;
		int w = EVP_EncodeBlock(line, p + off, (int)n);
		strbuf_add(out, line, (size_t)w);
		if (n == 57)
			strbuf_addch(out, '\n');
	}
}

void v1_commit_text(struct strbuf *out, const char *tree, const char *parent, const char *ident, long long epoch,
		    const char *message)
{
	strbuf_addf(out, "tree %s\n", tree);
	if (parent)
		strbuf_addf(out, "parent %s\n", parent);
	strbuf_addf(out, "author %s %lld +0000\n", ident, epoch);
	strbuf_addf(out, "committer %s %lld +0000\n", ident, epoch);
	strbuf_addch(out, '\n');
	strbuf_addstr(out, message);
}

char *v1_author_ident(const char *created_by)
{
	struct strbuf sb = STRBUF_INIT;
	if (created_by) {
		for (const unsigned char *p = (const unsigned char *)created_by; *p; p++) {
			if (*p == '<' || *p == '>')
				continue;
			strbuf_addch(&sb, *p < 0x20 || *p == 0x7f ? ' ' : *p);
		}
	}
	/* trim blanks */
	size_t start = strspn(sb.buf, " ");
	size_t end = sb.len;
	while (end > start && sb.buf[end - 1] == ' ')
		end--;
	char *out = end > start ? xasprintf("%.*s <>", (int)(end - start), sb.buf + start) : xstrdup("unknown <>");
	strbuf_release(&sb);
	return out;
}

int v1_epoch(const char *timestamp, long long *epoch)
{
	double t;
	if (!timestamp || parse_utc_timestamp(timestamp, &t) < 0)
		return -1;
	*epoch = (long long)floor(t);
	return 0;
}

/* statement node types that are never replayed, with the reason */
static const struct {
	const char *node;
	const char *reason;
} denied[] = {
	{ "CreatedbStmt", "acts on databases (cluster-wide)" },
	{ "DropdbStmt", "acts on databases (cluster-wide)" },
	{ "AlterDatabaseStmt", "acts on databases (cluster-wide)" },
	{ "AlterDatabaseSetStmt", "acts on databases (cluster-wide)" },
	{ "AlterDatabaseRefreshCollStmt", "acts on databases (cluster-wide)" },
	{ "CreateRoleStmt", "acts on roles (cluster-wide)" },
	{ "AlterRoleStmt", "acts on roles (cluster-wide)" },
	{ "AlterRoleSetStmt", "acts on roles (cluster-wide)" },
	{ "DropRoleStmt", "acts on roles (cluster-wide)" },
	{ "GrantRoleStmt", "acts on roles (cluster-wide)" },
	{ "DropOwnedStmt", "acts on roles (cluster-wide)" },
	{ "ReassignOwnedStmt", "acts on roles (cluster-wide)" },
	{ "CreateTableSpaceStmt", "acts on tablespaces (cluster-wide)" },
	{ "DropTableSpaceStmt", "acts on tablespaces (cluster-wide)" },
	{ "AlterTableSpaceOptionsStmt", "acts on tablespaces (cluster-wide)" },
	{ "AlterTableMoveAllStmt", "acts on tablespaces (cluster-wide)" },
	{ "AlterSystemStmt", "ALTER SYSTEM changes the server configuration" },
	{ "CreateEventTrigStmt", "event triggers are not replayed (they would interfere with the capture)" },
	{ "AlterEventTrigStmt", "event triggers are not replayed (they would interfere with the capture)" },
	{ "CreateSubscriptionStmt", "subscriptions connect to other servers" },
	{ "AlterSubscriptionStmt", "subscriptions connect to other servers" },
	{ "DropSubscriptionStmt", "subscriptions connect to other servers" },
	{ "ImportForeignSchemaStmt", "IMPORT FOREIGN SCHEMA connects to other servers" },
	{ "CreateUserMappingStmt", "user mappings hold credentials of other servers" },
	{ "AlterUserMappingStmt", "user mappings hold credentials of other servers" },
	{ "CreatePLangStmt", "CREATE LANGUAGE can load server code" },
	{ "DoStmt", "DO blocks run arbitrary code" },
	{ "CopyStmt", "COPY reads or writes data and files" },
	{ "VariableSetStmt", "SET/RESET changes the replay session" },
	{ "TransactionStmt", "transaction control would break the replay's savepoints" },
	{ "LoadStmt", "LOAD loads server code" },
	{ "ReindexStmt", "maintenance, not a schema change" },
	{ "ClusterStmt", "maintenance, not a schema change" },
	{ "VacuumStmt", "maintenance, not a schema change" },
	{ "TruncateStmt", "data change, not a schema change" },
};

static const char *const ddl_prefixes[] = { "Create", "Alter", "Drop", NULL };
static const char *const ddl_nodes[] = { "IndexStmt", "ViewStmt", "CommentStmt", "RenameStmt", "GrantStmt",
					 "DefineStmt", "CompositeTypeStmt", "RuleStmt", "SecLabelStmt",
					 "RefreshMatViewStmt", NULL };

/* 1 if the subtree has a key "concurrent" set to true */
static int has_concurrent(json_t *node)
{
	if (json_is_object(node)) {
		const char *k;
		json_t *v;
		json_object_foreach(node, k, v) {
			if (!strcmp(k, "concurrent") && json_is_true(v))
				return 1;
			if (has_concurrent(v))
				return 1;
		}
	} else if (json_is_array(node)) {
		size_t i;
		json_t *v;
		json_array_foreach(node, i, v) {
			if (has_concurrent(v))
				return 1;
		}
	}
	return 0;
}

/* the LANGUAGE of a CreateFunctionStmt/DoStmt, NULL if not given */
static const char *function_language(json_t *stmt)
{
	json_t *opts = json_object_get(stmt, "options");
	size_t i;
	json_t *o;
	json_array_foreach(opts, i, o) {
		json_t *d = ddl_node(o, NULL);
		const char *name = ddl_str(d, "defname");
		if (name && !strcmp(name, "language"))
			return ddl_sval(json_object_get(d, "arg"));
	}
	return NULL;
}

/*
 * 1 if a string anywhere in the tree contains the helper schema's name, case
 * ignored. The text check alone misses what the parser decodes: U&"..." and
 * E'...' escapes spell the name without its letters appearing in the text.
 */
static int names_helper(json_t *node)
{
	if (json_is_string(node))
		return strcasestr(json_string_value(node), V1_HELPER_SCHEMA) != NULL;
	const char *k;
	json_t *v;
	size_t i;
	if (json_is_object(node)) {
		json_object_foreach(node, k, v) {
			if (names_helper(v))
				return 1;
		}
	} else if (json_is_array(node)) {
		json_array_foreach(node, i, v) {
			if (names_helper(v))
				return 1;
		}
	}
	return 0;
}

void v1_screen_statement(const char *sql, struct v1_screen *out)
{
	static const char helper_reason[] = "names the replay's own helper schema " V1_HELPER_SCHEMA;
	memset(out, 0, sizeof(*out));
	if (strcasestr(sql, V1_HELPER_SCHEMA)) {
		out->skip_reason = helper_reason;
		return;
	}
	struct ddl_parsed p;
	if (ddl_parse(sql, &p) < 0) {
		out->skip_reason = "does not parse (PostgreSQL 15 grammar)";
		out->parse_error = xstrdup(p.error ? p.error : "syntax error");
		ddl_parsed_release(&p);
		return;
	}
	if (names_helper(p.stmts)) {
		out->skip_reason = helper_reason;
		goto done;
	}
	size_t i;
	json_t *s;
	size_t nstmts = 0;
	json_array_foreach(p.stmts, i, s) {
		const char *type = NULL;
		json_t *stmt = ddl_node(json_object_get(s, "stmt"), &type);
		if (!stmt || !type)
			continue;
		nstmts++;
		if (!out->command)
			out->command = xstrdup(type);
		for (size_t d = 0; d < sizeof(denied) / sizeof(denied[0]); d++) {
			if (!strcmp(denied[d].node, type)) {
				out->skip_reason = denied[d].reason;
				goto done;
			}
		}
		if (!strcmp(type, "DropStmt") && ddl_str(stmt, "removeType") &&
		    !strcmp(ddl_str(stmt, "removeType"), "OBJECT_EVENT_TRIGGER")) {
			out->skip_reason = "event triggers are not replayed (they would interfere with the capture)";
			goto done;
		}
		if (!strcmp(type, "CreateFunctionStmt")) {
			const char *lang = function_language(stmt);
			size_t n = lang ? strlen(lang) : 0;
			if (lang && (!strcasecmp(lang, "c") || (n > 1 && (lang[n - 1] == 'u' || lang[n - 1] == 'U')))) {
				out->skip_reason = "functions in C or an untrusted language can run code on the server";
				goto done;
			}
		}
		int ddl = 0;
		for (const char *const *pre = ddl_prefixes; *pre; pre++)
			if (!strncmp(type, *pre, strlen(*pre)))
				ddl = 1;
		for (const char *const *n = ddl_nodes; *n; n++)
			if (!strcmp(type, *n))
				ddl = 1;
		if (!ddl) {
			out->skip_reason = "not a DDL statement";
			goto done;
		}
		if (has_concurrent(stmt))
			out->autocommit = 1;
	}
	if (nstmts == 0)
		out->skip_reason = "no statement (only comments or blanks)";
done:
	ddl_parsed_release(&p);
}

void v1_screen_release(struct v1_screen *s)
{
	free(s->parse_error);
	free(s->command);
	memset(s, 0, sizeof(*s));
}
