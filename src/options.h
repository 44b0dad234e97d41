/* SPDX-License-Identifier: GPL-2.0-or-later */
/* options.h - the command line. */
#ifndef KPI_OPTIONS_H
#define KPI_OPTIONS_H

#include <stdbool.h>

#include "model.h"

#define EXIT_USAGE 2
#define MAX_PMU_ARGS 64
#define DEFAULT_TIMEOUT_MS 5000
#define MAX_NFD_EXPIRY_S (366L * 24 * 3600)
/* options_parse() printed --help or --version: exit 0. */
#define OPTIONS_DONE (-1)

enum format { FMT_TEXT, FMT_JSON, FMT_PROMETHEUS, FMT_NFD };

struct options {
	enum format format;
	int pretty;              /* -1: pretty on a terminal */
	bool no_vm;
	enum check_kind check;   /* --check[=default]: the exit status answers it */
	bool modes[MODE_N];
	const char *pmus[MAX_PMU_ARGS];
	int npmus;
	const char *root;
	const char *capture;      /* --capture FILE */
	bool force;
	const char *replay;       /* --replay FILE */
	const char *migrate_from; /* --migrate-from REPORT */
	const char *compare[2];   /* --compare A B */
	long nfd_expiry_s;          /* --nfd-expiry; 0: none */
	unsigned timeout_ms;
	bool verbose;
	bool all;                 /* -a: every PMU in full in the text */
	bool quiet;               /* -q: with --check, the lines of the check asked */
};

void options_init(struct options *o);

/* Parse ARGV into O.  Returns 0 to run, OPTIONS_DONE, or EXIT_USAGE after
 * one line on stderr naming the problem plus a hint. */
int options_parse(int argc, char **argv, struct options *o);

/* A usage error: "kvm-pmu-info: MESSAGE" and the --help hint on stderr.
 * Returns EXIT_USAGE. */
int options_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
