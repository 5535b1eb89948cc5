/* dir-sync.h
 *
 * Copyright 2026 The Direction Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dir-store.h"

G_BEGIN_DECLS

/* Meta keys the sync keeps in the store (nothing else is written there). */
#define DIR_SYNC_META_CURSOR        "sync.cursor"
#define DIR_SYNC_META_ETAG          "sync.etag"
#define DIR_SYNC_META_LAST_SUCCESS  "sync.last_success"
/* Set while a full resync that must end by deleting stale local services is
 * under way; a pull that finds it starts the resync again from since=0. */
#define DIR_SYNC_META_RESYNC        "sync.resync"

#define DIR_SYNC_DEFAULT_PAGE_SIZE  500
#define DIR_SYNC_DEFAULT_TIMEOUT    30

typedef struct
{
  guint     requests;      /* HTTP requests made, whatever their answer */
  guint     pages;         /* pages (200 answers) read and applied */
  guint     upserts;       /* services inserted or replaced */
  guint     deletes;       /* tombstones applied */
  guint     swept;         /* local services the hub no longer has (full resync) */
  guint64   wire_bytes;    /* response headers + bodies as received (compressed) */
  gboolean  full_resync;   /* read the feed from since=0 (first pull, 410, …) */
  gboolean  not_modified;  /* the hub answered 304: nothing to do */
  gint64    cursor;        /* the cursor saved at the end */
} DirSyncResult;

#define DIR_TYPE_SYNC (dir_sync_get_type ())

G_DECLARE_FINAL_TYPE (DirSync, dir_sync, DIR, SYNC, GObject)

/* base_url like "http://127.0.0.1:8080" (no trailing /api/v1);
 * DIR_HUB_ERROR_INVALID_URL if it is not an http(s) address. */
DirSync     *dir_sync_new             (DirStore       *store,
                                       const char     *base_url,
                                       GError        **error);
DirStore    *dir_sync_get_store       (DirSync        *self);
const char  *dir_sync_get_base_url    (DirSync        *self);
/* Changes asked for per request (1 to 2000).  Call before the first pull. */
void         dir_sync_set_page_size   (DirSync        *self,
                                       guint           page_size);
/* Seconds without progress before a request fails (0 = none).  Call
 * before the first pull. */
void         dir_sync_set_timeout     (DirSync        *self,
                                       guint           seconds);

/* Brings the store up to date with the hub's /api/v1/changes feed, page by
 * page, each page applied with its cursor in one transaction.  Errors:
 * DIR_HUB_ERROR_* (network, HTTP status, malformed answer), DIR_STORE_ERROR_*
 * (the local database), G_IO_ERROR_CANCELLED, G_IO_ERROR_PENDING (a pull of
 * this object is already running).  Blocks: not for the GTK main thread. */
gboolean     dir_sync_pull            (DirSync        *self,
                                       GCancellable   *cancellable,
                                       DirSyncResult  *out_result,
                                       GError        **error);
void         dir_sync_pull_async      (DirSync        *self,
                                       GCancellable   *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer        user_data);
gboolean     dir_sync_pull_finish     (DirSync        *self,
                                       GAsyncResult   *result,
                                       DirSyncResult  *out_result,
                                       GError        **error);

G_END_DECLS
