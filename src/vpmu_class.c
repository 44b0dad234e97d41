/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vpmu_class.c - see vpmu_class.h (the canonical text is documented
 * there; changing it renames every pool, so it carries a version). */
#include "vpmu_class.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sysreg.h"

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= FNV_PRIME;
	}
	return h;
}

/* The hash's first VPMU_CLASS_LEN hex digits. */
static void put_class(uint64_t h, char out[VPMU_CLASS_LEN + 1])
{
	char all[17];

	snprintf(all, sizeof(all), "%016llx", (unsigned long long)h);
	memcpy(out, all, VPMU_CLASS_LEN);
	out[VPMU_CLASS_LEN] = '\0';
}

static uint64_t read_or_zero(const struct guest_view *g, enum guest_reg r)
{
	return g->read[r] && !g->undef[r] ? g->reg[r] : 0;
}

bool vpmu_class(const struct guest_view *g, char out[VPMU_CLASS_LEN + 1])
{
	const struct vcpu_state *s = &g->vcpu;
	uint64_t *ids, h, slots = 0;
	char head[256], *regs;
	int n = 0;

	if (g->status != MODE_OK || !s->recorded)
		return false;
	ids = malloc((size_t)(s->npmu ? s->npmu : 1) * sizeof(*ids));
	if (!ids)
		return false;
	for (int i = 0; i < s->npmu; i++) {
		ids[n++] = s->pmu[i].id;
		if (s->pmu[i].id == KPI_REG_PMMIR_EL1)
			slots = PMMIR_SLOTS(s->pmu[i].val);
	}
	regs = sysreg_list_encode(ids, n);
	free(ids);
	if (!regs)
		return false;
	snprintf(head, sizeof(head), "kvm-pmu-class/1 core=0x%08llx features=0x%x pmuver=%u "
		 "counters=%u pmceid0=0x%llx pmceid1=0x%llx slots=%llu pmu_regs=",
		 (unsigned long long)(read_or_zero(g, GREG_MIDR) & 0xff00fff0ULL), s->features,
		 guest_pmuver(g), guest_counters(g),
		 (unsigned long long)read_or_zero(g, GREG_PMCEID0),
		 (unsigned long long)read_or_zero(g, GREG_PMCEID1), (unsigned long long)slots);
	h = fnv1a(fnv1a(FNV_OFFSET, head), regs);
	free(regs);
	put_class(h, out);
	return true;
}

bool vpmu_host_class(const struct report *r, enum probe_mode m, char out[VPMU_CLASS_LEN + 1])
{
	char one[VPMU_CLASS_LEN + 1];
	uint64_t h = FNV_OFFSET;
	int n = 0;

	for (int i = 0; i < r->npmus; i++) {
		if (!r->pmus[i].core)
			continue;
		if (!r->pmus[i].probed || !vpmu_class(&r->pmus[i].guest[m], one))
			return false;
		if (!n++)
			memcpy(out, one, sizeof(one));
		h = fnv1a(fnv1a(h, one), " ");
	}
	if (n > 1)
		put_class(h, out);
	return n > 0;
}
