/* atomicfile.c - temp file + fsync + rename; see atomicfile.h. */
#include "atomicfile.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Open temporaries, removed by one cleanup handler on pga_die() or exit. */
static struct atomic_file **open_files;
static size_t n_open, cap_open;

static void cleanup_open_files(void *arg)
{
	(void)arg;
	for (size_t i = 0; i < n_open; i++) {
		struct atomic_file *af = open_files[i];
		if (af->fd >= 0) {
			close(af->fd);
			af->fd = -1;
			unlink(af->tmp_path);
		}
	}
	n_open = 0;
	free(open_files);
	open_files = NULL;
	cap_open = 0;
}

static void track(struct atomic_file *af)
{
	static int registered;
	if (!registered) {
		pga_at_cleanup(cleanup_open_files, NULL);
		registered = 1;
	}
	ALLOC_GROW(open_files, n_open + 1, cap_open, 8);
	open_files[n_open++] = af;
}

static void untrack(struct atomic_file *af)
{
	for (size_t i = 0; i < n_open; i++) {
		if (open_files[i] == af) {
			open_files[i] = open_files[--n_open];
			return;
		}
	}
}

void atomic_open(struct atomic_file *af, const char *path)
{
	char *copy = xstrdup(path);
	char *dir = dirname(copy);
	char *copy2 = xstrdup(path);
	char *base = basename(copy2);
	af->path = xstrdup(path);
	af->tmp_path = xasprintf("%s/.%s.tmp-%ld", dir, base, (long)getpid());
	af->bytes = 0;
	free(copy);
	free(copy2);
	af->fd = open(af->tmp_path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (af->fd < 0)
		pga_die_errno("cannot create %s", af->tmp_path);
	track(af);
}

/* The pid a stale name carries after prefix (ended by end_ok: '\0', or '.' before a
   mkdtemp() suffix), if no process of that pid is alive; else 0. A live writer (another
   process writing the same path) keeps its temporary. */
static long dead_owner(const char *name, const char *prefix, int dot_suffix)
{
	size_t plen = strlen(prefix);
	if (strncmp(name, prefix, plen) != 0)
		return 0;
	char *end;
	errno = 0;
	long pid = strtol(name + plen, &end, 10);
	if (errno || end == name + plen || (dot_suffix ? *end != '.' : *end != '\0') || pid <= 0 ||
	    pid == (long)getpid())
		return 0;
	if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
		return 0;
	return pid;
}

char *atomic_tmpdir_template(const char *path, const char *tag)
{
	char *copy = xstrdup(path), *copy2 = xstrdup(path);
	char *t = xasprintf("%s/.%s.%s-%ld.XXXXXX", dirname(copy), basename(copy2), tag, (long)getpid());
	free(copy);
	free(copy2);
	return t;
}

static int remove_tree_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	/* go on past one that cannot be removed: the rest of the tree still goes */
	if ((flag == FTW_DP ? rmdir(p) : unlink(p)) < 0)
		pga_warn("cannot remove %s: %s", p, strerror(errno));
	return 0;
}

/*
 * Remove what killed processes left beside path: the files ".BASE.tmp-PID" of
 * atomic_open() (dirs 0), or the directory trees ".BASE.TAG-PID.XXXXXX" of
 * atomic_tmpdir_template() (dirs 1), each only once no process PID is alive.
 */
static void sweep_stale(const char *path, const char *tag, int dirs)
{
	char *copy = xstrdup(path), *copy2 = xstrdup(path);
	char *dir = dirname(copy), *base = basename(copy2);
	char *prefix = xasprintf(".%s.%s-", base, tag);
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		long pid = dead_owner(e->d_name, prefix, dirs);
		if (!pid)
			continue;
		char *p = path_join(dir, e->d_name);
		struct stat st;
		if (!dirs) {
			if (unlink(p) == 0)
				pga_info("removed %s, left by a writer of %s that was killed (pid %ld)", p, path, pid);
		} else if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			/* FTW_PHYS: a link inside is removed, never followed */
			nftw(p, remove_tree_entry, 16, FTW_DEPTH | FTW_PHYS);
			if (lstat(p, &st) < 0)
				pga_info("removed %s, left by a %s of %s that was killed (pid %ld)", p, tag, path, pid);
		}
		free(p);
	}
	if (d)
		closedir(d);
	free(prefix);
	free(copy);
	free(copy2);
}

