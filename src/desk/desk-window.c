/* desk-window.c
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

#include <glib/gi18n.h>

#include <math.h>

/* Rows put in the list at a time: GTK 4.8's GtkListView keeps a row widget
 * for up to 200 items of its model whatever its height, and makes them all
 * again for every new model.  The list is given the results through a
 * GtkSliceListModel that grows as it is scrolled, so a search makes a
 * screenful of rows, not 200. */
#define LIST_PAGE 15

/* A search first asks for this many results, which show at once; the rest,
 * and so the count, follow from a second query. */
#define FIRST_RESULTS 60

#include "desk-filter-panel.h"
#include "desk-format.h"
#include "desk-handout-dialog.h"
#include "desk-map-view.h"
#include "desk-prefetch-dialog.h"
#include "desk-referral-form.h"
#include "desk-referrals-page.h"
#include "desk-service-detail.h"
#include "desk-service-row.h"
#include "desk-shortlist.h"
#include "desk-swap-model.h"
#include "desk-sync-runner.h"
#include "desk-window.h"

/* The main window: filters in a flap on the left, then the search box, the
 * "near" place and the results, then the selected service or the map of
 * the results (one pane at a time when narrow).  Searches run in the
 * store's worker thread; a newer search cancels the older one, and the
 * map's pins are read in a thread of their own with the same query.  The
 * application's sync runner keeps the store up to date; the window shows
 * how that goes and searches again when a pull changed the directory.
 * The star button swaps the results for the client's shortlist, whose
 * services the detail pane then shows. */
struct _DeskWindow
{
  AdwApplicationWindow  parent_instance;

  DirStore             *store;
  DeskSyncRunner       *sync_runner;
  DeskShortlist        *shortlist;
  DeskReferralsPage    *referrals_page;   /* in content_stack once there is an outbox */
  GSettings            *settings;
  GNetworkMonitor      *network_monitor;
  char                 *language;
  char                **cleared_shortlist;  /* for Undo */

  GListModel           *results;
  DeskSwapModel        *results_swap;   /* stands for results, or their first
                                           FIRST_RESULTS: those the list shows */
  GtkSliceListModel    *results_slice;  /* what the list shows of them */
  GPtrArray            *spare_rows;     /* DeskServiceRow: the list's, to reuse */
  GCancellable         *full_cancellable;  /* the second query */
  DirQuery             *full_query;
  guint                 detail_idle_id;
  char                 *results_text;   /* search the shown results are for */
  GListModel           *pending_results;  /* held until the first frame */
  char                 *pending_text;
  DirQuery             *points_query;   /* to run once the list's search has */
  GdkFrameClock        *followup_clock; /* weak: where followup_id waits */
  gulong                followup_id;    /* the rest of a search, after its frame */
  gulong                first_frame_id;
  guint                 first_results_id;  /* the results after the first frame */
  char                 *selected_id;
  GCancellable         *query_cancellable;
  char                 *query_text;     /* search of the running query */
  DirSearchMode         query_mode;
  GCancellable         *points_cancellable;
  GCancellable         *languages_cancellable;
  DirGeocoder          *geocoder;
  DirPlace             *near_place;     /* where results are sorted from, or NULL */
  guint                 near_timeout_id;
  guint                 sync_label_timeout_id;

  guint                 n_directory;    /* services in the store, G_MAXUINT until known */

  guint                 busy : 1;
  guint                 search_pending : 1;
  guint                 updating_results : 1;
  guint                 keyboard_navigation : 1;
  guint                 sync_failed : 1;  /* the failure toast has been shown */
  guint                 shortlist_shown : 1;
  guint                 first_frame_drawn : 1;
  guint                 followups_held : 1;  /* run after the first frame */

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwFlap              *flap;
  GtkWidget            *filter_sidebar;
  DeskFilterPanel      *filter_panel;
  GtkToggleButton      *filter_button;
  GtkLabel             *filter_count_label;
  GtkEntry             *near_entry;
  GtkDropDown          *radius_dropdown;
  GtkLabel             *near_label;
  GtkWidget            *no_results_clear_button;
  AdwViewStack         *content_stack;
  DeskMapView          *map_view;
  AdwLeaflet           *leaflet;
  GtkSearchEntry       *search_entry;
  GtkWidget            *refresh_button;
  GtkStack             *refresh_stack;
  GtkSpinner           *refresh_spinner;
  GtkWidget            *sync_refresh_button;
  GtkStack             *results_stack;
  GtkLabel             *count_label;
  GtkWidget            *sync_button;
  GtkWidget            *sync_box;
  GtkImage             *sync_warning_icon;
  GtkImage             *sync_offline_icon;
  GtkLabel             *sync_label;
  GtkLabel             *sync_updated_label;
  GtkLabel             *sync_offline_label;
  GtkLabel             *sync_error_label;
  GtkLabel             *sync_hub_label;
  GtkStack             *sidebar_stack;
  GtkToggleButton      *shortlist_button;
  GtkLabel             *shortlist_badge;
  GtkLabel             *shortlist_count_label;
  GtkStack             *shortlist_stack;
  GtkListView          *shortlist_view;
  GtkSingleSelection   *shortlist_selection;
  GtkWidget            *shortlist_refer_button;
  GtkWidget            *print_handout_button;
  GtkListView          *list_view;
  GtkSingleSelection   *selection;
  AdwStatusPage        *empty_page;
  GtkWidget            *empty_refresh_button;
  AdwStatusPage        *no_results_page;
  AdwViewSwitcherTitle *detail_title;
  GtkStack             *detail_stack;
  DeskServiceDetail    *detail;
  GtkWidget            *no_service_page;
  GtkWidget            *shortlist_page;
};

G_DEFINE_FINAL_TYPE (DeskWindow, desk_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SYNC_RUNNER,
  PROP_BUSY,
  PROP_SHORTLIST_SHOWN,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void update_sync_status  (DeskWindow *self);
static void update_detail       (DeskWindow *self);
static void queue_update_detail (DeskWindow *self);
static void run_full_query      (DeskWindow *self);
static void cancel_followups    (DeskWindow *self);
static void queue_followups     (DeskWindow *self);
static void run_followups       (DeskWindow *self);
static void run_pending_points_query (DeskWindow *self);
static void set_shortlist_shown (DeskWindow *self,
                                 gboolean    shown);
static void reload_shortlist    (DeskWindow *self);
static void show_results_up_to  (DeskWindow *self,
                                 guint       position);
static void open_row            (DeskWindow         *self,
                                 GtkSingleSelection *selection,
                                 guint               position);

/* What an async call needs back: the window (kept alive while the call
 * runs) and the cancellable the call was started with, to tell a
 * superseded answer from the current one. */
typedef struct
{
  DeskWindow   *self;
  GCancellable *cancellable;
} CallData;

static CallData *
call_data_new (DeskWindow   *self,
               GCancellable *cancellable)
{
  CallData *data = g_new0 (CallData, 1);

  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (cancellable);

  return data;
}

static void
call_data_free (CallData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->cancellable);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CallData, call_data_free)

static void
update_busy (DeskWindow *self)
{
  gboolean busy = self->query_cancellable != NULL ||
                  self->full_cancellable != NULL ||
                  self->points_cancellable != NULL ||
                  self->points_query != NULL ||
                  self->followup_id != 0 ||
                  self->followups_held ||
                  self->pending_results != NULL ||
                  self->languages_cancellable != NULL ||
                  (self->sync_runner != NULL &&
                   desk_sync_runner_get_running (self->sync_runner)) ||
                  self->search_pending;

  if (busy == self->busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BUSY]);
}

static void
update_refresh_state (DeskWindow *self)
{
  gboolean pulling = self->sync_runner != NULL &&
                     desk_sync_runner_get_running (self->sync_runner);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", self->sync_runner != NULL);
  gtk_stack_set_visible_child_name (self->refresh_stack, pulling ? "spinner" : "icon");
  gtk_spinner_set_spinning (self->refresh_spinner, pulling);

  if (self->sync_runner != NULL)
    adw_status_page_set_description (self->empty_page,
                                     _("Connect to the network and refresh to download the "
                                       "directory of services from your Direction hub. It is "
                                       "then saved on this computer, so it works offline."));
  else
    adw_status_page_set_description (self->empty_page,
                                     _("Connect to a Direction hub to download the directory "
                                       "of services: ask your administrator for the hub’s "
                                       "address. The directory is then saved on this "
                                       "computer, so it works offline."));
  gtk_widget_set_visible (self->empty_refresh_button, self->sync_runner != NULL);
}

/* The service the detail pane shows: the one selected in the results, or
 * in the shortlist while that is shown. */
static DirService *
get_current_service (DeskWindow *self)
{
  if (self->shortlist_shown)
    return gtk_single_selection_get_selected_item (self->shortlist_selection);

  return gtk_single_selection_get_selected_item (self->selection);
}

static gboolean
update_detail_idle_cb (gpointer user_data)
{
  DeskWindow *self = user_data;

  self->detail_idle_id = 0;
  update_detail (self);

  return G_SOURCE_REMOVE;
}

/* After this frame, unless something else asks sooner. */
static void
queue_update_detail (DeskWindow *self)
{
  if (self->detail_idle_id == 0)
    self->detail_idle_id = g_idle_add_full (GDK_PRIORITY_REDRAW + 10, update_detail_idle_cb,
                                            self, NULL);
}

/* Pages the first frame does not show (the service's detail, the
 * shortlist) are hidden until it is drawn, so that it does not style and
 * measure them; they are shown before anything switches to them. */
static void
show_later_pages (DeskWindow *self)
{
  /* Not after its template is gone (the window disposed, then unrealized). */
  if (self->detail == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->detail), TRUE);
  gtk_widget_set_visible (self->no_service_page, TRUE);
  gtk_widget_set_visible (self->shortlist_page, TRUE);
}

/* The service's name in the detail pane's header, shown where the
 * Details/Map switcher has no room; empty while the switcher shows, as
 * the header's natural width follows its title and would move the
 * switcher with each service selected. */
