/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_migrate.c - the migration answer on recorded reports.
 *
 * tests/migration/ holds what real boots wrote (its README says which
 * boot, tests/vm/vm-migrate.test made them): each host's -j report, and
 * what --migrate-from measured on a destination's KVM for a source's
 * report.  Here, without KVM: --compare's prediction from the two reports
 * must give each PMU and mode the answer, ioctl and errno the destination's
 * KVM gave, and that answer must be the one the kernels are known for
 * (man page MIGRATION). */
#include <errno.h>
#include <json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memtree.h"
#include "migrate.h"
#include "migrate_read.h"
#include "probe_record.h"
#include "render_migrate.h"
#include "sysreg.h"
#include "tar.h"
#include "tap.h"
#include "util.h"
#include "vpmu_class.h"

static char dir[4096];

static int load(const char *name, struct report *r)
{
	char path[4200], err[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	report_init(r);
	if (migrate_read_file(path, r, err, sizeof(err))) {
		ok(0, "read %s: %s", name, err);
		return -1;
	}
	return 0;
}

static json_object *measured_mode(json_object *root, int pmu, const char *mode)
{
	json_object *mg, *pmus, *p, *modes, *m;

	if (!json_object_object_get_ex(root, "migration", &mg) ||
	    !json_object_object_get_ex(mg, "pmus", &pmus) ||
	    !(p = json_object_array_get_idx(pmus, (size_t)pmu)) ||
	    !json_object_object_get_ex(p, "modes", &modes) ||
	    !json_object_object_get_ex(modes, mode, &m))
		return NULL;
	return m;
}

static const char *field(json_object *m, const char *key)
{
	json_object *v;

	return m && json_object_object_get_ex(m, key, &v) && v ? json_object_get_string(v) : "null";
}

/* The prediction from SRC and DST against what --migrate-from measured
 * (MEASURED), and both against the known answers WANT[legacy, strict]. */
static void pair(const char *src, const char *dst, const char *measured, const char *want_l,
		 const char *want_s)
{
	const char *want[MODE_N] = { want_l, want_s };
	struct report a, b;
	struct migration m = { 0 };
	char path[4200];
	json_object *root, *mg, *chk, *st;

	snprintf(path, sizeof(path), "%s/%s", dir, measured);
	root = json_object_from_file(path);
	ok(root != NULL, "%s -> %s: the measured answer %s parses", src, dst, measured);
	if (!root || load(src, &a) || load(dst, &b))
		return;
	ok(!mig_predict(&m, &a, &b) && m.npmus == 1, "%s -> %s: predicted, one core PMU", src, dst);
	for (int k = 0; k < MODE_N && m.npmus == 1; k++) {
		const struct mig_mode *p = &m.pmus[0].mode[k];
		json_object *mm = measured_mode(root, 0, mode_name((enum probe_mode)k));
		const char *mode = mode_name((enum probe_mode)k);

		is_str(field(mm, "answer"), want[k], "%s -> %s %s: measured %s", src, dst, mode, want[k]);
		is_str(mig_answer_name(p->answer), field(mm, "answer"),
		       "%s -> %s %s: predicted answer = measured", src, dst, mode);
		is_str(p->ioctl[0] ? p->ioctl : "null", field(mm, "ioctl"),
		       "%s -> %s %s: predicted ioctl = measured", src, dst, mode);
		is_str(p->ioctl[0] ? errno_name(p->err) : "null", field(mm, "errno"),
		       "%s -> %s %s: predicted errno = measured", src, dst, mode);
		/* an errno no KVM gave must not read as measured */
		if (p->ioctl[0])
			has_str(p->reason, "(predicted)", "%s -> %s %s: the reason says predicted",
				src, dst, mode);
	}
	/* --check after --compare: the worst answer's status, as measured */
	if (json_object_object_get_ex(root, "migration", &mg) &&
	    json_object_object_get_ex(mg, "check", &chk) &&
	    json_object_object_get_ex(chk, "status", &st))
		is_int(mig_check_status(&m), json_object_get_int(st),
		       "%s -> %s: --check status predicted = measured", src, dst);
	else
		ok(0, "%s -> %s: the measured answer has check.status", src, dst);
	migration_free(&m);
	report_free(&a);
	report_free(&b);
	json_object_put(root);
}

/* The vPMU class hashes MIDR_EL1 & 0xff00fff0 (kvm-pmu-info(1) MIGRATION):
 * another variant or revision of the same core is the same pool, another
 * part number is not. */
static void class_midr(void)
{
	struct report a;
	struct guest_view *g;
	char base[VPMU_CLASS_LEN + 1], other[VPMU_CLASS_LEN + 1];
	uint64_t midr;

	if (load("s8.json", &a))
		return;
	g = &a.pmus[0].guest[MODE_LEGACY];
	midr = g->reg[GREG_MIDR];
	ok(vpmu_class(g, base), "s8's legacy guest has a class (%s)", base);
	g->reg[GREG_MIDR] = midr | 0x00f0000fULL;
	ok(vpmu_class(g, other) && !strcmp(base, other),
	   "another variant and revision: the same class (%s)", other);
	g->reg[GREG_MIDR] = midr ^ 0x10ULL;
	ok(vpmu_class(g, other) && strcmp(base, other), "another part number: another class (%s)", other);
	report_free(&a);
}

/* The value of the first line of tests/migration/FILE that holds KEY and
 * then CLASS_KEY, up to the next '"' or newline, into OUT. */
static bool recorded_class(const char *file, const char *key, const char *class_key, char *out,
			   size_t len)
{
	char path[4200], line[1024];
	FILE *f;
	bool found = false;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "r");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char *k = strstr(line, key), *c = k ? strstr(k, class_key) : NULL;

		if (!c)
			continue;
		c += strlen(class_key);
		snprintf(out, len, "%.*s", (int)strcspn(c, "\"\n"), c);
		found = true;
	}
	fclose(f);
	return found;
}

