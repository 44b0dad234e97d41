/* SPDX-License-Identifier: GPL-2.0-or-later */
/* json_in.h - JSON text from elsewhere (a report, a capture's probe.json),
 * parsed strictly. */
#ifndef KPI_JSON_IN_H
#define KPI_JSON_IN_H

#include <json.h>
#include <stddef.h>

/* TEXT (LEN bytes, no NUL byte) as one JSON value nested at most DEPTH
 * deep, in json-c's strict mode, with nothing after it but white space.
 * NULL, with why not in WHY, otherwise.  Out of memory ends the run
 * (oom()). */
struct json_object *json_in_parse(const char *text, size_t len, int depth, char *why,
				  size_t whylen);

#endif
