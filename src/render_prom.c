/* render_prom.c - Prometheus text exposition format (version 0.0.4) for the
 * node_exporter textfile collector.
 *
 * Rules followed (prometheus.io "Exposition formats"; node_exporter
 * collector/textfile.go):
 * - every family's "# HELP" and "# TYPE" once, before its samples, and all of
 *   its samples together; a family without samples is left out entirely;
 * - label values escape backslash, double quote and newline; HELP text
 *   escapes backslash and newline; values are made valid UTF-8 first;
 * - no timestamps: the textfile collector rejects samples that carry one;
 * - all gauges: every value is a state observed at run time.
 * Facts the report does not know produce no sample (not a 0), so a fleet
 * query can tell "no" from "unknown". */
#include "render.h"

#include <stdarg.h>
#include <stdlib.h>

#include "array_size.h"
#include "utf8.h"

#define PREFIX "kvm_pmu_info_"

struct family {
	const char *name;   /* without PREFIX */
	const char *help;
	bool started;
};

/* Start a sample line: the family header on its first sample, then the
 * metric name; the caller adds labels with label() and ends with value(). */
static void sample(FILE *out, struct family *f)
{
	if (!f->started) {
		fprintf(out, "# HELP " PREFIX "%s ", f->name);
		for (const char *p = f->help; *p; p++) {
			if (*p == '\\')
				fputs("\\\\", out);
			else if (*p == '\n')
				fputs("\\n", out);
			else
				fputc(*p, out);
		}
		fprintf(out, "\n# TYPE " PREFIX "%s gauge\n", f->name);
		f->started = true;
	}
	fprintf(out, PREFIX "%s", f->name);
}

/* Labels come as (name, value) pairs, NULL-terminated; a NULL value is
 * written as "" (which Prometheus treats as the label being absent). */
static void labels(FILE *out, ...)
{
	const char *name;
	va_list ap;
	int n = 0;

	va_start(ap, out);
	while ((name = va_arg(ap, const char *))) {
		const char *v = va_arg(ap, const char *);
		char *clean = utf8_sanitize(v ? v : "");

		fprintf(out, "%s%s=\"", n++ ? "," : "{", name);
		for (const char *p = clean ? clean : ""; *p; p++) {
			if (*p == '\\')
				fputs("\\\\", out);
			else if (*p == '"')
				fputs("\\\"", out);
			else if (*p == '\n')
				fputs("\\n", out);
			else
				fputc(*p, out);
		}
		fputc('"', out);
		free(clean);
	}
	va_end(ap);
	if (n)
		fputc('}', out);
}

static void value(FILE *out, unsigned long long v)
{
	fprintf(out, " %llu\n", v);
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
	return g->status == MODE_OK && g->read[GREG_PMCEID1] && !g->undef[GREG_PMCEID1];
}

static const struct {
	const char *name, *help;
	bool (*get)(const struct guest_view *g, unsigned long long *v);
} per_mode[] = {
	{ "probe_success", "1 when the probe guest for this PMU and vPMU mode ran, 0 when it "
	  "failed or the kernel lacks the mode", probe_success },
	{ "guest_slots", "PMMIR_EL1.SLOTS a guest read for this PMU and vPMU mode", slots_read },
	{ "guest_stall_slot_events", "1 when the guest's PMCEID1_EL0 advertises the STALL_SLOT "
	  "events (bits 29-31)", stall_events },
};

static void per_mode_families(const struct report *r, FILE *out)
{
	for (size_t f = 0; f < ARRAY_SIZE(per_mode); f++) {
		struct family fam = { .name = per_mode[f].name, .help = per_mode[f].help };

		for (int i = 0; i < r->npmus; i++) {
			const struct pmu *p = &r->pmus[i];

			for (int m = 0; p->probed && m < MODE_N; m++) {
				unsigned long long v;

				if (!per_mode[f].get(&p->guest[m], &v))
					continue;
				sample(out, &fam);
				labels(out, "pmu", p->name, "mode", mode_name((enum probe_mode)m),
				       (char *)NULL);
				value(out, v);
			}
		}
	}
}

/* One of the verdict's yes/no answers, or no sample when it is unknown. */
static void answer(FILE *out, struct family *f, int v)
{
	if (v < 0)
		return;
	sample(out, f);
	value(out, (unsigned long long)v);
}

