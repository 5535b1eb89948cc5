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
#include <math.h>
#include <string.h>

#include "desk-filter-panel.h"
#include "desk-format.h"
#include "desk-map-view.h"
#include "desk-preferences-window.h"
#include "desk-prefetch-dialog.h"
#include "desk-resources.h"
#include "desk-service-detail.h"
#include "desk-service-row.h"
#include "desk-shortlist.h"
#include "desk-swap-model.h"
#include "desk-sync-runner.h"
#include "desk-test-util.h"
#include "desk-trailing-box.h"
#include "desk-window.h"

/* The fixture directory: 6 fictional services (tests/data/desk-directory.json). */
#define N_FIXTURE_SERVICES 6
/* Of which one has closed for good. */
#define N_FIXTURE_OPEN 5
/* The sample directory (data/sample-directory.json): 244 services. */
#define N_SAMPLE_SERVICES 244
/* Counts in it, worked out with dir_store_count() on the same queries. */
#define N_SAMPLE_OPEN 237          /* not closed for good */
#define EXPECT_WOMAN 224
#define EXPECT_AGE_17 217
#define EXPECT_VERY_HIGH 124
#define EXPECT_SELF_REFERRAL 166
#define EXPECT_POLISH 67
#define EXPECT_OPEN_TUE_10 175     /* Tuesday 24 November 2026, 10:00 */
#define EXPECT_OPEN_SUN_10 15      /* Sunday 29 November 2026, 10:00 */
#define EXPECT_CUSTODY 53
#define EXPECT_ACC_EMERG 7
#define EXPECT_ACC 51
#define EXPECT_ACC_OR_VET 53
#define EXPECT_WITHIN_1KM 61       /* of MK40 1PG */
/* Bedford Central Library is at MK40 1PG itself. */
#define EXPECT_FIRST_DISTANCE "0 m"

enum {
  FILL_NONE,
  FILL_FIXTURE,
  FILL_SAMPLE,
};

/* Tile requests go nowhere: nothing listens on the discard port. */
#define OFFLINE_TILES "http://127.0.0.1:9/{z}/{x}/{y}.png"

static const char * const remembered_keys[] = {
  "last-search", "near-text", "near-radius-km", "shortlist", "content-language", "hub-url",
  "filter-pathways", "filter-gender", "filter-age", "filter-risk", "filter-stages",
  "filter-self-referral", "filter-language", "filter-show-closed",
  "filter-open-enabled", "filter-open-date", "filter-open-time",
};

/* The memory backend lives as long as the process: each test starts from
 * the defaults. */
static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.directionhub.Desk");

  for (guint i = 0; i < G_N_ELEMENTS (remembered_keys); i++)
    g_settings_reset (settings, remembered_keys[i]);
  g_settings_set_string (settings, "tile-url-template", OFFLINE_TILES);
}

typedef struct
{
  char     *tmpdir;
  DirStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  int fill = GPOINTER_TO_INT (user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->tmpdir = g_dir_make_tmp ("desk-test-window-XXXXXX", &error);
  g_assert_no_error (error);

  path = g_build_filename (fixture->tmpdir, "directory.db", NULL);
  fixture->store = dir_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);

  reset_settings ();

  if (fill != FILL_NONE)
    {
      g_autofree char *json = NULL;
      guint n_imported = 0;

      if (fill == FILL_SAMPLE)
        json = g_test_build_filename (G_TEST_DIST, "..", "data", "sample-directory.json", NULL);
      else
        json = g_test_build_filename (G_TEST_DIST, "data", "desk-directory.json", NULL);
      dir_store_import_file (fixture->store, json, &n_imported, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (n_imported, ==, fill == FILL_SAMPLE ? N_SAMPLE_SERVICES : N_FIXTURE_SERVICES);
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
  DeskShortlist *shortlist = desk_window_get_shortlist (window);

  /* The shortlist goes with its window: a stray one would still follow
   * (and tidy) the settings key. */
  g_object_add_weak_pointer (G_OBJECT (shortlist), (gpointer *) &shortlist);
  g_object_ref (window);
  gtk_window_close (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (window);
  g_assert_null (shortlist);
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
  /* Closed services are hidden until asked for. */
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, N_FIXTURE_OPEN);
  g_assert_cmpuint (dir_store_count_services (fixture->store), ==, N_FIXTURE_SERVICES);
  g_assert_cmpstr (visible_page (window), ==, "results");
  g_assert_cmpstr (gtk_label_get_text (get_child (window, "count_label")), ==, "5 services");

  /* Every service has a row on screen. */
  g_assert_cmpuint (count_bound_rows (get_child (window, "list_view")), ==, N_FIXTURE_OPEN);

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
  g_assert_cmpuint (g_list_model_get_n_items (desk_window_get_results (window)), ==, N_FIXTURE_OPEN);
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

/* Selecting services with short and long names side by side moves
 * nothing: the list keeps its width and the Details/Map switcher its
 * place, with no title behind the switcher (the name is the page's).
 * The list is as wide as it needs, the detail pane takes the rest. */
static void
test_window_steady_panes (Fixture       *fixture,
                          gconstpointer  user_data)
{
  DeskWindow *window = show_window (fixture->store);
  GtkSingleSelection *selection = get_child (window, "selection");
  AdwViewSwitcherTitle *title = get_child (window, "detail_title");
  GtkWidget *sidebar = adw_leaflet_get_child_by_name (get_child (window, "leaflet"), "list");
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (selection));  /* the first page */
  gsize shortest = G_MAXSIZE, longest = 0;
  int sidebar_width = -1;
  graphene_rect_t switcher = { { -1, -1 }, { -1, -1 } };

  g_assert_false (adw_leaflet_get_folded (get_child (window, "leaflet")));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(DirService) service = g_list_model_get_item (G_LIST_MODEL (selection), i);
      gsize length = g_utf8_strlen (dir_service_get_name (service), -1);
      graphene_rect_t bounds;

      gtk_single_selection_set_selected (selection, i);
      wait_until_idle (window);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      g_assert_cmpstr (dir_service_get_id (desk_service_detail_get_service (get_child (window, "detail"))),
                       ==, dir_service_get_id (service));
      shortest = MIN (shortest, length);
      longest = MAX (longest, length);

      g_assert_false (adw_view_switcher_title_get_title_visible (title));
      g_assert_cmpstr (adw_view_switcher_title_get_title (title), ==, "");
      g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (title), GTK_WIDGET (window), &bounds));
      if (sidebar_width < 0)
        {
          int natural;

          /* The room to spare is the detail pane's. */
          gtk_widget_measure (sidebar, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
          sidebar_width = gtk_widget_get_width (sidebar);
          g_assert_cmpint (sidebar_width, ==, natural);
          switcher = bounds;
        }
      g_assert_cmpint (gtk_widget_get_width (sidebar), ==, sidebar_width);
      g_assert_cmpfloat (bounds.origin.x, ==, switcher.origin.x);
      g_assert_cmpfloat (bounds.size.width, ==, switcher.size.width);
    }
  /* Names short and long enough to have moved them. */
  g_assert_cmpuint (n_items, >=, 10);
  g_assert_cmpuint (shortest, <, 35);
  g_assert_cmpuint (longest, >, 60);

  close_window (window);
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
  g_assert_cmpstr (adw_view_switcher_title_get_title (get_child (window, "detail_title")), ==,
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
  g_assert_null (desk_window_get_sync_runner (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (get_child (window, "detail_stack")), ==, "blank");

  close_window (window);
}

static GtkWindow *
find_shortcuts_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_SHORTCUTS_WINDOW (window))
        {
          g_assert_null (found);
          found = window;
        }
    }

  return found;
}

/* The keyboard shortcuts window is made when first asked for, then kept
 * (hidden when closed) until its window goes. */
static void
test_window_shortcuts (Fixture       *fixture,
                       gconstpointer  user_data)
{
  DeskWindow *window = show_window (fixture->store);
  GtkWindow *shortcuts;

  g_assert_null (find_shortcuts_window ());

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  shortcuts = find_shortcuts_window ();
  g_assert_nonnull (shortcuts);
  g_object_add_weak_pointer (G_OBJECT (shortcuts), (gpointer *) &shortcuts);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (shortcuts));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (shortcuts)));
  g_assert_true (gtk_window_get_transient_for (shortcuts) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (shortcuts));
  /* The window's help overlay: what shows an action's accelerator. */
  g_assert_true (GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)))
                 == shortcuts);

  gtk_window_close (shortcuts);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_nonnull (shortcuts);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (shortcuts)));

  /* Again: the same window, shown. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  g_assert_true (find_shortcuts_window () == shortcuts);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (shortcuts)));

  close_window (window);
  g_assert_null (shortcuts);
}

static void
test_window_empty_store_filters (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.directionhub.Desk");
  DeskWindow *window;

  /* Filters remembered from before, but no directory yet: that is what to say. */
  g_settings_set_boolean (settings, "filter-self-referral", TRUE);
  window = show_window (fixture->store);
  g_assert_cmpuint (desk_filter_panel_get_n_active (get_child (window, "filter_panel")), ==, 1);
  g_assert_cmpstr (visible_page (window), ==, "empty");

  close_window (window);
}


static guint
n_results (DeskWindow *window)
{
  return g_list_model_get_n_items (desk_window_get_results (window));
}

static gpointer
get_panel_child (DeskWindow *window,
                 const char *name)
{
  GObject *child;

  /* Its widgets are made when it is first shown. */
  desk_filter_panel_prepare (get_child (window, "filter_panel"));
  child = gtk_widget_get_template_child (get_child (window, "filter_panel"),
                                         DESK_TYPE_FILTER_PANEL, name);

  g_assert_nonnull (child);
  return child;
}

/* A filter changed: the window searches again at once. */
static void
wait_for_query (DeskWindow *window)
{
  g_assert_true (desk_window_get_busy (window));
  wait_until_idle (window);
}

static guint
find_string (GListModel *model,
             const char *text)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), text) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static void
