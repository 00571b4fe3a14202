/*
 * manifest.c - reader of the make-style pipeline manifest; see manifest.h and
 * docs/manifest.md. Two passes: the first splits the text into variable
 * assignments and rules (keeping each piece's line number), the second expands
 * variables, checks prerequisites and cycles, and orders the rules.
 */
#include "manifest.h"
#include "strbuf.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Expanded text longer than this is certainly a runaway nesting of variables. */
#define MAX_EXPANSION (1u << 20)
#define MAX_NESTING 64

struct raw_var {
	char *name;
	char *value;
	int line;
};

struct raw_line {
	char *text;
	int line;
};

struct raw_rule {
	char *head;     /* text before ':' */
	char *prereqs;  /* text after ':' */
	int line;
	struct raw_line *outputs, *inputs, *recipe;
	size_t n_outputs, n_inputs, n_recipe;
};

struct parser {
	const char *file;
	struct strbuf *err;
	int failed;
	const struct manifest_assign *builtins, *overrides;
	size_t n_builtins, n_overrides;
	struct raw_var *vars;
	size_t n_vars;
	struct raw_rule *rules;
	size_t n_rules;
	int in_rule; /* a variable assignment ends the current rule, as in make */
	const char *expanding[MAX_NESTING]; /* names being expanded, for cycle messages */
	int depth;
};

/* Record the first error only: later ones are usually consequences of it. */
__attribute__((format(printf, 3, 4)))
static void fail(struct parser *p, int line, const char *fmt, ...)
{
	va_list ap;
	if (p->failed)
		return;
	p->failed = 1;
	if (line > 0)
		strbuf_addf(p->err, "%s:%d: ", p->file, line);
	else
		strbuf_addstr(p->err, "command line: ");
	va_start(ap, fmt);
	char *msg;
	if (vasprintf(&msg, fmt, ap) < 0)
		pga_die("out of memory");
	va_end(ap);
	strbuf_addstr(p->err, msg);
	free(msg);
}

int manifest_valid_var_name(const char *s)
{
	if (!s || !(isalpha((unsigned char)*s) || *s == '_'))
		return 0;
	for (s++; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '_'))
			return 0;
	return 1;
}

int manifest_valid_target_name(const char *s)
{
	if (!s || !*s || *s == '-' || *s == '.')
		return 0;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '_' || *s == '-' || *s == '.'))
			return 0;
	return 1;
}

int manifest_split_assignment(const char *arg, char **name, char **value)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg)
		return 0;
	char *n = xstrndup(arg, (size_t)(eq - arg));
	if (!manifest_valid_var_name(n)) {
		free(n);
		return 0;
	}
	*name = n;
	*value = xstrdup(eq + 1);
	return 1;
}

static int is_builtin(const struct parser *p, const char *name)
{
	for (size_t i = 0; i < p->n_builtins; i++)
		if (!strcmp(p->builtins[i].name, name))
			return 1;
	return 0;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

/* Cut a '#' comment off a non-recipe line; "\#" stands for a literal '#'. */
static void strip_comment(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (r[0] == '\\' && r[1] == '#') {
			*w++ = '#';
			r++;
			continue;
		}
		if (*r == '#')
			break;
		*w++ = *r;
	}
	*w = '\0';
}

static int expand(struct parser *p, const char *text, int line, struct strbuf *out);

/* Expand the value of variable name into out; line is where it is referenced. */
static int expand_var(struct parser *p, const char *name, int line, struct strbuf *out)
{
	for (int i = 0; i < p->depth; i++) {
		if (strcmp(p->expanding[i], name))
			continue;
		struct strbuf chain = STRBUF_INIT;
		for (int j = i; j < p->depth; j++)
			strbuf_addf(&chain, "%s -> ", p->expanding[j]);
		strbuf_addstr(&chain, name);
		fail(p, line, "variable '%s' refers to itself (%s)", name, chain.buf);
		strbuf_release(&chain);
		return -1;
	}
	if (p->depth == MAX_NESTING) {
		fail(p, line, "variables nested more than %d deep", MAX_NESTING);
		return -1;
	}
	const char *value = NULL;
	int def_line = 0;
	int found = 0;
	for (size_t i = p->n_overrides; i-- > 0;)
		if (!strcmp(p->overrides[i].name, name)) {
			value = p->overrides[i].value;
			def_line = 0;
			found = 1;
			break;
		}
	if (!found)
		for (size_t i = p->n_vars; i-- > 0;) /* the last assignment wins, as in make */
			if (!strcmp(p->vars[i].name, name)) {
				value = p->vars[i].value;
				def_line = p->vars[i].line;
				found = 1;
				break;
			}
	if (!found)
		for (size_t i = 0; i < p->n_builtins; i++)
			if (!strcmp(p->builtins[i].name, name)) {
				/* built-ins are literal: a path may contain '$' */
				strbuf_addstr(out, p->builtins[i].value);
				return 0;
			}
	if (!found) {
		fail(p, line, "undefined variable '%s'", name);
		return -1;
	}
	p->expanding[p->depth++] = name;
	int rc = expand(p, value, def_line, out);
	p->depth--;
	return rc;
}

