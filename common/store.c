/* store.c - pggit_v0 commit and tree formats; see store.h. */
#include "display.h"
#include "store.h"
#include "commit_time.h"
#include "util.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl : NULL;
}

static int take_sha_line(const char **pp, const char *end, const char *key, sha256_hex_t out)
{
	size_t klen = strlen(key);
	const char *p = *pp;
	const char *nl = line_end(p, end);
	if (!nl || (size_t)(nl - p) != klen + 1 + SHA256_HEX_LEN || memcmp(p, key, klen) != 0 || p[klen] != ' ' ||
	    !is_sha256_hex(p + klen + 1, SHA256_HEX_LEN))
		return -1;
	memcpy(out, p + klen + 1, SHA256_HEX_LEN);
	out[SHA256_HEX_LEN] = '\0';
	*pp = nl + 1;
	return 0;
}

/* err gets "line N: " and the reason, with the line shown (escaped) when it helps */
static void line_err(char *err, size_t errlen, unsigned line, const char *what, const char *p, const char *nl)
{
	if (!p) {
		snprintf(err, errlen, "line %u: %s", line, what);
		return;
	}
	size_t n = (size_t)(nl - p);
	snprintf(err, errlen, "line %u: %s: %s%s", line, what, dqn(p, n > 120 ? 120 : n), n > 120 ? "..." : "");
}

/*
 * The " EPOCH TZ" that follows an identity's '>' at q (q < end): one space, an optional '-'
 * and 1-18 digits (18 hold every epoch a timestamp can; years 1-9999 need 12), one space,
 * [+-]HHMM. Returns the end of TZ and sets *digits and *ndigits, or NULL when q does not start so.
 */
static const char *epoch_tz(const char *q, const char *end, const char **digits, size_t *ndigits)
{
	if (q >= end || *q != ' ')
		return NULL;
	q++;
	if (q < end && *q == '-')
		q++;
	const char *d = q;
	while (q < end && *q >= '0' && *q <= '9')
		q++;
	size_t n = (size_t)(q - d);
	if (n == 0 || n > 18 || q >= end || *q != ' ' || end - (q + 1) < 5)
		return NULL;
	const char *tz = q + 1;
	if ((tz[0] != '+' && tz[0] != '-') || !(tz[1] >= '0' && tz[1] <= '9') || !(tz[2] >= '0' && tz[2] <= '9') ||
	    !(tz[3] >= '0' && tz[3] <= '9') || !(tz[4] >= '0' && tz[4] <= '9'))
		return NULL;
	*digits = d;
	*ndigits = n;
	return tz + 5;
}

/*
 * "KEY IDENT EPOCH TZ\n", the contract's "author <name> <<email>> <unix-epoch> +0000".
 * IDENT ends at the last '>' of the line (pgGit writes the identity it was given as it is,
 * and commit_graph holds the same text: a name may hold '>'), and what follows it must be
 * exactly " EPOCH TZ" (epoch_tz()). Anything else there (a second space, a '+', trailing
 * text) is a malformed line, said as such, rather than read leniently (strtoll skips spaces,
 * takes '+') or left to surface as a commit_graph disagreement. IDENT must hold "<...>":
 * pgGit writes an email. IDENT must not itself hold a '>' followed by " EPOCH TZ" and more:
 * such a line carries two timestamps ("A <a@x> 1 +0000 <b@y> 2 +0000"), and readers
 * disagree on it (git's split_ident_line() takes the name and email from the first <...>
 * and the date after the last '>', git fsck refuses it, the last-'>' rule gives an author
 * that embeds a forged date); it is refused rather than given one of these meanings.
 */
