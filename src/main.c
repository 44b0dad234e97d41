/* SPDX-License-Identifier: GPL-2.0-or-later */
/* main.c - options, then collect -> probe -> model -> render. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "analysis.h"
#include "capture.h"
#include "file_write.h"
#include "inventory.h"
#include "kvm.h"
#include "model.h"
#include "memtree.h"
#include "migrate.h"
#include "migrate_read.h"
#include "options.h"
#include "probe_record.h"
#include "render.h"
#include "replay.h"
#include "render_migrate.h"
#include "sysfs.h"
#include "tar.h"
#include "utf8.h"
#include "util.h"
#include "verdict.h"
#include "vmprobe.h"
#include "xalloc.h"
#ifdef KPI_TEST
#include "test-seams.h"    /* the test build only: tests/vm/test-seams.h */
#endif

#define EXIT_RUNTIME 1

/* One line on stderr.  Its arguments may be the user's own (a file name,
 * a --pmu NAME) or an archive's: cleaned like every other untrusted
 * string, so no escape sequence reaches the terminal.  The line is built
 * in memory and written whole, so running out of memory half way leaves
 * no half line before oom()'s. */
__attribute__((format(printf, 1, 2)))
static void say(const char *fmt, ...)
{
	char *line = NULL;
	size_t len = 0;
	FILE *m = xopen_memstream(&line, &len);
	va_list ap;

	fputs("kvm-pmu-info: ", m);
	va_start(ap, fmt);
	utf8_vput_cleanf(m, fmt, ap);
	va_end(ap);
	fputc('\n', m);
	xmemstream_close(m, &line);
	fputs(line, stderr);
	free(line);
}

/* Keep only the PMUs named by --pmu; an unknown name is a usage error. */
static int filter_pmus(struct report *r, const struct options *o)
{
	int keep = 0;

	if (!o->npmus)
		return 0;
	for (int a = 0; a < o->npmus; a++) {
		int found = 0;

		for (int i = 0; i < r->npmus; i++)
			found |= !strcmp(r->pmus[i].name, o->pmus[a]);
		if (!found && o->replay)
			return options_usage_error("no PMU named '%s' in the archive %s", o->pmus[a],
						   o->replay);
		if (!found)
			return options_usage_error("no PMU named '%s' in %s/sys/bus/event_source/devices",
					 o->pmus[a], strcmp(o->root, "/") ? o->root : "");
	}
	for (int i = 0; i < r->npmus; i++) {
		bool wanted = false;

		for (int a = 0; a < o->npmus; a++)
			wanted |= !strcmp(r->pmus[i].name, o->pmus[a]);
		if (wanted) {
			struct pmu tmp = r->pmus[keep];

			r->pmus[keep] = r->pmus[i];
			r->pmus[i] = tmp;
			keep++;
		}
	}
	for (int i = keep; i < r->npmus; i++)
		pmu_free(&r->pmus[i]);
	r->npmus = keep;
	return 0;
}

/* Text wraps at the terminal's width, else at 100 columns, so a pasted
 * report stays readable. */
static int text_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col >= 40)
		return ws.ws_col;
	return 100;
}

static volatile sig_atomic_t caught_signal;

static void on_signal(int sig)
{
	kpi_interrupted = 1;
	caught_signal = sig;
	vmprobe_interrupt();
}

/* What is being probed, on stderr (never stdout): always with -v, and on
 * a terminal once probing has taken over a second, so a slow host does not
 * look hung while a script's stderr stays quiet. */
/* --capture: the probe's trail (the -v lines, -v or not) for the probe
 * record, else NULL. */
static FILE *trail_record;

static void progress(const struct options *o, const struct pmu *p, enum probe_mode m)
{
	static uint64_t start;
	uint64_t now = monotonic_us();

	if (trail_record)
		fprintf(trail_record, "kvm-pmu-info: probing %s in %s mode (a throwaway VM)\n",
			p->name, mode_name(m));
	if (!start)
		start = now;
	if (!o->verbose && !(isatty(STDERR_FILENO) && now - start > 1000000))
		return;
	say("probing %s in %s mode (a throwaway VM)",
		p->name, mode_name(m));
}

