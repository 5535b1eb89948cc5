/* desk-script-fonts.c
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

#include "desk-script-fonts.h"

/* Noto Naskh Arabic is in fonts-noto-core (build-aux/setup.sh) and in the
 * Flatpak's fonts module; where it is missing, GTK skips the name. */
#define NASKH_FAMILY "Noto Naskh Arabic"

static void
append_quoted (GString    *css,
               const char *family)
{
  g_string_append_c (css, '"');
  for (const char *p = family; *p != '\0'; p++)
    {
      /* A family name is plain text; quotes and backslashes would end the
       * CSS string early. */
      if (*p == '"' || *p == '\\')
        g_string_append_c (css, '\\');
      g_string_append_c (css, *p);
    }
  g_string_append_c (css, '"');
}

char *
desk_script_fonts_css (PangoLanguage *language,
                       const char    *ui_font_name)
{
  g_autoptr(PangoFontDescription) description = NULL;
  g_auto(GStrv) families = NULL;
  GString *css;
  const char *family;

  if (language == NULL || !pango_language_matches (language, "ur"))
    return NULL;

  description = pango_font_description_from_string (ui_font_name != NULL ? ui_font_name : "");
  family = pango_font_description_get_family (description);

  css = g_string_new ("window, tooltip { font-family: ");
  append_quoted (css, NASKH_FAMILY);
  if (family != NULL)
    families = g_strsplit (family, ",", -1);
  for (guint i = 0; families != NULL && families[i] != NULL; i++)
    {
      g_strstrip (families[i]);
      if (families[i][0] == '\0')
        continue;
      g_string_append (css, ", ");
      append_quoted (css, families[i]);
    }
  g_string_append (css, ", sans-serif; }");

  return g_string_free (css, FALSE);
}

static void
update_provider (GtkSettings    *settings,
                 GParamSpec     *pspec,
                 GtkCssProvider *provider)
{
  g_autofree char *font_name = NULL;
  g_autofree char *css = NULL;

  g_object_get (settings, "gtk-font-name", &font_name, NULL);
  css = desk_script_fonts_css (gtk_get_default_language (), font_name);
  gtk_css_provider_load_from_data (provider, css != NULL ? css : "", -1);
}

void
desk_script_fonts_init (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  GtkSettings *settings;
  GtkCssProvider *provider;

  if (display == NULL || !pango_language_matches (gtk_get_default_language (), "ur"))
    return;

  settings = gtk_settings_get_for_display (display);
  provider = gtk_css_provider_new ();
  update_provider (settings, NULL, provider);
  /* The provider lives as long as the display's settings. */
  g_signal_connect_data (settings, "notify::gtk-font-name", G_CALLBACK (update_provider),
                         provider, (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}
