/*
 * ddl_classify_cli.c - run the DDL classifier over a file of blobs, for the
 * oracle test and the benchmark.
 *
 *   ddl_classify_cli FILE              one line per blob, PostgreSQL COPY text format:
 *                                      blob_no status command_tag object_type schema name
 *                                      parent_schema parent_name arguments subkind n_statements
 *                                      error error_position   (\N for NULL)
 *   ddl_classify_cli --compare OLD NEW print ddl_compare() of two files as JSON
 *   ddl_classify_cli --bench N FILE    classify every blob N times; print throughput and
 *                                      the share of time spent in the parser itself
 *
 * FILE holds blobs separated by lines that are exactly "--@@" (an SQL comment,
 * so the file is also a valid psql script). Blobs are numbered from 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pg_query.h>

#include "ddl_classify.h"
#include "strbuf.h"
#include "util.h"

#define SEPARATOR "--@@"

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	size_t n;

	if (!f)
		pga_die_errno("cannot open %s", path);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	if (ferror(f))
		pga_die_errno("cannot read %s", path);
	fclose(f);
	return strbuf_detach(&sb, len);
}

/* Split text at separator lines; returns the number of blobs, *blobs owned by the caller. */
static size_t split_blobs(char *text, char ***blobs)
{
	size_t n = 0, cap = 0;
	char *start = text, *line = text;

	*blobs = NULL;
	for (;;) {
		char *eol = strchr(line, '\n');
		size_t linelen = eol ? (size_t)(eol - line) : strlen(line);
		int is_sep = linelen == strlen(SEPARATOR) && !strncmp(line, SEPARATOR, linelen);
		if (is_sep || !eol) {
			char *end = is_sep ? line : line + linelen;
			/* whitespace-only blobs are not counted (the oracle script skips them too) */
			if (strspn(start, " \t\r\n") < (size_t)(end - start)) {
				if (n == cap) {
					cap = cap ? 2 * cap : 256;
					*blobs = xrealloc(*blobs, cap * sizeof(**blobs));
				}
				(*blobs)[n++] = xstrndup(start, end - start);
			}
			if (!eol)
				break;
			start = eol + 1;
		}
		line = eol + 1;
	}
	return n;
}

static void put_field(const char *s, int last)
{
	if (!s) {
		fputs("\\N", stdout);
	} else {
		for (; *s; s++) {
			switch (*s) {
			case '\\': fputs("\\\\", stdout); break;
			case '\t': fputs("\\t", stdout); break;
			case '\n': fputs("\\n", stdout); break;
			case '\r': fputs("\\r", stdout); break;
			default: putchar(*s);
			}
		}
	}
	putchar(last ? '\n' : '\t');
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int classify_file(const char *path)
{
	size_t len, n, i;
	char *text = read_file(path, &len);
	char **blobs;

	n = split_blobs(text, &blobs);
	for (i = 0; i < n; i++) {
		struct ddl_class c;
		char num[32], nst[32], pos[32];
		ddl_classify(blobs[i], &c);
		snprintf(num, sizeof(num), "%zu", i + 1);
		snprintf(nst, sizeof(nst), "%d", c.n_statements);
		snprintf(pos, sizeof(pos), "%d", c.error_position);
		put_field(num, 0);
		put_field(c.status == DDL_OK ? "ok" : c.status == DDL_UNKNOWN ? "unknown" : "no_object", 0);
		put_field(c.command_tag, 0);
		put_field(c.object_type, 0);
		put_field(c.schema, 0);
		put_field(c.name, 0);
		put_field(c.parent_schema, 0);
		put_field(c.parent_name, 0);
		put_field(c.arguments, 0);
		put_field(c.subkind, 0);
		put_field(nst, 0);
		put_field(c.error, 0);
		put_field(pos, 1);
		ddl_class_release(&c);
		free(blobs[i]);
	}
	free(blobs);
	free(text);
	return 0;
}

static int compare_files(const char *old_path, const char *new_path)
{
	size_t l1, l2;
	char *a = read_file(old_path, &l1), *b = read_file(new_path, &l2);
	json_t *r = ddl_compare(a, b);
	char *s = json_dumps(r, JSON_INDENT(2));
	puts(s);
	free(s);
	json_decref(r);
	free(a);
	free(b);
	return 0;
}

static int bench(const char *repeat_arg, const char *path)
{
	unsigned long long repeat;
	size_t len, n, i, bytes = 0;
	unsigned long long r;
	char *text;
	char **blobs;
	double t0, t_classify, t_parse;
	unsigned long long statements = 0;

	if (parse_u64(repeat_arg, &repeat) || repeat == 0)
		pga_die("--bench needs a positive repeat count, not %s", repeat_arg);
	text = read_file(path, &len);
	n = split_blobs(text, &blobs);
	for (i = 0; i < n; i++)
		bytes += strlen(blobs[i]);

	t0 = now_seconds();
	for (r = 0; r < repeat; r++)
		for (i = 0; i < n; i++) {
			struct ddl_class c;
			ddl_classify(blobs[i], &c);
			statements += c.n_statements;
			ddl_class_release(&c);
		}
	t_classify = now_seconds() - t0;

	/* the parser alone, as ddl_classify() calls it */
	t0 = now_seconds();
	for (r = 0; r < repeat; r++)
		for (i = 0; i < n; i++) {
			PgQueryParseResult p = pg_query_parse(blobs[i]);
			pg_query_free_parse_result(p);
		}
	t_parse = now_seconds() - t0;

	printf("blobs\t%zu\nrepeat\t%llu\nstatements\t%llu\nbytes\t%llu\n", n, repeat, statements, (unsigned long long)bytes * repeat);
	printf("classify_seconds\t%.3f\nparse_seconds\t%.3f\n", t_classify, t_parse);
	printf("statements_per_second\t%.0f\nblobs_per_second\t%.0f\nmb_per_second\t%.2f\nparser_share\t%.1f%%\n",
	       statements / t_classify, n * repeat / t_classify, bytes * repeat / t_classify / 1e6,
	       100.0 * t_parse / t_classify);
	for (i = 0; i < n; i++)
		free(blobs[i]);
	free(blobs);
	free(text);
	return 0;
}

int main(int argc, char **argv)
{
	pga_set_progname("ddl_classify_cli");
	if (argc == 2)
		return classify_file(argv[1]);
	if (argc == 4 && !strcmp(argv[1], "--compare"))
		return compare_files(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "--bench"))
		return bench(argv[2], argv[3]);
	fprintf(stderr, "usage: ddl_classify_cli FILE | --compare OLD NEW | --bench N FILE\n");
	return 2;
}