static void probe_kvm(struct report *r, const struct options *o, bool live)
{
	struct kvm_ctx k = { .fd = -1, .trail = o->verbose ? stderr : NULL, .record = trail_record };
	struct probe_opts po = { .timeout_ms = o->timeout_ms };
	uint64_t t0;

	if (!r->arm64) {
		r->kvm = KVM_NOT_ARM64;
		r->probe_skip = PROBE_SKIP_NOT_ARM64;
		snprintf(r->kvm_error, sizeof(r->kvm_error), "not probed (not arm64)");
		return;
	}
	if (!live) {
		r->kvm = KVM_NOT_PROBED;
		r->probe_skip = PROBE_SKIP_REPLAYED_TREE;
		snprintf(r->kvm_error, sizeof(r->kvm_error),
			 "not probed (--sysfs-root %s: a replayed tree, not the running system)",
			 o->root);
		return;
	}
	if (!vmprobe_available()) {
		r->kvm = KVM_NOT_PROBED;
		r->probe_skip = PROBE_SKIP_FOREIGN_BUILD;
		snprintf(r->kvm_error, sizeof(r->kvm_error),
			 "not probed (this build of kvm-pmu-info is not for arm64)");
		return;
	}
	t0 = monotonic_us();
	kvm_caps_probe(r, &k, "/dev/kvm");
	if (r->kvm != KVM_OK) {
		r->probe_skip = r->kvm == KVM_NO_DEVICE ? PROBE_SKIP_NO_DEVICE
				: r->kvm == KVM_PERMISSION ? PROBE_SKIP_PERMISSION : PROBE_SKIP_KVM_FAILED;
		/* Inside a VM no /dev/kvm is the normal case, and the report
		 * says so once; anywhere else it is a failure worth stderr. */
		if (!(r->kvm == KVM_NO_DEVICE && r->virt.vm == 1))
			say("%s", r->kvm_error);
		return;
	}
	if (o->no_vm)
		r->probe_skip = PROBE_SKIP_NO_VM;
#ifdef KPI_TEST
	test_seams_probe_opts(&po);
#endif
	for (int i = 0; i < r->npmus && !o->no_vm && !kpi_interrupted; i++) {
		if (!r->pmus[i].core)
			continue;
		/* The contract's VMs come with the strict probe. */
		if (!o->modes[MODE_STRICT])
			snprintf(r->pmus[i].cobs.why, sizeof(r->pmus[i].cobs.why),
				 "--mode legacy: the contract is checked with strict mode");
		for (int m = 0; m < MODE_N; m++) {
			if (!o->modes[m] || kpi_interrupted)
				continue;
			progress(o, &r->pmus[i], (enum probe_mode)m);
			vmprobe_run(&k, r, &r->pmus[i], (enum probe_mode)m, &po);
		}
	}
	kvm_ctx_close(&k);
	if (r->probe_skip == PROBE_SKIP_NONE)
		nval_set(&r->probe_time_us, monotonic_us() - t0);
}

/* --capture: the inputs below the root, this run's JSON report and the
 * probe record (KVM's answers and the guest views, with TRAIL). */
static int write_capture(const struct report *r, const struct options *o, const char *trail)
{
	char *json = NULL, *record, err[512];
	size_t len = 0;
	FILE *f = xopen_memstream(&json, &len);
	struct utsname u;
	struct probe_host h = { 0 };
	struct stat st;
	int ret;

	if (uname(&u) == 0)
		h = (struct probe_host){ u.nodename, u.release, u.machine };
	render_json(r, f, true);
	xmemstream_close(f, &json);
	record = probe_record_write(r, trail, time(NULL), &h);
	ret = capture_write(o->root, o->capture, o->force, json, record, err, sizeof(err));
	if (ret)
		say("%s", err);
	else if (stat(o->capture, &st) == 0)
		say("wrote %s (%lld bytes): attach it to the bug report", o->capture,
		    (long long)st.st_size);
	free(json);
	free(record);
	return ret;
}

