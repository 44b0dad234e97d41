/* SPDX-License-Identifier: GPL-2.0-or-later */
/* json_out.h - JSON values from untrusted text, shared by the report and the
 * probe record writers. */
#ifndef KPI_JSON_OUT_H
#define KPI_JSON_OUT_H

#include <json.h>
#include <stdint.h>

#include "model.h"

/* S as a JSON string made valid UTF-8 (names come from directory entries
 * and file contents, so the output always parses); NULL (JSON null) for a
 * NULL S. */
struct json_object *jstr(const char *s);
/* V as a "0x..." string: 64-bit registers do not survive a double. */
struct json_object *jhex(uint64_t v);

/* An errno as the report and the probe record write it: its name
 * ("ENOENT"), null for 0. */
struct json_object *jerrno(int err);

/* How a fact that may be absent is written: integer, hex string, boolean. */
enum jnval { JNV_INT, JNV_HEX, JNV_BOOL };
/* Add KEY to O: N's value as K, or null, its reason then added to REASONS
 * under KEY (when REASONS is not NULL). */
void json_add_nval(struct json_object *o, struct json_object *reasons, const char *key,
		   const struct nval *n, enum jnval k);

#endif
