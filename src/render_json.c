/* SPDX-License-Identifier: GPL-2.0-or-later */
/* render_json.c - JSON output (schema_version 2, see man page OUTPUT).
 *
 * Registers are hex strings because 64-bit values do not survive a double;
 * absent facts are null with the reason in the object's "reasons" map. */
#include "render.h"

#include <json.h>
#include <stdio.h>
#include <string.h>

#include "contract.h"
#include "cores.h"
#include "events.h"
#include "json_out.h"
#include "vcpu_json.h"
#include "vpmu_class.h"
#include "perf_predict.h"
#include "util.h"

typedef struct json_object jobj;

static void add_nstr(jobj *o, jobj *reasons, const char *key, const struct nstr *n)
{
	jadd(o, key, jstr(n->s));
	if (!n->s && reasons)
		jadd(reasons, key, jstr(n->why));
}

static jobj *virt_json(const struct virt_info *v)
{
	jobj *o = jobject();
	const char *src = virt_source_name(v->source);

	jadd(o, "vm", v->vm < 0 ? NULL : jbool(v->vm));
	jadd(o, "hypervisor", v->vm == 1 ? jstr(v->hypervisor) : NULL);
	jadd(o, "product", jstr(v->product.s));
	jadd(o, "source", src ? jstr(src) : NULL);
	jadd(o, "reason", jstr(v->why));
	return o;
}

static jobj *host_json(const struct report *r)
{
	jobj *h = jobject(), *reasons = jobject();
	jobj *cpus = jarray();

	add_nstr(h, reasons, "kernel", &r->kernel);
	add_nstr(h, reasons, "arch", &r->arch);
	jadd(h, "arm64", jbool(r->arm64));
	if (!r->arm64)
		jadd(reasons, "arm64", jstr(r->arm64_why));
	add_nstr(h, reasons, "cpus_online", &r->cpus_online);
	for (int i = 0; i < r->nmodels; i++) {
		const struct cpu_model *m = &r->models[i];
		jobj *c = jobject();

		jadd(c, "cpus", jstr(m->cpus));
		jadd(c, "midr_el1", m->has_midr ? jhex(m->midr) : NULL);
		jadd(c, "core_name", m->has_midr ? jstr(core_name(m->midr)) : NULL);
		jpush(cpus, c);
	}
	jadd(h, "cpu_models", cpus);
	jadd(h, "virtualization", virt_json(&r->virt));
	if (!r->arm64)
		jadd(reasons, "cpu_models", jstr("no MIDR_EL1: not an arm64 host"));
	jadd(h, "reasons", reasons);
	return h;
}

/* Only in a --replay: where the facts came from. */
static jobj *replay_json(const struct replay_info *ri)
{
	jobj *o = jobject();

	jadd(o, "file", jstr(ri->file));
	jadd(o, "probe_record", jbool(ri->has_record));
	jadd(o, "captured_at", ri->has_record ? jstr(ri->captured_at) : NULL);
	jadd(o, "host", ri->host[0] ? jstr(ri->host) : NULL);
	jadd(o, "kernel", ri->kernel[0] ? jstr(ri->kernel) : NULL);
	jadd(o, "captured_by", ri->has_record ? jstr(ri->version) : NULL);
	return o;
}

static jobj *kvm_json(const struct report *r)
{
	jobj *k = jobject(), *caps = jobject();

	jadd(k, "status", jstring(kvm_status_name(r->kvm)));
	jadd(k, "error", r->kvm == KVM_OK ? NULL : jstr(r->kvm_error));
	json_add_nval(k, NULL, "api_version", &r->kvm_api, JNV_INT);
	json_add_nval(caps, NULL, "arm_pmu_v3", &r->cap_pmu_v3, JNV_BOOL);
	json_add_nval(caps, NULL, "arm_pmu_v3_strict", &r->cap_pmu_v3_strict, JNV_BOOL);
	jadd(k, "capabilities", caps);
	jadd(k, "contract_not_checked",
			       r->contract_why[0] ? jstr(r->contract_why) : NULL);
	json_add_nval(k, NULL, "probe_time_us", &r->probe_time_us, JNV_INT);
	return k;
}

