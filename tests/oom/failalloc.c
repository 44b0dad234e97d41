/* SPDX-License-Identifier: GPL-2.0-or-later */
/* failalloc.c - an LD_PRELOAD library for tests/oom.test: the Nth memory
 * allocation of the process fails (ENOMEM, NULL), every other one goes to
 * the C library's (or the sanitizer's) allocator.
 *
 *   KPI_FAIL_ALLOC=N       fail the Nth allocation (1-based); 0 or unset:
 *                          none fails
 *   KPI_ALLOC_COUNT=FILE   at a normal exit, write how many allocations the
 *                          process made (the loop's upper bound)
 *
 * Counted: malloc, calloc, realloc, reallocarray, strdup, strndup,
 * posix_memalign, aligned_alloc, memalign.  glibc's own functions (vasprintf,
 * open_memstream, fdopendir ...) allocate through malloc and are counted
 * there; strdup and strndup are defined here too because the sanitizers
 * intercept them without calling malloc.
 *
 * Not failed (nor counted): the allocations inside json-c's parser,
 * json_tokener_parse_ex(), which this library wraps.  json-c 0.16 does not
 * survive them: a failed strdup() of an object key reaches strlen(NULL) in
 * json_object_object_add_ex() (SIGSEGV), and a failed insert drops the key
 * without an error, so a probe record reads as missing a field.  Nothing
 * the tool does can catch either; every other allocation of the tool and
 * of json-c's constructors and printer is failed. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct json_object;

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static int (*real_posix_memalign)(void **, size_t, size_t);
static struct json_object *(*real_parse_ex)(void *, const char *, int);
static unsigned long count, fail_at;
static int in_json_parser;

/* dlsym() may calloc before real_calloc is known: a small static arena,
 * never freed (free() of it would crash, so it is never handed to the
 * program after start-up). */
static unsigned char arena[4096];
static size_t arena_used;

static void *from_arena(size_t n)
{
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (arena_used + n > sizeof(arena))
		return NULL;
	p = arena + arena_used;
	arena_used += n;
	return p;
}

static void init(void)
{
	static int busy;

	if (real_malloc || busy)
		return;
	busy = 1;
	real_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
	real_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
	real_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
	real_posix_memalign = (int (*)(void **, size_t, size_t))dlsym(RTLD_NEXT, "posix_memalign");
	real_parse_ex = (struct json_object *(*)(void *, const char *, int))
		dlsym(RTLD_NEXT, "json_tokener_parse_ex");
	busy = 0;
}

/* KPI_FAIL_ALLOC, once the C library has the environment: a sanitizer's
 * runtime allocates before it does (getenv() then says NULL).  Those
 * early calls are counted all the same. */
static void read_env(void)
{
	static int done;
	const char *s;

	if (done || !environ)
		return;
	done = 1;
	s = getenv("KPI_FAIL_ALLOC");
	fail_at = s ? strtoul(s, NULL, 10) : 0;
}

/* This allocation is the one to fail. */
static int fail_now(void)
{
	init();
	read_env();
	if (in_json_parser || ++count != fail_at)
		return 0;
	errno = ENOMEM;
	return 1;
}

void *malloc(size_t n)
{
	if (!real_malloc) {
		init();
		if (!real_malloc)
			return from_arena(n);
	}
	return fail_now() ? NULL : real_malloc(n);
}

void *calloc(size_t n, size_t size)
{
	if (!real_calloc) {
		init();
		if (!real_calloc)
			return size && n > SIZE_MAX / size ? NULL : from_arena(n * size);
	}
	return fail_now() ? NULL : real_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
	init();
	return fail_now() ? NULL : real_realloc(p, n);
}

void *reallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(p, n * size);
}

static char *copy(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *strdup(const char *s)
{
	return copy(s, strlen(s));
}

char *strndup(const char *s, size_t max)
{
	return copy(s, strnlen(s, max));
}

int posix_memalign(void **out, size_t align, size_t n)
{
	init();
	return fail_now() ? ENOMEM : real_posix_memalign(out, align, n);
}

void *aligned_alloc(size_t align, size_t n)
{
	void *p;

	return posix_memalign(&p, align < sizeof(void *) ? sizeof(void *) : align, n) ? NULL : p;
}

void *memalign(size_t align, size_t n)
{
	return aligned_alloc(align, n);
}

struct json_object *json_tokener_parse_ex(void *tok, const char *s, int len)
{
	struct json_object *o;

	init();
	in_json_parser++;
	o = real_parse_ex(tok, s, len);
	in_json_parser--;
	return o;
}

__attribute__((destructor))
static void report_count(void)
{
	const char *file = getenv("KPI_ALLOC_COUNT");
	FILE *f;
	unsigned long n = count;

	if (!file || !(f = fopen(file, "w")))
		return;
	fprintf(f, "%lu\n", n);
	fclose(f);
}
