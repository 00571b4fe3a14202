/* v1_format.c - base64, commit text, identities and statement screening for the v1 replay; see v1_format.h. */
#include "v1_format.h"

#include <jansson.h>
#include <ctype.h>
#include <math.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <pg_query.h>

#include "ddl_tree.h"
#include "store.h"
#include "strbuf.h"
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

/* 1 if the subtree holds a function call (FuncCall node) */
static int has_func_call(json_t *node)
{
	const char *k;
	json_t *v;
	size_t i;
	if (json_is_object(node)) {
		json_object_foreach(node, k, v) {
			if (!strcmp(k, "FuncCall") || has_func_call(v))
				return 1;
		}
	} else if (json_is_array(node)) {
		json_array_foreach(node, i, v) {
			if (has_func_call(v))
				return 1;
		}
	}
	return 0;
}

/* 1 if a partition bound in the subtree calls a function (bounds are evaluated when the statement runs;
   "partbound" of CREATE TABLE and "bound" of ATTACH PARTITION are printed without their node type) */
static int bound_calls_function(json_t *node)
{
	const char *k;
	json_t *v;
	size_t i;
	if (json_is_object(node)) {
		json_object_foreach(node, k, v) {
			int bound = !strcmp(k, "PartitionBoundSpec") || !strcmp(k, "partbound") || !strcmp(k, "bound");
			if (bound ? has_func_call(v) : bound_calls_function(v))
				return 1;
		}
	} else if (json_is_array(node)) {
		json_array_foreach(node, i, v) {
			if (bound_calls_function(v))
				return 1;
		}
	}
	return 0;
}

/* The object holding skipData in a CreateTableAsStmt ("into") or RefreshMatViewStmt (itself). */
static json_t *skip_data_holder(json_t *stmt, const char *type)
{
	if (!strcmp(type, "CreateTableAsStmt"))
		return json_object_get(stmt, "into");
	return stmt;
}

/*
 * 1 if cand parses as one statement equal to orig (a {"Type": {...}} node
 * without locations) except that its skipData is set: the rewrite changed
 * nothing but WITH NO DATA.
 */
static int same_but_no_data(const char *cand, json_t *orig)
{
	struct ddl_parsed p;
	int same = 0;
	if (ddl_parse(cand, &p) == 0 && json_array_size(p.stmts) == 1) {
		const char *type = NULL, *otype = NULL;
		json_t *c = json_deep_copy(json_object_get(json_array_get(p.stmts, 0), "stmt"));
		json_t *cs = ddl_node(c, &type);
		ddl_node(orig, &otype);
		json_t *h = cs && type && otype && !strcmp(type, otype) ? skip_data_holder(cs, type) : NULL;
		if (h && json_is_true(json_object_get(h, "skipData"))) {
			json_object_del(h, "skipData");
			same = json_equal(c, orig);
		}
		json_decref(c);
	}
	ddl_parsed_release(&p);
	return same;
}

