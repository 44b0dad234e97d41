/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pfm.c - libpfm4, loaded on first use.
 *
 * Dynamic builds dlopen() libpfm.so.4 (PFM_DLOPEN), so runs that name no
 * event never load it; static builds (the arm64 initramfs) link it. */
#include "pfm.h"

#include <stdlib.h>
#include <string.h>

#include "cores.h"
#include "xalloc.h"

#ifdef HAVE_LIBPFM
#include <perfmon/pfmlib.h>
#ifdef PFM_DLOPEN
#include <dlfcn.h>
#endif

struct pfm_api {
	pfm_err_t (*initialize)(void);
	pfm_err_t (*get_pmu_info)(pfm_pmu_t, pfm_pmu_info_t *);
	int (*get_event_next)(int);
	pfm_err_t (*get_event_info)(int, pfm_os_t, pfm_event_info_t *);
};

/* 0 not tried, 1 ready, -1 unavailable */
static int state;
static struct pfm_api api;

static int load(void)
{
#ifdef PFM_DLOPEN
	void *h = dlopen("libpfm.so.4", RTLD_NOW | RTLD_LOCAL);

	if (!h)
		return -1;
	api.initialize = (pfm_err_t (*)(void))dlsym(h, "pfm_initialize");
	api.get_pmu_info = (pfm_err_t (*)(pfm_pmu_t, pfm_pmu_info_t *))dlsym(h, "pfm_get_pmu_info");
	api.get_event_next = (int (*)(int))dlsym(h, "pfm_get_event_next");
	api.get_event_info = (pfm_err_t (*)(int, pfm_os_t, pfm_event_info_t *))
		dlsym(h, "pfm_get_event_info");
	if (!api.initialize || !api.get_pmu_info || !api.get_event_next || !api.get_event_info)
		return -1;
#else
	api.initialize = pfm_initialize;
	api.get_pmu_info = pfm_get_pmu_info;
	api.get_event_next = pfm_get_event_next;
	api.get_event_info = pfm_get_event_info;
#endif
	return 0;
}

static int ready(const char *model)
{
	if (state)
		return state > 0 ? 0 : -1;
	state = -1;
	if (load())
		return -1;
	/* A forced model skips the detection pass, which reads /proc/cpuinfo
	 * once per compiled-in model; names of models that are not "present"
	 * stay readable. */
	if (!getenv("LIBPFM_FORCE_PMU"))
		setenv("LIBPFM_FORCE_PMU", model, 0);
	switch (api.initialize()) {
	case PFM_SUCCESS:
		break;
	case PFM_ERR_NOMEM:
		oom();
	default:
		return -1;
	}
	state = 1;
	return 0;
}

static int find_model(const char *model)
{
	for (int i = 0; i < PFM_PMU_MAX; i++) {
		pfm_pmu_info_t p;

		memset(&p, 0, sizeof(p));
		p.size = sizeof(p);
		if (api.get_pmu_info((pfm_pmu_t)i, &p) == PFM_SUCCESS && !strcmp(p.name, model))
			return i;
	}
	return -1;
}

/* libpfm4's description of MODEL's PMU into *P.  Returns 0 or -1. */
static int model_info(const char *model, pfm_pmu_info_t *p)
{
	int pmu;

	if (ready(model) || (pmu = find_model(model)) < 0)
		return -1;
	memset(p, 0, sizeof(*p));
	p->size = sizeof(*p);
	return api.get_pmu_info((pfm_pmu_t)pmu, p) == PFM_SUCCESS ? 0 : -1;
}

int pfm_model_desc(const char *model, char **desc)
{
	pfm_pmu_info_t p;

	if (model_info(model, &p) || !p.desc)
		return -1;
	*desc = xstrdup(p.desc);
	return 0;
}

int pfm_event_name(const char *model, unsigned code, char **name, char **desc)
{
	pfm_pmu_info_t p;

	if (model_info(model, &p))
		return -1;
	for (int i = p.first_event; i != -1; i = api.get_event_next(i)) {
		pfm_event_info_t e;

		memset(&e, 0, sizeof(e));
		e.size = sizeof(e);
		if (api.get_event_info(i, PFM_OS_NONE, &e) != PFM_SUCCESS || e.code != code)
			continue;
		*name = xstrdup(e.name);
		*desc = e.desc ? xstrdup(e.desc) : NULL;
		return 0;
	}
	return -1;
}
#else
int pfm_model_desc(const char *model, char **desc)
{
	(void)model, (void)desc;
	return -1;
}

int pfm_event_name(const char *model, unsigned code, char **name, char **desc)
{
	(void)model, (void)code, (void)name, (void)desc;
	return -1;
}
#endif

const char *pfm_model_for_midr(uint64_t midr)
{
	/* libpfm4 has no call that maps a MIDR to a model: the known-core
	 * table carries the pairs libpfm4 4.13 detects its arm64 core models
	 * by (lib/pfmlib_arm_armv8*.c, pfm_arm_detect_*). */
	const struct core_info *c = core_lookup(midr);

	return c ? c->pfm_model : NULL;
}
