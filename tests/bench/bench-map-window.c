/* bench-map-window.c
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

/* The floors bench-desk launches to time a start-up: a window of the desk's
 * default size holding only a ShumateMap, and nothing else.
 *
 * - bench-map-window: a minimal GTK 4 program (gtk_init(), a GtkWindow);
 * - bench-map-window-adw (WITH_ADW): the same map in a minimal libadwaita
 *   application (AdwApplication, AdwApplicationWindow), which is what any
 *   GNOME application pays before its own window: libadwaita's style
 *   sheet, and registering on the session bus.
 *
 * Both run until they are killed. */

#ifdef WITH_ADW
#include <adwaita.h>
#else
#include <gtk/gtk.h>
#endif
#include <shumate/shumate.h>

#define WIDTH 1000
#define HEIGHT 700

#ifdef WITH_ADW
static void
on_activate_cb (GtkApplication *application)
{
  GtkWidget *window = adw_application_window_new (application);

  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window),
                                      GTK_WIDGET (shumate_map_new ()));
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_present (GTK_WINDOW (window));
}
#endif

int
main (int   argc,
      char *argv[])
{
#ifdef WITH_ADW
  g_autoptr(AdwApplication) application = adw_application_new ("io.github.directionhub.BenchMapWindow",
                                                                G_APPLICATION_NON_UNIQUE);

  g_signal_connect (application, "activate", G_CALLBACK (on_activate_cb), NULL);

  return g_application_run (G_APPLICATION (application), argc, argv);
#else
  GtkWidget *window;

  gtk_init ();
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (shumate_map_new ()));
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_present (GTK_WINDOW (window));

  for (;;)
    g_main_context_iteration (NULL, TRUE);
#endif
}
