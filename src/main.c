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
#include <sys/stat.h>
#include <unistd.h>

#include "capture.h"
#include "events.h"
#include "inventory.h"
#include "kvm.h"
#include "model.h"
#include "options.h"
#include "render.h"
#include "sysfs.h"
#include "utf8.h"
#include "verdict.h"
#include "perf_predict.h"
#include "vmprobe.h"
#include "vpmu.h"
#ifdef KPI_TEST
#include "test-seams.h"    /* the test build only: tests/vm/test-seams.h */
#endif

#define EXIT_RUNTIME 1

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
static void progress(const struct options *o, const struct pmu *p, enum probe_mode m)
{
	static struct timespec start;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!start.tv_sec && !start.tv_nsec)
		start = now;
	if (!o->verbose && !(isatty(STDERR_FILENO) &&
			     (now.tv_sec - start.tv_sec) * 1000 +
			     (now.tv_nsec - start.tv_nsec) / 1000000 > 1000))
		return;
	fprintf(stderr, "kvm-pmu-info: probing %s in %s mode (a throwaway VM)\n",
		p->name, mode_name(m));
}

static void probe_kvm(struct report *r, const struct options *o, bool live)
{
	struct kvm_ctx k = { .fd = -1, .trail = o->verbose ? stderr : NULL };
	struct probe_opts po = { .timeout_ms = o->timeout_ms };

	if (!r->arm64) {
		r->kvm = KVM_NOT_ARM64;
		snprintf(r->kvm_error, sizeof(r->kvm_error), "%s", r->arm64_why);
		return;
	}
	if (!live) {
		r->kvm = KVM_NOT_PROBED;
		snprintf(r->kvm_error, sizeof(r->kvm_error),
			 "not probed: --sysfs-root %s is not the running system", o->root);
		return;
	}
	if (!vmprobe_available()) {
		r->kvm = KVM_NOT_PROBED;
		snprintf(r->kvm_error, sizeof(r->kvm_error),
			 "not probed: this build of kvm-pmu-info is not for arm64");
		return;
	}
	kvm_caps_probe(r, &k, "/dev/kvm");
	if (r->kvm != KVM_OK) {
		fprintf(stderr, "kvm-pmu-info: %s\n", r->kvm_error);
		return;
	}
#ifdef KPI_TEST
	test_seams_probe_opts(&po);
#endif
	for (int i = 0; i < r->npmus && !o->no_vm && !kpi_interrupted; i++) {
		if (!r->pmus[i].core)
			continue;
		for (int m = 0; m < MODE_N; m++) {
			if (!o->modes[m] || kpi_interrupted)
				continue;
			progress(o, &r->pmus[i], (enum probe_mode)m);
			vmprobe_run(&k, r, &r->pmus[i], (enum probe_mode)m, &po);
		}
	}
	kvm_ctx_close(&k);
}

/* --capture: the inputs below the root plus this run's JSON report. */
static int write_capture(const struct report *r, const struct options *o)
{
	char *json = NULL, err[512];
	size_t len = 0;
	FILE *f = open_memstream(&json, &len);
	int ret;

	if (!f || render_json(r, f, true) || fclose(f)) {
		fprintf(stderr, "kvm-pmu-info: out of memory\n");
		free(json);
		return -1;
	}
	ret = capture_write(o->root, o->capture, o->force, json, err, sizeof(err));
	if (ret)
		fprintf(stderr, "kvm-pmu-info: %s\n", err);
	free(json);
	return ret;
}

static int run(const struct options *o)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct report r;
	struct sysroot root;
	struct stat st;
	bool live;
	int ret, status = EXIT_SUCCESS;

	report_init(&r);
	if (o->capture && !o->force && lstat(o->capture, &st) == 0) {
		fprintf(stderr, "kvm-pmu-info: %s exists (use --force to overwrite)\n", o->capture);
		return EXIT_RUNTIME;
	}
	ret = sysroot_open(&root, o->root);
	if (ret) {
		fprintf(stderr, "kvm-pmu-info: cannot open sysfs root '%s': %s\n", o->root,
			strerror(-ret));
		return EXIT_RUNTIME;
	}
	live = !strcmp(o->root, "/");
	ret = inventory_collect(&r, &root, live);
	sysroot_close(&root);
	if (ret) {
		fprintf(stderr, "kvm-pmu-info: cannot read the inventory: %s\n", strerror(-ret));
		status = EXIT_RUNTIME;
		goto out;
	}
	status = filter_pmus(&r, o);
	if (status)
		goto out;
	/* No SA_RESTART: the signal must knock a vCPU out of KVM_RUN. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	probe_kvm(&r, o, live);
#ifdef KPI_TEST
	test_seams_repeat(probe_kvm, &r, o, live);
#endif
	/* No VM is left: a signal may now simply end the process. */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	if (kpi_interrupted) {
		fprintf(stderr, "kvm-pmu-info: interrupted by %s; every probe VM was torn down\n",
			strsignal(caught_signal));
		status = 128 + caught_signal;
		goto out;
	}
	perf_predict_report(&r);
	vpmu_analyse(&r);
	if (events_decode(&r, getenv("KVM_PMU_INFO_PFM_MODEL")) || verdict_compute(&r)) {
		fprintf(stderr, "kvm-pmu-info: out of memory\n");
		status = EXIT_RUNTIME;
		goto out;
	}
	for (int i = 0; i < r.nproblems; i++) {
		fputs("kvm-pmu-info: ", stderr);
		utf8_put_clean(stderr, r.problems[i].path);
		fputs(": ", stderr);
		utf8_put_clean(stderr, r.problems[i].what);
		fputc('\n', stderr);
	}
	if (o->format == FMT_JSON)
		ret = render_json(&r, stdout, o->pretty < 0 ? isatty(STDOUT_FILENO) : o->pretty);
	else if (o->format == FMT_PROMETHEUS)
		ret = render_prometheus(&r, stdout);
	else if (o->format == FMT_NFD)
		ret = render_nfd_expiry(&r, stdout,
					 o->nfd_expiry_s ? time(NULL) + o->nfd_expiry_s : 0);
	else
		ret = render_text(&r, stdout);
	if (ret || fflush(stdout)) {
		fprintf(stderr, "kvm-pmu-info: cannot write the report: %s\n", strerror(errno));
		status = EXIT_RUNTIME;
		goto out;
	}
	if (o->check)
		status = verdict_check_status(&r);
	if (o->capture && write_capture(&r, o))
		status = EXIT_RUNTIME;
out:
	report_free(&r);
	return status;
}

int main(int argc, char **argv)
{
	struct options o;
	int ret;

	options_init(&o);
	ret = options_parse(argc, argv, &o);
	if (ret == OPTIONS_DONE)
		return EXIT_SUCCESS;
	if (ret)
		return ret;
#ifdef KPI_TEST
	if (test_seams_init())
		return 2;
#endif
	return run(&o);
}
