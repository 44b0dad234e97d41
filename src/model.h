/* SPDX-License-Identifier: GPL-2.0-or-later */
/* model.h - the report: one plain structure for everything the tool found.
 * Collectors and probes fill it; renderers only read it. */
#ifndef KPI_MODEL_H
#define KPI_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpulist.h"

#define WHY_MAX 192

/* A fact that may be absent: when !set, WHY says why it is null. */
struct nval {
	bool set;
	uint64_t v;
	char why[WHY_MAX];
};

struct nstr {
	char *s; /* NULL when absent */
	char why[WHY_MAX];
};

struct cpu_info {
	unsigned cpu;
	bool has_midr;           /* else the read failed: see problems */
	uint64_t midr;
};

/* The CPUs that share one MIDR_EL1 value: what a big.LITTLE host has
 * several of. */
struct cpu_model {
	bool has_midr;
	uint64_t midr;
	struct cpuset set;
	char *cpus;              /* canonical cpulist of SET */
};

enum kvm_status {
	KVM_NOT_PROBED,
	KVM_OK,
	KVM_NOT_ARM64,
	KVM_NO_DEVICE,
	KVM_PERMISSION,
	KVM_ERROR,
};

enum probe_mode { MODE_LEGACY, MODE_STRICT, MODE_N };

enum mode_status {
	MODE_SKIPPED,     /* not asked for (--no-vm, --mode) */
	MODE_OK,
	MODE_FAILED,
	MODE_UNSUPPORTED, /* the kernel lacks the feature */
};

/* Registers the guest payload reads, in payload order. */
enum guest_reg {
	GREG_MIDR,
	GREG_DFR0,
	GREG_PMCR,
	GREG_PMCEID0,
	GREG_PMCEID1,
	GREG_PMMIR,
	GREG_N,
};

enum event_source { EVSRC_NONE, EVSRC_SYSFS, EVSRC_LIBPFM, EVSRC_ARCH };

/* One PMU event, named from the best source there was. */
struct event {
	unsigned code;
	char *name;              /* NULL: no source knows it */
	char *desc;              /* libpfm4's description, else NULL */
	enum event_source source;
};

/* What default `perf stat` does about topdown metrics (perf_predict.c). */
enum perf_topdown {
	PERF_TD_UNKNOWN,    /* the tool cannot tell */
	PERF_TD_WORKS,      /* a TopdownL1 block is printed */
	PERF_TD_FAILS,      /* "Failure to read '#slots'": the Default group aborts */
	PERF_TD_NO_METRICS, /* perf has no Default metrics for the core: it just counts */
	/* The block is printed, but the PMU lacks STALL_SLOT* events its
	 * metrics divide: they count 0 and perf prints 0.0 or nan. */
	PERF_TD_WORKS_WITHOUT_VALUES,
};

/* What one range of perf releases does, as the rig checked it. */
struct perf_range {
	const char *versions;    /* e.g. "6.4-6.12" */
	const char *checked;     /* the Debian perf the rig ran, e.g. "6.12.117" */
	enum perf_topdown topdown;
	const char *failure;     /* what perf prints when it fails, else NULL */
};

struct perf_outcome {
	enum perf_topdown topdown; /* the newest range's answer */
	const char *versions;    /* the perf releases that answer holds for */
	char reason[448];
	int nranges;             /* 0: no per-release answer (unknown) */
	struct perf_range ranges[2];
	/* Multiplexing, when TopdownL1 prints: the events its groups open
	 * against the counters (PMCR_EL0.N + the cycle counter); 0 unknown. */
	unsigned topdown_events;
	unsigned counters;
};

/* The step of a probe that failed (guest_view.step), and why no guest was
 * probed (report.probe_skip): probe_words.def's rows. */
enum probe_step {
#define PROBE_STEP(id, name, label) id,
#define PROBE_SKIP(id, name, label)
#include "probe_words.def"
#undef PROBE_STEP
#undef PROBE_SKIP
	PSTEP_N
};

