/* SPDX-License-Identifier: GPL-2.0-or-later */
/* replay.c - --replay: the probe record, uname.txt and capture-errors.txt
 * of an archive, onto the report its tree filled. */
#include "replay.h"

#include <stdio.h>
#include <string.h>

#include "probe_record.h"
#include "sysfs.h"
#include "tar.h"

/* uname.txt ("sysname nodename release ...") for the replay header of an
 * archive without a probe record. */
static void replay_from_uname(struct replay_info *ri, const struct memtree *t)
{
	bool dir;
	const struct memtree_node *u = memtree_find(t, "uname.txt", &dir);

	snprintf(ri->captured_at, sizeof(ri->captured_at), "at an unknown time");
	snprintf(ri->version, sizeof(ri->version), "a release without probe records");
	if (u && !dir)
		sscanf((const char *)u->data, "%*s %71s %71s", ri->host, ri->kernel);
}

/* What the capture could not store (capture-errors.txt, one "path: reason"
 * a line) are problems of the replay too, or a file that is absent from
 * the archive reads as merely absent.  The archive is a stranger's: at
 * most CAPTURE_ERRORS_MAX lines are taken (tar.h; the writer's last line,
 * under the file's own name, counts what it left out). */
static void replay_capture_errors(struct report *r, const struct memtree *t)
{
	bool dir;
	const struct memtree_node *e = memtree_find(t, CAPTURE_ERRORS_FILE, &dir);
	const char *p = e && !dir ? (const char *)e->data : "";
	int n = 0;

	while (*p && n < CAPTURE_ERRORS_MAX) {
		const char *nl = strchr(p, '\n'), *end = nl ? nl : p + strlen(p);
		const char *sep = memmem(p, (size_t)(end - p), ": ", 2);
		char path[SYSFS_PATH_MAX], why[WHY_MAX];

		if (sep && end > p) {
			snprintf(path, sizeof(path), "%.*s", (int)(sep - p), p);
			snprintf(why, sizeof(why), "%.*s", (int)(end - sep - 2), sep + 2);
			if (!strcmp(path, CAPTURE_ERRORS_FILE))
				report_problem(r, path, "%s", why);
			else
				report_problem(r, path, "not in the archive: the capture could not "
					       "store it (%s)", why);
			n++;
		}
		p = nl ? nl + 1 : end;
	}
	if (*p)
		report_problem(r, CAPTURE_ERRORS_FILE, "more than %d lines; the rest are left out",
			       CAPTURE_ERRORS_MAX);
}

void replay_start(struct report *r, const struct memtree *t, const char *file)
{
	bool dir;

	r->replay.on = true;
	snprintf(r->replay.file, sizeof(r->replay.file), "%s", file);
	r->replay.no_config = !memtree_find(t, "kernel-config.txt", &dir) || dir;
}

int replay_gather(struct report *r, const struct memtree *t, const bool modes[MODE_N],
		  bool no_vm, char *err, size_t errlen)
{
	bool dir;
	const struct memtree_node *rec = memtree_find(t, PROBE_RECORD_FILE, &dir);

	if (rec && !dir) {
		if (probe_record_read(r, (const char *)rec->data, rec->len, modes, no_vm, err,
				      errlen))
			return -1;
	} else {
		replay_from_uname(&r->replay, t);
		r->kvm = r->arm64 ? KVM_NOT_PROBED : KVM_NOT_ARM64;
		snprintf(r->kvm_error, sizeof(r->kvm_error), "%s", r->arm64 ? "not probed: the archive "
			 "has no " PROBE_RECORD_FILE " (captured by a release before probe records)"
			 : r->arm64_why);
	}
	replay_capture_errors(r, t);
	return 0;
}