/* The last word "data" of s[0..n) (case ignored), or NULL. */
static const char *last_data_word(const char *s, size_t n)
{
	for (size_t i = n >= 4 ? n - 4 + 1 : 0; i-- > 0;) {
		if (strncasecmp(s + i, "data", 4) != 0)
			continue;
		int before = i == 0 || !(isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_' || s[i - 1] == '$');
		int after = i + 4 == n || !(isalnum((unsigned char)s[i + 4]) || s[i + 4] == '_' || s[i + 4] == '$');
		if (before && after)
			return s + i;
	}
	return NULL;
}

/*
 * The text of sql with every statement in which want[i] is set rewritten WITH
 * NO DATA, NULL if one of them cannot be. libpg_query cannot deparse its JSON,
 * so the text is edited (append the clause, or WITH DATA -> WITH NO DATA) and
 * each edit is accepted only if the result parses to the same statement with
 * skipData set. orig[i] are the statements without locations (ddl_parse).
 */
static char *rewrite_no_data(const char *sql, json_t *orig, const int *want)
{
	struct v1_part *parts;
	size_t n;
	if (v1_split_statements(sql, &parts, &n) < 0 || !n || n != json_array_size(orig)) {
		free(parts);
		return NULL;
	}
	struct strbuf out = STRBUF_INIT;
	size_t done = 0;
	for (size_t i = 0; i < n; i++) {
		if (!want[i])
			continue;
		size_t loc = parts[i].offset, slen = parts[i].len;
		if (loc < done)
			goto fail;
		json_t *o = json_object_get(json_array_get(orig, i), "stmt");
		char *text = xstrndup(sql + loc, slen);
		/* a newline first: the statement may end in a -- comment */
		char *cand = xasprintf("%s\nWITH NO DATA", text);
		if (!same_but_no_data(cand, o)) {
			free(cand);
			/* the word "data" may also be in a trailing comment or a name: each one from the
			 * end is tried until an edit parses as the statement WITH NO DATA */
			cand = NULL;
			size_t upto = slen;
			for (int tries = 0; !cand && tries < 256; tries++) {
				const char *d = last_data_word(text, upto);
				if (!d)
					break;
				cand = xasprintf("%.*sNO %s", (int)(d - text), text, d);
				if (!same_but_no_data(cand, o)) {
					free(cand);
					cand = NULL;
				}
				upto = (size_t)(d - text);
			}
		}
		free(text);
		if (!cand)
			goto fail;
		strbuf_add(&out, sql + done, loc - done);
		strbuf_addstr(&out, cand);
		free(cand);
		done = loc + slen;
	}
	strbuf_addstr(&out, sql + done);
	free(parts);
	return strbuf_detach(&out, NULL);
fail:
	strbuf_release(&out);
	free(parts);
	return NULL;
}

/*
 * What a statement of a multi-statement text is, when it is not DDL: 1 to cut
 * it out of the text run (it changes nothing in the schema), 2 to run it
 * (SET search_path: unqualified names after it depend on it), 3 for RESET ALL
 * (cut, but it also resets a search_path the text set), 0 otherwise.
 */
static int session_statement(const char *type, json_t *stmt)
{
	if (!strcmp(type, "TransactionStmt")) {
		const char *kind = ddl_str(stmt, "kind");
		return kind && (!strcmp(kind, "TRANS_STMT_BEGIN") || !strcmp(kind, "TRANS_STMT_START") ||
				!strcmp(kind, "TRANS_STMT_COMMIT")) && !ddl_bool(stmt, "chain");
	}
	if (!strcmp(type, "VariableSetStmt")) {
		static const char *const cut[] = { "statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout",
						   "client_min_messages", "check_function_bodies", NULL };
		const char *name = ddl_str(stmt, "name"), *kind = ddl_str(stmt, "kind");
		/* RESET ALL: run, it would reset the replay's own settings (lc_messages, whose English the stub
		   retries read; check_function_bodies; the time zone the capture renders with); what it resets of
		   the text's is only its search_path: the other settings it may have set are cut or skip it */
		if (kind && !strcmp(kind, "VAR_RESET_ALL"))
			return 3;
		if (!name || !kind || !(!strcmp(kind, "VAR_SET_VALUE") || !strcmp(kind, "VAR_SET_DEFAULT") ||
					!strcmp(kind, "VAR_RESET")))
			return 0;
		if (!strcasecmp(name, "search_path"))
			return 2;
		for (const char *const *c = cut; *c; c++)
			if (!strcasecmp(name, *c))
				return 1;
		/* the role the statements after it run as (SET [LOCAL] ROLE, SET SESSION AUTHORIZATION, pg_dump's
		   and migration tools' way of owning what they create), at any value, RESET and NONE included: it
		   decides owners and privilege checks, and no definition the store holds shows an owner or a grant
		   (a role named in the DDL itself is replaced when the replay server lacks it); production passed
		   the checks, or there would be no row. Run, a role the replay server lacks failed the text, and one
		   it has would run the rest without the superuser's rights the capture needs */
		if (!strcasecmp(name, "role") || !strcasecmp(name, "session_authorization"))
			return 1;
		/* pg_dump's prelude, common at the head of migration files: settings that do not change what the
		   DDL after them makes in the replay, at any value (client_encoding: a query string is converted
		   whole when it arrives, so a SET inside it changes nothing of its own text; tablespaces are neither
		   replayed nor rendered; row_security and the warning act on queries, which never run) or at the
		   value the replay runs with (the others) */
		static const struct {
			const char *name, *value; /* value NULL: any */
		} harmless[] = { { "client_encoding", NULL }, { "row_security", NULL }, { "default_tablespace", NULL },
				 { "escape_string_warning", NULL }, { "standard_conforming_strings", "on" },
				 { "xmloption", "content" }, { "default_table_access_method", "heap" },
				 { "default_with_oids", "false" } };
		for (size_t h = 0; h < sizeof(harmless) / sizeof(harmless[0]); h++) {
			if (strcasecmp(name, harmless[h].name))
				continue;
			if (!harmless[h].value || strcmp(kind, "VAR_SET_VALUE"))
				return 1;
			json_t *args = json_object_get(stmt, "args");
			const char *v = json_array_size(args) == 1
				? ddl_str(json_object_get(json_object_get(json_array_get(args, 0), "A_Const"), "sval"), "sval")
				: NULL;
			return v && !strcasecmp(v, harmless[h].value);
		}
	}
	return 0;
}

/* sql without the statements marked in cut[] (their text removed, their ';' kept; cut 2: RESET search_path in
   their place); NULL if not parsable */
static char *cut_statements(const char *sql, const int *cut, size_t n)
{
	struct v1_part *parts;
	size_t np;
	if (v1_split_statements(sql, &parts, &np) < 0 || !np || np != n) {
		free(parts);
		return NULL;
	}
	struct strbuf out = STRBUF_INIT;
	size_t done = 0;
	for (size_t i = 0; i < n; i++) {
		if (!cut[i])
			continue;
		if (parts[i].offset < done) {
			strbuf_release(&out);
			free(parts);
			return NULL;
		}
		strbuf_add(&out, sql + done, parts[i].offset - done);
		/* a space keeps apart the words on either side */
		strbuf_addstr(&out, cut[i] == 2 ? " RESET search_path" : " ");
		done = parts[i].offset + parts[i].len;
	}
	strbuf_addstr(&out, sql + done);
	free(parts);
	return strbuf_detach(&out, NULL);
}

/* Why a statement (not a cut session statement) may not be replayed, or NULL if it may. */
static const char *statement_refusal(const char *type, json_t *stmt)
{
	for (size_t d = 0; d < sizeof(denied) / sizeof(denied[0]); d++)
		if (!strcmp(denied[d].node, type))
			return denied[d].reason;
	if (!strcmp(type, "DropStmt") && ddl_str(stmt, "removeType") &&
	    !strcmp(ddl_str(stmt, "removeType"), "OBJECT_EVENT_TRIGGER"))
		return "event triggers are not replayed (they would interfere with the capture)";
	if (!strcmp(type, "CreateFunctionStmt")) {
		const char *lang = function_language(stmt);
		size_t n = lang ? strlen(lang) : 0;
		if (lang && (!strcasecmp(lang, "c") || !strcasecmp(lang, "internal") ||
			     (n > 1 && (lang[n - 1] == 'u' || lang[n - 1] == 'U'))))
			return "functions in C, internal or an untrusted language can run code on the server";
	}
	int ddl = 0;
	for (const char *const *pre = ddl_prefixes; *pre; pre++)
		if (!strncmp(type, *pre, strlen(*pre)))
			ddl = 1;
	for (const char *const *n = ddl_nodes; *n; n++)
		if (!strcmp(type, *n))
			ddl = 1;
	if (!ddl)
		return "not a DDL statement";
	if (bound_calls_function(stmt))
		return "a partition bound calls a function (evaluated as a superuser when the statement runs)";
	if (!strcmp(type, "RefreshMatViewStmt") && ddl_bool(stmt, "concurrent"))
		return "REFRESH MATERIALIZED VIEW CONCURRENTLY evaluates the view's query (data, not schema; the query would "
		       "run as a superuser)";
	return NULL;
}

/* The text of statement i of sql (ddl_parse() strips the locations: the text is split again, once, into *parts;
   its location includes the blanks after the ';' before it, left out) */
static char *statement_text(const char *sql, size_t i, struct v1_part **parts, size_t *nparts)
{
	if (!*parts && v1_split_statements(sql, parts, nparts) < 0)
		*nparts = 0;
	if (i >= *nparts)
		return xstrdup(sql);
	size_t loc = (*parts)[i].offset, slen = (*parts)[i].len;
	while (slen && strchr(" \t\r\n\f\v", sql[loc])) {
		loc++;
		slen--;
	}
	return xstrndup(sql + loc, slen);
}

static void skipped_release(struct v1_screen *s)
{
	for (size_t i = 0; i < s->nskipped; i++)
		free(s->skipped[i].text);
	free(s->skipped);
	s->skipped = NULL;
	s->nskipped = 0;
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
	size_t nwant = 0;
	int *want = NULL; /* per statement: to be rewritten WITH NO DATA */
	int *cut = NULL;  /* per statement: cut out of the text that runs (2: RESET search_path in its place) */
	struct v1_part *parts = NULL; /* the statements' places, when one is left out */
	size_t nparts = 0;
	if (names_helper(p.stmts)) {
		out->skip_reason = helper_reason;
		goto done;
	}
	size_t i;
	json_t *s;
	size_t nstmts = 0, ncut = 0;
	cut = xcalloc(json_array_size(p.stmts) + 1, sizeof(*cut));
	json_array_foreach(p.stmts, i, s) {
		const char *type = NULL;
		json_t *stmt = ddl_node(json_object_get(s, "stmt"), &type);
		if (!stmt || !type)
			continue;
		int session = session_statement(type, stmt);
		if (session == 1) {
			cut[i] = 1;
			ncut++;
			continue;
		}
		if (session == 2) {
			out->sets_search_path = 1;
			continue;
		}
		if (session == 3) {
			/* after the text's own SET search_path, RESET ALL resets it as RESET search_path does */
			cut[i] = out->sets_search_path ? 2 : 1;
			ncut++;
			continue;
		}
		const char *deny = statement_refusal(type, stmt);
		if (deny) {
			/* a transaction statement or a SET that cannot be cut changes what the statements after it
			   mean (ROLLBACK, SET ROLE, standard_conforming_strings): the text is not run at all */
			if (!strcmp(type, "TransactionStmt") || !strcmp(type, "VariableSetStmt")) {
				out->skip_reason = deny;
				goto done;
			}
			/* any other is left out on its own, so the DDL beside it is not lost with it */
			out->skipped = xrealloc(out->skipped, (out->nskipped + 1) * sizeof(*out->skipped));
			out->skipped[out->nskipped].text = statement_text(sql, i, &parts, &nparts);
			out->skipped[out->nskipped++].reason = deny;
			cut[i] = 1;
			ncut++;
			continue;
		}
		nstmts++;
		if (!out->command)
			out->command = xstrdup(type);
		if (!strcmp(type, "CreateExtensionStmt") || !strcmp(type, "AlterExtensionStmt")) {
			const char *ext = ddl_str(stmt, "extname");
			out->extensions = xrealloc(out->extensions, (out->nextensions + 1) * sizeof(*out->extensions));
			out->extensions[out->nextensions++] = xstrdup(ext ? ext : "");
		}
		if (!strcmp(type, "AlterEnumStmt") && ddl_str(stmt, "newVal") && !ddl_str(stmt, "oldVal"))
			out->ends_batch = 1;
		if (!strcmp(type, "CreateTableAsStmt") || !strcmp(type, "RefreshMatViewStmt")) {
			json_t *h = skip_data_holder(stmt, type);
			if (ddl_bool(h, "skipData")) {
				if (!strcmp(type, "RefreshMatViewStmt") || !strcmp(ddl_str(stmt, "objtype") ? ddl_str(stmt, "objtype") : "", "OBJECT_MATVIEW"))
					out->explicit_no_data = 1;
			} else {
				want = xrealloc(want, json_array_size(p.stmts) * sizeof(*want));
				if (!nwant)
					memset(want, 0, json_array_size(p.stmts) * sizeof(*want));
				want[i] = 1;
				nwant++;
			}
		}
		if (has_concurrent(stmt))
			out->autocommit = 1;
	}
	if (nstmts == 0) {
		out->skip_reason = out->nskipped ? out->skipped[0].reason
			: ncut || out->sets_search_path ? "no DDL statement (only transaction control or session settings)"
							: "no statement (only comments or blanks)";
		skipped_release(out);
	}
	if (ncut && !out->skip_reason) {
		/* screened again without them: the rewrite below works on the text that runs */
		char *stripped = cut_statements(sql, cut, json_array_size(p.stmts));
		struct v1_skipped_part *skipped = out->skipped;
		size_t nskipped = out->nskipped;
		out->skipped = NULL;
		out->nskipped = 0;
		free(parts);
		free(want);
		free(cut);
		ddl_parsed_release(&p);
		v1_screen_release(out);
		if (!stripped) {
			out->skipped = skipped;
			out->nskipped = nskipped;
			skipped_release(out);
			out->skip_reason = "transaction control or session settings that could not be cut out of the text";
			return;
		}
		v1_screen_statement(stripped, out);
		if (out->skip_reason) {
			out->skipped = skipped;
			out->nskipped = nskipped;
			skipped_release(out);
		} else {
			out->skipped = skipped;
			out->nskipped = nskipped;
		}
		if (!out->run_sql && !out->skip_reason)
			out->run_sql = stripped;
		else
			free(stripped);
		out->stripped = 1;
		return;
	}
	if (nwant && !out->skip_reason) {
		/* the scratch database holds no data, but the query would run as a superuser: it may call anything */
		out->run_sql = rewrite_no_data(sql, p.stmts, want);
		if (out->run_sql)
			out->no_data = 1;
		else
			out->skip_reason = "CREATE TABLE AS / MATERIALIZED VIEW / REFRESH whose query could not be made WITH NO "
					   "DATA (its query would run as a superuser)";
	}
done:
	free(parts);
	free(want);
	free(cut);
	ddl_parsed_release(&p);
}

int v1_statements_init(struct v1_statements *it, const char *sql)
{
	memset(it, 0, sizeof(*it));
	if (ddl_parse(sql, &it->parsed) < 0) {
		it->error = it->parsed.error;
		return -1;
	}
	it->count = json_array_size(it->parsed.stmts);
	return 0;
}

int v1_statements_next(struct v1_statements *it)
{
	while (it->next < it->count) {
		size_t i = it->next++;
		const char *type = NULL;
		json_t *stmt = ddl_node(json_object_get(json_array_get(it->parsed.stmts, i), "stmt"), &type);
		if (stmt && type) {
			it->type = type;
			it->stmt = stmt;
			it->index = i;
			return 1;
		}
	}
	it->type = NULL;
	it->stmt = NULL;
	return 0;
}

void v1_statements_release(struct v1_statements *it)
{
	ddl_parsed_release(&it->parsed);
	memset(it, 0, sizeof(*it));
}

int v1_split_statements(const char *sql, struct v1_part **parts, size_t *nparts)
{
	*parts = NULL;
	*nparts = 0;
	PgQueryParseResult r = pg_query_parse(sql);
	json_t *root = r.error ? NULL : json_loads(r.parse_tree, JSON_DECODE_ANY, NULL);
	int failed = r.error != NULL;
	pg_query_free_parse_result(r);
	json_t *stmts = json_object_get(root, "stmts");
	if (failed || !root) {
		json_decref(root);
		return -1;
	}
	if (!json_is_array(stmts)) { /* only comments or blanks */
		json_decref(root);
		return 0;
	}
	size_t len = strlen(sql), i;
	json_t *s;
	*parts = xcalloc(json_array_size(stmts) + 1, sizeof(**parts));
	json_array_foreach(stmts, i, s) {
		/* the JSON leaves out a location or length of 0 (the first statement; the last one without ';') */
		size_t loc = (size_t)json_integer_value(json_object_get(s, "stmt_location"));
		size_t slen = (size_t)json_integer_value(json_object_get(s, "stmt_len"));
		if (loc > len || slen > len - loc) {
			free(*parts);
			*parts = NULL;
			json_decref(root);
			return -1;
		}
		const char *type = NULL;
		json_t *node = ddl_node(json_object_get(s, "stmt"), &type);
		(*parts)[i].offset = loc;
		(*parts)[i].len = slen ? slen : len - loc;
		(*parts)[i].session = type && !strcmp(type, "VariableSetStmt");
		(*parts)[i].adds_enum_value = type && !strcmp(type, "AlterEnumStmt") && ddl_str(node, "newVal") &&
					      !ddl_str(node, "oldVal");
	}
	*nparts = json_array_size(stmts);
	json_decref(root);
	return 0;
}

int v1_one_command(const char *sql)
{
	struct v1_part *parts = NULL;
	size_t n = 0, commands = 0;
	if (v1_split_statements(sql, &parts, &n) < 0)
		return 1;
	for (size_t i = 0; i < n; i++)
		commands += !parts[i].session;
	free(parts);
	return commands <= 1;
}

/*
 * 1 when a name node of a statement's target names no schema: a RangeVar without schemaname, or a
 * list of 1 to max_parts Strings (a trigger's, rule's or policy's name follows its table's: 2), the
 * names of a TypeName, the objname of an ObjectWithArgs; 0 for anything else (a bare String is a
 * schema's or an extension's name, never in two schemas).
 */
static int unqualified_name(json_t *node, size_t max_parts)
{
	const char *t = NULL;
	json_t *inner = ddl_node(node, &t);
	if (inner && t && (!strcmp(t, "RangeVar") || !strcmp(t, "TypeName") || !strcmp(t, "ObjectWithArgs")))
		node = inner;
	json_t *items = NULL;
	if (json_is_object(node) && ddl_str(node, "relname"))
		return !ddl_str(node, "schemaname");
	else if (json_is_object(node) && json_object_get(node, "names"))
		items = ddl_list_items(json_object_get(node, "names"));
	else if (json_is_object(node) && json_object_get(node, "objname"))
		items = ddl_list_items(json_object_get(node, "objname"));
	else
		items = ddl_list_items(node);
	size_t n = json_array_size(items), i;
	json_t *it;
	if (!items || n < 1 || n > max_parts)
		return 0;
	json_array_foreach(items, i, it) {
		if (!ddl_sval(it))
			return 0;
	}
	return 1;
}

/* How many name parts the object of an OBJECT_* type is named by when unqualified: a trigger, rule, policy,
   column or table constraint is named after its table (2), anything else by its own name (1). */
static size_t name_parts(const char *objtype)
{
	static const char *const on_table[] = { "OBJECT_TRIGGER", "OBJECT_RULE", "OBJECT_POLICY", "OBJECT_COLUMN",
						"OBJECT_TABCONSTRAINT" };
	for (size_t k = 0; objtype && k < sizeof(on_table) / sizeof(on_table[0]); k++)
		if (!strcmp(objtype, on_table[k]))
			return 2;
	return 1;
}

/* 1 when the statement (node type, fields) names what it alters or drops without a schema; see v1_one_unqualified_command */
static int target_unqualified(const char *type, json_t *stmt)
{
	if (!strcmp(type, "AlterTableStmt"))
		return unqualified_name(json_object_get(stmt, "relation"), 1);
	if (!strcmp(type, "AlterSeqStmt"))
		return unqualified_name(json_object_get(stmt, "sequence"), 1);
	if (!strcmp(type, "AlterEnumStmt") || !strcmp(type, "AlterDomainStmt") || !strcmp(type, "AlterTypeStmt"))
		return unqualified_name(json_object_get(stmt, "typeName"), 1);
	if (!strcmp(type, "AlterFunctionStmt"))
		return unqualified_name(json_object_get(stmt, "func"), 1);
	if (!strcmp(type, "RenameStmt") || !strcmp(type, "AlterObjectSchemaStmt") || !strcmp(type, "AlterOwnerStmt") ||
	    !strcmp(type, "CommentStmt")) {
		if (json_object_get(stmt, "relation"))
			return unqualified_name(json_object_get(stmt, "relation"), 1);
		/* the field naming the object's type differs by statement */
		const char *field = "objectType";
		if (!strcmp(type, "RenameStmt"))
			field = "renameType";
		else if (!strcmp(type, "CommentStmt"))
			field = "objtype";
		const char *objtype = ddl_str(stmt, field);
		return unqualified_name(json_object_get(stmt, "object"), name_parts(objtype));
	}
	if (!strcmp(type, "DropStmt")) {
		json_t *objects = ddl_list_items(json_object_get(stmt, "objects"));
		size_t parts = name_parts(ddl_str(stmt, "removeType")), i;
		json_t *o;
		if (!json_array_size(objects))
			return 0;
		json_array_foreach(objects, i, o) {
			if (!unqualified_name(o, parts))
				return 0;
		}
		return 1;
	}
	return 0;
}

int v1_one_unqualified_command(const char *sql)
{
	struct v1_statements it;
	int commands = 0, unqualified = 0;
	v1_statements_init(&it, sql); /* a text that does not parse has no statement: 0 */
	while (v1_statements_next(&it)) {
		if (!strcmp(it.type, "VariableSetStmt"))
			continue;
		commands++;
		unqualified = target_unqualified(it.type, it.stmt);
	}
	v1_statements_release(&it);
	return commands == 1 && unqualified;
}

char *v1_cut_extensions(const char *sql, char *const *names, size_t n, const char *reason,
			struct v1_skipped_part **skipped, size_t *nskipped)
{
	struct v1_statements it;
	if (v1_statements_init(&it, sql) < 0) {
		v1_statements_release(&it);
		return NULL;
	}
	size_t nst = it.count, ncut = 0, nparts = 0, i;
	struct v1_part *parts = NULL;
	int *cut = xcalloc(nst + 1, sizeof(*cut));
	while (v1_statements_next(&it)) {
		if (strcmp(it.type, "CreateExtensionStmt") && strcmp(it.type, "AlterExtensionStmt"))
			continue;
		const char *ext = ddl_str(it.stmt, "extname");
		for (size_t k = 0; ext && k < n && !cut[it.index]; k++)
			if (!strcmp(names[k], ext)) {
				cut[it.index] = 1;
				ncut++;
			}
	}
	char *out = ncut ? cut_statements(sql, cut, nst) : NULL;
	for (i = 0; out && i < nst; i++)
		if (cut[i]) {
			*skipped = xrealloc(*skipped, (*nskipped + 1) * sizeof(**skipped));
			(*skipped)[*nskipped].text = statement_text(sql, i, &parts, &nparts);
			(*skipped)[(*nskipped)++].reason = reason;
		}
	free(parts);
	free(cut);
	v1_statements_release(&it);
	return out;
}

void v1_screen_release(struct v1_screen *s)
{
	skipped_release(s);
	free(s->parse_error);
	free(s->command);
	free(s->run_sql);
	for (size_t i = 0; i < s->nextensions; i++)
		free(s->extensions[i]);
	free(s->extensions);
	memset(s, 0, sizeof(*s));
}

void v1_schema_events(const char *sql, void (*cb)(void *arg, int created, const char *schema), void *arg)
{
	struct v1_statements it;
	v1_statements_init(&it, sql); /* a text that does not parse has no statement */
	while (v1_statements_next(&it)) {
		json_t *stmt = it.stmt;
		const char *type = it.type, *rt = ddl_str(stmt, "renameType"), *dt = ddl_str(stmt, "removeType");
		json_t *auth = json_object_get(stmt, "authrole"); /* a RoleSpec, its fields inline */
		if (!strcmp(type, "CreateSchemaStmt") && ddl_str(stmt, "schemaname")) {
			cb(arg, 1, ddl_str(stmt, "schemaname"));
		} else if (!strcmp(type, "CreateSchemaStmt") && ddl_str(auth, "rolename") && ddl_str(auth, "roletype") &&
			   !strcmp(ddl_str(auth, "roletype"), "ROLESPEC_CSTRING")) {
			/* CREATE SCHEMA AUTHORIZATION r creates the schema r */
			cb(arg, 1, ddl_str(auth, "rolename"));
		} else if (!strcmp(type, "RenameStmt") && rt && !strcmp(rt, "OBJECT_SCHEMA") && ddl_str(stmt, "subname") &&
			   ddl_str(stmt, "newname")) {
			cb(arg, 0, ddl_str(stmt, "subname"));
			cb(arg, 1, ddl_str(stmt, "newname"));
		} else if (!strcmp(type, "DropStmt") && dt && !strcmp(dt, "OBJECT_SCHEMA")) {
			size_t j;
			json_t *o;
			json_array_foreach(ddl_list_items(json_object_get(stmt, "objects")), j, o) {
				const char *name = ddl_sval(o);
				if (name)
					cb(arg, 0, name);
			}
		}
	}
	v1_statements_release(&it);
}

/* The keyword of ALTER <kind> for the object types whose renames v1_rename_events reports. */
static const char *rename_kind(const char *objtype)
{
	static const char *const map[][2] = { { "OBJECT_TABLE", "TABLE" },
					      { "OBJECT_VIEW", "VIEW" },
					      { "OBJECT_MATVIEW", "MATERIALIZED VIEW" },
					      { "OBJECT_INDEX", "INDEX" },
					      { "OBJECT_SEQUENCE", "SEQUENCE" },
					      { "OBJECT_FOREIGN_TABLE", "FOREIGN TABLE" },
					      { "OBJECT_TYPE", "TYPE" },
					      { "OBJECT_DOMAIN", "DOMAIN" } };
	for (size_t i = 0; objtype && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], objtype))
			return map[i][1];
	return NULL;
}

