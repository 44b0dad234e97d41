/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_tree.c - libFuzzer target: a whole sysfs root built from the input,
 * then inventory_collect() and fuzz_pipeline() (pipeline.c: analysis_run()
 * and all four renderers, each output checked).
 *
 * Input: one flag byte, then fields separated by 0x1e (ASCII RS):
 *   0 PMU name     1 type       2 cpus (or cpumask)   3 caps/slots
 *   4 cpu/online   5 cpu0 midr_el1   6 cpu1 midr_el1  7 caps/bus_slots
 *   8 event name   9 event name  10 second PMU name   11 proc arch
 *   12 proc osrelease  13 byte 0: the text layout and pretty JSON; bytes
 *   1-2, when there: K - 1 (little endian), and the run is in the
 *   allocation-failure mode (alloc_fail.c), the Kth allocation failing
 * Values are written byte for byte (NULs included).  Flag bits turn files
 * into other things:  0x01 type is a directory, 0x02 cpus is a FIFO,
 * 0x04 caps/slots is a symlink loop, 0x08 no cpu/online, 0x10 events is a
 * file, 0x20 cpumask instead of cpus, 0x40 no proc/sys/kernel/arch,
 * 0x80 the devices directory is a symlink to a real one (as in sysfs).
 * pipeline.c says what each output must be; ASan/UBSan watch the rest.
 *
 * The tree is first a list of nodes, then either an in-memory tree behind
 * the sysroot API (memtree.h, what --replay reads; the default: ~10x the
 * executions per second) or, with KPI_FUZZ_TREE=disk, real files in
 * /dev/shm (tmpfs) when it exists.  In memory there are no FIFOs or
 * symlinks: a FIFO becomes a directory (sysfs_read says -EISDIR to both),
 * the symlink loop is left out and the symlinked devices directory is a
 * plain one; the disk mode keeps them for the kernel's own answers. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc_fail.h"
#include "inventory.h"
#include "memtree.h"
#include "model.h"
#include "pipeline.h"
#include "sysfs.h"

#define NFIELDS 14

static char base[256];
static bool on_disk;            /* KPI_FUZZ_TREE=disk */

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

