/* SPDX-License-Identifier: GPL-2.0-or-later */
/* probe_record.c - write and read the probe record (probe.json).
 *
 * Writing takes the raw facts only: what KVM answered and what each guest
 * read.  Everything derived from them (PMUVer, counters, SLOTS, event
 * names, verdicts) is left out on purpose, so a replay recomputes it with
 * its own, possibly newer, analysis.  Reading trusts nothing: each field
 * has one type and a bounded size, and the first field that breaks that
 * refuses the record with its JSON path in the reason. */
#include "probe_record.h"

#include <errno.h>
#include <json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract.h"
#include "json_in.h"
#include "json_out.h"
#include "util.h"
#include "vcpu_json.h"
#include "xalloc.h"

typedef struct json_object jobj;

#define MAX_TRAIL_LINES 4096

/* ---- writing ---- */

static jobj *kvm_record(const struct report *r)
{
	jobj *k = jobject(), *caps = jobject();
	jobj *reasons = jobject();

	jadd(k, "status", jstring(kvm_status_name(r->kvm)));
	jadd(k, "error", r->kvm_error[0] ? jstr(r->kvm_error) : NULL);
	jadd(k, "guests_not_probed", r->probe_skip
			       ? jstr(probe_skips[r->probe_skip].name) : NULL);
	json_add_nval(k, reasons, "api_version", &r->kvm_api, JNV_INT);
	json_add_nval(k, reasons, "probe_time_us", &r->probe_time_us, JNV_INT);
	json_add_nval(caps, reasons, "arm_pmu_v3", &r->cap_pmu_v3, JNV_BOOL);
	json_add_nval(caps, reasons, "arm_pmu_v3_strict", &r->cap_pmu_v3_strict, JNV_BOOL);
	jadd(k, "capabilities", caps);
	jadd(k, "reasons", reasons);
	return k;
}

static jobj *mode_record(const struct guest_view *g)
{
	jobj *m = jobject(), *regs = jobject();
	jobj *undef = jobject(), *user = jobject();
	jobj *reasons = jobject();

	jadd(m, "status", jstring(mode_status_name(g->status)));
	jadd(m, "error", g->error[0] ? jstr(g->error) : NULL);
	jadd(m, "failed_step", g->step ? jstr(probe_steps[g->step].name) : NULL);
	jadd(m, "errno", jerrno(g->err));
	for (int i = 0; i < GREG_N; i++) {
		const char *name = guest_reg_name((enum guest_reg)i);

		jadd(regs, name, g->read[i] ? jhex(g->reg[i]) : NULL);
		if (g->undef[i])
			jadd(undef, name, jhex(g->esr[i]));
	}
	jadd(m, "registers", regs);
	jadd(m, "undef", undef);
	json_add_nval(user, reasons, "pmmir_el1", &g->user_pmmir, JNV_HEX);
	jadd(user, "reg_list_ok", jbool(g->reg_list_ok));
	jadd(user, "pmmir_in_reg_list", jbool(g->pmmir_in_list));
	jadd(user, "reasons", reasons);
	jadd(m, "userspace", user);
	jadd(m, "time_us", jint((int64_t)g->time_us));
	return m;
}

/* The strict contract's raw facts: each call as KVM answered it (null when
 * not made) and the guest views of its VMs. */
static jobj *contract_record(const struct contract_obs *o)
{
	jobj *c = jobject(), *calls = jobject();
	jobj *vms = jobject();

	jadd(c, "probed", jbool(o->probed));
	jadd(c, "why", o->why[0] ? jstr(o->why) : NULL);
	for (int i = 0; i < CALL_N; i++) {
		const struct kvm_call *k = &o->call[i];
		jobj *j, *reasons;

		if (!k->made) {
			jadd(calls, contract_call_key((enum contract_call)i), NULL);
			continue;
		}
		j = jobject();
		reasons = jobject();
		jadd(j, "arg", jhex(k->arg));
		jadd(j, "ret", jint(k->ret));
		jadd(j, "errno", jint(k->err));
		json_add_nval(j, reasons, "read_back", &k->back, JNV_HEX);
		jadd(j, "reasons", reasons);
		jadd(calls, contract_call_key((enum contract_call)i), j);
	}
	jadd(c, "calls", calls);
	jadd(vms, "no_set_pmu", mode_record(&o->nodef));
	jadd(vms, "registers", mode_record(&o->regs));
	jadd(c, "vms", vms);
	return c;
}

