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
#include "perf_predict.h"
#include "util.h"

typedef struct json_object jobj;

static void add_nstr(jobj *o, jobj *reasons, const char *key, const struct nstr *n)
{
	json_object_object_add(o, key, jstr(n->s));
	if (!n->s && reasons)
		json_object_object_add(reasons, key, jstr(n->why));
}

static jobj *virt_json(const struct virt_info *v)
{
	jobj *o = json_object_new_object();
	const char *src = virt_source_name(v->source);

	json_object_object_add(o, "vm", v->vm < 0 ? NULL : json_object_new_boolean(v->vm));
	json_object_object_add(o, "hypervisor", v->vm == 1 ? jstr(v->hypervisor) : NULL);
	json_object_object_add(o, "product", jstr(v->product.s));
	json_object_object_add(o, "source", src ? jstr(src) : NULL);
	json_object_object_add(o, "reason", jstr(v->why));
	return o;
}

static jobj *host_json(const struct report *r)
{
	jobj *h = json_object_new_object(), *reasons = json_object_new_object();
	jobj *cpus = json_object_new_array();

	add_nstr(h, reasons, "kernel", &r->kernel);
	add_nstr(h, reasons, "arch", &r->arch);
	json_object_object_add(h, "arm64", json_object_new_boolean(r->arm64));
	if (!r->arm64)
		json_object_object_add(reasons, "arm64", jstr(r->arm64_why));
	add_nstr(h, reasons, "cpus_online", &r->cpus_online);
	for (int i = 0; i < r->nmodels; i++) {
		const struct cpu_model *m = &r->models[i];
		jobj *c = json_object_new_object();

		json_object_object_add(c, "cpus", jstr(m->cpus));
		json_object_object_add(c, "midr_el1", m->has_midr ? jhex(m->midr) : NULL);
		json_object_object_add(c, "core_name", m->has_midr ? jstr(core_name(m->midr)) : NULL);
		json_object_array_add(cpus, c);
	}
	json_object_object_add(h, "cpu_models", cpus);
	json_object_object_add(h, "virtualization", virt_json(&r->virt));
	if (!r->arm64)
		json_object_object_add(reasons, "cpu_models", jstr("no MIDR_EL1: not an arm64 host"));
	json_object_object_add(h, "reasons", reasons);
	return h;
}

/* Only in a --replay: where the facts came from. */
static jobj *replay_json(const struct replay_info *ri)
{
	jobj *o = json_object_new_object();

	json_object_object_add(o, "file", jstr(ri->file));
	json_object_object_add(o, "probe_record", json_object_new_boolean(ri->has_record));
	json_object_object_add(o, "captured_at", ri->has_record ? jstr(ri->captured_at) : NULL);
	json_object_object_add(o, "host", ri->host[0] ? jstr(ri->host) : NULL);
	json_object_object_add(o, "kernel", ri->kernel[0] ? jstr(ri->kernel) : NULL);
	json_object_object_add(o, "captured_by", ri->has_record ? jstr(ri->version) : NULL);
	return o;
}

static jobj *kvm_json(const struct report *r)
{
	jobj *k = json_object_new_object(), *caps = json_object_new_object();

	json_object_object_add(k, "status", json_object_new_string(kvm_status_name(r->kvm)));
	json_object_object_add(k, "error", r->kvm == KVM_OK ? NULL : jstr(r->kvm_error));
	json_add_nval(k, NULL, "api_version", &r->kvm_api, JNV_INT);
	json_add_nval(caps, NULL, "arm_pmu_v3", &r->cap_pmu_v3, JNV_BOOL);
	json_add_nval(caps, NULL, "arm_pmu_v3_strict", &r->cap_pmu_v3_strict, JNV_BOOL);
	json_object_object_add(k, "capabilities", caps);
	json_object_object_add(k, "contract_not_checked",
			       r->contract_why[0] ? jstr(r->contract_why) : NULL);
	json_add_nval(k, NULL, "probe_time_us", &r->probe_time_us, JNV_INT);
	return k;
}

