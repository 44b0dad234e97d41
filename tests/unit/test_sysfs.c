/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_sysfs.c - value parsers and the rooted reader, including bad input. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sysfs.h"
#include "tap.h"
#include "util.h"

static void hex_ok(const char *in, uint64_t want)
{
	uint64_t v = 0;
	char why[128] = "";

	ok(parse_hex_u64(in, &v, why, sizeof(why)) == 0 && v == want,
	   "hex \"%s\" = 0x%llx %s", in, (unsigned long long)want, why);
}

static void hex_bad(const char *in, const char *reason_part)
{
	uint64_t v = 0;
	char why[128] = "";

	ok(parse_hex_u64(in, &v, why, sizeof(why)) == -1 && strstr(why, reason_part),
	   "hex \"%s\" rejected: %s", in, why);
}

static void dec_bad(const char *in, const char *reason_part)
{
	int v = 0;
	char why[128] = "";

	ok(parse_dec_int(in, &v, why, sizeof(why)) == -1 && strstr(why, reason_part),
	   "decimal \"%s\" rejected: %s", in, why);
}

static void put(const char *dir, const char *name, const void *data, size_t len)
{
	char p[512];
	int fd;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len)
		abort();
	close(fd);
}

/* sysfs_pathf/readf/listf: the path is built in REL, and one that does
 * not fit is refused, never truncated. */
static void printf_tests(const struct sysroot *root, const char *dir)
{
	static char longp[SYSFS_PATH_MAX + 8];
	char rel[SYSFS_PATH_MAX], buf[SYSFS_VALUE_MAX];
	char **names = (char **)1;
	size_t i;
	int n;

	ok(sysfs_pathf(rel, "%s/%s", "a", "b") == 0 && !strcmp(rel, "a/b"), "pathf builds \"%s\"", rel);
	ok(sysfs_readf(root, rel, buf, sizeof(buf), "%s%c%s", "sl", 'o', "ts") == 0 &&
	   !strcmp(rel, "slots") && !strcmp(buf, "0x00000008"), "readf reads %s: \"%s\"", rel, buf);
	ok(sysfs_readf(root, rel, buf, sizeof(buf), "no/%s", "such") == -ENOENT &&
	   !strcmp(rel, "no/such"), "readf of a missing file: ENOENT, and REL names it");
	n = sysfs_listf(root, rel, &names, "%s", "adir");
	ok(n == 0 && !strcmp(rel, "adir"), "listf lists %s (%d entries)", rel, n);
	sysfs_names_free(names, n > 0 ? n : 0);

	/* "./" 2047 times and "s" fill SYSFS_PATH_MAX - 1 bytes; "lots" more
	 * make "slots".  Cut at the buffer's end, the path would name the file
	 * "s", which exists: a truncating reader would read it. */
	put(dir, "s", "wrong file\n", 11);
	for (i = 0; i < 2047; i++)
		memcpy(longp + 2 * i, "./", 2);
	strcpy(longp + 2 * i, "slots");
	ok(sysfs_pathf(rel, "%s", longp) == -ENAMETOOLONG && strlen(rel) == SYSFS_PATH_MAX - 1,
	   "pathf: %zu bytes do not fit: ENAMETOOLONG, REL holds the %zu that do", strlen(longp),
	   strlen(rel));
	ok(sysfs_read(root, rel, buf, sizeof(buf)) == 0 && !strcmp(buf, "wrong file"),
	   "the cut path names another file, \"%s\"", buf);
	ok(sysfs_readf(root, rel, buf, sizeof(buf), "%s", longp) == -ENAMETOOLONG && !buf[0],
	   "readf refuses the long path: ENAMETOOLONG, nothing read");
	ok(sysfs_listf(root, rel, &names, "%s", longp) == -ENAMETOOLONG && !names,
	   "listf refuses it too");
	longp[2 * 2047 + 1] = '\0';   /* "./" x 2047 + "s": just fits */
	ok(sysfs_readf(root, rel, buf, sizeof(buf), "%s", longp) == 0 && !strcmp(buf, "wrong file"),
	   "a path of SYSFS_PATH_MAX - 1 bytes still reads");
	is_str(sysfs_strerror(-ENAMETOOLONG), "path too long", "ENAMETOOLONG has a clear reason");
}

