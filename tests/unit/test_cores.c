/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_cores.c - the known-core table and perf's topdown prediction. */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cores.h"
#include "perf_predict.h"
#include "pfm.h"
#include "tap.h"
#include "verdict.h"

static void lookup_tests(void)
{
	const struct core_info *c;

	/* QEMU's neoverse-v1 is r1p2 (0x411fd402); perf's row is r0p0. */
	c = core_lookup(0x411fd402);
	ok(c && !strcmp(c->name, "Arm Neoverse V1") && c->pmuver == 5 && c->slots == 8,
	   "0x411fd402 is Neoverse V1, PMUv3p4, documented SLOTS 8");
	ok(core_lookup(0x410fd400) == c && core_lookup(0x41ffd40f) == c,
	   "variant and revision do not change the core");
	c = core_lookup(0x414fd0c1);
	ok(c && !strcmp(c->name, "ARM Neoverse N1") && c->pmuver == 4 &&
	   !strcmp(c->pfm_model, "arm_n1"), "0x414fd0c1 is Neoverse N1, PMUv3p1, libpfm4 arm_n1");
	c = core_lookup(0x414fd0b1);
	ok(c && !strcmp(c->name, "Cortex-A76") && c->pmuver == 4 && !c->pfm_model,
	   "0x414fd0b1 is Cortex-A76, PMUv3p1, no libpfm4 model");
	c = core_lookup(0x410fd493);
	ok(c && c->pmuver == 6 && c->slots == 5 && !strcmp(c->pfm_model, "arm_n2"),
	   "0x410fd493 is Neoverse N2, PMUv3p5, SLOTS 5");
	ok(!core_lookup(0x000f0510), "QEMU max (implementer 0) is unknown");
	ok(!core_lookup(0x510f0100), "an implementer the table lacks (0x51) is unknown");
	ok(!core_lookup(0x410fdfff), "a part of a known implementer the table lacks is unknown");
	c = core_lookup(0x611f0220);
	ok(c && !strcmp(c->name, "Apple M1") && c->pmuver == 0 && !c->slots,
	   "Apple part 0x022 is Apple M1, names only");
	c = core_lookup(0x611f0390);
	is_str(c ? c->name : NULL, "Apple M2", "Apple part 0x039 is Apple M2");
	ok(!core_lookup(0x611f0400), "Apple part 0x040 is not in the table");
	ok(!strcmp(pfm_model_for_midr(0x413fd0c1), "arm_n1") &&
	   !strcmp(pfm_model_for_midr(0x430f0af1), "arm_thunderx2") &&
	   !pfm_model_for_midr(0x410fd0b0), "libpfm4 models come from the same rows");
}

static void why_tests(void)
{
	char b[WHY_MAX];

	core_unknown_why(0x000f0510, b, sizeof(b));
	has_str(b, "reserved for software use", "implementer 0");
	core_unknown_why(0x510f0100, b, sizeof(b));
	has_str(b, "implementer 0x51", "unknown implementer");
	core_unknown_why(0x410fdfff, b, sizeof(b));
	has_str(b, "part 0xdff", "unknown part");
}

