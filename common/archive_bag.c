/* archive_bag.c - deterministic pax+zstd writing, strict reading, member-name checks and
 * work-directory listing for evidence archives; see archive_bag.h. */
#include "display.h"
#include "archive_bag.h"
#include "zio.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <zstd.h>

#include "atomicfile.h"
#include "util.h"

/* zstd level of the archive: archives are written once and kept for years. */
#define BAG_ZSTD_LEVEL 9
/* The reader hands libarchive the tar stream one tar block at a time, so that at the
 * end-of-archive marker it holds (almost) nothing it has not examined. */
#define TAR_BLOCK 512

/* ---- writing ---- */

/*
 * libarchive writes the tar stream; a zwriter (zio.h: one zstd frame with a
 * content checksum, the file's SHA-256, atomic publication) compresses it, not
 * libarchive's zstd filter, which writes frames without a checksum: a flipped bit
 * that the decoder turned into other zero-padding bytes of a tar block went unseen
 * (every member's hash still matched). With the checksum every change of the
 * decompressed stream fails the frame.
 */
struct bag_writer {
	struct archive *a;
	struct zwriter *z;
	long long mtime;
	char *path;
};

static la_ssize_t bw_write(struct archive *a, void *cd, const void *buf, size_t len)
{
	(void)a;
	struct bag_writer *w = cd;
	zw_write(w->z, buf, len);
	return (la_ssize_t)len;
}

static void bw_check(struct bag_writer *w, int rc, const char *what)
{
	if (rc < ARCHIVE_WARN)
		pga_die("%s: %s: %s", w->path, what, archive_error_string(w->a));
}

struct bag_writer *bag_writer_open(const char *path, long long mtime)
{
	struct bag_writer *w = xcalloc(1, sizeof(*w));
	w->path = xstrdup(path);
	w->mtime = mtime;
	w->z = zw_open(path, BAG_ZSTD_LEVEL);
	w->a = archive_write_new();
	bw_check(w, archive_write_set_format_pax(w->a), "pax format");
	/* no zero padding after the end-of-archive blocks: nothing unchecked at the end */
	bw_check(w, archive_write_set_bytes_in_last_block(w->a, 1), "last block size");
	bw_check(w, archive_write_open(w->a, w, NULL, bw_write, NULL), "open");
	return w;
}

static void bw_header(struct bag_writer *w, const char *name, unsigned long long size)
{
	struct archive_entry *e = archive_entry_new();
	archive_entry_set_pathname_utf8(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)size);
	archive_entry_set_mtime(e, (time_t)w->mtime, 0);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	if (archive_write_header(w->a, e) < ARCHIVE_WARN)
		pga_die("%s: cannot add member %s: %s", w->path, name, archive_error_string(w->a));
	archive_entry_free(e);
}

static void bw_data(struct bag_writer *w, const char *name, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		la_ssize_t n = archive_write_data(w->a, p, len);
		if (n <= 0)
			pga_die("%s: cannot write member %s: %s", w->path, name, archive_error_string(w->a));
		p += n;
		len -= (size_t)n;
	}
}

void bag_writer_add_mem(struct bag_writer *w, const char *name, const void *buf, size_t len)
{
	bw_header(w, name, len);
	bw_data(w, name, buf, len);
}

void bag_writer_add_file(struct bag_writer *w, const char *name, const char *src, unsigned long long size,
			 const sha256_hex_t expected_sha)
{
	int fd = open(src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		pga_die_errno("cannot open %s", src);
	bw_header(w, name, size);
	struct sha256_ctx *c = sha256_new();
	static char buf[1 << 16];
	unsigned long long total = 0;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			pga_die_errno("cannot read %s", src);
		}
		if (n == 0)
			break;
		if (total + (unsigned long long)n > size)
			pga_die("%s grew while it was being archived; archive a finished run", src);
		sha256_update(c, buf, (size_t)n);
		bw_data(w, name, buf, (size_t)n);
		total += (unsigned long long)n;
	}
	close(fd);
	sha256_hex_t got;
	sha256_finish(c, got);
	if (total != size || strcmp(got, expected_sha) != 0)
		pga_die("%s changed while it was being archived; archive a finished run", src);
}