static jobj *events_json(const struct event *ev, int n)
{
	jobj *a = json_object_new_array();

	for (int i = 0; i < n; i++) {
		jobj *e = json_object_new_object();

		json_object_object_add(e, "code", jhex(ev[i].code));
		json_object_object_add(e, "name", jstr(ev[i].name));
		json_object_object_add(e, "source", ev[i].source == EVSRC_NONE ? NULL
				       : json_object_new_string(event_source_name(ev[i].source)));
		json_object_object_add(e, "description", jstr(ev[i].desc));
		json_object_array_add(a, e);
	}
	return a;
}

/* The answer per perf release range, each with the perf the rig ran. */
static jobj *perf_ranges_json(const struct perf_outcome *o)
{
	jobj *a = json_object_new_array();

	for (int i = 0; i < o->nranges; i++) {
		const struct perf_range *g = &o->ranges[i];
		jobj *e = json_object_new_object();

		json_object_object_add(e, "perf_versions", jstr(g->versions));
		json_object_object_add(e, "checked", jstr(g->checked));
		json_object_object_add(e, "topdown", json_object_new_string(perf_topdown_name(g->topdown)));
		json_object_object_add(e, "failure", jstr(g->failure));
		json_object_array_add(a, e);
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
	m = json_object_new_object();
	json_object_object_add(m, "topdown_events", json_object_new_int((int)o->topdown_events));
	json_object_object_add(m, "counters", o->counters ? json_object_new_int((int)o->counters)
							  : NULL);
	json_object_object_add(m, "multiplexed", perf_multiplexed(o) ? json_object_new_boolean(1)
								     : NULL);
	return m;
}

static jobj *perf_json(const struct perf_outcome *o)
{
	jobj *p = json_object_new_object();

	json_object_object_add(p, "topdown", json_object_new_string(perf_topdown_name(o->topdown)));
	json_object_object_add(p, "perf_versions", json_object_new_string(o->versions ? o->versions
									    : PERF_VERSIONS));
	json_object_object_add(p, "reason", jstr(o->reason));
	json_object_object_add(p, "by_version", perf_ranges_json(o));
	json_object_object_add(p, "multiplexing", perf_mux_json(o));
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
		json_object_object_add(reasons, "known_core", jstr(why));
		return NULL;
	}
	o = json_object_new_object();
	json_object_object_add(o, "name", jstr(c->name));
	json_object_object_add(o, "pmuver", c->pmuver ? json_object_new_int((int)c->pmuver) : NULL);
	json_object_object_add(o, "pmu_version", c->pmuver ? jstr(pmuver_name(c->pmuver)) : NULL);
	json_object_object_add(o, "documented_slots", c->slots ? json_object_new_int((int)c->slots)
							       : NULL);
	json_object_object_add(o, "libpfm4_model", jstr(c->pfm_model));
	json_object_object_add(o, "perf_metric_dir", map ? jstr(map->dir) : NULL);
	json_object_object_add(o, "perf_default_metrics",
			       json_object_new_string(map ? metrics[map->metrics] : "no_table"));
	return o;
}

