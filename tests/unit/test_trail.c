/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_trail.c - the -v trail's lines that say what a probe read and did,
 * without a VM: the line writers of kvm.c and vmprobe.c fed the values a
 * recorded run had (tests/fixtures/qemu-7.3.4-max-slots8/vm/report.json:
 * the strict guest's userspace PMMIR_EL1 0x8, the 6.12 one's ENOENT). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kvm.h"
#include "tap.h"
#include "vmprobe.h"

/* A context whose trail and record are memory streams. */
struct ctx {
	struct kvm_ctx k;
	char *trail, *record;
	size_t tlen, rlen;
};

static int open_ctx(struct ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->k.fd = -1;
	c->k.trail = open_memstream(&c->trail, &c->tlen);
	c->k.record = open_memstream(&c->record, &c->rlen);
	return c->k.trail && c->k.record ? 0 : -1;
}

static void close_ctx(struct ctx *c)
{
	if (c->k.trail)
		fclose(c->k.trail);
	if (c->k.record)
		fclose(c->k.record);
	c->k.trail = c->k.record = NULL;
}

static void free_ctx(struct ctx *c)
{
	close_ctx(c);
	free(c->trail);
	free(c->record);
}

int main(void)
{
	struct pmu p = { .name = "armv8_pmuv3" };
	struct ctx c;

	if (!ok(open_ctx(&c) == 0, "memory streams"))
		return done_testing();
	/* The strict guest's PMMIR_EL1: the value read, not the ioctl's 0. */
	kvm_trace_read(&c.k, "KVM_GET_ONE_REG(PMMIR_EL1)", 0, 0, 0x8);
	/* 6.12's legacy vCPU has no PMMIR_EL1 to get. */
	kvm_trace_read(&c.k, "KVM_GET_ONE_REG(PMMIR_EL1)", -1, ENOENT, 0);
	kvm_trace_run(&c.k, 9, "each an MMIO write to the mailbox; the guest stored its readings "
		      "and finished");
	kvm_trace_run(&c.k, 1, "the guest did not finish within 1 ms (--timeout); KVM_RUN was "
		      "interrupted");
	vmprobe_say_legacy_set_pmu(&c.k, &p);
	close_ctx(&c);
	is_str(c.trail,
	       "kvm-pmu-info: KVM_GET_ONE_REG(PMMIR_EL1) -> 0x8\n"
	       "kvm-pmu-info: KVM_GET_ONE_REG(PMMIR_EL1) = -1 ENOENT (No such file or directory)\n"
	       "kvm-pmu-info: KVM_RUN = 0, 9 exits: each an MMIO write to the mailbox; the guest "
	       "stored its readings and finished\n"
	       "kvm-pmu-info: KVM_RUN = 0, 1 exit: the guest did not finish within 1 ms "
	       "(--timeout); KVM_RUN was interrupted\n"
	       "kvm-pmu-info: legacy mode: SET_PMU too, to armv8_pmuv3: without it KVM picks a "
	       "default PMU for a legacy vCPU (on a host of several core types perhaps another "
	       "core's), so the answer is about the PMU under test\n",
	       "the trail: the value read, a failed read's errno, KVM_RUN's exits and ending, "
	       "legacy's SET_PMU");
	is_str(c.record, c.trail, "--capture's record has the same lines");
	ok(!strstr(c.trail, "PMMIR_EL1) = 0"), "no read is traced as its return code");
	free_ctx(&c);

	/* Without -v and --capture nothing is written, and errno is kept
	 * (callers read it after tracing). */
	memset(&c, 0, sizeof(c));
	errno = E2BIG;
	kvm_trace_read(&c.k, "KVM_GET_ONE_REG(PMMIR_EL1)", 0, 0, 0x8);
	kvm_trace_run(&c.k, 3, "done");
	vmprobe_say_legacy_set_pmu(&c.k, &p);
	is_int(errno, E2BIG, "no stream: nothing written, errno kept");
	return done_testing();
}
