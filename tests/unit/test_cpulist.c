/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_cpulist.c - the kernel cpulist format: good lists, bad lists, limits. */
#include <stdio.h>
#include <string.h>

#include "cpulist.h"
#include "tap.h"

static int roundtrip(const char *in, const char *want)
{
	struct cpuset s;
	char why[128] = "", out[256];

	if (cpulist_parse(in, &s, why, sizeof(why)))
		return ok(0, "parse \"%s\" (%s)", in, why);
	if (cpulist_format(&s, out, sizeof(out)))
		return ok(0, "format \"%s\"", in);
	return is_str(out, want, "\"%s\" -> \"%s\"", in, want);
}

static void rejected(const char *in, const char *reason_part)
{
	struct cpuset s;
	char why[128] = "";
	int ret = cpulist_parse(in, &s, why, sizeof(why));

	is_int(ret, -1, "reject \"%s\"", in);
	has_str(why, reason_part, "reject \"%s\": the reason", in);
}

/* Every buffer size around the length of IN's list: it fits exactly when
 * the buffer holds the text and its NUL, and what fits is the whole list;
 * one byte less is -1 ("too long"), never a cut list taken as whole. */
static void format_sizes(const char *in)
{
	struct cpuset s;
	char why[128], full[40000], out[40000];
	size_t n;
	int bad = 0;

	if (cpulist_parse(in, &s, why, sizeof(why)) || cpulist_format(&s, full, sizeof(full))) {
		ok(0, "sizes of \"%.40s\": parsed and formatted", in);
		return;
	}
	n = strlen(full);
	/* the first 64 sizes and the last 66: the middle of a long list
	 * cuts the same way, and ASan makes every size cost a format */
	for (size_t len = 1; len <= n + 2; len = len == 64 && n > 130 ? n - 63 : len + 1) {
		int ret;

		memset(out, 'X', sizeof(out));
		ret = cpulist_format(&s, out, len);
		if (len <= n ? ret != -1 : ret != 0 || strcmp(out, full))
			bad++;
		if (memchr(out, '\0', len) == NULL || out[len] != 'X')
			bad++;     /* not terminated, or written past LEN */
	}
	ok(!bad, "\"%.40s%s\" (%zu bytes): buffers of 1 to %zu bytes: -1 below %zu, the whole "
	   "list from %zu, always terminated inside (%d wrong)", in, strlen(in) > 40 ? "..." : "", n,
	   n + 2, n + 1, n + 1, bad);
}

int main(void)
{
	struct cpuset s;
	char why[128], out[64];

	roundtrip("0-3,8,10-11\n", "0-3,8,10-11");
	roundtrip("0-3,8,10-11", "0-3,8,10-11");
	roundtrip("5", "5");
	/* a one-CPU range is legal: the kernel's bitmap_parselist()
	 * (lib/bitmap-str.c) refuses only start > end */
	roundtrip("3-3", "3");
	roundtrip("0-0,2-2", "0,2");
	roundtrip("\n", "");
	roundtrip("", "");
	roundtrip("3,0-2", "0-3");
	roundtrip("0,1,2,3", "0-3");
	roundtrip("0-8191", "0-8191");
	roundtrip("8191", "8191");
	rejected("5-3", "inverted range 5-3");
	rejected("0-4294967295", "kernel limit");
	rejected("8192", "kernel limit");
	rejected("99999999999999999999", "kernel limit");
	rejected("-1", "expected a CPU number");
	rejected("0-", "expected a CPU number at end");
	rejected("0,,1", "expected a CPU number");
	rejected("0-3,", "expected a CPU number at end");
	rejected("0 1", "unexpected character 0x20");
	rejected("0-7:2/4", "unexpected character 0x3a");
	rejected("abc", "expected a CPU number");
	rejected("1\n2", "unexpected character 0x32");
	/* Real lists: an RK3588's big cores, a Graviton4's 96 CPUs, the
	 * pattern above, and every other CPU of 8192 (the longest there is). */
	format_sizes("4-7");
	format_sizes("0-95");
	format_sizes("0-3,8,10-11");
	{
		static char alt[40000];
		size_t o = 0;

		for (unsigned c = 0; c < 8192; c += 2)
			o += (size_t)snprintf(alt + o, sizeof(alt) - o, "%s%u", c ? "," : "", c);
		format_sizes(alt);
	}

	cpulist_parse("0-8191", &s, why, sizeof(why));
	ok(cpuset_count(&s) == 8192, "0-8191 holds 8192 CPUs");
	ok(cpulist_format(&s, out, 4) == -1, "format reports a too-small buffer");
	cpulist_parse("4-7", &s, why, sizeof(why));
	ok(cpuset_first(&s) == 4, "first CPU of 4-7 is 4");
	cpulist_parse("", &s, why, sizeof(why));
	ok(cpuset_first(&s) == -1 && cpuset_count(&s) == 0, "empty set has no first CPU");
	/* A PMU bound to a later cluster of a large machine (a second socket's
	 * cores, the big cores of a DynamIQ part numbered after the little
	 * ones): its first CPU is in a later word of the set, or high in one. */
	{
		static const struct { const char *list; int first; } firsts[] = {
			{ "63,64", 63 }, { "64-127", 64 }, { "100,130", 100 },
			{ "127", 127 }, { "4095", 4095 }, { "8191", 8191 }, { "95,8191", 95 },
		};

		for (size_t i = 0; i < sizeof(firsts) / sizeof(firsts[0]); i++) {
			int ret = cpulist_parse(firsts[i].list, &s, why, sizeof(why));

			ok(!ret && cpuset_first(&s) == firsts[i].first, "first CPU of %s is %d (got %d)",
			   firsts[i].list, firsts[i].first, cpuset_first(&s));
		}
	}
	{
		struct cpuset a, b, c;

		cpulist_parse("0-5", &a, why, sizeof(why));
		cpulist_parse("4-9", &b, why, sizeof(why));
		cpuset_and(&c, &a, &b);
		cpulist_format(&c, out, sizeof(out));
		is_str(out, "4-5", "0-5 and 4-9 is 4-5");
	}
	return done_testing();
}
