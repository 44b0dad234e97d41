/* SPDX-License-Identifier: GPL-2.0-or-later */
/* memtree.c - an in-memory read-only tree, sorted by path.
 *
 * Sealing adds every ancestor directory as a node of its own, so a lookup is
 * one binary search and the children of "d" are the nodes right after "d/"
 * in sort order whose remainder holds no '/': every path that starts with a
 * given prefix sorts into one contiguous run. */
#include "memtree.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Parents that only appear in other paths are marked by len IMPLICIT until
 * the merge in memtree_seal(). */
#define IMPLICIT SIZE_MAX

void memtree_init(struct memtree *t)
{
	memset(t, 0, sizeof(*t));
}

void memtree_free(struct memtree *t)
{
	for (int i = 0; i < t->n; i++) {
		free(t->nodes[i].path);
		free(t->nodes[i].data);
	}
	free(t->nodes);
	memtree_init(t);
}

bool memtree_clean_path(const char *path)
{
	const char *p = path;
	size_t len = strlen(path);

	if (!len || path[0] == '/')
		return false;
	if (path[len - 1] == '/')
		len--;
	while (p < path + len) {
		const char *s = memchr(p, '/', (size_t)(path + len - p));
		size_t n = s ? (size_t)(s - p) : (size_t)(path + len - p);

		if (!n || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p += n + 1;
	}
	return true;
}

static void push(struct memtree *t, char *path, bool dir, unsigned char *data, size_t len)
{
	if (t->n == t->cap) {
		int ncap = t->cap ? 2 * t->cap : 64;

		t->nodes = xreallocarray(t->nodes, (size_t)ncap, sizeof(*t->nodes));
		t->cap = ncap;
	}
	t->nodes[t->n++] = (struct memtree_node){ .path = path, .dir = dir, .data = data, .len = len };
}

int memtree_add(struct memtree *t, const char *path, bool dir, const void *data, size_t len)
{
	size_t plen = strlen(path);
	unsigned char *copy = NULL;
	char *p;

	if (!memtree_clean_path(path))
		return -EINVAL;
	if (path[plen - 1] == '/')
		plen--;
	p = xstrndup(path, plen);
	if (!dir) {
		/* A trailing NUL, so a value can be used as a string. */
		copy = xmalloc(len + 1);
		if (len)
			memcpy(copy, data, len);
		copy[len] = 0;
	}
	push(t, p, dir, copy, len);
	t->sealed = false;
	return 0;
}

static int node_cmp(const void *a, const void *b)
{
	const struct memtree_node *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	/* Equal paths: the explicit node first, so the merge keeps it. */
	return c ? c : (int)(x->len == IMPLICIT) - (int)(y->len == IMPLICIT);
}

/* The length of the longest directory both PATH and PREV lie below (0:
 * none), i.e. up to the last '/' of their common prefix. */
static size_t shared_dir(const char *prev, const char *path)
{
	size_t i = 0, dir = 0;

	for (; prev[i] && prev[i] == path[i]; i++)
		if (path[i] == '/')
			dir = i;
	return dir;
}

/* Whether the first N0 (sorted, explicit) nodes hold the directory that is
 * the first LEN bytes of PATH: then it needs no implicit copy, and the copy
 * would count against the node limit although the merge drops it. */
static bool explicit_dir(const struct memtree *t, int n0, const char *path, size_t len)
{
	int lo = 0, hi = n0;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		const char *q = t->nodes[mid].path;
		int c = strncmp(q, path, len);

		if (!c)
			c = q[len] ? 1 : 0;
		if (!c)
			return t->nodes[mid].dir;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* Add an implicit node for every ancestor of every path.  The explicit
 * nodes are sorted first: then every path below a directory D forms one
 * run, so the ancestors a path shares with the path before it exist
 * already, and each ancestor is copied once.  (Copying all of them for
 * every path cost 1.7 GB and 45 s for 65,536 paths 128 deep.) */
static int add_parents(struct memtree *t)
{
	int n0 = t->n;

	if (n0)
		qsort(t->nodes, (size_t)n0, sizeof(*t->nodes), node_cmp);
	for (int i = 0; i < n0; i++) {
		const char *path = t->nodes[i].path;
		size_t skip = i ? shared_dir(t->nodes[i - 1].path, path) : 0;

		for (const char *s = strchr(path + skip + (skip > 0), '/'); s; s = strchr(s + 1, '/')) {
			size_t len = (size_t)(s - path);
			char *parent;

			if (explicit_dir(t, n0, path, len))
				continue;
			if (t->max && t->n >= t->max)
				return -E2BIG;
			parent = xstrndup(path, len);
			push(t, parent, true, NULL, IMPLICIT);
			path = t->nodes[i].path;   /* push may have moved the array */
			s = path + len;
		}
	}
	return 0;
}

int memtree_seal(struct memtree *t, const char **which)
{
	int out = 0, ret;

	*which = NULL;
	if (t->max && t->n > t->max)
		return -E2BIG;
	ret = add_parents(t);
	if (ret)
		return ret;
	if (t->n)
		qsort(t->nodes, (size_t)t->n, sizeof(*t->nodes), node_cmp);
	for (int i = 0; i < t->n; i++) {
		struct memtree_node *prev = out ? &t->nodes[out - 1] : NULL, *cur = &t->nodes[i];

		if (prev && !strcmp(prev->path, cur->path)) {
			bool prev_implicit = prev->len == IMPLICIT;
			bool cur_implicit = cur->len == IMPLICIT;

			/* Two explicit members, or a file that is also a parent. */
			if ((!prev_implicit && !cur_implicit) || (!prev->dir || !cur->dir)) {
				*which = prev->path;
				for (int j = i; j < t->n; j++)       /* keep the tree freeable */
					t->nodes[out++] = t->nodes[j];
				t->n = out;
				return -EEXIST;
			}
			if (prev_implicit && !cur_implicit) {
				free(prev->path);
				*prev = *cur;
			} else {
				free(cur->path);
			}
			continue;
		}
		t->nodes[out++] = *cur;
	}
	t->n = out;
	for (int i = 0; i < t->n; i++)
		if (t->nodes[i].len == IMPLICIT)
			t->nodes[i].len = 0;
	t->sealed = true;
	return 0;
}

/* PATH without a leading "./" and trailing '/'s, into BUF; NULL when it
 * does not fit. */
static const char *norm(const char *path, char *buf, size_t len)
{
	size_t n;

	while (path[0] == '.' && path[1] == '/')
		path += 2;
	n = strlen(path);
	while (n && path[n - 1] == '/')
		n--;
	if (n == 1 && path[0] == '.')
		n = 0;
	if (n >= len)
		return NULL;
	memcpy(buf, path, n);
	buf[n] = '\0';
	return buf;
}

/* Index of the first node whose path is >= KEY. */
static int lower_bound(const struct memtree *t, const char *key)
{
	int lo = 0, hi = t->n;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (strcmp(t->nodes[mid].path, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct memtree_node *memtree_find(const struct memtree *t, const char *path, bool *is_dir)
{
	static const struct memtree_node root = { .path = (char *)"", .dir = true };
	char buf[4096];
	const char *key = norm(path, buf, sizeof(buf));
	int i;

	*is_dir = false;
	if (!key || !t->sealed)
		return NULL;
	if (!key[0]) {
		*is_dir = true;
		return &root;
	}
	i = lower_bound(t, key);
	if (i >= t->n || strcmp(t->nodes[i].path, key))
		return NULL;
	*is_dir = t->nodes[i].dir;
	return &t->nodes[i];
}

bool memtree_exists(const struct memtree *t, const char *path)
{
	bool dir;

	return memtree_find(t, path, &dir) != NULL;
}

void names_push(char ***v, int *n, int *cap, const char *name)
{
	if (*n == *cap) {
		int ncap = *cap ? 2 * *cap : 16;

		*v = xreallocarray(*v, (size_t)ncap, sizeof(**v));
		*cap = ncap;
	}
	(*v)[(*n)++] = xstrdup(name);
}

int memtree_list(const struct memtree *t, const char *path, char ***names)
{
	char buf[4096], prefix[4097];
	const char *key = norm(path, buf, sizeof(buf));
	char **v = NULL;
	size_t plen;
	int n = 0, cap = 0;
	bool dir;

	*names = NULL;
	if (!key || !memtree_find(t, key, &dir))
		return -ENOENT;
	if (!dir)
		return -ENOTDIR;
	plen = (size_t)snprintf(prefix, sizeof(prefix), "%s%s", key, key[0] ? "/" : "");
	for (int i = key[0] ? lower_bound(t, prefix) : 0; i < t->n;) {
		const char *p = t->nodes[i].path, *slash;

		if (strncmp(p, prefix, plen))
			break;
		slash = strchr(p + plen, '/');
		if (slash) {
			/* Below child C: skip to the first path after "C/...",
			 * i.e. the first >= "C0" ('0' follows '/'). */
			char next[4097];
			size_t clen = (size_t)(slash - p);

			if (clen + 2 > sizeof(next)) {
				i++;
				continue;
			}
			memcpy(next, p, clen);
			memcpy(next + clen, "0", 2);
			i = lower_bound(t, next);
			continue;
		}
		names_push(&v, &n, &cap, p + plen);
		i++;
	}
	*names = v;
	return n;
}
