/* SPDX-License-Identifier: GPL-2.0-or-later */
/* util.h - small helpers every stage uses: errno names, the value parsers
 * (pure, separate from I/O so that they can be fuzzed) and the clock the
 * probe timings read. */
#ifndef KPI_UTIL_H
#define KPI_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "EINVAL" for EINVAL; "E524" for a number the C library has no name for. */
const char *errno_name(int err);
/* The number errno_name() names NAME ("ENOENT", "E524"), 1 to 4095; -1
 * when it names none. */
int errno_from_name(const char *name);

/* S for one line of a message, into OUT of LEN bytes: each C0 control
 * byte, DEL and the backslash (with ASCII_ONLY every byte from 0x80 too)
 * spelled \xNN, so a stranger's bytes can neither garble the line nor pass
 * for other bytes; a text that does not fit ends in "...". */
void scrub_controls(char *out, size_t len, const char *s, bool ascii_only);

/* printf FMT into ERR[LEN] as one printable ASCII line (the text may quote
 * a stranger's bytes); returns -1, for a reader's error path. */
int fail_line(char *err, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Value parsers.  Each returns 0, or -1 with a reason in WHY. */
int parse_hex_u64(const char *s, uint64_t *v, char *why, size_t whylen);
int parse_dec_int(const char *s, int *v, char *why, size_t whylen);

/* CLOCK_MONOTONIC in microseconds: durations that a clock step (NTP,
 * settimeofday) does not bend. */
uint64_t monotonic_us(void);

#endif
