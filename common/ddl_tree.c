/*
 * ddl_tree.c - parse DDL with libpg_query, walk the JSON parse tree, and
 * identify the defining statement of a blob (see ddl_tree.h). Identity rules
 * mirror PostgreSQL 15's: names as the parser returns them (already
 * unquoted/folded), default schema from the search_path, generated index and
 * constraint names as ChooseRelationName() builds them.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <stdlib.h>

#include <pg_query.h>

#include "ddl_classify.h"
#include "ddl_tree.h"
#include "hash.h"
#include "strbuf.h"
#include "util.h"

#define NAMEDATALEN 64

/* Replace each byte that is not part of valid UTF-8 with '?'. libpg_query's scanner
   is not encoding-aware and may cut a multibyte character in an error message. */
static void utf8_scrub(char *s)
{
	size_t len = strlen(s), off = 0, bad;
	while (off < len && utf8_char_count(s + off, len - off, &bad) < 0 && off + bad < len) {
		s[off + bad] = '?';
		off += bad + 1;
	}
}

/* Deepest JSON level kept when a parse tree is too deep for jansson (2,048 levels):
   room for the two levels of the placeholder below it */
#define DEEP_KEEP 2000

/* Index of the quote closing the JSON string whose opening quote is s[i] (escapes
   skipped), or of the end of s[0..len) when it is not closed. The three walks below see
   the parser's JSON only as strings and brackets; this is the one place strings are read. */
static size_t json_string_end(const char *s, size_t i, size_t len)
{
	for (i++; i < len && s[i] != '"'; i++)
		if (s[i] == '\\' && i + 1 < len)
			i++;
	return i;
}

/* Length of the JSON value (object or array) opening at s[0] of s[0..len), strings
   skipped. */
static size_t json_value_len(const char *s, size_t len)
{
	size_t i, depth = 0;

	for (i = 0; i < len; i++) {
		char c = s[i];
		if (c == '"')
			i = json_string_end(s, i, len);
		else if (c == '{' || c == '[')
			depth++;
		else if ((c == '}' || c == ']') && --depth == 0)
			return i + 1;
	}
	return len;
}

/* Is s[0] the start of a "location", "stmt_location" or "stmt_len" key (s[-1] a
   '{' or ','), whose integer value ends at *end? */
static int location_member(const char *s, size_t *end)
{
	static const char *const keys[] = { "\"location\":", "\"stmt_location\":", "\"stmt_len\":" };
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		size_t n = strlen(keys[k]);
		if (!strncmp(s, keys[k], n)) {
			while (s[n] == '-' || (s[n] >= '0' && s[n] <= '9'))
				n++;
			*end = n;
			return 1;
		}
	}
	return 0;
}

/*
 * The parser's JSON without its location members, or NULL when one of them is not a
 * plain integer (the tree is then stripped after loading, ddl_strip_locations()). One
 * member in six that libpg_query writes is a location (the 10k x 1k bench's blobs): cut
 * from the text, jansson neither reads them nor builds and deletes their nodes, which
 * cost more than this scan (the parse: 10% fewer instructions).
 */
static char *without_locations(const char *s)
{
	size_t len = strlen(s), i, from = 0, n;
	struct strbuf sb = STRBUF_INIT;

	strbuf_grow(&sb, len);
	for (i = 0; i < len; i++) {
		if (s[i] != '"')
			continue;
		if (i && (s[i - 1] == '{' || s[i - 1] == ',') && location_member(s + i, &n)) {
			size_t cut_to = i + n;
			if (s[cut_to] != ',' && s[cut_to] != '}') {
				strbuf_release(&sb);
				return NULL;
			}
			strbuf_add(&sb, s + from, i - from);
			/* the comma after it goes with it; the last member's, the one before it */
			if (s[cut_to] == ',')
				cut_to++;
			else if (sb.buf[sb.len - 1] == ',')
				sb.buf[--sb.len] = '\0';
			from = cut_to;
			i = cut_to - 1;
			continue;
		}
		i = json_string_end(s, i, len);
	}
	strbuf_add(&sb, s + from, len - from);
	return strbuf_detach(&sb, NULL);
}

/* The value of the integer constant written at byte loc of the blob (below) */
struct deep_ints;
static int deep_int_value(struct deep_ints *d, long long loc, long long *value);

/* The digest of the JSON value s[0..len) without its location members: libpg_query
   writes the members of a node in a fixed order, so equal trees (locations aside) have
   equal text and the digest stands for the subtree in comparisons and hashes. An
   integer constant at or below 0 reads {} (see "Negative integers" below): its value,
   taken from the text at its location, is hashed in place of that location, else
   DEFAULT -1 and DEFAULT -2 deep in an expression had one digest. */
static void deep_digest(const char *s, size_t len, struct deep_ints *ints, sha256_hex_t out)
{
	static const char empty_ival[] = "{\"A_Const\":{\"ival\":{},";
	const size_t empty_len = sizeof(empty_ival) - 1, ival_len = sizeof("\"ival\":{},") - 1;
	struct sha256_ctx *c = sha256_new();
	size_t i = 0, from = 0, n;

	for (i = 0; i < len; i++) {
		if (s[i] != '"')
			continue;
		if (s[i - 1] == ',' && i >= empty_len && !memcmp(s + i - empty_len, empty_ival, empty_len) &&
		    !strncmp(s + i, "\"location\":", 11) && location_member(s + i, &n)) {
			long long value;
			if (deep_int_value(ints, strtoll(s + i + 11, NULL, 10), &value) == 0) {
				char v[64];
				sha256_update(c, s + from, i - ival_len - from);
				snprintf(v, sizeof(v), "\"ival\":{\"ival\":%lld}", value);
				sha256_update(c, v, strlen(v));
				from = i + n;
				i = from - 1;
				continue;
			}
		}
		if ((s[i - 1] == '{' || s[i - 1] == ',') && location_member(s + i, &n)) {
			/* drop the member and the comma that joins it to the next, or the one
			   before it when it is the last */
			size_t cut_from = i, cut_to = i + n;
			if (s[cut_to] == ',')
				cut_to++;
			else if (s[i - 1] == ',')
				cut_from--;
			sha256_update(c, s + from, cut_from - from);
			from = cut_to;
			i = cut_to - 1;
			continue;
		}
		i = json_string_end(s, i, len);
	}
	sha256_update(c, s + from, len - from);
	sha256_finish(c, out);
}

/* A copy of the parser's JSON where every value opening below DEEP_KEEP levels is
   replaced by {"DeepSubtree":{"digest":"<sha256>"}}. Only an expression nests that
   deep (chained operators, nested CASE or calls), while the names a statement defines
   sit a few levels down, so the blob is still named and classified; two blobs whose
   deep parts differ still differ, and ones that differ only in layout still do not. */
static char *elide_deep(const char *json, struct deep_ints *ints)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, from = 0, depth = 0, total = strlen(json);

	for (i = 0; i < total; i++) {
		char c = json[i];
		if (c == '"') {
			i = json_string_end(json, i, total);
		} else if (c == '{' || c == '[') {
			if (depth + 1 > DEEP_KEEP) {
				size_t len = json_value_len(json + i, total - i);
				sha256_hex_t digest;
				deep_digest(json + i, len, ints, digest);
				strbuf_add(&sb, json + from, i - from);
				strbuf_addf(&sb, "{\"DeepSubtree\":{\"digest\":\"%s\"}}", digest);
				from = i + len;
				i = from - 1;
				continue;
			}
			depth++;
		} else if (c == '}' || c == ']') {
			depth--;
		}
	}
	strbuf_add(&sb, json + from, total - from);
	return strbuf_detach(&sb, NULL);
}

/* libpg_query writes its parse tree by recursion, one C frame per level, unbounded for
   left-recursive chains the grammar's stack does not limit (a + a + ..., ::int::int...,
   UNION ..., JOIN ...): 100,000 chained + overflowed an 8 MiB stack (SIGSEGV; the server
   says "stack depth limit exceeded"), 4,000 a 1 MiB one. A level costs at most about 520
   bytes and takes at least two bytes of text ("+1") and one token. A blob is parsed on
   the caller's stack when what is left of it holds PARSE_STACK_PER_BYTE a byte of text
   (every normal blob), else when it holds PARSE_STACK_PER_TOKEN a token, counted by the
   scanner (which costs about what the parse does, hence not for every blob), else on a
   thread with that much stack (address space: pages are touched only as deep as the
   tree goes; starting a thread costs libpg_query some milliseconds), up to
   PARSE_MAX_TOKENS tokens. Where it is parsed changes nothing in the result. */
#define PARSE_STACK_PER_BYTE 300
#define PARSE_STACK_PER_TOKEN 600
#define PARSE_STACK_MARGIN (512 * 1024)
#define PARSE_MAX_TOKENS (1024 * 1024)

/* Bytes of the calling thread's stack left below this frame (0 if unknown). Its low end
   is looked up once a thread: for the main thread glibc reads /proc/self/maps. */
static size_t stack_left(void)
{
	static __thread char *low;
	static __thread int known;
	char here;

	if (!known) {
		pthread_attr_t attr;
		void *addr = NULL;
		size_t size = 0;
		known = 1;
		if (!pthread_getattr_np(pthread_self(), &attr)) {
			if (!pthread_attr_getstack(&attr, &addr, &size))
				low = addr;
			pthread_attr_destroy(&attr);
		}
	}
	if (!low || &here < low)
		return 0;
	size_t left = (size_t)(&here - low);
	return left > PARSE_STACK_MARGIN ? left - PARSE_STACK_MARGIN : 0;
}

/* Tokens of sql per pg_query_scan() (no recursion): the count of field 2 (tokens) of
   its ScanResult message, read from the protobuf without decoding the tokens. -1 when
   the scanner fails (the parse then reports the error). */
static long scan_token_count(const char *sql)
{
	PgQueryScanResult r = pg_query_scan(sql);
	long n = -1;

	if (!r.error) {
		const unsigned char *p = (const unsigned char *)r.pbuf.data, *end = p + r.pbuf.len;
		n = 0;
		while (p < end) {
			unsigned long long key = 0, len = 0;
			int shift = 0;
			do
				key |= (unsigned long long)(*p & 0x7f) << shift, shift += 7;
			while (p < end && *p++ & 0x80);
			if ((key & 7) == 0) { /* varint field (version) */
				while (p < end && *p++ & 0x80)
					;
				continue;
			}
			if ((key & 7) != 2)
				break;
			shift = 0;
			do
				len |= (unsigned long long)(*p & 0x7f) << shift, shift += 7;
			while (p < end && *p++ & 0x80);
			if (key >> 3 == 2)
				n++;
			p += len < (unsigned long long)(end - p) ? len : (unsigned long long)(end - p);
		}
	}
	pg_query_free_scan_result(r);
	return n;
}

/* what this thread parses, for the one fatal error of a parse (ddl_parse_label()) */
static _Thread_local char parse_what[160];

void ddl_parse_label(const char *what)
{
	snprintf(parse_what, sizeof(parse_what), "%s", what ? what : "");
}

struct parse_job {
	const char *sql;
	PgQueryParseResult result;
};

static void *parse_thread(void *arg)
{
	struct parse_job *job = arg;
	job->result = pg_query_parse(job->sql);
	return NULL;
}

/* pg_query_parse() with a stack deep enough for sql's tree (see PARSE_STACK_PER_BYTE);
   0, or -1 with *why set when it cannot be parsed safely. */
static int parse_with_stack(const char *sql, PgQueryParseResult *r, char **why)
{
	size_t len = strlen(sql), left = stack_left(), stack;
	if (len * PARSE_STACK_PER_BYTE <= left) {
		*r = pg_query_parse(sql);
		return 0;
	}
	long tokens = scan_token_count(sql);
	if (tokens > PARSE_MAX_TOKENS) {
		*why = xasprintf("the statement has %ld tokens, more than the %d the classifier parses", tokens,
				 PARSE_MAX_TOKENS);
		return -1;
	}
	/* a scanner error (an unterminated string) stops the parse before any tree */
	stack = (size_t)(tokens > 0 ? tokens : 0) * PARSE_STACK_PER_TOKEN;
	if (stack <= left) {
		*r = pg_query_parse(sql);
		return 0;
	}
	struct parse_job job = { .sql = sql };
	pthread_attr_t attr;
	pthread_t th;
	sigset_t all, old;
	int rc = pthread_attr_init(&attr);
	if (!rc)
		rc = pthread_attr_setstacksize(&attr, (size_t)(1 << 20) + stack);
	if (!rc) {
		sigfillset(&all);
		pthread_sigmask(SIG_SETMASK, &all, &old);
		rc = pthread_create(&th, &attr, parse_thread, &job);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	}
	pthread_attr_destroy(&attr);
	if (rc)
		pga_die("%s%scannot start a thread with %zu bytes of stack to parse its %ld tokens: %s", parse_what,
			*parse_what ? ": " : "", (size_t)(1 << 20) + stack, tokens, strerror(rc));
	pthread_join(th, NULL);
	*r = job.result;
	return 0;
}

/*
 * Negative integers. libpg_query 15-4.0's JSON output writes an Integer's value
 * only when it is above 0 ("ival" > 0, libpg_query issue 243, fixed upstream in
 * 2024): -1, -7 and 0 all read {} and DEFAULT -1 -> DEFAULT 0 compared as
 * formatting. The values are taken back from the text, where the parser took
 * them, with libpg_query's scanner: an A_Const's location is its literal (the
 * '-' of a negative one); a DefElem's (INCREMENT BY -1, n_distinct = -1) is its
 * option name, the value the first number after it; the other Integers of a
 * statement (SET STATISTICS -1, LARGE OBJECT -5), in order, are the numbers
 * after a keyword, ',', '(' or '=' no A_Const or DefElem took, when there are as
 * many of them and every positive one agrees (else they are left as read).
 */
enum { TOK_MINUS = 45, TOK_IDENT = 258, TOK_ICONST = 266, TOK_SQL_COMMENT = 275, TOK_C_COMMENT = 276, TOK_TABLESPACE = 664 };

struct scan_tok {
	int start, end, token, keyword;
	int used; /* taken by an A_Const or a DefElem */
};

struct int_fix {
	const char *sql;
	struct scan_tok *tok;
	size_t n;
	json_t **other; /* Integer nodes of the statement with no location to go by */
	size_t n_other, cap_other;
};

static unsigned long long pb_varint(const unsigned char **p, const unsigned char *end)
{
	unsigned long long v = 0;
	int shift = 0;
	while (*p < end) {
		unsigned char b = *(*p)++;
		v |= (unsigned long long)(b & 0x7f) << shift;
		shift += 7;
		if (!(b & 0x80))
			break;
	}
	return v;
}

/* The tokens of sql but comments (pg_query_scan()'s ScanResult read by hand, as scan_token_count()) */
static struct scan_tok *scan_tokens(const char *sql, size_t *n)
{
	PgQueryScanResult r = pg_query_scan(sql);
	struct scan_tok *t = NULL;
	size_t cap = 0;

	*n = 0;
	if (!r.error) {
		const unsigned char *p = (const unsigned char *)r.pbuf.data, *end = p + r.pbuf.len;
		while (p < end) {
			unsigned long long key = pb_varint(&p, end), len;
			if ((key & 7) == 0) {
				pb_varint(&p, end);
				continue;
			}
			if ((key & 7) != 2)
				break;
			len = pb_varint(&p, end);
			if (len > (unsigned long long)(end - p))
				len = (unsigned long long)(end - p);
			if (key >> 3 == 2) {
				const unsigned char *q = p, *qend = p + len;
				struct scan_tok tk = { 0 };
				while (q < qend) {
					unsigned long long k = pb_varint(&q, qend);
					if ((k & 7) != 0)
						break;
					unsigned long long v = pb_varint(&q, qend);
					switch (k >> 3) {
					case 1: tk.start = (int)v; break;
					case 2: tk.end = (int)v; break;
					case 4: tk.token = (int)v; break;
					case 5: tk.keyword = (int)v; break;
					}
				}
				if (tk.token == TOK_SQL_COMMENT || tk.token == TOK_C_COMMENT) {
					p += len; /* the scanner reports comments; the grammar never sees them */
					continue;
				}
				if (*n == cap) {
					cap = cap ? cap * 2 : 64;
					t = xrealloc(t, cap * sizeof(*t));
				}
				t[(*n)++] = tk;
			}
			p += len;
		}
	}
	pg_query_free_scan_result(r);
	return t;
}

/* The replay server lacks the tablespaces production had (they are cluster objects, never replayed), and
   a definition never shows one: a statement naming one runs with another put in its place. */
char *ddl_replace_tablespace(const char *sql, const char *name, const char *with)
{
	size_t n;
	struct scan_tok *t = scan_tokens(sql, &n);
	struct strbuf out = STRBUF_INIT;
	size_t done = 0;
	int replaced = 0;
	for (size_t i = 0; i + 1 < n; i++) {
		if (t[i].token != TOK_TABLESPACE)
			continue;
		const struct scan_tok *id = &t[i + 1];
		if (id->token != TOK_IDENT && !id->keyword)
			continue;
		/* the name as the grammar sees it: quotes removed (a doubled one kept once) or ASCII folded */
		struct strbuf dec = STRBUF_INIT;
		const char *w = sql + id->start, *wend = sql + id->end;
		if (*w == '"') {
			for (w++; w < wend - 1; w++) {
				strbuf_addch(&dec, *w);
				if (*w == '"')
					w++;
			}
		} else {
			for (; w < wend; w++)
				strbuf_addch(&dec, (*w >= 'A' && *w <= 'Z') ? (char)(*w + 32) : *w);
		}
		int same = !strcmp(dec.buf ? dec.buf : "", name);
		strbuf_release(&dec);
		if (!same)
			continue;
		strbuf_add(&out, sql + done, (size_t)id->start - done);
		strbuf_addstr(&out, with);
		done = (size_t)id->end;
		replaced = 1;
	}
	free(t);
	if (!replaced) {
		strbuf_release(&out);
		return NULL;
	}
	strbuf_addstr(&out, sql + done);
	return strbuf_detach(&out, NULL);
}

/* RoleSpec locations of role in tree: *locs (count *n); a CreateSchemaStmt without a name whose
   owner it is gets its location negated (-1 - location) */
