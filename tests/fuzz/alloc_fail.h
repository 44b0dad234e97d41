/* SPDX-License-Identifier: GPL-2.0-or-later */
/* alloc_fail.h - the fuzz targets' allocation-failure mode (alloc_fail.c). */
#ifndef KPI_FUZZ_ALLOC_FAIL_H
#define KPI_FUZZ_ALLOC_FAIL_H

#include <setjmp.h>
#include <stdbool.h>

/* Where oom() returns to: the target's setjmp(). */
extern jmp_buf fuzz_oom_jmp;

/* The Kth allocation from now fails (K >= 1), until disarmed. */
void fuzz_alloc_arm(unsigned long k);
/* The input ran to its end: back to allocations that never fail. */
void fuzz_alloc_disarm(void);
/* After the longjmp: free every block the input still held, disarm. */
void fuzz_alloc_recover(void);
/* PAUSE true while the harness itself allocates (the output checks), so
 * only the code under test meets the failed allocation; nests. */
void fuzz_alloc_pause(bool pause);

#endif