static void
update_detail_title (DeskWindow *self)
{
  DirService *service = get_current_service (self);
  const char *title = "";

  if (adw_view_switcher_title_get_title_visible (self->detail_title))
    {
      if (service != NULL)
        title = desk_format_name (service, self->language);
      else if (!adw_leaflet_get_folded (self->leaflet))
        title = _("Direction Desk");
    }

  adw_view_switcher_title_set_title (self->detail_title, title);
}

static void
update_detail (DeskWindow *self)
{
  DirService *service = get_current_service (self);
  g_autoptr(GDateTime) open_on = desk_filter_panel_dup_open_at (self->filter_panel);
  GListModel *shown = self->shortlist_shown ? G_LIST_MODEL (self->shortlist) : self->results;

  g_clear_handle_id (&self->detail_idle_id, g_source_remove);
  show_later_pages (self);
  desk_service_detail_set_open_on (self->detail, open_on);
  desk_service_detail_set_service (self->detail, service, self->language);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-shortlist", service != NULL);
  if (service != NULL)
    gtk_stack_set_visible_child_name (self->detail_stack, "service");
  else if (shown != NULL && g_list_model_get_n_items (shown) > 0)
    gtk_stack_set_visible_child_name (self->detail_stack, "none");
  else
    gtk_stack_set_visible_child_name (self->detail_stack, "blank");
  update_detail_title (self);
  desk_map_view_select_service (self->map_view,
                                service != NULL ? dir_service_get_id (service) : NULL);
}

/* Where the service with that id is in model, looking only at the first
 * limit rows: results are read from the store lazily, on the main thread. */
static guint
find_service (GListModel *model,
              const char *id,
              guint       limit)
{
  guint n_items;

  if (id == NULL)
    return GTK_INVALID_LIST_POSITION;

  n_items = MIN (g_list_model_get_n_items (model), limit);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(DirService) service = g_list_model_get_item (model, i);

      if (service != NULL && g_strcmp0 (dir_service_get_id (service), id) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static const double radii_km[] = { 0, 1, 2, 5, 10, 25 };

static double
get_radius_km (DeskWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->radius_dropdown);

  return selected < G_N_ELEMENTS (radii_km) ? radii_km[selected] : 0;
}

/* Whether anything beyond the search text narrows the results. */
static gboolean
has_filters (DeskWindow *self)
{
  return desk_filter_panel_get_n_active (self->filter_panel) > 0 ||
         (self->near_place != NULL && get_radius_km (self) > 0);
}

static void
points_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CallData) data = user_data;
  g_autoptr(DeskMarkerIndex) index = NULL;
  g_autoptr(GError) error = NULL;
  DeskWindow *self = data->self;

  index = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_cancellable_is_cancelled (data->cancellable) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      data->cancellable != self->points_cancellable)
    return;

  g_clear_object (&self->points_cancellable);

  if (error != NULL)
    g_debug ("Reading the pins failed: %s", error->message);

  desk_map_view_set_index (self->map_view, index);
  /* The pin of the selected service, now that it is there. */
  if (self->selected_id != NULL)
    desk_map_view_select_service (self->map_view, self->selected_id);

  update_busy (self);
}

static void
points_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DirStore *store = source_object;
  DirQuery *query = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) points = NULL;

  /* The store applies the radius as the list does, so the map shows the
   * services the list does. */
  points = dir_store_query_points (store, query, cancellable, &error);
  if (points == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Clustered here too: the main thread only swaps them in. */
  g_task_return_pointer (task, desk_marker_index_new (points),
                         (GDestroyNotify) desk_marker_index_unref);
}

/* The map's pins for query, read in a thread. */
static void
run_points_query (DeskWindow     *self,
                  const DirQuery *query)
{
  g_autoptr(GTask) task = NULL;

  if (self->points_cancellable != NULL)
    {
      g_cancellable_cancel (self->points_cancellable);
      g_clear_object (&self->points_cancellable);
    }

  self->points_cancellable = g_cancellable_new ();
  task = g_task_new (self->store, self->points_cancellable, points_cb,
                     call_data_new (self, self->points_cancellable));
  g_task_set_source_tag (task, run_points_query);
  g_task_set_task_data (task, dir_query_copy (query), (GDestroyNotify) dir_query_unref);
  g_task_run_in_thread (task, points_worker);
}

/* The languages services in the directory are delivered in, the most
 * common first, from the store's index. */
static void
languages_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  DirStore *store = source_object;
  g_autoptr(GError) error = NULL;
  char **codes;

  codes = dir_store_list_languages (store, &error);
  if (codes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The size of the directory comes with it. */
  g_task_set_task_data (task, GUINT_TO_POINTER (dir_store_count_services (store)), NULL);
  g_task_return_pointer (task, codes, (GDestroyNotify) g_strfreev);
}

static void
languages_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CallData) data = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) codes = NULL;
  DeskWindow *self = data->self;

  codes = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_cancellable_is_cancelled (data->cancellable) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      data->cancellable != self->languages_cancellable)
    return;

  g_clear_object (&self->languages_cancellable);

  if (error != NULL)
    {
      g_debug ("Listing the directory’s languages failed: %s", error->message);
    }
  else
    {
      desk_filter_panel_set_languages (self->filter_panel, (const char * const *) codes);
      self->n_directory = GPOINTER_TO_UINT (g_task_get_task_data (G_TASK (result)));
      /* No directory at all: say so rather than blame the filters. */
      if (self->n_directory == 0 && self->results != NULL &&
          g_list_model_get_n_items (self->results) == 0)
        gtk_stack_set_visible_child_name (self->results_stack, "empty");
    }

  update_busy (self);
}

static void
load_languages (DeskWindow *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->languages_cancellable != NULL)
    g_cancellable_cancel (self->languages_cancellable);
  g_clear_object (&self->languages_cancellable);

  self->languages_cancellable = g_cancellable_new ();
  task = g_task_new (self->store, self->languages_cancellable, languages_cb,
                     call_data_new (self, self->languages_cancellable));
  g_task_set_source_tag (task, load_languages);
  g_task_run_in_thread (task, languages_worker);
}

static void
update_count_label (DeskWindow *self,
                    gboolean    complete)
{
  g_autofree char *count = NULL;
  guint n_items = g_list_model_get_n_items (self->results);

  if (complete)
    count = g_strdup_printf (ngettext ("%u service", "%u services", n_items), n_items);
  else
    /* Translators: while the rest of a long list of results is counted */
    count = g_strdup_printf (ngettext ("%u or more services", "%u or more services", n_items),
                             n_items);
  gtk_label_set_text (self->count_label, count);
}

/* results: what a search found; complete: FALSE when it is only the first
 * FIRST_RESULTS of them, the rest to follow (set_all_results()). */
static void
set_results (DeskWindow *self,
             GListModel *results,
             const char *text,
             gboolean    complete)
{
  guint n_items;
  guint position;

  g_assert (DESK_IS_WINDOW (self));
  g_assert (G_IS_LIST_MODEL (results));

  n_items = g_list_model_get_n_items (results);

  self->updating_results = TRUE;

  g_set_object (&self->results, results);
  g_free (self->results_text);
  self->results_text = g_strdup (text);
  /* The first page: what was selected stays selected when it is on it,
   * and the rows of services it had already stay as they are. */
  gtk_slice_list_model_set_size (self->results_slice, LIST_PAGE);
  desk_swap_model_set_model (self->results_swap, results, LIST_PAGE);

  position = find_service (results, self->selected_id, LIST_PAGE);
  if (position == GTK_INVALID_LIST_POSITION && n_items > 0 &&
      !adw_leaflet_get_folded (self->leaflet))
    position = 0;
  gtk_single_selection_set_selected (self->selection, position);

  self->updating_results = FALSE;

  update_count_label (self, complete);

  /* No cross-fade from the first "loading" page: results show at once. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->results_stack), "loading") == 0)
    gtk_stack_set_transition_type (self->results_stack, GTK_STACK_TRANSITION_TYPE_NONE);
  else
    gtk_stack_set_transition_type (self->results_stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);

  if (n_items > 0)
    {
      gtk_stack_set_visible_child_name (self->results_stack, "results");
    }
  else if ((text == NULL || text[0] == '\0') && (!has_filters (self) || self->n_directory == 0))
    {
      gtk_stack_set_visible_child_name (self->results_stack, "empty");
    }
  else
    {
      g_autofree char *description = NULL;

      /* Translators: %s is what the user searched for */
      description = g_strdup_printf (_("Nothing in the directory matches “%s”. "
                                       "Try fewer or different words."),
                                     text);
      adw_status_page_set_description (self->no_results_page, description);
      gtk_widget_set_visible (self->no_results_clear_button, FALSE);
      gtk_stack_set_visible_child_name (self->results_stack, "no-results");
    }

  if (n_items == 0 && has_filters (self) && self->n_directory != 0)
    {
      g_autofree char *description = NULL;
      double radius_km = get_radius_km (self);

      if (radius_km > 0 && self->near_place != NULL)
        /* Translators: %g is a number of kilometres, %s a postcode or town */
        description = g_strdup_printf (_("No service matches these filters within %g km of %s. "
                                         "Try a larger distance or clear the filters."),
                                       radius_km, self->near_place->label);
      else
        description = g_strdup (_("No service matches all these filters. "
                                  "Clear some of them to see more."));
      adw_status_page_set_description (self->no_results_page, description);
      gtk_widget_set_visible (self->no_results_clear_button, TRUE);
      gtk_stack_set_visible_child_name (self->results_stack, "no-results");
    }

  /* The list first: the detail pane follows in the next frame. */
  queue_update_detail (self);
}

/* The second query's answer: every result.  The list keeps what it shows
 * (the same first results) until it is scrolled past them. */
static void
set_all_results (DeskWindow *self,
                 GListModel *results)
{
  g_set_object (&self->results, results);
  update_count_label (self, TRUE);
}

/* The list is to hold position: the rest of the results in, if needed. */
static void
show_all_results (DeskWindow *self)
{
  guint selected;

  if (desk_swap_model_get_model (self->results_swap) == self->results || self->results == NULL)
    return;

  self->updating_results = TRUE;
  selected = gtk_single_selection_get_selected (self->selection);
  desk_swap_model_set_model (self->results_swap, self->results,
                             gtk_slice_list_model_get_size (self->results_slice));
  gtk_single_selection_set_selected (self->selection, selected);
  self->updating_results = FALSE;
}