enum probe_skip {
#define PROBE_STEP(id, name, label)
#define PROBE_SKIP(id, name, label) id,
#include "probe_words.def"
#undef PROBE_STEP
#undef PROBE_SKIP
	PROBE_SKIP_N
};

/* One register's value as KVM_GET_ONE_REG gave it. */
struct saved_reg {
	uint64_t id;
	uint64_t val;
};

/* What a VMM needs to restore this vCPU elsewhere (a migration): the
 * features it was created with, KVM_GET_REG_LIST, and the values of the
 * PMU's registers in that list, read after the guest ran. */
struct vcpu_state {
	bool recorded;           /* else WHY says why not */
	char why[WHY_MAX];
	uint32_t features;       /* KVM_ARM_VCPU_INIT features[0] */
	uint64_t *ids;           /* the register list, sorted ascending */
	int nids;
	struct saved_reg *pmu;   /* its PMU registers (sysreg_is_pmu), sorted by id */
	int npmu;
};

struct guest_view {
	enum mode_status status;
	char error[WHY_MAX];     /* one line when not OK */
	enum probe_step step;    /* the failing ioctl or stage */
	int err;                 /* its errno, 0 if none */
	bool read[GREG_N];       /* the guest reported a value */
	bool undef[GREG_N];      /* the MRS took an UNDEF */
	uint64_t reg[GREG_N];
	uint64_t esr[GREG_N];    /* ESR_EL1 of each UNDEF */
	unsigned exit_reason;    /* kvm_run's exit_reason at the last exit */
	bool fail_entry;         /* KVM_RUN exited with KVM_EXIT_FAIL_ENTRY */
	uint64_t fail_entry_reason; /* its hardware_entry_failure_reason */
	unsigned fail_entry_cpu; /* and the CPU it tried to enter on */
	struct nval user_pmmir;  /* KVM_GET_ONE_REG(PMMIR_EL1) */
	bool reg_list_ok;
	bool pmmir_in_list;      /* KVM_GET_REG_LIST has PMMIR_EL1 */
	uint64_t time_us;
	struct event *events;    /* decoded PMCEID0/1_EL0 */
	int nevents;
	struct event *missing;   /* host sysfs events the guest lacks */
	int nmissing;
	struct perf_outcome perf; /* perf inside such a guest */
	struct vcpu_state vcpu;  /* guest[] views: what a restore needs */
};

/* The layer whose change would unblock: what to do, and where. */
enum step_layer {
	LAYER_NONE,              /* nothing blocks, or nothing can help */
	LAYER_FIRMWARE,          /* hardware, firmware, or the hypervisor beneath */
	LAYER_HOST_KERNEL,
	LAYER_KVM_CONFIG,        /* KVM's availability and access on this host */
	LAYER_VMM,               /* the virtual machine monitor, or the provider's */
	LAYER_GUEST,             /* the guest's own kernel or tools */
	LAYER_TOOL,              /* run kvm-pmu-info so that it can find out */
};

/* Every verdict, from verdicts.def: its name, --check status and layer
 * are the table's (verdict_info()). */
enum verdict_code {
#define VERDICT(id, name, scope, checks, check, layer, man) id,
#include "verdicts.def"
#undef VERDICT
	V_N
};

enum verdict_scope { VSCOPE_HOST, VSCOPE_DEFAULT, VSCOPE_VM, VSCOPE_MIGRATION };

/* The questions --check can ask: would strict guests see the host's SLOTS
 * (--check, --check=strict), do the default guests VMMs create today
 * (--check=default).  A verdict's CHECKS in verdicts.def are a mask. */
enum check_kind { CHECK_NONE, CHECK_STRICT = 1, CHECK_DEFAULT = 2 };
#define VCHECKS_STRICT CHECK_STRICT
#define VCHECKS_DEFAULT CHECK_DEFAULT
#define VCHECKS_BOTH (CHECK_STRICT | CHECK_DEFAULT)
/* The migration answers: --check after --migrate-from or --compare. */
#define VCHECKS_MIGRATION CHECK_NONE

