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

#include "desk-format.h"
#include "desk-service-detail.h"
#include "desk-service-row.h"
#include "desk-window.h"

/* The main window: search box and results on the left, the selected
 * service on the right (one pane at a time when narrow).  Searches run
 * in the store's worker thread; a newer search cancels the older one. */
struct _DeskWindow
{
  AdwApplicationWindow  parent_instance;

  DirStore             *store;
  DirHubClient         *hub_client;
  GSettings            *settings;
  char                 *language;

  GListModel           *results;
  char                 *results_text;   /* search the shown results are for */
  char                 *selected_id;
  GCancellable         *query_cancellable;
  char                 *query_text;     /* search of the running query */
  DirSearchMode         query_mode;
  GCancellable         *pull_cancellable;

  guint                 busy : 1;
  guint                 search_pending : 1;
  guint                 updating_results : 1;
  guint                 keyboard_navigation : 1;
  guint                 manual_refresh : 1;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkSearchEntry       *search_entry;
  GtkStack             *refresh_stack;
  GtkSpinner           *refresh_spinner;
  GtkStack             *results_stack;
  GtkLabel             *count_label;
  GtkListView          *list_view;
  GtkSingleSelection   *selection;
  AdwStatusPage        *empty_page;
  GtkWidget            *empty_refresh_button;
  AdwStatusPage        *no_results_page;
  AdwWindowTitle       *detail_title;
  GtkStack             *detail_stack;
  DeskServiceDetail    *detail;
};

G_DEFINE_FINAL_TYPE (DeskWindow, desk_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_HUB_CLIENT,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

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
                  self->pull_cancellable != NULL ||
                  self->search_pending;

  if (busy == self->busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BUSY]);
}

static void
update_refresh_state (DeskWindow *self)
{
  gboolean pulling = self->pull_cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", self->hub_client != NULL);
  gtk_stack_set_visible_child_name (self->refresh_stack, pulling ? "spinner" : "icon");
  gtk_spinner_set_spinning (self->refresh_spinner, pulling);

  if (self->hub_client != NULL)
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
  gtk_widget_set_visible (self->empty_refresh_button, self->hub_client != NULL);
}

static void
update_detail (DeskWindow *self)
{
  DirService *service = gtk_single_selection_get_selected_item (self->selection);
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  desk_service_detail_set_service (self->detail, service, self->language);
  if (service != NULL)
    gtk_stack_set_visible_child_name (self->detail_stack, "service");
  else if (self->results != NULL && g_list_model_get_n_items (self->results) > 0)
    gtk_stack_set_visible_child_name (self->detail_stack, "none");
  else
    gtk_stack_set_visible_child_name (self->detail_stack, "blank");
  adw_window_title_set_title (self->detail_title,
                              folded && service != NULL
                                ? desk_format_name (service, self->language)
                                : "");
}

/* Where the service with that id is in model, looking only at the first
 * rows: results are read from the store lazily, on the main thread. */
