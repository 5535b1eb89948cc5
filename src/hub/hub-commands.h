/* hub-commands.h
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

#include <glib.h>

G_BEGIN_DECLS

/* Admin subcommands of direction-hub, each in the module it manages.  Each
 * returns the process exit status (0 ok, 1 failed, 2 wrong usage). */
int  hub_accounts_cli_add_agency      (int argc, char **argv);
int  hub_accounts_cli_add_user        (int argc, char **argv);
int  hub_accounts_cli_list_users      (int argc, char **argv);
int  hub_referrals_cli_list           (int argc, char **argv);
int  hub_referrals_cli_purge          (int argc, char **argv);
int  hub_changes_cli_purge            (int argc, char **argv);

G_END_DECLS
