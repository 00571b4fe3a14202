/*
 * fuzz_tree.c - libFuzzer target for tree objects as the diff stage checks
 * them: base64 decoding of objects.content (tree_decode_base64), the
 * character count and object hash (utf8_char_count, pggit_object_sha), and
 * the match of raw tree text against tree_entries rows (tree_raw_match).
 *
 * The input plays two roles. (1) It is a tree's content: decoded, counted,
 * hashed and matched against the entries below. (2) Its lines describe
 * tree_entries rows: byte 0 picks a mode, byte 1 picks a sha from a small set
 * (so several rows share one), the rest is the path (any bytes, '|' and ' '
 * included). Rows are sorted by path in byte order and de-duplicated, as the
 * export writes them.
 *
 * Properties: tree_raw_build() of the rows always matches them (a valid tree
 * is never reported as damaged, whatever '|' its paths contain); the same
 * text without its last byte never matches; arbitrary text never crashes; the
 * input, base64-encoded with PostgreSQL's line breaks, decodes back to itself.
 */
#include <openssl/evp.h>

#include "fuzz_util.h"
#include "hash.h"
#include "store.h"
#include "strbuf.h"

static const char *const modes[] = { "100644", "040000", "1", "100644x" };
static const char *const shas[] = {
	"6956b6b8e1959bf4a507f9d347a21409bf66770954bb1f0c0195e9845e33ee8a",
	"967f36ce0000000000000000000000000000000000000000000000000000007e",
	"2cb6e03bf98c2624eec8fe5848328a8c41ad0734d9219d0840ffecd90a6850b3",
};

static int cmp_entry(const void *a, const void *b)
{
	const struct tree_entry *x = a, *y = b;
	size_t n = x->path_len < y->path_len ? x->path_len : y->path_len;
	int c = memcmp(x->path, y->path, n);
	return c ? c : (x->path_len < y->path_len ? -1 : x->path_len > y->path_len);
}

/* Rows from the input's lines; paths point into data (not owned). Caller frees the array. */
static struct tree_entry *entries_from(const char *data, size_t size, size_t *n_out)
{
	struct tree_entry *e = NULL;
	size_t n = 0, cap = 0, p = 0;
	while (p < size && n < 64) {
		const char *nl = memchr(data + p, '\n', size - p);
		size_t end = nl ? (size_t)(nl - data) : size;
		if (end - p >= 2) {
			if (n == cap) {
				cap = cap ? cap * 2 : 8;
				e = xrealloc(e, cap * sizeof(*e));
			}
			e[n].mode = modes[(unsigned char)data[p] % 4];
			e[n].sha = shas[(unsigned char)data[p + 1] % 3];
			e[n].path = data + p + 2;
			e[n].path_len = end - p - 2;
			e[n].used = 0;
			n++;
		}
		p = end + 1;
	}
	if (n)
		qsort(e, n, sizeof(*e), cmp_entry);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (k == 0 || cmp_entry(&e[k - 1], &e[i]) != 0)
			e[k++] = e[i];
	*n_out = k;
	return e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_exact_copy(data, size);
	char err[512];
	size_t n;
	struct tree_entry *e = entries_from(text, size, &n);

	/* a well-formed tree of these rows always matches them */
	struct strbuf built = STRBUF_INIT;
	tree_raw_build(e, n, &built);
	char *exact = fuzz_exact_copy((const uint8_t *)built.buf, built.len);
	FUZZ_CHECK(tree_raw_match(exact, built.len, e, n, err, sizeof(err)) == 0,
		   "a tree built from %zu sorted rows does not match them: %s", n, err);
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(e[i].used, "row %zu not marked used after a match", i);
	if (built.len)
		FUZZ_CHECK(tree_raw_match(exact, built.len - 1, e, n, err, sizeof(err)) < 0,
			   "a tree missing its last byte still matches");
	free(exact);
	strbuf_release(&built);

	/* the input as raw tree text, and as base64 content */
	(void)tree_raw_match(text, size, e, n, err, sizeof(err));
	struct strbuf raw = STRBUF_INIT;
	if (tree_decode_base64(text, size, &raw, NULL) == 0) {
		FUZZ_CHECK(raw.len <= size, "base64 decoded to more bytes than it had");
		size_t bad;
		long long chars = utf8_char_count(raw.buf, raw.len, &bad);
		if (chars >= 0) {
			sha256_hex_t sha;
			FUZZ_CHECK((size_t)chars <= raw.len, "more characters than bytes");
			pggit_object_sha("tree", chars, raw.buf, raw.len, sha);
		} else {
			FUZZ_CHECK(bad < raw.len, "bad UTF-8 offset %zu outside %zu bytes", bad, raw.len);
		}
		char *exact_raw = fuzz_exact_copy((const uint8_t *)raw.buf, raw.len);
		(void)tree_raw_match(exact_raw, raw.len, e, n, err, sizeof(err));
		free(exact_raw);
	}
	strbuf_release(&raw);

	/* the input encoded as PostgreSQL does (lines of 76) decodes back to itself */
	struct strbuf b64 = STRBUF_INIT, lines = STRBUF_INIT, back = STRBUF_INIT;
	strbuf_grow(&b64, 4 * (size / 3 + 1) + 1);
	b64.len = (size_t)EVP_EncodeBlock((unsigned char *)b64.buf, data, (int)size);
	for (size_t k = 0; k < b64.len; k += 76) {
		if (k)
			strbuf_addch(&lines, '\n');
		strbuf_add(&lines, b64.buf + k, b64.len - k < 76 ? b64.len - k : 76);
	}
	char *exact_b64 = fuzz_exact_copy((const uint8_t *)lines.buf, lines.len);
	FUZZ_CHECK(tree_decode_base64(exact_b64, lines.len, &back, NULL) == 0 && back.len == size &&
			   memcmp(back.buf, data, size) == 0,
		   "base64 of %zu bytes does not decode back to them", size);
	free(exact_b64);
	strbuf_release(&b64);
	strbuf_release(&lines);
	strbuf_release(&back);
	free(e);
	free(text);
	return 0;
}
