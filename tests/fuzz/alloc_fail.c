/* SPDX-License-Identifier: GPL-2.0-or-later */
/* alloc_fail.c - the fuzz targets' allocation-failure mode, and their
 * oom().
 *
 * scripts/fuzz.sh links every target with -Wl,--wrap= for malloc, calloc,
 * realloc, strdup, strndup and free, and with json-c's static library, so
 * the allocations of the code under test and of json-c come here.  While
 * armed (fuzz_alloc_arm(K)) the Kth of them fails (NULL, ENOMEM) and every
 * block handed out is remembered.  The library's oom() is replaced by the
 * one below (src/oom.c is its own object, so the archive member is not
 * pulled in): it longjmp()s back to the target, which calls
 * fuzz_alloc_recover() to free every block the input still held, as the
 * process exit would for the real tool.  An oom() with no failed
 * allocation before it is a bug (a false "out of memory") and abort()s.
 *
 * What is not covered: allocations inside the C library itself
 * (open_memstream()'s buffers, vasprintf()), which --wrap cannot reach
 * (tests/oom.test's LD_PRELOAD library fails those), and those inside
 * json_tokener_parse_ex(), which json-c 0.16 does not survive
 * (tests/oom/failalloc.c says how) and which are never failed here.
 * Blocks the C library allocated for the input and still held at the
 * longjmp (an open memory stream of a renderer) leak; the input runs
 * between __lsan_disable() and __lsan_enable() so LeakSanitizer does not
 * report them, and inputs without the mode keep the full leak check. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "alloc_fail.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "oom.h"
#include "pipeline.h"

struct json_tokener;
struct json_object;

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
struct json_object *__real_json_tokener_parse_ex(struct json_tokener *tok, const char *s, int len);

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_LSAN 1
#endif
#endif
#ifdef HAVE_LSAN
#include <sanitizer/lsan_interface.h>
#endif

jmp_buf fuzz_oom_jmp;
static bool armed, injected;
static int paused;
static unsigned long count, fail_at;

/* The live blocks of an armed input: open addressing on the pointer. */
static void **live;
static size_t live_cap, live_n;
#define GONE ((void *)1)

static size_t slot(const void *p, size_t cap)
{
	return ((uintptr_t)p >> 4) * 0x9e3779b97f4a7c15ull & (cap - 1);
}

static void remember(void *p);

static void grow_live(void)
{
	void **old = live;
	size_t ocap = live_cap;

	live_cap = live_cap ? 2 * live_cap : 4096;
	live = __real_calloc(live_cap, sizeof(*live));
	if (!live)
		abort();
	live_n = 0;
	for (size_t i = 0; i < ocap; i++)
		if (old[i] && old[i] != GONE)
			remember(old[i]);
	__real_free(old);
}

static void remember(void *p)
{
	size_t i;

	if (!armed || !p)
		return;
	if (2 * (live_n + 1) > live_cap)
		grow_live();
	for (i = slot(p, live_cap); live[i] && live[i] != GONE; i = (i + 1) & (live_cap - 1))
		;
	live[i] = p;
	live_n++;
}

static void forget(void *p)
{
	if (!live_n || !p)
		return;
	for (size_t i = slot(p, live_cap); live[i]; i = (i + 1) & (live_cap - 1))
		if (live[i] == p) {
			live[i] = GONE;
			return;
		}
}

/* This allocation is the one to fail. */
static bool fail_now(void)
{
	if (!armed || paused || ++count != fail_at)
		return false;
	injected = true;
	errno = ENOMEM;
	return true;
}

void *__wrap_malloc(size_t n)
{
	void *p = fail_now() ? NULL : __real_malloc(n);

	remember(p);
	return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
	void *p = fail_now() ? NULL : __real_calloc(n, size);

	remember(p);
	return p;
}

void *__wrap_realloc(void *p, size_t n)
{
	void *np;

	if (fail_now())
		return NULL;
	np = __real_realloc(p, n);
	if (np) {
		forget(p);
		remember(np);
	}
	return np;
}

void __wrap_free(void *p)
{
	forget(p);
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

struct json_object *__wrap_json_tokener_parse_ex(struct json_tokener *tok, const char *s, int len)
{
	struct json_object *o;

	paused++;
	o = __real_json_tokener_parse_ex(tok, s, len);
	paused--;
	return o;
}

void fuzz_alloc_pause(bool pause)
{
	paused += pause ? 1 : -1;
}

void fuzz_alloc_arm(unsigned long k)
{
	count = 0;
	fail_at = k;
	injected = false;
	paused = 0;
	for (size_t i = 0; i < live_cap; i++)
		live[i] = NULL;
	live_n = 0;
#ifdef HAVE_LSAN
	__lsan_disable();
#endif
	armed = true;
}

static void disarm(void)
{
	armed = false;
#ifdef HAVE_LSAN
	__lsan_enable();
#endif
}

void fuzz_alloc_disarm(void)
{
	disarm();
	live_n = 0;
}

void fuzz_alloc_recover(void)
{
	disarm();
	for (size_t i = 0; i < live_cap; i++)
		if (live[i] && live[i] != GONE) {
			__real_free(live[i]);
			live[i] = NULL;
		}
	live_n = 0;
}

_Noreturn void oom(void)
{
	if (!armed || !injected)
		abort();   /* out of memory that no failed allocation explains */
	longjmp(fuzz_oom_jmp, 1);
}
