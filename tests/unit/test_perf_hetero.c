/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_perf_hetero.c - perf's rules on a host with two core PMUs: the
 * metric table comes from CPU0's MIDR_EL1, #slots from the first core PMU
 * (tools/perf/arch/arm64/util/pmu.c, tool_pmu__cpu_slots_per_cycle, reads
 * caps/slots of perf_pmus__find_core_pmu()), whatever the other PMU has.
 * The inputs are hand-filled: they exercise the rule, they describe no
 * machine. */
#include <string.h>

#include "model.h"
#include "perf_predict.h"
#include "tap.h"

/* Two core PMUs named A and B (perf's order, and ours, is by name) with
 * SLOTS SA and SB; CPU 0 has MIDR0. */
static void host(struct report *r, struct pmu *p, struct cpu_info *cpu, uint64_t midr0,
		 unsigned sa, unsigned sb)
{
	memset(r, 0, sizeof(*r));
	memset(p, 0, 2 * sizeof(*p));
	memset(cpu, 0, 2 * sizeof(*cpu));
	r->arm64 = true;
	cpu[0] = (struct cpu_info){ .cpu = 0, .has_midr = true, .midr = midr0 };
	cpu[1] = (struct cpu_info){ .cpu = 1, .has_midr = true, .midr = 0x410fd490 };
	r->cpus = cpu;
	r->ncpus = 2;
	p[0].name = "armv8_pmuv3_a";
	p[1].name = "armv8_pmuv3_b";
	for (int i = 0; i < 2; i++) {
		p[i].core = true;
		p[i].nevents = -1;
		nval_set(&p[i].slots, i ? sb : sa);
	}
	r->pmus = p;
	r->npmus = 2;
}

static void expect(const char *what, uint64_t midr0, unsigned sa, unsigned sb,
		   enum perf_topdown want, const char *reason_has)
{
	struct report r;
	struct pmu p[2];
	struct cpu_info cpu[2];

	host(&r, p, cpu, midr0, sa, sb);
	perf_predict_report(&r);
	ok(p[0].perf.topdown == want && p[1].perf.topdown == want &&
	   strstr(p[1].perf.reason, "first core PMU's SLOTS for every core") &&
	   strstr(p[1].perf.reason, reason_has),
	   "%s: both PMUs %s (%s / %s: %s)", what, perf_topdown_name(want),
	   perf_topdown_name(p[0].perf.topdown), perf_topdown_name(p[1].perf.topdown),
	   p[1].perf.reason);
}

int main(void)
{
	/* CPU 0 a Neoverse V2 (0x410fd4f0), perf's arm/neoverse-n2-v2 table. */
	expect("first PMU SLOTS 0, second 8", 0x410fd4f0, 0, 8, PERF_TD_FAILS, "SLOTS 0");
	expect("first PMU SLOTS 8, second 0", 0x410fd4f0, 8, 0, PERF_TD_WORKS, "(#slots 8)");
	expect("first PMU SLOTS 5, second 8", 0x410fd4f0, 5, 8, PERF_TD_WORKS, "(#slots 5)");
	/* CPU 0 a core with no mapfile.csv row (QEMU's max, 0x000f0510): no
	 * metrics at all, although the other CPU is an N2. */
	expect("CPU 0 without a perf table", 0x000f0510, 8, 8, PERF_TD_NO_METRICS, "no metric table");
	return done_testing();
}