static void cleanup(void)
{
	rm_tree(base);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	on_disk = getenv("KPI_FUZZ_TREE") && !strcmp(getenv("KPI_FUZZ_TREE"), "disk");
	snprintf(base, sizeof(base), "%s/kpi-fuzz-tree.XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(base))
		abort();
	atexit(cleanup);
	return 0;
}

enum kind { K_FILE, K_DIR, K_FIFO, K_LOOP };

struct node {
	char rel[1024];
	enum kind kind;
	const uint8_t *data;
	size_t len;
};

static struct node nodes[32];
static int nnodes;

/* A node at REL (formatted); the first one at a path wins. */
__attribute__((format(printf, 4, 5)))
static void add(enum kind kind, const uint8_t *data, size_t len, const char *fmt, ...)
{
	struct node *n = &nodes[nnodes];
	va_list ap;

	if (nnodes == (int)(sizeof(nodes) / sizeof(nodes[0])))
		abort();
	va_start(ap, fmt);
	vsnprintf(n->rel, sizeof(n->rel), fmt, ap);
	va_end(ap);
	for (int i = 0; i < nnodes; i++)
		if (!strcmp(nodes[i].rel, n->rel))
			return;
	n->kind = kind;
	n->data = data;
	n->len = len;
	nnodes++;
}

/* The nodes as files below ROOT; DEVICES_LINK: the devices directory is a
 * symlink to sys/devices/pmus, as in sysfs. */
static void to_disk(const char *root, bool devices_link)
{
	char p[2048];

	rm_tree(root);
	mkdir(root, 0755);
	if (devices_link) {
		snprintf(p, sizeof(p), "%s/sys/devices/pmus", root);
		mkdirs(p);
		snprintf(p, sizeof(p), "%s/sys/bus/event_source", root);
		mkdirs(p);
		snprintf(p, sizeof(p), "%s/sys/bus/event_source/devices", root);
		if (symlink("../../devices/pmus", p) < 0)
			abort();
	}
	for (int i = 0; i < nnodes; i++) {
		const struct node *n = &nodes[i];
		char *slash;

		snprintf(p, sizeof(p), "%s/%s", root, n->rel);
		slash = strrchr(p, '/');
		*slash = '\0';
		mkdirs(p);
		*slash = '/';
		if (n->kind == K_DIR)
			mkdir(p, 0755);
		else if (n->kind == K_FIFO)
			mkfifo(p, 0644);
		else if (n->kind == K_LOOP && symlink(slash + 1, p) < 0)
			abort();
		else if (n->kind == K_FILE)
			put(root, n->rel, n->data, n->len);
	}
}

/* The nodes as an in-memory tree; false when it cannot hold them (a file
 * that is also a parent). */
static bool to_memory(struct memtree *t)
{
	const char *which;

	memtree_init(t);
	for (int i = 0; i < nnodes; i++) {
		const struct node *n = &nodes[i];

		if (n->kind != K_LOOP &&
		    memtree_add(t, n->rel, n->kind != K_FILE, n->data, n->kind == K_FILE ? n->len : 0))
			abort();
	}
	return memtree_seal(t, &which) == 0;
}

/* The code under test. */
static void under_test(const struct sysroot *sr, unsigned variant)
{
	struct report r;

	report_init(&r);
	if (inventory_collect(&r, sr, false) == 0)
		fuzz_pipeline(&r, variant);
	report_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *f[NFIELDS] = { 0 };
	size_t fl[NFIELDS] = { 0 };
	unsigned flags = size ? data[0] : 0;
	char root[512], pmu[256], pmu2[256], ev[256];
	unsigned variant;
	unsigned long k;
	struct memtree mt;
	struct sysroot sr;
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
	variant = f[13] && fl[13] ? f[13][0] : 0;
	/* The allocation-failure mode, in memory only (a longjmp would leave
	 * the disk mode's descriptors open). */
	k = !on_disk && f[13] && fl[13] >= 3 ? (unsigned long)(f[13][1] | f[13][2] << 8) + 1 : 0;
	nnodes = 0;
	/* PMU directories: where sysfs links them from, or (0x80) where the
	 * link points. */
	{
		const char *devrel = flags & 0x80 && on_disk ? "sys/devices/pmus"
							 : "sys/bus/event_source/devices";

		name_from(pmu, sizeof(pmu), f[0], fl[0], "armv8_pmuv3");
		if (flags & 0x01)
			add(K_DIR, NULL, 0, "%s/%s/type", devrel, pmu);
		else
			add(K_FILE, f[1] ? f[1] : (const uint8_t *)"10\n", f[1] ? fl[1] : 3,
			    "%s/%s/type", devrel, pmu);
		add(flags & 0x02 ? (on_disk ? K_FIFO : K_DIR) : K_FILE,
		    f[2] ? f[2] : (const uint8_t *)"0-1\n", f[2] ? fl[2] : 4,
		    "%s/%s/%s", devrel, pmu, flags & 0x20 ? "cpumask" : "cpus");
		add(K_DIR, NULL, 0, "%s/%s/caps", devrel, pmu);
		if (flags & 0x04)
			add(K_LOOP, NULL, 0, "%s/%s/caps/slots", devrel, pmu);
		else if (f[3])
			add(K_FILE, f[3], fl[3], "%s/%s/caps/slots", devrel, pmu);
		if (f[7])
			add(K_FILE, f[7], fl[7], "%s/%s/caps/bus_slots", devrel, pmu);
		if (flags & 0x10)
			add(K_FILE, (const uint8_t *)"x", 1, "%s/%s/events", devrel, pmu);
		else {
			add(K_DIR, NULL, 0, "%s/%s/events", devrel, pmu);
			for (int k = 8; k <= 9; k++)
				if (f[k]) {
					name_from(ev, sizeof(ev), f[k], fl[k], "cpu_cycles");
					add(K_FILE, (const uint8_t *)"event=0x11\n", 11, "%s/%s/events/%s",
					    devrel, pmu, ev);
				}
		}
		if (f[10]) {
			name_from(pmu2, sizeof(pmu2), f[10], fl[10], "software");
			add(K_FILE, (const uint8_t *)"1\n", 2, "%s/%s/type", devrel, pmu2);
		}
	}
	add(K_DIR, NULL, 0, "sys/devices/system/cpu/cpu1/regs/identification");
	if (!(flags & 0x08))
		add(K_FILE, f[4] ? f[4] : (const uint8_t *)"0-1\n", f[4] ? fl[4] : 4,
		    "sys/devices/system/cpu/online");
	add(K_FILE, f[5] ? f[5] : (const uint8_t *)"0x00000000410fd4f0\n", f[5] ? fl[5] : 19,
	    "sys/devices/system/cpu/cpu0/regs/identification/midr_el1");
	if (f[6])
		add(K_FILE, f[6], fl[6], "sys/devices/system/cpu/cpu1/regs/identification/midr_el1");
	add(K_DIR, NULL, 0, "proc/sys/kernel");
	if (!(flags & 0x40))
		add(K_FILE, f[11] ? f[11] : (const uint8_t *)"aarch64\n", f[11] ? fl[11] : 8,
		    "proc/sys/kernel/arch");
	if (f[12])
		add(K_FILE, f[12], fl[12], "proc/sys/kernel/osrelease");

	if (on_disk) {
		snprintf(root, sizeof(root), "%s/r", base);
		to_disk(root, flags & 0x80);
		if (sysroot_open(&sr, root))
			abort();
	} else {
		if (!to_memory(&mt)) {
			memtree_free(&mt);
			return 0;
		}
		sysroot_open_mem(&sr, &mt, "fuzz");
	}

	if (!k) {
		under_test(&sr, variant);
	} else if (setjmp(fuzz_oom_jmp)) {
		fuzz_pipeline_abandon();
		fuzz_alloc_recover();
	} else {
		fuzz_alloc_arm(k);
		under_test(&sr, variant);
		fuzz_alloc_disarm();
	}
	sysroot_close(&sr);
	if (!on_disk)
		memtree_free(&mt);
	return 0;
}