static int take_ident_line(const char **pp, const char *end, const char *key, unsigned line, char **ident,
			   long long *epoch, char *err, size_t errlen)
{
	size_t klen = strlen(key);
	const char *p = *pp;
	const char *nl = line_end(p, end);
	char what[160];
	if (!nl || (size_t)(nl - p) < klen + 1 || memcmp(p, key, klen) != 0 || p[klen] != ' ') {
		snprintf(what, sizeof(what), "expected the %s line (\"%s <name> <<email>> <unix-epoch> +0000\")%s", key,
			 key, nl ? ", found" : " and its newline, found the end of the text");
		line_err(err, errlen, line, what, nl ? p : NULL, nl);
		return -1;
	}
	const char *s = p + klen + 1;
	const char *gt = NULL, *lt = NULL;
	for (const char *q = s; q < nl; q++)
		if (*q == '>')
			gt = q;
	if (gt)
		for (const char *q = s; q < gt; q++)
			if (*q == '<')
				lt = q;
	if (!gt || !lt) {
		snprintf(what, sizeof(what), "%s line has no <email>", key);
		line_err(err, errlen, line, what, p, nl);
		return -1;
	}
	const char *digits = NULL;
	size_t ndigits = 0;
	if (epoch_tz(gt + 1, nl, &digits, &ndigits) != nl) {
		snprintf(what, sizeof(what), "%s line: after the email's '>' expected \" <unix-epoch> +0000\"", key);
		line_err(err, errlen, line, what, p, nl);
		return -1;
	}
	for (const char *q = s; q < gt; q++) {
		const char *d;
		size_t nd;
		if (*q == '>' && epoch_tz(q + 1, gt, &d, &nd)) {
			snprintf(what, sizeof(what),
				 "%s line holds two \"<email> <unix-epoch> <zone>\" (the identity's text holds a second "
				 "timestamp)",
				 key);
			line_err(err, errlen, line, what, p, nl);
			return -1;
		}
	}
	long long v = 0;
	for (const char *d = digits; d < digits + ndigits; d++)
		v = v * 10 + (*d - '0');
	*ident = xstrndup(s, (size_t)(gt + 1 - s));
	*epoch = digits[-1] == '-' ? -v : v;
	*pp = nl + 1;
	return 0;
}

int commit_text_parse(const char *text, size_t len, struct commit_text *out, char *err, size_t errlen)
{
	const char *p = text, *end = text + len;
	unsigned line = 1;
	memset(out, 0, sizeof(*out));
	if (take_sha_line(&p, end, "tree", out->tree) < 0) {
		line_err(err, errlen, line, "commit text does not start with \"tree <sha256>\"", NULL, NULL);
		return -1;
	}
	line++;
	size_t cap = 0;
	/* text need not be NUL-terminated: compare only bytes before end */
	while (end - p >= 7 && memcmp(p, "parent ", 7) == 0) {
		ALLOC_GROW(out->parents, out->nparents + 1, cap, 2);
		if (take_sha_line(&p, end, "parent", out->parents[out->nparents]) < 0) {
			const char *nl = line_end(p, end);
			line_err(err, errlen, line, "malformed parent line (expected \"parent <sha256>\")", p,
				 nl ? nl : end);
			goto fail;
		}
		out->nparents++;
		line++;
	}
	if (take_ident_line(&p, end, "author", line, &out->author, &out->author_epoch, err, errlen) < 0)
		goto fail;
	line++;
	if (take_ident_line(&p, end, "committer", line, &out->committer, &out->committer_epoch, err, errlen) < 0)
		goto fail;
	line++;
	if (p >= end || *p != '\n') {
		line_err(err, errlen, line, "expected the blank line after the committer line", NULL, NULL);
		goto fail;
	}
	p++;
	out->message = xstrndup(p, (size_t)(end - p));
	return 0;
fail:
	commit_text_release(out);
	return -1;
}

void commit_text_release(struct commit_text *c)
{
	free(c->parents);
	free(c->author);
	free(c->committer);
	free(c->message);
	memset(c, 0, sizeof(*c));
}

/*
 * base64 decoding by table (OpenSSL's EVP_DecodeUpdate was 15-19% of the diff
 * stage's CPU). Values 0..63 for the alphabet; the rest are classes the slow
 * path handles. Every byte outside the alphabet, '=' and whitespace is an error.
 */
enum { B64_BAD = 0xff, B64_SPACE = 0xfe, B64_PAD = 0xfd };
#define XX B64_BAD
#define SP B64_SPACE
#define PD B64_PAD
static const unsigned char b64_value[256] = {
	XX, XX, XX, XX, XX, XX, XX, XX, XX, SP, SP, XX, XX, SP, XX, XX,
	XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
	SP, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, 62, XX, XX, XX, 63,
	52, 53, 54, 55, 56, 57, 58, 59, 60, 61, XX, XX, XX, PD, XX, XX,
	XX,  0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14,
	15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, XX, XX, XX, XX, XX,
	XX, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
	41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, XX, XX, XX, XX, XX,
	XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
	XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
	XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
	XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
	XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
	XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
	XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
	XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
};
#undef XX
#undef SP
#undef PD

