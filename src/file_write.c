/* SPDX-License-Identifier: GPL-2.0-or-later */
/* file_write.c - publish a file atomically: a reader (a fleet collector, a
 * bug tracker's upload) sees the old file or the whole new one, never a
 * torn one, and a failed or interrupted write leaves nothing behind. */
#include "file_write.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "array_size.h"

static void exists(const char *file, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s exists (use --force to overwrite)", file);
}

/* What --force may replace: nothing but a regular file.  rename() would
 * replace a symbolic link, a FIFO or a device node itself (as root,
 * --capture /dev/stdout --force replaced /dev/stdout), and writing through
 * one instead is not an atomic publish: both are refused. */
static int not_regular(const char *file, const struct stat *st, char *err, size_t errlen)
{
	const char *what = S_ISLNK(st->st_mode) ? "a symbolic link" : S_ISFIFO(st->st_mode) ? "a FIFO"
			 : S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode) ? "a device node"
			 : S_ISDIR(st->st_mode) ? "a directory" : S_ISSOCK(st->st_mode) ? "a socket" : NULL;

	if (!what)
		return 0;
	snprintf(err, errlen, "%s is %s; --force replaces only a regular file", file, what);
	return -1;
}

int file_check_new(const char *file, bool force, char *err, size_t errlen)
{
	struct stat st;

	if (lstat(file, &st))
		return 0;
	if (force)
		return not_regular(file, &st, err, errlen);
	exists(file, err, errlen);
	return -1;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Create a fresh temporary file beside FILE (same directory, so the final
 * rename is atomic; a dot name, so directory watchers skip it). */
static int make_temp(const char *file, char *tmp, size_t tmplen)
{
	const char *slash = strrchr(file, '/');
	int dirlen = slash ? (int)(slash - file) + 1 : 0;
	struct timespec ts;

	for (int tries = 0; tries < 16; tries++) {
		int fd;

		clock_gettime(CLOCK_REALTIME, &ts);
		/* At most 200 bytes of the name: with the dot, pid, stamp and
		 * ".tmp" (at most 41 more) a temporary name stays under
		 * NAME_MAX (255) for every name that is valid itself. */
		if (snprintf(tmp, tmplen, "%.*s.%.200s.%ld.%lx.tmp", dirlen, file, slash ? slash + 1 : file,
			     (long)getpid(), (unsigned long)ts.tv_nsec ^ (unsigned long)tries) >= (int)tmplen)
			return -ENAMETOOLONG;
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd >= 0 || errno != EEXIST)
			return fd < 0 ? -errno : fd;
	}
	return -EEXIST;
}

/* ---- a signal while the temporary file exists ----
 *
 * SIGHUP, SIGINT or SIGTERM during the write or the fsync (which can take
 * seconds on a slow disk) removes the temporary file, then the process dies
 * of the signal as if it had not been caught (128 + its number in a shell).
 * A signal the process ignores (nohup) stays ignored. */

static const int publish_signals[] = { SIGHUP, SIGINT, SIGTERM };
static char pending[PATH_MAX];
static volatile sig_atomic_t have_pending;

static void remove_pending(int sig)
{
	if (have_pending)
		unlink(pending);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Handlers in place, the signals blocked (*MASK: the mask to return to)
 * while the temporary file is made, so none comes between its creation
 * and have_pending. */
static void guard(struct sigaction old[], sigset_t *mask)
{
	struct sigaction sa = { .sa_handler = remove_pending };
	sigset_t block;

	sigemptyset(&block);
	for (size_t i = 0; i < ARRAY_SIZE(publish_signals); i++)
		sigaddset(&block, publish_signals[i]);
	sa.sa_mask = block;
	sigprocmask(SIG_BLOCK, &block, mask);
	for (size_t i = 0; i < ARRAY_SIZE(publish_signals); i++) {
		sigaction(publish_signals[i], NULL, &old[i]);
		if (old[i].sa_handler != SIG_IGN)
			sigaction(publish_signals[i], &sa, NULL);
	}
}

static void unguard(const struct sigaction old[], const sigset_t *mask)
{
	sigset_t all;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	have_pending = 0;
	for (size_t i = 0; i < ARRAY_SIZE(publish_signals); i++)
		sigaction(publish_signals[i], &old[i], NULL);
	sigprocmask(SIG_SETMASK, mask, NULL);
}

/* Move TMP to FILE; without FORCE only if FILE does not exist. */
static int rename_into_place(const char *tmp, const char *file, bool force)
{
	if (force)
		return rename(tmp, file) ? -errno : 0;
	if (!renameat2(AT_FDCWD, tmp, AT_FDCWD, file, RENAME_NOREPLACE))
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -errno;
	/* File systems without RENAME_NOREPLACE: link() never replaces either. */
	if (link(tmp, file))
		return -errno;
	unlink(tmp);
	return 0;
}

int file_publish(const char *file, bool force, const void *data, size_t len, char *err,
		 size_t errlen)
{
	struct sigaction old[ARRAY_SIZE(publish_signals)];
	struct stat st;
	sigset_t mask;
	int fd, e;

	/* Again here: the run between file_check_new() and now is long. */
	if (force && !lstat(file, &st) && not_regular(file, &st, err, errlen))
		return -1;
	guard(old, &mask);
	fd = make_temp(file, pending, sizeof(pending));
	have_pending = fd >= 0;
	sigprocmask(SIG_SETMASK, &mask, NULL);
	if (fd < 0) {
		unguard(old, &mask);
		snprintf(err, errlen, "cannot write %s: %s", file, strerror(-fd));
		return -1;
	}
	e = write_all(fd, data, len);
	if (!e && fsync(fd))
		e = -errno;
	if (close(fd) && !e)
		e = -errno;
	if (!e)
		e = rename_into_place(pending, file, force);
	if (e)
		unlink(pending);
	unguard(old, &mask);
	if (!e)
		return 0;
	if (e == -EEXIST)
		exists(file, err, errlen);
	else
		snprintf(err, errlen, "cannot write %s: %s", file, strerror(-e));
	return -1;
}
