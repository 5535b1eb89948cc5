/* desk-marker-layer.h
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

#include "dir-core.h"

G_BEGIN_DECLS

/* Never more marker widgets than this, whatever the zoom or the number of
 * services (docs/ARCHITECTURE.md: every marker is a widget). */
#define DESK_MARKER_LAYER_MAX_MARKERS 500

/* The clusters of a set of services at every zoom level: plain data,
 * built in any thread. */
typedef struct _DeskMarkerIndex DeskMarkerIndex;

DeskMarkerIndex    *desk_marker_index_new                  (GArray          *points);
DeskMarkerIndex    *desk_marker_index_ref                  (DeskMarkerIndex *index);
void                desk_marker_index_unref                (DeskMarkerIndex *index);
GArray             *desk_marker_index_get_points           (DeskMarkerIndex *index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskMarkerIndex, desk_marker_index_unref)

/* A live marker, for the layers under it: normalised map position and
 * radius in pixels. */
typedef struct
{
  double mx;
  double my;
  double radius_px;
} DeskMarkerObstacle;

#define DESK_TYPE_MARKER_LAYER (desk_marker_layer_get_type ())

G_DECLARE_FINAL_TYPE (DeskMarkerLayer, desk_marker_layer, DESK, MARKER_LAYER, ShumateLayer)

DeskMarkerLayer    *desk_marker_layer_new                  (ShumateViewport *viewport);
void                desk_marker_layer_set_points           (DeskMarkerLayer *self,
                                                            GArray          *points);
void                desk_marker_layer_set_index            (DeskMarkerLayer *self,
                                                            DeskMarkerIndex *index);
GArray             *desk_marker_layer_get_obstacles        (DeskMarkerLayer *self);
GArray             *desk_marker_layer_get_points           (DeskMarkerLayer *self);
gboolean            desk_marker_layer_set_selected_service (DeskMarkerLayer *self,
                                                            const char      *id);
const char         *desk_marker_layer_get_selected_service (DeskMarkerLayer *self);
gboolean            desk_marker_layer_get_service_location (DeskMarkerLayer *self,
                                                            const char      *id,
                                                            double          *latitude,
                                                            double          *longitude);
/* Recluster now instead of at the next idle (tests, benchmarks). */
void                desk_marker_layer_update               (DeskMarkerLayer *self);

/* Introspection for tests and diagnostics. */
ShumateMarkerLayer *desk_marker_layer_get_marker_layer     (DeskMarkerLayer *self);
guint               desk_marker_layer_get_n_live_markers   (DeskMarkerLayer *self);
guint               desk_marker_layer_get_n_pooled_markers (DeskMarkerLayer *self);
guint               desk_marker_layer_get_n_shown_services (DeskMarkerLayer *self);
void                desk_marker_layer_get_query_bounds     (DeskMarkerLayer *self,
                                                            double          *north,
                                                            double          *south,
                                                            double          *west,
                                                            double          *east);
gint64              desk_marker_layer_get_last_update_time (DeskMarkerLayer *self);
gint64              desk_marker_layer_get_last_query_time  (DeskMarkerLayer *self);
GtkWidget          *desk_marker_layer_get_pin              (DeskMarkerLayer *self,
                                                            const char      *id);
guint               desk_marker_layer_get_marker_count     (DeskMarkerLayer *self,
                                                            ShumateMarker   *marker);
const char         *desk_marker_layer_get_marker_tooltip   (DeskMarkerLayer *self,
                                                            ShumateMarker   *marker);

G_END_DECLS
