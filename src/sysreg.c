/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sysreg.c - register IDs: PMU membership, names, the compact list text.
 *
 * A register list is text from another host when --migrate-from or
 * --compare reads it: the decoder takes nothing on trust (bounded count,
 * strictly ascending, no overflow) and makes one pass over the text. */
#include "sysreg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define F_OP0(id) ((unsigned)((id) >> 14) & 3)
#define F_OP1(id) ((unsigned)((id) >> 11) & 7)
#define F_CRN(id) ((unsigned)((id) >> 7) & 15)
#define F_CRM(id) ((unsigned)((id) >> 3) & 15)
#define F_OP2(id) ((unsigned)(id) & 7)

static bool is_sysreg(uint64_t id)
{
	return (id & ~0xffffULL) == (KPI_REG_ARM64 | KPI_REG_SIZE_U64 | KPI_REG_ARM64_SYSREG);
}

bool sysreg_is_pmu(uint64_t id)
{
	unsigned crn = F_CRN(id), crm = F_CRM(id);

	if (!is_sysreg(id) || F_OP0(id) != 3)
		return false;
	return (crn == 9 && crm >= 12 && crm <= 14) || (F_OP1(id) == 3 && crn == 14 && crm >= 8);
}

/* Arm ARM D24.5 (performance monitors registers), op0 3. */
static const struct { unsigned op1, crn, crm, op2; const char *name; } pmu_names[] = {
	{ 0, 9, 14, 1, "PMINTENSET_EL1" }, { 0, 9, 14, 2, "PMINTENCLR_EL1" },
	{ 0, 9, 14, 6, "PMMIR_EL1" },
	{ 3, 9, 12, 0, "PMCR_EL0" }, { 3, 9, 12, 1, "PMCNTENSET_EL0" },
	{ 3, 9, 12, 2, "PMCNTENCLR_EL0" }, { 3, 9, 12, 3, "PMOVSCLR_EL0" },
	{ 3, 9, 12, 4, "PMSWINC_EL0" }, { 3, 9, 12, 5, "PMSELR_EL0" },
	{ 3, 9, 12, 6, "PMCEID0_EL0" }, { 3, 9, 12, 7, "PMCEID1_EL0" },
	{ 3, 9, 13, 0, "PMCCNTR_EL0" }, { 3, 9, 13, 1, "PMXEVTYPER_EL0" },
	{ 3, 9, 13, 2, "PMXEVCNTR_EL0" }, { 3, 9, 14, 0, "PMUSERENR_EL0" },
	{ 3, 9, 14, 3, "PMOVSSET_EL0" }, { 3, 14, 15, 7, "PMCCFILTR_EL0" },
};

void sysreg_name(uint64_t id, char *buf, size_t len)
{
	unsigned op1 = F_OP1(id), crn = F_CRN(id), crm = F_CRM(id), op2 = F_OP2(id);

	if (!is_sysreg(id)) {
		snprintf(buf, len, "0x%016llx", (unsigned long long)id);
		return;
	}
	for (size_t i = 0; i < sizeof(pmu_names) / sizeof(pmu_names[0]); i++)
		if (F_OP0(id) == 3 && pmu_names[i].op1 == op1 && pmu_names[i].crn == crn &&
		    pmu_names[i].crm == crm && pmu_names[i].op2 == op2) {
			snprintf(buf, len, "%s", pmu_names[i].name);
			return;
		}
	/* PMEVCNTR<n>_EL0 at CRm 0b10:n[4:3], PMEVTYPER<n>_EL0 at 0b11:n[4:3]. */
	if (F_OP0(id) == 3 && op1 == 3 && crn == 14 && crm >= 8) {
		snprintf(buf, len, "%s%u_EL0", crm < 12 ? "PMEVCNTR" : "PMEVTYPER",
			 (crm & 3) << 3 | op2);
		return;
	}
	snprintf(buf, len, "S%u_%u_C%u_C%u_%u", F_OP0(id), op1, crn, crm, op2);
}