struct verdict_info {
	const char *name;        /* JSON, Prometheus and NFD */
	enum verdict_scope scope;
	int checks;              /* mask of enum check_kind that answer with it */
	int check;               /* the exit status of those checks */
	enum step_layer layer;   /* the usual layer of the next step */
};

struct next_step {
	enum step_layer layer;
	char action[512];        /* the longest, 6.12's upgrade step, is 471 bytes */
};

struct verdict {
	enum verdict_code code;
	bool known;              /* whether strict_sees is answered */
	char text[512];
	/* What the words mean, each -1 when unknown: strict-mode guests would
	 * read the host's SLOTS; default (legacy) guests do today; so the VMM
	 * is what stands between the host and its guests. */
	int strict_sees, default_sees, needs_vmm;
	bool timed_out;          /* probe_failed because --timeout ran out */
	struct next_step next;
};

/* The strict contract (contract.c): the promises KVM_ARM_VCPU_PMU_V3_STRICT
 * makes to a VMM, each held against what KVM answered. */
enum contract_check {
#define CHECK(id, name, promise) id,
#define CALL(id, key, label, hex)
#include "contract.def"
#undef CHECK
#undef CALL
	CC_N,
};

enum check_result { CR_KEPT, CR_BROKEN, CR_NOT_APPLICABLE, CR_UNKNOWN };

/* The ioctls of the contract (vmprobe.c): in its one VM, and the legacy
 * PMMIR_EL1 writes in the legacy probe's VM. */
enum contract_call {
#define CHECK(id, name, promise)
#define CALL(id, key, label, hex) id,
#include "contract.def"
#undef CHECK
#undef CALL
	CALL_N,
};

/* One ioctl as KVM answered it. */
struct kvm_call {
	bool made;
	uint64_t arg;            /* the value written or passed */
	int ret;
	int err;                 /* errno when ret < 0 */
	struct nval back;        /* the register read back right after */
};

/* What the contract's VMs saw: raw facts, kept by the probe record. */
struct contract_obs {
	bool probed;
	char why[WHY_MAX];       /* !probed: why no contract VM was built */
	struct kvm_call call[CALL_N];
	struct guest_view nodef; /* the VM without SET_PMU (its setup, KVM_RUN) */
	struct guest_view regs;  /* the register writes (same VM, or a new one), its guest */
};

struct check_verdict {
	enum check_result result;
	char evidence[384];      /* the ioctls, KVM's answers, the guest's reads */
	char reason[WHY_MAX];    /* every result but kept */
};

/* The judgement (contract.c). */
struct contract {
	bool checked;            /* the checks ran (or none applies); else WHY */
	char why[WHY_MAX];
	struct check_verdict check[CC_N];
	int kept, broken;
};

/* A core PMU as a VM sees its own vPMU, beside what the core is
 * documented to have (the known-core table). */
struct vpmu_view {
	bool known;              /* the core is in the table; else WHY */
	const char *core;        /* the table's name */
	unsigned pmuver;         /* documented ID_AA64DFR0_EL1.PMUVer, 0 unknown */
	unsigned slots;          /* documented SLOTS, 0 none published */
	char why[WHY_MAX];
	int stall_slot_events;   /* events/ lists all of STALL_SLOT*: 1, not all: 0,
				    events/ unreadable: -1 */
};

struct pmu {
	char *name;
	struct nval type;
	struct nstr cpus;        /* canonical cpulist, from cpus or cpumask */
	struct cpuset cpuset;
	bool none_online;        /* cpus and the online list read, and none of
				    these CPUs is online: no vCPU can run here */
	bool core;
	char core_why[WHY_MAX];  /* the rule that decided */
	bool emulated_pmuv3;     /* core PMU that is no PMUv3 (Apple): KVM gives
				    guests a PMUv3 of its own, PMUVer IMP, no PMMIR */
	struct nval midr;        /* MIDR_EL1 of the first CPU */
	struct nval slots, bus_slots, bus_width;
	struct nstr slots_raw, bus_slots_raw, bus_width_raw;
	char **events;
	int *event_codes;        /* PMUv3 core PMUs: each event's number, -1 if none */
	int nevents;             /* -1 when events/ could not be read */
	char events_why[WHY_MAX];
	struct vpmu_view vpmu;   /* core PMUs inside a VM: against the documented core */
	bool probed;             /* guest[] holds results */
	struct guest_view guest[MODE_N];
	struct contract_obs cobs; /* core PMUs: the strict contract's VMs */
	struct contract contract; /* ... judged */
	struct perf_outcome perf; /* core PMUs: perf on this host */
	struct verdict verdict;  /* core PMUs, once analysed: this PMU's verdict */
};

