/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_failentry.c - a KVM_EXIT_FAIL_ENTRY result, from the model to the
 * text and JSON the user reads: the step, the CPU and the fix. */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "model.h"
#include "render.h"
#include "tap.h"
#include "verdict.h"
#include "vmprobe.h"

static int text(const struct report *r, FILE *f)
{
	return render_text(r, f, &(struct text_opts){ .all = true });
}

static int json(const struct report *r, FILE *f)
{
	return render_json(r, f, false);
}

/* The big.LITTLE RK3588 fixture (A55 on 0-3, A76 on 4-7), as if its A76
 * vCPU had been run on CPU 2, an A55. */
static int collect(struct report *r, struct pmu **a76)
{
	*a76 = NULL;
	if (fixture_collect(r, "biglittle-rk3588"))
		return -1;
	for (int i = 0; i < r->npmus; i++)
		if (!strcmp(r->pmus[i].name, "armv8_cortex_a76"))
			*a76 = &r->pmus[i];
	r->kvm = KVM_OK;
	nval_set(&r->cap_pmu_v3, 1);
	nval_set(&r->cap_pmu_v3_strict, 1);
	nval_set(&r->kvm_api, 12);
	return *a76 ? 0 : -1;
}

int main(void)
{
	const char *want = "  guest legacy failed: KVM_RUN: KVM_EXIT_FAIL_ENTRY on CPU 2, which PMU "
		"armv8_cortex_a76 (CPUs 4-7) does not cover (KVM_EXIT_FAIL_ENTRY_CPU_UNSUPPORTED): "
		"pin the vCPU thread to the PMU's CPUs\n";
	struct report r;
	struct pmu *p;
	char *txt, *js;

	if (!ok(collect(&r, &p) == 0, "collector reads biglittle-rk3588"))
		return done_testing();
	p->probed = true;
	vmprobe_fail_entry(p, &p->guest[MODE_LEGACY], 1, 2);
	ok(p->guest[MODE_LEGACY].status == MODE_FAILED && p->guest[MODE_LEGACY].fail_entry &&
	   p->guest[MODE_LEGACY].fail_entry_cpu == 2, "the model records a failed entry on CPU 2");
	ok(verdict_compute(&r) == 0, "verdict computed");
	txt = render_str(&r, text);
	has_str(txt, want, "text names the step, the CPU and the fix");
	js = render_str(&r, json);
	has_str(js, "\"failed_step\":\"KVM_RUN\"", "JSON failed_step is KVM_RUN");
	has_str(js, "on CPU 2, which PMU armv8_cortex_a76 (CPUs 4-7) does not cover "
		"(KVM_EXIT_FAIL_ENTRY_CPU_UNSUPPORTED): pin the vCPU thread to the PMU's CPUs",
		"JSON error names the CPU and the fix");
	free(txt);
	free(js);

	/* A reason other than CPU_UNSUPPORTED is reported as the kernel gave it. */
	memset(&p->guest[MODE_LEGACY], 0, sizeof(p->guest[MODE_LEGACY]));
	vmprobe_fail_entry(p, &p->guest[MODE_LEGACY], 0x4, 5);
	is_str(p->guest[MODE_LEGACY].error, "KVM_RUN: KVM_EXIT_FAIL_ENTRY on CPU 5, "
	       "hardware_entry_failure_reason 0x4", "other reasons");
	report_free(&r);
	return done_testing();
}
