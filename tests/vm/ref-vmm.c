// SPDX-License-Identifier: GPL-2.0-or-later
/* ref-vmm.c - the reference VMM: the smallest arm64 KVM VMM that boots Linux
 * with the vPMU set up as the strict contract (Linux 7.3,
 * KVM_ARM_VCPU_PMU_V3_STRICT) says, so a guest's perf sees the host's
 * PMMIR_EL1.SLOTS and the STALL_SLOT* events.
 *
 * usage: ref-vmm [--pmu off|legacy|strict] [--pmmir-zero] [--counters N]
 *                [--cpu N] [--mem MIB] [--append CMDLINE] IMAGE INITRD
 *
 * One vCPU; an arm64 Image and an initramfs in guest RAM; a device tree made
 * with libfdt (memory, cpu, psci, timer, GICv3, an 8250 UART, the PMU); the
 * 8250 is emulated over MMIO exits, polled by the guest, and its output is
 * our stdout.  PSCI lives
 * in the kernel (PSCI_0_2): the guest's SYSTEM_OFF ends the run.
 *
 *   --pmu legacy   feature PMU_V3 (bit 3): what every upstream VMM does; the
 *                  guest reads PMMIR_EL1 0 and no STALL_SLOT* events
 *   --pmu strict   PMU_V3 + PMU_V3_STRICT (bit 9), the default
 *   --pmmir-zero   strict, then PMMIR_EL1 set to 0: the portable setting, a
 *                  guest that may migrate to a host with other SLOTS
 *   --counters N   KVM_ARM_VCPU_PMU_V3_SET_NR_COUNTERS: N event counters
 *   --cpu N        run the vCPU on CPU N's core PMU (default: the CPU we
 *                  start on); the thread is pinned to that PMU's CPUs
 *
 * Exit status: 0 the guest powered off; 1 a KVM call or the host refused
 * (one line on stderr names the call, the errno and the rule); 2 usage;
 * 3 the guest reset, crashed or could not enter.
 *
 * A test program (tests/vm/vm-guest.test), built static for arm64 and never
 * installed.  It is also the answer to "what exactly must my VMM do": each
 * KVM call below carries the rule it follows.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libfdt.h>
#include <linux/kvm.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* UAPI of Linux 7.3 and 6.13+ that older distribution headers lack */
#ifndef KVM_CAP_ARM_PMU_V3_STRICT
#define KVM_CAP_ARM_PMU_V3_STRICT 251
#endif
#ifndef KVM_ARM_VCPU_PMU_V3_STRICT
#define KVM_ARM_VCPU_PMU_V3_STRICT 9
#endif
#ifndef KVM_ARM_VCPU_PMU_V3_SET_NR_COUNTERS
#define KVM_ARM_VCPU_PMU_V3_SET_NR_COUNTERS 4
#endif
#define REG_PMMIR_EL1 ARM64_SYS_REG(3, 0, 9, 14, 6)
#define CORE_REG(x) (KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | \
		     (offsetof(struct kvm_regs, x) / sizeof(uint32_t)))

/* The guest's physical map (the same places as QEMU's virt board) */
#define GICD_BASE  0x08000000ULL
#define GICD_SIZE  0x10000ULL
#define GICR_BASE  0x080a0000ULL
#define GICR_SIZE  0x20000ULL            /* one redistributor: one vCPU */
#define UART_BASE  0x09000000ULL
#define UART_SIZE  0x1000ULL
#define UART_CLOCK 1843200
#define RAM_BASE   0x80000000ULL
#define SZ_2M      0x200000ULL

/* Interrupts as the device tree's GICv3 cells say them: type, number, flags */
#define GIC_PPI 1
#define IRQ_LEVEL_HIGH 4
#define PMU_PPI 7                        /* INTID 16 + 7 = 23, as on QEMU's virt */
#define PPI_INTID(n) (16 + (n))

enum pmu_mode { PMU_OFF, PMU_LEGACY, PMU_STRICT };

struct opts {
	enum pmu_mode pmu;
	bool pmmir_zero;
	int counters;                    /* -1: KVM's default (all of the PMU's) */
	int cpu;                         /* -1: the CPU we start on */
	unsigned long mem_mib;
	const char *append, *image, *initrd;
};

struct vm {
	int kvm, fd, vcpu, gic;
	struct kvm_run *run;
	size_t run_size;
	uint8_t *ram;
	uint64_t ram_size;
	uint64_t entry, dtb, initrd, initrd_size;
	uint8_t uart[8], uart_dll, uart_dlm; /* 8250 registers, by offset */
	char pmu_name[64];
	unsigned pmu_type;
	cpu_set_t pmu_cpus;
};

