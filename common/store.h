/*
 * store.h - the pggit_v0 object formats (SOURCE_FORMAT.md section 1): commit
 * text, base64 tree content and raw tree text. Pure functions over buffers,
 * no I/O, so they can be unit-tested and fuzzed.
 */
#ifndef PGA_STORE_H
#define PGA_STORE_H

#include <stddef.h>

#include "hash.h"
#include "strbuf.h"

struct commit_text {
	sha256_hex_t tree;
	sha256_hex_t *parents;      /* nparents entries, owned */
	size_t nparents;
	char *author;               /* "Name <email>", owned */
	long long author_epoch;
	char *committer;            /* owned */
	long long committer_epoch;
	char *message;              /* everything after the blank line, owned */
};

/*
 * Parse commit text ("tree X\n", "parent Y\n"*, "author ... EPOCH TZ\n",
 * "committer ... EPOCH TZ\n", "\n", message). Returns 0, or -1 with a reason
 * in err (errlen bytes) and nothing to release.
 */
int commit_text_parse(const char *text, size_t len, struct commit_text *out, char *err, size_t errlen);
void commit_text_release(struct commit_text *c);

/*
 * Decode a tree's content (PostgreSQL encode(..., 'base64'), newline-broken)
 * into raw bytes appended to raw (NUL-terminated; raw->len excludes the NUL).
 * Whitespace (\n, \r, space, tab) is skipped anywhere; '=' may only pad the
 * last quad. Returns 0, or -1 when the content is not valid base64: a byte
 * outside the alphabet, misplaced padding or a truncated last quad, whose
 * offset in b64 goes to *bad_offset (if given; len for a truncation). On -1
 * raw->len is unchanged.
 */
int tree_decode_base64(const char *b64, size_t len, struct strbuf *raw, size_t *bad_offset);

/*
 * Raw tree text without the tree_entries cache (export --check-caches off;
 * docs/performance.md, "The rule for splitting a raw tree"): an entry is
 * MODE ' ' PATH '|' SHA '|' with MODE one or more ASCII digits, and PATH ends
 * at the first '|' that is followed by 64 lowercase hex digits, a '|', and
 * either the end of raw or the next entry's MODE and space. So a '|' inside a
 * path (a quoted identifier) splits correctly; only a path that itself
 * contains "|<64 hex>|<digits> " is read as two entries.
 */
struct tree_split {
	size_t path;     /* offset of the path in raw */
	size_t path_len;
	size_t sha;      /* offset of the 64 hex digits */
	size_t end;      /* offset just past the entry's closing '|' */
};

/* 1 if raw[at..len) starts an entry: one or more ASCII digits, then a space. */
int tree_starts_entry(const char *raw, size_t len, size_t at);

/*
 * Split the entry that starts at byte at of raw[0..len) by the rule above.
 * Returns 0 with *out set, or -1 with the byte offset and reason in err (no
 * mode and space, no "|SHA|" ending the path, an empty path).
 */
int tree_entry_split(const char *raw, size_t len, size_t at, struct tree_split *out, char *err, size_t errlen);

struct tree_entry {
	const char *mode;
	const char *path;
	size_t path_len;
	const char *sha;    /* 64 hex digits */
	int used;           /* set by tree_raw_match() */
};

/*
 * Check that raw tree text is exactly the concatenation, in some order, of
 * "mode path|sha|" for each of the n entries (sorted by path in byte order,
 * as tree_entries is exported). A '|' inside a path cannot confuse it: a
 * candidate path must be one of the entries. Content in the entries' order
 * matches in one comparison per entry. Returns 0, or -1 with the byte offset
 * and reason in err.
 */
int tree_raw_match(const char *raw, size_t len, struct tree_entry *entries, size_t n, char *err, size_t errlen);

/* Append the raw text of entries, in the given order, to out. */
void tree_raw_build(const struct tree_entry *entries, size_t n, struct strbuf *out);

/*
 * The digest of one tree's tree_entries rows (export/tree_digests.csv.zst;
 * docs/design.md, "The tree_entries digests"): SHA-256 over, for each row in
 * the artifact's order (path byte order), the decoded path's length as 8 bytes
 * big-endian, the path, the length of the row's tail as 8 bytes big-endian and
 * the tail. The tail is the row's raw CSV after its path field, without the
 * newline: ",MODE,SHA" with MODE digits and SHA 64 lowercase hex digits, as the
 * server writes every row (no quote can be in it). tree_digest_add() appends one
 * row's encoding to buf; the digest is sha256_hex() of buf.
 */
void tree_digest_add(struct strbuf *buf, const char *path, size_t path_len, const char *tail, size_t tail_len);

/*
 * One tree's digest built row by row (the export from its rows, the diff from the
 * entries of its content): the encoding goes through a buffer of TREE_DIGEST_CHUNK
 * bytes into SHA-256, so the memory does not grow with the tree's width and the bytes
 * are hashed while still in cache; the digest is that of the whole encoding.
 * tree_digest_entry() adds the row of an entry with the tail ",MODE,SHA" (sha: 64 hex
 * digits), the same bytes as tree_digest_add() with that tail, without building it.
 */
#define TREE_DIGEST_CHUNK (64u << 10)
struct tree_digest {
	struct sha256_ctx *sha;
	struct strbuf buf;
};
void tree_digest_init(struct tree_digest *d);
void tree_digest_row(struct tree_digest *d, const char *path, size_t path_len, const char *tail, size_t tail_len);
void tree_digest_entry(struct tree_digest *d, const char *path, size_t path_len, const char *mode, size_t mode_len,
		       const char *sha);
/* The hex digest into out; d may be initialised again. */
void tree_digest_finish(struct tree_digest *d, sha256_hex_t out);
/* Drop d without a digest. */
void tree_digest_release(struct tree_digest *d);
/*
 * The tail of a tree_entries CSV row (its trailing newline, if any, excluded):
 * 0 with *tail and *tail_len set when row ends with ",DIGITS,<64 lowercase hex>",
 * -1 otherwise (a quoted or NULL mode or sha: such a tree gets no digest).
 */
int tree_row_tail(const char *row, size_t len, const char **tail, size_t *tail_len);

/* Parse "YYYY-MM-DD[T ]HH:MM:SS[.ffffff]" as UTC; returns 0 and seconds, or -1. */
int parse_utc_timestamp(const char *s, double *epoch);

#endif
