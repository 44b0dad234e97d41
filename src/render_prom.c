/* SPDX-License-Identifier: GPL-2.0-or-later */
/* render_prom.c - Prometheus text exposition format (version 0.0.4) for the
 * node_exporter textfile collector.
 *
 * Rules followed (prometheus.io "Exposition formats"; node_exporter
 * collector/textfile.go):
 * - every family's "# HELP" and "# TYPE" once, before its samples, and all of
 *   its samples together; a family without samples is left out entirely;
 * - label values escape double quote, and spell backslash, control
 *   characters and bytes that are not UTF-8 as \xNN (label_value());
 *   HELP text escapes backslash and newline;
 * - no timestamps: the textfile collector rejects samples that carry one;
 * - all gauges: every value is a state observed at run time.
 * Facts the report does not know produce no sample (not a 0), so a fleet
 * query can tell "no" from "unknown". */
#include "render.h"

#include <stdarg.h>
#include <stdlib.h>

#include "array_size.h"
#include "contract.h"
#include "cores.h"
#include "perf_predict.h"
#include "replay_line.h"
#include "utf8.h"

#define PREFIX "kvm_pmu_info_"

/* Every family, in the order of first appearance; a family's header goes
 * out with its first sample, so the order of the samples is what counts. */
enum fam {
	F_INFO, F_CORE_PMU, F_HOST_SLOTS, F_CAP, F_PROBE_SUCCESS, F_GUEST_SLOTS, F_STALL_EVENTS,
	F_GUEST_PMUVER, F_GUEST_COUNTERS, F_PERF, F_CONTRACT, F_STRICT_SEES, F_DEFAULT_SEES,
	F_NEEDS_VMM, F_SEES, F_VIRTUALIZED, F_VM_VERDICT, F_PROBE_DURATION, F_PROBLEMS, F_N
};

static const struct {
	const char *name;   /* without PREFIX */
	const char *help;
} family[F_N] = {
	[F_INFO] = { "info", "kvm-pmu-info version, host kernel and verdict code (always 1)" },
	[F_CORE_PMU] = { "core_pmu_info",
		"One per core PMU, to join on pmu and group by (always 1): midr = MIDR_EL1 of its "
		"first CPU, core = the known-core table's name; a label is empty when unknown" },
	[F_HOST_SLOTS] = { "host_slots",
		"PMMIR_EL1.SLOTS the host kernel reports for the PMU (caps/slots)" },
	[F_CAP] = { "kvm_capability",
		"KVM capability present: arm_pmu_v3 = KVM_CAP_ARM_PMU_V3, "
		"arm_pmu_v3_strict = KVM_CAP_ARM_PMU_V3_STRICT (Linux 7.3+)" },
	[F_PROBE_SUCCESS] = { "probe_success",
		"1 when the probe guest for this PMU and vPMU mode ran, 0 when it "
		"failed or the kernel lacks the mode" },
	[F_GUEST_SLOTS] = { "guest_slots",
		"PMMIR_EL1.SLOTS a guest read for this PMU and vPMU mode" },
	[F_STALL_EVENTS] = { "guest_stall_slot_events",
		"1 when the guest's PMCEID1_EL0 advertises the STALL_SLOT events (bits 29-31)" },
	[F_GUEST_PMUVER] = { "guest_pmuver",
		"ID_AA64DFR0_EL1.PMUVer a guest read for this PMU and vPMU mode (1 PMUv3, 4 PMUv3p1, "
		"5 PMUv3p4, the first with PMMIR_EL1, 6 PMUv3p5, 7 PMUv3p7, 8 PMUv3p8, 9 PMUv3p9, "
		"15 IMPLEMENTATION DEFINED)" },
	[F_GUEST_COUNTERS] = { "guest_event_counters",
		"PMCR_EL0.N a guest read for this PMU and vPMU mode: its event counters, the cycle "
		"counter not included" },
	[F_PERF] = { "perf_topdown",
		"1 when default perf stat prints its TopdownL1 block, 0 when it fails on "
		"#slots, 2 when it prints the block but the PMU lacks the STALL_SLOT* events "
		"its metrics count, so no value means anything (view: host, or inside a "
		"legacy/strict guest); absent when perf has no topdown metrics for the core "
		"or the outcome is unknown; only 1 is a working topdown" },
	[F_CONTRACT] = { "contract_check",
		"One check of the strict vPMU contract KVM_ARM_VCPU_PMU_V3_STRICT promises a VMM "
		"(always 1; result is kept, broken, not_applicable or unknown)" },
	[F_STRICT_SEES] = { "strict_guests_see_host_slots",
		"1 when guests in strict vPMU mode (KVM_ARM_VCPU_PMU_V3_STRICT, which the VMM must "
		"ask for) would read the host's SLOTS on every core PMU (the --check verdict)" },
	[F_DEFAULT_SEES] = { "default_guests_see_host_slots",
		"1 when default (legacy-mode) guests, what VMMs create today, read the host's SLOTS "
		"on every core PMU" },
	[F_NEEDS_VMM] = { "needs_vmm_change",
		"1 when only the VMM stands in the way: strict guests would see the host's SLOTS, "
		"default guests do not" },
	[F_SEES] = { "guest_sees_host_slots",
		"DEPRECATED since 0.2 (schema_version 2), removed in the next release: "
		"the same as kvm_pmu_info_strict_guests_see_host_slots" },
	[F_VIRTUALIZED] = { "virtualized",
		"1 when this system is itself a virtual machine (hypervisor as systemd-detect-virt "
		"names it), 0 when not; absent when DMI and the device tree cannot tell" },
	[F_VM_VERDICT] = { "vm_verdict",
		"Inside an arm64 VM: what its own vPMU shows against its core's documented SLOTS "
		"(always 1; the verdict label says it)" },
	[F_PROBE_DURATION] = { "probe_duration_seconds",
		"Wall time of the guest probes (monotonic clock, from opening /dev/kvm to the last "
		"probe VM's teardown); absent when no guest was probed; in a --replay, the recorded "
		"run's" },
	[F_PROBLEMS] = { "input_problems",
		"Number of sysfs/proc inputs that were unreadable or malformed" },
};

