/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_replay.c - the --replay reader: the in-memory tree, the ustar subset
 * reader on good and hostile archives (built here byte by byte), the gzip
 * caps, and the probe record written and read back field by field.
 *
 * Guest values are those the README's sample shows, read by a strict-mode
 * guest on Debian's 7.3.4 kernel under QEMU -cpu max with PMMIR SLOTS 8;
 * the UNDEF's ESR 0x2000000 is what the VM matrix asserts for -cpu
 * cortex-a76 (PMUv3p1: no PMMIR_EL1).  The kernel log lines are from
 * Debian's 7.3.4 kernel booted by tests/vm/run-tool (klogctl READ_ALL), the
 * config lines from its 6.12.117 package's /boot/config-6.12.117+deb13-arm64. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "gzip.h"
#include "kernel_text.h"
#include "memtree.h"
#include "model.h"
#include "probe_record.h"
#include "sysfs.h"
#include "alloc_track.h"
#include "tap.h"
#include "tar.h"

/* ---- what the reader leaves allocated ----
 *
 * A dropped free() changes no output: the sanitizer step sees it, the fast
 * suite does not.  This program is linked with tests/unit/alloc_track.c
 * and -Wl,--wrap for the allocator (Makefile.am), which notes every block
 * src/libkpi.a and this file allocate while it lives: a reader that
 * returns (refusing or not) and whose tree is freed must leave none. */

/* ---- a tar built by hand ---- */

struct tar {
	unsigned char *b;
	size_t len;
};

/* One header (and data): SIZE_FIELD, when given, is written verbatim into
 * the 12-byte size field, so hostile sizes can be made. */
