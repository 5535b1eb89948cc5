/* dir-sqlite-private.h
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
#include <sqlite3.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* What DirStore and DirOutbox share of sqlite: each words a failure in its
 * own error domain (fail sets error from a result code and the connection's
 * message, and returns FALSE); the rest is the same. */
typedef gboolean (*DirSqliteFail) (sqlite3  *db,
                                   int       rc,
                                   GError  **error);

gboolean       dir_sqlite_exec              (sqlite3             *db,
                                             DirSqliteFail        fail,
                                             const char          *sql,
                                             GError             **error);
sqlite3_stmt  *dir_sqlite_prepare           (sqlite3             *db,
                                             DirSqliteFail        fail,
                                             const char          *sql,
                                             GError             **error);
/* Ends a transaction that is open; nothing when none is. */
void           dir_sqlite_rollback          (sqlite3             *db);
/* PRAGMA user_version, or -1 with error set. */
int            dir_sqlite_read_user_version (sqlite3             *db,
                                             DirSqliteFail        fail,
                                             GError             **error);
/* Runs migrations[version] … migrations[n_migrations - 1], each with its
 * user_version bump in one BEGIN IMMEDIATE transaction (a version someone
 * else reached while we waited for the lock is skipped).  Returns the
 * version the database had: greater than n_migrations means a newer
 * program made it and nothing was done (the caller says so); -1 with error
 * set when a step failed (rolled back). */
int            dir_sqlite_migrate           (sqlite3             *db,
                                             DirSqliteFail        fail,
                                             const char * const  *migrations,
                                             int                  n_migrations,
                                             GError             **error);
/* PRAGMA journal_mode = WAL, trying again for up to five seconds while
 * another program holds the file (sqlite does not wait for that lock). */
gboolean       dir_sqlite_set_wal           (sqlite3             *db,
                                             DirSqliteFail        fail,
                                             GError             **error);

G_END_DECLS