/* Append text with every $(NAME) replaced and "$$" turned into "$". */
static int expand(struct parser *p, const char *text, int line, struct strbuf *out)
{
	for (const char *s = text; *s; s++) {
		if (out->len > MAX_EXPANSION) {
			fail(p, line, "variable expansion longer than %u bytes (runaway nesting?)", MAX_EXPANSION);
			return -1;
		}
		if (*s != '$') {
			strbuf_addch(out, *s);
			continue;
		}
		if (s[1] == '$') {
			strbuf_addch(out, '$');
			s++;
			continue;
		}
		if (s[1] != '(') {
			fail(p, line, "'$' must start '$(NAME)'; write '$$' for a literal '$' (for example $$HOME in a recipe)");
			return -1;
		}
		const char *close = strchr(s + 2, ')');
		if (!close) {
			fail(p, line, "unterminated '$(' (missing ')')");
			return -1;
		}
		char *name = xstrndup(s + 2, (size_t)(close - s - 2));
		if (!manifest_valid_var_name(name)) {
			fail(p, line, "invalid variable name '%s' in '$(...)' (functions are not supported)", name);
			free(name);
			return -1;
		}
		int rc = expand_var(p, name, line, out);
		free(name);
		if (rc < 0)
			return -1;
		s = close;
	}
	return 0;
}

/*
 * Where a recipe line is in the shell's quoting when a $(NAME) is met: values are
 * data there (paths such as SQLDIR, a PREVIOUS=DIR typed by the operator), and a "'"
 * in a path once ended the manifest's '...' around it, so the rest of the value ran
 * as shell code. Tracked on the text the shell will read: unquoted, '...', "...",
 * with a stack for $(...) command substitutions (their quoting starts afresh).
 */
enum sh_quote { SH_OUT, SH_SINGLE, SH_DOUBLE };

struct sh_state {
	enum sh_quote q[MAX_NESTING]; /* per $(...) level, [0] the line itself */
	int parens[MAX_NESTING];      /* unquoted '(' open inside that level */
	int depth;
	int escaped;                  /* the previous byte was an unquoted or "..." backslash */
	char prev;                    /* the previous byte, to see "$(" */
};

/* Advance st over byte c of the text the shell reads. */
static void sh_feed(struct sh_state *st, char c)
{
	enum sh_quote *q = &st->q[st->depth];
	char prev = st->prev;
	st->prev = c;
	if (st->escaped) {
		st->escaped = 0;
		st->prev = 0; /* "\$(" is no substitution */
		return;
	}
	switch (*q) {
	case SH_SINGLE:
		if (c == '\'')
			*q = SH_OUT;
		return;
	case SH_DOUBLE:
		if (c == '\\')
			st->escaped = 1;
		else if (c == '"')
			*q = SH_OUT;
		else if (c == '(' && prev == '$' && st->depth + 1 < MAX_NESTING)
			st->q[++st->depth] = SH_OUT, st->parens[st->depth] = 0;
		return;
	case SH_OUT:
		if (c == '\\')
			st->escaped = 1;
		else if (c == '\'')
			*q = SH_SINGLE;
		else if (c == '"')
			*q = SH_DOUBLE;
		else if (c == '(' && prev == '$' && st->depth + 1 < MAX_NESTING)
			st->q[++st->depth] = SH_OUT, st->parens[st->depth] = 0;
		else if (c == '(')
			st->parens[st->depth]++;
		else if (c == ')' && st->parens[st->depth] > 0)
			st->parens[st->depth]--;
		else if (c == ')' && st->depth > 0)
			st->depth--;
		return;
	}
}