/* The schema and name of a renamed or moved object: a RangeVar (relations) or a name list (types). */
static int rename_subject(json_t *stmt, const char **schema, const char **name)
{
	json_t *rv = json_object_get(stmt, "relation");
	if (rv && json_is_object(rv)) {
		*schema = ddl_str(rv, "schemaname");
		*name = ddl_str(rv, "relname");
		return *name != NULL;
	}
	json_t *items = ddl_list_items(json_object_get(stmt, "object"));
	size_t n = json_array_size(items);
	if (n < 1 || n > 2)
		return 0;
	*schema = n == 2 ? ddl_sval(json_array_get(items, 0)) : NULL;
	*name = ddl_sval(json_array_get(items, n - 1));
	return *name != NULL;
}

/*
 * Walk the statements of sql that rename (RenameStmt) or move (AlterObjectSchemaStmt) an
 * object: fn gets each one with its object type (renameType / objectType) and r holding the
 * new name or new schema; the rest of r is for fn to fill. A text that does not parse has none.
 */
struct rename_walk {
	void (*cb)(void *arg, const struct v1_rename *r);
	void *arg;
};

/*
 * The schemas of SET search_path's value that an unqualified name can be looked up or created in, in
 * order, into *path ("$user" kept as written, for the caller to put the row's role in its place; not
 * pg_catalog or pg_temp); none for RESET, DEFAULT. The strings live in the parse tree.
 */
