/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_events.c - PMCEID decoding, event naming order, host vs guest. */
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "model.h"
#include "pfm.h"
#include "fixture.h"
#include "tap.h"

static const struct event *find(const struct event *ev, int n, unsigned code)
{
	for (int i = 0; i < n; i++)
		if (ev[i].code == code)
			return &ev[i];
	return NULL;
}

static void decode_tests(void)
{
	unsigned codes[128];
	int n;

	/* QEMU -cpu max as a 7.3.4 guest reads it (kvm-arm-pmu-facts.md). */
	n = pmceid_codes(0x40020001, 0x10000018, codes);
	ok(n == 6 && codes[0] == 0x00 && codes[1] == 0x11 && codes[2] == 0x1e &&
	   codes[3] == 0x23 && codes[4] == 0x24 && codes[5] == 0x3c,
	   "PMCEID 0x40020001/0x10000018 = SW_INCR CPU_CYCLES CHAIN STALL_FRONTEND "
	   "STALL_BACKEND STALL (%d events)", n);
	n = pmceid_codes(1ULL << 36, 1ULL << 32, codes);
	ok(n == 2 && codes[0] == 0x4004 && codes[1] == 0x4020,
	   "upper halves: PMCEID0 bit 36 = 0x4004, PMCEID1 bit 32 = 0x4020");
	n = pmceid_codes(~0ULL, ~0ULL, codes);
	ok(n == 128 && codes[127] == 0x403f, "all bits: 128 events, last 0x403f");
	ok(pmceid_codes(0, 0, codes) == 0, "no bits: no events");
	ok(!strcmp(arch_event_name(0x3d), "STALL_SLOT_BACKEND") &&
	   !strcmp(arch_event_name(0x3f), "STALL_SLOT") &&
	   !strcmp(arch_event_name(0x11), "CPU_CYCLES") &&
	   !strcmp(arch_event_name(0x4004), "CNT_CYCLES"), "architected names");
	ok(!arch_event_name(0x40) && !arch_event_name(0x4007) && !arch_event_name(0x4040),
	   "IMPDEF and reserved numbers have no architected name");
	/* The ends of the 0x4000 table (arm_pmuv3.h: ARMV8_SPE_PERFCTR_SAMPLE_POP
	 * 0x4000, ARMV8_MTE_PERFCTR_MEM_ACCESS_CHECKED_WR 0x4026, the last). */
	ok(arch_event_name(0x4000) && !strcmp(arch_event_name(0x4000), "SAMPLE_POP") &&
	   arch_event_name(0x4026) && !strcmp(arch_event_name(0x4026), "MEM_ACCESS_CHECKED_WR") &&
	   !arch_event_name(0x3fff) && !arch_event_name(0x4027) && !arch_event_name(0x4028),
	   "0x4000 SAMPLE_POP and 0x4026 MEM_ACCESS_CHECKED_WR named; 0x3fff, 0x4027, 0x4028 not");
	ok(sysfs_event_code("event=0x0011") == 0x11, "sysfs event=0x0011");
	ok(sysfs_event_code("event=0x3d,umask=0x1") == 0x3d, "sysfs event with more terms");
	ok(sysfs_event_code("config=0x11") == -1 && sysfs_event_code("event=17") == -1 &&
	   sysfs_event_code("event=0x") == -1 && sysfs_event_code("event=0x1zz") == -1 &&
	   sysfs_event_code("event=0x10000") == -1, "malformed sysfs events are -1");
}

/* A report with one probed core PMU NAME whose guests read PMCEID1 (legacy,
 * strict) and PMCEID0 = CPU_CYCLES only. */
static struct pmu *one_pmu(struct report *r, const char *name, uint64_t legacy1, uint64_t strict1)
{
	struct pmu *p;

