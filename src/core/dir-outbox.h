/* dir-outbox.h
 *
 * Copyright 2026 The Direction Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dir-account.h"

G_BEGIN_DECLS

/* The desk's referrals: drafts, the outbox and what came back from the hub.
 *
 * One sqlite file (by default $XDG_DATA_HOME/direction-desk/referrals.db,
 * kept apart from the directory), WAL, synchronous=FULL, secure_delete=ON.
 * Anything about the person (the referral body, the label) is sealed with
 * libsodium's crypto_secretbox under a 32-byte key held in the user's
 * keyring (see dir_outbox_key_load); only ids, states, times, the service,
 * the hub's reference and statuses are in clear.
 *
 * A referral's life:  DRAFT --queue--> QUEUED --push--> SENDING --201--> SENT
 *                                         ^                 |
 *                                         +-- network/5xx --+ (backoff)
 *                                                           +-- 4xx --> FAILED
 *   FAILED --queue (after the user fixed it)--> QUEUED
 *   401: stays QUEUED, the account is marked expired, push stops.
 * It is sent as POST /api/v1/referrals with Idempotency-Key = its id, so a
 * retry after any crash is answered with the first 201, never a second
 * referral.  Once SENT, the body is dropped (data minimisation): only the
 * label, service, reference and status history remain. */

typedef enum
{
  DIR_OUTBOX_DRAFT,
  DIR_OUTBOX_QUEUED,
  DIR_OUTBOX_SENDING,
  DIR_OUTBOX_FAILED,
  DIR_OUTBOX_SENT,
} DirOutboxState;

#define DIR_TYPE_OUTBOX_ITEM (dir_outbox_item_get_type ())

G_DECLARE_FINAL_TYPE (DirOutboxItem, dir_outbox_item, DIR, OUTBOX_ITEM, GObject)

/* A snapshot of one referral for lists (no body).  Strings may be NULL. */
const char     *dir_outbox_item_get_id            (DirOutboxItem *self);  /* UUID */
const char     *dir_outbox_item_get_kind          (DirOutboxItem *self);  /* referral|signpost|callback */
DirOutboxState  dir_outbox_item_get_state         (DirOutboxItem *self);
const char     *dir_outbox_item_get_label         (DirOutboxItem *self);  /* decrypted: set by the form */
const char     *dir_outbox_item_get_service_id    (DirOutboxItem *self);
const char     *dir_outbox_item_get_service_name  (DirOutboxItem *self);
GDateTime      *dir_outbox_item_get_created_at    (DirOutboxItem *self);
GDateTime      *dir_outbox_item_get_updated_at    (DirOutboxItem *self);
guint           dir_outbox_item_get_attempts      (DirOutboxItem *self);
GDateTime      *dir_outbox_item_get_next_attempt  (DirOutboxItem *self);  /* QUEUED after a failure */
/* FAILED: the hub's error ("invalid", "person.date_of_birth", its message);
 * QUEUED after a network error: the last error's message. */
const char     *dir_outbox_item_get_error_code    (DirOutboxItem *self);
const char     *dir_outbox_item_get_error_field   (DirOutboxItem *self);
const char     *dir_outbox_item_get_error_message (DirOutboxItem *self);
/* SENT: from the hub. */
const char     *dir_outbox_item_get_reference     (DirOutboxItem *self);  /* "DIR-2026-000123" */
const char     *dir_outbox_item_get_status        (DirOutboxItem *self);  /* hub status string */
/* [{"status", "reason_code", "note", "at"}] as a JsonArray-shaped string */
const char     *dir_outbox_item_get_history_json  (DirOutboxItem *self);

#define DIR_TYPE_OUTBOX (dir_outbox_get_type ())

G_DECLARE_FINAL_TYPE (DirOutbox, dir_outbox, DIR, OUTBOX, GObject)

/* The key: 32 bytes from the keyring (created there on first use).  With no
 * Secret Service, and only when allow_key_file is TRUE, a 0600 key file
 * beside the database is used instead (documented as weaker) and
 * *out_used_key_file is set.  DIR_OUTBOX_ERROR_KEYRING otherwise. */
GBytes         *dir_outbox_key_load       (const char    *db_path,
                                           gboolean       allow_key_file,
                                           gboolean      *out_used_key_file,
                                           GError       **error);

DirOutbox      *dir_outbox_open           (const char    *db_path,   /* NULL: the default */
                                           GBytes        *key,
                                           GError       **error);

/* A live list of every referral (DirOutboxItem), newest first; updated on
 * the main context whenever anything changes (also after push/pull).
 * (transfer none; for the main context the outbox was opened in.) */
