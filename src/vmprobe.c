/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmprobe.c - build a one-vCPU VM for one PMU and mode, run the guest
 * payload of guest.S, and record what the guest read.
 *
 * The VM has only what the probe needs: no vGIC and no PMU IRQ (without an
 * in-kernel irqchip KVM_ARM_VCPU_PMU_V3_INIT asks for neither); SET_PMU with the PMU's perf type in both modes (mandatory
 * under strict); the thread pinned to the PMU's CPUs, since a vCPU that
 * runs on a CPU of another type fails entry.  Every fd and mapping is
 * released on one cleanup path: kvm_run must be unmapped before the fds
 * are closed, or the VM lives on until the process exits. */
#include "vmprobe.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract.h"
#include "mailbox.h"
#include "pin.h"
#include "probe_result.h"
#include "sysreg.h"
#include "util.h"
#include "xalloc.h"

volatile sig_atomic_t kpi_interrupted;

/* arch/arm64/include/uapi/asm/kvm.h; this part builds on every host. */
#ifndef KVM_EXIT_FAIL_ENTRY_CPU_UNSUPPORTED
#define KVM_EXIT_FAIL_ENTRY_CPU_UNSUPPORTED (1ULL << 0)
#endif

void vmprobe_fail_entry(const struct pmu *p, struct guest_view *g, uint64_t reason,
			unsigned cpu)
{
	g->status = MODE_FAILED;
	g->err = 0;
	g->fail_entry = true;
	g->fail_entry_reason = reason;
	g->fail_entry_cpu = cpu;
	g->step = PSTEP_KVM_RUN;
	if (reason & KVM_EXIT_FAIL_ENTRY_CPU_UNSUPPORTED)
		why_set(g->error, sizeof(g->error), "KVM_RUN: KVM_EXIT_FAIL_ENTRY on CPU %u, "
			"which PMU %s (CPUs %s) does not cover "
			"(KVM_EXIT_FAIL_ENTRY_CPU_UNSUPPORTED): pin the vCPU thread to the PMU's CPUs",
			cpu, p->name, p->cpus.s ? p->cpus.s : "?");
	else
		why_set(g->error, sizeof(g->error), "KVM_RUN: KVM_EXIT_FAIL_ENTRY on CPU %u, "
			"hardware_entry_failure_reason 0x%llx", cpu, (unsigned long long)reason);
}

void vmprobe_say_legacy_set_pmu(const struct kvm_ctx *k, const struct pmu *p)
{
	FILE *to[] = { k->trail, k->record };

	for (size_t i = 0; i < sizeof(to) / sizeof(to[0]); i++)
		if (to[i])
			fprintf(to[i], "kvm-pmu-info: legacy mode: SET_PMU too, to %s: without it KVM "
				"picks a default PMU for a legacy vCPU (on a host of several core "
				"types perhaps another core's), so the answer is about the PMU under "
				"test\n", p->name);
}

unsigned vmprobe_pin_set(const struct report *r, const struct pmu *p, struct cpuset *out,
			 char *why, size_t len)
{
	size_t size = CPU_ALLOC_SIZE(CPUSET_MAX);
	cpu_set_t *aff = CPU_ALLOC(CPUSET_MAX);
	struct cpuset allowed;
	unsigned n;

	cpuset_clear(out);
	if (!aff)
		oom();
	if (sched_getaffinity(0, size, aff) < 0) {
		snprintf(why, len, "cannot read this process's allowed CPUs: %s", strerror(errno));
		CPU_FREE(aff);
		return 0;
	}
	cpuset_clear(&allowed);
	for (unsigned c = 0; c < CPUSET_MAX; c++)
		if (CPU_ISSET_S(c, size, aff))
			cpuset_add(&allowed, c);
	CPU_FREE(aff);
	n = pin_cpus(&p->cpuset, &r->online, &allowed, out, why, len);
	return n;
}

#if defined(__aarch64__)

#include <fcntl.h>
#include <linux/kvm.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* arch/arm64/include/uapi/asm/kvm.h, Linux 7.3 */
#ifndef KVM_ARM_VCPU_PMU_V3_STRICT
#define KVM_ARM_VCPU_PMU_V3_STRICT 9
#endif
#ifndef KVM_ARM_VCPU_PMU_V3_SET_PMU
#define KVM_ARM_VCPU_PMU_V3_SET_PMU 3
#endif
#ifndef KVM_ARM_VCPU_PMU_V3_SET_NR_COUNTERS
#define KVM_ARM_VCPU_PMU_V3_SET_NR_COUNTERS 4
#endif
#define REG_PMMIR_EL1 ARM64_SYS_REG(3, 0, 9, 14, 6)
#define REG_PMCR_EL0 ARM64_SYS_REG(3, 3, 9, 12, 0)
#define REG_PC (KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | \
		KVM_REG_ARM_CORE_REG(regs.pc))

#define MAX_EXITS   64

/* The vCPU being probed, for vmprobe_interrupt(): a signal that lands
 * between the interrupted check and KVM_RUN must still stop the guest. */
static struct kvm_run *volatile active_run;

