/* display.c - store values quoted for messages; see display.h. */
#include "display.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 character at s[i] (2-4 bytes, no overlong form, no surrogate,
   at most U+10FFFF), or 0 when s[i] does not start one. s[i] >= 0x80. */
static size_t utf8_char_len(const unsigned char *s, size_t i, size_t len)
{
	unsigned char c = s[i];
	size_t n;
	unsigned char lo = 0x80, hi = 0xbf;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (len - i < n)
		return 0;
	if (s[i + 1] < lo || s[i + 1] > hi)
		return 0;
	for (size_t k = 2; k < n; k++)
		if (s[i + k] < 0x80 || s[i + k] > 0xbf)
			return 0;
	return n;
}

/* The code point of the valid UTF-8 character s[0..n), n 2 to 4. */
static unsigned utf8_decode(const unsigned char *s, size_t n)
{
	unsigned cp = s[0] & (n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07);
	for (size_t k = 1; k < n; k++)
		cp = (cp << 6) | (s[k] & 0x3f);
	return cp;
}

/*
 * Invisible characters that change how the text around them reads: the bidirectional
 * controls (embeddings, overrides, isolates, marks: a "Trojan source" value whose printed
 * order is not its byte order), zero-width characters, the word joiner and invisible
 * operators, the byte order mark, the soft hyphen, interlinear annotation marks. A message
 * shows them escaped, so what the operator reads is what the value holds.
 */
static int is_invisible_format(unsigned cp)
{
	return cp == 0x00ad || cp == 0x061c || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff ||
	       (cp >= 0xfff9 && cp <= 0xfffb);
}

/* Bytes of a character kept as it is at s[i], or 0 when s[i] must be escaped. */
static size_t kept_len(const unsigned char *s, size_t i, size_t len)
{
	unsigned char c = s[i];
	if (c < 0x80)
		return c >= ' ' && c != 0x7f ? 1 : 0;
	size_t n = utf8_char_len(s, i, len);
	/* C1 controls: U+0080-U+009F (U+009B is the 8-bit CSI) */
	if (n == 2 && c == 0xc2 && s[i + 1] <= 0x9f)
		return 0;
	if (n >= 2 && is_invisible_format(utf8_decode(s + i, n)))
		return 0;
	return n;
}

int display_is_printable(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	for (size_t i = 0; i < len;) {
		size_t n = kept_len(s, i, len);
		if (n == 0)
			return 0;
		i += n;
	}
	return 1;
}

int display_is_plain(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	if (len == 0)
		return 0;
	for (size_t i = 0; i < len;) {
		if (s[i] == ' ' || s[i] == '"' || s[i] == '\\')
			return 0;
		size_t n = kept_len(s, i, len);
		if (n == 0)
			return 0;
		i += n;
	}
	return 1;
}

/* The escaping itself, writing through put(): shared by the strbuf form and the last-line
   filter of every message (display_fputs), which must not allocate (it runs in pga_die(),
   also on out-of-memory). */
static void display_emit(const char *str, size_t len, unsigned flags,
			 void (*put)(void *ctx, const char *p, size_t n), void *ctx)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	int text = (flags & (DISPLAY_TEXT | DISPLAY_LINES)) != 0;
	if (!(flags & DISPLAY_QUOTE) && !text && display_is_plain(str, len)) {
		put(ctx, str, len);
		return;
	}
	if (!text)
		put(ctx, "\"", 1);
	size_t run = 0; /* bytes kept as they are, not yet put */
	for (size_t i = 0; i < len;) {
		unsigned char c = s[i];
		const char *esc = NULL;
		switch (c) {
		case '"': esc = text ? NULL : "\\\""; break;
		case '\\': esc = text ? NULL : "\\\\"; break;
		case '\n': esc = (flags & DISPLAY_LINES) ? NULL : "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = (flags & DISPLAY_LINES) ? NULL : "\\t"; break;
		default: break;
		}
		size_t n = esc || c == '\n' ? 0 : c == '\t' ? 1 : kept_len(s, i, len);
		if (n) {
			run += n;
			i += n;
			continue;
		}
		if (run)
			put(ctx, str + i - run, run);
		run = 0;
		if (esc) {
			put(ctx, esc, strlen(esc));
			i++;
			continue;
		}
		if (c == '\n') {
			/* a message's later lines are indented: none of them (a line of libpq's
			   message, or of a value it echoes) can start like a message of its own */
			put(ctx, i + 1 < len ? "\n  " : "\n", i + 1 < len ? 3 : 1);
			i++;
			continue;
		}
		/* a C1 character is escaped as its two bytes, as compare always wrote it; an
		   invisible format character as its bytes too (kept_len() refused the whole one) */
		size_t bad = (c == 0xc2 && i + 1 < len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f) ? 2 : 1;
		if (c >= 0x80 && bad == 1)
			bad = utf8_char_len(s, i, len) ? utf8_char_len(s, i, len) : 1;
		for (size_t k = 0; k < bad; k++) {
			char x[4] = { '\\', 'x', hex[s[i + k] >> 4], hex[s[i + k] & 15] };
			put(ctx, x, 4);
		}
		i += bad;
	}
	if (run)
		put(ctx, str + len - run, run);
	if (!text)
		put(ctx, "\"", 1);
}

static void put_strbuf(void *ctx, const char *p, size_t n) { strbuf_add(ctx, p, n); }
static void put_file(void *ctx, const char *p, size_t n) { (void)fwrite(p, 1, n, ctx); }

void strbuf_add_display(struct strbuf *sb, const char *str, size_t len, unsigned flags)
{
	strbuf_grow(sb, len + 2);
	display_emit(str, len, flags, put_strbuf, sb);
}

void display_fputs(FILE *f, const char *s, size_t len, unsigned flags)
{
	display_emit(s, len, flags, put_file, f);
}

/* ---- per-thread rings for printf-style messages ---- */

enum { RING = 8 };

struct display_ring {
	struct strbuf sb[RING];
	unsigned next;
};

static pthread_key_t ring_key;
static pthread_once_t ring_once = PTHREAD_ONCE_INIT;

static void ring_free(void *p)
{
	struct display_ring *r = p;
	for (int i = 0; i < RING; i++)
		strbuf_release(&r->sb[i]);
	free(r);
}

static void ring_key_make(void)
{
	(void)pthread_key_create(&ring_key, ring_free);
}

static const char *ring_display(const char *s, size_t len, unsigned flags)
{
	pthread_once(&ring_once, ring_key_make);
	struct display_ring *r = pthread_getspecific(ring_key);
	if (!r) {
		r = calloc(1, sizeof(*r));
		if (!r)
			return "(value not shown: out of memory)";
		for (int i = 0; i < RING; i++)
			strbuf_init(&r->sb[i], 0);
		(void)pthread_setspecific(ring_key, r);
	}
	struct strbuf *sb = &r->sb[r->next];
	r->next = (r->next + 1) % RING;
	strbuf_reset(sb);
	strbuf_add_display(sb, s, len, flags);
	return sb->buf;
}

const char *dvn(const char *s, size_t len) { return ring_display(s, len, 0); }
const char *dqn(const char *s, size_t len) { return ring_display(s, len, DISPLAY_QUOTE); }
const char *dtn(const char *s, size_t len) { return ring_display(s, len, DISPLAY_TEXT); }
const char *dt(const char *s) { return s ? dtn(s, strlen(s)) : "(null)"; }
const char *dv(const char *s) { return s ? dvn(s, strlen(s)) : "(null)"; }
const char *dq(const char *s) { return s ? dqn(s, strlen(s)) : "(null)"; }