static void role_locations(json_t *node, const char *role, int in_nameless_schema, int **locs, size_t *n)
{
	if (json_is_array(node)) {
		size_t i;
		json_t *v;
		json_array_foreach(node, i, v)
			role_locations(v, role, 0, locs, n);
		return;
	}
	if (!json_is_object(node))
		return;
	/* a RoleSpec: {"RoleSpec": {...}} where a node may be anything, its fields inline where only a RoleSpec can be */
	const char *name = ddl_str(node, "rolename"), *kind = ddl_str(node, "roletype");
	if (kind) {
		if (name && !strcmp(name, role) && !strcmp(kind, "ROLESPEC_CSTRING")) {
			int loc = (int)ddl_int(node, "location");
			*locs = xrealloc(*locs, (*n + 1) * sizeof(**locs));
			(*locs)[(*n)++] = in_nameless_schema ? -1 - loc : loc;
		}
		return;
	}
	const char *key;
	json_t *v;
	json_object_foreach(node, key, v) {
		if (!strcmp(key, "RoleSpec")) {
			role_locations(v, role, in_nameless_schema, locs, n);
			continue;
		}
		int nameless = !strcmp(key, "CreateSchemaStmt") && json_is_object(v) && !ddl_str(v, "schemaname");
		if (nameless) {
			/* its owner names it; its elements are ordinary statements */
			json_t *auth = json_object_get(v, "authrole");
			role_locations(auth, role, 1, locs, n);
			json_object_foreach(v, key, auth)
				if (strcmp(key, "authrole"))
					role_locations(auth, role, 0, locs, n);
			continue;
		}
		role_locations(v, role, 0, locs, n);
	}
}

/* Roles are cluster objects the replay never creates, and no definition shows an owner or a grant:
   a statement naming one the replay server lacks runs as if production had named the replaying role. */
char *ddl_replace_role(const char *sql, const char *role)
{
	PgQueryParseResult r;
	char *why = NULL;
	if (parse_with_stack(sql, &r, &why) < 0) { /* too deep to parse safely */
		free(why);
		return NULL;
	}
	json_t *root = r.error ? NULL : json_loads(r.parse_tree, JSON_DECODE_ANY, NULL);
	pg_query_free_parse_result(r);
	if (!root)
		return NULL;
	int *locs = NULL;
	size_t nlocs = 0;
	role_locations(root, role, 0, &locs, &nlocs);
	json_decref(root);
	size_t n;
	struct scan_tok *t = nlocs ? scan_tokens(sql, &n) : NULL;
	struct strbuf out = STRBUF_INIT;
	size_t done = 0;
	int replaced = 0;
	/* tokens in text order, each location looked up among them (a handful per statement) */
	for (size_t i = 0; t && i < n; i++) {
		for (size_t k = 0; k < nlocs; k++) {
			int nameless = locs[k] < 0, loc = nameless ? -1 - locs[k] : locs[k];
			if (t[i].start != loc || (size_t)t[i].start < done)
				continue;
			if (nameless) {
				if (i == 0 || (size_t)t[i - 1].start < done)
					continue;
				/* AUTHORIZATION role -> "role" */
				strbuf_add(&out, sql + done, (size_t)t[i - 1].start - done);
				strbuf_addch(&out, '"');
				for (const char *c = role; *c; c++) {
					if (*c == '"')
						strbuf_addch(&out, '"');
					strbuf_addch(&out, *c);
				}
				strbuf_addch(&out, '"');
			} else {
				strbuf_add(&out, sql + done, (size_t)t[i].start - done);
				strbuf_addstr(&out, "CURRENT_USER");
			}
			done = (size_t)t[i].end;
			replaced = 1;
			break;
		}
	}
	free(t);
	free(locs);
	if (!replaced) {
		strbuf_release(&out);
		return NULL;
	}
	strbuf_addstr(&out, sql + done);
	return strbuf_detach(&out, NULL);
}

/* 1 if the qualified name in text (as nextval('...') reads it) is schema.name */
static int qualified_name_is(const char *text, const char *schema, const char *name)
{
	struct strbuf part = STRBUF_INIT;
	const char *want[2] = { schema ? schema : name, name };
	int k = schema ? 0 : 1, ok = 1;
	const char *c = text;
	for (;;) {
		strbuf_release(&part);
		while (*c == ' ' || *c == '\t' || *c == '\n')
			c++;
		if (*c == '"') {
			for (c++; *c && !(*c == '"' && c[1] != '"'); c++) {
				strbuf_addch(&part, *c);
				if (*c == '"')
					c++;
			}
			if (*c == '"')
				c++;
		} else {
			for (; *c && *c != '.' && *c != ' ' && *c != '\t' && *c != '\n'; c++)
				strbuf_addch(&part, (*c >= 'A' && *c <= 'Z') ? (char)(*c + 32) : *c);
		}
		while (*c == ' ' || *c == '\t' || *c == '\n')
			c++;
		if (k > 1 || strcmp(part.buf ? part.buf : "", want[k]))
			ok = 0;
		k++;
		if (*c != '.')
			break;
		c++;
	}
	strbuf_release(&part);
	return ok && k == 2 && !*c;
}

static int calls_nextval_on(json_t *node, const char *schema, const char *name)
{
	size_t i;
	json_t *v;
	if (json_is_array(node)) {
		json_array_foreach(node, i, v)
			if (calls_nextval_on(v, schema, name))
				return 1;
		return 0;
	}
	if (!json_is_object(node))
		return 0;
	json_t *fc = json_object_get(node, "FuncCall");
	if (fc) {
		json_t *fn = json_object_get(fc, "funcname");
		const char *last = ddl_sval(json_array_get(fn, json_array_size(fn) ? json_array_size(fn) - 1 : 0));
		json_t *arg = json_array_get(json_object_get(fc, "args"), 0);
		json_t *cast = json_object_get(arg, "TypeCast");
		if (cast)
			arg = json_object_get(cast, "arg");
		const char *text = ddl_str(json_object_get(json_object_get(arg, "A_Const"), "sval"), "sval");
		if (last && !strcmp(last, "nextval") && text && qualified_name_is(text, schema, name))
			return 1;
	}
	const char *key;
	json_object_foreach(node, key, v)
		if (calls_nextval_on(v, schema, name))
			return 1;
	return 0;
}

int ddl_nextval_names(const char *sql, const char *schema, const char *name)
{
	PgQueryParseResult r;
	char *why = NULL;
	if (parse_with_stack(sql, &r, &why) < 0) { /* too deep to parse safely */
		free(why);
		return 0;
	}
	json_t *root = r.error ? NULL : json_loads(r.parse_tree, JSON_DECODE_ANY, NULL);
	pg_query_free_parse_result(r);
	int found = root && calls_nextval_on(root, schema, name);
	json_decref(root);
	return found;
}

/* The value of the integer literal at token i: ICONST, or '-' ICONST, or the grammar's
   folding of a minus into a constant through parentheses and other minuses (-(5),
   -(-(-5)): the A_Const is at the first '-'); -1 when none. No other token can come
   between the first '-' and the number of such an A_Const: a '-' of anything but a
   constant stays an operator, with the constant at its own location. */
static int literal_at(const struct int_fix *f, size_t i, long long *value, size_t *last)
{
	int neg = 0, minus = 0;
	while (i < f->n && (f->tok[i].token == TOK_MINUS || (minus && f->tok[i].token == '('))) {
		if (f->tok[i].token == TOK_MINUS) {
			neg = !neg;
			minus = 1;
		}
		i++;
	}
	if (i >= f->n || f->tok[i].token != TOK_ICONST)
		return -1;
	*value = strtoll(f->sql + f->tok[i].start, NULL, 10);
	if (neg)
		*value = -*value;
	*last = i;
	return 0;
}

