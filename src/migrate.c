/* SPDX-License-Identifier: GPL-2.0-or-later */
/* migrate.c - the migration answer's pure steps (see migrate.h).
 *
 * What a restore meets, in the order a VMM meets it (QEMU writes its
 * cpreg list in ascending ID order, target/arm/kvm.c write_list_to_kvmstate):
 * KVM_ARM_VCPU_INIT with the source's features, SET_PMU and PMU INIT, then
 * KVM_SET_ONE_REG of every saved PMU register in ID order.  The first
 * refusal decides, except PMMIR_EL1 of a strict vCPU refused with EINVAL
 * while 0 is accepted: SLOTS differ, and a VMM that set SLOTS 0 at
 * creation on both hosts moves the guest. */
#include "migrate.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sysreg.h"
#include "util.h"

/* KVM_ARM_VCPU_PMU_V3_STRICT, the vCPU feature bit (Linux 7.3 UAPI). */
#define FEATURE_STRICT (1u << 9)
#define FEATURE_PMU_V3 (1u << 3)
/* MIDR_EL1 implementer [31:24] and part number [15:4]. */
#define MIDR_CORE(v) ((v) & 0xff00fff0ULL)

static const enum verdict_code answer_verdict[MIG_N] = {
	[MIG_MOVES] = V_MIG_MOVES,
	[MIG_MOVES_WITH_CHANGES] = V_MIG_MOVES_WITH_CHANGES,
	[MIG_MOVES_IF_SLOTS_ZERO] = V_MIG_MOVES_IF_SLOTS_ZERO,
	[MIG_REFUSED] = V_MIG_REFUSED,
	[MIG_NOT_CHECKED] = V_MIG_NOT_CHECKED,
};

const char *mig_answer_name(enum mig_answer a)
{
	const struct verdict_info *v = (unsigned)a < MIG_N ? verdict_info(answer_verdict[a]) : NULL;

	return v ? v->name : "?";
}

bool mig_features_strict(uint32_t features)
{
	return features & FEATURE_STRICT;
}

void migration_free(struct migration *m)
{
	for (int i = 0; i < m->npmus; i++) {
		free(m->pmus[i].name);
		free(m->pmus[i].dest);
		for (int k = 0; k < MODE_N; k++) {
			free(m->pmus[i].mode[k].unknown);
			free(m->pmus[i].mode[k].other_unknown);
		}
	}
	free(m->pmus);
	m->pmus = NULL;
	m->npmus = 0;
}

int mig_match(const struct pmu *s, const struct report *d)
{
	if (!s->midr.set)
		return -1;
	for (int i = 0; i < d->npmus; i++)
		if (d->pmus[i].core && d->pmus[i].midr.set &&
		    MIDR_CORE(d->pmus[i].midr.v) == MIDR_CORE(s->midr.v))
			return i;
	return -1;
}

int mig_begin(struct migration *m, const struct report *s)
{
	int n = 0;

	for (int i = 0; i < s->npmus; i++)
		n += s->pmus[i].core;
	m->pmus = calloc((size_t)(n ? n : 1), sizeof(*m->pmus));
	if (!m->pmus)
		return -1;
	for (int i = 0; i < s->npmus; i++) {
		struct mig_pmu *p;

		if (!s->pmus[i].core)
			continue;
		p = &m->pmus[m->npmus++];
		p->name = strdup(s->pmus[i].name);
		p->midr = s->pmus[i].midr;
		if (!p->name)
			return -1;
		for (int k = 0; k < MODE_N; k++) {
			p->mode[k].answer = MIG_NOT_CHECKED;
			why_set(p->mode[k].reason, sizeof(p->mode[k].reason), "not checked");
		}
	}
	if (!m->npmus)
		why_set(m->why, sizeof(m->why), "the source report has no core PMU: no guest of it "
			"has a vPMU to move");
	return 0;
}

