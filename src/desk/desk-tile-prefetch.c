/* desk-tile-prefetch.c
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
#include <math.h>

#include "desk-tile-prefetch.h"

/* Saving an area of the map for offline use, as osm-gps-map's
 * osm_gps_map_download_maps() did: every tile of a bounding box over a zoom
 * range goes through DeskTileSource into its cache.  At most
 * DESK_TILE_PREFETCH_MAX_CONCURRENT requests are in flight, and a run is
 * refused when it would be larger than max-tiles.  The public OSM servers
 * forbid bulk downloads: desk_tile_prefetch_template_is_public_osm() tells
 * the UI when to warn. */

struct _DeskTilePrefetch
{
  GObject         parent_instance;

  DeskTileSource *source;
  GCancellable   *cancellable;   /* the running prefetch's */
  gulong          cancelled_id;
  GCancellable   *caller_cancellable;
  GTask          *task;          /* the running prefetch, or NULL */

  guint           max_tiles;
  guint           n_done;
  guint           n_total;
  guint           n_failed;
  guint           in_flight;

  /* next tile to start */
  double          north, south, west, east;
  guint           zoom, max_zoom;
  guint           x, x_min, x_max;
  guint           y, y_min, y_max;
  gboolean        exhausted;
};

G_DEFINE_FINAL_TYPE (DeskTilePrefetch, desk_tile_prefetch, G_TYPE_OBJECT)

G_DEFINE_QUARK (desk-tile-prefetch-error-quark, desk_tile_prefetch_error)

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_MAX_TILES,
  PROP_RUNNING,
  PROP_N_DONE,
  PROP_N_TOTAL,
  PROP_N_FAILED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static guint
lon_to_tile_x (double lon,
               guint  zoom)
{
  double n = ldexp (1.0, zoom);
  double x = floor ((lon + 180.0) / 360.0 * n);

  return (guint) CLAMP (x, 0, n - 1);
}

static guint
lat_to_tile_y (double lat,
               guint  zoom)
{
  double n = ldexp (1.0, zoom);
  double rad = CLAMP (lat, -85.0511287798, 85.0511287798) * G_PI / 180.0;
  double y = floor ((1.0 - log (tan (rad) + 1.0 / cos (rad)) / G_PI) / 2.0 * n);

  return (guint) CLAMP (y, 0, n - 1);
}

static void
set_zoom_range (DeskTilePrefetch *self,
                guint             zoom)
{
  self->zoom = zoom;
  self->x_min = lon_to_tile_x (self->west, zoom);
  self->x_max = lon_to_tile_x (self->east, zoom);
  self->y_min = lat_to_tile_y (self->north, zoom);
  self->y_max = lat_to_tile_y (self->south, zoom);
  self->x = self->x_min;
  self->y = self->y_min;
}

/* The next tile to fetch, in zoom, x, y order. */
static gboolean
next_tile (DeskTilePrefetch *self,
           guint            *x,
           guint            *y,
           guint            *zoom)
{
  if (self->exhausted)
    return FALSE;

  *x = self->x;
  *y = self->y;
  *zoom = self->zoom;

  if (self->y < self->y_max)
    self->y++;
  else if (self->x < self->x_max)
    {
      self->x++;
      self->y = self->y_min;
    }
  else if (self->zoom < self->max_zoom)
    set_zoom_range (self, self->zoom + 1);
  else
    self->exhausted = TRUE;

  return TRUE;
}

static void
set_uint (DeskTilePrefetch *self,
          guint            *field,
          guint             value,
          guint             prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [prop]);
}

static void
finish_run (DeskTilePrefetch *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  if (self->caller_cancellable != NULL)
    g_cancellable_disconnect (self->caller_cancellable, self->cancelled_id);
  self->cancelled_id = 0;
  g_clear_object (&self->caller_cancellable);

  if (g_cancellable_is_cancelled (self->cancellable))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             "The download was cancelled");
  else if (self->n_failed > 0)
    g_task_return_new_error (task, DESK_TILE_PREFETCH_ERROR, DESK_TILE_PREFETCH_ERROR_FAILED,
                             ngettext ("%u map tile of %u could not be downloaded",
                                       "%u map tiles of %u could not be downloaded",
                                       self->n_failed),
                             self->n_failed, self->n_total);
  else
    g_task_return_boolean (task, TRUE);

  g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RUNNING]);
}

static void start_more (DeskTilePrefetch *self);

static void
download_tile_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DeskTilePrefetch) self = user_data;
  g_autoptr(GError) error = NULL;

  self->in_flight--;

  if (!desk_tile_source_download_tile_finish (DESK_TILE_SOURCE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          if (self->in_flight == 0)
            finish_run (self);
          return;
        }
      g_debug ("Prefetch: %s", error->message);
      set_uint (self, &self->n_failed, self->n_failed + 1, PROP_N_FAILED);
    }

  set_uint (self, &self->n_done, self->n_done + 1, PROP_N_DONE);
  start_more (self);
}

