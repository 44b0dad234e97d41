/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gzip.h - gzip (RFC 1952) in memory, with zlib: the --capture archive and
 * /proc/config.gz.  Pure: buffers in, buffers out. */
#ifndef KPI_GZIP_H
#define KPI_GZIP_H

#include <stddef.h>

/* DATA gzip'ed at the best compression into a malloc'ed *OUT of *OUTLEN
 * bytes.  Returns 0, or -EFBIG (LEN over 4 GiB) or -EIO (zlib failed); out
 * of memory ends the run (oom()). */
int gzip_deflate(const unsigned char *data, size_t len, unsigned char **out, size_t *outlen);

/* The gzip members of GZ[LEN] (one, or several one after the other, as
 * cat a.gz b.gz and bgzip write them; what follows the last is ignored)
 * inflated into a malloc'ed *OUT of *OUTLEN bytes, which never grows past
 * MAX: a small input that expands
 * without bound (a gzip bomb) stops there.  Returns 0, or -EFBIG (more than
 * MAX bytes), -EPIPE (the stream ends early), -EILSEQ (not gzip, or corrupt:
 * zlib's words, when it has some, in WHY[WHYLEN]); *OUT is then NULL.  Out
 * of memory ends the run (oom()).  LEN must fit zlib's uInt (4 GiB). */
int gzip_inflate(const unsigned char *gz, size_t len, size_t max, unsigned char **out,
		 size_t *outlen, char *why, size_t whylen);

/* A consumer of inflated output, one piece at a time. */
typedef void gzip_sink(void *ctx, const unsigned char *data, size_t n);

/* gzip_inflate() without the buffer: each piece of output (at most 64 KiB)
 * goes to SINK(CTX, ...) as it comes, so memory stays one piece whatever
 * the stream inflates to.  MAX bounds the total; the returns are
 * gzip_inflate()'s, and the sink has had the output up to the failure. */
int gzip_inflate_each(const unsigned char *gz, size_t len, size_t max, gzip_sink *sink, void *ctx,
		      char *why, size_t whylen);

#endif
