/* test_manifest.c - CUnit tests of the manifest parser: variables, overrides, rules,
 * outputs/inputs, dependency order, and errors naming file and line. */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "manifest.h"
#include "strbuf.h"

static const struct manifest_assign builtins[] = {
	{ "WORKDIR", "/w" },
	{ "BINDIR", "/opt/bin" },
	{ "SQLDIR", "/opt/sql" },
};

static struct manifest *parse_ov(const char *text, const struct manifest_assign *ov, size_t n_ov, struct strbuf *err)
{
	strbuf_reset(err);
	return manifest_parse("t.mk", text, strlen(text), builtins, 3, ov, n_ov, err);
}

static struct manifest *parse(const char *text, struct strbuf *err)
{
	return parse_ov(text, NULL, 0, err);
}

/* Parse text that must fail; return 1 if the message equals want. */
static int fails_with(const char *text, const char *want)
{
	struct strbuf err = STRBUF_INIT;
	struct manifest *m = parse(text, &err);
	int ok = m == NULL && !strcmp(err.buf, want);
	if (!ok)
		fprintf(stderr, "\n  expected: %s\n  got:      %s\n", want, m ? "(parsed)" : err.buf);
	manifest_free(m);
	strbuf_release(&err);
	return ok;
}

static const char pipeline[] =
	"# a comment\n"
	"ROWS = 5000   # trailing comment\n"
	"SQL = $(SQLDIR)/schema.sql\n"
	"\n"
	"schema:\n"
	"\tinputs: $(SQL)\n"
	"\toutputs: schema/report.json\n"
	"\tinstall --sql '$(SQL)' --outdir schema\n"
	"load: export schema\n"
	"\toutputs: load/report.json \\\n"
	"\t         load/extra.json\n"
	"\t# a comment in a recipe is dropped\n"
	"\tload --rows $(ROWS) --home $$HOME\n"
	"\techo done\n"
	"export:\n"
	"\toutputs: export/a.csv\n"
	"\toutputs: export/b.csv\n"
	"\texport --outdir export\n";

