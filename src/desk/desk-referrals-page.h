/* desk-referrals-page.h
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

#include <adwaita.h>

#include "dir-account.h"
#include "dir-outbox.h"

G_BEGIN_DECLS

#define DESK_TYPE_REFERRALS_PAGE (desk_referrals_page_get_type ())

G_DECLARE_FINAL_TYPE (DeskReferralsPage, desk_referrals_page, DESK, REFERRALS_PAGE, GtkWidget)

/* The Referrals page: drafts, the outbox (waiting, sending, not accepted
 * with the hub's reason) and sent referrals with their reference and
 * status history, live from the outbox's list; search and a state filter.
 *
 * Signals:
 *   "open-referral" (const char *referral_id): a draft's Open or a refused
 *       referral's Fix: the window opens the form on it
 *       (desk_referral_form_load).
 *   "sync-requested" → gboolean: the refresh button; return TRUE to run the
 *       push elsewhere (DeskSyncRunner) and report its end with
 *       desk_referrals_page_show_sync_result(); with no handler (or FALSE)
 *       the page runs dir_outbox_sync_async() itself. */

DeskReferralsPage *desk_referrals_page_new            (DirOutbox         *outbox,
                                                       DirAccount        *account);
/* Sends what is queued and pulls statuses now (the page's refresh button). */
void               desk_referrals_page_sync           (DeskReferralsPage *self);
gboolean           desk_referrals_page_get_busy       (DeskReferralsPage *self);
/* For a sync run elsewhere (the background runner): shows its outcome in
 * the page's status line and ends "busy".  error may be NULL. */
void               desk_referrals_page_show_sync_result (DeskReferralsPage         *self,
                                                         const DirOutboxSyncResult *result,
                                                         const GError              *error);
void               desk_referrals_page_set_search     (DeskReferralsPage *self,
                                                       const char        *text);


G_END_DECLS
