/* SPDX-License-Identifier: GPL-2.0-or-later */
/* verdict.c - turn facts into one sentence a sysadmin can act on. */
#include "verdict.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract.h"
#include "cores.h"
#include "options.h"

void verdict_say(struct verdict *v, enum verdict_code code, const char *fmt, ...)
{
	va_list ap;

	v->code = code;
	/* Without KVM nothing about its guests is known (absent, not "no"). */
	v->known = code != V_NOT_PROBED && code != V_NOT_ARM64 && code != V_NO_KVM;
	va_start(ap, fmt);
	vsnprintf(v->text, sizeof(v->text), fmt, ap);
	va_end(ap);
}

/* The mode whose guest actually ran, strict preferred. */
static const struct guest_view *ran(const struct pmu *p)
{
	if (p->guest[MODE_STRICT].status == MODE_OK)
		return &p->guest[MODE_STRICT];
	if (p->guest[MODE_LEGACY].status == MODE_OK)
		return &p->guest[MODE_LEGACY];
	return NULL;
}

/* What SLOTS 0 on the host means to perf, from the host prediction. */
static const char *host_perf(const struct pmu *p)
{
	switch (p->perf.topdown) {
	case PERF_TD_FAILS:
		return "; perf's topdown metrics fail on this host and in its guests";
	case PERF_TD_NO_METRICS:
		return "; perf stat on this host has no topdown metrics, so it is unaffected";
	default:
		return "";
	}
}

unsigned pmu_core_pmuver(const struct pmu *p, const char **source)
{
	const struct guest_view *g = ran(p);
	const struct core_info *c = p->midr.set ? core_lookup(p->midr.v) : NULL;

	*source = g ? "its guest read PMUVer" : "known-core table: PMUVer";
	return g ? guest_pmuver(g) : c ? c->pmuver : 0;
}

/* Why the host reports SLOTS 0, from the core's PMU version. */
static void slots_zero_verdict(const struct pmu *p, struct verdict *v)
{
	const struct core_info *c = p->midr.set ? core_lookup(p->midr.v) : NULL;
	const char *name = c ? c->name : "the core", *source;
	unsigned pmuver = pmu_core_pmuver(p, &source);

	if (!pmuver || pmuver == PMUVER_IMPDEF) {
		verdict_say(v, V_HOST_SLOTS_ZERO, "host reports SLOTS 0 and %s, so whether the core lacks "
		    "PMMIR_EL1 or its PMMIR is hidden is unknown%s", p->midr.set
		    ? "its MIDR is not in the known-core table" : "its MIDR_EL1 is unreadable",
		    host_perf(p));
		return;
	}
	if (pmuver < PMUVER_V3P4) {
		verdict_say(v, V_NO_PMMIR, "host reports SLOTS 0: %s is %s, before PMUv3p4 (%s %u), "
		    "so it has no PMMIR_EL1 and SLOTS does not apply%s", name, pmuver_name(pmuver),
		    source, pmuver, host_perf(p));
		return;
	}
	verdict_say(v, V_PMMIR_ZERO, "host reports SLOTS 0 although %s is %s (%s %u): its PMMIR_EL1 "
	    "reads 0, hidden by the hypervisor beneath this host or by firmware, so there is "
	    "nothing to expose to guests%s", name, pmuver_name(pmuver), source, pmuver,
	    host_perf(p));
}

static void unprobed_verdict(const struct report *r, const struct pmu *p, struct verdict *v)
{
	char why[WHY_MAX + 32];

	snprintf(why, sizeof(why), "guests not probed (%s)",
		 r->probe_skip ? probe_skips[r->probe_skip].label : "no guest ran");

	if (p->emulated_pmuv3) {
		/* arch/arm64/kvm/pmu-emul.c: with the IMPDEF traps,
		 * kvm_arm_pmu_get_pmuver_limit() is PMUVer IMP (PMUv3) and
		 * kvm_arm_pmu_get_max_counters() 1. */
		verdict_say(v, V_NO_PMMIR, "no PMMIR: KVM (Linux 6.15+) gives guests of this Apple PMU an "
		    "emulated PMUv3 (PMUVer 1, one event counter), before PMUv3p4; SLOTS does not "
		    "apply (%s)", why);
		return;
	}
	if (!p->slots.set)
		verdict_say(v, V_NOT_PROBED, "host SLOTS unknown (%s); %s", p->slots.why, why);
	else if (PMMIR_SLOTS(p->slots.v) == 0)
		slots_zero_verdict(p, v);
	else
		verdict_say(v, V_NOT_PROBED, "host SLOTS=%u; %s, so what a guest sees is unknown",
		    PMMIR_SLOTS(p->slots.v), why);
}

