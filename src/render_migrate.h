/* SPDX-License-Identifier: GPL-2.0-or-later */
/* render_migrate.h - the migration report (--migrate-from, --compare). */
#ifndef KPI_RENDER_MIGRATE_H
#define KPI_RENDER_MIGRATE_H

#include <stdbool.h>
#include <stdio.h>

#include "migrate.h"

int render_migration_text(const struct migration *m, FILE *out);
int render_migration_json(const struct migration *m, FILE *out, bool pretty);

#endif
