/* test-desk-sync.c
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

#include "config.h"

#include <adwaita.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "desk-sync-runner.h"
#include "desk-test-util.h"
#include "desk-window.h"
#include "hub-test-util.h"

/* The desk keeping its directory with the real hub (tests/hub-test-util.c
 * runs $DIRECTION_HUB on a loopback port): the window through the sync
 * runner, and the headless `direction-desk --sync-now` ($DIRECTION_DESK). */

/* tests/data/hub-directory.json: 7 services, one closed for good. */
#define N_HUB_SERVICES 7
#define N_HUB_LISTED 6
#define RENAMED_ID "6f1c2d3e-4a5b-4c6d-8e7f-000000000002"
#define RENAMED_NAME "Supported Housing Renamed"

/* Tile requests go nowhere: nothing listens on the discard port. */
#define OFFLINE_TILES "http://127.0.0.1:9/{z}/{x}/{y}.png"

/* Runs the main loop until the window has no search or pull in flight. */
static void
wait_until_idle (DeskWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (desk_window_get_busy (window))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static guint
find_service (GListModel *model,
              const char *id)
{
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(DirService) service = g_list_model_get_item (model, i);

      if (g_strcmp0 (dir_service_get_id (service), id) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

/* The record RENAMED_ID of the hub's fixture with another name, as a
 * one-service import file. */
static char *
write_renamed_record (void)
{
  g_autofree char *fixture = hub_fixture_path ("hub-directory.json");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonArray) one = json_array_new ();
  g_autoptr(JsonNode) doc = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  char *path = g_build_filename (hub_test_tmp_dir (), "renamed.json", NULL);
  JsonArray *contents;

  g_file_get_contents (fixture, &text, NULL, &error);
  g_assert_no_error (error);
  root = hub_parse_json (text);
  contents = json_object_get_array_member (json_node_get_object (root), "contents");

  for (guint i = 0; i < json_array_get_length (contents); i++)
    {
      JsonObject *service = json_array_get_object_element (contents, i);

      if (g_strcmp0 (json_object_get_string_member (service, "id"), RENAMED_ID) == 0)
        {
          json_object_set_string_member (service, "name", RENAMED_NAME);
          json_array_add_object_element (one, json_object_ref (service));
        }
    }
  g_assert_cmpuint (json_array_get_length (one), ==, 1);
  json_node_set_array (doc, one);

  g_clear_pointer (&text, g_free);
  text = json_to_string (doc, FALSE);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  return path;
}

static void
on_finished_cb (DeskSyncRunner *runner,
                gboolean        changed,
                gboolean        manual,
                const GError   *error,
                guint          *n_finished)
{
  (*n_finished)++;
}

static void
test_window_sync (void)
{
  g_autofree char *fixture = hub_fixture_path ("hub-directory.json");
  g_autofree char *hub_db = hub_new_db ("window-hub.db", fixture);
  g_autofree char *desk_path = g_build_filename (hub_test_tmp_dir (), "window-desk.db", NULL);
  g_autofree char *renamed = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("io.github.directionhub.Desk");
  g_autoptr(GError) error = NULL;
  g_autoptr(DirService) service = NULL;
  DeskSyncRunner *runner;
  DirStore *store;
  DeskWindow *window;
  GListModel *results;
  GtkWidget *warning;
  GtkWidget *row;
  guint position;
  guint n_finished = 0;
  Hub *hub = hub_start (hub_db);

  g_settings_set_string (settings, "tile-url-template", OFFLINE_TILES);

  /* An empty desk: start-up fills it from the hub. */
  store = dir_store_new (desk_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dir_store_count_services (store), ==, 0);

  runner = desk_sync_runner_new (store, hub->base_url, settings, &error);
  g_assert_no_error (error);
  g_assert_nonnull (runner);

  window = desk_window_new (NULL, store, runner);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  desk_sync_runner_start (runner);
  g_assert_true (desk_sync_runner_get_running (runner));
  g_assert_true (desk_window_get_busy (window));
  g_assert_cmpstr (gtk_label_get_text (get_child (window, "sync_label")), ==, "Updating…");
  wait_until_idle (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_assert_cmpuint (dir_store_count_services (store), ==, N_HUB_SERVICES);
  results = desk_window_get_results (window);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, N_HUB_LISTED);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (get_child (window, "results_stack")),
                   ==, "results");
  g_assert_cmpstr (gtk_label_get_text (get_child (window, "count_label")), ==, "6 services");
  g_assert_cmpstr (gtk_label_get_text (get_child (window, "sync_label")),
                   ==, "Directory updated just now");
  warning = get_child (window, "sync_warning_icon");
  g_assert_false (gtk_widget_get_visible (warning));
  g_assert_null (desk_sync_runner_get_error (runner));

  /* Select the service about to change. */
  position = find_service (results, RENAMED_ID);
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  gtk_single_selection_set_selected (get_child (window, "selection"), position);

  /* A changed record re-imported on the hub, then Refresh. */
  renamed = write_renamed_record ();
  g_assert_cmpint (hub_run_cli ((const char *[]) { "import", "--db", hub_db, renamed, NULL },
                                NULL, &out, NULL), ==, 0);
  g_signal_connect (runner, "finished", G_CALLBACK (on_finished_cb), &n_finished);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));
  g_assert_true (desk_window_get_busy (window));
  /* Ctrl+R twice more while it runs: one more pull, not two. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));
  wait_until_idle (window);
  g_assert_cmpuint (n_finished, ==, 2);
  g_signal_handlers_disconnect_by_func (runner, on_finished_cb, &n_finished);

  results = desk_window_get_results (window);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, N_HUB_LISTED);
  position = find_service (results, RENAMED_ID);
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  service = g_list_model_get_item (results, position);
  g_assert_cmpstr (dir_service_get_name (service), ==, RENAMED_NAME);
  /* And its row says so: a service read after the sync is not the one
   * read before, so the list does not keep the old row. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  row = find_row (get_child (window, "list_view"), RENAMED_ID);
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_label_get_text (get_row_child (row, "name_label")), ==, RENAMED_NAME);
  /* The selection stays on the service that changed. */
  g_assert_cmpuint (gtk_single_selection_get_selected (get_child (window, "selection")),
                    ==, position);

  /* The hub goes away: the error shows, the list keeps its rows. */
  hub_stop (hub, SIGTERM);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));
  wait_until_idle (window);

  g_assert_nonnull (desk_sync_runner_get_error (runner));
  g_assert_true (g_error_matches (desk_sync_runner_get_error (runner),
                                  DIR_HUB_ERROR, DIR_HUB_ERROR_NETWORK));
  g_assert_true (gtk_widget_get_visible (warning));
  g_assert_true (gtk_widget_get_visible (get_child (window, "sync_box")));
  g_assert_nonnull (gtk_widget_get_tooltip_text (warning));
  g_assert_cmpstr (gtk_label_get_text (get_child (window, "sync_label")),
                   ==, "Directory updated just now");
  g_assert_cmpuint (g_list_model_get_n_items (desk_window_get_results (window)), ==, N_HUB_LISTED);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (get_child (window, "results_stack")),
                   ==, "results");
  g_assert_cmpuint (dir_store_count_services (store), ==, N_HUB_SERVICES);

  g_object_ref (window);
  gtk_window_close (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (window);

  desk_sync_runner_stop (runner);
  g_assert_finalize_object (runner);
  g_assert_finalize_object (store);
}

