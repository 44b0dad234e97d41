/* SPDX-License-Identifier: GPL-2.0-or-later */
/* json_out.c - see json_out.h. */
#include "json_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oom.h"
#include "utf8.h"
#include "util.h"

static struct json_object *checked(struct json_object *o)
{
	if (!o)
		oom();
	return o;
}

struct json_object *jobject(void)
{
	return checked(json_object_new_object());
}

struct json_object *jarray(void)
{
	return checked(json_object_new_array());
}

struct json_object *jstring(const char *s)
{
	return checked(json_object_new_string(s));
}

struct json_object *jbool(int b)
{
	return checked(json_object_new_boolean(b));
}

struct json_object *jint(int64_t v)
{
	return checked(json_object_new_int64(v));
}

struct json_object *juint(uint64_t v)
{
	return checked(json_object_new_uint64(v));
}

void jadd(struct json_object *o, const char *key, struct json_object *v)
{
	if (json_object_object_add(o, key, v))
		oom();
}

void jpush(struct json_object *a, struct json_object *v)
{
	if (json_object_array_add(a, v))
		oom();
}

/* json_escape_str() of json-c 0.16: the two-character escapes, other
 * control bytes as \u00xx, '/' kept (NOSLASHESCAPE), the rest as is. */
static void print_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		static const char from[] = "\b\n\r\t\f\"\\", to[] = "bnrtf\"\\";
		const char *e = strchr(from, *p);

		if (e)
			fprintf(out, "\\%c", to[e - from]);
		else if (*p < ' ')
			fprintf(out, "\\u00%02x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

static void indent(FILE *out, int level, bool pretty)
{
	for (int i = 0; pretty && i < level; i++)
		fputs("  ", out);
}

static void print_value(FILE *out, struct json_object *o, int level, bool pretty);

/* A member or an element: the separator, the indent, KEY when not NULL. */
static void print_item(FILE *out, bool first, int level, bool pretty, const char *key)
{
	if (!first)
		fputc(',', out);
	if (!first && pretty)
		fputc('\n', out);
	indent(out, level, pretty);
	if (key) {
		print_string(out, key);
		fputs(pretty ? ": " : ":", out);
	}
}

static void print_close(FILE *out, bool empty, int level, bool pretty, char c)
{
	if (pretty && !empty)
		fputc('\n', out);
	indent(out, level, pretty);
	fputc(c, out);
}

static void print_value(FILE *out, struct json_object *o, int level, bool pretty)
{
	bool first = true;
	int64_t i;

	switch (json_object_get_type(o)) {
	case json_type_null:
		fputs("null", out);
		break;
	case json_type_boolean:
		fputs(json_object_get_boolean(o) ? "true" : "false", out);
		break;
	case json_type_int:
		/* A uint64 above INT64_MAX reads as INT64_MAX through int64. */
		i = json_object_get_int64(o);
		if (i == INT64_MAX)
			fprintf(out, "%llu", (unsigned long long)json_object_get_uint64(o));
		else
			fprintf(out, "%lld", (long long)i);
		break;
	case json_type_string:
		print_string(out, json_object_get_string(o));
		break;
	case json_type_object:
		fputs(pretty ? "{\n" : "{", out);
		json_object_object_foreach(o, key, v) {
			print_item(out, first, level + 1, pretty, key);
			print_value(out, v, level + 1, pretty);
			first = false;
		}
		print_close(out, first, level, pretty, '}');
		break;
	case json_type_array:
		fputs(pretty ? "[\n" : "[", out);
		for (size_t k = 0; k < json_object_array_length(o); k++) {
			print_item(out, first, level + 1, pretty, NULL);
			print_value(out, json_object_array_get_idx(o, k), level + 1, pretty);
			first = false;
		}
		print_close(out, first, level, pretty, ']');
		break;
	case json_type_double:
		/* The report has no fractional number. */
		fprintf(out, "%.17g", json_object_get_double(o));
		break;
	}
}

void json_print(FILE *out, struct json_object *o, bool pretty)
{
	print_value(out, o, 0, pretty);
}

int json_emit(FILE *out, struct json_object *root, bool pretty)
{
	int ret = 0;

	json_print(out, root, pretty);
	if (fputc('\n', out) == EOF || ferror(out))
		ret = -1;
	json_object_put(root);
	return ret;
}

struct json_object *jstr(const char *s)
{
	struct json_object *o;
	char *clean;

	if (!s)
		return NULL;
	clean = utf8_sanitize(s);
	o = jstring(clean);
	free(clean);
	return o;
}

struct json_object *jhex(uint64_t v)
{
	char b[24];

	snprintf(b, sizeof(b), "0x%llx", (unsigned long long)v);
	return jstring(b);
}

struct json_object *jerrno(int err)
{
	return err ? jstring(errno_name(err)) : NULL;
}

void json_add_nval(struct json_object *o, struct json_object *reasons, const char *key,
		   const struct nval *n, enum jnval k)
{
	struct json_object *v = NULL;

	if (n->set)
		v = k == JNV_HEX ? jhex(n->v) : k == JNV_BOOL ? jbool(n->v != 0)
			: juint(n->v);
	else if (reasons)
		jadd(reasons, key, jstr(n->why));
	jadd(o, key, v);
}
