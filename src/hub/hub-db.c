/* hub-db.c
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

#include "hub-db.h"

struct _HubDb
{
  GObject  parent_instance;

  char    *path;
  sqlite3 *db;
};

G_DEFINE_FINAL_TYPE (HubDb, hub_db, G_TYPE_OBJECT)
G_DEFINE_QUARK (hub-db-error-quark, hub_db_error)

static const HubSchema *schemas[] = {
  &hub_accounts_schema,
  &hub_referrals_schema,
  &hub_changes_schema,
};

gboolean
hub_db_set_error (sqlite3  *db,
                  int       rc,
                  GError  **error)
{
  int code = rc & 0xff;

  if (code == SQLITE_FULL)
    g_set_error_literal (error, HUB_DB_ERROR, HUB_DB_ERROR_IO, "The disk is full");
  else if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
    g_set_error (error, HUB_DB_ERROR, HUB_DB_ERROR_OPEN,
                 "The hub database is damaged or is not a database (%s)", sqlite3_errstr (rc));
  else
    g_set_error (error, HUB_DB_ERROR, HUB_DB_ERROR_IO, "Hub database error: %s",
                 db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));

  return FALSE;
}

gboolean
hub_db_exec (sqlite3     *db,
             const char  *sql,
             GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return hub_db_set_error (db, rc, error);

  return TRUE;
}

gboolean
hub_db_prepare (sqlite3       *db,
                const char    *sql,
                sqlite3_stmt **stmt,
                GError       **error)
{
  int rc = sqlite3_prepare_v2 (db, sql, -1, stmt, NULL);

  if (rc != SQLITE_OK)
    return hub_db_set_error (db, rc, error);

  return TRUE;
}

gboolean
hub_db_step_done (sqlite3       *db,
                  sqlite3_stmt  *stmt,
                  GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    return hub_db_set_error (db, rc, error);

  return TRUE;
}

static sqlite3 *
connect (const char  *path,
         GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, HUB_DB_ERROR, HUB_DB_ERROR_OPEN, "Cannot open %s: %s",
                   path, db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, 10000);

  if (!hub_db_exec (db,
                    "PRAGMA journal_mode = WAL;"
                    "PRAGMA synchronous = FULL;"
                    "PRAGMA foreign_keys = ON;",
                    error))
    {
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

static int
module_version (sqlite3    *db,
                const char *module)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT version FROM hub_schema WHERE module = ?", -1,
                          &stmt, NULL) != SQLITE_OK)
    return -1;

  sqlite3_bind_text (stmt, 1, module, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int (stmt, 0);

  return 0;
}

static gboolean
migrate (sqlite3          *db,
         const HubSchema  *schema,
         GError          **error)
{
  int version = module_version (db, schema->module);

  if (version < 0)
    return hub_db_set_error (db, sqlite3_errcode (db), error);

  if (version > (int) schema->n_steps)
    {
      g_set_error (error, HUB_DB_ERROR, HUB_DB_ERROR_VERSION,
                   "The hub database's %s tables were made by a newer version "
                   "(schema %d; this version knows up to %u)",
                   schema->module, version, schema->n_steps);
      return FALSE;
    }

  for (guint i = version; i < schema->n_steps; i++)
    {
      g_autofree char *bump =
        g_strdup_printf ("INSERT OR REPLACE INTO hub_schema (module, version) VALUES ('%s', %u)",
                         schema->module, i + 1);

      g_debug ("Migrating hub %s schema %u to %u", schema->module, i, i + 1);

      if (!hub_db_exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;

      if (!hub_db_exec (db, schema->steps[i], error) || !hub_db_exec (db, bump, error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }

      if (!hub_db_exec (db, "COMMIT", error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }

  return TRUE;
}

static void
hub_db_finalize (GObject *object)
{
  HubDb *self = (HubDb *)object;

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (hub_db_parent_class)->finalize (object);
}

static void
hub_db_class_init (HubDbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hub_db_finalize;
}

static void
hub_db_init (HubDb *self)
{
}

HubDb *
hub_db_open (const char  *path,
             GError     **error)
{
  g_autoptr(HubDb) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (HUB_TYPE_DB, NULL);
  self->path = g_strdup (path);
  self->db = connect (path, error);
  if (self->db == NULL)
    return NULL;

  if (!hub_db_exec (self->db,
                    "CREATE TABLE IF NOT EXISTS hub_schema ("
                    "  module TEXT PRIMARY KEY,"
                    "  version INTEGER NOT NULL"
                    ")",
                    error))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (schemas); i++)
    {
      if (!migrate (self->db, schemas[i], error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

const char *
hub_db_get_path (HubDb *self)
{
  g_return_val_if_fail (HUB_IS_DB (self), NULL);

  return self->path;
}

sqlite3 *
hub_db_get_handle (HubDb *self)
{
  g_return_val_if_fail (HUB_IS_DB (self), NULL);

  return self->db;
}

sqlite3 *
hub_db_open_connection (HubDb   *self,
                        GError **error)
{
  g_return_val_if_fail (HUB_IS_DB (self), NULL);

  return connect (self->path, error);
}

int
hub_db_get_module_version (HubDb      *self,
                           const char *module)
{
  g_return_val_if_fail (HUB_IS_DB (self), -1);

  return module_version (self->db, module);
}