void vmprobe_interrupt(void)
{
	struct kvm_run *run = active_run;

	/* KVM_CAP_IMMEDIATE_EXIT (4.11): KVM_RUN returns EINTR at once. */
	if (run)
		run->immediate_exit = 1;
}

extern const unsigned char kpi_guest_start[], kpi_guest_end[];
#ifdef KPI_TEST
extern const unsigned char kpi_test_hang_start[], kpi_test_hang_end[];   /* guest-hang.S */
#endif

struct vm {
	int vm, vcpu;
	void *mem;
	struct kvm_run *run;
	size_t run_size;
};

bool vmprobe_available(void)
{
	return true;
}

/* An ioctl that is a probe step: traced, and on failure recorded. */
static int step(const struct kvm_ctx *k, struct guest_view *g, int fd,
		unsigned long req, void *arg, enum probe_step id)
{
	const char *name = probe_steps[id].label;
	int ret = ioctl(fd, req, arg);

	kvm_trace(k, name, ret, errno);
	if (ret < 0)
		guest_failed(g, id, errno, "%s: %s (%s)", name, strerror(errno), errno_name(errno));
	return ret;
}

/* A step named for its ioctl (the KVM selftests' vm_ioctl() and its
 * #cmd): each name is spelled once. */
#define STEP(k, g, fd, req, arg) step(k, g, fd, req, arg, PSTEP_##req)

static int pmu_attr(const struct kvm_ctx *k, struct guest_view *g, int vcpu,
		    uint64_t attr, void *addr, enum probe_step id)
{
	struct kvm_device_attr a = {
		.group = KVM_ARM_VCPU_PMU_V3_CTRL,
		.attr = attr,
		.addr = (uint64_t)(uintptr_t)addr,
	};

	return step(k, g, vcpu, KVM_SET_DEVICE_ATTR, &a, id);
}

/* Pin to CPUS; OLD receives the mask to restore. */
static int pin(const struct kvm_ctx *k, const struct cpuset *cpus, cpu_set_t *old,
	       cpu_set_t *want, size_t size, struct guest_view *g)
{
	char list[64], what[96];
	int ret;

	CPU_ZERO_S(size, want);
	for (unsigned c = 0; c < CPUSET_MAX; c++)
		if (cpuset_has(cpus, c))
			CPU_SET_S(c, size, want);
	if (cpulist_format(cpus, list, sizeof(list)))
		snprintf(list, sizeof(list), "%u CPUs", cpuset_count(cpus));
	snprintf(what, sizeof(what), "sched_setaffinity(CPUs %s)", list);
	if (sched_getaffinity(0, size, old) < 0) {
		guest_failed(g, PSTEP_GET_AFFINITY, errno, "cannot read this thread's CPU affinity: %s",
		       strerror(errno));
		return -1;
	}
	ret = sched_setaffinity(0, size, want);
	kvm_trace(k, what, ret, errno);
	if (ret < 0) {
		guest_failed(g, PSTEP_PIN, errno, "cannot pin to the PMU's CPUs %s: %s", list,
		       strerror(errno));
		return -1;
	}
	return 0;
}

