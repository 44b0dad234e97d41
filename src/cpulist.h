/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cpulist.h - the kernel's CPU list format ("0-3,8,10-11"). */
#ifndef KPI_CPULIST_H
#define KPI_CPULIST_H

#include <stdbool.h>
#include <stddef.h>

/* Linux caps NR_CPUS at 8192 (x86 MAXSMP; arm64 allows 4096): a larger
 * number in a sysfs cpulist is corruption, not a machine. */
#define CPUSET_MAX 8192

struct cpuset {
	unsigned long bits[CPUSET_MAX / (8 * sizeof(unsigned long))];
};

/* Parse S into SET.  Returns 0, or -1 with a one-line reason in WHY. */
int cpulist_parse(const char *s, struct cpuset *set, char *why, size_t whylen);

/* Canonical form ("0-3,8"), "" for an empty set.  Returns -1 if BUF is too small. */
int cpulist_format(const struct cpuset *set, char *buf, size_t len);

void cpuset_clear(struct cpuset *set);
void cpuset_add(struct cpuset *set, unsigned cpu);
bool cpuset_has(const struct cpuset *set, unsigned cpu);
unsigned cpuset_count(const struct cpuset *set);
/* First CPU in SET, or -1 when empty. */
int cpuset_first(const struct cpuset *set);
void cpuset_and(struct cpuset *dst, const struct cpuset *a, const struct cpuset *b);
bool cpuset_equal(const struct cpuset *a, const struct cpuset *b);

#endif
