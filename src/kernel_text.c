/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kernel_text.c - which lines of the kernel's log and .config a capture
 * keeps, reading the log without a file, and uname(2) as a line. */
#include "kernel_text.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/utsname.h>

#include "array_size.h"
#include "gzip.h"
#include "xalloc.h"

/* An inflated /proc/config.gz: a distribution's .config is ~300 KiB. */
#define CONFIG_MAX (4u << 20)

/* Keep, in place, the lines of BUF[LEN] that WANT accepts; the new length. */
static size_t keep_lines(char *buf, size_t len, bool (*want)(const char *line, size_t n))
{
	size_t out = 0;

	for (size_t i = 0; i < len;) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (buf + i)) : len - i;

		if (want(buf + i, n)) {
			memmove(buf + out, buf + i, n);
			out += n;
			buf[out++] = '\n';
		}
		i += n + 1;
	}
	return out;
}

static bool has(const char *line, size_t n, const char *what)
{
	return memmem(line, n, what, strlen(what)) != NULL;
}

/* The PMU driver's and KVM's boot lines: "hw perfevents: enabled with
 * armv8_pmuv3 PMU driver, 7 counters available", "kvm [1]: Hyp mode
 * initialized successfully", "smccc: KVM: hypervisor services detected". */
static bool dmesg_wanted(const char *line, size_t n)
{
	return has(line, n, "hw perfevents") || has(line, n, "kvm [") ||
	       has(line, n, "smccc: KVM") || has(line, n, "armv8-pmu") || has(line, n, "arm-pmu");
}

size_t kernel_log_filter(char *buf, size_t len)
{
	return keep_lines(buf, len, dmesg_wanted);
}

/* CONFIG_ options that decide KVM's vPMU and the host PMU driver. */
static bool config_wanted(const char *line, size_t n)
{
	static const char *const words[] = { "KVM", "PMU", "PERF_EVENTS", "VIRTUALIZATION" };
	const char *name = line;

	if (n > 2 && !strncmp(line, "# ", 2))       /* "# CONFIG_X is not set" */
		name += 2;
	if ((size_t)(name - line) + 7 > n || strncmp(name, "CONFIG_", 7))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
		const char *end = memchr(name, name == line ? '=' : ' ', n - (size_t)(name - line));

		if (end && memmem(name, (size_t)(end - name), words[i], strlen(words[i])))
			return true;
	}
	return false;
}

size_t kernel_config_filter(char *buf, size_t len)
{
	return keep_lines(buf, len, config_wanted);
}

/* syslog(2) actions (include/linux/syslog.h; glibc has no names). */
#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_SIZE_BUFFER 10

/* SYSLOG_ACTION_READ_ALL copies the ring buffer without blocking or
 * consuming it, and needs no file. */
int kernel_log_read(char **out, size_t *len, char *why, size_t whylen)
{
	int size = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0), n;
	char *buf;

	*out = NULL;
	*len = 0;
	if (size <= 0) {
		snprintf(why, whylen, "klogctl(SYSLOG_ACTION_SIZE_BUFFER): %s",
			 size < 0 ? strerror(errno) : "empty log");
		return -1;
	}
	buf = xmalloc((size_t)size);
	n = klogctl(SYSLOG_ACTION_READ_ALL, buf, size);
	if (n < 0) {
		snprintf(why, whylen, "klogctl(SYSLOG_ACTION_READ_ALL): %s%s", strerror(errno),
			 errno == EPERM ? " (kernel.dmesg_restrict=1: needs CAP_SYSLOG)" : "");
		free(buf);
		return -1;
	}
	*out = buf;
	*len = kernel_log_filter(buf, (size_t)n);
	return 0;
}

int kernel_config_text(const char *source, char *data, size_t len, char **out, size_t *outlen,
		       char *why, size_t whylen)
{
	size_t n = strlen(source);
	unsigned char *plain = NULL;
	char zwhy[128];
	int e;

	*out = NULL;
	if (n > 3 && !strcmp(source + n - 3, ".gz")) {
		e = gzip_inflate((unsigned char *)data, len, CONFIG_MAX, &plain, &len, zwhy, sizeof(zwhy));
		if (e) {
			snprintf(why, whylen, "%s", e == -EFBIG ? strerror(EFBIG) : "not valid gzip");
			return -1;
		}
		data = (char *)plain;
	}
	len = kernel_config_filter(data, len);
	*out = xasprintf("# CONFIG_ options about KVM and PMUs from /%s\n%.*s", source, (int)len,
			 data);
	*outlen = strlen(*out);
	free(plain);
	return 0;
}

int kernel_uname_text(char **out, size_t *len, char *why, size_t whylen)
{
	struct utsname u;

	*out = NULL;
	if (uname(&u) < 0) {
		snprintf(why, whylen, "uname: %s", strerror(errno));
		return -1;
	}
	/* The fields of "uname -a" that uname(2) knows. */
	*out = xasprintf("%s %s %s %s %s\n", u.sysname, u.nodename, u.release, u.version,
			 u.machine);
	*len = strlen(*out);
	return 0;
}
