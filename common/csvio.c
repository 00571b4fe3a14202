/* csvio.c - CSV over zstd with libcsv; see csvio.h. */
#include "csvio.h"
#include "strbuf.h"
#include "util.h"

#include <csv.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct csv_out {
	struct zwriter *w;
	struct strbuf row;
	struct strbuf quoted;
	int nfields;
	unsigned long long rows;
};

struct csv_out *csvo_new(struct zwriter *w)
{
	struct csv_out *c = xcalloc(1, sizeof(*c));
	c->w = w;
	strbuf_init(&c->row, 4096);
	strbuf_init(&c->quoted, 256);
	return c;
}

static void sep(struct csv_out *c)
{
	if (c->nfields++)
		strbuf_addch(&c->row, ',');
}

void csvo_field(struct csv_out *c, const char *data, size_t len)
{
	size_t need = 2 * len + 2;
	sep(c);
	strbuf_grow(&c->row, need);
	size_t n = csv_write(c->row.buf + c->row.len, need, data, len);
	if (n > need)
		pga_die("csv_write: buffer too small (internal error)");
	c->row.len += n;
	c->row.buf[c->row.len] = '\0';
}

void csvo_str(struct csv_out *c, const char *s)
{
	if (s)
		csvo_field(c, s, strlen(s));
	else
		csvo_null(c);
}

void csvo_null(struct csv_out *c)
{
	sep(c);
}

void csvo_llong(struct csv_out *c, long long v)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%lld", v);
	sep(c);
	strbuf_add(&c->row, buf, (size_t)n);
}

void csvo_end_row(struct csv_out *c)
{
	strbuf_addch(&c->row, '\n');
	zw_write(c->w, c->row.buf, c->row.len);
	strbuf_reset(&c->row);
	c->nfields = 0;
	c->rows++;
}

void csvo_raw_row(struct csv_out *c, const char *buf, size_t len)
{
	zw_write(c->w, buf, len);
	c->rows++;
}

void csvo_raw_bytes(struct csv_out *c, const char *buf, size_t len) { zw_write(c->w, buf, len); }
void csvo_add_rows(struct csv_out *c, unsigned long long n) { c->rows += n; }
unsigned long long csvo_rows(const struct csv_out *c) { return c->rows; }

void csvo_free(struct csv_out *c)
{
	if (!c)
		return;
	strbuf_release(&c->row);
	strbuf_release(&c->quoted);
	free(c);
}

/*
 * One parsed record: field bytes back to back, each NUL-terminated; except at
 * most one big field (big_field), whose bytes are libcsv's own buffer, taken
 * over instead of copied (take_big_field()).
 */
struct csv_rec {
	struct strbuf data;
	size_t *offs, *lens;
	int *nulls;
	size_t n, cap;
	unsigned long long line;
	char *big;        /* owned; NULL when no field was taken over */
	size_t big_field; /* the field big holds */
};

struct csv_in {
	struct zreader *z;
	struct csv_parser p;
	struct csv_rec *recs;   /* queue of complete records from the last chunk */
	size_t nrecs, caprecs, head;
	struct csv_rec cur;     /* record being assembled */
	struct csv_field *out;
	size_t outcap;
	unsigned long long line;       /* line where the next record starts */
	unsigned long long cur_line;   /* line of the last returned record */
	unsigned long long pending_nl; /* newlines inside the record being assembled */
	int done;
	int plain; /* every byte through csv_parse (parse_chunk()) */
	char err[600];
};

static void rec_reset(struct csv_rec *r)
{
	strbuf_reset(&r->data);
	r->n = 0;
	free(r->big);
	r->big = NULL;
}

/* A new field: off into data (or 0 for the taken-over one), len bytes. */
static void rec_push(struct csv_rec *r, size_t off, size_t len, int is_null)
{
	if (r->n == r->cap) {
		ALLOC_GROW(r->offs, r->n + 1, r->cap, 16);
		r->lens = xreallocarray(r->lens, r->cap, sizeof(*r->lens));
		r->nulls = xreallocarray(r->nulls, r->cap, sizeof(*r->nulls));
	}
	r->offs[r->n] = off;
	r->lens[r->n] = len;
	r->nulls[r->n] = is_null;
	r->n++;
}

