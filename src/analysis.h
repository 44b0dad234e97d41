/* SPDX-License-Identifier: GPL-2.0-or-later */
/* analysis.h - the pure analysis of a collected, probed report. */
#ifndef KPI_ANALYSIS_H
#define KPI_ANALYSIS_H

#include "model.h"

/* Everything derived from the facts in R, in the order each step needs:
 * perf's topdown outcome per view, the vPMU of a host that is itself a
 * guest, the guests' event names (PFM_MODEL as
 * for events_decode), the verdicts.  The tool and the tests that replay
 * guest readings run the same steps.  Once per report; returns 0 (out of
 * memory ends the run, oom()). */
int analysis_run(struct report *r, const char *pfm_model);

#endif
