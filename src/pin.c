/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pin.c - online ∩ a PMU's CPUs ∩ the process's allowed CPUs. */
#include "pin.h"

#include <stdio.h>

/* A CPU list for a sentence; a list too long for BUF becomes a count. */
static const char *list(const struct cpuset *s, char *buf, size_t len)
{
	if (cpulist_format(s, buf, len))
		snprintf(buf, len, "(%u CPUs)", cpuset_count(s));
	return buf;
}

unsigned pin_cpus(const struct cpuset *pmu, const struct cpuset *online,
		  const struct cpuset *allowed, struct cpuset *out, char *why, size_t len)
{
	struct cpuset up;
	char a[48], b[48];
	unsigned n;

	cpuset_and(&up, pmu, online);
	if (!cpuset_count(&up)) {
		snprintf(why, len, "none of the PMU's CPUs %s is online; bring one online "
			 "(echo 1 > /sys/devices/system/cpu/cpu%d/online) to probe it",
			 list(pmu, a, sizeof(a)), cpuset_first(pmu));
		cpuset_clear(out);
		return 0;
	}
	cpuset_and(out, &up, allowed);
	n = cpuset_count(out);
	if (!n)
		snprintf(why, len, "the PMU's %sCPUs %s are outside this process's allowed "
			 "CPUs %s (cpuset); run the tool where it may use them",
			 cpuset_equal(&up, pmu) ? "" : "online ", list(&up, a, sizeof(a)),
			 list(allowed, b, sizeof(b)));
	return n;
}