static void search_path_list(json_t *stmt, const char ***path, size_t *npath, size_t *cap)
{
	*npath = 0;
	const char *kind = ddl_str(stmt, "kind");
	if (!kind || strcmp(kind, "VAR_SET_VALUE"))
		return;
	json_t *args = ddl_list_items(json_object_get(stmt, "args"));
	size_t i;
	json_t *a;
	json_array_foreach(args, i, a) {
		/* each value is one schema name as written (PostgreSQL quotes it into the list), 'a, b' included */
		const char *t = NULL;
		json_t *c = ddl_node(a, &t);
		const char *v = c && t && !strcmp(t, "A_Const") ? ddl_str(json_object_get(c, "sval"), "sval") : NULL;
		if (v && *v && strcmp(v, "pg_catalog") && strncmp(v, "pg_temp", 7)) {
			ALLOC_GROW(*path, *npath + 1, *cap, 4);
			(*path)[(*npath)++] = v;
		}
	}
}

static void each_rename_stmt(const char *sql, void (*fn)(json_t *stmt, const char *objtype, struct v1_rename *r,
							  const struct rename_walk *w),
			     const struct rename_walk *w)
{
	struct v1_statements it;
	v1_statements_init(&it, sql); /* a text that does not parse has no statement */
	const char **path = NULL;     /* the search_path the text set before the statement */
	size_t npath = 0, path_cap = 0;
	while (v1_statements_next(&it)) {
		json_t *stmt = it.stmt;
		const char *type = it.type;
		if (!strcmp(type, "VariableSetStmt") && ddl_str(stmt, "name") &&
		    !strcasecmp(ddl_str(stmt, "name"), "search_path")) {
			search_path_list(stmt, &path, &npath, &path_cap);
			continue;
		}
		struct v1_rename r = { 0 };
		r.path = npath ? path : NULL;
		r.npath = npath;
		const char *objtype;
		if (!strcmp(type, "RenameStmt")) {
			objtype = ddl_str(stmt, "renameType");
			r.new_name = ddl_str(stmt, "newname");
		} else if (!strcmp(type, "AlterObjectSchemaStmt")) {
			objtype = ddl_str(stmt, "objectType");
			r.new_schema = ddl_str(stmt, "newschema");
		} else {
			continue;
		}
		if (objtype && (r.new_name || r.new_schema))
			fn(stmt, objtype, &r, w);
	}
	free(path);
	v1_statements_release(&it);
}

