/*
 * ddl_classify.c - ddl_classify(): identity of the object a blob of DDL
 * defines, taken from PostgreSQL's own parse tree (libpg_query); and
 * ddl_semantic_hash(), the formatting-insensitive fingerprint of a blob (the
 * blob in the comparison's forms, ddl_hash_form()). The identity rules live in
 * ddl_tree.c, the comparison (and those forms) in ddl_compare.c.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* dladdr */
#endif
#include <dlfcn.h>
#include <pthread.h>
#include <string.h>
#include <stdlib.h>

#include <pg_query.h>

#include "ddl_classify.h"
#include "classifier_rules.h"
#include "json_arena.h"
#include "ddl_tree.h"
#include "hash.h"
#include "strbuf.h"
#include "util.h"

static char *take(char **p)
{
	char *s = *p;
	*p = NULL;
	return s;
}

/* The classification of a parsed tree (its error copied: the tree may be shared). */
static int classify_parsed(const struct ddl_parsed *parsed, int rc, struct ddl_class *out)
{
	struct ddl_identity id;

	memset(out, 0, sizeof(*out));
	out->defining_statement = -1;
	if (rc != 0) {
		out->status = DDL_UNKNOWN;
		out->error = parsed->error ? xstrdup(parsed->error) : NULL;
		out->error_position = parsed->error_position;
		return out->status;
	}
	out->n_statements = (int)json_array_size(parsed->stmts);
	if (ddl_identify(parsed->stmts, &id) != 0) {
		out->status = DDL_NO_OBJECT;
		return out->status;
	}
	out->status = DDL_OK;
	out->command_tag = take(&id.command_tag);
	out->object_type = take(&id.object_type);
	out->schema = take(&id.schema);
	out->name = take(&id.name);
	out->parent_schema = take(&id.parent_schema);
	out->parent_name = take(&id.parent_name);
	out->arguments = take(&id.arguments);
	out->subkind = take(&id.subkind);
	out->defining_statement = id.index;
	ddl_identity_release(&id);
	return out->status;
}

int ddl_classify(const char *sql, struct ddl_class *out)
{
	struct ddl_parsed parsed;
	int rc = ddl_parse(sql ? sql : "", &parsed);
	classify_parsed(&parsed, rc, out);
	ddl_parsed_release(&parsed);
	return out->status;
}

int ddl_classify_blob(const struct ddl_blob *b, struct ddl_class *out)
{
	return classify_parsed(&b->parsed, b->rc, out);
}

void ddl_class_release(struct ddl_class *c)
{
	free(c->command_tag);
	free(c->object_type);
	free(c->schema);
	free(c->name);
	free(c->parent_schema);
	free(c->parent_name);
	free(c->arguments);
	free(c->subkind);
	free(c->error);
	memset(c, 0, sizeof(*c));
	c->defining_statement = -1;
}

/* Fields that hold the bare name of the defining object in its creating statement. */
static const char *const identity_keys[] = {
	"idxname", "trigname", "policy_name", "rulename", "extname", "servername", "fdwname",
	"pubname", "subname", "conname", "plname", "amname", NULL,
};

static int is_name_list(json_t *arr, const char *schema, const char *name)
{
	size_t n = json_array_size(arr);
	const char *last, *first;

	if (n == 0 || n > 2)
		return 0;
	last = ddl_sval(json_array_get(arr, n - 1));
	if (!last || strcmp(last, name))
		return 0;
	if (n == 1)
		return 1;
	first = ddl_sval(json_array_get(arr, 0));
	return first && schema && !strcmp(first, schema);
}

