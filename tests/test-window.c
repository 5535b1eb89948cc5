/* test-window.c
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
#include <glib/gstdio.h>

#include "desk-format.h"
#include "desk-service-detail.h"
#include "desk-service-row.h"
#include "desk-window.h"

/* The fixture directory: 6 fictional services (tests/data/desk-directory.json). */
#define N_FIXTURE_SERVICES 6

typedef struct
{
  char     *tmpdir;
  DirStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  gboolean fill = GPOINTER_TO_INT (user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->tmpdir = g_dir_make_tmp ("desk-test-window-XXXXXX", &error);
  g_assert_no_error (error);

  path = g_build_filename (fixture->tmpdir, "directory.db", NULL);
  fixture->store = dir_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);

  if (fill)
    {
      g_autofree char *json = NULL;
      guint n_imported = 0;

      json = g_test_build_filename (G_TEST_DIST, "data", "desk-directory.json", NULL);
      dir_store_import_file (fixture->store, json, &n_imported, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (n_imported, ==, N_FIXTURE_SERVICES);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->tmpdir, "directory.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_assert_finalize_object (fixture->store);

  g_unlink (wal);
  g_unlink (shm);
  g_unlink (path);
  g_rmdir (fixture->tmpdir);
  g_free (fixture->tmpdir);
}

static gpointer
get_child (DeskWindow *window,
           const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), DESK_TYPE_WINDOW, name);

  g_assert_nonnull (child);
  return child;
}

/* Runs the main loop until the window has no search (or pull) in flight. */
static void
wait_until_idle (DeskWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (desk_window_get_busy (window))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  /* Let the list lay out and draw its rows. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static DeskWindow *
show_window (DirStore *store)
{
  DeskWindow *window = desk_window_new (NULL, store, NULL);

  /* Wide enough for both panes side by side. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  wait_until_idle (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  return window;
}

static void
close_window (DeskWindow *window)
{
  g_object_ref (window);
  gtk_window_close (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (window);
}

static const char *
visible_page (DeskWindow *window)
{
  return gtk_stack_get_visible_child_name (get_child (window, "results_stack"));
}

static guint
count_bound_rows (GtkWidget *widget)
{
  guint n = 0;

  if (DESK_IS_SERVICE_ROW (widget))
    return desk_service_row_get_service (DESK_SERVICE_ROW (widget)) != NULL &&
           gtk_widget_get_mapped (widget) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_bound_rows (child);

  return n;
}

static void
search (DeskWindow *window,
        const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (get_child (window, "search_entry")), text);
  /* The search waits for typing to pause: busy until it has finished. */
  g_assert_true (desk_window_get_busy (window));
  wait_until_idle (window);
}

static void
test_window_lists_all (Fixture       *fixture,
                       gconstpointer  user_data)
{
  DeskWindow *window = show_window (fixture->store);
  GListModel *results = desk_window_get_results (window);
  DeskServiceDetail *detail = get_child (window, "detail");

  g_assert_nonnull (results);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, N_FIXTURE_SERVICES);
  g_assert_cmpuint (dir_store_count_services (fixture->store), ==, N_FIXTURE_SERVICES);
  g_assert_cmpstr (visible_page (window), ==, "results");
  g_assert_cmpstr (gtk_label_get_text (get_child (window, "count_label")), ==, "6 services");

  /* Every service has a row on screen. */
  g_assert_cmpuint (count_bound_rows (get_child (window, "list_view")), ==, N_FIXTURE_SERVICES);

  /* Side by side, the first service is shown in the detail pane. */
  g_assert_false (adw_leaflet_get_folded (get_child (window, "leaflet")));
  g_assert_nonnull (desk_service_detail_get_service (detail));

  close_window (window);
}

