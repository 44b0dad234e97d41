/* SPDX-License-Identifier: GPL-2.0-or-later */
/* capture.c - the --capture archive: what the inventory read, as a .tar.gz.
 *
 * Three steps: collect the inputs of inputs.h below ROOT into an in-memory
 * ustar archive (tar.h; a capture is tens of kilobytes), gzip it, and
 * publish it atomically as FILE.
 *
 * Inputs are opened below ROOT only, through sysfs_open():
 * openat2(RESOLVE_BENEATH) refuses ".." and absolute symlinks that would
 * leave ROOT (EXDEV, noted and not stored), and the kernel's own symlink
 * limit (ELOOP) ends any loop.  Without openat2 (kernels before 5.6,
 * qemu-user) a plain openat() is checked afterwards through /proc/self/fd.
 * Directories are listed one level deep, never walked, so the sysfs
 * symlinks from bus/event_source/devices into devices/ are stored as plain
 * directories.  Files are opened O_NONBLOCK and must be regular: a FIFO
 * planted in a fixture cannot hang the capture. */
#include "capture.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "array_size.h"
#include "inputs.h"
#include "probe_record.h"
#include "sysfs.h"
#include "tar.h"


#define FILE_MAX (1u << 20)          /* /proc/cpuinfo of a big host: ~100 KiB */
#define ARCHIVE_MAX (64u << 20)


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
	struct stat st;
	ssize_t n = 0;
	int fd, ret = 0;

	*got = 0;
	fd = sysfs_open(&c->root, rel, O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		if (!(fd == -ENOENT && absent_ok))
			note(c, rel, "%s", why(fd));
		return 0;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		note(c, rel, "not a regular file: not stored");
		goto out;
	}
	/* sysfs and proc report a size that is not the content's: read to EOF. */
	while (*got <= FILE_MAX && (n = read(fd, c->buf + *got, FILE_MAX + 1 - *got)) > 0)
		*got += (size_t)n;
	if (*got > FILE_MAX) {
		note(c, rel, "larger than %u KiB: not stored", FILE_MAX >> 10);
		goto out;
	}
	if (n < 0) {
		note(c, rel, "%s", strerror(errno));
		goto out;
	}
	ret = 1;
out:
	close(fd);
	return ret;
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

static bool is_cpu_dir(const char *s)
{
	if (strncmp(s, "cpu", 3) || !s[3])
		return false;
	for (s += 3; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* QEMU's fw-cfg node is how VM detection recognises a QEMU virt board. */
static bool is_fw_cfg(const char *s)
{
	return strstr(s, "fw-cfg") != NULL;
}

static int capture_host(struct capture *c)
{
	int ret = 0;

	for (size_t i = 0; i < inputs_host.n && !ret; i++)
		ret = capture_file(c, true, "%s", inputs_host.names[i]);
	return ret;
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

/* Keep, in place, the lines of BUF[LEN] that WANT accepts; the new length. */
static size_t keep_lines(char *buf, size_t len, bool (*want)(const char *line, size_t n))
{
	size_t out = 0;

	for (size_t i = 0; i < len;) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (buf + i)) : len - i;

		if (want(buf + i, n)) {
			memmove(buf + out, buf + i, n);
			out += n;
			buf[out++] = '\n';
		}
		i += n + 1;
	}
	return out;
}

static bool has(const char *line, size_t n, const char *what)
{
	return memmem(line, n, what, strlen(what)) != NULL;
}

/* The PMU driver's and KVM's boot lines: "hw perfevents: enabled with
 * armv8_pmuv3 PMU driver, 7 counters available", "kvm [1]: Hyp mode
 * initialized successfully", "smccc: KVM: hypervisor services detected". */
static bool dmesg_wanted(const char *line, size_t n)
{
	return has(line, n, "hw perfevents") || has(line, n, "kvm [") ||
	       has(line, n, "smccc: KVM") || has(line, n, "armv8-pmu") || has(line, n, "arm-pmu");
}

size_t capture_filter_dmesg(char *buf, size_t len)
{
	return keep_lines(buf, len, dmesg_wanted);
}

/* CONFIG_ options that decide KVM's vPMU and the host PMU driver. */
static bool config_wanted(const char *line, size_t n)
{
	static const char *const words[] = { "KVM", "PMU", "PERF_EVENTS", "VIRTUALIZATION" };
	const char *name = line;

	if (n > 2 && !strncmp(line, "# ", 2))       /* "# CONFIG_X is not set" */
		name += 2;
	if ((size_t)(name - line) + 7 > n || strncmp(name, "CONFIG_", 7))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
		const char *end = memchr(name, name == line ? '=' : ' ', n - (size_t)(name - line));

		if (end && memmem(name, (size_t)(end - name), words[i], strlen(words[i])))
			return true;
	}
	return false;
}

