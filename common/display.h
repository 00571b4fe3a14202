/*
 * display.h - values of the store, of artifacts and file names made safe to print in
 * messages and text reports meant for people.
 *
 * A store is untrusted: a path, object name, commit message, author, archive member name
 * or CSV field may hold a newline (a message would continue on a line that can be made to
 * read like another message), a terminal escape sequence (ESC [ ..., or the 8-bit CSI of
 * the C1 range) or bytes that are not UTF-8. Every such value goes through these functions
 * before it is printed for a person. Machine-readable outputs (CSV, NDJSON, JSON) are
 * escaped by their formats and never use them: artifacts stay byte-identical.
 *
 * The form, one rule for every program (the text summary of compare included): a value of
 * printable characters other than '"' and '\' is written as it is ("plain"); any other
 * value, and the empty one, is written in double quotes with C escapes: \" \\ \n \r \t,
 * and \xHH for each other byte of C0 and DEL, each of the two bytes of a C1 character
 * (U+0080-U+009F, UTF-8 C2 80 - C2 9F) and each byte that is not part of valid UTF-8.
 * Valid UTF-8 characters of U+00A0 on are kept, except the invisible ones that change how
 * the text around them reads (bidirectional controls such as U+202E, zero-width characters,
 * U+FEFF, U+00AD: docs/hostile-input.md), escaped as the \xHH of each byte. The output
 * always holds one line, no control byte, and reads back to the value.
 */
#ifndef PGA_DISPLAY_H
#define PGA_DISPLAY_H

#include <stddef.h>
#include <stdio.h>

#include "strbuf.h"

/* Flags of strbuf_add_display(). */
enum {
	/* Always write the quoted form, also for a plain value: for a message whose text puts
	   the value between double quotes (path "P"), so that a plain value reads as before. */
	DISPLAY_QUOTE = 1,
	/* Text that is a sentence rather than a value (a parser's or the server's message that
	   quotes the store's values its own way, a blob's first line): no quotes around it and
	   '"', '\\' and spaces kept as they are; the control bytes and bytes that are not UTF-8
	   escaped as above, so it still stays on one line (it no longer reads back one way). */
	DISPLAY_TEXT = 2,
	/* DISPLAY_TEXT keeping '\n' and '\t' too: the last line of defence of pga_die() and
	   its kin (common/util.c) over a whole message, which may be several lines on purpose
	   (the server's DETAIL and HINT lines). It keeps no ESC or other control byte from the
	   terminal; it does not keep a value on its line - that is what the other forms are for.
	   Each line after the first is indented by two spaces, so that no line of a message
	   (libpq's connection error is several lines, and may echo a value holding a newline)
	   reads like another message ("PROGRAM: error: ..."). */
	DISPLAY_LINES = 4,
};

/* Append s[0..len) (may hold NUL bytes) to sb in the form above. sb keeps owning its memory. */
void strbuf_add_display(struct strbuf *sb, const char *s, size_t len, unsigned flags);

/* Write s[0..len) to f in the form above; allocates nothing. */
void display_fputs(FILE *f, const char *s, size_t len, unsigned flags);

/* 1 when s[0..len) would be written as it is (no flag), 0 when it would be quoted. */
int display_is_plain(const char *s, size_t len);

/*
 * 1 when every character of s[0..len) is printable valid UTF-8 (no C0, DEL or C1 control,
 * no byte outside valid UTF-8; spaces, quotes and backslashes allowed), 0 otherwise: a name
 * that would print as it is in any form, as archive member names must be.
 */
int display_is_printable(const char *s, size_t len);

/*
 * For printf-style messages: the display form of a NUL-terminated s (NULL reads "(null)"),
 * quoted when needed (dv) or always (dq); dvn()/dqn() take a length. The empty value
 * is "" (quoted): a message never shows a value as nothing. The result lives in
 * a buffer of the calling thread that is reused on the 8th next call from that thread:
 * use it at once, in one message (at most 8 values a message), never keep or free it.
 * The buffers of a thread are freed when the thread ends (the main thread's stay
 * reachable until the process exits).
 */
const char *dv(const char *s);
const char *dq(const char *s);
const char *dvn(const char *s, size_t len);
const char *dqn(const char *s, size_t len);
/* The same with DISPLAY_TEXT. */
const char *dt(const char *s);
const char *dtn(const char *s, size_t len);

#endif
