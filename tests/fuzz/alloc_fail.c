/* SPDX-License-Identifier: GPL-2.0-or-later */
/* alloc_fail.c - the fuzz targets' allocation-failure mode, and their
 * oom().
 *
 * scripts/fuzz.sh links every target with tests/unit/alloc_track.c, -Wl,--wrap=
 * for malloc, calloc, realloc, strdup, strndup and free, and json-c's
 * static library, so the allocations of the code under test and of json-c
 * reach alloc_track.c.  While armed (fuzz_alloc_arm(K)) the Kth of them
 * fails (NULL, ENOMEM) and every block handed out is noted there.  The library's oom() is replaced by the
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

#include <stdlib.h>

#include "alloc_track.h"
#include "oom.h"
#include "pipeline.h"

struct json_tokener;
struct json_object;

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

/* This allocation is the one to fail (alloc_track.c asks). */
static bool fail_now(void)
{
	if (!armed || paused || ++count != fail_at)
		return false;
	injected = true;
	return true;
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
	alloc_track_fail = fail_now;
	alloc_track_on();
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
	alloc_track_off();
}

void fuzz_alloc_recover(void)
{
	disarm();
	alloc_track_release();
}

_Noreturn void oom(void)
{
	if (!armed || !injected)
		abort();   /* out of memory that no failed allocation explains */
	longjmp(fuzz_oom_jmp, 1);
}
