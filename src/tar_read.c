/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tar_read.c - the capture archive, read back without touching the disk.
 *
 * Accepted: POSIX ustar headers (magic "ustar") with a valid checksum,
 * type '0' (or NUL, pre-POSIX) regular files and '5' directories, sizes in
 * octal digits, names (prefix + name) that are clean relative paths, each
 * path once.  Rejected with a reason: links, devices, FIFOs, pax and GNU
 * extension headers, base-256 (binary, possibly negative) size fields, any
 * size over the caps, truncation inside a header or member.  The gzip
 * layer stops at TAR_ARCHIVE_MAX of output, so a small file that expands
 * without bound (a gzip bomb) is refused, not followed; its output is
 * parsed as it comes, never held whole. */
#include "tar.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
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

/* The reader, fed one piece at a time: the unparsed bytes are WIN[start,
 * end), at most one header and its member, so a .tar.gz is parsed as it
 * inflates and never held whole (TAR_ARCHIVE_MAX of tar would otherwise sit
 * in memory beside the tree made from it). */
struct tar_in {
	struct memtree *out;
	unsigned char *win;
	size_t start, end, cap;
	size_t base;             /* the archive offset of WIN[start] */
	int members;
	bool ended;              /* the end-of-archive block was read */
	bool failed;             /* ERR says why */
	char *err;
	size_t errlen;
};

/* A header and the largest member it may carry. */
#define WIN_MAX (BLOCK + TAR_MEMBER_MAX)

__attribute__((format(printf, 2, 3)))
static int refuse(struct tar_in *in, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(in->err, in->errlen, fmt, ap);
	va_end(ap);
	in->failed = true;
	return 0;
}

/* Parse the member at WIN[start].  1 when one was read; 0 when the window
 * holds no whole member yet (FINAL: there is no more, so it is truncated),
 * at the end-of-archive block, or on a refusal. */
static int parse_one(struct tar_in *in, bool final)
{
	const unsigned char *h = in->win + in->start;
	size_t have = in->end - in->start, padded;
	char name[257], shown[SHOWN_MAX];
	uint64_t size;
	unsigned char type;
	bool dir;
	int ret;

	if (in->ended || in->failed)
		return 0;
	if (have < BLOCK)
		return final ? refuse(in, "the archive ends without its end-of-archive blocks "
				      "(truncated at byte %zu)", in->base) : 0;
	if (all_zero(h, BLOCK)) {
		in->ended = true;  /* a second zero block may follow, or not */
		return 0;
	}
	if (memcmp(h + 257, "ustar", 5))
		return refuse(in, "header at byte %zu is not a ustar header", in->base);
	if (!checksum_ok(h))
		return refuse(in, "header at byte %zu has a bad checksum", in->base);
	member_name(h, name);
	scrub_controls(shown, sizeof(shown), name, true);
	type = h[156];
	if (type_name(type))
		return refuse(in, "member '%s' is %s; only regular files and directories are "
			      "accepted", shown, type_name(type));
	if (type != '0' && type != '\0' && type != '5')
		return refuse(in, "member '%s' has unknown type 0x%02x; only regular files and "
			      "directories are accepted", shown, type);
	dir = type == '5';
	if (!memtree_clean_path(name) || (!dir && name[strlen(name) - 1] == '/'))
		return refuse(in, "member '%s' is not a clean relative path (absolute, empty, or "
			      "with a '.' or '..' component)", shown);
	if (tar_path_depth(name) > TAR_DEPTH_MAX)
		return refuse(in, "member '%s' is %d components deep; the limit is %d", shown,
			      tar_path_depth(name), TAR_DEPTH_MAX);
	if (octal_field(h + 124, 12, &size))
		return refuse(in, "member '%s' has a size field that is not an octal number "
			      "(binary and negative sizes are refused)", shown);
	if (size > TAR_MEMBER_MAX || (dir && size))
		return refuse(in, "member '%s' claims %llu bytes; the limit is %s", shown,
			      (unsigned long long)size, dir ? "0 for a directory" : "1 MiB");
	padded = (size_t)(size + BLOCK - 1) / BLOCK * BLOCK;
	if (have - BLOCK < padded)
		return final ? refuse(in, "the archive is truncated inside member '%s'", shown) : 0;
	if (++in->members > TAR_MEMBERS_MAX)
		return refuse(in, "more than %d members", TAR_MEMBERS_MAX);
	ret = memtree_add(in->out, name, dir, h + BLOCK, (size_t)size);
	if (ret)
		return refuse(in, "%s", strerror(-ret));
	in->start += BLOCK + padded;
	in->base += BLOCK + padded;
	return 1;
}