static void change(struct mig_mode *a, enum mig_change_kind k, unsigned from, unsigned to)
{
	if (a->nchanges < MIG_CHANGES_MAX)
		a->changes[a->nchanges++] = (struct mig_change){ k, from, to };
}

static bool reads(const struct guest_view *g, enum guest_reg r)
{
	return g->read[r] && !g->undef[r];
}

/* What the guest read there (SG) against here (DG). */
static void compare_guests(struct mig_mode *a, const struct guest_view *sg,
			   const struct guest_view *dg)
{
	if (guest_counters(dg) < guest_counters(sg))
		change(a, CHG_COUNTERS, guest_counters(sg), guest_counters(dg));
	if (guest_pmuver(dg) != guest_pmuver(sg))
		change(a, CHG_PMUVER, guest_pmuver(sg), guest_pmuver(dg));
	for (int r = GREG_PMCEID0; r <= GREG_PMCEID1; r++) {
		uint64_t lost;

		if (!reads(sg, (enum guest_reg)r))
			continue;
		lost = sg->reg[r] & ~(reads(dg, (enum guest_reg)r) ? dg->reg[r] : 0);
		for (unsigned b = 0; b < 64; b++) {
			/* Bit n: event n (PMCEID0) or 0x20 + n (PMCEID1); bits
			 * 63:32 the 0x4000 range (Arm ARM, PMCEID<n>_EL0). */
			unsigned base = r == GREG_PMCEID0 ? 0 : 0x20;

			if (lost >> b & 1)
				change(a, CHG_EVENT_LOST, b < 32 ? base + b : 0x4000 + base + b - 32, 0);
		}
	}
}

void mig_judge(struct mig_mode *a, const struct guest_view *sg, const struct guest_view *dg)
{
	a->nchanges = 0;
	if (a->answer == MIG_REFUSED || a->answer == MIG_NOT_CHECKED)
		return;
	compare_guests(a, sg, dg);
	if (a->ioctl[0] && a->slots_zero_ok) {
		a->answer = MIG_MOVES_IF_SLOTS_ZERO;
		why_set(a->reason, sizeof(a->reason), "%s: %s%s: the source's SLOTS %u are not the "
			"destination's (%u); its KVM takes SET_ONE_REG(PMMIR_EL1 = 0), so a guest whose "
			"VMM set SLOTS 0 at creation on both hosts moves", a->ioctl, errno_name(a->err),
			a->predicted ? " (predicted)" : "", PMMIR_SLOTS(a->pmmir_from),
			PMMIR_SLOTS(a->pmmir_to));
		return;
	}
	a->answer = a->nchanges ? MIG_MOVES_WITH_CHANGES : MIG_MOVES;
	why_set(a->reason, sizeof(a->reason), "%s", a->nchanges
		? "every saved PMU register restores, but the guest reads less here"
		: "every saved PMU register restores and the guest reads what it read there");
}

int mig_unknown_regs(struct mig_mode *a, const struct vcpu_state *src,
		     bool (*known)(void *ctx, uint64_t id), void *ctx)
{
	free(a->unknown);
	free(a->other_unknown);
	a->nunknown = a->nother = 0;
	a->unknown = calloc((size_t)src->nids + 1, sizeof(*a->unknown));
	a->other_unknown = calloc((size_t)src->nids + 1, sizeof(*a->other_unknown));
	if (!a->unknown || !a->other_unknown)
		return -1;
	for (int i = 0; i < src->nids; i++) {
		if (known(ctx, src->ids[i]))
			continue;
		if (sysreg_is_pmu(src->ids[i]))
			a->unknown[a->nunknown++] = src->ids[i];
		else
			a->other_unknown[a->nother++] = src->ids[i];
	}
	return 0;
}

void mig_refuse(struct mig_mode *a, const char *ioctl_name, int err, const char *fmt, ...)
{
	va_list ap;

	a->answer = MIG_REFUSED;
	snprintf(a->ioctl, sizeof(a->ioctl), "%s", ioctl_name);
	a->err = err;
	va_start(ap, fmt);
	vsnprintf(a->reason, sizeof(a->reason), fmt, ap);
	va_end(ap);
}

