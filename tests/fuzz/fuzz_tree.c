/* fuzz_tree.c - libFuzzer target: a whole sysfs root built from the input,
 * then inventory_collect() + verdict_compute() + render_json()/render_text().
 *
 * Input: one flag byte, then fields separated by 0x1e (ASCII RS):
 *   0 PMU name     1 type       2 cpus (or cpumask)   3 caps/slots
 *   4 cpu/online   5 cpu0 midr_el1   6 cpu1 midr_el1  7 caps/bus_slots
 *   8 event name   9 event name  10 second PMU name   11 proc arch
 *   12 proc osrelease
 * Values are written byte for byte (NULs included).  Flag bits turn files
 * into other things:  0x01 type is a directory, 0x02 cpus is a FIFO,
 * 0x04 caps/slots is a symlink loop, 0x08 no cpu/online, 0x10 events is a
 * file, 0x20 cpumask instead of cpus, 0x40 no proc/sys/kernel/arch,
 * 0x80 the devices directory is a symlink to a real one (as in sysfs).
 * The JSON must parse (json_tokener_parse) and be valid UTF-8; the text
 * report must render (and be valid UTF-8 with KPI_FUZZ_TEXT_UTF8=1);
 * ASan/UBSan watch the rest.  The tree
 * lives in /dev/shm (tmpfs) when it exists. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inventory.h"
#include "model.h"
#include "render.h"
#include "sysfs.h"
#include "utf8.h"
#include "verdict.h"

#define NFIELDS 13

static char base[256];

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(p);
}

static void rm_tree(const char *p)
{
	nftw(p, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void mkdirs(const char *path)
{
	char tmp[4096];

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (char *p = tmp + strlen(base) + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(tmp, 0755);
			*p = '/';
		}
	mkdir(tmp, 0755);
}

static void put(const char *root, const char *rel, const uint8_t *v, size_t n)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return;
	if (n && write(fd, v, n) < 0) {
		/* ignore: the file is just shorter */
	}
	close(fd);
}

/* A directory entry name from a field: no '/', not "", ".", "..", and short. */
static void name_from(char *out, size_t len, const uint8_t *v, size_t n, const char *dflt)
{
	size_t o = 0;

	for (size_t i = 0; i < n && o + 1 < len && o < 200; i++)
		if (v[i] != '/' && v[i] != '\0')
			out[o++] = (char)v[i];
	out[o] = '\0';
	if (!o || !strcmp(out, ".") || !strcmp(out, ".."))
		snprintf(out, len, "%s", dflt);
}

static int valid_utf8(const char *s, size_t n)
{
	char *c = utf8_sanitize(s);
	int ok = c && strlen(c) == n && !memcmp(c, s, n);

	free(c);
	return ok;
}

