/* capture.c - the --capture archive: what the inventory read, as a .tar.gz.
 *
 * The archive is built in memory (a capture is tens of kilobytes) as POSIX
 * ustar (POSIX.1-2001 "pax" utility, ustar interchange format): 512-byte
 * headers with octal fields and a checksum, data padded to 512 bytes, two
 * zero blocks at the end; then gzip'ed with zlib.
 *
 * Inputs are opened below ROOT only: openat2(RESOLVE_IN_ROOT) makes ".." and
 * absolute symlinks resolve inside ROOT, and the kernel's own symlink limit
 * (ELOOP) ends any loop.  Without openat2 (kernels before 5.6, qemu-user) a
 * plain openat() is checked afterwards through /proc/self/fd.  Directories
 * are listed one level deep, never walked, so the sysfs symlinks from
 * bus/event_source/devices into devices/ are stored as plain directories.
 * Files are opened O_NONBLOCK and must be regular: a FIFO planted in a
 * fixture cannot hang the capture. */
#include "capture.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "sysfs.h"


#define FILE_MAX (1u << 20)          /* /proc/cpuinfo of a big host: ~100 KiB */
#define ARCHIVE_MAX (64u << 20)
#define BLOCK 512


struct capture {
	struct sysroot root;
	unsigned char *tar;
	size_t len, cap;
	unsigned char *buf;      /* FILE_MAX + 1 bytes, for one input at a time */
	char **dirs;             /* directory members already written */
	int ndirs;
	char *errors;            /* capture-errors.txt */
	size_t errors_len;
	FILE *errf;
	time_t mtime;
	int fatal;               /* -errno that stops the capture */
	char fatal_why[256];
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

/* ---- ustar writer ---- */

static int tar_reserve(struct capture *c, size_t n)
{
	size_t need = c->len + n, ncap;
	unsigned char *nt;

	if (need > ARCHIVE_MAX) {
		c->fatal = -EFBIG;
		snprintf(c->fatal_why, sizeof(c->fatal_why), "capture larger than %u MiB",
			 ARCHIVE_MAX >> 20);
		return -1;
	}
	if (need <= c->cap)
		return 0;
	ncap = c->cap ? c->cap : 64 * 1024;
	while (ncap < need)
		ncap *= 2;
	nt = realloc(c->tar, ncap);
	if (!nt) {
		c->fatal = -ENOMEM;
		snprintf(c->fatal_why, sizeof(c->fatal_why), "out of memory");
		return -1;
	}
	memset(nt + c->cap, 0, ncap - c->cap);
	c->tar = nt;
	c->cap = ncap;
	return 0;
}

/* An octal number filling SIZE-1 digits and a NUL. */
static void octal(char *field, size_t size, unsigned long long v)
{
	char b[32];

	snprintf(b, sizeof(b), "%0*llo", (int)(size - 1), v);
	memcpy(field, b, size);
}

/* ustar keeps names in name[100], with up to 155 more leading bytes in
 * prefix[155] split off at a '/'.  Returns -1 when PATH cannot fit. */
static int split_name(const char *path, char *name, char *prefix)
{
	size_t len = strlen(path);

	if (len <= 100) {
		memcpy(name, path, len);
		return 0;
	}
	/* The leftmost '/' that leaves at most 100 bytes (a directory's
	 * trailing '/' is part of the name, so the slash must not be the last
	 * byte). */
	for (size_t i = len - 101; i < len - 1 && i <= 155; i++) {
		if (path[i] != '/')
			continue;
		memcpy(prefix, path, i);
		memcpy(name, path + i + 1, len - i - 1);
		return 0;
	}
	return -1;
}

static int tar_member(struct capture *c, const char *path, char type, const void *data,
		      size_t size)
{
	unsigned char *h;
	unsigned sum = 0;
	size_t padded = (size + BLOCK - 1) / BLOCK * BLOCK;
	char name[101] = "", prefix[156] = "";

	if (split_name(path, name, prefix)) {
		note(c, path, "path too long for a ustar archive: not stored");
		return 0;
	}
	if (tar_reserve(c, BLOCK + padded))
		return -1;
	h = c->tar + c->len;
	memset(h, 0, BLOCK);
	memcpy(h, name, strnlen(name, 100));
	octal((char *)h + 100, 8, type == '5' ? 0755 : 0644);
	octal((char *)h + 108, 8, 0);                       /* uid */
	octal((char *)h + 116, 8, 0);                       /* gid */
	octal((char *)h + 124, 12, size);
	octal((char *)h + 136, 12, (unsigned long long)c->mtime);
	memset(h + 148, ' ', 8);                            /* chksum while summing */
	h[156] = (unsigned char)type;
	memcpy(h + 257, "ustar", 6);                        /* magic, NUL-terminated */
	memcpy(h + 263, "00", 2);                           /* version */
	memcpy(h + 345, prefix, strnlen(prefix, 155));
	for (int i = 0; i < BLOCK; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);         /* six digits, NUL ... */
	h[155] = ' ';                                       /* ... and a space */
	if (size)
		memcpy(h + BLOCK, data, size);
	memset(h + BLOCK + size, 0, padded - size);
	c->len += BLOCK + padded;
	return 0;
}

/* Write directory members for every ancestor of REL not yet written. */
static int tar_parents(struct capture *c, const char *rel)
{
	char dir[PATH_MAX];

	for (const char *s = strchr(rel, '/'); s; s = strchr(s + 1, '/')) {
		size_t n = (size_t)(s - rel) + 1;
		bool seen = false;
		char **nd;

		if (n >= sizeof(dir))
			return 0;
		memcpy(dir, rel, n);
		dir[n] = '\0';
		for (int i = c->ndirs - 1; i >= 0 && !seen; i--)
			seen = !strcmp(c->dirs[i], dir);
		if (seen)
			continue;
		nd = realloc(c->dirs, (size_t)(c->ndirs + 1) * sizeof(*nd));
		if (!nd || !(nd[c->ndirs] = strdup(dir))) {
			if (nd)
				c->dirs = nd;
			c->fatal = -ENOMEM;
			snprintf(c->fatal_why, sizeof(c->fatal_why), "out of memory");
			return -1;
		}
		c->dirs = nd;
		c->ndirs++;
		if (tar_member(c, dir, '5', NULL, 0))
			return -1;
	}
	return 0;
}

static int tar_file(struct capture *c, const char *rel, const void *data, size_t size)
{
	if (tar_parents(c, rel))
		return -1;
	return tar_member(c, rel, '0', data, size);
}

/* ---- reading below the root ---- */

static int open_below(struct capture *c, const char *rel, int flags)
{
	return sysfs_open(&c->root, rel, flags);
}

static const char *why(int err)
{
	return err == -EXDEV ? "resolves outside the root: not read" : strerror(-err);
}

/* Store REL if it is a readable regular file; ENOENT is silent when
 * ABSENT_OK (optional files such as cpus vs cpumask). */
static int capture_file(struct capture *c, const char *rel, bool absent_ok)
{
	unsigned char *buf = c->buf;
	size_t got = 0;
	struct stat st;
	ssize_t n = 0;
	int fd, ret = 0;

	fd = open_below(c, rel, O_RDONLY | O_NONBLOCK);
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
	while (got <= FILE_MAX && (n = read(fd, buf + got, FILE_MAX + 1 - got)) > 0)
		got += (size_t)n;
	if (got > FILE_MAX) {
		note(c, rel, "larger than %u KiB: not stored", FILE_MAX >> 10);
		goto out;
	}
	if (n < 0) {
		note(c, rel, "%s", strerror(errno));
		goto out;
	}
	ret = tar_file(c, rel, buf, got);
out:
	close(fd);
	return ret;
}

/* Sorted entries of directory REL (so archives are reproducible); the
 * count, or -errno. */
static int list_dir(struct capture *c, const char *rel, char ***out)
{
	int fd = open_below(c, rel, O_RDONLY | O_DIRECTORY);

	*out = NULL;
	return fd < 0 ? fd : sysfs_list_fd(fd, out);
}

/* Every entry of directory REL as a file; a missing directory is fine. */
static int capture_dir_files(struct capture *c, const char *rel)
{
	char **names, path[PATH_MAX];
	int n = list_dir(c, rel, &names), ret = 0;

	if (n < 0) {
		if (n != -ENOENT)
			note(c, rel, "%s", why(n));
		return 0;
	}
	for (int i = 0; i < n && !ret; i++) {
		if (snprintf(path, sizeof(path), "%s/%s", rel, names[i]) >= (int)sizeof(path)) {
			note(c, rel, "entry name too long: not stored");
			continue;
		}
		ret = capture_file(c, path, false);
	}
	sysfs_names_free(names, n);
	return ret;
}

static int capture_pmus(struct capture *c)
{
	static const char *const files[] = { "type", "cpus", "cpumask" };
	static const char *const dirs[] = { "caps", "events" };
	char **names, path[PATH_MAX];
	int n = list_dir(c, DEVICES, &names), ret = 0;

	if (n < 0) {
		if (n != -ENOENT)
			note(c, DEVICES, "%s", why(n));
		return 0;
	}
	for (int i = 0; i < n && !ret; i++) {
		/* The PMU directory itself, even when it holds none of the files. */
		snprintf(path, sizeof(path), DEVICES "/%s/", names[i]);
		ret = tar_parents(c, path);
		for (size_t f = 0; f < sizeof(files) / sizeof(files[0]) && !ret; f++) {
			snprintf(path, sizeof(path), DEVICES "/%s/%s", names[i], files[f]);
			ret = capture_file(c, path, true);
		}
		for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]) && !ret; d++) {
			snprintf(path, sizeof(path), DEVICES "/%s/%s", names[i], dirs[d]);
			ret = capture_dir_files(c, path);
		}
	}
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

