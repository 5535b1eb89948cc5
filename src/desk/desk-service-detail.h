/* desk-service-detail.h
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

#include <gtk/gtk.h>

#include "dir-core.h"
#include "desk-shortlist.h"

G_BEGIN_DECLS

#define DESK_TYPE_SERVICE_DETAIL (desk_service_detail_get_type ())

G_DECLARE_FINAL_TYPE (DeskServiceDetail, desk_service_detail, DESK, SERVICE_DETAIL, GtkWidget)

GtkWidget  *desk_service_detail_new           (void);
DirService *desk_service_detail_get_service   (DeskServiceDetail *self);
void        desk_service_detail_set_service   (DeskServiceDetail *self,
                                               DirService        *service,
                                               const char        *language);
void        desk_service_detail_set_shortlist (DeskServiceDetail *self,
                                               DeskShortlist     *shortlist);
void        desk_service_detail_set_open_on   (DeskServiceDetail *self,
                                               GDateTime         *day);
void        desk_service_detail_set_now       (DeskServiceDetail *self,
                                               GDateTime         *now);

G_END_DECLS
