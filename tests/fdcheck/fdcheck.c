/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fdcheck.c - a descriptor-leak check for the tool under test, preloaded
 * (LD_PRELOAD) by tests/lib.sh's kpi once a test calls fdcheck_on.
 *
 * A close() dropped from the tool changes none of its output, so no golden
 * sees it; the descriptor is simply still open when the process exits.
 * At load this notes every descriptor the process inherited (the test
 * shell's, the TAP driver's: not the tool's to close), each by device and
 * inode; at exit it lists /proc/self/fd, and any descriptor above 2 that is
 * new, or now names another file, is a leak.  One line per exit goes to the
 * file $KPI_FDCHECK_LOG: "ok" or "leak" with what each descriptor points at,
 * so tests/lib.sh's plan can fail the test, and can also tell that the
 * check ran at all (a static binary ignores LD_PRELOAD).  The tool's output
 * and exit status are left alone. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FDCHECK_MAX 1024

static struct { dev_t dev; ino_t ino; } inherited[FDCHECK_MAX];
static unsigned char had[FDCHECK_MAX];

__attribute__((constructor)) static void fdcheck_start(void)
{
	struct stat st;

	for (int fd = 3; fd < FDCHECK_MAX; fd++)
		if (fstat(fd, &st) == 0) {
			had[fd] = 1;
			inherited[fd].dev = st.st_dev;
			inherited[fd].ino = st.st_ino;
		}
}

static int inherited_still(int fd)
{
	struct stat st;

	return fd < FDCHECK_MAX && had[fd] && fstat(fd, &st) == 0 &&
	       st.st_dev == inherited[fd].dev && st.st_ino == inherited[fd].ino;
}

__attribute__((destructor)) static void fdcheck_end(void)
{
	const char *log = getenv("KPI_FDCHECK_LOG");
	char line[2048], link[64], target[PATH_MAX];
	size_t off = 0;
	struct dirent *e;
	DIR *d;
	int fd, leaks = 0;

	if (!log || !*log)
		return;
	d = opendir("/proc/self/fd");
	if (!d) {
		snprintf(line, sizeof(line), "error cannot list /proc/self/fd\n");
	} else {
		while ((e = readdir(d))) {
			char *end;
			long n = strtol(e->d_name, &end, 10);
			ssize_t k;

			if (*end || end == e->d_name || n <= 2 || n == dirfd(d) ||
			    inherited_still((int)n))
				continue;
			snprintf(link, sizeof(link), "/proc/self/fd/%ld", n);
			k = readlink(link, target, sizeof(target) - 1);
			target[k < 0 ? 0 : k] = '\0';
			if (off < sizeof(line) - 1)
				off += (size_t)snprintf(line + off, sizeof(line) - off, "%s%ld -> %s",
							leaks++ ? ", " : "leak ", n, target);
		}
		closedir(d);
		if (off >= sizeof(line) - 1)
			off = sizeof(line) - 2;
		if (!leaks)
			off = (size_t)snprintf(line, sizeof(line), "ok");
		line[off++] = '\n';
		line[off] = '\0';
	}
	/* O_APPEND: one write per exit, whole, whatever else appends. */
	fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	if (write(fd, line, strlen(line)) < 0)
		line[0] = '\0';
	close(fd);
}