struct problem {
	char *path;
	char *what;
};

enum virt_source { VSRC_NONE, VSRC_DMI, VSRC_SMBIOS, VSRC_HYPERVISOR, VSRC_DEVICE_TREE };

/* Whether this system is itself a virtual machine, and what says so. */
struct virt_info {
	int vm;                  /* 1 a VM, 0 not, -1 unknown (WHY says why) */
	char hypervisor[24];     /* systemd-detect-virt's name when vm == 1 */
	struct nstr product;     /* DMI product_name */
	enum virt_source source; /* the input that decided */
	char why[WHY_MAX];       /* how it was decided, or why it could not be */
};

/* --replay: where the report's facts came from.  The inventory and the
 * guest views are the archive's; decoding and verdicts are this version's. */
struct replay_info {
	bool on;
	char file[256];          /* the archive as named on the command line */
	char captured_at[32];    /* "2026-12-01 20:30:15 UTC", or "unknown" */
	char host[72];           /* uname nodename of the captured host */
	char kernel[72];         /* its uname release */
	char version[40];        /* the kvm-pmu-info version that captured it */
	char *trail;             /* the recorded -v trail, NULL when none */
	bool has_record;         /* the archive holds a probe record */
	bool no_config;          /* it holds no kernel-config.txt */
};

struct report {
	struct replay_info replay;
	struct nstr kernel;
	struct nstr arch;
	bool arm64;
	char arm64_why[WHY_MAX];
	struct nstr cpus_online;
	struct cpuset online;
	struct cpu_info *cpus;
	int ncpus;
	struct cpu_model *models;
	int nmodels;
	struct virt_info virt;

	enum probe_skip probe_skip;      /* why no guest was probed */
	enum kvm_status kvm;
	char kvm_error[WHY_MAX];
	struct nval kvm_api;
	struct nval cap_pmu_v3;
	struct nval cap_pmu_v3_strict;
	/* The guest probes' wall time, CLOCK_MONOTONIC from opening /dev/kvm
	 * to the last probe VM's teardown (contract VMs included); unset when
	 * no guest was probed.  --replay: the recorded run's, from the probe
	 * record, unset when the record does not hold it. */
	struct nval probe_time_us;

	struct pmu *pmus;
	int npmus;
	/* Why no core PMU's strict contract was checked ("" when one was). */
	char contract_why[WHY_MAX];

	struct verdict verdict;          /* the host */
	/* The default (legacy-mode) guests VMMs create today, --check=default's
	 * answer: code, text and next step only; empty text inside a VM whose
	 * tenant's answer is vm_verdict. */
	struct verdict default_verdict;
	bool vm_verdict_applies;         /* an arm64 VM: vm_verdict below */
	struct verdict vm_verdict;       /* this VM's own vPMU, for its tenant */
	char heterogeneous[1024];        /* several core PMUs: what that means for VMMs, else "" */
	bool analysed;                   /* verdict_compute() ran: the verdicts hold */

	struct problem *problems;
	int nproblems, problems_cap;
};

void report_init(struct report *r);
void report_free(struct report *r);
void pmu_free(struct pmu *p);
/* Free what S holds and forget it (recorded false, WHY empty). */
void vcpu_state_clear(struct vcpu_state *s);
/* Free the events decoded from G's PMCEID registers (events.c). */
void guest_events_clear(struct guest_view *g);