/* What SLOTS 0 in a legacy guest means to perf there, from the prediction,
 * so a summary never claims a failure perf would not have. */
static const char *legacy_perf(const struct pmu *p, bool strict)
{
	const struct guest_view *l = &p->guest[MODE_LEGACY];

	if (l->status == MODE_OK)
		switch (l->perf.topdown) {
		case PERF_TD_FAILS:
			return strict ? ", so perf's topdown metrics fail in legacy guests unless "
					"the VMM enables KVM_ARM_VCPU_PMU_V3_STRICT"
				      : ", so perf's topdown metrics fail in guests";
		case PERF_TD_NO_METRICS:
			return "; perf has no topdown metrics for this core, so perf stat in a "
			       "guest is unaffected";
		default:
			break;
		}
	return "";
}

static void pmu_verdict(const struct report *r, const struct pmu *p, struct verdict *v)
{
	const struct guest_view *g = ran(p), *s = &p->guest[MODE_STRICT];
	unsigned host = p->slots.set ? PMMIR_SLOTS(p->slots.v) : 0, guest = 0;

	if (!p->probed || (!g && s->status != MODE_FAILED &&
			   p->guest[MODE_LEGACY].status != MODE_FAILED)) {
		unprobed_verdict(r, p, v);
		return;
	}
	if (g && !guest_pmmir_readable(g)) {
		const char *name = p->midr.set ? core_name(p->midr.v) : NULL;

		verdict_say(v, V_NO_PMMIR, "%s has no PMMIR (guest PMUVer %u, %s, before PMUv3p4): "
		    "SLOTS does not apply", name ? name : "core", guest_pmuver(g),
		    pmuver_name(guest_pmuver(g)));
		return;
	}
	if (!p->slots.set) {
		verdict_say(v, V_NOT_PROBED, "host SLOTS unknown (%s): nothing to compare the guest with",
		    p->slots.why);
		return;
	}
	if (host == 0) {
		slots_zero_verdict(p, v);
		return;
	}
	if (s->status == MODE_UNSUPPORTED) {
		verdict_say(v, V_STRICT_UNSUPPORTED, "kernel lacks the strict feature (%s): "
		    "guests see SLOTS=0 although the host has SLOTS=%u%s", strict_missing_why(r->kernel.s),
		    host, legacy_perf(p, false));
		return;
	}
	if (s->status == MODE_SKIPPED && g && guest_read_slots(g, &guest)) {
		/* --mode legacy: what it measured, and only then what it did not. */
		verdict_say(v, V_NOT_PROBED, "legacy guests see SLOTS=%u where the host has SLOTS=%u%s; "
		    "strict mode was not probed (--mode legacy)", guest, host, legacy_perf(p, false));
		return;
	}
	if (s->status == MODE_SKIPPED) {
		verdict_say(v, V_NOT_PROBED, "host SLOTS=%u; guests not probed in strict mode (--mode "
		    "legacy), so what a strict guest sees is unknown", host);
		return;
	}
	if (s->status == MODE_FAILED && probe_step_before_vm(s->step)) {
		/* No VM was built: there is no CPU the vCPU could run on. */
		verdict_say(v, V_NOT_PROBED, "host SLOTS=%u; no guest could be probed: %s", host, s->error);
		return;
	}
	if (s->status != MODE_OK) {
		verdict_say(v, V_PROBE_FAILED, "strict probe failed: %s", s->error);
		v->timed_out = s->step == PSTEP_KVM_RUN && s->err == ETIMEDOUT;
		return;
	}
	if (!guest_read_slots(s, &guest) || guest != host) {
		verdict_say(v, V_SLOTS_MISMATCH, "strict guest reads SLOTS=%u but the host has SLOTS=%u",
		    guest, host);
		return;
	}
	/* --mode strict: the verdict speaks of no mode it did not probe. */
	if (p->guest[MODE_LEGACY].status != MODE_OK) {
		verdict_say(v, V_STRICT_EXPOSES_SLOTS, "strict mode gives guests SLOTS=%u", host);
		return;
	}
	guest_read_slots(&p->guest[MODE_LEGACY], &guest);
	verdict_say(v, V_STRICT_EXPOSES_SLOTS, "strict mode gives guests SLOTS=%u; legacy guests see %u%s",
	    host, guest, legacy_perf(p, true));
}

