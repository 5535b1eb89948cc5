/* desk-preferences-window.c
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
#include <string.h>

#include "dir-core.h"

#include "desk-format.h"
#include "desk-preferences-window.h"
#include "desk-tile-prefetch.h"
#include "desk-tile-source.h"

/* Preferences: the hub, how often the directory is updated, the language
 * services are shown in, and the map tiles.  Every change goes to
 * GSettings, which the application, the window and the map follow; the
 * two addresses only once they are valid (Apply, or Enter). */
struct _DeskPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  char                 *hub_url_override;
  GtkStringList        *language_names;
  GPtrArray            *language_codes;
  GPtrArray            *general_groups;  /* the first page's groups, in order */

  AdwPreferencesPage   *general_page;
  AdwPreferencesGroup  *hub_group;
  AdwEntryRow          *hub_row;
  GtkLabel             *hub_error_label;
  AdwPreferencesGroup  *updates_group;
  GtkSpinButton        *sync_interval_spin;
  AdwPreferencesGroup  *language_group;
  AdwComboRow          *language_row;
  AdwEntryRow          *tile_row;
  GtkWidget            *tile_reset_button;
  GtkLabel             *tile_error_label;
  GtkSpinButton        *tile_cache_spin;
  AdwPreferencesGroup  *osm_group;
};

G_DEFINE_FINAL_TYPE (DeskPreferencesWindow, desk_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_HUB_URL_OVERRIDE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* The languages the directory is translated into (domain notes §6.3),
 * each in its own name; "" is the language services are written in. */
static const struct
{
  const char *code;
  const char *own_name;
  const char *name;       /* N_() */
} content_languages[] = {
  { "",   "English",   NULL },
  { "pl", "Polski",    N_("Polish") },
  { "ro", "Română",    N_("Romanian") },
  { "ur", "اردو",      N_("Urdu") },
  { "pa", "ਪੰਜਾਬੀ",     N_("Punjabi") },
  { "bn", "বাংলা",      N_("Bengali") },
  { "pt", "Português", N_("Portuguese") },
  { "it", "Italiano",  N_("Italian") },
  { "lt", "Lietuvių",  N_("Lithuanian") },
};

/**
 * desk_preferences_check_hub_url:
 * @url: what was typed, "" for no hub
 *
 * Returns: whether @url can be the hub's address: empty, or an http(s)
 *   address with a host and no /api/v1, query or fragment
 */
gboolean
desk_preferences_check_hub_url (const char  *url,
                                GError     **error)
{
  g_autofree char *normalized = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (url != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (url));
  if (trimmed[0] == '\0')
    return TRUE;

  if (g_ascii_strncasecmp (trimmed, "http://", 7) != 0 &&
      g_ascii_strncasecmp (trimmed, "https://", 8) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The hub address must start with https:// or http://"));
      return FALSE;
    }

  normalized = dir_hub_normalize_url (trimmed, NULL);
  if (normalized == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a web address such as https://hub.example.org"), trimmed);
      return FALSE;
    }

  if (g_str_has_suffix (trimmed, "/api/v1") || g_str_has_suffix (trimmed, "/api/v1/"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Leave out “/api/v1”: the hub address is like https://hub.example.org"));
      return FALSE;
    }

  return TRUE;
}

/**
 * desk_preferences_check_tile_url_template:
 * @url_template: what was typed
 *
 * Returns: whether @url_template is an http(s) address with {z}, {x} and
 *   {y} in it
 */
gboolean
desk_preferences_check_tile_url_template (const char  *url_template,
                                          GError     **error)
{
  static const char * const placeholders[] = { "{z}", "{x}", "{y}" };
  g_autoptr(GString) example = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  g_return_val_if_fail (url_template != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (placeholders); i++)
    if (strstr (url_template, placeholders[i]) == NULL)
      {
        /* Translators: %s is {z}, {x} or {y}, a placeholder in the tile address */
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("The tile address needs %s in it, like "
                       "https://tile.example.org/{z}/{x}/{y}.png"), placeholders[i]);
        return FALSE;
      }

  /* A tile's address must be a web address. */
  example = g_string_new (url_template);
  g_string_replace (example, "{z}", "10", 0);
  g_string_replace (example, "{x}", "511", 0);
  g_string_replace (example, "{y}", "340", 0);
  uri = g_uri_parse (example->str, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  if (uri == NULL || scheme == NULL || host == NULL || host[0] == '\0' ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      strchr (example->str, ' ') != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The tile address must be a web address starting with https:// or http://"));
      return FALSE;
    }

  return TRUE;
}

/* The row marked, and why under it, until it is typed in again. */
static void
show_row_error (AdwEntryRow *row,
                GtkLabel    *label,
                const char  *message)
{
  gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                               GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
  gtk_label_set_text (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
}

static void
clear_row_error (AdwEntryRow *row,
                 GtkLabel    *label)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
  gtk_widget_set_visible (GTK_WIDGET (label), FALSE);
}

static void
on_hub_apply_cb (DeskPreferencesWindow *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->hub_row))));
  g_autoptr(GError) error = NULL;

  if (!desk_preferences_check_hub_url (url, &error))
    {
      show_row_error (self->hub_row, self->hub_error_label, error->message);
      return;
    }

  /* Without a trailing slash, as the hub's own addresses are written. */
  while (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';

  clear_row_error (self->hub_row, self->hub_error_label);
  g_settings_set_string (self->settings, "hub-url", url);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (url[0] != '\0'
                                                     ? _("Hub address saved: updating the directory")
                                                     : _("No hub: the directory saved on this computer is used")));
}

