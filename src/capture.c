/* SPDX-License-Identifier: GPL-2.0-or-later */
/* capture.c - the --capture archive: what the inventory read, as a .tar.gz.
 *
 * Its job is deciding what to collect: the inputs of inputs.h below ROOT,
 * the kernel's words (kernel_text.h), the report and the probe record, into
 * an in-memory .tar.gz within the reader's limits (tar.h; a capture is tens
 * of kilobytes), published atomically as FILE (file_write.h).
 *
 * Inputs are read below ROOT only (sysfs_read_all(): a path that leaves
 * ROOT is noted and not stored, and a FIFO planted in a fixture cannot hang
 * the capture).  Directories are listed one level deep, never walked, so
 * the sysfs symlinks from bus/event_source/devices into devices/ are stored
 * as plain directories. */
#include "capture.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include "file_write.h"
#include "inputs.h"
#include "kernel_text.h"
#include "probe_record.h"
#include "sysfs.h"
#include "tar.h"
#include "xalloc.h"

/* One input: /proc/cpuinfo of a big host is ~100 KiB.  The reader's cap,
 * so that whatever a capture stores replays. */
#define FILE_MAX TAR_MEMBER_MAX

struct capture {
	struct sysroot root;
	struct tar_writer tar;
	unsigned char *buf;      /* FILE_MAX + 1 bytes, for one input at a time */
	char *errors;            /* capture-errors.txt */
	size_t errors_len;
	FILE *errf;
	int notes;               /* lines for capture-errors.txt */
	int fatal;               /* -errno that stops the capture */
};

/* One "path: reason" line of capture-errors.txt; past CAPTURE_ERRORS_MAX - 1
 * only counted, and each line bounded, so the file stays within what the
 * reader takes. */