static guint
find_service (GListModel *model,
              const char *id)
{
  guint n_items;

  if (id == NULL)
    return GTK_INVALID_LIST_POSITION;

  n_items = MIN (g_list_model_get_n_items (model), 200);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(DirService) service = g_list_model_get_item (model, i);

      if (service != NULL && g_strcmp0 (dir_service_get_id (service), id) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static void
set_results (DeskWindow *self,
             GListModel *results,
             const char *text)
{
  g_autofree char *count = NULL;
  guint n_items;
  guint position;

  g_assert (DESK_IS_WINDOW (self));
  g_assert (G_IS_LIST_MODEL (results));

  n_items = g_list_model_get_n_items (results);

  self->updating_results = TRUE;

  g_set_object (&self->results, results);
  g_free (self->results_text);
  self->results_text = g_strdup (text);
  gtk_single_selection_set_model (self->selection, results);

  position = find_service (results, self->selected_id);
  if (position == GTK_INVALID_LIST_POSITION && n_items > 0 &&
      !adw_leaflet_get_folded (self->leaflet))
    position = 0;
  gtk_single_selection_set_selected (self->selection, position);

  self->updating_results = FALSE;

  count = g_strdup_printf (ngettext ("%u service", "%u services", n_items), n_items);
  gtk_label_set_text (self->count_label, count);

  /* No cross-fade from the first "loading" page: results show at once. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->results_stack), "loading") == 0)
    gtk_stack_set_transition_type (self->results_stack, GTK_STACK_TRANSITION_TYPE_NONE);
  else
    gtk_stack_set_transition_type (self->results_stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);

  if (n_items > 0)
    {
      gtk_stack_set_visible_child_name (self->results_stack, "results");
    }
  else if (text == NULL || text[0] == '\0')
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
      gtk_stack_set_visible_child_name (self->results_stack, "no-results");
    }

  update_detail (self);
}

static void
cancel_query (DeskWindow *self)
{
  if (self->query_cancellable != NULL)
    {
      g_cancellable_cancel (self->query_cancellable);
      g_clear_object (&self->query_cancellable);
    }
  g_clear_pointer (&self->query_text, g_free);
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

  results = dir_store_query_finish (store, result, &error);

  /* A newer search or the window closing has replaced this one. */
  if (g_cancellable_is_cancelled (data->cancellable) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      data->cancellable != self->query_cancellable)
    return;

  text = g_steal_pointer (&self->query_text);
  g_clear_object (&self->query_cancellable);

  if (error != NULL)
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
      set_results (self, empty, text);
    }
  else
    {
      set_results (self, results, text);
    }

  update_busy (self);
}

static void
run_query (DeskWindow    *self,
           const char    *text,
           DirSearchMode  mode)
{
  g_autoptr(DirQuery) query = dir_query_new ();
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  cancel_query (self);

  self->query_cancellable = g_cancellable_new ();
  self->query_text = g_strdup (stripped);
  self->query_mode = mode;
  self->search_pending = FALSE;

  dir_query_set_text (query, stripped[0] != '\0' ? stripped : NULL);
  dir_query_set_mode (query, mode);
  /* Paused and closed services stay listed, with a tag saying so. */
  dir_query_set_statuses (query, DIR_STATUS_ALL);

  dir_store_query_async (self->store,
                         query,
                         self->query_cancellable,
                         query_cb,
                         call_data_new (self, self->query_cancellable));

  update_busy (self);
}

static void
rerun_query (DeskWindow *self)
{
  run_query (self,
             gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
             self->query_mode);
}

static void
pull_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  DirHubClient *hub_client = (DirHubClient *)object;
  g_autoptr(CallData) data = user_data;
  g_autoptr(GError) error = NULL;
  DeskWindow *self = data->self;
  gboolean manual;
  guint n_services = 0;

  g_assert (DIR_IS_HUB_CLIENT (hub_client));
  g_assert (DESK_IS_WINDOW (self));

  dir_hub_client_pull_directory_finish (hub_client, result, &n_services, &error);

  if (g_cancellable_is_cancelled (data->cancellable) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      data->cancellable != self->pull_cancellable)
    return;

  g_clear_object (&self->pull_cancellable);
  manual = self->manual_refresh;
  self->manual_refresh = FALSE;
  update_refresh_state (self);

  if (error != NULL)
    {
      g_debug ("Pulling the directory from %s failed: %s",
               dir_hub_client_get_base_url (hub_client), error->message);

      if (g_error_matches (error, DIR_HUB_ERROR, DIR_HUB_ERROR_MALFORMED))
        desk_window_add_toast (self, _("The hub’s directory could not be read — "
                                       "showing the directory saved on this computer"));
      else
        desk_window_add_toast (self, _("Could not reach the hub — "
                                       "showing the directory saved on this computer"));
    }
  else
    {
      if (manual)
        {
          g_autofree char *message = NULL;

          message = g_strdup_printf (ngettext ("Directory updated: %u service",
                                               "Directory updated: %u services",
                                               n_services),
                                     n_services);
          desk_window_add_toast (self, message);
        }
      rerun_query (self);
    }

  update_busy (self);
}

static void
start_pull (DeskWindow *self,
            gboolean    manual)
{
  if (self->hub_client == NULL)
    return;

  self->manual_refresh |= manual;
  if (self->pull_cancellable != NULL)
    return;

  self->pull_cancellable = g_cancellable_new ();
  dir_hub_client_pull_directory_async (self->hub_client,
                                       self->store,
                                       self->pull_cancellable,
                                       pull_cb,
                                       call_data_new (self, self->pull_cancellable));
  update_refresh_state (self);
  update_busy (self);
}

