/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pipeline.c - what --replay runs after the inventory, for the fuzz
 * targets: analysis_run() (perf prediction, the VM's own vPMU, the strict
 * contract, event decoding, the verdicts), then all four renderers, each
 * output checked here.  Any invalid output abort()s, so libFuzzer keeps the
 * input.
 *
 * The checks:
 *   text        valid UTF-8, no control byte but '\n' (escape sequences
 *               must not reach a terminal), ends with '\n'; three layouts
 *               (width 100, width 40 with -a -v, -q);
 *   JSON        valid UTF-8, json_tokener parses all of it (nothing after
 *               the value), schema-shaped: the required keys of
 *               schema/kvm-pmu-info.schema.json with their JSON types at
 *               the top level, host, kvm, tool, each PMU, each problem and
 *               the verdicts (enums, patterns and the nested guest, perf
 *               and contract objects are left to tests/schema.test);
 *   Prometheus  the rules of tests/prom-check.py: HELP and TYPE once per
 *               family and before its samples, a family's samples
 *               together, metric and label names, quoted label values
 *               with only \\ \" \n escapes, no label twice in a sample, a
 *               Go float value, no timestamp, no series (name + label set)
 *               twice, a final newline, valid UTF-8;
 *   NFD         every line a comment that is no "# +" directive, or
 *               feature.node.kubernetes.io/NAME=VALUE with NAME and VALUE
 *               Kubernetes label syntax (at most 63 of [A-Za-z0-9._-],
 *               alphanumeric first and last; VALUE not empty), no key
 *               twice. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "pipeline.h"

#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_fail.h"
#include "analysis.h"
#include "render.h"
#include "utf8.h"

static bool utf8_ok(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t k = utf8_valid_seq((const unsigned char *)s + i);

		if (!k || !s[i])
			return false;
		i += k;
	}
	return true;
}

static bool no_controls(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\n') || s[i] == 0x7f)
			return false;
	return true;
}

static void check_text(const char *s, size_t n)
{
	if (!utf8_ok(s, n) || !no_controls(s, n) || (n && s[n - 1] != '\n'))
		abort();
}

/* --- JSON ------------------------------------------------------------ */

#define T(t) (1u << (t))
#define T_NULL T(json_type_null)
#define T_BOOL T(json_type_boolean)
#define T_INT T(json_type_int)
#define T_STR T(json_type_string)
#define T_OBJ T(json_type_object)
#define T_ARR T(json_type_array)

struct key {
	const char *name;
	unsigned types;
};

static void need(json_object *o, const struct key *keys)
{
	if (!json_object_is_type(o, json_type_object))
		abort();
	for (const struct key *k = keys; k->name; k++) {
		json_object *v;

		if (!json_object_object_get_ex(o, k->name, &v))
			abort();
		if (!(k->types & T(json_object_get_type(v))))
			abort();
	}
}

static json_object *get(json_object *o, const char *name)
{
	json_object *v = NULL;

	json_object_object_get_ex(o, name, &v);
	return v;
}

static void need_each(json_object *a, const struct key *keys)
{
	for (size_t i = 0; i < json_object_array_length(a); i++)
		need(json_object_array_get_idx(a, i), keys);
}

static const struct key top_keys[] = {
	{ "schema_version", T_INT }, { "tool", T_OBJ }, { "host", T_OBJ }, { "kvm", T_OBJ },
	{ "pmus", T_ARR }, { "verdict", T_OBJ | T_NULL }, { "vm_verdict", T_OBJ | T_NULL },
	{ "problems", T_ARR }, { NULL, 0 } };
static const struct key tool_keys[] = { { "name", T_STR }, { "version", T_STR }, { NULL, 0 } };
static const struct key host_keys[] = {
	{ "kernel", T_STR | T_NULL }, { "arch", T_STR | T_NULL }, { "arm64", T_BOOL },
	{ "cpus_online", T_STR | T_NULL }, { "cpu_models", T_ARR },
	{ "virtualization", T_OBJ }, { "reasons", T_OBJ }, { NULL, 0 } };
static const struct key model_keys[] = {
	{ "cpus", T_STR }, { "midr_el1", T_STR | T_NULL }, { "core_name", T_STR | T_NULL },
	{ NULL, 0 } };
static const struct key virt_keys[] = {
	{ "vm", T_BOOL | T_NULL }, { "hypervisor", T_STR | T_NULL }, { "product", T_STR | T_NULL },
	{ "source", T_STR | T_NULL }, { "reason", T_STR }, { NULL, 0 } };
static const struct key kvm_keys[] = {
	{ "status", T_STR }, { "error", T_STR | T_NULL }, { "api_version", T_INT | T_NULL },
	{ "capabilities", T_OBJ }, { NULL, 0 } };