/* The host-level vPMU class (the NFD label kvm-pmu.MODE-class) of a host
 * with one core PMU is that PMU's class itself, as the real boots printed
 * it: s8, s0 and v612 (tests/migration/README.md) -f prometheus gives the
 * per-PMU class, s8's -f nfd the host's, and both are one string.  A host
 * of two core PMUs gets one class for both, unlike either's (hetero). */
static void host_class(void)
{
	static const struct {
		const char *json, *prom, *nfd;
	} hosts[] = {
		{ "s8.json", "s8.prom", "s8.nfd" },
		{ "s0.json", "s0.prom", NULL },
		{ "v612.json", "v612.prom", NULL },
	};

	for (size_t i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		struct report a;

		if (load(hosts[i].json, &a))
			continue;
		for (int k = 0; k < MODE_N; k++) {
			const char *mode = mode_name((enum probe_mode)k);
			char host[VPMU_CLASS_LEN + 1] = "", one[VPMU_CLASS_LEN + 1] = "";
			char key[64], want[64] = "";
			bool has = vpmu_class(&a.pmus[0].guest[k], one);

			snprintf(key, sizeof(key), "mode=\"%s\"", mode);
			/* v612's strict guest is not built (6.12 has no strict
			 * feature): no class, no series */
			is_int(vpmu_host_class(&a, (enum probe_mode)k, host), has,
			       "%s %s: a host class exactly when its one PMU has one", hosts[i].json, mode);
			if (!has) {
				ok(!recorded_class(hosts[i].prom, key, "class=\"", want, sizeof(want)),
				   "... and %s has no %s class either", hosts[i].prom, mode);
				continue;
			}
			is_str(host, one, "%s %s: the host class is its one PMU's class", hosts[i].json, mode);
			ok(recorded_class(hosts[i].prom, key, "class=\"", want, sizeof(want)),
			   "... %s has a %s class", hosts[i].prom, mode);
			is_str(host, want, "... the class %s printed", hosts[i].prom);
			if (!hosts[i].nfd)
				continue;
			snprintf(key, sizeof(key), "kvm-pmu.%s-class=", mode);
			ok(recorded_class(hosts[i].nfd, key, "=", want, sizeof(want)),
			   "... %s has the %s label", hosts[i].nfd, key);
			is_str(host, want, "... the host class = %s's label", hosts[i].nfd);
		}
		report_free(&a);
	}
	/* The two-PMU rig (hetero.json, hetero.nfd: run-tool --hetero,
	 * armv8_cortex_a53 and armv8_cortex_a57): the host class is the one
	 * both hosts of that shape share, as the boot's NFD label says, and is
	 * neither PMU's own class. */
	{
		struct report a;

		if (load("hetero.json", &a))
			return;
		ok(a.npmus >= 2 && a.pmus[0].core && a.pmus[1].core, "hetero.json: two core PMUs first");
		for (int k = 0; k < MODE_N && a.npmus >= 2; k++) {
			const char *mode = mode_name((enum probe_mode)k);
			char host[VPMU_CLASS_LEN + 1] = "", c0[VPMU_CLASS_LEN + 1] = "";
			char c1[VPMU_CLASS_LEN + 1] = "", key[64], want[64] = "";

			ok(vpmu_host_class(&a, (enum probe_mode)k, host) && vpmu_class(&a.pmus[0].guest[k], c0) &&
			   vpmu_class(&a.pmus[1].guest[k], c1), "hetero %s: a host class and both PMUs' (%s)",
			   mode, host);
			ok(strcmp(host, c0) && strcmp(host, c1), "... the host class is neither PMU's (%s, %s)",
			   c0, c1);
			snprintf(key, sizeof(key), "kvm-pmu.%s-class=", mode);
			ok(recorded_class("hetero.nfd", key, "=", want, sizeof(want)),
			   "... hetero.nfd has the %s label", key);
			is_str(host, want, "... the host class = hetero.nfd's label");
		}
		report_free(&a);
	}
}

