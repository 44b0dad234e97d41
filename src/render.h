/* SPDX-License-Identifier: GPL-2.0-or-later */
/* render.h - renderers: each reads the report and writes one format. */
#ifndef KPI_RENDER_H
#define KPI_RENDER_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "model.h"

/* JSON schema_version: 2 added the verdicts' strict/default/needs-VMM
 * answers and next_step (man page OUTPUT, changelog). */
#define SCHEMA_VERSION 2

struct text_opts {
	bool all;                /* every PMU in full, not only the core ones */
	bool quiet;              /* the verdict lines alone */
	enum check_kind check;   /* --check=default: the default guests' lines lead */
	bool verbose;            /* -v: every strict-contract check */
	int width;               /* wrap longer lines; 0: never */
};

int render_text(const struct report *r, FILE *out, const struct text_opts *o);
int render_json(const struct report *r, FILE *out, bool pretty);
int render_prometheus(const struct report *r, FILE *out);
int render_nfd(const struct report *r, FILE *out);
/* With EXPIRY > 0, NFD's "# +expiry-time=" directive (RFC 3339, UTC). */
int render_nfd_expiry(const struct report *r, FILE *out, time_t expiry);

#endif
