/* desk-near-layer.h
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

#define DESK_TYPE_NEAR_LAYER (desk_near_layer_get_type ())

G_DECLARE_FINAL_TYPE (DeskNearLayer, desk_near_layer, DESK, NEAR_LAYER, ShumateLayer)

DeskNearLayer *desk_near_layer_new        (ShumateViewport *viewport);
void           desk_near_layer_set_circle (DeskNearLayer   *self,
                                           double           latitude,
                                           double           longitude,
                                           double           radius_m);
void           desk_near_layer_clear      (DeskNearLayer   *self);
gboolean       desk_near_layer_get_circle (DeskNearLayer   *self,
                                           double          *latitude,
                                           double          *longitude,
                                           double          *radius_m);

G_END_DECLS
