/* SPDX-License-Identifier: GPL-2.0-or-later */
/* events.c - decode PMCEID0/1_EL0 into event numbers and names.
 *
 * A name must not depend on the machine that reads the report: a --replay
 * on another architecture has to say what the reporter saw.  So names come,
 * in this order, from the host PMU's own sysfs events/ (the kernel's names,
 * which a capture keeps), then for the architected common events
 * (0x00-0x3F, 0x4000 upwards) from the table below, and only for the rest
 * from libpfm4's table for the detected core (with its description), which
 * exists only where libpfm4 was built for arm64 and names some common events
 * its own way (arm_v1 calls CHAIN, 0x1E, COUNTER_OVERFLOW). */
#include "events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array_size.h"
#include "pfm.h"
#include "xalloc.h"

/* Common architectural and microarchitectural events: the numbers of the
 * Arm ARM's (DDI 0487) list of common event numbers, D24.11 "PMU events
 * and event numbers", copied with their names from Linux's
 * include/linux/perf/arm_pmuv3.h (ARMV8_PMUV3_PERFCTR_*, 0x0000-0x003F),
 * which spells them as the Arm ARM does. */
static const char *const common[0x40] = {
	"SW_INCR", "L1I_CACHE_REFILL", "L1I_TLB_REFILL", "L1D_CACHE_REFILL",
	"L1D_CACHE", "L1D_TLB_REFILL", "LD_RETIRED", "ST_RETIRED",
	"INST_RETIRED", "EXC_TAKEN", "EXC_RETURN", "CID_WRITE_RETIRED",
	"PC_WRITE_RETIRED", "BR_IMMED_RETIRED", "BR_RETURN_RETIRED",
	"UNALIGNED_LDST_RETIRED", "BR_MIS_PRED", "CPU_CYCLES", "BR_PRED",
	"MEM_ACCESS", "L1I_CACHE", "L1D_CACHE_WB", "L2D_CACHE",
	"L2D_CACHE_REFILL", "L2D_CACHE_WB", "BUS_ACCESS", "MEMORY_ERROR",
	"INST_SPEC", "TTBR_WRITE_RETIRED", "BUS_CYCLES", "CHAIN",
	"L1D_CACHE_ALLOCATE", "L2D_CACHE_ALLOCATE", "BR_RETIRED",
	"BR_MIS_PRED_RETIRED", "STALL_FRONTEND", "STALL_BACKEND", "L1D_TLB",
	"L1I_TLB", "L2I_CACHE", "L2I_CACHE_REFILL", "L3D_CACHE_ALLOCATE",
	"L3D_CACHE_REFILL", "L3D_CACHE", "L3D_CACHE_WB", "L2D_TLB_REFILL",
	"L2I_TLB_REFILL", "L2D_TLB", "L2I_TLB", "REMOTE_ACCESS", "LL_CACHE",
	"LL_CACHE_MISS", "DTLB_WALK", "ITLB_WALK", "LL_CACHE_RD",
	"LL_CACHE_MISS_RD", "REMOTE_ACCESS_RD", "L1D_CACHE_LMISS_RD",
	"OP_RETIRED", "OP_SPEC", "STALL", "STALL_SLOT_BACKEND",
	"STALL_SLOT_FRONTEND", "STALL_SLOT",
};

/* The same, 0x4000 upwards (PMCEIDn bits 63:32), as that header lists
 * them (ARMV8_SPE_PERFCTR_*, ARMV8_AMU_PERFCTR_*, ARMV8_MTE_PERFCTR_* and
 * ARMV8_PMUV3_PERFCTR_* from 0x4006); a number it does not list is left to
 * libpfm4. */
static const char *const common_ext[0x28] = {
	[0x00] = "SAMPLE_POP", [0x01] = "SAMPLE_FEED", [0x02] = "SAMPLE_FILTRATE",
	[0x03] = "SAMPLE_COLLISION", [0x04] = "CNT_CYCLES", [0x05] = "STALL_BACKEND_MEM",
	[0x06] = "L1I_CACHE_LMISS", [0x09] = "L2D_CACHE_LMISS_RD",
	[0x0a] = "L2I_CACHE_LMISS", [0x0b] = "L3D_CACHE_LMISS_RD", [0x0c] = "TRB_WRAP",
	[0x0e] = "TRB_TRIG", [0x10] = "TRCEXTOUT0", [0x11] = "TRCEXTOUT1",
	[0x12] = "TRCEXTOUT2", [0x13] = "TRCEXTOUT3", [0x18] = "CTI_TRIGOUT4",
	[0x19] = "CTI_TRIGOUT5", [0x1a] = "CTI_TRIGOUT6", [0x1b] = "CTI_TRIGOUT7",
	[0x20] = "LDST_ALIGN_LAT", [0x21] = "LD_ALIGN_LAT", [0x22] = "ST_ALIGN_LAT",
	[0x24] = "MEM_ACCESS_CHECKED", [0x25] = "MEM_ACCESS_CHECKED_RD",
	[0x26] = "MEM_ACCESS_CHECKED_WR",
};

