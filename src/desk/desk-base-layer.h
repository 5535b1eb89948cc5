/* desk-base-layer.h
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

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define DESK_TYPE_BASE_LAYER (desk_base_layer_get_type ())

G_DECLARE_FINAL_TYPE (DeskBaseLayer, desk_base_layer, DESK, BASE_LAYER, ShumateLayer)

DeskBaseLayer *desk_base_layer_new           (ShumateViewport *viewport);
/* Whether the boundaries and places have been read (they load in a thread). */
gboolean       desk_base_layer_is_loaded     (DeskBaseLayer   *self);
void           desk_base_layer_set_obstacles (DeskBaseLayer   *self,
                                              GArray          *obstacles);
void           desk_base_layer_add_overlay   (DeskBaseLayer   *self,
                                              GtkWidget       *overlay);

/* A place in view when the layer was last drawn: where its dot is and,
 * when it was named, where its name went (in the layer's coordinates). */
typedef struct
{
  graphene_point_t at;
  graphene_rect_t  label;
  gboolean         named;
} DeskBasePlace;

GArray        *desk_base_layer_get_places    (DeskBaseLayer   *self);

G_END_DECLS