/* gzip_inflate_each()'s sink: append, parse every whole member.  What comes
 * after the end block or a refusal is only inflated (a bomb or corrupt
 * data later in the stream is still the gzip layer's to report). */
static void feed(void *ctx, const unsigned char *data, size_t n)
{
	struct tar_in *in = ctx;

	while (n && !in->ended && !in->failed) {
		size_t take;

		if (in->cap - in->end < n && in->start) {
			memmove(in->win, in->win + in->start, in->end - in->start);
			in->end -= in->start;
			in->start = 0;
		}
		take = in->cap - in->end < n ? in->cap - in->end : n;
		if (!take) {
			/* a full window holds any member up to TAR_MEMBER_MAX, so
			 * parse_one() always made room; never spin if it did not */
			refuse(in, "member at byte %zu does not fit the reader's window", in->base);
			break;
		}
		memcpy(in->win + in->end, data, take);
		in->end += take;
		data += take;
		n -= take;
		while (parse_one(in, false))
			;
	}
}

/* The members read: seal the tree, or say why not. */
static int finish(struct tar_in *in)
{
	const char *dup;
	char shown[SHOWN_MAX];
	int ret;

	while (parse_one(in, true))
		;
	if (in->failed)
		return -1;
	in->out->max = TAR_NODES_MAX;
	ret = memtree_seal(in->out, &dup);
	if (ret == -E2BIG) {
		snprintf(in->err, in->errlen, "more than %d files and directories, counting the "
			 "directories the member names imply", TAR_NODES_MAX);
		return -1;
	}
	if (ret == -EEXIST) {
		scrub_controls(shown, sizeof(shown), dup, true);
		snprintf(in->err, in->errlen, "member '%s' appears twice (or as both a file and a "
			 "directory)", shown);
		return -1;
	}
	if (ret) {
		snprintf(in->err, in->errlen, "%s", strerror(-ret));
		return -1;
	}
	return 0;
}

int tar_read(const unsigned char *tar, size_t len, struct memtree *out, char *err, size_t errlen)
{
	/* the whole archive is the window: nothing to copy */
	struct tar_in in = { .out = out, .win = (unsigned char *)tar, .end = len, .cap = len,
			     .err = err, .errlen = errlen };

	return finish(&in);
}

int tar_read_gz(const unsigned char *gz, size_t len, struct memtree *out, char *err,
		size_t errlen)
{
	char why[128] = "zlib error", tar_err[512] = "";
	struct tar_in in = { .out = out, .err = tar_err, .errlen = sizeof(tar_err) };
	int ret;

	if (len < 2 || gz[0] != 0x1f || gz[1] != 0x8b) {
		snprintf(err, errlen, "not a gzip file (a --capture archive is a .tar.gz)");
		return -1;
	}
	in.win = xmalloc(WIN_MAX);
	in.cap = WIN_MAX;
	ret = gzip_inflate_each(gz, len, TAR_ARCHIVE_MAX, feed, &in, why, sizeof(why));
	switch (ret) {
	case 0:
		ret = finish(&in);
		if (ret)
			snprintf(err, errlen, "%s", tar_err);
		break;
	case -EFBIG:
		snprintf(err, errlen, "it inflates to more than %u MiB (a gzip bomb?)",
			 TAR_ARCHIVE_MAX >> 20);
		ret = -1;
		break;
	case -EPIPE:
		snprintf(err, errlen, "the gzip stream is truncated");
		ret = -1;
		break;
	default:
		snprintf(err, errlen, "corrupt gzip data (%s)", why);
		ret = -1;
	}
	free(in.win);
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
