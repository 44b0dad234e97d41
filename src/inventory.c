/* SPDX-License-Identifier: GPL-2.0-or-later */
/* inventory.c - the host PMU inventory, read from one sysfs root.
 *
 * Core PMU rule (also in the man page): on an arm64 host, a PMU is a core
 * PMU, one KVM can back a guest's PMUv3 with (default PMU or
 * KVM_ARM_VCPU_PMU_V3_CTRL/SET_PMU), exactly when it publishes "cpus".
 * drivers/perf/arm_pmu.c gives every PMU it registers the "cpus" attribute
 * (armpmu_common_attrs, the PMU's supported_cpus) and armpmu_register() hands
 * every one of them to KVM (kvm_host_pmu_init() in arch/arm64/kvm/pmu-emul.c,
 * whose list SET_PMU searches by type).  Uncore drivers publish "cpumask"
 * instead.  The arm_pmu drivers and their names:
 *   drivers/perf/arm_pmuv3.c: "armv8_*" and "armv9_*" from the DT compatible
 *     (armv8_cortex_a72, armv9_cortex_a710, armv9_neoverse_n2, ...), and
 *     "armv8_pmuv3_N" on ACPI hosts;
 *   drivers/perf/apple_m1_cpu_pmu.c: apple_icestorm_pmu, apple_firestorm_pmu
 *     (M1), apple_blizzard_pmu, apple_avalanche_pmu (M2); no caps/.  Since
 *     Linux 6.15 KVM gives their guests an emulated PMUv3 through IMPDEF
 *     traps: kvm_arm_pmu_get_pmuver_limit() returns PMUVer IMP (PMUv3, so no
 *     PMMIR) and kvm_arm_pmu_get_max_counters() one event counter. */
#include "inventory.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "array_size.h"
#include "events.h"
#include "inputs.h"
#include "util.h"
#include "virt.h"
#include "xalloc.h"


struct ctx {
	struct report *r;
	const struct sysroot *root;
	struct cpuset possible;
	bool have_possible;
	char buf[SYSFS_VALUE_MAX];
	char rel[SYSFS_PATH_MAX];   /* the path of the last readf() */
};

/* Read the file FMT... names into c->buf, its path into c->rel (for the
 * callers' messages); on error record a problem unless the file is merely
 * absent and ABSENT_OK.  Returns 0 or -errno (-ENAMETOOLONG: the path did
 * not fit c->rel, nothing was read). */
__attribute__((format(printf, 3, 4)))
static int readf(struct ctx *c, bool absent_ok, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = sysfs_vreadf(c->root, c->rel, c->buf, sizeof(c->buf), fmt, ap);
	va_end(ap);
	if (err && !(err == -ENOENT && absent_ok))
		report_problem(c->r, c->rel, "%s", sysfs_strerror(err));
	return err;
}

/* The value readf() just read (ERR its result) as a string. */
static void str_value(struct ctx *c, int err, struct nstr *out)
{
	if (err) {
		nstr_why(out, "%s: %s", c->rel, sysfs_strerror(err));
		return;
	}
	out->s = xstrdup(c->buf);
}

/* ... as a hex register or caps value; RAW keeps the kernel's own spelling. */
static void hex_value(struct ctx *c, int err, struct nval *out, struct nstr *raw)
{
	char why[WHY_MAX];
	uint64_t v;

	if (err) {
		nval_why(out, "%s: %s", c->rel, sysfs_strerror(err));
		if (raw)
			nstr_why(raw, "%s", out->why);
		return;
	}
	if (parse_hex_u64(c->buf, &v, why, sizeof(why))) {
		report_problem(c->r, c->rel, "%s", why);
		nval_why(out, "%s: %s", c->rel, why);
		if (raw)
			nstr_why(raw, "%s", out->why);
		return;
	}
	nval_set(out, v);
	if (raw)
		str_value(c, 0, raw);
}

/* ... as a CPU list, in SET and canonical in OUT.  Returns 0 or -errno. */
static int cpulist_value(struct ctx *c, int err, struct nstr *out, struct cpuset *set)
{
	char why[WHY_MAX], canon[SYSFS_VALUE_MAX];

	cpuset_clear(set);
	if (err) {
		nstr_why(out, "%s: %s", c->rel, sysfs_strerror(err));
		return err;
	}
	if (cpulist_parse(c->buf, set, why, sizeof(why))) {
		report_problem(c->r, c->rel, "%s", why);
		nstr_why(out, "%s: %s", c->rel, why);
		return -EINVAL;
	}
	if (cpulist_format(set, canon, sizeof(canon))) {
		report_problem(c->r, c->rel, "CPU list too long to print");
		nstr_why(out, "%s: CPU list too long to print", c->rel);
		return -EINVAL;
	}
	out->s = xstrdup(canon);
	return 0;
}

