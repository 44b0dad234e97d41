/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_aggregate.c - one answer for a host of several core PMUs: the worst.
 *
 * A host whose core PMUs disagree must answer as its worst one, whichever
 * comes first: a "yes" for the whole host (in the JSON verdict, --check,
 * NFD, Prometheus) while one core type says no would send a guest pinned to
 * that type into failing perf.  The host is the real two-PMU tree
 * qemu-7.3.4-hetero (armv8_cortex_a53 on CPU 1, armv8_cortex_a57 on CPU 0);
 * its guests get the registers the real 7.3.4 SLOTS-8 run read
 * (tests/fixtures/qemu-7.3.4-max-slots8/vm/report.json: DFR0 0x10305609,
 * PMCR 0x3000, PMCEID0 0x40020001, PMCEID1 legacy 0x10000018 / strict
 * 0xf0000018, PMMIR legacy 0 / strict 8) and its host SLOTS 8, and then one
 * PMU at a time is made the odd one out, first and last.  Every NFD and
 * Prometheus output here, and every fixture's, also has each key or series
 * once: a label written per PMU is one nfd-master rejects. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract.h"
#include "fixture.h"
#include "model.h"
#include "render.h"
#include "tap.h"
#include "verdict.h"

#define NFD "feature.node.kubernetes.io/kvm-pmu."

static void set_guest(struct guest_view *g, uint64_t pmmir, uint64_t pmceid1)
{
	memset(g, 0, sizeof(*g));
	g->status = MODE_OK;
	for (int i = 0; i < GREG_N; i++)
		g->read[i] = true;
	g->reg[GREG_MIDR] = 0xf0510;
	g->reg[GREG_DFR0] = 0x10305609;
	g->reg[GREG_PMCR] = 0x3000;
	g->reg[GREG_PMCEID0] = 0x40020001;
	g->reg[GREG_PMCEID1] = pmceid1;
	g->reg[GREG_PMMIR] = pmmir;
}

static void set_contract(struct contract *c, bool broken)
{
	memset(c, 0, sizeof(*c));
	c->checked = true;
	for (int i = 0; i < CC_N; i++)
		c->check[i].result = CR_KEPT;
	c->kept = CC_N;
	if (broken) {
		c->check[CC_STALL_SLOT_UNMASKED].result = CR_BROKEN;
		c->kept--;
		c->broken = 1;
	}
}

enum odd { ODD_NONE, ODD_MISMATCH, ODD_UNSUPPORTED, ODD_BROKEN, ODD_LEGACY_SEES };

/* The hetero host probed on 7.3: every core PMU a strict "yes"; the core
 * PMU at index ODD_AT among the core PMUs gets ODD (ODD_LEGACY_SEES: all
 * but that one's legacy guest read the host's SLOTS). */
static int host(struct report *r, enum odd odd, int odd_at)
{
	int core = 0;

	if (fixture_collect(r, "qemu-7.3.4-hetero"))
		return -1;
	r->kvm = KVM_OK;
	nval_set(&r->kvm_api, 12);
	nval_set(&r->cap_pmu_v3, 1);
	nval_set(&r->cap_pmu_v3_strict, 1);
	for (int i = 0; i < r->npmus; i++) {
		struct pmu *p = &r->pmus[i];
		bool is_odd;

		if (!p->core)
			continue;
		is_odd = core++ == odd_at;
		nval_set(&p->slots, 8);
		p->probed = true;
		set_guest(&p->guest[MODE_LEGACY], odd == ODD_LEGACY_SEES && !is_odd ? 8 : 0, 0x10000018);
		set_guest(&p->guest[MODE_STRICT], is_odd && odd == ODD_MISMATCH ? 0 : 8, 0xf0000018);
		if (is_odd && odd == ODD_UNSUPPORTED) {
			memset(&p->guest[MODE_STRICT], 0, sizeof(p->guest[MODE_STRICT]));
			p->guest[MODE_STRICT].status = MODE_UNSUPPORTED;
			snprintf(p->guest[MODE_STRICT].error, WHY_MAX, "kernel lacks the strict feature");
		}
		set_contract(&p->contract, is_odd && odd == ODD_BROKEN);
	}
	if (core != 2)
		return -1;
	return verdict_compute(r);
}

/* How many lines of TEXT start with PREFIX. */
static int count_prefix(const char *text, const char *prefix)
{
	int n = 0;

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
		n += !strncmp(p, prefix, strlen(prefix));
	return n;
}

/* The first key (NFD: up to '=') or series (Prometheus: up to the value's
 * space) that TEXT has twice, comments aside; NULL when none. */
