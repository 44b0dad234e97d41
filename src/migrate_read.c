/* SPDX-License-Identifier: GPL-2.0-or-later */
/* migrate_read.c - see migrate_read.h. */
#include "migrate_read.h"

#include <errno.h>
#include <fcntl.h>
#include <json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json_in.h"
#include "memtree.h"
#include "migrate.h"
#include "tar.h"
#include "util.h"
#include "vcpu_json.h"

typedef struct json_object jobj;

#define REPORT_IN_CAPTURE "kvm-pmu-info.json"
#define JSON_DEPTH_MAX 32
#define NAME_MAX_LEN 255

/* A string member of at most MAX bytes, no NUL, strdup'ed; NULL for JSON
 * null or absence when NULLABLE.  0, or -1. */
static int str_of(jobj *o, const char *key, bool nullable, size_t max, char **out)
{
	jobj *v;
	size_t n;

	*out = NULL;
	if (!json_object_object_get_ex(o, key, &v) || !v)
		return nullable ? 0 : -1;
	if (!json_object_is_type(v, json_type_string))
		return -1;
	n = (size_t)json_object_get_string_len(v);
	if (n > max || memchr(json_object_get_string(v), '\0', n))
		return -1;
	*out = strdup(json_object_get_string(v));
	return *out ? 0 : -1;
}

/* A nullable boolean or hex member into N (reason WHY when null). */
static int nval_of(jobj *o, const char *key, bool boolean, struct nval *n)
{
	jobj *v;

	memset(n, 0, sizeof(*n));
	if (!json_object_object_get_ex(o, key, &v) || !v) {
		why_set(n->why, sizeof(n->why), "null in the source's report");
		return 0;
	}
	n->set = true;
	if (boolean) {
		n->v = json_object_get_boolean(v);
		return json_object_is_type(v, json_type_boolean) ? 0 : -1;
	}
	return jhex_parse(v, &n->v);
}

static int status_of(const char *s, enum mode_status *st)
{
	for (int i = 0; i <= MODE_UNSUPPORTED; i++)
		if (!strcmp(s, mode_status_name((enum mode_status)i))) {
			*st = (enum mode_status)i;
			return 0;
		}
	return -1;
}

/* registers and undef of an ok mode: the report writes null for an
 * UNDEFed register and its ESR under undef. */
static int read_regs(jobj *mo, struct guest_view *g, char *err, size_t len, const char *at)
{
	jobj *regs = jget(mo, "registers", json_type_object), *undef, *v;

	if (!regs)
		return fail_line(err, len, "%s.registers is missing or not an object", at);
	undef = jget(mo, "undef", json_type_object);
	for (int i = 0; i < GREG_N; i++) {
		const char *name = guest_reg_name((enum guest_reg)i);

		if (json_object_object_get_ex(regs, name, &v) && v) {
			if (jhex_parse(v, &g->reg[i]))
				return fail_line(err, len, "%s.registers.%s is not a hex string", at, name);
			g->read[i] = true;
		}
		if (undef && json_object_object_get_ex(undef, name, &v) && v) {
			if (jhex_parse(v, &g->esr[i]))
				return fail_line(err, len, "%s.undef.%s is not a hex string", at, name);
			g->read[i] = g->undef[i] = true;
			g->reg[i] = ~0ULL;
		}
	}
	return 0;
}

static int read_mode(jobj *mo, struct guest_view *g, char *err, size_t len, const char *at)
{
	jobj *v;
	char *s = NULL, why[WHY_MAX];
	int ret;

	if (!json_object_is_type(mo, json_type_object))
		return fail_line(err, len, "%s is not an object", at);
	if (str_of(mo, "status", false, 32, &s) || status_of(s, &g->status)) {
		free(s);
		return fail_line(err, len, "%s.status is not a probe status", at);
	}
	free(s);
	if (str_of(mo, "error", true, 4096, &s))
		return fail_line(err, len, "%s.error is not a string", at);
	scrub_controls(g->error, sizeof(g->error), s ? s : "", false);
	free(s);
	if (g->status != MODE_OK)
		return 0;
	if (read_regs(mo, g, err, len, at))
		return -1;
	if (!json_object_object_get_ex(mo, "vcpu", &v)) {
		why_set(g->vcpu.why, sizeof(g->vcpu.why), "the source's report predates register "
			"lists: run its kvm-pmu-info again with this release");
		return 0;
	}
	ret = vcpu_from_json(v, &g->vcpu, why, sizeof(why));
	return ret ? fail_line(err, len, "%s.%s", at, why) : 0;
}

