/* dir-hub.h
 *
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

/* What talking to the hub can go wrong with (DirSync, DirAccount, DirOutbox). */
#define DIR_HUB_ERROR (dir_hub_error_quark ())

typedef enum
{
  DIR_HUB_ERROR_INVALID_URL,   /* the configured hub address is not an http(s) URL */
  DIR_HUB_ERROR_NETWORK,       /* could not reach the hub (offline, refused, timed out) */
  DIR_HUB_ERROR_HTTP,          /* the hub answered with an error status; message has its text */
  DIR_HUB_ERROR_MALFORMED,     /* the hub's answer is not what the API promises */
} DirHubError;

GQuark  dir_hub_error_quark   (void);

/* The one check of a hub's address: http(s), a host, no user, query or
 * fragment; returned without trailing "/" ("http://127.0.0.1:8080"), or
 * NULL with DIR_HUB_ERROR_INVALID_URL. */
char   *dir_hub_normalize_url (const char  *base_url,
                               GError     **error);

G_END_DECLS
