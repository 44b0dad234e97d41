/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xalloc.c - see xalloc.h. */
#include "xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A zero-byte request still gets a pointer of its own, so NULL only ever
 * means "no memory". */
void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
	size_t bytes;
	void *np;

	if (size && n > SIZE_MAX / size)
		oom();
	bytes = n * size;
	np = realloc(p, bytes ? bytes : 1);
	if (!np)
		oom();
	return np;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		oom();
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (!p)
		oom();
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		oom();
	return s;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

FILE *xopen_memstream(char **buf, size_t *len)
{
	FILE *m = open_memstream(buf, len);

	if (!m)
		oom();
	return m;
}

void xmemstream_close(FILE *m, char *const *buf)
{
	int err = ferror(m);

	if (fclose(m) || err || !*buf)
		oom();
}
