/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pin.h - the CPUs a probe vCPU thread may run on.
 *
 * A vCPU bound to a PMU with SET_PMU must run on that PMU's CPUs, or
 * KVM_RUN fails entry (KVM_EXIT_FAIL_ENTRY_CPU_UNSUPPORTED).  The thread can
 * only run where the scheduler lets it: on online CPUs (a PMU's `cpus` keeps
 * CPUs that went offline) within the process's affinity (a container's
 * cpuset).  Pure: the caller reads the affinity. */
#ifndef KPI_PIN_H
#define KPI_PIN_H

#include <stddef.h>

#include "cpulist.h"

/* OUT = PMU ∩ ONLINE ∩ ALLOWED; returns the number of CPUs in OUT.  When
 * that is 0, WHY holds one sentence naming the CPUs and what to do. */
unsigned pin_cpus(const struct cpuset *pmu, const struct cpuset *online,
		  const struct cpuset *allowed, struct cpuset *out, char *why, size_t len);

#endif
