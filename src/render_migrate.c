/* SPDX-License-Identifier: GPL-2.0-or-later */
/* render_migrate.c - the migration answer as text and as JSON
 * (schema/migration.schema.json).  Reads the answer only. */
#include "render_migrate.h"

#include <json.h>
#include <stdio.h>
#include <string.h>

#include "events.h"
#include "json_out.h"
#include "render.h"
#include "sysreg.h"
#include "utf8.h"
#include "util.h"

typedef struct json_object jobj;

#define MIGRATION_SCHEMA_VERSION 1

static const char *const change_kinds[] = {
	[CHG_COUNTERS] = "counters", [CHG_PMUVER] = "pmuver", [CHG_EVENT_LOST] = "event_lost",
};

static const char *evidence(const struct migration *m)
{
	return m->predicted ? "PREDICTED from two reports: no KVM was asked"
			    : "measured: what this host's KVM answered to the source's vCPU";
}

/* ---- JSON ---- */

static jobj *reg_names(const uint64_t *ids, int n)
{
	jobj *a = jarray();
	char name[32];

	for (int i = 0; i < n; i++) {
		sysreg_name(ids[i], name, sizeof(name));
		jpush(a, jstring(name));
	}
	return a;
}

static jobj *change_json(const struct mig_change *c)
{
	jobj *o = jobject();
	const char *name;

	jadd(o, "kind", jstring(change_kinds[c->kind]));
	if (c->kind == CHG_EVENT_LOST) {
		name = arch_event_name(c->from);
		jadd(o, "code", jhex(c->from));
		jadd(o, "name", name ? jstring(name) : NULL);
		return o;
	}
	jadd(o, "from", jint((int)c->from));
	jadd(o, "to", jint((int)c->to));
	return o;
}

static jobj *mode_json(const struct mig_mode *a, bool predicted)
{
	jobj *o = jobject(), *ch = jarray();

	jadd(o, "answer", jstring(mig_answer_name(a->answer)));
	jadd(o, "reason", jstr(a->reason));
	jadd(o, "ioctl", a->ioctl[0] ? jstr(a->ioctl) : NULL);
	jadd(o, "errno", a->ioctl[0] ? jstring(errno_name(a->err))
			       : NULL);
	for (int i = 0; i < a->nchanges; i++)
		jpush(ch, change_json(&a->changes[i]));
	jadd(o, "changes", ch);
	jadd(o, "unknown_pmu_registers", reg_names(a->unknown, a->nunknown));
	jadd(o, "unknown_other_registers",
			       reg_names(a->other_unknown, a->nother));
	jadd(o, "time_us", predicted ? NULL
			       : jint((int64_t)a->time_us));
	return o;
}

static jobj *side_json(const char *file, const char *kernel)
{
	jobj *o = jobject();

	jadd(o, "report", file[0] ? jstr(file) : NULL);
	jadd(o, "kernel", kernel[0] ? jstr(kernel) : NULL);
	return o;
}

int render_migration_json(const struct migration *m, FILE *out, bool pretty)
{
	jobj *root = jobject(), *tool = jobject();
	jobj *mg = jobject(), *pmus = jarray(), *chk;
	int status = mig_check_status(m);

	jadd(root, "schema_version", jint(MIGRATION_SCHEMA_VERSION));
	jadd(tool, "name", jstring(PACKAGE_NAME));
	jadd(tool, "version", jstring(PACKAGE_VERSION));
	jadd(root, "tool", tool);
	jadd(mg, "predicted", jbool(m->predicted));
	jadd(mg, "evidence", jstring(evidence(m)));
	jadd(mg, "source", side_json(m->source, m->src_kernel));
	jadd(mg, "destination", side_json(m->dest, m->dst_kernel));
	jadd(mg, "why", m->why[0] ? jstr(m->why) : NULL);
	for (int i = 0; i < m->npmus; i++) {
		const struct mig_pmu *p = &m->pmus[i];
		jobj *o = jobject(), *modes = jobject();

		jadd(o, "name", jstr(p->name));
		jadd(o, "midr_el1", p->midr.set ? jhex(p->midr.v) : NULL);
		jadd(o, "destination_pmu", jstr(p->dest));
		for (int k = 0; k < MODE_N; k++)
			jadd(modes, mode_name((enum probe_mode)k),
					       mode_json(&p->mode[k], m->predicted));
		jadd(o, "modes", modes);
		jpush(pmus, o);
	}
	jadd(mg, "pmus", pmus);
	chk = jobject();
	for (int v = 0; v < V_N; v++)
		if (verdict_info((enum verdict_code)v)->scope == VSCOPE_MIGRATION &&
		    verdict_info((enum verdict_code)v)->check == status)
			jadd(chk, "answer", jstring(verdict_info((enum verdict_code)v)->name));
	jadd(chk, "status", jint(status));
	jadd(mg, "check", chk);
	jadd(root, "migration", mg);
	/* json_out's printer, not json-c's: that one drops text silently
	 * when its buffer cannot grow */
	return json_emit(out, root, pretty);
}

