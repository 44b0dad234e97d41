/* SPDX-License-Identifier: GPL-2.0-or-later */
/* perf_predict.c - default `perf stat` and arm64 topdown, modelled on perf.
 *
 * perf's rules, read in tools/perf (Linux 6.5 to 7.3):
 * - pmu-events/arch/arm64/mapfile.csv maps CPU0's MIDR_EL1, variant and
 *   revision masked (arch/arm64/util/header.c, strcmp_cpuid_str), to one
 *   metric directory; no row, no metrics: `perf stat` just counts.
 * - Since perf 6.5 (commit 556fd664d666, "perf vendor events arm64: Add
 *   default tags into topdown L1 metrics") sbsa.json's TopdownL1 metrics
 *   carry MetricGroup "Default;TopdownL1"; builtin-stat.c adds the Default
 *   group to a plain `perf stat` when the table has it.
 * - `#slots` is caps/slots of the first core PMU
 *   (arch/arm64/util/pmu.c, tool_pmu__cpu_slots_per_cycle); 0 or an
 *   unreadable file makes the literal unreadable (util/tool_pmu.c returns
 *   false for 0, util/expr.c prints "Failure to read '#slots'"), the
 *   Default group fails to parse and perf stat counts nothing.
 * - The metric events (stall_slot*, op_spec ...) come from the JSON tables,
 *   not from what PMCEID advertises: missing STALL_SLOT events do not stop
 *   the block, they make its values meaningless. */
#include "perf_predict.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cores.h"

const char *perf_topdown_name(enum perf_topdown t)
{
	static const char *const n[] = {
		[PERF_TD_UNKNOWN] = "unknown", [PERF_TD_WORKS] = "works",
		[PERF_TD_FAILS] = "fails", [PERF_TD_NO_METRICS] = "no_metrics",
	};
	return n[t];
}

__attribute__((format(printf, 3, 4)))
static void outcome(struct perf_outcome *out, enum perf_topdown t, const char *fmt, ...)
{
	va_list ap;

	out->topdown = t;
	out->versions = PERF_VERSIONS;
	va_start(ap, fmt);
	vsnprintf(out->reason, sizeof(out->reason), fmt, ap);
	va_end(ap);
}

static void core_label(uint64_t midr, char *buf, size_t len)
{
	const char *name = core_name(midr);

	if (name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "MIDR 0x%08llx", (unsigned long long)midr);
}

void perf_predict(const struct perf_input *in, struct perf_outcome *out)
{
	const struct perf_map *map;
	char core[48];

	if (!in->have_midr) {
		outcome(out, PERF_TD_UNKNOWN, "CPU0's MIDR_EL1 is unknown, so perf's metric "
			"table for %s cannot be told", in->where);
		return;
	}
	core_label(in->midr, core, sizeof(core));
	map = perf_map_lookup(in->midr);
	if (!map) {
		outcome(out, PERF_TD_NO_METRICS, "perf's mapfile.csv has no metric table for %s, "
			"so perf stat just counts", core);
		return;
	}
	if (map->metrics == PM_NONE) {
		outcome(out, PERF_TD_NO_METRICS, "perf's %s metrics have no Default TopdownL1 "
			"group, so perf stat just counts", map->dir);
		return;
	}
	if (map->metrics == PM_UNREAD) {
		outcome(out, PERF_TD_UNKNOWN, "perf's %s metrics are not in the known-core table",
			map->dir);
		return;
	}
	if (!in->have_slots || in->slots == 0) {
		outcome(out, PERF_TD_FAILS, "%s's TopdownL1 divides by #slots and %s %s, so perf "
			"stat fails and counts nothing (7.3: \"Failure to read '#slots'\"; 6.12: "
			"\"Cannot find metric or group `Default'\")", map->dir, in->where,
			in->have_slots ? "has SLOTS 0" : "has no caps/slots");
		return;
	}
	if (in->events_known && !in->stall_slot_events) {
		outcome(out, PERF_TD_WORKS, "perf stat prints %s's TopdownL1 block (#slots %u), "
			"but without STALL_SLOT* events its values are meaningless", map->dir,
			in->slots);
		return;
	}
	outcome(out, PERF_TD_WORKS, "perf stat prints %s's TopdownL1 block (#slots %u)",
		map->dir, in->slots);
}

/* Several core PMUs: perf still takes one table and one #slots. */
static void predict_host(const struct perf_input *in, struct perf_outcome *out)
{
	size_t n;

	perf_predict(in, out);
	n = strlen(out->reason);
	if (in->ncore_pmus > 1)
		snprintf(out->reason + n, sizeof(out->reason) - n, " (perf uses CPU0's core "
			 "and the first core PMU's SLOTS for every core)");
}

static void host_view(struct report *r)
{
	struct perf_input in = { .where = "this host" };
	const struct pmu *first = NULL;
	struct perf_outcome o;

	for (int i = 0; i < r->ncpus; i++)
		if (r->cpus[i].cpu == 0 && r->cpus[i].has_midr)
			in.have_midr = true, in.midr = r->cpus[i].midr;
	/* perf's first core PMU: the PMU list is sorted by name, as ours is. */
	for (int i = 0; i < r->npmus; i++)
		if (r->pmus[i].core) {
			in.ncore_pmus++;
			if (!first)
				first = &r->pmus[i];
		}
	if (!first)
		return;
	in.have_slots = first->slots.set;
	in.slots = first->slots.set ? PMMIR_SLOTS(first->slots.v) : 0;
	in.events_known = first->nevents >= 0;
	in.stall_slot_events = pmu_stall_slot_events(first) == 1;
	if (!r->arm64)
		outcome(&o, PERF_TD_UNKNOWN, "not an arm64 host: the arm64 topdown model does "
			"not apply");
	else
		predict_host(&in, &o);
	for (int i = 0; i < r->npmus; i++)
		if (r->pmus[i].core)
			r->pmus[i].perf = o;
}

static void guest_view(struct guest_view *g, enum probe_mode m)
{
	char where[24];
	struct perf_input in = { .ncore_pmus = 1, .where = where };
	unsigned slots = 0;

	snprintf(where, sizeof(where), "a %s guest", mode_name(m));
	if (g->status != MODE_OK) {
		outcome(&g->perf, PERF_TD_UNKNOWN, "the %s guest did not run", mode_name(m));
		return;
	}
	in.have_midr = g->read[GREG_MIDR] && !g->undef[GREG_MIDR];
	in.midr = g->reg[GREG_MIDR];
	/* Below PMUv3p4 the guest kernel never reads PMMIR_EL1 and its
	 * caps/slots says 0. */
	in.have_slots = true;
	in.slots = guest_read_slots(g, &slots) ? slots : 0;
	in.events_known = g->read[GREG_PMCEID1] && !g->undef[GREG_PMCEID1];
	in.stall_slot_events = guest_stall_slot_events(g);
	perf_predict(&in, &g->perf);
}

void perf_predict_report(struct report *r)
{
	host_view(r);
	for (int i = 0; i < r->npmus; i++) {
		struct pmu *p = &r->pmus[i];

		if (!p->core || !p->probed)
			continue;
		for (int m = 0; m < MODE_N; m++)
			guest_view(&p->guest[m], (enum probe_mode)m);
	}
}