void bag_writer_commit(struct bag_writer *w, sha256_hex_t sha, unsigned long long *bytes)
{
	bw_check(w, archive_write_close(w->a), "close");
	archive_write_free(w->a);
	zw_commit(w->z, sha, bytes);
	free(w->path);
	free(w);
}

/* ---- reading ---- */

struct bag_reader {
	int fd;
	struct archive *a;
	ZSTD_DStream *z;
	struct sha256_ctx *sha;
	unsigned long long raw_bytes;
	unsigned char in[1 << 16];
	ZSTD_inBuffer zin;
	int raw_eof;
	int frame_done;
	unsigned char *out;
	size_t out_cap, out_len, out_pos;
	unsigned long long handed;   /* tar bytes given to libarchive */
	const unsigned char *last;   /* the last slice given, and its length */
	size_t last_len;
	char *member;                /* name of the last member started */
	char err[1024];
	int failed;
};

static void br_fail(struct bag_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void br_fail(struct bag_reader *r, const char *fmt, ...)
{
	if (r->failed)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->err, sizeof(r->err), fmt, ap);
	va_end(ap);
	r->failed = 1;
}

/* Read more raw bytes into r->in (hashing them). Returns 0, or -1 on an I/O error. */
static int br_fill(struct bag_reader *r)
{
	for (;;) {
		ssize_t n = read(r->fd, r->in, sizeof(r->in));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			br_fail(r, "read error: %s", strerror(errno));
			return -1;
		}
		if (n == 0)
			r->raw_eof = 1;
		sha256_update(r->sha, r->in, (size_t)n);
		r->raw_bytes += (unsigned long long)n;
		r->zin.src = r->in;
		r->zin.size = (size_t)n;
		r->zin.pos = 0;
		return 0;
	}
}

/*
 * Decode more of the tar stream into r->out. Returns the number of bytes now
 * available (> 0), 0 at the clean end of the one frame, -1 on damage.
 */
static long br_decode(struct bag_reader *r)
{
	r->out_len = r->out_pos = 0;
	for (;;) {
		if (r->zin.pos == r->zin.size && !r->raw_eof) {
			if (br_fill(r) < 0)
				return -1;
		}
		if (r->zin.pos == r->zin.size && r->raw_eof) {
			if (!r->frame_done && r->raw_bytes > 0) {
				br_fail(r, "the zstd stream is truncated");
				return -1;
			}
			if (r->raw_bytes == 0) {
				br_fail(r, "empty file");
				return -1;
			}
			return 0;
		}
		if (r->frame_done) {
			br_fail(r, "bytes after the end of the zstd frame");
			return -1;
		}
		ZSTD_outBuffer o = { r->out, r->out_cap, 0 };
		size_t ret = ZSTD_decompressStream(r->z, &o, &r->zin);
		if (ZSTD_isError(ret)) {
			br_fail(r, "zstd: %s", ZSTD_getErrorName(ret));
			return -1;
		}
		if (ret == 0)
			r->frame_done = 1;
		if (o.pos > 0) {
			r->out_len = o.pos;
			return (long)o.pos;
		}
	}
}

static la_ssize_t br_read(struct archive *a, void *cd, const void **buf)
{
	struct bag_reader *r = cd;
	if (r->out_pos == r->out_len) {
		long n = br_decode(r);
		if (n < 0) {
			archive_set_error(a, EIO, "%s", r->err);
			return -1;
		}
		if (n == 0)
			return 0;
	}
	size_t n = r->out_len - r->out_pos;
	if (n > TAR_BLOCK)
		n = TAR_BLOCK;
	*buf = r->out + r->out_pos;
	r->last = r->out + r->out_pos;
	r->last_len = n;
	r->out_pos += n;
	r->handed += n;
	return (la_ssize_t)n;
}

struct bag_reader *bag_reader_open(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct bag_reader *r = xcalloc(1, sizeof(*r));
	r->fd = fd;
	r->sha = sha256_new();
	r->z = ZSTD_createDStream();
	if (!r->z)
		pga_die("out of memory creating a zstd decoder");
	ZSTD_initDStream(r->z);
	r->out_cap = ZSTD_DStreamOutSize();
	r->out = xmalloc(r->out_cap);
	r->a = archive_read_new();
	archive_read_support_format_tar(r->a);
	if (archive_read_open(r->a, r, NULL, br_read, NULL) != ARCHIVE_OK) {
		if (!r->failed)
			br_fail(r, "not a tar stream: %s", archive_error_string(r->a));
	}
	return r;
}

