/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_tar.c - the in-memory ustar writer and gzip (tar.h): header fields at
 * the offsets POSIX gives them (name 0, mode 100, uid 108, gid 116, size
 * 124, mtime 136, chksum 148, typeflag 156, magic 257, version 263, prefix
 * 345), the checksum recomputed here from its definition (the sum of the
 * header's bytes with the chksum field read as eight spaces), the 512-byte
 * padding, the end blocks, the name/prefix split, the size limit, and a
 * gzip that inflates back to the archive. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "gzip.h"
#include "tap.h"
#include "tar.h"

static const unsigned char *hdr(const struct tar_writer *w, size_t block)
{
	return w->data + block * TAR_BLOCK;
}

/* The octal number in a header field, or -1 when it is not one. */
static long long field_octal(const unsigned char *h, size_t off, size_t len)
{
	char buf[16] = "", *end;
	long long v;

	memcpy(buf, h + off, len);
	v = strtoll(buf, &end, 8);
	return end == buf ? -1 : v;
}

static int checksum_ok(const unsigned char *h)
{
	unsigned sum = 0;

	for (int i = 0; i < TAR_BLOCK; i++)
		sum += (i >= 148 && i < 156) ? ' ' : h[i];
	/* Six octal digits, a NUL and a space, as GNU tar writes it. */
	return field_octal(h, 148, 8) == (long long)sum && h[154] == '\0' && h[155] == ' ';
}

static int field_is(const unsigned char *h, size_t off, size_t len, const char *want)
{
	return !memcmp(h + off, want, len);
}

static void check_header(const unsigned char *h, const char *name, const char *prefix,
			 char type, long long size, const char *what)
{
	ok(field_is(h, 0, strlen(name) + 1, name), "%s: name \"%.100s\"", what, name);
	ok(field_is(h, 345, strlen(prefix) + 1, prefix), "%s: prefix \"%s\"", what, prefix);
	ok(field_is(h, 100, 8, type == '5' ? "0000755" : "0000644"), "%s: mode %s", what,
	   type == '5' ? "0755" : "0644");
	ok(field_is(h, 108, 8, "0000000") && field_is(h, 116, 8, "0000000"), "%s: uid and gid 0",
	   what);
	ok(field_octal(h, 124, 12) == size && h[135] == '\0', "%s: size %lld in 11 octal digits",
	   what, size);
	ok(field_octal(h, 136, 12) == 1700000000, "%s: mtime 1700000000", what);
	ok(h[156] == (unsigned char)type, "%s: typeflag '%c'", what, type);
	ok(field_is(h, 257, 6, "ustar") && field_is(h, 263, 2, "00"), "%s: magic \"ustar\\0\" version \"00\"",
	   what);
	ok(checksum_ok(h), "%s: checksum", what);
}

static void skipped(void *arg, const char *path, const char *why)
{
	(void)path;
	(void)why;
	++*(int *)arg;
}

static void member_tests(void)
{
	struct tar_writer w;
	char longpath[200];
	int nskipped = 0;

	tar_writer_init(&w, 1 << 20, 1700000000);
	w.skipped = skipped;
	w.skipped_arg = &nskipped;
	ok(tar_add_file(&w, "sys/a.txt", "hello", 5) == 0, "add sys/a.txt");
	ok(w.len == 3 * TAR_BLOCK, "a parent directory, a header and one padded data block (%zu)",
	   w.len);
	check_header(hdr(&w, 0), "sys/", "", '5', 0, "directory sys/");
	check_header(hdr(&w, 1), "sys/a.txt", "", '0', 5, "file sys/a.txt");
	ok(!memcmp(hdr(&w, 2), "hello", 5) && hdr(&w, 2)[5] == 0 && hdr(&w, 2)[511] == 0,
	   "data, then zero padding to the block");
	ok(tar_add_file(&w, "sys/b", "", 0) == 0 && w.len == 4 * TAR_BLOCK,
	   "an empty file in a known directory: one header only");

	/* 40 + '/' + 99 bytes: the name field cannot hold it, a prefix can. */
	memset(longpath, 'p', 40);
	longpath[40] = '/';
	memset(longpath + 41, 'n', 99);
	longpath[140] = '\0';
	ok(tar_add_file(&w, longpath, "x", 1) == 0, "add a 140-byte path");
	longpath[40] = '\0';
	check_header(hdr(&w, 5), longpath + 41, longpath, '0', 1, "140-byte path");
	longpath[40] = '/';
	ok(nskipped == 0, "nothing skipped so far");

	/* 150 bytes without a '/' after the first 50: no split fits. */
	memset(longpath, 'q', 150);
	longpath[10] = '/';
	longpath[150] = '\0';
	size_t before = w.len;
	ok(tar_add_file(&w, longpath, "x", 1) == 0 && nskipped == 1 && w.len == before + TAR_BLOCK,
	   "an unsplittable path is reported and left out (its short parent stays)");

	ok(tar_finish(&w) == 0 && w.len == before + 3 * TAR_BLOCK, "finish adds two blocks");
	unsigned char zero[2 * TAR_BLOCK] = { 0 };
	ok(!memcmp(w.data + w.len - sizeof(zero), zero, sizeof(zero)), "... of zeros");
	tar_writer_free(&w);
}

static void limit_tests(void)
{
	struct tar_writer w;
	static char big[4 * TAR_BLOCK];

	tar_writer_init(&w, 4 * TAR_BLOCK, 0);
	ok(tar_add_file(&w, "f", big, TAR_BLOCK) == 0 && w.len == 2 * TAR_BLOCK,
	   "a member within the limit");
	ok(tar_add_file(&w, "g", big, 2 * TAR_BLOCK) == -EFBIG, "a member past the limit: -EFBIG");
	ok(w.len == 2 * TAR_BLOCK, "... and the archive is unchanged");
	ok(tar_finish(&w) == 0 && w.len == 4 * TAR_BLOCK, "the end blocks fit exactly");
	ok(tar_finish(&w) == -EFBIG, "no room for more: -EFBIG");
	has_str(w.why, "larger than", "... and why[] names the limit");
	tar_writer_free(&w);
}

/* The reader's per-member and depth limits (tar.h): the writer leaves out
 * what the reader would refuse, and says why. */
static const char *last_why;

static void skipped_why(void *arg, const char *path, const char *why)
{
	(void)path;
	++*(int *)arg;
	last_why = why;
}

static void reader_limit_tests(void)
{
	struct tar_writer w;
	char *big = calloc(1, TAR_MEMBER_MAX + 1);
	int nskipped = 0;
	size_t before;

	if (!big)
		abort();
	tar_writer_init(&w, TAR_ARCHIVE_MAX, 0);
	w.skipped = skipped_why;
	w.skipped_arg = &nskipped;
	ok(tar_add_file(&w, "at", big, TAR_MEMBER_MAX) == 0 && nskipped == 0,
	   "a member of TAR_MEMBER_MAX bytes is stored");
	before = w.len;
	ok(tar_add_file(&w, "past", big, TAR_MEMBER_MAX + 1) == 0 && nskipped == 1 &&
	   w.len == before, "one byte more: left out, the archive unchanged");
	has_str(last_why, "larger than 1 MiB", "... and the reason names the limit");
	ok(tar_path_depth("a/b/c/") == 3 && tar_path_depth("a") == 1, "depth counts components");
	ok(tar_add_file(&w, "1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16", "x", 1) == 0 && nskipped == 1,
	   "a path of TAR_DEPTH_MAX (16) components is stored");
	before = w.len;
	ok(tar_add_file(&w, "1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17", "x", 1) == 0 &&
	   nskipped == 2 && w.len == before + TAR_BLOCK,
	   "17 components: left out (its parent directory, 16 deep, stays)");
	tar_writer_free(&w);
	free(big);
}

static void gzip_tests(void)
{
	struct tar_writer w;
	unsigned char *gz = NULL, back[8 * TAR_BLOCK];
	size_t gzlen = 0;
	z_stream zs = { 0 };

	tar_writer_init(&w, 1 << 20, 1700000000);
	tar_add_file(&w, "d/e/f", "content\n", 8);
	tar_finish(&w);
	ok(gzip_deflate(w.data, w.len, &gz, &gzlen) == 0 && gz && gzlen > 18, "gzip (%zu bytes)", gzlen);
	ok(gzlen >= 2 && gz[0] == 0x1f && gz[1] == 0x8b && gz[2] == 8, "gzip magic and deflate method");
	inflateInit2(&zs, 15 + 16);
	zs.next_in = gz;
	zs.avail_in = (uInt)gzlen;
	zs.next_out = back;
	zs.avail_out = sizeof(back);
	ok(inflate(&zs, Z_FINISH) == Z_STREAM_END && zs.total_out == w.len &&
	   !memcmp(back, w.data, w.len), "inflates back to the %zu-byte archive", w.len);
	inflateEnd(&zs);
	free(gz);
	tar_writer_free(&w);
}

int main(void)
{
	member_tests();
	limit_tests();
	reader_limit_tests();
	gzip_tests();
	return done_testing();
}
