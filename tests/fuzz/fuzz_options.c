/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_options.c - libFuzzer target for the command line: the input is
 * argv, NUL-separated.  Whatever the arguments, the parser returns run,
 * done or usage, and a run leaves the options within their documented
 * ranges. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

#define MAX_ARGS 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *argv[MAX_ARGS + 2];
	int argc = 1, ret;
	struct options o;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[0] = "kvm-pmu-info";
	for (size_t i = 0, start = 0; i <= size && argc <= MAX_ARGS; i++)
		if (i == size || buf[i] == '\0') {
			argv[argc++] = buf + start;
			start = i + 1;
		}
	argv[argc] = NULL;
	options_init(&o);
	ret = options_parse(argc, argv, &o);
	if (ret != 0 && ret != OPTIONS_DONE && ret != EXIT_USAGE)
		abort();
	if (ret == 0 && (o.timeout_ms < 1 || o.timeout_ms > 600000 || o.npmus > MAX_PMU_ARGS ||
			 o.format > FMT_NFD || !o.root || (o.force && !o.capture) ||
			 (!o.modes[MODE_LEGACY] && !o.modes[MODE_STRICT])))
		abort();
	free(buf);
	return 0;
}