static void
cancel_query (DeskWindow *self)
{
  if (self->query_cancellable != NULL)
    {
      g_cancellable_cancel (self->query_cancellable);
      g_clear_object (&self->query_cancellable);
    }
  if (self->full_cancellable != NULL)
    {
      g_cancellable_cancel (self->full_cancellable);
      g_clear_object (&self->full_cancellable);
    }
  g_clear_pointer (&self->full_query, dir_query_unref);
  g_clear_pointer (&self->query_text, g_free);
  cancel_followups (self);
}

static void
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  DirStore *store = (DirStore *)object;
  g_autoptr(CallData) data = user_data;
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  DeskWindow *self = data->self;

  g_assert (DIR_IS_STORE (store));
  g_assert (DESK_IS_WINDOW (self));

  results = g_task_propagate_pointer (G_TASK (result), &error);

  /* A newer search or the window closing has replaced this one. */
  if (g_cancellable_is_cancelled (data->cancellable) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      data->cancellable != self->query_cancellable)
    return;

  text = g_steal_pointer (&self->query_text);
  g_clear_object (&self->query_cancellable);

  /* Every result next, when there may be more than the first; then the
   * map's pins: the store answers one query at a time, and the list's
   * first page is what is waited for.  Both once that page is drawn; and
   * before the window's first frame, once that is drawn: reading every
   * result then would take a core from the drawing. */
  if (error != NULL || g_list_model_get_n_items (results) < FIRST_RESULTS)
    g_clear_pointer (&self->full_query, dir_query_unref);
  if (self->first_frame_drawn)
    queue_followups (self);
  else if (gtk_widget_get_realized (GTK_WIDGET (self)))
    self->followups_held = TRUE;
  else
    run_followups (self);

  if (error == NULL && !self->first_frame_drawn && gtk_widget_get_realized (GTK_WIDGET (self)))
    {
      /* The window first, then the rows: they take a while to make.  (A
       * window not shown yet takes them now: it may never be drawn.) */
      g_set_object (&self->pending_results, results);
      g_free (self->pending_text);
      self->pending_text = g_steal_pointer (&text);
    }
  else if (error != NULL)
    {
      g_autoptr(GListModel) empty = G_LIST_MODEL (g_list_store_new (DIR_TYPE_SERVICE));

      /* Text the full-text index cannot take is simply a search with no match. */
      if (!g_error_matches (error, DIR_STORE_ERROR, DIR_STORE_ERROR_QUERY))
        {
          g_autofree char *message = NULL;

          message = g_strdup_printf (_("Could not search the directory: %s"), error->message);
          desk_window_add_toast (self, message);
        }
      g_debug ("Search for “%s” failed: %s", text, error->message);
      set_results (self, empty, text, TRUE);
    }
  else
    {
      g_clear_object (&self->pending_results);
      set_results (self, results, text, self->full_query == NULL);
    }

  update_busy (self);
}

static void
full_query_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DirStore *store = (DirStore *)object;
  g_autoptr(CallData) data = user_data;
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;
  DeskWindow *self = data->self;

  results = dir_store_query_finish (store, result, &error);

  if (g_cancellable_is_cancelled (data->cancellable) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      data->cancellable != self->full_cancellable)
    return;

  g_clear_object (&self->full_cancellable);

  if (error != NULL)
    g_debug ("Reading every result failed: %s", error->message);
  else if (self->pending_results != NULL)
    g_set_object (&self->pending_results, results);  /* before the first frame */
  else
    set_all_results (self, results);

  run_pending_points_query (self);
  update_busy (self);
}

/* The second query: every result of the search just shown in part. */
static void
run_full_query (DeskWindow *self)
{
  g_autoptr(DirQuery) query = g_steal_pointer (&self->full_query);

  self->full_cancellable = g_cancellable_new ();
  dir_store_query_async (self->store,
                         query,
                         self->full_cancellable,
                         full_query_cb,
                         call_data_new (self, self->full_cancellable));
}

static void
run_pending_points_query (DeskWindow *self)
{
  g_autoptr(DirQuery) points_query = g_steal_pointer (&self->points_query);

  if (points_query != NULL)
    run_points_query (self, points_query);
}

/* The rest of the search whose first results are shown: every result,
 * then (full_query_cb) the map's pins. */
static void
run_followups (DeskWindow *self)
{
  if (self->full_query != NULL)
    run_full_query (self);
  else
    run_pending_points_query (self);
}

/* The follow-ups queued for the next frame, or held for the first, will
 * not run. */
static void
cancel_followups (DeskWindow *self)
{
  self->followups_held = FALSE;
  if (self->followup_clock != NULL)
    g_clear_signal_handler (&self->followup_id, self->followup_clock);
  self->followup_id = 0;
  g_clear_weak_pointer (&self->followup_clock);
}

static void
on_followup_after_paint_cb (GdkFrameClock *frame_clock,
                            DeskWindow    *self)
{
  cancel_followups (self);
  run_followups (self);
  update_busy (self);
}

/* Runs the rest of the search once the frame with its first results is
 * drawn: until then the main thread binds rows and draws, and a second
 * query would take a core from the drawing (and the store from any row
 * read on the main thread). */
static void
queue_followups (DeskWindow *self)
{
  GdkFrameClock *frame_clock = NULL;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  cancel_followups (self);
  if (frame_clock == NULL)
    {
      run_followups (self);
      return;
    }

  g_set_weak_pointer (&self->followup_clock, frame_clock);
  self->followup_id = g_signal_connect (frame_clock, "after-paint",
                                        G_CALLBACK (on_followup_after_paint_cb), self);
  /* Whatever the results change, there is a frame to wait for. */
  gdk_frame_clock_request_phase (frame_clock, GDK_FRAME_CLOCK_PHASE_PAINT);
}

static gboolean
first_results_idle_cb (gpointer user_data)
{
  DeskWindow *self = DESK_WINDOW (user_data);

  self->first_results_id = 0;

  if (self->pending_results != NULL)
    {
      g_autoptr(GListModel) results = g_steal_pointer (&self->pending_results);
      g_autofree char *text = g_steal_pointer (&self->pending_text);

      /* Only the first results if the rest are still being read. */
      set_results (self, results, text, self->full_cancellable == NULL);
      update_busy (self);
    }

  return G_SOURCE_REMOVE;
}

/* The first frame is drawn, or never will be: what was held back for it
 * follows.  The rest of the search starts now; the first results are
 * shown once the frame clock is done with that frame (not in its
 * after-paint). */
static void
release_first_frame_holds (DeskWindow *self)
{
  self->first_frame_drawn = TRUE;
  show_later_pages (self);

  if (self->followups_held)
    {
      self->followups_held = FALSE;
      run_followups (self);
    }

  if (self->pending_results != NULL && self->first_results_id == 0)
    self->first_results_id = g_idle_add_full (G_PRIORITY_DEFAULT, first_results_idle_cb,
                                              self, NULL);
  update_busy (self);
}

static void
on_first_frame_cb (GdkFrameClock *frame_clock,
                   DeskWindow    *self)
{
  g_clear_signal_handler (&self->first_frame_id, frame_clock);
  release_first_frame_holds (self);
}

static void
desk_window_realize (GtkWidget *widget)
{
  DeskWindow *self = DESK_WINDOW (widget);

  GTK_WIDGET_CLASS (desk_window_parent_class)->realize (widget);

  if (!self->first_frame_drawn && self->first_frame_id == 0)
    self->first_frame_id = g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                                             G_CALLBACK (on_first_frame_cb), self);
}

static void
desk_window_unrealize (GtkWidget *widget)
{
  DeskWindow *self = DESK_WINDOW (widget);

  g_clear_signal_handler (&self->first_frame_id, gtk_widget_get_frame_clock (widget));
  /* Never drawn: nothing to wait for any more. */
  if (!self->first_frame_drawn)
    release_first_frame_holds (self);

  GTK_WIDGET_CLASS (desk_window_parent_class)->unrealize (widget);
}

/* A search's first results, and the rows the list shows first read from
 * the store here: on the main thread, laying out the list, they would
 * wait for the store behind the next query. */
static void
first_results_worker (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  DirStore *store = source_object;
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;
  guint n_items;

  results = dir_store_query (store, task_data, cancellable, &error);
  if (results == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  n_items = MIN (g_list_model_get_n_items (results), LIST_PAGE);
  for (guint i = 0; i < n_items && !g_cancellable_is_cancelled (cancellable); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (results, i);
    }

  g_task_return_pointer (task, g_steal_pointer (&results), g_object_unref);
}

static void
run_query (DeskWindow    *self,
           const char    *text,
           DirSearchMode  mode)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(DirQuery) query = dir_query_new ();
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  cancel_query (self);

  self->query_cancellable = g_cancellable_new ();
  self->query_text = g_strdup (stripped);
  self->query_mode = mode;
  self->search_pending = FALSE;

  dir_query_set_text (query, stripped[0] != '\0' ? stripped : NULL);
  dir_query_set_mode (query, mode);
  desk_filter_panel_apply (self->filter_panel, query);
  if (self->near_place != NULL)
    dir_query_set_near (query,
                        self->near_place->latitude,
                        self->near_place->longitude,
                        get_radius_km (self) * 1000.0);

  /* Run when the list's search has finished (query_cb). */
  g_clear_pointer (&self->points_query, dir_query_unref);
  if (self->points_cancellable != NULL)
    {
      g_cancellable_cancel (self->points_cancellable);
      g_clear_object (&self->points_cancellable);
    }
  self->points_query = dir_query_copy (query);

  /* The first results at once, every one after (query_cb). */
  self->full_query = dir_query_copy (query);
  dir_query_set_limit (query, FIRST_RESULTS);

  task = g_task_new (self->store, self->query_cancellable, query_cb,
                     call_data_new (self, self->query_cancellable));
  g_task_set_source_tag (task, run_query);
  g_task_set_task_data (task, dir_query_copy (query), (GDestroyNotify) dir_query_unref);
  g_task_run_in_thread (task, first_results_worker);

  update_busy (self);
}

