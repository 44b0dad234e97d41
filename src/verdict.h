/* verdict.h - what the facts mean for a sysadmin, per core PMU and host. */
#ifndef KPI_VERDICT_H
#define KPI_VERDICT_H

#include "model.h"

/* Fill r->verdict and r->pmu_verdict from the collected facts. */
int verdict_compute(struct report *r);

/* The --check exit status for the host verdict (man page EXIT STATUS). */
int verdict_exit_status(const struct verdict *v);

/* The --check exit status of the whole report: the VM verdict inside a VM
 * without /dev/kvm, else the host verdict. */
int verdict_check_status(const struct report *r);

#endif