__attribute__((format(printf, 3, 4)))
static void note(struct capture *c, const char *rel, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	if (++c->notes >= CAPTURE_ERRORS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	fprintf(c->errf, "%.512s: %s\n", rel, what);
}

static void note_skipped(void *arg, const char *path, const char *why)
{
	note(arg, path, "%s: not stored", why);
}

/* A writer error stops the capture. */
static int stored(struct capture *c, int err)
{
	if (err)
		c->fatal = err;
	return err;
}

/* REL could not be read or listed (E): noted, but for ENOENT when
 * ABSENT_OK (optional files such as cpus vs cpumask, absent directories). */
static void note_err(struct capture *c, const char *rel, int e, bool absent_ok)
{
	if (e == -EISDIR)
		note(c, rel, "not a regular file: not stored");
	else if (e == -EFBIG)
		note(c, rel, "larger than %u KiB: not stored", FILE_MAX >> 10);
	else if (e == -EXDEV)
		note(c, rel, "resolves outside the root: not read");
	else if (!(e == -ENOENT && absent_ok))
		note(c, rel, "%s", strerror(-e));
}

/* ---- what to collect ---- */

/* Read REL into c->buf if it is a readable regular file of at most
 * FILE_MAX bytes; *GOT is its size.  Returns 1 when read, 0 when not. */
static int read_below(struct capture *c, const char *rel, bool absent_ok, size_t *got)
{
	int e = sysfs_read_all(&c->root, rel, c->buf, FILE_MAX, got);

	if (e)
		note_err(c, rel, e, absent_ok);
	return !e;
}

/* Store the file FMT... names if read_below() reads it. */
__attribute__((format(printf, 3, 4)))
static int capture_file(struct capture *c, bool absent_ok, const char *fmt, ...)
{
	char rel[SYSFS_PATH_MAX];
	size_t got;
	va_list ap;
	int e;

	va_start(ap, fmt);
	e = sysfs_vpathf(rel, fmt, ap);
	va_end(ap);
	if (e)
		note_err(c, rel, e, false);
	if (e || !read_below(c, rel, absent_ok, &got))
		return 0;
	return stored(c, tar_add_file(&c->tar, rel, c->buf, got));
}

/* N, the result of listing directory REL, noted unless ENOENT. */
static int noted_list(struct capture *c, const char *rel, int n)
{
	if (n < 0)
		note_err(c, rel, n, true);
	return n;
}

/* Every entry of directory PARENT/NAME/DIR as a file; a missing directory
 * is fine. */
static int capture_dir_files(struct capture *c, const char *parent, const char *name,
			     const char *dir)
{
	char **names, rel[SYSFS_PATH_MAX];
	int n, ret = 0;

	n = noted_list(c, rel, sysfs_listf(&c->root, rel, &names, "%s/%s/%s", parent, name, dir));
	for (int i = 0; i < n && !ret; i++)
		ret = capture_file(c, false, "%s/%s", rel, names[i]);
	if (n > 0)
		sysfs_names_free(names, n);
	return ret;
}

/* For each subdirectory NAME of PARENT that WANT accepts (all when NULL):
 * the directory itself, even when it holds none of the inputs (the
 * inventory counts cpuN directories and lists PMU directories), the FILES
 * below it, and every file in its DIRS. */
static int capture_subdirs(struct capture *c, const char *parent, bool (*want)(const char *),
			   const struct input_list *files, const struct input_list *dirs)
{
	char **names, rel[SYSFS_PATH_MAX];
	int n, ret = 0;

	n = noted_list(c, parent, sysfs_listf(&c->root, rel, &names, "%s", parent));
	for (int i = 0; i < n && !ret; i++) {
		if (want && !want(names[i]))
			continue;
		if (sysfs_pathf(rel, "%s/%s/", parent, names[i])) {
			note(c, rel, "path too long: not stored");
			continue;
		}
		ret = stored(c, tar_add_dirs(&c->tar, rel));
		for (size_t f = 0; f < files->n && !ret; f++)
			ret = capture_file(c, true, "%s/%s/%s", parent, names[i], files->names[f]);
		for (size_t d = 0; dirs && d < dirs->n && !ret; d++)
			ret = capture_dir_files(c, parent, names[i], dirs->names[d]);
	}
	if (n > 0)
		sysfs_names_free(names, n);
	return ret;
}

/* What triage asks first and the report does not parse: the kernel command
 * line (kvm-arm.mode=, arm_pmuv3 options) and the module parameters of KVM
 * and of the PMU driver, where the kernel has them. */
static int capture_triage(struct capture *c)
{
	return capture_file(c, true, "proc/cmdline") ||
	       capture_dir_files(c, "sys/module", "kvm", "parameters") ||
	       capture_dir_files(c, "sys/module", "arm_pmuv3", "parameters");
}

/* ---- the kernel's own words (kernel_text.h) ---- */

/* NAME, the text OUT[LEN] of a kernel_text.h call that returned E: stored;
 * or, for E -1, WHY noted under NOTED.  OUT is freed. */
static int store_text(struct capture *c, const char *name, const char *noted, int e, char *out,
		      size_t len, const char *why)
{
	if (e == -1)
		note(c, noted, "%s", why);
	else if (!e)
		e = tar_add_file(&c->tar, name, out, len);
	free(out);
	return e == -1 ? 0 : stored(c, e);
}

/* NAME, what MAKE (kernel_uname_text, kernel_log_read) says. */
static int capture_text(struct capture *c, const char *name,
			int (*make)(char **out, size_t *len, char *why, size_t whylen))
{
	char *out = NULL, why[160];
	size_t len = 0;
	int e = make(&out, &len, why, sizeof(why));

	return store_text(c, name, name, e, out, len, why);
}

/* kernel-config.txt: the options of kernel_config_filter(), from
 * /proc/config.gz (CONFIG_IKCONFIG_PROC) or, on the running system, from
 * /boot/config-RELEASE (what Debian installs). */
static int capture_config(struct capture *c)
{
	char rel[128], why[128], *out = NULL;
	struct utsname u;
	size_t got, len = 0;
	int e;

	snprintf(rel, sizeof(rel), "proc/config.gz");
	if (!read_below(c, rel, true, &got)) {
		if (!c->root.is_slash || uname(&u))
			return 0;       /* a tree without its kernel's /boot */
		snprintf(rel, sizeof(rel), "boot/config-%.100s", u.release);
		if (!read_below(c, rel, true, &got)) {
			note(c, "kernel-config.txt", "neither /proc/config.gz nor /%s: not stored", rel);
			return 0;
		}
	}
	e = kernel_config_text(rel, (char *)c->buf, got, &out, &len, why, sizeof(why));
	return store_text(c, "kernel-config.txt", rel, e, out, len, why);
}

static int collect(struct capture *c, const char *report_json, const char *probe_json)
{
	const char *const texts[][2] = { { "kvm-pmu-info.json", report_json },
					 { PROBE_RECORD_FILE, probe_json } };

	for (size_t i = 0; i < inputs_host.n; i++)
		if (capture_file(c, true, "%s", inputs_host.names[i]))
			return -1;
	if (capture_subdirs(c, CPUDIR, inputs_cpu_dir, &inputs_cpu, NULL) ||
	    capture_subdirs(c, DEVICES, NULL, &inputs_pmu_files, &inputs_pmu_dirs) ||
	    capture_subdirs(c, DEVICE_TREE, inputs_fw_cfg_node, &inputs_dt_node, NULL) ||
	    capture_triage(c) || capture_text(c, "uname.txt", kernel_uname_text) ||
	    capture_config(c) ||
	    /* the log lines of kernel_log_filter(): only of the running system */
	    (c->root.is_slash && capture_text(c, "dmesg.txt", kernel_log_read)))
		return -1;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (texts[i][1] && stored(c, tar_add_file(&c->tar, texts[i][0], texts[i][1],
							  strlen(texts[i][1]))))
			return -1;
	if (c->notes >= CAPTURE_ERRORS_MAX)
		fprintf(c->errf, CAPTURE_ERRORS_FILE ": %d more inputs could not be stored; "
			"left out\n", c->notes - (CAPTURE_ERRORS_MAX - 1));
	if (fflush(c->errf) || ferror(c->errf) || !c->errors)
		oom();     /* a memory stream fails only for memory */
	return stored(c, tar_add_file(&c->tar, CAPTURE_ERRORS_FILE, c->errors, c->errors_len));
}

int capture_write(const char *root, const char *file, bool force, const char *report_json,
		  const char *probe_json, char *err, size_t errlen)
{
	struct capture c = { .root.dirfd = -1 };
	unsigned char *gz = NULL;
	size_t gzlen;
	int ret = -1, e;

	tar_writer_init(&c.tar, TAR_ARCHIVE_MAX, time(NULL));
	c.tar.skipped = note_skipped;
	c.tar.skipped_arg = &c;
	e = sysroot_open(&c.root, root);
	if (e) {
		snprintf(err, errlen, "cannot open the sysfs root '%s': %s", root, strerror(-e));
		goto out;
	}
	c.errf = xopen_memstream(&c.errors, &c.errors_len);
	c.buf = xmalloc(FILE_MAX + 1);
	e = collect(&c, report_json, probe_json) ? c.fatal : tar_finish_gz(&c.tar, &gz, &gzlen);
	if (e)
		snprintf(err, errlen, "cannot capture %s: %s", root,
			 c.tar.why[0] ? c.tar.why : strerror(-e));
	else
		ret = file_publish(file, force, gz, gzlen, err, errlen);
out:
	sysroot_close(&c.root);
	if (c.errf)
		fclose(c.errf);
	free(c.errors);
	tar_writer_free(&c.tar);
	free(c.buf);
	free(gz);
	return ret;
}
