/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vcpu_json.c - see vcpu_json.h. */
#include "vcpu_json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_out.h"
#include "oom.h"
#include "sysreg.h"
#include "util.h"

typedef struct json_object jobj;

jobj *vcpu_json(const struct vcpu_state *s, const char *fallback)
{
	jobj *o = jobject(), *list, *regs;
	char name[32], *text;

	jadd(o, "recorded", jbool(s->recorded));
	if (!s->recorded) {
		jadd(o, "why", jstr(s->why[0] ? s->why : fallback));
		return o;
	}
	jadd(o, "features", jhex(s->features));
	list = jobject();
	jadd(list, "encoding", jstring(REG_LIST_ENCODING));
	jadd(list, "count", jint(s->nids));
	text = sysreg_list_encode(s->ids, s->nids);
	if (!text)
		oom();
	jadd(list, "ids", jstring(text));
	free(text);
	jadd(o, "reg_list", list);
	regs = jobject();
	for (int i = 0; i < s->npmu; i++) {
		sysreg_name(s->pmu[i].id, name, sizeof(name));
		jadd(regs, name, jhex(s->pmu[i].val));
	}
	jadd(o, "pmu_registers", regs);
	return o;
}

jobj *jget(jobj *o, const char *key, json_type t)
{
	jobj *v;

	if (!json_object_object_get_ex(o, key, &v) || !v || !json_object_is_type(v, t))
		return NULL;
	return v;
}

int jhex_parse(jobj *v, uint64_t *out)
{
	const char *s = json_object_get_string(v);
	char why[WHY_MAX];

	if (!json_object_is_type(v, json_type_string) || strncmp(s, "0x", 2) || strlen(s) > 18)
		return -1;
	return parse_hex_u64(s, out, why, sizeof(why));
}

static int cmp_saved(const void *a, const void *b)
{
	uint64_t x = ((const struct saved_reg *)a)->id, y = ((const struct saved_reg *)b)->id;

	return x < y ? -1 : x > y;
}

static int read_pmu_regs(jobj *regs, struct vcpu_state *s, char *why, size_t len)
{
	json_object_iter it;
	int n = json_object_object_length(regs);

	if (n > s->nids)
		return fail_line(why, len, "vcpu.pmu_registers: more registers than the register list");
	s->pmu = calloc((size_t)(n ? n : 1), sizeof(*s->pmu));
	if (!s->pmu)
		return fail_line(why, len, "out of memory");
	json_object_object_foreachC(regs, it) {
		struct saved_reg *r = &s->pmu[s->npmu];

		if (sysreg_parse(it.key, &r->id) || !sysreg_is_pmu(r->id))
			return fail_line(why, len, "vcpu.pmu_registers: '%.40s' is not a PMU register's name",
				   it.key);
		if (!sysreg_list_has(s->ids, s->nids, r->id))
			return fail_line(why, len, "vcpu.pmu_registers: %.40s is not in the register list",
				   it.key);
		if (!it.val || jhex_parse(it.val, &r->val))
			return fail_line(why, len, "vcpu.pmu_registers.%.40s is not a hex string like \"0x1f\"",
				   it.key);
		s->npmu++;
	}
	qsort(s->pmu, (size_t)s->npmu, sizeof(*s->pmu), cmp_saved);
	return 0;
}

static int read_recorded(jobj *o, struct vcpu_state *s, char *why, size_t len)
{
	jobj *v, *list, *regs;
	uint64_t f;
	char lwhy[WHY_MAX];

	if (!(v = jget(o, "features", json_type_string)) || jhex_parse(v, &f) || f > UINT32_MAX)
		return fail_line(why, len, "vcpu.features is not a 32-bit hex string");
	s->features = (uint32_t)f;
	if (!(list = jget(o, "reg_list", json_type_object)))
		return fail_line(why, len, "vcpu.reg_list is missing or not an object");
	if (!(v = jget(list, "encoding", json_type_string)) ||
	    strcmp(json_object_get_string(v), REG_LIST_ENCODING))
		return fail_line(why, len, "vcpu.reg_list.encoding is not \"" REG_LIST_ENCODING "\"");
	if (!(v = jget(list, "ids", json_type_string)))
		return fail_line(why, len, "vcpu.reg_list.ids is missing or not a string");
	if (sysreg_list_decode(json_object_get_string(v), REG_LIST_MAX, &s->ids, &s->nids,
			       lwhy, sizeof(lwhy)))
		return fail_line(why, len, "vcpu.reg_list.ids: %s", lwhy);
	if (!(v = jget(list, "count", json_type_int)) || json_object_get_int64(v) != s->nids)
		return fail_line(why, len, "vcpu.reg_list.count is not the number of IDs (%d)", s->nids);
	if (!(regs = jget(o, "pmu_registers", json_type_object)))
		return fail_line(why, len, "vcpu.pmu_registers is missing or not an object");
	if (read_pmu_regs(regs, s, why, len))
		return -1;
	s->recorded = true;
	return 0;
}

int vcpu_from_json(jobj *o, struct vcpu_state *s, char *why, size_t len)
{
	jobj *v;

	vcpu_state_clear(s);
	if (!o || !json_object_is_type(o, json_type_object))
		return fail_line(why, len, "vcpu is not an object");
	if (!(v = jget(o, "recorded", json_type_boolean)))
		return fail_line(why, len, "vcpu.recorded is missing or not a boolean");
	if (!json_object_get_boolean(v)) {
		if (!(v = jget(o, "why", json_type_string)) ||
		    (size_t)json_object_get_string_len(v) >= sizeof(s->why))
			return fail_line(why, len, "vcpu.why is missing, not a string, or longer than %zu bytes",
				   sizeof(s->why) - 1);
		scrub_controls(s->why, sizeof(s->why), json_object_get_string(v), false);
		return 0;
	}
	if (read_recorded(o, s, why, len)) {
		vcpu_state_clear(s);
		return -1;
	}
	return 0;
}
