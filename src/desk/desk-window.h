/* desk-window.h
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

#include "dir-core.h"
#include "desk-shortlist.h"
#include "desk-sync-runner.h"

G_BEGIN_DECLS

#define DESK_TYPE_WINDOW (desk_window_get_type ())

G_DECLARE_FINAL_TYPE (DeskWindow, desk_window, DESK, WINDOW, AdwApplicationWindow)

DeskWindow     *desk_window_new             (GtkApplication *application,
                                             DirStore       *store,
                                             DeskSyncRunner *sync_runner);
DirStore       *desk_window_get_store       (DeskWindow     *self);
DeskSyncRunner *desk_window_get_sync_runner (DeskWindow     *self);
void            desk_window_set_sync_runner (DeskWindow     *self,
                                             DeskSyncRunner *sync_runner);
DeskShortlist  *desk_window_get_shortlist   (DeskWindow     *self);
DirService     *desk_window_get_selected_service (DeskWindow *self);
gboolean        desk_window_get_busy        (DeskWindow     *self);
GListModel     *desk_window_get_results     (DeskWindow     *self);
void            desk_window_set_search_text (DeskWindow     *self,
                                             const char     *text);
void            desk_window_refresh         (DeskWindow     *self);
void            desk_window_add_toast       (DeskWindow     *self,
                                             const char     *title);

G_END_DECLS