/* Index of the token starting at byte off, or f->n */
static size_t token_at(const struct int_fix *f, long long off)
{
	size_t lo = 0, hi = f->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (f->tok[mid].start < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void set_ival(json_t *integer, long long v)
{
	if (v)
		json_object_set_new(integer, "ival", json_integer(v));
}

/* The tokens of the blob, scanned when a digest first needs them */
struct deep_ints {
	struct int_fix f;
	int scanned;
};

static int deep_int_value(struct deep_ints *d, long long loc, long long *value)
{
	size_t last;
	if (!d->scanned) {
		d->f.tok = scan_tokens(d->f.sql, &d->f.n);
		d->scanned = 1;
	}
	size_t t = token_at(&d->f, loc);
	return t < d->f.n && d->f.tok[t].start == loc ? literal_at(&d->f, t, value, &last) : -1;
}

static void fix_ints_walk(struct int_fix *f, json_t *node, int in_bounds)
{
	size_t i;
	json_t *v;
	const char *key;

	if (json_is_array(node)) {
		json_array_foreach(node, i, v)
			fix_ints_walk(f, v, in_bounds);
		return;
	}
	if (!json_is_object(node))
		return;
	json_t *ac = json_object_get(node, "A_Const"), *de = json_object_get(node, "DefElem");
	json_t *in = json_object_get(node, "Integer");
	if (ac && json_is_object(json_object_get(ac, "ival")) && json_object_get(ac, "location")) {
		size_t t = token_at(f, json_integer_value(json_object_get(ac, "location"))), last;
		long long val;
		if (literal_at(f, t, &val, &last) == 0) {
			for (size_t k = t; k <= last; k++)
				f->tok[k].used = 1;
			if (!json_object_size(json_object_get(ac, "ival")))
				set_ival(json_object_get(ac, "ival"), val);
		}
		return;
	}
	if (de && json_is_object(json_object_get(json_object_get(de, "arg"), "Integer")) &&
	    json_object_get(de, "location")) {
		/* the option's words and '=' (BY, WITH) lead to its value */
		json_t *arg = json_object_get(json_object_get(de, "arg"), "Integer");
		size_t t = token_at(f, json_integer_value(json_object_get(de, "location"))), last;
		long long val;
		while (t < f->n && (f->tok[t].keyword || f->tok[t].token == TOK_IDENT || f->tok[t].token == '='))
			t++;
		if (literal_at(f, t, &val, &last) == 0 && !f->tok[t].used) {
			for (size_t k = t; k <= last; k++)
				f->tok[k].used = 1;
			if (!json_object_size(arg))
				set_ival(arg, val);
			return;
		}
	}
	if (in && json_is_object(in) && !in_bounds) {
		if (f->n_other == f->cap_other) {
			f->cap_other = f->cap_other ? f->cap_other * 2 : 8;
			f->other = xrealloc(f->other, f->cap_other * sizeof(*f->other));
		}
		f->other[f->n_other++] = in;
		return;
	}
	json_object_foreach(node, key, v)
		fix_ints_walk(f, v, in_bounds || !strcmp(key, "arrayBounds")); /* int[] is -1 by the grammar */
}

static void fix_negative_integers(json_t *root, const char *sql)
{
	struct int_fix f = { .sql = sql };
	json_t *stmts = json_object_get(root, "stmts"), *raw;
	size_t i, len = strlen(sql);

	f.tok = scan_tokens(sql, &f.n);
	json_array_foreach(stmts, i, raw) {
		long long from = json_integer_value(json_object_get(raw, "stmt_location"));
		long long slen = json_integer_value(json_object_get(raw, "stmt_len"));
		long long to = slen ? from + slen : (long long)len;
		f.n_other = 0;
		fix_ints_walk(&f, json_object_get(raw, "stmt"), 0);
		if (!f.n_other)
			continue;
		/* the numbers left, after a keyword, ',', '(' or '=' */
		size_t nc = 0, *cand = xmalloc(f.n_other * sizeof(*cand)), k, last;
		long long *val = xmalloc(f.n_other * sizeof(*val)), x;
		int ok = 1;
		for (k = token_at(&f, from); k < f.n && f.tok[k].start < to; k++) {
			if (f.tok[k].used || !k)
				continue;
			const struct scan_tok *prev = &f.tok[k - 1];
			if (!(prev->keyword || prev->token == ',' || prev->token == '(' || prev->token == '='))
				continue;
			if (literal_at(&f, k, &x, &last) < 0)
				continue;
			if (nc == f.n_other) {
				ok = 0;
				break;
			}
			val[nc] = x;
			cand[nc++] = k;
			k = last;
		}
		if (ok && nc == f.n_other) {
			for (k = 0; k < nc && ok; k++) {
				json_t *iv = json_object_get(f.other[k], "ival");
				if (iv ? json_integer_value(iv) != val[k] : val[k] > 0)
					ok = 0;
			}
			for (k = 0; k < nc && ok; k++)
				if (!json_object_get(f.other[k], "ival"))
					set_ival(f.other[k], val[k]);
		}
		free(cand);
		free(val);
	}
	free(f.other);
	free(f.tok);
}

/*
 * The end (just past its last quote) of the U&'...' constant at start, with the parts
 * joined to it across white space with a newline (what libpg_query's scanner read as
 * its token), no further than limit; start when there is no such constant there. Inside
 * it a quote is doubled, a backslash escapes nothing (standard_conforming_strings).
 */
static int uconst_end(const char *sql, int start, int limit)
{
	int k = start + 3, end = start;

	if ((sql[start] != 'U' && sql[start] != 'u') || sql[start + 1] != '&' || sql[start + 2] != '\'')
		return start;
	while (k < limit) {
		int newline = 0;
		if (sql[k] != '\'') {
			k++;
			continue;
		}
		if (k + 1 < limit && sql[k + 1] == '\'') {
			k += 2;
			continue;
		}
		end = ++k;
		for (; k < limit && (sql[k] == ' ' || (sql[k] >= '\t' && sql[k] <= '\r')); k++)
			newline |= sql[k] == '\n' || sql[k] == '\r';
		if (!newline || k >= limit || sql[k] != '\'')
			break;
		k++; /* a continued part: its text up to its closing quote */
	}
	return end;
}

/*
 * sql with the "--" comments blanked that stand between two parts of one string
 * constant, NULL when it has none. PostgreSQL 15 joins 'a' and 'b' into 'ab' when only
 * white space with a newline and "--" comments part them ('a' -- note, newline, 'b':
 * scan.l's quotecontinue); libpg_query 15-4's scanner stops at the comment and the
 * statement is a syntax error (round 21: the blob was unparseable, MAJOR). Blanked
 * (newlines kept), the parts join there too, at the same offsets. A second part is a
 * plain quote ('b', not E'b'), the first a quoted constant ('a', E'a', B'1', X'1'; not
 * $$a$$); a "/ *" comment between them the server refuses as well. After U&'a' too
 * (round 22): libpg_query's scanner gives that token no end, it is found here.
 */
static char *join_continued_strings(const char *sql)
{
	size_t n = 0, i;
	struct scan_tok *t = scan_tokens(sql, &n);
	char *out = NULL;

	for (i = 0; t && i + 1 < n; i++) {
		int a = t[i].end > t[i].start ? t[i].end : uconst_end(sql, t[i].start, t[i + 1].start);
		int b = t[i + 1].start, k, newline = 0, comment = 0, ok = 1;
		if (a <= t[i].start || sql[a - 1] != '\'' || sql[t[i].start] == '$' || sql[b] != '\'')
			continue;
		for (k = a; ok && k < b; k++) {
			if (sql[k] == '-' && sql[k + 1] == '-') {
				comment = 1;
				while (k < b && sql[k] != '\n' && sql[k] != '\r')
					k++;
				k--;
			} else if (sql[k] == '\n' || sql[k] == '\r') {
				newline = 1;
			} else if (sql[k] != ' ' && sql[k] != '\t' && sql[k] != '\f' && sql[k] != '\v') {
				ok = 0;
			}
		}
		if (!ok || !newline || !comment)
			continue;
		if (!out)
			out = xstrdup(sql);
		for (k = a; k < b; k++)
			if (out[k] != '\n' && out[k] != '\r')
				out[k] = ' ';
	}
	free(t);
	return out;
}

int ddl_parse(const char *sql, struct ddl_parsed *out)
{
	PgQueryParseResult r;
	json_error_t jerr;

	memset(out, 0, sizeof(*out));
	/* PostgreSQL rejects invalid UTF-8 before parsing; libpg_query does not, and its
	   JSON output (or error message) would then be unreadable by jansson */
	size_t bad = 0;
	if (utf8_char_count(sql, strlen(sql), &bad) < 0) {
		out->error_position = (int)utf8_char_count(sql, bad, NULL) + 1;
		out->error = xasprintf("invalid byte sequence for encoding \"UTF8\" at character %d",
				       out->error_position);
		return -1;
	}
	char *why = NULL;
	if (parse_with_stack(sql, &r, &why) < 0) {
		out->error = why;
		return -1;
	}
	char *joined = r.error && strstr(sql, "--") ? join_continued_strings(sql) : NULL;
	if (joined) {
		PgQueryParseResult again;
		char *why2 = NULL;
		if (parse_with_stack(joined, &again, &why2) == 0 && !again.error) {
			pg_query_free_parse_result(r);
			r = again;
			sql = joined; /* same offsets: the numbers below are read from it */
		} else {
			if (!why2)
				pg_query_free_parse_result(again);
			free(why2);
		}
	}
	if (r.error) {
		out->error_position = r.error->cursorpos > 0 ? r.error->cursorpos : 0;
		if (out->error_position > 0)
			out->error = xasprintf("%s at character %d", r.error->message, out->error_position);
		else
			out->error = xstrdup(r.error->message);
		utf8_scrub(out->error);
		pg_query_free_parse_result(r);
		free(joined);
		return -1;
	}
	/* an Integer read as {} is 0 or a negative number the parser's output left out */
	int has_empty_integer = strstr(r.parse_tree, "\"Integer\":{}") || strstr(r.parse_tree, "\"ival\":{}");
	/* the negative integers are found by their locations */
	int fix_ints = has_empty_integer && strchr(sql, '-');
	char *lean = fix_ints ? NULL : without_locations(r.parse_tree);
	int located = !lean; /* the tree read has its locations */
	out->root = json_loads(lean ? lean : r.parse_tree, JSON_DECODE_ANY, &jerr);
	free(lean);
	if (!out->root && json_error_code(&jerr) == json_error_stack_overflow) {
		/* PostgreSQL accepts expressions nested deeper than jansson reads JSON (2,048
		   levels: some 1,000 chained operators); read them cut short, at no cost to the
		   blobs that load (the common case never gets here) */
		struct deep_ints ints = { .f = { .sql = sql } };
		char *cut = elide_deep(r.parse_tree, &ints);
		out->root = json_loads(cut, JSON_DECODE_ANY, &jerr);
		free(cut);
		free(ints.f.tok);
		located = 1;
	}
	pg_query_free_parse_result(r);
	if (!out->root) {
		out->error = xasprintf("the parse tree cannot be read (%s)", jerr.text);
		free(joined);
		return -1;
	}
	if (fix_ints)
		fix_negative_integers(out->root, sql);
	free(joined);
	/* once here rather than in every comparison, detail and hash of the tree */
	if (located)
		ddl_strip_locations(out->root);
	out->stmts = json_object_get(out->root, "stmts");
	if (!json_is_array(out->stmts)) {
		/* an empty or comment-only input has no "stmts" key */
		json_object_set_new(out->root, "stmts", json_array());
		out->stmts = json_object_get(out->root, "stmts");
	}
	return 0;
}

void ddl_parsed_release(struct ddl_parsed *p)
{
	json_decref(p->root);
	free(p->error);
	memset(p, 0, sizeof(*p));
}

json_t *ddl_node(json_t *node, const char **type)
{
	const char *key;
	json_t *value;

	if (!json_is_object(node) || json_object_size(node) != 1)
		return NULL;
	json_object_foreach(node, key, value) {
		if (type)
			*type = key;
		return value;
	}
	return NULL;
}

const char *ddl_str(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

long long ddl_int(json_t *obj, const char *key)
{
	return json_integer_value(json_object_get(obj, key));
}

int ddl_bool(json_t *obj, const char *key)
{
	return json_is_true(json_object_get(obj, key));
}

const char *ddl_sval(json_t *node)
{
	const char *type = NULL;
	json_t *inner = ddl_node(node, &type);
	const char *s;

	if (!inner || strcmp(type, "String"))
		return NULL;
	s = ddl_str(inner, "sval");
	return s ? s : "";
}

json_t *ddl_list_items(json_t *node)
{
	const char *type = NULL;
	json_t *inner;

	if (json_is_array(node))
		return node;
	inner = ddl_node(node, &type);
	if (inner && !strcmp(type, "List")) {
		json_t *items = json_object_get(inner, "items");
		return json_is_array(items) ? items : NULL;
	}
	return NULL;
}

void ddl_strip_locations(json_t *tree)
{
	size_t i;
	json_t *v;
	const char *key;
	void *tmp;

	if (json_is_array(tree)) {
		json_array_foreach(tree, i, v)
			ddl_strip_locations(v);
	} else if (json_is_object(tree)) {
		json_object_foreach_safe(tree, tmp, key, v) {
			if (!strcmp(key, "location") || !strcmp(key, "stmt_location") || !strcmp(key, "stmt_len"))
				json_object_del(tree, key);
			else
				ddl_strip_locations(v);
		}
	}
}

/* format_type() spellings of built-in types the grammar writes as pg_catalog.X */
static const struct { const char *internal, *sql; } builtin_types[] = {
	{ "int2", "smallint" }, { "int4", "integer" }, { "int8", "bigint" },
	{ "float4", "real" }, { "float8", "double precision" }, { "bool", "boolean" },
	{ "varchar", "character varying" }, { "bpchar", "character" },
	{ "numeric", "numeric" }, { "interval", "interval" }, { "bit", "bit" },
	{ "varbit", "bit varying" }, { "timestamp", "timestamp without time zone" },
	{ "timestamptz", "timestamp with time zone" }, { "time", "time without time zone" },
	{ "timetz", "time with time zone" }, { "text", "text" }, { "name", "name" },
};

static const char *builtin_sql_name(const char *internal)
{
	size_t i;
	for (i = 0; i < sizeof(builtin_types) / sizeof(builtin_types[0]); i++)
		if (!strcmp(builtin_types[i].internal, internal))
			return builtin_types[i].sql;
	return NULL;
}

static void add_typmods(struct strbuf *sb, json_t *typmods)
{
	size_t i;
	json_t *m;

	if (!json_is_array(typmods) || !json_array_size(typmods))
		return;
	strbuf_addch(sb, '(');
	json_array_foreach(typmods, i, m) {
		const char *type = NULL;
		json_t *inner = ddl_node(m, &type);
		if (i)
			strbuf_addch(sb, ',');
		if (inner && !strcmp(type, "A_Const") && json_object_get(inner, "ival"))
			strbuf_addf(sb, "%lld", ddl_int(json_object_get(inner, "ival"), "ival"));
		else if (inner && !strcmp(type, "A_Const") && json_object_get(inner, "sval"))
			strbuf_addstr(sb, ddl_str(json_object_get(inner, "sval"), "sval"));
		else if (inner && !strcmp(type, "ColumnRef"))
			strbuf_addstr(sb, ddl_sval(json_array_get(json_object_get(inner, "fields"), 0)));
		else
			strbuf_addch(sb, '?');
	}
	strbuf_addch(sb, ')');
}

/* The integer typmod i of tn, 0 when it is not one */
static int typmod_int(json_t *typmods, size_t i, long long *out)
{
	const char *type = NULL;
	json_t *inner = ddl_node(json_array_get(typmods, i), &type);

	if (!inner || strcmp(type, "A_Const") || json_object_get(inner, "sval") || json_object_get(inner, "fval") ||
	    json_object_get(inner, "isnull"))
		return 0;
	*out = json_object_get(inner, "ival") ? ddl_int(json_object_get(inner, "ival"), "ival") : 0;
	return 1;
}

/*
 * interval's typmods as intervaltypmodin() reads them and intervaltypmodout() writes them:
 * (range) or (range, precision), range a mask of fields (the grammar writes interval(6) as
 * (0x7FFF, 6), full range; pg_catalog.interval(6) is range 6, year to month), a precision
 * above 6 lowered to 6. 0 when they are none of those (left to the generic spelling).
 */
static int add_interval_typmods(struct strbuf *sb, json_t *typmods)
{
	static const struct { long long mask; const char *fields; } ranges[] = {
		{ 0x7FFF, "" }, { 1 << 2, " year" }, { 1 << 1, " month" }, { 1 << 3, " day" },
		{ 1 << 10, " hour" }, { 1 << 11, " minute" }, { 1 << 12, " second" },
		{ (1 << 2) | (1 << 1), " year to month" }, { (1 << 3) | (1 << 10), " day to hour" },
		{ (1 << 3) | (1 << 10) | (1 << 11), " day to minute" },
		{ (1 << 3) | (1 << 10) | (1 << 11) | (1 << 12), " day to second" },
		{ (1 << 10) | (1 << 11), " hour to minute" }, { (1 << 10) | (1 << 11) | (1 << 12), " hour to second" },
		{ (1 << 11) | (1 << 12), " minute to second" },
	};
	size_t n = json_array_size(typmods), i;
	long long range, precision = -1;

	if (n < 1 || n > 2 || !typmod_int(typmods, 0, &range) || (n == 2 && !typmod_int(typmods, 1, &precision)) ||
	    (n == 2 && precision < 0))
		return 0;
	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (ranges[i].mask == range)
			break;
	if (i == sizeof(ranges) / sizeof(ranges[0]))
		return 0;
	strbuf_addstr(sb, ranges[i].fields);
	if (n == 2)
		strbuf_addf(sb, "(%lld)", precision < 6 ? precision : 6);
	return 1;
}

static int is_catalog_type(const char *name);

char *ddl_format_type(json_t *tn)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *names = json_object_get(tn, "names");
	size_t n = json_array_size(names), i;
	const char *last = n ? ddl_sval(json_array_get(names, n - 1)) : NULL;
	const char *builtin = NULL;
	size_t first = 0;

	if (ddl_bool(tn, "setof"))
		strbuf_addstr(&sb, "SETOF ");
	/* pg_catalog.X is X: the schema is searched first unless a search_path names it later */
	if (n == 2 && !strcmp(ddl_sval(json_array_get(names, 0)), "pg_catalog"))
		first = 1;
	/* _x of pg_catalog is x[], the name of its array type (_text is text[]; it read as
	   another type: a column retyped, MAJOR) */
	if (last && n - first == 1 && last[0] == '_' && is_catalog_type(last + 1) && !ddl_bool(tn, "pct_type")) {
		json_t *elem = json_copy(tn);
		char *r;
		json_object_set_new(elem, "names", json_pack("[{s{ss}}]", "String", "sval", last + 1));
		json_object_set_new(elem, "arrayBounds", json_pack("[{s{si}}]", "Integer", "ival", -1));
		strbuf_release(&sb);
		r = ddl_format_type(elem);
		json_decref(elem);
		return r;
	}
	if (last && n - first == 1)
		builtin = builtin_sql_name(last);
	if (builtin && (!strncmp(builtin, "timestamp ", 10) || !strncmp(builtin, "time ", 5))) {
		/* typmod goes between the base word and "with/without time zone" */
		const char *space = strchr(builtin, ' ');
		json_t *typmods = json_object_get(tn, "typmods");
		long long p;
		strbuf_add(&sb, builtin, space - builtin);
		/* a precision above 6 is 6 in the catalog (anytime_typmod_check() lowers it) */
		if (json_array_size(typmods) == 1 && typmod_int(typmods, 0, &p) && p > 6)
			strbuf_addstr(&sb, "(6)");
		else
			add_typmods(&sb, typmods);
		strbuf_addstr(&sb, space);
	} else {
		if (builtin && !strcmp(builtin, "interval")) {
			strbuf_addstr(&sb, builtin);
			if (!add_interval_typmods(&sb, json_object_get(tn, "typmods")))
				add_typmods(&sb, json_object_get(tn, "typmods"));
		} else if (builtin) {
			strbuf_addstr(&sb, builtin);
		} else {
			for (i = first; i < n; i++) {
				if (i > first)
					strbuf_addch(&sb, '.');
				strbuf_addstr(&sb, ddl_sval(json_array_get(names, i)));
			}
		}
		if (!builtin || strcmp(builtin, "interval"))
			add_typmods(&sb, json_object_get(tn, "typmods"));
		/* numeric(p) is numeric(p,0): one atttypmod, which format_type() writes so */
		if (builtin && !strcmp(builtin, "numeric") && json_array_size(json_object_get(tn, "typmods")) == 1 &&
		    sb.len && sb.buf[sb.len - 1] == ')') {
			sb.len--;
			strbuf_addstr(&sb, ",0)");
		}
	}
	if (ddl_bool(tn, "pct_type"))
		strbuf_addstr(&sb, "%TYPE");
	if (json_array_size(json_object_get(tn, "arrayBounds")))
		strbuf_addstr(&sb, "[]");
	return strbuf_detach(&sb, NULL);
}

/* ---- identity ---------------------------------------------------------- */

/* ObjectType enum name -> event trigger object_type and the noun of the command tag */
static const struct objtype_map {
	const char *objtype, *object_type, *tag_noun;
} objtypes[] = {
	{ "OBJECT_TABLE", "table", "TABLE" },
	{ "OBJECT_VIEW", "view", "VIEW" },
	{ "OBJECT_MATVIEW", "materialized view", "MATERIALIZED VIEW" },
	{ "OBJECT_INDEX", "index", "INDEX" },
	{ "OBJECT_SEQUENCE", "sequence", "SEQUENCE" },
	{ "OBJECT_FOREIGN_TABLE", "foreign table", "FOREIGN TABLE" },
	{ "OBJECT_FUNCTION", "function", "FUNCTION" },
	{ "OBJECT_PROCEDURE", "procedure", "PROCEDURE" },
	{ "OBJECT_ROUTINE", "function", "ROUTINE" },
	{ "OBJECT_AGGREGATE", "aggregate", "AGGREGATE" },
	{ "OBJECT_TYPE", "type", "TYPE" },
	{ "OBJECT_DOMAIN", "type", "DOMAIN" }, /* event triggers say "type" for every pg_type row */
	{ "OBJECT_TRIGGER", "trigger", "TRIGGER" },
	{ "OBJECT_EVENT_TRIGGER", "event trigger", "EVENT TRIGGER" },
	{ "OBJECT_SCHEMA", "schema", "SCHEMA" },
	{ "OBJECT_POLICY", "policy", "POLICY" },
	{ "OBJECT_RULE", "rule", "RULE" },
	{ "OBJECT_EXTENSION", "extension", "EXTENSION" },
	{ "OBJECT_COLLATION", "collation", "COLLATION" },
	{ "OBJECT_FOREIGN_SERVER", "server", "SERVER" },
	{ "OBJECT_FDW", "foreign-data wrapper", "FOREIGN DATA WRAPPER" },
	{ "OBJECT_PUBLICATION", "publication", "PUBLICATION" },
	{ "OBJECT_SUBSCRIPTION", "subscription", "SUBSCRIPTION" },
	{ "OBJECT_TABCONSTRAINT", "table constraint", "CONSTRAINT" },
	{ "OBJECT_DOMCONSTRAINT", "domain constraint", "CONSTRAINT" },
	{ "OBJECT_COLUMN", "table column", "COLUMN" },
	{ "OBJECT_OPERATOR", "operator", "OPERATOR" },
	{ "OBJECT_CONVERSION", "conversion", "CONVERSION" },
	{ "OBJECT_STATISTIC_EXT", "statistics object", "STATISTICS" },
	{ "OBJECT_TSCONFIGURATION", "text search configuration", "TEXT SEARCH CONFIGURATION" },
	{ "OBJECT_TSDICTIONARY", "text search dictionary", "TEXT SEARCH DICTIONARY" },
	{ "OBJECT_TSPARSER", "text search parser", "TEXT SEARCH PARSER" },
	{ "OBJECT_TSTEMPLATE", "text search template", "TEXT SEARCH TEMPLATE" },
	{ "OBJECT_OPCLASS", "operator class", "OPERATOR CLASS" },
	{ "OBJECT_OPFAMILY", "operator family", "OPERATOR FAMILY" },
	{ "OBJECT_LANGUAGE", "language", "LANGUAGE" },
	{ "OBJECT_ACCESS_METHOD", "access method", "ACCESS METHOD" },
	{ "OBJECT_CAST", "cast", "CAST" },
	{ "OBJECT_TRANSFORM", "transform", "TRANSFORM" },
	{ "OBJECT_LARGEOBJECT", "large object", "LARGE OBJECT" },
	{ "OBJECT_DATABASE", "database", "DATABASE" },
	{ "OBJECT_ROLE", "role", "ROLE" },
	{ "OBJECT_TABLESPACE", "tablespace", "TABLESPACE" },
};

static const struct objtype_map *lookup_objtype(const char *objtype)
{
	size_t i;
	if (!objtype)
		return NULL;
	for (i = 0; i < sizeof(objtypes) / sizeof(objtypes[0]); i++)
		if (!strcmp(objtypes[i].objtype, objtype))
			return &objtypes[i];
	return NULL;
}

/* Shape of the object name in DropStmt.objects / CommentStmt.object for an ObjectType */
enum name_shape {
	SHAPE_QUALIFIED,  /* list of strings [[catalog.]schema.]name */
	SHAPE_TYPENAME,   /* TypeName */
	SHAPE_WITH_ARGS,  /* ObjectWithArgs */
	SHAPE_ON_TABLE,   /* list [[schema.]table, name] (trigger, policy, rule, constraint, column) */
	SHAPE_DOMAIN_CON, /* list [TypeName, name] */
	SHAPE_PLAIN,      /* String: schema-less objects */
	SHAPE_USING,      /* list [access method, [schema.]name] (operator class, operator family) */
	SHAPE_CAST,       /* list [TypeName source, TypeName target] */
	SHAPE_TRANSFORM,  /* list [TypeName, String language] */
	SHAPE_LARGE_OBJECT, /* Integer or Float: the oid */
	SHAPE_OTHER,
};

static enum name_shape shape_of(const char *objtype)
{
	static const char *with_args[] = { "OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_ROUTINE",
					   "OBJECT_AGGREGATE", "OBJECT_OPERATOR", NULL };
	static const char *on_table[] = { "OBJECT_TRIGGER", "OBJECT_POLICY", "OBJECT_RULE",
					  "OBJECT_TABCONSTRAINT", "OBJECT_COLUMN", NULL };
	static const char *plain[] = { "OBJECT_SCHEMA", "OBJECT_EXTENSION", "OBJECT_EVENT_TRIGGER",
				       "OBJECT_FOREIGN_SERVER", "OBJECT_FDW", "OBJECT_PUBLICATION",
				       "OBJECT_SUBSCRIPTION", "OBJECT_LANGUAGE", "OBJECT_ACCESS_METHOD",
				       "OBJECT_DATABASE", "OBJECT_ROLE", "OBJECT_TABLESPACE", NULL };
	static const char *qualified[] = { "OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_INDEX",
					   "OBJECT_SEQUENCE", "OBJECT_FOREIGN_TABLE", "OBJECT_COLLATION",
					   "OBJECT_CONVERSION", "OBJECT_STATISTIC_EXT", "OBJECT_TSCONFIGURATION",
					   "OBJECT_TSDICTIONARY", "OBJECT_TSPARSER", "OBJECT_TSTEMPLATE", NULL };
	const char **p;

	if (!objtype)
		return SHAPE_OTHER;
	if (!strcmp(objtype, "OBJECT_TYPE") || !strcmp(objtype, "OBJECT_DOMAIN"))
		return SHAPE_TYPENAME;
	if (!strcmp(objtype, "OBJECT_DOMCONSTRAINT"))
		return SHAPE_DOMAIN_CON;
	if (!strcmp(objtype, "OBJECT_OPCLASS") || !strcmp(objtype, "OBJECT_OPFAMILY"))
		return SHAPE_USING;
	if (!strcmp(objtype, "OBJECT_CAST"))
		return SHAPE_CAST;
	if (!strcmp(objtype, "OBJECT_TRANSFORM"))
		return SHAPE_TRANSFORM;
	if (!strcmp(objtype, "OBJECT_LARGEOBJECT"))
		return SHAPE_LARGE_OBJECT;
	for (p = with_args; *p; p++)
		if (!strcmp(*p, objtype))
			return SHAPE_WITH_ARGS;
	for (p = on_table; *p; p++)
		if (!strcmp(*p, objtype))
			return SHAPE_ON_TABLE;
	for (p = plain; *p; p++)
		if (!strcmp(*p, objtype))
			return SHAPE_PLAIN;
	for (p = qualified; *p; p++)
		if (!strcmp(*p, objtype))
			return SHAPE_QUALIFIED;
	return SHAPE_OTHER;
}

static void set_str(char **dst, const char *src)
{
	free(*dst);
	*dst = src ? xstrdup(src) : NULL;
}

/* names[first..first+count) as [[catalog.]schema.]name -> schema, name */
static void set_qualified_range(json_t *items, size_t first, size_t count, const char *default_schema,
				char **schema, char **name)
{
	if (count == 0)
		return;
	set_str(name, ddl_sval(json_array_get(items, first + count - 1)));
	if (count >= 2)
		set_str(schema, ddl_sval(json_array_get(items, first + count - 2)));
	else
		set_str(schema, default_schema);
}

static void set_qualified(json_t *list, const char *default_schema, char **schema, char **name)
{
	json_t *items = ddl_list_items(list);
	set_qualified_range(items, 0, json_array_size(items), default_schema, schema, name);
}

/* A RangeVar (bare field object) -> schema, name; temporary relations live in pg_temp. */
static void set_rangevar(json_t *rv, const char *default_schema, char **schema, char **name)
{
	const char *s = ddl_str(rv, "schemaname");
	const char *persistence = ddl_str(rv, "relpersistence");

	if (!s)
		s = (persistence && !strcmp(persistence, "t")) ? "pg_temp" : default_schema;
	set_str(schema, s);
	set_str(name, ddl_str(rv, "relname"));
}

/* PostgreSQL's makeObjectName(): name1_name2_label truncated to NAMEDATALEN-1 bytes. */
char *ddl_make_object_name(const char *name1, const char *name2, const char *label)
{
	size_t name1chars = strlen(name1), name2chars = name2 ? strlen(name2) : 0;
	size_t overhead = (name2 ? 1 : 0) + (label ? strlen(label) + 1 : 0);
	size_t avail = NAMEDATALEN - 1 - overhead;
	struct strbuf sb = STRBUF_INIT;

	while (name1chars + name2chars > avail) {
		if (name1chars > name2chars)
			name1chars--;
		else
			name2chars--;
	}
	name1chars = utf8_clip(name1, strlen(name1), name1chars);
	strbuf_add(&sb, name1, name1chars);
	if (name2) {
		name2chars = utf8_clip(name2, strlen(name2), name2chars);
		strbuf_addch(&sb, '_');
		strbuf_add(&sb, name2, name2chars);
	}
	if (label) {
		strbuf_addch(&sb, '_');
		strbuf_addstr(&sb, label);
	}
	return strbuf_detach(&sb, NULL);
}

/* Append s to the '_'-joined name addition, as ChooseIndexNameAddition() does (stops past NAMEDATALEN). */
static void add_name_part(struct strbuf *sb, const char *s)
{
	if (sb->len >= NAMEDATALEN)
		return;
	if (sb->len)
		strbuf_addch(sb, '_');
	strbuf_add(sb, s, strlen(s) < NAMEDATALEN ? strlen(s) : NAMEDATALEN - 1);
}

/*
 * FigureColnameInternal() of parser/parse_target.c on the raw tree: *name is
 * borrowed from the tree or static; the strength (0 none, 1 a type's or
 * "case"'s weak guess, 2 a real name) lets a cast or CASE prefer its
 * argument's name, as PostgreSQL does.
 */
static int figure_colname(json_t *node, const char **name)
{
	static const struct { const char *op, *name; } sqlvalue[] = {
		{ "SVFOP_CURRENT_DATE", "current_date" }, { "SVFOP_CURRENT_TIME", "current_time" },
		{ "SVFOP_CURRENT_TIME_N", "current_time" }, { "SVFOP_CURRENT_TIMESTAMP", "current_timestamp" },
		{ "SVFOP_CURRENT_TIMESTAMP_N", "current_timestamp" }, { "SVFOP_LOCALTIME", "localtime" },
		{ "SVFOP_LOCALTIME_N", "localtime" }, { "SVFOP_LOCALTIMESTAMP", "localtimestamp" },
		{ "SVFOP_LOCALTIMESTAMP_N", "localtimestamp" }, { "SVFOP_CURRENT_ROLE", "current_role" },
		{ "SVFOP_CURRENT_USER", "current_user" }, { "SVFOP_USER", "user" },
		{ "SVFOP_SESSION_USER", "session_user" }, { "SVFOP_CURRENT_CATALOG", "current_catalog" },
		{ "SVFOP_CURRENT_SCHEMA", "current_schema" },
		{ "IS_XMLCONCAT", "xmlconcat" }, { "IS_XMLELEMENT", "xmlelement" }, { "IS_XMLFOREST", "xmlforest" },
		{ "IS_XMLPARSE", "xmlparse" }, { "IS_XMLPI", "xmlpi" }, { "IS_XMLROOT", "xmlroot" },
		{ "IS_XMLSERIALIZE", "xmlserialize" }, { "IS_GREATEST", "greatest" }, { "IS_LEAST", "least" },
	};
	const char *type = NULL, *s;
	json_t *n = ddl_node(node, &type), *v;
	size_t i;
	int strength;

	if (!n)
		return 0;
	if (!strcmp(type, "ColumnRef") || !strcmp(type, "A_Indirection")) {
		/* the last field name, "*" and subscripts ignored */
		const char *last = NULL;
		json_array_foreach(json_object_get(n, strcmp(type, "ColumnRef") ? "indirection" : "fields"), i, v)
			if ((s = ddl_sval(v)))
				last = s;
		if (last) {
			*name = last;
			return 2;
		}
		return !strcmp(type, "A_Indirection") ? figure_colname(json_object_get(n, "arg"), name) : 0;
	}
	if (!strcmp(type, "FuncCall")) {
		json_t *f = json_object_get(n, "funcname");
		if ((s = ddl_sval(json_array_get(f, json_array_size(f) - 1)))) {
			*name = s;
			return 2;
		}
		return 0;
	}
	if (!strcmp(type, "A_Expr")) {
		if (!strcmp(ddl_str(n, "kind") ?: "", "AEXPR_NULLIF")) {
			*name = "nullif";
			return 2;
		}
		return 0;
	}
	if (!strcmp(type, "TypeCast")) {
		json_t *names = json_object_get(json_object_get(n, "typeName"), "names");
		strength = figure_colname(json_object_get(n, "arg"), name);
		if (strength <= 1 && (s = ddl_sval(json_array_get(names, json_array_size(names) - 1)))) {
			*name = s;
			return 1;
		}
		return strength;
	}
	if (!strcmp(type, "CollateClause"))
		return figure_colname(json_object_get(n, "arg"), name);
	if (!strcmp(type, "GroupingFunc")) {
		*name = "grouping";
		return 2;
	}
	if (!strcmp(type, "SubLink")) {
		const char *kind = ddl_str(n, "subLinkType") ?: "";
		if (!strcmp(kind, "EXISTS_SUBLINK"))
			*name = "exists";
		else if (!strcmp(kind, "ARRAY_SUBLINK"))
			*name = "array";
		else if (!strcmp(kind, "EXPR_SUBLINK") &&
			 (s = ddl_select_colname(json_object_get(n, "subselect"), 0)) && strcmp(s, "*"))
			*name = s; /* the subquery's single column, already named when PostgreSQL asks */
		else
			return 0;
		return 2;
	}
	if (!strcmp(type, "CaseExpr")) {
		strength = figure_colname(json_object_get(n, "defresult"), name);
		if (strength <= 1) {
			*name = "case";
			return 1;
		}
		return strength;
	}
	if (!strcmp(type, "A_ArrayExpr") || !strcmp(type, "RowExpr") || !strcmp(type, "CoalesceExpr") ||
	    !strcmp(type, "XmlSerialize")) {
		*name = !strcmp(type, "A_ArrayExpr") ? "array" : !strcmp(type, "RowExpr") ? "row"
			: !strcmp(type, "CoalesceExpr") ? "coalesce" : "xmlserialize";
		return 2;
	}
	if (!strcmp(type, "MinMaxExpr") || !strcmp(type, "SQLValueFunction") || !strcmp(type, "XmlExpr")) {
		const char *op = ddl_str(n, "op") ?: "";
		for (i = 0; i < sizeof(sqlvalue) / sizeof(sqlvalue[0]); i++)
			if (!strcmp(sqlvalue[i].op, op)) {
				*name = sqlvalue[i].name;
				return 2;
			}
	}
	return 0;
}

const char *ddl_figure_colname(json_t *expr)
{
	const char *name = NULL;
	figure_colname(expr, &name);
	return name;
}

const char *ddl_select_colname(json_t *select, size_t i)
{
	json_t *sel = ddl_node(select, NULL);
	json_t *rt, *val, *f;
	const char *name;

	while (sel && json_object_get(sel, "larg"))
		sel = json_object_get(sel, "larg"); /* set operations name columns after the left arm */
	rt = ddl_node(json_array_get(json_object_get(sel, "targetList"), i), NULL);
	if (!rt)
		return NULL;
	if ((name = ddl_str(rt, "name")))
		return name;
	val = json_object_get(rt, "val");
	f = json_object_get(ddl_node(val, NULL), "fields");
	if (json_object_get(ddl_node(val, NULL), "fields") &&
	    json_object_get(json_array_get(f, json_array_size(f) - 1), "A_Star"))
		return "*"; /* expanded by PostgreSQL into the columns it stands for: unknown here */
	name = ddl_figure_colname(val);
	return name ? name : "?column?";
}

/* The name of an index column (ChooseIndexColumnNames' preliminary name, FigureIndexColname for an expression). */
static const char *index_elem_name(json_t *ie)
{
	const char *s = ddl_str(ie, "indexcolname");
	if (!s)
		s = ddl_str(ie, "name");
	if (!s)
		s = ddl_figure_colname(json_object_get(ie, "expr"));
	return s ? s : "expr";
}

/* Names PostgreSQL has already given: a generated name that is taken gets label1, label2... */
struct name_list {
	char **v;
	size_t n;
};

static int name_taken(const struct name_list *l, const char *name)
{
	size_t i;
	for (i = 0; l && i < l->n; i++)
		if (!strcmp(l->v[i], name))
			return 1;
	return 0;
}

static void name_list_add(struct name_list *l, const char *name)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = xstrdup(name);
}

/* ChooseRelationName() / ChooseConstraintName(): makeObjectName() with label, label1, label2... */
static char *choose_name(const char *name1, const char *name2, const char *label, const struct name_list *taken)
{
	char *name = ddl_make_object_name(name1, name2, label);
	int pass;

	for (pass = 1; name_taken(taken, name); pass++) {
		char modlabel[NAMEDATALEN];
		free(name);
		snprintf(modlabel, sizeof(modlabel), "%s%d", label, pass);
		name = ddl_make_object_name(name1, name2, modlabel);
	}
	return name;
}

/* ChooseIndexColumnNames() + ChooseIndexNameAddition() of the names: a repeated name gets 1, 2... */
static char *index_name_addition(const char *const *names, size_t n)
{
	struct strbuf add = STRBUF_INIT;
	struct name_list used = { NULL, 0 };
	size_t k;

	for (k = 0; k < n; k++) {
		char *cur = xstrdup(names[k]);
		int suffix;
		for (suffix = 1; name_taken(&used, cur); suffix++) {
			char nbuf[32];
			size_t nlen;
			free(cur);
			snprintf(nbuf, sizeof(nbuf), "%d", suffix);
			nlen = utf8_clip(names[k], strlen(names[k]), NAMEDATALEN - 1 - strlen(nbuf));
			cur = xasprintf("%.*s%s", (int)nlen, names[k], nbuf);
		}
		used.v = xrealloc(used.v, (used.n + 1) * sizeof(*used.v));
		used.v[used.n++] = cur;
		add_name_part(&add, cur);
	}
	for (k = 0; k < used.n; k++)
		free(used.v[k]);
	free(used.v);
	return strbuf_detach(&add, NULL);
}

/* Generated index name of CREATE INDEX without a name (ChooseIndexName + ChooseIndexColumnNames). */
static char *choose_index_name(const char *relname, json_t *idx)
{
	const char *lists[] = { "indexParams", "indexIncludingParams" };
	const char **names = NULL;
	size_t n = 0, l, i;
	json_t *elem;
	char *add, *result;
	const char *label;

	for (l = 0; l < 2; l++)
		json_array_foreach(json_object_get(idx, lists[l]), i, elem) {
			names = xrealloc(names, (n + 1) * sizeof(*names));
			names[n++] = index_elem_name(ddl_node(elem, NULL));
		}
	add = index_name_addition(names, n);
	free(names);
	if (ddl_bool(idx, "primary"))
		result = ddl_make_object_name(relname, NULL, "pkey");
	else {
		if (json_array_size(json_object_get(idx, "excludeOpNames")))
			label = "excl";
		else if (ddl_bool(idx, "isconstraint"))
			label = "key";
		else
			label = "idx";
		result = ddl_make_object_name(relname, add, label);
	}
	free(add);
	return result;
}

/*
 * Collect the distinct columns an expression of relname references (pull_var_clause() +
 * list_union()), each by the last field of its ColumnRef. A reference to the whole row
 * (t.*, or a lone t that is no column when the columns are known) is collected as "":
 * it counts as a variable but names no column (its attribute number is 0).
 */
static void add_column_name(char ***names, size_t *n, const char *col)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*names)[i], col))
			return;
	*names = xrealloc(*names, (*n + 1) * sizeof(**names));
	(*names)[(*n)++] = xstrdup(col);
}

