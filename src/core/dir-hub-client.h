/* dir-hub-client.h
 *
 * Copyright 2026 The Direction Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dir-store.h"

G_BEGIN_DECLS

#define DIR_HUB_ERROR (dir_hub_error_quark ())

typedef enum
{
  DIR_HUB_ERROR_INVALID_URL,   /* the configured hub address is not an http(s) URL */
  DIR_HUB_ERROR_NETWORK,       /* could not reach the hub (offline, refused, timed out) */
  DIR_HUB_ERROR_HTTP,          /* the hub answered with an error status; message has its text */
  DIR_HUB_ERROR_MALFORMED,     /* the hub's answer is not what the API promises */
} DirHubError;

#define DIR_TYPE_HUB_CLIENT (dir_hub_client_get_type ())

G_DECLARE_FINAL_TYPE (DirHubClient, dir_hub_client, DIR, HUB_CLIENT, GObject)

GQuark         dir_hub_error_quark                  (void);
/* base_url like "http://127.0.0.1:8080" (no trailing /api/v1). */
DirHubClient  *dir_hub_client_new                   (const char     *base_url,
                                                     GError        **error);
const char    *dir_hub_client_get_base_url          (DirHubClient   *self);

/* Pages through GET /api/v1/services and replaces the store's directory with
 * the result in one transaction: on any error the store is unchanged. */
gboolean       dir_hub_client_pull_directory        (DirHubClient   *self,
                                                     DirStore       *store,
                                                     GCancellable   *cancellable,
                                                     guint          *n_services,
                                                     GError        **error);
void           dir_hub_client_pull_directory_async  (DirHubClient   *self,
                                                     DirStore       *store,
                                                     GCancellable   *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer        user_data);
gboolean       dir_hub_client_pull_directory_finish (DirHubClient   *self,
                                                     GAsyncResult   *result,
                                                     guint          *n_services,
                                                     GError        **error);

G_END_DECLS