/* A strict guest that sees SLOTS is no "yes" while KVM breaks a promise a
 * VMM relies on: name the broken checks. */
static void contract_verdict(const struct pmu *p, struct verdict *v)
{
	char ids[160] = "";
	size_t off = 0;

	if (v->code != V_STRICT_EXPOSES_SLOTS || !p->contract.broken)
		return;
	for (int i = 0; i < CC_N && off < sizeof(ids); i++)
		if (p->contract.check[i].result == CR_BROKEN)
			off += (size_t)snprintf(ids + off, sizeof(ids) - off, "%s%s", off ? ", " : "",
						contract_check_name((enum contract_check)i));
	verdict_say(v, V_CONTRACT_BROKEN, "strict mode gives guests SLOTS=%u, but this kernel's KVM "
		    "breaks %d of the strict contract's %d promises (%s)",
		    PMMIR_SLOTS(p->slots.v), p->contract.broken, CC_N, ids);
}

/* Different core types disagree: name the split, since a vCPU may land on
 * either type unless it is pinned. */
static void host_from_pmus(struct report *r)
{
	int first = -1, differ = 0, ncore = 0, worst = -1;

	for (int i = 0; i < r->npmus; i++) {
		if (!r->pmus[i].core)
			continue;
		ncore++;
		if (first < 0)
			first = i;
		else if (r->pmus[i].verdict.code != r->pmus[first].verdict.code ||
			 r->pmus[i].slots.v != r->pmus[first].slots.v)
			differ = 1;
		if (worst < 0 && r->pmus[i].verdict.code != V_STRICT_EXPOSES_SLOTS)
			worst = i;
	}
	if (!ncore) {
		verdict_say(&r->verdict, V_NO_CORE_PMU, "no core PMU (arm PMUv3 driver) in sysfs: "
		    "guests cannot get a vPMU on this host");
		return;
	}
	if (worst < 0)
		worst = first;
	r->verdict.code = r->pmus[worst].verdict.code;
	r->verdict.known = r->pmus[worst].verdict.known;
	r->verdict.timed_out = r->pmus[worst].verdict.timed_out;
	if (differ)
		why_set(r->verdict.text, sizeof(r->verdict.text),
			"core PMUs differ (a vCPU may land on any type unless pinned); %s: %s",
			 r->pmus[worst].name, r->pmus[worst].verdict.text);
	else if (ncore > 1)
		why_set(r->verdict.text, sizeof(r->verdict.text), "all %d core PMUs: %s",
			 ncore, r->pmus[worst].verdict.text);
	else
		why_set(r->verdict.text, sizeof(r->verdict.text), "%s",
			r->pmus[worst].verdict.text);
}

/* Linux keeps one PMU per VM (kvm->arch.arm_pmu, set by SET_PMU, with the
 * VM-wide supported_cpus of arch/arm64/kvm/pmu-emul.c) and refuses entry on
 * any other CPU (KVM_EXIT_FAIL_ENTRY_CPU_UNSUPPORTED): on a host with several
 * core types a guest gets a vPMU only if all its vCPUs stay on one type. */