test_window_filters (Fixture       *fixture,
                     gconstpointer  user_data)
{
  DeskWindow *window = show_window (fixture->store);
  DeskFilterPanel *panel = get_child (window, "filter_panel");
  GtkLabel *badge = get_child (window, "filter_count_label");
  AdwComboRow *language_row = get_panel_child (window, "language_row");
  g_autoptr(GDateTime) release_day = NULL;
  guint polish;

  /* Active and temporarily closed services: closed ones are hidden. */
  g_assert_cmpuint (n_results (window), ==, N_SAMPLE_OPEN);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (badge)));
  g_assert_false (gtk_widget_is_sensitive (get_panel_child (window, "clear_button")));

  /* The filter button opens the panel. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-filters", NULL);
  g_assert_true (adw_flap_get_reveal_flap (get_child (window, "flap")));
  g_assert_true (gtk_toggle_button_get_active (get_child (window, "filter_button")));

  gtk_switch_set_active (get_panel_child (window, "closed_switch"), TRUE);
  wait_for_query (window);
  g_assert_cmpuint (n_results (window), ==, N_SAMPLE_SERVICES);
  g_assert_cmpuint (desk_filter_panel_get_n_active (panel), ==, 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (badge)));
  g_assert_cmpstr (gtk_label_get_text (badge), ==, "1");
  gtk_switch_set_active (get_panel_child (window, "closed_switch"), FALSE);
  wait_for_query (window);
  g_assert_cmpuint (n_results (window), ==, N_SAMPLE_OPEN);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (badge)));

  adw_combo_row_set_selected (get_panel_child (window, "gender_row"), 1);
  wait_for_query (window);
  g_assert_cmpuint (n_results (window), ==, EXPECT_WOMAN);
  adw_combo_row_set_selected (get_panel_child (window, "gender_row"), 0);
  wait_for_query (window);

  gtk_editable_set_text (get_panel_child (window, "age_row"), "17");
  wait_for_query (window);
  g_assert_cmpuint (n_results (window), ==, EXPECT_AGE_17);
  /* Not an age: marked, and no age filter. */
  gtk_editable_set_text (get_panel_child (window, "age_row"), "abc");
  wait_for_query (window);
  g_assert_true (gtk_widget_has_css_class (get_panel_child (window, "age_row"), "error"));
  g_assert_cmpuint (n_results (window), ==, N_SAMPLE_OPEN);
  gtk_editable_set_text (get_panel_child (window, "age_row"), "");
  wait_for_query (window);

  adw_combo_row_set_selected (get_panel_child (window, "risk_row"), 4);
  wait_for_query (window);
  g_assert_cmpuint (n_results (window), ==, EXPECT_VERY_HIGH);
  adw_combo_row_set_selected (get_panel_child (window, "risk_row"), 0);
  wait_for_query (window);

  gtk_switch_set_active (get_panel_child (window, "self_referral_switch"), TRUE);
  wait_for_query (window);
  g_assert_cmpuint (n_results (window), ==, EXPECT_SELF_REFERRAL);
  gtk_switch_set_active (get_panel_child (window, "self_referral_switch"), FALSE);
  wait_for_query (window);

  /* The languages of the directory, by name. */
  polish = find_string (adw_combo_row_get_model (language_row), "Polish (polski)");
  g_assert_cmpuint (polish, !=, GTK_INVALID_LIST_POSITION);
  g_assert_cmpuint (find_string (adw_combo_row_get_model (language_row), "Urdu (اردو)"),
                    !=, GTK_INVALID_LIST_POSITION);
  adw_combo_row_set_selected (language_row, polish);
  wait_for_query (window);
  g_assert_cmpuint (n_results (window), ==, EXPECT_POLISH);
  adw_combo_row_set_selected (language_row, 0);
  wait_for_query (window);

  /* Open on a Tuesday at 10:00 (the release day). */
  release_day = g_date_time_new_local (2026, 11, 24, 12, 0, 0);
  gtk_calendar_select_day (get_panel_child (window, "calendar"), release_day);
  wait_for_query (window);
  g_assert_cmpuint (n_results (window), ==, N_SAMPLE_OPEN);   /* not enabled yet */
  adw_expander_row_set_enable_expansion (get_panel_child (window, "open_row"), TRUE);
  wait_for_query (window);
  g_assert_cmpuint (n_results (window), ==, EXPECT_OPEN_TUE_10);
  /* Sunday 10:00 */
  g_clear_pointer (&release_day, g_date_time_unref);
  release_day = g_date_time_new_local (2026, 11, 29, 12, 0, 0);
  gtk_calendar_select_day (get_panel_child (window, "calendar"), release_day);
  wait_for_query (window);
  g_assert_cmpuint (n_results (window), ==, EXPECT_OPEN_SUN_10);

  /* Several at once, then "Clear filters". */
  gtk_switch_set_active (get_panel_child (window, "self_referral_switch"), TRUE);
  wait_for_query (window);
  g_assert_cmpuint (desk_filter_panel_get_n_active (panel), ==, 2);
  g_assert_cmpstr (gtk_label_get_text (badge), ==, "2");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-filters", NULL);
  wait_for_query (window);
  g_assert_cmpuint (n_results (window), ==, N_SAMPLE_OPEN);
  g_assert_cmpuint (desk_filter_panel_get_n_active (panel), ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (badge)));

  close_window (window);
}

static GtkCheckButton *
find_first_check (GtkWidget *widget)
{
  if (GTK_IS_CHECK_BUTTON (widget))
    return GTK_CHECK_BUTTON (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkCheckButton *check = find_first_check (child);

      if (check != NULL)
        return check;
    }

  return NULL;
}

static void
test_window_filter_stages (Fixture       *fixture,
                           gconstpointer  user_data)
{
  DeskWindow *window = show_window (fixture->store);
  /* The first check box of the group: "In custody". */
  GtkCheckButton *custody = find_first_check (get_panel_child (window, "stage_group"));

  g_assert_nonnull (custody);
  gtk_check_button_set_active (custody, TRUE);
  wait_for_query (window);
  g_assert_cmpuint (n_results (window), ==, EXPECT_CUSTODY);

  close_window (window);
}

static void
test_window_pathways (Fixture       *fixture,
                      gconstpointer  user_data)
{
  DeskWindow *window = show_window (fixture->store);
  DeskFilterPanel *panel = get_child (window, "filter_panel");
  g_autoptr(GSettings) settings = g_settings_new ("io.github.directionhub.Desk");
  g_auto(GStrv) saved = NULL;
  guint n_parent;

  /* One child pathway. */
  g_assert_true (desk_filter_panel_set_pathway (panel, "ACC.EMERG", TRUE));
  wait_for_query (window);
  g_assert_cmpuint (n_results (window), ==, EXPECT_ACC_EMERG);
  g_assert_cmpuint (desk_filter_panel_get_n_active (panel), ==, 1);

  /* Its parent: all accommodation, children included. */
  g_assert_true (desk_filter_panel_set_pathway (panel, "ACC", TRUE));
  wait_for_query (window);
  n_parent = n_results (window);
  g_assert_cmpuint (n_parent, ==, EXPECT_ACC);
  g_assert_cmpuint (n_parent, >, EXPECT_ACC_EMERG);
  saved = g_settings_get_strv (settings, "filter-pathways");
  g_assert_cmpstrv (saved, ((const char * const []) { "ACC", NULL }));

  /* One child off: the others stay chosen. */
  g_assert_true (desk_filter_panel_set_pathway (panel, "ACC.EMERG", FALSE));
  wait_for_query (window);
  g_assert_cmpuint (n_results (window), <, n_parent);
  g_assert_cmpuint (n_results (window), >, 0);

  /* Two top-level pathways: either. */
  g_assert_true (desk_filter_panel_set_pathway (panel, "ACC", TRUE));
  wait_for_query (window);
  g_assert_true (desk_filter_panel_set_pathway (panel, "VET", TRUE));
  wait_for_query (window);
  g_assert_cmpuint (n_results (window), ==, EXPECT_ACC_OR_VET);

  close_window (window);

  /* Remembered at the next start. */
  window = show_window (fixture->store);
  g_assert_cmpuint (n_results (window), ==, EXPECT_ACC_OR_VET);
  g_assert_cmpuint (desk_filter_panel_get_n_active (get_child (window, "filter_panel")), ==, 1);
  close_window (window);

  /* Saved as every child of a pathway: searched as that pathway before
   * the panel's rows are made, and checked in them once it opens. */
  {
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) children = NULL;
    const DirPathway *all;
    guint n_pathways = 0;

    all = dir_taxonomy_get_all (&n_pathways);
    for (guint i = 0; i < n_pathways; i++)
      if (g_strcmp0 (all[i].parent, "ACC") == 0)
        g_strv_builder_add (builder, all[i].code);
    children = g_strv_builder_end (builder);
    g_assert_cmpuint (g_strv_length (children), >, 1);
    g_settings_set_strv (settings, "filter-pathways", (const char * const *) children);
  }
  window = show_window (fixture->store);
  panel = get_child (window, "filter_panel");
  g_assert_cmpuint (n_results (window), ==, EXPECT_ACC);
  g_assert_cmpuint (desk_filter_panel_get_n_active (panel), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-filters", NULL);
  g_assert_true (adw_flap_get_reveal_flap (get_child (window, "flap")));
  g_assert_cmpuint (desk_filter_panel_get_n_active (panel), ==, 1);
  /* One child off: the rest were checked from what was saved. */
  g_assert_true (desk_filter_panel_set_pathway (panel, "ACC.EMERG", FALSE));
  wait_for_query (window);
  g_assert_cmpuint (n_results (window), <, EXPECT_ACC);
  g_assert_cmpuint (n_results (window), >, 0);
  close_window (window);
}

static void
near (DeskWindow *window,
      const char *text)
{
  gtk_editable_set_text (get_child (window, "near_entry"), text);
  g_signal_emit_by_name (get_child (window, "near_entry"), "activate");
  wait_until_idle (window);
}