static void map_tests(void)
{
	const struct perf_map *m;

	m = perf_map_lookup(0x411fd402);
	ok(m && !strcmp(m->dir, "arm/neoverse-v1") && m->metrics == PM_SLOTS,
	   "perf maps r1p2 V1 to arm/neoverse-v1 (variant, revision masked)");
	ok(!perf_map_lookup(0x000f0510), "perf has no row for QEMU max");
	/* perf compares the architecture field too. */
	ok(!perf_map_lookup(0x4100d400), "architecture 0x0 is not perf's 0xf row");
	m = perf_map_lookup(0x410fd840);
	ok(!m, "perf's mapfile has no row for Neoverse V3's part 0xd84 (it lists 0xd83)");
	m = perf_map_lookup(0x410fd490);
	is_str(m ? m->dir : NULL, "arm/neoverse-n2-v2", "N2 shares arm/neoverse-n2-v2");
	m = perf_map_lookup(0x411fd4f1);
	ok(m && !strcmp(m->dir, "arm/neoverse-n2-v2"), "V2 r1p1 (0x411fd4f1) masks to V2's row");
	m = perf_map_lookup(0x413fd0c1);
	ok(m && !strcmp(m->dir, "arm/neoverse-n1") && m->metrics == PM_NONE,
	   "N1 r3p1 (0x413fd0c1) masks to N1's row, no TopdownL1");
	m = perf_map_lookup(0x410fd830);
	ok(m && !strcmp(m->dir, "arm/neoverse-v3") && m->since == PS_7_3,
	   "the neoverse-v3 row is the V3AE's part 0xd83, new after perf 6.12");
	ok(!perf_map_lookup(0x410fd810), "no Cortex-A720 row (a posted patch only)");
	ok(!perf_map_lookup(0x6d0fd490), "no row for Cobalt 100, though an N2 r0p0");
	m = perf_map_lookup(0x480fd010);
	ok(m && m->metrics == PM_FIXED, "hip08: TopdownL1 in Default without #slots");
	m = perf_map_lookup(0x4e0f0100);
	ok(m && m->metrics == PM_OUTSIDE && !strcmp(m->dir, "nvidia/t410"),
	   "t410: TopdownL1 outside Default");
	m = perf_map_lookup(0xc00fac40);
	ok(m && m->metrics == PM_SLOTS, "AmpereOne A/X: TopdownL1 with #slots");
	for (uint64_t x = 0; x < 3; x++) {
		static const uint64_t none[] = { 0x420f5160, 0x500f0000, 0x460f0030 };

		m = perf_map_lookup(none[x]);
		ok(m && m->metrics == PM_NONE, "0x%08llx (%s): no TopdownL1 in Default",
		   (unsigned long long)none[x], m ? m->dir : "no row");
	}
}

static void new_core_tests(void)
{
	static const struct { uint64_t midr; const char *name; unsigned slots; } c1[] = {
		{ 0x410fd8c0, "C1-Ultra", 10 }, { 0x410fd900, "C1-Premium", 10 },
		{ 0x410fd8b0, "C1-Pro", 5 }, { 0x410fd8a0, "C1-Nano", 3 },
		{ 0x6d0fd490, "Microsoft Azure Cobalt 100", 5 }, { 0x410fd840, "Neoverse V3", 10 },
		{ 0xc00fac40, "AmpereOne AC04", 0 }, { 0x4e0f0100, "NVIDIA Olympus", 0 },
		{ 0x460f0030, "Fujitsu Monaka", 0 }, { 0x410fd810, "Cortex-A720", 0 },
	};

	for (size_t i = 0; i < sizeof(c1) / sizeof(c1[0]); i++) {
		const struct core_info *c = core_lookup(c1[i].midr);

		ok(c && !strcmp(c->name, c1[i].name) && c->slots == c1[i].slots,
		   "0x%08llx is %s, documented SLOTS %u", (unsigned long long)c1[i].midr,
		   c1[i].name, c1[i].slots);
	}
}

#define REASON_MAX sizeof(((struct perf_outcome *)0)->reason)

static struct perf_outcome last;

static enum perf_topdown predict(uint64_t midr, bool have_slots, unsigned slots, char *reason)
{
	struct perf_input in = { .have_midr = true, .midr = midr, .have_slots = have_slots,
				 .slots = slots, .ncore_pmus = 1, .where = "this host" };

	perf_predict(&in, &last);
	if (reason)
		snprintf(reason, REASON_MAX, "%s", last.reason);
	return last.topdown;
}

/* perf release range I of the last prediction: its versions and answer. */
static bool range_is(int i, const char *versions, enum perf_topdown t)
{
	return last.nranges > i && !strcmp(last.ranges[i].versions, versions) &&
	       last.ranges[i].topdown == t;
}

