/* SPDX-License-Identifier: GPL-2.0-or-later */
/* contract.c - judge the strict contract from the recorded ioctls.
 *
 * The promises are those of the Linux 7.3 series "KVM: arm64: Expose
 * PMMIR_EL1.SLOTS to guests" and its UAPI documentation; "kept" is what
 * 7.3.4 answers (seen under QEMU with virtualization=on).  A result that
 * is not kept always carries a reason; "broken" is reserved for an answer
 * that contradicts a promise, "unknown" for one the tool cannot read. */
#include "contract.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

static const struct {
	const char *name, *promise;
} checks[CC_N] = {
#define CHECK(id, name, promise) [id] = { name, promise },
#define CALL(id, key, label, hex)
#include "contract.def"
#undef CHECK
#undef CALL
};

const char *contract_check_name(enum contract_check c)
{
	return checks[c].name;
}

const char *contract_promise(enum contract_check c)
{
	return checks[c].promise;
}

const char *check_result_name(enum check_result r)
{
	static const char *const n[] = {
		[CR_KEPT] = "kept", [CR_BROKEN] = "broken",
		[CR_NOT_APPLICABLE] = "not_applicable", [CR_UNKNOWN] = "unknown",
	};
	return n[r];
}

/* How each call is named: the ioctl, what it targets, how its argument
 * prints ("%s" for no argument). */
static const struct {
	const char *key, *fmt;
	bool hex;
} calls[CALL_N] = {
#define CHECK(id, name, promise)
#define CALL(id, key, label, hex) [id] = { key, label, hex },
#include "contract.def"
#undef CHECK
#undef CALL
};

const char *contract_call_key(enum contract_call c)
{
	return calls[c].key;
}

void contract_call_label(enum contract_call c, uint64_t arg, char *buf, size_t len)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	snprintf(buf, len, calls[c].fmt, (unsigned long long)arg);
#pragma GCC diagnostic pop
}

uint64_t contract_other_slots(unsigned host_slots)
{
	/* A SLOTS that is neither the host's nor 0. */
	return host_slots == 0 ? 1 : host_slots < 0xff ? host_slots + 1 : host_slots - 1;
}

uint64_t contract_outside_slots(unsigned host_slots)
{
	/* The host's SLOTS with BUS_SLOTS bit 8 set: only a bit outside
	 * SLOTS[7:0] is wrong. */
	return (uint64_t)host_slots | 0x100;
}

uint64_t contract_pmcr_with_n(uint64_t pmcr, unsigned n)
{
	return (pmcr & ~(0x1fULL << 11)) | (uint64_t)(n & 0x1f) << 11;
}

/* ---- evidence ---- */

__attribute__((format(printf, 2, 3)))
static void add(struct check_verdict *v, const char *fmt, ...)
{
	size_t off = strlen(v->evidence);
	va_list ap;

	if (off && off + 2 < sizeof(v->evidence))
		off += (size_t)snprintf(v->evidence + off, sizeof(v->evidence) - off, "; ");
	if (off >= sizeof(v->evidence))
		return;
	va_start(ap, fmt);
	vsnprintf(v->evidence + off, sizeof(v->evidence) - off, fmt, ap);
	va_end(ap);
}

/* "NAME = 0" or "NAME = -1 EINVAL", and ", reads back 0x8". */
static void add_call(struct check_verdict *v, const struct contract_obs *o, enum contract_call c)
{
	const struct kvm_call *k = &o->call[c];
	char label[96];

	contract_call_label(c, k->arg, label, sizeof(label));
	if (!k->made) {
		add(v, "%s not made", label);
		return;
	}
	if (k->ret < 0)
		add(v, "%s = %d %s", label, k->ret, errno_name(k->err));
	else
		add(v, "%s = %d", label, k->ret);
	if (k->back.set) {
		size_t off = strlen(v->evidence);

		snprintf(v->evidence + off, sizeof(v->evidence) - off, ", reads back 0x%llx",
			 (unsigned long long)k->back.v);
	}
}

