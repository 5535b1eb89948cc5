/* dir-catalog.h
 *
 * Copyright 2026 The Direction Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A compiled gettext catalogue (.mo) read on its own, so that text can be
 * put into a language other than the process locale's: the client handout
 * is in the client's language while the desk speaks the user's. */

#define DIR_CATALOG_ERROR (dir_catalog_error_quark ())

typedef enum
{
  DIR_CATALOG_ERROR_NOT_FOUND,   /* no catalogue for the language */
  DIR_CATALOG_ERROR_INVALID,     /* not a usable .mo file */
  DIR_CATALOG_ERROR_LANGUAGE,    /* not a language code */
} DirCatalogError;

#define DIR_TYPE_CATALOG (dir_catalog_get_type ())

G_DECLARE_FINAL_TYPE (DirCatalog, dir_catalog, DIR, CATALOG, GObject)

GQuark       dir_catalog_error_quark      (void);

DirCatalog  *dir_catalog_new_empty        (const char  *language);
DirCatalog  *dir_catalog_new_from_file    (const char  *path,
                                           GError     **error);
DirCatalog  *dir_catalog_new_for_language (const char  *localedir,
                                           const char  *domain,
                                           const char  *language,
                                           GError     **error);

const char  *dir_catalog_get_language     (DirCatalog  *self);
const char  *dir_catalog_get_path         (DirCatalog  *self);
guint        dir_catalog_get_n_messages   (DirCatalog  *self);
guint        dir_catalog_get_n_plurals    (DirCatalog  *self);
guint        dir_catalog_get_plural_index (DirCatalog  *self,
                                           gulong       n);

const char  *dir_catalog_lookup           (DirCatalog  *self,
                                           const char  *msgid);
const char  *dir_catalog_gettext          (DirCatalog  *self,
                                           const char  *msgid) G_GNUC_FORMAT (2);
const char  *dir_catalog_pgettext         (DirCatalog  *self,
                                           const char  *context,
                                           const char  *msgid) G_GNUC_FORMAT (3);
const char  *dir_catalog_ngettext         (DirCatalog  *self,
                                           const char  *msgid,
                                           const char  *msgid_plural,
                                           gulong       n) G_GNUC_FORMAT (2) G_GNUC_FORMAT (3);

G_END_DECLS
