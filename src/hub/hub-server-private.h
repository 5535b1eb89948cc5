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
  HUB_ROUTE_NONE       = 0,
  HUB_ROUTE_PUBLIC     = 1 << 0, /* open directory read: Access-Control-Allow-Origin: * */
  /* The handler may run on any serving thread (see hub_server_set_threads()):
   * it reads only through hub_request_get_store(),
   * hub_request_get_db_handle() and hub_request_get_thread_data(), never
   * through the server's own store and db, and keeps no other state.  Every
   * other route runs on the main thread (the one that called
   * hub_server_listen()), whichever thread took the request: there it may
   * use hub_server_get_store(), hub_server_get_db() and data of its own. */
  HUB_ROUTE_ANY_THREAD = 1 << 1,
} HubRouteFlags;

typedef struct _HubRequest HubRequest;
typedef struct _HubThread HubThread;

struct _HubRequest
{
  HubServer          *server;
  /* The libsoup message, for routes that are not HUB_ROUTE_ANY_THREAD.  A
   * HUB_ROUTE_ANY_THREAD handler may be answering a request libsoup never
   * saw (see "lean connections" in hub-server.c): msg is NULL then, and
   * the handler uses the hub_request_*() accessors below instead. */
  SoupServerMessage  *msg;
  /* Decoded values of the route's "{}" segments, NULL-terminated. */
  const char * const *params;
  /* Decoded, UTF-8-checked query parameters (name → value). */
  GHashTable         *query;

  /*< private >*/
  HubThread          *thread;     /* the thread running the handler */
  gboolean            forwarded;  /* taken by another thread, run here */
  gboolean            deferred;   /* hub_request_defer() was called */
  /* Without msg: the request's headers, and the answer so far. */
  SoupMessageHeaders *request_headers;
  SoupMessageHeaders *response_headers;
  guint               status;
  GBytes             *body;
  gpointer            lean;       /* the lean connection, without msg */
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

/* The request's headers and the answer's, whichever way the request came:
 * what a HUB_ROUTE_ANY_THREAD handler uses instead of request->msg. */
SoupMessageHeaders *hub_request_get_request_headers  (HubRequest *request);
SoupMessageHeaders *hub_request_get_response_headers (HubRequest *request);
void         hub_request_set_status      (HubRequest    *request,
                                          guint          status);
/* Sets the status, Content-Type and body (a reference is taken). */
void         hub_request_set_body        (HubRequest    *request,
                                          guint          status,
                                          const char    *content_type,
                                          GBytes        *body);

/* The client's address, for rate limits and the audit log. */
char        *hub_request_dup_peer        (HubRequest    *request);

/* For HUB_ROUTE_ANY_THREAD handlers: the directory store and a connection to
 * the hub database of the thread running the handler (never shared with
 * another thread), and state of the handler's module kept per thread
 * (prepared statements on that connection, caches), destroyed when the
 * thread stops, before its connections close.  The connection is for
 * reads only: on a serving thread, the reads of one turn of its main loop
 * share one snapshot (see hub_request_get_db_handle() in hub-server.c). */
DirStore    *hub_request_get_store       (HubRequest    *request);
sqlite3     *hub_request_get_db_handle   (HubRequest    *request);
gpointer     hub_request_get_thread_data (HubRequest    *request,
                                          GQuark         key);
void         hub_request_set_thread_data (HubRequest    *request,
                                          GQuark         key,
                                          gpointer       data,
                                          GDestroyNotify destroy);

/* For a handler whose answer comes later (work done on another thread):
 * keeps the message waiting when the handler returns.  Set a provisional
 * status first (libsoup wants one), then, on the main thread, the real
 * answer and hub_server_message_resume(), which sends it from the thread
 * that owns the connection.  Never call soup_server_message_pause() or
 * _unpause() directly: the message may belong to another thread.  Not for
 * HUB_ROUTE_ANY_THREAD routes, which answer at once. */
void         hub_request_defer           (HubRequest        *request);
void         hub_server_message_resume   (SoupServerMessage *msg);

/* Each part of the API registers its routes (and reads what it needs from
 * hub_server_get_store() / hub_server_get_db()). */
void         hub_directory_register      (HubServer     *server);
void         hub_accounts_register       (HubServer     *server);
void         hub_referrals_register      (HubServer     *server);
void         hub_changes_register        (HubServer     *server);

G_END_DECLS