/* The inventory: from the root directory, or from the --replay archive
 * held in T. */
static int collect(struct report *r, const struct options *o, struct memtree *t, bool live)
{
	struct sysroot root;
	char err[512];
	int ret;

	if (o->replay) {
		if (tar_load(o->replay, t, err, sizeof(err))) {
			say("cannot replay %s: %s", o->replay, err);
			return -1;
		}
		replay_start(r, t, o->replay);
		sysroot_open_mem(&root, t, o->replay);
	} else {
		ret = sysroot_open(&root, o->root);
		if (ret) {
			say("cannot open sysfs root '%s': %s", o->root,
				strerror(-ret));
			return -1;
		}
	}
	ret = inventory_collect(r, &root, live);
	sysroot_close(&root);
	if (ret)
		say("cannot read the inventory: %s", strerror(-ret));
	return ret ? -1 : 0;
}

/* --replay: KVM's answers and the guest views from the archive. */
static int gather_replay(struct report *r, const struct options *o, const struct memtree *t)
{
	char err[512];

	if (replay_gather(r, t, o->modes, o->no_vm, err, sizeof(err))) {
		say("cannot replay %s: %s", o->replay, err);
		return EXIT_RUNTIME;
	}
	if (o->verbose && r->replay.trail)
		utf8_put_clean_lines(stderr, r->replay.trail);
	return EXIT_SUCCESS;
}

/* The running system (or a --sysfs-root tree): KVM and its guests probed,
 * the trail kept in *TRAIL for --capture.  A signal tears the VMs down and
 * ends the run with 128 + its number. */
static int gather_live(struct report *r, const struct options *o, bool live, char **trail,
		       size_t *trail_len)
{
	struct sigaction sa = { .sa_handler = on_signal };

	if (o->capture)
		trail_record = xopen_memstream(trail, trail_len);
	/* No SA_RESTART: the signal must knock a vCPU out of KVM_RUN. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	probe_kvm(r, o, live);
#ifdef KPI_TEST
	test_seams_repeat(probe_kvm, r, o, live);
#endif
	if (!r->probe_time_us.set)
		nval_why(&r->probe_time_us, "no guest was probed (%s)",
			 probe_skips[r->probe_skip].label);
	if (trail_record) {
		xmemstream_close(trail_record, trail);
		trail_record = NULL;
	}
	/* No VM is left: a signal may now simply end the process. */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	if (kpi_interrupted) {
		say("interrupted by %s; every probe VM was torn down",
			strsignal(caught_signal));
		return 128 + caught_signal;
	}
	return EXIT_SUCCESS;
}

static void render_to(const struct report *r, const struct options *o, FILE *out)
{
	if (o->format == FMT_JSON)
		render_json(r, out, o->pretty < 0 ? isatty(STDOUT_FILENO) : o->pretty);
	else if (o->format == FMT_PROMETHEUS)
		render_prometheus(r, out);
	else if (o->format == FMT_NFD)
		render_nfd_expiry(r, out, o->nfd_expiry_s ? time(NULL) + o->nfd_expiry_s : 0);
	else
		render_text(r, out, &(struct text_opts){ .all = o->all, .quiet = o->quiet,
				    .width = text_width(), .verbose = o->verbose,
				    .check = o->check });
}

/* The report is rendered into memory, then written whole: running out of
 * memory half way (oom() ends the run) leaves stdout empty, never half a
 * JSON document. */
static int render(const struct report *r, const struct options *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = xopen_memstream(&buf, &len);
	int ret;

	render_to(r, o, m);
	xmemstream_close(m, &buf);
	ret = fwrite(buf, 1, len, stdout) == len ? 0 : -1;
	free(buf);
	return ret;
}