static int vm_create(const struct kvm_ctx *k, struct vm *v, struct guest_view *g)
{
	struct kvm_userspace_memory_region mr = {
		.slot = 0, .guest_phys_addr = GUEST_IPA, .memory_size = GUEST_SIZE,
	};
	int size;

	v->vm = STEP(k, g, k->fd, KVM_CREATE_VM, 0);
	if (v->vm < 0)
		return -1;
	v->mem = mmap(NULL, GUEST_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (v->mem == MAP_FAILED) {
		v->mem = NULL;
		guest_failed(g, PSTEP_MMAP_MEMORY, errno, "cannot map guest memory: %s", strerror(errno));
		return -1;
	}
	memcpy(v->mem, kpi_guest_start, (size_t)(kpi_guest_end - kpi_guest_start));
	mr.userspace_addr = (uint64_t)(uintptr_t)v->mem;
	if (STEP(k, g, v->vm, KVM_SET_USER_MEMORY_REGION, &mr) < 0)
		return -1;
	v->vcpu = STEP(k, g, v->vm, KVM_CREATE_VCPU, 0);
	if (v->vcpu < 0)
		return -1;
	size = STEP(k, g, k->fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (size < 0)
		return -1;
	v->run = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, v->vcpu, 0);
	if (v->run == MAP_FAILED) {
		v->run = NULL;
		guest_failed(g, PSTEP_MMAP_KVM_RUN, errno, "cannot map kvm_run: %s", strerror(errno));
		return -1;
	}
	v->run_size = (size_t)size;
	active_run = v->run;
	if (kpi_interrupted)
		vmprobe_interrupt();
	return 0;
}

static void vm_destroy(struct vm *v)
{
	active_run = NULL;
	if (v->run)
		munmap(v->run, v->run_size);
	if (v->vcpu >= 0)
		close(v->vcpu);
	if (v->vm >= 0)
		close(v->vm);
	if (v->mem)
		munmap(v->mem, GUEST_SIZE);
	*v = (struct vm){ .vm = -1, .vcpu = -1 };
}

/* KVM_ARM_VCPU_INIT with PMU_V3, and STRICT in strict mode. */
static int vcpu_init(const struct kvm_ctx *k, struct vm *v, enum probe_mode m, bool say,
		     struct guest_view *g)
{
	struct kvm_vcpu_init init;

	if (STEP(k, g, v->vm, KVM_ARM_PREFERRED_TARGET, &init) < 0)
		return -1;
	memset(init.features, 0, sizeof(init.features));
	init.features[0] = 1u << KVM_ARM_VCPU_PMU_V3;
	if (m == MODE_STRICT)
		init.features[0] |= 1u << KVM_ARM_VCPU_PMU_V3_STRICT;
	/* The bits a VMM must set for this mode, for whoever ports it. */
	if (say && k->trail)
		fprintf(k->trail, "kvm-pmu-info: %s mode: KVM_ARM_VCPU_INIT features[0] = 0x%x (%s)\n",
			mode_name(m), init.features[0], m == MODE_STRICT
			? "bit 3 KVM_ARM_VCPU_PMU_V3 | bit 9 KVM_ARM_VCPU_PMU_V3_STRICT"
			: "bit 3 KVM_ARM_VCPU_PMU_V3");
	if (STEP(k, g, v->vcpu, KVM_ARM_VCPU_INIT, &init) < 0)
		return -1;
	g->vcpu.features = init.features[0];
	return 0;
}

static int set_pmu(const struct kvm_ctx *k, struct vm *v, const struct pmu *p,
		   struct guest_view *g)
{
	int type = (int)p->type.v;

	return pmu_attr(k, g, v->vcpu, KVM_ARM_VCPU_PMU_V3_SET_PMU, &type, PSTEP_SET_PMU);
}

static int set_pc(const struct kvm_ctx *k, struct vm *v, struct guest_view *g)
{
	uint64_t pc = GUEST_IPA;
	struct kvm_one_reg pcreg = { .id = REG_PC, .addr = (uint64_t)(uintptr_t)&pc };

	return step(k, g, v->vcpu, KVM_SET_ONE_REG, &pcreg, PSTEP_SET_PC);
}

static int vcpu_setup(const struct kvm_ctx *k, struct vm *v, const struct pmu *p,
		      enum probe_mode m, const struct probe_opts *o, struct guest_view *g)
{
#ifdef KPI_TEST
	if (o->hang)
		memcpy(v->mem, kpi_test_hang_start, (size_t)(kpi_test_hang_end - kpi_test_hang_start));
#else
	(void)o;
#endif
	if (vcpu_init(k, v, m, true, g) < 0)
		return -1;
	if (m == MODE_LEGACY)
		vmprobe_say_legacy_set_pmu(k, p);
	if (set_pmu(k, v, p, g) < 0 ||
	    pmu_attr(k, g, v->vcpu, KVM_ARM_VCPU_PMU_V3_INIT, NULL, PSTEP_PMU_INIT) < 0)
		return -1;
	return set_pc(k, v, g);
}

/* The register list, sorted, for a restore elsewhere. */
static void keep_reg_list(const struct kvm_reg_list *list, struct guest_view *g)
{
	struct vcpu_state *s = &g->vcpu;

	free(s->ids);
	s->ids = NULL;
	s->nids = 0;
	if (list->n > REG_LIST_MAX) {
		why_set(s->why, sizeof(s->why), "KVM_GET_REG_LIST listed %llu registers, more than "
			"the %d kept", (unsigned long long)list->n, REG_LIST_MAX);
		return;
	}
	s->ids = malloc((list->n ? list->n : 1) * sizeof(s->ids[0]));
	if (!s->ids) {
		why_set(s->why, sizeof(s->why), "out of memory");
		return;
	}
	memcpy(s->ids, list->reg, list->n * sizeof(s->ids[0]));
	s->nids = sysreg_list_sort(s->ids, (int)list->n);
}

/* What a VMM saves of the PMU once the guest ran: GET_ONE_REG of each PMU
 * register in the list (the list is fixed once the vCPU is initialised). */
static void save_pmu_regs(const struct kvm_ctx *k, const struct vm *v, struct guest_view *g)
{
	struct vcpu_state *s = &g->vcpu;
	struct kvm_call c = { 0 };
	char name[32], label[64];
	int n = 0;

	if (!s->ids) {
		if (!s->why[0])
			why_set(s->why, sizeof(s->why), "KVM_GET_REG_LIST failed or was not made");
		return;
	}
	for (int i = 0; i < s->nids; i++)
		n += sysreg_is_pmu(s->ids[i]);
	free(s->pmu);  /* a repeated probe of the same PMU refills it */
	s->npmu = 0;
	s->pmu = calloc((size_t)(n ? n : 1), sizeof(*s->pmu));
	if (!s->pmu) {
		why_set(s->why, sizeof(s->why), "out of memory");
		return;
	}
	for (int i = 0; i < s->nids; i++) {
		if (!sysreg_is_pmu(s->ids[i]))
			continue;
		sysreg_name(s->ids[i], name, sizeof(name));
		snprintf(label, sizeof(label), "KVM_GET_ONE_REG(%s)", name);
		if (vmprobe_get_reg(k, v->vcpu, s->ids[i], label, &c) < 0) {
			why_set(s->why, sizeof(s->why), "KVM_GET_ONE_REG(%s) of a listed register "
				"failed: %s", name, errno_name(c.err));
			return;
		}
		s->pmu[s->npmu++] = (struct saved_reg){ s->ids[i], c.back.v };
	}
	s->recorded = true;
}

/* The userspace view, recorded beside what the guest reads: on 7.3 the
 * register list names PMMIR_EL1 even where the guest's MRS UNDEFs. */
static void userspace_view(const struct kvm_ctx *k, const struct vm *v, struct guest_view *g)
{
	uint64_t val = 0;
	struct kvm_one_reg reg = { .id = REG_PMMIR_EL1, .addr = (uint64_t)(uintptr_t)&val };
	struct kvm_reg_list probe = { .n = 0 }, *list;
	int ret, err;

	ret = ioctl(v->vcpu, KVM_GET_ONE_REG, &reg);
	err = errno;
	kvm_trace_read(k, "KVM_GET_ONE_REG(PMMIR_EL1)", ret, err, val);
	guest_user_pmmir(g, ret, err, val);

	ret = ioctl(v->vcpu, KVM_GET_REG_LIST, &probe);  /* E2BIG, sets n */
	if (ret < 0 && errno != E2BIG)
		return;
	list = xcalloc(1, sizeof(*list) + probe.n * sizeof(list->reg[0]));
	list->n = probe.n;
	ret = ioctl(v->vcpu, KVM_GET_REG_LIST, list);
	kvm_trace(k, "KVM_GET_REG_LIST", ret < 0 ? ret : (long)list->n, errno);
	if (ret == 0) {
		g->reg_list_ok = true;
		for (uint64_t i = 0; i < list->n; i++)
			if (list->reg[i] == REG_PMMIR_EL1)
				g->pmmir_in_list = true;
		keep_reg_list(list, g);
	}
	free(list);
}

/* The deadline may pass between arming the timer and entering KVM_RUN:
 * immediate_exit makes that KVM_RUN return at once instead of never. */
static void on_alarm(int sig)
{
	(void)sig;
	vmprobe_interrupt();
}

/* One KVM_RUN before the deadline, so a guest that never exits cannot hang
 * us. */
static int run_once(const struct kvm_ctx *k, struct vm *v, uint64_t deadline, struct guest_view *g)
{
	int ret, err;

	/* Clear the flag, then check: a SIGINT or the deadline's SIGALRM that
	 * lands after the checks sets it again, and KVM_RUN returns at once. */
	v->run->immediate_exit = 0;
	if (kpi_interrupted)
		return -ECANCELED;
	if (monotonic_us() >= deadline)
		return -ETIMEDOUT;
	ret = ioctl(v->vcpu, KVM_RUN, 0);
	err = errno;
	if (ret == 0)
		return 0;
	if (err == EINTR && kpi_interrupted)
		return -ECANCELED;
	if (err == EINTR)
		return monotonic_us() >= deadline ? -ETIMEDOUT : -EINTR;
	kvm_trace(k, "KVM_RUN", ret, err);
	guest_failed(g, PSTEP_KVM_RUN, err, "KVM_RUN: %s (%s)", strerror(err), errno_name(err));
	return -1;
}

/* 0 to run on, 1 when the guest finished, -1 when the probe failed. */
static int handle_exit(const struct pmu *p, struct kvm_run *run, struct guest_view *g,
		       struct mailbox *mb)
{
	g->exit_reason = run->exit_reason;
	if (run->exit_reason == KVM_EXIT_FAIL_ENTRY) {
		vmprobe_fail_entry(p, g, run->fail_entry.hardware_entry_failure_reason,
				   run->fail_entry.cpu);
		return -1;
	}
	if (run->exit_reason != KVM_EXIT_MMIO || !run->mmio.is_write) {
		guest_failed(g, PSTEP_KVM_RUN, 0, "unexpected exit from the guest (exit_reason %u)",
		       run->exit_reason);
		return -1;
	}
	return mailbox_store(mb, g, run->mmio.phys_addr - MB_IPA, run->mmio.data, run->mmio.len);
}

static void run_guest(const struct kvm_ctx *k, struct vm *v, const struct pmu *p,
		      const struct probe_opts *o, struct guest_view *g)
{
	struct sigaction sa = { .sa_handler = on_alarm }, old;
	struct itimerval it = { 0 };
	uint64_t deadline = monotonic_us() + (uint64_t)o->timeout_ms * 1000;
	struct mailbox mb = { 0 };
	int exits, ret = 0, nexit = 0;

	/* One timer for the whole run: SIGALRM (no SA_RESTART) at the deadline
	 * knocks the vCPU out of KVM_RUN with EINTR. */
	it.it_value.tv_sec = (time_t)(o->timeout_ms / 1000);
	it.it_value.tv_usec = (suseconds_t)(o->timeout_ms % 1000) * 1000;
	sigaction(SIGALRM, &sa, &old);
	setitimer(ITIMER_REAL, &it, NULL);
	for (exits = 0; exits < MAX_EXITS; exits++) {
		do
			ret = run_once(k, v, deadline, g);
		while (ret == -EINTR);
		if (ret < 0)
			break;
		nexit++;
		ret = handle_exit(p, v->run, g, &mb);
		if (ret)
			break;
	}
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	sigaction(SIGALRM, &old, NULL);
	if (ret == -ETIMEDOUT)
		guest_failed(g, PSTEP_KVM_RUN, ETIMEDOUT, "the guest did not finish within %u ms "
		       "(--timeout); KVM_RUN was interrupted", o->timeout_ms);
	else if (ret == -ECANCELED)
		guest_failed(g, PSTEP_KVM_RUN, EINTR, "interrupted by a signal; the VM was torn down");
	else if (ret == 0 && exits == MAX_EXITS)
		guest_failed(g, PSTEP_KVM_RUN, 0, "the guest made %d exits without finishing", MAX_EXITS);
	kvm_trace_run(k, nexit, g->status == MODE_FAILED ? g->error
		      : "each an MMIO write to the mailbox; the guest stored its readings and finished");
}

int vmprobe_get_reg(const struct kvm_ctx *k, int vcpu, uint64_t id, const char *label,
		    struct kvm_call *c)
{
	uint64_t val = 0;
	struct kvm_one_reg reg = { .id = id, .addr = (uint64_t)(uintptr_t)&val };

	c->made = true;
	c->arg = 0;
	c->ret = ioctl(vcpu, KVM_GET_ONE_REG, &reg);
	c->err = c->ret < 0 ? errno : 0;
	kvm_trace_read(k, label, c->ret, c->err, val);
	if (c->ret < 0)
		nval_why(&c->back, "KVM_GET_ONE_REG: %s", errno_name(c->err));
	else
		nval_set(&c->back, val);
	return c->ret;
}

int vmprobe_set_reg(const struct kvm_ctx *k, int vcpu, uint64_t id, uint64_t val,
		    const char *label, struct kvm_call *c)
{
	uint64_t back = 0;
	struct kvm_one_reg reg = { .id = id, .addr = (uint64_t)(uintptr_t)&val };

	c->made = true;
	c->arg = val;
	c->ret = ioctl(vcpu, KVM_SET_ONE_REG, &reg);
	c->err = c->ret < 0 ? errno : 0;
	kvm_trace(k, label, c->ret, c->err);
	reg.addr = (uint64_t)(uintptr_t)&back;
	if (ioctl(vcpu, KVM_GET_ONE_REG, &reg) < 0)
		nval_why(&c->back, "KVM_GET_ONE_REG: %s", errno_name(errno));
	else
		nval_set(&c->back, back);
	return c->ret;
}

/* The -v trail names each contract call once, as the evidence does. */
static void contract_label(enum contract_call c, uint64_t arg, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "contract: ");

	contract_call_label(c, arg, buf + n, len - n);
}

