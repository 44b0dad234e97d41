/* SPDX-License-Identifier: GPL-2.0-or-later */
/* segv.c - dies of SIGSEGV on a load from address 0x10, so that
 * vm-reliability.test sees what tests/vm/init records of a crashed run:
 * the kernel's "unhandled exception" line and its pc/lr/sp.  Built static
 * for arm64 by the test, run in the VM as /kpi-segv. */
int main(void)
{
	volatile int *p = (volatile int *)0x10;

	return *p;
}