static void predict_tests(void)
{
	char r[REASON_MAX];
	struct perf_input in = { .have_midr = false, .where = "this host" };
	struct perf_outcome o;

	/* The VM boots of perf-and-guests.md: what perf 7.3.4 did. */
	ok(predict(0x411fd402, true, 0, r) == PERF_TD_FAILS && strstr(r, "Failure to read '#slots'"),
	   "V1, SLOTS 0: fails (%s)", r);
	ok(predict(0x411fd402, true, 8, r) == PERF_TD_WORKS, "V1, SLOTS 8: works (%s)", r);
	ok(predict(0x410fd493, true, 8, NULL) == PERF_TD_WORKS, "N2, SLOTS 8: works");
	ok(predict(0x414fd0c1, true, 0, r) == PERF_TD_NO_METRICS, "N1: no metrics (%s)", r);
	ok(predict(0x414fd0b1, true, 8, NULL) == PERF_TD_NO_METRICS, "A76, SLOTS 8: no metrics");
	ok(predict(0x000f0510, true, 8, r) == PERF_TD_NO_METRICS, "max: no metrics (%s)", r);
	ok(predict(0x411fd402, false, 0, r) == PERF_TD_FAILS && strstr(r, "no caps/slots"),
	   "V1 without caps/slots: fails (%s)", r);
	ok(predict(0x500f0000, true, 8, NULL) == PERF_TD_NO_METRICS && range_is(0, PERF_VERSIONS,
	   PERF_TD_NO_METRICS) && last.nranges == 1, "eMAG: no topdown in any perf 6.4-7.3");
	/* perf's own words per release, as the rig saw them */
	ok(predict(0x410fd400, true, 0, NULL) == PERF_TD_FAILS && last.nranges == 2 &&
	   range_is(0, "6.4-6.12", PERF_TD_FAILS) && range_is(1, "7.3", PERF_TD_FAILS) &&
	   strstr(last.ranges[0].failure, "Cannot find metric or group `Default'") &&
	   strstr(last.ranges[1].failure, "Fail to parse metric or group `Default'") &&
	   !strcmp(last.versions, PERF_VERSIONS), "V1, SLOTS 0: each perf's failure text");
	ok(predict(0x410fd400, true, 8, NULL) == PERF_TD_WORKS && last.nranges == 1 &&
	   !last.ranges[0].failure && !strcmp(last.ranges[0].checked, "6.12.117, 7.3.4"),
	   "V1, SLOTS 8: one range, checked on both perfs");
	/* V3 vs V3AE */
	ok(predict(0x410fd840, true, 10, r) == PERF_TD_NO_METRICS && strstr(r, "V3AE"),
	   "Neoverse V3 (0xd84): no row, perf's V3 metrics are the V3AE's (%s)", r);
	ok(predict(0x410fd830, true, 0, NULL) == PERF_TD_FAILS && !strcmp(last.versions, "7.3") &&
	   range_is(0, "6.4-6.12", PERF_TD_NO_METRICS) && range_is(1, "7.3", PERF_TD_FAILS),
	   "V3AE, SLOTS 0: 6.12 has no row, 7.3 fails");
	ok(predict(0x410fd8e0, true, 5, NULL) == PERF_TD_WORKS &&
	   range_is(0, "6.4-6.12", PERF_TD_NO_METRICS), "N3, SLOTS 5: works in 7.3 only");
	/* hip08: works at any SLOTS, so in every guest */
	ok(predict(0x480fd010, true, 0, r) == PERF_TD_WORKS && strstr(r, "every guest") &&
	   range_is(0, PERF_VERSIONS, PERF_TD_WORKS), "hip08, SLOTS 0: works (%s)", r);
	ok(predict(0x480fd010, false, 0, NULL) == PERF_TD_WORKS, "hip08 without caps/slots: works");
	ok(predict(0x4e0f0100, true, 8, r) == PERF_TD_NO_METRICS && strstr(r, "not in Default"),
	   "t410, SLOTS 8: no topdown in plain perf stat (%s)", r);
	ok(predict(0xc00fac40, true, 0, NULL) == PERF_TD_FAILS &&
	   predict(0xc01fac41, true, 8, NULL) == PERF_TD_WORKS, "AmpereOne A/X: fails, works");
	ok(predict(0x6d0fd490, true, 5, NULL) == PERF_TD_NO_METRICS,
	   "Cobalt 100 at SLOTS 5: no row, no topdown");
	ok(predict(0x411fd4f1, true, 0, NULL) == PERF_TD_FAILS &&
	   predict(0x413fd0c1, true, 0, NULL) == PERF_TD_NO_METRICS,
	   "variant/revision forms 0x411fd4f1 and 0x413fd0c1 answer as their rows");
	perf_predict(&in, &o);
	ok(o.topdown == PERF_TD_UNKNOWN, "no CPU0 MIDR: unknown (%s)", o.reason);
	/* SLOTS without the STALL_SLOT* events (QEMU 11.1's neoverse-v1, or a
	 * legacy guest, whose PMCEID1 bits 29-31 KVM clears): perf prints the
	 * block with 0.0 and nan (tests/vm/perf-outputs/v1-slots8.out). */
	in = (struct perf_input){ .have_midr = true, .midr = 0x411fd402, .have_slots = true,
				  .slots = 8, .events_known = true, .stall_slots = 0,
				  .ncore_pmus = 1, .where = "a legacy guest" };
	perf_predict(&in, &o);
	ok(o.topdown == PERF_TD_WORKS_WITHOUT_VALUES && o.nranges == 1 &&
	   o.ranges[0].topdown == PERF_TD_WORKS_WITHOUT_VALUES &&
	   strstr(o.reason, "a legacy guest lacks STALL_SLOT_BACKEND (0x3D), STALL_SLOT_FRONTEND "
		  "(0x3E) and STALL_SLOT (0x3F)") && !strcmp(perf_topdown_name(o.topdown),
							      "works_without_values"),
	   "no STALL_SLOT* events: works_without_values, naming all three (%s)", o.reason);
	in.stall_slots = 1u << 1;	/* STALL_SLOT_FRONTEND alone */
	perf_predict(&in, &o);
	ok(o.topdown == PERF_TD_WORKS_WITHOUT_VALUES &&
	   strstr(o.reason, "lacks STALL_SLOT_BACKEND (0x3D) and STALL_SLOT (0x3F), which") &&
	   !strstr(o.reason, "STALL_SLOT_FRONTEND"), "two of three missing: names those two (%s)",
	   o.reason);
	in.stall_slots = 3;	/* STALL_SLOT missing alone */
	perf_predict(&in, &o);
	ok(o.topdown == PERF_TD_WORKS_WITHOUT_VALUES && strstr(o.reason, "lacks STALL_SLOT (0x3F),"),
	   "one missing: names it (%s)", o.reason);
	in.stall_slots = STALL_SLOT_ALL;
	perf_predict(&in, &o);
	ok(o.topdown == PERF_TD_WORKS && !strstr(o.reason, "lacks"), "all three: works (%s)",
	   o.reason);
	in.stall_slots = 0;
	in.events_known = false;
	perf_predict(&in, &o);
	ok(o.topdown == PERF_TD_WORKS, "events unknown: works, as perf's table says (%s)", o.reason);
	/* V3AE without the events: 6.12 has no row, 7.3 prints a block without values */
	in = (struct perf_input){ .have_midr = true, .midr = 0x410fd830, .have_slots = true,
				  .slots = 10, .events_known = true, .stall_slots = 0,
				  .ncore_pmus = 1, .where = "this host" };
	perf_predict(&in, &o);
	last = o;
	ok(o.topdown == PERF_TD_WORKS_WITHOUT_VALUES && range_is(0, "6.4-6.12", PERF_TD_NO_METRICS) &&
	   range_is(1, "7.3", PERF_TD_WORKS_WITHOUT_VALUES) && !o.ranges[1].failure &&
	   o.topdown_events == 14, "V3AE without STALL_SLOT*: 7.3 prints 14 events' block without values");
	/* hip08's fixed-width table counts no STALL_SLOT* event */
	in.midr = 0x480fd010;
	perf_predict(&in, &o);
	ok(o.topdown == PERF_TD_WORKS, "hip08 without STALL_SLOT*: works (%s)", o.reason);
	/* multiplexing: V1's TopdownL1 opens 14 events (perf -v, perf-tables) */
	in = (struct perf_input){ .have_midr = true, .midr = 0x411fd402, .have_slots = true,
				  .slots = 8, .ncore_pmus = 1, .counters = 7, .where = "this host" };
	perf_predict(&in, &o);
	ok(o.topdown_events == 14 && o.counters == 7 && perf_multiplexed(&o) &&
	   strstr(o.reason, "14 events for 7 counters"), "V1, 6 counters + cycle: multiplexed (%s)",
	   o.reason);
	in.counters = 0;
	perf_predict(&in, &o);
	ok(o.topdown_events == 14 && !perf_multiplexed(&o) && !strstr(o.reason, "multiplex"),
	   "V1, counters unknown: no multiplexing claim");
	in.counters = 32;
	perf_predict(&in, &o);
	ok(!perf_multiplexed(&o), "V1 with 31 counters + cycle: TopdownL1 alone fits, no claim");
	in.counters = 7;
	in.slots = 0;
	perf_predict(&in, &o);
	ok(o.topdown == PERF_TD_FAILS && !o.topdown_events && !perf_multiplexed(&o),
	   "V1 at SLOTS 0: nothing counted, nothing multiplexed");
}