	report_init(r);
	r->pmus = calloc(1, sizeof(*r->pmus));
	r->npmus = 1;
	p = &r->pmus[0];
	p->name = strdup(name);
	p->core = p->probed = true;
	for (int m = 0; m < MODE_N; m++) {
		struct guest_view *g = &p->guest[m];

		g->status = MODE_OK;
		g->read[GREG_PMCEID0] = g->read[GREG_PMCEID1] = true;
		g->reg[GREG_PMCEID0] = 1u << 0x11;
		g->reg[GREG_PMCEID1] = m == MODE_STRICT ? strict1 : legacy1;
	}
	return p;
}

/* A host with STALL_SLOT* in sysfs; the strict guest sees them, the legacy
 * one has them masked, as the 7.3 series does. */
static void host_vs_guest(void)
{
	static const char *const names[] = { "cpu_cycles", "stall_slot", "stall_slot_backend",
					     "stall_slot_frontend", "impdef_thing" };
	static const int codes[] = { 0x11, 0x3f, 0x3d, 0x3e, -1 };
	struct report r;
	struct pmu *p;
	const struct event *e;

	p = one_pmu(&r, "armv8_pmuv3_0", 0, 0xe0000000);
	p->nevents = 5;
	p->events = calloc(5, sizeof(char *));
	p->event_codes = calloc(5, sizeof(int));
	for (int i = 0; i < 5; i++) {
		p->events[i] = strdup(names[i]);
		p->event_codes[i] = codes[i];
	}
	ok(events_decode(&r, "no-such-libpfm-model") == 0, "decode succeeds");
	e = find(p->guest[MODE_STRICT].events, p->guest[MODE_STRICT].nevents, 0x3d);
	ok(e && !strcmp(e->name, "stall_slot_backend") && e->source == EVSRC_SYSFS,
	   "host sysfs name wins: 0x3d = stall_slot_backend (sysfs)");
	ok(p->guest[MODE_STRICT].nevents == 4 && p->guest[MODE_STRICT].nmissing == 0,
	   "strict guest: 4 events, none of the host's missing");
	ok(p->guest[MODE_LEGACY].nevents == 1 && p->guest[MODE_LEGACY].nmissing == 3,
	   "legacy guest: STALL_SLOT* are the 3 host events it lacks");
	ok(find(p->guest[MODE_LEGACY].missing, 3, 0x3f) &&
	   find(p->guest[MODE_LEGACY].missing, 3, 0x3e) &&
	   find(p->guest[MODE_LEGACY].missing, 3, 0x3d), "missing are 0x3d 0x3e 0x3f");
	ok(guest_stall_slot_events(&p->guest[MODE_STRICT]) &&
	   !guest_stall_slot_events(&p->guest[MODE_LEGACY]), "stall_slot_events strict/legacy");
	report_free(&r);
}

/* An architected event is named from the table in events.c on every
 * machine, whatever libpfm4 knows there: a --replay on x86 must say what
 * the live run on arm64 said.  libpfm4's arm_n2 has 0x3d (its arm64 build,
 * run under qemu-user), and libpfm4's generic "perf" model, in every
 * build, has a code 0 (PERF_COUNT_HW_CPU_CYCLES): neither may name the
 * architected 0x3d or 0x00. */
static void arch_names_everywhere(void)
{
	static const struct { const char *model; unsigned code; const char *name; } c[] = {
		{ "arm_n2", 0x3d, "STALL_SLOT_BACKEND" }, { "perf", 0x00, "SW_INCR" },
		{ "perf", 0x1e, "CHAIN" },
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct report r;
		struct pmu *p = one_pmu(&r, "armv8_pmuv3", 0,
					c[i].code >= 0x20 ? 1u << (c[i].code - 0x20) : 0);
		struct guest_view *g = &p->guest[MODE_STRICT];
		const struct event *e;

		g->reg[GREG_PMCEID0] |= c[i].code < 0x20 ? 1u << c[i].code : 0;
		events_decode(&r, c[i].model);
		e = find(g->events, g->nevents, c[i].code);
		ok(e && e->source == EVSRC_ARCH && !strcmp(e->name, c[i].name) && !e->desc,
		   "libpfm4 model %s: 0x%02x is the Arm ARM's %s (got %s from %s)", c[i].model,
		   c[i].code, c[i].name, e && e->name ? e->name : "nothing",
		   e ? event_source_name(e->source) : "-");
		report_free(&r);
	}
}

