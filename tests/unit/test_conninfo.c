/* test_conninfo.c - CUnit tests of conninfo_redact/conninfo_check: secrets never survive. */
#include <CUnit/Basic.h>
#include <stdlib.h>
#include <string.h>

#include "conninfo.h"

static void test_redact_keyword_form(void)
{
	char *r = conninfo_redact("host=db.example port=5433 dbname=audit user=alice password=s3cret");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_PTR_NULL(strstr(r, "s3cret"));
	CU_ASSERT_PTR_NULL(strstr(r, "password"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r, "host=db.example"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r, "dbname=audit"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r, "user=alice"));
	/* the redacted text is itself a valid conninfo */
	CU_ASSERT_EQUAL(conninfo_check(r, NULL), 0);
	free(r);
}

static void test_redact_uri_and_quotes(void)
{
	char *r = conninfo_redact("postgresql://bob:hunter2@h1:5432/store?sslmode=disable&sslpassword=k3y");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_PTR_NULL(strstr(r, "hunter2"));
	CU_ASSERT_PTR_NULL(strstr(r, "k3y"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r, "user=bob"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r, "sslmode=disable"));
	free(r);
	r = conninfo_redact("dbname='my db' application_name='it\\'s' password='a b'");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_PTR_NOT_NULL(strstr(r, "dbname='my db'"));
	CU_ASSERT_PTR_NULL(strstr(r, "a b"));
	CU_ASSERT_EQUAL(conninfo_check(r, NULL), 0);
	free(r);
	r = conninfo_redact("");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_STRING_EQUAL(r, "");
	free(r);
}

static void test_check_hides_input(void)
{
	char *msg = NULL;
	CU_ASSERT_PTR_NULL(conninfo_redact("host=x password"));
	/* libpq would say: missing "=" after "password" ...; a typo could be the secret itself */
	CU_ASSERT_EQUAL(conninfo_check("host=x hunter2", &msg), -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(msg);
	CU_ASSERT_PTR_NULL(strstr(msg, "hunter2"));
	free(msg);
	CU_ASSERT_EQUAL(conninfo_check("nosuchoption=1", &msg), -1);
	free(msg);
	CU_ASSERT_EQUAL(conninfo_check("host=x", &msg), 0);
	CU_ASSERT_PTR_NULL(msg);
	CU_ASSERT_TRUE(conninfo_has_secret("host=x password=y"));
	CU_ASSERT_FALSE(conninfo_has_secret("host=x"));
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("conninfo", NULL, NULL);
	CU_add_test(s, "redact keyword form", test_redact_keyword_form);
	CU_add_test(s, "redact URI and quoting", test_redact_uri_and_quotes);
	CU_add_test(s, "check hides input", test_check_hides_input);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures ? 1 : 0;
}
