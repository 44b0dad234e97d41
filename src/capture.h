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
 * NULL), "kernel-config.txt" (capture_filter_config() of /proc/config.gz or
 * /boot/config-RELEASE), on the running system (ROOT "/") "dmesg.txt"
 * (capture_filter_dmesg() of the kernel log), and "capture-errors.txt" (one
 * "path: reason" line per input that could not be stored; empty when none).
 *
 * FILE appears atomically (a temporary file beside it, then renamed) and an
 * existing FILE is replaced only when FORCE.  Returns 0, or -1 with a
 * one-line reason in ERR and no FILE or temporary file left behind. */
int capture_write(const char *root, const char *file, bool force, const char *report_json,
		  const char *probe_json, char *err, size_t errlen);

/* The lines of a kernel log (BUF, LEN bytes) that the capture keeps: the
 * PMU driver's and KVM's; compacted in place, the new length returned. */
size_t capture_filter_dmesg(char *buf, size_t len);
/* The same for a kernel .config: the CONFIG_ options about KVM, PMUs, perf
 * events and virtualization, set or "# ... is not set". */
size_t capture_filter_config(char *buf, size_t len);

#endif