static void
rerun_query (DeskWindow *self)
{
  run_query (self,
             gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
             self->query_mode);
}

/* The popover opens with its button focused: otherwise the first
 * selectable label (the error or the hub) takes the focus and shows all
 * its text selected. */
static void
on_sync_popover_map_cb (DeskWindow *self)
{
  gtk_widget_grab_focus (self->sync_refresh_button);
}

/* The sync button's popover: when the directory was last brought up to
 * date, what went wrong with the last attempt, whether the computer is
 * offline, and the hub. */
static void
update_sync_details (DeskWindow   *self,
                     GDateTime    *last_success,
                     const GError *error)
{
  gboolean offline = !g_network_monitor_get_network_available (self->network_monitor);
  g_autofree char *updated = NULL;
  g_autofree char *hub = NULL;

  if (last_success != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (last_success);
      /* Translators: date and time, see g_date_time_format(): "Tue 24 November 2026, 10:02" */
      g_autofree char *when = g_date_time_format (local, _("%a %-d %B %Y, %H:%M"));

      /* Translators: %s is a date and time */
      updated = g_strdup_printf (_("Last updated from the hub on %s."), when);
    }
  else
    {
      updated = g_strdup (_("Not downloaded from the hub yet."));
    }
  gtk_label_set_text (self->sync_updated_label, updated);

  if (error != NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s says what went wrong */
      message = g_strdup_printf (_("The last attempt failed: %s"), error->message);
      gtk_label_set_text (self->sync_error_label, message);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->sync_error_label), error != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->sync_offline_label), offline);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_offline_icon), offline);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sync_offline_icon),
                               offline ? _("Offline") : NULL);

  /* Translators: %s is the hub's address */
  hub = g_strdup_printf (_("Hub: %s"), desk_sync_runner_get_hub_url (self->sync_runner));
  gtk_label_set_text (self->sync_hub_label, hub);

  if (offline && !gtk_widget_get_visible (self->sync_box))
    {
      gtk_label_set_text (self->sync_label, _("Offline"));
      gtk_widget_set_visible (self->sync_box, TRUE);
    }
  gtk_widget_set_visible (self->sync_button, gtk_widget_get_visible (self->sync_box));
}

static void
on_network_changed_cb (DeskWindow *self)
{
  update_sync_status (self);
}

/* "Directory updated 10 minutes ago", from the store's last successful
 * pull, or "Updating…" while one runs; a warning icon with the error while
 * pulls fail. */
static void
update_sync_status (DeskWindow *self)
{
  g_autoptr(GDateTime) last_success = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *text = NULL;
  const GError *error;
  GTimeSpan age;

  if (self->sync_runner == NULL)
    {
      gtk_widget_set_visible (self->sync_box, FALSE);
      gtk_widget_set_visible (self->sync_button, FALSE);
      return;
    }

  error = desk_sync_runner_get_error (self->sync_runner);
  last_success = desk_sync_runner_dup_last_success (self->sync_runner);
  now = g_date_time_new_now_utc ();

  if (desk_sync_runner_get_running (self->sync_runner))
    {
      text = g_strdup (_("Updating…"));
    }
  else if (last_success == NULL)
    {
      text = g_strdup (error != NULL ? _("Directory not downloaded yet") : "");
    }
  else if ((age = MAX (0, g_date_time_difference (now, last_success))) < G_TIME_SPAN_MINUTE)
    {
      text = g_strdup (_("Directory updated just now"));
    }
  else if (age < G_TIME_SPAN_HOUR)
    {
      guint minutes = age / G_TIME_SPAN_MINUTE;

      text = g_strdup_printf (ngettext ("Directory updated %u minute ago",
                                        "Directory updated %u minutes ago", minutes),
                              minutes);
    }
  else if (age < G_TIME_SPAN_DAY)
    {
      guint hours = age / G_TIME_SPAN_HOUR;

      text = g_strdup_printf (ngettext ("Directory updated %u hour ago",
                                        "Directory updated %u hours ago", hours),
                              hours);
    }
  else
    {
      guint days = age / G_TIME_SPAN_DAY;

      text = g_strdup_printf (ngettext ("Directory updated %u day ago",
                                        "Directory updated %u days ago", days),
                              days);
    }

  gtk_label_set_text (self->sync_label, text);

  /* Until the next pull succeeds: what went wrong, for the curious. */
  gtk_widget_set_visible (GTK_WIDGET (self->sync_warning_icon), error != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sync_warning_icon),
                               error != NULL ? error->message : NULL);
  if (error != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->sync_warning_icon),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error->message,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->sync_warning_icon),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  gtk_widget_set_visible (self->sync_box, text[0] != '\0' || error != NULL);

  update_sync_details (self, last_success, error);
}

static gboolean
sync_label_timeout_cb (gpointer user_data)
{
  update_sync_status (DESK_WINDOW (user_data));

  return G_SOURCE_CONTINUE;
}

static void
on_sync_running_cb (DeskWindow *self)
{
  update_refresh_state (self);
  update_sync_status (self);
  update_busy (self);
}

static void
on_sync_finished_cb (DeskWindow     *self,
                     gboolean        changed,
                     gboolean        manual,
                     const GError   *error,
                     DeskSyncRunner *runner)
{
  g_assert (DESK_IS_WINDOW (self));
  g_assert (DESK_IS_SYNC_RUNNER (runner));

  if (error != NULL)
    {
      /* Once per run of failures, or when asked for; the warning icon
       * stays until a pull succeeds. */
      if (!self->sync_failed || manual)
        {
          if (g_error_matches (error, DIR_HUB_ERROR, DIR_HUB_ERROR_MALFORMED))
            desk_window_add_toast (self, _("The hub’s directory could not be read — "
                                           "showing the directory saved on this computer"));
          else
            desk_window_add_toast (self, _("Could not reach the hub — "
                                           "showing the directory saved on this computer"));
        }
      self->sync_failed = TRUE;
    }
  else
    {
      self->sync_failed = FALSE;
    }

  if (changed)
    {
      load_languages (self);
      rerun_query (self);
      reload_shortlist (self);
    }

  update_sync_status (self);
}

/* Whether text is the search in flight, or the one shown with none in
 * flight. */
static gboolean
is_current_search (DeskWindow *self,
                   const char *text)
{
  if (self->query_cancellable != NULL)
    return g_strcmp0 (self->query_text, text) == 0;

  return self->results != NULL && g_strcmp0 (self->results_text, text) == 0;
}

static void
on_search_text_changed_cb (DeskWindow *self)
{
  g_autofree char *text = NULL;

  g_assert (DESK_IS_WINDOW (self));

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  /* Typing a search goes back to the results. */
  if (self->shortlist_shown && text[0] != '\0')
    set_shortlist_shown (self, FALSE);

  /* The entry announces an emptied box at once, maybe before this
   * notification: that search is already the right one. */
  if (self->query_cancellable != NULL && g_strcmp0 (self->query_text, text) == 0)
    return;

  /* Back to the text whose results are shown: the same text set again
   * (which empties the entry on the way, a search of its own) or typed
   * back.  No search follows (no ::search-changed): the one in flight is
   * not wanted, and nothing is pending. */
  if (self->results != NULL && g_strcmp0 (self->results_text, text) == 0)
    {
      cancel_query (self);
      /* The map shows this text's pins already. */
      g_clear_pointer (&self->points_query, dir_query_unref);
      self->search_pending = FALSE;
      update_busy (self);
      return;
    }

  /* Every keystroke drops the search in flight; the entry starts the new
   * one (search-changed) once typing pauses. */
  cancel_query (self);
  self->search_pending = TRUE;
  update_busy (self);
}

static void
on_search_changed_cb (DeskWindow     *self,
                      GtkSearchEntry *entry)
{
  g_autofree char *text = NULL;

  g_assert (DESK_IS_WINDOW (self));

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  /* Already searched for (set_search_text runs its query at once). */
  if (is_current_search (self, text))
    {
      self->search_pending = FALSE;
      update_busy (self);
      return;
    }

  run_query (self, text, DIR_SEARCH_TYPEAHEAD);
}

static void
on_search_activate_cb (DeskWindow     *self,
                       GtkSearchEntry *entry)
{
  g_assert (DESK_IS_WINDOW (self));

  /* Enter: the ranked search, best matches first. */
  run_query (self, gtk_editable_get_text (GTK_EDITABLE (entry)), DIR_SEARCH_RANKED);
}

static void
on_search_stop_cb (DeskWindow     *self,
                   GtkSearchEntry *entry)
{
  g_assert (DESK_IS_WINDOW (self));

  if (gtk_editable_get_text (GTK_EDITABLE (entry))[0] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
  else if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
show_near_message (DeskWindow *self,
                   const char *message,
                   gboolean    error)
{
  gtk_label_set_text (self->near_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->near_label), message != NULL);
  if (error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->near_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->near_entry), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->near_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->near_entry), "error");
    }
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->near_entry),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               error ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

/* Shows the near place with its circle, or the town round it. */
static void
show_near_on_map (DeskWindow *self)
{
  static const double zoom_levels[] = { 12, 14, 13, 12, 11, 10 };
  guint selected = gtk_drop_down_get_selected (self->radius_dropdown);

  if (self->near_place == NULL)
    return;

  desk_map_view_set_near (self->map_view,
                          self->near_place->latitude, self->near_place->longitude,
                          get_radius_km (self) * 1000.0);
  desk_map_view_go_to (self->map_view,
                       self->near_place->latitude, self->near_place->longitude,
                       selected < G_N_ELEMENTS (zoom_levels) ? zoom_levels[selected] : 12);
}

static void
set_near_place (DeskWindow *self,
                DirPlace   *place)
{
  g_clear_pointer (&self->near_place, dir_place_free);
  self->near_place = place;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.clear-filters", has_filters (self));

  if (place != NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is a postcode or a town */
      message = g_strdup_printf (_("Nearest to %s first"), place->label);
      show_near_message (self, message, FALSE);
      show_near_on_map (self);
    }
  else
    {
      show_near_message (self, NULL, FALSE);
      desk_map_view_clear_near (self->map_view);
    }
}

