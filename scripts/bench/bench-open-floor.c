/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bench-open-floor.c - the least a CPU's MIDR can cost: the system calls
 * src/sysfs.c makes for one value (openat2 RESOLVE_BENEATH, fstat, read,
 * close), for cpu0..cpuN-1 of a tree, in a loop with nothing else.
 * scripts/bench/bench-report.py builds it and prints its time beside the tool's;
 * not part of the tool.
 *
 * usage: bench-open-floor ROOT NCPUS PASSES   prints "MEAN_MS SD_MS" */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/openat2.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int pass(int root, int ncpus)
{
	struct open_how how = {
		.flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
	};
	char path[96], buf[4096];
	struct stat st;

	for (int i = 0; i < ncpus; i++) {
		int fd;

		snprintf(path, sizeof(path),
			 "sys/devices/system/cpu/cpu%d/regs/identification/midr_el1", i);
		fd = (int)syscall(SYS_openat2, root, path, &how, sizeof(how));
		if (fd < 0) {
			perror(path);
			return -1;
		}
		if (fstat(fd, &st) < 0 || read(fd, buf, sizeof(buf)) < 0) {
			perror(path);
			close(fd);
			return -1;
		}
		close(fd);
	}
	return 0;
}

int main(int argc, char **argv)
{
	double sum = 0, sq = 0;
	int root, ncpus, passes;

	if (argc != 4 || (ncpus = atoi(argv[2])) <= 0 || (passes = atoi(argv[3])) < 2) {
		fprintf(stderr, "usage: bench-open-floor ROOT NCPUS PASSES(>=2)\n");
		return 2;
	}
	root = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root < 0) {
		perror(argv[1]);
		return 1;
	}
	if (pass(root, ncpus) < 0)      /* warm the dentry cache, as hyperfine's warm-up does */
		return 1;
	for (int i = 0; i < passes; i++) {
		double t0 = now_ms(), t;

		if (pass(root, ncpus) < 0)
			return 1;
		t = now_ms() - t0;
		sum += t;
		sq += t * t;
	}
	printf("%.3f %.3f\n", sum / passes,
	       sqrt((sq - sum * sum / passes) / (passes - 1)));
	return 0;
}