static void contract_set(const struct kvm_ctx *k, const struct vm *v, enum contract_call c,
			 uint64_t id, uint64_t val, struct contract_obs *obs)
{
	char label[128];

	contract_label(c, val, label, sizeof(label));
	vmprobe_set_reg(k, v->vcpu, id, val, label, &obs->call[c]);
}

/* A PMU_V3_CTRL attribute of the contract: recorded, not a failed step. */
static void contract_attr(const struct kvm_ctx *k, const struct vm *v, enum contract_call c,
			  uint64_t attr, unsigned *arg, struct contract_obs *obs)
{
	struct kvm_device_attr a = {
		.group = KVM_ARM_VCPU_PMU_V3_CTRL, .attr = attr, .addr = (uint64_t)(uintptr_t)arg,
	};
	struct kvm_call *call = &obs->call[c];
	char label[128];

	contract_label(c, arg ? *arg : 0, label, sizeof(label));
	call->made = true;
	call->arg = arg ? *arg : 0;
	call->ret = ioctl(v->vcpu, KVM_SET_DEVICE_ATTR, &a);
	call->err = call->ret < 0 ? errno : 0;
	kvm_trace(k, label, call->ret, call->err);
}

/* no_default_pmu: a strict vCPU that never had SET_PMU; PMU INIT, then
 * KVM_RUN (a kernel that breaks the promise runs the guest payload).
 * True when both failed, as promised: the vCPU is then as fresh as a new
 * one (7.3 sets pmu.created only when INIT succeeds, and the VM's
 * HAS_RAN_ONCE only after the first run enabled the PMU). */
