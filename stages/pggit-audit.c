/*
 * pggit-audit.c - the driver, git-style:
 *   pggit-audit run MANIFEST --source CONNINFO [--target CONNINFO] --workdir DIR [options] [TARGET...] [VAR=value...]
 *   pggit-audit status [MANIFEST] --workdir DIR [VAR=value...]
 *   pggit-audit COMMAND ARGS...   execs pggit-audit-COMMAND found next to this program
 *   pggit-audit --help | --version
 * Connection strings reach the recipes only through the environment
 * (PGGIT_AUDIT_SOURCE, PGGIT_AUDIT_TARGET) and are printed only redacted.
 */
#include "conninfo.h"
#include "display.h"
#include "manifest.h"
#include "runner.h"
#include "strbuf.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PGGIT_AUDIT_VERSION
#define PGGIT_AUDIT_VERSION "unknown"
#endif

static const char usage_text[] =
	"usage: pggit-audit run MANIFEST --source CONNINFO [--target CONNINFO] --workdir DIR\n"
	"                       [--dry-run] [--keep-going] [--force TARGET]... [--jobs N]\n"
	"                       [--allow-connection-change] [TARGET...] [VAR=value...]\n"
	"       pggit-audit status [MANIFEST] --workdir DIR [VAR=value...]\n"
	"       pggit-audit COMMAND [ARGS...]   (runs pggit-audit-COMMAND from the driver's directory)\n"
	"       pggit-audit --help | --version\n"
	"\n"
	"run      run the manifest's targets in dependency order, skipping those whose\n"
	"         recorded outputs, inputs, recipe and tool version are unchanged\n"
	"         (content hashes); prints why each target runs or is skipped\n"
	"  --source CONNINFO  libpq connection string of the pgGit store (keyword form, URI,\n"
	"                     or '' for the PG* environment / service file); default: the\n"
	"                     environment variable PGGIT_AUDIT_SOURCE. Prefer ~/.pgpass or\n"
	"                     PGPASSWORD over a password in CONNINFO. CONNINFO may also be\n"
	"                     @env:NAME: read from the environment variable NAME, which every\n"
	"                     program removes from its environment (the driver hands a\n"
	"                     password-holding CONNINFO to a COMMAND this way, never on its\n"
	"                     command line).\n"
	"  --target CONNINFO  where the audit trail is written (default: the source; or\n"
	"                     PGGIT_AUDIT_TARGET)\n"
	"  --workdir DIR      work directory (created); state in DIR/.pggit-audit, logs in DIR/logs\n"
	"  --dry-run          print what would run and why; change nothing\n"
	"  --keep-going       after a failure, still run targets that do not depend on it\n"
	"  --force TARGET     run TARGET even if it is up to date (repeatable)\n"
	"  --jobs N           run up to N independent targets at once (default 1)\n"
	"  --allow-connection-change  the work directory's last run used other databases\n"
	"                     (--source/--target): rerun every target against these (refused\n"
	"                     without it)\n"
	"  TARGET...          run only these targets and their prerequisites\n"
	"  VAR=value          override a manifest variable (e.g. BATCH_ROWS=1000)\n"
	"status   show each target: done, stale (and why), pending, failed, running, interrupted;\n"
	"         without MANIFEST, uses the copy saved by the last run\n"
	"\n"
	"Manifest variables built in: WORKDIR, BINDIR (this program's directory), SQLDIR.\n"
	"Exit status: 0 success, 1 failure, 2 usage error, 130/143 interrupted.\n";

