/* store.c - pggit_v0 commit and tree formats; see store.h. */
#include "store.h"
#include "util.h"

#include <openssl/evp.h>
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

/* "KEY IDENT EPOCH TZ\n": IDENT ends at the last '>' of the line. */
static int take_ident_line(const char **pp, const char *end, const char *key, char **ident, long long *epoch)
{
	size_t klen = strlen(key);
	const char *p = *pp;
	const char *nl = line_end(p, end);
	if (!nl || (size_t)(nl - p) < klen + 1 || memcmp(p, key, klen) != 0 || p[klen] != ' ')
		return -1;
	const char *s = p + klen + 1;
	const char *gt = NULL;
	for (const char *q = s; q < nl; q++)
		if (*q == '>')
			gt = q;
	if (!gt || gt + 1 >= nl || gt[1] != ' ')
		return -1;
	const char *num = gt + 2;
	char *stop;
	char buf[64];
	size_t rest = (size_t)(nl - num);
	if (rest == 0 || rest >= sizeof(buf))
		return -1;
	memcpy(buf, num, rest);
	buf[rest] = '\0';
	long long v = strtoll(buf, &stop, 10);
	if (stop == buf || *stop != ' ')
		return -1;
	const char *tz = stop + 1;
	if (!((tz[0] == '+' || tz[0] == '-') && strlen(tz) == 5 && strspn(tz + 1, "0123456789") == 4))
		return -1;
	*ident = xstrndup(s, (size_t)(gt + 1 - s));
	*epoch = v;
	*pp = nl + 1;
	return 0;
}

int commit_text_parse(const char *text, size_t len, struct commit_text *out, char *err, size_t errlen)
{
	const char *p = text, *end = text + len;
	memset(out, 0, sizeof(*out));
	if (take_sha_line(&p, end, "tree", out->tree) < 0) {
		snprintf(err, errlen, "commit text does not start with \"tree <sha256>\"");
		return -1;
	}
	size_t cap = 0;
	/* text need not be NUL-terminated: compare only bytes before end */
	while (end - p >= 7 && memcmp(p, "parent ", 7) == 0) {
		if (out->nparents == cap) {
			cap = cap ? cap * 2 : 2;
			out->parents = xrealloc(out->parents, cap * sizeof(*out->parents));
		}
		if (take_sha_line(&p, end, "parent", out->parents[out->nparents]) < 0) {
			snprintf(err, errlen, "malformed parent line at byte %zu", (size_t)(p - text));
			goto fail;
		}
		out->nparents++;
	}
	if (take_ident_line(&p, end, "author", &out->author, &out->author_epoch) < 0) {
		snprintf(err, errlen, "malformed or missing author line at byte %zu", (size_t)(p - text));
		goto fail;
	}
	if (take_ident_line(&p, end, "committer", &out->committer, &out->committer_epoch) < 0) {
		snprintf(err, errlen, "malformed or missing committer line at byte %zu", (size_t)(p - text));
		goto fail;
	}
	if (p >= end || *p != '\n') {
		snprintf(err, errlen, "no blank line after the committer line (byte %zu)", (size_t)(p - text));
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

int tree_decode_base64(const char *b64, size_t len, struct strbuf *raw)
{
	EVP_ENCODE_CTX *ctx = EVP_ENCODE_CTX_new();
	int outl = 0, total = 0;
	if (!ctx)
		pga_die("OpenSSL: cannot allocate a base64 decoder");
	strbuf_grow(raw, len / 4 * 3 + 4);
	EVP_DecodeInit(ctx);
	size_t off = 0;
	while (off < len) {
		/* EVP_DecodeUpdate takes an int length */
		int chunk = len - off > (1u << 28) ? (1 << 28) : (int)(len - off);
		strbuf_grow(raw, (size_t)chunk / 4 * 3 + 4);
		if (EVP_DecodeUpdate(ctx, (unsigned char *)raw->buf + raw->len, &outl,
				     (const unsigned char *)b64 + off, chunk) < 0) {
			EVP_ENCODE_CTX_free(ctx);
			return -1;
		}
		raw->len += (size_t)outl;
		total += outl;
		off += (size_t)chunk;
	}
	strbuf_grow(raw, 4);
	if (EVP_DecodeFinal(ctx, (unsigned char *)raw->buf + raw->len, &outl) < 0) {
		EVP_ENCODE_CTX_free(ctx);
		return -1;
	}
	raw->len += (size_t)outl;
	raw->buf[raw->len] = '\0';
	EVP_ENCODE_CTX_free(ctx);
	(void)total;
	return 0;
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

int tree_raw_match(const char *raw, size_t len, struct tree_entry *entries, size_t n, char *err, size_t errlen)
{
	size_t p = 0;
	for (size_t i = 0; i < n; i++)
		entries[i].used = 0;
	while (p < len) {
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
			snprintf(err, errlen, "tree_entries row for path \"%.*s\" is not in the tree content",
				 (int)entries[i].path_len, entries[i].path);
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
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	int y, mo, d, h, mi, sec, used = 0;
	if (sscanf(s, "%4d-%2d-%2d%*1[T ]%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &used) != 6)
		return -1;
	double frac = 0;
	const char *rest = s + used;
	if (*rest == '.') {
		char *stop;
		frac = strtod(rest, &stop);
		if (*stop)
			return -1;
	} else if (*rest) {
		return -1;
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*epoch = (double)timegm(&tm) + frac;
	return 0;
}