int mig_restore(struct mig_mode *a, const struct vcpu_state *src,
		int (*set)(void *ctx, uint64_t id, uint64_t val), void *ctx)
{
	bool strict = mig_features_strict(src->features);
	char name[32], label[64];

	for (int i = 0; i < src->npmu; i++) {
		const struct saved_reg *r = &src->pmu[i];
		int err = set(ctx, r->id, r->val);

		if (!err)
			continue;
		sysreg_name(r->id, name, sizeof(name));
		snprintf(label, sizeof(label), "KVM_SET_ONE_REG(%s = 0x%llx)", name,
			 (unsigned long long)r->val);
		if (r->id == KPI_REG_PMMIR_EL1 && strict && err == EINVAL && !a->ioctl[0] &&
		    !set(ctx, r->id, 0)) {
			/* Refused, 0 taken: SLOTS differ (the value then
			 * held is the write of 0's). */
			snprintf(a->ioctl, sizeof(a->ioctl), "%s", label);
			a->err = err;
			a->slots_zero_ok = true;
			a->pmmir_from = r->val;
			continue;
		}
		mig_refuse(a, label, err, "%s: %s (%s)%s%s", label, strerror(err), errno_name(err),
			   a->predicted ? " (predicted)" : "", err == ENOENT ? ": the destination's "
			   "KVM does not know the register the source's KVM listed" : "");
		return -1;
	}
	return 0;
}

bool mig_source_ready(struct mig_mode *a, const struct guest_view *sg, enum probe_mode m)
{
	if (sg->status == MODE_OK && sg->vcpu.recorded)
		return true;
	a->answer = MIG_NOT_CHECKED;
	why_set(a->reason, sizeof(a->reason), "the source's %s guest has no state to move: %s",
		mode_name(m), sg->status != MODE_OK ? (sg->error[0] ? sg->error
		: mode_status_name(sg->status)) : sg->vcpu.why);
	return false;
}

/* --compare: what the destination's KVM would answer, from its report. */
struct predict_ctx {
	const struct vcpu_state *dst;
	bool strict;
};

static bool predict_known(void *ctx, uint64_t id)
{
	const struct predict_ctx *c = ctx;

	return sysreg_list_has(c->dst->ids, c->dst->nids, id);
}

static bool saved_value(const struct vcpu_state *s, uint64_t id, uint64_t *val)
{
	for (int i = 0; i < s->npmu; i++)
		if (s->pmu[i].id == id) {
			*val = s->pmu[i].val;
			return true;
		}
	return false;
}

/* KVM 7.3's PMMIR_EL1 rule (sys_regs.c set_pmmir): a strict vCPU takes the
 * host's SLOTS or 0, a legacy one 0; anything else is EINVAL. */
static int predict_set(void *ctx, uint64_t id, uint64_t val)
{
	const struct predict_ctx *c = ctx;
	uint64_t here = 0;

	if (!predict_known(ctx, id))
		return ENOENT;
	if (id != KPI_REG_PMMIR_EL1 || !val)
		return 0;
	saved_value(c->dst, id, &here);
	return c->strict && val == here ? 0 : EINVAL;
}

