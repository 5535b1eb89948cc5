/* desk-tile-prefetch.h
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

#include <gio/gio.h>

#include "desk-tile-source.h"

G_BEGIN_DECLS

#define DESK_TILE_PREFETCH_ERROR (desk_tile_prefetch_error_quark ())

typedef enum
{
  DESK_TILE_PREFETCH_ERROR_TOO_MANY_TILES,  /* area × zoom range over max-tiles */
  DESK_TILE_PREFETCH_ERROR_BUSY,            /* a prefetch is already running */
  DESK_TILE_PREFETCH_ERROR_FAILED,          /* some tiles could not be downloaded */
} DeskTilePrefetchError;

#define DESK_TILE_PREFETCH_DEFAULT_MAX_TILES 5000
#define DESK_TILE_PREFETCH_MAX_CONCURRENT    2

#define DESK_TYPE_TILE_PREFETCH (desk_tile_prefetch_get_type ())

G_DECLARE_FINAL_TYPE (DeskTilePrefetch, desk_tile_prefetch, DESK, TILE_PREFETCH, GObject)

GQuark            desk_tile_prefetch_error_quark           (void);
DeskTilePrefetch *desk_tile_prefetch_new                   (DeskTileSource      *source);
DeskTileSource   *desk_tile_prefetch_get_source            (DeskTilePrefetch    *self);
guint             desk_tile_prefetch_get_max_tiles         (DeskTilePrefetch    *self);
void              desk_tile_prefetch_set_max_tiles         (DeskTilePrefetch    *self,
                                                            guint                max_tiles);
gboolean          desk_tile_prefetch_get_running           (DeskTilePrefetch    *self);
guint             desk_tile_prefetch_get_n_done            (DeskTilePrefetch    *self);
guint             desk_tile_prefetch_get_n_total           (DeskTilePrefetch    *self);
guint             desk_tile_prefetch_get_n_failed          (DeskTilePrefetch    *self);

/* Tiles covering north/south/west/east (degrees) at every zoom level from
 * min_zoom to max_zoom, both included. */
guint64           desk_tile_prefetch_count_tiles           (double               north,
                                                            double               south,
                                                            double               west,
                                                            double               east,
                                                            guint                min_zoom,
                                                            guint                max_zoom);
/* Whether url_template downloads from the public OpenStreetMap tile
 * servers, whose usage policy forbids bulk downloading: the UI must warn. */
gboolean          desk_tile_prefetch_template_is_public_osm (const char         *url_template);

/* Downloads into the tile cache, two requests at a time; progress through
 * notify::n-done.  Refused with DESK_TILE_PREFETCH_ERROR_TOO_MANY_TILES when
 * the count is over max-tiles.  Fresh cached tiles cost no request. */
void              desk_tile_prefetch_run_async             (DeskTilePrefetch    *self,
                                                            double               north,
                                                            double               south,
                                                            double               west,
                                                            double               east,
                                                            guint                min_zoom,
                                                            guint                max_zoom,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean          desk_tile_prefetch_run_finish            (DeskTilePrefetch    *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
void              desk_tile_prefetch_cancel                (DeskTilePrefetch    *self);

G_END_DECLS
