/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vpmu.c - the tenant's side of the boundary.
 *
 * A VM has no say in its vPMU, but it can read it: caps/slots is the
 * PMMIR_EL1.SLOTS its kernel read (0 on KVM before Linux 7.3, and after it
 * unless the VMM asks for KVM_ARM_VCPU_PMU_V3_STRICT), events/ lists the
 * events its PMCEID registers advertise (legacy KVM clears STALL_SLOT*),
 * and MIDR_EL1 is the host core's, which KVM passes through.  Set against
 * the known-core table that tells whether SLOTS is hidden, absent from the
 * core, or unknowable, and what the tenant can ask the provider for. */
#include "vpmu.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cores.h"
#include "verdict.h"


/* What the provider's side must change for a strict vPMU: the host kernel
 * has the feature from Linux 7.3, the VMM has to ask for it per vCPU. */
#define ASK_PROVIDER "the host needs Linux 7.3+ and the VMM must enable " \
	"KVM_ARM_VCPU_PMU_V3_STRICT with KVM_ARM_VCPU_PMU_V3_SET_PMU"

static void fill_view(struct pmu *p)
{
	struct vpmu_view *v = &p->vpmu;
	const struct core_info *c;

	v->stall_slot_events = pmu_stall_slot_events(p);
	if (!p->midr.set) {
		why_set(v->why, sizeof(v->why), "MIDR_EL1 unknown: %s", p->midr.why);
		return;
	}
	c = core_lookup(p->midr.v);
	if (!c) {
		core_unknown_why(p->midr.v, v->why, sizeof(v->why));
		return;
	}
	v->known = true;
	v->core = c->name;
	v->pmuver = c->pmuver;
	v->slots = c->slots;
}

/* perf's outcome in the words of a support ticket. */
static const char *perf_words(const struct perf_outcome *o)
{
	switch (o->topdown) {
	case PERF_TD_WORKS:
		return "perf's default topdown metrics work here";
	case PERF_TD_FAILS:
		return "perf's default topdown metrics fail here";
	case PERF_TD_NO_METRICS:
		return "perf has no topdown metrics for this core, so perf stat just counts";
	case PERF_TD_WORKS_WITHOUT_VALUES:
		return "perf prints its topdown metrics here, but without the STALL_SLOT* "
		       "events, which this vPMU lacks, no value of them means anything";
	case PERF_TD_UNKNOWN:
		break;
	}
	return "what perf does here is unknown";
}

static void documented(const struct vpmu_view *v, unsigned pmuver, const char *source,
		       char *buf, size_t len)
{
	if (!v->known)
		snprintf(buf, len, "the core is %s, %s %u", pmuver_name(pmuver), source, pmuver);
	else if (v->slots)
		snprintf(buf, len, "%s has %u", v->core, v->slots);
	else
		snprintf(buf, len, "%s has PMMIR, no SLOTS value is published", v->core);
}

/* SLOTS 0 has the cause the host verdict names for the same core PMU: its
 * PMU version is pmu_core_pmuver()'s, a probe guest's reading before the
 * known-core table's (verdict.c). */
static void slots_verdict(struct verdict *out, const struct pmu *p, unsigned slots)
{
	const struct vpmu_view *v = &p->vpmu;
	const char *source;
	unsigned pmuver = pmu_core_pmuver(p, &source);
	char doc[96];

	if (slots) {
		if (v->known && v->slots && v->slots != slots)
			snprintf(doc, sizeof(doc), "; %s is documented with %u", v->core, v->slots);
		else if (v->known)
			snprintf(doc, sizeof(doc), "; %s has %u", v->core, v->slots ? v->slots : slots);
		else
			doc[0] = '\0';
		verdict_say(out, V_VM_SLOTS_VISIBLE, "this VM's vPMU passes SLOTS through (reads %u%s): %s%s",
		    slots, doc, perf_words(&p->perf),
		    v->stall_slot_events == 0 && p->perf.topdown != PERF_TD_WORKS_WITHOUT_VALUES
		    ? ", but its STALL_SLOT* events are hidden" : "");
		return;
	}
	if (!pmuver || pmuver == PMUVER_IMPDEF) {
		verdict_say(out, V_VM_CORE_UNKNOWN, "this VM's vPMU reads SLOTS 0 on a core the tool "
		    "does not know (%s), so whether the VMM hides it cannot be told; %s",
		    v->known ? "its PMU version is not in the known-core table" : v->why,
		    perf_words(&p->perf));
		return;
	}
	if (pmuver < PMUVER_V3P4) {
		verdict_say(out, V_VM_NO_PMMIR, "this VM's core (%s, %s) predates PMUv3p4 and has no PMMIR, "
		    "so SLOTS does not apply; %s", v->known ? v->core : "the core", pmuver_name(pmuver),
		    perf_words(&p->perf));
		return;
	}
	documented(v, pmuver, source, doc, sizeof(doc));
	verdict_say(out, V_VM_SLOTS_HIDDEN, "this VM's vPMU hides SLOTS (reads 0; %s): %s; " ASK_PROVIDER,
	    doc, perf_words(&p->perf));
}

