/* SPDX-License-Identifier: GPL-2.0-or-later */
/* render_nfd.c - a Kubernetes node-feature-discovery feature file for the
 * "local" source (/etc/kubernetes/node-feature-discovery/features.d/).
 *
 * Format (NFD docs/usage/customization-guide.md, "Local feature source";
 * source/local/local.go): one "<key>=<value>" per line; lines starting with
 * "#" are comments, except that "# +" starts a directive and an unknown
 * directive is logged as an error, so our comments never start with "# +".
 * The only directive we write is the optional "# +expiry-time=<RFC 3339>",
 * after which nfd-worker ignores the labels below it.  The file must stay
 * under 64 KiB (ours is a few hundred bytes).  nfd-worker ignores dot files:
 * whoever installs the output should write ".kvm-pmu-info" and rename it.
 *
 * Keys carry the namespace "feature.node.kubernetes.io/": unprefixed keys are
 * still auto-prefixed with it but that is deprecated (DisableAutoPrefix), and
 * it is the one kubernetes.io namespace nfd-master accepts by default.
 *
 * Keys (written only when the value is known):
 *   kvm-pmu.pmu-v3       true|false  KVM_CAP_ARM_PMU_V3
 *   kvm-pmu.strict       true|false  KVM_CAP_ARM_PMU_V3_STRICT (Linux 7.3+)
 *   kvm-pmu.slots        decimal     host caps/slots, when every core PMU
 *                                    reports it and all agree
 *   kvm-pmu.guest-slots  decimal     SLOTS a strict-mode guest read, when every
 *                                    core PMU's strict guest read one and all agree
 *   kvm-pmu.midr         0x...       MIDR_EL1 (the JSON's midr_el1), when all agree
 *   kvm-pmu.core         name        the known-core table's name with each run of
 *                                    other characters as '-' ("Arm-Neoverse-V2")
 *   kvm-pmu.guest-pmuver decimal     ID_AA64DFR0_EL1.PMUVer a default (legacy-mode)
 *                                    guest read, when all agree
 *   kvm-pmu.guest-counters decimal   PMCR_EL0.N that guest read, when all agree
 *   kvm-pmu.<pmu>.<key>  the same six keys for each core PMU on its own, when
 *                                    the host has more than one (big.LITTLE):
 *                                    kvm-pmu.armv8_cortex_a76.slots=0
 *   kvm-pmu.strict-guests-see-host-slots  true|false  strict-mode guests would
 *                                    read the host's SLOTS (the --check verdict)
 *   kvm-pmu.default-guests-see-host-slots true|false  default (legacy) guests do
 *   kvm-pmu.needs-vmm-change  true|false  only the VMM stands in the way
 *   kvm-pmu.guest-sees-host-slots  deprecated alias of strict-guests-see-host-slots
 *   kvm-pmu.perf-topdown true|false|without-values  default perf stat on
 *                                    this host prints its TopdownL1 block
 *                                    (true), fails on #slots (false), or
 *                                    prints it without the STALL_SLOT*
 *                                    events its metrics count, so no value
 *                                    means anything (without-values); absent
 *                                    otherwise
 *   kvm-pmu.strict-contract  kept|broken  broken when KVM breaks a promise of
 *                                    the strict contract on any core PMU, kept
 *                                    when every core PMU's contract is kept;
 *                                    absent when unchecked or not decided
 *   kvm-pmu.verdict      verdict code (strict_exposes_slots, ...)
 *   kvm-pmu.virtualized  true|false  this node is itself a VM (absent: unknown)
 *   kvm-pmu.vm-verdict   inside an arm64 VM: its own vPMU (vm_slots_hidden, ...)
 *   kvm-pmu.legacy-class, kvm-pmu.strict-class  12 hex digits: the host's
 *                        vPMU class of the mode (vpmu_class.h); nodes with
 *                        one value restore each other's guests of the mode
 * Every value is one of the above, so it is a valid Kubernetes label value
 * (at most 63 of [A-Za-z0-9._-], alphanumeric first and last); label_ok()
 * still checks each one, and each name, so a future key cannot emit a label
 * nfd-master would reject.  A core PMU whose name cannot be part of a label
 * name gets a comment instead of its labels (two names never become one
 * key), and at most PER_PMU_MAX core PMUs get labels of their own, so the
 * file stays far below the 64 KiB whatever sysfs holds. */
#include "render.h"

#include <stdint.h>
#include <string.h>
#include <time.h>

#include "array_size.h"
#include "contract.h"
#include "cores.h"
#include "replay_line.h"
#include "utf8.h"
#include "vpmu_class.h"

#define NFD_PREFIX "feature.node.kubernetes.io/kvm-pmu."
/* Real hosts have up to four core types (SM8550); 16 keys' lines are
 * about 15 KiB. */
#define PER_PMU_MAX 16

static bool alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool label_char(char c)
{
	return alnum(c) || c == '-' || c == '_' || c == '.';
}