static jobj *trail_record(const char *trail)
{
	jobj *a = jarray();
	const char *p = trail;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, n);

		jpush(a, jstr(line));
		free(line);
		p += n + (nl != NULL);
	}
	return a;
}

char *probe_record_write(const struct report *r, const char *trail, time_t when,
			 const struct probe_host *h)
{
	jobj *root = jobject(), *tool = jobject();
	jobj *host = jobject(), *pmus = jarray();
	char at[32];
	struct tm tm;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	gmtime_r(&when, &tm);
	strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	jadd(root, "schema_version", jint(PROBE_RECORD_SCHEMA));
	jadd(tool, "name", jstring(PACKAGE_NAME));
	jadd(tool, "version", jstring(PACKAGE_VERSION));
	jadd(root, "tool", tool);
	jadd(root, "captured_at", jstring(at));
	jadd(host, "nodename", jstr(h->nodename));
	jadd(host, "release", jstr(h->release));
	jadd(host, "machine", jstr(h->machine));
	jadd(root, "host", host);
	jadd(root, "kvm", kvm_record(r));
	for (int i = 0; i < r->npmus; i++) {
		const struct pmu *p = &r->pmus[i];
		jobj *o, *g;

		if (!p->probed)
			continue;
		o = jobject();
		g = jobject();
		jadd(o, "name", jstr(p->name));
		for (int m = 0; m < MODE_N; m++) {
			const struct guest_view *gv = &p->guest[m];
			jobj *mr = mode_record(gv);

			jadd(mr, "vcpu", vcpu_json(&gv->vcpu, gv->error[0] ? gv->error
						     : "no vCPU was built"));
			jadd(g, mode_name((enum probe_mode)m), mr);
		}
		jadd(o, "guest", g);
		jadd(o, "contract", contract_record(&p->cobs));
		jpush(pmus, o);
	}
	jadd(root, "pmus", pmus);
	jadd(root, "trail", trail_record(trail));
	f = xopen_memstream(&out, &len);
	json_print(f, root, true);
	xmemstream_close(f, &out);
	json_object_put(root);
	return out;
}

/* ---- reading ---- */

struct rd {
	char *err;
	size_t errlen;
	char path[160];          /* where in the record, for the reason */
};

__attribute__((format(printf, 2, 3)))
static int bad(struct rd *d, const char *fmt, ...)
{
	char what[160], line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(line, sizeof(line), PROBE_RECORD_FILE ": %s%s%s", d->path, d->path[0] ? ": " : "",
		 what);
	/* Keys and values quoted here are the stranger's bytes: one printable
	 * ASCII line, always. */
	scrub_controls(d->err, d->errlen, line, true);
	return -1;
}

/* Member KEY of O with type T; *V NULL when it is JSON null and NULLABLE. */
static int member(struct rd *d, jobj *o, const char *key, json_type t, bool nullable, jobj **v)
{
	size_t pl = strlen(d->path);

	*v = NULL;
	snprintf(d->path + pl, sizeof(d->path) - pl, "%s%s", pl ? "." : "", key);
	if (!json_object_object_get_ex(o, key, v))
		return bad(d, "missing");
	if (!*v && nullable)
		goto ok;
	if (!*v || !json_object_is_type(*v, t))
		return bad(d, "not of JSON type %s", json_type_to_name(t));
ok:
	d->path[pl] = '\0';
	return 0;
}