static void sh_add(struct strbuf *out, struct sh_state *st, const char *s, size_t n)
{
	strbuf_add(out, s, n);
	for (size_t i = 0; i < n; i++)
		sh_feed(st, s[i]);
}

/*
 * A recipe line expanded: a value inside '...' or "..." is escaped so that the shell
 * reads it back byte for byte ("'" as '\'', and \ " $ ` with a backslash inside
 * "..."); an unquoted value is shell text, as in make (a list of options such as
 * FLAGS = -a -b), so quote every $(NAME) that holds a path or other data.
 */
static char *expand_recipe(struct parser *p, const char *text, int line)
{
	struct strbuf out = STRBUF_INIT;
	struct sh_state st = { .depth = 0 };
	for (const char *s = text; *s; s++) {
		if (s[0] != '$') {
			sh_add(&out, &st, s, 1);
			continue;
		}
		if (s[1] == '$') { /* "$$" is the shell's '$' */
			sh_add(&out, &st, s++, 1);
			continue;
		}
		if (s[1] != '(') {
			fail(p, line, "'$' must start '$(NAME)'; write '$$' for a literal '$' (for example $$HOME in a recipe)");
			goto failed;
		}
		const char *close = strchr(s + 2, ')');
		if (!close) {
			fail(p, line, "unterminated '$(' (missing ')')");
			goto failed;
		}
		/* the value alone, through expand(): its own errors, $$ and nesting */
		struct strbuf v = STRBUF_INIT;
		char *ref = xstrndup(s, (size_t)(close + 1 - s));
		int rc = expand(p, ref, line, &v);
		free(ref);
		if (rc < 0) {
			strbuf_release(&v);
			goto failed;
		}
		switch (st.q[st.depth]) {
		case SH_SINGLE:
			for (size_t i = 0; i < v.len; i++) {
				if (v.buf[i] == '\'')
					strbuf_addstr(&out, "'\\''"); /* close, a quoted quote, reopen */
				else
					strbuf_addch(&out, v.buf[i]);
			}
			break;
		case SH_DOUBLE:
			for (size_t i = 0; i < v.len; i++) {
				if (strchr("\\\"$`", v.buf[i]) && v.buf[i])
					strbuf_addch(&out, '\\');
				strbuf_addch(&out, v.buf[i]);
			}
			st.prev = 0;
			break;
		case SH_OUT:
			sh_add(&out, &st, v.buf, v.len);
			break;
		}
		strbuf_release(&v);
		if (out.len > MAX_EXPANSION) {
			fail(p, line, "variable expansion longer than %u bytes (runaway nesting?)", MAX_EXPANSION);
			goto failed;
		}
		s = close;
	}
	return strbuf_detach(&out, NULL);
failed:
	strbuf_release(&out);
	return NULL;
}

static char *expand_dup(struct parser *p, const char *text, int line)
{
	struct strbuf sb = STRBUF_INIT;
	if (expand(p, text, line, &sb) < 0) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

/* Split on blanks; append newly allocated words to *words. */
static void split_words(const char *s, char ***words, size_t *n)
{
	while (*s) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		const char *b = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		*words = xrealloc(*words, (*n + 1) * sizeof(**words));
		(*words)[(*n)++] = xstrndup(b, (size_t)(s - b));
	}
}

static void add_raw_line(struct raw_line **arr, size_t *n, const char *text, int line)
{
	*arr = xrealloc(*arr, (*n + 1) * sizeof(**arr));
	(*arr)[*n].text = xstrdup(text);
	(*arr)[*n].line = line;
	(*n)++;
}

/* If s starts with the directive word (e.g. "outputs:"), return what follows it. */
static const char *directive(const char *s, const char *word)
{
	size_t n = strlen(word);
	if (strncmp(s, word, n))
		return NULL;
	if (s[n] && s[n] != ' ' && s[n] != '\t')
		return NULL;
	return s + n;
}

