/* test-preferences.c
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
#include <string.h>

#include "desk-preferences-window.h"
#include "desk-tile-source.h"

/* Preferences: what the two addresses accept, and the window writing only
 * valid values to GSettings. */

static const char * const keys[] = {
  "hub-url", "tile-url-template", "content-language", "sync-interval-minutes",
  "tile-cache-max-mb",
};

static GSettings *
fresh_settings (void)
{
  GSettings *settings = g_settings_new ("io.github.directionhub.Desk");

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);

  return settings;
}

static gpointer
get_child (DeskPreferencesWindow *window,
           const char            *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window),
                                                  DESK_TYPE_PREFERENCES_WINDOW, name);

  g_assert_nonnull (child);
  return child;
}

static void
flush (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_check_hub_url (void)
{
  const char *valid[] = {
    "", "   ", "https://hub.example.org", "http://127.0.0.1:8080", "https://hub.example.org/",
    "https://example.org/direction", "HTTPS://HUB.EXAMPLE.ORG",
  };
  const struct {
    const char *url;
    const char *message;
  } invalid[] = {
    { "hub.example.org", "must start with https:// or http://" },
    { "ftp://hub.example.org", "must start with https:// or http://" },
    { "https://", "is not a web address" },
    { "https://hub.example.org/?x=1", "is not a web address" },
    { "https://user:secret@hub.example.org", "is not a web address" },
    { "https://hub.example.org/api/v1", "Leave out “/api/v1”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("valid: %s", valid[i]);
      g_assert_true (desk_preferences_check_hub_url (valid[i], &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("invalid: %s", invalid[i].url);
      g_assert_false (desk_preferences_check_hub_url (invalid[i].url, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      if (strstr (error->message, invalid[i].message) == NULL)
        g_error ("“%s” does not say “%s”", error->message, invalid[i].message);
    }
}

static void
test_check_tile_url_template (void)
{
  const char *valid[] = {
    DESK_TILE_SOURCE_DEFAULT_URL_TEMPLATE,
    "http://127.0.0.1:8081/tiles/{z}/{x}/{y}.png",
    "https://tiles.example.org/osm/{z}/{y}/{x}?key=abc",
  };
  const struct {
    const char *url;
    const char *message;
  } invalid[] = {
    { "https://tile.example.org/{z}/{x}.png", "needs {y}" },
    { "https://tile.example.org/{x}/{y}.png", "needs {z}" },
    { "https://tile.example.org/{z}/{y}/{X}.png", "needs {x}" },
    { "", "needs {z}" },
    { "tile.example.org/{z}/{x}/{y}.png", "must be a web address" },
    { "file:///tmp/{z}/{x}/{y}.png", "must be a web address" },
    { "https:///{z}/{x}/{y}.png", "must be a web address" },
    { "https://tile example.org/{z}/{x}/{y}.png", "must be a web address" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("valid: %s", valid[i]);
      g_assert_true (desk_preferences_check_tile_url_template (valid[i], &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("invalid: %s", invalid[i].url);
      g_assert_false (desk_preferences_check_tile_url_template (invalid[i].url, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      if (strstr (error->message, invalid[i].message) == NULL)
        g_error ("“%s” does not say “%s”", error->message, invalid[i].message);
    }
}

static void
type_and_apply (GtkWidget  *row,
                const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
  flush ();
}

/* Only valid addresses reach GSettings; a bad one is marked and kept in
 * the row for correcting. */
static void
test_window_addresses (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  DeskPreferencesWindow *window = desk_preferences_window_new (settings, NULL);
  GtkWidget *hub_row = get_child (window, "hub_row");
  GtkWidget *tile_row = get_child (window, "tile_row");
  GtkWidget *osm_group = get_child (window, "osm_group");
  g_autofree char *hub = NULL;
  g_autofree char *tiles = NULL;

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (hub_row)), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (tile_row)), ==,
                   DESK_TILE_SOURCE_DEFAULT_URL_TEMPLATE);
  /* The default is OpenStreetMap's public server: the warning shows. */
  g_assert_true (gtk_widget_get_visible (osm_group));

  type_and_apply (hub_row, "ftp://hub.example.org");
  hub = g_settings_get_string (settings, "hub-url");
  g_assert_cmpstr (hub, ==, "");
  g_assert_true (gtk_widget_has_css_class (hub_row, "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (hub_row)), ==, "ftp://hub.example.org");
  g_assert_true (gtk_widget_get_visible (get_child (window, "hub_error_label")));
  g_assert_cmpstr (gtk_label_get_text (get_child (window, "hub_error_label")), ==,
                   "The hub address must start with https:// or http://");

  /* Typing again clears the mark; a good address is saved, tidied. */
  gtk_editable_set_text (GTK_EDITABLE (hub_row), "https://hub.example.or");
  g_assert_false (gtk_widget_has_css_class (hub_row, "error"));
  g_assert_false (gtk_widget_get_visible (get_child (window, "hub_error_label")));
  type_and_apply (hub_row, " https://hub.example.org/ ");
  g_clear_pointer (&hub, g_free);
  hub = g_settings_get_string (settings, "hub-url");
  g_assert_cmpstr (hub, ==, "https://hub.example.org");
  g_assert_false (gtk_widget_has_css_class (hub_row, "error"));

  /* Emptied: no hub. */
  type_and_apply (hub_row, "");
  g_clear_pointer (&hub, g_free);
  hub = g_settings_get_string (settings, "hub-url");
  g_assert_cmpstr (hub, ==, "");

  type_and_apply (tile_row, "https://tiles.example.org/{z}/{x}.png");
  tiles = g_settings_get_string (settings, "tile-url-template");
  g_assert_cmpstr (tiles, ==, DESK_TILE_SOURCE_DEFAULT_URL_TEMPLATE);
  g_assert_true (gtk_widget_has_css_class (tile_row, "error"));
  g_assert_true (gtk_widget_get_visible (get_child (window, "tile_error_label")));

  type_and_apply (tile_row, "https://tiles.example.org/{z}/{x}/{y}.png");
  g_clear_pointer (&tiles, g_free);
  tiles = g_settings_get_string (settings, "tile-url-template");
  g_assert_cmpstr (tiles, ==, "https://tiles.example.org/{z}/{x}/{y}.png");
  g_assert_false (gtk_widget_has_css_class (tile_row, "error"));
  /* Our own server: no warning. */
  g_assert_false (gtk_widget_get_visible (osm_group));

  /* Reset: back to OpenStreetMap, and its warning. */
  g_signal_emit_by_name (get_child (window, "tile_reset_button"), "clicked");
  g_clear_pointer (&tiles, g_free);
  tiles = g_settings_get_string (settings, "tile-url-template");
  g_assert_cmpstr (tiles, ==, DESK_TILE_SOURCE_DEFAULT_URL_TEMPLATE);
  g_assert_true (gtk_widget_get_visible (osm_group));

  gtk_window_destroy (GTK_WINDOW (window));
  flush ();
}

static void
test_window_language_and_interval (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  DeskPreferencesWindow *window = NULL;
  AdwComboRow *language_row;
  GListModel *names;
  g_autofree char *language = NULL;
  g_autofree char *name = NULL;

  g_settings_set_string (settings, "content-language", "pl");
  window = desk_preferences_window_new (settings, NULL);
  language_row = get_child (window, "language_row");
  names = adw_combo_row_get_model (language_row);

  /* English and the eight languages of the directory, in their own names. */
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 9);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 0), ==, "English");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 1), ==, "Polski (Polish)");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 3), ==, "اردو (Urdu)");
  g_assert_cmpuint (adw_combo_row_get_selected (language_row), ==, 1);

  adw_combo_row_set_selected (language_row, 8);
  language = g_settings_get_string (settings, "content-language");
  g_assert_cmpstr (language, ==, "lt");
  adw_combo_row_set_selected (language_row, 0);
  g_clear_pointer (&language, g_free);
  language = g_settings_get_string (settings, "content-language");
  g_assert_cmpstr (language, ==, "");

  gtk_spin_button_set_value (get_child (window, "sync_interval_spin"), 60);
  g_assert_cmpuint (g_settings_get_uint (settings, "sync-interval-minutes"), ==, 60);
  g_settings_set_uint (settings, "sync-interval-minutes", 5);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (get_child (window, "sync_interval_spin")), ==, 5);

  gtk_window_destroy (GTK_WINDOW (window));
  flush ();

  /* A language set with gsettings, not in the list, stays choosable. */
  g_settings_set_string (settings, "content-language", "cy");
  window = desk_preferences_window_new (settings, NULL);
  language_row = get_child (window, "language_row");
  names = adw_combo_row_get_model (language_row);
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 10);
  g_assert_cmpuint (adw_combo_row_get_selected (language_row), ==, 9);
  name = g_strdup (gtk_string_list_get_string (GTK_STRING_LIST (names), 9));
  g_assert_cmpstr (name, ==, "Welsh (Cymraeg)");
  gtk_window_destroy (GTK_WINDOW (window));
  flush ();
}

static AdwPreferencesGroup *
first_group (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwPreferencesGroup *group;

      if (ADW_IS_PREFERENCES_GROUP (child))
        return ADW_PREFERENCES_GROUP (child);
      if ((group = first_group (child)) != NULL)
        return group;
    }

  return NULL;
}

