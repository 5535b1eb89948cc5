/* desk-format.h
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

#include "dir-core.h"

G_BEGIN_DECLS

/* Readable text for directory records, shared by the list rows and the
 * detail pane.  Everything returned is translated. */

const char       *desk_format_name          (DirService        *service,
                                             const char        *language);
const char       *desk_format_description   (DirService        *service,
                                             const char        *language);
const char       *desk_format_eligibility   (DirService        *service,
                                             const char        *language);
const DirPathway *desk_format_main_pathway  (DirService        *service);
GPtrArray        *desk_format_top_pathways  (DirService        *service);
char             *desk_format_place         (DirService        *service);
const char       *desk_format_status        (DirStatusFlags     status);
char             *desk_format_address       (const DirLocation *location);
char             *desk_format_weekdays      (guint8             weekdays);
char             *desk_format_time          (guint              minutes);
char             *desk_format_time_range    (guint              opens,
                                             guint              closes);
char             *desk_format_date          (const char        *iso8601);
char             *desk_format_schedule      (const DirSchedule *schedule);
char             *desk_format_distance      (double             metres,
                                             gboolean           area);
char             *desk_format_language      (const char        *code);

G_END_DECLS