static void heterogeneous_note(struct report *r)
{
	char *s = r->heterogeneous;
	size_t len = sizeof(r->heterogeneous), off;
	int ncore = 0;

	s[0] = '\0';
	for (int i = 0; i < r->npmus; i++)
		ncore += r->pmus[i].core;
	if (ncore < 2)
		return;
	snprintf(s, len, "%d core PMUs (", ncore);
	for (int i = 0, n = 0; i < r->npmus; i++) {
		if (!r->pmus[i].core)
			continue;
		off = strlen(s);
		snprintf(s + off, len - off, "%s%s on CPUs %s", n++ ? ", " : "", r->pmus[i].name,
			 r->pmus[i].cpus.s ? r->pmus[i].cpus.s : "?");
	}
	off = strlen(s);
	snprintf(s + off, len - off, "); a VM has one PMU (SET_PMU) and its vCPUs may run only "
		 "on that PMU's CPUs (elsewhere KVM_RUN fails with KVM_EXIT_FAIL_ENTRY), so a guest "
		 "whose vCPUs may float across core types would need one SET_PMU per type, which "
		 "one VM cannot have: pin each VM's vCPU threads to one core type's CPUs "
		 "(kvmtool: --pmu with --vcpu-affinity; QEMU: the RFC's -accel kvm,pmu=N)");
}

/* The VMM facts of Linux 7.3: the feature bit, the mandatory SET_PMU, and
 * that no upstream VMM asks for it yet; the project's reference VMM
 * (tests/vm/ref-vmm.c, booted with perf in tests/vm/vm-guest.test) is the
 * tested sequence of ioctls a VMM author can follow. */
#define STRICT_IN_VMM "enable the strict vPMU in the VMM: KVM_ARM_VCPU_INIT feature bit 9 " \
	"(KVM_ARM_VCPU_PMU_V3_STRICT) with bit 3, then KVM_ARM_VCPU_PMU_V3_SET_PMU for the PMU " \
	"of the CPUs the vCPU is pinned to; no upstream VMM does yet: tests/vm/ref-vmm.c in " \
	"kvm-pmu-info's source is a tested example"

/* The step when a probe ran as asked and still could not answer: what
 * to send, since rerunning it would answer the same. */
#define RERUN_AND_REPORT "rerun with -v for the ioctl trail and --capture FILE, and report both"

static void vnext(struct verdict *v, enum step_layer layer, const char *fmt, va_list ap)
{
	v->next.layer = layer;
	vsnprintf(v->next.action, sizeof(v->next.action), fmt, ap);
}

/* The next step, at the layer verdicts.def gives the verdict. */
__attribute__((format(printf, 2, 3)))
static void next(struct verdict *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnext(v, verdict_info(v->code)->layer, fmt, ap);
	va_end(ap);
}

/* The next step where the facts pick another layer than the table's. */
__attribute__((format(printf, 3, 4)))
static void next_at(struct verdict *v, enum step_layer layer, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnext(v, layer, fmt, ap);
	va_end(ap);
}

/* The core PMU a verdict speaks for: its own, or for the host's verdict
 * the first core PMU with the same code (host_from_pmus() took its text). */
static const struct pmu *verdict_pmu(const struct report *r, const struct verdict *v)
{
	for (int i = 0; i < r->npmus; i++)
		if (v == &r->pmus[i].verdict)
			return &r->pmus[i];
	for (int i = 0; i < r->npmus; i++)
		if (r->pmus[i].core && r->pmus[i].verdict.code == v->code)
			return &r->pmus[i];
	return NULL;
}

/* A kernel without the strict feature: what Linux 7.3 would add here is
 * that strict guests read the host's SLOTS, and the step says so.  When
 * perf has no topdown metrics for the core, perf stat does not need it,
 * so the upgrade is asked only for guest software that reads SLOTS. */
static void strict_upgrade_step(const struct pmu *p, enum step_layer layer, struct verdict *v)
{
	const struct guest_view *l = p ? &p->guest[MODE_LEGACY] : NULL;
	unsigned slots = p && p->slots.set ? PMMIR_SLOTS(p->slots.v) : 0;
	const char *why = "";

	if (l && l->status == MODE_OK && l->perf.topdown == PERF_TD_NO_METRICS) {
		next_at(v, layer, "only if guest software reads SLOTS (perf stat does not on this "
			"core): run Linux 7.3 or later on the host, whose strict vPMU "
			"(KVM_CAP_ARM_PMU_V3_STRICT) lets guests read the host's SLOTS=%u; then %s",
			slots, STRICT_IN_VMM);
		return;
	}
	if (l && l->status == MODE_OK && l->perf.topdown == PERF_TD_FAILS)
		why = ", which perf's topdown metrics in the guest need";
	next_at(v, layer, "run Linux 7.3 or later on the host: its strict vPMU "
		"(KVM_CAP_ARM_PMU_V3_STRICT) lets guests read the host's SLOTS=%u%s; then %s",
		slots, why, STRICT_IN_VMM);
}