/* libpfm4's description of MODEL in BUF, from a child process: libpfm4
 * initializes once per process, for the model it is first asked about. */
static int child_desc(const char *model, char *buf, size_t len)
{
	int fd[2], status;
	ssize_t n;
	pid_t pid;

	if (pipe(fd))
		return -1;
	pid = fork();
	if (pid == 0) {
		char *desc = NULL;

		close(fd[0]);
		if (pfm_model_desc(model, &desc))
			_exit(1);
		_exit(write(fd[1], desc, strlen(desc)) < 0);
	}
	close(fd[1]);
	n = pid > 0 ? read(fd[0], buf, len - 1) : -1;
	close(fd[0]);
	if (pid > 0)
		waitpid(pid, &status, 0);
	if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) || n <= 0)
		return -1;
	buf[n] = 0;
	return 0;
}

/* The table's name of a libpfm4 model is libpfm4's own description: check
 * it wherever libpfm4 has its arm64 models (the arm64 build). */
static void pfm_name_tests(void)
{
	static const uint64_t midrs[] = { 0x410fd030, 0x410fd070, 0x410fd0c0, 0x410fd400,
					  0x410fd490, 0x410fd4f0, 0x420f5160, 0x460f0010,
					  0x480fd010, 0x500f0000 };
	int compared = 0, same = 0, named = 0;

	for (size_t i = 0; i < sizeof(midrs) / sizeof(midrs[0]); i++) {
		const struct core_info *c = core_lookup(midrs[i]);
		char desc[128];

		if (!c || !c->pfm_model)
			continue;
		named++;
		if (child_desc(c->pfm_model, desc, sizeof(desc)))
			continue;
		compared++;
		same += !strcmp(desc, c->name);
		if (strcmp(desc, c->name))
			printf("# %s: table \"%s\", libpfm4 \"%s\"\n", c->pfm_model, c->name, desc);
	}
	/* Every row asked about names a libpfm4 model: a row that lost it
	 * would drop out of the comparison silently. */
	ok(named == 10, "%d of the 10 MIDRs have a table row naming a libpfm4 model", named);
#if defined(HAVE_LIBPFM) && defined(__aarch64__)
	ok(compared == 10 && same == compared, "table names equal libpfm4's for %d of %d models",
	   same, compared);
#else
	/* No ok over zero names: what is checked here is that this libpfm4
	 * (built without arm64 models) answers none of the 10, so a libpfm4
	 * that has them, yet is not compared, fails; the names themselves
	 * are compared in the arm64 build (test-all's arm64-check, qemu-user). */
	ok(named == 10 && compared == 0 && same == 0,
	   "libpfm4 here (no arm64 models) refuses all %d table models; names compared in the arm64 build",
	   named - compared);
#endif
}