static const char *twice(const char *text, char sep, char *buf, size_t len)
{
	char *copy = strdup(text), *save = NULL, *keys[512];
	int n = 0;
	const char *dup = NULL;

	if (!copy)
		abort();
	for (char *l = strtok_r(copy, "\n", &save); l && n < 512 && !dup; l = strtok_r(NULL, "\n", &save)) {
		char *end = sep == ' ' ? strrchr(l, ' ') : strchr(l, sep);

		if (l[0] == '#' || !end)
			continue;
		*end = '\0';
		for (int i = 0; i < n && !dup; i++)
			if (!strcmp(keys[i], l)) {
				snprintf(buf, len, "%s", l);
				dup = buf;
			}
		keys[n++] = l;
	}
	free(copy);
	return dup;
}

static void unique(const char *what, const char *nfd, const char *prom)
{
	char b1[512], b2[512];
	const char *d1 = nfd ? twice(nfd, '=', b1, sizeof(b1)) : "no output";
	const char *d2 = prom ? twice(prom, ' ', b2, sizeof(b2)) : "no output";

	ok(!d1 && !d2, "%s: every NFD key and Prometheus series once (twice: %s; %s)", what,
	   d1 ? d1 : "none", d2 ? d2 : "none");
}

static const char *code(const struct verdict *v)
{
	return verdict_code_name(v->code);
}

/* The host's answers are the odd PMU's, whichever place it has. */
static void worst(enum odd odd, const char *want, const char *label)
{
	for (int at = 0; at < 2; at++) {
		struct report r;
		char *nfd, *prom, line[160];
		const struct verdict *v = &r.verdict;

		if (!ok(host(&r, odd, at) == 0, "%s, odd PMU %s: report built", label, at ? "last" : "first"))
			continue;
		nfd = render_str(&r, render_nfd);
		prom = render_str(&r, render_prometheus);
		is_str(code(v), want, "%s, odd PMU %s: host verdict", label, at ? "last" : "first");
		ok(v->strict_sees == 0 && verdict_check_status(&r, CHECK_STRICT) ==
		   verdict_exit_status(v) && verdict_exit_status(v) != 0,
		   "%s, odd PMU %s: strict answer no (%d), --check exits %d, not 0", label,
		   at ? "last" : "first", v->strict_sees, verdict_check_status(&r, CHECK_STRICT));
		snprintf(line, sizeof(line), NFD "verdict=%s", want);
		ok(nfd && has_line(nfd, line) &&
		   has_line(nfd, NFD "strict-guests-see-host-slots=false"),
		   "%s, odd PMU %s: NFD verdict=%s, strict-guests-see-host-slots=false", label,
		   at ? "last" : "first", want);
		ok(prom && has_line(prom, "kvm_pmu_info_strict_guests_see_host_slots 0"),
		   "%s, odd PMU %s: Prometheus strict_guests_see_host_slots 0", label, at ? "last" : "first");
		if (odd == ODD_BROKEN)
			ok(nfd && has_line(nfd, NFD "strict-contract=broken"),
			   "%s, odd PMU %s: NFD strict-contract=broken", label, at ? "last" : "first");
		unique(label, nfd, prom);
		free(nfd);
		free(prom);
		report_free(&r);
	}
}

static void all_agree(void)
{
	struct report r;
	char *nfd, *prom;

	if (!ok(host(&r, ODD_NONE, -1) == 0, "both core PMUs yes: report built"))
		return;
	nfd = render_str(&r, render_nfd);
	prom = render_str(&r, render_prometheus);
	is_str(code(&r.verdict), "strict_exposes_slots", "both yes: host verdict");
	ok(r.verdict.strict_sees == 1 && verdict_check_status(&r, CHECK_STRICT) == 0,
	   "both yes: strict answer yes, --check exits 0");
	ok(r.verdict.default_sees == 0 && verdict_check_status(&r, CHECK_DEFAULT) != 0,
	   "both yes, legacy guests read 0: default answer no, --check=default not 0");
	ok(nfd && has_line(nfd, NFD "strict-contract=kept") && has_line(nfd, NFD "slots=8") &&
	   has_line(nfd, NFD "guest-slots=8"), "both yes: NFD strict-contract=kept, slots=8, guest-slots=8");
	unique("both yes", nfd, prom);
	free(nfd);
	free(prom);
	/* perf's host outcome is one for the host, so one label, not one a PMU */
	for (int i = 0; i < r.npmus; i++)
		r.pmus[i].perf.topdown = r.pmus[i].core ? PERF_TD_WORKS : PERF_TD_UNKNOWN;
	nfd = render_str(&r, render_nfd);
	ok(nfd && count_prefix(nfd, NFD "perf-topdown=") == 1,
	   "two core PMUs whose perf works: one NFD perf-topdown label (%d)",
	   nfd ? count_prefix(nfd, NFD "perf-topdown=") : -1);
	free(nfd);
	report_free(&r);
}

