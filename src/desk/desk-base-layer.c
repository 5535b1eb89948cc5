/* desk-base-layer.c
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

#include <glib/gi18n.h>

#include "dir-core.h"

#include "desk-base-layer.h"
#include "desk-map-data.h"
#include "desk-map-private.h"
#include "desk-marker-layer.h"

/* What the map shows under the tiles, so it is never blank offline
 * (docs/ARCHITECTURE.md, "Offline first"): the land, the council areas from
 * data/geo/bedfordshire_local_authorities.geojson (Bedford, Central
 * Bedfordshire and Luton lightly filled, their neighbours outlined) and the
 * places from data/geo/bedfordshire-places.csv (towns first, villages and
 * hamlets as one zooms in).  Both files are read once per process, in a
 * thread, and kept in normalised Mercator coordinates. */

struct _DeskBaseLayer
{
  ShumateLayer  parent_instance;

  GPtrArray    *layouts;      /* PangoLayout per place, made when first drawn */
  GCancellable *cancellable;
  GArray       *obstacles;    /* DeskMarkerObstacle: markers over the labels */
  GArray       *overlays;     /* GWeakRef to GtkWidget: drawn over the map */
  GArray       *places;       /* DeskBasePlace: as last drawn */

  /* The areas, drawn once for a zoom level over more than the view, and
   * moved while the map is panned: a texture the renderer keeps. */
  GdkTexture   *areas;
  double        areas_zoom;
  double        areas_x, areas_y;   /* its top left, in world pixels */
  int           areas_scale;
  gboolean      areas_dark;
};

/* How far beyond the view the cached areas reach, in pixels. */
#define AREAS_MARGIN_PX 384

G_DEFINE_FINAL_TYPE (DeskBaseLayer, desk_base_layer, SHUMATE_TYPE_LAYER)

/* Zoom level from which places of each rank are named. */
static const double rank_min_zoom[] = { 8.0, 12.0, 14.0 };

static const GdkRGBA area_fill[] = {
  { 0.208, 0.518, 0.894, 0.13 },   /* blue */
  { 0.180, 0.761, 0.494, 0.13 },   /* green */
  { 0.965, 0.827, 0.176, 0.20 },   /* yellow */
};

static const DeskMapData *base_data;  /* process-wide, read-only once loaded */

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_task_return_pointer (task, (gpointer) desk_map_data_get (), NULL);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  const DeskMapData *data = g_task_propagate_pointer (G_TASK (result), &error);

  if (data == NULL)
    return;   /* cancelled: the layer is gone */

  base_data = data;
  g_clear_object (&DESK_BASE_LAYER (object)->areas);
  gtk_widget_queue_draw (GTK_WIDGET (object));
}

static void
unref_layout (gpointer layout)
{
  if (layout != NULL)
    g_object_unref (layout);
}

static void
on_viewport_changed_cb (DeskBaseLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
is_dark (GtkWidget *widget)
{
  GdkRGBA fg;

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
G_GNUC_END_IGNORE_DEPRECATIONS

  return 0.299 * fg.red + 0.587 * fg.green + 0.114 * fg.blue > 0.5;
}

static void
trace_ring (cairo_t                 *cr,
            const DeskMapProjection *proj,
            const DeskMapRing       *ring)
{
  double last_x = G_MAXDOUBLE, last_y = G_MAXDOUBLE;

  for (guint i = 0; i < ring->n_points; i++)
    {
      double x, y;

      desk_map_projection_apply (proj, ring->xy[2 * i], ring->xy[2 * i + 1], &x, &y);
      /* Drop sub-pixel steps: a whole county is a few pixels at zoom 7. */
      if (i > 0 && i + 1 < ring->n_points && fabs (x - last_x) < 0.7 && fabs (y - last_y) < 0.7)
        continue;
      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
      last_x = x;
      last_y = y;
    }
  cairo_close_path (cr);
}

static gboolean
area_visible (const DeskMapProjection *proj,
              const DeskMapArea       *area,
              double                   mx0,
              double                   my0,
              double                   mx1,
              double                   my1)
{
  return area->mx1 >= mx0 && area->mx0 <= mx1 && area->my1 >= my0 && area->my0 <= my1;
}

static PangoLayout *
get_layout (DeskBaseLayer *self,
            guint          index,
            const char    *text,
            guint          rank,
            gboolean       italic)
{
  PangoLayout *layout;

  if (index < self->layouts->len && (layout = g_ptr_array_index (self->layouts, index)) != NULL)
    return layout;

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  {
    g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

    if (rank == 0)
      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
    else
      pango_attr_list_insert (attrs, pango_attr_scale_new (rank == 1 ? 0.9 : 0.8));
    if (italic)
      {
        pango_attr_list_insert (attrs, pango_attr_style_new (PANGO_STYLE_ITALIC));
        pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_NORMAL));
      }
    pango_layout_set_attributes (layout, attrs);
  }

  if (index >= self->layouts->len)
    g_ptr_array_set_size (self->layouts, index + 1);
  g_ptr_array_index (self->layouts, index) = layout;

  return layout;
}