static jobj *events_json(const struct event *ev, int n)
{
	jobj *a = jarray();

	for (int i = 0; i < n; i++) {
		jobj *e = jobject();

		jadd(e, "code", jhex(ev[i].code));
		jadd(e, "name", jstr(ev[i].name));
		jadd(e, "source", ev[i].source == EVSRC_NONE ? NULL
				       : jstring(event_source_name(ev[i].source)));
		jadd(e, "description", jstr(ev[i].desc));
		jpush(a, e);
	}
	return a;
}

/* The answer per perf release range, each with the perf the rig ran. */
static jobj *perf_ranges_json(const struct perf_outcome *o)
{
	jobj *a = jarray();

	for (int i = 0; i < o->nranges; i++) {
		const struct perf_range *g = &o->ranges[i];
		jobj *e = jobject();

		jadd(e, "perf_versions", jstr(g->versions));
		jadd(e, "checked", jstr(g->checked));
		jadd(e, "topdown", jstring(perf_topdown_name(g->topdown)));
		jadd(e, "failure", jstr(g->failure));
		jpush(a, e);
	}
	return a;
}

/* TopdownL1's events against the counters; null when its events are
 * unknown (or it does not print). */
static jobj *perf_mux_json(const struct perf_outcome *o)
{
	jobj *m;

	if (!o->topdown_events)
		return NULL;
	m = jobject();
	jadd(m, "topdown_events", jint((int)o->topdown_events));
	jadd(m, "counters", o->counters ? jint((int)o->counters)
							  : NULL);
	jadd(m, "multiplexed", perf_multiplexed(o) ? jbool(1)
								     : NULL);
	return m;
}

static jobj *perf_json(const struct perf_outcome *o)
{
	jobj *p = jobject();

	jadd(p, "topdown", jstring(perf_topdown_name(o->topdown)));
	jadd(p, "perf_versions", jstring(o->versions ? o->versions
									    : PERF_VERSIONS));
	jadd(p, "reason", jstr(o->reason));
	jadd(p, "by_version", perf_ranges_json(o));
	jadd(p, "multiplexing", perf_mux_json(o));
	return p;
}

/* The known-core row of MIDR, or null with its reason in REASONS. */
static jobj *known_core_json(const struct nval *midr, jobj *reasons)
{
	const struct core_info *c = midr->set ? core_lookup(midr->v) : NULL;
	const struct perf_map *map = midr->set ? perf_map_lookup(midr->v) : NULL;
	static const char *const metrics[] = {
		[PM_NONE] = "none", [PM_SLOTS] = "topdown_slots", [PM_FIXED] = "topdown_fixed",
		[PM_OUTSIDE] = "topdown_not_default",
	};
	char why[WHY_MAX];
	jobj *o;

	if (!c) {
		if (midr->set)
			core_unknown_why(midr->v, why, sizeof(why));
		else
			why_set(why, sizeof(why), "MIDR_EL1 unknown");
		jadd(reasons, "known_core", jstr(why));
		return NULL;
	}
	o = jobject();
	jadd(o, "name", jstr(c->name));
	jadd(o, "pmuver", c->pmuver ? jint((int)c->pmuver) : NULL);
	jadd(o, "pmu_version", c->pmuver ? jstr(pmuver_name(c->pmuver)) : NULL);
	jadd(o, "documented_slots", c->slots ? jint((int)c->slots)
							       : NULL);
	jadd(o, "libpfm4_model", jstr(c->pfm_model));
	jadd(o, "perf_metric_dir", map ? jstr(map->dir) : NULL);
	jadd(o, "perf_default_metrics",
			       jstring(map ? metrics[map->metrics] : "no_table"));
	return o;
}