size_t capture_filter_config(char *buf, size_t len)
{
	return keep_lines(buf, len, config_wanted);
}

/* syslog(2) actions (include/linux/syslog.h; glibc has no names). */
#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_SIZE_BUFFER 10

/* dmesg.txt: the log lines of dmesg_wanted(), read with syslog(2)
 * SYSLOG_ACTION_READ_ALL, which copies the ring buffer without blocking or
 * consuming it and needs no file.  Only of the running system. */
static int capture_dmesg(struct capture *c)
{
	int size = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0), n;
	char *buf;

	if (size <= 0) {
		note(c, "dmesg.txt", "klogctl(SYSLOG_ACTION_SIZE_BUFFER): %s",
		     size < 0 ? strerror(errno) : "empty log");
		return 0;
	}
	buf = malloc((size_t)size);
	if (!buf)
		return stored(c, -ENOMEM);
	n = klogctl(SYSLOG_ACTION_READ_ALL, buf, size);
	if (n < 0) {
		note(c, "dmesg.txt", "klogctl(SYSLOG_ACTION_READ_ALL): %s%s", strerror(errno),
		     errno == EPERM ? " (kernel.dmesg_restrict=1: needs CAP_SYSLOG)" : "");
		free(buf);
		return 0;
	}
	n = (int)capture_filter_dmesg(buf, (size_t)n);
	n = stored(c, tar_add_file(&c->tar, "dmesg.txt", buf, (size_t)n));
	free(buf);
	return n;
}

/* The gzip'ed C->buf[LEN] inflated into *OUT (at most FILE_MAX bytes). */
static int inflate_buf(const struct capture *c, size_t len, char **out, size_t *outlen)
{
	z_stream zs = { 0 };
	int zr;

	*out = malloc(FILE_MAX * 4);
	if (!*out || inflateInit2(&zs, 15 + 16) != Z_OK) {
		free(*out);
		return -ENOMEM;
	}
	zs.next_in = c->buf;
	zs.avail_in = (uInt)len;
	zs.next_out = (unsigned char *)*out;
	zs.avail_out = FILE_MAX * 4;
	zr = inflate(&zs, Z_FINISH);
	*outlen = zs.total_out;
	inflateEnd(&zs);
	if (zr == Z_STREAM_END)
		return 0;
	free(*out);
	return zr == Z_BUF_ERROR && !zs.avail_out ? -EFBIG : -EILSEQ;
}

/* kernel-config.txt: the options of config_wanted(), from /proc/config.gz
 * (CONFIG_IKCONFIG_PROC) or, on the running system, from
 * /boot/config-RELEASE (what Debian installs).  Its first line names the
 * source. */
static int capture_config(struct capture *c)
{
	char rel[128], *text = NULL, *out;
	struct utsname u;
	size_t got, len;
	int e;

	if (read_below(c, "proc/config.gz", true, &got)) {
		e = inflate_buf(c, got, &text, &len);
		if (e) {
			note(c, "proc/config.gz", "%s", e == -EILSEQ ? "not valid gzip"
			     : strerror(-e));
			return e == -ENOMEM ? stored(c, e) : 0;
		}
		snprintf(rel, sizeof(rel), "proc/config.gz");
	} else if (c->root.is_slash && uname(&u) == 0) {
		snprintf(rel, sizeof(rel), "boot/config-%.100s", u.release);
		if (!read_below(c, rel, true, &got)) {
			note(c, "kernel-config.txt", "neither /proc/config.gz nor /%s: not stored", rel);
			return 0;
		}
		text = malloc(got + 1);
		if (!text)
			return stored(c, -ENOMEM);
		memcpy(text, c->buf, got);
		len = got;
	} else {
		return 0;       /* a tree without its kernel's /boot */
	}
	len = capture_filter_config(text, len);
	e = asprintf(&out, "# CONFIG_ options about KVM and PMUs from /%s\n%.*s", rel, (int)len, text);
	free(text);
	if (e < 0)
		return stored(c, -ENOMEM);
	e = stored(c, tar_add_file(&c->tar, "kernel-config.txt", out, (size_t)e));
	free(out);
	return e;
}

static int collect(struct capture *c, const char *report_json, const char *probe_json)
{
	if (capture_host(c) ||
	    capture_subdirs(c, CPUDIR, is_cpu_dir, &inputs_cpu, NULL) ||
	    capture_subdirs(c, DEVICES, NULL, &inputs_pmu_files, &inputs_pmu_dirs) ||
	    capture_subdirs(c, DEVICE_TREE, is_fw_cfg, &inputs_dt_node, NULL) ||
	    capture_uname(c) || capture_config(c) || (c->root.is_slash && capture_dmesg(c)))
		return -1;
	if (report_json &&
	    stored(c, tar_add_file(&c->tar, "kvm-pmu-info.json", report_json, strlen(report_json))))
		return -1;
	if (probe_json &&
	    stored(c, tar_add_file(&c->tar, PROBE_RECORD_FILE, probe_json, strlen(probe_json))))
		return -1;
	if (fflush(c->errf) || ferror(c->errf))
		return stored(c, -ENOMEM);
	if (stored(c, tar_add_file(&c->tar, "capture-errors.txt", c->errors, c->errors_len)))
		return -1;
	return stored(c, tar_finish(&c->tar));
}