void atomic_clean_stale(const char *path)
{
	sweep_stale(path, "tmp", 0);
}

void atomic_clean_stale_dirs(const char *path, const char *tag)
{
	sweep_stale(path, tag, 1);
}

void atomic_write(struct atomic_file *af, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t n = write(af->fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			pga_die_errno("cannot write %s (artifact %s left unchanged)", af->tmp_path, af->path);
		}
		p += n;
		len -= (size_t)n;
		af->bytes += (unsigned long long)n;
	}
}

void fsync_parent_dir(const char *path)
{
	char *copy = xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		if (fsync(fd) < 0 && errno != EINVAL)
			pga_die_errno("cannot fsync directory of %s", path);
		close(fd);
	}
	free(copy);
}

void atomic_sync(struct atomic_file *af)
{
	if (fsync(af->fd) < 0)
		pga_die_errno("cannot fsync %s (artifact %s left unchanged)", af->tmp_path, af->path);
}

void atomic_commit(struct atomic_file *af)
{
	if (fsync(af->fd) < 0)
		pga_die_errno("cannot fsync %s", af->tmp_path);
	untrack(af);
	if (close(af->fd) < 0) {
		af->fd = -1;
		unlink(af->tmp_path);
		pga_die_errno("cannot close %s", af->tmp_path);
	}
	af->fd = -1;
	fault_point("before-rename");
	if (rename(af->tmp_path, af->path) < 0) {
		int e = errno;
		unlink(af->tmp_path);
		errno = e;
		pga_die_errno("cannot rename %s to %s", af->tmp_path, af->path);
	}
	fsync_parent_dir(af->path);
	free(af->path);
	free(af->tmp_path);
	af->path = af->tmp_path = NULL;
}

void atomic_abort(struct atomic_file *af)
{
	untrack(af);
	if (af->fd >= 0) {
		close(af->fd);
		af->fd = -1;
		if (af->tmp_path)
			unlink(af->tmp_path);
	}
	free(af->path);
	free(af->tmp_path);
	af->path = af->tmp_path = NULL;
}

void atomic_write_file(const char *path, const void *buf, size_t len)
{
	struct atomic_file af;
	atomic_open(&af, path);
	atomic_write(&af, buf, len);
	atomic_commit(&af);
}

static const char *fault_wanted;
static int fault_driver_only;

void fault_points_driver_only(void)
{
	fault_driver_only = 1;
}

static void fault_point_read_env(void)
{
	fault_wanted = getenv("PGGIT_AUDIT_FAULT");
}

void fault_point(const char *point)
{
	static unsigned long hits;
	static pthread_once_t looked = PTHREAD_ONCE_INIT;
	pthread_once(&looked, fault_point_read_env); /* once: some points are passed once per row */
	const char *want = fault_wanted;
	if (!want || (fault_driver_only && strncmp(point, "journal-", 8) != 0))
		return;
	size_t n = strlen(point);
	if (strncmp(want, point, n) != 0)
		return;
	const char *rest = want + n;
	unsigned long nth = 0;
	if (*rest == '@') {
		char *end;
		nth = strtoul(rest + 1, &end, 10);
		rest = end;
	}
	int stop = strcmp(rest, ":stop") == 0;
	if (*rest != '\0' && !stop)
		return;
	/* atomic: the point may be passed on several threads (the load's connections) */
	if (nth && nth != __atomic_add_fetch(&hits, 1, __ATOMIC_RELAXED))
		return;
	/*
	 * SIGSTOP is sent to the calling thread: sent to the process (kill()), it was
	 * taken by the main thread, and a point passed on another thread went on until
	 * the main thread's stop reached it (the export's tree_entries reader opened its
	 * connection past its point, while the process already showed stopped). SIGKILL
	 * ends every thread at once either way.
	 */
	if (stop)
		raise(SIGSTOP);
	else
		kill(getpid(), SIGKILL);
}