static jobj *mode_json(const struct guest_view *g)
{
	jobj *m = jobject(), *regs, *undef, *user;
	char cls[VPMU_CLASS_LEN + 1];
	unsigned slots;
	bool ran = g->status == MODE_OK;

	jadd(m, "status", jstring(mode_status_name(g->status)));
	jadd(m, "error", g->error[0] ? jstr(g->error) : NULL);
	jadd(m, "failed_step", g->step ? jstr(probe_steps[g->step].label) : NULL);
	jadd(m, "errno", jerrno(g->err));
	jadd(m, "perf", perf_json(&g->perf));
	if (!ran)
		return m;

	regs = jobject();
	undef = jobject();
	for (int i = 0; i < GREG_N; i++) {
		const char *name = guest_reg_name((enum guest_reg)i);

		jadd(regs, name, g->read[i] && !g->undef[i] ? jhex(g->reg[i]) : NULL);
		if (g->undef[i])
			jadd(undef, name, jhex(g->esr[i]));
	}
	jadd(m, "registers", regs);
	jadd(m, "core_name", g->read[GREG_MIDR] && !g->undef[GREG_MIDR]
			       ? jstr(core_name(g->reg[GREG_MIDR])) : NULL);
	jadd(m, "undef", undef);
	jadd(m, "pmuver", jint((int)guest_pmuver(g)));
	jadd(m, "counters", jint((int)guest_counters(g)));
	jadd(m, "slots", guest_read_slots(g, &slots)
				   ? jint((int)slots) : NULL);
	jadd(m, "pmmir_readable", jbool(guest_pmmir_readable(g)));
	jadd(m, "stall_slot_events",
			       jbool(guest_stall_slot_events(g)));
	user = jobject();
	json_add_nval(user, NULL, "pmmir_el1", &g->user_pmmir, JNV_HEX);
	jadd(user, "pmmir_in_reg_list",
			       g->reg_list_ok ? jbool(g->pmmir_in_list) : NULL);
	jadd(m, "userspace", user);
	jadd(m, "time_us", jint((int64_t)g->time_us));
	jadd(m, "events", events_json(g->events, g->nevents));
	jadd(m, "missing_host_events", events_json(g->missing, g->nmissing));
	jadd(m, "vcpu", vcpu_json(&g->vcpu, "no vCPU state was kept"));
	jadd(m, "vpmu_class", vpmu_class(g, cls) ? jstr(cls) : NULL);
	return m;
}

/* What the core is documented to have, for a VM to compare its vPMU with. */
static jobj *expected_json(const struct vpmu_view *v, jobj *reasons)
{
	jobj *o;

	if (!v->known) {
		jadd(reasons, "expected", jstr(v->why));
		return NULL;
	}
	o = jobject();
	jadd(o, "core", jstr(v->core));
	jadd(o, "pmu_version", v->pmuver ? jstr(pmuver_name(v->pmuver)) : NULL);
	jadd(o, "slots", v->slots ? jint((int)v->slots) : NULL);
	return o;
}

/* One ioctl of the contract as KVM answered it; null when not made. */
static jobj *call_json(const struct contract_obs *o, enum contract_call c)
{
	const struct kvm_call *k = &o->call[c];
	jobj *j;
	char label[96];

	if (!k->made)
		return NULL;
	j = jobject();
	contract_call_label(c, k->arg, label, sizeof(label));
	jadd(j, "ioctl", jstr(label));
	jadd(j, "ret", jint(k->ret));
	jadd(j, "errno", k->ret < 0 ? jstring(errno_name(k->err))
			       : NULL);
	jadd(j, "read_back", k->back.set ? jhex(k->back.v) : NULL);
	return j;
}