/* Record a malformed or unreadable input; PATH is relative to the root. */
void report_problem(struct report *r, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* snprintf for reasons: truncation of a long path is acceptable there. */
void why_set(char *dst, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

void nval_set(struct nval *n, uint64_t v);
void nval_why(struct nval *n, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void nstr_why(struct nstr *n, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Facts derived from what a guest read (ID_AA64DFR0_EL1, PMCR_EL0 ...). */
unsigned guest_pmuver(const struct guest_view *g);
unsigned guest_counters(const struct guest_view *g);
bool guest_pmmir_readable(const struct guest_view *g);
bool guest_stall_slot_events(const struct guest_view *g);
/* The host's side: events/ of core PMU P lists all of STALL_SLOT_BACKEND,
 * _FRONTEND and STALL_SLOT: 1, not all: 0, events/ unreadable: -1. */
int pmu_stall_slot_events(const struct pmu *p);
/* Which of them are there, bit N for event STALL_SLOT_FIRST + N: in the
 * guest's PMCEID1_EL0 (0 when unread), in P's events/ (0 when unreadable). */
unsigned guest_stall_slot_mask(const struct guest_view *g);
unsigned pmu_stall_slot_mask(const struct pmu *p);
#define STALL_SLOT_ALL 7u
/* PMMIR_EL1.SLOTS as a guest that ran read it; false when it did not run
 * or could not read PMMIR_EL1. */
bool guest_read_slots(const struct guest_view *g, unsigned *slots);

const char *pmuver_name(unsigned pmuver);

/* Whether kernel release REL ("7.3.4+deb13-arm64") is MAJOR.MINOR or later:
 * 1, 0, or -1 when REL is NULL or unparsable. */
int kernel_at_least(const char *rel, unsigned major, unsigned minor);

/* Why KVM_CAP_ARM_PMU_V3_STRICT is 0 on kernel release REL, as a phrase:
 * the capability came with Linux 7.3, so only an older kernel "needs" it. */
const char *strict_missing_why(const char *rel);

const char *step_layer_name(enum step_layer l);
const char *mode_name(enum probe_mode m);
const char *guest_reg_name(enum guest_reg r);
/* The names the JSON, Prometheus and NFD formats use for these enums. */
const char *kvm_status_name(enum kvm_status s);
const char *mode_status_name(enum mode_status s);
const char *verdict_code_name(enum verdict_code c);
/* NULL for VSRC_NONE. */
const char *virt_source_name(enum virt_source s);
/* verdicts.def's row of C; NULL for a value outside the enum. */
const struct verdict_info *verdict_info(enum verdict_code c);

/* The words of enum probe_step and enum probe_skip: the name is what
 * probe.json stores, the label what reports, messages and verdicts say. */
struct probe_words {
	const char *name;
	const char *label;       /* also what records of kvm-pmu-info 0.1 stored */
};
extern const struct probe_words probe_steps[PSTEP_N];
extern const struct probe_words probe_skips[PROBE_SKIP_N];
/* The index of S in T[N] (from 1) by name, else by label (the first, for a
 * label several share, as 0.1's "pin"); -1 when it is neither. */
int probe_words_parse(const struct probe_words *t, int n, const char *s);
/* The probe stopped before it built a VM: it had no CPU to pin to. */
bool probe_step_before_vm(enum probe_step s);

/* PMMIR_EL1 fields (Arm ARM D23.5, PMMIR_EL1). */
#define PMMIR_SLOTS(v)     ((unsigned)((v) & 0xff))
/* ID_AA64DFR0_EL1.PMUVer: PMMIR_EL1 exists from PMUv3p4 (0b0101). */
#define PMUVER_V3P4 5
#define PMUVER_IMPDEF 0xf
/* STALL_SLOT_BACKEND, STALL_SLOT_FRONTEND, STALL_SLOT (Arm ARM, common
 * architectural events 0x3D-0x3F), what topdown needs beside SLOTS. */
#define STALL_SLOT_FIRST 0x3d
#define STALL_SLOT_LAST 0x3f

#endif
