/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmprobe.h - a throwaway one-vCPU VM that reports what a guest reads. */
#ifndef KPI_VMPROBE_H
#define KPI_VMPROBE_H

#include <signal.h>

#include "kvm.h"
#include "migrate.h"
#include "model.h"

struct probe_opts {
	unsigned timeout_ms;     /* per VM, KVM_RUN included */
#ifdef KPI_TEST
	/* The test build only (tests/vm/test-seams.h). */
	bool hang;               /* run a guest that never exits */
	unsigned setup_pause_ms; /* pause before KVM_RUN, a window for a
				  * signal to land outside KVM_RUN */
#endif
};

/* Set by the SIGINT/SIGTERM handler main installs; a probe that sees it
 * tears its VM down and reports "interrupted". */
extern volatile sig_atomic_t kpi_interrupted;

/* From a signal handler: make the running vCPU leave KVM_RUN now. */
void vmprobe_interrupt(void);

/* Probe PMU P of report R in mode M; the result goes to p->guest[m].
 * The capability checks in R decide "unsupported" before any VM exists. */
void vmprobe_run(struct kvm_ctx *k, const struct report *r, struct pmu *p,
		 enum probe_mode m, const struct probe_opts *o);

/* The CPUs vmprobe_run pins the vCPU thread to for P: online ∩ the PMU's
 * cpus ∩ sched_getaffinity().  0 with one sentence in WHY when none. */
unsigned vmprobe_pin_set(const struct report *r, const struct pmu *p, struct cpuset *out,
			 char *why, size_t len);

/* vmprobe_run on exactly CPUS, unchecked: vmprobe_run passes the pin set;
 * the FAIL_ENTRY test passes another PMU's CPU. */
void vmprobe_run_on(struct kvm_ctx *k, const struct report *r, struct pmu *p,
		    enum probe_mode m, const struct probe_opts *o, const struct cpuset *cpus);

/* The -v trail's (and the record's) why for legacy mode's SET_PMU, which a
 * legacy vCPU does not need: the probe pins the PMU under test, P. */
void vmprobe_say_legacy_set_pmu(const struct kvm_ctx *k, const struct pmu *p);

/* Record a KVM_EXIT_FAIL_ENTRY in G: the step, the CPU, and the fix. */
void vmprobe_fail_entry(const struct pmu *p, struct guest_view *g, uint64_t reason,
			unsigned cpu);

/* One register of a vCPU, for checks that compare KVM's answers (the
 * strict contract, migration): GET_ONE_REG, or SET_ONE_REG of VAL and the
 * GET right after it, each traced as LABEL and recorded in C.  Returns the
 * ioctl's result.  arm64 only. */
int vmprobe_get_reg(const struct kvm_ctx *k, int vcpu, uint64_t id, const char *label,
		    struct kvm_call *c);
int vmprobe_set_reg(const struct kvm_ctx *k, int vcpu, uint64_t id, uint64_t val,
		    const char *label, struct kvm_call *c);

/* --migrate-from: build the vCPU of SG (a source guest in mode M) on PMU P
 * here, with SG's features; restore its saved PMU registers; run the
 * guest; judge into A.  One VM, pinned like the probe's. */
void vmprobe_migrate(struct kvm_ctx *k, const struct report *r, const struct pmu *p,
		     enum probe_mode m, const struct guest_view *sg, const struct probe_opts *o,
		     struct mig_mode *a);

/* Whether this build has the probe (arm64 only). */
bool vmprobe_available(void);

#endif