/* Is ColumnRef cr (its inner object) a reference to the whole row of relname? */
static int whole_row_ref(json_t *cr, const char *relname, const struct name_list *columns)
{
	json_t *fields = json_object_get(cr, "fields");
	json_t *last = json_array_get(fields, json_array_size(fields) - 1);
	const char *col = ddl_sval(last);
	if (json_object_get(last, "A_Star"))
		return 1;
	return col && json_array_size(fields) == 1 && columns && relname && !strcmp(col, relname) &&
	       !name_taken(columns, col);
}

static void collect_columns(json_t *tree, const char *relname, const struct name_list *columns, char ***names,
			    size_t *n)
{
	size_t i;
	json_t *v;
	const char *key;

	if (json_is_array(tree)) {
		json_array_foreach(tree, i, v)
			collect_columns(v, relname, columns, names, n);
		return;
	}
	if (!json_is_object(tree))
		return;
	json_object_foreach(tree, key, v) {
		if (!strcmp(key, "ColumnRef")) {
			json_t *fields = json_object_get(v, "fields");
			const char *col = ddl_sval(json_array_get(fields, json_array_size(fields) - 1));
			if (whole_row_ref(v, relname, columns))
				add_column_name(names, n, "");
			else if (col)
				add_column_name(names, n, col);
		} else if (!strcmp(key, "A_Indirection") &&
			   whole_row_ref(json_object_get(json_object_get(v, "arg"), "ColumnRef"), relname, columns) &&
			   ddl_sval(json_array_get(json_object_get(v, "indirection"), 0))) {
			/* a field of the whole row, (t).a or (t.*).a, is the column a (PostgreSQL's
			   ParseComplexProjection() makes it a Var of the column) */
			json_t *ind = json_object_get(v, "indirection");
			add_column_name(names, n, ddl_sval(json_array_get(ind, 0)));
			collect_columns(ind, relname, columns, names, n);
		} else {
			collect_columns(v, relname, columns, names, n);
		}
	}
}

/*
 * The name PostgreSQL gives an unnamed constraint con (Constraint inner) of
 * relname: ChooseIndexName for PRIMARY KEY / UNIQUE / EXCLUDE (INCLUDE
 * columns count, expressions named by FigureIndexColname), ChooseConstraintName
 * for FOREIGN KEY and CHECK (AddRelationNewConstraints: the column when the
 * expression references exactly one, whether written inline or not; a domain's
 * CHECK is always DOMAIN_check). colname: the column an inline constraint is
 * written on, else NULL. taken: names given before it, NULL to assume none.
 */
static char *constraint_name(const char *relname, const char *colname, json_t *con, int of_domain,
			     const struct name_list *taken, const struct name_list *columns)
{
	const char *contype = ddl_str(con, "contype");
	const char **names = NULL;
	size_t n = 0, i;
	json_t *v;
	char *add = NULL, *result;
	const char *label;

	if (!contype)
		return NULL;
	/* ADD PRIMARY KEY / UNIQUE USING INDEX i: the constraint takes the index's name
	   (index_constraint_create(); a name written renames the index instead) */
	if ((!strcmp(contype, "CONSTR_PRIMARY") || !strcmp(contype, "CONSTR_UNIQUE")) && ddl_str(con, "indexname"))
		return xstrdup(ddl_str(con, "indexname"));
	if (!strcmp(contype, "CONSTR_PRIMARY"))
		return choose_name(relname, NULL, "pkey", taken);
	if (!strcmp(contype, "CONSTR_UNIQUE") || !strcmp(contype, "CONSTR_EXCLUSION")) {
		int excl = !strcmp(contype, "CONSTR_EXCLUSION");
		if (excl)
			json_array_foreach(json_object_get(con, "exclusions"), i, v) {
				names = xrealloc(names, (n + 1) * sizeof(*names));
				names[n++] = index_elem_name(ddl_node(json_array_get(ddl_list_items(v), 0), NULL));
			}
		else if (!json_array_size(json_object_get(con, "keys")) && colname) {
			names = xrealloc(names, sizeof(*names));
			names[n++] = colname;
		}
		json_array_foreach(json_object_get(con, excl ? "including" : "keys"), i, v) {
			names = xrealloc(names, (n + 1) * sizeof(*names));
			names[n++] = ddl_sval(v) ?: "";
		}
		if (!excl)
			json_array_foreach(json_object_get(con, "including"), i, v) {
				names = xrealloc(names, (n + 1) * sizeof(*names));
				names[n++] = ddl_sval(v) ?: "";
			}
		add = index_name_addition(names, n);
		free(names);
		result = choose_name(relname, add, excl ? "excl" : "key", taken);
		free(add);
		return result;
	}
	if (!strcmp(contype, "CONSTR_FOREIGN")) {
		struct strbuf sb = STRBUF_INIT;
		json_t *attrs = json_object_get(con, "fk_attrs");
		if (!json_array_size(attrs) && colname)
			add_name_part(&sb, colname);
		json_array_foreach(attrs, i, v)
			add_name_part(&sb, ddl_sval(v) ?: "");
		result = choose_name(relname, sb.buf, "fkey", taken);
		strbuf_release(&sb);
		return result;
	}
	if (!strcmp(contype, "CONSTR_CHECK")) {
		char **cols = NULL;
		if (!of_domain)
			collect_columns(json_object_get(con, "raw_expr"), relname, columns, &cols, &n);
		label = "check";
		result = choose_name(relname, n == 1 && *cols[0] ? cols[0] : NULL, label, taken);
		for (i = 0; i < n; i++)
			free(cols[i]);
		free(cols);
		return result;
	}
	return NULL;
}

void ddl_constraint_names_init(struct ddl_constraint_names *c, const char *relname, int of_domain)
{
	memset(c, 0, sizeof(*c));
	c->relname = xstrdup(relname);
	c->of_domain = of_domain;
}

void ddl_constraint_names_take(struct ddl_constraint_names *c, const char *name)
{
	struct name_list l = { c->taken, c->ntaken };
	name_list_add(&l, name);
	c->taken = l.v;
	c->ntaken = l.n;
}

