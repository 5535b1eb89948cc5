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

HubServer  *hub_server_new                (DirStore            *store,
                                           HubDb               *db);
DirStore   *hub_server_get_store          (HubServer           *self);
HubDb      *hub_server_get_db             (HubServer           *self);
/* Listens on address (port 0 picks a free one) with a deep accept backlog. */
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
/* Requests whose headers have arrived and whose response is not yet sent. */
guint       hub_server_get_n_active       (HubServer           *self);
/* Stops listening and closes every connection. */
void        hub_server_disconnect         (HubServer           *self);

G_END_DECLS