static bool contract_nodef(const struct kvm_ctx *k, struct vm *v, const struct pmu *p,
			   const struct probe_opts *o, struct contract_obs *obs)
{
	struct guest_view *g = &obs->nodef;
	struct kvm_call *run = &obs->call[CALL_NODEF_RUN];

	if (vcpu_init(k, v, MODE_STRICT, false, g) < 0)
		return false;
	contract_attr(k, v, CALL_NODEF_INIT, KVM_ARM_VCPU_PMU_V3_INIT, NULL, obs);
	if (set_pc(k, v, g) < 0)
		return false;
	run_guest(k, v, p, o, g);
	/* An exit of any kind means KVM entered the guest. */
	run->made = true;
	run->ret = g->status == MODE_OK || g->exit_reason ? 0 : -1;
	run->err = run->ret < 0 ? g->err : 0;
	return obs->call[CALL_NODEF_INIT].ret < 0 && run->ret < 0;
}

/* pmmir_other_rejected, pmmir_zero_accepted and pmcr_n_ignored share the
 * VM of no_default_pmu when its INIT and KVM_RUN failed as promised (else
 * a new one): the refused PMMIR_EL1 writes come first and change nothing
 * when refused, the write of 0 then sets the value the guest reads
 * whatever they did, and PMCR_EL0 is another register; SET_NR_COUNTERS
 * (N - 1) must precede PMU INIT, the PMCR_EL0.N write (N - 2) follows it,
 * so the guest's one read of PMCR_EL0 tells which of the two KVM applied. */
