/* desk-sign-in-dialog.h
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

G_BEGIN_DECLS

#define DESK_TYPE_SIGN_IN_DIALOG (desk_sign_in_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DeskSignInDialog, desk_sign_in_dialog, DESK, SIGN_IN_DIALOG, AdwWindow)

/* Signs the account in (dir_account_sign_in_async) and closes on success.
 * Wrong password, too many attempts (with the time to wait) and an
 * unreachable hub are said in words under the fields; what was typed
 * stays, but the password never leaves the dialog except to the hub. */

DeskSignInDialog *desk_sign_in_dialog_new        (DirAccount       *account);
/* A line above the fields, such as why the sign-in is asked for again. */
void              desk_sign_in_dialog_set_reason (DeskSignInDialog *self,
                                                  const char       *reason);
/* The words shown for a sign-in error (translated). */
char             *desk_sign_in_error_message     (const GError     *error,
                                                  guint            *out_retry_seconds);

G_END_DECLS