/* Looks the near text up (offline, in memory: about a microsecond once the
 * geocoder has loaded).  With report, a failure is shown under the entry;
 * the results, and what was typed, stay as they were.  TRUE when the
 * results must be searched again. */
static gboolean
resolve_near (DeskWindow *self,
              gboolean    report)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DirPlace) place = NULL;

  g_clear_handle_id (&self->near_timeout_id, g_source_remove);

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->near_entry))));
  g_settings_set_string (self->settings, "near-text", text);

  if (text[0] == '\0')
    {
      gboolean had_place = self->near_place != NULL;

      set_near_place (self, NULL);
      return had_place;
    }

  if (self->geocoder == NULL)
    {
      self->geocoder = dir_geocoder_new (NULL, &error);
      if (self->geocoder == NULL)
        {
          g_debug ("Cannot load the geocoder: %s", error->message);
          if (report)
            show_near_message (self, _("Postcodes and towns cannot be looked up: "
                                       "the place data is missing from this installation"),
                               TRUE);
          return FALSE;
        }
    }

  place = dir_geocoder_lookup (self->geocoder, text, &error);
  if (place == NULL)
    {
      if (report)
        show_near_message (self, error->message, TRUE);
      return FALSE;
    }

  if (self->near_place != NULL &&
      g_strcmp0 (self->near_place->label, place->label) == 0 &&
      self->near_place->latitude == place->latitude &&
      self->near_place->longitude == place->longitude)
    {
      /* Same place, maybe after an error: just say where again. */
      set_near_place (self, g_steal_pointer (&place));
      return FALSE;
    }

  set_near_place (self, g_steal_pointer (&place));
  return TRUE;
}

static void
on_near_activate_cb (DeskWindow *self)
{
  g_assert (DESK_IS_WINDOW (self));

  if (resolve_near (self, TRUE))
    rerun_query (self);
}

static void
near_timeout_cb (gpointer user_data)
{
  DeskWindow *self = user_data;

  self->near_timeout_id = 0;

  /* Typing paused: use the place if it is one, say nothing if not yet. */
  if (resolve_near (self, FALSE))
    rerun_query (self);
}

static void
on_near_text_changed_cb (DeskWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->near_entry));

  g_assert (DESK_IS_WINDOW (self));

  gtk_entry_set_icon_from_icon_name (self->near_entry, GTK_ENTRY_ICON_SECONDARY,
                                     text[0] != '\0' ? "edit-clear-symbolic" : NULL);
  gtk_entry_set_icon_tooltip_text (self->near_entry, GTK_ENTRY_ICON_SECONDARY,
                                   text[0] != '\0' ? _("Clear") : NULL);

  /* An old error no longer describes what is typed. */
  if (gtk_widget_has_css_class (GTK_WIDGET (self->near_label), "error"))
    show_near_message (self, NULL, FALSE);

  g_clear_handle_id (&self->near_timeout_id, g_source_remove);
  if (text[0] == '\0')
    {
      if (resolve_near (self, FALSE))
        rerun_query (self);
    }
  else
    {
      self->near_timeout_id = g_timeout_add_once (600, near_timeout_cb, self);
    }
}

static void
on_near_icon_release_cb (DeskWindow           *self,
                         GtkEntryIconPosition  position)
{
  if (position == GTK_ENTRY_ICON_SECONDARY)
    gtk_editable_set_text (GTK_EDITABLE (self->near_entry), "");
}

static void
on_radius_changed_cb (DeskWindow *self)
{
  g_assert (DESK_IS_WINDOW (self));

  g_settings_set_uint (self->settings, "near-radius-km", (guint) get_radius_km (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.clear-filters", has_filters (self));

  if (self->near_place == NULL)
    return;

  show_near_on_map (self);
  rerun_query (self);
}

static void
on_filters_changed_cb (DeskWindow *self)
{
  g_assert (DESK_IS_WINDOW (self));

  rerun_query (self);
}

static void
on_filters_n_active_cb (DeskWindow *self)
{
  guint n_active = desk_filter_panel_get_n_active (self->filter_panel);
  g_autofree char *count = g_strdup_printf ("%u", n_active);
  g_autofree char *label = NULL;

  gtk_label_set_text (self->filter_count_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->filter_count_label), n_active > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.clear-filters", has_filters (self));

  if (n_active > 0)
    /* Translators: accessible name of the filter button */
    label = g_strdup_printf (ngettext ("Filters, %u active", "Filters, %u active", n_active),
                             n_active);
  else
    label = g_strdup (_("Filters"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->filter_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
on_map_service_activated_cb (DeskWindow  *self,
                             const char  *id,
                             DeskMapView *map_view)
{
  guint position;

  g_assert (DESK_IS_WINDOW (self));

  if (self->results == NULL)
    return;

  position = find_service (self->results, id, 5000);
  if (position == GTK_INVALID_LIST_POSITION)
    return;
  show_results_up_to (self, position);

  g_free (self->selected_id);
  self->selected_id = g_strdup (id);
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  adw_view_stack_set_visible_child_name (self->content_stack, "details");
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "detail");
}

/* The list holds at least the results up to position. */
static void
show_results_up_to (DeskWindow *self,
                    guint       position)
{
  guint size = gtk_slice_list_model_get_size (self->results_slice);
  GListModel *shown = desk_swap_model_get_model (self->results_swap);

  if (shown != NULL && position >= g_list_model_get_n_items (shown))
    show_all_results (self);

  if (position < size)
    return;

  gtk_slice_list_model_set_size (self->results_slice,
                                 (position / LIST_PAGE + 2) * LIST_PAGE);
}

/* Scrolled near the end of what the list holds: the next page. */
static void
on_list_scrolled_cb (DeskWindow    *self,
                     GtkAdjustment *adjustment)
{
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);
  double upper = gtk_adjustment_get_upper (adjustment);
  guint size = gtk_slice_list_model_get_size (self->results_slice);

  if (self->results == NULL || size >= g_list_model_get_n_items (self->results))
    return;

  if (value + 2 * page >= upper)
    {
      if (size + LIST_PAGE > g_list_model_get_n_items (G_LIST_MODEL (self->results_swap)))
        show_all_results (self);
      gtk_slice_list_model_set_size (self->results_slice, size + LIST_PAGE);
    }
}

/* Rows kept for the results list to use again.  GtkListView (GTK 4.8) makes
 * a new row for every service that was not on the list before, and drops
 * the rows of those that left: at each keystroke, most of them.  Building a
 * row from its template and disposing of one was more than half of what a
 * new list of results cost the main thread, so the rows it drops wait here
 * for the next services instead.  As many as a list shows and then some. */
#define MAX_SPARE_ROWS 64

static gboolean
is_results_factory (DeskWindow               *self,
                    GtkSignalListItemFactory *factory)
{
  return GTK_LIST_ITEM_FACTORY (factory) != gtk_list_view_get_factory (self->shortlist_view);
}

static void
on_factory_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     DeskWindow               *self)
{
  g_autoptr(GtkWidget) row = NULL;

  if (is_results_factory (self, factory) &&
      self->spare_rows != NULL && self->spare_rows->len > 0)
    {
      row = g_ptr_array_steal_index_fast (self->spare_rows, self->spare_rows->len - 1);
    }
  else
    {
      row = g_object_ref_sink (desk_service_row_new ());
      desk_service_row_set_shortlist (DESK_SERVICE_ROW (row), self->shortlist);
      /* Distances are from the search's place: not for the shortlist. */
      if (!is_results_factory (self, factory))
        desk_service_row_set_show_distance (DESK_SERVICE_ROW (row), FALSE);
    }

  gtk_list_item_set_child (list_item, row);
  /* The list item lets go of its child before ::teardown: a reference to
   * take it back then. */
  if (is_results_factory (self, factory))
    g_object_set_data_full (G_OBJECT (list_item), "desk-row",
                            g_object_ref (row), g_object_unref);
}

static void
on_factory_teardown_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *list_item,
                        DeskWindow               *self)
{
  g_autoptr(GtkWidget) row = g_object_steal_data (G_OBJECT (list_item), "desk-row");

  /* Not once the window is going (spare_rows cleared). */
  if (row == NULL || gtk_widget_get_parent (row) != NULL ||
      self->spare_rows == NULL || self->spare_rows->len >= MAX_SPARE_ROWS)
    return;

  g_ptr_array_add (self->spare_rows, g_steal_pointer (&row));
}

static void
on_factory_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    DeskWindow               *self)
{
  DeskServiceRow *row = DESK_SERVICE_ROW (gtk_list_item_get_child (list_item));

  desk_service_row_set_service (row, gtk_list_item_get_item (list_item), self->language);
}

static void
on_factory_unbind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      DeskWindow               *self)
{
  DeskServiceRow *row = DESK_SERVICE_ROW (gtk_list_item_get_child (list_item));

  desk_service_row_set_service (row, NULL, NULL);
}