static jobj *contract_json(const struct pmu *p, jobj *reasons)
{
	const struct contract *c = &p->contract;
	const struct guest_view *l = &p->guest[MODE_LEGACY];
	jobj *o, *checks, *legacy;

	if (!c->checked) {
		jadd(reasons, "contract", jstr(c->why));
		return NULL;
	}
	o = jobject();
	checks = jarray();
	legacy = jobject();
	jadd(o, "state", jstring(contract_state(c)));
	jadd(o, "kept", jint(c->kept));
	jadd(o, "broken", jint(c->broken));
	for (int i = 0; i < CC_N; i++) {
		const struct check_verdict *v = &c->check[i];
		jobj *k = jobject();

		jadd(k, "id", jstring(
					       contract_check_name((enum contract_check)i)));
		jadd(k, "promise", jstring(
					       contract_promise((enum contract_check)i)));
		jadd(k, "result", jstring(
					       check_result_name(v->result)));
		jadd(k, "evidence", v->evidence[0] ? jstr(v->evidence) : NULL);
		jadd(k, "reason", v->reason[0] ? jstr(v->reason) : NULL);
		jpush(checks, k);
	}
	jadd(o, "checks", checks);
	/* The legacy vCPU's side: facts for migration, not promises. */
	jadd(legacy, "pmmir_in_reg_list", l->reg_list_ok
			       ? jbool(l->pmmir_in_list) : NULL);
	jadd(legacy, "set_pmmir_zero", call_json(&p->cobs, CALL_LEGACY_ZERO));
	jadd(legacy, "set_pmmir_host_slots",
			       call_json(&p->cobs, CALL_LEGACY_SLOTS));
	jadd(o, "legacy", legacy);
	return o;
}

static jobj *pmu_json(const struct pmu *p)
{
	jobj *o = jobject(), *reasons = jobject();
	jobj *caps = jobject(), *raw = jobject();
	jobj *ev = jobject(), *names;

	jadd(o, "name", jstr(p->name));
	json_add_nval(o, reasons, "type", &p->type, JNV_INT);
	add_nstr(o, reasons, "cpus", &p->cpus);
	jadd(o, "core", jbool(p->core));
	jadd(reasons, "core", jstr(p->core_why));
	json_add_nval(o, reasons, "midr_el1", &p->midr, JNV_HEX);
	if (p->core)
		jadd(o, "known_core", known_core_json(&p->midr, reasons));
	json_add_nval(caps, reasons, "slots", &p->slots, JNV_INT);
	json_add_nval(caps, reasons, "bus_slots", &p->bus_slots, JNV_INT);
	json_add_nval(caps, reasons, "bus_width", &p->bus_width, JNV_INT);
	jadd(o, "caps", caps);
	add_nstr(raw, NULL, "slots", &p->slots_raw);
	add_nstr(raw, NULL, "bus_slots", &p->bus_slots_raw);
	add_nstr(raw, NULL, "bus_width", &p->bus_width_raw);
	jadd(o, "caps_raw", raw);
	if (p->nevents >= 0) {
		names = jarray();
		for (int i = 0; i < p->nevents; i++)
			jpush(names, jstr(p->events[i]));
		jadd(ev, "count", jint(p->nevents));
		jadd(ev, "names", names);
	} else {
		jadd(ev, "count", NULL);
		jadd(ev, "names", NULL);
		jadd(reasons, "events", jstr(p->events_why));
	}
	jadd(o, "events", ev);
	if (p->core) {
		jadd(o, "stall_slot_events", p->vpmu.stall_slot_events < 0 ? NULL
				       : jbool(p->vpmu.stall_slot_events));
		jadd(o, "expected", expected_json(&p->vpmu, reasons));
		jadd(o, "perf", perf_json(&p->perf));
		jadd(o, "contract", contract_json(p, reasons));
	}
	jadd(o, "reasons", reasons);
	if (p->probed) {
		jobj *g = jobject();

		for (int m = 0; m < MODE_N; m++)
			jadd(g, mode_name((enum probe_mode)m), mode_json(&p->guest[m]));
		jadd(o, "guest", g);
	} else {
		jadd(o, "guest", NULL);
	}
	return o;
}