/* A one-core-PMU arm64 host with KVM and the strict capability. */
static struct pmu *host(struct report *r, uint64_t midr, unsigned slots, bool probed)
{
	struct pmu *p;

	report_init(r);
	r->arm64 = true;
	r->kvm = probed ? KVM_OK : KVM_NOT_PROBED;
	nval_set(&r->cap_pmu_v3, 1);
	nval_set(&r->cap_pmu_v3_strict, 1);
	r->cpus = calloc(1, sizeof(*r->cpus));
	r->ncpus = 1;
	r->cpus[0].has_midr = true;
	r->cpus[0].midr = midr;
	r->pmus = calloc(1, sizeof(*r->pmus));
	r->npmus = 1;
	p = &r->pmus[0];
	p->name = strdup("armv8_pmuv3_0");
	p->core = true;
	p->nevents = -1;
	nval_set(&p->midr, midr);
	nval_set(&p->slots, slots);
	return p;
}

static void guest(struct pmu *p, enum probe_mode m, uint64_t midr, unsigned pmuver,
		  unsigned slots, uint64_t pmceid1)
{
	struct guest_view *g = &p->guest[m];

	p->probed = true;
	g->status = MODE_OK;
	for (int i = 0; i < GREG_N; i++)
		g->read[i] = true;
	g->reg[GREG_MIDR] = midr;
	g->reg[GREG_DFR0] = (uint64_t)pmuver << 8;
	g->reg[GREG_PMMIR] = slots;
	g->reg[GREG_PMCEID1] = pmceid1;
}