/* ---- text ---- */

/* "WHAT KVM does not know NOTE (N): NAME...": KVM is this host's, or for
 * --compare, which asks none, the destination's. */
static void put_regs(FILE *out, const char *what, const char *kvm, const char *note,
		     const uint64_t *ids, int n)
{
	char name[32];

	if (!n)
		return;
	fprintf(out, "      %s %s does not know%s (%d):", what, kvm, note, n);
	for (int i = 0; i < n; i++) {
		sysreg_name(ids[i], name, sizeof(name));
		fprintf(out, " %s", name);
	}
	fputc('\n', out);
}

static void put_changes(FILE *out, const struct mig_mode *a)
{
	if (!a->nchanges)
		return;
	fputs("      changes:", out);
	for (int i = 0; i < a->nchanges; i++) {
		const struct mig_change *c = &a->changes[i];
		const char *name = c->kind == CHG_EVENT_LOST ? arch_event_name(c->from) : NULL;

		fputs(i ? ";" : "", out);
		if (c->kind == CHG_COUNTERS)
			fprintf(out, " counters %u -> %u", c->from, c->to);
		else if (c->kind == CHG_PMUVER)
			fprintf(out, " PMUVer %s -> %s", pmuver_name(c->from), pmuver_name(c->to));
		else
			fprintf(out, " event 0x%x%s%s%s lost", c->from, name ? " (" : "", name ? name : "",
				name ? ")" : "");
	}
	fputc('\n', out);
}

int render_migration_text(const struct migration *m, FILE *out)
{
	const char *kvm = m->predicted ? "the destination's KVM" : "this KVM";

	fputs("Migration from ", out);
	utf8_put_clean(out, m->source);
	fputs(m->src_kernel[0] ? " (Linux " : "", out);
	utf8_put_clean(out, m->src_kernel);
	fputs(m->src_kernel[0] ? ")" : "", out);
	fputs(" to ", out);
	utf8_put_clean(out, m->dest[0] ? m->dest : "this host");
	fputs(m->dst_kernel[0] ? " (Linux " : "", out);
	utf8_put_clean(out, m->dst_kernel);
	fputs(m->dst_kernel[0] ? ")" : "", out);
	fprintf(out, "\n  %s\n", evidence(m));
	if (m->why[0]) {
		fputs("  ", out);
		utf8_put_clean(out, m->why);
		fputc('\n', out);
	}
	for (int i = 0; i < m->npmus; i++) {
		const struct mig_pmu *p = &m->pmus[i];

		fputs("\n", out);
		utf8_put_clean(out, p->name);
		if (p->midr.set)
			fprintf(out, " (MIDR_EL1 0x%llx)", (unsigned long long)p->midr.v);
		fputs(" -> ", out);
		utf8_put_clean(out, p->dest ? p->dest : m->predicted ? "no PMU there" : "no PMU here");
		fputc('\n', out);
		for (int k = 0; k < MODE_N; k++) {
			const struct mig_mode *a = &p->mode[k];

			fprintf(out, "  %-7s %s: ", mode_name((enum probe_mode)k),
				mig_answer_name(a->answer));
			utf8_put_clean(out, a->reason);
			fputc('\n', out);
			put_changes(out, a);
			put_regs(out, "PMU registers", kvm, "", a->unknown, a->nunknown);
			put_regs(out, "other registers", kvm, " (a VMM that restores every listed "
				 "register refuses the vCPU)", a->other_unknown, a->nother);
		}
	}
	fprintf(out, "\n--check: %d\n", mig_check_status(m));
	return ferror(out) ? -1 : 0;
}
