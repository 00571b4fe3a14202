/* test_store.c - CUnit tests of commit-text parsing, tree decoding and the
 * tree-content vs tree_entries check (including '|' inside a path). */
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

static void test_tree_base64_decode(void)
{
	/* PostgreSQL's encode(..., 'base64') breaks lines every 76 characters */
	const char *b64 = "MTAwNjQ0IGFwcHw2Y2Y0ZDYxN2MxZTg4N2QxMWUxODUxMDRkYWY1YWYwNTRlNTMwZTZhODhmY2Iw\n"
			  "ZTNiNzVhZTc4ZTIwMzA4ZDIzfA==";
	struct strbuf raw = STRBUF_INIT;
	CU_ASSERT_EQUAL_FATAL(tree_decode_base64(b64, strlen(b64), &raw), 0);
	CU_ASSERT_STRING_EQUAL(raw.buf, "100644 app|6cf4d617c1e887d11e185104daf5af054e530e6a88fcb0e3b75ae78e20308d23|");
	strbuf_reset(&raw);
	CU_ASSERT_EQUAL(tree_decode_base64("MTAw*NjQ0", 9, &raw), -1);
	strbuf_release(&raw);
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
	strbuf_release(&raw);
}

static void test_tree_sha_of_fixture_tree(void)
{
	/* empty tree: size 0, raw "" */
	struct strbuf raw = STRBUF_INIT;
	CU_ASSERT_EQUAL(tree_decode_base64("", 0, &raw), 0);
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
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "commit text of a merge", test_commit_parse_merge },
		{ "root commit and malformed commits", test_commit_parse_root_and_errors },
		{ "tree base64 decoding", test_tree_base64_decode },
		{ "tree content vs entries with | in a path", test_tree_match_with_pipe_in_path },
		{ "empty tree sha", test_tree_sha_of_fixture_tree },
		{ "commit_graph timestamps", test_timestamps },
		{ NULL, NULL },
	};
	return unit_run("store", tests);
}
