/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tar_write.c - build a ustar archive in memory (tar.h) within the
 * reader's limits, then gzip it (gzip.h). */
#include "tar.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gzip.h"
#include "xalloc.h"

void tar_writer_init(struct tar_writer *w, size_t max, time_t mtime)
{
	memset(w, 0, sizeof(*w));
	w->max = max;
	w->mtime = mtime;
}

void tar_writer_free(struct tar_writer *w)
{
	for (int i = 0; i < w->ndirs; i++)
		free(w->dirs[i]);
	free(w->dirs);
	free(w->data);
	memset(w, 0, sizeof(*w));
}

/* Room for N more bytes, zero-filled (the padding and end blocks rely on
 * it). */
static int reserve(struct tar_writer *w, size_t n)
{
	size_t need = w->len + n, ncap;

	if (n > w->max || need > w->max) {
		snprintf(w->why, sizeof(w->why), "larger than %zu MiB uncompressed, the most "
			 "--replay inflates", w->max >> 20);
		return -EFBIG;
	}
	if (need <= w->cap)
		return 0;
	ncap = w->cap ? w->cap : 64 * 1024;
	while (ncap < need)
		ncap *= 2;
	w->data = xreallocarray(w->data, ncap, 1);
	memset(w->data + w->cap, 0, ncap - w->cap);
	w->cap = ncap;
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

static int member(struct tar_writer *w, const char *path, char type, const void *data,
		  size_t size)
{
	size_t padded = (size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
	char name[101] = "", prefix[156] = "";
	unsigned char *h;
	unsigned sum = 0;
	int err;

	const char *skip = split_name(path, name, prefix) ? "path too long for a ustar archive"
			 : tar_path_depth(path) > TAR_DEPTH_MAX ? "path deeper than --replay reads"
			 : size > TAR_MEMBER_MAX ? "larger than 1 MiB, the most --replay reads of a file"
			 : NULL;

	if (skip) {
		if (w->skipped)
			w->skipped(w->skipped_arg, path, skip);
		return 0;
	}
	if (w->members == TAR_MEMBERS_MAX) {
		snprintf(w->why, sizeof(w->why), "more than %d files and directories, the most "
			 "--replay reads", TAR_MEMBERS_MAX);
		return -E2BIG;
	}
	err = reserve(w, TAR_BLOCK + padded);
	if (err)
		return err;
	h = w->data + w->len;
	memset(h, 0, TAR_BLOCK);
	memcpy(h, name, strnlen(name, 100));
	octal((char *)h + 100, 8, type == '5' ? 0755 : 0644);
	octal((char *)h + 108, 8, 0);                       /* uid */
	octal((char *)h + 116, 8, 0);                       /* gid */
	octal((char *)h + 124, 12, size);
	octal((char *)h + 136, 12, (unsigned long long)w->mtime);
	memset(h + 148, ' ', 8);                            /* chksum while summing */
	h[156] = (unsigned char)type;
	memcpy(h + 257, "ustar", 6);                        /* magic, NUL-terminated */
	memcpy(h + 263, "00", 2);                           /* version */
	memcpy(h + 345, prefix, strnlen(prefix, 155));
	for (int i = 0; i < TAR_BLOCK; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);         /* six digits, NUL ... */
	h[155] = ' ';                                       /* ... and a space */
	if (size)
		memcpy(h + TAR_BLOCK, data, size);
	memset(h + TAR_BLOCK + size, 0, padded - size);
	w->len += TAR_BLOCK + padded;
	w->members++;
	return 0;
}

static bool have_dir(const struct tar_writer *w, const char *dir)
{
	/* Newest first: a capture adds a directory's files together. */
	for (int i = w->ndirs - 1; i >= 0; i--)
		if (!strcmp(w->dirs[i], dir))
			return true;
	return false;
}

static void remember_dir(struct tar_writer *w, const char *dir)
{
	w->dirs = xreallocarray(w->dirs, (size_t)w->ndirs + 1, sizeof(*w->dirs));
	w->dirs[w->ndirs++] = xstrdup(dir);
}

int tar_add_dirs(struct tar_writer *w, const char *path)
{
	char *dir = xstrdup(path);
	int err = 0;

	for (const char *s = strchr(path, '/'); s && !err; s = strchr(s + 1, '/')) {
		size_t n = (size_t)(s - path) + 1;

		dir[n] = '\0';
		if (!have_dir(w, dir)) {
			remember_dir(w, dir);
			err = member(w, dir, '5', NULL, 0);
		}
		dir[n] = path[n];
	}
	free(dir);
	return err;
}

int tar_add_file(struct tar_writer *w, const char *path, const void *data, size_t size)
{
	int err = tar_add_dirs(w, path);

	return err ? err : member(w, path, '0', data, size);
}

int tar_finish(struct tar_writer *w)
{
	int err = reserve(w, 2 * TAR_BLOCK);

	if (!err)
		w->len += 2 * TAR_BLOCK;
	return err;
}

int tar_finish_gz(struct tar_writer *w, unsigned char **gz, size_t *len)
{
	int err = tar_finish(w);

	*gz = NULL;
	if (!err)
		err = gzip_deflate(w->data, w->len, gz, len);
	if (err || *len <= TAR_GZ_MAX)
		return err;
	snprintf(w->why, sizeof(w->why), "it compresses to %zu bytes, more than the %u MiB "
		 "--replay reads", *len, TAR_GZ_MAX >> 20);
	free(*gz);
	*gz = NULL;
	return -EFBIG;
}
