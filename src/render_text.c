/* SPDX-License-Identifier: GPL-2.0-or-later */
/* render_text.c - the report for people: one block per PMU, aligned. */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "contract.h"
#include "cores.h"
#include "perf_predict.h"
#include "replay_line.h"
#include "utf8.h"
#include "verdict.h"
#include "xalloc.h"

#define put_clean utf8_put_clean

#define FIELD "  %-12s "

/* An absent fact: "-" and its reason, which may quote sysfs names. */
static void put_why(FILE *out, const char *why)
{
	fputs("- (", out);
	put_clean(out, why);
	fputc(')', out);
}

static void put_nstr(FILE *out, const char *label, const struct nstr *n)
{
	fprintf(out, FIELD, label);
	if (n->s)
		put_clean(out, n->s);
	else
		put_why(out, n->why);
	fputc('\n', out);
}

static void put_cap(FILE *out, const char *label, const struct nval *v, const struct nstr *raw)
{
	fprintf(out, FIELD, label);
	if (v->set)
		fprintf(out, "%llu (%s)\n", (unsigned long long)v->v, raw->s ? raw->s : "?");
	else {
		put_why(out, v->why);
		fputc('\n', out);
	}
}

static void put_events(FILE *out, const struct pmu *p)
{
	fprintf(out, FIELD, "events");
	if (p->nevents < 0) {
		put_why(out, p->events_why);
		fputc('\n', out);
		return;
	}
	fprintf(out, "%d", p->nevents);
	/* A long list helps nobody in a terminal; -j has them all. */
	for (int i = 0; i < p->nevents && i < 8; i++) {
		fputs(i ? " " : ": ", out);
		put_clean(out, p->events[i]);
	}
	if (p->nevents > 8)
		fprintf(out, " ... (%d more; -j lists all)", p->nevents - 8);
	fputc('\n', out);
}

#define GFIELD "    %-16s "

/* The core's name beside a MIDR_EL1 value. */
static void put_core(FILE *out, uint64_t midr)
{
	const char *name = core_name(midr);

	fprintf(out, " (%s)", name ? name : "unknown core");
}

/* INDENT and WIDTH as FIELD or GFIELD lay out their label. */
static void put_perf(FILE *out, int indent, int width, const struct perf_outcome *o)
{
	fprintf(out, "%*s%-*s ", indent, "", width, "perf");
	fprintf(out, "topdown %s (perf %s): ", perf_topdown_name(o->topdown),
		o->versions ? o->versions : PERF_VERSIONS);
	put_clean(out, o->reason);
	fputc('\n', out);
}

/* LABEL, N and WHAT, then the events of EV; SLOT_NOTE follows when one of
 * them is a STALL_SLOT* event. */
static void put_event_list(FILE *out, const char *label, const char *what,
			   const struct event *ev, int n, const char *slot_note)
{
	bool slot = false;

	fprintf(out, GFIELD "%d%s", label, n, what);
	for (int i = 0; i < n; i++) {
		fputs(i ? " " : ": ", out);
		if (ev[i].name)
			put_clean(out, ev[i].name);
		else
			fprintf(out, "0x%04x", ev[i].code);
		slot |= ev[i].code >= STALL_SLOT_FIRST && ev[i].code <= STALL_SLOT_LAST;
	}
	if (slot && slot_note)
		fputs(slot_note, out);
	fputc('\n', out);
}

/* The host's events the guest's PMCEID does not list, when there are any
 * (with -v also none); the events topdown needs beside SLOTS say who hides
 * them.  KVM's userspace view of PMMIR_EL1 is for VMM authors: -v. */
static void put_guest_extra(FILE *out, const struct guest_view *g, bool verbose)
{
	if (g->nmissing || verbose)
		put_event_list(out, "not in guest", " of the host's events", g->missing, g->nmissing,
			       " (STALL_SLOT*: legacy KVM hides them, strict passes them through)");
	if (!verbose)
		return;
	fprintf(out, GFIELD, "userspace");
	if (g->user_pmmir.set)
		fprintf(out, "GET_ONE_REG PMMIR_EL1 0x%llx", (unsigned long long)g->user_pmmir.v);
	else
		fputs("GET_ONE_REG PMMIR_EL1 ", out), put_why(out, g->user_pmmir.why);
	if (g->reg_list_ok)
		fprintf(out, ", %s KVM_GET_REG_LIST", g->pmmir_in_list ? "in" : "not in");
	fputc('\n', out);
}

