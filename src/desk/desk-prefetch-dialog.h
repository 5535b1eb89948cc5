/* desk-prefetch-dialog.h
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

#include <adwaita.h>

#include "desk-tile-prefetch.h"
#include "desk-tile-source.h"

G_BEGIN_DECLS

#define DESK_TYPE_PREFETCH_DIALOG (desk_prefetch_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DeskPrefetchDialog, desk_prefetch_dialog, DESK, PREFETCH_DIALOG, AdwWindow)

DeskPrefetchDialog *desk_prefetch_dialog_new           (DeskTileSource     *source,
                                                        double              north,
                                                        double              south,
                                                        double              west,
                                                        double              east,
                                                        double              zoom_level);
DeskTilePrefetch   *desk_prefetch_dialog_get_prefetch  (DeskPrefetchDialog *self);
guint64             desk_prefetch_dialog_get_n_tiles   (DeskPrefetchDialog *self);
void                desk_prefetch_dialog_set_zoom_range (DeskPrefetchDialog *self,
                                                        guint               min_zoom,
                                                        guint               max_zoom);
gboolean            desk_prefetch_dialog_get_can_start (DeskPrefetchDialog *self);
void                desk_prefetch_dialog_start         (DeskPrefetchDialog *self);
void                desk_prefetch_dialog_cancel        (DeskPrefetchDialog *self);

G_END_DECLS
