/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gzip.c - gzip in memory: deflate for the writer, a bounded inflate for
 * what strangers send. */
#include "gzip.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* One piece of inflated output: what gzip_inflate_each() hands its sink. */
#define PIECE (64 * 1024)

int gzip_inflate_each(const unsigned char *gz, size_t len, size_t max, gzip_sink *sink, void *ctx,
		      char *why, size_t whylen)
{
	z_stream zs = { 0 };
	unsigned char *piece;
	size_t total = 0;
	int zr = Z_OK, ret = 0;

	if (len > UINT32_MAX)
		return -EFBIG;
	if (inflateInit2(&zs, GZIP_WBITS) != Z_OK)
		oom();
	piece = xmalloc(PIECE);
	zs.next_in = (unsigned char *)gz;
	zs.avail_in = (uInt)len;
	while (!ret) {
		size_t n;

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
		zs.next_out = piece;
		zs.avail_out = PIECE;
		zr = inflate(&zs, Z_NO_FLUSH);
		n = PIECE - zs.avail_out;
		if (n > max - total) {
			ret = -EFBIG;
			break;
		}
		total += n;
		if (n)
			sink(ctx, piece, n);
		/* with room for output, no progress means no more input */
		if (zr == Z_BUF_ERROR)
			ret = -EPIPE;
		else if (zr != Z_OK && zr != Z_STREAM_END) {
			if (zr == Z_MEM_ERROR)
				oom();
			snprintf(why, whylen, "%s", zs.msg ? zs.msg : "zlib error");
			ret = -EILSEQ;
		}
	}
	inflateEnd(&zs);
	free(piece);
	return ret;
}

/* gzip_inflate()'s sink: the whole output in one growing buffer. */
struct whole {
	unsigned char *buf;
	size_t len, cap, max;
};

static void append(void *ctx, const unsigned char *data, size_t n)
{
	struct whole *w = ctx;

	if (n > w->cap - w->len) {
		size_t ncap = w->cap ? 2 * w->cap : PIECE;

		if (ncap > w->max)
			ncap = w->max;      /* gzip_inflate_each() keeps len + n <= max */
		if (ncap < w->len + n)
			ncap = w->len + n;
		w->buf = xreallocarray(w->buf, ncap, 1);
		w->cap = ncap;
	}
	memcpy(w->buf + w->len, data, n);
	w->len += n;
}

int gzip_inflate(const unsigned char *gz, size_t len, size_t max, unsigned char **out,
		 size_t *outlen, char *why, size_t whylen)
{
	struct whole w = { .max = max };
	int ret = gzip_inflate_each(gz, len, max, append, &w, why, whylen);

	*out = NULL;
	*outlen = 0;
	if (ret) {
		free(w.buf);
		return ret;
	}
	*out = w.buf ? w.buf : xmalloc(1);
	*outlen = w.len;
	return 0;
}