/* A string member copied into OUT[LEN] (at most LEN-1 bytes, else an
 * error); "" for a null one when NULLABLE. */
static int str_member(struct rd *d, jobj *o, const char *key, bool nullable, char *out, size_t len)
{
	jobj *v;
	size_t n;

	if (member(d, o, key, json_type_string, nullable, &v))
		return -1;
	out[0] = '\0';
	if (!v)
		return 0;
	n = (size_t)json_object_get_string_len(v);
	if (n >= len || memchr(json_object_get_string(v), '\0', n))
		return bad(d, "string '%s' longer than %zu bytes or with a NUL byte", key, len - 1);
	memcpy(out, json_object_get_string(v), n + 1);
	return 0;
}

static int hex_of(struct rd *d, jobj *v, const char *key, uint64_t *out)
{
	const char *s = json_object_get_string(v);
	char why[WHY_MAX];

	if (!json_object_is_type(v, json_type_string) || strncmp(s, "0x", 2) ||
	    strlen(s) > 18 || parse_hex_u64(s, out, why, sizeof(why)))
		return bad(d, "%s is not a hex string like \"0x1f\"", key);
	return 0;
}

static int bool_member(struct rd *d, jobj *o, const char *key, bool *out)
{
	jobj *v;

	if (member(d, o, key, json_type_boolean, false, &v))
		return -1;
	*out = json_object_get_boolean(v);
	return 0;
}

static int reason(struct rd *d, jobj *reasons, const char *key, char *why, size_t len)
{
	jobj *v;

	if (!json_object_object_get_ex(reasons, key, &v))
		return bad(d, "null %s without reasons.%s", key, key);
	return str_member(d, reasons, key, false, why, len);
}

/* A nullable value of kind K with its reason. */
static int nval_member(struct rd *d, jobj *o, jobj *reasons, const char *key, enum jnval k,
		       struct nval *out)
{
	json_type t = k == JNV_HEX ? json_type_string : k == JNV_BOOL ? json_type_boolean : json_type_int;
	jobj *v;

	memset(out, 0, sizeof(*out));
	if (member(d, o, key, t, true, &v))
		return -1;
	if (!v)
		return reason(d, reasons, key, out->why, sizeof(out->why));
	out->set = true;
	if (k == JNV_HEX)
		return hex_of(d, v, key, &out->v);
	if (k == JNV_BOOL) {
		out->v = json_object_get_boolean(v);
		return 0;
	}
	if (json_object_get_int64(v) < 0 || json_object_get_int64(v) > 0x7fffffff)
		return bad(d, "%s out of range", key);
	out->v = (uint64_t)json_object_get_int64(v);
	return 0;
}

static int enum_of(struct rd *d, const char *s, const char *(*name)(int), int n, int *out)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(s, name(i))) {
			*out = i;
			return 0;
		}
	return bad(d, "unknown status '%.40s'", s);
}

/* A nullable member that names one of T[N]: its index, 0 for null (or "",
 * as 0.1 never wrote but would have read). */
static int words_member(struct rd *d, jobj *o, const char *key, const struct probe_words *t, int n,
			int *out)
{
	char s[WHY_MAX];

	if (str_member(d, o, key, true, s, sizeof(s)))
		return -1;
	*out = s[0] ? probe_words_parse(t, n, s) : 0;
	if (*out < 0)
		return bad(d, "unknown %s '%.40s'", key, s);
	return 0;
}

/* "errno": its name or null (schema_version 2, as in the report), or the
 * number 0-4095 of a schema_version 1 record (whose errno_name is then
 * ignored). */
static int errno_member(struct rd *d, jobj *o, int *out)
{
	char name[32];
	jobj *v;
	int64_t e;

	*out = 0;
	if (json_object_object_get_ex(o, "errno", &v) && json_object_is_type(v, json_type_int)) {
		e = json_object_get_int64(v);
		if (e < 0 || e > 4095)
			return bad(d, "errno %lld out of range", (long long)e);
		*out = (int)e;
		return 0;
	}
	if (str_member(d, o, "errno", true, name, sizeof(name)))
		return -1;
	if (name[0] && (*out = errno_from_name(name)) < 0) {
		*out = 0;
		return bad(d, "unknown errno '%.31s'", name);
	}
	return 0;
}

