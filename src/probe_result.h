/* SPDX-License-Identifier: GPL-2.0-or-later */
/* probe_result.h - what a probe VM observed, turned into the guest view of
 * the model: the guest's stores to its report window (mailbox.h), KVM's
 * answers to userspace, the capability gate.  Pure (no KVM, no fds), so it
 * is built and unit-tested on every architecture; vmprobe.c feeds it on
 * arm64. */
#ifndef KPI_PROBE_RESULT_H
#define KPI_PROBE_RESULT_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

/* Decoder state across the stores of one guest run. */
struct mailbox {
	bool undef_pending;      /* an ESR arrived: the next register UNDEFed */
	uint64_t esr;
	bool canary;             /* MB_CANARY arrived intact */
};

enum { MB_BAD = -1, MB_MORE = 0, MB_DONE_OK = 1 };

/* One store of LEN bytes (DATA, as kvm_run.mmio holds them) at offset OFF
 * of the report window.  Returns MB_MORE; MB_DONE_OK when the guest
 * finished, G's status is then MODE_OK; or MB_BAD, G failed with a reason
 * (a store the payload never makes, or a wrong or missing canary). */
int mailbox_store(struct mailbox *mb, struct guest_view *g, uint64_t off,
		  const unsigned char *data, unsigned len);

/* Record a failed probe step: STEP is the ioctl or stage, ERR its errno
 * (0 if none), the rest one line for the user. */
void guest_failed(struct guest_view *g, enum probe_step step, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* KVM_GET_ONE_REG(PMMIR_EL1) as userspace saw it: RET and ERR from the
 * ioctl, VAL the value when RET is 0. */
void guest_user_pmmir(struct guest_view *g, int ret, int err, uint64_t val);

/* Whether R's KVM capabilities allow mode M; if not, G says "unsupported"
 * and why, before any VM exists. */
bool guest_mode_supported(const struct report *r, enum probe_mode m, struct guest_view *g);

#endif