static jobj *tristate(int v)
{
	return v < 0 ? NULL : jbool(v);
}

static jobj *next_step_json(const struct next_step *n)
{
	jobj *o = jobject();

	jadd(o, "layer", jstring(step_layer_name(n->layer)));
	jadd(o, "action", jstr(n->action));
	return o;
}

static jobj *verdict_json(const struct verdict *v)
{
	jobj *o = jobject();

	jadd(o, "code", jstring(verdict_code_name(v->code)));
	jadd(o, "strict_guests_see_host_slots", tristate(v->strict_sees));
	jadd(o, "default_guests_see_host_slots", tristate(v->default_sees));
	jadd(o, "needs_vmm_change", tristate(v->needs_vmm));
	/* Deprecated in schema_version 2 (it meant the strict answer). */
	jadd(o, "guest_sees_host_slots", tristate(v->strict_sees));
	jadd(o, "summary", jstr(v->text));
	jadd(o, "next_step", next_step_json(&v->next));
	return o;
}

/* A core PMU's verdict, or null with the reason when no PMU was judged
 * (no KVM: the host verdict says why). */
static jobj *pmu_verdict_json(const struct report *r, const struct pmu *pm, jobj *pmu)
{
	jobj *reasons;

	if (pm->verdict.text[0])
		return verdict_json(&pm->verdict);
	if (json_object_object_get_ex(pmu, "reasons", &reasons))
		jadd(reasons, "verdict", jstr(r->kvm == KVM_OK ? r->verdict.text
								 : r->kvm_error));
	return NULL;
}

/* A verdict without the host's answers: the VM's, the default guests'. */
static jobj *short_verdict_json(const struct verdict *v)
{
	jobj *o = jobject();

	jadd(o, "code", jstring(verdict_code_name(v->code)));
	jadd(o, "summary", jstr(v->text));
	jadd(o, "next_step", next_step_json(&v->next));
	return o;
}

int render_json(const struct report *r, FILE *out, bool pretty)
{
	jobj *root = jobject(), *tool = jobject();
	jobj *pmus = jarray(), *probs = jarray();

	jadd(root, "schema_version", jint(SCHEMA_VERSION));
	jadd(tool, "name", jstring(PACKAGE_NAME));
	jadd(tool, "version", jstring(PACKAGE_VERSION));
	jadd(root, "tool", tool);
	if (r->replay.on)
		jadd(root, "replay", replay_json(&r->replay));
	jadd(root, "host", host_json(r));
	jadd(root, "kvm", kvm_json(r));
	for (int i = 0; i < r->npmus; i++) {
		jobj *p = pmu_json(&r->pmus[i]);

		if (r->analysed && r->pmus[i].core)
			jadd(p, "verdict", pmu_verdict_json(r, &r->pmus[i], p));
		jpush(pmus, p);
	}
	jadd(root, "pmus", pmus);
	{
		jobj *v = verdict_json(&r->verdict);

		jadd(v, "heterogeneous",
				       r->heterogeneous[0] ? jstr(r->heterogeneous) : NULL);
		jadd(root, "verdict", v);
	}
	jadd(root, "default_verdict", r->default_verdict.text[0]
	     ? short_verdict_json(&r->default_verdict) : NULL);
	jadd(root, "vm_verdict", r->vm_verdict_applies ? short_verdict_json(&r->vm_verdict) : NULL);
	for (int i = 0; i < r->nproblems; i++) {
		jobj *p = jobject();

		jadd(p, "path", jstr(r->problems[i].path));
		jadd(p, "problem", jstr(r->problems[i].what));
		jpush(probs, p);
	}
	jadd(root, "problems", probs);
	return json_emit(out, root, pretty);
}