static void
test_window_search (Fixture       *fixture,
                    gconstpointer  user_data)
{
  DeskWindow *window = show_window (fixture->store);
  GListModel *results;
  g_autoptr(DirService) first = NULL;

  /* Search as you type: a prefix. */
  search (window, "hoste");
  results = desk_window_get_results (window);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  first = g_list_model_get_item (results, 0);
  g_assert_cmpstr (dir_service_get_name (first), ==, "Bedford Resettlement Hostel");
  g_assert_cmpstr (visible_page (window), ==, "results");
  g_assert_cmpstr (gtk_label_get_text (get_child (window, "count_label")), ==, "1 service");
  g_assert_cmpuint (count_bound_rows (get_child (window, "list_view")), ==, 1);
  g_assert_true (desk_service_detail_get_service (get_child (window, "detail")) == first);

  /* Enter runs the ranked search. */
  g_signal_emit_by_name (get_child (window, "search_entry"), "activate");
  g_assert_true (desk_window_get_busy (window));
  wait_until_idle (window);
  g_assert_cmpuint (g_list_model_get_n_items (desk_window_get_results (window)), ==, 1);

  /* Nothing matches: the "No services found" page. */
  search (window, "zzqxv");
  g_assert_cmpuint (g_list_model_get_n_items (desk_window_get_results (window)), ==, 0);
  g_assert_cmpstr (visible_page (window), ==, "no-results");
  g_assert_null (desk_service_detail_get_service (get_child (window, "detail")));

  /* Back to everything. */
  search (window, "");
  g_assert_cmpuint (g_list_model_get_n_items (desk_window_get_results (window)), ==, N_FIXTURE_SERVICES);
  g_assert_cmpstr (visible_page (window), ==, "results");

  close_window (window);
}

static void
test_window_typing_cancels (Fixture       *fixture,
                            gconstpointer  user_data)
{
  DeskWindow *window = show_window (fixture->store);
  GtkEditable *entry = get_child (window, "search_entry");
  g_autoptr(DirService) first = NULL;

  /* Keystrokes in quick succession: only the last search counts. */
  gtk_editable_set_text (entry, "z");
  gtk_editable_set_text (entry, "zz");
  gtk_editable_set_text (entry, "Reco");
  wait_until_idle (window);

  g_assert_cmpuint (g_list_model_get_n_items (desk_window_get_results (window)), ==, 1);
  first = g_list_model_get_item (desk_window_get_results (window), 0);
  g_assert_cmpstr (dir_service_get_name (first), ==, "Recovery Café");

  close_window (window);
}

static void
test_window_remembers_search (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.directionhub.Desk");
  DeskWindow *window = show_window (fixture->store);
  g_autofree char *saved = NULL;

  search (window, "hoste");
  close_window (window);
  saved = g_settings_get_string (settings, "last-search");
  g_assert_cmpstr (saved, ==, "hoste");

  window = show_window (fixture->store);
  g_assert_cmpstr (gtk_editable_get_text (get_child (window, "search_entry")), ==, "hoste");
  g_assert_cmpuint (g_list_model_get_n_items (desk_window_get_results (window)), ==, 1);
  close_window (window);

  g_settings_reset (settings, "last-search");
}

static void
test_window_narrow (Fixture       *fixture,
                    gconstpointer  user_data)
{
  DeskWindow *window = desk_window_new (NULL, fixture->store, NULL);
  AdwLeaflet *leaflet = get_child (window, "leaflet");
  GtkSingleSelection *selection = get_child (window, "selection");
  g_autoptr(DirService) first = NULL;

  /* One pane at a time: the list first, nothing selected behind it. */
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 700);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  wait_until_idle (window);

  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "list");
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, GTK_INVALID_LIST_POSITION);

  /* Choosing a service opens it. */
  gtk_single_selection_set_selected (selection, 0);
  first = g_list_model_get_item (desk_window_get_results (window), 0);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "detail");
  g_assert_true (desk_service_detail_get_service (get_child (window, "detail")) == first);
  g_assert_cmpstr (adw_window_title_get_title (get_child (window, "detail_title")), ==,
                   dir_service_get_name (first));

  /* Escape in the empty search box goes back to the list. */
  g_signal_emit_by_name (get_child (window, "search_entry"), "stop-search");
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "list");

  close_window (window);
}