static void die(int status, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("ref-vmm: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

static const char *errname(int e)
{
	const char *n = strerrorname_np(e);

	return n ? n : "unknown errno";
}

/* One KVM ioctl; on failure one line: the call, errno, and what it means. */
static int kvm_ioctl(int fd, unsigned long req, void *arg, const char *what, const char *why)
{
	int r;

	do
		r = ioctl(fd, req, arg);
	while (r < 0 && errno == EINTR && req != KVM_RUN);
	if (r < 0 && what)
		die(1, "%s: %s (%s)%s%s", what, strerror(errno), errname(errno),
		    why ? ": " : "", why ? why : "");
	return r;
}

static void set_attr(int fd, uint32_t group, uint64_t attr, void *val, const char *what,
		     const char *why)
{
	struct kvm_device_attr a = { .group = group, .attr = attr, .addr = (uintptr_t)val };

	kvm_ioctl(fd, KVM_SET_DEVICE_ATTR, &a, what, why);
}

static void set_reg(int vcpu, uint64_t id, uint64_t val, const char *what, const char *why)
{
	struct kvm_one_reg r = { .id = id, .addr = (uintptr_t)&val };

	kvm_ioctl(vcpu, KVM_SET_ONE_REG, &r, what, why);
}

/* ---- the host side: which core PMU, and pinning to its CPUs ---- */

static bool read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	bool ok = f && fgets(buf, (int)len, f);

	if (f)
		fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = 0;
	return ok;
}

/* "0-3,8" into a cpu_set_t; false on anything else */
static bool parse_cpulist(const char *s, cpu_set_t *set)
{
	CPU_ZERO(set);
	while (*s) {
		char *end;
		unsigned long lo = strtoul(s, &end, 10), hi = lo;

		if (end == s)
			return false;
		if (*end == '-') {
			s = end + 1;
			hi = strtoul(s, &end, 10);
			if (end == s || hi < lo)
				return false;
		}
		if (hi >= CPU_SETSIZE)
			return false;
		for (unsigned long c = lo; c <= hi; c++)
			CPU_SET(c, set);
		if (*end != ',' && *end)
			return false;
		s = *end ? end + 1 : end;
	}
	return CPU_COUNT(set) > 0;
}

/* The core PMU whose "cpus" holds CPU cpu: its name, perf type and CPUs.
 * Core PMUs (armv8_pmuv3, armv8_cortex_a57, ...) are the ones with "cpus". */
static bool find_core_pmu(struct vm *vm, int cpu)
{
	const char *top = "/sys/bus/event_source/devices";
	DIR *d = opendir(top);
	struct dirent *e;
	bool found = false;

	if (!d)
		return false;
	while (!found && (e = readdir(d))) {
		char path[512], buf[256];

		if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof(vm->pmu_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s/cpus", top, e->d_name);
		if (!read_line(path, buf, sizeof(buf)) || !parse_cpulist(buf, &vm->pmu_cpus) ||
		    !CPU_ISSET(cpu, &vm->pmu_cpus))
			continue;
		snprintf(path, sizeof(path), "%s/%s/type", top, e->d_name);
		if (!read_line(path, buf, sizeof(buf)))
			continue;
		vm->pmu_type = (unsigned)strtoul(buf, NULL, 10);
		snprintf(vm->pmu_name, sizeof(vm->pmu_name), "%s", e->d_name);
		found = true;
	}
	closedir(d);
	return found;
}

/* Rule: a vCPU may only run on CPUs of the PMU chosen with SET_PMU, else
 * KVM_RUN fails with KVM_EXIT_FAIL_ENTRY (CPU_UNSUPPORTED).  And under legacy
 * KVM takes the PMU of the CPU that creates the VM.  So pick the PMU first,
 * then pin this thread (it becomes the vCPU thread) to that PMU's CPUs. */
static void pin_to_pmu(struct vm *vm, const struct opts *o)
{
	int cpu = o->cpu >= 0 ? o->cpu : sched_getcpu();

	if (cpu < 0)
		die(1, "sched_getcpu: %s", strerror(errno));
	if (!find_core_pmu(vm, cpu))
		die(1, "no core PMU lists CPU %d in /sys/bus/event_source/devices/*/cpus "
		    "(a host without a PMU driver, or CPU %d is offline); use --pmu off", cpu, cpu);
	if (sched_setaffinity(0, sizeof(vm->pmu_cpus), &vm->pmu_cpus) < 0)
		die(1, "sched_setaffinity to %s's CPUs: %s", vm->pmu_name, strerror(errno));
}

/* ---- guest memory: the kernel Image, the device tree, the initramfs ---- */

static uint64_t load_file(struct vm *vm, const char *path, uint64_t gpa, uint64_t room)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	uint64_t done = 0;

	if (fd < 0 || fstat(fd, &st) < 0)
		die(1, "%s: %s", path, strerror(errno));
	if ((uint64_t)st.st_size > room)
		die(1, "%s: %lld bytes do not fit in guest RAM (%llu bytes left); give --mem more",
		    path, (long long)st.st_size, (unsigned long long)room);
	while (done < (uint64_t)st.st_size) {
		ssize_t n = read(fd, vm->ram + (gpa - RAM_BASE) + done, st.st_size - done);

		if (n <= 0)
			die(1, "%s: %s", path, n ? strerror(errno) : "short read");
		done += (uint64_t)n;
	}
	close(fd);
	return done;
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Linux's arm64 boot protocol (Documentation/arch/arm64/booting.rst): the
 * Image goes text_offset bytes above a 2 MiB boundary and owns image_size
 * bytes there; the device tree is 8-byte aligned and at most 2 MiB; the
 * initramfs lies outside both. */
static void load_guest(struct vm *vm, const struct opts *o)
{
	uint64_t size = load_file(vm, o->image, RAM_BASE, vm->ram_size);
	const uint8_t *h = vm->ram;
	uint64_t text_offset, image_size, end;

	if (size < 64 || memcmp(h + 56, "ARM\x64", 4))
		die(1, "%s: not an arm64 Linux Image (no \"ARM\\x64\" magic at offset 56)", o->image);
	text_offset = le64(h + 8);
	image_size = le64(h + 16);
	if (text_offset) {      /* pre-3.17 kernels: move the Image up */
		memmove(vm->ram + text_offset, vm->ram, size);
		memset(vm->ram, 0, text_offset);
	}
	vm->entry = RAM_BASE + text_offset;
	end = vm->entry + (image_size > size ? image_size : size);
	vm->dtb = (end + SZ_2M - 1) & ~(SZ_2M - 1);
	vm->initrd = vm->dtb + SZ_2M;
	if (vm->initrd >= RAM_BASE + vm->ram_size)
		die(1, "the kernel leaves no room for the initramfs; give --mem more");
	vm->initrd_size = load_file(vm, o->initrd, vm->initrd, RAM_BASE + vm->ram_size - vm->initrd);
}

/* ---- the device tree (libfdt's sequential-write API) ---- */

static void fdt_ok(int r, const char *what)
{
	if (r < 0)
		die(1, "device tree: %s: %s", what, fdt_strerror(r));
}

static void fdt_u64s(void *fdt, const char *name, const uint64_t *v, int n)
{
	fdt64_t be[4];

	for (int i = 0; i < n; i++)
		be[i] = cpu_to_fdt64(v[i]);
	fdt_ok(fdt_property(fdt, name, be, n * (int)sizeof(be[0])), name);
}

static void fdt_cells(void *fdt, const char *name, const uint32_t *v, int n)
{
	fdt32_t be[12];

	for (int i = 0; i < n; i++)
		be[i] = cpu_to_fdt32(v[i]);
	fdt_ok(fdt_property(fdt, name, be, n * (int)sizeof(be[0])), name);
}

#define PROP_STR(fdt, n, s) fdt_ok(fdt_property_string(fdt, n, s), n)
#define PROP_U32(fdt, n, v) fdt_ok(fdt_property_u32(fdt, n, v), n)
#define PROP_NONE(fdt, n)   fdt_ok(fdt_property(fdt, n, NULL, 0), n)
#define BEGIN(fdt, n)       fdt_ok(fdt_begin_node(fdt, n), n)
#define END(fdt)            fdt_ok(fdt_end_node(fdt), "end node")

static void make_fdt(struct vm *vm, const struct opts *o)
{
	void *fdt = vm->ram + (vm->dtb - RAM_BASE);
	const uint32_t gic_phandle = 1;
	char node[64];

	fdt_ok(fdt_create(fdt, (int)SZ_2M), "create");
	fdt_ok(fdt_finish_reservemap(fdt), "reserve map");
	BEGIN(fdt, "");
	PROP_STR(fdt, "compatible", "linux,dummy-virt");
	PROP_U32(fdt, "#address-cells", 2);
	PROP_U32(fdt, "#size-cells", 2);
	PROP_U32(fdt, "interrupt-parent", gic_phandle);

	BEGIN(fdt, "chosen");
	PROP_STR(fdt, "bootargs", o->append);
	snprintf(node, sizeof(node), "/uart@%llx", UART_BASE);
	PROP_STR(fdt, "stdout-path", node);
	fdt_u64s(fdt, "linux,initrd-start", &vm->initrd, 1);
	uint64_t initrd_end = vm->initrd + vm->initrd_size;
	fdt_u64s(fdt, "linux,initrd-end", &initrd_end, 1);
	END(fdt);

	snprintf(node, sizeof(node), "memory@%llx", RAM_BASE);
	BEGIN(fdt, node);
	PROP_STR(fdt, "device_type", "memory");
	fdt_u64s(fdt, "reg", (uint64_t[]){ RAM_BASE, vm->ram_size }, 2);
	END(fdt);

	BEGIN(fdt, "cpus");
	PROP_U32(fdt, "#address-cells", 1);
	PROP_U32(fdt, "#size-cells", 0);
	BEGIN(fdt, "cpu@0");
	PROP_STR(fdt, "device_type", "cpu");
	PROP_STR(fdt, "compatible", "arm,arm-v8");
	PROP_STR(fdt, "enable-method", "psci");
	PROP_U32(fdt, "reg", 0);         /* vCPU 0's MPIDR_EL1 affinity */
	END(fdt);
	END(fdt);

	/* KVM implements PSCI 0.2+ itself (feature PSCI_0_2), reached by HVC */
	BEGIN(fdt, "psci");
	PROP_STR(fdt, "compatible", "arm,psci-0.2");
	PROP_STR(fdt, "method", "hvc");
	END(fdt);

	/* KVM's timer PPIs: secure and non-secure physical, virtual, hypervisor */
	BEGIN(fdt, "timer");
	PROP_STR(fdt, "compatible", "arm,armv8-timer");
	fdt_cells(fdt, "interrupts", (uint32_t[]){
		GIC_PPI, 13, IRQ_LEVEL_HIGH, GIC_PPI, 14, IRQ_LEVEL_HIGH,
		GIC_PPI, 11, IRQ_LEVEL_HIGH, GIC_PPI, 10, IRQ_LEVEL_HIGH }, 12);
	PROP_NONE(fdt, "always-on");
	END(fdt);

	snprintf(node, sizeof(node), "intc@%llx", GICD_BASE);
	BEGIN(fdt, node);
	PROP_STR(fdt, "compatible", "arm,gic-v3");
	PROP_U32(fdt, "#interrupt-cells", 3);
	PROP_NONE(fdt, "interrupt-controller");
	fdt_u64s(fdt, "reg", (uint64_t[]){ GICD_BASE, GICD_SIZE, GICR_BASE, GICR_SIZE }, 4);
	PROP_U32(fdt, "phandle", gic_phandle);
	END(fdt);

	/* The overflow PPI given to KVM_ARM_VCPU_PMU_V3_IRQ below */
	if (o->pmu != PMU_OFF) {
		BEGIN(fdt, "pmu");
		PROP_STR(fdt, "compatible", "arm,armv8-pmuv3");
		fdt_cells(fdt, "interrupts", (uint32_t[]){ GIC_PPI, PMU_PPI, IRQ_LEVEL_HIGH }, 3);
		END(fdt);
	}

	snprintf(node, sizeof(node), "uart@%llx", UART_BASE);
	BEGIN(fdt, node);
	PROP_STR(fdt, "compatible", "ns16550a");
	fdt_u64s(fdt, "reg", (uint64_t[]){ UART_BASE, UART_SIZE }, 2);
	PROP_U32(fdt, "clock-frequency", UART_CLOCK);
	END(fdt);

	END(fdt);
	fdt_ok(fdt_finish(fdt), "finish");
}

/* ---- KVM: the VM, the vCPU, the vGIC, the vPMU ---- */

static void create_vm(struct vm *vm, const struct opts *o)
{
	struct kvm_userspace_memory_region slot;
	int size;

	vm->kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->kvm < 0)
		die(1, "/dev/kvm: %s (no KVM here: a guest without EL2, or no access)", strerror(errno));
	/* Rule: the API version is 12 since Linux 2.6.22; anything else is not KVM */
	if (kvm_ioctl(vm->kvm, KVM_GET_API_VERSION, NULL, "KVM_GET_API_VERSION", NULL) != 12)
		die(1, "KVM_GET_API_VERSION is not 12");
	/* Rule: KVM_CAP_ARM_PSCI_0_2 says the kernel implements PSCI 0.2+ for
	 * the guest; without it this VMM would need its own PSCI */
	if (kvm_ioctl(vm->kvm, KVM_CHECK_EXTENSION, (void *)(long)KVM_CAP_ARM_PSCI_0_2,
		      "KVM_CHECK_EXTENSION(KVM_CAP_ARM_PSCI_0_2)", NULL) <= 0)
		die(1, "KVM_CAP_ARM_PSCI_0_2 is 0: this KVM has no in-kernel PSCI 0.2");
	/* Rule: KVM_CAP_ARM_PMU_V3 says the host has a PMU KVM can give a guest */
	if (o->pmu != PMU_OFF &&
	    kvm_ioctl(vm->kvm, KVM_CHECK_EXTENSION, (void *)(long)KVM_CAP_ARM_PMU_V3,
		      "KVM_CHECK_EXTENSION(KVM_CAP_ARM_PMU_V3)", NULL) <= 0)
		die(1, "KVM_CAP_ARM_PMU_V3 is 0: the host has no PMU for guests; use --pmu off");

	/* Rule: machine type 0 is the default 40-bit IPA space, room for RAM at 2 GiB */
	vm->fd = kvm_ioctl(vm->kvm, KVM_CREATE_VM, (void *)0, "KVM_CREATE_VM", NULL);
	vm->ram_size = (uint64_t)o->mem_mib << 20;
	vm->ram = mmap(NULL, vm->ram_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (vm->ram == MAP_FAILED)
		die(1, "mmap of %lu MiB guest RAM: %s", o->mem_mib, strerror(errno));
	slot = (struct kvm_userspace_memory_region){
		.slot = 0, .guest_phys_addr = RAM_BASE, .memory_size = vm->ram_size,
		.userspace_addr = (uintptr_t)vm->ram,
	};
	/* Rule: guest RAM is one memslot; everything outside it (the UART) exits
	 * to us as KVM_EXIT_MMIO */
	kvm_ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &slot, "KVM_SET_USER_MEMORY_REGION", NULL);

	/* Rule: the kvm_run area is mmap()ed from the vCPU fd, at the size KVM says */
	vm->vcpu = kvm_ioctl(vm->fd, KVM_CREATE_VCPU, (void *)0, "KVM_CREATE_VCPU", NULL);
	size = kvm_ioctl(vm->kvm, KVM_GET_VCPU_MMAP_SIZE, NULL, "KVM_GET_VCPU_MMAP_SIZE", NULL);
	vm->run_size = (size_t)size;
	vm->run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vm->vcpu, 0);
	if (vm->run == MAP_FAILED)
		die(1, "mmap of kvm_run: %s", strerror(errno));
}

