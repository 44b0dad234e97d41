/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tap.h - a minimal TAP producer for the unit tests. */
#ifndef KPI_TAP_H
#define KPI_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

/* One TAP line: "ok N - " or "not ok N - ", then FMT. */
static int tap_vline(int cond, const char *fmt, va_list ap)
{
	printf("%sok %d - ", cond ? "" : "not ", ++tap_n);
	vprintf(fmt, ap);
	putchar('\n');
	tap_failed += !cond;
	return cond;
}

/* Each checker below is a TAP line through tap_vline, then, on failure,
 * its "# got"/"# want" lines (tests/lib.sh does the same for goldens). */
#define TAP_LINE(cond, fmt) do {		\
		va_list ap_;			\
		va_start(ap_, fmt);		\
		tap_vline(cond, fmt, ap_);	\
		va_end(ap_);			\
	} while (0)

__attribute__((format(printf, 2, 3)))
static int ok(int cond, const char *fmt, ...)
{
	TAP_LINE(cond, fmt);
	return cond;
}

__attribute__((format(printf, 3, 4), unused))
static int is_int(long long got, long long want, const char *fmt, ...)
{
	TAP_LINE(got == want, fmt);
	if (got != want)
		printf("# got:  %lld\n# want: %lld\n", got, want);
	return got == want;
}

/* The same for strings; NULL prints as (null) and equals only NULL. */
__attribute__((format(printf, 3, 4), unused))
static int is_str(const char *got, const char *want, const char *fmt, ...)
{
	int same = got && want ? !strcmp(got, want) : got == want;

	TAP_LINE(same, fmt);
	if (!same)
		printf("# got:  %s\n# want: %s\n", got ? got : "(null)", want ? want : "(null)");
	return same;
}

/* "GOT contains WANT" (NULL contains nothing); on failure the whole of
 * GOT and the part looked for. */
__attribute__((format(printf, 3, 4), unused))
static int has_str(const char *got, const char *want, const char *fmt, ...)
{
	int found = got && want && strstr(got, want);

	TAP_LINE(found, fmt);
	if (!found)
		printf("# got:  %s\n# want: ...%s...\n", got ? got : "(null)", want ? want : "(null)");
	return found;
}

static int done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}

#endif