static void
on_selection_changed_cb (DeskWindow *self)
{
  DirService *service;

  g_assert (DESK_IS_WINDOW (self));

  service = gtk_single_selection_get_selected_item (self->selection);

  if (!self->updating_results)
    {
      g_free (self->selected_id);
      self->selected_id = service != NULL ? g_strdup (dir_service_get_id (service)) : NULL;
    }

  /* New results: the list first, the details and the map's selected pin
   * after its frame. */
  if (self->updating_results)
    queue_update_detail (self);
  else
    update_detail (self);

  /* A click on a row opens it when only one pane shows; arrowing through
   * the list must not. */
  if (service != NULL && !self->updating_results && !self->keyboard_navigation &&
      adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* Enter or a double click on a row: it is shown, alone when narrow. */
static void
open_row (DeskWindow         *self,
          GtkSingleSelection *selection,
          guint               position)
{
  gtk_single_selection_set_selected (selection, position);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_list_activate_cb (DeskWindow  *self,
                     guint        position,
                     GtkListView *list_view)
{
  g_assert (DESK_IS_WINDOW (self));

  open_row (self, self->selection, position);
}

static gboolean
on_list_key_pressed_cb (DeskWindow      *self,
                        guint            keyval,
                        guint            keycode,
                        GdkModifierType  state)
{
  self->keyboard_navigation = TRUE;

  return GDK_EVENT_PROPAGATE;
}

static void
on_list_pressed_cb (DeskWindow *self)
{
  self->keyboard_navigation = FALSE;
}

static void
on_leaflet_folded_changed_cb (DeskWindow *self)
{
  g_assert (DESK_IS_WINDOW (self));

  /* One pane at a time, the window's own buttons share the header bar:
   * Refresh stays in the menu (Ctrl+R) and the sync status. */
  gtk_widget_set_visible (self->refresh_button, !adw_leaflet_get_folded (self->leaflet));

  self->updating_results = TRUE;

  /* Side by side, the detail pane always shows something; one pane at a
   * time, only what the user chose stays selected. */
  if (!adw_leaflet_get_folded (self->leaflet) &&
      gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION &&
      self->results != NULL && g_list_model_get_n_items (self->results) > 0)
    gtk_single_selection_set_selected (self->selection, 0);
  else if (adw_leaflet_get_folded (self->leaflet) && self->selected_id == NULL)
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);

  self->updating_results = FALSE;

  update_detail (self);
}

static void
on_detail_title_visible_cb (DeskWindow *self)
{
  update_detail_title (self);
}

static void
on_back_clicked_cb (DeskWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
rebind_rows (GtkListView *view)
{
  g_autoptr(GtkSelectionModel) model = g_object_ref (gtk_list_view_get_model (view));

  gtk_list_view_set_model (view, NULL);
  gtk_list_view_set_model (view, model);
}

static void
on_content_language_changed_cb (DeskWindow *self)
{
  g_free (self->language);
  self->language = g_settings_get_string (self->settings, "content-language");

  /* The same services read again are the same objects (DirStore), and
   * the list keeps the rows of those it shows already (DeskSwapModel):
   * make every row again, in the new language. */
  rebind_rows (self->list_view);
  rebind_rows (self->shortlist_view);
  rerun_query (self);
}

/* ---- the shortlist ------------------------------------------------------ */

static void
update_shortlist_state (DeskWindow *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->shortlist));
  DirService *selected = gtk_single_selection_get_selected_item (self->shortlist_selection);
  g_autofree char *badge = g_strdup_printf ("%u", n_items);
  g_autofree char *count = NULL;
  g_autofree char *label = NULL;

  gtk_label_set_text (self->shortlist_badge, badge);
  gtk_widget_set_visible (GTK_WIDGET (self->shortlist_badge), n_items > 0);

  count = g_strdup_printf (ngettext ("%u service", "%u services", n_items), n_items);
  gtk_label_set_text (self->shortlist_count_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->shortlist_count_label), n_items > 0);

  gtk_stack_set_visible_child_name (self->shortlist_stack, n_items > 0 ? "list" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.clear-shortlist", n_items > 0);

  if (n_items > 0)
    /* Translators: accessible name of the shortlist button */
    label = g_strdup_printf (ngettext ("Shortlist, %u service", "Shortlist, %u services", n_items),
                             n_items);
  else
    label = g_strdup (_("Shortlist"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->shortlist_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);

  /* Refer… refers to the service picked in the shortlist, or opens a blank
   * referral.  Target first: a name with no target warns of a mismatch. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->shortlist_refer_button), "s",
                                    selected != NULL ? dir_service_get_id (selected) : "");
  gtk_widget_set_tooltip_text (self->shortlist_refer_button,
                               selected != NULL ? _("Refer the client to the selected service")
                                                : _("Start a referral for the client"));
}

static void
on_shortlist_items_changed_cb (DeskWindow *self)
{
  update_shortlist_state (self);
  if (self->shortlist_shown)
    update_detail (self);
}

static void
reload_shortlist (DeskWindow *self)
{
  guint n_dropped = desk_shortlist_reload (self->shortlist);

  if (n_dropped > 0)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (ngettext ("%u shortlisted service is no longer in the "
                                           "directory and was taken off the shortlist",
                                           "%u shortlisted services are no longer in the "
                                           "directory and were taken off the shortlist",
                                           n_dropped),
                                 n_dropped);
      desk_window_add_toast (self, message);
    }
}

static void
set_shortlist_shown (DeskWindow *self,
                     gboolean    shown)
{
  shown = !!shown;
  if (self->shortlist_shown == (guint) shown)
    return;

  self->shortlist_shown = shown;
  show_later_pages (self);
  gtk_stack_set_visible_child_name (self->sidebar_stack, shown ? "shortlist" : "search");

  /* Side by side, the detail pane shows the first one at once. */
  if (shown && !adw_leaflet_get_folded (self->leaflet) &&
      gtk_single_selection_get_selected (self->shortlist_selection) == GTK_INVALID_LIST_POSITION &&
      g_list_model_get_n_items (G_LIST_MODEL (self->shortlist)) > 0)
    {
      self->updating_results = TRUE;
      gtk_single_selection_set_selected (self->shortlist_selection, 0);
      self->updating_results = FALSE;
    }

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "list");
  adw_view_stack_set_visible_child_name (self->content_stack, "details");

  update_shortlist_state (self);
  update_detail (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SHORTLIST_SHOWN]);
}

static void
on_shortlist_selection_changed_cb (DeskWindow *self)
{
  g_assert (DESK_IS_WINDOW (self));

  update_shortlist_state (self);
  if (!self->shortlist_shown)
    return;

  update_detail (self);

  if (get_current_service (self) != NULL && !self->updating_results &&
      !self->keyboard_navigation && adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_shortlist_activate_cb (DeskWindow  *self,
                          guint        position,
                          GtkListView *list_view)
{
  g_assert (DESK_IS_WINDOW (self));

  open_row (self, self->shortlist_selection, position);
}

static void
toggle_shortlist_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  DeskWindow *self = DESK_WINDOW (widget);
  g_autoptr(DirService) service = NULL;
  g_autofree char *message = NULL;

  if (get_current_service (self) == NULL)
    return;

  service = g_object_ref (get_current_service (self));
  if (desk_shortlist_toggle (self->shortlist, service))
    /* Translators: %s is a service's name */
    message = g_strdup_printf (_("“%s” added to the shortlist"),
                               desk_format_name (service, self->language));
  else
    /* Translators: %s is a service's name */
    message = g_strdup_printf (_("“%s” taken off the shortlist"),
                               desk_format_name (service, self->language));
  desk_window_add_toast (self, message);
}

static void
clear_shortlist_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DeskWindow *self = DESK_WINDOW (widget);
  AdwToast *toast;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->shortlist)) == 0)
    return;

  g_strfreev (self->cleared_shortlist);
  self->cleared_shortlist = desk_shortlist_dup_ids (self->shortlist);
  desk_shortlist_clear (self->shortlist);

  /* Ready for the next client, with a way back. */
  toast = adw_toast_new (_("Shortlist cleared"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-clear-shortlist");
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  gtk_widget_action_set_enabled (widget, "win.undo-clear-shortlist", TRUE);
}

static void
undo_clear_shortlist_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  DeskWindow *self = DESK_WINDOW (widget);
  g_auto(GStrv) ids = g_steal_pointer (&self->cleared_shortlist);

  gtk_widget_action_set_enabled (widget, "win.undo-clear-shortlist", FALSE);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autoptr(DirService) service = dir_store_get_service (self->store, ids[i], NULL);

      if (service != NULL)
        desk_shortlist_add (self->shortlist, service);
    }
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  desk_window_refresh (DESK_WINDOW (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DeskWindow *self = DESK_WINDOW (widget);

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "list");

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DeskWindow *self = DESK_WINDOW (widget);

  /* The radius narrows the results too; the place itself only sorts them. */
  gtk_drop_down_set_selected (self->radius_dropdown, 0);
  desk_filter_panel_clear (self->filter_panel);
}

static void
show_map_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DeskWindow *self = DESK_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->content_stack, "map");
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "detail");
}

/* Download this area for offline use: the area the map shows. */
static void
download_area_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DeskWindow *self = DESK_WINDOW (widget);
  GtkWidget *stack = GTK_WIDGET (self->content_stack);
  DeskPrefetchDialog *dialog;
  double north, south, west, east;

  show_map_action (widget, NULL, NULL);

  /* Never shown yet, the map has no size of its own: it gets the pane's. */
  if (!desk_map_view_get_bounds (self->map_view,
                                 gtk_widget_get_width (GTK_WIDGET (self->map_view)) > 0
                                   ? 0 : gtk_widget_get_width (stack),
                                 gtk_widget_get_height (GTK_WIDGET (self->map_view)) > 0
                                   ? 0 : gtk_widget_get_height (stack),
                                 &north, &south, &west, &east))
    return;

  dialog = desk_prefetch_dialog_new (desk_map_view_get_tile_source (self->map_view),
                                     north, south, west, east,
                                     shumate_viewport_get_zoom_level (desk_map_view_get_viewport (self->map_view)));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The filters are only in the widget tree while their flap is open or
 * moving: GTK measures a closed flap's every row, on every layout. */
static void
on_flap_reveal_cb (DeskWindow *self)
{
  gboolean shown = adw_flap_get_reveal_flap (self->flap) ||
                   adw_flap_get_reveal_progress (self->flap) > 0.0;

  /* Its pathway rows are only made the first time it opens. */
  if (shown)
    desk_filter_panel_prepare (self->filter_panel);
  if (gtk_widget_get_visible (self->filter_sidebar) != shown)
    gtk_widget_set_visible (self->filter_sidebar, shown);
}

/* The keyboard shortcuts window, made the first time it is asked for (it
 * takes a few milliseconds to build, which every start-up would pay if it
 * were gtk/help-overlay.ui), then set as the window's help overlay as
 * GtkApplication would: the window keeps it, and the shortcuts that name an
 * action show that action's accelerator. */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/io/github/directionhub/Desk/ui/help-overlay.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (window, overlay);
    }

  gtk_window_present (GTK_WINDOW (overlay));
}

static void
toggle_filters_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DeskWindow *self = DESK_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
  if (adw_flap_get_reveal_flap (self->flap))
    gtk_widget_child_focus (GTK_WIDGET (self->filter_panel), GTK_DIR_TAB_FORWARD);
}