static int capture_cpus(struct capture *c)
{
	static const char *const lists[] = { "online", "possible", "present" };
	static const char *const regs[] = { "midr_el1", "revidr_el1" };
	char **names, path[PATH_MAX];
	int n, ret = 0;

	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]) && !ret; i++) {
		snprintf(path, sizeof(path), CPUDIR "/%s", lists[i]);
		ret = capture_file(c, path, true);
	}
	n = list_dir(c, CPUDIR, &names);
	if (n < 0) {
		if (n != -ENOENT)
			note(c, CPUDIR, "%s", why(n));
		return ret;
	}
	for (int i = 0; i < n && !ret; i++) {
		if (!is_cpu_dir(names[i]))
			continue;
		/* Without an "online" file the inventory counts cpuN directories. */
		snprintf(path, sizeof(path), CPUDIR "/%s/", names[i]);
		ret = tar_parents(c, path);
		for (size_t r = 0; r < sizeof(regs) / sizeof(regs[0]) && !ret; r++) {
			snprintf(path, sizeof(path), CPUDIR "/%s/regs/identification/%s",
				 names[i], regs[r]);
			ret = capture_file(c, path, true);
		}
	}
	sysfs_names_free(names, n);
	return ret;
}

static int capture_proc(struct capture *c)
{
	static const char *const files[] = {
		"proc/sys/kernel/osrelease", "proc/sys/kernel/arch", "proc/cpuinfo",
	};
	int ret = 0;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]) && !ret; i++)
		ret = capture_file(c, files[i], true);
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
	return tar_file(c, "uname.txt", line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

/* ---- gzip and the output file ---- */

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

static int gzip_to(int fd, const unsigned char *data, size_t len, char *why, size_t whylen)
{
	unsigned char out[64 * 1024];
	z_stream zs = { 0 };
	int zr, ret = 0;

	/* windowBits 15 + 16: a gzip wrapper instead of zlib's. */
	if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		snprintf(why, whylen, "zlib: deflateInit2 failed");
		return -1;
	}
	zs.next_in = (unsigned char *)data;
	zs.avail_in = (uInt)len;            /* len <= ARCHIVE_MAX fits a uInt */
	do {
		zs.next_out = out;
		zs.avail_out = sizeof(out);
		zr = deflate(&zs, Z_FINISH);
		if (zr == Z_STREAM_ERROR) {
			snprintf(why, whylen, "zlib: deflate failed");
			ret = -1;
			break;
		}
		ret = write_all(fd, out, sizeof(out) - zs.avail_out);
		if (ret) {
			snprintf(why, whylen, "%s", strerror(-ret));
			ret = -1;
			break;
		}
	} while (zr != Z_STREAM_END);
	deflateEnd(&zs);
	return ret;
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
static int publish(const char *tmp, const char *file, bool force)
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

static int collect(struct capture *c, const char *report_json)
{
	if (capture_pmus(c) || capture_cpus(c) || capture_proc(c) || capture_uname(c))
		return -1;
	if (report_json && tar_file(c, "kvm-pmu-info.json", report_json, strlen(report_json)))
		return -1;
	if (fflush(c->errf) || ferror(c->errf)) {
		c->fatal = -ENOMEM;
		snprintf(c->fatal_why, sizeof(c->fatal_why), "out of memory");
		return -1;
	}
	if (tar_file(c, "capture-errors.txt", c->errors, c->errors_len))
		return -1;
	/* End of archive: two zero blocks (tar_reserve zero-fills). */
	if (tar_reserve(c, 2 * BLOCK))
		return -1;
	c->len += 2 * BLOCK;
	return 0;
}

int capture_write(const char *root, const char *file, bool force, const char *report_json,
		  char *err, size_t errlen)
{
	struct capture c = { .root.dirfd = -1 };
	char tmp[PATH_MAX] = "", why[256] = "";
	struct stat st;
	int fd = -1, ret = -1, e;

	if (!force && lstat(file, &st) == 0) {
		snprintf(err, errlen, "%s exists (use --force to overwrite)", file);
		return -1;
	}
	e = sysroot_open(&c.root, root);
	if (e) {
		snprintf(err, errlen, "cannot open the sysfs root '%s': %s", root, strerror(-e));
		goto out;
	}
	c.mtime = time(NULL);
	c.errf = open_memstream(&c.errors, &c.errors_len);
	c.buf = malloc(FILE_MAX + 1);
	if (!c.errf || !c.buf) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (collect(&c, report_json)) {
		snprintf(err, errlen, "cannot capture %s: %s", root, c.fatal_why);
		goto out;
	}
	fd = make_temp(file, tmp, sizeof(tmp));
	if (fd < 0) {
		tmp[0] = '\0';
		snprintf(err, errlen, "cannot write %s: %s", file, strerror(-fd));
		goto out;
	}
	if (gzip_to(fd, c.tar, c.len, why, sizeof(why)) || fsync(fd)) {
		snprintf(err, errlen, "cannot write %s: %s", file, why[0] ? why : strerror(errno));
		goto out;
	}
	e = close(fd);
	fd = -1;
	if (e) {
		snprintf(err, errlen, "cannot write %s: %s", file, strerror(errno));
		goto out;
	}
	e = publish(tmp, file, force);
	if (e == -EEXIST)
		snprintf(err, errlen, "%s exists (use --force to overwrite)", file);
	else if (e)
		snprintf(err, errlen, "cannot write %s: %s", file, strerror(-e));
	else
		ret = 0;
out:
	if (fd >= 0)
		close(fd);
	if (ret && tmp[0])
		unlink(tmp);
	sysroot_close(&c.root);
	if (c.errf)
		fclose(c.errf);
	free(c.errors);
	sysfs_names_free(c.dirs, c.ndirs);
	free(c.tar);
	free(c.buf);
	return ret;
}
