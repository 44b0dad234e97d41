/* SPDX-License-Identifier: GPL-2.0-or-later */
/* analysis.c - collect -> probe -> (this) -> render. */
#include "analysis.h"

#include "contract.h"
#include "events.h"
#include "perf_predict.h"
#include "verdict.h"
#include "vpmu.h"

int analysis_run(struct report *r, const char *pfm_model)
{
	perf_predict_report(r);
	vpmu_analyse(r);
	contract_judge(r);
	events_decode(r, pfm_model);
	return verdict_compute(r);
}