int bag_reader_next(struct bag_reader *r, struct archive_entry **entry)
{
	if (r->failed)
		return -1;
	int rc = archive_read_next_header(r->a, entry);
	if (rc == ARCHIVE_EOF)
		return 0;
	if (rc < ARCHIVE_WARN || rc == ARCHIVE_RETRY) {
		char *why = xstrdup(r->failed ? r->err : archive_error_string(r->a) ? archive_error_string(r->a)
										     : "unreadable header");
		r->failed = 0;
		if (r->member)
			br_fail(r, "damaged archive after member %s: %s", dv(r->member), dt(why));
		else
			br_fail(r, "damaged archive before its first member: %s", dt(why));
		free(why);
		return -1;
	}
	free(r->member);
	const char *name = archive_entry_pathname_utf8(*entry);
	if (!name)
		name = archive_entry_pathname(*entry);
	r->member = xstrdup(name ? name : "(unnamed)");
	return 1;
}

long bag_reader_data(struct bag_reader *r, void *buf, size_t cap)
{
	if (r->failed)
		return -1;
	la_ssize_t n = archive_read_data(r->a, buf, cap);
	if (n < 0) {
		char *why = xstrdup(r->failed ? r->err : archive_error_string(r->a) ? archive_error_string(r->a) : "?");
		r->failed = 0;
		br_fail(r, "damaged archive in member %s: %s", r->member ? dv(r->member) : "?", dt(why));
		free(why);
		return -1;
	}
	return (long)n;
}

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

int bag_reader_finish(struct bag_reader *r, sha256_hex_t sha, unsigned long long *bytes)
{
	if (r->failed)
		return -1;
	/* what libarchive was handed but did not consume must lie in the last slice */
	la_int64_t consumed = archive_filter_bytes(r->a, 0);
	if (consumed < 0 || (unsigned long long)consumed > r->handed ||
	    r->handed - (unsigned long long)consumed > r->last_len) {
		br_fail(r, "cannot account for the end of the tar stream (%lld of %llu bytes read)",
			(long long)consumed, r->handed);
		return -1;
	}
	size_t unread = (size_t)(r->handed - (unsigned long long)consumed);
	if (!all_zero(r->last + r->last_len - unread, unread) ||
	    !all_zero(r->out + r->out_pos, r->out_len - r->out_pos)) {
		br_fail(r, "non-zero bytes after the end-of-archive marker");
		return -1;
	}
	for (;;) {
		long n = br_decode(r);
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		if (!all_zero(r->out, r->out_len)) {
			br_fail(r, "non-zero bytes after the end-of-archive marker");
			return -1;
		}
		r->out_pos = r->out_len;
	}
	sha256_finish(r->sha, sha);
	r->sha = NULL;
	if (bytes)
		*bytes = r->raw_bytes;
	return 0;
}

const char *bag_reader_error(const struct bag_reader *r)
{
	return r->failed ? r->err : "no error";
}

void bag_reader_close(struct bag_reader *r)
{
	if (!r)
		return;
	archive_read_free(r->a);
	ZSTD_freeDStream(r->z);
	if (r->sha) {
		sha256_hex_t dummy;
		sha256_finish(r->sha, dummy);
	}
	close(r->fd);
	free(r->out);
	free(r->member);
	free(r);
}

/* ---- names ---- */

int bag_entry_is_file(struct archive_entry *e)
{
	return archive_entry_filetype(e) == AE_IFREG && !archive_entry_hardlink(e) && !archive_entry_symlink(e);
}