/* "probe_time_us": the recorded run's probe duration, null with its
 * reason, or absent in a record older than the member (0.1's, and 0.2's
 * before it), which then leaves the duration unknown. */
static int probe_time_member(struct rd *d, jobj *k, jobj *reasons, struct nval *out)
{
	jobj *v;

	memset(out, 0, sizeof(*out));
	if (!json_object_object_get_ex(k, "probe_time_us", NULL)) {
		why_set(out->why, sizeof(out->why), "the probe record does not hold it");
		return 0;
	}
	if (member(d, k, "probe_time_us", json_type_int, true, &v))
		return -1;
	if (!v)
		return reason(d, reasons, "probe_time_us", out->why, sizeof(out->why));
	if (json_object_get_int64(v) < 0)
		return bad(d, "negative probe_time_us");
	nval_set(out, (uint64_t)json_object_get_int64(v));
	return 0;
}

static const char *kvm_name_i(int i) { return kvm_status_name((enum kvm_status)i); }
static const char *mode_name_i(int i) { return mode_status_name((enum mode_status)i); }

static int read_kvm(struct rd *d, struct report *r, jobj *k)
{
	jobj *caps, *reasons;
	char status[32];
	int st = 0, skip = 0;

	snprintf(d->path, sizeof(d->path), "kvm");
	if (str_member(d, k, "status", false, status, sizeof(status)) ||
	    enum_of(d, status, kvm_name_i, KVM_ERROR + 1, &st) ||
	    str_member(d, k, "error", true, r->kvm_error, sizeof(r->kvm_error)) ||
	    words_member(d, k, "guests_not_probed", probe_skips, PROBE_SKIP_N, &skip) ||
	    member(d, k, "capabilities", json_type_object, false, &caps) ||
	    member(d, k, "reasons", json_type_object, false, &reasons) ||
	    nval_member(d, k, reasons, "api_version", JNV_INT, &r->kvm_api) ||
	    probe_time_member(d, k, reasons, &r->probe_time_us))
		return -1;
	/* Their reasons are kvm.reasons', their values kvm.capabilities'. */
	snprintf(d->path, sizeof(d->path), "kvm.capabilities");
	if (nval_member(d, caps, reasons, "arm_pmu_v3", JNV_BOOL, &r->cap_pmu_v3) ||
	    nval_member(d, caps, reasons, "arm_pmu_v3_strict", JNV_BOOL, &r->cap_pmu_v3_strict))
		return -1;
	r->kvm = (enum kvm_status)st;
	r->probe_skip = (enum probe_skip)skip;
	return 0;
}

static int read_regs(struct rd *d, struct guest_view *g, jobj *regs, jobj *undef)
{
	json_object_iter it;

	/* Unknown keys are refused: a register this version cannot place
	 * must not vanish silently. */
	json_object_object_foreachC(regs, it) {
		int i;

		for (i = 0; i < GREG_N && strcmp(it.key, guest_reg_name((enum guest_reg)i)); i++)
			;
		if (i == GREG_N)
			return bad(d, "unknown register '%.40s'", it.key);
		if (!it.val)
			continue;
		g->read[i] = true;
		if (hex_of(d, it.val, it.key, &g->reg[i]))
			return -1;
	}
	json_object_object_foreachC(undef, it) {
		int i;

		for (i = 0; i < GREG_N && strcmp(it.key, guest_reg_name((enum guest_reg)i)); i++)
			;
		if (i == GREG_N || !g->read[i])
			return bad(d, "UNDEF of '%.40s', a register the guest did not report", it.key);
		g->undef[i] = true;
		if (hex_of(d, it.val, it.key, &g->esr[i]))
			return -1;
	}
	return 0;
}

