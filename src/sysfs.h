/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sysfs.h - read-only access to files below one root directory, so that a
 * captured tree replays exactly like the live system. */
#ifndef KPI_SYSFS_H
#define KPI_SYSFS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest sysfs value we accept: sysfs show() fills at most one page. */
#define SYSFS_VALUE_MAX 4096

struct memtree;

/* A root is a directory (DIRFD) or, for --replay, an archive held in
 * memory (MEM, with DIRFD -1): the inventory reads both alike. */
struct sysroot {
	int dirfd;
	const struct memtree *mem;
	char path[4096];
	char real[4096];         /* realpath of PATH, for the containment check */
	bool is_slash;
};

int sysroot_open(struct sysroot *root, const char *path);
void sysroot_close(struct sysroot *root);
/* A root backed by TREE (which must outlive it); NAME says where it came
 * from in messages. */
void sysroot_open_mem(struct sysroot *root, const struct memtree *tree, const char *name);

/* open(2) REL below ROOT and never outside it: a path that leaves the root
 * through "..", an absolute or a looping symlink fails (-EXDEV, -ELOOP).
 * Returns an fd or -errno (-EOPNOTSUPP for an in-memory root). */
int sysfs_open(const struct sysroot *root, const char *rel, int flags);

/* Read REL (relative to the root) into BUF, trailing newlines removed.
 * Returns 0, or -errno: -ENOENT, -EACCES, -EISDIR (not a regular file),
 * -EFBIG (longer than LEN-1), -EILSEQ (embedded NUL byte). */
int sysfs_read(const struct sysroot *root, const char *rel, char *buf, size_t len);

/* Read REL as raw bytes (binary files such as SMBIOS tables or device-tree
 * properties): up to LEN bytes into BUF, the count in *GOT.  Returns 0 or
 * -errno as sysfs_read() does, -EFBIG when the file holds more than LEN. */
int sysfs_read_bytes(const struct sysroot *root, const char *rel, void *buf, size_t len,
		     size_t *got);

/* Read REL to its end into BUF, MAX + 1 bytes (one more, to see a larger
 * file): procfs hands out a file such as /proc/cpuinfo in page-sized
 * pieces, so a short read is not EOF here as it is for sysfs_read_bytes().
 * Regular files only, opened O_NONBLOCK below the root with sysfs_open()'s
 * checks.  Returns 0 with the size in *GOT, or -errno: sysfs_open()'s,
 * -EISDIR (not a regular file), -EFBIG (more than MAX bytes), read(2)'s. */
int sysfs_read_all(const struct sysroot *root, const char *rel, void *buf, size_t max,
		   size_t *got);

/* Names in directory REL, sorted, "." and ".." skipped.  *NAMES is a
 * malloc'ed array of malloc'ed strings (free with sysfs_names_free).
 * Returns the count or -errno. */
int sysfs_list(const struct sysroot *root, const char *rel, char ***names);
void sysfs_names_free(char **names, int n);
/* The same for an open directory FD, which it takes over (and closes). */
int sysfs_list_fd(int fd, char ***names);

/* Printf-style forms, after util-linux's ul_path_readf_*() (lscpu): the
 * path below ROOT is FMT formatted into REL, SYSFS_PATH_MAX bytes, where
 * the caller finds it for its messages.  A path that does not fit is never
 * truncated: the call fails with -ENAMETOOLONG before it touches the file
 * system, and REL holds as much of the path as fits. */
#define SYSFS_PATH_MAX 4096
__attribute__((format(printf, 2, 3)))
int sysfs_pathf(char *rel, const char *fmt, ...);
__attribute__((format(printf, 2, 0)))
int sysfs_vpathf(char *rel, const char *fmt, va_list ap);
__attribute__((format(printf, 5, 6)))
int sysfs_readf(const struct sysroot *root, char *rel, char *buf, size_t len, const char *fmt, ...);
__attribute__((format(printf, 5, 0)))
int sysfs_vreadf(const struct sysroot *root, char *rel, char *buf, size_t len, const char *fmt,
		 va_list ap);
__attribute__((format(printf, 4, 5)))
int sysfs_listf(const struct sysroot *root, char *rel, char ***names, const char *fmt, ...);

/* Whether REL exists (any type). */
int sysfs_exists(const struct sysroot *root, const char *rel);
/* REL certainly does not exist (ENOENT), as opposed to being unreachable. */
int sysfs_absent(const struct sysroot *root, const char *rel);

/* A one-line description of a sysfs_read() error. */
const char *sysfs_strerror(int err);

#endif
