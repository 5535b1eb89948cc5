/* sync-pull.c
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

/* A headless directory pull for scripts (tests/sync-trials.sh,
 * tests/bench/bench-sync.sh):
 *
 *   sync-pull --db DESK.db --hub URL [--limit N] [--timeout S]
 *       runs dir_sync_pull() once and prints its result, one "key value"
 *       per line; exit status 0 on success, 1 on a sync error.
 *   sync-pull --db DESK.db --compare HUB.db
 *       prints "integrity <result>" (PRAGMA integrity_check of DESK.db) and
 *       "equal yes|no" (the same service ids with the same JSON texts as
 *       HUB.db); exit status 0 only when both are fine.
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <sqlite3.h>

#include "dir-core.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static sqlite3 *
open_readonly (const char *path)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_printerr ("sync-pull: cannot open %s: %s\n", path, db ? sqlite3_errmsg (db) : "?");
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static gboolean
integrity_ok (sqlite3 *db)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *text;

  if (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    {
      printf ("integrity error %s\n", sqlite3_errmsg (db));
      return FALSE;
    }

  text = (const char *) sqlite3_column_text (stmt, 0);
  printf ("integrity %s\n", text);
  return g_strcmp0 (text, "ok") == 0;
}

static gboolean
directories_equal (sqlite3 *desk,
                   sqlite3 *hub)
{
  g_autoptr(sqlite3_stmt) a = NULL;
  g_autoptr(sqlite3_stmt) b = NULL;
  const char *sql = "SELECT id, data FROM service ORDER BY id";
  guint n = 0;

  if (sqlite3_prepare_v2 (desk, sql, -1, &a, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (hub, sql, -1, &b, NULL) != SQLITE_OK)
    {
      printf ("equal no (cannot read the service tables)\n");
      return FALSE;
    }

  for (;;)
    {
      int ra = sqlite3_step (a);
      int rb = sqlite3_step (b);

      if (ra == SQLITE_DONE && rb == SQLITE_DONE)
        break;

      if (ra != SQLITE_ROW || rb != SQLITE_ROW)
        {
          printf ("equal no (the desk has %s services after %u)\n",
                  ra == SQLITE_ROW ? "more" : "fewer", n);
          return FALSE;
        }

      if (g_strcmp0 ((const char *) sqlite3_column_text (a, 0),
                     (const char *) sqlite3_column_text (b, 0)) != 0 ||
          g_strcmp0 ((const char *) sqlite3_column_text (a, 1),
                     (const char *) sqlite3_column_text (b, 1)) != 0)
        {
          printf ("equal no (service %s differs)\n", (const char *) sqlite3_column_text (a, 0));
          return FALSE;
        }
      n++;
    }

  printf ("equal yes (%u services)\n", n);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— pull the directory from a hub");
  g_autoptr(GError) error = NULL;
  g_autoptr(DirStore) store = NULL;
  g_autoptr(DirSync) sync = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *hub_url = NULL;
  g_autofree char *compare = NULL;
  int limit = DIR_SYNC_DEFAULT_PAGE_SIZE;
  int timeout = DIR_SYNC_DEFAULT_TIMEOUT;
  DirSyncResult result = { 0 };
  gboolean ok;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "The desk's directory database", "PATH" },
    { "hub", 0, 0, G_OPTION_ARG_STRING, &hub_url, "The hub, e.g. http://127.0.0.1:8080", "URL" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, "Changes per page", "N" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, "Request timeout", "SECONDS" },
    { "compare", 0, 0, G_OPTION_ARG_FILENAME, &compare,
      "Check the desk database and compare it with this hub database", "HUB_DB" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      db_path == NULL || (hub_url == NULL) == (compare == NULL) ||
      limit < 1 || limit > 2000 || timeout < 0)
    {
      g_printerr ("usage: sync-pull --db PATH (--hub URL [--limit N] [--timeout S] "
                  "| --compare HUB_DB)\n");
      return 2;
    }

  if (compare != NULL)
    {
      sqlite3 *desk = open_readonly (db_path);
      sqlite3 *hub = open_readonly (compare);
      gboolean good = desk != NULL && hub != NULL;

      good = good && integrity_ok (desk);
      good = directories_equal (desk, hub) && good;
      sqlite3_close (desk);
      sqlite3_close (hub);
      return good ? 0 : 1;
    }

  store = dir_store_new (db_path, &error);
  if (store == NULL)
    {
      g_printerr ("sync-pull: %s\n", error->message);
      return 1;
    }

  sync = dir_sync_new (store, hub_url, &error);
  if (sync == NULL)
    {
      g_printerr ("sync-pull: %s\n", error->message);
      return 2;
    }
  dir_sync_set_page_size (sync, limit);
  dir_sync_set_timeout (sync, timeout);

  ok = dir_sync_pull (sync, NULL, &result, &error);

  printf ("requests %u\n", result.requests);
  printf ("pages %u\n", result.pages);
  printf ("upserts %u\n", result.upserts);
  printf ("deletes %u\n", result.deletes);
  printf ("swept %u\n", result.swept);
  printf ("wire_bytes %" G_GUINT64_FORMAT "\n", result.wire_bytes);
  printf ("full_resync %d\n", result.full_resync ? 1 : 0);
  printf ("not_modified %d\n", result.not_modified ? 1 : 0);
  printf ("cursor %" G_GINT64_FORMAT "\n", result.cursor);

  if (!ok)
    {
      g_printerr ("sync-pull: %s\n", error->message);
      return 1;
    }

  return 0;
}