/* caps/NAME of PMU P; when caps/ does not exist, NAME is absent, said
 * exactly as a failed open would say it. */
static void read_cap(struct ctx *c, const struct pmu *p, const char *name, bool has_caps,
		     struct nval *out, struct nstr *raw)
{
	int err;

	if (has_caps)
		err = readf(c, true, DEVICES "/%s/" PMU_CAPS "/%s", p->name, name);
	else if (!(err = sysfs_pathf(c->rel, DEVICES "/%s/" PMU_CAPS "/%s", p->name, name)))
		err = -ENOENT;
	hex_value(c, err, out, raw);
}

/* Without an "online" file (a partial capture), the cpuN directories are
 * the best list of CPUs there is; "cpus_online" stays null. */
static void cpus_from_dirs(struct ctx *c)
{
	char **names;
	int n = sysfs_list(c->root, CPUDIR, &names);

	for (int i = 0; i < n; i++) {
		char why[WHY_MAX];
		int cpu;

		if (!strncmp(names[i], "cpu", 3) &&
		    !parse_dec_int(names[i] + 3, &cpu, why, sizeof(why)) && cpu < CPUSET_MAX)
			cpuset_add(&c->r->online, (unsigned)cpu);
	}
	if (n > 0)
		sysfs_names_free(names, n);
}

/* The CPUs this kernel could ever have: a PMU naming others is corrupt. */
static void read_possible(struct ctx *c)
{
	struct nstr list = { 0 };

	if (cpulist_value(c, readf(c, true, CPU_POSSIBLE), &list, &c->possible) == 0)
		c->have_possible = true;
	free(list.s);
}

/* P's CPU list was the last readf(): its path is c->rel. */
static void check_possible(struct ctx *c, const struct pmu *p)
{
	struct cpuset extra;
	char buf[64];

	if (!c->have_possible)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(extra.bits); i++)
		extra.bits[i] = p->cpuset.bits[i] & ~c->possible.bits[i];
	if (!cpuset_count(&extra))
		return;
	if (cpulist_format(&extra, buf, sizeof(buf)))
		report_problem(c->r, c->rel, "lists %u CPUs, which are not possible on this system",
			       cpuset_count(&extra));
	else
		report_problem(c->r, c->rel, "lists CPUs %s, which are not possible on this system", buf);
}

static void collect_host(struct ctx *c, bool live)
{
	struct report *r = c->r;
	struct utsname u;

	str_value(c, readf(c, true, PROC_OSRELEASE), &r->kernel);
	str_value(c, readf(c, true, PROC_ARCH), &r->arch);
	if (live && uname(&u) == 0) {
		if (!r->kernel.s)
			r->kernel.s = xstrdup(u.release);
		if (!r->arch.s)
			r->arch.s = xstrdup(u.machine);
	}
	if (r->arch.s) {
		r->arm64 = !strcmp(r->arch.s, "aarch64") || !strcmp(r->arch.s, "arm64");
		if (!r->arm64)
			snprintf(r->arm64_why, sizeof(r->arm64_why),
				 "%s host: PMMIR_EL1 and the arm64 KVM PMU probe do not apply",
				 r->arch.s);
	} else {
		/* Only arm64 kernels publish regs/identification/midr_el1. */
		r->arm64 = sysfs_exists(c->root, CPUDIR "/cpu0/" CPU_MIDR);
		if (!r->arm64)
			why_set(r->arm64_why, sizeof(r->arm64_why),
				"architecture unknown (%s) and no MIDR_EL1 in sysfs: "
				 "not treated as arm64", r->arch.why);
	}
	if (cpulist_value(c, readf(c, true, CPU_ONLINE), &r->cpus_online, &r->online) == -ENOENT)
		cpus_from_dirs(c);
	read_possible(c);
}

/* By MIDR_EL1 (unreadable ones together), then CPU number. */
static int by_midr(const void *a, const void *b)
{
	const struct cpu_info *x = a, *y = b;

	if (x->has_midr != y->has_midr)
		return x->has_midr ? 1 : -1;
	if (x->midr != y->midr)
		return x->midr < y->midr ? -1 : 1;
	return x->cpu < y->cpu ? -1 : x->cpu > y->cpu;
}

