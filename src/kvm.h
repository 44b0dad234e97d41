/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kvm.h - /dev/kvm: open it, check the API, ask for the PMU capabilities. */
#ifndef KPI_KVM_H
#define KPI_KVM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"

/* Linux 7.3 UAPI (include/uapi/linux/kvm.h, arch/arm64/include/uapi/asm/kvm.h);
 * distro headers before 7.3 lack them. */
#ifndef KVM_CAP_ARM_PMU_V3
#define KVM_CAP_ARM_PMU_V3 126
#endif
#ifndef KVM_CAP_ARM_PMU_V3_STRICT
#define KVM_CAP_ARM_PMU_V3_STRICT 251
#endif

struct kvm_ctx {
	int fd;          /* /dev/kvm, -1 when unavailable */
	FILE *trail;     /* -v: the ioctl trail, else NULL */
	FILE *record;    /* --capture: the same lines for the probe record */
};

/* Open DEV (normally /dev/kvm) and fill r->kvm, r->kvm_api and the caps. */
void kvm_caps_probe(struct report *r, struct kvm_ctx *k, const char *dev);
void kvm_ctx_close(struct kvm_ctx *k);

/* One line of the -v trail (and of the record): the ioctl, its argument
 * and its result. */
void kvm_trace(const struct kvm_ctx *k, const char *what, long ret, int err);
/* A read's line: "WHAT -> 0xVALUE", or kvm_trace's failure line. */
void kvm_trace_read(const struct kvm_ctx *k, const char *what, long ret, int err, uint64_t val);
/* The guest's KVM_RUN loop in one line: its EXITS and how it ENDED. */
void kvm_trace_run(const struct kvm_ctx *k, int exits, const char *ending);

#endif