static void init_vcpu(struct vm *vm, const struct opts *o)
{
	struct kvm_vcpu_init init;
	int strict_cap;

	/* Rule: the target comes from KVM_ARM_PREFERRED_TARGET (the host's own
	 * CPU type, or the generic one), never a hard-coded KVM_ARM_TARGET_* */
	kvm_ioctl(vm->fd, KVM_ARM_PREFERRED_TARGET, &init, "KVM_ARM_PREFERRED_TARGET", NULL);
	memset(init.features, 0, sizeof(init.features));
	init.features[0] |= 1u << KVM_ARM_VCPU_PSCI_0_2;
	if (o->pmu != PMU_OFF)
		init.features[0] |= 1u << KVM_ARM_VCPU_PMU_V3;
	if (o->pmu == PMU_STRICT)
		init.features[0] |= 1u << KVM_ARM_VCPU_PMU_V3_STRICT;
	if (o->pmu != PMU_STRICT) {
		kvm_ioctl(vm->vcpu, KVM_ARM_VCPU_INIT, &init, "KVM_ARM_VCPU_INIT", NULL);
		return;
	}
	/* Rule: a kernel has the strict vPMU when KVM_CAP_ARM_PMU_V3_STRICT (251)
	 * is 1.  A VMM that must not run a guest without it checks this first;
	 * here VCPU_INIT gives the kernel's own answer (6.12: ENOENT, an unknown
	 * feature bit; 7.3: EINVAL for bit 9 without bit 3) and the capability
	 * names the cause. */
	strict_cap = ioctl(vm->kvm, KVM_CHECK_EXTENSION, (void *)(long)KVM_CAP_ARM_PMU_V3_STRICT);
	if (kvm_ioctl(vm->vcpu, KVM_ARM_VCPU_INIT, &init, NULL, NULL) < 0)
		die(1, "KVM_ARM_VCPU_INIT with PMU_V3_STRICT (bit 9): %s (%s); "
		    "KVM_CAP_ARM_PMU_V3_STRICT is %d%s", strerror(errno), errname(errno),
		    strict_cap, strict_cap > 0 ? "" :
		    ": this kernel has no strict vPMU (Linux 7.3 or later has it); use --pmu legacy");
}

