/* dir-store-private.h
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

#include "dir-service-list.h"
#include "dir-store.h"

G_BEGIN_DECLS

DirService     *dir_store_load_row      (DirStore   *self,
                                         gint64      rowid,
                                         GError    **error);

guint64         dir_store_get_generation (DirStore  *self);
DirService     *dir_store_load_row_at   (DirStore   *self,
                                         gint64      rowid,
                                         guint64     generation,
                                         double      distance,
                                         GError    **error);
guint           dir_store_count_live    (DirStore   *self);

DirServiceList *dir_service_list_new    (DirStore   *store,
                                         GArray     *rowids,
                                         GArray     *distances,
                                         guint64     generation);

G_END_DECLS