static void contract_regs(const struct kvm_ctx *k, struct vm *v, const struct pmu *p,
			  const struct probe_opts *o, struct contract_obs *obs)
{
	struct guest_view *g = &obs->regs;
	struct kvm_call pmmir = { 0 };
	const struct kvm_call *get = &obs->call[CALL_PMCR_GET];
	unsigned n0 = 0, n1, slots;
	char label[128];

	if (set_pmu(k, v, p, g) < 0)
		return;
	contract_label(CALL_PMCR_GET, 0, label, sizeof(label));
	if (vmprobe_get_reg(k, v->vcpu, REG_PMCR_EL0, label, &obs->call[CALL_PMCR_GET]) == 0)
		n0 = PMCR_N(get->back.v);
	n1 = n0 - 1;
	if (n0 >= CONTRACT_MIN_COUNTERS) {
		contract_attr(k, v, CALL_NR_COUNTERS, KVM_ARM_VCPU_PMU_V3_SET_NR_COUNTERS, &n1, obs);
		vmprobe_get_reg(k, v->vcpu, REG_PMCR_EL0, label, &pmmir);
		obs->call[CALL_NR_COUNTERS].back = pmmir.back;
	}
	if (pmu_attr(k, g, v->vcpu, KVM_ARM_VCPU_PMU_V3_INIT, NULL, PSTEP_PMU_INIT) < 0 ||
	    set_pc(k, v, g) < 0)
		return;
	/* "Other" is other than what KVM holds for the host's SLOTS. */
	vmprobe_get_reg(k, v->vcpu, REG_PMMIR_EL1, "contract: KVM_GET_ONE_REG(PMMIR_EL1)", &pmmir);
	slots = pmmir.back.set ? PMMIR_SLOTS(pmmir.back.v)
		: p->slots.set ? PMMIR_SLOTS(p->slots.v) : 0;
	contract_set(k, v, CALL_PMMIR_OTHER, REG_PMMIR_EL1, contract_other_slots(slots), obs);
	contract_set(k, v, CALL_PMMIR_OUTSIDE, REG_PMMIR_EL1, contract_outside_slots(slots), obs);
	contract_set(k, v, CALL_PMMIR_ZERO, REG_PMMIR_EL1, 0, obs);
	if (n0 >= CONTRACT_MIN_COUNTERS)
		contract_set(k, v, CALL_PMCR_SET, REG_PMCR_EL0,
			     contract_pmcr_with_n(get->back.v, n0 - 2), obs);
	run_guest(k, v, p, o, g);
}

/* The legacy vCPU's side, for migration (information, no promise), in the
 * legacy probe VM before its run: may userspace set PMMIR_EL1 to the
 * host's SLOTS, and to 0?  0 comes last, so the legacy guest reads what a
 * legacy vCPU always holds; its read shows whether the 0 took. */
static void contract_legacy(const struct kvm_ctx *k, const struct vm *v, struct pmu *p)
{
	struct contract_obs *obs = &p->cobs;

	memset(&obs->call[CALL_LEGACY_ZERO], 0, 2 * sizeof(obs->call[0]));
	if (p->slots.set && PMMIR_SLOTS(p->slots.v))
		contract_set(k, v, CALL_LEGACY_SLOTS, REG_PMMIR_EL1, PMMIR_SLOTS(p->slots.v), obs);
	contract_set(k, v, CALL_LEGACY_ZERO, REG_PMMIR_EL1, 0, obs);
}

/* The strict contract's one VM beside the strict probe's, on the thread
 * that probe pinned. */
static void contract_vm(const struct kvm_ctx *k, struct pmu *p, const struct probe_opts *o)
{
	struct contract_obs *obs = &p->cobs;
	struct vm v = { .vm = -1, .vcpu = -1 };

	memset(&obs->nodef, 0, sizeof(obs->nodef));
	memset(&obs->regs, 0, sizeof(obs->regs));
	memset(obs->call, 0, CALL_LEGACY_ZERO * sizeof(obs->call[0]));
	obs->probed = true;
	obs->why[0] = '\0';
	if (vm_create(k, &v, &obs->nodef))
		goto out;
	if (!contract_nodef(k, &v, p, o, obs)) {
		/* A vCPU that broke the promise, or failed, is no fresh one. */
		vm_destroy(&v);
		if (vm_create(k, &v, &obs->regs) || vcpu_init(k, &v, MODE_STRICT, false, &obs->regs) < 0)
			goto out;
	}
	contract_regs(k, &v, p, o, obs);
out:
	vm_destroy(&v);
}