struct prom {
	FILE *out;
	bool started[F_N];
};

/* Start a sample line: the family header on its first sample, then the
 * metric name; the caller adds labels with labels() and ends with value(). */
static void sample(struct prom *pr, enum fam f)
{
	FILE *out = pr->out;

	if (!pr->started[f]) {
		fprintf(out, "# HELP " PREFIX "%s ", family[f].name);
		for (const char *p = family[f].help; *p; p++) {
			if (*p == '\\')
				fputs("\\\\", out);
			else if (*p == '\n')
				fputs("\\n", out);
			else
				fputc(*p, out);
		}
		fprintf(out, "\n# TYPE " PREFIX "%s gauge\n", family[f].name);
		pr->started[f] = true;
	}
	fprintf(out, PREFIX "%s", family[f].name);
}

/* A label value, escaped for the exposition format.  It must also stay
 * unique: two sysfs names that differ only in bytes that are not valid
 * UTF-8 ("pmu_\xff", "pmu_\xfe") must not become one series, which
 * node_exporter drops as "collected before with the same name and label
 * values".  So each such byte, each control character and the backslash
 * itself is spelled \xNN: one name, one label value, and back. */
static void label_value(FILE *out, const char *v)
{
	const unsigned char *p = (const unsigned char *)v;

	while (*p) {
		size_t n = utf8_valid_seq(p);

		if (!n || *p < 0x20 || *p == 0x7f || *p == '\\' ||
		    (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)) {
			fprintf(out, "\\\\x%02x", *p);   /* "\\" is one backslash */
			p++;
			continue;
		}
		if (*p == '"')
			fputs("\\\"", out);
		else
			fwrite(p, 1, n, out);
		p += n;
	}
}

/* Labels come as (name, value) pairs, NULL-terminated; a NULL value is
 * written as "" (which Prometheus treats as the label being absent). */
static void labels(struct prom *pr, ...)
{
	FILE *out = pr->out;
	const char *name;
	va_list ap;
	int n = 0;

	va_start(ap, pr);
	while ((name = va_arg(ap, const char *))) {
		const char *v = va_arg(ap, const char *);

		fprintf(out, "%s%s=\"", n++ ? "," : "{", name);
		label_value(out, v ? v : "");
		fputc('"', out);
	}
	va_end(ap);
	if (n)
		fputc('}', out);
}

