/* test_store.c - CUnit tests of commit-text parsing, tree decoding and the
 * tree-content vs tree_entries check (including '|' inside a path). */
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#include "hash.h"
#include "store.h"
#include "unit.h"

#define T1 "6956b6b8e1959bf4a507f9d347a21409bf66770954bb1f0c0195e9845e33ee8a"
#define P1 "51e8f235ab3142ccf3a5122d979902fdebc8d5804ec89d3153eaa0a99849e4c2"
#define P2 "2cb6e03bf98c2624eec8fe5848328a8c41ad0734d9219d0840ffecd90a6850b3"

static void test_commit_parse_merge(void)
{
	const char *text = "tree " T1 "\nparent " P1 "\nparent " P2 "\n"
			   "author Chlo\xc3\xa9 Dubois <chloe@example.com> 1795653570 +0000\n"
			   "committer Bob <bob@example.com> 1795653571 +0000\n\nMerge feature/loyalty\n\nbody";
	struct commit_text ct;
	char err[200];
	CU_ASSERT_EQUAL_FATAL(commit_text_parse(text, strlen(text), &ct, err, sizeof(err)), 0);
	CU_ASSERT_STRING_EQUAL(ct.tree, T1);
	CU_ASSERT_EQUAL(ct.nparents, 2);
	CU_ASSERT_STRING_EQUAL(ct.parents[0], P1);
	CU_ASSERT_STRING_EQUAL(ct.parents[1], P2);
	CU_ASSERT_STRING_EQUAL(ct.author, "Chlo\xc3\xa9 Dubois <chloe@example.com>");
	CU_ASSERT_EQUAL(ct.author_epoch, 1795653570);
	CU_ASSERT_EQUAL(ct.committer_epoch, 1795653571);
	CU_ASSERT_STRING_EQUAL(ct.message, "Merge feature/loyalty\n\nbody");
	commit_text_release(&ct);
}

