/* SPDX-License-Identifier: GPL-2.0-or-later */
/* migrate.h - can a guest of one host move to another: the vPMU migration
 * answer per source core PMU and mode.
 *
 * Two ways to the same answer.  --migrate-from measures it on this host's
 * KVM (vmprobe_migrate builds the source's vCPU here, restores its PMU
 * registers and runs the guest); --compare predicts it from two reports
 * without KVM.  Both end in the same pure steps below, so the two answers
 * differ only where KVM answers differently from the reports. */
#ifndef KPI_MIGRATE_H
#define KPI_MIGRATE_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

/* The answers (verdicts.def's MIGRATION rows hold their names and --check
 * statuses, in this order). */
enum mig_answer {
	MIG_MOVES,
	MIG_MOVES_WITH_CHANGES,  /* it restores; the guest loses or changes what it reads */
	MIG_MOVES_IF_SLOTS_ZERO, /* strict, SLOTS differ: the VMM must set SLOTS 0 at creation */
	MIG_REFUSED,             /* an ioctl refuses it: KVM's answer names which */
	MIG_NOT_CHECKED,         /* nothing to move, or nothing to judge by */
	MIG_N
};

/* What the guest sees change when it moves. */
enum mig_change_kind {
	CHG_COUNTERS,            /* PMCR_EL0.N: FROM -> TO */
	CHG_PMUVER,              /* ID_AA64DFR0_EL1.PMUVer: FROM -> TO */
	CHG_EVENT_LOST,          /* PMCEID0/1: event FROM gone */
};

struct mig_change {
	enum mig_change_kind kind;
	unsigned from, to;
};

#define MIG_CHANGES_MAX 130      /* counters, PMUVer and 128 PMCEID events */
#define MIG_PMUS_MAX 64          /* source core PMUs read from a report */

struct mig_mode {
	enum mig_answer answer;
	char reason[448];
	char ioctl[64];          /* the refusing ioctl, "" when none refused */
	int err;                 /* its errno */
	bool slots_zero_ok;      /* SET_ONE_REG(PMMIR_EL1 = 0) was (or would be) accepted */
	bool predicted;          /* --compare: errnos from the destination's report, not its KVM */
	uint64_t pmmir_from, pmmir_to; /* the refused PMMIR_EL1 write, and what this KVM holds */
	struct mig_change changes[MIG_CHANGES_MAX];
	int nchanges;
	uint64_t *unknown;       /* the source's PMU registers this KVM does not know */
	int nunknown;
	uint64_t *other_unknown; /* its other registers this KVM does not know */
	int nother;
	uint64_t time_us;        /* --migrate-from: the VM's cost */
};

struct mig_pmu {
	char *name;              /* the source's PMU */
	struct nval midr;
	char *dest;              /* the PMU here it matches, NULL none */
	struct mig_mode mode[MODE_N];
};

struct migration {
	bool predicted;          /* --compare: from two reports, no KVM asked */
	char source[256];        /* the source report's file */
	char dest[256];          /* the destination's file, or "" for this host */
	char src_kernel[72], dst_kernel[72];
	struct mig_pmu *pmus;
	int npmus;
	char why[WHY_MAX];       /* no source PMU to answer for: why */
};

/* Free what M holds. */
void migration_free(struct migration *m);

/* The destination core PMU of report D that can stand in for source PMU S:
 * the same MIDR implementer and part number (SET_PMU presents only this
 * host's PMUs).  Its index, or -1. */
int mig_match(const struct pmu *s, const struct report *d);

/* Start M's answers for source report S: one mig_pmu per core PMU, each
 * mode not checked until judged.  -1 when out of memory. */
int mig_begin(struct migration *m, const struct report *s);

/* Judge one mode from what the destination's guest read after the
 * restore (DG): the changes against the source's guest SG, and the
 * answer from the refusal (if any), the SLOTS-0 fix and the changes.
 * A predicted answer's reason says so. */
void mig_judge(struct mig_mode *a, const struct guest_view *sg, const struct guest_view *dg);

/* --compare: every answer predicted from source report S and destination
 * report D (its guest views and register lists). */
int mig_predict(struct migration *m, const struct report *s, const struct report *d);

/* --check: the status of the worst answer (verdicts.def). */
int mig_check_status(const struct migration *m);

const char *mig_answer_name(enum mig_answer a);

/* The source registers of SG's vCPU that are not in sorted IDS[N] (this
 * KVM's list, or KVM_GET_ONE_REG's ENOENT): PMU registers to A->unknown,
 * others to A->other_unknown.  -1 when out of memory. */
int mig_unknown_regs(struct mig_mode *a, const struct vcpu_state *src,
		     bool (*known)(void *ctx, uint64_t id), void *ctx);

/* Whether SG, the source's guest in mode M, has state to move; if not, A
 * is not checked and says why. */
bool mig_source_ready(struct mig_mode *a, const struct guest_view *sg, enum probe_mode m);

/* A: refused by IOCTL with ERR, the rest one line. */
void mig_refuse(struct mig_mode *a, const char *ioctl_name, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Every source PMU has no match in D: refused, naming D's cores. */
void mig_no_match(struct mig_pmu *p, const struct report *d);

/* Restore SRC's saved PMU registers in ID order through SET (0, or the
 * errno KVM answered).  0 when restored (A->slots_zero_ok when only
 * PMMIR_EL1 took 0 instead of its value), -1 when refused (A says by
 * which ioctl). */
int mig_restore(struct mig_mode *a, const struct vcpu_state *src,
		int (*set)(void *ctx, uint64_t id, uint64_t val), void *ctx);

/* The KVM_ARM_VCPU_INIT feature bits of mode M, as the probe sets them. */
bool mig_features_strict(uint32_t features);

#endif
