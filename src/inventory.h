/* SPDX-License-Identifier: GPL-2.0-or-later */
/* inventory.h - collect the host's PMUs and CPUs from sysfs. */
#ifndef KPI_INVENTORY_H
#define KPI_INVENTORY_H

#include "model.h"
#include "sysfs.h"

/* Fill the host part of R from ROOT.  LIVE says ROOT is the running
 * system's "/", so uname() may stand in for missing proc files.
 * Malformed values become null facts plus problems; returns 0, or -errno
 * when nothing could be read at all. */
int inventory_collect(struct report *r, const struct sysroot *root, bool live);

#endif
