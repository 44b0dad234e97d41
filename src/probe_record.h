/* SPDX-License-Identifier: GPL-2.0-or-later */
/* probe_record.h - the probe record: what the KVM probe found, as data.
 *
 * A capture stores it as probe.json beside the archived sysfs tree, so a
 * replay can rebuild the KVM status, the capabilities and every guest view
 * (registers, UNDEFs, the failed step and errno, timings, the ioctl trail)
 * and then decode and judge them with the replaying version of the tool.
 * Its format has its own schema_version (PROBE_RECORD_SCHEMA); the man page
 * documents it and schema/probe-record.schema.json describes it. */
#ifndef KPI_PROBE_RECORD_H
#define KPI_PROBE_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model.h"

/* 2 (kvm-pmu-info 0.2): errno by name as in the report, failed_step and
 * guests_not_probed by name; 1 still reads. */
#define PROBE_RECORD_SCHEMA 2
#define PROBE_RECORD_FILE "probe.json"
#define PROBE_TRAIL_MAX (256u << 10)

struct probe_host {
	const char *nodename, *release, *machine;
};

/* R's KVM facts and guest views as JSON text (malloc'ed, NUL-terminated),
 * with TRAIL (the -v lines, or NULL), the capture time WHEN and the host H. */
char *probe_record_write(const struct report *r, const char *trail, time_t when,
			 const struct probe_host *h);

/* Fill R's KVM facts, guest views (PMUs matched by name; only the modes
 * with MODES[m], none with NO_VM) and r->replay from the record JSON of LEN
 * bytes.  Returns 0, or -1 with a one-line reason in ERR: the record is
 * refused whole when any field is malformed. */
int probe_record_read(struct report *r, const char *json, size_t len, const bool modes[MODE_N],
		      bool no_vm, char *err, size_t errlen);

#endif