static void predict_mode(struct mig_mode *a, const struct guest_view *sg,
			 const struct report *d, const struct pmu *dp, enum probe_mode m)
{
	const struct guest_view *dg = &dp->guest[m];
	struct predict_ctx c = { &dg->vcpu, m == MODE_STRICT };

	a->predicted = true;
	if (!mig_source_ready(a, sg, m))
		return;
	if (d->cap_pmu_v3.set && !d->cap_pmu_v3.v) {
		mig_refuse(a, "KVM_ARM_VCPU_INIT", EINVAL, "KVM_ARM_VCPU_INIT: EINVAL (predicted): "
			   "the destination's KVM has no vPMU (KVM_CAP_ARM_PMU_V3 0)");
		return;
	}
	if (mig_features_strict(sg->vcpu.features) && dg->status == MODE_UNSUPPORTED) {
		mig_refuse(a, "KVM_ARM_VCPU_INIT", ENOENT, "KVM_ARM_VCPU_INIT: ENOENT (predicted): the "
			   "destination's KVM does not know feature bit 9 KVM_ARM_VCPU_PMU_V3_STRICT "
			   "(KVM_CAP_ARM_PMU_V3_STRICT 0)");
		return;
	}
	if (dg->status != MODE_OK || !dg->vcpu.recorded) {
		why_set(a->reason, sizeof(a->reason), "the destination's report has no %s vCPU to "
			"predict from: %s", mode_name(m), dg->status != MODE_OK ? (dg->error[0]
			? dg->error : mode_status_name(dg->status)) : dg->vcpu.why);
		return;
	}
	a->answer = MIG_MOVES;
	if (mig_unknown_regs(a, &sg->vcpu, predict_known, &c))
		return;
	if (mig_restore(a, &sg->vcpu, predict_set, &c))
		return;
	saved_value(&dg->vcpu, KPI_REG_PMMIR_EL1, &a->pmmir_to);
	mig_judge(a, sg, dg);
}

int mig_predict(struct migration *m, const struct report *s, const struct report *d)
{
	m->predicted = true;
	if (mig_begin(m, s))
		return -1;
	for (int i = 0, k = 0; i < s->npmus; i++) {
		const struct pmu *sp = &s->pmus[i];
		struct mig_pmu *mp;
		int j;

		if (!sp->core)
			continue;
		mp = &m->pmus[k++];
		j = mig_match(sp, d);
		if (j < 0) {
			mig_no_match(mp, d);
			continue;
		}
		mp->dest = strdup(d->pmus[j].name);
		for (int md = 0; md < MODE_N; md++)
			predict_mode(&mp->mode[md], &sp->guest[md], d, &d->pmus[j], (enum probe_mode)md);
	}
	return 0;
}

void mig_no_match(struct mig_pmu *p, const struct report *d)
{
	char cores[160] = "";
	size_t n = 0;

	for (int i = 0; i < d->npmus && n < sizeof(cores) - 24; i++)
		if (d->pmus[i].core && d->pmus[i].midr.set)
			n += (size_t)snprintf(cores + n, sizeof(cores) - n, "%s0x%llx", n ? ", " : "",
					      (unsigned long long)d->pmus[i].midr.v);
	for (int k = 0; k < MODE_N; k++) {
		struct mig_mode *a = &p->mode[k];

		a->answer = MIG_REFUSED;
		a->ioctl[0] = '\0';
		if (p->midr.set)
			why_set(a->reason, sizeof(a->reason), "no core PMU here has MIDR_EL1 implementer "
				"0x%02llx part 0x%03llx (here: %s): KVM cannot present another core's PMU, "
				"SET_PMU takes only this host's", (unsigned long long)(p->midr.v >> 24 & 0xff),
				(unsigned long long)(p->midr.v >> 4 & 0xfff), cores[0] ? cores : "none");
		else
			why_set(a->reason, sizeof(a->reason), "the source's MIDR_EL1 is unknown (%s): no "
				"PMU here can be matched to it", p->midr.why);
	}
}

int mig_check_status(const struct migration *m)
{
	int worst = -1;

	for (int i = 0; i < m->npmus; i++)
		for (int k = 0; k < MODE_N; k++)
			if (m->pmus[i].mode[k].answer != MIG_NOT_CHECKED &&
			    (int)m->pmus[i].mode[k].answer > worst)
				worst = (int)m->pmus[i].mode[k].answer;
	return verdict_info(answer_verdict[worst < 0 ? MIG_NOT_CHECKED : worst])->check;
}