/* PMCR_EL0.N of every guest of R: bits [15:11] */
static void set_counters(struct report *r, unsigned n)
{
	for (int k = 0; k < MODE_N; k++) {
		uint64_t *pmcr = &r->pmus[0].guest[k].reg[GREG_PMCR];

		*pmcr = (*pmcr & ~(0x1fULL << 11)) | (uint64_t)n << 11;
	}
}

/* Fewer counters on the destination is a change the guest feels; more is
 * not (kvm-pmu-info(1) MIGRATION, moves_with_changes).  s8's guests read
 * N = 6 (the test QEMU's -cpu max); the other side gets 4. */
static void counters(void)
{
	struct report a, b;
	struct migration m = { 0 }, back = { 0 };
	const struct mig_mode *l;

	if (load("s8.json", &a) || load("s8.json", &b))
		return;
	set_counters(&b, 4);
	ok(!mig_predict(&m, &a, &b) && m.npmus == 1, "6 -> 4 counters: predicted");
	l = &m.pmus[0].mode[MODE_LEGACY];
	is_str(mig_answer_name(l->answer), "moves_with_changes", "6 -> 4 counters: moves_with_changes");
	ok(l->nchanges == 1 && l->changes[0].kind == CHG_COUNTERS && l->changes[0].from == 6 &&
	   l->changes[0].to == 4, "... the one change: counters 6 -> 4");
	ok(!mig_predict(&back, &b, &a) && back.npmus == 1, "4 -> 6 counters: predicted");
	is_str(mig_answer_name(back.pmus[0].mode[MODE_LEGACY].answer), "moves",
	       "4 -> 6 counters: moves, more counters are no loss");
	migration_free(&m);
	migration_free(&back);
	report_free(&a);
	report_free(&b);
}

