/* v1_baseline.c - the baseline rule of the v1 replay; see v1_baseline.h. */
#include "v1_baseline.h"
#include "strmap.h"
#include "util.h"
#include "v1_format.h"
#include "v1_scratch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct v1_baseline_filter {
	struct strmap *created;       /* objects ids ("%lld") with a CREATE row */
	struct strmap *schema_names;  /* schema -> dense id, in the order the history first names them */
	unsigned char *schema_created; /* dense id -> 1 if the history's first statement naming it creates it */
	size_t cap;
};

static void schema_event(void *arg, int created, const char *schema)
{
	struct v1_baseline_filter *f = arg;
	int added;
	uint32_t id = strmap_intern(f->schema_names, schema, strlen(schema), &added);
	if (!added)
		return;
	if (id >= f->cap) {
		f->cap = f->cap ? f->cap * 2 : 16;
		while (f->cap <= id)
			f->cap *= 2;
		f->schema_created = xrealloc(f->schema_created, f->cap);
	}
	f->schema_created[id] = (unsigned char)created;
}

struct v1_baseline_filter *v1_baseline_filter_new(const char *v1dir)
{
	struct v1_baseline_filter *f = xcalloc(1, sizeof(*f));
	f->created = strmap_new();
	f->schema_names = strmap_new();
	char *prev_sql = NULL;
	struct artifact_reader *hr = v1_history_open(v1dir);
	struct v1_history_row h;
	while (v1_history_next(hr, &h)) {
		if (h.change_type && !strcmp(h.change_type, "CREATE")) {
			char k[32];
			int n = snprintf(k, sizeof(k), "%lld", h.object_id);
			strmap_intern(f->created, k, (size_t)n, NULL);
		}
		/* the rows of one statement repeat its text: parsed once; only a text naming a schema is parsed */
		if (h.sql_executed && !(prev_sql && !strcmp(prev_sql, h.sql_executed)) &&
		    strcasestr(h.sql_executed, "schema")) {
			free(prev_sql);
			prev_sql = xstrdup(h.sql_executed);
			v1_schema_events(h.sql_executed, schema_event, f);
		}
	}
	ar_close(hr);
	free(prev_sql);
	return f;
}

void v1_baseline_filter_free(struct v1_baseline_filter *f)
{
	if (!f)
		return;
	strmap_free(f->created);
	strmap_free(f->schema_names);
	free(f->schema_created);
	free(f);
}

int v1_baseline_has_create(const struct v1_baseline_filter *f, long long id)
{
	char k[32];
	int n = snprintf(k, sizeof(k), "%lld", id);
	return strmap_find(f->created, k, (size_t)n) != UINT32_MAX;
}

static int history_creates(const struct v1_baseline_filter *f, const char *schema)
{
	uint32_t id = strmap_find(f->schema_names, schema, strlen(schema));
	return id != UINT32_MAX && f->schema_created[id];
}

int v1_baseline_wants_schema(const struct v1_baseline_filter *f, const char *schema)
{
	/* a schema the history creates (CREATE SCHEMA, RENAME TO) before it drops or renames it did not
	   exist before the history: created by that statement (or, when a statement needs it earlier, as
	   a missing schema), not in the baseline, where the statement creating it would fail */
	return *schema && strcmp(schema, "public") && strncmp(schema, "pg_", 3) && strcmp(schema, "information_schema") &&
	       strcmp(schema, V1_HELPER_SCHEMA) && !history_creates(f, schema);
}

int v1_baseline_wants_object(const struct v1_baseline_filter *f, const struct v1_object_row *o, const char **why)
{
	if (v1_baseline_has_create(f, o->id)) {
		*why = "has a CREATE row";
		return 0;
	}
	if (!o->object_type || !strcmp(o->object_type, "COLUMN")) {
		*why = "a column";
		return 0;
	}
	if (v1_blank(o->ddl_normalized)) {
		*why = "no ddl_normalized";
		return 0;
	}
	/* its definition is its latest, under the name the history gave it: created in the baseline, it
	   would make the statement creating it fail ("already exists") */
	if (!strcmp(o->object_type, "SCHEMA") && o->object_name && history_creates(f, o->object_name)) {
		*why = "a schema the history creates";
		return 0;
	}
	*why = NULL;
	return 1;
}
