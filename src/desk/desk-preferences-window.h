/* desk-preferences-window.h
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

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DESK_TYPE_PREFERENCES_WINDOW (desk_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (DeskPreferencesWindow, desk_preferences_window, DESK, PREFERENCES_WINDOW, AdwPreferencesWindow)

DeskPreferencesWindow *desk_preferences_window_new               (GSettings             *settings,
                                                                  const char            *hub_url_override);
void                   desk_preferences_window_add_account_group (DeskPreferencesWindow *self,
                                                                  AdwPreferencesGroup   *group);

gboolean               desk_preferences_check_hub_url            (const char            *url,
                                                                  GError               **error);
gboolean               desk_preferences_check_tile_url_template  (const char            *url_template,
                                                                  GError               **error);

G_END_DECLS
