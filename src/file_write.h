/* SPDX-License-Identifier: GPL-2.0-or-later */
/* file_write.h - the files the tool writes (--capture): all or nothing, and
 * an existing file replaced only with --force. */
#ifndef KPI_FILE_WRITE_H
#define KPI_FILE_WRITE_H

#include <stdbool.h>
#include <stddef.h>

/* -1 with "FILE exists (use --force to overwrite)" in ERR when FILE exists
 * (as anything, a dangling symlink included) and not FORCE, or with FORCE
 * when it is anything but a regular file (a symbolic link, FIFO, device
 * node, directory or socket); else 0.  Checked before the work, so a long
 * run does not end in that refusal. */
int file_check_new(const char *file, bool force, char *err, size_t errlen);

/* FILE holds the LEN bytes of DATA, or is untouched and nothing is left
 * behind: written to a temporary file beside it, fsync'ed, then renamed
 * into place (without FORCE with RENAME_NOREPLACE, or link() where the file
 * system lacks it); with FORCE only a regular file is replaced.  Returns
 * 0, or -1 with a one-line reason in ERR. */
int file_publish(const char *file, bool force, const void *data, size_t len, char *err,
		 size_t errlen);

#endif
