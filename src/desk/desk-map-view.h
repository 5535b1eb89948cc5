/* desk-map-view.h
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
#include <shumate/shumate.h>

#include "dir-core.h"

#include "desk-base-layer.h"
#include "desk-marker-layer.h"
#include "desk-tile-source.h"

G_BEGIN_DECLS

#define DESK_TYPE_MAP_VIEW (desk_map_view_get_type ())

G_DECLARE_FINAL_TYPE (DeskMapView, desk_map_view, DESK, MAP_VIEW, GtkWidget)

GtkWidget       *desk_map_view_new                   (void);
ShumateMap      *desk_map_view_get_map               (DeskMapView *self);
ShumateViewport *desk_map_view_get_viewport          (DeskMapView *self);
DeskMarkerLayer *desk_map_view_get_marker_layer      (DeskMapView *self);
DeskBaseLayer   *desk_map_view_get_base_layer        (DeskMapView *self);
DeskTileSource  *desk_map_view_get_tile_source       (DeskMapView *self);
const char      *desk_map_view_get_tile_url_template (DeskMapView *self);
void             desk_map_view_set_tile_url_template (DeskMapView *self,
                                                      const char  *url_template);
void             desk_map_view_bind_settings         (DeskMapView *self,
                                                      GSettings   *settings);

void             desk_map_view_set_points            (DeskMapView *self,
                                                      GArray      *points);
void             desk_map_view_set_index             (DeskMapView     *self,
                                                      DeskMarkerIndex *index);
gboolean         desk_map_view_select_service        (DeskMapView *self,
                                                      const char  *id);
const char      *desk_map_view_get_selected_service  (DeskMapView *self);

void             desk_map_view_go_to                 (DeskMapView *self,
                                                      double       latitude,
                                                      double       longitude,
                                                      double       zoom_level);
void             desk_map_view_center_on             (DeskMapView *self,
                                                      double       latitude,
                                                      double       longitude,
                                                      double       zoom_level);
void             desk_map_view_set_near              (DeskMapView *self,
                                                      double       latitude,
                                                      double       longitude,
                                                      double       radius_m);
void             desk_map_view_clear_near            (DeskMapView *self);
gboolean         desk_map_view_get_near              (DeskMapView *self,
                                                      double      *latitude,
                                                      double      *longitude,
                                                      double      *radius_m);
gboolean         desk_map_view_get_bounds            (DeskMapView *self,
                                                      int          width,
                                                      int          height,
                                                      double      *north,
                                                      double      *south,
                                                      double      *west,
                                                      double      *east);

G_END_DECLS