static void
test_sync_now (void)
{
  g_autofree char *fixture = hub_fixture_path ("hub-directory.json");
  g_autofree char *hub_db = hub_new_db ("headless-hub.db", fixture);
  g_autofree char *desk_path = g_build_filename (hub_test_tmp_dir (), "headless-desk.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(DirStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DirService) service = NULL;
  g_autofree char *last_success = NULL;
  g_autofree char *url = NULL;
  Hub *hub = hub_start (hub_db);
  int status;

  status = hub_run_desk (FALSE, (const char *[]) { "--sync-now", "--db", desk_path,
                                        "--hub-url", hub->base_url, NULL },
                     &out, &err);
  g_test_message ("stdout: %s\nstderr: %s", out, err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "Synced: "));
  g_assert_nonnull (strstr (out, "7 updated, 0 removed"));
  g_assert_true (g_str_has_suffix (out, "\n"));
  /* One line. */
  g_assert_cmpint (strchr (out, '\n') - out, ==, (int) strlen (out) - 1);
  g_assert_cmpstr (err, ==, "");

  url = g_strdup (hub->base_url);
  hub_stop (hub, SIGTERM);

  store = dir_store_new (desk_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dir_store_count_services (store), ==, N_HUB_SERVICES);
  service = dir_store_get_service (store, RENAMED_ID, &error);
  g_assert_no_error (error);
  g_assert_nonnull (service);
  last_success = dir_store_get_meta (store, DIR_SYNC_META_LAST_SUCCESS);
  g_assert_nonnull (last_success);
  g_clear_object (&store);

  /* The hub is down now: exit status 1 and why, the directory untouched. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = hub_run_desk (FALSE, (const char *[]) { "--sync-now", "--db", desk_path, "--hub-url", url, NULL },
                     &out, &err);
  g_test_message ("stdout: %s\nstderr: %s", out, err);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "Could not sync the directory: Could not reach the hub"));

  store = dir_store_new (desk_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dir_store_count_services (store), ==, N_HUB_SERVICES);

  /* No hub address at all: also a clear failure. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = hub_run_desk (FALSE, (const char *[]) { "--sync-now", "--db", desk_path, NULL }, &out, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_true (g_str_has_prefix (err, "No hub address"));
}

/* Polls path until it holds needle: TRUE, or FALSE after timeout_s. */
static gboolean
wait_for_text (const char *path,
               const char *needle,
               guint       timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *text = NULL;

      if (g_file_get_contents (path, &text, NULL, NULL) && strstr (text, needle) != NULL)
        return TRUE;
      g_usleep (100 * 1000);
    }

  return FALSE;
}

