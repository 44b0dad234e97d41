/* SPDX-License-Identifier: GPL-2.0-or-later */
/* capture.c - the --capture archive: what the inventory read, as a .tar.gz.
 *
 * Its job is deciding what to collect: the inputs of inputs.h below ROOT,
 * the kernel's words (kernel_text.h), the report and the probe record, into
 * an in-memory ustar archive (tar.h; a capture is tens of kilobytes), then
 * gzip'ed (gzip.h) and published atomically as FILE (file_write.h).
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
#include "gzip.h"
#include "inputs.h"
#include "kernel_text.h"
#include "probe_record.h"
#include "sysfs.h"
#include "tar.h"
#include "xalloc.h"

/* One input: /proc/cpuinfo of a big host is ~100 KiB.  The reader's cap,
 * so that whatever a capture stores replays. */
#define FILE_MAX TAR_MEMBER_MAX
/* An inflated /proc/config.gz: a distribution's .config is ~300 KiB. */
#define CONFIG_MAX (FILE_MAX * 4)

struct capture {
	struct sysroot root;
	struct tar_writer tar;
	unsigned char *buf;      /* FILE_MAX + 1 bytes, for one input at a time */
	char *errors;            /* capture-errors.txt */
	size_t errors_len;
	FILE *errf;
	int fatal;               /* -errno that stops the capture */
};

__attribute__((format(printf, 3, 4)))
static void note(struct capture *c, const char *rel, const char *fmt, ...)
{
	va_list ap;

	fprintf(c->errf, "%s: ", rel);
	va_start(ap, fmt);
	vfprintf(c->errf, fmt, ap);
	va_end(ap);
	fputc('\n', c->errf);
}

static void note_long_name(void *arg, const char *path)
{
	note(arg, path, "path too long for a ustar archive: not stored");
}

/* A writer error stops the capture. */
static int stored(struct capture *c, int err)
{
	if (err)
		c->fatal = err;
	return err;
}

static const char *why(int err)
{
	return err == -EXDEV ? "resolves outside the root: not read" : strerror(-err);
}

/* ---- what to collect ---- */

/* Read REL into c->buf if it is a readable regular file of at most
 * FILE_MAX bytes; *GOT is its size.  Returns 1 when read, 0 when not (and
 * noted, but for ENOENT when ABSENT_OK: optional files such as cpus vs
 * cpumask). */
static int read_below(struct capture *c, const char *rel, bool absent_ok, size_t *got)
{
	int e = sysfs_read_all(&c->root, rel, c->buf, FILE_MAX, got);

	if (e == -EISDIR)
		note(c, rel, "not a regular file: not stored");
	else if (e == -EFBIG)
		note(c, rel, "larger than %u KiB: not stored", FILE_MAX >> 10);
	else if (e && !(e == -ENOENT && absent_ok))
		note(c, rel, "%s", why(e));
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
	if (e) {
		note(c, rel, "%s", why(e));
		return 0;
	}
	if (!read_below(c, rel, absent_ok, &got))
		return 0;
	return stored(c, tar_add_file(&c->tar, rel, c->buf, got));
}

/* N, the result of listing directory REL, noted unless ENOENT: an absent
 * directory is no capture error. */