static bool same_model(const struct cpu_info *x, const struct cpu_info *y)
{
	return x->has_midr == y->has_midr && x->midr == y->midr;
}

static int by_first_cpu(const void *a, const void *b)
{
	int x = cpuset_first(&((const struct cpu_model *)a)->set);
	int y = cpuset_first(&((const struct cpu_model *)b)->set);

	return (x > y) - (x < y);
}

/* The online CPUs grouped into models by MIDR_EL1, in the order of each
 * model's first CPU.  One sort, not a search of the models per CPU, and
 * one allocation: 8,192 CPUs of 8,192 MIDRs were 33 M comparisons and
 * 8,192 reallocs. */
static void group_models(struct report *r)
{
	struct cpu_info *s;
	int n = 0;

	if (!r->ncpus)
		return;
	s = xcalloc((size_t)r->ncpus, sizeof(*s));
	memcpy(s, r->cpus, (size_t)r->ncpus * sizeof(*s));
	qsort(s, (size_t)r->ncpus, sizeof(*s), by_midr);
	for (int i = 0; i < r->ncpus; i++)
		n += !i || !same_model(&s[i - 1], &s[i]);
	r->models = xcalloc((size_t)n, sizeof(*r->models));
	for (int i = 0; i < r->ncpus; i++) {
		struct cpu_model *m;

		if (!i || !same_model(&s[i - 1], &s[i])) {
			m = &r->models[r->nmodels++];
			m->has_midr = s[i].has_midr;
			m->midr = s[i].midr;
		}
		cpuset_add(&r->models[r->nmodels - 1].set, s[i].cpu);
	}
	free(s);
	qsort(r->models, (size_t)r->nmodels, sizeof(*r->models), by_first_cpu);
}

static void report_missing_midr(struct report *r, const struct cpuset *missing)
{
	char list[96], rel[192];
	unsigned n = cpuset_count(missing);

	if (!n)
		return;
	if (n == 1)
		snprintf(rel, sizeof(rel), CPUDIR "/cpu%d/" CPU_MIDR,
			 cpuset_first(missing));
	else if (cpulist_format(missing, list, sizeof(list)) == 0)
		snprintf(rel, sizeof(rel), CPUDIR "/cpu{%s}/" CPU_MIDR, list);
	else
		snprintf(rel, sizeof(rel), CPUDIR "/cpu*/" CPU_MIDR);
	report_problem(r, rel, "missing%s", n > 1 ? " for these online CPUs" : "");
}

/* One MIDR_EL1 read per online CPU, grouped into models. */
static void collect_cpus(struct ctx *c)
{
	struct report *r = c->r;
	unsigned n = cpuset_count(&r->online);
	char why[WHY_MAX];
	struct cpuset missing;
	int err;

	cpuset_clear(&missing);
	if (!n || !r->arm64)
		return;
	r->cpus = xcalloc(n, sizeof(*r->cpus));
	for (unsigned cpu = 0; cpu < CPUSET_MAX && r->ncpus < (int)n; cpu++) {
		struct cpu_info *ci;

		if (!cpuset_has(&r->online, cpu))
			continue;
		ci = &r->cpus[r->ncpus++];
		ci->cpu = cpu;
		/* Missing files are gathered into one problem below: a capture
		 * without regs/ must not print a line per CPU. */
		err = readf(c, true, CPUDIR "/cpu%u/" CPU_MIDR, cpu);
		if (err == -ENOENT)
			cpuset_add(&missing, cpu);
		else if (!err && parse_hex_u64(c->buf, &ci->midr, why, sizeof(why)))
			report_problem(r, c->rel, "%s", why);
		else if (!err)
			ci->has_midr = true;
	}
	group_models(r);
	report_missing_midr(r, &missing);
	for (int i = 0; i < r->nmodels; i++) {
		char list[SYSFS_VALUE_MAX];

		if (cpulist_format(&r->models[i].set, list, sizeof(list)) == 0)
			r->models[i].cpus = xstrdup(list);
	}
}

/* R's CPUs are in ascending order (collect_cpus()): a binary search. */
static const struct cpu_info *find_cpu(const struct report *r, int cpu)
{
	int lo = 0, hi = r->ncpus;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if ((int)r->cpus[mid].cpu < cpu)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->ncpus && (int)r->cpus[lo].cpu == cpu ? &r->cpus[lo] : NULL;
}

