/*
 * replay.c - the regression runner for hostile input: a main() that feeds
 * files to a fuzz target's LLVMFuzzerTestOneInput() in a normal build (no
 * clang, no libFuzzer), so every crash ever found, and every seed, is
 * replayed by ctest on every build, under ASan when the build has it.
 *
 *   regress_TARGET PATH...   each PATH is a file or a directory of files
 *                            (hidden files and README* are skipped)
 *
 * Exit 0 when every input ran (a violated property aborts the process);
 * exit 2 when an argument cannot be read or no input at all was found.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_util.h"
#include "strbuf.h"

static unsigned long replayed;

static int replay_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		fprintf(stderr, "replay: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	struct strbuf b = STRBUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		strbuf_add(&b, chunk, n);
	int bad = ferror(fp);
	fclose(fp);
	if (bad) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		strbuf_release(&b);
		return -1;
	}
	/* an exact-size copy, so that reading past the input is caught by ASan */
	size_t len = b.len;
	uint8_t *exact = xmalloc(len ? len : 1);
	if (len)
		memcpy(exact, b.buf, len);
	strbuf_release(&b);
	fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	replayed++;
	return 0;
}

static int skip_name(const char *name)
{
	return name[0] == '.' || strncmp(name, "README", 6) == 0;
}

static int replay_path(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path);
	struct dirent **names;
	int n = scandir(path, &names, NULL, alphasort); /* sorted: the same order on every run */
	if (n < 0) {
		fprintf(stderr, "replay: cannot list %s: %s\n", path, strerror(errno));
		return -1;
	}
	int rc = 0;
	for (int i = 0; i < n; i++) {
		if (!skip_name(names[i]->d_name) && rc == 0) {
			char *child = path_join(path, names[i]->d_name);
			rc = replay_path(child);
			free(child);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	pga_set_progname(argv[0]);
	for (int i = 1; i < argc; i++) {
		struct stat st;
		/* a target may have no kept crash yet: an absent regression folder is fine */
		if (stat(argv[i], &st) < 0 && errno == ENOENT && strstr(argv[i], "tests/regress/"))
			continue;
		if (replay_path(argv[i]) < 0)
			return 2;
	}
	if (replayed == 0) {
		fprintf(stderr, "replay: no input found\n");
		return 2;
	}
	printf("replayed %lu input%s without a crash or a violated property\n", replayed, replayed == 1 ? "" : "s");
	return 0;
}