static void member(struct tar *t, const char *name, char type, const char *data,
		   const char *size_field)
{
	size_t n = data ? strlen(data) : 0, pad = (n + 511) / 512 * 512;
	unsigned char *h;
	unsigned sum = 0;

	t->b = realloc(t->b, t->len + 512 + pad);
	h = t->b + t->len;
	memset(h, 0, 512 + pad);
	memcpy(h, name, strlen(name) < 100 ? strlen(name) : 100);
	memcpy(h + 100, "0000644", 7);
	memcpy(h + 108, "0000000", 7);
	memcpy(h + 116, "0000000", 7);
	if (size_field)
		memcpy(h + 124, size_field, 12);
	else
		snprintf((char *)h + 124, 12, "%011o", (unsigned)n & 07777777777u);
	memcpy(h + 136, "00000000000", 11);
	memset(h + 148, ' ', 8);
	h[156] = (unsigned char)type;
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	for (int i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
	h[155] = ' ';
	if (n)
		memcpy(h + 512, data, n);
	t->len += 512 + pad;
}

static void end(struct tar *t)
{
	t->b = realloc(t->b, t->len + 1024);
	memset(t->b + t->len, 0, 1024);
	t->len += 1024;
}

static int read_tar(struct tar *t, struct memtree *m, char *err, size_t errlen)
{
	int ret;

	memtree_init(m);
	ret = tar_read(t->b, t->len, m, err, errlen);
	free(t->b);
	t->b = NULL;
	t->len = 0;
	return ret;
}

static void refused(struct tar *t, const char *what, const char *want)
{
	struct memtree m;
	char err[512] = "";
	int ret = read_tar(t, &m, err, sizeof(err));

	ok(ret == -1 && strstr(err, want) && !strchr(err, '\n'), "%s: refused (%s)", what, err);
	memtree_free(&m);
}

static void test_tree(void)
{
	struct tar t = { 0 };
	struct memtree m;
	struct sysroot root;
	char err[512] = "", buf[64], **names;
	int n;

	member(&t, "sys/", '5', NULL, NULL);
	member(&t, "sys/bus/event_source/devices/armv8_pmuv3/type", '0', "10\n", NULL);
	member(&t, "sys/bus/event_source/devices/armv8_pmuv3/caps/slots", '0', "0x00000008\n", NULL);
	member(&t, "sys/bus/event_source/devices/armv8_pmuv3-x/type", '0', "11\n", NULL);
	member(&t, "sys/bus/event_source/devices/armv8_pmuv3/events/", '5', NULL, NULL);
	member(&t, "nul", '\0', "a\0b", NULL);     /* strlen: "a" */
	end(&t);
	ok(read_tar(&t, &m, err, sizeof(err)) == 0, "a ustar archive with files and directories reads (%s)", err);
	sysroot_open_mem(&root, &m, "t.tar.gz");
	ok(sysfs_read(&root, "sys/bus/event_source/devices/armv8_pmuv3/type", buf, sizeof(buf)) == 0 &&
	   !strcmp(buf, "10"), "sysfs_read through the tree, newline trimmed ('%s')", buf);
	ok(sysfs_read(&root, "sys/bus/event_source/devices/armv8_pmuv3/caps", buf, sizeof(buf)) == -EISDIR,
	   "a directory read is -EISDIR, as on disk");
	ok(sysfs_read(&root, "sys/none", buf, sizeof(buf)) == -ENOENT, "a missing file is -ENOENT");
	ok(sysfs_read(&root, "sys/bus/event_source/devices/armv8_pmuv3/caps/slots", buf, 5) == -EFBIG,
	   "a value longer than the buffer is -EFBIG");
	n = sysfs_list(&root, "sys/bus/event_source/devices", &names);
	ok(n == 2 && !strcmp(names[0], "armv8_pmuv3") && !strcmp(names[1], "armv8_pmuv3-x"),
	   "listing: implicit parents appear, sorted, one level only (%d)", n);
	sysfs_names_free(names, n);
	n = sysfs_list(&root, "sys/bus/event_source/devices/armv8_pmuv3", &names);
	ok(n == 3 && !strcmp(names[0], "caps") && !strcmp(names[1], "events") &&
	   !strcmp(names[2], "type"), "listing a PMU: caps events type (%d)", n);
	sysfs_names_free(names, n);
	n = sysfs_list(&root, "sys/bus/event_source/devices/armv8_pmuv3/events", &names);
	ok(n == 0, "an explicit empty directory lists empty (%d)", n);
	sysfs_names_free(names, n);
	n = sysfs_list(&root, ".", &names);
	ok(n == 2 && !strcmp(names[0], "nul") && !strcmp(names[1], "sys"), "the root lists (%d)", n);
	sysfs_names_free(names, n);
	ok(sysfs_list(&root, "sys/bus/event_source/devices/armv8_pmuv3/type", &names) == -ENOTDIR,
	   "listing a file is -ENOTDIR");
	ok(sysfs_exists(&root, "sys/bus") && sysfs_absent(&root, "sys/bu") && !sysfs_absent(&root, "sys"),
	   "exists/absent on the tree");
	ok(sysfs_open(&root, "sys", 0) == -EOPNOTSUPP, "no fd from an in-memory root");
	memtree_free(&m);

	ok(memtree_clean_path("a/b") && memtree_clean_path("a/") && !memtree_clean_path("/a") &&
	   !memtree_clean_path("a/../b") && !memtree_clean_path("..") && !memtree_clean_path("./a") &&
	   !memtree_clean_path("a//b") && !memtree_clean_path(""), "clean relative paths only");
}

static void test_hostile(void)
{
	struct tar t = { 0 };
	char name[120];

	member(&t, "../etc/passwd", '0', "x", NULL); end(&t);
	refused(&t, "path traversal", "not a clean relative path");
	member(&t, "sys/a/../../b", '0', "x", NULL); end(&t);
	refused(&t, "'..' inside a path", "not a clean relative path");
	member(&t, "/etc/passwd", '0', "x", NULL); end(&t);
	refused(&t, "an absolute path", "not a clean relative path");
	member(&t, "sys/link", '2', NULL, NULL); end(&t);
	refused(&t, "a symlink member", "is a symbolic link");
	member(&t, "sys/hard", '1', NULL, NULL); end(&t);
	refused(&t, "a hard link member", "is a hard link");
	member(&t, "dev/kvm", '3', NULL, NULL); end(&t);
	refused(&t, "a character device", "is a character device");
	member(&t, "fifo", '6', NULL, NULL); end(&t);
	refused(&t, "a FIFO", "is a FIFO");
	member(&t, "pax", 'x', NULL, NULL); end(&t);
	refused(&t, "a pax header", "pax extended header");
	member(&t, "a", '0', "1", NULL); member(&t, "a", '0', "2", NULL); end(&t);
	refused(&t, "a duplicate member", "member 'a' appears twice");
	member(&t, "a", '0', "1", NULL); member(&t, "a/b", '0', "2", NULL); end(&t);
	refused(&t, "a file that is also a directory", "member 'a' appears twice");
	member(&t, "a", '0', "1", "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"); end(&t);
	refused(&t, "a negative (base-256) size", "not an octal number");
	member(&t, "a", '0', "1", "-0000000001"); end(&t);
	refused(&t, "a minus sign in the size", "not an octal number");
	member(&t, "a", '0', "1", "20000000000"); end(&t);
	refused(&t, "a 2 GiB size field", "claims 2147483648 bytes");
	member(&t, "a", '0', "1", "00000004001"); end(&t);
	refused(&t, "a size past the end of the archive", "truncated inside member 'a'");
	member(&t, "a", '0', "1", NULL);
	refused(&t, "no end-of-archive blocks", "without its end-of-archive blocks");
	member(&t, "a", '0', "1", NULL); end(&t);
	t.b[100] ^= 1;
	refused(&t, "a bad checksum", "bad checksum");
	member(&t, "a", '0', "1", NULL); end(&t);
	memcpy(t.b + 257, "xxxxx", 5);
	refused(&t, "not a ustar header", "not a ustar header");
	member(&t, "sys/\x1b[2J\x01", '2', NULL, NULL); end(&t);
	refused(&t, "control bytes in a name are escaped", "sys/\\x1b[2J\\x01");
	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	member(&t, "d", '5', "x", NULL); end(&t);
	refused(&t, "a directory with data", "the limit is 0 for a directory");
}

static unsigned char *gzip(const unsigned char *in, size_t n, size_t *out_len)
{
	z_stream zs = { 0 };
	size_t cap = deflateBound(&zs, (uLong)n) + 64;
	unsigned char *out = malloc(cap + 1024);

	deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
	cap = compressBound((uLong)n) + 1024;
	out = realloc(out, cap);
	zs.next_in = (unsigned char *)in;
	zs.avail_in = (uInt)n;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	deflate(&zs, Z_FINISH);
	*out_len = zs.total_out;
	deflateEnd(&zs);
	return out;
}

static void gz_case(const unsigned char *gz, size_t n, const char *what, const char *want)
{
	struct memtree m;
	char err[512] = "";
	size_t before = alloc_track_live();
	int ret;

	memtree_init(&m);
	ret = tar_read_gz(gz, n, &m, err, sizeof(err));
	memtree_free(&m);
	if (want)
		ok(ret == -1 && strstr(err, want), "%s: refused (%s)", what, err);
	else
		ok(ret == 0, "%s: reads (%s)", what, err);
	ok(alloc_track_live() == before, "%s: nothing left allocated (%zu blocks)", what,
	   alloc_track_live() - before);
}

static void test_gzip(void)
{
	struct tar t = { 0 };
	size_t n, big = (size_t)TAR_ARCHIVE_MAX + 4096;
	unsigned char *gz, *zeros;

	member(&t, "a", '0', "1", NULL); end(&t);
	gz = gzip(t.b, t.len, &n);
	gz_case(gz, n, "a gzip'ed archive", NULL);
	gz_case(gz, n - 12, "a truncated gzip", "truncated");
	gz_case(t.b, t.len, "an uncompressed tar", "not a gzip file");
	gz[n / 2] ^= 0xff;
	gz_case(gz, n, "corrupt deflate data", "gzip");
	free(gz);
	free(t.b);
	t.b = NULL;
	t.len = 0;
	/* inflated whole, then refused by the tar reader */
	member(&t, "sys/../escape", '0', "1", NULL); end(&t);
	gz = gzip(t.b, t.len, &n);
	gz_case(gz, n, "an archive refused once inflated ('..' in a name)", "not a clean relative path");
	free(gz);
	free(t.b);
	zeros = calloc(1, big);
	gz = gzip(zeros, big, &n);
	gz_case(gz, n, "a gzip bomb (64 MiB of zeros)", "inflates to more than 64 MiB");
	ok(n < 128 * 1024, "... from a file of %zu bytes", n);
	free(gz);
	free(zeros);
	/* one byte over the member cap (1 MiB): refused by its size field,
	 * gzip'ed (the reader's window) and not (the buffer parsed in place) */
	t.b = NULL;
	t.len = 0;
	zeros = malloc(TAR_MEMBER_MAX + 2);
	memset(zeros, 'x', TAR_MEMBER_MAX + 1);
	zeros[TAR_MEMBER_MAX + 1] = '\0';
	member(&t, "big", '0', (const char *)zeros, NULL); end(&t);
	gz = gzip(t.b, t.len, &n);
	gz_case(gz, n, "a member of 1 MiB + 1 byte", "claims 1048577 bytes; the limit is 1 MiB");
	{
		struct memtree m;
		char err[512] = "";

		memtree_init(&m);
		ok(tar_read(t.b, t.len, &m, err, sizeof(err)) == -1 &&
		   strstr(err, "claims 1048577 bytes; the limit is 1 MiB"),
		   "... uncompressed too (%s)", err);
		memtree_free(&m);
	}
	free(gz);
	free(t.b);
	free(zeros);
}

/* gzip_inflate(), the whole-buffer inflate of /proc/config.gz: its errors
 * leave nothing allocated either. */
static void test_gzip_whole(void)
{
	static const char text[] = "CONFIG_KVM=y\nCONFIG_ARM_PMUV3=y\n";
	unsigned char *gz, *out = NULL;
	size_t n, outlen;
	char why[128];
	size_t before = alloc_track_live();

	gz = gzip((const unsigned char *)text, sizeof(text) - 1, &n);
	ok(!gzip_inflate(gz, n, 1 << 20, &out, &outlen, why, sizeof(why)) &&
	   outlen == sizeof(text) - 1 && !memcmp(out, text, outlen), "gzip_inflate: the text back");
	free(out);
	ok(gzip_inflate(gz, n - 12, 1 << 20, &out, &outlen, why, sizeof(why)) == -EPIPE && !out,
	   "gzip_inflate: a truncated stream is -EPIPE");
	ok(gzip_inflate(gz, n, 8, &out, &outlen, why, sizeof(why)) == -EFBIG && !out,
	   "gzip_inflate: past MAX is -EFBIG");
	gz[n / 2] ^= 0xff;
	ok(gzip_inflate(gz, n, 1 << 20, &out, &outlen, why, sizeof(why)) == -EILSEQ && !out,
	   "gzip_inflate: corrupt data is -EILSEQ (%s)", why);
	free(gz);
	ok(alloc_track_live() == before, "gzip_inflate: nothing left allocated (%zu blocks)",
	   alloc_track_live() - before);
}

/* ---- the probe record ---- */

static void fill(struct report *r, struct pmu *p)
{
	static const uint64_t strict[GREG_N] = { 0xf0510, 0x10305609, 0x3000, 0x40020001,
						 0x10000018, 0x8 };
	struct guest_view *s = &p->guest[MODE_STRICT], *l = &p->guest[MODE_LEGACY];

	r->kvm = KVM_OK;
	nval_set(&r->kvm_api, 12);
	nval_set(&r->cap_pmu_v3, 1);
	nval_why(&r->cap_pmu_v3_strict, "KVM_CHECK_EXTENSION(251): %s", "Invalid argument");
	p->name = strdup("armv8_pmuv3");
	p->probed = true;
	s->status = MODE_OK;
	for (int i = 0; i < GREG_N; i++) {
		s->read[i] = true;
		s->reg[i] = strict[i];
	}
	nval_set(&s->user_pmmir, 0x8);
	s->reg_list_ok = s->pmmir_in_list = true;
	s->time_us = 36012;
	*l = *s;
	l->undef[GREG_PMMIR] = true;
	l->esr[GREG_PMMIR] = 0x2000000;
	l->reg[GREG_PMMIR] = 0;
	nval_why(&l->user_pmmir, "KVM_GET_ONE_REG: No such file or directory (ENOENT)");
	l->pmmir_in_list = false;
}

static bool same_view(const struct guest_view *a, const struct guest_view *b)
{
	return a->status == b->status && !strcmp(a->error, b->error) && a->step == b->step &&
	       a->err == b->err && !memcmp(a->read, b->read, sizeof(a->read)) &&
	       !memcmp(a->undef, b->undef, sizeof(a->undef)) && !memcmp(a->reg, b->reg, sizeof(a->reg)) &&
	       !memcmp(a->esr, b->esr, sizeof(a->esr)) && a->user_pmmir.set == b->user_pmmir.set &&
	       (!a->user_pmmir.set || a->user_pmmir.v == b->user_pmmir.v) && !strcmp(a->user_pmmir.why, b->user_pmmir.why) &&
	       a->reg_list_ok == b->reg_list_ok && a->pmmir_in_list == b->pmmir_in_list &&
	       a->time_us == b->time_us;
}

static int read_back(struct report *out, const char *json, const bool modes[MODE_N], char *err,
		     size_t errlen)
{
	report_init(out);
	out->pmus = calloc(1, sizeof(*out->pmus));
	out->npmus = 1;
	out->pmus[0].name = strdup("armv8_pmuv3");
	return probe_record_read(out, json, strlen(json), modes, false, err, errlen);
}

static void record_refused(const char *json, const char *from, const char *to, const char *want)
{
	static const bool both[MODE_N] = { true, true };
	char *bad = NULL, err[512] = "";
	const char *at = strstr(json, from);
	struct report r;

	/* gcc 12 with -fsanitize=undefined at -O1 takes strstr()'s nonnull
	 * check as a path where FROM is NULL (-Wformat-overflow); the ternary
	 * keeps the ASan/UBSan build of this test warning-free. */
	if (!ok(at != NULL, "record has '%s' to break", from ? from : ""))
		return;
	if (asprintf(&bad, "%.*s%s%s", (int)(at - json), json, to, at + strlen(from)) < 0)
		return;
	ok(read_back(&r, bad, both, err, sizeof(err)) == -1 && strstr(err, want) &&
	   !strncmp(err, "probe.json: ", 12), "record with %s: refused (%s)", to, err);
	report_free(&r);
	free(bad);
}

static void test_record(void)
{
	static const bool both[MODE_N] = { true, true }, strict_only[MODE_N] = { false, true };
	struct report r, back;
	struct pmu *p;
	struct probe_host h = { "host1", "7.3.4+deb13-arm64", "aarch64" };
	char *json, err[512] = "";
	int ret;

	report_init(&r);
	r.pmus = p = calloc(2, sizeof(*p));
	r.npmus = 2;
	fill(&r, p);
	p->guest[MODE_STRICT].status = MODE_FAILED;
	p->guest[MODE_STRICT].step = PSTEP_KVM_ARM_VCPU_INIT;
	snprintf(p->guest[MODE_STRICT].error, sizeof(p->guest[MODE_STRICT].error),
		 "KVM_ARM_VCPU_INIT: No such file or directory (ENOENT)");
	p->guest[MODE_STRICT].err = ENOENT;
	p[1].name = strdup("not_probed_pmu");
	json = probe_record_write(&r, "kvm-pmu-info: open(/dev/kvm) = 3\nkvm-pmu-info: KVM_RUN = 0\n",
				  1764620000, &h);
	ok(json != NULL, "the record is written");
	ret = read_back(&back, json, both, err, sizeof(err));
	ok(ret == 0, "the record reads back (%s)", err);
	ok(back.kvm == KVM_OK && back.kvm_api.set && back.kvm_api.v == 12 && back.cap_pmu_v3.v == 1 &&
	   !back.cap_pmu_v3_strict.set && !strcmp(back.cap_pmu_v3_strict.why, r.cap_pmu_v3_strict.why),
	   "KVM status, API, capabilities and a capability's reason survive");
	ok(back.pmus[0].probed && same_view(&back.pmus[0].guest[MODE_LEGACY], &p->guest[MODE_LEGACY]),
	   "the legacy view (registers, the PMMIR UNDEF and its ESR, userspace view, time) survives");
	ok(same_view(&back.pmus[0].guest[MODE_STRICT], &p->guest[MODE_STRICT]),
	   "the failed strict view (step, errno, error) survives");
	ok(back.replay.has_record && !strcmp(back.replay.captured_at, "2025-12-01T20:13:20Z") &&
	   !strcmp(back.replay.host, "host1") && !strcmp(back.replay.kernel, "7.3.4+deb13-arm64") &&
	   !strcmp(back.replay.version, PACKAGE_VERSION), "captured when, where, by which version (%s %s)",
	   back.replay.captured_at, back.replay.host);
	ok(back.replay.trail && !strcmp(back.replay.trail, "kvm-pmu-info: open(/dev/kvm) = 3\n"
					"kvm-pmu-info: KVM_RUN = 0\n"), "the ioctl trail survives");
	ok(!strstr(json, "not_probed_pmu"), "a PMU that was not probed is not in the record");
	report_free(&back);
	ret = read_back(&back, json, strict_only, err, sizeof(err));
	ok(ret == 0 && back.pmus[0].guest[MODE_LEGACY].status == MODE_SKIPPED &&
	   back.pmus[0].guest[MODE_STRICT].status == MODE_FAILED, "--mode strict: legacy is skipped");
	report_free(&back);

	record_refused(json, "\"schema_version\": 2", "\"schema_version\": 3", "schema_version 3");
	record_refused(json, "\"pmcr_el0\"", "\"pmcr_el9\"", "unknown register 'pmcr_el9'");
	record_refused(json, "\"0x3000\"", "12288", "pmcr_el0 is not a hex string");
	record_refused(json, "\"0x3000\"", "\"0x1ffffffffffffffff\"", "not a hex string");
	record_refused(json, "\"errno\": \"ENOENT\"", "\"errno\": -1", "errno -1 out of range");
	record_refused(json, "\"errno\": \"ENOENT\"", "\"errno\": \"EWHAT\"", "unknown errno 'EWHAT'");
	record_refused(json, "\"status\": \"ok\"", "\"status\": \"great\"", "unknown status 'great'");
	record_refused(json, "\"time_us\"", "\"time_ms\"", "time_us: missing");
	record_refused(json, "\"failed_step\": \"kvm_arm_vcpu_init\"", "\"failed_step\": \"KVM_RUNS\"",
		       "unknown failed_step 'KVM_RUNS'");
	record_refused(json, "\"guests_not_probed\": null", "\"guests_not_probed\": \"why not\"",
		       "unknown guests_not_probed 'why not'");
	/* Found by fuzz_replay: a key with a newline made a two-line reason. */
	record_refused(json, "\"pmcr_el0\"", "\"pmcr\\n\\u00ff\"", "unknown register 'pmcr\\x0a\\xc3\\xbf'");
	record_refused(json, "\"schema_version\"", "[\"schema_version\"", "not valid JSON");
	record_refused(json, "\"trail\": [", "\"trail\": [ 1, ", "trail: line 0 is not a one-line string");
	free(json);
	report_free(&r);
}

/* S with its first FROM replaced by TO; NULL when S lacks FROM. */
static char *swapped(const char *s, const char *from, const char *to)
{
	const char *at = s ? strstr(s, from) : NULL;
	char *out = NULL;

	if (!at || asprintf(&out, "%.*s%s%s", (int)(at - s), s, to, at + strlen(from)) < 0)
		return NULL;
	return out;
}

/* probe.json (schema_version 2) stores the names of the failed step and of
 * why no guest was probed, and errno by name; a record of kvm-pmu-info 0.1
 * (schema_version 1) stored the words the reports use (the labels) and
 * errno as a number beside errno_name, and still replays. */
static void test_record_words(void)
{
	static const bool both[MODE_N] = { true, true };
	static const struct {
		enum probe_step step;
		enum probe_skip skip;
		const char *name, *label, *skip_name, *skip_label;
	} cases[] = {
		{ PSTEP_KVM_ARM_VCPU_INIT, PROBE_SKIP_NO_VM, "kvm_arm_vcpu_init", "KVM_ARM_VCPU_INIT",
		  "no_vm", "--no-vm" },
		/* 0.1 wrote "pin" for three failures before a VM: all read as one. */
		{ PSTEP_PIN, PROBE_SKIP_REPLAYED_TREE, "pin", "pin", "replayed_tree",
		  "--sysfs-root: a replayed tree" },
		{ PSTEP_SET_PMU, PROBE_SKIP_PERMISSION, "set_pmu", "KVM_SET_DEVICE_ATTR(PMU_V3_SET_PMU)",
		  "permission_denied", "no permission to open /dev/kvm" },
	};
	struct probe_host h = { "host1", "7.3.4+deb13-arm64", "aarch64" };

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct report r, back;
		char *json, *old1, *old2, *old3, *old, step[96], skip[96], step0[128], skip0[128];
		char err[512] = "";

		report_init(&r);
		report_init(&back);
		r.pmus = calloc(1, sizeof(*r.pmus));
		r.npmus = 1;
		fill(&r, r.pmus);
		r.pmus[0].guest[MODE_STRICT].status = MODE_FAILED;
		r.pmus[0].guest[MODE_STRICT].step = cases[i].step;
		r.pmus[0].guest[MODE_STRICT].err = ENOENT;
		r.probe_skip = cases[i].skip;
		json = probe_record_write(&r, "", 1764620000, &h);
		snprintf(step, sizeof(step), "\"failed_step\": \"%s\"", cases[i].name);
		snprintf(skip, sizeof(skip), "\"guests_not_probed\": \"%s\"", cases[i].skip_name);
		is_int(json && strstr(json, step) && strstr(json, skip), 1,
		       "%s, %s: the record stores the names", cases[i].name, cases[i].skip_name);
		snprintf(step0, sizeof(step0), "\"failed_step\": \"%s\"", cases[i].label);
		snprintf(skip0, sizeof(skip0), "\"guests_not_probed\": \"%s\"", cases[i].skip_label);
		is_int(json && strstr(json, "\"errno\": \"ENOENT\"") != NULL, 1,
		       "%s: errno by name, as in the report", cases[i].name);
		old1 = swapped(json, step, step0);
		old2 = swapped(old1, skip, skip0);
		old3 = swapped(old2, "\"errno\": \"ENOENT\"", "\"errno\": 2, \"errno_name\": \"ENOENT\"");
		old = swapped(old3, "\"schema_version\": 2", "\"schema_version\": 1");
		ok(old && read_back(&back, old, both, err, sizeof(err)) == 0,
		   "a 0.1 record with '%s', '%s' reads (%s)", cases[i].label, cases[i].skip_label, err);
		is_int(back.pmus[0].guest[MODE_STRICT].step, cases[i].step, "'%s' is step %s",
		       cases[i].label, cases[i].name);
		is_int(back.probe_skip, cases[i].skip, "'%s' is %s", cases[i].skip_label,
		       cases[i].skip_name);
		is_int(back.pmus[0].guest[MODE_STRICT].err, ENOENT, "errno 2 is ENOENT");
		report_free(&back);
		free(old1), free(old2), free(old3), free(old), free(json);
		report_free(&r);
	}
}