static void parse_logical_line(struct parser *p, char *text, int line)
{
	struct raw_rule *rule = p->in_rule ? &p->rules[p->n_rules - 1] : NULL;

	if (text[0] == '\t') {
		char *body = text + 1;
		while (*body == ' ' || *body == '\t')
			body++;
		if (!*body)
			return;
		if (!rule) {
			fail(p, line, "recipe line (starts with a TAB) outside a rule");
			return;
		}
		if (*body == '#')
			return; /* a comment inside a recipe */
		const char *rest;
		int is_out = (rest = directive(body, "outputs:")) != NULL;
		if (is_out || (rest = directive(body, "inputs:")) != NULL) {
			if (rule->n_recipe) {
				fail(p, line, "'%s' must come before the recipe lines of rule '%s'",
				     is_out ? "outputs:" : "inputs:", rule->head);
				return;
			}
			char *copy = xstrdup(rest);
			strip_comment(copy);
			if (is_out)
				add_raw_line(&rule->outputs, &rule->n_outputs, trim(copy), line);
			else
				add_raw_line(&rule->inputs, &rule->n_inputs, trim(copy), line);
			free(copy);
			return;
		}
		size_t n = strlen(body);
		while (n && (body[n - 1] == ' ' || body[n - 1] == '\t'))
			body[--n] = '\0';
		add_raw_line(&rule->recipe, &rule->n_recipe, body, line);
		return;
	}

	strip_comment(text);
	char *s = trim(text);
	if (!*s)
		return;
	if (text[0] == ' ') {
		fail(p, line, "line starts with spaces: recipe lines start with a TAB, other lines in column 1");
		return;
	}
	char *eq = strchr(s, '=');
	char *colon = strchr(s, ':');
	if (eq && (!colon || eq < colon)) {
		*eq = '\0';
		char *name = trim(s);
		char *value = trim(eq + 1);
		if (name[0] && strchr("+?:!", name[strlen(name) - 1])) {
			fail(p, line, "only 'NAME = value' assignments are supported (not '%c=')", name[strlen(name) - 1]);
			return;
		}
		if (!manifest_valid_var_name(name)) {
			fail(p, line, "invalid variable name '%s' (letters, digits and '_', not starting with a digit)", name);
			return;
		}
		if (is_builtin(p, name)) {
			fail(p, line, "'%s' is a built-in variable and cannot be assigned in the manifest", name);
			return;
		}
		p->vars = xrealloc(p->vars, (p->n_vars + 1) * sizeof(*p->vars));
		p->vars[p->n_vars].name = xstrdup(name);
		p->vars[p->n_vars].value = xstrdup(value);
		p->vars[p->n_vars].line = line;
		p->n_vars++;
		p->in_rule = 0;
		return;
	}
	if (!colon) {
		fail(p, line, "expected 'NAME = value' or 'target: prerequisites', got '%s'", s);
		return;
	}
	if (colon[1] == ':') {
		fail(p, line, "'::' rules are not supported");
		return;
	}
	*colon = '\0';
	p->rules = xrealloc(p->rules, (p->n_rules + 1) * sizeof(*p->rules));
	struct raw_rule *r = &p->rules[p->n_rules++];
	memset(r, 0, sizeof(*r));
	r->head = xstrdup(trim(s));
	r->prereqs = xstrdup(trim(colon + 1));
	r->line = line;
	p->in_rule = 1;
}

/* Pass 1: logical lines (a trailing backslash joins the next physical line). */
static void split_lines(struct parser *p, const char *text, size_t len)
{
	struct strbuf logical = STRBUF_INIT;
	int line = 0, start_line = 0;
	size_t i = 0;
	while (i < len && !p->failed) {
		size_t j = i;
		while (j < len && text[j] != '\n')
			j++;
		line++;
		size_t n = j - i;
		if (n && text[i + n - 1] == '\r')
			n--;
		const char *seg = text + i;
		if (memchr(seg, '\0', n)) {
			fail(p, line, "NUL byte in manifest");
			break;
		}
		if (logical.len == 0) {
			start_line = line;
		} else {
			/* continuation: drop its leading blanks, keep one space */
			while (n && (*seg == ' ' || *seg == '\t')) {
				seg++;
				n--;
			}
		}
		int continued = n && seg[n - 1] == '\\';
		strbuf_add(&logical, seg, continued ? n - 1 : n);
		if (continued && j < len) {
			while (logical.len && (logical.buf[logical.len - 1] == ' ' || logical.buf[logical.len - 1] == '\t'))
				logical.buf[--logical.len] = '\0';
			strbuf_addch(&logical, ' ');
		} else {
			parse_logical_line(p, logical.buf, start_line);
			strbuf_reset(&logical);
		}
		i = j + 1;
	}
	strbuf_release(&logical);
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row = xcalloc(lb + 1, sizeof(*row));
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	size_t d = row[lb];
	free(row);
	return d;
}

