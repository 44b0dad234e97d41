/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_values.c - libFuzzer target: parse_hex_u64(), parse_dec_int() and
 * utf8_sanitize(), each against an independent oracle.
 *
 *   parse_hex_u64  accepts exactly [0x|0X]<1-16 significant hex digits>
 *                  (leading zeros free) and returns strtoull's value;
 *   parse_dec_int  accepts exactly 1+ decimal digits up to INT_MAX;
 *   sysfs_event_code  -1 or a 16-bit event number, only after "event=0x";
 *   utf8_sanitize  returns valid UTF-8 (RFC 3629), unchanged when the input
 *                  was valid, and the input's length when nothing changed. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "sysfs.h"
#include "utf8.h"
#include "util.h"

/* Strict RFC 3629 validation, written apart from utf8.c on purpose. */
static int valid_utf8(const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t len;
		unsigned char c = p[i];

		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			len = 2;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			len = 3;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			len = 4;
			cp = c & 0x07;
		} else
			return 0;
		if (i + len > n)
			return 0;
		for (size_t k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
		    (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += len;
	}
	return 1;
}

static void check_hex(const char *s)
{
	char why[192] = "";
	uint64_t v = 0;
	const char *p = s;
	size_t sig = 0;
	int ok = 1;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	if (!*p)
		ok = 0;
	for (const char *q = p; *q && ok; q++) {
		if (!isxdigit((unsigned char)*q))
			ok = 0;
		else if (sig || *q != '0')
			sig++;
	}
	if (sig > 16)
		ok = 0;
	if (parse_hex_u64(s, &v, why, sizeof(why)) == 0) {
		if (!ok || v != strtoull(p, NULL, 16))
			abort();
	} else if (ok || !why[0] || !memchr(why, '\0', sizeof(why)))
		abort();
}

static void check_dec(const char *s)
{
	char why[192] = "";
	int v = -1, ok = *s != '\0';
	long long ref = 0;

	for (const char *q = s; *q && ok; q++) {
		if (*q < '0' || *q > '9')
			ok = 0;
		else if ((ref = ref * 10 + (*q - '0')) > INT_MAX)
			ok = 0;
	}
	if (parse_dec_int(s, &v, why, sizeof(why)) == 0) {
		if (!ok || v != (int)ref || v < 0)
			abort();
	} else if (ok || !why[0] || !memchr(why, '\0', sizeof(why)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *clean;
	size_t len;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	check_hex(s);
	check_dec(s);
	{
		int code = sysfs_event_code(s);

		if (code < -1 || code > 0xffff || (code >= 0 && !strstr(s, "event=0x") &&
						     !strstr(s, "event=0X")))
			abort();
	}
	len = strlen(s);
	clean = utf8_sanitize(s);
	if (!clean)
		abort();
	if (!valid_utf8((const unsigned char *)clean, strlen(clean)))
		abort();
	if (valid_utf8((const unsigned char *)s, len) != (strcmp(clean, s) == 0))
		abort();
	free(clean);
	free(s);
	return 0;
}