/* The arm_pmu drivers, told apart by name, so the report can say which. */
static const struct {
	const char *prefix, *suffix, *what, *driver;
	bool emulated_pmuv3;     /* its events/ numbers are IMPDEF, not PMUv3 */
} arm_pmu_drivers[] = {
	{ "armv8_", "", "\"armv8_*\" PMU", "arm PMUv3 driver", false },
	{ "armv9_", "", "\"armv9_*\" PMU", "arm PMUv3 driver", false },
	{ "apple_", "_pmu", "\"apple_*_pmu\"",
	  "Apple M1/M2 PMU driver; KVM emulates PMUv3 for its guests", true },
};

static bool name_matches(const char *name, const char *prefix, const char *suffix)
{
	size_t n = strlen(name), lp = strlen(prefix), ls = strlen(suffix);

	return n > lp + ls && !strncmp(name, prefix, lp) && !strcmp(name + n - ls, suffix);
}

static void classify(struct ctx *c, struct pmu *p, bool has_cpus_file)
{
	if (!c->r->arm64) {
		snprintf(p->core_why, sizeof(p->core_why), "not an arm64 host");
		return;
	}
	if (!has_cpus_file) {
		snprintf(p->core_why, sizeof(p->core_why),
			 "no \"cpus\" file: not registered by the arm PMU driver (uncore or software)");
		return;
	}
	p->core = true;
	for (size_t i = 0; i < ARRAY_SIZE(arm_pmu_drivers); i++) {
		if (!name_matches(p->name, arm_pmu_drivers[i].prefix, arm_pmu_drivers[i].suffix))
			continue;
		snprintf(p->core_why, sizeof(p->core_why), "%s with \"cpus\": %s",
			 arm_pmu_drivers[i].what, arm_pmu_drivers[i].driver);
		p->emulated_pmuv3 = arm_pmu_drivers[i].emulated_pmuv3;
		return;
	}
	snprintf(p->core_why, sizeof(p->core_why),
		 "has \"cpus\": registered through the arm_pmu framework");
}

/* Names *V (N of them) past MAX are freed, with one problem at PATH
 * saying how many there were; returns what is kept. */
static int keep_first(struct ctx *c, const char *path, char **v, int n, int max,
		      const char *what)
{
	if (n <= max)
		return n;
	report_problem(c->r, path, "%d %s; only the first %d (by name) are read: no real "
		       "machine has that many", n, what, max);
	for (int i = max; i < n; i++)
		free(v[i]);
	return max;
}

static void collect_events(struct ctx *c, struct pmu *p)
{
	int n = sysfs_listf(c->root, c->rel, &p->events, DEVICES "/%s/" PMU_EVENTS, p->name);

	if (n >= 0) {
		p->nevents = keep_first(c, c->rel, p->events, n, INVENTORY_EVENTS_MAX, "events");
		return;
	}
	p->nevents = -1;
	p->events = NULL;
	if (n == -ENOENT) {
		why_set(p->events_why, sizeof(p->events_why), "no events/ directory");
		return;
	}
	why_set(p->events_why, sizeof(p->events_why), "%s: %s", c->rel, sysfs_strerror(n));
	report_problem(c->r, c->rel, "%s", sysfs_strerror(n));
}

/* Core PMUs only: the numbers name what a guest's PMCEID bits mean. */
static void collect_event_codes(struct ctx *c, struct pmu *p)
{
	if (p->nevents <= 0)
		return;
	p->event_codes = xcalloc((size_t)p->nevents, sizeof(*p->event_codes));
	for (int i = 0; i < p->nevents; i++) {
		if (readf(c, false, DEVICES "/%s/" PMU_EVENTS "/%s", p->name, p->events[i])) {
			p->event_codes[i] = -1;
			continue;
		}
		/* arm_pmuv3 always writes "event=0x%04llx": anything else in a
		 * core PMU's events/ is corruption. */
		p->event_codes[i] = sysfs_event_code(c->buf);
		if (p->event_codes[i] < 0)
			report_problem(c->r, c->rel, "no \"event=0x...\" term of at most 16 bits");
	}
}