__attribute__((format(printf, 3, 4)))
static void result(struct check_verdict *v, enum check_result res, const char *fmt, ...)
{
	va_list ap;

	v->result = res;
	va_start(ap, fmt);
	vsnprintf(v->reason, sizeof(v->reason), fmt, ap);
	va_end(ap);
}

/* The VM G of a check did not get as far as CALL: why. */
static void not_reached(struct check_verdict *v, const struct guest_view *g)
{
	result(v, CR_UNKNOWN, "the check's VM failed before it: %s",
	       g->error[0] ? g->error : "no reason recorded");
}

/* Whether the call K of the check's VM G was made; when not, V is
 * decided: unknown, the VM failed first. */
static bool made(struct check_verdict *v, const struct kvm_call *k, const struct guest_view *g)
{
	if (!k->made)
		not_reached(v, g);
	return k->made;
}

/* A call a promise says KVM accepts: true, with V decided, when it was not
 * made (made()) or KVM refused it (broken: "KVM refused WHAT (errno)WHY"). */
static bool refused(struct check_verdict *v, const struct kvm_call *k, const struct guest_view *g,
		    const char *what, const char *why)
{
	if (!made(v, k, g))
		return true;
	if (k->ret >= 0)
		return false;
	result(v, CR_BROKEN, "KVM refused %s (%s)%s", what, errno_name(k->err), why);
	return true;
}

/* ---- the six checks ---- */

static void no_default_pmu(const struct contract_obs *o, struct check_verdict *v)
{
	const struct kvm_call *init = &o->call[CALL_NODEF_INIT], *run = &o->call[CALL_NODEF_RUN];

	add_call(v, o, CALL_NODEF_INIT);
	if (run->made)
		add_call(v, o, CALL_NODEF_RUN);
	if (o->nodef.status == MODE_OK && o->nodef.read[GREG_PMCR])
		add(v, "the guest ran and read PMCR_EL0 0x%llx",
		    (unsigned long long)o->nodef.reg[GREG_PMCR]);
	if (!made(v, init, &o->nodef))
		return;
	if (init->ret == 0) {
		result(v, CR_BROKEN, "PMU INIT succeeded without SET_PMU: KVM picked a default PMU, "
		       "so a VMM that forgets SET_PMU gets a PMU it did not choose");
		return;
	}
	if (init->err != ENXIO) {
		result(v, CR_UNKNOWN, "PMU INIT without SET_PMU failed with %s, not ENXIO",
		       errno_name(init->err));
		return;
	}
	if (run->made && run->ret == 0) {
		result(v, CR_BROKEN, "PMU INIT failed, yet KVM_RUN ran the vCPU without a PMU");
		return;
	}
	v->result = CR_KEPT;
}

static void pmmir_listed(const struct pmu *p, struct check_verdict *v)
{
	const struct guest_view *g = &p->guest[MODE_STRICT];

	if (!g->reg_list_ok) {
		result(v, CR_UNKNOWN, "KVM_GET_REG_LIST of the strict vCPU failed or was not made%s%s",
		       g->error[0] ? ": " : "", g->error);
		return;
	}
	add(v, "KVM_GET_REG_LIST %s PMMIR_EL1", g->pmmir_in_list ? "lists" : "lacks");
	if (g->user_pmmir.set)
		add(v, "KVM_GET_ONE_REG(PMMIR_EL1) = 0x%llx", (unsigned long long)g->user_pmmir.v);
	else
		add(v, "%s", g->user_pmmir.why);
	if (p->slots.set)
		add(v, "host caps/slots %u", PMMIR_SLOTS(p->slots.v));
	if (!g->pmmir_in_list) {
		result(v, CR_BROKEN, "PMMIR_EL1 is not in KVM_GET_REG_LIST: a VMM that saves the "
		       "listed registers loses SLOTS on migration");
		return;
	}
	if (!g->user_pmmir.set) {
		result(v, CR_BROKEN, "PMMIR_EL1 is listed, but KVM_GET_ONE_REG cannot read it");
		return;
	}
	if (!p->slots.set) {
		result(v, CR_UNKNOWN, "the host's caps/slots is unreadable (%s): nothing to compare "
		       "KVM's value with", p->slots.why);
		return;
	}
	if (PMMIR_SLOTS(g->user_pmmir.v) != PMMIR_SLOTS(p->slots.v)) {
		result(v, CR_BROKEN, "KVM_GET_ONE_REG returns SLOTS %u, the host PMU has %u",
		       PMMIR_SLOTS(g->user_pmmir.v), PMMIR_SLOTS(p->slots.v));
		return;
	}
	v->result = CR_KEPT;
}