static gboolean
overlaps_any (GArray                      *taken,
              const graphene_rect_t       *rect)
{
  for (guint i = 0; i < taken->len; i++)
    if (graphene_rect_intersection (&g_array_index (taken, graphene_rect_t, i), rect, NULL))
      return TRUE;

  return FALSE;
}

/* The council areas and boundaries, with cr's origin at the view's top
 * left. */
static void
draw_areas (cairo_t                 *cr,
            const DeskMapProjection *proj,
            gboolean                 dark,
            double                   mx0,
            double                   my0,
            double                   mx1,
            double                   my1)
{
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);

  for (guint i = 0; i < base_data->areas->len; i++)
    {
      const DeskMapArea *area = g_ptr_array_index (base_data->areas, i);

      if (!area_visible (proj, area, mx0, my0, mx1, my1))
        continue;

      cairo_new_path (cr);
      for (guint j = 0; j < area->rings->len; j++)
        trace_ring (cr, proj, &g_array_index (area->rings, DeskMapRing, j));

      if (area->bedfordshire)
        {
          gdk_cairo_set_source_rgba (cr, &area_fill[area->index % G_N_ELEMENTS (area_fill)]);
          cairo_fill_preserve (cr);
          cairo_set_source_rgba (cr, 0.38, 0.21, 0.51, dark ? 0.9 : 0.75);
          cairo_set_line_width (cr, 1.5);
          cairo_set_dash (cr, NULL, 0, 0);
        }
      else
        {
          static const double dash[] = { 6.0, 3.0 };

          cairo_set_source_rgba (cr, 0.47, 0.46, 0.48, 0.7);
          cairo_set_line_width (cr, 1.0);
          cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
        }
      cairo_stroke (cr);
    }
  cairo_set_dash (cr, NULL, 0, 0);
}

/* Draws the areas of a larger rectangle round the view into a texture. */
static void
render_areas (DeskBaseLayer           *self,
              const DeskMapProjection *proj,
              int                      width,
              int                      height,
              int                      scale,
              gboolean                 dark)
{
  DeskMapProjection big = *proj;
  int big_width = width + 2 * AREAS_MARGIN_PX;
  int big_height = height + 2 * AREAS_MARGIN_PX;
  g_autoptr(GBytes) bytes = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  double mx0, my0, mx1, my1;

  big.half_w = big_width / 2.0;
  big.half_h = big_height / 2.0;
  desk_map_projection_get_bounds (&big, 64, &mx0, &my0, &mx1, &my1);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, big_width * scale, big_height * scale);
  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  draw_areas (cr, &big, dark, mx0, my0, mx1, my1);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) *
                                      cairo_image_surface_get_height (surface),
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  g_clear_object (&self->areas);
  self->areas = gdk_memory_texture_new (big_width * scale, big_height * scale,
                                        GDK_MEMORY_DEFAULT, bytes,
                                        cairo_image_surface_get_stride (surface));
  self->areas_zoom = proj->zoom;
  self->areas_x = proj->cx - big.half_w;
  self->areas_y = proj->cy - big.half_h;
  self->areas_scale = scale;
  self->areas_dark = dark;
}

/* The place name with a halo: the text drawn round it in the halo colour,
 * then over it; text nodes, which the renderer draws from its glyph cache. */
