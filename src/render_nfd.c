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
 *   kvm-pmu.strict-guests-see-host-slots  true|false  strict-mode guests would
 *                                    read the host's SLOTS (the --check verdict)
 *   kvm-pmu.default-guests-see-host-slots true|false  default (legacy) guests do
 *   kvm-pmu.needs-vmm-change  true|false  only the VMM stands in the way
 *   kvm-pmu.guest-sees-host-slots  deprecated alias of strict-guests-see-host-slots
 *   kvm-pmu.perf-topdown true|false  default perf stat on this host prints its
 *                                    TopdownL1 block (true) or fails on
 *                                    #slots (false); absent otherwise
 *   kvm-pmu.strict-contract  kept|broken  broken when KVM breaks a promise of
 *                                    the strict contract on any core PMU, kept
 *                                    when every core PMU's contract is kept;
 *                                    absent when unchecked or not decided
 *   kvm-pmu.verdict      verdict code (strict_exposes_slots, ...)
 *   kvm-pmu.virtualized  true|false  this node is itself a VM (absent: unknown)
 *   kvm-pmu.vm-verdict   inside an arm64 VM: its own vPMU (vm_slots_hidden, ...)
 * Every value is one of the above, so it is a valid Kubernetes label value
 * (at most 63 of [A-Za-z0-9._-], alphanumeric first and last); label_value_ok()
 * still checks each one, so a future key cannot emit a label nfd-master
 * would reject. */
#include "render.h"

#include <stdint.h>
#include <string.h>
#include <time.h>

#include "contract.h"
#include "replay_line.h"
#include "utf8.h"

#define NFD_PREFIX "feature.node.kubernetes.io/kvm-pmu."

static bool alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Kubernetes label value (apimachinery validation.IsValidLabelValue),
 * minus the empty value, which a feature label has no use for. */
static bool label_value_ok(const char *v)
{
	size_t n = strlen(v);

	if (n == 0 || n > 63 || !alnum(v[0]) || !alnum(v[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!alnum(v[i]) && v[i] != '-' && v[i] != '_' && v[i] != '.')
			return false;
	return true;
}

static void put(FILE *out, const char *key, const char *val)
{
	if (label_value_ok(val))
		fprintf(out, NFD_PREFIX "%s=%s\n", key, val);
}

static void put_bool(FILE *out, const char *key, bool v)
{
	put(out, key, v ? "true" : "false");
}

static void put_uint(FILE *out, const char *key, uint64_t v)
{
	char b[24];

	snprintf(b, sizeof(b), "%llu", (unsigned long long)v);
	put(out, key, b);
}

/* The value all core PMUs share, from GET; false when a core PMU lacks it,
 * values differ, or there is no core PMU. */
static bool common_core_value(const struct report *r, bool (*get)(const struct pmu *, uint64_t *),
			      uint64_t *v)
{
	bool any = false;

	for (int i = 0; i < r->npmus; i++) {
		uint64_t x = 0;

		if (!r->pmus[i].core)
			continue;
		if (!get(&r->pmus[i], &x) || (any && x != *v))
			return false;
		*v = x;
		any = true;
	}
	return any;
}

static bool host_slots(const struct pmu *p, uint64_t *v)
{
	*v = p->slots.v;
	return p->slots.set;
}

static bool strict_guest_slots(const struct pmu *p, uint64_t *v)
{
	unsigned slots;

	if (!p->probed || !guest_read_slots(&p->guest[MODE_STRICT], &slots))
		return false;
	*v = slots;
	return true;
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
	uint64_t v = 0;
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
	if (common_core_value(r, host_slots, &v))
		put_uint(out, "slots", v);
	if (common_core_value(r, strict_guest_slots, &v))
		put_uint(out, "guest-slots", v);
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
		if (t == PERF_TD_WORKS || t == PERF_TD_FAILS)
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
	return ferror(out) ? -1 : 0;
}

int render_nfd(const struct report *r, FILE *out)
{
	return render_nfd_expiry(r, out, 0);
}
