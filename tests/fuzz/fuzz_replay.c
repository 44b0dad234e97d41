/* fuzz_replay.c - libFuzzer target: the --replay reader on hostile input.
 *
 * The first byte picks what the rest is:
 *   0  a .tar.gz archive:  ustar_read_gz()
 *   1  an uncompressed tar: ustar_read()
 *   2  a probe record alone, applied over a small built-in tree (one core
 *      PMU "armv8_pmuv3"), so mutations reach every field of the reader
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

#include "inventory.h"
#include "memtree.h"
#include "model.h"
#include "probe_record.h"
#include "render.h"
#include "sysfs.h"
#include "ustar_read.h"
#include "utf8.h"
#include "verdict.h"

static const char *const base[][2] = {
	{ "sys/bus/event_source/devices/armv8_pmuv3/type", "10\n" },
	{ "sys/bus/event_source/devices/armv8_pmuv3/cpus", "0-1\n" },
	{ "sys/bus/event_source/devices/armv8_pmuv3/caps/slots", "0x00000008\n" },
	{ "sys/bus/event_source/devices/armv8_pmuv3/events/cpu_cycles", "event=0x0011\n" },
	{ "sys/devices/system/cpu/online", "0-1\n" },
	{ "sys/devices/system/cpu/cpu0/regs/identification/midr_el1", "0x00000000000f0510\n" },
	{ "sys/devices/system/cpu/cpu1/regs/identification/midr_el1", "0x00000000000f0510\n" },
	{ "proc/sys/kernel/arch", "aarch64\n" },
	{ "proc/sys/kernel/osrelease", "7.3.4+deb13-arm64\n" },
};

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
	if (!m || render_text(r, m) || render_prometheus(r, m) || render_nfd(r, m) || fclose(m))
		abort();
	free(buf);
}

static void replay(const struct memtree *t, const uint8_t *record, size_t rlen)
{
	static const bool modes[MODE_N] = { true, true };
	struct sysroot root;
	struct report r;
	char err[512];

	report_init(&r);
	r.replay.on = true;
	sysroot_open_mem(&root, t, "fuzz.tar.gz");
	if (inventory_collect(&r, &root, false) == 0) {
		bool dir;
		const struct memtree_node *n = memtree_find(t, PROBE_RECORD_FILE, &dir);

		if (!record && n && !dir) {
			record = n->data;
			rlen = n->len;
		}
		if (!record || probe_record_read(&r, (const char *)record, rlen, modes, false, err,
						 sizeof(err)) == 0) {
			if (verdict_compute(&r))
				abort();
			render_all(&r);
		} else if (!err[0] || strchr(err, '\n')) {
			abort();        /* a refusal is one line */
		}
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
		ret = ustar_read_gz(data + 1, size - 1, &t, err, sizeof(err));
		break;
	case 1:
		ret = ustar_read(data + 1, size - 1, &t, err, sizeof(err));
		break;
	default:
		for (size_t i = 0; i < sizeof(base) / sizeof(base[0]); i++)
			if (memtree_add(&t, base[i][0], false, base[i][1], strlen(base[i][1])))
				abort();
		ret = memtree_seal(&t, &(const char *){ NULL });
		if (ret)
			abort();
		replay(&t, data + 1, size - 1);
		memtree_free(&t);
		return 0;
	}
	if (ret == 0)
		replay(&t, NULL, 0);
	else if (!err[0] || strchr(err, '\n'))
		abort();
	memtree_free(&t);
	return 0;
}
