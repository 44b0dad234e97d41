/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cpulist.c - parse and print the kernel's CPU list format.
 *
 * The format is bitmap_parselist()'s (lib/bitmap-str.c): comma-separated
 * decimal numbers and inclusive ranges, a trailing newline, and "" for an
 * empty set.  The kernel also accepts strides ("0-7:2/4") on input but never
 * prints them, so a stride in sysfs is rejected as malformed. */
#include "cpulist.h"

#include <stdio.h>
#include <string.h>

#include "array_size.h"
#define WORD_BITS (8 * sizeof(unsigned long))

void cpuset_clear(struct cpuset *set)
{
	memset(set, 0, sizeof(*set));
}

void cpuset_add(struct cpuset *set, unsigned cpu)
{
	if (cpu < CPUSET_MAX)
		set->bits[cpu / WORD_BITS] |= 1UL << (cpu % WORD_BITS);
}

bool cpuset_has(const struct cpuset *set, unsigned cpu)
{
	return cpu < CPUSET_MAX && (set->bits[cpu / WORD_BITS] >> (cpu % WORD_BITS)) & 1;
}

unsigned cpuset_count(const struct cpuset *set)
{
	unsigned n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(set->bits); i++)
		n += (unsigned)__builtin_popcountl(set->bits[i]);
	return n;
}

int cpuset_first(const struct cpuset *set)
{
	for (size_t i = 0; i < ARRAY_SIZE(set->bits); i++)
		if (set->bits[i])
			return (int)(i * WORD_BITS) + __builtin_ctzl(set->bits[i]);
	return -1;
}

void cpuset_and(struct cpuset *dst, const struct cpuset *a, const struct cpuset *b)
{
	for (size_t i = 0; i < ARRAY_SIZE(dst->bits); i++)
		dst->bits[i] = a->bits[i] & b->bits[i];
}

bool cpuset_equal(const struct cpuset *a, const struct cpuset *b)
{
	return memcmp(a->bits, b->bits, sizeof(a->bits)) == 0;
}

/* One decimal CPU number; *end is left after it. */
static int parse_cpu(const char **p, unsigned *cpu, char *why, size_t whylen)
{
	const char *s = *p;
	unsigned long v = 0;

	if (*s < '0' || *s > '9') {
		if (*s)
			snprintf(why, whylen, "expected a CPU number, found byte 0x%02x",
				 (unsigned char)*s);
		else
			snprintf(why, whylen, "expected a CPU number at end of list");
		return -1;
	}
	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (unsigned long)(*s - '0');
		if (v >= CPUSET_MAX) {
			snprintf(why, whylen, "CPU number beyond the kernel limit of %d", CPUSET_MAX);
			return -1;
		}
		s++;
	}
	*cpu = (unsigned)v;
	*p = s;
	return 0;
}

int cpulist_parse(const char *s, struct cpuset *set, char *why, size_t whylen)
{
	cpuset_clear(set);
	if (*s == '\n' && s[1] == '\0')
		return 0;
	if (*s == '\0')
		return 0;
	for (;;) {
		unsigned lo, hi;

		if (parse_cpu(&s, &lo, why, whylen))
			return -1;
		hi = lo;
		if (*s == '-') {
			s++;
			if (parse_cpu(&s, &hi, why, whylen))
				return -1;
			if (hi < lo) {
				snprintf(why, whylen, "inverted range %u-%u", lo, hi);
				return -1;
			}
		}
		for (unsigned c = lo; c <= hi; c++)
			cpuset_add(set, c);
		if (*s == ',') {
			s++;
			continue;
		}
		if (*s == '\n')
			s++;
		if (*s == '\0')
			return 0;
		snprintf(why, whylen, "unexpected character 0x%02x in CPU list",
			 (unsigned char)*s);
		return -1;
	}
}

int cpulist_format(const struct cpuset *set, char *buf, size_t len)
{
	size_t off = 0;

	if (!len)
		return -1;
	buf[0] = '\0';
	for (unsigned c = 0; c < CPUSET_MAX; c++) {
		unsigned end = c;
		int n;

		/* A set is mostly empty words: skip them whole. */
		if (!set->bits[c / WORD_BITS]) {
			c |= WORD_BITS - 1;
			continue;
		}
		if (!cpuset_has(set, c))
			continue;
		while (end + 1 < CPUSET_MAX && cpuset_has(set, end + 1))
			end++;
		if (end == c)
			n = snprintf(buf + off, len - off, "%s%u", off ? "," : "", c);
		else
			n = snprintf(buf + off, len - off, "%s%u-%u", off ? "," : "", c, end);
		if (n < 0 || (size_t)n >= len - off)
			return -1;
		off += (size_t)n;
		c = end;
	}
	return 0;
}