/* A dynamic build dlopen()s libpfm4 on first use: it loads and names an
 * event of its generic "perf" model. */
static void libpfm_loads(void)
{
#if defined(HAVE_LIBPFM) && defined(PFM_DLOPEN)
	char *name = NULL, *desc = NULL;
	int ret = pfm_event_name("perf", 0, &name, &desc);

	ok(ret == 0 && name && !strcmp(name, "PERF_COUNT_HW_CPU_CYCLES"),
	   "dlopen()ed libpfm4 names perf event 0 (%s)", name ? name : "none");
	free(name);
	free(desc);
#endif
	ok(pfm_model_for_midr(0x410fd4f1) && !strcmp(pfm_model_for_midr(0x410fd4f1), "arm_v2") &&
	   pfm_model_for_midr(0x000f0510) == NULL, "MIDR 0x410fd4f1 is arm_v2; QEMU max has no model");
}

/* Event numbers of 0x100 and above, where a bound error hides: the
 * graviton4-neoverse-v2 fixture's events/ has STALL_BACKEND_MEM (0x4005)
 * and L2D_CACHE_LMISS_RD (0x4009) beside six below 0x40 (its README cites
 * each).  They are PMCEID0's upper half, bits 37 and 41 (Arm ARM D24.5:
 * bit 32+n is event 0x4000+n).  The strict guest reads all eight, the
 * legacy one lacks 0x4005. */
static void high_event_numbers(void)
{
	static const struct { const char *name; int code; } want[] = {
		{ "cpu_cycles", 0x11 }, { "stall_backend", 0x24 }, { "stall", 0x3c },
		{ "stall_slot_backend", 0x3d }, { "stall_slot_frontend", 0x3e },
		{ "stall_slot", 0x3f }, { "stall_backend_mem", 0x4005 },
		{ "l2d_cache_lmiss_rd", 0x4009 },
	};
	const uint64_t low0 = 1ull << 0x11, low1 = (1ull << 4) | (0xfull << 28);
	struct report r;
	struct pmu *p = NULL;
	const struct event *e;
	int found = 0;

	if (fixture_collect(&r, "graviton4-neoverse-v2")) {
		ok(0, "graviton4-neoverse-v2 collects");
		return;
	}
	for (int i = 0; i < r.npmus; i++)
		if (!strcmp(r.pmus[i].name, "armv8_pmuv3_0"))
			p = &r.pmus[i];
	ok(p && p->nevents == 8, "graviton4-neoverse-v2: armv8_pmuv3_0 lists 8 events (%d)",
	   p ? p->nevents : -1);
	if (!p || p->nevents != 8 || !p->event_codes) {
		report_free(&r);
		return;
	}
	for (size_t w = 0; w < sizeof(want) / sizeof(want[0]); w++)
		for (int i = 0; i < p->nevents; i++)
			found += !strcmp(p->events[i], want[w].name) && p->event_codes[i] == want[w].code;
	ok(found == 8, "each sysfs name has its number, 0x4005 and 0x4009 included (%d of 8)", found);
	p->probed = true;
	for (int m = 0; m < MODE_N; m++) {
		struct guest_view *g = &p->guest[m];

		g->status = MODE_OK;
		g->read[GREG_PMCEID0] = g->read[GREG_PMCEID1] = true;
		g->reg[GREG_PMCEID0] = low0 | (1ull << (32 + 9)) | (m == MODE_STRICT ? 1ull << (32 + 5) : 0);
		g->reg[GREG_PMCEID1] = low1;
	}
	ok(events_decode(&r, "no-such-libpfm-model") == 0, "graviton4: decode succeeds");
	e = find(p->guest[MODE_STRICT].events, p->guest[MODE_STRICT].nevents, 0x4005);
	ok(p->guest[MODE_STRICT].nevents == 8 && e && !strcmp(e->name, "stall_backend_mem") &&
	   e->source == EVSRC_SYSFS, "strict guest: 8 events, 0x4005 named stall_backend_mem from sysfs");
	ok(p->guest[MODE_STRICT].nmissing == 0, "strict guest: no host event missing (%d)",
	   p->guest[MODE_STRICT].nmissing);
	e = p->guest[MODE_LEGACY].nmissing == 1 ? &p->guest[MODE_LEGACY].missing[0] : NULL;
	ok(e && e->code == 0x4005 && !strcmp(e->name, "stall_backend_mem"),
	   "legacy guest without PMCEID0 bit 37: the one missing host event is 0x4005 stall_backend_mem (%d missing)",
	   p->guest[MODE_LEGACY].nmissing);
	report_free(&r);
}

