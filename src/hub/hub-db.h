/* hub-db.h
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

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define HUB_DB_ERROR (hub_db_error_quark ())

typedef enum
{
  HUB_DB_ERROR_OPEN,
  HUB_DB_ERROR_VERSION,   /* a module's schema is newer than this program */
  HUB_DB_ERROR_IO,        /* sqlite failed: full disk, I/O error, busy */
} HubDbError;

/* The hub's own tables (accounts, referrals, audit, the changes feed) live in
 * the same sqlite file as the directory (DirStore), on connections of their
 * own.  Each part of the hub declares its schema as numbered steps; a step is
 * never edited once shipped, only added to. */
typedef struct
{
  const char         *module;   /* "accounts", "referrals", "changes" */
  const char * const *steps;    /* SQL, one string per version */
  guint               n_steps;
} HubSchema;

/* Defined by the modules. */
extern const HubSchema hub_accounts_schema;
extern const HubSchema hub_referrals_schema;
extern const HubSchema hub_changes_schema;

#define HUB_TYPE_DB (hub_db_get_type ())

G_DECLARE_FINAL_TYPE (HubDb, hub_db, HUB, DB, GObject)

GQuark      hub_db_error_quark        (void);
/* Opens the file (already created by DirStore) and brings every module's
 * schema up to date.  Connections are in WAL mode with synchronous = FULL:
 * a COMMIT that returned is on disk. */
HubDb      *hub_db_open               (const char  *path,
                                       GError     **error);
const char *hub_db_get_path           (HubDb       *self);
/* The connection for the main thread. */
sqlite3    *hub_db_get_handle         (HubDb       *self);
/* Another connection to the same file with the same settings, for a worker
 * thread; close it with sqlite3_close(). */
sqlite3    *hub_db_open_connection    (HubDb       *self,
                                       GError     **error);
int         hub_db_get_module_version (HubDb       *self,
                                       const char  *module);
/* Helpers for sqlite calls on any connection: set a GError from rc. */
gboolean    hub_db_set_error          (sqlite3     *db,
                                       int          rc,
                                       GError     **error);
gboolean    hub_db_exec               (sqlite3     *db,
                                       const char  *sql,
                                       GError     **error);
gboolean    hub_db_prepare            (sqlite3       *db,
                                       const char    *sql,
                                       sqlite3_stmt **stmt,
                                       GError       **error);
/* Steps a statement that returns no rows. */
gboolean    hub_db_step_done          (sqlite3       *db,
                                       sqlite3_stmt  *stmt,
                                       GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
