/* test-taxonomy.c
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

#include <string.h>

#include "dir-core.h"

static void
test_taxonomy_uuid (void)
{
  g_autofree char *uuid = dir_taxonomy_uuid_for_code ("ACC.EMERG");
  const DirPathway *pathway;

  /* Same rule as Python's uuid.uuid5(uuid.NAMESPACE_URL,
   * "https://directionhub.github.io/taxonomy/ACC.EMERG"), used by the sample generator. */
  g_assert_cmpstr (uuid, ==, "f943aa68-7039-5df9-8ef9-33834e8bc1b4");

  pathway = dir_taxonomy_lookup_uuid (uuid);
  g_assert_nonnull (pathway);
  g_assert_cmpstr (pathway->code, ==, "ACC.EMERG");

  pathway = dir_taxonomy_lookup_uuid ("F943AA68-7039-5DF9-8EF9-33834E8BC1B4");
  g_assert_nonnull (pathway);
  g_assert_cmpstr (pathway->code, ==, "ACC.EMERG");

  g_assert_null (dir_taxonomy_lookup_uuid ("00000000-0000-0000-0000-000000000000"));
  g_assert_null (dir_taxonomy_lookup_uuid (NULL));
}

static void
test_taxonomy_tree (void)
{
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) uuids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const DirPathway *all;
  guint n, n_top = 0;

  all = dir_taxonomy_get_all (&n);
  g_assert_cmpuint (n, >, 60);

  for (guint i = 0; i < n; i++)
    {
      g_assert_true (g_hash_table_add (codes, (gpointer) all[i].code));
      g_assert_true (g_hash_table_add (uuids, dir_taxonomy_uuid_for_code (all[i].code)));
      g_assert_nonnull (all[i].label);

      if (all[i].parent == NULL)
        {
          g_autofree char *icon = g_strdup_printf ("pathway-%s-symbolic", all[i].code);
          g_autofree char *lower = g_ascii_strdown (icon, -1);

          n_top++;
          g_assert_true (dir_taxonomy_is_top_level (all[i].code));
          g_assert_cmpstr (all[i].icon_name, ==, lower);
        }
      else
        {
          g_autofree char *top = dir_taxonomy_top_level_of (all[i].code);
          const DirPathway *parent = dir_taxonomy_lookup (all[i].parent);

          /* A child comes after its parent and carries its parent's prefix. */
          g_assert_nonnull (parent);
          g_assert_null (parent->parent);
          g_assert_cmpstr (top, ==, all[i].parent);
          g_assert_true (parent < &all[i]);
        }
    }

  /* docs/domain.md §1.2: 13 pathways plus veterans */
  g_assert_cmpuint (n_top, ==, 14);
  g_assert_nonnull (dir_taxonomy_lookup ("VET.GEN"));
  g_assert_null (dir_taxonomy_lookup ("ACC.NOPE"));
}

static void
test_taxonomy_top_level (void)
{
  g_autofree char *a = dir_taxonomy_top_level_of ("ACC.EMERG");
  g_autofree char *b = dir_taxonomy_top_level_of ("DA");

  g_assert_cmpstr (a, ==, "ACC");
  g_assert_cmpstr (b, ==, "DA");
  g_assert_false (dir_taxonomy_is_top_level ("ACC.EMERG"));
  g_assert_false (dir_taxonomy_is_top_level (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/taxonomy/uuid", test_taxonomy_uuid);
  g_test_add_func ("/core/taxonomy/tree", test_taxonomy_tree);
  g_test_add_func ("/core/taxonomy/top-level", test_taxonomy_top_level);

  return g_test_run ();
}
