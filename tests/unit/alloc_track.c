/* SPDX-License-Identifier: GPL-2.0-or-later */
/* alloc_track.c - every block a test program allocates, followed.
 *
 * A program linked with this file and -Wl,--wrap= for malloc, calloc,
 * realloc, free, strdup and strndup sends those calls of its own and of
 * src/libkpi.a here.  A dropped free() changes no output, so only a count
 * of the blocks still held shows it without a sanitizer (test_replay); and
 * the fuzz targets' allocation-failure mode fails the Kth allocation and,
 * after oom()'s longjmp, frees what the input still held, as the tool's
 * exit would (tests/fuzz/alloc_fail.c).  Blocks the C library allocates
 * inside itself (open_memstream(), vasprintf()) are out of --wrap's reach;
 * a free of one finds no note and is let through. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "alloc_track.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);

bool (*alloc_track_fail)(void);

/* The noted blocks: open addressing on the pointer, so a program that
 * holds a million blocks costs no more per call than one that holds ten.
 * A freed block leaves GONE, which keeps the probe chains whole until the
 * table is next rebuilt. */
static bool tracking;
static void **live;
static size_t cap, used, nlive;
#define GONE ((void *)1)

static size_t slot(const void *p)
{
	return (size_t)(((uintptr_t)p >> 4) * 0x9e3779b97f4a7c15ull) & (cap - 1);
}

static void put(void *p)
{
	size_t i = slot(p);

	while (live[i] && live[i] != GONE)
		i = (i + 1) & (cap - 1);
	if (!live[i])
		used++;
	live[i] = p;
	nlive++;
}

static void rebuild(size_t ncap)
{
	void **old = live;
	size_t ocap = cap;

	live = __real_calloc(ncap, sizeof(*live));
	if (!live)
		abort();
	cap = ncap;
	used = nlive = 0;
	for (size_t i = 0; i < ocap; i++)
		if (old[i] && old[i] != GONE)
			put(old[i]);
	__real_free(old);
}

static void note(void *p)
{
	if (!tracking || !p)
		return;
	if (2 * (used + 1) > cap)
		rebuild(cap && 4 * nlive >= cap ? 2 * cap : cap ? cap : 4096);
	put(p);
}

static void cross_out(void *p)
{
	if (!nlive || !p)
		return;
	for (size_t i = slot(p); live[i]; i = (i + 1) & (cap - 1))
		if (live[i] == p) {
			live[i] = GONE;
			nlive--;
			return;
		}
}

static bool fail_now(void)
{
	if (!alloc_track_fail || !alloc_track_fail())
		return false;
	errno = ENOMEM;
	return true;
}

void *__wrap_malloc(size_t n)
{
	void *p = fail_now() ? NULL : __real_malloc(n);

	note(p);
	return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
	void *p = fail_now() ? NULL : __real_calloc(n, size);

	note(p);
	return p;
}

void *__wrap_realloc(void *p, size_t n)
{
	void *q;

	if (fail_now())
		return NULL;
	q = __real_realloc(p, n);
	if (q) {
		cross_out(p);
		note(q);
	}
	return q;
}

void __wrap_free(void *p)
{
	cross_out(p);
	__real_free(p);
}

char *__wrap_strndup(const char *s, size_t max)
{
	size_t n = strnlen(s, max);
	char *p = __wrap_malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *__wrap_strdup(const char *s)
{
	return __wrap_strndup(s, strlen(s));
}

void alloc_track_on(void)
{
	if (cap)
		memset(live, 0, cap * sizeof(*live));
	used = nlive = 0;
	tracking = true;
}

void alloc_track_off(void)
{
	tracking = false;
}

size_t alloc_track_live(void)
{
	return nlive;
}

void alloc_track_release(void)
{
	tracking = false;
	for (size_t i = 0; i < cap; i++) {
		if (live[i] && live[i] != GONE)
			__real_free(live[i]);
		live[i] = NULL;
	}
	used = nlive = 0;
}
