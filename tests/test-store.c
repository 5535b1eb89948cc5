/* test-store.c
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
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "test-util.h"
#include "dir-store-private.h"

static char *
temp_db (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("direction-store-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (dir, name, NULL);
}

static void
remove_db (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
}

static int
raw_user_version (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int version;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return version;
}

static void
test_store_migrations (void)
{
  g_autofree char *path = temp_db ("directory.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(DirStore) store = NULL;

  store = dir_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dir_store_get_schema_version (store), ==, dir_store_get_latest_schema_version ());
  g_assert_cmpint (dir_store_get_latest_schema_version (), >=, 1);
  g_assert_cmpuint (dir_store_count_services (store), ==, 0);
  g_assert_finalize_object (g_steal_pointer (&store));

  /* The schema version is in the file, where another program can read it. */
  g_assert_cmpint (raw_user_version (path), ==, dir_store_get_latest_schema_version ());

  /* Opening again migrates nothing and keeps what was there. */
  store = dir_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (dir_store_set_meta (store, "cursor", "42", &error));
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&store));

  store = dir_store_new (path, &error);
  g_assert_no_error (error);
  {
    g_autofree char *cursor = dir_store_get_meta (store, "cursor");
    g_assert_cmpstr (cursor, ==, "42");
  }
  g_assert_finalize_object (g_steal_pointer (&store));

  remove_db (path);
}

static gpointer
open_store_thread (gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DirStore) store = dir_store_new (data, &error);

  g_assert_no_error (error);
  return GINT_TO_POINTER (dir_store_get_schema_version (store));
}

/* Two programs opening a new database at the same moment: both succeed and
 * each migration runs once (a second run of step 2 would fail on its
 * ALTER TABLE). */
static void
test_store_concurrent_open (void)
{
  for (guint round = 0; round < 8; round++)
    {
      g_autofree char *path = temp_db ("race.db");
      GThread *threads[4];

      for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
        threads[i] = g_thread_new ("open", open_store_thread, path);
      for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
        g_assert_cmpint (GPOINTER_TO_INT (g_thread_join (threads[i])), ==,
                         dir_store_get_latest_schema_version ());

      remove_db (path);
    }
}

static void
test_store_future_version (void)
{
  g_autofree char *path = temp_db ("future.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(DirStore) store = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = dir_store_new (path, &error);
  g_assert_null (store);
  g_assert_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_VERSION);
  g_assert_nonnull (strstr (error->message, "99"));

  /* …and it was left alone for the newer program. */
  g_assert_cmpint (raw_user_version (path), ==, 99);

  remove_db (path);
}

static void
test_store_not_a_database (void)
{
  g_autofree char *path = temp_db ("garbage.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(DirStore) store = NULL;
  g_autofree char *contents = NULL;
  char junk[4096];

  memset (junk, 'x', sizeof junk);
  g_assert_true (g_file_set_contents (path, junk, sizeof junk, NULL));

  store = dir_store_new (path, &error);
  g_assert_null (store);
  g_assert_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_OPEN);

  /* The file is not touched: whatever it was is still there to recover. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpmem (contents, sizeof junk, junk, sizeof junk);

  remove_db (path);
}

static void
test_store_unwritable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DirStore) store = NULL;

  if (getuid () == 0)
    {
      /* root may write anywhere: use a path under a regular file instead */
      g_autofree char *file = temp_db ("plain-file");
      g_autofree char *below = g_build_filename (file, "directory.db", NULL);

      g_assert_true (g_file_set_contents (file, "x", 1, NULL));
      store = dir_store_new (below, &error);
      g_assert_null (store);
      g_assert_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_OPEN);
      g_unlink (file);
      remove_db (file);
      return;
    }

  store = dir_store_new ("/proc/direction/directory.db", &error);
  g_assert_null (store);
  g_assert_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_OPEN);
}

