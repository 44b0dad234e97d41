/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vpmu_class.h - the vPMU class: one short, stable name per core PMU and
 * mode for everything a guest's restore depends on, so that a fleet's own
 * engines (PromQL, Kubernetes node selectors) can group hosts into
 * migration pools: two hosts of one class restore each other's guests of
 * that mode, registers and readings alike (kvm-pmu-info(1) MIGRATION).
 *
 * The class is the first 12 hex digits of FNV-1a 64 over the canonical
 * text (version 1, one line, fields in this order, hex in lower case):
 *   "kvm-pmu-class/1"
 *   " core=0x%08x"       MIDR_EL1 implementer and part as the guest read
 *                        it (& 0xff00fff0: variant and revision left out)
 *   " features=0x%x"     KVM_ARM_VCPU_INIT features[0] (the mode)
 *   " pmuver=%u"         ID_AA64DFR0_EL1.PMUVer the guest read
 *   " counters=%u"       PMCR_EL0.N the guest read
 *   " pmceid0=0x%llx pmceid1=0x%llx"  what the guest read (0 when not)
 *   " slots=%u"          PMMIR_EL1.SLOTS the vCPU holds (the saved value)
 *   " pmu_regs=%s"       the PMU registers of KVM_GET_REG_LIST, as
 *                        sorted-delta-hex text
 */
#ifndef KPI_VPMU_CLASS_H
#define KPI_VPMU_CLASS_H

#include <stdbool.h>

#include "model.h"

#define VPMU_CLASS_LEN 12

/* G's class into OUT; false when G has no recorded vCPU state (the guest
 * did not run, or a record from before register lists). */
bool vpmu_class(const struct guest_view *g, char out[VPMU_CLASS_LEN + 1]);

/* The class of mode M over every core PMU of R: the one PMU's class, or
 * for several the class of their classes joined in PMU order; false when
 * one of them has none. */
bool vpmu_host_class(const struct report *r, enum probe_mode m, char out[VPMU_CLASS_LEN + 1]);

#endif
