/* hub-cli.h
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

#include "hub-db.h"

G_BEGIN_DECLS

/* Runs `direction-hub SUBCOMMAND …` and returns the process exit status. */
int      hub_cli_run            (int               argc,
                                 char            **argv);

/* For the subcommands in every module: one way to fail, to refuse usage and
 * to open the database, so they all speak alike. */
#define HUB_CLI_EXIT_USAGE 2

/* Prints "direction-hub: MESSAGE" and returns EXIT_FAILURE. */
int      hub_cli_fail           (const char       *format,
                                 ...) G_GNUC_PRINTF (1, 2);
/* Prints the message and a pointer to --help; returns HUB_CLI_EXIT_USAGE. */
int      hub_cli_usage_error    (const char       *message);
/* Parses a subcommand's options; on error prints it and sets *status. */
gboolean hub_cli_parse_options  (GOptionContext   *context,
                                 int              *argc,
                                 char           ***argv,
                                 int              *status);
/* Opens an existing hub database; never creates one, so a typo in --db
 * cannot make an empty file ("direction-hub init" does that). */
HubDb   *hub_cli_open_db        (const char       *path,
                                 GError          **error);

G_END_DECLS