int render_prometheus(const struct report *r, FILE *out)
{
	struct family info = { .name = "info", .help =
		"kvm-pmu-info version, host kernel and verdict code (always 1)" };
	struct family host_slots = { .name = "host_slots", .help =
		"PMMIR_EL1.SLOTS the host kernel reports for the PMU (caps/slots)" };
	struct family cap = { .name = "kvm_capability", .help =
		"KVM capability present: arm_pmu_v3 = KVM_CAP_ARM_PMU_V3, "
		"arm_pmu_v3_strict = KVM_CAP_ARM_PMU_V3_STRICT (Linux 7.3+)" };
	struct family strict_sees = { .name = "strict_guests_see_host_slots", .help =
		"1 when guests in strict vPMU mode (KVM_ARM_VCPU_PMU_V3_STRICT, which the VMM must "
		"ask for) would read the host's SLOTS on every core PMU (the --check verdict)" };
	struct family default_sees = { .name = "default_guests_see_host_slots", .help =
		"1 when default (legacy-mode) guests, what VMMs create today, read the host's SLOTS "
		"on every core PMU" };
	struct family needs_vmm = { .name = "needs_vmm_change", .help =
		"1 when only the VMM stands in the way: strict guests would see the host's SLOTS, "
		"default guests do not" };
	struct family sees = { .name = "guest_sees_host_slots", .help =
		"DEPRECATED since 0.2 (schema_version 2), removed in the next release: "
		"the same as kvm_pmu_info_strict_guests_see_host_slots" };
	struct family perf = { .name = "perf_topdown", .help =
		"1 when default perf stat prints its TopdownL1 block, 0 when it fails on "
		"#slots (view: host, or inside a legacy/strict guest); absent when perf has "
		"no topdown metrics for the core or the outcome is unknown" };
	struct family virtualized = { .name = "virtualized", .help =
		"1 when this system is itself a virtual machine (hypervisor as systemd-detect-virt "
		"names it), 0 when not; absent when DMI and the device tree cannot tell" };
	struct family vm_verdict = { .name = "vm_verdict", .help =
		"Inside an arm64 VM: what its own vPMU shows against its core's documented SLOTS "
		"(always 1; the verdict label says it)" };
	struct family problems = { .name = "input_problems", .help =
		"Number of sysfs/proc inputs that were unreadable or malformed" };
	const char *version = PACKAGE_VERSION;
	char line[768];

	/* A plain comment: the exposition format ignores it. */
	if (render_replay_line(r, line, sizeof(line)))
		fputs("# kvm-pmu-info ", out), utf8_put_clean(out, line), fputc('\n', out);
	sample(out, &info);
	labels(out, "version", version, "kernel", r->kernel.s,
	       "verdict", verdict_code_name(r->verdict.code), (char *)NULL);
	value(out, 1);

	for (int i = 0; i < r->npmus; i++) {
		const struct pmu *p = &r->pmus[i];

		if (!p->slots.set)
			continue;
		sample(out, &host_slots);
		labels(out, "pmu", p->name, "cpus", p->cpus.s, (char *)NULL);
		value(out, p->slots.v);
	}

	if (r->cap_pmu_v3.set) {
		sample(out, &cap);
		labels(out, "capability", "arm_pmu_v3", (char *)NULL);
		value(out, r->cap_pmu_v3.v != 0);
	}
	if (r->cap_pmu_v3_strict.set) {
		sample(out, &cap);
		labels(out, "capability", "arm_pmu_v3_strict", (char *)NULL);
		value(out, r->cap_pmu_v3_strict.v != 0);
	}

	per_mode_families(r, out);

	for (int i = 0; i < r->npmus; i++) {
		const struct pmu *p = &r->pmus[i];

		for (int m = -1; p->core && m < MODE_N; m++) {
			const struct perf_outcome *o = m < 0 ? &p->perf : &p->guest[m].perf;

			if ((m >= 0 && !p->probed) ||
			    (o->topdown != PERF_TD_WORKS && o->topdown != PERF_TD_FAILS))
				continue;
			sample(out, &perf);
			labels(out, "pmu", p->name, "view",
			       m < 0 ? "host" : mode_name((enum probe_mode)m), (char *)NULL);
			value(out, o->topdown == PERF_TD_WORKS);
		}
	}

	answer(out, &strict_sees, r->verdict.strict_sees);
	answer(out, &default_sees, r->verdict.default_sees);
	answer(out, &needs_vmm, r->verdict.needs_vmm);
	answer(out, &sees, r->verdict.strict_sees);

	if (r->virt.vm >= 0) {
		sample(out, &virtualized);
		labels(out, "hypervisor", r->virt.vm ? r->virt.hypervisor : "", (char *)NULL);
		value(out, (unsigned long long)r->virt.vm);
	}
	if (r->vm_verdict_applies) {
		sample(out, &vm_verdict);
		labels(out, "verdict", verdict_code_name(r->vm_verdict.code), (char *)NULL);
		value(out, 1);
	}

	sample(out, &problems);
	value(out, (unsigned long long)r->nproblems);

	return ferror(out) ? -1 : 0;
}