/* The recorded list comes back from its text as it was. */
static void reg_list_roundtrip(const char *name)
{
	struct report r;
	const struct vcpu_state *s;
	char *text;
	uint64_t *ids;
	int n;
	char why[WHY_MAX];

	if (load(name, &r))
		return;
	s = &r.pmus[0].guest[MODE_LEGACY].vcpu;
	ok(s->recorded && s->nids > 100, "%s: legacy vCPU state recorded (%d IDs)", name, s->nids);
	text = sysreg_list_encode(s->ids, s->nids);
	ids = NULL;
	ok(text && !sysreg_list_decode(text, REG_LIST_MAX, &ids, &n, why, sizeof(why)) &&
	   n == s->nids && !memcmp(ids, s->ids, (size_t)n * sizeof(*ids)),
	   "%s: the register list decodes to itself", name);
	free(ids);
	ok(text && sysreg_list_decode(text, s->nids - 1, &ids, &n, why, sizeof(why)) != 0,
	   "%s: one ID over the bound is refused", name);
	free(text);
	report_free(&r);
}

/* A capture and a report of a release before register lists (the real
 * 7.3.4 SLOTS 8 capture of tests/fixtures/qemu-7.3.4-max-slots8) still
 * read, and say why they carry nothing to move. */
static void before_register_lists(void)
{
	static const bool modes[MODE_N] = { true, true };
	char path[4200], err[512];
	const struct memtree_node *n;
	struct memtree t;
	struct report r, a;
	struct migration m = { 0 };
	bool isdir;

	snprintf(path, sizeof(path), "%s/../fixtures/qemu-7.3.4-max-slots8/contract/capture.tar.gz", dir);
	memtree_init(&t);
	report_init(&r);
	r.pmus = calloc(1, sizeof(*r.pmus));
	r.npmus = 1;
	r.pmus[0].name = strdup("armv8_pmuv3");
	r.pmus[0].core = true;
	ok(!tar_load(path, &t, err, sizeof(err)) && (n = memtree_find(&t, PROBE_RECORD_FILE, &isdir)) &&
	   !probe_record_read(&r, (const char *)n->data, n->len, modes, false, err, sizeof(err)),
	   "an older capture's probe record reads: %s", err);
	ok(r.pmus[0].guest[MODE_STRICT].status == MODE_OK && !r.pmus[0].guest[MODE_STRICT].vcpu.recorded,
	   "... its strict guest ran, without vCPU state");
	has_str(r.pmus[0].guest[MODE_STRICT].vcpu.why, "predates register lists", "... and says why");
	report_free(&r);
	memtree_free(&t);
	if (load("../fixtures/qemu-7.3.4-max-slots8/vm/report.json", &a))
		return;
	ok(!mig_predict(&m, &a, &a) && m.npmus == 1 && m.pmus[0].mode[MODE_STRICT].answer == MIG_NOT_CHECKED,
	   "an older report: nothing to move");
	has_str(m.pmus[0].mode[MODE_STRICT].reason, "predates register lists", "... and it says why");
	migration_free(&m);
	report_free(&a);
}

/* Register names and the list's text, as a report from another release or
 * a hand-edited one gives them.  Encodings: the Arm ARM's (MIDR_EL1 op0 3,
 * op1 0, CRn 0, CRm 0, op2 0; PMEVCNTR<n>_EL0 op1 3, CRn 14, CRm
 * 0b10:n[4:3], op2 n[2:0], PMEVTYPER<n>_EL0 CRm 0b11:n[4:3]); the core
 * register X0's ID from arch/arm64/include/uapi/asm/kvm.h (KVM_REG_ARM64 |
 * KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE, offset 0). */