static void rec_add(struct csv_rec *r, const char *d, size_t len, int is_null)
{
	rec_push(r, r->data.len, len, is_null);
	strbuf_add(&r->data, d, len);
	strbuf_addch(&r->data, '\0');
}

/*
 * A field of at least TAKE_FIELD_BYTES is not copied out of libcsv's buffer:
 * the record takes the buffer over and libcsv gets a fresh small one. A 100 MB
 * blob was held twice (libcsv's buffer and the record's copy), and a 13.5 MB
 * tree row (100,000 objects a tree) too. This leans on libcsv handing the
 * field callback its entry_buf (NUL-terminated with CSV_APPEND_NULL) and
 * reading entry_buf and entry_size afresh after the callback (libcsv 3.0.x);
 * test_artifacts checks the fields' bytes and the memory held.
 */
#define TAKE_FIELD_BYTES (1u << 20)
#define FRESH_FIELD_BYTES 4096

static int take_big_field(struct csv_in *c, void *s, size_t len)
{
	struct csv_rec *r = &c->cur;
	if (len < TAKE_FIELD_BYTES || r->big || s != c->p.entry_buf || c->p.entry_size < FRESH_FIELD_BYTES)
		return 0;
	r->big = s;
	r->big_field = r->n;
	c->p.entry_buf = xmalloc(FRESH_FIELD_BYTES);
	c->p.entry_size = FRESH_FIELD_BYTES;
	rec_push(r, 0, len, 0);
	return 1;
}

static void on_field(void *s, size_t len, void *data)
{
	struct csv_in *c = data;
	if (!s) {
		rec_add(&c->cur, "", 0, 1);
		return;
	}
	/* memchr rather than a byte loop: fields are up to 100 kB of base64 lines */
	for (const char *p = s, *end = p + len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		c->pending_nl++;
	if (!take_big_field(c, s, len))
		rec_add(&c->cur, s, len, 0);
}

static void swap_rec(struct csv_rec *a, struct csv_rec *b)
{
	struct csv_rec t = *a;
	*a = *b;
	*b = t;
}

static void on_row(int term, void *data)
{
	struct csv_in *c = data;
	(void)term;
	if (c->nrecs == c->caprecs) {
		size_t old = c->caprecs;
		ALLOC_GROW_ZERO(c->recs, c->nrecs + 1, c->caprecs, 64);
		for (size_t i = old; i < c->caprecs; i++)
			strbuf_init(&c->recs[i].data, 0);
	}
	c->cur.line = c->line;
	swap_rec(&c->recs[c->nrecs], &c->cur);
	c->nrecs++;
	rec_reset(&c->cur);
	c->line += c->pending_nl + 1;
	c->pending_nl = 0;
}

/*
 * libcsv grows its field buffer by a fixed block per call to realloc: linear
 * steps make a 100 MB field cost quadratic copying wherever realloc moves the
 * block (sanitizers always do). Grow geometrically instead.
 */
static void *csv_field_realloc(void *p, size_t n)
{
	if (p && malloc_usable_size(p) >= n)
		return p;
	return realloc(p, n < 4096 ? 4096 : n + n / 2);
}

/*
 * No byte is a space to libcsv. By default it drops the spaces and tabs around an
 * unquoted field, but PostgreSQL's CSV quotes only values holding the delimiter,
 * a quote, CR or LF (or empty): a blob " CREATE SCHEMA s;" comes unquoted, lost
 * its space, and failed its hash as a corrupt object.
 */
static int never_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* A parser with the rules every reader here uses (strict quoting, NULL for an unquoted empty
   field, every byte of an unquoted field kept; every field NUL-terminated in libcsv's buffer,
   so that a big one can be taken over). */
static void parser_init(struct csv_parser *p)
{
	if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL | CSV_APPEND_NULL) != 0)
		pga_die("libcsv: cannot initialise a parser");
	csv_set_realloc_func(p, csv_field_realloc);
	csv_set_space_func(p, never_space);
}

