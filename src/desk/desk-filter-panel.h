/* desk-filter-panel.h
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

G_BEGIN_DECLS

#define DESK_TYPE_FILTER_PANEL (desk_filter_panel_get_type ())

G_DECLARE_FINAL_TYPE (DeskFilterPanel, desk_filter_panel, DESK, FILTER_PANEL, GtkWidget)

GtkWidget *desk_filter_panel_new             (void);
void       desk_filter_panel_prepare         (DeskFilterPanel    *self);
void       desk_filter_panel_apply           (DeskFilterPanel    *self,
                                              DirQuery           *query);
guint      desk_filter_panel_get_n_active    (DeskFilterPanel    *self);
GDateTime *desk_filter_panel_dup_open_at     (DeskFilterPanel    *self);
void       desk_filter_panel_clear           (DeskFilterPanel    *self);
void       desk_filter_panel_set_languages   (DeskFilterPanel    *self,
                                              const char * const *codes);
void       desk_filter_panel_bind_settings   (DeskFilterPanel    *self,
                                              GSettings          *settings);
gboolean   desk_filter_panel_set_pathway     (DeskFilterPanel    *self,
                                              const char         *code,
                                              gboolean            selected);

G_END_DECLS