static jobj *mode_json(const struct guest_view *g)
{
	jobj *m = json_object_new_object(), *regs, *undef, *user;
	unsigned slots;
	bool ran = g->status == MODE_OK;

	json_object_object_add(m, "status", json_object_new_string(mode_status_name(g->status)));
	json_object_object_add(m, "error", g->error[0] ? jstr(g->error) : NULL);
	json_object_object_add(m, "failed_step", g->step ? jstr(probe_steps[g->step].label) : NULL);
	json_object_object_add(m, "errno", jerrno(g->err));
	json_object_object_add(m, "perf", perf_json(&g->perf));
	if (!ran)
		return m;

	regs = json_object_new_object();
	undef = json_object_new_object();
	for (int i = 0; i < GREG_N; i++) {
		const char *name = guest_reg_name((enum guest_reg)i);

		json_object_object_add(regs, name, g->read[i] && !g->undef[i] ? jhex(g->reg[i]) : NULL);
		if (g->undef[i])
			json_object_object_add(undef, name, jhex(g->esr[i]));
	}
	json_object_object_add(m, "registers", regs);
	json_object_object_add(m, "core_name", g->read[GREG_MIDR] && !g->undef[GREG_MIDR]
			       ? jstr(core_name(g->reg[GREG_MIDR])) : NULL);
	json_object_object_add(m, "undef", undef);
	json_object_object_add(m, "pmuver", json_object_new_int((int)guest_pmuver(g)));
	json_object_object_add(m, "counters", json_object_new_int((int)guest_counters(g)));
	json_object_object_add(m, "slots", guest_read_slots(g, &slots)
				   ? json_object_new_int((int)slots) : NULL);
	json_object_object_add(m, "pmmir_readable", json_object_new_boolean(guest_pmmir_readable(g)));
	json_object_object_add(m, "stall_slot_events",
			       json_object_new_boolean(guest_stall_slot_events(g)));
	user = json_object_new_object();
	json_add_nval(user, NULL, "pmmir_el1", &g->user_pmmir, JNV_HEX);
	json_object_object_add(user, "pmmir_in_reg_list",
			       g->reg_list_ok ? json_object_new_boolean(g->pmmir_in_list) : NULL);
	json_object_object_add(m, "userspace", user);
	json_object_object_add(m, "time_us", json_object_new_int64((int64_t)g->time_us));
	json_object_object_add(m, "events", events_json(g->events, g->nevents));
	json_object_object_add(m, "missing_host_events", events_json(g->missing, g->nmissing));
	return m;
}

/* What the core is documented to have, for a VM to compare its vPMU with. */
static jobj *expected_json(const struct vpmu_view *v, jobj *reasons)
{
	jobj *o;

	if (!v->known) {
		json_object_object_add(reasons, "expected", jstr(v->why));
		return NULL;
	}
	o = json_object_new_object();
	json_object_object_add(o, "core", jstr(v->core));
	json_object_object_add(o, "pmu_version", v->pmuver ? jstr(pmuver_name(v->pmuver)) : NULL);
	json_object_object_add(o, "slots", v->slots ? json_object_new_int((int)v->slots) : NULL);
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
	j = json_object_new_object();
	contract_call_label(c, k->arg, label, sizeof(label));
	json_object_object_add(j, "ioctl", jstr(label));
	json_object_object_add(j, "ret", json_object_new_int(k->ret));
	json_object_object_add(j, "errno", k->ret < 0 ? json_object_new_string(errno_name(k->err))
			       : NULL);
	json_object_object_add(j, "read_back", k->back.set ? jhex(k->back.v) : NULL);
	return j;
}

static jobj *contract_json(const struct pmu *p, jobj *reasons)
{
	const struct contract *c = &p->contract;
	const struct guest_view *l = &p->guest[MODE_LEGACY];
	jobj *o, *checks, *legacy;

	if (!c->checked) {
		json_object_object_add(reasons, "contract", jstr(c->why));
		return NULL;
	}
	o = json_object_new_object();
	checks = json_object_new_array();
	legacy = json_object_new_object();
	json_object_object_add(o, "state", json_object_new_string(contract_state(c)));
	json_object_object_add(o, "kept", json_object_new_int(c->kept));
	json_object_object_add(o, "broken", json_object_new_int(c->broken));
	for (int i = 0; i < CC_N; i++) {
		const struct check_verdict *v = &c->check[i];
		jobj *k = json_object_new_object();

		json_object_object_add(k, "id", json_object_new_string(
					       contract_check_name((enum contract_check)i)));
		json_object_object_add(k, "promise", json_object_new_string(
					       contract_promise((enum contract_check)i)));
		json_object_object_add(k, "result", json_object_new_string(
					       check_result_name(v->result)));
		json_object_object_add(k, "evidence", v->evidence[0] ? jstr(v->evidence) : NULL);
		json_object_object_add(k, "reason", v->reason[0] ? jstr(v->reason) : NULL);
		json_object_array_add(checks, k);
	}
	json_object_object_add(o, "checks", checks);
	/* The legacy vCPU's side: facts for migration, not promises. */
	json_object_object_add(legacy, "pmmir_in_reg_list", l->reg_list_ok
			       ? json_object_new_boolean(l->pmmir_in_list) : NULL);
	json_object_object_add(legacy, "set_pmmir_zero", call_json(&p->cobs, CALL_LEGACY_ZERO));
	json_object_object_add(legacy, "set_pmmir_host_slots",
			       call_json(&p->cobs, CALL_LEGACY_SLOTS));
	json_object_object_add(o, "legacy", legacy);
	return o;
}

