/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-seams.h - what the test build of kvm-pmu-info adds to the tool.
 *
 * tests/vm/kvm-pmu-info-test is src/main.c and src/vmprobe.c compiled with
 * -DKPI_TEST (as util-linux builds test_dmesg from dmesg.c with
 * -DTEST_DMESG) plus test-seams.c and guest-hang.S, linked against the same
 * libkpi.a as the tool.  The installed kvm-pmu-info has none of this
 * (tests/hooks.test checks).  The knobs are environment variables, read
 * once at start (tests/README.md lists them). */
#ifndef KPI_TEST_SEAMS_H
#define KPI_TEST_SEAMS_H

#include <stdbool.h>

#include "model.h"
#include "options.h"
#include "vmprobe.h"

/* Parse the knobs; a bad value is one line on stderr and a nonzero return
 * (main exits 2, like a usage error). */
int test_seams_init(void);

/* Add the knobs' probe options (the hang guest, the setup pause) to PO. */
void test_seams_probe_opts(struct probe_opts *po);

/* KVM_PMU_INFO_TEST_REPEAT=N: run PROBE N more times on R in this process
 * and print "kvm-pmu-info: repeat I fds=F maps=M rss_kb=K" on stderr after
 * each round, so a test can show that VMs come and go without a leak. */
void test_seams_repeat(void (*probe)(struct report *, const struct options *, bool),
		       struct report *r, const struct options *o, bool live);

#endif
