/* test_display.c - CUnit tests of the display form of untrusted values (common/display.h):
 * plain values unchanged, everything else quoted on one line with no control byte, the
 * C1 range and bytes that are not UTF-8 escaped, the text and message forms. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "display.h"
#include "strbuf.h"
#include "util.h"
#include "unit.h"

static char *show(const char *s, size_t len, unsigned flags)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_add_display(&sb, s, len, flags);
	return strbuf_detach(&sb, NULL);
}

#define CHECK(in, len, flags, want)                                   \
	do {                                                          \
		char *got_ = show((in), (len), (flags));              \
		CU_ASSERT_STRING_EQUAL(got_, (want));                 \
		if (strcmp(got_, (want)) != 0)                        \
			fprintf(stderr, "got [%s] want [%s]\n", got_, (want)); \
		free(got_);                                           \
	} while (0)
#define CHECKS(in, flags, want) CHECK((in), strlen(in), (flags), (want))

static void test_plain(void)
{
	CHECKS("public.t", 0, "public.t");
	CHECKS("0123abcdef", 0, "0123abcdef");
	/* other scripts are characters, not escapes */
	CHECKS("sch\xc3\xa9ma.\xe2\x82\xac\xf0\x9f\x98\x80", 0, "sch\xc3\xa9ma.\xe2\x82\xac\xf0\x9f\x98\x80");
	CHECKS("U+00A0:\xc2\xa0", 0, "U+00A0:\xc2\xa0");
	CU_ASSERT_TRUE(display_is_plain("a.b", 3));
	CU_ASSERT_FALSE(display_is_plain("", 0));
	CU_ASSERT_FALSE(display_is_plain("a b", 3));
	/* DISPLAY_QUOTE quotes a plain value too */
	CHECKS("public.t", DISPLAY_QUOTE, "\"public.t\"");
}

static void test_quoted(void)
{
	CHECKS("", 0, "\"\"");
	CHECKS("a b", 0, "\"a b\"");
	CHECKS("say \"hi\"", 0, "\"say \\\"hi\\\"\"");
	CHECKS("back\\slash", 0, "\"back\\\\slash\"");
	CHECKS("two\nlines", 0, "\"two\\nlines\"");
	CHECKS("cr\rtab\t", 0, "\"cr\\rtab\\t\"");
	CHECKS("\x1b[31mred\x1b[0m", 0, "\"\\x1b[31mred\\x1b[0m\"");
	CHECKS("bell\x07 del\x7f", 0, "\"bell\\x07 del\\x7f\"");
	/* C1: U+009B (8-bit CSI) and U+0085 (NEL, a newline to some terminals) */
	CHECKS("csi\xc2\x9b" "31m", 0, "\"csi\\xc2\\x9b31m\"");
	CHECKS("nel\xc2\x85", 0, "\"nel\\xc2\\x85\"");
	/* not UTF-8: a lone C1 byte, a cut character, an overlong form, a surrogate */
	CHECKS("x\x9by", 0, "\"x\\x9by\"");
	CHECKS("cut\xe2\x82", 0, "\"cut\\xe2\\x82\"");
	CHECKS("over\xc0\xaf", 0, "\"over\\xc0\\xaf\"");
	CHECKS("sur\xed\xa0\x80", 0, "\"sur\\xed\\xa0\\x80\"");
	/* a NUL byte inside the value is shown, not an end */
	CHECK("a\0b", 3, 0, "\"a\\x00b\"");
}

/* invisible characters that reorder or hide text ("Trojan source"): a value whose printed order
   is not its byte order, or that shows two different names alike, was printed as it was */
static void test_invisible_format(void)
{
	/* RLO: "admin\u202Egpj.sql" reads "adminlqs.jpg" on a terminal */
	CHECKS("admin\xe2\x80\xaegpj.sql", 0, "\"admin\\xe2\\x80\\xaegpj.sql\"");
	CHECKS("a\xe2\x80\xaa" "b\xe2\x80\xac" "c", 0, "\"a\\xe2\\x80\\xaab\\xe2\\x80\\xacc\"");  /* LRE, PDF */
	CHECKS("x\xe2\x81\xa6y\xe2\x81\xa9", 0, "\"x\\xe2\\x81\\xa6y\\xe2\\x81\\xa9\"");    /* LRI, PDI */
	CHECKS("lrm\xe2\x80\x8e" "rlm\xe2\x80\x8f", 0, "\"lrm\\xe2\\x80\\x8erlm\\xe2\\x80\\x8f\"");
	CHECKS("zw\xe2\x80\x8bsp", 0, "\"zw\\xe2\\x80\\x8bsp\"");
	CHECKS("\xef\xbb\xbf" "bom", 0, "\"\\xef\\xbb\\xbfbom\"");
	CHECKS("alm\xd8\x9c", 0, "\"alm\\xd8\\x9c\"");
	CHECKS("soft\xc2\xad", 0, "\"soft\\xc2\\xad\"");
	/* in a sentence and in a whole message too (a server message quoting the value) */
	CHECKS("Key (path)=(a\xe2\x80\xae" "b)", DISPLAY_TEXT, "Key (path)=(a\\xe2\\x80\\xaeb)");
	CHECKS("ERROR: x\nDETAIL: (\xe2\x81\xa7)", DISPLAY_LINES, "ERROR: x\n  DETAIL: (\\xe2\\x81\\xa7)");
	CU_ASSERT_FALSE(display_is_plain("a\xe2\x80\xae", 4));
	CU_ASSERT_FALSE(display_is_printable("a\xe2\x80\xae", 4));
	/* the letters of right-to-left scripts are text, kept */
	CHECKS("\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d", 0, "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d");
	CHECKS("\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85", 0, "\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85");
	/* the neighbours of the ranges are kept */
	CHECKS("\xe2\x80\x8a\xe2\x80\x90\xe2\x80\xaf\xe2\x81\xaa", 0, "\xe2\x80\x8a\xe2\x80\x90\xe2\x80\xaf\xe2\x81\xaa");
}

