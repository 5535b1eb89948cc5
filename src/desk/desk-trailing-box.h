/* desk-trailing-box.h
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

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DESK_TYPE_TRAILING_BOX (desk_trailing_box_get_type ())

G_DECLARE_FINAL_TYPE (DeskTrailingBox, desk_trailing_box, DESK, TRAILING_BOX, GtkWidget)

GtkWidget *desk_trailing_box_new (void);

#define DESK_TYPE_TRAILING_LAYOUT (desk_trailing_layout_get_type ())

G_DECLARE_FINAL_TYPE (DeskTrailingLayout, desk_trailing_layout, DESK, TRAILING_LAYOUT, GtkLayoutManager)

GtkLayoutManager *desk_trailing_layout_new         (void);
int               desk_trailing_layout_get_spacing (DeskTrailingLayout *self);
void              desk_trailing_layout_set_spacing (DeskTrailingLayout *self,
                                                    int                 spacing);

G_END_DECLS
