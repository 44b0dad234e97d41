/* SPDX-License-Identifier: GPL-2.0-or-later */
/* util.c - errno names, value parsers and the monotonic clock. */
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* errno values are below 4096: the kernel's -MAX_ERRNO bound. */
#define ERRNO_MAX 4095

/* A value the C library has no name for (the kernel's internal ENOTSUPP
 * 524 can leak out of an ioctl; an archive may hold anything) is "E" and
 * its number, still a valid name for the schema's ^E[A-Z0-9]+$. */
const char *errno_name(int err)
{
	static _Thread_local char buf[16];
	const char *n = strerrorname_np(err);

	if (n)
		return n;
	snprintf(buf, sizeof(buf), "E%u", (unsigned)err);
	return buf;
}

int errno_from_name(const char *name)
{
	int e;
	char why[64];

	/* errno_name()'s "E524" for a number without a name. */
	if (name[0] == 'E' && name[1] >= '1' && name[1] <= '9' &&
	    !parse_dec_int(name + 1, &e, why, sizeof(why)))
		return e <= ERRNO_MAX ? e : -1;
	for (e = 1; e <= ERRNO_MAX; e++) {
		const char *n = strerrorname_np(e);

		if (n && !strcmp(n, name))
			return e;
	}
	return -1;
}

static bool scrubbed(unsigned char c, bool ascii_only)
{
	return c < 0x20 || c == 0x7f || c == '\\' || (ascii_only && c > 0x7f);
}

void scrub_controls(char *out, size_t len, const char *s, bool ascii_only)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0, whole = 1;

	if (!len)
		return;
	for (const unsigned char *q = p; *q; q++)
		whole += scrubbed(*q, ascii_only) ? 4 : 1;
	/* What does not fit ends in "...": keep room for it and the NUL. */
	for (size_t room = whole <= len ? len : len > 4 ? len - 3 : 0; *p; p++) {
		size_t need = scrubbed(*p, ascii_only) ? 4 : 1;

		if (o + need + 1 > room)
			break;
		if (need > 1)
			o += (size_t)snprintf(out + o, len - o, "\\x%02x", *p);
		else
			out[o++] = (char)*p;
	}
	if (*p && len > 4)
		memcpy(out + o, "...", 3), o += 3;
	out[o] = '\0';
}

int parse_hex_u64(const char *s, uint64_t *v, char *why, size_t whylen)
{
	uint64_t x = 0;
	const char *p = s;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	if (!*p) {
		snprintf(why, whylen, "empty value, expected a hex number");
		return -1;
	}
	for (; *p; p++) {
		unsigned d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned)(*p - '0');
		else if (*p >= 'a' && *p <= 'f')
			d = (unsigned)(*p - 'a' + 10);
		else if (*p >= 'A' && *p <= 'F')
			d = (unsigned)(*p - 'A' + 10);
		else {
			snprintf(why, whylen, "not a hex number (byte 0x%02x at offset %zu)",
				 (unsigned char)*p, (size_t)(p - s));
			return -1;
		}
		if (x >> 60) {
			snprintf(why, whylen, "hex number wider than 64 bits");
			return -1;
		}
		x = x << 4 | d;
	}
	*v = x;
	return 0;
}

int parse_dec_int(const char *s, int *v, char *why, size_t whylen)
{
	long x = 0;
	const char *p = s;

	if (!*p) {
		snprintf(why, whylen, "empty value, expected a decimal number");
		return -1;
	}
	if (*p == '-') {
		snprintf(why, whylen, "negative number where a non-negative one belongs");
		return -1;
	}
	for (; *p; p++) {
		if (*p < '0' || *p > '9') {
			snprintf(why, whylen, "not a decimal number (byte 0x%02x at offset %zu)",
				 (unsigned char)*p, (size_t)(p - s));
			return -1;
		}
		x = x * 10 + (*p - '0');
		if (x > 0x7fffffff) {
			snprintf(why, whylen, "number out of range");
			return -1;
		}
	}
	*v = (int)x;
	return 0;
}

uint64_t monotonic_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

int fail_line(char *err, size_t len, const char *fmt, ...)
{
	char raw[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	scrub_controls(err, len, raw, true);
	return -1;
}