static const char *
first_row_distance (DeskWindow *window)
{
  GtkWidget *list_view = get_child (window, "list_view");

  /* The first bound row on screen is the first result. */
  for (GtkWidget *w = gtk_widget_get_first_child (list_view); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    {
      GtkWidget *row = gtk_widget_get_first_child (w);

      if (row != NULL && DESK_IS_SERVICE_ROW (row) &&
          desk_service_row_get_service (DESK_SERVICE_ROW (row)) != NULL)
        {
          g_autoptr(DirService) first = g_list_model_get_item (desk_window_get_results (window), 0);
          GtkLabel *label;

          /* The list shows the first results of a long search from its
           * first, quicker query: the same services, other objects. */
          g_assert_cmpstr (dir_service_get_id (desk_service_row_get_service (DESK_SERVICE_ROW (row))),
                           ==, dir_service_get_id (first));
          label = GTK_LABEL (gtk_widget_get_template_child (row, DESK_TYPE_SERVICE_ROW,
                                                             "distance_label"));
          return gtk_label_get_text (label);
        }
    }

  g_assert_not_reached ();
  return NULL;
}

static void
test_window_near (Fixture       *fixture,
                  gconstpointer  user_data)
{
  DeskWindow *window = show_window (fixture->store);
  GListModel *results;
  GtkLabel *near_label = get_child (window, "near_label");
  double previous = 0;
  double latitude, longitude, radius;
  GArray *pins;

  near (window, "mk40 1pg");
  results = desk_window_get_results (window);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, N_SAMPLE_OPEN);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (near_label)));
  g_assert_cmpstr (gtk_label_get_text (near_label), ==, "Nearest to MK40 1PG first");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (near_label), "error"));

  /* Nearest first. */
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(DirService) service = g_list_model_get_item (results, i);
      double distance = dir_service_get_distance (service);

      g_assert_false (isnan (distance));
      g_assert_cmpfloat (distance, >=, previous);
      previous = distance;
    }
  g_assert_cmpstr (first_row_distance (window), ==, EXPECT_FIRST_DISTANCE);

  /* Within 1 km; the map draws the circle round the place. */
  gtk_drop_down_set_selected (get_child (window, "radius_dropdown"), 1);
  wait_for_query (window);
  g_assert_cmpuint (n_results (window), ==, EXPECT_WITHIN_1KM);
  g_assert_true (desk_map_view_get_near (get_child (window, "map_view"),
                                         &latitude, &longitude, &radius));
  g_assert_cmpfloat_with_epsilon (latitude, 52.13, 0.05);
  g_assert_cmpfloat_with_epsilon (longitude, -0.47, 0.05);
  g_assert_cmpfloat (radius, ==, 1000.0);
  /* Only the pins within it. */
  pins = desk_marker_layer_get_points (desk_map_view_get_marker_layer (get_child (window, "map_view")));
  g_assert_nonnull (pins);
  g_assert_cmpuint (pins->len, >, 0);
  g_assert_cmpuint (pins->len, <=, EXPECT_WITHIN_1KM);
  for (guint i = 0; i < pins->len; i++)
    {
      const DirPoint *pin = &g_array_index (pins, DirPoint, i);

      g_assert_cmpfloat_with_epsilon (pin->latitude, latitude, 0.01);
    }

  close_window (window);

  /* Remembered at the next start. */
  window = show_window (fixture->store);
  g_assert_cmpstr (gtk_editable_get_text (get_child (window, "near_entry")), ==, "mk40 1pg");
  g_assert_cmpuint (n_results (window), ==, EXPECT_WITHIN_1KM);
  close_window (window);
}

static void
test_window_near_error (Fixture       *fixture,
                        gconstpointer  user_data)
{
  DeskWindow *window = show_window (fixture->store);
  GtkLabel *near_label = get_child (window, "near_label");
  GtkEditable *entry = get_child (window, "near_entry");

  near (window, "MK40 1PG");
  g_assert_cmpuint (n_results (window), ==, N_SAMPLE_OPEN);
  gtk_drop_down_set_selected (get_child (window, "radius_dropdown"), 1);
  wait_for_query (window);
  g_assert_cmpuint (n_results (window), ==, EXPECT_WITHIN_1KM);

  /* Malformed: said under the entry; the text and the results stay. */
  gtk_editable_set_text (entry, "MK40 1P");
  g_signal_emit_by_name (entry, "activate");
  g_assert_false (desk_window_get_busy (window));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "MK40 1P");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (near_label)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (near_label), "error"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  g_assert_cmpstr (gtk_label_get_text (near_label), !=, "");
  g_assert_cmpuint (n_results (window), ==, EXPECT_WITHIN_1KM);
  g_assert_cmpstr (visible_page (window), ==, "results");

  /* Typing again takes the error away. */
  gtk_editable_set_text (entry, "MK40 1PG");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (near_label), "error"));

  /* Cleared: no sorting by distance, and no radius. */
  gtk_editable_set_text (entry, "");
  wait_until_idle (window);
  g_assert_cmpuint (n_results (window), ==, N_SAMPLE_OPEN);
  g_assert_false (desk_map_view_get_near (get_child (window, "map_view"), NULL, NULL, NULL));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (near_label)));

  close_window (window);
}

static void
test_window_no_match (Fixture       *fixture,
                      gconstpointer  user_data)
{
  DeskWindow *window = show_window (fixture->store);

  AdwComboRow *language_row = get_panel_child (window, "language_row");

  /* Nothing in custody is delivered in Arabic. */
  gtk_check_button_set_active (find_first_check (get_panel_child (window, "stage_group")), TRUE);
  wait_for_query (window);
  adw_combo_row_set_selected (language_row,
                              find_string (adw_combo_row_get_model (language_row),
                                           "Arabic (العربية)"));
  wait_for_query (window);
  g_assert_cmpuint (n_results (window), ==, 0);
  g_assert_cmpstr (visible_page (window), ==, "no-results");
  g_assert_true (gtk_widget_get_visible (get_child (window, "no_results_clear_button")));

  g_signal_emit_by_name (get_child (window, "no_results_clear_button"), "clicked");
  wait_for_query (window);
  g_assert_cmpuint (n_results (window), ==, N_SAMPLE_OPEN);
  g_assert_cmpstr (visible_page (window), ==, "results");

  close_window (window);
}

static void
test_window_map (Fixture       *fixture,
                 gconstpointer  user_data)
{
  DeskWindow *window = show_window (fixture->store);
  DeskMapView *map_view = get_child (window, "map_view");
  DeskMarkerLayer *layer = desk_map_view_get_marker_layer (map_view);
  GtkSingleSelection *selection = get_child (window, "selection");
  GListModel *results;
  g_autoptr(DirService) target = NULL;
  guint n_located = 0;
  guint target_position = GTK_INVALID_LIST_POSITION;

  g_assert_cmpstr (desk_map_view_get_tile_url_template (map_view), ==, OFFLINE_TILES);

  /* One filter, so the pins are not simply all of them. */
  adw_combo_row_set_selected (get_panel_child (window, "gender_row"), 1);
  wait_for_query (window);

  results = desk_window_get_results (window);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(DirService) service = g_list_model_get_item (results, i);

      /* Pinned: an address.  A service known only by its area (a phone
       * line, a confidential one) is in the list but never on the map. */
      if (!dir_service_get_point (service, NULL, NULL))
        continue;

      n_located++;
      if (i > 0 && target == NULL)
        {
          target = g_object_ref (service);
          target_position = i;
        }
    }
  g_assert_cmpuint (n_located, >, 1);
  g_assert_nonnull (desk_marker_layer_get_points (layer));
  g_assert_cmpuint (desk_marker_layer_get_points (layer)->len, ==, n_located);

  /* Show the map, then activate a pin: its row is selected and shown. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-map", NULL);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (get_child (window, "content_stack")),
                   ==, "map");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_signal_emit_by_name (map_view, "service-activated", dir_service_get_id (target));
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, target_position);
  g_assert_cmpstr (dir_service_get_id (desk_service_detail_get_service (get_child (window, "detail"))),
                   ==, dir_service_get_id (target));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (get_child (window, "content_stack")),
                   ==, "details");
  g_assert_cmpstr (desk_map_view_get_selected_service (map_view), ==, dir_service_get_id (target));

  /* A row chosen in the list selects its pin. */
  gtk_single_selection_set_selected (selection, 0);
  {
    g_autoptr(DirService) first = g_list_model_get_item (results, 0);

    if (!dir_service_get_confidential (first))
      g_assert_cmpstr (desk_map_view_get_selected_service (map_view), ==,
                       dir_service_get_id (first));
  }

  close_window (window);
}


/* A window never shown still gets its results (the first ones wait for
 * the first frame only once there is one to wait for). */
static void
test_window_unshown (Fixture       *fixture,
                     gconstpointer  user_data)
{
  DeskWindow *window = desk_window_new (NULL, fixture->store, NULL);

  g_object_ref_sink (window);
  wait_until_idle (window);
  g_assert_nonnull (desk_window_get_results (window));
  g_assert_cmpuint (g_list_model_get_n_items (desk_window_get_results (window)), ==, N_FIXTURE_OPEN);
  /* Pages kept for after a first frame that never comes: there when asked for. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-shortlist", NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (get_child (window, "sidebar_stack")), ==,
                   "shortlist");
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

/* A window waiting for its first frame holds its first results and the
 * rest of the search (here the map's pins) until the frame is drawn; a
 * window unrealized first, so never drawn, gets them then. */
static void
test_window_held_until_first_frame (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  DeskWindow *window = desk_window_new (NULL, fixture->store, NULL);
  DeskMarkerLayer *layer = desk_map_view_get_marker_layer (get_child (window, "map_view"));
  gint64 until;
  GArray *pins;

  g_object_ref_sink (window);
  gtk_widget_realize (GTK_WIDGET (window));

  /* Long enough for the first results and, if they ran, the pins. */
  until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (desk_window_get_busy (window));
  g_assert_null (desk_window_get_results (window));
  pins = desk_marker_layer_get_points (layer);
  g_assert_true (pins == NULL || pins->len == 0);

  gtk_widget_unrealize (GTK_WIDGET (window));
  wait_until_idle (window);
  g_assert_cmpuint (n_results (window), ==, N_FIXTURE_OPEN);
  pins = desk_marker_layer_get_points (layer);
  g_assert_nonnull (pins);
  g_assert_cmpuint (pins->len, >, 0);
  g_assert_cmpuint (pins->len, <=, N_FIXTURE_OPEN);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

/* What the first frame leaves out is there as soon as it is asked for. */
static void
test_window_before_first_frame (Fixture       *fixture,
                                gconstpointer  user_data)
{
  DeskWindow *window = desk_window_new (NULL, fixture->store, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));

  /* Not drawn yet: the shortlist shows all the same. */
  g_assert_false (gtk_widget_get_visible (get_child (window, "shortlist_page")));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-shortlist", NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (get_child (window, "sidebar_stack")), ==,
                   "shortlist");
  g_assert_true (gtk_widget_get_visible (get_child (window, "shortlist_page")));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-shortlist", NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (get_child (window, "sidebar_stack")), ==,
                   "search");

  /* Drawn, the results in: the first service's detail. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  wait_until_idle (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpuint (n_results (window), ==, N_FIXTURE_OPEN);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (get_child (window, "detail_stack")), ==,
                   "service");
  g_assert_true (gtk_widget_get_mapped (get_child (window, "detail")));

  close_window (window);
}

/* ---- shortlist ----------------------------------------------------------- */