/* Analysis, the problems on stderr, the report on stdout, the --capture
 * archive: the exit status. */
static int analyse_and_report(struct report *r, const struct options *o, const char *trail)
{
	int status = EXIT_SUCCESS;

	analysis_run(r, getenv("KVM_PMU_INFO_PFM_MODEL"));
	for (int i = 0; i < r->nproblems; i++)
		say("%s: %s", r->problems[i].path, r->problems[i].what);
	if (render(r, o) || fflush(stdout)) {
		say("cannot write the report: %s", strerror(errno));
		return EXIT_RUNTIME;
	}
	if (o->check)
		status = verdict_check_status(r, o->check);
	if (o->capture && write_capture(r, o, trail))
		status = EXIT_RUNTIME;
	return status;
}

/* ---- --migrate-from and --compare ---- */

static int read_side(const char *file, struct report *r)
{
	char err[512];

	if (!migrate_read_file(file, r, err, sizeof(err)))
		return 0;
	say("cannot read the report %s: %s", file, err);
	return -1;
}

/* The modes --mode left out are not checked, and say so. */
static void mig_modes(struct migration *m, const struct options *o)
{
	for (int i = 0; i < m->npmus; i++)
		for (int k = 0; k < MODE_N; k++)
			if (!o->modes[k] && m->pmus[i].mode[k].answer != MIG_REFUSED) {
				m->pmus[i].mode[k].answer = MIG_NOT_CHECKED;
				why_set(m->pmus[i].mode[k].reason, sizeof(m->pmus[i].mode[k].reason),
					"not asked for (--mode)");
			}
}

static int mig_output(struct migration *m, const struct options *o)
{
	int ret;

	mig_modes(m, o);
	ret = o->format == FMT_JSON
		? render_migration_json(m, stdout, o->pretty < 0 ? isatty(STDOUT_FILENO) : o->pretty)
		: render_migration_text(m, stdout);
	if (ret || fflush(stdout)) {
		say("cannot write the report: %s", strerror(errno));
		return EXIT_RUNTIME;
	}
	return o->check ? mig_check_status(m) : EXIT_SUCCESS;
}

static void mig_sides(struct migration *m, const char *src, const struct report *s,
		      const char *dst, const struct report *d)
{
	snprintf(m->source, sizeof(m->source), "%s", src);
	snprintf(m->dest, sizeof(m->dest), "%s", dst);
	snprintf(m->src_kernel, sizeof(m->src_kernel), "%s", s->kernel.s ? s->kernel.s : "");
	snprintf(m->dst_kernel, sizeof(m->dst_kernel), "%s", d->kernel.s ? d->kernel.s : "");
}

static int run_compare(const struct options *o)
{
	struct report a, b;
	struct migration m = { 0 };
	int status = EXIT_RUNTIME;

	report_init(&a);
	report_init(&b);
	if (read_side(o->compare[0], &a) || read_side(o->compare[1], &b))
		goto out;
	mig_sides(&m, o->compare[0], &a, o->compare[1], &b);
	if (mig_predict(&m, &a, &b)) {
		say("out of memory");
		goto out;
	}
	status = mig_output(&m, o);
out:
	migration_free(&m);
	report_free(&a);
	report_free(&b);
	return status;
}

/* --migrate-from on this host: at most one VM per source PMU and mode. */
static int migrate_here(struct report *r, const struct report *src, const struct options *o,
			struct migration *m)
{
	struct kvm_ctx k = { .fd = -1, .trail = o->verbose ? stderr : NULL };
	struct probe_opts po = { .timeout_ms = o->timeout_ms };
	struct sigaction sa = { .sa_handler = on_signal };