static void relation_rename(json_t *stmt, const char *objtype, struct v1_rename *r, const struct rename_walk *w)
{
	r->kind = rename_kind(objtype);
	if (r->kind && rename_subject(stmt, &r->old_schema, &r->old_name))
		w->cb(w->arg, r);
}

void v1_rename_events(const char *sql, void (*cb)(void *arg, const struct v1_rename *r), void *arg)
{
	const struct rename_walk w = { cb, arg };
	each_rename_stmt(sql, relation_rename, &w);
}

/*
 * "(type, ...)" of an ObjectWithArgs's input argument types, every name part quoted (a type
 * written unquoted arrives folded, as PostgreSQL resolves it; typmods do not matter in a
 * signature); 0 when a type cannot be spelled back (%TYPE).
 */
static int routine_signature(json_t *owa, struct strbuf *b)
{
	strbuf_addch(b, '(');
	json_t *args = ddl_list_items(json_object_get(owa, "objargs"));
	size_t i;
	json_t *a;
	json_array_foreach(args, i, a) {
		const char *t = NULL;
		json_t *tn = ddl_node(a, &t);
		if (!tn || !t || strcmp(t, "TypeName") || ddl_bool(tn, "pct_type") || ddl_bool(tn, "setof"))
			return 0;
		json_t *names = ddl_list_items(json_object_get(tn, "names"));
		if (!json_array_size(names))
			return 0;
		if (i)
			strbuf_addstr(b, ", ");
		size_t j;
		json_t *nm;
		json_array_foreach(names, j, nm) {
			const char *sv = ddl_sval(nm);
			if (!sv)
				return 0;
			if (j)
				strbuf_addch(b, '.');
			strbuf_add_sql_ident(b, sv);
		}
		for (size_t k = json_array_size(ddl_list_items(json_object_get(tn, "arrayBounds"))); k > 0; k--)
			strbuf_addstr(b, "[]");
	}
	strbuf_addch(b, ')');
	return 1;
}

