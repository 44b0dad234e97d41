/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bench-predict.c - what naming a core and predicting perf cost in-process:
 * core_lookup() and perf_map_lookup() over a mix of known and unknown
 * MIDRs, perf_predict() for one input, and perf_predict_report() for a
 * probed report of 8 core PMUs x 2 guest modes.  scripts/bench/bench-report.py
 * builds it from src/cores.c, src/perf_predict.c and src/model.c and prints
 * its numbers beside the tool's; not part of the tool.
 *
 * usage: bench-predict ITERATIONS    prints "NAME NS_PER_CALL" lines */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cores.h"
#include "perf_predict.h"

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

/* QEMU's models as their guests read them, Graviton4, Apple M2, and three
 * MIDRs no table has (max, an unknown implementer, an unknown Arm part). */
static const uint64_t midrs[] = {
	0x411fd402, 0x410fd493, 0x414fd0c1, 0x414fd0b1, 0x410fd4f1,
	0x611f0330, 0x000f0510, 0x4e0f0100, 0x410fdfff,
};
#define NMIDR (sizeof(midrs) / sizeof(midrs[0]))

static volatile uintptr_t sink;

static void report_8x2(struct report *r)
{
	report_init(r);
	r->arm64 = true;
	r->ncpus = 1;
	r->cpus = calloc(1, sizeof(*r->cpus));
	r->cpus[0].has_midr = true;
	r->cpus[0].midr = 0x411fd402;
	r->npmus = 8;
	r->pmus = calloc(8, sizeof(*r->pmus));
	for (int i = 0; i < 8; i++) {
		struct pmu *p = &r->pmus[i];

		p->core = p->probed = true;
		p->nevents = -1;
		nval_set(&p->slots, 8);
		for (int m = 0; m < MODE_N; m++) {
			struct guest_view *g = &p->guest[m];

			g->status = MODE_OK;
			for (int k = 0; k < GREG_N; k++)
				g->read[k] = true;
			g->reg[GREG_MIDR] = 0x411fd402;
			g->reg[GREG_DFR0] = 5 << 8;
			g->reg[GREG_PMMIR] = m == MODE_STRICT ? 8 : 0;
			g->reg[GREG_PMCEID1] = 0x10000018;
		}
	}
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	struct perf_input in = { .have_midr = true, .midr = 0x411fd402, .have_slots = true,
				 .slots = 0, .ncore_pmus = 1, .where = "a legacy guest" };
	struct perf_outcome o;
	struct report r;
	double t;

	t = now_ns();
	for (long i = 0; i < n; i++)
		sink += (uintptr_t)core_lookup(midrs[i % NMIDR]);
	printf("core_lookup %.1f\n", (now_ns() - t) / n);
	t = now_ns();
	for (long i = 0; i < n; i++)
		sink += (uintptr_t)perf_map_lookup(midrs[i % NMIDR]);
	printf("perf_map_lookup %.1f\n", (now_ns() - t) / n);
	t = now_ns();
	for (long i = 0; i < n; i++) {
		in.midr = midrs[i % NMIDR];
		perf_predict(&in, &o);
		sink += (uintptr_t)o.topdown;
	}
	printf("perf_predict %.1f\n", (now_ns() - t) / n);
	report_8x2(&r);
	t = now_ns();
	for (long i = 0; i < n / 10; i++) {
		perf_predict_report(&r);
		sink += (uintptr_t)r.pmus[7].guest[1].perf.topdown;
	}
	printf("perf_predict_report_8x2 %.1f\n", (now_ns() - t) / (n / 10));
	report_free(&r);
	return 0;
}