static void analyse(struct report *r)
{
	perf_predict_report(r);
	verdict_compute(r);
}

static void verdict_tests(void)
{
	struct report r;
	struct pmu *p;

	/* QEMU 11.1 -cpu neoverse-v1, stock: PMMIR 0 on the host, PMUVer 5 in
	 * its guests (perf-and-guests.md). */
	p = host(&r, 0x411fd402, 0, true);
	guest(p, MODE_LEGACY, 0x411fd402, 5, 0, 0x10000018);
	guest(p, MODE_STRICT, 0x411fd402, 5, 0, 0x10000018);
	analyse(&r);
	ok(r.verdict.code == V_PMMIR_ZERO && verdict_exit_status(&r.verdict) == 11 &&
	   strstr(r.verdict.text, "Arm Neoverse V1") && strstr(r.verdict.text, "guest read PMUVer 5") &&
	   !strstr(r.verdict.text, "before PMUv3p4"), "V1, SLOTS 0, guest PMUVer 5: %s",
	   r.verdict.text);
	ok(p->perf.topdown == PERF_TD_FAILS && p->guest[MODE_LEGACY].perf.topdown == PERF_TD_FAILS,
	   "V1, SLOTS 0: perf fails on the host and in the guest");
	report_free(&r);

	p = host(&r, 0x411fd402, 0, false);
	analyse(&r);
	ok(r.verdict.code == V_PMMIR_ZERO && strstr(r.verdict.text, "known-core table"),
	   "V1, SLOTS 0, no guest: the table says PMUv3p4 (%s)", r.verdict.text);
	report_free(&r);

	p = host(&r, 0x414fd0c1, 0, false);
	analyse(&r);
	ok(r.verdict.code == V_NO_PMMIR && verdict_exit_status(&r.verdict) == 8 &&
	   strstr(r.verdict.text, "PMUv3p1"), "N1, SLOTS 0, no guest: %s", r.verdict.text);
	ok(p->perf.topdown == PERF_TD_NO_METRICS, "N1: perf has no topdown metrics");
	report_free(&r);

	p = host(&r, 0x000f0510, 0, false);
	analyse(&r);
	ok(r.verdict.code == V_HOST_SLOTS_ZERO && verdict_exit_status(&r.verdict) == 7 &&
	   strstr(r.verdict.text, "not in the known-core table"), "unknown core, SLOTS 0: %s",
	   r.verdict.text);
	report_free(&r);

	p = host(&r, 0x411fd402, 8, true);
	guest(p, MODE_LEGACY, 0x411fd402, 5, 0, 0x10000018);
	guest(p, MODE_STRICT, 0x411fd402, 5, 8, 0x10000018);
	analyse(&r);
	ok(r.verdict.code == V_STRICT_EXPOSES_SLOTS && strstr(r.verdict.text, "fail in legacy guests"),
	   "V1, SLOTS 8: %s", r.verdict.text);
	ok(p->guest[MODE_LEGACY].perf.topdown == PERF_TD_FAILS &&
	   p->guest[MODE_STRICT].perf.topdown == PERF_TD_WORKS_WITHOUT_VALUES &&
	   strstr(p->guest[MODE_STRICT].perf.reason, "a strict guest lacks STALL_SLOT_BACKEND"),
	   "V1: legacy guest fails, strict prints the block without values (PMCEID1 0x10000018) (%s)",
	   p->guest[MODE_STRICT].perf.reason);
	report_free(&r);

	/* The README's host: -cpu max, SLOTS 8 patched in. */
	p = host(&r, 0x000f0510, 8, true);
	guest(p, MODE_LEGACY, 0x000f0510, 6, 0, 0x10000018);
	guest(p, MODE_STRICT, 0x000f0510, 6, 8, 0x10000018);
	analyse(&r);
	ok(r.verdict.code == V_STRICT_EXPOSES_SLOTS && !strstr(r.verdict.text, "fail") &&
	   strstr(r.verdict.text, "no topdown metrics"), "max, SLOTS 8: %s", r.verdict.text);
	report_free(&r);
}