static void
test_store_apply_and_delete (void)
{
  g_autoptr(DirStore) store = fixture_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DirService) shelter = NULL;
  g_autoptr(DirQuery) query = dir_query_new ();
  g_autofree char *names = NULL;
  const char *deletes[] = { SHELTER_ID, "00000000-0000-4000-8000-000000000000", NULL };

  /* Deleting a service removes it from every index (text, facets, map). */
  g_assert_true (dir_store_apply (store, NULL, deletes, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dir_store_count_services (store), ==, FIXTURE_N_SERVICES - 1);

  shelter = dir_store_get_service (store, SHELTER_ID, &error);
  g_assert_null (shelter);
  g_assert_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  dir_query_set_text (query, "shelter");
  names = query_names (store, query);
  g_assert_cmpstr (names, ==, "");
  g_clear_pointer (&names, g_free);

  dir_query_set_text (query, NULL);
  dir_query_set_pathways (query, (const char *[]) { "ACC.EMERG", NULL });
  names = query_names (store, query);
  g_assert_cmpstr (names, ==, "");
  g_clear_pointer (&names, g_free);

  dir_query_set_pathways (query, NULL);
  dir_query_set_near (query, 52.1370, -0.4700, 10);
  names = query_names (store, query);
  g_assert_cmpstr (names, ==, "");
}

/* The first item of a query for the shelter. */
static DirService *
first_result (DirStore *store,
              DirQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = dir_store_query (store, query, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, 1);
  return g_list_model_get_item (model, 0);
}

/* A row read again is the object already handed out for it, while that is
 * held, as of the same directory and at the same distance; a list view
 * keeps the row widget showing it. */
