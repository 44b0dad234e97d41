/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_guest.c - the guest path without a VM, on every architecture.
 *
 * Part 1 replays real runs: tests/fixtures/F/vm/ holds what the tool printed
 * inside a VM booted with F's configuration (tests/vm/record-guest.sh), and
 * F itself is a capture of that VM's sysfs.  The guest registers of
 * vm/report.json go, store by store as guest.S makes them, through the
 * mailbox decoder (probe_result.c) into a report collected from F; events,
 * verdict and all four renderers then run, and their output must say what
 * the VM printed: the JSON's kvm, guest, verdict parts, the text's guest
 * blocks and verdicts, the Prometheus and NFD samples of KVM, guests and
 * verdict, and the --check status.
 *
 * Part 2 covers what no recorded run shows, on inputs changed from the
 * recorded ones (each change named where it is made): values that need
 * all 64 bits, PMCR_EL0.N of 16 and 31, PMCEID1 with some of bits 29-31,
 * every verdict code and --check status, and mailbox stores the payload
 * never makes. */
#include <errno.h>
#include <json.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "inventory.h"
#include "mailbox.h"
#include "fixture.h"
#include "model.h"
#include "probe_result.h"
#include "render.h"
#include "sysfs.h"
#include "tap.h"
#include "verdict.h"

static char *slurp(const char *fixture, const char *name)
{
	char path[4300];
	FILE *f;
	char *buf = NULL;
	size_t len = 0, n;
	char chunk[4096];

	snprintf(path, sizeof(path), "%s/%s/%s", fixture_dir(), fixture, name);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	buf = calloc(1, 1);
	while (buf && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		char *nb = realloc(buf, len + n + 1);

		if (!nb) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = nb;
		memcpy(buf + len, chunk, n);
		len += n;
		buf[len] = '\0';
	}
	fclose(f);
	return buf;
}

static struct pmu *pmu_named(struct report *r, const char *name)
{
	for (int i = 0; i < r->npmus; i++)
		if (!strcmp(r->pmus[i].name, name))
			return &r->pmus[i];
	return NULL;
}

static struct pmu *core_pmu(struct report *r)
{
	for (int i = 0; i < r->npmus; i++)
		if (r->pmus[i].core)
			return &r->pmus[i];
	return NULL;
}

/* A store as KVM_EXIT_MMIO delivers it: little-endian bytes, 8 of them. */
static int store(struct mailbox *mb, struct guest_view *g, uint64_t off, uint64_t val)
{
	unsigned char d[8];

	for (int i = 0; i < 8; i++)
		d[i] = (unsigned char)(val >> (8 * i));
	return mailbox_store(mb, g, off, d, 8);
}

/* What guest.S stores for register I: the value, or after an UNDEF the
 * ESR and then the ~0 its handler leaves in x1. */
static int store_reg(struct mailbox *mb, struct guest_view *g, int i, bool undef,
		     uint64_t val, uint64_t esr)
{
	if (undef && store(mb, g, MB_ESR, esr) != MB_MORE)
		return MB_BAD;
	return store(mb, g, 8 * (uint64_t)i, undef ? ~0ULL : val);
}

static int store_end(struct mailbox *mb, struct guest_view *g)
{
	if (store(mb, g, MB_CANARY, MB_CANARY_VALUE) != MB_MORE)
		return MB_BAD;
	return store(mb, g, MB_DONE, 0);
}

/* ---- part 1: replays of recorded VM runs ---- */