void ddl_constraint_names_columns(struct ddl_constraint_names *c, const char *const *columns, size_t n)
{
	size_t i;
	struct name_list l = { NULL, 0 };
	for (i = 0; i < n; i++)
		name_list_add(&l, columns[i]);
	c->columns = l.v;
	c->ncolumns = l.n;
	c->columns_known = 1;
}

char *ddl_constraint_names_choose(struct ddl_constraint_names *c, const char *colname, json_t *con)
{
	struct name_list l = { c->taken, c->ntaken };
	struct name_list cols = { c->columns, c->ncolumns };
	char *name = constraint_name(c->relname, colname, con, c->of_domain, &l, c->columns_known ? &cols : NULL);
	if (name)
		ddl_constraint_names_take(c, name);
	return name;
}

void ddl_constraint_names_release(struct ddl_constraint_names *c)
{
	size_t i;
	for (i = 0; i < c->ntaken; i++)
		free(c->taken[i]);
	free(c->taken);
	for (i = 0; i < c->ncolumns; i++)
		free(c->columns[i]);
	free(c->columns);
	free(c->relname);
	memset(c, 0, sizeof(*c));
}

/* Name PostgreSQL gives an unnamed table constraint added by ALTER TABLE (assuming no conflict). */
static char *choose_constraint_name(const char *relname, json_t *con)
{
	return constraint_name(relname, NULL, con, 0, NULL, NULL);
}

static char *identity_type(json_t *type_name, const char *default_schema);

/* "integer, text": identity argument types of a function's parameters (IN, INOUT, VARIADIC),
   as pg_identify_object() writes them (identity_type(): without type modifiers, which
   pg_proc does not keep, "char" and "any" quoted, other schemas' types qualified). */
static char *function_arguments(json_t *params, int from_objargs, const char *def)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	json_t *p;
	int n = 0;

	json_array_foreach(params, i, p) {
		const char *type = NULL;
		json_t *inner = ddl_node(p, &type);
		json_t *tn;
		char *t;

		if (!inner)
			continue;
		if (from_objargs) {
			tn = inner; /* TypeName */
		} else {
			const char *mode = ddl_str(inner, "mode");
			if (mode && (!strcmp(mode, "FUNC_PARAM_OUT") || !strcmp(mode, "FUNC_PARAM_TABLE")))
				continue;
			tn = json_object_get(inner, "argType");
		}
		t = identity_type(tn, def);
		if (n++)
			strbuf_addstr(&sb, ", ");
		strbuf_addstr(&sb, t);
		free(t);
	}
	return strbuf_detach(&sb, NULL);
}

/* Name an object referenced by DropStmt.objects[i] or CommentStmt.object, given its ObjectType. */
/* Keyword category of word per libpg_query's scanner (PostgreSQL's keyword list):
   field 5 (keyword_kind) of the first ScanToken of its ScanResult, 0 when none. The
   protobuf is read by hand as in scan_token_count(). */
static int keyword_kind(const char *word)
{
	PgQueryScanResult r = pg_query_scan(word);
	int kind = 0;

	if (!r.error) {
		const unsigned char *p = (const unsigned char *)r.pbuf.data, *end = p + r.pbuf.len;
		unsigned long long key, v;
		int shift;
#define VARINT(x)                                                                 \
	do {                                                                      \
		x = 0, shift = 0;                                                 \
		do                                                                \
			x |= (unsigned long long)(*p & 0x7f) << shift, shift += 7; \
		while (p < end && *p++ & 0x80);                                   \
	} while (0)
		while (p < end) {
			VARINT(key);
			if ((key & 7) == 0) {
				VARINT(v);
				continue;
			}
			if ((key & 7) != 2)
				break;
			VARINT(v);
			if (key >> 3 != 2) {
				p += v < (unsigned long long)(end - p) ? v : (unsigned long long)(end - p);
				continue;
			}
			/* the first token: its fields */
			const unsigned char *tend = p + (v < (unsigned long long)(end - p) ? v : (unsigned long long)(end - p));
			end = tend;
			while (p < end) {
				VARINT(key);
				if ((key & 7) != 0)
					break;
				VARINT(v);
				if (key >> 3 == 5)
					kind = (int)v;
			}
			break;
		}
#undef VARINT
	}
	pg_query_free_scan_result(r);
	return kind;
}

/* PostgreSQL's quote_identifier(): quoted unless all lower-case letters, digits and
   underscores, not starting with a digit, and not a keyword other than an unreserved one */
static void add_quoted_ident(struct strbuf *sb, const char *ident)
{
	int safe = (*ident >= 'a' && *ident <= 'z') || *ident == '_';
	for (const char *c = ident; safe && *c; c++)
		safe = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_';
	if (safe && keyword_kind(ident) > 1 /* UNRESERVED_KEYWORD */)
		safe = 0;
	if (safe) {
		strbuf_addstr(sb, ident);
		return;
	}
	strbuf_addch(sb, '"');
	for (const char *c = ident; *c; c++) {
		if (*c == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, *c);
	}
	strbuf_addch(sb, '"');
}

/* The types of pg_catalog in PostgreSQL 15, array types (_name) left out, in strcmp()
   order: an unqualified type name that is one of them is pg_catalog's, which the search
   path searches first */