/*
 * The fast path's tables: each character's bits already in place in the three output
 * bytes (bits 0-7, 8-15, 16-23) for its position in the quad, so a quad is four loads
 * and three ORs; B64_NOT_ALPHABET marks every byte outside the alphabet in all four.
 */
#define B64_NOT_ALPHABET (1u << 24)
static uint32_t b64_quad[4][256];
static pthread_once_t b64_quad_once = PTHREAD_ONCE_INIT;

static void b64_quad_init(void)
{
	for (unsigned ch = 0; ch < 256; ch++) {
		uint32_t v = b64_value[ch];
		if (v > 63) {
			for (int k = 0; k < 4; k++)
				b64_quad[k][ch] = B64_NOT_ALPHABET;
			continue;
		}
		b64_quad[0][ch] = v << 2;
		b64_quad[1][ch] = v >> 4 | (v & 15) << 12;
		b64_quad[2][ch] = (v >> 2) << 8 | (v & 3) << 22;
		b64_quad[3][ch] = v << 16;
	}
}

int tree_decode_base64(const char *b64, size_t len, struct strbuf *raw, size_t *bad_offset)
{
	const unsigned char *s = (const unsigned char *)b64;
	pthread_once(&b64_quad_once, b64_quad_init);
	strbuf_grow(raw, len / 4 * 3 + 4);
	unsigned char *out = (unsigned char *)raw->buf + raw->len;
	size_t i = 0, at = 0;
	while (i < len) {
		/*
		 * Fast path: whole quads of alphabet characters, and the '\n' between two
		 * quads (PostgreSQL's lines are 76 characters, 19 quads); anything else
		 * (other whitespace, a line break inside a quad, padding, a bad byte) goes
		 * to the slow path.
		 */
		while (len - i >= 4) {
			uint32_t v = b64_quad[0][s[i]] | b64_quad[1][s[i + 1]] | b64_quad[2][s[i + 2]] |
				     b64_quad[3][s[i + 3]];
			if (v & B64_NOT_ALPHABET) {
				if (s[i] == '\n') {
					i++;
					continue;
				}
				break;
			}
			out[0] = (unsigned char)v;
			out[1] = (unsigned char)(v >> 8);
			out[2] = (unsigned char)(v >> 16);
			out += 3;
			i += 4;
		}
		/* Slow path: one quad, whitespace skipped anywhere, '=' padding at the end only. */
		unsigned q[4], n = 0, pad = 0;
		while (i < len && n < 4) {
			unsigned v = b64_value[s[i]];
			if (v == B64_SPACE) {
				i++;
				continue;
			}
			if (v == B64_BAD || (v == B64_PAD && n < 2) || (v != B64_PAD && pad)) {
				at = i;
				goto bad;
			}
			if (v == B64_PAD) {
				pad++;
				v = 0;
			}
			q[n++] = v;
			i++;
		}
		if (n == 0)
			break; /* only whitespace was left */
		if (n < 4) {
			at = len; /* a truncated quad */
			goto bad;
		}
		uint32_t v = q[0] << 18 | q[1] << 12 | q[2] << 6 | q[3];
		out[0] = (unsigned char)(v >> 16);
		out[1] = (unsigned char)(v >> 8);
		out[2] = (unsigned char)v;
		out += 3 - pad;
		if (pad) {
			/* the padded quad ends the content: nothing but whitespace after it */
			for (; i < len; i++)
				if (b64_value[s[i]] != B64_SPACE) {
					at = i;
					goto bad;
				}
		}
	}
	raw->len = (size_t)((char *)out - raw->buf);
	raw->buf[raw->len] = '\0';
	return 0;
bad:
	raw->buf[raw->len] = '\0'; /* nothing appended */
	if (bad_offset)
		*bad_offset = at;
	return -1;
}

int tree_starts_entry(const char *raw, size_t len, size_t at)
{
	size_t k = at;
	while (k < len && raw[k] >= '0' && raw[k] <= '9')
		k++;
	return k > at && k < len && raw[k] == ' ';
}