static int noted_list(struct capture *c, const char *rel, int n)
{
	if (n < 0 && n != -ENOENT)
		note(c, rel, "%s", why(n));
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

static int capture_host(struct capture *c)
{
	int ret = 0;

	for (size_t i = 0; i < inputs_host.n && !ret; i++)
		ret = capture_file(c, true, "%s", inputs_host.names[i]);
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

static int capture_uname(struct capture *c)
{
	struct utsname u;
	char line[5 * sizeof(u.sysname) + 8];
	int n;

	if (uname(&u) < 0) {
		note(c, "uname.txt", "uname: %s", strerror(errno));
		return 0;
	}
	/* The fields of "uname -a" that uname(2) knows. */
	n = snprintf(line, sizeof(line), "%s %s %s %s %s\n", u.sysname, u.nodename, u.release,
		     u.version, u.machine);
	return stored(c, tar_add_file(&c->tar, "uname.txt", line,
				      (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1));
}

/* ---- the kernel's own words: its log and its configuration ---- */

/* dmesg.txt: the log lines of kernel_log_filter().  Only of the running
 * system. */
static int capture_dmesg(struct capture *c)
{
	char *buf, why[160];
	size_t len;
	int e = kernel_log_read(&buf, &len, why, sizeof(why));

	if (e) {
		note(c, "dmesg.txt", "%s", why);
		return 0;
	}
	e = stored(c, tar_add_file(&c->tar, "dmesg.txt", buf, len));
	free(buf);
	return e;
}

/* kernel-config.txt: the options of kernel_config_filter(), from
 * /proc/config.gz (CONFIG_IKCONFIG_PROC) or, on the running system, from
 * /boot/config-RELEASE (what Debian installs).  Its first line names the
 * source. */
static int capture_config(struct capture *c)
{
	char rel[128], why[128], *text, *out = NULL;
	unsigned char *gz;
	struct utsname u;
	size_t got, len, outlen;
	int e;

	if (read_below(c, "proc/config.gz", true, &got)) {
		snprintf(rel, sizeof(rel), "proc/config.gz");
		e = gzip_inflate(c->buf, got, CONFIG_MAX, &gz, &len, why, sizeof(why));
		if (e) {
			note(c, rel, "%s", e == -EFBIG ? strerror(EFBIG) : "not valid gzip");
			return 0;
		}
		text = (char *)gz;
	} else if (c->root.is_slash && uname(&u) == 0) {
		snprintf(rel, sizeof(rel), "boot/config-%.100s", u.release);
		if (!read_below(c, rel, true, &got)) {
			note(c, "kernel-config.txt", "neither /proc/config.gz nor /%s: not stored", rel);
			return 0;
		}
		text = xmalloc(got + 1);
		memcpy(text, c->buf, got);
		len = got;
	} else {
		return 0;       /* a tree without its kernel's /boot */
	}
	kernel_config_text(rel, text, len, &out, &outlen);
	free(text);
	e = tar_add_file(&c->tar, "kernel-config.txt", out, outlen);
	free(out);
	return stored(c, e);
}

static int collect(struct capture *c, const char *report_json, const char *probe_json)
{
	if (capture_host(c) ||
	    capture_subdirs(c, CPUDIR, inputs_cpu_dir, &inputs_cpu, NULL) ||
	    capture_subdirs(c, DEVICES, NULL, &inputs_pmu_files, &inputs_pmu_dirs) ||
	    capture_subdirs(c, DEVICE_TREE, inputs_fw_cfg_node, &inputs_dt_node, NULL) ||
	    capture_triage(c) || capture_uname(c) || capture_config(c) ||
	    (c->root.is_slash && capture_dmesg(c)))
		return -1;
	if (report_json &&
	    stored(c, tar_add_file(&c->tar, "kvm-pmu-info.json", report_json, strlen(report_json))))
		return -1;
	if (probe_json &&
	    stored(c, tar_add_file(&c->tar, PROBE_RECORD_FILE, probe_json, strlen(probe_json))))
		return -1;
	if (fflush(c->errf) || ferror(c->errf) || !c->errors)
		oom();     /* a memory stream fails only for memory */
	if (stored(c, tar_add_file(&c->tar, "capture-errors.txt", c->errors, c->errors_len)))
		return -1;
	return stored(c, tar_finish(&c->tar));
}

static void fatal_why(int err, char *buf, size_t len)
{
	if (err == -EFBIG)
		snprintf(buf, len, "capture larger than %u MiB", TAR_ARCHIVE_MAX >> 20);
	else
		snprintf(buf, len, "%s", strerror(-err));
}

int capture_write(const char *root, const char *file, bool force, const char *report_json,
		  const char *probe_json, char *err, size_t errlen)
{
	struct capture c = { .root.dirfd = -1 };
	unsigned char *gz = NULL;
	char reason[256];
	size_t gzlen;
	int ret = -1, e;

	if (file_check_new(file, force, err, errlen))
		return -1;
	tar_writer_init(&c.tar, TAR_ARCHIVE_MAX, time(NULL));
	c.tar.skipped = note_long_name;
	c.tar.skipped_arg = &c;
	e = sysroot_open(&c.root, root);
	if (e) {
		snprintf(err, errlen, "cannot open the sysfs root '%s': %s", root, strerror(-e));
		goto out;
	}
	c.errf = xopen_memstream(&c.errors, &c.errors_len);
	c.buf = xmalloc(FILE_MAX + 1);
	if (collect(&c, report_json, probe_json)) {
		fatal_why(c.fatal, reason, sizeof(reason));
		snprintf(err, errlen, "cannot capture %s: %s", root, reason);
		goto out;
	}
	e = gzip_deflate(c.tar.data, c.tar.len, &gz, &gzlen);
	if (e) {
		snprintf(err, errlen, "cannot write %s: zlib: deflate failed", file);
		goto out;
	}
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