GListModel     *dir_outbox_get_items      (DirOutbox     *self);
guint           dir_outbox_count          (DirOutbox     *self,
                                           DirOutboxState state);

/* Creates or replaces a DRAFT (or a FAILED one being fixed, which becomes
 * DRAFT again).  body_json is the POST body as the hub API describes it.
 * Refused (DIR_OUTBOX_ERROR_STATE) once QUEUED, SENDING or SENT. */
gboolean        dir_outbox_save_draft     (DirOutbox     *self,
                                           const char    *id,
                                           const char    *kind,
                                           const char    *service_id,
                                           const char    *service_name,
                                           const char    *label,
                                           const char    *body_json,
                                           GError       **error);
/* The decrypted body of a DRAFT, QUEUED or FAILED referral. */
char           *dir_outbox_load_body      (DirOutbox     *self,
                                           const char    *id,
                                           GError       **error);
/* DRAFT or FAILED → QUEUED (attempts reset). */
gboolean        dir_outbox_queue          (DirOutbox     *self,
                                           const char    *id,
                                           GError       **error);
/* Deletes a DRAFT, FAILED or SENT referral (never one QUEUED/SENDING). */
gboolean        dir_outbox_delete         (DirOutbox     *self,
                                           const char    *id,
                                           GError       **error);
/* Deletes SENT referrals whose last status change is older than max_age,
 * and drafts untouched for as long.  Returns how many. */
guint           dir_outbox_purge          (DirOutbox     *self,
                                           GTimeSpan      max_age,
                                           GError       **error);

typedef struct
{
  guint sent;        /* 201 (or an idempotent replay) */
  guint failed;      /* 4xx: now FAILED */
  guint deferred;    /* network error or 5xx: back off */
  guint statuses;    /* status changes pulled */
} DirOutboxSyncResult;

/* Sends every QUEUED referral whose next attempt is due, then pulls
 * /api/v1/referrals/changes into the local statuses.  Blocking (worker
 * thread).  Errors only for what stops the whole run:
 * DIR_ACCOUNT_ERROR_NOT_SIGNED_IN (also after a 401), DIR_HUB_ERROR_*. */
gboolean        dir_outbox_sync           (DirOutbox     *self,
                                           DirAccount    *account,
                                           GCancellable  *cancellable,
                                           DirOutboxSyncResult *out_result,
                                           GError       **error);
void            dir_outbox_sync_async     (DirOutbox     *self,
                                           DirAccount    *account,
                                           GCancellable  *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer       user_data);
gboolean        dir_outbox_sync_finish    (DirOutbox     *self,
                                           GAsyncResult  *result,
                                           DirOutboxSyncResult *out_result,
                                           GError       **error);

/* Added with the implementation. */

/* $XDG_DATA_HOME/direction-desk/referrals.db, what a NULL db_path means. */
char           *dir_outbox_dup_default_path (void);
const char     *dir_outbox_get_path       (DirOutbox     *self);
/* Back-off after a network error or a 5xx: base_ms × 2^(attempts − 1),
 * at most max_ms, half of it random; at least the hub's Retry-After.
 * Default 30 s and 1 hour.  0 sends again at the next sync. */
void            dir_outbox_set_backoff    (DirOutbox     *self,
                                           guint          base_ms,
                                           guint          max_ms);
/* Seconds without progress before a request to the hub fails (default
 * 30; 0 = none). */
void            dir_outbox_set_timeout    (DirOutbox     *self,
                                           guint          seconds);
/* Every QUEUED referral waiting out a back-off is due now (the user asked
 * to sync, or the network came back).  Returns how many. */
guint           dir_outbox_make_due       (DirOutbox     *self,
                                           GError       **error);
/* When the next QUEUED referral is due (now if one already is), or NULL
 * when nothing waits: for scheduling the next push. */
GDateTime      *dir_outbox_dup_next_attempt (DirOutbox   *self);

#define DIR_OUTBOX_ERROR (dir_outbox_error_quark ())

typedef enum
{
  DIR_OUTBOX_ERROR_KEYRING,     /* no key: see dir_outbox_key_load */
  DIR_OUTBOX_ERROR_CORRUPT,     /* a sealed value does not open with the key */
  DIR_OUTBOX_ERROR_NOT_FOUND,
  DIR_OUTBOX_ERROR_STATE,       /* not allowed in the referral's state */
  DIR_OUTBOX_ERROR_DATABASE,
} DirOutboxError;

GQuark          dir_outbox_error_quark    (void);

G_END_DECLS