/*
 * libcsv's inner loop costs about 15 instructions a byte; in the objects artifact
 * nearly every byte is inside a quoted field (a tree's base64, 76-character lines:
 * quoted by COPY for its newlines), and parsing them was over a third of the diff's
 * CPU. Inside a quoted field libcsv does one thing with every byte but the quote
 * character: in state FIELD_BEGUN with quoted set (and spaces 0, which never_space
 * keeps it), a comma, CR, LF or any other byte is appended to entry_buf and the state
 * stays as it was (no term function is set, so CR and LF are plain bytes there). So
 * the reader appends such a run itself (one memchr for the next quote, one memcpy) and
 * gives libcsv everything else: every byte outside quoted fields and every quote
 * character, up to and including the next quote, so that libcsv is the one to decide
 * where each field and row begins and ends, what a quote means and what is malformed.
 * The bytes and states libcsv ends with are those it ends with when given every byte
 * (test_artifacts parses random CSV both ways). It leans on the parser's public
 * struct (csv.h), on the same terms as take_big_field(), and checks that libcsv
 * behaves so (learn_quoted_state()). csvi_set_plain() gives libcsv every byte.
 */
static int quoted_state = -1; /* libcsv's pstate inside a quoted field; -1: no fast path */
static pthread_once_t quoted_state_once = PTHREAD_ONCE_INIT;

/* The state is private to libcsv: learnt once from a parser given an open quoted field. */
static void learn_quoted_state(void)
{
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0)
		return;
	/* no fast path if libcsv does not behave as described above */
	if (csv_parse(&p, "\"a,\r\n", 5, NULL, NULL, NULL) == 5 && p.quoted && p.spaces == 0 &&
	    p.entry_pos == 4 && memcmp(p.entry_buf, "a,\r\n", 4) == 0)
		quoted_state = p.pstate;
	csv_free(&p);
}

static int in_quoted_run(const struct csv_parser *p)
{
	return p->pstate == quoted_state && p->quoted && p->spaces == 0 && !p->is_term && p->entry_buf != NULL;
}

static void append_quoted_run(struct csv_parser *p, const char *s, size_t len)
{
	/* libcsv's own invariant with CSV_APPEND_NULL: entry_pos < entry_size, room for the NUL */
	size_t need = p->entry_pos + len + 1;
	if (need > p->entry_size) {
		void *b = p->realloc_func(p->entry_buf, need);
		if (!b)
			pga_die("libcsv: out of memory for a field of %zu bytes", need);
		p->entry_buf = b;
		p->entry_size = need;
	}
	memcpy(p->entry_buf + p->entry_pos, s, len);
	p->entry_pos += len;
}

/* Parse buf[0..len) (0, or -1 with c->err set). */
static int parse_chunk(struct csv_in *c, const char *buf, size_t len)
{
	const unsigned char quote = c->p.quote_char;
	size_t pos = 0;
	while (pos < len) {
		size_t end = len;
		if (!c->plain) {
			if (in_quoted_run(&c->p)) {
				const char *q = memchr(buf + pos, quote, len - pos);
				size_t run = q ? (size_t)(q - (buf + pos)) : len - pos;
				append_quoted_run(&c->p, buf + pos, run);
				pos += run;
				if (pos == len)
					break;
			}
			const char *q = memchr(buf + pos, quote, len - pos);
			if (q)
				end = (size_t)(q - buf) + 1;
		}
		if (csv_parse(&c->p, buf + pos, end - pos, on_field, on_row, c) != end - pos) {
			snprintf(c->err, sizeof(c->err), "%s:%llu: malformed CSV (%s)", zr_path(c->z), c->line,
				 csv_strerror(csv_error(&c->p)));
			return -1;
		}
		pos = end;
	}
	return 0;
}

