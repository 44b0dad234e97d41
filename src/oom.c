/* SPDX-License-Identifier: GPL-2.0-or-later */
/* oom.c - see oom.h. */
#include "oom.h"

#include <unistd.h>

/* write(2) and _exit(2): printing needs no memory, and what stdio holds
 * (the report is rendered to memory and written whole, so at most a part
 * of something) is dropped rather than flushed. */
_Noreturn void oom(void)
{
	static const char msg[] = "kvm-pmu-info: out of memory\n";

	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0) {
		/* nothing left to tell it with */
	}
	_exit(1);
}
