/* SPDX-License-Identifier: GPL-2.0-or-later */
/* array_size.h - the number of elements of an array (not of a pointer). */
#ifndef KPI_ARRAY_SIZE_H
#define KPI_ARRAY_SIZE_H

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
