/*
 * atomicfile.h - write a file so that readers see either the old complete file
 * or the new complete file, never a partial one: data goes to a temporary file
 * beside the target, which is fsync'd, renamed over the target, and the
 * directory fsync'd. An uncommitted temporary is removed on pga_die() and at
 * exit; one left by SIGKILL is named ".NAME.tmp-PID" and never read as an
 * artifact.
 */
#ifndef PGA_ATOMICFILE_H
#define PGA_ATOMICFILE_H

#include <stddef.h>

struct atomic_file {
	char *path;     /* final path (owned) */
	char *tmp_path; /* temporary path (owned) */
	int fd;         /* -1 once committed or aborted */
	unsigned long long bytes; /* bytes written so far */
};

/* Create the temporary file for path. Dies with a message naming path on failure. */
void atomic_open(struct atomic_file *af, const char *path);
/* Write all of buf; dies naming the file on error (ENOSPC included). */
/* Remove the temporary files of path (atomic_open()'s names) whose writer process is
   gone: a killed writer's bytes, which no later write of path would otherwise remove
   when path lies outside a stage's directory (an archive's -o). */
void atomic_clean_stale(const char *path);
/* A mkdtemp() template for a temporary directory beside path that carries this process's
   pid: ".NAME.TAG-PID.XXXXXX", so that atomic_clean_stale_dirs() can tell a killed
   writer's directory from a live one's. The caller frees it. */
char *atomic_tmpdir_template(const char *path, const char *tag);
/* Remove, with all they hold, the directories atomic_tmpdir_template(path, tag) named
   whose process is gone (a kill -9 during an archive's --extract). */
void atomic_clean_stale_dirs(const char *path, const char *tag);
void atomic_write(struct atomic_file *af, const void *buf, size_t len);
/* fsync the temporary file now (dies naming it, ENOSPC included), so that a later
   atomic_commit() needs no new space: a stage writes its report this far before a
   database COMMIT it must not repeat, and renames it after. */
void atomic_sync(struct atomic_file *af);
/* fsync, rename over the target, fsync the directory; frees af's strings. */
void atomic_commit(struct atomic_file *af);
/* Remove the temporary file and free af's strings; safe after commit. */
void atomic_abort(struct atomic_file *af);

/* Write a whole small file atomically (JSON sidecars, reports). */
void atomic_write_file(const char *path, const void *buf, size_t len);

/* fsync the directory containing path (after a rename or unlink). */
void fsync_parent_dir(const char *path);

/* Fault injection for the crash tests: if the environment variable
 * PGGIT_AUDIT_FAULT is "point", kill this process with SIGKILL here; if it is
 * "point@N", only the Nth time this process reaches point. With ":stop" after
 * either ("point@N:stop"), stop it with SIGSTOP instead, so that a test can
 * act while the process is certainly at that point. Any thread may pass a point;
 * N counts the passes of all threads. */
void fault_point(const char *point);

/* For the driver: from now on this process passes only its own points (journal-*).
 * Its recipes inherit PGGIT_AUDIT_FAULT for the stages; without this, a stage's
 * point such as before-rename@1 killed the driver at its own first atomic write
 * instead of the stage a crash test meant. */
void fault_points_driver_only(void);

#endif
