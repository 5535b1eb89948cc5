/* desk-shortlist.h
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

#include "dir-core.h"

G_BEGIN_DECLS

#define DESK_TYPE_SHORTLIST (desk_shortlist_get_type ())

G_DECLARE_FINAL_TYPE (DeskShortlist, desk_shortlist, DESK, SHORTLIST, GObject)

DeskShortlist *desk_shortlist_new       (DirStore      *store,
                                         GSettings     *settings);
DirStore      *desk_shortlist_get_store (DeskShortlist *self);
gboolean       desk_shortlist_add       (DeskShortlist *self,
                                         DirService    *service);
gboolean       desk_shortlist_remove    (DeskShortlist *self,
                                         const char    *id);
gboolean       desk_shortlist_toggle    (DeskShortlist *self,
                                         DirService    *service);
gboolean       desk_shortlist_contains  (DeskShortlist *self,
                                         const char    *id);
void           desk_shortlist_clear     (DeskShortlist *self);
guint          desk_shortlist_reload    (DeskShortlist *self);
char         **desk_shortlist_dup_ids   (DeskShortlist *self);

G_END_DECLS