void vmprobe_run(struct kvm_ctx *k, const struct report *r, struct pmu *p,
		 enum probe_mode m, const struct probe_opts *o)
{
	struct guest_view *g = &p->guest[m];
	struct cpuset cpus;
	char why[WHY_MAX];

	if (!vmprobe_pin_set(r, p, &cpus, why, sizeof(why)) && guest_mode_supported(r, m, g)) {
		/* No CPU to run on: no VM is built. */
		vcpu_state_clear(&g->vcpu);
		memset(g, 0, sizeof(*g));
		p->probed = true;
		guest_failed(g, PSTEP_NO_CPU, 0, "%s", why);
		p->cobs.probed = false;
		why_set(p->cobs.why, sizeof(p->cobs.why), "no contract VM: %s", why);
		if (k->trail)
			fprintf(k->trail, "kvm-pmu-info: no probe VM for %s: %s\n", p->name, why);
		return;
	}
	vmprobe_run_on(k, r, p, m, o, &cpus);
}

void vmprobe_run_on(struct kvm_ctx *k, const struct report *r, struct pmu *p,
		    enum probe_mode m, const struct probe_opts *o, const struct cpuset *cpus)
{
	struct guest_view *g = &p->guest[m];
	struct vm v = { .vm = -1, .vcpu = -1 };
	cpu_set_t *old = CPU_ALLOC(CPUSET_MAX), *want = CPU_ALLOC(CPUSET_MAX);
	size_t size = CPU_ALLOC_SIZE(CPUSET_MAX);
	uint64_t t0 = monotonic_us();
	bool pinned = false;

	vcpu_state_clear(&g->vcpu);
	memset(g, 0, sizeof(*g));
	p->probed = true;
	if (!guest_mode_supported(r, m, g))
		goto out;
	if (!p->type.set) {
		guest_failed(g, PSTEP_PERF_TYPE, 0, "the PMU's perf type is unknown (%s)", p->type.why);
		goto out;
	}
	if (!old || !want)
		oom();
	if (pin(k, cpus, old, want, size, g))
		goto out;
	pinned = true;
	if (!vm_create(k, &v, g) && !vcpu_setup(k, &v, p, m, o, g)) {
		userspace_view(k, &v, g);
		if (m == MODE_LEGACY)
			contract_legacy(k, &v, p);
#ifdef KPI_TEST
		if (o->setup_pause_ms) {
			struct timespec ts = { .tv_sec = o->setup_pause_ms / 1000,
					       .tv_nsec = (long)(o->setup_pause_ms % 1000) * 1000000 };

			nanosleep(&ts, NULL);
		}
#endif
		run_guest(k, &v, p, o, g);
		if (g->status == MODE_OK)
			save_pmu_regs(k, &v, g);
		else
			why_set(g->vcpu.why, sizeof(g->vcpu.why), "the guest did not finish: "
				"nothing to restore");
	}
	vm_destroy(&v);
	g->time_us = monotonic_us() - t0;
	if (m == MODE_STRICT && !kpi_interrupted)
		contract_vm(k, p, o);
	t0 = 0;
out:
	vm_destroy(&v);
	if (!pinned && m == MODE_STRICT) {
		p->cobs.probed = false;
		why_set(p->cobs.why, sizeof(p->cobs.why), "no contract VM: %s", g->error);
	}
	if (pinned)
		sched_setaffinity(0, size, old);
	CPU_FREE(old);
	CPU_FREE(want);
	if (t0)
		g->time_us = monotonic_us() - t0;
}

/* --migrate-from's answers from this KVM: GET_ONE_REG ENOENT is a
 * register it does not know; SET_ONE_REG's errno is its answer. */
struct live_ctx {
	const struct kvm_ctx *k;
	int vcpu;
};

static bool live_known(void *ctx, uint64_t id)
{
	const struct live_ctx *c = ctx;
	unsigned char buf[256];
	struct kvm_one_reg reg = { .id = id, .addr = (uint64_t)(uintptr_t)buf };

	/* A register wider than the buffer (SVE's 2048-bit slices) is asked
	 * nothing: only ENOENT counts, and no PMU register is that wide. */
	if (sysreg_size(id) > sizeof(buf))
		return true;
	return ioctl(c->vcpu, KVM_GET_ONE_REG, &reg) == 0 || errno != ENOENT;
}

static int live_set(void *ctx, uint64_t id, uint64_t val)
{
	const struct live_ctx *c = ctx;
	struct kvm_call call = { 0 };
	char name[32], label[80];

	sysreg_name(id, name, sizeof(name));
	snprintf(label, sizeof(label), "migrate: KVM_SET_ONE_REG(%s = 0x%llx)", name,
		 (unsigned long long)val);
	return vmprobe_set_reg(c->k, c->vcpu, id, val, label, &call) < 0 ? call.err : 0;
}

/* The source's vCPU here: its features, SET_PMU to P, PMU INIT; the
 * first refusal is the answer. */