/* Rule: a GICv3 is created with KVM_CREATE_DEVICE after the vCPUs, given
 * its distributor and redistributor addresses, then initialised
 * (KVM_DEV_ARM_VGIC_CTRL_INIT); the vPMU's INIT needs it initialised. */
static void create_gic(struct vm *vm)
{
	struct kvm_create_device dev = { .type = KVM_DEV_TYPE_ARM_VGIC_V3 };
	uint64_t dist = GICD_BASE, redist = GICR_BASE;

	kvm_ioctl(vm->fd, KVM_CREATE_DEVICE, &dev, "KVM_CREATE_DEVICE(KVM_DEV_TYPE_ARM_VGIC_V3)",
		  "the host has no GICv3 KVM can emulate");
	vm->gic = (int)dev.fd;
	set_attr(vm->gic, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_DIST, &dist,
		 "vGIC distributor address", NULL);
	set_attr(vm->gic, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST, &redist,
		 "vGIC redistributor address", NULL);
	set_attr(vm->gic, KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT, NULL,
		 "KVM_DEV_ARM_VGIC_CTRL_INIT", NULL);
}

/* The vPMU, in the order the strict contract needs (Linux 7.3,
 * Documentation/virt/kvm/devices/vcpu.rst). */
static void init_pmu(struct vm *vm, const struct opts *o)
{
	int irq = PPI_INTID(PMU_PPI);

	if (o->pmu == PMU_OFF)
		return;
	/* Rule: SET_PMU names the host PMU by its perf type (sysfs "type", given
	 * out at boot); mandatory under strict (else INIT fails with ENXIO and
	 * KVM_RUN with EINVAL), and it must be the PMU of the CPUs this vCPU
	 * thread is pinned to (pin_to_pmu) */
	set_attr(vm->vcpu, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_SET_PMU, &vm->pmu_type,
		 "KVM_ARM_VCPU_PMU_V3_SET_PMU", "the PMU type is not an arm PMU KVM knows");
	/* Rule: SET_NR_COUNTERS after SET_PMU (which resets the number to all of
	 * that PMU's counters); under strict a guest's PMCR_EL0.N comes only
	 * from here, SET_ONE_REG(PMCR_EL0) is ignored */
	if (o->counters >= 0) {
		unsigned int n = (unsigned int)o->counters;

		set_attr(vm->vcpu, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_SET_NR_COUNTERS, &n,
			 "KVM_ARM_VCPU_PMU_V3_SET_NR_COUNTERS",
			 "EINVAL: more counters than the PMU has; ENXIO: a kernel "
			 "without the attribute (Linux 6.12 has none)");
	}
	/* Rule: the overflow interrupt is a PPI, the same INTID the device tree's
	 * pmu node names; it needs the in-kernel vGIC */
	set_attr(vm->vcpu, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_IRQ, &irq,
		 "KVM_ARM_VCPU_PMU_V3_IRQ", NULL);
	/* Rule: INIT last, after the vGIC's CTRL_INIT and the IRQ */
	set_attr(vm->vcpu, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_INIT, NULL,
		 "KVM_ARM_VCPU_PMU_V3_INIT", NULL);
	/* Rule: a strict vCPU's PMMIR_EL1 is the host PMU's SLOTS or 0, set
	 * before the first KVM_RUN (any other value: EINVAL; after: EBUSY); 0
	 * is the portable setting for a guest that may migrate */
	if (o->pmmir_zero)
		set_reg(vm->vcpu, REG_PMMIR_EL1, 0, "KVM_SET_ONE_REG(PMMIR_EL1, 0)",
			"only a strict vCPU takes PMMIR_EL1 0 (see --pmu)");
}