static void test_commit_parse_root_and_errors(void)
{
	struct commit_text ct;
	char err[200];
	const char *root = "tree " T1 "\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n\n";
	CU_ASSERT_EQUAL(commit_text_parse(root, strlen(root), &ct, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(ct.nparents, 0);
	CU_ASSERT_STRING_EQUAL(ct.message, "");
	commit_text_release(&ct);
	const char *bad[] = {
		"tree abc\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n\nm",
		"tree " T1 "\ncommitter A <a@x> 1 +0000\n\nm",
		"tree " T1 "\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\nm",
		"tree " T1 "\nparent XYZ\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n\nm",
		"tree " T1 "\nauthor A a@x 1 +0000\ncommitter A <a@x> 1 +0000\n\nm",
		"tree " T1 "\nauthor A <a@x> one +0000\ncommitter A <a@x> 1 +0000\n\nm",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CU_ASSERT_EQUAL(commit_text_parse(bad[i], strlen(bad[i]), &ct, err, sizeof(err)), -1);
}

/* The ident line is " <unix-epoch> <tz>" after the email's '>', exactly: a second space or
 * a '+' was read leniently by strtoll, and every refusal names the line and the reason. */
static void test_commit_ident_strict(void)
{
	struct commit_text ct;
	char err[512];
	static const struct {
		const char *line;
		const char *reason; /* NULL: accepted */
	} cases[] = {
		{"author A <a@x> 1795653570 +0000", NULL},
		{"author A>B <a@x> 1 +0000", NULL},
		{"author  <a@x> 1 +0000", NULL},
		{"author A <a@x> -86400 +0000", NULL},
		{"author A <a@x> 1 -0500", NULL},
		{"author A <a@x>  1795653570 +0000", "line 3: author line: after the email's '>' expected"},
		{"author A <a@x> +1795653570 +0000", "after the email's '>' expected"},
		{"author A <a@x> 1795653570  +0000", "after the email's '>' expected"},
		{"author A <a@x> 1795653570 +0000 ", "after the email's '>' expected"},
		{"author A <a@x> 1795653570 +0000 extra", "after the email's '>' expected"},
		{"author A <a@x> 1795653570 +00", "after the email's '>' expected"},
		{"author A <a@x> 1795653570", "after the email's '>' expected"},
		{"author A <a@x>\t1795653570 +0000", "after the email's '>' expected"},
		{"author A <a@x> 99999999999999999999 +0000", "after the email's '>' expected"},
		{"author A <a@x> - +0000", "after the email's '>' expected"},
		/* a second identity with its timestamp inside the identity: git reads the first
		   <email> and the last date, the last-'>' rule an author embedding a forged date */
		{"author A <a@x> 1 +0000 <b@y> 2 +0000", "line 3: author line holds two \"<email> <unix-epoch> <zone>\""},
		{"author A <a@x> -5 -0100<b@y> 2 +0000", "author line holds two"},
		{"author A <a@x> 1795653570 +0000> 1795653570 +0000", "author line holds two"},
		{"author A> 1 +0000 <a@x> 1 +0000", "author line holds two"},
		{"author A <a@x> 1 <b@y> 2 +0000", NULL},
		{"author A <a@x>1 +0000 <b@y> 2 +0000", NULL},
		{"author pggit 1795653570 +0000", "line 3: author line has no <email>"},
		{"author A a@x> 1 +0000", "line 3: author line has no <email>"},
		{"author", "line 3: expected the author line"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[400];
		snprintf(text, sizeof(text), "tree " T1 "\nparent " P1 "\n%s\ncommitter A <a@x> 1 +0000\n\nm",
			 cases[i].line);
		int rc = commit_text_parse(text, strlen(text), &ct, err, sizeof(err));
		if (!cases[i].reason) {
			CU_ASSERT_EQUAL(rc, 0);
			if (rc == 0)
				commit_text_release(&ct);
			continue;
		}
		CU_ASSERT_EQUAL(rc, -1);
		if (rc == 0) {
			fprintf(stderr, "accepted: %s\n", cases[i].line);
			commit_text_release(&ct);
		} else if (!strstr(err, cases[i].reason)) {
			fprintf(stderr, "for %s: %s\n", cases[i].line, err);
			CU_FAIL("reason not given");
		}
	}
	/* the committer line and a parent line are numbered as they stand */
	const char *c = "tree " T1 "\nparent " P1 "\nparent " P2 "\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1  +0000\n\nm";
	CU_ASSERT_EQUAL(commit_text_parse(c, strlen(c), &ct, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "line 5: committer line"));
	const char *pl = "tree " T1 "\nparent " P1 "\nparent xyz\nauthor A <a@x> 1 +0000\n";
	CU_ASSERT_EQUAL(commit_text_parse(pl, strlen(pl), &ct, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "line 3: malformed parent line"));
}

static void test_tree_base64_decode(void)
{
	/* PostgreSQL's encode(..., 'base64') breaks lines every 76 characters */
	const char *b64 = "MTAwNjQ0IGFwcHw2Y2Y0ZDYxN2MxZTg4N2QxMWUxODUxMDRkYWY1YWYwNTRlNTMwZTZhODhmY2Iw\n"
			  "ZTNiNzVhZTc4ZTIwMzA4ZDIzfA==";
	struct strbuf raw = STRBUF_INIT;
	CU_ASSERT_EQUAL_FATAL(tree_decode_base64(b64, strlen(b64), &raw, NULL), 0);
	CU_ASSERT_STRING_EQUAL(raw.buf, "100644 app|6cf4d617c1e887d11e185104daf5af054e530e6a88fcb0e3b75ae78e20308d23|");
	strbuf_reset(&raw);
	size_t bad = 0;
	CU_ASSERT_EQUAL(tree_decode_base64("MTAw*NjQ0", 9, &raw, &bad), -1);
	CU_ASSERT_EQUAL(bad, 4);
	CU_ASSERT_EQUAL(raw.len, 0);
	strbuf_release(&raw);
}

/* Decode b64 (NUL-terminated) into out; returns the result and sets *bad. */
static int decode(const char *b64, struct strbuf *out, size_t *bad)
{
	strbuf_reset(out);
	*bad = 12345;
	return tree_decode_base64(b64, strlen(b64), out, bad);
}

/*
 * The table decoder against OpenSSL's encoder: every length 0..200 (all three
 * padding cases, lines of 76 with PostgreSQL's '\n' breaks and with none, CRLF),
 * every byte value; then each kind of invalid input, with its offset.
 */
static void test_tree_base64_decoder(void)
{
	unsigned char bin[200];
	for (size_t i = 0; i < sizeof(bin); i++)
		bin[i] = (unsigned char)(i * 37 + 11);
	struct strbuf enc = STRBUF_INIT, lines = STRBUF_INIT, out = STRBUF_INIT;
	size_t bad;
	for (size_t n = 0; n <= sizeof(bin); n++) {
		strbuf_reset(&enc);
		strbuf_grow(&enc, 4 * (n + 2) / 3 + 4);
		int el = EVP_EncodeBlock((unsigned char *)enc.buf, bin, (int)n);
		enc.len = (size_t)el;
		enc.buf[el] = '\0';
		CU_ASSERT_EQUAL(decode(enc.buf, &out, &bad), 0);
		CU_ASSERT_TRUE(out.len == n && memcmp(out.buf, bin, n) == 0);
		for (int crlf = 0; crlf < 2; crlf++) {
			strbuf_reset(&lines);
			for (size_t k = 0; k < enc.len; k += 76) {
				if (k)
					strbuf_addstr(&lines, crlf ? "\r\n" : "\n");
				strbuf_add(&lines, enc.buf + k, enc.len - k < 76 ? enc.len - k : 76);
			}
			CU_ASSERT_EQUAL(decode(lines.buf, &out, &bad), 0);
			CU_ASSERT_TRUE(out.len == n && memcmp(out.buf, bin, n) == 0);
		}
	}
	/* appends to what raw holds */
	strbuf_reset(&out);
	strbuf_addstr(&out, "x");
	CU_ASSERT_EQUAL(tree_decode_base64("eXo=", 4, &out, NULL), 0);
	CU_ASSERT_STRING_EQUAL(out.buf, "xyz");
	/* line breaks before, between and after quads (the fast path skips those between quads) */
	CU_ASSERT_EQUAL(decode("\n\nYWJj\n\nZGVmYWJj\n", &out, &bad), 0);
	CU_ASSERT_STRING_EQUAL(out.buf, "abcdefabc");
	/* whitespace inside a quad and after the padding */
	CU_ASSERT_EQUAL(decode("eX\no=\n \n", &out, &bad), 0);
	CU_ASSERT_STRING_EQUAL(out.buf, "yz");
	static const struct {
		const char *b64;
		size_t at, len; /* len 0: strlen */
	} bad_cases[] = {
		{ "eXo", 3, 0 },              /* truncated quad */
		{ "eXo=eXo=", 4, 0 },         /* data after the padding */
		{ "e===", 1, 0 },             /* padding too early */
		{ "eX=o", 3, 0 },             /* a character after '=' in the quad */
		{ "eXo=\n=", 5, 0 },          /* a lone '=' after the end */
		{ "eXo-", 3, 0 },             /* outside the alphabet */
		{ "eXoAeXoA\x80", 8, 0 },     /* a non-ASCII byte */
		{ "eXoA\0eXo", 4, 8 },        /* a NUL */
		{ "e", 1, 0 },
		{ "eXoA\neXoA\n-XoA", 10, 0 }, /* a bad byte after a line break */
		{ "eXoA\n\neXo", 9, 0 },       /* a truncated quad after line breaks */
	};
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		strbuf_reset(&out);
		bad = 999;
		size_t len = bad_cases[i].len ? bad_cases[i].len : strlen(bad_cases[i].b64);
		CU_ASSERT_EQUAL(tree_decode_base64(bad_cases[i].b64, len, &out, &bad), -1);
		CU_ASSERT_EQUAL(bad, bad_cases[i].at);
		CU_ASSERT_EQUAL(out.len, 0);
	}
	strbuf_release(&enc);
	strbuf_release(&lines);
	strbuf_release(&out);
}

static void test_tree_match_with_pipe_in_path(void)
{
	struct tree_entry e[3] = {
		{ "100644", "a", 1, P1, 0 },
		{ "100644", "a|" P1 "|100644 b", 2 + 64 + 9, P2, 0 },
		{ "100644", "public.\"x|y\"", 12, T1, 0 },
	};
	struct strbuf raw = STRBUF_INIT;
	/* content order differs from byte order (another collation wrote it) */
	struct tree_entry order[3] = { e[2], e[0], e[1] };
	tree_raw_build(order, 3, &raw);
	char err[300];
	CU_ASSERT_EQUAL(tree_raw_match(raw.buf, raw.len, e, 3, err, sizeof(err)), 0);
	/* a tree_entries row that is not in the content */
	CU_ASSERT_EQUAL(tree_raw_match(raw.buf, raw.len, e, 2, err, sizeof(err)), -1);
	/* a blob sha changed in the cache */
	e[0].sha = P2;
	CU_ASSERT_EQUAL(tree_raw_match(raw.buf, raw.len, e, 3, err, sizeof(err)), -1);
	e[0].sha = P1;
	/* content with a changed mode */
	raw.buf[0] = '0';
	CU_ASSERT_EQUAL(tree_raw_match(raw.buf, raw.len, e, 3, err, sizeof(err)), -1);
	/* content in the rows' own order (each row matched at once, in one comparison) */
	strbuf_reset(&raw);
	tree_raw_build(e, 3, &raw);
	CU_ASSERT_EQUAL(tree_raw_match(raw.buf, raw.len, e, 3, err, sizeof(err)), 0);
	for (int i = 0; i < 3; i++)
		CU_ASSERT_TRUE(e[i].used);
	e[1].sha = P1; /* a row whose sha the content does not have */
	CU_ASSERT_EQUAL(tree_raw_match(raw.buf, raw.len, e, 3, err, sizeof(err)), -1);
	e[1].sha = P2;
	/* a row twice in the content, one row missing */
	struct tree_entry twice[3] = { e[0], e[0], e[2] };
	strbuf_reset(&raw);
	tree_raw_build(twice, 3, &raw);
	CU_ASSERT_EQUAL(tree_raw_match(raw.buf, raw.len, e, 3, err, sizeof(err)), -1);
	strbuf_release(&raw);
}

/* Split all of raw into out (max entries); returns their count, or -1 with err set. */
static int split_all(const char *raw, struct tree_split *out, size_t max, char *err, size_t errlen)
{
	size_t len = strlen(raw), p = 0;
	int n = 0;
	while (p < len) {
		if ((size_t)n == max || tree_entry_split(raw, len, p, &out[n], err, errlen) < 0)
			return -1;
		p = out[n++].end;
	}
	return n;
}

static void test_tree_split_rule(void)
{
	struct tree_split e[4];
	char err[300];
	/* plain entries; a '|' inside a quoted name; a '|' followed by a sha-shaped text
	 * that is not followed by '|' and a mode */
	const char *raw = "100644 a|" P1 "|40000 app.\"x|y\"|" P2 "|1 s.\"q|" P1 "x\"|" T1 "|";
	CU_ASSERT_EQUAL_FATAL(split_all(raw, e, 4, err, sizeof(err)), 3);
	CU_ASSERT_EQUAL(e[0].path, 7);
	CU_ASSERT_EQUAL(e[0].path_len, 1);
	CU_ASSERT_EQUAL(memcmp(raw + e[0].sha, P1, 64), 0);
	CU_ASSERT_EQUAL(e[1].path_len, strlen("app.\"x|y\""));
	CU_ASSERT_EQUAL(memcmp(raw + e[1].path, "app.\"x|y\"|", e[1].path_len + 1), 0);
	CU_ASSERT_EQUAL(memcmp(raw + e[1].sha, P2, 64), 0);
	CU_ASSERT_EQUAL(e[2].path_len, strlen("s.\"q|") + 64 + 2);
	CU_ASSERT_EQUAL(memcmp(raw + e[2].sha, T1, 64), 0);
	CU_ASSERT_EQUAL(e[2].end, strlen(raw));
	/* "|SHA|" then "|" that does not start an entry: part of the path */
	const char *raw2 = "100644 a|" P1 "|x|" P2 "|";
	CU_ASSERT_EQUAL_FATAL(split_all(raw2, e, 4, err, sizeof(err)), 1);
	CU_ASSERT_EQUAL(e[0].path_len, 1 + 66 + 1);
	/* the one ambiguity: a path containing "|<64 hex>|<digits> " reads as two entries */
	const char *raw3 = "100644 a|" P1 "|100644 b|" P2 "|";
	CU_ASSERT_EQUAL_FATAL(split_all(raw3, e, 4, err, sizeof(err)), 2);
	CU_ASSERT_EQUAL(e[0].path_len, 1);
	CU_ASSERT_EQUAL(e[1].path_len, 1);
	/* malformed: no mode, no sha, an empty path, a truncated sha, a mode without digits */
	static const char *const bad[] = {
		"a|" P1 "|",
		"100644 a|",
		"100644 |" P1 "|",
		"100644 a|" P1,
		" a|" P1 "|",
		"100644 a|" P1 "|100644",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CU_ASSERT_EQUAL(split_all(bad[i], e, 4, err, sizeof(err)), -1);
	CU_ASSERT_TRUE(tree_starts_entry("1 ", 2, 0));
	CU_ASSERT_FALSE(tree_starts_entry("1", 1, 0));
	CU_ASSERT_FALSE(tree_starts_entry(" 1 ", 3, 0));
	CU_ASSERT_FALSE(tree_starts_entry("1x ", 3, 0));
}

static void test_tree_sha_of_fixture_tree(void)
{
	/* empty tree: size 0, raw "" */
	struct strbuf raw = STRBUF_INIT;
	CU_ASSERT_EQUAL(tree_decode_base64("", 0, &raw, NULL), 0);
	sha256_hex_t sha;
	pggit_object_sha("tree", 0, raw.buf, raw.len, sha);
	CU_ASSERT_STRING_EQUAL(sha, T1);
	strbuf_release(&raw);
}

static void test_timestamps(void)
{
	double t;
	CU_ASSERT_EQUAL(parse_utc_timestamp("2026-11-26T00:39:29.563507", &t), 0);
	CU_ASSERT_DOUBLE_EQUAL(t, 1795653569.563507, 1e-6);
	CU_ASSERT_EQUAL(parse_utc_timestamp("2026-11-26 00:39:30", &t), 0);
	CU_ASSERT_DOUBLE_EQUAL(t, 1795653570.0, 1e-9);
	CU_ASSERT_EQUAL(parse_utc_timestamp("yesterday", &t), -1);
	CU_ASSERT_EQUAL(parse_utc_timestamp("2026-11-26T00:39:29junk", &t), -1);
	/* the export's form only: fields zero-padded, a fraction of digits */
	CU_ASSERT_EQUAL(parse_utc_timestamp("2026-11-6T00:39:29", &t), -1);
	CU_ASSERT_EQUAL(parse_utc_timestamp("2026-11-26T00:39:29.5e3", &t), -1);
}

/* The tail the tree digests cover: only ",DIGITS,HEX64" at the row's end, newline or not. */
static void test_tree_row_tail(void)
{
	static const char sha[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	char row[256];
	const char *tail;
	size_t len;
	snprintf(row, sizeof(row), "T,\"a,1\",100644,%s\n", sha);
	CU_ASSERT_EQUAL(tree_row_tail(row, strlen(row), &tail, &len), 0);
	CU_ASSERT_EQUAL(len, 8 + 64);
	CU_ASSERT_EQUAL(strncmp(tail, ",100644,", 8), 0);
	snprintf(row, sizeof(row), "T,p,100644,%s", sha); /* no newline */
	CU_ASSERT_EQUAL(tree_row_tail(row, strlen(row), &tail, &len), 0);
	CU_ASSERT_EQUAL(len, 8 + 64);
	snprintf(row, sizeof(row), "T,p,\"100644\",%s\n", sha); /* a quoted mode */
	CU_ASSERT_EQUAL(tree_row_tail(row, strlen(row), &tail, &len), -1);
	snprintf(row, sizeof(row), "T,p,,%s\n", sha); /* a NULL mode */
	CU_ASSERT_EQUAL(tree_row_tail(row, strlen(row), &tail, &len), -1);
	snprintf(row, sizeof(row), "T,p,100644,\"%s\"\n", sha); /* a quoted sha */
	CU_ASSERT_EQUAL(tree_row_tail(row, strlen(row), &tail, &len), -1);
	snprintf(row, sizeof(row), "T,p,100644,%.63sA\n", sha); /* not lowercase hex */
	CU_ASSERT_EQUAL(tree_row_tail(row, strlen(row), &tail, &len), -1);
	snprintf(row, sizeof(row), "100644,%s\n", sha); /* no field before the mode */
	CU_ASSERT_EQUAL(tree_row_tail(row, strlen(row), &tail, &len), -1);
}

/*
 * The digest built row by row through its chunk buffer (tree_digest_row(), and
 * tree_digest_entry() from an entry's parts) is the SHA-256 of the whole encoding
 * tree_digest_add() builds: trees of 0 to 3,000 rows, the largest several chunks long,
 * paths of 0 to 300 bytes, modes of 1 to 6 digits.
 */
static void test_tree_digest_streamed(void)
{
	static const char sha[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	static const int sizes[] = { 0, 1, 2, 500, 3000 };
	for (size_t si = 0; si < sizeof(sizes) / sizeof(*sizes); si++) {
		struct strbuf whole = STRBUF_INIT, tail = STRBUF_INIT, path = STRBUF_INIT;
		struct tree_digest rows, entries;
		tree_digest_init(&rows);
		tree_digest_init(&entries);
		for (int k = 0; k < sizes[si]; k++) {
			strbuf_reset(&path);
			for (int j = 0; j < (k * 37) % 301; j++)
				strbuf_addch(&path, (char)('a' + (k + j) % 26));
			char mode[8];
			snprintf(mode, sizeof(mode), "%d", (k * 7919) % 999999 + 1);
			strbuf_reset(&tail);
			strbuf_addf(&tail, ",%s,%s", mode, sha);
			tree_digest_add(&whole, path.buf, path.len, tail.buf, tail.len);
			tree_digest_row(&rows, path.buf, path.len, tail.buf, tail.len);
			tree_digest_entry(&entries, path.buf, path.len, mode, strlen(mode), sha);
		}
		sha256_hex_t want, got_rows, got_entries;
		sha256_hex(whole.buf, whole.len, want);
		tree_digest_finish(&rows, got_rows);
		tree_digest_finish(&entries, got_entries);
		CU_ASSERT_STRING_EQUAL(got_rows, want);
		CU_ASSERT_STRING_EQUAL(got_entries, want);
		if (sizes[si] == 3000)
			CU_ASSERT(whole.len > 3 * TREE_DIGEST_CHUNK);
		strbuf_release(&whole);
		strbuf_release(&tail);
		strbuf_release(&path);
	}
	struct tree_digest dropped;
	tree_digest_init(&dropped);
	tree_digest_row(&dropped, "p", 1, ",1,x", 4);
	tree_digest_release(&dropped);
}

/* Length prefixes keep the encoding unambiguous: moving a byte between path and tail changes it. */
static void test_tree_digest_encoding(void)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	tree_digest_add(&a, "ab", 2, ",1,x", 4);
	tree_digest_add(&b, "a", 1, "b,1,x", 5);
	CU_ASSERT_EQUAL(a.len, 8 + 2 + 8 + 4);
	CU_ASSERT_FALSE(a.len == b.len && memcmp(a.buf, b.buf, a.len) == 0);
	CU_ASSERT_EQUAL(memcmp(a.buf, "\0\0\0\0\0\0\0\2ab\0\0\0\0\0\0\0\4,1,x", a.len), 0);
	strbuf_release(&a);
	strbuf_release(&b);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "commit text of a merge", test_commit_parse_merge },
		{ "root commit and malformed commits", test_commit_parse_root_and_errors },
		{ "ident line strictly \" EPOCH TZ\", errors name the line", test_commit_ident_strict },
		{ "tree base64 decoding", test_tree_base64_decode },
		{ "tree base64 decoder against OpenSSL's encoder", test_tree_base64_decoder },
		{ "tree content vs entries with | in a path", test_tree_match_with_pipe_in_path },
		{ "splitting raw tree text by the rule ('|' in paths)", test_tree_split_rule },
		{ "empty tree sha", test_tree_sha_of_fixture_tree },
		{ "commit_graph timestamps", test_timestamps },
		{ "tree_entries row tails for the digests", test_tree_row_tail },
		{ "tree digest encoding is length-prefixed", test_tree_digest_encoding },
		{ "tree digest built row by row through its chunk equals the whole encoding's", test_tree_digest_streamed },
		{ NULL, NULL },
	};
	return unit_run("store", tests);
}