static void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void usage_error(const char *fmt, ...)
{
	/* the message quotes the command line (an unknown target or option as typed), and goes
	   through the same filter as every other message: no ESC or control byte of it reaches
	   the terminal */
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *msg = malloc(n < 0 ? 1 : (size_t)n + 1);
	if (msg && n >= 0) {
		va_start(ap, fmt);
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	fprintf(stderr, "pggit-audit: ");
	if (msg && n >= 0)
		display_fputs(stderr, msg, (size_t)n, DISPLAY_LINES);
	free(msg);
	fprintf(stderr, "\nSee 'pggit-audit --help'.\n");
	exit(2);
}

/*
 * A conninfo given as a bare argument (without --source/--target) would be taken for a
 * target name (echoed as unknown) or a VAR=value (saved in run.json), password and all:
 * refused, naming only its position.
 */
static void refuse_conninfo_argument(const char *command, int i) __attribute__((noreturn));
static void refuse_conninfo_argument(const char *command, int i)
{
	usage_error("%s: argument %d looks like a connection string holding a password; give it with --source or "
		    "--target (or PGGIT_AUDIT_SOURCE/PGGIT_AUDIT_TARGET); it is not shown here",
		    command, i + 1);
}

/* Directory of the running executable (owned string). */
static char *find_bindir(const char *argv0)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	if (n > 0) {
		buf[n] = '\0';
	} else if (strchr(argv0, '/') && realpath(argv0, buf)) {
		/* buf set */
	} else {
		pga_die("cannot find the directory of this program");
	}
	char *slash = strrchr(buf, '/');
	if (slash == buf)
		return xstrdup("/");
	*slash = '\0';
	return xstrdup(buf);
}

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A build tree has CMakeCache.txt one level above bin/; its source dir holds sql/. */
static char *sqldir_from_build_tree(const char *bindir)
{
	char *cache = xasprintf("%s/../CMakeCache.txt", bindir);
	FILE *f = fopen(cache, "r");
	free(cache);
	if (!f)
		return NULL;
	char line[PATH_MAX + 64];
	char *found = NULL;
	const char key[] = "CMAKE_HOME_DIRECTORY:INTERNAL=";
	while (!found && fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, sizeof(key) - 1))
			continue;
		line[strcspn(line, "\n")] = '\0';
		char *dir = xasprintf("%s/sql", line + sizeof(key) - 1);
		if (is_dir(dir))
			found = dir;
		else
			free(dir);
	}
	fclose(f);
	return found;
}

/*
 * SQLDIR: the compile-time PGGIT_AUDIT_SQLDIR if defined; else the first
 * existing of BINDIR/../sql, BINDIR/../share/pggit-audit/sql, the source
 * tree of a CMake build directory, BINDIR/../../sql; else the install location.
 */
static char *find_sqldir(const char *bindir)
{
#ifdef PGGIT_AUDIT_SQLDIR
	(void)bindir;
	return xstrdup(PGGIT_AUDIT_SQLDIR);
#else
	char *c1 = xasprintf("%s/../sql", bindir);
	if (is_dir(c1))
		return c1;
	free(c1);
	char *c2 = xasprintf("%s/../share/pggit-audit/sql", bindir);
	if (is_dir(c2))
		return c2;
	char *c3 = sqldir_from_build_tree(bindir);
	if (c3) {
		free(c2);
		return c3;
	}
	char *c4 = xasprintf("%s/../../sql", bindir);
	if (is_dir(c4)) {
		free(c2);
		return c4;
	}
	free(c4);
	return c2;
#endif
}

static char *absolute(const char *p)
{
	if (p[0] == '/')
		return xstrdup(p);
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof(cwd)))
		pga_die_errno("getcwd");
	if (!strcmp(p, "."))
		return xstrdup(cwd);
	return path_join(cwd, p);
}

/* "--name value" or "--name=value": returns the value and advances *i, or NULL. */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n))
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] != '\0')
		return NULL;
	if (*i + 1 >= argc)
		usage_error("%s needs a value", name);
	return argv[++*i];
}

struct assignments {
	struct manifest_assign *a;
	size_t n;
};

static void add_assignment(struct assignments *as, char *name, char *value)
{
	as->a = xrealloc(as->a, (as->n + 1) * sizeof(*as->a));
	as->a[as->n].name = name;
	as->a[as->n].value = value;
	as->n++;
}

/*
 * A VAR=value is saved in run.json and, through the recipes, echoed in the logs: a value
 * that is (or holds) a connection string with a password (SOURCE='host=h password=PW',
 * a pasted postgresql://u:PW@h/db) is refused, naming the variable only, whatever the
 * variable is called.
 */
