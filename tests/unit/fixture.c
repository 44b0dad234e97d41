/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fixture.c - see fixture.h. */
#include "fixture.h"

#include <stdlib.h>
#include <string.h>

#include "inventory.h"
#include "sysfs.h"

const char *fixture_dir(void)
{
	static char dir[4096];
	const char *s = getenv("srcdir");

	snprintf(dir, sizeof(dir), "%s/tests/fixtures", s && *s ? s : ".");
	return dir;
}

int fixture_collect(struct report *r, const char *name)
{
	struct sysroot root;
	char path[4200];
	int ret;

	report_init(r);
	snprintf(path, sizeof(path), "%s/%s", fixture_dir(), name);
	if (sysroot_open(&root, path))
		return -1;
	ret = inventory_collect(r, &root, false);
	sysroot_close(&root);
	return ret;
}

char *render_str(const struct report *r, renderer fn)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int ret;

	if (!f)
		abort();
	ret = fn(r, f);
	fclose(f);
	if (ret) {
		free(buf);
		return NULL;
	}
	return buf;
}

bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (!strncmp(p, line, n) && (p[n] == '\n' || p[n] == '\0'))
			return true;
	return false;
}