static jobj *pmu_json(const struct pmu *p)
{
	jobj *o = json_object_new_object(), *reasons = json_object_new_object();
	jobj *caps = json_object_new_object(), *raw = json_object_new_object();
	jobj *ev = json_object_new_object(), *names;

	json_object_object_add(o, "name", jstr(p->name));
	json_add_nval(o, reasons, "type", &p->type, JNV_INT);
	add_nstr(o, reasons, "cpus", &p->cpus);
	json_object_object_add(o, "core", json_object_new_boolean(p->core));
	json_object_object_add(reasons, "core", jstr(p->core_why));
	json_add_nval(o, reasons, "midr_el1", &p->midr, JNV_HEX);
	if (p->core)
		json_object_object_add(o, "known_core", known_core_json(&p->midr, reasons));
	json_add_nval(caps, reasons, "slots", &p->slots, JNV_INT);
	json_add_nval(caps, reasons, "bus_slots", &p->bus_slots, JNV_INT);
	json_add_nval(caps, reasons, "bus_width", &p->bus_width, JNV_INT);
	json_object_object_add(o, "caps", caps);
	add_nstr(raw, NULL, "slots", &p->slots_raw);
	add_nstr(raw, NULL, "bus_slots", &p->bus_slots_raw);
	add_nstr(raw, NULL, "bus_width", &p->bus_width_raw);
	json_object_object_add(o, "caps_raw", raw);
	if (p->nevents >= 0) {
		names = json_object_new_array();
		for (int i = 0; i < p->nevents; i++)
			json_object_array_add(names, jstr(p->events[i]));
		json_object_object_add(ev, "count", json_object_new_int(p->nevents));
		json_object_object_add(ev, "names", names);
	} else {
		json_object_object_add(ev, "count", NULL);
		json_object_object_add(ev, "names", NULL);
		json_object_object_add(reasons, "events", jstr(p->events_why));
	}
	json_object_object_add(o, "events", ev);
	if (p->core) {
		json_object_object_add(o, "stall_slot_events", p->vpmu.stall_slot_events < 0 ? NULL
				       : json_object_new_boolean(p->vpmu.stall_slot_events));
		json_object_object_add(o, "expected", expected_json(&p->vpmu, reasons));
		json_object_object_add(o, "perf", perf_json(&p->perf));
		json_object_object_add(o, "contract", contract_json(p, reasons));
	}
	json_object_object_add(o, "reasons", reasons);
	if (p->probed) {
		jobj *g = json_object_new_object();

		for (int m = 0; m < MODE_N; m++)
			json_object_object_add(g, mode_name((enum probe_mode)m), mode_json(&p->guest[m]));
		json_object_object_add(o, "guest", g);
	} else {
		json_object_object_add(o, "guest", NULL);
	}
	return o;
}

static jobj *tristate(int v)
{
	return v < 0 ? NULL : json_object_new_boolean(v);
}