static void
on_hub_changed_cb (DeskPreferencesWindow *self)
{
  clear_row_error (self->hub_row, self->hub_error_label);
}

static void
update_osm_warning (DeskPreferencesWindow *self)
{
  g_autofree char *url_template = g_settings_get_string (self->settings, "tile-url-template");

  gtk_widget_set_visible (GTK_WIDGET (self->osm_group),
                          desk_tile_prefetch_template_is_public_osm (url_template[0] != '\0'
                                                                       ? url_template
                                                                       : DESK_TILE_SOURCE_DEFAULT_URL_TEMPLATE));
}

static void
on_tile_apply_cb (DeskPreferencesWindow *self)
{
  g_autofree char *url_template = NULL;
  g_autoptr(GError) error = NULL;

  url_template = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->tile_row))));
  if (!desk_preferences_check_tile_url_template (url_template, &error))
    {
      show_row_error (self->tile_row, self->tile_error_label, error->message);
      return;
    }

  clear_row_error (self->tile_row, self->tile_error_label);
  g_settings_set_string (self->settings, "tile-url-template", url_template);
  update_osm_warning (self);
}

static void
on_tile_changed_cb (DeskPreferencesWindow *self)
{
  clear_row_error (self->tile_row, self->tile_error_label);
}

static void
on_tile_reset_cb (DeskPreferencesWindow *self)
{
  g_settings_reset (self->settings, "tile-url-template");
  gtk_editable_set_text (GTK_EDITABLE (self->tile_row), DESK_TILE_SOURCE_DEFAULT_URL_TEMPLATE);
  clear_row_error (self->tile_row, self->tile_error_label);
  update_osm_warning (self);
}

static void
on_language_selected_cb (DeskPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->language_row);

  if (self->settings == NULL || self->language_codes == NULL ||
      selected >= self->language_codes->len)
    return;

  g_settings_set_string (self->settings, "content-language",
                         g_ptr_array_index (self->language_codes, selected));
}

static void
load_languages (DeskPreferencesWindow *self)
{
  g_autofree char *current = g_settings_get_string (self->settings, "content-language");
  guint selected = 0;

  self->language_names = gtk_string_list_new (NULL);
  self->language_codes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (content_languages); i++)
    {
      g_autofree char *label = NULL;

      if (content_languages[i].name != NULL)
        /* Translators: a language in its own name, then in yours: "Polski (Polish)" */
        label = g_strdup_printf (C_("language and native name", "%s (%s)"), content_languages[i].own_name,
                                 _(content_languages[i].name));
      else
        label = g_strdup (content_languages[i].own_name);

      gtk_string_list_append (self->language_names, label);
      g_ptr_array_add (self->language_codes, g_strdup (content_languages[i].code));
      if (g_ascii_strcasecmp (current, content_languages[i].code) == 0)
        selected = i;
    }

  /* A language set elsewhere (gsettings) stays choosable. */
  if (current[0] != '\0' && selected == 0)
    {
      g_autofree char *label = desk_format_language (current);

      gtk_string_list_append (self->language_names, label);
      g_ptr_array_add (self->language_codes, g_strdup (current));
      selected = self->language_codes->len - 1;
    }

  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (self->language_names));
  adw_combo_row_set_selected (self->language_row, selected);
}