static int read_mode(struct rd *d, struct guest_view *g, jobj *m)
{
	jobj *regs, *undef, *user, *reasons, *v;
	char status[32];
	size_t pl = strlen(d->path);
	int st = 0, step = 0;
	int64_t t;

	memset(g, 0, sizeof(*g));
	if (str_member(d, m, "status", false, status, sizeof(status)) ||
	    enum_of(d, status, mode_name_i, MODE_UNSUPPORTED + 1, &st) ||
	    str_member(d, m, "error", true, g->error, sizeof(g->error)) ||
	    words_member(d, m, "failed_step", probe_steps, PSTEP_N, &step) ||
	    errno_member(d, m, &g->err))
		return -1;
	g->status = (enum mode_status)st;
	g->step = (enum probe_step)step;
	if (member(d, m, "registers", json_type_object, false, &regs) ||
	    member(d, m, "undef", json_type_object, false, &undef) ||
	    member(d, m, "time_us", json_type_int, false, &v))
		return -1;
	t = json_object_get_int64(v);
	if (t < 0)
		return bad(d, "negative time_us");
	g->time_us = (uint64_t)t;
	snprintf(d->path + pl, sizeof(d->path) - pl, ".registers");
	if (read_regs(d, g, regs, undef))
		return -1;
	d->path[pl] = '\0';
	if (member(d, m, "userspace", json_type_object, false, &user))
		return -1;
	snprintf(d->path + pl, sizeof(d->path) - pl, ".userspace");
	if (member(d, user, "reasons", json_type_object, false, &reasons) ||
	    nval_member(d, user, reasons, "pmmir_el1", JNV_HEX, &g->user_pmmir) ||
	    bool_member(d, user, "reg_list_ok", &g->reg_list_ok) ||
	    bool_member(d, user, "pmmir_in_reg_list", &g->pmmir_in_list))
		return -1;
	d->path[pl] = '\0';
	return 0;
}

static int read_call(struct rd *d, jobj *calls, enum contract_call c, struct kvm_call *k)
{
	const char *key = contract_call_key(c);
	size_t pl = strlen(d->path);
	jobj *v, *reasons, *arg;
	int64_t ret, err;

	memset(k, 0, sizeof(*k));
	if (member(d, calls, key, json_type_object, true, &v))
		return -1;
	if (!v)
		return 0;
	snprintf(d->path + pl, sizeof(d->path) - pl, ".%s", key);
	if (member(d, v, "arg", json_type_string, false, &arg) || hex_of(d, arg, "arg", &k->arg) ||
	    member(d, v, "reasons", json_type_object, false, &reasons) ||
	    nval_member(d, v, reasons, "read_back", JNV_HEX, &k->back) ||
	    member(d, v, "ret", json_type_int, false, &arg))
		return -1;
	ret = json_object_get_int64(arg);
	if (member(d, v, "errno", json_type_int, false, &arg))
		return -1;
	err = json_object_get_int64(arg);
	if (ret < -1 || ret > 0x7fffffff || err < 0 || err > 4095 || (ret < 0) != (err != 0))
		return bad(d, "ret %lld with errno %lld", (long long)ret, (long long)err);
	k->made = true;
	k->ret = (int)ret;
	k->err = (int)err;
	d->path[pl] = '\0';
	return 0;
}

