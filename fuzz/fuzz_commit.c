/*
 * fuzz_commit.c - libFuzzer target for commit text (commit_text_parse) and the
 * commit_graph timestamps (parse_utc_timestamp), as the diff stage feeds them
 * from objects.content and commit_graph.authored_at.
 *
 * Properties: the parser never reads past len (the input is an exact-size
 * heap copy, no NUL); on success every sha is 64 lowercase hex digits, the
 * identities end in '>', and the message is the exact tail of the input; on
 * failure the error text is set and nothing is left allocated.
 */
#include "fuzz_util.h"
#include "hash.h"
#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_exact_copy(data, size);
	struct commit_text ct;
	char err[256] = "";
	if (commit_text_parse(text, size, &ct, err, sizeof(err)) == 0) {
		FUZZ_CHECK(is_sha256_hex(ct.tree, strlen(ct.tree)), "tree is not a sha: %s", ct.tree);
		FUZZ_CHECK(ct.nparents == 0 || ct.parents, "parents missing");
		for (size_t i = 0; i < ct.nparents; i++)
			FUZZ_CHECK(is_sha256_hex(ct.parents[i], strlen(ct.parents[i])), "parent %zu is not a sha", i);
		/* the strings are C strings: a NUL in the text (never in PostgreSQL text, and
		   refused by the diff stage's UTF-8 check before it parses) cuts them short */
		if (!memchr(text, '\0', size)) {
			size_t alen = strlen(ct.author), clen = strlen(ct.committer);
			FUZZ_CHECK(alen > 0 && ct.author[alen - 1] == '>', "author does not end in '>'");
			FUZZ_CHECK(clen > 0 && ct.committer[clen - 1] == '>', "committer does not end in '>'");
			size_t mlen = strlen(ct.message);
			FUZZ_CHECK(mlen <= size && memcmp(ct.message, text + size - mlen, mlen) == 0,
				   "message is not the tail of the text");
		}
		commit_text_release(&ct);
	} else {
		FUZZ_CHECK(err[0] != '\0', "failure without a reason");
		FUZZ_CHECK(ct.parents == NULL && ct.author == NULL && ct.message == NULL,
			   "failure left memory allocated");
	}
	free(text);

	/* commit_graph timestamps arrive as NUL-terminated CSV fields */
	char *ts = fuzz_cstring(data, size);
	double epoch;
	(void)parse_utc_timestamp(ts, &epoch);
	free(ts);
	return 0;
}
