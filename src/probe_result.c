/* SPDX-License-Identifier: GPL-2.0-or-later */
/* probe_result.c - a probe VM's observations into the guest view. */
#include "probe_result.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mailbox.h"
#include "util.h"

/* guest.S stores the registers in enum guest_reg order, 8 bytes apart. */
_Static_assert(MB_MIDR == 8 * GREG_MIDR && MB_DFR0 == 8 * GREG_DFR0 &&
	       MB_PMCR == 8 * GREG_PMCR && MB_PMCEID0 == 8 * GREG_PMCEID0 &&
	       MB_PMCEID1 == 8 * GREG_PMCEID1 && MB_PMMIR == 8 * GREG_PMMIR,
	       "mailbox slots follow enum guest_reg");
_Static_assert(MB_CANARY >= 8 * GREG_N, "the canary is not a register slot");

void guest_failed(struct guest_view *g, enum probe_step step, int err, const char *fmt, ...)
{
	va_list ap;

	g->status = MODE_FAILED;
	g->step = step;
	g->err = err;
	va_start(ap, fmt);
	vsnprintf(g->error, sizeof(g->error), fmt, ap);
	va_end(ap);
}

static int finish(const struct mailbox *mb, struct guest_view *g)
{
	if (!mb->canary) {
		guest_failed(g, PSTEP_KVM_RUN, 0, "the guest finished without storing its check "
			     "value: its report is incomplete");
		return MB_BAD;
	}
	g->status = MODE_OK;
	return MB_DONE_OK;
}

static int canary(struct mailbox *mb, struct guest_view *g, uint64_t val)
{
	if (val != MB_CANARY_VALUE) {
		guest_failed(g, PSTEP_KVM_RUN, 0, "the guest's check value arrived as 0x%016llx, "
			     "not 0x%016llx: the KVM_EXIT_MMIO data was cut short or reordered",
			     (unsigned long long)val, MB_CANARY_VALUE);
		return MB_BAD;
	}
	mb->canary = true;
	return MB_MORE;
}

int mailbox_store(struct mailbox *mb, struct guest_view *g, uint64_t off,
		  const unsigned char *data, unsigned len)
{
	uint64_t val = 0;
	unsigned i;

	/* Every store of the payload is a 64-bit STR. */
	if (len != 8) {
		guest_failed(g, PSTEP_KVM_RUN, 0, "guest stored %u bytes at 0x%llx; its payload "
			     "stores 8", len, (unsigned long long)(MB_IPA + off));
		return MB_BAD;
	}
	memcpy(&val, data, sizeof(val));
	if (off == MB_DONE)
		return finish(mb, g);
	if (off == MB_CANARY)
		return canary(mb, g, val);
	if (off == MB_ESR) {
		mb->undef_pending = true;
		mb->esr = val;
		return MB_MORE;
	}
	if (off % 8 || off / 8 >= GREG_N) {
		guest_failed(g, PSTEP_KVM_RUN, 0, "guest wrote to unexpected address 0x%llx",
			     (unsigned long long)(MB_IPA + off));
		return MB_BAD;
	}
	i = (unsigned)(off / 8);
	g->read[i] = true;
	g->reg[i] = val;
	if (mb->undef_pending) {
		g->undef[i] = true;
		g->esr[i] = mb->esr;
		mb->undef_pending = false;
	}
	return MB_MORE;
}

void guest_user_pmmir(struct guest_view *g, int ret, int err, uint64_t val)
{
	if (ret < 0)
		nval_why(&g->user_pmmir, "KVM_GET_ONE_REG: %s (%s)", strerror(err), errno_name(err));
	else
		nval_set(&g->user_pmmir, val);
}

bool guest_mode_supported(const struct report *r, enum probe_mode m, struct guest_view *g)
{
	if (!r->cap_pmu_v3.v) {
		g->status = MODE_UNSUPPORTED;
		snprintf(g->error, sizeof(g->error),
			 "KVM has no PMU support (KVM_CAP_ARM_PMU_V3 = 0)");
		return false;
	}
	if (m == MODE_STRICT && !r->cap_pmu_v3_strict.v) {
		g->status = MODE_UNSUPPORTED;
		snprintf(g->error, sizeof(g->error), "kernel lacks KVM_ARM_VCPU_PMU_V3_STRICT "
			 "(KVM_CAP_ARM_PMU_V3_STRICT = 0): needs Linux 7.3+");
		return false;
	}
	return true;
}
