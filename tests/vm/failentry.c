/* SPDX-License-Identifier: GPL-2.0-or-later */
/* failentry.c - a vCPU bound to one core PMU, run once on another PMU's CPU.
 *
 * A test program for a heterogeneous host (tests/vm/run-tool --hetero), not
 * part of the shipped tool: it uses libkpi's probe exactly as the tool does,
 * except that it pins the vCPU thread to a CPU of the OTHER core PMU
 * (vmprobe_run_on), which the tool never does.  KVM then refuses entry:
 * KVM_RUN returns with exit_reason KVM_EXIT_FAIL_ENTRY,
 * hardware_entry_failure_reason KVM_EXIT_FAIL_ENTRY_CPU_UNSUPPORTED and
 * fail_entry.cpu the CPU it ran on (Documentation/virt/kvm/devices/vcpu.rst,
 * KVM_ARM_VCPU_PMU_V3_SET_PMU).
 *
 * Prints what the kernel reported, one "key value" line each, then the
 * tool's own text report for the same model.  Exit status: 0 when it ran,
 * 1 when the host is not what the test needs (the line says why). */
#include <stdio.h>
#include <string.h>

#include "events.h"
#include "inventory.h"
#include "kvm.h"
#include "model.h"
#include "render.h"
#include "sysfs.h"
#include "verdict.h"
#include "vmprobe.h"

int main(void)
{
	struct report r;
	struct sysroot root;
	struct kvm_ctx k = { .fd = -1, .trail = NULL };
	struct probe_opts po = { .timeout_ms = 10000 };
	struct cpuset other;
	struct pmu *a = NULL, *b = NULL;
	struct guest_view *g;
	int ret = 1;

	report_init(&r);
	if (sysroot_open(&root, "/") || inventory_collect(&r, &root, true)) {
		puts("error cannot read the inventory");
		return 1;
	}
	sysroot_close(&root);
	for (int i = 0; i < r.npmus; i++) {
		if (!r.pmus[i].core)
			continue;
		if (!a)
			a = &r.pmus[i];
		else if (!b)
			b = &r.pmus[i];
	}
	if (!a || !b || cpuset_first(&b->cpuset) < 0) {
		puts("error this host has fewer than two core PMUs with CPUs");
		goto out;
	}
	kvm_caps_probe(&r, &k, "/dev/kvm");
	if (r.kvm != KVM_OK) {
		printf("error %s\n", r.kvm_error);
		goto out;
	}
	cpuset_clear(&other);
	cpuset_add(&other, (unsigned)cpuset_first(&b->cpuset));
	printf("pmu %s cpus %s\n", a->name, a->cpus.s);
	printf("ran_on %d (%s)\n", cpuset_first(&b->cpuset), b->name);
	vmprobe_run_on(&k, &r, a, MODE_LEGACY, &po, &other);
	g = &a->guest[MODE_LEGACY];
	printf("exit_reason %u\n", g->exit_reason);
	printf("hardware_entry_failure_reason 0x%llx\n",
	       (unsigned long long)g->fail_entry_reason);
	printf("fail_entry.cpu %u\n", g->fail_entry_cpu);
	printf("failed_step %s\n", probe_steps[g->step].label);
	kvm_ctx_close(&k);
	if (events_decode(&r, NULL) || verdict_compute(&r)) {
		puts("error out of memory");
		goto out;
	}
	fputs("--- report\n", stdout);
	ret = render_text(&r, stdout, &(struct text_opts){ .all = true }) ? 1 : 0;
out:
	report_free(&r);
	return ret;
}
