/* SPDX-License-Identifier: GPL-2.0-or-later */
/* guest.S - the code a probe VM runs: EL1, MMU off, one vCPU.
 *
 * It reads the PMU identification registers and reports each one by a
 * store to an unbacked IPA, so every value reaches the host as a
 * KVM_EXIT_MMIO (the ucall idea of the KVM selftests).  An UNDEF (for
 * example MRS PMMIR_EL1 below PMUv3p4) is caught by the vector at
 * VBAR_EL1+0x200, reported with ESR_EL1, and skipped: never fatal.
 * mailbox.h has the addresses and offsets, shared with the host side. */
#include "mailbox.h"

	.section .rodata.kpi_guest, "a"
	.balign	4096
	.global	kpi_guest_start, kpi_guest_end

kpi_guest_start:
	adr	x0, kpi_guest_start		/* VBAR_EL1 = load address (2 KiB aligned) */
	movz	x20, #(MB_IPA >> 16), lsl #16	/* x20 = the report window */
	msr	vbar_el1, x0
	isb
	mrs	x1, midr_el1
	str	x1, [x20, #MB_MIDR]
	mrs	x1, id_aa64dfr0_el1
	str	x1, [x20, #MB_DFR0]
	mrs	x1, pmcr_el0
	str	x1, [x20, #MB_PMCR]
	mrs	x1, pmceid0_el0
	str	x1, [x20, #MB_PMCEID0]
	mrs	x1, pmceid1_el0
	str	x1, [x20, #MB_PMCEID1]
	mrs	x1, s3_0_c9_c14_6		/* PMMIR_EL1; older gas lacks the name */
	str	x1, [x20, #MB_PMMIR]
	movz	x1, #MB_CANARY_0		/* the 64-bit check value */
	movk	x1, #MB_CANARY_16, lsl #16
	movk	x1, #MB_CANARY_32, lsl #32
	movk	x1, #MB_CANARY_48, lsl #48
	str	x1, [x20, #MB_CANARY]
	str	xzr, [x20, #MB_DONE]
1:	b	1b

	.org	kpi_guest_start + 0x200		/* current EL with SPx, synchronous */
	mrs	x2, esr_el1
	str	x2, [x20, #MB_ESR]
	mrs	x2, elr_el1
	add	x2, x2, #4			/* skip the faulting instruction */
	msr	elr_el1, x2
	movn	x1, #0				/* the skipped MRS yields ~0 */
	eret

	.org	kpi_guest_start + 0x800
kpi_guest_end:

	.section .note.GNU-stack, "", %progbits