/* The tenant's next step: mostly a request to the provider, whose VMM
 * decides what the vPMU shows. */
static void vm_step(struct verdict *v, const struct pmu *first)
{
	struct next_step *n = &v->next;
	const char *a;

	n->layer = verdict_info(v->code)->layer;
	switch (v->code) {
	case V_VM_SLOTS_HIDDEN:
		a = "ask the provider for a strict vPMU: " ASK_PROVIDER;
		break;
	case V_VM_NO_VPMU:
		a = "ask the provider for a VM with a vPMU (QEMU: -cpu ...,pmu=on; Firecracker "
		    "offers none)";
		break;
	case V_VM_SLOTS_VISIBLE:
		if (first->vpmu.stall_slot_events == 0) {
			n->layer = LAYER_VMM;
			a = "ask the provider for the strict vPMU, which also passes the "
			    "STALL_SLOT* events through";
		} else {
			a = "nothing: the vPMU passes SLOTS through";
		}
		break;
	case V_VM_CORE_UNKNOWN:
		if (!first->slots.set) {
			n->layer = LAYER_GUEST;
			a = "use a guest kernel whose arm PMUv3 driver publishes caps/slots "
			    "(perf reads #slots there)";
		} else if (first->midr.set && core_emulated(first->midr.v)) {
			/* an emulated CPU has no row to add: its VMM models it */
			n->layer = LAYER_VMM;
			a = "ask the provider which PMU version its emulated CPU models: from "
			    "PMUv3p4 on it has PMMIR_EL1, and SLOTS 0 then means the VMM hides it";
		} else {
			a = "add the core to kvm-pmu-info's known-core table to tell whether "
			    "SLOTS is hidden";
		}
		break;
	default:
		a = "nothing to change: the core predates PMUv3p4 and has no PMMIR_EL1";
		break;
	}
	snprintf(n->action, sizeof(n->action), "%s", a);
}

void vpmu_analyse(struct report *r)
{
	const struct pmu *first = NULL;

	for (int i = 0; i < r->npmus; i++) {
		if (!r->pmus[i].core)
			continue;
		fill_view(&r->pmus[i]);
		if (!first)
			first = &r->pmus[i];
	}
	r->vm_verdict_applies = r->arm64 && r->virt.vm == 1;
	if (!r->vm_verdict_applies)
		return;
	if (!first) {
		verdict_say(&r->vm_verdict, V_VM_NO_VPMU, "this VM has no vPMU (no core PMU in sysfs): "
		    "perf counts only software events here; ask the provider for a VM with a "
		    "PMU (Firecracker offers none)");
		vm_step(&r->vm_verdict, NULL);
		return;
	}
	/* perf reads the first core PMU's caps/slots, so that one decides. */
	if (!first->slots.set)
		verdict_say(&r->vm_verdict, V_VM_CORE_UNKNOWN, "this VM's vPMU has no readable caps/slots "
		    "(%s); %s", first->slots.why, perf_words(&first->perf));
	else
		slots_verdict(&r->vm_verdict, first, PMMIR_SLOTS(first->slots.v));
	vm_step(&r->vm_verdict, first);
}
