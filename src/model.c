/* SPDX-License-Identifier: GPL-2.0-or-later */
/* model.c - report lifetime and the facts derived from guest registers. */
#include "model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void report_init(struct report *r)
{
	memset(r, 0, sizeof(*r));
}

static void events_free(struct event *ev, int n)
{
	for (int i = 0; i < n; i++) {
		free(ev[i].name);
		free(ev[i].desc);
	}
	free(ev);
}

void guest_events_clear(struct guest_view *g)
{
	events_free(g->events, g->nevents);
	events_free(g->missing, g->nmissing);
	g->events = g->missing = NULL;
	g->nevents = g->nmissing = 0;
}

void vcpu_state_clear(struct vcpu_state *s)
{
	free(s->ids);
	free(s->pmu);
	memset(s, 0, sizeof(*s));
}

void pmu_free(struct pmu *p)
{
	free(p->name);
	free(p->cpus.s);
	free(p->slots_raw.s);
	free(p->bus_slots_raw.s);
	free(p->bus_width_raw.s);
	for (int e = 0; e < p->nevents; e++)
		free(p->events[e]);
	free(p->events);
	free(p->event_codes);
	for (int m = 0; m < MODE_N; m++) {
		guest_events_clear(&p->guest[m]);
		vcpu_state_clear(&p->guest[m].vcpu);
	}
	memset(p, 0, sizeof(*p));
}

void report_free(struct report *r)
{
	for (int i = 0; i < r->npmus; i++)
		pmu_free(&r->pmus[i]);
	free(r->pmus);
	free(r->cpus);
	for (int i = 0; i < r->nmodels; i++)
		free(r->models[i].cpus);
	free(r->models);
	free(r->kernel.s);
	free(r->arch.s);
	free(r->cpus_online.s);
	free(r->virt.product.s);
	for (int i = 0; i < r->nproblems; i++) {
		free(r->problems[i].path);
		free(r->problems[i].what);
	}
	free(r->problems);
	free(r->replay.trail);
	memset(r, 0, sizeof(*r));
}

void report_problem(struct report *r, const char *path, const char *fmt, ...)
{
	struct problem *np;
	char buf[WHY_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (r->nproblems == r->problems_cap) {
		/* Doubling: a hostile tree may have a problem per file. */
		int cap = r->problems_cap ? 2 * r->problems_cap : 16;

		r->problems = xreallocarray(r->problems, (size_t)cap, sizeof(*np));
		r->problems_cap = cap;
	}
	np = r->problems;
	np[r->nproblems].path = xstrdup(path);
	np[r->nproblems].what = xstrdup(buf);
	r->nproblems++;
}

void why_set(char *dst, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(dst, len, fmt, ap);
	va_end(ap);
}

void nval_set(struct nval *n, uint64_t v)
{
	n->set = true;
	n->v = v;
	n->why[0] = '\0';
}

void nval_why(struct nval *n, const char *fmt, ...)
{
	va_list ap;

	n->set = false;
	va_start(ap, fmt);
	vsnprintf(n->why, sizeof(n->why), fmt, ap);
	va_end(ap);
}

void nstr_why(struct nstr *n, const char *fmt, ...)
{
	va_list ap;

	free(n->s);
	n->s = NULL;
	va_start(ap, fmt);
	vsnprintf(n->why, sizeof(n->why), fmt, ap);
	va_end(ap);
}

unsigned guest_pmuver(const struct guest_view *g)
{
	return g->read[GREG_DFR0] ? (unsigned)(g->reg[GREG_DFR0] >> 8) & 0xf : 0;
}

unsigned guest_counters(const struct guest_view *g)
{
	/* PMCR_EL0.N, bits [15:11] */
	return g->read[GREG_PMCR] ? (unsigned)(g->reg[GREG_PMCR] >> 11) & 0x1f : 0;
}

bool guest_pmmir_readable(const struct guest_view *g)
{
	unsigned v = guest_pmuver(g);

	/* On 7.3 KVM lists PMMIR_EL1 for every PMU vCPU, yet the guest's MRS
	 * UNDEFs below PMUv3p4: only what the guest itself read counts. */
	return v >= PMUVER_V3P4 && v != PMUVER_IMPDEF && g->read[GREG_PMMIR] &&
	       !g->undef[GREG_PMMIR];
}

bool guest_read_slots(const struct guest_view *g, unsigned *slots)
{
	if (g->status != MODE_OK || !guest_pmmir_readable(g))
		return false;
	*slots = PMMIR_SLOTS(g->reg[GREG_PMMIR]);
	return true;
}

unsigned pmu_stall_slot_mask(const struct pmu *p)
{
	unsigned mask = 0;

	for (int i = 0; i < p->nevents && p->event_codes; i++)
		if (p->event_codes[i] >= STALL_SLOT_FIRST && p->event_codes[i] <= STALL_SLOT_LAST)
			mask |= 1u << (p->event_codes[i] - STALL_SLOT_FIRST);
	return mask;
}

int pmu_stall_slot_events(const struct pmu *p)
{
	if (p->nevents < 0)
		return -1;
	return pmu_stall_slot_mask(p) == STALL_SLOT_ALL;
}

unsigned guest_stall_slot_mask(const struct guest_view *g)
{
	/* PMCEID1_EL0 bits 29-31: STALL_SLOT_BACKEND, _FRONTEND, STALL_SLOT
	 * (events 0x3D-0x3F); legacy KVM clears them. */
	if (!g->read[GREG_PMCEID1] || g->undef[GREG_PMCEID1])
		return 0;
	return (unsigned)(g->reg[GREG_PMCEID1] >> 29) & STALL_SLOT_ALL;
}

bool guest_stall_slot_events(const struct guest_view *g)
{
	return guest_stall_slot_mask(g) == STALL_SLOT_ALL;
}

const char *pmuver_name(unsigned v)
{
	switch (v) {
	case 0: return "no PMU";
	case 1: return "PMUv3";
	case 4: return "PMUv3p1";
	case 5: return "PMUv3p4";
	case 6: return "PMUv3p5";
	case 7: return "PMUv3p7";
	case 8: return "PMUv3p8";
	case 9: return "PMUv3p9";
	case 0xf: return "IMPLEMENTATION DEFINED";
	default: return "reserved";
	}
}

const char *mode_name(enum probe_mode m)
{
	return m == MODE_STRICT ? "strict" : "legacy";
}

const char *kvm_status_name(enum kvm_status s)
{
	static const char *const n[] = {
		[KVM_NOT_PROBED] = "not_probed", [KVM_OK] = "ok",
		[KVM_NOT_ARM64] = "not_arm64", [KVM_NO_DEVICE] = "no_device",
		[KVM_PERMISSION] = "permission_denied", [KVM_ERROR] = "error",
	};
	return n[s];
}

const char *mode_status_name(enum mode_status s)
{
	static const char *const n[] = {
		[MODE_SKIPPED] = "skipped", [MODE_OK] = "ok",
		[MODE_FAILED] = "failed", [MODE_UNSUPPORTED] = "unsupported",
	};
	return n[s];
}

const struct probe_words probe_steps[PSTEP_N] = {
#define PROBE_STEP(id, name, label) [id] = { name, label },
#define PROBE_SKIP(id, name, label)
#include "probe_words.def"
#undef PROBE_STEP
#undef PROBE_SKIP
};

const struct probe_words probe_skips[PROBE_SKIP_N] = {
#define PROBE_STEP(id, name, label)
#define PROBE_SKIP(id, name, label) [id] = { name, label },
#include "probe_words.def"
#undef PROBE_STEP
#undef PROBE_SKIP
};

int probe_words_parse(const struct probe_words *t, int n, const char *s)
{
	/* Names first: a label several share (0.1's "pin") is the last resort. */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 1; i < n; i++)
			if (!strcmp(s, pass ? t[i].label : t[i].name))
				return i;
	return -1;
}