/* ID_AA64DFR0_EL1.PMUVer as the Arm ARM and Linux (arch/arm64/tools/sysreg:
 * NI, IMP, V3P1, V3P4, V3P5, V3P7, V3P8, V3P9, IMP_DEF) name it:
 * 0b0000 no PMU, 0b0001 PMUv3, 0b0100 PMUv3p1, 0b0101 PMUv3p4, 0b0110
 * PMUv3p5, 0b0111 PMUv3p7, 0b1000 PMUv3p8, 0b1001 PMUv3p9, 0b1111 an
 * IMPLEMENTATION DEFINED PMU; every other value reserved.  And the kernel
 * release the strict feature's absence is explained by. */
static void pmuver_tests(void)
{
	static const char *const names[16] = {
		"no PMU", "PMUv3", "reserved", "reserved", "PMUv3p1", "PMUv3p4", "PMUv3p5",
		"PMUv3p7", "PMUv3p8", "PMUv3p9", "reserved", "reserved", "reserved",
		"reserved", "reserved", "IMPLEMENTATION DEFINED",
	};

	for (unsigned v = 0; v < 16; v++)
		is_str(pmuver_name(v), names[v], "PMUVer %u is %s", v, names[v]);
	is_str(strict_missing_why("6.12.117"), "needs Linux 7.3+", "6.12.117: the strict feature needs 7.3");
	is_str(strict_missing_why("7.3.4+deb13-arm64"), "although the kernel is 7.3 or later",
	       "7.3.4: it is missing although the kernel is new enough");
	is_str(strict_missing_why("10.0"), "although the kernel is 7.3 or later", "10.0: likewise");
	for (size_t i = 0; i < 4; i++) {
		static const char *const odd[] = { "7", "7.x", "v7.3", "" };

		is_str(strict_missing_why(odd[i]), "it came with Linux 7.3",
		       "release '%s' (no MAJOR.MINOR): only when the feature came", odd[i]);
	}
}

int main(void)
{
	lookup_tests();
	new_core_tests();
	why_tests();
	map_tests();
	predict_tests();
	pfm_name_tests();
	pmuver_tests();
	verdict_tests();
	return done_testing();
}
