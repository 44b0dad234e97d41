/* SPDX-License-Identifier: GPL-2.0-or-later */
/* json_out.c - see json_out.h. */
#include "json_out.h"

#include <stdio.h>
#include <stdlib.h>

#include "utf8.h"
#include "util.h"

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

struct json_object *jerrno(int err)
{
	return err ? json_object_new_string(errno_name(err)) : NULL;
}

void json_add_nval(struct json_object *o, struct json_object *reasons, const char *key,
		   const struct nval *n, enum jnval k)
{
	struct json_object *v = NULL;

	if (n->set)
		v = k == JNV_HEX ? jhex(n->v) : k == JNV_BOOL ? json_object_new_boolean(n->v != 0)
			: json_object_new_uint64(n->v);
	else if (reasons)
		json_object_object_add(reasons, key, jstr(n->why));
	json_object_object_add(o, key, v);
}
