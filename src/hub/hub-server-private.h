/* hub-server-private.h
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

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "hub-server.h"

G_BEGIN_DECLS

/* Routing for the hub's HTTP API.  Each part of the API (the directory now;
 * sessions, referrals and the changes feed later) registers its own routes
 * with hub_server_add_route() from its hub_*_register() function. */

typedef enum
{
  HUB_METHOD_GET    = 1 << 0, /* HEAD is answered wherever GET is */
  HUB_METHOD_POST   = 1 << 1,
  HUB_METHOD_PUT    = 1 << 2,
  HUB_METHOD_PATCH  = 1 << 3,
  HUB_METHOD_DELETE = 1 << 4,
} HubMethods;

typedef enum
{
  HUB_ROUTE_NONE   = 0,
  HUB_ROUTE_PUBLIC = 1 << 0, /* open directory read: Access-Control-Allow-Origin: * */
} HubRouteFlags;

typedef struct _HubRequest HubRequest;

struct _HubRequest
{
  HubServer          *server;
  SoupServerMessage  *msg;
  /* Decoded values of the route's "{}" segments, NULL-terminated. */
  const char * const *params;
  /* Decoded, UTF-8-checked query parameters (name → value). */
  GHashTable         *query;
};

typedef void (*HubHandler) (HubRequest *request);

/* pattern: an absolute path whose segments are literals or "{}" (one
 * non-empty segment, passed to the handler in request->params). */
void         hub_server_add_route        (HubServer     *self,
                                          HubMethods     methods,
                                          const char    *pattern,
                                          HubRouteFlags  flags,
                                          HubHandler     handler);

const char  *hub_request_get_param       (HubRequest    *request,
                                          const char    *name);
/* Takes ownership of json (UTF-8 JSON text of length length). */
void         hub_request_take_json       (HubRequest    *request,
                                          guint          status,
                                          char          *json,
                                          gsize          length);
void         hub_request_respond_node    (HubRequest    *request,
                                          guint          status,
                                          JsonNode      *node);
/* {"error": {"code": code, "message": …, "field": field}}; field may be NULL. */
void         hub_request_respond_error   (HubRequest    *request,
                                          guint          status,
                                          const char    *code,
                                          const char    *field,
                                          const char    *format,
                                          ...) G_GNUC_PRINTF (5, 6);

/* The client's address, for rate limits and the audit log. */
char        *hub_request_dup_peer        (HubRequest    *request);

/* Each part of the API registers its routes (and reads what it needs from
 * hub_server_get_store() / hub_server_get_db()). */
void         hub_directory_register      (HubServer     *server);
void         hub_accounts_register       (HubServer     *server);
void         hub_referrals_register      (HubServer     *server);
void         hub_changes_register        (HubServer     *server);

G_END_DECLS