struct csv_in *csvi_open(const char *path)
{
	struct zreader *z = zr_open(path);
	if (!z)
		return NULL;
	struct csv_in *c = xcalloc(1, sizeof(*c));
	c->z = z;
	parser_init(&c->p);
	strbuf_init(&c->cur.data, 256);
	c->line = 1;
	pthread_once(&quoted_state_once, learn_quoted_state);
	c->plain = quoted_state < 0;
	return c;
}

/*
 * A record slot keeps its buffer for the next record, but not a big one: the
 * slots and the record being assembled swap buffers, so two consecutive tree
 * rows of 13.5 MB (100,000 objects a tree) left two 20 MB buffers behind for
 * the rest of the file. Every consumed slot is reset, which frees a field
 * taken over from libcsv.
 * Called when every queued record has been returned.
 */
#define REC_KEEP_BYTES (1u << 20)
static void release_big_records(struct csv_in *c)
{
	for (size_t i = 0; i < c->nrecs; i++) {
		rec_reset(&c->recs[i]);
		if (c->recs[i].data.alloc > REC_KEEP_BYTES) {
			strbuf_release(&c->recs[i].data);
			strbuf_init(&c->recs[i].data, 0);
		}
	}
}

static int fill(struct csv_in *c)
{
	char buf[1 << 16];
	release_big_records(c);
	c->nrecs = c->head = 0;
	while (c->nrecs == 0 && !c->done) {
		long n = zr_read(c->z, buf, sizeof(buf));
		if (n < 0) {
			snprintf(c->err, sizeof(c->err), "%s", zr_error(c->z));
			return -1;
		}
		if (n == 0) {
			c->done = 1;
			if (csv_fini(&c->p, on_field, on_row, c) != 0) {
				snprintf(c->err, sizeof(c->err), "%s:%llu: malformed CSV at end of file (%s)",
					 zr_path(c->z), c->line, csv_strerror(csv_error(&c->p)));
				return -1;
			}
			break;
		}
		if (parse_chunk(c, buf, (size_t)n) < 0)
			return -1;
	}
	return 0;
}

int csvi_next(struct csv_in *c, struct csv_field **fields, size_t *n)
{
	if (c->err[0])
		return -1;
	if (c->head == c->nrecs) {
		if (c->done)
			return 0;
		if (fill(c) < 0)
			return -1;
		if (c->nrecs == 0)
			return 0;
	}
	struct csv_rec *r = &c->recs[c->head++];
	if (r->n > c->outcap) {
		c->outcap = r->n;
		c->out = xrealloc(c->out, c->outcap * sizeof(*c->out));
	}
	for (size_t i = 0; i < r->n; i++) {
		c->out[i].data = r->big && i == r->big_field ? r->big : r->data.buf + r->offs[i];
		c->out[i].len = r->lens[i];
		c->out[i].is_null = r->nulls[i];
	}
	c->cur_line = r->line;
	*fields = c->out;
	*n = r->n;
	return 1;
}

unsigned long long csvi_line(const struct csv_in *c) { return c->cur_line; }
void csvi_set_plain(struct csv_in *c) { c->plain = 1; }
const char *csvi_error(const struct csv_in *c) { return c->err; }
const char *csvi_path(const struct csv_in *c) { return zr_path(c->z); }
void csvi_read_ahead(struct csv_in *c) { zr_read_ahead(c->z); }

size_t csvi_held_bytes(const struct csv_in *c)
{
	size_t n = c->cur.data.alloc + (c->cur.big ? malloc_usable_size(c->cur.big) : 0) +
		   (c->p.entry_buf ? malloc_usable_size(c->p.entry_buf) : 0);
	for (size_t i = 0; i < c->caprecs; i++)
		n += c->recs[i].data.alloc + (c->recs[i].big ? malloc_usable_size(c->recs[i].big) : 0);
	return n;
}

int csvi_check_fields(const struct csv_in *c, size_t got, size_t want, char *err, size_t errlen)
{
	if (got == want)
		return 0;
	snprintf(err, errlen, "%s:%llu: expected %zu fields, found %zu", csvi_path(c), csvi_line(c), want, got);
	return -1;
}

