/*
 * fuzz_ddl.c - libFuzzer target for the DDL classifier (ddl_classify.h), the
 * entry points the classify stage calls on every blob: ddl_classify,
 * ddl_compare, ddl_create_detail, ddl_drop_detail, ddl_semantic_hash.
 *
 * The input is split at its first NUL byte: the part before is the old
 * definition, the part after (up to a further NUL) the new one; without a
 * NUL both sides are the input.
 *
 * Properties: a status in range and its fields consistent (UNKNOWN has an
 * error, OK has a command tag and defining statement); the comparison is
 * always a JSON object with a known severity; a blob compared with itself
 * is formatting-only exactly when it parses; the semantic hash exists
 * exactly when the blob parses, and is the same on a second call.
 */
#include "ddl_classify.h"
#include "fuzz_util.h"

static void check_class(const char *sql)
{
	struct ddl_class c;
	int st = ddl_classify(sql, &c);
	FUZZ_CHECK(st == c.status && st >= DDL_OK && st <= DDL_NO_OBJECT, "status %d", st);
	if (st == DDL_UNKNOWN)
		FUZZ_CHECK(c.error != NULL && c.defining_statement == -1, "UNKNOWN without an error");
	if (st == DDL_OK)
		FUZZ_CHECK(c.command_tag && c.defining_statement >= 0 && c.defining_statement < c.n_statements,
			   "OK without a command tag or a defining statement in range");
	ddl_class_release(&c);
	FUZZ_CHECK(c.command_tag == NULL && c.error == NULL, "release left pointers");

	char *h1 = ddl_semantic_hash(sql, 0), *h2 = ddl_semantic_hash(sql, 0);
	char *h3 = ddl_semantic_hash(sql, 1);
	FUZZ_CHECK((h1 == NULL) == (st == DDL_UNKNOWN), "semantic hash %s for status %d", h1 ? h1 : "NULL", st);
	FUZZ_CHECK((h1 == NULL) == (h3 == NULL), "the identity-blind hash disagrees on parsing");
	FUZZ_CHECK(!h1 || !strcmp(h1, h2), "semantic hash not deterministic");
	free(h1);
	free(h2);
	free(h3);
}

static void check_change(json_t *j)
{
	FUZZ_CHECK(json_is_object(j), "comparison is not an object");
	const char *sev = json_string_value(json_object_get(j, "severity"));
	FUZZ_CHECK(sev && (!strcmp(sev, "MAJOR") || !strcmp(sev, "MINOR") || !strcmp(sev, "PATCH")),
		   "severity %s", sev ? sev : "missing");
	FUZZ_CHECK(json_is_boolean(json_object_get(j, "formatting_only")), "formatting_only missing");
	FUZZ_CHECK(json_is_array(json_object_get(j, "hazards")), "hazards missing");
	json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 64 * 1024)
		return 0; /* the parser is linear; long inputs only slow the search down */
	const uint8_t *nul = memchr(data, '\0', size);
	char *old_sql = fuzz_cstring(data, size);
	char *new_sql = nul ? fuzz_cstring(nul + 1, size - (size_t)(nul + 1 - data)) : xstrdup(old_sql);

	check_class(old_sql);
	if (nul)
		check_class(new_sql);
	check_change(ddl_compare(old_sql, new_sql));
	check_change(ddl_create_detail(new_sql));
	check_change(ddl_drop_detail(old_sql));

	struct ddl_class c;
	int parses = ddl_classify(old_sql, &c) != DDL_UNKNOWN;
	ddl_class_release(&c);
	json_t *self = ddl_compare(old_sql, old_sql);
	FUZZ_CHECK(json_is_true(json_object_get(self, "formatting_only")) == parses,
		   "a blob compared with itself: formatting_only %d, parses %d",
		   json_is_true(json_object_get(self, "formatting_only")), parses);
	check_change(self);

	free(old_sql);
	free(new_sql);
	return 0;
}
