/* desk-map-private.h
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

#include <math.h>
#include <shumate/shumate.h>

G_BEGIN_DECLS

/* Web Mercator helpers shared by our layers.  Points are kept in
 * normalised map coordinates (mx, my in [0, 1], origin top left), so that
 * projecting them at any zoom level is a multiply and an add. */

static inline double
desk_map_lon_to_mx (double lon)
{
  return (lon + 180.0) / 360.0;
}

static inline double
desk_map_lat_to_my (double lat)
{
  double rad = CLAMP (lat, SHUMATE_MIN_LATITUDE, SHUMATE_MAX_LATITUDE) * G_PI / 180.0;

  return (1.0 - log (tan (rad) + 1.0 / cos (rad)) / G_PI) / 2.0;
}

static inline double
desk_map_mx_to_lon (double mx)
{
  return mx * 360.0 - 180.0;
}

static inline double
desk_map_my_to_lat (double my)
{
  return atan (sinh (G_PI * (1.0 - 2.0 * my))) * 180.0 / G_PI;
}

typedef struct
{
  double world;       /* size of the whole world in pixels at this zoom */
  double cx, cy;      /* the centre, in world pixels */
  double half_w, half_h;
  double cos_r, sin_r;
  double zoom;
} DeskMapProjection;

/* The same projection as shumate_viewport_location_to_widget_coords(), for
 * a layer filling the map. */
static inline void
desk_map_projection_init (DeskMapProjection *p,
                          ShumateViewport   *viewport,
                          GtkWidget         *widget)
{
  ShumateMapSource *source = shumate_viewport_get_reference_map_source (viewport);
  double tile_size = source != NULL ? shumate_map_source_get_tile_size (source) : 256.0;
  double rotation = shumate_viewport_get_rotation (viewport);

  p->zoom = shumate_viewport_get_zoom_level (viewport);
  p->world = tile_size * exp2 (p->zoom);
  p->cx = desk_map_lon_to_mx (shumate_location_get_longitude (SHUMATE_LOCATION (viewport))) * p->world;
  p->cy = desk_map_lat_to_my (shumate_location_get_latitude (SHUMATE_LOCATION (viewport))) * p->world;
  p->half_w = gtk_widget_get_width (widget) / 2.0;
  p->half_h = gtk_widget_get_height (widget) / 2.0;
  p->cos_r = cos (rotation);
  p->sin_r = sin (rotation);
}

static inline void
desk_map_projection_apply (const DeskMapProjection *p,
                           double                   mx,
                           double                   my,
                           double                  *x,
                           double                  *y)
{
  double dx = mx * p->world - p->cx;
  double dy = my * p->world - p->cy;

  *x = dx * p->cos_r - dy * p->sin_r + p->half_w;
  *y = dx * p->sin_r + dy * p->cos_r + p->half_h;
}

/* The map area the widget shows, in normalised coordinates, grown by
 * margin_px on every side (rotation included: the bounding box of the
 * rotated rectangle). */
static inline void
desk_map_projection_get_bounds (const DeskMapProjection *p,
                                double                   margin_px,
                                double                  *mx0,
                                double                  *my0,
                                double                  *mx1,
                                double                  *my1)
{
  double hw = fabs (p->half_w * p->cos_r) + fabs (p->half_h * p->sin_r) + margin_px;
  double hh = fabs (p->half_w * p->sin_r) + fabs (p->half_h * p->cos_r) + margin_px;

  *mx0 = (p->cx - hw) / p->world;
  *mx1 = (p->cx + hw) / p->world;
  *my0 = (p->cy - hh) / p->world;
  *my1 = (p->cy + hh) / p->world;
}

G_END_DECLS
