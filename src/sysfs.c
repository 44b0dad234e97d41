/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sysfs.c - rooted, read-only sysfs access.
 *
 * Everything goes through openat() on one directory fd so --sysfs-root
 * replays a capture byte for byte.  Files are opened O_NONBLOCK and checked
 * to be regular files first: a FIFO or device node planted in a capture
 * must not hang or side-effect the tool. */
#include "sysfs.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "memtree.h"
#include "oom.h"

#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

int sysroot_open(struct sysroot *root, const char *path)
{
	root->mem = NULL;
	if (snprintf(root->path, sizeof(root->path), "%s", path) >= (int)sizeof(root->path))
		return -ENAMETOOLONG;
	root->dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root->dirfd < 0)
		return -errno;
	if (!realpath(path, root->real)) {
		int err = -errno;

		if (err == -ENOMEM)
			oom();
		sysroot_close(root);
		return err;
	}
	root->is_slash = !strcmp(root->real, "/");
	return 0;
}

void sysroot_open_mem(struct sysroot *root, const struct memtree *tree, const char *name)
{
	root->dirfd = -1;
	root->mem = tree;
	snprintf(root->path, sizeof(root->path), "%s", name);
	root->real[0] = '\0';
	root->is_slash = false;
}

int sysfs_open(const struct sysroot *root, const char *rel, int flags)
{
	char link[64], where[PATH_MAX];
	size_t rl = strlen(root->real);
	ssize_t n;
	int fd;

	if (root->mem)
		return -EOPNOTSUPP;
	flags |= O_CLOEXEC | O_NOCTTY;
	if (root->is_slash)
		return (fd = openat(root->dirfd, rel, flags)) < 0 ? -errno : fd;
#ifdef SYS_openat2
	{
		/* BENEATH, not IN_ROOT: a link out of the tree is an error to
		 * report (EXDEV), not a file to look for inside it. */
		struct open_how how = {
			.flags = (uint64_t)flags,
			.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
		};

		/* EAGAIN: a concurrent rename below the root; retry. */
		for (int tries = 0; tries < 8; tries++) {
			fd = (int)syscall(SYS_openat2, root->dirfd, rel, &how, sizeof(how));
			if (fd >= 0 || errno != EAGAIN)
				break;
		}
		/* ENOSYS before Linux 5.6 and under qemu-user; EPERM from
		 * seccomp profiles that predate openat2. */
		if (fd >= 0 || (errno != ENOSYS && errno != EPERM))
			return fd < 0 ? -errno : fd;
	}
#endif
	fd = openat(root->dirfd, rel, flags);
	if (fd < 0)
		return -errno;
	/* Without openat2: open, then check where the fd really points. */
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, where, sizeof(where) - 1);
	if (n < 0 || (size_t)n < rl || memcmp(where, root->real, rl) ||
	    ((size_t)n > rl && where[rl] != '/')) {
		close(fd);
		return -EXDEV;
	}
	return fd;
}

void sysroot_close(struct sysroot *root)
{
	if (root->dirfd >= 0)
		close(root->dirfd);
	root->dirfd = -1;
}

