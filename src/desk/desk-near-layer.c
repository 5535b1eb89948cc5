/* desk-near-layer.c
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

#include "config.h"

#include "desk-map-private.h"
#include "desk-near-layer.h"

/* The "near" search area: a translucent circle of radius_m metres around
 * the person's address.  It is a geodesic circle (the points radius_m away
 * on the sphere), projected vertex by vertex, so it is the right shape at
 * any latitude rather than a screen circle. */

#define N_VERTICES 128
#define EARTH_RADIUS_M 6371008.8

struct _DeskNearLayer
{
  ShumateLayer parent_instance;

  double       latitude;
  double       longitude;
  double       radius_m;
  double       xy[2 * N_VERTICES];   /* normalised Mercator */
  gboolean     has_circle;
};

G_DEFINE_FINAL_TYPE (DeskNearLayer, desk_near_layer, SHUMATE_TYPE_LAYER)

static void
compute_polygon (DeskNearLayer *self)
{
  double lat1 = self->latitude * G_PI / 180.0;
  double lon1 = self->longitude * G_PI / 180.0;
  double d = self->radius_m / EARTH_RADIUS_M;

  for (guint i = 0; i < N_VERTICES; i++)
    {
      double bearing = 2.0 * G_PI * i / N_VERTICES;
      double lat2 = asin (sin (lat1) * cos (d) + cos (lat1) * sin (d) * cos (bearing));
      double lon2 = lon1 + atan2 (sin (bearing) * sin (d) * cos (lat1),
                                  cos (d) - sin (lat1) * sin (lat2));

      self->xy[2 * i] = desk_map_lon_to_mx (lon2 * 180.0 / G_PI);
      self->xy[2 * i + 1] = desk_map_lat_to_my (lat2 * 180.0 / G_PI);
    }
}

static void
on_viewport_changed_cb (DeskNearLayer *self)
{
  if (self->has_circle)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
desk_near_layer_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  DeskNearLayer *self = DESK_NEAR_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  DeskMapProjection proj;
  cairo_t *cr;

  if (!self->has_circle || width <= 0 || height <= 0)
    return;

  desk_map_projection_init (&proj, viewport, widget);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  for (guint i = 0; i < N_VERTICES; i++)
    {
      double x, y;

      desk_map_projection_apply (&proj, self->xy[2 * i], self->xy[2 * i + 1], &x, &y);
      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_close_path (cr);

  /* GNOME blue 3, as the accent */
  cairo_set_source_rgba (cr, 0.208, 0.518, 0.894, 0.16);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0.110, 0.443, 0.847, 0.85);
  cairo_set_line_width (cr, 2.0);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
desk_near_layer_constructed (GObject *object)
{
  DeskNearLayer *self = (DeskNearLayer *)object;
  ShumateViewport *viewport;
  const char *props[] = { "notify::latitude", "notify::longitude",
                          "notify::zoom-level", "notify::rotation" };

  G_OBJECT_CLASS (desk_near_layer_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    g_signal_connect_object (viewport, props[i],
                             G_CALLBACK (on_viewport_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
desk_near_layer_class_init (DeskNearLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = desk_near_layer_constructed;
  widget_class->snapshot = desk_near_layer_snapshot;

  gtk_widget_class_set_css_name (widget_class, "map-near-layer");
}

static void
desk_near_layer_init (DeskNearLayer *self)
{
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

DeskNearLayer *
desk_near_layer_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (DESK_TYPE_NEAR_LAYER, "viewport", viewport, NULL);
}

void
desk_near_layer_set_circle (DeskNearLayer *self,
                            double         latitude,
                            double         longitude,
                            double         radius_m)
{
  g_return_if_fail (DESK_IS_NEAR_LAYER (self));
  g_return_if_fail (latitude >= -90 && latitude <= 90);
  g_return_if_fail (longitude >= -180 && longitude <= 180);
  g_return_if_fail (radius_m >= 0);

  self->latitude = latitude;
  self->longitude = longitude;
  self->radius_m = radius_m;
  self->has_circle = radius_m > 0;
  compute_polygon (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
desk_near_layer_clear (DeskNearLayer *self)
{
  g_return_if_fail (DESK_IS_NEAR_LAYER (self));

  self->has_circle = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
desk_near_layer_get_circle (DeskNearLayer *self,
                            double        *latitude,
                            double        *longitude,
                            double        *radius_m)
{
  g_return_val_if_fail (DESK_IS_NEAR_LAYER (self), FALSE);

  if (latitude != NULL)
    *latitude = self->latitude;
  if (longitude != NULL)
    *longitude = self->longitude;
  if (radius_m != NULL)
    *radius_m = self->radius_m;

  return self->has_circle;
}
