/* unit.h - the one main() every CUnit test program shares: register the
 * tests listed by the file, run them verbosely, exit non-zero on failure. */
#ifndef PGA_TEST_UNIT_H
#define PGA_TEST_UNIT_H

#include <CUnit/Basic.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

struct unit_test {
	const char *name;
	void (*fn)(void);
};

static inline int unit_run(const char *suite, const struct unit_test *tests)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite(suite, NULL, NULL);
	for (const struct unit_test *t = tests; t->name; t++)
		CU_add_test(s, t->name, t->fn);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return failed ? 1 : 0;
}

/*
 * Run fn(arg) in a forked child, for code that ends the process (pga_die) on
 * purpose. Writes what the child printed on stderr into msg (NUL-terminated,
 * at most msglen - 1 bytes). Returns the child's exit status (0 when fn
 * returns), 128 when it was killed by a signal, -1 when no pipe could be made.
 */
static inline int unit_in_child(void (*fn)(const char *), const char *arg, char *msg, size_t msglen)
{
	int pipefd[2];
	if (pipe(pipefd) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], 2);
		close(pipefd[0]);
		fn(arg);
		_exit(0);
	}
	close(pipefd[1]);
	size_t got = 0;
	ssize_t n;
	while (got < msglen - 1 && (n = read(pipefd[0], msg + got, msglen - 1 - got)) > 0)
		got += (size_t)n;
	msg[got] = '\0';
	close(pipefd[0]);
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

#endif