static int read_pmu(jobj *o, struct pmu *p, char *err, size_t len, int i)
{
	jobj *g, *caps, *mo;
	char at[64];

	if (!json_object_is_type(o, json_type_object))
		return fail_line(err, len, "pmus[%d] is not an object", i);
	if (str_of(o, "name", false, NAME_MAX_LEN, &p->name))
		return fail_line(err, len, "pmus[%d].name is missing, not a string, or longer than %d bytes",
			   i, NAME_MAX_LEN);
	if (!jget(o, "core", json_type_boolean))
		return fail_line(err, len, "pmus[%d].core is missing or not a boolean", i);
	p->core = json_object_get_boolean(jget(o, "core", json_type_boolean));
	if (!p->core)
		return 0;
	if (nval_of(o, "midr_el1", false, &p->midr))
		return fail_line(err, len, "pmus[%d].midr_el1 is not a hex string", i);
	caps = jget(o, "caps", json_type_object);
	if (caps && jget(caps, "slots", json_type_int)) {
		int64_t v = json_object_get_int64(jget(caps, "slots", json_type_int));

		if (v < 0 || v > 255)
			return fail_line(err, len, "pmus[%d].caps.slots is out of range", i);
		nval_set(&p->slots, (uint64_t)v);
	}
	if (!json_object_object_get_ex(o, "guest", &g) || !g)
		return 0;
	if (!json_object_is_type(g, json_type_object))
		return fail_line(err, len, "pmus[%d].guest is not an object", i);
	p->probed = true;
	for (int m = 0; m < MODE_N; m++) {
		snprintf(at, sizeof(at), "pmus[%d].guest.%s", i, mode_name((enum probe_mode)m));
		if (!json_object_object_get_ex(g, mode_name((enum probe_mode)m), &mo) || !mo)
			return fail_line(err, len, "%s is missing", at);
		if (read_mode(mo, &p->guest[m], err, len, at))
			return -1;
	}
	return 0;
}

static int read_root(jobj *root, struct report *r, char *err, size_t len)
{
	jobj *host, *kvm, *caps, *pmus;
	size_t n;
	int cores = 0;

	if (!json_object_is_type(root, json_type_object) || !jget(root, "schema_version", json_type_int))
		return fail_line(err, len, "not a kvm-pmu-info JSON report (no schema_version)");
	if (!(host = jget(root, "host", json_type_object)) ||
	    str_of(host, "kernel", true, 256, &r->kernel.s))
		return fail_line(err, len, "host.kernel is missing or not a string");
	if (!(kvm = jget(root, "kvm", json_type_object)) ||
	    !(caps = jget(kvm, "capabilities", json_type_object)) ||
	    nval_of(caps, "arm_pmu_v3", true, &r->cap_pmu_v3) ||
	    nval_of(caps, "arm_pmu_v3_strict", true, &r->cap_pmu_v3_strict))
		return fail_line(err, len, "kvm.capabilities is missing or malformed");
	if (!(pmus = jget(root, "pmus", json_type_array)))
		return fail_line(err, len, "pmus is missing or not an array");
	n = json_object_array_length(pmus);
	if (n > MIG_REPORT_PMUS_MAX)
		return fail_line(err, len, "%zu PMUs; at most %d are read", n, MIG_REPORT_PMUS_MAX);
	r->pmus = calloc(n ? n : 1, sizeof(*r->pmus));
	if (!r->pmus)
		return fail_line(err, len, "out of memory");
	for (size_t i = 0; i < n; i++) {
		struct pmu *p = &r->pmus[r->npmus++];

		if (read_pmu(json_object_array_get_idx(pmus, i), p, err, len, (int)i))
			return -1;
		if (p->core && ++cores > MIG_PMUS_MAX)
			return fail_line(err, len, "more than %d core PMUs", MIG_PMUS_MAX);
	}
	return 0;
}

static int read_json(const char *json, size_t len, struct report *r, char *err, size_t errlen)
{
	char why[128];
	jobj *root;
	int ret;

	if (memchr(json, '\0', len))
		return fail_line(err, errlen, "the report holds a NUL byte: not JSON text");
	root = json_in_parse(json, len, JSON_DEPTH_MAX, why, sizeof(why));
	if (!root)
		return fail_line(err, errlen, "not a JSON report (%s)", why);
	ret = read_root(root, r, err, errlen);
	json_object_put(root);
	return ret;
}

int migrate_read(const unsigned char *data, size_t len, struct report *r, char *err,
		 size_t errlen)
{
	struct memtree t;
	const struct memtree_node *n;
	bool dir;
	int ret;

	if (len > MIG_REPORT_MAX)
		return fail_line(err, errlen, "larger than %u bytes", MIG_REPORT_MAX);
	if (len < 2 || data[0] != 0x1f || data[1] != 0x8b)
		return read_json((const char *)data, len, r, err, errlen);
	memtree_init(&t);
	ret = tar_read_gz(data, len, &t, err, errlen);
	if (!ret) {
		n = memtree_find(&t, REPORT_IN_CAPTURE, &dir);
		if (!n || dir)
			ret = fail_line(err, errlen, "the archive holds no " REPORT_IN_CAPTURE
				  ": not a kvm-pmu-info --capture");
		else
			ret = read_json((const char *)n->data, n->len, r, err, errlen);
	}
	memtree_free(&t);
	return ret;
}

int migrate_read_file(const char *file, struct report *r, char *err, size_t errlen)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	unsigned char *buf = NULL;
	struct stat st;
	size_t got = 0;
	int ret = -1;

	if (fd < 0)
		return fail_line(err, errlen, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		fail_line(err, errlen, "not a regular file");
		goto out;
	}
	if ((uint64_t)st.st_size > MIG_REPORT_MAX) {
		fail_line(err, errlen, "%lld bytes; a report or capture has at most %u",
		    (long long)st.st_size, MIG_REPORT_MAX);
		goto out;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		fail_line(err, errlen, "out of memory");
		goto out;
	}
	while (got < (size_t)st.st_size) {
		ssize_t k = read(fd, buf + got, (size_t)st.st_size - got);

		if (k <= 0) {
			fail_line(err, errlen, "cannot read: %s", k ? strerror(errno) : "the file shrank");
			goto out;
		}
		got += (size_t)k;
	}
	ret = migrate_read(buf, got, r, err, errlen);
out:
	free(buf);
	close(fd);
	return ret;
}
