/* utf8.h - make untrusted bytes printable and valid UTF-8. */
#ifndef KPI_UTF8_H
#define KPI_UTF8_H

#include <stdlib.h>

/* A malloc'ed copy of S with each byte of an invalid UTF-8 sequence
 * replaced by U+FFFD.  NULL only when out of memory. */
char *utf8_sanitize(const char *s);

#endif