static void reader_tests(void)
{
	char dir[] = "/tmp/kpi-test-XXXXXX", buf[SYSFS_VALUE_MAX], p[600];
	static char big[SYSFS_VALUE_MAX + 10];
	struct sysroot root;
	char **names;
	int n;

	if (!mkdtemp(dir))
		abort();
	put(dir, "slots", "0x00000008\n", 11);
	put(dir, "nul", "0x0\0008\n", 6);
	put(dir, "empty", "", 0);
	memset(big, '7', sizeof(big));
	put(dir, "big", big, sizeof(big));
	put(dir, "page", big, SYSFS_VALUE_MAX - 1);
	snprintf(p, sizeof(p), "%s/adir", dir);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/fifo", dir);
	mkfifo(p, 0644);
	snprintf(p, sizeof(p), "%s/loop", dir);
	symlink("loop", p);

	ok(sysroot_open(&root, dir) == 0, "open root %s", dir);
	is_int(sysfs_read(&root, "slots", buf, sizeof(buf)), 0, "read \"slots\"");
	is_str(buf, "0x00000008", "read strips the newline");
	ok(sysfs_read(&root, "missing", buf, sizeof(buf)) == -ENOENT, "missing file is ENOENT");
	ok(sysfs_read(&root, "nul", buf, sizeof(buf)) == -EILSEQ, "embedded NUL is EILSEQ");
	ok(sysfs_read(&root, "empty", buf, sizeof(buf)) == 0 && buf[0] == '\0', "empty file reads \"\"");
	ok(sysfs_read(&root, "big", buf, sizeof(buf)) == -EFBIG, "value over a page is EFBIG");
	ok(sysfs_read(&root, "page", buf, sizeof(buf)) == 0 && strlen(buf) == SYSFS_VALUE_MAX - 1,
	   "a full page still reads");
	ok(sysfs_read(&root, "adir", buf, sizeof(buf)) == -EISDIR, "directory is EISDIR");
	ok(sysfs_read(&root, "fifo", buf, sizeof(buf)) == -EISDIR, "FIFO is refused, not waited on");
	ok(sysfs_read(&root, "loop", buf, sizeof(buf)) == -ELOOP, "symlink loop is ELOOP");
	is_str(sysfs_strerror(-ELOOP), "symlink loop", "ELOOP has a clear reason");
	n = sysfs_list(&root, ".", &names);
	ok(n == 8 && !strcmp(names[0], "adir") && !strcmp(names[7], "slots"),
	   "list is sorted and complete (%d entries)", n);
	sysfs_names_free(names, n);
	ok(sysfs_list(&root, "nodir", &names) == -ENOENT && !names, "listing a missing dir is ENOENT");
	printf_tests(&root, dir);
	ok(sysfs_exists(&root, "slots") && !sysfs_exists(&root, "nope"), "exists");
	ok(sysfs_absent(&root, "nope") && !sysfs_absent(&root, "slots") &&
	   !sysfs_absent(&root, "loop"), "absent: ENOENT only; a looping link is there");
	ok(!sysfs_absent(&root, "slots/x"), "absent: a path through a file is ENOTDIR, not absent");
	sysroot_close(&root);
	ok(sysroot_open(&root, "/nonexistent/kpi") == -ENOENT, "missing root is ENOENT");

	snprintf(p, sizeof(p), "rm -rf '%s'", dir);
	if (system(p))
		abort();
}

/* util.c's one scrubber for a stranger's bytes in a message. */
static void scrub_tests(void)
{
	char b[12];

	scrub_controls(b, sizeof(b), "sys/\x1b[2J", true);
	is_str(b, "sys/\\x1b[2J", "an escape byte is spelled \\x1b");
	scrub_controls(b, sizeof(b), "a\\b\xc3\xa9", true);
	is_str(b, "a\\x5cb...", "backslash and (ASCII only) UTF-8 spelled; cut with ...");
	scrub_controls(b, sizeof(b), "a\\b\xc3\xa9", false);
	is_str(b, "a\\x5cb\xc3\xa9", "without ASCII only, UTF-8 stays");
	scrub_controls(b, sizeof(b), "0123456789a", true);
	is_str(b, "0123456789a", "11 bytes fit 12 whole");
	scrub_controls(b, sizeof(b), "0123456789ab", true);
	is_str(b, "01234567...", "12 bytes do not: cut, \"...\" and NUL within 12");
	scrub_controls(b, 4, "abcdef", true);
	is_str(b, "", "no room for \"...\": empty, never overrun");
}

int main(void)
{
	int v;
	char why[128];

	hex_ok("0x00000008", 8);
	hex_ok("0x00051008", 0x51008);
	hex_ok("0x00000000410fd4f1", 0x410fd4f1);
	hex_ok("ffffffffffffffff", UINT64_MAX);
	hex_ok("0XAbC", 0xabc);
	hex_bad("", "empty");
	hex_bad("0x", "empty");
	hex_bad("0x1g", "not a hex number");
	hex_bad("0x10000000000000000", "wider than 64 bits");
	hex_bad("-0x1", "not a hex number");
	hex_bad(" 0x1", "not a hex number");
	hex_bad("0x\xff", "byte 0xff");
	ok(parse_dec_int("10", &v, why, sizeof(why)) == 0 && v == 10, "decimal 10");
	ok(parse_dec_int("2147483647", &v, why, sizeof(why)) == 0 && v == 2147483647, "decimal INT_MAX");
	dec_bad("2147483648", "out of range");
	dec_bad("-1", "negative");
	dec_bad("", "empty");
	dec_bad("1a", "not a decimal");
	dec_bad("0x10", "not a decimal");
	reader_tests();
	scrub_tests();
	return done_testing();
}
