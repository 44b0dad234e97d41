/* SPDX-License-Identifier: GPL-2.0-or-later */
/* alloc_fail.c - the fuzz targets' allocation-failure mode. */
#include "pipeline.h"

void fuzz_alloc_pause(bool pause)
{
	(void)pause;
}
