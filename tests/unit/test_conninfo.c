/* test_conninfo.c - CUnit tests of conninfo_redact/conninfo_check: secrets never survive. */
#include <CUnit/Basic.h>
#include <stdio.h>
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

/*
 * A password with an unencoded '/', '@', '?', '#' or ':' in a URI: libpq splits such a
 * URI its own way (alice:Qx7/Vb9@h/db is host alice, port Qx7, dbname Vb9@h/db), so
 * neither the redacted form nor a message may trust libpq's fields. The pieces Qx7,
 * Vb9 and Wz5 are parts of passwords only.
 */
static const char *const misplit[] = {
	"postgresql://alice:Qx7/Vb9@localhost/db",
	"postgresql://alice:Qx7@Vb9@localhost/db",
	"postgresql://alice:Qx7/Vb9?user=Wz5@localhost/db", /* a piece lands in the query */
	"postgresql://alice:Qx7@127.0.0.1,Vb9@localhost/db", /* ... in the host list */
	"postgresql://alice@srv:Qx7@localhost/db",	    /* an '@' in the user: the port */
	"postgresql://al/ice:Qx7@localhost/db",	    /* a '/' in the user: the dbname */
	"postgres://alice:Qx7/Vb9@localhost:5432/db?sslmode=disable&pass%77ord=Wz5",
	"postgresql://alice:Qx7:Vb9/Wz5@localhost/db",
	"postgresql://alice:Qx7%2FVb9/Wz5@localhost/db",
};

static void assert_no_piece(const char *what, const char *s)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	if (strstr(s, "Qx7") || strstr(s, "Vb9") || strstr(s, "Wz5"))
		fprintf(stderr, "\n  %s leaks: %s\n", what, s);
	CU_ASSERT_PTR_NULL(strstr(s, "Qx7"));
	CU_ASSERT_PTR_NULL(strstr(s, "Vb9"));
	CU_ASSERT_PTR_NULL(strstr(s, "Wz5"));
}

static void test_redact_misplit_uri(void)
{
	for (size_t i = 0; i < sizeof(misplit) / sizeof(misplit[0]); i++) {
		char *r = conninfo_redact(misplit[i]);
		assert_no_piece(misplit[i], r);
		free(r);
	}
	/* libpq's split is not printed: the URI as written, its password stretch hidden */
	char *r = conninfo_redact("postgresql://alice:Qx7/Vb9@localhost/db");
	CU_ASSERT_STRING_EQUAL(r, "postgresql://alice:...@localhost/db");
	free(r);
	r = conninfo_redact("postgresql://alice@srv:Qx7@localhost/db?sslmode=disable&sslpassword=Wz5");
	CU_ASSERT_STRING_EQUAL(r, "postgresql://alice@srv:...@localhost/db?sslmode=disable&sslpassword=...");
	free(r);
	/* where libpq reads the whole stretch as the password, the keyword form as before */
	static const char *const whole[] = { "postgresql://alice:Qx7?Vb9@localhost/db",
					     "postgresql://alice:Qx7#Vb9@localhost/db",
					     "postgresql://alice:Qx7:Vb9@localhost/db",
					     "postgresql://alice:Qx7,Vb9@localhost/db" };
	for (size_t i = 0; i < sizeof(whole) / sizeof(whole[0]); i++) {
		r = conninfo_redact(whole[i]);
		assert_no_piece(whole[i], r);
		CU_ASSERT_STRING_EQUAL(r, "user=alice dbname=db host=localhost");
		free(r);
		CU_ASSERT_TRUE(conninfo_has_secret(whole[i]));
	}
	for (size_t i = 0; i < sizeof(misplit) / sizeof(misplit[0]); i++)
		CU_ASSERT_TRUE(conninfo_has_secret(misplit[i]));
}

