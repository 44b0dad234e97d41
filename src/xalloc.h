/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xalloc.h - allocations that succeed or end the run through oom(): every
 * caller may use what it gets. */
#ifndef KPI_XALLOC_H
#define KPI_XALLOC_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "oom.h"

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
/* realloc of N elements of SIZE, the product checked for overflow. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
__attribute__((format(printf, 1, 2)))
char *xasprintf(const char *fmt, ...);
__attribute__((format(printf, 1, 0)))
char *xvasprintf(const char *fmt, va_list ap);
/* open_memstream(3), and its fclose() with *BUF checked: a write that
 * could not grow the buffer sets the error flag, and glibc's final
 * realloc at fclose() can fail with fclose() still returning 0 and *BUF
 * left NULL.  Either is out of memory. */
FILE *xopen_memstream(char **buf, size_t *len);
void xmemstream_close(FILE *m, char *const *buf);

#endif
