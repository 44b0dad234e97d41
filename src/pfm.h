/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pfm.h - event names and descriptions from libpfm4.
 *
 * libpfm4 costs ~40,000 relocations at load and a /proc/cpuinfo scan per
 * model at pfm_initialize(); both are paid only when a probe has events to
 * name, and the scan is skipped by naming the model from MIDR_EL1. */
#ifndef KPI_PFM_H
#define KPI_PFM_H

#include <stdint.h>

/* The libpfm4 model ("arm_n2") of a core with this MIDR_EL1, or NULL. */
const char *pfm_model_for_midr(uint64_t midr);

/* libpfm4's description of MODEL ("Arm Neoverse N2"), malloc'ed in *DESC.
 * Returns 0, or -1 when libpfm4 or the model is not there. */
int pfm_model_desc(const char *model, char **desc);

/* Name CODE from libpfm4 model MODEL: malloc'ed *NAME and *DESC (NULL when
 * libpfm4 has none).  Returns 0, or -1 when libpfm4, the model or the event
 * is not there. */
int pfm_event_name(const char *model, unsigned code, char **name, char **desc);

#endif