static void put_guest(FILE *out, const struct pmu *p, enum probe_mode m, bool verbose)
{
	const struct guest_view *g = &p->guest[m];
	unsigned v;

	fprintf(out, "  guest %-6s ", mode_name(m));
	if (g->status == MODE_FAILED && probe_step_before_vm(g->step)) {
		fputs("no VM built: ", out);
		put_clean(out, g->error);
		fputc('\n', out);
		return;
	}
	if (g->status != MODE_OK) {
		fprintf(out, "%s%s", mode_status_name(g->status), g->error[0] ? ": " : "");
		put_clean(out, g->error);
		fputc('\n', out);
		return;
	}
	fprintf(out, "ok (%.1f ms)\n", (double)g->time_us / 1000.0);
	v = guest_pmuver(g);
	fprintf(out, GFIELD "%u (%s)\n", "PMUVer", v, pmuver_name(v));
	for (int i = 0; i < GREG_N; i++) {
		char label[24];

		snprintf(label, sizeof(label), "%s", guest_reg_name((enum guest_reg)i));
		for (char *c = label; *c; c++)
			*c = (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
		fprintf(out, GFIELD, label);
		if (g->undef[i])
			fprintf(out, "UNDEF (ESR_EL1 0x%llx)", (unsigned long long)g->esr[i]);
		else if (!g->read[i])
			fprintf(out, "- (not reported by the guest)");
		else
			fprintf(out, "0x%llx", (unsigned long long)g->reg[i]);
		if (i == GREG_MIDR && g->read[i] && !g->undef[i])
			put_core(out, g->reg[i]);
		if (i == GREG_PMCR && g->read[i] && !g->undef[i])
			fprintf(out, " (N=%u counters)", guest_counters(g));
		if (i == GREG_PMMIR) {
			if (guest_pmmir_readable(g))
				fprintf(out, " (SLOTS %u)", PMMIR_SLOTS(g->reg[i]));
			else if (v < PMUVER_V3P4)
				fprintf(out, " (PMUVer before PMUv3p4: no PMMIR)");
		}
		if (i == GREG_PMCEID1 && g->read[i] && !g->undef[i])
			fprintf(out, " (STALL_SLOT* events %s)",
				guest_stall_slot_events(g) ? "present" : "absent");
		fputc('\n', out);
	}
	put_event_list(out, "events", "", g->events, g->nevents, NULL);
	put_guest_extra(out, g, verbose);
	put_perf(out, 4, 16, &g->perf);
}

/* Inside a VM: this vPMU beside what its core is documented to have. */
static void put_vpmu(FILE *out, const struct pmu *p)
{
	const struct vpmu_view *v = &p->vpmu;

	fprintf(out, FIELD, "documented");
	if (!v->known) {
		put_why(out, v->why);
	} else {
		put_clean(out, v->core);
		fprintf(out, ": %s", v->pmuver ? pmuver_name(v->pmuver) : "PMU version unknown");
		if (v->slots)
			fprintf(out, ", SLOTS %u", v->slots);
		else
			fputs(", no SLOTS published", out);
	}
	fprintf(out, "; this vPMU: STALL_SLOT* events %s\n",
		v->stall_slot_events < 0 ? "unknown" : v->stall_slot_events ? "present" : "absent");
}

/* One check: "    ID RESULT: REASON; EVIDENCE". */
static void put_check(FILE *out, enum contract_check i, const struct check_verdict *v)
{
	fprintf(out, "    %s %s", contract_check_name(i), check_result_name(v->result));
	if (v->reason[0])
		fputs(": ", out), put_clean(out, v->reason);
	if (v->evidence[0])
		fputs(v->reason[0] ? "; " : ": ", out), put_clean(out, v->evidence);
	fputc('\n', out);
}

/* "strict contract: kept (6 of 6)", then each check that is not kept
 * (every check with -v); a contract of nothing but not-applicable checks
 * says its one reason once. */
static void put_contract(FILE *out, const struct contract *c, bool verbose)
{
	const char *state = contract_state(c);

	fputs("  strict contract: ", out);
	if (!state) {
		fputs("not checked (", out), put_clean(out, c->why), fputs(")\n", out);
		return;
	}
	if (!strcmp(state, "not_applicable") && !verbose) {
		fputs("not applicable: ", out), put_clean(out, c->check[0].reason), fputc('\n', out);
		return;
	}
	if (c->broken)
		fprintf(out, "broken (%d of %d kept, %d broken)\n", c->kept, CC_N, c->broken);
	else
		fprintf(out, "%s (%d of %d)\n", !strcmp(state, "not_applicable") ? "not applicable"
			: state, c->kept, CC_N);
	for (int i = 0; i < CC_N; i++)
		if (verbose || c->check[i].result != CR_KEPT)
			put_check(out, (enum contract_check)i, &c->check[i]);
}

static void put_pmu(FILE *out, const struct report *r, int idx, bool verbose)
{
	const struct pmu *p = &r->pmus[idx];

	fputs("PMU ", out);
	put_clean(out, p->name);
	fprintf(out, "  [%s: ", p->core ? "core" : "not core");
	put_clean(out, p->core_why);
	fputs("]\n", out);
	fprintf(out, FIELD, "type");
	if (p->type.set)
		fprintf(out, "%llu\n", (unsigned long long)p->type.v);
	else
		put_why(out, p->type.why), fputc('\n', out);
	put_nstr(out, "cpus", &p->cpus);
	if (p->core && p->none_online)
		fprintf(out, FIELD "none of these CPUs is online: no VM can run on this PMU\n", "");
	if (p->core) {
		fprintf(out, FIELD, "midr_el1");
		if (p->midr.set)
			fprintf(out, "0x%016llx", (unsigned long long)p->midr.v),
			put_core(out, p->midr.v), fputc('\n', out);
		else
			put_why(out, p->midr.why), fputc('\n', out);
	}
	if (p->core || p->slots.set || p->slots_raw.s) {
		put_cap(out, "slots", &p->slots, &p->slots_raw);
		put_cap(out, "bus_slots", &p->bus_slots, &p->bus_slots_raw);
		put_cap(out, "bus_width", &p->bus_width, &p->bus_width_raw);
	}
	put_events(out, p);
	if (p->core && r->vm_verdict_applies)
		put_vpmu(out, p);
	if (p->core)
		put_perf(out, 2, 12, &p->perf);
	/* --mode: only the modes asked for. */
	for (int m = 0; p->probed && m < MODE_N; m++)
		if (p->guest[m].status != MODE_SKIPPED)
			put_guest(out, p, (enum probe_mode)m, verbose);
	/* Without KVM the KVM line already says why nothing was checked. */
	if (p->core && r->kvm == KVM_OK)
		put_contract(out, &p->contract, verbose);
	if (p->core && r->analysed && p->verdict.text[0]) {
		fprintf(out, FIELD, "verdict"), put_clean(out, p->verdict.text), fputc('\n', out);
		fprintf(out, FIELD "(%s) ", "next step", step_layer_name(p->verdict.next.layer));
		put_clean(out, p->verdict.next.action);
		fputc('\n', out);
	}
	fputc('\n', out);
}

/* Why KVM_CAP_ARM_PMU_V3_STRICT is 0: a 7.3 kernel without a host PMU
 * says 0 too, and then the kernel's version is not the reason. */
static const char *strict_why(const struct report *r)
{
	if (r->cap_pmu_v3.set && !r->cap_pmu_v3.v)
		return "KVM has no vPMU at all";
	return strict_missing_why(r->kernel.s);
}

static int core_pmus(const struct report *r)
{
	int n = 0;

	for (int i = 0; i < r->npmus; i++)
		n += r->pmus[i].core;
	return n;
}

static void put_kvm(FILE *out, const struct report *r)
{
	fprintf(out, "KVM  ");
	if (r->kvm != KVM_OK) {
		put_clean(out, r->kvm_error);
		fputs("\n\n", out);
		return;
	}
	fprintf(out, "/dev/kvm API %llu; KVM_CAP_ARM_PMU_V3 %s; KVM_CAP_ARM_PMU_V3_STRICT ",
		(unsigned long long)r->kvm_api.v,
		!r->cap_pmu_v3.set ? "unknown" : r->cap_pmu_v3.v ? "yes" : "no (no vPMU)");
	if (!r->cap_pmu_v3_strict.set)
		fputs("unknown\n", out);
	else if (r->cap_pmu_v3_strict.v)
		fputs("yes\n", out);
	else
		fprintf(out, "no (%s)\n", strict_why(r));
	/* No core PMU to hold it to (pmu=off): say so once, here. */
	if (r->contract_why[0] && !core_pmus(r))
		fputs("     strict contract: not checked (", out), put_clean(out, r->contract_why),
		fputs(")\n", out);
	fputc('\n', out);
}

/* Whether this system is a VM: a tenant's first question. */
static void put_virt(FILE *out, const struct virt_info *v)
{
	fputs("      ", out);
	if (v->vm < 0)
		fputs("virtualization unknown: ", out);
	else if (v->vm) {
		fputs("a virtual machine (", out);
		put_clean(out, v->hypervisor);
		fputs("): ", out);
	} else
		fputs("not a virtual machine: ", out);
	put_clean(out, v->why);
	fputc('\n', out);
}

/* The PMUs the short report leaves out, in one line: uncore PMUs publish
 * a cpumask, software ones (breakpoint, kprobe, ...) neither cpus nor it. */
static void put_others(FILE *out, const struct report *r)
{
	int n = 0;

	for (int kind = 0; kind < 2; kind++) {
		int first = 1;

		for (int i = 0; i < r->npmus; i++) {
			const struct pmu *p = &r->pmus[i];

			if (p->core || (kind == 0) != (p->cpus.s != NULL))
				continue;
			if (!n++)
				fputs("Other PMUs  ", out);
			if (first)
				fputs(kind == 0 ? (n > 1 ? "; uncore: " : "uncore: ")
					       : (n > 1 ? "; software: " : "software: "), out);
			else
				fputc(' ', out);
			first = 0;
			put_clean(out, p->name);
		}
	}
	if (n)
		fprintf(out, " (%d; --all lists them)\n\n", n);
}

/* "WHO verdict: ..." and, with STEP, "WHO next step (LAYER): ...";
 * an empty WHO capitalises the plain "Verdict:" / "Next step". */
static void put_verdict(FILE *out, const char *who, const struct verdict *v, bool step)
{
	fprintf(out, "%s%s: ", who, who[0] ? " verdict" : "Verdict");
	put_clean(out, v->text);
	fputc('\n', out);
	if (!step)
		return;
	fprintf(out, "%s%s (%s): ", who, who[0] ? " next step" : "Next step",
		step_layer_name(v->next.layer));
	put_clean(out, v->next.action);
	fputc('\n', out);
}

/* Inside a VM without /dev/kvm the tenant's answer leads, and the host
 * layer only says once that this VM's guests are not the question. */
static void put_verdicts(FILE *out, const struct report *r, const struct text_opts *o)
{
	const struct verdict *d = &r->default_verdict;

	if (verdict_vm_first(r)) {
		put_verdict(out, "VM", &r->vm_verdict, true);
		put_verdict(out, "Host", &r->verdict, r->verdict.next.layer != LAYER_NONE);
		/* A replayed tree may be a host's: its note stands (no KVM
		 * probed); a VM without /dev/kvm runs no guests to pin. */
		if (r->heterogeneous[0] && r->kvm != KVM_NO_DEVICE)
			fputs("Heterogeneous host: ", out), put_clean(out, r->heterogeneous),
			fputc('\n', out);
		return;
	}
	if (o->check == CHECK_DEFAULT && d->text[0]) {
		/* --check=default: its answer leads, and with -q is all */
		put_verdict(out, "Default guests", d, true);
		/* a step that defers to the VM verdict brings it along */
		if (o->quiet && verdict_defers_to_vm(r, d))
			put_verdict(out, "VM", &r->vm_verdict, true);
		if (o->quiet)
			return;
		if (d->code != r->verdict.code || strcmp(d->text, r->verdict.text))
			put_verdict(out, "", &r->verdict, true);
	} else {
		put_verdict(out, "", &r->verdict, true);
	}
	if (r->heterogeneous[0])
		fputs("Heterogeneous host: ", out), put_clean(out, r->heterogeneous), fputc('\n', out);
	if (r->vm_verdict_applies)
		put_verdict(out, "VM", &r->vm_verdict, true);
}

static void put_report(FILE *out, const struct report *r, const struct text_opts *o)
{
	if (o->quiet) {
		put_verdicts(out, r, o);
		return;
	}
	fprintf(out, "Host  kernel ");
	if (r->kernel.s)
		put_clean(out, r->kernel.s);
	else
		fputs("unknown", out);
	fprintf(out, ", arch ");
	put_clean(out, r->arch.s ? r->arch.s : "unknown");
	fprintf(out, ", CPUs online ");
	put_clean(out, r->cpus_online.s ? r->cpus_online.s : "unknown");
	fputc('\n', out);
	if (!r->arm64)
		fputs("      ", out), put_clean(out, r->arm64_why), fputc('\n', out);
	for (int i = 0; i < r->nmodels; i++) {
		const struct cpu_model *m = &r->models[i];

		if (m->has_midr) {
			fprintf(out, "      MIDR_EL1 0x%016llx on CPUs %s",
				(unsigned long long)m->midr, m->cpus ? m->cpus : "?");
			put_core(out, m->midr);
			fputc('\n', out);
		}
		else
			fprintf(out, "      MIDR_EL1 unreadable on CPUs %s\n", m->cpus ? m->cpus : "?");
	}
	put_virt(out, &r->virt);
	fputc('\n', out);
	put_kvm(out, r);
	for (int i = 0; i < r->npmus; i++)
		if (o->all || r->pmus[i].core)
			put_pmu(out, r, i, o->verbose);
	if (!o->all)
		put_others(out, r);
	for (int i = 0; i < r->nproblems; i++) {
		fputs(i ? "" : "Problems\n", out);
		fputs("  ", out);
		put_clean(out, r->problems[i].path);
		fputs(": ", out);
		put_clean(out, r->problems[i].what);
		fputc('\n', out);
	}
	if (r->nproblems)
		fputc('\n', out);
	put_verdicts(out, r, o);
}

/* Columns of the LEN bytes at S: one per character, the text being valid
 * UTF-8 by now (put_clean()), so continuation bytes count for nothing. */
static size_t columns(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

/* Bytes of the first COLS characters of S (LEN bytes): a cut there never
 * splits a multi-byte character. */
static size_t cols_to_bytes(const char *s, size_t len, size_t cols)
{
	size_t i = 0;

	while (i < len && cols--)
		for (i++; i < len && ((unsigned char)s[i] & 0xc0) == 0x80; i++)
			;
	return i;
}

/* Where a wrapped line's continuation starts, in columns: after the
 * label, i.e. after the first run of two spaces or ": " that follows
 * text. */
static size_t hang_indent(const char *line, size_t len, int width)
{
	size_t i = 0, lead;

	while (i < len && line[i] == ' ')
		i++;
	lead = i;
	for (; i + 1 < len; i++) {
		if ((line[i] == ' ' && line[i + 1] == ' ') || (line[i] == ':' && line[i + 1] == ' ')) {
			while (i < len && (line[i] == ' ' || line[i] == ':'))
				i++;
			break;
		}
	}
	i = i >= len ? lead + 2 : columns(line, i);
	/* A continuation must leave room for text. */
	return i < (size_t)width / 2 ? i : 0;
}

/* Write LINE (no newline) wrapped at spaces to WIDTH columns.  Linear in
 * LEN: the columns left are counted once and then only decremented. */
static void put_wrapped(FILE *out, const char *line, size_t len, int width)
{
	size_t indent = hang_indent(line, len, width), col = 0, left = columns(line, len);

	while (left > (size_t)width - col) {
		size_t room = cols_to_bytes(line, len, (size_t)width - col), cut = room;

		while (cut > 0 && line[cut] != ' ')
			cut--;
		if (cut == 0)
			cut = room;  /* one word longer than a line: break it */
		fwrite(line, 1, cut, out);
		fprintf(out, "\n%*s", (int)indent, "");
		col = indent;
		while (cut < len && line[cut] == ' ')
			cut++;
		left -= columns(line, cut);
		line += cut;
		len -= cut;
	}
	fwrite(line, 1, len, out);
}

int render_text(const struct report *r, FILE *out, const struct text_opts *o)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *m = xopen_memstream(&buf, &size);
	int ret;

	char line[768];

	/* The replay header stays one line: it is what a reader greps for. */
	if (!o->quiet && report_replay_line(r, line, sizeof(line))) {
		fputs("Replay", out);
		put_clean(out, line + strlen("replay"));
		fputs("\n\n", out);
	}
	put_report(m, r, o);
	xmemstream_close(m, &buf);
	for (char *line = buf; *line;) {
		char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);

		/* --quiet's lines are for logs and scripts: one line each. */
		if (o->width > 0 && !o->quiet && len > (size_t)o->width)
			put_wrapped(out, line, len, o->width);
		else
			fwrite(line, 1, len, out);
		fputc('\n', out);
		if (!nl)
			break;
		line = nl + 1;
	}
	ret = ferror(out) ? -1 : 0;
	free(buf);
	return ret;
}