/* Default guests: "yes" only when each core PMU's legacy guest reads the
 * host's SLOTS. */
static void default_all(void)
{
	for (int at = -1; at < 2; at++) {
		struct report r;
		char *nfd;

		if (!ok(host(&r, ODD_LEGACY_SEES, at) == 0, "legacy guests, odd %d: report built", at))
			continue;
		nfd = render_str(&r, render_nfd);
		if (at < 0) {
			ok(r.verdict.default_sees == 1 && verdict_check_status(&r, CHECK_DEFAULT) == 0 &&
			   nfd && has_line(nfd, NFD "default-guests-see-host-slots=true"),
			   "both legacy guests read SLOTS 8: default answer yes, --check=default 0, NFD true");
		} else {
			ok(r.verdict.default_sees == 0 && verdict_check_status(&r, CHECK_DEFAULT) != 0 &&
			   nfd && has_line(nfd, NFD "default-guests-see-host-slots=false"),
			   "the %s core PMU's legacy guest reads 0: default answer no (%d), --check=default "
			   "%d, NFD false", at ? "last" : "first", r.verdict.default_sees,
			   verdict_check_status(&r, CHECK_DEFAULT));
		}
		free(nfd);
		report_free(&r);
	}
}

/* NFD's strict-contract=kept speaks for the host: every core PMU's contract
 * kept.  One PMU whose checks could not be decided (unknown), were not
 * applicable (a kernel without the strict capability) or were never made,
 * first or last, leaves the label out: no yes for a host of which one
 * core type was not seen keeping it. */
static void contract_all(void)
{
	static const char *const states[] = { "unknown", "not_applicable", "not checked" };

	for (int st = 0; st < 3; st++)
		for (int at = 0; at < 2; at++) {
			struct report r;
			struct contract *c = NULL;
			char *nfd;
			int core = 0;

			if (!ok(host(&r, ODD_NONE, -1) == 0, "contract %s: report built", states[st]))
				continue;
			for (int i = 0; i < r.npmus; i++)
				if (r.pmus[i].core && core++ == at)
					c = &r.pmus[i].contract;
			if (st == 0) {
				c->check[CC_PMMIR_OTHER_REJECTED].result = CR_UNKNOWN;
				c->kept--;
			} else if (st == 1) {
				for (int i = 0; i < CC_N; i++)
					c->check[i].result = CR_NOT_APPLICABLE;
				c->kept = 0;
			} else {
				memset(c, 0, sizeof(*c));
			}
			nfd = render_str(&r, render_nfd);
			ok(nfd && !strstr(nfd, NFD "strict-contract="),
			   "the %s core PMU's contract %s, the other's kept: no NFD strict-contract label",
			   at ? "last" : "first", states[st]);
			free(nfd);
			report_free(&r);
		}
}

static void every_fixture(void)
{
	DIR *d = opendir(fixture_dir());
	struct dirent *e;
	int n = 0, bad = 0;

	if (!ok(d != NULL, "fixtures at %s", fixture_dir()))
		return;
	while ((e = readdir(d))) {
		struct report r;
		char *nfd, *prom, b1[512], b2[512];

		if (e->d_name[0] == '.' || !strcmp(e->d_name, "README.md"))
			continue;
		if (fixture_collect(&r, e->d_name) || verdict_compute(&r)) {
			report_free(&r);
			continue;
		}
		n++;
		nfd = render_str(&r, render_nfd);
		prom = render_str(&r, render_prometheus);
		if (!nfd || !prom || twice(nfd, '=', b1, sizeof(b1)) || twice(prom, ' ', b2, sizeof(b2))) {
			printf("# %s: a key or series twice\n", e->d_name);
			bad++;
		}
		free(nfd);
		free(prom);
		report_free(&r);
	}
	closedir(d);
	ok(n >= 15 && !bad, "%d fixtures: every NFD key and Prometheus series once (%d twice)", n, bad);
}

int main(void)
{
	all_agree();
	worst(ODD_MISMATCH, "slots_mismatch", "one strict guest reads SLOTS 0");
	worst(ODD_UNSUPPORTED, "strict_unsupported", "one PMU without strict mode");
	worst(ODD_BROKEN, "contract_broken", "one PMU's contract broken");
	default_all();
	contract_all();
	every_fixture();
	return done_testing();
}
