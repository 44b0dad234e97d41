/* SPDX-License-Identifier: GPL-2.0-or-later */
/* perf_predict.h - what default `perf stat` will do about topdown metrics,
 * on the host and inside each probed guest.  Pure: facts in, outcome out. */
#ifndef KPI_PERF_PREDICT_H
#define KPI_PERF_PREDICT_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

/* The perf releases the model holds for: TopdownL1 joined plain perf stat
 * in 6.4; Debian's 6.12.117 and 7.3.4 were run as every core they know
 * (tests/perf-tables/).  An answer that differs between them names its
 * range in perf_outcome.ranges. */
#define PERF_VERSIONS "6.4-7.3"

/* What perf reads: CPU0's MIDR_EL1 (it picks the metric table) and the
 * first core PMU's caps/slots (#slots). */
struct perf_input {
	bool have_midr;
	uint64_t midr;
	bool have_slots;         /* false: caps/slots missing or unreadable */
	unsigned slots;
	bool events_known;       /* stall_slots below is a fact */
	unsigned stall_slots;    /* which of STALL_SLOT_BACKEND, _FRONTEND and
				  * STALL_SLOT are countable (bit N: event 0x3D + N) */
	int ncore_pmus;          /* core PMUs perf sees */
	unsigned counters;       /* PMCR_EL0.N + 1 (the cycle counter), 0 unknown */
	const char *where;       /* "this host", "a legacy guest" ... for the reason */
};

void perf_predict(const struct perf_input *in, struct perf_outcome *out);

/* Fill every core PMU's host view and each probed mode's guest view. */
void perf_predict_report(struct report *r);

const char *perf_topdown_name(enum perf_topdown t);

/* perf stat prints a TopdownL1 block (its values mean something or not). */
bool perf_prints_topdown(enum perf_topdown t);

/* true: TopdownL1 opens more events than the counters, so perf multiplexes
 * and scales its values; false: cannot tell (unknown counts, or they fit
 * TopdownL1 alone while perf's other Default events may still not). */
bool perf_multiplexed(const struct perf_outcome *o);

#endif