int bag_name_check(const char *name, const char **why)
{
	if (!name || !*name) {
		*why = "empty name";
		return -1;
	}
	if (name[0] == '/') {
		*why = "absolute path";
		return -1;
	}
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			*why = "control character in the name";
			return -1;
		}
		if (*p == '\\') {
			*why = "backslash in the name";
			return -1;
		}
	}
	/* C1 controls too (U+009B is a terminal's CSI) and bytes that are not UTF-8: a name
	   this check passes prints as it is everywhere */
	if (!display_is_printable(name, strlen(name))) {
		*why = "C1 control character or byte that is not UTF-8 in the name";
		return -1;
	}
	const char *s = name;
	while (*s) {
		const char *slash = strchr(s, '/');
		size_t len = slash ? (size_t)(slash - s) : strlen(s);
		if (len == 0) {
			*why = "empty path component";
			return -1;
		}
		if ((len == 1 && s[0] == '.') || (len == 2 && s[0] == '.' && s[1] == '.')) {
			*why = len == 2 ? "'..' component" : "'.' component";
			return -1;
		}
		if (!slash)
			break;
		s = slash + 1; /* a trailing '/' ends the loop here: a directory */
	}
	return 0;
}

/* ---- work directory listing ---- */

struct file_list {
	struct workdir_file *v;
	size_t n, cap;
};

static int is_temporary(const char *base)
{
	return base[0] == '.' && strstr(base, ".tmp-") != NULL;
}

static void walk(const char *root, const char *rel, dev_t skip_dev, ino_t skip_ino, int (*keep)(const char *),
		 struct file_list *out)
{
	char *dirpath = rel[0] ? path_join(root, rel) : xstrdup(root);
	DIR *d = opendir(dirpath);
	if (!d)
		pga_die_errno("cannot read directory %s", dirpath);
	struct dirent *de;
	while ((errno = 0, de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		char *child = rel[0] ? xasprintf("%s/%s", rel, de->d_name) : xstrdup(de->d_name);
		char *full = path_join(root, child);
		struct stat st;
		if (lstat(full, &st) < 0)
			pga_die_errno("cannot stat %s", full);
		if (S_ISDIR(st.st_mode)) {
			walk(root, child, skip_dev, skip_ino, keep, out);
		} else if (S_ISREG(st.st_mode)) {
			int skip = is_temporary(de->d_name) || strcmp(child, ".pggit-audit/lock") == 0 ||
				   (st.st_dev == skip_dev && st.st_ino == skip_ino) || (keep && !keep(child));
			if (!skip) {
				ALLOC_GROW(out->v, out->n + 1, out->cap, 64);
				out->v[out->n].rel = child;
				out->v[out->n].size = (unsigned long long)st.st_size;
				out->n++;
				child = NULL;
			}
		} else {
			pga_die("%s is not a regular file or directory (a symbolic link or special file); "
				"evidence holds regular files only",
				full);
		}
		free(child);
		free(full);
	}
	if (errno)
		pga_die_errno("cannot read directory %s", dirpath);
	closedir(d);
	free(dirpath);
}

static int cmp_rel(const void *a, const void *b)
{
	return strcmp(((const struct workdir_file *)a)->rel, ((const struct workdir_file *)b)->rel);
}

struct workdir_file *workdir_files(const char *dir, dev_t skip_dev, ino_t skip_ino, int (*keep)(const char *rel),
				   size_t *n)
{
	struct file_list out = { NULL, 0, 0 };
	walk(dir, "", skip_dev, skip_ino, keep, &out);
	if (out.n > 1)
		qsort(out.v, out.n, sizeof(*out.v), cmp_rel);
	*n = out.n;
	return out.v;
}

void workdir_files_free(struct workdir_file *files, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(files[i].rel);
	free(files);
}

int bag_room_check(const char *dir, unsigned long long total, unsigned long long largest, char *why,
		   size_t whylen)
{
	struct statvfs vfs;
	if (statvfs(dir, &vfs) < 0)
		return -2;
	unsigned long long avail = (unsigned long long)vfs.f_bavail * (unsigned long long)vfs.f_frsize;
	if (total > avail) {
		snprintf(why, whylen, "%llu bytes, more than the %llu bytes free", total, avail);
		return -1;
	}
	struct rlimit rl;
	if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    largest > (unsigned long long)rl.rlim_cur) {
		snprintf(why, whylen, "%llu bytes, more than the file size limit of this process (%llu bytes, ulimit -f)",
			 largest, (unsigned long long)rl.rlim_cur);
		return -1;
	}
	return 0;
}
