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

/* Every connection error goes through conninfo_error_message(): no spelling of the password survives. */
static void test_error_message_hides_password(void)
{
	static const char *const bad[] = {
		"postgresql://pwu:Zq9SecretPw77@[badhost/paths", /* libpq quotes the whole URI */
		"postgresql://pwu:Zq9Secret%zzPw77@/db",	 /* ... or the bad percent-encoded token */
		"postgresql://pwu:Zq9\"SecretPw77@[badhost",	 /* a quote in the password */
		"postgresql://pwu:Zq9%53ecretPw77@[badhost",	 /* percent-encoded: Zq9SecretPw77 decoded */
		"postgresql:///db?password=Zq9SecretPw77&x=[",
		"host=x password=Zq9SecretPw77 junk",
		"host=x password = 'Zq9SecretPw77' junk",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *m = conninfo_error_message(bad[i], "");
		CU_ASSERT_PTR_NOT_NULL_FATAL(m);
		CU_ASSERT_NOT_EQUAL(*m, '\0'); /* unparseable: the parse error, never "" */
		CU_ASSERT_PTR_NULL(strstr(m, "Zq9"));
		CU_ASSERT_PTR_NULL(strstr(m, "SecretPw77"));
		free(m);
	}
	/* parseable: libpq's message is kept, with the password (decoded or as written) cut out */
	char *m = conninfo_error_message("postgresql://pwu:Zq9%53ecretPw77@h/db",
					 "failed for Zq9SecretPw77 and Zq9%53ecretPw77 on \"h\"");
	CU_ASSERT_STRING_EQUAL(m, "failed for ... and ... on \"h\"");
	free(m);
	m = conninfo_error_message("host=h password=Zq9SecretPw77", "no Zq9SecretPw77 here");
	CU_ASSERT_STRING_EQUAL(m, "no ... here");
	free(m);
	m = conninfo_error_message("host=h", "");
	CU_ASSERT_STRING_EQUAL(m, "");
	free(m);
	m = conninfo_error_message("mydb", "database \"mydb\" does not exist");
	CU_ASSERT_STRING_EQUAL(m, "database \"mydb\" does not exist");
	free(m);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("conninfo", NULL, NULL);
	CU_add_test(s, "redact keyword form", test_redact_keyword_form);
	CU_add_test(s, "redact URI and quoting", test_redact_uri_and_quotes);
	CU_add_test(s, "check hides input", test_check_hides_input);
	CU_add_test(s, "connection errors hide the password", test_error_message_hides_password);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures ? 1 : 0;
}
