/* test_progress_events.c - CUnit tests of progress.ndjson after a torn line: the writer starts its event on a line of its own, the driver's reader keeps the event appended to torn bytes and names the file and line. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "progress.h"
#include "runner_progress.h"
#include "strbuf.h"
#include "util.h"
#include "unit.h"

static const char torn[] = "{\"time\":\"2025-01-02T03:04:05.000Z\",\"target\":\"t\",\"sta";
static const char end_event[] = "{\"time\":\"2025-01-02T03:04:06.000Z\",\"target\":\"t\",\"stage\":\"s\",\"pid\":1,"
				"\"event\":\"end\",\"status\":\"ok\",\"rows\":7,\"bytes\":9,\"seconds\":1.0,"
				"\"chunks_done\":1,\"chunks_reused\":0}\n";
static const char begin_event[] = "{\"time\":\"2025-01-02T03:04:04.000Z\",\"target\":\"t\",\"stage\":\"s\",\"pid\":1,"
				  "\"event\":\"begin\"}\n";

static char *temp_file(const char *content)
{
	char *path = xstrdup("/tmp/pga-progress-XXXXXX");
	int fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_FATAL(write(fd, content, strlen(content)) == (ssize_t)strlen(content));
	close(fd);
	return path;
}

static void append(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_APPEND);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_FATAL(write(fd, s, strlen(s)) == (ssize_t)strlen(s));
	close(fd);
}

/* a stage whose event follows torn bytes (the stage before it stopped mid-write): the event
   was appended to them and the driver, skipping the line that is not JSON, lost it */
static void test_writer_starts_a_line(void)
{
	char *path = temp_file(torn);
	setenv("PGGIT_AUDIT_PROGRESS", path, 1);
	unsetenv("PGGIT_AUDIT_STEP");
	progress_begin("s");
	progress_end();
	unsetenv("PGGIT_AUDIT_PROGRESS");
	struct strbuf sb = STRBUF_INIT;
	CU_ASSERT_FATAL(strbuf_read_file(&sb, path) == 0);
	CU_ASSERT_EQUAL(strncmp(sb.buf, torn, strlen(torn)), 0);
	CU_ASSERT_EQUAL(sb.buf[strlen(torn)], '\n');
	CU_ASSERT_EQUAL(strncmp(sb.buf + strlen(torn) + 1, "{\"time\":", 8), 0);
	/* begin and end, each on its own line, and no empty line between them */
	int lines = 0;
	for (size_t i = 0; i < sb.len; i++)
		lines += sb.buf[i] == '\n';
	CU_ASSERT_EQUAL(lines, 3);
	CU_ASSERT_PTR_NULL(strstr(sb.buf, "\n\n"));
	CU_ASSERT_EQUAL(sb.buf[sb.len - 1], '\n');
	strbuf_release(&sb);
	unlink(path);
	free(path);
}

static void read_torn(const char *path)
{
	struct progress_tail pt;
	ptail_init(&pt, path); /* from the end: the begin line is before it */
	append(path, torn);
	append(path, end_event);
	ptail_read(&pt, path, "t", 0);
	int rows = pt.end ? (int)json_integer_value(json_object_get(pt.end, "rows")) : -1;
	ptail_release(&pt);
	_exit(rows == 7 ? 0 : 3);
}

/* a file written by a stage before this version (or torn by a crash): the event appended to
   the torn bytes is read, and the torn line is reported with its file and line */
static void test_reader_resyncs(void)
{
	char *path = temp_file(begin_event);
	char msg[1024];
	pga_set_progname("t");
	int st = unit_in_child(read_torn, path, msg, sizeof(msg));
	CU_ASSERT_EQUAL(st, 0);
	char *want = xasprintf("%s:2: torn line in the progress events", path);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, want));
	if (!strstr(msg, want))
		fprintf(stderr, "got [%s]\n", msg);
	free(want);
	unlink(path);
	free(path);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "an event after torn bytes starts a line of its own", test_writer_starts_a_line },
		{ "the reader keeps the event appended to a torn line", test_reader_resyncs },
		{ NULL, NULL },
	};
	return unit_run("progress_events", tests);
}