/* Blank the defining object's own name wherever it appears as a whole name. */
static void blank_identity(json_t *tree, const char *schema, const char *name, int is_schema)
{
	size_t i;
	json_t *v;
	const char *key;
	void *tmp;

	if (json_is_array(tree)) {
		if (is_name_list(tree, schema, name)) {
			json_array_clear(tree);
			return;
		}
		json_array_foreach(tree, i, v)
			blank_identity(v, schema, name, is_schema);
		return;
	}
	if (!json_is_object(tree))
		return;
	if (ddl_str(tree, "relname") && !strcmp(ddl_str(tree, "relname"), name) &&
	    (!ddl_str(tree, "schemaname") || (schema && !strcmp(ddl_str(tree, "schemaname"), schema)))) {
		json_object_del(tree, "relname");
		json_object_del(tree, "schemaname");
	}
	json_object_foreach_safe(tree, tmp, key, v) {
		const char *const *k;
		int hit = 0;
		if (json_is_string(v) && !strcmp(json_string_value(v), name)) {
			for (k = identity_keys; *k; k++)
				if (!strcmp(*k, key))
					hit = 1;
			if (is_schema && !strcmp(key, "schemaname"))
				hit = 1;
		}
		if (hit)
			json_object_del(tree, key);
		else
			blank_identity(v, schema, name, is_schema);
	}
}

void ddl_blank_identity(json_t *tree, const struct ddl_identity *id)
{
	int is_schema;

	if (!id->name)
		return;
	is_schema = id->object_type && !strcmp(id->object_type, "schema");
	blank_identity(tree, id->schema, id->name, is_schema);
	/* and the name it was created under, when the blob renamed it */
	if (id->created_name)
		blank_identity(tree, id->created_schema, id->created_name, is_schema);
}

struct ddl_blob *ddl_blob_parse(const char *sql)
{
	struct ddl_blob *b = xcalloc(1, sizeof(*b));
	b->rc = ddl_parse(sql ? sql : "", &b->parsed);
	return b;
}

void ddl_blob_free(struct ddl_blob *b)
{
	if (!b)
		return;
	ddl_parsed_release(&b->parsed);
	free(b);
}

char *ddl_semantic_hash_blob(const struct ddl_blob *b, int ignore_identity)
{
	sha256_hex_t hex;
	json_t *stmts;
	char *text;

	if (b->rc != 0)
		return NULL;
	/* a copy of the blob's (shared) tree as the comparison reads it: a rename that respelt
	   .5 as 0.5, r as public.r or int4 as integer, or folded an ALTER into its CREATE, is
	   still a rename */
	stmts = ddl_hash_form(b->parsed.stmts, ignore_identity);
	/* ddl_parse() left no location fields in the tree */
	text = json_dumps_malloc(stmts, JSON_COMPACT | JSON_SORT_KEYS); /* freed with free(), in or out of an arena scope */
	json_decref(stmts);
	if (!text)
		pga_die("ddl_semantic_hash: out of memory");
	sha256_hex(text, strlen(text), hex);
	free(text);
	return xstrdup(hex);
}

static char classifier_rules[17];

/*
 * The sources' digest with the parser's: the libpg_query this process runs (found at run
 * time, so an upgraded library after the build counts too) read from its file; its
 * grammar's PostgreSQL version when the parser is linked statically or unreadable.
 */
static void classifier_rules_init(void)
{
	struct strbuf sb = STRBUF_INIT;
	sha256_hex_t lib, all;
	Dl_info info;
	union {
		PgQueryParseResult (*fn)(const char *);
		void *addr;
	} parser = { .fn = pg_query_parse };

	strbuf_addf(&sb, "%s\n", PGGIT_AUDIT_CLASSIFIER_RULES);
	if (dladdr(parser.addr, &info) && info.dli_fname && *info.dli_fname && sha256_file(info.dli_fname, lib, NULL) == 0)
		strbuf_addf(&sb, "libpg_query %s\n", lib);
	else
		strbuf_addf(&sb, "libpg_query grammar %s\n", PG_VERSION);
	sha256_hex(sb.buf, sb.len, all);
	memcpy(classifier_rules, all, 16);
	classifier_rules[16] = '\0';
	strbuf_release(&sb);
}

const char *ddl_classifier_rules(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	const char *test = getenv("PGGIT_AUDIT_TEST_CLASSIFIER_RULES");
	if (test && *test)
		return test;
	pthread_once(&once, classifier_rules_init);
	return classifier_rules;
}

char *ddl_semantic_hash(const char *sql, int ignore_identity)
{
	struct ddl_blob *b = ddl_blob_parse(sql);
	char *h = ddl_semantic_hash_blob(b, ignore_identity);
	ddl_blob_free(b);
	return h;
}