static void register_names(void)
{
	static const struct { uint64_t id; const char *name; } names[] = {
		{ KPI_SYSREG(3, 0, 0, 0, 0), "S3_0_C0_C0_0" },
		{ KPI_SYSREG(3, 3, 14, 8, 5), "PMEVCNTR5_EL0" },
		{ KPI_SYSREG(3, 3, 14, 15, 6), "PMEVTYPER30_EL0" },
		{ KPI_REG_PMMIR_EL1, "PMMIR_EL1" },
		{ 0x6030000000100000ULL, "0x6030000000100000" },
	};
	static const char *const refused[] = {
		"0x6030000000100000", "S3_0_C0_C0_8", "S4_0_C0_C0_0", "S3_3_C9_C12_0",
		"PMEVCNTR31_EL0", "PMEVTYPER31_EL0", "PMCR_EL1", "",
		"S3_0_C0_C0_0_and_a_name_too_long_to_be_one",
	};
	static const char *const bad_lists[] = {
		"0x1 +0", "0x1 +1*1", "0x1 +1*x", "1 +1", "0x1 1", "0x1 +",
		"0xffffffffffffffff +1", "0x10000000000000000", "0x1 +g",
	};
	uint64_t id, dup[] = { 3, 1, 3, 2, 1 }, *ids;
	char name[32], why[WHY_MAX], *text;
	int n;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		sysreg_name(names[i].id, name, sizeof(name));
		is_str(name, names[i].name, "register 0x%016llx is named %s",
		       (unsigned long long)names[i].id, names[i].name);
		if (names[i].name[0] == '0')
			continue;
		id = 0;
		ok(!sysreg_parse(names[i].name, &id) && id == names[i].id, "%s reads back", names[i].name);
	}
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		ok(sysreg_parse(refused[i], &id) != 0, "'%s' is no register name read", refused[i]);
	is_int((long long)sysreg_size(KPI_REG_PMCR_EL0), 8, "a 64-bit register is 8 bytes");
	is_int((long long)sysreg_size(0x6020000000110000ULL), 4, "a KVM_REG_SIZE_U32 one is 4");
	is_int(sysreg_list_sort(dup, 5), 3, "sorting 3 1 3 2 1 leaves 3 IDs");
	ok(dup[0] == 1 && dup[1] == 2 && dup[2] == 3, "... 1 2 3");
	is_int(sysreg_list_sort(dup, 0), 0, "an empty list sorts to none");
	text = sysreg_list_encode(dup, 0);
	is_str(text, "", "an empty list's text is empty");
	ok(text && !sysreg_list_decode(text, REG_LIST_MAX, &ids, &n, why, sizeof(why)) && !ids && !n,
	   "... and decodes to no ID");
	free(text);
	for (size_t i = 0; i < sizeof(bad_lists) / sizeof(bad_lists[0]); i++) {
		ids = dup;
		why[0] = '\0';
		ok(sysreg_list_decode(bad_lists[i], REG_LIST_MAX, &ids, &n, why, sizeof(why)) != 0 &&
		   !ids && !n, "register list '%s' is refused", bad_lists[i]);
		has_str(why, "not the sorted-delta-hex form", "... saying why (%s)", why);
	}
}

/* A recorded report (tests/migration/NAME) with one field at PATH (keys
 * and array indexes, NULL-ended) set to VALUE (JSON text), read as R. */
static int load_edited(const char *name, struct report *r, const char *value, ...)
{
	char path[4200], err[512];
	json_object *root, *cur, *next;
	const char *key, *last = NULL, *text;
	va_list ap;
	int ret;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	root = json_object_from_file(path);
	cur = root;
	va_start(ap, value);
	while (cur && (key = va_arg(ap, const char *))) {
		if (last)
			cur = json_object_is_type(cur, json_type_array)
			      ? json_object_array_get_idx(cur, (size_t)atoi(last))
			      : json_object_object_get_ex(cur, last, &next) ? next : NULL;
		last = key;
	}
	va_end(ap);
	if (!cur || !last || (!json_object_is_type(cur, json_type_array) &&
			      !json_object_object_get_ex(cur, last, NULL))) {
		ok(0, "%s: the field to edit is there", name);
		json_object_put(root);
		return -1;
	}
	if (json_object_is_type(cur, json_type_array))
		json_object_array_put_idx(cur, (size_t)atoi(last), json_tokener_parse(value));
	else
		json_object_object_add(cur, last, json_tokener_parse(value));
	text = json_object_to_json_string(root);
	report_init(r);
	ret = migrate_read((const unsigned char *)text, strlen(text), r, err, sizeof(err));
	ok(!ret, "%s with %s = %s reads: %s", name, last, value, ret ? err : "");
	json_object_put(root);
	return ret;
}