static void routine_rename(json_t *stmt, const char *objtype, struct v1_rename *r, const struct rename_walk *w)
{
	static const char *const kinds[][2] = { { "OBJECT_FUNCTION", "FUNCTION" },
						{ "OBJECT_PROCEDURE", "PROCEDURE" },
						{ "OBJECT_ROUTINE", "ROUTINE" } };
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		if (!strcmp(kinds[k][0], objtype))
			r->kind = kinds[k][1];
	const char *t = NULL;
	json_t *owa = ddl_node(json_object_get(stmt, "object"), &t);
	if (!r->kind || !owa || !t || strcmp(t, "ObjectWithArgs"))
		return;
	json_t *names = ddl_list_items(json_object_get(owa, "objname"));
	size_t n = json_array_size(names);
	if (n < 1 || n > 2)
		return;
	r->old_schema = n == 2 ? ddl_sval(json_array_get(names, 0)) : NULL;
	r->old_name = ddl_sval(json_array_get(names, n - 1));
	if (!r->old_name)
		return;
	struct strbuf sig = STRBUF_INIT;
	int ok = ddl_bool(owa, "args_unspecified") || routine_signature(owa, &sig);
	r->args = sig.len ? sig.buf : NULL;
	if (ok)
		w->cb(w->arg, r);
	strbuf_release(&sig);
}

