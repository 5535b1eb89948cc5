/* hub-audit.h
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

#include "hub-auth.h"
#include "hub-db.h"

G_BEGIN_DECLS

/* The audit log: who did what to which referral, when and from where.
 * Never the referral's content.  Actions are dotted names:
 * "referral.create", "referral.read", "referral.list", "referral.status",
 * "referral.purge", "session.create", "session.delete", "session.refused".
 *
 * Written on the given connection, so it joins that connection's open
 * transaction: an audited write and its audit row commit together. */
gboolean  hub_audit_insert (sqlite3          *db,
                            const HubCaller  *caller,
                            const char       *action,
                            const char       *subject_id,
                            const char       *peer,
                            GError          **error);

G_END_DECLS