/* --mode legacy: a legacy guest ran and no strict one was asked for. */
static bool legacy_only(const struct report *r)
{
	for (int i = 0; i < r->npmus; i++)
		if (r->pmus[i].core && r->pmus[i].probed &&
		    r->pmus[i].guest[MODE_STRICT].status == MODE_SKIPPED &&
		    r->pmus[i].guest[MODE_LEGACY].status != MODE_SKIPPED)
			return true;
	return false;
}

static void not_probed_step(const struct report *r, struct verdict *v)
{
	if (legacy_only(r))
		next(v, "run kvm-pmu-info without --mode legacy (both modes are the default) "
		     "to probe strict guests too");
	else if (r->probe_skip == PROBE_SKIP_NO_VM)
		next(v, "run kvm-pmu-info without --no-vm to probe the guests");
	else if (r->probe_skip == PROBE_SKIP_REPLAYED_TREE)
		next(v, "run kvm-pmu-info on the machine itself, where /dev/kvm can "
		     "be probed (this is a replayed tree)");
	else if (r->probe_skip == PROBE_SKIP_FOREIGN_BUILD)
		next(v, "run an arm64 build of kvm-pmu-info on the host, as root: this build "
		     "cannot probe KVM");
	else if (r->probe_skip == PROBE_SKIP_NONE)
		/* The probe ran in the modes asked (legacy_only() above is
		 * the one mode left out): rerunning it would answer the same. */
		next(v, RERUN_AND_REPORT);
	else
		next(v, "run kvm-pmu-info --mode both (or strict) on the host, as root");
}

/* Causes in the PMU this system itself has.  Inside a VM that PMU is the
 * vPMU the hypervisor beneath made, which the VM verdict judges from the
 * same facts (vpmu.c): its next step is the one, or one report would send
 * the reader to this kernel's build or firmware and to the provider at
 * once (tests/story.test). */
static bool own_pmu_cause(enum verdict_code c)
{
	return c == V_KVM_NO_PMU || c == V_NO_CORE_PMU || c == V_HOST_SLOTS_ZERO ||
	       c == V_PMMIR_ZERO;
}

bool verdict_defers_to_vm(const struct report *r, const struct verdict *v)
{
	return r->vm_verdict_applies && own_pmu_cause(v->code);
}