static const struct key pmu_keys[] = {
	{ "name", T_STR }, { "type", T_INT | T_NULL }, { "cpus", T_STR | T_NULL },
	{ "core", T_BOOL }, { "midr_el1", T_STR | T_NULL }, { "caps", T_OBJ },
	{ "caps_raw", T_OBJ }, { "events", T_OBJ }, { "reasons", T_OBJ },
	{ "guest", T_OBJ | T_NULL }, { NULL, 0 } };
static const struct key core_keys[] = {
	{ "known_core", T_OBJ | T_NULL }, { "stall_slot_events", T_BOOL | T_NULL },
	{ "expected", T_OBJ | T_NULL }, { "perf", T_OBJ | T_NULL },
	{ "contract", T_OBJ | T_NULL }, { NULL, 0 } };
static const struct key verdict_keys[] = {
	{ "code", T_STR }, { "strict_guests_see_host_slots", T_BOOL | T_NULL },
	{ "default_guests_see_host_slots", T_BOOL | T_NULL },
	{ "needs_vmm_change", T_BOOL | T_NULL }, { "guest_sees_host_slots", T_BOOL | T_NULL },
	{ "summary", T_STR }, { "next_step", T_OBJ }, { NULL, 0 } };
static const struct key vm_verdict_keys[] = {
	{ "code", T_STR }, { "summary", T_STR }, { "next_step", T_OBJ }, { NULL, 0 } };
static const struct key step_keys[] = {
	{ "layer", T_STR | T_NULL }, { "action", T_STR | T_NULL }, { NULL, 0 } };
static const struct key problem_keys[] = { { "path", T_STR }, { "problem", T_STR }, { NULL, 0 } };

static void check_json_shape(json_object *j)
{
	json_object *v, *pmus;

	need(j, top_keys);
	if (json_object_get_int(get(j, "schema_version")) != SCHEMA_VERSION)
		abort();
	need(get(j, "tool"), tool_keys);
	need(get(j, "host"), host_keys);
	need_each(get(get(j, "host"), "cpu_models"), model_keys);
	need(get(get(j, "host"), "virtualization"), virt_keys);
	need(get(j, "kvm"), kvm_keys);
	need_each(get(j, "problems"), problem_keys);
	pmus = get(j, "pmus");
	need_each(pmus, pmu_keys);
	for (size_t i = 0; i < json_object_array_length(pmus); i++) {
		json_object *p = json_object_array_get_idx(pmus, i);

		if (json_object_get_boolean(get(p, "core")))
			need(p, core_keys);
	}
	if ((v = get(j, "verdict"))) {
		need(v, verdict_keys);
		need(get(v, "next_step"), step_keys);
	}
	if ((v = get(j, "vm_verdict"))) {
		need(v, vm_verdict_keys);
		need(get(v, "next_step"), step_keys);
	}
}

static void check_json(const char *s, size_t n)
{
	struct json_tokener *tok;
	json_object *j;

	if (!utf8_ok(s, n))
		abort();
	tok = json_tokener_new();
	if (!tok)
		abort();
	j = json_tokener_parse_ex(tok, s, (int)n);
	/* One value and only white space after it. */
	if (!j || json_tokener_get_error(tok) != json_tokener_success)
		abort();
	for (size_t i = json_tokener_get_parse_end(tok); i < n; i++)
		if (!strchr(" \t\n", s[i]))
			abort();
	check_json_shape(j);
	json_object_put(j);
	json_tokener_free(tok);
}

/* --- Prometheus ------------------------------------------------------ */

static bool metric_char(char c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
	       (!first && c >= '0' && c <= '9');
}

/* The length of the metric name at S (label names: no ':'), 0 if none. */
static size_t name_len(const char *s, bool label)
{
	size_t n = 0;

	while (metric_char(s[n], n == 0) && !(label && s[n] == ':'))
		n++;
	return n;
}

/* A Go float (strconv.ParseFloat as Prometheus takes it), the whole of S. */
static bool go_float(const char *s)
{
	char *end;

	if (!strcmp(s, "NaN") || !strcmp(s, "+Inf") || !strcmp(s, "-Inf") || !strcmp(s, "Inf"))
		return true;
	if (!*s || strpbrk(s, "xXpPnNiI"))
		return false;
	strtod(s, &end);
	return !*end;
}

struct pair {
	const char *p;
	size_t n;          /* name="value" */
	size_t name;       /* the name's length */
};

