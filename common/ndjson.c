/* ndjson.c - one JSON value per line over zstd; see ndjson.h. */
#include "ndjson.h"
#include "json_arena.h"
#include "strbuf.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ndjson_write(struct zwriter *w, const json_t *value)
{
	char *s = json_dumps_malloc(value, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	if (!s)
		pga_die("cannot encode a JSON value");
	zw_write(w, s, strlen(s));
	zw_write(w, "\n", 1);
	free(s);
}

struct ndjson_in {
	struct zreader *z;
	struct strbuf buf;    /* undelivered bytes */
	size_t pos;
	int eof;
	unsigned long long line;
	char err[600];
};

struct ndjson_in *ndjson_open(const char *path)
{
	struct zreader *z = zr_open(path);
	if (!z)
		return NULL;
	struct ndjson_in *in = xcalloc(1, sizeof(*in));
	in->z = z;
	strbuf_init(&in->buf, 1 << 16);
	return in;
}

int ndjson_next(struct ndjson_in *in, json_t **value)
{
	char chunk[1 << 16];
	if (in->err[0])
		return -1;
	for (;;) {
		char *nl = memchr(in->buf.buf + in->pos, '\n', in->buf.len - in->pos);
		if (nl || (in->eof && in->pos < in->buf.len)) {
			size_t len = nl ? (size_t)(nl - (in->buf.buf + in->pos)) : in->buf.len - in->pos;
			json_error_t e;
			in->line++;
			if (!nl) {
				snprintf(in->err, sizeof(in->err), "%s:%llu: last line has no newline (truncated?)",
					 zr_path(in->z), in->line);
				return -1;
			}
			*value = json_loadb(in->buf.buf + in->pos, len, JSON_DECODE_ANY, &e);
			if (!*value) {
				snprintf(in->err, sizeof(in->err), "%s:%llu: %s", zr_path(in->z), in->line, e.text);
				return -1;
			}
			in->pos += len + 1;
			return 1;
		}
		if (in->eof)
			return 0;
		/* compact: drop consumed bytes before reading more */
		memmove(in->buf.buf, in->buf.buf + in->pos, in->buf.len - in->pos);
		in->buf.len -= in->pos;
		in->pos = 0;
		long n = zr_read(in->z, chunk, sizeof(chunk));
		if (n < 0) {
			snprintf(in->err, sizeof(in->err), "%s", zr_error(in->z));
			return -1;
		}
		if (n == 0)
			in->eof = 1;
		else
			strbuf_add(&in->buf, chunk, (size_t)n);
	}
}

const char *ndjson_error(const struct ndjson_in *in) { return in->err; }
unsigned long long ndjson_line(const struct ndjson_in *in) { return in->line; }

void ndjson_close(struct ndjson_in *in)
{
	if (!in)
		return;
	zr_close(in->z);
	strbuf_release(&in->buf);
	free(in);
}
