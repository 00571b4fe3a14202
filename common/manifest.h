/*
 * manifest.h - the make-style pipeline manifest read by `pggit-audit run`
 * (format described in docs/manifest.md):
 *
 *   # comment
 *   BATCH_ROWS = 5000
 *   load: export classify
 *   	inputs: $(SQLDIR)/extra.sql
 *   	outputs: load/report.json
 *   	pggit-audit-load --export export --batch-rows $(BATCH_ROWS)
 *
 * Parsing resolves everything up front: variables are expanded (command-line
 * overrides win over manifest definitions, which win over built-ins), each
 * prerequisite must name a rule, and the rules are put in a dependency order.
 * Every error names the file and line ("backfill-v2.mk:12: unknown
 * prerequisite 'difff'").
 */
#ifndef PGA_MANIFEST_H
#define PGA_MANIFEST_H

#include <stddef.h>

struct strbuf;

/* One NAME=value pair given to the parser (built-ins, command-line overrides). */
struct manifest_assign {
	const char *name;
	const char *value;
};

/* One rule after expansion. All strings and arrays are owned by the manifest. */
struct manifest_target {
	char *name;
	int line;              /* line of the "target: prereqs" header */
	char **prereqs;        /* prerequisite target names, in written order */
	size_t *prereq_index;  /* index of each prerequisite in manifest.targets */
	size_t n_prereqs;
	char **outputs;        /* files the recipe creates (relative to WORKDIR, or absolute) */
	size_t n_outputs;
	char **inputs;         /* extra input files (besides the prerequisites' outputs) */
	size_t n_inputs;
	char **recipe;         /* expanded recipe lines, each run with /bin/sh -c */
	int *recipe_line;      /* manifest line of each recipe line */
	size_t n_recipe;
};

struct manifest {
	char *file;                      /* name used in messages */
	struct manifest_target *targets; /* in declaration order */
	size_t n_targets;
	size_t *order;                   /* indexes of targets, prerequisites first */
	char **var_names;                /* every variable with its final expanded value */
	char **var_values;
	size_t n_vars;
};

/*
 * Parse text (len bytes, need not be NUL-terminated) read from file (used only
 * in messages). builtins are the driver's variables (WORKDIR, BINDIR, SQLDIR):
 * the manifest may use them but not assign them. overrides (from the command
 * line) replace same-named manifest variables or built-ins.
 * Returns a manifest (free with manifest_free), or NULL with the message of the
 * first error, "FILE:LINE: ..." (no trailing newline), appended to err.
 */
struct manifest *manifest_parse(const char *file, const char *text, size_t len,
				const struct manifest_assign *builtins, size_t n_builtins,
				const struct manifest_assign *overrides, size_t n_overrides,
				struct strbuf *err);

/*
 * Read path and parse it as above (messages name path as given). Returns NULL
 * with a message in err if the file cannot be read or does not parse.
 */
struct manifest *manifest_load(const char *path,
			       const struct manifest_assign *builtins, size_t n_builtins,
			       const struct manifest_assign *overrides, size_t n_overrides,
			       struct strbuf *err);

void manifest_free(struct manifest *m);

/* Index of the target called name, or -1. */
long manifest_find_target(const struct manifest *m, const char *name);

/* Final value of variable name (owned by m), or NULL if it is not defined. */
const char *manifest_var(const struct manifest *m, const char *name);

/*
 * If arg has the form NAME=value with NAME a valid variable name, store
 * newly allocated copies in *name and *value (caller frees both) and return 1;
 * otherwise return 0 and leave them untouched.
 */
int manifest_split_assignment(const char *arg, char **name, char **value);

/* 1 if s is a valid variable name: [A-Za-z_][A-Za-z0-9_]*. */
int manifest_valid_var_name(const char *s);
/* 1 if s is a valid target name: [A-Za-z0-9_.-]+, not starting with '-' or '.'. */
int manifest_valid_target_name(const char *s);

#endif
