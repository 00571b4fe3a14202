/*
 * fuzz_archive.c - libFuzzer target for the evidence archive reader
 * (archive_bag.h: zstd-compressed pax tar, read strictly) as `pggit-audit
 * archive verify/extract` reads an untrusted archive, and for the DSSE
 * signature envelope (archive_sign.h: dsse_verify_ed25519, base64_decode).
 *
 * Input: one starting with the zstd magic number is the archive file as is;
 * one starting with '{' is a DSSE envelope, checked against a public key
 * made once per process; anything else is tar bytes, compressed into the
 * scratch file first (so the fuzzer reaches libarchive's tar parser).
 *
 * Properties: members, end or an error with a message, never a crash; member
 * data never exceeds its declared size; bag_name_check() accepts no name
 * that is absolute or has a ".." component; a failed envelope check always
 * says why and returns no payload.
 */
#include <archive_entry.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <zstd.h>

#include "archive_bag.h"
#include "archive_sign.h"
#include "fuzz_util.h"

static const char *public_key_file(void)
{
	static char *path;
	if (path)
		return path;
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	FUZZ_CHECK(key, "cannot make an Ed25519 key");
	path = xasprintf("%s.pub.pem", fuzz_scratch_path());
	FILE *fp = fopen(path, "w");
	FUZZ_CHECK(fp && PEM_write_PUBKEY(fp, key) == 1 && fclose(fp) == 0, "cannot write %s", path);
	EVP_PKEY_free(key);
	return path;
}

static void check_envelope(const uint8_t *data, size_t size)
{
	char *payload = NULL, *type = NULL, *err = NULL;
	size_t plen = 0;
	sha256_hex_t keyid;
	char *text = fuzz_exact_copy(data, size);
	int rc = dsse_verify_ed25519(public_key_file(), text, size, &payload, &plen, &type, keyid, &err);
	if (rc < 0) {
		FUZZ_CHECK(err && *err, "a refused envelope without a reason");
		FUZZ_CHECK(!payload && !type, "a refused envelope returned a payload");
	} else {
		/* a forged signature under a key made a moment ago: this should never pass */
		FUZZ_CHECK(0, "an envelope verified against a fresh key");
	}
	free(err);
	free(payload);
	free(type);
	free(text);

	char *b64 = fuzz_cstring(data, size);
	size_t n;
	unsigned char *raw = base64_decode(b64, &n);
	if (raw) {
		char *again = base64_encode(raw, n);
		FUZZ_CHECK(again, "base64_encode failed");
		free(again);
	}
	free(raw);
	free(b64);
}

static int has_dotdot_or_abs(const char *name)
{
	if (name[0] == '/')
		return 1;
	for (const char *p = name; (p = strstr(p, "..")) != NULL; p += 2)
		if ((p == name || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
			return 1;
	return 0;
}

static void check_archive(const uint8_t *data, size_t size)
{
	const char *path;
	if (size >= 4 && memcmp(data, "\x28\xb5\x2f\xfd", 4) == 0) {
		path = fuzz_write_scratch(data, size);
	} else {
		size_t cap = ZSTD_compressBound(size);
		void *z = xmalloc(cap);
		size_t zlen = ZSTD_compress(z, cap, data, size, 1);
		FUZZ_CHECK(!ZSTD_isError(zlen), "zstd: %s", ZSTD_getErrorName(zlen));
		path = fuzz_write_scratch(z, zlen);
		free(z);
	}
	struct bag_reader *r = bag_reader_open(path);
	FUZZ_CHECK(r, "cannot open %s", path);
	struct archive_entry *e;
	int rc;
	unsigned members = 0;
	char buf[4096];
	while ((rc = bag_reader_next(r, &e)) == 1 && members++ < 1000) {
		const char *name = archive_entry_pathname(e);
		const char *why = NULL;
		if (name && bag_name_check(name, &why) == 0)
			FUZZ_CHECK(!has_dotdot_or_abs(name), "unsafe member name accepted: %s", name);
		else if (name)
			FUZZ_CHECK(why && *why, "a refused name without a reason");
		long long declared = archive_entry_size_is_set(e) ? (long long)archive_entry_size(e) : -1;
		long long got = 0;
		long n;
		while ((n = bag_reader_data(r, buf, sizeof(buf))) > 0)
			got += n;
		FUZZ_CHECK(declared < 0 || got <= declared, "member %s: %lld bytes read, %lld declared",
			   name ? name : "?", got, declared);
		if (n < 0)
			break;
	}
	if (rc == 0) {
		sha256_hex_t sha;
		unsigned long long bytes;
		if (bag_reader_finish(r, sha, &bytes) == 0)
			FUZZ_CHECK(bytes > 0, "an empty file read as a complete archive");
		else
			FUZZ_CHECK(bag_reader_error(r) && *bag_reader_error(r), "finish failed without a reason");
	} else if (rc < 0) {
		FUZZ_CHECK(bag_reader_error(r) && *bag_reader_error(r), "a damaged archive without a reason");
	}
	bag_reader_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 0 && data[0] == '{')
		check_envelope(data, size);
	else
		check_archive(data, size);
	return 0;
}
