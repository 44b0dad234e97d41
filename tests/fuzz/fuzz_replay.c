/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_replay.c - libFuzzer target: the --replay reader on hostile input.
 *
 * The first byte picks what the rest is:
 *   0  a .tar.gz archive:  tar_read_gz()
 *   1  an uncompressed tar: tar_read()
 *   2  a probe record alone, applied to a small report built here (one
 *      core PMU "armv8_pmuv3", no inventory run, so it goes fast), so
 *      mutations reach every field of the record reader
 * An archive that parses goes on as --replay does: inventory_collect() on
 * the in-memory tree, probe_record_read() of its probe.json when there is
 * one, verdict_compute(), render_json() (which must parse as JSON and be
 * valid UTF-8) and render_text().  ASan/UBSan watch the rest. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpulist.h"
#include "inventory.h"
#include "memtree.h"
#include "model.h"
#include "probe_record.h"
#include "render.h"
#include "sysfs.h"
#include "tar.h"
#include "utf8.h"
#include "verdict.h"

/* The host part of a 7.3.4 VM's report, as the inventory would fill it. */
static void small_report(struct report *r)
{
	struct pmu *p = calloc(1, sizeof(*p));

	if (!p)
		abort();
	report_init(r);
	r->arm64 = true;
	r->kernel.s = strdup("7.3.4+deb13-arm64");
	r->arch.s = strdup("aarch64");
	r->pmus = p;
	r->npmus = 1;
	p->name = strdup("armv8_pmuv3");
	p->core = true;
	nval_set(&p->type, 10);
	nval_set(&p->slots, 8);
	p->cpus.s = strdup("0-1");
	cpuset_add(&p->cpuset, 0);
	cpuset_add(&p->cpuset, 1);
	cpuset_add(&r->online, 0);
	cpuset_add(&r->online, 1);
}

static int valid_utf8(const char *s, size_t n)
{
	char *c = utf8_sanitize(s);
	int ok = c && strlen(c) == n && !memcmp(c, s, n);

	free(c);
	return ok;
}

static void render_all(const struct report *r)
{
	char *buf = NULL;
	size_t blen = 0;
	json_object *j;
	FILE *m = open_memstream(&buf, &blen);

	if (!m || render_json(r, m, false) || fclose(m))
		abort();
	if (!valid_utf8(buf, blen) || !(j = json_tokener_parse(buf)))
		abort();
	json_object_put(j);
	free(buf);
	buf = NULL;
	m = open_memstream(&buf, &blen);
	if (!m || render_text(r, m, &(struct text_opts){ .width = 100 }) || render_prometheus(r, m) || render_nfd(r, m) || fclose(m))
		abort();
	free(buf);
}

static const bool modes[MODE_N] = { true, true };

/* The record applied to R, then judged and rendered. */
static void apply(struct report *r, const uint8_t *record, size_t rlen)
{
	char err[512] = "";

	r->replay.on = true;
	if (!record || probe_record_read(r, (const char *)record, rlen, modes, false, err,
					 sizeof(err)) == 0) {
		if (verdict_compute(r))
			abort();
		render_all(r);
	} else if (!err[0] || strchr(err, '\n')) {
		abort();        /* a refusal is one line */
	}
}

static void replay(const struct memtree *t)
{
	struct sysroot root;
	struct report r;

	report_init(&r);
	sysroot_open_mem(&root, t, "fuzz.tar.gz");
	if (inventory_collect(&r, &root, false) == 0) {
		bool dir;
		const struct memtree_node *n = memtree_find(t, PROBE_RECORD_FILE, &dir);

		apply(&r, n && !dir ? n->data : NULL, n && !dir ? n->len : 0);
	}
	report_free(&r);
	sysroot_close(&root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct memtree t;
	char err[512] = "";
	int ret;

	if (!size || size > 256 * 1024)
		return 0;
	memtree_init(&t);
	switch (data[0] % 3) {
	case 0:
		ret = tar_read_gz(data + 1, size - 1, &t, err, sizeof(err));
		break;
	case 1:
		ret = tar_read(data + 1, size - 1, &t, err, sizeof(err));
		break;
	default: {
		struct report r;

		small_report(&r);
		apply(&r, data + 1, size - 1);
		report_free(&r);
		return 0;
	}
	}
	if (ret == 0)
		replay(&t);
	else if (!err[0] || strchr(err, '\n'))
		abort();
	memtree_free(&t);
	return 0;
}