/* A Kubernetes label value (apimachinery validation.IsValidLabelValue),
 * minus the empty value, which a feature label has no use for; the name
 * part of a key (after the prefix's '/') follows the same rules. */
static bool label_ok(const char *v)
{
	size_t n = strlen(v);

	if (n == 0 || n > 63 || !alnum(v[0]) || !alnum(v[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!label_char(v[i]))
			return false;
	return true;
}

/* kvm-pmu.[PMU.]KEY=VAL, when both the name and the value are labels. */
static void put_for(FILE *out, const char *pmu, const char *key, const char *val)
{
	char name[128];
	int n = snprintf(name, sizeof(name), "kvm-pmu.%s%s%s", pmu ? pmu : "", pmu ? "." : "", key);

	if (n > 0 && (size_t)n < sizeof(name) && label_ok(name) && label_ok(val))
		fprintf(out, NFD_PREFIX "%s=%s\n", name + 8, val);
}

static void put(FILE *out, const char *key, const char *val)
{
	put_for(out, NULL, key, val);
}

static void put_bool(FILE *out, const char *key, bool v)
{
	put(out, key, v ? "true" : "false");
}

/* Each fact of a core PMU that has a key: its value as the label's text,
 * or false when the PMU lacks it. */
#define VAL_MAX 64
typedef bool (*pmu_fact)(const struct pmu *p, char v[VAL_MAX]);

static bool uint_fact(char v[VAL_MAX], bool known, unsigned long long x)
{
	snprintf(v, VAL_MAX, "%llu", x);
	return known;
}

static bool host_slots(const struct pmu *p, char v[VAL_MAX])
{
	return uint_fact(v, p->slots.set, p->slots.v);
}

static bool strict_guest_slots(const struct pmu *p, char v[VAL_MAX])
{
	unsigned slots = 0;
	bool read = p->probed && guest_read_slots(&p->guest[MODE_STRICT], &slots);

	return uint_fact(v, read, slots);
}

static bool midr(const struct pmu *p, char v[VAL_MAX])
{
	snprintf(v, VAL_MAX, "0x%llx", (unsigned long long)p->midr.v);
	return p->midr.set;
}

/* The table's name as a label value: each run of other characters one
 * '-', none at either end ("Arm Neoverse V2" -> "Arm-Neoverse-V2"). */
static bool core(const struct pmu *p, char v[VAL_MAX])
{
	const char *name = p->midr.set ? core_name(p->midr.v) : NULL;
	size_t n = 0;

	for (const char *c = name; c && *c && n < VAL_MAX - 1; c++) {
		if (label_char(*c) && (alnum(*c) || n))
			v[n++] = *c;
		else if (n && v[n - 1] != '-')
			v[n++] = '-';
	}
	while (n && !alnum(v[n - 1]))
		n--;
	v[n] = '\0';
	return n > 0;
}

/* What a default (legacy-mode) guest read, the view every VMM gives. */
static const struct guest_view *legacy_read(const struct pmu *p, enum guest_reg reg)
{
	const struct guest_view *g = &p->guest[MODE_LEGACY];

	return p->probed && g->status == MODE_OK && g->read[reg] && !g->undef[reg] ? g : NULL;
}

static bool guest_pmuver_of(const struct pmu *p, char v[VAL_MAX])
{
	const struct guest_view *g = legacy_read(p, GREG_DFR0);

	return uint_fact(v, g, g ? guest_pmuver(g) : 0);
}

static bool guest_counters_of(const struct pmu *p, char v[VAL_MAX])
{
	const struct guest_view *g = legacy_read(p, GREG_PMCR);

	return uint_fact(v, g, g ? guest_counters(g) : 0);
}

static const struct {
	const char *key;
	pmu_fact get;
} pmu_keys[] = {
	{ "slots", host_slots },
	{ "guest-slots", strict_guest_slots },
	{ "midr", midr },
	{ "core", core },
	{ "guest-pmuver", guest_pmuver_of },
	{ "guest-counters", guest_counters_of },
};

/* The value all core PMUs share, from GET; false when a core PMU lacks it,
 * values differ, or there is no core PMU. */
static bool common_core_value(const struct report *r, pmu_fact get, char v[VAL_MAX])
{
	bool any = false;

	for (int i = 0; i < r->npmus; i++) {
		char x[VAL_MAX];

		if (!r->pmus[i].core)
			continue;
		if (!get(&r->pmus[i], x) || (any && strcmp(x, v)))
			return false;
		memcpy(v, x, VAL_MAX);
		any = true;
	}
	return any;
}

/* A host with several core PMUs: each one's keys under its own name, for
 * the first PER_PMU_MAX of them. */
static void per_pmu_keys(const struct report *r, FILE *out)
{
	int ncore = 0, done = 0;

	for (int i = 0; i < r->npmus; i++)
		ncore += r->pmus[i].core;
	for (int i = 0; i < r->npmus && ncore > 1; i++) {
		const struct pmu *p = &r->pmus[i];
		char name[128];
		int n;

		if (!p->core)
			continue;
		if (done++ == PER_PMU_MAX) {
			fprintf(out, "# kvm-pmu-info: %d core PMUs; only the first %d have labels of "
				"their own\n", ncore, PER_PMU_MAX);
			return;
		}
		/* The longest key must fit, so that a PMU gets all its keys or none. */
		n = snprintf(name, sizeof(name), "kvm-pmu.%s.guest-counters", p->name);
		if (n < 0 || (size_t)n >= sizeof(name) || !label_ok(name) || strchr(p->name, '.')) {
			fputs("# kvm-pmu-info: core PMU ", out);
			utf8_put_clean(out, p->name);
			fputs(" has no labels of its own: its name is no part of a label name "
			      "(letters, digits, '-' and '_'; 40 at most)\n", out);
			continue;
		}
		for (size_t k = 0; k < ARRAY_SIZE(pmu_keys); k++) {
			char v[VAL_MAX];

			if (pmu_keys[k].get(p, v))
				put_for(out, p->name, pmu_keys[k].key, v);
		}
	}
}

/* "broken" when any core PMU's contract is, "kept" when every one is,
 * else NULL. */
static const char *contract_label(const struct report *r)
{
	int core = 0, kept = 0;

	for (int i = 0; i < r->npmus; i++) {
		const char *s = contract_state(&r->pmus[i].contract);

		if (!r->pmus[i].core)
			continue;
		core++;
		if (s && !strcmp(s, "broken"))
			return "broken";
		kept += s && !strcmp(s, "kept");
	}
	return core && kept == core ? "kept" : NULL;
}

int render_nfd_expiry(const struct report *r, FILE *out, time_t expiry)
{
	const char *contract = contract_label(r);
	char line[768];

	fprintf(out, "# kvm-pmu-info %s: node-feature-discovery local feature file\n",
		PACKAGE_VERSION);
	if (report_replay_line(r, line, sizeof(line)))
		fputs("# kvm-pmu-info ", out), utf8_put_clean(out, line), fputc('\n', out);
	if (expiry > 0) {
		struct tm tm;
		char when[32];

		if (!gmtime_r(&expiry, &tm) ||
		    !strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm))
			return -1;
		fprintf(out, "# +expiry-time=%s\n", when);
	}
	if (r->cap_pmu_v3.set)
		put_bool(out, "pmu-v3", r->cap_pmu_v3.v != 0);
	if (r->cap_pmu_v3_strict.set)
		put_bool(out, "strict", r->cap_pmu_v3_strict.v != 0);
	for (size_t k = 0; k < ARRAY_SIZE(pmu_keys); k++) {
		char v[VAL_MAX];

		if (common_core_value(r, pmu_keys[k].get, v))
			put(out, pmu_keys[k].key, v);
	}
	per_pmu_keys(r, out);
	/* As in the JSON: not_probed and not_arm64 leave the answers open. */
	if (r->verdict.strict_sees >= 0)
		put_bool(out, "strict-guests-see-host-slots", r->verdict.strict_sees);
	if (r->verdict.default_sees >= 0)
		put_bool(out, "default-guests-see-host-slots", r->verdict.default_sees);
	if (r->verdict.needs_vmm >= 0)
		put_bool(out, "needs-vmm-change", r->verdict.needs_vmm);
	/* Deprecated since 0.2: the strict answer under its old name. */
	if (r->verdict.strict_sees >= 0)
		put_bool(out, "guest-sees-host-slots", r->verdict.strict_sees);
	for (int i = 0; i < r->npmus; i++) {
		enum perf_topdown t = r->pmus[i].perf.topdown;

		if (!r->pmus[i].core)
			continue;
		/* perf's host view is one for the whole host: the first core PMU's. */
		if (t == PERF_TD_WORKS_WITHOUT_VALUES)
			put(out, "perf-topdown", "without-values");
		else if (t == PERF_TD_WORKS || t == PERF_TD_FAILS)
			put_bool(out, "perf-topdown", t == PERF_TD_WORKS);
		break;
	}
	if (contract)
		put(out, "strict-contract", contract);
	put(out, "verdict", verdict_code_name(r->verdict.code));
	if (r->virt.vm >= 0)
		put_bool(out, "virtualized", r->virt.vm == 1);
	if (r->vm_verdict_applies)
		put(out, "vm-verdict", verdict_code_name(r->vm_verdict.code));
	for (int m = 0; m < MODE_N; m++) {
		char cls[VPMU_CLASS_LEN + 1], key[32];

		if (!vpmu_host_class(r, (enum probe_mode)m, cls))
			continue;
		snprintf(key, sizeof(key), "%s-class", mode_name((enum probe_mode)m));
		put(out, key, cls);
	}
	return ferror(out) ? -1 : 0;
}

int render_nfd(const struct report *r, FILE *out)
{
	return render_nfd_expiry(r, out, 0);
}
