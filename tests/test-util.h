/* test-util.h
 *
 * Copyright 2026 The Direction Desk authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * This program is distributed in the hope that it will be useful,
 * but WITHOUT ANY WARRANTY; without even the implied warranty of
 * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
 * GNU General Public License for more details.
 *
 * You should have received a copy of the GNU General Public License
 * along with this program.  If not, see <http://www.gnu.org/licenses/>.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib/gstdio.h>

#include "dir-core.h"

/* The hand-made fixture in tests/data/core-directory.json: 13 services, each
 * there for one edge case (see the comments in the tests that use them). */
#define FIXTURE_N_SERVICES 13
#define SHELTER_ID "0d9f77d9-670c-5dea-856e-3ff76582bb26"
#define REFUGE_ID  "d5825aaf-7e27-5348-93d6-a68df509e7de"

static inline DirStore *
fixture_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "core-directory.json", NULL);
  DirStore *store = dir_store_new (NULL, &error);
  guint n = 0;

  g_assert_no_error (error);
  dir_store_import_file (store, path, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, FIXTURE_N_SERVICES);

  return store;
}

/* Runs a query and returns the names of the results, in order, as one
 * string joined by "|", so a test can compare a whole result at once. */
static inline char *
query_names (DirStore *store,
             DirQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = dir_store_query (store, query, NULL, &error);
  g_autoptr(GString) names = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (model);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DirService) service = g_list_model_get_item (model, i);

      g_assert_nonnull (service);
      g_string_append_printf (names, "%s%s", i ? "|" : "", dir_service_get_name (service));
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static inline GDateTime *
london_time (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/London");

  g_assert_nonnull (tz);
  return g_date_time_new (tz, year, month, day, hour, minute, 0);
}

/* Deletes a directory a test made, with everything in it. */
static inline void
test_remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          test_remove_tree (child);
        }
    }
  g_remove (path);
}
