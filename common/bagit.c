/* bagit.c - BagIt (RFC 8493) text formats: manifest lines, bag-info labels; see bagit.h. */
#include "bagit.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "strmap.h"
#include "util.h"

void bagit_manifest_line(struct strbuf *sb, const sha256_hex_t sha, const char *path)
{
	strbuf_addstr(sb, sha);
	strbuf_addstr(sb, "  ");
	for (const char *p = path; *p; p++) {
		if (*p == '%')
			strbuf_addstr(sb, "%25");
		else if (*p == '\r')
			strbuf_addstr(sb, "%0D");
		else if (*p == '\n')
			strbuf_addstr(sb, "%0A");
		else
			strbuf_addch(sb, *p);
	}
	strbuf_addch(sb, '\n');
}

/* Decode %XX escapes of a manifest path; NULL if an escape is malformed. */
static char *decode_path(const char *s, size_t len)
{
	char *out = xmalloc(len + 1), *o = out;
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '%') {
			*o++ = s[i];
			continue;
		}
		int hi = i + 2 < len ? hex_digit_value(s[i + 1]) : -1, lo = i + 2 < len ? hex_digit_value(s[i + 2]) : -1;
		/* %00 would cut the path short */
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
			free(out);
			return NULL;
		}
		*o++ = (char)(hi * 16 + lo);
		i += 2;
	}
	*o = '\0';
	return out;
}

static int fail_at(char **err, unsigned long line, const char *why)
{
	*err = xasprintf("line %lu: %s", line, why);
	return -1;
}

int bagit_manifest_parse(const char *text, size_t len, struct bagit_manifest *m, char **err)
{
	size_t cap = 0;
	unsigned long line_no = 0;
	m->entries = NULL;
	m->n = 0;
	m->index = strmap_new();
	size_t pos = 0;
	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - line) : len - pos;
		pos += ll + (nl ? 1 : 0);
		line_no++;
		if (ll > 0 && line[ll - 1] == '\r')
			ll--;
		if (ll == 0)
			continue;
		if (ll < SHA256_HEX_LEN + 2 || !is_sha256_hex(line, SHA256_HEX_LEN) ||
		    (line[SHA256_HEX_LEN] != ' ' && line[SHA256_HEX_LEN] != '\t')) {
			bagit_manifest_free(m);
			return fail_at(err, line_no, "expected 64 lowercase hex digits, blanks and a path");
		}
		size_t p = SHA256_HEX_LEN;
		while (p < ll && (line[p] == ' ' || line[p] == '\t'))
			p++;
		/* sha256sum marks binary mode with '*' before the path */
		if (p < ll && line[p] == '*')
			p++;
		if (p == ll) {
			bagit_manifest_free(m);
			return fail_at(err, line_no, "no path after the digest");
		}
		char *path = decode_path(line + p, ll - p);
		if (!path) {
			bagit_manifest_free(m);
			return fail_at(err, line_no, "malformed %-escape in the path");
		}
		int added;
		strmap_intern(m->index, path, strlen(path), &added);
		if (!added) {
			free(path);
			bagit_manifest_free(m);
			return fail_at(err, line_no, "path listed twice");
		}
		ALLOC_GROW(m->entries, m->n + 1, cap, 32);
		m->entries[m->n].path = path;
		memcpy(m->entries[m->n].sha, line, SHA256_HEX_LEN);
		m->entries[m->n].sha[SHA256_HEX_LEN] = '\0';
		m->n++;
	}
	return 0;
}

void bagit_manifest_free(struct bagit_manifest *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->entries[i].path);
	free(m->entries);
	strmap_free(m->index);
	m->entries = NULL;
	m->index = NULL;
	m->n = 0;
}

const struct bagit_entry *bagit_manifest_find(const struct bagit_manifest *m, const char *path)
{
	uint32_t id = m->index ? strmap_find(m->index, path, strlen(path)) : UINT32_MAX;
	return id == UINT32_MAX ? NULL : &m->entries[id];
}

char *bagit_info_value(const char *text, size_t len, const char *label)
{
	size_t ll = strlen(label), pos = 0;
	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;
		pos += n + (nl ? 1 : 0);
		if (n > ll && memcmp(line, label, ll) == 0 && line[ll] == ':') {
			size_t v = ll + 1;
			while (v < n && (line[v] == ' ' || line[v] == '\t'))
				v++;
			size_t end = n;
			if (end > v && line[end - 1] == '\r')
				end--;
			return xstrndup(line + v, end - v);
		}
	}
	return NULL;
}

void bagit_payload_oxum(struct strbuf *sb, unsigned long long bytes, unsigned long long count)
{
	strbuf_addf(sb, "Payload-Oxum: %llu.%llu\n", bytes, count);
}
