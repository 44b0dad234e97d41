/* SPDX-License-Identifier: GPL-2.0-or-later */
/* utf8.c - replace invalid UTF-8 so JSON output always parses.
 * Validation follows RFC 3629 section 4 (no overlongs, no surrogates,
 * nothing above U+10FFFF). */
#include "utf8.h"

#include <stdio.h>
#include <string.h>

#include "xalloc.h"

size_t utf8_valid_seq(const unsigned char *p)
{
	unsigned char c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		unsigned char lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;

		return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 ? 3 : 0;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		unsigned char lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;

		return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 &&
		       (p[3] & 0xc0) == 0x80 ? 4 : 0;
	}
	return 0;
}

char *utf8_sanitize(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), o = 0;
	char *out = xmalloc(3 * len + 1); /* each bad byte grows to 3 */

	while (*p) {
		size_t n = utf8_valid_seq(p);

		if (n) {
			memcpy(out + o, p, n);
			o += n;
			p += n;
		} else {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			p++;
		}
	}
	out[o] = '\0';
	return out;
}

void utf8_put_clean(FILE *out, const char *s)
{
	char *c = utf8_sanitize(s);

	for (const unsigned char *p = (const unsigned char *)c; *p; p++) {
		/* C0, DEL and the C1 controls U+0080-U+009F (0xc2 0x80-0x9f):
		 * 0x9b is CSI on terminals that honour C1. */
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			fputc('?', out);
			p++;
		} else {
			fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, out);
		}
	}
	free(c);
}

void utf8_vput_cleanf(FILE *out, const char *fmt, va_list ap)
{
	char *s = xvasprintf(fmt, ap);

	utf8_put_clean(out, s);
	free(s);
}

void utf8_put_cleanf(FILE *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	utf8_vput_cleanf(out, fmt, ap);
	va_end(ap);
}

void utf8_put_clean_lines(FILE *out, const char *text)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		char *line = xstrndup(text, n);

		utf8_put_clean(out, line);
		free(line);
		fputc('\n', out);
		text += n + (nl != NULL);
	}
}