/* libpq's real messages for mis-split URIs echo the fields the password went to. */
static void test_error_message_misplit_uri(void)
{
	static const char *const cases[][2] = {
		{ "postgresql://alice:Qx7/Vb9@localhost/db",
		  "invalid integer value \"Qx7\" for connection option \"port\"" },
		{ "postgresql://alice:Qx7@Vb9@localhost/db",
		  "could not translate host name \"Vb9@localhost\" to address: Name or service not known" },
		{ "postgresql://alice:5432/Vb9@localhost/db",
		  "connection to server at \"alice\" (10.0.0.1), port 5432 failed: FATAL:  database "
		  "\"Vb9@localhost/db\" does not exist" },
		{ "postgresql://alice:Qx7@127.0.0.1,Vb9@localhost/db",
		  "connection to server at \"127.0.0.1\", port 5432 failed: Connection refused\n"
		  "could not translate host name \"Vb9@localhost\" to address: Name or service not known" },
		{ "postgresql://alice@srv:Qx7@localhost/db",
		  "invalid integer value \"Qx7@localhost\" for connection option \"port\"" },
		{ "postgresql://al/ice:Qx7@localhost/db", "FATAL:  database \"ice:Qx7@localhost/db\" does not exist" },
		{ "postgresql://alice:Qx7%2FVb9/Wz5@localhost/db",
		  "invalid integer value \"Qx7/Vb9\" for connection option \"port\"; database \"Wz5@localhost/db\"" },
		/* the server echoes a dbname of 64 bytes or more cut to 63: the cut piece too */
		{ "postgresql://alice:1/Vb9aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaWz5@h/db",
		  "FATAL:  database \"Vb9aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" does not exist" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *m = conninfo_error_message(cases[i][0], cases[i][1]);
		assert_no_piece(cases[i][0], m);
		free(m);
	}
	char *m = conninfo_error_message(cases[1][0], cases[1][1]);
	CU_ASSERT_STRING_EQUAL(m, "could not translate host name \"...\" to address: Name or service not known");
	free(m);
	/* and libpq's parse errors of such URIs */
	for (size_t i = 0; i < sizeof(misplit) / sizeof(misplit[0]); i++) {
		char *bad = malloc(strlen(misplit[i]) + 8);
		strcpy(bad, misplit[i]);
		strcat(bad, "?x=%zz");
		m = conninfo_error_message(bad, "");
		assert_no_piece(bad, m);
		CU_ASSERT_NOT_EQUAL(*m, '\0');
		free(m);
		free(bad);
	}
}

/*
 * A short password or one that is a common word is hidden only where it stands as a
 * whole token: "a" must not eat the a's of "failed", "ail" not the middle of "failed".
 */
static void test_error_message_whole_tokens(void)
{
	char *m = conninfo_error_message("host=h user=alice password=a",
					 "FATAL:  password authentication failed for user \"alice\"");
	CU_ASSERT_STRING_EQUAL(m, "FATAL:  password authentication failed for user \"alice\"");
	free(m);
	m = conninfo_error_message("host=h password=ail", "failed: \"ail\" (ail) x-ail-y mail");
	CU_ASSERT_STRING_EQUAL(m, "failed: \"...\" (...) x-...-y mail");
	free(m);
	m = conninfo_error_message("postgresql://u:ion@h/db", "connection to server on socket failed");
	CU_ASSERT_STRING_EQUAL(m, "connection to server on socket failed");
	free(m);
	/* a secret whose ends are not letters has no word to be part of */
	m = conninfo_error_message("host=h password=!x!", "a!x!b \"!x!\"");
	CU_ASSERT_STRING_EQUAL(m, "a...b \"...\"");
	free(m);
	/* a whole word still goes: a password may be echoed anywhere (documented) */
	m = conninfo_error_message("host=h password=host", "could not translate host name \"host\"");
	CU_ASSERT_STRING_EQUAL(m, "could not translate ... name \"...\"");
	free(m);
	/* multibyte letters are letters */
	m = conninfo_error_message("host=h password=é", "résumé \"é\"");
	CU_ASSERT_STRING_EQUAL(m, "résumé \"...\"");
	free(m);
}

/*
 * A ?password= value holding an unencoded '&': libpq gives its tail to other parameters
 * ("?password=pa&user=ss" is password pa, user ss), so nothing after the value is printed
 * or echoed.
 */
static void test_query_password_with_ampersand(void)
{
	char *r = conninfo_redact("postgresql://u@h/db?password=pa&user=ss");
	CU_ASSERT_STRING_EQUAL(r, "postgresql://u@h/db?password=...");
	free(r);
	r = conninfo_redact("postgresql://u:pw@h/db?sslmode=disable&password=x&application_name=tail");
	CU_ASSERT_STRING_EQUAL(r, "postgresql://u:...@h/db?sslmode=disable&password=...");
	free(r);
	/* a query password alone keeps the keyword form */
	r = conninfo_redact("postgresql://u@h/db?password=solo");
	CU_ASSERT_PTR_NULL(strstr(r, "solo"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r, "user=u"));
	free(r);
	char *m = conninfo_error_message("postgresql://u@h/db?password=pa&user=ss",
					 "FATAL:  password authentication failed for user \"ss\"");
	CU_ASSERT_STRING_EQUAL(m, "FATAL:  password authentication failed for user \"...\"");
	free(m);
}


/* conninfo_location: which database, not how it is reached (the driver refuses a resume
   that moves a work directory to another database, not one under another role) */
static void test_location(void)
{
	unsetenv("PGHOST"), unsetenv("PGHOSTADDR"), unsetenv("PGPORT"), unsetenv("PGDATABASE");
	unsetenv("PGSERVICE"), unsetenv("PGUSER");
	char *a = conninfo_location("host=db1 port=5433 dbname=audit user=alice password=s3cret application_name=x");
	char *b = conninfo_location("postgresql://bob:hunter2@db1:5433/audit?sslmode=require");
	char *c = conninfo_location("host=db1 port=5433 dbname=audit2 user=alice");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_STRING_EQUAL(a, "host=db1\nport=5433\ndbname=audit\n");
	CU_ASSERT_STRING_EQUAL(a, b); /* role, password, options: the same database */
	CU_ASSERT_STRING_NOT_EQUAL(a, c);
	CU_ASSERT_PTR_NULL(strstr(b, "hunter2"));
	free(a), free(b), free(c);
	/* no dbname: libpq names the database after the user, so the user counts */
	a = conninfo_location("host=db1 user=alice");
	b = conninfo_location("host=db1 user=bob");
	CU_ASSERT_STRING_NOT_EQUAL(a, b);
	free(a), free(b);
	/* the PG* variables fill what the conninfo leaves out */
	setenv("PGDATABASE", "other", 1);
	a = conninfo_location("host=db1 user=alice");
	CU_ASSERT_STRING_EQUAL(a, "host=db1\ndbname=other\n");
	free(a);
	a = conninfo_location("host=db1 dbname=audit");
	CU_ASSERT_STRING_EQUAL(a, "host=db1\ndbname=audit\n");
	free(a);
	unsetenv("PGDATABASE");
	/* a URI libpq splits inside the password: its redacted text, never a piece of it */
	a = conninfo_location("postgresql://alice:Qx7@Vb9@localhost/db");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NULL(strstr(a, "Qx7"));
	CU_ASSERT_PTR_NULL(strstr(a, "Vb9"));
	free(a);
	CU_ASSERT_PTR_NULL(conninfo_location("host=x password"));
}

/*
 * A connection string inside a value (dbname=$DATABASE_URL): libpq takes it as the
 * database's name, never as a password, but the password in it is one. The driver
 * printed it whole, and the server echoes it in "database ... does not exist".
 */
static void test_nested_conninfo(void)
{
	static const char *const cases[] = {
		"host=/s user=a dbname=postgresql://u:Zq9SecretPw77@localhost/db",
		"host=/s dbname='host=x password=Zq9SecretPw77 dbname=y'",
		"host=/s dbname='host=x password=\\'Zq9SecretPw77'",
		"postgresql:///db?dbname=postgresql%3A%2F%2Fu%3AZq9SecretPw77%40h%2Fdb",
		"host=/s dbname='postgresql://u:Zq9SecretPw77@[bad'",
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *r = conninfo_redact(cases[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(r);
		if (strstr(r, "Zq9"))
			fprintf(stderr, "\n  redacted %s\n  to %s\n", cases[i], r);
		CU_ASSERT_PTR_NULL(strstr(r, "Zq9"));
		CU_ASSERT_PTR_NULL(strstr(r, "SecretPw77"));
		free(r);
		char *m = conninfo_error_message(cases[i], "FATAL:  database \"postgresql://u:Zq9SecretPw77@localhost/db\" "
							   "or \"host=x password=Zq9SecretPw77 dbname=y\" does not exist");
		if (strstr(m, "Zq9"))
			fprintf(stderr, "\n  message for %s\n  is %s\n", cases[i], m);
		CU_ASSERT_PTR_NULL(strstr(m, "Zq9"));
		free(m);
	}
	/* the detail stays when there is nothing to hide */
	char *r = conninfo_redact("host=/s dbname='host=x dbname=y'");
	CU_ASSERT_STRING_EQUAL(r, "dbname='host=x dbname=y' host=/s");
	free(r);
	r = conninfo_redact("host=/s dbname=postgresql://u:Zq9SecretPw77@h/db");
	CU_ASSERT_STRING_EQUAL(r, "dbname='user=u dbname=db host=h' host=/s");
	free(r);
}

/* --source/--target values holding a password are copied and blanked where ps reads them. */
static void test_hide_args(void)
{
	char a0[] = "prog", a1[] = "--source", a2[] = "host=h password=Zq9SecretPw77", a3[] = "--targ=postgresql://u:Zq9SecretPw77@h/db",
	     a4[] = "--outdir", a5[] = "host=h password=Zq9SecretPw77", a6[] = "--target", a7[] = "host=h dbname=d",
	     a8[] = "--", a9[] = "--source", a10[] = "password=Zq9SecretPw77";
	char *argv[] = { a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, NULL };
	conninfo_hide_args(11, argv);
	CU_ASSERT_STRING_EQUAL(argv[2], "host=h password=Zq9SecretPw77");
	CU_ASSERT_STRING_EQUAL(argv[3], "--targ=postgresql://u:Zq9SecretPw77@h/db");
	CU_ASSERT_PTR_NULL(strstr(a2, "Zq9"));
	CU_ASSERT_STRING_EQUAL(a2, "host=h");
	CU_ASSERT_PTR_NULL(strstr(a3, "Zq9"));
	CU_ASSERT_EQUAL(strncmp(a3, "--targ=", 7), 0);
	/* not a conninfo option, one without a secret, after "--": untouched */
	CU_ASSERT_PTR_EQUAL(argv[5], a5);
	CU_ASSERT_STRING_EQUAL(a5, "host=h password=Zq9SecretPw77");
	CU_ASSERT_PTR_EQUAL(argv[7], a7);
	CU_ASSERT_PTR_EQUAL(argv[10], a10);
	if (argv[2] != a2)
		free(argv[2]);
	if (argv[3] != a3)
		free(argv[3]);
}

/* the variables libpq reads a password from, as its own table says: a VAR=value of the
   driver named so is refused (it was saved in run.json, not put in the environment) */
static void test_secret_envvar(void)
{
	CU_ASSERT_EQUAL(conninfo_secret_envvar("PGPASSWORD"), 1);
	CU_ASSERT_EQUAL(conninfo_secret_envvar("PGHOST"), 0);
	CU_ASSERT_EQUAL(conninfo_secret_envvar("PGUSER"), 0);
	CU_ASSERT_EQUAL(conninfo_secret_envvar("password"), 0);
	CU_ASSERT_EQUAL(conninfo_secret_envvar("BATCH_ROWS"), 0);
	CU_ASSERT_EQUAL(conninfo_secret_envvar(""), 0);
}

/* a manifest's recipe line is a shell command: a password written anywhere in it is found
   (it was echoed into the logs), one read from the environment is not */
static void test_text_may_hold_secret(void)
{
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("pggit-audit-load --target 'host=x password=secret'"), 1);
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("pggit-audit-load --target='password=secret host=x'"), 1);
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("psql \"host=x password = 'a b'\" -c ''"), 1);
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("psql postgresql://u:secret@h/db -c 'select 1'"), 1);
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("psql 'postgres://u@h/db?sslpassword=s3'"), 1);
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("x --dbname=postgresql://u:p/w@h/db"), 1);
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("PGPASSWORD=hunter2 psql"), 1);
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("export PGPASSWORD='hunter2'; psql"), 1);
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("psql \"host=h password=$PW\""), 0);
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("psql 'password=${PW}'"), 0);
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("PGPASSWORD=\"$PW\" psql"), 0);
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("psql postgresql://u@h/db \"$PGGIT_AUDIT_SOURCE\""), 0);
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("echo the password is read from ~/.pgpass"), 0);
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("pggit-audit-load --batch-rows 5000 --export export"), 0);
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret(""), 0);
	/* SQL's PASSWORD 'literal' in a psql -c: a secret written in the manifest too */
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("psql \"$PGGIT_AUDIT_TARGET\" -c \"ALTER ROLE r PASSWORD 'hunter2'\""), 1);
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("psql -c \"create user u with encrypted password 'x'\""), 1);
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("psql -c \"ALTER ROLE r PASSWORD\tE'a\\\\b'\""), 1);
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("psql -c 'ALTER ROLE r PASSWORD $$hunter2$$'"), 1);
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("psql -c 'ALTER ROLE r PASSWORD $p$hunter2$p$'"), 1);
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("psql -c \"ALTER ROLE r PASSWORD '$PW'\""), 0);
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("psql -c \"ALTER ROLE r PASSWORD '${PW}'\""), 0);
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("psql -c \"ALTER ROLE r PASSWORD '$$PW'\""), 0);
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("psql -c 'ALTER ROLE r PASSWORD NULL'"), 0);
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("psql -c 'ALTER ROLE password_admin LOGIN'"), 0);
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("psql -c '\\password r'"), 0);
	CU_ASSERT_EQUAL(conninfo_text_may_hold_secret("echo reset the password 'later'"), 1);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("conninfo", NULL, NULL);
	CU_add_test(s, "redact keyword form", test_redact_keyword_form);
	CU_add_test(s, "which database a conninfo reaches", test_location);
	CU_add_test(s, "redact URI and quoting", test_redact_uri_and_quotes);
	CU_add_test(s, "check hides input", test_check_hides_input);
	CU_add_test(s, "connection errors hide the password", test_error_message_hides_password);
	CU_add_test(s, "a URI libpq splits inside the password", test_redact_misplit_uri);
	CU_add_test(s, "errors of a URI split inside the password", test_error_message_misplit_uri);
	CU_add_test(s, "only whole tokens are hidden", test_error_message_whole_tokens);
	CU_add_test(s, "a query password holding '&'", test_query_password_with_ampersand);
	CU_add_test(s, "a connection string inside a value", test_nested_conninfo);
	CU_add_test(s, "passwords taken off the command line", test_hide_args);
	CU_add_test(s, "environment variables holding a password", test_secret_envvar);
	CU_add_test(s, "a password written in a shell command line", test_text_may_hold_secret);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures ? 1 : 0;
}
