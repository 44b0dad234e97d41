/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mailbox.h - the probe guest's memory map and report window, shared by
 * guest.S (which stores each value there) and the host side that decodes
 * the stores (probe_result.c, vmprobe.c).  #defines only: the assembler
 * reads this file too.
 *
 * The payload runs at GUEST_IPA from one memslot of GUEST_SIZE bytes.  The
 * window at MB_IPA has no memslot, so every store there leaves the guest
 * as a KVM_EXIT_MMIO carrying the address and the bytes.  Each register
 * has an 8-byte slot, in the order of enum guest_reg (model.h). */
#ifndef KPI_MAILBOX_H
#define KPI_MAILBOX_H

#define GUEST_IPA   0x80000000
#define GUEST_SIZE  0x10000
/* A multiple of 64 KiB: guest.S builds it with one movz (MB_IPA >> 16). */
#define MB_IPA      0x10000000

#define MB_MIDR     0x00
#define MB_DFR0     0x08
#define MB_PMCR     0x10
#define MB_PMCEID0  0x18
#define MB_PMCEID1  0x20
#define MB_PMMIR    0x28
/* Stored just before DONE: MB_CANARY_VALUE, 64 bits of eight different
 * bytes, so that a copy of fewer than 8 bytes, or of the bytes in another
 * order, cannot pass for a complete report. */
#define MB_CANARY   0xf0
#define MB_DONE     0xf8
/* ESR_EL1 of an UNDEF taken by the next register's MRS (whose slot then
 * receives ~0). */
#define MB_ESR      0x100

/* The canary in 16-bit pieces, for guest.S's movz/movk. */
#define MB_CANARY_48 0x0123
#define MB_CANARY_32 0x4567
#define MB_CANARY_16 0x89ab
#define MB_CANARY_0  0xcdef
#ifndef __ASSEMBLER__
#define MB_CANARY_VALUE ((unsigned long long)MB_CANARY_48 << 48 | \
			 (unsigned long long)MB_CANARY_32 << 32 | \
			 (unsigned long long)MB_CANARY_16 << 16 | MB_CANARY_0)
#endif

#endif
