/* SPDX-License-Identifier: GPL-2.0-or-later */
/* replay.h - --replay: the facts an archive holds besides its sysfs tree.
 * main.c and the fuzz targets run the same steps. */
#ifndef KPI_REPLAY_H
#define KPI_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

#include "memtree.h"
#include "model.h"

/* R is the replay of the archive T, named FILE on the command line:
 * before its inventory is collected. */
void replay_start(struct report *r, const struct memtree *t, const char *file);

/* The archive T as --replay reads it, its inventory already collected in
 * R: KVM's answers and the guest views from its probe record (only the
 * modes with MODES[m], none with NO_VM), or the header from uname.txt when
 * it has none; what the capture could not store (capture-errors.txt) as
 * problems.  Returns 0, or -1 with a one-line reason in ERR when the probe
 * record is refused. */
int replay_gather(struct report *r, const struct memtree *t, const bool modes[MODE_N],
		  bool no_vm, char *err, size_t errlen);

#endif
