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
#include "vpmu_class.h"

#define PREFIX "kvm_pmu_info_"

/* Every family: prom_families.def's rows. */
enum fam {
#define FAMILY(id, name, help) id,
#include "prom_families.def"
#undef FAMILY
	F_N
};

static const struct {
	const char *name;   /* without PREFIX */
	const char *help;
} family[F_N] = {
#define FAMILY(id, name, help) [id] = { name, help },
#include "prom_families.def"
#undef FAMILY
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
 * whether a guest view has a sample, and its value.  A mode the kernel
 * lacks was not tried, so it has no probe_success sample (an absent
 * series, as for a mode not asked for), never a 0 that alerts as a
 * failure; kvm_capability says which modes the kernel has. */
static bool probe_success(const struct guest_view *g, unsigned long long *v)
{
	*v = g->status == MODE_OK;
	return g->status != MODE_SKIPPED && g->status != MODE_UNSUPPORTED;
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

/* The vPMU class of every core PMU and mode that has one. */
static void vpmu_classes(struct prom *pr, const struct report *r)
{
	char cls[VPMU_CLASS_LEN + 1];

	for (int i = 0; i < r->npmus; i++)
		for (int m = 0; r->pmus[i].core && r->pmus[i].probed && m < MODE_N; m++) {
			if (!vpmu_class(&r->pmus[i].guest[m], cls))
				continue;
			sample(pr, F_VPMU_CLASS);
			labels(pr, "pmu", r->pmus[i].name, "mode", mode_name((enum probe_mode)m),
			       "class", cls, (char *)NULL);
			value(pr, 1);
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
	vpmu_classes(&pr, r);

	return ferror(out) ? -1 : 0;
}
