/* test_die.c - CUnit checks of pga_die() when several threads of one program fail at once. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "util.h"

static pthread_barrier_t together;

static void *die_on_thread(void *arg)
{
	pthread_barrier_wait(&together);
	pga_die("thread %s failed", (const char *)arg);
	return NULL;
}

static void die_in_cleanup(void)
{
	pga_die("the cleanup failed too");
}

/* Run body in a child whose stderr is captured; returns the child's exit status and its output (to free). */
static int run_child(void (*body)(void), char **out)
{
	int p[2];
	CU_ASSERT_FATAL(pipe(p) == 0);
	pid_t pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		dup2(p[1], 2);
		alarm(20); /* a child that hangs fails the test instead of stopping it */
		body();
		_exit(0);
	}
	close(p[1]);
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	ssize_t n;
	while ((n = read(p[0], buf + len, cap - len - 1)) > 0) {
		len += (size_t)n;
		if (cap - len < 2)
			buf = realloc(buf, cap *= 2);
	}
	buf[len] = '\0';
	close(p[0]);
	int st;
	CU_ASSERT_EQUAL_FATAL(waitpid(pid, &st, 0), pid);
	*out = buf;
	return st;
}

static size_t count(const char *text, const char *needle)
{
	size_t n = 0;
	for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void two_threads_die(void)
{
	pthread_barrier_init(&together, NULL, 2);
	pthread_t a, b;
	pthread_create(&a, NULL, die_on_thread, "a");
	pthread_create(&b, NULL, die_on_thread, "b");
	pthread_join(a, NULL);
	pthread_join(b, NULL);
}

/*
 * Two threads failing at once: one message, exit status 1. Both used to be printed, in
 * the order the threads ran (the export's reader said "invalid snapshot identifier"
 * before or after the main connection's real cause). Several rounds: the old way
 * printed two nearly every time.
 */
static void test_one_message_for_two_threads(void)
{
	for (int round = 0; round < 200; round++) {
		char *out;
		int st = run_child(two_threads_die, &out);
		CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 1);
		size_t n = count(out, "error: thread ");
		CU_ASSERT_EQUAL(n, 1);
		free(out);
		if (n != 1)
			break;
	}
}

static void die_with_failing_cleanup(void)
{
	atexit(die_in_cleanup);
	pga_die("the first failure");
}

/* A cleanup handler that dies on the exiting thread is reported and ends the process at once. */
static void test_cleanup_dying_on_the_exiting_thread(void)
{
	char *out;
	int st = run_child(die_with_failing_cleanup, &out);
	CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "error: the first failure"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "error: the cleanup failed too"));
	free(out);
}

int main(void)
{
	pga_set_progname("test_die");
	static const struct unit_test tests[] = {
		{ "two threads dying at once print one message", test_one_message_for_two_threads },
		{ "a cleanup handler dying on the exiting thread", test_cleanup_dying_on_the_exiting_thread },
		{ NULL, NULL },
	};
	return unit_run("die", tests);
}
