/* SPDX-License-Identifier: GPL-2.0-or-later */
/* memtree.h - a read-only file tree held in memory: what --replay reads an
 * archive into, and what the sysroot API (sysfs.h) reads instead of a
 * directory fd when a root is backed by one. */
#ifndef KPI_MEMTREE_H
#define KPI_MEMTREE_H

#include <stdbool.h>
#include <stddef.h>

struct memtree_node {
	char *path;              /* clean relative path, no trailing '/' */
	bool dir;
	unsigned char *data;     /* files: LEN bytes (plus a NUL), else NULL */
	size_t len;
};

struct memtree {
	struct memtree_node *nodes;   /* sorted by path once memtree_seal() ran */
	int n, cap;
	int max;                      /* nodes at most, with the implied
				       * directories (0: no limit) */
	bool sealed;
};

void memtree_init(struct memtree *t);
void memtree_free(struct memtree *t);

/* Add a file (DIR false: a copy of DATA/LEN) or a directory.  PATH must be
 * clean (see memtree_clean_path); a trailing '/' is dropped.  Returns 0 or
 * -EINVAL (unclean path). */
int memtree_add(struct memtree *t, const char *path, bool dir, const void *data, size_t len);

/* Sort and check the tree, in O(n log n) for n paths of bounded length:
 * returns 0, or -EEXIST with the offending path in *WHICH (a path added
 * twice, or a file that is also the parent of another path), or -E2BIG
 * (more than MAX nodes, counting the directories the paths imply).
 * Lookups need a sealed tree. */
int memtree_seal(struct memtree *t, const char **which);

/* Whether PATH is a clean relative name: not empty, not absolute, no empty,
 * "." or ".." component (a single trailing '/' is allowed). */
bool memtree_clean_path(const char *path);

/* The file or directory at PATH ("" or "." is the root directory, which
 * always exists); NULL when absent.  *IS_DIR says which; directories that
 * only appear as parents of other paths count. */
const struct memtree_node *memtree_find(const struct memtree *t, const char *path, bool *is_dir);
bool memtree_exists(const struct memtree *t, const char *path);

/* Append a copy of NAME to the array *V of *N names (room for *CAP),
 * growing it.  Shared by the directory listers. */
void names_push(char ***v, int *n, int *cap, const char *name);

/* The names directly below directory PATH, sorted, as sysfs_list() returns
 * them, in O(k log n) for k names: deeper paths are skipped a subtree at a
 * time.  Returns the count, or -ENOENT, -ENOTDIR. */
int memtree_list(const struct memtree *t, const char *path, char ***names);

#endif
