/* dir-types.h
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

typedef struct _DirGeocoder   DirGeocoder;
typedef struct _DirQuery      DirQuery;
typedef struct _DirService    DirService;
typedef struct _DirServiceList DirServiceList;
typedef struct _DirStore      DirStore;

/* Status of a service, mapped to HSDS 3.0 on the wire:
 * active ↔ "active", paused ↔ "temporarily closed", closed ↔ "inactive"/"defunct". */
typedef enum
{
  DIR_STATUS_ACTIVE = 1 << 0,
  DIR_STATUS_PAUSED = 1 << 1,
  DIR_STATUS_CLOSED = 1 << 2,
} DirStatusFlags;

#define DIR_STATUS_ALL (DIR_STATUS_ACTIVE | DIR_STATUS_PAUSED | DIR_STATUS_CLOSED)

/* Who a service is for.  In a query: the client's gender (ANY = no filter). */
typedef enum
{
  DIR_GENDER_ANY = 0,
  DIR_GENDER_WOMEN,
  DIR_GENDER_MEN,
} DirGender;

/* Risk of serious harm levels a service accepts (a service lists all it accepts). */
typedef enum
{
  DIR_RISK_LOW       = 1 << 0,
  DIR_RISK_MEDIUM    = 1 << 1,
  DIR_RISK_HIGH      = 1 << 2,
  DIR_RISK_VERY_HIGH = 1 << 3,
} DirRiskFlags;

#define DIR_RISK_ALL (DIR_RISK_LOW | DIR_RISK_MEDIUM | DIR_RISK_HIGH | DIR_RISK_VERY_HIGH)

/* Criminal-justice stage a service works at. */
typedef enum
{
  DIR_STAGE_CUSTODY   = 1 << 0,
  DIR_STAGE_GATE      = 1 << 1,
  DIR_STAGE_COMMUNITY = 1 << 2,
  DIR_STAGE_COURT     = 1 << 3,
} DirStageFlags;

#define DIR_STAGE_ALL (DIR_STAGE_CUSTODY | DIR_STAGE_GATE | DIR_STAGE_COMMUNITY | DIR_STAGE_COURT)

typedef enum
{
  DIR_DELIVERY_DROP_IN     = 1 << 0,
  DIR_DELIVERY_APPOINTMENT = 1 << 1,
  DIR_DELIVERY_PHONE       = 1 << 2,
  DIR_DELIVERY_ONLINE      = 1 << 3,
  DIR_DELIVERY_OUTREACH    = 1 << 4,
} DirDeliveryFlags;

typedef enum
{
  DIR_SEARCH_TYPEAHEAD, /* unranked prefix match, cheapest: for search-as-you-type */
  DIR_SEARCH_RANKED,    /* bm25 ranked, weighted towards names */
} DirSearchMode;

G_END_DECLS