void v1_routine_rename_events(const char *sql, void (*cb)(void *arg, const struct v1_rename *r), void *arg)
{
	const struct rename_walk w = { cb, arg };
	each_rename_stmt(sql, routine_rename, &w);
}

char *v1_routine_created(const char *sql, char **schema)
{
	*schema = NULL;
	struct v1_statements it;
	char *name = NULL;
	v1_statements_init(&it, sql); /* a text that does not parse has no statement */
	while (v1_statements_next(&it)) {
		if (strcmp(it.type, "CreateFunctionStmt"))
			continue;
		json_t *names = ddl_list_items(json_object_get(it.stmt, "funcname"));
		size_t n = json_array_size(names);
		const char *nm = n ? ddl_sval(json_array_get(names, n - 1)) : NULL;
		const char *sc = n >= 2 ? ddl_sval(json_array_get(names, n - 2)) : NULL;
		if (nm) {
			name = xstrdup(nm);
			*schema = sc ? xstrdup(sc) : NULL;
		}
		break;
	}
	v1_statements_release(&it);
	return name;
}

int v1_creates_only_by_replace(const char *sql)
{
	static const char *const replacing[] = { "CreateFunctionStmt", "ViewStmt", "CreateTrigStmt", "RuleStmt" };
	static const char *const inert[] = { "VariableSetStmt", "TransactionStmt", "CommentStmt", "GrantStmt",
					     "AlterOwnerStmt" };
	struct ddl_parsed p;
	int replaces = 0, other = 0;
	if (ddl_parse(sql, &p) == 0) {
		size_t i;
		json_t *s;
		json_array_foreach(p.stmts, i, s) {
			const char *type = NULL;
			json_t *stmt = ddl_node(json_object_get(s, "stmt"), &type);
			int known = 0;
			for (size_t k = 0; stmt && type && k < sizeof(replacing) / sizeof(replacing[0]); k++)
				if (!strcmp(type, replacing[k])) {
					known = 1;
					if (ddl_bool(stmt, "replace"))
						replaces++;
					else
						other++;
				}
			for (size_t k = 0; !known && stmt && type && k < sizeof(inert) / sizeof(inert[0]); k++)
				known = !strcmp(type, inert[k]);
			if (!known)
				other++;
		}
	} else {
		other++;
	}
	ddl_parsed_release(&p);
	return replaces > 0 && !other;
}