static void value(struct prom *pr, unsigned long long v)
{
	fprintf(pr->out, " %llu\n", v);
}

/* Register R as the guest of a probe that ran read it (no UNDEF). */
static bool reg_read(const struct guest_view *g, enum guest_reg r)
{
	return g->status == MODE_OK && g->read[r] && !g->undef[r];
}

/* The families with one sample per probed PMU and vPMU mode: each says
 * whether a guest view has a sample, and its value. */
static bool probe_success(const struct guest_view *g, unsigned long long *v)
{
	*v = g->status == MODE_OK;
	return g->status != MODE_SKIPPED;
}

static bool slots_read(const struct guest_view *g, unsigned long long *v)
{
	unsigned slots;

	if (!guest_read_slots(g, &slots))
		return false;
	*v = slots;
	return true;
}

static bool stall_events(const struct guest_view *g, unsigned long long *v)
{
	*v = guest_stall_slot_events(g);
	return reg_read(g, GREG_PMCEID1);
}

static bool pmuver_read(const struct guest_view *g, unsigned long long *v)
{
	*v = guest_pmuver(g);
	return reg_read(g, GREG_DFR0);
}

static bool counters_read(const struct guest_view *g, unsigned long long *v)
{
	*v = guest_counters(g);
	return reg_read(g, GREG_PMCR);
}

static const struct {
	enum fam fam;
	bool (*get)(const struct guest_view *g, unsigned long long *v);
} per_mode[] = {
	{ F_PROBE_SUCCESS, probe_success },
	{ F_GUEST_SLOTS, slots_read },
	{ F_STALL_EVENTS, stall_events },
	{ F_GUEST_PMUVER, pmuver_read },
	{ F_GUEST_COUNTERS, counters_read },
};

static void per_mode_families(struct prom *pr, const struct report *r)
{
	for (size_t f = 0; f < ARRAY_SIZE(per_mode); f++) {
		for (int i = 0; i < r->npmus; i++) {
			const struct pmu *p = &r->pmus[i];

			for (int m = 0; p->probed && m < MODE_N; m++) {
				unsigned long long v;

				if (!per_mode[f].get(&p->guest[m], &v))
					continue;
				sample(pr, per_mode[f].fam);
				labels(pr, "pmu", p->name, "mode", mode_name((enum probe_mode)m),
				       (char *)NULL);
				value(pr, v);
			}
		}
	}
}

/* The identity of each core PMU, one info series each: the labels a fleet
 * groups by, joined to the per-PMU families on pmu.  Not PMUVer or the
 * counters: those are what a guest read, per mode, so gauges of their own. */
static void core_pmus(struct prom *pr, const struct report *r)
{
	for (int i = 0; i < r->npmus; i++) {
		const struct pmu *p = &r->pmus[i];
		char midr[24] = "";

		if (!p->core)
			continue;
		if (p->midr.set)   /* spelt as the JSON's midr_el1 */
			snprintf(midr, sizeof(midr), "0x%llx", (unsigned long long)p->midr.v);
		sample(pr, F_CORE_PMU);
		labels(pr, "pmu", p->name, "cpus", p->cpus.s, "midr", midr, "core",
		       p->midr.set ? core_name(p->midr.v) : NULL, (char *)NULL);
		value(pr, 1);
	}
}

/* Seconds with the microseconds the clock gave: a float, in base units. */
static void probe_duration(struct prom *pr, const struct nval *us)
{
	if (!us->set)
		return;
	sample(pr, F_PROBE_DURATION);
	fprintf(pr->out, " %llu.%06llu\n", (unsigned long long)(us->v / 1000000),
		(unsigned long long)(us->v % 1000000));
}

/* One of the verdict's yes/no answers, or no sample when it is unknown. */
static void answer(struct prom *pr, enum fam f, int v)
{
	if (v < 0)
		return;
	sample(pr, f);
	value(pr, (unsigned long long)v);
}

