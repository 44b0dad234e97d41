/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vcpu_json.h - a guest mode's "vcpu" object (struct vcpu_state), as the
 * JSON report and the probe record both write it, and read back from a
 * report or record of another host. */
#ifndef KPI_VCPU_JSON_H
#define KPI_VCPU_JSON_H

#include <json.h>
#include <stddef.h>

#include "model.h"

/* S as JSON: {"recorded", "why", "features", "reg_list", "pmu_registers"};
 * when S is not recorded, "why" is S's reason, else FALLBACK. */
struct json_object *vcpu_json(const struct vcpu_state *s, const char *fallback);

/* Fill S (cleared first) from O, a stranger's object: every field has one
 * type and a bound, the list is the REG_LIST_ENCODING text, each PMU
 * register is named as sysreg_name() names it and is in the list.  0, or
 * -1 with one line in WHY (S then cleared). */
int vcpu_from_json(struct json_object *o, struct vcpu_state *s, char *why, size_t len);

/* Member KEY of O when it has JSON type T, else NULL (absent, null, or
 * another type). */
struct json_object *jget(struct json_object *o, const char *key, json_type t);
/* A "0x..." string of at most 16 hex digits into *OUT: 0, else -1. */
int jhex_parse(struct json_object *v, uint64_t *out);

#endif
