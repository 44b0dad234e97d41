/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pipeline.h - the fuzz targets' shared end: analysis, the four
 * renderers and the checks of their output (pipeline.c). */
#ifndef KPI_FUZZ_PIPELINE_H
#define KPI_FUZZ_PIPELINE_H

#include <stdbool.h>

#include "model.h"

/* analysis_run() on R, then text, JSON, Prometheus and NFD rendered and
 * checked; VARIANT picks the text layout and pretty JSON.  abort()s on
 * any invalid output. */
void fuzz_pipeline(struct report *r, unsigned variant);

/* The allocation-failure mode (alloc_fail.c): PAUSE true while the
 * harness itself allocates (the checks), so only the code under test
 * meets a failed allocation. */
void fuzz_alloc_pause(bool pause);

#endif
