/* SPDX-License-Identifier: GPL-2.0-or-later */
/* alloc_track.h - every block a test program allocates, followed (alloc_track.c). */
#ifndef KPI_TESTS_ALLOC_TRACK_H
#define KPI_TESTS_ALLOC_TRACK_H

#include <stdbool.h>
#include <stddef.h>

/* From now on, every block handed out is noted until it is freed; what
 * was noted before is forgotten. */
void alloc_track_on(void);
/* No new notes; frees still cross them out. */
void alloc_track_off(void);
/* The noted blocks not yet freed. */
size_t alloc_track_live(void);
/* Free every noted block and forget it (after a longjmp out of the code
 * that held them), then stop noting. */
void alloc_track_release(void);
/* When set, asked before each allocation: true makes it fail (NULL, errno
 * ENOMEM). */
extern bool (*alloc_track_fail)(void);

#endif
