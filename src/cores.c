/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cores.c - look-ups in the known-core table (src/cores.def). */
#include "cores.h"

#include <stdbool.h>
#include <stdio.h>

#include "array_size.h"
static const struct core_info cores[] = {
#define CORE(impl, part, name, pmuver, slots, pfm) { impl, part, name, pmuver, slots, pfm },
#include "cores.def"
#undef CORE
};

static const struct perf_map perf_maps[] = {
#define PERF_MAP(midr, dir, metrics, since, events) { midr, dir, metrics, since, events },
#include "cores.def"
#undef PERF_MAP
};

const struct core_info *core_lookup(uint64_t midr)
{
	unsigned impl = MIDR_IMPLEMENTER(midr), part = MIDR_PARTNUM(midr);

	for (size_t i = 0; i < ARRAY_SIZE(cores); i++)
		if (cores[i].implementer == impl && cores[i].part == part)
			return &cores[i];
	return NULL;
}

const char *core_name(uint64_t midr)
{
	const struct core_info *c = core_lookup(midr);

	return c ? c->name : NULL;
}

bool core_emulated(uint64_t midr)
{
	return MIDR_IMPLEMENTER(midr) == 0;
}

void core_unknown_why(uint64_t midr, char *buf, size_t len)
{
	unsigned impl = MIDR_IMPLEMENTER(midr);
	bool known_impl = false;

	for (size_t i = 0; i < ARRAY_SIZE(cores) && !known_impl; i++)
		known_impl = cores[i].implementer == impl;
	if (core_emulated(midr))
		snprintf(buf, len, "implementer 0x00 is reserved for software use "
			 "(an emulated CPU such as QEMU's max): no real core");
	else if (!known_impl)
		snprintf(buf, len, "implementer 0x%02x is not in the known-core table", impl);
	else
		snprintf(buf, len, "part 0x%03x of implementer 0x%02x is not in the known-core table",
			 MIDR_PARTNUM(midr), impl);
}

const struct perf_map *perf_map_lookup(uint64_t midr)
{
	/* perf's strcmp_cpuid_str() (tools/perf/arch/arm64/util/header.c)
	 * compares the whole 32-bit MIDR with variant [23:20] and revision
	 * [3:0] cleared against the mapfile row. */
	uint64_t masked = midr & 0xffffffffULL & ~0x00f0000fULL;

	for (size_t i = 0; i < ARRAY_SIZE(perf_maps); i++)
		if (perf_maps[i].midr == masked)
			return &perf_maps[i];
	return NULL;
}