#define HOSTEL_ID "e777246a-a712-5354-b950-72dadaf9ac75"
#define JOBS_ID   "338e3e6b-d73c-5b06-8d88-2738602b6c3e"
#define CAFE_ID   "1115439d-a609-512c-9161-d24ac6a0f576"

static gpointer
get_detail_child (DeskWindow *window,
                  const char *name)
{
  GObject *child = gtk_widget_get_template_child (get_child (window, "detail"),
                                                  DESK_TYPE_SERVICE_DETAIL, name);

  g_assert_nonnull (child);
  return child;
}

static const char *
shown_id (DeskWindow *window)
{
  DirService *service = desk_service_detail_get_service (get_child (window, "detail"));

  return service != NULL ? dir_service_get_id (service) : NULL;
}

static void
test_window_shortlist (Fixture       *fixture,
                       gconstpointer  user_data)
{
  DeskWindow *window = show_window (fixture->store);
  DeskShortlist *shortlist = desk_window_get_shortlist (window);
  GtkLabel *badge = get_child (window, "shortlist_badge");
  GtkWidget *detail_refer = get_detail_child (window, "refer_button");
  GtkWidget *list_refer = get_child (window, "shortlist_refer_button");
  GtkSingleSelection *shortlist_selection = get_child (window, "shortlist_selection");
  GtkWidget *row;
  GVariant *target;

  g_assert_nonnull (shortlist);
  g_assert_true (desk_window_get_store (window) == fixture->store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shortlist)), ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (badge)));

  /* From the detail pane: its Shortlist button. */
  search (window, "hoste");
  g_assert_cmpstr (shown_id (window), ==, HOSTEL_ID);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (detail_refer)), ==,
                   "win.new-referral");
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (detail_refer));
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, HOSTEL_ID);
  gtk_widget_activate_action (get_child (window, "detail"), "detail.toggle-shortlist", NULL);
  g_assert_true (desk_shortlist_contains (shortlist, HOSTEL_ID));
  g_assert_cmpstr (adw_button_content_get_label (get_detail_child (window, "shortlist_button_content")),
                   ==, "_Shortlisted");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (badge)));
  g_assert_cmpstr (gtk_label_get_text (badge), ==, "1");

  /* Its row shows the star filled, and how far it is from the near place. */
  gtk_editable_set_text (get_child (window, "near_entry"), "MK40 1PG");
  g_signal_emit_by_name (get_child (window, "near_entry"), "activate");
  wait_until_idle (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  row = find_row (get_child (window, "list_view"), HOSTEL_ID);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_has_css_class (get_row_child (row, "shortlist_button"), "listed"));
  g_assert_true (gtk_widget_get_visible (get_row_child (row, "distance_label")));

  /* From a row: its star. */
  search (window, "jobcentre");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  row = find_row (get_child (window, "list_view"), JOBS_ID);
  g_assert_nonnull (row);
  g_assert_false (gtk_widget_has_css_class (get_row_child (row, "shortlist_button"), "listed"));
  gtk_widget_activate_action (row, "row.toggle-shortlist", NULL);
  g_assert_true (desk_shortlist_contains (shortlist, JOBS_ID));
  g_assert_true (gtk_widget_has_css_class (get_row_child (row, "shortlist_button"), "listed"));

  /* Ctrl+D: the service shown. */
  search (window, "reco");
  g_assert_cmpstr (shown_id (window), ==, CAFE_ID);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-shortlist", NULL);
  g_assert_true (desk_shortlist_contains (shortlist, CAFE_ID));
  g_assert_cmpstr (gtk_label_get_text (badge), ==, "3");

  /* The shortlist view: in the order added, the first one shown. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-shortlist", NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (get_child (window, "sidebar_stack")), ==, "shortlist");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (get_child (window, "shortlist_stack")), ==, "list");
  g_assert_true (gtk_toggle_button_get_active (get_child (window, "shortlist_button")));
  g_assert_cmpstr (gtk_label_get_text (get_child (window, "shortlist_count_label")), ==, "3 services");
  g_assert_cmpuint (gtk_single_selection_get_selected (shortlist_selection), ==, 0);
  g_assert_cmpstr (shown_id (window), ==, HOSTEL_ID);
  gtk_single_selection_set_selected (shortlist_selection, 2);
  g_assert_cmpstr (shown_id (window), ==, CAFE_ID);

  /* No distance in the shortlist: it would be from some earlier search. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  row = find_row (get_child (window, "shortlist_view"), HOSTEL_ID);
  g_assert_nonnull (row);
  g_assert_false (gtk_widget_get_visible (get_row_child (row, "distance_label")));

  /* Refer… refers to the one picked, Print Handout… is the other module's. */
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (list_refer)), ==,
                   "win.new-referral");
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (list_refer));
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, CAFE_ID);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (get_child (window, "print_handout_button"))),
                   ==, "win.print-handout");
  gtk_single_selection_set_selected (shortlist_selection, GTK_INVALID_LIST_POSITION);
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (list_refer));
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, "");

  /* Taken off from the detail pane while the shortlist shows. */
  gtk_single_selection_set_selected (shortlist_selection, 1);
  g_assert_cmpstr (shown_id (window), ==, JOBS_ID);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-shortlist", NULL);
  g_assert_false (desk_shortlist_contains (shortlist, JOBS_ID));
  g_assert_cmpstr (gtk_label_get_text (get_child (window, "shortlist_count_label")), ==, "2 services");

  /* Clear, then Undo. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-shortlist", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shortlist)), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (get_child (window, "shortlist_stack")), ==, "empty");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (badge)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (get_child (window, "detail_stack")), ==, "blank");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo-clear-shortlist", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shortlist)), ==, 2);
  g_assert_true (desk_shortlist_contains (shortlist, HOSTEL_ID));
  g_assert_true (desk_shortlist_contains (shortlist, CAFE_ID));

  /* Typing a search goes back to the results. */
  gtk_editable_set_text (GTK_EDITABLE (get_child (window, "search_entry")), "hostel");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (get_child (window, "sidebar_stack")), ==, "search");
  g_assert_false (gtk_toggle_button_get_active (get_child (window, "shortlist_button")));
  wait_until_idle (window);

  close_window (window);
}

/* Kept across a restart of the window, in order; a service that left the
 * directory meanwhile is dropped. */
static void
test_window_shortlist_restart (Fixture       *fixture,
                               gconstpointer  user_data)
{
  DeskWindow *window = show_window (fixture->store);
  g_autoptr(GError) error = NULL;
  const char *deletes[] = { JOBS_ID, NULL };
  GListModel *model;

  search (window, "reco");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-shortlist", NULL);
  search (window, "jobcentre");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-shortlist", NULL);
  search (window, "hoste");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-shortlist", NULL);
  close_window (window);

  window = show_window (fixture->store);
  model = G_LIST_MODEL (desk_window_get_shortlist (window));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  {
    g_auto(GStrv) ids = desk_shortlist_dup_ids (desk_window_get_shortlist (window));

    g_assert_cmpstr (ids[0], ==, CAFE_ID);
    g_assert_cmpstr (ids[1], ==, JOBS_ID);
    g_assert_cmpstr (ids[2], ==, HOSTEL_ID);
  }
  g_assert_cmpstr (gtk_label_get_text (get_child (window, "shortlist_badge")), ==, "3");
  close_window (window);

  dir_store_apply (fixture->store, NULL, deletes, &error);
  g_assert_no_error (error);

  window = show_window (fixture->store);
  model = G_LIST_MODEL (desk_window_get_shortlist (window));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_false (desk_shortlist_contains (desk_window_get_shortlist (window), JOBS_ID));
  g_assert_cmpstr (gtk_label_get_text (get_child (window, "shortlist_badge")), ==, "2");
  close_window (window);
}

/* ---- the detail pane ----------------------------------------------------- */

static GDateTime *
london (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/London");

  return g_date_time_new (tz, year, month, day, hour, minute, 0);
}

static const char *
label_text (DeskWindow *window,
            const char *name)
{
  GtkLabel *label = get_detail_child (window, name);

  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : NULL;
}

/* Open now / closed now: the hostel is open Monday to Friday 09:00-17:00
 * and Saturday 10:00-13:00. */