/* One next step for the layer that blocks, per host or PMU verdict. */
static void host_step(const struct report *r, struct verdict *v)
{
	if (verdict_defers_to_vm(r, v)) {
		next_at(v, LAYER_NONE, "nothing on this layer: this system is itself a VM, whose "
			"PMU the hypervisor beneath it gives; the VM verdict's next step is the one");
		return;
	}
	switch (v->code) {
	case V_STRICT_EXPOSES_SLOTS:
		next(v, "%s", STRICT_IN_VMM);
		return;
	case V_STRICT_UNSUPPORTED:
		strict_upgrade_step(verdict_pmu(r, v), LAYER_HOST_KERNEL, v);
		return;
	case V_NO_KVM:
		if (r->kvm == KVM_PERMISSION)
			next(v, "run as root or add the user to group kvm "
			     "(/dev/kvm is root:kvm, mode 660)");
		else if (r->kvm == KVM_NO_DEVICE && verdict_vm_first(r))
			next_at(v, LAYER_NONE, "nothing on this layer: the VM verdict's next step "
				"is the one for this VM");
		else if (r->kvm == KVM_NO_DEVICE)
			next(v, "enable KVM on the host: boot it at EL2 with "
			     "CONFIG_KVM, or expose /dev/kvm to this container");
		else
			next(v, "see the KVM error above; rerun with -v");
		return;
	case V_KVM_NO_PMU:
		next(v, "describe the PMU to the host kernel (device tree "
		     "arm,armv8-pmuv3 node or ACPI MADT GICC PMU interrupt) and build it with "
		     "CONFIG_ARM_PMUV3");
		return;
	case V_NO_CORE_PMU:
		next(v, "build the host kernel with the arm PMU driver "
		     "(CONFIG_ARM_PMUV3), so that a core PMU appears in sysfs");
		return;
	case V_HOST_SLOTS_ZERO:
		next(v, "find out whether this core has PMMIR_EL1 (PMUv3p4+): "
		     "if it has, firmware or a hypervisor beneath this host hides its SLOTS");
		return;
	case V_NO_PMMIR:
		next(v, "nothing to change here: the core has no PMMIR_EL1, and "
		     "SLOTS needs a PMUv3p4 or later core");
		return;
	case V_PMMIR_ZERO:
		next(v, "PMMIR_EL1 reads 0 on a PMUv3p4 or later core: "
		     "ask the platform vendor for firmware that leaves it readable");
		return;
	case V_PROBE_FAILED:
		if (v->timed_out)
			next(v, "raise --timeout (the default is %d ms): the probe guest is a few "
			     "dozen instructions, so it ran out of time rather than failing (a loaded "
			     "or emulated host is slower)", DEFAULT_TIMEOUT_MS);
		else
			next(v, RERUN_AND_REPORT);
		return;
	case V_CONTRACT_BROKEN:
		next(v, "a VMM must not rely on the broken promises: report them with a "
		     "--capture archive to whoever builds this kernel (the KVM/arm64 maintainers "
		     "for a mainline one); -v shows each check's ioctls");
		return;
	case V_SLOTS_MISMATCH:
		next(v, "report it to the KVM/arm64 maintainers with a "
		     "--capture archive: a strict guest must read the host's SLOTS");
		return;
	case V_NOT_PROBED:
		not_probed_step(r, v);
		return;
	case V_NOT_ARM64:
		next(v, "nothing: the arm64 vPMU question does not arise here");
		return;
	default:
		next_at(v, LAYER_NONE, "nothing");
		return;
	}
}

/* What default (legacy) guests read today, over every core PMU whose
 * legacy guest ran: 1 when each read the host's non-zero SLOTS. */
static int default_guests_see(const struct report *r)
{
	int ran = 0, all = 1;

	for (int i = 0; i < r->npmus; i++) {
		const struct pmu *p = &r->pmus[i];
		unsigned slots;

		if (!p->core || !p->probed || p->guest[MODE_LEGACY].status != MODE_OK)
			continue;
		ran++;
		if (!p->slots.set || !PMMIR_SLOTS(p->slots.v) ||
		    !guest_read_slots(&p->guest[MODE_LEGACY], &slots) ||
		    slots != PMMIR_SLOTS(p->slots.v))
			all = 0;
	}
	return ran ? all : -1;
}

/* DEFAULT_SEES is default_guests_see(R), a pass over every PMU: computed
 * once by the caller, not once per core PMU (20,000 core PMUs took 22 s). */
static void facts(const struct report *r, int default_sees, struct verdict *v)
{
	/* A tenant's VM has no guests to ask about: the host-side answers
	 * are absent, so no fleet query reads them as "no". */
	if (verdict_vm_first(r)) {
		v->strict_sees = v->default_sees = v->needs_vmm = -1;
		return;
	}
	v->strict_sees = v->known ? v->code == V_STRICT_EXPOSES_SLOTS : -1;
	v->default_sees = default_sees;
	v->needs_vmm = v->strict_sees < 0 || v->default_sees < 0 ? -1
		       : v->strict_sees && !v->default_sees;
}

/* The host verdicts that no guest gets past, whatever its vPMU mode: the
 * default guests' verdict is the host's own. */
static bool blocks_every_guest(enum verdict_code c)
{
	const struct verdict_info *i = verdict_info(c);

	return i->scope == VSCOPE_HOST && (i->checks & CHECK_DEFAULT) &&
	       c != V_NOT_PROBED && c != V_PROBE_FAILED;
}