static void check_override(const char *command, int i, const char *name, const char *value)
{
	if (!strcmp(name, "WORKDIR"))
		usage_error("WORKDIR cannot be overridden: use --workdir");
	/* PGPASSWORD=PW after the manifest sets a manifest variable, not the environment */
	if (conninfo_secret_envvar(name))
		usage_error("%s: %s=... (argument %d) would set a manifest variable, saved in the work directory, not the "
			    "environment libpq reads; it is refused and not shown here: set %s in the environment "
			    "(%s=... pggit-audit run ...) or use ~/.pgpass",
			    command, name, i + 1, name, name);
	if (conninfo_may_hold_secret(value))
		usage_error("%s: the value of %s (argument %d) looks like a connection string holding a password; it "
			    "would be saved in the work directory and shown in the logs, so it is refused and not shown "
			    "here: give connections with --source/--target, or put the value in an environment variable "
			    "the recipe reads ($$NAME)",
			    command, name, i + 1);
}

/* Validated conninfo, or die naming the option (libpq's message has quoted input removed). */
static void check_conninfo(const char *what, const char *conninfo)
{
	char *msg = NULL;
	if (conninfo_check(conninfo, &msg) < 0)
		usage_error("%s: not a valid libpq connection string: %s", what, msg);
}

static char *describe_conninfo(const char *conninfo)
{
	char *r = conninfo_redact(conninfo);
	if (r && !*r) {
		free(r);
		return xstrdup("(empty: libpq defaults, PG* environment variables / service file)");
	}
	return r;
}

static void add_pg_defaults(struct strbuf *sb)
{
	static const char *const vars[] = { "PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE" };
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);
		if (v)
			strbuf_addf(sb, "%s\t%s\n", vars[i], v);
	}
}

/* What identifies the databases for the fingerprints: redacted conninfos and the PG* defaults.
   The text is unchanged since the first journal format, so old journals still match. */
static char *connection_identity(const char *source, const char *target)
{
	struct strbuf sb = STRBUF_INIT;
	char *rs = conninfo_redact(source), *rt = conninfo_redact(target);
	strbuf_addf(&sb, "source\t%s\ntarget\t%s\n", rs, rt);
	free(rs);
	free(rt);
	add_pg_defaults(&sb);
	return strbuf_detach(&sb, NULL);
}

/* Which database one of them reaches (role: "source" or "target"), whatever the login
   role or other options: a resume that moves a work directory to another one is refused. */
static char *database_identity(const char *role, const char *conninfo)
{
	struct strbuf sb = STRBUF_INIT;
	char *loc = conninfo_location(conninfo);
	strbuf_addf(&sb, "%s\n%s", role, loc ? loc : "");
	free(loc);
	return strbuf_detach(&sb, NULL);
}

