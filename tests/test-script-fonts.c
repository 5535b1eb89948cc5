/* test-script-fonts.c
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

#include <gtk/gtk.h>

#include "desk-script-fonts.h"

static void
on_parsing_error_cb (GtkCssProvider *provider,
                     GtkCssSection  *section,
                     const GError   *error,
                     guint          *errors)
{
  g_test_message ("CSS: %s", error->message);
  (*errors)++;
}

/* The interface in Urdu is set in Naskh first, then the user's interface
 * font for what Naskh lacks (Latin letters); every other language is left
 * to GTK and fontconfig. */
static void
test_css (void)
{
  static const struct { const char *language; const char *font; const char *css; } cases[] = {
    { "ur", "Cantarell 11",
      "window, tooltip { font-family: \"Noto Naskh Arabic\", \"Cantarell\", sans-serif; }" },
    { "ur-pk", "Noto Sans, DejaVu Sans Bold 10",
      "window, tooltip { font-family: \"Noto Naskh Arabic\", \"Noto Sans\", \"DejaVu Sans\", "
      "sans-serif; }" },
    /* No family at all, and a family name with a quote in it. */
    { "ur", "11", "window, tooltip { font-family: \"Noto Naskh Arabic\", sans-serif; }" },
    { "ur", "Odd\"Font 9",
      "window, tooltip { font-family: \"Noto Naskh Arabic\", \"Odd\\\"Font\", sans-serif; }" },
    { "en-gb", "Cantarell 11", NULL },
    { "pa", "Cantarell 11", NULL },
    { "bn", "Cantarell 11", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PangoLanguage *language = pango_language_from_string (cases[i].language);
      g_autofree char *css = desk_script_fonts_css (language, cases[i].font);

      g_assert_cmpstr (css, ==, cases[i].css);

      /* What is made parses as CSS. */
      if (css != NULL)
        {
          g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
          guint errors = 0;

          g_signal_connect (provider, "parsing-error", G_CALLBACK (on_parsing_error_cb), &errors);
          gtk_css_provider_load_from_data (provider, css, -1);
          g_assert_cmpuint (errors, ==, 0);
        }
    }

  g_assert_null (desk_script_fonts_css (NULL, "Cantarell 11"));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/desk/script-fonts/css", test_css);

  return g_test_run ();
}