static void pmmir_zero_accepted(const struct contract_obs *o, struct check_verdict *v)
{
	const struct kvm_call *c = &o->call[CALL_PMMIR_ZERO];
	const struct guest_view *g = &o->regs;
	unsigned slots;

	add_call(v, o, CALL_PMMIR_ZERO);
	if (guest_read_slots(g, &slots))
		add(v, "the guest reads PMMIR_EL1 0x%llx", (unsigned long long)g->reg[GREG_PMMIR]);
	if (refused(v, c, g, "SLOTS 0", ": a VMM cannot give a strict guest the SLOTS 0 of a "
		    "guest from an older host"))
		return;
	if (c->back.set && PMMIR_SLOTS(c->back.v) != 0) {
		result(v, CR_BROKEN, "KVM accepted SLOTS 0 but reads back SLOTS %u",
		       PMMIR_SLOTS(c->back.v));
		return;
	}
	if (g->status != MODE_OK) {
		result(v, CR_UNKNOWN, "the guest did not run: %s", g->error);
		return;
	}
	if (!guest_pmmir_readable(g)) {
		/* The MRS UNDEFs below PMUv3p4: only KVM's answer can count. */
		add(v, "the guest (PMUVer %u) has no PMMIR_EL1 to read", guest_pmuver(g));
		v->result = CR_KEPT;
		return;
	}
	if (slots != 0) {
		result(v, CR_BROKEN, "KVM accepted SLOTS 0, yet the guest reads SLOTS %u", slots);
		return;
	}
	v->result = CR_KEPT;
}

static void pmmir_other_rejected(const struct contract_obs *o, struct check_verdict *v)
{
	static const enum contract_call both[] = { CALL_PMMIR_OTHER, CALL_PMMIR_OUTSIDE };
	const char *odd = NULL;

	for (size_t i = 0; i < sizeof(both) / sizeof(both[0]); i++)
		add_call(v, o, both[i]);
	for (size_t i = 0; i < sizeof(both) / sizeof(both[0]); i++) {
		const struct kvm_call *c = &o->call[both[i]];

		if (!made(v, c, &o->regs))
			return;
		if (c->ret == 0) {
			result(v, CR_BROKEN, "KVM accepted PMMIR_EL1 = 0x%llx: a guest can be given "
			       "a SLOTS its host does not have", (unsigned long long)c->arg);
			return;
		}
		if (c->err != EINVAL)
			odd = errno_name(c->err);
	}
	if (odd) {
		result(v, CR_UNKNOWN, "refused, but with %s, not EINVAL", odd);
		return;
	}
	v->result = CR_KEPT;
}

/* PMCEID1_EL0 bit n is event 0x20 + n: STALL_SLOT_BACKEND 0x3D is bit 29,
 * STALL_SLOT_FRONTEND 0x3E bit 30, STALL_SLOT 0x3F bit 31. */
