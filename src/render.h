/* render.h - renderers: each reads the report and writes one format. */
#ifndef KPI_RENDER_H
#define KPI_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "model.h"

int render_text(const struct report *r, FILE *out);
int render_json(const struct report *r, FILE *out, bool pretty);

const char *kvm_status_name(enum kvm_status s);
const char *mode_status_name(enum mode_status s);
const char *verdict_code_name(enum verdict_code c);

#endif