static void
test_window_open_now (Fixture       *fixture,
                      gconstpointer  user_data)
{
  DeskWindow *window = show_window (fixture->store);
  DeskServiceDetail *detail = get_child (window, "detail");
  const struct {
    int day, hour, minute;
    const char *expect;
    const char *css_class;
  } cases[] = {
    { 24, 10, 0, "Open now, until 17:00", "success" },   /* Tuesday */
    { 24, 16, 59, "Open now, until 17:00", "success" },
    { 24, 17, 0, "Closed now", "error" },
    { 24, 8, 15, "Closed now, opens at 09:00", "error" },
    { 28, 11, 0, "Open now, until 13:00", "success" },   /* Saturday */
    { 29, 11, 0, "Closed now", "error" },                /* Sunday */
  };

  search (window, "hoste");
  g_assert_cmpstr (shown_id (window), ==, HOSTEL_ID);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) now = london (2026, 11, cases[i].day, cases[i].hour, cases[i].minute);

      g_test_message ("case %u", i);
      desk_service_detail_set_now (detail, now);
      g_assert_cmpstr (label_text (window, "open_now_label"), ==, cases[i].expect);
      g_assert_true (gtk_widget_has_css_class (get_detail_child (window, "open_now_label"),
                                               cases[i].css_class));
    }

  /* No day asked about: no "open on". */
  g_assert_null (label_text (window, "open_on_label"));

  /* No hours given: nothing to say about now. */
  search (window, "reco");
  g_assert_cmpstr (shown_id (window), ==, CAFE_ID);
  g_assert_false (gtk_widget_get_visible (get_detail_child (window, "hours_status_box")));

  /* Temporarily closed: said so rather than open or closed now. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DirService) paused = NULL;
    g_autoptr(GDateTime) now = london (2026, 11, 24, 10, 0);

    paused = dir_service_new_from_data ("{\"id\": \"6f1c7a52-5d0c-4f37-9b1e-6f4b8e0c2a11\","
                                        " \"name\": \"Paused\", \"status\": \"temporarily closed\","
                                        " \"schedules\": [{\"freq\": \"WEEKLY\", \"byday\": \"TU\","
                                        " \"opens_at\": \"09:00\", \"closes_at\": \"17:00\"}]}",
                                        -1, &error);
    g_assert_no_error (error);
    desk_service_detail_set_now (detail, now);
    desk_service_detail_set_service (detail, paused, NULL);
    g_assert_true (gtk_widget_get_visible (get_detail_child (window, "hours_status_box")));
    g_assert_cmpstr (label_text (window, "open_now_label"), ==, "Temporarily closed");
  }

  desk_service_detail_set_now (detail, NULL);
  close_window (window);
}

/* Open on the release day chosen in the filters. */
static void
test_window_open_on (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.directionhub.Desk");
  DeskWindow *window;

  /* Saturday 28 November 2026 at 10:00, as a work coach would set it. */
  g_settings_set_boolean (settings, "filter-open-enabled", TRUE);
  g_settings_set_string (settings, "filter-open-date", "2026-11-28");
  g_settings_set_int (settings, "filter-open-time", 600);
  window = show_window (fixture->store);

  /* Only the hostel is open then. */
  g_assert_cmpuint (n_results (window), ==, 1);
  g_assert_cmpstr (shown_id (window), ==, HOSTEL_ID);
  g_assert_cmpstr (label_text (window, "open_on_label"), ==, "Open on Sat 28 November: 10:00–13:00");
  close_window (window);

  /* A Tuesday: the hostel's hours of that day; a Sunday: closed. */
  g_settings_set_string (settings, "filter-open-date", "2026-11-24");
  window = show_window (fixture->store);
  search (window, "hoste");
  g_assert_cmpstr (label_text (window, "open_on_label"), ==, "Open on Tue 24 November: 09:00–17:00");
  {
    g_autoptr(GDateTime) sunday = london (2026, 11, 29, 10, 0);

    desk_service_detail_set_open_on (get_child (window, "detail"), sunday);
    g_assert_cmpstr (label_text (window, "open_on_label"), ==, "Closed on Sun 29 November");
  }
  close_window (window);
}

static DirService *
find_translated (DirStore   *store,
                 const char *language,
                 gboolean    translated)
{
  g_autoptr(DirQuery) query = dir_query_new ();
  g_autoptr(GListModel) all = dir_store_query (store, query, NULL, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(DirService) service = g_list_model_get_item (all, i);

      if ((dir_service_get_translation (service, language) != NULL) == translated)
        return g_steal_pointer (&service);
    }

  g_assert_not_reached ();
}

/* The content language: translated text with a marker, or English marked
 * as untranslated; nothing marked in English. */
static void
test_window_content_language (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.directionhub.Desk");
  g_autoptr(DirService) translated = find_translated (fixture->store, "pl", TRUE);
  g_autoptr(DirService) english = find_translated (fixture->store, "pl", FALSE);
  const DirTranslation *polish = dir_service_get_translation (translated, "pl");
  DeskWindow *window;
  GtkWidget *marker;
  GtkWidget *row;

  g_settings_set_string (settings, "content-language", "pl");
  window = show_window (fixture->store);
  marker = get_detail_child (window, "language_box");

  desk_service_detail_set_service (get_child (window, "detail"), translated, "pl");
  g_assert_true (gtk_widget_get_visible (marker));
  g_assert_cmpstr (gtk_label_get_text (get_detail_child (window, "language_label")), ==,
                   "Translated — Polish (polski)");
  g_assert_cmpstr (gtk_label_get_text (get_detail_child (window, "name_label")), ==, polish->name);
  if (polish->description != NULL)
    g_assert_cmpstr (gtk_label_get_text (get_detail_child (window, "description_label")), ==,
                     polish->description);

  desk_service_detail_set_service (get_child (window, "detail"), english, "pl");
  g_assert_true (gtk_widget_get_visible (marker));
  g_assert_cmpstr (gtk_label_get_text (get_detail_child (window, "language_label")), ==,
                   "English — no translation");
  g_assert_cmpstr (gtk_label_get_text (get_detail_child (window, "name_label")), ==,
                   dir_service_get_name (english));

  /* The list's rows are in Polish too. */
  search (window, polish->name);
  g_assert_cmpuint (n_results (window), >=, 1);
  g_assert_cmpstr (gtk_label_get_text (get_detail_child (window, "language_label")), ==,
                   "Translated — Polish (polski)");
  row = find_row (get_child (window, "list_view"), dir_service_get_id (translated));
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_label_get_text (get_row_child (row, "name_label")), ==, polish->name);

  /* Back to English (Preferences): no marker, and the rows in English, the
   * same services read again though they are. */
  g_settings_set_string (settings, "content-language", "");
  wait_until_idle (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_false (gtk_widget_get_visible (marker));
  g_assert_cmpstr (gtk_label_get_text (get_detail_child (window, "name_label")), ==,
                   dir_service_get_name (translated));
  row = find_row (get_child (window, "list_view"), dir_service_get_id (translated));
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_label_get_text (get_row_child (row, "name_label")), ==,
                   dir_service_get_name (translated));

  close_window (window);
}

/* "Last verified", a warning when it is over a year ago or never. */
static void
test_window_last_verified (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.directionhub.Desk");
  g_autoptr(GDateTime) soon = london (2026, 11, 24, 10, 0);
  g_autoptr(GDateTime) later = london (2027, 6, 1, 10, 0);
  DeskServiceDetail *detail;
  DeskWindow *window;
  GtkWidget *icon;

  g_settings_set_boolean (settings, "filter-show-closed", TRUE);
  window = show_window (fixture->store);
  detail = get_child (window, "detail");
  icon = get_detail_child (window, "verified_icon");

  /* Verified 12 March 2026. */
  search (window, "hoste");
  desk_service_detail_set_now (detail, soon);
  g_assert_cmpstr (label_text (window, "verified_label"), ==, "Last verified 12 March 2026");
  g_assert_false (gtk_widget_get_visible (icon));
  desk_service_detail_set_now (detail, later);
  g_assert_cmpstr (label_text (window, "verified_label"), ==,
                   "Last verified 12 March 2026, over a year ago — check the details with "
                   "the service before you refer");
  g_assert_true (gtk_widget_get_visible (icon));
  g_assert_true (gtk_widget_has_css_class (get_detail_child (window, "verified_label"), "warning"));

  /* Never verified. */
  search (window, "historic");
  g_assert_cmpuint (n_results (window), ==, 1);
  g_assert_cmpstr (label_text (window, "verified_label"), ==,
                   "Not verified yet — check the details with the service before you refer");
  g_assert_true (gtk_widget_get_visible (icon));

  desk_service_detail_set_now (detail, NULL);
  close_window (window);
}

/* ---- sync state ---------------------------------------------------------- */

static void
on_finished_cb (DeskSyncRunner *runner,
                gboolean        changed,
                gboolean        manual,
                const GError   *error,
                gboolean       *done)
{
  *done = TRUE;
}

/* The window follows a runner given later (a hub set in Preferences), and
 * shows what came of its last attempt: here a hub nothing listens for. */
static void
test_window_sync_state (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.directionhub.Desk");
  g_autoptr(DeskSyncRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  DeskWindow *window = show_window (fixture->store);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  gboolean done = FALSE;
  GtkLabel *error_label = get_child (window, "sync_error_label");

  g_assert_false (gtk_widget_get_visible (get_child (window, "sync_button")));
  g_assert_false (gtk_widget_is_sensitive (get_child (window, "empty_refresh_button")) &&
                  desk_window_get_sync_runner (window) != NULL);

  /* The discard port: refused at once, never the network. */
  runner = desk_sync_runner_new (fixture->store, "http://127.0.0.1:9", settings, &error);
  g_assert_no_error (error);
  desk_window_set_sync_runner (window, runner);
  g_assert_true (desk_window_get_sync_runner (window) == runner);
  g_signal_connect (runner, "finished", G_CALLBACK (on_finished_cb), &done);

  desk_sync_runner_sync (runner, TRUE);
  while (!done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  g_assert_nonnull (desk_sync_runner_get_error (runner));
  g_assert_true (gtk_widget_get_visible (get_child (window, "sync_button")));
  g_assert_true (gtk_widget_get_visible (get_child (window, "sync_warning_icon")));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (error_label), "The last attempt failed: "));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label),
                            desk_sync_runner_get_error (runner)->message));
  g_assert_cmpstr (gtk_label_get_text (get_child (window, "sync_updated_label")), ==,
                   "Not downloaded from the hub yet.");
  g_assert_cmpstr (gtk_label_get_text (get_child (window, "sync_hub_label")), ==,
                   "Hub: http://127.0.0.1:9");
  g_assert_cmpstr (gtk_label_get_text (get_child (window, "sync_label")), ==,
                   "Directory not downloaded yet");
  /* Offline is what the network monitor says, shown as it says it. */
  g_assert_cmpint (gtk_widget_get_visible (get_child (window, "sync_offline_label")), ==,
                   !g_network_monitor_get_network_available (g_network_monitor_get_default ()));

  /* Opened, its button has the focus: no label shows all its text selected. */
  gtk_menu_button_popup (get_child (window, "sync_button"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (gtk_menu_button_get_popover (get_child (window, "sync_button")))));
  g_assert_true (gtk_widget_has_focus (get_child (window, "sync_refresh_button")));
  g_assert_false (gtk_label_get_selection_bounds (error_label, NULL, NULL));
  g_assert_false (gtk_label_get_selection_bounds (get_child (window, "sync_hub_label"), NULL, NULL));
  gtk_menu_button_popdown (get_child (window, "sync_button"));

  /* No hub any more. */
  desk_window_set_sync_runner (window, NULL);
  g_assert_false (gtk_widget_get_visible (get_child (window, "sync_button")));
  g_assert_false (gtk_widget_is_sensitive (get_child (window, "empty_refresh_button")) &&
                  desk_window_get_sync_runner (window) != NULL);

  desk_sync_runner_stop (runner);
  close_window (window);
}


