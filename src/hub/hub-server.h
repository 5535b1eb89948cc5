/* hub-server.h
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

#include <gio/gio.h>

#include "dir-store.h"
#include "hub-db.h"

G_BEGIN_DECLS

#define HUB_TYPE_SERVER (hub_server_get_type ())

G_DECLARE_FINAL_TYPE (HubServer, hub_server, HUB, SERVER, GObject)

/* The most serving threads hub_server_set_threads() takes. */
#define HUB_SERVER_MAX_THREADS 64

HubServer  *hub_server_new                (DirStore            *store,
                                           HubDb               *db);
DirStore   *hub_server_get_store          (HubServer           *self);
HubDb      *hub_server_get_db             (HubServer           *self);
/* Serve with n_threads threads, each with its own main context, listening
 * socket (SO_REUSEPORT on one port: the kernel spreads connections over
 * them) and database connections; call before hub_server_listen().  The
 * default, 1, serves everything on the caller's main context.  With more,
 * the caller's thread takes no connections: whatever thread takes one,
 * routes that are not marked HUB_ROUTE_ANY_THREAD run on the caller's
 * thread, and nothing else does. */
void        hub_server_set_threads        (HubServer           *self,
                                           guint                n_threads);
guint       hub_server_get_threads        (HubServer           *self);
/* Listens on address (port 0 picks a free one) with a deep accept backlog,
 * and starts the serving threads.  An address another program (or another
 * hub) listens on is refused, even if it too uses SO_REUSEPORT.  Over plain
 * http the threads accept connections themselves and answer simple reads
 * of HUB_ROUTE_ANY_THREAD routes directly, handing libsoup the rest (see
 * "lean connections" in hub-server.c); with TLS libsoup serves it all. */
gboolean    hub_server_listen             (HubServer           *self,
                                           GInetSocketAddress  *address,
                                           GError             **error);
/* Serve https with certificate (which holds its private key); call before
 * hub_server_listen(). */
void        hub_server_set_tls_certificate (HubServer          *self,
                                           GTlsCertificate     *certificate);
/* Bodies over max_body_size bytes get 413 before they are read; a connection
 * with no progress for io_timeout_s, or whose request is not all in after
 * request_timeout_s, is dropped (0 = no limit). */
void        hub_server_set_limits         (HubServer           *self,
                                           gsize                max_body_size,
                                           guint                io_timeout_s,
                                           guint                request_timeout_s);
/* "http://127.0.0.1:8080/" (https with TLS), or NULL before hub_server_listen(). */
char       *hub_server_dup_base_url       (HubServer           *self);
guint16     hub_server_get_port           (HubServer           *self);
/* Requests whose headers have arrived and whose response is not yet sent,
 * on every thread; call from the thread that called hub_server_listen(). */
guint       hub_server_get_n_active       (HubServer           *self);
/* Stops listening, closes every connection and stops the serving threads;
 * call from the thread that called hub_server_listen(). */
void        hub_server_disconnect         (HubServer           *self);

G_END_DECLS
