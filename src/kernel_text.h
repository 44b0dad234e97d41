/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kernel_text.h - the kernel's own words about KVM and PMUs: the lines of
 * its log and of its .config that a capture keeps for the reader of a bug
 * report, and its uname(2). */
#ifndef KPI_KERNEL_TEXT_H
#define KPI_KERNEL_TEXT_H

#include <stddef.h>

/* The lines of a kernel log (BUF, LEN bytes) that a capture keeps: the PMU
 * driver's and KVM's; compacted in place, the new length returned. */
size_t kernel_log_filter(char *buf, size_t len);
/* The same for a kernel .config: the CONFIG_ options about KVM, PMUs, perf
 * events and virtualization, set or "# ... is not set". */
size_t kernel_config_filter(char *buf, size_t len);

/* The running kernel's log through syslog(2), kernel_log_filter()ed, into a
 * malloc'ed *OUT of *LEN bytes.  Returns 0, or -1 with a one-line
 * reason in WHY (the log is unreadable, e.g. kernel.dmesg_restrict). */
int kernel_log_read(char **out, size_t *len, char *why, size_t whylen);

/* "kernel-config.txt": a first line naming SOURCE ("proc/config.gz"), then
 * the kernel_config_filter() lines of the .config in DATA[LEN] (changed in
 * place; gunzip'ed first when SOURCE ends in ".gz", to at most 4 MiB), into
 * a malloc'ed *OUT of *OUTLEN bytes.  Returns 0, or -1 with a reason in WHY
 * (not valid gzip, or too large inflated). */
int kernel_config_text(const char *source, char *data, size_t len, char **out, size_t *outlen,
		       char *why, size_t whylen);

/* uname.txt: "sysname nodename release version machine\n" of uname(2),
 * into a malloc'ed *OUT of *LEN bytes.  Returns 0, or -1 with a reason in
 * WHY. */
int kernel_uname_text(char **out, size_t *len, char *why, size_t whylen);

#endif