typedef struct
{
  guint position, removed, added, n_signals;
} Changed;

static void
on_swap_items_changed_cb (GListModel *model,
                          guint       position,
                          guint       removed,
                          guint       added,
                          Changed    *changed)
{
  *changed = (Changed) { position, removed, added, changed->n_signals + 1 };
}

static GListStore *
store_of (GObject **items,
          guint     n_items)
{
  GListStore *store = g_list_store_new (G_TYPE_OBJECT);

  for (guint i = 0; i < n_items; i++)
    g_list_store_append (store, items[i]);
  return store;
}

/* The swap model reports only what changed after the start the models
 * share (the same objects), up to the number of items compared. */
static void
test_swap_model (void)
{
  g_autoptr(DeskSwapModel) swap = desk_swap_model_new (G_TYPE_OBJECT);
  GObject *items[6];
  g_autoptr(GListStore) first = NULL;
  g_autoptr(GListStore) same_start = NULL;
  g_autoptr(GListStore) other = NULL;
  Changed changed = { 0, };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    items[i] = g_object_new (G_TYPE_OBJECT, NULL);
  g_signal_connect (swap, "items-changed", G_CALLBACK (on_swap_items_changed_cb), &changed);

  first = store_of (items, 4);                 /* 0 1 2 3 */
  desk_swap_model_set_model (swap, G_LIST_MODEL (first), 10);
  g_assert_cmpuint (changed.n_signals, ==, 1);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.removed, ==, 0);
  g_assert_cmpuint (changed.added, ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (swap)), ==, 4);

  /* 0 1 2 5 4: the first three stay. */
  {
    GObject *next[] = { items[0], items[1], items[2], items[5], items[4] };

    same_start = store_of (next, G_N_ELEMENTS (next));
  }
  desk_swap_model_set_model (swap, G_LIST_MODEL (same_start), 10);
  g_assert_cmpuint (changed.n_signals, ==, 2);
  g_assert_cmpuint (changed.position, ==, 3);
  g_assert_cmpuint (changed.removed, ==, 1);
  g_assert_cmpuint (changed.added, ==, 2);
  {
    g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (swap), 3);

    g_assert_true (item == items[5]);
  }

  /* The same items in another model: nothing to tell. */
  other = store_of ((GObject *[]) { items[0], items[1], items[2], items[5], items[4] }, 5);
  desk_swap_model_set_model (swap, G_LIST_MODEL (other), 10);
  g_assert_cmpuint (changed.n_signals, ==, 2);

  /* Compared no further than asked: all after the first is new. */
  desk_swap_model_set_model (swap, G_LIST_MODEL (same_start), 1);
  g_assert_cmpuint (changed.n_signals, ==, 3);
  g_assert_cmpuint (changed.position, ==, 1);
  g_assert_cmpuint (changed.removed, ==, 4);
  g_assert_cmpuint (changed.added, ==, 4);

  /* Changes of the model stood for are passed on. */
  g_list_store_remove (same_start, 0);
  g_assert_cmpuint (changed.n_signals, ==, 4);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.removed, ==, 1);
  g_assert_cmpuint (changed.added, ==, 0);

  /* None. */
  desk_swap_model_set_model (swap, NULL, 10);
  g_assert_cmpuint (changed.n_signals, ==, 5);
  g_assert_cmpuint (changed.removed, ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (swap)), ==, 0);
  g_list_store_remove_all (same_start);
  g_assert_cmpuint (changed.n_signals, ==, 5);

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    g_object_unref (items[i]);
}

static void
on_label_notify_cb (GObject    *label,
                    GParamSpec *pspec,
                    guint      *n_notified)
{
  (*n_notified)++;
}

/* Typing on without changing the first services leaves their rows as they
 * are: not bound again (the row's name is not even set again). */
static void
test_window_rows_kept (Fixture       *fixture,
                       gconstpointer  user_data)
{
  DeskWindow *window = show_window (fixture->store);
  g_autoptr(DirService) first = NULL;
  g_autoptr(DirService) again = NULL;
  GtkWidget *row;
  guint n_notified = 0;

  search (window, "hoste");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpuint (n_results (window), >=, 1);
  first = g_list_model_get_item (desk_window_get_results (window), 0);
  row = find_row (get_child (window, "list_view"), dir_service_get_id (first));
  g_assert_nonnull (row);
  g_signal_connect (get_row_child (row, "name_label"), "notify::label",
                    G_CALLBACK (on_label_notify_cb), &n_notified);

  search (window, "hostel");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  again = g_list_model_get_item (desk_window_get_results (window), 0);
  /* The same service first, read again: the same object. */
  g_assert_true (again == first);
  g_assert_true (find_row (get_child (window, "list_view"), dir_service_get_id (first)) == row);
  g_assert_true (desk_service_row_get_service (DESK_SERVICE_ROW (row)) == first);
  g_assert_cmpuint (n_notified, ==, 0);

  /* Another first service: the row shows it. */
  search (window, "mentor");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpuint (n_results (window), >=, 1);
  g_clear_object (&again);
  again = g_list_model_get_item (desk_window_get_results (window), 0);
  g_assert_cmpstr (dir_service_get_id (again), !=, dir_service_get_id (first));
  g_assert_null (find_row (get_child (window, "list_view"), dir_service_get_id (first)));

  close_window (window);
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (DESK_IS_SERVICE_ROW (widget))
    {
      g_ptr_array_add (rows, widget);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

/* Every row in the list shows all of its service, and nothing left from
 * the one it showed before. */
static guint
check_rows_show_services (GPtrArray *rows)
{
  guint n_bound = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = rows->pdata[i];
      DirService *service = desk_service_row_get_service (DESK_SERVICE_ROW (row));
      gboolean confidential;

      if (service == NULL)
        continue;
      n_bound++;
      confidential = dir_service_get_confidential (service);
      g_assert_cmpstr (gtk_label_get_text (get_row_child (row, "name_label")), ==,
                       desk_format_name (service, NULL));
      g_assert_cmpstr (gtk_label_get_text (get_row_child (row, "organization_label")), ==,
                       dir_service_get_organization_name (service));
      g_assert_cmpint (gtk_widget_get_visible (get_row_child (row, "confidential_label")), ==,
                       confidential);
      g_assert_true (gtk_widget_get_visible (get_row_child (row, "shortlist_button")));
      /* No "near" place: no distance. */
      g_assert_false (gtk_widget_get_visible (get_row_child (row, "distance_label")));
    }

  return n_bound;
}

/* Other services first: GtkListView makes new rows for services that
 * were not on the list, and drops the rows of those that left.  The window
 * keeps the dropped rows for the next services: once the list has been
 * through two different pages, it shows any other in rows it has had
 * (with all of their new service, and nothing of the one before). */
static void
test_window_rows_reused (Fixture       *fixture,
                         gconstpointer  user_data)
{
  /* Pages of at most a list page (15) each. */
  static const char *searches[] = { "luton", "women", "kempston", "luton", "women" };
  DeskWindow *window = show_window (fixture->store);
  GtkWidget *list_view = get_child (window, "list_view");
  g_autoptr(GPtrArray) made = g_ptr_array_new ();
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  gboolean confidential_shown = FALSE;
  gboolean open_shown = FALSE;

  /* The rows of two pages.  The second's new services get new rows: the
   * first's are still the list's as it makes them. */
  search (window, "luton");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  collect_rows (list_view, made);
  g_assert_cmpuint (made->len, ==, 15);
  g_assert_cmpuint (check_rows_show_services (made), ==, made->len);
  search (window, "women");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  collect_rows (list_view, shown);
  g_assert_cmpuint (shown->len, ==, 15);
  g_assert_cmpuint (check_rows_show_services (shown), ==, shown->len);
  for (guint i = 0; i < shown->len; i++)
    {
      /* A service of both keeps its row. */
      if (!g_ptr_array_find (made, shown->pdata[i], NULL))
        g_ptr_array_add (made, shown->pdata[i]);
    }
  /* Most of Women's services are not Luton's: rows were made for them. */
  g_assert_cmpuint (made->len, >=, 25);

  /* Every page after: rows it has had, showing their services. */
  for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
    {
      g_ptr_array_set_size (shown, 0);
      search (window, searches[s]);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      collect_rows (list_view, shown);
      g_assert_cmpuint (shown->len, >=, 5);
      g_assert_cmpuint (shown->len, <=, 15);
      g_assert_cmpuint (check_rows_show_services (shown), ==, shown->len);
      for (guint i = 0; i < shown->len; i++)
        {
          DirService *service = desk_service_row_get_service (shown->pdata[i]);

          g_assert_true (g_ptr_array_find (made, shown->pdata[i], NULL));
          if (dir_service_get_confidential (service))
            confidential_shown = TRUE;
          else
            open_shown = TRUE;
        }
    }
  /* Rows went from a confidential service to another and back. */
  g_assert_true (confidential_shown);
  g_assert_true (open_shown);

  /* The window lets go of every row, those it kept included. */
  for (guint i = 0; i < made->len; i++)
    g_object_add_weak_pointer (made->pdata[i], &made->pdata[i]);
  close_window (window);
  for (guint i = 0; i < made->len; i++)
    g_assert_null (made->pdata[i]);
}

/* Names and addresses in the detail pane are text: "&" is not markup
 * (libadwaita's rows take markup unless told not to). */
static void
test_window_detail_plain_text (Fixture       *fixture,
                               gconstpointer  user_data)
{
  DeskWindow *window = show_window (fixture->store);
  GtkWidget *where_list = get_detail_child (window, "where_list");
  DirService *service;
  gboolean found = FALSE;

  search (window, "HMP YOI Bedford");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  service = desk_service_detail_get_service (get_child (window, "detail"));
  g_assert_nonnull (service);
  g_assert_cmpstr (dir_service_get_name (service), ==, "HMP & YOI Bedford");

  for (GtkWidget *row = gtk_widget_get_first_child (where_list);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (!ADW_IS_PREFERENCES_ROW (row))
        continue;
      g_assert_false (adw_preferences_row_get_use_markup (ADW_PREFERENCES_ROW (row)));
      if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "HMP & YOI Bedford") == 0)
        found = TRUE;
    }
  g_assert_true (found);

  close_window (window);
}

/* The same text set again (a pasted search, a remembered one) starts no
 * search: the window is not left waiting for one. */
