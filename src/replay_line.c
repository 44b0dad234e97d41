/* SPDX-License-Identifier: GPL-2.0-or-later */
/* replay_line.c - see replay_line.h; apart from model.c, which builds
 * without config.h (scripts/bench/bench-predict.c compiles it alone). */
#include "replay_line.h"

#include <stdio.h>

#include "util.h"

bool report_replay_line(const struct report *r, char *buf, size_t len)
{
	const struct replay_info *ri = &r->replay;
	char line[1024];

	if (!ri->on)
		return false;
	snprintf(line, sizeof(line), "replay of %s: captured %s on host %s (kernel %s) by kvm-pmu-info %s; "
		 "analysed by kvm-pmu-info %s%s", ri->file, ri->captured_at[0] ? ri->captured_at : "?",
		 ri->host[0] ? ri->host : "?", ri->kernel[0] ? ri->kernel : "?",
		 ri->version[0] ? ri->version : "?", PACKAGE_VERSION,
		 ri->no_config ? "; no kernel config was readable there" : "");
	/* The fields come from a stranger's archive: one line, always. */
	scrub_controls(buf, len, line, false);
	return true;
}
