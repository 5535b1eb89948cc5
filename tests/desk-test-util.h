/* desk-test-util.h
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

/* Helpers for the tests that drive the real DeskWindow (test-window,
 * test-desk-sync). */

#pragma once

#include <gtk/gtk.h>

#include "desk-service-row.h"
#include "desk-window.h"

/* The window's template child of that name: there must be one. */
static inline gpointer
get_child (DeskWindow *window,
           const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), DESK_TYPE_WINDOW, name);

  g_assert_nonnull (child);
  return child;
}

/* The list row's template child of that name: there must be one. */
static inline gpointer
get_row_child (GtkWidget  *row,
               const char *name)
{
  GObject *child = gtk_widget_get_template_child (row, DESK_TYPE_SERVICE_ROW, name);

  g_assert_nonnull (child);
  return child;
}

/* The row widget under widget showing the service with that id, or NULL. */
static inline GtkWidget *
find_row (GtkWidget  *widget,
          const char *id)
{
  if (DESK_IS_SERVICE_ROW (widget))
    {
      DirService *service = desk_service_row_get_service (DESK_SERVICE_ROW (widget));

      return service != NULL && g_str_equal (dir_service_get_id (service), id) ? widget : NULL;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = find_row (child, id);

      if (row != NULL)
        return row;
    }

  return NULL;
}
