/* SPDX-License-Identifier: GPL-2.0-or-later */
/* json_out.h - JSON values from untrusted text, shared by the report and the
 * probe record writers. */
#ifndef KPI_JSON_OUT_H
#define KPI_JSON_OUT_H

#include <json.h>
#include <stdint.h>

/* S as a JSON string made valid UTF-8 (names come from directory entries
 * and file contents, so the output always parses); NULL (JSON null) for a
 * NULL S. */
struct json_object *jstr(const char *s);
/* V as a "0x..." string: 64-bit registers do not survive a double. */
struct json_object *jhex(uint64_t v);

#endif
