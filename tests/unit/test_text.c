/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_text.c - every boundary of the text cleaners, through their public
 * functions:
 *   utf8_sanitize()    the JSON writer (json_out.c): invalid UTF-8 -> U+FFFD;
 *   utf8_put_clean()   the text, Prometheus, NFD and --migrate-from
 *                      renderers and the messages quoting the user's
 *                      arguments: utf8_sanitize(), then C0, DEL and C1
 *                      (U+0080-U+009F; 0x9b is CSI) as '?';
 *   scrub_controls()   one-line fields: ASCII-only mode (archive member
 *                      names in tar_read.c, fail_line()'s messages, the
 *                      probe record's errors) escapes every byte >= 0x80 as
 *                      \xNN; UTF-8 mode (the replay line, a report's error
 *                      and vCPU "why" strings) keeps them for the printer,
 *                      utf8_put_clean(), to clean.
 * Boundaries per RFC 3629 section 4 (the table of well-formed sequences)
 * and ECMA-48 (C0 0x00-0x1f, DEL 0x7f, C1 0x80-0x9f). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "tap.h"
#include "utf8.h"
#include "util.h"

#define FFFD "\xef\xbf\xbd"

/* What utf8_put_clean() prints for S, malloc'ed. */
static char *put_clean(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	utf8_put_clean(f, s);
	fclose(f);
	return buf;
}

struct utf8_case {
	const char *what, *in, *sanitized, *printed;
};

static const struct utf8_case utf8_cases[] = {
	{ "U+001F (last C0)", "a\x1f" "b", "a\x1f" "b", "a?b" },
	{ "U+0020 (space)", "a b", "a b", "a b" },
	{ "U+007E (tilde)", "a~b", "a~b", "a~b" },
	{ "U+007F (DEL)", "a\x7f" "b", "a\x7f" "b", "a?b" },
	{ "ESC [ (a CSI)", "\x1b[31m", "\x1b[31m", "?[31m" },
	{ "U+0080 (first C1)", "a\xc2\x80" "b", "a\xc2\x80" "b", "a?b" },
	{ "U+009B (C1 CSI)", "a\xc2\x9b" "b", "a\xc2\x9b" "b", "a?b" },
	{ "U+009F (last C1)", "a\xc2\x9f" "b", "a\xc2\x9f" "b", "a?b" },
	{ "U+00A0 (no-break space)", "a\xc2\xa0" "b", "a\xc2\xa0" "b", "a\xc2\xa0" "b" },
	{ "U+00DF (second byte 0x9f, first not 0xc2)", "\xc3\x9f", "\xc3\x9f", "\xc3\x9f" },
	{ "U+07FF (last of two bytes)", "\xdf\xbf", "\xdf\xbf", "\xdf\xbf" },
	{ "C0 80 (overlong NUL)", "\xc0\x80", FFFD FFFD, FFFD FFFD },
	{ "C1 BF (overlong U+007F)", "\xc1\xbf", FFFD FFFD, FFFD FFFD },
	{ "E0 9F BF (overlong U+07FF)", "\xe0\x9f\xbf", FFFD FFFD FFFD, FFFD FFFD FFFD },
	{ "U+0800 (first of three bytes)", "\xe0\xa0\x80", "\xe0\xa0\x80", "\xe0\xa0\x80" },
	{ "U+D7FF (before the surrogates)", "\xed\x9f\xbf", "\xed\x9f\xbf", "\xed\x9f\xbf" },
	{ "ED A0 80 (surrogate U+D800)", "\xed\xa0\x80", FFFD FFFD FFFD, FFFD FFFD FFFD },
	{ "ED BF BF (surrogate U+DFFF)", "\xed\xbf\xbf", FFFD FFFD FFFD, FFFD FFFD FFFD },
	{ "U+E000 (after the surrogates)", "\xee\x80\x80", "\xee\x80\x80", "\xee\x80\x80" },
	{ "U+FFFF", "\xef\xbf\xbf", "\xef\xbf\xbf", "\xef\xbf\xbf" },
	{ "F0 8F BF BF (overlong U+FFFF)", "\xf0\x8f\xbf\xbf", FFFD FFFD FFFD FFFD, FFFD FFFD FFFD FFFD },
	{ "U+10000 (first of four bytes)", "\xf0\x90\x80\x80", "\xf0\x90\x80\x80", "\xf0\x90\x80\x80" },
	{ "U+10FFFF (the last code point)", "\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf" },
	{ "F4 90 80 80 (U+110000)", "\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD, FFFD FFFD FFFD FFFD },
	{ "F5 80 80 80 (no lead byte)", "\xf5\x80\x80\x80", FFFD FFFD FFFD FFFD, FFFD FFFD FFFD FFFD },
	{ "a lone continuation byte 0x80", "a\x80", "a" FFFD, "a" FFFD },
	{ "a bad continuation (C3 28)", "\xc3(", FFFD "(", FFFD "(" },
	{ "two of two bytes cut at the end", "x\xc3", "x" FFFD, "x" FFFD },
	{ "three bytes cut after two at the end", "x\xe2\x82", "x" FFFD FFFD, "x" FFFD FFFD },
	{ "four bytes cut after three at the end", "x\xf0\x9f\x98", "x" FFFD FFFD FFFD, "x" FFFD FFFD FFFD },
	{ "three bytes cut in the middle", "\xe2\x82x", FFFD FFFD "x", FFFD FFFD "x" },
};

struct scrub_case {
	const char *what, *in, *ascii, *utf8;
};

static const struct scrub_case scrub_cases[] = {
	{ "0x1f (last C0)", "a\x1f" "b", "a\\x1fb", "a\\x1fb" },
	{ "0x20 (space)", "a b", "a b", "a b" },
	{ "0x7e (tilde)", "a~b", "a~b", "a~b" },
	{ "0x7f (DEL)", "a\x7f" "b", "a\\x7fb", "a\\x7fb" },
	{ "a backslash, so an escape is never ambiguous", "a\\b", "a\\x5cb", "a\\x5cb" },
	{ "0x80 (first byte past ASCII)", "a\x80", "a\\x80", "a\x80" },
	{ "U+009F", "\xc2\x9f", "\\xc2\\x9f", "\xc2\x9f" },
	{ "U+00A0", "\xc2\xa0", "\\xc2\\xa0", "\xc2\xa0" },
	{ "0xff", "\xff", "\\xff", "\xff" },
};

int main(void)
{
	for (size_t i = 0; i < sizeof(utf8_cases) / sizeof(utf8_cases[0]); i++) {
		const struct utf8_case *c = &utf8_cases[i];
		char *s = utf8_sanitize(c->in), *p = put_clean(c->in);

		is_str(s, c->sanitized, "utf8_sanitize: %s", c->what);
		is_str(p, c->printed, "utf8_put_clean: %s", c->what);
		free(s);
		free(p);
	}
	for (size_t i = 0; i < sizeof(scrub_cases) / sizeof(scrub_cases[0]); i++) {
		const struct scrub_case *c = &scrub_cases[i];
		char out[64], *p;

		scrub_controls(out, sizeof(out), c->in, true);
		is_str(out, c->ascii, "scrub_controls, ASCII-only: %s", c->what);
		scrub_controls(out, sizeof(out), c->in, false);
		is_str(out, c->utf8, "scrub_controls, UTF-8: %s", c->what);
		/* The UTF-8 mode's line reaches the user through utf8_put_clean():
		 * what comes out is valid, and no C0, DEL or C1 is left. */
		p = put_clean(out);
		ok(p && !strpbrk(p, "\x1f\x7f") && !strstr(p, "\xc2\x9f") && !strstr(p, "\xc2\x80"),
		   "scrub_controls, UTF-8, then utf8_put_clean: %s leaves no control", c->what);
		free(p);
	}
	return done_testing();
}