static void capability(struct prom *pr, const char *name, const struct nval *cap)
{
	if (!cap->set)
		return;
	sample(pr, F_CAP);
	labels(pr, "capability", name, (char *)NULL);
	value(pr, cap->v != 0);
}

/* perf's topdown outcome on the host and in each probed guest mode of
 * every core PMU, where perf prints the block or fails: 1 works, 0 fails,
 * 2 a block without values (not 1, so "== 1" still means working). */
static void perf_topdown(struct prom *pr, const struct report *r)
{
	for (int i = 0; i < r->npmus; i++) {
		const struct pmu *p = &r->pmus[i];

		for (int m = -1; p->core && m < MODE_N; m++) {
			const struct perf_outcome *o = m < 0 ? &p->perf : &p->guest[m].perf;

			if ((m >= 0 && !p->probed) ||
			    (!perf_prints_topdown(o->topdown) && o->topdown != PERF_TD_FAILS))
				continue;
			sample(pr, F_PERF);
			labels(pr, "pmu", p->name, "view",
			       m < 0 ? "host" : mode_name((enum probe_mode)m), (char *)NULL);
			value(pr, o->topdown == PERF_TD_WORKS ? 1
				  : o->topdown == PERF_TD_WORKS_WITHOUT_VALUES ? 2 : 0);
		}
	}
}

/* Every check of every core PMU whose strict contract was checked. */
static void contract_checks(struct prom *pr, const struct report *r)
{
	for (int i = 0; i < r->npmus; i++) {
		const struct pmu *p = &r->pmus[i];

		for (int c = 0; p->core && p->contract.checked && c < CC_N; c++) {
			sample(pr, F_CONTRACT);
			labels(pr, "pmu", p->name, "check", contract_check_name((enum contract_check)c),
			       "result", check_result_name(p->contract.check[c].result), (char *)NULL);
			value(pr, 1);
		}
	}
}

int render_prometheus(const struct report *r, FILE *out)
{
	struct prom pr = { .out = out };
	char line[768];

	/* A plain comment: the exposition format ignores it. */
	if (report_replay_line(r, line, sizeof(line)))
		fputs("# kvm-pmu-info ", out), utf8_put_clean(out, line), fputc('\n', out);
	sample(&pr, F_INFO);
	labels(&pr, "version", PACKAGE_VERSION, "kernel", r->kernel.s,
	       "verdict", verdict_code_name(r->verdict.code), (char *)NULL);
	value(&pr, 1);
	core_pmus(&pr, r);

	for (int i = 0; i < r->npmus; i++) {
		const struct pmu *p = &r->pmus[i];

		if (!p->slots.set)
			continue;
		sample(&pr, F_HOST_SLOTS);
		labels(&pr, "pmu", p->name, "cpus", p->cpus.s, (char *)NULL);
		value(&pr, p->slots.v);
	}
	capability(&pr, "arm_pmu_v3", &r->cap_pmu_v3);
	capability(&pr, "arm_pmu_v3_strict", &r->cap_pmu_v3_strict);
	per_mode_families(&pr, r);
	perf_topdown(&pr, r);
	contract_checks(&pr, r);

	answer(&pr, F_STRICT_SEES, r->verdict.strict_sees);
	answer(&pr, F_DEFAULT_SEES, r->verdict.default_sees);
	answer(&pr, F_NEEDS_VMM, r->verdict.needs_vmm);
	answer(&pr, F_SEES, r->verdict.strict_sees);

	if (r->virt.vm >= 0) {
		sample(&pr, F_VIRTUALIZED);
		labels(&pr, "hypervisor", r->virt.vm ? r->virt.hypervisor : "", (char *)NULL);
		value(&pr, (unsigned long long)r->virt.vm);
	}
	if (r->vm_verdict_applies) {
		sample(&pr, F_VM_VERDICT);
		labels(&pr, "verdict", verdict_code_name(r->vm_verdict.code), (char *)NULL);
		value(&pr, 1);
	}
	probe_duration(&pr, &r->probe_time_us);
	sample(&pr, F_PROBLEMS);
	value(&pr, (unsigned long long)r->nproblems);

	return ferror(out) ? -1 : 0;
}
