/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_cpulist.c - libFuzzer target: cpulist_parse() and cpulist_format().
 *
 * Whatever parses must print, and the printed form must parse back to the
 * same set and print the same again (the round trip is stable); whatever
 * does not parse must say why in one line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cpulist.h"

/* Every CPU alone ("0,2,4,...") is the longest canonical list: < 48 KiB. */
#define FMT_MAX (64 * 1024)

static char fmt1[FMT_MAX], fmt2[FMT_MAX];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cpuset a, b;
	char why[192];
	char *s = malloc(size + 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	memset(why, 0x55, sizeof(why));
	if (cpulist_parse(s, &a, why, sizeof(why))) {
		/* A reason, NUL-terminated inside the buffer, one line. */
		if (!memchr(why, '\0', sizeof(why)) || !why[0])
			abort();
		free(s);
		return 0;
	}
	if (cpulist_format(&a, fmt1, sizeof(fmt1)))
		abort();
	if (cpulist_parse(fmt1, &b, why, sizeof(why)))
		abort();
	if (!cpuset_equal(&a, &b))
		abort();
	if (cpulist_format(&b, fmt2, sizeof(fmt2)) || strcmp(fmt1, fmt2))
		abort();
	/* Counting agrees with membership, and first is the lowest member. */
	{
		unsigned n = 0;
		int first = -1;

		for (unsigned c = 0; c < CPUSET_MAX; c++)
			if (cpuset_has(&a, c)) {
				if (first < 0)
					first = (int)c;
				n++;
			}
		if (n != cpuset_count(&a) || first != cpuset_first(&a))
			abort();
	}
	/* A small buffer fails cleanly, never overflows (ASan watches). */
	{
		size_t len = strlen(fmt1), small = len ? len : 1;
		char *tight = malloc(small);

		if (!tight)
			abort();
		if (len && cpulist_format(&a, tight, len) == 0)
			abort(); /* needs len + 1 bytes */
		free(tight);
	}
	free(s);
	return 0;
}
