/* desk-map-data.h
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

#include <glib.h>

G_BEGIN_DECLS

/* Boundaries and places in normalised Web Mercator coordinates (see
 * desk-map-private.h), for the offline base layer and the handout. */

typedef struct
{
  double *xy;        /* mx, my pairs */
  guint   n_points;
} DeskMapRing;

typedef struct
{
  char     *name;
  gboolean  bedfordshire;
  guint     index;          /* among the Bedfordshire areas: fill colour */
  GArray   *rings;          /* DeskMapRing */
  double    mx0, my0, mx1, my1;
  double    label_mx, label_my;
} DeskMapArea;

typedef struct
{
  char   *name;
  guint   rank;              /* 0 town, 1 suburb/village, 2 hamlet/other */
  double  mx, my;
} DeskMapPlace;

typedef struct
{
  GPtrArray *areas;          /* DeskMapArea */
  GArray    *places;         /* DeskMapPlace, towns first, file order within a rank */
} DeskMapData;

const DeskMapData *desk_map_data_get (void);

G_END_DECLS