static json_object *get(json_object *o, const char *key)
{
	json_object *v = NULL;

	return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static uint64_t hexval(json_object *o)
{
	return strtoull(json_object_get_string(o), NULL, 16);
}

/* The probe of mode M as the VM reported it in REC, replayed: the
 * capability gate, then the payload's stores, then KVM's userspace view. */
static int replay_mode(const struct report *r, struct pmu *p, enum probe_mode m, json_object *rec)
{
	struct guest_view *g = &p->guest[m];
	struct mailbox mb = { 0 };
	json_object *regs = get(rec, "registers"), *undef = get(rec, "undef");
	json_object *user = get(rec, "userspace"), *inlist;
	const char *status = json_object_get_string(get(rec, "status"));

	memset(g, 0, sizeof(*g));
	if (!guest_mode_supported(r, m, g) || strcmp(status, "ok"))
		return 0;
	for (int i = 0; i < GREG_N; i++) {
		const char *name = guest_reg_name((enum guest_reg)i);
		json_object *u = get(undef, name), *v = get(regs, name);

		if (!u && !v)
			continue;
		if (store_reg(&mb, g, i, u != NULL, v ? hexval(v) : 0, u ? hexval(u) : 0) != MB_MORE)
			return -1;
	}
	if (store_end(&mb, g) != MB_DONE_OK)
		return -1;
	/* KVM's answers are not the guest's: they come as recorded (7.3 lists
	 * PMMIR_EL1; 6.12 answers GET_ONE_REG with ENOENT). */
	if (get(user, "pmmir_el1"))
		guest_user_pmmir(g, 0, 0, hexval(get(user, "pmmir_el1")));
	else
		guest_user_pmmir(g, -1, ENOENT, 0);
	inlist = get(user, "pmmir_in_reg_list");
	g->reg_list_ok = inlist != NULL;
	g->pmmir_in_list = inlist && json_object_get_boolean(inlist);
	g->time_us = (uint64_t)json_object_get_int64(get(rec, "time_us"));
	return 0;
}

/* The report fixture F gives once its VM run is replayed. */
static int replay(struct report *r, const char *f, json_object *vm)
{
	json_object *kvm = get(vm, "kvm"), *caps = get(kvm, "capabilities"), *pmus = get(vm, "pmus");

	if (fixture_collect(r, f) || !kvm || strcmp(json_object_get_string(get(kvm, "status")), "ok"))
		return -1;
	r->kvm = KVM_OK;
	nval_set(&r->kvm_api, (uint64_t)json_object_get_int(get(kvm, "api_version")));
	nval_set(&r->cap_pmu_v3, json_object_get_boolean(get(caps, "arm_pmu_v3")));
	nval_set(&r->cap_pmu_v3_strict, json_object_get_boolean(get(caps, "arm_pmu_v3_strict")));
	for (size_t i = 0; i < json_object_array_length(pmus); i++) {
		json_object *jp = json_object_array_get_idx(pmus, i), *guest = get(jp, "guest");
		struct pmu *p = pmu_named(r, json_object_get_string(get(jp, "name")));

		if (!guest)
			continue;
		if (!p)
			return -1;
		p->probed = true;
		for (int m = 0; m < MODE_N; m++)
			if (replay_mode(r, p, (enum probe_mode)m, get(guest, mode_name((enum probe_mode)m))))
				return -1;
	}
	return analysis_run(r, NULL);
}

/* Every member of WANT is in GOT with the same value (GOT may have more
 * keys).  An event named by libpfm4 in the VM may come from the
 * architected table here, where this build has no arm64 libpfm4 tables:
 * then its code and name must still agree.  PATH receives the first
 * difference. */
static bool subset(json_object *want, json_object *got, char *path, size_t len)
{
	size_t used = strlen(path);

	if (json_object_get_type(want) == json_type_object) {
		json_object *src = get(want, "source");

		if (json_object_get_type(got) != json_type_object)
			return false;
		if (src && !strcmp(json_object_get_string(src), "libpfm4") &&
		    get(got, "source") && !strcmp(json_object_get_string(get(got, "source")), "arm-arm"))
			return json_object_equal(get(want, "code"), get(got, "code")) &&
			       json_object_equal(get(want, "name"), get(got, "name"));
		json_object_object_foreach(want, k, v) {
			snprintf(path + used, len - used, ".%s", k);
			if (!json_object_object_get_ex(got, k, NULL) || !subset(v, get(got, k), path, len))
				return false;
		}
		path[used] = '\0';
		return true;
	}
	if (json_object_get_type(want) == json_type_array) {
		if (json_object_get_type(got) != json_type_array ||
		    json_object_array_length(want) != json_object_array_length(got))
			return false;
		for (size_t i = 0; i < json_object_array_length(want); i++) {
			snprintf(path + used, len - used, "[%zu]", i);
			if (!subset(json_object_array_get_idx(want, i), json_object_array_get_idx(got, i),
				    path, len))
				return false;
		}
		path[used] = '\0';
		return true;
	}
	return json_object_equal(want, got);
}

/* The text as the VM printed it: every PMU, wrapped at 100 columns (its
 * stdout was no terminal). */
static int text(const struct report *r, FILE *out)
{
	return render_text(r, out, &(struct text_opts){ .all = true, .width = 100 });
}

static int text_unwrapped(const struct report *r, FILE *out)
{
	return render_text(r, out, &(struct text_opts){ .all = true });
}

static int json_compact(const struct report *r, FILE *f)
{
	return render_json(r, f, false);
}

/* Line I (from 0) of TEXT into BUF, with a probe's "(12.3 ms)" taken out:
 * each run of the tool times its VMs anew. */
static bool line_at(const char *text, int i, char *buf, size_t len)
{
	const char *p = text, *e, *ms;

	while (i-- > 0 && p)
		p = (p = strchr(p, '\n')) ? p + 1 : NULL;
	if (!p || !*p)
		return false;
	e = strchr(p, '\n');
	snprintf(buf, len, "%.*s", (int)(e ? e - p : (long)strlen(p)), p);
	if ((ms = strstr(buf, " ms)")) && strrchr(buf, '(') && strrchr(buf, '(') < ms)
		memmove(strrchr(buf, '('), ms + 4, strlen(ms + 4) + 1);
	return true;
}

typedef bool (*line_filter)(const char *line);

/* The lines of WANT that KEEP selects appear in GOT in the same order,
 * among GOT's own lines (GOT may have more).  WHY receives the first one
 * missing. */
static bool lines_in(const char *want, const char *got, line_filter keep, char *why, size_t len)
{
	char w[1024], g[1024];
	int gi = 0, kept = 0;

	for (int wi = 0; line_at(want, wi, w, sizeof(w)); wi++) {
		if (!keep(w))
			continue;
		kept++;
		while (line_at(got, gi, g, sizeof(g)) && strcmp(g, w))
			gi++;
		if (!line_at(got, gi++, g, sizeof(g))) {
			snprintf(why, len, "missing or out of order: '%s'", w);
			return false;
		}
	}
	snprintf(why, len, "%d lines", kept);
	return kept > 0;
}

/* Text: the KVM line, each guest block and verdict of a PMU, the verdict. */
static bool text_guest_line(const char *l)
{
	return !strncmp(l, "KVM  ", 5) || !strncmp(l, "  guest ", 8) ||
	       (!strncmp(l, "    ", 4) && l[4] != ' ') ||	/* a guest block's fields */
	       !strncmp(l, "  verdict ", 10) || !strncmp(l, "Verdict: ", 9);
}

static bool prom_guest_line(const char *l)
{
	static const char *const fam[] = {
		"kvm_pmu_info_kvm_capability{", "kvm_pmu_info_probe_success{",
		"kvm_pmu_info_guest_slots{", "kvm_pmu_info_guest_stall_slot_events{",
		"kvm_pmu_info_guest_sees_host_slots ", "kvm_pmu_info_host_slots{",
	};
	for (size_t i = 0; i < sizeof(fam) / sizeof(fam[0]); i++)
		if (!strncmp(l, fam[i], strlen(fam[i])))
			return true;
	return !strncmp(l, "kvm_pmu_info_info{", 18) && strstr(l, "verdict=");
}

/* The recording's version label is the recorder's release, not a guest
 * reading: drop version="..." from each line, in place. */
static void drop_version_label(char *prom)
{
	for (char *v; prom && (v = strstr(prom, "{version=\"")); prom = v + 1) {
		char *end = strchr(v + 10, '"');

		if (!end)
			return;
		end += 1 + (end[1] == ',');
		memmove(v + 1, end, strlen(end) + 1);
	}
}

/* The replay feeds the recorded guest readings only; the strict contract's
 * ioctl answers are replayed from a real capture by tests/contract.test, so
 * its label and the KVM object's contract field are not compared here. */
static bool nfd_label_line(const char *l)
{
	return !strncmp(l, "feature.node.kubernetes.io/kvm-pmu.", 35) &&
	       strncmp(l, "feature.node.kubernetes.io/kvm-pmu.strict-contract=", 51);
}

/* How many core PMUs the recorded run probed: the fixture's README says
 * (pmu=off has none, the heterogeneous host both of its two, the others one). */
static int want_probed(const char *f)
{
	if (strstr(f, "pmuoff"))
		return 0;
	return strstr(f, "hetero") ? 2 : 1;
}

/* The fleet series of the replay against the VM's own JSON of the same
 * run: each probed mode's PMUVer and counter count as Prometheus gauges;
 * in NFD the legacy guest's, host-wide on a host with one core PMU, under
 * each core PMU's name (with its host SLOTS and MIDR) on the
 * heterogeneous one.  Returns how many values were compared, -1 on the
 * first that differs (WHY names it). */
static int fleet_values(json_object *vm, const char *prom, const char *nfd, char *why, size_t len)
{
	json_object *pmus = get(vm, "pmus");
	char want[256];
	int ncore = 0, n = 0;

	for (size_t i = 0; i < json_object_array_length(pmus); i++)
		ncore += json_object_get_boolean(get(json_object_array_get_idx(pmus, i), "core"));
	for (size_t i = 0; i < json_object_array_length(pmus); i++) {
		json_object *p = json_object_array_get_idx(pmus, i), *g = get(p, "guest");
		const char *name = json_object_get_string(get(p, "name"));

		for (int m = 0; g && m < MODE_N; m++) {
			json_object *v = get(g, mode_name((enum probe_mode)m));
			const char *key = ncore > 1 ? name : NULL;

			if (strcmp(json_object_get_string(get(v, "status")), "ok"))
				continue;
			snprintf(want, sizeof(want), "kvm_pmu_info_guest_pmuver{pmu=\"%s\",mode=\"%s\"} %d",
				 name, mode_name((enum probe_mode)m), json_object_get_int(get(v, "pmuver")));
			if (!has_line(prom, want))
				goto missing;
			snprintf(want, sizeof(want),
				 "kvm_pmu_info_guest_event_counters{pmu=\"%s\",mode=\"%s\"} %d", name,
				 mode_name((enum probe_mode)m), json_object_get_int(get(v, "counters")));
			if (!has_line(prom, want))
				goto missing;
			n += 2;
			if (m != MODE_LEGACY)
				continue;
			snprintf(want, sizeof(want), "feature.node.kubernetes.io/kvm-pmu.%s%sguest-pmuver=%d",
				 key ? key : "", key ? "." : "", json_object_get_int(get(v, "pmuver")));
			if (!has_line(nfd, want))
				goto missing;
			snprintf(want, sizeof(want), "feature.node.kubernetes.io/kvm-pmu.%s%sguest-counters=%d",
				 key ? key : "", key ? "." : "", json_object_get_int(get(v, "counters")));
			if (!has_line(nfd, want))
				goto missing;
			n += 2;
			if (!key)
				continue;
			snprintf(want, sizeof(want), "feature.node.kubernetes.io/kvm-pmu.%s.slots=%d", key,
				 json_object_get_int(get(get(p, "caps"), "slots")));
			if (!has_line(nfd, want))
				goto missing;
			snprintf(want, sizeof(want), "feature.node.kubernetes.io/kvm-pmu.%s.midr=%s", key,
				 json_object_get_string(get(p, "midr_el1")));
			if (!has_line(nfd, want))
				goto missing;
			n += 2;
		}
	}
	snprintf(why, len, "%d values", n);
	return n;
missing:
	snprintf(why, len, "missing: %s", want);
	return -1;
}

static void replayed_run(const char *f)
{
	char path[256] = "", why[1200];
	char *rec_json = slurp(f, "vm/report.json"), *rec_txt = slurp(f, "vm/report.txt");
	char *rec_prom = slurp(f, "vm/report.prom"), *rec_nfd = slurp(f, "vm/report.nfd");
	char *rec_check = slurp(f, "vm/check.status");
	char *json = NULL, *txt = NULL, *prom = NULL, *nfd = NULL;
	json_object *vm = rec_json ? json_tokener_parse(rec_json) : NULL, *got = NULL;
	json_object *vpmus = get(vm, "pmus");
	struct report r;
	bool same = true;
	int ncore = 0, nprobed = 0, ncore_here = 0, nvals;

	report_init(&r);
	if (!ok(vm && rec_txt && rec_prom && rec_nfd && rec_check,
		"%s: the recorded VM run (vm/report.*, vm/check.status) is there", f))
		goto out;
	if (!ok(replay(&r, f, vm) == 0, "%s: its guest readings replay through the mailbox", f))
		goto out;
	json = render_str(&r, json_compact);
	txt = render_str(&r, text);
	prom = render_str(&r, render_prometheus);
	nfd = render_str(&r, render_nfd);
	if (!ok(json && txt && prom && nfd, "%s: all four renderers succeed", f))
		goto out;
	got = json_tokener_parse(json);
	json_object_object_del(get(vm, "kvm"), "contract_not_checked");
	ok(subset(get(vm, "kvm"), get(got, "kvm"), strcpy(path, "kvm"), sizeof(path)),
	   "%s: JSON kvm as in the VM (%s)", f, path);
	for (size_t i = 0; i < json_object_array_length(vpmus); i++) {
		json_object *vp = json_object_array_get_idx(vpmus, i), *gp = NULL;
		json_object *gpmus = get(got, "pmus");

		if (!json_object_get_boolean(get(vp, "core")))
			continue;
		ncore++;
		nprobed += get(vp, "guest") != NULL;
		for (size_t j = 0; j < json_object_array_length(gpmus); j++)
			if (json_object_equal(get(json_object_array_get_idx(gpmus, j), "name"),
					      get(vp, "name")))
				gp = json_object_array_get_idx(gpmus, j);
		snprintf(path, sizeof(path), "pmus[%s]", json_object_get_string(get(vp, "name")));
		same = gp && subset(get(vp, "guest"), get(gp, "guest"), path, sizeof(path)) &&
		       subset(get(vp, "verdict"), get(gp, "verdict"), path, sizeof(path));
		ok(same, "%s: JSON guest views and verdict of %s as in the VM (%s)", f,
		   json_object_get_string(get(vp, "name")), path);
	}
	/* No ok over nothing: every core PMU of the replayed tree was compared,
	 * and the run probed as many as it should (pmu=off: none). */
	for (int i = 0; i < r.npmus; i++)
		ncore_here += r.pmus[i].core;
	ok(ncore == ncore_here && nprobed == want_probed(f),
	   "%s: %d core PMU(s) compared (the tree has %d), %d probed in the VM", f, ncore, ncore_here,
	   nprobed);
	ok(subset(get(vm, "verdict"), get(got, "verdict"), strcpy(path, "verdict"), sizeof(path)),
	   "%s: JSON verdict as in the VM (%s)", f, path);
	same = lines_in(rec_txt, txt, text_guest_line, why, sizeof(why));
	ok(same, "%s: text guest blocks and verdicts as in the VM (%s)", f, why);
	drop_version_label(rec_prom);
	drop_version_label(prom);
	same = lines_in(rec_prom, prom, prom_guest_line, why, sizeof(why));
	ok(same, "%s: Prometheus KVM, guest and verdict samples as in the VM (%s)", f, why);
	same = lines_in(rec_nfd, nfd, nfd_label_line, why, sizeof(why));
	ok(same, "%s: NFD labels as in the VM (%s)", f, why);
	/* No ok over nothing: values compared whenever the run probed (pmu=off
	 * did not). */
	nvals = fleet_values(vm, prom, nfd, why, sizeof(why));
	ok(nvals >= 0 && (nvals > 0) == (nprobed > 0),
	   "%s: Prometheus PMUVer and counters of each probed mode, NFD's of the legacy guest, "
	   "as the VM's JSON has them (%s)", f, why);
	ok(verdict_exit_status(&r.verdict) == atoi(rec_check), "%s: --check status %d as in the VM (%d)",
	   f, verdict_exit_status(&r.verdict), atoi(rec_check));
out:
	json_object_put(vm);
	json_object_put(got);
	free(rec_json), free(rec_txt), free(rec_prom), free(rec_nfd), free(rec_check);
	free(json), free(txt), free(prom), free(nfd);
	report_free(&r);
}

/* ---- part 2: inputs no recorded run has ---- */

/* The -cpu max reading of a 7.3.4 guest (vm-harness README, "Values the
 * guest sees"; fixture qemu-7.3.4-max-slots8/vm): PMUv3p5, N=6, SLOTS 8
 * in strict mode. */
struct reading {
	uint64_t reg[GREG_N];
	bool undef[GREG_N];
};

static const struct reading max_strict = {
	.reg = { 0xf0510, 0x10305609, 0x3000, 0x40020001, 0x10000018, 0x8 },
};

/* ... and its legacy guest's: PMMIR_EL1 0 (qemu-7.3.4-max-slots8/vm). */
static const struct reading max_legacy = {
	.reg = { 0xf0510, 0x10305609, 0x3000, 0x40020001, 0x10000018, 0x0 },
};

static int feed(struct guest_view *g, const struct reading *rd)
{
	struct mailbox mb = { 0 };

	memset(g, 0, sizeof(*g));
	for (int i = 0; i < GREG_N; i++)
		if (store_reg(&mb, g, i, rd->undef[i], rd->reg[i], 0x2000000) != MB_MORE)
			return -1;
	return store_end(&mb, g) == MB_DONE_OK ? 0 : -1;
}

/* Fixture F on a live 7.3.4 host whose legacy guest read LEGACY and strict
 * guest STRICT (NULL: not probed), before the analysis. */
static int probed_raw(struct report *r, const char *f, const struct reading *legacy,
		      const struct reading *strict)
{
	struct pmu *p;

	if (fixture_collect(r, f) || !(p = core_pmu(r)))
		return -1;
	r->kvm = KVM_OK;
	nval_set(&r->kvm_api, 12);
	nval_set(&r->cap_pmu_v3, 1);
	nval_set(&r->cap_pmu_v3_strict, 1);
	p->probed = true;
	if ((legacy && feed(&p->guest[MODE_LEGACY], legacy)) ||
	    (strict && feed(&p->guest[MODE_STRICT], strict)))
		return -1;
	return 0;
}

/* The slots8 fixture so probed, analysed. */
static int probed(struct report *r, const struct reading *legacy, const struct reading *strict)
{
	return probed_raw(r, "qemu-7.3.4-max-slots8", legacy, strict) || analysis_run(r, NULL);
}

static bool has(const char *text, const char *needle)
{
	return text && strstr(text, needle);
}

static void wide_values(void)
{
	struct reading rd = max_strict;
	struct report r;
	char *json = NULL, *txt = NULL;
	const struct guest_view *g;

	/* Changed: MIDR_EL1's reserved upper half set, and PMCEID0 bit 36
	 * (event 0x4004 CNT_CYCLES): 64-bit values a short copy would cut. */
	rd.reg[GREG_MIDR] = 0xfedcba9876543210ULL;
	rd.reg[GREG_PMCEID0] |= 1ULL << 36;
	if (!ok(probed(&r, &max_strict, &rd) == 0, "64-bit readings replay"))
		goto out;
	g = &core_pmu(&r)->guest[MODE_STRICT];
	ok(g->reg[GREG_MIDR] == 0xfedcba9876543210ULL, "64 bits: MIDR_EL1 kept whole (0x%llx)",
	   (unsigned long long)g->reg[GREG_MIDR]);
	json = render_str(&r, json_compact);
	txt = render_str(&r, text);
	ok(has(json, "\"midr_el1\":\"0xfedcba9876543210\""), "64 bits: JSON register string");
	ok(has(txt, "MIDR_EL1         0xfedcba9876543210"), "64 bits: text register");
	ok(g->nevents == 7 && g->events[6].code == 0x4004 && !strcmp(g->events[6].name, "CNT_CYCLES"),
	   "64 bits: PMCEID0 bit 36 is event 0x4004 CNT_CYCLES (%d events)", g->nevents);
out:
	free(json), free(txt);
	report_free(&r);
}

static void counters_pmuver(void)
{
	static const struct { unsigned n; uint64_t pmcr; } cases[] = {
		{ 16, 0x8000 }, { 31, 0xf800 }, { 31, 0xf841 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct reading rd = max_strict;
		struct report r;
		char *json = NULL, *txt = NULL, want[64];

		/* Changed: PMCR_EL0.N (bits 15:11); the last one also with
		 * E and LC set, bits that are not N. */
		rd.reg[GREG_PMCR] = cases[i].pmcr;
		if (ok(probed(&r, &rd, &max_strict) == 0, "PMCR_EL0 0x%llx replays",
		       (unsigned long long)cases[i].pmcr)) {
			const struct guest_view *g = &core_pmu(&r)->guest[MODE_LEGACY];

			ok(guest_counters(g) == cases[i].n && guest_pmuver(g) == 6,
			   "PMCR_EL0 0x%llx: %u counters, PMUVer 6 (got %u, %u)",
			   (unsigned long long)cases[i].pmcr, cases[i].n, guest_counters(g),
			   guest_pmuver(g));
			json = render_str(&r, json_compact);
			txt = render_str(&r, text);
			snprintf(want, sizeof(want), "\"pmuver\":6,\"counters\":%u,", cases[i].n);
			ok(has(json, want), "PMCR_EL0 0x%llx: JSON %s", (unsigned long long)cases[i].pmcr, want);
			snprintf(want, sizeof(want), " (N=%u counters)\n", cases[i].n);
			ok(has(txt, want), "PMCR_EL0 0x%llx: text says N=%u counters",
			   (unsigned long long)cases[i].pmcr, cases[i].n);
		}
		free(json), free(txt);
		report_free(&r);
	}
}

static void pmuver_bounds(void)
{
	static const struct { uint64_t dfr0; bool readable; } cases[] = {
		{ 0x10305409, false }, { 0x10305509, true }, { 0x10305f09, false },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct reading rd = max_strict;
		struct report r;
		unsigned slots = 0;

		/* Changed: ID_AA64DFR0_EL1.PMUVer (bits 11:8) 4, 5 (PMUv3p4,
		 * the first with PMMIR_EL1) and 0xf (IMPLEMENTATION DEFINED). */
		rd.reg[GREG_DFR0] = cases[i].dfr0;
		if (ok(probed(&r, &rd, &rd) == 0, "ID_AA64DFR0_EL1 0x%llx replays",
		       (unsigned long long)cases[i].dfr0)) {
			const struct guest_view *g = &core_pmu(&r)->guest[MODE_STRICT];

			ok(guest_pmmir_readable(g) == cases[i].readable &&
			   guest_read_slots(g, &slots) == cases[i].readable &&
			   (!cases[i].readable || slots == 8),
			   "PMUVer %u: PMMIR_EL1 %s", guest_pmuver(g),
			   cases[i].readable ? "readable, SLOTS 8" : "not readable");
		}
		report_free(&r);
	}
}

static void stall_slot_bits(void)
{
	static const struct { uint64_t pmceid1; bool all; } cases[] = {
		{ 0x10000018, false }, { 0x30000018, false }, { 0x50000018, false },
		{ 0x90000018, false }, { 0x70000018, false }, { 0xb0000018, false },
		{ 0xd0000018, false }, { 0xf0000018, true },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct reading rd = max_strict;
		struct report r;
		char *json = NULL, *prom = NULL, want[128];

		/* Changed: PMCEID1_EL0 bits 29-31 (STALL_SLOT_BACKEND,
		 * _FRONTEND, STALL_SLOT), which QEMU never sets. */
		rd.reg[GREG_PMCEID1] = cases[i].pmceid1;
		if (ok(probed(&r, &max_strict, &rd) == 0, "PMCEID1 0x%llx replays",
		       (unsigned long long)cases[i].pmceid1)) {
			json = render_str(&r, json_compact);
			prom = render_str(&r, render_prometheus);
			snprintf(want, sizeof(want), "\"stall_slot_events\":%s",
				 cases[i].all ? "true" : "false");
			ok(guest_stall_slot_events(&core_pmu(&r)->guest[MODE_STRICT]) == cases[i].all &&
			   has(json, want), "PMCEID1 0x%llx: STALL_SLOT* events %s",
			   (unsigned long long)cases[i].pmceid1, cases[i].all ? "all three" : "not all three");
			snprintf(want, sizeof(want), "kvm_pmu_info_guest_stall_slot_events{pmu=\"armv8_pmuv3\","
				 "mode=\"strict\"} %d\n", cases[i].all);
			ok(has(prom, want), "PMCEID1 0x%llx: Prometheus says %d",
			   (unsigned long long)cases[i].pmceid1, cases[i].all);
		}
		free(json), free(prom);
		report_free(&r);
	}
}

/* R as a kernel without the strict feature shows it: KVM_CAP_ARM_PMU_V3_STRICT
 * 0, so the strict mode is unsupported; 0 or -1. */
static int strict_unsupported(struct report *r)
{
	nval_set(&r->cap_pmu_v3_strict, 0);
	return guest_mode_supported(r, MODE_STRICT, &core_pmu(r)->guest[MODE_STRICT]) ? -1 : 0;
}

/* The report of one verdict case, analysed; 0 or -1. */
static int verdict_report(struct report *r, const char *code)
{
	struct reading slots4 = max_strict, v3p1 = max_strict, pmmir0 = max_strict;
	struct mailbox mb = { 0 };
	struct pmu *p;

	/* Changed readings: PMMIR_EL1 SLOTS 4 or 0; PMUVer 4 with PMMIR
	 * UNDEF, as cortex-a76 reads them (fixture qemu-7.3.4-cortex-a76/vm). */
	slots4.reg[GREG_PMMIR] = 0x4;
	pmmir0.reg[GREG_PMMIR] = 0;
	v3p1.reg[GREG_DFR0] = 0x10305408;
	v3p1.undef[GREG_PMMIR] = true;
	if (!strcmp(code, "not_arm64"))
		return fixture_collect(r, "x86-host") || analysis_run(r, NULL);
	if (!strcmp(code, "no_core_pmu"))
		return fixture_collect(r, "qemu-7.3.4-max-pmuoff") || analysis_run(r, NULL);
	if (!strcmp(code, "host_slots_zero"))	/* unknown core (QEMU max), SLOTS 0 */
		return fixture_collect(r, "qemu-7.3.4-max-stock") || analysis_run(r, NULL);
	if (!strcmp(code, "pmmir_zero"))	/* a PMUv3p5 guest reads PMMIR 0 */
		return probed_raw(r, "qemu-7.3.4-max-stock", &pmmir0, &pmmir0) ||
		       analysis_run(r, NULL);
	if (!strcmp(code, "strict_exposes_slots"))
		return probed(r, &max_strict, &max_strict);
	if (!strcmp(code, "contract_broken")) {
		/* The same host whose contract VM's PMU INIT succeeded without
		 * SET_PMU (7.3.4 answers ENXIO; tests/contract.test edits a
		 * recorded run for each check). */
		/* That host lists STALL_SLOT* (the test QEMU's events 0x3D-0x3F),
		 * and its strict guest reads them: PMCEID1 0xf0000018, as the
		 * recorded run of qemu-7.3.4-max-slots8 does. */
		struct reading stall = max_strict;

		stall.reg[GREG_PMCEID1] = 0xf0000018;
		if (probed_raw(r, "qemu-7.3.4-max-slots8", &stall, &stall))
			return -1;
		p = core_pmu(r);
		p->cobs.probed = true;
		p->cobs.call[CALL_NODEF_INIT].made = true;
		return analysis_run(r, NULL);
	}
	if (!strcmp(code, "no_pmmir"))
		return probed(r, &v3p1, &v3p1);
	if (!strcmp(code, "slots_mismatch"))
		return probed(r, &max_strict, &slots4);
	if (!strcmp(code, "not_probed"))	/* --mode legacy */
		return probed(r, &max_legacy, NULL);
	if (probed_raw(r, "qemu-7.3.4-max-slots8", strcmp(code, "kvm_no_pmu") ? &max_strict : NULL,
		       NULL))
		return -1;
	p = core_pmu(r);
	if (!strcmp(code, "no_kvm")) {
		r->kvm = KVM_NO_DEVICE;
		snprintf(r->kvm_error, sizeof(r->kvm_error), "no /dev/kvm (No such file or directory)");
	} else if (!strcmp(code, "kvm_no_pmu")) {
		nval_set(&r->cap_pmu_v3, 0);
		if (guest_mode_supported(r, MODE_LEGACY, &p->guest[MODE_LEGACY]) ||
		    guest_mode_supported(r, MODE_STRICT, &p->guest[MODE_STRICT]))
			return -1;
	} else if (!strcmp(code, "strict_unsupported")) {
		if (strict_unsupported(r))
			return -1;
	} else if (!strcmp(code, "probe_failed")) {
		/* The strict guest's canary arrives cut to 4 bytes. */
		for (int k = 0; k < GREG_N; k++)
			store(&mb, &p->guest[MODE_STRICT], 8 * (uint64_t)k, max_strict.reg[k]);
		if (store(&mb, &p->guest[MODE_STRICT], MB_CANARY, MB_CANARY_VALUE & 0xffffffff) != MB_BAD)
			return -1;
	} else {
		return -1;
	}
	return analysis_run(r, NULL);
}

/* One report per verdict code, with the --check status the man page
 * gives it, in every format. */
static void verdicts(void)
{
	static const struct {
		const char *code, *what, *text;
		int status;
	} cases[] = {
		{ "strict_exposes_slots", "strict guest reads the host's SLOTS",
		  "strict mode gives guests SLOTS=8", 0 },
		{ "not_arm64", "x86 host", "", 3 },
		{ "no_kvm", "no /dev/kvm", "no /dev/kvm", 4 },
		{ "kvm_no_pmu", "KVM without KVM_CAP_ARM_PMU_V3", "KVM has no PMU support", 5 },
		{ "no_core_pmu", "no core PMU", "no core PMU", 5 },
		{ "strict_unsupported", "kernel without the strict feature",
		  "kernel lacks the strict feature", 6 },
		{ "host_slots_zero", "unknown core, SLOTS 0, not probed", "host reports SLOTS 0", 7 },
		{ "no_pmmir", "guest PMUv3p1 (PMMIR UNDEF)", "core has no PMMIR", 8 },
		{ "probe_failed", "strict probe failed", "strict probe failed", 9 },
		{ "slots_mismatch", "strict guest reads SLOTS 4, host 8",
		  "strict guest reads SLOTS=4 but the host has SLOTS=8", 9 },
		{ "not_probed", "strict mode not probed",
		  "legacy guests see SLOTS=0 where the host has SLOTS=8", 10 },
		{ "pmmir_zero", "PMUv3p5 guests read PMMIR 0, host SLOTS 0",
		  "host reports SLOTS 0 although", 11 },
		{ "contract_broken", "PMU INIT without SET_PMU succeeds",
		  "breaks 1 of the strict contract's 6 promises (no_default_pmu)", 16 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct report r;
		char *json = NULL, *prom = NULL, *nfd = NULL, want[128];

		report_init(&r);
		if (!ok(verdict_report(&r, cases[i].code) == 0, "verdict %s: report built (%s)",
			cases[i].code, cases[i].what)) {
			report_free(&r);
			continue;
		}
		json = render_str(&r, json_compact);
		prom = render_str(&r, render_prometheus);
		nfd = render_str(&r, render_nfd);
		snprintf(want, sizeof(want), "\"verdict\":{\"code\":\"%s\"", cases[i].code);
		is_str(verdict_code_name(r.verdict.code), cases[i].code, "verdict %s: the code",
		       cases[i].code);
		ok(has(json, want) && strstr(r.verdict.text, cases[i].text),
		   "verdict %s (%s): code, JSON and summary '%s'", cases[i].code, cases[i].what,
		   r.verdict.text);
		is_int(verdict_exit_status(&r.verdict), cases[i].status, "verdict %s: --check exits %d",
		       cases[i].code, cases[i].status);
		snprintf(want, sizeof(want), "verdict=\"%s\"} 1\n", cases[i].code);
		ok(has(prom, want), "verdict %s: Prometheus info label", cases[i].code);
		snprintf(want, sizeof(want), "kvm-pmu.verdict=%s\n", cases[i].code);
		ok(has(nfd, want), "verdict %s: NFD label", cases[i].code);
		/* The verdicts are computed in place: a second analysis of the same
		 * report says the same and leaks nothing (ASan's LeakSanitizer). */
		free(prom);
		prom = analysis_run(&r, NULL) ? NULL : render_str(&r, json_compact);
		is_str(prom, json, "verdict %s: a second analysis gives the same JSON", cases[i].code);
		free(json), free(prom), free(nfd);
		report_free(&r);
	}
	/* A verdict added to verdicts.def gets a case here. */
	for (int c = 0; c < V_N; c++) {
		size_t i = 0;

		if (verdict_info((enum verdict_code)c)->scope != VSCOPE_HOST)
			continue;
		while (i < sizeof(cases) / sizeof(cases[0]) &&
		       strcmp(cases[i].code, verdict_code_name((enum verdict_code)c)))
			i++;
		ok(i < sizeof(cases) / sizeof(cases[0]), "verdicts.def's %s has a case here",
		   verdict_code_name((enum verdict_code)c));
	}
}

/* -q with --check=default: the default guests' two lines alone. */
static int text_default_quiet(const struct report *r, FILE *out)
{
	return render_text(r, out, &(struct text_opts){ .quiet = true, .check = CHECK_DEFAULT });
}

/* The report of one --check=default case on the slots8 host, analysed;
 * 0 or -1.  Its legacy guest reads PMMIR 0 and PMCEID1 0x10000018, as the
 * recorded run of qemu-7.3.4-max-slots8 (tests/fixtures/.../vm) does on
 * 7.3.4; "legacy_sees" is a kernel that passed SLOTS to legacy guests. */
static int default_report(struct report *r, const char *what)
{
	struct reading legacy = max_strict, cut = max_strict;
	struct mailbox mb = { 0 };
	struct pmu *p;

	legacy.reg[GREG_PMMIR] = 0;
	if (!strcmp(what, "pmmir_zero"))	/* PMUv3p5 guests read PMMIR 0, host SLOTS 0 */
		return probed_raw(r, "qemu-7.3.4-max-stock", &legacy, &legacy) ||
		       analysis_run(r, NULL);
	if (!strcmp(what, "legacy_sees"))
		return probed(r, &max_strict, &max_strict);
	if (!strcmp(what, "legacy_hides"))
		return probed(r, &legacy, &max_strict);
	if (!strcmp(what, "mode_strict")) {
		if (probed_raw(r, "qemu-7.3.4-max-slots8", NULL, &max_strict))
			return -1;
		core_pmu(r)->guest[MODE_LEGACY].status = MODE_SKIPPED;
		return analysis_run(r, NULL);
	}
	if (!strcmp(what, "mode_legacy"))
		return probed(r, &legacy, NULL);
	if (probed_raw(r, "qemu-7.3.4-max-slots8", strcmp(what, "legacy_failed") ? &legacy : NULL,
		       &max_strict))
		return -1;
	p = core_pmu(r);
	if (!strcmp(what, "strict_unsupported")) {
		if (strict_unsupported(r))
			return -1;
	} else if (!strcmp(what, "strict_failed")) {
		/* The strict guest's canary arrives cut to 4 bytes; the
		 * legacy guest read its SLOTS 0. */
		for (int k = 0; k < GREG_N; k++)
			store(&mb, &p->guest[MODE_STRICT], 8 * (uint64_t)k, max_strict.reg[k]);
		if (store(&mb, &p->guest[MODE_STRICT], MB_CANARY, MB_CANARY_VALUE & 0xffffffff) !=
		    MB_BAD)
			return -1;
	} else if (!strcmp(what, "legacy_failed")) {
		/* The legacy guest's canary arrives cut to 4 bytes. */
		cut.reg[GREG_PMMIR] = 0;
		for (int k = 0; k < GREG_N; k++)
			store(&mb, &p->guest[MODE_LEGACY], 8 * (uint64_t)k, cut.reg[k]);
		if (store(&mb, &p->guest[MODE_LEGACY], MB_CANARY, MB_CANARY_VALUE & 0xffffffff) !=
		    MB_BAD)
			return -1;
	} else {
		return -1;
	}
	return analysis_run(r, NULL);
}

/* --check=default: what the default guests VMMs create today see, with
 * its own exit statuses beside --check's, in the JSON and in -q's text. */
static void default_check(void)
{
	static const struct {
		const char *what, *code, *text, *layer;
		int status, strict_status;
	} cases[] = {
		/* the 7.3.4 host of issue 27: --check 0, every default guest fails */
		{ "legacy_hides", "default_hides_slots",
		  "read SLOTS=0 although the host has SLOTS=8", "vmm", 17, 0 },
		{ "legacy_sees", "default_sees_slots", "read the host's SLOTS=8", "none", 0, 0 },
		{ "strict_unsupported", "default_hides_slots",
		  "read SLOTS=0 although the host has SLOTS=8", "host_kernel", 17, 6 },
		{ "mode_legacy", "default_hides_slots", "read SLOTS=0 although", "tool", 17, 10 },
		{ "mode_strict", "not_probed", "default guests not probed (--mode strict)", "tool",
		  10, 0 },
		/* the strict guest answered the strict question */
		{ "legacy_failed", "probe_failed", "legacy probe failed", "tool", 9, 0 },
		/* ... and the legacy guest the default one: a failed strict
		 * probe is the host's answer, not the default guests' */
		{ "strict_failed", "default_hides_slots", "read SLOTS=0 although the host has SLOTS=8",
		  "tool", 17, 9 },
		/* a host whose SLOTS are hidden blocks every guest: the host's own;
		 * max-stock is itself a VM, so its step is the VM verdict's (none here) */
		{ "pmmir_zero", "pmmir_zero", "host reports SLOTS 0 although", "none", 11, 11 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct report r;
		char *json = NULL, *quiet = NULL, want[700];
		const struct verdict *d = &r.default_verdict;

		report_init(&r);
		if (!ok(default_report(&r, cases[i].what) == 0, "--check=default %s: report built",
			cases[i].what)) {
			report_free(&r);
			continue;
		}
		is_str(verdict_code_name(d->code), cases[i].code, "--check=default %s: the code",
		       cases[i].what);
		has_str(d->text, cases[i].text, "--check=default %s: the summary", cases[i].what);
		is_str(step_layer_name(d->next.layer), cases[i].layer,
		       "--check=default %s: the next step's layer", cases[i].what);
		is_int(verdict_check_status(&r, CHECK_DEFAULT), cases[i].status,
		       "--check=default %s: exits %d", cases[i].what, cases[i].status);
		is_int(verdict_check_status(&r, CHECK_STRICT), cases[i].strict_status,
		       "--check %s: still exits %d", cases[i].what, cases[i].strict_status);
		json = render_str(&r, json_compact);
		snprintf(want, sizeof(want), "\"default_verdict\":{\"code\":\"%s\"", cases[i].code);
		has_str(json, want, "--check=default %s: JSON default_verdict", cases[i].what);
		quiet = render_str(&r, text_default_quiet);
		snprintf(want, sizeof(want), "Default guests verdict: %s\nDefault guests next step (%s): ",
			 d->text, cases[i].layer);
		/* max-stock is a VM: its step defers to the VM verdict, which follows */
		ok(quiet && !strncmp(quiet, want, strlen(want)) && !strstr(quiet, "\nVerdict:") &&
		   (strstr(quiet, "\nVM verdict: ") != NULL) == !strcmp(cases[i].what, "pmmir_zero"),
		   "--check=default -q %s: the default guests' two lines alone%s", cases[i].what,
		   strcmp(cases[i].what, "pmmir_zero") ? "" : ", then the VM verdict its step names");
		free(json), free(quiet);
		report_free(&r);
	}
}

/* The next step says what happened: a probe that ran out of --timeout
 * asks for more time (vmprobe.c fails it in KVM_RUN with ETIMEDOUT, as
 * tests/vm/vm-reliability.test sees with a guest that never exits), any
 * other failure for the trail; --mode legacy's verdict is what the legacy
 * guest read, and its next step is to drop --mode legacy. */
static void step_words(void)
{
	struct report r;
	struct pmu *p;

	report_init(&r);
	if (ok(probed_raw(&r, "qemu-7.3.4-max-slots8", &max_strict, &max_strict) == 0,
	       "timeout: report built")) {
		p = core_pmu(&r);
		guest_failed(&p->guest[MODE_STRICT], PSTEP_KVM_RUN, ETIMEDOUT, "the guest did not "
			     "finish within 1 ms (--timeout); KVM_RUN was interrupted");
		analysis_run(&r, NULL);
		is_str(verdict_code_name(r.verdict.code), "probe_failed", "timeout: probe_failed");
		has_str(r.verdict.next.action, "raise --timeout", "timeout: the next step");
		ok(!strstr(r.verdict.next.action, "report"), "timeout: no bug report asked for (%s)",
		   r.verdict.next.action);
	}
	report_free(&r);
	report_init(&r);
	if (ok(verdict_report(&r, "probe_failed") == 0, "short canary: report built")) {
		has_str(r.verdict.next.action, "rerun with -v", "short canary: the trail is asked for");
		ok(!strstr(r.verdict.next.action, "--timeout"), "short canary: no --timeout");
	}
	report_free(&r);
	report_init(&r);
	if (ok(verdict_report(&r, "not_probed") == 0, "--mode legacy: report built")) {
		ok(!strstr(r.verdict.text, "unknown"), "--mode legacy: the verdict says what it "
		   "measured, nothing unknown (%s)", r.verdict.text);
		has_str(r.verdict.next.action, "without --mode legacy", "--mode legacy: the next step");
	}
	report_free(&r);
}

/* Linux 6.12 under -cpu max (fixture qemu-6.12.117-max-slots8/vm): the
 * verdict says perf stat in a guest is unaffected (perf has no metric
 * table for MIDR 0xf0510), so the step to Linux 7.3 says what 7.3 would
 * add here (strict guests read the host's SLOTS=8) and that perf stat
 * does not need it; per PMU, host and default guests alike. */
static const struct reading v2_legacy = {
	.reg = { 0x410fd4f1, 0x10305609, 0x3000, 0x40020001, 0x10000018, 0x0 },
};

static void upgrade_words(void)
{
	struct report r;
	const struct verdict *v[3];

	report_init(&r);
	if (!ok(default_report(&r, "strict_unsupported") == 0, "6.12: report built"))
		goto out;
	v[0] = &r.verdict, v[1] = &core_pmu(&r)->verdict, v[2] = &r.default_verdict;
	for (int i = 0; i < 3; i++) {
		has_str(v[i]->text, "so perf stat in a guest is unaffected", "6.12 %d: unaffected", i);
		has_str(v[i]->next.action, "only if guest software reads SLOTS (perf stat does not "
			"on this core)", "6.12 %d: the upgrade is asked only for what needs it", i);
		has_str(v[i]->next.action, "lets guests read the host's SLOTS=8",
			"6.12 %d: what Linux 7.3 adds on this host", i);
		has_str(v[i]->next.action, "kvm-pmu-info's source is a tested example",
			"6.12 %d: the step whole, never cut short", i);
		is_str(step_layer_name(v[i]->next.layer), "host_kernel", "6.12 %d: host_kernel", i);
	}
	report_free(&r);
	/* The other story: a core perf has TopdownL1 for (Graviton4's Neoverse
	 * V2, SLOTS 8, MIDR 0x410fd4f1 from its sysfs) on a kernel without
	 * strict mode, its legacy guest reading as 6.12's -cpu max one did
	 * (PMMIR 0) with V2's MIDR: perf fails there, and the step says 7.3
	 * gives guests the SLOTS perf needs. */
	report_init(&r);
	if (!ok(probed_raw(&r, "graviton4-neoverse-v2", &v2_legacy, NULL) == 0 &&
		strict_unsupported(&r) == 0 && analysis_run(&r, NULL) == 0, "V2 on 6.12: report built"))
		goto out;
	is_str(verdict_code_name(r.verdict.code), "strict_unsupported", "V2 on 6.12: strict_unsupported");
	has_str(r.verdict.text, "perf's topdown metrics fail in guests", "V2 on 6.12: perf fails");
	has_str(r.verdict.next.action, "lets guests read the host's SLOTS=8, which perf's topdown "
		"metrics in the guest need; then", "V2 on 6.12: why 7.3");
	ok(!strstr(r.verdict.next.action, "only if"), "V2 on 6.12: asked without a condition");
out:
	report_free(&r);
}

/* Stores the payload never makes fail the probe with a reason. */
static void bad_stores(void)
{
	struct mailbox mb;
	struct guest_view g;
	unsigned char d[8] = { 0 };

	memset(&mb, 0, sizeof(mb));
	memset(&g, 0, sizeof(g));
	ok(mailbox_store(&mb, &g, MB_MIDR, d, 4) == MB_BAD && g.status == MODE_FAILED &&
	   strstr(g.error, "stored 4 bytes at 0x10000000"), "a 4-byte store fails: %s", g.error);
	memset(&mb, 0, sizeof(mb));
	memset(&g, 0, sizeof(g));
	ok(store(&mb, &g, MB_CANARY, MB_CANARY_VALUE & 0xffffffff) == MB_BAD &&
	   strstr(g.error, "arrived as 0x0000000089abcdef, not 0x0123456789abcdef"),
	   "a canary cut to 32 bits fails: %s", g.error);
	memset(&mb, 0, sizeof(mb));
	memset(&g, 0, sizeof(g));
	ok(store(&mb, &g, MB_CANARY, 0xefcdab8967452301ULL) == MB_BAD,
	   "a byte-swapped canary fails");
	memset(&mb, 0, sizeof(mb));
	memset(&g, 0, sizeof(g));
	ok(store(&mb, &g, MB_DONE, 0) == MB_BAD && g.status == MODE_FAILED &&
	   strstr(g.error, "without storing its check value"), "done without the canary fails: %s",
	   g.error);
	memset(&mb, 0, sizeof(mb));
	memset(&g, 0, sizeof(g));
	ok(store(&mb, &g, 8 * GREG_N, 1) == MB_BAD &&
	   strstr(g.error, "unexpected address 0x10000030"), "a store past the registers fails: %s",
	   g.error);
	memset(&mb, 0, sizeof(mb));
	memset(&g, 0, sizeof(g));
	ok(store(&mb, &g, MB_PMCR + 4, 1) == MB_BAD, "a misaligned store fails");
	memset(&mb, 0, sizeof(mb));
	memset(&g, 0, sizeof(g));
	ok(store(&mb, &g, (uint64_t)0 - 8, 1) == MB_BAD, "a store below the window fails");

	/* An UNDEF marks the next register only. */
	memset(&mb, 0, sizeof(mb));
	memset(&g, 0, sizeof(g));
	store(&mb, &g, MB_ESR, 0x2000000);
	store(&mb, &g, MB_PMCEID1, ~0ULL);
	store(&mb, &g, MB_PMMIR, 0x8);
	ok(g.undef[GREG_PMCEID1] && g.esr[GREG_PMCEID1] == 0x2000000 && !g.undef[GREG_PMMIR] &&
	   g.reg[GREG_PMMIR] == 8 && g.read[GREG_PMMIR] && !g.read[GREG_MIDR],
	   "an ESR store marks the next register UNDEF, and only that one");
	ok(store_end(&mb, &g) == MB_DONE_OK && g.status == MODE_OK, "canary then done: status ok");
}

/* Why the strict capability is 0, by kernel release, in the text's KVM
 * line and the verdict: one phrase for both (model.c). */
static void strict_missing_words(void)
{
	/* Changed: the slots8 fixture's release, to that of fixture
	 * qemu-6.12.117-max-slots8, kept as 7.3.4 (a 7.3 kernel whose KVM
	 * lacks the feature), and none (osrelease unreadable). */
	static const struct { const char *release, *why; } cases[] = {
		{ "6.12.117", "needs Linux 7.3+" },
		{ "7.3.4", "although the kernel is 7.3 or later" },
		{ NULL, "it came with Linux 7.3" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *rel = cases[i].release ? cases[i].release : "(none)";
		struct report r;
		char *txt = NULL, want[160];
		int ret;

		report_init(&r);
		ret = probed_raw(&r, "qemu-7.3.4-max-slots8", &max_strict, NULL);
		if (!ret) {
			free(r.kernel.s);
			r.kernel.s = cases[i].release ? strdup(cases[i].release) : NULL;
			ret = strict_unsupported(&r) || analysis_run(&r, NULL);
		}
		if (!ok(ret == 0, "kernel %s: report built", rel)) {
			report_free(&r);
			continue;
		}
		txt = render_str(&r, text_unwrapped);
		snprintf(want, sizeof(want), "KVM_CAP_ARM_PMU_V3_STRICT no (%s)\n", cases[i].why);
		ok(has(txt, want), "kernel %s: the KVM line ends 'no (%s)'", rel, cases[i].why);
		snprintf(want, sizeof(want), "kernel lacks the strict feature (%s)", cases[i].why);
		ok(has(r.verdict.text, want), "kernel %s: the verdict says '%s' (%s)", rel, want,
		   r.verdict.text);
		free(txt);
		report_free(&r);
	}
}

int main(void)
{
	static const char *const runs[] = {
		"qemu-7.3.4-max-slots8", "qemu-7.3.4-max-stock", "qemu-7.3.4-cortex-a76",
		"qemu-7.3.4-cortex-a57", "qemu-7.3.4-max-pmuoff", "qemu-6.12.117-max-slots8",
		"qemu-7.3.4-hetero",
	};

	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++)
		replayed_run(runs[i]);
	wide_values();
	counters_pmuver();
	pmuver_bounds();
	stall_slot_bits();
	verdicts();
	default_check();
	strict_missing_words();
	step_words();
	upgrade_words();
	bad_stores();
	return done_testing();
}