static void
append_label (GtkSnapshot *snapshot,
              PangoLayout *layout,
              double       x,
              double       y,
              gboolean     dark)
{
  static const double offsets[][2] = {
    { -1, -1 }, { 0, -1.5 }, { 1, -1 }, { -1.5, 0 }, { 1.5, 0 }, { -1, 1 }, { 0, 1.5 }, { 1, 1 },
  };
  const GdkRGBA halo = dark ? (GdkRGBA) { 0.1, 0.1, 0.1, 0.85 } : (GdkRGBA) { 1, 1, 1, 0.9 };
  const GdkRGBA text = dark ? (GdkRGBA) { 0.87, 0.87, 0.85, 1 } : (GdkRGBA) { 0.24, 0.22, 0.27, 1 };

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + offsets[i][0], y + offsets[i][1]));
      gtk_snapshot_append_layout (snapshot, layout, &halo);
      gtk_snapshot_restore (snapshot);
    }
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, &text);
  gtk_snapshot_restore (snapshot);
}

static void
append_dot (GtkSnapshot *snapshot,
            double       x,
            double       y,
            double       radius)
{
  GskRoundedRect dot;

  gsk_rounded_rect_init_from_rect (&dot, &GRAPHENE_RECT_INIT (x - radius, y - radius,
                                                              2 * radius, 2 * radius),
                                   radius);
  gtk_snapshot_push_rounded_clip (snapshot, &dot);
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.24, 0.22, 0.27, 0.8 }, &dot.bounds);
  gtk_snapshot_pop (snapshot);
}