/* What the guest will read, from KVM itself: said once on stderr */
static void report_pmu(struct vm *vm, const struct opts *o)
{
	static const char *mode[] = { "off", "legacy", "strict" };
	uint64_t pmmir = 0;
	struct kvm_one_reg r = { .id = REG_PMMIR_EL1, .addr = (uintptr_t)&pmmir };

	if (o->pmu == PMU_OFF) {
		fprintf(stderr, "ref-vmm: vPMU off\n");
		return;
	}
	/* Rule: GET_ONE_REG(PMMIR_EL1) works on 7.3 for every PMU vCPU (ENOENT
	 * on 6.12); the guest reads it only with PMUVer >= PMUv3p4 */
	if (kvm_ioctl(vm->vcpu, KVM_GET_ONE_REG, &r, NULL, NULL) < 0)
		fprintf(stderr, "ref-vmm: vPMU %s on %s (type %u); PMMIR_EL1 not readable (%s)\n",
			mode[o->pmu], vm->pmu_name, vm->pmu_type, errname(errno));
	else
		fprintf(stderr, "ref-vmm: vPMU %s on %s (type %u); guest PMMIR_EL1 %#llx\n",
			mode[o->pmu], vm->pmu_name, vm->pmu_type, (unsigned long long)pmmir);
}

