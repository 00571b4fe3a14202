/*
 * strbuf.h - a growable byte buffer, always NUL-terminated (after git's strbuf).
 *
 * A strbuf owns its memory. Initialise with STRBUF_INIT or strbuf_init();
 * free with strbuf_release(), or take the memory with strbuf_detach().
 * buf may hold NUL bytes; len counts them; buf[len] is always '\0'.
 */
#ifndef PGA_STRBUF_H
#define PGA_STRBUF_H

#include <stddef.h>

struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char strbuf_empty[];
#define STRBUF_INIT { 0, 0, strbuf_empty }

void strbuf_init(struct strbuf *sb, size_t hint);
/* Free the memory and reset to empty; the strbuf may be reused. */
void strbuf_release(struct strbuf *sb);
/* Return the buffer (caller frees) and reset sb to empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
/* Make room for at least extra more bytes. */
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_reset(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * Append ident as an SQL identifier in double quotes, each '"' doubled: always
 * quoted, so a name keeps its case and a keyword stays a name. For SQL text the
 * project writes itself (the v1 replay's scripts); values sent to a server go
 * as query parameters instead.
 */
void strbuf_add_sql_ident(struct strbuf *sb, const char *ident);
/*
 * Append the whole content of the file at path. Returns 0, or -1 with errno
 * set (sb may then hold part of the file).
 */
int strbuf_read_file(struct strbuf *sb, const char *path);

#endif