/* The sign-in group of another module goes first on the first page. */
static void
test_window_account_group (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  DeskPreferencesWindow *window = desk_preferences_window_new (settings, "http://127.0.0.1:1");
  AdwPreferencesPage *page = get_child (window, "general_page");
  GtkWidget *group = adw_preferences_group_new ();
  const char *description;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), "Account");
  g_assert_true (first_group (GTK_WIDGET (page)) == get_child (window, "hub_group"));

  desk_preferences_window_add_account_group (window, ADW_PREFERENCES_GROUP (group));
  g_assert_true (first_group (GTK_WIDGET (page)) == ADW_PREFERENCES_GROUP (group));
  /* The others stay, in their order, after it. */
  g_assert_true (gtk_widget_is_ancestor (get_child (window, "hub_row"), GTK_WIDGET (page)));
  g_assert_true (gtk_widget_is_ancestor (get_child (window, "language_row"), GTK_WIDGET (page)));

  /* --hub-url wins for this session, and the page says so. */
  description = adw_preferences_group_get_description (get_child (window, "hub_group"));
  g_assert_nonnull (strstr (description, "http://127.0.0.1:1"));

  gtk_window_destroy (GTK_WINDOW (window));
  flush ();
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/desk/preferences/check-hub-url", test_check_hub_url);
  g_test_add_func ("/desk/preferences/check-tile-url-template", test_check_tile_url_template);
  g_test_add_func ("/desk/preferences/addresses", test_window_addresses);
  g_test_add_func ("/desk/preferences/language-and-interval", test_window_language_and_interval);
  g_test_add_func ("/desk/preferences/account-group", test_window_account_group);

  return g_test_run ();
}
