/* hash.c - digests and content-derived ids over OpenSSL EVP; see hash.h. */
#include "hash.h"
#include "util.h"

#include <errno.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct sha256_ctx {
	EVP_MD_CTX *md;
};

static void to_hex(const unsigned char *d, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * n] = '\0';
}

struct sha256_ctx *sha256_new(void)
{
	struct sha256_ctx *c = xmalloc(sizeof(*c));
	c->md = EVP_MD_CTX_new();
	if (!c->md || EVP_DigestInit_ex(c->md, EVP_sha256(), NULL) != 1)
		pga_die("OpenSSL: cannot initialise SHA-256");
	return c;
}

void sha256_update(struct sha256_ctx *c, const void *data, size_t len)
{
	if (len && EVP_DigestUpdate(c->md, data, len) != 1)
		pga_die("OpenSSL: SHA-256 update failed");
}

void sha256_finish(struct sha256_ctx *c, sha256_hex_t out)
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	if (EVP_DigestFinal_ex(c->md, d, &n) != 1 || n != 32)
		pga_die("OpenSSL: SHA-256 final failed");
	to_hex(d, n, out);
	EVP_MD_CTX_free(c->md);
	free(c);
}

void sha256_hex(const void *data, size_t len, sha256_hex_t out)
{
	struct sha256_ctx *c = sha256_new();
	sha256_update(c, data, len);
	sha256_finish(c, out);
}

int sha256_file(const char *path, sha256_hex_t out, unsigned long long *bytes)
{
	char buf[1 << 16];
	unsigned long long total = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct sha256_ctx *c = sha256_new();
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			sha256_hex_t tmp;
			sha256_finish(c, tmp);
			close(fd);
			errno = e;
			return -1;
		}
		if (n == 0)
			break;
		sha256_update(c, buf, (size_t)n);
		total += (unsigned long long)n;
	}
	close(fd);
	sha256_finish(c, out);
	if (bytes)
		*bytes = total;
	return 0;
}

#ifndef __SSE2__
/* 1 for the 16 characters of lowercase hex: one load per character, no branches per range */
static const unsigned char lower_hex[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
	['8'] = 1, ['9'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
};
#endif

int hex_digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int is_sha256_hex(const char *s, size_t len)
{
	if (len != SHA256_HEX_LEN)
		return 0;
#ifdef __SSE2__
	/* 16 bytes at a time: each in '0'..'9' or 'a'..'f' (signed compares: a byte of 0x80
	   and above is negative and in neither range). The table loop below does not vectorise
	   (a lookup per byte) and was 4% of the export's CPU, called on every tree_entries row. */
	__m128i ok = _mm_set1_epi8(-1);
	for (size_t i = 0; i < SHA256_HEX_LEN; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
					      _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
		__m128i letter = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('a' - 1)),
					       _mm_cmplt_epi8(x, _mm_set1_epi8('f' + 1)));
		ok = _mm_and_si128(ok, _mm_or_si128(digit, letter));
	}
	return _mm_movemask_epi8(ok) == 0xffff;
#else
	const unsigned char *u = (const unsigned char *)s;
	/* AND over all 64 characters: the loop has no early exit, so it unrolls and vectorises */
	unsigned ok = 1;
	for (size_t i = 0; i < SHA256_HEX_LEN; i++)
		ok &= lower_hex[u[i]];
	return (int)ok;
#endif
}

long long utf8_char_count(const char *str, size_t len, size_t *bad_offset)
{
	const unsigned char *s = (const unsigned char *)str;
	long long count = 0;
	size_t i = 0;
	while (i < len) {
		/*
		 * ASCII fast path, 8 bytes at a time: trees and most DDL are ASCII. A word
		 * passes when no byte has its high bit set and none is NUL (a NUL byte
		 * becomes 0xFF in w - 0x01..01; the borrow cannot hide it, it can only
		 * mark bytes above it too, which the byte loop then rechecks).
		 */
		while (len - i >= 8) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if ((w | (w - 0x0101010101010101ULL)) & 0x8080808080808080ULL)
				break;
			i += 8;
			count += 8;
		}
		if (i == len)
			break;
		unsigned c = s[i];
		size_t need;
		unsigned cp;
		if (c == 0)
			goto bad;
		if (c < 0x80) {
			i++;
			count++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			need = 1; cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			need = 2; cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			need = 3; cp = c & 0x07;
		} else {
			goto bad;
		}
		if (i + need >= len)
			goto bad;
		for (size_t k = 1; k <= need; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				goto bad;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((need == 1 && cp < 0x80) || (need == 2 && cp < 0x800) ||
		    (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			goto bad;
		i += need + 1;
		count++;
	}
	return count;
bad:
	if (bad_offset)
		*bad_offset = i;
	return -1;
}

void pggit_object_sha(const char *type, long long size, const char *payload, size_t len,
		      sha256_hex_t out)
{
	char head[64];
	int n = snprintf(head, sizeof(head), "%s %lld:", type, size);
	struct sha256_ctx *c = sha256_new();
	sha256_update(c, head, (size_t)n);
	sha256_update(c, payload, len);
	sha256_finish(c, out);
}

/* The project's UUID namespace: uuid5(NAMESPACE_URL, "https://pggit-audit/ids"). */
static const unsigned char pga_namespace[16] = {
	0x6b, 0x3e, 0x2f, 0x1c, 0x8a, 0x51, 0x5d, 0x0e,
	0x9b, 0x47, 0x21, 0x6c, 0x3f, 0x80, 0x14, 0xa2,
};

void uuid_v5(const void *name, size_t len, char out[37])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	if (!md || EVP_DigestInit_ex(md, EVP_sha1(), NULL) != 1 ||
	    EVP_DigestUpdate(md, pga_namespace, sizeof(pga_namespace)) != 1 ||
	    (len && EVP_DigestUpdate(md, name, len) != 1) ||
	    EVP_DigestFinal_ex(md, d, &n) != 1)
		pga_die("OpenSSL: SHA-1 failed computing a UUID");
	EVP_MD_CTX_free(md);
	d[6] = (unsigned char)((d[6] & 0x0F) | 0x50);
	d[8] = (unsigned char)((d[8] & 0x3F) | 0x80);
	char hex[33];
	to_hex(d, 16, hex);
	snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}
