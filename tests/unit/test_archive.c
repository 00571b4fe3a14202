/* test_archive.c - CUnit tests of the evidence archive's pieces: BagIt manifest lines,
 * member-name checks, the deterministic pax+zstd writer and its strict reader, DSSE
 * signing with Ed25519, and the work-directory listing. */
#include <CUnit/Basic.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "archive_bag.h"
#include "archive_sign.h"
#include "bagit.h"
#include "unit.h"
#include "util.h"

static char tmpdir[] = "/tmp/pga-test-archive-XXXXXX";

static char *tmp_path(const char *name)
{
	return path_join(tmpdir, name);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = xmalloc((size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* ---- BagIt text ---- */

static void test_manifest_round_trip(void)
{
	struct strbuf sb = STRBUF_INIT;
	sha256_hex_t a, b;
	sha256_hex("a", 1, a);
	sha256_hex("b", 1, b);
	bagit_manifest_line(&sb, a, "data/plain.txt");
	bagit_manifest_line(&sb, b, "data/odd 100%\nname\r.txt");
	CU_ASSERT_PTR_NOT_NULL(strstr(sb.buf, "data/odd 100%25%0Aname%0D.txt\n"));
	CU_ASSERT_EQUAL(strncmp(sb.buf, a, 64), 0);
	CU_ASSERT_EQUAL(strncmp(sb.buf + 64, "  data/plain.txt\n", 17), 0);
	struct bagit_manifest m;
	char *err = NULL;
	CU_ASSERT_EQUAL_FATAL(bagit_manifest_parse(sb.buf, sb.len, &m, &err), 0);
	CU_ASSERT_EQUAL_FATAL(m.n, 2);
	CU_ASSERT_STRING_EQUAL(m.entries[1].path, "data/odd 100%\nname\r.txt");
	CU_ASSERT_STRING_EQUAL(m.entries[1].sha, b);
	CU_ASSERT_PTR_NOT_NULL(bagit_manifest_find(&m, "data/plain.txt"));
	CU_ASSERT_PTR_NULL(bagit_manifest_find(&m, "data/other"));
	bagit_manifest_free(&m);
	strbuf_release(&sb);
}

static void test_manifest_rejects(void)
{
	struct bagit_manifest m;
	char *err = NULL;
	const char *bad[] = {
		"abc  data/x\n",                                                               /* short digest */
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA  data/x\n", /* upper case */
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",         /* no path */
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  data/%zz\n",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  data/%00x\n",
		("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  data/x\n"
		 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb  data/x\n"), /* one path twice */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err = NULL;
		CU_ASSERT_EQUAL(bagit_manifest_parse(bad[i], strlen(bad[i]), &m, &err), -1);
		CU_ASSERT_PTR_NOT_NULL(err);
		CU_ASSERT_PTR_NOT_NULL(err ? strstr(err, "line ") : NULL);
		free(err);
	}
}

/* A manifest as large as --verify reads (64 MiB: about 700,000 lines, a few hundred KB of
 * zstd in a hostile archive) is parsed in linear time: the duplicate check searched every
 * earlier line (about 10 minutes of CPU at that size, 40 s at the 200,000 lines here). */
static void test_manifest_large(void)
{
	enum { N = 200000 };
	struct strbuf sb = STRBUF_INIT;
	for (unsigned i = 0; i < N; i++) {
		char path[64];
		snprintf(path, sizeof(path), "data/workdir/f%07u", i);
		bagit_manifest_line(&sb, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", path);
	}
	struct bagit_manifest m;
	char *err = NULL;
	clock_t t0 = clock();
	CU_ASSERT_EQUAL_FATAL(bagit_manifest_parse(sb.buf, sb.len, &m, &err), 0);
	CU_ASSERT_EQUAL(m.n, N);
	CU_ASSERT_PTR_NOT_NULL(bagit_manifest_find(&m, "data/workdir/f0123456"));
	CU_ASSERT_PTR_NULL(bagit_manifest_find(&m, "data/workdir/f0123456x"));
	const struct bagit_entry *last = bagit_manifest_find(&m, "data/workdir/f0199999");
	CU_ASSERT_PTR_EQUAL(last, N ? &m.entries[N - 1] : NULL);
	double cpu = (double)(clock() - t0) / CLOCKS_PER_SEC;
	if (cpu >= 5.0)
		fprintf(stderr, "parsing %d manifest lines took %.1f s of CPU\n", N, cpu);
	CU_ASSERT(cpu < 5.0);
	bagit_manifest_free(&m);
	strbuf_release(&sb);
}

static void test_bag_info(void)
{
	const char *info = "Bag-Software-Agent: x\nExternal-Identifier:   run1\r\nPayload-Oxum: 10.2\n";
	char *v = bagit_info_value(info, strlen(info), "External-Identifier");
	CU_ASSERT_STRING_EQUAL(v, "run1");
	free(v);
	v = bagit_info_value(info, strlen(info), "Payload-Oxum");
	CU_ASSERT_STRING_EQUAL(v, "10.2");
	free(v);
	CU_ASSERT_PTR_NULL(bagit_info_value(info, strlen(info), "Payload"));
}

/* ---- names ---- */

static void test_name_check(void)
{
	const char *why;
	const char *good[] = { "bag/data/x.csv.zst", "a", "dir/", "a/b/c", "a/.hidden", "a/..b",
			       "a/caf\xc3\xa9 b", "a/\xc2\xa0x" };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		CU_ASSERT_EQUAL(bag_name_check(good[i], &why), 0);
	const char *bad[] = { "", "/etc/passwd", "../x", "a/../../x", "a/..", "./a", "a//b", "a/./b", "a\\b",
			      "a\nb", "a\x1b[2Jb",
			      /* C1 CSI (U+009B) and NEL (U+0085); a lone 0x9b byte; an overlong '/' */
			      "a\xc2\x9b" "2Jb", "a\xc2\x85" "b", "a\x9b" "b", "a\xc0\xaf" "b" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		CU_ASSERT_EQUAL(bag_name_check(bad[i], &why), -1);
		CU_ASSERT_PTR_NOT_NULL(why);
	}
}

/* ---- writer and reader ---- */

static void make_archive(const char *path, const char *second_content)
{
	struct bag_writer *w = bag_writer_open(path, 1700000000);
	bag_writer_add_mem(w, "bag/bagit.txt", BAGIT_TXT, strlen(BAGIT_TXT));
	char *src = tmp_path("member.txt");
	write_file(src, second_content);
	sha256_hex_t sha;
	unsigned long long size;
	CU_ASSERT_EQUAL_FATAL(sha256_file(src, sha, &size), 0);
	bag_writer_add_file(w, "bag/data/member.txt", src, size, sha);
	free(src);
	sha256_hex_t asha;
	unsigned long long bytes;
	bag_writer_commit(w, asha, &bytes);
	sha256_hex_t again;
	unsigned long long again_bytes;
	CU_ASSERT_EQUAL(sha256_file(path, again, &again_bytes), 0);
	CU_ASSERT_STRING_EQUAL(asha, again);
	CU_ASSERT_EQUAL(bytes, again_bytes);
}

static void test_archive_deterministic_and_readable(void)
{
	char *p1 = tmp_path("a1.tar.zst"), *p2 = tmp_path("a2.tar.zst");
	make_archive(p1, "hello evidence\n");
	sleep(1); /* a clock leaking into the headers would show */
	make_archive(p2, "hello evidence\n");
	size_t l1, l2;
	char *b1 = read_all(p1, &l1), *b2 = read_all(p2, &l2);
	CU_ASSERT_EQUAL(l1, l2);
	CU_ASSERT(l1 == l2 && memcmp(b1, b2, l1) == 0);
	free(b1);
	free(b2);

	struct bag_reader *r = bag_reader_open(p1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	struct archive_entry *e;
	CU_ASSERT_EQUAL_FATAL(bag_reader_next(r, &e), 1);
	CU_ASSERT_STRING_EQUAL(archive_entry_pathname(e), "bag/bagit.txt");
	CU_ASSERT_EQUAL(archive_entry_mtime(e), 1700000000);
	CU_ASSERT_EQUAL(archive_entry_uid(e), 0);
	CU_ASSERT_EQUAL(archive_entry_perm(e), 0644);
	CU_ASSERT_EQUAL_FATAL(bag_reader_next(r, &e), 1);
	CU_ASSERT_STRING_EQUAL(archive_entry_pathname(e), "bag/data/member.txt");
	char buf[64];
	long n = bag_reader_data(r, buf, sizeof(buf));
	CU_ASSERT_EQUAL(n, 15);
	CU_ASSERT_EQUAL(memcmp(buf, "hello evidence\n", 15), 0);
	CU_ASSERT_EQUAL(bag_reader_next(r, &e), 0);
	sha256_hex_t sha, want;
	unsigned long long bytes;
	CU_ASSERT_EQUAL(bag_reader_finish(r, sha, &bytes), 0);
	sha256_file(p1, want, NULL);
	CU_ASSERT_STRING_EQUAL(sha, want);
	bag_reader_close(r);
	free(p1);
	free(p2);
}

/* Read an archive to its end; returns 0 if intact, -1 (with the message in *msg) if not. */
static int read_through(const char *path, char **msg)
{
	struct bag_reader *r = bag_reader_open(path);
	if (!r)
		return -1;
	struct archive_entry *e;
	int rc;
	char buf[4096];
	while ((rc = bag_reader_next(r, &e)) == 1)
		while (bag_reader_data(r, buf, sizeof(buf)) > 0)
			;
	sha256_hex_t sha;
	if (rc == 0)
		rc = bag_reader_finish(r, sha, NULL);
	else
		rc = -1;
	*msg = xstrdup(bag_reader_error(r));
	bag_reader_close(r);
	return rc;
}

static void test_reader_strict(void)
{
	char *p = tmp_path("s.tar.zst");
	make_archive(p, "strict\n");
	size_t len = 0;
	char *buf = read_all(p, &len);
	char *msg = NULL;
	CU_ASSERT_EQUAL(read_through(p, &msg), 0);
	free(msg);

	/* trailing garbage after the zstd frame */
	FILE *f = fopen(p, "ab");
	fputs("x", f);
	fclose(f);
	CU_ASSERT_EQUAL(read_through(p, &msg), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "after the end of the zstd frame"));
	free(msg);

	/* truncated */
	f = fopen(p, "wb");
	fwrite(buf, 1, len - 3, f);
	fclose(f);
	CU_ASSERT_EQUAL(read_through(p, &msg), -1);
	free(msg);

	/* empty */
	f = fopen(p, "wb");
	fclose(f);
	CU_ASSERT_EQUAL(read_through(p, &msg), -1);
	free(msg);
	free(buf);
	free(p);
}

/* ---- DSSE ---- */

static void make_key(const char *priv, const char *pub)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	CU_ASSERT_PTR_NOT_NULL_FATAL(k);
	FILE *f = fopen(priv, "w");
	PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL);
	fclose(f);
	f = fopen(pub, "w");
	PEM_write_PUBKEY(f, k);
	fclose(f);
	EVP_PKEY_free(k);
}

static void test_pae(void)
{
	/* the example of the DSSE protocol document */
	struct strbuf sb = STRBUF_INIT;
	dsse_pae(&sb, "http://example.com/HelloWorld", "hello world", 11);
	CU_ASSERT_STRING_EQUAL(sb.buf, "DSSEv1 29 http://example.com/HelloWorld 11 hello world");
	strbuf_release(&sb);
}

static void test_base64(void)
{
	const char *cases[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
	const char *enc[] = { "", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy" };
	for (size_t i = 0; i < 7; i++) {
		char *e = base64_encode(cases[i], strlen(cases[i]));
		CU_ASSERT_STRING_EQUAL(e, enc[i]);
		size_t n = 99;
		unsigned char *d = base64_decode(e, &n);
		CU_ASSERT_PTR_NOT_NULL_FATAL(d);
		CU_ASSERT_EQUAL(n, strlen(cases[i]));
		CU_ASSERT_EQUAL(memcmp(d, cases[i], n), 0);
		free(d);
		free(e);
	}
	size_t n;
	CU_ASSERT_PTR_NULL(base64_decode("Zm9", &n));
	CU_ASSERT_PTR_NULL(base64_decode("Zm9v!A==", &n));
}

static void test_sign_verify(void)
{
	char *k1 = tmp_path("k1.pem"), *p1 = tmp_path("k1.pub"), *k2 = tmp_path("k2.pem"), *p2 = tmp_path("k2.pub");
	make_key(k1, p1);
	make_key(k2, p2);
	const char *stmt = "{\"_type\":\"https://in-toto.io/Statement/v1\"}";
	sha256_hex_t keyid, keyid2;
	char *env = dsse_sign_ed25519(k1, INTOTO_PAYLOAD_TYPE, stmt, strlen(stmt), keyid);
	char *env_again = dsse_sign_ed25519(k1, INTOTO_PAYLOAD_TYPE, stmt, strlen(stmt), keyid2);
	CU_ASSERT_STRING_EQUAL(env, env_again); /* Ed25519 is deterministic */
	CU_ASSERT_STRING_EQUAL(keyid, keyid2);
	free(env_again);

	char *payload = NULL, *type = NULL, *err = NULL;
	size_t plen;
	CU_ASSERT_EQUAL(dsse_verify_ed25519(p1, env, strlen(env), &payload, &plen, &type, keyid2, &err), 0);
	CU_ASSERT_STRING_EQUAL(keyid2, keyid);
	CU_ASSERT_STRING_EQUAL(payload, stmt);
	CU_ASSERT_STRING_EQUAL(type, INTOTO_PAYLOAD_TYPE);
	free(payload);
	free(type);

	/* another key */
	err = NULL;
	CU_ASSERT_EQUAL(dsse_verify_ed25519(p2, env, strlen(env), &payload, &plen, &type, keyid2, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(err);
	CU_ASSERT_STRING_NOT_EQUAL(keyid2, keyid);
	free(err);

	/* another payload type under the same signature */
	char *forged = xstrdup(env);
	char *t = strstr(forged, "in-toto+json");
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	t[0] = 'X';
	err = NULL;
	CU_ASSERT_EQUAL(dsse_verify_ed25519(p1, forged, strlen(forged), &payload, &plen, &type, keyid2, &err), -1);
	free(err);
	free(forged);

	/* a private key is not accepted as the public one; garbage is not JSON */
	err = NULL;
	CU_ASSERT_EQUAL(dsse_verify_ed25519(k1, env, strlen(env), &payload, &plen, &type, keyid2, &err), -1);
	free(err);
	err = NULL;
	CU_ASSERT_EQUAL(dsse_verify_ed25519(p1, "{", 1, &payload, &plen, &type, keyid2, &err), -1);
	free(err);
	free(env);
	free(k1);
	free(p1);
	free(k2);
	free(p2);
}

/* ---- work directory ---- */

static void test_workdir_files(void)
{
	char *w = tmp_path("wd");
	char *d1 = path_join(w, ".pggit-audit"), *d2 = path_join(w, "export");
	mkdir_p(d1, 0755);
	mkdir_p(d2, 0755);
	const char *files[] = { ".pggit-audit/journal.ndjson", ".pggit-audit/lock", "export/b.csv.zst",
				"export/.b.csv.zst.tmp-123", "export/a.json", "z.txt" };
	for (size_t i = 0; i < 6; i++) {
		char *p = path_join(w, files[i]);
		write_file(p, "x");
		free(p);
	}
	size_t n;
	struct workdir_file *f = workdir_files(w, 0, 0, NULL, &n);
	CU_ASSERT_EQUAL_FATAL(n, 4);
	CU_ASSERT_STRING_EQUAL(f[0].rel, ".pggit-audit/journal.ndjson");
	CU_ASSERT_STRING_EQUAL(f[1].rel, "export/a.json");
	CU_ASSERT_STRING_EQUAL(f[2].rel, "export/b.csv.zst");
	CU_ASSERT_STRING_EQUAL(f[3].rel, "z.txt");
	CU_ASSERT_EQUAL(f[3].size, 1);
	workdir_files_free(f, n);
	free(d1);
	free(d2);
	free(w);
}

int main(void)
{
	if (!mkdtemp(tmpdir))
		return 1;
	static const struct unit_test tests[] = {
		{ "manifest lines round trip", test_manifest_round_trip },
		{ "malformed manifests are refused", test_manifest_rejects },
		{ "a 200,000-line manifest parses in linear time", test_manifest_large },
		{ "bag-info values", test_bag_info },
		{ "member names", test_name_check },
		{ "archive is deterministic and readable", test_archive_deterministic_and_readable },
		{ "reader is strict about the stream's end", test_reader_strict },
		{ "DSSE PAE", test_pae },
		{ "base64", test_base64 },
		{ "Ed25519 DSSE sign and verify", test_sign_verify },
		{ "work directory listing", test_workdir_files },
		{ NULL, NULL },
	};
	int rc = unit_run("archive", tests);
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		rc = 1;
	free(cmd);
	return rc;
}
