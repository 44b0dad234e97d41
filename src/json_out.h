/* SPDX-License-Identifier: GPL-2.0-or-later */
/* json_out.h - JSON values from untrusted text, shared by the report and the
 * probe record writers. */
#ifndef KPI_JSON_OUT_H
#define KPI_JSON_OUT_H

#include <json.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"

/* json-c's constructors and adders, each checked: json-c allocates with
 * malloc and answers NULL or -1 when it cannot, so these end the run
 * through oom() instead (a NULL passed on would be written as null, or
 * abort json-c). */
struct json_object *jobject(void);
struct json_object *jarray(void);
struct json_object *jstring(const char *s);
struct json_object *jbool(int b);
struct json_object *jint(int64_t v);
struct json_object *juint(uint64_t v);
/* Add V (NULL: JSON null) under KEY to the object O / to the array A. */
void jadd(struct json_object *o, const char *key, struct json_object *v);
void jpush(struct json_object *a, struct json_object *v);

/* O as JSON text to OUT, byte for byte what json-c 0.16's
 * json_object_to_json_string_ext() prints with JSON_C_TO_STRING_PLAIN or,
 * PRETTY, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED, both with
 * JSON_C_TO_STRING_NOSLASHESCAPE.  json-c's printer drops text silently
 * when its buffer cannot grow (a key printed as "", and no error); here a
 * failed write sets OUT's error flag for the caller's check. */
void json_print(FILE *out, struct json_object *o, bool pretty);
/* ROOT as one JSON document (json_print and a newline) to OUT, then
 * ROOT freed; -1 when the write failed. */
int json_emit(FILE *out, struct json_object *root, bool pretty);

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