int tree_entry_split(const char *raw, size_t len, size_t at, struct tree_split *out, char *err, size_t errlen)
{
	if (!tree_starts_entry(raw, len, at)) {
		snprintf(err, errlen, "byte %zu: an entry does not start with a mode and a space", at);
		return -1;
	}
	size_t path = (size_t)((const char *)memchr(raw + at, ' ', len - at) - raw) + 1;
	/* the first '|' that closes a path: "|SHA|" then the end or the next entry's "MODE " */
	for (size_t q = path;; q++) {
		const char *bar = memchr(raw + q, '|', len - q);
		if (!bar || (size_t)(bar - raw) + SHA256_HEX_LEN + 1 >= len) {
			snprintf(err, errlen, "byte %zu: entry without a \"|SHA|\" after its path", at);
			return -1;
		}
		q = (size_t)(bar - raw);
		size_t next = q + SHA256_HEX_LEN + 2;
		if (raw[next - 1] != '|' || !is_sha256_hex(raw + q + 1, SHA256_HEX_LEN) ||
		    (next != len && !tree_starts_entry(raw, len, next)))
			continue; /* a '|' inside the path */
		if (q == path) {
			snprintf(err, errlen, "byte %zu: entry with an empty path", at);
			return -1;
		}
		out->path = path;
		out->path_len = q - path;
		out->sha = q + 1;
		out->end = next;
		return 0;
	}
}

static int cmp_path(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t n = alen < blen ? alen : blen;
	int c = memcmp(a, b, n);
	if (c)
		return c;
	return alen < blen ? -1 : alen > blen;
}

static long find_entry(struct tree_entry *e, size_t n, const char *path, size_t plen)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_path(e[mid].path, e[mid].path_len, path, plen);
		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* 1 if raw[p..len) starts with exactly "MODE PATH|SHA|" of entry e; sets *end past it */
static int entry_at(const char *raw, size_t len, size_t p, const struct tree_entry *e, size_t *end)
{
	size_t ml = strlen(e->mode), need = ml + 1 + e->path_len + SHA256_HEX_LEN + 2;
	if (len - p < need || memcmp(raw + p, e->mode, ml) != 0 || raw[p + ml] != ' ')
		return 0;
	const char *q = raw + p + ml + 1;
	if (memcmp(q, e->path, e->path_len) != 0 || q[e->path_len] != '|' ||
	    memcmp(q + e->path_len + 1, e->sha, SHA256_HEX_LEN) != 0 || q[e->path_len + 1 + SHA256_HEX_LEN] != '|')
		return 0;
	*end = p + need;
	return 1;
}

int tree_raw_match(const char *raw, size_t len, struct tree_entry *entries, size_t n, char *err, size_t errlen)
{
	size_t p = 0, next = 0;
	for (size_t i = 0; i < n; i++)
		entries[i].used = 0;
	while (p < len) {
		/*
		 * First the entry after the one matched last: a tree written in byte order
		 * (the usual case) then matches in one comparison per entry instead of a
		 * binary search per '|' candidate. Sound either way: an entry is only ever
		 * consumed where its exact text is.
		 */
		size_t end;
		if (next < n && !entries[next].used && entry_at(raw, len, p, &entries[next], &end)) {
			entries[next++].used = 1;
			p = end;
			continue;
		}
		const char *sp = memchr(raw + p, ' ', len - p);
		if (!sp) {
			snprintf(err, errlen, "byte %zu: entry without a space after its mode", p);
			return -1;
		}
		size_t mode_len = (size_t)(sp - (raw + p));
		size_t path_start = (size_t)(sp - raw) + 1;
		int matched = 0;
		for (size_t q = path_start; q + SHA256_HEX_LEN + 1 < len && !matched; q++) {
			if (raw[q] != '|' || raw[q + SHA256_HEX_LEN + 1] != '|' ||
			    !is_sha256_hex(raw + q + 1, SHA256_HEX_LEN))
				continue;
			long k = find_entry(entries, n, raw + path_start, q - path_start);
			if (k < 0 || entries[k].used)
				continue;
			struct tree_entry *e = &entries[k];
			if (strlen(e->mode) != mode_len || memcmp(e->mode, raw + p, mode_len) != 0 ||
			    memcmp(e->sha, raw + q + 1, SHA256_HEX_LEN) != 0)
				continue;
			e->used = 1;
			next = (size_t)k + 1;
			p = q + SHA256_HEX_LEN + 2;
			matched = 1;
		}
		if (!matched) {
			snprintf(err, errlen, "byte %zu: tree content has an entry that no tree_entries row matches", p);
			return -1;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (!entries[i].used) {
			/* path need not be NUL-terminated: path_len bounds it (store.h) */
			snprintf(err, errlen, "tree_entries row for path %s is not in the tree content",
				 dqn(entries[i].path, entries[i].path_len));
			return -1;
		}
	}
	return 0;
}

void tree_raw_build(const struct tree_entry *entries, size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n; i++) {
		strbuf_addstr(out, entries[i].mode);
		strbuf_addch(out, ' ');
		strbuf_add(out, entries[i].path, entries[i].path_len);
		strbuf_addch(out, '|');
		strbuf_add(out, entries[i].sha, SHA256_HEX_LEN);
		strbuf_addch(out, '|');
	}
}

