/*
 * ndjson.h - newline-delimited JSON (one jansson value per line) in zstd
 * files: compact, keys in insertion order, UTF-8 kept as is, so the same
 * values always give the same bytes.
 */
#ifndef PGA_NDJSON_H
#define PGA_NDJSON_H

#include <jansson.h>

#include "zio.h"

/* Append value as one line to w (value not consumed). Dies if it cannot be encoded. */
void ndjson_write(struct zwriter *w, const json_t *value);

struct ndjson_in;
/* NULL with errno set if path cannot be opened. */
struct ndjson_in *ndjson_open(const char *path);
/*
 * Next value: 1 and *value (a new reference the caller decrefs), 0 at the end,
 * -1 on a malformed line or corrupt file (ndjson_error() names file and line).
 */
int ndjson_next(struct ndjson_in *in, json_t **value);
const char *ndjson_error(const struct ndjson_in *in);
unsigned long long ndjson_line(const struct ndjson_in *in);
void ndjson_close(struct ndjson_in *in);

#endif
