/* SPDX-License-Identifier: GPL-2.0-or-later */
/* events.h - PMU event numbers and their names. */
#ifndef KPI_EVENTS_H
#define KPI_EVENTS_H

#include "model.h"

/* Event numbers a PMCEID0_EL0/PMCEID1_EL0 pair says are implemented, in
 * ascending order.  CODES must hold 128 entries; returns the count. */
int pmceid_codes(uint64_t pmceid0, uint64_t pmceid1, unsigned *codes);

/* The architected common event's name (kernel spelling, upper case), or
 * NULL if CODE is not one. */
const char *arch_event_name(unsigned code);

/* The event number of a sysfs events/ file's content ("event=0x0011"), or
 * -1 if it has none. */
int sysfs_event_code(const char *content);

/* Name every guest's events and list the host events each guest lacks.
 * PFM_MODEL names the libpfm4 model ("arm_n2") for all PMUs; NULL takes
 * each PMU's own, from its MIDR_EL1.  Returns 0. */
int events_decode(struct report *r, const char *pfm_model);

const char *event_source_name(enum event_source s);

#endif
