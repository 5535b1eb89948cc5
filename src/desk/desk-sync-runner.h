/* desk-sync-runner.h
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

#include "dir-core.h"

G_BEGIN_DECLS

#define DESK_TYPE_SYNC_RUNNER (desk_sync_runner_get_type ())

G_DECLARE_FINAL_TYPE (DeskSyncRunner, desk_sync_runner, DESK, SYNC_RUNNER, GObject)

DeskSyncRunner *desk_sync_runner_new              (DirStore        *store,
                                                   const char      *hub_url,
                                                   GSettings       *settings,
                                                   GError         **error);
DirStore       *desk_sync_runner_get_store        (DeskSyncRunner  *self);
const char     *desk_sync_runner_get_hub_url      (DeskSyncRunner  *self);
gboolean        desk_sync_runner_get_running      (DeskSyncRunner  *self);
const GError   *desk_sync_runner_get_error        (DeskSyncRunner  *self);
GDateTime      *desk_sync_runner_dup_last_success (DeskSyncRunner  *self);
void            desk_sync_runner_start            (DeskSyncRunner  *self);
void            desk_sync_runner_sync             (DeskSyncRunner  *self,
                                                   gboolean         manual);
void            desk_sync_runner_stop             (DeskSyncRunner  *self);

char           *desk_sync_result_to_string        (const DirSyncResult *result);

/* The referral outbox: once set, every sync pushes it (and pulls the
 * referrals' statuses) after the directory pull, when signed in. */
void            desk_sync_runner_set_outbox       (DeskSyncRunner  *self,
                                                   DirOutbox       *outbox,
                                                   DirAccount      *account);
DirOutbox      *desk_sync_runner_get_outbox       (DeskSyncRunner  *self);
DirAccount     *desk_sync_runner_get_account      (DeskSyncRunner  *self);
/* Pushes the outbox now, every queued referral due (no directory pull). */
void            desk_sync_runner_send_now         (DeskSyncRunner  *self);
guint           desk_sync_runner_get_pending_count (DeskSyncRunner *self);
guint           desk_sync_runner_get_failed_count (DeskSyncRunner  *self);
const GError   *desk_sync_runner_get_outbox_error (DeskSyncRunner  *self);

char           *desk_outbox_result_to_string      (const DirOutboxSyncResult *result,
                                                   guint            waiting);

/* How long sent referrals and untouched drafts stay on this computer (the
 * GSettings key "referrals-keep-days"), for dir_outbox_purge(). */
GTimeSpan       desk_referrals_get_max_age        (GSettings       *settings);

G_END_DECLS