bool probe_step_before_vm(enum probe_step s)
{
	return s == PSTEP_PIN || s == PSTEP_GET_AFFINITY || s == PSTEP_NO_CPU;
}

static const struct verdict_info verdicts[] = {
#define VERDICT(id, name, scope, checks, check, layer, man) \
	[id] = { name, VSCOPE_##scope, VCHECKS_##checks, check, layer },
#include "verdicts.def"
#undef VERDICT
};

const struct verdict_info *verdict_info(enum verdict_code c)
{
	return (unsigned)c < V_N ? &verdicts[c] : NULL;
}

const char *verdict_code_name(enum verdict_code c)
{
	return verdicts[c].name;
}

const char *virt_source_name(enum virt_source s)
{
	static const char *const n[] = {
		[VSRC_NONE] = NULL, [VSRC_DMI] = "dmi", [VSRC_SMBIOS] = "smbios",
		[VSRC_HYPERVISOR] = "hypervisor", [VSRC_DEVICE_TREE] = "device-tree",
	};
	return n[s];
}

const char *guest_reg_name(enum guest_reg r)
{
	static const char *const names[GREG_N] = {
		"midr_el1", "id_aa64dfr0_el1", "pmcr_el0",
		"pmceid0_el0", "pmceid1_el0", "pmmir_el1",
	};
	return names[r];
}

int kernel_at_least(const char *rel, unsigned major, unsigned minor)
{
	unsigned long a, b;
	char *end;

	if (!rel || *rel < '0' || *rel > '9')
		return -1;
	a = strtoul(rel, &end, 10);
	if (*end != '.' || end[1] < '0' || end[1] > '9')
		return -1;
	b = strtoul(end + 1, &end, 10);
	return a > major || (a == major && b >= minor);
}

const char *strict_missing_why(const char *rel)
{
	switch (kernel_at_least(rel, 7, 3)) {
	case 0:
		return "needs Linux 7.3+";
	case 1:
		return "although the kernel is 7.3 or later";
	default:
		return "it came with Linux 7.3";
	}
}

const char *step_layer_name(enum step_layer l)
{
	static const char *const n[] = {
		[LAYER_NONE] = "none", [LAYER_FIRMWARE] = "firmware",
		[LAYER_HOST_KERNEL] = "host_kernel", [LAYER_KVM_CONFIG] = "kvm_config",
		[LAYER_VMM] = "vmm", [LAYER_GUEST] = "guest", [LAYER_TOOL] = "tool",
	};
	return n[l];
}
