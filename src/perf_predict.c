/* SPDX-License-Identifier: GPL-2.0-or-later */
/* perf_predict.c - default `perf stat` and arm64 topdown, modelled on perf.
 *
 * perf's rules, read in tools/perf and checked against Debian's perf 6.12.117
 * and 7.3.4 run as every core they know (PERF_CPUID, tests/perf-tables/):
 * - pmu-events/arch/arm64/mapfile.csv maps CPU0's MIDR_EL1, variant and
 *   revision masked (arch/arm64/util/header.c, strcmp_cpuid_str), to one
 *   metric directory; no row, no topdown.
 * - Plain `perf stat` has added the TopdownL1 group since perf 6.4
 *   (94b1a603fca7, "perf stat: Add TopdownL1 metric as a default if
 *   present"); 6.5 tagged the arm64 TopdownL1 metrics "Default;TopdownL1".
 *   Since late 2025 every core also prints perf's common Default metrics
 *   (pmu-events/arch/common/common/metrics.json), so "no_metrics" means no
 *   topdown, not plain counts.
 * - `#slots` is caps/slots of the first core PMU
 *   (arch/arm64/util/pmu.c, tool_pmu__cpu_slots_per_cycle); 0 or an
 *   unreadable file makes the literal unreadable, the Default group fails
 *   to parse and perf stat counts nothing.  What it prints differs by
 *   release (RANGES); perf without Leo Yan's 3a61fd866ef9 ("perf expr:
 *   Return -EINVAL for syntax error in expr__find_ids()", 7.1 and the
 *   stable updates of May 2026) prints "Failure to read '#slots'" several
 *   times and then crashes with a segmentation fault.
 * - The metric events (stall_slot*, op_spec ...) come from the JSON tables,
 *   not from what PMCEID advertises: missing STALL_SLOT* events do not stop
 *   the block, they count 0, so every #slots table's frontend_bound and
 *   backend_bound (sbsa.json's, which each PM_SLOTS row reads) print 0.0 and
 *   the rest nan or a share of nothing: works_without_values, not works. */
#include "perf_predict.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cores.h"

/* The release ranges the model tells apart, each with the Debian perf the
 * rig ran for it and what that perf printed when #slots was 0. */
static const struct perf_range RANGES[] = {
	[PS_6_12] = { "6.4-6.12", "6.12.117", PERF_TD_UNKNOWN,
		      "\"Cannot find metric or group `Default'\", exit 234 (6.12.117)" },
	[PS_7_3] = { "7.3", "7.3.4", PERF_TD_UNKNOWN,
		     "\"Failure to read '#slots'\" then \"Fail to parse metric or group "
		     "`Default'\", exit 22 (7.3.4)" },
};
#define RANGES_ALL "6.4-7.3"
#define RANGE_SPLIT "rows added between 6.13 and 7.3"

const char *perf_topdown_name(enum perf_topdown t)
{
	static const char *const n[] = {
		[PERF_TD_UNKNOWN] = "unknown", [PERF_TD_WORKS] = "works",
		[PERF_TD_FAILS] = "fails", [PERF_TD_NO_METRICS] = "no_metrics",
		[PERF_TD_WORKS_WITHOUT_VALUES] = "works_without_values",
	};
	return n[t];
}

bool perf_prints_topdown(enum perf_topdown t)
{
	return t == PERF_TD_WORKS || t == PERF_TD_WORKS_WITHOUT_VALUES;
}

/* A #slots table's answer once #slots reads: its metrics divide the
 * STALL_SLOT* counts, so without them the block prints no value. */
static enum perf_topdown slots_answer(const struct perf_input *in)
{
	if (!in->have_slots || !in->slots)
		return PERF_TD_FAILS;
	if (in->events_known && in->stall_slots != STALL_SLOT_ALL)
		return PERF_TD_WORKS_WITHOUT_VALUES;
	return PERF_TD_WORKS;
}

/* "STALL_SLOT_BACKEND and STALL_SLOT": the Arm ARM's names of the
 * STALL_SLOT* events missing from MASK. */