int sysreg_parse(const char *name, uint64_t *id)
{
	unsigned a, b, c, d, e;
	uint64_t cand = 0;
	char back[32];
	bool found = false;

	if (strlen(name) >= sizeof(back))
		return -1;
	for (size_t i = 0; i < sizeof(pmu_names) / sizeof(pmu_names[0]) && !found; i++)
		if (!strcmp(name, pmu_names[i].name)) {
			cand = KPI_SYSREG(3, pmu_names[i].op1, pmu_names[i].crn, pmu_names[i].crm,
					  pmu_names[i].op2);
			found = true;
		}
	if (!found && sscanf(name, "PMEVCNTR%2u_EL0", &a) == 1 && a <= 30) {
		cand = KPI_SYSREG(3, 3, 14, 8 | a >> 3, a & 7);
		found = true;
	}
	if (!found && sscanf(name, "PMEVTYPER%2u_EL0", &a) == 1 && a <= 30) {
		cand = KPI_SYSREG(3, 3, 14, 12 | a >> 3, a & 7);
		found = true;
	}
	if (!found && sscanf(name, "S%1u_%1u_C%2u_C%2u_%1u", &a, &b, &c, &d, &e) == 5 &&
	    a <= 3 && b <= 7 && c <= 15 && d <= 15 && e <= 7) {
		cand = KPI_SYSREG(a, b, c, d, e);
		found = true;
	}
	if (!found)
		return -1;
	/* One spelling per register: the name must be the one we write. */
	sysreg_name(cand, back, sizeof(back));
	if (strcmp(back, name))
		return -1;
	*id = cand;
	return 0;
}

size_t sysreg_size(uint64_t id)
{
	return (size_t)1 << ((id & KPI_REG_SIZE_MASK) >> KPI_REG_SIZE_SHIFT);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int sysreg_list_sort(uint64_t *ids, int n)
{
	int k = 0;

	if (n <= 0)
		return 0;
	qsort(ids, (size_t)n, sizeof(ids[0]), cmp_u64);
	for (int i = 1; i < n; i++)
		if (ids[i] != ids[k])
			ids[++k] = ids[i];
	return k + 1;
}

char *sysreg_list_encode(const uint64_t *ids, int n)
{
	size_t cap = (size_t)(n > 0 ? n : 1) * 40 + 32, len = 0;
	char *out = malloc(cap);

	if (!out)
		return NULL;
	out[0] = '\0';
	if (n <= 0)
		return out;
	len = (size_t)snprintf(out, cap, "0x%016llx", (unsigned long long)ids[0]);
	for (int i = 1; i < n;) {
		uint64_t d = ids[i] - ids[i - 1];
		int k = 1;

		while (i + k < n && ids[i + k] - ids[i + k - 1] == d)
			k++;
		if (k > 1)
			len += (size_t)snprintf(out + len, cap - len, " +%llx*%d", (unsigned long long)d, k);
		else
			len += (size_t)snprintf(out + len, cap - len, " +%llx", (unsigned long long)d);
		i += k;
	}
	return out;
}

static int hexdig(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Hex digits at *S (at most 16, no overflow); *S moves past them. */
static int hex_token(const char **s, uint64_t *v)
{
	int n = 0, h;

	*v = 0;
	while ((h = hexdig(**s)) >= 0) {
		if (++n > 16)
			return -1;
		*v = *v << 4 | (uint64_t)h;
		(*s)++;
	}
	return n ? 0 : -1;
}

static int fail(char *why, size_t len, const char *what, size_t at)
{
	snprintf(why, len, "register list: %s at byte %zu", what, at);
	return -1;
}

int sysreg_list_decode(const char *s, int max, uint64_t **ids, int *n, char *why, size_t len)
{
	const char *p = s;
	uint64_t *out, v, d;
	int k = 0;

	*ids = NULL;
	*n = 0;
	if (strlen(s) > REG_LIST_TEXT_MAX)
		return fail(why, len, "longer than the bound", REG_LIST_TEXT_MAX);
	if (!*s)
		return 0;
	out = malloc((size_t)max * sizeof(*out));
	if (!out)
		return fail(why, len, "out of memory", 0);
	if (strncmp(p, "0x", 2) || (p += 2, hex_token(&p, &v)))
		goto bad;
	out[k++] = v;
	while (*p) {
		unsigned long reps = 1;

		if (strncmp(p, " +", 2))
			goto bad;
		p += 2;
		if (hex_token(&p, &d) || !d)
			goto bad;
		if (*p == '*') {
			char *end;

			p++;
			if (*p < '0' || *p > '9')
				goto bad;
			reps = strtoul(p, &end, 10);
			p = end;
			if (reps < 2)
				goto bad;
		}
		if (reps > (unsigned long)(max - k)) {
			free(out);
			return fail(why, len, "more IDs than the bound", (size_t)(p - s));
		}
		for (unsigned long r = 0; r < reps; r++, k++) {
			if (out[k - 1] > UINT64_MAX - d)
				goto bad;
			out[k] = out[k - 1] + d;
		}
	}
	*ids = out;
	*n = k;
	return 0;
bad:
	free(out);
	return fail(why, len, "not the " REG_LIST_ENCODING " form (\"0x<id> +<gap>[*<count>] ...\")",
		    (size_t)(p - s));
}

bool sysreg_list_has(const uint64_t *ids, int n, uint64_t id)
{
	int lo = 0, hi = n;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (ids[mid] == id)
			return true;
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}
