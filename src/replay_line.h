/* SPDX-License-Identifier: GPL-2.0-or-later */
/* replay_line.h - the one line every format prints for a --replay. */
#ifndef KPI_REPLAY_LINE_H
#define KPI_REPLAY_LINE_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

/* For a --replay: "replay of FILE: captured AT on host H (kernel K) by
 * kvm-pmu-info V; analysed by kvm-pmu-info THIS", control bytes replaced,
 * into BUF.  False when the report is not a replay. */
bool report_replay_line(const struct report *r, char *buf, size_t len);

#endif
