/* SPDX-License-Identifier: GPL-2.0-or-later */
/* guest-hang.S - the test build's guest that never exits
 * (KVM_PMU_INFO_TEST_GUEST=hang): vmprobe.c copies it over the probe
 * payload at the guest's entry point, so only --timeout (or a signal) can
 * end KVM_RUN. */
	.section .rodata.kpi_test_hang, "a"
	.balign	4
	.global	kpi_test_hang_start, kpi_test_hang_end

kpi_test_hang_start:
	b	kpi_test_hang_start
kpi_test_hang_end:

	.section .note.GNU-stack, "", %progbits