static void
test_window_same_text (Fixture       *fixture,
                       gconstpointer  user_data)
{
  DeskWindow *window = show_window (fixture->store);
  GtkEditable *entry = get_child (window, "search_entry");
  GListModel *results;

  search (window, "luton");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  wait_until_idle (window);
  results = desk_window_get_results (window);
  g_assert_cmpuint (n_results (window), >, 0);

  gtk_editable_set_text (entry, "luton");
  g_assert_false (desk_window_get_busy (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_false (desk_window_get_busy (window));
  g_assert_true (desk_window_get_results (window) == results);

  /* Other text still searches. */
  search (window, "women");
  g_assert_true (desk_window_get_results (window) != results);

  close_window (window);
}

/* ---- the name and its button ---------------------------------------------- */

/* DeskTrailingLayout: the first child takes what the others leave, the
 * others their natural widths, at the end (the start, right to left). */
static void
test_trailing_layout (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = desk_trailing_box_new ();
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (box);
  GtkWidget *label = gtk_label_new ("Kestrel young people's supported housing – Bedford (sample)");
  GtkWidget *button = gtk_button_new_from_icon_name ("non-starred-symbolic");
  int label_min, label_nat, button_min, button_nat, label_height_min, label_height_nat;
  int min, nat;
  graphene_rect_t bounds;

  g_assert_true (DESK_IS_TRAILING_LAYOUT (layout));
  desk_trailing_layout_set_spacing (DESK_TRAILING_LAYOUT (layout), 6);
  g_assert_cmpint (desk_trailing_layout_get_spacing (DESK_TRAILING_LAYOUT (layout)), ==, 6);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (label), 2);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 10);
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  gtk_widget_set_parent (label, box);
  gtk_widget_set_parent (button, box);
  gtk_window_set_child (GTK_WINDOW (window), box);

  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, &label_min, &label_nat, NULL, NULL);
  gtk_widget_measure (button, GTK_ORIENTATION_HORIZONTAL, -1, &button_min, &button_nat, NULL, NULL);
  g_assert_cmpint (label_nat, >, 300);
  g_assert_cmpint (button_nat, >, 0);
  g_assert_cmpint (gtk_widget_get_request_mode (box), ==, GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH);

  /* Widths: the two side by side. */
  gtk_widget_measure (box, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, label_min + 6 + button_min);
  g_assert_cmpint (nat, ==, label_nat + 6 + button_nat);

  /* A height for a width: the label's for what the button leaves it. */
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, 200 - 6 - button_nat,
                      &label_height_min, &label_height_nat, NULL, NULL);
  gtk_widget_measure (box, GTK_ORIENTATION_VERTICAL, 200, &min, &nat, NULL, NULL);
  g_assert_cmpint (nat, ==, MAX (label_height_nat, button_nat > 0 ? nat : 0));
  g_assert_cmpint (nat, >=, label_height_nat);
  /* Two lines at that width, one when there is room for all of it. */
  gtk_widget_measure (box, GTK_ORIENTATION_VERTICAL, label_nat + 6 + button_nat,
                      NULL, &label_height_nat, NULL, NULL);
  g_assert_cmpint (nat, >, label_height_nat);

  /* Laid out left to right, then right to left. */
  gtk_window_set_default_size (GTK_WINDOW (window), 200, -1);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  g_assert_true (gtk_widget_compute_bounds (button, box, &bounds));
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, ==, gtk_widget_get_width (box));
  g_assert_cmpfloat (bounds.size.width, ==, button_nat);
  g_assert_true (gtk_widget_compute_bounds (label, box, &bounds));
  g_assert_cmpfloat (bounds.origin.x, ==, 0);
  g_assert_cmpfloat (bounds.size.width, ==, gtk_widget_get_width (box) - 6 - button_nat);

  gtk_widget_set_direction (box, GTK_TEXT_DIR_RTL);
  gtk_test_widget_wait_for_draw (window);
  g_assert_true (gtk_widget_compute_bounds (button, box, &bounds));
  g_assert_cmpfloat (bounds.origin.x, ==, 0);
  g_assert_true (gtk_widget_compute_bounds (label, box, &bounds));
  g_assert_cmpfloat (bounds.origin.x, ==, 6 + button_nat);

  /* A hidden button leaves the label the whole width. */
  gtk_widget_set_direction (box, GTK_TEXT_DIR_LTR);
  gtk_widget_set_visible (button, FALSE);
  gtk_test_widget_wait_for_draw (window);
  g_assert_true (gtk_widget_compute_bounds (label, box, &bounds));
  g_assert_cmpfloat (bounds.size.width, ==, gtk_widget_get_width (box));
  gtk_widget_measure (box, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (nat, ==, label_nat);

  /* Short of room: the label at its minimum, the button shares what is left. */
  gtk_widget_set_visible (button, TRUE);
  gtk_widget_measure (box, GTK_ORIENTATION_VERTICAL, label_min + 6 + button_min,
                      &min, &nat, NULL, NULL);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, label_min, NULL, &label_height_nat, NULL, NULL);
  g_assert_cmpint (nat, >=, label_height_nat);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- pictures to look at ------------------------------------------------- */

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  const char *dir = g_getenv ("DESK_SCREENSHOT_DIR");
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  int width, height;

  /* Past the stacks' cross-fades. */
  {
    gint64 end = g_get_monotonic_time () + 400 * 1000;

    while (g_get_monotonic_time () < end)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (2000);
      }
  }
  gtk_test_widget_wait_for_draw (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("%s", path);
}

static void
select_named (DeskWindow *window,
              const char *text)
{
  search (window, text);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
}

/* Not a check: the window in the states this module added, light and
 * dark, wide and narrow, for a person to look at. */
static void
test_window_screenshots (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.directionhub.Desk");
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autoptr(DirService) translated = find_translated (fixture->store, "pl", TRUE);
  g_autoptr(GDateTime) now = london (2026, 11, 24, 10, 30);
  DeskWindow *window;
  DeskPreferencesWindow *preferences;
  DeskPrefetchDialog *dialog;
  g_autoptr(DeskTileSource) osm = desk_tile_source_new (DESK_TILE_SOURCE_DEFAULT_URL_TEMPLATE);
  g_autoptr(DeskTileSource) own = desk_tile_source_new ("https://tiles.example.org/{z}/{x}/{y}.png");

  g_settings_set_boolean (settings, "filter-open-enabled", TRUE);
  g_settings_set_string (settings, "filter-open-date", "2026-11-28");
  g_settings_set_int (settings, "filter-open-time", 600);
  g_settings_set_string (settings, "near-text", "MK40 1PG");

  for (guint dark = 0; dark < 2; dark++)
    {
      g_autofree char *suffix = g_strdup (dark ? "-dark" : "");
      g_autofree char *name = NULL;

      adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                      : ADW_COLOR_SCHEME_FORCE_LIGHT);
      window = show_window (fixture->store);
      desk_service_detail_set_now (get_child (window, "detail"), now);
      select_named (window, "library");
      gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-shortlist", NULL);
      select_named (window, "hostel");
      gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-shortlist", NULL);
      select_named (window, "jobcentre");
      gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-shortlist", NULL);
      select_named (window, "");
      name = g_strconcat ("desk-results", suffix, ".png", NULL);
      save_png (GTK_WIDGET (window), name);

      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-shortlist", NULL);
      g_free (name);
      name = g_strconcat ("desk-shortlist", suffix, ".png", NULL);
      save_png (GTK_WIDGET (window), name);

      gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-shortlist", NULL);
      g_free (name);
      name = g_strconcat ("desk-shortlist-empty", suffix, ".png", NULL);
      save_png (GTK_WIDGET (window), name);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.undo-clear-shortlist", NULL);

      /* The results again, in Polish. */
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-shortlist", NULL);
      g_settings_set_string (settings, "content-language", "pl");
      wait_until_idle (window);
      desk_service_detail_set_service (get_child (window, "detail"), translated, "pl");
      gtk_stack_set_visible_child_name (get_child (window, "detail_stack"), "service");
      g_free (name);
      name = g_strconcat ("desk-detail-polish", suffix, ".png", NULL);
      save_png (GTK_WIDGET (window), name);
      g_settings_set_string (settings, "content-language", "");
      wait_until_idle (window);

      /* Narrow: one pane at a time. */
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-shortlist", NULL);
      gtk_widget_hide (GTK_WIDGET (window));
      gtk_window_set_default_size (GTK_WINDOW (window), 360, 700);
      gtk_window_present (GTK_WINDOW (window));
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      g_free (name);
      name = g_strconcat ("desk-narrow-shortlist", suffix, ".png", NULL);
      save_png (GTK_WIDGET (window), name);
      gtk_single_selection_set_selected (get_child (window, "shortlist_selection"), 1);
      g_free (name);
      name = g_strconcat ("desk-narrow-detail", suffix, ".png", NULL);
      save_png (GTK_WIDGET (window), name);

      preferences = desk_preferences_window_new (settings, NULL);
      gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (window));
      gtk_window_present (GTK_WINDOW (preferences));
      g_free (name);
      name = g_strconcat ("desk-preferences", suffix, ".png", NULL);
      save_png (GTK_WIDGET (preferences), name);
      adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "map");
      gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                                         DESK_TYPE_PREFERENCES_WINDOW,
                                                                         "tile_row")),
                             "https://tiles.example.org/{z}/{x}.png");
      g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                            DESK_TYPE_PREFERENCES_WINDOW, "tile_row"),
                             "apply");
      g_free (name);
      name = g_strconcat ("desk-preferences-map", suffix, ".png", NULL);
      save_png (GTK_WIDGET (preferences), name);
      gtk_window_destroy (GTK_WINDOW (preferences));

      dialog = desk_prefetch_dialog_new (osm, 52.2, 52.0, -0.6, -0.3, 11);
      gtk_window_present (GTK_WINDOW (dialog));
      g_free (name);
      name = g_strconcat ("desk-prefetch-osm", suffix, ".png", NULL);
      save_png (GTK_WIDGET (dialog), name);
      gtk_window_destroy (GTK_WINDOW (dialog));

      dialog = desk_prefetch_dialog_new (own, 52.2, 52.0, -0.6, -0.3, 11);
      gtk_window_present (GTK_WINDOW (dialog));
      g_free (name);
      name = g_strconcat ("desk-prefetch", suffix, ".png", NULL);
      save_png (GTK_WIDGET (dialog), name);
      desk_prefetch_dialog_set_zoom_range (dialog, 11, 17);
      g_free (name);
      name = g_strconcat ("desk-prefetch-too-many", suffix, ".png", NULL);
      save_png (GTK_WIDGET (dialog), name);
      gtk_window_destroy (GTK_WINDOW (dialog));

      desk_shortlist_clear (desk_window_get_shortlist (window));
      desk_service_detail_set_now (get_child (window, "detail"), NULL);
      close_window (window);
    }

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
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

  {
    g_autofree char *metres = desk_format_distance (843, FALSE);
    g_autofree char *km = desk_format_distance (1234, FALSE);
    g_autofree char *area = desk_format_distance (2900, TRUE);
    g_autofree char *polish = desk_format_language ("pl");
    g_autofree char *unknown = desk_format_language ("xx");

    g_assert_cmpstr (metres, ==, "840 m");
    g_assert_cmpstr (km, ==, "1.2 km");
    g_assert_cmpstr (area, ==, "≈ 3 km (area)");
    g_assert_null (desk_format_distance (NAN, FALSE));
    g_assert_cmpstr (polish, ==, "Polish (polski)");
    g_assert_cmpstr (unknown, ==, "xx");
  }
}

