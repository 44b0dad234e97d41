/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tar_read.c - the capture archive, read back without touching the disk.
 *
 * Accepted: POSIX ustar headers (magic "ustar") with a valid checksum,
 * type '0' (or NUL, pre-POSIX) regular files and '5' directories, sizes in
 * octal digits, names (prefix + name) that are clean relative paths, each
 * path once.  Rejected with a reason: links, devices, FIFOs, pax and GNU
 * extension headers, base-256 (binary, possibly negative) size fields, any
 * size over the caps, truncation inside a header or member.  The gzip
 * layer inflates into a buffer that stops at TAR_ARCHIVE_MAX, so a small
 * file that expands without bound (a gzip bomb) is refused, not followed. */
#include "tar.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gzip.h"
#include "util.h"
#include "xalloc.h"

#define BLOCK TAR_BLOCK
/* A member's name in a message: about 100 characters, so that a hostile
 * name cannot drown the line. */
#define SHOWN_MAX 108

static bool all_zero(const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/* An octal field: optional leading spaces, digits, then NUL or space to the
 * end.  -1 when it holds anything else (base-256 binary included). */
static int octal_field(const unsigned char *f, size_t n, uint64_t *v)
{
	size_t i = 0;
	uint64_t x = 0;
	bool digits = false;

	while (i < n && f[i] == ' ')
		i++;
	for (; i < n && f[i] >= '0' && f[i] <= '7'; i++) {
		if (x >> 60)
			return -1;
		x = x << 3 | (uint64_t)(f[i] - '0');
		digits = true;
	}
	for (; i < n; i++)
		if (f[i] != '\0' && f[i] != ' ')
			return -1;
	if (!digits)
		return -1;
	*v = x;
	return 0;
}

static bool checksum_ok(const unsigned char *h)
{
	uint64_t want;
	unsigned sum = 0;

	if (octal_field(h + 148, 8, &want))
		return false;
	for (int i = 0; i < BLOCK; i++)
		sum += (i >= 148 && i < 156) ? ' ' : h[i];
	return sum == want;
}

static const char *type_name(unsigned char t)
{
	switch (t) {
	case '1': return "a hard link";
	case '2': return "a symbolic link";
	case '3': return "a character device";
	case '4': return "a block device";
	case '6': return "a FIFO";
	case '7': return "a contiguous file";
	case 'x': case 'g': return "a pax extended header";
	case 'L': case 'K': return "a GNU long-name header";
	default: return NULL;
	}
}

int tar_path_depth(const char *name)
{
	int n = 1;

	for (const char *p = name; *p; p++)
		n += *p == '/' && p[1];
	return n;
}

/* prefix "/" name, each field NUL-terminated or full. */
static void member_name(const unsigned char *h, char *out)
{
	size_t pl = strnlen((const char *)h + 345, 155), nl = strnlen((const char *)h, 100);
	size_t o = 0;

	if (pl) {
		memcpy(out, h + 345, pl);
		out[pl] = '/';
		o = pl + 1;
	}
	memcpy(out + o, h, nl);
	out[o + nl] = '\0';
}

int tar_read(const unsigned char *tar, size_t len, struct memtree *out, char *err, size_t errlen)
{
	char name[257], shown[SHOWN_MAX];
	const char *dup;
	size_t off = 0;
	int members = 0, ret;

	while (1) {
		const unsigned char *h = tar + off;
		uint64_t size;
		unsigned char type;
		bool dir;

		if (len - off < BLOCK) {
			snprintf(err, errlen, "the archive ends without its end-of-archive blocks "
				 "(truncated at byte %zu)", off);
			return -1;
		}
		if (all_zero(h, BLOCK))
			break;     /* the end (a second zero block may follow, or not) */
		if (memcmp(h + 257, "ustar", 5)) {
			snprintf(err, errlen, "header at byte %zu is not a ustar header", off);
			return -1;
		}
		if (!checksum_ok(h)) {
			snprintf(err, errlen, "header at byte %zu has a bad checksum", off);
			return -1;
		}
		member_name(h, name);
		scrub_controls(shown, sizeof(shown), name, true);
		type = h[156];
		if (type_name(type)) {
			snprintf(err, errlen, "member '%s' is %s; only regular files and "
				 "directories are accepted", shown, type_name(type));
			return -1;
		}
		if (type != '0' && type != '\0' && type != '5') {
			snprintf(err, errlen, "member '%s' has unknown type 0x%02x; only regular "
				 "files and directories are accepted", shown, type);
			return -1;
		}
		dir = type == '5';
		if (!memtree_clean_path(name) || (!dir && name[strlen(name) - 1] == '/')) {
			snprintf(err, errlen, "member '%s' is not a clean relative path (absolute, "
				 "empty, or with a '.' or '..' component)", shown);
			return -1;
		}
		if (tar_path_depth(name) > TAR_DEPTH_MAX) {
			snprintf(err, errlen, "member '%s' is %d components deep; the limit is %d",
				 shown, tar_path_depth(name), TAR_DEPTH_MAX);
			return -1;
		}
		if (octal_field(h + 124, 12, &size)) {
			snprintf(err, errlen, "member '%s' has a size field that is not an octal "
				 "number (binary and negative sizes are refused)", shown);
			return -1;
		}
		if (size > TAR_MEMBER_MAX || (dir && size)) {
			snprintf(err, errlen, "member '%s' claims %llu bytes; the limit is %s", shown,
				 (unsigned long long)size, dir ? "0 for a directory" : "1 MiB");
			return -1;
		}
		off += BLOCK;
		if (len - off < (size + BLOCK - 1) / BLOCK * BLOCK) {
			snprintf(err, errlen, "the archive is truncated inside member '%s'", shown);
			return -1;
		}
		if (++members > TAR_MEMBERS_MAX) {
			snprintf(err, errlen, "more than %d members", TAR_MEMBERS_MAX);
			return -1;
		}
		ret = memtree_add(out, name, dir, tar + off, (size_t)size);
		if (ret) {
			snprintf(err, errlen, "%s", strerror(-ret));
			return -1;
		}
		off += (size + BLOCK - 1) / BLOCK * BLOCK;
	}
	out->max = TAR_NODES_MAX;
	ret = memtree_seal(out, &dup);
	if (ret == -E2BIG) {
		snprintf(err, errlen, "more than %d files and directories, counting the "
			 "directories the member names imply", TAR_NODES_MAX);
		return -1;
	}
	if (ret == -EEXIST) {
		scrub_controls(shown, sizeof(shown), dup, true);
		snprintf(err, errlen, "member '%s' appears twice (or as both a file and a "
			 "directory)", shown);
		return -1;
	}
	if (ret) {
		snprintf(err, errlen, "%s", strerror(-ret));
		return -1;
	}
	return 0;
}

int tar_read_gz(const unsigned char *gz, size_t len, struct memtree *out, char *err,
		  size_t errlen)
{
	unsigned char *tar;
	size_t n;
	char why[128] = "zlib error";
	int ret;

	if (len < 2 || gz[0] != 0x1f || gz[1] != 0x8b) {
		snprintf(err, errlen, "not a gzip file (a --capture archive is a .tar.gz)");
		return -1;
	}
	ret = gzip_inflate(gz, len, TAR_ARCHIVE_MAX, &tar, &n, why, sizeof(why));
	switch (ret) {
	case 0:
		break;
	case -EFBIG:
		snprintf(err, errlen, "it inflates to more than %u MiB (a gzip bomb?)",
			 TAR_ARCHIVE_MAX >> 20);
		return -1;
	case -EPIPE:
		snprintf(err, errlen, "the gzip stream is truncated");
		return -1;
	default:
		snprintf(err, errlen, "corrupt gzip data (%s)", why);
		return -1;
	}
	ret = tar_read(tar, n, out, err, errlen);
	free(tar);
	return ret;
}

int tar_load(const char *file, struct memtree *out, char *err, size_t errlen)
{
	unsigned char *gz = NULL;
	size_t got = 0;
	struct stat st;
	ssize_t n = 0;
	int fd, ret = -1;

	fd = open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "not a regular file");
		goto out;
	}
	if (st.st_size > TAR_GZ_MAX) {
		snprintf(err, errlen, "larger than %u MiB", TAR_GZ_MAX >> 20);
		goto out;
	}
	gz = xmalloc((size_t)st.st_size + 1);
	/* One byte more than fstat said: a file that grows is cut, not trusted. */
	while (got <= (size_t)st.st_size &&
	       (n = read(fd, gz + got, (size_t)st.st_size + 1 - got)) > 0)
		got += (size_t)n;
	if (n < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		goto out;
	}
	if (got > (size_t)st.st_size) {
		snprintf(err, errlen, "the file grew while it was read");
		goto out;
	}
	ret = tar_read_gz(gz, got, out, err, errlen);
out:
	free(gz);
	close(fd);
	return ret;
}
