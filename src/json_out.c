/* SPDX-License-Identifier: GPL-2.0-or-later */
/* json_out.c - see json_out.h. */
#include "json_out.h"

#include <stdio.h>
#include <stdlib.h>

#include "utf8.h"

struct json_object *jstr(const char *s)
{
	struct json_object *o;
	char *clean;

	if (!s)
		return NULL;
	clean = utf8_sanitize(s);
	o = json_object_new_string(clean ? clean : "");
	free(clean);
	return o;
}

struct json_object *jhex(uint64_t v)
{
	char b[24];

	snprintf(b, sizeof(b), "0x%llx", (unsigned long long)v);
	return json_object_new_string(b);
}