static jobj *next_step_json(const struct next_step *n)
{
	jobj *o = json_object_new_object();

	json_object_object_add(o, "layer", json_object_new_string(step_layer_name(n->layer)));
	json_object_object_add(o, "action", jstr(n->action));
	return o;
}

static jobj *verdict_json(const struct verdict *v)
{
	jobj *o = json_object_new_object();

	json_object_object_add(o, "code", json_object_new_string(verdict_code_name(v->code)));
	json_object_object_add(o, "strict_guests_see_host_slots", tristate(v->strict_sees));
	json_object_object_add(o, "default_guests_see_host_slots", tristate(v->default_sees));
	json_object_object_add(o, "needs_vmm_change", tristate(v->needs_vmm));
	/* Deprecated in schema_version 2 (it meant the strict answer). */
	json_object_object_add(o, "guest_sees_host_slots", tristate(v->strict_sees));
	json_object_object_add(o, "summary", jstr(v->text));
	json_object_object_add(o, "next_step", next_step_json(&v->next));
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
		json_object_object_add(reasons, "verdict", jstr(r->kvm == KVM_OK ? r->verdict.text
								 : r->kvm_error));
	return NULL;
}

/* A verdict without the host's answers: the VM's, the default guests'. */
static jobj *short_verdict_json(const struct verdict *v)
{
	jobj *o = json_object_new_object();

	json_object_object_add(o, "code", json_object_new_string(verdict_code_name(v->code)));
	json_object_object_add(o, "summary", jstr(v->text));
	json_object_object_add(o, "next_step", next_step_json(&v->next));
	return o;
}

int render_json(const struct report *r, FILE *out, bool pretty)
{
	jobj *root = json_object_new_object(), *tool = json_object_new_object();
	jobj *pmus = json_object_new_array(), *probs = json_object_new_array();
	int flags = pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED : JSON_C_TO_STRING_PLAIN;
	int ret = 0;

	json_object_object_add(root, "schema_version", json_object_new_int(SCHEMA_VERSION));
	json_object_object_add(tool, "name", json_object_new_string(PACKAGE_NAME));
	json_object_object_add(tool, "version", json_object_new_string(PACKAGE_VERSION));
	json_object_object_add(root, "tool", tool);
	if (r->replay.on)
		json_object_object_add(root, "replay", replay_json(&r->replay));
	json_object_object_add(root, "host", host_json(r));
	json_object_object_add(root, "kvm", kvm_json(r));
	for (int i = 0; i < r->npmus; i++) {
		jobj *p = pmu_json(&r->pmus[i]);

		if (r->analysed && r->pmus[i].core)
			json_object_object_add(p, "verdict", pmu_verdict_json(r, &r->pmus[i], p));
		json_object_array_add(pmus, p);
	}
	json_object_object_add(root, "pmus", pmus);
	{
		jobj *v = verdict_json(&r->verdict);

		json_object_object_add(v, "heterogeneous",
				       r->heterogeneous[0] ? jstr(r->heterogeneous) : NULL);
		json_object_object_add(root, "verdict", v);
	}
	json_object_object_add(root, "default_verdict", r->default_verdict.text[0]
			       ? short_verdict_json(&r->default_verdict) : NULL);
	json_object_object_add(root, "vm_verdict", r->vm_verdict_applies
			       ? short_verdict_json(&r->vm_verdict) : NULL);
	for (int i = 0; i < r->nproblems; i++) {
		jobj *p = json_object_new_object();

		json_object_object_add(p, "path", jstr(r->problems[i].path));
		json_object_object_add(p, "problem", jstr(r->problems[i].what));
		json_object_array_add(probs, p);
	}
	json_object_object_add(root, "problems", probs);
	if (fprintf(out, "%s\n", json_object_to_json_string_ext(root, flags | JSON_C_TO_STRING_NOSLASHESCAPE)) < 0)
		ret = -1;
	json_object_put(root);
	return ret;
}
