/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tap.h - a minimal TAP producer for the unit tests. */
#ifndef KPI_TAP_H
#define KPI_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

__attribute__((format(printf, 2, 3)))
static int ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	tap_failed += !cond;
	return cond;
}

/* ok(), and on failure what came and what was wanted, as "# got" and
 * "# want" lines (tests/lib.sh does the same for goldens). */
__attribute__((format(printf, 3, 4), unused))
static int is_int(long long got, long long want, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", got == want ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (got != want)
		printf("# got:  %lld\n# want: %lld\n", got, want);
	tap_failed += got != want;
	return got == want;
}

/* The same for strings; NULL prints as (null) and equals only NULL. */
__attribute__((format(printf, 3, 4), unused))
static int is_str(const char *got, const char *want, const char *fmt, ...)
{
	int same = got && want ? !strcmp(got, want) : got == want;
	va_list ap;

	printf("%sok %d - ", same ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!same)
		printf("# got:  %s\n# want: %s\n", got ? got : "(null)", want ? want : "(null)");
	tap_failed += !same;
	return same;
}

/* ok() for "GOT contains WANT" (NULL contains nothing); on failure the
 * whole of GOT and the part looked for. */
__attribute__((format(printf, 3, 4), unused))
static int has_str(const char *got, const char *want, const char *fmt, ...)
{
	int found = got && want && strstr(got, want);
	va_list ap;

	printf("%sok %d - ", found ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!found)
		printf("# got:  %s\n# want: ...%s...\n", got ? got : "(null)", want ? want : "(null)");
	tap_failed += !found;
	return found;
}

static int done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}

#endif