static void filter(size_t (*f)(char *, size_t), const char *in, const char *want, const char *what)
{
	char *buf = strdup(in);
	size_t n = f(buf, strlen(buf));

	if (!ok(n == strlen(want) && !memcmp(buf, want, n), "%s", what))
		printf("# kept:\n# %.*s\n", (int)n, buf);
	free(buf);
}

static void test_filters(void)
{
	filter(kernel_log_filter,
	       "<6>[    0.000000] Booting Linux on physical CPU 0x0000000000 [0x000f0510]\n"
	       "<6>[    4.959949] kvm [1]: IPA Size Limit: 52 bits\n"
	       "<6>[    5.116681] kvm [1]: VHE mode initialized successfully\n"
	       "<6>[    6.000000] NET: Registered PF_PACKET protocol family\n"
	       "<6>[    7.588586] hw perfevents: enabled with armv8_pmuv3 PMU driver, 7 (0,8000003f) counters available",
	       "<6>[    4.959949] kvm [1]: IPA Size Limit: 52 bits\n"
	       "<6>[    5.116681] kvm [1]: VHE mode initialized successfully\n"
	       "<6>[    7.588586] hw perfevents: enabled with armv8_pmuv3 PMU driver, 7 (0,8000003f) counters available\n",
	       "dmesg: the KVM and PMU driver lines, nothing else");
	filter(kernel_config_filter,
	       "CONFIG_PERF_EVENTS=y\nCONFIG_HZ=250\nCONFIG_VIRTUALIZATION=y\nCONFIG_KVM=y\n"
	       "# CONFIG_ARM_PKVM_GUEST is not set\n# CONFIG_HZ_1000 is not set\n"
	       "CONFIG_ARM_PMUV3=y\nCONFIG_CMDLINE=\"kvm pmu\"\n",
	       "CONFIG_PERF_EVENTS=y\nCONFIG_VIRTUALIZATION=y\nCONFIG_KVM=y\n"
	       "# CONFIG_ARM_PKVM_GUEST is not set\nCONFIG_ARM_PMUV3=y\n",
	       "config: KVM, PMU, perf and virtualization options, set or not");
}

int main(void)
{
	alloc_track_on();
	test_filters();
	test_tree();
	test_hostile();
	test_gzip();
	test_gzip_whole();
	test_record();
	test_record_words();
	return done_testing();
}
