/* desk-account-group.h
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

#define DESK_TYPE_ACCOUNT_GROUP (desk_account_group_get_type ())

G_DECLARE_FINAL_TYPE (DeskAccountGroup, desk_account_group, DESK, ACCOUNT_GROUP, AdwPreferencesGroup)

/* Who is signed in to the hub (user, role, agency, until when), with Sign
 * In… and Sign Out, for the Preferences window.  When the account emits
 * "sign-in-required" (the hub said the session is over), it opens the
 * sign-in dialog over the window it is in. */

DeskAccountGroup *desk_account_group_new (DirAccount *account);

G_END_DECLS
