/*
 * runner.h - run the rules of a manifest in a work directory, make-style but
 * with content hashes: a target is skipped when its last run finished and its
 * recorded outputs still have their recorded SHA-256, and its inputs (the
 * prerequisites' outputs and its declared input files), expanded recipe,
 * tool version and connection identity are the same as then. Never mtimes.
 *
 * Layout of WORKDIR:
 *   .pggit-audit/journal.ndjson  the hash-chained event journal (runner_journal.h)
 *   .pggit-audit/lock            held while a run lives (runner_lock.h)
 *   .pggit-audit/manifest.mk     copy of the manifest of the last run (for status)
 *   .pggit-audit/run.json        its file name, command-line variables, manifest.mk's hash
 *   logs/TARGET.log              stdout+stderr of the target's last attempt
 */
#ifndef PGA_RUNNER_H
#define PGA_RUNNER_H

#include <stdio.h>
#include <stddef.h>

#include "manifest.h"

#define RUNNER_STATE_DIR ".pggit-audit"

struct runner_options {
	const char *workdir;          /* absolute; created if missing (not in dry-run) */
	const char *bindir;           /* prepended to PATH for the recipes */
	int dry_run;                  /* print what would run and why; change nothing */
	int keep_going;               /* after a failure, still run what does not depend on it */
	unsigned jobs;                /* independent targets run at once (>= 1) */
	const char *const *force;     /* targets to run even when up to date */
	size_t n_force;
	const char *const *goals;     /* targets wanted (with their prerequisites); none = all */
	size_t n_goals;
	/*
	 * Identity of the databases (redacted conninfo text, never a password):
	 * its SHA-256 is part of every target's fingerprint, so pointing the run
	 * at another database reruns everything. NULL: not checked.
	 */
	const char *connection_id;
	/*
	 * Which database each reaches (conninfo_location(): host, port, dbname,
	 * service, with the PG* defaults; not the role), kept in the journal as
	 * hashes. A run where either differs from the journal's last record is
	 * refused unless allow_connection_change is set; then, as for any change
	 * of connection_id (another role, say), every target reruns.
	 */
	const char *source_id;
	const char *target_id;
	int allow_connection_change;
};

/*
 * Run the wanted targets in dependency order, printing for each the reason it
 * runs or is skipped. Recipe lines run with /bin/sh -c, cwd WORKDIR, PATH
 * prefixed with bindir, the caller's environment otherwise (put the
 * PGGIT_AUDIT_SOURCE/TARGET conninfo there). Returns the process exit status:
 * 0 when every wanted target is done, 1 when one failed or could not run,
 * 130/143 when interrupted by SIGINT/SIGTERM. Dies (exit 1) on a corrupt
 * journal, a held lock or I/O errors.
 */
int runner_run(const struct manifest *m, const char *manifest_text, size_t manifest_len,
	       const struct manifest_assign *overrides, size_t n_overrides,
	       const struct runner_options *o);

/*
 * Print to out one line per target of m: done, stale (with why), pending,
 * failed, running or interrupted, plus the state of the lock and the journal.
 * Returns 0, or 1 if the journal is corrupt (reported on stderr).
 */
int runner_status(const struct manifest *m, const char *workdir, FILE *out);

/*
 * Read WORKDIR/.pggit-audit/run.json (written by runner_run): the manifest
 * file name of the last run and its command-line variables. Returns 0 and
 * newly allocated strings (free each, then the arrays), or -1 with the reason
 * (file, line when JSON is broken) appended to err if absent or invalid, or if
 * manifest.mk is not the one run.json records the hash of (a run killed between
 * writing the two). The bytes of manifest.mk that were checked are left in
 * manifest_text (the caller releases it): parse those, not the file again, which a
 * live run may have replaced since.
 */
struct strbuf;
int runner_last_run(const char *workdir, char **manifest_file, char ***names, char ***values, size_t *n,
		    struct strbuf *manifest_text, struct strbuf *err);

/*
 * Whether workdir holds the files of one run (journal_check_files() of runner_journal.h,
 * for the targets of the manifest its last run used, all of them when its copy cannot be
 * read). Returns NULL, or a message to free.
 */
char *runner_check_one_run(const char *workdir, const char *(*sha_of)(const char *rel, void *arg), void *arg);

#endif