/* Apple's PMU is no PMUv3: its events/ numbers are its own (cycles 0x02,
 * instructions 0x8c: apple_m1_cpu_pmu.c), and under KVM (6.15+) a guest
 * gets an emulated PMUv3 whose PMCEID KVM builds from the driver's PMUv3
 * map.  For the M2 (tests/fixtures/asahi-m2-t8112): m1_pmu_pmceid_map
 * maps INST_RETIRED 0x08, CPU_CYCLES 0x11, BR_RETIRED 0x21 and
 * BR_MIS_PRED_RETIRED 0x22 (apple_pmu_init_pmceid sets those bits), and
 * pmu-emul.c's compute_pmceid0 adds SW_INCR 0x00 and CHAIN 0x1e: PMCEID0
 * 0x40020101, PMCEID1 0x6.  Matched as PMUv3 numbers, the host's 0x02 and
 * 0x8c would be "events the guest lacks" (and a 0x3d-0x3f one a
 * STALL_SLOT*); they are no such thing. */
static void apple_guest(void)
{
	struct report r;
	int core = 0, bad = 0;

	if (!ok(fixture_collect(&r, "asahi-m2-t8112") == 0, "asahi-m2-t8112 collected")) {
		report_free(&r);
		return;
	}
	for (int i = 0; i < r.npmus; i++) {
		struct pmu *p = &r.pmus[i];

		if (!p->core)
			continue;
		core++;
		p->probed = true;
		for (int m = 0; m < MODE_N; m++) {
			struct guest_view *g = &p->guest[m];

			g->status = MODE_OK;
			g->read[GREG_PMCEID0] = g->read[GREG_PMCEID1] = true;
			g->reg[GREG_PMCEID0] = 0x40020101;
			g->reg[GREG_PMCEID1] = 0x6;
		}
	}
	ok(core == 2 && events_decode(&r, NULL) == 0, "two Apple core PMUs, their guests decoded");
	for (int i = 0; i < r.npmus; i++) {
		const struct pmu *p = &r.pmus[i];

		for (int m = 0; p->core && m < MODE_N; m++) {
			const struct guest_view *g = &p->guest[m];
			const struct event *e8 = find(g->events, g->nevents, 0x08);
			const struct event *e11 = find(g->events, g->nevents, 0x11);

			if (p->nevents != 2 || g->nevents != 6 || g->nmissing != 0 ||
			    !e8 || strcmp(e8->name, "INST_RETIRED") || e8->source != EVSRC_ARCH ||
			    !e11 || strcmp(e11->name, "CPU_CYCLES") || e11->source != EVSRC_ARCH ||
			    guest_stall_slot_events(g) || pmu_stall_slot_mask(p)) {
				printf("# %s %s: %d host events, %d guest events, %d missing\n", p->name,
				       mode_name((enum probe_mode)m), p->nevents, g->nevents, g->nmissing);
				bad++;
			}
		}
	}
	ok(!bad, "Apple PMUs: the guest's 6 events named as PMUv3 (0x08 INST_RETIRED, 0x11 "
	   "CPU_CYCLES), none of the host's cycles/instructions taken as missing, no STALL_SLOT*");
	report_free(&r);
}

int main(void)
{
	decode_tests();
	host_vs_guest();
	high_event_numbers();
	arch_names_everywhere();
	libpfm_loads();
	apple_guest();
	return done_testing();
}
