/*
 * ddl_compare.c - what changed between two definitions of one object, how
 * severe it is (MAJOR/MINOR/PATCH) and which operational hazards it carries
 * (labels in the style of schema linters). Works on libpg_query parse trees,
 * never on SQL text. The rules, one line each, are in docs/classification.md;
 * keep both in step.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <stdlib.h>

#include "ddl_classify.h"
#include "hash.h"
#include "ddl_tree.h"
#include "json_arena.h"
#include "strbuf.h"
#include "strmap.h"
#include "util.h"

enum severity { SEV_PATCH = 0, SEV_MINOR = 1, SEV_MAJOR = 2 };
static const char *const severity_names[] = { "PATCH", "MINOR", "MAJOR" };

/* Hazard labels, in the (alphabetical) order they are reported. */
enum hazard {
	HZ_ACCESS_EXCLUSIVE_LOCK = 1 << 0,
	HZ_BREAKS_COMPATIBILITY = 1 << 1,
	HZ_DELETES_DATA = 1 << 2,
	HZ_DEPENDS_ON_EXISTING_DATA = 1 << 3,
	HZ_INDEX_WITHOUT_CONCURRENTLY = 1 << 4,
	HZ_SECURITY_DEFINER = 1 << 5,
	HZ_TABLE_REWRITE = 1 << 6,
};
static const char *const hazard_names[] = {
	"access_exclusive_lock", "breaks_compatibility", "deletes_data", "depends_on_existing_data",
	"index_without_concurrently", "security_definer", "table_rewrite",
};

/* The verdict being built: the worst severity seen, the union of hazards, the detail object. */
struct verdict {
	int severity;
	unsigned hazards;
	json_t *detail;
};

static void escalate(struct verdict *v, int severity, unsigned hazards)
{
	if (severity > v->severity)
		v->severity = severity;
	v->hazards |= hazards;
}

static json_t *finish(struct verdict *v, int formatting_only)
{
	json_t *hz = json_array();
	size_t i;

	for (i = 0; i < sizeof(hazard_names) / sizeof(hazard_names[0]); i++)
		if (v->hazards & (1u << i))
			json_array_append_new(hz, json_string(hazard_names[i]));
	return json_pack("{sbsssoso}", "formatting_only", formatting_only, "severity",
			 severity_names[v->severity], "hazards", hz, "detail", v->detail);
}

static json_t *unparseable(const char *which, const char *error)
{
	struct verdict v = { SEV_MAJOR, 0, json_pack("{ssss}", "unparseable", which, "error", error) };
	return finish(&v, 0);
}

/* Append a string to the array detail[key], creating it. */
static void add_item(json_t *detail, const char *key, json_t *item)
{
	json_t *arr = json_object_get(detail, key);
	if (!arr) {
		arr = json_array();
		json_object_set_new(detail, key, arr);
	}
	json_array_append_new(arr, item);
}

/* Equal subtrees (trees of ddl_parse() have no locations); two absent ones are equal. */
static int same_json(json_t *a, json_t *b)
{
	if (!a || !b)
		return !a && !b;
	return json_equal(a, b);
}

/*
 * Same type: the TypeNames (bare field objects) spelled alike by text (same_type():
 * ddl_format_type(), which writes pg_catalog.X as X and int/int4/integer alike). Two absent
 * ones are the same.
 */
static int same_type_text(json_t *a, json_t *b, char *(*text)(json_t *))
{
	char *fa, *fb;
	int same;

	if (!a || !b)
		return !a && !b;
	fa = text(a);
	fb = text(b);
	same = !strcmp(fa, fb);
	free(fa);
	free(fb);
	return same;
}

static int same_type(json_t *a, json_t *b) { return same_type_text(a, b, ddl_format_type); }

static int is_skipped(const char *key, const char *const *skip)
{
	for (; *skip; skip++)
		if (!strcmp(*skip, key))
			return 1;
	return 0;
}

/* same_json() of a and b once the keys in skip are removed from both (objects), without copying them. */
static int same_except(json_t *a, json_t *b, const char *const *skip)
{
	const char *k;
	json_t *x;

	if (!json_is_object(a) || !json_is_object(b))
		return same_json(a, b);
	json_object_foreach(a, k, x)
		if (!is_skipped(k, skip) && !same_json(x, json_object_get(b, k)))
			return 0;
	json_object_foreach(b, k, x)
		if (!is_skipped(k, skip) && !json_object_get(a, k))
			return 0;
	return 1;
}

static const char *sv(const char *s)
{
	return s ? s : "";
}

/* ---- columns and constraints of tables and composite types ------------- */

struct column {
	const char *name;
	json_t *def;        /* ColumnDef inner */
	char *type;         /* formatted type */
	json_t *type_node;
	json_t *default_expr;
	json_t *default_owned; /* default_expr when column_catalog_form() made it (owned) */
	json_t *generated;  /* CONSTR_GENERATED raw_expr */
	int not_null, identity;
	json_t *identity_con; /* CONSTR_IDENTITY inner: ALWAYS / BY DEFAULT, sequence options */
	int serial;         /* serial, bigserial...: a default from a sequence of its own */
	int position;
	const char *coll_schema, *coll_name; /* COLLATE's, NULL when the type's own (below) */
};

static int same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* A NULL constant, bare or cast to a type of pg_catalog: what such a DEFAULT becomes */
static int null_constant(json_t *expr)
{
	const char *type = NULL;
	json_t *in = ddl_node(expr, &type);
	if (in && !strcmp(type, "TypeCast") && ddl_catalog_type(json_object_get(in, "typeName")))
		in = ddl_node(json_object_get(in, "arg"), &type);
	return in && !strcmp(type, "A_Const") && json_is_true(json_object_get(in, "isnull"));
}

/* Is s an integer as int4in() and the lexer read it alike: no sign but '-', no leading
   zero, within int4 (INT_MIN left out: the lexer reads it as a float) */
static int canonical_int4(const char *s, long long *out)
{
	const char *p = s + (*s == '-');
	long long v = 0;

	if (!*p || (*p == '0' && (p[1] || p != s)) || strlen(p) > 10)
		return 0;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (*p - '0');
	}
	if (v > 2147483647LL)
		return 0;
	*out = *s == '-' ? -v : v;
	return 1;
}

/* Is s a decimal with a point ("-1.50"), which the lexer reads as a numeric constant of that text */
static int decimal_with_point(const char *s)
{
	const char *p = s + (*s == '-');
	size_t before = strspn(p, "0123456789"), after;

	if (!before || p[before] != '.')
		return 0;
	after = strspn(p + before + 1, "0123456789");
	return after && !p[before + 1 + after];
}

/* boolin()'s reading of s (parse_bool_with_len(): spaces around it, any case, a prefix of
   true / false / yes / no, of on / off from two letters, 1 / 0): 1 or 0, -1 when not a boolean */
static int bool_input(const char *s)
{
	static const struct { const char *word; size_t least; int value; } words[] = {
		{ "true", 1, 1 }, { "false", 1, 0 }, { "yes", 1, 1 }, { "no", 1, 0 }, { "on", 2, 1 }, { "off", 2, 0 },
		{ "1", 1, 1 }, { "0", 1, 0 },
	};
	size_t len, i;

	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	len = strlen(s);
	while (len && (s[len - 1] == ' ' || (s[len - 1] >= '\t' && s[len - 1] <= '\r')))
		len--;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (len >= words[i].least && len <= strlen(words[i].word) && !strncasecmp(s, words[i].word, len))
			return words[i].value;
	return -1;
}

/* The A_Const of TRUE / FALSE as the parser writes them (boolval false is left out) */
static json_t *bool_const(int value)
{
	return value ? json_pack("{s{s{sb}}}", "A_Const", "boolval", "boolval", 1) : json_pack("{s{s{}}}", "A_Const", "boolval");
}

/* isspace() of the C locale, as PostgreSQL's input functions skip it */
static int c_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/*
 * int2in() / int4in() / int8in() of PostgreSQL 15 (pg_strtoint16/32/64()): spaces
 * around it, an optional sign (+ or -), at least one digit, leading zeros allowed,
 * within [lo, hi]. 1 and *out the value, else 0 (the server refuses the string).
 */
static int integer_input(const char *s, long long lo, long long hi, long long *out)
{
	unsigned long long v = 0, limit;
	int neg = 0;

	while (c_space(*s))
		s++;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (*s < '0' || *s > '9')
		return 0;
	limit = neg ? (unsigned long long)(-(lo + 1)) + 1 : (unsigned long long)hi;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (limit - (unsigned long long)(*s - '0')) / 10)
			return 0;
		v = v * 10 + (unsigned long long)(*s - '0');
	}
	while (c_space(*s))
		s++;
	if (*s)
		return 0;
	*out = neg ? (v ? -(long long)(v - 1) - 1 : 0) : (long long)v;
	return 1;
}

/*
 * numeric_in()'s reading of s (spaces around it, a sign, digits with at most one point
 * and at least one digit, an exponent) written back as numeric_out() writes it: the
 * value with exactly dscale digits after the point, dscale the digits written after the
 * point less the exponent (at least 0), so that two strings make the same numeric Const
 * exactly when the texts are equal ('05.5' and '5.5', '1.5e0' and '1.5', '.5' and '0.5';
 * not '1.50' and '1.5'). A numeric without fraction digits gets a point at its end
 * ("5."), which keeps it apart from the integer constants of fval_const(). NULL for
 * NaN, infinities or an exponent beyond 1,000 (left as written). Caller frees.
 */
static char *numeric_input(const char *s)
{
	struct strbuf digits = STRBUF_INIT, out = STRBUF_INIT;
	long long frac = 0, exp = 0, scale;
	int neg = 0, point = 0, nonzero = 0;
	size_t i;

	while (c_space(*s))
		s++;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; (*s >= '0' && *s <= '9') || (*s == '.' && !point); s++) {
		if (*s == '.') {
			point = 1;
			continue;
		}
		strbuf_addch(&digits, *s);
		frac += point;
		nonzero |= *s != '0';
	}
	if (!digits.len || digits.len > 1000)
		goto bad;
	if (*s == 'e' || *s == 'E') {
		long long e;
		const char *start = ++s;
		if (*s == '-' || *s == '+')
			s++;
		while (*s >= '0' && *s <= '9')
			s++;
		/* the exponent's own digits, read as an integer of at most 1,000 */
		char *text = xstrndup(start, (size_t)(s - start));
		int ok = integer_input(text, -1000, 1000, &e);
		free(text);
		if (!ok)
			goto bad;
		exp = e;
	}
	while (c_space(*s))
		s++;
	if (*s)
		goto bad;
	/* the value is digits x 10^(exp - frac); scale digits after the point */
	scale = frac - exp > 0 ? frac - exp : 0;
	for (i = 0; exp - frac > 0 && i < (size_t)(exp - frac); i++)
		strbuf_addch(&digits, '0');
	if (neg && nonzero)
		strbuf_addch(&out, '-');
	/* the integer part without its leading zeros ("0" when it has no digit), then the
	   fraction, zeros in front where the exponent moved the point past the digits */
	if ((long long)digits.len <= scale) {
		strbuf_addstr(&out, "0.");
		for (i = digits.len; (long long)i < scale; i++)
			strbuf_addch(&out, '0');
		strbuf_add(&out, digits.buf, digits.len);
	} else {
		size_t int_len = digits.len - (size_t)scale, skip = 0;
		while (skip + 1 < int_len && digits.buf[skip] == '0')
			skip++;
		strbuf_add(&out, digits.buf + skip, int_len - skip);
		strbuf_addch(&out, '.');
		strbuf_add(&out, digits.buf + int_len, (size_t)scale);
	}
	strbuf_release(&digits);
	return strbuf_detach(&out, NULL);
bad:
	strbuf_release(&digits);
	strbuf_release(&out);
	return NULL;
}

/* The A_Const of an int4 as the parser writes it (a value of 0 is left out) */
static json_t *int4_const(long long v)
{
	return v ? json_pack("{s{s{sI}}}", "A_Const", "ival", "ival", (json_int_t)v) : json_pack("{s{s{}}}", "A_Const", "ival");
}

/*
 * The Const make_const() makes of a literal the lexer read as a float (fval: a number with
 * a point or an exponent, or an integer beyond int4), in one form per Const: an integer
 * that strtoi64() reads whole is an int4 when it fits (-2147483648), else an int8 (fval,
 * its decimal text); any other is a numeric (fval, numeric_input()'s text). NULL when
 * left as written. New reference.
 */
static json_t *fval_const(const char *fval)
{
	long long v;
	char *num;
	json_t *c;

	if (integer_input(fval, INT64_MIN, INT64_MAX, &v)) {
		if (v >= INT32_MIN && v <= INT32_MAX)
			return int4_const(v);
		num = xasprintf("%lld", v);
	} else if (!(num = numeric_input(fval)))
		return NULL;
	c = json_pack("{s{s{ss}}}", "A_Const", "fval", "fval", num);
	free(num);
	return c;
}

static char *typed_string_text(const char *str, const char *ctype);

/*
 * The Const a string makes through the input function of ctype (a pg_catalog type
 * without modifier), in fval_const()'s forms where a literal makes the same Const: an
 * int4 (int4in(): '05', '+5', ' 5 ' are 5), a numeric (numeric_in()), an int8 beyond
 * int4 (2147483648 is one as a literal); an int2 or an int8 within int4 (no literal makes
 * one) its decimal text as a string; a boolean boolin()'s TRUE / FALSE; the types of
 * typed_string_text() the string in its form. NULL for any other type or a string the
 * input function refuses. New reference.
 */
static json_t *string_const(const char *str, const char *ctype)
{
	long long v;
	char *num;
	json_t *c;
	int b;

	if (!strcmp(ctype, "int4") && integer_input(str, INT32_MIN, INT32_MAX, &v))
		return int4_const(v);
	if ((!strcmp(ctype, "int2") && integer_input(str, INT16_MIN, INT16_MAX, &v)) ||
	    (!strcmp(ctype, "int8") && integer_input(str, INT64_MIN, INT64_MAX, &v))) {
		num = xasprintf("%lld", v);
		c = v >= INT32_MIN && v <= INT32_MAX ? json_pack("{s{s{ss}}}", "A_Const", "sval", "sval", num)
						     : json_pack("{s{s{ss}}}", "A_Const", "fval", "fval", num);
		free(num);
		return c;
	}
	if (!strcmp(ctype, "numeric") && (num = numeric_input(str))) {
		c = json_pack("{s{s{ss}}}", "A_Const", "fval", "fval", num);
		free(num);
		return c;
	}
	if (!strcmp(ctype, "bool") && (b = bool_input(str)) >= 0)
		return bool_const(b);
	if ((num = typed_string_text(str, ctype))) {
		/* 'nan' on a float8 is 'NaN', '\x41' on a bytea 'A' (round 23) */
		c = json_pack("{s{s{ss}}}", "A_Const", "sval", "sval", num);
		free(num);
		return c;
	}
	return NULL;
}

static int is_array_type(json_t *type_name)
{
	json_t *names = json_object_get(type_name, "names");
	const char *last = sv(ddl_sval(json_array_get(names, json_array_size(names) - 1)));
	return json_array_size(json_object_get(type_name, "arrayBounds")) > 0 || last[0] == '_';
}

/* Whether ctype is one of the number types whose literals number_text() reads */
static int is_number_type(const char *ctype)
{
	return !strcmp(ctype, "int2") || !strcmp(ctype, "int4") || !strcmp(ctype, "int8") || !strcmp(ctype, "numeric");
}

/* The text of one number of type ctype (int2, int4, int8, numeric) as its output function
   writes it, NULL when ctype is none of them or its input function refuses str. */
static char *number_text(const char *str, const char *ctype)
{
	long long v;
	char *num;
	size_t n;

	if ((!strcmp(ctype, "int2") && integer_input(str, INT16_MIN, INT16_MAX, &v)) ||
	    (!strcmp(ctype, "int4") && integer_input(str, INT32_MIN, INT32_MAX, &v)) ||
	    (!strcmp(ctype, "int8") && integer_input(str, INT64_MIN, INT64_MAX, &v)))
		return xasprintf("%lld", v);
	if (strcmp(ctype, "numeric") || !(num = numeric_input(str)))
		return NULL;
	/* numeric_input()'s point after a whole number is there for fval_const() only */
	if ((n = strlen(num)) && num[n - 1] == '.')
		num[n - 1] = '\0';
	return num;
}

/*
 * One level of an array literal read as array_in() of PostgreSQL 15 reads it, at *p just
 * after its '{': elements between spaces, separated by ',', each a nested '{...}', NULL
 * (unquoted, any case) or a number, quoted ("05") or not; written to out as array_out()
 * writes them. 0 for anything else (a backslash, an empty inner level, a mix of levels
 * and elements): left as written.
 */
static int array_level(const char **p, const char *ctype, int depth, struct strbuf *out)
{
	const char *s = *p;
	int nested = -1;

	strbuf_addch(out, '{');
	while (c_space(*s))
		s++;
	if (*s == '}') {
		*p = s + 1;
		strbuf_addch(out, '}');
		return depth == 0; /* '{{}}' is refused */
	}
	for (;;) {
		while (c_space(*s))
			s++;
		if (*s == '{') {
			if (nested == 0 || depth >= 6)
				return 0;
			nested = 1;
			s++;
			if (!array_level(&s, ctype, depth + 1, out))
				return 0;
		} else {
			const char *start, *end;
			char *elem, *num;
			int quoted = *s == '"';

			if (nested == 1)
				return 0;
			nested = 0;
			start = s += quoted;
			while (*s && (quoted ? *s != '"' : (*s != ',' && *s != '}' && *s != '{')) && *s != '\\')
				s++;
			if (!*s || *s == '\\' || *s == '{')
				return 0;
			end = s;
			if (quoted)
				s++;
			else
				while (end > start && c_space(end[-1]))
					end--;
			elem = xstrndup(start, (size_t)(end - start));
			if (!quoted && !strcasecmp(elem, "NULL"))
				num = xstrdup("NULL");
			else
				num = number_text(elem, ctype);
			free(elem);
			if (!num)
				return 0;
			strbuf_addstr(out, num);
			free(num);
		}
		while (c_space(*s))
			s++;
		if (*s == '}') {
			*p = s + 1;
			strbuf_addch(out, '}');
			return 1;
		}
		if (*s != ',')
			return 0;
		strbuf_addch(out, ',');
		s++;
	}
}

/*
 * An array literal of ctype elements (int2, int4, int8, numeric) as array_out() writes
 * the value array_in() reads from it: '{05, "+5"}' and '{5,5}' are one Const
 * (pg_attrdef.adbin checked; round 21: a default changed). NULL when left as written:
 * another element type (text elements keep their spelling), dimensions written
 * ('[0:1]={1,2}'), escapes, or a string the server refuses. Caller frees.
 */
static char *array_text(const char *str, const char *ctype)
{
	struct strbuf out = STRBUF_INIT;
	const char *s = str;

	if (!is_number_type(ctype))
		return NULL;
	while (c_space(*s))
		s++;
	if (*s++ != '{' || !array_level(&s, ctype, 0, &out))
		goto bad;
	while (c_space(*s))
		s++;
	if (*s)
		goto bad;
	return strbuf_detach(&out, NULL);
bad:
	strbuf_release(&out);
	return NULL;
}

/* A copy of cast (a TypeCast's fields) whose string argument (str) reads text (taken, freed),
   or NULL when text is str already: the cast as the server stores it. */
static json_t *cast_with_text(json_t *cast, const char *str, char *text)
{
	json_t *copy;

	if (!strcmp(text, str)) {
		free(text);
		return NULL;
	}
	copy = json_deep_copy(cast);
	json_object_set_new(copy, "arg", json_pack("{s{s{ss}}}", "A_Const", "sval", "sval", text));
	free(text);
	return copy;
}

/* A string cast to an array of numbers ('{05}'::int[]) with the string in array_text()'s
   form, NULL when it is not one or already so. New reference. */
static json_t *array_cast_canonical(json_t *cast)
{
	json_t *tn = json_object_get(cast, "typeName");
	const char *type = NULL, *str, *ctype;
	json_t *arg = ddl_node(json_object_get(cast, "arg"), &type);
	char *text;

	if (!arg || strcmp(type, "A_Const") || !(str = ddl_str(json_object_get(arg, "sval"), "sval")) ||
	    ddl_bool(tn, "setof") || ddl_bool(tn, "pct_type") || !(ctype = ddl_catalog_type(tn)) ||
	    !is_array_type(tn) || !(text = array_text(str, ctype)))
		return NULL;
	return cast_with_text(cast, str, text);
}

/* ---- typed literals and expressions as the server stores them (round 23) --- */

/* float4in() / float8in() / numeric_in()'s special values: "NaN", "Infinity" or "-Infinity"
   for the spellings all three read alike (spaces around them, any case, inf or infinity with
   an optional sign), NULL otherwise. '-nan' is left: float8in() keeps the sign of that NaN
   (another Const, checked) and numeric_in() refuses it. */
static char *float_special_text(const char *s)
{
	static const struct { const char *word; const char *value; } words[] = {
		{ "nan", "NaN" }, { "inf", "Infinity" }, { "infinity", "Infinity" }, { "+inf", "Infinity" },
		{ "+infinity", "Infinity" }, { "-inf", "-Infinity" }, { "-infinity", "-Infinity" },
	};
	size_t len, i;

	while (c_space(*s))
		s++;
	len = strlen(s);
	while (len && c_space(s[len - 1]))
		len--;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (len == strlen(words[i].word) && !strncasecmp(s, words[i].word, len))
			return xstrdup(words[i].value);
	return NULL;
}

/* The bytes byteain() reads from s, in its hex form ("\x41", lower-case digits): "\x" then
   pairs of hex digits with spaces, tabs and newlines between pairs (an upper-case "\X" is
   refused), else the escape form (a backslash doubled or before three octal digits, every
   other byte itself). NULL when the server refuses s. */
static char *bytea_text(const char *s)
{
	struct strbuf out = STRBUF_INIT;

	strbuf_addstr(&out, "\\x");
	if (s[0] == '\\' && s[1] == 'x') {
		for (s += 2; *s;) {
			int hi, lo;
			if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
				s++;
				continue;
			}
			if ((hi = hex_digit_value(s[0])) < 0 || (lo = hex_digit_value(s[1])) < 0)
				goto bad;
			strbuf_addf(&out, "%02x", hi * 16 + lo);
			s += 2;
		}
		return strbuf_detach(&out, NULL);
	}
	for (; *s; s++) {
		unsigned char b = (unsigned char)*s;
		if (*s == '\\') {
			if (s[1] == '\\')
				s++;
			else if (s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
				b = (unsigned char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
				s += 3;
			} else
				goto bad;
		}
		strbuf_addf(&out, "%02x", b);
	}
	return strbuf_detach(&out, NULL);
bad:
	strbuf_release(&out);
	return NULL;
}

/* One bound of a range literal as range_parse_bound() reads it, at *p: quotes group,
   a backslash takes the next character, up to ',' ')' or ']' outside quotes. *bound the
   text (caller frees), NULL for an empty (infinite) bound. 0 when the text ends first. */
static int range_bound(const char **p, char **bound)
{
	struct strbuf b = STRBUF_INIT;
	const char *s = *p;
	int inquote = 0;

	*bound = NULL;
	if (*s == ',' || *s == ')' || *s == ']')
		return 1;
	while (inquote || !(*s == ',' || *s == ')' || *s == ']')) {
		char ch = *s++;
		if (!ch)
			goto bad;
		if (ch == '\\') {
			if (!*s)
				goto bad;
			strbuf_addch(&b, *s++);
		} else if (ch == '"') {
			if (!inquote)
				inquote = 1;
			else if (*s == '"')
				strbuf_addch(&b, *s++);
			else
				inquote = 0;
		} else
			strbuf_addch(&b, ch);
	}
	*p = s;
	*bound = strbuf_detach(&b, NULL);
	return 1;
bad:
	strbuf_release(&b);
	return 0;
}

/*
 * A range literal's parts as range_parse() reads them: 1 with *lb and *ub its bounds' texts
 * (caller frees; NULL for an infinite bound) and whether each is inclusive; 2 for "empty"
 * (nothing set); 0 when the text is no range literal (nothing to free).
 */
static int range_parts(const char *s, char **lb, char **ub, int *lo_inc, int *hi_inc)
{
	int ok;

	*lb = *ub = NULL;
	while (c_space(*s))
		s++;
	if (!strncasecmp(s, "empty", 5)) {
		for (s += 5; c_space(*s); s++)
			;
		return *s ? 0 : 2;
	}
	if (*s != '[' && *s != '(')
		return 0;
	*lo_inc = *s++ == '[';
	ok = range_bound(&s, lb) && *s++ == ',' && range_bound(&s, ub) && (*s == ']' || *s == ')');
	*hi_inc = ok && *s++ == ']';
	while (ok && c_space(*s))
		s++;
	if (ok && !*s)
		return 1;
	free(*lb);
	free(*ub);
	*lb = *ub = NULL;
	return 0;
}

/* An int4range or int8range literal as range_in() stores it: the bounds through int4in() /
   int8in(), then int4range_canonical()'s form, [lower, upper) ('[1,4]', '(0,5)', '(0,4]' are
   '[1,5)'), an infinite bound exclusive ('[,5)' is '(,5)'), 'empty' for an empty range
   ('[5,5)', '(1,2)'). NULL when the server refuses it (a bound out of range, also after + 1,
   lower above upper). Continuous ranges (numrange...) have no canonical function: left. */
static char *int_range_text(const char *s, const char *ctype)
{
	long long lo = 0, hi = 0, min = !strcmp(ctype, "int4range") ? INT32_MIN : INT64_MIN;
	long long max = !strcmp(ctype, "int4range") ? INT32_MAX : INT64_MAX;
	int lo_inc = 0, hi_inc = 0, lo_inf, hi_inf, ok;
	char *lb, *ub;
	int parts = range_parts(s, &lb, &ub, &lo_inc, &hi_inc);

	if (parts != 1)
		return parts ? xstrdup("empty") : NULL;
	ok = (!lb || integer_input(lb, min, max, &lo)) && (!ub || integer_input(ub, min, max, &hi));
	lo_inf = !lb;
	hi_inf = !ub;
	free(lb);
	free(ub);
	if (!ok || (!lo_inf && !hi_inf && lo > hi))
		return NULL;
	if (!lo_inf && !hi_inf && lo == hi && !(lo_inc && hi_inc))
		return xstrdup("empty");
	/* int4range_canonical(): its + 1 fails beyond the type's range */
	if (!lo_inf && !lo_inc) {
		if (lo == max)
			return NULL;
		lo++;
	}
	if (!hi_inf && hi_inc) {
		if (hi == max)
			return NULL;
		hi++;
	}
	if (!lo_inf && !hi_inf && lo >= hi)
		return xstrdup("empty");
	struct strbuf out = STRBUF_INIT;
	strbuf_addch(&out, lo_inf ? '(' : '[');
	if (!lo_inf)
		strbuf_addf(&out, "%lld", lo);
	strbuf_addch(&out, ',');
	if (!hi_inf)
		strbuf_addf(&out, "%lld", hi);
	strbuf_addch(&out, ')');
	return strbuf_detach(&out, NULL);
}

/* A string as escape_json() writes it in jsonb_out()'s text */
static void jsonb_string(struct strbuf *out, const char *s, size_t len)
{
	size_t i;

	strbuf_addch(out, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': strbuf_addstr(out, "\\\""); break;
		case '\\': strbuf_addstr(out, "\\\\"); break;
		case '\b': strbuf_addstr(out, "\\b"); break;
		case '\f': strbuf_addstr(out, "\\f"); break;
		case '\n': strbuf_addstr(out, "\\n"); break;
		case '\r': strbuf_addstr(out, "\\r"); break;
		case '\t': strbuf_addstr(out, "\\t"); break;
		default:
			if (c < ' ')
				strbuf_addf(out, "\\u%04x", c);
			else
				strbuf_addch(out, (char)c);
		}
	}
	strbuf_addch(out, '"');
}

/* jsonb's order of an object's keys: shorter first, then bytewise (lengthCompareJsonbStringValue()) */
static int jsonb_key_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	size_t lx = strlen(x), ly = strlen(y);
	return lx != ly ? (lx < ly ? -1 : 1) : memcmp(x, y, lx);
}

/* A value read by jansson in jsonb_out()'s text; 0 for a number with a fraction or an
   exponent (jansson reads it as a double, which has lost the numeric's scale: 1.0 and 1
   are two jsonb values, checked) */
static int jsonb_value(struct strbuf *out, json_t *v)
{
	const char *key;
	json_t *x;
	size_t i, n;

	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		const char **keys;
		int ok = 1;
		n = json_object_size(v);
		if (!n) {
			strbuf_addstr(out, "{}");
			return 1;
		}
		keys = xcalloc(n, sizeof(*keys));
		i = 0;
		json_object_foreach(v, key, x)
			keys[i++] = key;
		qsort(keys, n, sizeof(*keys), jsonb_key_cmp);
		strbuf_addch(out, '{');
		for (i = 0; ok && i < n; i++) {
			if (i)
				strbuf_addstr(out, ", ");
			jsonb_string(out, keys[i], strlen(keys[i]));
			strbuf_addstr(out, ": ");
			ok = jsonb_value(out, json_object_get(v, keys[i]));
		}
		strbuf_addch(out, '}');
		free(keys);
		return ok;
	}
	case JSON_ARRAY:
		strbuf_addch(out, '[');
		json_array_foreach(v, i, x) {
			if (i)
				strbuf_addstr(out, ", ");
			if (!jsonb_value(out, x))
				return 0;
		}
		strbuf_addch(out, ']');
		return 1;
	case JSON_STRING:
		jsonb_string(out, json_string_value(v), json_string_length(v));
		return 1;
	case JSON_INTEGER:
		strbuf_addf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return 1;
	case JSON_TRUE:
		strbuf_addstr(out, "true");
		return 1;
	case JSON_FALSE:
		strbuf_addstr(out, "false");
		return 1;
	case JSON_NULL:
		strbuf_addstr(out, "null");
		return 1;
	default:
		return 0;
	}
}

/* A jsonb literal in jsonb_out()'s text: jsonb keeps the value, not the text (keys sorted,
   the last of duplicate keys, spaces and \u escapes gone; checked); read with jansson.
   NULL when jansson refuses it (\u0000, which jsonb refuses too, an integer beyond 64
   bits, deeper than jansson reads) or it holds a number with a fraction or an exponent:
   left as written. json keeps its text: never read so. */
static char *jsonb_text(const char *s)
{
	json_t *v = json_loads(s, JSON_DECODE_ANY, NULL);
	struct strbuf out = STRBUF_INIT;
	int ok = v && jsonb_value(&out, v);

	json_decref(v);
	if (!ok) {
		strbuf_release(&out);
		return NULL;
	}
	return strbuf_detach(&out, NULL);
}

static int all_digits(const char *s, size_t len)
{
	size_t i;
	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return len > 0;
}

/* A date in the forms date_in() reads alike under every DateStyle (checked with MDY, DMY
   and YMD): a year of four digits first, then month and day ('2020-1-2', '2020/01/02',
   '2020.1.2': a first field of three digits or more is the year, whatever the order), or
   an English month name, the day and a year of four digits ('Jan 2 2020', 'January 02
   2020'), as ISO writes it ('2020-01-02'). NULL for any other form ('1/2/2020' is January
   under MDY, February under DMY; 'Jan 2 20' is 2002-01-20 under YMD) or a day the month
   does not have. */
static char *date_text(const char *s)
{
	static const char *const months[] = { "january", "february", "march", "april", "may", "june", "july",
					      "august", "september", "october", "november", "december" };
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = 0, m = 0, d = 0, i;
	size_t n1, n2, n3;

	n1 = strspn(s, "0123456789");
	if (n1 == 4 && (s[4] == '-' || s[4] == '/' || s[4] == '.')) {
		char sep = s[4];
		const char *p = s + 5;
		n2 = strspn(p, "0123456789");
		if (n2 < 1 || n2 > 2 || p[n2] != sep)
			return NULL;
		n3 = strspn(p + n2 + 1, "0123456789");
		if (n3 < 1 || n3 > 2 || p[n2 + 1 + n3])
			return NULL;
		y = atoi(s);
		m = atoi(p);
		d = atoi(p + n2 + 1);
	} else if (!n1) {
		const char *p;
		n1 = strcspn(s, " ");
		for (i = 0; i < 12 && !m; i++)
			if ((n1 == 3 && !strncasecmp(s, months[i], 3)) ||
			    (n1 == strlen(months[i]) && !strncasecmp(s, months[i], n1)) ||
			    (i == 8 && n1 == 4 && !strncasecmp(s, "sept", 4)))
				m = i + 1;
		if (!m || s[n1] != ' ')
			return NULL;
		p = s + n1 + strspn(s + n1, " ");
		n2 = strspn(p, "0123456789");
		if (n2 < 1 || n2 > 2 || p[n2] != ' ')
			return NULL;
		d = atoi(p);
		p += n2 + strspn(p + n2, " ");
		if (!all_digits(p, strlen(p)) || strlen(p) != 4)
			return NULL;
		y = atoi(p);
	} else
		return NULL;
	if (y < 1 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1] + (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return NULL;
	return xasprintf("%04d-%02d-%02d", y, m, d);
}

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms) */
static long days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static char *civil_text(long z)
{
	long era, doe, yoe, y, doy, mp, d, m;
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	return xasprintf("%04ld-%02ld-%02ld", y + (m <= 2), m, d);
}

/* A date_text() date as its day number; 0 when date_text() leaves it (spaces around it
   are date_in()'s to skip, as a range bound may have them) */
static int date_days(const char *s, long *days)
{
	size_t len;
	char *t, *iso;
	while (c_space(*s))
		s++;
	len = strlen(s);
	while (len && c_space(s[len - 1]))
		len--;
	t = xstrndup(s, len);
	iso = date_text(t);
	free(t);
	if (!iso)
		return 0;
	*days = days_from_civil(atoi(iso), atoi(iso + 5), atoi(iso + 8));
	free(iso);
	return 1;
}

/*
 * A daterange literal as range_in() stores it, in daterange_canonical()'s form [lower,
 * upper) ('[2020-01-01,2020-01-31]' and '(2019-12-31,2020-02-01)' are '[2020-01-01,
 * 2020-02-01)', checked on pg_rewrite), each bound a date of date_text()'s forms, an
 * infinite bound exclusive, 'empty' for an empty range. NULL for any other bound
 * ('infinity', a form DateStyle reads otherwise) or one the server refuses.
 */
static char *date_range_text(const char *s)
{
	long lo = 0, hi = 0;
	int lo_inc = 0, hi_inc = 0, ok;
	char *lb, *ub;
	int parts = range_parts(s, &lb, &ub, &lo_inc, &hi_inc);

	if (parts != 1)
		return parts ? xstrdup("empty") : NULL;
	ok = (!lb || date_days(lb, &lo)) && (!ub || date_days(ub, &hi));
	int lo_inf = !lb, hi_inf = !ub;
	free(lb);
	free(ub);
	if (!ok || (!lo_inf && !hi_inf && lo > hi))
		return NULL;
	if (!lo_inf && !lo_inc)
		lo++;
	if (!hi_inf && hi_inc)
		hi++;
	if (!lo_inf && !hi_inf && lo >= hi)
		return xstrdup("empty");
	struct strbuf out = STRBUF_INIT;
	strbuf_addch(&out, lo_inf ? '(' : '[');
	if (!lo_inf) {
		char *d = civil_text(lo);
		strbuf_addstr(&out, d);
		free(d);
	}
	strbuf_addch(&out, ',');
	if (!hi_inf) {
		char *d = civil_text(hi);
		strbuf_addstr(&out, d);
		free(d);
	}
	strbuf_addch(&out, ')');
	return strbuf_detach(&out, NULL);
}

/*
 * A timestamp (without time zone) in the ISO forms every DateStyle reads alike: a date
 * 'YYYY-M-D', then nothing (midnight) or a space or 'T' and 'H:M', 'H:M:S' or 'H:M:S.f'
 * (up to 6 digits: more are rounded), as 'YYYY-MM-DD HH:MM:SS[.f]' without trailing zeros
 * ('2020-01-02T03:04:05', '2020-1-2 3:4:5', '2020-01-02 03:04:05.000' are one value,
 * checked on pg_rewrite). NULL for another form: a zone (timestamp ignores it; left all
 * the same), a month name, '24:00', a leap second.
 */
static char *timestamp_text(const char *s)
{
	size_t n = strspn(s, "0123456789"), at;
	int h = 0, mi = 0, sec = 0;
	char frac[8] = "";
	char *date, *iso, *out;

	if (n != 4 || s[4] != '-')
		return NULL;
	at = 5 + strspn(s + 5, "0123456789-");
	date = xstrndup(s, at);
	iso = date_text(date);
	free(date);
	if (!iso)
		return NULL;
	s += at;
	if (*s == ' ' || *s == 'T') {
		const char *p = s + 1;
		size_t a = strspn(p, "0123456789"), b, c = 0, f = 0;
		if (a < 1 || a > 2 || p[a] != ':')
			goto bad;
		b = strspn(p + a + 1, "0123456789");
		if (b < 1 || b > 2)
			goto bad;
		h = atoi(p);
		mi = atoi(p + a + 1);
		p += a + 1 + b;
		if (*p == ':') {
			c = strspn(p + 1, "0123456789");
			if (c < 1 || c > 2)
				goto bad;
			sec = atoi(p + 1);
			p += 1 + c;
			if (*p == '.') {
				f = strspn(p + 1, "0123456789");
				if (f < 1 || f > 6)
					goto bad;
				memcpy(frac, p, f + 1);
				frac[f + 1] = 0;
				p += 1 + f;
				while (f && frac[f] == '0')
					frac[f--] = 0;
				if (!f)
					frac[0] = 0;
			}
		}
		if (*p || h > 23 || mi > 59 || sec > 59)
			goto bad;
	} else if (*s)
		goto bad;
	out = xasprintf("%s %02d:%02d:%02d%s", iso, h, mi, sec, frac);
	free(iso);
	return out;
bad:
	free(iso);
	return NULL;
}

/* A finite float4 / float8 in one text per value: float4in() / float8in() read it with
   strtof() / strtod(), and the Const is the binary value ('1.5', '1.50', '15e-1' are one
   Const; checked on pg_rewrite), written with the fewest digits that read back to it. Only
   a plain decimal (sign, digits, point, exponent, spaces around); NULL for another form or
   a value out of range (refused by the server). */
static char *float_value_text(const char *s, int single)
{
	const char *p;
	size_t len;
	char *t, *end;
	int prec;

	while (c_space(*s))
		s++;
	len = strlen(s);
	while (len && c_space(s[len - 1]))
		len--;
	t = xstrndup(s, len);
	p = t + (*t == '+' || *t == '-');
	if (!((p[0] >= '0' && p[0] <= '9') || (p[0] == '.' && p[1] >= '0' && p[1] <= '9')) ||
	    strspn(p, "0123456789.eE+-") != strlen(p) || strchr(p, '.') != strrchr(p, '.')) {
		free(t);
		return NULL;
	}
	errno = 0;
	/* a float widens to a double exactly: one comparison serves both */
	double v = single ? (double)strtof(t, &end) : strtod(t, &end);
	int digits = single ? 9 : 17;
	if (*end || errno == ERANGE) {
		free(t);
		return NULL;
	}
	free(t);
	for (prec = 1; prec < digits; prec++) {
		char *x = xasprintf("%.*g", prec, v);
		double back = single ? (double)strtof(x, NULL) : strtod(x, NULL);
		if (back == v && signbit(back) == signbit(v))
			return x;
		free(x);
	}
	return xasprintf("%.*g", digits, v);
}

/*
 * A string's text in one form per value of the pg_catalog type ctype, for the types whose
 * input function reads several spellings as one value and whose Const is that value:
 * float4 / float8 / numeric special values, float4 / float8 finite values, bytea,
 * int4range / int8range / daterange, jsonb, date, timestamp.
 * NULL for another type or a string left as written. Caller frees.
 */
static char *typed_string_text(const char *str, const char *ctype)
{
	char *t;
	if (!strcmp(ctype, "float4") || !strcmp(ctype, "float8")) {
		if ((t = float_special_text(str)))
			return t;
		return float_value_text(str, !strcmp(ctype, "float4"));
	}
	if (!strcmp(ctype, "numeric"))
		return float_special_text(str);
	if (!strcmp(ctype, "daterange"))
		return date_range_text(str);
	if (!strcmp(ctype, "timestamp"))
		return timestamp_text(str);
	if (!strcmp(ctype, "bytea"))
		return bytea_text(str);
	if (!strcmp(ctype, "int4range") || !strcmp(ctype, "int8range"))
		return int_range_text(str, ctype);
	if (!strcmp(ctype, "jsonb"))
		return jsonb_text(str);
	if (!strcmp(ctype, "date"))
		return date_text(str);
	return NULL;
}

/* Is type name tn spelt pg_catalog.ctype, the grammar's form of double precision, integer...? */
static int catalog_spelling(json_t *tn, const char *ctype)
{
	json_t *names = json_object_get(tn, "names");
	return json_array_size(names) == 2 && !strcmp(sv(ddl_sval(json_array_get(names, 0))), "pg_catalog") &&
	       !strcmp(sv(ddl_sval(json_array_get(names, 1))), ctype);
}

/*
 * A string cast to a pg_catalog scalar type without modifier, as the Const the cast makes
 * of it (coerce_type() runs the input function at parse time): 'no'::boolean is the
 * FALSE of the literal false, 'nan'::float8 is 'NaN'::float8, '{"b": 2, "a": 1}'::jsonb
 * is '{"a": 1, "b": 2}'::jsonb (typed_string_text()). The node that takes its place (new),
 * NULL when it is left as it is.
 */
static json_t *scalar_cast_canonical(json_t *cast)
{
	json_t *tn = json_object_get(cast, "typeName"), *copy;
	const char *type = NULL, *str, *ctype;
	json_t *arg = ddl_node(json_object_get(cast, "arg"), &type);
	char *text;
	int b;

	if (!arg || strcmp(type, "A_Const") || !(str = ddl_str(json_object_get(arg, "sval"), "sval")) ||
	    json_array_size(json_object_get(tn, "typmods")) || ddl_bool(tn, "setof") || ddl_bool(tn, "pct_type") ||
	    is_array_type(tn) || !(ctype = ddl_catalog_type(tn)))
		return NULL;
	if (!strcmp(ctype, "bool"))
		return (b = bool_input(str)) >= 0 ? bool_const(b) : NULL;
	copy = (text = typed_string_text(str, ctype)) ? cast_with_text(cast, str, text) : NULL;
	if (!catalog_spelling(tn, ctype)) {
		/* float8 / double precision / pg_catalog.float8: one type, one Const (round 24) */
		if (!copy)
			copy = json_deep_copy(cast);
		json_t *names = json_pack("[{s{ss}}{s{ss}}]", "String", "sval", "pg_catalog", "String", "sval", ctype);
		json_object_set_new(json_object_get(copy, "typeName"), "names", names);
	}
	return copy ? json_pack("{so}", "TypeCast", copy) : NULL;
}

/* A string where the parser wants a boolean (coerce_to_boolean() of an unknown literal:
   boolin()'s Const): the TRUE / FALSE it reads, else NULL. New reference. */
static json_t *bool_context_const(json_t *expr)
{
	const char *type = NULL, *str;
	json_t *in = ddl_node(expr, &type);
	int b;

	if (!in || strcmp(type, "A_Const") || !(str = ddl_str(json_object_get(in, "sval"), "sval")) ||
	    (b = bool_input(str)) < 0)
		return NULL;
	return bool_const(b);
}

/* value at key in *copy, a shallow copy of orig made at the first change */
static void fields_set(json_t **copy, json_t *orig, const char *key, json_t *value)
{
	if (!*copy)
		*copy = json_copy(orig);
	if (value)
		json_object_set_new(*copy, key, value);
	else
		json_object_del(*copy, key);
}

/* arr with each element that each() rewrites (a new reference, or NULL: kept) replaced: a
   new array sharing the others, or NULL when each() rewrote none */
static json_t *array_rewritten(json_t *arr, json_t *(*each)(json_t *))
{
	json_t *copy = NULL, *e, *q;
	size_t i;

	json_array_foreach(arr, i, e)
		if ((q = each(e))) {
			if (!copy)
				copy = json_copy(arr);
			json_array_set_new(copy, i, q);
		}
	return copy;
}

/* Strings in the boolean places of a list (BoolExpr's args), or NULL */
static json_t *bool_args(json_t *args)
{
	return array_rewritten(args, bool_context_const);
}

/* A SortBy in one form per sort the parser makes of it (addTargetToSortList(): an ordering
   operator and nulls_first): ASC is the default, NULLS LAST after ASC and NULLS FIRST after
   DESC are the defaults, USING < / > (bare or pg_catalog's) are ASC / DESC, whose
   operators they are for every type of pg_catalog (the sort operator of its default btree
   class; checked for integer, numeric, text, varchar, date, arrays; pg_rewrite equal).
   The fields to change into *copy. */
static void sortby_as_stored(json_t *f, json_t **copy)
{
	const char *dir = sv(ddl_str(f, "sortby_dir")), *nulls = sv(ddl_str(f, "sortby_nulls"));
	json_t *op = json_object_get(f, "useOp");
	int desc;

	if (!strcmp(dir, "SORTBY_USING")) {
		size_t n = json_array_size(op);
		const char *name = n ? sv(ddl_sval(json_array_get(op, n - 1))) : "";
		if (n < 1 || n > 2 || (n == 2 && strcmp(sv(ddl_sval(json_array_get(op, 0))), "pg_catalog")) ||
		    (strcmp(name, "<") && strcmp(name, ">")))
			return;
		desc = !strcmp(name, ">");
	} else
		desc = !strcmp(dir, "SORTBY_DESC");
	if (!strcmp(nulls, desc ? "SORTBY_NULLS_FIRST" : "SORTBY_NULLS_LAST"))
		nulls = "SORTBY_NULLS_DEFAULT";
	if (strcmp(dir, desc ? "SORTBY_DESC" : "SORTBY_DEFAULT"))
		fields_set(copy, f, "sortby_dir", json_string(desc ? "SORTBY_DESC" : "SORTBY_DEFAULT"));
	if (op)
		fields_set(copy, f, "useOp", NULL);
	if (strcmp(nulls, sv(ddl_str(f, "sortby_nulls"))))
		fields_set(copy, f, "sortby_nulls", json_string(nulls));
}

static int rolespec_cmp(const void *a, const void *b)
{
	json_t *x = ddl_node(*(json_t *const *)a, NULL), *y = ddl_node(*(json_t *const *)b, NULL);
	int c = strcmp(sv(ddl_str(x, "roletype")), sv(ddl_str(y, "roletype")));
	return c ? c : strcmp(sv(ddl_str(x, "rolename")), sv(ddl_str(y, "rolename")));
}

/* A policy's roles as a set (pg_policy.polroles keeps the order written, but the policy
   applies to each role alike and pg_dump lists them in pg_authid's order: checked), PUBLIC
   alone when named (policy_role_list_to_array() ignores the others, with a warning). NULL
   when already so. */
static json_t *policy_roles(json_t *roles)
{
	size_t n = json_array_size(roles), i;
	json_t **v, *out, *e;

	json_array_foreach(roles, i, e)
		if (!strcmp(sv(ddl_str(ddl_node(e, NULL), "roletype")), "ROLESPEC_PUBLIC"))
			return n == 1 ? NULL : json_pack("[O]", e);
	if (n < 2)
		return NULL;
	v = xcalloc(n, sizeof(*v));
	json_array_foreach(roles, i, e)
		v[i] = e;
	qsort(v, n, sizeof(*v), rolespec_cmp);
	out = json_array();
	for (i = 0; i < n; i++)
		if (!i || rolespec_cmp(&v[i - 1], &v[i]))
			json_array_append(out, v[i]);
	free(v);
	if (json_equal(out, roles)) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/*
 * The fields f of a node of type in the form the server stores for them (transformExpr()
 * and the DDL commands), a shallow copy, NULL when they are so already (checked on the
 * server: pg_rewrite.ev_action, pg_policy, pg_constraint.conbin equal, locations aside):
 * a string in a boolean place (WHERE, HAVING, JOIN ON, FILTER, a policy's USING / WITH
 * CHECK, a trigger's WHEN, a CHECK, AND / OR / NOT, CASE WHEN without a CASE operand) is
 * the TRUE / FALSE boolin() reads; CASE's ELSE NULL is no ELSE (transformCaseExpr() adds
 * the NULL); a sort as sortby_as_stored(); OPERATOR(pg_catalog.op) is op (pg_catalog is
 * searched first, as for its types); a policy's roles as policy_roles(); COMMENT ... IS ''
 * is IS NULL (CreateComments() deletes the comment for both).
 */
static json_t *node_as_stored(const char *type, json_t *f)
{
	static const char *const bool_keys[] = { "whereClause", "havingClause", "quals", "qual", "with_check",
						 "whenClause", "agg_filter", NULL };
	const char *const *k, *key;
	json_t *copy = NULL, *v, *q;
	size_t i;

	if (!json_is_object(f))
		return NULL;
	/* f's few members against the list, not a lookup of each key: every node of a
	   compared tree comes here (the copy's members keep their order either way) */
	json_object_foreach(f, key, v)
		for (k = bool_keys; *k; k++)
			if (**k == *key && !strcmp(*k, key) && (q = bool_context_const(v)))
				fields_set(&copy, f, *k, q);
	if (!strcmp(type, "BoolExpr") && (q = bool_args(json_object_get(f, "args"))))
		fields_set(&copy, f, "args", q);
	else if (!strcmp(type, "Constraint") && !strcmp(sv(ddl_str(f, "contype")), "CONSTR_CHECK") &&
		 (q = bool_context_const(json_object_get(f, "raw_expr"))))
		fields_set(&copy, f, "raw_expr", q);
	else if (!strcmp(type, "CaseExpr")) {
		json_t *args = json_object_get(f, "args"), *w, *out = NULL;
		if (!json_object_get(f, "arg"))
			json_array_foreach(args, i, w) {
				json_t *when = json_object_get(w, "CaseWhen"), *wc;
				if (!(q = bool_context_const(json_object_get(when, "expr"))))
					continue;
				if (!out)
					out = json_copy(args);
				wc = json_copy(when);
				json_object_set_new(wc, "expr", q);
				json_array_set_new(out, i, json_pack("{so}", "CaseWhen", wc));
			}
		if (out)
			fields_set(&copy, f, "args", out);
		if ((v = json_object_get(f, "defresult")) && (v = json_object_get(v, "A_Const")) &&
		    json_object_size(v) == 1 && json_is_true(json_object_get(v, "isnull")))
			fields_set(&copy, f, "defresult", NULL);
	} else if (!strcmp(type, "SortBy"))
		sortby_as_stored(f, &copy);
	else if (!strcmp(type, "A_Expr")) {
		const char *kind = sv(ddl_str(f, "kind"));
		json_t *name = json_object_get(f, "name");
		if ((!strcmp(kind, "AEXPR_OP") || !strcmp(kind, "AEXPR_OP_ANY") || !strcmp(kind, "AEXPR_OP_ALL")) &&
		    json_array_size(name) == 2 && !strcmp(sv(ddl_sval(json_array_get(name, 0))), "pg_catalog"))
			fields_set(&copy, f, "name", json_pack("[O]", json_array_get(name, 1)));
	} else if ((!strcmp(type, "CreatePolicyStmt") || !strcmp(type, "AlterPolicyStmt")) &&
		   (q = policy_roles(json_object_get(f, "roles"))))
		fields_set(&copy, f, "roles", q);
	else if (!strcmp(type, "CommentStmt") && (v = json_object_get(f, "comment")) && json_is_string(v) &&
		 !*json_string_value(v))
		fields_set(&copy, f, "comment", NULL);
	return copy;
}

/*
 * tree with every float literal (A_Const fval) in fval_const()'s form: a new tree sharing
 * the unchanged subtrees, or NULL when there is none to change (parsed trees are never
 * modified). The server stores the Const, so .5 and 0.5, 1.5e0 and 1.5, 1e3 and 1000.
 * are one value (pg_attrdef.adbin, pg_constraint.conbin, pg_rewrite checked; round 20:
 * they were a default, a constraint, a query changed). Not in a SET (a function's SET
 * option): the server keeps the value's text there. Trigger arguments are strings to
 * the grammar already.
 */
static json_t *literals_canonical(json_t *tree)
{
	json_t *v, *q, *copy = NULL, *c;
	const char *key, *fval;
	size_t i;

	if (json_is_array(tree)) {
		json_array_foreach(tree, i, v)
			if ((q = literals_canonical(v))) {
				if (!copy)
					copy = json_copy(tree);
				json_array_set_new(copy, i, q);
			}
		return copy;
	}
	if (!json_is_object(tree))
		return NULL;
	/* a node {"Type": fields}: its type read once, not looked up as each type below */
	const char *only = "";
	json_t *only_v = NULL;
	if (json_object_size(tree) == 1) {
		/* the node itself as stored (node_as_stored() leaves its own result as it is) */
		void *it = json_object_iter(tree);
		only = json_object_iter_key(it);
		only_v = json_object_iter_value(it);
		json_t *f = node_as_stored(json_object_iter_key(it), json_object_iter_value(it));
		if (f) {
			json_t *node = json_pack("{so}", json_object_iter_key(it), f);
			if ((q = literals_canonical(node))) {
				json_decref(node);
				return q;
			}
			return node;
		}
	}
#define only_node(type) (!strcmp(only, type) ? only_v : NULL)
	if ((c = only_node("TypeCast")) && (q = array_cast_canonical(c)))
		return json_pack("{so}", "TypeCast", q);
	if ((c = only_node("TypeCast")) && (q = scalar_cast_canonical(c)))
		return q;
	if ((c = only_node("A_Expr")) &&
	    (!strcmp(sv(ddl_str(c, "kind")), "AEXPR_LIKE") || !strcmp(sv(ddl_str(c, "kind")), "AEXPR_ILIKE") ||
	     !strcmp(sv(ddl_str(c, "kind")), "AEXPR_SIMILAR"))) {
		/* LIKE / ILIKE / SIMILAR TO are the operators ~~ / ~~* / ~ their name says (SIMILAR's
		   pattern already pg_catalog.similar_to_escape(), LIKE's ESCAPE pg_catalog.like_escape()):
		   transformAExprOp() takes them as written so (round 22; only a CHECK's were read so) */
		json_t *op = json_copy(c);
		json_object_set_new(op, "kind", json_string("AEXPR_OP"));
		if ((q = literals_canonical(op))) {
			json_decref(op);
			op = q;
		}
		return json_pack("{so}", "A_Expr", op);
	}
	if ((c = only_node("A_Const")) && (fval = ddl_str(json_object_get(c, "fval"), "fval"))) {
		json_t *lit = fval_const(fval);
		if (lit && json_equal(lit, tree)) {
			json_decref(lit);
			return NULL;
		}
		return lit;
	}
	json_object_foreach(tree, key, v)
		/* a SET's value is stored as its text (proconfig "random_page_cost=.5",
		   flatten_set_variable_args()), not as a Const: .5 and 0.5 are two settings */
		if ((json_is_object(v) || json_is_array(v)) && strcmp(key, "VariableSetStmt") &&
		    (q = literals_canonical(v))) {
			if (!copy)
				copy = json_copy(tree);
			json_object_set_new(copy, key, q);
		}
	return copy;
#undef only_node
}

/* *def, or in its place its literals_canonical() form when that differs. */
static void literals_copy(json_t **def)
{
	json_t *c;
	if (!*def || !(c = literals_canonical(*def)))
		return;
	json_decref(*def);
	*def = c;
}

/* The defining statement's fields *def (of a statement of type) in literals_canonical()'s
   form, the statement's own node_as_stored() included (a policy's roles, a COMMENT's ''). */
static void definition_as_stored(json_t **def, const char *type)
{
	json_t *f = *def ? node_as_stored(type, *def) : NULL;
	if (f) {
		json_decref(*def);
		*def = f;
	}
	literals_copy(def);
}

/*
 * A DEFAULT of a column of type T (a pg_catalog type, not a domain) as the literal the
 * catalog holds it for: NULL when it is not written differently. A string constant cast
 * to T without a type modifier ('a'::text, '{}'::jsonb, 'a'::character varying on a
 * varchar(5)) is the bare string: the unknown literal goes through T's input function
 * either way, then the same length coercion. '-1'::integer is the integer -1 and
 * '-1.5'::numeric the numeric -1.5, whatever the column: both are the Const the
 * literal makes (pg_get_expr() writes negative constants so, pg_dump with it). All
 * checked on the server: pg_attrdef.adbin equal, locations aside.
 */
static json_t *default_as_literal(json_t *expr, json_t *column_type)
{
	const char *type = NULL;
	json_t *cast = ddl_node(expr, &type), *arg, *tn, *lit;
	const char *str, *cast_type, *col_type = column_type ? ddl_catalog_type(column_type) : NULL;
	char *text;

	/* A bare string on a column of type T without modifier goes through T's input function
	   to the Const the literal of T makes: '5' is 5 on an integer, '1.5' is 1.5 on a numeric,
	   'f' / 'no' / 'false' are FALSE on a boolean (round 19; they were a default changed).
	   On a numeric(p,s) too: the string is read without the modifier (coerce_type() passes
	   it to interval's input only), both then get the same length coercion. Not '5' on a
	   bigint: 5 is an int4 cast to bigint there. Checked on pg_attrdef.adbin. */
	if (cast && !strcmp(type, "A_Const") && col_type && !is_array_type(column_type) &&
	    (str = ddl_str(json_object_get(cast, "sval"), "sval")))
		return string_const(str, col_type);
	/* '{05}' on an integer[] column is '{5}' (array_in() reads it as the cast does) */
	if (cast && !strcmp(type, "A_Const") && col_type && (str = ddl_str(json_object_get(cast, "sval"), "sval")) &&
	    (text = array_text(str, col_type))) {
		lit = json_pack("{s{s{ss}}}", "A_Const", "sval", "sval", text);
		free(text);
		return lit;
	}
	if (!cast || strcmp(type, "TypeCast"))
		return NULL;
	arg = ddl_node(json_object_get(cast, "arg"), &type);
	tn = json_object_get(cast, "typeName");
	if (!arg || strcmp(type, "A_Const") || !(str = ddl_str(json_object_get(arg, "sval"), "sval")) ||
	    json_array_size(json_object_get(tn, "typmods")) || ddl_bool(tn, "setof") || ddl_bool(tn, "pct_type") ||
	    !(cast_type = ddl_catalog_type(tn)))
		return NULL;
	/* '05'::integer is the Const 5 makes, '1.5'::numeric 1.5's, 'f'::boolean FALSE's, whatever
	   the column; '5'::bigint the Const a bare '5' makes on a bigint column only (on another
	   column a bare '5' is read as that column's type) */
	if (!is_array_type(tn) && (lit = string_const(str, cast_type))) {
		if (!json_object_get(ddl_node(lit, NULL), "sval") || (col_type && !strcmp(col_type, cast_type) &&
								       !is_array_type(column_type)))
			return lit;
		json_decref(lit);
		return NULL;
	}
	if (col_type && !strcmp(col_type, cast_type) && is_array_type(tn) == is_array_type(column_type))
		return json_pack("{s{s{ss}}}", "A_Const", "sval", "sval", str);
	return NULL;
}

/*
 * Same default of a column, domain or parameter of type ta / tb (TypeNames, NULL when
 * unknown): as default_as_literal() reads them. The default is coerced to the type the
 * same way in all three (cookDefault()), so the same spellings store the same tree
 * (pg_attrdef.adbin, pg_type.typdefaultbin, pg_proc.proargdefaults: checked).
 */
static int same_default(json_t *a, json_t *b, json_t *ta, json_t *tb)
{
	json_t *la, *lb;
	int same;

	if (!a || !b)
		return !a && !b;
	la = default_as_literal(a, ta && ddl_catalog_type(ta) ? ta : NULL);
	lb = default_as_literal(b, tb && ddl_catalog_type(tb) ? tb : NULL);
	same = json_equal(la ? la : a, lb ? lb : b);
	json_decref(la);
	json_decref(lb);
	return same;
}

/*
 * What the catalog says of a column written with DEFAULT NULL or COLLATE "default":
 * AddRelationNewConstraints() stores no default that is a NULL constant (a domain's
 * is not one: CoerceToDomain), and "default" is the own collation of text, varchar and
 * char (pgAdmin writes COLLATE pg_catalog."default" on each of them; name's is "C").
 * Both were a change (defaults_changed; column_options_changed with table_rewrite).
 * pg_catalog."C" is "C": pg_catalog comes first where a collation is looked up.
 */
static void column_catalog_form(struct column *col)
{
	const char *base = ddl_catalog_type(col->type_node);
	json_t *names = json_object_get(json_object_get(col->def, "collClause"), "collname");
	size_t n = json_array_size(names);
	const char *last = n ? ddl_sval(json_array_get(names, n - 1)) : NULL;
	const char *first = n == 2 ? ddl_sval(json_array_get(names, 0)) : NULL;

	if (base && col->default_expr && null_constant(col->default_expr))
		col->default_expr = NULL;
	if (col->default_expr && (col->default_owned = default_as_literal(col->default_expr, base ? col->type_node : NULL)))
		col->default_expr = col->default_owned;
	if (n == 2 && first && !strcmp(first, "pg_catalog"))
		first = NULL;
	col->coll_schema = first;
	col->coll_name = last;
	if (base && (!strcmp(base, "text") || !strcmp(base, "varchar") || !strcmp(base, "bpchar")) && last &&
	    !strcmp(last, "default") && !first)
		col->coll_name = NULL;
}

struct constraint {
	char *name;
	const char *contype;
	json_t *node;       /* Constraint inner, borrowed */
	json_t *key;        /* the node without its name and validation state (owned) */
	const char *colname; /* the column an inline constraint is written on, else NULL */
	int not_valid;
};

struct table_shape {
	struct column *cols;
	size_t ncols;
	struct constraint *cons;
	size_t ncons;
	int all_columns; /* cols are all the columns (no LIKE, INHERITS, PARTITION OF, OF type) */
	int positional;  /* cols are in the order of the table's own (not options of a parent's or a type's) */
	const char *relname, *relschema; /* the table's name and schema (its identity's), NULL for a type */
};

/*
 * The table access method and the tablespace a table or index gets when its statement
 * names none, assumed to be PostgreSQL's defaults (default_table_access_method = heap,
 * default_tablespace empty, the database in pg_default): written or not, the catalog
 * holds the same row (relam heap, reltablespace 0).
 */
#define DEFAULT_TABLE_AM "heap"
#define DEFAULT_TABLESPACE "pg_default"

static void canonical_options_at(json_t *node, const char *key);

static void add_constraint(struct table_shape *t, const char *colname, json_t *con)
{
	struct constraint *c;
	json_t *copy = json_copy(con); /* shallow: only its own keys change */

	t->cons = xrealloc(t->cons, (t->ncons + 1) * sizeof(*t->cons));
	c = &t->cons[t->ncons++];
	c->node = con;
	c->contype = ddl_str(con, "contype");
	c->colname = colname;
	c->name = ddl_str(con, "conname") ? xstrdup(ddl_str(con, "conname")) : NULL;
	json_object_del(copy, "conname");
	if (colname) {
		/* an inline column constraint is the table constraint on that column */
		const char *field = !strcmp(c->contype, "CONSTR_FOREIGN") ? "fk_attrs" : "keys";
		if (strcmp(c->contype, "CONSTR_CHECK"))
			json_object_set_new(copy, field, json_pack("[{s{ss}}]", "String", "sval", colname));
	}
	json_object_del(copy, "initially_valid");
	json_object_del(copy, "skip_validation");
	/* USING INDEX TABLESPACE pg_default is the database's default (docs/classification.md) */
	if (!strcmp(sv(ddl_str(con, "indexspace")), DEFAULT_TABLESPACE))
		json_object_del(copy, "indexspace");
	canonical_options_at(copy, "options");
	c->not_valid = ddl_bool(con, "skip_validation");
	c->key = copy;
}

/* Tell names the table's columns when all of them are known. */
static void table_columns(const struct table_shape *t, struct ddl_constraint_names *names)
{
	const char **cols;
	size_t i;

	if (!t->all_columns)
		return;
	cols = xcalloc(t->ncols + 1, sizeof(*cols));
	for (i = 0; i < t->ncols; i++)
		cols[i] = t->cols[i].name;
	ddl_constraint_names_columns(names, cols, t->ncols);
	free(cols);
}

/*
 * Name the unnamed constraints as PostgreSQL does when it creates the table or
 * domain: CHECKs first, then the indexes of PRIMARY KEY / UNIQUE / EXCLUDE,
 * then FOREIGN KEYs, each kind in the order written; a generated name taken by
 * an explicit one or an earlier generated one gets a digit.
 */
static void name_constraints(struct table_shape *t, const char *relname, int of_domain)
{
	static const char *const order[][3] = {
		{ "CONSTR_CHECK", NULL, NULL },
		{ "CONSTR_PRIMARY", "CONSTR_UNIQUE", "CONSTR_EXCLUSION" },
		{ "CONSTR_FOREIGN", NULL, NULL },
	};
	struct ddl_constraint_names names;
	size_t i, k, j;

	ddl_constraint_names_init(&names, relname, of_domain);
	table_columns(t, &names);
	for (i = 0; i < t->ncons; i++)
		if (t->cons[i].name)
			ddl_constraint_names_take(&names, t->cons[i].name);
	for (k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		for (i = 0; i < t->ncons; i++) {
			struct constraint *c = &t->cons[i];
			int of_kind = 0;
			for (j = 0; j < 3; j++)
				if (order[k][j] && !strcmp(sv(c->contype), order[k][j]))
					of_kind = 1;
			if (of_kind && !c->name)
				c->name = ddl_constraint_names_choose(&names, c->colname, c->node);
		}
	for (i = 0; i < t->ncons; i++)
		if (!t->cons[i].name)
			t->cons[i].name = xstrdup("");
	ddl_constraint_names_release(&names);
}

static int is_index_constraint(const char *contype)
{
	contype = sv(contype);
	return !strcmp(contype, "CONSTR_PRIMARY") || !strcmp(contype, "CONSTR_UNIQUE") ||
	       !strcmp(contype, "CONSTR_EXCLUSION");
}

/*
 * The index constraints a and b would build the same index, by the fields
 * transformIndexConstraints() compares: key columns (or EXCLUDE elements with
 * their operators) in order, INCLUDE, WHERE, access method, NULLS NOT DISTINCT
 * and deferrability. WITH (...) and USING INDEX TABLESPACE are not compared,
 * nor PRIMARY KEY against UNIQUE. The trees have no locations, which equal()
 * ignores too.
 */
static int same_index(const struct constraint *a, const struct constraint *b)
{
	static const char *const fields[] = {
		"keys", "including", "exclusions", "where_clause", "access_method",
		"nulls_not_distinct", "deferrable", "initdeferred", NULL,
	};
	const char *const *f;

	for (f = fields; *f; f++)
		if (!same_json(json_object_get(a->key, *f), json_object_get(b->key, *f)))
			return 0;
	return 1;
}

/*
 * PostgreSQL creates no index for a PRIMARY KEY / UNIQUE / EXCLUDE of a CREATE
 * TABLE that is the same as the primary key (wherever written) or as an
 * earlier one it kept (transformIndexConstraints): "a int PRIMARY KEY UNIQUE"
 * makes t_pkey alone. The constraint left out gets no name and takes none from
 * the generated ones; its own name, if it has one, goes to the kept one when
 * that one has none, so "a int UNIQUE, PRIMARY KEY (a)" with CONSTRAINT u on
 * the UNIQUE is a primary key named u. Duplicates added by ALTER TABLE are
 * separate indexes, but those are not read here.
 */
static void drop_redundant_indexes(struct table_shape *t)
{
	size_t *kept = xcalloc(t->ncons + 1, sizeof(*kept));
	char *dropped = xcalloc(t->ncons + 1, 1);
	size_t nkept = 0, pkey = (size_t)-1, i, k, n;

	for (i = 0; i < t->ncons && pkey == (size_t)-1; i++)
		if (!strcmp(sv(t->cons[i].contype), "CONSTR_PRIMARY"))
			kept[nkept++] = pkey = i;
	for (i = 0; i < t->ncons; i++) {
		struct constraint *c = &t->cons[i];
		if (i == pkey || !is_index_constraint(c->contype))
			continue;
		for (k = 0; k < nkept && !same_index(&t->cons[kept[k]], c); k++)
			;
		if (k == nkept) {
			kept[nkept++] = i;
			continue;
		}
		if (!t->cons[kept[k]].name) {
			t->cons[kept[k]].name = c->name;
			c->name = NULL;
		}
		dropped[i] = 1;
	}
	for (i = n = 0; i < t->ncons; i++) {
		if (dropped[i]) {
			free(t->cons[i].name);
			json_decref(t->cons[i].key);
		} else {
			t->cons[n++] = t->cons[i];
		}
	}
	t->ncons = n;
	free(kept);
	free(dropped);
}

/*
 * A DEFERRABLE / INITIALLY ... written after an inline constraint is a node of
 * its own in the column's list; PostgreSQL (transformConstraintAttrs) applies
 * it to the constraint before it, so it goes into that constraint's key: else
 * making an inline UNIQUE or REFERENCES deferrable would change nothing here.
 * INITIALLY DEFERRED alone implies DEFERRABLE, as the grammar does for a table
 * constraint. Absent booleans mean false in the tree, so false is removed.
 */
static void apply_constraint_attr(struct constraint *c, const char *attr)
{
	json_t *key = c->key;

	if (!strcmp(attr, "CONSTR_ATTR_DEFERRABLE") || !strcmp(attr, "CONSTR_ATTR_DEFERRED"))
		json_object_set_new(key, "deferrable", json_true());
	if (!strcmp(attr, "CONSTR_ATTR_NOT_DEFERRABLE"))
		json_object_del(key, "deferrable");
	if (!strcmp(attr, "CONSTR_ATTR_DEFERRED"))
		json_object_set_new(key, "initdeferred", json_true());
	if (!strcmp(attr, "CONSTR_ATTR_IMMEDIATE"))
		json_object_del(key, "initdeferred");
}

/*
 * The integer type of a serial column type (unqualified smallserial, serial2, serial,
 * serial4, bigserial, serial8, as transformColumnDefinition() recognises them), in
 * format_type() spelling; NULL for any other type.
 */
static const char *serial_type(json_t *tn)
{
	static const char *const serials[][2] = {
		{ "smallserial", "smallint" }, { "serial2", "smallint" }, { "serial", "integer" },
		{ "serial4", "integer" }, { "bigserial", "bigint" }, { "serial8", "bigint" },
	};
	json_t *names = json_object_get(tn, "names");
	const char *name;
	size_t i;

	if (json_array_size(names) != 1 || ddl_bool(tn, "pct_type") || !(name = ddl_sval(json_array_get(names, 0))))
		return NULL;
	for (i = 0; i < sizeof(serials) / sizeof(serials[0]); i++)
		if (!strcmp(serials[i][0], name))
			return serials[i][1];
	return NULL;
}

static struct column *find_column(struct table_shape *t, const char *name);

/* The key columns of the primary key are NOT NULL (its INCLUDE columns are not). */
static void primary_key_not_null(struct table_shape *t)
{
	size_t i, j;
	json_t *k;

	for (i = 0; i < t->ncons; i++) {
		if (strcmp(sv(t->cons[i].contype), "CONSTR_PRIMARY"))
			continue;
		json_array_foreach(json_object_get(t->cons[i].key, "keys"), j, k) {
			struct column *col = ddl_sval(k) ? find_column(t, ddl_sval(k)) : NULL;
			if (col)
				col->not_null = 1;
		}
	}
}

/*
 * The columns and constraints of a table's elements (tableElts). stmt: the
 * CreateStmt, whose INHERITS / PARTITION OF / OF type bring columns not written
 * here; NULL when there is none (a composite type).
 */
static void read_table(json_t *elts, json_t *stmt, const char *relname, struct table_shape *t)
{
	size_t i, j;
	json_t *e, *c;

	memset(t, 0, sizeof(*t));
	t->all_columns = !stmt || (!json_array_size(json_object_get(stmt, "inhRelations")) &&
				   !json_object_get(stmt, "partbound") && !json_object_get(stmt, "ofTypename"));
	t->positional = !stmt || (!json_object_get(stmt, "partbound") && !json_object_get(stmt, "ofTypename"));
	json_array_foreach(elts, i, e) {
		const char *type = NULL;
		json_t *inner = ddl_node(e, &type);
		if (!inner)
			continue;
		if (!strcmp(type, "ColumnDef")) {
			struct column *col;
			/* the constraint written last on the column, if it is one of t->cons (by index:
			   t->cons moves as it grows) */
			size_t last = (size_t)-1;
			t->cols = xrealloc(t->cols, (t->ncols + 1) * sizeof(*t->cols));
			col = &t->cols[t->ncols];
			memset(col, 0, sizeof(*col));
			col->position = (int)t->ncols++;
			col->name = sv(ddl_str(inner, "colname"));
			col->def = inner;
			col->type_node = json_object_get(inner, "typeName");
			if (serial_type(col->type_node)) {
				/* transformColumnDefinition(): an integer NOT NULL DEFAULT nextval() */
				col->serial = 1;
				col->not_null = 1;
				col->type = xstrdup(serial_type(col->type_node));
			} else {
				col->type = col->type_node ? ddl_format_type(col->type_node) : xstrdup("");
			}
			json_array_foreach(json_object_get(inner, "constraints"), j, c) {
				json_t *con = ddl_node(c, NULL);
				const char *ct = sv(ddl_str(con, "contype"));
				if (!strncmp(ct, "CONSTR_ATTR_", 12)) {
					if (last != (size_t)-1)
						apply_constraint_attr(&t->cons[last], ct);
					continue;
				}
				last = (size_t)-1;
				if (!strcmp(ct, "CONSTR_NOTNULL"))
					col->not_null = 1;
				else if (!strcmp(ct, "CONSTR_NULL"))
					col->not_null = 0;
				else if (!strcmp(ct, "CONSTR_DEFAULT"))
					col->default_expr = json_object_get(con, "raw_expr");
				else if (!strcmp(ct, "CONSTR_GENERATED"))
					col->generated = json_object_get(con, "raw_expr");
				else if (!strcmp(ct, "CONSTR_IDENTITY")) {
					col->identity = col->not_null = 1; /* an identity column is NOT NULL */
					col->identity_con = con;
				}
				else if (!strcmp(ct, "CONSTR_CHECK") || !strcmp(ct, "CONSTR_PRIMARY") ||
					 !strcmp(ct, "CONSTR_UNIQUE") || !strcmp(ct, "CONSTR_FOREIGN") ||
					 !strcmp(ct, "CONSTR_EXCLUSION")) {
					add_constraint(t, col->name, con);
					last = t->ncons - 1;
				}
			}
			column_catalog_form(col);
		} else if (!strcmp(type, "Constraint")) {
			add_constraint(t, NULL, inner);
		} else if (!strcmp(type, "TableLikeClause")) {
			t->all_columns = 0;
		}
	}
	drop_redundant_indexes(t);
	name_constraints(t, relname, 0);
	primary_key_not_null(t);
}

/*
 * The constraints that ALTER TABLE ... ADD CONSTRAINT statements of the blob add to
 * its table (cons: Constraint nodes, in statement order), after those of the CREATE
 * TABLE: an unnamed one is named as ALTER TABLE names it, avoiding every name taken.
 */
static void add_later_constraints(struct table_shape *t, const char *relname, json_t *cons)
{
	struct ddl_constraint_names names;
	size_t i;
	json_t *c;

	ddl_constraint_names_init(&names, relname, 0);
	table_columns(t, &names);
	for (i = 0; i < t->ncons; i++)
		ddl_constraint_names_take(&names, t->cons[i].name);
	json_array_foreach(cons, i, c) {
		struct constraint *added;
		add_constraint(t, NULL, c);
		added = &t->cons[t->ncons - 1];
		if (added->name)
			ddl_constraint_names_take(&names, added->name);
		else if (!(added->name = ddl_constraint_names_choose(&names, NULL, c)))
			added->name = xstrdup("");
	}
	ddl_constraint_names_release(&names);
	primary_key_not_null(t);
}

static void free_table(struct table_shape *t)
{
	size_t i;
	for (i = 0; i < t->ncols; i++) {
		free(t->cols[i].type);
		json_decref(t->cols[i].default_owned);
	}
	for (i = 0; i < t->ncons; i++) {
		free(t->cons[i].name);
		json_decref(t->cons[i].key);
	}
	free(t->cols);
	free(t->cons);
}

static struct column *find_column(struct table_shape *t, const char *name)
{
	size_t i;
	for (i = 0; i < t->ncols; i++)
		if (!strcmp(t->cols[i].name, name))
			return &t->cols[i];
	return NULL;
}

static struct constraint *find_constraint(struct table_shape *t, const char *name)
{
	size_t i;
	for (i = 0; i < t->ncons; i++)
		if (!strcmp(t->cons[i].name, name))
			return &t->cons[i];
	return NULL;
}

/* Functions whose call makes a DEFAULT volatile (ADD COLUMN then rewrites the table). */
static int has_volatile_call(json_t *tree)
{
	static const char *const volatile_funcs[] = {
		"random", "clock_timestamp", "timeofday", "gen_random_uuid", "uuid_generate_v1",
		"uuid_generate_v4", "nextval", "txid_current", "statement_timestamp", NULL,
	};
	size_t i;
	json_t *v;
	const char *key;

	if (json_is_array(tree)) {
		json_array_foreach(tree, i, v)
			if (has_volatile_call(v))
				return 1;
		return 0;
	}
	if (!json_is_object(tree))
		return 0;
	json_object_foreach(tree, key, v) {
		if (!strcmp(key, "FuncCall")) {
			json_t *fn = json_object_get(v, "funcname");
			const char *name = ddl_sval(json_array_get(fn, json_array_size(fn) - 1));
			const char *const *f;
			for (f = volatile_funcs; *f; f++)
				if (name && !strcmp(name, *f))
					return 1;
		}
		if (has_volatile_call(v))
			return 1;
	}
	return 0;
}

/* A default written, or the nextval() of a serial column's own sequence. */
static int has_default(const struct column *c)
{
	return c->default_expr || c->serial;
}

/*
 * time/timetz/timestamp/timestamptz as format_type() writes them ("timestamp(3) without time
 * zone"): the family (base word and zone suffix, written to fam) and the precision in effect,
 * 6 (the maximum) when none is written. 0 when s is none of them or an array (an array's
 * element coercion is not simplified away: every typmod change of an array rewrites).
 */
static int temporal_precision(const char *s, char *fam, size_t famsz, int *prec)
{
	static const char *const bases[] = { "timestamp", "time", NULL };
	const char *const *b, *p;

	for (b = bases; *b; b++) {
		size_t l = strlen(*b);
		if (strncmp(s, *b, l))
			continue;
		p = s + l;
		*prec = 6;
		if (*p == '(') {
			char *end;
			long v = strtol(p + 1, &end, 10);
			if (end == p + 1 || *end != ')')
				return 0;
			*prec = v < 6 ? (int)v : 6;
			p = end + 1;
		}
		if (strcmp(p, " without time zone") && strcmp(p, " with time zone"))
			return 0;
		snprintf(fam, famsz, "%s%s", *b, p);
		return 1;
	}
	return 0;
}

/*
 * interval as format_type() writes it ("interval", "interval day to second(3)"): the least
 * field of its range, as intervaltypmodleastfield() numbers them (second 0 ... year 5), and
 * the precision in effect (6 when none is written). 0 when s is not one or an array.
 */
static int interval_typmod(const char *s, int *least, int *prec)
{
	static const struct { const char *fields; int least; } ranges[] = {
		{ "", 0 }, { " year", 5 }, { " month", 4 }, { " day", 3 }, { " hour", 2 }, { " minute", 1 },
		{ " second", 0 }, { " year to month", 4 }, { " day to hour", 2 }, { " day to minute", 1 },
		{ " day to second", 0 }, { " hour to minute", 1 }, { " hour to second", 0 }, { " minute to second", 0 },
	};
	const char *p = strchr(s, '('), *end;
	size_t len, i;

	if (strncmp(s, "interval", 8))
		return 0;
	s += 8;
	len = p ? (size_t)(p - s) : strlen(s);
	*prec = 6;
	if (p) {
		char *e;
		long v = strtol(p + 1, &e, 10);
		if (e == p + 1 || *e != ')' || e[1])
			return 0;
		*prec = v < 6 ? (int)v : 6;
	}
	end = s + len;
	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (strlen(ranges[i].fields) == len && !strncmp(s, ranges[i].fields, len)) {
			*least = ranges[i].least;
			return !p || end == p;
		}
	return 0;
}

/* Type change kinds: 0 same, 1 widening without rewrite, 2 widening with rewrite, 3 other. */
static int type_change_kind(struct column *o, struct column *n)
{
	static const char *const int_order[] = { "smallint", "integer", "bigint", "numeric", NULL };
	const char *a = o->type, *b = n->type;
	size_t la, lb;
	int ia = -1, ib = -1, i;

	if (!strcmp(a, b))
		return 0;
	for (i = 0; int_order[i]; i++) {
		if (!strcmp(a, int_order[i]))
			ia = i;
		if (!strcmp(b, int_order[i]))
			ib = i;
	}
	if (ia >= 0 && ib > ia)
		return 2;
	if (!strcmp(a, "real") && !strcmp(b, "double precision"))
		return 2;
	/* varchar(n) -> varchar(m>n) / varchar / text: binary coercible, no rewrite; not an
	   array of varchar, which goes to text through its output function (a rewrite) */
	if (!strncmp(a, "character varying", 17) && a[strlen(a) - 1] != ']' &&
	    (!strcmp(b, "text") || !strcmp(b, "character varying")))
		return 1;
	if (!strcmp(a, "character varying") && !strcmp(b, "text"))
		return 1;
	if (!strcmp(a, "text") && !strcmp(b, "character varying"))
		return 1;
	la = strlen(a);
	lb = strlen(b);
	if (!strncmp(a, "character varying(", 18) && !strncmp(b, "character varying(", 18) &&
	    a[la - 1] == ')' && b[lb - 1] == ')' && atoll(b + 18) > atoll(a + 18))
		return 1;
	/* A precision kept or raised (or dropped) is a relabel, TemporalSimplify() in the
	   planner: no rewrite; a lower one rounds every value (checked on relfilenode) */
	{
		char fa[40], fb[40];
		int pa, pb;
		if (temporal_precision(a, fa, sizeof(fa), &pa) && temporal_precision(b, fb, sizeof(fb), &pb) &&
		    !strcmp(fa, fb) && pb >= pa)
			return 1;
	}
	/* interval_support(): a relabel when the least field stays or gets smaller and, for a
	   range down to seconds, the precision stays or rises; else values are truncated */
	{
		int la_, lb_, pa, pb;
		if (interval_typmod(a, &la_, &pa) && interval_typmod(b, &lb_, &pb) && lb_ <= la_ &&
		    (la_ > 0 || pb >= pa))
			return 1;
	}
	/* numeric(p,s) -> numeric(q>=p,s) or unconstrained numeric */
	if (!strncmp(a, "numeric(", 8) && !strcmp(b, "numeric"))
		return 1;
	if (!strncmp(a, "numeric(", 8) && !strncmp(b, "numeric(", 8)) {
		const char *ca = strchr(a, ','), *cb = strchr(b, ',');
		long long sa = ca ? atoll(ca + 1) : 0, sb = cb ? atoll(cb + 1) : 0;
		if (sa == sb && atoll(b + 8) >= atoll(a + 8))
			return 1;
	}
	return 3;
}

static json_t *column_json(struct column *c)
{
	return json_pack("{sssssb}", "name", c->name, "type", c->type, "not_null", c->not_null);
}

static void compare_sequence(json_t *o, json_t *n, struct verdict *v);

/*
 * The identity options of a column, less a SEQUENCE NAME that is the name PostgreSQL chooses
 * when none is written (a new array). generateSerialSequence() puts the sequence in the
 * table's schema and names it ChooseRelationName(table, column, "seq"): assuming no conflict,
 * as for the other generated names, `SEQUENCE NAME t_id_seq` (or qualified with the table's
 * schema) is the same sequence as none. It puts an unqualified SEQUENCE NAME in the table's
 * schema too, whatever the search_path (checked on the server), so another name qualified
 * with that schema is compared unqualified: `SEQUENCE NAME app.s` is `SEQUENCE NAME s` in a
 * table of app. drop_name: leave out every SEQUENCE NAME (the two sides' are one sequence).
 */
static json_t *identity_options(json_t *options, const struct table_shape *t, const char *colname, int drop_name)
{
	json_t *out = json_array(), *e;
	size_t i;
	char *chosen = t->relname ? ddl_make_object_name(t->relname, colname, "seq") : NULL;

	json_array_foreach(options, i, e) {
		json_t *d = ddl_node(e, NULL);
		json_t *items = ddl_list_items(json_object_get(d, "arg"));
		size_t n = json_array_size(items);
		int in_table_schema = n == 2 && t->relschema && !strcmp(sv(ddl_sval(json_array_get(items, 0))), t->relschema);
		if (drop_name && !strcmp(sv(ddl_str(d, "defname")), "sequence_name"))
			continue;
		if (strcmp(sv(ddl_str(d, "defname")), "sequence_name") || !(n == 1 || in_table_schema)) {
			json_array_append(out, e);
			continue;
		}
		if (chosen && !strcmp(sv(ddl_sval(json_array_get(items, n - 1))), chosen))
			continue;
		if (in_table_schema) {
			/* a copy without the schema: the parse tree is shared */
			json_t *copy = json_deep_copy(e);
			json_array_remove(ddl_list_items(json_object_get(ddl_node(copy, NULL), "arg")), 0);
			json_array_append_new(out, copy);
		} else
			json_array_append(out, e);
	}
	free(chosen);
	return out;
}

/*
 * The sequence of an identity column, as schema 0x1f name in sb: its SEQUENCE NAME (an
 * unqualified one in the table's schema, see identity_options()), else the name PostgreSQL
 * chooses from the table's own name (t: one side's table). 1 when it is the name chosen,
 * written or not.
 */
static int identity_sequence(json_t *options, const struct table_shape *t, const char *colname, struct strbuf *sb)
{
	char *chosen = ddl_make_object_name(sv(t->relname), colname, "seq");
	const char *schema = sv(t->relschema), *name = chosen;
	json_t *e;
	size_t i;
	int is_chosen;

	json_array_foreach(options, i, e) {
		json_t *d = ddl_node(e, NULL);
		json_t *items = ddl_list_items(json_object_get(d, "arg"));
		size_t n = json_array_size(items);
		if (strcmp(sv(ddl_str(d, "defname")), "sequence_name") || !n)
			continue;
		name = sv(ddl_sval(json_array_get(items, n - 1)));
		schema = n >= 2 ? sv(ddl_sval(json_array_get(items, n - 2))) : sv(t->relschema);
	}
	strbuf_reset(sb);
	strbuf_addf(sb, "%s\x1f%s", schema, name);
	is_chosen = !strcmp(name, chosen) && !strcmp(schema, sv(t->relschema));
	free(chosen);
	return is_chosen;
}

/*
 * An identity column kept: GENERATED BY DEFAULT -> ALWAYS refuses the values writers supply
 * (without OVERRIDING SYSTEM VALUE): MAJOR, breaks_compatibility; ALWAYS -> BY DEFAULT MINOR.
 * Its sequence options are compared as a sequence's (MINOR). Both were PATCH with no detail.
 */
static void compare_identity(struct column *oc, struct column *nc, const struct table_shape *to,
			     const struct table_shape *tn, struct verdict *v)
{
	const char *wo = sv(ddl_str(oc->identity_con, "generated_when"));
	const char *wn = sv(ddl_str(nc->identity_con, "generated_when"));
	struct strbuf so = STRBUF_INIT, sn = STRBUF_INIT;
	/* each side's name from its own table: on a renamed table (t -> u), SEQUENCE NAME
	   t_id_seq and none are both the name chosen, and so are two blobs naming one
	   sequence (t_id_seq kept by the rename) */
	int chosen_o = identity_sequence(json_object_get(oc->identity_con, "options"), to, oc->name, &so);
	int chosen_n = identity_sequence(json_object_get(nc->identity_con, "options"), tn, nc->name, &sn);
	int one_sequence = (chosen_o && chosen_n) || !strcmp(so.buf, sn.buf);
	json_t *oo = identity_options(json_object_get(oc->identity_con, "options"), to, oc->name, one_sequence);
	json_t *on = identity_options(json_object_get(nc->identity_con, "options"), tn, nc->name, one_sequence);
	struct verdict seq = { SEV_PATCH, 0, json_object() };

	strbuf_release(&so);
	strbuf_release(&sn);
	json_t *a = json_object(), *b = json_object();

	if (strcmp(wo, wn)) {
		int always = !strcmp(wn, "a");
		add_item(v->detail, "identity_kind_changed",
			 json_pack("{ssssss}", "name", oc->name, "old", always ? "BY DEFAULT" : "ALWAYS", "new",
				   always ? "ALWAYS" : "BY DEFAULT"));
		escalate(v, always ? SEV_MAJOR : SEV_MINOR, always ? HZ_BREAKS_COMPATIBILITY : 0);
	}
	json_object_set_new(a, "options", oo);
	json_object_set_new(b, "options", on);
	compare_sequence(a, b, &seq);
	if (json_object_get(seq.detail, "options_changed")) {
		add_item(v->detail, "identity_options_changed",
			 json_pack("{sssO}", "name", oc->name, "options", json_object_get(seq.detail, "options_changed")));
		escalate(v, seq.severity, seq.hazards);
	}
	json_decref(seq.detail);
	json_decref(a);
	json_decref(b);
}

static void compare_columns(struct table_shape *o, struct table_shape *n, struct verdict *v, int is_table)
{
	size_t i;
	unsigned lock = is_table ? HZ_ACCESS_EXCLUSIVE_LOCK : 0;
	unsigned rewrite = is_table ? HZ_TABLE_REWRITE : 0;

	/* a dropped and an added column at the same position with the same definition: a rename */
	for (i = 0; i < o->ncols; i++) {
		struct column *oc = &o->cols[i], *nc;
		if (find_column(n, oc->name) || i >= n->ncols)
			continue;
		nc = &n->cols[i];
		if (find_column(o, nc->name) || strcmp(oc->type, nc->type) || oc->not_null != nc->not_null)
			continue;
		add_item(v->detail, "columns_renamed", json_pack("{ssss}", "old", oc->name, "new", nc->name));
		escalate(v, SEV_MAJOR, HZ_BREAKS_COMPATIBILITY);
	}
	/* the columns of both in another order, or a column added ahead of one of them: SELECT *,
	   INSERT and COPY without a column list and row constructors are positional, and ADD
	   COLUMN only appends (the table is rebuilt) */
	{
		size_t j = 0;
		int reordered = 0, added_seen = 0;
		for (i = 0; i < o->ncols && o->positional && n->positional && !reordered; i++) {
			if (!find_column(n, o->cols[i].name))
				continue;
			while (j < n->ncols && !find_column(o, n->cols[j].name))
				j++;
			reordered = j >= n->ncols || strcmp(n->cols[j].name, o->cols[i].name);
			j++;
		}
		for (j = 0; j < n->ncols && o->positional && n->positional && !reordered; j++) {
			struct column *nc = &n->cols[j];
			if (find_column(o, nc->name))
				reordered = added_seen;
			else if (!(j < o->ncols && !find_column(n, o->cols[j].name) && !strcmp(o->cols[j].type, nc->type) &&
				   o->cols[j].not_null == nc->not_null))
				added_seen = 1; /* added, not renamed in place */
		}
		if (reordered) {
			json_t *order = json_array();
			for (j = 0; j < n->ncols; j++)
				json_array_append_new(order, json_string(n->cols[j].name));
			json_object_set_new(v->detail, "columns_reordered", order);
			escalate(v, SEV_MAJOR, HZ_BREAKS_COMPATIBILITY | lock | rewrite);
		}
	}
	for (i = 0; i < o->ncols; i++) {
		struct column *oc = &o->cols[i], *nc = find_column(n, oc->name);
		int renamed = !nc && i < n->ncols && !find_column(o, n->cols[i].name) &&
			      !strcmp(oc->type, n->cols[i].type) && oc->not_null == n->cols[i].not_null;
		int kind;

		if (!nc) {
			if (!renamed) {
				add_item(v->detail, "columns_dropped", column_json(oc));
				escalate(v, SEV_MAJOR, HZ_BREAKS_COMPATIBILITY | (is_table ? HZ_DELETES_DATA : 0));
			}
			continue;
		}
		kind = type_change_kind(oc, nc);
		if (kind) {
			add_item(v->detail, "columns_retyped", json_pack("{sssssssb}", "name", oc->name, "old", oc->type,
									     "new", nc->type, "widening", kind < 3));
			/* a composite type's attribute: no value to keep, but every user of the type sees
			   the new one (pg_typeof(), the overload chosen for (x).a), and the server
			   refuses the ALTER while a table column or a view uses the type
			   (find_composite_type_dependencies(), checked): breaking, even text -> varchar */
			if (!is_table)
				escalate(v, SEV_MAJOR, HZ_BREAKS_COMPATIBILITY);
			else if (kind == 1)
				escalate(v, SEV_MINOR, lock);
			else if (kind == 2)
				escalate(v, SEV_MINOR, lock | rewrite);
			else
				escalate(v, SEV_MAJOR, lock | rewrite | HZ_BREAKS_COMPATIBILITY | HZ_DEPENDS_ON_EXISTING_DATA);
		}
		if (!same_json(oc->default_expr, nc->default_expr) || oc->serial != nc->serial) {
			const char *what = !has_default(oc) ? "added" : !has_default(nc) ? "dropped" : "changed";
			/* a dropped default breaks writers that omit a NOT NULL column, unless an
			   identity or generation fills it */
			int breaks = !has_default(nc) && nc->not_null && !nc->identity && !nc->generated;
			add_item(v->detail, "defaults_changed", json_pack("{ssss}", "name", oc->name, "change", what));
			escalate(v, breaks ? SEV_MAJOR : SEV_MINOR, breaks ? HZ_BREAKS_COMPATIBILITY : 0);
		}
		if (oc->not_null != nc->not_null) {
			add_item(v->detail, "nullability_changed",
				 json_pack("{sssb}", "name", oc->name, "not_null", nc->not_null));
			if (nc->not_null)
				escalate(v, SEV_MAJOR, HZ_DEPENDS_ON_EXISTING_DATA | lock);
			else
				escalate(v, SEV_MINOR, 0);
		}
		if (!same_json(oc->generated, nc->generated)) {
			add_item(v->detail, "generated_changed", json_string(oc->name));
			/* a column made generated refuses the values its writers supplied (cannot insert
			   a non-DEFAULT value), as an identity made ALWAYS does */
			escalate(v, SEV_MAJOR, lock | rewrite | (!oc->generated ? HZ_BREAKS_COMPATIBILITY : 0));
		}
		if (oc->identity != nc->identity) {
			/* an identity added ALWAYS refuses a writer that supplies the value without
			   OVERRIDING SYSTEM VALUE, as BY DEFAULT -> ALWAYS (MAJOR) does; it was MINOR */
			int always = nc->identity && !strcmp(sv(ddl_str(nc->identity_con, "generated_when")), "a");
			add_item(v->detail, "identity_changed", json_string(oc->name));
			escalate(v, always ? SEV_MAJOR : SEV_MINOR, always ? HZ_BREAKS_COMPATIBILITY : 0);
		} else if (oc->identity_con && nc->identity_con)
			compare_identity(oc, nc, o, n, v);
		{
			/* collation, storage, compression: anything else on the column */
			static const char *const drop[] = { "typeName", "constraints", "colname", "collClause", NULL };
			if (!same_except(oc->def, nc->def, drop) || !same_str(oc->coll_schema, nc->coll_schema) ||
			    !same_str(oc->coll_name, nc->coll_name)) {
				add_item(v->detail, "column_options_changed", json_string(oc->name));
				escalate(v, SEV_MINOR, lock | rewrite);
			}
		}
	}
	for (i = 0; i < n->ncols; i++) {
		struct column *nc = &n->cols[i];
		int renamed;
		if (find_column(o, nc->name))
			continue;
		renamed = i < o->ncols && !find_column(n, o->cols[i].name) &&
			  !strcmp(o->cols[i].type, nc->type) && o->cols[i].not_null == nc->not_null;
		if (renamed)
			continue;
		add_item(v->detail, "columns_added", column_json(nc));
		if (is_table && nc->not_null && !has_default(nc) && !nc->identity && !nc->generated)
			escalate(v, SEV_MAJOR, HZ_DEPENDS_ON_EXISTING_DATA);
		else
			escalate(v, SEV_MINOR, 0);
		if (is_table && (nc->generated || nc->identity || nc->serial ||
				 (nc->default_expr && has_volatile_call(nc->default_expr))))
			escalate(v, SEV_MINOR, HZ_TABLE_REWRITE | HZ_ACCESS_EXCLUSIVE_LOCK);
	}
}

static unsigned constraint_add_hazards(struct constraint *c)
{
	const char *t = sv(c->contype);
	unsigned h = 0;
	if (!c->not_valid)
		h |= HZ_DEPENDS_ON_EXISTING_DATA;
	if (!strcmp(t, "CONSTR_PRIMARY") || !strcmp(t, "CONSTR_UNIQUE") || !strcmp(t, "CONSTR_EXCLUSION"))
		h |= HZ_INDEX_WITHOUT_CONCURRENTLY | HZ_ACCESS_EXCLUSIVE_LOCK | HZ_DEPENDS_ON_EXISTING_DATA;
	if (!strcmp(t, "CONSTR_CHECK"))
		h |= HZ_ACCESS_EXCLUSIVE_LOCK;
	return h;
}

static const char *contype_word(const char *contype)
{
	contype = sv(contype);
	return !strncmp(contype, "CONSTR_", 7) ? contype + 7 : contype;
}

/*
 * The constraints of o and n that are one constraint under another name (round 23): o's
 * constraint i is n's renamed[i] (else -1). A constraint not kept under its name (none of
 * that name on the other side, or another one there) is paired with the first unpaired one of
 * the other side that is the same but for the name (key and validation state): two unnamed
 * CHECKs written in the other order (t_a_check (a > 0), t_a_check1 (a < 10) against the
 * reverse) swap their generated names, which is what ALTER TABLE ... RENAME CONSTRAINT would
 * do; no row can fail them (it was MAJOR, both constraints_changed).
 */
static void renamed_constraints(struct table_shape *o, struct table_shape *n, long *renamed)
{
	unsigned char *taken = xcalloc(n->ncons + 1, 1), *kept = xcalloc(o->ncons + 1, 1);
	size_t i, j;

	for (i = 0; i < o->ncons; i++) {
		struct constraint *nc = find_constraint(n, o->cons[i].name);
		renamed[i] = -1;
		if (nc && json_equal(o->cons[i].key, nc->key) && o->cons[i].not_valid == nc->not_valid) {
			kept[i] = 1;
			taken[nc - n->cons] = 1;
		}
	}
	for (i = 0; i < o->ncons; i++)
		for (j = 0; !kept[i] && renamed[i] < 0 && j < n->ncons; j++)
			if (!taken[j] && strcmp(o->cons[i].name, n->cons[j].name) &&
			    json_equal(o->cons[i].key, n->cons[j].key) && o->cons[i].not_valid == n->cons[j].not_valid &&
			    (!find_constraint(o, n->cons[j].name) ||
			     !json_equal(find_constraint(o, n->cons[j].name)->key, n->cons[j].key))) {
				renamed[i] = (long)j;
				taken[j] = 1;
			}
	free(taken);
	free(kept);
}

/* Is n's constraint j the new name of one of o's (renamed[], of nold)? */
static int renamed_to(const long *renamed, size_t nold, size_t j)
{
	size_t i;
	for (i = 0; i < nold; i++)
		if (renamed[i] == (long)j)
			return 1;
	return 0;
}

static void compare_constraints(struct table_shape *o, struct table_shape *n, struct verdict *v)
{
	size_t i;
	long *renamed = xcalloc(o->ncons + 1, sizeof(*renamed));

	renamed_constraints(o, n, renamed);
	for (i = 0; i < o->ncons; i++) {
		struct constraint *oc = &o->cons[i], *nc = find_constraint(n, oc->name);
		const char *t = sv(oc->contype);
		if (renamed[i] >= 0) {
			/* the same constraint under another name: as ALTER TABLE ... RENAME CONSTRAINT,
			   its name is seen by ON CONFLICT ON CONSTRAINT and in errors, not by the rows */
			add_item(v->detail, "constraints_renamed",
				 json_pack("{ssssss}", "old", oc->name, "new", n->cons[renamed[i]].name, "type",
					   contype_word(t)));
			escalate(v, SEV_MINOR, 0);
		} else if (!nc || renamed_to(renamed, o->ncons, (size_t)(nc - n->cons))) {
			add_item(v->detail, "constraints_dropped",
				 json_pack("{ssss}", "name", oc->name, "type", contype_word(t)));
			if (!strcmp(t, "CONSTR_PRIMARY") || !strcmp(t, "CONSTR_UNIQUE"))
				escalate(v, SEV_MAJOR, HZ_BREAKS_COMPATIBILITY);
			else
				escalate(v, SEV_MINOR, 0);
		} else if (!json_equal(oc->key, nc->key)) {
			add_item(v->detail, "constraints_changed",
				 json_pack("{ssss}", "name", oc->name, "type", contype_word(nc->contype)));
			escalate(v, SEV_MAJOR, constraint_add_hazards(nc));
		} else if (oc->not_valid != nc->not_valid) {
			add_item(v->detail, "constraints_validated", json_string(oc->name));
			escalate(v, nc->not_valid ? SEV_MINOR : SEV_MAJOR, nc->not_valid ? 0 : HZ_DEPENDS_ON_EXISTING_DATA);
		}
	}
	for (i = 0; i < n->ncons; i++) {
		struct constraint *nc = &n->cons[i], *oc = find_constraint(o, nc->name);
		if (renamed_to(renamed, o->ncons, i) || (oc && renamed[oc - o->cons] < 0))
			continue;
		add_item(v->detail, "constraints_added",
			 json_pack("{sssssb}", "name", nc->name, "type", contype_word(nc->contype), "not_valid",
				   nc->not_valid));
		escalate(v, nc->not_valid ? SEV_MINOR : SEV_MAJOR, constraint_add_hazards(nc));
	}
	free(renamed);
}

/* Compare the remaining fields of two statements, minus the keys listed; report them as changed. */
static int other_fields(json_t *o, json_t *n, const char *const *skip, json_t *detail, const char *key)
{
	const char *k;
	json_t *val;
	int changed = 0;

	json_object_foreach(o, k, val) {
		if (!is_skipped(k, skip) && !same_json(val, json_object_get(n, k))) {
			add_item(detail, key, json_string(k));
			changed = 1;
		}
	}
	json_object_foreach(n, k, val) {
		if (!is_skipped(k, skip) && !json_object_get(o, k)) {
			add_item(detail, key, json_string(k));
			changed = 1;
		}
	}
	return changed;
}

/* Keys that only say how the statement is written, not what it defines. */
static const char *const statement_form_keys[] = { "replace", "if_not_exists", "missing_ok", "concurrent", NULL };

/* The pg_catalog type (not varchar: it compares as text) of the column a ColumnRef of one
   field names in t, else NULL */
static json_t *comparable_column_type(struct table_shape *t, json_t *ref)
{
	json_t *fields = json_object_get(ref, "fields");
	const char *name = json_array_size(fields) == 1 ? ddl_sval(json_array_get(fields, 0)) : NULL;
	struct column *c = name ? find_column(t, name) : NULL;
	const char *base = c && c->type_node && !c->serial ? ddl_catalog_type(c->type_node) : NULL;

	if (!base || !strcmp(base, "varchar") || is_array_type(c->type_node))
		return NULL;
	return c->type_node;
}

/*
 * The Const a string literal becomes when the parser coerces it to the pg_catalog type
 * ctype (its input function), written as the literal the lexer would read for the same
 * Const: string_const()'s forms (an int4 is that integer, '05' too, a numeric the numeric
 * literal of that value and scale); any other the string (its type is the context's).
 */
static json_t *string_as_literal(const char *str, const char *ctype)
{
	/* a = 't' is a = true (round 19; conbin checked), x > '05' is x > 5 (round 20) */
	json_t *lit = string_const(str, ctype);
	return lit ? lit : json_pack("{s{s{ss}}}", "A_Const", "sval", "sval", str);
}

/* A cast's TypeName that names a pg_catalog scalar type without modifier: its name, else NULL */
static const char *plain_catalog_type(json_t *tn)
{
	if (!tn || json_array_size(json_object_get(tn, "typmods")) || ddl_bool(tn, "setof") || ddl_bool(tn, "pct_type") ||
	    is_array_type(tn))
		return NULL;
	return ddl_catalog_type(tn);
}

/*
 * One element of an IN list or of an ARRAY[...] compared with = ANY / <> ALL, as the Const
 * the parser makes of it when the list's common type is the column's type ctype (new, the
 * caller decrefs; NULL when the element is not such a literal). *typed says whether the
 * element has a type of its own (a string literal has none: it takes the others').
 * A string literal, bare or cast to ctype, goes through ctype's input function
 * (string_as_literal()); an integer literal is an int4 Const, cast to bigint or numeric by
 * their cast function, which select_common_type() chooses for int4 beside int8 or numeric
 * (written bare in an IN list, or (1)::bigint as pg_get_constraintdef() writes it); a
 * decimal is a numeric Const, true/false a boolean one, NULL the null Const. Anything else
 * (another type, an expression) is left to the comparison as written.
 */
static json_t *list_element_const(json_t *e, const char *ctype, int *typed)
{
	const char *type = NULL, *cast_type = NULL, *str;
	json_t *in = ddl_node(e, &type);

	*typed = 0;
	if (in && !strcmp(type, "TypeCast")) {
		if (!(cast_type = plain_catalog_type(json_object_get(in, "typeName"))) || strcmp(cast_type, ctype))
			return NULL;
		*typed = 1;
		in = ddl_node(json_object_get(in, "arg"), &type);
	}
	if (!in || strcmp(type, "A_Const"))
		return NULL;
	/* NULL, bare or cast to ctype: the null Const of the list's type either way (IN (1, NULL)
	   is pg_get_constraintdef()'s ARRAY[1, NULL::integer]; round 23, checked on conbin) */
	if (json_is_true(json_object_get(in, "isnull")))
		return json_pack("{s{sb}}", "A_Const", "isnull", 1);
	if ((str = ddl_str(json_object_get(in, "sval"), "sval")))
		return string_as_literal(str, ctype);
	if (json_object_get(in, "ival")) {
		*typed = !strcmp(ctype, "int4") || cast_type;
		if (!strcmp(ctype, "int4"))
			return json_pack("{sO}", "A_Const", in);
		if (strcmp(ctype, "int8") && strcmp(ctype, "numeric"))
			return NULL;
		return json_pack("{s{s{sO}s{s[ss]}}}", "TypeCast", "arg", "A_Const", in, "typeName", "names",
				 "pg_catalog", ctype);
	}
	if (cast_type)
		return NULL; /* (1.5)::numeric and the like: a cast of a typed constant */
	if ((str = ddl_str(json_object_get(in, "fval"), "fval")) && decimal_with_point(str) && !strcmp(ctype, "numeric")) {
		*typed = 1;
		return json_pack("{sO}", "A_Const", in);
	}
	if (json_object_get(in, "boolval") && !strcmp(ctype, "bool")) {
		*typed = 1;
		return json_pack("{sO}", "A_Const", in);
	}
	return NULL;
}

/*
 * col IN (a, b, ...) and pg_get_constraintdef()'s col = ANY (ARRAY[a', b', ...]) (NOT IN and
 * <> ALL likewise) as one form, the IN list of list_element_const()s, when both make the
 * same ScalarArrayOpExpr: transformAExprIn() takes the common type of the column and the
 * constants, the ANY form that of the array's elements alone, so they agree when that is
 * the column's type T (no varchar: it compares as text). The IN list then needs constants
 * of type T or none (strings), integers beside bigint or numeric; the array at least one
 * element of type T (or only strings when T is text: unknown elements make a text[]).
 * A bpchar column against ARRAY['a', 'b'] (text[]) or a bigint one against ARRAY[1, 2]
 * (int4[]) is another operator: left alone. Checked on pg_constraint.conbin (equal()).
 * NULL when expr (an A_Expr's fields) is not such a comparison.
 */
static json_t *in_list_canonical(json_t *in, struct table_shape *t)
{
	const char *kind = sv(ddl_str(in, "kind")), *type = NULL, *rt = NULL, *ctype;
	const char *op = json_array_size(json_object_get(in, "name")) == 1 ?
			 sv(ddl_sval(json_array_get(json_object_get(in, "name"), 0))) : "";
	json_t *col = ddl_node(json_object_get(in, "lexpr"), &rt), *ct, *list, *rex, *out, *e;
	int is_in = !strcmp(kind, "AEXPR_IN"), any_typed = 0;
	size_t i;

	if (!col || strcmp(rt, "ColumnRef") || !(ct = comparable_column_type(t, col)) || !(ctype = ddl_catalog_type(ct)))
		return NULL;
	if (!(is_in && (!strcmp(op, "=") || !strcmp(op, "<>"))) && !(!strcmp(kind, "AEXPR_OP_ANY") && !strcmp(op, "=")) &&
	    !(!strcmp(kind, "AEXPR_OP_ALL") && !strcmp(op, "<>")))
		return NULL;
	rex = ddl_node(json_object_get(in, "rexpr"), &type);
	if (!rex || strcmp(type, is_in ? "List" : "A_ArrayExpr"))
		return NULL;
	list = json_object_get(rex, is_in ? "items" : "elements");
	if (json_array_size(list) < 2)
		return NULL; /* one constant is no array: IN (a) is col = a */
	out = json_array();
	json_array_foreach(list, i, e) {
		int typed;
		json_t *c = list_element_const(e, ctype, &typed);
		if (!c) {
			json_decref(out);
			return NULL;
		}
		any_typed |= typed;
		json_array_append_new(out, c);
	}
	if (!is_in && !any_typed && strcmp(ctype, "text")) {
		json_decref(out);
		return NULL;
	}
	return json_pack("{s{sss[{s{ss}}]sOs{s{so}}}}", "A_Expr", "kind", "AEXPR_IN", "name", "String", "sval", op, "lexpr",
			 json_object_get(in, "lexpr"), "rexpr", "List", "items", out);
}

static int is_one_of_ops(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return 1;
	return 0;
}

/* A varchar or text column (one field, not an array) of t, bare or cast to text: what
   text operators take, the cast implicit or written (pg_get_constraintdef() writes
   (v)::text for varchar; a text column's cast to text makes no node) */
static int varchar_as_text(struct table_shape *t, json_t *node)
{
	const char *type = NULL, *name;
	json_t *in = ddl_node(node, &type), *fields;
	struct column *c;

	if (in && !strcmp(type, "TypeCast")) {
		const char *ct = plain_catalog_type(json_object_get(in, "typeName"));
		if (!ct || strcmp(ct, "text"))
			return 0;
		in = ddl_node(json_object_get(in, "arg"), &type);
	}
	if (!in || strcmp(type, "ColumnRef"))
		return 0;
	fields = json_object_get(in, "fields");
	name = json_array_size(fields) == 1 ? ddl_sval(json_array_get(fields, 0)) : NULL;
	c = name ? find_column(t, name) : NULL;
	return c && c->type_node && !c->serial && !is_array_type(c->type_node) &&
	       (!strcmp(sv(ddl_catalog_type(c->type_node)), "varchar") || !strcmp(sv(ddl_catalog_type(c->type_node)), "text"));
}

/* A string, bare or cast to text without typmod: the text Const of an unknown literal
   coerced to text (its string, borrowed), else NULL */
static const char *text_literal(json_t *node)
{
	const char *type = NULL;
	json_t *in = ddl_node(node, &type);

	if (in && !strcmp(type, "TypeCast")) {
		const char *ct = plain_catalog_type(json_object_get(in, "typeName"));
		if (!ct || strcmp(ct, "text"))
			return NULL;
		in = ddl_node(json_object_get(in, "arg"), &type);
	}
	if (!in || strcmp(type, "A_Const"))
		return NULL;
	return ddl_str(json_object_get(in, "sval"), "sval");
}

/*
 * A varchar or text column compared with a string (=, <>, <, >, <=, >=, LIKE, ILIKE, the
 * regular expression operators): there is no varchar operator, the parser takes text's
 * (binary coercible) and the unknown literal as text, so v <> 'x' and pg_get_constraintdef()'s
 * (v)::text <> 'x'::text are one conbin (equal(): the cast's explicit or implicit form
 * aside; checked on the server). Both sides of in (an A_Expr's fields) are set to
 * (v)::text and the bare string. 'x'::character varying is another tree (a varchar Const
 * relabeled): left alone.
 */
static void varchar_comparison(json_t *in, struct table_shape *t)
{
	static const char *const ops[] = { "=", "<>", "<", ">", "<=", ">=", "~~", "!~~", "~~*", "!~~*",
					   "~", "!~", "~*", "!~*", NULL };
	static const char *const sides[][2] = { { "lexpr", "rexpr" }, { "rexpr", "lexpr" } };
	const char *kind = sv(ddl_str(in, "kind")), *op, *str;
	json_t *col;
	size_t i;

	if (strcmp(kind, "AEXPR_OP") || json_array_size(json_object_get(in, "name")) != 1)
		return;
	op = sv(ddl_sval(json_array_get(json_object_get(in, "name"), 0)));
	if (!is_one_of_ops(op, ops))
		return;
	for (i = 0; i < 2; i++) {
		if (!varchar_as_text(t, json_object_get(in, sides[i][0])) ||
		    !(str = text_literal(json_object_get(in, sides[i][1]))))
			continue;
		col = ddl_node(json_object_get(in, sides[i][0]), NULL);
		if (json_object_get(col, "arg")) /* the TypeCast: its ColumnRef */
			col = ddl_node(json_object_get(col, "arg"), NULL);
		json_object_set_new(in, sides[i][1], json_pack("{s{s{ss}}}", "A_Const", "sval", "sval", str));
		json_object_set_new(in, sides[i][0], json_pack("{s{s{sO}s{s[ss]}}}", "TypeCast", "arg", "ColumnRef", col,
							      "typeName", "names", "pg_catalog", "text"));
		return;
	}
}

/*
 * A number compared with a numeric or double precision column (ctype): PostgreSQL has no
 * numeric-integer or float8-numeric operator, so it casts an integer literal to numeric,
 * an integer or decimal one to float8, and pg_get_constraintdef() writes the cast:
 * n > 5 is n > (5)::numeric, f > 1.5 is f > (1.5)::double precision, n > -5 is
 * n > ('-5'::integer)::numeric; a decimal against numeric is the numeric Const itself,
 * (1.5)::numeric a cast to its own type. The literal as that cast (new), else NULL.
 * Checked on pg_constraint.conbin; real is left out (f > 1.5 on a real is a float4-float8
 * operator, another tree than (1.5)::real).
 */
static json_t *number_for_column(json_t *node, const char *ctype)
{
	const char *type = NULL, *str;
	json_t *in = ddl_node(node, &type), *lit = NULL, *c, *out;

	if (strcmp(ctype, "numeric") && strcmp(ctype, "float8"))
		return NULL;
	if (in && !strcmp(type, "TypeCast")) {
		const char *ct = plain_catalog_type(json_object_get(in, "typeName"));
		if (!ct || strcmp(ct, ctype))
			return NULL;
		node = json_object_get(in, "arg");
		in = ddl_node(node, &type);
	}
	if (in && !strcmp(type, "TypeCast")) /* ('-5'::integer)::numeric: pg_get_expr()'s negative constant */
		in = ddl_node(lit = default_as_literal(node, NULL), &type);
	if (!in || strcmp(type, "A_Const")) {
		json_decref(lit);
		return NULL;
	}
	c = json_deep_copy(in);
	json_decref(lit);
	if (json_object_get(c, "ival"))
		out = json_pack("{s{s{so}s{s[ss]}}}", "TypeCast", "arg", "A_Const", c, "typeName", "names", "pg_catalog", ctype);
	else if ((str = ddl_str(json_object_get(c, "fval"), "fval")) && decimal_with_point(str))
		out = !strcmp(ctype, "numeric") ? json_pack("{so}", "A_Const", c)
						 : json_pack("{s{s{so}s{s[ss]}}}", "TypeCast", "arg", "A_Const", c, "typeName",
							     "names", "pg_catalog", ctype);
	else {
		json_decref(c);
		return NULL;
	}
	return out;
}

/*
 * Rewrite expr (owned, modified in place) to the literals the catalog holds for the casts
 * pg_get_constraintdef() writes: '-1'::integer and '-1.5'::numeric anywhere (the Const the
 * literal makes), and in a comparison (=, <>, <, >, <=, >=) of a column of type T with a
 * string, bare or cast to T without typmod, string_as_literal(): operator resolution takes
 * the unknown literal as T, T op T exists for the pg_catalog types but varchar, so the
 * Const is the same (pg_constraint.conbin checked on the server: text, char(n), smallint,
 * date, jsonb; x > '5' is x > 5 on an integer, '1.5' < n is 1.5 < n on a numeric). IN of
 * one element is that comparison (transformAExprIn() makes the OpExpr of a lone element),
 * IN of several constants in_list_canonical(). LIKE and ILIKE are the operators ~~ and
 * ~~* that pg_get_constraintdef() writes (transformAExprOp() makes both alike).
 */
static void check_literals(json_t *expr, struct table_shape *t)
{
	const char *key, *type = NULL;
	json_t *val, *in;
	size_t i;

	if (json_is_array(expr)) {
		json_array_foreach(expr, i, val) {
			json_t *lit = default_as_literal(val, NULL);
			if (lit)
				json_array_set_new(expr, i, lit);
			else
				check_literals(val, t);
		}
		return;
	}
	if (!json_is_object(expr))
		return;
	in = ddl_node(expr, &type);
	if (in && !strcmp(type, "A_Expr") && !strcmp(sv(ddl_str(in, "kind")), "AEXPR_IN")) {
		json_t *items = json_object_get(ddl_node(json_object_get(in, "rexpr"), NULL), "items");
		const char *lt = NULL, *et = NULL;
		ddl_node(json_object_get(in, "lexpr"), &lt);
		ddl_node(json_array_get(items, 0), &et);
		/* no row on either side: (a, b) IN ((1, 2)) is a row comparison */
		if (json_array_size(items) == 1 && lt && et && strcmp(lt, "RowExpr") && strcmp(et, "RowExpr")) {
			json_object_set_new(in, "kind", json_string("AEXPR_OP"));
			json_object_set(in, "rexpr", json_array_get(items, 0));
		}
	}
	if (in && !strcmp(type, "A_Expr") && (!strcmp(sv(ddl_str(in, "kind")), "AEXPR_LIKE") ||
					      !strcmp(sv(ddl_str(in, "kind")), "AEXPR_ILIKE")))
		json_object_set_new(in, "kind", json_string("AEXPR_OP")); /* transformAExprOp() of ~~ / ~~* */
	if (in && !strcmp(type, "A_Expr"))
		varchar_comparison(in, t);
	if (in && !strcmp(type, "A_Expr")) {
		json_t *canon = in_list_canonical(in, t);
		if (canon) {
			json_object_set_new(expr, "A_Expr", json_incref(json_object_get(canon, "A_Expr")));
			json_decref(canon);
			return;
		}
	}
	if (in && !strcmp(type, "A_Expr") && !strcmp(sv(ddl_str(in, "kind")), "AEXPR_OP") &&
	    json_array_size(json_object_get(in, "name")) == 1) {
		const char *op = sv(ddl_sval(json_array_get(json_object_get(in, "name"), 0)));
		static const char *const sides[][2] = { { "lexpr", "rexpr" }, { "rexpr", "lexpr" } };
		if (!strcmp(op, "=") || !strcmp(op, "<>") || !strcmp(op, "<") || !strcmp(op, ">") ||
		    !strcmp(op, "<=") || !strcmp(op, ">=")) {
			for (i = 0; i < 2; i++) {
				const char *rt = NULL, *ot = NULL, *str;
				json_t *col = ddl_node(json_object_get(in, sides[i][0]), &rt), *ct, *lit;
				json_t *other = ddl_node(json_object_get(in, sides[i][1]), &ot);
				if (!col || strcmp(rt, "ColumnRef") || !(ct = comparable_column_type(t, col)))
					continue;
				if (other && !strcmp(ot, "A_Const") && (str = ddl_str(json_object_get(other, "sval"), "sval")))
					json_object_set_new(in, sides[i][1], string_as_literal(str, ddl_catalog_type(ct)));
				else if ((lit = number_for_column(json_object_get(in, sides[i][1]), ddl_catalog_type(ct))))
					json_object_set_new(in, sides[i][1], lit);
				else if ((lit = default_as_literal(json_object_get(in, sides[i][1]), ct)))
					json_object_set_new(in, sides[i][1], lit);
			}
		}
	}
	json_object_foreach(expr, key, val) {
		json_t *lit = default_as_literal(val, NULL);
		if (lit)
			json_object_set_new(expr, key, lit);
		else
			check_literals(val, t);
	}
}

/* The CHECK constraints of t with their expressions in check_literals()'s form. */
static void checks_catalog_form(struct table_shape *t)
{
	size_t i;

	for (i = 0; i < t->ncons; i++) {
		json_t *e;
		if (strcmp(sv(t->cons[i].contype), "CONSTR_CHECK") || !(e = json_object_get(t->cons[i].key, "raw_expr")))
			continue;
		e = json_deep_copy(e);
		check_literals(e, t);
		json_object_set_new(t->cons[i].key, "raw_expr", e);
	}
}

/* A boolean option value that defGetBoolean() reads as false: 0, false, off. */
static int is_false_option(json_t *arg)
{
	const char *type = NULL;
	json_t *inner = ddl_node(arg, &type);
	const char *s;

	if (!inner)
		return 0;
	if (!strcmp(type, "Integer"))
		return ddl_int(inner, "ival") == 0;
	if (!strcmp(type, "Boolean"))
		return !ddl_bool(inner, "boolval");
	if (!strcmp(type, "TypeName") && json_array_size(json_object_get(inner, "names")) == 1)
		s = ddl_sval(json_array_get(json_object_get(inner, "names"), 0)); /* off: a type name */
	else
		s = ddl_sval(arg);
	return s && (!strcasecmp(s, "false") || !strcasecmp(s, "off"));
}

/*
 * The text PostgreSQL stores for a reloption's value (transformRelOptions(): defGetString(),
 * "true" when there is none): WITH (fillfactor=90), pg_get_indexdef()'s (fillfactor='90')
 * and security_barrier / security_barrier='true' are one pg_class.reloptions entry.
 * NULL for a value of another kind (left as written).
 */
static char *option_text(json_t *arg)
{
	const char *type = NULL;
	json_t *in = ddl_node(arg, &type), *names;
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	json_t *x;

	if (!arg)
		return xstrdup("true");
	if (!in)
		return NULL;
	if (!strcmp(type, "Integer"))
		return xasprintf("%lld", ddl_int(in, "ival"));
	if (!strcmp(type, "Float"))
		return xstrdup(sv(ddl_str(in, "fval")));
	if (!strcmp(type, "Boolean"))
		return xstrdup(ddl_bool(in, "boolval") ? "true" : "false");
	if (!strcmp(type, "String"))
		return xstrdup(sv(ddl_str(in, "sval")));
	if (strcmp(type, "TypeName") || json_array_size(json_object_get(in, "typmods")) ||
	    json_array_size(json_object_get(in, "arrayBounds")) || ddl_bool(in, "setof") || ddl_bool(in, "pct_type"))
		return NULL;
	names = json_object_get(in, "names");
	json_array_foreach(names, i, x) {
		if (i)
			strbuf_addch(&sb, '.');
		strbuf_addstr(&sb, sv(ddl_sval(x)));
	}
	return strbuf_detach(&sb, NULL);
}

/* A list of reloption DefElems (new, caller decrefs) with each value as option_text() gives it. */
static json_t *reloptions_canonical(json_t *opts)
{
	json_t *out = json_array(), *d;
	size_t i;

	json_array_foreach(opts, i, d) {
		json_t *de = ddl_node(d, NULL), *c;
		char *text;
		if (!de || !(text = option_text(json_object_get(de, "arg")))) {
			json_array_append(out, d);
			continue;
		}
		c = json_copy(de);
		json_object_set_new(c, "arg", json_pack("{s{ss}}", "String", "sval", text));
		json_array_append_new(out, json_pack("{so}", "DefElem", c));
		free(text);
	}
	return out;
}

/* node (shallow copy, modified) with its reloptions list at key in reloptions_canonical() form. */
static void canonical_options_at(json_t *node, const char *key)
{
	json_t *opts = json_object_get(node, key);
	if (json_is_array(opts))
		json_object_set_new(node, key, reloptions_canonical(opts));
}

/*
 * A CreateStmt (shallow copy, caller decrefs) without the options that leave the
 * catalog as if they were not written: USING heap, TABLESPACE pg_default, and
 * WITH (oids = false), which PostgreSQL 12+ accepts and drops (reloptions stay NULL).
 */
/*
 * A partition bound's string constants as the constants the lexer reads from the same text
 * where no key type can tell them apart: '1' is 1, '-7' is -7, '2.50' is 2.50 (no sign but
 * '-', no redundant leading zero). The server coerces each to the key type and stores the
 * value (relpartbound identical, pg_get_expr() writes both IN ('1', '2') and IN (1, 2) as
 * IN (1, 2): checked); the key type is the parent's, out of sight here. '01', '+1', ' 1',
 * '1e3' stay strings: a text key keeps them as written.
 */
static void partbound_canonical(json_t *bound)
{
	static const char *const lists[] = { "listdatums", "lowerdatums", "upperdatums", NULL };
	const char *const *l;
	json_t *inner = json_object_get(bound, "PartitionBoundSpec");

	if (!inner)
		inner = bound;
	for (l = lists; *l; l++) {
		json_t *datums = json_object_get(inner, *l), *d;
		size_t i;
		json_array_foreach(datums, i, d) {
			const char *type = NULL, *str;
			json_t *c = ddl_node(d, &type), *lit = NULL;
			long long v;
			if (!c || strcmp(type, "A_Const") || !(str = ddl_str(json_object_get(c, "sval"), "sval")))
				continue;
			if (canonical_int4(str, &v))
				lit = v ? json_pack("{s{s{sI}}}", "A_Const", "ival", "ival", (json_int_t)v)
					: json_pack("{s{s{}}}", "A_Const", "ival");
			else if (decimal_with_point(str) && !(str[*str == '-'] == '0' && str[(*str == '-') + 1] != '.'))
				lit = json_pack("{s{s{ss}}}", "A_Const", "fval", "fval", str);
			if (lit)
				json_array_set_new(datums, i, lit);
		}
	}
}

static void column_elem(json_t *e);

static json_t *table_canonical(json_t *stmt)
{
	json_t *c = json_copy(stmt), *opts = json_object_get(stmt, "options"), *kept = json_array(), *d;
	size_t i;

	if (!strcmp(sv(ddl_str(stmt, "accessMethod")), DEFAULT_TABLE_AM))
		json_object_del(c, "accessMethod");
	if (!strcmp(sv(ddl_str(stmt, "tablespacename")), DEFAULT_TABLESPACE))
		json_object_del(c, "tablespacename");
	json_array_foreach(opts, i, d) {
		json_t *de = ddl_node(d, NULL);
		if (de && !ddl_str(de, "defnamespace") && !strcmp(sv(ddl_str(de, "defname")), "oids") &&
		    json_object_get(de, "arg") && is_false_option(json_object_get(de, "arg")))
			continue;
		json_array_append(kept, d);
	}
	if (json_is_array(opts)) {
		if (json_array_size(kept))
			json_object_set_new(c, "options", reloptions_canonical(kept));
		else
			json_object_del(c, "options");
	}
	json_decref(kept);
	if (json_object_get(c, "partbound"))
		partbound_canonical(json_object_get(c, "partbound"));
	if (json_is_object(json_object_get(stmt, "partspec"))) {
		json_t *spec = json_deep_copy(json_object_get(stmt, "partspec")), *p;
		json_array_foreach(json_object_get(spec, "partParams"), i, p)
			column_elem(ddl_node(p, NULL));
		json_object_set_new(c, "partspec", spec);
	}
	return c;
}

/*
 * The LIKE clauses of a CREATE TABLE's elements (new array, the caller decrefs): each
 * one's relation (pg_catalog.x is x, found first; an unqualified one was qualified by
 * qualified()), its INCLUDING / EXCLUDING options and the number of columns written
 * before it, which decides where its columns go. The columns a LIKE copies are the
 * source table's, which the blob does not show: until round 20 the clauses were not
 * compared at all, and LIKE a against LIKE b (or INCLUDING ALL against none) was PATCH.
 */
static json_t *like_clauses(json_t *elts, json_t *names)
{
	json_t *out = json_array(), *e;
	size_t i, columns = 0;

	json_array_foreach(elts, i, e) {
		const char *type = NULL;
		json_t *in = ddl_node(e, &type), *rv;
		if (in && !strcmp(type, "ColumnDef"))
			columns++;
		if (!in || strcmp(type, "TableLikeClause"))
			continue;
		rv = json_object_get(in, "relation");
		const char *schema = ddl_str(rv, "schemaname");
		if (schema && !strcmp(schema, "pg_catalog"))
			schema = NULL;
		char *name = xasprintf("%s%s%s", schema ? schema : "", schema ? "." : "", sv(ddl_str(rv, "relname")));
		/* the bits of PostgreSQL 15's nine options (CREATE_TABLE_LIKE_COMMENTS ... _STORAGE):
		   INCLUDING ALL sets every bit, written out it is the same nine */
		json_array_append_new(out, json_pack("{sssIsI}", "relation", name, "options",
						     json_integer_value(json_object_get(in, "options")) & 0x1FF,
						     "position", (json_int_t)columns));
		json_array_append_new(names, json_string(name));
		free(name);
	}
	return out;
}

/* schema_o, schema_n: each table's schema; created_o, created_n: the names each table was
   created under, when a statement of its blob renamed it (its constraints and identity
   sequences are named after the first); NULL: n's name for both. */
static void compare_table(json_t *o, json_t *n, const char *schema_o, const char *schema_n, struct verdict *v,
			  int foreign, json_t *later_o, json_t *later_n, const char *created_o, const char *created_n)
{
	struct table_shape to, tn;
	const char *relname = sv(ddl_str(json_object_get(n, "relation"), "relname"));
	const char *relname_o = created_o ? created_o : relname, *relname_n = created_n ? created_n : relname;
	static const char *const skip[] = { "relation", "tableElts", "if_not_exists", NULL };
	json_t *ro = json_object_get(o, "relation"), *rn = json_object_get(n, "relation");

	read_table(json_object_get(o, "tableElts"), o, relname_o, &to);
	read_table(json_object_get(n, "tableElts"), n, relname_n, &tn);
	/* each table's own name, for the names generated from it (identity sequences) */
	to.relname = created_o ? created_o : sv(ddl_str(ro, "relname"));
	tn.relname = created_n ? created_n : sv(ddl_str(rn, "relname"));
	to.relschema = schema_o;
	tn.relschema = schema_n;
	if (!foreign) {
		/* NOT VALID in CREATE TABLE itself: the new table is empty, and PostgreSQL marks its
		   CHECK and FOREIGN KEY constraints valid all the same (transformCheckConstraints(),
		   transformFKConstraints(); a foreign table's stay NOT VALID) */
		for (size_t i = 0; i < to.ncons; i++)
			to.cons[i].not_valid = 0;
		for (size_t i = 0; i < tn.ncons; i++)
			tn.cons[i].not_valid = 0;
	}
	add_later_constraints(&to, relname_o, later_o);
	add_later_constraints(&tn, relname_n, later_n);
	checks_catalog_form(&to);
	checks_catalog_form(&tn);
	compare_columns(&to, &tn, v, 1);
	compare_constraints(&to, &tn, v);
	free_table(&to);
	free_table(&tn);
	{
		/* LIKE another table, other options or at another place: other columns, which the
		   blob does not show (as an inheritance changed) */
		json_t *names_o = json_array(), *names_n = json_array();
		json_t *lo = like_clauses(json_object_get(o, "tableElts"), names_o);
		json_t *ln = like_clauses(json_object_get(n, "tableElts"), names_n);
		if (!json_equal(lo, ln)) {
			json_object_set_new(v->detail, "like_changed", json_pack("{sOsO}", "old", names_o, "new", names_n));
			escalate(v, SEV_MAJOR, HZ_ACCESS_EXCLUSIVE_LOCK | HZ_BREAKS_COMPATIBILITY | HZ_TABLE_REWRITE);
		}
		json_decref(lo);
		json_decref(ln);
		json_decref(names_o);
		json_decref(names_n);
	}
	if (strcmp(sv(ddl_str(ro, "relpersistence")), sv(ddl_str(rn, "relpersistence")))) {
		json_object_set_new(v->detail, "persistence_changed",
				    json_pack("{ssss}", "old", sv(ddl_str(ro, "relpersistence")), "new",
					      sv(ddl_str(rn, "relpersistence"))));
		escalate(v, SEV_MINOR, HZ_TABLE_REWRITE | HZ_ACCESS_EXCLUSIVE_LOCK);
	}
	json_t *co = table_canonical(o), *cn = table_canonical(n);
	int options_changed = other_fields(co, cn, skip, v->detail, "table_options_changed");
	json_decref(co);
	json_decref(cn);
	if (options_changed) {
		json_t *changed = json_object_get(v->detail, "table_options_changed");
		size_t i;
		json_t *k;
		json_array_foreach(changed, i, k) {
			const char *f = json_string_value(k);
			if (!strcmp(f, "partspec") || !strcmp(f, "inhRelations") || !strcmp(f, "partbound"))
				escalate(v, SEV_MAJOR, HZ_ACCESS_EXCLUSIVE_LOCK | HZ_BREAKS_COMPATIBILITY |
						    (strcmp(f, "partbound") ? HZ_TABLE_REWRITE : HZ_DEPENDS_ON_EXISTING_DATA));
			else if (!strcmp(f, "tablespacename") || !strcmp(f, "accessMethod"))
				escalate(v, SEV_MINOR, HZ_TABLE_REWRITE | HZ_ACCESS_EXCLUSIVE_LOCK);
			else
				escalate(v, SEV_MINOR, foreign ? 0 : HZ_ACCESS_EXCLUSIVE_LOCK);
		}
	}
}

/* Output column names of a SELECT: the view's column aliases first, then as FigureColname() derives them. */
static json_t *output_columns(json_t *query, json_t *aliases)
{
	json_t *out = json_array();
	const char *name;
	size_t i;

	for (i = 0; (name = ddl_select_colname(query, i)); i++) {
		if (i < json_array_size(aliases))
			name = sv(ddl_sval(json_array_get(aliases, i)));
		json_array_append_new(out, json_string(name));
	}
	return out;
}

/* A materialized view's IntoClause (shallow copy, caller decrefs; NULL for NULL) without
   USING heap and TABLESPACE pg_default, its reloptions as stored */
static json_t *view_into_canonical(json_t *into)
{
	json_t *c;

	if (!into)
		return NULL;
	c = json_copy(into);
	if (!strcmp(sv(ddl_str(into, "accessMethod")), DEFAULT_TABLE_AM))
		json_object_del(c, "accessMethod");
	if (!strcmp(sv(ddl_str(into, "tableSpaceName")), DEFAULT_TABLESPACE))
		json_object_del(c, "tableSpaceName");
	canonical_options_at(c, "options");
	return c;
}

/* A ColumnRef of one field (a bare column name): the name, else NULL */
static const char *bare_column(json_t *node)
{
	const char *type = NULL;
	json_t *in = ddl_node(node, &type), *fields;

	if (!in || strcmp(type, "ColumnRef"))
		return NULL;
	fields = json_object_get(in, "fields");
	return json_array_size(fields) == 1 ? ddl_sval(json_array_get(fields, 0)) : NULL;
}

/* Qualify (in place) every bare column name in tree with rel, not inside a sub-select,
   whose names may be its own FROM's or the outer query's */
static void qualify_columns(json_t *tree, const char *rel)
{
	const char *key;
	json_t *val;
	size_t i;

	if (json_is_array(tree)) {
		json_array_foreach(tree, i, val)
			qualify_columns(val, rel);
		return;
	}
	if (!json_is_object(tree) || json_object_get(tree, "SubLink"))
		return;
	if (bare_column(tree)) {
		json_t *fields = json_object_get(json_object_get(tree, "ColumnRef"), "fields");
		json_array_insert_new(fields, 0, json_pack("{s{ss}}", "String", "sval", rel));
		return;
	}
	json_object_foreach(tree, key, val)
		qualify_columns(val, rel);
}

/* The unqualified relations of a query (RangeVar inner nodes, appended to relations) and the
   names of its CTEs (WITH x AS ..., keys of ctes), at any depth, in one walk. A pg_catalog.X
   is made X on the way. FOR UPDATE OF names FROM items, not relations (the server refuses
   them qualified): not walked. The target of an INSERT, UPDATE, DELETE or MERGE (a rule's
   action, a data-modifying WITH) is a relation too, written as the bare fields of a
   RangeVar. */
static void query_relation(json_t *rv, json_t *relations)
{
	const char *written = ddl_str(rv, "schemaname");

	if (!json_is_object(rv) || ddl_str(rv, "catalogname") || !ddl_str(rv, "relname"))
		return;
	if (written && !strcmp(written, "pg_catalog"))
		json_object_del(rv, "schemaname");
	else if (!written)
		json_array_append(relations, rv);
}

/*
 * The one rule for an unqualified name of an existing relation or type: the schema it is
 * compared in, or NULL where it stays as written. PostgreSQL looks both up along the same
 * path (RelnameGetRelid() and TypenameGetTypid() walk the active search path: pg_catalog
 * first unless the path names it later, then the path's schemas), so in_catalog (the
 * name is one of PostgreSQL 15's pg_catalog relations, ddl_catalog_relation(), or types,
 * ddl_catalog_type()) keeps it as written and any other name is ref_schema's, the schema
 * the blob's search_path gives an existing object (struct ddl_identity's ref_schema, the
 * first schema of the path at the defining statement; NULL when there is none). The
 * server stores the object it found (its oid), so REFERENCES r and REFERENCES public.r,
 * a mytype and a public.mytype are one object where the path says public. Until round 20
 * relations had a rule of their own: a name beginning with pg_ was left as written,
 * which kept a user's table pg_t apart from public.pg_t while its row type pg_t was
 * qualified (REFERENCES pg_t against REFERENCES public.pg_t was a foreign key changed).
 */
static const char *unqualified_schema(int in_catalog, const char *ref_schema)
{
	return in_catalog ? NULL : ref_schema;
}

/*
 * What an unqualified relation name of a blob means (unqualified_schema()'s rule), for
 * the relations of a query (a view's, a rule's actions, a policy's sub-selects:
 * qualify_relations()) and the tables a table refers to (REFERENCES, INHERITS, PARTITION
 * OF, LIKE: qualified()). Left as written (NULL) besides: a name already qualified, a
 * name of ctes (the query's WITH names, may be NULL: FROM x after WITH x AS ... is the
 * CTE; scopes are not followed).
 */
static const char *relation_schema(json_t *rv, const char *ref_schema, json_t *ctes)
{
	const char *name = ddl_str(rv, "relname");

	if (!json_is_object(rv) || !name || ddl_str(rv, "schemaname") || (ctes && json_object_get(ctes, name)))
		return NULL;
	return unqualified_schema(ddl_catalog_relation(name), ref_schema);
}

static void query_relations(json_t *tree, json_t *relations, json_t *ctes)
{
	static const char *const dml[] = { "InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt" };
	const char *key;
	json_t *val, *rv;
	size_t i;

	if (json_is_array(tree)) {
		json_array_foreach(tree, i, val)
			query_relations(val, relations, ctes);
		return;
	}
	if (!json_is_object(tree))
		return;
	if (json_object_size(tree) == 1 && (rv = json_object_get(tree, "RangeVar"))) {
		query_relation(rv, relations);
		return;
	}
	for (i = 0; json_object_size(tree) == 1 && i < sizeof(dml) / sizeof(dml[0]); i++)
		if ((val = json_object_get(tree, dml[i])))
			query_relation(json_object_get(val, "relation"), relations);
	if ((val = json_object_get(tree, "CommonTableExpr")) && ddl_str(val, "ctename"))
		json_object_set_new(ctes, ddl_str(val, "ctename"), json_true());
	json_object_foreach(tree, key, val)
		if (strcmp(key, "lockingClause"))
			query_relations(val, relations, ctes);
}

/*
 * Qualify (in place) every unqualified relation of a query's FROM lists, joins,
 * sub-selects and DML targets as relation_schema() says, with ref_schema the blob's
 * (pg_catalog.pg_class is written pg_class on the way, as FROM pg_class stays).
 */
static void qualify_relations(json_t *query, const char *ref_schema)
{
	json_t *relations = json_array(), *ctes = json_object(), *rv;
	const char *schema;
	size_t i;

	query_relations(query, relations, ctes);
	json_array_foreach(relations, i, rv)
		if ((schema = relation_schema(rv, ref_schema, ctes)))
			json_object_set_new(rv, "schemaname", json_string(schema));
	json_decref(relations);
	json_decref(ctes);
}

/*
 * A view's query (new, the caller decrefs) as pg_get_viewdef() writes it, where the text
 * alone can tell: with one table (or CTE) in FROM and no set operation, every bare column
 * of the select list, WHERE and HAVING is that table's (there is no outer query), so
 * SELECT a FROM t is SELECT t.a FROM t (x.a after FROM t x); an ORDER BY name is the
 * output column of that name (its expression, when it is a column) or else a column of
 * the table, a GROUP BY name a column of the table unless an output column has that name
 * and another expression; an alias the output column would get anyway (a AS a,
 * lower(b) AS lower) is left out. The server stores the same pg_rewrite.ev_action for
 * each pair (checked). Sub-selects are kept as written (a bare name there may be the
 * outer query's), and so are joins and several tables: which table has the column is
 * the catalog's to say.
 */
static json_t *view_query_canonical(json_t *query, const char *ref_schema)
{
	json_t *q = json_deep_copy(query), *sel, *from, *rv, *targets, *t, *sort, *group, *x;
	const char *type = NULL, *rel;
	size_t i, j;

	if (ref_schema)
		qualify_relations(q, ref_schema);
	sel = ddl_node(q, &type);
	if (!sel || strcmp(type, "SelectStmt") || strcmp(sv(ddl_str(sel, "op")), "SETOP_NONE") ||
	    json_object_get(sel, "valuesLists"))
		return q;
	from = json_object_get(sel, "fromClause");
	rv = json_array_size(from) == 1 ? ddl_node(json_array_get(from, 0), &type) : NULL;
	if (!rv || strcmp(type, "RangeVar"))
		return q;
	rel = ddl_str(json_object_get(rv, "alias"), "aliasname");
	if (!rel)
		rel = ddl_str(rv, "relname");
	if (!rel)
		return q;
	targets = json_object_get(sel, "targetList");
	/* ORDER BY / GROUP BY names first: they are matched with the output names as written */
	sort = json_object_get(sel, "sortClause");
	group = json_object_get(sel, "groupClause");
	for (j = 0; j < json_array_size(sort) + json_array_size(group); j++) {
		json_t *holder = j < json_array_size(sort) ? ddl_node(json_array_get(sort, j), NULL) : NULL;
		json_t *node = holder ? json_object_get(holder, "node") : json_array_get(group, j - json_array_size(sort));
		const char *name = bare_column(node), *out;
		json_t *match = NULL;
		int matches = 0;
		if (!name) {
			qualify_columns(node, rel); /* an expression: of the table's columns */
			continue;
		}
		for (i = 0; (out = ddl_select_colname(q, i)); i++)
			if (!strcmp(out, name)) {
				matches++;
				match = json_object_get(ddl_node(json_array_get(targets, i), NULL), "val");
			}
		if (!matches) {
			qualify_columns(node, rel);
		} else if (matches == 1) {
			/* ORDER BY: the output column's expression (a constant would read as a position);
			   GROUP BY: the table's column first, so only an output column that is it */
			const char *mt = NULL;
			json_t *col = json_deep_copy(match), *f;
			int ok;
			qualify_columns(col, rel);
			ddl_node(match, &mt);
			f = json_object_get(ddl_node(col, NULL), "fields");
			if (holder)
				ok = mt && strcmp(mt, "A_Const");
			else
				ok = mt && !strcmp(mt, "ColumnRef") && json_array_size(f) == 2 &&
				     !strcmp(sv(ddl_sval(json_array_get(f, 0))), rel) && !strcmp(sv(ddl_sval(json_array_get(f, 1))), name);
			if (!ok)
				json_decref(col);
			else if (holder)
				json_object_set_new(holder, "node", col);
			else
				json_array_set_new(group, j - json_array_size(sort), col);
		}
	}
	qualify_columns(targets, rel);
	qualify_columns(json_object_get(sel, "whereClause"), rel);
	qualify_columns(json_object_get(sel, "havingClause"), rel);
	json_array_foreach(targets, i, t) {
		json_t *rt = ddl_node(t, NULL);
		const char *name = ddl_str(rt, "name"), *figured;
		if (!name || !(x = json_object_get(rt, "val")))
			continue;
		figured = ddl_figure_colname(x);
		if (!strcmp(name, figured ? figured : "?column?"))
			json_object_del(rt, "name");
	}
	return q;
}

static void compare_view(json_t *o, json_t *n, const char *ref_o, const char *ref_n, struct verdict *v, int matview)
{
	json_t *qo = json_object_get(o, "query"), *qn = json_object_get(n, "query");
	json_t *ao = matview ? json_object_get(json_object_get(o, "into"), "colNames") : json_object_get(o, "aliases");
	json_t *an = matview ? json_object_get(json_object_get(n, "into"), "colNames") : json_object_get(n, "aliases");
	json_t *co = output_columns(qo, ao), *cn = output_columns(qn, an);
	size_t i, common = json_array_size(co) < json_array_size(cn) ? json_array_size(co) : json_array_size(cn);
	int prefix = 1;
	static const char *const skip_view[] = { "view", "query", "aliases", "replace", NULL };
	static const char *const skip_mv[] = { "into", "query", "if_not_exists", NULL };

	for (i = 0; i < common; i++)
		if (!json_equal(json_array_get(co, i), json_array_get(cn, i)))
			prefix = 0;
	json_t *cqo = qo ? view_query_canonical(qo, ref_o) : NULL, *cqn = qn ? view_query_canonical(qn, ref_n) : NULL;
	int query_changed = !same_json(cqo, cqn);
	json_decref(cqo);
	json_decref(cqn);
	if (query_changed) {
		json_object_set_new(v->detail, "query_changed", json_true());
		escalate(v, SEV_MINOR, matview ? HZ_ACCESS_EXCLUSIVE_LOCK : 0);
	}
	if (!prefix || json_array_size(cn) < json_array_size(co)) {
		json_object_set_new(v->detail, "columns_old", json_incref(co));
		json_object_set_new(v->detail, "columns_new", json_incref(cn));
		escalate(v, SEV_MAJOR, HZ_BREAKS_COMPATIBILITY);
	} else if (json_array_size(cn) > json_array_size(co)) {
		json_t *added = json_array();
		for (i = json_array_size(co); i < json_array_size(cn); i++)
			json_array_append(added, json_array_get(cn, i));
		json_object_set_new(v->detail, "columns_added", added);
		escalate(v, SEV_MINOR, 0);
	}
	if (matview) {
		static const char *const into_skip[] = { "rel", "colNames", NULL };
		json_t *io = view_into_canonical(json_object_get(o, "into")), *in = view_into_canonical(json_object_get(n, "into"));
		if (!same_except(io, in, into_skip)) {
			add_item(v->detail, "options_changed", json_string("into"));
			escalate(v, SEV_MINOR, 0);
		}
		json_decref(io);
		json_decref(in);
		/* CREATE UNLOGGED TABLE ... AS: the table's own (round 22; rel was skipped whole with
		   its name, which the identity compares, and UNLOGGED was PATCH) */
		const char *po = sv(ddl_str(json_object_get(json_object_get(o, "into"), "rel"), "relpersistence"));
		const char *pn = sv(ddl_str(json_object_get(json_object_get(n, "into"), "rel"), "relpersistence"));
		if (strcmp(po, pn)) {
			json_object_set_new(v->detail, "persistence_changed", json_pack("{ssss}", "old", po, "new", pn));
			escalate(v, SEV_MINOR, HZ_TABLE_REWRITE | HZ_ACCESS_EXCLUSIVE_LOCK);
		}
		if (other_fields(o, n, skip_mv, v->detail, "options_changed"))
			escalate(v, SEV_MINOR, 0);
	} else {
		json_t *vo = json_copy(o), *vn = json_copy(n);
		canonical_options_at(vo, "options");
		canonical_options_at(vn, "options");
		if (other_fields(vo, vn, skip_view, v->detail, "options_changed"))
			escalate(v, SEV_MINOR, 0);
		json_decref(vo);
		json_decref(vn);
	}
	json_decref(co);
	json_decref(cn);
}

/* DefElem list -> object keyed by defname (value: the arg). */
static json_t *defelems(json_t *list)
{
	json_t *obj = json_object();
	size_t i;
	json_t *d;

	json_array_foreach(list, i, d) {
		json_t *de = ddl_node(d, NULL);
		const char *name = ddl_str(de, "defname");
		if (name)
			json_object_set(obj, name, json_object_get(de, "arg") ? json_object_get(de, "arg") : json_null());
	}
	return obj;
}

static const char *volatility_of(json_t *opts)
{
	json_t *a = json_object_get(opts, "volatility");
	const char *s = a ? ddl_sval(a) : NULL;
	return s ? s : "volatile";
}

/* SECURITY DEFINER is the option "security" with a Boolean true argument. */
static int security_definer(json_t *opts)
{
	json_t *b = ddl_node(json_object_get(opts, "security"), NULL);
	return json_is_true(json_object_get(b, "boolval"));
}

static int volatility_rank(const char *v)
{
	return !strcmp(v, "immutable") ? 0 : !strcmp(v, "stable") ? 1 : 2;
}

/* Parse a LANGUAGE sql body; NULL when there is none or it does not parse. Free with ddl_blob_free(). */
static struct ddl_blob *sql_body_tree(const char *body)
{
	struct ddl_blob *b;
	if (!body)
		return NULL;
	b = ddl_blob_parse(body);
	if (b->rc != 0) {
		ddl_blob_free(b);
		return NULL;
	}
	return b;
}

/* Same parameter lists once each parameter node's "name" and "defexpr" are left out (types as same_type()). */
/* A parameter's mode as the catalog has it: no mode written is IN (pg_get_functiondef()
   writes IN for a procedure's parameters; f(a int) and f(IN a int) were a signature change) */
static const char *param_mode(json_t *param)
{
	const char *m = ddl_str(param, "mode");
	return !m || !strcmp(m, "FUNC_PARAM_DEFAULT") ? "FUNC_PARAM_IN" : m;
}

/* A parameter's mode as a caller sees it: a RETURNS TABLE column is an OUT parameter
   (proargmodes 't' and 'o' give the same result row; CREATE OR REPLACE turns one into
   the other, checked), so f(OUT b int) RETURNS SETOF int and RETURNS TABLE (b int) are
   one signature. The spelling is compared apart (returns_table_respelled). */
static const char *param_mode_for_callers(json_t *param)
{
	const char *m = param_mode(param);
	return !strcmp(m, "FUNC_PARAM_TABLE") ? "FUNC_PARAM_OUT" : m;
}

/*
 * A parameter list as its callers see it (new, the caller decrefs): the input parameters
 * in order (IN, VARIADIC, and the input half of an INOUT, with its default), then the
 * output ones (OUT, RETURNS TABLE columns, and the output half of an INOUT). f(INOUT a
 * int) and f(IN a int, OUT a int) take and return the same (checked on PostgreSQL 15:
 * the same identity arguments and result, CREATE OR REPLACE turns one into the other;
 * proargmodes {b} against {i,o}): they were MAJOR, signature_changed. A list that is no
 * array is returned as it is.
 */
static json_t *params_for_callers(json_t *params)
{
	json_t *in = json_array(), *out = json_array(), *p;
	size_t i;

	if (!json_is_array(params)) {
		json_decref(in);
		json_decref(out);
		return json_incref(params);
	}
	json_array_foreach(params, i, p) {
		json_t *f = ddl_node(p, NULL);
		const char *m = f ? param_mode(f) : "";
		if (!strcmp(m, "FUNC_PARAM_INOUT")) {
			json_t *half = json_copy(f);
			json_object_set_new(half, "mode", json_string("FUNC_PARAM_IN"));
			json_array_append_new(in, json_pack("{so}", "FunctionParameter", half));
			half = json_copy(f);
			json_object_set_new(half, "mode", json_string("FUNC_PARAM_OUT"));
			json_object_del(half, "defexpr");
			json_array_append_new(out, json_pack("{so}", "FunctionParameter", half));
		} else if (!strcmp(m, "FUNC_PARAM_OUT") || !strcmp(m, "FUNC_PARAM_TABLE")) {
			json_array_append(out, p);
		} else {
			json_array_append(in, p);
		}
	}
	json_array_extend(in, out);
	json_decref(out);
	return in;
}

/* Whether two parameter lists have their INOUT parameters at the same places (and the
   same length): else one is written with INOUT where the other splits it */
static int same_inout_places(json_t *po, json_t *pn)
{
	size_t i;

	if (!json_is_array(po) || !json_is_array(pn) || json_array_size(po) != json_array_size(pn))
		return 0;
	for (i = 0; i < json_array_size(po); i++) {
		json_t *x = ddl_node(json_array_get(po, i), NULL), *y = ddl_node(json_array_get(pn, i), NULL);
		if ((x && !strcmp(param_mode(x), "FUNC_PARAM_INOUT")) != (y && !strcmp(param_mode(y), "FUNC_PARAM_INOUT")))
			return 0;
	}
	return 1;
}

/*
 * A function's argument or result type as pg_proc holds it: proargtypes, proallargtypes and
 * prorettype are type oids, without the modifier (f(a varchar(5)) is f(a character varying),
 * char is bpchar; pg_dump writes them so). Caller frees.
 */
static char *proc_type_text(json_t *tn)
{
	json_t *bare = json_copy(tn);
	char *s;
	json_object_del(bare, "typmods");
	s = ddl_format_type(bare);
	json_decref(bare);
	return s;
}

/* Two argument types alike in pg_proc (proc_type_text()); two absent ones are alike */
static int same_proc_type(json_t *a, json_t *b) { return same_type_text(a, b, proc_type_text); }

static int same_param_types(json_t *po, json_t *pn)
{
	static const char *const skip[] = { "name", "defexpr", "argType", "mode", NULL };
	size_t i;

	if (!json_is_array(po) || !json_is_array(pn))
		return same_json(po, pn);
	if (json_array_size(po) != json_array_size(pn))
		return 0;
	for (i = 0; i < json_array_size(po); i++) {
		json_t *x = json_array_get(po, i), *y = json_array_get(pn, i);
		const char *tx = NULL, *ty = NULL;
		json_t *ix = ddl_node(x, &tx), *iy = ddl_node(y, &ty);
		if (ix && iy) {
			if (strcmp(tx, ty) || !same_except(ix, iy, skip) || strcmp(param_mode_for_callers(ix), param_mode_for_callers(iy)) ||
			    !same_proc_type(json_object_get(ix, "argType"), json_object_get(iy, "argType")))
				return 0;
		} else if (ix || iy || !json_equal(x, y)) {
			/* a node against a non-node is never equal, trimmed or not */
			return 0;
		}
	}
	return 1;
}

/*
 * The result type of a CREATE FUNCTION as format_type() spells prorettype: RETURNS as written,
 * else what the OUT / INOUT parameters imply (one: its type; more: record), as
 * interpret_function_parameter_list() derives it; "" for a procedure. Caller frees.
 */
static char *result_type(json_t *f)
{
	json_t *rt = json_object_get(f, "returnType"), *p, *out = NULL;
	size_t i, nout = 0;

	if (rt)
		return proc_type_text(rt);
	json_array_foreach(json_object_get(f, "parameters"), i, p) {
		const char *mode = sv(ddl_str(ddl_node(p, NULL), "mode"));
		if (!strcmp(mode, "FUNC_PARAM_OUT") || !strcmp(mode, "FUNC_PARAM_INOUT") ||
		    !strcmp(mode, "FUNC_PARAM_TABLE")) {
			out = json_object_get(ddl_node(p, NULL), "argType");
			nout++;
		}
	}
	if (ddl_bool(f, "is_procedure") || nout == 0)
		return xstrdup("");
	return nout == 1 && out ? proc_type_text(out) : xstrdup("record");
}

/* The number an option's argument says (Integer, or Float as written: COST 100.0) */
static double option_number(json_t *arg)
{
	const char *type = NULL;
	json_t *in = ddl_node(arg, &type);
	if (!in)
		return -1;
	if (!strcmp(type, "Integer"))
		return (double)ddl_int(in, "ival");
	if (!strcmp(type, "Float") && ddl_str(in, "fval"))
		return strtod(ddl_str(in, "fval"), NULL);
	return -1;
}

/*
 * Leave out of a CREATE FUNCTION's options (defelems()) those that say what
 * CreateFunction() takes when they are not written: VOLATILE, CALLED ON NULL INPUT,
 * SECURITY INVOKER, NOT LEAKPROOF, PARALLEL UNSAFE, COST 1 for C and internal functions
 * and 100 for the others, ROWS 1000 for a set-returning one, LANGUAGE sql with a SQL-standard
 * body. The catalog holds the same function either way (pg_get_functiondef() writes
 * none of them, other tools write some): writing one was an attribute change (MINOR).
 */
static void drop_default_options(json_t *opts, json_t *f)
{
	const char *lang = ddl_sval(json_object_get(opts, "language"));
	double cost = lang && (!strcmp(lang, "c") || !strcmp(lang, "internal")) ? 1 : 100;
	const char *s;
	json_t *a;

	if ((s = ddl_sval(json_object_get(opts, "volatility"))) && !strcmp(s, "volatile"))
		json_object_del(opts, "volatility");
	if ((s = ddl_sval(json_object_get(opts, "parallel"))) && !strcmp(s, "unsafe"))
		json_object_del(opts, "parallel");
	static const char *const false_by_default[] = { "strict", "security", "leakproof", "window", NULL };
	for (const char *const *k = false_by_default; *k; k++) {
		json_t *b = ddl_node(json_object_get(opts, *k), NULL);
		if ((a = json_object_get(opts, *k)) && b && !json_is_true(json_object_get(b, "boolval")))
			json_object_del(opts, *k);
	}
	if ((a = json_object_get(opts, "cost")) && option_number(a) == cost)
		json_object_del(opts, "cost");
	if ((a = json_object_get(opts, "rows")) && option_number(a) == 1000 &&
	    ddl_bool(json_object_get(f, "returnType"), "setof"))
		json_object_del(opts, "rows");
	if (lang && !strcmp(lang, "sql") && json_object_get(f, "sql_body"))
		json_object_del(opts, "language");
}

static void compare_function(json_t *o, json_t *n, struct verdict *v)
{
	json_t *oo = defelems(json_object_get(o, "options")), *on = defelems(json_object_get(n, "options"));
	drop_default_options(oo, o);
	drop_default_options(on, n);
	json_t *attrs = json_array();
	const char *k;
	json_t *val;
	json_t *raw_po = json_object_get(o, "parameters"), *raw_pn = json_object_get(n, "parameters");
	/* a procedure's OUT parameters are arguments of its CALL: no split there (CALL p(1)
	   finds p(INOUT a int), not p(IN a int, OUT a int); checked) */
	int procedure = ddl_bool(o, "is_procedure") || ddl_bool(n, "is_procedure");
	json_t *po = procedure ? json_incref(raw_po) : params_for_callers(raw_po);
	json_t *pn = procedure ? json_incref(raw_pn) : params_for_callers(raw_pn);
	size_t i;
	json_t *p;
	int sig = 0;
	char *ro = result_type(o), *rn = result_type(n);
	int same_result = !strcmp(ro, rn);

	free(ro);
	free(rn);
	/* signature: argument types and modes, the result; then names and defaults */
	if (!same_param_types(po, pn) || !same_result) {
		sig = 1;
		json_object_set_new(v->detail, "signature_changed", json_true());
		escalate(v, SEV_MAJOR, HZ_BREAKS_COMPATIBILITY);
	} else if (!same_json(po, pn)) {
		/* same types: parameter names or defaults changed (or only a type's spelling) */
		int names = 0, defaults = 0, respelled = 0;
		json_t *removed = json_array();
		json_array_foreach(po, i, p) {
			json_t *q = ddl_node(json_array_get(pn, i), NULL);
			if (strcmp(param_mode(ddl_node(p, NULL)), param_mode(q)))
				respelled = 1; /* OUT against a RETURNS TABLE column: the catalog differs */
			if (strcmp(sv(ddl_str(ddl_node(p, NULL), "name")), sv(ddl_str(q, "name"))))
				names = 1;
			if (!same_default(json_object_get(ddl_node(p, NULL), "defexpr"), json_object_get(q, "defexpr"),
					  json_object_get(ddl_node(p, NULL), "argType"), json_object_get(q, "argType")))
				defaults = 1;
			/* a default dropped: a call that left the argument out finds no function (and
			   CREATE OR REPLACE refuses it: the function is dropped and created again) */
			if (json_object_get(ddl_node(p, NULL), "defexpr") && !json_object_get(q, "defexpr")) {
				const char *name = ddl_str(ddl_node(p, NULL), "name");
				json_array_append_new(removed, name ? json_string(name) : json_sprintf("$%zu", i + 1));
			}
		}
		if (names || defaults) {
			json_object_set_new(v->detail, names ? "parameter_names_changed" : "parameter_defaults_changed",
					    json_true());
			escalate(v, names ? SEV_MAJOR : SEV_MINOR, names ? HZ_BREAKS_COMPATIBILITY : 0);
		}
		if (respelled) {
			/* pg_proc.proargmodes 'o' against 't', pg_get_functiondef() writes each as it is:
			   stored otherwise, though no caller can tell */
			json_object_set_new(v->detail, "returns_table_respelled", json_true());
			escalate(v, SEV_MINOR, 0);
		}

		if (json_array_size(removed)) {
			json_object_set(v->detail, "parameter_defaults_removed", removed);
			escalate(v, SEV_MAJOR, HZ_BREAKS_COMPATIBILITY);
		}
		json_decref(removed);
	}
	if (!sig && (json_array_size(raw_po) || json_array_size(raw_pn)) && !same_inout_places(raw_po, raw_pn)) {
		/* INOUT a against IN a, OUT a: proargmodes 'b' against 'i', 'o', the same to callers */
		json_object_set_new(v->detail, "inout_respelled", json_true());
		escalate(v, SEV_MINOR, 0);
	}
	json_object_set_new(v->detail, "signature_changed", json_boolean(sig));
	json_decref(po);
	json_decref(pn);

	/* body: "as" option or a SQL-standard body */
	{
		json_t *bo = json_object_get(oo, "as"), *bn = json_object_get(on, "as");
		json_t *so = json_object_get(o, "sql_body"), *sn = json_object_get(n, "sql_body");
		int changed = !same_json(bo, bn) || !same_json(so, sn);
		int formatting = 0;
		const char *lang_o = ddl_sval(json_object_get(oo, "language"));
		const char *lang_n = ddl_sval(json_object_get(on, "language"));
		if (changed && lang_o && lang_n && !strcmp(lang_o, "sql") && !strcmp(lang_n, "sql") &&
		    same_json(so, sn)) {
			json_t *lo = ddl_list_items(bo), *ln = ddl_list_items(bn);
			struct ddl_blob *to = sql_body_tree(ddl_sval(json_array_get(lo, 0)));
			struct ddl_blob *tn = sql_body_tree(ddl_sval(json_array_get(ln, 0)));
			if (to && tn && json_array_size(lo) == 1 && json_array_size(ln) == 1) {
				/* its literals read as at run time (.5 is 0.5, '{05}'::int[] is '{5}'), as in a view */
				json_t *co = literals_canonical(to->parsed.stmts), *cn = literals_canonical(tn->parsed.stmts);
				formatting = json_equal(co ? co : to->parsed.stmts, cn ? cn : tn->parsed.stmts);
				json_decref(co);
				json_decref(cn);
			}
			ddl_blob_free(to);
			ddl_blob_free(tn);
		}
		json_object_set_new(v->detail, "body_changed", json_boolean(changed && !formatting));
		if (formatting) {
			json_object_set_new(v->detail, "body_formatting_only", json_true());
			escalate(v, SEV_PATCH, 0);
		} else if (changed) {
			escalate(v, SEV_MINOR, 0);
		}
	}

	/* attributes: every other option; the language as each side runs it (LANGUAGE sql was
	   left out above beside a SQL-standard body, and AS 'select a' against RETURN a listed
	   a language changed between two sql functions) */
	const char *run_o = ddl_sval(json_object_get(oo, "language")), *run_n = ddl_sval(json_object_get(on, "language"));
	run_o = run_o ? run_o : json_object_get(o, "sql_body") ? "sql" : NULL;
	run_n = run_n ? run_n : json_object_get(n, "sql_body") ? "sql" : NULL;
	int same_language = run_o && run_n && !strcmp(run_o, run_n);
	json_object_foreach(oo, k, val)
		if (strcmp(k, "as") && !(same_language && !strcmp(k, "language")) &&
		    !json_equal(val, json_object_get(on, k) ?: json_null()))
			json_array_append_new(attrs, json_string(k));
	json_object_foreach(on, k, val)
		if (strcmp(k, "as") && !(same_language && !strcmp(k, "language")) && !json_object_get(oo, k))
			json_array_append_new(attrs, json_string(k));
	if (json_array_size(attrs)) {
		const char *vo = volatility_of(oo), *vn = volatility_of(on);
		escalate(v, SEV_MINOR, 0);
		if (volatility_rank(vn) > volatility_rank(vo)) /* less strict: indexes on it break */
			escalate(v, SEV_MAJOR, HZ_BREAKS_COMPATIBILITY);
		if (security_definer(on) && !security_definer(oo))
			escalate(v, SEV_MINOR, HZ_SECURITY_DEFINER);
		if (strcmp(vo, vn))
			json_object_set_new(v->detail, "volatility", json_pack("{ssss}", "old", vo, "new", vn));
	}
	json_object_set_new(v->detail, "attributes_changed", attrs);
	json_decref(oo);
	json_decref(on);
}

/*
 * An index statement (shallow copy, caller decrefs) whose columns say ASC and NULLS
 * LAST, or DESC and NULLS FIRST, only where they are not the default: (a ASC NULLS LAST)
 * is the index (a), and pg_get_indexdef() writes neither. They were an index change
 * with index_without_concurrently. TABLESPACE pg_default is left out too (see
 * DEFAULT_TABLESPACE).
 */
/*
 * An index or partition key element written as an expression that is a bare column,
 * ((a)), made the column it is (e, an IndexElem's or PartitionElem's fields, a copy,
 * changed in place): ComputeIndexAttrs() and ComputePartitionAttrs() store a Var
 * expression as the column (pg_index.indkey, pg_partitioned_table.partattrs), so
 * (a) and ((a)) are one key (it was an index changed, a partition key changed MAJOR).
 */
static void column_elem(json_t *e)
{
	const char *type = NULL;
	json_t *ref = ddl_node(json_object_get(e, "expr"), &type), *fields;

	if (!ref || strcmp(type, "ColumnRef") || json_object_get(e, "name"))
		return;
	fields = json_object_get(ref, "fields");
	if (json_array_size(fields) != 1 || !ddl_sval(json_array_get(fields, 0)))
		return;
	json_object_set_new(e, "name", json_string(ddl_sval(json_array_get(fields, 0))));
	json_object_del(e, "expr");
}

static json_t *index_canonical(json_t *idx)
{
	json_t *c = json_copy(idx), *params = json_deep_copy(json_object_get(idx, "indexParams")), *p;
	size_t i;

	json_array_foreach(params, i, p) {
		json_t *e = ddl_node(p, NULL);
		const char *ord = ddl_str(e, "ordering"), *nulls = ddl_str(e, "nulls_ordering");
		int desc = ord && !strcmp(ord, "SORTBY_DESC");
		if (!e)
			continue;
		column_elem(e);
		if (ord && !strcmp(ord, "SORTBY_ASC"))
			json_object_set_new(e, "ordering", json_string("SORTBY_DEFAULT"));
		if (nulls && !strcmp(nulls, desc ? "SORTBY_NULLS_FIRST" : "SORTBY_NULLS_LAST"))
			json_object_set_new(e, "nulls_ordering", json_string("SORTBY_NULLS_DEFAULT"));
	}
	if (params)
		json_object_set_new(c, "indexParams", params);
	if (!strcmp(sv(ddl_str(idx, "tableSpace")), DEFAULT_TABLESPACE))
		json_object_del(c, "tableSpace");
	canonical_options_at(c, "options");
	return c;
}

/*
 * What a unique index holds unique (new, the caller decrefs): its key columns and
 * expressions with their collations and operator classes, its WHERE, NULLS NOT DISTINCT.
 * Not the sort order (ASC / DESC, NULLS FIRST / LAST: the same rows are equal either way),
 * INCLUDE columns, storage options or tablespace.
 */
static json_t *unique_key(json_t *idx)
{
	json_t *params = json_deep_copy(json_object_get(idx, "indexParams")), *p;
	size_t i;

	json_array_foreach(params, i, p) {
		json_t *e = ddl_node(p, NULL);
		column_elem(e);
		json_object_del(e, "ordering");
		json_object_del(e, "nulls_ordering");
	}
	return json_pack("{s:o*, s:O*, s:b}", "params", params, "where", json_object_get(idx, "whereClause"),
			 "nulls_not_distinct", ddl_bool(idx, "nulls_not_distinct"));
}

static void compare_index(json_t *o, json_t *n, struct verdict *v, int concurrent)
{
	static const char *const skip[] = { "idxname", "concurrent", "if_not_exists", NULL };
	json_t *co = index_canonical(o), *cn = index_canonical(n);
	int changed = other_fields(co, cn, skip, v->detail, "index_fields_changed");
	json_decref(co);
	json_decref(cn);
	{
		/* on another table (the names qualified as the blob's search_path says): the old
		   table loses the index, the new one gets it built, a UNIQUE one's key with it
		   (round 22; it was PATCH, index_fields_changed relation) */
		json_t *ro = json_object_get(o, "relation"), *rn = json_object_get(n, "relation");
		if (!same_str(ddl_str(ro, "relname"), ddl_str(rn, "relname")) ||
		    !same_str(ddl_str(ro, "schemaname"), ddl_str(rn, "schemaname"))) {
			struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
			if (ddl_str(ro, "schemaname"))
				strbuf_addf(&a, "%s.", ddl_str(ro, "schemaname"));
			strbuf_addstr(&a, sv(ddl_str(ro, "relname")));
			if (ddl_str(rn, "schemaname"))
				strbuf_addf(&b, "%s.", ddl_str(rn, "schemaname"));
			strbuf_addstr(&b, sv(ddl_str(rn, "relname")));
			json_object_set_new(v->detail, "index_relation_changed", json_pack("{ssss}", "old", a.buf, "new", b.buf));
			escalate(v, ddl_bool(n, "unique") ? SEV_MAJOR : SEV_MINOR,
				 ddl_bool(n, "unique") ? HZ_DEPENDS_ON_EXISTING_DATA : 0);
			strbuf_release(&a);
			strbuf_release(&b);
		}
	}
	if (changed) {
		int uo = ddl_bool(o, "unique"), un = ddl_bool(n, "unique");
		escalate(v, SEV_PATCH, concurrent ? 0 : HZ_INDEX_WITHOUT_CONCURRENTLY);
		if (un && !uo)
			escalate(v, SEV_MAJOR, HZ_DEPENDS_ON_EXISTING_DATA);
		else if (uo && !un)
			escalate(v, SEV_MINOR, 0);
		else if (uo && un) {
			/* another key under the same name, as a UNIQUE constraint changed: rows the old
			   key let in may break the new one (UNIQUE (a, b) -> (a), a WHERE dropped), and an
			   ON CONFLICT naming the old key no longer finds an index (it was PATCH) */
			json_t *ko = unique_key(o), *kn = unique_key(n);
			if (!json_equal(ko, kn)) {
				json_object_set_new(v->detail, "unique_key_changed", json_true());
				escalate(v, SEV_MAJOR, HZ_DEPENDS_ON_EXISTING_DATA);
			}
			json_decref(ko);
			json_decref(kn);
		}
	}
}

static void compare_enum(json_t *o, json_t *n, struct verdict *v)
{
	json_t *vo = json_object_get(o, "vals"), *vn = json_object_get(n, "vals");
	size_t i, j;
	json_t *x;
	int removed = 0, order_kept = 1;
	size_t last = 0;

	json_array_foreach(vo, i, x) {
		int found = 0;
		for (j = 0; j < json_array_size(vn); j++)
			if (!strcmp(sv(ddl_sval(x)), sv(ddl_sval(json_array_get(vn, j))))) {
				found = 1;
				if (j < last)
					order_kept = 0;
				last = j;
			}
		if (!found) {
			add_item(v->detail, "values_removed", json_string(sv(ddl_sval(x))));
			removed = 1;
		}
	}
	json_array_foreach(vn, i, x) {
		int found = 0;
		for (j = 0; j < json_array_size(vo); j++)
			if (!strcmp(sv(ddl_sval(x)), sv(ddl_sval(json_array_get(vo, j)))))
				found = 1;
		if (!found)
			add_item(v->detail, "values_added", json_string(sv(ddl_sval(x))));
	}
	if (removed || !order_kept)
		escalate(v, SEV_MAJOR, HZ_BREAKS_COMPATIBILITY | HZ_DEPENDS_ON_EXISTING_DATA);
	else if (json_object_get(v->detail, "values_added"))
		escalate(v, SEV_MINOR, 0);
	if (!order_kept)
		json_object_set_new(v->detail, "values_reordered", json_true());
}

static void compare_domain(json_t *o, json_t *n, struct verdict *v, const char *name)
{
	struct table_shape so, sn;
	json_t *co = json_object_get(o, "constraints"), *cn = json_object_get(n, "constraints");
	size_t i;
	json_t *c;
	int nn_o = 0, nn_n = 0;

	if (!same_type(json_object_get(o, "typeName"), json_object_get(n, "typeName"))) {
		char *a = ddl_format_type(json_object_get(o, "typeName"));
		char *b = ddl_format_type(json_object_get(n, "typeName"));
		json_object_set_new(v->detail, "base_type_changed", json_pack("{ssss}", "old", a, "new", b));
		escalate(v, SEV_MAJOR, HZ_BREAKS_COMPATIBILITY | HZ_DEPENDS_ON_EXISTING_DATA | HZ_TABLE_REWRITE);
		free(a);
		free(b);
	}
	{
		/* COLLATE as a column's (pg_catalog."C" is "C", "default" on text is none): a domain's
		   collation is that of every column of it, and ALTER DOMAIN cannot change it (round 22;
		   it was not compared, PATCH) */
		struct column ko = { .def = o, .type_node = json_object_get(o, "typeName") };
		struct column kn = { .def = n, .type_node = json_object_get(n, "typeName") };
		column_catalog_form(&ko);
		column_catalog_form(&kn);
		if (!same_str(ko.coll_schema, kn.coll_schema) || !same_str(ko.coll_name, kn.coll_name)) {
			json_object_set_new(v->detail, "collation_changed", json_true());
			escalate(v, SEV_MINOR, HZ_TABLE_REWRITE | HZ_ACCESS_EXCLUSIVE_LOCK);
		}
	}
	memset(&so, 0, sizeof(so));
	memset(&sn, 0, sizeof(sn));
	json_array_foreach(co, i, c) {
		json_t *k = ddl_node(c, NULL);
		const char *t = sv(ddl_str(k, "contype"));
		if (!strcmp(t, "CONSTR_CHECK"))
			add_constraint(&so, NULL, k);
		nn_o |= !strcmp(t, "CONSTR_NOTNULL");
	}
	json_array_foreach(cn, i, c) {
		json_t *k = ddl_node(c, NULL);
		const char *t = sv(ddl_str(k, "contype"));
		if (!strcmp(t, "CONSTR_CHECK"))
			add_constraint(&sn, NULL, k);
		nn_n |= !strcmp(t, "CONSTR_NOTNULL");
	}
	/* both sides named after the new name, as tables are: a rename is reported on its own */
	name_constraints(&so, name, 1);
	name_constraints(&sn, name, 1);
	/* VALUE is a column of the base type */
	{
		struct column vo = { .name = "value", .type_node = json_object_get(o, "typeName") };
		struct column vn = { .name = "value", .type_node = json_object_get(n, "typeName") };
		so.cols = &vo, so.ncols = 1;
		sn.cols = &vn, sn.ncols = 1;
		checks_catalog_form(&so);
		checks_catalog_form(&sn);
		so.cols = sn.cols = NULL, so.ncols = sn.ncols = 0;
	}
	{
		/* ALTER DOMAIN ... ADD CONSTRAINT checks the tables using the domain under a
		   ShareLock (validateDomainConstraint()), not the ACCESS EXCLUSIVE lock of a
		   table's ADD CHECK: writes wait, reads do not */
		unsigned before = v->hazards;
		compare_constraints(&so, &sn, v);
		v->hazards &= ~HZ_ACCESS_EXCLUSIVE_LOCK | before;
	}
	free_table(&so);
	free_table(&sn);
	if (nn_o != nn_n) {
		json_object_set_new(v->detail, "not_null", json_boolean(nn_n));
		escalate(v, nn_n ? SEV_MAJOR : SEV_MINOR, nn_n ? HZ_DEPENDS_ON_EXISTING_DATA : 0);
	}
	/* DEFAULT is also a constraint node in CREATE DOMAIN */
	{
		json_t *dfo = NULL, *dfn = NULL;
		json_array_foreach(co, i, c)
			if (!strcmp(sv(ddl_str(ddl_node(c, NULL), "contype")), "CONSTR_DEFAULT"))
				dfo = json_object_get(ddl_node(c, NULL), "raw_expr");
		json_array_foreach(cn, i, c)
			if (!strcmp(sv(ddl_str(ddl_node(c, NULL), "contype")), "CONSTR_DEFAULT"))
				dfn = json_object_get(ddl_node(c, NULL), "raw_expr");
		if (!same_default(dfo, dfn, json_object_get(o, "typeName"), json_object_get(n, "typeName"))) {
			json_object_set_new(v->detail, "default_changed", json_true());
			escalate(v, SEV_MINOR, 0);
		}
	}
}

/* A sequence's numbers as init_params() sets them: what is written, else its default. */
enum { SEQ_INCREMENT, SEQ_MINVALUE, SEQ_MAXVALUE, SEQ_START, SEQ_CACHE, SEQ_CYCLE, SEQ_N };
static const char *const seq_option[SEQ_N] = { "increment", "minvalue", "maxvalue", "start", "cache", "cycle" };

/* The integer an option's argument says; 0 when it has none (NO MINVALUE). */
static int seq_number(json_t *arg, long long *value)
{
	const char *type = NULL;
	json_t *in = ddl_node(arg, &type);
	if (!in)
		return 0;
	if (!strcmp(type, "Integer"))
		*value = ddl_int(in, "ival");
	else if (!strcmp(type, "Float") && ddl_str(in, "fval"))
		*value = strtoll(ddl_str(in, "fval"), NULL, 10);
	else if (!strcmp(type, "Boolean"))
		*value = json_is_true(json_object_get(in, "boolval"));
	else
		return 0;
	return 1;
}

/* 0 when the sequence's type is not one of the three a sequence can have (left as written) */
static int seq_values(json_t *opts, long long out[SEQ_N])
{
	json_t *as = ddl_node(json_object_get(opts, "as"), NULL);
	char *type = as ? ddl_format_type(as) : xstrdup("bigint");
	long long lo, hi, x;
	if (!strcmp(type, "smallint"))
		lo = INT16_MIN, hi = INT16_MAX;
	else if (!strcmp(type, "integer"))
		lo = INT32_MIN, hi = INT32_MAX;
	else if (!strcmp(type, "bigint"))
		lo = INT64_MIN, hi = INT64_MAX;
	else {
		free(type);
		return 0;
	}
	free(type);
	out[SEQ_INCREMENT] = seq_number(json_object_get(opts, "increment"), &x) ? x : 1;
	int up = out[SEQ_INCREMENT] > 0;
	out[SEQ_MINVALUE] = seq_number(json_object_get(opts, "minvalue"), &x) ? x : up ? 1 : lo;
	out[SEQ_MAXVALUE] = seq_number(json_object_get(opts, "maxvalue"), &x) ? x : up ? hi : -1;
	out[SEQ_START] = seq_number(json_object_get(opts, "start"), &x) ? x : up ? out[SEQ_MINVALUE] : out[SEQ_MAXVALUE];
	out[SEQ_CACHE] = seq_number(json_object_get(opts, "cache"), &x) ? x : 1;
	out[SEQ_CYCLE] = seq_number(json_object_get(opts, "cycle"), &x) ? x : 0;
	return 1;
}

/* OWNED BY NONE is what a sequence without OWNED BY is */
static void drop_owned_by_none(json_t *opts)
{
	json_t *items = ddl_list_items(json_object_get(opts, "owned_by"));
	const char *s = json_array_size(items) == 1 ? ddl_sval(json_array_get(items, 0)) : NULL;
	if (s && !strcmp(s, "none"))
		json_object_del(opts, "owned_by");
}

/*
 * Options compared by what they set, not by how they are written: CREATE SEQUENCE s and
 * CREATE SEQUENCE s START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1 (pg_dump's
 * form) are one sequence (they were MINOR, options_changed). A bound that follows from
 * the type or the increment changes with it, and is reported with it.
 */
static void compare_sequence(json_t *o, json_t *n, struct verdict *v)
{
	json_t *oo = defelems(json_object_get(o, "options")), *on = defelems(json_object_get(n, "options"));
	const char *k;
	json_t *val;
	long long vo[SEQ_N], vn[SEQ_N];
	int narrowed = 0;
	drop_owned_by_none(oo);
	drop_owned_by_none(on);
	{
		/* CREATE UNLOGGED SEQUENCE (PostgreSQL 15): after a crash it starts again, as an
		   unlogged table is emptied (round 22; it was not compared, PATCH) */
		const char *po = sv(ddl_str(json_object_get(o, "sequence"), "relpersistence"));
		const char *pn = sv(ddl_str(json_object_get(n, "sequence"), "relpersistence"));
		if (strcmp(po, pn)) {
			json_object_set_new(v->detail, "persistence_changed", json_pack("{ssss}", "old", po, "new", pn));
			escalate(v, SEV_MINOR, HZ_ACCESS_EXCLUSIVE_LOCK);
		}
	}
	if (seq_values(oo, vo) && seq_values(on, vn)) {
		/* MAXVALUE lowered or MINVALUE raised (written, or implied by AS or INCREMENT): the
		   server refuses the change when the sequence's value is past the new bound (START
		   value (500) cannot be greater than MAXVALUE (100)), and nextval() fails sooner */
		narrowed = vn[SEQ_MAXVALUE] < vo[SEQ_MAXVALUE] || vn[SEQ_MINVALUE] > vo[SEQ_MINVALUE];
		json_t *to = ddl_node(json_object_get(oo, "as"), NULL), *tn = ddl_node(json_object_get(on, "as"), NULL);
		char *a = to ? ddl_format_type(to) : xstrdup("bigint"), *b = tn ? ddl_format_type(tn) : xstrdup("bigint");
		if (!strcmp(a, b)) { /* AS bigint is the default */
			json_object_del(oo, "as");
			json_object_del(on, "as");
		}
		free(a);
		free(b);
		for (int i = 0; i < SEQ_N; i++) {
			if (vo[i] != vn[i])
				add_item(v->detail, "options_changed", json_string(seq_option[i]));
			json_object_del(oo, seq_option[i]);
			json_object_del(on, seq_option[i]);
		}
	}
	json_object_foreach(oo, k, val) {
		json_t *nv = json_object_get(on, k);
		int same = !strcmp(k, "as") ? nv && same_type(ddl_node(val, NULL), ddl_node(nv, NULL))
					    : nv && json_equal(val, nv);
		if (!same)
			add_item(v->detail, "options_changed", json_string(k));
	}
	json_object_foreach(on, k, val)
		if (!json_object_get(oo, k))
			add_item(v->detail, "options_changed", json_string(k));
	if (json_object_get(v->detail, "options_changed")) {
		json_t *to = ddl_node(json_object_get(oo, "as"), NULL), *tn = ddl_node(json_object_get(on, "as"), NULL);
		escalate(v, narrowed ? SEV_MAJOR : SEV_MINOR, narrowed ? HZ_DEPENDS_ON_EXISTING_DATA : 0);
		if (!same_json(to, tn)) {
			/* a narrower type can overflow the values already handed out */
			struct column a = { 0 }, b = { 0 };
			a.type = to ? ddl_format_type(to) : xstrdup("bigint");
			b.type = tn ? ddl_format_type(tn) : xstrdup("bigint");
			if (type_change_kind(&a, &b) == 3)
				escalate(v, SEV_MAJOR, HZ_BREAKS_COMPATIBILITY | HZ_DEPENDS_ON_EXISTING_DATA);
			free(a.type);
			free(b.type);
		}
	}
	json_decref(oo);
	json_decref(on);
}

/* Severity of a non-defining statement (COMMENT, GRANT, ALTER...) appearing or disappearing. */
static void side_statement(json_t *raw, int added, struct verdict *v)
{
	const char *type = NULL;
	json_t *s = ddl_node(json_object_get(raw, "stmt"), &type);
	json_t *one = json_pack("[O]", raw);
	struct ddl_identity id;
	const char *tag = type;

	if (ddl_identify(one, &id) == 0)
		tag = id.command_tag;
	add_item(v->detail, added ? "statements_added" : "statements_removed", json_string(sv(tag)));
	if (!strcmp(type, "CommentStmt")) {
		escalate(v, SEV_PATCH, 0);
	} else if (!strcmp(type, "GrantStmt")) {
		/* rated by compare_privileges(), from the privileges of all GRANTs and REVOKEs */
	} else if (!strcmp(type, "IndexStmt")) {
		escalate(v, SEV_PATCH, added && !ddl_bool(s, "concurrent") ? HZ_INDEX_WITHOUT_CONCURRENTLY : 0);
	} else if (id.object_type && !strcmp(id.object_type, "table constraint")) {
		if (added)
			escalate(v, SEV_MAJOR, HZ_DEPENDS_ON_EXISTING_DATA | HZ_ACCESS_EXCLUSIVE_LOCK);
		else
			escalate(v, SEV_MINOR, 0);
	} else {
		escalate(v, SEV_MINOR, 0);
	}
	ddl_identity_release(&id);
	json_decref(one);
}

/* The text of a tree with sorted keys: two trees are json_equal exactly when their texts are. Caller frees. */
static char *canonical_text(json_t *tree)
{
	char *text = json_dumps_malloc(tree, JSON_COMPACT | JSON_SORT_KEYS);
	if (!text)
		pga_die("ddl_compare: out of memory");
	return text;
}

/*
 * Which statements of one blob are in the other (anywhere, equal trees): in[i] for stmts[i].
 * Each statement's canonical text (sorted keys: equal texts exactly when json_equal) is
 * looked up in a map of the other side's, so a blob of thousands of GRANTs is not
 * compared pairwise; few statements are, which costs no text.
 */
static void statements_in(json_t *a, json_t *b, unsigned char *a_in_b, unsigned char *b_in_a)
{
	size_t na = json_array_size(a), nb = json_array_size(b), i, j;
	struct strmap *ma, *mb;
	uint32_t *ida;

	if (na * nb <= 64) {
		for (i = 0; i < na; i++)
			for (j = 0; j < nb; j++)
				if (json_equal(json_array_get(a, i), json_array_get(b, j)))
					a_in_b[i] = b_in_a[j] = 1;
		return;
	}
	ma = strmap_new();
	mb = strmap_new();
	ida = xcalloc(na ? na : 1, sizeof(*ida));
	for (i = 0; i < na; i++) {
		char *text = canonical_text(json_array_get(a, i));
		ida[i] = strmap_intern(ma, text, strlen(text), NULL);
		free(text);
	}
	for (j = 0; j < nb; j++) {
		char *text = canonical_text(json_array_get(b, j));
		b_in_a[j] = strmap_find(ma, text, strlen(text)) != UINT32_MAX;
		strmap_intern(mb, text, strlen(text), NULL);
		free(text);
	}
	for (i = 0; i < na; i++)
		a_in_b[i] = strmap_find(mb, strmap_key(ma, ida[i]), strmap_keylen(ma, ida[i])) != UINT32_MAX;
	free(ida);
	strmap_free(ma);
	strmap_free(mb);
}

/* ---- GRANT / REVOKE: compared by the privileges they name ---------------- */

static void catalog_type_names(json_t *tree);

/* The privileges ALL stands for on an object kind (PostgreSQL's ACL_ALL_RIGHTS_*; on columns
   ACL_ALL_RIGHTS_COLUMN), so that GRANT ALL and the list of its privileges are one grant;
   NULL for a kind not listed (ALL is then a privilege of its own). */
static const char *const *all_privileges(const char *objtype, int columns)
{
	static const char *const table[] = { "select", "insert", "update", "delete", "truncate", "references", "trigger", NULL };
	static const char *const column[] = { "select", "insert", "update", "references", NULL };
	static const char *const sequence[] = { "usage", "select", "update", NULL };
	static const char *const database[] = { "create", "temporary", "connect", NULL };
	static const char *const execute[] = { "execute", NULL };
	static const char *const usage[] = { "usage", NULL };
	static const char *const select_update[] = { "select", "update", NULL };
	static const char *const schema[] = { "usage", "create", NULL };
	static const char *const create[] = { "create", NULL };
	static const char *const parameter[] = { "set", "alter system", NULL };
	static const struct { const char *objtype; const char *const *privs; } kinds[] = {
		{ "OBJECT_TABLE", table }, { "OBJECT_SEQUENCE", sequence }, { "OBJECT_DATABASE", database },
		{ "OBJECT_FUNCTION", execute }, { "OBJECT_PROCEDURE", execute }, { "OBJECT_ROUTINE", execute },
		{ "OBJECT_LANGUAGE", usage }, { "OBJECT_DOMAIN", usage }, { "OBJECT_TYPE", usage },
		{ "OBJECT_FDW", usage }, { "OBJECT_FOREIGN_SERVER", usage }, { "OBJECT_LARGEOBJECT", select_update },
		{ "OBJECT_SCHEMA", schema }, { "OBJECT_TABLESPACE", create }, { "OBJECT_PARAMETER_ACL", parameter },
	};
	size_t i;

	if (columns)
		return column;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(objtype, kinds[i].objtype))
			return kinds[i].privs;
	return NULL;
}

/* The privileges of one side's GRANTs and of its REVOKEs, one entry per object, grantee,
   privilege and column: strength 2 with the grant option (GRANT) or for a whole REVOKE, 1
   without it or for REVOKE GRANT OPTION FOR. The grantor (GRANTED BY) is not part of it: it
   changes whose grant it is in the ACL, not what the grantee may do. */
struct privileges {
	struct strmap *keys;
	unsigned char *strength;
	json_t *names; /* per key: how the detail names it */
	size_t alloc;
};

static void privileges_add(struct privileges *p, const struct strbuf *key, const char *name, int strength)
{
	int added;
	uint32_t id = strmap_intern(p->keys, key->buf, key->len, &added);

	if (added) {
		if (id >= p->alloc) {
			p->alloc = p->alloc ? 2 * p->alloc : 64;
			p->strength = xrealloc(p->strength, p->alloc);
		}
		p->strength[id] = 0;
		json_array_append_new(p->names, json_string(name));
	}
	if (strength > p->strength[id])
		p->strength[id] = (unsigned char)strength;
}

/* How the detail names the kind of a privilege's object (objtype, as compared: a sequence
   granted on with the TABLE form is a SEQUENCE), as GRANT writes it: TABLE, SEQUENCE,
   FUNCTION..., ALL TABLES IN SCHEMA; a privilege of a table and one of a sequence of
   that name read apart. */
static void grant_object_kind(struct strbuf *sb, const char *objtype, int all_in_schema)
{
	static const char *const kinds[][3] = {
		{ "OBJECT_TABLE", "TABLE", "TABLES" }, { "OBJECT_SEQUENCE", "SEQUENCE", "SEQUENCES" },
		{ "OBJECT_FUNCTION", "FUNCTION", "FUNCTIONS" }, { "OBJECT_PROCEDURE", "PROCEDURE", "PROCEDURES" },
		{ "OBJECT_ROUTINE", "ROUTINE", "ROUTINES" }, { "OBJECT_DATABASE", "DATABASE", NULL },
		{ "OBJECT_DOMAIN", "DOMAIN", NULL }, { "OBJECT_TYPE", "TYPE", NULL },
		{ "OBJECT_FDW", "FOREIGN DATA WRAPPER", NULL }, { "OBJECT_FOREIGN_SERVER", "FOREIGN SERVER", NULL },
		{ "OBJECT_LANGUAGE", "LANGUAGE", NULL }, { "OBJECT_LARGEOBJECT", "LARGE OBJECT", NULL },
		{ "OBJECT_SCHEMA", "SCHEMA", NULL }, { "OBJECT_TABLESPACE", "TABLESPACE", NULL },
		{ "OBJECT_PARAMETER_ACL", "PARAMETER", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(objtype, kinds[i][0])) {
			if (all_in_schema)
				strbuf_addf(sb, "ALL %s IN SCHEMA ", kinds[i][2] ? kinds[i][2] : kinds[i][1]);
			else
				strbuf_addf(sb, "%s ", kinds[i][1]);
			return;
		}
	strbuf_addf(sb, all_in_schema ? "ALL %s IN SCHEMA " : "%s ", strncmp(objtype, "OBJECT_", 7) ? objtype : objtype + 7);
}

/* How the detail names a privilege's object: [schema.]name as written. */
static void grant_object_name(struct strbuf *sb, json_t *object)
{
	const char *type = NULL;
	json_t *o = ddl_node(object, &type), *x;
	size_t i;

	if (!o) {
		strbuf_addstr(sb, "?");
	} else if (!strcmp(type, "RangeVar")) {
		if (ddl_str(o, "schemaname"))
			strbuf_addf(sb, "%s.", ddl_str(o, "schemaname"));
		strbuf_addstr(sb, sv(ddl_str(o, "relname")));
	} else if (!strcmp(type, "String")) {
		strbuf_addstr(sb, sv(ddl_str(o, "sval")));
	} else if (!strcmp(type, "ObjectWithArgs")) {
		json_array_foreach(json_object_get(o, "objname"), i, x) {
			if (i)
				strbuf_addch(sb, '.');
			strbuf_addstr(sb, sv(ddl_sval(x)));
		}
		strbuf_addstr(sb, "(...)");
	} else if (!strcmp(type, "List")) {
		json_array_foreach(json_object_get(o, "items"), i, x) {
			if (i)
				strbuf_addch(sb, '.');
			strbuf_addstr(sb, sv(ddl_sval(x)));
		}
	} else {
		strbuf_addstr(sb, type);
	}
}

/*
 * An object of a GrantStmt as it is compared (a new reference): an unqualified relation
 * named like the blob's object (def_schema.def_name, its identity) is that object: pg_dump
 * writes GRANT ... ON TABLE public.t after CREATE TABLE public.t, a hand written blob
 * GRANT ... ON t after CREATE TABLE t, and the identity already follows the blob's
 * search_path. A routine is its name and input argument types.
 */
static json_t *grant_object(json_t *object, const char *def_schema, const char *def_name)
{
	const char *otype = NULL;
	json_t *rv = ddl_node(object, &otype), *qualified;

	if (rv && !strcmp(otype, "RangeVar") && !ddl_str(rv, "schemaname") && def_schema && def_name &&
	    !strcmp(sv(ddl_str(rv, "relname")), def_name)) {
		qualified = json_deep_copy(object);
		json_object_set_new(ddl_node(qualified, NULL), "schemaname", json_string(def_schema));
		return qualified;
	}
	if (rv && !strcmp(otype, "ObjectWithArgs")) {
		/* not its parameters' names (objfuncargs), nor the spelling of a pg_catalog type */
		qualified = json_deep_copy(object);
		json_object_del(ddl_node(qualified, NULL), "objfuncargs");
		catalog_type_names(qualified);
		return qualified;
	}
	return json_incref(object);
}

/* The key of a relation a GRANT names (grant_object()'s): schema (empty when unqualified),
   0x1f, name; 0 when the object is no relation. */
static int grant_relation_key(json_t *object, struct strbuf *sb)
{
	const char *otype = NULL;
	json_t *rv = ddl_node(object, &otype);

	if (!rv || strcmp(otype, "RangeVar") || !ddl_str(rv, "relname"))
		return 0;
	strbuf_reset(sb);
	strbuf_addf(sb, "%s\x1f%s", sv(ddl_str(rv, "schemaname")), ddl_str(rv, "relname"));
	return 1;
}

/*
 * The relations a blob says are sequences, added to seqs (keys of grant_relation_key()):
 * its own object when that is a sequence, and every relation of a GRANT or REVOKE ... ON
 * SEQUENCE (the server refuses one on another kind: "\"t\" is not a sequence"). Its own
 * object when the blob creates it as another kind (CREATE TABLE t) is added to others:
 * a GRANT ... ON SEQUENCE t beside it is no sequence's, whatever it says.
 */
static void known_sequences(json_t *stmts, const struct ddl_identity *id, struct strmap *seqs, struct strmap *others)
{
	struct strbuf key = STRBUF_INIT;
	json_t *raw, *object;
	size_t i, j;

	if (id->object_type && id->name) {
		int seq = !strcmp(id->object_type, "sequence");
		strbuf_addf(&key, "%s\x1f%s", sv(id->schema), id->name);
		if (seq || id->creates)
			strmap_intern(seq ? seqs : others, key.buf, key.len, NULL);
	}
	json_array_foreach(stmts, i, raw) {
		const char *type = NULL;
		json_t *g = ddl_node(json_object_get(raw, "stmt"), &type);
		if (!g || strcmp(type, "GrantStmt") || strcmp(sv(ddl_str(g, "objtype")), "OBJECT_SEQUENCE") ||
		    strcmp(sv(ddl_str(g, "targtype")), "ACL_TARGET_OBJECT"))
			continue;
		json_array_foreach(json_object_get(g, "objects"), j, object) {
			json_t *o = grant_object(object, id->schema, id->name);
			if (grant_relation_key(o, &key))
				strmap_intern(seqs, key.buf, key.len, NULL);
			json_decref(o);
		}
	}
	strbuf_release(&key);
}

/* What PostgreSQL keeps of a privilege given on a sequence with the TABLE form
   (ExecGrant_Relation()): USAGE, SELECT and UPDATE, of a column SELECT; it drops the
   others with a warning ("sequence \"s\" only supports USAGE, SELECT, and UPDATE
   privileges"; checked on the server). */
static int sequence_keeps(const char *privilege, int column)
{
	return column ? !strcmp(privilege, "select") :
			!strcmp(privilege, "usage") || !strcmp(privilege, "select") || !strcmp(privilege, "update");
}

/*
 * Add the privileges of one GrantStmt (inner) to p: every object x grantee x privilege x column,
 * the objects as grant_object() gives them. A relation of the TABLE form (GRANT ... ON [TABLE] s)
 * that the blobs compared say is a sequence (sequences, from known_sequences()) is granted on
 * as the server grants on it: as ON SEQUENCE s, ALL being the sequence's privileges and the
 * privileges a sequence does not have left out.
 */
static void read_grant(json_t *g, struct privileges *p, const char *def_schema, const char *def_name,
		       const struct strmap *sequences, const struct strmap *others)
{
	json_t *objects = json_object_get(g, "objects"), *grantees = json_object_get(g, "grantees");
	json_t *privs = json_object_get(g, "privileges"), *object, *grantee, *col;
	const char *objtype = sv(ddl_str(g, "objtype")), *targtype = sv(ddl_str(g, "targtype"));
	int is_grant = ddl_bool(g, "is_grant"), option = ddl_bool(g, "grant_option");
	int strength = is_grant ? (option ? 2 : 1) : (option ? 1 : 2);
	int table_form = !strcmp(objtype, "OBJECT_TABLE") && !strcmp(targtype, "ACL_TARGET_OBJECT");
	struct strbuf key = STRBUF_INIT, name = STRBUF_INIT;
	size_t i, j, k, c;

	json_array_foreach(objects, i, object) {
		json_t *qualified = grant_object(object, def_schema, def_name);
		int on_sequence = table_form && grant_relation_key(qualified, &key) &&
				  strmap_find(sequences, key.buf, key.len) != UINT32_MAX &&
				  strmap_find(others, key.buf, key.len) == UINT32_MAX;
		const char *kind = on_sequence ? "OBJECT_SEQUENCE" : objtype;
		char *otext;
		object = qualified;
		otext = canonical_text(object);
		json_array_foreach(grantees, j, grantee) {
			char *gtext = canonical_text(grantee);
			json_t *r = ddl_node(grantee, NULL);
			const char *rt = sv(ddl_str(r, "roletype"));
			const char *rname = !strcmp(rt, "ROLESPEC_CSTRING") ? sv(ddl_str(r, "rolename")) :
					    !strcmp(rt, "ROLESPEC_PUBLIC") ? "public" : rt + strlen("ROLESPEC_");
			/* ALL [PRIVILEGES] (no list), with or without columns, is its privileges */
			size_t nprivs = json_array_size(privs) ? json_array_size(privs) : 1;
			for (k = 0; k < nprivs; k++) {
				json_t *ap = ddl_node(json_array_get(privs, k), NULL);
				json_t *cols = json_object_get(ap, "cols");
				const char *pname = ddl_str(ap, "priv_name");
				const char *one[2] = { pname, NULL };
				const char *const *names = one;
				size_t ncols = json_array_size(cols) ? json_array_size(cols) : 1;
				if (!pname)
					names = all_privileges(kind, json_array_size(cols) > 0);
				if (!names) {
					one[0] = "all";
					names = one;
				}
				for (; *names; names++) {
					const char *pn = !strcmp(*names, "temp") ? "temporary" : *names;
					if (on_sequence && !sequence_keeps(pn, json_array_size(cols) > 0))
						continue;
					for (c = 0; c < ncols; c++) {
						const char *column = (col = json_array_get(cols, c)) ? sv(ddl_sval(col)) : NULL;
						strbuf_reset(&key);
						strbuf_addf(&key, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s%c%s", is_grant ? "G" : "R",
							    targtype, kind, otext, gtext, pn, column ? '\x1e' : '\x1f',
							    column ? column : "");
						strbuf_reset(&name);
						strbuf_addstr(&name, pn);
						if (column)
							strbuf_addf(&name, " (%s)", column);
						strbuf_addstr(&name, " ON ");
						grant_object_kind(&name, kind, !strcmp(targtype, "ACL_TARGET_ALL_IN_SCHEMA"));
						grant_object_name(&name, object);
						strbuf_addf(&name, " %s %s", is_grant ? "TO" : "FROM", rname);
						privileges_add(p, &key, name.buf, strength);
					}
				}
			}
			free(gtext);
		}
		free(otext);
		json_decref(qualified);
	}
	strbuf_release(&key);
	strbuf_release(&name);
}

/* The strength with which other holds the privilege of key (0: not at all): the same entry,
   or for a column the whole object's (a table's privilege covers its columns; a REVOKE of
   the table's revokes them from every column). */
static int privilege_held(const struct privileges *other, const char *key, size_t len)
{
	uint32_t id = strmap_find(other->keys, key, len);
	int s = id == UINT32_MAX ? 0 : other->strength[id];
	const char *col = memchr(key, '\x1e', len);

	if (col) {
		struct strbuf whole = STRBUF_INIT;
		strbuf_add(&whole, key, (size_t)(col - key));
		strbuf_addch(&whole, '\x1f');
		id = strmap_find(other->keys, whole.buf, whole.len);
		if (id != UINT32_MAX && other->strength[id] > s)
			s = other->strength[id];
		strbuf_release(&whole);
	}
	return s;
}

/*
 * The GRANTs and REVOKEs of two blobs compared by the privileges they name, not statement by
 * statement: GRANT SELECT, INSERT and GRANT INSERT, SELECT (or two statements) are one grant,
 * GRANT ... TO bob -> TO bob, alice adds a privilege. A privilege granted no more (or its grant
 * option) is MAJOR, breaks_compatibility; one granted more MINOR; a REVOKE the other way round.
 */
static void compare_privileges(json_t *old_stmts, json_t *new_stmts, const struct ddl_identity *ids, struct verdict *v)
{
	struct privileges sides[2];
	json_t *stmts[2] = { old_stmts, new_stmts }, *raw;
	size_t i, side;
	uint32_t id;
	/* what either blob says is a sequence: both name the relation alike, as for any
	   privilege compared (its name is the key), so it is the same relation */
	struct strmap *sequences = strmap_new(), *others = strmap_new();

	known_sequences(old_stmts, &ids[0], sequences, others);
	known_sequences(new_stmts, &ids[1], sequences, others);
	for (side = 0; side < 2; side++) {
		sides[side].keys = strmap_new();
		sides[side].strength = NULL;
		sides[side].names = json_array();
		sides[side].alloc = 0;
		json_array_foreach(stmts[side], i, raw) {
			const char *type = NULL;
			json_t *s = ddl_node(json_object_get(raw, "stmt"), &type);
			if (s && !strcmp(type, "GrantStmt"))
				read_grant(s, &sides[side], ids[side].schema, ids[side].name, sequences, others);
		}
	}
	for (side = 0; side < 2; side++) {
		const struct privileges *p = &sides[side], *other = &sides[1 - side];
		for (id = 0; id < strmap_count(p->keys); id++) {
			const char *key = strmap_key(p->keys, id);
			int grant = key[0] == 'G';
			if (privilege_held(other, key, strmap_keylen(p->keys, id)) >= p->strength[id])
				continue;
			/* old side: no longer granted / revoked; new side: granted / revoked now */
			add_item(v->detail, side ? "privileges_added" : "privileges_removed",
				 json_sprintf("%s%s%s", grant ? "GRANT " : p->strength[id] == 2 ? "REVOKE " : "REVOKE GRANT OPTION FOR ",
					      json_string_value(json_array_get(p->names, id)),
					      grant && p->strength[id] == 2 ? " WITH GRANT OPTION" : ""));
			if (grant == (int)side)
				escalate(v, SEV_MINOR, 0);
			else
				escalate(v, SEV_MAJOR, HZ_BREAKS_COMPATIBILITY);
		}
	}
	strmap_free(sequences);
	strmap_free(others);
	for (side = 0; side < 2; side++) {
		strmap_free(sides[side].keys);
		free(sides[side].strength);
		json_decref(sides[side].names);
	}
}

/* Write every TypeName of tree that names a pg_catalog type as pg_catalog.x, in place (a copy):
   int4, integer and pg_catalog.int4 are one type, as the catalog holds them. */
static void catalog_type_names(json_t *tree)
{
	const char *key;
	json_t *value;
	size_t i;

	if (json_is_array(tree)) {
		json_array_foreach(tree, i, value)
			catalog_type_names(value);
	} else if (json_is_object(tree)) {
		/* {"TypeName": {...}} in a list, or the bare object in a field (argType, sourcetype) */
		json_t *tn = json_object_size(tree) == 1 ? json_object_get(tree, "TypeName") : NULL;
		if (!tn && json_is_array(json_object_get(tree, "names")) && json_object_get(tree, "typemod"))
			tn = tree;
		if (tn && ddl_catalog_type(tn)) {
			json_t *names = json_object_get(tn, "names");
			const char *last = ddl_sval(json_array_get(names, json_array_size(names) - 1));
			if (last)
				json_object_set_new(tn, "names", json_pack("[{s{ss}}{s{ss}}]", "String", "sval", "pg_catalog",
									  "String", "sval", last));
		}
		json_object_foreach(tree, key, value)
			catalog_type_names(value);
	}
}

/* A GRANT or REVOKE statement (RawStmt). */
static int is_grant_stmt(json_t *raw)
{
	const char *type = NULL;
	return ddl_node(json_object_get(raw, "stmt"), &type) && !strcmp(type, "GrantStmt");
}

/* rv (a RangeVar's fields) qualified as relation_schema() says, with ref_schema the
   blob's: a new object, else NULL (left as written). */
static json_t *rangevar_in(json_t *rv, const char *ref_schema)
{
	const char *schema = relation_schema(rv, ref_schema, NULL);
	json_t *c;

	if (!schema)
		return NULL;
	c = json_copy(rv);
	json_object_set_new(c, "schemaname", json_string(schema));
	return c;
}

/*
 * The name a string read as a regclass names ('app.Seq' is app.seq, '"Seq"' is Seq,
 * as stringToQualifiedNameList() splits it: SplitIdentifierString() at '.', unquoted
 * parts folded to lower case), qualified with schema when it has one part: a new
 * string schema.name (a part quoted where it is not lower case letters, digits and _),
 * or NULL when the string is no name of one or two parts (or a part of 63 bytes or
 * more, which the server would cut).
 */
static char *regclass_name(const char *str, const char *schema)
{
	struct strbuf part[2] = { STRBUF_INIT, STRBUF_INIT }, out = STRBUF_INIT;
	const char *p = str;
	size_t n = 0, i;

	for (;;) {
		if (n == 2)
			goto bad;
		while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
			p++;
		if (*p == '"') {
			for (p++;; p++) {
				if (!*p)
					goto bad;
				if (*p == '"') {
					if (p[1] != '"')
						break;
					p++;
				}
				strbuf_addch(&part[n], *p);
			}
			p++;
		} else {
			while (*p && *p != '.' && !(*p == ' ' || (*p >= '\t' && *p <= '\r'))) {
				strbuf_addch(&part[n], (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p);
				p++;
			}
		}
		if (!part[n].len || part[n].len >= 63)
			goto bad;
		n++;
		while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
			p++;
		if (!*p)
			break;
		if (*p++ != '.')
			goto bad;
	}
	for (i = 0; i < 2; i++) {
		const char *name = n == 2 ? part[i].buf : i ? part[0].buf : schema, *c;
		/* quoted only where the unquoted name would read otherwise (keywords need none here) */
		int plain = *name && !(*name >= '0' && *name <= '9');
		for (c = name; *c; c++)
			if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
				plain = 0;
		if (i)
			strbuf_addch(&out, '.');
		if (plain) {
			strbuf_addstr(&out, name);
			continue;
		}
		strbuf_addch(&out, '"');
		for (; *name; name++) {
			if (*name == '"')
				strbuf_addch(&out, '"');
			strbuf_addch(&out, *name);
		}
		strbuf_addch(&out, '"');
	}
	strbuf_release(&part[0]);
	strbuf_release(&part[1]);
	return strbuf_detach(&out, NULL);
bad:
	strbuf_release(&part[0]);
	strbuf_release(&part[1]);
	return NULL;
}

/*
 * Whether funcname and args (of a FuncCall) are a call nextval('s') or
 * nextval('s'::regclass) naming the sequence by a string; *new_args then its arguments
 * as the regclass constant the server stores does (its oid): a new ['schema.s'], or NULL
 * when already so written (the usual hand-written form: a definition written so needs
 * no copy). pg_dump writes nextval('public.s'::regclass), a hand-written default
 * nextval('s'): one default (pg_attrdef.adbin equal, checked).
 */
static int nextval_call(json_t *funcname, json_t *args, const char *schema, json_t **new_args)
{
	size_t n = json_array_size(funcname);
	const char *type = NULL, *str;
	json_t *arg = ddl_node(json_array_get(args, 0), &type), *tn = NULL;
	char *name;

	*new_args = NULL;
	if (!n || n > 2 || strcmp(sv(ddl_sval(json_array_get(funcname, n - 1))), "nextval") ||
	    (n == 2 && strcmp(sv(ddl_sval(json_array_get(funcname, 0))), "pg_catalog")) || json_array_size(args) != 1 || !arg)
		return 0;
	if (!strcmp(type, "TypeCast")) {
		tn = json_object_get(arg, "typeName");
		if (strcmp(sv(ddl_catalog_type(tn)), "regclass") || is_array_type(tn) ||
		    json_array_size(json_object_get(tn, "typmods")))
			return 0;
		arg = ddl_node(json_object_get(arg, "arg"), &type);
	}
	if (!arg || strcmp(type, "A_Const") || !(str = ddl_str(json_object_get(arg, "sval"), "sval")) ||
	    !(name = regclass_name(str, schema)))
		return 0;
	if (tn || strcmp(str, name))
		*new_args = json_pack("[{s{s{ss}}}]", "A_Const", "sval", "sval", name);
	free(name);
	return 1;
}

/* Set key of *copy (a shallow copy of orig made on the first call) to value (reference taken). */
static void set_in_copy(json_t **copy, json_t *orig, const char *key, json_t *value)
{
	if (!*copy)
		*copy = json_copy(orig);
	json_object_set_new(*copy, key, value);
}

/*
 * tree with the unqualified names of existing objects qualified with schema, the
 * schema the blob's search_path gives them (struct ddl_identity's ref_schema): a new
 * tree sharing every unchanged subtree (parsed trees are never modified), or NULL when
 * there is nothing to qualify (pg_dump's definitions: no copy). Qualified: every type
 * that is not one of pg_catalog's (unqualified_schema(), the rule of relations too) nor
 * a serial pseudo-type, nor a %TYPE;
 * the tables a table refers to (REFERENCES, INHERITS, PARTITION OF, LIKE); the sequence
 * of nextval('s'). pg_dump qualifies them all (status app.order_status, REFERENCES
 * public.u(id), PARTITION OF public.t, nextval('public.s'::regclass)): written without
 * the schema, under the same search_path, they name the same objects, as the server
 * stores them by oid. They were compared as written: a column's type, a function's
 * signature or an inheritance changed (MAJOR, table_rewrite), an FK changed (MAJOR), a
 * default changed (MINOR). The defining object's own name and the table of an index,
 * trigger, policy or rule are left to the identity.
 */
static json_t *qualified(json_t *tree, const char *schema)
{
	static const char *const serials[] = { "smallserial", "serial2", "serial", "serial4", "bigserial", "serial8", NULL };
	json_t *v, *q, *copy = NULL, *names = NULL, *typemod = NULL, *pct_type = NULL, *funcname = NULL, *args = NULL;
	const char *in;
	void *it;
	size_t i;

	if (json_is_array(tree)) {
		json_array_foreach(tree, i, v)
			if ((q = qualified(v, schema))) {
				if (!copy)
					copy = json_copy(tree);
				json_array_set_new(copy, i, q);
			}
		return copy;
	}
	/* one pass over the members, in the order libpg_query writes them (a lookup of each
	   key, then the recursion, doubled the time of a table comparison) */
	for (it = json_object_iter(tree); it; it = json_object_iter_next(tree, it)) {
		const char *key = json_object_iter_key(it);
		v = json_object_iter_value(it);
		q = NULL;
		switch (key[0]) {
		case 'd':
			/* an option's value (DefElem: defname comes before arg): a bare word (WITH
			   (oids = off), check_option = local) is a TypeName to the grammar, and CREATE
			   TYPE's / AGGREGATE's are left as written */
			if (!strcmp(key, "defname"))
				return copy;
			break;
		case 'n': names = !strcmp(key, "names") ? v : names; break;
		case 't': typemod = !strcmp(key, "typemod") ? v : typemod; break;
		case 'f': funcname = !strcmp(key, "funcname") ? v : funcname; break;
		case 'a': args = !strcmp(key, "args") ? v : args; break;
		case 'p':
			if (!strcmp(key, "pktable"))
				q = rangevar_in(v, schema);
			pct_type = !strcmp(key, "pct_type") ? v : pct_type;
			break;
		case 'T':
			if (!strcmp(key, "TableLikeClause") && (q = rangevar_in(json_object_get(v, "relation"), schema))) {
				json_t *like = json_copy(v);
				json_object_set_new(like, "relation", q);
				q = like;
			}
			break;
		case 'i':
			if (!strcmp(key, "inhRelations")) {
				json_t *rv;
				json_array_foreach(v, i, rv) {
					json_t *in = rangevar_in(json_object_get(rv, "RangeVar"), schema);
					if (!in)
						continue;
					if (!q)
						q = json_copy(v);
					json_array_set_new(q, i, json_pack("{so}", "RangeVar", in));
				}
			}
			break;
		}
		if (!q && (json_is_object(v) || json_is_array(v)))
			q = qualified(v, schema);
		if (q)
			set_in_copy(&copy, tree, key, q);
	}
	/* a TypeName: names, typemod and pct_type come after the members above */
	if (json_is_array(names) && typemod && json_array_size(names) == 1 && ddl_sval(json_array_get(names, 0)) &&
	    !json_is_true(pct_type) && !is_one_of_ops(ddl_sval(json_array_get(names, 0)), serials) &&
	    (in = unqualified_schema(ddl_catalog_type(tree) != NULL, schema))) {
		json_t *qn = json_copy(names);
		json_array_insert_new(qn, 0, json_pack("{s{ss}}", "String", "sval", in));
		set_in_copy(&copy, tree, "names", qn);
	}
	/* a FuncCall nextval('s'): its argument as qualified above, pg_catalog.nextval nextval
	   (pg_catalog is searched first) */
	if (funcname && args && nextval_call(funcname, args, schema, &q)) {
		if (q)
			set_in_copy(&copy, tree, "args", q);
		if (json_array_size(funcname) == 2)
			set_in_copy(&copy, tree, "funcname", json_pack("[{s{ss}}]", "String", "sval", "nextval"));
	}
	return copy;
}

/* *def, or in its place (the reference moved) its qualified() form when that differs. */
static void qualified_copy(json_t **def, const char *schema)
{
	json_t *c;
	if (!*def || !schema || !(c = qualified(*def, schema)))
		return;
	json_decref(*def);
	*def = c;
}

/*
 * The row security of the blob's table (id) after its statements: bit 1 enabled, bit 2
 * forced, as the ALTER TABLE ... ENABLE / DISABLE / FORCE / NO FORCE ROW LEVEL SECURITY
 * naming it leave them (pg_dump writes them after the CREATE TABLE). Read as a state, so
 * that ALTER TABLE t and ALTER TABLE ONLY public.t enabling it are no change.
 */
static unsigned row_security(json_t *stmts, const struct ddl_identity *id)
{
	unsigned state = 0;
	json_t *raw, *cmd;
	size_t i, j;

	json_array_foreach(stmts, i, raw) {
		const char *type = NULL;
		json_t *s = ddl_node(json_object_get(raw, "stmt"), &type), *rel;
		const char *schema;
		if (!s || strcmp(type, "AlterTableStmt"))
			continue;
		rel = json_object_get(s, "relation");
		schema = ddl_str(rel, "schemaname");
		if (strcmp(sv(ddl_str(rel, "relname")), sv(id->name)) || (schema && strcmp(schema, sv(id->schema))))
			continue;
		json_array_foreach(json_object_get(s, "cmds"), j, cmd) {
			const char *sub = sv(ddl_str(ddl_node(cmd, NULL), "subtype"));
			if (!strcmp(sub, "AT_EnableRowSecurity"))
				state |= 1;
			else if (!strcmp(sub, "AT_DisableRowSecurity"))
				state &= ~1u;
			else if (!strcmp(sub, "AT_ForceRowSecurity"))
				state |= 2;
			else if (!strcmp(sub, "AT_NoForceRowSecurity"))
				state &= ~2u;
		}
	}
	return state;
}

/*
 * Row security turned on (or forced on the owner) for the table: MAJOR,
 * breaks_compatibility, as a privilege revoked is: every role but the owner (with FORCE,
 * the owner too), superusers and BYPASSRLS roles then reads and writes only the rows a
 * policy allows, none where the table has no policy. It was MINOR, an ALTER TABLE added.
 * Turned off: MINOR, as a privilege granted (the statement removed says so already).
 */
static void compare_row_security(json_t *old_stmts, json_t *new_stmts, const struct ddl_identity *io,
				 const struct ddl_identity *in, struct verdict *v)
{
	unsigned o = row_security(old_stmts, io), n = row_security(new_stmts, in);
	static const char *const words[] = { "off", "enabled", "forced", "enabled, forced" };

	if (o == n)
		return;
	json_object_set_new(v->detail, "row_security_changed", json_pack("{ssss}", "old", words[o], "new", words[n]));
	escalate(v, n & ~o ? SEV_MAJOR : SEV_MINOR, n & ~o ? HZ_BREAKS_COMPATIBILITY : 0);
}

/* The Constraint node of an ALTER TABLE that does nothing but ADD CONSTRAINT one (borrowed), else NULL. */
static json_t *sole_added_constraint(json_t *alter)
{
	json_t *cmds = json_object_get(alter, "cmds"), *cmd = ddl_node(json_array_get(cmds, 0), NULL);

	if (json_array_size(cmds) != 1 || strcmp(sv(ddl_str(cmd, "subtype")), "AT_AddConstraint"))
		return NULL;
	return ddl_node(json_object_get(cmd, "def"), NULL);
}

/*
 * A table constraint's blob (ALTER TABLE t ADD CONSTRAINT c ..., its defining statement)
 * against another version: the constraint as a table's constraints are compared, MAJOR
 * with the hazards of an added one when it changed, as the same constraint changed inside
 * a CREATE TABLE is (it was MINOR, fields_changed "cmds", whatever changed: UNIQUE (a, b)
 * -> (a), CHECK (a > 0) -> (a > 10), NOT VALID dropped); the rest of the statement (the
 * table, ONLY) as other statements' fields. name: the constraint's identity on the new
 * side, its generated name when unnamed.
 */
static void compare_added_constraint(json_t *o, json_t *n, const char *name, struct verdict *v)
{
	static const char *const skip[] = { "cmds", NULL };
	struct table_shape so, sn;

	memset(&so, 0, sizeof(so));
	memset(&sn, 0, sizeof(sn));
	add_constraint(&so, NULL, sole_added_constraint(o));
	add_constraint(&sn, NULL, sole_added_constraint(n));
	/* one name for both: a rename is reported as the identity's (renamed), not as a
	   constraint dropped and another added */
	free(so.cons[0].name);
	free(sn.cons[0].name);
	so.cons[0].name = xstrdup(sv(name));
	sn.cons[0].name = xstrdup(sv(name));
	compare_constraints(&so, &sn, v);
	if (other_fields(o, n, skip, v->detail, "fields_changed"))
		escalate(v, SEV_MINOR, 0);
	free_table(&so);
	free_table(&sn);
}

/* The same relation: same name, and same schema or neither qualified. */
static int same_relation(json_t *a, json_t *b)
{
	return !strcmp(sv(ddl_str(a, "relname")), sv(ddl_str(b, "relname"))) &&
	       !strcmp(sv(ddl_str(a, "schemaname")), sv(ddl_str(b, "schemaname")));
}

/*
 * Before any rename, a relation of the blob's statements that is the table its CREATE
 * (created, the CREATE's relation) made: the name as created, and the schema as written
 * there or the object's own (id->schema, where the unqualified CREATE put it: no statement
 * before it changed the path, table_with_later_alters() stops at one).
 */
static int own_relation(json_t *rel, json_t *created, const struct ddl_identity *id)
{
	const char *schema = ddl_str(rel, "schemaname");
	return !strcmp(sv(ddl_str(rel, "relname")), sv(ddl_str(created, "relname"))) &&
	       (!schema || !strcmp(schema, sv(id->schema)) || !strcmp(schema, sv(ddl_str(created, "schemaname"))));
}

/* After the blob renamed the table (id), a relation named as it is then: the name it leaves. */
static int renamed_relation(json_t *rel, const struct ddl_identity *id, size_t at)
{
	const char *schema = ddl_str(rel, "schemaname");
	return id->nr_moves && (int)at > id->moves[0] && !strcmp(sv(ddl_str(rel, "relname")), sv(id->name)) &&
	       (!schema || !strcmp(schema, sv(id->schema)));
}

/*
 * The constraints of ALTER TABLE [ONLY] statements of stmts that do nothing but
 * ADD CONSTRAINT to the table create (CreateStmt inner; id: the blob's identity, for
 * the name a RENAME of the blob gave it), in order: a new array of the Constraint nodes
 * (borrowed trees); those statements are marked in used. Only statements after the
 * CREATE, under the name the table has there (once the blob renamed or moved it, its old
 * name is another table: round 24, CREATE TABLE t ...; ALTER TABLE t RENAME TO u; CREATE
 * TABLE t ...; ALTER TABLE t ADD CONSTRAINT was read as u's), and unqualified only before
 * a statement that may change the search_path (table_with_later_alters() stops there too).
 */
static json_t *later_constraints(json_t *stmts, json_t *create, const struct ddl_identity *id, unsigned char *used)
{
	json_t *cons = json_array(), *raw, *cmd;
	size_t i, j;
	int path_set = 0;

	json_array_foreach(stmts, i, raw) {
		const char *type = NULL;
		json_t *s = ddl_node(json_object_get(raw, "stmt"), &type);
		json_t *cmds = json_object_get(s, "cmds"), *rel = json_object_get(s, "relation");
		if (!s || (int)i <= id->index)
			continue;
		if (ddl_sets_search_path(type, s) || !strcmp(type, "TransactionStmt"))
			path_set = 1;
		int only_adds = !strcmp(type, "AlterTableStmt") && json_array_size(cmds) &&
				!strcmp(sv(ddl_str(s, "objtype")), "OBJECT_TABLE") &&
				(!path_set || ddl_str(rel, "schemaname")) &&
				(id->nr_moves && (int)i > id->moves[0]
					 ? renamed_relation(rel, id, i)
					 : same_relation(rel, json_object_get(create, "relation")));
		json_array_foreach(cmds, j, cmd)
			if (only_adds && strcmp(sv(ddl_str(ddl_node(cmd, NULL), "subtype")), "AT_AddConstraint"))
				only_adds = 0;
		if (!only_adds)
			continue;
		json_array_foreach(cmds, j, cmd)
			json_array_append(cons, ddl_node(json_object_get(ddl_node(cmd, NULL), "def"), NULL));
		used[i] = 1;
	}
	return cons;
}

/* ---- a table's column ALTERs read into its CREATE TABLE (round 23) ------- */

/*
 * CREATE TABLE t (a int); ALTER TABLE t ALTER a TYPE bigint (SET DEFAULT, SET NOT NULL,
 * RENAME COLUMN, ADD / DROP COLUMN, DROP CONSTRAINT) leaves the table CREATE TABLE t (a
 * bigint) makes (checked: pg_dump -s and pg_constraint alike); compared as written, each was
 * a column changed beside an ALTER removed. The ALTERs are applied to a copy of the CREATE's
 * elements, but only where that is sure to give the server's table: the column is one whose
 * name nothing else of the blob refers to (a CHECK, an index, a key, a generated column would
 * follow a rename or a retype, and a generated constraint name keeps the column's old name),
 * no serial, identity or generated column, a constraint dropped by an explicit name no
 * generated one could take. Anything else, in either blob, leaves both blobs as they were.
 */

/* How many string values of tree are s. */
static size_t string_uses(json_t *tree, const char *s)
{
	size_t i, n = 0;
	const char *k;
	json_t *v;

	if (json_is_string(tree))
		return !strcmp(json_string_value(tree), s);
	if (json_is_array(tree))
		json_array_foreach(tree, i, v)
			n += string_uses(v, s);
	else if (json_is_object(tree))
		json_object_foreach(tree, k, v)
			n += string_uses(v, s);
	return n;
}

/* The ColumnDef (inner) of elts named name, and its place; NULL when none. */
static json_t *elts_column(json_t *elts, const char *name, size_t *at)
{
	size_t i;
	json_t *e;
	json_array_foreach(elts, i, e) {
		const char *type = NULL;
		json_t *c = ddl_node(e, &type);
		if (c && !strcmp(type, "ColumnDef") && !strcmp(sv(ddl_str(c, "colname")), name)) {
			if (at)
				*at = i;
			return c;
		}
	}
	return NULL;
}

/* A column whose ALTERs are read into it: no serial type, no constraint of its own but
   NOT NULL, NULL and (unless no_default) DEFAULT; with no_storage, no STORAGE / COMPRESSION
   either (ALTER ... TYPE resets the storage to the new type's) */
static int plain_column_but(json_t *col, int no_default, int no_storage, int checks)
{
	size_t i;
	json_t *c;

	if (serial_type(json_object_get(col, "typeName")))
		return 0;
	if (no_storage && (json_object_get(col, "storage") || json_object_get(col, "compression")))
		return 0;
	json_array_foreach(json_object_get(col, "constraints"), i, c) {
		const char *t = sv(ddl_str(ddl_node(c, NULL), "contype"));
		if (strcmp(t, "CONSTR_NOTNULL") && strcmp(t, "CONSTR_NULL") && (no_default || strcmp(t, "CONSTR_DEFAULT")) &&
		    (!checks || strcmp(t, "CONSTR_CHECK")))
			return 0;
	}
	return 1;
}

static int plain_column(json_t *col, int no_default, int no_storage)
{
	return plain_column_but(col, no_default, no_storage, 0);
}

/* The raw expression of the column's DEFAULT (the last one written), NULL when none. */
static json_t *column_default(json_t *col)
{
	json_t *c, *expr = NULL;
	size_t i;
	json_array_foreach(json_object_get(col, "constraints"), i, c) {
		json_t *k = ddl_node(c, NULL);
		if (!strcmp(sv(ddl_str(k, "contype")), "CONSTR_DEFAULT"))
			expr = json_object_get(k, "raw_expr");
	}
	return expr;
}

/* A pg_catalog type without collation (not text, varchar, char(n), name, nor an array) */
static int catalog_type_without_collation(json_t *tn)
{
	static const char *const collatable[] = { "text", "varchar", "bpchar", "name", NULL };
	const char *ctype = ddl_catalog_type(tn);
	const char *const *c;

	if (!ctype || is_array_type(tn) || ddl_bool(tn, "setof") || ddl_bool(tn, "pct_type"))
		return 0;
	for (c = collatable; *c; c++)
		if (!strcmp(*c, ctype))
			return 0;
	return 1;
}

/*
 * Does a column's default (raw expr) give the table the inline form gives once the column
 * is retyped to new_type? ATExecAlterColumnType() strips the implicit coercions of the
 * stored default, down to the expression as parsed, and coerces that to the new type, as
 * cookDefault() coerces the expression written inline; the two agree when the parsed
 * expression's type is its own: a number or boolean constant, or a cast to a pg_catalog
 * type (checked on pg_attrdef.adbin: int DEFAULT 0 -> bigint, numeric(5,2) DEFAULT 1.5 ->
 * numeric(7,3), int DEFAULT 1.5 -> numeric). Not a string or NULL (their Const takes the
 * column's type: int4 '5' cast to bigint against the bigint Const '5'), and not when the
 * new type or the expression's has a collation (the re-coerced default is not given one:
 * checked, text 'x' -> varchar(5) leaves funccollid 0 where the inline default has 100).
 */
static int default_follows_retype(json_t *expr, json_t *new_type)
{
	const char *type = NULL;
	json_t *in = ddl_node(expr, &type);

	if (!in || !catalog_type_without_collation(new_type))
		return 0;
	if (!strcmp(type, "A_Const"))
		return json_object_get(in, "ival") || json_object_get(in, "fval") || json_object_get(in, "boolval");
	if (!strcmp(type, "TypeCast"))
		return catalog_type_without_collation(json_object_get(in, "typeName"));
	return 0;
}

/* Remove the column's constraints of kinds a and b (b may be NULL); no list left when empty. */
static void column_without(json_t *col, const char *a, const char *b)
{
	json_t *cons = json_object_get(col, "constraints");
	size_t i;

	for (i = json_array_size(cons); i-- > 0;) {
		const char *t = sv(ddl_str(ddl_node(json_array_get(cons, i), NULL), "contype"));
		if (!strcmp(t, a) || (b && !strcmp(t, b)))
			json_array_remove(cons, i);
	}
	if (cons && !json_array_size(cons))
		json_object_del(col, "constraints");
}

static void column_with(json_t *col, json_t *con)
{
	json_t *cons = json_object_get(col, "constraints");
	if (!json_is_array(cons)) {
		cons = json_array();
		json_object_set_new(col, "constraints", cons);
	}
	json_array_append_new(cons, con);
}

/* The uses of name in the CREATE (create) other than a column's own name */
static size_t create_uses(json_t *create, const char *name)
{
	size_t n = string_uses(create, name);
	return n - (n && elts_column(json_object_get(create, "tableElts"), name, NULL) ? 1 : 0);
}

/* A name PostgreSQL could generate for a constraint: it ends in one of the labels
   ChooseConstraintName() appends, and maybe a digit */
static int generated_like(const char *name)
{
	static const char *const labels[] = { "_check", "_pkey", "_key", "_fkey", "_excl", NULL };
	size_t n = strlen(name);
	const char *const *l;

	while (n && name[n - 1] >= '0' && name[n - 1] <= '9')
		n--;
	for (l = labels; *l; l++)
		if (n >= strlen(*l) && !strncmp(name + n - strlen(*l), *l, strlen(*l)))
			return 1;
	return 0;
}

struct table_fold {
	json_t *stmts, *create, *elts, *later;
	const struct ddl_identity *id;
	const unsigned char *used; /* statements already read (ADD CONSTRAINT: later) */
	unsigned char *folded;     /* the statements read here */
};

/* Uses of name in the statements before k (or all with k = SIZE_MAX) that are not read
   here, the CREATE apart */
static size_t other_uses(const struct table_fold *f, const char *name, size_t k)
{
	size_t i, n = 0;
	json_t *raw;
	json_array_foreach(f->stmts, i, raw)
		if (i < k && (int)i > f->id->index && !f->folded[i])
			n += string_uses(raw, name);
	return n + create_uses(f->create, name);
}

/* Could PostgreSQL generate name for a constraint of kind contype? Its label
   (ChooseConstraintName()'s, maybe with a digit after it) ends the name; the labels are
   no suffixes of each other ("_key" is no end of "_fkey": the underscore). */
static int label_of_kind(const char *name, const char *contype)
{
	static const char *const labels[][2] = {
		{ "CONSTR_CHECK", "_check" }, { "CONSTR_PRIMARY", "_pkey" }, { "CONSTR_UNIQUE", "_key" },
		{ "CONSTR_EXCLUSION", "_excl" }, { "CONSTR_FOREIGN", "_fkey" },
	};
	size_t n = strlen(name), i;

	while (n && name[n - 1] >= '0' && name[n - 1] <= '9')
		n--;
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (!strcmp(sv(contype), labels[i][0]))
			return n >= strlen(labels[i][1]) && !strncmp(name + n - strlen(labels[i][1]), labels[i][1],
								       strlen(labels[i][1]));
	return 0;
}

/* Is c (a Constraint of f->later) added by a statement before statement k? */
static int later_before(const struct table_fold *f, json_t *c, size_t k)
{
	size_t s, m;
	json_t *raw, *cmd;
	json_array_foreach(f->stmts, s, raw) {
		json_t *cmds = json_object_get(ddl_node(json_object_get(raw, "stmt"), NULL), "cmds");
		json_array_foreach(cmds, m, cmd)
			if (s < k && f->used[s] && ddl_node(json_object_get(ddl_node(cmd, NULL), "def"), NULL) == c)
				return 1;
	}
	return 0;
}

/* Does an unnamed constraint of the table take a generated name that could be name when
   statement k runs? (The CHECKs and FOREIGN KEYs of the CREATE have theirs already:
   name_created_constraints(); an ADD CONSTRAINT after k is named once k dropped its own.) */
static int has_unnamed_constraint(const struct table_fold *f, const char *name, size_t k)
{
	size_t i, j;
	json_t *e, *c;
	json_array_foreach(f->elts, i, e) {
		const char *type = NULL;
		json_t *in = ddl_node(e, &type);
		if (in && !strcmp(type, "Constraint") && !ddl_str(in, "conname") &&
		    label_of_kind(name, ddl_str(in, "contype")))
			return 1;
		json_array_foreach(json_object_get(in, "constraints"), j, c) {
			json_t *k = ddl_node(c, NULL);
			if (!ddl_str(k, "conname") && label_of_kind(name, ddl_str(k, "contype")))
				return 1;
		}
	}
	json_array_foreach(f->later, i, c)
		if (!ddl_str(c, "conname") && later_before(f, c, k))
			return 1;
	return 0;
}

/*
 * The CHECKs and FOREIGN KEYs of the CREATE (elts, a copy) given the names PostgreSQL
 * generated for them there (read_table(): CHECKs first, keys, then FOREIGN KEYs; a key's
 * name is left for the comparison to choose, it may be folded into another). Read in, a
 * RENAME COLUMN would name them after the new column, and a DROP CONSTRAINT of a
 * generated name would find none; the server's names are the CREATE's (round 24).
 * Naming them changes no other generated name: their labels differ from the keys', and
 * they were chosen before the FOREIGN KEYs were.
 */
static int name_created_constraints(json_t *elts, json_t *create, const char *relname)
{
	struct table_shape t;
	size_t i;
	json_t *e;

	/* LIKE ... INCLUDING CONSTRAINTS copies names the blob does not show, which the
	   generated ones avoid */
	json_array_foreach(elts, i, e)
		if (json_object_get(e, "TableLikeClause"))
			return 0;
	read_table(elts, create, relname, &t);
	for (i = 0; i < t.ncons; i++) {
		const char *ct = sv(t.cons[i].contype);
		if ((!strcmp(ct, "CONSTR_CHECK") || !strcmp(ct, "CONSTR_FOREIGN")) && !ddl_str(t.cons[i].node, "conname") &&
		    t.cons[i].name && *t.cons[i].name)
			json_object_set_new(t.cons[i].node, "conname", json_string(t.cons[i].name));
	}
	free_table(&t);
	return 1;
}

/* How many ColumnRefs in tree are the bare column name (a CHECK's only way to name a column
   of its table but (t).a, which is not counted); each renamed to rename_to unless it is NULL
   (tree then the caller's copy) */
static size_t bare_column_refs(json_t *tree, const char *name, const char *rename_to)
{
	size_t i, n = 0;
	const char *k;
	json_t *v;

	if (json_is_array(tree)) {
		json_array_foreach(tree, i, v)
			n += bare_column_refs(v, name, rename_to);
		return n;
	}
	if (!json_is_object(tree))
		return 0;
	json_t *ref = json_object_get(tree, "ColumnRef");
	if (ref) {
		json_t *fields = json_object_get(ref, "fields");
		if (json_array_size(fields) != 1 || strcmp(sv(ddl_sval(json_array_get(fields, 0))), name))
			return 0;
		if (rename_to)
			json_array_set_new(fields, 0, json_pack("{s{ss}}", "String", "sval", rename_to));
		return 1;
	}
	json_object_foreach(tree, k, v)
		n += bare_column_refs(v, name, rename_to);
	return n;
}

/* The constraints of a CREATE TABLE element: itself when it is a table constraint, a column's
   own otherwise (a new reference, NULL when it has none) */
static json_t *element_constraints(json_t *e)
{
	const char *type = NULL;
	json_t *in = ddl_node(e, &type);
	return in && !strcmp(type, "Constraint") ? json_pack("[O]", e) : json_incref(json_object_get(in, "constraints"));
}

/* The bare references to column name in the CHECKs of elts (table constraints and column
   constraints), renamed rename_to when that is not NULL */
static size_t checks_column_refs(json_t *elts, const char *name, const char *rename_to)
{
	size_t i, j, n = 0;
	json_t *e, *c;
	json_array_foreach(elts, i, e) {
		json_t *cons = element_constraints(e);
		json_array_foreach(cons, j, c) {
			json_t *k = ddl_node(c, NULL);
			if (strcmp(sv(ddl_str(k, "contype")), "CONSTR_CHECK"))
				continue;
			n += bare_column_refs(json_object_get(k, "raw_expr"), name, rename_to);
		}
		json_decref(cons);
	}
	return n;
}

/*
 * DROP CONSTRAINT name of statement k: the CHECK or FOREIGN KEY of that explicit name, of
 * the CREATE or of an ADD CONSTRAINT before it, removed (a PRIMARY KEY leaves its columns
 * NOT NULL, a UNIQUE may be the one PostgreSQL folded into another: not read). 0 when not so.
 */
static int fold_drop_constraint(struct table_fold *f, const char *name, size_t k)
{
	size_t i, j, found = 0, e_at = 0, c_at = 0, l_at = 0;
	json_t *e, *c, *con = NULL;
	int where = 0; /* 1 table element, 2 a column's, 3 later */

	if (generated_like(name) && has_unnamed_constraint(f, name, k))
		return 0;
	json_array_foreach(f->elts, i, e) {
		const char *type = NULL;
		json_t *in = ddl_node(e, &type);
		if (in && !strcmp(type, "Constraint") && !strcmp(sv(ddl_str(in, "conname")), name))
			found++, where = 1, e_at = i, con = in;
		json_array_foreach(json_object_get(in, "constraints"), j, c)
			if (!strcmp(sv(ddl_str(ddl_node(c, NULL), "conname")), name))
				found++, where = 2, e_at = i, c_at = j, con = ddl_node(c, NULL);
	}
	json_array_foreach(f->later, i, c) {
		/* an ADD CONSTRAINT the blob runs before the DROP */
		if (strcmp(sv(ddl_str(c, "conname")), name))
			continue;
		if (!later_before(f, c, k))
			return 0;
		found++, where = 3, l_at = i, con = c;
	}
	if (found != 1)
		return 0;
	if (strcmp(sv(ddl_str(con, "contype")), "CONSTR_CHECK") && strcmp(sv(ddl_str(con, "contype")), "CONSTR_FOREIGN"))
		return 0;
	if (where == 1) {
		json_array_remove(f->elts, e_at);
	} else if (where == 2) {
		json_t *col = ddl_node(json_array_get(f->elts, e_at), NULL), *cons = json_object_get(col, "constraints");
		/* with the DEFERRABLE / INITIALLY ... that belong to it */
		while (c_at + 1 < json_array_size(cons) &&
		       !strncmp(sv(ddl_str(ddl_node(json_array_get(cons, c_at + 1), NULL), "contype")), "CONSTR_ATTR_", 12))
			json_array_remove(cons, c_at + 1);
		json_array_remove(cons, c_at);
		if (!json_array_size(cons))
			json_object_del(col, "constraints");
	} else {
		json_array_remove(f->later, l_at);
	}
	return 1;
}

/* The PRIMARY KEY, UNIQUE and EXCLUDE constraints of the elements */
static size_t index_constraints(json_t *elts)
{
	size_t i, j, n = 0;
	json_t *e, *c;
	json_array_foreach(elts, i, e) {
		json_t *cons = element_constraints(e);
		json_array_foreach(cons, j, c) {
			const char *t = sv(ddl_str(ddl_node(c, NULL), "contype"));
			n += !strcmp(t, "CONSTR_PRIMARY") || !strcmp(t, "CONSTR_UNIQUE") || !strcmp(t, "CONSTR_EXCLUSION");
		}
		json_decref(cons);
	}
	return n;
}

/*
 * RENAME CONSTRAINT from TO to of statement k: the CHECK, FOREIGN KEY, PRIMARY KEY, UNIQUE or
 * EXCLUDE of the CREATE named from (explicitly, or a CHECK's or FOREIGN KEY's name generated
 * there: name_created_constraints()) given the name to, as the inline CONSTRAINT to would be
 * (round 25; checked on PostgreSQL 15: pg_dump -s and pg_constraint alike, a key's index is
 * renamed with it). Not when another statement names from (it would follow the constraint or
 * fail), when to is named before (the server refuses a taken name; a COMMENT after the rename
 * names it alike on both sides), nor when an unnamed constraint of the CREATE could have
 * taken either name: the server chose its name around from, which the inline form frees
 * (CONSTRAINT t_a_key UNIQUE (b), UNIQUE (a) names the second t_a_key1). A constraint of a
 * later ADD CONSTRAINT is not renamed here (its node is the parse tree's), nor a key beside
 * another key of the CREATE. 0 when not so.
 */
static int fold_rename_constraint(struct table_fold *f, const char *from, const char *to, size_t k)
{
	static const char *const kinds[] = { "CONSTR_CHECK", "CONSTR_FOREIGN", "CONSTR_PRIMARY", "CONSTR_UNIQUE",
					     "CONSTR_EXCLUSION", NULL };
	const char *const *kind;
	size_t i, j, found = 0;
	json_t *e, *c, *con = NULL;

	if (!from || !to || !strcmp(from, to) || string_uses(f->elts, to) || other_uses(f, to, k) ||
	    other_uses(f, from, SIZE_MAX) != create_uses(f->create, from) ||
	    (generated_like(from) && has_unnamed_constraint(f, from, k)) ||
	    (generated_like(to) && has_unnamed_constraint(f, to, k)))
		return 0;
	json_array_foreach(f->later, i, c)
		if (!strcmp(sv(ddl_str(c, "conname")), from) || !strcmp(sv(ddl_str(c, "conname")), to))
			return 0;
	json_array_foreach(f->elts, i, e) {
		const char *type = NULL;
		json_t *in = ddl_node(e, &type);
		if (in && !strcmp(type, "Constraint") && !strcmp(sv(ddl_str(in, "conname")), from))
			found++, con = in;
		json_array_foreach(json_object_get(in, "constraints"), j, c)
			if (!strcmp(sv(ddl_str(ddl_node(c, NULL), "conname")), from))
				found++, con = ddl_node(c, NULL);
	}
	if (found != 1)
		return 0;
	for (kind = kinds; *kind && strcmp(*kind, sv(ddl_str(con, "contype"))); kind++)
		;
	if (!*kind)
		return 0;
	/* a key of the CREATE beside another may be one PostgreSQL folds into it (no constraint
	   of that name: the server refuses the rename) */
	if (kind - kinds >= 2 && index_constraints(f->elts) > 1)
		return 0;
	json_object_set_new(con, "conname", json_string(to));
	return 1;
}

/* One command of an ALTER TABLE of the table (statement k) applied to the elements; 0 when
   it cannot be read in soundly */
static int fold_command(struct table_fold *f, json_t *cmd, size_t k)
{
	const char *sub = sv(ddl_str(cmd, "subtype")), *name = ddl_str(cmd, "name");
	json_t *def = ddl_node(json_object_get(cmd, "def"), NULL);
	json_t *col = name ? elts_column(f->elts, name, NULL) : NULL;
	size_t at;

	if (!strcmp(sub, "AT_AddColumn")) {
		const char *cn = ddl_str(def, "colname");
		if (!cn || elts_column(f->elts, cn, NULL) || other_uses(f, cn, k) || !plain_column(def, 0, 0))
			return 0;
		/* a copy: later commands change it */
		json_array_append_new(f->elts, json_pack("{so}", "ColumnDef", json_deep_copy(def)));
		return 1;
	}
	if (!strcmp(sub, "AT_DropConstraint"))
		return name && fold_drop_constraint(f, name, k);
	if (!col)
		return 0;
	if (!strcmp(sub, "AT_SetNotNull")) {
		column_without(col, "CONSTR_NOTNULL", "CONSTR_NULL");
		column_with(col, json_pack("{s{ss}}", "Constraint", "contype", "CONSTR_NOTNULL"));
		return 1;
	}
	if (!strcmp(sub, "AT_DropNotNull")) {
		/* a key column's NOT NULL cannot be dropped: no key may name it before */
		if (!plain_column(col, 0, 0) || other_uses(f, name, k))
			return 0;
		column_without(col, "CONSTR_NOTNULL", NULL);
		return 1;
	}
	if (!strcmp(sub, "AT_ColumnDefault")) {
		if (!plain_column(col, 0, 0))
			return 0;
		column_without(col, "CONSTR_DEFAULT", NULL);
		if (def)
			column_with(col, json_pack("{s{ssso}}", "Constraint", "contype", "CONSTR_DEFAULT", "raw_expr",
						   json_deep_copy(json_object_get(cmd, "def"))));
		return 1;
	}
	if (!strcmp(sub, "AT_AlterColumnType")) {
		/* what refers to the column would be parsed again; a default is coerced anew */
		if (!def || !plain_column(col, 0, 1) || other_uses(f, name, k) ||
		    (column_default(col) && !default_follows_retype(column_default(col), json_object_get(def, "typeName"))))
			return 0;
		json_object_set_new(col, "typeName", json_deep_copy(json_object_get(def, "typeName")));
		/* without COLLATE, the new type's own collation */
		if (json_object_get(def, "collClause"))
			json_object_set_new(col, "collClause", json_deep_copy(json_object_get(def, "collClause")));
		else
			json_object_del(col, "collClause");
		return 1;
	}
	if (!strcmp(sub, "AT_DropColumn")) {
		if (!plain_column(col, 0, 0) || other_uses(f, name, SIZE_MAX) || !elts_column(f->elts, name, &at))
			return 0;
		json_array_remove(f->elts, at);
		return 1;
	}
	return 0;
}

/* A command read in here */
static int foldable_command(const char *sub)
{
	static const char *const subs[] = { "AT_AddColumn", "AT_DropColumn", "AT_ColumnDefault", "AT_SetNotNull",
					    "AT_DropNotNull", "AT_AlterColumnType", "AT_DropConstraint", NULL };
	const char *const *s;
	for (s = subs; *s; s++)
		if (!strcmp(*s, sub))
			return 1;
	return 0;
}

/*
 * The elements of the table the blob's CREATE TABLE (create) and its later ALTER TABLE /
 * RENAME COLUMN statements leave (a new array; later, the ADD CONSTRAINTs later_constraints()
 * read, loses those the blob drops again), the statements marked in folded; NULL when a
 * statement that acts on the table's columns cannot be read in (later and folded then as
 * they were).
 */
static json_t *table_with_later_alters(json_t *stmts, json_t *create, const struct ddl_identity *id,
				       const unsigned char *used, json_t *later, unsigned char *folded)
{
	struct table_fold f = { stmts, create, json_deep_copy(json_object_get(create, "tableElts")), later, id, used,
				folded };
	json_t *raw, *cmd, *rel = json_object_get(create, "relation");
	const char *created = sv(ddl_str(rel, "relname"));
	size_t i, j;
	int ok = 1, path_set = 0, named = 0;

	/* the columns of a parent or a type are not the CREATE's to change */
	if (json_array_size(json_object_get(create, "inhRelations")) || json_object_get(create, "partbound") ||
	    json_object_get(create, "ofTypename"))
		ok = 0;
	if (!json_is_array(f.elts)) {
		json_decref(f.elts);
		f.elts = json_array();
	}
	if (ok)
		named = name_created_constraints(f.elts, create, created);
	json_array_foreach(stmts, i, raw) {
		const char *type = NULL;
		json_t *s = ddl_node(json_object_get(raw, "stmt"), &type);
		json_t *r = json_object_get(s, "relation");
		int candidate = 0;
		if (!s || (int)i <= id->index || used[i])
			continue;
		/* past a SET search_path (or a COMMIT ending a SET LOCAL) an unqualified name may be
		   another table: nothing after it is read in */
		if (ddl_sets_search_path(type, s) || !strcmp(type, "TransactionStmt"))
			path_set = 1;
		/* a statement on the table's columns, under its name or the one the blob gave it */
		if (strcmp(sv(ddl_str(r, "relname")), created) && strcmp(sv(ddl_str(r, "relname")), sv(id->name)))
			continue;
		if (!strcmp(type, "RenameStmt"))
			candidate = !strcmp(sv(ddl_str(s, "renameType")), "OBJECT_COLUMN") ||
				    !strcmp(sv(ddl_str(s, "renameType")), "OBJECT_TABCONSTRAINT");
		else if (!strcmp(type, "AlterTableStmt"))
			json_array_foreach(json_object_get(s, "cmds"), j, cmd)
				candidate |= foldable_command(sv(ddl_str(ddl_node(cmd, NULL), "subtype")));
		if (!candidate)
			continue;
		folded[i] = 1;
		if (path_set)
			ok = 0;
		if (!ok)
			break;
		/* once the blob renamed or moved the table, only its new name is the table */
		if (id->nr_moves && (int)i > id->moves[0] ? !renamed_relation(r, id, i) : !own_relation(r, rel, id)) {
			ok = 0;
			break;
		}
		if (!strcmp(type, "RenameStmt") && !strcmp(sv(ddl_str(s, "renameType")), "OBJECT_TABCONSTRAINT")) {
			/* only ALTER TABLE renames a relation's constraint (the grammar sets no
			   relationType for it) */
			if (!fold_rename_constraint(&f, ddl_str(s, "subname"), ddl_str(s, "newname"), i)) {
				ok = 0;
				break;
			}
			continue;
		}
		if (!strcmp(type, "RenameStmt")) {
			const char *from = ddl_str(s, "subname"), *to = ddl_str(s, "newname");
			json_t *col = from ? elts_column(f.elts, from, NULL) : NULL;
			/* nothing names the column but CHECKs of the table, by its bare name (they follow
			   the rename; their generated names were fixed at the CREATE), nothing named the
			   new name before */
			if (!col || !to || strcmp(sv(ddl_str(s, "relationType")), "OBJECT_TABLE") ||
			    !plain_column_but(col, 0, 0, 1) || elts_column(f.elts, to, NULL) ||
			    other_uses(&f, from, SIZE_MAX) != create_uses(create, from) ||
			    string_uses(f.elts, from) != 1 + checks_column_refs(f.elts, from, NULL) ||
			    (!named && checks_column_refs(f.elts, from, NULL)) || other_uses(&f, to, i)) {
				ok = 0;
				break;
			}
			checks_column_refs(f.elts, from, to);
			json_object_set_new(col, "colname", json_string(to));
			continue;
		}
		if (strcmp(sv(ddl_str(s, "objtype")), "OBJECT_TABLE")) {
			ok = 0;
			break;
		}
		json_array_foreach(json_object_get(s, "cmds"), j, cmd)
			if (ok && !fold_command(&f, ddl_node(cmd, NULL), i))
				ok = 0;
		if (!ok)
			break;
	}
	if (!ok) {
		json_decref(f.elts);
		return NULL;
	}
	return f.elts;
}

/*
 * Both blobs' tables with their ALTERs read in (table_with_later_alters()), set as the
 * tableElts of their canonical CREATEs (co, cn); only when both can be: a statement read in
 * on one side and left as a statement on the other would be matched with it as written and
 * count on one side only.
 */
static void tables_with_later_alters(json_t *so, json_t *sn, const struct ddl_identity *io,
				     const struct ddl_identity *in, json_t *co, json_t *cn, json_t *later_o,
				     json_t *later_n, unsigned char *o_used, unsigned char *n_used)
{
	size_t no = json_array_size(so), nn = json_array_size(sn), i;
	unsigned char *fo = xcalloc(no + 1, 1), *fn = xcalloc(nn + 1, 1);
	/* on copies of later: a DROP CONSTRAINT read in removes from it */
	json_t *lo = json_copy(later_o), *ln = json_copy(later_n);
	json_t *eo = table_with_later_alters(so, io->stmt, io, o_used, lo, fo);
	json_t *en = eo ? table_with_later_alters(sn, in->stmt, in, n_used, ln, fn) : NULL;

	if (eo && en) {
		/* CREATE TABLE t () has no list: none stays none */
		if (json_array_size(eo) || json_object_get(co, "tableElts"))
			json_object_set(co, "tableElts", eo);
		if (json_array_size(en) || json_object_get(cn, "tableElts"))
			json_object_set(cn, "tableElts", en);
		json_array_clear(later_o);
		json_array_extend(later_o, lo);
		json_array_clear(later_n);
		json_array_extend(later_n, ln);
		for (i = 0; i < no; i++)
			o_used[i] |= fo[i];
		for (i = 0; i < nn; i++)
			n_used[i] |= fn[i];
	}
	json_decref(eo);
	json_decref(en);
	json_decref(lo);
	json_decref(ln);
	free(fo);
	free(fn);
}

/* The position of value name in an enum's vals (String nodes), or -1. */
static int enum_value_at(json_t *vals, const char *name)
{
	size_t i;
	json_t *x;
	json_array_foreach(vals, i, x)
		if (!strcmp(sv(ddl_sval(x)), name))
			return (int)i;
	return -1;
}

/*
 * 1 when names (a one- or two-part name list of a statement in the blob) names the object
 * of identity id: its last part is the name and a schema, if written, is id's. A later
 * ALTER of the blob reads an unqualified name as its own object, as the CREATE before it.
 */
static int names_blob_object(json_t *names, const struct ddl_identity *id)
{
	size_t n = json_array_size(names);

	return (n == 1 || n == 2) && !strcmp(sv(ddl_sval(json_array_get(names, n - 1))), sv(id->name)) &&
	       (n == 1 || !strcmp(sv(ddl_sval(json_array_get(names, 0))), sv(id->schema)));
}

/*
 * The values of the enum a CREATE TYPE ... AS ENUM (inner create) makes, once the
 * ALTER TYPE ... ADD VALUE [BEFORE | AFTER] and RENAME VALUE statements of the blob
 * that name it (id: its identity) have run, in the order PostgreSQL sorts them: a new
 * array; those statements are marked in used. CREATE TYPE e AS ENUM ('a', 'b', 'c')
 * and ... ('a', 'b'); ALTER TYPE e ADD VALUE 'c' make one type (pg_dump writes the
 * second as the first), and were values_removed 'c', MAJOR. A value added BEFORE a value
 * or AFTER one that is not the last gets a sort order no CREATE gives (pg_enum.enumsortorder
 * 0, 1.5): another stored type, so that ALTER is left as a statement of the blob, as is one
 * that would fail or do nothing (its neighbour or old value missing, the value there already).
 */
static json_t *enum_with_later_values(json_t *stmts, json_t *create, const struct ddl_identity *id,
				      unsigned char *used)
{
	json_t *vals = json_deep_copy(json_object_get(create, "vals")), *raw;
	size_t i;

	if (!json_is_array(vals)) {
		json_decref(vals);
		vals = json_array();
	}
	json_array_foreach(stmts, i, raw) {
		const char *type = NULL;
		json_t *s = ddl_node(json_object_get(raw, "stmt"), &type);
		if (!s || strcmp(type, "AlterEnumStmt") || id->nr_moves ||
		    !names_blob_object(json_object_get(s, "typeName"), id))
			continue;
		const char *old = ddl_str(s, "oldVal"), *val = ddl_str(s, "newVal");
		const char *neighbor = ddl_str(s, "newValNeighbor");
		if (!val || enum_value_at(vals, val) >= 0)
			continue;
		json_t *node = json_pack("{s{ss}}", "String", "sval", val);
		if (old) { /* RENAME VALUE old TO val */
			int at = enum_value_at(vals, old);
			if (at < 0) {
				json_decref(node);
				continue;
			}
			json_array_set_new(vals, (size_t)at, node);
		} else if (neighbor) { /* ADD VALUE val AFTER the last value: appended */
			int at = enum_value_at(vals, neighbor);
			if (at < 0 || !ddl_bool(s, "newValIsAfter") || (size_t)at + 1 != json_array_size(vals)) {
				json_decref(node);
				continue;
			}
			json_array_insert_new(vals, (size_t)at + (ddl_bool(s, "newValIsAfter") ? 1 : 0), node);
		} else {
			json_array_append_new(vals, node);
		}
		used[i] = 1;
	}
	return vals;
}

/* An ALTER FUNCTION / PROCEDURE / ROUTINE's argument list (ObjectWithArgs func) names the
   function create makes: the same input argument types, or none written. */
static int names_created_function(json_t *func, json_t *create)
{
	json_t *args = json_object_get(func, "objargs"), *p;
	size_t i, n = 0;

	if (ddl_bool(func, "args_unspecified"))
		return 1;
	json_array_foreach(json_object_get(create, "parameters"), i, p) {
		const char *m = param_mode(ddl_node(p, NULL));
		if (!strcmp(m, "FUNC_PARAM_OUT") || !strcmp(m, "FUNC_PARAM_TABLE"))
			continue;
		if (n >= json_array_size(args) ||
		    !same_type(json_object_get(ddl_node(p, NULL), "argType"), ddl_node(json_array_get(args, n), NULL)))
			return 0;
		n++;
	}
	return n == json_array_size(args);
}

/*
 * The options of the function a CREATE FUNCTION / PROCEDURE (inner create) makes, once
 * the ALTER FUNCTION ... STABLE / STRICT / SECURITY DEFINER / LEAKPROOF / PARALLEL / COST /
 * ROWS / SUPPORT statements of the blob that name it (id: its identity) have run: a new
 * array, each such option in place of the CREATE's; those statements are marked in used.
 * CREATE FUNCTION f(int) ... STABLE and CREATE FUNCTION f(int) ...; ALTER FUNCTION f(int)
 * STABLE make one function (it was MAJOR, volatility stable -> volatile, with an ALTER
 * added). An ALTER with SET / RESET (which add to or clear the configuration), RENAME,
 * OWNER or another function's is left as a statement of the blob.
 */
static json_t *function_with_later_options(json_t *stmts, json_t *create, const struct ddl_identity *id,
					   unsigned char *used)
{
	static const char *const foldable[] = { "volatility", "strict", "security", "leakproof", "parallel",
						"cost", "rows", "support", NULL };
	json_t *opts = json_copy(json_object_get(create, "options")), *raw, *act;
	size_t i, j, k;

	if (!json_is_array(opts)) {
		json_decref(opts);
		opts = json_array();
	}
	json_array_foreach(stmts, i, raw) {
		const char *type = NULL;
		json_t *s = ddl_node(json_object_get(raw, "stmt"), &type);
		json_t *func = json_object_get(s, "func");
		int ok = s && !strcmp(type, "AlterFunctionStmt") && !id->nr_moves &&
			 names_blob_object(json_object_get(func, "objname"), id) &&
			 json_array_size(json_object_get(s, "actions")) && names_created_function(func, create);
		json_array_foreach(json_object_get(s, "actions"), j, act) {
			const char *const *f;
			for (f = foldable; *f && strcmp(*f, sv(ddl_str(ddl_node(act, NULL), "defname"))); f++)
				;
			if (!*f)
				ok = 0;
		}
		if (!ok)
			continue;
		json_array_foreach(json_object_get(s, "actions"), j, act) {
			const char *name = ddl_str(ddl_node(act, NULL), "defname");
			for (k = json_array_size(opts); k-- > 0;)
				if (!strcmp(sv(ddl_str(ddl_node(json_array_get(opts, k), NULL), "defname")), name))
					json_array_remove(opts, k);
			json_array_append(opts, act);
		}
		used[i] = 1;
	}
	return opts;
}

/*
 * A domain's constraints (cons) less its NOT NULL (name NULL: ALTER DOMAIN ... DROP NOT NULL)
 * or its CHECK of that name (DROP CONSTRAINT name; a domain's NOT NULL is no constraint of
 * pg_constraint in PostgreSQL 15 and has no name to drop): how many were removed.
 */
static int domain_without(json_t *cons, const char *name)
{
	size_t i;
	int n = 0;

	for (i = json_array_size(cons); i-- > 0;) {
		json_t *k = ddl_node(json_array_get(cons, i), NULL);
		const char *t = sv(ddl_str(k, "contype"));
		if (name ? !strcmp(t, "CONSTR_CHECK") && !strcmp(sv(ddl_str(k, "conname")), name)
			 : !strcmp(t, "CONSTR_NOTNULL")) {
			json_array_remove(cons, i);
			n++;
		}
	}
	return n;
}

/*
 * The constraints of the domain a CREATE DOMAIN (inner create) makes, once the ALTER
 * DOMAIN ... ADD CONSTRAINT and SET NOT NULL statements of the blob that name it (id: its
 * identity) have run: a new array, theirs after the CREATE's; those statements are marked
 * in used. Their DROP NOT NULL and DROP CONSTRAINT (of an explicit name) too (round 23): SET
 * NOT NULL; DROP NOT NULL leaves no NOT NULL, and was read as NOT NULL with a statement
 * added (MINOR) against an inline NOT NULL, where the domain differs (MAJOR as inline). pg_dump writes a NOT VALID domain constraint so, and CREATE DOMAIN d AS int
 * CONSTRAINT pos CHECK (VALUE > 0) against CREATE DOMAIN d AS int; ALTER DOMAIN d ADD
 * CONSTRAINT pos CHECK (VALUE > 0) was the constraint dropped, with an ALTER DOMAIN added.
 */
static json_t *domain_with_later_constraints(json_t *stmts, json_t *create, const struct ddl_identity *id,
					     unsigned char *used)
{
	json_t *cons = json_copy(json_object_get(create, "constraints")), *raw;
	size_t i;

	if (!json_is_array(cons)) {
		json_decref(cons);
		cons = json_array();
	}
	json_array_foreach(stmts, i, raw) {
		const char *type = NULL;
		json_t *s = ddl_node(json_object_get(raw, "stmt"), &type);
		if (!s || strcmp(type, "AlterDomainStmt") || id->nr_moves ||
		    !names_blob_object(json_object_get(s, "typeName"), id))
			continue;
		const char *sub = sv(ddl_str(s, "subtype")), *name = ddl_str(s, "name");
		int read = 1;
		if (!strcmp(sub, "C") && ddl_node(json_object_get(s, "def"), NULL))
			json_array_append(cons, json_object_get(s, "def"));
		else if (!strcmp(sub, "O"))
			json_array_append_new(cons, json_pack("{s{ss}}", "Constraint", "contype", "CONSTR_NOTNULL"));
		else if (!strcmp(sub, "N"))
			domain_without(cons, NULL);
		else if (!strcmp(sub, "X") && name && !generated_like(name))
			/* a name PostgreSQL could have chosen for an unnamed CHECK is left as a statement;
			   one not there is read only where IF EXISTS makes the statement do nothing */
			read = domain_without(cons, name) || ddl_bool(s, "missing_ok");
		else
			read = 0;
		if (!read)
			continue;
		used[i] = 1;
	}
	return cons;
}

/* The position of the attribute named name in cols (ColumnDef nodes), -1 when none */
static int attribute_at(json_t *cols, const char *name)
{
	size_t i;
	json_t *c;

	json_array_foreach(cols, i, c)
		if (name && !strcmp(sv(ddl_str(ddl_node(c, NULL), "colname")), name))
			return (int)i;
	return -1;
}

/* cols (ColumnDef nodes, a copy of its own) with the attribute at `at` replaced by a copy
   of it holding value under key (NULL: without key) */
static void attribute_set(json_t *cols, int at, const char *key, json_t *value)
{
	json_t *c = json_deep_copy(json_array_get(cols, (size_t)at));
	if (value)
		json_object_set(ddl_node(c, NULL), key, value);
	else
		json_object_del(ddl_node(c, NULL), key);
	json_array_set_new(cols, (size_t)at, c);
}

/*
 * One ALTER TYPE command (AlterTableCmd inner cmd) run on cols as the server runs it:
 * ADD ATTRIBUTE appends; DROP ATTRIBUTE [IF EXISTS] removes; ALTER ATTRIBUTE ... TYPE t
 * [COLLATE c] sets the type and the collation written (none written: the new type's
 * own, ATExecAlterColumnType()). 0 when the server would refuse it (attribute missing
 * or there already) or it is another command.
 */
static int attribute_command(json_t *cols, json_t *cmd)
{
	const char *sub = sv(ddl_str(cmd, "subtype")), *name = ddl_str(cmd, "name");
	json_t *def = ddl_node(json_object_get(cmd, "def"), NULL);
	int at = attribute_at(cols, name);

	if (!strcmp(sub, "AT_AddColumn")) {
		if (!def || attribute_at(cols, ddl_str(def, "colname")) >= 0)
			return 0;
		json_array_append(cols, json_object_get(cmd, "def"));
		return 1;
	}
	if (!strcmp(sub, "AT_DropColumn")) {
		if (at < 0)
			return ddl_bool(cmd, "missing_ok");
		json_array_remove(cols, (size_t)at);
		return 1;
	}
	if (!strcmp(sub, "AT_AlterColumnType") && def && at >= 0 && json_object_get(def, "typeName")) {
		attribute_set(cols, at, "typeName", json_object_get(def, "typeName"));
		attribute_set(cols, at, "collClause", json_object_get(def, "collClause"));
		return 1;
	}
	return 0;
}

/*
 * The attributes of the composite type a CREATE TYPE ... AS (...) (inner create) makes,
 * once the ALTER TYPE ... ADD / DROP / ALTER ATTRIBUTE and RENAME ATTRIBUTE statements of
 * the blob that name it (id: its identity) have run, in order, as the server runs them: a
 * new array; those statements are marked in used. A statement the server would refuse,
 * or with another command, is left as a statement of the blob. CREATE TYPE c AS (a int, b
 * text) against CREATE TYPE c AS (a int); ALTER TYPE c ADD ATTRIBUTE b text was MAJOR, b
 * dropped, with an ALTER TYPE added; the DROP, ALTER and RENAME forms likewise (round 21).
 */
static json_t *composite_with_later_attributes(json_t *stmts, json_t *create, const struct ddl_identity *id,
					       unsigned char *used)
{
	json_t *cols = json_copy(json_object_get(create, "coldeflist")), *raw, *cmd, *work;
	size_t i, j;

	if (!json_is_array(cols)) {
		json_decref(cols);
		cols = json_array();
	}
	json_array_foreach(stmts, i, raw) {
		const char *type = NULL;
		json_t *s = ddl_node(json_object_get(raw, "stmt"), &type);
		json_t *rel = json_object_get(s, "relation"), *cmds = json_object_get(s, "cmds");
		const char *schema = ddl_str(rel, "schemaname");
		int ok, alter = s && !strcmp(type, "AlterTableStmt") && !strcmp(sv(ddl_str(s, "objtype")), "OBJECT_TYPE") &&
				json_array_size(cmds);
		int rename = s && !strcmp(type, "RenameStmt") &&
			     !strcmp(sv(ddl_str(s, "renameType")), "OBJECT_ATTRIBUTE") &&
			     !strcmp(sv(ddl_str(s, "relationType")), "OBJECT_TYPE");

		if ((!alter && !rename) || id->nr_moves || strcmp(sv(ddl_str(rel, "relname")), sv(id->name)) ||
		    (schema && strcmp(schema, sv(id->schema))))
			continue;
		work = json_copy(cols);
		ok = 1;
		if (rename) {
			int at = attribute_at(work, ddl_str(s, "subname"));
			json_t *to = json_object_get(s, "newname");
			ok = at >= 0 && json_is_string(to) && attribute_at(work, json_string_value(to)) < 0;
			if (ok)
				attribute_set(work, at, "colname", to);
		}
		json_array_foreach(alter ? cmds : NULL, j, cmd)
			if (ok && !attribute_command(work, ddl_node(cmd, NULL)))
				ok = 0;
		if (!ok) {
			json_decref(work);
			continue;
		}
		json_decref(cols);
		cols = work;
		used[i] = 1;
	}
	return cols;
}

/*
 * A CREATE OPERATOR / AGGREGATE's definition (DefineStmt inner c, a copy, changed in place)
 * as DefineOperator() / DefineAggregate() read it: PROCEDURE = is FUNCTION = (the old word,
 * one pg_operator.oprcode), and an INITCOND / MINITCOND written as a number is the text
 * defGetString() makes of it (pg_aggregate.agginitval is text: initcond = 0 and '0' store
 * the same, checked). They were MINOR, fields_changed definition.
 */
static void define_options_as_stored(json_t *c)
{
	const char *kind = sv(ddl_str(c, "kind"));
	size_t i;
	json_t *d;

	json_array_foreach(json_object_get(c, "definition"), i, d) {
		json_t *e = ddl_node(d, NULL);
		const char *name = sv(ddl_str(e, "defname")), *type = NULL;
		json_t *arg = ddl_node(json_object_get(e, "arg"), &type);
		if (!strcmp(kind, "OBJECT_OPERATOR") && !strcmp(name, "procedure"))
			json_object_set_new(e, "defname", json_string("function"));
		if (!strcmp(kind, "OBJECT_AGGREGATE") && arg && (!strcmp(name, "initcond") || !strcmp(name, "minitcond"))) {
			char num[32];
			const char *text = NULL;
			if (!strcmp(type, "Integer")) {
				snprintf(num, sizeof(num), "%lld", (long long)ddl_int(arg, "ival"));
				text = num;
			} else if (!strcmp(type, "Float")) {
				text = ddl_str(arg, "fval");
			}
			if (text)
				json_object_set_new(e, "arg", json_pack("{s{ss}}", "String", "sval", text));
		}
	}
}

/*
 * Two blobs that are each a GRANT or REVOKE of one relation, one ON SEQUENCE s and the other
 * of the TABLE form (ON [TABLE] s, which PostgreSQL runs on a sequence too): the identities
 * say sequence and table, as each statement is taken at its word, but the first says what
 * the relation is. The same object: its privileges are compared (known_sequences()).
 */
static int grant_on_sequence_both(const struct ddl_identity *a, const struct ddl_identity *b)
{
	const struct ddl_identity *table = a, *seq = b;

	if (!a->stmt || !b->stmt || strcmp(a->stmt_type, "GrantStmt") || strcmp(b->stmt_type, "GrantStmt") ||
	    !a->name || !b->name || strcmp(a->name, b->name) || strcmp(sv(a->schema), sv(b->schema)))
		return 0;
	if (a->object_type && !strcmp(a->object_type, "sequence")) {
		table = b;
		seq = a;
	}
	return seq->object_type && !strcmp(seq->object_type, "sequence") && table->object_type &&
	       !strcmp(table->object_type, "table") && !strcmp(sv(ddl_str(table->stmt, "objtype")), "OBJECT_TABLE") &&
	       !strcmp(sv(ddl_str(table->stmt, "targtype")), "ACL_TARGET_OBJECT");
}

/* ---- ALTER TABLE on another kind of relation ----------------------------- */

/* The kinds of relation ALTER TABLE also acts on, with the form naming each (ALTER SEQUENCE,
   ALTER VIEW, ...): identity object_type, then the statement's object type. */
static const char *const relation_forms[][2] = {
	{ "sequence", "OBJECT_SEQUENCE" }, { "view", "OBJECT_VIEW" }, { "materialized view", "OBJECT_MATVIEW" },
	{ "foreign table", "OBJECT_FOREIGN_TABLE" }, { "index", "OBJECT_INDEX" },
};

/* The member of an ALTER ... statement of a relation (inner s of type) that says which kind
   of relation it names (ALTER TABLE / SEQUENCE / VIEW ...), NULL for none: objtype of
   ALTER ... cmds and OWNER TO, objectType of SET SCHEMA, renameType of RENAME TO,
   relationType of RENAME COLUMN / CONSTRAINT. */
static const char *relation_form_key(const char *type, json_t *s)
{
	static const char *const relations[] = { "OBJECT_TABLE", "OBJECT_SEQUENCE", "OBJECT_VIEW", "OBJECT_MATVIEW",
						  "OBJECT_FOREIGN_TABLE", "OBJECT_INDEX", NULL };
	const char *rt;

	if (!s || !json_is_object(json_object_get(s, "relation")))
		return NULL;
	if (!strcmp(type, "AlterTableStmt"))
		return "objtype";
	if (!strcmp(type, "AlterObjectSchemaStmt"))
		return "objectType";
	if (strcmp(type, "RenameStmt"))
		return NULL;
	rt = sv(ddl_str(s, "renameType"));
	if (is_one_of_ops(rt, relations))
		return "renameType";
	return !strcmp(rt, "OBJECT_COLUMN") || !strcmp(rt, "OBJECT_TABCONSTRAINT") ? "relationType" : NULL;
}

/* Whether form (the value at key) is one PostgreSQL runs on every kind of relation: ALTER
   TABLE ("for compatibility", RangeVarCallbackForAlterRelation(); not on a composite type),
   and ALTER INDEX ... RENAME TO. The other forms are refused on another kind ("\"s\" is not
   a view"): they say what the relation is. */
static int generic_relation_form(const char *key, const char *form)
{
	return !strcmp(form, "OBJECT_TABLE") || (!strcmp(key, "renameType") && !strcmp(form, "OBJECT_INDEX"));
}

/*
 * Two blobs that are each an ALTER of one relation (same statement type, same identity but
 * for its object_type), one in a form that works on any relation (ALTER TABLE s OWNER TO r)
 * and the other in the form of its kind (ALTER SEQUENCE s OWNER TO r), or both in such
 * forms (ALTER TABLE / ALTER INDEX s RENAME TO s2): the identities say table and sequence,
 * each statement taken at its word, but the second says what the relation is, and the
 * server runs both alike (it checks the kind, nothing else: the trees differ only there).
 * The same object: *form is the kind's form to compare both in (the specific one, else
 * ALTER TABLE's); key the member holding it.
 */
static int alter_relation_form_both(const struct ddl_identity *a, const struct ddl_identity *b, const char **key,
				    const char **form)
{
	const char *ka, *kb, *fa, *fb;

	if (!a->stmt || !b->stmt || strcmp(a->stmt_type, b->stmt_type) || !(ka = relation_form_key(a->stmt_type, a->stmt)) ||
	    !(kb = relation_form_key(b->stmt_type, b->stmt)) || strcmp(ka, kb) || strcmp(sv(a->schema), sv(b->schema)) ||
	    strcmp(sv(a->name), sv(b->name)) || strcmp(sv(a->parent_schema), sv(b->parent_schema)) ||
	    strcmp(sv(a->parent_name), sv(b->parent_name)))
		return 0;
	fa = sv(ddl_str(a->stmt, ka));
	fb = sv(ddl_str(b->stmt, kb));
	if (!strcmp(fa, fb) || (!generic_relation_form(ka, fa) && !generic_relation_form(kb, fb)))
		return 0;
	*key = ka;
	*form = generic_relation_form(ka, fa) ? (generic_relation_form(kb, fb) ? "OBJECT_TABLE" : fb) : fa;
	return 1;
}

/*
 * The statements of a blob (a new reference) with every ALTER of its own object written in a
 * form that works on any relation (ALTER TABLE s OWNER TO r, ALTER TABLE v RENAME COLUMN a
 * TO b) written in the form of the object's kind (ALTER SEQUENCE s OWNER TO r, ALTER VIEW
 * ...), when the blob's identity is a sequence, view, materialized view, foreign table or
 * index: the server runs the two alike on it. The object is named as its identity says
 * (written unqualified, or in its schema), or as it was created before a RENAME of the blob.
 * stmts itself when nothing is respelled.
 */
static json_t *alters_in_relation_form(json_t *stmts, const struct ddl_identity *id)
{
	const char *form = NULL;
	json_t *out = NULL, *raw;
	size_t i, k;

	for (k = 0; id->object_type && k < sizeof(relation_forms) / sizeof(relation_forms[0]); k++)
		if (!strcmp(id->object_type, relation_forms[k][0]))
			form = relation_forms[k][1];
	json_array_foreach(stmts, i, raw) {
		const char *type = NULL, *key;
		json_t *wrapper = json_object_get(raw, "stmt"), *s = ddl_node(wrapper, &type), *rel, *copy;
		const char *relname, *schema;
		if (!form || (int)i == id->index || !(key = relation_form_key(type, s)) ||
		    !generic_relation_form(key, sv(ddl_str(s, key))) || !strcmp(sv(ddl_str(s, key)), form))
			continue;
		rel = json_object_get(s, "relation");
		relname = sv(ddl_str(rel, "relname"));
		schema = ddl_str(rel, "schemaname");
		if (!((!strcmp(relname, sv(id->name)) && (!schema || !strcmp(schema, sv(id->schema)))) ||
		      (id->created_name && !strcmp(relname, id->created_name) &&
		       (!schema || !strcmp(schema, sv(id->created_schema ? id->created_schema : id->schema))))))
			continue;
		if (!out)
			out = json_copy(stmts);
		/* shallow copies down to the statement: the trees are shared */
		copy = json_copy(s);
		json_object_set_new(copy, key, json_string(form));
		wrapper = json_pack("{sO}", type, copy);
		json_decref(copy);
		raw = json_copy(raw);
		json_object_set_new(raw, "stmt", wrapper);
		json_array_set_new(out, i, raw);
	}
	return out ? out : json_incref(stmts);
}

/* ---- the defining statement's own name, the search_path ----------------- */

/* A name list [schema, name] of String nodes (name alone when schema is NULL). */
static json_t *name_list(const char *schema, const char *name)
{
	json_t *l = json_array();
	if (schema)
		json_array_append_new(l, json_pack("{s{ss}}", "String", "sval", schema));
	json_array_append_new(l, json_pack("{s{ss}}", "String", "sval", sv(name)));
	return l;
}

/* obj (a copy, modified) with its RangeVar at key spelled schema.name; outer: the member of
   obj holding the key (NULL: obj itself), copied on the way. */
static void rangevar_as(json_t *obj, const char *outer, const char *key, const char *schema, const char *name)
{
	json_t *holder = obj, *rv;

	if (outer) {
		if (!json_is_object(json_object_get(obj, outer)))
			return;
		holder = json_copy(json_object_get(obj, outer));
		json_object_set_new(obj, outer, holder);
	}
	if (!json_is_object(json_object_get(holder, key)))
		return;
	rv = json_copy(json_object_get(holder, key));
	if (schema)
		json_object_set_new(rv, "schemaname", json_string(schema));
	else
		json_object_del(rv, "schemaname");
	json_object_set_new(rv, "relname", json_string(sv(name)));
	json_object_set_new(holder, key, rv);
}

/* The member of statement type type naming the existing relation it alters (ALTER TABLE /
   VIEW / INDEX ..., RENAME, SET SCHEMA, ALTER SEQUENCE), or NULL. */
static const char *altered_relation_key(const char *type)
{
	static const char *const altered[][2] = {
		{ "AlterTableStmt", "relation" }, { "RenameStmt", "relation" },
		{ "AlterObjectSchemaStmt", "relation" }, { "AlterSeqStmt", "sequence" },
	};
	for (size_t k = 0; k < sizeof(altered) / sizeof(altered[0]); k++)
		if (!strcmp(type, altered[k][0]))
			return altered[k][1];
	return NULL;
}

/*
 * The defining statement (a new shallow copy, caller decrefs) with the object's own name
 * written as its identity says, schema included: CREATE TABLE t after SET search_path TO
 * app and CREATE TABLE app.t name one table, and CREATE TABLE t; ALTER TABLE t RENAME TO u
 * leaves the u that CREATE TABLE u creates (id->created_name: names generated at the
 * CREATE still come from t, see compare_table()).
 */
static json_t *definition_canonical(const char *type, json_t *stmt, const struct ddl_identity *id)
{
	static const struct { const char *stmt, *outer, *key; } rangevars[] = {
		{ "CreateStmt", NULL, "relation" }, { "CreateForeignTableStmt", "base", "relation" },
		{ "CreateTableAsStmt", "into", "rel" }, { "SelectStmt", "intoClause", "rel" },
		{ "ViewStmt", NULL, "view" }, { "CreateSeqStmt", NULL, "sequence" },
		{ "CompositeTypeStmt", NULL, "typevar" },
	}, parents[] = {
		{ "IndexStmt", NULL, "relation" }, { "CreateTrigStmt", NULL, "relation" },
		{ "CreatePolicyStmt", NULL, "table" }, { "RuleStmt", NULL, "relation" },
	};
	static const struct { const char *stmt, *key; } lists[] = {
		{ "CreateFunctionStmt", "funcname" }, { "DefineStmt", "defnames" }, { "CreateEnumStmt", "typeName" },
		{ "CreateRangeStmt", "typeName" }, { "CreateDomainStmt", "domainname" },
		{ "CreateConversionStmt", "conversion_name" }, { "CreateStatsStmt", "defnames" },
		{ "CreateOpClassStmt", "opclassname" }, { "CreateOpFamilyStmt", "opfamilyname" },
	}, own_names[] = {
		{ "IndexStmt", "idxname" }, { "CreateTrigStmt", "trigname" }, { "CreatePolicyStmt", "policy_name" },
		{ "RuleStmt", "rulename" }, { "CreateSchemaStmt", "schemaname" }, { "CreateEventTrigStmt", "trigname" },
		{ "CreateExtensionStmt", "extname" }, { "CreateForeignServerStmt", "servername" },
		{ "CreateFdwStmt", "fdwname" }, { "CreatePublicationStmt", "pubname" },
		{ "CreateSubscriptionStmt", "subname" }, { "CreatePLangStmt", "plname" }, { "CreateAmStmt", "amname" },
	};
	json_t *c = json_copy(stmt);
	size_t k;

	if (!id->name)
		return c;
	for (k = 0; k < sizeof(rangevars) / sizeof(rangevars[0]); k++)
		if (!strcmp(type, rangevars[k].stmt))
			rangevar_as(c, rangevars[k].outer, rangevars[k].key, id->schema, id->name);
	for (k = 0; id->parent_name && k < sizeof(parents) / sizeof(parents[0]); k++)
		if (!strcmp(type, parents[k].stmt))
			rangevar_as(c, NULL, parents[k].key, id->parent_schema, id->parent_name);
	/* a blob that is an ALTER of a relation (ALTER TABLE t OWNER TO r, ALTER SEQUENCE s
	   OWNED BY ...): the relation is an existing one, named as any reference is (an
	   unqualified name is relation_schema()'s, ALTER TABLE t = ALTER TABLE public.t where
	   the path says public; another schema written stays another relation) */
	{
		const char *key = altered_relation_key(type);
		json_t *rv = key ? json_object_get(c, key) : NULL;
		const char *schema = relation_schema(rv, id->ref_schema, NULL);
		if (schema)
			rangevar_as(c, NULL, key, schema, ddl_str(rv, "relname"));
	}
	for (k = 0; k < sizeof(lists) / sizeof(lists[0]); k++)
		if (!strcmp(type, lists[k].stmt) && json_is_array(json_object_get(c, lists[k].key)))
			json_object_set_new(c, lists[k].key, name_list(id->schema, id->name));
	/* a name of its own written as such: only a rename in the blob makes it another
	   (an index named or unnamed stays as written) */
	for (k = 0; id->nr_moves && k < sizeof(own_names) / sizeof(own_names[0]); k++)
		if (!strcmp(type, own_names[k].stmt))
			json_object_set_new(c, own_names[k].key, json_string(id->name));
	return c;
}

/*
 * The statements of a blob (stmts, a reference taken; a new reference returned) with each
 * ALTER after the defining statement that names the blob's own relation unqualified
 * (ALTER TABLE t OWNER TO r after CREATE TABLE t) naming it in its schema, as
 * relation_schema() resolves it: pg_dump writes ALTER TABLE public.t OWNER TO r, a
 * hand-written blob often not. Only where the name resolves to the identity's schema, and
 * up to the first statement that may change the path (a SET / RESET / set_config() of
 * it, or a transaction statement: a COMMIT ends a SET LOCAL): the path there is the one
 * at the defining statement. Not when the blob renames or moves its object (its ALTERs
 * after the move name it otherwise). Compared by equal trees afterwards (statements_in()).
 */
static json_t *own_alters_resolved(json_t *stmts, const struct ddl_identity *id)
{
	json_t *out = NULL, *raw;
	size_t i;

	if (id->index < 0 || id->nr_moves || !id->name || !id->schema)
		return stmts;
	for (i = (size_t)id->index + 1; i < json_array_size(stmts); i++) {
		const char *type = NULL, *key, *schema;
		json_t *wrapper, *s, *rv, *copy;
		raw = json_array_get(stmts, i);
		s = ddl_node(json_object_get(raw, "stmt"), &type);
		if (!s || ddl_sets_search_path(type, s) || !strcmp(type, "TransactionStmt"))
			break;
		if (!(key = altered_relation_key(type)) || !(rv = json_object_get(s, key)) ||
		    strcmp(sv(ddl_str(rv, "relname")), id->name) || !(schema = relation_schema(rv, id->ref_schema, NULL)) ||
		    strcmp(schema, id->schema))
			continue;
		if (!out)
			out = json_copy(stmts);
		/* shallow copies down to the statement: the trees are shared */
		copy = json_copy(s);
		rangevar_as(copy, NULL, key, schema, id->name);
		wrapper = json_pack("{so}", type, copy);
		raw = json_copy(raw);
		json_object_set_new(raw, "stmt", wrapper);
		json_array_set_new(out, i, raw);
	}
	if (!out)
		return stmts;
	json_decref(stmts);
	return out;
}

/* stmts (a reference, taken) with each statement in literals_canonical()'s form: a new
   array sharing the unchanged statements, or stmts itself */
static json_t *statements_as_stored(json_t *stmts)
{
	json_t *out = array_rewritten(stmts, literals_canonical);

	if (!out)
		return stmts;
	json_decref(stmts);
	return out;
}

/* The statements ahead of the defining one that set the search_path (SET, RESET,
   set_config()): a new array (borrowed trees); they are marked in used. */
static json_t *search_path_preamble(json_t *stmts, int defining, unsigned char *used)
{
	json_t *pre = json_array(), *raw;
	size_t i;

	json_array_foreach(stmts, i, raw) {
		const char *type = NULL;
		json_t *s = ddl_node(json_object_get(raw, "stmt"), &type);
		if ((int)i >= defining)
			break;
		if (s && ddl_sets_search_path(type, s)) {
			json_array_append(pre, raw);
			used[i] = 1;
		}
	}
	return pre;
}

/* Whether names is a name list of one String (no schema): looked up along the search_path. */
static int unqualified_list(json_t *names)
{
	return json_array_size(names) == 1 && ddl_sval(json_array_get(names, 0));
}

/*
 * Whether tree names an object the search_path resolves: a relation, a type (not one of
 * pg_catalog's, which are found first; nor a relation of pg_catalog), a function, an operator, a collation, an operator
 * class, or a string read as a regclass / regtype / ... written without a schema. Not
 * the blob's own object (id), which its blob names unqualified where it created it.
 * An unqualified function or operator counts even where pg_catalog holds one: a
 * closer match for the arguments in another schema of the path would be taken.
 */
static int names_through_path(json_t *tree, const struct ddl_identity *id)
{
	static const char *const serials[] = { "smallserial", "serial2", "serial", "serial4", "bigserial", "serial8", NULL };
	static const char *const name_keys[] = { "funcname", "name", "useOp", "opclass", "collname", "collation", NULL };
	static const char *const reg_types[] = { "regclass", "regproc", "regprocedure", "regoper", "regoperator",
						 "regtype", "regconfig", "regdictionary", "regcollation", NULL };
	const char *key, *rel;
	json_t *v, *names;
	size_t i;

	if (json_is_array(tree)) {
		json_array_foreach(tree, i, v)
			if (names_through_path(v, id))
				return 1;
		return 0;
	}
	if (!json_is_object(tree))
		return 0;
	if ((rel = ddl_str(tree, "relname")) && !ddl_str(tree, "schemaname") &&
	    strcmp(sv(ddl_str(tree, "relpersistence")), "t") && !ddl_catalog_relation(rel) &&
	    strcmp(rel, sv(id->name)) &&
	    strcmp(rel, sv(id->created_name)) && strcmp(rel, sv(id->parent_name)))
		return 1;
	names = json_object_get(tree, "names");
	if (json_is_array(names) && json_object_get(tree, "typemod") && unqualified_list(names) && !ddl_catalog_type(tree) &&
	    !is_one_of_ops(ddl_sval(json_array_get(names, 0)), serials))
		return 1;
	for (const char *const *k = name_keys; *k; k++)
		if (unqualified_list(json_object_get(tree, *k)))
			return 1;
	/* a sequence's OWNED BY t.a: the table t */
	if (!strcmp(sv(ddl_str(tree, "defname")), "owned_by") &&
	    json_array_size(ddl_list_items(json_object_get(tree, "arg"))) == 2)
		return 1;
	/* EXCLUDE (col WITH op): [IndexElem, [op]] pairs */
	json_array_foreach(json_object_get(tree, "exclusions"), i, v)
		if (unqualified_list(ddl_list_items(json_array_get(ddl_list_items(v), 1))))
			return 1;
	/* 'name'::regclass: the string is resolved as a name */
	if (json_object_get(tree, "TypeCast")) {
		json_t *cast = json_object_get(tree, "TypeCast");
		json_t *tn = json_object_get(cast, "typeName");
		const char *t = ddl_catalog_type(tn);
		json_t *arg = ddl_node(json_object_get(cast, "arg"), &key);
		if (t && is_one_of_ops(t, reg_types) && arg && !strcmp(key, "A_Const") && json_object_get(arg, "sval"))
			return 1;
	}
	json_object_foreach(tree, key, v)
		if (names_through_path(v, id))
			return 1;
	return 0;
}

/* ---- the literals as stored, for the semantic hash ----------------------- */

/* The CHECKs of t (read from a tree of one's own) written back to their nodes in
   checks_catalog_form()'s form. */
static void checks_written_back(struct table_shape *t)
{
	size_t i;

	checks_catalog_form(t);
	for (i = 0; i < t->ncons; i++)
		if (!strcmp(sv(t->cons[i].contype), "CONSTR_CHECK") && json_object_get(t->cons[i].key, "raw_expr"))
			json_object_set(t->cons[i].node, "raw_expr", json_object_get(t->cons[i].key, "raw_expr"));
}

/* A table's (inner CreateStmt, modified) defaults and CHECKs as compare_table() reads them:
   column_catalog_form()'s default (none for a NULL constant), check_literals()'s CHECK, also
   of the ALTER TABLE ... ADD CONSTRAINTs after it (later_constraints()) when stmts (the blob's
   statements, modified) and id (its identity) are given: the blob's defining table. */
static void table_literals_as_stored(json_t *stmt, json_t *stmts, const struct ddl_identity *id)
{
	struct table_shape t;
	json_t *elts = json_object_get(stmt, "tableElts");
	const char *relname = sv(ddl_str(json_object_get(stmt, "relation"), "relname"));
	size_t i, j;

	read_table(elts, stmt, relname, &t);
	if (stmts) {
		unsigned char *used = xcalloc(json_array_size(stmts) + 1, 1);
		json_t *later = later_constraints(stmts, stmt, id, used);
		add_later_constraints(&t, relname, later);
		json_decref(later);
		free(used);
	}
	checks_written_back(&t);
	for (i = 0; i < t.ncols; i++) {
		json_t *cons = json_object_get(t.cols[i].def, "constraints"), *c;
		/* read_table() keeps the last DEFAULT written: the others leave the hash as they are */
		for (j = json_array_size(cons); j-- > 0;) {
			c = ddl_node(json_array_get(cons, j), NULL);
			if (strcmp(sv(ddl_str(c, "contype")), "CONSTR_DEFAULT"))
				continue;
			if (!t.cols[i].default_expr) {
				json_array_remove(cons, j);
				if (!json_array_size(cons)) /* as a column written without constraints */
					json_object_del(t.cols[i].def, "constraints");
			} else if (t.cols[i].default_owned)
				json_object_set(c, "raw_expr", t.cols[i].default_owned);
			break;
		}
	}
	free_table(&t);
}

/* A domain's (inner CreateDomainStmt, modified) default and CHECKs as compare_domain() reads them. */
static void domain_literals_as_stored(json_t *stmt)
{
	struct table_shape t;
	json_t *tn = json_object_get(stmt, "typeName"), *c, *lit;
	struct column value = { .name = "value", .type_node = tn };
	size_t i;

	memset(&t, 0, sizeof(t));
	json_array_foreach(json_object_get(stmt, "constraints"), i, c) {
		c = ddl_node(c, NULL);
		if (!strcmp(sv(ddl_str(c, "contype")), "CONSTR_CHECK"))
			add_constraint(&t, NULL, c);
		else if (!strcmp(sv(ddl_str(c, "contype")), "CONSTR_DEFAULT") &&
			 (lit = default_as_literal(json_object_get(c, "raw_expr"), ddl_catalog_type(tn) ? tn : NULL)))
			json_object_set_new(c, "raw_expr", lit);
	}
	t.cols = &value, t.ncols = 1; /* VALUE is a column of the base type */
	checks_written_back(&t);
	t.cols = NULL, t.ncols = 0;
	free_table(&t);
}

/* A routine's (inner CreateFunctionStmt, modified) parameter defaults as compare_function() reads them. */
static void parameters_as_stored(json_t *stmt)
{
	json_t *p, *lit, *tn;
	size_t i;

	json_array_foreach(json_object_get(stmt, "parameters"), i, p) {
		p = ddl_node(p, NULL);
		tn = json_object_get(p, "argType");
		if ((lit = default_as_literal(json_object_get(p, "defexpr"), tn && ddl_catalog_type(tn) ? tn : NULL)))
			json_object_set_new(p, "defexpr", lit);
	}
}

json_t *ddl_literals_as_stored(json_t *stmts)
{
	json_t *c = literals_canonical(stmts), *out = json_deep_copy(c ? c : stmts), *raw;
	const char *type = NULL;
	struct ddl_identity id;
	int identified;
	size_t i;

	json_decref(c);
	identified = ddl_identify(out, &id) == 0;
	json_array_foreach(out, i, raw) {
		json_t *s = ddl_node(json_object_get(raw, "stmt"), &type);
		if (!s)
			continue;
		if (!strcmp(type, "CreateStmt"))
			table_literals_as_stored(s, identified && s == id.stmt ? out : NULL, &id);
		else if (!strcmp(type, "CreateDomainStmt"))
			domain_literals_as_stored(s);
		else if (!strcmp(type, "CreateFunctionStmt"))
			parameters_as_stored(s);
		else if (!strcmp(type, "DefineStmt"))
			define_options_as_stored(s); /* an aggregate's INITCOND as agginitval's text */
	}
	ddl_identity_release(&id);
	return out;
}

/* ---- the order of the blob's other statements ------------------------------ */

/* The class of an ALTER TABLE command: commands that set the same state of the same thing
   (SET NOT NULL / DROP NOT NULL of a column, ENABLE / DISABLE of a trigger) share one. */
static const char *alter_cmd_class(const char *sub)
{
	static const char *const classes[][5] = {
		{ "AT_SetNotNull", "AT_DropNotNull" },
		{ "AT_EnableRowSecurity", "AT_DisableRowSecurity" },
		{ "AT_ForceRowSecurity", "AT_NoForceRowSecurity" },
		{ "AT_SetRelOptions", "AT_ResetRelOptions", "AT_ReplaceRelOptions" },
		{ "AT_SetLogged", "AT_SetUnLogged" },
		{ "AT_EnableTrig", "AT_EnableAlwaysTrig", "AT_EnableReplicaTrig", "AT_DisableTrig" },
		{ "AT_EnableTrigAll", "AT_DisableTrigAll", "AT_EnableTrigUser", "AT_DisableTrigUser" },
		{ "AT_EnableRule", "AT_EnableAlwaysRule", "AT_EnableReplicaRule", "AT_DisableRule" },
		{ "AT_ClusterOn", "AT_DropCluster" },
		{ "AT_AddInherit", "AT_DropInherit" },
		{ "AT_SetAccessMethod", "AT_SetTableSpace" },
		{ "AT_AddConstraint", "AT_DropConstraint", "AT_ValidateConstraint", "AT_AlterConstraint" },
	};
	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		for (size_t j = 0; j < 5 && classes[i][j]; j++)
			if (!strcmp(sub, classes[i][j]))
				return classes[i][0];
	return sub;
}

/* What an ALTER TABLE command acts on: its column, trigger, constraint... (ADD CONSTRAINT's is
   the constraint's name, when written), NULL for the table itself */
static const char *alter_cmd_name(json_t *cmd)
{
	if (!strcmp(sv(ddl_str(cmd, "subtype")), "AT_AddConstraint"))
		return ddl_str(ddl_node(json_object_get(cmd, "def"), NULL), "conname");
	return ddl_str(cmd, "name");
}

/*
 * What a statement of one kind on one object sets, as keys: two such statements give another
 * result run in the other order when they share a key. ALTER TABLE commands by class and column
 * (or none), SET / RESET (...) by option, ALTER SEQUENCE and ALTER FUNCTION by option; any other
 * statement (COMMENT, ALTER DOMAIN ... SET DEFAULT) has the one key "*". ADD COLUMN's key is
 * marked: those set the order of the table's columns.
 */
static void statement_keys(const char *type, json_t *s, json_t *keys)
{
	size_t i, j;
	json_t *x, *d;
	if (!strcmp(type, "AlterTableStmt")) {
		json_array_foreach(json_object_get(s, "cmds"), i, x) {
			json_t *c = ddl_node(x, NULL);
			const char *k = alter_cmd_class(sv(ddl_str(c, "subtype")));
			struct strbuf key = STRBUF_INIT;
			if (!strcmp(k, "AT_SetRelOptions")) {
				json_array_foreach(ddl_list_items(json_object_get(c, "def")), j, d) {
					strbuf_reset(&key);
					strbuf_addf(&key, "%s|%s", k, sv(ddl_str(ddl_node(d, NULL), "defname")));
					json_array_append_new(keys, json_string(key.buf));
				}
			} else {
				strbuf_addf(&key, "%s|%s", k, alter_cmd_name(c) ? alter_cmd_name(c) : "\x1e");
				json_array_append_new(keys, json_string(key.buf));
			}
			strbuf_release(&key);
		}
		return;
	}
	if (!strcmp(type, "GrantStmt")) {
		/* a GRANT and a REVOKE meet on an object and a grantee */
		json_array_foreach(json_object_get(s, "objects"), i, x)
			json_array_foreach(json_object_get(s, "grantees"), j, d) {
				char *o = canonical_text(x), *g = canonical_text(d);
				struct strbuf key = STRBUF_INIT;
				strbuf_addf(&key, "%s|%s|%s", sv(ddl_str(s, "objtype")), o, g);
				json_array_append_new(keys, json_string(key.buf));
				strbuf_release(&key);
				free(o);
				free(g);
			}
		return;
	}
	if (!strcmp(type, "AlterSeqStmt") || !strcmp(type, "AlterFunctionStmt")) {
		json_array_foreach(json_object_get(s, !strcmp(type, "AlterSeqStmt") ? "options" : "actions"), i, d)
			json_array_append_new(keys, json_string(sv(ddl_str(ddl_node(d, NULL), "defname"))));
		return;
	}
	json_array_append_new(keys, json_string("*"));
}

/* One statement under one of its keys: key (group and key interned), its text, its place. */
struct keyed_stmt {
	uint32_t key, text;
	size_t pos;
	const char *tag;
	int columns; /* an ADD COLUMN's key */
	int grant;   /* GRANT 1, REVOKE 0, another statement -1 */
};

static int keyed_cmp(const void *a, const void *b)
{
	const struct keyed_stmt *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* The statements of one side compared by order, under each of their keys (grouped by kind and
   object): matched in the other blob, not the defining one. Those read into the definition
   (used: a later ADD CONSTRAINT) count: a DROP CONSTRAINT IF EXISTS c before or after ADD
   CONSTRAINT c leaves the constraint or none. */
static size_t order_candidates(json_t *side, int index, const unsigned char *in_other, struct strmap *keys,
			       struct strmap *texts, struct keyed_stmt **out, size_t *alloc)
{
	size_t i, k, n = 0;
	json_t *raw, *key;
	json_array_foreach(side, i, raw) {
		const char *type = NULL;
		json_t *s = ddl_node(json_object_get(raw, "stmt"), &type);
		struct ddl_identity id;
		struct strbuf group = STRBUF_INIT;
		char *text;
		json_t *one, *ks;
		uint32_t t;
		if ((int)i == index || !in_other[i] || !s)
			continue;
		one = json_pack("[O]", raw);
		if (ddl_identify(one, &id) != 0) {
			ddl_identity_release(&id);
			json_decref(one);
			continue;
		}
		if (!strcmp(type, "GrantStmt"))
			strbuf_addstr(&group, type); /* its keys name the objects */
		else if (!strcmp(type, "AlterTableStmt") && id.parent_name)
			/* ADD CONSTRAINT c is the constraint's, DROP CONSTRAINT c the table's: both act
			   on the table, whose commands the keys tell apart */
			strbuf_addf(&group, "%s|%s|%s", type, sv(id.parent_schema ? id.parent_schema : id.schema), id.parent_name);
		else if (!strcmp(type, "AlterTableStmt"))
			strbuf_addf(&group, "%s|%s|%s", type, sv(id.schema), sv(id.name));
		else
			strbuf_addf(&group, "%s|%s|%s|%s|%s|%s|%s", type, sv(id.object_type), sv(id.schema), sv(id.name),
				    sv(id.parent_schema), sv(id.parent_name), sv(id.arguments));
		text = canonical_text(raw);
		t = strmap_intern(texts, text, strlen(text), NULL);
		free(text);
		ks = json_array();
		statement_keys(type, s, ks);
		json_array_foreach(ks, k, key) {
			size_t len = group.len;
			strbuf_addch(&group, '\x1f');
			strbuf_addstr(&group, json_string_value(key));
			ALLOC_GROW(*out, n + 1, *alloc, 16);
			(*out)[n].key = strmap_intern(keys, group.buf, group.len, NULL);
			(*out)[n].text = t;
			(*out)[n].pos = i;
			(*out)[n].columns = !strncmp(json_string_value(key), "AT_AddColumn|", 13);
			(*out)[n].grant = strcmp(type, "GrantStmt") ? -1 : ddl_bool(s, "is_grant");
			(*out)[n].tag = id.command_tag ? xstrdup(id.command_tag) : NULL;
			n++;
			group.len = len; /* back to the group alone */
			group.buf[len] = '\0';
		}
		json_decref(ks);
		strbuf_release(&group);
		ddl_identity_release(&id);
		json_decref(one);
	}
	if (n) /* *out is NULL when no statement has a key: qsort() wants a real array */
		qsort(*out, n, sizeof(**out), keyed_cmp);
	return n;
}

static int uint32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* The next run of GRANTs (or of REVOKEs) of the n statements at x from *i: its statements'
   texts, sorted and each once, in t; their number (0 at the end) */
static size_t grant_run(const struct keyed_stmt *x, size_t n, size_t *i, uint32_t *t, int *grant)
{
	size_t r = 0, u = 0;
	if (*i >= n)
		return 0;
	*grant = x[*i].grant;
	while (*i < n && x[*i].grant == *grant)
		t[r++] = x[(*i)++].text;
	qsort(t, r, sizeof(*t), uint32_cmp);
	for (size_t k = 0; k < r; k++)
		if (!u || t[u - 1] != t[k])
			t[u++] = t[k];
	return u;
}

/* GRANTs (or REVOKEs) one after another commute, and one repeated is one: the statements of a
   and b under one key, as runs of GRANTs and of REVOKEs, hold the same statements */
static int grant_runs_equal(const struct keyed_stmt *a, size_t na, const struct keyed_stmt *b, size_t nb)
{
	uint32_t *ta = xcalloc(na + 1, sizeof(*ta)), *tb = xcalloc(nb + 1, sizeof(*tb));
	size_t i = 0, j = 0, ra, rb;
	int ga = -1, gb = -1, same = 1;
	do {
		ra = grant_run(a, na, &i, ta, &ga);
		rb = grant_run(b, nb, &j, tb, &gb);
		same = ra == rb && (!ra || (ga == gb && !memcmp(ta, tb, ra * sizeof(*ta))));
	} while (same && ra);
	free(ta);
	free(tb);
	return same;
}

/* The texts of the n statements at a and b under one key in the same order, a statement
   repeated right after itself being one (running it again changes nothing) */
static int runs_equal(const struct keyed_stmt *a, size_t na, const struct keyed_stmt *b, size_t nb)
{
	size_t i = 0, j = 0;
	while (i < na && j < nb) {
		if (a[i].text != b[j].text)
			return 0;
		while (++i < na && a[i].text == a[i - 1].text)
			;
		while (++j < nb && b[j].text == b[j - 1].text)
			;
	}
	return i == na && j == nb;
}

/*
 * The same statements in another order (round 22; they were matched as a set, PATCH): two
 * statements of one kind on one object sharing a key (statement_keys()) that stand in another
 * order leave another object, the last one winning (COMMENT ... IS 'x'; ... IS 'y', ALTER COLUMN
 * a SET NOT NULL / DROP NOT NULL, ADD COLUMN b / ADD COLUMN c). MINOR, statements_reordered;
 * ADD COLUMNs reordered are columns reordered (MAJOR, as columns_reordered). Statements on other
 * things, or of other kinds, commute. Linear in the statements (after sorting by key): the
 * statements under one key must come in the same order on both sides.
 */
static void compare_statement_order(json_t *side_o, json_t *side_n, int io, int in, const unsigned char *o_in_n,
				    const unsigned char *n_in_o, struct verdict *v)
{
	struct strmap *keys = strmap_new(), *texts = strmap_new();
	struct keyed_stmt *a = NULL, *b = NULL;
	size_t aa = 0, ab = 0, i = 0, j = 0;
	size_t na = order_candidates(side_o, io, o_in_n, keys, texts, &a, &aa);
	size_t nb = order_candidates(side_n, in, n_in_o, keys, texts, &b, &ab);
	json_t *seen = json_object();

	while (i < na || j < nb) {
		uint32_t k = i < na && (j >= nb || a[i].key <= b[j].key) ? a[i].key : b[j].key;
		size_t i0 = i, j0 = j;
		int same = 1;
		while (i < na && a[i].key == k)
			i++;
		while (j < nb && b[j].key == k)
			j++;
		if (i == i0 || j == j0)
			same = i == i0 && j == j0;
		else if (a[i0].grant >= 0)
			same = grant_runs_equal(a + i0, i - i0, b + j0, j - j0);
		else
			same = runs_equal(a + i0, i - i0, b + j0, j - j0);
		if (same)
			continue;
		/* each command tag once */
		const struct keyed_stmt *first = i > i0 ? &a[i0] : &b[j0];
		if (!json_object_get(seen, sv(first->tag))) {
			json_object_set_new(seen, sv(first->tag), json_true());
			add_item(v->detail, "statements_reordered", json_string(sv(first->tag)));
		}
		if (first->columns)
			escalate(v, SEV_MAJOR, HZ_BREAKS_COMPATIBILITY | HZ_TABLE_REWRITE | HZ_ACCESS_EXCLUSIVE_LOCK);
		else
			escalate(v, SEV_MINOR, 0);
	}
	for (i = 0; i < na; i++)
		free((char *)a[i].tag);
	for (j = 0; j < nb; j++)
		free((char *)b[j].tag);
	free(a);
	free(b);
	json_decref(seen);
	strmap_free(keys);
	strmap_free(texts);
}

/* The CREATE [UNIQUE] INDEX of stmts[i] (unmatched in the other blob, not its defining or a used
   one), else NULL */
static json_t *unmatched_index(json_t *stmts, size_t i, int index, const unsigned char *in_other,
			       const unsigned char *used)
{
	const char *type = NULL;
	json_t *s = ddl_node(json_object_get(json_array_get(stmts, i), "stmt"), &type);
	if ((int)i == index || in_other[i] || used[i] || !s || strcmp(type, "IndexStmt"))
		return NULL;
	return s;
}

/*
 * A UNIQUE index among the other statements of a blob (a table's, hand-written), added or
 * removed: as an index made UNIQUE (MAJOR, depends_on_existing_data, unique_index_added) or no
 * longer UNIQUE (MINOR, unique_index_removed), where no UNIQUE index of the same name stands in
 * the other blob's unmatched statements (the same index written otherwise: PATCH, as before).
 * Round 22: any index statement was PATCH, a UNIQUE one too.
 */
static void unique_index_statements(json_t *so, json_t *sn, int io, int in, const unsigned char *o_in_n,
				    const unsigned char *n_in_o, const unsigned char *o_used, const unsigned char *n_used,
				    struct verdict *v)
{
	for (int side = 0; side < 2; side++) {
		json_t *mine = side ? sn : so, *other = side ? so : sn;
		int mi = side ? in : io, oi = side ? io : in;
		const unsigned char *m_in = side ? n_in_o : o_in_n, *o_in = side ? o_in_n : n_in_o;
		const unsigned char *m_used = side ? n_used : o_used, *o_used_ = side ? o_used : n_used;
		for (size_t i = 0; i < json_array_size(mine); i++) {
			json_t *x = unmatched_index(mine, i, mi, m_in, m_used);
			int kept = 0;
			if (!x || !ddl_bool(x, "unique"))
				continue;
			for (size_t j = 0; !kept && j < json_array_size(other); j++) {
				json_t *y = unmatched_index(other, j, oi, o_in, o_used_);
				kept = y && ddl_bool(y, "unique") && same_str(ddl_str(x, "idxname"), ddl_str(y, "idxname"));
			}
			if (kept)
				continue;
			add_item(v->detail, side ? "unique_index_added" : "unique_index_removed",
				 json_string(sv(ddl_str(x, "idxname"))));
			if (side)
				escalate(v, SEV_MAJOR, HZ_DEPENDS_ON_EXISTING_DATA);
			else
				escalate(v, SEV_MINOR, 0);
		}
	}
}

/*
 * The object at a path replaced by one of another kind (CREATE TABLE t -> CREATE VIEW t):
 * the old object is dropped to make way, so a table's, materialized view's or sequence's
 * rows go with it, under the lock of its DROP (round 23; it was breaks_compatibility alone,
 * no deletes_data, although ddl_drop_detail() of the same table says so).
 */
static unsigned kind_replaced_hazards(const struct ddl_identity *io, const struct ddl_identity *in)
{
	static const char *const holds_data[] = { "table", "materialized view", "sequence", NULL };
	const char *const *k;

	if (!io->object_type || !strcmp(io->object_type, sv(in->object_type)))
		return 0;
	for (k = holds_data; *k; k++)
		if (!strcmp(*k, io->object_type))
			return HZ_DELETES_DATA | HZ_ACCESS_EXCLUSIVE_LOCK;
	return 0;
}

json_t *ddl_compare_blobs(const struct ddl_blob *ob, const struct ddl_blob *nb)
{
	const struct ddl_parsed *po = &ob->parsed, *pn = &nb->parsed;
	int ro = ob->rc, rn = nb->rc;
	struct ddl_identity io, in;
	struct verdict v = { SEV_PATCH, 0, json_object() };
	int formatting_only;
	size_t i;
	json_t *x, *later_o = NULL, *later_n = NULL;
	unsigned char *o_used, *n_used; /* statements read as part of the definition */
	json_t *canon_o = NULL, *canon_n = NULL; /* definition_canonical() of each side */
	json_t *path_o, *path_n;                 /* search_path_preamble() of each side */
	int grants_differ = 0;           /* a GRANT or REVOKE of one blob is not in the other */
	const char *form_key = NULL, *form = NULL; /* alter_relation_form_both() */
	int respelled_form;

	if (ro || rn) {
		json_t *r;
		json_decref(v.detail);
		r = unparseable(ro && rn ? "both" : ro ? "old" : "new", ro ? po->error : pn->error);
		return r;
	}
	formatting_only = json_equal(po->stmts, pn->stmts);
	if (formatting_only) {
		json_object_set_new(v.detail, "change", json_string("formatting"));
		return finish(&v, 1);
	}
	ddl_identify(po->stmts, &io);
	ddl_identify(pn->stmts, &in);
	o_used = xcalloc(json_array_size(po->stmts) + 1, 1);
	n_used = xcalloc(json_array_size(pn->stmts) + 1, 1);
	/* the RENAME TO / SET SCHEMA of the blob's own object are read into its identity */
	for (i = 0; i < io.nr_moves; i++)
		o_used[io.moves[i]] = 1;
	for (i = 0; i < in.nr_moves; i++)
		n_used[in.moves[i]] = 1;
	/* so is a search_path set ahead of the definition: compared by what it resolves below */
	path_o = search_path_preamble(po->stmts, io.index, o_used);
	path_n = search_path_preamble(pn->stmts, in.index, n_used);
	json_object_set_new(v.detail, "object_type", json_string(sv(in.object_type)));
	respelled_form = alter_relation_form_both(&io, &in, &form_key, &form);
	if (!io.stmt || !in.stmt || strcmp(io.stmt_type, in.stmt_type) ||
	    (strcmp(sv(io.object_type), sv(in.object_type)) && !grant_on_sequence_both(&io, &in) && !respelled_form)) {
		json_object_set_new(v.detail, "object_type_changed",
				    json_pack("{ssss}", "old", sv(io.object_type), "new", sv(in.object_type)));
		escalate(&v, SEV_MAJOR, HZ_BREAKS_COMPATIBILITY | kind_replaced_hazards(&io, &in));
	} else {
		/* shallow copies: own name as the identity says, then without statement_form_keys */
		const char *const *k;
		const char *t = in.stmt_type;
		canon_o = definition_canonical(io.stmt_type, io.stmt, &io);
		canon_n = definition_canonical(in.stmt_type, in.stmt, &in);
		if (respelled_form) {
			/* ALTER TABLE s ... and ALTER SEQUENCE s ...: both in the form that says the kind */
			json_object_set_new(canon_o, form_key, json_string(form));
			json_object_set_new(canon_n, form_key, json_string(form));
		}
		if (!strcmp(t, "CreateFunctionStmt")) {
			/* the options the blob's ALTER FUNCTION ... STABLE (...) leave */
			json_object_set_new(canon_o, "options", function_with_later_options(po->stmts, io.stmt, &io, o_used));
			json_object_set_new(canon_n, "options", function_with_later_options(pn->stmts, in.stmt, &in, n_used));
		}
		if (!strcmp(t, "CreateDomainStmt")) {
			/* the constraints the blob's ALTER DOMAIN ... ADD CONSTRAINT / SET NOT NULL leave */
			json_object_set_new(canon_o, "constraints",
					    domain_with_later_constraints(po->stmts, io.stmt, &io, o_used));
			json_object_set_new(canon_n, "constraints",
					    domain_with_later_constraints(pn->stmts, in.stmt, &in, n_used));
		}
		if (!strcmp(t, "CompositeTypeStmt")) {
			/* the attributes the blob's ALTER TYPE ... ADD ATTRIBUTE leave */
			json_object_set_new(canon_o, "coldeflist",
					    composite_with_later_attributes(po->stmts, io.stmt, &io, o_used));
			json_object_set_new(canon_n, "coldeflist",
					    composite_with_later_attributes(pn->stmts, in.stmt, &in, n_used));
		}
		if (!strcmp(t, "CreateEnumStmt")) {
			/* the values the blob's ALTER TYPE ... ADD VALUE / RENAME VALUE leave */
			json_object_set_new(canon_o, "vals", enum_with_later_values(po->stmts, io.stmt, &io, o_used));
			json_object_set_new(canon_n, "vals", enum_with_later_values(pn->stmts, in.stmt, &in, n_used));
		}
		if (!strcmp(t, "CreateStmt")) {
			/* pg_dump writes a table's constraints as ALTER TABLE ... ADD CONSTRAINT after it */
			later_o = later_constraints(po->stmts, io.stmt, &io, o_used);
			later_n = later_constraints(pn->stmts, in.stmt, &in, n_used);
			/* and a blob's ALTER COLUMN ... / RENAME COLUMN leave the table as written inline */
			tables_with_later_alters(po->stmts, pn->stmts, &io, &in, canon_o, canon_n, later_o, later_n,
						 o_used, n_used);
		}
		json_t *a = json_copy(canon_o), *b = json_copy(canon_n);
		for (k = statement_form_keys; *k; k++) {
			json_object_del(a, *k);
			json_object_del(b, *k);
		}
		int same_def = json_equal(a, b);
		/* created under other names (one renamed in its blob): the names PostgreSQL generated
		   at the CREATE (constraints, indexes) may differ */
		int created_apart = strcmp(sv(io.created_name ? io.created_name : io.name),
					   sv(in.created_name ? in.created_name : in.name)) != 0;
		if (!strcmp(t, "CreateStmt") && !json_equal(later_o, later_n))
			same_def = 0;
		/* the identity, not the statement's tree: a SET search_path of the blob moves an
		   unqualified object to another schema with the CREATE written alike */
		int renamed = strcmp(sv(io.name), sv(in.name)) || strcmp(sv(io.schema), sv(in.schema));
		if (renamed)
			same_def = 0;
		json_object_set_new(v.detail, "definition_changed", json_boolean(!same_def));
		if ((io.nr_moves || in.nr_moves) && created_apart)
			json_object_set_new(v.detail, "created_as",
					    json_pack("{ssss}", "old", sv(io.created_name ? io.created_name : io.name), "new",
						      sv(in.created_name ? in.created_name : in.name)));
		if (same_def && !json_equal(canon_o, canon_n)) {
			/* only OR REPLACE / IF NOT EXISTS / CONCURRENTLY differ */
			json_object_set_new(v.detail, "statement_form_changed", json_true());
			if (!strcmp(t, "IndexStmt") && !ddl_bool(in.stmt, "concurrent"))
				escalate(&v, SEV_PATCH, HZ_INDEX_WITHOUT_CONCURRENTLY);
		}
		/* what the definition's comparison below finds: nothing, for trees that differ only
		   where a rule reads them as the server stores them */
		size_t keys_before = json_object_size(v.detail);
		struct verdict before = v;
		if (!same_def || ((io.nr_moves || in.nr_moves) && created_apart)) {
			if (renamed) {
				json_t *r = json_pack("{ssss}", "old", sv(io.name), "new", sv(in.name));
				/* a move to another schema: the names alone would read as no change */
				if (strcmp(sv(io.schema), sv(in.schema))) {
					json_object_set_new(r, "old_schema", json_string(sv(io.schema)));
					json_object_set_new(r, "new_schema", json_string(sv(in.schema)));
				}
				json_object_set_new(v.detail, "renamed", r);
				escalate(&v, SEV_MAJOR, HZ_BREAKS_COMPATIBILITY);
			}
			qualified_copy(&a, io.ref_schema);
			qualified_copy(&b, in.ref_schema);
			qualified_copy(&later_o, io.ref_schema);
			qualified_copy(&later_n, in.ref_schema);
			definition_as_stored(&a, t);
			definition_as_stored(&b, t);
			literals_copy(&later_o);
			literals_copy(&later_n);
			if (!strcmp(t, "CreateStmt"))
				/* the schema each CREATE wrote its names in, before any SET SCHEMA */
				compare_table(a, b, io.created_schema ? io.created_schema : io.schema,
					      in.created_schema ? in.created_schema : in.schema, &v, 0, later_o, later_n,
					      io.nr_moves || in.nr_moves ? sv(io.created_name ? io.created_name : io.name) : NULL,
					      io.nr_moves || in.nr_moves ? sv(in.created_name ? in.created_name : in.name) : NULL);
			else if (!strcmp(t, "CreateForeignTableStmt")) {
				compare_table(json_object_get(a, "base"), json_object_get(b, "base"), io.schema, in.schema, &v, 1,
					      NULL, NULL, NULL, NULL);
				if (!same_json(json_object_get(a, "servername"), json_object_get(b, "servername")) ||
				    !same_json(json_object_get(a, "options"), json_object_get(b, "options"))) {
					json_object_set_new(v.detail, "foreign_options_changed", json_true());
					escalate(&v, SEV_MINOR, 0);
				}
			} else if (!strcmp(t, "CreateFunctionStmt"))
				compare_function(a, b, &v);
			else if (!strcmp(t, "ViewStmt"))
				compare_view(a, b, io.ref_schema, in.ref_schema, &v, 0);
			else if (!strcmp(t, "CreateTableAsStmt"))
				compare_view(a, b, io.ref_schema, in.ref_schema, &v, 1);
			else if (!strcmp(t, "IndexStmt"))
				compare_index(a, b, &v, ddl_bool(in.stmt, "concurrent"));
			else if (!strcmp(t, "CreateEnumStmt"))
				compare_enum(a, b, &v);
			else if (!strcmp(t, "CreateDomainStmt"))
				compare_domain(a, b, &v, sv(in.name));
			else if (!strcmp(t, "CreateSeqStmt"))
				compare_sequence(a, b, &v);
			else if (!strcmp(t, "GrantStmt"))
				grants_differ = 1; /* compared with the blob's other GRANTs below */
			else if (!strcmp(t, "CompositeTypeStmt")) {
				struct table_shape so, sn;
				read_table(json_object_get(a, "coldeflist"), NULL, sv(in.name), &so);
				read_table(json_object_get(b, "coldeflist"), NULL, sv(in.name), &sn);
				compare_columns(&so, &sn, &v, 0);
				free_table(&so);
				free_table(&sn);
			} else if (!strcmp(t, "AlterTableStmt") && !strcmp(sv(in.object_type), "table constraint") &&
				   sole_added_constraint(a) && sole_added_constraint(b)) {
				compare_added_constraint(a, b, in.name, &v);
			} else {
				/* pg_catalog's types however spelled (STYPE = int4 / integer, SUBTYPE = float8 /
				   double precision / pg_catalog.float8) */
				static const char *const none[] = { NULL };
				json_t *ca = json_deep_copy(a), *cb = json_deep_copy(b);
				catalog_type_names(ca);
				catalog_type_names(cb);
				if (!strcmp(t, "DefineStmt")) {
					define_options_as_stored(ca);
					define_options_as_stored(cb);
				}
				/* a rule's actions and a policy's USING / WITH CHECK name relations as a view's
				   query does (their own table is the identity's, qualified above) */
				if ((!strcmp(t, "RuleStmt") || !strcmp(t, "CreatePolicyStmt")) && io.ref_schema && in.ref_schema) {
					qualify_relations(ca, io.ref_schema);
					qualify_relations(cb, in.ref_schema);
				}
				other_fields(ca, cb, none, v.detail, "fields_changed");
				if (json_object_get(v.detail, "fields_changed"))
					escalate(&v, SEV_MINOR, 0);
				/* a permissive policy made AS RESTRICTIVE: a row must now pass it on top of a
				   permissive one, and rows only it let through are hidden: access narrowed,
				   as a privilege revoked (it was MINOR; other policy changes may go either way) */
				if (!strcmp(t, "CreatePolicyStmt") && ddl_bool(a, "permissive") && !ddl_bool(b, "permissive")) {
					json_object_set_new(v.detail, "policy_made_restrictive", json_true());
					escalate(&v, SEV_MAJOR, HZ_BREAKS_COMPATIBILITY);
				}
				json_decref(ca);
				json_decref(cb);
			}
		}
		/* definition_changed: the definitions differ as compared, not as trees (round 24; a
		   respelling every rule read as the same said true). A GRANT's privileges are
		   compared with the other statements below. */
		if (!same_def && !renamed && strcmp(t, "GrantStmt") && json_object_size(v.detail) == keys_before &&
		    v.severity == before.severity && v.hazards == before.hazards)
			json_object_set_new(v.detail, "definition_changed", json_false());
		json_decref(a);
		json_decref(b);
		json_decref(later_o);
		json_decref(later_n);
	}
	/* a search_path set otherwise: a respelling unless it resolves another name than the
	   object's own (which the identity compared) to another object */
	if (!json_equal(path_o, path_n) && !json_object_get(v.detail, "renamed")) {
		int through_path = (canon_o && names_through_path(canon_o, &io)) ||
				   (canon_n && names_through_path(canon_n, &in));
		for (i = io.index + 1; !through_path && io.index >= 0 && i < json_array_size(po->stmts); i++)
			through_path = names_through_path(json_array_get(po->stmts, i), &io);
		for (i = in.index + 1; !through_path && in.index >= 0 && i < json_array_size(pn->stmts); i++)
			through_path = names_through_path(json_array_get(pn->stmts, i), &in);
		if (through_path) {
			json_object_set_new(v.detail, "search_path_changed", json_true());
			escalate(&v, SEV_MINOR, 0);
		}
	}
	json_decref(canon_o);
	json_decref(canon_n);
	json_decref(path_o);
	json_decref(path_n);
	/* the other statements of the blobs (COMMENT, GRANT, ALTER ...) */
	{
		unsigned char *o_in_n = xcalloc(json_array_size(po->stmts) + 1, 1);
		unsigned char *n_in_o = xcalloc(json_array_size(pn->stmts) + 1, 1);
		/* ALTER TABLE s OWNER TO r of a sequence s is its ALTER SEQUENCE s OWNER TO r */
		json_t *side_o = alters_in_relation_form(po->stmts, &io), *side_n = alters_in_relation_form(pn->stmts, &in);
		/* ALTER TABLE t OWNER TO r after CREATE TABLE t is pg_dump's ALTER TABLE public.t ... */
		side_o = own_alters_resolved(side_o, &io);
		side_n = own_alters_resolved(side_n, &in);
		/* COMMENT ... IS '' is IS NULL, ALTER ... SET DEFAULT .5 is 0.5: literals as stored */
		side_o = statements_as_stored(side_o);
		side_n = statements_as_stored(side_n);
		statements_in(side_o, side_n, o_in_n, n_in_o);
		compare_statement_order(side_o, side_n, io.index, in.index, o_in_n, n_in_o, &v);
		/* reported as written */
		json_array_foreach(po->stmts, i, x)
			if ((int)i != io.index && !o_in_n[i] && !o_used[i])
				side_statement(x, 0, &v);
		json_array_foreach(pn->stmts, i, x)
			if ((int)i != in.index && !n_in_o[i] && !n_used[i])
				side_statement(x, 1, &v);
		unique_index_statements(po->stmts, pn->stmts, io.index, in.index, o_in_n, n_in_o, o_used, n_used, &v);
		json_decref(side_o);
		json_decref(side_n);
		for (i = 0; !grants_differ && i < json_array_size(po->stmts); i++)
			grants_differ = (int)i != io.index && !o_in_n[i] && is_grant_stmt(json_array_get(po->stmts, i));
		for (i = 0; !grants_differ && i < json_array_size(pn->stmts); i++)
			grants_differ = (int)i != in.index && !n_in_o[i] && is_grant_stmt(json_array_get(pn->stmts, i));
		if (grants_differ) {
			struct ddl_identity ids[2] = { io, in };
			compare_privileges(po->stmts, pn->stmts, ids, &v);
		}
		if (!strcmp(sv(in.object_type), "table") && !strcmp(sv(io.object_type), "table"))
			compare_row_security(po->stmts, pn->stmts, &io, &in, &v);
		free(o_in_n);
		free(n_in_o);
	}
	free(o_used);
	free(n_used);
	ddl_identity_release(&io);
	ddl_identity_release(&in);
	return finish(&v, 0);
}

json_t *ddl_compare(const char *old_sql, const char *new_sql)
{
	struct ddl_blob *o = ddl_blob_parse(old_sql), *n = ddl_blob_parse(new_sql);
	json_t *r = ddl_compare_blobs(o, n);
	ddl_blob_free(o);
	ddl_blob_free(n);
	return r;
}

/* ---- CREATE and DROP of a whole object ---------------------------------- */

static int is_one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (s && !strcmp(s, *list))
			return 1;
	return 0;
}

static json_t *identity_detail(struct ddl_identity *id)
{
	json_t *d = json_object();
	json_object_set_new(d, "object_type", id->object_type ? json_string(id->object_type) : json_null());
	json_object_set_new(d, "command_tag", id->command_tag ? json_string(id->command_tag) : json_null());
	return d;
}

json_t *ddl_create_detail_blob(const struct ddl_blob *b)
{
	const struct ddl_parsed *p = &b->parsed;
	struct ddl_identity id;
	struct verdict v = { SEV_MINOR, 0, NULL };

	if (b->rc != 0)
		return unparseable("new", p->error);
	if (ddl_identify(p->stmts, &id) != 0) {
		v.detail = json_pack("{sn}", "object_type");
		return finish(&v, 0);
	}
	v.detail = identity_detail(&id);
	if (!strcmp(id.stmt_type, "IndexStmt")) {
		v.severity = SEV_PATCH;
		if (!ddl_bool(id.stmt, "concurrent"))
			escalate(&v, SEV_PATCH, HZ_INDEX_WITHOUT_CONCURRENTLY);
		if (ddl_bool(id.stmt, "unique"))
			escalate(&v, SEV_MINOR, HZ_DEPENDS_ON_EXISTING_DATA);
		json_object_set_new(v.detail, "unique", json_boolean(ddl_bool(id.stmt, "unique")));
		json_object_set_new(v.detail, "concurrently", json_boolean(ddl_bool(id.stmt, "concurrent")));
	} else if (!strcmp(id.stmt_type, "CommentStmt")) {
		v.severity = SEV_PATCH;
	} else if (id.object_type && !strcmp(id.object_type, "table constraint")) {
		escalate(&v, SEV_MAJOR, HZ_DEPENDS_ON_EXISTING_DATA | HZ_ACCESS_EXCLUSIVE_LOCK);
	} else if (!strcmp(id.stmt_type, "CreatePolicyStmt") && !ddl_bool(id.stmt, "permissive")) {
		/* a restrictive policy only hides rows of an existing table (see the comparison) */
		json_object_set_new(v.detail, "restrictive", json_true());
		escalate(&v, SEV_MAJOR, HZ_BREAKS_COMPATIBILITY);
	} else if (!strcmp(id.stmt_type, "CreateStmt")) {
		json_t *rel = json_object_get(id.stmt, "relation");
		struct table_shape t;
		json_t *cols = json_array();
		size_t i;
		read_table(json_object_get(id.stmt, "tableElts"), id.stmt, sv(id.name), &t);
		for (i = 0; i < t.ncols; i++)
			json_array_append_new(cols, column_json(&t.cols[i]));
		free_table(&t);
		json_object_set_new(v.detail, "columns", cols);
		json_object_set_new(v.detail, "partitioned", json_boolean(json_object_get(id.stmt, "partspec") != NULL));
		json_object_set_new(v.detail, "partition", json_boolean(json_object_get(id.stmt, "partbound") != NULL));
		json_object_set_new(v.detail, "temporary", json_boolean(!strcmp(sv(ddl_str(rel, "relpersistence")), "t")));
		json_object_set_new(v.detail, "unlogged", json_boolean(!strcmp(sv(ddl_str(rel, "relpersistence")), "u")));
		if (json_object_get(id.stmt, "partbound"))
			/* attaching a partition locks the parent */
			escalate(&v, SEV_MINOR, HZ_ACCESS_EXCLUSIVE_LOCK);
	}
	ddl_identity_release(&id);
	return finish(&v, 0);
}

json_t *ddl_create_detail(const char *sql)
{
	struct ddl_blob *b = ddl_blob_parse(sql);
	json_t *r = ddl_create_detail_blob(b);
	ddl_blob_free(b);
	return r;
}

json_t *ddl_drop_detail_blob(const struct ddl_blob *b)
{
	static const char *const holds_data[] = { "table", "materialized view", "sequence", NULL };
	const struct ddl_parsed *p = &b->parsed;
	struct ddl_identity id;
	struct verdict v = { SEV_MAJOR, HZ_BREAKS_COMPATIBILITY, NULL };

	if (b->rc != 0)
		return unparseable("old", p->error);
	if (ddl_identify(p->stmts, &id) != 0) {
		v.detail = json_pack("{sn}", "object_type");
		return finish(&v, 0);
	}
	v.detail = identity_detail(&id);
	if (!strcmp(id.stmt_type, "IndexStmt")) {
		v.severity = ddl_bool(id.stmt, "unique") ? SEV_MINOR : SEV_PATCH;
		v.hazards = 0;
	} else if (!strcmp(id.stmt_type, "CommentStmt")) {
		v.severity = SEV_PATCH;
		v.hazards = 0;
	} else if (id.object_type && !strcmp(id.object_type, "table constraint")) {
		json_t *cmd = ddl_node(json_array_get(json_object_get(id.stmt, "cmds"), 0), NULL);
		const char *ct = sv(ddl_str(ddl_node(json_object_get(cmd, "def"), NULL), "contype"));
		if (strcmp(ct, "CONSTR_PRIMARY") && strcmp(ct, "CONSTR_UNIQUE")) {
			v.severity = SEV_MINOR;
			v.hazards = 0;
		}
	} else if (is_one_of(id.object_type, holds_data)) {
		escalate(&v, SEV_MAJOR, HZ_DELETES_DATA | HZ_ACCESS_EXCLUSIVE_LOCK);
	} else if (id.object_type && (!strcmp(id.object_type, "trigger") || !strcmp(id.object_type, "policy") ||
				      !strcmp(id.object_type, "rule"))) {
		escalate(&v, SEV_MAJOR, HZ_ACCESS_EXCLUSIVE_LOCK);
	}
	ddl_identity_release(&id);
	return finish(&v, 0);
}

json_t *ddl_drop_detail(const char *sql)
{
	struct ddl_blob *b = ddl_blob_parse(sql);
	json_t *r = ddl_drop_detail_blob(b);
	ddl_blob_free(b);
	return r;
}

/* ---- the comparison's forms of a whole blob, for the semantic hash ---------- */

/* raw (a RawStmt of the hash's own tree, modified) holding stmt (inner, a new reference
   taken) as its statement of type type. */
static void raw_statement_set(json_t *raw, const char *type, json_t *stmt)
{
	json_object_set_new(raw, "stmt", json_pack("{so}", type, stmt));
}

/*
 * The name of constraint k of table t (relname) as the hash reads it: a name the server
 * generated for the table has the table's name blanked ("\1_a_check"), under the table's
 * present name or an earlier one (ALTER TABLE ... RENAME keeps the constraints' names, so
 * pg_dump writes order_items_pkey on order_lines): a name ending in what PostgreSQL appends to
 * the table's name for this constraint keeps only that. Caller frees.
 */
static char *constraint_hash_name(const struct table_shape *t, const struct constraint *k, const char *relname)
{
	size_t n = strlen(relname), ln, ls;
	const char *name = sv(k->name);
	struct ddl_constraint_names names;
	char *gen, *out = NULL;

	if (n && !strncmp(name, relname, n) && name[n] == '_')
		return xasprintf("\1%s", name + n);
	if (!n || !generated_like(name))
		return xstrdup(name);
	ddl_constraint_names_init(&names, relname, 0);
	table_columns(t, &names);
	gen = ddl_constraint_names_choose(&names, k->colname, k->node);
	ddl_constraint_names_release(&names);
	ln = strlen(name);
	if (gen && !strncmp(gen, relname, n) && gen[n] == '_' && (ls = strlen(gen + n)) < ln &&
	    !strcmp(name + ln - ls, gen + n))
		out = xasprintf("\1%s", gen + n);
	free(gen);
	return out ? out : xstrdup(name);
}

static int constraint_cmp(const void *a, const void *b)
{
	const struct constraint *x = a, *y = b;
	return strcmp(sv(x->name), sv(y->name));
}

static int column_cmp(const void *a, const void *b)
{
	return strcmp(sv(((const struct column *)a)->name), sv(((const struct column *)b)->name));
}

/*
 * Sets what table_with_later_alters() gave (elts, NULL when it could not read the ALTERs
 * in; l, the copy of later it read them into; folded, the statements it read) into c,
 * later and used as table_as_folded() describes. Takes elts, l and folded.
 */
static void table_take_folded(json_t *c, const struct ddl_identity *id, unsigned char *used, json_t *later,
			      json_t *elts, json_t *l, unsigned char *folded, size_t n)
{
	if (elts) {
		qualified_copy(&elts, id->ref_schema);
		/* CREATE TABLE t () has no list: none stays none */
		if (json_array_size(elts) || json_object_get(c, "tableElts"))
			json_object_set(c, "tableElts", elts);
		json_array_clear(later);
		json_array_extend(later, l);
		for (size_t i = 0; i < n; i++)
			used[i] |= folded[i];
	}
	json_decref(elts);
	json_decref(l);
	free(folded);
}

/*
 * The blob's ALTER COLUMN / RENAME COLUMN / ADD / DROP COLUMN / DROP CONSTRAINT read into the
 * table's CREATE (c, modified: its tableElts, qualified as c is) and later (the ADD
 * CONSTRAINTs a DROP removes), the statements marked in used, as ddl_compare_blobs() reads
 * them (tables_with_later_alters()); c and later left as they were when they cannot be.
 */
static void table_as_folded(json_t *c, json_t *stmts, const struct ddl_identity *id, unsigned char *used,
			    json_t *later)
{
	size_t n = json_array_size(stmts);
	unsigned char *folded = xcalloc(n + 1, 1);
	/* on a copy: a DROP CONSTRAINT read in removes from it, also when the rest fails */
	json_t *l = json_copy(later), *elts = table_with_later_alters(stmts, id->stmt, id, used, l, folded);

	table_take_folded(c, id, used, later, elts, l, folded, n);
}

/*
 * A table's CREATE (c, the hash's own copy, modified) with its elements as compare_table()
 * reads them: the columns (name, type as formatted, default, NOT NULL however implied,
 * generation, identity, collation, other options; in a table of its own columns in their
 * order, else by name), the constraints by name (generated as PostgreSQL names them, with
 * the blob's later ALTER TABLE ... ADD CONSTRAINTs, marked in used), the LIKE clauses; and
 * its other fields as table_canonical() writes them.
 */
static json_t *table_as_compared(json_t *c, json_t *stmts, const struct ddl_identity *id, unsigned char *used)
{
	static const char *const drop[] = { "typeName", "constraints", "colname", "collClause", NULL };
	struct table_shape t;
	const char *relname = id->nr_moves && id->created_name ? id->created_name
							      : sv(ddl_str(json_object_get(c, "relation"), "relname"));
	size_t i, n = json_array_size(stmts);
	unsigned char *mine = xcalloc(n + 1, 1);
	json_t *later = later_constraints(stmts, id->stmt, id, mine), *cols = json_array(), *cons = json_array();
	json_t *names = json_array(), *elts, *out;
	int apart = 0;

	/* folded only when they follow the CREATE with nothing in between but the column ALTERs
	   read into it too (a trial on copies marks those): the comparison reads another
	   statement among them (a DROP CONSTRAINT IF EXISTS) by its place */
	unsigned char *skip = xcalloc(n + 1, 1), *alters = xcalloc(n + 1, 1);
	json_t *trial_later = json_copy(later), *trial;
	for (i = 0; i < n; i++)
		skip[i] = used[i] | mine[i];
	trial = table_with_later_alters(stmts, id->stmt, id, skip, trial_later, alters);
	free(skip);
	for (i = (size_t)id->index + 1; i < n; i++)
		if (!mine[i] && (!trial || !alters[i]))
			apart = 1;
		else if (apart)
			break;
	if (i < n) {
		json_decref(later);
		later = json_array();
		json_decref(trial);
		json_decref(trial_later);
		free(alters);
		table_as_folded(c, stmts, id, used, later);
	} else {
		/* used now is the trial's skip and later its input: the trial is the fold */
		for (i = 0; i < n; i++)
			used[i] |= mine[i];
		table_take_folded(c, id, used, later, trial, trial_later, alters, n);
	}
	free(mine);
	qualified_copy(&later, id->ref_schema);
	literals_copy(&later);
	read_table(json_object_get(c, "tableElts"), c, relname, &t);
	for (i = 0; i < t.ncons; i++)
		t.cons[i].not_valid = 0; /* a new table's constraints are valid (compare_table()) */
	add_later_constraints(&t, relname, later);
	checks_catalog_form(&t);
	if (!t.positional && t.ncols)
		qsort(t.cols, t.ncols, sizeof(*t.cols), column_cmp);
	for (i = 0; i < t.ncols; i++) {
		struct column *col = &t.cols[i];
		json_t *other = json_copy(col->def);
		for (const char *const *k = drop; *k; k++)
			json_object_del(other, *k);
		json_array_append_new(cols, json_pack("{sssssOsbsbsOsbsOsososo}", "name", col->name, "type", col->type,
						      "default", col->default_expr ? col->default_expr : json_null(),
						      "serial", col->serial, "not_null", col->not_null, "generated",
						      col->generated ? col->generated : json_null(), "identity", col->identity,
						      "identity_con", col->identity_con ? col->identity_con : json_null(),
						      "options", other, "coll_schema",
						      col->coll_schema ? json_string(col->coll_schema) : json_null(),
						      "coll_name", col->coll_name ? json_string(col->coll_name) : json_null()));
	}
	for (i = 0; i < t.ncons; i++) {
		char *form = constraint_hash_name(&t, &t.cons[i], relname);
		free(t.cons[i].name);
		t.cons[i].name = form;
		t.cons[i].colname = NULL; /* (the key says its columns) */
	}
	if (t.ncons)
		qsort(t.cons, t.ncons, sizeof(*t.cons), constraint_cmp);
	for (i = 0; i < t.ncons; i++)
		json_array_append_new(cons, json_pack("{sssOsb}", "name", t.cons[i].name,
						      "key", t.cons[i].key, "not_valid", t.cons[i].not_valid));
	elts = json_pack("{soso}", "columns", cols, "constraints", cons);
	json_object_set_new(elts, "like", like_clauses(json_object_get(c, "tableElts"), names));
	json_decref(names);
	free_table(&t);
	json_decref(later);
	out = table_canonical(c);
	json_object_set_new(out, "tableElts", elts);
	json_decref(c);
	return out;
}

/*
 * A sequence's options as compare_sequence() reads them (c modified): OWNED BY NONE as none,
 * and for the three types a sequence can have every number it sets, written or implied by
 * its type and increment, and the type by name (CREATE SEQUENCE s and pg_dump's
 * CREATE SEQUENCE s START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1 are one).
 */
static void sequence_as_compared(json_t *c)
{
	json_t *opts = defelems(json_object_get(c, "options"));
	long long values[SEQ_N];

	drop_owned_by_none(opts);
	if (seq_values(opts, values)) {
		json_t *as = ddl_node(json_object_get(opts, "as"), NULL);
		char *type = as ? ddl_format_type(as) : xstrdup("bigint");
		json_object_set_new(opts, "as", json_string(type));
		free(type);
		for (int k = 0; k < SEQ_N; k++)
			json_object_set_new(opts, seq_option[k], json_integer(values[k]));
	}
	json_object_set_new(c, "options", opts);
}

/*
 * A domain's base type and collation as compare_domain() reads them (c modified): the type
 * as formatted (uuid, pg_catalog.uuid), the collation as a column's (pg_catalog."C" is "C",
 * "default" on text is none).
 */
static void domain_as_compared(json_t *c)
{
	struct column k = { .def = c, .type_node = json_object_get(c, "typeName") };
	char *type = k.type_node ? ddl_format_type(k.type_node) : NULL;
	json_t *coll;

	column_catalog_form(&k);
	/* packed before collClause, which k's names point into, is replaced */
	coll = json_pack("{s:s?, s:s?}", "schema", k.coll_schema, "name", k.coll_name);
	json_object_set_new(c, "collClause", coll);
	if (type)
		json_object_set_new(c, "typeName", json_string(type));
	free(type);
}

/*
 * The defining statement (inner, a new reference) as ddl_compare_blobs() compares it before
 * its kind's rules: the own name as the identity says, the blob's later ALTERs of a routine,
 * domain, composite type or enum folded in (marked in used), no statement form (OR REPLACE,
 * IF NOT EXISTS...), the references qualified; a view's query, a rule's or policy's relations
 * and the types of the kinds compared field by field as their comparison reads them.
 */
static json_t *definition_as_compared(json_t *stmts, const struct ddl_identity *id, unsigned char *used)
{
	const char *t = id->stmt_type;
	json_t *c = definition_canonical(t, id->stmt, id);
	const char *const *k;

	if (!strcmp(t, "CreateFunctionStmt"))
		json_object_set_new(c, "options", function_with_later_options(stmts, id->stmt, id, used));
	else if (!strcmp(t, "CreateDomainStmt"))
		json_object_set_new(c, "constraints", domain_with_later_constraints(stmts, id->stmt, id, used));
	else if (!strcmp(t, "CompositeTypeStmt"))
		json_object_set_new(c, "coldeflist", composite_with_later_attributes(stmts, id->stmt, id, used));
	else if (!strcmp(t, "CreateEnumStmt"))
		json_object_set_new(c, "vals", enum_with_later_values(stmts, id->stmt, id, used));
	for (k = statement_form_keys; *k; k++)
		json_object_del(c, *k);
	qualified_copy(&c, id->ref_schema);
	if (!strcmp(t, "CreateStmt"))
		c = table_as_compared(c, stmts, id, used);
	else if (!strcmp(t, "CreateSeqStmt"))
		sequence_as_compared(c);
	else if (!strcmp(t, "CreateDomainStmt"))
		domain_as_compared(c);
	else if (!strcmp(t, "IndexStmt")) {
		json_t *x = index_canonical(c);
		json_decref(c);
		c = x;
	} else if (!strcmp(t, "ViewStmt") || !strcmp(t, "CreateTableAsStmt")) {
		json_t *q = json_object_get(c, "query");
		if (q)
			json_object_set_new(c, "query", view_query_canonical(q, id->ref_schema));
		if (!strcmp(t, "ViewStmt"))
			canonical_options_at(c, "options");
	}
	if ((strcmp(t, "CreateStmt") && strcmp(t, "CreateForeignTableStmt") && strcmp(t, "CreateFunctionStmt") &&
	     strcmp(t, "ViewStmt") && strcmp(t, "CreateTableAsStmt") && strcmp(t, "IndexStmt") &&
	     strcmp(t, "CreateEnumStmt") && strcmp(t, "CreateDomainStmt") && strcmp(t, "CreateSeqStmt") &&
	     strcmp(t, "GrantStmt") && strcmp(t, "CompositeTypeStmt") && strcmp(t, "AlterTableStmt")) ||
	    (!strcmp(t, "AlterTableStmt") &&
	     !(!strcmp(sv(id->object_type), "table constraint") && sole_added_constraint(c)))) {
		/* the kinds ddl_compare_blobs() compares field by field: pg_catalog's types however
		   spelled (int4, integer, pg_catalog.int4) */
		json_t *d = json_deep_copy(c);
		json_decref(c);
		c = d;
		catalog_type_names(c);
		if (!strcmp(t, "DefineStmt"))
			define_options_as_stored(c);
		if ((!strcmp(t, "RuleStmt") || !strcmp(t, "CreatePolicyStmt")) && id->ref_schema)
			qualify_relations(c, id->ref_schema);
	}
	return c;
}

/*
 * The statements of a blob other than its defining one (side: the blob's, respelt as the
 * comparison reads them; index: the defining one's; used: those read into the identity or
 * the definition) as ddl_compare_blobs() matches them: the set of their texts (statements
 * added or removed), and for each key of compare_statement_order() the texts under it in
 * their order, a statement repeated right after itself once, a run of GRANTs (or REVOKEs)
 * as a set. A statement read into the definition counts under a key only where one that is
 * not shares it (the comparison orders those too). A new object.
 */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static json_t *statements_as_compared(json_t *side, int index, const unsigned char *used,
				      const struct ddl_identity *blank)
{
	size_t n = json_array_size(side), i, j, k, na = 0, alloc = 0;
	unsigned char *all = xcalloc(n + 1, 1);
	struct strmap *keys = strmap_new(), *texts = strmap_new();
	struct keyed_stmt *a = NULL;
	json_t *set = json_array(), *order = json_array(), *seqs = json_array();
	char **text = xcalloc(n + 1, sizeof(*text)), **items = xcalloc(n + 1, sizeof(*items));

	/* each statement's text, without the object's own name when the hash ignores it */
	for (i = 0; i < n; i++) {
		json_t *c = json_deep_copy(json_array_get(side, i));
		if (blank)
			ddl_blank_identity(c, blank);
		text[i] = canonical_text(c);
		json_decref(c);
		all[i] = 1;
	}
	na = order_candidates(side, index, all, keys, texts, &a, &alloc);
	/* the keys' names would carry the object's own name: each key's sequence stands alone,
	   the sequences sorted (a key is its statements': the same statements, the same keys) */
	for (i = 0; i < na; i = j) {
		int unused = 0;
		json_t *seq = json_array();
		for (j = i; j < na && a[j].key == a[i].key; j++)
			unused |= !used[a[j].pos];
		for (k = i; unused && k < j;) {
			if (a[k].grant >= 0) {
				/* a run of GRANTs or REVOKEs: its texts sorted, each once */
				int grant = a[k].grant;
				size_t m = 0, q;
				json_t *run = json_array();
				for (; k < j && a[k].grant == grant; k++)
					items[m++] = text[a[k].pos];
				qsort(items, m, sizeof(*items), cmp_str);
				for (q = 0; q < m; q++)
					if (!q || strcmp(items[q], items[q - 1]))
						json_array_append_new(run, json_string(items[q]));
				json_array_append_new(seq, json_pack("{so}", grant ? "grant" : "revoke", run));
			} else {
				json_array_append_new(seq, json_string(text[a[k].pos]));
				while (++k < j && a[k].text == a[k - 1].text)
					;
			}
		}
		if (unused)
			json_array_append_new(seqs, seq);
		else
			json_decref(seq);
	}
	for (i = 0; i < na; i++)
		free((char *)a[i].tag);
	free(a);
	{
		size_t ns = json_array_size(seqs);
		char **st = xcalloc(ns + 1, sizeof(*st));
		for (i = 0; i < ns; i++)
			st[i] = canonical_text(json_array_get(seqs, i));
		if (ns)
			qsort(st, ns, sizeof(*st), cmp_str);
		for (i = 0; i < ns; i++) {
			json_array_append_new(order, json_string(st[i]));
			free(st[i]);
		}
		free(st);
	}
	json_decref(seqs);
	/* the texts of the statements not read into the definition, sorted, each once */
	for (i = k = 0; i < n; i++)
		if ((int)i != index && !used[i])
			items[k++] = text[i];
	if (k)
		qsort(items, k, sizeof(*items), cmp_str);
	for (i = 0; i < k; i++)
		if (!i || strcmp(items[i], items[i - 1]))
			json_array_append_new(set, json_string(items[i]));
	for (i = 0; i < n; i++)
		free(text[i]);
	free(text);
	free(items);
	free(all);
	strmap_free(keys);
	strmap_free(texts);
	return json_pack("{soso}", "statements", set, "order", order);
}

json_t *ddl_hash_form(json_t *stmts, int ignore_identity)
{
	json_t *out = ddl_literals_as_stored(stmts), *pre, *def, *side, *kept;
	struct ddl_identity id;
	unsigned char *used;
	int through_path = 0;
	size_t i, n = json_array_size(out);

	if (ddl_identify(out, &id) != 0 || id.index < 0 || !id.stmt) {
		ddl_identity_release(&id);
		return out;
	}
	used = xcalloc(n + 1, 1);
	/* the RENAME TO / SET SCHEMA of the blob's own object are in its identity */
	for (i = 0; i < id.nr_moves; i++)
		used[id.moves[i]] = 1;
	/* a search_path ahead of the definition is a respelling unless it resolves a name */
	pre = search_path_preamble(out, id.index, used);
	{
		json_t *c = definition_canonical(id.stmt_type, id.stmt, &id);
		through_path = names_through_path(c, &id);
		json_decref(c);
	}
	for (i = (size_t)id.index + 1; !through_path && i < n; i++)
		through_path = names_through_path(json_array_get(out, i), &id);
	kept = json_array();
	/* kept as written ahead of the definition where it resolves a name */
	for (i = 0; through_path && i < json_array_size(pre); i++)
		json_array_append(kept, json_array_get(pre, i));
	json_decref(pre);
	def = definition_as_compared(out, &id, used);
	/* the other statements: an ALTER TABLE of the blob's sequence as its ALTER SEQUENCE,
	   an unqualified ALTER of its own relation in its schema */
	side = alters_in_relation_form(out, &id);
	side = own_alters_resolved(side, &id);
	{
		json_t *raw = json_copy(json_array_get(side, (size_t)id.index));
		raw_statement_set(raw, id.stmt_type, def);
		json_array_append_new(kept, raw);
	}
	if (ignore_identity)
		ddl_blank_identity(kept, &id);
	json_array_append_new(kept, json_pack("{so}", "other_statements",
					      statements_as_compared(side, id.index, used, ignore_identity ? &id : NULL)));
	json_decref(side);
	free(used);
	ddl_identity_release(&id);
	json_decref(out);
	return kept;
}
