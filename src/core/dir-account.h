/* dir-account.h
 *
 * Copyright 2026 The Direction Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The staff member's session with the hub (POST/GET/DELETE /api/v1/session).
 *
 * The bearer token is kept in the user's keyring (libsecret, schema
 * "io.github.directionhub.Desk.Session", attribute "hub" = base URL), never
 * in a file, a log or GSettings.  The identity (user name, role, agency,
 * expiry) is kept beside it as non-secret attributes so it is known offline.
 * All blocking calls are for worker threads; the _async ones run in a
 * GTask thread and complete on the caller's main context. */

typedef enum
{
  DIR_ROLE_NONE = 0,      /* not signed in */
  DIR_ROLE_REFERRER,
  DIR_ROLE_VOLUNTEER,     /* may not see or send risk fields */
  DIR_ROLE_ADVISOR,
  DIR_ROLE_PROVIDER,
  DIR_ROLE_ADMIN,
} DirRole;

const char *dir_role_to_string   (DirRole     role);   /* "referrer", … ; NULL for NONE */
DirRole     dir_role_from_string (const char *text);   /* DIR_ROLE_NONE if unknown */

#define DIR_TYPE_ACCOUNT (dir_account_get_type ())

G_DECLARE_FINAL_TYPE (DirAccount, dir_account, DIR, ACCOUNT, GObject)

/* Properties (all read-only, notify on change, emitted on the main context
 * the account was created in): "base-url", "signed-in" (a token is held and
 * not known to be expired), "username", "role" (DirRole as int), "agency",
 * "expires-at" (GDateTime or NULL). */

DirAccount  *dir_account_new               (const char   *base_url);
const char  *dir_account_get_base_url      (DirAccount   *self);
gboolean     dir_account_get_signed_in     (DirAccount   *self);
const char  *dir_account_get_username      (DirAccount   *self);
DirRole      dir_account_get_role          (DirAccount   *self);
const char  *dir_account_get_agency        (DirAccount   *self);
GDateTime   *dir_account_get_expires_at    (DirAccount   *self);
/* Added with the implementation: property "remembered", TRUE when the
 * token is kept in the keyring; FALSE when signed in with no Secret
 * Service (the token then lives in memory until the program ends, and is
 * never written anywhere else: sign in again next time). */
gboolean     dir_account_get_remembered    (DirAccount   *self);

/* A copy of the bearer token, or NULL when signed out.  Thread-safe. */
char        *dir_account_dup_token         (DirAccount   *self);

/* Reads a token kept in the keyring for this hub (no network).  Returns
 * TRUE when the keyring could be read, whether or not it held a session
 * ("signed-in" tells; an expired one is removed, its username and agency
 * kept); FALSE with DIR_ACCOUNT_ERROR_KEYRING when there is no Secret
 * Service or it refused. */
gboolean     dir_account_restore           (DirAccount   *self,
                                            GCancellable *cancellable,
                                            GError      **error);
void         dir_account_restore_async     (DirAccount   *self,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer      user_data);
gboolean     dir_account_restore_finish    (DirAccount   *self,
                                            GAsyncResult *result,
                                            GError      **error);

/* POST /api/v1/session; on success stores the token in the keyring.
 * Errors: DIR_HUB_ERROR_HTTP with the hub's message (wrong password: 401,
 * rate-limited: 429), DIR_HUB_ERROR_NETWORK, DIR_ACCOUNT_ERROR_KEYRING.
 * (As implemented: when the keyring cannot keep the token the sign-in
 * still succeeds with the token in memory only, "remembered" FALSE; so
 * DIR_ACCOUNT_ERROR_KEYRING does not come from here.  Also
 * DIR_HUB_ERROR_MALFORMED for an answer that is not a session.) */
void         dir_account_sign_in_async     (DirAccount   *self,
                                            const char   *username,
                                            const char   *password,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer      user_data);
gboolean     dir_account_sign_in_finish    (DirAccount   *self,
                                            GAsyncResult *result,
                                            GError      **error);

/* DELETE /api/v1/session when the hub can be reached, and always forgets
 * the token locally.  Never fails for lack of network. */
void         dir_account_sign_out_async    (DirAccount   *self,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer      user_data);
gboolean     dir_account_sign_out_finish   (DirAccount   *self,
                                            GAsyncResult *result,
                                            GError      **error);

/* Called by whoever got a 401 with this token: forgets it (keyring
 * included), sets signed-in to FALSE and emits "sign-in-required" on the
 * account's main context.  Thread-safe.  Keeps username and agency so the
 * sign-in dialog can offer them.  (As implemented: does nothing when the
 * account already holds another token, i.e. a newer sign-in; token NULL
 * expires whatever is held.  The keyring is written in the calling
 * thread.) */
void         dir_account_mark_expired      (DirAccount   *self,
                                            const char   *token);

#define DIR_ACCOUNT_ERROR (dir_account_error_quark ())

typedef enum
{
  DIR_ACCOUNT_ERROR_NOT_SIGNED_IN,
  DIR_ACCOUNT_ERROR_KEYRING,          /* no Secret Service, or it refused */
} DirAccountError;

GQuark       dir_account_error_quark       (void);

G_END_DECLS
