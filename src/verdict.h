/* SPDX-License-Identifier: GPL-2.0-or-later */
/* verdict.h - what the facts mean for a sysadmin, per core PMU and host. */
#ifndef KPI_VERDICT_H
#define KPI_VERDICT_H

#include <stdbool.h>

#include "model.h"

/* Fill r->verdict and each core PMU's verdict from the collected facts;
 * again on the same report recomputes them in place. */
int verdict_compute(struct report *r);

/* Set V to CODE and a formatted sentence; whether the answer is known
 * follows from CODE (not_probed and not_arm64 leave it open). */
void verdict_say(struct verdict *v, enum verdict_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The PMU version of P's core, 0 when unknown, and in *SOURCE where it
 * comes from: what a guest that ran read (KVM gives guests the host PMU's
 * version, capped), else the known-core table's.  The host verdict and the
 * VM verdict both take it from here, so they name one cause for SLOTS 0. */
unsigned pmu_core_pmuver(const struct pmu *p, const char **source);

/* The --check exit status for the host verdict (man page EXIT STATUS). */
int verdict_exit_status(const struct verdict *v);

/* Whether the VM verdict is the report's answer: an arm64 VM without
 * /dev/kvm, whose tenant asks about its own vPMU, not about guests. */
bool verdict_vm_first(const struct report *r);

/* Whether V's next step is the VM verdict's: a cause in the PMU of a
 * system that is itself a VM (its step then says so, at layer none). */
bool verdict_defers_to_vm(const struct report *r, const struct verdict *v);

/* The exit status of CHECK for the whole report: the VM verdict inside a
 * VM without /dev/kvm, else the host verdict (CHECK_STRICT) or the default
 * guests' (CHECK_DEFAULT). */
int verdict_check_status(const struct report *r, enum check_kind check);

#endif