static void
start_more (DeskTilePrefetch *self)
{
  guint x, y, zoom;

  if (self->task == NULL)
    return;

  while (!g_cancellable_is_cancelled (self->cancellable) &&
         self->in_flight < DESK_TILE_PREFETCH_MAX_CONCURRENT &&
         next_tile (self, &x, &y, &zoom))
    {
      self->in_flight++;
      desk_tile_source_download_tile_async (self->source, x, y, zoom, self->cancellable,
                                            download_tile_cb, g_object_ref (self));
    }

  if (self->in_flight == 0)
    finish_run (self);
}

static void
on_caller_cancelled_cb (GCancellable *cancellable,
                        gpointer      user_data)
{
  GCancellable *ours = user_data;

  g_cancellable_cancel (ours);
}

static void
desk_tile_prefetch_dispose (GObject *object)
{
  DeskTilePrefetch *self = (DeskTilePrefetch *)object;

  /* A running prefetch holds a reference: nothing is in flight here. */
  g_clear_object (&self->source);

  G_OBJECT_CLASS (desk_tile_prefetch_parent_class)->dispose (object);
}

static void
desk_tile_prefetch_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DeskTilePrefetch *self = DESK_TILE_PREFETCH (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;
    case PROP_MAX_TILES:
      g_value_set_uint (value, self->max_tiles);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->task != NULL);
      break;
    case PROP_N_DONE:
      g_value_set_uint (value, self->n_done);
      break;
    case PROP_N_TOTAL:
      g_value_set_uint (value, self->n_total);
      break;
    case PROP_N_FAILED:
      g_value_set_uint (value, self->n_failed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_tile_prefetch_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  DeskTilePrefetch *self = DESK_TILE_PREFETCH (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      self->source = g_value_dup_object (value);
      break;
    case PROP_MAX_TILES:
      desk_tile_prefetch_set_max_tiles (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_tile_prefetch_class_init (DeskTilePrefetchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = desk_tile_prefetch_dispose;
  object_class->get_property = desk_tile_prefetch_get_property;
  object_class->set_property = desk_tile_prefetch_set_property;

  properties [PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL, DESK_TYPE_TILE_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_MAX_TILES] =
    g_param_spec_uint ("max-tiles", NULL, NULL, 1, G_MAXUINT,
                       DESK_TILE_PREFETCH_DEFAULT_MAX_TILES,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_N_DONE] =
    g_param_spec_uint ("n-done", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_N_TOTAL] =
    g_param_spec_uint ("n-total", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_N_FAILED] =
    g_param_spec_uint ("n-failed", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
desk_tile_prefetch_init (DeskTilePrefetch *self)
{
  self->max_tiles = DESK_TILE_PREFETCH_DEFAULT_MAX_TILES;
}

DeskTilePrefetch *
desk_tile_prefetch_new (DeskTileSource *source)
{
  g_return_val_if_fail (DESK_IS_TILE_SOURCE (source), NULL);

  return g_object_new (DESK_TYPE_TILE_PREFETCH, "source", source, NULL);
}

DeskTileSource *
desk_tile_prefetch_get_source (DeskTilePrefetch *self)
{
  g_return_val_if_fail (DESK_IS_TILE_PREFETCH (self), NULL);

  return self->source;
}

guint
desk_tile_prefetch_get_max_tiles (DeskTilePrefetch *self)
{
  g_return_val_if_fail (DESK_IS_TILE_PREFETCH (self), 0);

  return self->max_tiles;
}

void
desk_tile_prefetch_set_max_tiles (DeskTilePrefetch *self,
                                  guint             max_tiles)
{
  g_return_if_fail (DESK_IS_TILE_PREFETCH (self));
  g_return_if_fail (max_tiles > 0);

  if (self->max_tiles == max_tiles)
    return;

  self->max_tiles = max_tiles;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MAX_TILES]);
}

gboolean
desk_tile_prefetch_get_running (DeskTilePrefetch *self)
{
  g_return_val_if_fail (DESK_IS_TILE_PREFETCH (self), FALSE);

  return self->task != NULL;
}

guint
desk_tile_prefetch_get_n_done (DeskTilePrefetch *self)
{
  g_return_val_if_fail (DESK_IS_TILE_PREFETCH (self), 0);

  return self->n_done;
}

guint
desk_tile_prefetch_get_n_total (DeskTilePrefetch *self)
{
  g_return_val_if_fail (DESK_IS_TILE_PREFETCH (self), 0);

  return self->n_total;
}

guint
desk_tile_prefetch_get_n_failed (DeskTilePrefetch *self)
{
  g_return_val_if_fail (DESK_IS_TILE_PREFETCH (self), 0);

  return self->n_failed;
}

guint64
desk_tile_prefetch_count_tiles (double north,
                                double south,
                                double west,
                                double east,
                                guint  min_zoom,
                                guint  max_zoom)
{
  guint64 total = 0;

  g_return_val_if_fail (north >= south && east >= west, 0);
  g_return_val_if_fail (min_zoom <= max_zoom && max_zoom <= 30, 0);

  for (guint z = min_zoom; z <= max_zoom; z++)
    {
      guint64 nx = lon_to_tile_x (east, z) - lon_to_tile_x (west, z) + 1;
      guint64 ny = lat_to_tile_y (south, z) - lat_to_tile_y (north, z) + 1;

      total += nx * ny;
    }

  return total;
}

gboolean
desk_tile_prefetch_template_is_public_osm (const char *url_template)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *lower = NULL;
  const char *host;

  g_return_val_if_fail (url_template != NULL, FALSE);

  uri = g_uri_parse (url_template, G_URI_FLAGS_PARSE_RELAXED, NULL);
  if (uri == NULL || (host = g_uri_get_host (uri)) == NULL)
    return FALSE;

  lower = g_ascii_strdown (host, -1);

  /* tile.openstreetmap.org and its old a./b./c. aliases */
  return g_str_equal (lower, "tile.openstreetmap.org") ||
         g_str_has_suffix (lower, ".tile.openstreetmap.org");
}

void
desk_tile_prefetch_run_async (DeskTilePrefetch    *self,
                              double               north,
                              double               south,
                              double               west,
                              double               east,
                              guint                min_zoom,
                              guint                max_zoom,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  guint64 count;

  g_return_if_fail (DESK_IS_TILE_PREFETCH (self));
  g_return_if_fail (north >= south && east >= west);
  g_return_if_fail (min_zoom <= max_zoom && max_zoom <= 30);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, desk_tile_prefetch_run_async);

  if (self->task != NULL)
    {
      g_task_return_new_error (task, DESK_TILE_PREFETCH_ERROR, DESK_TILE_PREFETCH_ERROR_BUSY,
                               _("Map tiles are already being saved"));
      return;
    }

  count = desk_tile_prefetch_count_tiles (north, south, west, east, min_zoom, max_zoom);
  if (count > self->max_tiles)
    {
      g_autofree char *count_str = g_strdup_printf ("%" G_GUINT64_FORMAT, count);

      g_task_return_new_error (task, DESK_TILE_PREFETCH_ERROR,
                               DESK_TILE_PREFETCH_ERROR_TOO_MANY_TILES,
                               /* Translators: %s is a number of map tiles (always
                                * more than one), %u the limit */
                               g_dngettext (GETTEXT_PACKAGE,
                                            "This area needs %s map tiles, more than the %u that can be "
                                            "saved at once. Choose a smaller area or fewer zoom levels.",
                                            "This area needs %s map tiles, more than the %u that can be "
                                            "saved at once. Choose a smaller area or fewer zoom levels.",
                                            (gulong) MIN (count, G_MAXULONG)),
                               count_str, self->max_tiles);
      return;
    }

  self->task = g_steal_pointer (&task);
  self->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      self->caller_cancellable = g_object_ref (cancellable);
      self->cancelled_id = g_cancellable_connect (cancellable,
                                                  G_CALLBACK (on_caller_cancelled_cb),
                                                  g_object_ref (self->cancellable),
                                                  g_object_unref);
    }

  self->north = north;
  self->south = south;
  self->west = west;
  self->east = east;
  self->max_zoom = max_zoom;
  self->exhausted = FALSE;
  self->in_flight = 0;
  set_zoom_range (self, min_zoom);

  g_object_freeze_notify (G_OBJECT (self));
  set_uint (self, &self->n_total, (guint) count, PROP_N_TOTAL);
  set_uint (self, &self->n_done, 0, PROP_N_DONE);
  set_uint (self, &self->n_failed, 0, PROP_N_FAILED);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RUNNING]);
  g_object_thaw_notify (G_OBJECT (self));

  start_more (self);
}

gboolean
desk_tile_prefetch_run_finish (DeskTilePrefetch  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (DESK_IS_TILE_PREFETCH (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Stops the running prefetch: its callback gets G_IO_ERROR_CANCELLED once
 * the requests in flight have stopped. */
void
desk_tile_prefetch_cancel (DeskTilePrefetch *self)
{
  g_return_if_fail (DESK_IS_TILE_PREFETCH (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}