long manifest_find_target(const struct manifest *m, const char *name)
{
	for (size_t i = 0; i < m->n_targets; i++)
		if (!strcmp(m->targets[i].name, name))
			return (long)i;
	return -1;
}

const char *manifest_var(const struct manifest *m, const char *name)
{
	for (size_t i = 0; i < m->n_vars; i++)
		if (!strcmp(m->var_names[i], name))
			return m->var_values[i];
	return NULL;
}

/* Expand each raw directive line and split it into file names. */
static int expand_paths(struct parser *p, const struct raw_line *lines, size_t n, char ***out, size_t *n_out)
{
	for (size_t i = 0; i < n; i++) {
		char *x = expand_dup(p, lines[i].text, lines[i].line);
		if (!x)
			return -1;
		split_words(x, out, n_out);
		free(x);
	}
	return 0;
}

static int resolve_rules(struct parser *p, struct manifest *m)
{
	m->targets = xcalloc(p->n_rules, sizeof(*m->targets));
	for (size_t i = 0; i < p->n_rules; i++) {
		struct raw_rule *r = &p->rules[i];
		struct manifest_target *t = &m->targets[i];
		m->n_targets = i + 1;
		t->line = r->line;
		char *head = expand_dup(p, r->head, r->line);
		if (!head)
			return -1;
		char **names = NULL;
		size_t n_names = 0;
		split_words(head, &names, &n_names);
		free(head);
		if (n_names != 1) {
			if (n_names)
				fail(p, r->line, "one target per rule (got %zu names before ':')", n_names);
			else
				fail(p, r->line, "missing target name before ':'");
			for (size_t k = 0; k < n_names; k++)
				free(names[k]);
			free(names);
			return -1;
		}
		t->name = names[0];
		free(names);
		if (!manifest_valid_target_name(t->name)) {
			fail(p, r->line, "invalid target name '%s' (letters, digits, '_', '-', '.')", t->name);
			return -1;
		}
		for (size_t k = 0; k < i; k++)
			if (!strcmp(m->targets[k].name, t->name)) {
				fail(p, r->line, "target '%s' is already defined at line %d", t->name, m->targets[k].line);
				return -1;
			}
		char *pre = expand_dup(p, r->prereqs, r->line);
		if (!pre)
			return -1;
		split_words(pre, &t->prereqs, &t->n_prereqs);
		free(pre);
		if (expand_paths(p, r->outputs, r->n_outputs, &t->outputs, &t->n_outputs) < 0 ||
		    expand_paths(p, r->inputs, r->n_inputs, &t->inputs, &t->n_inputs) < 0)
			return -1;
		if (!t->n_outputs) {
			fail(p, r->line, "rule '%s' declares no outputs (add a line '<TAB>outputs: FILE...')", t->name);
			return -1;
		}
		if (!r->n_recipe) {
			fail(p, r->line, "rule '%s' has no recipe (TAB-indented command lines)", t->name);
			return -1;
		}
		t->recipe = xcalloc(r->n_recipe, sizeof(*t->recipe));
		t->recipe_line = xcalloc(r->n_recipe, sizeof(*t->recipe_line));
		for (size_t k = 0; k < r->n_recipe; k++) {
			t->recipe[k] = expand_recipe(p, r->recipe[k].text, r->recipe[k].line);
			t->n_recipe = k + 1;
			t->recipe_line[k] = r->recipe[k].line;
			if (!t->recipe[k])
				return -1;
		}
	}
	/* prerequisites must name rules */
	for (size_t i = 0; i < m->n_targets; i++) {
		struct manifest_target *t = &m->targets[i];
		t->prereq_index = xcalloc(t->n_prereqs, sizeof(*t->prereq_index));
		for (size_t k = 0; k < t->n_prereqs; k++) {
			long idx = manifest_find_target(m, t->prereqs[k]);
			if (idx >= 0) {
				t->prereq_index[k] = (size_t)idx;
				continue;
			}
			const char *best = NULL;
			/* suggest only near misses: at most 2 edits, fewer than half the name */
			size_t best_d = 3, len = strlen(t->prereqs[k]);
			for (size_t c = 0; c < m->n_targets; c++) {
				size_t d = edit_distance(t->prereqs[k], m->targets[c].name);
				if (d < best_d && 2 * d < len) {
					best_d = d;
					best = m->targets[c].name;
				}
			}
			if (best)
				fail(p, t->line, "unknown prerequisite '%s' (did you mean '%s'?)", t->prereqs[k], best);
			else
				fail(p, t->line, "unknown prerequisite '%s'", t->prereqs[k]);
			return -1;
		}
	}
	/* one output, one producer */
	for (size_t i = 0; i < m->n_targets; i++)
		for (size_t k = 0; k < m->targets[i].n_outputs; k++)
			for (size_t j = 0; j <= i; j++)
				for (size_t l = 0; l < m->targets[j].n_outputs; l++) {
					if (j == i && l >= k)
						break;
					if (strcmp(m->targets[i].outputs[k], m->targets[j].outputs[l]))
						continue;
					if (j == i)
						fail(p, m->targets[i].line, "rule '%s' lists output '%s' twice",
						     m->targets[i].name, m->targets[i].outputs[k]);
					else
						fail(p, m->targets[i].line, "output '%s' is already declared by rule '%s' (line %d)",
						     m->targets[i].outputs[k], m->targets[j].name, m->targets[j].line);
					return -1;
				}
	return 0;
}

