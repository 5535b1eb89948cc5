/* hub-auth.h
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

#include "hub-server-private.h"

G_BEGIN_DECLS

/* Roles (ARCHITECTURE.md): a referrer is agency staff; a volunteer may not
 * see or send risk fields; an advisor works in the hub's call centre; a
 * provider runs services; an admin manages accounts. */
typedef enum
{
  HUB_ROLE_REFERRER  = 1 << 0,
  HUB_ROLE_VOLUNTEER = 1 << 1,
  HUB_ROLE_ADVISOR   = 1 << 2,
  HUB_ROLE_PROVIDER  = 1 << 3,
  HUB_ROLE_ADMIN     = 1 << 4,
} HubRole;

#define HUB_ROLE_ANY (HUB_ROLE_REFERRER | HUB_ROLE_VOLUNTEER | HUB_ROLE_ADVISOR | \
                      HUB_ROLE_PROVIDER | HUB_ROLE_ADMIN)

/* Who is calling, from a valid bearer token. */
typedef struct
{
  gint64   user_id;
  char    *username;
  gint64   agency_id;
  char    *agency_name;
  HubRole  role;
} HubCaller;

/* Checks the request's "Authorization: Bearer …" token (and refreshes its
 * idle timer).  Returns the caller, or NULL after answering 401 (no token,
 * unknown, expired, idle too long) or 403 (the role is not in allowed). */
HubCaller   *hub_auth_require      (HubRequest     *request,
                                    HubRole         allowed);
HubCaller   *hub_caller_copy       (const HubCaller *caller);
void         hub_caller_free       (HubCaller      *caller);
const char  *hub_role_to_string    (HubRole         role);
gboolean     hub_role_from_string  (const char     *text,
                                    HubRole        *role);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HubCaller, hub_caller_free)

G_END_DECLS