/* pmus[].contract; a record from before the contract checks has none. */
static int read_contract(struct rd *d, struct contract_obs *o, jobj *pmu)
{
	static const char *const vm_keys[] = { "no_set_pmu", "registers" };
	struct guest_view *views[] = { &o->nodef, &o->regs };
	size_t pl = strlen(d->path);
	jobj *c, *calls, *vms, *v;

	memset(o, 0, sizeof(*o));
	if (!json_object_object_get_ex(pmu, "contract", &c)) {
		snprintf(o->why, sizeof(o->why), "the probe record predates the strict contract "
			 "checks");
		return 0;
	}
	snprintf(d->path + pl, sizeof(d->path) - pl, ".contract");
	if (!json_object_is_type(c, json_type_object))
		return bad(d, "not an object");
	if (bool_member(d, c, "probed", &o->probed) ||
	    str_member(d, c, "why", true, o->why, sizeof(o->why)) ||
	    member(d, c, "calls", json_type_object, false, &calls) ||
	    member(d, c, "vms", json_type_object, false, &vms))
		return -1;
	snprintf(d->path + pl, sizeof(d->path) - pl, ".contract.calls");
	for (int i = 0; i < CALL_N; i++)
		if (read_call(d, calls, (enum contract_call)i, &o->call[i]))
			return -1;
	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++) {
		snprintf(d->path + pl, sizeof(d->path) - pl, ".contract.vms");
		if (member(d, vms, vm_keys[i], json_type_object, false, &v))
			return -1;
		snprintf(d->path + pl, sizeof(d->path) - pl, ".contract.vms.%s", vm_keys[i]);
		if (read_mode(d, views[i], v))
			return -1;
	}
	d->path[pl] = '\0';
	return 0;
}

/* guest.MODE.vcpu; a record from before register lists has none, and
 * replays with that reason. */
static int read_vcpu(struct rd *d, struct vcpu_state *s, jobj *mode)
{
	char why[WHY_MAX];
	jobj *v;

	if (!json_object_object_get_ex(mode, "vcpu", &v)) {
		why_set(s->why, sizeof(s->why), "the probe record predates register lists: "
			"capture again with this release for what a migration needs");
		return 0;
	}
	if (vcpu_from_json(v, s, why, sizeof(why)))
		return bad(d, "%s", why);
	return 0;
}

static struct pmu *find_pmu(struct report *r, const char *name)
{
	for (int i = 0; i < r->npmus; i++)
		if (!strcmp(r->pmus[i].name, name))
			return &r->pmus[i];
	return NULL;
}

static int read_pmus(struct rd *d, struct report *r, jobj *pmus, const bool modes[MODE_N],
		     bool no_vm)
{
	size_t n = json_object_array_length(pmus);

	for (size_t i = 0; i < n; i++) {
		jobj *o = json_object_array_get_idx(pmus, i), *g, *mo;
		char name[256];
		struct pmu *p;

		snprintf(d->path, sizeof(d->path), "pmus[%zu]", i);
		if (!json_object_is_type(o, json_type_object))
			return bad(d, "not an object");
		if (str_member(d, o, "name", false, name, sizeof(name)) ||
		    member(d, o, "guest", json_type_object, false, &g))
			return -1;
		p = find_pmu(r, name);
		/* --pmu may have filtered it out; a PMU that the archived tree
		 * lacks is a problem of the archive. */
		if (!p)
			continue;
		for (int m = 0; m < MODE_N; m++) {
			snprintf(d->path, sizeof(d->path), "pmus[%zu].guest", i);
			if (member(d, g, mode_name((enum probe_mode)m), json_type_object, false, &mo))
				return -1;
			snprintf(d->path, sizeof(d->path), "pmus[%zu].guest.%s", i,
				 mode_name((enum probe_mode)m));
			vcpu_state_clear(&p->guest[m].vcpu);
			if (read_mode(d, &p->guest[m], mo) || read_vcpu(d, &p->guest[m].vcpu, mo))
				return -1;
			if (no_vm || !modes[m]) {
				vcpu_state_clear(&p->guest[m].vcpu);
				memset(&p->guest[m], 0, sizeof(p->guest[m]));
			}
		}
		snprintf(d->path, sizeof(d->path), "pmus[%zu]", i);
		if (read_contract(d, &p->cobs, o))
			return -1;
		/* As live: no VM, no contract; the contract VMs come with strict. */
		if (no_vm || !modes[MODE_STRICT]) {
			memset(&p->cobs, 0, sizeof(p->cobs));
			if (!no_vm)
				snprintf(p->cobs.why, sizeof(p->cobs.why), "--mode legacy: the contract "
					 "is checked with strict mode");
		}
		p->probed = !no_vm;
	}
	return 0;
}

