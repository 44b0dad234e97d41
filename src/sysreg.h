/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sysreg.h - vCPU register IDs as KVM_GET_REG_LIST names them: which are
 * the PMU's, their names, and the compact text form of a register list
 * that the probe record and the JSON report keep.  Pure: built and
 * fuzzed on every architecture. */
#ifndef KPI_SYSREG_H
#define KPI_SYSREG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* arch/arm64/include/uapi/asm/kvm.h and include/uapi/linux/kvm.h: an
 * arm64 system register's ID is KVM_REG_ARM64 | KVM_REG_SIZE_U64 |
 * KVM_REG_ARM64_SYSREG | op0 << 14 | op1 << 11 | CRn << 7 | CRm << 3 | op2. */
#define KPI_REG_ARM64        0x6000000000000000ULL
#define KPI_REG_SIZE_U64     0x0030000000000000ULL
#define KPI_REG_SIZE_MASK    0x00f0000000000000ULL
#define KPI_REG_SIZE_SHIFT   52
#define KPI_REG_ARM64_SYSREG (0x0013ULL << 16)
#define KPI_REG_COPROC_MASK  0x000000000fff0000ULL
#define KPI_SYSREG(op0, op1, crn, crm, op2) \
	(KPI_REG_ARM64 | KPI_REG_SIZE_U64 | KPI_REG_ARM64_SYSREG | \
	 ((uint64_t)(op0) << 14) | ((uint64_t)(op1) << 11) | ((uint64_t)(crn) << 7) | \
	 ((uint64_t)(crm) << 3) | (uint64_t)(op2))
#define KPI_REG_PMMIR_EL1    KPI_SYSREG(3, 0, 9, 14, 6)
#define KPI_REG_PMCR_EL0     KPI_SYSREG(3, 3, 9, 12, 0)

/* The encoding of sysreg_list_encode(), named in the JSON. */
#define REG_LIST_ENCODING "sorted-delta-hex"
/* At most this many IDs a list: 7.3.4 lists about 270 for the probe's
 * vCPU; SVE's slices would add a few hundred. */
#define REG_LIST_MAX 4096
/* The encoded text's bound: a token per ID, at most 20 bytes each. */
#define REG_LIST_TEXT_MAX (REG_LIST_MAX * 20 + 32)

/* A 64-bit system register of the PMU (Arm ARM: CRn 9, CRm 12-14; the
 * event counters and types at op1 3, CRn 14, CRm 8-15). */
bool sysreg_is_pmu(uint64_t id);

/* ID's name: the PMU's registers by their Arm name ("PMCR_EL0",
 * "PMEVCNTR3_EL0"), other system registers as "S3_0_C0_C5_0", anything
 * else as its hex ID. */
void sysreg_name(uint64_t id, char *buf, size_t len);

/* The ID sysreg_name() gives NAME for a system register: 0, or -1 when
 * NAME is no such name. */
int sysreg_parse(const char *name, uint64_t *id);

/* The size in bytes KVM_GET_ONE_REG writes for ID. */
size_t sysreg_size(uint64_t id);

/* IDS[N] sorted ascending and unique (in place; duplicates dropped);
 * returns the new N. */
int sysreg_list_sort(uint64_t *ids, int n);

/* Sorted unique IDS[N] as text (malloc'ed): the first ID as "0x" and 16
 * hex digits, then for each run of equal gaps one token "+D" (one more ID,
 * D after the previous, D in hex) or "+D*K" (K more, each D after the
 * last).  "" for N 0.  NULL when out of memory. */
char *sysreg_list_encode(const uint64_t *ids, int n);

/* The inverse, for text from elsewhere: at most MAX IDs into *IDS
 * (malloc'ed), which must come out strictly ascending.  0, or -1 with one
 * line in WHY.  Linear in the text's length. */
int sysreg_list_decode(const char *s, int max, uint64_t **ids, int *n, char *why, size_t len);

/* Whether sorted IDS[N] holds ID (binary search). */
bool sysreg_list_has(const uint64_t *ids, int n, uint64_t id);

#endif
