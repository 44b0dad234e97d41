/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_pin.c - the probe's CPU set: online ∩ PMU cpus ∩ allowed, and the
 * one sentence when it is empty. */
#include <string.h>

#include "pin.h"
#include "tap.h"

static struct cpuset set(const char *list)
{
	struct cpuset s;
	char why[64];

	cpulist_parse(list, &s, why, sizeof(why));
	return s;
}

/* pin_cpus(PMU, ONLINE, ALLOWED) gives WANT, or WHY when WANT is "". */
static void pin(const char *pmu, const char *online, const char *allowed,
		const char *want, const char *why_want)
{
	struct cpuset p = set(pmu), on = set(online), al = set(allowed), out;
	char why[192] = "", got[64];
	unsigned n = pin_cpus(&p, &on, &al, &out, why, sizeof(why));

	cpulist_format(&out, got, sizeof(got));
	if (!*want)
		ok(n == 0 && !strcmp(why, why_want), "pmu %s online %s allowed %s: none (%s)",
		   pmu, online, allowed, why);
	else
		ok(n == cpuset_count(&out) && !strcmp(got, want),
		   "pmu %s online %s allowed %s: %s (got %s)", pmu, online, allowed, want, got);
}

int main(void)
{
	pin("0-1", "0-1", "0-1", "0-1", "");
	pin("0-1", "0-1", "1", "1", "");                 /* a one-CPU cpuset */
	pin("0-3", "0,2-3", "0-7", "0,2-3", "");          /* CPU 1 offline */
	pin("4-7", "0-7", "0-7", "4-7", "");
	/* 24 CPUs whose list (62 bytes) does not fit the sentence's 48: a
	 * count, never a list cut short */
	pin("0,2,4,6,8,10,12,14,16,18,20,22,24,26,28,30,32,34,36,38,40,42,44,46", "1", "0-63", "",
	    "none of the PMU's CPUs (24 CPUs) is online; bring one online "
	    "(echo 1 > /sys/devices/system/cpu/cpu0/online) to probe it");
	pin("1", "0", "0-1", "",
	    "none of the PMU's CPUs 1 is online; bring one online "
	    "(echo 1 > /sys/devices/system/cpu/cpu1/online) to probe it");
	pin("4-7", "0-7", "0-3", "",
	    "the PMU's CPUs 4-7 are outside this process's allowed CPUs 0-3 (cpuset); "
	    "run the tool where it may use them");
	pin("4-7", "0-5", "0-3", "",                     /* only the online ones count */
	    "the PMU's online CPUs 4-5 are outside this process's allowed CPUs 0-3 (cpuset); "
	    "run the tool where it may use them");
	/* offline beats cpuset: bringing the CPU online is the first step */
	pin("2", "0-1", "0", "",
	    "none of the PMU's CPUs 2 is online; bring one online "
	    "(echo 1 > /sys/devices/system/cpu/cpu2/online) to probe it");
	return done_testing();
}