int parse_utc_timestamp(const char *s, double *epoch)
{
	long long naive;
	const char *frac_at;
	if (parse_wall_timestamp(s, &naive, &frac_at) < 0)
		return -1;
	*epoch = (double)naive + (*frac_at ? strtod(frac_at, NULL) : 0.0);
	return 0;
}

static void put_be64(struct strbuf *buf, uint64_t v)
{
	unsigned char b[8];
	for (int i = 7; i >= 0; i--, v >>= 8)
		b[i] = (unsigned char)(v & 0xff);
	strbuf_add(buf, b, sizeof(b));
}

void tree_digest_add(struct strbuf *buf, const char *path, size_t path_len, const char *tail, size_t tail_len)
{
	put_be64(buf, path_len);
	strbuf_add(buf, path, path_len);
	put_be64(buf, tail_len);
	strbuf_add(buf, tail, tail_len);
}

void tree_digest_init(struct tree_digest *d)
{
	d->sha = sha256_new();
	strbuf_init(&d->buf, TREE_DIGEST_CHUNK + 256);
}

static void tree_digest_drain(struct tree_digest *d)
{
	sha256_update(d->sha, d->buf.buf, d->buf.len);
	strbuf_reset(&d->buf);
}

void tree_digest_row(struct tree_digest *d, const char *path, size_t path_len, const char *tail, size_t tail_len)
{
	tree_digest_add(&d->buf, path, path_len, tail, tail_len);
	if (d->buf.len >= TREE_DIGEST_CHUNK)
		tree_digest_drain(d);
}

static void be64_at(unsigned char *b, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		b[i] = (unsigned char)(v & 0xff);
}

void tree_digest_entry(struct tree_digest *d, const char *path, size_t path_len, const char *mode, size_t mode_len,
		       const char *sha)
{
	size_t tail_len = 1 + mode_len + 1 + SHA256_HEX_LEN;
	strbuf_grow(&d->buf, 16 + path_len + tail_len);
	unsigned char *b = (unsigned char *)d->buf.buf + d->buf.len;
	be64_at(b, path_len);
	memcpy(b + 8, path, path_len);
	b += 8 + path_len;
	be64_at(b, tail_len);
	b[8] = ',';
	memcpy(b + 9, mode, mode_len);
	b[9 + mode_len] = ',';
	memcpy(b + 10 + mode_len, sha, SHA256_HEX_LEN);
	d->buf.len += 16 + path_len + tail_len;
	d->buf.buf[d->buf.len] = '\0';
	if (d->buf.len >= TREE_DIGEST_CHUNK)
		tree_digest_drain(d);
}

void tree_digest_finish(struct tree_digest *d, sha256_hex_t out)
{
	tree_digest_drain(d);
	sha256_finish(d->sha, out);
	d->sha = NULL;
	strbuf_release(&d->buf);
}

void tree_digest_release(struct tree_digest *d)
{
	if (d->sha) {
		sha256_hex_t ignored;
		sha256_finish(d->sha, ignored);
		d->sha = NULL;
	}
	strbuf_release(&d->buf);
}

int tree_row_tail(const char *row, size_t len, const char **tail, size_t *tail_len)
{
	if (len && row[len - 1] == '\n')
		len--;
	if (len < SHA256_HEX_LEN + 3 || !is_sha256_hex(row + len - SHA256_HEX_LEN, SHA256_HEX_LEN))
		return -1;
	size_t p = len - SHA256_HEX_LEN - 1; /* the comma before the sha */
	if (row[p] != ',')
		return -1;
	size_t d = p;
	while (d > 0 && row[d - 1] >= '0' && row[d - 1] <= '9')
		d--;
	if (d == p || d == 0 || row[d - 1] != ',')
		return -1;
	*tail = row + d - 1;
	*tail_len = len - (d - 1);
	return 0;
}
