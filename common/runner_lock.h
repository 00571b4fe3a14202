/*
 * runner_lock.h - one `pggit-audit run` per work directory at a time.
 *
 * The lock is WORKDIR/.pggit-audit/lock, a file holding "pid=N", "host=H"
 * and "started=TIME", with a POSIX record lock (fcntl F_SETLK) on it while the
 * run lives. The kernel drops that record lock when the process dies, however
 * it dies, so a lock file whose record lock is free was left by a dead run:
 * it is taken over with a warning naming the dead pid (decision documented in
 * docs/manifest.md). A lock file written on another host is never taken over:
 * whether that run lives cannot be checked from here, so the message says how
 * to remove it by hand.
 */
#ifndef PGA_RUNNER_LOCK_H
#define PGA_RUNNER_LOCK_H

#include <sys/types.h>

struct strbuf;

struct runner_lock {
	char *path; /* owned; NULL when not held */
	int fd;
	pid_t owner;
};

/*
 * Take the lock in statedir (which must exist). Returns 0, or -1 with a
 * message for the user appended to err (another live run holds it, a foreign
 * host's lock, I/O error). The lock is released automatically at exit.
 */
int runner_lock_acquire(struct runner_lock *lk, const char *statedir, struct strbuf *err);

/* Remove the lock file and drop the lock; safe to call twice. */
void runner_lock_release(struct runner_lock *lk);

/*
 * Without taking it: return 1 and the holder's pid if a live process holds
 * the lock in statedir, 0 if nobody does (a leftover file of a dead run
 * included; *stale_pid then receives its pid, else 0), -1 on error.
 */
int runner_lock_probe(const char *statedir, pid_t *holder, pid_t *stale_pid);

#endif