/* Rule: the boot protocol's entry state: PC at the Image, X0 the device
 * tree's address; KVM_ARM_VCPU_INIT already set EL1h with DAIF masked. */
static void set_entry(struct vm *vm)
{
	set_reg(vm->vcpu, CORE_REG(regs.pc), vm->entry, "KVM_SET_ONE_REG(pc)", NULL);
	set_reg(vm->vcpu, CORE_REG(regs.regs[0]), vm->dtb, "KVM_SET_ONE_REG(x0)", NULL);
}

/* ---- the 8250 UART: transmit only ---- */

enum { UART_THR, UART_IER, UART_IIR, UART_LCR, UART_MCR, UART_LSR, UART_MSR, UART_SCR };
#define IER_THRI 0x02
#define IIR_NO_INT 0x01
#define IIR_THRI 0x02
#define LCR_DLAB 0x80
#define LSR_THRE_TEMT 0x60              /* the transmitter is always empty */
#define MSR_DCD_DSR_CTS 0xb0

/* The UART has no interrupt (the device tree gives it none): Linux's 8250
 * driver then logs "IRQ index 0 not found" once and runs its interrupt
 * handler from a timer, every few milliseconds.  That handler reads IIR, so
 * IIR says "THR empty" while the guest enables that interrupt: the
 * transmitter here is always empty.  (With an SPI driven by KVM_IRQ_LINE
 * instead, one guest in three in the rig stopped after its first FIFO
 * load, cause not found; the timer has not failed.) */

