/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kvm.c - KVM capability checks; the feature checks come before any VM so
 * that a missing feature is a clear sentence, not an EINVAL deep inside. */
#include "kvm.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "array_size.h"
#include "util.h"

void kvm_trace(const struct kvm_ctx *k, const char *what, long ret, int err)
{
	int saved = errno;  /* callers read errno after tracing */
	FILE *to[] = { k->trail, k->record };

	for (size_t i = 0; i < ARRAY_SIZE(to); i++) {
		if (!to[i])
			continue;
		if (ret < 0)
			fprintf(to[i], "kvm-pmu-info: %s = -1 %s (%s)\n", what,
				errno_name(err), strerror(err));
		else
			fprintf(to[i], "kvm-pmu-info: %s = %ld\n", what, ret);
	}
	errno = saved;
}

/* A register read: the value read, since the ioctl's 0 says only that it
 * worked (the trail said "KVM_GET_ONE_REG(PMMIR_EL1) = 0" for a strict
 * guest whose PMMIR_EL1 is 0x8). */
void kvm_trace_read(const struct kvm_ctx *k, const char *what, long ret, int err, uint64_t val)
{
	int saved = errno;
	FILE *to[] = { k->trail, k->record };

	if (ret < 0) {
		kvm_trace(k, what, ret, err);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(to); i++)
		if (to[i])
			fprintf(to[i], "kvm-pmu-info: %s -> 0x%llx\n", what, (unsigned long long)val);
	errno = saved;
}

/* The guest's run: its KVM_RUN calls returned 0 at each exit (a mailbox
 * store is an MMIO exit); one line with the count and how the run ended,
 * not one a call. */
void kvm_trace_run(const struct kvm_ctx *k, int exits, const char *ending)
{
	int saved = errno;
	FILE *to[] = { k->trail, k->record };

	for (size_t i = 0; i < ARRAY_SIZE(to); i++)
		if (to[i])
			fprintf(to[i], "kvm-pmu-info: KVM_RUN = 0, %d exit%s: %s\n", exits,
				exits == 1 ? "" : "s", ending);
	errno = saved;
}

static void fail(struct report *r, enum kvm_status s, const char *fmt, const char *dev, int err)
{
	r->kvm = s;
	snprintf(r->kvm_error, sizeof(r->kvm_error), fmt, dev, strerror(err));
	nval_why(&r->kvm_api, "%s", r->kvm_error);
	nval_why(&r->cap_pmu_v3, "%s", r->kvm_error);
	nval_why(&r->cap_pmu_v3_strict, "%s", r->kvm_error);
}

static void check_cap(struct report *r, struct kvm_ctx *k, int cap, const char *name,
		      struct nval *out)
{
	char what[64];
	int ret = ioctl(k->fd, KVM_CHECK_EXTENSION, cap);

	snprintf(what, sizeof(what), "KVM_CHECK_EXTENSION(%s=%d)", name, cap);
	kvm_trace(k, what, ret, errno);
	/* CHECK_EXTENSION answers 0 for a capability the kernel never heard of. */
	if (ret < 0)
		nval_why(out, "KVM_CHECK_EXTENSION(%d): %s", cap, strerror(errno));
	else
		nval_set(out, ret > 0);
	(void)r;
}

void kvm_caps_probe(struct report *r, struct kvm_ctx *k, const char *dev)
{
	int api;

	k->fd = open(dev, O_RDWR | O_CLOEXEC);
	kvm_trace(k, "open(/dev/kvm)", k->fd, errno);
	if (k->fd < 0) {
		int err = errno;

		/* A VM without nested virtualization is the usual case for a
		 * tenant, not a fault: it gets no host-side advice. */
		if (err == ENOENT && r->virt.vm == 1)
			fail(r, KVM_NO_DEVICE, "no %s (%s): this VM runs no guests of its own",
			     dev, err);
		else if (err == ENOENT)
			fail(r, KVM_NO_DEVICE, "no %s (%s): KVM is disabled in firmware or the "
			     "kernel, or not exposed to this container", dev, err);
		else if (err == EACCES || err == EPERM)
			fail(r, KVM_PERMISSION, "cannot open %s (%s): run as root or join "
			     "group kvm", dev, err);
		else
			fail(r, KVM_ERROR, "cannot open %s: %s", dev, err);
		return;
	}
	api = ioctl(k->fd, KVM_GET_API_VERSION, 0);
	kvm_trace(k, "KVM_GET_API_VERSION", api, errno);
	if (api != KVM_API_VERSION) {
		fail(r, KVM_ERROR, "%s: unexpected KVM API version (%s)", dev,
		     api < 0 ? errno : EPROTO);
		kvm_ctx_close(k);
		return;
	}
	r->kvm = KVM_OK;
	nval_set(&r->kvm_api, (uint64_t)api);
	check_cap(r, k, KVM_CAP_ARM_PMU_V3, "KVM_CAP_ARM_PMU_V3", &r->cap_pmu_v3);
	check_cap(r, k, KVM_CAP_ARM_PMU_V3_STRICT, "KVM_CAP_ARM_PMU_V3_STRICT",
		  &r->cap_pmu_v3_strict);
}

void kvm_ctx_close(struct kvm_ctx *k)
{
	if (k->fd >= 0)
		close(k->fd);
	k->fd = -1;
}
