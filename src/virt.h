/* SPDX-License-Identifier: GPL-2.0-or-later */
/* virt.h - is this system a virtual machine?  Decided from files alone (no
 * CPUID on arm64, no helper programs), in the order systemd's detect_vm()
 * uses on arm64, so the answer matches systemd-detect-virt. */
#ifndef KPI_VIRT_H
#define KPI_VIRT_H

#include "inputs.h"
#include "model.h"
#include "sysfs.h"

/* Fill r->virt from ROOT.  Never fails: an unreadable input makes the
 * answer unknown (vm = -1) with a reason. */
void virt_collect(struct report *r, const struct sysroot *root);

/* The JSON "source" name of S, NULL for VSRC_NONE. */

#endif