static uint8_t uart_read(struct vm *vm, unsigned off)
{
	bool dlab = vm->uart[UART_LCR] & LCR_DLAB;

	switch (off) {
	case UART_THR: return dlab ? vm->uart_dll : 0;      /* no input */
	case UART_IER: return dlab ? vm->uart_dlm : vm->uart[UART_IER];
	case UART_IIR: return vm->uart[UART_IER] & IER_THRI ? IIR_THRI : IIR_NO_INT;
	case UART_LSR: return LSR_THRE_TEMT;
	case UART_MSR: return MSR_DCD_DSR_CTS;
	default: return vm->uart[off];
	}
}

static void uart_write(struct vm *vm, unsigned off, uint8_t v)
{
	bool dlab = vm->uart[UART_LCR] & LCR_DLAB;

	if (off == UART_THR && !dlab)
		putchar(v);
	else if (off == UART_THR)
		vm->uart_dll = v;
	else if (off == UART_IER && dlab)
		vm->uart_dlm = v;
	else if (off != UART_IIR && off != UART_LSR && off != UART_MSR)  /* FCR, read-only */
		vm->uart[off] = v;
}

static void mmio(struct vm *vm)
{
	uint64_t a = vm->run->mmio.phys_addr;
	unsigned off = (unsigned)(a - UART_BASE);

	if (a < UART_BASE || off >= 8 || vm->run->mmio.len != 1)
		die(3, "guest %s of %u bytes at %#llx: no device there", vm->run->mmio.is_write ?
		    "write" : "read", vm->run->mmio.len, (unsigned long long)a);
	if (vm->run->mmio.is_write)
		uart_write(vm, off, vm->run->mmio.data[0]);
	else
		vm->run->mmio.data[0] = uart_read(vm, off);
}

/* ---- the run loop ---- */

