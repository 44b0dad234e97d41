/* SPDX-License-Identifier: GPL-2.0-or-later */
/* json_in.c - JSON text from elsewhere, parsed strictly: --compare's and
 * --migrate-from's reports (migrate_read.c) and a capture's probe record
 * (probe_record.c) say the same when their JSON is not JSON. */
#include "json_in.h"

#include <stdio.h>
#include <string.h>

#include "oom.h"

struct json_object *json_in_parse(const char *text, size_t len, int depth, char *why,
				  size_t whylen)
{
	struct json_tokener *tok = json_tokener_new_ex(depth);
	struct json_object *root;
	enum json_tokener_error e;

	if (!tok)
		oom();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	root = json_tokener_parse_ex(tok, text, (int)len);
	e = json_tokener_get_error(tok);
	/* json-c 0.16 has no error code for memory: a failed allocation
	 * gives no object and no error. */
	if (!root && e == json_tokener_success)
		oom();
	for (size_t i = json_tokener_get_parse_end(tok); root && i < len; i++)
		if (!strchr(" \t\r\n", text[i])) {
			json_object_put(root);
			root = NULL;
		}
	/* json-c names input that ends inside a value "continue", which
	 * tells a user nothing: an empty or cut-off file. */
	if (!root)
		snprintf(why, whylen, "%s", e == json_tokener_continue
			 ? "it ends before its JSON does: empty or truncated"
			 : e == json_tokener_success ? "text after the JSON value"
			 : json_tokener_error_desc(e));
	json_tokener_free(tok);
	return root;
}