static int pair_cmp(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	int c = strncmp(x->p, y->p, x->n < y->n ? x->n : y->n);

	return c ? c : (x->n > y->n) - (x->n < y->n);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct prom_state {
	char **series;     /* "name{sorted labels}", to find a series twice */
	size_t nseries, cap;
	char *families[64];
	int nfam;
	char current[128]; /* the family of the last line */
	char *helped, *typed; /* "\n" separated lists */
};

static int family_index(struct prom_state *st, const char *name, size_t n)
{
	for (int i = 0; i < st->nfam; i++)
		if (strlen(st->families[i]) == n && !strncmp(st->families[i], name, n))
			return i;
	return -1;
}

/* A line of family NAME: it must be the current family, or a new one. */
static void enter(struct prom_state *st, const char *name, size_t n)
{
	if (n >= sizeof(st->current))
		abort();
	if (strlen(st->current) == n && !strncmp(st->current, name, n))
		return;
	if (family_index(st, name, n) >= 0 || st->nfam == 64)
		abort();   /* a family resumes after another one */
	st->families[st->nfam++] = strndup(name, n);
	memcpy(st->current, name, n);
	st->current[n] = '\0';
}

/* The labels at S ("{a="x",b="y"}"), sorted into OUT; the end of them. */
static const char *labels(const char *s, char *out, size_t outlen)
{
	struct pair pairs[16];
	int np = 0;
	size_t o = 0;

	if (*s++ != '{')
		abort();
	while (*s != '}') {
		struct pair *pr;
		size_t n = name_len(s, true);

		if (!n || s[n] != '=' || s[n + 1] != '"' || np == 16)
			abort();
		pr = &pairs[np++];
		pr->p = s;
		pr->name = n;
		s += n + 2;
		for (; *s != '"'; s++) {
			if (!*s || *s == '\n')
				abort();
			if (*s == '\\' && !strchr("\\\"n", *++s))
				abort();
		}
		pr->n = (size_t)(++s - pr->p);
		if (*s == ',')
			s++;
		else if (*s != '}')
			abort();
	}
	qsort(pairs, (size_t)np, sizeof(pairs[0]), pair_cmp);
	for (int i = 0; i < np; i++) {
		if (i && pairs[i].name == pairs[i - 1].name &&
		    !strncmp(pairs[i].p, pairs[i - 1].p, pairs[i].name))
			abort();  /* a label twice */
		if (o + pairs[i].n + 2 > outlen)
			abort();
		memcpy(out + o, pairs[i].p, pairs[i].n);
		o += pairs[i].n;
		out[o++] = ',';
	}
	out[o] = '\0';
	return s + 1;
}

static void prom_sample(struct prom_state *st, const char *line)
{
	size_t n = name_len(line, false);
	char lab[4096] = "", *key;
	const char *s = line + n;

	if (!n)
		abort();
	enter(st, line, n);
	if (*s == '{')
		s = labels(s, lab, sizeof(lab));
	if (*s++ != ' ' || strchr(s, ' ') || !go_float(s))
		abort();   /* one value, no timestamp */
	if (asprintf(&key, "%.*s{%s}", (int)n, line, lab) < 0)
		abort();
	if (st->nseries == st->cap) {
		st->cap = st->cap ? 2 * st->cap : 64;
		st->series = realloc(st->series, st->cap * sizeof(*st->series));
		if (!st->series)
			abort();
	}
	st->series[st->nseries++] = key;
	/* A sample after its family's HELP/TYPE: they came first or never. */
}

/* "# HELP name text" / "# TYPE name type", once per family, before its
 * samples (the family must still be the current one and not sampled). */
static void prom_meta(struct prom_state *st, const char *line, bool help)
{
	const char *name = line + 7, *rest;
	size_t n = name_len(name, false);
	char **list = help ? &st->helped : &st->typed, *mark;

	if (!n || name[n] != ' ')
		abort();
	rest = name + n + 1;
	if (help) {
		for (const char *p = rest; *p; p++)
			if (*p == '\\' && !strchr("\\n", *++p))
				abort();
	} else if (strcmp(rest, "gauge") && strcmp(rest, "counter") && strcmp(rest, "untyped") &&
		   strcmp(rest, "histogram") && strcmp(rest, "summary")) {
		abort();
	}
	enter(st, name, n);
	for (size_t i = 0; i < st->nseries; i++)
		if (!strncmp(st->series[i], name, n) && st->series[i][n] == '{')
			abort();   /* HELP or TYPE after a sample */
	if (asprintf(&mark, "\n%.*s\n", (int)n, name) < 0)
		abort();
	if (*list && strstr(*list, mark))
		abort();   /* twice */
	{
		char *nl;

		if (asprintf(&nl, "%s%s", *list ? *list : "", mark) < 0)
			abort();
		free(*list);
		*list = nl;
	}
	free(mark);
}

static void check_prom(const char *s, size_t n)
{
	struct prom_state st = { 0 };
	char *copy, *line, *save = NULL;

	if (!utf8_ok(s, n) || (n && s[n - 1] != '\n') || memchr(s, '\0', n))
		abort();
	copy = strndup(s, n);
	if (!copy)
		abort();
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "# HELP ", 7))
			prom_meta(&st, line, true);
		else if (!strncmp(line, "# TYPE ", 7))
			prom_meta(&st, line, false);
		else if (line[0] != '#')
			prom_sample(&st, line);
	}
	qsort(st.series, st.nseries, sizeof(*st.series), str_cmp);
	for (size_t i = 1; i < st.nseries; i++)
		if (!strcmp(st.series[i], st.series[i - 1]))
			abort();   /* one series twice */
	for (size_t i = 0; i < st.nseries; i++)
		free(st.series[i]);
	for (int i = 0; i < st.nfam; i++)
		free(st.families[i]);
	free(st.series);
	free(st.helped);
	free(st.typed);
	free(copy);
}

