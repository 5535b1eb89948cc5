/* desk-tile-source.h
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

#define DESK_TILE_SOURCE_DEFAULT_URL_TEMPLATE "https://tile.openstreetmap.org/{z}/{x}/{y}.png"

#define DESK_TYPE_TILE_SOURCE (desk_tile_source_get_type ())

G_DECLARE_FINAL_TYPE (DeskTileSource, desk_tile_source, DESK, TILE_SOURCE, ShumateDataSource)

DeskTileSource *desk_tile_source_new                   (const char          *url_template);
const char     *desk_tile_source_get_url_template      (DeskTileSource      *self);
const char     *desk_tile_source_get_cache_dir         (DeskTileSource      *self);
const char     *desk_tile_source_get_user_agent        (void);
char           *desk_tile_source_get_tile_url          (DeskTileSource      *self,
                                                        int                  x,
                                                        int                  y,
                                                        int                  zoom_level);
char           *desk_tile_source_get_tile_path         (DeskTileSource      *self,
                                                        int                  x,
                                                        int                  y,
                                                        int                  zoom_level);
gboolean        desk_tile_source_get_offline           (DeskTileSource      *self);
void            desk_tile_source_set_offline           (DeskTileSource      *self,
                                                        gboolean             offline);
guint64         desk_tile_source_get_cache_max_bytes   (DeskTileSource      *self);
void            desk_tile_source_set_cache_max_bytes   (DeskTileSource      *self,
                                                        guint64              max_bytes);
guint           desk_tile_source_get_n_requests        (DeskTileSource      *self);
ShumateMapSource *desk_tile_source_create_map_source   (DeskTileSource      *self);

/* Makes sure one tile is in the cache and fresh, without handing it to a
 * map (no ShumateDataSource::received-data): for prefetching.  A fresh
 * cached tile costs no request. */
void            desk_tile_source_download_tile_async   (DeskTileSource      *self,
                                                        int                  x,
                                                        int                  y,
                                                        int                  zoom_level,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean        desk_tile_source_download_tile_finish  (DeskTileSource      *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* Deletes the least recently downloaded tiles of every template until the
 * tile cache is under the cache-max-bytes limit (nothing when it is 0). */
void            desk_tile_source_trim_cache_async      (DeskTileSource      *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean        desk_tile_source_trim_cache_finish     (DeskTileSource      *self,
                                                        GAsyncResult        *result,
                                                        guint64             *n_bytes_freed,
                                                        GError             **error);

G_END_DECLS
