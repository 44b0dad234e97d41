/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-seams.c - the knobs of the test build (test-seams.h). */
#include "test-seams.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sysfs.h"

static struct {
	bool hang;
	unsigned pause_ms, repeat;
} knob;

/* Environment variable NAME as a decimal number in [0, MAX]; unset is 0. */
static int knob_uint(const char *name, unsigned max, unsigned *out)
{
	const char *s = getenv(name);
	char *end;
	unsigned long v;

	*out = 0;
	if (!s)
		return 0;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*s < '0' || *s > '9' || *end || errno || v > max) {
		fprintf(stderr, "kvm-pmu-info: %s='%s': not a number from 0 to %u\n", name, s, max);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

int test_seams_init(void)
{
	const char *guest = getenv("KVM_PMU_INFO_TEST_GUEST");

	if (guest && strcmp(guest, "hang")) {
		fprintf(stderr, "kvm-pmu-info: KVM_PMU_INFO_TEST_GUEST='%s': the only test guest "
			"is 'hang'\n", guest);
		return -1;
	}
	knob.hang = guest != NULL;
	/* A minute of pause and a thousand rounds are more than any test needs. */
	if (knob_uint("KVM_PMU_INFO_TEST_SETUP_PAUSE_MS", 60000, &knob.pause_ms) ||
	    knob_uint("KVM_PMU_INFO_TEST_REPEAT", 1000, &knob.repeat))
		return -1;
	return 0;
}

void test_seams_probe_opts(struct probe_opts *po)
{
	po->hang = knob.hang;
	po->setup_pause_ms = knob.pause_ms;
}

/* Lines of a /proc/self file, or -1. */
static long count_lines(const char *path)
{
	FILE *f = fopen(path, "re");
	long n = 0;
	int c;

	if (!f)
		return -1;
	while ((c = getc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static long open_fds(void)
{
	struct sysroot self;
	char **names;
	int n;

	if (sysroot_open(&self, "/proc/self/fd"))
		return -1;
	n = sysfs_list(&self, ".", &names);
	sysroot_close(&self);
	if (n < 0)
		return -1;
	sysfs_names_free(names, n);
	return n;
}

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[128];
	long rss = 0;

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmRSS:", 6))
			rss = atol(line + 6);
	if (f)
		fclose(f);
	return rss;
}

void test_seams_repeat(void (*probe)(struct report *, const struct options *, bool),
		       struct report *r, const struct options *o, bool live)
{
	for (unsigned i = 1; i <= knob.repeat && !kpi_interrupted; i++) {
		for (int p = 0; p < r->npmus; p++)
			for (int m = 0; m < MODE_N; m++) {
				/* what the last round kept (the vCPU's register list
				 * and PMU registers, events) is freed, not dropped */
				guest_events_clear(&r->pmus[p].guest[m]);
				vcpu_state_clear(&r->pmus[p].guest[m].vcpu);
				memset(&r->pmus[p].guest[m], 0, sizeof(r->pmus[p].guest[m]));
			}
		probe(r, o, live);
		fprintf(stderr, "kvm-pmu-info: repeat %u fds=%ld maps=%ld rss_kb=%ld\n", i,
			open_fds(), count_lines("/proc/self/maps"), rss_kb());
	}
}