/* value as a string constant (standard_conforming_strings on, as the replay runs) */
static void add_literal(struct strbuf *out, const char *value)
{
	strbuf_addch(out, '\'');
	for (const char *c = value; *c; c++) {
		if (*c == '\'')
			strbuf_addch(out, '\'');
		strbuf_addch(out, *c);
	}
	strbuf_addch(out, '\'');
}

/*
 * The statement that replaces a SET/RESET search_path of a history text (stmt: its VariableSetStmt),
 * NULL to keep it as written: see v1_pin_search_path().
 */
static char *pinned_search_path(json_t *stmt, const char *start, const char *user)
{
	const char *kind = ddl_str(stmt, "kind");
	const char *local = ddl_bool(stmt, "is_local") ? "LOCAL " : "";
	if (kind && (!strcmp(kind, "VAR_RESET") || !strcmp(kind, "VAR_SET_DEFAULT")))
		/* start is a list as current_setting() writes it, each name quoted where needed; empty, it is '' */
		return *start ? xasprintf("SET %ssearch_path = %s", local, start) : xasprintf("SET %ssearch_path = ''", local);
	if (!kind || strcmp(kind, "VAR_SET_VALUE"))
		return NULL;
	json_t *args = ddl_list_items(json_object_get(stmt, "args"));
	size_t i;
	json_t *a;
	int has_user = 0;
	json_array_foreach(args, i, a) {
		const char *t = NULL;
		json_t *c = ddl_node(a, &t);
		const char *v = c && t && !strcmp(t, "A_Const") ? ddl_str(json_object_get(c, "sval"), "sval") : NULL;
		if (!v)
			return NULL; /* not a list of names: left to PostgreSQL as written */
		has_user |= !strcmp(v, "$user");
	}
	if (!has_user)
		return NULL;
	/* each name as a string constant: PostgreSQL quotes a value of the list as an identifier, so 'Ab' is
	   the schema "Ab", as the name was decoded from the text */
	struct strbuf out = STRBUF_INIT;
	strbuf_addf(&out, "SET %ssearch_path = ", local);
	int n = 0;
	json_array_foreach(args, i, a) {
		const char *v = ddl_str(json_object_get(ddl_node(a, NULL), "sval"), "sval");
		if (!strcmp(v, "$user")) {
			if (!user)
				continue;
			v = user;
		}
		if (n++)
			strbuf_addstr(&out, ", ");
		add_literal(&out, v);
	}
	if (!n)
		strbuf_addstr(&out, "''");
	return strbuf_detach(&out, NULL);
}

char *v1_pin_search_path(const char *sql, const char *start, const char *user)
{
	struct v1_statements it;
	struct v1_part *parts = NULL;
	size_t nparts = 0;
	struct strbuf out = STRBUF_INIT;
	size_t done = 0;
	int changed = 0;
	if (user && !*user)
		user = NULL;
	if (v1_statements_init(&it, sql) == 0 && v1_split_statements(sql, &parts, &nparts) == 0 && nparts == it.count) {
		while (v1_statements_next(&it)) {
			const char *name = ddl_str(it.stmt, "name");
			if (strcmp(it.type, "VariableSetStmt") || !name || strcasecmp(name, "search_path"))
				continue;
			char *with = pinned_search_path(it.stmt, start, user);
			if (!with)
				continue;
			/* the part's text starts with the blanks after the ';' before it: they stay */
			size_t off = parts[it.index].offset, len = parts[it.index].len;
			while (len && strchr(" \t\r\n\f\v", sql[off])) {
				off++;
				len--;
			}
			strbuf_add(&out, sql + done, off - done);
			strbuf_addstr(&out, with);
			done = off + len;
			changed = 1;
			free(with);
		}
	}
	v1_statements_release(&it);
	free(parts);
	if (!changed) {
		strbuf_release(&out);
		return NULL;
	}
	strbuf_addstr(&out, sql + done);
	return strbuf_detach(&out, NULL);
}