static void rec_free(struct csv_rec *r)
{
	free(r->big);
	strbuf_release(&r->data);
	free(r->offs);
	free(r->lens);
	free(r->nulls);
}

void csvi_close(struct csv_in *c)
{
	if (!c)
		return;
	csv_free(&c->p);
	zr_close(c->z);
	for (size_t i = 0; i < c->caprecs; i++)
		rec_free(&c->recs[i]);
	free(c->recs);
	rec_free(&c->cur);
	free(c->out);
	free(c);
}

/* the first slice of a row given to libcsv when it holds fewer commas than fields wanted;
   each next slice doubles what was given, so a long field costs a few calls, not one per slice */
#define ROW_FIRST_SLICE 48

struct csv_row_decoder {
	struct csv_parser p;
	size_t want;
	struct csv_rec rec;
	struct csv_field *out;
};

static void dec_field(void *s, size_t len, void *data)
{
	struct csv_row_decoder *d = data;
	if (d->rec.n < d->want)
		rec_add(&d->rec, s ? s : "", s ? len : 0, !s);
}

struct csv_row_decoder *csv_row_decoder_new(size_t want_fields)
{
	struct csv_row_decoder *d = xcalloc(1, sizeof(*d));
	parser_init(&d->p);
	d->want = want_fields ? want_fields : 1;
	d->out = xcalloc(d->want, sizeof(*d->out));
	strbuf_init(&d->rec.data, 256);
	return d;
}

int csv_row_decode(struct csv_row_decoder *d, const char *buf, size_t len, struct csv_field **fields)
{
	rec_reset(&d->rec);
	int ok = 1;
	size_t done = 0;
	/* The first slice ends at the want-th comma: where the wanted fields end unless a
	   quoted one holds a comma (then the slices that follow read on). libcsv parses every
	   byte it is given, also past the fields wanted: a fixed first slice of 48 bytes made
	   it parse the mode and part of the sha after each tree_entries path, about half of
	   what the export gave it. Where the slices end does not change what libcsv returns. */
	size_t first = ROW_FIRST_SLICE;
	const char *comma = buf;
	for (size_t k = 0; k < d->want && comma; k++) {
		comma = memchr(comma, ',', len - (size_t)(comma - buf));
		if (comma && k + 1 == d->want)
			first = (size_t)(comma - buf) + 1;
		else if (comma)
			comma++;
	}
	for (size_t slice = first; ok && done < len && d->rec.n < d->want; slice = done) {
		size_t n = len - done < slice ? len - done : slice;
		ok = csv_parse(&d->p, buf + done, n, dec_field, NULL, d) == n;
		done += n;
	}
	/* csv_fini ends the row (its last field, when the row was read to its end) and resets
	   the parser; it fails on an open quote - an error only if the row was read to its end
	   without giving the wanted fields, otherwise the rest of the row was merely not read */
	int short_row = d->rec.n < d->want;
	if (csv_fini(&d->p, short_row ? dec_field : NULL, NULL, d) != 0) {
		csv_free(&d->p); /* a failed csv_fini leaves the parser mid-field */
		parser_init(&d->p);
		if (short_row)
			ok = 0;
	}
	if (!ok)
		return -1;
	for (size_t i = 0; i < d->rec.n; i++) {
		d->out[i].data = d->rec.data.buf + d->rec.offs[i];
		d->out[i].len = d->rec.lens[i];
		d->out[i].is_null = d->rec.nulls[i];
	}
	*fields = d->out;
	return (int)d->rec.n;
}

void csv_row_decoder_free(struct csv_row_decoder *d)
{
	if (!d)
		return;
	csv_free(&d->p);
	rec_free(&d->rec);
	free(d->out);
	free(d);
}

void csv_encode_row(struct strbuf *sb, const struct csv_field *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addch(sb, ',');
		if (fields[i].is_null)
			continue;
		size_t need = 2 * fields[i].len + 2;
		strbuf_grow(sb, need);
		sb->len += csv_write(sb->buf + sb->len, need, fields[i].data, fields[i].len);
		sb->buf[sb->len] = '\0';
	}
	strbuf_addch(sb, '\n');
}