/* DFS colours: 0 unvisited, 1 on the stack, 2 finished. */
static int find_cycle(struct parser *p, struct manifest *m, size_t v, int *colour, size_t *stack, size_t depth)
{
	colour[v] = 1;
	stack[depth] = v;
	struct manifest_target *t = &m->targets[v];
	for (size_t k = 0; k < t->n_prereqs; k++) {
		size_t w = t->prereq_index[k];
		if (colour[w] == 1) {
			struct strbuf chain = STRBUF_INIT;
			size_t from = 0;
			while (stack[from] != w)
				from++;
			for (size_t s = from; s <= depth; s++)
				strbuf_addf(&chain, "%s -> ", m->targets[stack[s]].name);
			strbuf_addstr(&chain, m->targets[w].name);
			fail(p, m->targets[w].line, "dependency cycle: %s", chain.buf);
			strbuf_release(&chain);
			return -1;
		}
		if (colour[w] == 0 && find_cycle(p, m, w, colour, stack, depth + 1) < 0)
			return -1;
	}
	colour[v] = 2;
	return 0;
}

/* Kahn's algorithm, always taking the earliest-declared ready rule: a stable order. */
static void order_targets(struct manifest *m)
{
	size_t n = m->n_targets;
	size_t *missing = xcalloc(n, sizeof(*missing));
	char *placed = xcalloc(n, 1);
	m->order = xcalloc(n, sizeof(*m->order));
	for (size_t i = 0; i < n; i++)
		missing[i] = m->targets[i].n_prereqs;
	for (size_t done = 0; done < n; done++) {
		size_t pick = n;
		for (size_t i = 0; i < n && pick == n; i++)
			if (!placed[i] && missing[i] == 0)
				pick = i;
		if (pick == n)
			break; /* unreachable: cycles were rejected */
		placed[pick] = 1;
		m->order[done] = pick;
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < m->targets[i].n_prereqs; k++)
				if (m->targets[i].prereq_index[k] == pick)
					missing[i]--;
	}
	free(missing);
	free(placed);
}

static void add_final_var(struct manifest *m, const char *name, char *value)
{
	for (size_t i = 0; i < m->n_vars; i++)
		if (!strcmp(m->var_names[i], name)) {
			free(value);
			return;
		}
	m->var_names = xrealloc(m->var_names, (m->n_vars + 1) * sizeof(char *));
	m->var_values = xrealloc(m->var_values, (m->n_vars + 1) * sizeof(char *));
	m->var_names[m->n_vars] = xstrdup(name);
	m->var_values[m->n_vars] = value;
	m->n_vars++;
}

