/* test_fault_point.c - CUnit checks of the PGGIT_AUDIT_FAULT points the fault tests stop or kill the stages at. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "atomicfile.h"
#include "unit.h"

static int written[2];

static void *pass_point(void *arg)
{
	(void)arg;
	fault_point("unit-thread-point");
	/* past the point: the process must have been stopped before this */
	if (write(written[1], "x", 1) != 1)
		_exit(3);
	return NULL;
}

/* A child whose second thread passes a :stop point while its main thread waits for it. */
static void run_child(void)
{
	setenv("PGGIT_AUDIT_FAULT", "unit-thread-point:stop", 1);
	pthread_t th;
	if (pthread_create(&th, NULL, pass_point, NULL) != 0)
		_exit(2);
	pthread_join(th, NULL);
	_exit(0);
}

/*
 * A :stop point passed on a thread other than the main one stops that thread
 * there: the process stopped, the thread has done nothing past its point (it
 * used to go on until the main thread's stop reached it: the export's
 * tree_entries reader opened its connection while the process already showed
 * stopped). Several rounds: the old way lost the race nearly every time.
 */
static void test_stop_on_a_thread(void)
{
	for (int round = 0; round < 20; round++) {
		CU_ASSERT_FATAL(pipe(written) == 0);
		pid_t pid = fork();
		CU_ASSERT_FATAL(pid >= 0);
		if (pid == 0) {
			close(written[0]);
			run_child();
		}
		close(written[1]);
		int st;
		CU_ASSERT_EQUAL_FATAL(waitpid(pid, &st, WUNTRACED), pid);
		CU_ASSERT_TRUE(WIFSTOPPED(st));
		int fl = fcntl(written[0], F_GETFL);
		CU_ASSERT(fcntl(written[0], F_SETFL, fl | O_NONBLOCK) == 0);
		char c;
		ssize_t n = read(written[0], &c, 1);
		CU_ASSERT_EQUAL(n, -1);
		CU_ASSERT_EQUAL(errno, EAGAIN);
		CU_ASSERT(fcntl(written[0], F_SETFL, fl) == 0);
		kill(pid, SIGCONT);
		CU_ASSERT_EQUAL(read(written[0], &c, 1), 1); /* it goes on once continued */
		CU_ASSERT_EQUAL_FATAL(waitpid(pid, &st, 0), pid);
		CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
		close(written[0]);
		if (n != -1)
			break; /* one failure is enough */
	}
}

int main(void)
{
	/* no fault point is passed in this process: each child reads PGGIT_AUDIT_FAULT afresh */
	static const struct unit_test tests[] = {
		{ "a :stop point on a second thread stops it at the point", test_stop_on_a_thread },
		{ NULL, NULL },
	};
	return unit_run("fault_point", tests);
}
