/* SPDX-License-Identifier: GPL-2.0-or-later */
/* utf8.h - make untrusted bytes printable and valid UTF-8. */
#ifndef KPI_UTF8_H
#define KPI_UTF8_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* The length of the valid UTF-8 sequence at P (1-4), or 0 (P[0] NUL
 * included: 1). */
size_t utf8_valid_seq(const unsigned char *p);

/* A malloc'ed copy of S with each byte of an invalid UTF-8 sequence
 * replaced by U+FFFD. */
char *utf8_sanitize(const char *s);

/* Print untrusted text (names from sysfs) for a terminal: valid UTF-8, and
 * control characters as '?', so no escape sequence reaches the screen. */
void utf8_put_clean(FILE *out, const char *s);

/* printf FMT... to OUT through utf8_put_clean(): for a message that
 * quotes what the user typed or an archive held. */
__attribute__((format(printf, 2, 0)))
void utf8_vput_cleanf(FILE *out, const char *fmt, va_list ap);
__attribute__((format(printf, 2, 3)))
void utf8_put_cleanf(FILE *out, const char *fmt, ...);

/* TEXT, lines ending in '\n', each through utf8_put_clean(). */
void utf8_put_clean_lines(FILE *out, const char *text);

#endif