/* Every variable's final value; also reports errors in variables no rule uses. */
static int resolve_vars(struct parser *p, struct manifest *m)
{
	for (size_t i = 0; i < p->n_overrides; i++) {
		if (!manifest_valid_var_name(p->overrides[i].name)) {
			fail(p, 0, "invalid variable name '%s'", p->overrides[i].name);
			return -1;
		}
		struct strbuf sb = STRBUF_INIT;
		if (expand_var(p, p->overrides[i].name, 0, &sb) < 0) {
			strbuf_release(&sb);
			return -1;
		}
		add_final_var(m, p->overrides[i].name, strbuf_detach(&sb, NULL));
	}
	for (size_t i = 0; i < p->n_vars; i++) {
		int redefined = 0; /* only the last assignment counts, as in make */
		for (size_t k = i + 1; k < p->n_vars; k++)
			redefined |= !strcmp(p->vars[k].name, p->vars[i].name);
		if (redefined)
			continue;
		struct strbuf sb = STRBUF_INIT;
		if (expand_var(p, p->vars[i].name, p->vars[i].line, &sb) < 0) {
			strbuf_release(&sb);
			return -1;
		}
		add_final_var(m, p->vars[i].name, strbuf_detach(&sb, NULL));
	}
	for (size_t i = 0; i < p->n_builtins; i++)
		add_final_var(m, p->builtins[i].name, xstrdup(p->builtins[i].value));
	return 0;
}

static void free_raw(struct parser *p)
{
	for (size_t i = 0; i < p->n_vars; i++) {
		free(p->vars[i].name);
		free(p->vars[i].value);
	}
	free(p->vars);
	for (size_t i = 0; i < p->n_rules; i++) {
		struct raw_rule *r = &p->rules[i];
		free(r->head);
		free(r->prereqs);
		for (size_t k = 0; k < r->n_outputs; k++)
			free(r->outputs[k].text);
		for (size_t k = 0; k < r->n_inputs; k++)
			free(r->inputs[k].text);
		for (size_t k = 0; k < r->n_recipe; k++)
			free(r->recipe[k].text);
		free(r->outputs);
		free(r->inputs);
		free(r->recipe);
	}
	free(p->rules);
}

struct manifest *manifest_parse(const char *file, const char *text, size_t len,
				const struct manifest_assign *builtins, size_t n_builtins,
				const struct manifest_assign *overrides, size_t n_overrides,
				struct strbuf *err)
{
	struct parser p = { 0 };
	p.file = file;
	p.err = err;
	p.builtins = builtins;
	p.n_builtins = n_builtins;
	p.overrides = overrides;
	p.n_overrides = n_overrides;

	struct manifest *m = xcalloc(1, sizeof(*m));
	m->file = xstrdup(file);
	split_lines(&p, text, len);
	if (!p.failed && p.n_rules == 0)
		fail(&p, 1, "no rules (a rule is 'target: prerequisites' followed by TAB-indented lines)");
	if (!p.failed)
		resolve_vars(&p, m);
	if (!p.failed)
		resolve_rules(&p, m);
	if (!p.failed) {
		int *colour = xcalloc(m->n_targets, sizeof(*colour));
		size_t *stack = xcalloc(m->n_targets + 1, sizeof(*stack));
		for (size_t i = 0; i < m->n_targets && !p.failed; i++)
			if (colour[i] == 0)
				find_cycle(&p, m, i, colour, stack, 0);
		free(colour);
		free(stack);
	}
	if (!p.failed)
		order_targets(m);
	free_raw(&p);
	if (p.failed) {
		manifest_free(m);
		return NULL;
	}
	return m;
}

struct manifest *manifest_load(const char *path,
			       const struct manifest_assign *builtins, size_t n_builtins,
			       const struct manifest_assign *overrides, size_t n_overrides,
			       struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT;
	if (strbuf_read_file(&text, path) < 0) {
		strbuf_addf(err, "%s: cannot read manifest: %s", path, strerror(errno));
		strbuf_release(&text);
		return NULL;
	}
	struct manifest *m = manifest_parse(path, text.buf, text.len, builtins, n_builtins,
					    overrides, n_overrides, err);
	strbuf_release(&text);
	return m;
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void manifest_free(struct manifest *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n_targets; i++) {
		struct manifest_target *t = &m->targets[i];
		free(t->name);
		free_strv(t->prereqs, t->n_prereqs);
		free(t->prereq_index);
		free_strv(t->outputs, t->n_outputs);
		free_strv(t->inputs, t->n_inputs);
		free_strv(t->recipe, t->n_recipe);
		free(t->recipe_line);
	}
	free(m->targets);
	free(m->order);
	free_strv(m->var_names, m->n_vars);
	free_strv(m->var_values, m->n_vars);
	free(m->file);
	free(m);
}