static void
on_search_text_changed_cb (DeskWindow *self)
{
  g_autofree char *text = NULL;

  g_assert (DESK_IS_WINDOW (self));

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  /* The entry announces an emptied box at once, maybe before this
   * notification: that search is already the right one. */
  if (self->query_cancellable != NULL && g_strcmp0 (self->query_text, text) == 0)
    return;

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
  if ((self->query_cancellable != NULL && g_strcmp0 (self->query_text, text) == 0) ||
      (self->query_cancellable == NULL && self->results != NULL &&
       g_strcmp0 (self->results_text, text) == 0))
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
on_factory_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     DeskWindow               *self)
{
  gtk_list_item_set_child (list_item, desk_service_row_new ());
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

  update_detail (self);

  /* A click on a row opens it when only one pane shows; arrowing through
   * the list must not. */
  if (service != NULL && !self->updating_results && !self->keyboard_navigation &&
      adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_list_activate_cb (DeskWindow  *self,
                     guint        position,
                     GtkListView *list_view)
{
  g_assert (DESK_IS_WINDOW (self));

  gtk_single_selection_set_selected (self->selection, position);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
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
on_back_clicked_cb (DeskWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
on_content_language_changed_cb (DeskWindow *self)
{
  g_free (self->language);
  self->language = g_settings_get_string (self->settings, "content-language");

  /* Rebinds every row in the new language. */
  rerun_query (self);
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

static gboolean
desk_window_close_request (GtkWindow *window)
{
  DeskWindow *self = DESK_WINDOW (window);
  g_autofree char *text = NULL;

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  g_settings_set_string (self->settings, "last-search", text);

  return GTK_WINDOW_CLASS (desk_window_parent_class)->close_request (window);
}

static void
desk_window_constructed (GObject *object)
{
  DeskWindow *self = (DeskWindow *)object;
  g_autofree char *last_search = NULL;

  G_OBJECT_CLASS (desk_window_parent_class)->constructed (object);

  g_assert (DIR_IS_STORE (self->store));

  update_refresh_state (self);

  last_search = g_settings_get_string (self->settings, "last-search");
  desk_window_set_search_text (self, last_search);

  start_pull (self, FALSE);
}

static void
desk_window_dispose (GObject *object)
{
  DeskWindow *self = (DeskWindow *)object;

  if (self->query_cancellable != NULL)
    g_cancellable_cancel (self->query_cancellable);
  if (self->pull_cancellable != NULL)
    g_cancellable_cancel (self->pull_cancellable);
  g_clear_object (&self->query_cancellable);
  g_clear_object (&self->pull_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_WINDOW);

  g_clear_object (&self->results);
  g_clear_object (&self->hub_client);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

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

    case PROP_HUB_CLIENT:
      g_value_set_object (value, self->hub_client);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
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

    case PROP_HUB_CLIENT:
      self->hub_client = g_value_dup_object (value);
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

  properties [PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         DIR_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_HUB_CLIENT] =
    g_param_spec_object ("hub-client", NULL, NULL,
                         DIR_TYPE_HUB_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DESK_TYPE_SERVICE_DETAIL);
  g_type_ensure (DESK_TYPE_SERVICE_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/directionhub/Desk/ui/desk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, refresh_stack);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, refresh_spinner);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, results_stack);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, count_label);
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
  gtk_widget_class_bind_template_callback (widget_class, on_selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_key_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_folded_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
}

static void
desk_window_init (DeskWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->query_mode = DIR_SEARCH_TYPEAHEAD;
  self->settings = g_settings_new ("io.github.directionhub.Desk");
  self->language = g_settings_get_string (self->settings, "content-language");

  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::content-language",
                           G_CALLBACK (on_content_language_changed_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
}

/**
 * desk_window_new:
 * @application: the application
 * @store: the local directory
 * @hub_client: (nullable): where to refresh @store from, or %NULL to work
 *   with what @store holds
 *
 * Returns: (transfer full): a new window; it searches @store at once and, with
 *   a hub, pulls the directory in the background.
 */
DeskWindow *
desk_window_new (GtkApplication *application,
                 DirStore       *store,
                 DirHubClient   *hub_client)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (DIR_IS_STORE (store), NULL);
  g_return_val_if_fail (hub_client == NULL || DIR_IS_HUB_CLIENT (hub_client), NULL);

  return g_object_new (DESK_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       "hub-client", hub_client,
                       NULL);
}

DirStore *
desk_window_get_store (DeskWindow *self)
{
  g_return_val_if_fail (DESK_IS_WINDOW (self), NULL);

  return self->store;
}

DirHubClient *
desk_window_get_hub_client (DeskWindow *self)
{
  g_return_val_if_fail (DESK_IS_WINDOW (self), NULL);

  return self->hub_client;
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

/* Pulls the directory from the hub again; says how it went in a toast. */
void
desk_window_refresh (DeskWindow *self)
{
  g_return_if_fail (DESK_IS_WINDOW (self));

  start_pull (self, TRUE);
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