const char *arch_event_name(unsigned code)
{
	if (code < 0x40)
		return common[code];
	if (code >= 0x4000 && code < 0x4000 + ARRAY_SIZE(common_ext))
		return common_ext[code - 0x4000];
	return NULL;
}

int pmceid_codes(uint64_t pmceid0, uint64_t pmceid1, unsigned *codes)
{
	/* Bit n of PMCEID0 is event n and of PMCEID1 event 0x20+n; the upper
	 * halves are the same for 0x4000+n and 0x4020+n (Arm ARM D24.5). */
	int n = 0;

	for (unsigned half = 0; half < 2; half++)
		for (unsigned reg = 0; reg < 2; reg++)
			for (unsigned bit = 0; bit < 32; bit++) {
				uint64_t v = reg ? pmceid1 : pmceid0;

				if ((v >> (32 * half + bit)) & 1)
					codes[n++] = (half ? 0x4000 : 0) + 0x20 * reg + bit;
			}
	return n;
}

int sysfs_event_code(const char *s)
{
	char *end;
	unsigned long v;

	/* arm_pmuv3 prints "event=0x%04llx"; other terms may follow a comma. */
	s = strstr(s, "event=");
	if (!s)
		return -1;
	s += 6;
	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return -1;
	v = strtoul(s + 2, &end, 16);
	if (end == s + 2 || (*end && *end != ',') || v > 0xffff)
		return -1;
	return (int)v;
}

const char *event_source_name(enum event_source s)
{
	switch (s) {
	case EVSRC_SYSFS: return "sysfs";
	case EVSRC_LIBPFM: return "libpfm4";
	case EVSRC_ARCH: return "arm-arm";
	default: return "unknown";
	}
}

static int pfm_name(const char *model, unsigned code, struct event *ev)
{
	if (!model || pfm_event_name(model, code, &ev->name, &ev->desc))
		return -1;
	ev->source = EVSRC_LIBPFM;
	return 0;
}

static int host_name(const struct pmu *p, unsigned code, struct event *ev)
{
	for (int i = 0; i < p->nevents; i++)
		if (p->event_codes && p->event_codes[i] == (int)code) {
			ev->name = xstrdup(p->events[i]);
			ev->source = EVSRC_SYSFS;
			return 0;
		}
	return -1;
}

static void name_event(const char *model, const struct pmu *p, unsigned code,
		       struct event *ev)
{
	const char *arch;

	memset(ev, 0, sizeof(*ev));
	ev->code = code;
	if (!host_name(p, code, ev))
		return;
	arch = arch_event_name(code);
	if (arch) {
		ev->name = xstrdup(arch);
		ev->source = EVSRC_ARCH;
		return;
	}
	pfm_name(model, code, ev);
}

static bool has_code(const unsigned *codes, int n, unsigned code)
{
	for (int i = 0; i < n; i++)
		if (codes[i] == code)
			return true;
	return false;
}

static void decode_guest(const char *model, const struct pmu *p, struct guest_view *g)
{
	unsigned codes[128];
	int n;

	guest_events_clear(g);     /* a second analysis decodes afresh */
	if (g->status != MODE_OK || !g->read[GREG_PMCEID0] || g->undef[GREG_PMCEID0] ||
	    !g->read[GREG_PMCEID1] || g->undef[GREG_PMCEID1])
		return;
	n = pmceid_codes(g->reg[GREG_PMCEID0], g->reg[GREG_PMCEID1], codes);
	g->events = xcalloc((size_t)n + 1, sizeof(*g->events));
	g->missing = xcalloc((size_t)p->nevents + 1, sizeof(*g->missing));
	for (int i = 0; i < n; i++)
		name_event(model, p, codes[i], &g->events[g->nevents++]);
	for (int i = 0; i < p->nevents; i++) {
		int code = p->event_codes ? p->event_codes[i] : -1;

		/* Events above 0xffff or without a number are IMPDEF encodings
		 * PMCEID cannot describe. */
		if (code < 0 || has_code(codes, n, (unsigned)code))
			continue;
		name_event(model, p, (unsigned)code, &g->missing[g->nmissing++]);
	}
}

int events_decode(struct report *r, const char *pfm_model)
{
	for (int i = 0; i < r->npmus; i++) {
		struct pmu *p = &r->pmus[i];
		/* Each PMU its own model: on big.LITTLE the cores differ. */
		const char *model = pfm_model ? pfm_model
				  : p->midr.set ? pfm_model_for_midr(p->midr.v) : NULL;

		for (int m = 0; m < MODE_N && p->probed; m++)
			decode_guest(model, p, &p->guest[m]);
	}
	return 0;
}
