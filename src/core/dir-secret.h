/* dir-secret.h
 *
 * Copyright 2026 The Direction Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Private to core: the keyring (libsecret) and sealing (libsodium
 * crypto_secretbox) shared by DirAccount and DirOutbox. */

#define DIR_SECRET_KEY_BYTES 32

typedef enum
{
  DIR_SECRET_OK,
  DIR_SECRET_NOT_FOUND,      /* the Secret Service answered: no such item */
  DIR_SECRET_UNAVAILABLE,    /* no Secret Service, or it refused */
} DirSecretStatus;

/* The schema of the account's token: attribute "hub" (the base URL), and
 * the non-secret "username", "role", "agency", "expires_at". */
const void      *dir_secret_session_schema  (void);

/* libsecret's search, tidied: the first item matching attributes (a
 * NULL-terminated list of name, value pairs), its secret as text and its
 * attributes. */
DirSecretStatus  dir_secret_lookup          (const void          *schema,
                                             const char * const  *attributes,
                                             char               **out_secret,
                                             GHashTable         **out_attributes,
                                             GCancellable        *cancellable,
                                             GError             **error);
DirSecretStatus  dir_secret_store           (const void          *schema,
                                             const char * const  *attributes,
                                             const char          *label,
                                             const char          *secret,
                                             GCancellable        *cancellable,
                                             GError             **error);
DirSecretStatus  dir_secret_clear           (const void          *schema,
                                             const char * const  *attributes,
                                             GCancellable        *cancellable,
                                             GError             **error);

/* The outbox key: see dir_outbox_key_load() in dir-outbox.h.  Errors are
 * DIR_OUTBOX_ERROR_KEYRING. */
GBytes          *dir_secret_load_outbox_key (const char          *db_path,
                                             gboolean             allow_key_file,
                                             gboolean            *out_used_key_file,
                                             GError             **error);
/* "<db_path>.key" */
char            *dir_secret_key_file_path   (const char          *db_path);

/* Sealed values are nonce ‖ crypto_secretbox_easy (context ‖ NUL ‖ data):
 * the context ("referral/<id>/body") ties a value to its place, so a value
 * copied into another row or column does not open either. */
GBytes          *dir_secret_seal            (const guint8        *key,
                                             const char          *context,
                                             const void          *data,
                                             gsize                size);
/* NULL when the value does not open with key for context. */
GBytes          *dir_secret_open            (const guint8        *key,
                                             const char          *context,
                                             const void          *sealed,
                                             gsize                size);

/* Overwrites and frees a string that held something secret. */
void             dir_secret_free_string     (char                *text);

G_END_DECLS
