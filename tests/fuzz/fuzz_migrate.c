/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_migrate.c - libFuzzer target: the report reader of --migrate-from
 * and --compare (migrate_read) on hostile input, a report from another
 * host.  The first byte picks how the rest is read:
 *   even  as the report file's bytes (JSON text, or a .tar.gz capture);
 *   odd   as a report's JSON text, split at its first NUL into two reports,
 *         the source and the destination, so the prediction meets two
 *         mutated register lists.
 * A report that reads is compared with itself (and with the other), and
 * the answer rendered: the JSON must parse and be valid UTF-8, a refusal
 * must be one line.  ASan/UBSan watch the rest. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migrate.h"
#include "migrate_read.h"
#include "model.h"
#include "render_migrate.h"
#include "utf8.h"

static void render_both(const struct migration *m)
{
	char *buf = NULL, *clean;
	size_t len = 0;
	json_object *j;
	FILE *f = open_memstream(&buf, &len);

	if (!f || render_migration_json(m, f, false) || fclose(f))
		abort();
	clean = utf8_sanitize(buf);
	if (!clean || strcmp(clean, buf) || !(j = json_tokener_parse(buf)))
		abort();
	json_object_put(j);
	free(clean);
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	if (!f || render_migration_text(m, f) || fclose(f))
		abort();
	free(buf);
}

static int read_one(const uint8_t *data, size_t size, struct report *r)
{
	char err[512] = "";

	report_init(r);
	if (!migrate_read(data, size, r, err, sizeof(err)))
		return 0;
	if (!err[0] || strchr(err, '\n'))
		abort();          /* a refusal is one line */
	return -1;
}

static void compare(const struct report *a, const struct report *b)
{
	struct migration m = { 0 };

	if (mig_predict(&m, a, b))
		abort();
	mig_check_status(&m);
	render_both(&m);
	migration_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report a, b;
	const uint8_t *nul;
	size_t la;

	if (!size || size > 512 * 1024)
		return 0;
	if (!(data[0] & 1)) {
		if (!read_one(data + 1, size - 1, &a))
			compare(&a, &a);
		report_free(&a);
		return 0;
	}
	nul = memchr(data + 1, '\0', size - 1);
	la = nul ? (size_t)(nul - data - 1) : size - 1;
	report_init(&b);
	if (!read_one(data + 1, la, &a) &&
	    !read_one(nul ? nul + 1 : data + size, nul ? size - la - 2 : 0, &b)) {
		compare(&a, &b);
		compare(&b, &a);
	}
	report_free(&a);
	report_free(&b);
	return 0;
}
