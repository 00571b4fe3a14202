/*
 * fuzz_ndjson.c - libFuzzer target for the NDJSON reader (ndjson.h: one JSON
 * value per line in a zstd file, as the runner journal and NDJSON artifacts
 * are read).
 *
 * An input that starts with the zstd magic number is written as is; any
 * other input is NDJSON text, compressed into the scratch file first.
 *
 * Properties: values, end of file, or an error naming the file and line;
 * line numbers count up by one per value; each value read back encodes with
 * the writer's flags and decodes to an equal value (what ndjson_write writes,
 * ndjson_next reads).
 */
#include <zstd.h>

#include "fuzz_util.h"
#include "ndjson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
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
	struct ndjson_in *in = ndjson_open(path);
	FUZZ_CHECK(in, "cannot open %s", path);
	json_t *v;
	int rc;
	unsigned long long values = 0;
	while ((rc = ndjson_next(in, &v)) == 1) {
		values++;
		FUZZ_CHECK(ndjson_line(in) == values, "value %llu reported on line %llu", values, ndjson_line(in));
		char *text = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
		FUZZ_CHECK(text, "a value read cannot be written again");
		json_error_t e;
		json_t *again = json_loads(text, JSON_DECODE_ANY, &e);
		FUZZ_CHECK(again, "a written value does not read back: %s", e.text);
		FUZZ_CHECK(json_equal(v, again), "a value changed through write and read: %s", text);
		json_decref(again);
		free(text);
		json_decref(v);
	}
	if (rc < 0)
		FUZZ_CHECK(strstr(ndjson_error(in), path), "error does not name the file: %s", ndjson_error(in));
	ndjson_close(in);
	return 0;
}
