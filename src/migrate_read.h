/* SPDX-License-Identifier: GPL-2.0-or-later */
/* migrate_read.h - another host's report, read for a migration answer.
 *
 * REPORT is that host's -j output or its --capture archive (whose
 * kvm-pmu-info.json is that run's report).  It comes from elsewhere: the
 * reader bounds the file, the JSON's depth, every count and string, and
 * refuses the report whole at the first field it cannot use, naming it. */
#ifndef KPI_MIGRATE_READ_H
#define KPI_MIGRATE_READ_H

#include <stddef.h>

#include "model.h"

#define MIG_REPORT_MAX (16u << 20)   /* a report or archive file */
#define MIG_REPORT_PMUS_MAX 1024     /* PMUs in a report (inventory.h's bound) */

/* Fill R (report_init'ed by the caller; report_free it either way) from
 * the LEN bytes of a report: JSON text, or a .tar.gz capture (gzip's
 * magic).  Kept: the kernel, KVM's PMU capabilities, and each core PMU's
 * name, MIDR_EL1, caps/slots and guest views (what the guest read, the
 * vCPU state).  0, or -1 with one line in ERR. */
int migrate_read(const unsigned char *data, size_t len, struct report *r, char *err,
		 size_t errlen);

/* The same from FILE (a regular file of at most MIG_REPORT_MAX bytes). */
int migrate_read_file(const char *file, struct report *r, char *err, size_t errlen);

#endif
