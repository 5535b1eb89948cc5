/* dir-sqlite.c
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

#include "config.h"

#include "dir-sqlite-private.h"

gboolean
dir_sqlite_exec (sqlite3        *db,
                 DirSqliteFail   fail,
                 const char     *sql,
                 GError        **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  return rc == SQLITE_OK ? TRUE : fail (db, rc, error);
}

sqlite3_stmt *
dir_sqlite_prepare (sqlite3        *db,
                    DirSqliteFail   fail,
                    const char     *sql,
                    GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      fail (db, rc, error);
      return NULL;
    }

  return stmt;
}

void
dir_sqlite_rollback (sqlite3 *db)
{
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

int
dir_sqlite_read_user_version (sqlite3        *db,
                              DirSqliteFail   fail,
                              GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = dir_sqlite_prepare (db, fail, "PRAGMA user_version", error);
  int rc;

  if (stmt == NULL)
    return -1;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      fail (db, rc, error);
      return -1;
    }

  return sqlite3_column_int (stmt, 0);
}

int
dir_sqlite_migrate (sqlite3             *db,
                    DirSqliteFail        fail,
                    const char * const  *migrations,
                    int                  n_migrations,
                    GError             **error)
{
  int version = dir_sqlite_read_user_version (db, fail, error);

  if (version < 0 || version > n_migrations)
    return version;

  for (int i = version; i < n_migrations; i++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", i + 1);
      int current;

      if (!dir_sqlite_exec (db, fail, "BEGIN IMMEDIATE", error))
        return -1;

      /* Another program may have migrated while we waited for the lock. */
      current = dir_sqlite_read_user_version (db, fail, error);
      if (current < 0)
        {
          dir_sqlite_rollback (db);
          return -1;
        }
      if (current > i)
        {
          dir_sqlite_rollback (db);
          i = current - 1;
          continue;
        }

      g_debug ("Migrating %s from schema %d to %d", sqlite3_db_filename (db, "main"), i, i + 1);

      if (!dir_sqlite_exec (db, fail, migrations[i], error) ||
          !dir_sqlite_exec (db, fail, bump, error) ||
          !dir_sqlite_exec (db, fail, "COMMIT", error))
        {
          dir_sqlite_rollback (db);
          return -1;
        }
    }

  return version;
}

gboolean
dir_sqlite_set_wal (sqlite3        *db,
                    DirSqliteFail   fail,
                    GError        **error)
{
  int rc = SQLITE_BUSY;

  for (guint attempt = 0; attempt < 100; attempt++)
    {
      rc = sqlite3_exec (db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
      if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
        break;
      g_usleep (50 * 1000);
    }

  return rc == SQLITE_OK ? TRUE : fail (db, rc, error);
}
