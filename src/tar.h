/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tar.h - the .tar.gz archives of --capture, in memory: the writer
 * (tar_write.c) and the reader of what it writes (tar_read.c, for
 * --replay).  Pure: no file descriptors, no clock, no globals (but
 * tar_load(), which reads the file).
 *
 * The format is POSIX ustar (POSIX.1-2001, the pax utility's "ustar
 * interchange format"): one 512-byte header per member, with octal number
 * fields and a checksum, the data padded to 512 bytes, and two zero blocks
 * at the end; the whole archive is then gzip'ed (RFC 1952) with zlib. */
#ifndef KPI_TAR_H
#define KPI_TAR_H

#include <stddef.h>
#include <time.h>

#include "memtree.h"

#define TAR_BLOCK 512

/* ---- limits: one set, for the writer and the reader ----
 *
 * The reader refuses an archive past any of them; the writer never writes
 * one: it leaves out a member that one would refuse (and says so through
 * skipped()), or fails with the limit named in why[]. */

#define TAR_MEMBER_MAX (1u << 20)   /* one member: the writer's per-file cap */
#define TAR_ARCHIVE_MAX (64u << 20)     /* the uncompressed archive */
#define TAR_GZ_MAX (16u << 20)      /* the compressed file */
/* The archive's shape, not only its bytes, is bounded: at most
 * TAR_MEMBERS_MAX members (a capture of 8,192 CPUs, the most cpulist.h's
 * CPUSET_MAX takes, writes 5 per CPU: 40,960), at most TAR_NODES_MAX files
 * and directories counting the directories member names imply (the
 * writer writes each one, so its archives imply none), and at most
 * TAR_DEPTH_MAX components a path (a capture's deepest, sys/devices/
 * system/cpu/cpuN/regs/identification/midr_el1, has 7). */
#define TAR_MEMBERS_MAX 65536
#define TAR_NODES_MAX (2 * TAR_MEMBERS_MAX)
#define TAR_DEPTH_MAX 16
/* Components of the clean path NAME ("a/b/" is 2). */
int tar_path_depth(const char *name);
/* capture-errors.txt ("path: reason" a line): at most this many lines, the
 * last one, under the file's own name, saying how many more were left out;
 * --replay reads no more. */
#define CAPTURE_ERRORS_FILE "capture-errors.txt"
#define CAPTURE_ERRORS_MAX 1024

/* ---- writer ---- */

struct tar_writer {
	unsigned char *data;     /* the archive so far, LEN bytes */
	size_t len, cap;
	size_t max;              /* LEN never exceeds this */
	time_t mtime;            /* of every member */
	char **dirs;             /* directory members written so far */
	int ndirs;
	int members;             /* written so far, at most TAR_MEMBERS_MAX */
	/* Called, when set, for a member the archive does without, with WHY
	 * ("...: not stored"): a path no ustar header can hold (over 100 bytes
	 * with no '/' that leaves a prefix of at most 155 and a name of at
	 * most 100) or deeper than TAR_DEPTH_MAX, data over TAR_MEMBER_MAX. */
	void (*skipped)(void *arg, const char *path, const char *why);
	void *skipped_arg;
	char why[128];           /* the limit a failed call met, one line */
};

/* An empty archive of at most MAX bytes whose members carry MTIME. */
void tar_writer_init(struct tar_writer *w, size_t max, time_t mtime);
void tar_writer_free(struct tar_writer *w);

/* A regular file PATH (mode 0644) holding SIZE bytes of DATA, after a
 * directory member (mode 0755, path ending in '/') for each of its
 * ancestors not yet in the archive.  A PATH ending in '/' adds just those
 * directories, the last one included.  Returns 0, or -EFBIG (the archive
 * would pass MAX) or -E2BIG (more than TAR_MEMBERS_MAX members), both with
 * why[] set; the archive then stays as it was before the failing member. */
int tar_add_file(struct tar_writer *w, const char *path, const void *data, size_t size);
int tar_add_dirs(struct tar_writer *w, const char *path);

/* The end-of-archive marker, two zero blocks.  Returns 0 or -EFBIG. */
int tar_finish(struct tar_writer *w);

/* tar_finish(), then the archive gzip'ed into a malloc'ed *GZ of *LEN
 * bytes.  Returns 0; -EFBIG with why[] set when the end blocks do not fit
 * or the .tar.gz would pass TAR_GZ_MAX; -EIO (zlib failed). */
int tar_finish_gz(struct tar_writer *w, unsigned char **gz, size_t *len);

/* ---- reader ----
 *
 * The subset the writer produces: regular files and directories with clean
 * relative names, nothing else.  The archive comes from strangers, so every
 * size is capped (the limits above) and the first thing outside the subset
 * ends the read with one line saying what it was. */

/* Parse LEN bytes of uncompressed ustar into OUT (initialised by the
 * caller, sealed on success).  Returns 0, or -1 with a one-line reason in
 * ERR (then OUT holds what was read so far; free it either way). */
int tar_read(const unsigned char *tar, size_t len, struct memtree *out, char *err, size_t errlen);

/* The same for a gzip'ed archive (a .tar.gz). */
int tar_read_gz(const unsigned char *gz, size_t len, struct memtree *out, char *err,
		size_t errlen);

/* Read FILE (at most TAR_GZ_MAX bytes, a regular file) and parse it as
 * tar_read_gz() does. */
int tar_load(const char *file, struct memtree *out, char *err, size_t errlen);

#endif