int sysfs_exists(const struct sysroot *root, const char *rel)
{
	struct stat st;

	if (root->mem)
		return memtree_exists(root->mem, rel);
	/* Not following the last link: a dangling or looping symlink exists,
	 * and reading it then reports why. */
	return fstatat(root->dirfd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

int sysfs_absent(const struct sysroot *root, const char *rel)
{
	struct stat st;

	if (root->mem)
		return !memtree_exists(root->mem, rel);
	return fstatat(root->dirfd, rel, &st, AT_SYMLINK_NOFOLLOW) < 0 && errno == ENOENT;
}

/* sysfs_read_bytes() from an in-memory root, with the same answers. */
static int mem_read_bytes(const struct memtree *t, const char *rel, void *buf, size_t len,
			  size_t *got)
{
	bool dir;
	const struct memtree_node *f = memtree_find(t, rel, &dir);

	if (!f)
		return -ENOENT;
	if (dir)
		return -EISDIR;
	if (f->len > len)
		return -EFBIG;
	memcpy(buf, f->data, f->len);
	*got = f->len;
	return 0;
}

int sysfs_read_bytes(const struct sysroot *root, const char *rel, void *buf, size_t len,
		     size_t *got)
{
	struct stat st;
	ssize_t n;
	int fd, ret = 0;

	*got = 0;
	if (root->mem)
		return mem_read_bytes(root->mem, rel, buf, len, got);
	fd = sysfs_open(root, rel, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0) {
		ret = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		ret = -EISDIR;
		goto out;
	}
	/* sysfs reports st_size 4096 whatever the content, but hands a whole
	 * value to the first read(): a short read is EOF, no second call. */
	while ((n = read(fd, (char *)buf + *got, len - *got)) > 0) {
		bool short_read = (size_t)n < len - *got;

		*got += (size_t)n;
		if (short_read)
			break;
		if (*got == len) {
			char extra;

			if (read(fd, &extra, 1) > 0) {
				ret = -EFBIG;
				goto out;
			}
			break;
		}
	}
	if (n < 0)
		ret = -errno;
out:
	if (ret)
		*got = 0;
	close(fd);
	return ret;
}

int sysfs_read_all(const struct sysroot *root, const char *rel, void *buf, size_t max,
		   size_t *got)
{
	struct stat st;
	ssize_t n = 0;
	int fd = sysfs_open(root, rel, O_RDONLY | O_NONBLOCK), ret = 0;

	*got = 0;
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		ret = -EISDIR;
		goto out;
	}
	while (*got <= max && (n = read(fd, (char *)buf + *got, max + 1 - *got)) > 0)
		*got += (size_t)n;
	if (*got > max)
		ret = -EFBIG;
	else if (n < 0)
		ret = -errno;
out:
	close(fd);
	return ret;
}

int sysfs_read(const struct sysroot *root, const char *rel, char *buf, size_t len)
{
	size_t got;
	int ret = sysfs_read_bytes(root, rel, buf, len - 1, &got);

	if (!ret && memchr(buf, '\0', got))
		ret = -EILSEQ;
	if (ret)
		got = 0;
	while (got && (buf[got - 1] == '\n' || buf[got - 1] == ' '))
		got--;
	buf[got] = '\0';
	return ret;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void sysfs_names_free(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int sysfs_list_fd(int fd, char ***names)
{
	char **v = NULL;
	int n = 0, cap = 0, ret;
	struct dirent *e;
	DIR *d;

	*names = NULL;
	d = fdopendir(fd);
	if (!d) {
		/* fdopendir() allocates the DIR. */
		if (errno == ENOMEM)
			oom();
		ret = -errno;
		close(fd);
		return ret;
	}
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		names_push(&v, &n, &cap, e->d_name);
	}
	closedir(d);
	if (n)
		qsort(v, (size_t)n, sizeof(*v), name_cmp);
	*names = v;
	return n;
}

int sysfs_list(const struct sysroot *root, const char *rel, char ***names)
{
	int fd;

	*names = NULL;
	if (root->mem)
		return memtree_list(root->mem, rel, names);
	fd = sysfs_open(root, rel, O_RDONLY | O_DIRECTORY);
	return fd < 0 ? fd : sysfs_list_fd(fd, names);
}

int sysfs_vpathf(char *rel, const char *fmt, va_list ap)
{
	int n = vsnprintf(rel, SYSFS_PATH_MAX, fmt, ap);

	if (n < 0)
		return -EINVAL;
	return n >= SYSFS_PATH_MAX ? -ENAMETOOLONG : 0;
}

int sysfs_pathf(char *rel, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = sysfs_vpathf(rel, fmt, ap);
	va_end(ap);
	return err;
}

int sysfs_vreadf(const struct sysroot *root, char *rel, char *buf, size_t len, const char *fmt,
		 va_list ap)
{
	int err = sysfs_vpathf(rel, fmt, ap);

	if (err) {
		buf[0] = '\0';
		return err;
	}
	return sysfs_read(root, rel, buf, len);
}

int sysfs_readf(const struct sysroot *root, char *rel, char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = sysfs_vreadf(root, rel, buf, len, fmt, ap);
	va_end(ap);
	return err;
}

int sysfs_listf(const struct sysroot *root, char *rel, char ***names, const char *fmt, ...)
{
	va_list ap;
	int err;

	*names = NULL;
	va_start(ap, fmt);
	err = sysfs_vpathf(rel, fmt, ap);
	va_end(ap);
	return err ? err : sysfs_list(root, rel, names);
}

const char *sysfs_strerror(int err)
{
	switch (err) {
	case -ENOENT:
		return "missing";
	case -EACCES:
	case -EPERM:
		return "permission denied";
	case -EISDIR:
		return "not a regular file";
	case -EFBIG:
		return "value longer than a sysfs page";
	case -EILSEQ:
		return "contains a NUL byte";
	case -ELOOP:
		return "symlink loop";
	case -EXDEV:
		return "resolves outside the sysfs root";
	case -ENAMETOOLONG:
		return "path too long";
	default:
		return strerror(-err);
	}
}