static int cmd_run(int argc, char **argv, const char *bindir)
{
	const char *manifest_path = NULL, *source = NULL, *target = NULL, *workdir = NULL;
	struct runner_options o = { 0 };
	o.jobs = 1;
	const char **force = xcalloc((size_t)argc, sizeof(char *));
	const char **goals = xcalloc((size_t)argc, sizeof(char *));
	struct assignments ov = { 0 };
	int no_more_options = 0;
	for (int i = 1; i < argc; i++) {
		const char *v;
		char *name, *value;
		if (!no_more_options && !strcmp(argv[i], "--")) {
			no_more_options = 1;
		} else if (!no_more_options && (v = option_value(argc, argv, &i, "--source"))) {
			source = v;
		} else if (!no_more_options && (v = option_value(argc, argv, &i, "--target"))) {
			target = v;
		} else if (!no_more_options && (v = option_value(argc, argv, &i, "--workdir"))) {
			workdir = v;
		} else if (!no_more_options && (v = option_value(argc, argv, &i, "--force"))) {
			force[o.n_force++] = v;
		} else if (!no_more_options && (v = option_value(argc, argv, &i, "--jobs"))) {
			unsigned long long n;
			if (parse_u64(v, &n) < 0 || n < 1 || n > 32)
				usage_error("--jobs needs a number from 1 to 32, not '%s'", v);
			o.jobs = (unsigned)n;
		} else if (!no_more_options && !strcmp(argv[i], "--dry-run")) {
			o.dry_run = 1;
		} else if (!no_more_options && !strcmp(argv[i], "--allow-connection-change")) {
			o.allow_connection_change = 1;
		} else if (!no_more_options && (!strcmp(argv[i], "--keep-going") || !strcmp(argv[i], "-k"))) {
			o.keep_going = 1;
		} else if (!no_more_options && (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))) {
			fputs(usage_text, stdout);
			exit(0);
		} else if (!no_more_options && argv[i][0] == '-' && argv[i][1]) {
			usage_error("run: unknown option '%s'", argv[i]);
		} else if (conninfo_may_hold_secret(argv[i])) {
			refuse_conninfo_argument("run", i);
		} else if (manifest_split_assignment(argv[i], &name, &value)) {
			check_override("run", i, name, value);
			add_assignment(&ov, name, value);
		} else if (!manifest_path) {
			manifest_path = argv[i];
		} else {
			goals[o.n_goals++] = argv[i];
		}
	}
	if (!manifest_path)
		usage_error("run: missing MANIFEST");
	if (!workdir)
		usage_error("run: missing --workdir DIR");
	if (!source)
		source = getenv("PGGIT_AUDIT_SOURCE");
	if (!source)
		usage_error("run: missing --source CONNINFO (or the environment variable PGGIT_AUDIT_SOURCE)");
	if (!target)
		target = getenv("PGGIT_AUDIT_TARGET");
	if (!target)
		target = source;
	check_conninfo("--source", source);
	check_conninfo("--target", target);

	char *abs_workdir = absolute(workdir);
	char *sqldir = find_sqldir(bindir);
	struct manifest_assign builtins[] = {
		{ "WORKDIR", abs_workdir },
		{ "BINDIR", bindir },
		{ "SQLDIR", sqldir },
	};
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
	if (strbuf_read_file(&text, manifest_path) < 0)
		pga_die_errno("cannot read manifest %s", manifest_path);
	struct manifest *m = manifest_parse(manifest_path, text.buf, text.len, builtins, 3, ov.a, ov.n, &err);
	if (!m) {
		/* the parser's message quotes the manifest's own bytes (a name, a prerequisite) */
		display_fputs(stderr, err.buf, err.len, DISPLAY_LINES);
		fputc('\n', stderr);
		exit(1);
	}
	/* a manifest's own variable holding a password would be echoed in every log of a
	   recipe that uses it, and the manifest is copied into the work directory */
	for (size_t i = 0; i < m->n_vars; i++)
		if (conninfo_may_hold_secret(m->var_values[i]) || conninfo_text_may_hold_secret(m->var_values[i]))
			pga_die("%s: variable '%s' looks like a connection string holding a password (or holds "
				"PGPASSWORD=... or SQL's PASSWORD '...'); it would be "
				"copied into the work directory and shown in the logs: give connections with "
				"--source/--target, or read the password from ~/.pgpass or PGPASSWORD",
				manifest_path, m->var_names[i]);
	/* likewise a password written in a recipe line: the line is echoed ("+ LINE") into the
	   target's log and the terminal, and the manifest copied; refused, the line not shown */
	for (size_t t = 0; t < m->n_targets; t++)
		for (size_t k = 0; k < m->targets[t].n_recipe; k++)
			if (conninfo_text_may_hold_secret(m->targets[t].recipe[k]))
				pga_die("%s:%d: a recipe line of target '%s' holds what looks like a password (a "
					"connection string with one, PGPASSWORD=..., or SQL's PASSWORD '...'); it would be copied into the work "
					"directory and shown in the logs, so the manifest is refused and the line not shown "
					"here: give connections with --source/--target (the recipe reads "
					"\"$$PGGIT_AUDIT_SOURCE\"), or read the password from ~/.pgpass or PGPASSWORD",
					manifest_path, m->targets[t].recipe_line[k], m->targets[t].name);

	/* the recipes, and only they, see the connection strings, through the environment */
	char *old_path = getenv("PATH");
	char *new_path = old_path && *old_path ? xasprintf("%s:%s", bindir, old_path) : xstrdup(bindir);
	if (setenv("PATH", new_path, 1) < 0 || setenv("PGGIT_AUDIT_SOURCE", source, 1) < 0 ||
	    setenv("PGGIT_AUDIT_TARGET", target, 1) < 0 || setenv("PGGIT_AUDIT_WORKDIR", abs_workdir, 1) < 0)
		pga_die_errno("setenv");
	free(new_path);

	char *ds = describe_conninfo(source), *dt = describe_conninfo(target);
	printf("source:  %s\ntarget:  %s\nworkdir: %s\n", ds, dt, abs_workdir);
	fflush(stdout);
	free(ds);
	free(dt);
	char *ident = connection_identity(source, target);
	char *src_ident = database_identity("source", source), *tgt_ident = database_identity("target", target);
	o.source_id = src_ident;
	o.target_id = tgt_ident;
	o.workdir = abs_workdir;
	o.bindir = bindir;
	o.force = force;
	o.goals = goals;
	o.connection_id = ident;
	int rc = runner_run(m, text.buf, text.len, ov.a, ov.n, &o);

	free(ident);
	free(src_ident);
	free(tgt_ident);
	manifest_free(m);
	strbuf_release(&text);
	strbuf_release(&err);
	for (size_t i = 0; i < ov.n; i++) {
		free((char *)ov.a[i].name);
		free((char *)ov.a[i].value);
	}
	free(ov.a);
	free(force);
	free(goals);
	free(sqldir);
	free(abs_workdir);
	return rc;
}