static void test_rules_and_variables(void)
{
	struct strbuf err = STRBUF_INIT;
	struct manifest *m = parse(pipeline, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(m->n_targets, 3);
	struct manifest_target *schema = &m->targets[0], *load = &m->targets[1], *exp = &m->targets[2];
	CU_ASSERT_STRING_EQUAL(schema->name, "schema");
	CU_ASSERT_EQUAL(schema->line, 5);
	CU_ASSERT_EQUAL(schema->n_inputs, 1);
	CU_ASSERT_STRING_EQUAL(schema->inputs[0], "/opt/sql/schema.sql");
	CU_ASSERT_STRING_EQUAL(schema->recipe[0], "install --sql '/opt/sql/schema.sql' --outdir schema");
	CU_ASSERT_EQUAL(schema->recipe_line[0], 8);

	CU_ASSERT_EQUAL(load->n_prereqs, 2);
	CU_ASSERT_STRING_EQUAL(load->prereqs[0], "export");
	CU_ASSERT_EQUAL(load->prereq_index[0], 2);
	CU_ASSERT_EQUAL(load->prereq_index[1], 0);
	CU_ASSERT_EQUAL_FATAL(load->n_outputs, 2);
	CU_ASSERT_STRING_EQUAL(load->outputs[1], "load/extra.json");
	CU_ASSERT_EQUAL_FATAL(load->n_recipe, 2);
	CU_ASSERT_STRING_EQUAL(load->recipe[0], "load --rows 5000 --home $HOME");
	CU_ASSERT_EQUAL(load->recipe_line[0], 13);
	CU_ASSERT_STRING_EQUAL(load->recipe[1], "echo done");

	CU_ASSERT_EQUAL(exp->n_outputs, 2);
	CU_ASSERT_STRING_EQUAL(exp->outputs[1], "export/b.csv");

	/* prerequisites first, ties in declaration order */
	CU_ASSERT_EQUAL(m->order[0], 0);
	CU_ASSERT_EQUAL(m->order[1], 2);
	CU_ASSERT_EQUAL(m->order[2], 1);
	CU_ASSERT_STRING_EQUAL(manifest_var(m, "ROWS"), "5000");
	CU_ASSERT_STRING_EQUAL(manifest_var(m, "SQL"), "/opt/sql/schema.sql");
	CU_ASSERT_STRING_EQUAL(manifest_var(m, "WORKDIR"), "/w");
	CU_ASSERT_EQUAL(manifest_find_target(m, "load"), 1);
	CU_ASSERT_EQUAL(manifest_find_target(m, "nope"), -1);
	manifest_free(m);
	strbuf_release(&err);
}

static void test_overrides_and_late_definitions(void)
{
	struct strbuf err = STRBUF_INIT;
	/* a variable may be used before it is defined; the last definition wins */
	const char *text = "a:\n\toutputs: $(OUT)\n\tmake $(OUT) $(N)\nN = 1\nOUT = x\nN = 2\n";
	struct manifest *m = parse(text, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_STRING_EQUAL(m->targets[0].recipe[0], "make x 2");
	manifest_free(m);

	struct manifest_assign ov[] = { { "N", "7" }, { "SQLDIR", "/elsewhere" }, { "EXTRA", "$(N)!" } };
	m = parse_ov(text, ov, 3, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_STRING_EQUAL(m->targets[0].recipe[0], "make x 7");
	CU_ASSERT_STRING_EQUAL(manifest_var(m, "SQLDIR"), "/elsewhere");
	CU_ASSERT_STRING_EQUAL(manifest_var(m, "EXTRA"), "7!");
	manifest_free(m);

	/* an assignment ends a rule: its recipe cannot continue after it */
	CU_ASSERT_TRUE(fails_with("a:\n\toutputs: x\n\ttouch x\nV = 1\n\ttouch y\n",
				  "t.mk:5: recipe line (starts with a TAB) outside a rule"));
	strbuf_release(&err);
}

static void test_continuation_and_crlf(void)
{
	struct strbuf err = STRBUF_INIT;
	struct manifest *m = parse("L = a \\\n    b\r\nt:\r\n\toutputs: o\r\n\techo $(L) \\\n\t  c\r\n", &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_STRING_EQUAL(manifest_var(m, "L"), "a b");
	CU_ASSERT_STRING_EQUAL(m->targets[0].recipe[0], "echo a b c");
	CU_ASSERT_EQUAL(m->targets[0].line, 3);
	manifest_free(m);
	strbuf_release(&err);
}

static void test_errors_name_file_and_line(void)
{
	const char *base = "export:\n\toutputs: e\n\tx\n"
			   "diff: export\n\toutputs: d\n\tx\n";
	struct strbuf text = STRBUF_INIT;
	strbuf_addstr(&text, base);
	strbuf_addstr(&text, "\n# classify\nclassify: export difff\n\toutputs: c\n\tx\n");
	CU_ASSERT_TRUE(fails_with(text.buf, "t.mk:9: unknown prerequisite 'difff' (did you mean 'diff'?)"));
	strbuf_release(&text);

	CU_ASSERT_TRUE(fails_with("a: zzzzzz\n\toutputs: o\n\tx\n", "t.mk:1: unknown prerequisite 'zzzzzz'"));
	CU_ASSERT_TRUE(fails_with("A = 1\n\n a:\n", "t.mk:3: line starts with spaces: recipe lines start with a TAB, other lines in column 1"));
	CU_ASSERT_TRUE(fails_with("\techo hi\n", "t.mk:1: recipe line (starts with a TAB) outside a rule"));
	CU_ASSERT_TRUE(fails_with("just words\n", "t.mk:1: expected 'NAME = value' or 'target: prerequisites', got 'just words'"));
	CU_ASSERT_TRUE(fails_with("a:\n\toutputs: o\n\techo $(NOPE)\n", "t.mk:3: undefined variable 'NOPE'"));
	CU_ASSERT_TRUE(fails_with("X = $(Y)\nY = $(X)\na:\n\toutputs: o\n\techo $(X)\n",
				  "t.mk:2: variable 'X' refers to itself (X -> Y -> X)"));
	CU_ASSERT_TRUE(fails_with("a:\n\toutputs: o\n\techo $HOME\n",
				  "t.mk:3: '$' must start '$(NAME)'; write '$$' for a literal '$' (for example $$HOME in a recipe)"));
	CU_ASSERT_TRUE(fails_with("a:\n\toutputs: o\n\techo $(X\n", "t.mk:3: unterminated '$(' (missing ')')"));
	CU_ASSERT_TRUE(fails_with("a:\n\toutputs: o\n\techo $(wildcard *)\n",
				  "t.mk:3: invalid variable name 'wildcard *' in '$(...)' (functions are not supported)"));
	CU_ASSERT_TRUE(fails_with("WORKDIR = /x\n", "t.mk:1: 'WORKDIR' is a built-in variable and cannot be assigned in the manifest"));
	CU_ASSERT_TRUE(fails_with("9X = 1\n", "t.mk:1: invalid variable name '9X' (letters, digits and '_', not starting with a digit)"));
	CU_ASSERT_TRUE(fails_with("X += 1\n", "t.mk:1: only 'NAME = value' assignments are supported (not '+=')"));
	CU_ASSERT_TRUE(fails_with("a:\n\techo hi\n", "t.mk:1: rule 'a' declares no outputs (add a line '<TAB>outputs: FILE...')"));
	CU_ASSERT_TRUE(fails_with("a:\n\toutputs: o\n", "t.mk:1: rule 'a' has no recipe (TAB-indented command lines)"));
	CU_ASSERT_TRUE(fails_with("a:\n\toutputs: o\n\tx\n\n: p\n", "t.mk:5: missing target name before ':'"));
	CU_ASSERT_TRUE(fails_with("a:\n\toutputs: o\n\tx\na:\n\toutputs: p\n\tx\n", "t.mk:4: target 'a' is already defined at line 1"));
	CU_ASSERT_TRUE(fails_with("a:\n\toutputs: o\n\tx\nb:\n\toutputs: o\n\tx\n",
				  "t.mk:4: output 'o' is already declared by rule 'a' (line 1)"));
	CU_ASSERT_TRUE(fails_with("a:\n\toutputs: o o\n\tx\n", "t.mk:1: rule 'a' lists output 'o' twice"));
	CU_ASSERT_TRUE(fails_with("a:\n\techo\n\toutputs: o\n", "t.mk:3: 'outputs:' must come before the recipe lines of rule 'a'"));
	CU_ASSERT_TRUE(fails_with("a b: c\n\toutputs: o\n\tx\n", "t.mk:1: one target per rule (got 2 names before ':')"));
	CU_ASSERT_TRUE(fails_with("a/b:\n\toutputs: o\n\tx\n", "t.mk:1: invalid target name 'a/b' (letters, digits, '_', '-', '.')"));
	CU_ASSERT_TRUE(fails_with("# nothing\n", "t.mk:1: no rules (a rule is 'target: prerequisites' followed by TAB-indented lines)"));
}

static void test_cycles(void)
{
	CU_ASSERT_TRUE(fails_with("a: b\n\toutputs: A\n\tx\n"
				  "b: c\n\toutputs: B\n\tx\n"
				  "c: a\n\toutputs: C\n\tx\n",
				  "t.mk:1: dependency cycle: a -> b -> c -> a"));
	CU_ASSERT_TRUE(fails_with("a:\n\toutputs: A\n\tx\nself: a self\n\toutputs: S\n\tx\n",
				  "t.mk:4: dependency cycle: self -> self"));
	/* a diamond is not a cycle */
	struct strbuf err = STRBUF_INIT;
	struct manifest *m = parse("d: b c\n\toutputs: D\n\tx\nb: a\n\toutputs: B\n\tx\n"
				   "c: a\n\toutputs: C\n\tx\na:\n\toutputs: A\n\tx\n", &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	const char *want[] = { "a", "b", "c", "d" };
	for (size_t i = 0; i < 4; i++)
		CU_ASSERT_STRING_EQUAL(m->targets[m->order[i]].name, want[i]);
	manifest_free(m);
	strbuf_release(&err);
}

static void test_override_errors(void)
{
	struct strbuf err = STRBUF_INIT;
	struct manifest_assign ov[] = { { "X", "$(UNDEFINED)" } };
	struct manifest *m = parse_ov("a:\n\toutputs: o\n\tx\n", ov, 1, &err);
	CU_ASSERT_PTR_NULL(m);
	CU_ASSERT_STRING_EQUAL(err.buf, "command line: undefined variable 'UNDEFINED'");
	manifest_free(m);
	strbuf_release(&err);
}

static void test_split_assignment(void)
{
	char *n = NULL, *v = NULL;
	CU_ASSERT_TRUE(manifest_split_assignment("BATCH_ROWS=10", &n, &v));
	CU_ASSERT_STRING_EQUAL(n, "BATCH_ROWS");
	CU_ASSERT_STRING_EQUAL(v, "10");
	free(n);
	free(v);
	CU_ASSERT_TRUE(manifest_split_assignment("E=", &n, &v));
	CU_ASSERT_STRING_EQUAL(v, "");
	free(n);
	free(v);
	CU_ASSERT_FALSE(manifest_split_assignment("export", &n, &v));
	CU_ASSERT_FALSE(manifest_split_assignment("=x", &n, &v));
	CU_ASSERT_FALSE(manifest_split_assignment("a-b=x", &n, &v));
}

/* What sh -c prints for a recipe line. */
static char *run_sh(const char *line)
{
	FILE *f = popen(line, "r");
	if (!f)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	char buf[256];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	pclose(f);
	return strbuf_detach(&sb, NULL);
}

/*
 * A path (a built-in such as SQLDIR, or a PREVIOUS=DIR typed on the command line) inside
 * '...' or "..." of a recipe reaches the command byte for byte: a "'" in it once closed
 * the manifest's quotes and the rest of the path ran as shell code.
 */
static void test_recipe_quotes_values(void)
{
	const char *paths[] = { "/opt/it's here", "/a\"b\\c$HOME`id`;exit 7", "-rf; x'\"'\"",
				"/x\ny $(id) ${HOME}", "/d\xc3\xa9j\xc3\xa0 vu/'", "'" };
	const char *recipes[][2] = {
		{ "printf %s '$(SQLDIR)'", "%s" },
		{ "printf %s \"$(SQLDIR)\"", "%s" },
		{ "printf %s \"$(P)/x\"", "%s/x" },
		{ "printf %s '$(P)'\"$(SQLDIR)\"", "%s%s" },
		{ "printf %s \"$$(printf %s '$(SQLDIR)')\"", "%s" },
		{ "printf %s $$(printf %s \"$(SQLDIR)\") | od -An -c >/dev/null; printf %s '$(SQLDIR)'", "%s" },
		{ "x='$(SQLDIR)'; printf %s \"$$x\"", "%s" },
	};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		const struct manifest_assign b[] = { { "WORKDIR", "/w" }, { "BINDIR", "/opt/bin" }, { "SQLDIR", paths[i] } };
		for (size_t k = 0; k < sizeof(recipes) / sizeof(recipes[0]); k++) {
			struct strbuf text = STRBUF_INIT, err = STRBUF_INIT, want = STRBUF_INIT;
			strbuf_addf(&text, "P = $(SQLDIR)\na:\n\toutputs: o\n\t%s\n", recipes[k][0]);
			struct manifest *m = manifest_parse("t.mk", text.buf, text.len, b, 3, NULL, 0, &err);
			CU_ASSERT_PTR_NOT_NULL_FATAL(m);
			strbuf_addf(&want, recipes[k][1], paths[i], paths[i]);
			char *got = run_sh(m->targets[0].recipe[0]);
			CU_ASSERT_PTR_NOT_NULL_FATAL(got);
			if (strcmp(got, want.buf))
				fprintf(stderr, "\n  recipe %s\n  expanded %s\n  printed [%s], expected [%s]\n",
					recipes[k][0], m->targets[0].recipe[0], got, want.buf);
			CU_ASSERT_STRING_EQUAL(got, want.buf);
			free(got);
			manifest_free(m);
			strbuf_release(&text);
			strbuf_release(&err);
			strbuf_release(&want);
		}
	}
	/* an unquoted value stays shell text (make's behaviour): options split into words */
	struct strbuf err = STRBUF_INIT;
	struct manifest_assign ov[] = { { "FLAGS", "-a -b" } };
	struct manifest *m = parse_ov("a:\n\toutputs: o\n\tprintf '<%s>' $(FLAGS) '$(FLAGS)'\n", ov, 1, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	char *got = run_sh(m->targets[0].recipe[0]);
	CU_ASSERT_STRING_EQUAL(got, "<-a><-b><-a -b>");
	free(got);
	manifest_free(m);
	/* a '$' not starting $(NAME) or $$ is still an error in a recipe */
	CU_ASSERT_TRUE(fails_with("a:\n\toutputs: o\n\techo $HOME\n",
				  "t.mk:3: '$' must start '$(NAME)'; write '$$' for a literal '$' (for example $$HOME in a recipe)"));
	strbuf_release(&err);
}

static void test_shipped_pipeline_parses(void)
{
	struct strbuf err = STRBUF_INIT;
	struct manifest *m = manifest_load(TEST_SOURCE_DIR "/pipelines/backfill-v2.mk", builtins, 3, NULL, 0, &err);
	if (!m)
		fprintf(stderr, "\n  %s\n", err.buf);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	const char *want[] = { "schema", "export", "diff", "classify", "load", "verify" };
	CU_ASSERT_EQUAL_FATAL(m->n_targets, 6);
	for (size_t i = 0; i < 6; i++)
		CU_ASSERT_TRUE(manifest_find_target(m, want[i]) >= 0);
	CU_ASSERT_STRING_EQUAL(manifest_var(m, "BATCH_ROWS"), "5000");
	long load = manifest_find_target(m, "load");
	int has_rows = 0;
	for (size_t k = 0; k < m->targets[load].n_recipe; k++)
		has_rows |= strstr(m->targets[load].recipe[k], "--batch-rows 5000") != NULL;
	CU_ASSERT_TRUE(has_rows);
	CU_ASSERT_STRING_EQUAL(m->targets[m->order[5]].name, "verify");
	manifest_free(m);
	strbuf_release(&err);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("manifest", NULL, NULL);
	CU_add_test(s, "rules and variables", test_rules_and_variables);
	CU_add_test(s, "overrides and late definitions", test_overrides_and_late_definitions);
	CU_add_test(s, "continuation lines and CRLF", test_continuation_and_crlf);
	CU_add_test(s, "errors name file and line", test_errors_name_file_and_line);
	CU_add_test(s, "cycles", test_cycles);
	CU_add_test(s, "override errors", test_override_errors);
	CU_add_test(s, "command-line assignments", test_split_assignment);
	CU_add_test(s, "shipped pipeline parses", test_shipped_pipeline_parses);
	CU_add_test(s, "recipe values inside quotes reach the shell verbatim", test_recipe_quotes_values);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures ? 1 : 0;
}
