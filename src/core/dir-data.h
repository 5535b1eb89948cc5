/* dir-data.h
 *
 * Copyright 2026 The Direction Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where the shipped data (geocoder tables, sample directory, boundaries) lives:
 * $DIRECTION_DATA_DIR when set (tests, running from the build tree),
 * else the installed package data directory. */
const char *dir_data_get_dir (void);

G_END_DECLS