static void
on_css_parsing_error_cb (GtkCssProvider *provider,
                         GtkCssSection  *section,
                         const GError   *error,
                         gpointer        user_data)
{
  GString *errors = user_data;
  g_autofree char *where = gtk_css_section_to_string (section);

  g_string_append_printf (errors, "%s: %s\n", where, error->message);
}

/* The stylesheet the app loads parses without a single error or warning
 * (GTK would only print them and carry on with a broken rule). */
static void
test_stylesheet_parses (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  g_autoptr(GString) errors = g_string_new (NULL);
  g_autoptr(GBytes) css = NULL;
  g_autoptr(GError) error = NULL;

  css = g_resources_lookup_data ("/io/github/directionhub/Desk/style.css",
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (css), >, 1000);

  g_signal_connect (provider, "parsing-error", G_CALLBACK (on_css_parsing_error_cb), errors);
  gtk_css_provider_load_from_data (provider, g_bytes_get_data (css, NULL),
                                   (gssize) g_bytes_get_size (css));
  g_assert_cmpstr (errors->str, ==, "");
}

/* What desk_resources_install() added in main(): every pathway's icon
 * and ours from the icon theme (read again in a thread), and the style
 * sheet on the display (.alert pads by 12 px). */
static void
test_resources_installed (void)
{
  GtkIconTheme *icon_theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  const DirPathway *pathways;
  guint n_pathways;
  guint n_icons = 0;
  int min_width;

  pathways = dir_taxonomy_get_all (&n_pathways);
  for (guint i = 0; i < n_pathways; i++)
    if (pathways[i].icon_name != NULL)
      {
        g_assert_true (gtk_icon_theme_has_icon (icon_theme, pathways[i].icon_name));
        n_icons++;
      }
  g_assert_cmpuint (n_icons, ==, 14);
  g_assert_true (gtk_icon_theme_has_icon (icon_theme, "filter-symbolic"));
  g_assert_false (gtk_icon_theme_has_icon (icon_theme, "pathway-none-symbolic"));

  /* Styled as it is drawn, in a window on the display. */
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  gtk_widget_measure (box, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, ==, 0);
  gtk_widget_add_css_class (box, "alert");
  gtk_test_widget_wait_for_draw (window);
  gtk_widget_measure (box, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, ==, 24);

  gtk_window_destroy (GTK_WINDOW (window));
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
  /* The style sheet and pathway icons, as the application adds them. */
  desk_resources_install (gdk_display_get_default ());

  /* The geocoder's places and the map's boundaries (data/). */
  if (g_getenv ("DIRECTION_DATA_DIR") == NULL)
    {
      g_autofree char *data_dir = g_test_build_filename (G_TEST_DIST, "..", "data", NULL);

      g_setenv ("DIRECTION_DATA_DIR", data_dir, TRUE);
    }

  g_test_add_func ("/desk/format", test_format);
  g_test_add_func ("/desk/stylesheet", test_stylesheet_parses);
  g_test_add_func ("/desk/resources", test_resources_installed);
  g_test_add ("/desk/window/lists-all", Fixture, GINT_TO_POINTER (FILL_FIXTURE),
              fixture_set_up, test_window_lists_all, fixture_tear_down);
  g_test_add ("/desk/window/search", Fixture, GINT_TO_POINTER (FILL_FIXTURE),
              fixture_set_up, test_window_search, fixture_tear_down);
  g_test_add ("/desk/window/typing-cancels", Fixture, GINT_TO_POINTER (FILL_FIXTURE),
              fixture_set_up, test_window_typing_cancels, fixture_tear_down);
  g_test_add ("/desk/window/remembers-search", Fixture, GINT_TO_POINTER (FILL_FIXTURE),
              fixture_set_up, test_window_remembers_search, fixture_tear_down);
  g_test_add ("/desk/window/narrow", Fixture, GINT_TO_POINTER (FILL_FIXTURE),
              fixture_set_up, test_window_narrow, fixture_tear_down);
  g_test_add ("/desk/window/steady-panes", Fixture, GINT_TO_POINTER (FILL_SAMPLE),
              fixture_set_up, test_window_steady_panes, fixture_tear_down);
  g_test_add_func ("/desk/swap-model", test_swap_model);
  g_test_add ("/desk/window/rows-kept", Fixture, GINT_TO_POINTER (FILL_FIXTURE),
              fixture_set_up, test_window_rows_kept, fixture_tear_down);
  g_test_add ("/desk/window/rows-reused", Fixture, GINT_TO_POINTER (FILL_SAMPLE),
              fixture_set_up, test_window_rows_reused, fixture_tear_down);
  g_test_add ("/desk/window/detail-plain-text", Fixture, GINT_TO_POINTER (FILL_SAMPLE),
              fixture_set_up, test_window_detail_plain_text, fixture_tear_down);
  g_test_add ("/desk/window/same-text", Fixture, GINT_TO_POINTER (FILL_SAMPLE),
              fixture_set_up, test_window_same_text, fixture_tear_down);
  g_test_add_func ("/desk/trailing-layout", test_trailing_layout);
  g_test_add ("/desk/window/empty-store", Fixture, GINT_TO_POINTER (FILL_NONE),
              fixture_set_up, test_window_empty_store, fixture_tear_down);

  g_test_add ("/desk/window/shortcuts", Fixture, GINT_TO_POINTER (FILL_NONE),
              fixture_set_up, test_window_shortcuts, fixture_tear_down);
  g_test_add ("/desk/window/empty-store-filters", Fixture, GINT_TO_POINTER (FILL_NONE),
              fixture_set_up, test_window_empty_store_filters, fixture_tear_down);
  g_test_add ("/desk/window/filters", Fixture, GINT_TO_POINTER (FILL_SAMPLE),
              fixture_set_up, test_window_filters, fixture_tear_down);
  g_test_add ("/desk/window/filter-stages", Fixture, GINT_TO_POINTER (FILL_SAMPLE),
              fixture_set_up, test_window_filter_stages, fixture_tear_down);
  g_test_add ("/desk/window/pathways", Fixture, GINT_TO_POINTER (FILL_SAMPLE),
              fixture_set_up, test_window_pathways, fixture_tear_down);
  g_test_add ("/desk/window/near", Fixture, GINT_TO_POINTER (FILL_SAMPLE),
              fixture_set_up, test_window_near, fixture_tear_down);
  g_test_add ("/desk/window/near-error", Fixture, GINT_TO_POINTER (FILL_SAMPLE),
              fixture_set_up, test_window_near_error, fixture_tear_down);
  g_test_add ("/desk/window/no-match", Fixture, GINT_TO_POINTER (FILL_SAMPLE),
              fixture_set_up, test_window_no_match, fixture_tear_down);
  g_test_add ("/desk/window/map", Fixture, GINT_TO_POINTER (FILL_SAMPLE),
              fixture_set_up, test_window_map, fixture_tear_down);
  g_test_add ("/desk/window/unshown", Fixture, GINT_TO_POINTER (FILL_FIXTURE),
              fixture_set_up, test_window_unshown, fixture_tear_down);
  g_test_add ("/desk/window/before-first-frame", Fixture, GINT_TO_POINTER (FILL_FIXTURE),
              fixture_set_up, test_window_before_first_frame, fixture_tear_down);
  g_test_add ("/desk/window/held-until-first-frame", Fixture, GINT_TO_POINTER (FILL_FIXTURE),
              fixture_set_up, test_window_held_until_first_frame, fixture_tear_down);
  g_test_add ("/desk/window/shortlist", Fixture, GINT_TO_POINTER (FILL_FIXTURE),
              fixture_set_up, test_window_shortlist, fixture_tear_down);
  g_test_add ("/desk/window/shortlist-restart", Fixture, GINT_TO_POINTER (FILL_FIXTURE),
              fixture_set_up, test_window_shortlist_restart, fixture_tear_down);
  g_test_add ("/desk/window/open-now", Fixture, GINT_TO_POINTER (FILL_FIXTURE),
              fixture_set_up, test_window_open_now, fixture_tear_down);
  g_test_add ("/desk/window/open-on", Fixture, GINT_TO_POINTER (FILL_FIXTURE),
              fixture_set_up, test_window_open_on, fixture_tear_down);
  g_test_add ("/desk/window/content-language", Fixture, GINT_TO_POINTER (FILL_SAMPLE),
              fixture_set_up, test_window_content_language, fixture_tear_down);
  g_test_add ("/desk/window/last-verified", Fixture, GINT_TO_POINTER (FILL_FIXTURE),
              fixture_set_up, test_window_last_verified, fixture_tear_down);
  g_test_add ("/desk/window/sync-state", Fixture, GINT_TO_POINTER (FILL_FIXTURE),
              fixture_set_up, test_window_sync_state, fixture_tear_down);
  /* Not a check: pictures to look at, taken only when asked for. */
  if (g_getenv ("DESK_SCREENSHOT_DIR") != NULL)
    g_test_add ("/desk/window/screenshots", Fixture, GINT_TO_POINTER (FILL_SAMPLE),
                fixture_set_up, test_window_screenshots, fixture_tear_down);

  return g_test_run ();
}
