/* util.c - messages, cleanup on fatal errors, allocation; see util.h. */
#include "util.h"
#include "display.h"

#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <dirent.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *progname = "pggit-audit";
static int quiet_mode;

struct cleanup { void (*fn)(void *); void *arg; };
static struct cleanup cleanups[64];
static int n_cleanups;
static int cleanups_registered;

void pga_set_progname(const char *name)
{
	progname = name;
	struct rlimit rl;
	if (getrlimit(RLIMIT_CORE, &rl) == 0 && rl.rlim_cur != 0) {
		rl.rlim_cur = 0;
		(void)setrlimit(RLIMIT_CORE, &rl); /* lowering the soft limit cannot fail */
	}
}
const char *pga_progname(void) { return progname; }
void pga_set_quiet(int quiet) { quiet_mode = quiet; }

void pga_fix_mmap_threshold(void)
{
	/* a failure leaves glibc's default: more memory, nothing wrong. Fixing the threshold also
	   stops glibc's own raising of the heap's trim threshold (128 kB by default): the export's
	   trees of 170 kB, read back and freed one after the other, then had the heap shrunk and
	   grown again each time (+0.3 s of system time at 10k); twice the threshold, as glibc does. */
	(void)mallopt(M_MMAP_THRESHOLD, 4 << 20);
	(void)mallopt(M_TRIM_THRESHOLD, 8 << 20);
}

static void run_cleanups(void)
{
	while (n_cleanups > 0) {
		struct cleanup c = cleanups[--n_cleanups];
		c.fn(c.arg);
	}
}

void pga_at_cleanup(void (*fn)(void *), void *arg)
{
	if (!cleanups_registered) {
		atexit(run_cleanups);
		cleanups_registered = 1;
	}
	if (n_cleanups == (int)(sizeof(cleanups) / sizeof(cleanups[0]))) {
		fprintf(stderr, "%s: error: too many cleanup handlers\n", progname);
		exit(1);
	}
	cleanups[n_cleanups].fn = fn;
	cleanups[n_cleanups].arg = arg;
	n_cleanups++;
}

/*
 * A message is written through display_fputs(DISPLAY_LINES): the values a message holds
 * are quoted by its caller (dv()/dq(), common/display.h), and this is the last line of
 * defence for one a caller missed or a text another program made (a server's error): no
 * ESC or other control byte of it reaches the terminal. Formatted into a buffer of the
 * stack, or of malloc() when longer; without memory (pga_die() on out-of-memory), the
 * stack's part only.
 */
static void vreport(const char *prefix, const char *fmt, va_list ap, const char *suffix)
{
	char small[1024];
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	char *text = small;
	size_t len = n < 0 ? 0 : (size_t)n;
	if (len >= sizeof(small)) {
		char *big = malloc(len + 1);
		if (big && vsnprintf(big, len + 1, fmt, aq) >= 0)
			text = big;
		else {
			free(big);
			len = sizeof(small) - 1;
		}
	}
	va_end(aq);
	flockfile(stderr);
	fprintf(stderr, "%s: %s", progname, prefix);
	display_fputs(stderr, text, len, DISPLAY_LINES);
	if (suffix)
		fprintf(stderr, ": %s", suffix);
	fputc('\n', stderr);
	funlockfile(stderr);
	if (text != small)
		free(text);
}

/*
 * exit(1) once per process. exit() must not run on two threads at once (both would run
 * the cleanup handlers): a second thread dying while the first one exits only waits for
 * the process to end, and says nothing: its message was printed beside the first one's,
 * in the order the threads happened to run, and could be taken for the cause (a reader
 * whose connection failed because the main one was lost). die_begin() is called before
 * the message. A cleanup handler that dies on the exiting thread reports and ends it at once.
 */
static int dying;
static _Thread_local int die_depth;

static void die_begin(void)
{
	if (die_depth++ == 0 && __atomic_exchange_n(&dying, 1, __ATOMIC_SEQ_CST))
		for (;;)
			pause();
}

static __attribute__((noreturn)) void die_exit(void)
{
	if (die_depth > 1)
		_exit(1);
	exit(1);
}

void pga_die(const char *fmt, ...)
{
	va_list ap;
	die_begin();
	va_start(ap, fmt);
	vreport("error: ", fmt, ap, NULL);
	va_end(ap);
	die_exit();
}

void pga_die_errno(const char *fmt, ...)
{
	int e = errno;
	va_list ap;
	die_begin();
	va_start(ap, fmt);
	vreport("error: ", fmt, ap, strerror(e));
	va_end(ap);
	die_exit();
}

void pga_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport("error: ", fmt, ap, NULL);
	va_end(ap);
}

void pga_verror(const char *fmt, va_list ap)
{
	vreport("error: ", fmt, ap, NULL);
}

void pga_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport("warning: ", fmt, ap, NULL);
	va_end(ap);
}

