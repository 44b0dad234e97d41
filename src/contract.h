/* SPDX-License-Identifier: GPL-2.0-or-later */
/* contract.h - the strict contract: what KVM_ARM_VCPU_PMU_V3_STRICT
 * promises a VMM (Linux 7.3), each promise held against KVM's answers.
 *
 * vmprobe.c makes the ioctls and records them (struct contract_obs); this
 * module judges them, pure, so a replayed probe record is judged by the
 * replaying version and a unit test can feed it an edited record. */
#ifndef KPI_CONTRACT_H
#define KPI_CONTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

const char *contract_check_name(enum contract_check c);
const char *contract_promise(enum contract_check c);
const char *check_result_name(enum check_result r);
/* The probe record's key of call C ("pmmir_zero"). */
const char *contract_call_key(enum contract_call c);

/* "KVM_SET_ONE_REG(PMMIR_EL1 = 0x9)": call C with ARG, as the -v trail and
 * the evidence name it. */
void contract_call_label(enum contract_call c, uint64_t arg, char *buf, size_t len);

/* The values the checks write, from the host's SLOTS and the PMCR_EL0 KVM
 * gave: the probe writes them, the judgement expects them. */
uint64_t contract_other_slots(unsigned host_slots);
uint64_t contract_outside_slots(unsigned host_slots);
/* PMCR_EL0 with N (bits 15:11) replaced. */
uint64_t contract_pmcr_with_n(uint64_t pmcr, unsigned n);
#define PMCR_N(v) ((unsigned)((v) >> 11) & 0x1f)
/* The checks need N, N - 1 and N - 2 counters apart, none of them 0. */
#define CONTRACT_MIN_COUNTERS 3

/* One word for a checked contract: "broken" when a check is, else
 * "unknown" when one is, else "not_applicable" when none was kept, else
 * "kept".  NULL when the contract was not checked. */
const char *contract_state(const struct contract *c);

/* Judge every core PMU's contract and r->contract_why. */
void contract_judge(struct report *r);

#endif