static int migrate_vcpu(const struct kvm_ctx *k, struct vm *v, const struct pmu *p,
			const struct guest_view *sg, struct guest_view *g, struct mig_mode *a)
{
	struct kvm_vcpu_init init;

	if (STEP(k, g, v->vm, KVM_ARM_PREFERRED_TARGET, &init) < 0) {
		mig_refuse(a, "KVM_ARM_PREFERRED_TARGET", g->err, "%s", g->error);
		return -1;
	}
	memset(init.features, 0, sizeof(init.features));
	init.features[0] = sg->vcpu.features;
	if (STEP(k, g, v->vcpu, KVM_ARM_VCPU_INIT, &init) < 0) {
		mig_refuse(a, "KVM_ARM_VCPU_INIT", g->err, "KVM_ARM_VCPU_INIT(features[0] = 0x%x): %s (%s)",
			   sg->vcpu.features, strerror(g->err), errno_name(g->err));
		return -1;
	}
	if (set_pmu(k, v, p, g) < 0 ||
	    pmu_attr(k, g, v->vcpu, KVM_ARM_VCPU_PMU_V3_INIT, NULL, PSTEP_PMU_INIT) < 0) {
		mig_refuse(a, probe_steps[g->step].label, g->err, "%s", g->error);
		return -1;
	}
	return 0;
}

static void migrate_in_vm(const struct kvm_ctx *k, struct vm *v, const struct pmu *p,
			  const struct guest_view *sg, const struct probe_opts *o, struct mig_mode *a)
{
	struct guest_view g = { 0 };
	struct live_ctx c = { k, -1 };
	struct kvm_call here = { 0 };

	if (vm_create(k, v, &g)) {
		why_set(a->reason, sizeof(a->reason), "no VM could be built here: %s", g.error);
		return;
	}
	if (migrate_vcpu(k, v, p, sg, &g, a))
		return;
	c.vcpu = v->vcpu;
	if (vmprobe_get_reg(k, v->vcpu, REG_PMMIR_EL1, "migrate: KVM_GET_ONE_REG(PMMIR_EL1)",
			    &here) == 0)
		a->pmmir_to = here.back.v;
	a->answer = MIG_MOVES;
	if (mig_unknown_regs(a, &sg->vcpu, live_known, &c) || mig_restore(a, &sg->vcpu, live_set, &c))
		return;
	if (set_pc(k, v, &g) < 0) {
		mig_refuse(a, "KVM_SET_ONE_REG(PC)", g.err, "%s", g.error);
		return;
	}
	run_guest(k, v, p, o, &g);
	if (g.status != MODE_OK) {
		mig_refuse(a, "KVM_RUN", g.err, "the restored guest did not run: %s", g.error);
		return;
	}
	mig_judge(a, sg, &g);
}

void vmprobe_migrate(struct kvm_ctx *k, const struct report *r, const struct pmu *p,
		     enum probe_mode m, const struct guest_view *sg, const struct probe_opts *o,
		     struct mig_mode *a)
{
	struct vm v = { .vm = -1, .vcpu = -1 };
	cpu_set_t *old = CPU_ALLOC(CPUSET_MAX), *want = CPU_ALLOC(CPUSET_MAX);
	size_t size = CPU_ALLOC_SIZE(CPUSET_MAX);
	struct guest_view g = { 0 };
	struct cpuset cpus;
	uint64_t t0 = monotonic_us();
	char why[WHY_MAX];

	if (!mig_source_ready(a, sg, m))
		goto out;
	if (!old || !want || !vmprobe_pin_set(r, p, &cpus, why, sizeof(why))) {
		why_set(a->reason, sizeof(a->reason), "no VM was built here: %s",
			old && want ? why : "out of memory");
		goto out;
	}
	if (pin(k, &cpus, old, want, size, &g)) {
		why_set(a->reason, sizeof(a->reason), "no VM was built here: %s", g.error);
		goto out;
	}
	migrate_in_vm(k, &v, p, sg, o, a);
	vm_destroy(&v);
	sched_setaffinity(0, size, old);
	a->time_us = monotonic_us() - t0;
out:
	CPU_FREE(old);
	CPU_FREE(want);
}

#else /* !__aarch64__ */

void vmprobe_migrate(struct kvm_ctx *k, const struct report *r, const struct pmu *p,
		     enum probe_mode m, const struct guest_view *sg, const struct probe_opts *o,
		     struct mig_mode *a)
{
	(void)k, (void)r, (void)p, (void)m, (void)sg, (void)o;
	why_set(a->reason, sizeof(a->reason), "this build of kvm-pmu-info has no arm64 VM probe");
}

void vmprobe_interrupt(void)
{
}

bool vmprobe_available(void)
{
	return false;
}

void vmprobe_run_on(struct kvm_ctx *k, const struct report *r, struct pmu *p,
		    enum probe_mode m, const struct probe_opts *o, const struct cpuset *cpus)
{
	(void)cpus;
	vmprobe_run(k, r, p, m, o);
}

void vmprobe_run(struct kvm_ctx *k, const struct report *r, struct pmu *p,
		 enum probe_mode m, const struct probe_opts *o)
{
	(void)k, (void)r, (void)o;
	p->probed = true;
	p->guest[m].status = MODE_FAILED;
	snprintf(p->guest[m].error, sizeof(p->guest[m].error),
		 "this build of kvm-pmu-info has no arm64 VM probe");
}

#endif