/* The first core PMU whose default guest did not read the host's non-zero
 * SLOTS, and what it read; NULL when none (default_guests_see() said 1). */
static const struct pmu *default_hider(const struct report *r, unsigned *read)
{
	for (int i = 0; i < r->npmus; i++) {
		const struct pmu *p = &r->pmus[i];

		if (!p->core || !p->probed || p->guest[MODE_LEGACY].status != MODE_OK)
			continue;
		*read = 0;
		guest_read_slots(&p->guest[MODE_LEGACY], read);
		if (!p->slots.set || !PMMIR_SLOTS(p->slots.v) || *read != PMMIR_SLOTS(p->slots.v))
			return p;
	}
	return NULL;
}

/* No default guest ran: one failed, or none was asked for. */
static void default_unprobed(const struct report *r, struct verdict *d)
{
	for (int i = 0; i < r->npmus; i++) {
		const struct guest_view *l = &r->pmus[i].guest[MODE_LEGACY];

		if (r->pmus[i].core && r->pmus[i].probed && l->status == MODE_FAILED) {
			verdict_say(d, V_PROBE_FAILED, "legacy probe failed: %s", l->error);
			next(d, RERUN_AND_REPORT);
			return;
		}
	}
	if (r->probe_skip) {
		verdict_say(d, V_NOT_PROBED, "default guests not probed (%s)",
			    probe_skips[r->probe_skip].label);
		not_probed_step(r, d);
		return;
	}
	for (int i = 0; i < r->npmus; i++)
		if (r->pmus[i].core && r->pmus[i].guest[MODE_LEGACY].status == MODE_SKIPPED) {
			verdict_say(d, V_NOT_PROBED, "default guests not probed (--mode strict), "
				    "so what the guests VMMs create today see is unknown");
			next(d, "run kvm-pmu-info --mode both (or legacy) on the host, as root");
			return;
		}
	verdict_say(d, V_NOT_PROBED, "no default guest ran: %s", r->verdict.text);
	d->next = r->verdict.next;
}

/* Why default guests read SLOTS SEEN on P's host, and who can change it:
 * the host verdict says whether strict mode would help. */
static void default_hides(const struct report *r, const struct pmu *p, unsigned seen,
			  struct verdict *d)
{
	if (!p->slots.set) {
		verdict_say(d, V_NOT_PROBED, "host SLOTS unknown (%s): nothing to compare the "
			    "default guests with", p->slots.why);
		next(d, "rerun with -v and --capture FILE, and report both");
		return;
	}
	verdict_say(d, V_DEFAULT_HIDES_SLOTS, "default guests, which VMMs create today (legacy "
		    "vPMU), read SLOTS=%u although the host has SLOTS=%u%s", seen,
		    PMMIR_SLOTS(p->slots.v), legacy_perf(p, false));
	switch (r->verdict.code) {
	case V_STRICT_EXPOSES_SLOTS:
		next(d, "%s", STRICT_IN_VMM);
		return;
	case V_STRICT_UNSUPPORTED:
		strict_upgrade_step(p, LAYER_HOST_KERNEL, d);
		return;
	case V_NOT_PROBED:
		/* Only --mode legacy leaves strict mode unasked; after both
		 * modes ran, asking again would answer the same. */
		if (legacy_only(r))
			next_at(d, LAYER_TOOL, "run kvm-pmu-info --mode both on the host, as root, "
				"to learn whether strict mode would give guests SLOTS");
		else
			next_at(d, LAYER_TOOL, RERUN_AND_REPORT);
		return;
	default:
		/* strict mode is no way out either: the host verdict's step */
		d->next = r->verdict.next;
		return;
	}
}

/* --check=default's answer: do the default guests VMMs create today see
 * the host's SLOTS.  After the host verdict and its step. */