static void
desk_base_layer_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  DeskBaseLayer *self = DESK_BASE_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  gboolean dark = is_dark (widget);
  g_autoptr(GArray) taken = NULL;
  DeskMapProjection proj;
  double mx0, my0, mx1, my1;
  double view_x, view_y;

  if (width <= 0 || height <= 0 || viewport == NULL)
    return;

  /* The land: what shows where there are no tiles. */
  gtk_snapshot_append_color (snapshot,
                             dark ? &(GdkRGBA) { 0.19, 0.19, 0.2, 1 }
                                  : &(GdkRGBA) { 0.949, 0.937, 0.914, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (base_data == NULL)
    return;

  desk_map_projection_init (&proj, viewport, widget);
  desk_map_projection_get_bounds (&proj, 64, &mx0, &my0, &mx1, &my1);
  view_x = proj.cx - proj.half_w;
  view_y = proj.cy - proj.half_h;

  if (proj.sin_r != 0.0)
    {
      /* Turned: drawn afresh, as it turns. */
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

      draw_areas (cr, &proj, dark, mx0, my0, mx1, my1);
      cairo_destroy (cr);
    }
  else
    {
      if (self->areas == NULL || self->areas_zoom != proj.zoom || self->areas_scale != scale ||
          self->areas_dark != dark ||
          view_x < self->areas_x || view_y < self->areas_y ||
          view_x + width > self->areas_x + gdk_texture_get_width (self->areas) / (double) scale ||
          view_y + height > self->areas_y + gdk_texture_get_height (self->areas) / (double) scale)
        render_areas (self, &proj, width, height, scale, dark);

      gtk_snapshot_append_texture (snapshot, self->areas,
                                   &GRAPHENE_RECT_INIT (self->areas_x - view_x,
                                                        self->areas_y - view_y,
                                                        gdk_texture_get_width (self->areas) / (double) scale,
                                                        gdk_texture_get_height (self->areas) / (double) scale));
    }

  taken = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));

  /* The service markers drawn over this layer: no name goes under one. */
  for (guint i = 0; self->obstacles != NULL && i < self->obstacles->len; i++)
    {
      const DeskMarkerObstacle *obstacle = &g_array_index (self->obstacles, DeskMarkerObstacle, i);
      graphene_rect_t rect;
      double x, y;

      desk_map_projection_apply (&proj, obstacle->mx, obstacle->my, &x, &y);
      graphene_rect_init (&rect, x - obstacle->radius_px, y - obstacle->radius_px,
                          2 * obstacle->radius_px, 2 * obstacle->radius_px);
      g_array_append_val (taken, rect);
    }

  /* Nor under what is drawn over the map: the scale, the attribution. */
  for (guint i = 0; self->overlays != NULL && i < self->overlays->len; i++)
    {
      g_autoptr(GtkWidget) overlay = g_weak_ref_get (&g_array_index (self->overlays, GWeakRef, i));
      graphene_rect_t rect;

      if (overlay != NULL && gtk_widget_get_mapped (overlay) &&
          gtk_widget_compute_bounds (overlay, widget, &rect))
        g_array_append_val (taken, rect);
    }

  g_array_set_size (self->places, 0);
  for (guint i = 0; i < base_data->places->len; i++)
    {
      const DeskMapPlace *place = &g_array_index (base_data->places, DeskMapPlace, i);
      PangoLayout *layout;
      graphene_rect_t rect;
      gboolean placed = FALSE;
      double label_x = 0, label_y = 0;
      DeskBasePlace drawn;
      int lw, lh;
      double x, y;

      if (proj.zoom < rank_min_zoom[place->rank])
        break;   /* sorted by rank */
      if (place->mx < mx0 || place->mx > mx1 || place->my < my0 || place->my > my1)
        continue;

      desk_map_projection_apply (&proj, place->mx, place->my, &x, &y);
      layout = get_layout (self, i, place->name, place->rank, FALSE);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      drawn = (DeskBasePlace) { GRAPHENE_POINT_INIT (x, y), GRAPHENE_RECT_INIT (0, 0, 0, 0), FALSE };

      /* Above the place's dot, else below it, else beside it, wherever a
       * marker or a bigger place's name is not. */
      {
        const double positions[][2] = {
          { x - lw / 2.0, y - lh - 2 },
          { x - lw / 2.0, y + 4 },
          { x + 6, y - lh / 2.0 },
          { x - lw - 6, y - lh / 2.0 },
          /* clear of a bubble sitting on the place */
          { x - lw / 2.0, y - lh - 26 },
          { x - lw / 2.0, y + 26 },
          { x + 28, y - lh / 2.0 },
          { x - lw - 28, y - lh / 2.0 },
        };

        for (guint k = 0; k < G_N_ELEMENTS (positions) && !placed; k++)
          {
            graphene_rect_init (&rect, positions[k][0] - 2, positions[k][1] - 2, lw + 4, lh + 4);
            if (overlaps_any (taken, &rect))
              continue;
            placed = TRUE;
            label_x = positions[k][0];
            label_y = positions[k][1];
          }
      }
      if (placed)
        {
          graphene_rect_init (&drawn.label, label_x, label_y, lw, lh);
          drawn.named = TRUE;
        }
      g_array_append_val (self->places, drawn);
      if (!placed)
        continue;
      g_array_append_val (taken, rect);

      append_dot (snapshot, x, y, place->rank == 0 ? 3.0 : 2.0);
      append_label (snapshot, layout, label_x, label_y, dark);
    }

  /* Neighbouring councils by name, while they fit on screen. */
  if (proj.zoom >= 8.0 && proj.zoom < 11.0)
    for (guint i = 0; i < base_data->areas->len; i++)
      {
        const DeskMapArea *area = g_ptr_array_index (base_data->areas, i);
        PangoLayout *layout;
        graphene_rect_t rect;
        int lw, lh;
        double x, y;

        if (area->bedfordshire || !area_visible (&proj, area, mx0, my0, mx1, my1))
          continue;

        desk_map_projection_apply (&proj, area->label_mx, area->label_my, &x, &y);
        layout = get_layout (self, base_data->places->len + i, area->name, 1, TRUE);
        pango_layout_get_pixel_size (layout, &lw, &lh);
        graphene_rect_init (&rect, x - lw / 2.0, y - lh / 2.0, lw, lh);
        if (overlaps_any (taken, &rect))
          continue;
        g_array_append_val (taken, rect);
        append_label (snapshot, layout, x - lw / 2.0, y - lh / 2.0, dark);
      }
}

static void
desk_base_layer_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  DeskBaseLayer *self = DESK_BASE_LAYER (widget);

  GTK_WIDGET_CLASS (desk_base_layer_parent_class)->css_changed (widget, change);

  /* Fonts or colours may have changed: lay the names out and draw the
   * areas again. */
  g_ptr_array_set_size (self->layouts, 0);
  g_clear_object (&self->areas);
  gtk_widget_queue_draw (widget);
}

