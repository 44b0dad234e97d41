/* tar.h - the .tar.gz archives of --capture, in memory: the writer
 * (tar_write.c).  Pure: no file descriptors, no clock, no globals.
 *
 * The format is POSIX ustar (POSIX.1-2001, the pax utility's "ustar
 * interchange format"): one 512-byte header per member, with octal number
 * fields and a checksum, the data padded to 512 bytes, and two zero blocks
 * at the end; the whole archive is then gzip'ed (RFC 1952) with zlib. */
#ifndef KPI_TAR_H
#define KPI_TAR_H

#include <stddef.h>
#include <time.h>

#define TAR_BLOCK 512

/* ---- writer ---- */

struct tar_writer {
	unsigned char *data;     /* the archive so far, LEN bytes */
	size_t len, cap;
	size_t max;              /* LEN never exceeds this */
	time_t mtime;            /* of every member */
	char **dirs;             /* directory members written so far */
	int ndirs;
	/* Called, when set, for a member whose path no ustar header can hold
	 * (over 100 bytes with no '/' that leaves a prefix of at most 155 and a
	 * name of at most 100); the member is left out. */
	void (*skipped)(void *arg, const char *path);
	void *skipped_arg;
};

/* An empty archive of at most MAX bytes whose members carry MTIME. */
void tar_writer_init(struct tar_writer *w, size_t max, time_t mtime);
void tar_writer_free(struct tar_writer *w);

/* A regular file PATH (mode 0644) holding SIZE bytes of DATA, after a
 * directory member (mode 0755, path ending in '/') for each of its
 * ancestors not yet in the archive.  A PATH ending in '/' adds just those
 * directories, the last one included.  Returns 0, or -EFBIG (the archive
 * would pass MAX) or -ENOMEM; the archive then stays as it was before the
 * failing member. */
int tar_add_file(struct tar_writer *w, const char *path, const void *data, size_t size);
int tar_add_dirs(struct tar_writer *w, const char *path);

/* The end-of-archive marker, two zero blocks.  Returns 0, -EFBIG or
 * -ENOMEM. */
int tar_finish(struct tar_writer *w);

/* DATA gzip'ed at the best compression into a malloc'ed *OUT of *OUTLEN
 * bytes.  Returns 0, or -ENOMEM, -EFBIG (LEN over 4 GiB) or -EIO (zlib
 * failed). */
int tar_gzip(const unsigned char *data, size_t len, unsigned char **out, size_t *outlen);

#endif
