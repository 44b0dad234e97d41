/* ustar_read.h - read a --capture archive (gzip'ed POSIX ustar) into memory.
 *
 * The reader of the subset the capture writer produces: regular files and
 * directories with clean relative names, nothing else.  The archive comes
 * from strangers, so every size is capped and the first thing outside the
 * subset ends the read with one line saying what it was. */
#ifndef KPI_USTAR_READ_H
#define KPI_USTAR_READ_H

#include <stddef.h>

#include "memtree.h"

#define USTAR_MEMBER_MAX (1u << 20)   /* one member: the writer's per-file cap */
#define USTAR_TAR_MAX (64u << 20)     /* the uncompressed archive */
#define USTAR_GZ_MAX (16u << 20)      /* the compressed file */
#define USTAR_MEMBERS_MAX 65536

/* Parse LEN bytes of uncompressed ustar into OUT (initialised by the
 * caller, sealed on success).  Returns 0, or -1 with a one-line reason in
 * ERR (then OUT holds what was read so far; free it either way). */
int ustar_read(const unsigned char *tar, size_t len, struct memtree *out, char *err, size_t errlen);

/* The same for a gzip'ed archive (a .tar.gz). */
int ustar_read_gz(const unsigned char *gz, size_t len, struct memtree *out, char *err,
		  size_t errlen);

/* Read FILE (at most USTAR_GZ_MAX bytes, a regular file) and parse it as
 * ustar_read_gz() does. */
int ustar_load(const char *file, struct memtree *out, char *err, size_t errlen);

#endif
