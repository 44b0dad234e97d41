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

/* The --check exit status for the host verdict (man page EXIT STATUS). */
int verdict_exit_status(const struct verdict *v);

/* Whether the VM verdict is the report's answer: an arm64 VM without
 * /dev/kvm, whose tenant asks about its own vPMU, not about guests. */
bool verdict_vm_first(const struct report *r);

/* The exit status of CHECK for the whole report: the VM verdict inside a
 * VM without /dev/kvm, else the host verdict (CHECK_STRICT) or the default
 * guests' (CHECK_DEFAULT). */
int verdict_check_status(const struct report *r, enum check_kind check);

#endif
