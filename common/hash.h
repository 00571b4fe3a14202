/*
 * hash.h - SHA-256 (OpenSSL libcrypto), the pggit_v0 object hashing rule, UTF-8
 * character counting, and name-based UUIDs for content-derived ids.
 */
#ifndef PGA_HASH_H
#define PGA_HASH_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_HEX_LEN 64
/* Holds 64 hex digits and the terminating NUL. */
typedef char sha256_hex_t[SHA256_HEX_LEN + 1];

/* Streaming SHA-256; opaque, owns an OpenSSL digest context. */
struct sha256_ctx;
struct sha256_ctx *sha256_new(void);
void sha256_update(struct sha256_ctx *c, const void *data, size_t len);
/* Write the lowercase hex digest to out and free c. */
void sha256_finish(struct sha256_ctx *c, sha256_hex_t out);
/* One-shot digest of a buffer. */
void sha256_hex(const void *data, size_t len, sha256_hex_t out);
/* Digest of a whole file; returns 0, or -1 with errno set (nothing written to out). */
int sha256_file(const char *path, sha256_hex_t out, unsigned long long *bytes);

/* The value 0-15 of hex digit c (either case), or -1 if c is no hex digit. */
int hex_digit_value(int c);

/* 1 if s is exactly 64 lowercase hex digits. */
int is_sha256_hex(const char *s, size_t len);

/*
 * Count UTF-8 characters as PostgreSQL's length() does. Returns the count, or
 * -1 if the bytes are not valid UTF-8 (overlongs, surrogates, truncation) or
 * contain a NUL byte; *bad_offset (if given) receives the first bad byte offset.
 */
long long utf8_char_count(const char *s, size_t len, size_t *bad_offset);

/*
 * The pggit_v0 object id: hex sha256 of "TYPE SIZE:PAYLOAD" where SIZE is the
 * decimal character count (the caller passes it, usually utf8_char_count()).
 */
void pggit_object_sha(const char *type, long long size, const char *payload, size_t len,
		      sha256_hex_t out);

/*
 * RFC 4122 version-5 UUID (SHA-1, name-based) of name in the project's
 * namespace; out receives the 36-character text form plus NUL. Same name,
 * same UUID, on every machine.
 */
void uuid_v5(const void *name, size_t len, char out[37]);

#endif
