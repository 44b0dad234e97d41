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

/* After oom()'s longjmp out of fuzz_pipeline(): close the output stream
 * it had open (the C library's, which alloc_fail.c cannot free). */
void fuzz_pipeline_abandon(void);

#endif