static void
desk_base_layer_constructed (GObject *object)
{
  DeskBaseLayer *self = (DeskBaseLayer *)object;
  ShumateViewport *viewport;
  g_autoptr(GTask) task = NULL;

  G_OBJECT_CLASS (desk_base_layer_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  g_signal_connect_object (viewport, "notify::latitude",
                           G_CALLBACK (on_viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::longitude",
                           G_CALLBACK (on_viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::zoom-level",
                           G_CALLBACK (on_viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::rotation",
                           G_CALLBACK (on_viewport_changed_cb), self, G_CONNECT_SWAPPED);

  if (base_data == NULL)
    {
      task = g_task_new (self, self->cancellable, load_cb, NULL);
      g_task_set_source_tag (task, desk_base_layer_constructed);
      g_task_run_in_thread (task, load_worker);
    }
}

static void
desk_base_layer_dispose (GObject *object)
{
  DeskBaseLayer *self = (DeskBaseLayer *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->layouts, g_ptr_array_unref);
  g_clear_pointer (&self->obstacles, g_array_unref);
  g_clear_pointer (&self->overlays, g_array_unref);
  g_clear_pointer (&self->places, g_array_unref);
  g_clear_object (&self->areas);

  G_OBJECT_CLASS (desk_base_layer_parent_class)->dispose (object);
}

static void
desk_base_layer_class_init (DeskBaseLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = desk_base_layer_constructed;
  object_class->dispose = desk_base_layer_dispose;

  widget_class->snapshot = desk_base_layer_snapshot;
  widget_class->css_changed = desk_base_layer_css_changed;

  gtk_widget_class_set_css_name (widget_class, "map-base-layer");
}

static void
desk_base_layer_init (DeskBaseLayer *self)
{
  self->layouts = g_ptr_array_new_with_free_func (unref_layout);
  self->cancellable = g_cancellable_new ();
  self->overlays = g_array_new (FALSE, TRUE, sizeof (GWeakRef));
  g_array_set_clear_func (self->overlays, (GDestroyNotify) g_weak_ref_clear);
  self->places = g_array_new (FALSE, FALSE, sizeof (DeskBasePlace));
  /* Pictures only: the service markers carry what a screen reader needs. */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

DeskBaseLayer *
desk_base_layer_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (DESK_TYPE_BASE_LAYER, "viewport", viewport, NULL);
}

gboolean
desk_base_layer_is_loaded (DeskBaseLayer *self)
{
  g_return_val_if_fail (DESK_IS_BASE_LAYER (self), FALSE);

  return base_data != NULL;
}

/**
 * desk_base_layer_set_obstacles:
 * @obstacles: (nullable) (element-type DeskMarkerObstacle): where markers
 *   are drawn over this layer; kept (a reference)
 *
 * Place names are put where no marker hides them.
 */
void
desk_base_layer_set_obstacles (DeskBaseLayer *self,
                               GArray        *obstacles)
{
  g_return_if_fail (DESK_IS_BASE_LAYER (self));

  if (obstacles != self->obstacles)
    {
      g_clear_pointer (&self->obstacles, g_array_unref);
      if (obstacles != NULL)
        self->obstacles = g_array_ref (obstacles);
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * desk_base_layer_add_overlay:
 * @overlay: a widget drawn over the map, such as its scale or attribution
 *
 * Place names keep clear of @overlay wherever it is while it is shown.
 */
void
desk_base_layer_add_overlay (DeskBaseLayer *self,
                             GtkWidget     *overlay)
{
  GWeakRef ref;

  g_return_if_fail (DESK_IS_BASE_LAYER (self));
  g_return_if_fail (GTK_IS_WIDGET (overlay));

  g_weak_ref_init (&ref, overlay);
  g_array_append_val (self->overlays, ref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * desk_base_layer_get_places:
 *
 * Returns: (transfer none) (element-type DeskBasePlace): the places in
 *   view when the layer was last drawn, named or not
 */
GArray *
desk_base_layer_get_places (DeskBaseLayer *self)
{
  g_return_val_if_fail (DESK_IS_BASE_LAYER (self), NULL);

  return self->places;
}