static void cleanup(void)
{
	rm_tree(base);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	snprintf(base, sizeof(base), "%s/kpi-fuzz-tree.XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(base))
		abort();
	atexit(cleanup);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *f[NFIELDS] = { 0 };
	size_t fl[NFIELDS] = { 0 };
	unsigned flags = size ? data[0] : 0;
	char root[512], dev[1024], pmu[256], pmu2[256], ev[256], p[2048];
	struct sysroot sr;
	struct report r;
	char *buf = NULL;
	size_t blen = 0;
	FILE *m;
	int nf = 0;

	if (size > 64 * 1024)
		return 0;
	/* Split into fields. */
	if (size) {
		size_t start = 1;

		for (size_t i = 1; i <= size && nf < NFIELDS; i++)
			if (i == size || data[i] == 0x1e) {
				f[nf] = data + start;
				fl[nf++] = i - start;
				start = i + 1;
			}
	}
	snprintf(root, sizeof(root), "%s/r", base);
	rm_tree(root);
	mkdir(root, 0755);

	snprintf(dev, sizeof(dev), "%s/sys/bus/event_source/devices", root);
	if (flags & 0x80) {
		/* devices -> ../../devices/pmus, the real tree elsewhere */
		snprintf(p, sizeof(p), "%s/sys/devices/pmus", root);
		mkdirs(p);
		snprintf(p, sizeof(p), "%s/sys/bus/event_source", root);
		mkdirs(p);
		if (symlink("../../devices/pmus", dev) < 0)
			abort();
		snprintf(dev, sizeof(dev), "%s/sys/devices/pmus", root);
	}
	name_from(pmu, sizeof(pmu), f[0], fl[0], "armv8_pmuv3");
	snprintf(p, sizeof(p), "%s/%s/caps", dev, pmu);
	mkdirs(p);
	snprintf(p, sizeof(p), "%s/sys/devices/system/cpu/cpu0/regs/identification", root);
	mkdirs(p);
	snprintf(p, sizeof(p), "%s/sys/devices/system/cpu/cpu1/regs/identification", root);
	mkdirs(p);
	snprintf(p, sizeof(p), "%s/proc/sys/kernel", root);
	mkdirs(p);

	/* Paths below relative to root; DEVREL is where the PMU dirs are. */
	{
		const char *devrel = flags & 0x80 ? "sys/devices/pmus" : "sys/bus/event_source/devices";
		char rel[1024];

		snprintf(rel, sizeof(rel), "%s/%s/type", devrel, pmu);
		if (flags & 0x01) {
			snprintf(p, sizeof(p), "%s/%s", root, rel);
			mkdir(p, 0755);
		} else
			put(root, rel, f[1] ? f[1] : (const uint8_t *)"10\n", f[1] ? fl[1] : 3);

		snprintf(rel, sizeof(rel), "%s/%s/%s", devrel, pmu, flags & 0x20 ? "cpumask" : "cpus");
		if (flags & 0x02) {
			snprintf(p, sizeof(p), "%s/%s", root, rel);
			mkfifo(p, 0644);
		} else
			put(root, rel, f[2] ? f[2] : (const uint8_t *)"0-1\n", f[2] ? fl[2] : 4);

		snprintf(rel, sizeof(rel), "%s/%s/caps/slots", devrel, pmu);
		if (flags & 0x04) {
			snprintf(p, sizeof(p), "%s/%s", root, rel);
			if (symlink("slots", p) < 0)
				abort();
		} else if (f[3])
			put(root, rel, f[3], fl[3]);
		if (f[7]) {
			snprintf(rel, sizeof(rel), "%s/%s/caps/bus_slots", devrel, pmu);
			put(root, rel, f[7], fl[7]);
		}

		snprintf(rel, sizeof(rel), "%s/%s/events", devrel, pmu);
		if (flags & 0x10)
			put(root, rel, (const uint8_t *)"x", 1);
		else {
			snprintf(p, sizeof(p), "%s/%s", root, rel);
			mkdir(p, 0755);
			for (int k = 8; k <= 9; k++)
				if (f[k]) {
					name_from(ev, sizeof(ev), f[k], fl[k], "cpu_cycles");
					snprintf(rel, sizeof(rel), "%s/%s/events/%s", devrel, pmu, ev);
					put(root, rel, (const uint8_t *)"event=0x11\n", 11);
				}
		}
		if (f[10]) {
			name_from(pmu2, sizeof(pmu2), f[10], fl[10], "software");
			snprintf(p, sizeof(p), "%s/%s/%s", root, devrel, pmu2);
			mkdir(p, 0755);
			snprintf(rel, sizeof(rel), "%s/%s/type", devrel, pmu2);
			put(root, rel, (const uint8_t *)"1\n", 2);
		}
	}
	if (!(flags & 0x08))
		put(root, "sys/devices/system/cpu/online", f[4] ? f[4] : (const uint8_t *)"0-1\n",
		    f[4] ? fl[4] : 4);
	put(root, "sys/devices/system/cpu/cpu0/regs/identification/midr_el1",
	    f[5] ? f[5] : (const uint8_t *)"0x00000000410fd4f0\n", f[5] ? fl[5] : 19);
	if (f[6])
		put(root, "sys/devices/system/cpu/cpu1/regs/identification/midr_el1", f[6], fl[6]);
	if (!(flags & 0x40))
		put(root, "proc/sys/kernel/arch", f[11] ? f[11] : (const uint8_t *)"aarch64\n",
		    f[11] ? fl[11] : 8);
	if (f[12])
		put(root, "proc/sys/kernel/osrelease", f[12], fl[12]);

	/* The code under test. */
	if (sysroot_open(&sr, root))
		abort();
	report_init(&r);
	if (inventory_collect(&r, &sr, false) == 0) {
		json_object *j;

		if (verdict_compute(&r))
			abort();
		m = open_memstream(&buf, &blen);
		if (!m || render_json(&r, m, (flags & 1) != 0) || fclose(m))
			abort();
		if (!valid_utf8(buf, blen))
			abort();
		j = json_tokener_parse(buf);
		if (!j)
			abort();
		json_object_put(j);
		free(buf);
		buf = NULL;
		m = open_memstream(&buf, &blen);
		if (!m || render_text(&r, m) || fclose(m))
			abort();
		/* Text is for terminals: valid UTF-8 only checked on request
		 * (KPI_FUZZ_TEXT_UTF8=1), as reasons are printed raw today. */
		if (getenv("KPI_FUZZ_TEXT_UTF8") && !valid_utf8(buf, blen))
			abort();
		free(buf);
	}
	report_free(&r);
	sysroot_close(&sr);
	return 0;
}