static int cmd_status(int argc, char **argv, const char *bindir)
{
	const char *manifest_path = NULL, *workdir = NULL;
	struct assignments ov = { 0 };
	for (int i = 1; i < argc; i++) {
		const char *v;
		char *name, *value;
		if ((v = option_value(argc, argv, &i, "--workdir"))) {
			workdir = v;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			exit(0);
		} else if (argv[i][0] == '-' && argv[i][1]) {
			usage_error("status: unknown option '%s'", argv[i]);
		} else if (conninfo_may_hold_secret(argv[i])) {
			refuse_conninfo_argument("status", i);
		} else if (manifest_split_assignment(argv[i], &name, &value)) {
			check_override("status", i, name, value);
			add_assignment(&ov, name, value);
		} else if (!manifest_path) {
			manifest_path = argv[i];
		} else {
			usage_error("status: unexpected argument '%s'", argv[i]);
		}
	}
	if (!workdir)
		usage_error("status: missing --workdir DIR");
	char *abs_workdir = absolute(workdir);
	char *copy = NULL;
	char *recorded_file = NULL;
	struct strbuf recorded_text = STRBUF_INIT; /* the copy's bytes whose hash run.json records */
	char **names = NULL, **values = NULL;
	size_t n_rec = 0;
	if (!manifest_path) {
		char *state = path_join(abs_workdir, RUNNER_STATE_DIR);
		copy = path_join(state, "manifest.mk");
		free(state);
		if (access(copy, R_OK) < 0)
			pga_die("%s has no recorded run (%s missing); give the MANIFEST", abs_workdir, copy);
		manifest_path = copy;
		/* without the last run's VAR=value the recipes expand differently and every target
		   would show as stale ("recipe changed"): a status that misleads is worse than none */
		struct strbuf rerr = STRBUF_INIT;
		if (runner_last_run(abs_workdir, &recorded_file, &names, &values, &n_rec, &recorded_text, &rerr) < 0)
			pga_die("cannot read the last run's variables: %s; give the MANIFEST and the run's VAR=value "
				"(status MANIFEST --workdir DIR VAR=value...)", rerr.buf);
		strbuf_release(&rerr);
		for (size_t i = 0; i < n_rec; i++) {
			int given = 0;
			for (size_t k = 0; k < ov.n; k++)
				given |= !strcmp(ov.a[k].name, names[i]);
			if (!given)
				add_assignment(&ov, xstrdup(names[i]), xstrdup(values[i]));
		}
	}
	char *sqldir = find_sqldir(bindir);
	struct manifest_assign builtins[] = {
		{ "WORKDIR", abs_workdir },
		{ "BINDIR", bindir },
		{ "SQLDIR", sqldir },
	};
	struct strbuf err = STRBUF_INIT;
	struct manifest *m = copy ? manifest_parse(manifest_path, recorded_text.buf, recorded_text.len, builtins, 3,
						   ov.a, ov.n, &err)
				  : manifest_load(manifest_path, builtins, 3, ov.a, ov.n, &err);
	strbuf_release(&recorded_text);
	if (!m) {
		/* the parser's message quotes the manifest's own bytes (a name, a prerequisite) */
		display_fputs(stderr, err.buf, err.len, DISPLAY_LINES);
		fputc('\n', stderr);
		exit(1);
	}
	if (recorded_file) {
		printf("last run: %s (status reads its copy)\n", recorded_file);
	}
	int rc = runner_status(m, abs_workdir, stdout);
	manifest_free(m);
	strbuf_release(&err);
	for (size_t i = 0; i < ov.n; i++) {
		free((char *)ov.a[i].name);
		free((char *)ov.a[i].value);
	}
	free(ov.a);
	for (size_t i = 0; i < n_rec; i++) {
		free(names[i]);
		free(values[i]);
	}
	free(names);
	free(values);
	free(recorded_file);
	free(copy);
	free(sqldir);
	free(abs_workdir);
	return rc;
}