static gboolean
desk_window_close_request (GtkWindow *window)
{
  DeskWindow *self = DESK_WINDOW (window);
  g_autofree char *text = NULL;

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  g_settings_set_string (self->settings, "last-search", text);

  return GTK_WINDOW_CLASS (desk_window_parent_class)->close_request (window);
}

/* The near place and radius of the last session, before the first search. */
static void
restore_near (DeskWindow *self)
{
  g_autofree char *near_text = g_settings_get_string (self->settings, "near-text");
  guint radius_km = g_settings_get_uint (self->settings, "near-radius-km");

  g_signal_handlers_block_by_func (self->radius_dropdown, on_radius_changed_cb, self);
  for (guint i = 0; i < G_N_ELEMENTS (radii_km); i++)
    if (radii_km[i] == radius_km)
      gtk_drop_down_set_selected (self->radius_dropdown, i);
  g_signal_handlers_unblock_by_func (self->radius_dropdown, on_radius_changed_cb, self);

  g_signal_handlers_block_by_func (self->near_entry, on_near_text_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->near_entry), near_text);
  g_signal_handlers_unblock_by_func (self->near_entry, on_near_text_changed_cb, self);
  gtk_entry_set_icon_from_icon_name (self->near_entry, GTK_ENTRY_ICON_SECONDARY,
                                     near_text[0] != '\0' ? "edit-clear-symbolic" : NULL);

  if (near_text[0] != '\0')
    resolve_near (self, TRUE);
}

/* ------------------------------------------------------------ referrals */

static DirOutbox *
get_outbox (DeskWindow *self)
{
  return self->sync_runner != NULL ? desk_sync_runner_get_outbox (self->sync_runner) : NULL;
}

static void
on_form_postcode_located_cb (DeskWindow     *self,
                             const DirPlace *place)
{
  /* The person's release address, not the office: sort services near it. */
  g_signal_handlers_block_by_func (self->near_entry, on_near_text_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->near_entry), place->label);
  g_signal_handlers_unblock_by_func (self->near_entry, on_near_text_changed_cb, self);
  set_near_place (self, dir_place_copy (place));
}

static void
on_form_queued_cb (DeskWindow *self,
                   guint       n_referrals)
{
  g_autofree char *message = NULL;

  message = g_strdup_printf (ngettext ("%u referral is in the outbox",
                                       "%u referrals are in the outbox",
                                       n_referrals),
                             n_referrals);
  desk_window_add_toast (self, message);
  if (self->sync_runner != NULL)
    desk_sync_runner_send_now (self->sync_runner);
}

static DeskReferralForm *
open_referral_form (DeskWindow *self)
{
  DirOutbox *outbox = get_outbox (self);
  DeskReferralForm *form;

  if (outbox == NULL)
    {
      desk_window_add_toast (self, self->sync_runner == NULL
                                   ? _("Referrals need a hub: set its address in Preferences")
                                   : _("Referrals cannot be opened on this computer"));
      return NULL;
    }

  form = desk_referral_form_new (outbox,
                                 desk_sync_runner_get_account (self->sync_runner),
                                 self->store);
  gtk_window_set_transient_for (GTK_WINDOW (form), GTK_WINDOW (self));
  g_signal_connect_object (form, "postcode-located",
                           G_CALLBACK (on_form_postcode_located_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (form, "queued",
                           G_CALLBACK (on_form_queued_cb), self,
                           G_CONNECT_SWAPPED);
  return form;
}

/* win.new-referral: "" a blank form, "shortlist" one referral per
 * shortlisted service, otherwise a service id. */
static void
new_referral_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DeskWindow *self = DESK_WINDOW (widget);
  const char *target = g_variant_get_string (parameter, NULL);
  DeskReferralForm *form = open_referral_form (self);

  if (form == NULL)
    return;

  if (g_str_equal (target, "shortlist"))
    {
      g_auto(GStrv) ids = desk_shortlist_dup_ids (self->shortlist);

      desk_referral_form_set_services (form, (const char * const *) ids);
    }
  else if (target[0] != '\0')
    {
      const char *ids[] = { target, NULL };

      desk_referral_form_set_services (form, ids);
    }

  gtk_window_present (GTK_WINDOW (form));
}

static void
on_open_referral_cb (DeskWindow *self,
                     const char *referral_id)
{
  g_autoptr(GError) error = NULL;
  DeskReferralForm *form = open_referral_form (self);

  if (form == NULL)
    return;

  if (!desk_referral_form_load (form, referral_id, &error))
    {
      desk_window_add_toast (self, error->message);
      gtk_window_destroy (GTK_WINDOW (form));
      return;
    }
  gtk_window_present (GTK_WINDOW (form));
}

static gboolean
on_referrals_sync_requested_cb (DeskWindow *self)
{
  if (self->sync_runner == NULL)
    return FALSE;
  desk_sync_runner_send_now (self->sync_runner);
  return TRUE;
}

static void
on_outbox_finished_cb (DeskWindow   *self,
                       guint         sent,
                       guint         failed,
                       const GError *error)
{
  DirOutboxSyncResult result = { .sent = sent, .failed = failed };

  if (self->referrals_page != NULL)
    desk_referrals_page_show_sync_result (self->referrals_page, &result, error);
}

static void
show_referrals_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DeskWindow *self = DESK_WINDOW (widget);

  if (self->referrals_page == NULL)
    return;
  adw_view_stack_set_visible_child_name (self->content_stack, "referrals");
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "detail");
}

/* The Referrals page joins Details and Map once the runner has an outbox. */
static void
ensure_referrals_page (DeskWindow *self)
{
  DirOutbox *outbox = get_outbox (self);
  AdwViewStackPage *page;

  if (self->referrals_page != NULL || outbox == NULL)
    return;

  self->referrals_page = desk_referrals_page_new (outbox,
                                                  desk_sync_runner_get_account (self->sync_runner));
  g_signal_connect_object (self->referrals_page, "open-referral",
                           G_CALLBACK (on_open_referral_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->referrals_page, "sync-requested",
                           G_CALLBACK (on_referrals_sync_requested_cb), self, G_CONNECT_SWAPPED);
  page = adw_view_stack_add_titled (self->content_stack, GTK_WIDGET (self->referrals_page),
                                    "referrals", _("Referrals"));
  adw_view_stack_page_set_icon_name (page, "mail-send-symbolic");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-referrals", TRUE);
}

static void
print_handout_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DeskWindow *self = DESK_WINDOW (widget);
  DeskHandoutDialog *dialog;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->shortlist)) == 0)
    {
      desk_window_add_toast (self, _("Add services to the shortlist first"));
      return;
    }

  dialog = desk_handout_dialog_new (GTK_WINDOW (self), G_LIST_MODEL (self->shortlist));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