static void stall_slot_unmasked(const struct pmu *p, struct check_verdict *v)
{
	const struct guest_view *g = &p->guest[MODE_STRICT];
	unsigned host = 0, missing;

	if (p->nevents < 0) {
		result(v, CR_UNKNOWN, "the host's events/ is unreadable (%s)", p->events_why);
		return;
	}
	for (int i = 0; i < p->nevents; i++)
		if (p->event_codes && p->event_codes[i] >= 0x3d && p->event_codes[i] <= 0x3f)
			host |= 1u << (p->event_codes[i] - 0x20);
	if (!host) {
		result(v, CR_NOT_APPLICABLE, "the host has no STALL_SLOT* events, so nothing can "
		       "be masked");
		return;
	}
	add(v, "host events/ has PMCEID1 bits 0x%08x", host);
	if (g->status != MODE_OK || !g->read[GREG_PMCEID1] || g->undef[GREG_PMCEID1]) {
		result(v, CR_UNKNOWN, "the strict guest did not read PMCEID1_EL0%s%s",
		       g->error[0] ? ": " : "", g->error);
		return;
	}
	add(v, "the strict guest reads PMCEID1_EL0 0x%llx", (unsigned long long)g->reg[GREG_PMCEID1]);
	missing = host & ~(unsigned)g->reg[GREG_PMCEID1];
	if (missing) {
		result(v, CR_BROKEN, "the strict guest lacks PMCEID1 bits 0x%08x the host has: KVM "
		       "masks STALL_SLOT* as for legacy vCPUs", missing);
		return;
	}
	v->result = CR_KEPT;
}

static void pmcr_n_ignored(const struct contract_obs *o, struct check_verdict *v)
{
	const struct kvm_call *get = &o->call[CALL_PMCR_GET], *nr = &o->call[CALL_NR_COUNTERS];
	const struct kvm_call *set = &o->call[CALL_PMCR_SET];
	const struct guest_view *g = &o->regs;
	unsigned n0, n1, n2, gn;

	add_call(v, o, CALL_PMCR_GET);
	if (!get->made || get->ret < 0 || !get->back.set) {
		if (get->made)
			result(v, CR_UNKNOWN, "KVM_GET_ONE_REG(PMCR_EL0) failed");
		else
			not_reached(v, g);
		return;
	}
	n0 = PMCR_N(get->back.v);
	if (n0 < CONTRACT_MIN_COUNTERS) {
		result(v, CR_UNKNOWN, "the vPMU has %u counters; the check needs %u (N, N - 1 and "
		       "N - 2 apart, none 0)", n0, CONTRACT_MIN_COUNTERS);
		return;
	}
	n1 = n0 - 1;
	n2 = n0 - 2;
	add_call(v, o, CALL_NR_COUNTERS);
	add_call(v, o, CALL_PMCR_SET);
	if (g->status == MODE_OK && g->read[GREG_PMCR])
		add(v, "the guest reads PMCR_EL0 0x%llx (N=%u)", (unsigned long long)g->reg[GREG_PMCR],
		    guest_counters(g));
	if (!made(v, nr, g) || refused(v, set, g, "the PMCR_EL0 write", " instead of ignoring "
					   "its N: a VMM restoring PMCR_EL0 fails"))
		return;
	if (g->status != MODE_OK || !g->read[GREG_PMCR]) {
		result(v, CR_UNKNOWN, "the guest did not read PMCR_EL0%s%s",
		       g->error[0] ? ": " : "", g->error);
		return;
	}
	gn = guest_counters(g);
	if (gn == n2) {
		result(v, CR_BROKEN, "the guest reads N=%u: KVM applied the PMCR_EL0.N write", gn);
		return;
	}
	if (nr->ret < 0) {
		result(v, gn == n0 ? CR_UNKNOWN : CR_BROKEN, gn == n0 ? "the PMCR_EL0.N write was "
		       "ignored, but SET_NR_COUNTERS is not supported (%s)" : "SET_NR_COUNTERS "
		       "failed (%s), yet the guest's N changed", errno_name(nr->err));
		return;
	}
	if (gn != n1) {
		result(v, CR_BROKEN, "SET_NR_COUNTERS(%u) was accepted, but the guest reads N=%u",
		       n1, gn);
		return;
	}
	v->result = CR_KEPT;
}

