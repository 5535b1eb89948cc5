/* test-import.c
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

#include <glib/gstdio.h>
#include <string.h>

#include "test-util.h"

static char *
fixture_text (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "core-directory.json", NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* Every bad document fails the whole import with a clear message, and the
 * store keeps exactly what it had. */
static void
test_import_rejects (void)
{
  g_autofree char *good = fixture_text ();
  g_autofree char *truncated = g_strndup (good, strlen (good) / 2);
  g_autofree char *third_bad = NULL;
  g_autofree char *duplicate = NULL;
  struct {
    const char *name;
    const char *data;
    const char *expect;
  } cases[] = {
    { "truncated", truncated, "not valid JSON" },
    { "empty", "", "is empty" },
    { "not-a-list", "{\"services\": []}", "must be an Open Referral UK service list" },
    { "scalar", "42", "must be an Open Referral UK service list" },
    { "null-item", "[null]", "Record 1: a service must be a JSON object" },
    { "binary", "\x89PNG\r\n\x1a\n\x00\x00", "not valid JSON" },
    { "third-bad", NULL, "Record 3:" },
    { "duplicate", NULL, "used twice" },
  };
  g_autoptr(DirStore) store = fixture_store ();

  /* Two good records then one with an unknown status, the classic
   * half-valid export. */
  third_bad = g_strdup ("{\"contents\": ["
                        "{\"id\": \"7e57a11d-0000-4000-8000-000000000001\", \"name\": \"A\", \"status\": \"active\"},"
                        "{\"id\": \"7e57a11d-0000-4000-8000-000000000002\", \"name\": \"B\", \"status\": \"active\"},"
                        "{\"id\": \"7e57a11d-0000-4000-8000-000000000003\", \"name\": \"C\", \"status\": \"gone\"}]}");
  duplicate = g_strdup ("[{\"id\": \"7e57a11d-0000-4000-8000-000000000001\", \"name\": \"A\", \"status\": \"active\"},"
                        "{\"id\": \"7E57A11D-0000-4000-8000-000000000001\", \"name\": \"A again\", \"status\": \"active\"}]");
  cases[6].data = third_bad;
  cases[7].data = duplicate;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      guint n = 12345;
      gsize len = strcmp (cases[i].name, "binary") == 0 ? 10 : strlen (cases[i].data);

      g_test_message ("case %s", cases[i].name);
      g_assert_false (dir_store_import_data (store, cases[i].data, len, &n, &error));
      g_assert_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_MALFORMED);
      if (strstr (error->message, cases[i].expect) == NULL)
        g_error ("%s: “%s” lacks “%s”", cases[i].name, error->message, cases[i].expect);
      g_assert_cmpuint (n, ==, 12345);
      g_assert_cmpuint (dir_store_count_services (store), ==, FIXTURE_N_SERVICES);
    }
}

static void
test_import_missing_file (void)
{
  g_autoptr(DirStore) store = dir_store_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("direction-import-XXXXXX", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.json", NULL);

  g_assert_false (dir_store_import_file (store, "/nonexistent/directory.json", NULL, &error));
  g_assert_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "/nonexistent/directory.json"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_false (dir_store_import_file (store, empty, NULL, &error));
  g_assert_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "is empty"));

  g_unlink (empty);
  g_rmdir (dir);
}

/* Importing a newer version of a record replaces it everywhere. */
static void
test_import_update (void)
{
  g_autoptr(DirStore) store = fixture_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DirQuery) query = dir_query_new ();
  g_autoptr(DirService) service = NULL;
  g_autofree char *names = NULL;
  guint n = 0;
  const char *update =
    "[{\"id\": \"" SHELTER_ID "\", \"name\": \"Harpur Street Night Beds (sample)\","
    " \"status\": \"active\","
    " \"attributes\": [{\"id\": \"a\", \"taxonomy_term\": {\"id\": \"t\", \"code\": \"ACC.SUPP\"}}]}]";

  g_assert_true (dir_store_import_data (store, update, -1, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (dir_store_count_services (store), ==, FIXTURE_N_SERVICES);

  service = dir_store_get_service (store, SHELTER_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dir_service_get_name (service), ==, "Harpur Street Night Beds (sample)");

  dir_query_set_text (query, "shelter");
  names = query_names (store, query);
  g_assert_cmpstr (names, ==, "");
  g_clear_pointer (&names, g_free);

  dir_query_set_text (query, "harpur");
  names = query_names (store, query);
  g_assert_cmpstr (names, ==, "Harpur Street Night Beds (sample)");
  g_clear_pointer (&names, g_free);

  /* Its old pathway and its old map point went with the old record. */
  dir_query_set_text (query, NULL);
  dir_query_set_pathways (query, (const char *[]) { "ACC.EMERG", NULL });
  names = query_names (store, query);
  g_assert_cmpstr (names, ==, "");
  g_clear_pointer (&names, g_free);

  dir_query_set_pathways (query, NULL);
  dir_query_set_near (query, 52.1370, -0.4700, 5);
  names = query_names (store, query);
  g_assert_cmpstr (names, ==, "");
}

static void
test_import_sample_directory (void)
{
  g_autoptr(DirStore) store = dir_store_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("DIRECTION_DATA_DIR"),
                                            "sample-directory.json", NULL);
  g_autoptr(DirQuery) query = dir_query_new ();
  const DirPathway *all;
  guint n = 0, n_pathways;

  g_assert_true (dir_store_import_file (store, path, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, >=, 200);
  g_assert_cmpuint (dir_store_count_services (store), ==, n);

  /* Every top-level pathway of the taxonomy has services in the sample. */
  all = dir_taxonomy_get_all (&n_pathways);
  for (guint i = 0; i < n_pathways; i++)
    {
      if (all[i].parent != NULL)
        continue;

      dir_query_set_pathways (query, (const char *[]) { all[i].code, NULL });
      g_test_message ("pathway %s", all[i].code);
      g_assert_cmpuint (dir_store_count (store, query, &error), >, 0);
      g_assert_no_error (error);
    }

  /* The real public bodies are there, with their real places. */
  dir_query_set_pathways (query, NULL);
  dir_query_set_text (query, "HMP Bedford");
  dir_query_set_mode (query, DIR_SEARCH_RANKED);
  {
    g_autoptr(GListModel) model = dir_store_query (store, query, NULL, &error);
    g_autoptr(DirService) first = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
    first = g_list_model_get_item (model, 0);
    g_assert_nonnull (strstr (dir_service_get_name (first), "Bedford"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/import/rejects", test_import_rejects);
  g_test_add_func ("/core/import/missing-file", test_import_missing_file);
  g_test_add_func ("/core/import/update", test_import_update);
  g_test_add_func ("/core/import/sample-directory", test_import_sample_directory);

  return g_test_run ();
}