static const char *const catalog_types[] = {
	"aclitem", "any", "anyarray", "anycompatible", "anycompatiblearray", "anycompatiblemultirange", 
"anycompatiblenonarray", "anycompatiblerange", "anyelement", "anyenum", "anymultirange", "anynonarray", 
"anyrange", "bit", "bool", "box", "bpchar", "bytea", 
"char", "cid", "cidr", "circle", "cstring", "date", 
"datemultirange", "daterange", "event_trigger", "fdw_handler", "float4", "float8", 
"gtsvector", "index_am_handler", "inet", "int2", "int2vector", "int4", 
"int4multirange", "int4range", "int8", "int8multirange", "int8range", "internal", 
"interval", "json", "jsonb", "jsonpath", "language_handler", "line", 
"lseg", "macaddr", "macaddr8", "money", "name", "numeric", 
"nummultirange", "numrange", "oid", "oidvector", "path", "pg_aggregate", 
"pg_am", "pg_amop", "pg_amproc", "pg_attrdef", "pg_attribute", "pg_auth_members", 
"pg_authid", "pg_available_extension_versions", "pg_available_extensions", "pg_backend_memory_contexts", "pg_brin_bloom_summary", "pg_brin_minmax_multi_summary", 
"pg_cast", "pg_class", "pg_collation", "pg_config", "pg_constraint", "pg_conversion", 
"pg_cursors", "pg_database", "pg_db_role_setting", "pg_ddl_command", "pg_default_acl", "pg_depend", 
"pg_dependencies", "pg_description", "pg_enum", "pg_event_trigger", "pg_extension", "pg_file_settings", 
"pg_foreign_data_wrapper", "pg_foreign_server", "pg_foreign_table", "pg_group", "pg_hba_file_rules", "pg_ident_file_mappings", 
"pg_index", "pg_indexes", "pg_inherits", "pg_init_privs", "pg_language", "pg_largeobject", 
"pg_largeobject_metadata", "pg_locks", "pg_lsn", "pg_matviews", "pg_mcv_list", "pg_namespace", 
"pg_ndistinct", "pg_node_tree", "pg_opclass", "pg_operator", "pg_opfamily", "pg_parameter_acl", 
"pg_partitioned_table", "pg_policies", "pg_policy", "pg_prepared_statements", "pg_prepared_xacts", "pg_proc", 
"pg_publication", "pg_publication_namespace", "pg_publication_rel", "pg_publication_tables", "pg_range", "pg_replication_origin", 
"pg_replication_origin_status", "pg_replication_slots", "pg_rewrite", "pg_roles", "pg_rules", "pg_seclabel", 
"pg_seclabels", "pg_sequence", "pg_sequences", "pg_settings", "pg_shadow", "pg_shdepend", 
"pg_shdescription", "pg_shmem_allocations", "pg_shseclabel", "pg_snapshot", "pg_stat_activity", "pg_stat_all_indexes", 
"pg_stat_all_tables", "pg_stat_archiver", "pg_stat_bgwriter", "pg_stat_database", "pg_stat_database_conflicts", "pg_stat_gssapi", 
"pg_stat_progress_analyze", "pg_stat_progress_basebackup", "pg_stat_progress_cluster", "pg_stat_progress_copy", "pg_stat_progress_create_index", "pg_stat_progress_vacuum", 
"pg_stat_recovery_prefetch", "pg_stat_replication", "pg_stat_replication_slots", "pg_stat_slru", "pg_stat_ssl", "pg_stat_subscription", 
"pg_stat_subscription_stats", "pg_stat_sys_indexes", "pg_stat_sys_tables", "pg_stat_user_functions", "pg_stat_user_indexes", "pg_stat_user_tables", 
"pg_stat_wal", "pg_stat_wal_receiver", "pg_stat_xact_all_tables", "pg_stat_xact_sys_tables", "pg_stat_xact_user_functions", "pg_stat_xact_user_tables", 
"pg_statio_all_indexes", "pg_statio_all_sequences", "pg_statio_all_tables", "pg_statio_sys_indexes", "pg_statio_sys_sequences", "pg_statio_sys_tables", 
"pg_statio_user_indexes", "pg_statio_user_sequences", "pg_statio_user_tables", "pg_statistic", "pg_statistic_ext", "pg_statistic_ext_data", 
"pg_stats", "pg_stats_ext", "pg_stats_ext_exprs", "pg_subscription", "pg_subscription_rel", "pg_tables", 
"pg_tablespace", "pg_timezone_abbrevs", "pg_timezone_names", "pg_transform", "pg_trigger", "pg_ts_config", 
"pg_ts_config_map", "pg_ts_dict", "pg_ts_parser", "pg_ts_template", "pg_type", "pg_user", 
"pg_user_mapping", "pg_user_mappings", "pg_views", "point", "polygon", "record", 
"refcursor", "regclass", "regcollation", "regconfig", "regdictionary", "regnamespace", 
"regoper", "regoperator", "regproc", "regprocedure", "regrole", "regtype", 
"table_am_handler", "text", "tid", "time", "timestamp", "timestamptz", 
"timetz", "trigger", "tsm_handler", "tsmultirange", "tsquery", "tsrange", 
"tstzmultirange", "tstzrange", "tsvector", "txid_snapshot", "unknown", "uuid", 
"varbit", "varchar", "void", "xid", "xid8", "xml",
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int is_catalog_type(const char *name)
{
	return bsearch(&name, catalog_types, sizeof(catalog_types) / sizeof(catalog_types[0]), sizeof(catalog_types[0]),
		       cmp_str) != NULL;
}

int ddl_catalog_relation(const char *name)
{
	/* the types of the list named pg_ that are no relation's row type: every other one
	   is, and every relation of pg_catalog is named pg_ (checked on PostgreSQL 15: its
	   139 tables and views) */
	static const char *const base_types[] = {
		"pg_brin_bloom_summary", "pg_brin_minmax_multi_summary", "pg_ddl_command", "pg_dependencies",
		"pg_lsn", "pg_mcv_list", "pg_ndistinct", "pg_node_tree", "pg_snapshot",
	};
	size_t i;

	if (!name || strncmp(name, "pg_", 3) || !is_catalog_type(name))
		return 0;
	for (i = 0; i < sizeof(base_types) / sizeof(base_types[0]); i++)
		if (!strcmp(name, base_types[i]))
			return 0;
	return 1;
}

const char *ddl_catalog_type(json_t *type_name)
{
	json_t *names = json_object_get(type_name, "names");
	size_t n = json_array_size(names);
	const char *name = n ? ddl_sval(json_array_get(names, n - 1)) : NULL;
	const char *schema = n == 2 ? ddl_sval(json_array_get(names, 0)) : NULL;

	if (!name || n > 2 || (n == 2 && (!schema || strcmp(schema, "pg_catalog"))))
		return NULL;
	if (n == 2 || is_catalog_type(name) || (name[0] == '_' && is_catalog_type(name + 1)))
		return name[0] == '_' ? name + 1 : name;
	return NULL;
}

/* A type as a cast or transform is keyed by it, spelled as pg_identify_object() spells
   it (format_type_be_qualified()) with "pg_catalog." left out: built-ins by their SQL
   names (integer, character varying), other types of pg_catalog quoted as needed
   ("char"), every other type qualified and quoted (public."My T"); an unqualified name
   that is not a pg_catalog type is taken to be in default_schema, the first schema of
   the search_path. Without the type modifier: pg_cast and pg_transform hold type oids
   (CAST (t AS varchar(3)) is the cast to character varying). */
static char *identity_type(json_t *type_name, const char *default_schema)
{
	/* a TypeName node ({"TypeName": {...}}) in a list, its fields alone in a statement */
	json_t *tn = json_object_get(type_name, "names") ? type_name : ddl_node(type_name, NULL);
	json_t *names = json_object_get(tn, "names");
	size_t n = json_array_size(names);
	const char *name = n ? ddl_sval(json_array_get(names, n - 1)) : "";
	const char *schema = n >= 2 ? ddl_sval(json_array_get(names, n - 2)) : NULL;
	struct strbuf sb = STRBUF_INIT;
	int array = json_array_size(json_object_get(tn, "arrayBounds")) > 0;

	if (!name)
		name = "";
	/* _name is the array type of name; format_type() writes it name[] */
	if (!schema || !strcmp(schema, "pg_catalog")) {
		if (name[0] == '_' && is_catalog_type(name + 1)) {
			name++;
			array = 1;
			schema = "pg_catalog";
		} else if (!schema && is_catalog_type(name)) {
			schema = "pg_catalog";
		}
	}
	if (!schema)
		schema = default_schema ? default_schema : "public";
	if (!strcmp(schema, "pg_catalog")) {
		const char *builtin = builtin_sql_name(name);
		if (builtin)
			strbuf_addstr(&sb, builtin);
		else
			add_quoted_ident(&sb, name);
	} else {
		add_quoted_ident(&sb, schema);
		strbuf_addch(&sb, '.');
		add_quoted_ident(&sb, name);
	}
	if (ddl_bool(tn, "pct_type"))
		strbuf_addstr(&sb, "%TYPE");
	if (array)
		strbuf_addstr(&sb, "[]");
	return strbuf_detach(&sb, NULL);
}

/* Casts, transforms and user mappings have no name of their own; their name here is
   pg_identify_object()'s identity, so the versions of one cast are one object:
   "(source AS target)", "for type on language lang", "role on server srv", types as
   identity_type() spells them, the role quoted as quote_identifier() quotes it, the
   language and the server as they are (PostgreSQL quotes neither there). */
static void set_cast_name(struct ddl_identity *id, json_t *source, json_t *target, const char *def)
{
	char *a = identity_type(source, def), *b = identity_type(target, def);
	free(id->name);
	id->name = xasprintf("(%s AS %s)", a, b);
	free(a);
	free(b);
}

static void set_transform_name(struct ddl_identity *id, json_t *type_name, const char *lang, const char *def)
{
	char *a = identity_type(type_name, def);
	free(id->name);
	id->name = xasprintf("for %s on language %s", a, lang ? lang : "");
	free(a);
}

static void set_user_mapping_name(struct ddl_identity *id, json_t *role, const char *server)
{
	const char *rt = ddl_str(role, "roletype") ?: "";
	const char *who = !strcmp(rt, "ROLESPEC_CSTRING")       ? ddl_str(role, "rolename")
			  : !strcmp(rt, "ROLESPEC_PUBLIC")       ? "public"
			  : !strcmp(rt, "ROLESPEC_CURRENT_USER") ? "current_user"
			  : !strcmp(rt, "ROLESPEC_SESSION_USER") ? "session_user"
			  : !strcmp(rt, "ROLESPEC_CURRENT_ROLE") ? "current_role"
								 : NULL;
	struct strbuf sb = STRBUF_INIT;
	/* CURRENT_USER and the like stand for a role the blob does not say: as written */
	if (who && !strcmp(rt, "ROLESPEC_CSTRING"))
		add_quoted_ident(&sb, who);
	else
		strbuf_addstr(&sb, who ? who : "");
	strbuf_addf(&sb, " on server %s", server ? server : "");
	free(id->name);
	id->name = strbuf_detach(&sb, NULL);
}

/* A large object is named by its oid, as pg_identify_object() names it ("%u"). The
   grammar gives an Integer (no ival when 0) or, past 2^31 - 1, a Float; PostgreSQL's
   oidparse() reads either as an unsigned 32-bit oid (-1 is 4294967295), a number out of
   that range it refuses, and such a blob keeps the number as written. */
static void set_large_object_name(struct ddl_identity *id, json_t *obj)
{
	const char *t = NULL;
	json_t *inner = ddl_node(obj, &t);
	free(id->name);
	id->name = NULL;
	if (!inner)
		return;
	if (!strcmp(t, "Integer")) {
		id->name = xasprintf("%u", (unsigned)(int)ddl_int(inner, "ival"));
	} else if (!strcmp(t, "Float")) {
		const char *f = ddl_str(inner, "fval") ?: "";
		char *end;
		errno = 0;
		long long v = strtoll(f, &end, 10);
		if (!errno && !*end && end != f && v >= -2147483648LL && v <= 4294967295LL)
			id->name = xasprintf("%u", (unsigned)v);
		else
			id->name = xstrdup(f);
	}
}

static void set_object_reference(struct ddl_identity *id, const char *objtype, json_t *obj, const char *def)
{
	json_t *items, *inner;
	const char *t = NULL;
	size_t n;

	switch (shape_of(objtype)) {
	case SHAPE_QUALIFIED:
		set_qualified(obj, def, &id->schema, &id->name);
		break;
	case SHAPE_TYPENAME:
		/* DROP and COMMENT name a type by a TypeName; ALTER ... OWNER / SET SCHEMA / RENAME
		   and GRANT by a plain list of names */
		inner = ddl_node(obj, &t);
		if (inner && !strcmp(t, "TypeName"))
			set_qualified(json_object_get(inner, "names"), def, &id->schema, &id->name);
		else
			set_qualified(obj, def, &id->schema, &id->name);
		break;
	case SHAPE_WITH_ARGS:
		inner = ddl_node(obj, NULL);
		set_qualified(json_object_get(inner, "objname"), def, &id->schema, &id->name);
		if (strcmp(objtype, "OBJECT_OPERATOR") && !ddl_bool(inner, "args_unspecified")) {
			json_t *fargs = json_object_get(inner, "objfuncargs");
			if (fargs)
				id->arguments = function_arguments(fargs, 0, def);
			else
				id->arguments = function_arguments(json_object_get(inner, "objargs"), 1, def);
		}
		break;
	case SHAPE_ON_TABLE:
		items = ddl_list_items(obj);
		n = json_array_size(items);
		if (n < 2)
			break;
		set_qualified_range(items, 0, n - 1, def, &id->parent_schema, &id->parent_name);
		set_str(&id->name, ddl_sval(json_array_get(items, n - 1)));
		set_str(&id->schema, id->parent_schema);
		break;
	case SHAPE_DOMAIN_CON:
		items = ddl_list_items(obj);
		inner = ddl_node(json_array_get(items, 0), NULL);
		set_qualified(json_object_get(inner, "names"), def, &id->parent_schema, &id->parent_name);
		set_str(&id->schema, id->parent_schema);
		set_str(&id->name, ddl_sval(json_array_get(items, 1)));
		break;
	case SHAPE_PLAIN:
		set_str(&id->name, ddl_sval(obj));
		break;
	case SHAPE_USING:
		items = ddl_list_items(obj);
		n = json_array_size(items);
		if (n >= 2)
			set_qualified_range(items, 1, n - 1, def, &id->schema, &id->name);
		break;
	case SHAPE_CAST:
		items = ddl_list_items(obj);
		if (json_array_size(items) == 2)
			set_cast_name(id, json_array_get(items, 0), json_array_get(items, 1), def);
		break;
	case SHAPE_TRANSFORM:
		items = ddl_list_items(obj);
		if (json_array_size(items) == 2)
			set_transform_name(id, json_array_get(items, 0), ddl_sval(json_array_get(items, 1)), def);
		break;
	case SHAPE_LARGE_OBJECT:
		set_large_object_name(id, obj);
		break;
	case SHAPE_OTHER:
		break;
	}
}

static void set_type(struct ddl_identity *id, const char *tag, const char *object_type)
{
	set_str(&id->command_tag, tag);
	set_str(&id->object_type, object_type);
}

/* Statements that name an object by creating it. */
static const char *const creating_statements[] = {
	"CreateStmt", "CreateForeignTableStmt", "CreateTableAsStmt", "ViewStmt", "IndexStmt",
	"CreateFunctionStmt", "DefineStmt", "CompositeTypeStmt", "CreateEnumStmt", "CreateRangeStmt",
	"CreateDomainStmt", "CreateSeqStmt", "CreateTrigStmt", "CreateEventTrigStmt", "CreateSchemaStmt",
	"CreatePolicyStmt", "RuleStmt", "CreateExtensionStmt", "CreateForeignServerStmt", "CreateFdwStmt",
	"CreatePublicationStmt", "CreateSubscriptionStmt", "CreateConversionStmt", "CreateStatsStmt",
	"CreateOpClassStmt", "CreateOpFamilyStmt", "CreatePLangStmt", "CreateAmStmt", "CreateCastStmt",
	"CreateTransformStmt", "CreateUserMappingStmt", "ImportForeignSchemaStmt", NULL,
};

/* Statements skipped when looking for the first DDL statement of a blob without a CREATE. */
static int is_preamble(const char *type)
{
	return !strcmp(type, "VariableSetStmt") || !strcmp(type, "SelectStmt") ||
	       !strcmp(type, "TransactionStmt") || !strcmp(type, "VariableShowStmt");
}

/* Where unqualified names go for a search_path element: not "$user" (no such schema
   assumed). pg_catalog named first is where PostgreSQL creates (the implicit pg_catalog
   ahead of the path is searched, never created in), but not where an existing object
   referred to is likely to be found (skip_catalog). */
static int creation_schema(const char *schema, int skip_catalog)
{
	return *schema && strcmp(schema, "$user") && (!skip_catalog || strcmp(schema, "pg_catalog"));
}

/* PostgreSQL's scanner_isspace(): the blanks SplitIdentifierString() skips (not \v). */
static int scanner_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/*
 * The first element of a search_path string that creation_schema() accepts,
 * split as PostgreSQL's SplitIdentifierString() splits it: unquoted names
 * are folded to lower case (ASCII only, as in UTF-8 databases), "" inside
 * quotes is one ", names are cut to 63 bytes. NULL when there is none or the
 * list is malformed (PostgreSQL then rejects the value). Caller frees.
 */
static char *first_path_schema(const char *list, int skip_catalog)
{
	const char *p = list;
	struct strbuf name = STRBUF_INIT;

	for (;;) {
		strbuf_reset(&name);
		while (scanner_space(*p))
			p++;
		if (*p == '"') {
			for (p++;; p++) {
				if (!*p)
					goto bad; /* no closing quote */
				if (*p == '"') {
					if (p[1] != '"')
						break;
					p++; /* "" is one " */
				}
				strbuf_addch(&name, *p);
			}
			p++;
		} else {
			while (*p && *p != ',' && !scanner_space(*p)) {
				strbuf_addch(&name, (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p);
				p++;
			}
			if (!name.len)
				goto bad; /* an empty unquoted name */
		}
		while (scanner_space(*p))
			p++;
		if (*p && *p != ',')
			goto bad;
		if (name.len >= NAMEDATALEN) {
			name.len = utf8_clip(name.buf, name.len, NAMEDATALEN - 1);
			name.buf[name.len] = '\0';
		}
		if (creation_schema(name.buf, skip_catalog))
			break;
		if (!*p)
			goto bad; /* no element where names can go */
		p++;
	}
	return strbuf_detach(&name, NULL);
bad:
	strbuf_release(&name);
	return NULL;
}

/* A constant string argument, through casts ('search_path'::text): its value, or NULL. */
static const char *const_string_arg(json_t *arg)
{
	const char *type = NULL;
	json_t *n = ddl_node(arg, &type);

	while (n && !strcmp(type, "TypeCast"))
		n = ddl_node(json_object_get(n, "arg"), &type);
	if (!n || strcmp(type, "A_Const"))
		return NULL;
	return ddl_str(json_object_get(n, "sval"), "sval");
}

/* A call set_config('search_path', ...) (the name matched without regard to case, as
   the server's guc_name_compare() matches it): its FuncCall, else NULL. */
static json_t *search_path_set_config(json_t *node)
{
	const char *type = NULL;
	json_t *call = ddl_node(node, &type), *fn;
	const char *a0;

	if (!call || strcmp(type, "FuncCall"))
		return NULL;
	fn = json_object_get(call, "funcname");
	if (strcmp(ddl_sval(json_array_get(fn, json_array_size(fn) - 1)) ?: "", "set_config"))
		return NULL;
	a0 = const_string_arg(json_array_get(json_object_get(call, "args"), 0));
	return a0 && !strcasecmp(a0, "search_path") ? call : NULL;
}

/* The last set_config('search_path', ...) call in a tree, in the parser's order of its
   fields (one per statement is what is written; several in one SELECT run in an order
   the plan decides). */
static void find_set_config(json_t *tree, json_t **last)
{
	const char *key;
	json_t *value, *call;
	size_t i;

	if ((call = search_path_set_config(tree)))
		*last = call;
	if (json_is_array(tree))
		json_array_foreach(tree, i, value)
			find_set_config(value, last);
	else if (json_is_object(tree))
		json_object_foreach(tree, key, value)
			find_set_config(value, last);
}

/* Apply a set_config('search_path', value, is_local) call to *default_schema. */
static void apply_set_config(json_t *call, char **default_schema, int skip_catalog, int *local)
{
	json_t *args = json_object_get(call, "args");
	const char *a1 = const_string_arg(json_array_get(args, 1));
	json_t *is_local = ddl_node(json_array_get(args, 2), NULL);
	char *schema;

	/* the third argument: a boolean constant true (a false one has no value in the
	   parser's JSON), or a string the boolean input reads as true */
	if (json_is_true(json_object_get(json_object_get(is_local, "boolval"), "boolval")))
		*local = 1;
	else {
		const char *b = ddl_str(json_object_get(is_local, "sval"), "sval");
		size_t n = b ? strlen(b) : 0;
		/* parse_bool(): a prefix of true or yes, on, 1 */
		*local = n && (!strncasecmp(b, "true", n) || !strncasecmp(b, "yes", n) ||
			       !strcasecmp(b, "on") || !strcmp(b, "1"));
	}
	/* an empty search_path: unqualified names cannot be created; keep the default (and
	   so for a value that is no constant, which the blob alone cannot evaluate) */
	if ((schema = first_path_schema(a1 ? a1 : "", skip_catalog))) {
		free(*default_schema);
		*default_schema = schema;
	}
}

/*
 * Apply one SET search_path / set_config('search_path', ...) to *default_schema.
 * Returns 1 when s assigns the search_path (even to a value that leaves
 * *default_schema as it was), with *local set when the assignment lasts only to
 * the end of the transaction (SET LOCAL, set_config(..., true)); 0 otherwise.
 */
static int follow_search_path_for(const char *type, json_t *s, char **default_schema, int skip_catalog, int *local)
{
	json_t *args = NULL, *first;
	size_t i;

	*local = 0;
	if (!strcmp(type, "VariableSetStmt")) {
		const char *name = ddl_str(s, "name");
		const char *kind = ddl_str(s, "kind") ?: "";
		*local = json_is_true(json_object_get(s, "is_local"));
		/* RESET, SET ... TO DEFAULT, RESET ALL: back to the default "$user", public.
		   The setting's name is matched without regard to ASCII case, as PostgreSQL's
		   guc_name_compare() does: SET "Search_Path" is the search_path. */
		if (!strcmp(kind, "VAR_RESET_ALL") ||
		    (name && !strcasecmp(name, "search_path") && (!strcmp(kind, "VAR_RESET") || !strcmp(kind, "VAR_SET_DEFAULT")))) {
			set_str(default_schema, "public");
			return 1;
		}
		if (!name || strcasecmp(name, "search_path"))
			return 0;
		/* each value is one name, taken as written (SET quotes each for the list), cut
		   to 63 bytes when the list is split (a string is not cut by the scanner) */
		args = json_object_get(s, "args");
		json_array_foreach(args, i, first) {
			json_t *c = ddl_node(first, NULL);
			const char *v = ddl_str(json_object_get(c, "sval"), "sval");
			if (!v || !creation_schema(v, skip_catalog))
				continue;
			free(*default_schema);
			*default_schema = xstrndup(v, utf8_clip(v, strlen(v), NAMEDATALEN - 1));
			return 1;
		}
		return 1;
	} else if (!strcmp(type, "SelectStmt")) {
		/* pg_dump: SELECT pg_catalog.set_config('search_path', 'a, b', false); but a call
		   anywhere in the SELECT runs (SELECT 1, set_config(...), SELECT set_config(...)::text,
		   SELECT * FROM set_config(...), length(set_config(...))): the last one found */
		json_t *call = NULL;
		find_set_config(s, &call);
		if (!call)
			return 0;
		apply_set_config(call, default_schema, skip_catalog, local);
		return 1;
	}
	return 0;
}

/* Both schemas a search_path gives: where an unqualified object is created (create), and
   where an unqualified existing one is looked for (ref: not pg_catalog). */
struct path_pair {
	char *create, *ref;
};

/* A SAVEPOINT: the values ROLLBACK TO gives back. */
struct path_savepoint {
	char *name;
	struct path_pair now, session;
};

/*
 * The search_path along a blob, scoped by transactions as PostgreSQL scopes a
 * setting: SET LOCAL lasts to the transaction's end, a ROLLBACK undoes every SET
 * since BEGIN, ROLLBACK TO SAVEPOINT what came after the savepoint. Outside an
 * explicit transaction SET LOCAL holds to the next COMMIT or ROLLBACK (a blob run
 * as one query string is one implicit transaction).
 */
struct path_state {
	struct path_pair now;     /* in effect for the next statement */
	struct path_pair session; /* what the end of the transaction leaves */
	struct path_pair begin;   /* the session's value at BEGIN, which ROLLBACK gives back */
	int in_transaction;
	struct path_savepoint *saves;
	size_t nr_saves, alloc_saves;
};

static void path_pair_set(struct path_pair *dst, const struct path_pair *src)
{
	set_str(&dst->create, src->create);
	set_str(&dst->ref, src->ref);
}

static void path_pair_release(struct path_pair *p)
{
	free(p->create);
	free(p->ref);
	p->create = p->ref = NULL;
}

static void path_state_init(struct path_state *st)
{
	memset(st, 0, sizeof(*st));
	st->now.create = xstrdup("public");
	st->now.ref = xstrdup("public");
	path_pair_set(&st->session, &st->now);
	path_pair_set(&st->begin, &st->now);
}

/* Drop savepoints from the top down to (not including) the first nr. */
static void path_state_pop_saves(struct path_state *st, size_t nr)
{
	while (st->nr_saves > nr) {
		struct path_savepoint *sp = &st->saves[--st->nr_saves];
		free(sp->name);
		path_pair_release(&sp->now);
		path_pair_release(&sp->session);
	}
}

static void path_state_release(struct path_state *st)
{
	path_state_pop_saves(st, 0);
	free(st->saves);
	path_pair_release(&st->now);
	path_pair_release(&st->session);
	path_pair_release(&st->begin);
}

/* dst (initialised or not) becomes a copy of src. */
static void path_state_copy(struct path_state *dst, const struct path_state *src)
{
	size_t i;
	path_state_init(dst);
	path_pair_set(&dst->now, &src->now);
	path_pair_set(&dst->session, &src->session);
	path_pair_set(&dst->begin, &src->begin);
	dst->in_transaction = src->in_transaction;
	ALLOC_GROW(dst->saves, src->nr_saves, dst->alloc_saves, 4);
	for (i = 0; i < src->nr_saves; i++) {
		struct path_savepoint *sp = &dst->saves[i];
		memset(sp, 0, sizeof(*sp));
		sp->name = src->saves[i].name ? xstrdup(src->saves[i].name) : NULL;
		path_pair_set(&sp->now, &src->saves[i].now);
		path_pair_set(&sp->session, &src->saves[i].session);
	}
	dst->nr_saves = src->nr_saves;
}

/* Index + 1 of the latest savepoint called name, 0 when there is none. */
static size_t path_state_find_save(const struct path_state *st, const char *name)
{
	size_t i;
	for (i = st->nr_saves; i > 0; i--)
		if (name && st->saves[i - 1].name && !strcmp(st->saves[i - 1].name, name))
			return i;
	return 0;
}

/* Follow a transaction statement: what it ends, undoes or opens. */
static void path_state_transaction(struct path_state *st, json_t *s)
{
	const char *kind = ddl_str(s, "kind") ?: "";
	const char *name = ddl_str(s, "savepoint_name");
	int chain = json_is_true(json_object_get(s, "chain"));
	size_t at;

	if (!strcmp(kind, "TRANS_STMT_BEGIN") || !strcmp(kind, "TRANS_STMT_START")) {
		if (!st->in_transaction)
			path_pair_set(&st->begin, &st->session);
		st->in_transaction = 1;
	} else if (!strcmp(kind, "TRANS_STMT_COMMIT") || !strcmp(kind, "TRANS_STMT_PREPARE")) {
		path_pair_set(&st->now, &st->session);
		path_pair_set(&st->begin, &st->session);
		path_state_pop_saves(st, 0);
		st->in_transaction = chain;
	} else if (!strcmp(kind, "TRANS_STMT_ROLLBACK")) {
		if (st->in_transaction)
			path_pair_set(&st->session, &st->begin);
		path_pair_set(&st->now, &st->session);
		path_state_pop_saves(st, 0);
		st->in_transaction = chain;
	} else if (!strcmp(kind, "TRANS_STMT_SAVEPOINT") && st->in_transaction) {
		struct path_savepoint *sp;
		ALLOC_GROW(st->saves, st->nr_saves + 1, st->alloc_saves, 4);
		sp = &st->saves[st->nr_saves++];
		memset(sp, 0, sizeof(*sp));
		sp->name = name ? xstrdup(name) : NULL;
		path_pair_set(&sp->now, &st->now);
		path_pair_set(&sp->session, &st->session);
	} else if (!strcmp(kind, "TRANS_STMT_RELEASE") && (at = path_state_find_save(st, name))) {
		path_state_pop_saves(st, at - 1);
	} else if (!strcmp(kind, "TRANS_STMT_ROLLBACK_TO") && (at = path_state_find_save(st, name))) {
		/* the savepoint stays, as PostgreSQL keeps it after ROLLBACK TO */
		path_state_pop_saves(st, at);
		path_pair_set(&st->now, &st->saves[at - 1].now);
		path_pair_set(&st->session, &st->saves[at - 1].session);
	}
}

/* Track the search_path through one statement of a blob. */
static void follow_search_path(const char *type, json_t *s, struct path_state *st)
{
	int local = 0, set;

	if (!strcmp(type, "TransactionStmt")) {
		path_state_transaction(st, s);
		return;
	}
	set = follow_search_path_for(type, s, &st->now.create, 0, &local);
	follow_search_path_for(type, s, &st->now.ref, 1, &local);
	if (set && !local)
		path_pair_set(&st->session, &st->now);
}

/* Statements whose only unqualified name the classifier reads is the one of the object
   they create (CREATE INDEX, TRIGGER, POLICY, RULE name a table that exists). */
static int creates_in_path(const char *type)
{
	static const char *const own[] = {
		"CreateStmt", "SelectStmt", "CreateForeignTableStmt", "CreateTableAsStmt", "ViewStmt",
		"CreateFunctionStmt", "DefineStmt", "CompositeTypeStmt", "CreateEnumStmt", "CreateRangeStmt",
		"CreateDomainStmt", "CreateSeqStmt", "CreateConversionStmt", "CreateOpClassStmt",
		"CreateOpFamilyStmt", "CreateStatsStmt", NULL,
	};
	for (const char *const *p = own; *p; p++)
		if (!strcmp(*p, type))
			return 1;
	return 0;
}

static const char *define_tag(const char *kind, const struct objtype_map *m, char *buf, size_t len)
{
	snprintf(buf, len, "CREATE %s", m ? m->tag_noun : (kind ? kind : "?"));
	return buf;
}

/* Fill id from statement s of node type type, its unqualified names in def (the path's
   creation schema for a statement of creates_in_path(), else ref) and the types of a
   routine's arguments, which exist already, in ref (the path's schema for an existing
   object: after SET search_path = pg_catalog, app, CREATE FUNCTION f(a mytype) is
   pg_catalog.f(app.mytype), checked; it read pg_catalog.f(mytype) until round 20).
   Returns 0 when the statement names an object. */
static int identify_statement(const char *type, json_t *s, const char *def, const char *ref, struct ddl_identity *id)
{
	char tag[96];
	json_t *v;
	const char *str;
	const struct objtype_map *m;

	id->creates = 1;
	if (!strcmp(type, "CreateStmt")) {
		set_type(id, "CREATE TABLE", "table");
		if (json_object_get(s, "partbound"))
			set_str(&id->subkind, "partition");
		else if (json_object_get(s, "partspec"))
			set_str(&id->subkind, "partitioned table");
		set_rangevar(json_object_get(s, "relation"), def, &id->schema, &id->name);
	} else if (!strcmp(type, "SelectStmt") && json_object_get(s, "intoClause")) {
		/* SELECT ... INTO t is CREATE TABLE AS only after parse analysis */
		set_type(id, "SELECT INTO", "table");
		set_rangevar(json_object_get(json_object_get(s, "intoClause"), "rel"), def, &id->schema, &id->name);
	} else if (!strcmp(type, "CreateForeignTableStmt")) {
		set_type(id, "CREATE FOREIGN TABLE", "foreign table");
		set_rangevar(json_object_get(json_object_get(s, "base"), "relation"), def, &id->schema, &id->name);
	} else if (!strcmp(type, "CreateTableAsStmt")) {
		str = ddl_str(s, "objtype");
		if (str && !strcmp(str, "OBJECT_MATVIEW"))
			set_type(id, "CREATE MATERIALIZED VIEW", "materialized view");
		else if (ddl_bool(s, "is_select_into"))
			set_type(id, "SELECT INTO", "table");
		else
			set_type(id, "CREATE TABLE AS", "table");
		set_rangevar(json_object_get(json_object_get(s, "into"), "rel"), def, &id->schema, &id->name);
	} else if (!strcmp(type, "ViewStmt")) {
		set_type(id, "CREATE VIEW", "view");
		set_rangevar(json_object_get(s, "view"), def, &id->schema, &id->name);
	} else if (!strcmp(type, "IndexStmt")) {
		set_type(id, "CREATE INDEX", "index");
		set_rangevar(json_object_get(s, "relation"), def, &id->parent_schema, &id->parent_name);
		set_str(&id->schema, id->parent_schema);
		if (ddl_str(s, "idxname"))
			set_str(&id->name, ddl_str(s, "idxname"));
		else if (id->parent_name)
			id->name = choose_index_name(id->parent_name, s);
	} else if (!strcmp(type, "CreateFunctionStmt")) {
		if (ddl_bool(s, "is_procedure"))
			set_type(id, "CREATE PROCEDURE", "procedure");
		else
			set_type(id, "CREATE FUNCTION", "function");
		set_qualified(json_object_get(s, "funcname"), def, &id->schema, &id->name);
		id->arguments = function_arguments(json_object_get(s, "parameters"), 0, ref);
	} else if (!strcmp(type, "DefineStmt")) {
		str = ddl_str(s, "kind");
		m = lookup_objtype(str);
		set_type(id, define_tag(str, m, tag, sizeof(tag)), m ? m->object_type : NULL);
		set_qualified(json_object_get(s, "defnames"), def, &id->schema, &id->name);
		if (str && !strcmp(str, "OBJECT_TYPE"))
			set_str(&id->subkind, json_array_size(json_object_get(s, "definition")) ? "base" : "shell");
		if (str && !strcmp(str, "OBJECT_AGGREGATE")) {
			/* args: [list of FunctionParameter, Integer(n direct args)] or [NIL...] for old style */
			json_t *args = json_object_get(s, "args");
			json_t *params = ddl_list_items(json_array_get(args, 0));
			/* agg(*) has no arguments: pg_identify_object() says agg() */
			id->arguments = params ? function_arguments(params, 0, ref) : xstrdup("");
			if (ddl_bool(s, "oldstyle")) {
				/* CREATE AGGREGATE name (BASETYPE = t, ...) */
				size_t i;
				json_array_foreach(json_object_get(s, "definition"), i, v) {
					json_t *de = ddl_node(v, NULL);
					if (!strcmp(ddl_str(de, "defname") ?: "", "basetype")) {
						/* defGetTypeName(): a type name, or a string that is one name as
						   written (not folded); "any" in any case is agg(*) */
						const char *dt = NULL;
						json_t *tn = ddl_node(json_object_get(de, "arg"), &dt), *own = NULL;
						json_t *names;
						const char *one;
						if (tn && !strcmp(dt, "String"))
							tn = own = json_pack("{s[O]}", "names", json_object_get(de, "arg"));
						names = json_object_get(tn, "names");
						one = json_array_size(names) == 1 ? ddl_sval(json_array_get(names, 0)) : NULL;
						free(id->arguments);
						id->arguments = !tn || (one && !strcasecmp(one, "any")) ? xstrdup("")
												   : identity_type(tn, ref);
						json_decref(own);
					}
				}
			}
		}
	} else if (!strcmp(type, "CompositeTypeStmt")) {
		set_type(id, "CREATE TYPE", "type");
		set_str(&id->subkind, "composite");
		set_rangevar(json_object_get(s, "typevar"), def, &id->schema, &id->name);
	} else if (!strcmp(type, "CreateEnumStmt") || !strcmp(type, "CreateRangeStmt")) {
		set_type(id, "CREATE TYPE", "type");
		set_str(&id->subkind, strcmp(type, "CreateEnumStmt") ? "range" : "enum");
		set_qualified(json_object_get(s, "typeName"), def, &id->schema, &id->name);
	} else if (!strcmp(type, "CreateDomainStmt")) {
		set_type(id, "CREATE DOMAIN", "type");
		set_str(&id->subkind, "domain");
		set_qualified(json_object_get(s, "domainname"), def, &id->schema, &id->name);
	} else if (!strcmp(type, "CreateSeqStmt")) {
		set_type(id, "CREATE SEQUENCE", "sequence");
		set_rangevar(json_object_get(s, "sequence"), def, &id->schema, &id->name);
	} else if (!strcmp(type, "CreateTrigStmt")) {
		set_type(id, "CREATE TRIGGER", "trigger");
		set_rangevar(json_object_get(s, "relation"), def, &id->parent_schema, &id->parent_name);
		set_str(&id->schema, id->parent_schema);
		set_str(&id->name, ddl_str(s, "trigname"));
	} else if (!strcmp(type, "CreateEventTrigStmt")) {
		set_type(id, "CREATE EVENT TRIGGER", "event trigger");
		set_str(&id->name, ddl_str(s, "trigname"));
	} else if (!strcmp(type, "CreateSchemaStmt")) {
		set_type(id, "CREATE SCHEMA", "schema");
		str = ddl_str(s, "schemaname");
		if (!str) {
			/* CREATE SCHEMA AUTHORIZATION role: the schema is named after the role */
			json_t *role = json_object_get(s, "authrole");
			if (!strcmp(ddl_str(role, "roletype") ?: "", "ROLESPEC_CSTRING"))
				str = ddl_str(role, "rolename");
		}
		set_str(&id->name, str);
	} else if (!strcmp(type, "CreatePolicyStmt")) {
		set_type(id, "CREATE POLICY", "policy");
		set_rangevar(json_object_get(s, "table"), def, &id->parent_schema, &id->parent_name);
		set_str(&id->schema, id->parent_schema);
		set_str(&id->name, ddl_str(s, "policy_name"));
	} else if (!strcmp(type, "RuleStmt")) {
		set_type(id, "CREATE RULE", "rule");
		set_rangevar(json_object_get(s, "relation"), def, &id->parent_schema, &id->parent_name);
		set_str(&id->schema, id->parent_schema);
		set_str(&id->name, ddl_str(s, "rulename"));
	} else if (!strcmp(type, "CreateExtensionStmt")) {
		set_type(id, "CREATE EXTENSION", "extension");
		set_str(&id->name, ddl_str(s, "extname"));
	} else if (!strcmp(type, "CreateForeignServerStmt")) {
		set_type(id, "CREATE SERVER", "server");
		set_str(&id->name, ddl_str(s, "servername"));
	} else if (!strcmp(type, "CreateFdwStmt")) {
		set_type(id, "CREATE FOREIGN DATA WRAPPER", "foreign-data wrapper");
		set_str(&id->name, ddl_str(s, "fdwname"));
	} else if (!strcmp(type, "CreatePublicationStmt")) {
		set_type(id, "CREATE PUBLICATION", "publication");
		set_str(&id->name, ddl_str(s, "pubname"));
	} else if (!strcmp(type, "CreateSubscriptionStmt")) {
		set_type(id, "CREATE SUBSCRIPTION", "subscription");
		set_str(&id->name, ddl_str(s, "subname"));
	} else if (!strcmp(type, "CreateConversionStmt")) {
		set_type(id, "CREATE CONVERSION", "conversion");
		set_qualified(json_object_get(s, "conversion_name"), def, &id->schema, &id->name);
	} else if (!strcmp(type, "CreateStatsStmt")) {
		set_type(id, "CREATE STATISTICS", "statistics object");
		set_qualified(json_object_get(s, "defnames"), def, &id->schema, &id->name);
	} else if (!strcmp(type, "CreateOpClassStmt") || !strcmp(type, "CreateOpFamilyStmt")) {
		int cls = !strcmp(type, "CreateOpClassStmt");
		set_type(id, cls ? "CREATE OPERATOR CLASS" : "CREATE OPERATOR FAMILY",
			 cls ? "operator class" : "operator family");
		set_qualified(json_object_get(s, cls ? "opclassname" : "opfamilyname"), def, &id->schema, &id->name);
	} else if (!strcmp(type, "CreatePLangStmt")) {
		set_type(id, "CREATE LANGUAGE", "language");
		set_str(&id->name, ddl_str(s, "plname"));
	} else if (!strcmp(type, "ImportForeignSchemaStmt")) {
		/* the server creates foreign tables in the local schema and reports a CREATE
		   FOREIGN TABLE of each, in the order the wrapper lists them; which ones is the
		   remote server's to say, except for LIMIT TO of one table: that table, else the
		   local schema and no name (as GRANT ... ON ALL TABLES IN SCHEMA) */
		json_t *tables = json_object_get(s, "table_list");
		set_type(id, "CREATE FOREIGN TABLE", "foreign table");
		set_str(&id->schema, ddl_str(s, "local_schema"));
		if (!strcmp(ddl_str(s, "list_type") ?: "", "FDW_IMPORT_SCHEMA_LIMIT_TO") && json_array_size(tables) == 1)
			set_str(&id->name, ddl_str(ddl_node(json_array_get(tables, 0), NULL), "relname"));
	} else if (!strcmp(type, "CreateAmStmt")) {
		set_type(id, "CREATE ACCESS METHOD", "access method");
		set_str(&id->name, ddl_str(s, "amname"));
	} else if (!strcmp(type, "CreateCastStmt") || !strcmp(type, "CreateTransformStmt") ||
		   !strcmp(type, "CreateUserMappingStmt")) {
		/* objects without a name of their own: named by their identity */
		if (!strcmp(type, "CreateCastStmt")) {
			set_type(id, "CREATE CAST", "cast");
			set_cast_name(id, json_object_get(s, "sourcetype"), json_object_get(s, "targettype"), def);
		} else if (!strcmp(type, "CreateTransformStmt")) {
			set_type(id, "CREATE TRANSFORM", "transform");
			set_transform_name(id, json_object_get(s, "type_name"), ddl_str(s, "lang"), def);
		} else {
			set_type(id, "CREATE USER MAPPING", "user mapping");
			set_user_mapping_name(id, json_object_get(s, "user"), ddl_str(s, "servername"));
		}
	} else {
		id->creates = 0;
		if (!strcmp(type, "AlterTableStmt")) {
			json_t *cmds = json_object_get(s, "cmds");
			json_t *cmd = ddl_node(json_array_get(cmds, 0), NULL);
			m = lookup_objtype(ddl_str(s, "objtype"));
			snprintf(tag, sizeof(tag), "ALTER %s", m ? m->tag_noun : "TABLE");
			set_type(id, tag, m ? m->object_type : "table");
			set_rangevar(json_object_get(s, "relation"), def, &id->schema, &id->name);
			if (json_array_size(cmds) == 1 && !strcmp(ddl_str(cmd, "subtype") ?: "", "AT_AddConstraint")) {
				/* a constraint given as its own statement: the constraint is the object */
				json_t *con = ddl_node(json_object_get(cmd, "def"), NULL);
				set_str(&id->object_type, "table constraint");
				set_str(&id->parent_schema, id->schema);
				set_str(&id->parent_name, id->name);
				if (ddl_str(con, "conname"))
					set_str(&id->name, ddl_str(con, "conname"));
				else {
					free(id->name);
					id->name = choose_constraint_name(id->parent_name, con);
				}
				id->creates = 1;
			}
		} else if (!strcmp(type, "DropStmt")) {
			str = ddl_str(s, "removeType");
			m = lookup_objtype(str);
			snprintf(tag, sizeof(tag), "DROP %s", m ? m->tag_noun : "?");
			set_type(id, tag, m ? m->object_type : NULL);
			/* the last one named: PostgreSQL deletes them in the order written and
			   pg_event_trigger_dropped_objects() lists the last deleted first (an object
			   another one named depends on goes before it, which the blob cannot know) */
			v = json_object_get(s, "objects");
			set_object_reference(id, str, json_array_get(v, json_array_size(v) ? json_array_size(v) - 1 : 0),
					     def);
		} else if (!strcmp(type, "CommentStmt") || !strcmp(type, "SecLabelStmt")) {
			str = ddl_str(s, "objtype");
			m = lookup_objtype(str);
			set_type(id, strcmp(type, "CommentStmt") ? "SECURITY LABEL" : "COMMENT", m ? m->object_type : NULL);
			set_object_reference(id, str, json_object_get(s, "object"), def);
		} else if (!strcmp(type, "RenameStmt")) {
			/* the object is known by its new name once the statement has run: the name
			   pg_event_trigger_ddl_commands() reports */
			const char *rt = ddl_str(s, "renameType") ?: "";
			const char *newname = ddl_str(s, "newname");
			m = lookup_objtype(rt);
			if (!strcmp(rt, "OBJECT_COLUMN") || !strcmp(rt, "OBJECT_ATTRIBUTE")) {
				/* RENAME COLUMN of a table, view, materialized view or foreign table;
				   RENAME ATTRIBUTE of a composite type */
				const struct objtype_map *rel = lookup_objtype(ddl_str(s, "relationType"));
				const char *noun = rel ? rel->tag_noun : "TABLE";
				char kind[64];
				snprintf(tag, sizeof(tag), "ALTER %s", noun);
				snprintf(kind, sizeof(kind), "%s column",
					 !strcmp(noun, "TYPE") ? "composite type" : rel ? rel->object_type : "table");
				set_type(id, tag, kind);
				set_rangevar(json_object_get(s, "relation"), def, &id->parent_schema, &id->parent_name);
				set_str(&id->schema, id->parent_schema);
			} else if (!strcmp(rt, "OBJECT_DOMCONSTRAINT")) {
				/* ALTER DOMAIN d RENAME CONSTRAINT: the domain as a list of names */
				set_type(id, "ALTER DOMAIN", "domain constraint");
				set_qualified(json_object_get(s, "object"), def, &id->parent_schema, &id->parent_name);
				set_str(&id->schema, id->parent_schema);
			} else if (m && json_object_get(s, "relation") && shape_of(rt) == SHAPE_ON_TABLE) {
				/* a constraint, trigger, policy or rule of a table (RENAME CONSTRAINT says
				   no relationType: it is ALTER TABLE) */
				snprintf(tag, sizeof(tag), "ALTER %s", !strcmp(rt, "OBJECT_TABCONSTRAINT") ? "TABLE" : m->tag_noun);
				set_type(id, tag, m->object_type);
				set_rangevar(json_object_get(s, "relation"), def, &id->parent_schema, &id->parent_name);
				set_str(&id->schema, id->parent_schema);
			} else if (json_object_get(s, "relation")) {
				snprintf(tag, sizeof(tag), "ALTER %s", m ? m->tag_noun : "TABLE");
				set_type(id, tag, m ? m->object_type : "table");
				set_rangevar(json_object_get(s, "relation"), def, &id->schema, &id->name);
			} else {
				snprintf(tag, sizeof(tag), "ALTER %s", m ? m->tag_noun : "?");
				set_type(id, tag, m ? m->object_type : NULL);
				set_object_reference(id, rt, json_object_get(s, "object"), def);
			}
			/* without newname (moves_object() asks what the statement acts on): as named */
			if ((m || !strcmp(rt, "OBJECT_ATTRIBUTE")) && newname)
				set_str(&id->name, newname);
		} else if (!strcmp(type, "DropUserMappingStmt") || !strcmp(type, "AlterUserMappingStmt")) {
			set_type(id, strcmp(type, "DropUserMappingStmt") ? "ALTER USER MAPPING" : "DROP USER MAPPING",
				 "user mapping");
			set_user_mapping_name(id, json_object_get(s, "user"), ddl_str(s, "servername"));
		} else if (!strcmp(type, "AlterSeqStmt")) {
			set_type(id, "ALTER SEQUENCE", "sequence");
			set_rangevar(json_object_get(s, "sequence"), def, &id->schema, &id->name);
		} else if (!strcmp(type, "AlterEnumStmt")) {
			set_type(id, "ALTER TYPE", "type");
			set_qualified(json_object_get(s, "typeName"), def, &id->schema, &id->name);
		} else if (!strcmp(type, "AlterDomainStmt")) {
			set_type(id, "ALTER DOMAIN", "type");
			set_qualified(json_object_get(s, "typeName"), def, &id->schema, &id->name);
		} else if (!strcmp(type, "AlterFunctionStmt")) {
			str = ddl_str(s, "objtype");
			m = lookup_objtype(str);
			snprintf(tag, sizeof(tag), "ALTER %s", m ? m->tag_noun : "FUNCTION");
			set_type(id, tag, m ? m->object_type : "function");
			v = json_pack("{sO}", "ObjectWithArgs", json_object_get(s, "func") ?: json_null());
			set_object_reference(id, str ? str : "OBJECT_FUNCTION", v, def);
			json_decref(v);
		} else if (!strcmp(type, "AlterObjectSchemaStmt") || !strcmp(type, "AlterOwnerStmt") ||
			   !strcmp(type, "AlterObjectDependsStmt") /* ... DEPENDS ON EXTENSION */) {
			str = ddl_str(s, "objectType");
			m = lookup_objtype(str);
			snprintf(tag, sizeof(tag), "ALTER %s", m ? m->tag_noun : "?");
			set_type(id, tag, m ? m->object_type : NULL);
			if (json_object_get(s, "relation"))
				set_rangevar(json_object_get(s, "relation"), def, &id->schema, &id->name);
			else
				set_object_reference(id, str, json_object_get(s, "object"), def);
			/* SET SCHEMA: the object is in the new schema afterwards (schema-less ones,
			   such as an extension, stay without) */
			if (id->schema && ddl_str(s, "newschema"))
				set_str(&id->schema, ddl_str(s, "newschema"));
		} else if (!strcmp(type, "GrantStmt")) {
			json_t *objs = json_object_get(s, "objects");
			str = ddl_str(s, "objtype");
			m = lookup_objtype(str);
			set_type(id, ddl_bool(s, "is_grant") ? "GRANT" : "REVOKE", m ? m->object_type : NULL);
			v = json_array_get(objs, 0);
			if (v && !strcmp(ddl_str(s, "targtype") ?: "", "ACL_TARGET_ALL_IN_SCHEMA"))
				set_str(&id->schema, ddl_sval(v)); /* ON ALL TABLES IN SCHEMA s: no one object */
			else if (v && shape_of(str) == SHAPE_QUALIFIED && ddl_node(v, &type) && !strcmp(type, "RangeVar"))
				set_rangevar(ddl_node(v, NULL), def, &id->schema, &id->name);
			else if (v)
				set_object_reference(id, str, v, def);
		} else if (!strcmp(type, "AlterPolicyStmt")) {
			set_type(id, "ALTER POLICY", "policy");
			set_rangevar(json_object_get(s, "table"), def, &id->parent_schema, &id->parent_name);
			set_str(&id->schema, id->parent_schema);
			set_str(&id->name, ddl_str(s, "policy_name"));
		} else if (!strcmp(type, "AlterOperatorStmt")) {
			set_type(id, "ALTER OPERATOR", "operator");
			v = json_pack("{sO}", "ObjectWithArgs", json_object_get(s, "opername") ?: json_null());
			set_object_reference(id, "OBJECT_OPERATOR", v, def);
			json_decref(v);
		} else if (!strcmp(type, "AlterPublicationStmt") &&
			   json_array_size(json_object_get(s, "pubobjects"))) {
			/* ADD / SET / DROP of tables or schemas: PostgreSQL reports the membership
			   ("s.t in publication p", "s in publication p"), not the publication; the
			   first one listed, as its rows come in the order written */
			json_t *spec = ddl_node(json_array_get(json_object_get(s, "pubobjects"), 0), NULL);
			const char *kind = ddl_str(spec, "pubobjtype") ?: "";
			json_t *rel = json_object_get(json_object_get(spec, "pubtable"), "relation");
			if (!strcmp(kind, "PUBLICATIONOBJ_TABLE") && rel) {
				set_type(id, "ALTER PUBLICATION", "publication relation");
				set_rangevar(rel, def, &id->schema, &id->name);
			} else if (!strcmp(kind, "PUBLICATIONOBJ_TABLES_IN_SCHEMA") ||
				   !strcmp(kind, "PUBLICATIONOBJ_TABLES_IN_CUR_SCHEMA")) {
				set_type(id, "ALTER PUBLICATION", "publication namespace");
				set_str(&id->name, strcmp(kind, "PUBLICATIONOBJ_TABLES_IN_SCHEMA") ? def : ddl_str(spec, "name"));
			} else {
				set_type(id, "ALTER PUBLICATION", "publication");
				set_str(&id->name, ddl_str(s, "pubname"));
				return 0;
			}
			set_str(&id->parent_name, ddl_str(s, "pubname"));
		} else if (!strcmp(type, "AlterDefaultPrivilegesStmt")) {
			/* a pg_default_acl entry: no name of its own; the schema of IN SCHEMA (the
			   first one), none for the role-wide default */
			json_t *opt;
			size_t k;
			set_type(id, "ALTER DEFAULT PRIVILEGES", "default acl");
			json_array_foreach(json_object_get(s, "options"), k, opt) {
				json_t *de = ddl_node(opt, NULL);
				if (!strcmp(ddl_str(de, "defname") ?: "", "schemas")) {
					set_str(&id->schema, ddl_sval(json_array_get(ddl_list_items(json_object_get(de, "arg")), 0)));
					break;
				}
			}
		} else if (!strcmp(type, "RefreshMatViewStmt")) {
			set_type(id, "REFRESH MATERIALIZED VIEW", "materialized view");
			set_rangevar(json_object_get(s, "relation"), def, &id->schema, &id->name);
		} else {
			/* ALTER statements of one object named by a single field */
			static const struct {
				const char *stmt, *tag, *object_type, *field;
				int qualified; /* the field is a list of names, else one name */
			} alters[] = {
				{ "AlterPublicationStmt", "ALTER PUBLICATION", "publication", "pubname", 0 },
				{ "AlterSubscriptionStmt", "ALTER SUBSCRIPTION", "subscription", "subname", 0 },
				{ "AlterEventTrigStmt", "ALTER EVENT TRIGGER", "event trigger", "trigname", 0 },
				{ "AlterExtensionStmt", "ALTER EXTENSION", "extension", "extname", 0 },
				{ "AlterExtensionContentsStmt", "ALTER EXTENSION", "extension", "extname", 0 },
				{ "AlterFdwStmt", "ALTER FOREIGN DATA WRAPPER", "foreign-data wrapper", "fdwname", 0 },
				{ "AlterForeignServerStmt", "ALTER SERVER", "server", "servername", 0 },
				{ "AlterCollationStmt", "ALTER COLLATION", "collation", "collname", 1 },
				{ "AlterTSDictionaryStmt", "ALTER TEXT SEARCH DICTIONARY", "text search dictionary", "dictname", 1 },
				{ "AlterTSConfigurationStmt", "ALTER TEXT SEARCH CONFIGURATION", "text search configuration",
				  "cfgname", 1 },
				{ "AlterStatsStmt", "ALTER STATISTICS", "statistics object", "defnames", 1 },
				{ "AlterTypeStmt", "ALTER TYPE", "type", "typeName", 1 },
				{ "AlterOpFamilyStmt", "ALTER OPERATOR FAMILY", "operator family", "opfamilyname", 1 },
			};
			size_t k;
			for (k = 0; k < sizeof(alters) / sizeof(alters[0]); k++)
				if (!strcmp(alters[k].stmt, type))
					break;
			if (k == sizeof(alters) / sizeof(alters[0]))
				return -1;
			set_type(id, alters[k].tag, alters[k].object_type);
			if (alters[k].qualified)
				set_qualified(json_object_get(s, alters[k].field), def, &id->schema, &id->name);
			else
				set_str(&id->name, ddl_str(s, alters[k].field));
		}
	}
	return 0;
}

void ddl_identity_release(struct ddl_identity *id)
{
	free(id->command_tag);
	free(id->object_type);
	free(id->schema);
	free(id->name);
	free(id->parent_schema);
	free(id->parent_name);
	free(id->arguments);
	free(id->subkind);
	free(id->ref_schema);
	free(id->created_schema);
	free(id->created_name);
	free(id->moves);
	memset(id, 0, sizeof(*id));
	id->index = -1;
}

/* The kind of relation a statement requires of the relation it names, as "view", ...
   (NULL: any, or none named): the statements PostgreSQL refuses on another kind
   ("\"t\" is not a view"; checked on the server). ALTER TABLE, GRANT and RENAME COLUMN
   accept views too and say nothing; COMMENT ON TABLE says "table". */
static const char *required_relation_kind(const char *type, json_t *s, const char *def, char **schema, char **name)
{
	static const struct { const char *objtype, *kind; } kinds[] = {
		{ "OBJECT_TABLE", "table" }, { "OBJECT_VIEW", "view" }, { "OBJECT_MATVIEW", "materialized view" },
		{ "OBJECT_FOREIGN_TABLE", "foreign table" }, { "OBJECT_TYPE", "composite type" },
	};
	const char *objtype = NULL;
	json_t *rv = NULL, *names = NULL;

	if (!strcmp(type, "AlterTableStmt")) {
		objtype = ddl_str(s, "objtype");
		rv = json_object_get(s, "relation");
		if (objtype && !strcmp(objtype, "OBJECT_TABLE"))
			return NULL;
	} else if (!strcmp(type, "RenameStmt") || !strcmp(type, "AlterObjectSchemaStmt")) {
		objtype = ddl_str(s, !strcmp(type, "RenameStmt") ? "renameType" : "objectType");
		rv = json_object_get(s, "relation");
		if (objtype && (!strcmp(objtype, "OBJECT_TABLE") || !strcmp(objtype, "OBJECT_TYPE")))
			return NULL; /* ALTER TABLE v RENAME works on a view; ALTER TYPE names no relation */
	} else if (!strcmp(type, "CommentStmt") || !strcmp(type, "SecLabelStmt")) {
		objtype = ddl_str(s, "objtype");
		names = json_object_get(s, "object");
		if (objtype && !strcmp(objtype, "OBJECT_TYPE"))
			return NULL; /* a table's row type is a type too */
	} else if (!strcmp(type, "RefreshMatViewStmt")) {
		objtype = "OBJECT_MATVIEW";
		rv = json_object_get(s, "relation");
	}
	for (size_t k = 0; objtype && k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		if (strcmp(objtype, kinds[k].objtype))
			continue;
		if (rv)
			set_rangevar(rv, def, schema, name);
		else if (names)
			set_qualified(names, def, schema, name);
		else
			return NULL;
		return kinds[k].kind;
	}
	return NULL;
}

/* COMMENT ON COLUMN r.c does not say what r is, and gives a "table column"; a later
   statement of the blob that PostgreSQL runs only on one kind of relation (ALTER VIEW r,
   COMMENT ON MATERIALIZED VIEW r, REFRESH ...) says it. The other blobs of the store
   are not asked (docs/classification.md). path: the search_path at the comment. */
static void column_relation_from_blob(json_t *stmts, size_t at, const struct path_state *path,
				      struct ddl_identity *id)
{
	struct path_state st;
	size_t i;
	json_t *raw;

	path_state_copy(&st, path);
	json_array_foreach(stmts, i, raw) {
		const char *type = NULL;
		json_t *s = ddl_node(json_object_get(raw, "stmt"), &type);
		if (i <= at || !s)
			continue;
		char *schema = NULL, *name = NULL;
		const char *kind = required_relation_kind(type, s, st.now.ref, &schema, &name);
		int same = kind && schema && name && id->parent_schema && id->parent_name &&
			   !strcmp(schema, id->parent_schema) && !strcmp(name, id->parent_name);
		free(schema);
		free(name);
		if (same) {
			char *word = xasprintf("%s column", kind);
			free(id->object_type);
			id->object_type = word;
			break;
		}
		follow_search_path(type, s, &st);
	}
	path_state_release(&st);
}

static int same_or_null(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/*
 * Whether s (a RenameStmt or AlterObjectSchemaStmt, inner node) renames or moves the
 * object id names; *after is then the object's identity afterwards (released by the
 * caller either way). The statement must name the same kind of object (ALTER TABLE and
 * ALTER INDEX ... RENAME act on every kind of relation, as the server allows; a RENAME
 * COLUMN or RENAME CONSTRAINT names another kind) and resolve to the same schema, name,
 * table and arguments: an unqualified name along the path's reference schema, or its
 * creation schema (SET search_path = pg_catalog, s creates in pg_catalog and finds the
 * object there first).
 */
static int moves_object(const char *type, json_t *s, const struct path_state *path, const struct ddl_identity *id,
			struct ddl_identity *after)
{
	static const char *const relations[] = { "table", "view", "materialized view", "sequence", "index",
						 "foreign table", NULL };
	int rename = !strcmp(type, "RenameStmt");
	const char *noun = ddl_str(s, rename ? "renameType" : "objectType") ?: "";
	int any_relation = !strcmp(noun, "OBJECT_TABLE") || (rename && !strcmp(noun, "OBJECT_INDEX"));
	int id_relation = 0, hit = 0;
	json_t *bare = json_copy(s); /* the statement without its new name: what it acts on */

	for (const char *const *r = relations; *r; r++)
		if (id->object_type && !strcmp(*r, id->object_type))
			id_relation = 1;
	json_object_del(bare, "newname");
	json_object_del(bare, "newschema");
	memset(after, 0, sizeof(*after));
	after->index = -1;
	for (int k = 0; k < 2 && !hit; k++) {
		const char *def = k ? path->now.create : path->now.ref;
		struct ddl_identity before;
		memset(&before, 0, sizeof(before));
		before.index = -1;
		ddl_identity_release(after);
		/* a trigger, policy, rule or schema is renamed by its old name in subname */
		if (identify_statement(type, bare, def, path->now.ref, &before) == 0 && !before.name && rename)
			set_str(&before.name, ddl_str(s, "subname"));
		hit = before.object_type && identify_statement(type, s, def, path->now.ref, after) == 0 && before.name && (same_or_null(before.object_type, id->object_type) || (any_relation && id_relation)) &&
		      same_or_null(before.schema, id->schema) && same_or_null(before.name, id->name) &&
		      (!before.parent_name || (same_or_null(before.parent_schema, id->parent_schema) &&
					       same_or_null(before.parent_name, id->parent_name))) &&
		      (!before.arguments || !id->arguments || !strcmp(before.arguments, id->arguments));
		ddl_identity_release(&before);
	}
	json_decref(bare);
	return hit;
}

/*
 * The statements after the defining one (at index from; path: the search_path in effect
 * there) that rename the object it created or move it to another schema: the object
 * the blob leaves is the one they leave (CREATE TABLE t ...; ALTER TABLE t RENAME TO u
 * is u). Each move is followed by the name it gives.
 */
static void follow_moves(json_t *stmts, size_t from, struct path_state *path, struct ddl_identity *id)
{
	size_t i;
	json_t *raw;

	json_array_foreach(stmts, i, raw) {
		const char *type = NULL;
		json_t *s = ddl_node(json_object_get(raw, "stmt"), &type);
		if (i <= from || !s)
			continue;
		if (!strcmp(type, "RenameStmt") || !strcmp(type, "AlterObjectSchemaStmt")) {
			struct ddl_identity after;
			if (moves_object(type, s, path, id, &after) &&
			    (!same_or_null(after.schema, id->schema) || !same_or_null(after.name, id->name))) {
				if (!id->nr_moves) {
					set_str(&id->created_schema, id->schema);
					set_str(&id->created_name, id->name);
				}
				set_str(&id->schema, after.schema);
				set_str(&id->name, after.name);
				id->moves = xrealloc(id->moves, (id->nr_moves + 1) * sizeof(*id->moves));
				id->moves[id->nr_moves++] = (int)i;
			}
			ddl_identity_release(&after);
		}
		follow_search_path(type, s, path);
	}
}

int ddl_sets_search_path(const char *type, json_t *s)
{
	char *schema = xstrdup("public");
	int local = 0, set = type && s && follow_search_path_for(type, s, &schema, 0, &local);
	free(schema);
	return set;
}

/*
 * CREATE SCHEMA / CREATE EXTENSION ... IF NOT EXISTS ahead of another creating
 * statement ("CREATE SCHEMA IF NOT EXISTS app; CREATE TABLE app.t ..." at path
 * app.t) makes sure of a prerequisite: the blob defines what comes after it.
 */
static int is_prerequisite(const char *type, json_t *s)
{
	return (!strcmp(type, "CreateSchemaStmt") || !strcmp(type, "CreateExtensionStmt")) &&
	       json_is_true(json_object_get(s, "if_not_exists"));
}

int ddl_identify(json_t *stmts, struct ddl_identity *id)
{
	struct path_state path;
	struct path_pair at_prerequisite = { NULL, NULL };
	size_t i;
	json_t *raw;
	int chosen = -1, prerequisite = -1;
	const char *const *p;

	memset(id, 0, sizeof(*id));
	id->index = -1;
	path_state_init(&path);
	/* pass 1: the first creating statement that is not a prerequisite, else the first
	   prerequisite */
	json_array_foreach(stmts, i, raw) {
		const char *type = NULL;
		json_t *s = ddl_node(json_object_get(raw, "stmt"), &type);
		if (!s)
			continue;
		for (p = creating_statements; *p; p++)
			if (!strcmp(*p, type))
				break;
		if (*p && is_prerequisite(type, s)) {
			if (prerequisite < 0) {
				prerequisite = (int)i;
				path_pair_set(&at_prerequisite, &path.now);
			}
		} else if (*p || (!strcmp(type, "SelectStmt") && json_object_get(s, "intoClause"))) {
			chosen = (int)i;
			break;
		}
		follow_search_path(type, s, &path);
	}
	if (chosen < 0 && prerequisite >= 0) {
		chosen = prerequisite;
		path_pair_set(&path.now, &at_prerequisite);
	}
	path_pair_release(&at_prerequisite);
	if (chosen >= 0) {
		const char *type = NULL;
		json_t *s = ddl_node(json_object_get(json_array_get(stmts, chosen), "stmt"), &type);
		int rc = identify_statement(type, s, creates_in_path(type) ? path.now.create : path.now.ref, path.now.ref, id);
		/* the schema an unqualified reference means is the one at the defining
		   statement, before any later statement of the blob changes the path */
		if (rc == 0)
			id->ref_schema = xstrdup(path.now.ref);
		if (rc == 0 && id->creates && id->name) {
			follow_search_path(type, s, &path);
			follow_moves(stmts, (size_t)chosen, &path, id);
		}
		path_state_release(&path);
		if (rc == 0) {
			id->index = chosen;
			id->stmt_type = type;
			id->stmt = s;
			return 0;
		}
		ddl_identity_release(id);
		return -1;
	}
	/* pass 2, no creating statement: the first statement that names an object (ALTER,
	   DROP, COMMENT, GRANT...); one that names none (LOCK, DO, INSERT, ANALYZE...) is
	   passed over as PostgreSQL's event triggers pass it over */
	path_state_release(&path);
	path_state_init(&path);
	json_array_foreach(stmts, i, raw) {
		const char *type = NULL;
		json_t *s = ddl_node(json_object_get(raw, "stmt"), &type);
		if (!s)
			continue;
		if (!is_preamble(type)) {
			if (identify_statement(type, s, path.now.ref, path.now.ref, id) == 0) {
				if ((!strcmp(type, "CommentStmt") || !strcmp(type, "SecLabelStmt")) && id->object_type &&
				    !strcmp(id->object_type, "table column"))
					column_relation_from_blob(stmts, i, &path, id);
				id->index = (int)i;
				id->stmt_type = type;
				id->stmt = s;
				id->ref_schema = xstrdup(path.now.ref);
				path_state_release(&path);
				return 0;
			}
			ddl_identity_release(id);
		}
		follow_search_path(type, s, &path);
	}
	path_state_release(&path);
	return -1;
}
