/* SPDX-License-Identifier: GPL-2.0-or-later */
/* inventory.h - collect the host's PMUs and CPUs from sysfs. */
#ifndef KPI_INVENTORY_H
#define KPI_INVENTORY_H

#include "model.h"
#include "sysfs.h"

/* What a real machine never reaches, so a tree or archive past it is
 * hostile: what lies beyond is left out with one problem saying so.
 * - PMUs: a 2-socket x86 server lists a few hundred (one uncore PMU per
 *   CHA, IMC channel, ... and socket); arm64 servers fewer (Neoverse CMN,
 *   SMMUv3 PMCGs, a handful of core PMUs, one per core type);
 * - events per PMU: arm_pmuv3 publishes one file per architected event it
 *   knows (0x0000-0x003f and 0x4000-0x403f, about 100), uncore PMUs a few
 *   dozen. */
#define INVENTORY_PMUS_MAX 1024
#define INVENTORY_EVENTS_MAX 1024

/* Fill the host part of R from ROOT.  LIVE says ROOT is the running
 * system's "/", so uname() may stand in for missing proc files.
 * Malformed or unreadable values become null facts plus problems, never
 * a failure: returns 0 (out of memory ends the run, oom()). */
int inventory_collect(struct report *r, const struct sysroot *root, bool live);

#endif