static void collect_pmu(struct ctx *c, struct pmu *p, const char *name)
{
	bool has_cpus, has_caps;
	int type, err;
	char why[WHY_MAX];

	p->name = xstrdup(name);

	err = readf(c, false, DEVICES "/%s/" PMU_TYPE, name);
	if (err)
		nval_why(&p->type, "%s: %s", c->rel, sysfs_strerror(err));
	else if (parse_dec_int(c->buf, &type, why, sizeof(why))) {
		report_problem(c->r, c->rel, "%s", why);
		nval_why(&p->type, "%s: %s", c->rel, why);
	} else
		nval_set(&p->type, (uint64_t)type);

	has_cpus = sysfs_pathf(c->rel, DEVICES "/%s/" PMU_CPUS, name) == 0 &&
		   sysfs_exists(c->root, c->rel);
	err = readf(c, true, DEVICES "/%s/%s", name, has_cpus ? PMU_CPUS : PMU_CPUMASK);
	err = cpulist_value(c, err, &p->cpus, &p->cpuset);
	if (err == -ENOENT)
		nstr_why(&p->cpus, "no cpus or cpumask file: the PMU is not bound to CPUs");
	else if (!err)
		check_possible(c, p);
	/* A PMU's cpus keeps CPUs that went offline. */
	if (!err && c->r->cpus_online.s) {
		struct cpuset up;

		cpuset_and(&up, &p->cpuset, &c->r->online);
		p->none_online = !cpuset_count(&up);
	}

	/* Most PMUs have no caps/: one lookup instead of three. */
	has_caps = sysfs_pathf(c->rel, DEVICES "/%s/" PMU_CAPS, name) ||
		   !sysfs_absent(c->root, c->rel);
	read_cap(c, p, "slots", has_caps, &p->slots, &p->slots_raw);
	/* The kernel prints PMMIR_EL1.SLOTS, an 8-bit field (c->rel is still
	 * caps/slots). */
	if (p->slots.set && p->slots.v > 0xff) {
		report_problem(c->r, c->rel, "%s is wider than PMMIR_EL1.SLOTS (8 bits)",
			       p->slots_raw.s ? p->slots_raw.s : "value");
		nval_why(&p->slots, "%s: wider than PMMIR_EL1.SLOTS (8 bits)", c->rel);
		nstr_why(&p->slots_raw, "%s", p->slots.why);
	}
	read_cap(c, p, "bus_slots", has_caps, &p->bus_slots, &p->bus_slots_raw);
	read_cap(c, p, "bus_width", has_caps, &p->bus_width, &p->bus_width_raw);

	collect_events(c, p);
	classify(c, p, has_cpus);
	/* Apple's events/ numbers (cycles 0x02, instructions 0x8c) are its own:
	 * matched against a guest's PMCEID bits they would name the wrong events. */
	if (p->core && !p->emulated_pmuv3)
		collect_event_codes(c, p);

	if (!p->core) {
		nval_why(&p->midr, "not a core PMU");
	} else {
		int first = cpuset_first(&p->cpuset);
		const struct cpu_info *ci = find_cpu(c->r, first);

		if (first < 0)
			nval_why(&p->midr, "the PMU lists no CPU");
		else if (!ci)
			nval_why(&p->midr, "no MIDR_EL1 for CPU %d (not online, or absent from sysfs)", first);
		else if (!ci->has_midr)
			nval_why(&p->midr, "MIDR_EL1 of CPU %d is unreadable (see problems)", first);
		else
			nval_set(&p->midr, ci->midr);
	}
}

/* Core PMUs first, then by name: the order people and diffs expect. */
static int pmu_cmp(const void *a, const void *b)
{
	const struct pmu *x = a, *y = b;

	if (x->core != y->core)
		return x->core ? -1 : 1;
	return strcmp(x->name, y->name);
}

int inventory_collect(struct report *r, const struct sysroot *root, bool live)
{
	struct ctx *c = xcalloc(1, sizeof(*c));
	char **names = NULL;
	int n;

	c->r = r;
	c->root = root;
	collect_host(c, live);
	virt_collect(r, root);
	collect_cpus(c);
	n = sysfs_list(root, DEVICES, &names);
	if (n < 0) {
		if (n != -ENOENT)
			report_problem(r, DEVICES, "%s", sysfs_strerror(n));
		else
			report_problem(r, DEVICES, "missing: no perf event sources "
				       "(kernel without CONFIG_PERF_EVENTS, or not a sysfs root)");
		goto out;
	}
	n = keep_first(c, DEVICES, names, n, INVENTORY_PMUS_MAX, "PMUs");
	r->pmus = xcalloc((size_t)n, sizeof(*r->pmus));
	/* Each PMU is counted once it has its name: the sort below and
	 * every reader take a PMU's name as given. */
	for (int i = 0; i < n; i++)
		collect_pmu(c, &r->pmus[r->npmus++], names[i]);
	qsort(r->pmus, (size_t)r->npmus, sizeof(*r->pmus), pmu_cmp);
out:
	sysfs_names_free(names, n > 0 ? n : 0);
	free(c);
	return 0;
}