static void
write_settings (const char *keyfile,
                const char *hub_url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("[io/github/directionhub/Desk]\n"
                                           "tile-url-template='%s'\n"
                                           "hub-url='%s'\n",
                                           OFFLINE_TILES, hub_url);

  g_file_set_contents (keyfile, text, -1, &error);
  g_assert_no_error (error);
}

static void
new_process_group (gpointer user_data)
{
  setpgid (0, 0);
}

/* Preferences point the running desk at another hub (the hub-url key
 * changes under it): the application replaces its sync runner and the
 * next pulls go to the new hub.  The real direction-desk, its settings in
 * a key file this test rewrites, on a session bus of its own. */
static void
test_hub_switch (void)
{
  g_autofree char *fixture = hub_fixture_path ("hub-directory.json");
  g_autofree char *db_a = hub_new_db ("switch-a.db", fixture);
  g_autofree char *db_b = hub_new_db ("switch-b.db", fixture);
  g_autofree char *log_a = g_build_filename (hub_test_tmp_dir (), "switch-a.log", NULL);
  g_autofree char *log_b = g_build_filename (hub_test_tmp_dir (), "switch-b.log", NULL);
  g_autofree char *home = g_build_filename (hub_test_tmp_dir (), "switch-home", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *settings_dir = g_build_filename (config, "glib-2.0", "settings", NULL);
  g_autofree char *keyfile = g_build_filename (settings_dir, "keyfile", NULL);
  g_autofree char *desk_path = g_build_filename (home, "desk.db", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DirStore) store = NULL;
  /* A session bus of its own that starts no services: no keyring either, so
   * the desk keeps the referrals' key in a file, as it does without one. */
  g_autofree char *bus_config = g_test_build_filename (G_TEST_DIST, "session-no-services.conf",
                                                       NULL);
  g_autofree char *bus_option = g_strconcat ("--config-file=", bus_config, NULL);
  const char *argv[] = { "dbus-run-session", bus_option, "--",
                         g_getenv ("DIRECTION_DESK"), "--db", desk_path, NULL };
  Hub *a = hub_start_full (db_a, NULL, log_a);
  Hub *b = hub_start_full (db_b, NULL, log_b);
  GPid pid;
  int status;

  g_assert_nonnull (argv[3]);
  g_assert_cmpint (g_mkdir_with_parents (settings_dir, 0700), ==, 0);
  write_settings (keyfile, a->base_url);

  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "keyfile", TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", config, TRUE);
  env = g_environ_setenv (env, "XDG_CACHE_HOME", cache, TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", data, TRUE);
  env = g_environ_unsetenv (env, "DIRECTION_HUB_URL");
  /* It warns that there is no keyring: that is not this test's failure. */
  env = g_environ_unsetenv (env, "G_DEBUG");

  g_spawn_async (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH,
                 new_process_group, NULL,
                 &pid, &error);
  g_assert_no_error (error);

  /* The first hub, from the setting. */
  g_assert_true (wait_for_text (log_a, "path=/api/v1/changes", 30));
  g_assert_false (wait_for_text (log_b, "path=/api/v1/changes", 0));

  /* Preferences change the key: the next pull goes to the other hub, at
   * once, without a restart. */
  write_settings (keyfile, b->base_url);
  g_assert_true (wait_for_text (log_b, "path=/api/v1/changes", 30));

  kill (-pid, SIGTERM);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);

  store = dir_store_new (desk_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dir_store_count_services (store), ==, N_HUB_SERVICES);

  hub_stop (a, SIGTERM);
  hub_stop (b, SIGTERM);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Only the test's own hub. */
  g_unsetenv ("DIRECTION_HUB_URL");
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
  g_mkdir_with_parents (g_get_user_config_dir (), 0700);
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_mkdir_with_parents (g_get_user_runtime_dir (), 0700);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  if (g_getenv ("DIRECTION_DATA_DIR") == NULL)
    {
      g_autofree char *data_dir = g_test_build_filename (G_TEST_DIST, "..", "data", NULL);

      g_setenv ("DIRECTION_DATA_DIR", data_dir, TRUE);
    }

  g_test_add_func ("/desk/sync/window", test_window_sync);
  g_test_add_func ("/desk/sync/sync-now", test_sync_now);
  g_test_add_func ("/desk/sync/hub-switch", test_hub_switch);

  status = g_test_run ();
  hub_test_cleanup ();

  return status;
}
