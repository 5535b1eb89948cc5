/* desk-referral-form.h
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

#include "dir-core.h"
#include "dir-account.h"
#include "dir-outbox.h"
#include "dir-referral.h"

G_BEGIN_DECLS

#define DESK_TYPE_REFERRAL_FORM (desk_referral_form_get_type ())

G_DECLARE_FINAL_TYPE (DeskReferralForm, desk_referral_form, DESK, REFERRAL_FORM, AdwWindow)

/* The referral form.  The role is read from the account when the form is
 * made: for a volunteer (or anyone not signed in) there is no risk page at
 * all and no body carries risk.  What is typed is saved as an encrypted
 * draft in the outbox a few seconds after each change and when the form
 * closes; Send queues one referral per service and closes the form.
 *
 * Signals:
 *   "postcode-located" (DirPlace *place): the release postcode (or the
 *       home postcode, when there is no release postcode) was left and
 *       found by the offline geocoder: the window can sort services near it.
 *   "queued" (guint n_referrals): Send queued them in the outbox; the
 *       window can start a sync. */

DeskReferralForm *desk_referral_form_new          (DirOutbox          *outbox,
                                                   DirAccount         *account,
                                                   DirStore           *store);
/* The services to refer to (one referral each, same person); NULL or empty
 * for a blank form.  Their pathways become the first needs.  Call before
 * anything is typed. */
void              desk_referral_form_set_services (DeskReferralForm   *self,
                                                   const char * const *service_ids);
/* Reopens a draft (or a referral the hub refused, to fix it): every field
 * comes back as it was typed; the hub's reason is shown at its field. */
gboolean          desk_referral_form_load         (DeskReferralForm   *self,
                                                   const char         *referral_id,
                                                   GError            **error);

/* Saves the draft now if anything changed since the last save. */
gboolean          desk_referral_form_save         (DeskReferralForm   *self,
                                                   GError            **error);
/* The referral as it is on screen (shared by every service). */
const DirReferral *desk_referral_form_get_referral (DeskReferralForm  *self);
/* The ids of the referrals this form saves (one per service). */
GStrv             desk_referral_form_dup_ids      (DeskReferralForm   *self);
/* The body Send would queue for the first service, or NULL (error set)
 * while a field stops it. */
char             *desk_referral_form_dup_body     (DeskReferralForm   *self,
                                                   GError            **error);
/* How long after a change the draft is saved (3000 ms by default). */
void              desk_referral_form_set_autosave_delay (DeskReferralForm *self,
                                                         guint             milliseconds);

G_END_DECLS