	if (!r->arm64 || !vmprobe_available()) {
		say("--migrate-from asks this host's KVM, and %s; --compare SOURCE DESTINATION "
		    "predicts from two reports without KVM", !r->arm64 ? "this is no arm64 host"
		    : "this build of kvm-pmu-info is not for arm64");
		return EXIT_RUNTIME;
	}
	kvm_caps_probe(r, &k, "/dev/kvm");
	if (r->kvm != KVM_OK) {
		say("--migrate-from needs /dev/kvm: %s", r->kvm_error);
		return EXIT_RUNTIME;
	}
	if (mig_begin(m, src)) {
		kvm_ctx_close(&k);
		say("out of memory");
		return EXIT_RUNTIME;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	for (int i = 0, n = 0; i < src->npmus && !kpi_interrupted; i++) {
		struct mig_pmu *mp;
		int j;

		if (!src->pmus[i].core)
			continue;
		mp = &m->pmus[n++];
		j = mig_match(&src->pmus[i], r);
		if (j < 0) {
			mig_no_match(mp, r);
			continue;
		}
		mp->dest = strdup(r->pmus[j].name);
		for (int md = 0; md < MODE_N && !kpi_interrupted; md++)
			if (o->modes[md])
				vmprobe_migrate(&k, r, &r->pmus[j], (enum probe_mode)md,
						&src->pmus[i].guest[md], &po, &mp->mode[md]);
	}
	kvm_ctx_close(&k);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	if (kpi_interrupted) {
		say("interrupted by %s; every VM was torn down", strsignal(caught_signal));
		return 128 + caught_signal;
	}
	return EXIT_SUCCESS;
}

static int run_migrate(const struct options *o)
{
	struct report src, r;
	struct memtree tree;
	struct migration m = { 0 };
	int status = EXIT_RUNTIME;

	report_init(&src);
	report_init(&r);
	memtree_init(&tree);
	if (read_side(o->migrate_from, &src) || collect(&r, o, &tree, true))
		goto out;
	mig_sides(&m, o->migrate_from, &src, "", &r);
	status = migrate_here(&r, &src, o, &m);
	if (!status)
		status = mig_output(&m, o);
out:
	migration_free(&m);
	report_free(&src);
	report_free(&r);
	memtree_free(&tree);
	return status;
}

static int run(const struct options *o)
{
	struct report r;
	struct memtree tree;
	char *trail = NULL, err[512];
	size_t trail_len = 0;
	bool live = !strcmp(o->root, "/") && !o->replay;
	int status;

	if (o->capture && file_check_new(o->capture, o->force, err, sizeof(err))) {
		say("%s", err);
		return EXIT_RUNTIME;
	}
	report_init(&r);
	memtree_init(&tree);
	status = collect(&r, o, &tree, live) ? EXIT_RUNTIME : filter_pmus(&r, o);
	if (!status)
		status = o->replay ? gather_replay(&r, o, &tree)
				   : gather_live(&r, o, live, &trail, &trail_len);
	if (!status)
		status = analyse_and_report(&r, o, trail);
	if (trail_record)
		fclose(trail_record);
	trail_record = NULL;
	free(trail);
	report_free(&r);
	memtree_free(&tree);
	return status;
}

int main(int argc, char **argv)
{
	struct options o;
	int ret;

	options_init(&o);
	ret = options_parse(argc, argv, &o);
	if (ret == OPTIONS_DONE) {
		/* --help or --version: like coreutils, a failed write
		 * (/dev/full, a closed stdout) is an error, not success. */
		int err = fflush(stdout) ? errno : ferror(stdout) ? EIO : 0;

		if (!err)
			return EXIT_SUCCESS;
		say("write error: %s", strerror(err));
		return EXIT_RUNTIME;
	}
	if (ret)
		return ret;
#ifdef KPI_TEST
	if (test_seams_init())
		return 2;
#endif
	if (o.compare[0])
		return run_compare(&o);
	if (o.migrate_from)
		return run_migrate(&o);
	return run(&o);
}