/* ---- the whole contract ---- */

const char *contract_state(const struct contract *c)
{
	bool unknown = false;

	if (!c->checked)
		return NULL;
	for (int i = 0; i < CC_N; i++)
		unknown |= c->check[i].result == CR_UNKNOWN;
	return c->broken ? "broken" : unknown ? "unknown" : !c->kept ? "not_applicable" : "kept";
}

static void all_results(struct contract *c, enum check_result res, const char *why)
{
	for (int i = 0; i < CC_N; i++)
		result(&c->check[i], res, "%s", why);
}

static void judge_pmu(const struct report *r, struct pmu *p)
{
	struct contract *c = &p->contract;
	const struct contract_obs *o = &p->cobs;

	memset(c, 0, sizeof(*c));
	if (r->kvm != KVM_OK) {
		why_set(c->why, sizeof(c->why), "KVM was not probed (%s)", r->probe_skip
			? probe_skips[r->probe_skip].label : kvm_status_name(r->kvm));
		return;
	}
	if (!r->cap_pmu_v3.v) {
		why_set(c->why, sizeof(c->why), "KVM has no PMU support (KVM_CAP_ARM_PMU_V3 = 0)");
		return;
	}
	if (!r->cap_pmu_v3_strict.v) {
		char why[WHY_MAX];

		c->checked = true;
		snprintf(why, sizeof(why), "the kernel lacks the strict capability "
			 "(KVM_CAP_ARM_PMU_V3_STRICT = 0; %s)", strict_missing_why(r->kernel.s));
		all_results(c, CR_NOT_APPLICABLE, why);
		return;
	}
	if (!o->probed) {
		why_set(c->why, sizeof(c->why), "%s", o->why[0] ? o->why : r->probe_skip
			? probe_skips[r->probe_skip].label : "no contract VM was built");
		return;
	}
	c->checked = true;
	no_default_pmu(o, &c->check[CC_NO_DEFAULT_PMU]);
	pmmir_listed(p, &c->check[CC_PMMIR_LISTED]);
	pmmir_zero_accepted(o, &c->check[CC_PMMIR_ZERO_ACCEPTED]);
	pmmir_other_rejected(o, &c->check[CC_PMMIR_OTHER_REJECTED]);
	stall_slot_unmasked(p, &c->check[CC_STALL_SLOT_UNMASKED]);
	pmcr_n_ignored(o, &c->check[CC_PMCR_N_IGNORED]);
	for (int i = 0; i < CC_N; i++) {
		c->kept += c->check[i].result == CR_KEPT;
		c->broken += c->check[i].result == CR_BROKEN;
	}
}

void contract_judge(struct report *r)
{
	int core = 0, checked = 0;

	for (int i = 0; i < r->npmus; i++) {
		if (!r->pmus[i].core)
			continue;
		core++;
		judge_pmu(r, &r->pmus[i]);
		checked += r->pmus[i].contract.checked;
		if (!checked && !r->contract_why[0])
			why_set(r->contract_why, sizeof(r->contract_why), "%s",
				r->pmus[i].contract.why);
	}
	if (checked)
		r->contract_why[0] = '\0';
	else if (!core && r->kvm == KVM_OK && r->cap_pmu_v3.set && !r->cap_pmu_v3.v)
		why_set(r->contract_why, sizeof(r->contract_why), "KVM has no PMU support "
			"(KVM_CAP_ARM_PMU_V3 = 0): no guest gets a vPMU, strict or not");
	else if (!core)
		why_set(r->contract_why, sizeof(r->contract_why), "no core PMU to check it on");
}