/* What --compare answers for a destination or source unlike the recorded
 * ones, each a recorded report edited in one field. */
static void edited_pairs(void)
{
	struct report a, b;
	struct migration m = { 0 };

	/* A destination whose KVM has no vPMU (KVM_CAP_ARM_PMU_V3 0, as
	 * tests/kvm-records.test's kvm_no_pmu host): KVM_ARM_VCPU_INIT with
	 * the PMU feature fails there, in both modes. */
	if (load("s8.json", &a) || load_edited("s8.json", &b, "false", "kvm", "capabilities",
					       "arm_pmu_v3", NULL))
		return;
	ok(!mig_predict(&m, &a, &b) && m.npmus == 1, "s8 -> s8 without a vPMU: predicted");
	for (int k = 0; k < MODE_N && m.npmus == 1; k++) {
		const struct mig_mode *p = &m.pmus[0].mode[k];

		ok(p->answer == MIG_REFUSED && !strcmp(p->ioctl, "KVM_ARM_VCPU_INIT") && p->err == EINVAL,
		   "... %s: refused by KVM_ARM_VCPU_INIT, EINVAL (got %s, %s)",
		   mode_name((enum probe_mode)k), mig_answer_name(p->answer), p->ioctl);
		has_str(p->reason, "the destination's KVM has no vPMU (KVM_CAP_ARM_PMU_V3 0)",
			"... and says why");
	}
	migration_free(&m);
	report_free(&b);

	/* A destination whose guests read PMUVer 5 (PMUv3p4; ID_AA64DFR0_EL1
	 * bits 11:8) where the source's read 6: the guest restores and reads
	 * the other version. */
	memset(&m, 0, sizeof(m));
	if (load_edited("s8.json", &b, "\"0x10305509\"", "pmus", "0", "guest", "strict", "registers",
			"id_aa64dfr0_el1", NULL))
		goto out;
	ok(!mig_predict(&m, &a, &b) && m.npmus == 1, "s8 -> s8 with strict PMUVer 5: predicted");
	if (m.npmus == 1) {
		const struct mig_mode *p = &m.pmus[0].mode[MODE_STRICT];
		bool seen = false;

		for (int i = 0; i < p->nchanges; i++)
			seen |= p->changes[i].kind == CHG_PMUVER && p->changes[i].from == 6 &&
				p->changes[i].to == 5;
		ok(p->answer == MIG_MOVES_WITH_CHANGES && seen,
		   "... strict moves with changes, PMUVer 6 -> 5 among them (%s, %d changes)",
		   mig_answer_name(p->answer), p->nchanges);
		ok(m.pmus[0].mode[MODE_LEGACY].answer == MIG_MOVES, "... legacy, unedited, still moves");
	}
	migration_free(&m);
	report_free(&b);

	/* A source report without a core PMU (its one core PMU's "core"
	 * false): no guest of it to move. */
	memset(&m, 0, sizeof(m));
	if (load_edited("s8.json", &b, "false", "pmus", "0", "core", NULL))
		goto out;
	ok(!mig_predict(&m, &b, &a) && m.npmus == 0, "a source without a core PMU: no PMU to predict");
	has_str(m.why, "the source report has no core PMU", "... and it says why");
	migration_free(&m);
	report_free(&b);

	/* A destination of the same core in another variant or revision
	 * (MIDR_EL1 bits 23:20 and 3:0; a host of r1p1 silicon beside r0p0):
	 * --migrate-from matches a PMU by implementer and part number only
	 * (kvm-pmu-info(1) MIGRATION), so s8's own report with its PMU's
	 * midr_el1 0xf0510 edited gets s8 -> s8's answers (s8-to-s8.json:
	 * moves, moves); another part number (0x052, 0x151) or implementer
	 * (0x41) is refused. */
	{
		static const struct {
			const char *midr, *what;
			enum mig_answer want;
		} dests[] = {
			{ "\"0x1f0510\"", "variant 1", MIG_MOVES },
			{ "\"0xf0511\"", "revision 1", MIG_MOVES },
			{ "\"0xff0510\"", "variant 15", MIG_MOVES },
			{ "\"0xf0520\"", "part 0x052", MIG_REFUSED },
			{ "\"0xf1510\"", "part 0x151", MIG_REFUSED },
			{ "\"0x410f0510\"", "implementer 0x41", MIG_REFUSED },
		};

		for (size_t i = 0; i < sizeof(dests) / sizeof(dests[0]); i++) {
			memset(&m, 0, sizeof(m));
			if (load_edited("s8.json", &b, dests[i].midr, "pmus", "0", "midr_el1", NULL))
				goto out;
			ok(!mig_predict(&m, &a, &b) && m.npmus == 1, "s8 -> s8 of %s: predicted",
			   dests[i].what);
			for (int k = 0; k < MODE_N && m.npmus == 1; k++)
				is_str(mig_answer_name(m.pmus[0].mode[k].answer),
				       mig_answer_name(dests[i].want), "... %s: %s",
				       mode_name((enum probe_mode)k), mig_answer_name(dests[i].want));
			migration_free(&m);
			report_free(&b);
		}
	}

	/* A destination of another core: the real Cortex-A76 rig's report
	 * (tests/fixtures/qemu-7.3.4-cortex-a76/vm/report.json, MIDR
	 * 0x414fd0b1) for the max CPU's s8 (MIDR 0xf0510: part 0x051, bits 15:4). */
	memset(&m, 0, sizeof(m));
	if (load("../fixtures/qemu-7.3.4-cortex-a76/vm/report.json", &b))
		goto out;
	ok(!mig_predict(&m, &a, &b) && m.npmus == 1, "s8 -> Cortex-A76: predicted");
	for (int k = 0; k < MODE_N && m.npmus == 1; k++) {
		const struct mig_mode *p = &m.pmus[0].mode[k];

		ok(p->answer == MIG_REFUSED, "... %s: refused", mode_name((enum probe_mode)k));
		has_str(p->reason, "no core PMU here has MIDR_EL1 implementer 0x00 part 0x051 "
			"(here: 0x414fd0b1)", "... naming the source's core and the cores here");
	}
	migration_free(&m);
	report_free(&b);
out:
	report_free(&a);
}

