/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gzip.c - gzip in memory: deflate for the writer, a bounded inflate for
 * what strangers send. */
#include "gzip.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

#include "xalloc.h"

/* windowBits 15 + 16: a gzip wrapper, not zlib's and not raw deflate. */
#define GZIP_WBITS (15 + 16)

int gzip_deflate(const unsigned char *data, size_t len, unsigned char **out, size_t *outlen)
{
	z_stream zs = { 0 };
	unsigned char *buf;
	uLong bound;
	int zr;

	*out = NULL;
	*outlen = 0;
	if (len > UINT32_MAX)
		return -EFBIG;
	/* With these constant arguments only memory can fail it. */
	if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, GZIP_WBITS, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		oom();
	/* deflateBound() holds for these settings: one deflate() call ends it. */
	bound = deflateBound(&zs, (uLong)len);
	buf = xmalloc(bound);
	zs.next_in = (unsigned char *)data;
	zs.avail_in = (uInt)len;
	zs.next_out = buf;
	zs.avail_out = (uInt)bound;
	zr = deflate(&zs, Z_FINISH);
	deflateEnd(&zs);
	if (zr != Z_STREAM_END) {
		free(buf);
		return -EIO;
	}
	*out = buf;
	*outlen = bound - zs.avail_out;
	return 0;
}

/* Room for more output: double *BUF up to MAX.  -EFBIG when it is full. */
static int grow(unsigned char **buf, size_t *cap, size_t max)
{
	size_t ncap = *cap ? 2 * *cap : 64 * 1024;

	if (*cap >= max)
		return -EFBIG;
	if (ncap > max)
		ncap = max;
	*buf = xreallocarray(*buf, ncap, 1);
	*cap = ncap;
	return 0;
}

int gzip_inflate(const unsigned char *gz, size_t len, size_t max, unsigned char **out,
		 size_t *outlen, char *why, size_t whylen)
{
	z_stream zs = { 0 };
	unsigned char *buf = NULL;
	size_t cap = 0, done = 0;
	int zr = Z_OK, ret = 0;

	*out = NULL;
	*outlen = 0;
	if (len > UINT32_MAX)
		return -EFBIG;
	if (inflateInit2(&zs, GZIP_WBITS) != Z_OK)
		oom();
	zs.next_in = (unsigned char *)gz;
	zs.avail_in = (uInt)len;
	while (!ret) {
		if (zr == Z_STREAM_END) {
			/* RFC 1952 2.2: a gzip file is a series of members
			 * (cat a.gz b.gz, bgzip); anything else after one is
			 * ignored, as gzip -d does with trailing zeros. */
			if (zs.avail_in < 2 || zs.next_in[0] != 0x1f || zs.next_in[1] != 0x8b)
				break;
			if (inflateReset(&zs) != Z_OK) {
				ret = -ENOMEM;
				break;
			}
		}
		if (done == cap && (ret = grow(&buf, &cap, max)))
			break;
		zs.next_out = buf + done;
		zs.avail_out = (uInt)(cap - done);
		zr = inflate(&zs, Z_NO_FLUSH);
		done = (size_t)(zs.next_out - buf);
		if (zr == Z_BUF_ERROR && !zs.avail_in)
			ret = -EPIPE;
		else if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR) {
			if (zr == Z_MEM_ERROR)
				oom();
			snprintf(why, whylen, "%s", zs.msg ? zs.msg : "zlib error");
			ret = -EILSEQ;
		}
	}
	inflateEnd(&zs);
	if (ret) {
		free(buf);
		return ret;
	}
	*out = buf;
	*outlen = done;
	return 0;
}
