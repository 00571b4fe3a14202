/*
 * fuzz_manifest.c - libFuzzer target for the pipeline manifest parser
 * (manifest_parse, the make-style format of docs/manifest.md).
 *
 * The input is the manifest text (an exact-size copy: the parser takes a
 * length and must not need a NUL). The driver's built-ins and one
 * command-line override are passed as `pggit-audit run` passes them.
 *
 * Properties: either a manifest or an error starting with the file name and
 * a line ("FILE:LINE: ..." or "command line: ..."); in a manifest every target
 * name is valid and found by manifest_find_target, the order is a
 * permutation of the targets with each prerequisite before its dependents,
 * and the command-line override wins over the manifest's own value.
 */
#include "fuzz_util.h"
#include "manifest.h"
#include "strbuf.h"

#define FILE_NAME "fuzz.mk"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct manifest_assign builtins[] = {
		{ "WORKDIR", "/w" }, { "BINDIR", "/b$(x)" }, { "SQLDIR", "/s" },
	};
	static const struct manifest_assign overrides[] = { { "BATCH_ROWS", "7" } };
	char *text = fuzz_exact_copy(data, size);
	struct strbuf err = STRBUF_INIT;
	struct manifest *m = manifest_parse(FILE_NAME, text, size, builtins, 3, overrides, 1, &err);
	if (!m) {
		FUZZ_CHECK(err.len > 0, "no manifest and no error");
		FUZZ_CHECK(!strncmp(err.buf, FILE_NAME ":", strlen(FILE_NAME) + 1) ||
				   !strncmp(err.buf, "command line: ", 14),
			   "error does not name the file: %s", err.buf);
	} else {
		FUZZ_CHECK(err.len == 0, "a manifest and an error: %s", err.buf);
		size_t n = m->n_targets;
		size_t *pos = xcalloc(n ? n : 1, sizeof(*pos));
		char *seen = xcalloc(n ? n : 1, 1);
		for (size_t k = 0; k < n; k++) {
			size_t t = m->order[k];
			FUZZ_CHECK(t < n && !seen[t], "order is not a permutation");
			seen[t] = 1;
			pos[t] = k;
		}
		for (size_t t = 0; t < n; t++) {
			const struct manifest_target *mt = &m->targets[t];
			FUZZ_CHECK(manifest_valid_target_name(mt->name), "invalid target name \"%s\"", mt->name);
			FUZZ_CHECK(manifest_find_target(m, mt->name) == (long)t, "target %s not found", mt->name);
			for (size_t k = 0; k < mt->n_prereqs; k++) {
				size_t p = mt->prereq_index[k];
				FUZZ_CHECK(p < n && !strcmp(m->targets[p].name, mt->prereqs[k]), "bad prereq index");
				FUZZ_CHECK(pos[p] < pos[t], "%s runs before its prerequisite %s", mt->name,
					   mt->prereqs[k]);
			}
		}
		free(pos);
		free(seen);
		FUZZ_CHECK(!strcmp(manifest_var(m, "BATCH_ROWS") ? manifest_var(m, "BATCH_ROWS") : "7", "7"),
			   "the command-line override lost");
		manifest_free(m);
	}
	strbuf_release(&err);
	free(text);
	return 0;
}
