/* dir-store.h
 *
 * Copyright 2026 The Direction Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dir-query.h"
#include "dir-service.h"

G_BEGIN_DECLS

#define DIR_STORE_ERROR (dir_store_error_quark ())

typedef enum
{
  DIR_STORE_ERROR_OPEN,        /* the file cannot be opened or is not a database */
  DIR_STORE_ERROR_VERSION,     /* made by a newer version of this program */
  DIR_STORE_ERROR_MALFORMED,   /* input that is not a valid directory document */
  DIR_STORE_ERROR_NOT_FOUND,
  DIR_STORE_ERROR_QUERY,       /* a query the store cannot run (bad point, bad text) */
  DIR_STORE_ERROR_IO,          /* sqlite failed: full disk, I/O error, locked */
} DirStoreError;

#define DIR_TYPE_STORE (dir_store_get_type ())

G_DECLARE_FINAL_TYPE (DirStore, dir_store, DIR, STORE, GObject)

GQuark       dir_store_error_quark            (void);
/* path NULL = a private in-memory database (tests). */
DirStore    *dir_store_new                    (const char     *path,
                                               GError        **error);
const char  *dir_store_get_path               (DirStore       *self);
int          dir_store_get_schema_version     (DirStore       *self);
int          dir_store_get_latest_schema_version (void);
guint        dir_store_count_services         (DirStore       *self);
char       **dir_store_list_languages         (DirStore       *self,
                                               GError        **error);

/* Import an ORUK 3.0 document: a paged service list ({"contents": […]}) or a
 * bare array of services.  Everything is validated first; one bad record fails
 * the whole import with an error naming it, and the store is left unchanged. */
gboolean     dir_store_import_data            (DirStore       *self,
                                               const char     *data,
                                               gssize          length,
                                               guint          *n_imported,
                                               GError        **error);
gboolean     dir_store_import_file            (DirStore       *self,
                                               const char     *path,
                                               guint          *n_imported,
                                               GError        **error);
/* Insert or replace services (array of DirService) and delete ids
 * (may be NULL) in one transaction. */
gboolean     dir_store_apply                  (DirStore       *self,
                                               GPtrArray      *upserts,
                                               const char * const *deletes,
                                               GError        **error);
/* dir_store_apply() plus meta keys (a sync cursor) written in the same
 * transaction; a NULL value removes its key. */
gboolean     dir_store_apply_page             (DirStore       *self,
                                               GPtrArray      *upserts,
                                               const char * const *deletes,
                                               const char * const *meta_keys,
                                               const char * const *meta_values,
                                               GError        **error);
/* Deletes every service whose id is not in keep (a set of lowercase ids)
 * and writes the meta keys, in one transaction. */
gboolean     dir_store_retain_only            (DirStore       *self,
                                               GHashTable     *keep,
                                               const char * const *meta_keys,
                                               const char * const *meta_values,
                                               guint          *n_deleted,
                                               GError        **error);
/* Replace the whole directory with services (array of DirService) in one
 * transaction; metadata is kept. */
gboolean     dir_store_replace_all            (DirStore       *self,
                                               GPtrArray      *services,
                                               GError        **error);
DirService  *dir_store_get_service            (DirStore       *self,
                                               const char     *id,
                                               GError        **error);

/* Runs a query.  The result is a GListModel of DirService, materialised lazily. */
GListModel  *dir_store_query                  (DirStore       *self,
                                               const DirQuery *query,
                                               GCancellable   *cancellable,
                                               GError        **error);
/* Number of services that match, ignoring limit and offset. */
guint        dir_store_count                  (DirStore       *self,
                                               const DirQuery *query,
                                               GError        **error);
void         dir_store_query_async            (DirStore       *self,
                                               DirQuery       *query,
                                               GCancellable   *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer        user_data);
GListModel  *dir_store_query_finish           (DirStore       *self,
                                               GAsyncResult   *result,
                                               GError        **error);

/* A service's pin, for drawing many of them: no DirService is built. */
typedef struct
{
  gint64  rowid;
  double  latitude;
  double  longitude;
  guint8  pathway;     /* index of its first top-level pathway in
                        * dir_taxonomy_get_all(), or 0xff for none */
  char    id[37];      /* UUID */
} DirPoint;

/* The pins of every service matching query: services with an address, never
 * a confidential one nor one known only by its area.  The near point's radius
 * applies; limit, offset and the order are ignored. */
GArray      *dir_store_query_points           (DirStore       *self,
                                               const DirQuery *query,
                                               GCancellable   *cancellable,
                                               GError        **error);

/* Key/value metadata kept with the directory (sync cursors and the like). */
char        *dir_store_get_meta               (DirStore       *self,
                                               const char     *key);
gboolean     dir_store_set_meta               (DirStore       *self,
                                               const char     *key,
                                               const char     *value,
                                               GError        **error);

G_END_DECLS
