/* runner_lock.c - the work directory lock; see runner_lock.h. */
#include "runner_lock.h"
#include "runner_journal.h"
#include "strbuf.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void read_lock_file(int fd, pid_t *pid, char *host, size_t host_size)
{
	char buf[512];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	*pid = 0;
	if (host_size)
		host[0] = '\0';
	if (n <= 0)
		return;
	buf[n] = '\0';
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		if (!strncmp(line, "pid=", 4))
			*pid = (pid_t)atol(line + 4);
		else if (!strncmp(line, "host=", 5) && host_size)
			snprintf(host, host_size, "%s", line + 5);
	}
}

static void lock_cleanup(void *arg)
{
	struct runner_lock *lk = arg;
	/* forked children inherit the atexit handlers: only the owner removes the file */
	if (lk->path && lk->owner == getpid())
		runner_lock_release(lk);
}

int runner_lock_acquire(struct runner_lock *lk, const char *statedir, struct strbuf *err)
{
	char *path = path_join(statedir, "lock");
	char myhost[256] = "";
	gethostname(myhost, sizeof(myhost) - 1);
	for (int attempt = 0; attempt < 10; attempt++) {
		int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0) {
			strbuf_addf(err, "cannot open lock %s: %s", path, strerror(errno));
			free(path);
			return -1;
		}
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
		if (fcntl(fd, F_SETLK, &fl) < 0) {
			if (errno != EACCES && errno != EAGAIN) {
				strbuf_addf(err, "cannot lock %s: %s", path, strerror(errno));
				close(fd);
				free(path);
				return -1;
			}
			struct flock q = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
			pid_t pid = 0;
			char host[256];
			read_lock_file(fd, &pid, host, sizeof(host));
			if (fcntl(fd, F_GETLK, &q) == 0 && q.l_type != F_UNLCK)
				pid = q.l_pid;
			strbuf_addf(err, "another pggit-audit run (pid %ld) is using this work directory "
					 "(lock %s); wait for it to finish", (long)pid, path);
			close(fd);
			free(path);
			return -1;
		}
		/* the file may have been removed (by the run that just finished) after we opened it */
		struct stat a, b;
		if (fstat(fd, &a) < 0 || stat(path, &b) < 0 || a.st_ino != b.st_ino || a.st_dev != b.st_dev) {
			close(fd);
			continue;
		}
		pid_t old_pid;
		char old_host[256];
		read_lock_file(fd, &old_pid, old_host, sizeof(old_host));
		if (old_pid && old_host[0] && strcmp(old_host, myhost)) {
			strbuf_addf(err, "lock %s was written by pid %ld on host '%s'; whether that run is "
					 "still alive cannot be checked from here. If it is not, remove the "
					 "file: rm '%s'", path, (long)old_pid, old_host, path);
			close(fd);
			free(path);
			return -1;
		}
		if (old_pid)
			pga_warn("taking over the stale lock %s: pid %ld no longer holds it "
				 "(that run crashed or was killed)", path, (long)old_pid);
		char now[32];
		journal_now(now, sizeof(now));
		char *content = xasprintf("pid=%ld\nhost=%s\nstarted=%s\n", (long)getpid(), myhost, now);
		if (ftruncate(fd, 0) < 0 || pwrite(fd, content, strlen(content), 0) != (ssize_t)strlen(content) ||
		    fsync(fd) < 0) {
			strbuf_addf(err, "cannot write lock %s: %s", path, strerror(errno));
			free(content);
			close(fd);
			free(path);
			return -1;
		}
		free(content);
		lk->path = path;
		lk->fd = fd;
		lk->owner = getpid();
		pga_at_cleanup(lock_cleanup, lk);
		return 0;
	}
	strbuf_addf(err, "cannot lock %s: it keeps being replaced", path);
	free(path);
	return -1;
}

void runner_lock_release(struct runner_lock *lk)
{
	if (!lk->path)
		return;
	/* unlink while still holding the record lock, so no one takes a file about to vanish */
	unlink(lk->path);
	close(lk->fd);
	free(lk->path);
	lk->path = NULL;
	lk->fd = -1;
}

int runner_lock_probe(const char *statedir, pid_t *holder, pid_t *stale_pid)
{
	char *path = path_join(statedir, "lock");
	*holder = 0;
	if (stale_pid)
		*stale_pid = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	struct flock q = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	int rc;
	if (fcntl(fd, F_GETLK, &q) < 0) {
		rc = -1;
	} else if (q.l_type != F_UNLCK) {
		*holder = q.l_pid;
		rc = 1;
	} else {
		pid_t pid;
		read_lock_file(fd, &pid, NULL, 0);
		if (stale_pid)
			*stale_pid = pid;
		rc = 0;
	}
	close(fd);
	return rc;
}
