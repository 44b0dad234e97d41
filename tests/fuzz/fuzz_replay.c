/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_replay.c - libFuzzer target: --replay on hostile input, the whole
 * of what it runs.
 *
 * The first byte B picks what the rest is, B % 3:
 *   0  a .tar.gz archive:  tar_read_gz()
 *   1  an uncompressed tar: tar_read()
 *   2  a probe record alone, applied to a small report built here (one
 *      core PMU "armv8_pmuv3", no inventory run, so it goes fast), so
 *      mutations reach every field of the record reader
 * and (B / 3) % 6 the layout of the text report and pretty or compact
 * JSON (pipeline.c).  With B & 0x80 the next two bytes are K - 1 (little
 * endian) and the input after them runs in the allocation-failure mode
 * (alloc_fail.c): the Kth allocation fails, and the run must end in oom()
 * (which returns here), or complete with valid output.
 * An archive that parses goes on as --replay does: replay_start(),
 * inventory_collect() on the in-memory tree, replay_gather() (probe.json,
 * or uname.txt; capture-errors.txt), then fuzz_pipeline(): analysis_run()
 * (perf prediction, the VM verdict, the strict contract, event decoding,
 * the verdicts) and all four renderers, each output checked.  A refusal
 * must be one line.  ASan/UBSan watch the rest. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_fail.h"
#include "cpulist.h"
#include "inventory.h"
#include "memtree.h"
#include "model.h"
#include "pipeline.h"
#include "probe_record.h"
#include "replay.h"
#include "sysfs.h"
#include "tar.h"

/* The host part of a 7.3.4 VM's report, as the inventory would fill it. */
static void small_report(struct report *r)
{
	struct pmu *p = calloc(1, sizeof(*p));

	if (!p)
		abort();
	report_init(r);
	r->arm64 = true;
	r->kernel.s = strdup("7.3.4+deb13-arm64");
	r->arch.s = strdup("aarch64");
	r->pmus = p;
	r->npmus = 1;
	p->name = strdup("armv8_pmuv3");
	p->core = true;
	nval_set(&p->type, 10);
	nval_set(&p->slots, 8);
	p->cpus.s = strdup("0-1");
	cpuset_add(&p->cpuset, 0);
	cpuset_add(&p->cpuset, 1);
	cpuset_add(&r->online, 0);
	cpuset_add(&r->online, 1);
}

static const bool modes[MODE_N] = { true, true };

/* The record applied to R, then judged and rendered. */
static void apply(struct report *r, const uint8_t *record, size_t rlen, unsigned variant)
{
	char err[512] = "";

	r->replay.on = true;
	if (probe_record_read(r, (const char *)record, rlen, modes, false, err, sizeof(err)) == 0)
		fuzz_pipeline(r, variant);
	else if (!err[0] || strchr(err, '\n'))
		abort();        /* a refusal is one line */
}

/* The archive T as main.c's --replay takes it. */
static void replay(const struct memtree *t, unsigned variant)
{
	struct sysroot root;
	struct report r;
	char err[512] = "";

	report_init(&r);
	replay_start(&r, t, "fuzz.tar.gz");
	sysroot_open_mem(&root, t, "fuzz.tar.gz");
	if (inventory_collect(&r, &root, false) == 0) {
		if (replay_gather(&r, t, modes, false, err, sizeof(err)) == 0)
			fuzz_pipeline(&r, variant);
		else if (!err[0] || strchr(err, '\n'))
			abort();
	}
	report_free(&r);
	sysroot_close(&root);
}

/* One input: B the first byte, DATA[SIZE] the rest. */
static void one(unsigned b, const uint8_t *data, size_t size)
{
	struct memtree t;
	char err[512] = "";
	unsigned variant = (b / 3u) % 6;
	int ret;

	memtree_init(&t);
	switch (b % 3) {
	case 0:
		ret = tar_read_gz(data, size, &t, err, sizeof(err));
		break;
	case 1:
		ret = tar_read(data, size, &t, err, sizeof(err));
		break;
	default: {
		struct report r;

		fuzz_alloc_pause(true);    /* the harness's own */
		small_report(&r);
		fuzz_alloc_pause(false);
		apply(&r, data, size, variant);
		report_free(&r);
		return;
	}
	}
	if (ret == 0)
		replay(&t, variant);
	else if (!err[0] || strchr(err, '\n'))
		abort();
	memtree_free(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size || size > 256 * 1024)
		return 0;
	if (!(data[0] & 0x80)) {
		one(data[0], data + 1, size - 1);
		return 0;
	}
	if (size < 3)
		return 0;
	if (setjmp(fuzz_oom_jmp)) {
		fuzz_pipeline_abandon();
		fuzz_alloc_recover();
		return 0;
	}
	fuzz_alloc_arm((unsigned long)(data[1] | data[2] << 8) + 1);
	one(data[0] & 0x7f, data + 3, size - 3);
	fuzz_alloc_disarm();
	return 0;
}
