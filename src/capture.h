/* SPDX-License-Identifier: GPL-2.0-or-later */
/* capture.h - write a bug-report archive that replays with --sysfs-root. */
#ifndef KPI_CAPTURE_H
#define KPI_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>

/* Write FILE, a gzip-compressed ustar archive of the sysfs/proc files below
 * ROOT that the inventory reads (same relative paths, symlinked sysfs
 * directories stored as plain directories), plus "uname.txt" (uname(2) of the
 * running system), "kvm-pmu-info.json" (REPORT_JSON, left out when NULL) and
 * "probe.json" (PROBE_JSON, the probe record of probe_record.h; left out when
 * NULL), "kernel-config.txt" (kernel_config_filter() of /proc/config.gz or
 * /boot/config-RELEASE), on the running system (ROOT "/") "dmesg.txt"
 * (kernel_log_filter() of the kernel log), and "capture-errors.txt" (one
 * "path: reason" line per input that could not be stored; empty when none).
 *
 * FILE appears atomically (a temporary file beside it, then renamed) and an
 * existing FILE is replaced only when FORCE.  Returns 0, or -1 with a
 * one-line reason in ERR and no FILE or temporary file left behind. */
int capture_write(const char *root, const char *file, bool force, const char *report_json,
		  const char *probe_json, char *err, size_t errlen);

#endif