/* --- NFD ------------------------------------------------------------- */

static bool alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Kubernetes label name or value syntax, N bytes at S. */
static bool label_syntax(const char *s, size_t n)
{
	if (!n || n > 63 || !alnum(s[0]) || !alnum(s[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!alnum(s[i]) && !strchr("-_.", s[i]))
			return false;
	return true;
}

#define NFD_NS "feature.node.kubernetes.io/"

static void check_nfd(const char *s, size_t n)
{
	char keys[64][80];
	int nkeys = 0;

	if (!utf8_ok(s, n) || !no_controls(s, n) || (n && s[n - 1] != '\n'))
		abort();
	for (const char *line = s; line < s + n;) {
		const char *end = memchr(line, '\n', (size_t)(s + n - line));
		const char *eq, *name = line + strlen(NFD_NS);
		size_t len = (size_t)(end - line);

		if (line[0] == '#') {
			if (len >= 3 && !strncmp(line, "# +", 3))
				abort();   /* a directive nfd-worker would refuse */
		} else {
			eq = memchr(line, '=', len);
			if (!eq || strncmp(line, NFD_NS, strlen(NFD_NS)) || eq < name ||
			    !label_syntax(name, (size_t)(eq - name)) ||
			    !label_syntax(eq + 1, (size_t)(end - eq - 1)) || nkeys == 64)
				abort();
			snprintf(keys[nkeys], sizeof(keys[0]), "%.*s", (int)(eq - name), name);
			for (int i = 0; i < nkeys; i++)
				if (!strcmp(keys[i], keys[nkeys]))
					abort();   /* a key twice */
			nkeys++;
		}
		line = end + 1;
	}
}

/* --- The pipeline ----------------------------------------------------- */

enum fmt { F_TEXT, F_JSON, F_PROM, F_NFD };

/* The stream a renderer is writing to, static so that
 * fuzz_pipeline_abandon() can close it after a longjmp. */
static FILE *stream;
static char *stream_buf;
static size_t stream_len;

void fuzz_pipeline_abandon(void)
{
	if (stream)
		fclose(stream);
	free(stream_buf);
	stream = NULL;
	stream_buf = NULL;
}

/* R rendered in FMT into a buffer (the caller frees it), *LEN bytes. */
static char *render(const struct report *r, enum fmt fmt, const struct text_opts *to,
		    bool pretty, size_t *len)
{
	char *buf;
	int ret;

	fuzz_alloc_pause(true);
	stream = open_memstream(&stream_buf, &stream_len);
	fuzz_alloc_pause(false);
	if (!stream)
		abort();
	ret = fmt == F_TEXT ? render_text(r, stream, to) : fmt == F_JSON ? render_json(r, stream, pretty)
	    : fmt == F_PROM ? render_prometheus(r, stream) : render_nfd(r, stream);
	if (ret || ferror(stream))
		abort();
	fuzz_alloc_pause(true);
	if (fclose(stream) || !stream_buf)
		abort();
	fuzz_alloc_pause(false);
	stream = NULL;
	buf = stream_buf;
	*len = stream_len;
	stream_buf = NULL;
	return buf;
}

static void render_check(const struct report *r, enum fmt fmt, const struct text_opts *to,
			 bool pretty)
{
	size_t len = 0;
	char *s = render(r, fmt, to, pretty, &len);

	fuzz_alloc_pause(true);
	if (fmt == F_TEXT)
		check_text(s, len);
	else if (fmt == F_JSON)
		check_json(s, len);
	else if (fmt == F_PROM)
		check_prom(s, len);
	else
		check_nfd(s, len);
	fuzz_alloc_pause(false);
	free(s);
}

void fuzz_pipeline(struct report *r, unsigned variant)
{
	static const struct text_opts layouts[] = {
		{ .width = 100 },
		{ .width = 40, .all = true, .verbose = true },
		{ .quiet = true, .width = 100 },
	};

	if (analysis_run(r, NULL))
		abort();
	render_check(r, F_JSON, NULL, variant & 1);
	render_check(r, F_TEXT, &layouts[variant % 3], false);
	render_check(r, F_PROM, NULL, false);
	render_check(r, F_NFD, NULL, false);
}
