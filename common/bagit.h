/*
 * bagit.h - the text formats of a BagIt bag (RFC 8493, version 1.0): bagit.txt,
 * manifest lines ("SHA256  PATH", the format sha256sum -c reads), bag-info.txt
 * labels and Payload-Oxum. Pure functions on memory: reading and writing the bag's
 * files is archive_bag.h's job.
 */
#ifndef PGA_BAGIT_H
#define PGA_BAGIT_H

#include <stddef.h>

#include "hash.h"
#include "strbuf.h"

/* The exact content of bagit.txt this program writes and expects. */
#define BAGIT_TXT "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"

/*
 * Append one manifest line for path to sb: "SHA256  PATH\n", with '%', CR and LF in
 * the path written as %25, %0D, %0A as RFC 8493 section 2.1.3 requires.
 */
void bagit_manifest_line(struct strbuf *sb, const sha256_hex_t sha, const char *path);

struct bagit_entry {
	char *path;        /* decoded path, relative to the bag root (owned) */
	sha256_hex_t sha;  /* lowercase hex */
};

struct strmap;
struct bagit_manifest {
	struct bagit_entry *entries; /* in file order (owned) */
	size_t n;
	struct strmap *index;        /* path -> entry number (owned) */
};

/*
 * Parse a manifest's text (len bytes, need not be NUL-terminated). Returns 0 and
 * fills m (free it with bagit_manifest_free), or -1 and a newly allocated message
 * naming the line in *err (caller frees) when a line is malformed (not "HEX  PATH",
 * uppercase or short digest, bad %-escape, empty or duplicate path).
 */
int bagit_manifest_parse(const char *text, size_t len, struct bagit_manifest *m, char **err);
void bagit_manifest_free(struct bagit_manifest *m);
/* The entry for path, or NULL. By hash: a hostile manifest may list a million paths
 * (64 MiB, a few hundred KB of zstd), which a linear search per line made hours of work. */
const struct bagit_entry *bagit_manifest_find(const struct bagit_manifest *m, const char *path);

/*
 * The value of the first "Label: value" line of a bag-info.txt text for label
 * (compared case-sensitively, as written by this program), newly allocated (caller
 * frees), or NULL if there is none.
 */
char *bagit_info_value(const char *text, size_t len, const char *label);

/* Append "Payload-Oxum: BYTES.COUNT\n" to sb. */
void bagit_payload_oxum(struct strbuf *sb, unsigned long long bytes, unsigned long long count);

#endif