int main(int argc, char **argv)
{
	const char *src = getenv("srcdir");

	(void)argc, (void)argv;
	snprintf(dir, sizeof(dir), "%s/tests/migration", src ? src : ".");
	reg_list_roundtrip("s8.json");
	register_names();
	edited_pairs();
	before_register_lists();
	/* Strict SLOTS 8 -> 8, 0 -> 8 and 0 -> 5 move; 8 -> 5 needs SLOTS 0. */
	pair("s8.json", "s8.json", "s8-to-s8.json",
	     "moves", "moves");
	pair("s0.json", "s8.json", "s0-to-s8.json",
	     "moves", "moves");
	pair("s8.json", "s5.json", "s8-to-s5.json",
	     "moves", "moves_if_slots_zero");
	pair("s0.json", "s5.json", "s0-to-s5.json",
	     "moves", "moves");
	/* 7.3.4 lists PMMIR_EL1 for legacy vCPUs, 6.12 does not know it, nor
	 * the strict feature bit. */
	pair("s8.json", "v612.json", "s8-to-v612.json",
	     "refused", "refused");
	pair("v612.json", "s8.json", "v612-to-s8.json",
	     "moves", "not_checked");
	/* The stock QEMU has no STALL_SLOT* events for a strict guest to keep. */
	pair("s0.json", "stock.json", "s0-to-stock.json",
	     "moves", "moves_with_changes");
	counters();
	class_midr();
	host_class();
	return done_testing();
}
