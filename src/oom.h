/* SPDX-License-Identifier: GPL-2.0-or-later */
/* oom.h - the one out-of-memory policy: one line, exit 1. */
#ifndef KPI_OOM_H
#define KPI_OOM_H

/* "kvm-pmu-info: out of memory" on stderr and exit status 1, as
 * util-linux's xalloc does: no caller goes on without what it asked for.
 * It is alone in oom.c so that the fuzz targets can link a replacement
 * that returns to the target instead (tests/fuzz/alloc_fail.c). */
_Noreturn void oom(void);

#endif