static void
test_window_empty_store (Fixture       *fixture,
                         gconstpointer  user_data)
{
  DeskWindow *window = show_window (fixture->store);
  AdwStatusPage *page = get_child (window, "empty_page");

  g_assert_cmpuint (g_list_model_get_n_items (desk_window_get_results (window)), ==, 0);
  g_assert_cmpstr (visible_page (window), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "No directory yet");
  /* No hub: nothing to refresh from, so no button. */
  g_assert_false (gtk_widget_get_visible (get_child (window, "empty_refresh_button")));
  g_assert_null (desk_window_get_hub_client (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (get_child (window, "detail_stack")), ==, "blank");

  close_window (window);
}

static void
test_format (void)
{
  g_autofree char *weekdays = desk_format_weekdays (0x1f);
  g_autofree char *weekend = desk_format_weekdays (0x60);
  g_autofree char *list = desk_format_weekdays (0x15);
  g_autofree char *one = desk_format_weekdays (0x04);
  g_autofree char *every = desk_format_weekdays (0x7f);
  g_autofree char *range = desk_format_time_range (9 * 60, 17 * 60 + 30);
  g_autofree char *late = desk_format_time_range (18 * 60, 24 * 60);
  g_autofree char *all_day = desk_format_time_range (0, 24 * 60);
  g_autofree char *date = desk_format_date ("2026-03-12");
  g_autofree char *timestamp = desk_format_date ("2026-11-02T10:00:00Z");
  g_autofree char *bad = desk_format_date ("12/03/2026");
  DirLocation location = {
    NULL, NULL, (char *) "1 Example Road", (char *) "Luton", (char *) "LU1 2AA", 0, 0
  };
  g_autofree char *address = desk_format_address (&location);

  g_assert_cmpstr (weekdays, ==, "Monday to Friday");
  g_assert_cmpstr (weekend, ==, "Saturday and Sunday");
  g_assert_cmpstr (list, ==, "Monday, Wednesday and Friday");
  g_assert_cmpstr (one, ==, "Wednesday");
  g_assert_cmpstr (every, ==, "Every day");
  g_assert_null (desk_format_weekdays (0));
  g_assert_cmpstr (range, ==, "09:00–17:30");
  g_assert_cmpstr (late, ==, "18:00–midnight");
  g_assert_cmpstr (all_day, ==, "Open all day");
  g_assert_cmpstr (date, ==, "12 March 2026");
  g_assert_cmpstr (timestamp, ==, "2 November 2026");
  g_assert_null (bad);
  g_assert_cmpstr (address, ==, "1 Example Road, Luton, LU1 2AA");
  g_assert_cmpstr (desk_format_status (DIR_STATUS_ACTIVE), ==, NULL);
  g_assert_cmpstr (desk_format_status (DIR_STATUS_PAUSED), ==, "Temporarily closed");
  g_assert_cmpstr (desk_format_status (DIR_STATUS_CLOSED), ==, "Closed");
}

int
main (int   argc,
      char *argv[])
{
  /* Never the network: no hub, and no URL that could lead to one. */
  g_unsetenv ("DIRECTION_HUB_URL");
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
  g_mkdir_with_parents (g_get_user_config_dir (), 0700);
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_mkdir_with_parents (g_get_user_runtime_dir (), 0700);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/desk/format", test_format);
  g_test_add ("/desk/window/lists-all", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_window_lists_all, fixture_tear_down);
  g_test_add ("/desk/window/search", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_window_search, fixture_tear_down);
  g_test_add ("/desk/window/typing-cancels", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_window_typing_cancels, fixture_tear_down);
  g_test_add ("/desk/window/remembers-search", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_window_remembers_search, fixture_tear_down);
  g_test_add ("/desk/window/narrow", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_window_narrow, fixture_tear_down);
  g_test_add ("/desk/window/empty-store", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_window_empty_store, fixture_tear_down);

  return g_test_run ();
}