void pga_info(const char *fmt, ...)
{
	va_list ap;
	if (quiet_mode)
		return;
	va_start(ap, fmt);
	vreport("", fmt, ap, NULL);
	va_end(ap);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		pga_die("out of memory allocating %zu bytes", n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		pga_die("out of memory allocating %zu x %zu bytes", n, size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		pga_die("out of memory allocating %zu bytes", n);
	return q;
}

size_t alloc_grow_nr(size_t alloc, size_t needed, size_t initial)
{
	if (needed <= alloc)
		return alloc;
	size_t n = alloc ? alloc : initial ? initial : 1;
	while (n < needed) {
		if (n > SIZE_MAX / 2)
			pga_die("cannot grow an array to %zu elements: the count does not fit in a size_t", needed);
		n *= 2;
	}
	return n;
}

int alloc_array_bytes(size_t n, size_t size, size_t *bytes)
{
	if (size && n > SIZE_MAX / size)
		return -1;
	*bytes = n * size;
	return 0;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
	size_t bytes;
	if (alloc_array_bytes(n, size, &bytes) < 0)
		pga_die("cannot allocate an array of %zu elements of %zu bytes: the size does not fit in memory", n,
			size);
	return xrealloc(p, bytes);
}

void alloc_grow_count_overflow(size_t n)
{
	pga_die("cannot grow an array to %zu elements: the count does not fit in its counter", n);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *out;
	va_start(ap, fmt);
	if (vasprintf(&out, fmt, ap) < 0)
		pga_die("out of memory formatting a message");
	va_end(ap);
	return out;
}

size_t utf8_clip(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	if (n == 0)
		return xstrdup(name);
	if (dir[n - 1] == '/')
		return xasprintf("%s%s", dir, name);
	return xasprintf("%s/%s", dir, name);
}

int mkdir_p(const char *path, unsigned mode)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	int rc = mkdir(p, mode);
	free(p);
	if (rc < 0 && errno != EEXIST)
		return -1;
	return 0;
}

char *find_dir_link(const char *root)
{
	DIR *d = opendir(root);
	if (!d)
		return NULL;
	char *found = NULL;
	struct dirent *e;
	while (!found && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *p = path_join(root, e->d_name);
		struct stat st;
		if (lstat(p, &st) == 0) {
			if (S_ISLNK(st.st_mode)) {
				struct stat to;
				if (stat(p, &to) < 0 || !S_ISREG(to.st_mode)) {
					found = p;
					continue;
				}
			} else if (S_ISDIR(st.st_mode)) {
				found = find_dir_link(p);
			}
		}
		free(p);
	}
	closedir(d);
	return found;
}

void make_outdir(const char *dir)
{
	/* 0700, as the driver's work directory: artifacts and logs hold the store's DDL,
	   authors and messages, which the database shows only to roles it lets read them */
	if (mkdir_p(dir, 0700) < 0)
		pga_die_errno("cannot create %s", dir);
	char *link = find_dir_link(dir);
	if (link)
		pga_die("%s is a symbolic link to a directory, to nothing or to something other than a regular "
			"file; writes below %s would go through it, so nothing is written: remove it", link, dir);
}

int parse_u64(const char *s, unsigned long long *out)
{
	unsigned long long v = 0;
	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v > (~0ULL - 9) / 10)
			return -1;
		v = v * 10 + (unsigned)(*s - '0');
	}
	*out = v;
	return 0;
}

unsigned long long parse_count_option(const char *name, const char *value, unsigned long long min,
				      unsigned long long max)
{
	unsigned long long v;
	if (parse_u64(value, &v) < 0 || v < min || v > max)
		pga_die("--%s must be a number from %llu to %llu, not \"%s\"", name, min, max, value);
	return v;
}

int scratch_open(const char *dir, const char *name, const char *what)
{
	char *path = path_join(dir, name);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		pga_die_errno("cannot create %s (%s)", path, what);
	unlink(path);
	free(path);
	return fd;
}

/* All of buf at off, or at the file's position when off is -1. */
static void write_fully(int fd, const void *buf, size_t len, long long off, const char *what)
{
	for (size_t put = 0; put < len;) {
		ssize_t n = off < 0 ? write(fd, (const char *)buf + put, len - put)
				    : pwrite(fd, (const char *)buf + put, len - put, (off_t)(off + (long long)put));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			pga_die_errno("cannot write %s", what);
		put += (size_t)n;
	}
}

void scratch_write(int fd, const void *buf, size_t len, const char *what)
{
	write_fully(fd, buf, len, -1, what);
}

void scratch_write_at(int fd, const void *buf, size_t len, unsigned long long off, const char *what)
{
	write_fully(fd, buf, len, (long long)off, what);
}

void scratch_read(int fd, void *buf, size_t len, unsigned long long off, const char *what)
{
	for (size_t got = 0; got < len;) {
		ssize_t r = pread(fd, (char *)buf + got, len - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			pga_die_errno("cannot read back %s", what);
		got += (size_t)r;
	}
}

int thread_start_unsignalled(pthread_t *thread, void *(*fn)(void *), void *arg)
{
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int rc = pthread_create(thread, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}
