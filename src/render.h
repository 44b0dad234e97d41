/* render.h - renderers: each reads the report and writes one format. */
#ifndef KPI_RENDER_H
#define KPI_RENDER_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "model.h"

int render_text(const struct report *r, FILE *out);
int render_json(const struct report *r, FILE *out, bool pretty);
int render_prometheus(const struct report *r, FILE *out);
int render_nfd(const struct report *r, FILE *out);
/* With EXPIRY > 0, NFD's "# +expiry-time=" directive (RFC 3339, UTC). */
int render_nfd_expiry(const struct report *r, FILE *out, time_t expiry);

const char *kvm_status_name(enum kvm_status s);
const char *mode_status_name(enum mode_status s);
const char *verdict_code_name(enum verdict_code c);

#endif