static void
desk_preferences_window_constructed (GObject *object)
{
  DeskPreferencesWindow *self = (DeskPreferencesWindow *)object;
  g_autofree char *hub_url = NULL;
  g_autofree char *url_template = NULL;

  G_OBJECT_CLASS (desk_preferences_window_parent_class)->constructed (object);

  g_assert (G_IS_SETTINGS (self->settings));

  hub_url = g_settings_get_string (self->settings, "hub-url");
  gtk_editable_set_text (GTK_EDITABLE (self->hub_row), hub_url);
  if (self->hub_url_override != NULL)
    {
      g_autofree char *description = NULL;

      /* Translators: %s is the hub's address given when the desk was started */
      description = g_strdup_printf (_("This session uses the hub at %s, given with --hub-url "
                                       "or DIRECTION_HUB_URL when Direction Desk was started. "
                                       "The address below is used when it is started without."),
                                     self->hub_url_override);
      adw_preferences_group_set_description (self->hub_group, description);
    }

  g_settings_bind (self->settings, "sync-interval-minutes",
                   gtk_spin_button_get_adjustment (self->sync_interval_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "tile-cache-max-mb",
                   gtk_spin_button_get_adjustment (self->tile_cache_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);

  load_languages (self);

  url_template = g_settings_get_string (self->settings, "tile-url-template");
  gtk_editable_set_text (GTK_EDITABLE (self->tile_row),
                         url_template[0] != '\0' ? url_template : DESK_TILE_SOURCE_DEFAULT_URL_TEMPLATE);
  update_osm_warning (self);

  /* The text was set by us, not typed: no error to clear, nothing to apply. */
  clear_row_error (self->hub_row, self->hub_error_label);
  clear_row_error (self->tile_row, self->tile_error_label);
}

static void
desk_preferences_window_dispose (GObject *object)
{
  DeskPreferencesWindow *self = (DeskPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_PREFERENCES_WINDOW);

  g_clear_object (&self->settings);
  g_clear_object (&self->language_names);
  g_clear_pointer (&self->language_codes, g_ptr_array_unref);
  g_clear_pointer (&self->general_groups, g_ptr_array_unref);

  G_OBJECT_CLASS (desk_preferences_window_parent_class)->dispose (object);
}

static void
desk_preferences_window_finalize (GObject *object)
{
  DeskPreferencesWindow *self = (DeskPreferencesWindow *)object;

  g_clear_pointer (&self->hub_url_override, g_free);

  G_OBJECT_CLASS (desk_preferences_window_parent_class)->finalize (object);
}

static void
desk_preferences_window_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  DeskPreferencesWindow *self = DESK_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_HUB_URL_OVERRIDE:
      g_value_set_string (value, self->hub_url_override);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_preferences_window_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  DeskPreferencesWindow *self = DESK_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_HUB_URL_OVERRIDE:
      self->hub_url_override = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_preferences_window_class_init (DeskPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = desk_preferences_window_constructed;
  object_class->dispose = desk_preferences_window_dispose;
  object_class->finalize = desk_preferences_window_finalize;
  object_class->get_property = desk_preferences_window_get_property;
  object_class->set_property = desk_preferences_window_set_property;

  properties [PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_HUB_URL_OVERRIDE] =
    g_param_spec_string ("hub-url-override", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/directionhub/Desk/ui/desk-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskPreferencesWindow, general_page);
  gtk_widget_class_bind_template_child (widget_class, DeskPreferencesWindow, hub_group);
  gtk_widget_class_bind_template_child (widget_class, DeskPreferencesWindow, hub_row);
  gtk_widget_class_bind_template_child (widget_class, DeskPreferencesWindow, hub_error_label);
  gtk_widget_class_bind_template_child (widget_class, DeskPreferencesWindow, updates_group);
  gtk_widget_class_bind_template_child (widget_class, DeskPreferencesWindow, tile_error_label);
  gtk_widget_class_bind_template_child (widget_class, DeskPreferencesWindow, sync_interval_spin);
  gtk_widget_class_bind_template_child (widget_class, DeskPreferencesWindow, language_group);
  gtk_widget_class_bind_template_child (widget_class, DeskPreferencesWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, DeskPreferencesWindow, tile_row);
  gtk_widget_class_bind_template_child (widget_class, DeskPreferencesWindow, tile_reset_button);
  gtk_widget_class_bind_template_child (widget_class, DeskPreferencesWindow, tile_cache_spin);
  gtk_widget_class_bind_template_child (widget_class, DeskPreferencesWindow, osm_group);
  gtk_widget_class_bind_template_callback (widget_class, on_hub_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_hub_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_tile_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_tile_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_tile_reset_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_language_selected_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
desk_preferences_window_init (DeskPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->general_groups = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->general_groups, g_object_ref (self->hub_group));
  g_ptr_array_add (self->general_groups, g_object_ref (self->updates_group));
  g_ptr_array_add (self->general_groups, g_object_ref (self->language_group));
}

/**
 * desk_preferences_window_new:
 * @settings: the desk's settings
 * @hub_url_override: (nullable): the hub address this session uses
 *   instead of the setting (--hub-url, DIRECTION_HUB_URL), or %NULL
 */
DeskPreferencesWindow *
desk_preferences_window_new (GSettings  *settings,
                             const char *hub_url_override)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (DESK_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       "hub-url-override", hub_url_override,
                       NULL);
}

/**
 * desk_preferences_window_add_account_group:
 * @group: a group, such as signing in to the hub
 *
 * Puts @group at the top of the first page.
 */
void
desk_preferences_window_add_account_group (DeskPreferencesWindow *self,
                                           AdwPreferencesGroup   *group)
{
  g_return_if_fail (DESK_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (ADW_IS_PREFERENCES_GROUP (group));

  /* AdwPreferencesPage 1.2 only appends: take the groups out, and put
   * them back with the new one first. */
  for (guint i = 0; i < self->general_groups->len; i++)
    adw_preferences_page_remove (self->general_page, g_ptr_array_index (self->general_groups, i));

  g_ptr_array_insert (self->general_groups, 0, g_object_ref (group));
  for (guint i = 0; i < self->general_groups->len; i++)
    adw_preferences_page_add (self->general_page, g_ptr_array_index (self->general_groups, i));
}