static int read_trail(struct rd *d, struct report *r, jobj *trail)
{
	size_t n = json_object_array_length(trail), len = 0;
	char *out = NULL;
	FILE *f;

	snprintf(d->path, sizeof(d->path), "trail");
	if (n > MAX_TRAIL_LINES)
		return bad(d, "more than %d lines", MAX_TRAIL_LINES);
	f = xopen_memstream(&out, &len);
	for (size_t i = 0; i < n; i++) {
		jobj *l = json_object_array_get_idx(trail, i);

		if (!json_object_is_type(l, json_type_string) ||
		    strchr(json_object_get_string(l), '\n')) {
			fclose(f);
			free(out);
			return bad(d, "line %zu is not a one-line string", i);
		}
		fprintf(f, "%s\n", json_object_get_string(l));
	}
	xmemstream_close(f, &out);
	free(r->replay.trail);
	r->replay.trail = out;
	return 0;
}

static int read_root(struct rd *d, struct report *r, jobj *root, const bool modes[MODE_N],
		     bool no_vm)
{
	jobj *v, *tool, *host, *kvm, *pmus, *trail;
	struct replay_info *ri = &r->replay;

	if (!json_object_is_type(root, json_type_object))
		return bad(d, "not a JSON object");
	if (member(d, root, "schema_version", json_type_int, false, &v))
		return -1;
	if (json_object_get_int64(v) < 1 || json_object_get_int64(v) > PROBE_RECORD_SCHEMA)
		return bad(d, "schema_version %lld; this kvm-pmu-info reads versions 1 to %d "
			   "(a newer release may read it)", (long long)json_object_get_int64(v),
			   PROBE_RECORD_SCHEMA);
	if (member(d, root, "tool", json_type_object, false, &tool) ||
	    str_member(d, tool, "version", false, ri->version, sizeof(ri->version)) ||
	    str_member(d, root, "captured_at", false, ri->captured_at, sizeof(ri->captured_at)) ||
	    member(d, root, "host", json_type_object, false, &host) ||
	    str_member(d, host, "nodename", true, ri->host, sizeof(ri->host)) ||
	    str_member(d, host, "release", true, ri->kernel, sizeof(ri->kernel)) ||
	    member(d, root, "kvm", json_type_object, false, &kvm) ||
	    member(d, root, "pmus", json_type_array, false, &pmus) ||
	    member(d, root, "trail", json_type_array, false, &trail))
		return -1;
	if (read_kvm(d, r, kvm) || read_pmus(d, r, pmus, modes, no_vm) || read_trail(d, r, trail))
		return -1;
	/* --replay --no-vm is the live --no-vm: the guests were left out on
	 * purpose, and the verdict's next step says so; no guest probed, no
	 * probe to time. */
	if (no_vm && r->kvm == KVM_OK)
		r->probe_skip = PROBE_SKIP_NO_VM;
	if (no_vm)
		nval_why(&r->probe_time_us, "no guest was probed (--no-vm)");
	ri->has_record = true;
	return 0;
}

int probe_record_read(struct report *r, const char *json, size_t len, const bool modes[MODE_N],
		      bool no_vm, char *err, size_t errlen)
{
	struct rd d = { .err = err, .errlen = errlen };
	char why[128];
	jobj *root;
	int ret;

	if (len > PROBE_TRAIL_MAX + (64u << 10) * 4 || memchr(json, '\0', len))
		return bad(&d, "too large, or holds a NUL byte");
	root = json_in_parse(json, len, 16, why, sizeof(why));
	if (!root)
		return bad(&d, "not valid JSON (%s)", why);
	ret = read_root(&d, r, root, modes, no_vm);
	json_object_put(root);
	return ret;
}
