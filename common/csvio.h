/*
 * csvio.h - CSV rows in zstd files, quoted and parsed by libcsv.
 *
 * Written fields are always quoted, so an empty string ("") and SQL NULL (an
 * unquoted empty field) stay distinct, exactly as PostgreSQL's COPY ... CSV
 * reads and writes them. Rows are counted; the reader reports the line on
 * which each record starts, so errors can name file:line.
 */
#ifndef PGA_CSVIO_H
#define PGA_CSVIO_H

#include <stddef.h>

#include "zio.h"

struct csv_out;
/* Wrap an open zstd writer (not owned: the caller commits or aborts it). */
struct csv_out *csvo_new(struct zwriter *w);
void csvo_field(struct csv_out *c, const char *data, size_t len);
void csvo_str(struct csv_out *c, const char *s);   /* NULL s writes SQL NULL */
void csvo_null(struct csv_out *c);
void csvo_llong(struct csv_out *c, long long v);
void csvo_end_row(struct csv_out *c);
/* Append one complete, already-encoded CSV row (ending in a newline) and count it. */
void csvo_raw_row(struct csv_out *c, const char *buf, size_t len);
/*
 * Append bytes that are whole rows or parts of rows (already encoded) without
 * counting them; the caller counts with csvo_add_rows() once the rows it
 * copied are complete (bulk copies, e.g. the assembly of checkpoint parts).
 */
void csvo_raw_bytes(struct csv_out *c, const char *buf, size_t len);
void csvo_add_rows(struct csv_out *c, unsigned long long n);
unsigned long long csvo_rows(const struct csv_out *c);
void csvo_free(struct csv_out *c);

struct csv_field {
	const char *data; /* NUL-terminated copy; valid until the next csvi_next() */
	size_t len;
	int is_null;      /* an unquoted empty field */
};

struct csv_in;
/* Read CSV from a zstd file; NULL with errno set if it cannot be opened. */
struct csv_in *csvi_open(const char *path);
/*
 * Next record: returns 1 and sets fields and n (owned by the reader, valid until
 * the next call), 0 at end of file, -1 on a malformed file (csvi_error() names
 * file and line).
 */
int csvi_next(struct csv_in *c, struct csv_field **fields, size_t *n);
/*
 * Give libcsv every byte, also the runs inside quoted fields that the reader
 * otherwise appends to the field itself (csvio.c, parse_chunk()): for tests and
 * measurements; before the first csvi_next().
 */
void csvi_set_plain(struct csv_in *c);
/* Line (1-based) on which the record last returned starts. */
unsigned long long csvi_line(const struct csv_in *c);
const char *csvi_error(const struct csv_in *c);
const char *csvi_path(const struct csv_in *c);
/* Decompress on a thread of its own from now on (zr_read_ahead()). */
void csvi_read_ahead(struct csv_in *c);
/*
 * The bytes the reader holds for records now: its record buffers, the fields
 * it took over, libcsv's field buffer. For tests and measurements.
 */
size_t csvi_held_bytes(const struct csv_in *c);
void csvi_close(struct csv_in *c);

/*
 * Append fields as one CSV row (every value quoted, SQL NULL as an empty
 * unquoted field, newline-terminated) to sb: what COPY ... FROM STDIN (FORMAT
 * csv) reads back unchanged.
 */
struct strbuf;
void csv_encode_row(struct strbuf *sb, const struct csv_field *fields, size_t n);

/*
 * A decoder of the leading fields of single CSV rows held in memory (one row
 * of COPY ... TO STDOUT (FORMAT csv), as libpq hands it over), by libcsv with
 * the reader's rules. Only as much of the row as the wanted fields take is
 * given to libcsv: the rest of the row is not looked at (whoever reads the row
 * later parses it whole).
 */
struct csv_row_decoder;
struct csv_row_decoder *csv_row_decoder_new(size_t want_fields);
/*
 * Decode the first want_fields fields of buf[0..len), a complete row. Returns
 * how many were decoded (fewer when the row has fewer) and sets *fields (owned
 * by the decoder, valid until its next call), or -1 when those fields are
 * malformed CSV.
 */
int csv_row_decode(struct csv_row_decoder *d, const char *buf, size_t len, struct csv_field **fields);
void csv_row_decoder_free(struct csv_row_decoder *d);

/*
 * 0 if the record last returned has want fields; otherwise -1 with
 * "FILE:LINE: expected N fields, found M" in err (errlen bytes, truncated to fit).
 */
int csvi_check_fields(const struct csv_in *c, size_t got, size_t want, char *err, size_t errlen);

#endif
