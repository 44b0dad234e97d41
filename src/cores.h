/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cores.h - the known-core table: MIDR_EL1 -> core name, PMU version,
 * documented SLOTS and perf's metric table.  The data is src/cores.def.
 *
 * For one MIDR: core_lookup() gives the name, PMUVer and documented SLOTS
 * (NULL: unknown core, core_unknown_why() says why); perf_map_lookup()
 * gives perf's metric directory and what its Default group does, matched
 * as perf matches it, so it also answers for cores the table lacks. */
#ifndef KPI_CORES_H
#define KPI_CORES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* MIDR_EL1 fields (Arm ARM D23.2, MIDR_EL1). */
#define MIDR_IMPLEMENTER(m)  ((unsigned)((m) >> 24) & 0xff)
#define MIDR_VARIANT(m)      ((unsigned)((m) >> 20) & 0xf)
#define MIDR_ARCHITECTURE(m) ((unsigned)((m) >> 16) & 0xf)
#define MIDR_PARTNUM(m)      ((unsigned)((m) >> 4) & 0xfff)
#define MIDR_REVISION(m)     ((unsigned)(m) & 0xf)

/* What a perf metric directory puts in perf stat's Default group. */
enum perf_metrics {
	PM_NONE,    /* no TopdownL1 in Default: no topdown in plain perf stat */
	PM_SLOTS,   /* TopdownL1 in Default, dividing by #slots */
	PM_FIXED,   /* TopdownL1 in Default with a hard-coded width, no #slots */
	PM_OUTSIDE, /* TopdownL1 only outside Default (perf stat -M TopdownL1) */
};

/* The perf releases the rig checked (tests/perf-tables/): the first of
 * them whose mapfile.csv has a row. */
enum perf_since {
	PS_6_12,    /* in Debian's perf 6.12.117 already */
	PS_7_3,     /* not in 6.12.117, in 7.3.4 */
};

struct core_info {
	unsigned implementer, part;
	const char *name;
	unsigned pmuver;         /* ID_AA64DFR0_EL1.PMUVer; 0 unknown */
	unsigned slots;          /* documented PMMIR_EL1.SLOTS; 0 none published */
	const char *pfm_model;   /* libpfm4's model, NULL when libpfm4 has none */
};

struct perf_map {
	uint64_t midr;           /* variant and revision zero */
	const char *dir;         /* tools/perf/pmu-events/arch/arm64/<dir> */
	enum perf_metrics metrics;
	enum perf_since since;
	unsigned events;         /* core PMU events its TopdownL1 opens, 0 unmeasured */
};

/* The known core for MIDR (implementer and part number; variant,
 * revision and architecture ignored), or NULL. */
const struct core_info *core_lookup(uint64_t midr);

/* Whether MIDR is an emulated CPU's (implementer 0x00, reserved for
 * software use): no real core, so never a row of the table. */
bool core_emulated(uint64_t midr);

/* Why MIDR has no row, one phrase for a "reasons" entry. */
void core_unknown_why(uint64_t midr, char *buf, size_t len);

/* perf's mapfile.csv row for MIDR as perf matches it (the whole MIDR with
 * variant and revision masked), or NULL: perf then has no metrics. */
const struct perf_map *perf_map_lookup(uint64_t midr);

/* The name of a MIDR's core for text output: the table's, else NULL. */
const char *core_name(uint64_t midr);

#endif