connect_sync_runner (DeskWindow *self)
{
  if (self->sync_runner != NULL)
    {
      g_signal_connect_object (self->sync_runner, "notify::running",
                               G_CALLBACK (on_sync_running_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->sync_runner, "finished",
                               G_CALLBACK (on_sync_finished_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->sync_runner, "outbox-finished",
                               G_CALLBACK (on_outbox_finished_cb), self,
                               G_CONNECT_SWAPPED);
      /* The application may give the runner its outbox after the window is
       * up (the keyring answers when it can). */
      g_signal_connect_object (self->sync_runner, "notify::outbox",
                               G_CALLBACK (ensure_referrals_page), self,
                               G_CONNECT_SWAPPED);
      ensure_referrals_page (self);
      self->sync_failed = desk_sync_runner_get_error (self->sync_runner) != NULL;
      if (self->sync_label_timeout_id == 0)
        self->sync_label_timeout_id = g_timeout_add_seconds (60, sync_label_timeout_cb, self);
    }
  else
    {
      self->sync_failed = FALSE;
      g_clear_handle_id (&self->sync_label_timeout_id, g_source_remove);
    }

  update_refresh_state (self);
  update_sync_status (self);
  update_busy (self);
}

static void
desk_window_constructed (GObject *object)
{
  DeskWindow *self = (DeskWindow *)object;
  g_autofree char *last_search = NULL;

  G_OBJECT_CLASS (desk_window_parent_class)->constructed (object);

  g_assert (DIR_IS_STORE (self->store));

  self->shortlist = desk_shortlist_new (self->store, self->settings);
  g_signal_connect_object (self->shortlist, "items-changed",
                           G_CALLBACK (on_shortlist_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_single_selection_set_model (self->shortlist_selection, G_LIST_MODEL (self->shortlist));
  desk_service_detail_set_shortlist (self->detail, self->shortlist);
  update_shortlist_state (self);

  connect_sync_runner (self);

  desk_map_view_bind_settings (self->map_view, self->settings);
  desk_filter_panel_bind_settings (self->filter_panel, self->settings);
  on_filters_n_active_cb (self);
  restore_near (self);
  load_languages (self);

  last_search = g_settings_get_string (self->settings, "last-search");
  desk_window_set_search_text (self, last_search);
}

static void
desk_window_dispose (GObject *object)
{
  DeskWindow *self = (DeskWindow *)object;

  if (self->query_cancellable != NULL)
    g_cancellable_cancel (self->query_cancellable);
  if (self->points_cancellable != NULL)
    g_cancellable_cancel (self->points_cancellable);
  if (self->languages_cancellable != NULL)
    g_cancellable_cancel (self->languages_cancellable);
  g_clear_object (&self->query_cancellable);
  g_clear_object (&self->points_cancellable);
  g_clear_object (&self->languages_cancellable);
  g_clear_handle_id (&self->near_timeout_id, g_source_remove);
  g_clear_handle_id (&self->sync_label_timeout_id, g_source_remove);

  /* Before the lists go: their rows are not to be kept. */
  g_clear_pointer (&self->spare_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_WINDOW);

  g_clear_object (&self->results);
  g_clear_object (&self->results_slice);
  g_clear_object (&self->results_swap);
  if (self->full_cancellable != NULL)
    g_cancellable_cancel (self->full_cancellable);
  g_clear_object (&self->full_cancellable);
  g_clear_pointer (&self->full_query, dir_query_unref);
  g_clear_handle_id (&self->detail_idle_id, g_source_remove);
  g_clear_handle_id (&self->first_results_id, g_source_remove);
  g_clear_object (&self->pending_results);
  g_clear_pointer (&self->points_query, dir_query_unref);
  cancel_followups (self);
  g_clear_object (&self->shortlist);
  g_clear_object (&self->sync_runner);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->geocoder);
  g_clear_pointer (&self->near_place, dir_place_free);

  G_OBJECT_CLASS (desk_window_parent_class)->dispose (object);
}

static void
desk_window_finalize (GObject *object)
{
  DeskWindow *self = (DeskWindow *)object;

  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->results_text, g_free);
  g_clear_pointer (&self->selected_id, g_free);
  g_clear_pointer (&self->query_text, g_free);
  g_clear_pointer (&self->cleared_shortlist, g_strfreev);
  g_clear_pointer (&self->pending_text, g_free);

  G_OBJECT_CLASS (desk_window_parent_class)->finalize (object);
}

static void
desk_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DeskWindow *self = DESK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_SYNC_RUNNER:
      g_value_set_object (value, self->sync_runner);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_SHORTLIST_SHOWN:
      g_value_set_boolean (value, self->shortlist_shown);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  DeskWindow *self = DESK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SYNC_RUNNER:
      /* Set again when the hub's address changes (Preferences). */
      if (self->store == NULL || self->shortlist == NULL)
        self->sync_runner = g_value_dup_object (value);
      else
        desk_window_set_sync_runner (self, g_value_get_object (value));
      break;

    case PROP_SHORTLIST_SHOWN:
      set_shortlist_shown (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_window_class_init (DeskWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = desk_window_constructed;
  object_class->dispose = desk_window_dispose;
  object_class->finalize = desk_window_finalize;
  object_class->get_property = desk_window_get_property;
  object_class->set_property = desk_window_set_property;

  window_class->close_request = desk_window_close_request;
  widget_class->realize = desk_window_realize;
  widget_class->unrealize = desk_window_unrealize;

  properties [PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         DIR_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_SYNC_RUNNER] =
    g_param_spec_object ("sync-runner", NULL, NULL,
                         DESK_TYPE_SYNC_RUNNER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_SHORTLIST_SHOWN] =
    g_param_spec_boolean ("shortlist-shown", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DESK_TYPE_FILTER_PANEL);
  g_type_ensure (DESK_TYPE_MAP_VIEW);
  g_type_ensure (DESK_TYPE_SERVICE_DETAIL);
  g_type_ensure (DESK_TYPE_SERVICE_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/directionhub/Desk/ui/desk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, filter_sidebar);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, filter_panel);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, no_service_page);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, shortlist_page);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, filter_button);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, filter_count_label);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, near_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, radius_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, near_label);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, no_results_clear_button);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, map_view);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, refresh_stack);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, refresh_spinner);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, sync_refresh_button);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, results_stack);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, sync_button);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, sync_box);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, sync_warning_icon);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, sync_offline_icon);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, sync_label);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, sync_updated_label);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, sync_offline_label);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, sync_error_label);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, sync_hub_label);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, shortlist_button);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, shortlist_badge);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, shortlist_count_label);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, shortlist_stack);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, shortlist_view);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, shortlist_selection);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, shortlist_refer_button);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, print_handout_button);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, selection);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, empty_refresh_button);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, detail_title);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, detail);
  gtk_widget_class_bind_template_callback (widget_class, on_search_text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_factory_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_factory_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_factory_unbind_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_factory_teardown_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_key_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_folded_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_detail_title_visible_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sync_popover_map_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_near_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_near_text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_near_icon_release_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_radius_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_n_active_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_map_service_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_flap_reveal_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_shortlist_selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_shortlist_activate_cb);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "win.show-map", NULL, show_map_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-filters", NULL, toggle_filters_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   show_help_overlay_action);
  /* Beside the application's accelerator for it (which menus and the
   * shortcuts window show): without this binding the key press that opened
   * the shortcuts window went on into its search box as "/" (seen under
   * Xvfb with xdotool, 5 times in 6). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_question, GDK_CONTROL_MASK,
                                       "win.show-help-overlay", NULL);
  gtk_widget_class_install_action (widget_class, "win.toggle-shortlist", NULL, toggle_shortlist_action);
  gtk_widget_class_install_action (widget_class, "win.new-referral", "s", new_referral_action);
  gtk_widget_class_install_action (widget_class, "win.show-referrals", NULL, show_referrals_action);
  gtk_widget_class_install_action (widget_class, "win.print-handout", NULL, print_handout_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-referral", "s", "");
  gtk_widget_class_install_action (widget_class, "win.download-area", NULL, download_area_action);
  gtk_widget_class_install_action (widget_class, "win.clear-shortlist", NULL, clear_shortlist_action);
  gtk_widget_class_install_action (widget_class, "win.undo-clear-shortlist", NULL,
                                   undo_clear_shortlist_action);
  gtk_widget_class_install_property_action (widget_class, "win.show-shortlist", "shortlist-shown");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-filters", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK,
                                       "win.toggle-shortlist", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_D, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.show-shortlist", NULL);
}

static void
desk_window_init (DeskWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->query_mode = DIR_SEARCH_TYPEAHEAD;
  self->n_directory = G_MAXUINT;
  self->settings = g_settings_new ("io.github.directionhub.Desk");
  self->language = g_settings_get_string (self->settings, "content-language");

  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::content-language",
                           G_CALLBACK (on_content_language_changed_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  self->spare_rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->results_swap = desk_swap_model_new (DIR_TYPE_SERVICE);
  self->results_slice = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->results_swap)),
                                                  0, LIST_PAGE);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->results_slice));
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view)),
                           "value-changed", G_CALLBACK (on_list_scrolled_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view)),
                           "changed", G_CALLBACK (on_list_scrolled_cb), self,
                           G_CONNECT_SWAPPED);

  g_object_bind_property (self->filter_button, "active", self->flap, "reveal-flap",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.clear-filters", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-shortlist", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-clear-shortlist", FALSE);

  self->network_monitor = g_network_monitor_get_default ();
  g_signal_connect_object (self->network_monitor, "notify::network-available",
                           G_CALLBACK (on_network_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/**
 * desk_window_new:
 * @application: the application
 * @store: the local directory
 * @sync_runner: (nullable): what keeps @store up to date with the hub, or
 *   %NULL to work with what @store holds
 *
 * Returns: (transfer full): a new window; it searches @store at once, and
 *   again whenever @sync_runner changes it.
 */
DeskWindow *
desk_window_new (GtkApplication *application,
                 DirStore       *store,
                 DeskSyncRunner *sync_runner)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (DIR_IS_STORE (store), NULL);
  g_return_val_if_fail (sync_runner == NULL || DESK_IS_SYNC_RUNNER (sync_runner), NULL);

  return g_object_new (DESK_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       "sync-runner", sync_runner,
                       NULL);
}

DirStore *
desk_window_get_store (DeskWindow *self)
{
  g_return_val_if_fail (DESK_IS_WINDOW (self), NULL);

  return self->store;
}

DeskSyncRunner *
desk_window_get_sync_runner (DeskWindow *self)
{
  g_return_val_if_fail (DESK_IS_WINDOW (self), NULL);

  return self->sync_runner;
}

/**
 * desk_window_set_sync_runner:
 * @sync_runner: (nullable): what keeps the store up to date now, or %NULL
 *   when there is no hub any more
 *
 * For a new hub address: the window follows the new runner's pulls.
 */
void
desk_window_set_sync_runner (DeskWindow     *self,
                             DeskSyncRunner *sync_runner)
{
  g_return_if_fail (DESK_IS_WINDOW (self));
  g_return_if_fail (sync_runner == NULL || DESK_IS_SYNC_RUNNER (sync_runner));

  if (self->sync_runner == sync_runner)
    return;

  if (self->sync_runner != NULL)
    g_signal_handlers_disconnect_by_data (self->sync_runner, self);
  g_set_object (&self->sync_runner, sync_runner);
  connect_sync_runner (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SYNC_RUNNER]);
}

/* Returns: (transfer none): the client's shortlist */
DeskShortlist *
desk_window_get_shortlist (DeskWindow *self)
{
  g_return_val_if_fail (DESK_IS_WINDOW (self), NULL);

  return self->shortlist;
}

/* The service shown in the detail pane, or NULL. */
DirService *
desk_window_get_selected_service (DeskWindow *self)
{
  g_return_val_if_fail (DESK_IS_WINDOW (self), NULL);

  return get_current_service (self);
}

/* TRUE while a search or a pull from the hub is under way, or a search is
 * waiting for typing to pause. */
gboolean
desk_window_get_busy (DeskWindow *self)
{
  g_return_val_if_fail (DESK_IS_WINDOW (self), FALSE);

  return self->busy;
}

/* Returns: (transfer none) (nullable): the services shown, or %NULL before
 * the first search has finished. */
GListModel *
desk_window_get_results (DeskWindow *self)
{
  g_return_val_if_fail (DESK_IS_WINDOW (self), NULL);

  return self->results;
}

/* Puts text in the search box and searches for it at once. */
void
desk_window_set_search_text (DeskWindow *self,
                             const char *text)
{
  g_return_if_fail (DESK_IS_WINDOW (self));

  if (text == NULL)
    text = "";

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  gtk_editable_set_position (GTK_EDITABLE (self->search_entry), -1);
  run_query (self, text, DIR_SEARCH_TYPEAHEAD);
}

/* Brings the directory up to date with the hub now; a failure shows in a
 * toast and by the results count. */
void
desk_window_refresh (DeskWindow *self)
{
  g_return_if_fail (DESK_IS_WINDOW (self));

  if (self->sync_runner != NULL)
    desk_sync_runner_sync (self->sync_runner, TRUE);
}

void
desk_window_add_toast (DeskWindow *self,
                       const char *title)
{
  AdwToast *toast;

  g_return_if_fail (DESK_IS_WINDOW (self));
  g_return_if_fail (title != NULL);

  toast = adw_toast_new (title);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