static int compare_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void print_help(const char *bindir)
{
	fputs(usage_text, stdout);
	DIR *d = opendir(bindir);
	if (!d)
		return;
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "pggit-audit-", 12) || !e->d_name[12])
			continue;
		char *p = path_join(bindir, e->d_name);
		if (access(p, X_OK) == 0) {
			names = xrealloc(names, (n + 1) * sizeof(*names));
			names[n++] = xstrdup(e->d_name + 12);
		}
		free(p);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), compare_str);
	if (n)
		printf("\nCommands found next to the driver (%s):\n", bindir);
	for (size_t i = 0; i < n; i++) {
		printf("  %s\n", names[i]);
		free(names[i]);
	}
	free(names);
}

/* "pggit-audit foo ARGS" runs BINDIR/pggit-audit-foo ARGS, like git. */
static int exec_subcommand(int argc, char **argv, const char *bindir)
{
	const char *cmd = argv[0];
	if (strchr(cmd, '/') || cmd[0] == '-' || cmd[0] == '.')
		usage_error("'%s' is not a pggit-audit command", cmd);
	char *prog = xasprintf("pggit-audit-%s", cmd);
	char *path = path_join(bindir, prog);
	if (access(path, X_OK) < 0)
		usage_error("'%s' is not a pggit-audit command (no executable %s)", cmd, path);
	char **args = xcalloc((size_t)argc + 1, sizeof(char *));
	args[0] = prog;
	for (int i = 1; i < argc; i++)
		args[i] = argv[i];
	/* the command's argv is on view (ps) from its exec until it hides it itself */
	conninfo_args_to_env(argc, args);
	fflush(NULL);
	execv(path, args);
	pga_die_errno("cannot run %s", path);
}

int main(int argc, char **argv)
{
	pga_set_progname("pggit-audit");
	conninfo_hide_args(argc, argv); /* before anything reads them: ps shows argv */
	if (argc < 2)
		usage_error("missing command");
	char *bindir = find_bindir(argv[0]);
	const char *cmd = argv[1];
	int rc;
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		print_help(bindir);
		rc = 0;
	} else if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
		printf("pggit-audit %s\n", PGGIT_AUDIT_VERSION);
		rc = 0;
	} else if (!strcmp(cmd, "run")) {
		rc = cmd_run(argc - 1, argv + 1, bindir);
	} else if (!strcmp(cmd, "status")) {
		rc = cmd_status(argc - 1, argv + 1, bindir);
	} else if (cmd[0] == '-') {
		usage_error("unknown option '%s'", cmd);
	} else {
		rc = exec_subcommand(argc - 1, argv + 1, bindir);
	}
	free(bindir);
	return rc;
}