static void test_text_and_lines(void)
{
	/* a sentence: no quotes, '"' and '\' kept, control bytes escaped */
	CHECKS("syntax error at or near \"x\\y\"", DISPLAY_TEXT, "syntax error at or near \"x\\y\"");
	CHECKS("near \"\x1b]0;owned\x07\"\nHINT: x", DISPLAY_TEXT, "near \"\\x1b]0;owned\\x07\"\\nHINT: x");
	CHECKS("", DISPLAY_TEXT, "");
	/* a whole message: its own lines and tabs kept, the rest escaped */
	CHECKS("ERROR: x\nDETAIL:\tKey (p)=(\x1b[2J)", DISPLAY_LINES, "ERROR: x\n  DETAIL:\tKey (p)=(\\x1b[2J)");
	/* a later line is indented, whatever it says; a final newline is not followed by spaces */
	CHECKS("failed: x\nprog: error: forged\n", DISPLAY_LINES, "failed: x\n  prog: error: forged\n");
	CHECKS("a\rb\xc2\x9b", DISPLAY_LINES, "a\\rb\\xc2\\x9b");
}

static void test_ring(void)
{
	/* the printf helpers: each result stays valid for the 7 calls after it */
	const char *v[8];
	char in[8][8];
	for (int i = 0; i < 8; i++) {
		snprintf(in[i], sizeof(in[i]), "v\n%d", i);
		v[i] = dv(in[i]);
	}
	for (int i = 0; i < 8; i++) {
		char want[16];
		snprintf(want, sizeof(want), "\"v\\n%d\"", i);
		CU_ASSERT_STRING_EQUAL(v[i], want);
	}
	CU_ASSERT_STRING_EQUAL(dv("plain"), "plain");
	CU_ASSERT_STRING_EQUAL(dq("plain"), "\"plain\"");
	CU_ASSERT_STRING_EQUAL(dvn("ab\ncd", 3), "\"ab\\n\"");
	CU_ASSERT_STRING_EQUAL(dqn("ab", 2), "\"ab\"");
	CU_ASSERT_STRING_EQUAL(dt("it's \"x\"\n"), "it's \"x\"\\n");
	CU_ASSERT_STRING_EQUAL(dtn("ab\x1b", 3), "ab\\x1b");
	CU_ASSERT_STRING_EQUAL(dv(NULL), "(null)");
	/* a long value grows its buffer */
	size_t big = 100000;
	char *b = malloc(big + 1);
	memset(b, '\n', big);
	b[big] = '\0';
	const char *out = dv(b);
	CU_ASSERT_EQUAL(strlen(out), 2 * big + 2);
	free(b);
}

static void die_with_escape(const char *arg)
{
	(void)arg;
	pga_set_progname("t");
	pga_die("path %s, then \x1b[2J and %s", dv("a\nb"), "raw\x1b]0;x\x07");
}

static void test_message_backstop(void)
{
	char msg[512];
	int st = unit_in_child(die_with_escape, NULL, msg, sizeof(msg));
	CU_ASSERT_EQUAL(st, 1);
	CU_ASSERT_STRING_EQUAL(msg, "t: error: path \"a\\nb\", then \\x1b[2J and raw\\x1b]0;x\\x07\n");
	CU_ASSERT_PTR_NULL(strchr(msg, 0x1b));
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "plain values unchanged", test_plain },
		{ "quoted values: one line, no control byte, reads back", test_quoted },
		{ "invisible format characters escaped", test_invisible_format },
		{ "text and whole-message forms", test_text_and_lines },
		{ "printf helpers and their per-thread buffers", test_ring },
		{ "every message filtered: no ESC reaches stderr", test_message_backstop },
		{ NULL, NULL },
	};
	return unit_run("display", tests);
}