static void default_verdict(struct report *r, int default_sees)
{
	struct verdict *d = &r->default_verdict;
	const struct pmu *p;
	unsigned seen = 0;

	if (verdict_vm_first(r))
		return;
	if (blocks_every_guest(r->verdict.code)) {
		*d = r->verdict;
		return;
	}
	if (default_sees < 0) {
		default_unprobed(r, d);
		return;
	}
	p = default_hider(r, &seen);
	if (p) {
		default_hides(r, p, seen, d);
		return;
	}
	for (int i = 0; i < r->npmus && !seen; i++)
		if (r->pmus[i].core && r->pmus[i].guest[MODE_LEGACY].status == MODE_OK)
			guest_read_slots(&r->pmus[i].guest[MODE_LEGACY], &seen);
	verdict_say(d, V_DEFAULT_SEES_SLOTS, "default guests, which VMMs create today (legacy "
		    "vPMU), read the host's SLOTS=%u", seen);
	next(d, "nothing: the guests VMMs create today see the host's SLOTS");
}

static void verdict_finish(struct report *r)
{
	int default_sees = default_guests_see(r);

	facts(r, default_sees, &r->verdict);
	host_step(r, &r->verdict);
	default_verdict(r, default_sees);
	for (int i = 0; i < r->npmus; i++)
		if (r->pmus[i].core && r->pmus[i].verdict.text[0]) {
			facts(r, default_sees, &r->pmus[i].verdict);
			host_step(r, &r->pmus[i].verdict);
		}
}

int verdict_compute(struct report *r)
{
	/* Computed afresh, in place: analysis may run again on the same report. */
	memset(&r->verdict, 0, sizeof(r->verdict));
	memset(&r->default_verdict, 0, sizeof(r->default_verdict));
	for (int i = 0; i < r->npmus; i++)
		memset(&r->pmus[i].verdict, 0, sizeof(r->pmus[i].verdict));
	r->analysed = true;
	if (!r->arm64) {
		/* The host line already says why; the verdict only concludes. */
		verdict_say(&r->verdict, V_NOT_ARM64, "not an arm64 host: no arm64 vPMU to check");
		verdict_finish(r);
		return 0;
	}
	heterogeneous_note(r);
	switch (r->kvm) {
	case KVM_NO_DEVICE:
		if (verdict_vm_first(r)) {
			verdict_say(&r->verdict, V_NO_KVM, "no /dev/kvm: this VM runs no guests "
			    "of its own, so what guests would see is not the question here; the VM "
			    "verdict answers for this VM");
			verdict_finish(r);
			return 0;
		}
		/* fall through */
	case KVM_PERMISSION:
	case KVM_ERROR:
		verdict_say(&r->verdict, V_NO_KVM, "%s", r->kvm_error);
		verdict_finish(r);
		return 0;
	default:
		break;
	}
	if (r->kvm == KVM_OK && r->cap_pmu_v3.set && !r->cap_pmu_v3.v) {
		verdict_say(&r->verdict, V_KVM_NO_PMU, "KVM has no PMU support (KVM_CAP_ARM_PMU_V3 = 0): "
		    "the host kernel registered no usable PMUv3; guests get no vPMU");
		verdict_finish(r);
		return 0;
	}
	for (int i = 0; i < r->npmus; i++)
		if (r->pmus[i].core) {
			pmu_verdict(r, &r->pmus[i], &r->pmus[i].verdict);
			contract_verdict(&r->pmus[i], &r->pmus[i].verdict);
		}
	host_from_pmus(r);
	verdict_finish(r);
	return 0;
}

int verdict_exit_status(const struct verdict *v)
{
	const struct verdict_info *i = verdict_info(v->code);

	return i ? i->check : 1;
}

bool verdict_vm_first(const struct report *r)
{
	/* A VM without /dev/kvm (a tenant's, or a replayed capture of one)
	 * asks about its own vPMU.  A nested host, a VM whose /dev/kvm works
	 * or exists but refused this user, asks about its guests. */
	return r->vm_verdict_applies && (r->kvm == KVM_NO_DEVICE || r->kvm == KVM_NOT_PROBED);
}

int verdict_check_status(const struct report *r, enum check_kind check)
{
	if (verdict_vm_first(r))
		return verdict_exit_status(&r->vm_verdict);
	return verdict_exit_status(check == CHECK_DEFAULT ? &r->default_verdict : &r->verdict);
}