static void missing_stall_slots(unsigned mask, char *buf, size_t len)
{
	static const char *const names[] = {
		"STALL_SLOT_BACKEND (0x3D)", "STALL_SLOT_FRONTEND (0x3E)", "STALL_SLOT (0x3F)",
	};
	unsigned missing = ~mask & STALL_SLOT_ALL;
	int n = 0, left = __builtin_popcount(missing);
	size_t off = 0;

	buf[0] = '\0';
	for (int i = 0; i < 3 && off < len; i++) {
		if (!(missing & (1u << i)))
			continue;
		left--;
		off += (size_t)snprintf(buf + off, len - off, "%s%s", n++ ? (left ? ", " : " and ")
					: "", names[i]);
	}
}

__attribute__((format(printf, 3, 4)))
static void outcome(struct perf_outcome *out, enum perf_topdown t, const char *fmt, ...)
{
	va_list ap;

	out->topdown = t;
	out->versions = PERF_VERSIONS;
	out->nranges = 0;
	out->topdown_events = out->counters = 0;
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

/* What perf release range R does with MAP's row (NULL: no row). */
static enum perf_topdown range_topdown(const struct perf_map *map, enum perf_since r,
				       const struct perf_input *in)
{
	if (!map || map->since > r)
		return PERF_TD_NO_METRICS;
	switch (map->metrics) {
	case PM_SLOTS:
		return slots_answer(in);
	case PM_FIXED:
		return PERF_TD_WORKS;
	case PM_NONE:
	case PM_OUTSIDE:
		break;
	}
	return PERF_TD_NO_METRICS;
}

/* One range per release range; merged when both answer alike. */
static void fill_ranges(const struct perf_map *map, const struct perf_input *in,
			struct perf_outcome *out)
{
	enum perf_topdown old = range_topdown(map, PS_6_12, in);

	out->nranges = 0;
	for (int r = PS_6_12; r <= PS_7_3; r++) {
		struct perf_range *g = &out->ranges[out->nranges++];

		*g = RANGES[r];
		g->topdown = range_topdown(map, (enum perf_since)r, in);
		if (g->topdown != PERF_TD_FAILS)
			g->failure = NULL;
	}
	if (old == out->ranges[1].topdown && old != PERF_TD_FAILS) {
		out->nranges = 1;
		out->ranges[0].versions = RANGES_ALL;
		out->ranges[0].checked = "6.12.117, 7.3.4";
	}
	out->versions = out->nranges == 1 ? RANGES_ALL : out->ranges[1].versions;
	if (old == PERF_TD_FAILS)      /* the same answer, in other words */
		out->versions = RANGES_ALL;
}

/* A row whose TopdownL1 divides by #slots: fails without it, prints no
 * value without the STALL_SLOT* events, else works. */
static void predict_slots(const struct perf_input *in, const struct perf_map *map,
			  const char *newer, struct perf_outcome *out)
{
	char missing[96];

	switch (slots_answer(in)) {
	case PERF_TD_FAILS:
		outcome(out, PERF_TD_FAILS, "%s's TopdownL1 divides by #slots and %s %s, so perf "
			"stat fails and counts nothing (7.3.4: \"Failure to read '#slots'\", "
			"\"Fail to parse metric or group `Default'\"; 6.12.117: \"Cannot find "
			"metric or group `Default'\"; perf without 3a61fd866ef9 crashes)%s",
			map->dir, in->where, in->have_slots ? "has SLOTS 0" : "has no caps/slots",
			newer);
		return;
	case PERF_TD_WORKS_WITHOUT_VALUES:
		missing_stall_slots(in->stall_slots, missing, sizeof(missing));
		outcome(out, PERF_TD_WORKS_WITHOUT_VALUES, "perf stat prints %s's TopdownL1 block "
			"(#slots %u), but %s lacks %s, which its metrics are built on: they count "
			"nothing there, so the block's values (0.0, nan) mean nothing%s", map->dir,
			in->slots, in->where, missing, newer);
		return;
	default:
		outcome(out, PERF_TD_WORKS, "perf stat prints %s's TopdownL1 block (#slots %u)%s",
			map->dir, in->slots, newer);
		return;
	}
}

static void predict_row(const struct perf_input *in, const struct perf_map *map,
			struct perf_outcome *out)
{
	const char *newer = map->since > PS_6_12 ? " (perf 6.12 has no row: " RANGE_SPLIT ")" : "";

	switch (map->metrics) {
	case PM_NONE:
		outcome(out, PERF_TD_NO_METRICS, "perf's %s metrics put no TopdownL1 in Default, "
			"so perf stat prints no topdown (7.3: counts and perf's common Default "
			"metrics; 6.12: counts)%s", map->dir, newer);
		return;
	case PM_OUTSIDE:
		outcome(out, PERF_TD_NO_METRICS, "perf's %s TopdownL1 is not in Default (only "
			"perf stat -M TopdownL1, which counts a CPU_SLOT event instead of reading "
			"#slots), so plain perf stat prints no topdown%s", map->dir, newer);
		return;
	case PM_FIXED:
		outcome(out, PERF_TD_WORKS, "perf stat prints %s's TopdownL1 block at any SLOTS, "
			"on the host and in every guest: its metrics use a fixed width of 4, not "
			"#slots", map->dir);
		return;
	case PM_SLOTS:
		predict_slots(in, map, newer, out);
		return;
	}
}

bool perf_multiplexed(const struct perf_outcome *o)
{
	return o->topdown_events && o->counters && o->topdown_events > o->counters;
}

/* perf opens each TopdownL1 metric as its own weak group, all at once:
 * more events than counters and the kernel rotates them, so perf scales
 * every count and prints "(NN.NN%)", and the metrics are estimates. */
static void multiplexing(const struct perf_input *in, const struct perf_map *map,
			 struct perf_outcome *out)
{
	size_t n = strlen(out->reason);

	/* a hip08-like fixed-width table was never run: no count */
	out->topdown_events = perf_prints_topdown(out->topdown) && map ? map->events : 0;
	out->counters = in->counters;
	if (perf_multiplexed(out))
		snprintf(out->reason + n, sizeof(out->reason) - n, "; its TopdownL1 opens %u "
			 "events for %u counters (PMCR_EL0.N + the cycle counter), so perf "
			 "multiplexes them and prints scaled values", out->topdown_events,
			 out->counters);
}

/* perf keys its neoverse-v3 metrics to the V3AE (part 0xd83): the V3
 * (0xd84), the core people run, has no row. */
static bool v3_without_row(uint64_t midr)
{
	return MIDR_IMPLEMENTER(midr) == 0x41 && MIDR_PARTNUM(midr) == 0xd84;
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
	if (!map && v3_without_row(in->midr))
		outcome(out, PERF_TD_NO_METRICS, "perf's arm/neoverse-v3 metrics are keyed to "
			"the Neoverse V3AE's MIDR (0x410fd830); %s has no mapfile.csv row, so perf "
			"stat prints no topdown", core);
	else if (!map)
		outcome(out, PERF_TD_NO_METRICS, "perf's mapfile.csv has no metric table for %s, "
			"so perf stat prints no topdown", core);
	else
		predict_row(in, map, out);
	fill_ranges(map, in, out);
	multiplexing(in, map, out);
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
	/* KVM gives a legacy guest the host PMU's PMCR_EL0.N */
	if (first->probed && first->guest[MODE_LEGACY].status == MODE_OK &&
	    first->guest[MODE_LEGACY].read[GREG_PMCR])
		in.counters = guest_counters(&first->guest[MODE_LEGACY]) + 1;
	in.have_slots = first->slots.set;
	in.slots = first->slots.set ? PMMIR_SLOTS(first->slots.v) : 0;
	in.events_known = first->nevents >= 0;
	in.stall_slots = pmu_stall_slot_mask(first);
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
	in.stall_slots = guest_stall_slot_mask(g);
	if (g->read[GREG_PMCR] && !g->undef[GREG_PMCR])
		in.counters = guest_counters(g) + 1;
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
