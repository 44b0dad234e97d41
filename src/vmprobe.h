/* vmprobe.h - a throwaway one-vCPU VM that reports what a guest reads. */
#ifndef KPI_VMPROBE_H
#define KPI_VMPROBE_H

#include <signal.h>

#include "kvm.h"
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

/* Whether this build has the probe (arm64 only). */
bool vmprobe_available(void);

#endif
