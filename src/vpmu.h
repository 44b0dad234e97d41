/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vpmu.h - inside a virtual machine: what this VM's own vPMU shows against
 * what its core is documented to have, and one sentence for its tenant. */
#ifndef KPI_VPMU_H
#define KPI_VPMU_H

#include "model.h"

/* Fill every core PMU's vpmu view and, on an arm64 VM, r->vm_verdict.
 * Pure: reads the collected facts and the perf prediction. */
void vpmu_analyse(struct report *r);

#endif