static int run(struct vm *vm)
{
	for (;;) {
		/* Rule: KVM_RUN returns on exits KVM does not handle in the kernel
		 * (MMIO outside memslots, PSCI SYSTEM_OFF/RESET, entry failures);
		 * EINTR (a signal) is simply retried */
		if (kvm_ioctl(vm->vcpu, KVM_RUN, NULL, NULL, NULL) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			die(1, "KVM_RUN: %s (%s)%s", strerror(errno), errname(errno),
			    errno == EINVAL ? ": under strict, SET_PMU and INIT must come first" : "");
		}
		switch (vm->run->exit_reason) {
		case KVM_EXIT_MMIO:
			mmio(vm);
			break;
		case KVM_EXIT_SYSTEM_EVENT:
			fflush(stdout);
			if (vm->run->system_event.type == KVM_SYSTEM_EVENT_SHUTDOWN)
				return 0;
			die(3, "the guest asked for a %s (PSCI system event %u)",
			    vm->run->system_event.type == KVM_SYSTEM_EVENT_RESET ? "reset" : "crash dump",
			    vm->run->system_event.type);
			break;
		case KVM_EXIT_FAIL_ENTRY:
			/* Rule: reason 1 (CPU_UNSUPPORTED) is a vCPU on a CPU outside its
			 * PMU's CPUs: the pinning of pin_to_pmu() was not kept */
			die(3, "KVM_EXIT_FAIL_ENTRY: reason %llu on CPU %u",
			    (unsigned long long)vm->run->fail_entry.hardware_entry_failure_reason,
			    vm->run->fail_entry.cpu);
			break;
		default:
			die(3, "unexpected KVM exit reason %u", vm->run->exit_reason);
		}
	}
}

static void usage(int status)
{
	fprintf(status ? stderr : stdout,
		"usage: ref-vmm [--pmu off|legacy|strict] [--pmmir-zero] [--counters N] [--cpu N]\n"
		"               [--mem MIB] [--append CMDLINE] IMAGE INITRD\n");
	exit(status);
}

static long number(const char *s, const char *opt, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || end == s || *end || v < 0 || v > max)
		die(2, "%s %s: not a number from 0 to %ld", opt, s, max);
	return v;
}

static void parse(int argc, char **argv, struct opts *o)
{
	static const struct option longs[] = {
		{ "pmu", required_argument, NULL, 'p' },
		{ "pmmir-zero", no_argument, NULL, 'z' },
		{ "counters", required_argument, NULL, 'n' },
		{ "cpu", required_argument, NULL, 'c' },
		{ "mem", required_argument, NULL, 'm' },
		{ "append", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct opts){ .pmu = PMU_STRICT, .counters = -1, .cpu = -1, .mem_mib = 256,
			    .append = "console=ttyS0,115200 rdinit=/init panic=-1" };
	while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (!strcmp(optarg, "off"))
				o->pmu = PMU_OFF;
			else if (!strcmp(optarg, "legacy"))
				o->pmu = PMU_LEGACY;
			else if (!strcmp(optarg, "strict"))
				o->pmu = PMU_STRICT;
			else
				die(2, "--pmu %s: say off, legacy or strict", optarg);
			break;
		case 'z': o->pmmir_zero = true; break;
		case 'n': o->counters = (int)number(optarg, "--counters", 31); break;
		case 'c': o->cpu = (int)number(optarg, "--cpu", CPU_SETSIZE - 1); break;
		case 'm': o->mem_mib = (unsigned long)number(optarg, "--mem", 1L << 20); break;
		case 'a': o->append = optarg; break;
		case 'h': usage(0); break;
		default: usage(2);
		}
	}
	if (argc - optind != 2)
		usage(2);
	if (o->mem_mib < 16)
		die(2, "--mem %lu: the kernel needs more than 16 MiB", o->mem_mib);
	if (o->pmmir_zero && o->pmu != PMU_STRICT)
		die(2, "--pmmir-zero needs --pmu strict: only a strict vCPU's PMMIR_EL1 can be set");
	o->image = argv[optind];
	o->initrd = argv[optind + 1];
}

int main(int argc, char **argv)
{
	struct opts o;
	struct vm vm = { 0 };

	parse(argc, argv, &o);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (o.pmu != PMU_OFF)
		pin_to_pmu(&vm, &o);
	create_vm(&vm, &o);
	init_vcpu(&vm, &o);
	load_guest(&vm, &o);
	make_fdt(&vm, &o);
	create_gic(&vm);
	init_pmu(&vm, &o);
	report_pmu(&vm, &o);
	set_entry(&vm);
	return run(&vm);
}