static void fatal_why(int err, char *buf, size_t len)
{
	if (err == -EFBIG)
		snprintf(buf, len, "capture larger than %u MiB", ARCHIVE_MAX >> 20);
	else
		snprintf(buf, len, "%s", err == -ENOMEM ? "out of memory" : strerror(-err));
}

/* ---- the atomic publish ---- */

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Create a fresh temporary file beside FILE (same directory, so the final
 * rename is atomic; a dot name, so directory watchers skip it). */
static int make_temp(const char *file, char *tmp, size_t tmplen)
{
	const char *slash = strrchr(file, '/');
	int dirlen = slash ? (int)(slash - file) + 1 : 0;
	struct timespec ts;

	for (int tries = 0; tries < 16; tries++) {
		int fd;

		clock_gettime(CLOCK_REALTIME, &ts);
		if (snprintf(tmp, tmplen, "%.*s.%s.%ld.%lx.tmp", dirlen, file, slash ? slash + 1 : file,
			     (long)getpid(), (unsigned long)ts.tv_nsec ^ (unsigned long)tries) >= (int)tmplen)
			return -ENAMETOOLONG;
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd >= 0 || errno != EEXIST)
			return fd < 0 ? -errno : fd;
	}
	return -EEXIST;
}

/* Move TMP to FILE; without FORCE only if FILE does not exist. */
static int rename_into_place(const char *tmp, const char *file, bool force)
{
	if (force)
		return rename(tmp, file) ? -errno : 0;
	if (!renameat2(AT_FDCWD, tmp, AT_FDCWD, file, RENAME_NOREPLACE))
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -errno;
	/* File systems without RENAME_NOREPLACE: link() never replaces either. */
	if (link(tmp, file))
		return -errno;
	unlink(tmp);
	return 0;
}

/* FILE holds the LEN bytes of DATA, or is untouched and nothing is left
 * behind.  Returns 0 or -1 with the reason in ERR. */
static int publish(const char *file, bool force, const unsigned char *data, size_t len,
		   char *err, size_t errlen)
{
	char tmp[PATH_MAX];
	int fd = make_temp(file, tmp, sizeof(tmp)), e;

	if (fd < 0) {
		snprintf(err, errlen, "cannot write %s: %s", file, strerror(-fd));
		return -1;
	}
	e = write_all(fd, data, len);
	if (!e && fsync(fd))
		e = -errno;
	if (close(fd) && !e)
		e = -errno;
	if (!e)
		e = rename_into_place(tmp, file, force);
	if (!e)
		return 0;
	unlink(tmp);
	if (e == -EEXIST)
		snprintf(err, errlen, "%s exists (use --force to overwrite)", file);
	else
		snprintf(err, errlen, "cannot write %s: %s", file, strerror(-e));
	return -1;
}

int capture_write(const char *root, const char *file, bool force, const char *report_json,
		  const char *probe_json, char *err, size_t errlen)
{
	struct capture c = { .root.dirfd = -1 };
	unsigned char *gz = NULL;
	char reason[256];
	struct stat st;
	size_t gzlen;
	int ret = -1, e;

	if (!force && lstat(file, &st) == 0) {
		snprintf(err, errlen, "%s exists (use --force to overwrite)", file);
		return -1;
	}
	tar_writer_init(&c.tar, ARCHIVE_MAX, time(NULL));
	c.tar.skipped = note_long_name;
	c.tar.skipped_arg = &c;
	e = sysroot_open(&c.root, root);
	if (e) {
		snprintf(err, errlen, "cannot open the sysfs root '%s': %s", root, strerror(-e));
		goto out;
	}
	c.errf = open_memstream(&c.errors, &c.errors_len);
	c.buf = malloc(FILE_MAX + 1);
	if (!c.errf || !c.buf) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (collect(&c, report_json, probe_json)) {
		fatal_why(c.fatal, reason, sizeof(reason));
		snprintf(err, errlen, "cannot capture %s: %s", root, reason);
		goto out;
	}
	e = tar_gzip(c.tar.data, c.tar.len, &gz, &gzlen);
	if (e) {
		snprintf(err, errlen, "cannot write %s: zlib: %s", file,
			 e == -ENOMEM ? "out of memory" : "deflate failed");
		goto out;
	}
	ret = publish(file, force, gz, gzlen, err, errlen);
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