static void
test_store_same_objects (void)
{
  g_autofree char *path = temp_db ("same.db");
  g_autofree char *json = g_test_build_filename (G_TEST_DIST, "data", "core-directory.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DirStore) store = dir_store_new (path, &error);
  g_autoptr(DirStore) other = NULL;
  g_autoptr(DirQuery) query = dir_query_new ();
  g_autoptr(DirService) first = NULL;
  g_autoptr(DirService) again = NULL;
  g_autoptr(GPtrArray) added = NULL;
  guint n = 0;

  g_assert_no_error (error);
  dir_store_import_file (store, json, &n, &error);
  g_assert_no_error (error);
  dir_query_set_text (query, "shelter");

  /* Two queries, one object; a different search finding it too. */
  first = first_result (store, query);
  g_assert_cmpstr (dir_service_get_id (first), ==, SHELTER_ID);
  again = first_result (store, query);
  g_assert_true (again == first);
  g_clear_object (&again);
  dir_query_set_text (query, "night shelter");
  again = first_result (store, query);
  g_assert_true (again == first);
  g_clear_object (&again);

  /* The meta table is not the services. */
  g_assert_true (dir_store_set_meta (store, "touched", "yes", &error));
  again = first_result (store, query);
  g_assert_true (again == first);
  g_clear_object (&again);

  /* Measured from somewhere else: another object, with its distance; the
   * first keeps its own. */
  dir_query_set_near (query, 52.1370, -0.4700, 0);
  again = first_result (store, query);
  g_assert_cmpstr (dir_service_get_id (again), ==, SHELTER_ID);
  g_assert_true (again != first);
  g_assert_false (isnan (dir_service_get_distance (again)));
  g_assert_true (isnan (dir_service_get_distance (first)));
  g_clear_object (&again);
  dir_query_clear_near (query);

  /* The directory written by this connection: read afresh. */
  g_assert_true (dir_store_apply (store, NULL, (const char *[]) { "00000000-0000-4000-8000-000000000000", NULL },
                                  &error));
  g_assert_no_error (error);
  again = first_result (store, query);
  g_assert_true (again != first);
  g_clear_object (&first);
  first = g_steal_pointer (&again);

  /* ... and by another connection to the same file. */
  other = dir_store_new (path, &error);
  g_assert_no_error (error);
  added = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (added,
                   dir_service_new_from_data ("{\"id\": \"7e57a11d-0000-4000-8000-000000000002\","
                                              " \"name\": \"Added Elsewhere (sample)\", \"status\": \"active\"}",
                                              -1, &error));
  g_assert_no_error (error);
  g_assert_true (dir_store_apply (other, added, NULL, &error));
  g_assert_no_error (error);
  again = first_result (store, query);
  g_assert_true (again != first);
  g_clear_object (&again);

  /* Nothing is kept for services no longer held. */
  g_clear_object (&first);
  g_assert_cmpuint (dir_store_count_live (store), ==, 0);

  g_clear_object (&other);
  g_clear_object (&store);
  remove_db (path);
}

static void
test_store_replace_all (void)
{
  g_autoptr(DirStore) store = fixture_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(DirQuery) query = dir_query_new ();
  g_autofree char *names = NULL;

  g_assert_true (dir_store_set_meta (store, "kept", "yes", &error));

  g_ptr_array_add (services,
                   dir_service_new_from_data ("{\"id\": \"7e57a11d-0000-4000-8000-000000000001\","
                                              " \"name\": \"Only One (sample)\", \"status\": \"active\"}",
                                              -1, &error));
  g_assert_no_error (error);

  g_assert_true (dir_store_replace_all (store, services, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dir_store_count_services (store), ==, 1);

  /* The full-text index was rebuilt with the table: old words find nothing. */
  dir_query_set_text (query, "Bedford");
  names = query_names (store, query);
  g_assert_cmpstr (names, ==, "");
  g_clear_pointer (&names, g_free);

  dir_query_set_text (query, "only");
  names = query_names (store, query);
  g_assert_cmpstr (names, ==, "Only One (sample)");

  {
    g_autofree char *kept = dir_store_get_meta (store, "kept");
    g_assert_cmpstr (kept, ==, "yes");
  }
}

static void
test_store_meta (void)
{
  g_autoptr(DirStore) store = dir_store_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = dir_store_get_meta (store, "nothing");

  g_assert_null (missing);
  g_assert_true (dir_store_set_meta (store, "a", "1", &error));
  g_assert_true (dir_store_set_meta (store, "a", "2", &error));
  {
    g_autofree char *value = dir_store_get_meta (store, "a");
    g_assert_cmpstr (value, ==, "2");
  }
  g_assert_true (dir_store_set_meta (store, "a", NULL, &error));
  g_assert_no_error (error);
  {
    g_autofree char *value = dir_store_get_meta (store, "a");
    g_assert_null (value);
  }
}

static int
compare_language_counts (gconstpointer a,
                         gconstpointer b,
                         gpointer      user_data)
{
  GHashTable *counts = user_data;
  const char *x = *(const char **) a, *y = *(const char **) b;
  guint cx = GPOINTER_TO_UINT (g_hash_table_lookup (counts, x));
  guint cy = GPOINTER_TO_UINT (g_hash_table_lookup (counts, y));

  if (cx != cy)
    return cx > cy ? -1 : 1;
  return strcmp (x, y);
}

/* The languages of the directory, the most common first: the same as
 * counting every service's own list. */
static void
test_store_list_languages (void)
{
  g_autoptr(DirStore) store = fixture_store ();
  g_autoptr(DirQuery) query = dir_query_new ();
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) codes = NULL;
  g_autoptr(DirStore) empty = NULL;
  g_auto(GStrv) none = NULL;
  GHashTableIter iter;
  gpointer key;

  dir_query_set_statuses (query, DIR_STATUS_ALL);
  all = dir_store_query (store, query, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(DirService) service = g_list_model_get_item (all, i);
      const char * const *languages = dir_service_get_languages (service);

      for (guint j = 0; languages != NULL && languages[j] != NULL; j++)
        {
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, languages[j]));

          g_hash_table_replace (counts, g_strdup (languages[j]), GUINT_TO_POINTER (n + 1));
        }
    }
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (expected, key);
  g_ptr_array_sort_with_data (expected, compare_language_counts, counts);
  g_assert_cmpuint (expected->len, >=, 2);

  codes = dir_store_list_languages (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (codes), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpstr (codes[i], ==, g_ptr_array_index (expected, i));

  empty = dir_store_new (NULL, &error);
  g_assert_no_error (error);
  none = dir_store_list_languages (empty, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (none), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/store/migrations", test_store_migrations);
  g_test_add_func ("/core/store/concurrent-open", test_store_concurrent_open);
  g_test_add_func ("/core/store/future-version", test_store_future_version);
  g_test_add_func ("/core/store/not-a-database", test_store_not_a_database);
  g_test_add_func ("/core/store/unwritable", test_store_unwritable);
  g_test_add_func ("/core/store/apply-and-delete", test_store_apply_and_delete);
  g_test_add_func ("/core/store/same-objects", test_store_same_objects);
  g_test_add_func ("/core/store/replace-all", test_store_replace_all);
  g_test_add_func ("/core/store/meta", test_store_meta);
  g_test_add_func ("/core/store/list-languages", test_store_list_languages);

  return g_test_run ();
}
