/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fixture.h - the unit tests' way to a report from a fixture under
 * $srcdir/tests/fixtures, to a renderer's output as a string, and to a
 * line of it. */
#ifndef KPI_TEST_FIXTURE_H
#define KPI_TEST_FIXTURE_H

#include <stdbool.h>
#include <stdio.h>

#include "model.h"

typedef int (*renderer)(const struct report *, FILE *);

/* $srcdir/tests/fixtures (srcdir "." when unset). */
const char *fixture_dir(void);

/* The host part of fixture NAME into R (report_init first), as
 * --sysfs-root collects it: no KVM probe, no verdict.  0 or -1. */
int fixture_collect(struct report *r, const char *name);

/* R rendered by FN, malloc'ed; NULL when the renderer failed. */
char *render_str(const struct report *r, renderer fn);

/* TEXT has LINE as a whole line. */
bool has_line(const char *text, const char *line);

#endif
